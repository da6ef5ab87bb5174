"""Golden scores for D12 (达州 2012), one case per clause ID of CLAUSES.md.

Each expected value is computed by hand from the notice's words; the
arithmetic is in the comment beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import HEADER, REGULATIONS, assert_golden, points, row, score_rows
from xinxi_dsl import compile_text

D = Decimal
快讯 = "达州政务快讯"
省办 = "上报省办信息"

CASES = [
    pytest.param(
        [row("2012-01-05", "通川区", 刊物=快讯, 栏目="主条"), row("2012-01-06", "通川区", 刊物=快讯, 栏目="主条"),
         row("2012-01-07", "通川区", 刊物=快讯, 栏目="主条")],
        {"通川区": D(6)},  # 3 主条 × 2 = 6
        id="D12-1a"),
    pytest.param(
        [row("2012-02-01", "市统计局", 刊物=快讯, 栏目="问题与建议"), row("2012-02-02", "市统计局", 刊物=快讯, 栏目="问题与建议")],
        {"市统计局": D(6)},  # 2 问题与建议 × 3 = 6 (市统计局 keeps its 计)
        id="D12-1b"),
    pytest.param(
        [row("2012-02-01", "农发行达州分行", 刊物=快讯, 栏目="简讯")] * 4,
        {"农发行达州分行": D(4)},  # 4 简讯 × 1 = 4 (农发行达州分行 keeps its 分)
        id="D12-1c"),
    pytest.param(
        [row("2012-02-01", "达县", 刊物="资源网", 栏目="图片新闻"), row("2012-02-03", "达县", 栏目="图片新闻")],
        {"达县": D(2)},  # 图片新闻 named without a publication: 2 × 1 = 2, whatever the 刊物
        id="D12-1d"),
    pytest.param(
        [row("2012-03-01", "万源市", 刊物=快讯, 栏目="主条", 批示="市政府领导"),
         row("2012-03-02", "万源市", 刊物=快讯, 栏目="简讯", 批示="市政府领导")],
        {"万源市": D(7)},  # (主条 2 + 批示 2) + (简讯 1 + 批示 2) = 7
        id="D12-1e"),
    pytest.param(
        [row("2012-03-01", "市发改委", 刊物=省办, 类别="动态类")] * 3,
        {"市发改委": D(6)},  # 3 动态类 × 2 = 6
        id="D12-2a"),
    pytest.param(
        [row("2012-03-01", "市发改委", 刊物=省办, 类别="专题综合类")],
        {"市发改委": D(4)},  # 1 专题综合类 × 4 = 4
        id="D12-2b"),
    pytest.param(
        [row("2012-03-01", "宣汉县", 刊物=省办, 类别="动态类", 上级采用="省政府办公厅"),
         row("2012-03-02", "宣汉县", 刊物=快讯, 栏目="主条", 上级采用="省政府办公厅")],
        {"宣汉县": D(8)},  # 动态类 2 + 省办采用 4 = 6; the 快讯 item is not 上报省办信息: 主条 2, no bonus → 8
        id="D12-3a"),
    pytest.param(
        [row("2012-03-01", "大竹县", 刊物=省办, 类别="专题综合类", 批示="省政府领导", 上级采用="省政府办公厅"),
         row("2012-03-02", "大竹县", 刊物=快讯, 栏目="主条", 批示="市政府领导、省政府领导")],
        {"大竹县": D(20)},  # (专题 4 + 省办 4 + 省领导 4) + (主条 2 + 市领导 2 + 省领导 4) = 12 + 8 = 20
        id="D12-3b"),
    pytest.param(
        [row("2012-03-08", "达州市价格监测中心", 刊物=省办, 类别="专题综合类", 上级采用="省政府办公厅", 所属单位="市发改委"),
         row("2012-03-09", "市发改委", 刊物=快讯, 栏目="主条")],
        {"市发改委": D(10), "达州市价格监测中心": D(8)},  # point: 4 + 4 = 8, 全额 into 市发改委: 8 + own 主条 2 = 10
        id="D12-4"),
    pytest.param(
        [row("2012-03-01", "渠县", 事项="不报", 类别="约稿"), row("2012-03-02", "渠县", 事项="迟报", 类别="批示反馈"),
         row("2012-03-03", "渠县", 刊物=快讯, 栏目="问题与建议")],
        {"渠县": D(-3)},  # 问题与建议 3 − 不报 3 − 迟报 3 = −3 (read: deducted from the score)
        id="D12-5"),
    pytest.param(
        [row("2011-12-31", "开江县", 刊物=快讯, 栏目="主条"), row("2012-01-01", "开江县", 刊物=快讯, 栏目="主条")],
        {"开江县": D(2)},  # only the 2012-01-01 item counts: 1 × 2 = 2 (the 2011-12-31 one is listed as unmatched)
        id="D12-6"),
    pytest.param(
        [row("2012-01-05", "達 縣", 事项="採用", 刊物="達州政務快訊", 栏目="主條"),
         row("2012-01-06", "达县", 刊物="达州政务快讯", 栏目="主条")],
        {"达县": D(4)},  # traditional + spaced name and values match: 2 × 2 = 4; target 180 (D12-T1)
        id="D12-T1"),
]


@pytest.mark.parametrize("rows, expected", CASES)
def test_golden(rows, expected):
    assert_golden("D12", rows, expected)


def test_D12_T1_targets(d12):
    targets = {u.name: u.target for g in d12.groups if g.name == "縣市區" for u in g.units}
    assert len(targets) == 7 and set(targets.values()) == {D(180)}  # 7 縣市區 × 180
    assert "達 縣" in targets and "渠 縣" in targets


def test_D12_T2_targets(d12):
    g = next(g for g in d12.groups if g.name == "市級部門")
    targets = {u.name: u.target for u in g.units}
    assert len(targets) == 56
    assert targets["市發改委"] == 30 and targets["市科技局"] == 20 and targets["市郵政局"] == 10
    # counted in the notice's table: 14 units at 30, 34 at 20, 8 at 10
    assert sum(targets.values()) == 14 * 30 + 34 * 20 + 8 * 10  # = 1180
    assert sorted(targets.values()).count(30) == 14


def test_D12_T2_completion():
    result = score_rows("D12", [row("2012-02-01", "市科技局", 刊物=快讯, 栏目="主条")])
    u = result.unit("市科技局")
    assert (u.score, u.target, u.completion) == (D(2), D(20), D("0.1000"))  # 2 ÷ 20 = 0.1


def test_D12_6_unmatched_reason():
    result = score_rows("D12", [row("2011-12-31", "开江县", 刊物=快讯, 栏目="主条")])
    assert [(m.row, m.reason) for m in result.unmatched] == [(2, "dated 2011-12-31 before the start 2012-01-01")]


def test_D12_P_monthly(d12):
    assert d12.report == "monthly"
    rows = [row("2012-02-28", "通川区", 刊物=快讯, 栏目="主条"), row("2012-03-01", "通川区", 刊物=快讯, 栏目="简讯")]
    march = score_rows("D12", rows, period_from=date(2012, 3, 1), period_to=date(2012, 3, 31))
    assert points(march, "通川区") == D(1)  # March only: 简讯 1; the February 主条 is outside the month
    assert [m.row for m in march.unmatched] == [2]


def test_D12_5_other_reading_raises_the_target():
    """The reading not taken: 扣減任務分值 as the target raised by 3 per occurrence."""
    text = (REGULATIONS / "D12.xinxi").read_text(encoding="utf-8").replace("每次扣減任務分值3分", "每次目標加3分")
    reg, _ = compile_text(text, "D12-target.xinxi")
    rows = [row("2012-03-01", "市教育局", 事项="不报", 类别="约稿"), row("2012-03-02", "市教育局", 事项="迟报", 类别="批示反馈"),
            row("2012-03-03", "市教育局", 刊物="达州政务快讯", 栏目="主条")]
    from xinxi_dsl.engine.evaluate import evaluate_ledger
    from xinxi_dsl.engine.ledger import records_from_rows

    u = evaluate_ledger(reg, records_from_rows([HEADER, *rows], "t.csv")).unit("市教育局")
    assert u.score == D(2)  # 主條 2; the two occurrences take nothing off the score …
    assert (u.target, u.target_raised) == (D(36), D(6))  # … they raise the target 30 + 2 × 3 = 36
    assert str(u.completion) == "0.0556"  # 2 ÷ 36


def test_D12_1d_resource_net_is_declared():
    """LEDGER.md: 图片新闻 rows carry 刊物=资源网; 「“圖片新聞”每采用1條計1分」 — no warning, so --strict passes."""
    result = score_rows("D12", [row("2012-02-01", "达县", 刊物="资源网", 栏目="图片新闻")])
    assert result.problems == []
    assert points(result, "达县") == D(1)  # 1 × 1


def test_D12_5_appendix_keeps_the_notice_words():
    """「每次扣減任務分值3分」 is rendered as written, not as 扣3分."""
    from xinxi_dsl.documents.appendix import render_markdown

    md = render_markdown(compile_text((REGULATIONS / "D12.xinxi").read_text(encoding="utf-8"), "D12.xinxi")[0])
    assert "5.約稿、批示反饋不報、遲報的，每次扣減任務分值3分。" in md


def test_D12_T2_group_ranked_by_completion():
    """「二、市級部門目標任務」: 市郵政局 target 10, 市發改委 30; 2 主條 each = 4 points:
    4 ÷ 10 = 0.4 ranks above 4 ÷ 30 = 0.1333."""
    rows = [row("2012-02-01", u, 刊物=快讯, 栏目="主条") for u in ("市郵政局", "市發改委") for _ in range(2)]
    result = score_rows("D12", rows)
    yz, fg = result.unit("市邮政局"), result.unit("市发改委")
    assert (yz.completion, fg.completion) == (D("0.4000"), D("0.1333"))
    assert yz.group_rank < fg.group_rank


def test_D12_P_monthly_report_period(d12):
    """「市政府辦公室將每月定期通報」."""
    assert d12.report == "monthly"


def test_D12_T1_T2_target_heading_as_in_notice():
    """The notice's tables: 「單 位 | 目標分值 | 單 位 | 目標分值 |」 (D12 writes 目標分值, D09 目標分數)."""
    from xinxi_dsl.documents.appendix import render_html, render_markdown

    reg = compile_text((REGULATIONS / "D12.xinxi").read_text(encoding="utf-8"), "D12.xinxi")[0]
    assert reg.target_heading == "目標分值"
    md = render_markdown(reg)
    assert md.count("| 單位 | 目標分值 | 單位 | 目標分值 |") == 2  # 一、縣市區 and 二、市級部門
    assert "| 目標分數 |" not in md  # 目標分數 is only in the group heading 「一、縣、市、區目標分數」
    assert render_html(reg).count("<th>目標分值</th>") == 4


def test_D12_4_reading_the_points_city_rules_score_passes_in_full():
    """「各省信息直報點在省政府辦公廳信息采用中所得分值,全額計入所屬單位總分」, read as the score the
    point's rows earn under this notice's clauses: 專題綜合類 4 (D12-2b) + 省辦采用 4 (D12-3a) = 8,
    all of it (全額) into 市發改委, whose own 主條 2 (D12-1a) makes 10."""
    rows = [row("2012-03-08", "达州市价格监测中心", 刊物=省办, 类别="专题综合类", 上级采用="省政府办公厅", 所属单位="市发改委"),
            row("2012-03-09", "市发改委", 刊物=快讯, 栏目="主条")]
    result = score_rows("D12", rows)
    point, parent = result.unit("达州市价格监测中心"), result.unit("市发改委")
    assert [(l.rule_id, l.points) for l in point.lines] == [("D12-2b", D(4)), ("D12-3a", D(4))]
    assert (point.score, parent.score) == (D(8), D(10))
