"""The report (通报) for a period: a document model.

Per unit group: every unit's points in the period and to date (from the
start of the assessment year), its target, completion (to date ÷ target),
rank in the group, and a mark where it is behind the pace (completion below
the share of the year gone, 序时进度).  Then the rows no rule scored, each
unit's itemised explanation and the chart data.  Writers lay it out:
``templates/report.*.j2`` (Markdown, HTML with an inline SVG chart),
``xlsx_writer.py`` and ``docx_writer.py``.  Decimal throughout; the writers
convert to float only for an xlsx cell.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..compiler import ir
from ..engine.evaluate import Line, Result, evaluate_ledger
from ..engine.lines import order as line_order
from ..engine.ledger import Ledger
from ..engine.outputs import dec, judged_text, pct
from ..engine.periods import Period
from ..foundation.text import to_script

PHRASES = {
    "s": {
        "title": "{name}完成情况通报（{period}）", "unit": "单位", "rank": "排名", "period_pts": "本期得分",
        "to_date": "累计得分", "target": "目标分值", "completion": "累计完成率", "mark": "备注", "behind": "进度滞后",
        "span": "本期：{a}至{b}；累计：{c}至{d}；序时进度{pace}。",
        "legend": "完成率低于序时进度的单位在备注中注“进度滞后”。",
        "others": "其他单位（无目标）", "counted_into": "计入", "unmatched": "未计分的行",
        "row": "台账行", "reason": "原因", "none_unmatched": "台账各行均已计分。",
        "details": "各单位得分明细", "date": "日期", "clause": "条款", "rule": "说明", "points": "分值",
        "in_period": "本期", "title_col": "标题", "total": "合计",
        "unit_head": "{name}：本期{p}分，累计{t}分", "chart": "各单位完成率（序时进度{pace}）",
        "summary": "通报", "yes": "✓",
        "count_adopted": "采用{n}条", "count_submitted": "上报{n}条",
        "transfer": "由{unit}计入（{rate}）", "note": "注{n}", "note_line": "注{n}：{text}。",
        "sum_head": "截至{end}，", "sum_group": "{group}：{n}个单位中{behind}个进度滞后",
        "sum_all_on_pace": "{group}：{n}个单位均达到序时进度",
        "sum_leader": "，{names}（累计{pts}分，完成率{pct}）居首", "sum_none": "尚无计分信息的单位{n}个：{names}。", "sum_none_many": "尚无计分信息的单位{n}个，占{total}个单位的{share}。",
        "sum_every": "各单位均已有计分信息。",
        "target_adopted": "目标（采用数）", "target_submitted": "目标（上报数）",
    },
    "t": {
        "title": "{name}完成情況通報（{period}）", "unit": "單位", "rank": "排名", "period_pts": "本期得分",
        "to_date": "累計得分", "target": "目標分值", "completion": "累計完成率", "mark": "備註", "behind": "進度滯後",
        "span": "本期：{a}至{b}；累計：{c}至{d}；序時進度{pace}。",
        "legend": "完成率低於序時進度的單位在備註中註“進度滯後”。",
        "others": "其他單位（無目標）", "counted_into": "計入", "unmatched": "未計分的行",
        "row": "台賬行", "reason": "原因", "none_unmatched": "台賬各行均已計分。",
        "details": "各單位得分明細", "date": "日期", "clause": "條款", "rule": "說明", "points": "分值",
        "in_period": "本期", "title_col": "標題", "total": "合計",
        "unit_head": "{name}：本期{p}分，累計{t}分", "chart": "各單位完成率（序時進度{pace}）",
        "summary": "通報", "yes": "✓",
        "count_adopted": "采用{n}條", "count_submitted": "上報{n}條",
        "transfer": "由{unit}計入（{rate}）", "note": "註{n}", "note_line": "註{n}：{text}。",
        "sum_head": "截至{end}，", "sum_group": "{group}：{n}個單位中{behind}個進度滯後",
        "sum_all_on_pace": "{group}：{n}個單位均達到序時進度",
        "sum_leader": "，{names}（累計{pts}分，完成率{pct}）居首", "sum_none": "尚無計分信息的單位{n}個：{names}。", "sum_none_many": "尚無計分信息的單位{n}個，佔{total}個單位的{share}。",
        "sum_every": "各單位均已有計分信息。",
        "target_adopted": "目標（采用數）", "target_submitted": "目標（上報數）",
    },
}


@dataclass(frozen=True)
class UnitRow:
    key: str
    name: str
    period_points: Decimal
    to_date: Decimal
    target: Decimal | None
    completion: Decimal | None  #: to date ÷ target, 4 places
    rank: int | None  #: in its group (by the regulation's ranking)
    behind: bool  #: completion below the pace
    counted_into: str | None  #: the name of the unit its points flow to
    #: the 备注 column: the count for a count target (CD07), 进度滞后, and the
    #: outcomes of the quarters reported (GZ05-9: 通报表扬 …)
    mark: str = ""
    count: int | None = None  #: items counted to date, for a count target
    #: the 备注 as the documents' tables show it: an outcome longer than a few
    #: characters as 注1, its words under the table (GroupTable.notes)
    short_mark: str = ""


@dataclass(frozen=True)
class GroupTable:
    name: str
    rows: tuple[UnitRow, ...]
    target_head: str | None = None  #: 目标（采用数） for a count target, else the usual 目标分值
    notes: tuple[str, ...] = ()  #: 注1：…, the long outcomes of the 备注, in order


@dataclass(frozen=True)
class UnmatchedRow:
    row: int | str  #: the ledger row, or — for a unit's own line
    unit: str
    reason_zh: str
    reason: str


@dataclass(frozen=True)
class DetailLine:
    row: int | str  #: the ledger row, or — for a unit's own line
    date: date
    clause: str
    rule: str
    points: Decimal
    in_period: bool
    title: str


@dataclass(frozen=True)
class Detail:
    unit: UnitRow
    lines: tuple[DetailLine, ...]


@dataclass(frozen=True)
class Header:
    """What the issuing office gives (``xinxi report --office --number
    --issued --font``): its name, the 文号, the date it signs the report, the
    body font.  Blank parts are left out of the document."""

    office: str = ""
    number: str = ""
    issued: date | None = None
    font: str | None = None  #: the body font (仿宋_GB2312 if None)


@dataclass(frozen=True)
class Bulletin:
    regulation: ir.Regulation
    period: Period
    title: str
    groups: tuple[GroupTable, ...]
    others: tuple[UnitRow, ...]  #: units without a target: direct-report points, units not in the regulation
    unmatched: tuple[UnmatchedRow, ...]
    details: tuple[Detail, ...]
    period_result: Result
    to_date_result: Result
    script: str
    p: dict
    summary: str = ""  #: the paragraph written from the figures
    header: Header = Header()

    @property
    def title_lines(self) -> tuple[str, str]:
        """The title in two lines, where it is too long for one: the
        regulation's name, then 完成情况通报（period）."""
        name = to_script(self.regulation.name or self.regulation.code, self.script)
        return (name, self.title[len(name):]) if self.title.startswith(name) else (self.title, "")

    @property
    def pace(self) -> Decimal:
        return self.period.pace

    @property
    def issued(self) -> str:
        """The date the office signs, as the notice writes dates; blank if not given."""
        return cn_date(self.header.issued) if self.header.issued else ""

    def day(self, d: date) -> str:
        """A detail line's date: 3月8日, with the year only when it is not the period's (2011年12月28日)."""
        return cn_date(d, d.year != self.period.end.year)

    def span_line(self) -> str:
        pr = self.period
        # the 备注's outcomes (GZ05-9): which quarters were judged, as of when
        a, b = cn_span(pr.start, pr.end)
        c, d = cn_span(pr.year_start, pr.end)
        text = self.p["span"].format(a=a, b=b, c=c, d=d, pace=pct(pr.pace)) + judged_text(self.period_result, self.script)
        # 2006年第2季度 (the judged-on sentence) as a notice writes it: 第二季度
        text = re.sub(r"第([1-4])季度", lambda m: f"第{'一二三四'[int(m[1]) - 1]}季度", text)
        return to_script(cn_dates(text), self.script)

    def chart_caption(self, g: GroupTable) -> str:
        """The group's own words (not the attachment's heading before them) and the pace."""
        return f"{_group_word(g.name)}　{self.p['chart'].format(pace=pct(self.pace))}"

    def chart_rows(self) -> list[UnitRow]:
        """Every unit with a target, group by group: one bar each."""
        return [r for g in self.groups for r in g.rows if r.completion is not None]


def cn_date(d: date, year: bool = True) -> str:
    """2012年3月1日 (3月1日 without the year): as a notice writes a date."""
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def cn_span(a: date, b: date) -> tuple[str, str]:
    """2012年3月1日, 3月31日: the second date without its year when it is the first's."""
    return cn_date(a), cn_date(b, b.year != a.year)


_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


#: left as they are: a ledger cell quoted (日期“2012-13-01”无法识别) and the formats a hint lists (应写作2012-03-05、…)
_KEEP = re.compile(r"“[^”]*”|[应應][写寫]作[^；;。）)]*")


def cn_dates(text: str) -> str:
    """Every ISO date in ``text`` (from a reason or a judged-on sentence) as
    the notice writes it: 2011-12-28 → 2011年12月28日; not a quoted ledger
    cell or a format hint, not what is no date (2012-13-01)."""
    def one(m: re.Match) -> str:
        try:
            return cn_date(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return m[0]

    out, at = [], 0
    for keep in _KEEP.finditer(text):
        out += [_ISO.sub(one, text[at:keep.start()]), keep[0]]
        at = keep.end()
    return "".join(out) + _ISO.sub(one, text[at:])


def build(reg: ir.Regulation, ledger: Ledger, period: Period, script: str | None = None,
          as_of: date | None = None, header: Header | None = None) -> Bulletin:
    """Score ``ledger`` for the period and from the year's start to the
    period's end; lay the two side by side.  ``as_of``: the outcomes of the
    备注 are judged on the quarters ended by then (default: the ledger's
    last date, never after the period's end).  Every text of the model —
    fixed phrases, the notice's words, the ledger's — is in ``script``
    (default: the regulation's own), see :func:`foundation.text.to_script`."""
    s = "t" if (script or getattr(reg, "script", "s")) == "t" else "s"

    def sc(text: str) -> str:
        return to_script(text, s)

    p = {k: sc(v) for k, v in PHRASES[s].items()}
    now = evaluate_ledger(reg, ledger, period.start, period.end, as_of=as_of)
    # to date: always the annual target, against the annual pace
    to_date = evaluate_ledger(reg, ledger, period.year_start, period.end, quarterly=False)
    in_period = {u.key: u.score for u in now.units}
    names = {u.key: sc(u.name) for u in to_date.units}

    outcomes = {u.key: [o.text for o, _ in u.outcomes] for u in now.units}

    def row(u) -> UnitRow:
        c = u.completion
        behind = c is not None and c < period.pace
        mark = []
        if u.count is not None:
            mark.append(p["count_" + u.measure].format(n=u.count))
        if behind:
            mark.append(p["behind"])
        mark += outcomes.get(u.key, [])
        return UnitRow(u.key, sc(u.name), in_period.get(u.key, Decimal(0)), u.score, u.target, c,
                       u.group_rank if u.target is not None else None, behind,
                       names.get(u.counted_into, sc(u.counted_into)) if u.counted_into else None,
                       sc("；".join(mark)), u.count)

    clauses = _clauses(reg, s)
    groups = []
    for g in reg.groups:
        units = [u for u in to_date.units if u.group == g.key]
        units.sort(key=lambda u: (u.group_rank is None, u.group_rank or 0))
        head = p["target_" + g.measure] if g.measure != "score" else None
        rows, notes = _short_marks([row(u) for u in units], p)
        groups.append(GroupTable(sc(g.label or g.name), rows, head, notes))
    others = _short_marks([row(u) for u in to_date.units if u.group is None or u.target is None], p)[0]
    rows_by_key = {r.key: r for g in groups for r in g.rows} | {r.key: r for r in others}

    details = []
    for u in to_date.units:
        if u.lines:
            lines = sorted(u.lines, key=line_order)
            details.append(Detail(rows_by_key[u.key], tuple(_detail(ln, period, p, sc, clauses) for ln in lines)))
    title = sc(p["title"].format(name=reg.name or reg.code, period=period.label()))
    unmatched = tuple(UnmatchedRow(m.row, sc(m.unit), sc(cn_dates(_no_ids(m.reason_zh, clauses))), m.reason)
                      for m in _unmatched(reg, ledger, to_date, period))
    summary = sc(_summary(groups, period, p, {u.key for u in to_date.units if u.lines}))
    header = header or Header()
    header = Header(sc(header.office), sc(header.number), header.issued, header.font)
    return Bulletin(reg, period, title, tuple(groups), others, unmatched,
                    tuple(details), now, to_date, s, p, summary, header)


#: an outcome in the 备注 longer than this is written under the table as a note
SHORT = 6


def _short_marks(rows: list[UnitRow], p: dict) -> tuple[tuple[UnitRow, ...], tuple[str, ...]]:
    """The 备注 on one or two lines: each long outcome (GZ05-9's 对其单位分管领导…
    更换信息员) becomes 注1, numbered in order of first use; the notes follow
    the table (注1：…)."""
    notes: list[str] = []
    out = []
    for r in rows:
        parts = []
        for part in r.mark.split("；") if r.mark else []:
            if len(part) > SHORT:
                if part not in notes:
                    notes.append(part)
                part = p["note"].format(n=notes.index(part) + 1)
            parts.append(part)
        out.append(dataclasses.replace(r, short_mark="；".join(parts)))
    return tuple(out), tuple(p["note_line"].format(n=i, text=t) for i, t in enumerate(notes, start=1))


def _summary(groups: list[GroupTable], period: Period, p: dict, scored: set[str]) -> str:
    """The paragraph an office writes above its tables, from the figures:
    the pace, per group how many units are behind it and who leads, and the
    units with no item scored to date."""
    out = [p["sum_head"].format(end=cn_date(period.end))]
    parts = []
    for g in groups:
        ranked = [r for r in g.rows if r.rank is not None]
        if not ranked:
            continue
        first = [r for r in ranked if r.rank == 1]
        behind = sum(r.behind for r in g.rows)
        key = "sum_group" if behind else "sum_all_on_pace"
        text = p[key].format(group=_group_word(g.name), n=len(g.rows), behind=behind)
        if first[0].to_date > 0:  # no unit leads a group where none has scored
            text += p["sum_leader"].format(names="、".join(r.name for r in first), pts=dec(first[0].to_date),
                                           pct=pct(first[0].completion) if first[0].completion is not None else "—")
        parts.append(text)
    if parts:
        out.append("；".join(parts) + "。")
    listed = [r for g in groups for r in g.rows]
    none = [r.name for r in listed if r.key not in scored]
    if not none:
        out.append(p["sum_every"])
    elif len(none) <= NAMED:
        out.append(p["sum_none"].format(n=len(none), names="、".join(none)))
    else:  # a page of names is no summary: the tables show each with 0
        out.append(p["sum_none_many"].format(n=len(none), total=len(listed), share=pct(Decimal(len(none)) / len(listed))))
    return "".join(out)


#: the summary names the units with nothing scored up to this many, else counts them
NAMED = 20


def _group_word(name: str) -> str:
    """A group's heading without what stands before it and its list number
    (一、县、市、区目标分数 → 县、市、区目标分数; GZ05's 工作部门序列(47个) (一)工作部门A类 → 工作部门A类)."""
    return re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", name.split()[-1] if name.split() else name)


def _clauses(reg: ir.Regulation, script: str) -> dict[str, tuple[str, str]]:
    """Each clause's internal id → (its label in the notice, its words as the
    appendix writes them: 《政务信息》每采用1条计4分, not the file's
    ``《政务信息》采用：4分/条``)."""
    from .appendix import clause_text, period_text, phrases

    p = {**phrases(reg, script), "attr_names": {a.key: a.name for a in reg.attributes}}
    out = {}
    for r in reg.rules:
        if r.id:
            out[r.id] = (r.label or "", clause_text(r, p))
    for pr in reg.period_rules:
        if pr.id:
            out[pr.id] = (pr.label or "", period_text(pr, p))
    return out


def _no_ids(text: str, clauses: dict[str, tuple[str, str]]) -> str:
    """An internal clause id in a note or a reason (计入【CD07-Y1】, 不在QH24-8规定的…)
    as the notice's label of the clause: a reader knows no ids."""
    if not any(c.isascii() and c.isalpha() for c in text):
        return text
    for rid, (lab, _) in sorted(clauses.items(), key=lambda kv: -len(kv[0])):
        if rid in text:
            text = re.sub(re.escape(f"【{rid}】") + "|" + re.escape(rid) + r"(?![0-9A-Za-z])\s*",
                          lambda m: f"【{lab}】" if lab else "", text)
    return text


def _detail(ln: Line, period: Period, p: dict, sc, clauses: dict[str, tuple[str, str]]) -> DetailLine:
    """A line as a reader of the notice knows it: the clause's label (三、4)
    and words, never the rule's internal id; a note in Chinese."""
    label, words = clauses.get(ln.rule_id or "", (ln.label or "", ""))
    note = ln.note or words
    if ln.kind == "transfer" and " × " in note:  # evaluate's "unit × rate": points counted into the parent
        unit, rate = note.split(" × ", 1)
        note = p["transfer"].format(unit=unit, rate=rate)
    note = _no_ids(note, clauses)
    # a unit's own line (an allowance, a period clause) has no ledger row: shown as —
    return DetailLine(ln.row or "—", ln.date, sc(ln.label or label), sc(cn_dates(note)), ln.points,
                      period.start <= ln.date <= period.end, sc(ln.title))


def _unmatched(reg: ir.Regulation, ledger: Ledger, result: Result, period: Period):
    """The rows not scored up to the period's end.  Rows dated later belong
    to later reports; rows from before the assessment year only while the
    regulation's start date falls in this year (开江县's row of 2011-12-28
    in D12's first reports), else every report would repeat them."""
    dated = {r.row: r.date for r in ledger.records}
    names = {u.key: u.name for u in result.units}
    first_year = reg.start is not None and period.year_start <= reg.start
    for m in result.unmatched:
        d = dated.get(m.row)
        if d is not None and (d > period.end or (d < period.year_start and not first_year)):
            continue
        yield UnmatchedRow(m.row, names.get(m.unit, m.unit), m.reason_zh, m.reason)


# ---- Markdown and HTML ----------------------------------------------------------

def _md_cell(value) -> str:
    """A value inside a Markdown table cell: one line, nothing Markdown or
    HTML would act on (a pipe, ``<script>``, ``[link](…)``)."""
    from .appendix import md

    return md(value)


def _templates(html_: bool):
    from markupsafe import Markup

    from .chart import completion_svg
    from .appendix import environment

    env = environment(html_)
    env.filters["dec"] = lambda d: dec(d) or ""
    env.filters["pct"] = lambda d: "" if d is None else pct(d)
    env.filters["cell"] = _md_cell
    # the SVG is built from escaped text (chart.py escapes every name)
    env.filters["chart"] = lambda g, b: Markup(completion_svg([(r.name, r.completion, r.behind) for r in g.rows], b.pace, b.chart_caption(g)))
    return env


def markdown(b: Bulletin) -> str:
    return _templates(False).get_template("report.md.j2").render(b=b)


def html(b: Bulletin) -> str:
    """One self-contained page: inline CSS, an inline SVG chart per group, no script."""
    return _templates(True).get_template("report.html.j2").render(b=b)
