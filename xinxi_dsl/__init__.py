"""xinxi — a compiler for the scoring rules of government information work.

The pipeline, one module per stage::

    keywords.py   keyword table (simplified + traditional spellings)
        │
    grammar.py    grammar/xinxi.lark + keyword terminals → Lark LALR parser
        │
    parse.py      source → syntax tree (syntax.py), spans on every node
        │
    lower.py      syntax tree → IR (ir.py): names resolved, dates, numbers
        │
    check.py      IR → diagnostics
        │
    evaluate.py   IR + ledger (ledger.py) → scores and explanations (caps, escalation,
                  count targets, transfers, quarterly outcomes)
    indicators.py IR checklist + indicator sheet → indicator scores (D09-X)
    fmt.py        concrete syntax (parse.concrete) → the canonical layout
    render.py     IR → the notice's appendix: a document model → Markdown / HTML
    report.py     results → table / JSON / CSV
    periods.py    the assessment year (GZ05: from 12-01), its quarters and months; the pace
    bulletin.py   IR + ledger + period → the report (通报) model → Markdown / HTML
    chart.py      completion per unit → inline SVG
    docx_writer.py  appendix / report model → DOCX (GB/T 9704)
    xlsx_writer.py  report model → xlsx with a native chart
    cli.py        the ``xinxi`` command

Public API: :func:`compile_text`, :func:`compile_file`, :func:`score`.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, Span, XinxiError
from .ir import Regulation

__version__ = "0.1.0"


def compile_text(source: str, file: str = "<string>") -> tuple[Regulation, list[Diagnostic]]:
    """Parse, lower and check.  Raises XinxiError if there is any error;
    returns the IR and the warnings."""
    from .check import check
    from .lower import lower
    from .parse import parse

    reg = lower(parse(source, file))
    diags = check(reg)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise XinxiError(errors)
    return reg, [d for d in diags if d.severity != "error"]


def read_source(path: str | Path) -> str:
    p = Path(path)
    if not p.exists():
        raise XinxiError(Diagnostic("missing-file", "找不到文件 (file not found)", Span(str(p), 0, 0)))
    if p.is_dir():
        raise XinxiError(Diagnostic("not-a-file", "这是目录，不是规程文件 (not a file)", Span(str(p), 0, 0)))
    data = p.read_bytes()
    if b"\x00" in data:
        raise XinxiError(Diagnostic("binary-file", "文件不是文本文件（含有NUL字节） (binary file)", Span(str(p), 1, 1)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise XinxiError(Diagnostic("bad-encoding", "文件编码无法识别（应为UTF-8） (unknown text encoding)", Span(str(p), 1, 1))) from None


def compile_file(path: str | Path) -> tuple[Regulation, list[Diagnostic]]:
    return compile_text(read_source(path), str(path))


def score(regulation: Regulation, ledger_path: str | Path, period_from=None, period_to=None):
    from .evaluate import evaluate_ledger
    from .ledger import read_ledger

    return evaluate_ledger(regulation, read_ledger(ledger_path), period_from, period_to)


__all__ = ["compile_text", "compile_file", "score", "Regulation", "XinxiError", "Diagnostic", "Span"]
