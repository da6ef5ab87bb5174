"""Evaluator behaviour not tied to one notice: specificity, transfers, periods."""

from __future__ import annotations

from decimal import Decimal

from xinxi_dsl import compile_text
from xinxi_dsl.engine.evaluate import evaluate
from xinxi_dsl.language.grammar import parser
from xinxi_dsl.engine.ledger import records_from_rows
from xinxi_dsl.language.parse import _Builder

REG = """规程 T
属性 栏目：简讯、问题与建议
单位组 甲：
    市统计局 30、市教育局 20
《快讯》每采用1条计2分
《快讯》简讯每采用1条计1分
《快讯》问题与建议每采用1条计3分
直报点得分按40%计入所属单位
"""


def run(rows):
    reg, _ = compile_text(REG, "t.xinxi")
    return evaluate(reg, records_from_rows([["日期", "单位", "刊物", "栏目", "所属单位"], *rows], "t.csv").records)


def test_publication_default_with_column_overrides():
    r = run([["2012-01-01", "市统计局", "快讯", "", ""], ["2012-01-02", "市统计局", "快讯", "简讯", ""],
             ["2012-01-03", "市统计局", "快讯", "问题与建议", ""], ["2012-01-04", "市统计局", "快讯", "主条", ""]])
    # default 2 + 简讯 1 + 问题与建议 3 + an unlisted column falls back to the default 2 = 8
    assert r.unit("市统计局").score == Decimal(8)


def test_partial_transfer_keeps_the_points_own_score():
    r = run([["2012-01-01", "某直报点", "快讯", "问题与建议", "市教育局"]])
    # the point keeps its 3; 40% of 3 = 1.2 goes to 市教育局
    assert (r.unit("某直报点").score, r.unit("市教育局").score) == (Decimal(3), Decimal("1.2"))
    assert r.unit("市教育局").completion == Decimal("0.0600")  # 1.2 ÷ 20


def test_every_grammar_rule_has_a_builder_method():
    names = {r.alias or r.origin.name for r in parser().rules}
    names = {n.value if hasattr(n, "value") else n for n in names}
    missing = sorted(n for n in names if not n.startswith("_") and not hasattr(_Builder, n)
                     and n not in ("statement", "sel_item", "action", "rate"))
    assert missing == []
