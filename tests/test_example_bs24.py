"""Example A (issue 13): 白沙市 (invented), 《白沙市政务信息工作考评办法》 (examples/BS24.xinxi),
scored on examples/BS24-2024.csv by hand from the notice's words (quoted in the .xinxi).

The clauses used below:
  BS-1 “每周报送政务信息2篇以上的，计基础分1分，每超报1篇计1分” (Monday–Sunday, whole weeks of 2024;
       1 January 2024 is a Monday, so Q1 = weeks 1–13 and Q2 = weeks 14–26; 30–31 December is no whole week)
  BS-2 “每季度报送数量未达到任务的，每少报1篇扣1分” — 县区 每季度不少于8篇, 市直部门 不少于4篇
  BS-3 “每季度信息采用率低于30%的，扣2分” (adopted ÷ submitted items; nothing submitted = 0%)
  BS-4 “被《白沙信息》采用的，每篇计3分”, 《白沙政务专报》 8, 《政务要情》 15; “同一条信息被多次多级采用的，按最高分值计分，不累计加分”
  BS-5 “获市领导批示的，每篇另加5分；获省领导批示的，每篇再加10分” (再加 = 另加)
  BS-6 “紧急信息迟报的，每次扣2分；约稿信息未按要求报送的，每次扣3分。全年……累计2次以上的，当年得分计0分”
  BS-7 “每季度基础分6分，扣完为止，加分无上限” — a quarter's deductions (BS-2, BS-3, BS-6) take at most 6
  BS-8 “每季度得分低于10分的，视为不达标” — on the quarter's score after 扣完为止

Items submitted per quarter count distinct 编号 with a 报送 or 采用 row (an adopted item was submitted).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from typer.testing import CliRunner

from conftest import ROOT
from xinxi_dsl import compile_file, score
from xinxi_dsl.cli import app

D = Decimal
REG = ROOT / "examples" / "BS24.xinxi"
LEDGER = ROOT / "examples" / "BS24-2024.csv"

# Each unit's score per quarter, by hand.  Notation: items (BS-4/BS-5), weeks (BS-1), +6 (BS-7),
# − shortfall (BS-2), − rate (BS-3), − penalties (BS-6), + given back (BS-7 扣完为止).
QUARTERS = {
    # 白沙区 (县区, 8 a quarter)
    #   Q1 items: B001 《白沙信息》 3; B003 《白沙政务专报》 8 + 市领导 5 = 13; B006 in 《白沙信息》 3 and
    #      《白沙政务专报》 8, 按最高分计 → 8.  = 24.  Weeks: 1月8日–14日 B001, B002 → 2篇 → 1;
    #      1月29日–2月4日 B003, B004, B005 → 3篇 → 1 + 1 = 2; 3月4日–10日 B006 alone, 3月18日–24日 B007
    #      alone → 0.  = 3.  Submitted B001–B007 = 7 < 8 → −1.  Rate 3 ÷ 7 = 42.9% ≥ 30%.
    #      24 + 3 + 6 − 1 = 32
    #   Q2 items: B008 《政务要情》 15 + 省领导 10 = 25; B012 3.  = 28.  Weeks: 4月8日–14日 B008–B011 4篇 →
    #      1 + 2 = 3; 5月13日–19日 B012, B013 → 1; 6月17日–23日 B014, B015 → 1.  = 5.  Submitted B008–B015 = 8:
    #      no shortfall.  Rate 2 ÷ 8 = 25% < 30% → −2.  28 + 5 + 6 − 2 = 37
    #   Q3 B016 3 + B017 3; 7月8日–14日 3篇 → 2; submitted 3 → −5; rate 2/3.  6 + 2 + 6 − 5 = 9 (不达标)
    #   Q4 B019 15; 11月4日–10日 2篇 → 1; submitted 2 → −6; rate 1/2.  15 + 1 + 6 − 6 = 16
    "白沙区": (32, 37, 9, 16),
    # 青石县 (县区)
    #   Q1 Q001 《白沙政务专报》 8; Q002 《白沙信息》 3 + 市领导 5 = 8 (different weeks: no BS-1 points).
    #      Submitted 2 → −6; rate 100%; 迟报 紧急信息 ×2 → −4; 约稿 未按要求 → −3.  Deductions 13 > 6:
    #      扣完为止 gives back 7.  16 + 6 − 13 + 7 = 16 (达标: 16 ≥ 10; before the floor it would be 9)
    #   Q2 no row: 6 − 8 (shortfall) − 2 (rate 0%) + 4 (back) = 0
    #   Q3 Q003 报送, Q004 《白沙信息》 3 in 8月5日–11日 → 2篇 → 1; submitted 2 → −6; rate 50%.  3 + 1 + 6 − 6 = 4
    #   Q4 Q005 《白沙政务专报》 8 + 省领导 10 = 18; submitted 1 → −7, 7 > 6 → +1 back.  18 + 6 − 7 + 1 = 18
    "青石县": (16, 0, 4, 18),
    # 南溪县 (县区) — zeroed at the year's end (约稿 未按要求 on 3月12日 and 9月10日: 2次)
    #   Q1 N001 3; 2月5日–11日 N001, N002 → 1; submitted 2 → −6; rate 50%; 约稿 −3.  9 > 6 → +3.
    #      3 + 1 + 6 − 9 + 3 = 4
    #   Q2 N003 《政务要情》 15; submitted 1 → −7 → +1 back.  15 + 6 − 7 + 1 = 15
    #   Q3 N004 报送 only: −7, rate 0% −2, 约稿 −3 = 12 → +6 back.  6 − 12 + 6 = 0
    #   Q4 no row: 6 − 8 − 2 + 4 = 0
    "南溪县": (4, 15, 0, 0),
    # 市发展改革委 (市直部门, 4 a quarter)
    #   Q1 F001 3, F002 3, F004 8 = 14; 1月1日–7日 F001, F002 → 1; 2月19日–25日 F003, F004 → 1;
    #      submitted F001–F005 = 5 ≥ 4; rate 3/5 = 60%.  14 + 2 + 6 = 22
    #   Q2 F006 《政务要情》 15 + 市领导 5 + 省领导 10 = 30 and 《白沙信息》 3 → 按最高分计 30;
    #      6月3日–9日 F007, F008 → 1; submitted 3 → −1; rate 1/3 = 33.3%.  30 + 1 + 6 − 1 = 36
    #   Q3 F009 3; submitted 1 → −3.  3 + 6 − 3 = 6 (不达标)
    #   Q4 F010 报送 on 12月31日 (no whole week); submitted 1 → −3; rate 0% → −2.  6 − 5 = 1 (不达标)
    "市发展改革委": (22, 36, 6, 1),
    # 市教育局 (市直部门)
    #   Q1 J001 3; 迟报 −2; submitted J001, J002 = 2 → −2; rate 50%.  3 + 6 − 4 = 5 (不达标)
    #   Q2 J003 8 + 市领导 5 = 13, J004 3 = 16; 4月15日–21日 J003, J004 → 1; 5月6日–12日 J005–J007 →
    #      1 + 1 = 2; submitted 5; rate 2/5 = 40%; 迟报 −2.  16 + 3 + 6 − 2 = 23
    #   Q3 no row: −4 − 2 = 6, exactly the allowance.  0
    #   Q4 J008 3; submitted 1 → −3.  3 + 6 − 3 = 6
    "市教育局": (5, 23, 0, 6),
    # 市交通运输局 (市直部门)
    #   Q1 T001 报送 only: −3, rate 0% −2.  6 − 5 = 1;  Q2 T002 3: −3.  3 + 6 − 3 = 6;  Q3, Q4 no row: 6 − 4 − 2 = 0
    "市交通运输局": (1, 6, 0, 0),
    # 市农业农村局 (市直部门): no row in the ledger.  Each quarter 6 − 4 − 2 = 0
    "市农业农村局": (0, 0, 0, 0),
}

# 南溪县: Q1–Q4 add up to 19; BS-6c takes the 19 off at the year's end (“当年得分计0分”).
ZEROED = {"南溪县": 19}
YEAR = {u: sum(q) - ZEROED.get(u, 0) for u, q in QUARTERS.items()}
#      白沙区 94, 青石县 38, 南溪县 0, 市发展改革委 65, 市教育局 34, 市交通运输局 7, 市农业农村局 0

# “每季度得分低于10分的，视为不达标”
NOT_MET = {u: [n for n, s in zip(("第一季度", "第二季度", "第三季度", "第四季度"), q) if s < 10]
           for u, q in QUARTERS.items()}


def reg():
    r, diags = compile_file(REG)
    assert diags == []
    return r


def verdicts(result, unit):
    return [name.removeprefix("2024年") for _, name, text, _ in result.unit(unit).verdicts if text == "不达标"]


def test_year_end_scores_by_hand():
    result = score(reg(), LEDGER)  # the ledger's last row is 2024-12-31: the year is over
    assert result.as_of == date(2024, 12, 31)
    assert {u.key: u.score for u in result.units} == {u: D(v) for u, v in YEAR.items()}
    assert YEAR == {"白沙区": 94, "青石县": 38, "南溪县": 0, "市发展改革委": 65, "市教育局": 34,
                    "市交通运输局": 7, "市农业农村局": 0}
    assert result.rows == 59 and result.unmatched == [] and result.problems == []
    for u in result.units:
        assert u.score == sum((l.points for l in u.lines), D(0))
        assert verdicts(result, u.key) == NOT_MET[u.key], u.key
    # 完成率 = score ÷ 全年目标任务 (县区 60, 市直部门 30): 65/30 > 94/60 > 34/30 > 38/60 > 7/30 > 0
    assert [u.key for u in sorted(result.units, key=lambda u: u.rank)][:5] == [
        "市发展改革委", "白沙区", "市教育局", "青石县", "市交通运输局"]


def test_end_of_second_quarter_by_hand():
    # scored for 1 January – 30 June: Q1 + Q2, the 26 weeks, no year pass (the year is not over: no zeroing)
    result = score(reg(), LEDGER, period_to=date(2024, 6, 30))
    assert result.as_of == date(2024, 6, 30)
    assert {u.key: u.score for u in result.units} == {u: D(q[0] + q[1]) for u, q in QUARTERS.items()}
    # 白沙区 69, 青石县 16, 南溪县 19 (not zeroed yet: one 约稿 未按要求 so far), 市发展改革委 58,
    # 市教育局 28, 市交通运输局 7, 市农业农村局 0
    assert result.unit("南溪县").score == D(19)
    # the 13 rows dated after 30 June are listed as outside the period, none dropped
    assert len(result.unmatched) == 13 and all("outside the period" in m.reason for m in result.unmatched)
    assert [n for n, *_ in result.judged_periods["quarter"]] == ["2024年第一季度", "2024年第二季度"]
    assert len(result.judged_periods["week"]) == 26
    assert result.judged_periods.get("year") == []
    assert verdicts(result, "青石县") == ["第二季度"]  # Q1 16 after 扣完为止: met


def test_explanation_lines():
    result = score(reg(), LEDGER)

    def line(unit, kind, title, rule):
        found = [l for l in result.unit(unit).lines if (l.kind, l.title, l.rule_id) == (kind, title, rule)]
        assert len(found) == 1, (unit, kind, title, rule, found)
        return found[0]

    # BS-1: 1月29日–2月4日, 白沙区 3篇 → 基础分1 and 超报1篇1: two lines dated the Sunday
    week = [l for l in result.unit("白沙区").lines if (l.title, l.rule_id) == ("1月29日至2月4日", "BS-1")]
    assert [(l.kind, l.points, l.date, l.label) for l in week] == [("period", D(1), date(2024, 2, 4), "二、（一）")] * 2
    assert [l.note for l in week] == ["1月29日至2月4日：报送3条，2篇以上", "1月29日至2月4日：报送3条，超1篇"]
    # BS-3: 白沙区 Q2 采用率 2 ÷ 8 = 25% → −2
    l = line("白沙区", "period", "2024年第二季度", "BS-3")
    assert l.points == D(-2) and "采用2条÷报送8条=25%" in l.note
    # BS-4d: B006 in two publications — 《白沙政务专报》's 8 kept (row 21), 《白沙信息》's 3 taken off
    # in a line on the row dropped (row 20)
    l = line("白沙区", "combine", "白沙区老旧小区改造全面启动", "BS-4d")
    assert (l.points, l.row) == (D(-3), 20)
    # BS-2 and the floor: 青石县 Q1 shortfall 6, then 扣完为止 gives back 13 − 6 = 7
    assert line("青石县", "period", "2024年第一季度", "BS-2").points == D(-6)
    l = line("青石县", "floor", "2024年第一季度", "BS-7")
    assert l.points == D(7) and "扣分13分超过基础分6分" in l.note
    # BS-7 allowance: every unit, every quarter, also 市农业农村局 with no row
    assert [x.points for x in result.unit("市农业农村局").lines if x.kind == "allowance"] == [D(6)] * 4
    # BS-6c: 南溪县's year total 19 taken off, dated 31 December
    l = line("南溪县", "zero", "2024年度", "BS-6c")
    assert (l.points, l.date) == (D(-19), date(2024, 12, 31))
    # the 报送 rows no clause gives points are counted by BS-1 with 0 points, not left unscored
    assert {x.row for x in result.unit("市发展改革委").lines if x.kind == "counted"} == {16, 27, 42, 43, 60}


def test_cli_as_of_second_quarter():
    # --as-of judges only the quarters and weeks over by then; rows after it still score as items,
    # so the score as at 30 June is --to 2024-06-30 (above).  Here: as of 30 June, 青石县 Q2 is judged,
    # Q3/Q4 not, and --as-of is not called unused
    r = CliRunner().invoke(app, ["score", str(REG), str(LEDGER), "--as-of", "2024-06-30", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    assert "as-of-unused" not in r.stderr
    import json

    doc = json.loads(r.stdout)
    assert doc["as_of"] == "2024-06-30"
    assert doc["judged_periods"]["quarter"] == ["2024年第一季度", "2024年第二季度"]
    units = {u["unit"]: u for u in doc["units"]}
    assert [v["period"] for v in units["青石县"]["verdicts"]] == ["2024年第二季度"]
    # 南溪县: Q1 4 + Q2 15 + its later rows as items (N004 报送 0, 约稿 9月10日 −3) = 16, not yet zeroed
    assert units["南溪县"]["score"] == "16"
