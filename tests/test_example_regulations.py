"""The example regulations of invented places (examples/*.xinxi, issue 13):
each compiles with no warning, is already in fmt's canonical layout, and its
appendix is in generated/ (tests/test_generated.py checks it is fresh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from xinxi_dsl import compile_file
from xinxi_dsl.language.fmt import format_source

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.xinxi"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_regulation_is_clean_and_canonical(path):
    reg, diags = compile_file(path)
    assert [d for d in diags] == []  # xinxi check: not even a warning
    text = path.read_text(encoding="utf-8")
    assert format_source(text) == text
    assert (ROOT / "generated" / f"{reg.code}.md").exists()
