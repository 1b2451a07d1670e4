"""The young people's results page (survey.respond.results): nothing until an officer publishes
it; then figures worked out by hand, the actions, and only quoted comments."""
from __future__ import annotations

import shutil
import textwrap
import time
import uuid

import pytest
from conftest import REPO, STAFF_PASSWORD, hidden_fields

from survey.respond import results as page_words
from survey.results import young_results
from survey.store import actions, lifecycle, results_pages, review
from survey.store.actions import About, ActionFields
from survey.store.responses import save_many, save_response
from survey.store.users import add_user
from survey.workspace.share import short_code

HOME = "home-results"
RESULTS = f"/c/{HOME}/results"
DEFINITION = textwrap.dedent(f"""\
    id: {HOME}
    title: Your home
    organisation: {{name: Test Council}}
    introduction: Tell us about the place you live.
    layout: one-page
    sections:
      - id: home
        title: Home
        questions:
          - {{id: q1, type: likert, scale: agreement, text: How is home?,
             statements: [{{id: safe, text: I feel safe}}, {{id: heard, text: I am listened to}}]}}
          - {{id: q2, type: single_choice, text: Do you have your own room?,
             options: [{{id: "y", label: "Yes, my own"}}, {{id: "n", label: "No, I share"}}]}}
          - {{id: q3, type: long_text, text: What would make home better?}}
    translations:
      cy:
        needs_review: true
        title: Dy gartref
        introduction: Dywed wrthym am y lle rwyt ti'n byw.
        organisation: {{name: Cyngor Prawf, help: "Childline: ffonia 0800 1111, am ddim, unrhyw bryd"}}
        sections: {{home: {{title: Cartref}}}}
        questions:
          q1: {{text: Sut mae adref?, statements: {{safe: "Rwy'n teimlo'n ddiogel", heard: Mae pobl yn gwrando arna i}}}}
          q2: {{text: Oes gennych chi eich ystafell eich hun?, options: {{"y": "Oes, fy un i", "n": "Na, rwy'n rhannu"}}}}
          q3: {{text: Beth fyddai'n gwneud cartref yn well?}}
        scales:
          agreement: {{strongly-agree: "Cytuno'n gryf", agree: Cytuno, neither: Ddim yn siŵr, disagree: Anghytuno,
                      strongly-disagree: "Anghytuno'n gryf", dont-know: Ddim yn gwybod}}
    """)


@pytest.fixture
def questionnaires(tmp_path):
    folder = tmp_path / "questionnaires"
    shutil.copytree(REPO / "questionnaires", folder)
    (folder / f"{HOME}.yaml").write_text(DEFINITION)
    return folder


@pytest.fixture(autouse=True)
def fresh():
    young_results.forget()
    yield
    young_results.forget()


def home(app):
    return app.extensions["haveyoursay.catalogue"].get(HOME)


def twenty(app, db, said=None):
    """20 responses: 14 of them agree (8 strongly) that they feel safe, 6 disagree; only 3
    answer 'I am listened to'; 6 have their own room and 14 share; two write a comment."""
    questionnaire = home(app)
    made = []
    for n in range(20):
        answers = [("q1", "safe", "strongly-agree" if n < 8 else "agree" if n < 14
                    else "disagree"),
                   ("q2", "", "y" if n < 6 else "n")]
        if n < 3:
            answers.append(("q1", "heard", "agree"))
        if n == 0:
            answers.append(("q3", "", said or "A bigger garden to play in"))
        if n == 1:
            answers.append(("q3", "", "My secret words nobody should see"))
        made.append((uuid.uuid4().hex, answers, f"2026-11-{n + 1:02d}T10:00Z"))
    save_many(db, questionnaire, made)
    return questionnaire


def comment_key(db, text):
    row = db.execute("SELECT response_id, question_id, item_id FROM answers WHERE value = ?",
                     [text]).fetchone()
    return tuple(row)


def test_not_published_shows_nothing_but_a_kind_page(app, client, db):
    twenty(app, db)
    page = client.get(RESULTS)
    assert page.status_code == 404
    assert page_words.NOT_READY in page.text
    assert "in 10 of you" not in page.text and "20 people" not in page.text
    assert "Get help now" in page.text


def test_the_kind_page_gives_the_results_date_when_there_is_one(app, client, db, questionnaires):
    (questionnaires / f"{HOME}.yaml").write_text(DEFINITION + "results_by: 2027-06-30\n")
    from survey.app import create_app
    dated = create_app({**app.config, "QUESTIONNAIRES": str(questionnaires)})
    page = dated.test_client().get(RESULTS)
    assert page.status_code == 404 and "by 30 June 2027" in page.text


def test_published_figures_are_the_ones_worked_out_by_hand(app, client, db):
    twenty(app, db)
    results_pages.publish(db, HOME)
    page = client.get(RESULTS)
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "20 people took part." in text
    # 14 of 20 picked Strongly agree or Agree: exactly 7 tenths.
    assert "7 in 10 of you said ‘Strongly agree’ or ‘Agree’." in text
    # 3 answered 'I am listened to': under 10, so hidden.
    assert text.count(page_words.HIDDEN) == 1
    # 6 of 20 have their own room (3 in 10), 14 share (7 in 10).
    assert "3 in 10 of you picked ‘Yes, my own’." in text
    assert "7 in 10 of you picked ‘No, I share’." in text
    assert '<rect width="70"' in text and '<rect width="30"' in text
    assert 'aria-hidden="true"' in text and "style=" not in text
    assert "Tell us about the place you live." in text


def test_fewer_than_ten_show_no_figures(app, client, db):
    questionnaire = home(app)
    save_many(db, questionnaire, [(uuid.uuid4().hex, [("q1", "safe", "agree"),
                                                       ("q2", "", "y")], "2026-11-01T10:00Z")
                                  for _ in range(7)])
    results_pages.publish(db, HOME)
    text = " ".join(client.get(RESULTS).text.split())
    assert "Fewer than 10 people took part. So we cannot show the numbers." in text
    assert "in 10 of you" not in text and "All of you" not in text and "<rect" not in text
    assert "7 people" not in text


def test_no_one_yet_reads_as_words_not_a_nought(app, client, db):
    home(app)
    results_pages.publish(db, HOME)
    text = " ".join(client.get(RESULTS).text.split())
    assert page_words.NO_ONE_YET in text and "0 people" not in text


def test_an_unquoted_comment_never_appears_and_a_quoted_one_does(app, client, db):
    questionnaire = twenty(app, db)
    results_pages.publish(db, HOME)
    assert "A bigger garden" not in client.get(RESULTS).text
    results_pages.set_quoted(db, questionnaire, comment_key(db, "A bigger garden to play in"),
                             True)
    text = client.get(RESULTS).text
    assert "<blockquote" in text and "A bigger garden to play in" in text
    assert "My secret words" not in text
    # Under its question.
    assert text.index("What would make home better?") < text.index("A bigger garden")


@pytest.mark.parametrize("decision", [None, "concern"])
def test_a_quoted_comment_later_flagged_or_a_concern_disappears(app, client, db, decision):
    questionnaire = twenty(app, db)
    results_pages.publish(db, HOME)
    key = comment_key(db, "A bigger garden to play in")
    results_pages.set_quoted(db, questionnaire, key, True)
    assert "A bigger garden" in client.get(RESULTS).text      # kept, before the flag
    # As a safeguarding word added to the list later would flag it (no store function flags
    # an answer already stored).
    flag_id = db.execute("INSERT INTO safeguarding_flags (response_id, question_id, item_id,"
                         " matched, flagged_at) VALUES (?, ?, ?, 'garden',"
                         " '2026-12-01T10:00:00Z')", key).lastrowid
    db.conn.commit()
    if decision:
        review.decide(db, flag_id, "referred", "MASH 123", "officer1")
    assert "A bigger garden" not in client.get(RESULTS).text


def test_actions_show_with_their_status_in_young_peoples_words(app, client, db):
    twenty(app, db)
    actions.add_action(db, HOME, About("q1", "safe"), "I feel safe", "Most of you feel safe.",
                       ActionFields("We will fix the locks.", status="done",
                                    we_did="We fixed every lock.", due=__import__("datetime")
                                    .date(2027, 6, 30), team="Fostering team"))
    actions.add_action(db, HOME, About("q2"), "Do you have your own room?", "",
                       ActionFields("We will find bigger homes.", status="not-possible",
                                    reason="There are not enough homes."))
    results_pages.publish(db, HOME)
    text = " ".join(client.get(RESULTS).text.split())
    for words in ("Most of you feel safe.", "We will fix the locks.", "We fixed every lock.",
                  "We did this", "By 30 June 2027", "Fostering team", "We could not do this",
                  "There are not enough homes."):
        assert words in text, words


def test_a_closed_consultations_short_link_leads_to_the_results(app, client, db):
    twenty(app, db)
    lifecycle.set_state(db, HOME, "closed")
    short = f"/s/{short_code(HOME)}"
    assert "This survey is not open" in client.get(short, follow_redirects=True).text
    results_pages.publish(db, HOME)
    page = client.get(short, follow_redirects=True)
    assert page.request.path == RESULTS and "7 in 10 of you" in page.text
    # Answers sent to the closed form are not stored, and the young person is told so: the
    # closed page, not the results as if they had been counted.
    before = db.execute("SELECT count(*) FROM responses").fetchone()[0]
    sent = client.post(f"/c/{HOME}", data={"q2": "y"})
    assert sent.status_code == 200 and "This survey is not open" in sent.text
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == before


def test_while_open_the_form_links_to_published_results_only(app, client, db):
    twenty(app, db)
    assert "See the results" not in client.get(f"/c/{HOME}").text
    results_pages.publish(db, HOME)
    page = client.get(f"/c/{HOME}")
    assert page.status_code == 200 and "See the results" in page.text
    assert f'href="{RESULTS}"' in page.text
    results_pages.unpublish(db, HOME)
    assert "See the results" not in client.get(f"/c/{HOME}").text


def test_a_manager_cannot_publish(app, client, db):
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                        "password": STAFF_PASSWORD})
    said = client.get(f"/staff/c/{HOME}/you-said")
    assert said.status_code == 200 and "Not published" in said.text
    assert "Publish the results page" not in said.text
    url = f"/staff/c/{HOME}/you-said/results-page/publish"
    assert client.get(url).status_code == 403
    assert client.post(url, data=hidden_fields(said.text)).status_code == 403
    assert not results_pages.is_published(db, HOME)


def test_the_page_is_kept_until_a_response_or_a_quote_changes_it(app, client, db):
    """One view at 5,000 responses reads them all; the next reads none (the report gives the
    times printed here: pytest -s)."""
    questionnaire = home(app)
    made = [(uuid.uuid4().hex, [("q1", "safe", "agree" if n % 10 < 7 else "disagree"),
                                ("q2", "", "y" if n % 2 else "n")], "2026-11-01T10:00Z")
            for n in range(5_000)]
    save_many(db, questionnaire, made)
    results_pages.publish(db, HOME)
    started = time.perf_counter()
    first = client.get(RESULTS)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = client.get(RESULTS)
    warm = time.perf_counter() - started
    print(f"\nresults page at 5,000 responses: first view {cold * 1000:.0f} ms, "
          f"kept {warm * 1000:.0f} ms")
    assert first.text == again.text and "5,000 people took part." in first.text
    assert warm < cold / 3
    save_response(db, questionnaire, [("q1", "safe", "disagree")], uuid.uuid4().hex)
    assert "5,001 people took part." in client.get(RESULTS).text


def test_the_results_page_in_welsh_has_no_english_of_ours_left(app, client, db):
    from interface_words import english_left_on_page, visible_text
    twenty(app, db)
    results_pages.publish(db, HOME)
    page = client.get(RESULTS + "?lang=cy").text           # the young person chose Welsh
    text = visible_text(page)
    assert 'lang="cy"' in page
    assert "Cymerodd 20 o bobl ran." in text                 # 20 people took part.
    # The consultation's own words in Welsh too, and "or" between the two points.
    assert "Dywedodd 7 o bob 10 ohonoch chi ‘Cytuno'n gryf’ neu ‘Cytuno’." in text
    assert "Dewisodd 3 o bob 10 ohonoch chi ‘Oes, fy un i’." in text
    assert "Rwy'n teimlo'n ddiogel" in text and "I feel safe" not in text
    assert english_left_on_page(text, "cy") == []
