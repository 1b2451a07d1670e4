"""The columns of the one-row-per-response table, shared by the Responses sheet and the CSV.

Response id, submitted at, channel, the batch reference of a paper return and how many took part
in a group session (blank for the rest), the language and the version for an age group it was
answered in (only for a consultation offered in more than one language, or with versions), then
one column per question (one per statement for a Likert question) holding readable labels:
scale point labels, option labels ("; " between the options of a multiple choice), "Other: their
words" for an "Other, please say" answer, and the text written. A "Tell us more" box gets a column of its own, after its statement's or its
question's column. The values are as stored or as the definition words them: both files write
them through `exports.safe.gate`, headers and labels as much as typed text. `Column.is_text`
marks the columns that can hold typed text, so the workbook makes those cells styled text cells.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from survey.definition import OTHER, Question, Questionnaire
from survey.definition.model import comment_item
from survey.definition.types import type_of

from analysis.splits import NO_VERSION, language_name


HEADER_LENGTH = 60
MULTIPLE_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]   # response -> cell value (None when not answered)
    kind: str = "answer"                # "id", "time", "channel", "count", "answer" or "text"
    width: int = 24

    @property
    def is_text(self) -> bool:
        """Can hold typed text (free text, the words of an "Other" answer, a batch reference)."""
        return self.kind == "text"


def shorten(text: str, limit: int = HEADER_LENGTH) -> str:
    """Cut long question text at a word boundary so it fits a header."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _number(question: Question) -> str:
    return question.number or question.id


def _choice_column(question: Question) -> Column:
    labels = {c.id: c.label for c in question.choices}
    key, other_key = (question.id, ""), (question.id, OTHER)

    def value(response):
        picked = response.answers.get(key, ())
        words = response.answers.get(other_key, ())
        if not picked and not words:
            return None
        shown = [labels.get(v, v) for v in picked if v != OTHER or not words]
        shown += [f"{question.other or 'Other'}: {w}" for w in words]
        return MULTIPLE_SEPARATOR.join(shown) or None

    return Column(f"{_number(question)}. {shorten(question.text)}", value,
                  "text" if question.other else "answer", 28)


def _likert_columns(question: Question) -> list[Column]:
    labels = {c.id: c.label for c in question.scale.choices}

    def column(index, statement):
        key = (question.id, statement.id)

        def value(response):
            picked = response.answers.get(key, ())
            return labels.get(picked[0], picked[0]) if picked else None

        return Column(f"{_number(question)}.{index} {shorten(statement.text)}", value, width=16)

    columns = []
    for index, statement in enumerate(question.statements, 1):
        columns.append(column(index, statement))
        if statement.comment:
            columns.append(_comment_column(question, f"{_number(question)}.{index}",
                                           statement.text, statement.id))
    return columns


def _comment_column(question: Question, prefix: str, about: str, statement_id: str = "") -> Column:
    """The words written in a "Tell us more" box, headed "2.1 Comment: <statement>"."""
    key = (question.id, comment_item(statement_id))

    def value(response):
        texts = [t for t in response.answers.get(key, ()) if t.strip()]
        return "\n".join(texts) or None

    return Column(f"{prefix} Comment: {shorten(about)}", value, "text", 40)


def _text_column(question: Question) -> Column:
    key = (question.id, "")

    def value(response):
        texts = response.answers.get(key, ())
        return "\n".join(texts) or None

    return Column(f"{_number(question)}. {shorten(question.text)}", value, "text", 40)


def response_columns(questionnaire: Questionnaire) -> list[Column]:
    columns = [
        Column("Response id", lambda r: r.id, "id", 11),
        Column("Submitted at (UTC)", lambda r: r.submitted_at, "time", 17),
        Column("Channel", lambda r: r.channel, "channel", 9),
        # Typed by an officer: a text column, gated like every other value.
        Column("Batch reference", lambda r: r.batch or None, "text", 16),
        Column("Group size", lambda r: r.group_size, "count", 7),
    ]
    if len(questionnaire.languages) > 1:
        working = questionnaire.language
        columns.append(Column("Language", lambda r: language_name(
            getattr(r, "language", "") or working), "answer", 12))
    if questionnaire.versions:
        names = {v.id: v.name for v in questionnaire.versions}
        columns.append(Column("Age group", lambda r: names.get(
            getattr(r, "age_version", ""), getattr(r, "age_version", "") or NO_VERSION),
            "answer", 18))
    for question in questionnaire.questions:
        if type_of(question).on_scale:
            columns += _likert_columns(question)
        elif type_of(question).on_options:
            columns.append(_choice_column(question))
        else:
            columns.append(_text_column(question))
        if question.comment:
            columns.append(_comment_column(question, f"{_number(question)}.", question.text))
    return columns
