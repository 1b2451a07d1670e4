"""Bad input, in bulk: thousands of generated requests to every page a young person can reach.

Two properties hold for every request, whatever it carries:
  - the app answers with a page it meant to give (never 500, the catch-all error page), and
  - nothing stored breaks the definition: after each request the new rows are read back and
    checked against the Trafford questionnaire's own rules.
Most posts carry the real CSRF token and a fresh submission id from a real GET, so that they are
valid except for the part being fuzzed; otherwise nearly every post would only test CSRF.
"""
from __future__ import annotations

import re
import unicodedata
import uuid
from urllib.parse import quote, quote_from_bytes

from conftest import TRAFFORD, TRAFFORD_FORM, hidden_fields
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.definition import OTHER, Questionnaire
from survey.definition.types import OTHER_TEXT_LENGTH
from survey.store.catalogue import Catalogue

FORM = f"/c/{TRAFFORD}"
# derandomize: the same examples on every machine, so CI never fails on a lucky draw.
SETTINGS = dict(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")
# Only these: 500 (the catch-all page) and 503 (storage failed) are the failures looked for.
POST_STATUSES = {200, 302, 400, 413}
ANY_STATUSES = {200, 302, 308, 400, 404, 405, 413}
ALLOWED_IN_TEXT = {"\n", "\t"}


def trafford(app) -> Questionnaire:
    return Catalogue.load(app.config["QUESTIONNAIRES"]).get(TRAFFORD)


# -- what is stored must follow the definition ----------------------------------------------------
def _text_problem(text: str, limit: int) -> str | None:
    if not text or text != text.strip():
        return "empty or unstripped"
    if len(text) > limit:
        return f"longer than {limit}"
    if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_IN_TEXT for c in text):
        return "a control character"
    return None


def answer_problems(q: Questionnaire, answers: list[tuple[str, str, str]]) -> list[str]:
    """Every way one stored response breaks the definition's rules; empty if it follows them."""
    problems = []
    given_ = {}
    for question_id, item, value in answers:
        given_.setdefault((question_id, item), []).append(value)
    known = {question.id: question for question in q.questions}
    for (question_id, item), values in given_.items():
        where = f"{question_id}/{item}: {values!r:.80}"
        question = known.get(question_id)
        if question is None:
            problems.append(f"unknown question {where}")
            continue
        choices = {c.id for c in question.choices}
        if question.type in ("single_choice", "multiple_choice"):
            if item == "":
                if not set(values) <= choices:
                    problems.append(f"not an option {where}")
                if question.type == "single_choice" and len(values) != 1:
                    problems.append(f"more than one choice {where}")
                if len(values) != len(set(values)):
                    problems.append(f"an option twice {where}")
            elif item == OTHER and question.other:
                if OTHER not in given_.get((question_id, ""), []):
                    problems.append(f"'other' text without 'other' chosen {where}")
                if len(values) != 1 or _text_problem(values[0], OTHER_TEXT_LENGTH):
                    problems.append(f"bad 'other' text ({_text_problem(values[0], OTHER_TEXT_LENGTH)}) {where}")
            else:
                problems.append(f"unknown item {where}")
        elif question.type == "likert":
            statements = {s.id for s in question.statements}
            scale = {c.id for c in question.scale.choices}
            if item not in statements:
                problems.append(f"unknown statement {where}")
            elif len(values) != 1 or values[0] not in scale:
                problems.append(f"not a scale point {where}")
        else:  # short_text, long_text
            if item != "" or len(values) != 1:
                problems.append(f"text stored oddly {where}")
            elif _text_problem(values[0], question.max_length):
                problems.append(f"bad text ({_text_problem(values[0], question.max_length)}) {where}")
    for question in q.questions:
        if not question.required:
            continue
        items = [s.id for s in question.statements] if question.type == "likert" else [""]
        for item in items:
            if (question.id, item) not in given_:
                problems.append(f"required {question.id}/{item} not answered")
    return problems


class Stored:
    """Reads back the responses stored since it last looked, and checks each one."""

    def __init__(self, db, questionnaire: Questionnaire):
        self.db = db
        self.questionnaire = questionnaire
        self.last_id = 0
        self.checked = 0

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM responses").fetchone()[0]

    def submission_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT submission_id FROM responses ORDER BY id")]

    def check_new(self) -> int:
        """Check every response stored since last time; returns how many there were."""
        heads = self.db.execute(
            "SELECT id, consultation_id, version, submission_id, channel, is_demo FROM responses"
            " WHERE id > ? ORDER BY id", [self.last_id]).fetchall()
        for response_id, consultation_id, version, submission_id, channel, is_demo in heads:
            # Moved on first, so that a bad row fails only the request that stored it.
            self.last_id = response_id
            self.checked += 1
            assert (consultation_id, version, channel, is_demo) == (
                TRAFFORD, self.questionnaire.version, "online", 0)
            assert SUBMISSION_ID.fullmatch(submission_id), submission_id
            answers = self.db.execute(
                "SELECT question_id, item_id, value FROM answers WHERE response_id = ? ORDER BY rowid",
                [response_id]).fetchall()
            assert all(isinstance(v, str) for row in answers for v in row), answers
            problems = answer_problems(self.questionnaire, answers)
            assert not problems, (problems, answers)
        return len(heads)


# -- what gets sent ------------------------------------------------------------------------------
SPECIAL = [
    "", " ", "\t", "\n", "\r\n", "\x00", "\x0b", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u200e",
    "\u200f", "\u202e", "\u2028", "\ufeff", "\ufffd", "\uffff", "\U0001f600", "e\u0301",
    "ﷺ", "\U000e0041", "=1+1", "@SUM(A1)", "+44", "-2", "<script>alert(1)</script>",
    "'; DROP TABLE answers; --", "{{ 7*7 }}", "%00", "%ff", "../../etc/passwd", "other", "Other",
    "very-well ", " care-leaver", "CARE-LEAVER", "dont-know", "null", "None", "0", "true",
]
odd_text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=40),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Co"]), max_size=20),
    st.lists(st.sampled_from(SPECIAL), max_size=6).map("".join),
)
long_text = st.builds(
    lambda unit, count, tail: unit * count + tail,
    st.sampled_from(["x", "é", "\U0001f600", " ", "\x00", "\u202e", "ab\n"]),
    st.sampled_from([199, 200, 201, 1_999, 2_000, 2_001, 10_001, 70_000, 200_000]),
    st.sampled_from(["", " ", "\x00", "y"]),
)
# Sent to the test client as a list: the same name several times.
repeated = st.lists(st.one_of(odd_text, st.sampled_from(["care-leaver", "other", "quite"])),
                    min_size=2, max_size=5)


def valid_answers(q: Questionnaire):
    """A complete, valid response as the browser would send it, picked from the definition."""
    fields = {}
    for question in q.questions:
        if question.type == "likert":
            for statement in question.statements:
                fields[f"{question.id}-{statement.id}"] = st.sampled_from([c.id for c in question.scale.choices])
        elif question.type == "single_choice":
            fields[question.id] = st.sampled_from([c.id for c in question.choices])
            if question.other:
                fields[f"{question.id}-{OTHER}"] = st.text(max_size=30)
        else:
            fields[question.id] = st.one_of(st.just(""), st.text(max_size=60))
    return st.fixed_dictionaries(fields)


def field_names(q: Questionnaire) -> list[str]:
    names = []
    for question in q.questions:
        if question.type == "likert":
            names += [f"{question.id}-{s.id}" for s in question.statements]
        else:
            names.append(question.id)
            if question.other:
                names.append(f"{question.id}-{OTHER}")
    return names


def option_values(q: Questionnaire) -> list[str]:
    values = {c.id for question in q.questions for c in question.choices}
    values |= {c.id for question in q.questions if question.scale for c in question.scale.choices}
    return sorted(values)


def mutations(q: Questionnaire):
    names = field_names(q)
    value = st.one_of(odd_text, long_text, repeated, st.sampled_from(option_values(q)))
    return st.fixed_dictionaries({
        "drop": st.sets(st.sampled_from(names), max_size=4),
        "change": st.dictionaries(st.sampled_from(names), value, max_size=4),
        "extra": st.dictionaries(
            st.one_of(st.text(max_size=20), st.sampled_from(
                ["q9", "q2-nope", "q3-other", "q2-other", "q1-", "-", "submit", "id", "response_id"])),
            st.one_of(odd_text, repeated), max_size=3),
        "many_parts": st.sampled_from([0, 0, 0, 0, 499, 600]),
    })


TOKEN_MODES = ["real", "real", "real", "real", "real", "missing", "empty", "forged", "tampered",
               "repeated", "other session"]
SUBMISSION_MODES = ["fresh", "fresh", "fresh", "from page", "reused", "reused", "missing", "empty",
                    "upper case", "short", "long", "unicode", "repeated"]


class Sender:
    """One young person's browser: a real session with its CSRF token, posting fuzzed forms."""

    def __init__(self, app, client, stored: Stored):
        self.client = client
        page = client.get(TRAFFORD_FORM)  # the questions for 13 and over
        assert page.status_code == 200
        self.hidden = hidden_fields(page.text)
        other = app.test_client().get(TRAFFORD_FORM)
        self.other_token = hidden_fields(other.text)["csrf_token"]
        self.stored = stored

    def token(self, mode: str):
        real = self.hidden["csrf_token"]
        return {
            "real": real, "missing": None, "empty": "", "forged": "IjEyMyI.Zz9xYw.forged",
            "tampered": real[:-2] + ("AA" if not real.endswith("AA") else "BB"),
            # Flask-WTF reads the first value: a real token sent second must not count.
            "repeated": ["forged", real], "other session": self.other_token,
        }[mode]

    def submission_id(self, mode: str, pick: int):
        used = self.stored.submission_ids()
        fresh = uuid.uuid4().hex
        return {
            "fresh": fresh, "from page": self.hidden["submission_id"],
            "reused": used[pick % len(used)] if used else fresh, "missing": None, "empty": "",
            "upper case": fresh.upper(), "short": fresh[:31], "long": fresh + "0",
            "unicode": fresh[:31] + "\u0660", "repeated": [fresh, uuid.uuid4().hex],
        }[mode]


def build_form(answers: dict, change: dict, token, submission_id) -> dict:
    data = {**answers, **change["change"], **change["extra"]}
    for name in change["drop"]:
        data.pop(name, None)
    if change["many_parts"]:
        data["q3"] = ["x"] * change["many_parts"]
    data["csrf_token"] = token
    data["submission_id"] = submission_id
    return {k: v for k, v in data.items() if v is not None}


def posted_ok(response, before: int, stored: Stored, valid_token: bool) -> None:
    """The properties every post must keep, whatever it sent."""
    assert response.status_code in POST_STATUSES, (response.status_code, response.text[:300])
    added = stored.check_new()
    assert stored.count() == before + added
    if response.status_code == 302:
        assert response.headers["Location"].endswith(f"{FORM}/thanks")
        assert added <= 1
        assert valid_token, "a post without a valid CSRF token was accepted"
    else:
        assert added == 0, f"stored a response but answered {response.status_code}"
    if response.status_code == 200:
        # Not stored, so the page must say why: an error summary, never a silent drop.
        assert "There is a problem" in response.text
        assert "<title>Error: " in response.text


# -- the tests -----------------------------------------------------------------------------------
def test_fuzzed_forms_with_a_real_token(app, client, db):
    """Valid except for the fuzzed part: dropped, changed, repeated, extra and huge fields."""
    q = trafford(app)
    stored = Stored(db, q)
    sender = Sender(app, client, stored)
    statuses = {}

    @settings(max_examples=150, **SETTINGS)
    @given(answers=valid_answers(q), change=mutations(q),
           submission_mode=st.sampled_from(SUBMISSION_MODES), pick=st.integers(0, 50))
    def post(answers, change, submission_mode, pick):
        before = stored.count()
        data = build_form(answers, change, sender.token("real"),
                          sender.submission_id(submission_mode, pick))
        response = client.post(FORM, data=data)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        posted_ok(response, before, stored, valid_token=True)

    post()
    # The fuzzing reached every outcome: stored, refused with errors, and too big to read.
    assert {200, 302, 413} <= set(statuses), statuses
    assert stored.checked >= 25, statuses


def test_fuzzed_tokens_never_store(app, client, db):
    """Any CSRF token but the real one: nothing is stored, and the page says it was open too long."""
    q = trafford(app)
    stored = Stored(db, q)
    sender = Sender(app, client, stored)

    @settings(max_examples=200, **SETTINGS)
    @given(answers=valid_answers(q), change=mutations(q),
           token_mode=st.sampled_from(TOKEN_MODES),
           forged=st.one_of(st.none(), odd_text, repeated),
           submission_mode=st.sampled_from(SUBMISSION_MODES), pick=st.integers(0, 50))
    def post(answers, change, token_mode, forged, submission_mode, pick):
        token = sender.token(token_mode)
        valid = token_mode == "real" and forged is None
        if token_mode == "real" and forged is not None:
            token = forged
        before = stored.count()
        response = client.post(FORM, data=build_form(
            answers, change, token, sender.submission_id(submission_mode, pick)))
        posted_ok(response, before, stored, valid_token=valid)
        if response.status_code == 200 and not valid:
            assert "This page was open for too long" in response.text

    post()


def _encode(part: bytes | str) -> str:
    return quote_from_bytes(part if isinstance(part, bytes) else part.encode("utf-8"), safe="")


RAW_BYTES = st.one_of(
    st.binary(max_size=30),
    st.sampled_from([
        b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80",
        b"\xe2\x80\xae", b"\xef\xbb\xbf", b"caf\xe9", b"\x00", b"%", b"%zz", b"+", b"&", b"=",
    ]),
)
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16", "multipart/form-data; boundary=xyz",
    "multipart/form-data", "text/plain", "application/json", None,
]


def test_raw_bodies_in_odd_encodings(app, client, db):
    """Bytes a form encoder would never send: invalid UTF-8, surrogates as escapes, bad escapes."""
    q = trafford(app)
    stored = Stored(db, q)
    sender = Sender(app, client, stored)
    names = field_names(q)

    @settings(max_examples=250, **SETTINGS)
    @given(answers=valid_answers(q),
           fuzzed=st.lists(st.tuples(st.one_of(st.sampled_from(names), RAW_BYTES),
                                     st.one_of(RAW_BYTES, odd_text), st.booleans()), min_size=1, max_size=4),
           content_type=st.sampled_from(CONTENT_TYPES), junk=st.one_of(st.just(b""), RAW_BYTES))
    def post(answers, fuzzed, content_type, junk):
        pairs = [(k, v) for k, v in answers.items()]
        pairs += [("csrf_token", sender.hidden["csrf_token"]), ("submission_id", uuid.uuid4().hex)]
        body = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in pairs)
        for name, value, escaped in fuzzed:
            raw_name = _encode(name).encode() if escaped or isinstance(name, str) else name
            raw_value = _encode(value).encode() if escaped or isinstance(value, str) else value
            body = body.encode() if isinstance(body, str) else body
            body += b"&" + raw_name + b"=" + raw_value
        body = (body.encode() if isinstance(body, str) else body) + junk
        headers = {"Content-Type": content_type} if content_type else {}
        before = stored.count()
        response = client.post(FORM, data=body, headers=headers)
        posted_ok(response, before, stored, valid_token=True)

    post()


def test_every_respondent_route(app, client, db):
    """Every path, method and query a young person's browser (or a bot) could send."""
    q = trafford(app)
    stored = Stored(db, q)
    token = Sender(app, client, stored).hidden["csrf_token"]
    ids = st.one_of(st.text(min_size=1, max_size=40), st.sampled_from([
        TRAFFORD, TRAFFORD.upper(), TRAFFORD + " ", TRAFFORD + "\x00", "../" + TRAFFORD, "%00",
        "static", "staff", "thanks", "a" * 5_000, "\u202e" + TRAFFORD, "..", "."]))
    paths = st.one_of(
        st.just("/"), st.just(FORM), st.just(f"{FORM}/thanks"),
        ids.map(lambda i: "/c/" + quote(i, safe="")),
        ids.map(lambda i: "/c/" + quote(i, safe="") + "/thanks"),
        ids.map(lambda i: "/" + quote(i, safe="/")),
    )

    @settings(max_examples=500, **SETTINGS)
    @given(path=paths, method=st.sampled_from(["GET", "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"]),
           query=st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=3),
           with_token=st.booleans())
    def visit(path, method, query, with_token):
        before = stored.count()
        data = {"csrf_token": token, "submission_id": uuid.uuid4().hex} if with_token else None
        response = client.open(path, method=method, query_string=query,
                               data=data if method == "POST" else None)
        assert response.status_code in ANY_STATUSES, (path, method, response.status_code)
        if response.status_code == 200 and method == "GET" and path in ("/", FORM, f"{FORM}/thanks"):
            assert response.text.startswith("<!DOCTYPE html>")
        assert stored.check_new() == 0, "a visit stored a response"
        assert stored.count() == before

    visit()


def test_the_checker_notices_a_broken_row(app):
    """The property is only as good as its checker: it must refuse what the form must refuse."""
    q = trafford(app)
    good = [("q1", "", "care-leaver")] + [("q2", s.id, "quite") for s in q.question("q2").statements]
    assert answer_problems(q, good) == []
    assert answer_problems(q, good + [("q1", OTHER, "Advocate")])  # other text, other not chosen
    assert answer_problems(q, good + [("q3", "", "x" * 2_001)])
    assert answer_problems(q, good + [("q3", "", "line\x0btwo")])
    assert answer_problems(q, good + [("q9", "", "x")])
    assert answer_problems(q, good + [("q1", "", "carer")])
    assert answer_problems(q, good[:-1])
    assert answer_problems(q, [(a, b, "=1+1" if a == "q2" else c) for a, b, c in good])
