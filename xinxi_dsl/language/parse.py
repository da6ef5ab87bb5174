"""Parse: source text → :class:`~xinxi_dsl.language.syntax.Module`.

One transformer method per grammar rule turns the Lark tree into syntax
nodes at once; Lark's exceptions are caught here and come out as
:class:`~xinxi_dsl.diagnostics.XinxiError` with a located Chinese message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from decimal import Decimal

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import syntax as S
from ..foundation.collector import bulk
from ..foundation.diagnostics import Diagnostic, Span, XinxiError
from ..foundation.text import fold
from .grammar import MAX_DEPTH, IndentMismatch, TooDeep, parser
from .keywords import BY_TERMINAL, KEYWORDS, terminal_label
from .numerals import NumeralError, check_bounds, percent, to_decimal

_TRADITIONAL_ONLY = {
    s for kw in KEYWORDS for s in kw.traditional if s not in kw.simplified and not s.startswith("re:")
}
_SIMPLIFIED_ONLY = {
    s for kw in KEYWORDS for s in kw.simplified if s not in kw.traditional and not s.startswith("re:")
}


def _lark_tree(source: str, file: str):
    """(the Lark tree, the text parsed): BOM removed, a final newline
    added, every syntax error a located XinxiError.  The only place a Lark
    parse happens."""
    if source.startswith("\ufeff"):
        source = source[1:]
    if "\x00" in source:
        raise XinxiError(Diagnostic("binary-file", "文件不是文本文件（含有NUL字节） (binary file)", Span(file, 1, 1)))
    text = source if source.endswith("\n") else source + "\n"
    _control_characters(text, file)
    try:
        return parser().parse(text), text
    except UnexpectedInput as exc:
        raise XinxiError(_syntax_error(exc, file, text)) from None
    except IndentMismatch as exc:
        raise XinxiError(_indent_error(text, file, exc.line, "bad-indent",
                                       f"缩进与上文不一致（此行缩进{exc.found}格） (inconsistent indentation)")) from None
    except TooDeep as exc:
        raise XinxiError(_indent_error(text, file, exc.line, "too-deep",
                                       f"缩进层次过深：至多{MAX_DEPTH}层 (nesting too deep: at most {MAX_DEPTH} levels)")) from None


def _indent_error(text: str, file: str, line: int, key: str, message: str) -> Diagnostic:
    """A problem with a line's indentation, marked under the indentation."""
    lines = text.splitlines()
    src = lines[line - 1] if line <= len(lines) else ""
    width = len(src) - len(src.lstrip())
    return Diagnostic(key, message, Span(file, line, 1, line, width + 1), source_line=src)


def parse(source: str, file: str = "<string>") -> S.Module:
    """Parse one regulation file.  Raises XinxiError on a syntax error."""
    with bulk():
        tree, text = _lark_tree(source, file)
        if source.startswith("\ufeff"):
            source = source[1:]
        builder = _Builder(file, text)
        statements = builder.build(tree)
    return S.Module(file, tuple(statements), builder.script(), source)


_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")


def _control_characters(text: str, file: str) -> None:
    """An invisible control character (pasted from a web page or a PDF) is
    an error where it is: it would end up in names and documents.  So is an
    invisible format character (Unicode category Cf: zero-width space U+200B,
    joiners, direction marks, a byte-order mark U+FEFF inside the text): two
    names would look the same and differ."""
    lone = re.search("[\ud800-\udfff]", text)  # only through the API: a file never decodes to one
    if lone:
        line = text.count("\n", 0, lone.start()) + 1
        col = lone.start() - (text.rfind("\n", 0, lone.start()) + 1) + 1
        raise XinxiError(Diagnostic("lone-surrogate", f"第{line}行第{col}列有无效字符 U+{ord(lone[0]):04X}（落单的代理项，不是文字） (lone surrogate: not text)",
                                    Span(file, line, col, line, col + 1)))
    fmt = [c for c in set(text) if unicodedata.category(c) == "Cf"]
    if fmt:
        at = min(text.index(c) for c in fmt)
        ch = text[at]
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        src = text.split("\n")[line - 1]
        name = unicodedata.name(ch, "").lower() or "format character"
        raise XinxiError(Diagnostic(
            "invisible-character",
            f"第{line}行第{col}列有不可见的格式字符 U+{ord(ch):04X}（{name}），会使两个看起来相同的名称不同，请删除 (invisible format character)",
            Span(file, line, col, line, col + 1), source_line="".join("\ufffd" if unicodedata.category(c) == "Cf" else c for c in src)))
    m = _CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        src = text.split("\n")[line - 1]
        raise XinxiError(Diagnostic("control-character", f"第{line}行第{col}列有不可见的控制字符 U+{ord(m[0]):04X}，请删除 (control character)",
                                    Span(file, line, col, line, col + 1), source_line=_CONTROL.sub("\ufffd", src)))


#: a piece of a unit name that is a signed number: a target written "-30"
_SIGNED = re.compile(r"[ \u3000]([-−－–—+＋﹣]\s*[0-9０-９零〇○一二两兩三四五六七八九十百千万萬亿億][^ \u3000]*)")

#: 《衢州政务信息动态》（单篇）: the title, and the value in brackets
_PUB_COLUMN = re.compile(r"(《[^》]+》)[（(]([^)）]+)[)）]")

_BLOCK_MEMBERS = {"entry_line", "rule", "ind_section", "indicator"}
_BLOCKS = {"group", "highest", "checklist", "ind_section"}


def concrete(source: str, file: str = "<string>") -> list[S.CLine]:
    """The concrete syntax: each statement line's tokens and depth, in order.
    Raises XinxiError on a syntax error, as :func:`parse` does."""
    tree, _ = _lark_tree(source, file)
    out: list[S.CLine] = []

    def tokens(node) -> list[Token]:
        return list(node.scan_values(lambda v: isinstance(v, Token)))

    def line(kind: str, depth: int, toks: list[Token]) -> S.CLine:
        return S.CLine(kind, depth, toks[0].line, tuple(S.CToken(t.type, str(t)) for t in toks),
                       max(t.end_column for t in toks))

    def walk(node, depth: int) -> None:
        if node.data in _BLOCKS:
            head: list[Token] = []
            members = []
            for c in node.children:
                if isinstance(c, Token):
                    head.append(c)
                elif c.data in _BLOCK_MEMBERS:
                    members.append(c)
                else:
                    head.extend(tokens(c))
            out.append(line(node.data, depth, head))
            for m in members:
                walk(m, depth + 1)
        else:
            out.append(line(node.data, depth, tokens(node)))

    for st in tree.children:
        if not isinstance(st, Token):
            walk(st, 0)
    return out


def _span(file: str, meta_or_token) -> Span:
    m = meta_or_token
    return Span(file, m.line, m.column, getattr(m, "end_line", m.line) or m.line,
                getattr(m, "end_column", m.column) or m.column)


_PAIRS = (("《", "》"), ("“", "”"), ("【", "】"), ("「", "」"), ("（", "）"))


def _unterminated(src: str) -> tuple[int, str, str] | None:
    """The first opening bracket on the line that is never closed."""
    for i, ch in enumerate(src):
        for o, c in _PAIRS:
            if ch == o and c not in src[i + 1 :]:
                return i + 1, o, c
    return None


def _syntax_error(exc: UnexpectedInput, file: str, text: str) -> Diagnostic:
    line, column = exc.line, exc.column
    lines = text.splitlines()
    src0 = lines[line - 1] if 0 < line <= len(lines) else ""
    open_at = _unterminated(src0)
    if open_at:
        col, o, c = open_at
        return Diagnostic("unterminated", f'"{o}"没有配对的"{c}" (unterminated {o})', Span(file, line, col, line, col + 1), source_line=src0)
    if isinstance(exc, UnexpectedToken) and exc.token.type == "_INDENT":
        nxt = exc.token.end_line if exc.token.end_line else line + 1
        src1 = lines[nxt - 1] if 0 < nxt <= len(lines) else ""
        return Diagnostic("unexpected-indent", "此行不应缩进：只有单位组的成员缩进书写 (unexpected indentation)",
                          Span(file, nxt, 1, nxt, len(src1) - len(src1.lstrip()) + 1), source_line=src1)
    # a near-miss of a statement keyword first (计分方法 for 计分办法: its 计 is also a keyword)
    head = _statement_typo(src0)
    if head:
        return Diagnostic("syntax-error", f"未知的语句开头“{head[0]}”；是否为“{head[1]}”？ (unknown statement keyword)",
                          Span(file, line, 1, line, len(head[0]) + 1), source_line=src0)
    kw_word = _keyword_word(exc, src0, column)
    if kw_word and not _reads_quoted(text, line, src0, kw_word[2] - 1, kw_word[0]):
        kw_word = None  # 被综合采用的，每个单位计3分: quoting 每个单位 would not help, so it is not advised
    if kw_word:
        word, kw, col = kw_word
        return Diagnostic("word-begins-with-keyword",
                          f"“{word}”以关键词“{kw}”开头，被读成了关键词；请把它写在引号中「{word}」，或换一种说法 (the word begins with the keyword \"{kw}\": quote it)",
                          Span(file, line, col, line, col + len(word)), source_line=src0)
    prev = next((l for l in reversed(lines[: line - 1]) if l.strip() and not l.lstrip().startswith("#")), "")
    if prev.lstrip().startswith(("单位组", "單位組")) and prev.rstrip().endswith(("：", ":")) and not src0[:1].isspace():
        return Diagnostic("not-indented", "单位组的成员应另起一行并缩进书写 (group members must be indented)",
                          Span(file, line, 1, line, len(src0) + 1), source_line=src0)
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        line, column = len(lines), (len(lines[-1]) + 1 if lines else 1)
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
    expected = {e for e in expected if not e.startswith("__")}
    if len(expected) > 1:
        expected.discard("_NL")  # always accepted by the indenter; rarely the point
    # the colon a block's header needs, first: it is what is missing more often than an option
    ordered = sorted(expected, key=lambda e: (e != "COLON", e not in BY_TERMINAL, e))
    zh = [terminal_label(e).split(" (")[0] for e in ordered]
    en = [BY_TERMINAL[e].key if e in BY_TERMINAL else terminal_label(e).split(" (")[-1].rstrip(")") for e in ordered]
    found_en = found = ""
    width = 1
    if isinstance(exc, UnexpectedCharacters):
        found = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        found_en = found = f'"{found}"'
    elif isinstance(exc, UnexpectedToken) and exc.token.type not in ("_NL", "$END", "_INDENT", "_DEDENT"):
        found_en = found = f'"{exc.token}"'
        width = len(str(exc.token))
    elif isinstance(exc, UnexpectedToken) and exc.token.type in ("_INDENT", "_DEDENT"):
        found, found_en = "缩进", "indentation"
    else:
        found, found_en = "行尾", "end of line"
    more = "等" if len(zh) > 6 else ""
    en6 = list(dict.fromkeys(en[:6]))  # 到 and 至 are both "to"
    msg = f"此处应为{'、'.join(zh[:6])}{more}，却是{found} (expected {', '.join(en6)}; found {found_en})"
    hint = _hint(src, column, [e for e in ordered if e in BY_TERMINAL], _script_of(text))
    if hint:
        chunk, word = hint
        return Diagnostic("unknown-keyword", f'未知关键词"{chunk}"，是否为"{word}"？ (unknown keyword "{chunk}"; did you mean "{word}"?)',
                          Span(file, line, column, line, column + len(chunk)), source_line=src)
    inside = _keyword_inside(text, line, src)
    if inside:
        word, kw, col = inside
        return Diagnostic("word-contains-keyword",
                          f"“{word}”中含有关键词“{kw}”，被拆开读了；请把它写在引号中「{word}」，或换一种说法 (the word contains the keyword \"{kw}\": quote it)",
                          Span(file, line, col, line, col + len(word)), source_line=src)
    if _no_construct(exc, line, expected, _code(src)[column - 1 :].strip()):
        return _unrecognised(file, line, src, column)
    return Diagnostic("syntax-error", msg, Span(file, line, column, line, column + width), source_line=src)


#: what a clause may start with before its action: ID, label, conditions
_PREFIX = frozenset({"RULE_ID", "LABEL", "WORD", "PUB", "QUOTED", "KEY", "EQ", "KEY_VALUE", "SEP", "KW_GET", "KW_INSTRUCT"})
#: words many sentences begin with, which open a statement only with what follows
_COMMON = frozenset({"KW_MONTHLY", "KW_QUARTERLY"})


def _no_construct(exc: UnexpectedInput, line: int, expected: set[str], rest: str) -> bool:
    """The line is a sentence of no construct: the parser stopped while
    still reading a clause's conditions or at most one word of its action
    (信息被采用后… stops after 采用), or well before the end of the line
    (全年采用20条以上的计40分 stops at 以上); not inside a header, a group, or a
    clause it recognised up to its last word or two (每采用1条计2 lacks its
    分, 每次扣分 its number: there the expectation is precise)."""
    ip = getattr(exc, "interactive_parser", None)
    if ip is None:
        return False
    done = [t for v in ip.parser_state.value_stack
            for t in ([v] if isinstance(v, Token) else v.scan_values(lambda x: isinstance(x, Token)) if isinstance(v, Tree) else [])
            if t.type not in ("_NL", "_INDENT", "_DEDENT") and t.line == line]
    if done and done[-1].type == "EQ":
        return False  # 事项= and no value: the expectation says so
    if not done and not expected & {"WORD", "PUB", "KEY"}:
        return False  # a group's member, an indicator, … : not where a clause may stand
    committed = 0
    getting = False  # inside 获…批示 / 被…采用
    for t in done:
        if t.type == "KW_GET":
            getting = True
        elif t.type in ("KW_ADOPT", "KW_INSTRUCT") and getting:
            getting = False
        elif t.type not in _PREFIX:
            if t is done[0] and t.type.startswith("KW_") and t.type not in _COMMON and t.type not in _ACTION_START:
                return False  # a statement's own keyword: 规程, 属性, 单位组 …
            committed += 1
    return committed <= 1 or len(rest) > 2


#: keywords an action (the amount of a clause) begins with
_ACTION_START = frozenset({"KW_EACH_ADOPT", "KW_ADOPT", "KW_EACH_SUBMIT", "KW_SUBMIT", "KW_EACH_ITEM", "KW_EACH_TIME",
                           "KW_BONUS", "KW_FIRST"})

#: the constructs a sentence may resemble: (name, the form, the cue words it
#: must contain, each group any of its words)
_CONSTRUCTS = (
    ("扣分条款", "penalty clause", "事项 每次扣N分", (("扣",), ("分",))),
    ("计分条款", "points clause", "《刊物》每采用1条计N分", (("采用", "每条", "每篇", "每单位", "每个单位"), ("分",))),
    ("报送计分条款", "points per submitted item", "每报送1条计N分", (("报送", "上报"), ("分",))),
    ("加分条款", "bonus clause", "获…批示的信息每条另加N分", (("加分", "另加", "加计", "批示", "奖励"), ("分",))),
    ("全年上限", "annual cap", "…全年累计不超过N分", (("不超过", "最高", "上限"),)),
    ("季度完成情况", "quarterly outcome", "每季度均完成任务的…", (("季度",), ("完成",))),
    ("计入所属单位", "transfer", "二级机构得分按50%计入所属单位", (("计入",), ("单位", "得分"))),
    ("单位组目标", "group target", "单位组 名称 目标N分：", (("单位组", "目标"), ("分", "条"))),
    # the unit pass (issue 13)
    ("期间条款", "period clause", "每月报送不少于N条的，计N分；未达到的，扣N分",
     (("每周", "每月", "每季度", "全年", "每年", "季度", "月度"), ("不少于", "以上", "低于", "少于", "达到", "每少", "每超", "不足"))),
    ("采用率条款", "rate clause", "每季度 采用率 低于N%的，扣N分", (("采用率", "录用率"),)),
    ("基础分", "allowance", "每季度基础分N分，扣完为止", (("基础分", "基础得分", "扣完为止", "扣完即止"),)),
    # 计0分, not the 0 of 10分 (综合多个单位的信息，每单位10分 is no zeroing)
    ("清零条款", "zeroing", "全年 约稿 未按要求 累计N次以上的，当年得分计0分", (("零分", "计0分", "记0分", "得0分"), ("次",), ("当年", "全年"))),
    ("折算", "conversion", "全年 得分 按N%计入综合考核", (("折算", "折合", "计入综合"),)),
    ("同一信息", "one item in several rows", "同一信息被多个刊物采用的，按最高分计 / 合报信息的分数均分",
     (("最高分", "均分", "平分", "重复计分", "累计加分"),)),
    ("按列计分", "points from a column", "…采用按“列名”的N倍计分", (("倍",), ("计分", "计算"))),
)


def _nearest(text: str) -> list[tuple[str, str, str]]:
    """The constructs whose first cue the text contains, those with all
    their cues first: at most two."""
    folded = fold(text)
    hits = [(sum(any(w in folded for w in g) for g in cues), -i, (zh, en, form))
            for i, (zh, en, form, cues) in enumerate(_CONSTRUCTS) if any(w in folded for w in cues[0])]
    return [x for _, _, x in sorted(hits, reverse=True)[:2]]


def _unrecognised(file: str, line: int, src: str, column: int) -> Diagnostic:
    """A sentence of no construct, with the constructs it resembles and 原文."""
    code = _code(src)
    body = re.sub(r"^\s*(?:[A-Z][A-Z0-9]*-[A-Za-z0-9.]+)?\s*(?:【[^】\n]*】)?", "", code)
    near = _nearest(body)
    at = code[column - 1 :].strip()
    where = f"（读到“{at[:8]}{'…' if len(at) > 8 else ''}”处不能继续）" if at else ""
    if not near and not at and re.search("[《“\"「『=＝]", body):  # 《快讯》主条: conditions, and no amount
        where = "（只有条件，没有分值）"
        near = [_nearest("采用分")[0]]
    if near:
        zh = "；".join(f"{n}“{form}”" for n, _, form in near)
        en = ", ".join(e for _, e, _ in near)
        msg = (f"不能识别的计分语句：没有与之对应的语句形式{where}；最接近的是{zh}。"
               f"若此句不计分，请在句首写“原文：” (unrecognised clause; nearest: {en})")
    else:
        msg = (f"不能识别的计分语句：没有与之对应的语句形式{where}。"
               f"若此句不计分，请在句首写“原文：” (unrecognised clause)")
    lead = next((g for g in BY_TERMINAL["KW_GET"].spellings if body.startswith(g)), None)
    if lead and not re.search("[采採]用|批示", body):  # 被通报批评的单位每次扣5分
        msg = msg.replace("。若此句", f"；以“{lead}”开头的值请写成“属性=值”，如“事项={body[:5]}”。若此句", 1)
    start = len(src) - len(src.lstrip()) + 1
    return Diagnostic("unrecognised-clause", msg, Span(file, line, start, line, max(len(code), start)) if code else
                      Span(file, line, 1, line, 2), source_line=src)


_BOUNDARY = set(" \t\u3000、,，;；:：=＝》”\"」』】)）")
_PLAIN_SPELLINGS = sorted({s for kw in KEYWORDS for s in kw.spellings if not s.startswith("re:")}, key=len, reverse=True)


def _keyword_word(exc: UnexpectedInput, line: str, column: int) -> tuple[str, str, int] | None:
    """(the word, the keyword it begins with, its column) when a value such
    as 批示反馈 or 另加信息 was cut into a keyword and a rest: either the
    keyword is the unexpected token, or it was taken just before the
    unexpected text."""
    word_re = re.compile(parser().get_terminal("WORD").pattern.to_regexp())
    starts: list[tuple[int, str]] = []
    if isinstance(exc, UnexpectedToken) and exc.token.type in BY_TERMINAL and exc.token.line == getattr(exc, "line", exc.token.line):
        starts.append((exc.token.column - 1, str(exc.token)))
    before = line[: column - 1]
    for s in _PLAIN_SPELLINGS:
        if before.endswith(s):
            starts.append((len(before) - len(s), s))
            break
    for at, kw in starts:
        if line[at : at + len(kw)] != kw or (at > 0 and line[at - 1] not in _BOUNDARY):
            continue
        m = word_re.match(line, at + len(kw))
        if m and m.end() > m.start():
            return kw + m[0], kw, at + 1
    return None


_STATEMENT_KEYWORDS = ("KW_REG", "KW_NAME", "KW_DOCNO", "KW_PERIOD", "KW_ATTR", "KW_GROUP", "KW_SECTION", "KW_RANK", "KW_YEAR")


def _statement_typo(line: str) -> tuple[str, str] | None:
    """``屬姓 欄目：…`` → (屬姓, 屬性): a line opening with a near-miss of a
    statement keyword, where the parser would otherwise read a rule."""
    words = [s for t in _STATEMENT_KEYWORDS for s in BY_TERMINAL[t].spellings]
    stripped = line.strip()
    for w in words:
        head = stripped[: len(w)]
        if head == w:
            return None
    for w in sorted(words, key=len, reverse=True):
        head = stripped[: len(w)]
        if len(w) >= 2 and difflib.SequenceMatcher(None, head, w).ratio() >= 0.5 and head[:1] == w[:1]:
            return head, w
    return None


#: a run longer than this is not tried as a word cut at a keyword
_LONGEST_WORD = 200
#: nor are the words of a line past this many (a clause has a few dozen)
_MOST_WORDS = 200
_RUN = re.compile(r"[^\s、,，;；:：=＝《》“”\"「」『』【】()（）#。]+")


def _keyword_inside(text: str, line: int, src: str) -> tuple[str, str, int] | None:
    """(the word, the keyword inside it, its column) when a word such as
    反馈报告未上报 was cut at a keyword in its middle (上报) and the line reads
    once the word is quoted: tried, not guessed."""
    code = _code(src)
    lines = text.split("\n")
    tries = 0
    for n, m in enumerate(_RUN.finditer(code)):
        whole = m[0]
        if tries >= 12 or n >= _MOST_WORDS:
            break
        if len(whole) > _LONGEST_WORD:
            continue  # no clause's word: a pasted blob (9 MB of one line took minutes here)
        if any(whole.startswith(s) for s in _PLAIN_SPELLINGS):
            continue  # a keyword at its start: word-begins-with-keyword, or 被… (属性=值), says it
        # the run itself, or (反馈报告未上报每次扣10分) the part of it before a later keyword
        cuts = sorted({len(whole)} | {i for s in _PLAIN_SPELLINGS for i in range(2, len(whole)) if whole.startswith(s, i)})
        for end in cuts:
            run = whole[:end]
            kw = next((s for s in _PLAIN_SPELLINGS if len(s) >= 2 and run.find(s, 1) > 0), None)
            if kw is None or tries >= 12:
                continue
            tries += 1
            at = m.start()
            trial = lines[: line - 1] + [src[:at] + "「" + run + "」" + src[at + len(run):]] + lines[line:]
            try:
                parser().parse("\n".join(trial))
            except UnexpectedInput as exc:
                if exc.line == line or exc.line < 1:
                    continue
            except Exception:
                continue
            return run, kw, at + 1
    return None


def _reads_quoted(text: str, line: int, src: str, at: int, word: str) -> bool:
    """Whether the line reads once ``word`` (at ``at``) is quoted: the other
    lines may still hold errors of their own."""
    if src[at : at + len(word)] != word:
        return True  # not found where said: keep the advice rather than guess
    lines = text.split("\n")
    trial = lines[: line - 1] + [src[:at] + "「" + word + "」" + src[at + len(word):]] + lines[line:]
    try:
        parser().parse("\n".join(trial))
    except UnexpectedInput as exc:
        return exc.line != line and exc.line >= 1
    except Exception:
        return True
    return True


def _script_of(text: str) -> str:
    """s | t: the script of the keywords a file uses (a suggestion is made in it)."""
    trad = sum(1 for w in _TRADITIONAL_ONLY if len(w) > 1 and w in text)
    simp = sum(1 for w in _SIMPLIFIED_ONLY if len(w) > 1 and w in text)
    return "t" if trad > simp else "s"


def _hint(line: str, column: int, expected: list[str], script: str = "s") -> tuple[str, str] | None:
    """(what was written, the keyword probably meant): 另架 → 另加, among the
    keywords the parser expected here, in the file's own script (不少于, not 不少於)."""
    rest = line[column - 1 :]
    other = _TRADITIONAL_ONLY if script == "s" else _SIMPLIFIED_ONLY
    words = [s for e in expected for s in BY_TERMINAL[e].spellings if not s.startswith("re:") and s not in other]
    for size in sorted({len(w) for w in words}, reverse=True):
        chunk = rest[:size]
        if len(chunk) < size or chunk in words or size < 2 or chunk in _PLAIN_SPELLINGS:
            continue
        close = difflib.get_close_matches(chunk, [w for w in words if len(w) == size], n=1, cutoff=0.5)
        if close:
            return chunk, close[0]
    return None


def _code(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _text(file: str, tok: Token) -> S.Text:
    return S.Text(str(tok), _span(file, tok))


#: the rules whose lines end with a newline token, which the tree leaves out:
#: their span runs to the end of their last line of code (see _Builder.sp)
_NL_RULES = frozenset({
    "reg_code", "reg_name", "reg_docno", "reg_target_col", "reg_period", "reg_start", "reg_report", "reg_rank", "reg_year",
    "attr_decl", "group", "entry_line", "section", "rule", "highest", "count_rule", "transfer", "unlisted",
    "outcome", "text_line", "checklist", "ind_section", "indicator", "period_rule", "allowance", "floor_only",
    "combine_item", "combine_joint",
})


class _Meta:
    """A node's position: from its first token to its last; for a node that
    ends its line (``nl``), the end is one line further, as Lark's own
    position was, taking in the newline."""

    __slots__ = ("line", "column", "end_line", "end_column", "empty")

    def __init__(self, first: Token | None, last: Token | None, nl: bool):
        self.empty = first is None
        if first is None or last is None:
            self.line = self.column = self.end_line = self.end_column = 1
            return
        self.line, self.column = first.line, first.column
        self.end_line = last.end_line + 1 if nl else last.end_line
        self.end_column = 1 if nl else last.end_column


class _Counter(str):
    """A checklist measure's counter word (量词) as written: 条 个 次 项 篇."""


class _CountOf(tuple):
    """(number, counter word) of 1条 / 1篇 in a clause's action"""


class _Period(str):
    """week | month | quarter | year"""


class _Quantity(tuple):
    """(kind, selectors, clause labels) of a period rule's measure"""


class _Cmp(tuple):
    """(test, low, high, percent, counter, the relation word as written) of a period rule's branch"""


class _Amount(tuple):
    """(sign, points, effect, text, word) of a period rule's branch"""


class _Builder:
    """One method per grammar rule, called as ``method(meta, children)``
    with the children already built; each returns a syntax node."""

    def __init__(self, file: str, source: str):
        self.file = file
        self.lines = source.splitlines()
        self.trad = 0
        self.simp = 0

    def build(self, root: Tree):
        """Bottom-up over the Lark tree, with a stack of its own rather than
        recursion (and without a Lark Transformer's wrapper per call, which
        cost half the parse of a large regulation).  Each node's position
        (its ``meta``) is taken here from its first and last token, which is
        cheaper than Lark's ``propagate_positions``."""
        values: list = []
        bounds: list[tuple[Token | None, Token | None, bool]] = []
        stack: list[tuple[object, int | None]] = [(root, None)]
        while stack:
            node, start = stack.pop()
            if isinstance(node, Token):
                values.append(self.__default_token__(node))
                bounds.append((node, node, False))
            elif start is None:
                stack.append((node, len(values)))
                stack.extend([(c, None) for c in reversed(node.children)])
            else:
                children = values[start:]
                kids = bounds[start:]
                del values[start:], bounds[start:]
                first = last = None
                nl = node.data in _NL_RULES
                for f, la, n in kids:
                    if f is not None:
                        if first is None:
                            first = f
                        last = la
                    nl = nl or n
                meta = _Meta(first, last, nl)
                fn = getattr(self, node.data, None)
                values.append(fn(meta, children) if fn else Tree(node.data, children, meta))
                bounds.append((first, last, nl))
        return values[0]

    def __default_token__(self, tok: Token) -> Token:
        if tok.type in BY_TERMINAL:
            v = str(tok)
            if v in _TRADITIONAL_ONLY:
                self.trad += 1
            elif v in _SIMPLIFIED_ONLY:
                self.simp += 1
        return tok

    def script(self) -> str:
        return "t" if self.trad > self.simp else "s"

    def sp(self, meta) -> Span:
        """A statement's span.  Its last child is the newline token (with any
        comments and blank lines after it), which is not part of it."""
        span = _span(self.file, meta)
        if span.end_line <= span.line:
            return span
        last = span.end_line - 1
        while last > span.line and not _code(self.lines[last - 1]):
            last -= 1
        return Span(span.file, span.line, span.column, last, len(_code(self.lines[last - 1])) + 1)

    def line_text(self, meta) -> str:
        return self.lines[meta.line - 1].strip()

    def num(self, tok: Token, convert=to_decimal) -> S.Num:
        try:
            value = convert(str(tok))
        except NumeralError as exc:
            why = f"：{exc.reason}" if exc.reason else " (bad number)"
            raise XinxiError(Diagnostic("bad-number", f'无法识别的数字"{tok}"{why}', _span(self.file, tok)))
        except ValueError:
            raise XinxiError(Diagnostic("bad-number", f'无法识别的数字"{tok}" (bad number)', _span(self.file, tok)))
        too_big = check_bounds(value)
        if too_big:
            raise XinxiError(Diagnostic("too-many-digits", f'数字"{str(tok).strip()}"位数过多：{too_big}', _span(self.file, tok)))
        return S.Num(value, str(tok).strip(), _span(self.file, tok))

    # -- top level ---------------------------------------------------------
    def start(self, meta, children):
        return [c for c in children if not isinstance(c, Token)]

    def number(self, meta, children):
        return self.num(children[0])

    def pnum(self, meta, children):
        return self.num(children[0])

    def low(self, meta, children):
        return self.num(children[0])

    def punit(self, meta, c):
        return _Counter(str(c[0]).strip())

    # -- header ------------------------------------------------------------
    def _header(self, kind, meta, toks):
        return S.Header(kind, tuple(_text(self.file, t) for t in toks), self.sp(meta))

    def reg_code(self, meta, c):
        return self._header("code", meta, [c[1]])

    def reg_name(self, meta, c):
        return self._header("name", meta, [c[1].update(value=str(c[1]).strip())])

    def reg_docno(self, meta, c):
        return self._header("docno", meta, [c[1].update(value=str(c[1]).strip())])

    def reg_target_col(self, meta, c):
        return self._header("target_col", meta, [c[1].update(value=str(c[1]).strip())])

    def reg_period(self, meta, c):
        return self._header("period", meta, [c[1], c[3]])

    def reg_start(self, meta, c):
        rid, label = self._id_label(c)
        date = next(t for t in c if isinstance(t, Token) and t.type == "DATE")
        h = self._header("start", meta, [date])
        return S.Header(h.kind, h.values, h.span, rid, label)

    def reg_report(self, meta, c):
        return self._header("report", meta, [c[0]])

    def reg_rank(self, meta, c):
        return self._header("rank", meta, [c[1]])

    def reg_year(self, meta, c):
        rid, label = self._id_label(c)
        days = [_text(self.file, t) for t in c if isinstance(t, Token) and t.type == "MONTHDAY"]
        prev = any(isinstance(t, Token) and t.type == "KW_PREV_YEAR" for t in c)
        return S.YearDecl(rid, label, prev, days[0], days[1], self.sp(meta))

    # -- vocabulary and groups -----------------------------------------------
    def attr_decl(self, meta, c):
        values = tuple(_text(self.file, t) for t in c[3:] if t.type == "VALUE")
        return S.AttrDecl(_text(self.file, c[1]), values, self.sp(meta))

    def group_target(self, meta, c):
        return ("target", c[1])

    def group_count(self, meta, c):
        return ("count", c[1])

    def group_quarter(self, meta, c):
        return ("quarter", c[1])

    def group_measure(self, meta, c):
        return ("measure", "adopted" if c[0].type == "KW_BY_ADOPTED_COUNT" else "submitted")

    def group_quota(self, meta, c):
        return ("quota", (c[0], next(x for x in c if isinstance(x, S.Num)), str(c[-1]).strip()))

    def group_count_target(self, meta, c):
        return ("count_target", c[1], str(c[-1]).strip())

    def group(self, meta, c):
        name = _text(self.file, c[1])
        label = None
        opts: dict = {}
        entries: list[S.Entry] = []
        for x in c[2:]:
            if isinstance(x, Token) and x.type == "LABEL":
                label = _text(self.file, x)
            elif isinstance(x, tuple):
                opts[x[0]] = x[1]
                ctr = x[1][-1] if x[0] == "quota" else x[-1] if x[0] == "count_target" else None
                if ctr and fold(ctr) == "篇":  # the counter as written: 每季度不少于3篇
                    opts["counter"] = ctr
            elif isinstance(x, list):
                entries.extend(x)
        return S.GroupDecl(name, label, opts.get("target"), opts.get("count"), tuple(entries), self.sp(meta),
                           opts.get("measure", "score"), opts.get("quarter"), opts.get("quota"), opts.get("count_target"),
                           opts.get("counter"))

    def entry_line(self, meta, c):
        return [x for x in c if isinstance(x, S.Entry)]

    def entry(self, meta, c):
        name = _text(self.file, c[0])
        signed = _SIGNED.search(name.value)
        if signed:  # "市发改委 -30": the name would swallow a negative target
            sp = name.span
            col = sp.column + signed.start(1)
            unit = name.value[:signed.start()].strip()
            msg = (f"单位“{unit}”的目标“{signed[1]}”不要写正号 (write the target without a sign)" if signed[1][0] in "+＋"
                   else f"单位“{unit}”的目标“{signed[1]}”须是大于0的数 (target must be positive)")
            raise XinxiError(Diagnostic("bad-target", msg, Span(self.file, sp.line, col, sp.line, col + len(signed[1]))))
        aliases: tuple[S.Text, ...] = ()
        includes = False
        target = None
        for x in c[1:]:
            if isinstance(x, tuple):
                includes, aliases = x
            elif isinstance(x, S.Num):
                target = x
        return S.Entry(name, aliases, includes, target, self.sp(meta))

    def alias(self, meta, c):
        includes = any(isinstance(t, Token) and t.type == "KW_INCLUDES" for t in c)
        names = tuple(_text(self.file, t) for t in c if isinstance(t, Token) and t.type == "UNIT_NAME")
        return (includes, names)

    def section(self, meta, c):
        return S.Section(_text(self.file, c[1]), self.sp(meta))

    # -- rules ---------------------------------------------------------------
    def words(self, meta, c):
        return tuple(_text(self.file, t) for t in c if t.type in ("WORD", "QUOTED"))

    def _pubs(self, meta, c) -> S.Selector:
        """《A》、《B》 — and 《A》（单篇）: a value of another column in brackets after
        the (last) title, resolved as a bare word is."""
        pubs, column = [], None
        for t in c:
            if not (isinstance(t, Token) and t.type == "PUB"):
                continue
            m = _PUB_COLUMN.fullmatch(str(t))
            if m:
                if column is not None:
                    raise XinxiError(Diagnostic(
                        "bracket-in-list", f"“{m[2]}”：括号中的值只能写在最后一个刊物之后（对所列刊物都适用）；各刊物的值不同时请分写几条 (a bracketed value only after the last title)",
                        _span(self.file, t)))
                col = t.column + len(m[1]) + 1
                column = S.Text(m[2].strip(), Span(self.file, t.line, col, t.line, col + len(m[2])))
                t = t.update(value=m[1])
            elif column is not None:
                raise XinxiError(Diagnostic(
                    "bracket-in-list", f"“{column.value}”：括号中的值只能写在最后一个刊物之后（对所列刊物都适用）；各刊物的值不同时请分写几条 (a bracketed value only after the last title)",
                    column.span))
            pubs.append(_text(self.file, t))
        return S.Selector("pub", None, tuple(pubs), self.sp(meta), column=column)

    def sel_pub(self, meta, c):
        return self._pubs(meta, c)

    def sel_pub_passive(self, meta, c):  # 被《市府信息》采用的: the publication
        return self._pubs(meta, c)

    def passive_points(self, meta, c):
        sel = self._pubs(meta, c)
        act = self._action("adopt", meta, [x for x in c if not (isinstance(x, Token) and x.type == "PUB")])
        return S.Action(act.kind, act.points, act.per, act.span, higher=sel)

    def sel_quoted(self, meta, c):
        return S.Selector("quoted", None, tuple(_text(self.file, t) for t in c if t.type in ("WORD", "QUOTED")), self.sp(meta))

    def sel_words(self, meta, c):
        return S.Selector("words", None, c[0], self.sp(meta))

    def sel_keyed(self, meta, c):
        values = tuple(_text(self.file, t) for t in c[2:] if t.type == "KEY_VALUE")
        return S.Selector("keyed", _text(self.file, c[0]), values, self.sp(meta))

    def sel_instruct(self, meta, c):
        return S.Selector("instruct", None, c[1], self.sp(meta))

    def sel_higher(self, meta, c):
        return S.Selector("higher", None, c[1], self.sp(meta))

    def sel_not(self, meta, c):
        return S.Selector("words", None, c[2], self.sp(meta), negate=True)

    def sel_not_keyed(self, meta, c):
        return S.Selector("keyed", _text(self.file, c[2]), c[4], self.sp(meta), negate=True)

    def count(self, meta, c):
        return _CountOf((c[0], next((str(x) for x in c if isinstance(x, _Counter)), None)))

    def _action(self, kind, meta, c, per="条"):
        # the counter word as written (每篇, 1篇): the appendix says it so
        counter = next((x[1] for x in c if isinstance(x, _CountOf) and x[1]), None) or next(
            (str(t).strip()[-1] for t in c if isinstance(t, Token) and t.type in ("KW_EACH_ITEM", "KW_EACH_ADOPT", "KW_EACH_SUBMIT", "KW_FEN_PER")
             and str(t).strip()[-1] in "篇"), None)
        if counter and fold(counter) == "篇":
            per = counter
        c = [x[0] if isinstance(x, _CountOf) else x for x in c]
        nums = [x for x in c if isinstance(x, S.Num)]
        if len(nums) == 2 and nums[0].value != 1:  # 每采用3条计6分: not 6 per item
            n = nums[0]
            raise XinxiError(Diagnostic(
                "per-several-items", f"“每采用{n.text}条”：按多条计一次分的写法尚不支持（不能当作每条计分），请写作每采用1条计…分 "
                f"(points per {n.text} items are not supported yet; write points per 1 item)", n.span))
        if any(isinstance(x, Token) and x.type == "KW_EACH_TIME" for x in c):
            per = "次"
        elif kind == "penalty" and not any(isinstance(x, Token) and x.type == "KW_EACH_ITEM" for x in c):
            per = "次"  # 迟报扣1分: a penalty is per occurrence unless the notice says 每条
        return S.Action(kind, nums[-1], per, self.sp(meta))

    def adopt_points(self, meta, c):
        return self._action("adopt", meta, c)

    def higher_points(self, meta, c):
        words = next(x for x in c if isinstance(x, tuple) and not isinstance(x, _CountOf))
        sel = S.Selector("higher", None, words, self.sp(meta))
        act = self._action("adopt", meta, [x for x in c if x is not words])
        return S.Action(act.kind, act.points, act.per, act.span, higher=sel)

    def respective_points(self, meta, c):
        bonus = any(isinstance(t, Token) and t.type == "KW_BONUS" for t in c)
        after = [x for x in c[next(i for i, t in enumerate(c) if isinstance(t, Token) and t.type == "KW_RESPECTIVELY"):]
                 if isinstance(x, S.Num)]
        before = [x for x in c if not (isinstance(x, S.Num) and any(x is y for y in after))]
        act = self._action("bonus" if bonus else "adopt", meta, before + [after[0]])
        return S.Action(act.kind, after[0], act.per, act.span, respective=tuple(after))

    def submit_points(self, meta, c):
        return self._action("submit", meta, c)

    def bonus_points(self, meta, c):
        # ZJ18: 采用的信息一条加1分 — 一条 with a bare 加 is the item's own amount; 每条加 / 另加 a bonus
        one = any(isinstance(t, Token) and t.type == "KW_EACH_ITEM" and str(t).strip()[:1] == "一" for t in c)
        plain = any(isinstance(t, Token) and t.type == "KW_BONUS" and str(t).strip() == "加" for t in c)
        return self._action("adopt" if one and plain else "bonus", meta, c)

    def award_range(self, meta, c):
        low, high = [x for x in c if isinstance(x, S.Num)][-2:]
        act = self._action("award", meta, [x for x in c if not isinstance(x, S.Num)] + [low])
        return S.Action("award", low, act.per, act.span, high=high)

    def award_choice(self, meta, c):
        nums = [x for x in c if isinstance(x, S.Num)]  # 1篇 is a _CountOf: not among them
        act = self._action("award", meta, [x for x in c if not isinstance(x, S.Num)] + [nums[0]])
        low = min(nums, key=lambda n: n.value)
        high = max(nums, key=lambda n: n.value)
        return S.Action("award", low, act.per, act.span, high=high, choices=tuple(nums))

    def item_bonus_points(self, meta, c):
        act = self._action("bonus", meta, c)
        return S.Action(act.kind, act.points, act.per, act.span, item=True)

    def penalty_points(self, meta, c):
        return self._action("penalty", meta, c)

    def escalating_points(self, meta, c):
        first, later = [x for x in c if isinstance(x, S.Num)]
        return S.Action("penalty", first, "次", self.sp(meta), later)

    def target_points(self, meta, c):
        return self._action("target", meta, c)

    def times(self, meta, c):
        return ("times", next(x for x in c if isinstance(x, S.Num)))

    def adopt_column(self, meta, c):
        col = next(t for t in c if isinstance(t, Token) and t.type == "QUOTED")
        col = _text(self.file, col.update(value=str(col)[1:-1].strip()))
        factor = next((x[1] for x in c if isinstance(x, tuple) and x[0] == "times"), None)
        return S.Action("adopt", S.Num(to_decimal("0"), "0", col.span), "条", self.sp(meta), column=col, factor=factor)

    def adopt_ref(self, meta, c):
        ref = _text(self.file, next(t for t in c if isinstance(t, Token) and t.type == "RULE_ID"))
        factor = next(x[1] for x in c if isinstance(x, tuple) and x[0] == "times")
        return S.Action("adopt", S.Num(to_decimal("0"), "0", ref.span), "条", self.sp(meta), ref=ref, factor=factor)

    def penalty_range(self, meta, c):
        low, high = [x for x in c if isinstance(x, S.Num)]
        per = "条" if any(isinstance(x, Token) and x.type == "KW_EACH_ITEM" for x in c) else "次"
        return S.Action("penalty", low, per, self.sp(meta), high=high)

    def cap_points(self, meta, c):
        return S.Cap(c[1], None, self.sp(meta))

    def cap_target(self, meta, c):
        return S.Cap(None, self.num(c[2]), self.sp(meta))

    def _id_label(self, c):
        rid = label = None
        for x in c:
            if isinstance(x, Token) and x.type == "RULE_ID":
                rid = _text(self.file, x)
            elif isinstance(x, Token) and x.type == "LABEL":
                label = _text(self.file, x)
        return rid, label

    def rule(self, meta, c):
        rid, label = self._id_label(c)
        sels = tuple(x for x in c if isinstance(x, S.Selector))
        action = next(x for x in c if isinstance(x, S.Action))
        if action.higher is not None:
            sels += (action.higher,)
        cap = next((x for x in c if isinstance(x, S.Cap)), None)
        return S.RuleDecl(rid, label, sels, action, self.line_text(meta), self.sp(meta), cap)

    def highest(self, meta, c):
        rid, label = self._id_label(c)
        rules = tuple(x for x in c if isinstance(x, S.RuleDecl))
        return S.HighestDecl(rid, label, rules, self.line_text(meta), self.sp(meta))

    def count_rule(self, meta, c):
        rid, label = self._id_label(c)
        sels = tuple(x for x in c if isinstance(x, S.Selector))
        return S.CountDecl(rid, label, sels, self.line_text(meta), self.sp(meta))

    # -- rules over a unit's measures in a period (issue 13) -------------------
    def per_week(self, meta, c):
        return _Period("week")

    def per_month(self, meta, c):
        return _Period("month")

    def per_quarter(self, meta, c):
        return _Period("quarter")

    def per_year(self, meta, c):
        return _Period("year")

    def period(self, meta, c):  # not reached: the alternatives are named
        return c[0]

    def _quantity(self, kind, c):
        sels = tuple(x for x in c if isinstance(x, S.Selector))
        labels = next((x for x in c if isinstance(x, list)), [])
        return _Quantity((kind, sels, tuple(labels)))

    def q_submitted(self, meta, c):
        return self._quantity("submitted", c)

    def q_adopted(self, meta, c):
        return self._quantity("adopted", c)

    def q_rate(self, meta, c):
        return self._quantity("rate", c)

    def q_points(self, meta, c):
        return self._quantity("points", c)

    def q_completion(self, meta, c):
        return self._quantity("completion", c)

    def q_rows(self, meta, c):
        return self._quantity("rows", c)

    def clause_refs(self, meta, c):
        return [_text(self.file, t) for t in c if isinstance(t, Token) and t.type == "LABEL"]

    def cmpval(self, meta, c):
        tok = c[0]
        if isinstance(tok, S.Num):
            counter = next((str(x) for x in c[1:] if isinstance(x, _Counter)), None)
            if counter is None and any(isinstance(x, Token) and x.type == "KW_FEN" for x in c[1:]):
                counter = "分"
            return (tok, False, counter)
        return (self.num(tok, percent), True, None)

    def _cmp(self, test, c):
        vals = [x for x in c if isinstance(x, tuple)]
        low = vals[0] if vals else (None, False, None)
        high = vals[1] if len(vals) > 1 else (None, False, None)
        words = [str(t).strip() for t in c if isinstance(t, Token) and t.type in ("KW_MET", "KW_ABOVE", "KW_BELOW", "KW_OVER", "KW_DONE")]
        word = words[0] if words else None
        if len(words) == 2:  # 达到15条（含15条）以上: the value goes between the two words (…{v}…)
            word = f"{words[0]}{{v}}{words[1]}"
        return _Cmp((test, low[0], high[0], low[1] or high[1], high[2] or low[2], word))

    def c_ge(self, meta, c):
        return self._cmp("ge", c)

    def c_lt(self, meta, c):
        return self._cmp("lt", c)

    def c_gt(self, meta, c):
        return self._cmp("gt", c)

    def c_between(self, meta, c):
        return self._cmp("between", c)

    def c_quota(self, meta, c):
        return self._cmp("quota", c)

    def a_points(self, meta, c):
        word = "基础分" if any(isinstance(x, Token) and x.type == "KW_BASE" for x in c) else (
            "加" if any(isinstance(x, Token) and x.type == "KW_BONUS" for x in c) else "计")
        return _Amount((1, next(x for x in c if isinstance(x, S.Num)), "points", None, word))

    def a_deduct(self, meta, c):
        return _Amount((-1, next(x for x in c if isinstance(x, S.Num)), "points", None, "扣"))

    def a_zero(self, meta, c):
        return _Amount((1, None, "zero", _text(self.file, c[0]), None))

    def a_outcome(self, meta, c):
        rest = c[-1]
        word = str(c[0]).strip()
        if word == "取消":  # HLJ20: 取消单位评先资格 — the verb is the verdict (视为 / 给予 are not)
            text = _text(self.file, rest.update(value=word + str(rest).strip()))
            return _Amount((1, None, "outcome", S.Text(text.value, _span(self.file, c[0])), None))
        return _Amount((1, None, "outcome", _text(self.file, rest.update(value=str(rest).strip())), word))

    def _branch(self, kind, meta, c, **kw):
        amount = next((x for x in c if isinstance(x, _Amount)), None)
        if amount is not None:
            sign, pts, effect, text, word = amount
            kw.update(sign=sign, points=pts, effect=effect, text=text, word=word)
        return S.BranchDecl(kind, self.sp(meta), **kw)

    def b_when(self, meta, c):
        test, low, high, pct, counter, word = next(x for x in c if isinstance(x, _Cmp))
        return self._branch("when", meta, c, test=test, low=low, high=high, percent=pct, counter=counter, relation=word)

    def b_else(self, meta, c):
        quota = any(isinstance(x, Token) and x.type == "KW_QUOTA" for x in c)
        return self._branch("else", meta, c, test="quota" if quota else None)

    def _verb(self, c, *types) -> str | None:
        """每少报 / 超出部分每 …: the keyword as written, so the appendix says it so."""
        return next((str(t).strip() for t in c if isinstance(t, Token) and t.type in types), None)

    def b_short(self, meta, c):
        return self._branch("short", meta, c, step=next(x for x in c if isinstance(x, S.Num)), counter=self._counter(c),
                            relation=self._verb(c, "KW_EACH_SHORT"))

    def b_extra(self, meta, c):
        # 超出部分每条加1分 gives no number: one item per step
        step = next((x for x in c if isinstance(x, S.Num)), None)
        return self._branch("extra", meta, c, step=step or S.Num(Decimal(1), "1", self.sp(meta)), counter=self._counter(c),
                            relation=self._verb(c, "KW_EACH_EXTRA", "KW_EACH_MORE"), implicit=step is None)

    def b_cap(self, meta, c):
        return S.BranchDecl("cap", self.sp(meta), points=next(x for x in c if isinstance(x, S.Num)))

    def b_convert(self, meta, c):
        toks = [x for x in c if isinstance(x, Token)]
        pct = next((t for t in toks if t.type == "PERCENT"), None)
        if pct is not None:
            factor = self.num(pct, percent)
        else:
            n = next(x for x in c if isinstance(x, S.Num))
            factor = S.Num(n.value / 100, "百分之" + n.text, n.span)
        into = next((t for t in toks if t.type == "REST"), None)
        verb = next(t for t in toks if t.type == "KW_CONVERT_TO")
        text = _text(self.file, into.update(value=str(into).strip())) if into is not None else None
        return S.BranchDecl("convert", self.sp(meta), factor=factor, text=text, word=str(verb))

    def b_scale(self, meta, c):
        return S.BranchDecl("scale", self.sp(meta), word=str(c[0]))

    def period_rule(self, meta, c):
        rid, label = self._id_label_before(c, _Period)
        period = next(x for x in c if isinstance(x, _Period))
        kind, sels, clauses = next(x for x in c if isinstance(x, _Quantity))
        branches = tuple(x for x in c if isinstance(x, S.BranchDecl))
        groups = tuple(next((x for x in c if isinstance(x, list)), []))
        return S.PeriodDecl(rid, label, str(period), kind, sels, clauses, branches, self.line_text(meta), self.sp(meta), groups)

    def _id_label_before(self, c, cls):
        """The statement's own ID and label: those before its first ``cls`` child."""
        head = []
        for x in c:
            if isinstance(x, cls):
                break
            head.append(x)
        return self._id_label(head)

    def allowance(self, meta, c):
        rid, label = self._id_label_before(c, _Period)
        period = next(x for x in c if isinstance(x, _Period))
        pts = next((x for x in c if isinstance(x, S.Num)), None)
        floor = any(isinstance(x, Token) and x.type == "KW_FLOOR" for x in c)
        unlimited = any(isinstance(x, Token) and x.type == "KW_BONUS_UNLIMITED" for x in c)
        groups = tuple(next((x for x in c if isinstance(x, list)), []))
        return S.AllowanceDecl(rid, label, str(period), pts, floor, unlimited, self.line_text(meta), self.sp(meta), groups)

    def floor_only(self, meta, c):
        rid, label = self._id_label_before(c, _Period)
        period = next(x for x in c if isinstance(x, _Period))
        groups = tuple(next((x for x in c if isinstance(x, list)), []))
        return S.AllowanceDecl(rid, label, str(period), None, True, False, self.line_text(meta), self.sp(meta), groups)

    def _combine(self, kind, meta, c):
        rid, label = self._id_label(c)
        no_repeat = any(isinstance(x, Token) and x.type == "KW_NO_REPEAT" for x in c)
        # the sentence as the notice words it (累加计分, 合报信息的分数均分): the appendix says it so
        words = "".join("，" if t.type == "RULE_END" else str(t).strip() for t in c
                        if isinstance(t, Token) and t.type not in ("RULE_ID", "LABEL"))
        return S.CombineDecl(rid, label, kind, no_repeat, self.line_text(meta), self.sp(meta), words)

    def combine_item(self, meta, c):
        kind = "highest" if any(isinstance(x, Token) and x.type == "KW_HIGHEST_ONLY" for x in c) else "sum"
        return self._combine(kind, meta, c)

    def combine_joint(self, meta, c):
        return self._combine("split", meta, c)

    def when_all_met(self, meta, c):
        return ("all-met", None)

    def when_any_missed(self, meta, c):
        return ("any-missed", None)

    def when_consecutive(self, meta, c):
        return ("consecutive", self.num(c[1]))

    def outcome(self, meta, c):
        rid, label = self._id_label(c)
        when, n = next(x for x in c if isinstance(x, tuple))
        text = next(t for t in c if isinstance(t, Token) and t.type == "REST")
        text = _text(self.file, text.update(value=str(text).strip()))
        return S.OutcomeDecl(rid, label, when, n, text, self.line_text(meta), self.sp(meta))

    def text_line(self, meta, c):
        rid, label = self._id_label(c)
        own = any(isinstance(t, Token) and t.type == "KW_FILE_NOTE" for t in c)
        text = next(t for t in c if isinstance(t, Token) and t.type == "REST")
        text = _text(self.file, text.update(value=str(text).strip().lstrip(":：").strip()))
        replaces = any(isinstance(t, Token) and t.type == "KW_CLAUSE_TEXT" for t in c)
        return S.TextDecl(rid, label, own, text, self.line_text(meta), self.sp(meta), replaces)

    def unlisted(self, meta, c):
        rid, label = self._id_label(c)
        return S.UnlistedDecl(rid, label, self.line_text(meta), self.sp(meta))

    # -- indicator checklist (D09-X) -----------------------------------------
    def checklist(self, meta, c):
        label = next((_text(self.file, t) for t in c if isinstance(t, Token) and t.type == "LABEL"), None)
        return S.ChecklistDecl(label, tuple(x for x in c if isinstance(x, S.IndSectionDecl)), self.sp(meta))

    def ind_section(self, meta, c):
        rid, label = self._id_label(c)
        name = _text(self.file, next(t for t in c if isinstance(t, Token) and t.type == "IND_NAME"))
        nums = [x for x in c if isinstance(x, S.Num)]
        scale = next((x for x in c if isinstance(x, tuple)), None)
        items = tuple(x for x in c if isinstance(x, (S.IndSectionDecl, S.IndicatorDecl)))
        return S.IndSectionDecl(rid, label, name, nums[0], scale[:2] if scale else None, scale[2] if scale else None,
                                items, self.line_text(meta), self.sp(meta))

    def scale(self, meta, c):
        nums = [x for x in c if isinstance(x, S.Num)]
        return (nums[0], nums[1], nums[2] if len(nums) > 2 else None)

    def indicator(self, meta, c):
        rid, label = self._id_label(c)
        name = _text(self.file, next(t for t in c if isinstance(t, Token) and t.type == "IND_NAME"))
        return S.IndicatorDecl(rid, label, name, tuple(x for x in c if isinstance(x, S.Measure)),
                               self.line_text(meta), self.sp(meta))

    def threshold(self, meta, c):
        tok = c[0]
        if tok.type == "NUMBER":
            return (self.num(tok), False, next((x for x in c[1:] if isinstance(x, _Counter)), None))
        return (self.num(tok, percent), True, None)

    def unit(self, meta, c):
        return _Counter(str(c[0]).strip())

    def each(self, meta, c):
        return _Counter(str(c[0]).strip()[-1])  # 每条 → 条

    @staticmethod
    def _counter(c) -> str | None:
        return next((str(x) for x in c if isinstance(x, _Counter)), None)

    def _sign(self, c) -> int:
        return -1 if any(isinstance(t, Token) and t.type in ("KW_DEDUCT", "KW_MAX_DEDUCT") for t in c) else 1

    def _bonus(self, c) -> bool:
        return any(isinstance(t, Token) and t.type == "KW_BONUS" for t in c)

    def m_met(self, meta, c):
        th = next((x for x in c if isinstance(x, tuple)), (None, False, None))
        pts = [x for x in c if isinstance(x, S.Num)][-1]
        return S.Measure("met", 1, pts, th[0], th[1], self.sp(meta), self._bonus(c), th[2] and str(th[2]))

    def m_more(self, meta, c):
        step = self.num(next(t for t in c if isinstance(t, Token) and t.type == "NUMBER"))
        pts = [x for x in c if isinstance(x, S.Num)][-1]
        return S.Measure("more", 1, pts, step, False, self.sp(meta), counter=self._counter(c))

    def m_each_bonus(self, meta, c):
        return S.Measure("each", 1, [x for x in c if isinstance(x, S.Num)][-1], None, False, self.sp(meta), self._bonus(c),
                         self._counter(c))

    def m_each_penalty(self, meta, c):
        return S.Measure("each", -1, [x for x in c if isinstance(x, S.Num)][-1], None, False, self.sp(meta),
                         counter=self._counter(c))

    def m_cap(self, meta, c):
        return S.Measure("cap", self._sign(c), [x for x in c if isinstance(x, S.Num)][-1], None, False, self.sp(meta))

    def rate_full(self, meta, c):
        return (to_decimal("1"), str(c[0]))

    def rate_percent(self, meta, c):
        tok = c[-1]
        return (self.num(tok, percent).value, str(tok).strip())

    def rate_percent_of(self, meta, c):
        n = c[-1]
        return (n.value / 100, "百分之" + n.text)

    def scope(self, meta, c):
        return [_text(self.file, t) for t in c if isinstance(t, Token) and t.type == "GROUP_NAME"]

    def transfer(self, meta, c):
        rid, label = self._id_label(c)
        kind = "direct" if any(isinstance(x, Token) and x.type == "KW_DIRECT" for x in c) else "subunit"
        rate, rate_text = next(x for x in c if isinstance(x, tuple))
        groups = next((x for x in c if isinstance(x, list)), [])
        return S.TransferDecl(rid, label, kind, rate, rate_text, self.line_text(meta), self.sp(meta), tuple(groups))
