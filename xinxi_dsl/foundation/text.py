"""Text folding for matching: scripts, spaces and quotes.

Users always see their own text; only comparisons use the folded form.
Script folding uses the official ``opencc`` package (traditional → simplified,
which is safe; simplified → traditional is not: 干 → 幹).
"""

from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
_STRIP = "《》“”\"'「」『』‘’〈〉"
_SPACES = re.compile(r"\s+")
#: separators between several values in one ledger cell
VALUE_SEPARATORS = re.compile(r"[、,，;；]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The form two strings are compared in: simplified, no spaces, no 《》“”.

    >>> fold(" 達 縣 "), fold("《達州政務快訊》")
    ('达县', '达州政务快讯')
    """
    t = _SPACES.sub("", text).strip(_STRIP)
    t = t.replace("（", "(").replace("）", ")")
    return _T2S.convert(t)


@lru_cache(maxsize=65536)
def split_values(cell: str) -> tuple[str, ...]:
    """Several values in one cell, each folded; blanks dropped."""
    return tuple(f for f in (fold(v) for v in VALUE_SEPARATORS.split(cell)) if f)


