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


HIGHEST_MONTHLY = """规程 T
考核期 2024年1月1日 至 2024年12月31日
单位组 甲 目标100分：
    市发改局、市教体局
【1】《市府信息》每采用1条计10分
【2】《政府工作通报》每采用1条计5分
【3】同一信息被多个刊物采用的，{combine}
【4】每月 得分 低于6分的，扣1分
"""
HEAD = ["编号", "日期", "单位", "事项", "刊物"]
JAN = ["J1", "2024-01-10", "市发改局", "采用", "市府信息"]
FEB = ["J1", "2024-02-10", "市发改局", "采用", "政府工作通报"]


def test_highest_takes_a_row_off_in_its_own_month_whatever_the_row_order():
    # J1 counts once, at its best row (January, 10); February's 5 is taken off in February:
    # January 10, February 0 (below 6: −1). The line taking it off used to be dated as the
    # item's first row in the ledger, so with January first January fell to 5 (−1 too): 8, not 9.
    text = HIGHEST_MONTHLY.format(combine="按最高分计")
    for rows in ([JAN, FEB], [FEB, JAN]):
        res = _score(text, [HEAD, *rows], as_of=__import__("datetime").date(2024, 2, 29))
        assert res.unit("市发改局").score == 9, rows
        assert sorted((l.date.month, l.points) for l in res.unit("市发改局").lines if l.kind == "combine") == [(2, -5)]


def test_split_line_dated_as_the_units_earliest_row_whatever_the_row_order():
    # 均分 (J1 joint with 市教体局, item worth 15 = 市发改局's two rows): each gets 7.5; 市发改局's
    # share line (−7.5) is dated as its earliest row, January, whatever the order of its rows.
    text = HIGHEST_MONTHLY.format(combine="可累计加分").replace("【4】每月", "【5】合报信息的分数均分\n【4】每月")
    other = ["J1", "2024-01-05", "市教体局", "采用", "市府信息"]
    scores = set()
    for rows in ([other, JAN, FEB], [other, FEB, JAN]):
        res = _score(text, [HEAD, *rows], as_of=__import__("datetime").date(2024, 2, 29))
        split = [(l.date.month, l.points) for l in res.unit("市发改局").lines if l.kind == "split"]
        assert split == [(1, __import__("decimal").Decimal("-7.5"))], rows
        scores.add(res.unit("市发改局").score)
    assert len(scores) == 1
