"""The consultations the app serves: every definition in the questionnaires folder.

Loaded once when the app starts. A definition that fails to load is kept as a failure to show
officers; it never stops the others from being served.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from .definition import LoadFailure, Questionnaire, load_folder
from .forms import ResponseForm, form_class


@dataclass
class Registry:
    folder: str
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    failures: list[LoadFailure] = field(default_factory=list)
    forms: dict[str, type[ResponseForm]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: str | Path) -> "Registry":
        questionnaires, failures = load_folder(folder)
        forms = {qid: form_class(q) for qid, q in questionnaires.items()}
        return cls(str(folder), questionnaires, failures, forms)

    def get(self, consultation_id: str) -> Questionnaire | None:
        return self.questionnaires.get(consultation_id)

    def all(self) -> list[Questionnaire]:
        return sorted(self.questionnaires.values(), key=lambda q: q.title.lower())


def registry() -> Registry:
    return current_app.extensions["haveyoursay.registry"]
