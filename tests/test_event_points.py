"""Points for forwarding (issue 13; GAPS.md gap "Points for forwarding", LYG
(二), HZ18 (二)1): 「被《连云港市政务信息》选用报省的，每条得2分」, 「上報省辦：要情類每條3分」 —
positive points on an event row, written as a points clause whose condition
is the event (事项): `《连云港市政务信息》选用报省的，每条计2分`. Scored by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xinxi_dsl import compile_text
from xinxi_dsl.documents.appendix import render_markdown
from xinxi_dsl.engine.evaluate import evaluate
from xinxi_dsl.engine.ledger import records_from_rows
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.language.fmt import format_source

D = Decimal

REG = """规程 T
考核期 2024年1月1日 至 2024年12月31日
属性 刊物：连云港市政务信息、信息简报
属性 类别：要情类、专报类
属性 事项：选用报省、「上报省办」、迟报
单位组 县区 目标100分：
    海州区、连云区
计分办法【三、评分标准】
T-2a【（二）】《连云港市政务信息》每采用1条计2分
T-2b【（二）】《连云港市政务信息》选用报省的，每条计2分
T-2c【（二）】《信息简报》采用的，每条另加10分
T-6a【（六）】「上报省办」要情类每条3分
T-6b【（六）】「上报省办」专报类每条计10分
T-7【（七）】迟报每次扣1分
"""

HEAD = ["编号", "日期", "单位", "事项", "刊物", "类别"]
ROWS = [
    ["A1", "2024-01-05", "海州区", "采用", "连云港市政务信息", ""],    # row 2: 2 (T-2a)
    ["A1", "2024-01-06", "海州区", "选用报省", "连云港市政务信息", ""],  # row 3: 2 (T-2b)
    ["A1", "2024-01-20", "海州区", "采用", "信息简报", ""],            # row 4: +10 on A1 (T-2c)
    ["B1", "2024-02-01", "海州区", "上报省办", "", "要情类"],          # row 5: 3 (T-6a)
    ["B2", "2024-02-02", "海州区", "上报省办", "", "专报类"],          # row 6: 10 (T-6b)
    ["", "2024-02-03", "海州区", "迟报", "", ""],                     # row 7: −1 (T-7)
    ["C1", "2024-03-01", "连云区", "选用报省", "连云港市政务信息", ""],  # row 8: 2 (T-2b)
    ["C1", "2024-03-09", "连云区", "采用", "信息简报", ""],            # row 9: +10: C1 has a scored row (row 8)
    ["C2", "2024-03-10", "连云区", "选用报省", "信息简报", ""],        # row 10: no clause: 《信息简报》 forwards nothing
]


def result(rows=ROWS):
    reg, diags = compile_text(REG, "t.xinxi")
    assert not diags
    return evaluate(reg, records_from_rows([HEAD, *rows], "t.csv").records)


def test_forwarding_scored_by_hand():
    res = result()
    # 海州区: 2 + 2 + 10 + 3 + 10 − 1 = 26
    assert res.unit("海州区").score == D(26)
    # 连云区: 2 (row 8) + 10 (row 9, on C1, whose forwarding is scored) = 12
    assert res.unit("连云区").score == D(12)
    hz = {l.row: (l.rule_id, l.points) for l in res.unit("海州区").lines}
    assert hz == {2: ("T-2a", D(2)), 3: ("T-2b", D(2)), 4: ("T-2c", D(10)), 5: ("T-6a", D(3)),
                  6: ("T-6b", D(10)), 7: ("T-7", D(-1))}
    assert [u.row for u in res.unmatched] == [10]
    assert result(ROWS[::-1]).unit("连云区").score == D(12)


def test_forwarding_renders_in_the_notice_words_and_formats():
    r, _ = compile_text(REG, "t.xinxi")
    md = render_markdown(r)
    assert "（二）《连云港市政务信息》每采用1条计2分，《连云港市政务信息》选用报省的，每条计2分；《信息简报》采用的，每条另加10分。" in md
    assert "（六）要情类上报省办的，每条计3分，专报类上报省办的，每条计10分。" in md
    assert format_source(REG) == REG


@pytest.mark.parametrize("clause", [
    "选用报省每报送1条计2分",                           # points for an event are per event row, not per 报送
    "迟报 每采用1条计2分",                              # an adoption with an event
    "选用报省 采用按“省厅分值”计分",                     # an event's points are a constant
])
def test_event_in_base_still_refused(clause):
    with pytest.raises(XinxiError) as e:
        compile_text(REG + clause + "\n", "t.xinxi")
    assert [d.key for d in e.value.diagnostics] == ["event-in-base"]
