"""The printable "You said, we did" poster: what it shows, by its fixed rule, and who sees it."""
from __future__ import annotations

from datetime import date

from conftest import STAFF_PASSWORD, TRAFFORD, hidden_fields
from respond.test_reading_age import constants, hard

from survey.store import results_pages
from survey.store.actions import STATUSES, About, ActionFields, add_action
from survey.store.users import add_user
from survey.workspace import you_said_poster
from survey.workspace.you_said_poster import (AND_MORE, LINE_WIDTH, LINES, MOST_ENTRIES,
                                              NOTHING_YET, SCAN, SEE_ALL, TOLD_US_ABOUT,
                                              on_poster)
from survey.store.actions import entries

POSTER = f"/staff/c/{TRAFFORD}/poster/you-said"
LINK = "localhost/s/evyctv"      # the short link of TRAFFORD, as the test client serves it


def act(db, statement: str, said: str = "", **fields):
    fields = {"we_will": f"We will look at {statement.replace('-', ' ')}.", **fields}
    return add_action(db, TRAFFORD, About("q2", statement), statement.capitalize(), said,
                      ActionFields(**fields))


def main(page) -> str:
    return page.text[page.text.index("<main"):page.text.index("</main>")]


def test_entries_show_what_was_said_done_and_planned_in_young_peoples_words(staff_client, db):
    act(db, "placement-stability", "Many of you said moving home is hard.",
        we_will="We will keep you in one home.", we_did="We made a new rule on moves.",
        status="done")
    act(db, "education", "You want help with homework.", we_will="Set up a homework club.",
        status="in-progress", due=date(2027, 6, 30))
    act(db, "adoption", "", status="not-possible", reason="The law does not let us.",
        due=date(2026, 1, 1))
    page = staff_client.get(POSTER)
    assert page.status_code == 200
    shown = main(page)
    assert "Many of you said moving home is hard." in shown
    assert "<strong>We did:</strong> We made a new rule on moves." in shown
    assert "We will keep you in one home." not in shown        # "We did" words are said instead
    assert "<strong>We will:</strong> Set up a homework club." in shown
    assert "We are doing this now</strong>. By 30 June 2027" in shown
    # No "You said" written: what it is about, in the officer's words; a reason, and no date.
    assert TOLD_US_ABOUT.format(about="Adoption") in shown
    assert "We could not do this</strong>. Why not: The law does not let us." in shown
    assert "1 January 2026" not in shown
    for status in STATUSES:          # young people's words, never the officers'
        assert f"<strong>{status.name}</strong>" not in shown
    assert SCAN in shown and LINK in shown
    assert f'src="/staff/c/{TRAFFORD}/qr.svg"' in shown
    assert "placement-stability" not in shown and "q2." not in shown    # no ids


def test_words_that_start_with_we_will_are_not_labelled_twice(staff_client, db):
    act(db, "education", we_will="We will start a homework club.")
    shown = main(staff_client.get(POSTER))
    assert "We will start a homework club." in shown
    assert "We will:</strong> We will" not in shown


def test_done_entries_come_first(staff_client, db):
    act(db, "education", "Planned one.", status="planned")
    act(db, "adoption", "Stopped one.", status="not-possible", reason="No money.")
    act(db, "early-help", "Done one.", status="done", we_did="We did it.")
    act(db, "placement-stability", "Going one.", status="in-progress")
    shown = main(staff_client.get(POSTER))
    order = [shown.index(f"{which} one.") for which in ("Done", "Going", "Planned", "Stopped")]
    assert order == sorted(order)


def test_an_entry_without_an_action_is_not_on_the_poster(staff_client, db):
    from survey.store.actions import save_said
    save_said(db, TRAFFORD, About("q2", "education"), "Education", "Nothing done about this.")
    act(db, "adoption", "Something done about this.")
    shown = main(staff_client.get(POSTER))
    assert "Nothing done about this." not in shown
    assert "Something done about this." in shown and "more at" not in shown


def test_more_entries_than_fit_are_counted_with_the_link(app, staff_client, db):
    statements = ["placement-stability", "foster-families-closer-to-home", "education",
                  "special-guardianship", "services-working-together", "early-help", "adoption"]
    for statement in statements:
        act(db, statement, f"Said about {statement}.")
    assert len(statements) == MOST_ENTRIES + 1
    shown = main(staff_client.get(POSTER))
    assert shown.count('class="app-said-poster__entry"') == MOST_ENTRIES
    assert AND_MORE.format(count=1, link=LINK) in shown
    assert "Said about adoption." not in shown          # the newest of equals is left off


def test_long_entries_are_left_off_by_the_line_budget_never_cut(db, app):
    """Three entries of 500 characters said and 500 done: 16 lines each (7 + 7 + a status line
    + 1), so only one fits in LINES; the others are counted, never shortened."""
    long_said = ("We want to see our brothers and sisters more often than we do. " * 8)[:500]
    for statement in ("education", "adoption", "early-help"):
        act(db, statement, long_said, we_will=("We will " + "plan more visits. " * 30)[:500])
    shown, more = on_poster(entries(db, TRAFFORD))
    assert [entry.lines for entry in shown] == [1 + 7 + 7 + 1] and more == 2
    assert 2 * shown[0].lines > LINES and 500 / LINE_WIDTH > 6
    assert shown[0].said == long_said.strip()


def test_an_entry_too_long_for_the_poster_is_counted_and_the_officer_told(staff_client, db):
    """Fourteen actions of one line each, with their status lines: more than LINES alone."""
    for n in range(14):
        act(db, "education", "Said with many actions.", we_will=f"We will do thing {n}.")
    shown = main(staff_client.get(POSTER))
    assert "Said with many actions." not in shown and NOTHING_YET not in shown
    assert SEE_ALL.format(link=LINK) in shown
    assert "1 of the things young people said that have an action is not on the poster" in shown


def test_without_actions_the_poster_says_so_and_the_officer_is_sent_to_write_them(staff_client):
    shown = main(staff_client.get(POSTER))
    assert NOTHING_YET in shown and "Write what you will do" in shown
    assert "app-said-poster__entry" not in shown


def test_the_officer_is_told_until_the_results_page_is_published(app, staff_client, db):
    act(db, "education")
    assert "The results page is not published yet" in staff_client.get(POSTER).text
    results_pages.publish(db, TRAFFORD)
    assert "The results page is not published yet" not in staff_client.get(POSTER).text


def test_a_manager_can_see_the_poster(client, db):
    act(db, "education", "Said for managers too.")
    add_user(db, "manager1", STAFF_PASSWORD, "manager")
    page = client.get("/staff/sign-in")
    client.post("/staff/sign-in", data={**hidden_fields(page.text), "username": "manager1",
                                        "password": STAFF_PASSWORD})
    page = client.get(POSTER)
    assert page.status_code == 200 and "Said for managers too." in page.text


def test_the_poster_is_linked_from_the_you_said_page_and_the_share_poster(staff_client):
    for page in (f"/staff/c/{TRAFFORD}/you-said", f"/staff/c/{TRAFFORD}/poster"):
        assert f'href="{POSTER}"' in staff_client.get(page).text, page


def test_the_posters_words_read_at_age_9(app):
    found = {where: words for where, words in constants().items()
             if where.startswith(you_said_poster.__name__)}
    assert f"{you_said_poster.__name__}.SCAN" in found
    assert f"{you_said_poster.__name__}.AND_MORE" in found
    assert not hard(found)
    assert not hard({f"status {s.id}": s.young for s in STATUSES})
