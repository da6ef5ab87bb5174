"""The intermediate representation: frozen dataclasses, JSON with a schema.

Every stage after ``lower`` reads only these classes.  Positions are kept
(``span``) but do not take part in equality, so ``load(dump(ir)) == ir`` and
tests compare meaning, not places.  Text is kept as the user wrote it; folded
forms for matching are derived (``.folded``), never stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from ..foundation.diagnostics import Span
from ..foundation.text import fold

SCHEMA = "xinxi-ir"
SCHEMA_VERSION = 3
#: older versions this one still reads (every field added since has a default)
READABLE_VERSIONS = (1, 2, 3)

#: ledger columns with a meaning of their own (LEDGER.md); canonical key → English key
CORE_COLUMNS = {"编号": "id", "日期": "date", "单位": "unit", "事项": "event", "所属单位": "parent", "标题": "title"}
#: the column an assessor writes points in where a clause gives a range (扣50至100分)
POINTS_COLUMN = "分值"
#: attribute columns named in LEDGER.md; canonical key → English key
ATTRIBUTE_COLUMNS = {
    "刊物": "publication", "栏目": "column", "形式": "form", "类别": "category", "级别": "level",
    "批示": "instruction", "上级采用": "higher", "配图": "picture", "角色": "role", "事项": "event",
}
#: values LEDGER.md lists per attribute: a hint for a word used but not declared
LEDGER_VALUES = {
    "栏目": "主条 问题与建议 简讯 图片新闻 简明信息 政务要闻 成都动态 标题信息 短波信息",
    "形式": "条目 专期 专刊",
    "类别": "动态类 专题综合类 专题信息 调研文章 约稿 批示反馈 工作动态类 重要信息",
    "级别": "义马市 三门峡市 河南省",
    "事项": "漏报 迟报 差错 不报 未完成 失真 失误 虚假 批评 未按要求",
    "角色": "主办 参与",
}
ENGLISH_TO_KEY = {v: k for k, v in {**CORE_COLUMNS, **ATTRIBUTE_COLUMNS}.items()}

EVENT_ADOPTED = "采用"
EVENT_SUBMITTED = "报送"
#: a base clause on an event (LYG: 选用报省的，每条计2分; HZ18: 上報省辦…每條3分): positive
#: points for the rows of the event its 事项 condition names
EVENT_OTHER = "事项"


def canonical_key(name: str) -> str:
    """A column or attribute name → its canonical key (刊物, 栏目 …)."""
    f = fold(name)
    return ENGLISH_TO_KEY.get(f.lower(), f)


def _nospan():
    return field(compare=False, default=None)


@dataclass(frozen=True)
class Attribute:
    """A declared attribute and the values a rule may name bare."""

    key: str  #: canonical key, e.g. 栏目
    name: str  #: as written, e.g. 欄目
    values: tuple[str, ...]  #: as written
    span: Span | None = _nospan()


@dataclass(frozen=True)
class Unit:
    name: str  #: as written in the notice, e.g. 達 縣
    target: Decimal | None  #: own target, else the group's
    aliases: tuple[str, ...] = ()  #: other names of the same unit (YM20-U)
    includes: tuple[str, ...] = ()  #: bodies counted into it: （含 …）
    span: Span | None = _nospan()

    @cached_property
    def key(self) -> str:
        return fold(self.name)


@dataclass(frozen=True)
class Group:
    name: str
    label: str | None
    target: Decimal | None  #: shared target of every unit (YM20-T)
    count: int | None  #: the number of units the notice states (共20个)
    units: tuple[Unit, ...]
    span: Span | None = _nospan()
    #: what the target counts: score (points) | adopted | submitted (CD07: 采用数, 上报数)
    measure: str = "score"
    quarter_target: Decimal | None = None  #: GZ05-I: 季度目标18分
    #: SZ08: 每月不少于6条 — (period, items) a period rule's 达到任务 / 每少1条 compares with
    quota_period: str | None = None
    quota: Decimal | None = None
    #: SZ08: 总任务数120条 beside 质量任务100分 — a second target, in items
    count_target: Decimal | None = None
    count_measure: str = "submitted"  #: adopted | submitted
    counter: str | None = None  #: 篇 where the file writes 每季度不少于3篇 / 目标120篇 (条 otherwise)

    @cached_property
    def key(self) -> str:
        return fold(self.name)


@dataclass(frozen=True)
class Condition:
    """A record matches when its attribute ``key`` holds any of ``values``."""

    key: str
    values: tuple[str, ...]  #: as written
    #: how it was written: pub | quoted | word | keyed | instruct | higher; or (标题信息或简讯), bracket
    #: (《刊》（单篇）: the value in brackets), passive (被县级市主流正面媒体采用的: a declared value after 被…采用)
    form: str = "word"
    span: Span | None = _nospan()
    #: （不含领导讲话）: the record matches when the attribute holds none of ``values``
    negate: bool = False

    @cached_property
    def folded(self) -> frozenset[str]:
        return frozenset(fold(v) for v in self.values)


@dataclass(frozen=True)
class Rule:
    id: str | None
    label: str | None  #: the notice's full clause label, e.g. 三、1
    section: str | None  #: the heading the clause stands under
    kind: str  #: base | bonus | penalty
    event: str  #: 采用 | 报送 (base); * (bonus: any scored item); penalty (events are a 事项 condition)
    conditions: tuple[Condition, ...]
    points: Decimal  #: positive; a penalty subtracts it
    per: str  #: 条 | 次
    source: str = field(compare=False)  #: the clause as written (presentation, like span: not compared)
    span: Span | None = _nospan()
    #: CD07-D1: 第一次扣2分，以后每次扣4分 — the points from the second time in the assessment year
    later_points: Decimal | None = None
    #: CD07-A4: what the clause may earn a unit in an assessment year, in points …
    cap: Decimal | None = None
    #: … or as a multiple of the unit's own target (单位任务数0.5)
    cap_times: Decimal | None = None
    #: GZ05-5: bonuses sharing this key do not add up; only the highest applies
    exclusive: str | None = None
    #: score, or target: the other reading of D12-5 (每次目标加3分 raises the target); award: an event's
    #: points the assessor gives (领导评价 计0至20分), added, not taken off
    effect: str = "score"
    #: QZ: 按“省厅分值”的2倍计分 — the points are read from this ledger column (times ``factor``)
    column: str | None = None
    #: a multiple: of the column's value, or of another clause's points (``ref``), resolved into ``points``
    factor: Decimal | None = None
    #: 按A-1的2倍计分: the clause whose points are multiplied (its ID as written)
    ref: str | None = None
    #: MZ: 扣50至100分 — the assessor's points, read from the 分值 column, must lie in [low, high]
    low: Decimal | None = None
    high: Decimal | None = None
    #: LYG/HZ18: 《专报信息》采用的，每条再加30分 — a bonus on the item: on a row that no
    #: base clause scores (the item's later adoption, a row of its own), it is earned
    #: when the unit has a scored row of the same 编号
    item: bool = False
    #: HZWG07: 视情得2分、5分 — the 分值 column's points must be one of these (``low``/``high`` their least and most)
    choices: tuple[Decimal, ...] = ()

    @property
    def specificity(self) -> int:
        return len(self.conditions)

    @property
    def stacks(self) -> bool:
        """被省政府办公厅采用1条计10分 — points for a higher office's adoption,
        named without a publication: they add to the row's own publication
        points (the notice scores the two adoptions), and stand alone where
        the row has none (GAPS.md gap 2)."""
        return self.kind == "base" and any(c.form == "higher" for c in self.conditions) \
            and not any(c.key == "刊物" for c in self.conditions)

    def condition(self, key: str) -> Condition | None:
        return next((c for c in self.conditions if c.key == key), None)


@dataclass(frozen=True)
class Quantity:
    """A measure of one unit in one period (issue 13), evaluated in the unit pass.

    ``submitted`` / ``adopted``: the number of items (distinct 编号) the unit
    submitted (any 报送 or 采用 row) / had adopted, among rows matching
    ``conditions``; ``rate``: adopted ÷ submitted; ``rows``: the number of
    rows matching ``conditions`` (occurrences of an event: 约稿 未按要求);
    ``points``: the points of the unit's lines in the period, of rows matching
    ``conditions`` and of clauses whose label is in ``clauses`` (all when
    empty); ``completion``: score ÷ target, to date."""

    kind: str  #: submitted | adopted | rate | rows | points | completion
    conditions: tuple[Condition, ...] = ()
    clauses: tuple[str, ...] = ()  #: points: the clause labels counted, as written
    span: Span | None = _nospan()


@dataclass(frozen=True)
class Branch:
    """One part of a period rule.  ``when``: if the measure passes the test,
    the amount; ``else``: if no ``when`` before it passed (or, first in its
    rule, when the measure is below the group's quota); ``short`` / ``extra``:
    the amount for every ``step`` below / above the threshold; ``cap``: the
    points above ``low`` are taken off; ``convert``: the measure times
    ``factor`` replaces it; ``scale``: score ÷ target × 100 replaces it."""

    kind: str  #: when | else | short | extra | cap | convert | scale
    test: str | None = None  #: ge | lt | gt | between | quota (the group's 每月不少于N条)
    low: Decimal | None = None
    high: Decimal | None = None
    percent: bool = False  #: the threshold was written as a percentage
    step: Decimal | None = None
    #: signed points; None with effect zero / outcome
    points: Decimal | None = None
    effect: str = "points"  #: points | zero (当年得分计0分) | outcome (视为不达标)
    text: str | None = None  #: outcome: the notice's words; convert: what it is counted into
    counter: str | None = None  #: the counter word as written: 条 篇 次 分
    word: str | None = None  #: how the amount was written: 计 加 扣 (计基础分: 基础分)
    factor: Decimal | None = None  #: convert
    factor_text: str | None = None
    span: Span | None = _nospan()
    #: the relation as written — 不少于 达到 以上 低于 少于 不足 超过 完成 — so the appendix says it so
    relation: str | None = None


@dataclass(frozen=True)
class PeriodRule:
    """每月报送不少于6条的，计5分；未达到的，扣3分 — a rule over a unit's
    measure, evaluated once per unit and period of the assessment year (only
    periods ended by the as-of date)."""

    id: str | None
    label: str | None
    section: str | None
    period: str  #: week | month | quarter | year
    quantity: Quantity
    branches: tuple[Branch, ...]
    source: str = field(compare=False)
    span: Span | None = _nospan()
    #: （乡镇）每月…: the groups whose units the clause applies to; empty: every unit
    groups: tuple[str, ...] = ()

    @property
    def candidate(self) -> bool:
        return any(b.effect == "outcome" and b.text and "候选" in fold(b.text) for b in self.branches)


@dataclass(frozen=True)
class Allowance:
    """每季度基础分6分，扣完为止: points every unit starts each period with;
    ``floor``: the period's deductions take at most its allowance (without an
    allowance: at most the period's other points) — 扣完为止."""

    id: str | None
    label: str | None
    section: str | None
    period: str
    points: Decimal | None  #: None: 扣完为止 alone
    floor: bool
    source: str = field(compare=False)
    span: Span | None = _nospan()
    unlimited: bool = False  #: 加分无上限, as the notice says it (the default)
    groups: tuple[str, ...] = ()  #: only these groups' units; empty: every unit


@dataclass(frozen=True)
class Combine:
    """How one item's rows add up: ``highest`` (同一信息被多个刊物采用的，按最高分计)
    keeps a unit's best row of the item; ``sum`` (可累计加分) states the
    default; ``split`` (合报信息的分数均分) divides a joint item's points
    equally among the units that share it."""

    id: str | None
    label: str | None
    section: str | None
    kind: str  #: highest | sum | split
    source: str = field(compare=False)
    span: Span | None = _nospan()
    no_repeat: bool = False  #: 不重复计分, as written
    #: the sentence in the notice's words (同一条信息被两个以上的刊物同时采用的，累加计分); None: the stock one
    words: str | None = None


@dataclass(frozen=True)
class Transfer:
    """Points of a unit's direct-report points / sub-units flow to it."""

    id: str | None
    label: str | None
    section: str | None
    kind: str  #: direct | subunit
    rate: Decimal  #: 1 = 全额
    rate_text: str
    source: str = field(compare=False)
    span: Span | None = _nospan()
    #: GZ05-8: the groups whose (listed) units pass points on; empty: units
    #: the regulation does not list
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountRule:
    """CD07-M: adopted items matching these conditions count towards a
    count target (采用数).  Several count rules are alternatives."""

    id: str | None
    label: str | None
    section: str | None
    conditions: tuple[Condition, ...]
    source: str = field(compare=False)
    span: Span | None = _nospan()


@dataclass(frozen=True)
class AssessmentYear:
    """GZ05-Y: 考核年度 上年12月1日 至 当年11月30日.  Assessment year Y
    starts on (month, day) of Y-1 when ``prev``, else of Y; its four
    quarters are three months each from there."""

    id: str | None
    label: str | None
    month: int
    day: int
    prev: bool
    source: str = field(compare=False)
    span: Span | None = _nospan()


@dataclass(frozen=True)
class Outcome:
    """GZ05-9: what follows from quarterly completion."""

    id: str | None
    label: str | None
    section: str | None
    when: str  #: all-met | any-missed | consecutive
    n: int | None  #: consecutive: how many quarters in a row
    text: str  #: 通报表扬 / 通报批评 / 建议更换信息员, as written
    source: str = field(compare=False)
    span: Span | None = _nospan()

    @property
    def candidate(self) -> bool:
        """列为通报表扬候选: the engine proposes, the office decides (issue 12, 10)."""
        return "候选" in fold(self.text)


@dataclass(frozen=True)
class NoticeText:
    """原文: the notice's words that score nothing (a ranking sentence, 注意事项);
    说明 (``own``): the file's own note, e.g. on a clause the notice lacks.
    Rendered in the appendix under the clause of its label."""

    id: str | None
    label: str | None
    section: str | None
    own: bool
    text: str
    source: str = field(compare=False)
    span: Span | None = _nospan()
    #: 条款原文: the whole clause of its label as the notice words it, rendered
    #: instead of the sentence generated from that label's rules
    replaces: bool = False


@dataclass(frozen=True)
class Unlisted:
    """D09-5b: units the notice lists no target for are scored on their own
    (a note, not a warning, when the ledger names them)."""

    id: str | None
    label: str | None
    section: str | None
    source: str = field(compare=False)
    span: Span | None = _nospan()


@dataclass(frozen=True)
class Measure:
    """One way an indicator earns or loses points (D09-X)."""

    kind: str  #: met | more | each | cap
    sign: int  #: 1 points / bonus, -1 deduction
    points: Decimal
    threshold: Decimal | None  #: met: the value to reach (2 个, 0.4 for 40%); more: the step
    percent: bool
    span: Span | None = _nospan()
    bonus: bool = False  #: written 加 rather than 计 (how the appendix words it)
    #: the counter word (量词) as the file writes it — 条 个 次 项 篇 — so the
    #: appendix says 每条 / 每项 / 不少于100条 as the notice does; None: the default
    counter: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str | None
    label: str | None
    name: str
    measures: tuple[Measure, ...]
    source: str = field(compare=False)
    span: Span | None = _nospan()

    @cached_property
    def key(self) -> str:
        return fold(self.name)


@dataclass(frozen=True)
class IndicatorSection:
    id: str | None
    label: str | None
    name: str
    max: Decimal
    scale_from: Decimal | None  #: D09-X2.2: 按300分折合10分 — raw 300 …
    scale_to: Decimal | None  #: … is 10
    scale_cap: Decimal | None  #: 最高计20分
    items: tuple[Any, ...]  #: IndicatorSection | Indicator
    source: str = field(compare=False)
    span: Span | None = _nospan()


@dataclass(frozen=True)
class Checklist:
    label: str | None
    sections: tuple[IndicatorSection, ...]
    span: Span | None = _nospan()

    def indicators(self):
        def walk(items):
            for it in items:
                if isinstance(it, IndicatorSection):
                    yield from walk(it.items)
                else:
                    yield it
        yield from walk(self.sections)


@dataclass(frozen=True)
class StartClause:
    """从…开始执行 where the notice numbers it as a clause (D12 三、6)."""

    id: str | None
    label: str | None
    section: str | None
    date_text: str  #: as written: 2012年1月
    span: Span | None = _nospan()


@dataclass(frozen=True)
class Regulation:
    code: str
    name: str | None
    doc_number: str | None
    start: date | None  #: records dated before it are not scored (D12-6)
    period_from: date | None
    period_to: date | None
    report: str | None  #: monthly | quarterly
    ranking: str  #: completion | score
    script: str  #: s | t — the script the file is written in
    attributes: tuple[Attribute, ...]
    groups: tuple[Group, ...]
    rules: tuple[Rule, ...]
    transfers: tuple[Transfer, ...]
    sections: tuple[str, ...] = ()
    start_clause: StartClause | None = None
    file: str = field(compare=False, default="<string>")
    year: AssessmentYear | None = None
    counts: tuple[CountRule, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    unlisted: Unlisted | None = None
    checklist: Checklist | None = None
    texts: tuple[NoticeText, ...] = ()
    #: the target tables' column heading in the notice's word (目标列名 目標分數); None: 目标分值
    target_heading: str | None = None
    #: schema 3 (issue 13): rules over a unit's measures per period, allowances, item combination
    period_rules: tuple[PeriodRule, ...] = ()
    allowances: tuple[Allowance, ...] = ()
    combines: tuple[Combine, ...] = ()

    def units(self):
        for g in self.groups:
            for u in g.units:
                yield g, u


# ---- JSON -------------------------------------------------------------------

def _to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Span):
        return value.to_json()
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        out = {"node": type(value).__name__}
        for f in fields(value):
            if f.name == "file":
                continue
            out[f.name] = _to_json(getattr(value, f.name))
        return out
    return value


def to_json(reg: Regulation) -> dict:
    return {"schema": SCHEMA, "version": SCHEMA_VERSION, "file": reg.file, "regulation": _to_json(reg)}


def dumps(reg: Regulation) -> str:
    return json.dumps(to_json(reg), ensure_ascii=False, indent=2) + "\n"


_NODES = {c.__name__: c for c in (Attribute, Unit, Group, Condition, Rule, Transfer, StartClause, Regulation,
                                   CountRule, AssessmentYear, Outcome, Unlisted, NoticeText, Measure, Indicator,
                                   IndicatorSection, Checklist, Quantity, Branch, PeriodRule, Allowance, Combine)}
_DECIMALS = {"target", "points", "rate", "quarter_target", "later_points", "cap", "cap_times", "threshold", "max",
             "scale_from", "scale_to", "scale_cap", "factor", "low", "high", "step", "quota", "count_target"}
_DATES = {"start", "period_from", "period_to"}


def _from_json(data: Any, file: str) -> Any:
    if isinstance(data, list):
        return tuple(_from_json(v, file) for v in data)
    if isinstance(data, dict) and "node" in data:
        cls = _NODES[data["node"]]
        kwargs = {}
        for f in fields(cls):
            if f.name == "file":
                kwargs["file"] = file
                continue
            raw = data.get(f.name)
            if f.name == "span":
                kwargs[f.name] = Span.from_json(file, raw) if raw else None
            elif f.name == "choices":
                kwargs[f.name] = tuple(Decimal(v) for v in raw or ())
            elif f.name in _DECIMALS:
                kwargs[f.name] = Decimal(raw) if raw is not None else None
            elif f.name in _DATES:
                kwargs[f.name] = date.fromisoformat(raw) if raw else None
            elif f.name in ("count", "n", "month", "day", "sign", "prev", "percent", "bonus", "negate", "floor", "unlimited",
                                                                                        "no_repeat") and f.name in data:
                kwargs[f.name] = raw
            elif raw is None and f.name not in data:
                continue  # a field added since the document was written: its default
            else:
                kwargs[f.name] = _from_json(raw, file)
        return cls(**kwargs)
    return data


def from_json(doc: dict) -> Regulation:
    if doc.get("schema") != SCHEMA or doc.get("version") not in READABLE_VERSIONS:
        raise ValueError(f"not a {SCHEMA} v{SCHEMA_VERSION} document")
    return _from_json(doc["regulation"], doc.get("file", "<string>"))


def loads(text: str) -> Regulation:
    return from_json(json.loads(text))
