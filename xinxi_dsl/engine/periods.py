"""Assessment years, quarters and months as dates, and the period a
report covers.

A regulation's assessment year is the calendar year unless it says
otherwise (GZ05-Y: 考核年度 上年12月1日 至 当年11月30日, so the 2006 year runs
2005-12-01 … 2006-11-30).  Its four quarters are three months each from the
year's first day.  Every command that takes ``--year`` / ``--quarter`` /
``--month`` resolves them here, so the rule lives in one place.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..compiler import ir
from ..foundation.diagnostics import Diagnostic, Span, XinxiError

QUARTER_NAMES = "一二三四"


def _start(reg: ir.Regulation, year: int) -> date:
    y = reg.year
    if y is None:
        return date(year, 1, 1)
    return _safe(year - 1 if y.prev else year, y.month, y.day)


def _safe(year: int, month: int, day: int) -> date:
    """date(), with 29 February in a common year read as 28 February."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return _safe(d.year + m // 12, m % 12 + 1, d.day)


def year_bounds(reg: ir.Regulation, year: int) -> tuple[date, date]:
    """The first and last day of assessment year ``year``."""
    first = _start(reg, year)
    return first, _add_months(first, 12) - timedelta(days=1)


def quarter_bounds(reg: ir.Regulation, year: int, n: int) -> tuple[date, date]:
    """The first and last day of quarter ``n`` (1–4) of assessment year ``year``."""
    if n not in (1, 2, 3, 4):
        raise ValueError(f"quarter {n}")
    first = _add_months(_start(reg, year), 3 * (n - 1))
    return first, _add_months(first, 3) - timedelta(days=1)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_of(reg: ir.Regulation, d: date) -> int:
    """The assessment year a date falls in (2005-12-15 → 2006 under GZ05)."""
    for y in (d.year, d.year + 1, d.year - 1):
        first, last = year_bounds(reg, y)
        if first <= d <= last:
            return y
    raise AssertionError(d)  # pragma: no cover - a year always covers its dates


def quarter_of(reg: ir.Regulation, d: date) -> tuple[int, int]:
    """(assessment year, quarter 1–4) of a date."""
    y = year_of(reg, d)
    for n in (1, 2, 3, 4):
        first, last = quarter_bounds(reg, y, n)
        if first <= d <= last:
            return y, n
    raise AssertionError(d)  # pragma: no cover


def quarters_within(reg: ir.Regulation, first: date, last: date) -> list[tuple[int, int, date, date]]:
    """Every whole quarter inside [first, last], in order."""
    out = []
    y = year_of(reg, first)
    while year_bounds(reg, y)[0] <= last:
        for n in (1, 2, 3, 4):
            a, b = quarter_bounds(reg, y, n)
            if a >= first and b <= last:
                out.append((y, n, a, b))
        y += 1
    return out


def spans_within(reg: ir.Regulation, kind: str, first: date, last: date) -> list[tuple[str, date, date]]:
    """Every whole week / month / quarter / assessment year inside [first,
    last], in order, as (the name a reader sees, first day, last day).
    Weeks run Monday to Sunday; months and quarters are those of the
    assessment year (a year from 1 December has its first month in December)."""
    out: list[tuple[str, date, date]] = []
    if kind == "quarter":
        return [(f"{y}年第{QUARTER_NAMES[n - 1]}季度", a, b) for y, n, a, b in quarters_within(reg, first, last)]
    if kind == "year":
        y = year_of(reg, first)
        while year_bounds(reg, y)[0] <= last:
            a, b = year_bounds(reg, y)
            if a >= first and b <= last:
                out.append((f"{y}年度", a, b))
            y += 1
        return out
    if kind == "month":
        a = _start(reg, year_of(reg, first))
        while a <= last:
            b = _add_months(a, 1) - timedelta(days=1)
            if a >= first and b <= last:
                out.append((f"{a.year}年{a.month}月", a, b))
            a = b + timedelta(days=1)
        return out
    a = first + timedelta(days=(7 - first.weekday()) % 7)  # the first Monday on or after ``first``
    while a + timedelta(days=6) <= last:
        b = a + timedelta(days=6)
        out.append((f"{a.month}月{a.day}日至{b.month}月{b.day}日", a, b))
        a = b + timedelta(days=1)
    return out


@dataclass(frozen=True)
class Period:
    """The period a report covers, and the assessment year it belongs to."""

    kind: str  #: month | quarter | year
    year: int  #: the assessment year
    number: int | None  #: the month (1–12) or quarter (1–4)
    start: date
    end: date
    year_start: date
    year_end: date

    @property
    def pace(self) -> Decimal:
        """序时进度: the share of the assessment year's months ended by the
        period's end (March: 3/12 = 0.25)."""
        done = _months_between(self.year_start, self.end)
        total = _months_between(self.year_start, self.year_end)
        return Decimal(done) / Decimal(total)

    def label(self) -> str:
        """2012年3月, 2012年第一季度, 2012年度 (the same in both scripts)."""
        if self.kind == "month":
            return f"{self.start.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年第{QUARTER_NAMES[self.number - 1]}季度"
        return f"{self.year}年度"

    @property
    def slug(self) -> str:
        """2012-03, 2012Q1, 2012: for file names."""
        if self.kind == "month":
            return f"{self.start.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        return str(self.year)


def _months_between(first: date, last: date) -> int:
    """Months from ``first``'s month to ``last``'s, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _error(key: str, message: str) -> XinxiError:
    return XinxiError(Diagnostic(key, message, None))


_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str) -> tuple[int, int]:
    """'2012-03', '2012-3', '2012/3', '2012年3月' → (2012, 3)."""
    m = _MONTH.match(text)
    if not m or not 1 <= int(m[2]) <= 12:
        raise _error("bad-month", f"--month“{text}”无法识别，应写作2012-03 (bad month: write it as 2012-03)")
    return int(m[1]), int(m[2])


def period(reg: ir.Regulation, month: str | None = None, quarter: int | None = None, year: int | None = None) -> Period:
    """The period of ``--month``, ``--quarter`` (with ``--year`` or the
    regulation's own year) or ``--year``."""
    for y in (year, parse_month(month)[0] if month is not None else None):
        if y is not None and not 1900 <= y <= 2999:
            raise _error("bad-year", f"年份{y}不在1900至2999之间 (year out of range)")
    if month is not None and quarter is not None:
        raise _error("bad-period", "--month 和 --quarter 只能选一个 (give --month or --quarter, not both)")
    if month is not None:
        y, m = parse_month(month)
        if year is not None and year != y:
            raise _error("bad-period", f"--month {month} 不在 --year {year} 内 (--month is not in --year)")
        start, end = month_bounds(y, m)
        ay = year_of(reg, start)
        return Period("month", ay, m, start, end, *year_bounds(reg, ay))
    if quarter is not None:
        if not 1 <= quarter <= 4:
            raise _error("bad-quarter", f"--quarter 应为1至4，而不是{quarter} (--quarter is 1 to 4)")
        if year is None:
            if reg.period_from is None:
                raise _error("no-year", "规程没有考核期，请用 --year 指明年份 (the regulation has no period: give --year)")
            year = year_of(reg, reg.period_from)
        return Period("quarter", year, quarter, *quarter_bounds(reg, year, quarter), *year_bounds(reg, year))
    if year is not None:
        a, b = year_bounds(reg, year)
        return Period("year", year, None, a, b, a, b)
    raise _error("no-period", "请用 --month、--quarter 或 --year 指明通报的时期 (give --month, --quarter or --year)")


def period_warnings(reg: ir.Regulation, ledger, start: date | None, end: date | None) -> list[Diagnostic]:
    """What `score` and `report` (and the workbench's downloads) warn of a
    period: outside the regulation's 考核期, or holding no ledger row (its
    scores all 0).  A ledger with no rows at all is already reported by the
    reader."""
    where = Span(ledger.file, 0, 0)
    if reg.period_from and reg.period_to and start and end and (end < reg.period_from or start > reg.period_to):
        return [Diagnostic(
            "period-outside", f"时期{start}至{end}不在规程的考核期{reg.period_from}至{reg.period_to}内 (the period lies outside the regulation's period)",
            where, severity="warning")]
    if ledger.records and (start or end) and not any((start is None or start <= r.date) and (end is None or r.date <= end) for r in ledger.records):
        return [Diagnostic(
            "empty-period", f"台账中没有日期在{start or '…'}至{end or '…'}之间的行，得分均为0 (the period holds no ledger rows)",
            where, severity="warning")]
    return []
