"""engine/workbook.py: the sheet scan on the less usual ways to write a
sheet (namespace prefixes, cells without references), and SheetRow."""

from __future__ import annotations

import json
import sys
import zipfile

import pytest

from conftest import ROOT
from xinxi_dsl.engine.workbook import scan_sheet
from xinxi_dsl.foundation.diagnostics import SheetRow, Span, XinxiError
from xinxi_dsl.engine.ledger import read_ledger

sys.path.insert(0, str(ROOT / "tests" / "bad"))
from make_fixtures import raw_book  # noqa: E402

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _scan(tmp_path, xml: str):
    p = tmp_path / "t.xlsx"
    raw_book(p, xml)
    with zipfile.ZipFile(p) as z:
        return scan_sheet(z, "xl/worksheets/sheet1.xml", str(p)), p


def test_prefixed_cells(tmp_path):
    xml = (f'<x:worksheet xmlns:x="{NS}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c>'
           '<x:c r="B1" s="2"/></x:row><x:row r="7"><x:c r="C7" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c>'
           '<x:c r="AB7"><x:f>A1&amp;"x"</x:f></x:c></x:row></x:sheetData></x:worksheet>')
    s, _ = _scan(tmp_path, xml)
    assert (s.max_row, s.max_col, s.cells) == (7, 28, 3)
    assert s.errors == [(7, 3, "#N/A")]
    assert s.formulas == [(7, 28, 'A1&"x"')]


def test_cells_without_reference(tmp_path):
    # no r on rows or cells: placed by position (expat fallback)
    xml = (f'<worksheet xmlns="{NS}"><sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c/><c><v>1</v></c></row>'
           '<row><c><v>2</v></c></row><row><c t="e"><v>#DIV/0!</v></c><c><f>1+1</f></c></row></sheetData></worksheet>')
    s, _ = _scan(tmp_path, xml)
    assert (s.max_row, s.max_col, s.cells) == (3, 3, 5)
    assert s.errors == [(3, 1, "#DIV/0!")]
    assert s.formulas == [(3, 2, "1+1")]


def test_far_cell_without_reference_is_refused(tmp_path):
    far = "<c/>" * 16000 + "<c><v>1</v></c>"
    xml = f'<worksheet xmlns="{NS}"><sheetData><row r="1">{far}</row><row r="1000"><c><v>1</v></c></row></sheetData></worksheet>'
    p = tmp_path / "far.xlsx"
    raw_book(p, xml)
    with pytest.raises(XinxiError) as e:
        read_ledger(p)
    assert e.value.diagnostics[0].key == "sheet-too-large"
    msg = e.value.diagnostics[0].message
    assert "A1:WQK1000（1000行×16001列" in msg and "最右的单元格是WQK1，最下的是A1000" in msg


def test_dtd_refused(tmp_path):
    xml = f'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="{NS}"><sheetData><row><c><v>&a;</v></c></row></sheetData></worksheet>'
    p = tmp_path / "dtd.xlsx"
    raw_book(p, xml)
    with pytest.raises(XinxiError) as e:  # no r: the expat scan, which refuses a DTD
        read_ledger(p)
    assert e.value.diagnostics[0].key == "bad-xlsx"


def test_sheet_row():
    a, b, c = SheetRow(5, "一月", 0), SheetRow(3, "二月", 1), SheetRow(5, "二月", 1)
    assert sorted([c, b, a]) == [a, b, c] and [x.sheet for x in sorted([c, b, a])] == ["一月", "二月", "二月"]
    assert a != c and len({a, b, c}) == 3  # the same row number on two sheets: two rows
    assert a == 5 and a + 1 == 6
    assert json.dumps({"row": a}) == '{"row": 5}'
    assert (str(a), f"第{a}行", str(Span("x.xlsx", a, 0))) == ("一月!5", "第5行", "x.xlsx:一月:5")


def test_sheets_too_large_together(tmp_path, monkeypatch):
    import xlsxwriter

    from xinxi_dsl.engine import workbook

    p = tmp_path / "two.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    for name in ("一月", "二月"):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["日期", "单位", "栏目", "标题"])
        for r in range(1, 40):  # distinct titles: identical rows would count once
            ws.write_row(r, 0, ["2012-01-05", "通川区", "主条", f"信息{r}"])
    wb.close()
    monkeypatch.setattr(workbook, "MAX_CELLS", 200)  # 40 × 4 = 160 each, 320 together
    with pytest.raises(XinxiError) as e:
        read_ledger(p)
    assert e.value.diagnostics[0].key == "sheet-too-large"
    assert "“一月”40行×4列、“二月”40行×4列" in e.value.diagnostics[0].message
    assert len(read_ledger(p, sheet="二月").records) == 39  # one at a time fits


def test_formula_with_an_empty_saved_value_is_a_formula_without_value(tmp_path):
    """openpyxl (a program filling the template) writes ``<f>…</f><v></v>``:
    no value was ever computed — said as such, not as a blank cell (the row
    read “第2行没有填写单位”).  Excel's own empty text result (t="str") is a value."""
    cells = ('<row r="2"><c r="A2" t="inlineStr"><is><t>2012-01-05</t></is></c><c r="B2"><f>C9&amp;"区"</f><v></v></c>'
             '<c r="C2" t="str"><f>IF(1,"","x")</f><v></v></c><c r="D2"><f>1+1</f><v/></c></row>')
    xml = f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c></row>{cells}</sheetData></worksheet>'
    s, p = _scan(tmp_path, xml)
    assert s.formulas == [(2, 2, 'C9&"区"'), (2, 4, "1+1")]
    # the same cells placed by position (no references): the expat path agrees
    positional = xml.replace(' r="A1"', "").replace(' r="A2"', "").replace(' r="B2"', "").replace(' r="C2"', "").replace(' r="D2"', "")
    s2, _ = _scan(tmp_path, positional)
    assert s2.formulas == [(2, 2, 'C9&"区"'), (2, 4, "1+1")]
