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
                  generate.py (rebuilds generated/), workbench/ (``xinxi serve``,
                  ``xinxi lsp``, the editors' TextMate grammar)

Public API: :func:`compile_text`, :func:`compile_file`, :func:`read_source`,
:func:`score`.
"""

from __future__ import annotations

from pathlib import Path

from .foundation.diagnostics import Diagnostic, Span, XinxiError, position_after
from .compiler.ir import Regulation

__version__ = "0.1.0"


def compile_text(source: str, file: str = "<string>") -> tuple[Regulation, list[Diagnostic]]:
    """Parse, lower and check.  Raises XinxiError if there is any error;
    returns the IR and the warnings."""
    from .compiler.check import check
    from .compiler.lower import lower
    from .foundation.collector import bulk
    from .language.parse import parse

    with bulk():  # nothing here is garbage: see foundation/collector.py
        reg = lower(parse(source, file))
        diags = check(reg)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise XinxiError(errors)
    return reg, [d for d in diags if d.severity != "error"]


def read_source(path: str | Path) -> str:
    """A regulation file's text: UTF-8 (with or without a BOM), UTF-16 with a
    BOM, or GB18030 (GBK) where the file is not UTF-8 at all.  A file that
    is UTF-8 but for some bytes (cut inside a character) is an error at the
    line and column of the first bad byte."""
    p = Path(path)
    if not p.exists():
        raise XinxiError(Diagnostic("missing-file", "找不到文件 (file not found)", Span(str(p), 0, 0)))
    if p.is_dir():
        raise XinxiError(Diagnostic("not-a-file", "这是目录，不是规程文件 (not a file)", Span(str(p), 0, 0)))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise XinxiError(Diagnostic("cannot-read", f"无法读取文件：{exc.strerror} (cannot read)", Span(str(p), 0, 0))) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise XinxiError(Diagnostic("bad-encoding", f"UTF-16文件在第{exc.start}字节处损坏，请另存为UTF-8 (damaged UTF-16 file: save it as UTF-8)",
                                        Span(str(p), 0, 0))) from None
    if b"\x00" in data:
        if _looks_utf16(data):
            raise XinxiError(Diagnostic("utf16-file", "文件是UTF-16编码（没有BOM），请另存为UTF-8 (a UTF-16 file: save it as UTF-8)", Span(str(p), 0, 0)))
        raise XinxiError(Diagnostic("binary-file", "文件不是文本文件（含有NUL字节） (binary file)", Span(str(p), 1, 1)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8 = exc
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if not data[start : utf8.start].isascii():
        # UTF-8 up to here (Chinese already read as UTF-8): a damaged or cut file
        raise _bad_bytes(p, data, start, utf8, "文件不是有效的UTF-8：此处的字节{bad}无法解码（文件可能被截断或损坏） (invalid UTF-8)")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _bad_bytes(p, data, start, utf8, "文件编码无法识别（应为UTF-8）：此处的字节{bad}无法解码 (unknown text encoding)") from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: NUL bytes in most odd or most even places (ASCII)."""
    sample = data[:4000]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) >= len(sample) // 4 and min(odd, even) <= len(sample) // 100


def _bad_bytes(p: Path, data: bytes, start: int, exc: UnicodeDecodeError, message: str) -> XinxiError:
    """The error at the first byte UTF-8 could not decode: line and column."""
    line, column = position_after(data[start : exc.start])
    bad = data[exc.start : exc.end].hex(" ").upper()
    return XinxiError(Diagnostic("bad-encoding", message.format(bad=bad), Span(str(p), line, column)))


def compile_file(path: str | Path) -> tuple[Regulation, list[Diagnostic]]:
    return compile_text(read_source(path), str(path))


def score(regulation: Regulation, ledger_path: str | Path, period_from=None, period_to=None,
          columns: dict[str, str] | None = None, sheet: str | None = None):
    """Score a ledger file; ``columns`` maps a column key to the clerk's own
    header ({"批示": "领导批示"}); ``sheet``: read only that sheet of an .xlsx."""
    from .engine.evaluate import evaluate_ledger
    from .engine.ledger import read_ledger

    return evaluate_ledger(regulation, read_ledger(ledger_path, columns=columns, sheet=sheet), period_from, period_to)


__all__ = ["compile_text", "compile_file", "score", "Regulation", "XinxiError", "Diagnostic", "Span"]
