"""条款原文 with 原文 / 说明 under the same label: the notice's words replace
the generated sentence, and nothing else under the label is lost."""

from __future__ import annotations

import pytest

from xinxi_dsl import compile_text
from xinxi_dsl.documents.appendix import render_markdown
from xinxi_dsl.foundation.diagnostics import XinxiError

HEAD = """规程 T
考核期 2012年1月1日 至 2012年12月31日
属性 栏目：主条、简讯
单位组 甲：
    市统计局 30
"""


def _md(body: str) -> str:
    reg, warnings = compile_text(HEAD + body, "t.xinxi")
    assert warnings == []
    return render_markdown(reg)


def test_own_note_and_notice_words_follow_the_clause_text():
    md = _md("T-1【1】主条每采用1条计2分\n"
             "【1】条款原文：通知原句\n"
             "【1】说明：本文件的补充\n"
             "【1】原文：另一句\n")
    assert "1.通知原句；〔本文件补充，非通知原文：本文件的补充〕；另一句。" in md
    assert "计2分" not in md  # the generated sentence is replaced, not shown as well


def test_own_note_before_clause_text_and_another_clause_between():
    md = _md("【1】说明：本文件的补充\n"
             "T-1【1】主条每采用1条计2分\n"
             "T-2【2】简讯每采用1条计3分\n"
             "【1】条款原文：通知原句\n")
    assert "1.通知原句；〔本文件补充，非通知原文：本文件的补充〕。" in md
    assert "2.简讯每采用1条计3分。" in md
    assert md.count("1.") == 1  # the note does not open a second clause 1


def test_two_clause_texts_under_one_label_is_an_error():
    with pytest.raises(XinxiError) as e:
        compile_text(HEAD + "T-1【1】主条每采用1条计2分\n【1】条款原文：一\n【1】条款原文：二\n", "t.xinxi")
    [d] = e.value.diagnostics
    assert (d.key, d.span.line) == ("duplicate-clause-text", 8)
    assert "第7行" in d.message


def test_clause_text_without_a_clause_warns_and_renders_on_its_own():
    reg, warnings = compile_text(HEAD + "T-1【1】主条每采用1条计2分\n【2】条款原文：通知原句\n", "t.xinxi")
    assert [(w.key, w.severity, w.span.line) for w in warnings] == [("clause-text-without-clause", "warning", 7)]
    md = render_markdown(reg)
    assert "1.主条每采用1条计2分。" in md and "2.通知原句。" in md


def test_clause_text_stands_for_period_rules_allowances_and_combines():
    # 条款原文 under the label of a period clause, an allowance or 均分 replaces their sentence in the
    # appendix; check used to count only item rules and warned clause-text-without-clause for them
    src = (HEAD + "T-1【1】主条每采用1条计2分\n"
           "【2】全年采用8条以上的，计20分\n【2】条款原文：全年采用信息8条以上的计20分\n"
           "【3】每季度基础分6分\n【3】条款原文：每季度给予基础分6分\n"
           "【4】合报信息的分数均分\n【4】条款原文：上述计分，合报信息的分数均分\n")
    reg, warnings = compile_text(src, "t.xinxi")
    assert warnings == []
    md = render_markdown(reg)
    assert "2.全年采用信息8条以上的计20分。" in md and "3.每季度给予基础分6分。" in md
    assert "4.上述计分，合报信息的分数均分。" in md and "计20分，" not in md
