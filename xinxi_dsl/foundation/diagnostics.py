"""Positions and diagnostics, shared by every stage.

A :class:`Diagnostic` holds content only (key, Chinese message, English
message, span); :func:`render` draws the source line and a caret under the
right *display* column — a Chinese character takes two terminal columns,
which Lark's own caret ignores.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable


class SheetRow(int):
    """A row number on a named worksheet, when a workbook has several ledger
    sheets: an int everywhere (arithmetic, JSON ``row``, ``f"第{row}行"``),
    but equal and ordered by (sheet, row) against another SheetRow, and by
    the number against a plain int; hashed as the number, so that equal
    objects hash alike (``5`` finds ``SheetRow(5, "二月")`` in a dict, and
    rows 5 of two sheets stay two keys); a :class:`Span` on it
    names the sheet (``ledger.xlsx:二月:5``), and ``str()`` — what a table
    cell or a report template shows — is ``二月!5``."""

    sheet: str
    order: int

    def __new__(cls, row: int, sheet: str, order: int = 0) -> "SheetRow":
        self = super().__new__(cls, row)
        self.sheet = sheet
        self.order = order  #: the sheet's place in the workbook
        return self

    def _key(self, other: object):
        if isinstance(other, SheetRow):
            return (self.order, int(self)), (other.order, int(other))
        return int(self), other

    def __eq__(self, other: object) -> bool:
        a, b = self._key(other)
        return a == b

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __lt__(self, other):
        a, b = self._key(other)
        return a < b

    def __le__(self, other):
        a, b = self._key(other)
        return a <= b

    def __gt__(self, other):
        a, b = self._key(other)
        return a > b

    def __ge__(self, other):
        a, b = self._key(other)
        return a >= b

    def __hash__(self) -> int:  # equal to the plain int: the same hash
        return int.__hash__(self)

    def __reduce__(self):
        return SheetRow, (int(self), self.sheet, self.order)

    def __str__(self) -> str:
        return self.label()

    def __format__(self, spec: str) -> str:  # f"第{row}行": the number (the Span names the sheet)
        return format(int(self), spec)

    def label(self) -> str:
        """As a spreadsheet user writes it: 二月!5."""
        return f"{self.sheet}!{int(self)}"


def position_after(prefix: bytes, codec: str = "utf-8") -> tuple[int, int]:
    """(line, column) of the character right after ``prefix`` — a file's bytes
    up to a problem, such as the first byte that does not decode.  Columns
    count characters, as the caret line does."""
    text = prefix.decode(codec, errors="replace")
    return text.count("\n") + 1, len(text) - (text.rfind("\n") + 1) + 1


def row_label(row: int) -> str:
    """A ledger row for a table cell: 5, or 二月!5 on one of several sheets."""
    return row.label() if isinstance(row, SheetRow) else str(row)


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
        if isinstance(self.line, SheetRow):  # a row of one of several sheets
            return f"{self.file}:{self.line.sheet}:{int(self.line)}"
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


@lru_cache(maxsize=2)
def _lines(source: str) -> tuple[str, ...]:
    """A source's lines, split once for all of its diagnostics (a fuzzed
    1.4 MB file had 65,535, and splitting it for each took minutes)."""
    return tuple(source.splitlines())


def render(diag: Diagnostic, source: str | None = None) -> str:
    """The headline, then the source line with a caret under the column."""
    out = [diag.headline()]
    line_text = diag.source_line
    if line_text is None and source is not None and diag.span is not None:
        lines = _lines(source)
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
