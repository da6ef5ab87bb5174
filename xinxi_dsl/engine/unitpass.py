"""The unit pass: what a regulation says about a unit as a whole.

After the item pass (rows → lines, evaluate.py), in this order
(SCORING-ORDER.md 2–5):

1. **combine** — one item in several rows: 按最高分计 keeps a unit's best row
   of the item; 均分 divides a joint item's points among the units sharing it;
2. **allowances** — 每季度基础分6分: a line per unit and period;
3. **period rules** — 每月报送不少于6条的，计5分；未达到的，扣3分: for each
   unit and each period ended by the as-of date, the measure and the lines
   its branches give;
4. **floors** — 扣完为止: a period's deductions take at most its allowance;
   then the clauses that only judge (每季度得分低于10分的，视为不达标), on the
   period's score after the floor;
5. **year pass** — period rules that zero (当年得分计0分) or convert
   (按10%计入, 折算为百分制) a total, last, in the order written.

Every step is a :class:`~.evaluate.Line` of its own, dated the period's last
day, whose note says why, so a unit's score stays the sum of its lines.
Each step maps onto a GROUP BY: items by (unit, 编号), lines and records by
(unit, period).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from ..compiler import ir
from ..foundation.text import fold
from . import periods
from .lines import Line, cond, dec

ZERO = Decimal(0)
_CENT = Decimal("0.01")
#: line kinds the item pass gives a row (what combine works on)
ITEM_KINDS = ("base", "bonus")
#: branches applied after every other unit-pass line: they act on the year's total
YEAR_PASS = ("convert", "scale")

PERIOD_WORDS = {"week": "每周", "month": "每月", "quarter": "每季度", "year": "全年"}


def cell_points(rec, key: str) -> Decimal | None:
    """A ledger cell read as points (12, 12.5, ２０); None when blank or not a number."""
    vals = rec.attrs.get(key)
    if not vals or len(vals) != 1:
        return None
    try:
        v = Decimal(vals[0].replace("分", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return v if v.is_finite() else None


def _line(unit, clause, d: date, title: str, kind: str, points: Decimal, note: str):
    """A unit's own line (no ledger row): the clause, the period's name and last day, why."""
    return Line(0, "", d, title, unit.key, clause.id, clause.label, clause.span.line if clause.span else None, kind, points, note)


# ---- 1. one item in several rows ------------------------------------------------

def combine(units, regulation: ir.Regulation) -> None:
    # a unit's best row of an item first, then that best is what a joint item's units share
    for c in regulation.combines:
        if c.kind == "highest":
            _highest(c, units)
    for c in regulation.combines:
        if c.kind == "split":
            _split(c, units)


def _highest(c: ir.Combine, units) -> None:
    """同一信息被多个刊物采用的，按最高分计: of a unit's rows of one item, the
    best row counts; each other row's points are taken off in a line of its
    own, dated as that row, so a period's points are its own rows'. Of rows
    with equal points the earliest (date, title, row) is the best: the
    ledger's row order decides nothing a period can see."""
    for u in units:
        rows: dict[str, dict[int, Decimal]] = defaultdict(dict)
        first = {}
        # a row with no base line (a bonus on the item: 采用的，每条再加N分) is not one of
        # the item's publications: it adds to the item, it does not compete
        based = {(line.record_id, line.row) for line in u.lines if line.kind == "base"}
        for line in u.lines:
            if line.kind in ITEM_KINDS and not line.record_id.startswith("#") and (line.record_id, line.row) in based:
                rows[line.record_id][line.row] = rows[line.record_id].get(line.row, ZERO) + line.points
                first.setdefault((line.record_id, line.row), line)
        for rid, per_row in rows.items():
            if len(per_row) < 2:
                continue
            best_row = min(per_row, key=lambda r: (-per_row[r], first[(rid, r)].date, first[(rid, r)].title, r))
            for r in sorted(per_row):
                if r != best_row and per_row[r]:
                    u.add(first[(rid, r)]._replace(
                        rule_id=c.id, label=c.label, rule_line=c.span.line if c.span else None, kind="combine",
                        points=-per_row[r], note=f"同一信息按最高分计：第{best_row}行{per_row[best_row]}分，本行不重复计分"))


def _split(c: ir.Combine, units) -> None:
    """合报信息的分数均分: an item whose rows name several units is worth
    its points once, shared equally; shares are rounded to 0.01 (half up)
    and the remainder goes to the first unit in ledger order, so the shares
    add up to the item's points, never more or less."""
    per_item: dict[str, dict[str, tuple[Decimal, int]]] = defaultdict(dict)
    keep = {}
    for u in units:
        for line in u.lines:
            # a unit's points for the item: after 按最高分计 (combine), which runs first
            if line.kind in (*ITEM_KINDS, "combine") and not line.record_id.startswith("#"):
                pts, row = per_item[line.record_id].get(u.key, (ZERO, line.row))
                per_item[line.record_id][u.key] = (pts + line.points, min(row, line.row))
                # the share's line is dated as the unit's earliest row of the item, whatever the row order
                had = keep.get((line.record_id, u.key))
                if line.kind in ITEM_KINDS and (had is None or (line.date, line.title, line.row) < (had.date, had.title, had.row)):
                    keep[(line.record_id, u.key)] = line
    by_key = {u.key: u for u in units}
    for rid, shares in per_item.items():
        if len(shares) < 2:
            continue
        n = len(shares)
        # the item's points: what one row earns (the rows of a joint item agree; if not, the highest)
        item = max(p for p, _ in shares.values())
        share = (item / n).quantize(_CENT, rounding=ROUND_HALF_UP)
        order = sorted(shares, key=lambda k: shares[k][1])
        rest = item - share * n
        for i, k in enumerate(order):
            mine = share + (rest if i == 0 else ZERO)
            had = shares[k][0]
            if mine != had:
                f = keep[(rid, k)]
                by_key[k].add(f._replace(rule_id=c.id, label=c.label, rule_line=c.span.line if c.span else None,
                                         kind="split", points=mine - had,
                                         note=f"合报信息{n}个单位均分：{item}÷{n}，本单位{mine}分"))


# ---- 2–5. allowances, period rules, floors, the year pass ----------------------------

class _Measures:
    """The records of one unit, for its measures in each period."""

    def __init__(self, records):
        self.records = records
        self._first: dict[tuple, dict[str, date]] = {}

    def first_dates(self, kind: str, conds) -> dict[str, date]:
        """Each item's date for a count: the day it was first submitted (its
        earliest 报送 or 采用 row) — or first adopted — among the rows
        matching the conditions.  An item submitted in January and adopted
        in March is one of January's submissions and one of March's
        adoptions, never a second submission in March."""
        key = (kind, conds)
        got = self._first.get(key)
        if got is None:
            events = (ir.EVENT_ADOPTED,) if kind == "adopted" else (ir.EVENT_ADOPTED, ir.EVENT_SUBMITTED)
            got = {}
            for r in self.records:
                if r.event in events and _all(conds, r.attrs) and (r.id not in got or r.date < got[r.id]):
                    got[r.id] = r.date
            self._first[key] = got
        return got

    def items(self, kind: str, conds, a: date, b: date) -> set[str]:
        return {i for i, d in self.first_dates(kind, conds).items() if a <= d <= b}

    def rows(self, conds, a: date, b: date) -> int:
        return sum(1 for r in self.records if a <= r.date <= b and _all(conds, r.attrs))


def _all(conds, attrs) -> bool:
    return all(cond(c, attrs) for c in conds)


def unit_pass(ev, units, records_by_unit: dict, pfrom: date | None, pto: date | None, as_of: date | None):
    """Allowances, period rules, floors and the year pass for every unit.
    Returns the periods judged per kind: {kind: [(name, first, last)]}."""
    reg = ev.reg
    judged: dict[str, list] = {}
    if not (reg.period_rules or reg.allowances) or pfrom is None or pto is None:
        return judged
    kinds = {pr.period for pr in reg.period_rules} | {a.period for a in reg.allowances}
    for kind in kinds:
        judged[kind] = [s for s in periods.spans_within(reg, kind, pfrom, pto) if as_of is not None and s[2] <= as_of]
    later = [pr for pr in reg.period_rules if any(b.kind in YEAR_PASS or b.effect == "zero" for b in pr.branches)]
    # a clause that only judges (每季度得分低于10分的，视为不达标) gives no points: it is judged on the
    # period's score after 扣完为止 has given back what the deductions took beyond the allowance
    verdicts = [pr for pr in reg.period_rules if pr not in later and all(b.effect == "outcome" for b in pr.branches)]
    first_rules = [pr for pr in reg.period_rules if pr not in later and pr not in verdicts]
    for u in units:
        m = _Measures(records_by_unit.get(u.key, ()))
        for al in reg.allowances:
            if al.points is None or not _applies(al, u):
                continue
            for name, a, b in judged[al.period]:
                u.add(_line(u, al, b, name, "allowance", al.points, f"{name}基础分{al.points}分"))
        for pr in first_rules:
            if not _applies(pr, u):
                continue
            for name, a, b in judged[pr.period]:
                _apply(ev, u, pr, m, name, a, b)
        for al in reg.allowances:
            if al.floor and _applies(al, u):
                for name, a, b in judged[al.period]:
                    _floor(u, al, name, a, b)
        for pr in (*verdicts, *later):
            if not _applies(pr, u):
                continue
            for name, a, b in judged[pr.period]:
                _apply(ev, u, pr, m, name, a, b)
    return judged


def _applies(clause, u) -> bool:
    """（乡镇）每月…: a clause naming groups applies to their units only."""
    groups = getattr(clause, "groups", ())
    return not groups or (u.group is not None and u.group in {fold(g) for g in groups})


def _in(line, a: date, b: date) -> bool:
    return a <= line.date <= b


def _points(u, q: ir.Quantity, a: date, b: date, records) -> Decimal:
    rows = None
    if q.conditions:
        rows = {r.row for r in records if _all(q.conditions, r.attrs)}
    labels = {fold(x) for x in q.clauses}
    total = ZERO
    for line in u.lines:
        if not _in(line, a, b):
            continue
        if rows is not None and (line.row not in rows or not line.row):
            continue
        if labels and fold(line.label or "") not in labels:
            continue
        total += line.points
    return total


def measure(u, q: ir.Quantity, m: _Measures, a: date, b: date) -> tuple[Decimal, str]:
    """(value, how a reader sees it) of a unit's measure in [a, b]."""
    if q.kind in ("submitted", "adopted"):
        n = len(m.items(q.kind, q.conditions, a, b))
        return Decimal(n), f"{'报送' if q.kind == 'submitted' else '采用'}{n}条"
    if q.kind == "rows":
        n = m.rows(q.conditions, a, b)
        return Decimal(n), f"{n}次"
    if q.kind == "rate":
        sub = len(m.items("submitted", q.conditions, a, b))
        ad = len(m.items("adopted", q.conditions, a, b))
        rate = Decimal(ad) / sub if sub else ZERO
        return rate, f"采用{ad}条÷报送{sub}条={_pct(rate)}"
    if q.kind == "completion":
        done = sum((l.points for l in u.lines if l.date <= b), ZERO) if u.measure == "score" else Decimal(u.count or 0)
        if not u.target:
            return ZERO, "无目标"
        rate = done / u.target
        return rate, f"完成率{_pct(rate)}"
    pts = _points(u, q, a, b, m.records)
    return pts, f"得分{dec(pts)}分"


def quantity_word(q: ir.Quantity) -> str:
    return {"submitted": "报送数", "adopted": "采用数", "rate": "采用率", "rows": "次数"}.get(q.kind, "得分")


def _pct(r: Decimal) -> str:
    return f"{dec((r * 100).quantize(_CENT, rounding=ROUND_HALF_UP))}%"


def _test(b: ir.Branch, v: Decimal, quota: Decimal | None) -> bool | None:
    if b.test == "ge":
        return v >= b.low
    if b.test == "gt":
        return v > b.low
    if b.test == "lt":
        return v < b.low
    if b.test == "between":
        return b.low <= v <= b.high
    if b.test == "quota":
        return None if quota is None else v >= quota
    return None


def _condition_text(b: ir.Branch, quota: Decimal | None) -> str:
    """What held, for an explanation: 不少于6条, 低于30%, 10至19条, 完成任务（6条）."""
    def v(x: Decimal) -> str:
        return _pct(x) if b.percent else f"{dec(x)}{b.counter or ''}"
    if b.test == "between":
        return f"{dec(b.low)}至{v(b.high)}"
    if b.test == "quota":
        return f"完成任务（{dec(quota)}条）" if quota is not None else "完成任务"
    word = b.relation or {"ge": "不少于", "gt": "超过", "lt": "低于"}[b.test]
    if "{v}" in word:  # 达到{v}（含15条）以上
        return word.replace("{v}", v(b.low))
    return f"{v(b.low)}{word}" if word.endswith("以上") else f"{word}{v(b.low)}"


def _threshold(pr: ir.PeriodRule, quota: Decimal | None) -> Decimal | None:
    """每少1条 / 每超1条 count from the rule's own 不少于N条, else the group's quota."""
    for b in pr.branches:
        if b.kind == "when" and b.test in ("ge", "gt") and b.low is not None:
            return b.low
    return quota


def _quota(ev, u, pr: ir.PeriodRule) -> Decimal | None:
    g = ev.group_of(u)
    if g is None or g.quota is None or g.quota_period != pr.period:
        return None
    return g.quota


def _apply(ev, u, pr: ir.PeriodRule, m: _Measures, name: str, a: date, b: date) -> None:
    v, shown = measure(u, pr.quantity, m, a, b)
    quota = _quota(ev, u, pr)
    fired = False
    for br in pr.branches:
        pts: Decimal | None = None
        why = ""
        if br.kind == "when":
            hit = _test(br, v, quota)
            if hit is None:
                continue  # a unit without a quota: 达到任务 does not apply
            if fired or not hit:
                continue
            fired = True
            why = _condition_text(br, quota)
        elif br.kind == "else":
            if br.test == "quota" or not any(x.kind == "when" for x in pr.branches):
                if quota is None:
                    continue
                if v >= quota:
                    continue
                why = f"未达到{dec(quota)}条"
            elif fired:
                continue
            else:
                why = "未达到"
            fired = True
        elif br.kind in ("short", "extra"):
            thr = _threshold(pr, quota)
            if thr is None:
                continue
            gap = (thr - v) if br.kind == "short" else (v - thr)
            n = (gap / br.step).to_integral_value(rounding=ROUND_FLOOR) if gap > 0 else ZERO
            if not n:
                continue
            pts = n * br.points
            why = f"{'少' if br.kind == 'short' else '超'}{dec(gap)}{br.counter or '条'}"
        elif br.kind == "cap":
            if v <= br.points:
                continue
            pts = br.points - v
            why = f"超过{dec(br.points)}分的部分不计"
        elif br.kind == "convert":
            pts = (v * br.factor).quantize(_CENT, rounding=ROUND_HALF_UP) - v
            why = f"按{br.factor_text}{br.word or '折算'}{br.text or ''}"
        elif br.kind == "scale":
            if not u.target:
                continue
            pts = (v / u.target * 100).quantize(_CENT, rounding=ROUND_HALF_UP) - v
            why = "折算为百分制（得分÷目标×100）"
        if br.kind in ("when", "else"):
            if br.effect == "zero":
                total = sum((l.points for l in u.lines if _in(l, a, b)), ZERO)
                if total:
                    u.add(_line(u, pr, b, name, "zero", -total, f"{name}：{shown}，{br.text}"))
                continue
            if br.effect == "outcome":
                u.verdicts.append((pr, name, br.text, pr.candidate))
                continue
            pts = br.points
        if pts is None:
            continue
        u.add(_line(u, pr, b, name, "period", pts, f"{name}：{shown}，{why}"))


#: lines that are deductions for 扣完为止: penalties, and what a period rule takes off
DEDUCTIONS = ("penalty", "period", "zero")


def _floor(u, al: ir.Allowance, name: str, a: date, b: date) -> None:
    """扣完为止: the period's deductions (penalties, a period rule's 扣) take
    at most its allowance — without one, at most the period's other points;
    what they took beyond is given back in one line."""
    lines = [l for l in u.lines if _in(l, a, b)]
    minus = -sum((l.points for l in lines if l.points < 0 and l.kind in DEDUCTIONS), ZERO)
    if al.points is not None:
        base = sum((l.points for l in lines if l.kind == "allowance"), ZERO)
    else:
        base = sum((l.points for l in lines if not (l.points < 0 and l.kind in DEDUCTIONS)), ZERO)
    back = minus - max(base, ZERO)
    if back > 0:
        u.add(_line(u, al, b, name, "floor", back,
                    f"{name}：扣分{dec(minus)}分超过{'基础分' if al.points is not None else '得分'}{dec(max(base, ZERO))}分，扣完为止"))


def counted_by(reg: ir.Regulation, rec) -> ir.PeriodRule | None:
    """The first period rule whose measure counts a row (a 报送 row that no
    clause gives points is still one of the 每月报送不少于6条)."""
    for pr in reg.period_rules:
        q = pr.quantity
        if q.kind == "rows" or (q.kind in ("submitted", "rate") and rec.event in (ir.EVENT_ADOPTED, ir.EVENT_SUBMITTED)) \
                or (q.kind == "adopted" and rec.event == ir.EVENT_ADOPTED):
            if _all(q.conditions, rec.attrs):
                return pr
    return None
