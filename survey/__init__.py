"""Have Your Say: a consultation toolkit for councils' children's services.

Importing this package loads nothing of the web app: `analysis` and `exports` import
`survey.definition` (the model), and they must not pull Flask in with it (tests/test_layers.py).
The app factory lives in `survey.app`; `from survey import create_app` still works, and loads
the app only when asked for.
"""
from __future__ import annotations


def __getattr__(name: str):
    if name == "create_app":
        from survey.app import create_app
        return create_app
    raise AttributeError(f"module 'survey' has no attribute {name!r}")
