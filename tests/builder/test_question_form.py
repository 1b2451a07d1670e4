"""The change-question form: a Likert question on a scale made in the same form (with an answer
counted but kept out of the percentages), and the "Yes or no" start for a one-choice question.
Everything is read back through the model the app serves."""
from __future__ import annotations

import html
import re

from test_structure import EDIT, NEW, fill, form_of, registry, send, source, stored

LIKERT = f"{EDIT}/sections/your-views/new-question/likert"
# The "your views on family time": three points and an answer kept out of percentages.
FAMILY_TIME = {"text": "How do you feel about family time?", "statement-1-text": "Time with my family",
               "scale": "new", "new-scale-point-1-label": "Happy", "new-scale-point-2-label": "OK",
               "new-scale-point-3-label": "Not happy",
               "new-scale-dont_know": "I don\u2019t have family time"}


def asked(app, text: str):
    """The built consultation's question with these words (ids are made from the words)."""
    return next(q for q in registry(app).get(NEW).questions if q.text == text)



def test_a_likert_question_is_saved_on_a_new_scale_made_in_its_form_with_a_kept_out_answer(app, built, db):
    page = built.get(LIKERT)
    assert "Make a new scale" in page.text
    assert "An answer that is counted but kept out of the percentages" in page.text
    assert len(re.findall(r'name="new-scale-point-\d+-label"', page.text)) == 5  # no reload needed
    saved = send(built, page, LIKERT, **FAMILY_TIME)
    assert saved.status_code == 302 and saved.headers["Location"] == EDIT, saved.text
    scale = asked(app, FAMILY_TIME["text"]).scale
    assert [(p.id, p.label) for p in scale.points] == [
        ("happy", "Happy"), ("ok", "OK"), ("not-happy", "Not happy")]
    assert (scale.dont_know.id, scale.dont_know.label) == ("dont-know", "I don\u2019t have family time")
    # Groups left empty: 1 point each on a 3-point scale, named from the points' own words.
    assert (scale.top_count, scale.top_label, scale.bottom_count, scale.bottom_label) == (
        1, "Happy", 1, "Not happy")
    assert scale.id == "happy-not-happy" and scale.direction == "one-way"
    # The next question on a scale can pick it, shown in the officer's words.
    again = built.get(f"{EDIT}/sections/your-views/new-question/likert").text
    assert 'value="happy-not-happy"' in again and "Happy, OK, Not happy" in again
    assert "\u2018I don\u2019t have family time\u2019 is counted but kept out of the percentages" in again


def test_add_another_point_keeps_what_was_typed_and_saves_nothing(built, db):
    before = stored(db)
    page = built.get(LIKERT)
    more = send(built, page, LIKERT, action="add-point", **FAMILY_TIME)
    assert more.status_code == 200 and stored(db) == before
    fields = form_of(more.text)
    assert fields["new-scale-point-6-label"] == "" and fields["new-scale-point-3-label"] == "Not happy"
    assert fields["scale"] == "new" and fields["text"] == FAMILY_TIME["text"]


def test_the_group_hints_name_the_new_scales_own_words(built, db):
    before = stored(db)
    page = built.get(LIKERT)
    refused = send(built, page, LIKERT, **{**FAMILY_TIME, "new-scale-top_count": "2",
                                           "new-scale-bottom_count": "2"})
    text = html.unescape(refused.text)
    assert refused.status_code == 200 and stored(db) == before
    assert ("The top and bottom groups together can have at most the 3 points of the scale. "
            "Make them smaller, for example 1 point each") in text
    assert 'href="#new-scale-top_count"' in refused.text
    assert "Leave it empty to call it \u2018Happy or OK\u2019" in text
    assert "Leave it empty to call it \u2018OK or Not happy\u2019" in text
    assert "Informed" not in text.split('id="main-content"')[1]


def test_a_new_scale_with_one_point_is_refused_on_its_boxes(built, db):
    before = stored(db)
    page = built.get(LIKERT)
    refused = send(built, page, LIKERT, **{**FAMILY_TIME, "new-scale-point-2-label": "",
                                           "new-scale-point-3-label": ""})
    assert "Give the scale at least 2 points" in refused.text
    assert 'href="#new-scale-point-1-label"' in refused.text and stored(db) == before


def test_yes_or_no_makes_a_one_choice_question_with_yes_no_and_not_sure(app, built, db):
    chooser = built.get(f"{EDIT}/sections/your-views/new-question")
    assert "Yes or no" in chooser.text
    chosen = fill(built, f"{EDIT}/sections/your-views/new-question", type="yes_no")
    path = f"{EDIT}/sections/your-views/new-question/yes_no"
    assert chosen.status_code == 302 and chosen.headers["Location"] == path
    page = built.get(path)
    fields = form_of(page.text)
    assert [fields[f"option-{n}-label"] for n in (1, 2, 3)] == ["Yes", "No", "Not sure"]
    assert fields["option-count"] == "3"
    assert send(built, page, path, text="Do you see your family enough?").status_code == 302
    question = asked(app, "Do you see your family enough?")
    assert question.type == "single_choice"
    assert [(o.id, o.label) for o in question.options] == [
        ("yes", "Yes"), ("no", "No"), ("not-sure", "Not sure")]
    # "Not sure" can be taken off before saving.
    page = built.get(path)
    removed = send(built, page, path, action="option-remove-3", text="Do you feel safe?")
    assert send(built, removed, path).status_code == 302
    assert [o.label for o in asked(app, "Do you feel safe?").options] == ["Yes", "No"]


# -- answers sent to the safeguarding review -----------------------------------------------------
CHOICE = f"{EDIT}/sections/your-views/new-question/single_choice"


def test_an_officer_ticks_an_option_to_send_it_to_the_safeguarding_review(app, built, db):
    page = built.get(CHOICE)
    assert "Send to the safeguarding review when picked" in html.unescape(page.text)
    saved = send(built, page, CHOICE, **{"text": "Do you feel safe at home?",
                                         "option-1-label": "Yes",
                                         "option-2-label": "I don\u2019t feel safe",
                                         "option-2-safeguarding": "yes"})
    assert saved.status_code == 302, saved.text
    question = asked(app, "Do you feel safe at home?")
    assert [(o.label, o.safeguarding) for o in question.options] == [
        ("Yes", False), ("I don\u2019t feel safe", True)]
    assert "safeguarding: true" in source(db)  # in the definition saved, not only in memory
    # The question's page shows it ticked, and unticking it is a change that is saved.
    path = f"{EDIT}/questions/{question.id}"
    page = built.get(path)
    assert form_of(page.text).get("option-2-safeguarding") == "yes"
    unticked = send(built, page, path, **{"option-2-safeguarding": None})
    assert unticked.status_code == 302, unticked.text
    assert not any(o.safeguarding for o in asked(app, "Do you feel safe at home?").options)


def test_a_point_of_a_new_scale_made_in_the_question_form_can_be_sent_for_review(app, built, db):
    page = built.get(LIKERT)
    saved = send(built, page, LIKERT, **FAMILY_TIME, **{"new-scale-point-3-safeguarding": "yes"})
    assert saved.status_code == 302, saved.text
    scale = asked(app, FAMILY_TIME["text"]).scale
    assert [(p.label, p.safeguarding) for p in scale.points] == [
        ("Happy", False), ("OK", False), ("Not happy", True)]
