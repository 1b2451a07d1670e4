"""The question types a definition can use, as data: which keys each takes and needs.

Adding a type means adding a row here and a row in `survey.respond.form.FIELD_TYPES`; nothing else
branches on type names.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionType:
    name: str
    description: str
    keys: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    default_max_length: int | None = None

    @property
    def free_text(self) -> bool:
        """Answered in the young person's own words (a text box), not by picking."""
        return self.default_max_length is not None


# Every type takes these; "comment" adds a "Tell us more" box, "show_if" a condition,
# "retired: true" stops asking it while keeping its answers in the results.
COMMON_KEYS = frozenset({"id", "type", "text", "number", "hint", "required", "comment", "show_if",
                         "retired"})

QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        QuestionType(
            "single_choice",
            "pick one option (radios), optionally with 'Other, please say'",
            keys=frozenset({"options", "other"}),
            needs=frozenset({"options"}),
        ),
        QuestionType(
            "multiple_choice",
            "pick any number of options (checkboxes)",
            keys=frozenset({"options", "other"}),
            needs=frozenset({"options"}),
        ),
        QuestionType(
            "likert",
            "a list of statements, each answered on the same scale",
            keys=frozenset({"scale", "statements"}),
            needs=frozenset({"scale", "statements"}),
        ),
        QuestionType(
            "short_text",
            "a one-line text answer",
            keys=frozenset({"max_length"}),
            default_max_length=200,
        ),
        QuestionType(
            "long_text",
            "a longer text answer in a box",
            keys=frozenset({"max_length"}),
            default_max_length=2000,
        ),
    )
}

# Text answers are refused above this, far below Excel's 32,767-character cell limit.
MAX_TEXT_LENGTH = 10_000
# The "Other, please say" box.
OTHER_TEXT_LENGTH = 200

# The types whose answers are words a young person wrote: comments in the results, and checked
# for safeguarding words when stored.
TEXT_TYPES = frozenset(t.name for t in QUESTION_TYPES.values() if t.free_text)
