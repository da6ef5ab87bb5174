"""A bonus on a later row of the same item (issue 13; GAPS.md gap "A bonus on
a later row of the same item", LYG (二), HZ18 (二)2): 「被省政府办公厅采用的，按照省采用的
刊物种类分别另外加分」, 「《專報信息》…錄用的每條再加30分」. The adoption upstairs is a
row of its own that no base clause scores; written `《X》采用的，每条另加N分`, its
bonus joins the unit's rows of the same 编号 (GROUP BY unit, 编号) and is
earned when one of them is scored — scored by hand below."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xinxi_dsl import compile_text
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.documents.appendix import render_markdown
from xinxi_dsl.engine.evaluate import evaluate
from xinxi_dsl.engine.ledger import records_from_rows
from xinxi_dsl.language.fmt import format_source

D = Decimal

REG = """规程 T
考核期 2024年1月1日 至 2024年12月31日
属性 刊物：连云港市政务信息、信息简报、省专报信息
属性 类别：调研类
单位组 县区 目标100分：
    海州区、连云区
计分办法【三、评分标准】
T-2a【（二）】《连云港市政务信息》每采用1条计2分
T-2b【（二）】《信息简报》采用的，每条另加10分
T-2c【（二）】《省专报信息》采用，每条再加20分
"""

HEAD = ["编号", "日期", "单位", "事项", "刊物", "类别"]
ROWS = [
    ["A1", "2024-01-05", "海州区", "采用", "连云港市政务信息", ""],  # row 2: 2 (T-2a)
    ["A1", "2024-01-20", "海州区", "采用", "信息简报", ""],          # row 3: +10 on A1 (T-2b)
    ["A1", "2024-02-01", "海州区", "采用", "省专报信息", ""],        # row 4: +20 on A1 (T-2c)
    ["B1", "2024-02-03", "海州区", "采用", "信息简报", ""],          # row 5: B1 has no scored row: nothing
    ["C1", "2024-03-02", "连云区", "采用", "省专报信息", ""],        # row 6: before its base row, in ledger order
    ["C1", "2024-03-01", "连云区", "采用", "连云港市政务信息", ""],  # row 7: 2 (T-2a)
    ["A1", "2024-03-05", "连云区", "采用", "信息简报", ""],          # row 8: 连云区 has no row of A1 scored
    ["", "2024-03-06", "连云区", "采用", "信息简报", ""],            # row 9: no 编号: an item of its own
]


def result(rows=ROWS, reg=REG):
    r, diags = compile_text(reg, "t.xinxi")
    assert not [d for d in diags if d.severity == "error"], diags
    return evaluate(r, records_from_rows([HEAD, *rows], "t.csv").records)


def test_item_bonus_scored_by_hand():
    res = result()
    # 海州区: A1 2 (row 2) + 10 (row 3, on A1) + 20 (row 4, on A1) = 32; B1 (row 5) has no scored row
    assert res.unit("海州区").score == D(32)
    # 连云区: C1 2 (row 7) + 20 (row 6, the item's row comes later in the ledger; its date is earlier: both count);
    # A1 (row 8) is 海州区's item, not 连云区's: nothing; row 9 has no 编号
    assert res.unit("连云区").score == D(22)
    hz = {(l.row, l.rule_id): l.points for l in res.unit("海州区").lines}
    assert hz == {(2, "T-2a"): D(2), (3, "T-2b"): D(10), (4, "T-2c"): D(20)}
    why = {u.row: u.reason_zh for u in res.unmatched}
    assert set(why) == {5, 8, 9}
    assert why[5] == "编号B1的信息本单位没有已计分的行，T-2b的加分无所依附"
    assert why[9] == "此行没有编号，不属于已计分的信息，T-2b的加分无所依附"


def test_row_order_changes_nothing():
    assert result(ROWS[::-1]).unit("连云区").score == D(22)
    assert result(ROWS[::-1]).unit("海州区").score == D(32)


def test_item_bonus_adds_under_highest():
    # 按最高分计: the bonus rows are not publications of the item that compete; they add to it
    res = result(reg=REG + "T-4【（四）】同一信息被多个刊物采用的，按最高分计\n")
    assert res.unit("海州区").score == D(32)


def test_item_bonus_on_a_row_a_base_clause_scores_adds_on_that_row():
    res = result(reg=REG + "T-9【（九）】《信息简报》每采用1条计1分\n")
    # row 3: 1 (T-9) + 10 (T-2b); row 5 (B1): 1 + 10 — the row is its own base
    assert res.unit("海州区").score == D(2 + 11 + 20 + 11)


def test_item_bonus_renders_and_formats_as_written():
    r, _ = compile_text(REG, "t.xinxi")
    md = render_markdown(r)
    assert "（二）《连云港市政务信息》每采用1条计2分；《信息简报》采用的，每条另加10分，《省专报信息》采用的，每条再加20分。" in md
    assert format_source(REG) == REG


def test_a_plain_bonus_without_a_base_is_still_an_orphan():
    # without 采用 the bonus is on the row, as before: no base clause scores a 《信息简报》 row
    with pytest.raises(XinxiError) as e:
        compile_text(REG.replace("《信息简报》采用的，每条另加10分", "《信息简报》每条另加10分"), "t.xinxi")
    assert [d.key for d in e.value.diagnostics] == ["orphan-bonus"]


def test_the_item_rows_other_bonuses_apply():
    # LYG (二): 「以上所有被采用的信息，省领导批示的每条另加50分」 — on the province's row of the item
    reg = REG.replace("属性 类别：调研类", "属性 类别：调研类\n属性 批示：省领导") + \
        "T-2f【（二）】《信息简报》、《省专报信息》获省领导批示的信息每条另加50分\n"
    head = HEAD + ["批示"]
    rows = [r + [""] for r in ROWS[:3]] + [["A1", "2024-02-02", "海州区", "采用", "信息简报", "", "省领导"],  # +10 +50
                                           ["B1", "2024-02-03", "海州区", "采用", "信息简报", "", "省领导"]]  # no base: nothing
    r, diags = compile_text(reg, "t.xinxi")
    assert not diags  # not orphan-bonus: the item's rows carry it
    res = evaluate(r, records_from_rows([head, *rows], "t.csv").records)
    # 2 + 10 + 20 (rows 2-4) + 10 + 50 (row 5) = 92
    assert res.unit("海州区").score == D(92)
    assert [u.row for u in res.unmatched] == [6]


def test_the_bonus_line_says_which_item_it_joins():
    notes = {l.row: l.note for l in result().unit("连云区").lines}
    assert notes[6] == "加在编号C1的信息上，第7行已计分"
