"""Questionnaire definitions: read a YAML file, validate it, and return the typed model.

Public surface:
    load_text(text, filename, unfinished_translations=False) -> Questionnaire
                                                        (raises DefinitionError)
    load_file(path) -> Questionnaire                    (raises DefinitionError)
    load_folder(folder) -> (questionnaires, failures)
    BUILTIN_SCALES
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from survey.definition import messages as msg
from survey.definition.model import OTHER, Choice, Organisation, Question, Questionnaire, Scale, Section, Statement
from survey.definition.types import QUESTION_TYPES
from survey.definition.validate import Checker
from survey.definition.yamlnodes import read

# A definition is a few kilobytes; refusing huge files keeps a bad upload from using up memory.
MAX_FILE_BYTES = 1_000_000

__all__ = [
    "BUILTIN_SCALES", "OTHER", "QUESTION_TYPES", "Choice", "DefinitionError", "LoadFailure",
    "Organisation", "Question", "Questionnaire", "Scale", "Section", "Statement", "load_file",
    "load_folder", "load_text",
]


@dataclass(frozen=True)
class Problem:
    filename: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: {self.message}"


class DefinitionError(Exception):
    """Every problem found in one definition file, each with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class LoadFailure:
    path: str
    error: DefinitionError


def _problems(filename: str, errors: list[tuple[int, str]]) -> list[Problem]:
    return [Problem(filename, line, message) for line, message in errors]


def _load_builtin_scales() -> dict[str, Scale]:
    path = Path(__file__).parent / "scales.yaml"
    text = path.read_text(encoding="utf-8")
    root, errors = read(text)
    checker = Checker()
    scales = checker.scales(root, "built-in scales") if root else {}
    if errors or checker.errors:  # a broken shipped file is our bug, not the user's
        raise DefinitionError(_problems(str(path), errors + checker.errors))
    return scales


BUILTIN_SCALES: dict[str, Scale] = _load_builtin_scales()


def load_text(text: str, filename: str = "<definition>", *,
              unfinished_translations: bool = False) -> Questionnaire:
    """The model of one definition's text. `unfinished_translations`: a translation may lack
    texts (each listed in its `missing`, shown in the working language): only for a draft built
    in the browser. Files, and anything served to young people, are loaded without it."""
    # A character is at least one byte: a longer text is too large without encoding it.
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _too_large(filename)
    root, errors = read(text)
    if root is None:
        raise DefinitionError(_problems(filename, errors))
    checker = Checker(unfinished_translations=unfinished_translations)
    questionnaire = checker.questionnaire(root, BUILTIN_SCALES, text, filename)
    if errors or checker.errors or questionnaire is None:
        raise DefinitionError(_problems(filename, errors + checker.errors))
    return questionnaire


def _too_large(filename: str) -> DefinitionError:
    return DefinitionError([Problem(filename, 1, msg.TOO_LARGE.format(limit=MAX_FILE_BYTES // 1000))])


def load_file(path: str | Path) -> Questionnaire:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
    except OSError as error:
        raise DefinitionError([Problem(str(path), 0, msg.CANNOT_READ.format(reason=error.strerror))])
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DefinitionError([Problem(str(path), line, msg.NOT_UTF8)])
    return load_text(text, str(path))


def load_folder(folder: str | Path) -> tuple[dict[str, Questionnaire], list[LoadFailure]]:
    """Load every *.yaml file in a folder. A broken file is reported, never fatal to the others."""
    loaded: dict[str, Questionnaire] = {}
    failures: list[LoadFailure] = []
    for path in sorted(Path(folder).glob("*.y*ml")):
        try:
            questionnaire = load_file(path)
        except DefinitionError as error:
            failures.append(LoadFailure(str(path), error))
            continue
        if questionnaire.id in loaded:
            failures.append(LoadFailure(str(path), DefinitionError([Problem(
                str(path), 1, msg.ID_TAKEN.format(id=questionnaire.id, path=loaded[questionnaire.id].path))])))
            continue
        loaded[questionnaire.id] = questionnaire
    return loaded, failures
