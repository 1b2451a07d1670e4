"""The results page young people see (issue 16): what a consultation asked, how many took part,
its figures in plain words, "You said, we did" with each action's status, and the comments an
officer chose to quote. It exists only once an officer publishes it
(survey.store.results_pages); before that, a kind page says the results are not ready.

The figures come only from the published summary with quoted comments alone
(survey.results.young_results, which keeps them while they cannot have changed): no figure the
disclosure rules hide, no breakdown by group, no words a young person wrote unless quoted. A
closed consultation whose results are published sends its link and QR code here
(survey.respond.closed). Phone first, no scripts, and the bars are pictures only: the words say
everything (the bar's length is the same tenths the words say).
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import gettext, ngettext

from survey.results.young_results import results_page
from survey.store import results_pages
from survey.store.actions import entries
from survey.definition.texts import translated as in_language
from survey.respond.chosen import for_young_person
from survey.web.per_request import get_db
from survey.respond.store_words import translated
from survey.web.language import N_, day

bp = Blueprint("results", __name__, url_prefix="/c/<consultation_id>")

# Words young people read (tests/respond/test_reading_age.py), in English; shown in the page's
# language (survey.web.language). {limit} is a number.
NOT_READY = N_("The results are not ready yet.")
NOT_READY_MORE = N_("Please come back later to see what you told us and what we did.")
TOO_FEW = N_("Fewer than {limit} people took part. So we cannot show the numbers.")
# What took_part_words says in English (its msgids are ngettext's, with every plural form).
TOOK_PART = "{limit} people took part."
ONE_TOOK_PART = "1 person took part."
NO_ONE_YET = N_("No one has taken part yet.")
HIDDEN = N_("Not enough people answered this to show it.")
NOBODY = N_("No one answered this.")
NO_ACTIONS = N_("We have not written what we will do yet.")


def took_part_words(count: int | None) -> str:
    """How many took part, in words ('' when too few to say: TOO_FEW is shown instead): in
    English ONE_TOOK_PART or TOOK_PART; a language with more plural forms has them all."""
    if count is None:
        return ""
    if count == 0:
        return gettext(NO_ONE_YET)
    return ngettext("%(people)s person took part.", "%(people)s people took part.", count,
                    people=f"{count:,}")


@bp.get("/results")
def page(consultation_id: str):
    questionnaire = for_young_person(consultation_id)
    db = get_db()
    if not results_pages.is_published(db, questionnaire.id):
        return render_template("respond/results_not_ready.html", q=questionnaire,
                               words={"not_ready": gettext(NOT_READY),
                                      "more": gettext(NOT_READY_MORE)}), 404
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    # Figures of every response, every version's questions: the whole consultation, in the
    # young person's language.
    whole = in_language(questionnaire.itself, questionnaire.in_language)
    shown = results_page(db, whole, threshold)
    said = [entry for entry in entries(db, questionnaire.id).values()
            if entry.said or entry.actions]
    words = {"too_few": gettext(TOO_FEW).format(limit=threshold), "hidden": gettext(HIDDEN),
             "nobody": gettext(NOBODY), "no_actions": gettext(NO_ACTIONS),
             "took_part": took_part_words(shown.took_part)}
    return render_template("respond/results.html", q=questionnaire, shown=shown, said=said,
                           words=words, day=day, share=translated)
