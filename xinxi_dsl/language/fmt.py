"""fmt: a regulation in the canonical layout.

Reads the concrete syntax (each statement line's tokens, from
:func:`~xinxi_dsl.parse.concrete`) and prints it back with one layout:

- four spaces per level of indentation (group members, highest-only blocks,
  the indicator checklist);
- a space after a header keyword (规程 D12, 单位组 县市区), around 至, before a
  group's options (按采用数, 季度目标, 目标, 共N个), after a clause ID that has
  no label, after an indicator's name, before an outcome's text, and between
  two words that would otherwise run together (约稿 未完成, 通川区 180);
  nowhere else (《达州政务快讯》主条每采用1条计2分);
- separators as 、, colons as ：, brackets as （）, a clause's inner pause as
  ，; no full stop at the end of a clause or a line of members;
- comments and single blank lines kept where they are.

Words, numbers and keywords stay as written (计 or 记, 2 or 两, simplified or
traditional): the formatter changes layout, never meaning —
``compile(fmt(r)) == compile(r)`` is tested, and ``fmt`` is idempotent.
"""

from __future__ import annotations

import re

from . import syntax as S
from .parse import concrete

INDENT = "    "

#: tokens two of which run together into one word if not separated
_WORDY = {"WORD", "KEY_VALUE", "UNIT_NAME", "IND_NAME", "VALUE", "GROUP_NAME", "CODE", "NUMBER", "DATE", "MONTHDAY", "REST",
          "ATTR_NAME", "KEY", "PERCENT", "RULE_ID"}
#: a header statement's keyword, followed by a space
_LEAD = {"KW_REG", "KW_NAME", "KW_DOCNO", "KW_TARGET_COL", "KW_PERIOD", "KW_ATTR", "KW_GROUP", "KW_RANK", "KW_YEAR"}
_GROUP_OPTIONS = {"KW_BY_ADOPTED_COUNT", "KW_BY_SUBMITTED_COUNT", "KW_QUARTER_TARGET", "KW_TARGET", "KW_TOTAL"}
_NORMAL = {"SEP": "、", "COLON": "：", "EQ": "=", "LPAR": "（", "RPAR": "）", "RULE_END": "，"}
#: statements whose final 。/，/、 is dropped
_CLAUSES = {"rule", "transfer", "reg_start", "count_rule", "unlisted", "entry_line", "attr_decl", "indicator"}
_IND = {"indicator", "ind_section"}
#: keywords a free word stops in front of by itself (the WORD terminal's lookahead)
_WORD_STOPS = {"KW_EACH_ADOPT", "KW_ADOPT", "KW_EACH_SUBMIT", "KW_SUBMIT", "KW_EACH_ITEM", "KW_EACH_TIME", "KW_BONUS",
               "KW_DEDUCT", "KW_SCORE", "KW_COUNTS", "KW_FIRST", "KW_INSTRUCT", "KW_PAUSE", "KW_DISCRETION"}


def _space(kind: str, a: S.CToken, b: S.CToken, measure: str | None = None) -> bool:
    if a.type in _WORDY and b.type in _WORDY and a.type != "RULE_ID":
        return True
    if a.type == "WORD" and b.type.startswith("KW_") and b.type not in _WORD_STOPS:
        return True  # 主办 获市领导批示: 获 would run into the word
    if a.type in _LEAD or "KW_TO" in (a.type, b.type):
        return True
    if kind == "group" and b.type in _GROUP_OPTIONS:
        return True
    if a.type == "RULE_ID" and b.type != "LABEL":
        return True
    if kind == "outcome" and b.type == "REST":
        return True
    if kind == "entry_line" and b.type == "NUMBER":
        return True
    if kind in _IND and a.type == "IND_NAME":
        return True
    if measure == "KW_MET" and b.type in ("KW_SCORE", "KW_BONUS"):
        return True  # 达到 计10分, 不少于2个 计5分
    return False


def _kept(line: S.CLine) -> list[S.CToken]:
    toks = list(line.tokens)
    if line.kind in _CLAUSES:
        while toks and toks[-1].type in ("RULE_END", "END_MARK", "SEP"):
            toks.pop()
    return toks


def _shape(source: str) -> list[tuple]:
    """What the formatter must keep: each statement's kind, depth and tokens
    (punctuation normalised)."""
    return [(c.kind, c.depth, _fold_pause([(t.type, _NORMAL.get(t.type, t.text.strip()), t.text.strip())
                                            for t in _kept(c)]))
            for c in concrete(source)]


def _fold_pause(toks: list[tuple[str, str, str]]) -> tuple:
    """的 and a comma written apart (`采用的　,`) are the one pause 的， that fmt
    writes: the grammar reads both the same way, so the check does too (only
    a comma: 的。 and 的； stay what they are)."""
    out: list[tuple[str, str]] = []
    for kind, norm, raw in toks:
        if kind == "RULE_END" and raw in ("，", ",") and out and out[-1][0] == "KW_DE":
            out[-1] = ("KW_PAUSE", "的，")
        else:
            out.append((kind, norm))
    return tuple(out)


def same_meaning(before: str, after: str) -> bool:
    """The two texts parse to the same statements, token for token: the
    formatter's self-check, which holds whether or not the file compiles."""
    return _shape(before) == _shape(after)


def _runs_on(value: str, rest: list[str]) -> bool:
    """A value after "=" would take in the text after it (角色=主办 获市领导批示:
    without the space, 获… would be part of the value)."""
    m = _key_value().match(value + "".join(rest))
    return m is not None and m.end() > len(value)


def _key_value():
    global _KEY_VALUE
    if _KEY_VALUE is None:
        from .grammar import parser

        _KEY_VALUE = re.compile(parser().get_terminal("KEY_VALUE").pattern.to_regexp())
    return _KEY_VALUE


_KEY_VALUE = None


def _pause(t: S.CToken, prev: S.CToken | None) -> str:
    """A token's canonical text.  The notice's semicolon between a clause's
    parts stays one (；); a pause after 的 keeps its own mark (。 or ；),
    since 的， is a keyword of its own and would change what the line says."""
    if t.type == "RULE_END":
        mark = t.text.strip()
        if mark in ("；", ";"):
            return "；"
        if prev is not None and prev.type == "KW_DE" and mark == "。":
            return "。"
    return _NORMAL.get(t.type, t.text.strip())


def format_line(line: S.CLine) -> str:
    toks = _kept(line)
    # the notice's semicolon between a clause's parts stays one (；), other pauses are ，
    texts = [_pause(t, toks[i - 1] if i else None) for i, t in enumerate(toks)]
    out = []
    prev = None
    measure = None  #: in an indicator: the keyword the current measure began with
    for i, t in enumerate(toks):
        text = texts[i]
        if prev is not None and (_space(line.kind, prev, t, measure)
                                 or prev.type == "KEY_VALUE" and _runs_on(texts[i - 1], texts[i:])):
            out.append(" ")
        out.append(text)
        if t.type in ("KW_MET", "KW_EACH_MORE", "KW_EACH_ITEM", "KW_EACH_TIME", "KW_EACH_ONE", "RULE_END"):
            measure = t.type
        prev = t
    return INDENT * line.depth + "".join(out)


def _comment(code_line: str, end: int) -> str:
    """The comment at the end of a line of code, or ''.  It starts after the
    line's last token (a # inside 【】 or 《》 is part of the token)."""
    i = code_line.find("#", max(end - 1, 0))
    return code_line[i:].rstrip() if i >= 0 else ""


def format_source(source: str, file: str = "<string>") -> str:
    """The canonical layout of a regulation.  Raises XinxiError when the
    source does not parse (nothing is formatted then)."""
    if source.startswith("\ufeff"):
        source = source[1:]
    # lines as the lexer sees them: only \n ends a line (a lone \r does not)
    lines = [l.removesuffix("\r") for l in source.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    by_line = {c.line: c for c in concrete(source, file)}
    depths = sorted(by_line)
    out: list[str] = []
    for n, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        c = by_line.get(n)
        if c is not None:
            text = format_line(c)
            tail = _comment(raw, c.end)
            out.append(f"{text}  {tail}" if tail else text)
        elif stripped.startswith("#"):
            # a comment line sits at the level of the statement after it
            nxt = next((by_line[k] for k in depths if k > n), None)
            out.append(INDENT * (nxt.depth if nxt else 0) + stripped)  # \r and U+3000 too
        elif not stripped:
            if out and out[-1] != "":
                out.append("")
        else:  # pragma: no cover - every non-blank line is a statement or a comment
            out.append(raw.rstrip())
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
