"""Rebuild ``generated/`` from ``regulations/`` and ``examples/``:

    python -m xinxi_dsl.generate            # write generated/
    python -m xinxi_dsl.generate --check    # exit 1 if generated/ is stale

For every regulation (``regulations/`` and ``examples/``): its IR (``CODE.ir.json``) and its appendix
(``CODE.md``, ``CODE.html``, ``CODE.docx``); for the shipped example ledger:
its scores (JSON) and the report for March 2012 (md, html, xlsx).  Also the
editors' TextMate grammar (``editors/vscode/syntaxes/xinxi.tmLanguage.json``),
made from the keywords.

``--check`` compares .docx and .xlsx files by what they hold (paragraph
and table text; cell values), not by bytes: a new python-docx or
xlsxwriter may zip the same content differently.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import compile_file, score
from .compiler import ir
from .documents import appendix, bulletin
from .documents.docx_writer import appendix_docx
from .documents.xlsx_writer import report_xlsx
from .engine import outputs, periods
from .engine.ledger import read_ledger

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"D12-2012Q1.score.json": ("D12", "examples/D12-2012Q1.csv")}
#: sample reports: file stem → (regulation, ledger, --month)
REPORTS = {"D12-2012-03.report": ("D12", "examples/D12-2012Q1.csv", "2012-03")}


def artefacts(root: Path = ROOT) -> dict[str, str | bytes]:
    """Every generated file's name and content (text, or bytes for .docx
    and .xlsx), built from the sources."""
    cwd = os.getcwd()
    os.chdir(root)  # paths inside the artefacts are relative to the repository
    try:
        out: dict[str, str | bytes] = {}
        regs = {}
        # the seed notices, and the example regulations of invented places (examples/*.xinxi)
        for p in [*sorted(Path("regulations").glob("*.xinxi")), *sorted(Path("examples").glob("*.xinxi"))]:
            reg, _ = compile_file(p.as_posix())
            regs[reg.code] = reg
            out[f"{reg.code}.ir.json"] = ir.dumps(reg)
            doc = appendix.appendix(reg)
            out[f"{reg.code}.md"] = appendix.markdown(doc)
            out[f"{reg.code}.html"] = appendix.html(doc)
            out[f"{reg.code}.docx"] = appendix_docx(doc)
        for name, (code, ledger) in EXAMPLES.items():
            out[name] = outputs.dumps(score(regs[code], ledger))
        for stem, (code, ledger, month) in REPORTS.items():
            reg = regs[code]
            b = bulletin.build(reg, read_ledger(ledger), periods.period(reg, month))
            out[f"{stem}.md"] = bulletin.markdown(b)
            out[f"{stem}.html"] = bulletin.html(b)
            out[f"{stem}.xlsx"] = report_xlsx(b)
        return out
    finally:
        os.chdir(cwd)


def content(name: str, data: str | bytes):
    """What a file holds, for comparison: the text; for .docx every
    paragraph's and table cell's text (footers too); for .xlsx every
    sheet's name and cell values."""
    if isinstance(data, str):
        return data
    import io

    if name.endswith(".docx"):
        from docx import Document

        doc = Document(io.BytesIO(data))
        cells = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
        footers = [p.text for s in doc.sections for f in (s.footer, s.even_page_footer) for p in f.paragraphs]
        return [p.text for p in doc.paragraphs], cells, footers
    if name.endswith(".xlsx"):
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [(sheet, wb.get_sheet_by_name(sheet).to_python()) for sheet in wb.sheet_names]
    return data


def _read(path: Path, like: str | bytes) -> str | bytes:
    return path.read_bytes() if isinstance(like, bytes) else path.read_text(encoding="utf-8")


#: files outside generated/ made from the sources: path → its text
def _elsewhere() -> dict[str, str]:
    from .workbench import textmate

    return {"editors/vscode/syntaxes/xinxi.tmLanguage.json": textmate.text()}


def stale(root: Path = ROOT) -> list[str]:
    gen = root / "generated"
    want = artefacts(root)
    bad = [n for n, data in want.items()
           if not (gen / n).exists() or content(n, _read(gen / n, data)) != content(n, data)]
    extra = [p.name for p in gen.glob("*") if p.name not in want and p.name != "README.md"]
    other = [f"../{n}" for n, text in _elsewhere().items()
             if not (root / n).exists() or (root / n).read_text(encoding="utf-8") != text]
    return sorted(bad + extra) + other


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
    for n, data in artefacts().items():
        if isinstance(data, bytes):
            (gen / n).write_bytes(data)
        else:
            (gen / n).write_text(data, encoding="utf-8")
        print(f"wrote generated/{n}")
    for n, text in _elsewhere().items():
        (ROOT / n).write_text(text, encoding="utf-8")
        print(f"wrote {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
