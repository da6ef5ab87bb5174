"""The D12 appendix as DOCX, read back with python-docx: the notice's title,
both target tables, the six scoring clauses in traditional script, and the
GB/T 9704-2012 page (A4, margins, fonts, page numbers)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from typer.testing import CliRunner

from conftest import ROOT, regulation
from xinxi_dsl.cli import app
from xinxi_dsl.documents.docx_writer import appendix_docx
from xinxi_dsl.documents.appendix import appendix

# The notice's two target tables (seed 000), two unit/target pairs per row.
D12_T1 = """
通川區 180 | 達 縣 180
萬源市 180 | 宣漢縣 180
大竹縣 180 | 渠 縣 180
開江縣 180
"""
D12_T2 = """
市發改委 30 | 市經信委 30
市教育局 30 | 市科技局 20
市公安局 30 | 市監察局 20
市民政局 30 | 市司法局 20
市財政局 20 | 市人力資源社會保障局 30
市國土資源局 20 | 市環保局 20
市住房和城鄉規劃建設局 30 | 市交通運輸局 30
市水務局 30 | 市農業局 30
市林業局 20 | 市商務局 30
市人口計生委 20 | 市文廣影視局 20
市衛生局 20 | 市外僑辦 20
市審計局 20 | 市安監局 20
市國資委 20 | 市體育局 20
市統計局 30 | 市扶貧移民局 20
市民宗局 20 | 市糧食局 20
市畜牧食品局 20 | 市食品藥品監管局 20
市城管執法局 20 | 市地稅局 30
市國稅局 30 | 達州質監局 20
市工商局 20 | 市氣象局 20
市檢驗檢疫局 20 | 市投資促進局 20
市政務服務中心 20 | 市旅游局 20
市供銷社 20 | 市殘聯 20
達州市經濟技術開發區 20 | 達州日報社 20
人行達州市中心支行 20 | 農發行達州分行 10
達州銀監分局 20 | 農行達州分行 10
工行達州分行 10 | 建行達州分行 10
中行達州分行 10 | 市信用聯社 10
市煙草專賣局 10 | 市郵政局 10
"""

D12_CLAUSES = [
    "1.《達州政務快訊》主條每采用1條計2分，問題與建議每采用1條計3分，簡訊每采用1條計1分，“圖片新聞”每采用1條計1分；獲市政府領導批示的信息每條另加2分。",
    "2.《上報省辦信息》動態類每采用1條計2分，專題綜合類每采用1條計4分。",
    "3.《上報省辦信息》被省政府辦公廳采用每條另加4分，獲省政府領導批示的信息每條另加4分。",
    "4.直報點得分全額計入所屬單位。",
    "5.約稿、批示反饋不報、遲報的，每次扣減任務分值3分。",
    "6.新的計分辦法從2012年1月開始執行。",
]


def expected_rows(table: str) -> list[list[str]]:
    """'通川區 180 | 達 縣 180' → ['通川區', '180', '達 縣', '180']; a lone pair
    is padded with two empty cells, as the notice leaves them."""
    rows = []
    for line in table.strip().splitlines():
        cells = []
        for pair in line.split(" | "):
            name, _, target = pair.rpartition(" ")
            cells += [name, target]
        rows.append(cells + [""] * (4 - len(cells)))
    return rows


@pytest.fixture(scope="module")
def d12_docx(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx") / "D12.docx"
    r = CliRunner().invoke(app, ["render", str(ROOT / "regulations/D12.xinxi"), "--format", "docx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    return Document(str(out))


def test_d12_docx_title(d12_docx):
    texts = [p.text for p in d12_docx.paragraphs if p.text]
    assert texts[:2] == ["附件", "2012年度全市政務信息目標任務"]
    title = d12_docx.paragraphs[1]
    assert title.alignment == 1  # centred
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"


def test_d12_docx_target_tables_D12_T1_D12_T2(d12_docx):
    tables = d12_docx.tables
    assert len(tables) == 2
    for table, expected in zip(tables, (D12_T1, D12_T2)):
        rows = [[c.text for c in r.cells] for r in table.rows]
        assert rows[0] == ["單位", "目標分值", "單位", "目標分值"]
        assert rows[1:] == expected_rows(expected)
    # 7 county-level units and 56 city departments, every one with its target
    assert sum(1 for r in expected_rows(D12_T1) for c in r[1::2] if c) == 7
    assert sum(1 for r in expected_rows(D12_T2) for c in r[1::2] if c) == 56
    # the tables are the headings' tables, in the notice's order
    headings = [p.text for p in d12_docx.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、縣、市、區目標分數", "二、市級部門目標任務", "三、信息采用計分辦法"]


def test_d12_docx_six_clauses_traditional(d12_docx):
    texts = [p.text for p in d12_docx.paragraphs]
    start = texts.index("三、信息采用計分辦法") + 1
    assert texts[start : start + 6] == D12_CLAUSES
    # nothing after the clauses, and no invented 「每月通報。」 (the cadence is the report's, the notice
    # says it in its letter): 附件, the title, then the first table's heading
    assert texts[start + 6 :] == [] and "每月通報。" not in texts


def test_d12_docx_page_gbt9704(d12_docx):
    sec = d12_docx.sections[0]
    mm = lambda length: round(length.mm, 1)  # noqa: E731 — Word stores twips: 210 mm is 11906 twips
    assert (mm(sec.page_width), mm(sec.page_height)) == (210, 297)  # A4
    assert (mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)) == (37, 35, 28, 26)
    body = [p for p in d12_docx.paragraphs if p.text in D12_CLAUSES]
    assert len(body) == 6
    for p in body:
        for run in p.runs:
            assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
            assert run.font.size == Pt(16)
    for p in d12_docx.paragraphs:
        if p.style.name == "Heading 1":
            assert {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in p.runs} == {"黑体"}
    cells = [c for t in d12_docx.tables for r in t.rows for c in r.cells]
    assert all(r._element.rPr.rFonts.get(qn("w:eastAsia")) in ("仿宋_GB2312", "黑体") for c in cells for p in c.paragraphs for r in p.runs)
    assert d12_docx.tables[0].style.name == "Table Grid"  # bordered


def test_d12_docx_page_numbers(d12_docx):
    sec = d12_docx.sections[0]
    for footer in (sec.footer, sec.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")


def test_docx_same_bytes_twice():
    a = appendix_docx(appendix(regulation("D12")))
    b = appendix_docx(appendix(regulation("D12")))
    assert a == b
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(a)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_script_option_converts_the_whole_document(tmp_path):
    out = tmp_path / "D12s.docx"
    r = CliRunner().invoke(app, ["render", str(ROOT / "regulations/D12.xinxi"), "--format", "docx", "-o", str(out), "--script", "s"])
    assert r.exit_code == 0, r.stderr
    doc = Document(str(out))
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["单位", "目标分值", "单位", "目标分值"]
    texts = [p.text for p in doc.paragraphs]
    # one script: the notice's words are simplified too (t2s is safe)
    assert "4.直报点得分全额计入所属单位。" in texts
    assert texts[1] == "2012年度全市政务信息目标任务"
