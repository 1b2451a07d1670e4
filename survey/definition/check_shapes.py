"""The shapes every part of a definition is made of, read the same way for all of them.

`ShapeChecks` holds the list of errors and the readers every part uses: a mapping's keys, a text,
a yes or no, a whole number, a list, an id, a day, and a list of choices (a scale's points, a
question's options). What must stay true: a reader never raises; it appends (line, message) for
what is wrong and returns a default, so every mistake in a file is reported together, and the
messages are the constants of survey.definition.messages word for word (tests build the
expected text from them). The readers of scales (survey.definition.check_scales) and of sections
and questions (survey.definition.check_questions) build on this class and
survey.definition.validate.Checker composes them; this module imports none of them.
"""
from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any, Callable

from survey.definition import messages as msg
from survey.definition.model import FACES, Choice
from survey.definition.yamlnodes import Node, kind_of, shown

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")


def suggestion(found: str, allowed: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(found), list(allowed), n=1, cutoff=0.6)
    return msg.DID_YOU_MEAN.format(guess=close[0]) if close else ""


class ShapeChecks:
    """One definition's errors, (line, message) in the order found, and the readers of its shapes."""

    def __init__(self) -> None:
        self.errors: list[tuple[int, str]] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))

    # -- generic shapes ---------------------------------------------------------------------
    def mapping(self, node: Node, where: str, allowed: tuple[str, ...] | frozenset[str],
                required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.error(node.line, msg.NOT_MAPPING.format(where=where, found=node.kind))
            return None
        allowed_sorted = sorted(allowed)
        for key, value in node.value.items():
            if key not in allowed:
                self.error(value.line, msg.UNKNOWN_KEY.format(
                    where=where, key=shown(key), allowed=", ".join(allowed_sorted),
                    suggestion=suggestion(key, allowed_sorted)))
        for key in required:
            if key not in node.value:
                self.error(node.line, msg.MISSING_KEY.format(where=where, key=key))
        return node.value

    def value(self, fields: dict[str, Node], key: str, where: str, expected: str,
              accept: Callable[[Any], bool], default: Any = None) -> Any:
        node = fields.get(key)
        if node is None:
            return default
        if not accept(node.value):
            hint = msg.YES_NO_HINT if expected == "text" and isinstance(node.value, bool) else ""
            self.error(node.line, msg.WRONG_KIND.format(
                where=where, key=key, expected=expected, found=kind_of(node.value)) + hint)
            return default
        return node.value

    def text(self, fields: dict[str, Node], key: str, where: str, default: str = "",
             required: bool = False) -> str:
        value = self.value(fields, key, where, "text",
                           lambda v: isinstance(v, (str, int, float)) and not isinstance(v, bool),
                           default)
        value = str(value).strip() if value is not None else default
        if required and key in fields and not value:
            self.error(fields[key].line, msg.EMPTY_TEXT.format(where=where, key=key))
        return value

    def flag(self, fields: dict[str, Node], key: str, where: str, default: bool) -> bool:
        return self.value(fields, key, where, "true or false", lambda v: isinstance(v, bool), default)

    def whole_number(self, fields: dict[str, Node], key: str, where: str, default: int | None):
        node = fields.get(key)
        if node is None:
            return default
        if isinstance(node.value, bool) or not isinstance(node.value, int) or node.value < 1:
            self.error(node.line, msg.NOT_POSITIVE.format(where=where, key=key, found=shown(node.value)))
            return default
        return node.value

    def items(self, fields: dict[str, Node], key: str, where: str, item: str) -> list[Node]:
        node = fields.get(key)
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.error(node.line, msg.WRONG_KIND.format(
                where=where, key=key, expected=f"a list of {item}s", found=node.kind))
            return []
        if not node.value:
            self.error(node.line, msg.EMPTY_LIST.format(where=where, key=key, item=item))
        return node.value

    def ident(self, fields: dict[str, Node], where: str, seen: dict[str, int], scope: str) -> str:
        node = fields.get("id")
        if node is None:
            return ""
        found = node.value
        if isinstance(found, (dict, list)) or found is None:
            self.error(node.line, msg.WRONG_KIND.format(
                where=where, key="id", expected="text", found=node.kind))
            return ""
        if not isinstance(found, str) or not ID_PATTERN.match(found):
            self.error(node.line, msg.BAD_ID.format(where=where, found=shown(found)))
            return str(found)
        if found in seen:
            self.error(node.line, msg.DUPLICATE_ID.format(
                where=where, id=found, first=seen[found], scope=scope))
        else:
            seen[found] = node.line
        return found

    def day(self, fields: dict[str, Node], key: str, where: str) -> date | None:
        node = fields.get(key)
        if node is None:
            return None
        # A date and time (2026-01-05 10:00) is a datetime, which cannot be compared with a day.
        if isinstance(node.value, date) and not isinstance(node.value, datetime):
            return node.value
        self.error(node.line, msg.BAD_DATE.format(where=where, key=key, found=shown(str(node.value))))
        return None

    # -- lists of choices: a scale's points, a question's options ----------------------------
    def choices(self, fields: dict[str, Node], key: str, where: str, item: str,
                keys: tuple[str, ...] = ("id", "label")) -> tuple[Choice, ...]:
        result = []
        seen: dict[str, int] = {}
        for index, node in enumerate(self.items(fields, key, where, item), start=1):
            here = f"{where}, {item} {index}"
            parts = self.mapping(node, here, keys, ("id", "label"))
            if parts is None:
                continue
            face = self.text(parts, "face", here)
            if face and face not in FACES:
                self.error(parts["face"].line, msg.BAD_FACE.format(
                    where=here, found=shown(face), allowed=", ".join(FACES)))
            result.append(Choice(self.ident(parts, here, seen, f"within {where}"),
                                 self.text(parts, "label", here, required=True), face,
                                 self.flag(parts, "counted", here, True),
                                 self.flag(parts, "retired", here, False),
                                 self.flag(parts, "safeguarding", here, False)))
        if result and all(c.retired for c in result):
            self.error(fields[key].line, msg.ALL_RETIRED.format(where=where, item=item,
                                                                whole="question"))
        return tuple(result)
