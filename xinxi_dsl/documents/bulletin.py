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

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..compiler import ir
from ..engine.evaluate import Line, Result, evaluate_ledger
from ..engine.lines import order as line_order
from ..engine.ledger import Ledger
from ..engine.outputs import dec, judged_text, pct
from ..engine.periods import Period

PHRASES = {
    "s": {
        "title": "{name}完成情况通报（{period}）", "unit": "单位", "rank": "排名", "period_pts": "本期得分",
        "to_date": "累计得分", "target": "目标分值", "completion": "累计完成率", "mark": "备注", "behind": "进度滞后",
        "span": "本期：{a}至{b}；累计：{c}至{d}；序时进度{pace}。",
        "legend": "完成率低于序时进度的单位注“进度滞后”。",
        "others": "其他单位（无目标）", "counted_into": "计入", "unmatched": "未计分的行",
        "row": "台账行", "reason": "原因", "none_unmatched": "台账各行均已计分。",
        "details": "各单位得分明细", "date": "日期", "clause": "条款", "rule": "规则", "points": "分值",
        "in_period": "本期", "title_col": "标题", "total": "合计",
        "unit_head": "{name}：本期{p}分，累计{t}分", "chart": "各单位完成率（序时进度{pace}）",
        "summary": "通报", "yes": "✓",
        "count_adopted": "累计采用{n}条", "count_submitted": "累计上报{n}条",
        "target_adopted": "目标（采用数）", "target_submitted": "目标（上报数）",
    },
    "t": {
        "title": "{name}完成情況通報（{period}）", "unit": "單位", "rank": "排名", "period_pts": "本期得分",
        "to_date": "累計得分", "target": "目標分值", "completion": "累計完成率", "mark": "備註", "behind": "進度滯後",
        "span": "本期：{a}至{b}；累計：{c}至{d}；序時進度{pace}。",
        "legend": "完成率低於序時進度的單位註“進度滯後”。",
        "others": "其他單位（無目標）", "counted_into": "計入", "unmatched": "未計分的行",
        "row": "台賬行", "reason": "原因", "none_unmatched": "台賬各行均已計分。",
        "details": "各單位得分明細", "date": "日期", "clause": "條款", "rule": "規則", "points": "分值",
        "in_period": "本期", "title_col": "標題", "total": "合計",
        "unit_head": "{name}：本期{p}分，累計{t}分", "chart": "各單位完成率（序時進度{pace}）",
        "summary": "通報", "yes": "✓",
        "count_adopted": "累計采用{n}條", "count_submitted": "累計上報{n}條",
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


@dataclass(frozen=True)
class GroupTable:
    name: str
    rows: tuple[UnitRow, ...]
    target_head: str | None = None  #: 目标（采用数） for a count target, else the usual 目标分值


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

    @property
    def title_lines(self) -> tuple[str, str]:
        """The title in two lines, where it is too long for one: the
        regulation's name, then 完成情况通报（period）."""
        name = self.regulation.name or self.regulation.code
        return (name, self.title[len(name):]) if self.title.startswith(name) else (self.title, "")

    @property
    def pace(self) -> Decimal:
        return self.period.pace

    def span_line(self) -> str:
        pr = self.period
        # the 备注's outcomes (GZ05-9): which quarters were judged, as of when
        return self.p["span"].format(a=pr.start.isoformat(), b=pr.end.isoformat(), c=pr.year_start.isoformat(),
                                     d=pr.end.isoformat(), pace=pct(pr.pace)) + judged_text(self.period_result, self.script)

    def chart_rows(self) -> list[UnitRow]:
        """Every unit with a target, group by group: one bar each."""
        return [r for g in self.groups for r in g.rows if r.completion is not None]


def build(reg: ir.Regulation, ledger: Ledger, period: Period, script: str | None = None,
          as_of: date | None = None) -> Bulletin:
    """Score ``ledger`` for the period and from the year's start to the
    period's end; lay the two side by side.  ``as_of``: the outcomes of the
    备注 are judged on the quarters ended by then (default: the ledger's
    last date, never after the period's end)."""
    s = "t" if (script or getattr(reg, "script", "s")) == "t" else "s"
    p = PHRASES[s]
    now = evaluate_ledger(reg, ledger, period.start, period.end, as_of=as_of)
    # to date: always the annual target, against the annual pace
    to_date = evaluate_ledger(reg, ledger, period.year_start, period.end, quarterly=False)
    in_period = {u.key: u.score for u in now.units}
    names = {u.key: u.name for u in to_date.units}

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
        return UnitRow(u.key, u.name, in_period.get(u.key, Decimal(0)), u.score, u.target, c,
                       u.group_rank if u.target is not None else None, behind,
                       names.get(u.counted_into, u.counted_into) if u.counted_into else None,
                       "；".join(mark), u.count)

    groups = []
    for g in reg.groups:
        units = [u for u in to_date.units if u.group == g.key]
        units.sort(key=lambda u: (u.group_rank is None, u.group_rank or 0))
        head = p["target_" + g.measure] if g.measure != "score" else None
        groups.append(GroupTable(g.label or g.name, tuple(row(u) for u in units), head))
    others = tuple(row(u) for u in to_date.units if u.group is None or u.target is None)
    rows_by_key = {r.key: r for g in groups for r in g.rows} | {r.key: r for r in others}

    details = []
    for u in to_date.units:
        if u.lines:
            lines = sorted(u.lines, key=line_order)
            details.append(Detail(rows_by_key[u.key], tuple(_detail(ln, period) for ln in lines)))
    title = p["title"].format(name=reg.name or reg.code, period=period.label())
    return Bulletin(reg, period, title, tuple(groups), others, tuple(_unmatched(reg, ledger, to_date, period)),
                    tuple(details), now, to_date, s, p)


def _detail(ln: Line, period: Period) -> DetailLine:
    rule = (ln.rule_id or "") + (f"（{ln.note}）" if ln.note else "")
    # a unit's own line (an allowance, a period clause) has no ledger row: shown as —
    return DetailLine(ln.row or "—", ln.date, ln.label or "", rule, ln.points, period.start <= ln.date <= period.end, ln.title)


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
    env.filters["chart"] = lambda g, b: Markup(completion_svg([(r.name, r.completion, r.behind) for r in g.rows], b.pace, f"{g.name}　{b.p['chart'].format(pace=pct(b.pace))}"))
    return env


def markdown(b: Bulletin) -> str:
    return _templates(False).get_template("report.md.j2").render(b=b)


def html(b: Bulletin) -> str:
    """One self-contained page: inline CSS, an inline SVG chart per group, no script."""
    return _templates(True).get_template("report.html.j2").render(b=b)
