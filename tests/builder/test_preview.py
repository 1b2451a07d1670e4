"""The builder's preview follows the layout: a paged consultation is previewed from its start
page, step by step (Continue, Back, Change) to check your answers, with its conditions applied
to what the officer answered and its errors as a young person sees them, and nothing is stored."""
from __future__ import annotations

import re
import secrets

import pytest
from conftest import TRAFFORD, hidden_fields, trafford_answers

from survey.respond.flow import WRONG_CODE
from survey.builder.preview import NO_CODES, SAVED, SENT, TOO_LONG

SEFTON = "sefton-pledge"  # shipped, layout: pages; promise 9's page is for care leavers only
BANNER = "<strong>Nothing you enter here is stored or sent.</strong>"
PAGED = """\
id: preview-paged
title: Preview test
organisation: {name: Test Council}
layout: pages
sections:
  - id: you
    title: About you
    questions:
      - id: who
        type: single_choice
        text: Who are you?
        required: true
        options:
          - {id: in-care, label: A young person in care}
          - {id: care-leaver, label: A care leaver}
  - id: more
    title: Tell us more
    questions:
      - id: adviser
        type: single_choice
        text: Can you reach your personal adviser?
        show_if: {question: who, is: [care-leaver]}
        options:
          - {id: can, label: "Yes"}
          - {id: cannot, label: "No"}
      - id: better
        type: long_text
        text: What would make things better?
        max_length: 10000
"""


def preview(consultation_id: str) -> str:
    return f"/staff/builder/c/{consultation_id}/preview"


@pytest.fixture
def paged(questionnaires):
    (questionnaires / "preview-paged.yaml").write_text(PAGED)


def row_counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]  # nosec B608
            for t in db.table_names()}


def inputs(html: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<input[^>]*>", html)]


def first_choices(html: str) -> dict[str, str]:
    """The first option of every group of radios on the page, as a browser would send it."""
    chosen: dict[str, str] = {}
    for attributes in inputs(html):
        if attributes.get("type") == "radio":
            chosen.setdefault(attributes["name"], attributes["value"])
    return chosen


def continue_from(client, url: str, answers: dict, action: str = "continue"):
    page = client.get(url)
    assert page.status_code == 200, url
    return client.post(url, data={**hidden_fields(page.text), **answers, "action": action})


def step_of(html: str) -> tuple[int, int]:
    """The step shown and the most steps it says can follow."""
    found = re.search(r"step (\d+), (?:up to (\d+) more|the last one)", html)
    return int(found.group(1)), int(found.group(2) or 0)


def assert_preview_page(html: str, consultation_id: str) -> None:
    """The banner with its way back, the young person's page, and no link into the live pages."""
    assert "Preview" in html and BANNER in html
    assert f'href="/staff/builder/c/{consultation_id}">Back to the builder</a>' in html
    assert "phone.css" in html
    assert html.count("<h1") == 1
    for live in ("", "/p/", "/check", "/resume"):
        assert f'href="/c/{consultation_id}{live}' not in html.replace(
            f'href="/c/{consultation_id}/theme.css', "")


def walk(client, consultation_id: str, first_answer: dict) -> list[tuple[int, int, str]]:
    """Continue from step 1 to the check page, answering the first option of everything;
    the (step, most steps to follow, page URL) of each step."""
    url, seen = f"{preview(consultation_id)}/p/1", []
    while "/preview/p/" in url:
        page = client.get(url)
        assert_preview_page(page.text, consultation_id)
        seen.append((*step_of(page.text), url))
        answers = {**first_choices(page.text), **(first_answer if not seen[1:] else {})}
        sent = client.post(url, data={**hidden_fields(page.text), **answers, "action": "continue"})
        assert sent.status_code == 302, sent.text
        url = sent.headers["Location"]
        assert len(seen) < 20, "went round in a loop"
    assert url == f"{preview(consultation_id)}/check"
    return seen


def test_a_paged_consultation_is_walked_from_its_start_page_to_the_thanks_and_nothing_is_stored(
        staff_client, db):
    before = row_counts(db)
    start = staff_client.get(preview(SEFTON))
    assert start.status_code == 200
    assert_preview_page(start.text, SEFTON)
    assert "Our pledge is 10 promises" in start.text  # the start page's own words
    assert f'href="{preview(SEFTON)}/p/1"' in start.text  # "Start now"
    assert f'href="{preview(SEFTON)}/resume"' in start.text
    assert "<title>Sefton: our pledge to you (preview)" in start.text

    steps = walk(staff_client, SEFTON, {"respondent": "young-person-in-care"})
    # 12 sections; promise 9's page is only for care leavers
    # up to 11 more from step 1, since promise 9's page hangs on its answer; then only 9
    assert [(s, n) for s, n, _ in steps] == [(1, 11)] + [(i, 11 - i) for i in range(2, 12)]
    assert f"{preview(SEFTON)}/p/10" not in [url for *_, url in steps]

    step_two = staff_client.get(steps[1][2])
    assert f'<a href="{preview(SEFTON)}/p/1" class="govuk-back-link">Back</a>' in step_two.text
    step_one = staff_client.get(steps[0][2])
    assert f'<a href="{preview(SEFTON)}" class="govuk-back-link">Back</a>' in step_one.text
    assert 'value="young-person-in-care" checked' in step_one.text  # kept

    check = staff_client.get(f"{preview(SEFTON)}/check")
    assert check.status_code == 200
    assert_preview_page(check.text, SEFTON)
    assert "Check your answers before sending them" in check.text
    assert "A young person in care" in check.text
    assert f'href="{preview(SEFTON)}/p/1#respondent"' in check.text  # Change

    sent = staff_client.post(f"{preview(SEFTON)}/check", data=hidden_fields(check.text))
    assert sent.status_code == 200
    assert "Thank you, your answers have been sent" in sent.text and SENT in sent.text
    assert_preview_page(sent.text, SEFTON)
    assert row_counts(db) == before
    # sending ended the preview: it starts again with no answers
    assert staff_client.get(f"{preview(SEFTON)}/check").headers["Location"] == (
        f"{preview(SEFTON)}/p/1?unfinished=1")


def test_a_condition_shows_a_page_for_what_the_officer_answered(staff_client, db):
    before = row_counts(db)
    steps = walk(staff_client, SEFTON, {"respondent": "care-leaver"})
    # "up to 11 more" from step 1 holds once the first answer shows the page: no number grows
    assert [(s, n) for s, n, _ in steps] == [(i, 12 - i) for i in range(1, 13)]
    assert steps[9][2] == f"{preview(SEFTON)}/p/10"
    assert "Promise 9: moving on from care" in staff_client.get(steps[9][2]).text
    # Change the first answer: the page goes, and going to it leads on
    assert continue_from(staff_client, f"{preview(SEFTON)}/p/1",
                         {"respondent": "young-person-in-care"}).status_code == 302
    assert staff_client.get(f"{preview(SEFTON)}/p/10").headers["Location"] == f"{preview(SEFTON)}/check"
    check = staff_client.get(f"{preview(SEFTON)}/check")
    assert "Promise 9" not in check.text
    assert step_of(staff_client.get(f"{preview(SEFTON)}/p/11").text) == (10, 1)
    assert row_counts(db) == before


def test_a_condition_hides_a_question(paged, staff_client, db):
    before = row_counts(db)
    base = preview("preview-paged")
    continue_from(staff_client, f"{base}/p/1", {"who": "in-care"})
    page = staff_client.get(f"{base}/p/2")
    assert "What would make things better?" in page.text
    assert "personal adviser" not in page.text
    continue_from(staff_client, f"{base}/p/1", {"who": "care-leaver"})
    page = staff_client.get(f"{base}/p/2")
    assert "Can you reach your personal adviser? (optional)" in page.text
    sent = continue_from(staff_client, f"{base}/p/2", {"adviser": "can", "better": "More trips."})
    assert sent.headers["Location"] == f"{base}/check"
    check = staff_client.get(f"{base}/check")
    assert "More trips." in check.text and "Can you reach your personal adviser?" in check.text
    assert row_counts(db) == before


def test_a_missing_required_answer_shows_the_error_as_a_young_person_sees_it(staff_client, db):
    before = row_counts(db)
    url = f"{preview(SEFTON)}/p/1"
    page = continue_from(staff_client, url, {})
    assert page.status_code == 200
    assert_preview_page(page.text, SEFTON)
    assert "<title>Error: About you (step 1)" in page.text
    assert "There is a problem" in page.text
    assert 'href="#respondent">Choose an answer for ‘Which of these best describes you?’</a>' in page.text
    # going on past it: sent back to the page, which says what is missing
    skipped = staff_client.get(f"{preview(SEFTON)}/p/4")
    assert skipped.headers["Location"] == f"{url}?unfinished=1"
    assert "There is a problem" in staff_client.get(f"{url}?unfinished=1").text
    assert staff_client.get(f"{preview(SEFTON)}/check").headers["Location"] == f"{url}?unfinished=1"
    assert row_counts(db) == before


def test_a_post_without_its_token_keeps_nothing(staff_client):
    url = f"{preview(SEFTON)}/p/1"
    page = staff_client.post(url, data={"respondent": "care-leaver", "action": "continue"})
    assert page.status_code == 200 and "This page was open for too long" in page.text
    assert staff_client.get(f"{preview(SEFTON)}/p/2").headers["Location"] == f"{url}?unfinished=1"


def test_save_for_later_shows_an_example_code_that_is_never_kept(staff_client, db):
    before = row_counts(db)
    saved = continue_from(staff_client, f"{preview(SEFTON)}/p/1", {"respondent": "care-leaver"},
                          action="save")
    assert saved.status_code == 200
    assert_preview_page(saved.text, SEFTON)
    assert "Your answers are saved" in saved.text and SAVED in saved.text
    code = re.search(r'class="app-code">([a-z-]+)<', saved.text).group(1)
    assert f"{preview(SEFTON)}/resume?code={code}" in saved.text
    resume = staff_client.get(f"{preview(SEFTON)}/resume?code={code}")
    assert resume.status_code == 200 and NO_CODES in resume.text
    refused = staff_client.post(f"{preview(SEFTON)}/resume",
                                data={**hidden_fields(resume.text), "code": code})
    assert refused.status_code == 200 and WRONG_CODE in refused.text
    assert_preview_page(refused.text, SEFTON)
    # the answers were kept for the preview itself
    assert staff_client.get(f"{preview(SEFTON)}/p/2").status_code == 200
    assert row_counts(db) == before


def test_answers_too_long_for_the_cookie_are_refused_with_a_warning(paged, staff_client, db):
    base = preview("preview-paged")
    continue_from(staff_client, f"{base}/p/1", {"who": "in-care"})
    words = secrets.token_hex(4000)  # 8,000 characters that do not compress
    page = continue_from(staff_client, f"{base}/p/2", {"better": words})
    assert page.status_code == 200 and TOO_LONG in page.text
    assert words in page.text  # still on the page, to shorten
    assert staff_client.get(f"{base}/check").status_code == 200  # the earlier answers stayed
    assert "Not answered" in staff_client.get(f"{base}/check").text
    sent = continue_from(staff_client, f"{base}/p/2", {"better": words[:500]})
    assert sent.headers["Location"] == f"{base}/check"
    assert words[:500] in staff_client.get(f"{base}/check").text


def test_the_one_page_preview_still_shows_the_form_and_a_send_sends_nothing(staff_client, db):
    before = row_counts(db)
    page = staff_client.get(preview(TRAFFORD) + "?age=older")  # Trafford asks for an age first
    assert_preview_page(page.text, TRAFFORD)
    assert "Send my answers" in page.text
    wrong = staff_client.post(preview(TRAFFORD), data={**hidden_fields(page.text),
                                                       **trafford_answers(q1=None)})
    assert wrong.status_code == 200 and "There is a problem" in wrong.text
    sent = staff_client.post(preview(TRAFFORD), data={**hidden_fields(page.text),
                                                      **trafford_answers()})
    assert sent.status_code == 200 and SENT in sent.text
    assert "Thank you, your answers have been sent" in sent.text
    assert row_counts(db) == before


def test_the_steps_of_a_one_page_consultation_do_not_exist(staff_client):
    for path in ("/p/1", "/check"):
        assert staff_client.get(preview(TRAFFORD) + path).status_code == 404


def test_a_one_page_form_saved_for_later_in_the_preview_keeps_nothing(staff_client, db):
    """The one-page form can be saved for later too: the preview shows the saved page with an
    example code, and its resume page, where no code works; nothing is stored."""
    before = row_counts(db)
    page = staff_client.get(preview(TRAFFORD) + "?age=older")  # Trafford asks for an age first
    saved = staff_client.post(preview(TRAFFORD), data={**hidden_fields(page.text), "q1": "carer",
                                                       "action": "save"})
    assert "Your answers are saved" in saved.text and SAVED in saved.text
    assert_preview_page(saved.text, TRAFFORD)
    code = re.search(r'<strong class="app-code">([a-z-]+)</strong>', saved.text).group(1)
    resume = staff_client.get(f"{preview(TRAFFORD)}/resume?code={code}")
    assert resume.status_code == 200 and NO_CODES in resume.text
    tried = staff_client.post(f"{preview(TRAFFORD)}/resume",
                              data={**hidden_fields(resume.text), "code": code})
    assert WRONG_CODE in tried.text
    assert row_counts(db) == before


def test_a_paged_start_page_takes_no_post(staff_client):
    page = staff_client.get(preview(SEFTON))
    assert staff_client.post(preview(SEFTON), data=hidden_fields(page.text)).status_code == 405


def test_answers_given_to_another_version_are_not_used(staff_client):
    continue_from(staff_client, f"{preview(SEFTON)}/p/1", {"respondent": "care-leaver"})
    assert staff_client.get(f"{preview(SEFTON)}/p/10").status_code == 200
    with staff_client.session_transaction() as session:
        assert session["preview"]["id"] == SEFTON
        session["preview"] = {**session["preview"], "version": "an-earlier-version"}
    assert staff_client.get(f"{preview(SEFTON)}/p/10").headers["Location"] == f"{preview(SEFTON)}/p/1"
    assert 'value="care-leaver" checked' not in staff_client.get(f"{preview(SEFTON)}/p/1").text


def progress_words(client, first_url: str, first_answer: dict) -> list[str]:
    """Continue from `first_url` to the check page, answering the first option of everything;
    the progress words under each page's title."""
    url, seen = first_url, []
    while "/p/" in url:
        page = client.get(url)
        assert re.search(r"\d+ of \d+", page.text) is None  # no total that could grow
        seen.append(re.search(r'<span class="govuk-caption-l">[^<]*: (step [^<]*)</span>',
                              page.text).group(1))
        answers = {**first_choices(page.text), **(first_answer if len(seen) == 1 else {})}
        sent = client.post(url, data={**hidden_fields(page.text), **answers, "action": "continue"})
        assert sent.status_code == 302, sent.text
        url = sent.headers["Location"]
        assert len(seen) < 20, "went round in a loop"
    return seen


@pytest.mark.parametrize("who", ["young-person-in-care", "care-leaver"])
def test_the_preview_counts_the_steps_as_the_live_pages_do(staff_client, client, who):
    """An answer that adds a page changes what the preview says as it changes the live pages:
    "step 2, up to 10 more", never a total such as "1 of 3" that the answer would break."""
    live = progress_words(client, f"/c/{SEFTON}/p/1", {"respondent": who})
    previewed = progress_words(staff_client, f"{preview(SEFTON)}/p/1", {"respondent": who})
    assert previewed == live
    assert previewed[0] == "step 1, up to 11 more" and previewed[-1] == "step " + str(
        len(previewed)) + ", the last one"
    assert previewed[1] == ("step 2, up to 10 more" if who == "care-leaver" else "step 2, up to 9 more")



@pytest.fixture
def told(questionnaires):
    """A one-page consultation with a results date, written before the app reads the folder."""
    (questionnaires / "preview-told.yaml").write_text(
        "id: preview-told\ntitle: Told\norganisation: {name: Test Council}\n"
        "results_by: 2027-06-30\nsections:\n  - id: one\n    questions:\n"
        "      - {id: best, type: short_text, text: What is best?}\n")


def test_the_preview_s_thanks_page_says_when_young_people_will_hear_what_was_done(
        told, staff_client, db):
    before = row_counts(db)
    page = staff_client.get(preview("preview-told"))
    sent = staff_client.post(preview("preview-told"), data={**hidden_fields(page.text),
                                                             "best": "Games"})
    assert sent.status_code == 200 and SENT in sent.text
    assert "We will tell you what we did by 30 June 2027." in sent.text
    assert row_counts(db) == before
