"""Regressions for what the fuzzers (tests/fuzz/run.py) found, one test each."""

from __future__ import annotations

from xinxi_dsl import compile_text
from xinxi_dsl.documents.appendix import appendix, markdown
from xinxi_dsl.engine.outputs import csv_text


def test_appendix_clause_after_an_unlisted_note_under_the_same_label():
    """seed 5, regulation:1005 — a rule following 未下达目标任务的单位单独计分
    under the same label read the note as the rule before it (AttributeError)."""
    reg, _ = compile_text(
        "规程 F\n单位组 组0：\n    单位00 10\n计分办法【四、计分办法】\n"
        "【（一）】未下达目标任务的单位单独计分\n【（一）】《刊物2》每采用1条计3分\n")
    text = markdown(appendix(reg))
    assert "（一）未下达目标任务的单位单独计分；《刊物2》每采用1条计3分。" in text


def test_csv_neutralises_full_width_formula_signs():
    """seed 5, ledger:62 — a Chinese Excel reads ＝1+1 as =1+1."""
    assert csv_text("＝1+1") == "'＝1+1"
    assert csv_text("＋86 818") == "'＋86 818"
    assert csv_text("-3") == "-3"  # a number stays a number


def test_lone_surrogate_through_the_api_is_a_located_error():
    """seed 5, regulation:958 — compile_text('…\\ud800…') failed inside opencc."""
    import pytest

    from xinxi_dsl.foundation.diagnostics import XinxiError

    with pytest.raises(XinxiError) as e:
        compile_text("规程 X\n单位组 甲：\n    市\ud800局 30\n")
    d = e.value.diagnostics[0]
    assert (d.key, d.span.line, d.span.column) == ("lone-surrogate", 3, 6)


def test_docx_appendix_of_a_regulation_with_a_very_long_name(tmp_path):
    """seed 12, regulation:48950 — a 名称 over 255 characters made python-docx
    refuse the title property (内部错误); the page keeps the whole title."""
    import io
    import zipfile

    from xinxi_dsl.documents.docx_writer import appendix_docx

    name = "2012年度全市政务信息目标任务" * 20  # 340 characters
    reg, _ = compile_text(f"规程 L\n名称 {name}\n单位组 甲：\n    市统计局 30\n《快讯》每采用1条计2分\n")
    data = appendix_docx(appendix(reg))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert "…</dc:title>" in core
    assert body.count("2012年度全市政务信息目标任务") >= 20
