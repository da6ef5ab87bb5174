"""The syntax tree: what the parse stage hands on, with a span on every node.

Close to the source (words as written, numbers already exact); names are not
yet resolved — that is ``lower.py``'s job.  No Lark object survives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..foundation.diagnostics import Span


@dataclass(frozen=True)
class Text:
    value: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Num:
    value: Decimal
    text: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Header:
    kind: str  #: code | name | docno | target_col | period | start | report | rank
    values: tuple[Text, ...]
    span: Span = field(compare=False)
    #: a header that is also a clause of the notice (从…开始执行 is D12's 三、6)
    id: Text | None = None
    label: Text | None = None


@dataclass(frozen=True)
class AttrDecl:
    key: Text
    values: tuple[Text, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Entry:
    name: Text
    aliases: tuple[Text, ...]
    includes: bool  #: written as （含 …）
    target: Num | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class GroupDecl:
    name: Text
    label: Text | None
    target: Num | None
    count: Num | None
    entries: tuple[Entry, ...]
    span: Span = field(compare=False)
    measure: str = "score"  #: score | adopted | submitted (按采用数 / 按上报数)
    quarter: Num | None = None  #: 季度目标N分
    quota: tuple[str, Num] | None = None  #: 每月不少于6条: (period, number)
    count_target: Num | None = None  #: 目标120条 beside 目标100分
    counter: str | None = None  #: 篇 where the quota or count target says 3篇 (the appendix says it so)


@dataclass(frozen=True)
class YearDecl:
    """考核年度 上年12月1日 至 当年11月30日"""

    id: Text | None
    label: Text | None
    prev: bool  #: the year starts in the previous calendar year (上年)
    start: Text
    end: Text
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Section:
    label: Text
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Selector:
    kind: str  #: pub | quoted | words | keyed | instruct | higher
    key: Text | None
    values: tuple[Text, ...]
    span: Span = field(compare=False)
    negate: bool = False  #: （不含 …）
    column: "Text | None" = None  #: 《衢州政务信息动态》（单篇）: the value in brackets after the title


@dataclass(frozen=True)
class Action:
    kind: str  #: adopt | submit | bonus | penalty | target | award (计0至20分: a base or an event's award)
    points: Num
    per: str  #: 条 (per item) or 次 (per occurrence)
    span: Span = field(compare=False)
    later: Num | None = None  #: 第一次扣2分，以后每次扣4分: the 4
    column: Text | None = None  #: 按“省厅分值”…计分: the ledger column holding the points
    factor: Num | None = None  #: …的2倍
    ref: Text | None = None  #: 按A-1的2倍计分: the clause multiplied
    high: Num | None = None  #: 扣50至100分: the 100 (``points`` is the 50)
    higher: "Selector | None" = None  #: 被省政府办公厅采用1条计10分: the office, a condition of the clause
    respective: tuple[Num, ...] = ()  #: 分别计20分、10分、5分: one amount per value of the list, in order
    item: bool = False  #: 《专报信息》采用的，每条再加30分: a bonus on the item (its rows sharing 编号)
    choices: tuple[Num, ...] = ()  #: 视情得2分、5分: the amounts the assessor chooses from (``points`` the least)


@dataclass(frozen=True)
class Cap:
    """全年累计不超过20分 (points) / 全年累计不超过单位任务数0.5 (times the target)"""

    points: Num | None
    times: Num | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class RuleDecl:
    id: Text | None
    label: Text | None
    selectors: tuple[Selector, ...]
    action: Action
    source: str  #: the line as written
    span: Span = field(compare=False)
    cap: Cap | None = None


@dataclass(frozen=True)
class HighestDecl:
    """A block of bonuses of which only the highest applies (GZ05-5)."""

    id: Text | None
    label: Text | None
    rules: tuple[RuleDecl, ...]
    source: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class CountDecl:
    """Adopted items that count towards a count target (CD07-M)."""

    id: Text | None
    label: Text | None
    selectors: tuple[Selector, ...]
    source: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class OutcomeDecl:
    id: Text | None
    label: Text | None
    when: str  #: all-met | any-missed | consecutive
    n: Num | None
    text: Text
    source: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class TextDecl:
    """原文 (the notice's words) or 说明 (the file's own note): scores nothing."""

    id: Text | None
    label: Text | None
    own: bool  #: 说明: the file's own words, not the notice's
    text: Text
    source: str
    span: Span = field(compare=False)
    replaces: bool = False  #: 条款原文: shown instead of the clause's generated sentence


@dataclass(frozen=True)
class UnlistedDecl:
    id: Text | None
    label: Text | None
    source: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class Measure:
    kind: str  #: met | more | each | cap
    sign: int  #: +1 bonus / points, -1 deduction
    points: Num
    threshold: Num | None
    percent: bool  #: the threshold is a rate (达到40%)
    span: Span = field(compare=False)
    bonus: bool = False  #: written 加 (a bonus) rather than 计
    counter: str | None = None  #: the counter word (量词) as written: 条 个 次 项 篇 (每条, 不少于100条)


@dataclass(frozen=True)
class IndicatorDecl:
    id: Text | None
    label: Text | None
    name: Text
    measures: tuple[Measure, ...]
    source: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class IndSectionDecl:
    id: Text | None
    label: Text | None
    name: Text
    max: Num
    scale: tuple[Num, Num] | None  #: 按300分折合10分
    scale_cap: Num | None  #: 最高计20分
    items: tuple["IndSectionDecl | IndicatorDecl", ...]
    source: str
    span: Span = field(compare=False)


@dataclass(frozen=True)
class ChecklistDecl:
    label: Text | None
    sections: tuple[IndSectionDecl, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class TransferDecl:
    id: Text | None
    label: Text | None
    kind: str  #: direct (直报点) | subunit (二级机构)
    rate: Decimal
    rate_text: str
    source: str
    span: Span = field(compare=False)
    groups: tuple[Text, ...] = ()  #: 直报点（直报点A类、直报点B类）


@dataclass(frozen=True)
class BranchDecl:
    kind: str  #: when | else | short | extra | cap | convert | scale
    span: Span = field(compare=False)
    test: str | None = None  #: ge | lt | gt | between | quota
    low: Num | None = None
    high: Num | None = None
    percent: bool = False
    counter: str | None = None
    step: Num | None = None
    sign: int = 1
    points: Num | None = None
    effect: str = "points"  #: points | zero | outcome
    text: Text | None = None
    word: str | None = None
    factor: Num | None = None
    relation: str | None = None  #: 不少于 / 以上 / 低于 / 每少报 / 超出部分每 …, as written
    implicit: bool = False  #: 超出部分每条: no number written, a step of one


@dataclass(frozen=True)
class PeriodDecl:
    id: Text | None
    label: Text | None
    period: str  #: week | month | quarter | year
    quantity: str  #: submitted | adopted | rate | rows | points | completion
    selectors: tuple[Selector, ...]
    clauses: tuple[Text, ...]
    branches: tuple[BranchDecl, ...]
    source: str
    span: Span = field(compare=False)
    groups: tuple[Text, ...] = ()  #: （乡镇）: only these groups' units


@dataclass(frozen=True)
class AllowanceDecl:
    id: Text | None
    label: Text | None
    period: str
    points: Num | None
    floor: bool
    unlimited: bool
    source: str
    span: Span = field(compare=False)
    groups: tuple[Text, ...] = ()


@dataclass(frozen=True)
class CombineDecl:
    id: Text | None
    label: Text | None
    kind: str  #: highest | sum | split
    no_repeat: bool
    source: str
    span: Span = field(compare=False)
    words: str | None = None  #: the keywords as written, joined


Statement = (Header | YearDecl | AttrDecl | GroupDecl | Section | RuleDecl | HighestDecl | TransferDecl
             | CountDecl | OutcomeDecl | UnlistedDecl | ChecklistDecl | TextDecl | PeriodDecl | AllowanceDecl
             | CombineDecl)


@dataclass(frozen=True)
class Module:
    file: str
    statements: tuple[Statement, ...]
    #: "t" where the file's keywords are mostly traditional, else "s"
    script: str
    source: str = field(compare=False, repr=False)


# ---- concrete syntax: what the formatter reads ---------------------------------

@dataclass(frozen=True)
class CToken:
    type: str  #: the terminal's name, e.g. KW_SCORE, WORD, SEP
    text: str  #: as written


@dataclass(frozen=True)
class CLine:
    """One source line's statement (or a block's header / member) as its
    tokens, with its nesting depth: the formatter's input."""

    kind: str  #: the grammar rule, e.g. rule, group, entry_line, indicator
    depth: int
    line: int
    tokens: tuple[CToken, ...]
    end: int = 0  #: the column after the line's last token: a comment can only start there
