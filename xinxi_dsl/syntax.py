"""The syntax tree: what the parse stage hands on, with a span on every node.

Close to the source (words as written, numbers already exact); names are not
yet resolved — that is ``lower.py``'s job.  No Lark object survives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .diagnostics import Span


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
    kind: str  #: code | name | docno | period | start | report | rank
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


@dataclass(frozen=True)
class Action:
    kind: str  #: adopt | submit | bonus | penalty
    points: Num
    per: str  #: 条 (per item) or 次 (per occurrence)
    span: Span = field(compare=False)


@dataclass(frozen=True)
class RuleDecl:
    id: Text | None
    label: Text | None
    selectors: tuple[Selector, ...]
    action: Action
    source: str  #: the line as written
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


Statement = Header | AttrDecl | GroupDecl | Section | RuleDecl | TransferDecl


@dataclass(frozen=True)
class Module:
    file: str
    statements: tuple[Statement, ...]
    #: "t" where the file's keywords are mostly traditional, else "s"
    script: str
    source: str = field(compare=False, repr=False)
