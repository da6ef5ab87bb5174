"""The unit pass (issue 13): period clauses, allowances, floors, item
combination, column amounts, exclusions — scored by hand on a small ledger."""

from __future__ import annotations

from decimal import Decimal

from xinxi_dsl import compile_text
from xinxi_dsl.compiler import ir
from xinxi_dsl.documents.appendix import render_markdown
from xinxi_dsl.engine.evaluate import evaluate
from xinxi_dsl.engine.ledger import records_from_rows
from xinxi_dsl.language.fmt import format_source

D = Decimal

REG = """规程 T
考核期 2024年1月1日 至 2024年12月31日
属性 刊物：市府信息、政府工作通报
属性 类别：要情、领导讲话
属性 事项：迟报
单位组 一类 每月不少于2条 目标100分 目标10条：
    市发改局、市教体局
计分办法【一】
【1】《市府信息》每采用1条计5分
【2】《政府工作通报》（不含领导讲话）采用1条计3分
【3】迟报每次扣2分
【4】每季度基础分6分，扣完为止
【5】每月报送每少1条扣1分
【6】每季度 采用率 低于50%的，扣1分
【7】同一信息被多个刊物采用的，按最高分计
【8】合报信息的分数均分
【9】全年 得分 按10%计入综合考核
"""

HEAD = ["编号", "日期", "单位", "事项", "刊物", "类别"]
ROWS = [
    ["A1", "2024-01-05", "市发改局", "报送", "", ""],            # row 2
    ["A1", "2024-01-20", "市发改局", "采用", "市府信息", ""],     # row 3
    ["A1", "2024-01-21", "市发改局", "采用", "政府工作通报", ""],  # row 4
    ["A2", "2024-02-05", "市发改局", "采用", "政府工作通报", "领导讲话"],  # row 5
    ["J1", "2024-02-10", "市发改局", "采用", "市府信息", ""],     # row 6
    ["J1", "2024-02-10", "市教体局", "采用", "市府信息", ""],     # row 7
    ["", "2024-03-10", "市教体局", "迟报", "", ""],              # rows 8-11
    ["", "2024-03-11", "市教体局", "迟报", "", ""],
    ["", "2024-03-12", "市教体局", "迟报", "", ""],
    ["", "2024-03-13", "市教体局", "迟报", "", ""],
    ["X", "2024-03-31", "市教体局", "报送", "", ""],             # row 12
]


def result(rows=ROWS):
    reg, _ = compile_text(REG, "t.xinxi")
    return evaluate(reg, records_from_rows([HEAD, *rows], "t.csv").records)


def lines(res, unit):
    return {(l.kind, l.label, l.title or l.row): l.points for l in res.unit(unit).lines}


def test_scores_by_hand():
    res = result()
    # 市发改局 — item pass: A1 in 市府信息 5 and in 政府工作通报 3 (【1】【2】); A2 is 领导讲话,
    # which 【2】 excludes, so it is only counted as submitted; J1 5 (【1】).
    # 【7】 A1 counts once at its highest row: 5 + 3 − 3 = 5.  【8】 J1 is joint with 市教体局: 5 ÷ 2 = 2.5.
    # As of 2024-03-31 (the ledger's last date) January–March and the first quarter are over:
    # 【4】 +6 for Q1; 【5】 items submitted (报送 or 采用 rows, by 编号): Jan 1 (A1) → −1, Feb 2 (A2, J1) → 0,
    # Mar 0 → −2; 【6】 Q1 adopted 3 (A1, A2, J1) ÷ submitted 3 = 100%: nothing.
    # 5 + 2.5 + 6 − 1 − 2 = 10.5; the year is not over, so 【9】 is not applied.
    assert res.unit("市发改局").score == D("10.5")
    # 市教体局 — J1 5 − 2.5 (【8】); 4 迟报 × −2 = −8 (【3】); 【4】 +6; 【5】 Jan 0 → −2, Feb 1 → −1, Mar 1 (X) → −1;
    # 【6】 Q1 adopted 1 (J1) ÷ submitted 2 (J1, X) = 50%, not below 50%.
    # 扣完为止: deductions 8 + 2 + 1 + 1 = 12 exceed the allowance 6, so 6 is given back.
    # 2.5 − 8 + 6 − 4 + 6 = 2.5
    assert res.unit("市教体局").score == D("2.5")
    jt = lines(res, "市教体局")
    assert jt[("floor", "4", "2024年第一季度")] == D(6)
    assert jt[("split", "8", 7)] == D("-2.5")
    fg = lines(res, "市发改局")
    assert fg[("combine", "7", 4)] == D(-3)  # row 4 (政府工作通报, 3) is taken off; row 3 (5) counts
    assert fg[("period", "5", "2024年3月")] == D(-2)
    assert res.judged_periods["month"] == [("2024年1月", *res.judged_periods["month"][0][1:])] + res.judged_periods["month"][1:]
    assert [n for n, *_ in res.judged_periods["month"]] == ["2024年1月", "2024年2月", "2024年3月"]


def test_every_row_accounted_for_once_and_score_is_sum_of_lines():
    res = result()
    for u in res.units:
        assert u.score == sum((l.points for l in u.lines), D(0))
    scored = {int(l.row) for u in res.units for l in u.lines if l.row}
    unmatched = {int(m.row) for m in res.unmatched}
    assert scored.isdisjoint(unmatched)
    assert scored | unmatched == set(range(2, len(ROWS) + 2))
    # the 报送 rows no clause gives points are counted by 【5】, with a line of 0 saying so
    assert {l.row for l in res.unit("市发改局").lines if l.kind == "counted"} == {2, 5}


def test_year_pass_converts_after_the_year_ends():
    rows = ROWS + [["Z", "2024-12-31", "市发改局", "采用", "市府信息", ""]]
    res = result(rows)
    u = res.unit("市发改局")
    conv = [l for l in u.lines if l.kind == "period" and l.label == "9"]
    assert len(conv) == 1
    before = u.score - conv[0].points
    # 【9】 按10%计入: the year's total becomes a tenth of itself
    assert u.score == (before * D("0.1")).quantize(D("0.01"))


def test_count_target_beside_points_target():
    res = result()
    u = res.unit("市发改局")
    # 目标10条 beside 目标100分: items submitted A1, A2, J1 = 3 of 10
    assert (u.target, u.count_target, u.count2, u.count_completion) == (D(100), D(10), 3, D("0.3000"))


def test_appendix_and_fmt():
    reg, _ = compile_text(REG, "t.xinxi")
    text = render_markdown(reg)
    for phrase in ("每季度基础分6分，扣完为止", "每月报送每少1条扣1分", "每季度采用率低于50%的，扣1分",
                   "同一信息被多个刊物采用的，按最高分计", "（不含领导讲话）", "全年得分按10%计入综合考核",
                   "每月不少于2条，全年目标任务100分、10条"):
        assert phrase in text, phrase
    formatted = format_source(REG)
    again, _ = compile_text(formatted, "t.xinxi")
    assert again == reg
    assert format_source(formatted) == formatted
    assert ir.loads(ir.dumps(reg)) == reg


def test_range_and_column_amounts():
    reg, _ = compile_text("""规程 T
属性 事项：失实
单位组 甲：
    市发改局 100
R-1 《省府信息》 上级采用=省政府办公厅 采用按“省厅分值”的2倍计分
R-2 失实 每次扣50至100分
""", "t.xinxi")
    head = ["日期", "单位", "事项", "刊物", "上级采用", "省厅分值", "分值"]
    rows = [["2024-01-01", "市发改局", "采用", "省府信息", "省政府办公厅", "3", ""],   # 3 × 2 = 6
            ["2024-01-02", "市发改局", "采用", "省府信息", "省政府办公厅", "", ""],    # no 省厅分值: not scored
            ["2024-01-03", "市发改局", "失实", "", "", "", "60"],                    # −60, inside 50..100
            ["2024-01-04", "市发改局", "失实", "", "", "", "120"]]                   # outside: not scored
    res = evaluate(reg, records_from_rows([head, *rows], "t.csv").records)
    assert res.unit("市发改局").score == D(6) - D(60)
    assert sorted(int(m.row) for m in res.unmatched) == [3, 5]
    assert any("120分不在R-2规定的50至100分之间" in m.reason_zh for m in res.unmatched)


def test_outcome_judged_on_the_score_after_the_floor():
    # ZL: 基础得分为6分，扣完为止……季度综合得分低于6分的，视为不达标 — the quarter's score is the one
    # after 扣完为止 gave back what the deductions took beyond the allowance
    reg, _ = compile_text("""规程 T
考核期 2024年1月1日 至 2024年12月31日
属性 事项：迟报
单位组 甲 目标10分：
    市发改局、市教体局
【1】《市府信息》每采用1条计5分
【2】迟报每次扣5分
【3】每季度基础分6分，扣完为止
【4】每季度 得分 低于6分的，视为不达标
""", "t.xinxi")
    head = ["编号", "日期", "单位", "事项", "刊物"]
    rows = [["A", "2024-01-05", "市发改局", "采用", "市府信息"], ["B", "2024-01-06", "市发改局", "采用", "市府信息"],
            ["", "2024-02-05", "市发改局", "迟报", ""], ["", "2024-02-06", "市发改局", "迟报", ""],
            ["", "2024-02-07", "市发改局", "迟报", ""], ["C", "2024-03-31", "市教体局", "采用", "市府信息"]]
    res = evaluate(reg, records_from_rows([head, *rows], "t.csv").records)
    fg, jt = res.unit("市发改局"), res.unit("市教体局")
    # 市发改局: 10 + 6 − 15 = 1 before the floor; 扣完为止 gives back 9: the quarter's score is 10 ≥ 6, met
    assert fg.score == D(10) and fg.verdicts == []
    # 市教体局: 5 + 6 = 11, met; a unit below 6 after the floor is judged so (市发改局 without its items: 0 + 6 − 6)
    assert jt.score == D(11) and jt.verdicts == []
    bare = evaluate(reg, records_from_rows([head, *rows[2:]], "t.csv").records)
    assert bare.unit("市发改局").score == D(0)
    assert [(name, text) for _, name, text, _ in bare.unit("市发改局").verdicts] == [("2024年第一季度", "不达标")]


def test_as_of_is_not_called_unused_where_it_decides_the_periods_judged(tmp_path):
    from typer.testing import CliRunner

    from xinxi_dsl.cli import app

    (tmp_path / "t.xinxi").write_text(REG, encoding="utf-8")
    with (tmp_path / "t.csv").open("w", encoding="utf-8") as f:
        f.write("\n".join(",".join(r) for r in [HEAD, *ROWS]) + "\n")
    args = ["score", str(tmp_path / "t.xinxi"), str(tmp_path / "t.csv"), "--format", "json"]
    r = CliRunner().invoke(app, [*args, "--as-of", "2024-02-28"])
    assert r.exit_code == 0
    assert "as-of-unused" not in r.stderr
    import json
    # as of 28 February only January is over (February ends on the 29th): only January is judged
    assert json.loads(r.stdout)["judged_periods"]["month"] == ["2024年1月"]


def test_joint_item_in_two_publications_shares_its_highest():
    # 按最高分计 then 均分: a joint item adopted by 《A》 (3) and 《B》 (6) is worth 6, 3 to each unit;
    # the split used to share the rows' sum 9 and 按最高分计 then took 3 off again (1.5 each)
    reg, _ = compile_text("""规程 T
考核期 2024年1月1日 至 2024年12月31日
单位组 甲 目标10分：
    甲局、乙局
【1】《A》每采用1条计3分
【2】《B》每采用1条计6分
【3】合报信息的分数均分
【4】同一信息被多个刊物采用的，按最高分计
""", "t.xinxi")
    rows = [["编号", "日期", "单位", "刊物"], ["J", "2024-01-01", "甲局", "A"], ["J", "2024-01-01", "乙局", "A"],
            ["J", "2024-01-02", "甲局", "B"], ["J", "2024-01-02", "乙局", "B"]]
    res = evaluate(reg, records_from_rows(rows, "t.csv").records)
    assert [res.unit(u).score for u in ("甲局", "乙局")] == [D(3), D(3)]


def test_an_item_counts_in_the_period_it_was_first_submitted():
    # 每月报送不少于2条: S1 submitted in January and adopted in March is one of January's submissions;
    # its 采用 row in March does not make it a second submission in March (found writing example A and C)
    reg, _ = compile_text("""规程 T
考核期 2024年1月1日 至 2024年12月31日
单位组 甲 目标10分：
    市发改局
【1】《A》每采用1条计1分
【2】每月报送不少于2条的，计1分；未达到的，扣1分
【3】每月采用不少于1条的，计1分
""", "t.xinxi")
    rows = [["编号", "日期", "单位", "事项", "刊物"], ["S1", "2024-01-10", "市发改局", "报送", ""],
            ["S2", "2024-01-11", "市发改局", "报送", ""], ["S3", "2024-03-05", "市发改局", "报送", ""],
            ["S1", "2024-03-20", "市发改局", "采用", "A"]]
    from datetime import date

    res = evaluate(reg, records_from_rows(rows, "t.csv").records, as_of=date(2024, 3, 31))  # March is over
    got = {(l.label, l.title): l.points for l in res.unit("市发改局").lines if not l.row}
    # 【2】 Jan 2 (S1, S2) +1; Feb 0 −1; Mar 1 (S3 only) −1.  【3】 Mar 1 adopted (S1) +1.  Item: 1.
    assert got == {("2", "2024年1月"): D(1), ("2", "2024年2月"): D(-1), ("2", "2024年3月"): D(-1),
                   ("3", "2024年3月"): D(1)}
    assert res.unit("市发改局").score == D(1)


def test_a_period_clause_for_some_groups_only():
    # CS14: 「各乡镇(街道)要情、动态类信息每月不少于8篇」 — the towns' quota, not the departments'
    reg, warnings = compile_text("""规程 T
考核期 2024年1月1日 至 2024年12月31日
属性 类别：要情
单位组 乡镇 目标10分：
    城关镇
单位组 部门 目标10分：
    市发改局
【1】《A》每采用1条计1分
【2】（乡镇）每月要情报送不少于2篇的，计1分
【3】（部门）每季度基础分6分，扣完为止
""", "t.xinxi")
    assert warnings == []
    rows = [["编号", "日期", "单位", "事项", "类别"], ["A", "2024-01-02", "城关镇", "报送", "要情"],
            ["B", "2024-01-03", "城关镇", "报送", "要情"], ["C", "2024-01-03", "市发改局", "报送", "要情"],
            ["D", "2024-03-31", "市发改局", "报送", "要情"]]
    res = evaluate(reg, records_from_rows(rows, "t.csv").records)
    # 城关镇: January 2 要情 → +1 (【2】); no allowance (【3】 is the departments').  市发改局: Q1 +6, no 【2】.
    assert (res.unit("城关镇").score, res.unit("市发改局").score) == (D(1), D(6))
    assert "（乡镇）每月要情报送不少于2篇的，计1分" in render_markdown(reg)


def test_a_quota_clause_without_a_quota_is_a_warning():
    reg, warnings = compile_text("""规程 T
单位组 甲 目标10分：
    市发改局
【1】《A》每采用1条计1分
【2】每月报送完成任务的，计2分
""", "t.xinxi")
    assert [w.key for w in warnings] == ["no-quota"]
    assert "没有单位组写明“每月不少于N条”" in warnings[0].message


def test_the_periods_judged_are_named_so_a_clerk_can_read_them():
    from xinxi_dsl.engine.outputs import periods_text

    # as of 2024-03-31: January–March and the first quarter; the year is not over
    text = periods_text(result())
    assert text == "期间条款按截至2024-03-31已结束的期间判断——年度尚未结束；季度：2024年第一季度；月：2024年1月、…、2024年3月（3个）。"
