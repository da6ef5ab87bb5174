"""Example B (issue 13): examples/QH24.xinxi, an invented county's notice
《青河县政务信息工作考核办法》 (青政办〔2024〕3号), and its 2024 ledger
examples/QH24-2024.csv — every unit's score computed by hand from the
notice's words, clause by clause.

Clause points used below (the notice's 二、计分标准 and 三、扣分标准):
  二（一） 《青河信息》、《每日要情》每录用1条计3分；《政务参阅》（不含领导讲话）每采纳1条计5分 (录用、采纳 = 采用)
  二（二） 《青河专报》按《青河信息》计分标准的2倍计分: 3 × 2 = 6
  二（三） 直报市政府办公室采用的按市政府办公室计分（市办分值）; 转报的按其2倍
  二（四） 县政府领导批示每条加计5分，市政府领导批示每条加计10分
  二（五） 全年采用8条以上的计20分，4至7条的计10分
  二（六） 每年报送达到10条的计10分；少于10条的，计0分
  二（七） 合报信息的分数均分；同一信息被多个刊物采用的，按最高分计
  三（一） 信息失实的，视情节每次扣20至40分 (the 分值 column)
  三（二） 约稿不报、迟报扣5分 (each time)
  三（三） 被市政府办公室通报批评的，每次扣10分
  四（二） 全年得分以目标任务分值为基数折算为百分制: score ÷ target × 100, to 0.01
"""

from __future__ import annotations

from decimal import Decimal

from conftest import ROOT
from xinxi_dsl import compile_file, score

D = Decimal
REG = ROOT / "examples" / "QH24.xinxi"
LEDGER = ROOT / "examples" / "QH24-2024.csv"


def result():
    return score(compile_file(REG)[0], LEDGER)


def lines(unit):
    return result().unit(unit).lines


def test_scores_by_hand():
    got = {u.key: u.score for u in result().units}
    assert got == {
        # 城关镇 (目标60分)
        #   Q01 《青河信息》 3; Q02 《每日要情》 3; Q03 《青河专报》 6 + 县政府领导批示 5 = 11;
        #   Q04 《青河信息》 3 and, 转报, 《江州政务》 市办分值4 × 2 = 8: 按最高分计 → 8 (3 taken off);
        #   Q05 《政务参阅》 5; Q06 直报 《江州要情》 市办分值5 + 市政府领导批示 10 = 15;
        #   J01 《政务参阅》 5 shared by 3 units: 5 ÷ 3 = 1.67, 1.67 × 3 = 5.01, so the first in the
        #   ledger (城关镇) gets 1.66; Q07 3; Q10 3; 约稿迟报 −5.
        #   Items: 3+3+11+8+5+15+1.66+3+3 = 52.66; − 5 = 47.66.
        #   二（五） adopted Q01–Q07, J01, Q10 = 9 ≥ 8 → +20; 二（六） submitted 9 + Q08, Q09 = 11 ≥ 10 → +10.
        #   Year 77.66; 四（二） 77.66 ÷ 60 × 100 = 129.433… → 129.43
        "城关镇": D("129.43"),
        # 河口镇 (目标60分)
        #   H01 3; H02 《政务参阅》 领导讲话: excluded (不含领导讲话), 0 but adopted;
        #   H03 转报 《江州政务》 市办分值3 × 2 = 6; H04 直报, 市办分值 blank → not scored (warning);
        #   J01 share 1.67; H05 失实, 分值30 (within 20–40) → −30;
        #   H06 《每日要情》 3 + 县 5 + 市 10 = 18; H07 报送 only.
        #   Items 3+0+6+1.67+18 = 28.67; − 30 = −1.33.
        #   二（五） adopted H01, H02, H03, H04, J01, H06 = 6, in 4–7 → +10;
        #   二（六） submitted 6 + H07 = 7 < 10 → 计0分.  Year 8.67; 8.67 ÷ 60 × 100 = 14.45
        "河口镇": D("14.45"),
        # 柳林乡 (目标60分)
        #   L01 3; J01 share 1.67; 失实 with 分值50, outside 20–40 → not scored (warning);
        #   被通报批评 −10; L04 报送 only.  3 + 1.67 − 10 = −5.33.
        #   二（五） adopted L01, J01 = 2: neither branch; 二（六） submitted 3 < 10 → 0.
        #   −5.33 ÷ 60 × 100 = −8.883… → −8.88
        "柳林乡": D("-8.88"),
        # 县发改局 (目标40分)
        #   F01 《青河专报》 6 + 市政府领导批示 10 = 16; F02 直报 市办分值6 → 6;
        #   F03 《青河信息》 3 and 《青河专报》 6: 按最高分计 → 6;
        #   J02 《青河信息》 3 + 县政府领导批示 5 = 8, joint with 县教体局: 8 ÷ 2 = 4;
        #   F04 3; F05 《政务参阅》 5; F06 转报 市办分值5 × 2 = 10; F07 3; 约稿不报 −5.
        #   16+6+6+4+3+5+10+3 − 5 = 48.
        #   二（五） adopted F01–F07, J02 = 8 ≥ 8 → +20; 二（六） submitted 8 + F08, F09 = 10 ≥ 10 → +10.
        #   Year 78; 78 ÷ 40 × 100 = 195
        "县发改局": D("195"),
        # 县教体局 (目标40分)
        #   J02 share 4; E01 3; E02 《青河专报》 6; 约稿迟报 −5; 失实 分值20 (the range's low end) −20.
        #   4 + 3 + 6 − 5 − 20 = −12.  二（五） adopted 3: nothing; 二（六） submitted 3 → 0.
        #   −12 ÷ 40 × 100 = −30
        "县教体局": D("-30"),
        # 县农业农村局 (目标40分)
        #   A01 《每日要情》 3 and 直报 《江州政务》 市办分值2: 按最高分计 → 3 (the county's row is the higher);
        #   A02 《政务参阅》 5 + 县政府领导批示 5 = 10; 被通报批评 −10; A04 3; A05 3 (2024-12-31).
        #   3 + 10 − 10 + 3 + 3 = 9.  二（五） adopted A01, A02, A04, A05 = 4 → +10; 二（六） 4 → 0.
        #   Year 19; 19 ÷ 40 × 100 = 47.5
        "县农业农村局": D("47.5"),
    }


def test_ranked_by_converted_score():
    # 排序 按得分 (四（二）按折算后得分排序): 195 > 129.43 > 47.5 > 14.45 > −8.88 > −30
    ranks = {u.key: u.rank for u in result().units}
    assert ranks == {"县发改局": 1, "城关镇": 2, "县农业农村局": 3, "河口镇": 4, "柳林乡": 5, "县教体局": 6}


def test_joint_item_shares_add_up_to_its_points():
    res = result()
    # J01 (ledger rows 28–30), 《政务参阅》 5 points, three units: 1.66 + 1.67 + 1.67 = 5
    share = {}
    for unit in ("城关镇", "河口镇", "柳林乡"):
        item = [l for l in res.unit(unit).lines if l.record_id == "J01"]
        share[unit] = sum((l.points for l in item), D(0))
        split = [l for l in item if l.kind == "split"]
        assert len(split) == 1 and split[0].rule_id == "QH24-7a"
        assert f"合报信息3个单位均分：5÷3，本单位{share[unit]}分" in split[0].note
    assert share == {"城关镇": D("1.66"), "河口镇": D("1.67"), "柳林乡": D("1.67")}
    assert sum(share.values()) == D(5)
    # J02, 8 points (3 + 县政府领导批示 5) between two units: 4 + 4 = 8
    j02 = [sum((l.points for l in res.unit(u).lines if l.record_id == "J02"), D(0)) for u in ("县发改局", "县教体局")]
    assert j02 == [D(4), D(4)]


def test_highest_of_an_item_in_several_publications():
    # Q04: 《青河信息》 3 (row 15) and 转报 《江州政务》 4 × 2 = 8 (row 19): only the 8 counts
    q04 = [l for l in lines("城关镇") if l.record_id == "Q04"]
    # the 3 is taken off in a line on the row dropped (row 15)
    assert sorted((l.row, l.rule_id, l.points) for l in q04) == [(15, "QH24-1a", D(3)), (15, "QH24-7b", D(-3)), (19, "QH24-3b", D(8))]
    assert "同一信息按最高分计：第19行8分，本行不重复计分" in next(l.note for l in q04 if l.kind == "combine")
    # A01: the county's 3 beats the city's 市办分值 2 (直报, not doubled)
    a01 = [(l.row, l.rule_id, l.points) for l in lines("县农业农村局") if l.record_id == "A01"]
    assert sorted(a01) == [(13, "QH24-1a", D(3)), (14, "QH24-3a", D(2)), (14, "QH24-7b", D(-2))]


def test_year_lines_and_the_conversion_line():
    by = {(l.rule_id, l.kind): l for l in lines("城关镇") if not l.row}
    assert by["QH24-5", "period"].points == D(20) and "采用9条" in by["QH24-5", "period"].note
    assert by["QH24-6", "period"].points == D(10) and "报送11条" in by["QH24-6", "period"].note
    conv = by["QH24-11", "period"]
    # 77.66 ÷ 60 × 100 = 129.43: the line adds 129.43 − 77.66 = 51.77
    assert conv.points == D("51.77")
    assert conv.note == "2024年度：得分77.66分，折算为百分制（得分÷目标×100）"
    # 河口镇: 7 submitted, 少于10条的，计0分 — a line of 0 says so
    hk = {l.rule_id: l for l in lines("河口镇") if not l.row}
    assert hk["QH24-6"].points == 0 and "报送7条" in hk["QH24-6"].note
    assert hk["QH24-5"].points == D(10) and "采用6条" in hk["QH24-5"].note


def test_column_amounts_range_exclusion_and_penalties():
    hk = {(l.row, l.rule_id): l.points for l in lines("河口镇") if l.row}
    assert hk[8, "QH24-5"] == 0            # H02 领导讲话: 不含领导讲话, only counted (by 二（五）, the first clause counting it)
    assert not any(r == 8 and p for (r, _), p in hk.items())
    assert hk[18, "QH24-3b"] == D(6)       # 转报: 市办分值3 × 2
    assert hk[35, "QH24-8"] == D(-30)      # 失实, 分值30
    assert [hk[40, r] for r in ("QH24-1a", "QH24-4a", "QH24-4b")] == [D(3), D(5), D(10)]  # 县、市领导都批示: 3 + 5 + 10
    fg = {(l.row, l.rule_id): l.points for l in lines("县发改局")}
    assert fg[7, "QH24-3a"] == D(6)      # 直报: 市办分值6 as it is
    assert fg[34, "QH24-9"] == D(-5)     # 约稿不报 扣5分
    assert fg[3, "QH24-2"] == D(6)       # 《青河专报》: QH24-1a's 3 × 2
    ny = {(l.row, l.rule_id): l.points for l in lines("县农业农村局")}
    assert ny[38, "QH24-10"] == D(-10)   # 事项=被通报批评


def test_unscored_rows_are_the_meant_ones():
    res = result()
    assert [(m.row, m.unit) for m in res.unmatched] == [(20, "柳林乡"), (24, "河口镇")]
    assert "50分不在QH24-8规定的20至40分之间" in res.unmatched[0].reason_zh
    assert "市办分值" in res.unmatched[1].reason_zh
    assert sorted((d.key, d.span.line) for d in res.problems) == [("no-points", 20), ("no-points", 24)]
    # every row is scored, counted or listed once; each unit's score is the sum of its lines
    for u in res.units:
        assert u.score == sum((l.points for l in u.lines), D(0))
    rows = {l.row for u in res.units for l in u.lines if l.row} | {m.row for m in res.unmatched}
    assert rows == set(range(2, 51))
