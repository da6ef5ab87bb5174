"""editors/vscode/: the extension's files are valid JSON, name each other,
and the TextMate grammar is the one generated from keywords.py; its
patterns highlight a real clause as intended (Python's re reads the
Oniguruma subset the grammar uses: classes, lookahead, fixed lookbehind)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from xinxi_dsl.language.keywords import KEYWORDS
from xinxi_dsl.workbench import textmate

VSCODE = Path(__file__).resolve().parent.parent / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "xinxi.tmLanguage.json"


def test_the_grammar_file_is_the_generated_one():
    assert GRAMMAR.read_text(encoding="utf-8") == textmate.text(), \
        "rerun: python -m xinxi_dsl.generate"


def test_every_keyword_spelling_is_in_the_grammar_and_nothing_else():
    g = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    by_name = {p["name"]: p["match"] for p in g["patterns"]}
    long = by_name["keyword.control.xinxi"].split("|")
    short = re.fullmatch(r"\(\?:(.*?)\)\(\?=.*", by_name["keyword.control.short.xinxi"]).group(1).split("|")
    expected_long, expected_short = set(), set()
    for kw in KEYWORDS:
        for s in kw.spellings:
            if s.startswith("re:"):
                expected_long.add(s[3:])
            elif len(s) == 1:
                expected_short.add(re.escape(s))
            else:
                expected_long.add(re.escape(s))
    # a regex spelling may hold | itself (一[条篇](?=…|另加|再加)): take each expected
    # alternative out of the pattern whole, and nothing may be left
    rest = "|" + by_name["keyword.control.xinxi"] + "|"
    for piece in sorted(expected_long, key=len, reverse=True):
        assert "|" + piece + "|" in rest, piece
        rest = rest.replace("|" + piece + "|", "|", 1)
    assert rest == "|", rest
    assert set(short) == expected_short
    assert "每採用" in {re.sub(r"\\(.)", r"\1", p) for p in long}  # both scripts
    # the longest first, so 扣减任务分值 wins over 扣减
    pattern = by_name["keyword.control.xinxi"]
    assert pattern.index(re.escape("扣减任务分值")) < pattern.index("|" + re.escape("扣减") + "|")


def highlight(line: str) -> list[tuple[str, str]]:
    """(scope, text) as a TextMate engine scans one line: at each place the
    earliest match, the first pattern of the list on a tie."""
    g = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    patterns = [(p["name"].rsplit(".", 1)[0], re.compile(p["match"], re.M)) for p in g["patterns"]]
    out, i = [], 0
    while i < len(line):
        found = [(m.start(), n, name, m) for n, (name, r) in enumerate(patterns)
                 if (m := r.search(line, i)) and m.end() > m.start()]
        if not found:
            break
        _, _, name, m = min(found, key=lambda f: f[:2])
        out.append((name, m.group()))
        i = m.end()
    return out


def test_a_clause_is_highlighted_part_by_part():
    assert highlight("D12-1a【1】《達州政務快訊》主條每采用1條計2分  # 注") == [
        ("entity.name.function.clause-id", "D12-1a"),
        ("entity.name.tag.label", "【1】"),
        ("string.quoted.other.title", "《達州政務快訊》"),
        ("keyword.control", "每采用"),
        ("constant.numeric", "1條"),
        ("keyword.control.short", "計"),
        ("constant.numeric", "2分"),
        ("comment.line.number-sign", "# 注"),
    ]
    # 按A-1的2倍: the clause it names; 扣减任务分值 whole
    assert ("entity.name.function.clause-id", "QH24-1a") in highlight("QH24-2【（二）】《青河专报》采用按QH24-1a 的2倍计分")
    assert ("keyword.control", "扣減任務分值") in highlight("D12-5【5】約稿 不報每次扣減任務分值3分")
    # 计 inside a name is the name's; 两条 and 50% are numbers
    assert highlight("    市統計局 20、市教育局 30") == [("constant.numeric", "20"), ("constant.numeric", "30")]
    assert ("constant.numeric", "两条") in highlight("每月报送两条")
    assert ("constant.numeric", "50%") in highlight("得分按50%计入所属单位")
    # a # inside 《》 is part of the title, not a comment
    assert highlight("《快讯#1》") == [("string.quoted.other.title", "《快讯#1》")]


def test_the_extension_declares_the_language_the_grammar_and_the_server():
    package = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (language,) = package["contributes"]["languages"]
    assert language["id"] == "xinxi" and language["extensions"] == [".xinxi"]
    assert json.loads((VSCODE / language["configuration"]).read_text(encoding="utf-8"))["comments"]["lineComment"] == "#"
    (grammar,) = package["contributes"]["grammars"]
    assert (VSCODE / grammar["path"]).resolve() == GRAMMAR
    assert grammar["scopeName"] == json.loads(GRAMMAR.read_text(encoding="utf-8"))["scopeName"] == "source.xinxi"
    assert package["contributes"]["configuration"]["properties"]["xinxi.command"]["default"] == ["xinxi", "lsp"]
    main = (VSCODE / package["main"]).read_text(encoding="utf-8")
    assert 'require("vscode-languageclient/node")' in main and "vscode-languageclient" in package["dependencies"]
    assert 'get("command")' in main
