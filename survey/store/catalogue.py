"""The catalogue of consultations the app serves: every definition in the questionnaires folder,
and those built or uploaded in the browser (their current text kept in consultation_sources).

Loaded once when the app starts. A definition that fails to load is kept as a failure to show
officers; it never stops the others from being served. A builder save puts the new version in
at once (`put`); other processes see it on their next request (`refresh`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from survey.definition import DefinitionError, LoadFailure, Questionnaire, load_folder
from survey.store.definitions import read_source
from survey.store.lifecycle import DEFAULT, states

# How a consultation kept in the database is named in messages (it has no file).
STORED = "saved in the app: {id}"


@dataclass
class Catalogue:
    folder: str
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    failures: list[LoadFailure] = field(default_factory=list)
    # Ids of consultations from the folder: the builder never overwrites these.
    shipped: frozenset[str] = frozenset()
    # (id, version) of every stored consultation last read, to notice another process's save.
    stamp: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def load(cls, folder: str | Path, db: sqlite_utils.Database | None = None) -> "Catalogue":
        questionnaires, failures = load_folder(folder)
        found = cls(str(folder), questionnaires, failures, frozenset(questionnaires))
        if db is not None:
            found.load_stored(db)
        return found

    def get(self, consultation_id: str) -> Questionnaire | None:
        return self.questionnaires.get(consultation_id)

    def all(self) -> list[Questionnaire]:
        return sorted(self.questionnaires.values(), key=lambda q: q.title.lower())

    def is_shipped(self, consultation_id: str) -> bool:
        return consultation_id in self.shipped

    def put(self, questionnaire: Questionnaire) -> None:
        """Serve this version from now on (after a builder save). Dicts are replaced, never
        changed in place, so a request reading them meanwhile sees the old or the new one."""
        self.questionnaires = {**self.questionnaires, questionnaire.id: questionnaire}
        self.stamp = self.stamp - {s for s in self.stamp if s[0] == questionnaire.id} | {
            (questionnaire.id, questionnaire.version)}

    def load_stored(self, db: sqlite_utils.Database) -> None:
        """Serve every consultation kept in the database at its current version."""
        rows = db.execute(
            "SELECT consultation_id, source, version FROM consultation_sources").fetchall()
        failures = [f for f in self.failures if not f.path.startswith(STORED.format(id=""))]
        known = states(db)  # a draft's translation may be unfinished (read_source)
        for consultation_id, source, _version in rows:
            if consultation_id in self.shipped:
                continue  # never happens through the builder; a file dropped in later wins
            name = STORED.format(id=consultation_id)
            try:
                questionnaire = read_source(db, source, consultation_id, name,
                                            known.get(consultation_id, DEFAULT))
            except DefinitionError as error:  # saved through the loader, so only if it changed
                failures.append(LoadFailure(name, error))
                continue
            if self.questionnaires.get(consultation_id) != questionnaire:
                self.put(questionnaire)
        self.failures = failures
        self.stamp = frozenset((r[0], r[2]) for r in rows)

    def refresh(self, db: sqlite_utils.Database) -> None:
        """Pick up consultations saved by another process since this one last looked."""
        rows = db.execute("SELECT consultation_id, version FROM consultation_sources").fetchall()
        if frozenset(map(tuple, rows)) != self.stamp:
            self.load_stored(db)
