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




# ---- one script per document ------------------------------------------------------
#
# A document (report, appendix) is in one script throughout: the fixed phrases,
# the notice's words and the ledger's text alike.  t→s is opencc ``t2s`` (safe);
# s→t is opencc ``s2tw``, which converts by phrase (关于 → 關於, 干部 → 幹部,
# 采用 → 採用) and was the closest of opencc's s→t conversions to the
# traditional seeds' own words (tests/test_documents_chinese.py).  In the
# report a traditional notice's words go through it too, so its mainland-style
# 采用/关于 read as 採用/關於 beside the ledger's converted titles; the appendix
# in the notice's own script reproduces the notice's words as written.

_TO = {"s": OpenCC("t2s"), "t": OpenCC("s2tw")}
#: where s2tw is wrong on the seeds' own words (tests/test_documents_chinese.py
#: converts each traditional seed to simplified and back): 折合 (D09's 按300分折合10分) is not 摺合
_S2T_FIXES = {"摺合": "折合"}


@lru_cache(maxsize=65536)
def to_script(text: str, script: str) -> str:
    """``text`` wholly in ``script`` (s | t).  Repeated until it no longer
    changes (s2tw is not always idempotent: 錦里 → 錦裏 → 錦裡), so that a
    converted text passes :func:`other_script`.

    >>> to_script("获市政府領導批示的信息每条另加2分", "t"), to_script("進度滯後", "s")
    ('獲市政府領導批示的信息每條另加2分', '进度滞后')
    """
    conv = _TO["t" if script == "t" else "s"]
    for _ in range(3):
        out = conv.convert(text)
        if script == "t":
            for wrong, right in _S2T_FIXES.items():
                out = out.replace(wrong, right)
        if out == text:
            break
        text = out
    return text


def other_script(text: str, script: str) -> list[str]:
    """The characters of ``text`` that the conversion into ``script`` would
    change, i.e. those of the other script, in context (opencc converts by
    phrase: 台 stays in 台灣 but not in 台账), line by line."""
    found: list[str] = []
    conv = _TO["t" if script == "t" else "s"]
    for line in text.splitlines():
        out = conv.convert(line)
        if script == "t":
            for wrong, right in _S2T_FIXES.items():
                out = out.replace(wrong, right)
        if out != line:
            found += [a for a, b in zip(line, out) if a != b]
    return found
