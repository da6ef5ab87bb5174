"""The indicator checklist (D09-X): facts per unit → points.

Some notices score a unit not from a stream of adopted items but from a
checklist of indicators: met or not (建立数据交换平台 计10分), a count (每个加1分，
最高加5分), a rate (接入率达到40% 计10分).  The facts come from an *indicator
sheet* (.csv / .xlsx) with one row per unit and indicator:

| 单位 (unit) | 指标 (indicator) | 值 (value) |

``指标`` names the indicator by its clause ID (``D09-X1.1``) or by its name as
the regulation writes it (``数据交换平台``); ``值`` is 是/否 (also 完成/未完成,
达到/未达到, 1/0) for a met-indicator, a number for a count, a percentage
(``45%`` or ``0.45``) for a rate.

A section's points are the sum of its indicators (and sub-sections),
converted where the section says so (按300分折合10分) and held to the
section's maximum (满分30分) — or to ``最高计N分`` where the notice lets an
overshoot count.  Every indicator without a value is listed, every sheet row
that names no indicator is reported: nothing is dropped silently.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ..compiler import ir
from ..foundation.diagnostics import Diagnostic, Span, XinxiError
from .ledger import _cell, read_table
from ..foundation.text import fold

ZERO = Decimal(0)
_Q2 = Decimal("0.01")
_TRUE = {"是", "完成", "达到", "已完成", "已达到", "有", "1", "true", "yes", "y", "√", "✓"}
_FALSE = {"否", "未完成", "未达到", "没有", "无", "0", "false", "no", "n", "×", "✗"}
_COLUMNS = {"单位": "unit", "unit": "unit", "指标": "indicator", "indicator": "indicator", "值": "value", "value": "value",
            "说明": "note", "note": "note"}


@dataclass(frozen=True)
class Value:
    row: int
    text: str


@dataclass
class Sheet:
    file: str
    #: unit as written → folded indicator key → value
    values: dict[str, dict[str, Value]]
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class IndicatorLine:
    id: str | None
    label: str | None
    name: str
    value: str | None  #: as written in the sheet; None: no value given
    row: int | None
    points: Decimal
    note: str = ""


@dataclass(frozen=True)
class SectionResult:
    id: str | None
    label: str | None
    name: str
    raw: Decimal  #: the sum of its items
    points: Decimal  #: converted and held to its maximum
    max: Decimal
    note: str = ""


@dataclass
class UnitIndicators:
    unit: str
    total: Decimal
    sections: list[SectionResult]
    lines: list[IndicatorLine]

    @property
    def missing(self) -> list[IndicatorLine]:
        return [l for l in self.lines if l.value is None]


@dataclass
class ChecklistResult:
    regulation: ir.Regulation
    units: list[UnitIndicators]
    problems: list[Diagnostic]


def read_sheet(path: str | Path, checklist: ir.Checklist) -> Sheet:
    path = Path(path)
    file = str(path)
    rows, notes = read_table(path)
    rows = [[_cell(c) for c in r] for r in rows]
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise XinxiError(Diagnostic("empty-sheet", "指标表是空的 (empty indicator sheet)", Span(file, 1, 0)))
    header = [_COLUMNS.get(fold(h).lower(), _COLUMNS.get(fold(h))) for h in rows[0]]
    for need, zh in (("unit", "单位"), ("indicator", "指标"), ("value", "值")):
        if need not in header:
            raise XinxiError(Diagnostic("missing-column", f"指标表缺少“{zh}”列 (missing column {need})", Span(file, 1, 0)))
    col = {k: header.index(k) for k in ("unit", "indicator", "value")}
    by_key: dict[str, ir.Indicator] = {}
    for ind in checklist.indicators():
        by_key[ind.key] = ind
        if ind.id:
            by_key[fold(ind.id)] = ind
    sheet = Sheet(file, {}, list(notes))
    for n, r in enumerate(rows[1:], start=2):
        if not any(r):
            continue
        cell = lambda k: r[col[k]] if col[k] < len(r) else ""  # noqa: E731
        unit, name, value = cell("unit"), cell("indicator"), cell("value")
        if not unit:
            sheet.problems.append(Diagnostic("missing-unit", f"第{n}行没有单位，未计分 (row without a unit)", Span(file, n, 0)))
            continue
        ind = by_key.get(fold(name))
        if ind is None:
            close = difflib.get_close_matches(fold(name), [k for k in by_key], n=1, cutoff=0.5)
            hint = f"；是否为“{by_key[close[0]].name}”？" if close else ""
            sheet.problems.append(Diagnostic("unknown-indicator", f"第{n}行的指标“{name}”规程中没有，未计分{hint} (indicator the regulation does not list)",
                                             Span(file, n, 0), severity="warning"))
            continue
        per_unit = sheet.values.setdefault(unit, {})
        if ind.key in per_unit:
            sheet.problems.append(Diagnostic("duplicate-indicator", f"第{n}行：单位“{unit}”的指标“{ind.name}”已在第{per_unit[ind.key].row}行填写，取后者 (indicator given twice)",
                                             Span(file, n, 0), severity="warning"))
        per_unit[ind.key] = Value(n, value)
    return sheet


class BadValue(ValueError):
    pass


def _truth(text: str) -> bool:
    t = fold(text).lower()
    if t in _TRUE:
        return True
    if t in _FALSE or t == "":
        return False
    raise BadValue(f"“{text}”应为是或否 (expected yes or no)")


def _number(text: str, percent: bool = False) -> Decimal:
    t = text.strip().replace("％", "%")
    try:
        d = Decimal(t[:-1].strip()) / 100 if t.endswith("%") else Decimal(t)
    except InvalidOperation:
        raise BadValue(f"“{text}”不是数字 (not a number)") from None
    if not d.is_finite() or d < 0:  # NaN, Infinity, −3 件: a count or rate is never that
        raise BadValue(f"“{text}”不是有效的个数或比率 (not a count or rate)")
    if t.endswith("%"):
        return d
    if percent and d > 1:  # 45 in a rate column: read as 45%
        return d / 100
    return d


def score_indicator(ind: ir.Indicator, text: str) -> tuple[Decimal, str]:
    """Points an indicator earns for a value, and how (for the explanation)."""
    total = ZERO
    notes = []
    each = {1: ZERO, -1: ZERO}
    met_threshold = None
    for m in ind.measures:
        if m.kind == "met":
            if m.threshold is None:
                ok = _truth(text)
            else:
                v = _number(text, m.percent)
                ok = v >= m.threshold
                met_threshold = m.threshold
            if ok:
                total += m.points
            notes.append(("达到" if ok else "未达到") + (f"{_show(m.threshold, m.percent)}" if m.threshold is not None else ""))
        elif m.kind == "more" and met_threshold is not None:
            v = _number(text)
            extra = max(ZERO, v - met_threshold)
            steps = (extra / m.threshold).to_integral_value(rounding="ROUND_FLOOR") if m.threshold else ZERO
            if steps:
                total += steps * m.points
                notes.append(f"超出{_show(extra)}，加{_show(steps * m.points)}分")
        elif m.kind == "each":
            each[m.sign] += _number(text) * m.points
    for sign in (1, -1):
        amount = each[sign]
        cap = next((m.points for m in ind.measures if m.kind == "cap" and m.sign == sign), None)
        if cap is not None and amount > cap:
            notes.append(f"{'加' if sign > 0 else '扣'}分达上限{_show(cap)}分")
            amount = cap
        total += sign * amount
    return total, "，".join(notes)


def _show(d: Decimal | None, percent: bool = False) -> str:
    if d is None:
        return ""
    if percent:
        d = d * 100
    s = format(d.normalize(), "f")
    return s + ("%" if percent else "")


def _section(sec: ir.IndicatorSection, values: dict[str, Value], lines: list[IndicatorLine],
             out: list[SectionResult], problems: list[Diagnostic], file: str, unit: str) -> Decimal:
    raw = ZERO
    for item in sec.items:
        if isinstance(item, ir.IndicatorSection):
            raw += _section(item, values, lines, out, problems, file, unit)
            continue
        v = values.get(item.key)
        if v is None:
            lines.append(IndicatorLine(item.id, item.label, item.name, None, None, ZERO, "未填报"))
            continue
        try:
            pts, note = score_indicator(item, v.text)
        except BadValue as exc:
            problems.append(Diagnostic("bad-value", f"第{v.row}行“{item.name}”的值{exc}，按0分计 (unreadable value)",
                                       Span(file, v.row, 0)))
            lines.append(IndicatorLine(item.id, item.label, item.name, v.text, v.row, ZERO, "值无法识别"))
            continue
        lines.append(IndicatorLine(item.id, item.label, item.name, v.text, v.row, pts, note))
        raw += pts
    points, note = raw, ""
    if sec.scale_from is not None and sec.scale_to is not None:
        points = (raw * sec.scale_to / sec.scale_from).quantize(_Q2, rounding=ROUND_HALF_UP)
        note = f"{_show(raw)}÷{_show(sec.scale_from)}×{_show(sec.scale_to)}"
    limit = sec.scale_cap if sec.scale_cap is not None else sec.max
    if points > limit:
        note = (note + "，" if note else "") + f"以{_show(limit)}分为限"
        points = limit
    out.append(SectionResult(sec.id, sec.label, sec.name, raw, points, limit, note))
    return points


def evaluate_checklist(reg: ir.Regulation, sheet: Sheet) -> ChecklistResult:
    if reg.checklist is None:
        raise XinxiError(Diagnostic("no-checklist", "规程没有“指标考核”部分 (the regulation has no indicator checklist)", Span(reg.file, 0, 0)))
    problems = list(sheet.problems)
    units = []
    for unit, values in sheet.values.items():
        lines: list[IndicatorLine] = []
        sections: list[SectionResult] = []
        total = sum((_section(s, values, lines, sections, problems, sheet.file, unit) for s in reg.checklist.sections), ZERO)
        units.append(UnitIndicators(unit, total, sections, lines))
    units.sort(key=lambda u: -u.total)
    problems.sort(key=lambda d: d.span.line if d.span else 0)
    return ChecklistResult(reg, units, problems)


def to_json(result: ChecklistResult) -> dict:
    from .outputs import dec

    return {
        "regulation": result.regulation.code,
        "units": [
            {"unit": u.unit, "total": dec(u.total),
             "sections": [{"id": s.id, "clause": s.label, "name": s.name, "raw": dec(s.raw), "points": dec(s.points),
                           "max": dec(s.max), "note": s.note} for s in u.sections],
             "indicators": [{"id": l.id, "clause": l.label, "name": l.name, "value": l.value, "row": l.row,
                             "points": dec(l.points), "note": l.note} for l in u.lines],
             "missing": [l.id or l.name for l in u.missing]}
            for u in result.units
        ],
        "problems": [{"row": d.span.line if d.span and d.span.line > 0 else None, "severity": d.severity, "key": d.key,
                      "message": d.message} for d in result.problems],
    }
