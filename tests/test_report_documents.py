"""The report (通报) as HTML and Markdown, and its periods: the shipped
example for March 2012 under D12."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from conftest import ROOT, regulation
from test_example import EXAMPLE, EXPECTED
from test_report_xlsx import MARCH
from xinxi_dsl.documents import bulletin
from xinxi_dsl.engine import periods
from xinxi_dsl.cli import app
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.engine.ledger import read_ledger

D12 = str(ROOT / "regulations/D12.xinxi")


def run(*args: str) -> str:
    r = CliRunner().invoke(app, ["report", D12, str(EXAMPLE), *args])
    assert r.exit_code == 0, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def html():
    return run("--month", "2012-03", "--format", "html")


@pytest.fixture(scope="module")
def md():
    return run("--month", "2012-03", "--format", "md")


def test_html_report_one_bar_per_unit_with_a_target(html):
    assert html.count("<svg") == 2  # a chart per unit group
    bars = re.findall(r'<rect class="bar"[^>]*><title>([^<]*)</title>', html)
    assert len(bars) == 7 + 56  # every unit with a target, and no other
    assert "市發改委 46.67%" in bars  # 14 / 30
    assert "市教育局 -3.33%" in bars  # (2 − 3) / 30: drawn left of zero
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_html_report_escapes_and_marks(html):
    assert '<html lang="zh-Hant">' in html
    assert '<tr class="behind"><td class="c">1</td><td>通川區</td><td class="n">-3</td><td class="n">20</td><td class="n">180</td><td class="n">11.11%</td><td>進度滯後</td></tr>' in html


def md_table(md: str, heading: str) -> list[list[str]]:
    part = md.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in part.splitlines()
            if line.startswith("|") and not line.startswith("|--") and not line.startswith("|:")][1:]


def test_md_report_lists_unmatched_rows(md):
    assert md_table(md, "未計分的行") == [
        # Chinese only, in the document's script, dates as the notice writes them
        ["21", "開江縣", "日期2011年12月28日早於計分辦法執行日期2012年1月1日"],
        ["32", "市公安局", "沒有適用的計分條款：刊物=達州日報"],
    ]


def test_md_report_golden_points(md):
    from xinxi_dsl.foundation.text import fold

    rows = md_table(md, "一、縣、市、區目標分數") + md_table(md, "二、市級部門目標任務")
    got = {fold(r[1]): (Decimal(r[2]), Decimal(r[3])) for r in rows}
    assert len(got) == 63
    for unit, (march, to_date) in got.items():
        assert (march, to_date) == (MARCH.get(unit, 0), EXPECTED.get(unit, 0)), unit
    # the direct-report point: no target, its points counted into 市發改委
    assert md_table(md, "其他單位（無目標）") == [["達州市價格監測中心", "10", "10", "市發改委"]]
    assert "序時進度25.00%" in md


def test_md_report_explains_every_unit(md):
    assert "### 通川區：本期-3分，累計20分" in md
    # the notice's label and words for the clause, never its internal id (D12-5)
    assert "| 7 | 3月15日 | 三、5 | 約稿、批示反饋不報、遲報的，每次扣減任務分值3分 | -3 | ✓ | 市政府辦公室三月約稿遲報 |" in md
    # the point's row 24 (D023: 专题 4 + 省办 4) flows whole into 市發改委 (D12-4)
    assert "| 24 | 3月8日 | 三、4 | 由達州市價格監測中心計入（全額） | 8 | ✓ | 達州市農產品價格走勢分析 |" in md


def test_quarter_takes_the_year_of_the_regulation():
    q1 = run("--quarter", "1", "--format", "md")
    assert q1.startswith("# 2012年度全市政務信息目標任務完成情況通報（2012年第一季度）")
    assert "本期：2012年1月1日至3月31日；累計：2012年1月1日至3月31日；序時進度25.00%" in q1
    # the whole first quarter is the year to date: both columns equal
    assert "| 1 | 通川區 | 20 | 20 | 180 | 11.11% | 進度滯後 |" in q1


def test_periods_in_one_place(d12):
    assert periods.year_bounds(d12, 2012) == (date(2012, 1, 1), date(2012, 12, 31))
    assert periods.quarter_bounds(d12, 2012, 4) == (date(2012, 10, 1), date(2012, 12, 31))
    feb = periods.period(d12, "2012年2月")
    assert (feb.start, feb.end, feb.pace) == (date(2012, 2, 1), date(2012, 2, 29), Decimal(2) / Decimal(12))
    assert periods.period(d12, year=2012).pace == 1
    for bad in ("2012-13", "2012", "March", "12-2012"):
        with pytest.raises(XinxiError):
            periods.parse_month(bad)


def test_february_report_leaves_out_later_rows():
    reg = regulation("D12")
    b = bulletin.build(reg, read_ledger(EXAMPLE), periods.period(reg, "2012-02"))
    # the 达州日报 row (2012-02-27) and the row before the start stay listed
    assert [m.row for m in b.unmatched] == [21, 32]
    tc = next(r for r in b.groups[0].rows if r.key == "通川区")
    # to February: 20 − March's −3 = 23; February alone: 动态类 2 + (专题 4 + 省办 4 + 省领导 4) = 14
    assert (tc.period_points, tc.to_date) == (14, 23)


def test_bad_month_subprocess_no_traceback():
    proc = subprocess.run([sys.executable, "-c", "from xinxi_dsl.cli import main; main()", "report", D12, str(EXAMPLE), "--month", "2012-3x"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "bad-month" in proc.stderr and "应写作2012-03" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_docx_report_read_back(tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    out = tmp_path / "report.docx"
    r = CliRunner().invoke(app, ["report", D12, str(EXAMPLE), "--month", "2012-03", "--format", "docx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "2012年度全市政務信息目標任務\n完成情況通報（2012年3月）"
    ranked = [t for t in doc.tables if t.rows[0].cells[0].text == "排名"]  # (a chart follows each)
    county = [[c.text for c in row.cells] for row in ranked[0].rows]
    assert county[0] == ["排名", "單位", "本期得分", "累計得分", "目標分值", "累計完成率", "備註"]
    assert county[1] == ["1", "通川區", "-3", "20", "180", "11.11%", "進度滯後"]  # 20 / 180, below 3/12
    city = [[c.text for c in row.cells] for row in ranked[1].rows]
    assert city[1] == ["1", "市發改委", "10", "14", "30", "46.67%", ""]
    unmatched = next(t for t in doc.tables if t.rows[0].cells[0].text == "臺賬行" and len(t.columns) == 3)
    assert [row.cells[0].text for row in unmatched.rows[1:]] == ["21", "32"]
    body = [r for p in doc.paragraphs if p.text.startswith("本期：") for r in p.runs]
    assert body and all(r._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" for r in body)
