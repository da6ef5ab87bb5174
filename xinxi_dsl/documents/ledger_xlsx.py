"""The clerk's own ledger back as an .xlsx, and a ledger template.

:func:`scored_ledger` — every sheet read, every row and every column as the
clerk wrote them, in their order; after the last column, what xinxi made of
each row: its points (得分), the notice's clause labels that gave them
(计分条款), why a row was not scored (未计分原因) and anything else to look
at (计分说明: points counted into the parent unit, a value the regulation
does not know, …).  The header row is frozen.

:func:`template` — an empty ledger for a regulation: the columns it reads
(LEDGER.md), drop-down lists (data validation) of the values it names per
column — units, publications, columns, events … — and a sheet of
instructions in Chinese.

Text is never a formula: every text cell is written as a string
(``strings_to_formulas`` off), so ``=cmd|…`` stays the text it was.  A text
longer than Excel's 32,767 characters (a CSV cell may be), or a CSV longer
than Excel's 1,048,576 rows, is cut visibly, as in the report: the cell ends
in a marker, the rows left out are counted in the last row, and a warning
says so.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import xlsxwriter

from ..compiler import ir
from ..engine.evaluate import Evaluator, Result, read_keys
from ..engine.ledger import Ledger, read_table
from ..engine.lines import dec
from ..foundation.diagnostics import Diagnostic, Span, display_width
from ..foundation.text import fold, to_script
from .xlsx_writer import CUT, MAX_CELL, MAX_ROWS, _sheet_name, _utf16_cut

#: the columns added after the clerk's own
ADDED = ("得分", "计分条款", "未计分原因", "计分说明")

_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True}


#: rows measured for the column widths
_SAMPLE = 2000
#: the width of an added text column: longer text wraps
_WRAP = 36


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return display_width(text)


def _chinese(message: str) -> str:
    """A diagnostic's message without its English key: ``…未计分 (column not read)`` → ``…未计分``."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", message)


def _key(row) -> tuple:
    """(sheet or None, row number) — a row of one of several sheets names its sheet."""
    return getattr(row, "sheet", None), int(row)


class _Rows:
    """What the result says about each ledger row."""

    def __init__(self, result: Result):
        names = {u.key: u.name for u in result.units}
        self.points: dict[tuple, Decimal] = {}
        self.clauses: dict[tuple, list[str]] = {}
        self.reasons: dict[tuple, list[str]] = {}
        self.notes: dict[tuple, list[str]] = {}
        for u in result.units:
            for ln in u.lines:
                if not ln.row:
                    continue  # a unit's own line (an allowance): no ledger row
                k = _key(ln.row)
                if ln.kind == "transfer":
                    self._note(k, f"计入{names.get(ln.unit, ln.unit)}{dec(ln.points)}分")
                    continue
                self.points[k] = self.points.get(k, Decimal(0)) + ln.points
                label = ln.label or ln.rule_id or "计分条款"
                self.clauses.setdefault(k, []).append(f"{label}：{_signed(ln.points)}分" if ln.kind != "counted" else label)
                if ln.note:
                    self._note(k, ln.note)
        for m in result.unmatched:
            self.reasons.setdefault(_key(m.row), []).append(m.reason_zh)
        for d in result.problems:
            if d.span is not None and d.span.line and d.span.line > 0:
                k, text = _key(d.span.line), _chinese(d.message)
                if not any(why in text for why in self.reasons.get(k, ())):  # said already, as the reason
                    self._note(k, text)

    def _note(self, k: tuple, text: str) -> None:
        got = self.notes.setdefault(k, [])
        if text not in got:
            got.append(text)

    def cells(self, k: tuple) -> list:
        """得分, 计分条款, 未计分原因, 计分说明 for one row."""
        scored = k in self.points
        return [self.points[k] if scored else None, "；".join(self.clauses.get(k, ())),
                "；".join(self.reasons.get(k, ())), "；".join(self.notes.get(k, ()))]


def _signed(d: Decimal) -> str:
    return dec(d) if d < 0 else f"+{dec(d)}"


def _fits(text: str) -> str:
    """``text``, cut visibly at Excel's 32,767 UTF-16 code units."""
    if len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF) > MAX_CELL:
        return _utf16_cut(text, MAX_CELL - len(CUT)) + CUT
    return text


def scored_ledger(result: Result, ledger: Ledger, sheet: str | None = None,
                  warnings: list[Diagnostic] | None = None) -> bytes:
    """The ledger (the file ``result`` scored, read again as it was read:
    ``sheet`` as given to ``score``) with each row's points, clauses and
    reasons after its own columns.  What had to be cut at Excel's limits is
    added to ``warnings``."""
    from pathlib import Path

    rows, _ = read_table(Path(ledger.file), sheet, ledgers=True)
    sheets = getattr(rows, "sheets", None)
    if sheets is not None and len(sheets) > 1:
        parts = [(s.name, s.rows, s.header_row) for s in sheets]
    elif sheets is not None:
        parts = [(sheets[0].name, sheets[0].rows, ledger.header_row - 1)]
    else:
        parts = [("台账", rows, ledger.header_row - 1)]
    several = sheets is not None and len(sheets) > 1
    info = _Rows(result)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {**_OPTIONS, "in_memory": False, "constant_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"})
    added_head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    moment = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    clock = wb.add_format({"num_format": "hh:mm"})
    pts = wb.add_format({"bg_color": "#F7FBFF"})  # General: 10, 2.5, 0.3 as the notice writes them
    added = wb.add_format({"text_wrap": True, "valign": "top", "bg_color": "#F7FBFF"})
    cut_cells, first_cut = 0, ""
    used: set[str] = set()
    for name, data, h in parts:
        valid = _sheet_name(name, used)  # a name Excel refuses ([bold]) made valid
        ws = wb.add_worksheet(valid)
        if valid != name and warnings is not None and sheets is not None:
            warnings.append(Diagnostic(
                "xlsx-sheet-renamed", f"工作表名“{name}”Excel不接受，写作“{valid}” (sheet renamed for Excel)",
                Span(ledger.file, 0, 0), severity="note"))
        if len(data) > MAX_ROWS:  # only a CSV can be longer than a sheet
            left = len(data) - (MAX_ROWS - 1)
            data = [*data[:MAX_ROWS - 1], [f"……另有{left}行超出Excel行数上限，未写入 (rows beyond Excel's limit left out)"]]
            if warnings is not None:
                warnings.append(Diagnostic(
                    "xlsx-rows-cut", f"工作表“{name}”超过Excel上限1048576行，{left}行未写入 (sheet cut at Excel's row limit)",
                    Span(ledger.file, 0, 0), severity="warning"))
        width = max((len(r) for r in data), default=0)
        widths = [4] * width
        fills = [4] * len(ADDED)
        names = [str(v) for v in (data[h] if h < len(data) else [])]
        heads = [n if n not in names else f"{n}（计分）" for n in ADDED]
        sample = h + _SAMPLE  # column widths from the first rows: measuring a million cells is slow
        # one pass, row by row (constant memory: each row is written out once complete)
        for r, row in enumerate(data):
            fmt = head if r == h else None
            got = info.cells((name if several else None, r + 1)) if r > h and any(v not in (None, "") for v in row) else None
            if got is not None:  # a long reason wraps: the row grows to show it (set before the row's cells)
                lines = max((-(-_width(t) // _WRAP) for t in got[1:] if t), default=1)
                if lines > 1:
                    ws.set_row(r, 15 * lines)
            for c, v in enumerate(row):
                if type(v) is str:  # most cells: the fast way
                    if v:
                        if len(v) > MAX_CELL // 2 and _fits(v) != v:
                            v, cut_cells = _fits(v), cut_cells + 1
                            if not first_cut:
                                where = f"“{names[c]}”" if c < len(names) and names[c] else f"第{c + 1}列"
                                first_cut = f"{'工作表“' + name + '”' if several else ''}第{r + 1}行{where}"
                        ws.write_string(r, c, v, fmt)
                        if h <= r < sample:
                            widths[c] = max(widths[c], min(_width(v), 40))
                    continue
                shown = _write(ws, r, c, v, fmt, day, moment, clock)
                if shown and h <= r < sample:
                    widths[c] = max(widths[c], min(_width(shown), 40))
            if r == h:
                for j, text in enumerate(heads):
                    ws.write_string(h, width + j, text, added_head)
            if got is None:
                continue
            if got[0] is not None:
                ws.write_number(r, width, float(got[0]), pts)  # points are short decimals: exact as a double
            for j, text in enumerate(got[1:], start=1):
                if text:
                    if len(text) > MAX_CELL // 2 and _fits(text) != text:
                        text, cut_cells = _fits(text), cut_cells + 1
                        first_cut = first_cut or f"{'工作表“' + name + '”' if several else ''}第{r + 1}行“{heads[j]}”"
                    ws.write_string(r, width + j, text, added)
                    if r < sample:
                        fills[j] = max(fills[j], min(_width(text), _WRAP))
        for c, w in enumerate(widths):
            ws.set_column(c, c, w + 2)
        for j, w in enumerate(fills):
            ws.set_column(width + j, width + j, max(w, _width(heads[j])) + 2)
        ws.freeze_panes(h + 1, 0)
        _print_setup(ws, h)
        if width + len(ADDED) > 0 and len(data) > h:
            ws.autofilter(h, 0, max(len(data) - 1, h), width + len(ADDED) - 1)
    if cut_cells and warnings is not None:
        warnings.append(Diagnostic(
            "xlsx-cell-cut", f"{cut_cells}个单元格的文字超过Excel上限32767个字符（{first_cut}起），已截断并注明“{CUT}” (cell text cut at Excel's limit)",
            Span(ledger.file, 0, 0), severity="warning"))
    wb.close()
    return buf.getvalue()


def _print_setup(ws, header: int | None, landscape: bool = True) -> None:
    """A4, as wide as one page, the header row repeated on every page, page numbers."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if header is not None:
        ws.repeat_rows(header)
    ws.set_footer("&C第 &P 页，共 &N 页")


def _write(ws, r: int, c: int, v, fmt, day, moment, clock) -> str:
    """One original cell, as the type it had; returns the text it shows."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        ws.write_boolean(r, c, v, fmt)
        return "TRUE"
    if isinstance(v, (int, float)):
        if v != v or v in (float("inf"), float("-inf")):  # NaN, ∞: no Excel number; kept as the text it read as
            ws.write_string(r, c, str(v), fmt)
        else:
            ws.write_number(r, c, v, fmt)
        return str(v)
    if isinstance(v, datetime):
        ws.write_datetime(r, c, v, fmt or moment)
        return v.isoformat(" ")
    if isinstance(v, date):
        ws.write_datetime(r, c, datetime(v.year, v.month, v.day), fmt or day)
        return v.isoformat()
    if isinstance(v, time):
        ws.write_datetime(r, c, v, fmt or clock)
        return v.isoformat()
    if isinstance(v, timedelta):
        ws.write_number(r, c, v.total_seconds() / 86400, fmt or clock)
        return str(v)
    text = str(v)
    ws.write_string(r, c, text, fmt)
    return text


# ---- the template -------------------------------------------------------------------------

#: the attribute columns in the order LEDGER.md lists them; others follow, sorted
_ORDER = ("刊物", "栏目", "形式", "类别", "级别", "批示", "上级采用", "配图", "角色")

#: what each core column and the usual attributes hold (LEDGER.md)
_MEANING = {
    "编号": "信息的编号。几个单位联合报送的同一条信息，各单位一行，填同一编号；不填时以行号代替。",
    "日期": "必填。事项发生的日期，如2012-03-05、2012/3/5或2012年3月5日。",
    "单位": "必填。本行所属的单位，按通知中的名称填写（可从下拉列表中选择）。",
    "事项": "采用（不填即为采用）、报送，或规程规定的扣分事项。",
    "所属单位": "直报点或二级机构填其所属单位；其他行不填。",
    "标题": "信息标题，计分说明中显示。",
    "刊物": "采用的刊物名称，不加书名号。",
    "栏目": "刊物中的栏目。",
    "形式": "条目、专期、专刊等。",
    "类别": "信息的类别。",
    "级别": "刊发刊物的政府级别。",
    "批示": "获得批示的领导级别；有几个时用“、”分隔。",
    "上级采用": "同时采用该信息的上级机关；有几个时用“、”分隔。",
    "配图": "是否配图：是或否。",
    "角色": "联合报送的信息中本单位的角色：主办或参与。",
}


def template_columns(reg: ir.Regulation) -> list[str]:
    """The ledger's columns for ``reg``: 编号 日期 单位 事项 (所属单位) 标题,
    then every attribute a clause reads, in LEDGER.md's order."""
    keys = read_keys(reg)
    core = ["编号", "日期", "单位", "事项"]
    if reg.transfers:  # 直报点 / 二级机构 counted into their unit
        core.append("所属单位")
    core.append("标题")
    rest = [k for k in keys if k not in ir.CORE_COLUMNS]
    rest.sort(key=lambda k: (_ORDER.index(k) if k in _ORDER else len(_ORDER), k))
    return core + rest


def template_values(reg: ir.Regulation) -> dict[str, list[str]]:
    """Per column, the values the regulation names, as the notice writes
    them (one per folded value, in the order first met)."""
    ev = Evaluator(reg)
    out: dict[str, dict[str, str]] = {}

    def add(key: str, values) -> None:
        got = out.setdefault(key, {})
        for v in values:
            if v and fold(v) not in got:
                got[fold(v)] = v

    add("单位", [u.name for _, u in reg.units()])
    if reg.transfers:
        add("所属单位", [u.name for _, u in reg.units()])
    add("事项", ["採用", "報送"] if reg.script == "t" else [ir.EVENT_ADOPTED, ir.EVENT_SUBMITTED])  # in the notice's script
    for r in reg.rules:
        for c in r.conditions:
            add(c.key, c.values)
    for cr in reg.counts:
        for c in cr.conditions:
            add(c.key, c.values)
    for pr in reg.period_rules:
        for c in pr.quantity.conditions:
            add(c.key, c.values)
    for a in reg.attributes:
        add(a.key, a.values)
    # a value the evaluator knows but no clause spells (none today): keep it, folded
    for k, vals in ev.known.items():
        add(k, sorted(vals))
    return {k: list(v.values()) for k, v in out.items() if v}


#: rows of the template's ledger sheet that carry the drop-down lists
TEMPLATE_ROWS = 2000


def template(reg: ir.Regulation) -> bytes:
    """An empty ledger for ``reg``: sheet 台账 with the header frozen and a
    drop-down list per column that the regulation names values for (from a
    hidden sheet 选项), and sheet 填写说明."""
    cols = template_columns(reg)
    values = template_values(reg)
    # a document in one script: the regulation's (sheet names, headers and
    # instructions; the reader folds scripts, so a 單位 header reads as 单位)
    def sc(text: str) -> str:
        return to_script(text, reg.script)

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, _OPTIONS)
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    text = wb.add_format({"num_format": "@"})
    ws = wb.add_worksheet(sc("台账"))
    lists = wb.add_worksheet(sc("选项"))
    guide = wb.add_worksheet(sc("填写说明"))
    listed = [c for c in cols if values.get(c)]
    for j, c in enumerate(listed):
        lists.write_string(0, j, sc(c), head)
        for i, v in enumerate(values[c], start=1):
            lists.write_string(i, j, v)
        lists.set_column(j, j, max(_width(v) for v in [c, *values[c]]) + 2)
    lists.hide()
    amounts = {r.column for r in reg.rules if r.column} | ({ir.POINTS_COLUMN} if any(r.low is not None for r in reg.rules) else set())
    for j, c in enumerate(cols):
        ws.write_string(0, j, sc(c), head)
        if c in amounts:  # QH24: 按“市办分值”计分; MZ: 扣50至100分 from 分值
            ws.data_validation(1, j, TEMPLATE_ROWS, j, {
                "validate": "decimal", "criteria": "between", "minimum": -1e9, "maximum": 1e9,
                "input_title": sc(c)[:32], "input_message": sc("填数字：按规程条款以本列的值计分"), "error_title": sc(c)[:32],
                "error_message": sc("请填写数字"), "error_type": "stop"})
        shown = [c, *values.get(c, [])]
        ws.set_column(j, j, min(max(_width(v) for v in shown) + 2, 40) if c != "标题" else 40,
                      day if c == "日期" else text)
        if c == "日期":
            ws.data_validation(1, j, TEMPLATE_ROWS, j, {
                "validate": "date", "criteria": "between", "minimum": date(1900, 1, 1), "maximum": date(2999, 12, 31),
                "input_title": "日期", "input_message": "如2012-03-05", "error_title": "日期",
                "error_message": sc("请填写日期，如2012-03-05"), "error_type": "stop"})
        elif c in listed:
            j2 = listed.index(c)
            letter = xlsxwriter.utility.xl_col_to_name(j2)
            strict = c == "事项"  # 采用, 报送 and the regulation's penalty events: nothing else scores
            ws.data_validation(1, j, TEMPLATE_ROWS, j, {
                "validate": "list", "source": f"='{sc('选项')}'!${letter}$2:${letter}${len(values[c]) + 1}",
                "input_title": sc(c)[:32], "input_message": sc(_hint(c))[:255],
                "error_title": sc(c)[:32], "error_type": "stop" if strict else "warning",
                "error_message": sc(f"“{c}”的值不在本规程列出的值中；确认无误可继续（有几个值时用“、”分隔）")[:255]})
    ws.freeze_panes(1, 0)
    _print_setup(ws, 0)
    _print_setup(guide, None, landscape=False)
    _guide(guide, reg, cols, values, amounts, wb)
    ws.activate()
    wb.close()
    return buf.getvalue()


def _hint(col: str) -> str:
    return _MEANING.get(col, "本规程计分时读取此列。") + " 可从下拉列表中选择。"


def _guide(ws, reg: ir.Regulation, cols: list[str], values: dict[str, list[str]], amounts: set[str], wb) -> None:
    """The instructions sheet: one column of text (so that reading a filled
    template never takes it for a ledger)."""
    title = wb.add_format({"bold": True, "font_size": 14})
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 70)
    lines: list[tuple[str, object]] = [
        (f"{reg.name or reg.code}　台账填写说明", title),
        ("", None),
        ("一、每条信息每个单位填一行，填在“台账”工作表中；第一行是表头，请勿改动。", wrap),
        ("二、“日期”和“单位”必填；其他列不适用的留空。一个格里有几个值时，用“、”分隔（如“市政府领导、省政府领导”）。", wrap),
        ("三、带下拉列表的列，列表中是本规程计分所用的值；填写列表以外的值时会提示，计分时这一行可能不计分，并在计分结果中说明原因。", wrap),
        ("四、繁体、简体均可，名称中的空格和书名号《》不影响计分。", wrap),
        (f"五、填好后计分：xinxi score 规程.xinxi 台账.xlsx；各行得分写回台账：xinxi score 规程.xinxi 台账.xlsx --format xlsx -o 计分结果.xlsx", wrap),
        ("", None),
        ("各列说明", bold),
    ]
    for c in cols:
        vals = values.get(c, [])
        shown = "、".join(vals[:40]) + ("等" if len(vals) > 40 else "")
        meaning = "填数字：按规程条款以本列的值计分。" if c in amounts else _MEANING.get(c, "本规程计分时读取此列。")
        lines.append((f"{c}：{meaning}" + (f"可填：{shown}。" if vals and c not in ("单位", "所属单位") else ""), wrap))
    units = values.get("单位", [])
    if units:
        lines += [("", None), (f"本规程列出的单位（{len(units)}个）", bold), ("、".join(units), wrap)]
    for r, (t, fmt) in enumerate(lines):
        if t:
            t = to_script(t, reg.script)  # the regulation's script throughout
            ws.write_string(r, 0, t, fmt)
            n = -(-_width(t) // 66)  # a long line wraps: the row grows to show it
            if n > 1:
                ws.set_row(r, 16 * n)
