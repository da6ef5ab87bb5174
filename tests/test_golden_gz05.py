"""Golden scores for GZ05 (广州 2005), one case per clause ID of CLAUSES.md,
and the shipped example ledger examples/GZ05-2006.csv scored by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import json

import pytest

from conftest import HEADER, ROOT, assert_golden, points, regulation, row, score_rows
from xinxi_dsl.engine.evaluate import evaluate_ledger
from xinxi_dsl.engine.ledger import records_from_rows
from xinxi_dsl import score
from xinxi_dsl.engine import periods

D = Decimal
专报 = "穗府信息专报"

CASES = [
    pytest.param(
        [row("2006-03-01", "天河區政府", 刊物="穗府信息", 栏目="标题信息"), row("2006-03-02", "天河區政府", 刊物="穗府信息", 栏目="短波信息"),
         row("2006-03-03", "天河區政府", 刊物="穗府信息", 栏目="短波信息", 批示="市领导")],
        {"天河區政府": D(12)},  # 标题 2 + 短波 1 + (短波 1 + 市领导批示 8) = 12
        id="GZ05-1"),
    pytest.param([row("2006-03-01", "市教育局", 刊物="穗府要情")] * 2, {"市教育局": D(10)}, id="GZ05-2"),  # 2 × 5
    pytest.param([row("2006-03-01", "市教育局", 刊物="收文呈阅表")], {"市教育局": D(5)}, id="GZ05-3"),  # 1 × 5
    pytest.param(
        [row("2006-03-01", "海珠區政府", 编号="R9", 刊物="穗府调研报告", 角色="主办", 批示="市领导"),
         row("2006-03-01", "市科技局", 编号="R9", 刊物="穗府调研报告", 角色="参与", 批示="市领导")],
        {"海珠區政府": D(13), "市科技局": D(2)},  # lead 5 + 批示 8 = 13; participant 2, no bonus
        id="GZ05-4"),
    pytest.param(
        [row("2006-03-01", "市財政局", 刊物=专报, 上级采用="国务院办公厅、省政府办公厅", 批示="省领导、国务院领导")],
        {"市財政局": D(38)},  # base 8 + the highest bonus 30 (not 8 + 15 + 20 + 30)
        id="GZ05-5"),
    pytest.param(
        [row("2006-03-01", "市建委", 刊物=专报, 上级采用="省政府办公厅"), row("2006-03-02", "市建委", 刊物=专报, 上级采用="省政府办公厅", 批示="省领导"),
         row("2006-03-03", "市建委", 刊物=专报, 上级采用="国务院办公厅"), row("2006-03-04", "市建委", 刊物=专报, 批示="省领导")],
        {"市建委": D(75)},  # (8+8) + (8+15) + (8+20) + 8 (no office adopted it: no bonus) = 16 + 23 + 28 + 8 = 75
        id="GZ05-5-each-level"),
    pytest.param(
        [row("2006-03-01", "市交委", 刊物="穗府要情", 类别="约稿")], {"市交委": D(7)}, id="GZ05-6"),  # 5 + 约稿 2
    pytest.param(
        [row("2006-03-01", "市法院", 刊物="穗府要情", 所属单位="市公安局"), row("2006-03-02", "市法院", 刊物="收文呈阅表", 所属单位="市公安局")],
        {"市法院": D(10), "市公安局": D(5)},  # the point keeps 5 + 5 = 10; its parent gets 50% = 5
        id="GZ05-8"),
    pytest.param(
        [row("2006-03-01", "广州开发区管委会", 刊物="穗府要情"), row("2006-03-01", "萝岗区政府", 刊物="穗府要情")],
        {"蘿崗區政府": D(10)},  # either name: 2 × 5
        id="GZ05-U"),
]


@pytest.mark.parametrize("rows, expected", CASES)
def test_golden(rows, expected):
    assert_golden("GZ05", rows, expected)


def test_GZ05_Y_year_and_quarters():
    reg = regulation("GZ05")
    assert periods.year_bounds(reg, 2006) == (date(2005, 12, 1), date(2006, 11, 30))
    assert [periods.quarter_bounds(reg, 2006, n) for n in (1, 2, 3, 4)] == [
        (date(2005, 12, 1), date(2006, 2, 28)), (date(2006, 3, 1), date(2006, 5, 31)),
        (date(2006, 6, 1), date(2006, 8, 31)), (date(2006, 9, 1), date(2006, 11, 30))]
    assert periods.quarter_of(reg, date(2005, 12, 15)) == (2006, 1)  # December belongs to the next year's Q1
    assert periods.quarter_bounds(regulation("D12"), 2012, 1) == (date(2012, 1, 1), date(2012, 3, 31))  # calendar


def test_GZ05_Y_december_item_in_first_quarter():
    rows = [row("2005-12-15", "越秀區政府", 刊物="穗府要情"), row("2006-03-01", "越秀區政府", 刊物="穗府要情")]
    q1 = score_rows("GZ05", rows, period_from=date(2005, 12, 1), period_to=date(2006, 2, 28))
    assert points(q1, "越秀區政府") == D(5)  # only the 2005-12-15 item is in Q1 2006


def test_GZ05_S_groups_and_counts():
    reg = regulation("GZ05")
    assert [(g.name, g.count, len(g.units)) for g in reg.groups] == [
        ("區序列", 12, 12), ("部門A類", 20, 20), ("部門B類", 27, 27), ("直報點A類", 37, 37), ("直報點B類", 34, 34)]


def test_GZ05_I_quarter_and_year_targets():
    reg = regulation("GZ05")
    assert [(g.quarter_target, g.target) for g in reg.groups] == [
        (D(18), D(72)), (D(18), D(72)), (D(12), D(48)), (None, D(12)), (None, D(6))]
    # one quarter scored: completion against the quarterly target
    rows = [row("2006-04-01", "市教育局", 刊物="穗府要情")] * 2
    q2 = score_rows("GZ05", rows, period_from=date(2006, 3, 1), period_to=date(2006, 5, 31))
    u = q2.unit("市教育局")
    assert (u.target, str(u.completion)) == (D(18), "0.5556")  # 10 ÷ 18
    whole = score_rows("GZ05", rows).unit("市教育局")
    assert (whole.target, str(whole.completion)) == (D(72), "0.1389")  # 10 ÷ 72


def test_GZ05_9_outcomes():
    # 市教育局 (A类, 18 a quarter): Q1 20, Q2 20, Q3 20, Q4 20 → commended
    # 市民政局: Q1 20, then nothing → criticised (Q2–Q4), three in a row: not yet replaced
    rows = [row(d, "市教育局", 刊物="穗府要情") for d in ("2005-12-10", "2006-03-10", "2006-06-10", "2006-09-10") for _ in range(4)]
    rows += [row("2006-01-10", "市民政局", 刊物="穗府要情")] * 4
    rows += [row("2006-11-30", "市法院", 刊物="穗府要情")]  # the ledger runs to the year's end: Q4 is over
    result = score_rows("GZ05", rows)
    edu, civ, fin = (result.unit(n) for n in ("市教育局", "市民政局", "市財政局"))
    assert [o.id for o, _ in edu.outcomes] == ["GZ05-9a"]
    assert [(o.id, qs) for o, qs in civ.outcomes] == [("GZ05-9b", ((2006, 2), (2006, 3), (2006, 4)))]
    assert [o.id for o, _ in fin.outcomes] == ["GZ05-9b", "GZ05-9c"]  # four quarters in a row missed
    assert result.unit("市法院").outcomes == []  # 直報點: annual target only, no quarterly judgement


def test_GZ05_P_monthly():
    assert regulation("GZ05").report == "monthly"


def test_GZ05_example_ledger():
    """examples/GZ05-2006.csv, computed by hand from the notice's words."""
    result = score(regulation("GZ05"), ROOT / "examples" / "GZ05-2006.csv")
    got = {n: (result.unit(n).score, [o.id for o, _ in result.unit(n).outcomes])
           for n in ("越秀區政府", "市司法局", "市發改委", "市公安局消防局", "市公安局", "蘿崗區政府")}
    assert got == {
        # Q1 专报 8 + 30 = 38; Q2 要情 4 × 5 = 20; Q3 (标题 2 + 批示 8) + 收文 2 × 5 = 20;
        # Q4 调研报告 主办 5 + 批示 8 + 要情 5 = 18: every quarter ≥ 18 → 通报表扬
        "越秀區政府": (D(96), ["GZ05-9a"]),
        # Q2 短波 1; Q4 调研报告 参与 2 (no 批示 bonus): 1 + 2 = 3, four quarters missed
        "市司法局": (D(3), ["GZ05-9b", "GZ05-9c"]),
        # Q1 要情 4 × 5 = 20; Q2 标题 2 + 约稿 2 − 未按要求 5 = −1; Q3 批评 −10; Q4 专报 8 + 省办 8 = 16
        "市發改委": (D(25), ["GZ05-9b"]),
        # 直报点: 要情 5 + 要情 5 + 标题 2 = 12 = its annual target; no quarterly outcome
        "市公安局消防局": (D(12), []),
        # own 收文 5 + 50% of 12 = 11 (Q1 5, Q2 2.5, Q3 2.5, Q4 1)
        "市公安局": (D(11), ["GZ05-9b", "GZ05-9c"]),
        # 广州开发区管委会's 要情 5
        "蘿崗區政府": (D(5), ["GZ05-9b", "GZ05-9c"]),
    }
    assert str(result.unit("市公安局消防局").completion) == "1.0000"
    assert [(m.row, m.reason) for m in result.unmatched] == [
        (2, "dated 2005-11-30 outside the period 2005-12-01..2006-11-30"),
        (28, "dated 2006-12-01 outside the period 2005-12-01..2006-11-30")]


def test_GZ05_4_two_leads_warned():
    rows = [row("2006-03-01", "海珠區政府", 编号="R9", 刊物="穗府调研报告", 角色="主办"),
            row("2006-03-01", "市科技局", 编号="R9", 刊物="穗府调研报告", 角色="主办")]
    result = score_rows("GZ05", rows)
    assert [w.reason for w in result.warnings] == ["item R9 has several lead units: 海珠區政府、市科技局"]


def test_GZ05_Y_quarter_option_on_the_command_line():
    import json
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "xinxi_dsl", "score", "regulations/GZ05.xinxi", "examples/GZ05-2006.csv",
                           "--quarter", "1", "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    doc = json.loads(proc.stdout)
    assert doc["period"] == {"from": "2005-12-01", "to": "2006-02-28"}
    [u] = [u for u in doc["units"] if u["unit"] == "越秀区政府"]
    # Q1: the 2005-12-15 专报 8 + 30 = 38 against the quarterly 18
    assert (u["score"], u["target"], u["completion"], u["outcomes"][0]["outcome"]) == ("38", "18", "2.1111", "列為通報表揚候選（「且成績突出的」由市政府辦公廳認定）")


def test_GZ05_8_parent_no_clause_applies_to_is_warned():
    # a review found these silently dropped: an unlisted unit (no general transfer in GZ05)
    # and a listed unit outside the direct-report groups, each with a 所属单位
    rows = [row("2006-03-01", "市公安局交警支队", 刊物="穗府要情", 所属单位="市公安局"),
            row("2006-03-02", "市發改委", 刊物="穗府要情", 所属单位="市政府")]
    result = score_rows("GZ05", rows)
    assert (points(result, "市公安局交警支队"), points(result, "市公安局"), points(result, "市發改委")) == (D(5), D(0), D(5))
    assert [w.key for w in result.warnings] == ["parent-ignored", "parent-ignored"]
    assert [u.unit for u in result.unknown_units] == ["市公安局交警支队"]  # listed as an unknown unit, as it kept its points


# -- issue 12: the notice's words, clause by clause ---------------------------------------------

CRITIC = [*HEADER, "批评单位"]


def score_with(columns, rows):
    """Rows with columns beyond conftest's HEADER (批评单位), each a distinct item."""
    rows = [[*r, *([""] * (len(columns) - len(r)))] for r in rows]
    t = columns.index("标题")
    rows = [[*r[:t], r[t] or f"第{n}条", *r[t + 1:]] for n, r in enumerate(rows, start=2)]
    return evaluate_ledger(regulation("GZ05"), records_from_rows([columns, *rows], "test.csv"))


@pytest.mark.parametrize("approver, expected", [
    # 「被省政府辦公廳采用但沒有領導批示的,加8分;有省政府辦公廳以上領導批示的,加15分」
    ("省政府办公厅领导", D(23)),  # 8 + 15: 省政府辦公廳領導 is 「省政府辦公廳以上」
    ("省领导", D(23)),  # 8 + 15
    ("国务院办公厅领导", D(23)),  # 8 + 15: above 省政府辦公廳
    ("市领导", D(16)),  # 8 + 8: a city leader is below 省政府辦公廳, adopted without such an instruction
], ids=["GZ05-5c-provincial-office-leader", "GZ05-5c-province", "GZ05-5c-state-office-leader", "GZ05-5b-city-leader"])
def test_GZ05_5c_provincial_office_leader_and_above(approver, expected):
    rows = [row("2006-03-01", "市建委", 刊物=专报, 上级采用="省政府办公厅", 批示=approver)]
    assert points(score_rows("GZ05", rows), "市建委") == expected


@pytest.mark.parametrize("approver, expected", [
    # 「被國務院辦公廳采用但沒有領導批示的,加20分;有國務院辦公廳領導以上批示的,加30分」
    ("国务院办公厅领导", D(38)),  # 8 + 30
    ("国务院领导", D(38)),  # 8 + 30
    ("省领导", D(28)),  # 8 + 20: a provincial leader is below 國務院辦公廳領導
], ids=["GZ05-5e-state-office-leader", "GZ05-5e-state-council", "GZ05-5d-province-leader"])
def test_GZ05_5e_state_office_leader_and_above(approver, expected):
    rows = [row("2006-03-01", "市建委", 刊物=专报, 上级采用="国务院办公厅", 批示=approver)]
    assert points(score_rows("GZ05", rows), "市建委") == expected


def test_GZ05_7_criticism_only_by_the_two_offices():
    # 「受到國務院辦公廳、省政府辦公廳批評的每次扣10分」: a city office's criticism is not this clause
    result = score_with(CRITIC, [
        row("2006-03-01", "市農業局", 事项="批评") + ["国务院办公厅"],
        row("2006-03-02", "市農業局", 事项="批评") + ["省政府办公厅"],
        row("2006-03-03", "市農業局", 事项="批评") + ["市政府办公厅"],
        row("2006-03-04", "市農業局", 事项="批评")])
    assert points(result, "市農業局") == D(-20)  # −10 − 10; the city office's and the unnamed one cost nothing
    assert [m.row for m in result.unmatched] == [4, 5]  # listed as not scored, not dropped
    assert result.problems == []  # 批评单位 and its values are declared: no warning


def test_GZ05_7_late_commissioned_item():
    # 「不按時間及要求上報約稿信息的,每次扣5分」: late (遲報) as well as not as required (未按要求)
    rows = [row("2006-03-01", "市農業局", 事项="未按要求", 类别="约稿"), row("2006-03-02", "市農業局", 事项="迟报", 类别="约稿")]
    result = score_rows("GZ05", rows)
    assert points(result, "市農業局") == D(-10)  # −5 − 5
    assert result.unmatched == []


@pytest.mark.parametrize("rows, expected", [
    # 「《穗府調研報告》采用的信息,主辦單位記5分,參與單位記2分;獲得市領導批示的,給主辦單位加8分」
    ([row("2006-03-01", "海珠區政府", 编号="R1", 刊物="穗府调研报告")], D(5)),  # a sole author is its lead: 5
    ([row("2006-03-01", "海珠區政府", 刊物="穗府调研报告", 批示="市领导")], D(13)),  # no 编号, one unit: 5 + 8
    ([row("2006-03-01", "海珠區政府", 编号="R2", 刊物="穗府调研报告"),
      row("2006-03-01", "市科技局", 编号="R2", 刊物="穗府调研报告", 角色="主办")], D(0)),  # shared item, role blank: not guessed
], ids=["GZ05-4-sole-author", "GZ05-4-sole-author-instruction", "GZ05-4-shared-blank-role"])
def test_GZ05_4_sole_author_is_the_lead(rows, expected):
    assert points(score_rows("GZ05", rows), "海珠區政府") == expected


def test_GZ05_8_penalty_passes_with_the_score():
    # 「其信息得分單獨核算,并按所得分數的50%,給予其上級主管部門加分」: read as 50% of the point's own
    # score, deductions included (regulations/GZ05.xinxi states the reading)
    result = score_with(CRITIC, [
        row("2006-03-01", "市法院", 刊物="穗府要情", 所属单位="市公安局"),
        row("2006-03-02", "市法院", 事项="批评", 所属单位="市公安局") + ["省政府办公厅"]])
    assert (points(result, "市法院"), points(result, "市公安局")) == (D(-5), D("-2.5"))  # 5 − 10; 50% of each row


def test_GZ05_Y_rows_before_the_issue_date_count():
    # 「本實施方案自發布之日起施行」(二○○五年十二月二十日), yet 「考核年度為上年12月1日至當年11月30日」:
    # the 2006 list's year starts 2005-12-01, so a row of 2005-12-05 counts (the reading in GZ05.xinxi)
    rows = [row("2005-12-05", "越秀區政府", 刊物="穗府要情"), row("2005-12-20", "越秀區政府", 刊物="穗府要情")]
    result = score_rows("GZ05", rows)
    assert (points(result, "越秀區政府"), result.unmatched) == (D(10), [])  # 5 + 5


@pytest.mark.parametrize("clause", ["GZ05-Y", "GZ05-S", "GZ05-I", "GZ05-P", "GZ05-9"])
def test_GZ05_clause(clause):
    reg = regulation("GZ05")
    if clause == "GZ05-Y":  # 「考核年度為上年12月1日至當年11月30日,分為四個考核季度」
        assert periods.quarter_bounds(reg, 2006, 1) == (date(2005, 12, 1), date(2006, 2, 28))
        assert periods.quarter_of(reg, date(2006, 11, 30)) == (2006, 4)
        assert periods.quarter_of(reg, date(2006, 12, 1)) == (2007, 1)
    elif clause == "GZ05-S":  # 區(縣級市)序列(12個) … 直報點B類(34個)
        assert sum(len(g.units) for g in reg.groups) == 12 + 20 + 27 + 37 + 34 == 130
    elif clause == "GZ05-I":  # 「工作部門序列B類。工作指標:季度指標為12分,年度指標為48分」
        rows = [row("2006-03-01", "市司法局", 刊物="穗府要情")] * 2
        u = score_rows("GZ05", rows, period_from=date(2006, 3, 1), period_to=date(2006, 5, 31)).unit("市司法局")
        assert (u.target, str(u.completion)) == (D(12), "0.8333")  # 10 ÷ 12
    elif clause == "GZ05-P":  # 「每月公布信息采用及其得分情況」
        assert reg.report == "monthly"
    elif clause == "GZ05-9":  # 「不能按季度完成信息報送工作任務的單位…通報批評」
        rows = [row(d, "市教育局", 刊物="穗府要情") for d in ("2005-12-10", "2006-03-10", "2006-06-10") for _ in range(4)]
        rows += [row("2006-09-10", "市教育局", 刊物="穗府要情")] * 3 + [row("2006-11-30", "市法院")]  # Q4: 15 < 18; Q4 over
        edu = score_rows("GZ05", rows).unit("市教育局")
        assert [(o.id, qs) for o, qs in edu.outcomes] == [("GZ05-9b", ((2006, 4),))]


def test_GZ05_9a_commendation_is_a_candidate():
    # 「各單位每季度報送信息的累計得分均完成任務,且成績突出的,對其單位分管領導和信息員給予通報表揚」:
    # 「且成績突出的」 is the office's judgement — a unit at 20/20/20/20 is proposed, not commended
    rows = [row(d, "市教育局", 刊物="穗府要情") for d in ("2005-12-10", "2006-03-10", "2006-06-10", "2006-09-10") for _ in range(4)]
    result = score_rows("GZ05", rows, as_of=date(2006, 11, 30))  # the year is over
    [(o, qs)] = result.unit("市教育局").outcomes  # 4 × 5 = 20 ≥ 18 each quarter
    assert (o.id, o.text, len(qs)) == ("GZ05-9a", "列為通報表揚候選（「且成績突出的」由市政府辦公廳認定）", 4)
    # the engine proposes, the office decides: the JSON marks it a candidate, 通報批評 is not one
    from xinxi_dsl.engine.outputs import unit_json

    assert o.candidate and [x["candidate"] for x in unit_json(result.unit("市教育局"))["outcomes"]] == [True]
    assert not next(x for x in result.regulation.outcomes if x.id == "GZ05-9b").candidate


def test_GZ05_appendix_keeps_the_list_headings():
    # 附件「2006年全市政務信息報送單位名單」: 二、工作部門序列(47個) (一)… ; 三、直報點序列(71個) (一)…
    from xinxi_dsl.documents.appendix import render_markdown
    md = render_markdown(regulation("GZ05"))
    heads = [l for l in md.splitlines() if l.startswith("## ")][:5]
    assert heads == ["## 附件：2006年全市政務信息報送單位名單 一、區(縣級市)序列", "## 二、工作部門序列(47個) (一)工作部門A類",
                     "## 二、工作部門序列 (二)工作部門B類", "## 三、直報點序列(71個) (一)直報點A類", "## 三、直報點序列 (二)直報點B類"]
    assert "連續4個季度沒有完成任務的，對其單位分管領導和信息員給予通報批評，并建議該單位更換信息員。" in md


@pytest.mark.parametrize("rows, period, as_of, judged, outcomes, criticised", [
    # 「不能按季度完成信息報送工作任務的單位…通報批評」: only a quarter that is over can be judged.
    # A ledger running to 2006-03-10: Q1 (to 02-28) is over, Q2 is not; 4 × 5 = 20 ≥ 18 in Q1
    ([row("2006-01-10", "市教育局", 刊物="穗府要情")] * 4 + [row("2006-03-10", "市教育局", 刊物="穗府要情")],
     {}, "2006-03-10", ("2006Q1",), [], 58),  # the other 58 missed Q1
    # --year 2007 with a single row of 2006-12-01: no quarter of 2007 is over, nobody is criticised
    ([row("2006-12-01", "市教育局", 刊物="穗府要情")],
     {"period_from": date(2006, 12, 1), "period_to": date(2007, 11, 30)}, "2006-12-01", (), [], 0),
    # as of a date the clerk gives (2006-06-01): Q1 met, Q2 (5 < 18) missed
    ([row("2006-01-10", "市教育局", 刊物="穗府要情")] * 4 + [row("2006-03-10", "市教育局", 刊物="穗府要情")],
     {"as_of": date(2006, 6, 1)}, "2006-06-01", ("2006Q1", "2006Q2"), ["GZ05-9b"], 59),
], ids=["GZ05-9-quarter-not-over", "GZ05-9-year-not-begun", "GZ05-9-as-of-given"])
def test_GZ05_9_judged_as_of(rows, period, as_of, judged, outcomes, criticised):
    from xinxi_dsl.engine.outputs import to_json
    result = score_rows("GZ05", rows, **period)
    doc = to_json(result)
    assert (doc["as_of"], tuple(doc["judged_quarters"])) == (as_of, judged)
    assert [o.id for o, _ in result.unit("市教育局").outcomes] == outcomes
    assert sum(1 for u in result.units if u.outcomes) == criticised  # of the 59 units with quarterly targets


def _xinxi(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "xinxi_dsl", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("as_of, shown, judged", [
    ("2006-06-15", "2006-06-15", ["2006Q1", "2006Q2"]),
    # after the period's end: judged as of its end (nothing after 2006-11-30 belongs to the year)
    ("2007-01-31", "2006-11-30", ["2006Q1", "2006Q2", "2006Q3", "2006Q4"]),
], ids=["GZ05-9-as-of-option", "GZ05-9-as-of-after-the-period"])
def test_GZ05_9_as_of_on_the_command_line(as_of, shown, judged):
    # 「不能按季度完成信息報送工作任務的單位…通報批評」, judged as of the clerk's date
    proc = _xinxi("score", "regulations/GZ05.xinxi", "examples/GZ05-2006.csv", "--as-of", as_of, "--format", "json")
    doc = json.loads(proc.stdout)
    assert (doc["as_of"], doc["judged_quarters"]) == (shown, judged)
    [ndrc] = [u for u in doc["units"] if u["unit"] == "市发改委"]
    # Q1: 4 × 5 = 20 ≥ 18 met; Q2 (3–5月): 約稿 標題信息 2 + 約稿 2 − 未按要求 5 = −1 < 18 missed
    assert [(q["score"], q["met"]) for q in ndrc["quarters"]][:2] == [("20", True), ("-1", False)]
    assert [o["id"] for o in ndrc["outcomes"]] == ["GZ05-9b"]


def test_GZ05_9_as_of_said_in_the_table_and_the_report():
    table = _xinxi("score", "regulations/GZ05.xinxi", "examples/GZ05-2006.csv", "--as-of", "2006-06-15").stdout
    assert "考核结论按截至2006-06-15已结束的季度判断：2006年第1季度、2006年第2季度。" in table
    explain = _xinxi("explain", "regulations/GZ05.xinxi", "examples/GZ05-2006.csv", "--unit", "市發改委", "--as-of", "2006-03-01").stdout
    assert "考核结论按截至2006-03-01已结束的季度判断：2006年第1季度。" in explain
    report = _xinxi("report", "regulations/GZ05.xinxi", "examples/GZ05-2006.csv", "--year", "2006", "--as-of", "2006-06-15").stdout
    assert "考核結論按截至2006年6月15日已結束的季度判斷：2006年第一季度、2006年第二季度。" in report  # as the notice writes dates
    # 市發改委 missed Q2 (−1 < 18): 通報批評 in its 備註
    [line] = [l for l in report.splitlines() if l.startswith("| ") and "| 市發改委 |" in l]
    assert line == "| 1 | 市發改委 | 25 | 25 | 72 | 34.72% | 進度滯後；通報批評 |"  # 25 ÷ 72 below the pace 100%
    month = _xinxi("report", "regulations/GZ05.xinxi", "examples/GZ05-2006.csv", "--month", "2006-03").stdout
    assert "截至2006年3月31日尚無已結束的季度，未作考核結論。" in month


def test_GZ05_7_appendix_in_the_notice_words():
    # 條款原文: 「7不按時間及要求上報約稿信息的,每次扣5分;受到國務院辦公廳、省政府辦公廳批評的每次扣10分。」
    # shown once, instead of the generated sentence (no shortened sentence beside it)
    from xinxi_dsl.documents.appendix import render_markdown
    md = render_markdown(regulation("GZ05"))
    assert "\n7.不按時間及要求上報約稿信息的，每次扣5分；受到國務院辦公廳、省政府辦公廳批評的每次扣10分。\n" in md
    assert "\n6.按時保質完成國務院辦公廳、省政府辦公廳和市政府辦公廳信息約稿任務并被采用的，每條加2分。\n" in md
    assert "并按所得分數的50%，給予其上級主管部門加分。" in md
    assert "約稿每條另加2分" not in md and "批评单位" not in md and "得分按50%計入所屬單位" not in md


def test_clause_text_replaces_the_generated_sentence_and_attribute_keeps_its_declared_name():
    from xinxi_dsl import compile_text
    from xinxi_dsl.documents.appendix import render_markdown
    head = "規程 T\n屬性 事項：批評\n屬性 批評單位：國務院辦公廳、省政府辦公廳\n記分辦法【四】\n"
    rule = "T-1【7】批評 批評單位=國務院辦公廳每次扣10分\n"
    plain = render_markdown(compile_text(head + rule, "t.xinxi")[0])
    # the attribute as the file declares it (traditional), not its folded key 批评单位
    assert "7.批評單位為國務院辦公廳，批評的，每次扣10分。" in plain
    whole = render_markdown(compile_text(head + rule + "【7】條款原文：受到國務院辦公廳批評的每次扣10分\n", "t.xinxi")[0])
    assert "7.受到國務院辦公廳批評的每次扣10分。" in whole and "批評單位為" not in whole
