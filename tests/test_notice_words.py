"""The notice's own words (issue 13, point 7): values after "=" that begin
with a keyword, several publications before one action, the verbs 加计 and
倒扣, a sentence of no construct, and expectation lists that never show a
terminal's pattern or internal name."""

from __future__ import annotations

import re

import pytest

from xinxi_dsl import compile_text
from xinxi_dsl.documents.appendix import render_markdown
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.language.fmt import format_source, same_meaning
from xinxi_dsl.language.grammar import parser
from xinxi_dsl.language.keywords import BY_TERMINAL, OTHER_TERMINALS, terminal_label
from xinxi_dsl.language.parse import parse

HEAD = """规程 T
考核期 2012年1月1日 至 2012年12月31日
属性 栏目：主条
属性 类别：约稿
属性 事项：报送数量不足、被通报、不报、迟报
单位组 甲：
    市统计局 30
"""


def _rule(line: str):
    rules = [s for s in parse("规程 T\n" + line + "\n").statements if type(s).__name__ == "RuleDecl"]
    assert len(rules) == 1
    return rules[0]


def _sel(line: str):
    return [(s.kind, s.key.value if s.key else None, tuple(v.value for v in s.values)) for s in _rule(line).selectors]


# -- 1. a value after "=" may begin with a keyword ----------------------------

@pytest.mark.parametrize("line, values, kind, points", [
    ("事项=报送数量不足每次扣2分", ("报送数量不足",), "penalty", "2"),
    ("事项=被通报每次扣2分", ("被通报",), "penalty", "2"),
    ("事項=報送數量不足每次扣2分", ("報送數量不足",), "penalty", "2"),
    ("事项=被通报、报送数量不足 每条扣3分", ("被通报", "报送数量不足"), "penalty", "3"),
    ("事项=迟报第一次扣2分，以后每次扣4分", ("迟报",), "penalty", "2"),
    ("事项=不报每次倒扣10分", ("不报",), "penalty", "10"),
    ("事项=报送不及时每次扣1分", ("报送不及时",), "penalty", "1"),
    ("配图=是采用：6分/条", ("是",), "adopt", "6"),      # CD07-A3b: 是 + 采用
    ("配图=是 采用：6分/条", ("是",), "adopt", "6"),
    ("配图=是采用计6分", ("是",), "adopt", "6"),
    ("配图=是每采用1条计6分", ("是",), "adopt", "6"),
    ("角色=主办另加5分", ("主办",), "bonus", "5"),
    ("角色=主办加计5分", ("主办",), "bonus", "5"),
])
def test_keyed_value_runs_to_the_amount(line, values, kind, points):
    r = _rule(line)
    assert [s for s in r.selectors if s.kind == "keyed"][0].values[0].value == values[0]
    assert tuple(v.value for v in r.selectors[0].values) == values
    assert r.action.kind == kind and str(r.action.points.value) == points


def test_keyed_value_keeps_a_keyword_that_is_not_an_amount():
    # 采用/报送 not followed by a number, 计 or a colon are part of the value
    assert _sel("类别=采用信息每条计2分") == [("keyed", "类别", ("采用信息",))]
    assert _sel("事项=扣分争议每次扣1分") == [("keyed", "事项", ("扣分争议",))]
    # a condition after the value needs a space: the value runs on otherwise
    assert _sel("角色=主办 获市领导批示加5分") == [("keyed", "角色", ("主办",)), ("instruct", None, ("市领导",))]
    assert _sel("角色=主办获市领导批示加5分") == [("keyed", "角色", ("主办获市领导批示",))]


@pytest.mark.parametrize("src", [
    "规程 T\n角色=主办 获市领导批示加5分\n",
    "规程 T\n配图=是采用：6分/条\n",
    "规程 T\n事项=被通报、报送数量不足 每条扣3分\n",
    "规程 T\n《甲》 事项=迟报 第一次扣2分，以后每次扣4分\n",
])
def test_fmt_keeps_the_value_where_it_ends(src):
    out = format_source(src)
    assert same_meaning(src, out) and format_source(out) == out
    assert "主办 获" in out or "主办" not in out


def test_a_value_that_begins_with_a_keyword_compiles_and_renders():
    reg, warnings = compile_text(HEAD + "T-1【1】主条每采用1条计2分\nT-2【2】事项=报送数量不足每次扣2分\n"
                                 "T-3【2】事项=被通报每次扣3分\n", "t.xinxi")
    assert warnings == []
    conds = {r.id: [(c.key, c.values) for c in r.conditions] for r in reg.rules}
    assert conds["T-2"] == [("事项", ("报送数量不足",))]
    assert conds["T-3"] == [("事项", ("被通报",))]
    md = render_markdown(reg)
    assert "事项为报送数量不足" in md or "报送数量不足的，每次扣2分" in md


# -- 2. several publications before one action --------------------------------

def test_several_publications_are_one_condition():
    assert _sel("《市府信息》、《信息与调研》每采用1条计5分") == [("pub", None, ("《市府信息》", "《信息与调研》"))]
    reg, _ = compile_text(HEAD + "T-1【1】《市府信息》、《信息与调研》每采用1条计5分\n", "t.xinxi")
    (rule,) = reg.rules
    assert [(c.key, c.values) for c in rule.conditions] == [("刊物", ("市府信息", "信息与调研"))]
    assert "《市府信息》、《信息与调研》每采用1条计5分" in render_markdown(reg)


def test_several_publications_format_and_a_word_after_the_separator_is_an_error():
    src = "规程 T\n《市府信息》,《信息与调研》每采用1条计5分\n"
    assert format_source(src) == "规程 T\n《市府信息》、《信息与调研》每采用1条计5分\n"
    with pytest.raises(XinxiError) as e:
        parse("规程 T\n《市府信息》、主条每采用1条计5分\n")
    assert "《刊物》" in str(e.value)


# -- 3. the verbs 加计 and 倒扣 -------------------------------------------------

def test_jiaji_is_a_bonus_and_daokou_a_penalty_and_the_appendix_keeps_them():
    reg, warnings = compile_text(HEAD + "T-1【1】主条每采用1条计2分\n"
                                 "T-2【1】获市领导批示的信息每篇加计10分\n"
                                 "T-3【2】约稿 不报、迟报每次倒扣10分\n", "t.xinxi")
    assert warnings == []
    by = {r.id: r for r in reg.rules}
    assert by["T-2"].kind == "bonus" and by["T-2"].points == 10
    assert by["T-3"].kind == "penalty" and by["T-3"].points == 10
    assert [(c.key, c.values) for c in by["T-3"].conditions] == [("类别", ("约稿",)), ("事项", ("不报", "迟报"))]
    md = render_markdown(reg)
    assert "获市领导批示的信息每篇加计10分" in md  # 每篇, as the clause writes it
    assert "约稿不报、迟报的，每次倒扣10分" in md
    assert "另加10分" not in md


def test_jiaji_stops_a_word_only_before_a_number():
    assert _sel("追加计划每条计2分") == [("words", None, ("追加计划",))]
    assert _rule("主条加计3分").action.kind == "bonus"


# -- 4. a sentence of no construct --------------------------------------------

def _error(line: str) -> str:
    with pytest.raises(XinxiError) as e:
        parse(HEAD + line + "\n", "t.xinxi")
    return str(e.value)


def test_prose_is_an_unrecognised_clause_with_its_nearest_constructs():
    msg = _error("信息被采用后视情况酌情给予奖励")
    assert "[unrecognised-clause]" in msg and "t.xinxi:8:1" in msg
    assert "计分条款“《刊物》每采用1条计N分”" in msg and "加分条款" in msg
    assert "“原文：”" in msg and "此处应为" not in msg


def test_no_likeness_names_no_construct():
    msg = _error("年终评选先进单位若干名")
    assert "不能识别的计分语句" in msg and "最接近" not in msg and "原文" in msg


def test_penalty_like_sentence_resembles_a_penalty_clause():
    msg = _error("约稿迟报的酌情扣分")
    assert "扣分条款“事项 每次扣N分”" in msg and "读到“分”处" in msg  # 扣 may begin an amount (扣50至100分); the 分 after it is where reading stops


def test_a_clause_short_of_its_last_word_keeps_the_precise_expectation():
    assert "此处应为\"分\"" in _error("主条每采用1条计2")
    assert "此处应为数字" in _error("事项=迟报每次扣分")
    assert "此处应为属性值" in _error("事项=每次扣2分")


def test_specific_messages_still_apply():
    assert "[word-begins-with-keyword]" in _error("《快讯》另加信息每采用1条计2分")
    assert "[unterminated]" in _error("《快讯主条每采用1条计2分")
    assert "[unknown-keyword]" in _error("主条每条另架2分")


# -- expectation lists name every terminal in words ---------------------------

def _grammar_terminals() -> set[str]:
    p = parser()
    names = {sym.name for r in p.rules for sym in r.expansion if sym.is_term}
    return names | {"_INDENT", "_DEDENT", "$END"} | {t.name for t in p.terminals if not t.name.startswith("__")}


def test_every_terminal_has_a_label_that_is_neither_its_name_nor_a_pattern():
    terms = _grammar_terminals()
    assert {"WORD", "KEY_VALUE", "IND_NAME", "ATTR_NAME", "VALUE", "GROUP_NAME", "MONTHDAY", "PERCENT", "COMMENT"} <= terms
    for name in sorted(terms):
        assert name in BY_TERMINAL or name in OTHER_TERMINALS or name == "_NL", name
        label = terminal_label(name)
        assert name not in label, (name, label)
        assert not re.search(r"[\\\[\]^$*+?|]|\(\?", label), (name, label)
        if name not in BY_TERMINAL and not label.startswith("“"):
            assert re.search(r"\([a-z][a-z -]*\)$", label), (name, label)  # Chinese + (english key)


def test_an_unknown_terminal_is_never_shown_by_its_name():
    assert terminal_label("SOME_NEW_TERMINAL") == "文字 (text)"
