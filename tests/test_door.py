"""Absurd regulations end in located errors, never an internal error
(issue 11): nesting thousands of levels deep, a year 9999."""

from __future__ import annotations

import pytest

from xinxi_dsl import compile_text
from xinxi_dsl.foundation.diagnostics import XinxiError
from xinxi_dsl.language.fmt import format_source

HEAD = "規程 T\n考核期 2012年1月1日 至 2012年12月31日\n單位組 甲：\n    市發改委 30\n《快訊》每采用1條計2分\n"


def _nested(levels: int) -> str:
    lines = [HEAD + "指标考核："]
    lines += ["  " * (i + 1) + f"部分{i} 满分10分：" for i in range(levels)]
    lines.append("  " * (levels + 1) + "信息报送 每条计1分")
    return "\n".join(lines) + "\n"


def _keys(exc: XinxiError) -> list[tuple[str, int]]:
    return [(d.key, d.span.line) for d in exc.diagnostics]


@pytest.mark.parametrize("levels", [8, 2000])
def test_deep_nesting_is_a_located_error(levels):
    for run in (compile_text, format_source):
        with pytest.raises(XinxiError) as e:
            run(_nested(levels))
        assert _keys(e.value) == [("too-deep", 15)]  # the ninth level of indentation


def test_seven_levels_are_fine():
    reg, _ = compile_text(_nested(7))
    assert [i.name for i in reg.checklist.indicators()] == ["信息报送"]


def test_year_9999_is_a_located_error():
    with pytest.raises(XinxiError) as e:
        compile_text(HEAD.replace("2012年", "9999年"))
    assert _keys(e.value) == [("bad-date", 2), ("bad-date", 2)]
