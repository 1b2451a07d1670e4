"""Read sections and their questions (statements, options, show_if) into the model, and check
each show_if against the questions asked before it.

A question's keys are checked against its type's row in survey.definition.types: a key that
belongs to another type is reported as not for this type, not as unknown. Question and section
ids are unique across the questionnaire; statement and option ids within their question.
`condition` only reads a show_if; `check_condition` judges it once every section is read, since
a condition may name only a question asked earlier, so the root (survey.definition.validate)
calls it in the order of the pages.
"""
from __future__ import annotations

from survey.definition import messages as msg
from survey.definition.check_shapes import ShapeChecks, suggestion
from survey.definition.model import OTHER, Condition, Question, Scale, Section, Statement
from survey.definition.types import (COMMON_KEYS, MAX_TEXT_LENGTH, QUESTION_TYPES, answer_choices,
                                     type_of)
from survey.definition.yamlnodes import Node, kind_of, shown

SECTION_KEYS = ("id", "title", "intro", "questions", "show_if")
STATEMENT_KEYS = ("id", "text", "comment", "retired")
CONDITION_KEYS = ("question", "statement", "is")


def _where(kind: str, raw: object, index: int) -> str:
    """How messages name a question or section: by its id, or by its place if it has none."""
    found = raw.get("id") if isinstance(raw, dict) else None
    if found is not None and isinstance(found.value, str):
        return f"{kind} '{shown(found.value)}'"
    return f"{kind} {index}"


class QuestionChecks(ShapeChecks):
    """Reads sections, their questions and the conditions on either."""

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
                               ("id", "label", "counted", "retired", "safeguarding"))
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
            versions=self.question_versions(fields, where) if "versions" in fields else (),
        )

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
