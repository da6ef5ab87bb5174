"""Bad input, answered clearly: every case under tests/bad/ with its exact
expected output (command, exit status, stdout, stderr), in the manner of
Catala's tests/**/bad.  Regulations are run with ``xinxi check``; ledgers
with ``xinxi score tests/bad/ledger.xinxi`` (D12's rules, three units, so
that the expected tables stay short); ``commands.txt`` holds the other cases.  To accept new output, run ``XINXI_RESET=1 pytest tests/bad``
and review the diff.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from xinxi_dsl.cli import app

BAD = ROOT / "tests" / "bad"


def _cases():
    for f in sorted((BAD / "regulations").glob("*.xinxi")):
        yield f.stem, ["check", f.relative_to(ROOT).as_posix()], f.with_suffix(".expected")
    for f in sorted((BAD / "ledgers").iterdir()):
        if f.suffix != ".expected":
            args = ["score", "tests/bad/ledger.xinxi", f.relative_to(ROOT).as_posix()]
            yield f"ledger-{f.name}", args, f.with_name(f.name + ".expected")
    for line in (BAD / "commands.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, cmd = line.partition(":")
            yield f"cmd-{name.strip()}", shlex.split(cmd), BAD / "commands" / f"{name.strip()}.expected"


def run(args: list[str]) -> str:
    os.chdir(ROOT)
    r = CliRunner().invoke(app, args)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return f"$ xinxi {shlex.join(args)}\nexit {r.exit_code}\n--- stdout\n{r.stdout}--- stderr\n{r.stderr}"


CASES = list(_cases())


@pytest.mark.parametrize("args, expected", [pytest.param(a, e, id=n) for n, a, e in CASES])
def test_bad_input(args, expected: Path):
    actual = run(args)
    if os.environ.get("XINXI_RESET"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert expected.exists(), f"no expected output yet: XINXI_RESET=1 pytest {__file__}"
    assert actual == expected.read_text(encoding="utf-8")
    assert "Traceback" not in actual


def test_enough_cases():
    """Issues 11 and 12 added 111 cases; a case lost by accident fails here."""
    assert len([c for c in CASES if not c[0].startswith(("ledger-", "cmd-"))]) >= 94
    assert len([c for c in CASES if c[0].startswith("ledger-")]) >= 62
    assert len([c for c in CASES if c[0].startswith("cmd-")]) >= 70
