"""Golden scores for D09 (达州 2009): the information clauses per clause ID,
the shipped example ledger, and the 政务信息化 indicator checklist (D09-X)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import ROOT, assert_golden, regulation, row, score_rows
from xinxi_dsl import score
from xinxi_dsl.documents.appendix import render_markdown
from xinxi_dsl.engine.indicators import Sheet, Value, evaluate_checklist, read_sheet, score_indicator

D = Decimal
快讯 = "达州政务快讯"
报省 = "每日报省信息"

CASES = [
    pytest.param(
        [row("2009-05-01", "通川區", 刊物=报省, 类别="动态类"), row("2009-05-02", "通川區", 刊物=报省, 类别="专题综合类")],
        {"通川區": D(6)},  # 动态 2 + 专题综合 4 = 6
        id="D09-1"),
    pytest.param(
        [row("2009-05-01", "市教育局", 刊物=快讯), row("2009-05-02", "市教育局", 刊物=快讯, 栏目="问题与建议"),
         row("2009-05-03", "市教育局", 刊物=快讯, 栏目="简讯"), row("2009-05-04", "市教育局", 刊物=快讯, 批示="市政府领导")],
        {"市教育局": D(12)},  # default 2 + 问题与建议 3 + 简讯 1 + (2 + 批示 4) = 12
        id="D09-2"),
    pytest.param([row("2009-05-01", "渠縣", 刊物="资源网", 栏目="图片新闻")] * 3, {"渠縣": D(3)}, id="D09-3"),  # 3 × 1
    pytest.param(
        [row("2009-05-01", "大竹縣", 刊物=报省, 类别="动态类", 上级采用="省政府办公厅"),
         row("2009-05-02", "大竹縣", 刊物=报省, 类别="动态类", 批示="省政府领导")],
        {"大竹縣": D(16)},  # (2 + 省办采用 4) + (2 + 省领导批示 8) = 16
        id="D09-4"),
    pytest.param(
        # 「經市政府辦公室轉報或直接報送省政府辦公廳并被采用的信息每條另加4分」
        [row("2009-05-01", "大竹縣", 上级采用="省政府办公厅"),
         row("2009-05-02", "大竹縣", 刊物=快讯, 栏目="问题与建议", 上级采用="省政府办公厅"),
         row("2009-05-03", "大竹縣", 刊物=快讯, 上级采用="省政府办公厅")],
        {"大竹縣": D(17)},  # direct (0 + 4) + 问题与建议 (3 + 4) + 快讯 (2 + 4) = 4 + 7 + 6 = 17
        id="D09-4-direct"),
    pytest.param(
        [row("2009-05-01", "宣漢縣氣象站", 刊物=报省, 类别="专题综合类", 所属单位="宣漢縣")],
        {"宣漢縣氣象站": D(4), "宣漢縣": D("1.6")},  # the point keeps 4; its parent gets 40% = 1.6
        id="D09-5a"),
    pytest.param(
        [row("2009-05-01", "市信息产业局", 刊物=快讯)], {"市信息产业局": D(2)}, id="D09-5b"),  # no target, still scored
    pytest.param(
        [row("2009-03-31", "開江縣", 刊物=快讯), row("2009-04-01", "開江縣", 刊物=快讯)],
        {"開江縣": D(2)},  # only the item from 2009-04-01 on
        id="D09-7"),
]


@pytest.mark.parametrize("rows, expected", CASES)
def test_golden(rows, expected):
    assert_golden("D09", rows, expected)


@pytest.mark.parametrize("index, name, count, total", [
    pytest.param(0, "縣市區", 7, D(1050), id="D09-T1"),  # 7 × 150
    pytest.param(1, "市級部門", 46, D(990), id="D09-T2"),  # 23 rows of two in the notice, summed by hand: 990
    pytest.param(2, "駐外辦事處", 2, D(60), id="D09-T3"),  # 30 + 30
])
def test_groups(index, name, count, total):
    g = regulation("D09").groups[index]
    assert (g.name, len(g.units), sum(u.target for u in g.units)) == (name, count, total)


def test_D09_T1_T2_T3_targets_in_scores():
    rows = [row("2009-05-01", "市政府駐成都辦事處", 刊物=快讯)] * 3
    u = score_rows("D09", rows).unit("市政府驻成都办事处")
    assert (u.score, u.target, str(u.completion)) == (D(6), D(30), "0.2000")  # 3 × 2 = 6 of 30


def test_D09_5b_unlisted_is_a_note_and_ranked_apart():
    result = score_rows("D09", [row("2009-05-01", "市信息产业局", 刊物=快讯)])
    u = result.unit("市信息产业局")
    assert (u.target, u.rank, u.known) == (None, 1, False)
    [d] = result.problems
    assert (d.key, d.severity) == ("unlisted-unit", "note")


def test_D09_6_monthly_and_annual():
    assert regulation("D09").report == "monthly"


def test_D09_example_ledger():
    """examples/D09-2009.csv by hand."""
    result = score(regulation("D09"), ROOT / "examples" / "D09-2009.csv")
    got = {n: result.unit(n).score for n in ("通川区", "达州市气象台", "市气象局", "市信息产业局")}
    assert got == {
        # 快讯 2 + 问题与建议 3 + (简讯 1 + 市领导批示 4) + (动态 2 + 省办 4) + (专题 4 + 省领导批示 8) = 28
        "通川区": D(28),
        "达州市气象台": D(7),  # 图片新闻 1 + (动态 2 + 省办 4) = 7
        "市气象局": D("4.8"),  # own 快讯 2 + 40% × 7 = 2.8 → 4.8
        "市信息产业局": D(1),  # 简讯 1, no target
    }
    assert [m.row for m in result.unmatched] == [2, 12]  # before 2009-04-01; 达州日报 has no clause


# ---- D09-X: the indicator checklist --------------------------------------------

def _ind(id_):
    return next(i for i in regulation("D09").checklist.indicators() if i.id == id_)


INDICATORS = [
    ("D09-X1.1", "是", D(10), "met: 10"),
    ("D09-X1.1", "否", D(0), "not met: 0"),
    ("D09-X1.2", "是", D(5), "met: 5"),
    ("D09-X1.2b", "3", D(3), "3 部门 × 1"),
    ("D09-X1.2b", "8", D(5), "8 × 1, capped at 5"),
    ("D09-X1.3", "完成", D(10), "met: 10"),
    ("D09-X1.3b", "是", D(2), "加2分"),
    ("D09-X1.4", "是", D(5), "met: 5"),
    ("D09-X2.1.1", "是", D(10), "met: 10"),
    ("D09-X2.1.2", "2", D(5), "2 columns: the threshold, 5"),
    ("D09-X2.1.2", "5", D(8), "5 columns: 5 + 3 more × 1 = 8"),
    ("D09-X2.1.2", "1", D(0), "1 column: below the threshold"),
    ("D09-X2.1.2b", "2", D(-2), "2 columns under 50% × −1"),
    ("D09-X2.1.3", "是", D(5), "met: 5"),
    ("D09-X2.1.3b", "3", D(-3), "3 × −1"),
    ("D09-X2.1.3b", "9", D(-5), "9 × −1, at most −5"),
    ("D09-X2.2.1", "99", D(0), "99 < 100 a month"),
    ("D09-X2.2.1", "100", D(80), "≥ 100 a month: 80"),
    ("D09-X2.2.2a", "2", D(120), "2 × 60"),
    ("D09-X2.2.2c", "3", D(45), "3 × 15"),
    ("D09-X2.2.3a", "1", D(60), "1 × 60"),
    ("D09-X2.2.3b", "3", D(90), "3 × 30"),
    ("D09-X2.2.4a", "2", D(10), "2 × 5"),
    ("D09-X2.2.4e", "7", D("0.7"), "7 × 0.1, exactly"),
    ("D09-X2.2.5", "2", D(20), "2 × 另加10"),
    ("D09-X2.2.6", "2", D(-20), "2 × −10"),
    ("D09-X3.1", "是", D(10), "met: 10"),
    ("D09-X3.2a", "40%", D(10), "40% reaches 40%"),
    ("D09-X3.2a", "0.39", D(0), "39% does not"),
    ("D09-X3.2b", "20", D(5), "20 read as 20%: 加5"),
    ("D09-X3.2c", "是", D(5), "CEB: 加5"),
    ("D09-X3.3", "2", D(-4), "2 items × −2"),
    ("D09-X4.1a", "是", D(10), "met: 10"),
    ("D09-X4.1c", "3", D("-0.6"), "3 × −0.2"),
    ("D09-X4.2", "是", D(5), "met: 5"),
    ("D09-X4.3", "否", D(0), "an incident: 0"),
]


@pytest.mark.parametrize("id_, value, expected, why", INDICATORS, ids=[f"{i}={v}" for i, v, _, _ in INDICATORS])
def test_indicator(id_, value, expected, why):
    assert score_indicator(_ind(id_), value)[0] == expected, why


def _sheet(**values) -> Sheet:
    return Sheet("t.csv", {"达州市": {_ind(k.replace("_", ".").replace("X", "D09-X", 1)).key: Value(2, v) for k, v in values.items()}})


def test_D09_X1_section_maximum():
    reg = regulation("D09")
    # 10 + 5 + 5 (capped per-count) + 10 + 2 + 5 = 37, held to the section's 30
    r = evaluate_checklist(reg, _sheet(X1_1="是", X1_2="是", X1_2b="9", X1_3="是", X1_3b="是", X1_4="是"))
    [x1] = [s for s in r.units[0].sections if s.id == "D09-X1"]
    assert (x1.raw, x1.points) == (D(37), D(30))


@pytest.mark.parametrize("clause", ["D09-X2.2"])
def test_conversion(clause):
    reg = regulation("D09")
    # raw 80 + 60 + 30 = 170 → 170 ÷ 300 × 10 = 5.666… → 5.67 (half-up, 2 places)
    r = evaluate_checklist(reg, _sheet(X2_2_1="120", X2_2_2a="1", X2_2_3b="1"))
    [x22] = [s for s in r.units[0].sections if s.id == "D09-X2.2"]
    assert (x22.raw, x22.points) == (D(170), D("5.67"))
    # raw 900 → 30, held to 最高计20分 (the overshoot reading taken in D09.xinxi)
    r = evaluate_checklist(reg, _sheet(X2_2_3a="15"))
    [x22] = [s for s in r.units[0].sections if s.id == "D09-X2.2"]
    assert (x22.raw, x22.points) == (D(900), D(20))


def test_D09_X_example_sheet():
    """examples/D09-X-2009.csv by hand:
    一 10 + 5 + 5 + 10 + 0 + 5 = 35 → 30;
    二 (一) 10 + 7 − 1 + 5 − 5 = 16; (二) raw 605 → 20.17 → 20; 16 + 20 = 36 → 30;
    三 10 + 10 + 0 + 5 − 2 = 23 → 20;  四 10 − 2 − 0.6 + 5 + 5 = 17.4;  total 97.4."""
    reg = regulation("D09")
    r = evaluate_checklist(reg, read_sheet(ROOT / "examples" / "D09-X-2009.csv", reg.checklist))
    [u] = r.units
    assert u.total == D("97.4")
    assert {s.id: s.points for s in u.sections} == {
        "D09-X1": D(30), "D09-X2.1": D(16), "D09-X2.2": D(20), "D09-X2": D(30), "D09-X3": D(20), "D09-X4": D("17.4")}
    assert u.missing == [] and r.problems == []


def test_D09_X_missing_and_unknown_indicators(tmp_path):
    reg = regulation("D09")
    p = tmp_path / "sheet.csv"
    p.write_text("单位,指标,值\n达州市,数据交换平台,是\n达州市,数据交换平太,是\n达州市,D09-X4.2,也许\n", encoding="utf-8")
    r = evaluate_checklist(reg, read_sheet(p, reg.checklist))
    [u] = r.units
    assert u.total == D(10)  # only X1.1
    assert len(u.missing) == 32  # every other indicator is listed as 未填报
    assert [(d.key, d.span.line) for d in r.problems] == [("unknown-indicator", 3), ("bad-value", 4)]
    assert "是否为“數據交換平臺”？" in r.problems[0].message


# ---- issue 12: clauses each with a test of their own -------------------------

def test_D09_4_direct_report_has_no_unmatched_row():
    """「直接報送省政府辦公廳并被采用的信息每條另加4分」: 0 (D09-4c, the file's own) + 4 (D09-4a)."""
    result = score_rows("D09", [row("2009-05-01", "大竹縣", 上级采用="省政府办公厅")])
    assert result.unmatched == [] and result.problems == []
    assert [(l.rule_id, l.points) for l in result.unit("大竹县").lines] == [("D09-4c", D(0)), ("D09-4a", D(4))]


def test_D09_6_monthly_report_and_year_end_ranking():
    """「每月…進行通報,年底綜合評分通報」: monthly, and the year's ranking by completion."""
    assert regulation("D09").report == "monthly"
    rows = [row("2009-05-01", "通川區", 刊物=快讯)] * 3 + [row("2009-06-01", "市教育局", 刊物=快讯)] * 2
    result = score_rows("D09", rows)
    tc, jy = result.unit("通川区"), result.unit("市教育局")
    # 通川區 3 × 2 = 6 of 150 = 0.04; 市教育局 2 × 2 = 4 of 20 = 0.2 → 市教育局 ranks above
    assert (tc.completion, jy.completion) == (D("0.0400"), D("0.2000"))
    assert jy.rank < tc.rank


def test_D09_appendix_unit_names_as_in_notice():
    md = render_markdown(regulation("D09"))
    assert "| 通川區 | 150 | 達縣 | 150 |" in md and "| 大竹縣 | 150 | 渠縣 | 150 |" in md  # the notice: 達縣, 渠縣
    assert "本文件補充：被省政府辦公廳采用的信息每采用1條計0分" in md  # the file's own rule, marked
    assert "（五）直報點得分另按40%計入所屬單位" in md  # 「另按40%計入所屬單位總分」


def test_D09_X1_indicators():
    """「一、…(30分)」: (一) 10 + (二) 5 + 2 × 1 + (四) 5 = 22, under the 30."""
    r = evaluate_checklist(regulation("D09"), _sheet(X1_1="是", X1_2="是", X1_2b="2", X1_4="是"))
    [x1] = [s for s in r.units[0].sections if s.id == "D09-X1"]
    assert (x1.raw, x1.points) == (D(22), D(22))


@pytest.mark.parametrize("id_, value, expected", [
    pytest.param("D09-X2.2.2b", "3", D(90), id="D09-X2.2.2-二級欄目共建每個30分"),  # 3 × 30
    pytest.param("D09-X2.2.3a", "2", D(120), id="D09-X2.2.3-在線訪談每次60分"),  # 2 × 60
    pytest.param("D09-X2.2.4b", "2", D(20), id="D09-X2.2.4-采用專題每個10分"),  # 2 × 10
    pytest.param("D09-X2.2.4c", "4", D(12), id="D09-X2.2.4c-約稿信息每條3分"),  # 4 × 3
    pytest.param("D09-X2.2.4d", "30", D(30), id="D09-X2.2.4d-報送信息每條1分"),  # 30 × 1
    pytest.param("D09-X3.2b", "19%", D(0), id="D09-X3.2-縣級接入率未達20%"),  # 19% < 20%
    pytest.param("D09-X4.1b", "3", D(-3), id="D09-X4.1-未及時更新每次扣1分"),  # 3 × −1
])
def test_indicator_clause(id_, value, expected):
    assert score_indicator(_ind(id_), value)[0] == expected


def test_D09_X2_2_reading_at_most_20_in_all():
    """「完成計10分,超額完成合計最高加分不超過20分」 read as 20 in all:
    raw 300 → 10; raw 600 → 20; raw 660 → 22, held to 20 (the other reading, 最高計30分, would give 22)."""
    reg = regulation("D09")
    for kw, pts in ((dict(X2_2_3a="5"), D(10)), (dict(X2_2_3a="10"), D(20)), (dict(X2_2_3a="11"), D(20))):
        [x22] = [s for s in evaluate_checklist(reg, _sheet(**kw)).units[0].sections if s.id == "D09-X2.2"]
        assert x22.points == pts


def test_D09_X2_1_3_reading_no_floor():
    """「發現錯鏈、死鏈現象,每次扣1分,最高扣5分」: the cap is the item's; a section may fall below 0.
    (一) only 錯鏈 9 times: −9 held to −5; 回復率低於50% 2 columns −2 → −7."""
    r = evaluate_checklist(regulation("D09"), _sheet(X2_1_3b="9", X2_1_2b="2"))
    [x21] = [s for s in r.units[0].sections if s.id == "D09-X2.1"]
    assert x21.points == D(-7)


def test_D09_6_appendix_in_the_notice_words():
    """（六） appears in the appendix in the notice's words (原文, scores nothing), between （五） and （七):
    「市政府辦公室每月對各地各單位政務信息報送情況進行通報,年底綜合評分通報并對信息報送工作成績突出的單位進行表彰。」"""
    md = render_markdown(regulation("D09"))
    six = ("（六）市政府辦公室每月對各地各單位政務信息報送情況進行通報，"
           "年底綜合評分通報并對信息報送工作成績突出的單位進行表彰。")
    assert six in md.splitlines()
    assert md.index("（五）直報點") < md.index(six) < md.index("（七）新的計分辦法")
    # it scores nothing: no rule carries D09-6, and a year's rows score as before
    reg = regulation("D09")
    assert "D09-6" not in {r.id for r in reg.rules}
    assert [t.id for t in reg.texts] == ["D09-6"]


@pytest.mark.parametrize("line", [
    # the notice's counter words (量词), as D09.xinxi writes them
    pytest.param("- 2.回復率低於50%的欄目，每個扣1分。", id="D09-X2.1.2-每個欄目扣1分"),  # 「回復率低于50%,每個欄目扣1分」
    pytest.param("- 3.錯鏈死鏈，每次扣1分，最高扣5分。", id="D09-X2.1.3-每次扣1分"),  # 「每次扣1分,最高扣5分」
    pytest.param("- 1.每月報送信息，不少於100條，計80分。", id="D09-X2.2.1-不少于100條"),  # 「不少于100條,計80分」
    pytest.param("- 3.主要負責人在線訪談，每次計60分。", id="D09-X2.2.3a-每次60分"),  # 「每次60分」
    pytest.param("- 3.分管負責人在線訪談，每次計30分。", id="D09-X2.2.3b-每次30分"),  # 「每次30分」
    pytest.param("- 4.采用約稿信息，每條計3分。", id="D09-X2.2.4c-每條3分"),  # 「采用約稿信息,每條3分」
    pytest.param("- 4.采用報送信息，每條計1分。", id="D09-X2.2.4d-每條1分"),  # 「采用報送信息,每條1分」
    pytest.param("- 4.抓取信息，每條計0.1分。", id="D09-X2.2.4e-每條0.1分"),  # 「抓取信息,每條0.1分」
    pytest.param("- 5.被中央政府門戶網站采用，每條加10分。", id="D09-X2.2.5-每條"),  # 「每條(個)另加10分」
    pytest.param("- （三）省級部門應用承接未完成，每項扣2分。", id="D09-X3.3-每項扣2分"),  # 「未完成每項扣2分」
    pytest.param("- 2.互動交流欄目，不少於2個，計5分，每增加1個加1分。", id="D09-X2.1.2-每增加1個"),  # 「每增加1個欄目加1分」
])
def test_D09_X_appendix_keeps_the_counter_words(line):
    assert line in render_markdown(regulation("D09")).splitlines()


def test_D09_T1_T2_T3_target_heading_as_in_notice():
    """The notice's tables: 「單 位 | 目標分數 | 單 位 | 目標分數 |」, not 目標分值."""
    from xinxi_dsl.documents.appendix import render_html

    reg = regulation("D09")
    assert reg.target_heading == "目標分數"
    md = render_markdown(reg)
    assert md.count("| 單位 | 目標分數 | 單位 | 目標分數 |") == 3  # 一、 二、 三、
    assert "目標分值" not in md
    assert render_html(reg).count("<th>目標分數</th>") == 6
    # the notice's word stays the notice's (目标分数, not 目标分值); --script s puts the whole page in one script
    assert "| 单位 | 目标分数 | 单位 | 目标分数 |" in render_markdown(reg, "s")


def test_target_heading_defaults_and_survives_old_ir():
    """Without 目标列名 the heading is 目标分值; an IR document written before the line existed loads with None."""
    from xinxi_dsl import compile_text
    from xinxi_dsl.compiler import ir

    reg, _ = compile_text("规程 T\n单位组 甲：\n    市统计局 30\n", "t.xinxi")
    assert reg.target_heading is None
    assert "| 单位 | 目标分值 | 单位 | 目标分值 |" in render_markdown(reg)
    doc = ir.to_json(regulation("D09"))
    del doc["regulation"]["target_heading"]
    assert ir.from_json(doc).target_heading is None
    from xinxi_dsl.foundation.diagnostics import XinxiError

    with pytest.raises(XinxiError) as e:  # written twice: the second line is a duplicate header
        compile_text("规程 T\n目标列名 目标分数\n目标列名 目标分值\n单位组 甲：\n    市统计局 30\n", "t.xinxi")
    assert [(d.key, d.span.line) for d in e.value.diagnostics] == [("duplicate-header", 3)]
    assert "“目标列名”已在第2行写过" in e.value.diagnostics[0].message
