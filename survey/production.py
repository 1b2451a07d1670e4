"""Checks that a production configuration is safe before the app starts."""
from __future__ import annotations


class ConfigError(RuntimeError):
    """A setting that must be fixed before the app may serve anyone."""


def check_config(config) -> None:
    if not config.get("SECRET_KEY"):
        raise ConfigError("HAVEYOURSAY_SECRET_KEY must be set in production")
