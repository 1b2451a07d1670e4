"""Turn located YAML nodes into the validated model, collecting every error on the way.

`Checker` is what survey.definition uses: `questionnaire(root, ...)` for a definition and
`scales(node, ...)` for the built-in scales. This module reads the root (its keys, dates, layout,
start page, series, breakdown, conditions in page order) and the organisation's details, and
composes the readers of the parts, each in its own module: the shapes every part is made of
(survey.definition.check_shapes), scales (survey.definition.check_scales), and sections,
questions and their conditions (survey.definition.check_questions).

What must stay true: every error in a file is collected, in the order the file is read, before
any is reported, and a questionnaire is returned only when there is none. The builder imports
ID_PATTERN, DIRECTIONS, COLOUR and contrast_with_white from here, and `suggestion` is public
too: keep them importable from this module.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from survey.definition import messages as msg
from survey.definition.check_questions import QuestionChecks
from survey.definition.check_scales import DIRECTIONS, ScaleChecks
from survey.definition.check_shapes import ID_PATTERN, suggestion
from survey.definition.check_texts import TextChecks
from survey.definition.model import (HELP_TEXT, HELP_URL, LAYOUTS, NUMBERINGS, Organisation, Question,
                                     Questionnaire, Scale, StartPage)
from survey.definition.numbering import numbered_sections
from survey.definition.types import type_of
from survey.definition.yamlnodes import Node, shown

__all__ = ["COLOUR", "DIRECTIONS", "ID_PATTERN", "Checker", "contrast_with_white", "suggestion"]

ROOT_KEYS = ("id", "title", "organisation", "introduction", "opens", "closes", "breakdown",
             "scales", "sections", "layout", "start", "series", "wave", "numbering",
             "results_by", "language", "translations", "versions")
ORGANISATION_KEYS = ("name", "contact", "privacy_url", "colour", "logo", "help")
HELP_KEYS = ("text", "url")
START_KEYS = ("about", "who_reads", "time")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(png|svg)$")


class Checker(QuestionChecks, ScaleChecks, TextChecks):
    """Reads one definition's nodes, appending (line, message) for each problem found."""

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
        results_by = self.day(fields, "results_by", where)
        last, last_key = (closes, "closes") if closes else (opens, "opens")
        if results_by and last and results_by < last:
            self.error(fields["results_by"].line, msg.RESULTS_BEFORE_CLOSING.format(
                where=where, results_by=results_by, key=last_key, day=last))
        sections = tuple(s for s in sections if s)
        questions = {q.id: q for s in sections for q in s.questions}
        layout = self.text(fields, "layout", where, "one-page")
        if layout not in LAYOUTS:
            self.error(fields["layout"].line, msg.BAD_LAYOUT.format(
                where=where, allowed=", ".join(LAYOUTS), found=shown(layout)))
        numbering = self.numbering(fields, where, questions.values())
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
        language = self.working_language(fields)
        versions = self.versions(fields) if "versions" in fields else []
        self.check_versions(fields, versions, questions, breakdown)
        if self.errors:
            return None
        questionnaire = Questionnaire(
            id=questionnaire_id,
            title=self.text(fields, "title", where, required=True),
            organisation=organisation,
            introduction=self.text(fields, "introduction", where),
            sections=numbered_sections(sections, numbering),
            version=hashlib.sha256(source.encode("utf-8")).hexdigest()[:12],
            source=source,
            path=path,
            opens=opens,
            closes=closes,
            results_by=results_by,
            breakdown=breakdown,
            layout=layout,
            start=start,
            series=series,
            wave=self.text(fields, "wave", where),
            numbering=numbering,
            language=language,
            versions=tuple(version for version, *_ in versions),
        )
        # The texts a translation must have are the model's: read once it is made.
        self.check_words(versions, questionnaire)
        translations = self.translations(fields, questionnaire)
        if self.errors:
            return None
        return replace(questionnaire, translations=translations) if translations else questionnaire

    def numbering(self, fields: dict[str, Node], where: str, questions) -> str:
        """The questionnaire's `numbering` (unquoted `off` is YAML's false, read as "off"); with
        any but "as written", a question's own `number` is an error, not silently dropped."""
        node = fields.get("numbering")
        if node is None:
            return "as written"
        numbering = "off" if node.value is False else self.text(fields, "numbering", where)
        if numbering not in NUMBERINGS:
            self.error(node.line, msg.BAD_NUMBERING.format(
                where=where, allowed=", ".join(NUMBERINGS), found=shown(numbering)))
            return "as written"
        if numbering != "as written":
            made = ("questions are numbered 1, 2, 3 in order" if numbering == "automatic"
                    else "no numbers are shown")
            for question in questions:
                if question.number:
                    self.error(question.line, msg.NUMBER_NOT_WRITTEN.format(
                        id=question.id, numbering=numbering, made=made))
        return numbering

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
