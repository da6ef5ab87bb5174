"""Example C (issue 13): the invented 东川市 notice examples/DC24.xinxi and its
ledger examples/DC24-2024.csv, every unit scored by hand from the notice.

The clauses (二、计分办法 unless said):
  DC-1a （一）1 每月报送完成任务的，计2分；未完成任务的，扣2分
        (任务 = the group's 每月不少于N条: 一类 3, 二类 2, 三类 1; 报送 = distinct 编号 with a
        报送 or 采用 row in the month)
  DC-1b （一）2 一类单位每月报送要情、动态类信息不少于8篇的，计10分，超出部分每条加1分 (一类单位 only)
  DC-2a/b/c （二）1 《东川要情》采用1条，计5分；《东川政务》每采用1条计3分；《政务参阅》每条20分 (per adoption row)
  DC-2d/e （二）2 被省政府办公厅采用1条计10分 (beside the row's publication points)、被国务院办公厅采用另加30分
  DC-2f/g （二）3 获市领导批示的，每条加5分；获省领导批示的，每次加15分
  DC-2h （二）4 同一条信息被两个以上的刊物同时采用的，累加计分 (rows of one item add up)
  DC-2i （二）5 每季度（二）1、2项得分低于10分的，予以通报 (批示 bonuses are not counted)
  DC-3  （三）紧急信息迟报、漏报的，扣5分 (each time)
  DC-4  （四）每月得分最高40分 (every line dated in the month, period lines included)
  DC-5a/5b 三、（三）全年完成率（得分÷目标分值）低于100%的予以通报；达到100%的列为表彰候选
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from xinxi_dsl import compile_file, score
from xinxi_dsl.cli import app

D = Decimal
REG = ROOT / "examples" / "DC24.xinxi"
LEDGER = ROOT / "examples" / "DC24-2024.csv"
QUARTERS = ["2024年第一季度", "2024年第二季度", "2024年第三季度", "2024年第四季度"]


def run_json(*extra):
    r = CliRunner().invoke(app, ["score", str(REG), str(LEDGER), "--format", "json", *extra])
    assert r.exit_code == 0, r.stderr
    return {u["unit"]: u for u in json.loads(r.stdout)["units"]}, json.loads(r.stdout)


# ---- the year (as of the ledger's last date, 2024-12-31) --------------------------------

# 市发改委 (一类: 3 a month, 100分, 36条)
#   DC-1a: Jan 3 (F01-F03) +2; Feb 2 (F04, F05) −2; Mar 9 (F06-F14) +2; Apr 3 (F15-F17) +2; May 0 −2;
#          Jun 3 (F18-F20; the 迟报 row E01 is no submission) +2; Jul-Dec 0 → 6 × −2 = −12.   Sum −8
#   DC-1b: Mar 9 要情/动态类 ≥ 8 → 10, 9 − 8 = 1 beyond → +1 = 11; no other month reaches 8.
#   Adoptions: Jan F01 要情 5; Feb F04 政务 3 + 市领导 5 = 8;
#              Mar F06 参阅 20 + 省办 10 + 省领导 15 = 45, F06 again in 要情 5 (可累计加分), F07 要情 5 → 55;
#              Apr F15 要情 5 + 国办 30 = 35; Jun F18 参阅 20 + 省办 10 = 30.                 Sum 133
#   DC-3: Jun E01 迟报 −5.
#   DC-4: March's lines 2 + 11 + 55 = 68 > 40 → −28; other months ≤ 40 (Apr 2 + 35 = 37, Jun 2 − 5 + 30 = 27).
#   −8 + 11 + 133 − 5 − 28 = 103;  103 ÷ 100 = 103% ≥ 100% → DC-5b 列为表彰候选.
#   DC-2i: Q1 5 + 3 + (20 + 10 + 5 + 5) = 48, Q2 (5 + 30) + (20 + 10) = 65, Q3 0, Q4 0 → 通报 Q3, Q4.
#   Count: F01-F20 = 20 of 36 = 0.5556.
# 市教育局 (一类)
#   DC-1a: Jan 3 +2, Feb 3 +2, Mar 1 −2, Apr-Jun 0 −6, Jul 3 +2, Aug-Dec 0 −10 (August: no row at all). Sum −12
#   Adoptions: J01 政务 3; J04 要情 5 + 市领导 5; J08 参阅 20 = 33.   33 − 12 = 21; 21% → 通报.
#   DC-2i: Q1 3 + 5 = 8 < 10 (the 市领导 5 is （二）3, not counted) → 通报; Q2 0 → 通报; Q3 20; Q4 0 → 通报.
#   Count: J01-J10 = 10 of 36 = 0.2778.
# 市商务局 (二类: 2 a month, 60分, 24条)
#   DC-1a: Jan 2 (S01, S02) +2; Feb 1 −2; Mar: S04 报送 = 1 → −2 (S02's 采用 row in March is the
#          item submitted in January: an item counts as submitted in the month it was first submitted);
#          Apr-Dec −18.   Sum −20
#   S02 要情 5; May E02 紧急信息 漏报 −5.   −20 + 5 − 5 = −20; −33.33% → 通报.
#   DC-2i: Q1 5 < 10, Q2-Q4 0 → 通报 all four.  Count: S01-S04 = 4 of 24 = 0.1667.
# 市农业农村局 (二类)
#   DC-1a: Jan 2 +2, Feb 2 +2, Mar-Dec −20.   Sum −16
#   N01 要情 5 + 国办 30 + 省领导 15 = 50.   DC-4: January 2 + 50 = 52 > 40 → −12.
#   −16 + 50 − 12 = 22; 36.67% → 通报.  DC-2i: Q1 5 + 30 = 35; Q2-Q4 → 通报.  Count 4 of 24.
# 市档案馆 (三类: 1 a month, 30分, 12条)
#   DC-1a: one item every month (D01-D12, D13 on 12-31) → 12 × 2 = 24.  D05 政务 3.  27; 90% → 通报.
#   Count D01-D13 = 13 of 12 = 1.0833: meets its count target, not its points target.
#   DC-2i: Q1 0, Q2 3, Q3 0, Q4 0 → 通报 all four.
# 市气象局 (三类)
#   DC-1a: Mar 1 (Q01) +2, the other 11 months −22.  Q01 要情 5 + 市领导 5 = 10.  −20 + 10 = −10 → 通报.
#   DC-2i: Q1 5 < 10 → 通报; Q2-Q4 → 通报.  Count 1 of 12.
YEAR = {
    #  unit: (score, completion, count, count_completion, rank)
    "市发改委": ("103", "1.0300", 20, "0.5556", 1),
    "市档案馆": ("27", "0.9000", 13, "1.0833", 2),
    "市农业农村局": ("22", "0.3667", 4, "0.1667", 3),
    "市教育局": ("21", "0.2100", 10, "0.2778", 4),
    "市商务局": ("-20", "-0.3333", 4, "0.1667", 5),
    "市气象局": ("-10", "-0.3333", 1, "0.0833", 5),  # −10 ÷ 30 = −20 ÷ 60 = −33.33%: tied with 市商务局, both 5th
}
TARGETS = {"市发改委": ("100", "36"), "市教育局": ("100", "36"), "市商务局": ("60", "24"),
           "市农业农村局": ("60", "24"), "市档案馆": ("30", "12"), "市气象局": ("30", "12")}
# verdicts: (clause, period, outcome, candidate)
Q, Y = ("DC-2i", "二、（二）5"), ("DC-5a", "三、（三）")
YEAR_VERDICTS = {
    "市发改委": [(*Q, QUARTERS[2], "通报", False), (*Q, QUARTERS[3], "通报", False),
             ("DC-5b", "三、（三）", "2024年度", "年度政务信息先进单位表彰候选", True)],
    "市教育局": [(*Q, QUARTERS[i], "通报", False) for i in (0, 1, 3)] + [(*Y, "2024年度", "通报", False)],
    "市商务局": [(*Q, q, "通报", False) for q in QUARTERS] + [(*Y, "2024年度", "通报", False)],
    "市农业农村局": [(*Q, QUARTERS[i], "通报", False) for i in (1, 2, 3)] + [(*Y, "2024年度", "通报", False)],
    "市档案馆": [(*Q, q, "通报", False) for q in QUARTERS] + [(*Y, "2024年度", "通报", False)],
    "市气象局": [(*Q, q, "通报", False) for q in QUARTERS] + [(*Y, "2024年度", "通报", False)],
}


def verdicts(u):
    return [(v["id"], v["clause"], v["period"], v["outcome"], v["candidate"]) for v in u.get("verdicts", [])]


def test_year_scores_completions_and_verdicts():
    units, doc = run_json()
    assert doc["as_of"] == "2024-12-31" and doc["rows"] == 68
    assert doc["unmatched"] == [] and doc["warnings"] == [] and doc["problems"] == []
    assert doc["judged_periods"] == {"month": [f"2024年{m}月" for m in range(1, 13)], "quarter": QUARTERS, "year": ["2024年度"]}
    assert set(units) == set(YEAR)
    for name, (sc, comp, count, ccomp, rank) in YEAR.items():
        u = units[name]
        target, count_target = TARGETS[name]
        assert (u["score"], u["target"], u["completion"], u["rank"]) == (sc, target, comp, rank), name
        assert (u["count_target"], u["count"], u["count_measure"], u["count_completion"]) == (count_target, count, "submitted", ccomp), name
        assert verdicts(u) == YEAR_VERDICTS[name], name
    # 市档案馆 meets its count target (13 ≥ 12) and not its points target (27 < 30)
    assert D(units["市档案馆"]["count_completion"]) > 1 > D(units["市档案馆"]["completion"])
    # the ledger writes 东川市发改委 once (row 6): the city's own prefix
    assert units["市发改委"]["written_as"] == [{"name": "东川市发改委", "how": "affix", "note": "“东川市”写作“市”", "rows": [6]}]


def lines(unit, as_of=None):
    reg, _ = compile_file(REG)
    res = score(reg, LEDGER, as_of=as_of) if as_of else score(reg, LEDGER)
    return res.unit(unit).lines


def test_the_month_cap_and_the_extras_line_by_line():
    fg = [(l.rule_id, l.title, l.points) for l in lines("市发改委") if l.kind == "period"]
    # DC-1b in March: 10 for reaching 8, 1 for the ninth; DC-4 takes 68 − 40 = 28 off March
    assert ("DC-1b", "2024年3月", D(10)) in fg and ("DC-1b", "2024年3月", D(1)) in fg
    assert [x for x in fg if x[0] == "DC-4"] == [("DC-4", "2024年3月", D(-28))]
    ny = [(l.rule_id, l.title, l.points) for l in lines("市农业农村局") if l.rule_id == "DC-4"]
    assert ny == [("DC-4", "2024年1月", D(-12))]
    # 市教育局 has no row in August: the month is still judged, and missed
    jy = {l.title: l.points for l in lines("市教育局") if l.rule_id == "DC-1a" and not l.row}
    assert jy["2024年8月"] == D(-2) and sum(jy.values()) == D(-12)


def test_the_province_adds_to_the_publication():
    # DC-2d “被省政府办公厅采用1条计10分”: rows 18 (F06, 《政务参阅》) and 29 (F18, 《政务参阅》), 上级采用=省政府办公厅,
    # each earn the publication's 20 and the province's 10 (two base lines, not one or the other)
    by_row = {}
    for l in lines("市发改委"):
        if l.row in (18, 29) and l.kind == "base":
            by_row.setdefault(l.row, []).append((l.rule_id, l.points))
    assert by_row == {18: [("DC-2c", D(20)), ("DC-2d", D(10))], 29: [("DC-2c", D(20)), ("DC-2d", D(10))]}


def test_score_is_the_sum_of_lines_and_every_row_is_accounted_for():
    reg, _ = compile_file(REG)
    res = score(reg, LEDGER)
    seen = set()
    for u in res.units:
        assert u.score == sum((l.points for l in u.lines), D(0))
        seen |= {int(l.row) for l in u.lines if l.row}
    assert seen == set(range(2, 70))


# ---- as of 2024-06-30: January-June and the first two quarters are judged; not the year --------
# Rows after June are still scored (the period scored is the year); only the period clauses wait.
# 市发改委: DC-1a Jan +2, Feb −2, Mar +2, Apr +2, May −2, Jun +2 = 4; 11; 133; −5; −28 → 115 (115%, no verdict yet).
# 市农业农村局: DC-1a +2 +2 −2 × 4 = −4; 50; −12 → 34; DC-2i Q2 0 → 通报.
# 市档案馆: DC-1a 6 × 2 = 12; 3 → 15; DC-2i Q1 0, Q2 3 → 通报 both.
# 市教育局: DC-1a +2 +2 −2 −2 −2 −2 = −4; 33 (J08 in July included) → 29; DC-2i Q1 8, Q2 0 → 通报 both.
# 市气象局: DC-1a +2 − 2 × 5 = −8; 10 → 2; 通报 Q1, Q2.
# 市商务局: DC-1a +2 −2 −2 −2 −2 −2 = −8 (March: S04 only); 5 − 5 → −8; 通报 Q1, Q2.
AS_OF = {"市发改委": ("115", 1, []), "市农业农村局": ("34", 2, [QUARTERS[1]]), "市档案馆": ("15", 3, QUARTERS[:2]),
         "市教育局": ("29", 4, QUARTERS[:2]), "市气象局": ("2", 5, QUARTERS[:2]), "市商务局": ("-8", 6, QUARTERS[:2])}


def test_as_of_june_judges_only_the_months_and_quarters_ended():
    units, doc = run_json("--as-of", "2024-06-30")
    assert doc["as_of"] == "2024-06-30"
    assert doc["judged_periods"] == {"month": [f"2024年{m}月" for m in range(1, 7)], "quarter": QUARTERS[:2], "year": []}
    for name, (sc, rank, qs) in AS_OF.items():
        u = units[name]
        assert (u["score"], u["rank"]) == (sc, rank), name
        assert verdicts(u) == [(*Q, q, "通报", False) for q in qs], name
    # the count is of the year so far as scored (rows after June included): unchanged
    assert units["市档案馆"]["count"] == 13


def test_as_of_with_period_clauses_is_not_called_unused():
    r = CliRunner().invoke(app, ["score", str(REG), str(LEDGER), "--as-of", "2024-06-30"])
    assert r.exit_code == 0
    assert "as-of-unused" not in r.stderr + r.stdout


# ---- what a clerk sees ---------------------------------------------------------------------

def test_table_shows_the_count_target_and_the_verdicts():
    r = CliRunner().invoke(app, ["score", str(REG), str(LEDGER)], terminal_width=240)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for head in ("条数目标", "条数完成率", "结论"):
        assert head in out
    row = next(l for l in out.splitlines() if "市档案馆" in l)
    assert "13（报送）" in row and "108.33%" in row and "90.00%" in row
    # the 结论 cell wraps rather than being cut off: read it with the table's rules taken out
    flat = out.replace("│", "").replace(" ", "").replace("\n", "")
    # one table per group: the group is the table's title, the rank is within it
    assert "（三）三类单位（组内排名）" in flat
    assert "1市档案馆273090.00%13（报送）12108.33%通报（2024年第一季度、第二季度、第三季度、第四季度）；通报（2024年度）" in flat
    assert "通报（2024年第三季度、第四季度）；年度政务信息先进单位表彰候选（待审定）（2024年度）" in flat


def test_csv_adds_the_count_target_and_verdict_columns_at_the_end():
    r = CliRunner().invoke(app, ["score", str(REG), str(LEDGER), "--format", "csv"])
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert rows[0] == ["排名", "单位", "单位组", "得分", "目标", "完成率", "计入", "报送条数", "条数目标", "条数完成率", "期间结论",
                       "组内排名"]
    assert rows[1] == ["1", "市发改委", "一类单位", "103", "100", "1.0300", "", "20", "36", "0.5556",
                       "通报（2024年第三季度、第四季度）；年度政务信息先进单位表彰候选（待审定）（2024年度）", "1"]


# ---- the appendix ------------------------------------------------------------------------------

def test_appendix_phrases():
    text = (ROOT / "generated" / "DC24.md").read_text(encoding="utf-8")
    for phrase in ("每月不少于3条，全年目标任务100分、36条：市发改委、市教育局。",
                   "（一）1.每月报送完成任务的，计2分；未完成任务的，扣2分。",
                   "（一）2.（一类单位）每月要情、动态类报送不少于8篇的，计10分；超出部分每条加1分。",  # as the notice and the file write it
                   "（二）2.被省政府办公厅采用的信息每采用1条计10分；被国务院办公厅采用每条另加30分。",
                   "（二）4.同一条信息被两个以上的刊物同时采用的，累加计分。",
                   "（二）5.每季度【（二）1】、【（二）2】得分低于10分的，予以通报。",
                   "（四）每月得分最高40分。",
                   "全年完成率达到100%的，列为年度政务信息先进单位表彰候选"):
        assert phrase in text, phrase
