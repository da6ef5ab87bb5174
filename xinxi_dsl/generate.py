"""Rebuild ``generated/`` from ``regulations/`` and ``examples/``:

    python -m xinxi_dsl.generate            # write generated/
    python -m xinxi_dsl.generate --check    # exit 1 if generated/ is stale

For every regulation: its IR (``CODE.ir.json``) and its appendix
(``CODE.md``); for the shipped example ledger: its scores (JSON).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import compile_file, ir, report, score
from .render import render_markdown

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"D12-2012Q1.score.json": ("D12", "examples/D12-2012Q1.csv")}


def artefacts(root: Path = ROOT) -> dict[str, str]:
    """Every generated file's name and text, built from the sources."""
    cwd = os.getcwd()
    os.chdir(root)  # paths inside the artefacts are relative to the repository
    try:
        out: dict[str, str] = {}
        regs = {}
        for p in sorted(Path("regulations").glob("*.xinxi")):
            reg, _ = compile_file(p.as_posix())
            regs[reg.code] = reg
            out[f"{reg.code}.ir.json"] = ir.dumps(reg)
            out[f"{reg.code}.md"] = render_markdown(reg)
        for name, (code, ledger) in EXAMPLES.items():
            out[name] = report.dumps(score(regs[code], ledger))
        return out
    finally:
        os.chdir(cwd)


def stale(root: Path = ROOT) -> list[str]:
    gen = root / "generated"
    want = artefacts(root)
    bad = [n for n, text in want.items() if not (gen / n).exists() or (gen / n).read_text(encoding="utf-8") != text]
    extra = [p.name for p in gen.glob("*") if p.name not in want and p.name != "README.md"]
    return sorted(bad + extra)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m xinxi_dsl.generate", description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report stale files")
    args = ap.parse_args(argv)
    if args.check:
        bad = stale()
        for n in bad:
            print(f"stale: generated/{n}")
        return 1 if bad else 0
    gen = ROOT / "generated"
    gen.mkdir(exist_ok=True)
    for n, text in artefacts().items():
        (gen / n).write_text(text, encoding="utf-8")
        print(f"wrote generated/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
