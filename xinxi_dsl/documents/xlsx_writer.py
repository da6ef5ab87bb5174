"""The report (通报) as an Excel workbook, with xlsxwriter.

Sheet 1 (通报): per unit group a table — unit, points this period, points to
date, target, completion, rank, mark — and a native bar chart of completion
beside it; then the units without a target.  Sheet 2: the rows not scored.
Then one sheet per unit with points: its itemised explanation.

Text is always written as text (``write_string``; the workbook converts
no string to a formula, a link or a number), so a ledger title such as
``=cmd|' /C calc'!A0`` or ``http://…`` stays inert.  A text longer than
Excel's 32,767 characters, or a sheet longer than 1,048,576 rows, is cut
visibly: the cell ends in a marker and a warning says so.

Cells hold numbers, not text: points as numbers formatted ``0.0#``,
completion as a fraction formatted as a percentage, dates as dates.  Values
are Decimal until the cell is written.  The workbook's dates are fixed (and
xlsxwriter dates its zip members 1980-01-01), so the same report gives the
same bytes.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal

import xlsxwriter

from ..engine.outputs import dec, pct
from ..foundation.diagnostics import Diagnostic
from .bulletin import Bulletin, UnitRow

POINTS = "0.0#"
PERCENT = "0.00%"
FIXED_TIME = datetime(2000, 1, 1)
FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"

#: Excel's limits
MAX_CELL = 32767
MAX_ROWS = 1048576
CUT = "……（已截断 truncated）"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_COLUMNS = ("rank", "unit", "period_pts", "to_date", "target", "completion", "mark")
_WIDTHS = (6, 24, 10, 10, 10, 10, 10)


def _num(d: Decimal | None):
    return None if d is None else float(d)


def _utf16_cut(text: str, n: int) -> str:
    """The longest prefix of ``text`` of at most ``n`` UTF-16 code units
    (Excel counts 𠀀 as two)."""
    out, size = [], 0
    for ch in text:
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > n:
            break
        out.append(ch)
    return "".join(out)


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\ nor a control
    character, no apostrophe first or last, not the reserved History; unique."""
    base = _CONTROL.sub("_", re.sub(r"[\[\]:*?/\\]", "_", name))
    base = _utf16_cut(base, 31).strip("'").strip() or "_"
    if base.lower() == "history":
        base += "_"
    out, n = base, 2
    while out.lower() in used:
        suffix = f"({n})"
        out, n = _utf16_cut(base, 31 - len(suffix)).rstrip("'") + suffix, n + 1
    used.add(out.lower())
    return out


class _Writer:
    """Writes text as text, cut visibly at Excel's limits; records what was cut."""

    def __init__(self, warnings: list[Diagnostic]):
        self.warnings = warnings
        self.cut_cells = 0

    def text(self, ws, r: int, c: int, value, style) -> None:
        value = "" if value is None else str(value)
        if len(value) + sum(1 for ch in value if ord(ch) > 0xFFFF) > MAX_CELL:
            value = _utf16_cut(value, MAX_CELL - len(CUT)) + CUT
            self.cut_cells += 1
        ws.write_string(r, c, value, style)

    def finish(self) -> None:
        if self.cut_cells:
            self.warnings.append(Diagnostic(
                "xlsx-cell-cut", f"{self.cut_cells}个单元格的文字超过Excel上限32767个字符，已截断并注明“{CUT}” (cell text cut at Excel's limit)",
                None, severity="warning"))


def _rows_fit(ws, w: _Writer, first: int, items: list, name: str, style, reserve: int = 0) -> list:
    """The items that fit from row ``first`` on, ``reserve`` rows kept free
    at the end; if some do not fit, the row after them says how many were
    left out (and a warning)."""
    room = MAX_ROWS - first - reserve
    if len(items) <= room:
        return items
    kept = items[: room - 1]
    left = len(items) - len(kept)
    w.text(ws, first + len(kept), 0, f"……另有{left}行超出Excel行数上限，未写入 (rows beyond Excel's limit left out)", style)
    w.warnings.append(Diagnostic(
        "xlsx-rows-cut", f"工作表“{name}”超过Excel上限1048576行，{left}行未写入 (sheet cut at Excel's row limit)",
        None, severity="warning"))
    return kept


def report_xlsx(b: Bulletin, warnings: list[Diagnostic] | None = None) -> bytes:
    """The workbook's bytes; what had to be cut is added to ``warnings``."""
    w = _Writer([] if warnings is None else warnings)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": _utf16_cut(b.title, 255), "author": "xinxi", "created": FIXED_TIME})
    p = b.p
    fmt = {
        "title": wb.add_format({"font_name": HEAD_FONT, "font_size": 16, "bold": True}),
        "text": wb.add_format({"font_name": FONT, "font_size": 11}),
        "head": wb.add_format({"font_name": HEAD_FONT, "font_size": 11, "border": 1, "align": "center", "valign": "vcenter", "bg_color": "#EEEEEE"}),
        "cell": wb.add_format({"font_name": FONT, "font_size": 11, "border": 1}),
        "centre": wb.add_format({"font_name": FONT, "font_size": 11, "border": 1, "align": "center"}),
        "points": wb.add_format({"font_name": FONT, "font_size": 11, "border": 1, "num_format": POINTS}),
        "percent": wb.add_format({"font_name": FONT, "font_size": 11, "border": 1, "num_format": PERCENT}),
        "behind": wb.add_format({"font_name": FONT, "font_size": 11, "border": 1, "font_color": "#B00000"}),
        "date": wb.add_format({"font_name": FONT, "font_size": 11, "border": 1, "num_format": 'yyyy"年"m"月"d"日"'}),  # as the notice writes a date
        "sub": wb.add_format({"font_name": HEAD_FONT, "font_size": 12}),
    }
    used: set[str] = set()
    main = wb.add_worksheet(_sheet_name(p["summary"], used))
    for c, width in enumerate(_WIDTHS):
        main.set_column(c, c, width)
    w.text(main, 0, 0, b.title, fmt["title"])
    w.text(main, 1, 0, b.span_line(), fmt["text"])
    w.text(main, 2, 0, p["legend"], fmt["text"])
    r = 4
    for g in b.groups:
        w.text(main, r, 0, g.name, fmt["sub"])
        first = r + 2
        r = _unit_table(w, main, r + 1, g.rows, p, fmt, target_head=g.target_head)
        if any(x.completion is not None for x in g.rows):
            _chart(wb, main, g.name, first, r - 1, b, len(g.rows))
        r += 1
    if b.others:
        w.text(main, r, 0, p["others"], fmt["sub"])
        r = _unit_table(w, main, r + 1, b.others, p, fmt, counted=True) + 1

    # the rows not scored
    name = _sheet_name(p["unmatched"], used)
    ws = wb.add_worksheet(name)
    for c, (key, width) in enumerate((("row", 8), ("unit", 20), ("reason", 60))):  # Chinese only (issue 14)
        ws.set_column(c, c, width)
        w.text(ws, 0, c, p[key], fmt["head"])
    for i, m in enumerate(_rows_fit(ws, w, 1, list(b.unmatched), name, fmt["cell"]), start=1):
        ws.write_number(i, 0, m.row, fmt["cell"])
        w.text(ws, i, 1, m.unit, fmt["cell"])
        w.text(ws, i, 2, m.reason_zh, fmt["cell"])

    # one sheet per unit: its points, line by line
    cols = (("row", 8), ("date", 15), ("clause", 10), ("rule", 30), ("points", 8), ("in_period", 6), ("title_col", 40))
    for d in b.details:
        name = _sheet_name(d.unit.name, used)
        ws = wb.add_worksheet(name)
        w.text(ws, 0, 0, p["unit_head"].format(name=d.unit.name, p=dec(d.unit.period_points), t=dec(d.unit.to_date)), fmt["sub"])
        for c, (key, width) in enumerate(cols):
            ws.set_column(c, c, width)
            w.text(ws, 1, c, p[key], fmt["head"])
        lines = _rows_fit(ws, w, 2, list(d.lines), name, fmt["cell"], reserve=1)  # the last row: the total
        for i, ln in enumerate(lines, start=2):
            if isinstance(ln.row, int):
                ws.write_number(i, 0, ln.row, fmt["cell"])
            else:  # — for a unit's own line (an allowance, a period clause)
                w.text(ws, i, 0, str(ln.row), fmt["cell"])
            ws.write_datetime(i, 1, datetime(ln.date.year, ln.date.month, ln.date.day), fmt["date"])
            w.text(ws, i, 2, ln.clause, fmt["cell"])
            w.text(ws, i, 3, ln.rule, fmt["cell"])
            ws.write_number(i, 4, float(ln.points), fmt["points"])
            w.text(ws, i, 5, p["yes"] if ln.in_period else "", fmt["centre"])
            w.text(ws, i, 6, ln.title, fmt["cell"])
        total = len(lines) + 2 + (len(lines) < len(d.lines))
        w.text(ws, total, 3, p["total"], fmt["head"])
        ws.write_number(total, 4, float(sum((ln.points for ln in d.lines), Decimal(0))), fmt["points"])
    w.finish()
    wb.close()
    return buf.getvalue()


def _unit_table(w: _Writer, ws, r: int, rows: tuple[UnitRow, ...], p: dict, fmt: dict, counted: bool = False,
                target_head: str | None = None) -> int:
    """Header at row ``r``, then one row per unit; returns the next free row."""
    cols = _COLUMNS if not counted else ("unit", "period_pts", "to_date", "counted_into")
    for c, key in enumerate(cols):
        w.text(ws, r, c, (target_head or p[key]) if key == "target" else p[key], fmt["head"])
    for i, u in enumerate(rows, start=r + 1):
        values = {
            "rank": (u.rank, "centre"), "unit": (u.name, "cell"), "period_pts": (_num(u.period_points), "points"),
            "to_date": (_num(u.to_date), "points"), "target": (_num(u.target), "points"),
            "completion": (_num(u.completion), "percent"), "mark": (u.mark, "behind" if u.behind else "cell"),
            "counted_into": (u.counted_into or "", "cell"),
        }
        for c, key in enumerate(cols):
            value, style = values[key]
            if value is None:
                ws.write_blank(i, c, None, fmt[style])
            elif isinstance(value, (int, float)):
                ws.write_number(i, c, value, fmt[style])
            else:
                w.text(ws, i, c, value, fmt[style])
    return r + 1 + len(rows)


def _chart(wb, ws, title: str, first: int, last: int, b: Bulletin, n: int) -> None:
    """A horizontal bar chart of the completion column, beside the table."""
    chart = wb.add_chart({"type": "bar"})
    sheet = ws.get_name()
    chart.add_series({
        "name": b.p["completion"],
        "categories": [sheet, first, 1, last, 1],
        "values": [sheet, first, 5, last, 5],
        "fill": {"color": "#4472C4"},
        "data_labels": {"value": True, "num_format": "0%"},
    })
    chart.set_title({"name": f"{title}　{b.p['chart'].format(pace=pct(b.pace))}", "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": "0%", "min": 0, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 9}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 560, "height": max(240, 60 + 20 * n)})
    ws.insert_chart(first - 1, len(_COLUMNS) + 1, chart)
