import io

from docx import Document

from xinxi_dsl.generate import ROOT, content, stale


def test_generated_is_fresh():
    assert stale() == [], "generated/ is stale: run python -m xinxi_dsl.generate"


def test_docx_compared_by_text_not_bytes():
    data = (ROOT / "generated" / "D12.docx").read_bytes()
    paragraphs, tables, footers = content("D12.docx", data)
    assert paragraphs[1] == "2012年度全市政務信息目標任務" and tables[0][1][:2] == ["通川區", "180"]
    assert footers == ["— 1 —", "— 1 —"]  # odd and even pages
    # a changed cell is a changed file
    doc = Document(io.BytesIO(data))
    doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0].text = "181"
    buf = io.BytesIO()
    doc.save(buf)
    assert content("D12.docx", buf.getvalue()) != content("D12.docx", data)


def test_xlsx_compared_by_values():
    sheets = dict(content("x.xlsx", (ROOT / "generated" / "D12-2012-03.report.xlsx").read_bytes()))
    rows = sheets["通報"]
    fgw = next(r for r in rows if r[1] == "市發改委")
    assert fgw[:6] == [1, "市發改委", 10, 14, 30, 0.4667]  # numbers, as the cells hold them
