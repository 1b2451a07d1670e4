"""Write the model back out as definition text: the YAML the loader reads into an equal model.

The builder never saves a model directly: it edits one, dumps it here, and sends the text through
`load_text` like any file, so there is one validator. Keys come in the README's order, defaults
are left out, built-in scales are named and a questionnaire's own scales written under `scales:`.
Comments in an uploaded file are not kept (the model has none).
"""
from __future__ import annotations

from typing import Any

import yaml

from survey.definition.languages import WORKING_LANGUAGE
from survey.definition.model import (HELP_TEXT, HELP_URL, Choice, Condition, Question, Questionnaire,
                                     Scale, Section, Translation, Version, default_group)
from survey.definition.texts import nest
from survey.definition.types import QUESTION_TYPES

SCALE_DEFAULTS = {"direction": "one-way", "top_count": 2, "top_label": "Positive",
                  "bottom_count": 2, "bottom_label": "Negative"}


class _Flow(dict):
    """A small mapping written on one line: {id: care-leaver, label: A care leaver}."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)  # "  - id:" under its key, as the README


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None  # a paragraph stays readable as a block
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping(
    "tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(dict, lambda d, v: d.represent_mapping(
    "tag:yaml.org,2002:map", v.items(), flow_style=False))


def _set(out: dict, key: str, value: Any, default: Any = "") -> None:
    if value != default and value is not None:
        out[key] = value


def _number(value: str) -> int | str:
    """Write 1 rather than '1'; "2a", "²" and "01" stay text."""
    plain = value.isascii() and value.isdigit() and len(value) <= 9
    return int(value) if plain and str(int(value)) == value else value


def _choice(choice: Choice, keep_counted: bool = True) -> dict:
    out = _Flow(id=choice.id, label=choice.label)
    _set(out, "face", choice.face)
    if keep_counted:
        _set(out, "counted", choice.counted, True)
        _set(out, "retired", choice.retired, False)
    _set(out, "safeguarding", choice.safeguarding, False)  # a scale point's too
    return out


def _condition(condition: Condition | None) -> dict | None:
    if condition is None:
        return None
    out = _Flow(question=condition.question)
    _set(out, "statement", condition.statement)
    values = list(condition.values)
    out["is"] = values[0] if len(values) == 1 else values
    return out


def _scale(scale: Scale) -> dict:
    out: dict = {"points": [_choice(p, keep_counted=False) for p in scale.points]}
    for key, default in SCALE_DEFAULTS.items():
        if key.endswith("_count"):  # the loader's default depends on the number of points
            default = default_group(len(scale.points))
        _set(out, key, getattr(scale, key), default)
    if scale.dont_know:
        out["dont_know"] = (scale.dont_know.label if scale.dont_know.id == "dont-know"
                            else _Flow(id=scale.dont_know.id, label=scale.dont_know.label))
    return out


def _question(question: Question, written: bool = True) -> dict:
    """`written`: numbering is "as written", so the question's own number is kept; otherwise
    the loader makes the numbers and a written one would be refused."""
    out: dict = {"id": question.id}
    if question.number and written:
        out["number"] = _number(question.number)
    out["type"] = question.type
    out["text"] = question.text
    _set(out, "hint", question.hint)
    _set(out, "required", question.required, False)
    if question.options:
        out["options"] = [_choice(o) for o in question.options]
    _set(out, "other", question.other)
    if question.scale is not None:
        out["scale"] = question.scale.id
    if question.statements:
        out["statements"] = []
        for statement in question.statements:
            item = _Flow(id=statement.id, text=statement.text)
            _set(item, "comment", statement.comment)
            _set(item, "retired", statement.retired, False)
            out["statements"].append(item)
    _set(out, "max_length", question.max_length, QUESTION_TYPES[question.type].default_max_length)
    _set(out, "comment", question.comment)
    _set(out, "show_if", _condition(question.show_if), None)
    _set(out, "retired", question.retired, False)
    _set(out, "versions", list(question.versions), [])
    return out


def _section(section: Section, written: bool = True) -> dict:
    out: dict = {"id": section.id}
    _set(out, "title", section.title)
    _set(out, "intro", section.intro)
    _set(out, "show_if", _condition(section.show_if), None)
    out["questions"] = [_question(q, written) for q in section.questions]
    return out


def own_scales(questionnaire: Questionnaire) -> dict[str, Scale]:
    """The scales a questionnaire uses that are not the built-in ones of the same name."""
    from survey.definition import BUILTIN_SCALES  # the package imports this module's users, not the reverse
    found: dict[str, Scale] = {}
    for question in questionnaire.questions:
        scale = question.scale
        if scale is not None and BUILTIN_SCALES.get(scale.id) != scale:
            found.setdefault(scale.id, scale)
    return found


def to_data(questionnaire: Questionnaire) -> dict:
    """The definition as plain mappings and lists, keys in the README's order."""
    q = questionnaire
    org = q.organisation
    organisation: dict = {"name": org.name}
    for key in ("contact", "privacy_url", "colour", "logo"):
        _set(organisation, key, getattr(org, key))
    if (org.help_text, org.help_url) != (HELP_TEXT, HELP_URL):
        organisation["help"] = _Flow(text=org.help_text, url=org.help_url)
    out: dict = {"id": q.id, "title": q.title, "organisation": organisation}
    _set(out, "introduction", q.introduction)
    _set(out, "opens", q.opens, None)
    _set(out, "closes", q.closes, None)
    _set(out, "results_by", q.results_by, None)
    _set(out, "breakdown", q.breakdown, None)
    _set(out, "layout", q.layout, "one-page")
    start = {k: getattr(q.start, k) for k in ("about", "who_reads", "time") if getattr(q.start, k)}
    _set(out, "start", start, {})
    _set(out, "series", q.series)
    _set(out, "wave", q.wave)
    _set(out, "numbering", q.numbering, "as written")
    scales = own_scales(q)
    if scales:
        out["scales"] = {name: _scale(scale) for name, scale in scales.items()}
    out["sections"] = [_section(s, q.numbering == "as written") for s in q.sections]
    _set(out, "language", q.language, WORKING_LANGUAGE)
    if q.versions:
        out["versions"] = [_version(v) for v in q.versions]
    if q.translations:
        out["translations"] = {t.language: _translation(t) for t in q.translations}
    return out


def _version(version: Version) -> dict:
    out: dict = {"id": version.id, "name": version.name, "choice": version.choice}
    _set(out, "leave_out", list(version.leave_out), [])
    _set(out, "words", nest(version.words), {})
    return out


def _translation(translation: Translation) -> dict:
    """A translation in page order, nested by ids, with who must check it first."""
    out: dict = {}
    _set(out, "needs_review", translation.needs_review)
    out.update(nest(translation.texts))
    return out


def dump(questionnaire: Questionnaire) -> str:
    """The definition as YAML text that `load_text` reads back into an equal model."""
    return yaml.dump(to_data(questionnaire), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=1000, default_flow_style=False)
