"""Reading a ledger (台账): .csv (UTF-8, UTF-8 with BOM, GB18030) or .xlsx.

The contract is ``shared/spec/LEDGER.md``: columns named in Chinese or by the
English key, in any order; unknown columns are attributes; values compare
across scripts and spaces (folded with opencc).  Problems in the file raise
:class:`XinxiError` located as ``file:row``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from ..compiler import ir
from ..foundation.collector import bulk
from ..foundation.diagnostics import Diagnostic, SheetRow, Span, XinxiError, position_after
from ..foundation.text import fold, split_values


class Record(NamedTuple):
    """One ledger row.  A NamedTuple: a million of them are built per run."""

    row: int  #: the spreadsheet row number (the header is row 1)
    id: str  #: 编号, or the row number when blank
    date: date
    unit: str  #: as written
    event: str  #: folded; 采用 when blank
    parent: str | None  #: as written
    title: str
    #: folded attribute values by canonical key (several per cell allowed)
    attrs: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Ledger:
    file: str
    records: tuple[Record, ...]
    columns: tuple[str, ...]  #: canonical keys, in file order
    #: what is wrong with single rows or cells; the rest of the ledger is read
    problems: tuple[Diagnostic, ...] = ()
    #: rows that could not be read: (row, unit as written, reason, reason_zh)
    rejected: tuple[tuple[int, str, str, str], ...] = ()
    #: the header cells as written (a two-row header: the lower name, else the upper)
    headers: tuple[str, ...] = ()
    #: the spreadsheet row of the header (its last row, for a two-row header)
    header_row: int = 1


_DATE_FORMS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_cell_date(value: object) -> date:
    """A ledger date cell → date.  Raises ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 10000101 <= value <= 99991231 and float(value).is_integer():  # 20120313 typed as a number
            return _text_date(str(int(value)))
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(str(value))
    return _text_date(str(value).strip())


class AmbiguousDate(ValueError):
    """3/5/2012: March 5th or May 3rd?"""


_MDY = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")


@lru_cache(maxsize=8192)  # a ledger repeats the same few hundred dates
def _text_date(text: str) -> date:
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)
    if _MDY.fullmatch(text):
        raise AmbiguousDate(text)
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial date saved as text
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)  # 20120313
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))  # 20121399: ValueError, a bad date
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(text)


def _decode(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (Excel's "Unicode text")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _bad_bytes(data, exc, "utf-16", "UTF-16", file) from None
    if b"\x00" in data[:4096]:
        raise XinxiError(Diagnostic("binary-file", "台账不是文本文件，也不是.xlsx表格（含有NUL字节；UTF-16文本须带BOM） (binary file)", Span(file, 1, 0)))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8:
        if utf8.start >= len(data) - 3 and "end of data" in utf8.reason:  # cut inside its last character
            raise _bad_bytes(data, utf8, "utf-8", "UTF-8", file) from None
        first = utf8
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as gb:
        # the reading that got further is the file's encoding, bad at that place
        raise (_bad_bytes(data, first, "utf-8", "UTF-8（也不能按GB18030）", file) if first.start >= gb.start
               else _bad_bytes(data, gb, "gb18030", "GB18030（也不能按UTF-8）", file)) from None


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, codec: str, name: str, file: str) -> XinxiError:
    """The bad bytes located: line and column (characters) where they start."""
    line, col = position_after(data[:exc.start], codec)
    bad = data[exc.start:exc.start + 4].hex(" ")
    cut = "文件在一个字符中间结束，似乎被截断" if exc.start >= len(data) - 3 else "文件似乎编码有误或已损坏"
    return XinxiError(Diagnostic(
        "bad-encoding", f"第{line}行第{col}列的字节（{bad}）无法按{name}解码：{cut}（支持UTF-8、UTF-16和GB18030/GBK） (undecodable bytes: file cut or mis-encoded)",
        Span(file, line, 0)))


def _delimiter(text: str) -> str:
    """Comma, or tab for a tab-separated ledger (Excel's "text" export):
    whichever the first lines hold more of."""
    head = text[:8192].splitlines()[:5]
    tabs = sum(l.count("\t") for l in head)
    return "\t" if tabs > sum(l.count(",") for l in head) else ","


csv.field_size_limit(1 << 30)  # a long 标题 cell is text, not an attack


def _rows_csv(path: Path) -> list[list[object]]:
    text = _decode(path.read_bytes(), str(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[list[object]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        # an unclosed quote would otherwise swallow every row after it
        start = _quote_start(text, reader.line_num)
        raise XinxiError(Diagnostic(
            "bad-csv", f"第{start}行起CSV格式有误：{_csv_reason(exc)} (malformed CSV: {exc})", Span(str(path), start, 0))) from None
    return rows


def _quote_start(text: str, line_num: int) -> int:
    """The line where the field that never closed opened."""
    lines = text.splitlines()
    for n in range(min(line_num, len(lines)), 0, -1):
        if lines[n - 1].count('"') % 2 == 1:
            return n
    return max(line_num, 1)


def _csv_reason(exc: csv.Error) -> str:
    if "end of data" in str(exc) or "EOF" in str(exc):
        return "引号未闭合"
    return "引号使用不当"


class _XlsxRows(list):
    """The rows of an .xlsx's first sheet read, with every sheet read."""

    sheets: list


def _rows_xlsx(path: Path, sheet: str | None = None, ledgers: bool = False) -> tuple[list[list[object]], list[Diagnostic]]:
    """The rows of the sheets read (see :mod:`.workbook`: the one named;
    else with ``ledgers`` those with a ledger header, or the first visible
    one) and notes on the others."""
    from .workbook import read_sheets

    sheets, notes = read_sheets(path, sheet, ledgers)
    rows = _XlsxRows(sheets[0].rows)
    rows.sheets = sheets
    return rows, notes


def read_ledger(path: str | Path, columns: dict[str, str] | None = None, sheet: str | None = None) -> Ledger:
    """Read a ledger file.  ``columns`` maps a column key to the clerk's own
    header (``{"批示": "领导批示"}``, see :func:`parse_columns`); ``sheet``:
    just that sheet of an .xlsx.  The whole read — the CSV/xlsx rows too, not
    only the records built from them — runs with the cyclic collector paused."""
    with bulk():
        return _read_ledger(Path(path), columns, sheet)


def read_table(path: Path, sheet: str | None = None, ledgers: bool = False) -> tuple[list[list[object]], list[Diagnostic]]:
    """The rows of a .csv or of one sheet of an .xlsx (``sheet``, else the
    first visible one; ``ledgers``: every sheet with a ledger header, the
    rows of the first returned, all of them in ``rows.sheets``), and notes
    about what was skipped.  Raises XinxiError for a file it cannot read."""
    file = str(path)
    if not path.exists():
        raise XinxiError(Diagnostic("missing-file", "找不到文件 (file not found)", Span(file, 0, 0)))
    if path.is_dir():
        raise XinxiError(Diagnostic("not-a-file", "这是目录，不是台账文件 (not a file)", Span(file, 0, 0)))
    suffix = path.suffix.lower()
    notes: list[Diagnostic] = []
    if suffix == ".xlsx":
        rows, notes = _rows_xlsx(path, sheet, ledgers)
    elif suffix in (".csv", ".txt", ""):
        rows = _rows_csv(path)
    elif suffix in (".xls", ".et"):
        raise XinxiError(Diagnostic("old-spreadsheet", f"不支持{suffix}格式，请另存为.xlsx或.csv (save as .xlsx)", Span(file, 1, 0)))
    else:
        data = path.read_bytes()[:4096]
        if data.startswith(b"PK"):
            rows, notes = _rows_xlsx(path, sheet, ledgers)
        else:
            raise XinxiError(Diagnostic("unknown-file-type", f"无法识别的台账文件类型“{suffix}”（支持.csv和.xlsx） (unknown file type)", Span(file, 1, 0)))
    if sheet is not None and not isinstance(rows, _XlsxRows):
        raise XinxiError(Diagnostic("sheet-not-xlsx", f"--sheet只用于.xlsx表格，“{path.name}”不是 (--sheet needs an .xlsx)", Span(file, 0, 0)))
    return rows, notes


def _read_ledger(path: Path, columns: dict[str, str] | None = None, sheet: str | None = None) -> Ledger:
    file = str(path)
    rows, notes = read_table(path, sheet, ledgers=True)
    if isinstance(rows, _XlsxRows):  # an .xlsx: every ledger sheet, each row traceable to its sheet
        from .workbook import ledger_from_sheets

        seen = Seen()  # one workbook: a row copied onto two sheets is still one row
        ledger = ledger_from_sheets(rows.sheets, file, lambda r, f, row_of: records_from_rows(r, f, columns, seen, row_of))
    else:
        ledger = records_from_rows(rows, file, columns)
    if notes:
        from dataclasses import replace

        ledger = replace(ledger, problems=(*notes, *ledger.problems))
    return ledger


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


#: zero-width and format characters that make two equal-looking names differ
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

#: clerks' own headers (folded) → the column they most likely mean: a
#: suggestion only, never read that way without ``--columns``
COLUMN_SYNONYMS = {
    "刊物名称": "刊物", "刊名": "刊物", "采用刊物": "刊物", "栏目名称": "栏目", "采用栏目": "栏目",
    "时间": "日期", "报送时间": "日期", "采用时间": "日期", "报送日期": "日期", "采用日期": "日期", "刊发时间": "日期",
    "刊发日期": "日期", "报送单位": "单位", "单位名称": "单位", "信息报送单位": "单位", "领导批示": "批示",
    "批示情况": "批示", "批示领导": "批示", "信息标题": "标题", "题目": "标题", "信息题目": "标题",
    "信息类别": "类别", "类型": "类别", "上级单位": "所属单位", "主管单位": "所属单位",
}

#: bookkeeping columns that never hold a scored fact: not read, and said so in a note
BOOKKEEPING_COLUMNS = frozenset({"序号", "备注"})


def nearest_column(name: str, candidates) -> str | None:
    """The known column a header most likely means: 领导批示 → 批示,
    报送时间 → 日期, 栏木 → 栏目."""
    import difflib

    f = fold(name)
    cands = sorted(set(candidates))
    syn = COLUMN_SYNONYMS.get(f)
    if syn in cands:
        return syn
    inside = [c for c in cands if c in f and c != f]
    if inside:
        return max(inside, key=len)
    close = difflib.get_close_matches(f, cands, n=1, cutoff=0.5)
    return close[0] if close else None


def parse_columns(specs: Iterable[str], known: Iterable[str] = ()) -> dict[str, str]:
    """``--columns 批示=领导批示,刊物=刊物名称`` (repeatable) → {column key:
    header as written}.  The key is a column of LEDGER.md (Chinese or
    English) or one of ``known`` (the regulation's attributes)."""
    allowed = {*ir.CORE_COLUMNS, *ir.ATTRIBUTE_COLUMNS, *(fold(k) for k in known)}
    out: dict[str, str] = {}
    for spec in specs:
        for part in re.split(r"[,，;；]", spec):
            if not part.strip():
                continue
            key, eq, header = (x.strip() for x in part.replace("＝", "=").partition("="))
            if not eq or not key or not header:
                raise XinxiError(Diagnostic("bad-columns", f"--columns 的“{part.strip()}”应写作 列名=表头，如 批示=领导批示 (expected KEY=HEADER)", None))
            k = ir.canonical_key(key)
            if k not in allowed:
                close = nearest_column(key, allowed)
                hint = f"；是否为“{close}”？" if close else ""
                raise XinxiError(Diagnostic("bad-columns", f"--columns 的“{key}”不是台账的列（应为{'、'.join(ir.CORE_COLUMNS)}或规程的属性）{hint} (unknown column key)", None))
            if k in out:
                raise XinxiError(Diagnostic("bad-columns", f"--columns 中“{k}”给了两次（“{out[k]}”和“{header}”） (column key given twice)", None))
            out[k] = header
    return out


class Seen:
    """The rows and 编号 read so far, shared by the sheets of one workbook,
    so that the duplicate-row and duplicate-id rules hold across sheets.
    Rows are compared by column name there (the sheets' columns may differ
    in order), and remembered as the workbook's row (a :class:`SheetRow`)."""

    __slots__ = ("rows", "ids")

    def __init__(self) -> None:
        self.rows: dict = {}
        self.ids: dict = {}


def records_from_rows(rows: Iterable[list[object]], file: str, columns: dict[str, str] | None = None,
                      seen: Seen | None = None, row_of: Callable[[int], int] | None = None) -> Ledger:
    """``seen``: rows already read on other sheets of the workbook; ``row_of``:
    this sheet's row number → the workbook's row (``SheetRow``)."""
    with bulk():
        return _records_from_rows(list(rows), file, columns or {}, seen, row_of)


def _row_text(r: int) -> str:
    """第5行, or 二月!5行 for a row of a workbook's sheet."""
    return f"{r.label()}行" if isinstance(r, SheetRow) else f"第{r}行"


#: the header is looked for among this many rows (a title row or two above it)
_HEADER_SEARCH = 10


def _header_keys(row: list[object], mapped: dict[str, str]) -> list[str]:
    out = []
    for c in row:
        t = _INVISIBLE.sub("", _cell(c))
        out.append(mapped.get(fold(t)) or (ir.canonical_key(t) if t else ""))
    return out


def _is_subheader(row: list[object], header: list[str], mapped: dict[str, str]) -> bool:
    """The lower row of a two-row header: blank under 日期 and 单位, and
    every other cell a column name."""
    keys = _header_keys(row, mapped)
    for need in ("日期", "单位"):
        i = header.index(need)
        if i < len(keys) and keys[i]:
            return False
    known = {*ir.CORE_COLUMNS, *ir.ATTRIBUTE_COLUMNS, *mapped.values()}
    named = [k for k in keys if k]
    return bool(named) and all(k in known or k in COLUMN_SYNONYMS for k in named)


def _find_header(rows: list[list[object]], file: str, columns: dict[str, str]):
    """(index of the header's last row, header cells as written, canonical
    keys, notes).  The header is the first row naming 日期 and 单位; a
    title row above it is noted, a two-row header (merged group cells over
    sub-headers) is read as one, anything else above it is refused."""
    mapped = {fold(h): k for k, h in columns.items()}
    filled = [sum(1 for c in r if _cell(c)) for r in rows[:_HEADER_SEARCH]]
    if not any(filled):
        raise XinxiError(Diagnostic("empty-ledger", "台账是空的：第一行应为表头 (empty ledger)", Span(file, 1, 0)))
    at = next((k for k in range(len(filled)) if {"日期", "单位"} <= set(_header_keys(rows[k], mapped))), None)
    if at is None:  # no header found: judge the first non-blank row as the header
        at = next(k for k, n in enumerate(filled) if n)
        keys = _header_keys(rows[at], mapped)
        names = [_INVISIBLE.sub("", _cell(c)) for c in rows[at]]
        _check_mapping(names, columns, file, at + 1)
        for need in ("日期", "单位"):
            if need not in keys:
                en = ir.CORE_COLUMNS[need]
                guess = next((n for n in names if n and nearest_column(n, ("日期", "单位")) == need
                              and fold(n) in COLUMN_SYNONYMS), None)
                hint = f"；表头中的“{guess}”是否为“{need}”？可用 --columns {need}={guess} 指定" if guess else ""
                raise XinxiError(Diagnostic("missing-column", f"台账缺少“{need}”列（或英文列名{en}）{hint} (missing column {en})",
                                            Span(file, at + 1, 0)))
    notes: list[Diagnostic] = []
    names = [_INVISIBLE.sub("", _cell(c)) for c in rows[at]]
    keys = _header_keys(rows[at], mapped)
    top = at  # the header's first row
    if at + 1 < len(rows) and _is_subheader(rows[at + 1], keys, mapped):
        lower = [_INVISIBLE.sub("", _cell(c)) for c in rows[at + 1]]
        names = _merge_header(names, lower)
        at += 1
    elif at > 0 and filled[at - 1] >= 2 and _is_group_row(rows[at - 1], names, mapped):
        upper = [_INVISIBLE.sub("", _cell(c)) for c in rows[at - 1]]
        names = _merge_header(upper, names)
        top = at - 1
    if top != at:
        notes.append(Diagnostic("two-row-header", f"第{top + 1}–{at + 1}行是两行表头（合并单元格），各列取下一行的列名，下一行空白处取上一行的 (two-row header)",
                                Span(file, at + 1, 0), severity="note"))
    for k in range(top):
        if filled[k] >= 2:
            raise XinxiError(Diagnostic("rows-above-header", f"表头在第{top + 1}行，但其上方的第{k + 1}行不是标题（有{filled[k]}个单元格）：请删去表头上方的行，或把表头放在第一行 (rows above the header)",
                                        Span(file, k + 1, 0)))
        if filled[k] == 1:
            title = next(_cell(c) for c in rows[k] if _cell(c))
            notes.append(Diagnostic("title-row", f"第{k + 1}行“{title}”是标题，不是记录；表头在第{top + 1}行 (title row above the header)",
                                    Span(file, k + 1, 0), severity="note"))
    _check_mapping(names, columns, file, at + 1)
    keys = [mapped.get(fold(n)) or (ir.canonical_key(n) if n else "") for n in names]
    return at, names, keys, notes


def _is_group_row(row: list[object], names: list[str], mapped: dict[str, str]) -> bool:
    """The upper row of a two-row header: each of its cells is either a
    column name over a blank (a cell merged downwards) or a group label
    merged across the blank cells to its right."""
    upper = [_INVISIBLE.sub("", _cell(c)) for c in row]
    known = {*ir.CORE_COLUMNS, *ir.ATTRIBUTE_COLUMNS, *mapped.values()}
    for i, u in enumerate(upper):
        if not u:
            continue
        below = names[i] if i < len(names) else ""
        if not below:
            if (mapped.get(fold(u)) or ir.canonical_key(u)) not in known:
                return False
        elif not (i + 1 < len(names) and not (upper[i + 1] if i + 1 < len(upper) else "")):
            return False
    return True


def _merge_header(upper: list[str], lower: list[str]) -> list[str]:
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    return [lo or up for up, lo in zip(upper, lower)]


def _check_mapping(names: list[str], columns: dict[str, str], file: str, line: int) -> None:
    present = {fold(n): i for i, n in enumerate(names) if n}
    for key, header in columns.items():
        if fold(header) not in present:
            close = nearest_column(header, [n for n in names if n])
            hint = f"；是否为“{close}”？" if close else ""
            raise XinxiError(Diagnostic("bad-columns", f"--columns {key}={header}：表头中没有“{header}”列{hint} (no such header)", Span(file, line, 0)))
        own = next((i for i, n in enumerate(names) if n and ir.canonical_key(n) == key and fold(n) != fold(header)), None)
        if own is not None:
            raise XinxiError(Diagnostic("bad-columns", f"--columns {key}={header}：表头第{own + 1}列已是“{names[own]}”，不能再把“{header}”读作“{key}” (the column already exists)",
                                        Span(file, line, 0)))


def _records_from_rows(rows: list[list[object]], file: str, columns: dict[str, str],
                       seen: Seen | None = None, row_of: Callable[[int], int] | None = None) -> Ledger:
    if not rows:
        raise XinxiError(Diagnostic("empty-ledger", "台账是空的：第一行应为表头 (empty ledger)", Span(file, 1, 0)))
    at, names, header, notes = _find_header(rows, file, columns)
    hrow = at + 1  # the header's spreadsheet row
    for i, k in enumerate(header):
        if k and k in header[:i]:
            raise XinxiError(Diagnostic("duplicate-column", f"表头中“{names[i]}”列出现两次（第{header.index(k) + 1}列和第{i + 1}列） (duplicate column)", Span(file, hrow, 0)))
    idx = {k: i for i, k in enumerate(header) if k}
    attr_cols = [(k, i) for k, i in idx.items() if k not in ir.CORE_COLUMNS or k == "事项"]
    records: list[Record] = []
    problems: list[Diagnostic] = list(notes)
    rejected: list[tuple[int, str, str, str]] = []
    width = len(header)
    i_date, i_unit = idx["日期"], idx["单位"]
    # a column the header lacks reads index `width`: always blank, never a cell of the row
    i_event, i_parent, i_id, i_title = (idx.get(k, width) for k in ("事项", "所属单位", "编号", "标题"))
    i_pub, i_higher = idx.get("刊物", width), idx.get("上级采用", width)
    unnamed = [i for i, k in enumerate(header) if not k]  # e.g. under a merged header cell
    unnamed_rows: dict[int, list[int]] = {}
    beyond: dict[int, list[tuple[int, str]]] = {}  # cells past the header's last column
    invisible: dict[int, list[int]] = {}
    seen_ids: dict[tuple, int] = {} if seen is None else seen.ids
    seen_rows: dict = {} if seen is None else seen.rows
    where = row_of or int  # a row as remembered and named in messages (a SheetRow on a workbook's sheet)
    # across sheets a row is its filled cells by column name (unnamed ones by place)
    col_names = None if seen is None else [k or f"#{i + 1}" for i, k in enumerate(header)]

    def reject(n: int, unit: str, key: str, zh: str, en: str) -> None:
        problems.append(Diagnostic(key, f"第{n}行{zh} ({en})", Span(file, n, 0)))
        rejected.append((n, unit, en, zh))

    for n, raw in enumerate(rows[at + 1:], start=at + 2):
        # every cell normalised once: csv gives str, .xlsx also numbers and dates
        cells = [c.strip() if type(c) is str else _cell(c) for c in raw]
        if len(cells) > width:
            for i in range(width, len(cells)):
                if cells[i]:
                    beyond.setdefault(i, []).append((n, cells[i]))
            del cells[width:]
        else:
            cells.extend([""] * (width - len(cells)))
        cells.append("")  # index `width`: the absent column
        if not any(cells):
            continue  # a blank row: nothing to score, nothing to lose
        if _INVISIBLE.search("".join(cells)):
            for i, c in enumerate(cells):
                if _INVISIBLE.search(c):
                    cells[i] = _INVISIBLE.sub("", c).strip()
                    invisible.setdefault(i, []).append(n)
        for i in unnamed:
            if cells[i]:
                unnamed_rows.setdefault(i, []).append(n)
        unit = cells[i_unit]
        same = tuple(cells) if col_names is None else frozenset((col_names[i], c) for i, c in enumerate(cells[:width]) if c)
        here = n if row_of is None else row_of(n)
        first = seen_rows.setdefault(same, here)
        if first != here:
            this, that = (_row_text(here), _row_text(first)) if isinstance(first, SheetRow) else (f"第{n}行", f"第{first}行")
            problems.append(Diagnostic("duplicate-row", f"{this}与{that}完全相同，只按一条计分，此行未计分；若确是两条信息，请填写编号或标题以示区分 (duplicate row)",
                                       Span(file, n, 0), severity="warning"))
            rejected.append((n, unit, f"duplicate of row {first!s}", f"与{that}完全相同，按一条计分"))
            continue
        d_raw = raw[i_date] if i_date < len(raw) else None
        try:
            d = parse_cell_date(d_raw if d_raw is not None and not isinstance(d_raw, str) else cells[i_date])
        except AmbiguousDate:
            reject(n, unit, "ambiguous-date", f"日期“{cells[i_date]}”有歧义（几月几日？），请写作2012-03-05或2012年3月5日",
                   f"ambiguous date {cells[i_date]}")
            continue
        except ValueError:
            if ir.canonical_key(cells[i_date]) == "日期" and ir.canonical_key(unit) == "单位":
                problems.append(Diagnostic("repeated-header", f"第{n}行是又一遍表头，已跳过 (header repeated)", Span(file, n, 0), severity="warning"))
                continue
            what = f"日期“{cells[i_date]}”无法识别" if cells[i_date] else "没有填写日期"
            reject(n, unit, "bad-date", f"{what}，应写作2012-03-05、2012/3/5、2012年3月5日或20120305", f"bad date {cells[i_date]!r}")
            continue
        if not unit:
            reject(n, unit, "missing-unit", "没有填写单位", "missing unit")
            continue
        rid = cells[i_id]
        event = fold(cells[i_event]) or ir.EVENT_ADOPTED
        if rid:
            # one item in several publications, or submitted then adopted, shares its 编号
            k = (rid, fold(unit), split_values(cells[i_pub]), event, split_values(cells[i_higher]))
            if k in seen_ids:
                first = seen_ids[k]
                this, that = (_row_text(where(n)), _row_text(first)) if isinstance(first, SheetRow) else (f"第{n}行", f"第{first}行")
                problems.append(Diagnostic("duplicate-id", f"{this}与{that}编号“{rid}”、单位、刊物和事项都相同：同一条信息记了两次？（联合报送的信息各单位一行） (duplicate id)",
                                           Span(file, n, 0), severity="warning"))
            else:
                seen_ids[k] = where(n)
        attrs = {k: split_values(cells[i]) for k, i in attr_cols if cells[i]}
        attrs["事项"] = (event,)
        records.append(Record(n, rid or f"#{n}", d, unit, event, cells[i_parent] or None, cells[i_title], attrs))
    for i, at_rows in sorted(unnamed_rows.items()):
        problems.append(Diagnostic("unnamed-column", f"第{i + 1}列没有表头（合并单元格？），其中第{_rows_text(at_rows)}行的内容未读取 (column without header)",
                                   Span(file, hrow, 0), severity="warning"))
    for i, hits in sorted(beyond.items()):
        problems.append(Diagnostic("row-longer-than-header", f"第{_rows_text([r for r, _ in hits])}行比表头长：第{i + 1}列在表头之外，其内容（如“{hits[0][1]}”）未读取 (row longer than its header)",
                                   Span(file, hits[0][0], 0), severity="warning"))
    for i, at_rows in sorted(invisible.items()):
        col = names[i] if i < len(names) and names[i] else f"第{i + 1}"
        problems.append(Diagnostic("invisible-character", f"第{_rows_text(at_rows)}行“{col}”列含有不可见字符（零宽空格、BOM等），已去除后再比较 (invisible characters removed)",
                                   Span(file, at_rows[0], 0), severity="warning"))
    if not records and not rejected and all(not any(_cell(c) for c in r) for r in rows[at + 1:]):
        problems.append(Diagnostic("header-only", "台账只有表头，没有记录 (no rows)", Span(file, hrow, 0), severity="warning"))
    problems.sort(key=lambda d: d.span.line if d.span else 0)
    return Ledger(file, tuple(records), tuple(header), tuple(problems), tuple(rejected), tuple(names), hrow)


def _rows_text(rows: list[int]) -> str:
    return "、".join(str(r) for r in rows[:5]) + ("等" if len(rows) > 5 else "")
