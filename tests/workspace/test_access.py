"""Who can reach what: a table of every route, checked for every kind of visitor.

The table is checked against app.url_map, so a new route without a rule here fails the suite.
"""
from __future__ import annotations

import pytest
from conftest import TRAFFORD_FORM, STAFF_PASSWORD, TRAFFORD, hidden_fields, trafford_answers

from survey.store.users import add_user

PUBLIC = "public"
ADMIN, OFFICER, MANAGER = frozenset({"admin"}), frozenset({"officer"}), frozenset({"manager"})
STAFF = OFFICER | MANAGER
ANY_STAFF = ADMIN | OFFICER | MANAGER
# rule -> who may GET it: PUBLIC, or the roles that may (anyone else signed in gets 403)
RULES = {
    "/": PUBLIC,
    "/c/<consultation_id>": PUBLIC,
    "/c/<consultation_id>/thanks": PUBLIC,
    "/c/<consultation_id>/theme.css": PUBLIC,
    "/c/<consultation_id>/logo": PUBLIC,
    "/c/<consultation_id>/p/<int:number>": PUBLIC,
    "/c/<consultation_id>/check": PUBLIC,     # without answers on their way: back to the start
    "/c/<consultation_id>/resume": PUBLIC,
    "/c/<consultation_id>/results": PUBLIC,   # once published (published_results); else 404
    "/static/<path:filename>": PUBLIC,
    "/staff/sign-in": PUBLIC,
    "/staff/sign-out": ANY_STAFF,       # POST only; a GET is not allowed for anyone
    "/staff/": STAFF,
    "/staff/c/<consultation_id>": STAFF,
    "/staff/c/<consultation_id>/charts/<name>.<fmt>": STAFF,
    "/staff/c/<consultation_id>/results.xlsx": STAFF,
    # Row-level data is the team's alone: managers get 403 (analysis.disclosure.Audience).
    "/staff/c/<consultation_id>/raw-responses.csv": OFFICER,
    "/staff/c/<consultation_id>/raw-responses.xlsx": OFFICER,
    # -- the workbook prepared in the background: only its owner sees it (prepared_job) --
    "/staff/c/<consultation_id>/results/prepare": STAFF,                        # POST only
    "/staff/c/<consultation_id>/results/<string(minlength=8):job_id>": STAFF,
    "/staff/c/<consultation_id>/results/<string(minlength=8):job_id>/file": STAFF,
    # the board report, prepared the same way (Word or PDF): for managers and officers
    "/staff/c/<consultation_id>/board-report/prepare": STAFF,                   # POST only
    # -- accounts, audit log, paper and group entry (add rules here) --
    "/staff/admin/": ADMIN,
    "/staff/admin/users/new": ADMIN,
    "/staff/admin/users/<user_id>": ADMIN,
    "/staff/admin/users/<user_id>/roles": ADMIN,           # POST only
    "/staff/admin/users/<user_id>/disable": ADMIN,         # POST only
    "/staff/admin/users/<user_id>/enable": ADMIN,          # POST only
    "/staff/admin/users/<user_id>/reset-password": ADMIN,  # POST only
    "/staff/admin/audit": ADMIN,
    "/staff/account/password": ANY_STAFF,
    "/staff/guide/": ANY_STAFF,
    "/staff/guide/officers/<picture>": ANY_STAFF,             # the guide's pictures
    "/staff/c/<consultation_id>/paper": OFFICER,
    "/staff/c/<consultation_id>/group": OFFICER,
    # -- lifecycle, links, QR codes, posters, invitations, dashboard (add rules here) --
    "/s/<short>": PUBLIC,               # the short public link: redirects to /c/<id>
    "/staff/c/<consultation_id>/qr.<fmt>": STAFF,
    "/staff/c/<consultation_id>/poster": STAFF,
    "/staff/c/<consultation_id>/invitations": OFFICER,
    "/staff/c/<consultation_id>/state": OFFICER,      # POST only
    "/staff/c/<consultation_id>/state/<state>": OFFICER,  # what the move does, and "Yes"
    "/staff/c/<consultation_id>/invited": OFFICER,    # POST only
    "/staff/c/<consultation_id>/codes": OFFICER,      # POST only
    # -- comments, themes, safeguarding, retention (add rules here) --
    "/staff/c/<consultation_id>/comments": OFFICER,
    "/staff/c/<consultation_id>/comments/tag": OFFICER,       # POST only
    "/staff/c/<consultation_id>/themes": OFFICER,             # POST only
    "/staff/c/<consultation_id>/themes/delete": OFFICER,      # POST only
    "/staff/c/<consultation_id>/retention": OFFICER,
    "/staff/c/<consultation_id>/erase": OFFICER,
    # -- you said, we did: managers read, officers change (EXAMPLE action below) --
    "/staff/c/<consultation_id>/you-said": STAFF,
    "/staff/c/<consultation_id>/poster/you-said": STAFF,        # the printable A4 poster
    "/staff/c/<consultation_id>/you-said/<about>": STAFF,        # POST (officers) saves "You said"
    "/staff/c/<consultation_id>/you-said/<about>/new-action": OFFICER,
    "/staff/c/<consultation_id>/you-said/actions/<int:action_id>": OFFICER,
    "/staff/c/<consultation_id>/you-said/actions/<int:action_id>/remove": OFFICER,  # asks first
    "/staff/c/<consultation_id>/you-said/results-page/<move>": OFFICER,  # asks; its Yes POSTs
    "/staff/c/<consultation_id>/comments/quote": OFFICER,     # POST only
    "/staff/safeguarding": OFFICER,
    "/staff/safeguarding/decide": OFFICER,                    # POST only
    "/staff/safeguarding/<int:flag_id>": OFFICER,             # a flagged comment's response
    # -- builder (add rules here) --
    "/staff/builder/": OFFICER,
    "/staff/builder/new": OFFICER,
    "/staff/builder/copy": OFFICER,
    "/staff/builder/upload": OFFICER,
    "/staff/builder/phone.css": OFFICER,
    "/staff/builder/c/<consultation_id>": OFFICER,
    "/staff/builder/c/<consultation_id>.yaml": OFFICER,
    "/staff/builder/c/<consultation_id>/source": OFFICER,   # a shipped one: shown, not saved
    "/staff/builder/c/<consultation_id>/preview": OFFICER,
    "/staff/builder/c/<consultation_id>/preview/p/<int:number>": OFFICER,   # a paged one's steps
    "/staff/builder/c/<consultation_id>/preview/check": OFFICER,
    "/staff/builder/c/<consultation_id>/preview/resume": OFFICER,
    "/staff/builder/c/<consultation_id>/save": OFFICER,     # POST only
    "/staff/builder/c/<consultation_id>/settings": OFFICER,
    "/staff/builder/c/<consultation_id>/settings/logo": OFFICER,          # POST only
    "/staff/builder/c/<consultation_id>/settings/logo/remove": OFFICER,   # POST only
    "/staff/builder/c/<consultation_id>/scales": OFFICER,
    "/staff/builder/c/<consultation_id>/scales/new": OFFICER,
    "/staff/builder/c/<consultation_id>/scales/<scale_id>": OFFICER,  # a built-in one: shown
    "/staff/builder/c/<consultation_id>/conditions": OFFICER,
    "/staff/builder/c/<consultation_id>/conditions/<kind>/<part_id>": OFFICER,
    "/staff/builder/c/<consultation_id>/edit": OFFICER,                   # the structure editor
    "/staff/builder/c/<consultation_id>/edit/new-section": OFFICER,
    "/staff/builder/c/<consultation_id>/edit/new-section/<question_type>": OFFICER,
    "/staff/builder/c/<consultation_id>/edit/sections/<section_id>": OFFICER,
    "/staff/builder/c/<consultation_id>/edit/sections/<section_id>/move": OFFICER,    # POST only
    "/staff/builder/c/<consultation_id>/edit/sections/<section_id>/remove": OFFICER,  # asks first
    "/staff/builder/c/<consultation_id>/edit/sections/<section_id>/new-question": OFFICER,
    "/staff/builder/c/<consultation_id>/edit/sections/<section_id>/new-question/<question_type>": OFFICER,
    "/staff/builder/c/<consultation_id>/edit/questions/<question_id>": OFFICER,
    "/staff/builder/c/<consultation_id>/edit/questions/<question_id>/move": OFFICER,    # POST only
    "/staff/builder/c/<consultation_id>/edit/questions/<question_id>/remove": OFFICER,  # asks first
    "/staff/builder/c/<consultation_id>/edit/undo": OFFICER,  # POST only
    "/staff/builder/c/<consultation_id>/edit/questions/<question_id>/retire": OFFICER,  # POST only
    "/staff/builder/c/<consultation_id>/languages": OFFICER,
    "/staff/builder/c/<consultation_id>/languages/<language>.xlsx": OFFICER,  # a translator's file
    "/staff/builder/c/<consultation_id>/languages/<language>.po": OFFICER,
    "/staff/builder/c/<consultation_id>/languages/upload": OFFICER,               # POST only
    "/staff/builder/c/<consultation_id>/languages/<language>/checked": OFFICER,   # asks first
    "/staff/builder/c/<consultation_id>/languages/<language>/remove": OFFICER,    # asks first
    "/staff/builder/c/<consultation_id>/versions": OFFICER,
    "/staff/builder/c/<consultation_id>/versions/new": OFFICER,
    "/staff/builder/c/<consultation_id>/versions/v/<version_id>": OFFICER,
    "/staff/builder/c/<consultation_id>/versions/v/<version_id>/remove": OFFICER,  # asks first
    "/staff/builder/c/<consultation_id>/versions/questions/<question_id>": OFFICER,
}
# Routes that change something: each must refuse a POST without the CSRF token.
# None is exempt; an exemption would be listed here with its reason.
CSRF_EXEMPT: dict[str, str] = {}
VISITORS = ["anonymous", "respondent", "officer", "manager", "admin"]
EXAMPLE = {"consultation_id": TRAFFORD, "name": "q2", "fmt": "png",
           "path:filename": "app.css", "filename": "app.css", "int:number": "1",
           "short": "evyctv"}  # the short link of TRAFFORD
EXAMPLE["picture"] = "questions.png"  # one of docs/officers.md's pictures
EXAMPLE["user_id"] = "1"  # the first account: the visitor itself
EXAMPLE["int:flag_id"] = "1"  # the flagged_comment below
EXAMPLE["string(minlength=8):job_id"] = "example-prepared-job-1"  # the visitor's own (prepared_job)
EXAMPLE.update(scale_id="informed", kind="question", part_id="q2")  # of STORED, below
EXAMPLE.update(section_id="one", question_id="q2", question_type="likert")  # of STORED, below
EXAMPLE.update(about="q2.placement-stability", **{"int:action_id": "1"})  # you_said_action
EXAMPLE["move"] = "publish"  # the results page's confirm page (published_results: says so)
EXAMPLE["version_id"] = "younger"  # of STORED, below
EXAMPLE["state"] = "closed"  # TRAFFORD is open: closing it is the move its page asks about
# A GET that answers with a redirect for everyone, and where to.
REDIRECTS = {"/c/<consultation_id>/check": "/c/paged-access"}
REDIRECTS["/s/<short>"] = f"/c/{TRAFFORD}"  # the short public link
# Routes only a paged questionnaire with a logo has: they use this one.
PAGED = """\
id: paged-access
title: Paged
organisation: {name: Test Council, colour: "#1d4f91", logo: test.svg}
layout: pages
sections:
  - id: one
    questions:
      - {id: q1, type: short_text, text: Anything?}
"""
PAGED_RULES = {"/c/<consultation_id>/logo", "/c/<consultation_id>/p/<int:number>",
               "/c/<consultation_id>/check", "/c/<consultation_id>/resume"}
PAGED_RULES |= {f"/staff/builder/c/<consultation_id>/preview/{step}"  # the preview's steps
                for step in ("p/<int:number>", "check", "resume")}
# The builder's form pages change only consultations saved in the app (a shipped file is 404
# there): they use this one, saved in the database as the builder saves it.
STORED = """\
id: stored-access
title: Stored
organisation: {name: Test Council}
layout: pages
sections:
  - id: one
    questions:
      - {id: q1, type: single_choice, text: Who are you?, options: [{id: a, label: A}, {id: b, label: B}]}
  - id: two
    questions:
      - {id: q2, type: likert, text: How informed?, scale: informed, statements: [{id: s1, text: One}]}
versions:
  - {id: younger, name: Younger, choice: I am younger}
  - {id: older, name: Older, choice: I am older}
"""
STORED_RULES = {f"/staff/builder/c/<consultation_id>/{page}" for page in (
    "settings", "settings/logo", "settings/logo/remove", "scales", "scales/new", "scales/<scale_id>", "conditions",
    "conditions/<kind>/<part_id>")}
STORED_RULES |= {rule for rule in RULES if rule.startswith("/staff/builder/c/<consultation_id>/edit")}
STORED_RULES |= {rule for rule in RULES if rule.startswith("/staff/builder/c/<consultation_id>/languages")}
EXAMPLE["language"] = "cy"  # STORED is offered in Welsh (stored_questionnaire)
STORED_RULES |= {rule for rule in RULES if rule.startswith("/staff/builder/c/<consultation_id>/versions")}


@pytest.fixture(autouse=True)
def paged_questionnaire(questionnaires):
    (questionnaires / "paged-access.yaml").write_text(PAGED)
    (questionnaires / "logos").mkdir()
    (questionnaires / "logos" / "test.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>')


@pytest.fixture(autouse=True)
def prepared_job(request, paged_questionnaire):
    """The EXAMPLE job: a workbook prepared by the staff visitor being tested, since only the one
    who prepared a workbook may see its page or download it."""
    from survey.results import jobs
    from survey.store import jobs as job_table
    callspec = getattr(request.node, "callspec", None)
    owner = callspec.params.get("visitor") if callspec else None
    if owner in ("officer", "manager"):
        app, db = request.getfixturevalue("app"), request.getfixturevalue("db")
        job_id = EXAMPLE["string(minlength=8):job_id"]
        job_table.create(db, TRAFFORD, owner, False, job_id=job_id)
        trafford = app.extensions["haveyoursay.catalogue"].get(TRAFFORD)
        jobs.run(app.config["DATABASE"], job_id, trafford, False,
                 app.config["SUPPRESSION_THRESHOLD"])


@pytest.fixture(autouse=True)
def flagged_comment(paged_questionnaire, app, db):
    """The EXAMPLE flag: a comment on the safeguarding word list, in PAGED (so Trafford, whose
    charts are visited, keeps no responses)."""
    from survey.store.responses import save_response
    paged = app.extensions["haveyoursay.catalogue"].get("paged-access")
    save_response(db, paged, [("q1", "", "I feel unsafe")], "f" * 32)


@pytest.fixture(autouse=True)
def you_said_action(db):
    """The EXAMPLE action: the first, on a statement of TRAFFORD."""
    from survey.store.actions import About, ActionFields, add_action
    add_action(db, TRAFFORD, About("q2", "placement-stability"), "Staying in one home", "",
               ActionFields("We will meet every month.", team="Leaving care team"))


@pytest.fixture(autouse=True)
def published_results(db):
    """TRAFFORD's results page for young people, published: unpublished it is a 404 page."""
    from survey.store.results_pages import publish
    publish(db, TRAFFORD)


@pytest.fixture(autouse=True)
def stored_questionnaire(paged_questionnaire, db):
    """STORED, kept in the database like a consultation built in the browser."""
    from survey.store.db import write
    from survey.definition import load_text
    from survey.store.responses import record_definition
    from dataclasses import replace
    from survey.definition.dump import dump
    from survey.definition.model import Translation
    from survey.definition.texts import texts_of
    plain = load_text(STORED, "stored-access.yaml")
    welsh = Translation("cy", {key: f"Cy: {text}" for key, text in texts_of(plain).items()},
                        "a Welsh speaker")  # for the Languages page's routes
    stored = load_text(dump(replace(plain, translations=(welsh,))), "stored-access.yaml")
    with write(db):
        db.execute("INSERT INTO consultation_sources (consultation_id, source, version, updated_at)"
                   " VALUES (?, ?, ?, '2026-01-05T09:00:00Z')", [stored.id, stored.source, stored.version])
        db.execute("INSERT INTO consultation_settings (consultation_id, state, updated_at)"
                   " VALUES (?, 'draft', '2026-01-05T09:00:00Z')", [stored.id])
    record_definition(db, stored)


def url_for_rule(rule: str) -> str:
    example = {**EXAMPLE, "consultation_id": "paged-access"} if rule in PAGED_RULES else EXAMPLE
    example = {**EXAMPLE, "consultation_id": "stored-access"} if rule in STORED_RULES else example
    for key, value in example.items():
        rule = rule.replace(f"<{key}>", value)
    return rule


@pytest.fixture
def visitor(app, db, request):
    client = app.test_client()
    kind = request.param
    if kind == "respondent":
        client.get(TRAFFORD_FORM)  # has a form session, nothing more
    elif kind in ("officer", "manager", "admin"):
        add_user(db, kind, STAFF_PASSWORD, kind)
        page = client.get("/staff/sign-in")
        client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": kind,
                                            "password": STAFF_PASSWORD})
    return kind, client


def test_every_route_has_a_rule(app):
    assert {r.rule for r in app.url_map.iter_rules()} == set(RULES)


@pytest.mark.parametrize("visitor", VISITORS, indirect=True)
def test_each_route_for_each_visitor(app, visitor):
    kind, client = visitor
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            assert client.get(url_for_rule(rule.rule)).status_code == 405, rule.rule
            continue
        response = client.get(url_for_rule(rule.rule))
        who = RULES[rule.rule]
        signed_in = kind in ("officer", "manager", "admin")
        if rule.rule in REDIRECTS:
            assert response.status_code == 302, (kind, rule.rule)
            assert response.headers["Location"] == REDIRECTS[rule.rule], (kind, rule.rule)
        elif who == PUBLIC or kind in who:
            assert response.status_code == 200, (kind, rule.rule)
        elif signed_in:
            assert response.status_code == 403, (kind, rule.rule)
        else:
            assert response.status_code == 302, (kind, rule.rule)
            assert response.headers["Location"].startswith("/staff/sign-in"), (kind, rule.rule)


def everything_stored(db) -> dict[str, list]:
    """Every row of every table but the sessions' last-seen times, to compare before and after."""
    tables = [t for t in db.table_names() if t != "staff_sessions"]
    return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in tables}  # nosec B608


def test_every_post_route_needs_the_csrf_token(app, db, client):
    """Every route that takes a POST, for a user holding every role: without the CSRF token
    nothing stored changes at all."""
    add_user(db, "everything", STAFF_PASSWORD, ("admin", "officer", "manager"))
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "everything",
                                        "password": STAFF_PASSWORD})
    posts = sorted(r.rule for r in app.url_map.iter_rules() if "POST" in r.methods)
    assert "/staff/sign-out" in posts and "/c/<consultation_id>" in posts
    data = {**trafford_answers(), "submission_id": "f" * 32, "code": "tiger apple cloud river",
            "username": "everything", "password": STAFF_PASSWORD, "count": "5", "invited": "164",
            "state": "closed", "name": "theme", "roles": "admin"}
    for rule in posts:
        if rule in CSRF_EXEMPT:
            continue
        before = everything_stored(db)
        url = url_for_rule(rule)
        assert "<" not in url, f"add an EXAMPLE value for {rule}"
        response = client.post(url, data=data)
        assert response.status_code in (200, 302, 400, 404), rule
        assert everything_stored(db) == before, rule
    # the sign-out without a token did not sign the user out
    assert client.get("/staff/").status_code == 200


def test_pages_that_show_answers_are_never_cached(staff_client, submit):
    submit(trafford_answers())
    for rule, who in RULES.items():
        if rule.startswith("/staff/") and rule != "/staff/sign-out":
            response = staff_client.get(url_for_rule(rule))
            assert response.headers["Cache-Control"] == "no-store", rule


def test_html_in_a_definition_is_shown_as_text(tmp_path, questionnaires):
    from survey import create_app
    path = questionnaires / f"{TRAFFORD}.yaml"
    path.write_text(path.read_text().replace(
        "title: Corporate Parenting Strategy Review 2018-20",
        'title: "<script>alert(1)</script> Review"'))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "h.db"),
                      "QUESTIONNAIRES": str(questionnaires)})
    page = app.test_client().get(TRAFFORD_FORM)
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Review" in page.text


def test_html_in_an_answer_is_shown_as_text(submit):
    page = submit(trafford_answers(q1=None, q3="<img src=x onerror=alert(1)>"))
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_a_logo_is_served_so_that_no_script_in_it_can_run(client):
    response = client.get("/c/paged-access/logo")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert client.get(f"/c/{TRAFFORD}/logo").status_code == 404  # it has none
