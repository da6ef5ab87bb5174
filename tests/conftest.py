from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xinxi_dsl import compile_file
from xinxi_dsl.engine.evaluate import evaluate_ledger
from xinxi_dsl.engine.ledger import records_from_rows

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = ROOT / "regulations"
SHARED = ROOT.parent / "shared"

HEADER = ["编号", "日期", "单位", "事项", "刊物", "栏目", "类别", "级别", "形式", "批示", "上级采用", "所属单位", "标题", "配图", "角色"]


def row(date, unit, **kw):
    """A ledger row by column name: row("2012-01-05", "通川区", 刊物="达州政务快讯", 栏目="主条")."""
    return [kw.get(h, "") if h not in ("日期", "单位") else (date if h == "日期" else unit) for h in HEADER]


_REGS: dict[str, object] = {}


def regulation(code: str):
    if code not in _REGS:
        path = REGULATIONS / f"{code}.xinxi"
        if not path.exists():  # an example regulation of an invented place (examples/BS24.xinxi)
            path = ROOT / "examples" / f"{code}.xinxi"
        _REGS[code] = compile_file(path)[0]
    return _REGS[code]


def score_rows(code: str, rows, **period):
    """Identical rows are one item written twice (counted once): the golden
    cases' repeated rows are distinct items, so each gets a title of its own."""
    t = HEADER.index("标题")
    rows = [r if r[t] else [*r[:t], f"第{n}条", *r[t + 1:]] for n, r in enumerate(rows, start=2)]
    return evaluate_ledger(regulation(code), records_from_rows([HEADER, *rows], "test.csv"), **period)


def points(result, unit: str) -> Decimal:
    u = result.unit(unit)
    assert u is not None, f"no unit {unit}"
    return u.score


def assert_golden(code: str, rows, expected: dict) -> None:
    """Each unit's score equals the hand-computed value."""
    result = score_rows(code, rows)
    for unit, value in expected.items():
        assert points(result, unit) == value, unit


@pytest.fixture
def d12():
    return regulation("D12")


@pytest.fixture
def ym20():
    return regulation("YM20")
