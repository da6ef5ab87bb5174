"""The report (通报) for March 2012 of the shipped example, as xlsx, read
back with openpyxl: numbers in number cells, the completion as a fraction
with a percentage format, a native chart, and the golden scores."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from test_example import EXAMPLE, EXPECTED
from xinxi_dsl.cli import app
from xinxi_dsl.foundation.text import fold

D12 = str(ROOT / "regulations/D12.xinxi")

#: points of the rows dated 2012-03-01..31 (examples/D12-2012Q1.csv), by hand
MARCH = {
    "通川区": -3,  # D006 迟报 −3
    "达县": 6,  # D010 动态类 2 + 省办采用 4
    "万源市": -3,  # D013 不报 −3
    "大竹县": 3,  # D017 简讯 1 + D018 主条 2
    "市发改委": 10,  # the point's D023 (专题 4 + 省办 4) + D024 动态类 2
    "达州市价格监测中心": 10,  # the point itself
    "市统计局": 5,  # D027 问题与建议 3 + 市领导 2
    "市教育局": -3,  # D029 迟报 −3
    "农发行达州分行": 1,  # D033 图片新闻 1
    "市水务局": 9,  # D036 问题与建议 3 + D037 (动态类 2 + 省领导 4)
    "市商务局": 2,  # D040 主条 2
}  # every other unit: 0 in March


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    r = CliRunner().invoke(app, ["report", D12, str(EXAMPLE), "--month", "2012-03", "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    return out, openpyxl.load_workbook(out)


def unit_rows(ws):
    """unit (folded) → its row's cells, for every table row of the report sheet."""
    rows = {}
    header = None
    for row in ws.iter_rows():
        values = [c.value for c in row]
        if "本期得分" in values:
            header = values
            continue
        if header and row[header.index("單位")].value:
            cells = {h: row[i] for i, h in enumerate(header) if h}
            rows[fold(str(cells["單位"].value))] = cells
    return rows


def test_report_xlsx_march_and_to_date_golden(book):
    _, wb = book
    ws = wb.worksheets[0]
    assert ws.title == "通報"
    assert ws["A1"].value == "2012年度全市政務信息目標任務完成情況通報（2012年3月）"
    rows = unit_rows(ws)
    assert len(rows) == 7 + 56 + 1  # both groups and the direct-report point
    for unit, cells in rows.items():
        assert cells["累計得分"].value == EXPECTED.get(unit, 0), unit
        assert cells["本期得分"].value == MARCH.get(unit, 0), unit


def test_report_xlsx_numbers_and_formats(book):
    _, wb = book
    rows = unit_rows(wb.worksheets[0])
    fgw = rows["市发改委"]
    for col in ("本期得分", "累計得分", "目標分值"):
        assert isinstance(fgw[col].value, (int, float)) and fgw[col].number_format == "0.0#"
    assert fgw["目標分值"].value == 30
    # completion 14 / 30 = 0.46666… → 0.4667, a fraction shown as a percentage
    assert fgw["累計完成率"].value == pytest.approx(0.4667) and fgw["累計完成率"].number_format == "0.00%"
    assert fgw["排名"].value == 1 and fgw["備註"].value in ("", None)
    # pace after March: 3/12 = 25%; 通川區 20/180 = 11.11% is behind, 市統計局 8/30 = 26.67% is not
    assert rows["通川区"]["累計完成率"].value == pytest.approx(0.1111) and rows["通川区"]["備註"].value == "進度滯後"
    assert rows["市统计局"]["備註"].value in ("", None)
    # equal completion 4/20 = 2/10 shares rank 4 in the group
    assert rows["市卫生局"]["排名"].value == rows["农发行达州分行"]["排名"].value == 4


def test_report_xlsx_chart(book):
    path, wb = book
    assert len(wb.worksheets[0]._charts) == 2  # one per unit group
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert "<c:barChart>" in chart and "$F$" in chart  # bars of the completion column


def test_report_xlsx_unmatched_and_details(book):
    _, wb = book
    ws = wb["未計分的行"]
    assert [[c.value for c in r][:2] for r in ws.iter_rows(min_row=2)] == [[21, "開江縣"], [32, "市公安局"]]
    ws = wb["通川區"]
    pts = [r[4].value for r in ws.iter_rows(min_row=3) if isinstance(r[0].value, int)]
    assert pts == [2, 3, 2, 2, 2, 4, 4, 4, -3]  # the explanation of test_example, line by line
    assert ws.cell(row=ws.max_row, column=5).value == sum(pts) == 20
    assert ws["B3"].is_date


def test_report_xlsx_same_bytes_twice(book, tmp_path):
    path, _ = book
    again = tmp_path / "again.xlsx"
    CliRunner().invoke(app, ["report", D12, str(EXAMPLE), "--month", "2012-03", "--format", "xlsx", "-o", str(again)])
    assert again.read_bytes() == path.read_bytes()


def test_report_completion_is_decimal_until_the_cell():
    from xinxi_dsl.documents import bulletin
    from xinxi_dsl.engine import periods
    from xinxi_dsl.engine.ledger import read_ledger
    from conftest import regulation

    reg = regulation("D12")
    b = bulletin.build(reg, read_ledger(EXAMPLE), periods.period(reg, "2012-03"))
    row = next(r for g in b.groups for r in g.rows if r.key == "市发改委")
    assert (row.to_date, row.completion, b.pace) == (Decimal(14), Decimal("0.4667"), Decimal("0.25"))
