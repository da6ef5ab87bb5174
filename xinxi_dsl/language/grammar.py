"""The grammar: ``grammar/xinxi.lark`` plus one terminal per keyword.

The parser is Lark LALR with the contextual lexer, so a free word and a
keyword only compete in parser states where both may follow; where they do,
keywords have the higher priority and free words stop before them (see the
``WORD`` terminal).  The built parser is cached in a per-user directory
that must be the user's own (see :func:`_cache_dir`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from functools import lru_cache
from pathlib import Path

import lark
from lark import Lark
from lark.lark import _LOAD_ALLOWED_OPTIONS
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


#: positions are taken from the tokens by parse._Builder (cheaper than propagate_positions)
_OPTIONS = dict(parser="lalr", lexer="contextual", propagate_positions=False, maybe_placeholders=False)


def _cache_dir() -> int | None:
    """A descriptor of the per-user cache directory ``$XDG_CACHE_HOME/xinxi``
    (or ``~/.cache/xinxi``), or None when it cannot be trusted.

    The cache holds a pickle, and loading a pickle runs whatever code it
    names: so the directory must be the user's own — created 0700, not a
    symbolic link, owned by this user, writable by nobody else.  Anything
    else and the grammar is built afresh (about 0.35 s) and nothing is
    written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "xinxi")
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    st = os.fstat(fd)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        os.close(fd)
        return None
    return fd


def _load_cached(dir_fd: int, name: str) -> Lark | None:
    """The cached parser if the file is a regular file of this user's, not
    a link, written by nobody else; otherwise None."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        try:
            return Lark.__new__(Lark)._load(f, postlex=XinxiIndenter(), propagate_positions=False)
        except Exception:  # a truncated or stale file: build afresh
            return None


def _build(text: str) -> Lark:
    return Lark(text, postlex=XinxiIndenter(), **_OPTIONS)


def cache_name(text: str | None = None) -> str:
    """The cache file's name: the grammar's and Lark's fingerprint."""
    text = grammar_text() if text is None else text
    digest = hashlib.sha256((text + repr(_OPTIONS) + lark.__version__).encode("utf-8")).hexdigest()[:16]
    return f"grammar-{digest}.pickle"


@lru_cache(maxsize=1)
def parser() -> Lark:
    text = grammar_text()
    name = cache_name(text)
    dir_fd = _cache_dir()
    if dir_fd is None:
        return _build(text)
    try:
        cached = _load_cached(dir_fd, name)
        if cached is not None:
            return cached
        built = _build(text)
        tmp = f".{name}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=dir_fd)
            with os.fdopen(fd, "wb") as f:
                built.save(f, _LOAD_ALLOWED_OPTIONS)
            # a rename replaces a link at ``name`` itself, never its target
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
        return built
    finally:
        os.close(dir_fd)
