"""Fuzz the compiler: no input may raise anything but XinxiError.

    python tests/fuzz/fuzz_parser.py [--examples 20000] [--seed 0]

Not part of the test suite (it takes minutes): pytest does not collect it.
Three generators, each run for --examples inputs:
  random     — arbitrary Unicode text with the language's own characters mixed in;
  grammar    — hypothesis.extra.lark.from_lark on grammar/xinxi.lark;
  mutations  — the real files in regulations/ with characters deleted,
               duplicated, swapped or replaced, and lines shuffled.
Every input that compiles is also rendered (md, html, docx), round-tripped
through the IR's JSON, and formatted (xinxi fmt: the result must parse to the
same statements and compile to the same IR, and formatting it again must
change nothing), so the later stages are fuzzed too. Prints counts and time.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
from hypothesis.extra.lark import from_lark  # noqa: E402
from lark import Lark  # noqa: E402

from xinxi_dsl import compile_text  # noqa: E402
from xinxi_dsl.compiler import ir  # noqa: E402
from xinxi_dsl.foundation.diagnostics import XinxiError  # noqa: E402
from xinxi_dsl.language.grammar import grammar_text  # noqa: E402
from xinxi_dsl.documents.docx_writer import appendix_docx  # noqa: E402
from xinxi_dsl.language.fmt import format_source, same_meaning  # noqa: E402
from xinxi_dsl.documents.appendix import appendix, html, render_markdown  # noqa: E402

SOURCES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "regulations").glob("*.xinxi"))]
PIECES = list("规程單位組属性每采用條計分另加扣減《》【】“”：、，。（）含共个目标获批示被直报点全额按百分之四十%０１２3 \t\u3000\n#")

stats = {"inputs": 0, "compiled": 0, "diagnostics": 0}
failures: list[tuple[str, str]] = []


def check(text: str) -> None:
    stats["inputs"] += 1
    try:
        reg, _ = compile_text(text, "fuzz.xinxi")
    except XinxiError as exc:
        stats["diagnostics"] += 1
        assert exc.diagnostics
        return
    except Exception:  # the bug this script hunts for
        failures.append((text, traceback.format_exc()))
        return
    stats["compiled"] += 1
    try:
        render_markdown(reg)
        doc = appendix(reg)
        html(doc)
        appendix_docx(doc)
        assert ir.loads(ir.dumps(reg)) == reg
        out = format_source(text)
        assert same_meaning(text, out) and format_source(out) == out
        assert compile_text(out, "fuzz.xinxi")[0] == reg
    except Exception:
        failures.append((text, traceback.format_exc()))


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SOURCES))
    lines = text.splitlines(keepends=True)
    if draw(st.booleans()):
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    text = "".join(lines)
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, max(len(text) - 1, 0)))
        op = draw(st.sampled_from(["delete", "dup", "replace", "insert"]))
        if op == "delete":
            text = text[:pos] + text[pos + 1 :]
        elif op == "dup":
            text = text[:pos] + text[pos : pos + 3] + text[pos:]
        else:
            ch = draw(st.sampled_from(PIECES) | st.characters())
            text = text[:pos] + ch + text[pos + (op == "replace") :]
    return text


def run(name: str, strategy, n: int) -> None:
    @settings(max_examples=n, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def go(text):
        check(text)

    before = dict(stats)
    t = time.perf_counter()
    go()
    dt = time.perf_counter() - t
    done = stats["inputs"] - before["inputs"]
    print(f"{name:10} {done:>7,} inputs  {stats['compiled'] - before['compiled']:>6,} compiled  "
          f"{stats['diagnostics'] - before['diagnostics']:>6,} diagnostics  {dt:7.1f} s  ({done / dt:,.0f}/s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=20000, help="inputs per generator")
    a = ap.parse_args()
    t = time.perf_counter()
    run("random", st.text(st.characters() | st.sampled_from(PIECES), max_size=400), a.examples)
    grammar = Lark(grammar_text(), parser="lalr", lexer="contextual")
    run("grammar", from_lark(grammar, explicit={"_INDENT": st.just("    "), "_DEDENT": st.just("")}), a.examples)
    run("mutations", mutated(), a.examples)
    print(f"total      {stats['inputs']:>7,} inputs in {time.perf_counter() - t:.0f} s; "
          f"{len(failures)} raised something other than XinxiError")
    for text, tb in failures[:5]:
        print("-" * 60, repr(text[:300]), tb, sep="\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
