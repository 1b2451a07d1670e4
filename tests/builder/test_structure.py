"""The structure editor: an officer who never sees YAML builds and changes a consultation's
sections, questions, options and statements in plain forms, without JavaScript, and nothing it
does can lose or misattribute an answer already given."""
from __future__ import annotations

import html
import re
import textwrap
from html.parser import HTMLParser

import pytest
from conftest import TRAFFORD, hidden_fields, trafford_answers

from survey.store.definitions import used_ids
from survey.store.lifecycle import set_state
from survey.results.reports import summary_of

NEW = "youth-voice"
COPY = "trafford-2027"
EDIT = f"/staff/builder/c/{NEW}/edit"
# Ids the builder made from the questions' words: the new consultation's starter question, and
# the questions the tests below add.
STARTER = "what-would-you-like-to-tell-us"
INFORMED = "how-well-informed-do-you-feel-about"
WRITTEN = "what-would-make-things-better"


class _MainForm(HTMLParser):
    """The fields a browser sends from a page's own form (the one without an action: not the
    sign-out form in the header, nor the small button forms)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.inside = False
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = "action" not in a
        elif not self.inside:
            return
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.fields[self.textarea] = self.fields[self.textarea].removeprefix("\n")
            self.textarea = None


def form_of(text: str) -> dict[str, str]:
    parser = _MainForm()
    parser.feed(text)
    return parser.fields


def send(client, page, path: str, **changes):
    """Post `page`'s form back to `path` as a browser would, with `changes` typed in (None:
    unticked or left out)."""
    fields = {**form_of(page.text), **hidden_fields(page.text)}
    fields.update(changes)
    return client.post(path, data={k: v for k, v in fields.items() if v is not None})


def fill(client, path: str, **changes):
    page = client.get(path)
    assert page.status_code == 200, page.text
    return send(client, page, path, **changes)


def press(client, path: str, **fields):
    """A small button form: its token (taken from the questions page) and its one field."""
    token = hidden_fields(client.get(path.split("/edit")[0] + "/edit").text)
    return client.post(path, data={**token, **fields})


def stored(db, consultation_id: str = NEW) -> tuple:
    """Everything saved about a consultation's definition: its text and every version."""
    return (db.execute("SELECT source, version FROM consultation_sources WHERE consultation_id = ?",
                       [consultation_id]).fetchall(),
            db.execute("SELECT count(*) FROM definitions WHERE consultation_id = ?",
                       [consultation_id]).fetchone()[0])


def source(db, consultation_id: str = NEW) -> str:
    return stored(db, consultation_id)[0][0][0]


def registry(app):
    return app.extensions["haveyoursay.catalogue"]



def copy_trafford(client) -> None:
    """Trafford's consultation copied in the builder: a draft, built in the app."""
    response = fill(client, "/staff/builder/copy", source=TRAFFORD, id=COPY, title="Trafford 2027")
    assert response.status_code == 302, response.text


EXPECTED = textwrap.dedent("""\
    id: youth-voice
    title: Youth voice
    organisation:
      name: Test Council
    numbering: automatic
    sections:
      - id: how-informed-you-feel
        title: How informed you feel
        intro: About our plans for you.
        questions:
          - id: what-would-make-things-better
            type: long_text
            text: What would make things better?
            max_length: 500
            comment: Anything else?
          - id: how-well-informed-do-you-feel-about
            type: likert
            text: How well informed do you feel about these?
            required: true
            scale: informed
            statements:
              - {id: where-i-live, text: Where I live}
              - {id: school, text: School, comment: Tell us more about school}
              - {id: health, text: Health}
    """)


def test_an_officer_builds_a_consultation_with_the_form_pages_only(app, built, db):
    questions = built.get(EDIT)
    assert questions.status_code == 200 and "What would you like to tell us?" in questions.text
    # A section: its first question's type, then the section and the question on one page.
    chosen = fill(built, f"{EDIT}/new-section", type="likert")
    assert chosen.status_code == 302 and chosen.headers["Location"] == f"{EDIT}/new-section/likert"
    page = built.get(f"{EDIT}/new-section/likert")
    assert page.text.count('name="statement-count" value="3"') == 1  # three blank rows to start
    # "Add another statement", without JavaScript: the page comes back with a fourth row and
    # what was typed kept; nothing is saved yet.
    before = stored(db)
    more = send(built, page, f"{EDIT}/new-section/likert", **{
        "section-title": "How informed you feel", "statement-1-text": "Where I live",
        "action": "add-statement"})
    assert more.status_code == 200 and 'name="statement-count" value="4"' in more.text
    assert 'value="Where I live"' in more.text and 'value="How informed you feel"' in more.text
    assert stored(db) == before
    saved = send(built, more, f"{EDIT}/new-section/likert", **{
        "section-intro": "About our plans for you.", "text": "How well informed do you feel about these?",
        "required": "yes", "scale": "informed", "statement-2-text": "School",
        "statement-2-comment": "Tell us more about school", "statement-3-text": "Health",
        "action": "save"})
    assert saved.status_code == 302 and saved.headers["Location"] == EDIT
    assert ("Saved. A new section: \u2018How informed you feel\u2019. A new question: \u2018How well "
            "informed do you feel about these?\u2019.") in html.unescape(built.get(EDIT).text)
    # A question at the end of that section.
    section = f"{EDIT}/sections/how-informed-you-feel"
    assert fill(built, f"{section}/new-question", type="long_text").status_code == 302
    page = built.get(f"{section}/new-question/long_text")
    assert 'value="2000"' in page.text  # the type's default
    assert 'name="number"' not in page.text  # numbered 1, 2, 3 by themselves
    assert send(built, page, f"{section}/new-question/long_text", text="What would make things better?",
                max_length="500", comment="Anything else?").status_code == 302
    # Reorder: the new section first, its last question up; then remove the first section.
    assert press(built, f"{section}/move", direction="up").status_code == 302
    assert press(built, f"{EDIT}/questions/{WRITTEN}/move", direction="up").status_code == 302
    assert press(built, f"{EDIT}/sections/your-views/remove").status_code == 302
    assert source(db) == EXPECTED
    assert registry(app).get(NEW).source == EXPECTED
    assert [(q.id, q.number) for q in registry(app).get(NEW).questions] == [
        (WRITTEN, "1"), (INFORMED, "2")]


def test_options_rows_counted_retired_moved_and_removed(app, built, db):
    path = f"{EDIT}/sections/your-views/new-question/single_choice"
    page = built.get(path)
    more = send(built, page, path, text="Who are you?", **{
        "option-1-label": "A young person in care", "option-2-label": "A care leaver",
        "action": "add-option"})
    assert 'name="option-count" value="4"' in more.text  # three blank rows to start, and one more
    saved = send(built, more, path, required="yes", other="Other", **{
        "option-3-label": "I'd prefer not to say", "option-3-not-counted": "yes"})
    assert saved.status_code == 302, saved.text
    question = registry(app).get(NEW).question("who-are-you")
    assert [(o.id, o.label, o.counted, o.retired) for o in question.options] == [
        ("a-young-person-in-care", "A young person in care", True, False),
        ("a-care-leaver", "A care leaver", True, False),
        ("i-d-prefer-not-to-say", "I'd prefer not to say", False, False)]
    assert question.other == "Other" and question.required
    assert "- {id: i-d-prefer-not-to-say, label: I'd prefer not to say, counted: false}" in source(db)

    # Changing it: ids are fixed text; a move comes back on the page, unsaved.
    change = f"{EDIT}/questions/who-are-you"
    page = built.get(change)
    assert "a-care-leaver</" not in page.text and 'name="option-2-id" value="a-care-leaver"' in page.text
    before = stored(db)
    moved = send(built, page, change, action="option-up-2")
    assert form_of(moved.text)["option-1-id"] == "a-care-leaver" and stored(db) == before
    # A blank existing row is a mistake; a blank new row is left out.
    blank = send(built, moved, change, **{"option-1-label": ""})
    assert "Enter the words of option 1, or remove it" in blank.text and stored(db) == before
    grown = send(built, moved, change, action="add-option")
    saved = send(built, grown, change, **{"option-3-retired": "yes", "option-3-not-counted": None})
    assert saved.status_code == 302, saved.text
    options = registry(app).get(NEW).question("who-are-you").options
    assert [(o.id, o.counted, o.retired) for o in options] == [
        ("a-care-leaver", True, False), ("a-young-person-in-care", True, False),
        ("i-d-prefer-not-to-say", True, True)]
    # Removed (no answers yet), then saved.
    page = built.get(change)
    removed = send(built, page, change, action="option-remove-2")
    assert form_of(removed.text)["option-count"] == "2"
    assert send(built, removed, change).status_code == 302
    assert [o.id for o in registry(app).get(NEW).question("who-are-you").options] == [
        "a-care-leaver", "i-d-prefer-not-to-say"]


def test_a_question_moves_into_the_next_section_and_the_loader_speaks_on_the_page(app, built, db):
    assert fill(built, f"{EDIT}/new-section", type="short_text").status_code == 302
    assert fill(built, f"{EDIT}/new-section/short_text", text="Your age?",
                **{"section-title": "About you"}).status_code == 302
    path = f"{EDIT}/sections/your-views/new-question/short_text"
    assert fill(built, path, text="Your school?").status_code == 302
    response = press(built, f"{EDIT}/questions/your-school/move", direction="down")
    assert response.status_code == 302
    sections = registry(app).get(NEW).sections
    assert [[q.id for q in s.questions] for s in sections] == [[STARTER], ["your-school", "your-age"]]
    # The first question is alone in its section: it cannot leave it, nor be removed.
    for action, fields in (("move", {"direction": "down"}), ("remove", {})):
        refused = press(built, f"{EDIT}/questions/{STARTER}/{action}", **fields)
        assert "is the only question in its section" in refused.text
    # Retiring every question: the loader's own message, in the page's error summary.
    assert press(built, f"{EDIT}/questions/{STARTER}/retire", retired="yes").status_code == 302
    assert press(built, f"{EDIT}/questions/your-age/retire", retired="yes").status_code == 302
    before = stored(db)
    refused = press(built, f"{EDIT}/questions/your-school/retire", retired="yes")
    assert "govuk-error-summary" in refused.text and "every question is retired" in refused.text
    assert stored(db) == before
    page = built.get(EDIT)
    assert "No longer asked" in page.text and "Ask again" in page.text
    assert press(built, f"{EDIT}/questions/{STARTER}/retire", retired="no").status_code == 302
    assert not registry(app).get(NEW).question(STARTER).retired


def answered_trafford(staff_client, db, submit) -> None:
    copy_trafford(staff_client)
    set_state(db, COPY, "open")
    assert submit(trafford_answers(), consultation=COPY).status_code == 302


def test_an_answered_question_cannot_be_removed_only_retired(staff_client, db, submit):
    answered_trafford(staff_client, db, submit)
    edit = f"/staff/builder/c/{COPY}/edit"
    page = staff_client.get(edit)
    assert "Retire instead" in page.text and "Has answers" in page.text
    assert f'action="{edit}/questions/q3/remove"' not in page.text
    before = stored(db, COPY)
    refused = press(staff_client, f"{edit}/questions/q3/remove")
    assert refused.status_code == 200
    assert "Question 3 has answers, so it cannot be removed. Retire it instead" in refused.text
    refused = press(staff_client, f"{edit}/sections/your-views/remove")
    assert "young people have answered questions in it" in html.unescape(refused.text)
    # An answered option taken out of the page is refused when it would be saved.
    change = f"{edit}/questions/q1"
    page = staff_client.get(change)
    row = next(n for n, v in form_of(page.text).items() if v == "care-leaver").split("-")[1]
    assert f'value="option-remove-{row}"' not in page.text  # no Remove button on it
    removed = send(staff_client, page, change, action=f"option-remove-{row}")  # an old page's
    assert removed.status_code == 200 and "care-leaver" not in form_of(removed.text).values()
    confirm = send(staff_client, removed, change)
    assert ("The option \u2018A care leaver\u2019 in question 1 has answers, so it cannot be "
            "removed") in html.unescape(confirm.text) and "Save this version" not in confirm.text
    assert stored(db, COPY) == before


def test_retiring_an_answered_statement_keeps_its_answers_in_the_results(app, staff_client, db, submit):
    answered_trafford(staff_client, db, submit)
    change = f"/staff/builder/c/{COPY}/edit/questions/q2"
    page = staff_client.get(change)
    assert "It has answers, so it can no longer be removed" in page.text
    row = next(n for n, v in form_of(page.text).items() if v == "adoption").replace("-id", "-retired")
    confirm = send(staff_client, page, change, **{row: "yes"})
    # Open, with a response: what the change will do comes first.
    assert confirm.status_code == 200 and (
        "The statement \u2018Making sure we consider whether adoption is right for\u2026\u2019 in "
        "question 2 will no longer be asked (its answers stay in the results)") in html.unescape(confirm.text)
    new_source = html.unescape(re.search(r'name="source" value="([^"]*)"', confirm.text).group(1))
    saved = staff_client.post(f"/staff/builder/c/{COPY}/save", data={
        **hidden_fields(confirm.text), "source": new_source, "action": "definition edited"})
    assert saved.status_code == 302, saved.text
    current = registry(app).get(COPY)
    assert next(s for s in current.question("q2").statements if s.id == "adoption").retired
    assert "adoption" not in [s.id for s in current.asked.question("q2").statements]
    statements = {s.statement.id: s for s in summary_of(db, current).likert["q2"].statements}
    assert statements["adoption"].statement.text.startswith("(no longer asked) ")
    assert statements["adoption"].counts == (1, 0, 0, 0, 0)  # "very-well" in trafford_answers


def test_a_shipped_consultation_cannot_be_edited_here(staff_client):
    edit = f"/staff/builder/c/{TRAFFORD}/edit"
    token = hidden_fields(staff_client.get("/staff/builder/").text)
    for path in (edit, f"{edit}/questions/q1", f"{edit}/new-section",
                 f"{edit}/sections/your-views"):
        assert staff_client.get(path).status_code == 404, path
    for path in (f"{edit}/questions/q3/remove", f"{edit}/questions/q1/retire"):
        assert staff_client.post(path, data={**token, "retired": "yes"}).status_code == 404
    page = staff_client.get(f"/staff/builder/c/{TRAFFORD}")
    assert "Change questions and sections" not in page.text


def test_the_builder_links_to_the_editor(built):
    page = built.get(f"/staff/builder/c/{NEW}")
    assert f'href="{EDIT}"' in page.text and "Change questions and sections" in page.text
    assert "Edit the definition as YAML text" in page.text


def test_stale_or_forged_posts_are_refused_never_an_error(staff_client, db):
    copy_trafford(staff_client)
    edit = f"/staff/builder/c/{COPY}/edit"
    before = stored(db, COPY)
    for path in (f"{edit}/questions/nope", f"{edit}/sections/nope", f"{edit}/new-section/nope",
                 f"{edit}/sections/nope/new-question", f"{edit}/questions/nope/move"):
        assert staff_client.get(path).status_code in (404, 405), path
    for path in (f"{edit}/questions/nope/remove", f"{edit}/sections/nope/move",
                 f"{edit}/questions/nope/retire"):
        assert press(staff_client, path, direction="up", retired="yes").status_code == 404, path
    for path, fields in ((f"{edit}/questions/q1/move", {"direction": "up"}),  # the very first
                         (f"{edit}/questions/q1/move", {"direction": "sideways"}),
                         (f"{edit}/questions/q1/retire", {"retired": "perhaps"})):
        assert press(staff_client, path, **fields).status_code == 400, (path, fields)
    change = f"{edit}/questions/q1"
    page = staff_client.get(change)
    for fields in ({"action": "option-up-1"}, {"action": "option-down-99"},
                   {"action": "option-remove-0"}, {"action": "statement-up-2"},
                   {"action": "launch"}, {"option-count": "999"}, {"option-count": "two"},
                   {"option-count": None}):
        assert send(staff_client, page, change, **fields).status_code == 400, fields
    # An option this question does not have (removed in another tab, or forged), or one sent
    # twice: the page comes back as the question is now, and says why nothing was saved.
    for fields in ({"option-1-id": "forged"}, {"option-2-id": form_of(page.text)["option-1-id"]}):
        again = send(staff_client, page, change, text="Typed in the old tab", **fields)
        assert again.status_code == 200, fields
        assert "This question was changed in another window or tab" in html.unescape(again.text)
        assert "Typed in the old tab" not in again.text and "<title>Error: " in again.text
    # An old page (its token expired): nothing changes, and it says so.
    late = staff_client.post(change, data={**form_of(page.text), "csrf_token": "old"})
    assert late.status_code == 200 and "This page timed out" in late.text
    assert stored(db, COPY) == before


def test_plain_messages_for_what_must_be_fixed(built, db):
    before = stored(db)
    refused = fill(built, f"{EDIT}/new-section", type="")
    assert "Select the type of question" in refused.text
    path = f"{EDIT}/sections/your-views/new-question/likert"
    refused = fill(built, path, text="", scale="")
    for message in ("Enter the question", "Select the scale young people answer on",
                    "Enter at least one statement"):
        assert message in refused.text
    refused = fill(built, f"{EDIT}/questions/{STARTER}", max_length="lots")
    assert "Enter the longest answer as a whole number of characters" in refused.text
    refused = fill(built, f"{EDIT}/questions/{STARTER}", max_length="20000")
    assert "The longest answer can be at most 10,000 characters" in refused.text
    refused = fill(built, f"{EDIT}/new-section/long_text", text="Why?")
    assert "Enter the section\u2019s title" in refused.text
    refused = fill(built, f"{EDIT}/sections/your-views", title="")
    assert "Enter the section\u2019s title" in refused.text
    refused = press(built, f"{EDIT}/sections/your-views/remove")
    assert "This is the only section, so it cannot be removed" in refused.text
    assert stored(db) == before
    renamed = fill(built, f"{EDIT}/sections/your-views", title="What you think", intro="Be honest.")
    assert renamed.status_code == 302
    assert "title: What you think\n    intro: Be honest.\n" in source(db)


def written(client) -> None:
    """The built consultation's numbering set to "as written" on its settings page, so each
    question's page has a Number box (a consultation made in the browser starts automatic)."""
    assert fill(client, f"/staff/builder/c/{NEW}/settings", numbering="as written").status_code == 302


@pytest.mark.parametrize("number, message", [
    ("1" * 11, "The number can be at most 10 characters, for example 3 or 3a"),
])
def test_a_question_number_that_is_too_long_is_named_at_its_field(built, db, number, message):
    written(built)
    before = stored(db)
    response = fill(built, f"{EDIT}/questions/{STARTER}", number=number)
    assert response.status_code == 200 and message in html.unescape(response.text)
    assert 'href="#number"' in response.text and stored(db) == before


@pytest.mark.parametrize("number", ["\u00b2", "3\u00b2", "\u2460", "007", "3a", "12"])
def test_any_short_number_is_kept_as_typed(app, built, db, number):
    """Digits other than 0-9 ("²" passes str.isdigit but not int) are kept as text."""
    written(built)
    assert fill(built, f"{EDIT}/questions/{STARTER}", number=number).status_code == 302
    assert registry(app).get(NEW).question(STARTER).number == number


def test_a_tell_us_more_box_with_answers_cannot_be_taken_away(app, built, db, submit):
    """Its answers would drop out of the CSV and the Responses sheet; the box can be reworded."""
    assert fill(built, f"{EDIT}/questions/{STARTER}", comment="Anything else?").status_code == 302
    set_state(db, NEW, "open")
    submit({STARTER: "More trips", f"{STARTER}--comment": "And a youth club"}, consultation=NEW)
    before = stored(db)
    refused = fill(built, f"{EDIT}/questions/{STARTER}", comment="")
    assert ("Question 1 \u2018What would you like to tell us?\u2019 has answers in its \u201cTell us more\u201d box, so the box cannot be "
            "taken away") in html.unescape(refused.text)
    assert "Save this version" not in refused.text and stored(db) == before
    reworded = fill(built, f"{EDIT}/questions/{STARTER}", comment="Is there anything else?")
    assert "Save this version" in reworded.text  # an open consultation: confirmed first



def shown_text(page: str) -> str:
    """What a page shows: its text without tags (so without the ids in links and fields)."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_a_removed_question_s_id_is_never_given_to_a_new_one(app, built, db):
    """The starter question is removed from a draft; a new question gets an id made from its
    words that no version ever used, even one with the removed question's words; the questions
    page shows the officer's numbers and words, and no page or message of the way shows an id."""
    add = f"{EDIT}/sections/your-views/new-question/short_text"
    assert fill(built, add, text="How old are you?").status_code == 302
    assert "Saved. A new question: \u2018How old are you?\u2019." in shown_text(built.get(EDIT).text)
    assert press(built, f"{EDIT}/questions/{STARTER}/remove").status_code == 302
    flashed = shown_text(built.get(EDIT).text)
    assert "\u2018What would you like to tell us?\u2019 was removed" in flashed  # with Undo
    # The same words as the removed question: its id stays the removed question's.
    assert fill(built, add, text="What would you like to tell us?").status_code == 302
    ids = [q.id for q in registry(app).get(NEW).questions]
    assert ids == ["how-old-are-you", f"{STARTER}-2"]
    # Every id a version ever used, the removed starter's too; the new one was not among them.
    assert used_ids(db, NEW).questions == {STARTER, "how-old-are-you", f"{STARTER}-2"}
    assert db.execute("SELECT count(*) FROM definitions WHERE consultation_id = ?",
                      [NEW]).fetchone()[0] == 4
    page = shown_text(built.get(EDIT).text)
    # Numbered by the app, in order: the removal left no gap.
    assert "1. How old are you?" in page and "2. What would you like to tell us?" in page
    for made in ids + ["your-views"]:
        assert made not in page
    assert "how-old-are-you" not in shown_text(built.get(f"{EDIT}/questions/how-old-are-you").text)


def test_a_removed_option_s_id_is_never_given_to_a_new_option(app, built):
    path = f"{EDIT}/sections/your-views/new-question/single_choice"
    assert fill(built, path, text="Who are you?", **{
        "option-1-label": "Yes", "option-2-label": "No"}).status_code == 302
    change = f"{EDIT}/questions/who-are-you"
    removed = send(built, built.get(change), change, action="option-remove-1")
    assert send(built, removed, change).status_code == 302
    assert [o.id for o in registry(app).get(NEW).question("who-are-you").options] == ["no"]
    grown = send(built, built.get(change), change, action="add-option")
    assert send(built, grown, change, **{"option-2-label": "Yes"}).status_code == 302
    assert [o.id for o in registry(app).get(NEW).question("who-are-you").options] == ["no", "yes-2"]


def test_the_confirm_page_and_the_message_after_saving_show_no_id(app, built, db, submit):
    """An open consultation: a question reworded and a statement added are said in words."""
    add = f"{EDIT}/sections/your-views/new-question/likert"
    assert fill(built, add, text="How safe do you feel?", scale="agreement", **{
        "statement-1-text": "Where you meet"}).status_code == 302
    set_state(db, NEW, "open")
    submit({STARTER: "More trips"}, consultation=NEW)
    change = f"{EDIT}/questions/how-safe-do-you-feel"
    confirm = send(built, built.get(change), change, text="How safe are you?",
                   **{"statement-1-text": "Where you see them"})
    said = shown_text(confirm.text)
    assert ("Question 2 \u2018How safe do you feel?\u2019 will read \u2018How safe are you?\u2019"
            in said)
    assert ("The statement \u2018Where you meet\u2019 in question 2 will read \u2018Where you see "
            "them\u2019") in said
    new_source = html.unescape(re.search(r'name="source" value="([^"]*)"', confirm.text).group(1))
    saved = built.post(f"/staff/builder/c/{NEW}/save", data={
        **hidden_fields(confirm.text), "source": new_source, "action": "definition edited"})
    assert saved.status_code == 302, saved.text
    flashed = shown_text(built.get(saved.headers["Location"]).text)
    assert "Saved. Question 2 \u2018How safe do you feel?\u2019 now reads \u2018How safe are you?\u2019." in flashed
    # The hardest sentences below say where too, in words.
    for page in (said, flashed):
        for made in ("how-safe-do-you-feel", "where-you-meet", STARTER, "your-views"):
            assert made not in page


def test_a_new_question_s_id_is_never_the_name_of_another_question_s_field(app, built):
    """A young person's form names a statement's field "<question>-<statement>": a question
    whose words make that name gets another id, so no two fields share a name."""
    likert = f"{EDIT}/sections/your-views/new-question/likert"
    assert fill(built, likert, text="How safe", scale="agreement",
                **{"statement-1-text": "At home"}).status_code == 302
    short = f"{EDIT}/sections/your-views/new-question/short_text"
    assert fill(built, short, text="How safe at home?").status_code == 302
    assert [q.id for q in registry(app).get(NEW).questions] == [
        STARTER, "how-safe", "how-safe-at-home-2"]


AGES = "ages"
AGES_EDIT = f"/staff/builder/c/{AGES}/edit"
AGES_DEFINITION = textwrap.dedent(f"""\
    id: {AGES}
    title: Ages
    organisation: {{name: Test Council}}
    layout: pages
    numbering: automatic
    sections:
      - id: you
        title: About you
        questions:
          - id: age
            type: single_choice
            text: How old are you?
            options: [{{id: under-16, label: Under 16}}, {{id: sixteen-plus, label: 16 or 17}}]
          - {{id: often, type: likert, text: How often?, scale: frequency, statements: [{{id: s1, text: I see my friends}}]}}
      - id: older
        title: Older
        show_if: {{question: age, is: sixteen-plus}}
        questions:
          - {{id: work, type: short_text, text: Do you work?}}
      - id: last
        title: Last words
        questions:
          - {{id: money, type: short_text, text: Do you get help with money?, show_if: {{question: age, is: sixteen-plus}}}}
          - {{id: final, type: long_text, text: Anything else?}}
    """)


def upload_ages(staff_client):
    """The consultation above uploaded as a draft by the officer signed in: numbered automatically."""
    from test_settings import upload
    return upload(staff_client, AGES_DEFINITION, "ages.yaml")



def numbers(app) -> list[tuple[str, str]]:
    return [(q.id, q.number) for q in registry(app).get(AGES).questions]


def test_numbers_are_one_to_n_after_a_move_and_a_removal(app, ages, db):
    assert numbers(app) == [("age", "1"), ("often", "2"), ("work", "3"), ("money", "4"),
                            ("final", "5")]
    assert press(ages, f"{AGES_EDIT}/questions/final/move", direction="up").status_code == 302
    assert numbers(app) == [("age", "1"), ("often", "2"), ("work", "3"), ("final", "4"),
                            ("money", "5")]
    assert press(ages, f"{AGES_EDIT}/questions/often/remove").status_code == 302
    assert numbers(app) == [("age", "1"), ("work", "2"), ("final", "3"), ("money", "4")]
    assert "number:" not in source(db, AGES)  # nothing to renumber by hand
    page = ages.get(AGES_EDIT)
    assert "3. Anything else?" in page.text and "4. Do you get help with money?" in page.text


def test_the_overview_shows_each_scale_and_who_a_part_is_only_for_in_words(ages):
    page = html.unescape(ages.get(AGES_EDIT).text)
    assert "Scale: Always, Usually, Sometimes, Never" in page
    only = "Only for: 16 or 17 (the answer to \u20181. How old are you?\u2019)"
    assert page.count(only) == 2  # the section "Older" and the question about money
    for an_id in ("sixteen-plus", "<code>", "frequency"):
        assert an_id not in page
