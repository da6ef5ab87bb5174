"""What both passes produce and read: explanation lines, a condition's test on a row, exact decimals as text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ..compiler import ir


class Line(NamedTuple):
    """One contribution to one unit's score (a NamedTuple: cheap to build)."""

    row: int
    record_id: str
    date: date
    title: str
    unit: str  #: the unit credited (key)
    rule_id: str | None
    label: str | None
    rule_line: int | None
    kind: str  #: base | bonus | penalty | transfer
    points: Decimal
    note: str = ""


def dec(d: Decimal | None) -> str | None:
    """Exact decimal string: 12, 0.3, 2.5 (never 1E+1, never float noise)."""
    if d is None:
        return None
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def cond(c: ir.Condition, attrs) -> bool:
    """A row's attribute values satisfy one condition (（不含…）: hold none of its values)."""
    vals = attrs.get(c.key)
    if c.negate:
        return not vals or c.folded.isdisjoint(vals)
    return bool(vals) and not c.folded.isdisjoint(vals)


def order(line: Line) -> tuple:
    """How explanations list lines: a row's lines in ledger order (its base
    first), then the unit's own lines (row 0: allowances, period rules,
    floors) by date."""
    if line.row:
        return (0, line.row, line.kind != "base", line.date)
    return (1, 0, False, line.date)
