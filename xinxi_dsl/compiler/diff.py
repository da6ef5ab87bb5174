"""Two regulations compared clause by clause, by meaning (``xinxi diff``).

Clauses are paired across the two files by what they do, never by their
line, label or ID (the notice renumbers: D09 （二） is D12 1): first the
clauses whose meaning is equal (the IR without ID, label, section and
place), then, among the rest of the same kind, the most alike — the same
conditions (publication, column, event, instruction …) count most, a
condition on the same column with other values less, equal points a
little — and what is left is added or removed.  The result is a frozen
model (:class:`RegulationDiff`) the CLI, a web page or a language server
render as they like; ``documents/diff.py`` words it in the notice's
phrasing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from ..foundation.text import fold
from . import ir

#: the clause pools compared, each pairs only within itself: (kind, Chinese name)
POOLS = (
    ("rule", "计分条款"), ("transfer", "计入条款"), ("period", "期间条款"), ("allowance", "基础分条款"),
    ("combine", "合并计分条款"), ("count", "计数条款"), ("outcome", "考核结论"), ("start", "执行日期"),
    ("unlisted", "未下达目标的单位"), ("year", "考核年度"), ("text", "原文"),
)
POOL_NAMES = dict(POOLS)

#: Chinese names of the fields a change may name
FIELD_NAMES = {
    "points": "分值", "kind": "类型", "event": "事项", "per": "计量", "later_points": "以后每次分值",
    "cap": "累计上限", "cap_times": "上限（任务数倍数）", "exclusive": "择高", "effect": "作用",
    "column": "分值列", "factor": "倍数", "ref": "引用条款", "low": "最低", "high": "最高",
    "rate": "计入比例", "groups": "适用单位组", "period": "期间", "quantity": "计量",
    "branches": "档次", "floor": "扣完为止", "unlimited": "加分无上限", "no_repeat": "不重复计分",
    "words": "措辞", "date_text": "执行日期", "month": "起始月", "day": "起始日", "prev": "上年起算",
    "when": "条件", "n": "连续季度数", "text": "原文", "own": "本文件补充", "replaces": "条款原文",
    "conditions": "条件",
}


@dataclass(frozen=True)
class Detail:
    """One thing that changed: ``field`` (English key, e.g. points, or
    ``condition:刊物``), its Chinese name, the old and the new value as
    text (None: absent on that side)."""

    field: str
    name: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ClauseChange:
    """One clause: ``change`` is added | removed | changed | same (same:
    equal in meaning, perhaps renumbered).  ``old`` / ``new``: the IR
    nodes (a Rule, Transfer …); ``details``: what differs, for changed."""

    change: str
    pool: str  #: rule | transfer | period | … (POOLS)
    old: Any | None
    new: Any | None
    details: tuple[Detail, ...] = ()

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and (
            getattr(self.old, "label", None) != getattr(self.new, "label", None)
            or getattr(self.old, "id", None) != getattr(self.new, "id", None))


@dataclass(frozen=True)
class UnitChange:
    """A unit of a group: added | removed | target (its target changed) |
    moved (here from the group ``moved_from`` of the older file)."""

    change: str
    name: str  #: as the newer file writes it (the older, if removed)
    old_target: Decimal | None
    new_target: Decimal | None
    moved_from: str | None = None  #: moved: the older file's group (its label, else name)


@dataclass(frozen=True)
class GroupChange:
    """A unit group: added | removed | changed | same; groups pair by name,
    units within a pair by name (folded: 達 縣 is 达县)."""

    change: str
    old: ir.Group | None
    new: ir.Group | None
    units: tuple[UnitChange, ...] = ()
    details: tuple[Detail, ...] = ()


@dataclass(frozen=True)
class RegulationDiff:
    old: ir.Regulation
    new: ir.Regulation
    header: tuple[Detail, ...]  #: name, 考核期, execution date, report, target heading …
    groups: tuple[GroupChange, ...]
    clauses: tuple[ClauseChange, ...]  #: in the newer file's order, removed ones after
    #: the indicator checklist (D09-X): added | removed | changed | same | None (neither has one)
    checklist: str | None = None
    indicators: tuple[ClauseChange, ...] = ()  #: pool "indicator": per indicator, by name

    @property
    def changes(self) -> tuple[ClauseChange, ...]:
        return tuple(c for c in self.clauses if c.change != "same")

    @property
    def empty(self) -> bool:
        """No difference in meaning at all (ID and label aside)."""
        return (not self.header and all(g.change == "same" for g in self.groups) and not self.changes
                and self.checklist in (None, "same"))


# ---- values as text ---------------------------------------------------------

def text(v: Any) -> str | None:
    """A field's value as the notice would write it."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        s = format(v, "f")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return s
    if isinstance(v, tuple):
        return "、".join(t for t in (text(x) for x in v) if t) or None
    if isinstance(v, ir.Condition):
        return ("不含" if v.negate else "") + "、".join(v.values)
    if isinstance(v, (ir.Quantity, ir.Branch)):
        return ", ".join(f"{f.name}={text(getattr(v, f.name))}" for f in fields(v)
                         if f.compare and getattr(v, f.name) not in (None, (), False))
    return str(v)


#: fields that say where and how a clause is numbered, not what it does
_PLACE = ("id", "label", "section")


#: fields that say how the notice words a clause, not what it does
_WORDING = ("rate_text", "factor_text", "words")
#: condition forms that are only how a value was written: 《…》, “…”, bare, 列=值,
#: 标题信息或简讯, 《刊》（单篇）, 被…采用的
_PLAIN_FORMS = ("pub", "quoted", "word", "keyed", "or", "bracket", "passive")


def _plain(c: ir.Condition) -> ir.Condition:
    """A condition as it matches: folded values in order, how it was written aside."""
    return ir.Condition(c.key, tuple(sorted(c.folded)), "word" if c.form in _PLAIN_FORMS else c.form, negate=c.negate)


def meaning(node: Any) -> Any:
    """The node without its ID, label, section and wording (span and source
    never compare); conditions as they match, in one order."""
    names = {f.name for f in fields(node)}
    changes: dict[str, Any] = {k: None for k in (*_PLACE, *_WORDING) if k in names}
    if "conditions" in names:
        changes["conditions"] = tuple(sorted((_plain(c) for c in node.conditions), key=lambda c: (c.key, c.values)))
    if isinstance(node, ir.PeriodRule):
        q = node.quantity
        changes["quantity"] = replace(q, conditions=tuple(sorted((_plain(c) for c in q.conditions), key=lambda c: (c.key, c.values))))
        changes["branches"] = tuple(replace(b, text=None if b.effect != "outcome" else b.text, factor_text=None, relation=None,
                                            counter=None, word=None) for b in node.branches)
    return replace(node, **changes)


def _cond_key(c: ir.Condition) -> tuple:
    return (c.key, c.folded, c.negate)


def _conditions(node: Any) -> tuple[ir.Condition, ...]:
    if isinstance(node, ir.PeriodRule):
        return node.quantity.conditions
    return getattr(node, "conditions", ())


def similarity(pool: str, a: Any, b: Any) -> int | None:
    """How alike two clauses of a pool are; None: they cannot be the same clause.

    Rules of another kind (base / bonus / penalty) are never paired.  A
    shared condition scores 3, a condition on the same column with other
    values 1 (a renamed publication), a condition on one side only −1,
    equal points 1; a pair must score 2 or more and share a column."""
    if pool == "rule" and (a.kind != b.kind or a.effect != b.effect):
        return None
    if pool == "transfer" and a.kind != b.kind:
        return None
    if pool == "period" and a.period != b.period:
        return None
    if pool in ("combine",) and a.kind != b.kind:
        return None
    if pool == "outcome" and a.when != b.when:
        return None
    if pool == "text":
        return None  # the notice's words: equal, or another text
    if pool in ("transfer", "allowance", "start", "unlisted", "year", "combine", "outcome"):
        return 10  # one of a kind: the same clause in another form
    ca = {_cond_key(c) for c in _conditions(a)}
    cb = {_cond_key(c) for c in _conditions(b)}
    shared = ca & cb
    keys_a = {c[0] for c in ca - shared}
    keys_b = {c[0] for c in cb - shared}
    other_values = keys_a & keys_b
    one_side = (keys_a ^ keys_b)
    score = 3 * len(shared) + len(other_values) - len(one_side)
    score += 1 if getattr(a, "points", None) == getattr(b, "points", None) else 0
    if pool == "period":
        score += 2 if a.quantity.kind == b.quantity.kind else 0
        if not shared and not other_values and a.quantity.kind != b.quantity.kind:
            return None
        return score if score >= 2 else None
    if not shared and not other_values:
        return None
    return score if score >= 2 else None


def _details(pool: str, a: Any, b: Any) -> tuple[Detail, ...]:
    out: list[Detail] = []
    if pool in ("rule", "count") or (pool == "period"):
        ca = {c.key: c for c in _conditions(a)}
        cb = {c.key: c for c in _conditions(b)}
        for key in [*ca, *(k for k in cb if k not in ca)]:
            x, y = ca.get(key), cb.get(key)
            if x is None or y is None or _cond_key(x) != _cond_key(y):
                out.append(Detail(f"condition:{key}", key, text(x), text(y)))
    skip = {"conditions", "span", "source", "file", *_PLACE, *_WORDING}
    for f in fields(a):
        if f.name in skip or not f.compare:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if pool == "period" and f.name == "quantity":
            x, y = replace(x, conditions=()), replace(y, conditions=())
        if x != y:
            if f.name == "rate":  # 40% → 全额, as the notices write it
                x, y = a.rate_text, b.rate_text
            out.append(Detail(f.name, FIELD_NAMES.get(f.name, f.name), text(x), text(y)))
    return tuple(out)


def _pool(reg: ir.Regulation, pool: str) -> list:
    return {
        "rule": list(reg.rules), "transfer": list(reg.transfers), "period": list(reg.period_rules),
        "allowance": list(reg.allowances), "combine": list(reg.combines), "count": list(reg.counts),
        "outcome": list(reg.outcomes), "start": [reg.start_clause] if reg.start_clause else [],
        "unlisted": [reg.unlisted] if reg.unlisted else [], "year": [reg.year] if reg.year else [],
        "text": list(reg.texts),
    }[pool]


def pair(pool: str, olds: list, news: list) -> list[ClauseChange]:
    """Pair the clauses of one pool: equal meaning first, then the most alike."""
    left, right = list(range(len(olds))), list(range(len(news)))
    pairs: list[tuple[int, int]] = []
    for i in list(left):
        m = meaning(olds[i])
        j = next((j for j in right if meaning(news[j]) == m), None)
        if j is not None:
            pairs.append((i, j))
            left.remove(i)
            right.remove(j)
    same = set(pairs)
    scored = sorted(((s, i, j) for i in left for j in right
                     if (s := similarity(pool, olds[i], news[j])) is not None),
                    key=lambda t: (-t[0], t[2], t[1]))
    for _, i, j in scored:
        if i in left and j in right:
            pairs.append((i, j))
            left.remove(i)
            right.remove(j)
    out: list[tuple[tuple, ClauseChange]] = []
    for i, j in pairs:
        if (i, j) in same:
            out.append(((0, j), ClauseChange("same", pool, olds[i], news[j])))
        else:
            out.append(((0, j), ClauseChange("changed", pool, olds[i], news[j], _details(pool, olds[i], news[j]))))
    out += [((0, j), ClauseChange("added", pool, None, news[j])) for j in right]
    out += [((1, i), ClauseChange("removed", pool, olds[i], None)) for i in left]
    return [c for _, c in sorted(out, key=lambda t: t[0])]


def _line(node: Any) -> int:
    return node.span.line if getattr(node, "span", None) is not None else 0


def _groups(old: ir.Regulation, new: ir.Regulation) -> list[GroupChange]:
    olds = {g.key: g for g in old.groups}
    out: list[GroupChange] = []
    used: set[str] = set()
    for g in new.groups:
        o = olds.get(g.key)
        if o is None:  # renamed: the same label
            o = next((x for x in old.groups if x.key not in used and x.label and g.label and fold(x.label) == fold(g.label)), None)
        if o is None:
            out.append(GroupChange("added", None, g, tuple(UnitChange("added", u.name, None, u.target) for u in g.units)))
            continue
        used.add(o.key)
        units: list[UnitChange] = []
        ou = {u.key: u for u in o.units}
        nu = {u.key for u in g.units}
        for u in g.units:
            before = ou.get(u.key)
            if before is None:
                units.append(UnitChange("added", u.name, None, u.target))
            elif before.target != u.target:
                units.append(UnitChange("target", u.name, before.target, u.target))
        units += [UnitChange("removed", u.name, u.target, None) for u in o.units if u.key not in nu]
        details = []
        for f, zh in _GROUP_TERMS:
            x, y = getattr(o, f), getattr(g, f)
            if (fold(x) if isinstance(x, str) else x) != (fold(y) if isinstance(y, str) else y):
                details.append(Detail(f, zh, text(x), text(y)))
        out.append(GroupChange("changed" if units or details else "same", o, g, tuple(units), tuple(details)))
    out += [GroupChange("removed", g, None, tuple(UnitChange("removed", u.name, u.target, None) for u in g.units))
            for g in old.groups if g.key not in used]
    return _moved(out)


def _moved(groups: list[GroupChange]) -> list[GroupChange]:
    """A unit removed from one group and added to another has moved: said
    once, in the group it joins, with the group it left."""
    gone = {fold(u.name): (g.old.label or g.old.name, u) for g in groups for u in g.units if u.change == "removed"}
    came = {fold(u.name) for g in groups for u in g.units if u.change == "added"}
    moved = gone.keys() & came
    if not moved:
        return groups
    out = []
    for g in groups:
        units = []
        for u in g.units:
            k = fold(u.name)
            if k in moved and u.change == "removed":
                continue
            if k in moved and u.change == "added":
                origin, before = gone[k]
                u = UnitChange("moved", u.name, before.old_target, u.new_target, origin)
            units.append(u)
        change = g.change
        if change == "changed" and not units and not g.details:
            change = "same"
        out.append(replace(g, change=change, units=tuple(units)))
    return out


#: a unit group's own terms, compared
_GROUP_TERMS = (("name", "名称"), ("target", "目标"), ("count", "单位数"), ("measure", "目标计量"),
                ("quarter_target", "季度目标"), ("quota_period", "定额期间"), ("quota", "定额"),
                ("count_target", "条数目标"), ("count_measure", "条数计量"))

_HEADER = (("name", "名称"), ("period_from", "考核期开始"), ("period_to", "考核期结束"), ("start", "执行日期"),
           ("report", "通报"), ("ranking", "排名"), ("target_heading", "目标列名"), ("doc_number", "文号"))


def _header(old: ir.Regulation, new: ir.Regulation) -> list[Detail]:
    out = []
    for f, zh in _HEADER:
        x, y = getattr(old, f), getattr(new, f)
        if f == "target_heading":  # 目標分數 / 目標分值: the word of the table, compared folded
            x, y = x or "目标分值", y or "目标分值"
            if fold(x) == fold(y):
                continue
        if x != y:
            out.append(Detail(f, zh, text(x) if not hasattr(x, "isoformat") else x.isoformat(),
                              text(y) if not hasattr(y, "isoformat") else y.isoformat()))
    return out


def _indicators(old: ir.Regulation, new: ir.Regulation) -> tuple[str | None, list[ClauseChange]]:
    a, b = old.checklist, new.checklist
    if a is None and b is None:
        return None, []
    ia = list(a.indicators()) if a else []
    ib = list(b.indicators()) if b else []
    olds = {i.key: i for i in ia}
    out = []
    for i in ib:
        o = olds.pop(i.key, None)
        if o is None:
            out.append(ClauseChange("added", "indicator", None, i))
        elif o.measures != i.measures:
            out.append(ClauseChange("changed", "indicator", o, i, (Detail("measures", "计分", None, None),)))
        else:
            out.append(ClauseChange("same", "indicator", o, i))
    out += [ClauseChange("removed", "indicator", o, None) for o in olds.values()]
    whole = "added" if a is None else "removed" if b is None else (
        "same" if meaning_checklist(a) == meaning_checklist(b) else "changed")
    return whole, out


def meaning_checklist(c: ir.Checklist) -> tuple:
    return tuple((i.key, i.measures) for i in c.indicators())


def diff(old: ir.Regulation, new: ir.Regulation) -> RegulationDiff:
    """Compare two regulations by meaning: see the module's docstring."""
    clauses: list[ClauseChange] = []
    for pool, _ in POOLS:
        clauses += pair(pool, _pool(old, pool), _pool(new, pool))

    def order(c: ClauseChange) -> tuple:
        return (0, _line(c.new)) if c.new is not None else (1, _line(c.old))

    whole, indicators = _indicators(old, new)
    return RegulationDiff(old, new, tuple(_header(old, new)), tuple(_groups(old, new)),
                          tuple(sorted(clauses, key=order)), whole, tuple(indicators))
