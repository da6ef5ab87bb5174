"""Reading a ledger (台账): .csv (UTF-8, UTF-8 with BOM, GB18030) or .xlsx.

The contract is ``shared/spec/LEDGER.md``: columns named in Chinese or by the
English key, in any order; unknown columns are attributes; values compare
across scripts and spaces (folded with opencc).  Problems in the file raise
:class:`XinxiError` located as ``file:row``.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

from ..compiler import ir
from ..foundation.diagnostics import Diagnostic, Span, XinxiError
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


@contextmanager
def bulk():
    """Pause the cyclic garbage collector while building many small objects
    that form no cycles (records, explanation lines): it would otherwise
    rescan them all again and again (about a third of the run time at 100k
    rows).  The previous state is restored."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(text)


def _decode(data: bytes, file: str) -> str:
    if b"\x00" in data[:4096]:
        raise XinxiError(Diagnostic("binary-file", "台账不是文本文件，也不是.xlsx表格 (binary file)", Span(file, 1, 0)))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise XinxiError(Diagnostic("bad-encoding", "台账编码无法识别（支持UTF-8和GB18030/GBK） (unknown text encoding)", Span(file, 1, 0))) from None


csv.field_size_limit(1 << 30)  # a long 标题 cell is text, not an attack


def _rows_csv(path: Path) -> list[list[object]]:
    text = _decode(path.read_bytes(), str(path))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
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


def read_ledger(path: str | Path, sheet: str | None = None) -> Ledger:
    """Read a ledger file (``sheet``: just that sheet of an .xlsx).  The
    whole read — the CSV/xlsx rows too, not only the records built from
    them — runs with the cyclic collector paused."""
    with bulk():
        return _read_ledger(Path(path), sheet)


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


def _read_ledger(path: Path, sheet: str | None = None) -> Ledger:
    file = str(path)
    rows, notes = read_table(path, sheet, ledgers=True)
    if isinstance(rows, _XlsxRows):  # an .xlsx: every ledger sheet, each row traceable to its sheet
        from .workbook import ledger_from_sheets

        ledger = ledger_from_sheets(rows.sheets, file, records_from_rows)
    else:
        ledger = records_from_rows(rows, file)
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


def records_from_rows(rows: Iterable[list[object]], file: str) -> Ledger:
    with bulk():
        return _records_from_rows(list(rows), file)


def _records_from_rows(rows: list[list[object]], file: str) -> Ledger:
    if not rows or not any(_cell(c) for c in rows[0]):
        raise XinxiError(Diagnostic("empty-ledger", "台账是空的：第一行应为表头 (empty ledger)", Span(file, 1, 0)))
    header = [ir.canonical_key(_cell(c)) if _cell(c) else "" for c in rows[0]]
    for i, k in enumerate(header):
        if k and k in header[:i]:
            raise XinxiError(Diagnostic("duplicate-column", f"表头中“{_cell(rows[0][i])}”列出现两次（第{header.index(k) + 1}列和第{i + 1}列） (duplicate column)", Span(file, 1, 0)))
    for need in ("日期", "单位"):
        if need not in header:
            en = ir.CORE_COLUMNS[need]
            raise XinxiError(Diagnostic("missing-column", f"台账缺少“{need}”列（或英文列名{en}） (missing column {en})", Span(file, 1, 0)))
    idx = {k: i for i, k in enumerate(header) if k}
    attr_cols = [(k, i) for k, i in idx.items() if k not in ir.CORE_COLUMNS or k == "事项"]
    records: list[Record] = []
    problems: list[Diagnostic] = []
    rejected: list[tuple[int, str, str, str]] = []
    width = len(header)
    i_date, i_unit = idx["日期"], idx["单位"]
    i_event, i_parent, i_id, i_title = (idx.get(k, width) for k in ("事项", "所属单位", "编号", "标题"))
    unnamed = [i for i, k in enumerate(header) if not k]  # e.g. under a merged header cell
    unnamed_rows: dict[int, list[int]] = {}
    seen_ids: dict[tuple[str, str], int] = {}

    def reject(n: int, unit: str, key: str, zh: str, en: str) -> None:
        problems.append(Diagnostic(key, f"第{n}行{zh} ({en})", Span(file, n, 0)))
        rejected.append((n, unit, en, zh))

    for n, raw in enumerate(rows[1:], start=2):
        # every cell normalised once: csv gives str, .xlsx also numbers and dates
        cells = [c.strip() if type(c) is str else _cell(c) for c in raw]
        if len(cells) <= width:
            cells.extend([""] * (width + 1 - len(cells)))  # index `width` is the absent column
        if not any(cells):
            continue  # a blank row: nothing to score, nothing to lose
        for i in unnamed:
            if cells[i]:
                unnamed_rows.setdefault(i, []).append(n)
        for i in range(width, len(cells)):
            if cells[i] and i not in unnamed:
                unnamed_rows.setdefault(i, []).append(n)
        unit = cells[i_unit]
        d_raw = raw[i_date] if i_date < len(raw) else None
        try:
            d = parse_cell_date(d_raw if d_raw is not None else "")
        except AmbiguousDate:
            reject(n, unit, "ambiguous-date", f"日期“{cells[i_date]}”有歧义（几月几日？），请写作2012-03-05或2012年3月5日",
                   f"ambiguous date {cells[i_date]}")
            continue
        except ValueError:
            what = f"日期“{cells[i_date]}”无法识别" if cells[i_date] else "没有填写日期"
            reject(n, unit, "bad-date", f"{what}，应写作2012-03-05、2012/3/5或2012年3月5日", f"bad date {cells[i_date]!r}")
            continue
        if not unit:
            reject(n, unit, "missing-unit", "没有填写单位", "missing unit")
            continue
        rid = cells[i_id]
        if rid:
            k = (rid, fold(unit))
            if k in seen_ids:
                problems.append(Diagnostic("duplicate-id", f"第{n}行与第{seen_ids[k]}行编号“{rid}”、单位相同：同一条信息记了两次？（联合报送的信息各单位一行） (duplicate id)",
                                           Span(file, n, 0), severity="warning"))
            else:
                seen_ids[k] = n
        event = fold(cells[i_event]) or ir.EVENT_ADOPTED
        attrs = {k: split_values(cells[i]) for k, i in attr_cols if cells[i]}
        attrs["事项"] = (event,)
        records.append(Record(n, rid or f"#{n}", d, unit, event, cells[i_parent] or None, cells[i_title], attrs))
    for i, at in sorted(unnamed_rows.items()):
        rows_text = "、".join(str(r) for r in at[:5]) + ("等" if len(at) > 5 else "")
        problems.append(Diagnostic("unnamed-column", f"第{i + 1}列没有表头（合并单元格？），其中第{rows_text}行的内容未读取 (column without header)",
                                   Span(file, 1, 0), severity="warning"))
    if len(rows) == 1:
        problems.append(Diagnostic("header-only", "台账只有表头，没有记录 (no rows)", Span(file, 1, 0), severity="warning"))
    problems.sort(key=lambda d: d.span.line if d.span else 0)
    return Ledger(file, tuple(records), tuple(header), tuple(problems), tuple(rejected))

