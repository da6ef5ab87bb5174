"""Opening an .xlsx ledger safely: which sheets to read, and what calamine
cannot tell us.

python-calamine builds a *dense* range from A1 to the farthest cell holding a
value, about 40 bytes a cell before Python sees a row: a 2 KB file with cells
at A1 and XFD1048576 asks for 512 GiB and aborts the interpreter.  So before
calamine reads a sheet, the zip is inspected (declared sizes; the real size
is counted while streaming, never trusted) and the sheet's XML is streamed
with expat to find the real extent of the cells present (``<dimension>`` is
not trusted either).  The same pass finds what calamine reads as blank:
formulas without a saved value (``<f>`` without ``<v>``) and error values
(``t="e"``: ``#N/A``, ``#DIV/0!``).

Which sheets: every visible worksheet whose header (one of its first rows)
has the core columns 日期 and 单位, or just the one named by ``--sheet``.
Every other sheet is named in a note or a warning, with the reason.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..compiler import ir
from ..foundation.diagnostics import Diagnostic, Span, XinxiError

#: cells in calamine's dense range (rows × columns) above which a sheet is
#: refused: ~40 bytes a cell in calamine, plus the Python rows — 10M cells
#: stay under 500 MiB; a real ledger (100k rows × 20 columns) is 2M.
MAX_CELLS = 10_000_000
#: uncompressed bytes of one part of the zip; a real sheet of a million rows
#: is about 400 MB of XML
MAX_PART = 1 << 30
#: sharedStrings.xml: calamine holds every string at once (~2× the XML)
MAX_STRINGS = 128 << 20
#: a part larger than this must not be more compressed than MAX_RATIO
#: (XML of real cells deflates about 10–20×; a zip bomb 1000×)
RATIO_FROM = 64 << 20
MAX_RATIO = 200
#: sheets in one workbook
MAX_SHEETS = 1000
#: rows at the top of a sheet searched for the header
HEADER_ROWS = 10

_CHUNK = 1 << 20
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})$")


@dataclass
class SheetScan:
    """What streaming one sheet's XML found."""

    max_row: int = 0  #: 1-based; 0 when no cell holds anything
    max_col: int = 0
    far_right: str = ""  #: a cell in the last column, e.g. XFD1
    far_down: str = ""  #: a cell in the last row, e.g. A1048576
    cells: int = 0  #: cells holding a value or formula
    #: (row, col, formula) of formulas with no saved value (1-based)
    formulas: list[tuple[int, int, str]] = field(default_factory=list)
    #: (row, col, error text) of error values
    errors: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    scan: SheetScan
    header_row: int  #: 0-based index of the header in ``rows`` (0 if none found)


@dataclass
class _Info:
    name: str
    state: str  #: visible / hidden / veryHidden
    part: str | None  #: the zip member of a worksheet, None for a chart sheet


def col_letters(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _err(file: str, key: str, zh: str, en: str) -> XinxiError:
    return XinxiError(Diagnostic(key, f"{zh} ({en})", Span(file, 0, 0)))


def _open_zip(file: str) -> zipfile.ZipFile:
    try:
        z = zipfile.ZipFile(file)
    except zipfile.BadZipFile:
        raise _err(file, "not-xlsx", "文件扩展名是.xlsx，但内容不是.xlsx表格（可能是改了扩展名的其他文件），请在Excel或WPS中打开后另存为.xlsx",
                   "not an .xlsx file") from None
    except OSError as exc:
        raise _err(file, "unreadable-file", f"无法读取文件：{exc.strerror or exc}", "unreadable file") from None
    names = set(z.namelist())
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        kind = ("Word文档(.docx)" if "word/document.xml" in names else
                "PowerPoint文稿(.pptx)" if "ppt/presentation.xml" in names else
                "WPS或OpenDocument文件(.ods)" if "content.xml" in names else "zip压缩包")
        shown = "、".join(sorted(names)[:5]) + ("等" if len(names) > 5 else "")
        z.close()
        hint = "；如果是压缩的台账，请先解压" if kind == "zip压缩包" else "，请把台账另存为.xlsx或.csv"
        raise _err(file, "not-xlsx", f"这是{kind}，不是.xlsx表格（其中的文件：{shown or '无'}）{hint}",
                   "a zip archive, not an .xlsx workbook")
    for info in z.infolist():
        _check_size(file, info)
    return z


def _check_size(file: str, info: zipfile.ZipInfo) -> None:
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_PART:
        why = f"超过了{_mb(MAX_PART)}的上限"
    elif info.filename.endswith("sharedStrings.xml") and info.file_size > MAX_STRINGS:
        why = f"超过了共享字符串{_mb(MAX_STRINGS)}的上限"
    elif info.file_size > RATIO_FROM and ratio > MAX_RATIO:
        why = f"是压缩后的{ratio:.0f}倍（正常的表格约10–20倍）"
    else:
        return
    raise _err(file, "xlsx-too-large",
               f"表格中的“{info.filename}”声明解压后有{_mb(info.file_size)}，{why}，可能是压缩炸弹或损坏的文件，未读取；"
               "如果是真实的台账，请在Excel中打开，删除多余的行列后另存", f"zip member too large: {info.file_size} bytes")


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB" if n >= 1 << 20 else f"{n} 字节"


def _count(n: int) -> str:
    """约3277万, 约172亿: a cell count as a clerk says it."""
    return f"{n / 1e8:.0f}亿" if n >= 1e8 else f"{n / 1e4:.0f}万" if n >= 1e4 else str(n)


def _stream(z: zipfile.ZipFile, member: str, file: str):
    """The member's bytes in chunks, refusing to go past its declared size
    (a forged header could otherwise unpack without end)."""
    info = z.getinfo(member)
    limit = min(info.file_size, MAX_PART)
    seen = 0
    try:
        with z.open(info) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    return
                seen += len(chunk)
                if seen > limit:
                    raise _err(file, "xlsx-too-large", f"表格中的“{member}”比声明的更大，文件可能已损坏或被篡改，未读取",
                               "zip member larger than declared")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # a size or CRC that does not match the data, an unknown compression, a password
        raise _err(file, "bad-xlsx", f"表格中的“{member}”已损坏或与声明的大小不符（{exc}），未读取；请在Excel中打开后另存",
                   "damaged zip member") from None


def _parse(z: zipfile.ZipFile, member: str, file: str, start=None, end=None, text=None) -> None:
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True

    def no_dtd(*_):  # no entity expansion: an .xlsx never has a DTD
        raise _err(file, "bad-xlsx", f"表格中的“{member}”含有DTD声明，不是正常的表格", "DTD in an .xlsx part")

    p.StartDoctypeDeclHandler = no_dtd
    p.EntityDeclHandler = no_dtd
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    try:
        for chunk in _stream(z, member, file):
            p.Parse(chunk, False)
        p.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _err(file, "bad-xlsx", f"表格中的“{member}”不是正确的XML（第{exc.lineno}行）：{expat.errors.messages.get(exc.code, exc)}",
                   "malformed XML in the .xlsx") from None


def _local(name: str) -> str:
    return name[name.rfind(" ") + 1:]


def _sheets(z: zipfile.ZipFile, file: str) -> list[_Info]:
    """The workbook's sheets in tab order, with their state and XML part."""
    book = "xl/workbook.xml"
    if book not in z.namelist():
        book = next(n for n in z.namelist() if n.endswith("workbook.xml"))
    rels_name = posixpath.join(posixpath.dirname(book), "_rels", posixpath.basename(book) + ".rels")
    targets: dict[str, tuple[str, str]] = {}

    def rel(name, attrs):
        if _local(name) == "Relationship":
            t = attrs.get("Target", "")
            t = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(book), t))
            targets[attrs.get("Id", "")] = (t, attrs.get("Type", ""))

    if rels_name in z.namelist():
        _parse(z, rels_name, file, start=rel)
    out: list[_Info] = []

    def sheet(name, attrs):
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            target, typ = targets.get(rid, ("", ""))
            part = target if typ.endswith("/worksheet") and target in z.namelist() else None
            out.append(_Info(attrs.get("name", ""), attrs.get("state", "visible"), part))

    _parse(z, book, file, start=sheet)
    return out


_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # a namespace prefix, as in <x:c>
#: a cell that is not self-closing (so it holds a value or a formula), with its reference
_VALUED = re.compile(rb"<" + _P + rb"c\s[^>]*?\br=[\"']([A-Z]{1,3})(\d{1,7})[\"'][^>]*(?<!/)>")
#: the same, written the usual way (a literal start: several times faster)
_FAST = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>')
#: every cell that is not self-closing, with or without a reference
_ANY = re.compile(rb"<" + _P + rb"c(?:\s[^>]*)?(?<!/)>")
_ERROR = re.compile(rb"<" + _P + rb"c\s([^>]*\bt=[\"']e[\"'][^>]*)>(.*?)</" + _P + rb"c>", re.S)
#: a formula cell with no saved value: no ``<v>``, or an empty one as a program writes it (openpyxl:
#: ``<f>…</f><v></v>``); an empty ``<v>`` of a ``t="str"`` cell is Excel's saved empty text (=IF(…,"",…))
_NO_VALUE = re.compile(rb"<" + _P + rb"c\s([^>]*)>\s*<" + _P + rb"f\b[^>]*?(?:/>|>([^<]*)</" + _P + rb"f>)\s*"
                       rb"(<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>")
_TEXT_TYPE = re.compile(rb"\bt=[\"']str[\"']")
_REF = re.compile(rb"\br=[\"']([A-Z]{1,3})(\d{1,7})[\"']")
_V = re.compile(rb"<" + _P + rb"v>([^<]*)<")


def scan_sheet(z: zipfile.ZipFile, part: str, file: str) -> SheetScan:
    """Stream one worksheet's XML: the extent of the cells that hold
    something, formulas without a saved value, error values.  Regular
    expressions over the bytes (a dense sheet of a million cells takes
    about a second); a sheet whose cells lack references falls back to
    expat."""
    import html
    from operator import itemgetter

    s = SheetScan()
    buf = b""
    cols: set[bytes] = set()
    any_cells = 0
    for chunk in _stream(z, part, file):
        buf += chunk
        cut = len(buf)
        while True:  # up to the end of the last cell in the buffer
            cut = buf.rfind(b"c>", 0, cut)
            if cut < 0 or buf[cut - 1:cut] in (b"/", b":"):
                break
        if cut < 0:
            if len(buf) > 4 * _CHUNK:
                buf = buf[-_CHUNK:]
            continue
        cut += 2
        part_, buf = buf[:cut], buf[cut:]
        n_c = part_.count(b"<c ") + part_.count(b"<c>")
        if n_c and part_.count(b'<c r="') == n_c:  # every cell opens with its reference (Excel, WPS)
            found = _FAST.findall(part_)
            any_cells += len(found)
        else:
            found = _VALUED.findall(part_)
            any_cells += len(_ANY.findall(part_))
        if found:
            s.cells += len(found)
            cols.update(map(itemgetter(0), found))
            s.max_row = max(s.max_row, max(map(int, map(itemgetter(1), found))))
        for m in (_ERROR.finditer(part_) if b't="e"' in part_ or b"t='e'" in part_ else ()):
            r, v = _REF.search(m[1]), _V.search(m[2])
            if r and v and len(s.errors) < 1000:
                s.errors.append((int(r[2]), _col_number(r[1].decode()), html.unescape(v[1].decode("utf-8", "replace")).strip()[:20]))
        for m in (_NO_VALUE.finditer(part_) if b"<f" in part_ or b":f" in part_ else ()):
            if m[3] and _TEXT_TYPE.search(m[1]):
                continue  # a formula whose saved value is empty text
            r = _REF.search(m[1])
            if r and len(s.formulas) < 1000:
                s.formulas.append((int(r[2]), _col_number(r[1].decode()), html.unescape((m[2] or b"").decode("utf-8", "replace"))[:60]))
    if any_cells != s.cells:  # cells placed by position, not by reference
        return _scan_expat(z, part, file)
    if cols:
        s.max_col = max(_col_number(c.decode()) for c in cols)
    if s.max_row * s.max_col > MAX_CELLS:  # refused: find the cells that stretch it (a second pass, rare)
        right, down = col_letters(s.max_col).encode(), str(s.max_row).encode()
        tail = b""
        for chunk in _stream(z, part, file):  # a cell's start tag is never split: chunks overlap
            for c, r in _VALUED.findall(tail + chunk):
                if c == right and not s.far_right:
                    s.far_right = f"{c.decode()}{r.decode()}"
                if r == down and not s.far_down:
                    s.far_down = f"{c.decode()}{r.decode()}"
            tail = chunk[-4096:]
    return s


def _scan_expat(z: zipfile.ZipFile, part: str, file: str) -> SheetScan:
    s = SheetScan()
    state = {"row": 0, "col": 0, "t": "", "f": None, "v": False, "in": None, "buf": []}

    def start(name, attrs):
        tag = _local(name)
        if tag == "c":
            ref = attrs.get("r")
            m = _CELL_REF.match(ref) if ref else None
            if m:
                state["col"] = _col_number(m[1])
                state["row"] = int(m[2])
            else:  # no reference: the next cell of the row
                state["col"] += 1
            state["t"] = attrs.get("t", "")
            state["f"] = None
            state["v"] = False
        elif tag == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r and r.isdigit() else state["row"] + 1
            state["col"] = 0
        elif tag == "f":
            state["f"] = ""
            state["in"] = "f"
            state["buf"] = []
        elif tag in ("v", "is"):
            # an empty <v></v> is no saved value, except empty text (t="str")
            state["v"] = True if tag == "is" or state["t"] == "str" else "pending"
            if tag == "v" and state["t"] == "e":
                state["in"] = "v"
                state["buf"] = []

    def text(data):
        if state["v"] == "pending" and data.strip():
            state["v"] = True
        if state["in"]:
            buf = state["buf"]
            if len(buf) < 64:
                buf.append(data)

    def end(name):
        tag = _local(name)
        if tag == "v" and state["v"] == "pending":
            state["v"] = False
        if tag == "f" and state["in"] == "f":
            state["f"] = "".join(state["buf"])[:60]
            state["in"] = None
        elif tag == "v" and state["in"] == "v":
            state["in"] = None
            if len(s.errors) < 1000:
                s.errors.append((state["row"], state["col"], "".join(state["buf"]).strip()[:20]))
        elif tag == "c":
            if state["v"] or state["f"] is not None:
                s.cells += 1
                r, c = state["row"], state["col"]
                if c > s.max_col:
                    s.far_right = f"{col_letters(c)}{r}"
                if r > s.max_row:
                    s.far_down = f"{col_letters(c)}{r}"
                s.max_row = max(s.max_row, r)
                s.max_col = max(s.max_col, c)
            if state["f"] is not None and not state["v"] and len(s.formulas) < 1000:
                s.formulas.append((state["row"], state["col"], state["f"]))

    _parse(z, part, file, start=start, end=end, text=text)
    return s


def _too_big(file: str, name: str, s: SheetScan) -> XinxiError:
    dense = s.max_row * s.max_col
    if s.far_right == s.far_down:
        where = f"最远的单元格是{s.far_right}"
    else:
        where = f"最右的单元格是{s.far_right or '?'}，最下的是{s.far_down or '?'}"
    return _err(
        file, "sheet-too-large",
        f"工作表“{name}”的内容范围是A1:{col_letters(s.max_col)}{s.max_row}（{s.max_row}行×{s.max_col}列，"
        f"约{_count(dense)}个单元格，其中{s.cells}个有内容），超过了{_count(MAX_CELLS)}个单元格的上限，未读取；"
        f"{where}。请在Excel中删除多余的行列（或误填的单元格）后另存",
        f"sheet too large: {s.max_row} rows x {s.max_col} columns")


def _visible(i: _Info) -> bool:
    return i.state not in ("hidden", "veryHidden")


def _header_index(rows: list[list[object]]) -> int | None:
    """The row among the first few that names 日期 and 单位, if any."""
    for i, row in enumerate(rows[:HEADER_ROWS]):
        keys = {ir.canonical_key(str(c).strip()) for c in row if c is not None and str(c).strip()}
        if "日期" in keys and "单位" in keys:
            return i
    return None


def _looks_like_data(rows: list[list[object]]) -> int:
    """How many rows have two or more cells filled (0: empty or a few notes)."""
    n = sum(1 for r in rows if sum(1 for c in r if c is not None and str(c).strip()) >= 2)
    return n if n >= 2 else 0


def _filled(rows: list[list[object]]) -> bool:
    return any(c is not None and str(c).strip() for r in rows for c in r)


def read_sheets(path: Path, sheet: str | None = None, ledgers: bool = True) -> tuple[list[Sheet], list[Diagnostic]]:
    """The sheets to read and notes on the others.  ``sheet``: just that one.
    ``ledgers``: every visible sheet with a ledger header (else the first
    visible sheet, so the usual missing-column message follows); otherwise
    just the first visible sheet (an indicators table)."""
    from python_calamine import CalamineWorkbook

    file = str(path)
    z = _open_zip(file)
    notes: list[Diagnostic] = []
    with z:
        infos = _sheets(z, file)
        for m in z.namelist():  # calamine loads these whole: count their real size
            if m.endswith(("sharedStrings.xml", "styles.xml")):
                for _ in _stream(z, m, file):
                    pass
        if sheet is not None:
            chosen = [i for i in infos if i.name == sheet] or [i for i in infos if i.name.strip() == sheet.strip()]
            if not chosen:
                listed = "、".join(f"“{i.name}”" + ("（隐藏）" if not _visible(i) else "") for i in infos)
                raise _err(file, "unknown-sheet", f"表格中没有名为“{sheet}”的工作表；现有工作表：{listed or '无'}",
                           f"no sheet named {sheet}")
            if chosen[0].part is None:
                raise _err(file, "not-a-worksheet", f"“{chosen[0].name}”是图表，不是工作表", "chart sheet, not a worksheet")
            candidates = chosen
        else:
            candidates = [i for i in infos if _visible(i) and i.part]
            if not candidates:
                raise _err(file, "no-sheet", "表格中没有可见的工作表", "no visible worksheet")
            if not ledgers:
                candidates = candidates[:1]
        if len(infos) > MAX_SHEETS:
            raise _err(file, "xlsx-too-large", f"表格有{len(infos)}个工作表，超过了{MAX_SHEETS}个的上限，未读取",
                       f"{len(infos)} sheets")
        scans = {}
        for i in infos:
            if i.part and (i in candidates or ledgers):
                s = scan_sheet(z, i.part, file)
                scans[i.name] = s
                if i in candidates and s.max_row * s.max_col > MAX_CELLS:
                    raise _too_big(file, i.name, s)
        total = sum(scans[i.name].max_row * scans[i.name].max_col for i in candidates)
        if total > MAX_CELLS:  # each sheet fits, all of them together not: their rows are held at once
            sizes = "、".join(f"“{i.name}”{scans[i.name].max_row}行×{scans[i.name].max_col}列" for i in candidates)
            raise _err(file, "sheet-too-large",
                       f"要读取的工作表合计约{_count(total)}个单元格（{sizes}），超过了{_count(MAX_CELLS)}个单元格的上限，未读取；"
                       "请用--sheet逐个读取，或删除多余的行列后另存", f"sheets too large together: {total} cells")
    try:
        wb = CalamineWorkbook.from_path(file)
    except Exception as exc:  # calamine raises its own error types
        raise _err(file, "bad-xlsx", f"无法读取.xlsx文件：{exc}", "unreadable .xlsx") from None

    def rows_of(i: _Info) -> list[list[object]]:
        if scans[i.name].cells == 0:
            return []
        try:
            return [list(r) for r in wb.get_sheet_by_name(i.name).to_python(skip_empty_area=False)]
        except Exception as exc:
            raise _err(file, "bad-xlsx", f"无法读取工作表“{i.name}”：{exc}", "unreadable sheet") from None

    read: list[Sheet] = []
    if sheet is not None or not ledgers:
        i = candidates[0]
        rows = rows_of(i)
        read.append(Sheet(i.name, rows, scans[i.name], _header_index(rows) or 0))
    else:
        for i in candidates:
            s = scans[i.name]
            if s.max_row * s.max_col > MAX_CELLS:  # not read: too big to look at
                continue
            rows = rows_of(i)
            h = _header_index(rows)
            if h is not None:
                read.append(Sheet(i.name, rows, s, h))
        if not read:  # no ledger header anywhere: the first visible sheet, for the usual message
            i = candidates[0]
            rows = rows_of(i)
            read.append(Sheet(i.name, rows, scans[i.name], 0))
    names = [s.name for s in read]
    if len(infos) > 1:
        where = "、".join(f"“{n}”" for n in names)
        how = "（按--sheet指定）" if sheet is not None else ""
        notes.append(Diagnostic("sheets-read", f"读取了工作表{where}{how} (sheets read: {', '.join(s.name for s in read)})",
                                Span(file, 0, 0), severity="note"))
    for i in infos:
        if i.name in names:
            continue
        if sheet is not None:
            why, en, sev = "未读取：按--sheet只读取指定的工作表", "not the sheet asked for", "note"
        elif i.part is None:
            why, en, sev = "是图表，未读取", "chart sheet", "note"
        elif i.name not in scans:
            why, en, sev = "未读取：只读取第一个可见的工作表", "only the first visible sheet is read", "note"
        else:
            s = scans[i.name]
            big = s.max_row * s.max_col > MAX_CELLS
            rows = [] if big or s.cells == 0 else rows_of(i)
            data = big or _looks_like_data(rows)
            is_ledger = not big and _header_index(rows) is not None
            if not _visible(i):
                if is_ledger:
                    why, en, sev = "是隐藏的工作表，有台账表头，未读取（如需计入请取消隐藏或用--sheet指定）", "hidden ledger sheet not read", "warning"
                else:
                    why, en, sev = "是隐藏的工作表，未读取", "hidden sheet not read", "note"
            elif big:
                why, en, sev = f"太大（{s.max_row}行×{s.max_col}列），未读取", "sheet too large, not read", "warning"
            elif not _filled(rows):
                why, en, sev = "是空的，未读取", "empty sheet", "note"
            elif data:
                why, en, sev = (f"有{data}行内容，但前{HEADER_ROWS}行中没有含“日期”“单位”的表头，未读取（是台账的话请改表头或用--sheet指定）",
                                "sheet without a ledger header not read", "warning")
            else:
                why, en, sev = "不是台账（没有“日期”“单位”列），未读取", "not a ledger sheet", "note"
        notes.append(Diagnostic("sheet-skipped", f"工作表“{i.name}”{why} ({en})", Span(file, 0, 0), severity=sev))
    return read, notes


def _column_name(sheet: Sheet, col: int) -> str:
    header = sheet.rows[sheet.header_row] if sheet.rows else []
    name = header[col - 1] if col - 1 < len(header) else None
    name = str(name).strip() if name is not None else ""
    return f"“{name}”列" if name else f"第{col}列（{col_letters(col)}列）"


def _cell_problems(sheet: Sheet) -> dict[int, list[tuple[str, str, str, str]]]:
    """Row (1-based) → (key, Chinese, short Chinese, English) for each cell
    calamine reads as blank but that holds a formula without a saved value
    or an error value."""
    out: dict[int, list[tuple[str, str, str, str]]] = {}
    for r, c, f in sheet.scan.formulas:
        col = _column_name(sheet, c)
        short = f"{col}是公式={f}，没有保存计算结果"
        out.setdefault(r, []).append(("formula-without-value", f"{short}，请在Excel中打开并保存后再读取", short,
                                      f"formula without a saved value in {col_letters(c)}{r}"))
    for r, c, e in sheet.scan.errors:
        col = _column_name(sheet, c)
        short = f"{col}是错误值{e}"
        out.setdefault(r, []).append(("error-value", f"{short}（公式出错或引用无效），请改正后再读取", short,
                                      f"error value {e} in {col_letters(c)}{r}"))
    return out


def ledger_from_sheets(sheets: list[Sheet], file: str, records_from_rows):
    """One ledger from the sheets read.  A row whose cell holds a formula
    without a saved value or an error value is not scored: its value is
    unknown, and scoring it as blank would lose a bonus or a penalty
    without a word.  With several sheets each row number is a
    :class:`SheetRow`, so that messages and JSON name the sheet."""
    from dataclasses import replace

    from ..foundation.diagnostics import SheetRow

    several = len(sheets) > 1
    records: list = []
    columns: list[str] = []
    problems: list[Diagnostic] = []
    rejected: list = []
    for order, sheet in enumerate(sheets):
        label = f"{file}:{sheet.name}" if several else file
        row = (lambda n: SheetRow(n, sheet.name, order)) if several else (lambda n: n)
        ledger = records_from_rows(sheet.rows, label, row)  # rows already seen on earlier sheets are duplicates
        bad = _cell_problems(sheet)
        first = sheet.header_row + 1
        head = [(r, p) for r, ps in bad.items() if r <= first for p in ps]
        bad = {r: ps for r, ps in bad.items() if r > first}
        for r, (key, zh, _, en) in head:
            problems.append(Diagnostic(key, f"表头{zh} ({en})", Span(file, row(r), 0), severity="warning"))
        # the reader's own reason for a row with a bad cell (没有填写日期) is replaced
        gone = {r: u for r, u, *_ in ledger.rejected if r in bad}
        for d in ledger.problems:
            if not (d.severity == "error" and d.span and d.span.line in gone):
                problems.append(replace(d, span=Span(file, row(d.span.line), 0)) if several and d.span and d.span.line > 0 else d)
        rejected.extend((row(r), *rest) for r, *rest in ledger.rejected if r not in bad)
        for rec in ledger.records:
            if rec.row in bad:
                gone[rec.row] = rec.unit
            elif several:
                rid = f"#{sheet.name}!{rec.row}" if rec.id == f"#{rec.row}" else rec.id  # blank ids stay apart
                records.append(rec._replace(row=row(rec.row), id=rid))
            else:
                records.append(rec)
        for r, ps in sorted(bad.items()):
            unit = gone.get(r)
            for key, zh, _, en in ps:
                problems.append(Diagnostic(key, f"第{r}行{zh} ({en})", Span(file, row(r), 0)))
            rejected.append((row(r), unit or "", "; ".join(p[3] for p in ps), "；".join(p[2] for p in ps)))
        columns.extend(c for c in ledger.columns if c and c not in columns)
    problems.sort(key=lambda d: (d.span.line if d.span else 0))
    rejected.sort(key=lambda x: x[0])
    if not several:
        columns = list(ledger.columns)
    return type(ledger)(file, tuple(records), tuple(columns), tuple(problems), tuple(rejected))
