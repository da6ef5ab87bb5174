"""Phrasings of the unit pass that LANGUAGE.md lists, as a notice writes them
(found writing examples/DC24.xinxi): 超出部分每条加1分 without a number,
【（二）1】 naming a clause of the section it stands in, and the appendix
numbering （一）1."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xinxi_dsl import compile_text
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.documents.appendix import render_markdown
from xinxi_dsl.engine.evaluate import evaluate
from xinxi_dsl.engine.ledger import records_from_rows

D = Decimal

REG = """规程 T
考核期 2024年1月1日 至 2024年12月31日
属性 类别：要情
单位组 甲 目标10分：
    市发改局
计分办法【二、计分办法】
【（一）1】每月 要情 报送 不少于2篇的，计10分；超出部分每条加1分
【（二）1】《市府信息》每采用1条计5分
【（二）2】《市府专报》每采用1条计7分
【（二）3】每季度【（二）1】、【（二）2】得分 低于6分的，予以通报
"""


def test_extra_without_a_number_is_one_item_per_step():
    reg, diags = compile_text(REG, "t.xinxi")
    assert diags == []
    head = ["编号", "日期", "单位", "事项", "类别", "刊物"]
    rows = [[f"A{i}", f"2024-01-0{i}", "市发改局", "报送", "要情", ""] for i in range(1, 5)]
    rows.append(["A1", "2024-03-31", "市发改局", "采用", "", "市府信息"])
    res = evaluate(reg, records_from_rows([head, *rows], "t.csv").records)
    u = res.unit("市发改局")
    # January: 4 要情 submitted ≥ 2 → 10, and 4 − 2 = 2 beyond it → 2 × 1 = 2; March adoption 5
    period = sorted((l.title, l.points) for l in u.lines if l.kind == "period")
    assert period == [("2024年1月", D(2)), ("2024年1月", D(10))]
    assert u.score == D(17)
    # Q1: 【（二）1】、【（二）2】 earned 5 < 6 → 予以通报; the ref resolves to 二、（二）1 in its section
    assert [(q, text) for _, q, text, _ in u.verdicts] == [("2024年第一季度", "通报")]


def test_clause_refs_resolve_in_their_section_and_render_as_written():
    reg, _ = compile_text(REG, "t.xinxi")
    assert reg.period_rules[1].quantity.clauses == ("二、（二）1", "二、（二）2")
    text = render_markdown(reg)
    assert "（二）3.每季度【（二）1】、【（二）2】得分低于6分的，予以通报。" in text
    assert "（一）1.每月要情报送不少于2篇的，计10分；超出部分每条加1分。" in text  # the verb as the clause writes it


def test_an_unknown_clause_ref_is_still_an_error():
    with pytest.raises(XinxiError) as e:
        compile_text(REG.replace("【（二）2】得分", "【（二）9】得分"), "t.xinxi")
    assert [(d.key, d.message) for d in e.value.diagnostics] == [
        ("unknown-clause", "没有条款号为【（二）9】的条款 (no clause with that label)")]
