"""The report (通报) for March 2012 of the shipped example, as xlsx, read
back with openpyxl: numbers in number cells, the completion as a fraction
with a percentage format, a native chart, and the golden scores; and read
as the zip it is (xl/drawings, xl/worksheets, xl/workbook.xml): where the
charts stand, how every sheet prints, and that no ledger text became a
formula."""

from __future__ import annotations

import csv
import re
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
    for col in ("本期得分", "累計得分", "目標分值"):  # whole points shown whole: 10, not 10.0
        assert isinstance(fgw[col].value, (int, float)) and fgw[col].number_format == "0"
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


def xml(path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def anchors(path, n: int = 1) -> list[tuple[int, int, int, int]]:
    """(from row, from col, to row, to col) of each chart of drawing ``n``, 0-based."""
    found = re.findall(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>.*?</xdr:from>"
                       r"<xdr:to><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", xml(path, f"xl/drawings/drawing{n}.xml"))
    return [(int(fr), int(fc), int(tr), int(tc)) for fc, fr, tc, tr in found]


def test_report_xlsx_charts_below_their_own_table_apart(book):
    """Issue 14: the second group's chart covered the first.  Each chart now
    stands below its own group's table, within the table's columns, before
    the next group's name, and no two charts share a row."""
    path, wb = book
    ws = wb.worksheets[0]
    col_a = [c.value for c in ws["A"]]
    col_b = [c.value for c in ws["B"]]
    starts = [i for i, v in enumerate(col_a) if v in ("一、縣、市、區目標分數", "二、市級部門目標任務", "其他單位（無目標）")]
    assert len(starts) == 3
    charts = anchors(path)
    assert len(charts) == 2
    for (fr, fc, tr, tc), first, nxt in zip(charts, starts, starts[1:]):
        # the group's last unit row (0-based): the last row before the chart with a unit name
        last_unit = max(i for i in range(first, fr) if col_b[i] and col_b[i] != "單位")
        assert last_unit < fr <= tr < nxt, (first, fr, tr, nxt)
        assert fc == 0 and tc <= 6  # under the table: columns A..G
    (_, _, end1, _), (start2, _, _, _) = charts
    assert end1 < start2
    # the chart of the 56 city departments names all of them
    chart2 = xml(path, "xl/charts/chart2.xml")
    assert '<c:tickLblSkip val="1"/>' in chart2 and chart2.count("<c:dPt>") == 56
    # a bar red where behind the pace: 市發改委 46.67% (1st) is not, 市衛生局 20% (4th) is
    bars = re.findall(r'<c:dPt><c:idx val="(\d+)"/>.*?<a:srgbClr val="(\w+)"/>', chart2)
    assert bars[0] == ("0", "4472C4") and bars[3] == ("3", "C0504D")
    # no label beside a bar of 0: 47 of the 56 departments have nothing yet
    col_f = [c.value for c in ws["F"]]
    zeros = sum(1 for i in range(starts[1], starts[2]) if col_f[i] == 0)
    deleted = re.findall(r'<c:dLbl><c:idx val="\d+"/><c:delete val="1"/></c:dLbl>', chart2)
    assert len(deleted) == zeros == 47


def test_report_xlsx_prints_on_a4(book):
    """Every sheet: A4 (paperSize 9), fit to the page's width however many
    pages tall, margins, the page number in the footer; the report sheet is
    portrait (its table fits), the rows not scored landscape (wide); the
    sheets of one table repeat their header rows (print titles)."""
    path, wb = book
    names = wb.sheetnames
    book_xml = xml(path, "xl/workbook.xml")
    titles = dict(re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]*)</definedName>', book_xml))
    for i, name in enumerate(names, start=1):
        sheet = xml(path, f"xl/worksheets/sheet{i}.xml")
        setup = re.search(r"<pageSetup [^>]*/>", sheet).group(0)
        assert 'paperSize="9"' in setup and 'fitToHeight="0"' in setup, (name, setup)
        assert 'fitToWidth' not in setup  # 1, the default: one page wide
        assert '<pageSetUpPr fitToPage="1"/>' in sheet, name
        assert re.search(r'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75"', sheet), name
        assert "<oddFooter>&amp;C— &amp;P —</oddFooter>" in sheet, name
        if i == 1:
            assert 'orientation="portrait"' in setup
            assert str(i - 1) not in titles  # several tables: their headers are repeated in the sheet
        else:
            assert titles[str(i - 1)].strip("'").replace("'!", "!") == f"{name}!$1:${1 if i == 2 else 2}", name
        if i == 2:
            # row, unit and the reason in Chinese (the English column is gone, issue 14): it fits portrait
            assert 'orientation="portrait"' in setup


def test_report_xlsx_header_repeated_after_each_page_break(book):
    """The report sheet's tables run over pages: a manual break ends each
    page, and the row after it is the table's header again."""
    path, wb = book
    ws = wb.worksheets[0]
    breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"', xml(path, "xl/worksheets/sheet1.xml"))]
    assert len(breaks) >= 2
    header = [c.value for c in ws[6]]  # the first table's header (row 6, under the group's name)
    assert header[:3] == ["排名", "單位", "本期得分"]
    repeated = [b for b in breaks if [c.value for c in ws[b + 1]] == header]
    # every break inside a table repeats its header; the others start a chart or a group
    for b in breaks:
        after = [c.value for c in ws[b + 1]]
        assert after == header or after[0] in (None, "其他單位（無目標）", "二、市級部門目標任務"), (b, after)
    assert repeated  # the 56 city departments do not fit one page


def test_report_xlsx_title_merged_and_tall_enough(book):
    path, wb = book
    ws = wb.worksheets[0]
    assert "A1:G1" in [str(r) for r in ws.merged_cells.ranges]  # across the table, not clipped at column A
    assert ws.row_dimensions[1].height >= 16 * 1.3
    assert ws.row_dimensions[2].height >= 15  # the period line, wrapped where long


def test_report_xlsx_columns_fit_their_cjk_text(book):
    _, wb = book
    ws = wb.worksheets[0]
    longest = max((c.value for c in ws["B"] if isinstance(c.value, str) and c.row > 4), key=len)
    assert longest == "市住房和城鄉規劃建設局"
    assert ws.column_dimensions["B"].width >= 2 * len(longest)  # a CJK character: two widths
    detail = wb["市發改委"]
    assert detail.column_dimensions["G"].width >= 2 * len("达州市一季度物价运行平稳")


def test_points_format_shows_the_notice_numbers():
    from xinxi_dsl.documents.xlsx_writer import points_format

    assert [points_format(Decimal(x)) for x in ("10", "10.0", "2.5", "1.25", "-3", "0", "0.50")] == \
        ["0", "0", "0.0", "0.00", "0", "0", "0.0"]


def test_report_xlsx_half_points_and_percent(tmp_path):
    """CD07 for March 2007: 市人防办 has 6.5 points, shown 6.5; its
    completion 20% is written 20.00% as the notice does."""
    out = tmp_path / "cd07.xlsx"
    r = CliRunner().invoke(app, ["report", str(ROOT / "regulations/CD07.xinxi"), str(ROOT / "examples/CD07-2007.csv"),
                                 "--month", "2007-03", "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    row = next(r for r in ws.iter_rows() if r[1].value == "市人防办")
    assert (row[3].value, row[3].number_format) == (6.5, "0.0")
    assert (row[5].value, row[5].number_format) == (0.2, "0.00%")


def test_report_xlsx_no_formula_from_ledger_text(tmp_path):
    """A ledger title beginning with = + - @ is text in the workbook: a
    shared or inline string, never a <f> formula, in any sheet."""
    hostile = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]
    rows = list(csv.reader(EXAMPLE.read_text(encoding="utf-8").splitlines()))
    for i, t in enumerate(hostile):
        rows.append([f"Z{i}", "2012-03-20", "市发改委", "采用", "达州政务快讯", "主条", "", "", "", "", t])
    ledger = tmp_path / "hostile.csv"
    with ledger.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(app, ["report", D12, str(ledger), "--month", "2012-03", "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all("<f>" not in z.read(n).decode("utf-8") and "<f " not in z.read(n).decode("utf-8") for n in sheets)
    ws = openpyxl.load_workbook(out)["市發改委"]
    titles = [row[6].value for row in ws.iter_rows(min_row=3)]
    for t in hostile:
        assert t in titles


def test_report_xlsx_a_group_too_big_for_one_page_gets_a_chart_per_page(tmp_path):
    """120 units in one group: three charts of 40 bars (1/3, 2/3, 3/3), one
    after the other below the table, apart; together they name every unit
    in the table's order, the repeated headers left out of their ranges."""
    names = [x + y + "局" for x in "甲乙丙丁戊己庚辛壬癸" for y in "子丑寅卯辰巳午未申酉戌亥"]
    reg = tmp_path / "big.xinxi"
    reg.write_text("规程 B\n名称 大组\n考核期 2012年1月1日 至 2012年12月31日\n属性 栏目：主条\n单位组 部门：\n    "
                   + "、".join(f"{n} 20" for n in names) + "\nB-1《主条》主条每采用1条计2分\n", encoding="utf-8")
    ledger = tmp_path / "big.csv"
    ledger.write_text("编号,日期,单位,栏目,标题\nB1,2012-03-05,丙午局,主条,一条\n", encoding="utf-8")
    out = tmp_path / "big.xlsx"
    r = CliRunner().invoke(app, ["report", str(reg), str(ledger), "--month", "2012-03", "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    charts = anchors(out)
    assert len(charts) == 3
    for (_, _, end, _), (start, _, _, _) in zip(charts, charts[1:]):
        assert end < start
    ws = openpyxl.load_workbook(out).worksheets[0]
    named = []
    for n in (1, 2, 3):
        chart = xml(out, f"xl/charts/chart{n}.xml")
        assert f"（{n}/3）" in chart
        cat = re.search(r"<c:cat>.*?<c:f>([^<]*)</c:f>", chart).group(1)
        cells = []
        for a, b in re.findall(r"\$B\$(\d+):\$B\$(\d+)", cat):
            cells += [ws.cell(row=i, column=2).value for i in range(int(a), int(b) + 1)]
        assert len(cells) <= 60 and "单位" not in cells
        named += cells
    table = [c.value for c in ws["B"] if c.value in names]
    assert named == table and len(named) == 120
