"""Properties of scoring that hold for any ledger (hypothesis)."""

from __future__ import annotations


from hypothesis import given, settings, strategies as st

from conftest import row, score_rows

UNITS = ["通川区", "達 縣", "市统计局", "市發改委", "农发行达州分行", "某直报点", "市发展改革委"]
ITEMS = [
    dict(刊物="达州政务快讯", 栏目="主条"), dict(刊物="達州政務快訊", 栏目="簡訊"), dict(刊物="达州政务快讯", 栏目="问题与建议"),
    dict(刊物="资源网", 栏目="图片新闻"), dict(刊物="上报省办信息", 类别="动态类"), dict(刊物="上报省办信息", 类别="专题综合类"),
    dict(刊物="达州日报"), dict(事项="迟报", 类别="约稿"), dict(事项="不报", 类别="批示反馈"), dict(事项="漏报"),
]
EXTRAS = [{}, dict(批示="市政府领导"), dict(批示="市政府领导、省政府领导"), dict(上级采用="省政府办公厅")]

rows = st.lists(
    st.builds(
        lambda d, u, item, extra, parent: row(f"2012-{d[0]:02d}-{d[1]:02d}", u, **item, **extra,
                                              **({"所属单位": "市发改委"} if parent and u == "某直报点" else {})),
        st.tuples(st.integers(1, 12), st.integers(1, 28)).map(lambda t: t) | st.just((12, 31)),
        st.sampled_from(UNITS), st.sampled_from(ITEMS), st.sampled_from(EXTRAS), st.booleans()),
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
