"""The report (通报) for the notices with count targets and outcomes."""

from __future__ import annotations

from decimal import Decimal

from conftest import ROOT, regulation
from xinxi_dsl.documents import bulletin
from xinxi_dsl.engine import periods
from xinxi_dsl.engine.ledger import read_ledger

D = Decimal


def test_cd07_report_shows_counts_beside_scores():
    reg = regulation("CD07")
    b = bulletin.build(reg, read_ledger(ROOT / "examples" / "CD07-2007.csv"), periods.period(reg, "2007-03"))
    g = b.groups[0]
    assert g.target_head == "目标（采用数）"
    [r] = [r for r in g.rows if r.name == "锦江区"]
    # to the end of March: 29 points of February's items − the first 漏报 (March) 2 = 27; 4 items counted
    assert (r.period_points, r.to_date, r.count, str(r.completion)) == (D(-2), D(27), 4, "0.0333")
    assert r.mark == "采用4条；进度滞后"  # the column is 累计: 4 ÷ 120 = 3.33% < the pace 3 ÷ 12 = 25%
    assert "| 目标（采用数） |" in bulletin.markdown(b)


def test_gz05_year_report_shows_outcomes():
    reg = regulation("GZ05")
    b = bulletin.build(reg, read_ledger(ROOT / "examples" / "GZ05-2006.csv"), periods.period(reg, year=2006))
    assert (b.period.start.isoformat(), b.period.end.isoformat()) == ("2005-12-01", "2006-11-30")
    marks = {r.name: r.mark for g in b.groups for r in g.rows}
    assert marks["越秀區政府"] == "列為通報表揚候選（「且成績突出的」由市政府辦公廳認定）"  # every quarter ≥ 18: a candidate
    assert marks["市發改委"] == "進度滯後；通報批評"  # 25 ÷ 72 < 100%; Q2–Q4 missed, not four in a row
    assert marks["市公安局"] == "進度滯後；通報批評；對其單位分管領導和信息員給予通報批評，並建議該單位更換信息員"  # one script: s2tw


def test_gz05_quarter_report_uses_the_assessment_year():
    reg = regulation("GZ05")
    b = bulletin.build(reg, read_ledger(ROOT / "examples" / "GZ05-2006.csv"), periods.period(reg, quarter=1))
    [r] = [r for g in b.groups for r in g.rows if r.name == "越秀區政府"]
    # Q1 2006 = 2005-12-01 … 2006-02-28: the 2005-12-15 专报 8 + 30 = 38; to date against the
    # annual 72, as the pace is the annual one (3 of 12 months): 38 ÷ 72 = 0.5278
    assert (r.period_points, r.target, str(r.completion)) == (D(38), D(72), "0.5278")


def test_gz05_to_date_target_does_not_change_month_to_month():
    """A review found February's report (to date = exactly Q1) measured against the
    quarterly target while January's and March's used the annual one."""
    reg = regulation("GZ05")
    ledger = read_ledger(ROOT / "examples" / "GZ05-2006.csv")
    marks = {}
    for month in ("2006-01", "2006-02", "2006-03"):
        b = bulletin.build(reg, ledger, periods.period(reg, month))
        [r] = [r for g in b.groups for r in g.rows if r.name == "市公安局"]
        marks[month] = (r.target, r.behind)
    # 市公安局: 5 points by February, 5 + 2.5 by the end of March; always of 72, always behind the pace
    assert marks == {"2006-01": (D(72), True), "2006-02": (D(72), True), "2006-03": (D(72), True)}
