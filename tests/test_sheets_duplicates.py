"""A row (or an 编号) on two sheets of one workbook is a duplicate as it is
in one CSV; and SheetRow hashes like the int it equals."""

from __future__ import annotations

from decimal import Decimal

import xlsxwriter

from conftest import ROOT
from xinxi_dsl import compile_file, score
from xinxi_dsl.engine.ledger import read_ledger
from xinxi_dsl.foundation.diagnostics import SheetRow

HEAD = ["编号", "日期", "单位", "刊物", "栏目"]
ROW = ["D001", "2012-01-05", "通川区", "达州政务快讯", "主条"]


def _book(path, sheets):
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets:
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def _score(path) -> dict[str, Decimal]:
    reg, _ = compile_file(ROOT / "tests" / "bad" / "ledger.xinxi")
    return {u.key: u.score for u in score(reg, path).units}


def test_same_row_on_two_sheets_counts_once(tmp_path):
    """The review's repro: 一月 and 二月, same header, same row."""
    book = _book(tmp_path / "that.xlsx", [("一月", [HEAD, ROW]), ("二月", [HEAD, ROW])])
    csv = tmp_path / "that.csv"
    csv.write_text("\n".join(",".join(r) for r in (HEAD, ROW, ROW)) + "\n", encoding="utf-8")
    assert _score(book)["通川区"] == _score(csv)["通川区"] == Decimal(2)  # 主条 2 points, once
    led = read_ledger(book)
    assert [(str(r.row), r.unit) for r in led.records] == [("一月!2", "通川区")]
    assert [(str(r[0]), r[2], r[3]) for r in led.rejected] == [("二月!2", "duplicate of row 一月!2", "与一月!2行完全相同，按一条计分")]
    dup = [d for d in led.problems if d.key == "duplicate-row"]
    assert len(dup) == 1 and dup[0].message.startswith("二月!2行与一月!2行完全相同")
    assert (dup[0].span.line.sheet, int(dup[0].span.line)) == ("二月", 2)


def test_same_row_in_another_column_order(tmp_path):
    moved = [HEAD[i] for i in (1, 0, 2, 4, 3)]
    book = _book(tmp_path / "b.xlsx", [("一月", [HEAD, ROW]), ("二月", [moved, [ROW[i] for i in (1, 0, 2, 4, 3)]])])
    led = read_ledger(book)
    assert [str(r.row) for r in led.records] == ["一月!2"]
    assert [str(r[0]) for r in led.rejected] == ["二月!2"]


def test_rows_differing_in_a_column_only_one_sheet_has_stay_two(tmp_path):
    book = _book(tmp_path / "c.xlsx", [("一月", [HEAD, ROW]), ("二月", [[*HEAD, "标题"], [*ROW, "另一条"]])])
    led = read_ledger(book)
    assert [str(r.row) for r in led.records] == ["一月!2", "二月!2"]
    assert not led.rejected


def test_same_id_on_two_sheets_warns(tmp_path):
    later = ["D001", "2012-02-05", "通川区", "达州政务快讯", "主条"]
    book = _book(tmp_path / "d.xlsx", [("一月", [HEAD, ROW]), ("二月", [HEAD, later])])
    led = read_ledger(book)
    assert len(led.records) == 2  # a warning, not a rejection: as in one CSV
    dup = [d.message for d in led.problems if d.key == "duplicate-id"]
    assert len(dup) == 1 and dup[0].startswith("二月!2行与一月!2行编号“D001”")


def test_one_csv_keeps_its_wording(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("\n".join(",".join(r) for r in (HEAD, ROW, ["D002", *ROW[1:]], ROW)) + "\n", encoding="utf-8")
    led = read_ledger(csv)
    assert [d.message.split("，")[0] for d in led.problems if d.key == "duplicate-row"] == ["第4行与第2行完全相同"]
    assert led.rejected == ((4, "通川区", "duplicate of row 2", "与第2行完全相同，按一条计分"),)


def test_sheetrow_hashes_as_the_int_it_equals():
    r = SheetRow(5, "二月", 1)
    assert r == 5 and hash(r) == hash(5)
    assert {5: "五"}[r] == "五"  # a dict keyed by plain ints finds the SheetRow
    assert {r: "二月"}[5] == "二月"  # and the other way round
    assert 5 in {r} and r in {5}
    # rows 5 of two sheets are not equal: two keys, each found by itself
    other = SheetRow(5, "一月", 0)
    assert other != r
    d = {other: "一月", r: "二月"}
    assert len(d) == 2 and d[SheetRow(5, "二月", 1)] == "二月" and d[SheetRow(5, "一月", 0)] == "一月"
    # printing and sorting unchanged
    assert (str(r), f"第{r}行", sorted([r, other, SheetRow(3, "二月", 1)])) == ("二月!5", "第5行", [other, SheetRow(3, "二月", 1), r])
    assert [str(x) for x in sorted([r, other, SheetRow(3, "二月", 1)])] == ["一月!5", "二月!3", "二月!5"]
