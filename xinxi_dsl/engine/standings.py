"""Standings: what ``score``'s table and the report (通报) both show.

A period inside an assessment year (``--month``, ``--quarter``, or
``--from``/``--to`` within one year) is judged as the report judges it:
points in the period beside points to date (from the year's first day to
the period's end), completion = to date ÷ the annual target, and the rank
within the unit's group by that to-date figure.  Units without a target
(direct-report points, units the regulation does not list) stand apart,
unranked among the declared units.  The JSON keeps its own ``rank`` and
``group_rank`` (LEDGER.md); this module only decides what the tables show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..compiler import ir
from . import periods
from .evaluate import Result, UnitResult, evaluate_ledger
from .ledger import Ledger


def year_to_date(reg: ir.Regulation, ledger: Ledger, start: date | None, end: date | None) -> tuple[date, Result] | None:
    """The to-date result for a period that is part of one assessment year
    (its first day, and the ledger scored from then to the period's end
    against the annual target), or None when the period is a whole year,
    spans years, or is not given (then the period's own figures are the
    to-date figures)."""
    start = start or reg.period_from
    end = end or reg.period_to
    if start is None or end is None:
        return None
    first, last = periods.year_bounds(reg, periods.year_of(reg, end))
    if start < first or (start == first and end == last):
        return None
    return first, evaluate_ledger(reg, ledger, first, end, quarterly=False)


@dataclass(frozen=True)
class GroupStanding:
    group: ir.Group
    units: tuple[UnitResult, ...]  #: by rank in the group (``group_rank``), ties in the regulation's order

    @property
    def name(self) -> str:
        """The group as the notice heads it (the report's table title)."""
        return self.group.label or self.group.name


def standings(result: Result) -> tuple[tuple[GroupStanding, ...], tuple[UnitResult, ...]]:
    """The units of ``result`` group by group, each ranked within its group,
    and apart from them the units without a target, by score.  The report
    calls this on its to-date result; ``score`` on the same, where there is one."""
    groups = []
    for g in result.regulation.groups:
        units = [u for u in result.units if u.group == g.key and u.target is not None]
        units.sort(key=lambda u: (u.group_rank is None, u.group_rank or 0))
        groups.append(GroupStanding(g, tuple(units)))
    others = tuple(u for u in result.units if u.group is None or u.target is None)
    return tuple(groups), others


def period_points(result: Result) -> dict[str, Decimal]:
    """Each unit's points in the period scored, by key."""
    return {u.key: u.score for u in result.units}
