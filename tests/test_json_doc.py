"""docs/JSON.md names every key `score` and `explain` print, and every line kind.

Scores every shipped regulation on its example ledger (and a two-sheet
workbook for `sheet`), walks the JSON, and fails on a key or a line kind the
page does not name in backquotes — so the page cannot fall behind the code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xinxi_dsl.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "JSON.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"`([a-z_]+)`", DOC))
PAIRS = [
    ("regulations/D12.xinxi", "examples/D12-2012Q1.csv"),
    ("regulations/D09.xinxi", "examples/D09-2009.csv"),
    ("regulations/CD07.xinxi", "examples/CD07-2007.csv"),
    ("regulations/GZ05.xinxi", "examples/GZ05-2006.csv"),
    ("examples/BS24.xinxi", "examples/BS24-2024.csv"),
    ("examples/QH24.xinxi", "examples/QH24-2024.csv"),
    ("examples/DC24.xinxi", "examples/DC24-2024.csv"),
    # a period inside the year adds the report's to-date figures
    ("regulations/D12.xinxi", "examples/D12-2012Q1.csv", "--month", "2012-03"),
    ("regulations/GZ05.xinxi", "examples/GZ05-2006.csv", "--quarter", "2", "--year", "2006"),
]


def _json(*args: str) -> dict:
    out = CliRunner().invoke(app, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def _keys(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            found.add(k)
            _keys(v, found)
    elif isinstance(value, list):
        for v in value:
            _keys(v, found)
    return found


@pytest.mark.parametrize("case", PAIRS, ids=["-".join([Path(p[0]).stem, *p[2:]]) for p in PAIRS])
def test_every_key_and_line_kind_is_documented(case):
    reg, ledger, *period = case
    scored = _json("score", str(ROOT / reg), str(ROOT / ledger), *period)
    keys = _keys(scored, set())
    kinds: set[str] = set()
    for unit in scored["units"]:
        shown = _json("explain", str(ROOT / reg), str(ROOT / ledger), "--unit", unit["unit"], *period)
        keys |= _keys(shown, set())
        kinds |= {line["kind"] for line in shown["lines"]}
    # judged_periods is keyed by the kind of period; the names are values, not keys
    keys -= {k for k in keys if re.fullmatch(r"\d{4}Q\d", k)}
    assert keys - NAMED == set(), f"keys printed but not in docs/JSON.md: {sorted(keys - NAMED)}"
    assert kinds - NAMED == set(), f"line kinds printed but not in docs/JSON.md: {sorted(kinds - NAMED)}"
    assert kinds, "no explanation lines at all"


def test_the_page_is_not_a_blank_list():
    # the contract's keys are on the page, and so are the kinds the unit pass makes
    for key in ("regulation", "period", "units", "unmatched", "unit", "group", "score", "target",
                "completion", "rank", "judged_periods", "verdicts", "candidate", "count_target"):
        assert key in NAMED, key
    for kind in ("base", "bonus", "penalty", "transfer", "counted", "combine", "split", "period",
                 "allowance", "floor", "zero"):
        assert kind in NAMED, kind
