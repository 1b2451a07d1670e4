"""Turn located YAML nodes into the validated model, collecting every error on the way."""
from __future__ import annotations

import difflib
import hashlib
import re
from datetime import date, datetime
from typing import Any, Callable

from survey.definition import messages as msg
from survey.definition.model import (
    FACES, HELP_TEXT, HELP_URL, LAYOUTS, OTHER, Choice, Condition, Organisation, Question,
    Questionnaire, Scale, Section, StartPage, Statement,
)
from survey.definition.types import (COMMON_KEYS, MAX_TEXT_LENGTH, QUESTION_TYPES, answer_choices,
                                     type_of)
from survey.definition.yamlnodes import Node, kind_of, shown

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
ROOT_KEYS = ("id", "title", "organisation", "introduction", "opens", "closes", "breakdown",
             "scales", "sections", "layout", "start", "series", "wave")
ORGANISATION_KEYS = ("name", "contact", "privacy_url", "colour", "logo", "help")
HELP_KEYS = ("text", "url")
START_KEYS = ("about", "who_reads", "time")
SECTION_KEYS = ("id", "title", "intro", "questions", "show_if")
STATEMENT_KEYS = ("id", "text", "comment", "retired")
CONDITION_KEYS = ("question", "statement", "is")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(png|svg)$")
SCALE_KEYS = ("points", "direction", "top_count", "top_label", "bottom_count", "bottom_label",
              "dont_know")
DIRECTIONS = ("one-way", "two-way")


def suggestion(found: str, allowed: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(found), list(allowed), n=1, cutoff=0.6)
    return msg.DID_YOU_MEAN.format(guess=close[0]) if close else ""


def _where(kind: str, raw: object, index: int) -> str:
    """How messages name a question or section: by its id, or by its place if it has none."""
    found = raw.get("id") if isinstance(raw, dict) else None
    if found is not None and isinstance(found.value, str):
        return f"{kind} '{shown(found.value)}'"
    return f"{kind} {index}"


class Checker:
    """Reads one definition's nodes, appending (line, message) for each problem found."""

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

    # -- parts of a definition --------------------------------------------------------------
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
                                 self.flag(parts, "retired", here, False)))
        if result and all(c.retired for c in result):
            self.error(fields[key].line, msg.ALL_RETIRED.format(where=where, item=item,
                                                                whole="question"))
        return tuple(result)

    def condition(self, fields: dict[str, Node], where: str) -> Condition | None:
        node = fields.get("show_if")
        if node is None:
            return None
        parts = self.mapping(node, f"{where}, show_if", CONDITION_KEYS, ("question", "is"))
        if parts is None:
            return None
        here = f"{where}, show_if"
        values_node = parts.get("is")
        raw = values_node.value if values_node else []
        raw = raw if isinstance(raw, list) else [values_node]
        values = []
        for value in raw:
            if isinstance(value.value, str) and value.value.strip():
                values.append(value.value.strip())
            else:
                self.error(value.line, msg.WRONG_KIND.format(
                    where=here, key="is", expected="an answer's id, or a list of them",
                    found=kind_of(value.value)))
        return Condition(question=self.text(parts, "question", here, required=True),
                         values=tuple(values), statement=self.text(parts, "statement", here),
                         line=node.line)

    def check_condition(self, condition: Condition | None, where: str,
                        earlier: dict[str, Question]) -> None:
        """A condition may only use a question asked before it, and only that question's answers."""
        if condition is None:
            return
        line = condition.line
        question = earlier.get(condition.question)
        if question is None:
            names = list(earlier)
            self.error(line, msg.CONDITION_UNKNOWN_QUESTION.format(
                where=where, found=shown(condition.question), allowed=", ".join(names) or "none",
                suggestion=suggestion(condition.question, names)))
            return
        if question.retired:
            self.error(line, msg.CONDITION_RETIRED.format(
                where=where, what=f"question '{question.id}'"))
            return
        if not type_of(question).picked:
            self.error(line, msg.CONDITION_NOT_CHOICE.format(
                where=where, found=question.id, type=question.type))
            return
        answers = [c.id for c in answer_choices(question)]
        if type_of(question).by_statement:
            statements = [s.id for s in question.statements]
            if not condition.statement:
                self.error(line, msg.CONDITION_STATEMENT.format(
                    where=where, found=question.id, allowed=", ".join(statements)))
                return
            if condition.statement not in statements:
                self.error(line, msg.CONDITION_UNKNOWN_STATEMENT.format(
                    where=where, found=shown(condition.statement), question=question.id,
                    allowed=", ".join(statements)))
                return
            if next(s for s in question.statements if s.id == condition.statement).retired:
                self.error(line, msg.CONDITION_RETIRED.format(
                    where=where, what=f"statement '{condition.statement}' of '{question.id}'"))
                return
        else:
            if condition.statement:
                self.error(line, msg.CONDITION_NO_STATEMENT.format(
                    where=where, question=question.id, type=question.type))
                return
            retired = {c.id for c in question.choices if c.retired}
            for value in sorted(retired.intersection(condition.values)):
                self.error(line, msg.CONDITION_RETIRED.format(
                    where=where, what=f"option '{value}' of '{question.id}'"))
        for value in condition.values:
            if value not in answers:
                self.error(line, msg.CONDITION_UNKNOWN_VALUE.format(
                    where=where, found=shown(value), question=question.id,
                    allowed=", ".join(answers), suggestion=suggestion(value, answers)))

    def scale(self, scale_id: str, node: Node) -> Scale | None:
        where = f"scale '{scale_id}'"
        fields = self.mapping(node, where, SCALE_KEYS, ("points",))
        if fields is None:
            return None
        points = self.choices(fields, "points", where, "point", ("id", "label", "face"))
        if "points" in fields and isinstance(fields["points"].value, list) and len(points) == 1:
            self.error(fields["points"].line, msg.SCALE_TOO_SHORT.format(where=where, found=1))
        direction = self.text(fields, "direction", where, "one-way")
        if direction not in DIRECTIONS:
            self.error(fields["direction"].line, msg.BAD_DIRECTION.format(
                where=where, allowed=", ".join(DIRECTIONS), found=shown(direction)))
        top = self.whole_number(fields, "top_count", where, 2)
        bottom = self.whole_number(fields, "bottom_count", where, 2)
        if len(points) >= 2 and top + bottom > len(points):
            self.error(node.line, msg.SCALE_COUNTS.format(
                where=where, top=top, bottom=bottom, points=len(points)))
        # "dont_know: Don't know", or a mapping for another id and label (not-sure, Not sure)
        dont_know = None
        if isinstance(fields.get("dont_know", Node(None, 0)).value, dict):
            parts = self.mapping(fields["dont_know"], f"{where}, dont_know", ("id", "label"),
                                 ("id", "label"))
            if parts is not None:
                dont_know = Choice(self.ident(parts, f"{where}, dont_know", {}, ""),
                                   self.text(parts, "label", where, required=True))
        elif self.text(fields, "dont_know", where):
            dont_know = Choice("dont-know", self.text(fields, "dont_know", where))
        if dont_know and dont_know.id in {p.id for p in points}:
            self.error(fields["dont_know"].line, msg.DUPLICATE_ID.format(
                where=where, id=dont_know.id, first=fields["points"].line, scope="within the scale"))
        return Scale(
            id=scale_id,
            points=points,
            direction=direction,
            top_count=top,
            top_label=self.text(fields, "top_label", where, "Positive"),
            bottom_count=bottom,
            bottom_label=self.text(fields, "bottom_label", where, "Negative"),
            dont_know=dont_know,
        )

    def scales(self, node: Node | None, where: str) -> dict[str, Scale]:
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.error(node.line, msg.WRONG_KIND.format(
                where=where, key="scales", expected="a mapping of scale names to scales",
                found=node.kind))
            return {}
        result = {}
        for scale_id, scale_node in node.value.items():
            if not ID_PATTERN.match(scale_id):
                self.error(scale_node.line, msg.BAD_ID.format(where=where, found=shown(scale_id)))
            scale = self.scale(scale_id, scale_node)
            if scale:
                result[scale_id] = scale
        return result

    def question(self, node: Node, index: int, scales: dict[str, Scale],
                 seen: dict[str, int]) -> Question | None:
        raw = node.value
        where = _where("question", raw, index)
        if not isinstance(raw, dict):
            self.error(node.line, msg.NOT_MAPPING.format(where=where, found=node.kind))
            return None
        any_key = COMMON_KEYS.union(*(t.keys for t in QUESTION_TYPES.values()))
        type_name = self.text(raw, "type", where)
        qtype = QUESTION_TYPES.get(type_name)
        if qtype is None:
            if "type" in raw:
                names = sorted(QUESTION_TYPES)
                self.error(raw["type"].line, msg.UNKNOWN_TYPE.format(
                    where=where, found=shown(type_name), allowed=", ".join(names),
                    suggestion=suggestion(type_name, names)))
            self.mapping(node, where, any_key, ("id", "type", "text"))
            return None
        allowed = COMMON_KEYS | qtype.keys
        for key, value in raw.items():
            other_types = [t for t in QUESTION_TYPES.values() if key in t.keys]
            if key not in allowed and other_types:
                self.error(value.line, msg.KEY_NOT_FOR_TYPE.format(
                    where=where, key=key, type=type_name, allowed=", ".join(sorted(allowed))))
        # Keys of other types were reported just above, so they are not "unknown" here.
        fields = self.mapping(node, where, any_key, ("id", "type", "text") + tuple(sorted(qtype.needs)))
        question_id = self.ident(fields, where, seen, "across the questionnaire")
        scale = None
        if "scale" in fields:
            scale_name = self.text(fields, "scale", where)
            scale = scales.get(scale_name)
            if scale is None:
                names = sorted(scales)
                self.error(fields["scale"].line, msg.UNKNOWN_SCALE.format(
                    where=where, found=shown(scale_name), allowed=", ".join(names),
                    suggestion=suggestion(scale_name, names)))
        statements = []
        statement_ids: dict[str, int] = {}
        for number, statement in enumerate(self.items(fields, "statements", where, "statement"), 1):
            here = f"{where}, statement {number}"
            parts = self.mapping(statement, here, STATEMENT_KEYS, ("id", "text"))
            if parts is not None:
                statements.append(Statement(
                    self.ident(parts, here, statement_ids, f"within {where}"),
                    self.text(parts, "text", here, required=True),
                    self.text(parts, "comment", here),
                    self.flag(parts, "retired", here, False)))
        if statements and all(s.retired for s in statements):
            self.error(fields["statements"].line, msg.ALL_RETIRED.format(
                where=where, item="statement", whole="question"))
        options = self.choices(fields, "options", where, "option",
                               ("id", "label", "counted", "retired"))
        if "other" in fields and any(o.id == OTHER for o in options):
            self.error(fields["other"].line, msg.OTHER_CLASH.format(where=where))
        max_length = self.whole_number(fields, "max_length", where, qtype.default_max_length)
        if max_length and max_length > MAX_TEXT_LENGTH:
            self.error(fields["max_length"].line, msg.TOO_LONG_LIMIT.format(
                where=where, found=max_length, limit=MAX_TEXT_LENGTH))
        number = fields.get("number")  # 1, or "2a"; left empty, no number is shown
        return Question(
            id=question_id,
            type=type_name,
            text=self.text(fields, "text", where, required=True),
            number=self.text(fields, "number", where) if number and number.value is not None else "",
            hint=self.text(fields, "hint", where),
            required=self.flag(fields, "required", where, False),
            options=options,
            other=self.text(fields, "other", where),
            scale=scale,
            statements=tuple(statements),
            max_length=max_length,
            comment=self.text(fields, "comment", where),
            show_if=self.condition(fields, where),
            line=node.line,
            retired=self.flag(fields, "retired", where, False),
        )

    def section(self, node: Node, index: int, scales: dict[str, Scale],
                section_ids: dict[str, int], question_ids: dict[str, int]) -> Section | None:
        raw = node.value
        where = _where("section", raw, index)
        fields = self.mapping(node, where, SECTION_KEYS, ("id", "questions"))
        if fields is None:
            return None
        questions = [self.question(q, i, scales, question_ids)
                     for i, q in enumerate(self.items(fields, "questions", where, "question"), 1)]
        return Section(
            id=self.ident(fields, where, section_ids, "across the questionnaire"),
            title=self.text(fields, "title", where),
            intro=self.text(fields, "intro", where),
            questions=tuple(q for q in questions if q),
            show_if=self.condition(fields, where),
        )

    def questionnaire(self, root: Node, builtin_scales: dict[str, Scale], source: str,
                      path: str) -> Questionnaire | None:
        if not isinstance(root.value, dict):
            self.error(root.line, msg.ROOT_NOT_MAPPING.format(found=root.kind))
            return None
        fields = self.mapping(root, "the questionnaire", ROOT_KEYS,
                              ("id", "title", "organisation", "sections"))
        where = "the questionnaire"
        questionnaire_id = self.ident(fields, where, {}, "")
        own_scales = self.scales(fields.get("scales"), where)
        for name in own_scales:
            if name in builtin_scales:
                self.error(fields["scales"].value[name].line, msg.SCALE_CLASH.format(
                    name=name, builtin=", ".join(sorted(builtin_scales))))
        scales = {**builtin_scales, **own_scales}
        organisation = self.organisation(fields.get("organisation"))
        section_ids: dict[str, int] = {}
        question_ids: dict[str, int] = {}
        sections = [self.section(s, i, scales, section_ids, question_ids)
                    for i, s in enumerate(self.items(fields, "sections", where, "section"), 1)]
        opens = self.day(fields, "opens", where)
        closes = self.day(fields, "closes", where)
        if opens and closes and closes < opens:
            self.error(fields["closes"].line, msg.DATES_REVERSED.format(
                where=where, opens=opens, closes=closes))
        sections = tuple(s for s in sections if s)
        questions = {q.id: q for s in sections for q in s.questions}
        layout = self.text(fields, "layout", where, "one-page")
        if layout not in LAYOUTS:
            self.error(fields["layout"].line, msg.BAD_LAYOUT.format(
                where=where, allowed=", ".join(LAYOUTS), found=shown(layout)))
        # Without JavaScript a question can only be left out once the answer it depends on has
        # been sent: so a condition names a question on an earlier page.
        earlier: dict[str, Question] = {}
        for section in sections:
            for part, kind, ident in ([(section, "section", section.id)]
                                      + [(q, "question", q.id) for q in section.questions]):
                if part.show_if and layout != "pages":
                    self.error(part.show_if.line, msg.CONDITION_NEEDS_PAGES.format(
                        where=f"{kind} '{ident}'"))
                else:
                    self.check_condition(part.show_if, f"{kind} '{ident}'", earlier)
            earlier.update((q.id, q) for q in section.questions)
        start = StartPage()
        if "start" in fields:
            parts = self.mapping(fields["start"], "start", START_KEYS)
            if parts is not None:
                start = StartPage(**{key: self.text(parts, key, "start") for key in START_KEYS})
        series = self.text(fields, "series", where)
        if series and "wave" not in fields:
            self.error(fields["series"].line, msg.SERIES_WITHOUT_WAVE.format(where=where))
        breakdown = self.text(fields, "breakdown", where) or None
        if breakdown:
            line = fields["breakdown"].line
            singles = [q.id for q in questions.values() if type_of(q).splits_results]
            if breakdown not in questions:
                self.error(line, msg.BREAKDOWN_UNKNOWN.format(
                    found=shown(breakdown), allowed=", ".join(singles) or "none"))
            elif not type_of(questions[breakdown]).splits_results:
                self.error(line, msg.BREAKDOWN_NOT_CHOICE.format(
                    found=breakdown, type=questions[breakdown].type))
            elif questions[breakdown].retired:
                self.error(line, msg.BREAKDOWN_RETIRED.format(found=breakdown))
        if questions and all(q.retired for q in questions.values()):
            self.error(fields["sections"].line, msg.NOTHING_ASKED)
        if self.errors:
            return None
        return Questionnaire(
            id=questionnaire_id,
            title=self.text(fields, "title", where, required=True),
            organisation=organisation,
            introduction=self.text(fields, "introduction", where),
            sections=sections,
            version=hashlib.sha256(source.encode("utf-8")).hexdigest()[:12],
            source=source,
            path=path,
            opens=opens,
            closes=closes,
            breakdown=breakdown,
            layout=layout,
            start=start,
            series=series,
            wave=self.text(fields, "wave", where),
        )

    def link(self, fields: dict[str, Node], key: str, where: str, default: str = "") -> str:
        value = self.text(fields, key, where, default)
        if key in fields and value and not value.startswith("https://"):
            self.error(fields[key].line, msg.NOT_A_LINK.format(where=where, key=key, found=shown(value)))
        return value

    def organisation(self, node: Node | None) -> Organisation | None:
        if node is None:
            return None
        if isinstance(node.value, str):
            return Organisation(name=node.value.strip())
        org = self.mapping(node, "organisation", ORGANISATION_KEYS, ("name",))
        if org is None:
            return None
        colour = self.text(org, "colour", "organisation")
        if colour and not COLOUR.match(colour):
            self.error(org["colour"].line, msg.BAD_COLOUR.format(found=shown(colour)))
        elif colour and contrast_with_white(colour) < 4.5:
            self.error(org["colour"].line, msg.LOW_CONTRAST.format(
                found=colour, ratio=contrast_with_white(colour)))
        logo = self.text(org, "logo", "organisation")
        if logo and not LOGO.match(logo):
            self.error(org["logo"].line, msg.BAD_LOGO.format(found=shown(logo)))
        help_ = {}
        if "help" in org:
            help_ = self.mapping(org["help"], "organisation, help", HELP_KEYS, ("text", "url")) or {}
        return Organisation(
            name=self.text(org, "name", "organisation", required=True),
            contact=self.text(org, "contact", "organisation"),
            privacy_url=self.link(org, "privacy_url", "organisation"),
            colour=colour.lower(),
            logo=logo,
            help_text=self.text(help_, "text", "organisation, help", HELP_TEXT),
            help_url=self.link(help_, "url", "organisation, help", HELP_URL),
        )


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of white text on `colour` (#rrggbb)."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)
