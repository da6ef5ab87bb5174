"""The appendix and the report as DOCX.

Laid out after GB/T 9704-2012 (党政机关公文格式) where it applies: A4,
margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; body 仿宋_GB2312
三号 (16 pt) on a 28.95 pt line (22 lines a page), the title 方正小标宋简体
二号 (22 pt) centred, headings 黑体 三号; page numbers “— 1 —” in 宋体 四号
at the foot, odd pages on the right and even pages on the left, one
character in.  python-docx sets only the ascii/hAnsi fonts of a run, so every
run gets its ``w:eastAsia`` font here.

The zip is written with fixed timestamps and fixed core properties, so the
same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(12)  # 小四: two unit/target pairs of 11-character names fit a row
LINE = Pt(28.95)  # 22 lines on the type area
FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

__all__ = ["Writer", "appendix_docx", "report_docx"]

KAI_FONT = "楷体_GB2312"  #: second-level headings


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text Word can hold: a control character (from a ledger cell) becomes �."""
    return _NOT_XML.sub("\ufffd", text)


def set_font(run, name: str, size=None, bold: bool | None = None) -> None:
    """Set a run's font in every slot Word reads: ascii, hAnsi, eastAsia, cs."""
    run.font.name = name
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def _mark_font(para, name: str, size) -> None:
    """The paragraph mark's font: it sets the height of an empty paragraph."""
    ppr = para._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        sz = OxmlElement(tag)
        sz.set(qn("w:val"), str(int(size.pt * 2)))
        rpr.append(sz)
    ppr.append(rpr)


def _style_font(style, name: str, size, bold: bool = False) -> None:
    style.font.name = name
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


class Writer:
    """A GB/T 9704 page with a few kinds of block: title, heading, body
    paragraph, table.  ``bytes()`` gives the finished file."""

    def __init__(self, title: str):
        self.doc = Document()
        doc = self.doc
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        # the page number's top 7 mm below the type area: 35 − 7 − 5 (the line) = 23 mm from the edge
        sec.header_distance, sec.footer_distance = Mm(15), Mm(23)
        _style_font(doc.styles["Normal"], BODY_FONT, BODY_SIZE)
        for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", KAI_FONT)):
            st = doc.styles[name]
            _style_font(st, font, BODY_SIZE)
            st.paragraph_format.space_before = st.paragraph_format.space_after = Pt(0)
            st.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            st.paragraph_format.line_spacing = LINE
            st.paragraph_format.first_line_indent = BODY_SIZE * 2
        _style_font(doc.styles["Title"], TITLE_FONT, TITLE_SIZE)
        tpf = doc.styles["Title"].paragraph_format
        tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        tpf.space_before, tpf.space_after = Pt(0), LINE
        # the Title style of python-docx's template draws a rule under it
        ppr = doc.styles["Title"].element.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
            ppr.remove(ppr.find(qn("w:pBdr")))
        self._footers(sec)
        props = doc.core_properties
        # the file's metadata holds at most 255 characters; the page shows the whole title
        props.title = _xml(title)[:254] + "…" if len(_xml(title)) > 255 else _xml(title)
        props.author = props.last_modified_by = "xinxi"
        props.created = props.modified = props.last_printed = FIXED_TIME
        props.revision = 1

    # -- page numbers ----------------------------------------------------------
    def _footers(self, sec) -> None:
        self.doc.settings.odd_and_even_pages_header_footer = True
        sec.start_type = WD_SECTION.NEW_PAGE
        for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            para = footer.paragraphs[0]
            para.alignment = align
            pf = para.paragraph_format
            pf.left_indent = Pt(14) if align == WD_ALIGN_PARAGRAPH.LEFT else None
            pf.right_indent = Pt(14) if align == WD_ALIGN_PARAGRAPH.RIGHT else None
            set_font(para.add_run("— "), PAGE_NUMBER_FONT, Pt(14))
            self._page_field(para)
            set_font(para.add_run(" —"), PAGE_NUMBER_FONT, Pt(14))

    @staticmethod
    def _page_field(para) -> None:
        """A PAGE field: begin, instruction, separate, a shown value, end."""
        def run_with(child):
            run = para.add_run()
            set_font(run, PAGE_NUMBER_FONT, Pt(14))
            run._element.append(child)
            return run

        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        run_with(begin)
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        run_with(instr)
        sep = OxmlElement("w:fldChar")
        sep.set(qn("w:fldCharType"), "separate")
        run_with(sep)
        set_font(para.add_run("1"), PAGE_NUMBER_FONT, Pt(14))
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run_with(end)

    # -- blocks ------------------------------------------------------------------
    def label(self, text: str) -> None:
        """附件: flush left, 黑体 三号, above the title."""
        para = self.doc.add_paragraph()
        self._body_spacing(para)
        set_font(para.add_run(_xml(text)), HEADING_FONT, BODY_SIZE)

    def title(self, text: str) -> None:
        """Centred; a line break where ``text`` has \\n."""
        para = self.doc.add_paragraph(style="Title")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(para.add_run(_xml(text)), TITLE_FONT, TITLE_SIZE)

    def subtitle(self, text: str) -> None:
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._body_spacing(para)
        set_font(para.add_run(_xml(text)), BODY_FONT, BODY_SIZE)

    def heading(self, text: str, level: int = 1) -> None:
        """Level 1 in 黑体, level 2 in 楷体 (GB/T 9704's first two levels)."""
        para = self.doc.add_paragraph(style=f"Heading {level}")
        set_font(para.add_run(_xml(text)), HEADING_FONT if level == 1 else KAI_FONT, BODY_SIZE)

    def paragraph(self, text: str, indent: bool = True, size=BODY_SIZE) -> None:
        para = self.doc.add_paragraph()
        self._body_spacing(para)
        if indent:
            para.paragraph_format.first_line_indent = size * 2
        set_font(para.add_run(_xml(text)), BODY_FONT, size)

    @staticmethod
    def _body_spacing(para) -> None:
        pf = para.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
              align: Sequence[str] | None = None, size=TABLE_SIZE) -> None:
        """A bordered table, its header row repeated on every page.  ``align``
        per column: "c" centre, "l" left, "r" right."""
        align = align or ["c"] * len(header)
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        trpr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        where = {"c": WD_ALIGN_PARAGRAPH.CENTER, "l": WD_ALIGN_PARAGRAPH.LEFT, "r": WD_ALIGN_PARAGRAPH.RIGHT}
        for r, values in enumerate([header, *rows]):
            cells = table.rows[r].cells
            for c, value in enumerate(values):
                cell = cells[c]
                cell.width = Mm(widths_mm[c])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                para = cell.paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else where[align[c]]
                pf = para.paragraph_format
                pf.space_before = pf.space_after = Pt(2)
                pf.line_spacing = 1.0
                font = HEADING_FONT if r == 0 else BODY_FONT
                _mark_font(para, font, size)  # an empty cell is as high as a full one
                if value:
                    set_font(para.add_run(_xml(str(value))), font, size)
        for c, w in enumerate(widths_mm):
            table.columns[c].width = Mm(w)

    def spacer(self) -> None:
        para = self.doc.add_paragraph()
        self._body_spacing(para)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return deterministic_zip(buf.getvalue())


def deterministic_zip(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01, so that the same
    document gives the same bytes (python-docx stamps members with the time
    of writing)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# ---- the appendix -------------------------------------------------------------

#: the page's type area is 156 mm wide (210 − 28 − 26)
_TARGET_WIDTHS = (52, 26, 52, 26)


def appendix_docx(doc) -> bytes:
    """The appendix model of :func:`xinxi_dsl.render.appendix` as DOCX."""
    w = Writer(doc.title)
    w.label(doc.p["attachment"])
    w.title(doc.title)
    if doc.doc_number:
        w.subtitle(doc.doc_number)
    if doc.year:
        w.paragraph(doc.year + "。")
    if doc.report:  # 每月通报: of the whole notice, not of its last section
        w.paragraph(doc.report + "。")
    for g in doc.groups:
        w.heading(g.heading)
        if g.rows:
            head = (doc.p["unit"], g.col or doc.p["target_col"]) * 2
            w.table(head, [[c.strip() for c in r] for r in g.rows], _TARGET_WIDTHS, ("c", "c", "c", "c"))
            w.spacer()
        else:
            w.paragraph(g.members)
    for s in doc.sections:
        w.heading(s.heading)
        for c in s.clauses:
            w.paragraph(c.line)
    if doc.checklist:
        w.heading(doc.checklist_title)
        for depth, kind, text in doc.checklist:
            if kind == "heading":
                w.heading(text, level=2)
            else:
                w.paragraph(text)
    return w.bytes()


# ---- the report (通报) -----------------------------------------------------------

#: the report's tables in 五号 (10.5 pt): seven columns whose headers fit on one line
REPORT_TABLE_SIZE = Pt(10.5)
_UNIT_WIDTHS = (12, 46, 19, 19, 19, 21, 20)
_OTHER_WIDTHS = (60, 24, 24, 48)
_UNMATCHED_WIDTHS = (16, 36, 104)
_DETAIL_WIDTHS = (15, 27, 14, 30, 12, 12, 46)


def report_docx(b) -> bytes:
    """The report model of :func:`xinxi_dsl.bulletin.build` as DOCX."""
    from ..engine.outputs import dec, pct

    p = b.p
    w = Writer(b.title)
    w.title("\n".join(b.title_lines))
    w.paragraph(b.span_line() + p["legend"])
    for g in b.groups:
        w.heading(g.name)
        rows = [[str(r.rank or ""), r.name, dec(r.period_points), dec(r.to_date), dec(r.target) or "",
                 pct(r.completion) if r.completion is not None else "", r.mark] for r in g.rows]
        w.table([(g.target_head or p[k]) if k == "target" else p[k]
                 for k in ("rank", "unit", "period_pts", "to_date", "target", "completion", "mark")], rows,
                _UNIT_WIDTHS, ("c", "l", "r", "r", "r", "r", "c"), REPORT_TABLE_SIZE)
        w.spacer()
    if b.others:
        w.heading(p["others"])
        w.table([p["unit"], p["period_pts"], p["to_date"], p["counted_into"]],
                [[r.name, dec(r.period_points), dec(r.to_date), r.counted_into or ""] for r in b.others],
                _OTHER_WIDTHS, ("l", "r", "r", "l"), REPORT_TABLE_SIZE)
        w.spacer()
    w.heading(p["unmatched"])
    if b.unmatched:
        w.table([p["row"], p["unit"], p["reason"]], [[str(m.row), m.unit, f"{m.reason_zh} ({m.reason})"] for m in b.unmatched],
                _UNMATCHED_WIDTHS, ("r", "l", "l"), REPORT_TABLE_SIZE)
        w.spacer()
    else:
        w.paragraph(p["none_unmatched"])
    w.heading(p["details"])
    for d in b.details:
        w.heading(p["unit_head"].format(name=d.unit.name, p=dec(d.unit.period_points), t=dec(d.unit.to_date)), level=2)
        rows = [[str(ln.row), ln.date.isoformat(), ln.clause, ln.rule, dec(ln.points), p["yes"] if ln.in_period else "", ln.title]
                for ln in d.lines]
        rows.append(["", "", "", p["total"], dec(d.unit.to_date), "", ""])
        w.table([p[k] for k in ("row", "date", "clause", "rule", "points", "in_period", "title_col")], rows,
                _DETAIL_WIDTHS, ("r", "c", "c", "l", "r", "c", "l"), REPORT_TABLE_SIZE)
        w.spacer()
    return w.bytes()
