"""The scales page: a short scale saved with its groups left empty gets groups valid for its size,
named from its own points, and the page's hints speak of the scale at hand, not of another."""
from __future__ import annotations

import html

from test_settings import BASE, post, stored

SHORT = {"name": "family-time", "use": "mood", "action": "save",
         "point-1-label": "Happy", "point-2-label": "OK", "point-3-label": "Not happy",
         "dont_know": "I don\u2019t have family time"}


def test_a_3_point_scale_is_saved_with_its_groups_left_as_they_start(officer, db):
    page = officer.get(f"{BASE}/scales/new").text
    assert 'name="top_count" type="text" value=""' in page  # no 2 that a short scale cannot take
    assert "An answer that is counted but kept out of the percentages" in page
    response = post(officer, f"{BASE}/scales/new", SHORT)
    assert response.status_code == 302, response.text
    scale = stored(db).question("mood").scale
    assert (scale.top_count, scale.top_label, scale.bottom_count, scale.bottom_label) == (
        1, "Happy", 1, "Not happy")
    assert scale.dont_know.label == "I don\u2019t have family time"


def test_the_hints_name_the_scales_own_words(officer, db):
    copy = html.unescape(officer.get(f"{BASE}/scales/new?copy=frequency").text)
    assert "Leave it empty to call it \u2018Always or Usually\u2019" in copy
    assert "Leave it empty to call it \u2018Never\u2019" in copy
    assert "Leave it empty for 2 on a scale of 4 points" in copy
    assert "Informed" not in copy.split('id="main-content"')[1]
    # A mistake shows the page again with hints from the points typed.
    refused = post(officer, f"{BASE}/scales/new", {**SHORT, "top_count": "2", "bottom_count": "2"})
    text = html.unescape(refused.text)
    assert "Make them smaller, for example 1 point each" in text
    assert "Leave it empty for 1 on a scale of 3 points" in text
    assert "Leave it empty to call it \u2018Happy or OK\u2019" in text


def test_a_count_that_is_not_a_number_says_what_to_type(officer, db):
    before = stored(db)
    refused = html.unescape(post(officer, f"{BASE}/scales/new", {**SHORT, "top_count": "two"}).text)
    assert ("Enter how many points are in the top group, as a whole number of 1 or more, or leave "
            "it empty for 1") in refused
    assert stored(db) == before


def test_a_point_of_a_scale_can_be_sent_to_the_safeguarding_review_and_stays_so(officer, db):
    page = html.unescape(officer.get(f"{BASE}/scales/new").text)
    assert "Send to the safeguarding review when picked" in page
    response = post(officer, f"{BASE}/scales/new", {**SHORT, "point-3-safeguarding": "yes"})
    assert response.status_code == 302, response.text
    scale = stored(db).question("mood").scale
    assert [(p.label, p.safeguarding) for p in scale.points] == [
        ("Happy", False), ("OK", False), ("Not happy", True)]
    listed = html.unescape(officer.get(f"{BASE}/scales").text)
    assert "Sent to the safeguarding review when picked: Not happy" in listed
    # Its page shows the point ticked; saved again unticked, the mark is gone.
    again = officer.get(f"{BASE}/scales/family-time").text
    assert 'name="point-3-safeguarding" type="checkbox" value="yes" checked' in again
    changed = {k: v for k, v in SHORT.items() if k not in ("name", "use")}
    saved = post(officer, f"{BASE}/scales/family-time",
                 {**changed, **{f"point-{n}-id": i for n, i in
                                enumerate(("happy", "ok", "not-happy"), 1)}})
    assert saved.status_code == 302, saved.text
    assert not any(p.safeguarding for p in stored(db).question("mood").scale.points)
