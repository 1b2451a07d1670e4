"""The README cannot drift from the code: every command and question type is documented."""
from __future__ import annotations

from pathlib import Path

from survey.cli import cli
from survey.definition import QUESTION_TYPES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(group, prefix="survey"):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}"


def test_every_cli_command_is_in_the_readme():
    missing = [c for c in commands(cli) if f"`{c}" not in README]
    assert not missing


def test_every_question_type_is_in_the_readme():
    assert not [t for t in QUESTION_TYPES if f"`{t}`" not in README]


def test_every_command_help_has_an_example():
    for name in commands(cli):
        group = cli
        for part in name.split()[1:]:
            group = group.commands[part]
        assert "Example:" in (group.help or ""), name


def test_readme_gives_the_two_commands():
    assert 'python -m pip install -e ".[test]" && python run.py' in README
    assert "python -m pytest" in README


def test_the_readme_gives_every_small_number_rule():
    from analysis.disclosure import rules
    section = README.split("## Who sees what", 1)[1].split("\n## ", 1)[0]
    for label, _ in rules(10):
        assert f"**{label}.**" in section, label
    for audience in ("The team (participation officers)", "Managers and the corporate parenting board",
                     "The public and young people"):
        assert f"**{audience}**" in section
