"""xinxi — a compiler for the scoring rules of government information work.

The folders are the pipeline; each imports only from the ones above it in
this drawing (``tests/test_layout.py`` holds them to it)::

    foundation/   diagnostics (spans, located messages), text (folding)
        │
    language/     keywords → grammar (grammar/xinxi.lark) → parse → syntax tree; fmt
        │
    compiler/     lower (syntax tree → IR) → check;  ir: the IR and its JSON
        │
    engine/       ledger, periods → evaluate → outputs (JSON, CSV, tables);
        │         indicators (the D09-X checklist)
    documents/    appendix, bulletin (the 通报) → templates/, chart,
        │         docx_writer, xlsx_writer
    faces         __init__ (this public API), cli.py (the ``xinxi`` command),
                  generate.py (rebuilds generated/)

Public API: :func:`compile_text`, :func:`compile_file`, :func:`read_source`,
:func:`score`.
"""

from __future__ import annotations

from pathlib import Path

from .foundation.diagnostics import Diagnostic, Span, XinxiError
from .compiler.ir import Regulation

__version__ = "0.1.0"


def compile_text(source: str, file: str = "<string>") -> tuple[Regulation, list[Diagnostic]]:
    """Parse, lower and check.  Raises XinxiError if there is any error;
    returns the IR and the warnings."""
    from .compiler.check import check
    from .compiler.lower import lower
    from .language.parse import no_gc, parse

    with no_gc():  # nothing here is garbage; see parse.no_gc
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
    from .engine.evaluate import evaluate_ledger
    from .engine.ledger import read_ledger

    return evaluate_ledger(regulation, read_ledger(ledger_path), period_from, period_to)


__all__ = ["compile_text", "compile_file", "score", "Regulation", "XinxiError", "Diagnostic", "Span"]
