"""Build the binary fixtures of tests/bad (xlsx ledgers), so that they can be
rebuilt and reviewed as code.  Run from the repository root:

    python tests/bad/make_fixtures.py

Each helper writes only its own fixtures, in a function of its own.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import xlsxwriter

BAD = Path(__file__).resolve().parent
LEDGERS = BAD / "ledgers"

HEAD = ["编号", "日期", "单位", "刊物", "栏目", "批示"]
ROW_A = ["1", "2012-01-05", "通川区", "达州政务快讯", "主条", "市政府领导"]  # 2 + 2 points
ROW_B = ["2", "2012-02-06", "达县", "达州政务快讯", "简讯", ""]  # 1 point


def _book(name: str, sheets: list[tuple[str, list[list[str]], bool]]) -> None:
    """Sheets as (name, rows, hidden)."""
    wb = xlsxwriter.Workbook(str(LEDGERS / name))
    for title, rows, hidden in sheets:
        ws = wb.add_worksheet(title)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
        if hidden:
            ws.hide()
    wb.close()


# The raw parts of a one-sheet workbook, for the files xlsxwriter will not write.
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _KX(ref: str) -> str:
    return _inline(ref, "达州政务快讯")


def raw_sheet(cells: str, dimension: str = "A1") -> str:
    head = "".join(_inline(f"{c}1", t) for c, t in zip("ABCD", ["日期", "单位", "栏目", "刊物"]))
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData><row r="1">{head}</row>{cells}</sheetData></worksheet>')


def raw_book(path: Path, sheet_xml: str | bytes, extra: dict[str, bytes] | None = None) -> None:
    """A one-sheet workbook from raw sheet XML (for bombs and odd cells)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WBRELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)


def corner_bomb(path: Path) -> None:
    """Cells at A1 and XFD1048576: calamine would ask for 512 GiB."""
    raw_book(path, raw_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576"))


def wide_bomb(path: Path, rows: int = 2000) -> None:
    """A stray cell at XFD2000: 32M cells, 1.3 GB and seconds in calamine."""
    raw_book(path, raw_sheet(f'<row r="{rows}"><c r="XFD{rows}"><v>1</v></c></row>', f"A1:XFD{rows}"))


def trust_xlsx_fixtures() -> None:
    """Issue 11 (trust at the door): several sheets, hidden sheets, formulas
    without a saved value, error values, sheets too large, zips that are not
    workbooks."""
    month2 = ["3", "2012-02-10", "通川区", "达州政务快讯", "问题与建议", ""]  # 3 points
    _book("sheets_several.xlsx", [("一月", [HEAD, ROW_A], False), ("二月", [HEAD, ROW_B, month2], False),
                                  ("说明", [["本表为2012年信息台账"]], False)])
    # the same workbook, with a row on 二月 that cannot be read: located on its sheet
    _book("sheets_several_bad_row.xlsx", [("一月", [HEAD, ROW_A], False),
                                          ("二月", [HEAD, ROW_B, ["4", "2012-13-01", "达县", "达州政务快讯", "简讯", ""]], False)])
    _book("sheet_without_header.xlsx", [("台账", [HEAD, ROW_A], False),
                                        ("汇总", [["单位", "得分"], ["通川区", "4"], ["达县", "1"]], False),
                                        ("空白", [], False)])
    _book("sheet_hidden_ledger.xlsx", [("台账", [HEAD, ROW_A], False), ("旧台账", [HEAD, ROW_B], True)])
    _book("sheet_none_is_ledger.xlsx", [("汇总", [["单位", "得分"], ["通川区", "4"], ["达县", "1"]], False)])
    # a formula with no saved value (as written by a program, never opened in Excel)
    raw_book(LEDGERS / "formula_without_value.xlsx", raw_sheet(
        '<row r="2"><c r="A2" t="inlineStr"><is><t>2012-01-05</t></is></c>' + _inline("B2", "通川区") + _inline("C2", "主条") + _KX("D2") + "</row>"
        '<row r="3"><c r="A3" t="inlineStr"><is><t>2012-01-06</t></is></c>' + _inline("B3", "通川区")
        + '<c r="C3" t="str"><f>B2&amp;"领导"</f></c>' + _KX("D3") + "</row>"))
    raw_book(LEDGERS / "error_values.xlsx", raw_sheet(
        '<row r="2"><c r="A2" t="e"><f>NA()</f><v>#N/A</v></c>' + _inline("B2", "通川区") + _inline("C2", "主条") + _KX("D2") + "</row>"
        '<row r="3"><c r="A3" t="inlineStr"><is><t>2012-01-06</t></is></c>' + _inline("B3", "达县")
        + '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>' + _KX("D3") + "</row>"
        '<row r="4"><c r="A4" t="inlineStr"><is><t>2012-01-07</t></is></c>' + _inline("B4", "通川区") + _inline("C4", "简讯")
        + _KX("D4") + "</row>"))
    corner_bomb(LEDGERS / "bomb_corner_cells.xlsx")
    wide_bomb(LEDGERS / "bomb_stray_far_cell.xlsx")
    # a part that claims to unpack to 2 GiB (the declared size is what is checked first)
    raw_book(LEDGERS / "bomb_zip_member.xlsx", raw_sheet(""), {"xl/sharedStrings.xml": b" " * (1 << 16)})
    _forge_size(LEDGERS / "bomb_zip_member.xlsx", "xl/sharedStrings.xml", 2 << 30)
    with zipfile.ZipFile(LEDGERS / "zip_of_csv.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("一月.csv", ",".join(HEAD) + "\n" + ",".join(ROW_A) + "\n")
    with zipfile.ZipFile(LEDGERS / "docx_renamed.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    (LEDGERS / "csv_renamed.xlsx").write_text(",".join(HEAD) + "\n" + ",".join(ROW_A) + "\n", encoding="utf-8")


def _forge_size(path: Path, member: str, size: int) -> None:
    """Rewrite a member's declared uncompressed size in the central directory."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    i = data.rfind(b"PK\x01\x02" + bytes(0), 0)
    while i >= 0:
        n = int.from_bytes(data[i + 28:i + 30], "little")
        if data[i + 46:i + 46 + n] == name:
            data[i + 24:i + 28] = size.to_bytes(4, "little")
            break
        i = data.rfind(b"PK\x01\x02", 0, i)
    path.write_bytes(bytes(data))


def outputs_fixtures() -> None:
    """Regulation files in other encodings (issue 11): UTF-16 with and
    without a BOM, and a UTF-8 file cut inside a character; and a link to a
    ledger, for -o naming an input by another path."""
    text = (BAD / "ledger.xinxi").read_text(encoding="utf-8")
    (BAD / "regulations/utf16_with_bom.xinxi").write_bytes(text.encode("utf-16"))  # BOM + little-endian
    (BAD / "regulations/utf16_without_bom.xinxi").write_bytes(text.encode("utf-16-le"))
    data = text.encode("utf-8")
    cut = data.index("考核期".encode("utf-8")) + 4  # inside 核
    (BAD / "regulations/utf8_cut_inside_character.xinxi").write_bytes(data[:cut])
    link = BAD / "outputs/ledger-link.csv"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink("hostile.csv", link)


def sheets_duplicates_fixtures() -> None:
    """The same row on two sheets of a workbook (counted once, as in one
    CSV), and the same 编号 twice across sheets with a column order that
    differs from sheet to sheet."""
    head = ["编号", "日期", "单位", "刊物", "栏目"]
    row = ["D001", "2012-01-05", "通川区", "达州政务快讯", "主条"]
    # 二月 has its columns in another order: the row is still the same row
    moved = ["日期", "编号", "单位", "栏目", "刊物"]
    _book("sheets_same_row_twice.xlsx", [
        ("一月", [head, row, ["D002", "2012-01-06", "达县", "达州政务快讯", "简讯"]], False),
        ("二月", [moved, [row[1], row[0], row[2], row[4], row[3]],
                  ["2012-02-07", "D002", "达县", "简讯", "达州政务快讯"],  # same 编号 as 一月!3, a day later
                  ["2012-02-08", "D003", "通川区", "简讯", "达州政务快讯"]], False)])


if __name__ == "__main__":
    outputs_fixtures()
    trust_xlsx_fixtures()
    sheets_duplicates_fixtures()
