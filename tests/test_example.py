"""The shipped example (examples/D12-2012Q1.csv): every unit's score computed
by hand from the D12 notice, row by row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from typer.testing import CliRunner

from conftest import ROOT, regulation
from xinxi_dsl import compile_file, score
from xinxi_dsl.cli import app

EXAMPLE = ROOT / "examples" / "D12-2012Q1.csv"

EXPECTED = {
    "通川区": 20,  # 主条 2 + 问题与建议 3 + (主条 2 + 市领导 2) + 动态类 2 + (专题 4 + 省办 4 + 省领导 4) − 迟报 3 = 20
    "达县": 10,  # 主條 2 (達 縣, traditional) + 简讯 1 + 图片新闻 1 + (动态类 2 + 省办 4) = 10
    "万源市": 8,  # 問題與建議 3 + (主条 2 + 市领导 2 + 省领导 4) − 不报 3 = 8
    "宣汉县": 6,  # 主条 2 + 专题综合类 4 = 6
    "大竹县": 4,  # 简讯 1 + 简讯 1 + 主条 2 = 4
    "渠县": 3,  # 問題與建議 3 = 3
    "开江县": 0,  # its only row is dated 2011-12-28, before the start
    "市发改委": 14,  # 主条 2 + 动态类 2 + point's (专题 4 + 省办 4) + point's 动态类 2 = 14
    "达州市价格监测中心": 10,  # the direct-report point itself: 8 + 2 = 10
    "市统计局": 8,  # 主条 2 + 簡訊 1 + (问题与建议 3 + 市领导 2) = 8
    "市教育局": -1,  # 主条 2 − 迟报 3 = −1
    "市公安局": 1,  # 简讯 1; the 达州日报 row has no rule
    "农发行达州分行": 2,  # 简讯 1 + 圖片新聞 1 = 2
    "市卫生局": 4,  # 主条 2 + 動態類 2 = 4
    "市水务局": 9,  # 问题与建议 3 + (动态类 2 + 省领导 4) = 9
    "市环保局": 2,  # 简讯 1 + 简讯 1 = 2
    "市商务局": 2,  # 主条 2 = 2
}


def test_example_scores():
    result = score(regulation("D12"), EXAMPLE)
    got = {u.key: u.score for u in result.units if u.score != 0 or u.key in EXPECTED}
    assert got == {k: Decimal(v) for k, v in EXPECTED.items()}
    assert result.rows == 40


def test_example_unmatched_listed():
    result = score(regulation("D12"), EXAMPLE)
    assert [(m.row, m.unit, m.reason) for m in result.unmatched] == [
        (21, "开江县", "dated 2011-12-28 before the start 2012-01-01"),
        (32, "市公安局", "no rule for 刊物=达州日报"),
    ]


def test_example_ranks():
    result = score(regulation("D12"), EXAMPLE)
    ranks = {u.key: u.rank for u in result.units}
    # 14/30 > 9/30 > 8/30 > 4/20 = 2/10 > 20/180 …; 6/180 = 1/30 tie
    assert [ranks[k] for k in ("市发改委", "市水务局", "市统计局", "市卫生局", "农发行达州分行", "通川区")] == [1, 2, 3, 4, 4, 6]
    assert ranks["宣汉县"] == ranks["市公安局"] == 11
    # the point has no target: ranked in a list of its own
    assert ranks["达州市价格监测中心"] == 1 and result.unit("达州市价格监测中心").target is None


def test_explain_every_point_traced():
    r = CliRunner().invoke(app, ["explain", str(ROOT / "regulations/D12.xinxi"), str(EXAMPLE), "--unit", "通川區", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    import json
    doc = json.loads(r.stdout)
    lines = [(l["row"], l["rule"], l["clause"], l["regulation_line"], l["points"]) for l in doc["lines"]]
    d12 = (ROOT / "regulations/D12.xinxi").read_text(encoding="utf-8").splitlines()
    line_of = {l.split("【")[0]: i for i, l in enumerate(d12, start=1) if l.startswith("D12-")}
    assert lines == [
        (2, "D12-1a", "三、1", line_of["D12-1a"], "2"),
        (3, "D12-1b", "三、1", line_of["D12-1b"], "3"),
        (4, "D12-1a", "三、1", line_of["D12-1a"], "2"), (4, "D12-1e", "三、1", line_of["D12-1e"], "2"),
        (5, "D12-2a", "三、2", line_of["D12-2a"], "2"),
        (6, "D12-2b", "三、2", line_of["D12-2b"], "4"), (6, "D12-3a", "三、3", line_of["D12-3a"], "4"),
        (6, "D12-3b", "三、3", line_of["D12-3b"], "4"),
        (7, "D12-5", "三、5", line_of["D12-5"], "-3"),
    ]
    assert sum(Decimal(l[4]) for l in lines) == Decimal(doc["score"]) == 20


# examples/README.md: the rows each example ledger holds to show an unscored case
MEANT = {
    ("D12", "D12-2012Q1.csv"): {"unmatched": [21, 32], "problems": [("unknown-value", 32)]},
    ("D09", "D09-2009.csv"): {"unmatched": [2, 12], "problems": [("unknown-value", 12), ("unlisted-unit", 11)]},
    ("CD07", "CD07-2007.csv"): {"unmatched": [46], "problems": [("unknown-value", 46)]},
    ("GZ05", "GZ05-2006.csv"): {"unmatched": [2, 28], "problems": []},
    ("BS24", "BS24-2024.csv"): {"unmatched": [], "problems": []},
    ("QH24", "QH24-2024.csv"): {"unmatched": [20, 24], "problems": [("no-points", 20), ("no-points", 24)]},
}


def _regulation(code: str):
    """A seed notice's regulation, or an example regulation of an invented place (examples/CODE.xinxi)."""
    example = ROOT / "examples" / f"{code}.xinxi"
    return compile_file(example)[0] if example.exists() else regulation(code)


@pytest.mark.parametrize("code, ledger", sorted(MEANT))
def test_every_example_warns_only_where_meant(code, ledger):
    result = score(_regulation(code), ROOT / "examples" / ledger)
    assert sorted(m.row for m in result.unmatched) == MEANT[code, ledger]["unmatched"]
    assert sorted((d.key, d.span.line) for d in result.problems) == MEANT[code, ledger]["problems"]
