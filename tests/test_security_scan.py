"""bandit, the static security checker, finds nothing unexplained in the code we ship.

A finding that is a false alarm is marked on its line with `# nosec BXXX: why`; a bare `# nosec`,
or one without its reason, fails here so that every exception stays explained.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ["survey", "analysis", "exports", "run.py", "serve.py"]
EXPLAINED = re.compile(r"#\s*nosec\s+B\d{3}(,\s*B\d{3})*:\s*\S")


def test_bandit_finds_nothing_in_shipped_code():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", *SHIPPED, "-f", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    findings = [f"{r['filename']}:{r['line_number']}: {r['test_id']} {r['issue_text']}"
                for r in report["results"]]
    assert findings == []
    assert report["errors"] == []


def test_every_nosec_names_its_check_and_gives_a_reason():
    bare = []
    for name in SHIPPED:
        path = REPO / name
        for source in ([path] if path.is_file() else sorted(path.rglob("*.py"))):
            for number, line in enumerate(source.read_text().splitlines(), 1):
                if "nosec" in line and not EXPLAINED.search(line):
                    bare.append(f"{source.relative_to(REPO)}:{number}: {line.strip()}")
    assert bare == []
