"""Assessment years, quarters and months as dates.

A regulation's assessment year is the calendar year unless it says
otherwise (GZ05-Y: 考核年度 上年12月1日 至 当年11月30日, so the 2006 year runs
2005-12-01 … 2006-11-30).  Its four quarters are three months each from the
year's first day.  Every command that takes ``--year`` / ``--quarter`` /
``--month`` resolves them here, so the rule lives in one place.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from . import ir


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


def default_year(reg: ir.Regulation) -> int | None:
    """The assessment year the regulation's 考核期 names (its end's year)."""
    if reg.period_to is not None:
        return year_of(reg, reg.period_to)
    if reg.period_from is not None:
        return year_of(reg, reg.period_from)
    return None


def resolve(reg: ir.Regulation, year: int | None = None, quarter: int | None = None,
            month: str | None = None) -> tuple[date, date] | None:
    """``--year`` / ``--quarter`` / ``--month`` as dates, in the regulation's
    assessment year (``--quarter 1 --year 2006`` under GZ05 is 2005-12-01 …
    2006-02-28).  A quarter without a year takes the year of 考核期.
    Raises ValueError with a message for the user."""
    if month is not None:
        if quarter is not None or year is not None:
            raise ValueError("--month 不能与 --year、--quarter 同用 (--month excludes --year and --quarter)")
        parts = month.replace("/", "-").replace("年", "-").rstrip("月").split("-")
        try:
            y, m = int(parts[0]), int(parts[1])
            return month_bounds(y, m)
        except (ValueError, IndexError):
            raise ValueError(f"--month“{month}”应写作2012-03 (month as YYYY-MM)") from None
    if quarter is not None:
        if quarter not in (1, 2, 3, 4):
            raise ValueError(f"--quarter 应为1至4，却是{quarter} (quarter must be 1–4)")
        y = year if year is not None else default_year(reg)
        if y is None:
            raise ValueError("--quarter 需要 --year：规程没有考核期 (--quarter needs --year)")
        return quarter_bounds(reg, y, quarter)
    if year is not None:
        return year_bounds(reg, year)
    return None
