"""Documents an office can send as they are (issue 14, points 2, 3 and 5):
the report (通报) and the appendix read back from DOCX, HTML and Markdown —
Chinese only, no internal clause ids, one script, dates as the notice writes
them; the DOCX tagged zh-CN with the office's body font, its chart, its
header and summary."""

from __future__ import annotations

import html as htmlmod
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from conftest import ROOT, SHARED, regulation
from xinxi_dsl.cli import app
from xinxi_dsl.documents import bulletin
from xinxi_dsl.documents.appendix import appendix, html as appendix_html, markdown as appendix_md
from xinxi_dsl.documents.docx_writer import WORD_JOINER, appendix_docx, report_docx
from xinxi_dsl.documents.xlsx_writer import report_xlsx
from xinxi_dsl.engine import periods
from xinxi_dsl.engine.ledger import read_ledger
from xinxi_dsl.foundation.text import other_script, to_script

EX = ROOT / "examples"
#: (regulation, ledger, a month, a quarter) for every example ledger with a report
CASES = [
    ("D12", "D12-2012Q1.csv", "2012-03", 1),
    ("CD07", "CD07-2007.csv", "2007-05", 2),
    ("GZ05", "GZ05-2006.csv", "2006-06", 2),
    ("D09", "D09-2009.csv", "2009-06", 2),
    ("BS24", "BS24-2024.csv", "2024-06", 2),
    ("DC24", "DC24-2024.csv", "2024-06", 2),
    ("QH24", "QH24-2024.csv", "2024-06", 2),
]
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
#: Latin letters a document may hold: none of its own; a % or a ✓ is no word
_ENGLISH = re.compile(r"[A-Za-z]{2,}")


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    sec = doc.sections[0]
    parts += [p.text for f in (sec.footer, sec.even_page_footer) for p in f.paragraphs]
    parts.append(doc.core_properties.title or "")
    return "\n".join(parts).replace(WORD_JOINER, "")


def html_text(page: str) -> str:
    """What a reader sees: no <style>, no tags, entities resolved."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return htmlmod.unescape(re.sub(r"<[^>]+>", "\n", page))


def md_text(page: str) -> str:
    return page


def xlsx_text(data: bytes) -> str:
    """Every text cell and sheet name; the number formats of the date cells."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    parts = [ws.title for ws in wb.worksheets]
    parts += [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    fmts = {c.number_format for ws in wb.worksheets for row in ws.iter_rows() for c in row if getattr(c, "is_date", False)}  # a merged title has none
    assert fmts <= {'yyyy"年"m"月"d"日"'}, fmts
    return "\n".join(parts)


def ids(reg) -> set[str]:
    return {r.id for r in (*reg.rules, *reg.period_rules) if r.id}


def check(text: str, reg, script: str, where: str) -> None:
    assert _ENGLISH.findall(text) == [], where
    assert [i for i in ids(reg) if re.search(re.escape(i) + r"(?![0-9A-Za-z])", text)] == [], where
    assert _ISO.findall(text) == [], where
    assert other_script(text, script) == [], where


@pytest.fixture(scope="module")
def books():
    out = {}
    for code, ledger, month, quarter in CASES:
        reg = regulation(code)
        book = read_ledger(EX / ledger)
        for when in (periods.period(reg, month), periods.period(reg, None, quarter)):
            for script in ("s", "t"):
                out[code, when.slug, script] = (reg, bulletin.build(reg, book, when, script))
    return out


def test_report_chinese_only_one_script_every_format(books):
    for (code, slug, script), (reg, b) in books.items():
        where = f"{code} {slug} {script}"
        check(md_text(bulletin.markdown(b)), reg, script, where + " md")
        check(html_text(bulletin.html(b)), reg, script, where + " html")
        check(docx_text(report_docx(b)), reg, script, where + " docx")
        check(xlsx_text(report_xlsx(b, [])), reg, script, where + " xlsx")


def test_appendix_chinese_only_one_script():
    """In the other script than the notice's, every word is converted; a
    traditional notice in its own script keeps its words as written."""
    for code in ("D12", "CD07", "GZ05", "D09", "YM20", "BS24", "DC24", "QH24"):
        reg = regulation(code)
        for script in ("s", "t"):
            model = appendix(reg, script)
            if script == "t" and reg.script == "t":
                assert not model.convert
                continue
            for kind, text in (("md", appendix_md(model)), ("html", html_text(appendix_html(model))),
                               ("docx", docx_text(appendix_docx(model)))):
                assert other_script(text, script) == [], (code, script, kind)


#: Latin words the notices themselves write (D09-X3.2c: 采用CEB格式)
NOTICE_WORDS = {"CEB"}


def test_appendix_chinese_only_no_ids():
    for code in ("D12", "CD07", "GZ05", "D09", "YM20", "BS24", "DC24", "QH24"):
        reg = regulation(code)
        for script in ("s", "t"):
            model = appendix(reg, script)
            for kind, text in (("md", appendix_md(model)), ("html", html_text(appendix_html(model))),
                               ("docx", docx_text(appendix_docx(model)))):
                assert set(_ENGLISH.findall(text)) <= NOTICE_WORDS, (code, script, kind)
                assert [i for i in ids(reg) if re.search(re.escape(i) + r"(?![0-9A-Za-z])", text)] == [], (code, kind)
                assert _ISO.findall(text) == [], (code, kind)


def test_the_mixed_sentence_of_the_issue_is_one_script():
    md = appendix_md(appendix(regulation("YM20"), "t"))
    assert "获市政府" not in md and "領導批示" in md
    assert other_script("获市政府領導批示的信息每条另加2分", "t") == ["获", "条"]
    assert to_script("获市政府領導批示的信息每条另加2分", "t") == "獲市政府領導批示的信息每條另加2分"


SEEDS = next((p for p in (SHARED / "seeds", ROOT.parents[1] / "shared" / "seeds") if p.is_dir()), None)
#: where s2tw gives another traditional character than the seeds' own (采用 → 採用, 关于 → 關於):
#: both are traditional characters, the seeds' the mainland's usage; never a simplified one
VARIANTS = {"台臺", "采採", "并並", "于於", "范範", "云雲", "游遊", "系繫", "注註", "征徵", "復覆", "泄洩", "煙菸", "鑒鑑", "布佈"}


@pytest.mark.skipif(SEEDS is None, reason="the seeds are not beside the repository")
def test_phrase_aware_s2t_on_the_seeds_words():
    """t2s then s→t of every traditional seed gives its text back but for
    variant characters (both traditional); and every seed converted into
    either script has no character of the other."""
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for script in ("s", "t"):
            assert other_script(to_script(text, script), script) == [], (seed.name, script)
        if to_script(text, "s") == text:
            continue  # a simplified seed
        back = to_script(to_script(text, "s"), "t")
        assert len(back) == len(text)
        pairs = {a + b for a, b in zip(text, back) if a != b}
        assert pairs <= VARIANTS, (seed.name, pairs - VARIANTS)


def test_regulations_words_round_trip():
    """The transcribed notices (the seeds' words, always beside the tests)."""
    for code in ("D12", "GZ05", "D09"):
        text = (ROOT / "regulations" / f"{code}.xinxi").read_text(encoding="utf-8")
        back = to_script(to_script(text, "s"), "t")
        assert {a + b for a, b in zip(text, back) if a != b} <= VARIANTS, code


def test_report_dates_labels_and_summary(books):
    reg, b = books["D12", "2012-03", "t"]
    assert b.span_line().startswith("本期：2012年3月1日至3月31日；累計：2012年1月1日至3月31日；序時進度25.00%。")
    assert b.summary == ("截至2012年3月31日，縣、市、區目標分數：7個單位中7個進度滯後，通川區（累計20分，完成率11.11%）居首；"
                         "市級部門目標任務：56個單位中53個進度滯後，市發改委（累計14分，完成率46.67%）居首。"
                         "尚無計分信息的單位48個，佔63個單位的76.19%。")  # more than 20: counted, not named
    # GZ05: the group's own words after the attachment's heading; quarters as a notice writes them
    reg, gz = books["GZ05", "2006Q2", "s"]
    assert gz.summary.startswith("截至2006年5月31日，区(县级市)序列：12个单位中11个进度滞后，越秀区政府（累计58分，完成率80.56%）居首；工作部门A类：")
    assert gz.span_line().startswith("本期：2006年3月1日至5月31日；累计：2005年12月1日至2006年5月31日；序时进度50.00%。"
                                     "考核结论按截至2006年5月31日已结束的季度判断：2006年第二季度。")  # not 第2季度


def test_report_docx_header_chart_lang_and_font(tmp_path):
    out = tmp_path / "r.docx"
    r = CliRunner().invoke(app, ["report", str(ROOT / "regulations/D12.xinxi"), str(EX / "D12-2012Q1.csv"), "--month", "2012-03",
                                 "--format", "docx", "-o", str(out), "--office", "达州市人民政府办公室",
                                 "--number", "达市府办〔2012〕15号", "--issued", "2012-04-05", "--font", "FangSong"])
    assert r.exit_code == 0, r.stderr
    doc = Document(str(out))
    texts = [p.text.replace(WORD_JOINER, "") for p in doc.paragraphs]
    # a date is never broken across two lines: a word joiner between its characters
    assert "累計：" + WORD_JOINER.join("2012年1月1日") + "至" + WORD_JOINER.join("3月31日") in doc.paragraphs[4].text
    # the office's words in the document's script (D12: traditional)
    assert texts[:4] == ["達州市人民政府辦公室", "達市府辦〔2012〕15號", "", "2012年度全市政務信息目標任務\n完成情況通報（2012年3月）"]
    assert texts[-2:] == ["達州市人民政府辦公室", "2012年4月5日"]
    styles = zipfile.ZipFile(out).read("word/styles.xml").decode()
    assert "en-US" not in styles and 'w:eastAsia="zh-CN"' in styles
    body = [run for p in doc.paragraphs if p.text.startswith(("本期：", "截至")) for run in p.runs]
    assert len(body) == 2 and all(run._element.rPr.rFonts.get(qn("w:eastAsia")) == "FangSong" for run in body)
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "FangSong"
    # the chart: one row of cells per unit with a target, filled to its completion in 5% steps
    charts = [t for t in doc.tables if len(t.columns) == 22]
    assert len(charts) == 2 and [len(t.rows) for t in charts] == [7 + 1, 56 + 1]
    first = charts[1].rows[0]  # 市發改委 46.67%: 9 of 20 cells
    assert first.cells[0].text == "市發改委" and first.cells[-1].text == "46.67%"
    fills = [c._tc.tcPr.find(qn("w:shd")) for c in first.cells[1:21]]
    assert [f.get(qn("w:fill")) if f is not None else None for f in fills] == ["4472C4"] * 9 + [None] * 11


def test_report_markdown_header_and_signature():
    r = CliRunner().invoke(app, ["report", str(ROOT / "regulations/D12.xinxi"), str(EX / "D12-2012Q1.csv"), "--month", "2012-03",
                                 "--office", "达州市人民政府办公室", "--number", "达市府办〔2012〕15号", "--issued", "2012-04-05", "--script", "s"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("达州市人民政府办公室\n\n达市府办〔2012〕15号\n\n# 2012年度全市政务信息目标任务完成情况通报（2012年3月）\n")
    assert r.stdout.endswith("\n\n达州市人民政府办公室\n\n2012年4月5日\n")


def test_appendix_docx_font_and_lang(tmp_path):
    out = tmp_path / "a.docx"
    r = CliRunner().invoke(app, ["render", str(ROOT / "regulations/CD07.xinxi"), "--format", "docx", "-o", str(out), "--font", "仿宋"])
    assert r.exit_code == 0, r.stderr
    doc = Document(str(out))
    runs = [run for p in doc.paragraphs for run in p.runs if p.style.name == "Normal" and run.text.strip()]
    fonts = {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert "仿宋" in fonts and "仿宋_GB2312" not in fonts
    assert 'w:eastAsia="zh-CN"' in zipfile.ZipFile(out).read("word/styles.xml").decode()


def test_long_outcomes_are_notes_under_the_table():
    """备注 on one line: GZ05-9's long outcome becomes 注2, its words under the table."""
    reg = regulation("GZ05")
    b = bulletin.build(reg, read_ledger(EX / "GZ05-2006.csv"), periods.period(reg, year=2006), "t")
    g = b.groups[0]
    marks = {r.name: r.short_mark for r in g.rows}
    assert marks["越秀區政府"] == "註1" and marks["蘿崗區政府"] == "進度滯後；通報批評；註2"
    assert g.notes == ("註1：列為通報表揚候選（「且成績突出的」由市政府辦公廳認定）。",
                       "註2：對其單位分管領導和信息員給予通報批評，並建議該單位更換信息員。")
    # the xlsx and the model keep the whole mark
    assert next(r.mark for r in g.rows if r.name == "蘿崗區政府").endswith("並建議該單位更換信息員")
    assert "<td>進度滯後；通報批評；註2</td>" in bulletin.html(b) and '<p class="note">註2：' in bulletin.html(b)
    # at most two lines in the DOCX (36 mm, 9 characters a line); before, five
    assert max(len(r.short_mark) for g in b.groups for r in g.rows) == len("進度滯後；通報批評；註2")


def test_report_html_header_and_font():
    r = CliRunner().invoke(app, ["report", str(ROOT / "regulations/D12.xinxi"), str(EX / "D12-2012Q1.csv"), "--month", "2012-03",
                                 "--format", "html", "--office", "达州市人民政府办公室", "--number", "达市府办〔2012〕15号",
                                 "--issued", "2012-04-05", "--font", "FangSong"])
    assert r.exit_code == 0, r.stderr
    page = r.stdout
    assert 'main { font-family: "FangSong", "仿宋_GB2312"' in page
    assert '<p class="office">達州市人民政府辦公室</p>\n<p class="sub">達市府辦〔2012〕15號</p>\n<hr class="red">\n<h1>' in page
    assert page.endswith('<p class="sign">達州市人民政府辦公室</p>\n<p class="sign">2012年4月5日</p>\n</main>\n</body>\n</html>\n')


def test_docx_chart_is_one_piece_and_figures_do_not_break(tmp_path):
    """A chart's caption and rows are kept together (keep with next, rows
    not split): GZ05's chart of 47 departments ran from one page onto the
    next; a figure in the summary broke after its point (95.\\n38%)."""
    from docx import Document
    from docx.oxml.ns import qn as q

    out = tmp_path / "gz.docx"
    r = CliRunner().invoke(app, ["report", str(ROOT / "regulations/GZ05.xinxi"), str(ROOT / "examples/GZ05-2006.csv"),
                                 "--quarter", "2", "--year", "2006", "--format", "docx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    doc = Document(str(out))
    charts = [t for t in doc.tables if len(t.columns) == 22]
    assert len(charts) == 5  # one per group
    for t in charts:
        rows = t.rows
        assert all(row._tr.trPr.find(q("w:cantSplit")) is not None for row in rows)
        assert all(p.paragraph_format.keep_with_next for row in rows[:-1] for c in row.cells for p in c.paragraphs)
    summary = next(p.text for p in doc.paragraphs if "尚無計分信息的單位" in p.text)
    assert "9\u20605\u2060.\u20603\u20608\u2060%" in summary  # 95.38%, joined
