"""Every address the app answers stays where it was: the URL map (method, path, endpoint) is
compared with the list checked in beside this test (tests/url_map.txt), so a restructure that
moves a view cannot drop, rename or double an address unnoticed.

A deliberate change of address updates url_map.txt in the same commit: run
`python tests/test_url_map.py` to print the map as it now is.
"""
from __future__ import annotations

from pathlib import Path

LIST = Path(__file__).with_name("url_map.txt")
# Methods every route gets from Flask without asking.
IMPLIED = {"HEAD", "OPTIONS"}


def url_map(app) -> list[str]:
    return sorted(
        f"{' '.join(sorted(rule.methods - IMPLIED))} {rule.rule} -> {rule.endpoint}"
        for rule in app.url_map.iter_rules())


def test_the_url_map_is_the_one_checked_in(app):
    expected = LIST.read_text(encoding="utf-8").splitlines()
    found = url_map(app)
    assert found == expected, (
        f"addresses added: {sorted(set(found) - set(expected))}; "
        f"addresses gone: {sorted(set(expected) - set(found))}")


if __name__ == "__main__":
    import sys
    import tempfile

    sys.path.insert(0, str(LIST.parent.parent))
    from survey.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE": str(Path(folder) / "map.db"), "TESTING": True,
                          "SECRET_KEY": "map-only"})
        print("\n".join(url_map(app)))
