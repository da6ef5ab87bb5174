"""Positions and diagnostics, shared by every stage.

A :class:`Diagnostic` holds content only (key, Chinese message, English
message, span); :func:`render` draws the source line and a caret under the
right *display* column — a Chinese character takes two terminal columns,
which Lark's own caret ignores.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Span:
    """Where something stands in a source file (1-based line and column)."""

    file: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:  # the file as a whole
            return self.file
        if self.column <= 0:  # a ledger row: file:row
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def to_json(self) -> list:
        return [self.line, self.column, self.end_line, self.end_column]

    @classmethod
    def from_json(cls, file: str, data: list) -> "Span":
        return cls(file, *data)


@dataclass(frozen=True)
class Diagnostic:
    key: str  #: English key, stable, e.g. ``unknown-unit``
    message: str  #: the message in Chinese
    span: Span | None = None
    severity: str = "error"  #: ``error``, ``warning`` or ``note``
    source_line: str | None = field(default=None, compare=False)

    def headline(self) -> str:
        where = f"{self.span}: " if self.span else ""
        word = {"error": "错误", "warning": "警告"}.get(self.severity, "提示")
        return f"{where}{word} [{self.key}] {self.message}"


class XinxiError(Exception):
    """Raised with one or more diagnostics; the CLI prints them and exits 2."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = sorted(
            diagnostics, key=lambda d: (d.span is None, d.span or Span("", 0, 0))
        )
        super().__init__("\n".join(d.headline() for d in self.diagnostics))


#: a source line longer than this is shown as a window around the error
MAX_SHOWN = 120
#: at most this many diagnostics are printed for one run
MAX_DIAGNOSTICS = 50


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide and full-width chars count 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render(diag: Diagnostic, source: str | None = None) -> str:
    """The headline, then the source line with a caret under the column."""
    out = [diag.headline()]
    line_text = diag.source_line
    if line_text is None and source is not None and diag.span is not None:
        lines = source.splitlines()
        if 0 < diag.span.line <= len(lines):
            line_text = lines[diag.span.line - 1]
    if line_text is not None and diag.span is not None and diag.span.column > 0:
        line_text = line_text.replace("\t", " ")
        if len(line_text) > MAX_SHOWN:  # show a window around the column
            start = max(0, diag.span.column - 1 - MAX_SHOWN // 2)
            line_text = ("…" if start else "") + line_text[start : start + MAX_SHOWN] + "…"
            diag = Diagnostic(diag.key, diag.message, Span(diag.span.file, diag.span.line,
                              diag.span.column - start + (1 if start else 0), diag.span.line, 0), diag.severity)
        number = str(diag.span.line)
        pad = " " * len(number)
        before = line_text[: max(diag.span.column - 1, 0)]
        width = 1
        if diag.span.end_line == diag.span.line and diag.span.end_column > diag.span.column:
            width = display_width(
                line_text[diag.span.column - 1 : diag.span.end_column - 1]
            )
        elif diag.span.end_line > diag.span.line:  # a whole statement: to the line's end
            width = display_width(line_text[diag.span.column - 1 :].rstrip())
        else:
            under = line_text[diag.span.column - 1 : diag.span.column]
            width = display_width(under) if under else 1
        out.append(f" {number} | {line_text}")
        out.append(f" {pad} | {' ' * display_width(before)}{'^' * max(width, 1)}")
    return "\n".join(out)
