"""The catalogue a request reads (loaded once by create_app), and the consultation a URL names."""
from __future__ import annotations

from flask import abort, current_app

from survey.definition import Questionnaire
from survey.store.catalogue import Catalogue

def catalogue() -> Catalogue:
    return current_app.extensions["haveyoursay.catalogue"]


def consultation_or_404(consultation_id: str) -> Questionnaire:
    """The consultation a URL names, or the 404 page."""
    questionnaire = catalogue().get(consultation_id)
    if questionnaire is None:
        abort(404)
    return questionnaire


def editable_or_404(consultation_id: str) -> Questionnaire:
    """A consultation the builder may change, or 404: one shipped as a file is changed in the
    repository (or copied in the builder), never here."""
    questionnaire = consultation_or_404(consultation_id)
    if catalogue().is_shipped(consultation_id):
        abort(404)
    return questionnaire
