"""The splits of a consultation's results besides its breakdown question: by the language a
response was given in and by the version for an age band it answered (issue 18).

Each is a synthetic single-choice question, so `analysis.summary` splits the results by it as it
does by the breakdown question and `analysis.disclosure` hides its small groups by the same rule;
its options are in the officers' words (a language's English name, a version's name), never codes
or ids. `asked_only` says which versions ask a question that not all of them ask, so outputs can
say whose answers a question's percentages are of.

Pure: only the model.
"""
from __future__ import annotations

from survey.definition import Question, Questionnaire
from survey.definition.languages import LANGUAGES
from survey.definition.model import Choice

# The ids of the synthetic questions that split results by language and by age band's version.
# A definition's ids match ^[a-z][a-z0-9_-]*$, so these can never be one of its questions.
BY_LANGUAGE = "@language"
BY_VERSION = "@version"
# Their words, in the officers' words (what results pages and files show as headings).
LANGUAGE_WORDS = "The language they answered in"
VERSION_WORDS = "The version for their age group they answered"
NO_VERSION = "No version recorded"    # a response from before versions, or a paper form's


def language_question(questionnaire: Questionnaire) -> Question | None:
    """The synthetic question BY_LANGUAGE: one option per language offered, named in English
    (what officers read), the working language first. None when only one is offered."""
    if len(questionnaire.languages) < 2:
        return None
    return Question(BY_LANGUAGE, "single_choice", LANGUAGE_WORDS, options=tuple(
        Choice(code, language_name(code)) for code in questionnaire.languages))


def version_question(questionnaire: Questionnaire) -> Question | None:
    """The synthetic question BY_VERSION: one option per version, by the officers' name of its
    age band. None when the consultation has no versions."""
    if not questionnaire.versions:
        return None
    return Question(BY_VERSION, "single_choice", VERSION_WORDS, options=tuple(
        Choice(v.id, v.name) for v in questionnaire.versions))


def language_name(code: str) -> str:
    """A language's name in English, what officers read ("Welsh"); the code if unknown."""
    found = LANGUAGES.get(code)
    return found.english if found else code


def asked_only(questionnaire: Questionnaire) -> dict[str, tuple[str, ...]]:
    """Question id (or "<question id>.<statement id>") -> the ids of the versions that ask it,
    for every question or statement that not all versions ask: a version's own question
    (`Question.versions`) or one a version leaves out (`Version.leave_out`). A response with no
    version (from before versions, or a paper form) was asked everything."""
    versions = questionnaire.versions
    found: dict[str, tuple[str, ...]] = {}
    if not versions:
        return found
    for q in questionnaire.questions:
        asking = [v for v in versions
                  if (not q.versions or v.id in q.versions) and q.id not in v.leave_out]
        if len(asking) < len(versions):
            found[q.id] = tuple(v.id for v in asking)
        for s in q.statements:
            key = f"{q.id}.{s.id}"
            own = [v for v in asking if key not in v.leave_out]
            if len(own) < len(asking):
                found[key] = tuple(v.id for v in own)
    return found


# A question (or statement) that only some versions ask, while one of their groups is hidden
# (analysis.disclosure, rule 6).
NOT_SHOWN = ("Asked only of {versions}: not shown, because that group is hidden (small "
             "numbers) and this question's figures would give its size away.")


def asked_words(summary, question_id: str) -> list[str]:
    """What to say of a question, or of its statements, that only some versions ask: whose
    answers its percentages are of, and which statements are not shown (rule 6 of
    analysis.disclosure). `summary` is an analysis.summary.ConsultationSummary."""
    question = next(q for q in summary.questionnaire.questions if q.id == question_id)
    said = []
    versions = summary.asked_in(question_id)
    if question_id in summary.not_shown:
        return [NOT_SHOWN.format(versions=" and ".join(versions))]
    if versions:
        said.append(f"Asked only of {' and '.join(versions)}: its figures are of those who "
                    "answered among them. Nobody else was asked, so nobody else is counted.")
    for statement in question.statements:
        versions = summary.asked_in(question_id, statement.id)
        if f"{question_id}.{statement.id}" in summary.not_shown:
            said.append(f"\"{statement.text}\": " + NOT_SHOWN.format(
                versions=" and ".join(versions)))
        elif versions:
            said.append(f"\"{statement.text}\" was asked only of {' and '.join(versions)}: "
                        "its figures are of those who answered among them.")
    return said
