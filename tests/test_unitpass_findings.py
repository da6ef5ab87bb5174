"""What the unit-pass properties (tests/test_properties_unitpass.py) found,
each as a plain case with the concrete, minimised input."""

from __future__ import annotations

from xinxi_dsl import compile_text
from xinxi_dsl.engine.evaluate import evaluate
from xinxi_dsl.engine.ledger import records_from_rows


def _score(text: str, rows: list[list[str]], **kw):
    reg, _ = compile_text(text, "t.xinxi")
    return evaluate(reg, records_from_rows(rows, "t.csv").records, **kw)


HIGHEST_AND_SPLIT = """规程 T
考核期 2024年1月1日 至 2024年12月31日
单位组 甲 目标100分：
    市发改局、市教体局
【1】《市府信息》每采用1条计10分
【2】《政府工作通报》每采用1条计5分
【3】同一信息被多个刊物采用的，按最高分计
【4】合报信息的分数均分
"""


def test_split_shares_the_item_after_highest():
    # J1 is joint: 市发改局 has it in two publications (10 and 5, of which 按最高分计 keeps 10),
    # 市教体局 in one (10). The item is worth 10, so each unit gets 5. The split used to count
    # 市发改局's rows before 按最高分计 (15): 2.5 and 7.5.
    res = _score(HIGHEST_AND_SPLIT, [["编号", "日期", "单位", "事项", "刊物"],
                                     ["J1", "2024-01-05", "市发改局", "采用", "市府信息"],
                                     ["J1", "2024-01-06", "市发改局", "采用", "政府工作通报"],
                                     ["J1", "2024-01-07", "市教体局", "采用", "市府信息"]])
    assert res.unit("市发改局").score == 5
    assert res.unit("市教体局").score == 5
