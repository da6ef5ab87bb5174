"""Evaluate: a regulation and a ledger → every unit's score.

For each record: the most specific matching base rule, every matching bonus
(they add up), or the most specific matching penalty; then transfers to the
record's parent unit.  Every point is an explanation :class:`Line` naming the
ledger row, the rule, the notice's clause label and the regulation line; a
unit's score is the sum of its lines.  Rows that are not scored are listed
in ``unmatched`` with the reason — nothing is dropped.  Decimal throughout.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..compiler import ir
from ..foundation.collector import bulk
from ..foundation.diagnostics import Diagnostic, Span
from ..foundation.text import fold
from . import periods, unitpass
from .lines import Line, cond as _cond, dec
from . import units as unit_names
from .ledger import Ledger, Record

ZERO = Decimal(0)
_Q4 = Decimal("0.0001")


@dataclass
class UnitResult:
    key: str  #: folded name, the JSON ``unit``
    name: str  #: as written in the notice (or the ledger for unknown units)
    group: str | None  #: folded group name
    group_name: str | None
    target: Decimal | None
    known: bool  #: declared in the regulation
    lines: list[Line] = field(default_factory=list)
    counted_into: str | None = None
    rank: int | None = None
    group_rank: int | None = None
    #: CD07: what the target counts — score, or adopted / submitted items
    measure: str = "score"
    #: ledger names matched by affix or alias → (how, rows) (issue 12)
    written: dict = field(default_factory=dict)
    #: the counted items, for a count target (CD07-T1..T3)
    count: int | None = None
    #: GZ05-I: the group's target per quarter
    quarter_target: Decimal | None = None
    #: GZ05-9: (year, quarter, score, met) for each whole quarter of the period
    quarters: list[tuple[int, int, Decimal, bool]] = field(default_factory=list)
    #: GZ05-9: (outcome, the quarters that led to it)
    outcomes: list[tuple[ir.Outcome, tuple[tuple[int, int], ...]]] = field(default_factory=list)
    #: D12-5, other reading: points added to the target by 每次目标加N分
    target_raised: Decimal = ZERO
    #: outcomes of period rules (视为不达标, 列为表彰候选): (rule, period name, text, candidate)
    verdicts: list = field(default_factory=list)
    #: SZ08: the second target, in items (目标100分 目标120条), and the items counted
    count_target: Decimal | None = None
    count_measure: str = "submitted"
    count2: int = 0

    #: the sum of ``lines``, kept as they are added (ranking and reports
    #: read it many times; re-adding a million lines each time was slow)
    score: Decimal = ZERO

    def add(self, *lines: Line) -> None:
        for line in lines:
            self.lines.append(line)
            self.score += line.points

    @property
    def completion(self) -> Decimal | None:
        if self.target is None or self.target == 0:
            return None
        done = self.score if self.measure == "score" else Decimal(self.count or 0)
        return (done / self.target).quantize(_Q4, rounding=ROUND_HALF_UP)

    @property
    def count_completion(self) -> Decimal | None:
        if not self.count_target:
            return None
        return (Decimal(self.count2) / self.count_target).quantize(_Q4, rounding=ROUND_HALF_UP)

    def ratio(self) -> Decimal:
        """Unrounded completion, for ranking."""
        done = self.score if self.measure == "score" else Decimal(self.count or 0)
        return done / self.target if self.target else done


@dataclass(frozen=True)
class Unmatched:
    row: int
    unit: str
    reason: str  #: English, stable for programs
    reason_zh: str
    key: str = "not-scored"  #: for a warning: the diagnostic's key


@dataclass(frozen=True)
class UnknownUnit:
    """A unit met in the ledger that the regulation does not list."""

    unit: str  #: folded
    name: str  #: as first written in the ledger
    rows: tuple[int, ...]
    suggestion: str | None  #: the nearest name the regulation knows
    #: every nearest name (a tie) / the declared units it could equally mean
    suggestions: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()


@dataclass
class Result:
    regulation: ir.Regulation
    period_from: date | None
    period_to: date | None
    units: list[UnitResult]
    unmatched: list[Unmatched]
    rows: int  #: ledger rows read
    unknown_units: list[UnknownUnit] = field(default_factory=list)
    #: rows scored, but with something the clerk should look at
    warnings: list[Unmatched] = field(default_factory=list)
    #: every folded name (aliases too) → the unit's key
    names: dict[str, str] = field(default_factory=dict)
    #: problems with the ledger, located file:row, sorted; errors are rows not read
    problems: list[Diagnostic] = field(default_factory=list)
    #: outcomes over periods (GZ05-9) are judged as of this date: only quarters ended by then
    as_of: date | None = None
    judged: tuple[tuple[int, int], ...] = ()  #: the quarters judged, (year, n)
    #: period rules and allowances: the periods judged per kind (week | month | quarter | year)
    judged_periods: dict = field(default_factory=dict)

    def unit(self, name: str) -> UnitResult | None:
        k = fold(name)
        k = self.names.get(k, k)
        return next((u for u in self.units if u.key == k), None)


def _matches(rule: ir.Rule, rec_values: dict[str, tuple[str, ...]]) -> bool:
    return all(_cond(c, rec_values) for c in rule.conditions)


class Evaluator:
    """Holds what is derived once per regulation: unit index, rule tables."""

    def __init__(self, reg: ir.Regulation):
        self.reg = reg
        self.units: dict[str, tuple[ir.Group, ir.Unit]] = {}
        for g, u in reg.units():
            names = [u.name, *u.aliases, *u.includes]
            if u.aliases:  # the notice's own form: 商务局（招商服务局）
                names.append(f"{u.name}（{'、'.join(u.aliases)}）")
            if u.includes:
                names.append(f"{u.name}（含{'、'.join(u.includes)}）")
            for n in names:
                self.units.setdefault(fold(n), (g, u))
        self.names = unit_names.Names(reg, self.units)  # affixes, the alias table
        self.groups = {g.key: g for g in reg.groups}
        #: the unit pass needs each unit's records (counts, rates) — only where a rule measures them
        self.collect = bool(reg.period_rules) or any(g.count_target for g in reg.groups)
        self.written: dict[str, object] = {}
        self.base = [r for r in reg.rules if r.kind == "base"]
        self.bonus = [r for r in reg.rules if r.kind == "bonus"]
        self.penalty = [r for r in reg.rules if r.kind == "penalty"]
        #: 选用报省的，每条计2分: points for an event's rows, matched as penalties are
        self.events = self.penalty + [r for r in self.base if r.event == ir.EVENT_OTHER]
        self.keys = sorted({c.key for r in reg.rules for c in r.conditions}
                           | {c.key for cr in reg.counts for c in cr.conditions}
                           | {c.key for pr in reg.period_rules for c in pr.quantity.conditions} | {"事项"})
        self.base_keys = sorted({c.key for r in self.base for c in r.conditions})
        #: the transfer for units the regulation does not list, and per group
        self.transfer = next((t for t in reg.transfers if not t.groups), None)
        self.group_transfer = {fold(g): t for t in reg.transfers for g in t.groups}
        #: rules whose points depend on earlier records: caps, escalating penalties
        self.stateful = any(r.cap is not None or r.cap_times is not None or r.later_points is not None for r in reg.rules)
        self._cache: dict[tuple, tuple] = {}
        self._counted: dict[tuple, ir.PeriodRule | None] = {}
        #: every value the regulation knows, per attribute: a ledger value
        #: outside it is likely a typo (主调 for 主条, 市政府领道 for 市政府领导)
        self.known: dict[str, set[str]] = {k: set() for k in self.keys}
        self.known["事项"] |= {ir.EVENT_ADOPTED, ir.EVENT_SUBMITTED}
        for r in reg.rules:
            for c in r.conditions:
                self.known[c.key] |= c.folded
        for cr in reg.counts:
            for c in cr.conditions:
                self.known[c.key] |= c.folded
        for pr in reg.period_rules:
            for c in pr.quantity.conditions:
                self.known[c.key] |= c.folded
        for a in reg.attributes:
            self.known.setdefault(a.key, set()).update(fold(v) for v in a.values)

    # -- rule matching, cached per record signature ---------------------------
    def _signature(self, rec: Record) -> tuple:
        """What matching depends on: the event and the values of the attributes any clause names."""
        return (rec.event, *(rec.attrs.get(k, ()) for k in self.keys))

    def match(self, rec: Record) -> tuple:
        """(base or penalty rule, bonuses, reason, reason_zh, unknown values,
        counts) for a record, computed once per distinct signature."""
        sig = self._signature(rec)
        hit = self._cache.get(sig)
        if hit is None:
            unknown = tuple((k, v) for k in self.keys for v in rec.attrs.get(k, ()) if v not in self.known[k])
            rule, bonuses, reason, reason_zh = self._match(rec.event, rec.attrs)
            hit = (rule, _highest(bonuses), reason, reason_zh, unknown, self._counts(rec.event, rec.attrs, rule))
            self._cache[sig] = hit
        return hit

    def _counts(self, event: str, attrs, rule) -> str | None:
        """Which count target a scored record counts towards: adopted (CD07-M:
        only the items the count rules name) or submitted."""
        if rule is None or rule.kind != "base" or rule.event == ir.EVENT_OTHER:
            return None
        if event == ir.EVENT_SUBMITTED:
            return "submitted"
        if not self.reg.counts or any(all(_cond(c, attrs) for c in cr.conditions) for cr in self.reg.counts):
            return "adopted"
        return None

    def _match(self, event: str, attrs: dict[str, tuple[str, ...]]):
        if event in (ir.EVENT_ADOPTED, ir.EVENT_SUBMITTED):
            cands = [r for r in self.base if r.event == event and _matches(r, attrs)]
            if not cands:
                shown = [(k, attrs[k]) for k in sorted(set(self.base_keys) | {"刊物"}) if k in attrs]
                if event != ir.EVENT_ADOPTED or not shown:
                    shown.insert(0, ("事项", (event,)))
                what = _what(shown)
                # 《专报信息》采用的，每条再加30分: the item's later adoption, earned with the item's scored row (run)
                item = tuple(b for b in self.bonus if b.item and _matches(b, attrs)) if event == ir.EVENT_ADOPTED else ()
                if item:  # the row is the item's: the row's other bonuses (省领导批示的另加50分) apply too
                    item += tuple(b for b in self.bonus if not b.item and _matches(b, attrs))
                return None, item, f"no rule for {what}", f"没有适用的计分条款：{what}"
            # 被省政府办公厅采用…计N分 adds to the row's publication points (ir.Rule.stacks)
            stacking = [r for r in cands if r.stacks]
            own = [r for r in cands if not r.stacks] or stacking[:1]
            best, tie = _most_specific(own, attrs)
            if tie:  # several values in one cell selected different rules
                return (None, (), *tie)
            extra = tuple(r for r in stacking if r is not best)
            # bonuses go to adopted items (获…批示的信息 / 采用信息被…批示)
            bonuses = tuple(b for b in self.bonus if _matches(b, attrs)) if event == ir.EVENT_ADOPTED else ()
            return best, extra + bonuses, None, None
        cands = [r for r in self.events if _matches(r, attrs)]
        if not cands:
            keys = sorted({c.key for r in self.events for c in r.conditions} - {"事项"})
            what = _what([("事项", (event,))] + [(k, attrs[k]) for k in keys if k in attrs])
            kind = "计分或扣分条款" if len(self.events) > len(self.penalty) else "扣分条款"
            return None, (), f"no rule for {what}", f"没有适用的{kind}：{what}"
        best, tie = _most_specific(cands, attrs)
        if tie:  # 类别=工作动态类、重要信息 on one 迟报 row
            return (None, (), *tie)
        return best, (), None, None

    def counted_by(self, rec: Record) -> ir.PeriodRule | None:
        sig = self._signature(rec)
        if sig not in self._counted:
            self._counted[sig] = unitpass.counted_by(self.reg, rec)
        return self._counted[sig]

    def group_of(self, u: "UnitResult") -> ir.Group | None:
        return self.groups.get(u.group) if u.group else None

    def amount(self, rec: Record, rule: ir.Rule) -> tuple[Decimal | None, str, str]:
        """A rule's points for a row where they are read from a column
        (按“省厅分值”的2倍计分) or chosen by the assessor in a range
        (扣50至100分, the 分值 column): (points, reason, reason_zh); points
        None when the cell does not give them."""
        if rule.column is not None:
            v = unitpass.cell_points(rec, rule.column)
            if v is None:
                return None, f"no points in column {rule.column}", f"“{rule.column}”列没有填写分值，{rule.id or '该条款'}按此列计分"
            return v * (rule.factor or 1), "", ""
        v = unitpass.cell_points(rec, ir.POINTS_COLUMN)
        verb = "扣" if rule.kind == "penalty" and rule.effect != "award" else "计"
        choices = getattr(rule, "choices", ())
        allowed = "、".join(f"{dec(c)}分" for c in choices) if choices else f"{dec(rule.low)}至{dec(rule.high)}分"
        if v is None:
            return (None, f"no points in column {ir.POINTS_COLUMN} for the {'choice' if choices else 'range'} "
                          f"{'/'.join(map(str, choices)) if choices else f'{rule.low}..{rule.high}'}",
                    f"“{ir.POINTS_COLUMN}”列没有填写分值（{rule.id or '该条款'}视情{verb}{allowed}）")
        if choices:
            if v not in choices:
                return (None, f"points {v} not one of {'/'.join(map(str, choices))}",
                        f"“{ir.POINTS_COLUMN}”列的{dec(v)}分不是{rule.id or '该条款'}规定的{allowed}之一")
            return v, "", ""
        if not rule.low <= v <= rule.high:
            return (None, f"points {v} outside the range {rule.low}..{rule.high}",
                    f"“{ir.POINTS_COLUMN}”列的{dec(v)}分不在{rule.id or '该条款'}规定的{dec(rule.low)}至{dec(rule.high)}分之间")
        return v, "", ""

    # -- units ------------------------------------------------------------------
    def unit_for(self, name: str, results: dict[str, UnitResult], row: int | None = None) -> UnitResult:
        """The result of the unit a ledger name means, created on first use."""
        known = self.units.get(fold(name))
        if known is None:  # 广州市越秀区人民政府 → 越秀区政府; an alias the clerk accepted
            hit = self.written.get(fold(name)) or self.written.setdefault(fold(name), self.names.match(fold(name)))
            if isinstance(hit, unit_names.Match):
                known = self.units[hit.unit]
                res = self.unit_for(known[1].name, results)
                if row is not None:
                    res.written.setdefault(name.strip(), (hit, []))[1].append(row)
                return res
        k = known[1].key if known else fold(name)
        res = results.get(k)
        if res is None:
            if known:
                g, u = known
                res = UnitResult(k, u.name, g.key, g.name, u.target if u.target is not None else g.target, True,
                                 measure=g.measure, quarter_target=g.quarter_target,
                                 count_target=g.count_target, count_measure=g.count_measure)
                if g.measure != "score":
                    res.count = 0
            else:
                res = UnitResult(k, name.strip(), None, None, None, False)
            results[k] = res
        return res

    def run(self, records, period_from: date | None = None, period_to: date | None = None, file: str = "<ledger>",
            quarterly: bool | None = None, as_of: date | None = None) -> Result:
        """``as_of``: outcomes are judged on the quarters ended by then
        (default: the ledger's last date, never after the period's end).
        ``quarterly``: measure completion against the quarterly target —
        None: when the period is exactly one quarter (``--quarter``); the
        report's year-to-date column passes False."""
        reg = self.reg
        pfrom = period_from or reg.period_from
        pto = period_to or reg.period_to
        results: dict[str, UnitResult] = {}
        for g, u in reg.units():
            self.unit_for(u.name, results)
        unmatched: list[Unmatched] = []
        unknown_rows: dict[str, list[int]] = {}
        warnings: list[Unmatched] = []
        bad_values: dict[tuple[str, str], list[int]] = {}
        children: set[str] = set()
        by_unit: dict[str, list[Record]] = {}
        #: per (unit, rule, assessment year): points earned so far (caps) / occurrences (escalation)
        used: dict[tuple, Decimal] = {}
        times: dict[tuple, int] = {}
        leads: dict[str, list[tuple[int, str]]] = {}
        later: list[tuple] = []  #: rows that only a bonus on the item matches
        roles = "角色" in self.keys
        if self.stateful:  # caps and "first time / later times" follow the order of events
            records = sorted(records, key=lambda r: (r.date, r.row))
        if roles:
            records = _sole_leads(records)
        n = 0
        last_date = None
        for rec in records:
            n += 1
            if last_date is None or rec.date > last_date:
                last_date = rec.date
            unit = self.unit_for(rec.unit, results, rec.row)
            if not unit.known:
                unknown_rows.setdefault(unit.key, []).append(rec.row)
            if reg.start and rec.date < reg.start:
                unmatched.append(Unmatched(rec.row, unit.key, f"dated {rec.date} before the start {reg.start}",
                                           f"日期{rec.date}早于计分办法执行日期{reg.start}"))
                continue
            if (pfrom and rec.date < pfrom) or (pto and rec.date > pto):
                unmatched.append(Unmatched(rec.row, unit.key, f"dated {rec.date} outside the period {pfrom}..{pto}",
                                           f"日期{rec.date}不在考核期{pfrom}至{pto}内"))
                if self.stateful and pfrom and rec.date < pfrom and periods.year_of(reg, rec.date) == periods.year_of(reg, pfrom):
                    # earlier in the same assessment year: it used up part of a cap, or was the first 漏报
                    rule, bonuses, *_ = self.match(rec)
                    if rule is not None:
                        self._points(rec, unit, rule, bonuses, used, times)
                continue
            rule, bonuses, reason, reason_zh, odd, counts = self.match(rec)
            for kv in odd:
                bad_values.setdefault(kv, []).append(rec.row)
            if self.collect:
                by_unit.setdefault(unit.key, []).append(rec)
            if rule is None and bonuses:  # a bonus on the item: once every row is scored
                later.append((rec, unit, bonuses))
                continue
            if rule is None:
                pr = self.counted_by(rec) if self.collect else None
                if pr is not None:  # no points of its own, but one of the items a period rule counts
                    unit.add(Line(rec.row, rec.id, rec.date, rec.title, unit.key, pr.id, pr.label,
                                  pr.span.line if pr.span else None, "counted", ZERO,
                                  f"不单独计分，计入【{pr.label or pr.id or '期间条款'}】的{unitpass.quantity_word(pr.quantity)}"))
                    continue
                unmatched.append(Unmatched(rec.row, unit.key, reason, reason_zh))
                continue
            amount = None
            if rule.column is not None or rule.low is not None:
                amount, reason, reason_zh = self.amount(rec, rule)
                if amount is None:
                    unmatched.append(Unmatched(rec.row, unit.key, reason, reason_zh, "no-points"))
                    warnings.append(Unmatched(rec.row, unit.key, reason, reason_zh + "，此行未计分", "no-points"))
                    continue
            lines = self._points(rec, unit, rule, bonuses, used, times, amount)
            unit.add(*lines)
            if counts is not None and unit.count is not None and counts == unit.measure:
                unit.count += 1
            if roles and rec.id and "主办" in rec.attrs.get("角色", ()):
                leads.setdefault(rec.id, []).append((rec.row, unit.name))
            if rec.parent and self._transfer(rec, unit, lines, results, unknown_rows, warnings) and not unit.known:
                children.add(unit.key)  # its points went to its parent: not an unknown unit
        self._item_bonuses(later, results, unmatched, unknown_rows, warnings, used)
        for rid, who in leads.items():
            if len({u for _, u in who}) > 1:
                warnings.append(Unmatched(
                    who[1][0], fold(who[1][1]), f"item {rid} has several lead units: {'、'.join(u for _, u in who)}",
                    f"编号{rid}的信息有几个主办单位：{'、'.join(u for _, u in who)}", "several-leads"))
        units = list(results.values())
        judged: tuple = ()
        if as_of is None and last_date is not None:
            as_of = min(last_date, pto) if pto else last_date
        elif as_of is not None and pto and as_of > pto:
            as_of = pto  # a clerk's --as-of after the period: nothing after its end is judged
        unitpass.combine(units, reg)
        judged_periods = unitpass.unit_pass(self, units, by_unit, pfrom, pto, as_of)
        for u in units:
            if u.count_target is not None:
                items = {r.id for r in by_unit.get(u.key, ())
                         if r.event == ir.EVENT_ADOPTED or (u.count_measure == "submitted" and r.event == ir.EVENT_SUBMITTED)}
                u.count2 = len(items)
        if pfrom and pto:
            judged = self._quarters(units, pfrom, pto, quarterly, as_of)
        self._rank(units)
        unknown = [self._unknown(k, results[k].name, rows) for k, rows in unknown_rows.items() if k not in children]
        names = {k: u.key for k, (g, u) in self.units.items()}
        problems = self._problems(file, unknown, warnings, bad_values)
        return Result(reg, pfrom, pto, units, unmatched, n, unknown, warnings, names, problems, as_of, judged,
                      judged_periods)

    def _points(self, rec: Record, unit: UnitResult, rule: ir.Rule, bonuses, used: dict, times: dict,
                amount: Decimal | None = None) -> list[Line]:
        """The lines one scored record earns its unit, with caps and
        escalating penalties applied (their state is per assessment year).
        ``amount``: the rule's points for this row, read from the ledger."""
        if rule.kind == "penalty":
            pts = rule.points if amount is None else amount
            note = ""
            if rule.later_points is not None:
                k = (unit.key, id(rule), periods.year_of(self.reg, rec.date))
                n = times.get(k, 0)
                times[k] = n + 1
                if n:
                    pts = rule.later_points
                note = f"第{n + 1}次"
            if rule.effect == "target":
                if unit.target is not None:
                    unit.target += pts
                unit.target_raised += pts
                return [self._line(rec, unit.key, rule, ZERO, f"目标+{pts}")]
            if rule.effect == "award":  # 领导评价 计0至20分: the assessor's points, added
                return [self._line(rec, unit.key, rule, pts, note)._replace(kind="award")]
            return [self._line(rec, unit.key, rule, -pts, note)]
        out = []
        for r in (rule, *bonuses):
            amt = amount if r is rule else None
            if r is not rule and (r.column is not None or r.low is not None):
                # a higher office's points read from a column, beside the publication's (ir.Rule.stacks)
                amt, _, why = self.amount(rec, r)
                if amt is None:
                    out.append(self._line(rec, unit.key, r, ZERO, why + "，此项未计分"))
                    continue
            out.append(self._capped(rec, unit, r, used, amt))
        return out

    def _item_bonuses(self, later, results, unmatched, unknown_rows, warnings, used) -> None:
        """《专报信息》采用的，每条再加30分 (LYG, HZ18): the item's adoption upstairs is a
        row of its own that no base clause scores; its bonus is earned when the
        unit has a scored row of the same 编号 — a GROUP BY (unit, 编号) of the
        rows, the bonus joining the group that has a base row. A row without
        编号 is an item of its own: nothing to add to."""
        scored: dict[tuple, int] = {}
        for u in results.values():
            for line in u.lines:
                if line.kind == "base":
                    k = (u.key, line.record_id)
                    scored[k] = min(scored.get(k, line.row), line.row)
        for rec, unit, bonuses in sorted(later, key=lambda x: (x[0].date, x[0].row)):
            names = "、".join(b.id or b.label or "加分条款" for b in bonuses)
            if (unit.key, rec.id) not in scored or rec.id.startswith("#"):
                why = f"编号{rec.id}的信息本单位没有已计分的行" if not rec.id.startswith("#") else "此行没有编号，不属于已计分的信息"
                unmatched.append(Unmatched(rec.row, unit.key, f"bonus {names} on an item with no scored row",
                                           f"{why}，{names}的加分无所依附"))
                continue
            on = f"加在编号{rec.id}的信息上，第{scored[(unit.key, rec.id)]}行已计分"
            lines = [line._replace(note=line.note or on) for line in (self._capped(rec, unit, b, used) for b in bonuses)]
            unit.add(*lines)
            if rec.parent:
                self._transfer(rec, unit, lines, results, unknown_rows, warnings)

    def _capped(self, rec: Record, unit: UnitResult, rule: ir.Rule, used: dict, amount: Decimal | None = None) -> Line:
        points = rule.points if amount is None else amount
        limit = rule.cap
        if rule.cap_times is not None:
            limit = rule.cap_times * unit.target if unit.target is not None else None
        if limit is None:
            return self._line(rec, unit.key, rule, points)
        k = (unit.key, id(rule), periods.year_of(self.reg, rec.date))
        so_far = used.get(k, ZERO)
        pts = max(ZERO, min(points, limit - so_far))
        used[k] = so_far + pts
        note = f"已达全年上限{limit}分" if pts < points else ""
        return self._line(rec, unit.key, rule, pts, note)

    def _transfer(self, rec: Record, unit: UnitResult, lines: list[Line], results, unknown_rows, warnings) -> bool:
        """Pass a share of the record's points to its 所属单位: listed units
        by their group's transfer (GZ05-8), others by the general one.
        A 所属单位 no clause applies to is warned about, never dropped
        silently.  Returns whether points were passed on."""
        t = self.group_transfer.get(unit.group) if unit.known else self.transfer
        if fold(rec.parent) == unit.key:
            return False
        if t is None:
            if unit.known:
                why_en, why_zh = (f"{unit.name} is a unit of the regulation", f"“{unit.name}”是规程所列单位")
            else:
                why_en, why_zh = (f"no transfer clause applies to {unit.name}", f"没有计入条款适用于“{unit.name}”")
            warnings.append(Unmatched(
                rec.row, unit.key, f"{why_en}: its points are not transferred to {rec.parent}",
                f"{why_zh}，其得分不计入所属单位“{rec.parent}”", "parent-ignored"))
            return False
        parent = self.unit_for(rec.parent, results)
        if not parent.known:
            unknown_rows.setdefault(parent.key, []).append(rec.row)
        if parent is unit:
            return False
        total = sum((l.points for l in lines), ZERO)
        unit.counted_into = parent.key
        parent.add(Line(rec.row, rec.id, rec.date, rec.title, parent.key, t.id, t.label,
                        t.span.line if t.span else None, "transfer", total * t.rate, f"{unit.name} × {t.rate_text}"))
        return True

    def _quarters(self, units: list[UnitResult], pfrom: date, pto: date, quarterly: bool | None,
                  as_of: date | None) -> tuple:
        """GZ05-I / GZ05-9: quarterly scores against the quarterly target, and
        the outcomes they lead to.  A period that is exactly one quarter is
        measured against the quarterly target.  Only quarters ended by the
        as-of date are judged (SCORING-ORDER.md 3, 6): a quarter not over yet
        is neither met nor missed.  Returns the quarters judged."""
        every = periods.quarters_within(self.reg, pfrom, pto)
        qs = [q for q in every if as_of is not None and q[3] <= as_of]
        single = len(every) == 1 and (every[0][2], every[0][3]) == (pfrom, pto) if quarterly is None else quarterly
        for u in units:
            if u.quarter_target is None:
                continue
            if single:
                u.target = u.quarter_target
            sums = {(y, n): ZERO for y, n, _, _ in qs}
            for line in u.lines:
                k = periods.quarter_of(self.reg, line.date)
                if k in sums:
                    sums[k] += line.points
            u.quarters = [(y, n, sums[(y, n)], sums[(y, n)] >= u.quarter_target) for y, n, _, _ in qs]
            for o in self.reg.outcomes:
                if o.when == "all-met" and len(qs) < len(every):
                    continue  # 每季度均完成: not before every quarter of the period is over
                hit = _outcome(o, u.quarters)
                if hit is not None:
                    u.outcomes.append((o, hit))
        return tuple((y, n) for y, n, _, _ in qs)

    def _problems(self, file, unknown, warnings, bad_values) -> list[Diagnostic]:
        """What the clerk should look at: scored, but perhaps not as meant."""
        out = []
        for u in unknown:
            hint = unit_names.hint(self.reg, u.name, u.suggestions, u.ambiguous)
            if self.reg.unlisted is not None:  # D09-5b: expected, scored on their own
                cl = self.reg.unlisted.id or "未列单位单独计分"
                out.append(Diagnostic("unlisted-unit", f"第{_rows(u.rows)}行的单位“{u.name}”未下达目标，按{cl}单独计分{hint} (unit without a target, scored on its own)",
                                      Span(file, u.rows[0], 0), severity="note"))
                continue
            out.append(Diagnostic("unknown-unit", f"第{_rows(u.rows)}行的单位“{u.name}”不在规程中，已单独计分（无目标）{hint} (unit not in the regulation)",
                                  Span(file, u.rows[0], 0), severity="warning"))
        for (key, value), rows in bad_values.items():
            close = difflib.get_close_matches(value, sorted(self.known[key]), n=1, cutoff=0.5)
            hint = f"；是否为“{close[0]}”？" if close else ""
            out.append(Diagnostic("unknown-value", f"第{_rows(rows)}行“{key}”的值“{value}”规程中没有{hint} (value the regulation does not know)",
                                  Span(file, rows[0], 0), severity="warning"))
        for w in warnings:
            out.append(Diagnostic(w.key, f"第{w.row}行：{w.reason_zh} ({w.reason})", Span(file, w.row, 0), severity="warning"))
        return out

    def nearest(self, key: str) -> str | None:
        """The declared unit whose name is closest (市发展改革委 → 市发改委)."""
        close = self.names.suggest(key)
        return close[0] if close else None

    def _unknown(self, key: str, name: str, rows) -> UnknownUnit:
        hit = self.written.get(key)
        if isinstance(hit, unit_names.Ambiguous):  # refuse to guess
            return UnknownUnit(key, name, tuple(rows), None, (), hit.names)
        close = self.names.suggest(key)
        return UnknownUnit(key, name, tuple(rows), close[0] if close else None, tuple(close))

    def _line(self, rec: Record, unit: str, rule: ir.Rule, points: Decimal, note: str = "") -> Line:
        return Line(rec.row, rec.id, rec.date, rec.title, unit, rule.id, rule.label,
                    rule.span.line if rule.span else None, rule.kind, points, note)

    def _rank(self, units: list[UnitResult]) -> None:
        order = {u.key: i for i, u in enumerate(units)}
        with_target = [u for u in units if u.target is not None]
        without = [u for u in units if u.target is None]
        by_ratio = self.reg.ranking == "completion"

        def key(u: UnitResult):
            # the regulation's 排序 line decides, for count targets too (CD07: 先进单位 by composite score)
            if u.target is not None and by_ratio and u.target != 0:
                return u.ratio()
            return u.score

        for bucket, attr in ((with_target, "rank"), (without, "rank")):
            _assign(bucket, key, attr)
        for g in {u.group for u in with_target}:
            _assign([u for u in with_target if u.group == g], key, "group_rank")
        units.sort(key=lambda u: (u.target is None, u.rank or 0, order[u.key]))


def _sole_leads(records) -> list[Record]:
    """GZ05-4: a row whose 角色 is blank and whose 编号 no other unit shares
    is an item by one unit alone, and a sole author is its lead (主办)."""
    records = list(records)
    units: dict[str, set[str]] = {}
    for r in records:
        units.setdefault(r.id, set()).add(fold(r.unit))
    return [r._replace(attrs={**r.attrs, "角色": ("主办",)})
            if not r.attrs.get("角色") and len(units[r.id]) == 1 else r for r in records]


def _most_specific(cands: list[ir.Rule], attrs) -> tuple[ir.Rule | None, tuple[str, str] | None]:
    """The most specific of the matching rules, or (None, the reason in
    English and Chinese) when several are equally specific."""
    top = max(r.specificity for r in cands)
    best = [r for r in cands if r.specificity == top]
    if len(best) == 1:
        return best[0], None
    ids = "、".join(r.id or f"line {r.span.line if r.span else '?'}" for r in best)
    keys = sorted({c.key for r in best for c in r.conditions if len(attrs.get(c.key, ())) > 1})
    what = _what([(k, attrs[k]) for k in keys]) or "?"
    return None, (f"several rules match equally ({ids}) for {what}", f"同时符合几条同样具体的条款（{ids}）：{what}，请拆成几行")


def _highest(bonuses: tuple) -> tuple:
    """GZ05-5: of the bonuses in one highest-only block, keep the highest."""
    if not any(b.exclusive for b in bonuses):
        return bonuses
    best: dict[str, ir.Rule] = {}
    for b in bonuses:
        if b.exclusive and (b.exclusive not in best or b.points > best[b.exclusive].points):
            best[b.exclusive] = b
    return tuple(b for b in bonuses if not b.exclusive or best[b.exclusive] is b)


def _outcome(o: ir.Outcome, quarters) -> tuple | None:
    """The quarters that make an outcome hold, or None."""
    if not quarters:
        return None
    missed = [(y, n) for y, n, _, met in quarters if not met]
    if o.when == "all-met":
        return tuple((y, n) for y, n, _, _ in quarters) if not missed else None
    if o.when == "any-missed":
        return tuple(missed) or None
    run: list[tuple[int, int]] = []
    best: list[tuple[int, int]] = []
    for y, n, _, met in quarters:
        run = [] if met else run + [(y, n)]
        if len(run) > len(best):
            best = run
    return tuple(best) if len(best) >= (o.n or 4) else None


def _what(pairs) -> str:
    """Attribute values as a reason shows them: 刊物=达州日报, 栏目=主条、简讯."""
    return ", ".join(f"{k}={'、'.join(v)}" for k, v in pairs)


def _rows(rows) -> str:
    """第…行: 3、5, or 3（一月）、5（二月） when the rows are on several sheets."""
    sheets = {getattr(r, "sheet", None) for r in rows}
    shown = (f"{int(r)}（{r.sheet}）" if len(sheets) > 1 else str(int(r)) for r in rows[:5])
    return "、".join(shown) + ("等" if len(rows) > 5 else "")


def _assign(bucket: list[UnitResult], key, attr: str) -> None:
    """Competition ranking (1, 1, 3): equal keys share a rank."""
    ranked = sorted(bucket, key=key, reverse=True)
    prev = None
    for i, u in enumerate(ranked, start=1):
        k = key(u)
        if prev is None or k != prev[0]:
            prev = (k, i)
        setattr(u, attr, prev[1])


def evaluate(reg: ir.Regulation, records, period_from: date | None = None, period_to: date | None = None,
             file: str = "<ledger>", quarterly: bool | None = None, as_of: date | None = None) -> Result:
    with bulk():
        return Evaluator(reg).run(records, period_from, period_to, file, quarterly, as_of)


def evaluate_ledger(reg: ir.Regulation, ledger: Ledger, period_from: date | None = None, period_to: date | None = None,
                    quarterly: bool | None = None, as_of: date | None = None) -> Result:
    """Score a ledger, with its unreadable rows listed as not scored and its
    problems merged with the evaluation's, in row order."""
    result = evaluate(reg, ledger.records, period_from, period_to, ledger.file, quarterly, as_of)
    rejected = [Unmatched(row, result.names.get(fold(unit), fold(unit)), en, zh) for row, unit, en, zh in ledger.rejected]
    result.unmatched = sorted([*result.unmatched, *rejected], key=lambda m: m.row)
    result.rows += len(ledger.rejected)
    result.problems = sorted([*ledger.problems, *_unread_columns(reg, ledger), *result.problems],
                             key=lambda d: (d.span.line if d.span else 0))
    return result


def read_keys(reg: ir.Regulation) -> set[str]:
    """The ledger columns a regulation reads: LEDGER.md's core columns, the
    attributes it declares and every key a clause or count names."""
    return ({*ir.CORE_COLUMNS, *(a.key for a in reg.attributes)}
            | {c.key for r in reg.rules for c in r.conditions}
            | {c.key for cr in reg.counts for c in cr.conditions}
            | {r.column for r in reg.rules if r.column}
            | ({ir.POINTS_COLUMN} if any(r.low is not None for r in reg.rules) else set())
            | {c.key for pr in reg.period_rules for c in pr.quantity.conditions})


def _unread_columns(reg: ir.Regulation, ledger: Ledger) -> list[Diagnostic]:
    """Every header is read or named here: a column nothing reads (领导批示
    for 批示) would silently lose what it holds."""
    from .ledger import BOOKKEEPING_COLUMNS, nearest_column

    read = read_keys(reg)
    out = []
    for i, (key, name) in enumerate(zip(ledger.columns, ledger.headers)):
        if not key or key in read:
            continue
        filled = []
        for rec in ledger.records:  # an empty column loses nothing
            if key in rec.attrs:
                filled.append(rec.row)
                if len(filled) > 5:
                    break
        if not filled:
            continue
        where = Span(ledger.file, ledger.header_row, 0)
        if fold(name) in BOOKKEEPING_COLUMNS:
            out.append(Diagnostic("unread-column", f"第{i + 1}列“{name}”不参与计分，未读取 (column not read)", where, severity="note"))
            continue
        close = nearest_column(name, read)
        if close in ledger.columns:  # the column it likely means is there already
            j = ledger.columns.index(close)
            hint = f"；“{close}”按第{j + 1}列“{ledger.headers[j]}”读取"
        else:
            hint = f"；是否为“{close}”？可用 --columns {close}={name} 按“{close}”读取" if close else ""
        out.append(Diagnostic("unread-column", f"第{i + 1}列“{name}”本规程不读取，其内容（第{'、'.join(map(str, filled[:5]))}{'等' if len(filled) > 5 else ''}行）未计分{hint} (column not read)", where, severity="warning"))
    return out
