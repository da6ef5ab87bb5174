"""Text from a ledger or a regulation stays text in everything xinxi writes:
a hostile ledger and regulation are scored, reported and rendered, and the
outputs are read back — the xlsx with openpyxl (no formula cell, no link),
the CSV (no cell a spreadsheet would run as a formula; numbers still
numbers), HTML and Markdown (no live ``<script``), the terminal (no raw
ESC; rich markup shown literally)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from xinxi_dsl.cli import app

LEDGER_REG = ROOT / "tests/bad/ledger.xinxi"

#: what a spreadsheet, a browser or a terminal would act on
HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "http://evil.example/",
    "file:///etc/passwd",
    "<script>alert(1)</script>",
    "[/bold]",
    "[link=http://x]y[/link]",
    "[red]红[/red]",
    "\x1b[31m红\x1b[0m",
    "'引号'",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _ledger(tmp_path: Path) -> Path:
    """Scored rows with hostile titles (通川区), hostile unknown units (scored
    on their own, so they get their own sheet) and a hostile 栏目 value
    (a row not scored)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["编号", "日期", "单位", "事项", "刊物", "栏目", "类别", "批示", "所属单位", "标题"])
    n = 0
    for t in HOSTILE:
        n += 1
        w.writerow([f"T{n}", "2012-03-05", "通川区", "", "达州政务快讯", "主条", "", "", "", t])
    for t in HOSTILE:
        n += 1
        w.writerow([f"U{n}", "2012-03-06", t, "", "达州政务快讯", "简讯", "", "", "", t])
    n += 1
    w.writerow([f"V{n}", "2012-03-07", "通川区", "", "达州政务快讯", "=HYPERLINK(\"http://evil\")", "", "", "", "x"])
    p = tmp_path / "hostile.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


HOSTILE_REG = """规程 H
名称 H <script>alert(1)</script>[link=http://x]名[/link] *粗*
考核期 2012年1月1日 至 2012年12月31日
属性 栏目：主条
单位组 县市区：
    <script>evil</script> 180、=cmd|'/C计算'!A0 100、[/bold] 50、'引号' 30、*粗体*_x_ 20、@SUM 10
H-1《<script>x</script>》主条每采用1条计2分
H-2《[link=http://x]y[/link]》主条每采用1条计1分
H-3《=1+1》主条每采用1条计1分
"""


def invoke(*args: str):
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


@pytest.fixture()
def ledger(tmp_path):
    return _ledger(tmp_path)


def test_xlsx_report_has_no_formula_and_no_link(ledger, tmp_path):
    out = tmp_path / "r.xlsx"
    r = invoke("report", LEDGER_REG, ledger, "--month", "2012-03", "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    texts = []
    for ws in wb.worksheets:
        assert not ws._hyperlinks, ws.title
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    texts.append(c.value)
    # every hostile title and unit is there, verbatim, as text
    for t in HOSTILE:
        if "\x1b" not in t:  # (xlsxwriter stores ESC as _x001B_)
            assert t in texts, t
    # the unit sheets: safe, unique names (Excel forbids []:*?/\ and a leading or trailing ')
    names = wb.sheetnames
    assert len(names) == len(set(n.lower() for n in names))
    for n in names:
        assert not n.startswith("'") and not n.endswith("'") and len(n) <= 31
        assert not set(n) & set("[]:*?/\\")
    # the points stay numbers
    main = wb.worksheets[0]
    nums = [c.value for row in main.iter_rows() for c in row if isinstance(c.value, (int, float))]
    assert 24 in nums  # 通川区: 12 主条 with hostile titles × 2 points
    with zipfile.ZipFile(out) as z:
        assert not any("hyperlink" in n or "externalLink" in n for n in z.namelist())
        for n in z.namelist():
            if n.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(n), n


def test_csv_score_neutralises_formulas_and_keeps_numbers(ledger):
    r = invoke("score", LEDGER_REG, ledger, "--format", "csv")
    assert r.exit_code == 0, r.stderr
    text = r.stdout_bytes.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["排名", "单位", "单位组", "得分"]
    units = {row[1]: row for row in rows[1:]}
    for row in rows[1:]:
        for c in row:
            assert not c.startswith(FORMULA_START) or c.startswith("'") or _number(c), row
    assert units["'=cmd|' /C calc'!A0"][3] == "1"  # one 简讯: 1 point, a number
    assert units["'-2+3"][3] == "1"
    assert units["通川区"][3] == "24"  # 12 主条 × 2
    assert "'@SUM(A1)" in units and "http://evil.example/" in units


def _number(c: str) -> bool:
    try:
        float(c)
        return True
    except ValueError:
        return False


def test_csv_explain_and_indicators(ledger):
    r = invoke("explain", LEDGER_REG, ledger, "--unit", "通川区", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout_bytes.decode("utf-8-sig"))))
    assert rows[0] == ["台账行", "日期", "条款", "规则", "规程行", "分值", "标题"]
    titles = [row[6] for row in rows[1:-1]]
    assert "'=cmd|' /C calc'!A0" in titles and "'-2+3" in titles and "<script>alert(1)</script>" in titles
    assert [row[5] for row in rows[1:-1]] == ["2"] * 12
    assert rows[-1][4:6] == ["合计", "24"]
    r = invoke("indicators", ROOT / "regulations/D09.xinxi", ROOT / "examples/D09-X-2009.csv", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout_bytes.decode("utf-8-sig"))))
    assert rows[0] == ["单位", "条款", "指标", "值", "得分", "说明"]
    totals = [row for row in rows if row[2] == "合计"]
    assert totals and all(_number(row[4]) for row in totals)


def test_markdown_and_html_report_carry_no_script(ledger, tmp_path):
    for fmt in ("md", "html"):
        out = tmp_path / f"r.{fmt}"
        r = invoke("report", LEDGER_REG, ledger, "--month", "2012-03", "--format", fmt, "-o", out)
        assert r.exit_code == 0, r.stderr
        text = out.read_text(encoding="utf-8")
        assert "<script" not in text.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        if fmt == "md":
            assert "\x1b" not in text and "\\x1b\\[31m红" in text
        if fmt == "md":
            assert "\\[link=http://x\\]y\\[/link\\]" in text  # no link syntax left
            assert "| \\-2+3 |" in text  # the unit -2+3, not a list item


def test_appendix_with_hostile_regulation(tmp_path):
    reg = tmp_path / "h.xinxi"
    reg.write_text(HOSTILE_REG, encoding="utf-8")
    for fmt in ("md", "html"):
        out = tmp_path / f"a.{fmt}"
        r = invoke("render", reg, "--format", fmt, "-o", out)
        assert r.exit_code == 0, r.stderr
        text = out.read_text(encoding="utf-8")
        assert "<script" not in text.lower()
        assert "&lt;script&gt;evil&lt;/script&gt;" in text
    md = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "\\*粗体\\*\\_x\\_" in md  # no emphasis
    assert "《\\[link=http://x\\]y\\[/link\\]》" in md


def test_terminal_shows_markup_and_escapes_literally(ledger):
    r = invoke("score", LEDGER_REG, ledger)
    assert r.exit_code == 0, r.stderr
    assert "\x1b" not in r.stdout + r.stderr
    assert "\\x1b[31m红\\x1b[0m" in r.stdout
    assert "[/bold]" in r.stdout and "[red]红[/red]" in r.stdout
    r = invoke("explain", LEDGER_REG, ledger, "--unit", "通川区")
    assert r.exit_code == 0, r.stderr
    assert "\x1b" not in r.stdout
    assert "[link=http://x]y[/link]" in r.stdout and "[red]红[/red]" in r.stdout
    # a unit named [/bold] used to crash score; explain finds it by name
    r = invoke("explain", LEDGER_REG, ledger, "--unit", "[/bold]")
    assert r.exit_code == 0, r.stderr
    assert "[/bold]：得分 1" in r.stdout


def test_report_to_a_cp936_stream(ledger, tmp_path):
    """A Chinese Windows console's encoding (cp936/GBK) cannot write 𠀀 or
    an emoji: redirected output is written in UTF-8 instead of crashing."""
    rows = ledger.read_text(encoding="utf-8") + "X1,2012-03-08,通川区,,达州政务快讯,主条,,,,𠀀😀\n"
    ledger.write_text(rows, encoding="utf-8")
    for enc in ("cp936", "gbk"):
        env = {**os.environ, "PYTHONIOENCODING": enc}
        out = tmp_path / f"r-{enc}.md"
        with out.open("wb") as f:
            p = subprocess.run([sys.executable, "-m", "xinxi_dsl", "report", str(LEDGER_REG), str(ledger), "--month", "2012-03"],
                               stdout=f, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
        assert "𠀀😀" in out.read_bytes().decode("utf-8")


def test_version():
    from xinxi_dsl import __version__

    r = invoke("--version")
    assert r.exit_code == 0 and r.stdout == f"xinxi {__version__}\n"


def test_fmt_write_read_only_file(tmp_path, monkeypatch):
    """(The suite may run as root, for whom chmod does not forbid writing.)"""
    reg = tmp_path / "r.xinxi"
    reg.write_text(LEDGER_REG.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")

    def refuse(self, *a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_text", refuse)
    r = invoke("fmt", "--write", reg)
    assert r.exit_code == 2
    assert r.stderr == f"{reg}: 错误 [cannot-write] 无法改写文件：Permission denied (cannot write)\n"


def test_xlsx_limits_cut_visibly(ledger, tmp_path, monkeypatch):
    """A text longer than 32,767 characters and a sheet longer than the row
    limit (made small here) are cut with a marker and a warning."""
    from xinxi_dsl.documents import xlsx_writer

    long_title = "长" * 40000
    ledger.write_text(ledger.read_text(encoding="utf-8") + f"X1,2012-03-08,市发改委,,达州政务快讯,主条,,,,{long_title}\n",
                      encoding="utf-8")
    monkeypatch.setattr(xlsx_writer, "MAX_ROWS", 10)
    out = tmp_path / "r.xlsx"
    r = invoke("report", LEDGER_REG, ledger, "--month", "2012-03", "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "[xlsx-cell-cut] 1个单元格的文字超过Excel上限32767个字符" in r.stderr
    assert "[xlsx-rows-cut] 工作表“通川区”超过Excel上限1048576行" in r.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["通川区"]
    assert ws.max_row == 10
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("……另有") for v in cells)
    assert ws.cell(10, 4).value == "合计" and ws.cell(10, 5).value == 24  # every line counted in the total
