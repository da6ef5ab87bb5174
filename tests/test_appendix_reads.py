"""The appendix reads as the notice (issue 13; tests/field/GAPS.md, "Found
while measuring" 3–8): each point as the sentence the appendix renders."""

from __future__ import annotations

from xinxi_dsl import compile_text
from xinxi_dsl.documents.appendix import render_markdown

HEAD = """规程 T
考核期 2024年1月1日 至 2024年12月31日
属性 刊物：甲刊、乙刊、丙刊、省政府办公厅
属性 报送方式：直报、转报
属性 通报单位：省政府办公厅
属性 类别：紧急信息
属性 事项：迟报、反馈报告未上报
"""
GROUP = "单位组 乙 目标100分：\n    市统计局\n"


def render(body: str, head: str = HEAD, group: str = GROUP) -> str:
    reg, diags = compile_text(head + group + body, "t.xinxi")
    assert not [d for d in diags if d.severity == "error"]
    return render_markdown(reg)


def test_count_target_reads_as_items_and_the_quota_keeps_adopted():
    # ES12: 目标240条 alone is a count, not 240分
    md = render("", group="单位组 县市【各县市】 每月不少于20条 目标240条：\n    恩施市\n")
    assert "每月不少于20条，全年目标任务240条：恩施市。" in md
    # HLJ20: 按采用数 — the quota counts adopted items
    md = render("", group="单位组 市地【各市地】 按采用数每月不少于6条 目标72条：\n    哈尔滨市\n")
    assert "每月采用不少于6条，全年目标任务72条：哈尔滨市。" in md
    # a points target keeps 分
    md = render("", group="单位组 乙 每月不少于6条 目标100分：\n    市统计局\n")
    assert "每月不少于6条，全年目标任务100分：市统计局。" in md


def test_counter_words_as_written():
    md = render("单位组 丙 每季度不少于3篇 目标50分：\n    市财政局\n"
                "T-1【1】《甲刊》采用：20分/篇\n"
                "T-2【2】每周报送完成任务的，计基础分1分；每超报1篇计1分\n", group="")
    assert "每季度不少于3篇，全年目标任务50分：市财政局。" in md  # ZL
    assert "1.《甲刊》每采用1篇计20分。" in md  # GA23: 采用：20分/篇
    assert "2.每周报送完成任务的，计基础分1分；每超报1篇计1分。" in md  # SF


def test_adoption_rate_keeps_the_notice_word():
    md = render("单位组 乙 每季度不少于3条 目标100分：\n    市统计局\nT-5【5】每季度录用率低于30%的，扣1分\n", group="")
    assert "5.每季度录用率低于30%的，扣1分。" in md  # ZL, not 采用率
    md = render("单位组 乙 每季度不少于3条 目标100分：\n    市统计局\nT-5【5】每季度采用率低于30%的，扣1分\n", group="")
    assert "5.每季度采用率低于30%的，扣1分。" in md


def test_conditions_naming_their_column_are_set_off():
    md = render("T-3【（三）】刊物=省政府办公厅 报送方式=直报 采用按“省厅分值”计分\n")
    assert "（三）刊物为省政府办公厅，报送方式为直报的，采用按“省厅分值”计分。" in md  # QZ
    md = render("T-1【1】报送方式=直报 《甲刊》每采用1条计3分\nT-2【1】报送方式=转报 《甲刊》每采用1条计5分\n")
    # two such clauses of one label: “；” between them, not a comma that runs them together
    assert "1.报送方式为直报，《甲刊》每采用1条计3分；报送方式为转报，《甲刊》每采用1条计5分。" in md
    md = render("T-4【4】紧急信息 迟报 通报单位=省政府办公厅扣100分\n")
    assert "4.紧急信息，通报单位为省政府办公厅，迟报的，扣100分。" in md  # MZ
    md = render("T-1【1】《甲刊》主条每采用1条计2分\n", HEAD.replace("属性 类别：紧急信息", "属性 栏目：主条"))
    assert "1.《甲刊》主条每采用1条计2分。" in md  # the seeds' way: no separator between words


def test_a_referenced_clause_is_named_as_the_notice_names_it():
    md = render("T-1【（一）】《甲刊》每采用1条计3分\n"
                "T-2【（二）】《乙刊》采用按T-1 的2倍计分\n"
                "T-3【（三）】刊物=丙刊 采纳1篇计5分\n"
                "T-4【（三）】刊物=省政府办公厅 采纳按T-3 的0.5倍计分\n")
    assert "（二）《乙刊》采用按《甲刊》计分标准的2倍计分。" in md  # QH24's notice: 按《青河信息》计分标准的2倍计分
    assert "刊物为省政府办公厅的，采纳按丙刊计分标准的0.5倍计分。" in md
    assert "T-1" not in md and "T-3" not in md


def test_a_quoted_word_shows_without_the_quotes_it_was_escaped_with():
    md = render("T-6【6】「反馈报告未上报」每次扣10分\n")
    assert "6.反馈报告未上报的，每次扣10分。" in md  # DC22
    md = render("T-1【1】“丙刊”每采用1条计1分\n")
    assert "1.“丙刊”每采用1条计1分。" in md  # the notice's own quotes (D12 “圖片新聞”) stay


def test_own_clause_does_not_split_a_label():
    md = render("T-1【6】《甲刊》每采用1条计5分\n"
                "T-2【本文件补充】《丙刊》每采用1条计1分\n"
                "T-3【6】《乙刊》每采用1条计3分\n"
                "T-4【7】获市领导批示的信息每条另加2分\n", HEAD.replace("属性 类别：紧急信息", "属性 批示：市领导"))
    lines = [x for x in md.splitlines() if x]
    at = lines.index("6.《甲刊》每采用1条计5分，《乙刊》每采用1条计3分。")
    assert lines[at + 1:at + 3] == ["本文件补充：《丙刊》每采用1条计1分。", "7.获市领导批示的信息每条另加2分。"]
    assert md.count("6.") == 1


def test_report_cadence_is_not_a_sentence_of_the_appendix():
    # 每季度通报 is the report's cadence, not the notice's words: no line of its own, anywhere
    md = render("计分办法【二、扣分】\nT-1【1】迟报每次扣1分\n", HEAD + "每季度通报\n")
    lines = [x for x in md.splitlines() if x]
    assert "每季度通报。" not in lines and lines[0] == "# T"
    assert lines[-1] == "1.迟报的，每次扣1分。"
