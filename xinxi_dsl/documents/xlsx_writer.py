"""The report (通报) as an Excel workbook, with xlsxwriter.

Sheet 1 (通报): per unit group a table — unit, points this period, points to
date, target, completion, rank, mark — and a native bar chart of completion
below it; then the units without a target.  Sheet 2: the rows not scored.
Then one sheet per unit with points: its itemised explanation.

Text is always written as text (``write_string``; the workbook converts
no string to a formula, a link or a number), so a ledger title such as
``=cmd|' /C calc'!A0`` or ``http://…`` stays inert.  A text longer than
Excel's 32,767 characters, or a sheet longer than 1,048,576 rows, is cut
visibly: the cell ends in a marker and a warning says so.

Cells hold numbers, not text, shown as the notice writes them: points
with as many places as they have (10, 2.5, −3: each cell its own format),
completion as a fraction formatted ``0.00%`` (46.67%), dates as dates
(2012年3月14日).  Values are Decimal until the cell is written.

Printing: every sheet is on A4 paper, portrait unless its columns are too
wide for it, scaled to the page's width, with margins and the page number
in the footer (— 1 —).  A sheet of one table repeats its header rows on
every page (print titles).  The report sheet holds several tables and their
charts, so the writer lays its pages out itself: every row has a height, a
page break goes where a page is full, a table cut by a break repeats its
header on the next page, and a group's chart (below its table, as wide as
the table) is never cut: it moves to the next page whole.  The layout
plans pages at the scale Excel's fit to width gives with its default font
and fills a page to ``FILL`` only, so a reader whose font draws wider
columns (LibreOffice without Calibri shrinks the sheet more) still gets
each break where it was planned, only with more room below.  Column widths are measured
from the text (a CJK character counts two), long text wraps, and the rows
are as tall as their lines.  The workbook's dates are fixed (and
xlsxwriter dates its zip members 1980-01-01), so the same report gives the
same bytes.
"""

from __future__ import annotations

import io
import math
import re
from datetime import datetime
from decimal import Decimal

import xlsxwriter

from ..engine.outputs import dec, pct
from ..foundation.diagnostics import Diagnostic, display_width
from .bulletin import Bulletin, UnitRow

PERCENT = "0.00%"
DATE = 'yyyy"年"m"月"d"日"'
FIXED_TIME = datetime(2000, 1, 1)
FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"

#: Excel's limits
MAX_CELL = 32767
MAX_ROWS = 1048576
CUT = "……（已截断 truncated）"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_COLUMNS = ("rank", "unit", "period_pts", "to_date", "target", "completion", "mark")

#: the page: A4 (paper size 9), in points; margins in inches
A4 = (595.3, 841.9)
MARGIN_SIDE, MARGIN_TOP, MARGIN_FOOT = 0.5, 0.75, 0.3
#: the share of a page's height the report sheet's layout fills: room for a
#: font that draws its lines taller than planned
FILL = 0.96
ROW_PT = 18  #: a row of one line of 11-point text
LINE_PT = 14  #: each further line of a wrapped cell
FOOTER = "&C— &P —"
#: The workbook's default font sets the unit of column widths (the width of
#: a digit: 7 px for Arial 10 as for Excel's usual Calibri 11).  Arial, not
#: Calibri, because a reader without Calibri (LibreOffice on Linux: DejaVu
#: Sans) would draw every column a third wider; Arial has a metric twin
#: (Liberation Sans) wherever LibreOffice is.
BOOK_FONT = {"default_format_properties": {"font_name": "Arial", "font_size": 10},
             "default_row_height": 17, "default_column_width": 64}


def _num(d: Decimal | None):
    return None if d is None else float(d)


def points_format(d: Decimal) -> str:
    """The cell format showing ``d`` as the notice writes it: 10, 2.5, 1.25."""
    places = max(0, -d.normalize().as_tuple().exponent) if d.is_finite() else 0
    return "0" if places == 0 else "0." + "0" * min(places, 6)


def _units(text: str) -> float:
    """Excel column-width units taken by ``text`` in an 11-point font (a unit
    is a digit's width; a CJK character is about two); the widest line."""
    return max((display_width(line) * 1.1 for line in str(text).split("\n")), default=0)


def _width(texts, lo: float, hi: float) -> float:
    """A column's width: its widest text plus padding, kept within lo..hi
    (a longer text wraps)."""
    return min(hi, max(lo, max((_units(t) for t in texts), default=0) + 2))


def _lines(text, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` units wide."""
    room = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(display_width(line) * 1.1 / room)) for line in str(text).split("\n"))


def _px(width: float) -> int:
    """Pixels of a column ``width`` units wide (Excel's default font: 7 px a unit, 5 px padding)."""
    return int(width * 7 + 5)


def _page_setup(ws, width_px: int) -> tuple[bool, int]:
    """A4, margins, the page number in the footer; landscape where the
    columns are wider than a portrait page; fit to the page's width, any
    number of pages tall.  Returns (landscape, the scale that fit gives in
    Excel, in %)."""
    ws.set_paper(9)
    ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_TOP)
    ws.set_footer(FOOTER, {"margin": MARGIN_FOOT})
    ws.center_horizontally()
    portrait = (A4[0] / 72 - 2 * MARGIN_SIDE) * 96
    landscape = width_px > portrait
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    room = ((A4[1] if landscape else A4[0]) / 72 - 2 * MARGIN_SIDE) * 96
    scale = min(100, int(room * 100 / max(width_px, 1)))
    ws.fit_to_pages(1, 0)
    return landscape, scale


class _Pages:
    """Where a sheet's rows fall on printed pages: heights are added row by
    row; a page break goes before the row that would overflow a page."""

    def __init__(self, landscape: bool, scale: int):
        height = (A4[0] if landscape else A4[1]) - 2 * MARGIN_TOP * 72
        self.height = height * FILL * 100 / scale  #: a page, in the sheet's points
        self.used = 0.0
        self.breaks: list[int] = []
        self.chart_end = 0  #: the first row after the last chart placed

    def fits(self, pt: float) -> bool:
        return self.used + pt <= self.height

    def new_page(self, row: int) -> None:
        if row and (not self.breaks or self.breaks[-1] != row):
            self.breaks.append(row)
        self.used = 0.0


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


class _Styles:
    """The workbook's cell formats by name; a number format added on demand
    (one format per distinct number of places)."""

    BASE = {
        "title": {"font_name": HEAD_FONT, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter",
                  "text_wrap": True},
        "text": {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True},
        "head": {"font_name": HEAD_FONT, "font_size": 11, "border": 1, "align": "center", "valign": "vcenter",
                 "bg_color": "#EEEEEE", "text_wrap": True},
        "cell": {"font_name": FONT, "font_size": 11, "border": 1, "valign": "vcenter", "text_wrap": True},
        "centre": {"font_name": FONT, "font_size": 11, "border": 1, "align": "center", "valign": "vcenter"},
        "points": {"font_name": FONT, "font_size": 11, "border": 1, "valign": "vcenter"},
        "percent": {"font_name": FONT, "font_size": 11, "border": 1, "valign": "vcenter", "num_format": PERCENT},
        "behind": {"font_name": FONT, "font_size": 11, "border": 1, "valign": "vcenter", "text_wrap": True,
                   "font_color": "#B00000"},
        "date": {"font_name": FONT, "font_size": 11, "border": 1, "valign": "vcenter", "num_format": DATE},
        "sub": {"font_name": HEAD_FONT, "font_size": 12, "valign": "vcenter"},
    }

    def __init__(self, wb):
        self.wb = wb
        self.cache: dict[tuple[str, str | None], object] = {}

    def __getitem__(self, name: str):
        return self.get(name)

    def get(self, name: str, num_format: str | None = None):
        key = (name, num_format)
        if key not in self.cache:
            props = dict(self.BASE[name])
            if num_format is not None:
                props["num_format"] = num_format
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]

    def points(self, d: Decimal):
        return self.get("points", points_format(d))


def report_xlsx(b: Bulletin, warnings: list[Diagnostic] | None = None) -> bytes:
    """The workbook's bytes; what had to be cut is added to ``warnings``."""
    w = _Writer([] if warnings is None else warnings)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False, **BOOK_FONT,
                                   # a copy: xlsxwriter adds to the dict it is given
                                   "default_format_properties": dict(BOOK_FONT["default_format_properties"])})
    wb.set_properties({"title": _utf16_cut(b.title, 255), "author": "xinxi", "created": FIXED_TIME})
    fmt = _Styles(wb)
    used: set[str] = set()
    _report_sheet(wb, w, fmt, b, _sheet_name(b.p["summary"], used))
    _unmatched_sheet(wb, w, fmt, b, _sheet_name(b.p["unmatched"], used))
    for d in b.details:
        _detail_sheet(wb, w, fmt, b, d, _sheet_name(d.unit.name, used))
    w.finish()
    wb.close()
    return buf.getvalue()


def _cells(u: UnitRow) -> dict:
    """A unit's values by column key."""
    return {"rank": u.rank, "unit": u.name, "period_pts": u.period_points, "to_date": u.to_date, "target": u.target,
            "completion": u.completion, "mark": u.mark, "counted_into": u.counted_into or ""}


def _shown(value) -> str:
    """A value as its cell shows it, to measure it."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return dec(value)
    return str(value)


def _report_sheet(wb, w: _Writer, fmt: _Styles, b: Bulletin, name: str) -> None:
    """Title, period line, legend; per group its table and, below it, its
    chart; then the units without a target.  One table layout for all (the
    others' 计入 spans the last three columns)."""
    p = b.p
    ws = wb.add_worksheet(name)
    every = [u for g in b.groups for u in g.rows] + list(b.others)
    heads = {key: p[key] for key in _COLUMNS} | {"counted_into": p["counted_into"]}
    targets = [g.target_head for g in b.groups if g.target_head]
    widths = [
        _width([heads["rank"]] + [_shown(u.rank) for u in every], 5, 8),
        _width([heads["unit"], p["unit"]] + [u.name for u in every], 10, 28),
        *(_width([heads[k]] + [_shown(_cells(u)[k]) for u in every], 8, 12) for k in ("period_pts", "to_date")),
        _width([heads["target"], *targets] + [_shown(u.target) for u in every], 8, 12),
        _width([heads["completion"], "100.00%"], 8, 12),
        _width([heads["mark"]] + [u.mark for u in every], 10, 26),
    ]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    last = len(widths) - 1
    table_px = sum(_px(x) for x in widths)
    landscape, scale = _page_setup(ws, table_px)
    pages = _Pages(landscape, scale)
    row_px = table_px * 0.75  # the table's width in points
    r = 0

    def banner(text: str, style: str, size: float, line_pt: float, pad: float) -> None:
        nonlocal r
        lines = sum(max(1, math.ceil(display_width(t) * size / 2 / (row_px - 12))) for t in text.split("\n"))
        height = lines * line_pt + pad
        ws.set_row(r, height)
        ws.merge_range(r, 0, r, last, "", fmt[style])
        w.text(ws, r, 0, text, fmt[style])  # as text, never a formula
        pages.used += height
        r += 1

    title = b.title
    one_line = display_width(title) * 8 <= row_px - 12
    if not one_line and all(b.title_lines):
        title = "\n".join(b.title_lines)
    banner(title, "title", 16, 22, 8)
    banner(b.span_line(), "text", 11, 15, 4)
    banner(p["legend"], "text", 11, 15, 4)
    ws.set_row(r, 8)
    pages.used += 8
    r += 1

    def table(group_name: str, rows, cols: tuple[str, ...], head: dict, chart: bool) -> None:
        nonlocal r
        # a header too wide for its column breaks before its bracket: 目标 / （采用数）
        head = {k: v.replace("（", "\n（", 1) if _units(v) + 2 > widths[_COLUMNS.index(k) if k in _COLUMNS else 4]
                and not v.startswith("（") else v for k, v in head.items()}
        head_pt = ROW_PT + (max(_lines(head[k], widths[_COLUMNS.index(k) if k in _COLUMNS else 4]) for k in cols) - 1) * LINE_PT
        heights = [_row_height(u, cols, widths) for u in rows]
        # the group's name, its header and its first rows on one page
        if not pages.fits(22 + head_pt + sum(heights[:3])):
            pages.new_page(r)
        ws.set_row(r, 22)
        w.text(ws, r, 0, group_name, fmt["sub"])
        pages.used += 22
        r += 1
        _header(ws, w, fmt, r, cols, head, head_pt)
        pages.used += head_pt
        r += 1
        spans: list[list[int]] = []  # the rows of the table, as runs between repeated headers
        for u, height in zip(rows, heights):
            if not pages.fits(height):
                pages.new_page(r)
                _header(ws, w, fmt, r, cols, head, head_pt)  # the header again on the new page
                pages.used += head_pt
                r += 1
                spans.append([])
            if not spans:
                spans.append([])
            spans[-1].append(r)
            _unit_row(ws, w, fmt, r, u, cols, height)
            pages.used += height
            r += 1
        bars = [u for u in rows if u.completion is not None]
        if chart and bars:
            _group_chart(wb, ws, b, group_name, rows, spans, r, table_px, pages)
            r = pages.chart_end
        ws.set_row(r, 10)
        pages.used += 10
        r += 1

    for g in b.groups:
        head = dict(heads)
        if g.target_head:
            head["target"] = g.target_head
        table(g.name, g.rows, _COLUMNS, head, True)
    if b.others:
        table(p["others"], b.others, ("rank", "unit", "period_pts", "to_date", "counted_into"), heads, False)
    if pages.breaks:
        ws.set_h_pagebreaks(pages.breaks)
    ws.print_area(0, 0, max(r - 1, 0), last)


def _row_height(u: UnitRow, cols: tuple[str, ...], widths: list[float]) -> float:
    values = _cells(u)
    lines = max(_lines(values["unit"], widths[1]), _lines(values["mark"], widths[6]) if "mark" in cols else 1,
                _lines(values["counted_into"], sum(widths[4:])) if "counted_into" in cols else 1)
    return ROW_PT + (lines - 1) * LINE_PT


def _header(ws, w: _Writer, fmt: _Styles, r: int, cols: tuple[str, ...], head: dict, height: float) -> None:
    ws.set_row(r, height)
    for c, key in enumerate(cols):
        if key == "counted_into":  # the last column: across what is left of the table
            ws.merge_range(r, c, r, len(_COLUMNS) - 1, "", fmt["head"])
        w.text(ws, r, c, head[key] if key != "rank" or "counted_into" not in cols else "", fmt["head"])


def _unit_row(ws, w: _Writer, fmt: _Styles, r: int, u: UnitRow, cols: tuple[str, ...], height: float) -> None:
    ws.set_row(r, height)
    values = _cells(u)
    for c, key in enumerate(cols):
        value = values[key]
        if key == "counted_into":
            ws.merge_range(r, c, r, len(_COLUMNS) - 1, "", fmt["cell"])
            w.text(ws, r, c, value, fmt["cell"])
        elif value is None or value == "" and key == "rank":
            ws.write_blank(r, c, None, fmt["centre" if key == "rank" else "points"])
        elif key == "rank":
            ws.write_number(r, c, value, fmt["centre"])
        elif key == "completion":
            ws.write_number(r, c, float(value), fmt["percent"])
        elif isinstance(value, Decimal):
            ws.write_number(r, c, float(value), fmt.points(value))
        else:
            w.text(ws, r, c, value, fmt["behind" if key == "mark" and u.behind else "cell"])


def _group_chart(wb, ws, b: Bulletin, title: str, rows, spans: list[list[int]], r: int, width_px: int,
                 pages: _Pages) -> None:
    """A horizontal bar chart of the group's completion, below its table and
    as wide: one bar per unit, red where behind the pace.  It is never cut
    by a page break: if it does not fit what is left of the page, it starts
    the next.  A group with more units than a page holds readably gets a
    chart per page (titled 1/2, 2/2), in the table's order.  Sets
    ``pages.chart_end``, the first row after the last."""
    cells = [row for span in spans for row in span]  # the sheet rows of the units, in order
    per = max(10, int((pages.height - 12 - CHART_TOP) / MIN_BAR))
    parts = math.ceil(len(rows) / per)
    size = math.ceil(len(rows) / parts)
    for k in range(parts):
        caption = f"{title}　{b.p['chart'].format(pace=pct(b.pace))}" + (f"（{k + 1}/{parts}）" if parts > 1 else "")
        r = _chart(wb, ws, b, caption, rows[k * size:(k + 1) * size], cells[k * size:(k + 1) * size], r, width_px, pages)
    pages.chart_end = r


CHART_TOP = 70  #: points of a chart above and below its bars: title, axis
BAR = 13.5  #: points a bar and its gap take, where the page has room
MIN_BAR = 10.5  #: the least: a 7-point name beside each bar, not overlapping the next


def _chart(wb, ws, b: Bulletin, caption: str, rows, cells: list[int], r: int, width_px: int, pages: _Pages) -> int:
    """One bar chart of ``rows`` (at sheet rows ``cells``) from row ``r``
    on, or from the next page; returns the first row after it."""
    sheet = ws.get_name().replace("'", "''")
    runs: list[list[int]] = []  # the cells as contiguous runs (a repeated header splits them)
    for c in cells:
        if runs and runs[-1][-1] == c - 1:
            runs[-1].append(c)
        else:
            runs.append([c])

    def ref(col: str) -> str:
        parts = [f"'{sheet}'!${col}${run[0] + 1}:${col}${run[-1] + 1}" for run in runs]
        return "=" + parts[0] if len(parts) == 1 else "=(" + ",".join(parts) + ")"

    height_pt = min(pages.height - 12, CHART_TOP + BAR * len(rows))
    values = [u.completion for u in rows if u.completion is not None]
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({
        "name": b.p["completion"],
        "categories": ref("B"),
        "values": ref("F"),
        "fill": {"color": "#4472C4"},
        "points": [{"fill": {"color": "#C0504D" if u.behind else "#4472C4"}} for u in rows],
        # a value beside each bar; none beside a bar of 0 (forty 0.00% say nothing)
        "data_labels": {"value": True, "num_format": PERCENT, "font": {"size": 7},
                        "custom": [{"delete": True} if u.completion == 0 else None for u in rows]},
        "gap": 60,
    })
    chart.set_title({"name": caption, "name_font": {"size": 11, "name": HEAD_FONT, "bold": False}})
    axis = {"num_format": "0%", "major_gridlines": {"visible": True}, "num_font": {"size": 8}}
    if min(values, default=Decimal(0)) >= 0:
        axis["min"] = 0
    chart.set_x_axis(axis)
    # every unit's name, however many (a reader would skip every other one),
    # left of the plot even where a bar goes below 0
    chart.set_y_axis({"reverse": True, "num_font": {"size": 7, "name": FONT}, "interval_unit": 1, "label_position": "low"})
    chart.set_legend({"none": True})
    height_px = int(height_pt * 4 / 3)
    chart.set_size({"width": width_px, "height": height_px})
    chart.set_chartarea({"border": {"none": True}})
    gap = 6
    if not pages.fits(gap + height_pt):
        pages.new_page(r)
    else:
        ws.set_row(r, gap)
        pages.used += gap
        r += 1
    k = math.ceil(height_px / int(ROW_PT * 4 / 3))  # the rows it covers (Excel's rows are whole pixels)
    for i in range(k):
        ws.set_row(r + i, ROW_PT)
    ws.insert_chart(r, 0, chart, {"object_position": 3})
    pages.used += k * ROW_PT
    return r + k


def _unmatched_sheet(wb, w: _Writer, fmt: _Styles, b: Bulletin, name: str) -> None:
    """The rows not scored: ledger row, unit, reason — in Chinese only (a
    document; the terminal keeps the English)."""
    p = b.p
    ws = wb.add_worksheet(name)
    heads = (p["row"], p["unit"], p["reason"])
    items = list(b.unmatched)
    widths = (_width([heads[0]] + [str(m.row) for m in items], 6, 10),
              _width([heads[1]] + [m.unit for m in items], 8, 24),
              _width([heads[2]] + [m.reason_zh for m in items], 12, 60))
    for c, (head, width) in enumerate(zip(heads, widths)):
        ws.set_column(c, c, width)
        w.text(ws, 0, c, head, fmt["head"])
    ws.set_row(0, ROW_PT)
    _page_setup(ws, sum(_px(x) for x in widths))
    ws.repeat_rows(0)
    for i, m in enumerate(_rows_fit(ws, w, 1, items, name, fmt["cell"]), start=1):
        lines = max(_lines(m.unit, widths[1]), _lines(m.reason_zh, widths[2]))
        ws.set_row(i, ROW_PT + (lines - 1) * LINE_PT)
        if isinstance(m.row, int):
            ws.write_number(i, 0, m.row, fmt["centre"])
        else:
            w.text(ws, i, 0, str(m.row), fmt["centre"])
        w.text(ws, i, 1, m.unit, fmt["cell"])
        w.text(ws, i, 2, m.reason_zh, fmt["cell"])


def _detail_sheet(wb, w: _Writer, fmt: _Styles, b: Bulletin, d, name: str) -> None:
    """A unit's points, line by line, and their total; the unit's line and
    the header repeat on every printed page."""
    p = b.p
    ws = wb.add_worksheet(name)
    keys = ("row", "date", "clause", "rule", "points", "in_period", "title_col")
    lines = list(d.lines)
    widths = (_width([p["row"]] + [str(ln.row) for ln in lines], 6, 10),
              _width([p["date"], "2012年12月31日"], 10, 16),
              _width([p["clause"]] + [ln.clause for ln in lines], 6, 16),
              _width([p["rule"], p["total"]] + [ln.rule for ln in lines], 8, 30),
              _width([p["points"]] + [dec(ln.points) for ln in lines], 6, 10),
              _width([p["in_period"]], 5, 8),
              _width([p["title_col"]] + [ln.title for ln in lines], 12, 44))
    head = p["unit_head"].format(name=d.unit.name, p=dec(d.unit.period_points), t=dec(d.unit.to_date))
    ws.set_row(0, 22)
    ws.merge_range(0, 0, 0, len(keys) - 1, "", fmt["sub"])
    w.text(ws, 0, 0, head, fmt["sub"])
    ws.set_row(1, ROW_PT)
    for c, (key, width) in enumerate(zip(keys, widths)):
        ws.set_column(c, c, width)
        w.text(ws, 1, c, p[key], fmt["head"])
    _page_setup(ws, sum(_px(x) for x in widths))
    ws.repeat_rows(0, 1)
    kept = _rows_fit(ws, w, 2, lines, name, fmt["cell"], reserve=1)  # the last row: the total
    for i, ln in enumerate(kept, start=2):
        n = max(_lines(ln.clause, widths[2]), _lines(ln.rule, widths[3]), _lines(ln.title, widths[6]))
        ws.set_row(i, ROW_PT + (n - 1) * LINE_PT)
        if isinstance(ln.row, int):
            ws.write_number(i, 0, ln.row, fmt["centre"])
        else:  # — for a unit's own line (an allowance, a period clause)
            w.text(ws, i, 0, str(ln.row), fmt["centre"])
        ws.write_datetime(i, 1, datetime(ln.date.year, ln.date.month, ln.date.day), fmt["date"])
        w.text(ws, i, 2, ln.clause, fmt["cell"])
        w.text(ws, i, 3, ln.rule, fmt["cell"])
        ws.write_number(i, 4, float(ln.points), fmt.points(ln.points))
        w.text(ws, i, 5, p["yes"] if ln.in_period else "", fmt["centre"])
        w.text(ws, i, 6, ln.title, fmt["cell"])
    total_row = len(kept) + 2 + (len(kept) < len(lines))
    total = sum((ln.points for ln in lines), Decimal(0))
    ws.set_row(total_row, ROW_PT)
    w.text(ws, total_row, 3, p["total"], fmt["head"])
    ws.write_number(total_row, 4, float(total), fmt.points(total))
