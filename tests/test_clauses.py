"""Every clause ID of CLAUSES.md for the notices transcribed so far appears in
regulations/ and in the id of at least one collected test."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REGULATIONS, SHARED

CLAUSES = SHARED / "spec" / "CLAUSES.md"
TRANSCRIBED = sorted(p.stem for p in REGULATIONS.glob("*.xinxi"))


def clause_ids() -> list[str]:
    text = CLAUSES.read_text(encoding="utf-8")
    ids = re.findall(r"^\| ([A-Z0-9]+-[A-Za-z0-9.]+) \|", text, re.M)
    return [i for i in ids if i.split("-")[0] in TRANSCRIBED]


pytestmark = pytest.mark.skipif(not CLAUSES.exists(), reason="shared/spec not beside the repository")


def test_every_id_in_regulations():
    text = "\n".join(p.read_text(encoding="utf-8") for p in REGULATIONS.glob("*.xinxi"))
    missing = [i for i in clause_ids() if not re.search(re.escape(i) + r"(?![0-9])", text)]
    assert missing == []


def collected_test_ids() -> list[str]:
    """Every test id of the suite, as pytest collects it (nothing is run),
    whatever part of the suite this session was asked to run."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-o", "addopts=", "-p", "no:cacheprovider",
         str(REGULATIONS.parent / "tests")],
        capture_output=True, text=True, cwd=REGULATIONS.parent, check=False)
    return [line for line in proc.stdout.splitlines() if "::" in line]


def test_every_id_in_a_test():
    names = collected_test_ids()
    assert len(names) > 100  # the collection itself worked
    missing = [i for i in clause_ids() if not any(re.search(re.escape(i) + r"(?![0-9.])", n.replace("_", "-")) for n in names)]
    assert missing == []
