"""Stage 5c — render: IR → the appendix of the notice.

:func:`appendix` builds a document model (title, target tables, sections of
numbered clauses) that the Markdown and HTML templates and the DOCX writer
(``docx_writer.py``) each lay out.

The target tables and the numbered scoring method, generated from the IR in
the notice's own phrasing and script: values stay as the user wrote them,
the fixed phrases come from a two-script table (never a s→t conversion,
which mis-converts 干 → 幹).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import ir
from .report import dec

PHRASES = {
    "s": {
        "unit": "单位", "target_col": "目标分值", "adopt": "每采用1条计{p}分", "submit": "每报送1条计{p}分",
        "instruct": "获{x}批示的信息每条另加{p}分", "higher": "被{x}采用每条另加{p}分", "bonus": "每条另加{p}分",
        "penalty_time": "的，每次扣{p}分", "penalty_item": "的，每条扣{p}分",
        "direct": "直报点", "subunit": "二级机构", "full": "得分全额计入所属单位", "rate": "得分按{r}计入所属单位",
        "tier": "全年目标任务{t}分", "count": "（{n}个）", "sep": "、", "clauses": "计分办法",
        "start": "新的计分办法从{d}开始执行", "monthly": "每月通报", "quarterly": "每季度通报",
        "attachment": "附件",
    },
    "t": {
        "unit": "單位", "target_col": "目標分值", "adopt": "每采用1條計{p}分", "submit": "每報送1條計{p}分",
        "instruct": "獲{x}批示的信息每條另加{p}分", "higher": "被{x}采用每條另加{p}分", "bonus": "每條另加{p}分",
        "penalty_time": "的，每次扣{p}分", "penalty_item": "的，每條扣{p}分",
        "direct": "直報點", "subunit": "二級機構", "full": "得分全額計入所屬單位", "rate": "得分按{r}計入所屬單位",
        "tier": "全年目標任務{t}分", "count": "（{n}個）", "sep": "、", "clauses": "計分辦法",
        "start": "新的計分辦法從{d}開始執行", "monthly": "每月通報", "quarterly": "每季度通報",
        "attachment": "附件",
    },
}

TEMPLATES = Path(__file__).parent / "templates"


def environment(html: bool) -> Environment:
    """The templates' environment; HTML escapes every value (a unit name
    may hold “<” or “&”)."""
    if html:
        return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                           keep_trailing_newline=True, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       keep_trailing_newline=True, autoescape=False)


_env = environment(html=False)
_html_env = environment(html=True)


def _values(c: ir.Condition) -> str:
    vs = "、".join(c.values)
    if c.form == "pub":
        return "、".join(f"《{v}》" for v in c.values)
    if c.form == "quoted":
        return f"“{vs}”"
    return vs


def clause_text(rule: ir.Rule, p: dict, after: ir.Rule | None = None) -> str:
    """One rule in the notice's words: 《達州政務快訊》主條每采用1條計2分.
    ``after``: the rule just before it in the same clause; a publication
    already named there is not repeated (…，問題與建議每采用1條計3分)."""
    pts = dec(rule.points)
    conds = [c for c in rule.conditions if c.form not in ("instruct", "higher") and c.key != "事项"]
    prev = after.condition("刊物") if after is not None and after.kind == rule.kind else None
    if prev is not None and len(conds) > 1 and conds[0].form == "pub" and conds[0].folded == prev.folded:
        conds = conds[1:]
    head = "".join(_values(c) for c in conds)
    if rule.kind == "base":
        return head + p["adopt" if rule.event == ir.EVENT_ADOPTED else "submit"].format(p=pts)
    if rule.kind == "bonus":
        ins = rule.condition("批示")
        hi = rule.condition("上级采用")
        if ins and ins.form == "instruct" and not hi:
            return head + p["instruct"].format(x=_values(ins), p=pts)
        if hi and hi.form == "higher" and not ins:
            return head + p["higher"].format(x=_values(hi), p=pts)
        rest = "".join(_values(c) for c in rule.conditions if c.form in ("instruct", "higher"))
        return head + rest + p["bonus"].format(p=pts)
    events = rule.condition("事项")
    tail = p["penalty_time" if rule.per == "次" else "penalty_item"].format(p=pts)
    return head + (_values(events) if events else "") + tail


def transfer_text(t: ir.Transfer, p: dict) -> str:
    who = p[t.kind]
    if t.rate == 1:
        return who + p["full"]
    return who + p["rate"].format(r=t.rate_text)


def _own_number(label: str | None, section: str | None) -> str:
    if not label:
        return ""
    m = re.match(r"^([一二三四五六七八九十]+、)", section or "")
    own = label[len(m[1]):] if m and label.startswith(m[1]) else label
    return f"{own}." if own.isdigit() else own


@dataclass(frozen=True)
class Clause:
    number: str  #: the clause's own number as the notice writes it: "1." or "（四）"; "" if none
    text: str  #: the clause in the notice's words, ending in 。

    @property
    def line(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class Section:
    heading: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class GroupBlock:
    """One unit group: a table of (unit, target, unit, target) rows where every
    unit has its own target (D12), else one sentence naming the shared target
    and the members (YM20)."""

    heading: str
    rows: tuple[tuple[str, str, str, str], ...]
    members: str


@dataclass(frozen=True)
class Appendix:
    """The appendix as a document, neutral of its format: Markdown and HTML
    templates and the DOCX writer all read this."""

    title: str
    doc_number: str | None
    script: str  #: s | t: the script of the fixed phrases
    groups: tuple[GroupBlock, ...]
    sections: tuple[Section, ...]
    report: str | None  #: 每月通报 …
    p: dict  #: the fixed phrases in ``script``


def phrases(reg: ir.Regulation, script: str | None = None) -> dict:
    """The fixed phrases in ``script`` (s | t), else in the regulation's own."""
    s = script or getattr(reg, "script", "s")
    return PHRASES["t" if s == "t" else "s"]


def appendix(reg: ir.Regulation, script: str | None = None) -> Appendix:
    """IR → the appendix's document model: target tables and numbered clauses."""
    p = phrases(reg, script)
    groups = []
    for g in reg.groups:
        heading = g.label or g.name
        if all(u.target is not None for u in g.units):
            cells = [(u.name, dec(u.target)) for u in g.units]
            rows = []
            for i in range(0, len(cells), 2):
                pair = cells[i : i + 2]
                row = [x for c in pair for x in c]
                rows.append(tuple(row + [" ", " "] * (2 - len(pair))))
            groups.append(GroupBlock(heading, tuple(rows), ""))
        else:
            names = p["sep"].join(u.name + (f"（{'、'.join(u.aliases)}）" if u.aliases else "")
                                  + (f"（含{'、'.join(u.includes)}）" if u.includes else "") for u in g.units)
            tier = p["tier"].format(t=dec(g.target)) + (p["count"].format(n=g.count) if g.count else "")
            groups.append(GroupBlock(heading, (), f"{tier}：{names}。"))
    # clauses grouped by their label, in the order written, under their section
    sections: list[dict] = []
    clauses = [*reg.rules, *reg.transfers, *([reg.start_clause] if reg.start_clause else [])]
    for item in sorted(clauses, key=lambda r: r.span.line if r.span else 0):
        sec = item.section or p["clauses"]
        if not sections or sections[-1]["heading"] != sec:
            sections.append({"heading": sec, "items": []})
        items = sections[-1]["items"]
        same = bool(items) and items[-1][0] == item.label and item.label is not None
        before = items[-1][2] if same else None
        if isinstance(item, ir.Rule):
            text, kind = clause_text(item, p, before), item.kind
        elif isinstance(item, ir.Transfer):
            text, kind = transfer_text(item, p), "transfer"
        else:
            text, kind = p["start"].format(d=item.date_text), "start"
        if same:
            # a change of kind (base → bonus) is a new sentence part: “；”
            sep = "，" if items[-1][3] == kind else "；"
            items[-1][1].append(sep + text)
            items[-1][2:] = [item, kind]
        else:
            items.append([item.label, [text], item, kind])
    out_sections = tuple(
        Section(s["heading"], tuple(Clause(_own_number(label, s["heading"]), "".join(texts) + "。")
                                    for label, texts, _, _ in s["items"]))
        for s in sections)
    report = p[reg.report] if reg.report else None
    return Appendix(reg.name or reg.code, reg.doc_number, "t" if p is PHRASES["t"] else "s",
                    tuple(groups), out_sections, report, p)


def markdown(doc: Appendix) -> str:
    return _env.get_template("appendix.md.j2").render(doc=doc)


def html(doc: Appendix) -> str:
    """The appendix as one self-contained HTML page (inline CSS, no scripts)."""
    return _html_env.get_template("appendix.html.j2").render(doc=doc)


def render_markdown(reg: ir.Regulation, script: str | None = None) -> str:
    return markdown(appendix(reg, script))


def render_html(reg: ir.Regulation, script: str | None = None) -> str:
    return html(appendix(reg, script))
