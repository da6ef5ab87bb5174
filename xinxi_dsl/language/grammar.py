"""The grammar: ``grammar/xinxi.lark`` plus one terminal per keyword.

The parser is Lark LALR with the contextual lexer, so a free word and a
keyword only compete in parser states where both may follow; where they do,
keywords have the higher priority and free words stop before them (see the
``WORD`` terminal).  The built parser is cached in a per-user directory.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from lark import Lark
from lark.indenter import Indenter

from .keywords import KEYWORDS

_PACKAGE = Path(__file__).resolve().parents[1]
#: The grammar's one home is ``grammar/xinxi.lark`` at the top of the
#: checkout.  A build carries that folder into the package as
#: ``xinxi_dsl/grammar/`` (pyproject.toml maps it), so an installed wheel reads
#: its own copy and a checkout (editable install, tests) reads the source.
GRAMMAR_FILE = next((p for p in (_PACKAGE / "grammar" / "xinxi.lark", _PACKAGE.parent / "grammar" / "xinxi.lark")
                     if p.is_file()), _PACKAGE.parent / "grammar" / "xinxi.lark")


class IndentMismatch(Exception):
    """A line indented to none of the enclosing levels (parse.py reports it)."""

    def __init__(self, line: int, found: int, expected: int):
        super().__init__(line, found, expected)
        self.line, self.found, self.expected = line, found, expected


#: how deeply blocks may nest (a checklist's sections within sections): deep
#: enough for any notice, and a bound for everything that walks the tree
MAX_DEPTH = 8


class TooDeep(Exception):
    """A line indented more than :data:`MAX_DEPTH` levels (parse.py reports it)."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class XinxiIndenter(Indenter):
    """Lark's indenter, but a full-width space (U+3000, as WPS and Word
    indent) counts as two columns, and a bad dedent carries its line."""

    NL_type = "_NL"
    OPEN_PAREN_types: list[str] = []
    CLOSE_PAREN_types: list[str] = []
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 4

    def handle_NL(self, token):
        yield token
        indent_str = token.rsplit("\n", 1)[1]
        indent = indent_str.count(" ") + indent_str.count("\t") * self.tab_len + indent_str.count("\u3000") * 2
        if indent > self.indent_level[-1]:
            if len(self.indent_level) > MAX_DEPTH:
                raise TooDeep(token.end_line)
            self.indent_level.append(indent)
            yield token.new_borrow_pos(self.INDENT_type, indent_str, token)
        else:
            while indent < self.indent_level[-1]:
                self.indent_level.pop()
                yield token.new_borrow_pos(self.DEDENT_type, indent_str, token)
            if indent != self.indent_level[-1]:
                raise IndentMismatch(token.end_line, indent, self.indent_level[-1])


def keyword_terminals() -> str:
    """Lark definitions of the keyword terminals, longest spelling first."""
    lines = []
    for kw in KEYWORDS:
        alts = []
        for s in sorted(kw.spellings, key=len, reverse=True):
            if s.startswith("re:"):
                alts.append("/" + s[3:] + "/")
            else:
                alts.append('"' + s + '"')
        lines.append(f"{kw.terminal}.{kw.priority}: {' | '.join(alts)}")
    return "\n".join(lines) + "\n"


def grammar_text() -> str:
    return GRAMMAR_FILE.read_text(encoding="utf-8") + "\n" + keyword_terminals()


def _cache_path(text: str) -> str | bool:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(base) / "xinxi" / f"grammar-{digest}.lark-cache"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            return False
    except OSError:
        return False
    return str(path)


@lru_cache(maxsize=1)
def parser() -> Lark:
    text = grammar_text()
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        postlex=XinxiIndenter(),
        propagate_positions=True,
        maybe_placeholders=False,
        cache=_cache_path(text),
    )

