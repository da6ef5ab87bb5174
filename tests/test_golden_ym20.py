"""Golden scores for YM20 (义马 2020), one case per clause ID of CLAUSES.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import assert_golden, REGULATIONS, points, row, score_rows
from xinxi_dsl import compile_text
from xinxi_dsl.foundation.diagnostics import XinxiError

D = Decimal
快报 = "政府快报"

CASES = [
    pytest.param(
        [row("2020-04-01", "公安局", 刊物=快报, 级别="义马市", 形式="条目")] * 2,
        {"公安局": D(6)},  # 2 条目 × 3 = 6
        id="YM20-1a"),
    pytest.param(
        [row("2020-04-01", "财政局", 事项="报送", 类别="专题信息"), row("2020-04-02", "财政局", 事项="报送", 类别="调研文章"),
         row("2020-04-03", "财政局", 事项="报送", 类别="约稿")],
        {"财政局": D(10)},  # 专题信息 5 + 调研文章 5 = 10; a submitted 约稿 earns nothing (listed unmatched)
        id="YM20-1b"),
    pytest.param(
        [row("2020-04-01", "水利局", 刊物=快报, 级别="义马市", 形式="专期")],
        {"水利局": D(10)},  # 1 专期 × 10 = 10
        id="YM20-1c"),
    pytest.param(
        [row("2020-05-01", "民政局", 刊物=快报, 级别="三门峡市", 形式="条目"),
         row("2020-05-02", "民政局", 刊物=快报, 级别="三门峡市", 形式="专期")],
        {"民政局": D(20)},  # 三门峡市 条目 5 + 专期 15 = 20
        id="YM20-2"),
    pytest.param(
        [row("2020-06-01", "审计局", 刊物="政府工作快报", 级别="河南省", 形式="条目"),
         row("2020-06-02", "审计局", 刊物="政府工作快报", 级别="河南省", 形式="专期")],
        {"审计局": D(30)},  # 河南省 条目 10 + 专期 20 = 30
        id="YM20-3"),
    pytest.param(
        [row("2020-06-01", "统计局", 刊物=快报, 级别="义马市", 形式="条目", 批示="义马市领导、三门峡市领导、河南省领导")],
        {"统计局": D(38)},  # 条目 3 + 义马市 5 + 三门峡市 10 + 河南省 20 = 38 (可累计加分)
        id="YM20-4"),
    pytest.param(
        [row("2020-06-01", "公安局交警大队", 刊物=快报, 级别="义马市", 形式="条目", 所属单位="公安局"),
         row("2020-06-02", "公安局", 刊物=快报, 级别="义马市", 形式="条目")],
        {"公安局": D(6)},  # own 条目 3 + sub-unit's 条目 3 (全额计入) = 6
        id="YM20-5"),
    pytest.param(
        [row("2020-07-01", "司法局", 事项="未完成", 类别="约稿"), row("2020-07-02", "司法局", 刊物=快报, 级别="义马市", 形式="条目")],
        {"司法局": D(-7)},  # 条目 3 − 约稿未完成 10 = −7
        id="YM20-6a"),
    pytest.param(
        [row("2020-07-01", "信访局", 事项="失真"), row("2020-07-02", "信访局", 事项="失误"),
         row("2020-07-03", "信访局", 刊物=快报, 级别="义马市", 形式="专期")],
        {"信访局": D(-10)},  # 专期 10 − 失真 10 − 失误 10 = −10
        id="YM20-6b"),
    pytest.param(
        [row("2020-08-01", "招商服务局", 刊物=快报, 级别="义马市", 形式="条目"),
         row("2020-08-02", "商务局", 刊物=快报, 级别="义马市", 形式="条目")],
        {"商务局": D(6)},  # rows under either name are 商务局's: 2 × 3 = 6
        id="YM20-U"),
]


@pytest.mark.parametrize("rows, expected", CASES)
def test_golden(rows, expected):
    assert_golden("YM20", rows, expected)


def test_YM20_4_bonus_only_on_adopted_items():
    rows = [row("2020-04-01", "公安局", 事项="报送", 类别="调研文章", 批示="义马市领导")]
    assert points(score_rows("YM20", rows), "公安局") == D(5)  # 调研文章 5; “采用信息被…批示加5分”: not a submitted one


def test_YM20_1b_unmatched_submission():
    result = score_rows("YM20", [row("2020-04-03", "财政局", 事项="报送", 类别="约稿")])
    assert [m.reason for m in result.unmatched] == ["no rule for 事项=报送, 类别=约稿"]


def test_YM20_T_tiers(ym20):
    assert [(g.name, g.target, g.count, len(g.units)) for g in ym20.groups] == [
        ("一档", D(50), 20, 20), ("二档", D(30), 16, 16), ("三档", D(15), 27, 27)]


def test_YM20_T_count_checked():
    text = (REGULATIONS / "YM20.xinxi").read_text(encoding="utf-8").replace("目标50分 共20个", "目标50分 共21个")
    with pytest.raises(XinxiError) as exc:
        compile_text(text, "YM20.xinxi")
    [d] = exc.value.diagnostics
    assert d.key == "group-count" and d.message == "单位组“一档”写明共21个，实际列出20个 (stated count differs from the list)"


def test_YM20_R_rank_by_ratio():
    rows = [row("2020-09-01", "公安局", 刊物="政府工作快报", 级别="河南省", 形式="专期")] * 2  # 40 of 50 = 0.8
    rows += [row("2020-09-01", "红十字会", 刊物=快报, 级别="三门峡市", 形式="专期")]  # 15 of 15 = 1
    result = score_rows("YM20", rows)
    top = [(u.key, u.rank, str(u.completion)) for u in result.units[:2]]
    assert top == [("红十字会", 1, "1.0000"), ("公安局", 2, "0.8000")]  # ratio, not score, orders them


def test_YM20_P_quarterly(ym20):
    assert ym20.report == "quarterly"
    rows = [row("2020-03-31", "公安局", 刊物=快报, 级别="义马市", 形式="条目"),
            row("2020-04-01", "公安局", 刊物=快报, 级别="义马市", 形式="专期")]
    q1 = score_rows("YM20", rows, period_from=date(2020, 1, 1), period_to=date(2020, 3, 31))
    assert points(q1, "公安局") == D(3)  # Q1: the 条目 only


def test_YM20_1b_submitted_then_adopted_as_special_issue(tmp_path):
    # 「上報有效的專題信息、調研文章每條計5分，被市政府《政府快報》以專期形式採用每條計10分」:
    # one item, submitted (5) and later adopted as 专期 (10): 5 + 10 = 15, the rows share an 编号.
    from conftest import regulation
    from xinxi_dsl import score

    ledger = tmp_path / "ym20.csv"
    ledger.write_text("编号,日期,单位,事项,刊物,级别,形式,类别\n"
                      "A1,2020-04-01,财政局,报送,,,,专题信息\n"
                      "A1,2020-04-20,财政局,,政府快报,义马市,专期,专题信息\n", encoding="utf-8")
    result = score(regulation("YM20"), ledger)
    assert result.unit("财政局").score == D(15)  # 5 + 10
    assert [p.key for p in result.problems] == []  # 报送 and 采用 rows of one 编号 are no duplicate


def test_YM20_appendix_keeps_notice_words():
    # 「上報有效的專題信息」「可累計加分」, the leader ranks, and the ranking sentence
    from conftest import regulation
    from xinxi_dsl.documents.appendix import render_markdown

    md = render_markdown(regulation("YM20"))
    assert "“上报有效的专题信息、调研文章每条计5分”" in md
    assert "副市长（党组成员）、秘书长、副秘书长" in md and "可累计加分。" in md
    assert "根据各单位年度累计积分占全年目标任务的比率进行排序" in md


def test_YM20_T_shared_target_completion():
    # 「全年任務15分以上的單位(27個)」: 红十字会 has 15; one 三门峡市 专期 (15) completes it
    u = score_rows("YM20", [row("2020-09-01", "红十字会", 刊物=快报, 级别="三门峡市", 形式="专期")]).unit("红十字会")
    assert (u.score, u.target, str(u.completion)) == (D(15), D(15), "1.0000")  # 15 ÷ 15
