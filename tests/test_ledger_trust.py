"""Issue 11, the ledger side: no ledger data lost — columns nothing reads,
cells beyond the header, duplicate rows, title rows and two-row headers,
UTF-16, tab-separated files, 20120313 dates, invisible characters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import ROOT, regulation
from xinxi_dsl import XinxiError, score
from xinxi_dsl.engine.evaluate import evaluate_ledger
from xinxi_dsl.engine.ledger import nearest_column, parse_cell_date, parse_columns, read_ledger, records_from_rows

D12_LEADER = ROOT / "tests" / "bad" / "columns" / "D12_leader_instruction.csv"  # D12's example, 批示 headed 领导批示


def _total(result) -> Decimal:
    return sum((u.score for u in result.units), Decimal(0))


def test_leader_instruction_column_lost_then_given_back():
    # The D12 example's 批示 bonuses (D12-1e 市政府领导 +2, D12-3b 省政府领导 +4):
    #   row 4  通川区   市政府领导            +2
    #   row 6  通川区   省政府领导            +4
    #   row 13 万源市   市政府领导、省政府领导 +2 +4 = +6
    #   row 28 市统计局 市政府领导            +2
    #   row 38 市水务局 省政府领导            +4
    # together 18 points: 102 with the bonuses, 84 without.
    reg = regulation("D12")
    plain = score(reg, ROOT / "examples" / "D12-2012Q1.csv")
    lost = score(reg, D12_LEADER)
    given = score(reg, D12_LEADER, columns=parse_columns(["批示=领导批示"]))
    assert (_total(plain), _total(lost), _total(given)) == (Decimal(102), Decimal(84), Decimal(102))
    for unit, bonus in (("通川区", 6), ("万源市", 6), ("市统计局", 2), ("市水务局", 4)):
        assert given.unit(unit).score - lost.unit(unit).score == bonus, unit
    [w] = [d for d in lost.problems if d.key == "unread-column"]
    assert (w.severity, w.span.line) == ("warning", 1)
    assert "第8列“领导批示”" in w.message and "是否为“批示”？" in w.message and "第4、6、13、28、38行" in w.message
    assert not [d for d in given.problems if d.key == "unread-column"]


@pytest.mark.parametrize("header, meant", [
    ("刊物名称", "刊物"), ("栏目名称", "栏目"), ("时间", "日期"), ("报送时间", "日期"), ("采用时间", "日期"),
    ("报送单位", "单位"), ("单位名称", "单位"), ("领导批示", "批示"), ("栏木", "栏目"), ("上级采用情况", "上级采用"),
])
def test_clerk_headers_get_the_right_suggestion(header, meant):
    known = {"编号", "日期", "单位", "事项", "所属单位", "标题", "刊物", "栏目", "类别", "批示", "上级采用"}
    assert nearest_column(header, known) == meant


def test_parse_columns():
    assert parse_columns(["批示=领导批示，刊物=刊物名称"]) == {"批示": "领导批示", "刊物": "刊物名称"}
    assert parse_columns(["instruction=领导批示"]) == {"批示": "领导批示"}
    assert parse_columns(["密级=保密等级"], known=["密级"]) == {"密级": "保密等级"}
    for bad in (["批文=领导批示"], ["领导批示"], ["批示=a", "批示=b"]):
        with pytest.raises(XinxiError) as e:
            parse_columns(bad)
        assert e.value.diagnostics[0].key == "bad-columns"


def test_cells_beyond_the_header_are_never_read(tmp_path):
    # header 日期,单位,刊物,栏目: a trailing 迟报 is not a 事项 (主条 +2 stays +2,
    # not −3) and a trailing unit name receives nothing
    reg = regulation("D12")
    rows = [["日期", "单位", "刊物", "栏目"],
            ["2012-01-05", "通川区", "达州政务快讯", "主条", "迟报"],
            ["2012-01-06", "通川区", "达州政务快讯", "主条", "", "市发改委"]]
    result = evaluate_ledger(reg, records_from_rows(rows, "t.csv"))
    assert (result.unit("通川区").score, result.unit("市发改委").score) == (Decimal(4), Decimal(0))
    assert [r.event for r in records_from_rows(rows, "t.csv").records] == ["采用", "采用"]
    longer = [(d.key, d.span.line) for d in result.problems if d.key == "row-longer-than-header"]
    assert longer == [("row-longer-than-header", 2), ("row-longer-than-header", 3)]


def test_exact_duplicate_counted_once_and_listed():
    reg = regulation("D12")
    row = ["2012-01-05", "通川区", "达州政务快讯", "主条"]
    result = evaluate_ledger(reg, records_from_rows([["日期", "单位", "刊物", "栏目"], row, list(row)], "t.csv"))
    assert result.unit("通川区").score == 2  # one 主条, not two
    [m] = result.unmatched
    assert (m.row, m.reason) == (3, "duplicate of row 2")
    assert [(d.key, d.severity) for d in result.problems] == [("duplicate-row", "warning")]


def test_shared_id_several_publications_and_submission_are_quiet():
    h = ["编号", "日期", "单位", "事项", "刊物", "栏目", "上级采用"]
    ok = records_from_rows([h, ["B1", "2012-01-05", "通川区", "报送", "", "", ""],
                            ["B1", "2012-01-09", "通川区", "", "达州政务快讯", "主条", ""],
                            ["B1", "2012-01-09", "通川区", "", "上报省办信息", "", ""],
                            ["B1", "2012-01-19", "通川区", "", "上报省办信息", "", "省政府办公厅"]], "t.csv")
    assert (len(ok.records), ok.problems) == (4, ())
    twice = records_from_rows([h, ["C1", "2012-01-05", "通川区", "", "达州政务快讯", "主条", ""],
                               ["C1", "2012-01-06", "通川区", "", "达州政务快讯", "简讯", ""]], "t.csv")
    assert [(d.key, d.span.line) for d in twice.problems] == [("duplicate-id", 3)]


def test_title_row_and_two_row_header_keep_real_row_numbers():
    t = records_from_rows([["2012年第一季度政务信息台账", "", ""], ["日期", "单位", "刊物"],
                           ["2012-01-05", "通川区", "达州政务快讯"]], "t.csv")
    assert [r.row for r in t.records] == [3] and t.header_row == 2
    assert [(d.key, d.severity, d.span.line) for d in t.problems] == [("title-row", "note", 1)]
    two = records_from_rows([["编号", "日期", "单位", "采用情况", "", "批示"], ["", "", "", "刊物", "栏目", ""],
                             ["A1", "2012-01-05", "通川区", "达州政务快讯", "主条", "市政府领导"]], "t.csv")
    assert two.columns == ("编号", "日期", "单位", "刊物", "栏目", "批示")
    assert two.records[0].row == 3 and two.records[0].attrs["栏目"] == ("主条",)
    with pytest.raises(XinxiError) as e:
        records_from_rows([["填报人", "张三", "电话", "1234"], ["日期", "单位"], ["2012-01-05", "通川区"]], "t.csv")
    assert e.value.diagnostics[0].key == "rows-above-header"


def test_utf16_and_tab_separated(tmp_path):
    text = "日期\t单位\t刊物\n2012-01-05\t通川区\t达州政务快讯,资源网\n"
    for enc in ("utf-16", "utf-16-be"):
        f = tmp_path / f"{enc}.csv"
        f.write_bytes(("\ufeff" if enc.endswith("be") else "").encode(enc) + text.encode(enc))
        [r] = read_ledger(f).records
        assert (r.unit, r.date, r.attrs["刊物"]) == ("通川区", date(2012, 1, 5), ("达州政务快讯", "资源网"))


def test_cut_file_located(tmp_path):
    f = tmp_path / "cut.csv"
    f.write_bytes("日期,单位\n2012-01-05,通川".encode() + "区".encode()[:2])
    with pytest.raises(XinxiError) as e:
        read_ledger(f)
    d = e.value.diagnostics[0]
    assert (d.key, d.span.line) == ("bad-encoding", 2) and "第2行第14列" in d.message and "截断" in d.message


def test_eight_digit_dates():
    assert parse_cell_date("20120313") == date(2012, 3, 13)
    assert parse_cell_date(20120313) == date(2012, 3, 13)  # typed as a number in Excel
    with pytest.raises(ValueError):
        parse_cell_date("20121399")


def test_invisible_characters_do_not_split_a_unit():
    led = records_from_rows([["日期", "单位"], ["2012-01-05", "通川区\u200b"], ["2012-01-06", "\ufeff通川区"]], "t.csv")
    assert {r.unit for r in led.records} == {"通川区"}
    [d] = led.problems
    assert (d.key, d.severity, d.span.line) == ("invisible-character", "warning", 2) and "第2、3行“单位”列" in d.message


def test_two_row_merged_header_in_xlsx(tmp_path):
    """Excel's merged cells (编号, 日期, 单位, 批示 down two rows; 采用情况
    across 刊物 and 栏目) read as one header; the record keeps row 3."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["编号", "日期", "单位", "采用情况", None, "批示"])
    ws.append([None, None, None, "刊物", "栏目", None])
    ws.append(["A1", "2012-01-05", "通川区", "达州政务快讯", "主条", "市政府领导"])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"):
        ws.merge_cells(cells)
    f = tmp_path / "two_rows.xlsx"
    wb.save(f)
    result = score(regulation("D12"), f)
    assert result.unit("通川区").score == 4  # D12-1a 主条 2 + D12-1e 市政府领导批示 2
    assert [(d.key, d.span.line) for d in result.problems] == [("two-row-header", 2)]
    assert [ln.row for ln in result.unit("通川区").lines] == [3, 3]
