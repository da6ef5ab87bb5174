"""Issue 14 point 6: the clerk's ledger back as an .xlsx with each row's
points, clause labels and reasons (``score --format xlsx``), and a ledger
template for a regulation (``template``)."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from xinxi_dsl import compile_file
from xinxi_dsl.cli import app
from xinxi_dsl.engine import outputs
from xinxi_dsl.engine.evaluate import evaluate_ledger
from xinxi_dsl.engine.ledger import read_ledger
from xinxi_dsl.foundation.text import fold, other_script

D12 = ROOT / "regulations" / "D12.xinxi"
LEDGER = ROOT / "examples" / "D12-2012Q1.csv"
ADDED = ["得分", "计分条款", "未计分原因", "计分说明"]


def _run(*args) -> object:
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("scored") / "计分结果.xlsx"
    r = _run("score", D12, LEDGER, "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "2行未计分" in r.stderr  # 开江县's row before the start, 市公安局's 达州日报
    return out, openpyxl.load_workbook(out)


def test_every_original_cell_kept_in_order_new_columns_after_header_frozen(scored):
    _, wb = scored
    ws = wb["台账"]
    with LEDGER.open(encoding="utf-8-sig", newline="") as f:
        original = list(csv.reader(f))
    assert ws.freeze_panes == "A2"
    # printed: A4 landscape, as wide as the page, the header on every page
    assert (ws.page_setup.paperSize, ws.page_setup.orientation, ws.page_setup.fitToHeight) == (9, "landscape", 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage  # one page wide (fitToWidth 1, the default), as many long as needed
    assert ws.print_title_rows == "$1:$1" and "&P" in ws.oddFooter.center.text
    got = [[c.value for c in row] for row in ws.iter_rows()]
    assert len(got) == len(original)
    width = len(original[0])
    assert got[0] == original[0] + ADDED
    for mine, theirs in zip(got, original):
        assert [("" if v is None else v) for v in mine[:width]] == theirs


def _explained() -> dict[int, Decimal]:
    """Each ledger row's points as ``explain --format json`` gives them,
    over every unit (a transfer to the parent unit is its own line)."""
    reg, _ = compile_file(D12)
    result = evaluate_ledger(reg, read_ledger(LEDGER))
    rows: dict[int, Decimal] = {}
    for u in result.units:
        for ln in outputs.explain_lines(result, u):
            if ln["row"] and ln["kind"] != "transfer":  # the parent's share is the 计分说明's 计入…
                rows[ln["row"]] = rows.get(ln["row"], Decimal(0)) + Decimal(ln["points"])
    return rows


def test_points_per_row_equal_the_explanations(scored):
    _, wb = scored
    ws = wb["台账"]
    head = [c.value for c in ws[1]]
    at = {h: i for i, h in enumerate(head)}
    rows = {r[0].row: [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    explained = _explained()
    mine = {n: Decimal(str(v[at["得分"]])) for n, v in rows.items() if v[at["得分"]] is not None}
    assert mine == explained
    # 38 of the 40 rows scored; the units' scores add up to 102, of which 10 are the point's counted twice
    assert len(mine) == 38 and sum(mine.values()) == Decimal(92)
    by_id = {v[at["编号"]]: v for v in rows.values()}
    # D005: 省办专题综合类 4, 省政府领导批示 +4, 省政府办公厅采用 +4 — the notice's labels, not rule IDs
    assert by_id["D005"][at["得分"]] == 12
    assert by_id["D005"][at["计分条款"]] == "三、2：+4分；三、3：+4分；三、3：+4分"
    assert by_id["D006"][at["计分条款"]] == "三、5：-3分"
    assert not any(re.search(r"D12-\d", str(v[at["计分条款"]] or "")) for v in rows.values())
    # not scored, and why
    assert by_id["D020"][at["得分"]] is None
    assert by_id["D020"][at["未计分原因"]] == "日期2011-12-28早于计分办法执行日期2012-01-01"
    assert by_id["D031"][at["未计分原因"]] == "没有适用的计分条款：刊物=达州日报"
    assert by_id["D031"][at["计分说明"]] == "第32行“刊物”的值“达州日报”规程中没有"
    # a direct-report point: its own points, and what went to its unit
    assert (by_id["D023"][at["得分"]], by_id["D023"][at["计分说明"]]) == (8, "计入市發改委8分")
    # every row is accounted for: points or a reason
    assert all(v[at["得分"]] is not None or v[at["未计分原因"]] for v in rows.values())


def test_ledger_text_never_becomes_a_formula(tmp_path):
    out = tmp_path / "hostile.xlsx"
    r = _run("score", ROOT / "tests/bad/ledger.xinxi", ROOT / "tests/bad/outputs/hostile.csv", "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    ws = openpyxl.load_workbook(out)["台账"]
    units = [c.value for c in ws["C"]]
    assert "=cmd|' /C calc'!A0" in units and "-2+3" in units and "@SUM(A1)" in units
    assert all(c.data_type == "s" for c in ws["C"] if c.value)
    assert not ws._hyperlinks  # http://evil.example/ stays text


def test_several_sheets_come_back_as_several_sheets(tmp_path):
    out = tmp_path / "months.xlsx"
    r = _run("score", ROOT / "tests/bad/ledger.xinxi", ROOT / "tests/bad/ledgers/sheets_several.xlsx", "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["一月", "二月"]
    one = [[c.value for c in row] for row in wb["一月"].iter_rows()]
    assert one[0][-4:] == ADDED and one[1][-4:-2] == [4, "L-1：+2分；L-4：+2分"]
    two = [[c.value for c in row] for row in wb["二月"].iter_rows()]
    assert two[1][-4:-2] == [1, "L-3：+1分"]  # 达县's 简讯 on the second sheet, row 2 of its own


def test_json_output_to_a_file(tmp_path):
    out = tmp_path / "s.json"
    r = _run("score", D12, LEDGER, "--format", "json", "-o", out)
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["regulation"] == "D12"


# ---- the template ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("tpl") / "台账模板.xlsx"
    r = _run("template", D12, "-o", out)
    assert r.exit_code == 0, r.stderr
    return out


def _lists(path) -> dict[str, list[str]]:
    """Column header → the values of its drop-down list, resolved from the list sheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    head = {c.column_letter: fold(c.value) for c in ws[1]}  # 單位 → 单位: the lists by the folded header
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        col = str(dv.sqref).split(":")[0].rstrip("0123456789")
        m = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", dv.formula1)
        src = wb[m[1]]
        out[head[col]] = [src[f"{m[2]}{i}"].value for i in range(int(m[3]), int(m[5]) + 1)]
    return out


def test_template_columns_and_drop_down_lists(template):
    wb = openpyxl.load_workbook(template)
    # D12 is written in traditional script: so is its template, sheet names, headers and instructions
    assert wb.sheetnames == ["臺賬", "選項", "填寫說明"] and wb["選項"].sheet_state == "hidden"
    ws = wb["臺賬"]
    assert [c.value for c in ws[1]] == ["編號", "日期", "單位", "事項", "所屬單位", "標題", "刊物", "欄目", "類別", "批示", "上級採用"]
    assert ws.freeze_panes == "A2"
    lists = _lists(template)
    assert [fold(v) for v in lists["刊物"]] == ["达州政务快讯", "上报省办信息", "资源网"]
    assert [fold(v) for v in lists["栏目"]] == ["主条", "问题与建议", "简讯", "图片新闻"]
    reg, _ = compile_file(D12)
    declared = [u.name for _, u in reg.units()]
    assert lists["单位"] == declared and len(declared) == 63 and "通川區" in declared
    assert lists["所属单位"] == declared
    assert [fold(v) for v in lists["事项"]] == ["采用", "报送", "不报", "迟报"]
    assert set(map(fold, lists["批示"])) == {"市政府领导", "省政府领导"}
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert len(dates) == 1 and str(dates[0].sqref).startswith("B2")
    guide = [c.value for c in wb["填寫說明"]["A"] if c.value]
    assert guide[0].endswith("臺賬填寫說明") and any(g.startswith("刊物：") and "達州政務快訊" in g for g in guide)
    assert not [g for g in guide if other_script(g, "t")], "one script throughout"


def test_a_ledger_filled_from_the_template_scores(template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb["臺賬"]
    rows = [
        ["T1", datetime(2012, 3, 5), "通川區", "採用", None, "春耕", "達州政務快訊", "主條", None, "市政府領導", None],
        ["T2", datetime(2012, 3, 6), "市發改委", None, None, "物价", "上報省辦信息", None, "動態類", None, "省政府辦公廳"],
        ["T3", datetime(2012, 3, 7), "達州市價格監測中心", None, "市發改委", "菜价", "達州政務快訊", "簡訊", None, None, None],
        ["T4", datetime(2012, 3, 8), "市教育局", "遲報", None, "约稿迟报", None, None, "約稿", None, None],
    ]
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    r = _run("score", D12, filled, "--format", "json", "--strict")
    assert r.exit_code == 0, r.stderr  # --strict: no warning at all (the other sheets are notes)
    doc = json.loads(r.stdout)
    got = {u["unit"]: u["score"] for u in doc["units"] if u["score"] != "0"}
    # 2 + 2 (批示); 2 + 4 (省政府办公厅采用) + the point's 1 counted in; 1; −3
    assert got == {"通川区": "4", "市发改委": "7", "达州市价格监测中心": "1", "市教育局": "-3"}
    assert doc["unmatched"] == []


def test_title_row_kept_header_frozen_below_it_and_an_unreadable_row_says_why(tmp_path):
    out = tmp_path / "t.xlsx"
    r = _run("score", ROOT / "tests/bad/ledger.xinxi", ROOT / "tests/bad/ledgers/title_row_above_header.csv", "--format", "xlsx", "-o", out)
    assert r.exit_code == 2  # a row could not be read: as with every format
    ws = openpyxl.load_workbook(out)["台账"]
    got = [[c.value for c in row] for row in ws.iter_rows()]
    assert got[0][0] == "2012年第一季度政务信息台账" and got[0][5:] == [None] * 4
    assert got[1] == ["编号", "日期", "单位", "刊物", "栏目", *ADDED]
    assert ws.freeze_panes == "A3"
    assert got[2][5:7] == [2, "L-1：+2分"]
    assert got[3][5] is None and got[3][7].startswith("日期“2012-01-32”无法识别")
    assert got[3][8] is None  # the reason once, not again as a note


@pytest.mark.parametrize("reg", sorted([*(ROOT / "regulations").glob("*.xinxi"), *(ROOT / "examples").glob("*.xinxi")]), ids=lambda p: p.stem)
def test_every_regulation_gets_a_template_with_every_column_it_reads(reg):
    from xinxi_dsl.documents.ledger_xlsx import template as make
    from xinxi_dsl.engine.evaluate import read_keys
    import io

    r, _ = compile_file(reg)
    wb = openpyxl.load_workbook(io.BytesIO(make(r)))
    head = [fold(c.value) for c in wb.worksheets[0][1]]  # in the regulation's script; compared folded
    assert wb.worksheets[0].title == ("臺賬" if r.script == "t" else "台账")
    assert head[:3] == ["编号", "日期", "单位"]
    assert {fold(k) for k in read_keys(r)} - {"所属单位"} <= set(head) and len(head) == len(set(head))


# ---- found by the hostile tester (task H): Excel's limits, values Excel cannot hold ---------------

def test_a_cell_longer_than_excel_holds_is_cut_visibly_and_said(tmp_path):
    """A CSV title of 40,000 characters: Excel holds 32,767 — the cell ends in
    the marker and a warning names the first cell cut (xlsxwriter cut it silently)."""
    from xinxi_dsl.documents.xlsx_writer import CUT

    ledger = tmp_path / "长标题.csv"
    ledger.write_text("编号,日期,单位,刊物,栏目,标题\nL1,2012-01-05,通川区,达州政务快讯,主条," + "长" * 40000 + "\n"
                      "L2,2012-01-06,达县,达州政务快讯,简讯," + "𠀀" * 20000 + "\n", encoding="utf-8")
    out = tmp_path / "计分.xlsx"
    r = _run("score", ROOT / "tests/bad/ledger.xinxi", ledger, "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "[xlsx-cell-cut] 2个单元格的文字超过Excel上限32767个字符（第2行“标题”起）" in r.stderr
    got = [[c.value for c in row] for row in openpyxl.load_workbook(out)["台账"].iter_rows()]
    first, second = got[1][5], got[2][5]
    assert first.endswith(CUT) and len(first) == 32767 and first[:-len(CUT)] == "长" * (32767 - len(CUT))
    # 𠀀 counts two in Excel (UTF-16): 20,000 of them are 40,000 code units, cut too
    assert second.endswith(CUT) and len(second[:-len(CUT)]) == (32767 - len(CUT)) // 2
    assert got[1][6:8] == [2, "L-1：+2分"]  # scored as before


def test_a_sheet_name_excel_refuses_and_a_number_excel_cannot_hold(tmp_path):
    """A workbook written by a program: a sheet named [bold] and a cell
    holding 1e999 (∞).  Both crashed the writer (exit 3); now the sheet is
    renamed with a note, the number kept as the text it read as."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "bold"
    ws.append(["编号", "日期", "单位", "刊物", "栏目", "数量"])
    ws.append(["1", "2012-01-05", "通川区", "达州政务快讯", "主条", 7])
    src = tmp_path / "odd.xlsx"
    wb.save(src)
    patched = tmp_path / "程序生成.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'name="bold"', b'name="[bold]"')
            elif item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>7</v>", b"<v>1e999</v>")
            zout.writestr(item, data)
    out = tmp_path / "计分.xlsx"
    r = _run("score", ROOT / "tests/bad/ledger.xinxi", patched, "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "内部错误" not in r.stderr
    assert "[xlsx-sheet-renamed] 工作表名“[bold]”Excel不接受，写作“_bold_”" in r.stderr
    back = openpyxl.load_workbook(out)
    assert back.sheetnames == ["_bold_"]
    assert [c.value for c in back["_bold_"][2]] == ["1", "2012-01-05", "通川区", "达州政务快讯", "主条", "inf", 2, "L-1：+2分", None, None]


def test_a_csv_longer_than_a_sheet_is_cut_with_the_rows_left_out_counted(tmp_path, monkeypatch):
    """A CSV may hold more rows than Excel's 1,048,576 (here the limit is
    lowered to 4): the last row says how many were left out, and a warning."""
    from xinxi_dsl.documents import ledger_xlsx

    monkeypatch.setattr(ledger_xlsx, "MAX_ROWS", 4)
    ledger = tmp_path / "长台账.csv"
    ledger.write_text("编号,日期,单位,刊物,栏目\n" + "".join(f"L{i},2012-01-0{i},通川区,达州政务快讯,主条\n" for i in range(1, 7)),
                      encoding="utf-8")
    out = tmp_path / "计分.xlsx"
    r = _run("score", ROOT / "tests/bad/ledger.xinxi", ledger, "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "[xlsx-rows-cut] 工作表“台账”超过Excel上限1048576行，4行未写入" in r.stderr
    got = [[c.value for c in row] for row in openpyxl.load_workbook(out)["台账"].iter_rows()]
    assert [row[0] for row in got] == ["编号", "L1", "L2", "……另有4行超出Excel行数上限，未写入 (rows beyond Excel's limit left out)"]
