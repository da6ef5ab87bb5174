"""Properties that hold for any input (hypothesis):

(a) no text, random or grammar-shaped, raises anything but XinxiError;
(b) a unit's score is the sum of its explanation lines;
(c) shuffling ledger rows changes nothing;
(d) without caps or escalation, scoring months separately and adding
    equals scoring the year;
(e) every ledger row appears exactly once among scored and not-scored rows;
(f) with caps and escalating penalties (CD07) too: (b), (c), and no cap is
    ever exceeded (checked to fail when the cap ignores earlier rows).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

from conftest import row, score_rows
from xinxi_dsl import compile_text
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.language.grammar import grammar_text

UNITS = ["通川区", "達 縣", "市统计局", "市發改委", "农发行达州分行", "某直报点", "市发展改革委"]
ITEMS = [
    dict(刊物="达州政务快讯", 栏目="主条"), dict(刊物="達州政務快訊", 栏目="簡訊"), dict(刊物="达州政务快讯", 栏目="问题与建议"),
    dict(刊物="资源网", 栏目="图片新闻"), dict(刊物="上报省办信息", 类别="动态类"), dict(刊物="上报省办信息", 类别="专题综合类"),
    dict(刊物="达州日报"), dict(事项="迟报", 类别="约稿"), dict(事项="不报", 类别="批示反馈"), dict(事项="漏报"),
]
EXTRAS = [{}, dict(批示="市政府领导"), dict(批示="市政府领导、省政府领导"), dict(上级采用="省政府办公厅")]

# dates: anywhere in 2012, with the first and last days of months weighted in
# (where period boundaries are), and an unreadable one now and then
BOUNDARIES = [date(2012, m, d) for m in range(1, 13) for d in (1, calendar.monthrange(2012, m)[1])]
DATES = (st.dates(date(2012, 1, 1), date(2012, 12, 31)) | st.sampled_from(BOUNDARIES)).map(date.isoformat) \
    | st.just("2012-13-45")

rows = st.lists(
    st.builds(
        lambda d, u, item, extra, parent: row(d, u, **item, **extra,
                                              **({"所属单位": "市发改委"} if parent and u == "某直报点" else {})),
        DATES, st.sampled_from(UNITS), st.sampled_from(ITEMS), st.sampled_from(EXTRAS), st.booleans()),
    max_size=30)


@settings(max_examples=60, deadline=None)
@given(rows)
def test_score_is_sum_of_explanation_lines(ledger):
    result = score_rows("D12", ledger)
    for u in result.units:
        assert u.score == sum((l.points for l in u.lines), 0)


@settings(max_examples=60, deadline=None)
@given(rows, st.randoms())
def test_row_order_changes_nothing(ledger, rnd):
    shuffled = ledger[:]
    rnd.shuffle(shuffled)
    a, b = score_rows("D12", ledger), score_rows("D12", shuffled)
    assert {u.key: (u.score, u.rank) for u in a.units} == {u.key: (u.score, u.rank) for u in b.units}


@settings(max_examples=60, deadline=None)
@given(rows)
def test_every_row_scored_or_listed(ledger):
    result = score_rows("D12", ledger)
    scored = {l.row for u in result.units for l in u.lines}
    unmatched = [m.row for m in result.unmatched]
    assert len(unmatched) == len(set(unmatched))
    assert scored.isdisjoint(unmatched)
    assert scored | set(unmatched) == set(range(2, len(ledger) + 2))


def compiles_or_says_why(text: str) -> None:
    try:
        compile_text(text, "fuzz.xinxi")
    except XinxiError as exc:
        assert exc.diagnostics and all(d.key and d.message for d in exc.diagnostics)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list("规程单位组属性每采用条计分另加扣《》【】：、\n    0123456789"))))
def test_random_text_only_raises_diagnostics(text):
    compiles_or_says_why(text)


GRAMMAR_SHAPED = from_lark(Lark(grammar_text(), parser="lalr", lexer="contextual"),
                           explicit={"_INDENT": st.just("    "), "_DEDENT": st.just("")})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(GRAMMAR_SHAPED)
def test_grammar_shaped_text_only_raises_diagnostics(text):
    compiles_or_says_why(text)


@settings(max_examples=40, deadline=None)
@given(rows)
def test_months_add_up_to_the_year(ledger):
    # D12 has no caps and no escalating penalties: scores are additive over time
    year = score_rows("D12", ledger)
    months: dict[str, Decimal] = {}
    for m in range(1, 13):
        part = score_rows("D12", ledger, period_from=date(2012, m, 1),
                          period_to=date(2012, m, calendar.monthrange(2012, m)[1]))
        for u in part.units:
            months[u.key] = months.get(u.key, Decimal(0)) + u.score
    assert {u.key: u.score for u in year.units} == months


# ---- (b), (c) and caps where points depend on earlier rows (CD07: caps, 第一次/以后每次) ----

CD07_UNITS = ["市人防办", "市粮食局", "锦江区", "北京办"]
CD07_ITEMS = [
    dict(事项="报送"), dict(事项="报送"), dict(事项="报送"), dict(刊物="政务信息"), dict(刊物="资源网", 栏目="成都动态"),
    dict(事项="漏报", 类别="工作动态类"), dict(事项="迟报", 类别="工作动态类"), dict(刊物="政务信息", 上级采用="国务院办公厅"),
]
cd07_rows = st.lists(
    st.builds(lambda d, u, item: row(d, u, **item),
              st.dates(date(2007, 1, 1), date(2007, 12, 31)).map(date.isoformat), st.sampled_from(CD07_UNITS),
              st.sampled_from(CD07_ITEMS)),
    max_size=40)
# 市人防办's cap is 0.5 × 5 = 2.5 points: 26 submissions or more reach it
cap_rows = st.lists(st.dates(date(2007, 1, 1), date(2007, 12, 31)).map(lambda d: row(d.isoformat(), "市人防办", 事项="报送")),
                    min_size=20, max_size=40)


@settings(max_examples=60, deadline=None)
@given(cd07_rows, cap_rows, st.randoms())
def test_stateful_rules_sum_shuffle_and_cap(ledger, near_cap, rnd):
    ledger = ledger + near_cap
    a = score_rows("CD07", ledger)
    shuffled = list(ledger)
    rnd.shuffle(shuffled)
    b = score_rows("CD07", shuffled)
    for u in a.units:
        assert u.score == sum((l.points for l in u.lines), Decimal(0))  # (b)
        assert b.unit(u.key).score == u.score and b.unit(u.key).count == u.count  # (c)
        a4 = sum((l.points for l in u.lines if l.rule_id == "CD07-A4"), Decimal(0))
        assert a4 <= Decimal("0.5") * u.target  # the cap is never exceeded
        first = [l for l in u.lines if l.rule_id == "CD07-D1a"]
        assert sum(1 for l in first if l.points == -2) == min(1, len(first))  # one first 漏报, the rest −4
