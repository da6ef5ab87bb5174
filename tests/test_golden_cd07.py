"""Golden scores for CD07 (成都 2007), one case per clause ID of CLAUSES.md.

CD07's targets are counts (采用数 / 上报数), so each case checks the
composite score and, where it matters, the count beside it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import assert_golden, points, row, score_rows

D = Decimal
政务信息 = "政务信息"
资源网 = "资源网"

CASES = [
    pytest.param(
        [row("2007-05-01", "锦江区", 刊物=政务信息)] * 3,
        {"锦江区": D(12)},  # 3 × 4 = 12
        id="CD07-A1"),
    pytest.param(
        [row("2007-05-01", "市教育局", 刊物=政务信息), row("2007-05-02", "市教育局", 刊物=政务信息, 栏目="简明信息")],
        {"市教育局": D(6)},  # 4 + 简明信息 2 = 6 (the cheaper column inside the publication)
        id="CD07-A1b"),
    pytest.param(
        [row("2007-05-01", "市公安局", 刊物=政务信息, 形式="专刊"),
         row("2007-05-02", "市公安局", 刊物=政务信息, 形式="专刊", 栏目="简明信息")],
        {"市公安局": D(16)},  # 专刊 8 + 专刊 8 (a 简明信息 in a 专刊 is still a 专刊) = 16
        id="CD07-A2"),
    pytest.param(
        [row("2007-05-01", "金牛区", 刊物=资源网, 栏目="政务要闻"), row("2007-05-02", "金牛区", 刊物=资源网, 栏目="政务要闻", 配图="是"),
         row("2007-05-03", "金牛区", 刊物=资源网, 栏目="成都动态"), row("2007-05-04", "金牛区", 刊物=资源网, 栏目="成都动态", 配图="是"),
         row("2007-05-05", "金牛区", 刊物=资源网, 栏目="成都动态", 配图="否")],
        {"金牛区": D(15)},  # 要闻 4 + 要闻配图 6 + 动态 1 + 动态配图 3 + 动态(否) 1 = 15
        id="CD07-A3"),
    pytest.param(
        [row("2007-05-01", "市司法局", 事项="报送")] * 9,
        {"市司法局": D("0.9")},  # 9 × 0.1 = 0.9, exactly; the cap 0.5 × 15 = 7.5 is not reached
        id="CD07-A4"),
    pytest.param(
        [row("2007-05-01", "市民宗局", 刊物=政务信息, 类别="约稿")],
        {"市民宗局": D(8)},  # 4 + 约稿 4 = 8
        id="CD07-A5"),
    pytest.param(
        [row("2007-05-01", "市财政局", 刊物=政务信息, 批示="市级领导"), row("2007-05-02", "市财政局", 刊物=资源网, 栏目="政务要闻", 批示="市级领导")],
        {"市财政局": D(16)},  # 政务信息 4 + 批示 8; 政务要闻 4 and no 批示 bonus (only 《政务信息》) = 16
        id="CD07-A6"),
    pytest.param(
        [row("2007-05-01", "市民政局", 刊物=政务信息, 上级采用="国务院办公厅"), row("2007-05-02", "市民政局", 刊物=政务信息, 上级采用="省政府办公厅"),
         row("2007-05-03", "市民政局", 刊物=政务信息, 上级采用="国务院办公厅、省政府办公厅")],
        {"市民政局": D(56)},  # (4 + 国办 16) + (4 + 省办 6) + (4 + 16 + 6) = 20 + 10 + 26 = 56
        id="CD07-A7"),
    pytest.param(
        [row("2007-03-01", "成华区", 事项="漏报", 类别="工作动态类"), row("2007-04-01", "成华区", 事项="漏报", 类别="工作动态类"),
         row("2007-05-01", "成华区", 事项="漏报", 类别="工作动态类"),
         row("2007-03-02", "成华区", 事项="迟报", 类别="工作动态类"), row("2007-03-03", "成华区", 事项="迟报", 类别="工作动态类"),
         row("2007-03-04", "成华区", 事项="差错", 类别="工作动态类"), row("2007-03-05", "成华区", 事项="差错", 类别="工作动态类")],
        {"成华区": D(-17)},  # 漏报 2 + 4 + 4, 迟报 1 + 2, 差错 2 + 2 = 17 off
        id="CD07-D1"),
    pytest.param(
        [row("2007-06-01", "温江区", 事项="漏报", 类别="重要信息"), row("2007-06-02", "温江区", 事项="迟报", 类别="重要信息")],
        {"温江区": D(-20)},  # 2 × 10 = 20 off; no escalation for 重要信息
        id="CD07-D2"),
    pytest.param(
        [row("2007-06-01", "新都区", 事项="不报", 类别="约稿"), row("2007-06-02", "新都区", 事项="迟报", 类别="约稿")],
        {"新都区": D(-20)},  # 2 × 10 = 20 off
        id="CD07-D3"),
    pytest.param(
        [row("2007-06-01", "郫县", 事项="虚假"), row("2007-06-02", "郫县", 刊物=政务信息)],
        {"郫县": D(-26)},  # 4 − 30 = −26
        id="CD07-D4"),
    pytest.param(
        [row("2007-06-01", "能源办", 刊物=政务信息), row("2007-06-02", "市经委", 刊物=政务信息)],
        {"市经委": D(8)},  # 能源办's item is 市经委's (含能源办): 4 + 4 = 8
        id="CD07-U"),
]


@pytest.mark.parametrize("rows, expected", CASES)
def test_golden(rows, expected):
    assert_golden("CD07", rows, expected)


def test_CD07_A4_cap_reached():
    # 市人防办's target is 5 (采用数): the cap is 0.5 × 5 = 2.5 points a year.
    rows = [row("2007-01-10", "市人防办", 事项="报送")] * 30
    result = score_rows("CD07", rows)
    u = result.unit("市人防办")
    assert u.score == D("2.5")  # 30 × 0.1 = 3, capped at 2.5
    capped = [l for l in u.lines if l.note]
    assert len(capped) == 5 and capped[0].note == "已达全年上限2.5分"  # rows 26–30 earn 0
    assert [l.points for l in u.lines][24:26] == [D("0.1"), D(0)]


def test_CD07_A4_cap_counts_earlier_months():
    # Scoring June alone: 25 submissions in May already used the 2.5 cap.
    rows = [row("2007-05-10", "市人防办", 事项="报送")] * 25 + [row("2007-06-10", "市人防办", 事项="报送")] * 3
    june = score_rows("CD07", rows, period_from=date(2007, 6, 1), period_to=date(2007, 6, 30))
    assert points(june, "市人防办") == D(0)  # 25 × 0.1 = 2.5 before June; June's 3 earn nothing
    may = score_rows("CD07", rows, period_from=date(2007, 5, 1), period_to=date(2007, 5, 31))
    assert points(may, "市人防办") == D("2.5")


def test_CD07_D1_second_time_costs_more():
    rows = [row("2007-03-01", "蒲江县", 事项="漏报", 类别="工作动态类"), row("2007-04-01", "蒲江县", 事项="漏报", 类别="工作动态类")]
    u = score_rows("CD07", rows).unit("蒲江县")
    assert [(l.points, l.note) for l in u.lines] == [(D(-2), "第1次"), (D(-4), "第2次")]  # first 2, then 4


def test_CD07_D1_order_by_date_not_row():
    # the ledger lists April first; the March 漏报 is still the first time
    rows = [row("2007-04-01", "蒲江县", 事项="漏报", 类别="工作动态类", 标题="四月"), row("2007-03-01", "蒲江县", 事项="漏报", 类别="工作动态类", 标题="三月")]
    u = score_rows("CD07", rows).unit("蒲江县")
    assert {l.title: l.points for l in u.lines} == {"三月": D(-2), "四月": D(-4)}


def test_CD07_D1_first_time_in_a_later_month_report():
    # a May report: the March 漏报 was the first, so May's is a later one
    rows = [row("2007-03-01", "蒲江县", 事项="漏报", 类别="工作动态类"), row("2007-05-01", "蒲江县", 事项="漏报", 类别="工作动态类")]
    may = score_rows("CD07", rows, period_from=date(2007, 5, 1), period_to=date(2007, 5, 31))
    assert points(may, "蒲江县") == D(-4)


def test_CD07_T1_M_count_target():
    # 锦江区: target 120 adopted items.  Counted (CD07-M): 《政务信息》 and 资源网 《政务要闻》; not 《成都动态》.
    rows = [row("2007-05-01", "锦江区", 刊物=政务信息)] * 2 + [row("2007-05-02", "锦江区", 刊物=资源网, 栏目="政务要闻")]
    rows += [row("2007-05-03", "锦江区", 刊物=资源网, 栏目="成都动态")] * 4
    u = score_rows("CD07", rows).unit("锦江区")
    assert u.count == 3  # 2 政务信息 + 1 政务要闻
    assert u.score == D(16)  # composite: 2 × 4 + 4 + 4 × 1 = 16
    assert u.target == D(120) and str(u.completion) == "0.0250"  # 3 ÷ 120, not 16 ÷ 120


def test_CD07_T2_count_and_json():
    from xinxi_dsl.engine.outputs import to_json

    rows = [row("2007-05-01", "市发改委", 刊物=政务信息)] * 6
    result = score_rows("CD07", rows)
    [u] = [u for u in to_json(result)["units"] if u["unit"] == "市发改委"]
    # 6 items of a 60-item target: completion 0.1; score 6 × 4 = 24
    assert (u["count"], u["measure"], u["score"], u["target"], u["completion"]) == (6, "adopted", "24", "60", "0.1000")


def test_CD07_T3_submitted_count():
    rows = [row("2007-05-01", "北京办", 事项="报送")] * 15 + [row("2007-05-01", "北京办", 刊物=政务信息)]
    u = score_rows("CD07", rows).unit("北京办")
    assert u.count == 15 and u.measure == "submitted"  # adopted items do not count towards 上报数
    assert u.score == D("5.5")  # 15 × 0.1 + 4 = 5.5
    assert str(u.completion) == "0.0100"  # 15 ÷ 1500


def test_CD07_M_ranked_by_composite_score():
    # “评选全市政务信息先进单位以综合计分方式为标准”: the file says 排序 按得分.
    # 大邑县 (target 80): 8 政务要闻 = 8/80 = 0.1, 8 × 4 = 32 points;
    # 锦江区 (target 120): 6 专刊 = 6/120 = 0.05, 6 × 8 = 48 points.
    rows = [row("2007-05-01", "大邑县", 刊物=资源网, 栏目="政务要闻")] * 8 + [row("2007-05-01", "锦江区", 刊物=政务信息, 形式="专刊")] * 6
    result = score_rows("CD07", rows)
    assert (result.unit("锦江区").rank, result.unit("大邑县").rank) == (1, 2)  # 48 > 32, though 0.05 < 0.1
    assert (str(result.unit("大邑县").completion), str(result.unit("锦江区").completion)) == ("0.1000", "0.0500")  # 采用数 ÷ 任务数 still shown


def test_CD07_M_rank_line_always_takes_effect():
    # A 排序 line decides for count targets too: 按完成率 ranks the same ledger by 采用数 ÷ 任务数.
    from conftest import REGULATIONS
    from xinxi_dsl import compile_text
    from xinxi_dsl.engine.evaluate import evaluate_ledger
    from xinxi_dsl.engine.ledger import records_from_rows
    from conftest import HEADER

    text = (REGULATIONS / "CD07.xinxi").read_text(encoding="utf-8").replace("排序 按得分", "排序 按完成率")
    reg, _ = compile_text(text, "CD07.xinxi")
    rows = [row("2007-05-01", "大邑县", 刊物=资源网, 栏目="政务要闻")] * 8 + [row("2007-05-01", "锦江区", 刊物=政务信息, 形式="专刊")] * 6
    result = evaluate_ledger(reg, records_from_rows([HEADER, *rows], "test.csv"))
    assert (result.unit("大邑县").rank, result.unit("锦江区").rank) == (1, 2)  # 8/80 = 0.1 > 6/120 = 0.05


def test_CD07_P_monthly():
    from conftest import regulation

    assert regulation("CD07").report == "monthly"


def test_CD07_example_ledger():
    """examples/CD07-2007.csv, computed by hand from the notice's words."""
    from conftest import ROOT, regulation
    from xinxi_dsl import score

    result = score(regulation("CD07"), ROOT / "examples" / "CD07-2007.csv")
    got = {n: (result.unit(n).score, result.unit(n).count) for n in
           ("锦江区", "市经委", "市人防办", "北京办", "郫县", "温江区", "新都区")}
    assert got == {
        # 政务信息 4 + 简明信息 2 + 专刊 8 + 市级领导批示 8 + 要闻配图 6 + 成都动态 1 = 29;
        # 漏报 −2 then −4, 迟报 −1: 29 − 7 = 22.  采用数: 政务信息 ×3 + 要闻 = 4 (成都动态 not counted)
        "锦江区": (D(22), 4),
        # 能源办 (含能源办): 4 + 约稿 4 + 国办 16 = 24; own 4 + 省办 6 = 10; 24 + 10 = 34; 2 items
        "市经委": (D(34), 2),
        # target 5 → cap 0.5 × 5 = 2.5: 26 submissions × 0.1 = 2.6, capped at 2.5; + 政务信息 4 = 6.5;
        # 采用数 1 (its target counts adopted items)
        "市人防办": (D("6.5"), 1),
        "北京办": (D("0.3"), 3),  # 3 × 0.1 = 0.3 exactly; 上报数 3 of 1500
        "郫县": (D(-26), 1),  # 4 − 虚假 30
        "温江区": (D(-10), 0),  # 重要信息漏报 −10
        "新都区": (D(-10), 0),  # 约稿不报 −10
    }
    assert str(result.unit("锦江区").completion) == "0.0333"  # 4 ÷ 120
    assert [m.row for m in result.unmatched] == [46]  # 成都日报 has no clause


def test_CD07_D_equally_specific_penalties_are_not_guessed():
    # a review found the first of two equally specific penalties taken silently
    rows = [row("2007-03-01", "锦江区", 事项="迟报", 类别="工作动态类、重要信息")]
    result = score_rows("CD07", rows)
    assert points(result, "锦江区") == D(0)
    [m] = result.unmatched
    assert m.reason == "several rules match equally (CD07-D1b、CD07-D2) for 类别=工作动态类、重要信息"


def test_CD07_D4_bushi_untrue_items():
    # 「對上報虛假、不實信息的每條扣30分」— 不实 is penalised as 虚假 is.
    rows = [row("2007-06-01", "青羊区", 事项="虚假"), row("2007-06-02", "青羊区", 事项="不实"),
            row("2007-06-03", "青羊区", 事项="不实"), row("2007-06-04", "青羊区", 刊物=政务信息, 上级采用="省政府办公厅")]
    result = score_rows("CD07", rows)
    assert points(result, "青羊区") == D(-80)  # 4 + 省办 6 − 3 × 30 = 10 − 90 = −80
    assert result.unmatched == []


def test_CD07_D4_bushi_is_declared_not_hinted():
    from conftest import regulation

    [events] = [a for a in regulation("CD07").attributes if a.key == "事项"]
    assert "不实" in events.values  # 「虚假、不实信息」: no “是否为‘不报’？” hint any more


def test_CD07_D1_errors_only_for_work_news():
    # 「工作動態類信息……出現差錯的每次扣2分」: read as 工作动态类 only (stated in CD07.xinxi).
    rows = [row("2007-03-04", "成华区", 事项="差错", 类别="工作动态类"), row("2007-03-05", "成华区", 事项="差错", 类别="重要信息"),
            row("2007-03-06", "成华区", 事项="差错")]
    result = score_rows("CD07", rows)
    assert points(result, "成华区") == D(-2)  # only the 工作动态类 差错: −2; the other two are listed unscored
    assert len(result.unmatched) == 2


def test_CD07_A5_commission_bonus_only_on_adopted_items():
    # 「市政府辦公廳約稿信息每條加4分」: read as a bonus on an adopted 约稿 item.
    rows = [row("2007-05-01", "市民宗局", 刊物=政务信息, 类别="约稿"), row("2007-05-02", "市民宗局", 事项="报送", 类别="约稿")]
    assert points(score_rows("CD07", rows), "市民宗局") == D("8.1")  # (4 + 约稿 4) + submitted 0.1 (CD07-A4, no 约稿 bonus) = 8.1


def test_CD07_A7_both_offices_add_up():
    # 「國務院辦公廳信息刊物採用的：每條加16分。省政府辦公廳信息刊物採用的信息：每條加6分」— two sentences, both apply.
    rows = [row("2007-05-03", "市民政局", 刊物=政务信息, 上级采用="国务院办公厅、省政府办公厅")]
    assert points(score_rows("CD07", rows), "市民政局") == D(26)  # 4 + 16 + 6 = 26


def test_CD07_A7_state_council_only_scores_nothing():
    # adopted only by 国办, not by a city publication: the bonus needs a scored item
    # (「凡被市政府辦公廳政務信息刊物……採用的信息……其中每條信息的計分辦法如下」)
    result = score_rows("CD07", [row("2007-05-03", "市民政局", 上级采用="国务院办公厅")])
    assert points(result, "市民政局") == D(0)
    assert len(result.unmatched) == 1  # listed as not scored, not silently dropped


def test_CD07_appendix_keeps_notice_words():
    # 「對上報虛假、不實信息」, 「市政府辦公廳約稿信息」, 「三、注意事項」; A2b is the file's own rule, marked.
    from conftest import regulation
    from xinxi_dsl.documents.appendix import render_markdown

    md = render_markdown(regulation("CD07"))
    assert "（四）虚假、不实的，每条扣30分。" in md
    assert "约稿指市政府办公厅约稿" in md and "## 三、注意事项" in md
    assert "专刊简明信息每采用1篇计8分；〔本文件补充，非通知原文：专刊中的简明信息按专刊计8分" in md


@pytest.mark.parametrize("clause", ["CD07-T1", "CD07-T2", "CD07-T3"])
def test_CD07_T_targets_are_counts(clause):
    # 「一、各區(市)縣政府(採用數)」「二、市政府各部門及有關單位(採用數)」「三、市政府駐外辦事處(上報數)」
    unit, target, measure = {"CD07-T1": ("青羊区", 120, "adopted"), "CD07-T2": ("市粮食局", 5, "adopted"),
                             "CD07-T3": ("深圳办", 800, "submitted")}[clause]
    rows = [row("2007-05-01", unit, 刊物=政务信息)] * 2 + [row("2007-05-02", unit, 事项="报送")] * 4
    u = score_rows("CD07", rows).unit(unit)
    assert (u.target, u.measure) == (D(target), measure)
    assert u.score == D("8.4")  # 2 × 4 + 4 × 0.1 = 8.4, whatever the measure
    assert u.count == (2 if measure == "adopted" else 4)  # 采用数 counts the 2 adopted, 上报数 the 4 submitted


def test_CD07_P_monthly_report_scores_one_month():
    # 「市政府辦公廳將每月通報」: a month's report scores that month only
    rows = [row("2007-04-30", "锦江区", 刊物=政务信息), row("2007-05-01", "锦江区", 刊物=政务信息, 形式="专刊")]
    may = score_rows("CD07", rows, period_from=date(2007, 5, 1), period_to=date(2007, 5, 31))
    assert points(may, "锦江区") == D(8)  # the May 专刊 8; April's 4 is another month's


def test_CD07_Y_year_end_notice_and_commendation_candidates():
    # 正文「年底对政务信息工作成绩突出的单位予以表彰，对未完成全年目标任务的单位进行通报并会同市政府目标
    # 督查管理办公室扣减相应目标分」. 市地震局 (target 采用数 5) has 5 《政务信息》 items adopted by the year's
    # end: 5 ÷ 5 = 100% → a candidate for 表彰 (the office judges 成绩突出); 市粮食局 (target 5) has 1:
    # 1 ÷ 5 = 20% < 100% → 通报 (and the target points deducted by the office).
    rows = ([row(f"2007-0{m}-10", "市地震局", 刊物=政务信息) for m in range(1, 6)]
            + [row("2007-03-10", "市粮食局", 刊物=政务信息), row("2007-12-31", "市粮食局", 事项="报送")])
    result = score_rows("CD07", rows)
    quake, grain = result.unit("市地震局"), result.unit("市粮食局")
    assert [(pr.id, text, cand) for pr, _, text, cand in quake.verdicts] == [
        ("CD07-Y2", "表彰候选（“成绩突出的”由市政府办公厅认定）", True)]
    assert [(pr.id, name, cand) for pr, name, _, cand in grain.verdicts] == [("CD07-Y1", "2007年度", False)]
    # a unit with no rows at all also missed its year: 锦江区 0 of 120
    assert [pr.id for pr, *_ in result.unit("锦江区").verdicts] == ["CD07-Y1"]
    # judged only once the year is over: as of 30 June nothing is said
    early = score_rows("CD07", rows, as_of=date(2007, 6, 30))
    assert early.unit("市粮食局").verdicts == [] and early.judged_periods["year"] == []
