"""xinxi fmt: the canonical layout.  Identity fixtures (every regulation is
already canonical), idempotence, and compile(fmt(r)) == compile(r) for
generated regulations (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from typer.testing import CliRunner

from conftest import REGULATIONS
from test_properties import GRAMMAR_SHAPED
from xinxi_dsl import compile_text
from xinxi_dsl.cli import app
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.language.fmt import format_source, same_meaning
from xinxi_dsl.language.parse import concrete

REGS = sorted(p.stem for p in REGULATIONS.glob("*.xinxi"))
TEXTS = {c: (REGULATIONS / f"{c}.xinxi").read_text(encoding="utf-8") for c in REGS}


@pytest.mark.parametrize("code", REGS)
def test_regulation_is_canonical(code):
    """sqlglot-style identity fixture: the file is its own canonical layout."""
    assert format_source(TEXTS[code]) == TEXTS[code]


def test_fmt_check_on_regulations():
    r = CliRunner().invoke(app, ["fmt", "--check", *(str(REGULATIONS / f"{c}.xinxi") for c in REGS)])
    assert r.exit_code == 0, r.output


def test_fmt_check_fails_and_write_fixes(tmp_path):
    p = tmp_path / "x.xinxi"
    p.write_text("规程  X\n单位组 甲:\n  市统计局 30 , 市教育局 20。\n《快讯》主条  每采用 1 条 计 2 分。  # 注\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["fmt", "--check", str(p)])
    assert r.exit_code == 1
    r = CliRunner().invoke(app, ["fmt", "--write", str(p)])
    assert r.exit_code == 0
    assert p.read_text(encoding="utf-8") == "规程 X\n单位组 甲：\n    市统计局 30、市教育局 20\n《快讯》主条每采用1条计2分  # 注\n"


def test_comments_and_blank_lines_kept():
    src = "# 头注\n\n\n规程 X\n单位组 甲：\n    # 成员\n    市统计局 30\n# 规则\n《快讯》每条计2分\n\n"
    assert format_source(src) == "# 头注\n\n规程 X\n单位组 甲：\n    # 成员\n    市统计局 30\n# 规则\n《快讯》每条计2分\n"


def test_comment_line_ending_in_a_lone_cr_and_a_full_width_space_is_idempotent():
    """Found by hypothesis: `#\\r\\u3000` formatted to `#\\r`, which formatted to `#`."""
    once = format_source("#\r\u3000")
    assert once == "#\n"
    assert format_source(once) == once


def test_words_that_would_run_together_stay_apart():
    # 主办 获…: 获 would otherwise become part of the word 主办获市领导
    src = "规程 X\n属性 角色：主办\n单位组 甲：\n    市统计局 30\n《报告》主办 每条计5分\n《报告》主办   获市领导批示 每条加8分\n"
    out = format_source(src)
    assert "《报告》主办 获市领导批示每条加8分" in out
    assert compile_text(out)[0] == compile_text(src)[0]


# ---- hypothesis: layouts a person might type normalise to the canonical one ----

SEPS = {"SEP": ["、", "，", ",", "；", ";", "、 "], "COLON": ["：", ":", " ："], "LPAR": ["（", "("], "RPAR": ["）", ")"],
        "EQ": ["=", "＝", " = "]}
INDENTS = ["  ", "    ", "\t", "\u3000"]


CONCRETE = {c: {x.line: x for x in concrete(TEXTS[c])} for c in REGS}


def _canonical_gaps(canon: str, tokens) -> list[bool]:
    """Whether the canonical line has a space before each token (where two
    words would otherwise run together, it must stay)."""
    from xinxi_dsl.language.fmt import _NORMAL

    pos = len(canon) - len(canon.lstrip())
    gaps = []
    for t in tokens:
        norm = _NORMAL.get(t.type, t.text.strip())
        space = canon[pos : pos + 1] == " "
        if canon.startswith(norm, pos + space):
            pos += space + len(norm)
        gaps.append(space)
    return gaps


@st.composite
def messy(draw):
    """A regulation of regulations/ re-typed: other separators and brackets,
    extra spaces between tokens, another indentation, trailing 。"""
    code = draw(st.sampled_from(REGS))
    unit = draw(st.sampled_from(INDENTS))
    lines = []
    canon_lines = TEXTS[code].splitlines()
    for n, raw in enumerate(canon_lines, start=1):
        c = CONCRETE[code].get(n)
        if c is None:
            lines.append(raw.strip())  # comments, blank lines (indentation dropped)
            continue
        parts = []
        for i, (t, gap) in enumerate(zip(c.tokens, _canonical_gaps(raw, c.tokens))):
            text = draw(st.sampled_from(SEPS[t.type])) if t.type in SEPS else t.text
            if i and (gap or draw(st.integers(0, 3)) == 0):
                parts.append(" " * draw(st.integers(1, 2)))
            parts.append(text)
        end = "。" if c.kind in ("rule", "entry_line") and draw(st.booleans()) else ""
        lines.append(unit * c.depth + "".join(parts) + end)
    return code, "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy())
def test_messy_layouts_normalise(case):
    code, text = case
    assume(_parses(text))
    assert compile_text(format_source(text))[0] == compile_text(TEXTS[code])[0]
    assert format_source(text) == TEXTS[code]  # every such layout normalises to the file itself


def _parses(text: str) -> bool:
    try:
        compile_text(text)
        return True
    except XinxiError:
        return False


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(GRAMMAR_SHAPED)
def test_compile_fmt_equals_compile(text):
    """For grammar-shaped text that parses: the formatted text parses to the
    same statements, token for token, and compiles to the same IR (or fails
    to compile with the same diagnostics); fmt is idempotent."""
    try:
        out = format_source(text)
    except XinxiError:
        assume(False)
    assert same_meaning(text, out)
    assert format_source(out) == out
    try:
        reg = compile_text(text)[0]
    except XinxiError as exc:
        with pytest.raises(XinxiError) as again:
            compile_text(out)
        assert [d.key for d in again.value.diagnostics] == [d.key for d in exc.diagnostics]
        return
    assert compile_text(out)[0] == reg


def test_a_pause_after_de_keeps_its_mark():
    # found by test_compile_fmt_equals_compile: 獲<采用的。计入采用数 — turning 。 into ， made 的， (a keyword
    # of its own) and changed what the line said; the mark after 的 stays as written
    src = "規程 T\n單位組 甲：\n    市統計局 30\n《快訊》每采用1條計2分\n獲<采用的。计入采用数\n"
    assert format_source(src) == src
    assert same_meaning(src, format_source(src))


def test_a_percentage_does_not_run_across_lines():
    # found by test_compile_fmt_equals_compile: 直报点0 / ％计入所属单位 read as one 0％ across the newline
    with pytest.raises(XinxiError):
        compile_text("规程 T\n直报点0\n％计入所属单位\n")


def test_de_and_a_comma_written_apart_are_the_pause():
    # found by test_compile_fmt_equals_compile: 采用的\u3000, lexes as 的 + ， and fmt writes 的， (one keyword);
    # the grammar reads both alike, so `xinxi fmt` must not call its own output a change of meaning
    src = "規程 T\n單位組 甲：\n    市統計局 30\n獲《快訊》采用的\u3000,每条1分\n"
    out = format_source(src)
    assert out.splitlines()[-1] == "獲《快訊》采用的，每条1分"
    assert same_meaning(src, out)
    assert compile_text(out)[0] == compile_text(src)[0]
