"""Check: diagnostics on a lowered regulation.

Each check is a small function ``(Regulation) -> iterable of Diagnostic``;
:func:`check` runs them all and returns every diagnostic, sorted.
"""

from __future__ import annotations

import heapq
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Sequence

from . import ir
from ..foundation.diagnostics import Diagnostic, Span
from ..foundation.text import fold

Check = Callable[[ir.Regulation], Iterable[Diagnostic]]
CHECKS: list[Check] = []


def _check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


@_check
def duplicate_units(reg: ir.Regulation) -> Iterator[Diagnostic]:
    seen: dict[str, tuple[ir.Group, ir.Unit]] = {}
    for g, u in reg.units():
        for name in (u.name, *u.aliases, *u.includes):
            k = fold(name)
            if k in seen:
                og, ou = seen[k]
                where = f"第{ou.span.line}行" if ou.span else ""
                yield Diagnostic("duplicate-unit", f"单位“{name}”重复：已在单位组“{og.name}”{where}出现 (duplicate unit)", u.span)
            else:
                seen[k] = (g, u)


@_check
def group_targets(reg: ir.Regulation) -> Iterator[Diagnostic]:
    for g in reg.groups:
        missing = [u for u in g.units if u.target is None and g.target is None]
        if missing and len(missing) == len(g.units):
            yield Diagnostic("group-without-target", f"单位组“{g.name}”没有目标：请写“目标N分”或在每个单位后写分值 (group without target)", g.span)
        else:
            for u in missing:
                yield Diagnostic("unit-without-target", f"单位“{u.name}”没有目标分值 (unit without target)", u.span)
        if g.target is not None and g.target <= 0:
            yield Diagnostic("bad-target", f"单位组“{g.name}”的目标须大于0 (target must be positive)", g.span)
        for u in g.units:
            if u.target is not None and u.target <= 0:
                yield Diagnostic("bad-target", f"单位“{u.name}”的目标须大于0 (target must be positive)", u.span)
        if g.count is not None and g.count != len(g.units):
            yield Diagnostic("group-count", f"单位组“{g.name}”写明共{g.count}个，实际列出{len(g.units)}个 (stated count differs from the list)", g.span)


def _overlap(a: ir.Rule, b: ir.Rule) -> bool:
    """Some record can satisfy both rules' conditions."""
    bk = {c.key: c for c in b.conditions if not c.negate}
    bn = {c.key: c for c in b.conditions if c.negate}
    for c in a.conditions:
        if c.key in _MULTI:
            continue
        if c.negate:  # （不含领导讲话）: excludes b's values only if b names no other
            o = bk.get(c.key)
            if o is not None and o.folded <= c.folded:
                return False
            continue
        o = bk.get(c.key)
        if o is not None and not (c.folded & o.folded):
            return False
        n = bn.get(c.key)
        if n is not None and c.folded <= n.folded:
            return False
    return True


def _covers(c: ir.Rule, a: ir.Rule, b: ir.Rule) -> bool:
    """Every record matching both a and b matches c."""
    both = {}
    excluded: dict[str, frozenset] = {}
    for r in (a, b):
        for cond in r.conditions:
            if cond.negate:
                excluded[cond.key] = excluded.get(cond.key, frozenset()) | cond.folded
            else:
                both[cond.key] = both[cond.key] & cond.folded if cond.key in both else cond.folded
    return all((cond.key in both and not (both[cond.key] & cond.folded)) or cond.folded <= excluded.get(cond.key, frozenset())
               if cond.negate else cond.key in both and both[cond.key] <= cond.folded
               for cond in c.conditions)


#: attributes that may hold several values in one cell: any two values can co-occur
_MULTI = {"批示", "上级采用"}


class _Index:
    """Rules indexed by their conditions' folded values, so that the rules a
    given rule may overlap with are found without trying every pair (a
    regulation of 10,000 clauses is checked in seconds, not minutes)."""

    def __init__(self, rules: list[ir.Rule]):
        self.n = len(rules)
        self.by_value: dict[str, dict[str, list[int]]] = {}
        self.keyed: dict[str, set[int]] = {}
        for i, r in enumerate(rules):
            for c in r.conditions:
                if c.key in _MULTI or c.negate:
                    continue
                self.keyed.setdefault(c.key, set()).add(i)
                for v in c.folded:
                    self.by_value.setdefault(c.key, {}).setdefault(v, []).append(i)
        #: for each attribute, the rules that do not name it (they may overlap anything)
        self.unkeyed = {k: [i for i in range(self.n) if i not in ks] for k, ks in self.keyed.items()}

    def candidates(self, r: ir.Rule) -> Iterable[int]:
        """Indices (ascending, produced lazily so that a caller looking for
        the first match stops early) of every rule that may overlap ``r``:
        for the most selective of r's conditions, the rules sharing one of
        its values or not naming that attribute at all.  A superset;
        :func:`_overlap` decides."""
        best: list[Sequence[int]] | None = None
        best_size = 0
        for c in r.conditions:
            if c.key in _MULTI or c.negate:
                continue
            values = self.by_value.get(c.key, {})
            lists = [values[v] for v in c.folded if v in values]
            lists.append(self.unkeyed.get(c.key, range(self.n)))
            size = sum(len(x) for x in lists)
            if best is None or size < best_size:
                best, best_size = lists, size
        if best is None:
            return range(self.n)
        return _distinct(heapq.merge(*best))


def _distinct(ascending: Iterable[int]) -> Iterator[int]:
    last = -1
    for i in ascending:
        if i != last:
            yield i
            last = i


@_check
def ambiguous_rules(reg: ir.Regulation) -> Iterator[Diagnostic]:
    for kind in ("base", "penalty"):
        rules = [r for r in reg.rules if r.kind == kind]
        groups: dict[tuple, list[ir.Rule]] = {}
        for r in rules:
            groups.setdefault((r.event, r.specificity), []).append(r)
        for (event, spec), same in groups.items():
            more_specific = [c for c in rules if c.event == event and c.specificity > spec]
            index = _Index(same)
            for j, b in enumerate(same):
                # the first earlier rule ambiguous with b, as a scan of all pairs in file order finds it
                for i in index.candidates(b):
                    if i >= j:
                        break
                    a = same[i]
                    if a.stacks or b.stacks:
                        continue  # a higher office's points add to a publication's, and to another office's: all apply
                    if not _overlap(a, b):
                        continue
                    if any(_covers(c, a, b) for c in more_specific):
                        continue  # a more specific rule says what a record matching both earns
                    yield Diagnostic(
                        "ambiguous-rules",
                        f"本条款与第{a.span.line if a.span else '?'}行的条款可能同时适用于同一条记录，且同样具体；请加条件区分，或为两者兼有的记录另写一条 (two rules match the same record with equal specificity)",
                        b.span)
                    break


@_check
def orphan_bonuses(reg: ir.Regulation) -> Iterator[Diagnostic]:
    bases = [r for r in reg.rules if r.kind == "base"]
    # a row a bonus on the item scores carries the row's other bonuses (省领导批示的另加50分)
    carriers = bases + ([r for r in reg.rules if r.kind == "bonus" and r.item] if bases else [])
    index = _Index(carriers)
    for r in reg.rules:
        # a bonus on the item (采用的，每条再加N分) is carried by the item's other rows
        if r.kind == "bonus" and not (r.item and bases) and not any(_overlap(r, carriers[i]) for i in index.candidates(r)):
            yield Diagnostic("orphan-bonus", "没有哪条计分条款的信息能获得这项加分 (no base rule's items can carry this bonus)", r.span)


@_check
def duplicate_ids(reg: ir.Regulation) -> Iterator[Diagnostic]:
    seen: dict[str, object] = {}
    extra = [x for x in (reg.year, reg.unlisted, reg.start_clause) if x is not None]
    ind = []
    if reg.checklist is not None:
        def walk(items):
            for it in items:
                ind.append(it)
                if isinstance(it, ir.IndicatorSection):
                    walk(it.items)
        walk(reg.checklist.sections)
    for r in (*reg.rules, *reg.transfers, *reg.counts, *reg.outcomes, *extra, *ind):
        if r.id is None:
            continue
        if r.id in seen:
            yield Diagnostic("duplicate-rule-id", f"条款编号“{r.id}”重复 (duplicate rule id)", r.span)
        seen[r.id] = r


@_check
def transfer_rates(reg: ir.Regulation) -> Iterator[Diagnostic]:
    general = [t for t in reg.transfers if not t.groups]
    for t in general[1:]:
        # the ledger's 所属单位 does not say whether a row is a 直报点 or a 二级机构:
        # a second clause for unlisted units must name the groups it is for
        yield Diagnostic("several-transfers", f"未列单位只能有一条计入条款（第{general[0].span.line if general[0].span else '?'}行已有）；其他计入条款须在括号中写明单位组 (only one transfer clause for unlisted units)", t.span)
    seen: dict[str, ir.Transfer] = {}
    for t in reg.transfers:
        for g in t.groups:
            if fold(g) in seen:
                yield Diagnostic("several-transfers", f"单位组“{g}”已有计入条款（第{seen[fold(g)].span.line if seen[fold(g)].span else '?'}行） (two transfer clauses for one group)", t.span)
            seen[fold(g)] = t
    for t in reg.transfers:
        if t.rate > Decimal(1) or t.rate <= 0:
            yield Diagnostic("bad-rate", f"比例“{t.rate_text}”须大于0且不超过100% (rate must be within 0–100%)", t.span)


@_check
def count_targets(reg: ir.Regulation) -> Iterator[Diagnostic]:
    if reg.counts and not any(g.measure == "adopted" for g in reg.groups):
        yield Diagnostic("counts-without-target", "规程没有按采用数考核的单位组，“计入采用数”不起作用 (no group has an adopted-count target)", reg.counts[0].span)
    for g in reg.groups:
        if g.measure != "score":
            for u in g.units:
                t = u.target if u.target is not None else g.target
                if t is not None and t != t.to_integral_value():
                    yield Diagnostic("bad-target", f"单位“{u.name}”的目标是条数，须是整数 (a count target must be a whole number)", u.span)


@_check
def quotas(reg: ir.Regulation) -> Iterator[Diagnostic]:
    """完成任务的 / 每少1条 compare with a group's 每月不少于N条: a clause that
    needs one where no group (of those it names) gives one for its period
    would never apply."""
    names = {"week": "每周", "month": "每月", "quarter": "每季度", "year": "全年"}
    for pr in reg.period_rules:
        needs = any(b.test == "quota" for b in pr.branches) or (
            any(b.kind in ("short", "extra") for b in pr.branches)
            and not any(b.kind == "when" and b.test in ("ge", "gt") for b in pr.branches)) or (
            any(b.kind == "else" for b in pr.branches) and not any(b.kind == "when" for b in pr.branches))
        if not needs:
            continue
        groups = [g for g in reg.groups if not pr.groups or fold(g.name) in {fold(x) for x in pr.groups}]
        if not any(g.quota is not None and g.quota_period == pr.period for g in groups):
            yield Diagnostic("no-quota", f"此条款按单位组的任务数比较，但没有单位组写明“{names[pr.period]}不少于N条”，此条款不会适用 (no group gives a quota for this period)",
                             pr.span, severity="warning")


@_check
def quarters(reg: ir.Regulation) -> Iterator[Diagnostic]:
    if reg.outcomes and not any(g.quarter_target is not None for g in reg.groups):
        yield Diagnostic("outcome-without-quarter-target", "没有单位组写明季度目标，按季度完成情况的结论无从判断 (no group has a quarterly target)", reg.outcomes[0].span)
    for g in reg.groups:
        if g.quarter_target is not None and g.quarter_target <= 0:
            yield Diagnostic("bad-target", f"单位组“{g.name}”的季度目标须大于0 (target must be positive)", g.span)


@_check
def checklist(reg: ir.Regulation) -> Iterator[Diagnostic]:
    if reg.checklist is None:
        return
    seen: dict[str, ir.Indicator] = {}
    for ind in reg.checklist.indicators():
        if ind.key in seen:
            yield Diagnostic("duplicate-indicator", f"指标“{ind.name}”重复（第{seen[ind.key].span.line if seen[ind.key].span else '?'}行） (duplicate indicator)", ind.span)
        seen[ind.key] = ind


@_check
def clause_texts(reg: ir.Regulation) -> Iterator[Diagnostic]:
    """条款原文 replaces the appendix sentence of every clause of its label:
    it needs a label, once per label, and a clause under that label."""
    clauses = {(c.section, c.label) for c in (*reg.rules, *reg.transfers, *reg.counts, *reg.outcomes,
                                              *reg.period_rules, *reg.allowances, *reg.combines,
                                              *([reg.start_clause] if reg.start_clause else []),
                                              *([reg.unlisted] if reg.unlisted else []))}
    seen: dict[tuple, ir.NoticeText] = {}
    for t in reg.texts:
        if not t.replaces:
            continue
        if t.label is None:
            yield Diagnostic("clause-text-without-label", "“条款原文”须写明所替换条款的标号【…】，否则无从知道替换哪一条 (clause text needs a label)", t.span)
            continue
        key = (t.section, t.label)
        if key in seen:
            first = seen[key].span.line if seen[key].span else "?"
            yield Diagnostic("duplicate-clause-text", f"条款【{t.label}】的“条款原文”已在第{first}行写过；一条只能有一句条款原文，请合为一行 (duplicate clause text)", t.span)
            continue
        seen[key] = t
        if key not in clauses:
            yield Diagnostic("clause-text-without-clause", f"没有标号为【{t.label}】的计分条款，这句“条款原文”在附件中自成一条 (clause text matches no clause)", t.span, "warning")


def check(reg: ir.Regulation) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple] = set()
    for fn in CHECKS:
        for d in fn(reg):
            if (d.key, d.span) not in seen:  # one report per place and kind
                seen.add((d.key, d.span))
                out.append(d)
    return sorted(out, key=lambda d: (d.span is None, d.span.line if d.span else 0, d.span.column if d.span else 0))
