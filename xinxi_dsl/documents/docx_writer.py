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
from docx.shared import Mm, Pt, RGBColor

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


#: a date as the notice writes it (2012年3月1日, 3月31日): never broken across two lines
_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日")
#: in running text, a figure too (95.38%, 2.5): LibreOffice broke 95.\n38% in the GZ05
#: summary.  Not in table cells: a figure copied from a cell must stay a number.
_DATE_OR_FIGURE = re.compile(_DATE.pattern + r"|-?\d+\.\d+%?|\d+%")
WORD_JOINER = "\u2060"


def unbroken_dates(text: str, figures: bool = False) -> str:
    """Word and LibreOffice may break a line between any two CJK characters
    (and after the point of a number): a WORD JOINER between the characters
    of each date — and with ``figures``, of each figure — keeps it on one line."""
    return (_DATE_OR_FIGURE if figures else _DATE).sub(lambda m: WORD_JOINER.join(m[0]), text)


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


def _chinese(doc) -> None:
    """Tag the document Chinese (w:lang zh-CN in every slot) instead of
    python-docx's template's en-US: LibreOffice and Word pick the CJK font
    and the line breaking by the eastAsia language."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    for rpr in [*defaults.iter(qn("w:rPr")), *(st.find(qn("w:rPr")) for st in styles.iter(qn("w:style")))]:
        if rpr is None:
            continue
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for slot in ("w:val", "w:eastAsia"):
            lang.set(qn(slot), "zh-CN")


def _cell_margins(table, width) -> None:
    """Left and right cell margins of the whole table."""
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        el = OxmlElement(side)
        el.set(qn("w:w"), str(int(width.pt * 20)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _borders(cell, **sides: str) -> None:
    """``sides``: left/right/top/bottom → "none", "single" or "dashed"."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), "nil" if sides[side] == "none" else sides[side])
            if sides[side] != "none":
                el.set(qn("w:sz"), "8")
                el.set(qn("w:color"), "000000")
            borders.append(el)
    tcpr.append(borders)


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

    def __init__(self, title: str, font: str | None = None, convert=None):
        """``font``: the office's body font (default 仿宋_GB2312), in every
        slot of the body's runs, the eastAsia slot included.  ``convert``:
        applied to every text written (the document's one script)."""
        self.doc = Document()
        doc = self.doc
        self.font = font or BODY_FONT
        self.convert = convert or (lambda t: t)
        _chinese(doc)
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        # the page number's top 7 mm below the type area: 35 − 7 − 5 (the line) = 23 mm from the edge
        sec.header_distance, sec.footer_distance = Mm(15), Mm(23)
        _style_font(doc.styles["Normal"], self.font, BODY_SIZE)
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
        title = self.convert(_xml(title))
        props.title = title[:254] + "…" if len(title) > 255 else title
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
    def _t(self, text: str, figures: bool = False) -> str:
        return unbroken_dates(self.convert(_xml(text)), figures)

    def label(self, text: str) -> None:
        """附件: flush left, 黑体 三号, above the title."""
        para = self.doc.add_paragraph()
        self._body_spacing(para)
        set_font(para.add_run(self._t(text)), HEADING_FONT, BODY_SIZE)

    def title(self, text: str) -> None:
        """Centred; a line break where ``text`` has \\n."""
        para = self.doc.add_paragraph(style="Title")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(para.add_run(self._t(text)), TITLE_FONT, TITLE_SIZE)

    def subtitle(self, text: str) -> None:
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._body_spacing(para)
        set_font(para.add_run(self._t(text)), self.font, BODY_SIZE)

    def heading(self, text: str, level: int = 1) -> None:
        """Level 1 in 黑体, level 2 in 楷体 (GB/T 9704's first two levels)."""
        para = self.doc.add_paragraph(style=f"Heading {level}")
        set_font(para.add_run(self._t(text)), HEADING_FONT if level == 1 else KAI_FONT, BODY_SIZE)

    def paragraph(self, text: str, indent: bool = True, size=BODY_SIZE) -> None:
        para = self.doc.add_paragraph()
        self._body_spacing(para)
        if indent:
            para.paragraph_format.first_line_indent = size * 2
        set_font(para.add_run(self._t(text, figures=True)), self.font, size)

    @staticmethod
    def _body_spacing(para) -> None:
        pf = para.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
              align: Sequence[str] | None = None, size=TABLE_SIZE, narrow: bool = False) -> None:
        """A bordered table, its header row repeated on every page.  ``align``
        per column: "c" centre, "l" left, "r" right.  ``narrow``: 1 mm
        between a cell's border and its text (Word's default is 1.9 mm)."""
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
                font = HEADING_FONT if r == 0 else self.font
                _mark_font(para, font, size)  # an empty cell is as high as a full one
                if value:
                    set_font(para.add_run(self._t(str(value))), font, size)
        if narrow:
            _cell_margins(table, Mm(1))
        for c, w in enumerate(widths_mm):
            table.columns[c].width = Mm(w)

    def office_head(self, office: str, number: str) -> None:
        """The issuing office's name (red, 方正小标宋, centred), the 文号 under
        it and a red rule: GB/T 9704's 版头, as far as a report needs one."""
        if office:
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(self._t(office))
            set_font(run, TITLE_FONT, Pt(30))
            run.font.color.rgb = RGBColor(0xC0, 0, 0)
        if number:
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._body_spacing(para)
            set_font(para.add_run(self._t(number)), self.font, BODY_SIZE)
        rule = self.doc.add_paragraph()
        pbdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "C00000")):
            bottom.set(qn(k), v)
        pbdr.append(bottom)
        rule._p.get_or_add_pPr().append(pbdr)
        rule.paragraph_format.space_after = LINE

    def signature(self, office: str, issued: str) -> None:
        """The office and the date at the foot, right, four characters in."""
        self.spacer()
        for text in (office, issued):
            if text:
                para = self.doc.add_paragraph()
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._body_spacing(para)
                para.paragraph_format.right_indent = BODY_SIZE * 4
                set_font(para.add_run(self._t(text)), self.font, BODY_SIZE)

    def bar_chart(self, caption: str, bars: Sequence[tuple[str, str, float, bool]], pace: float,
                  size=Pt(9)) -> None:
        """A bar chart made of table cells (python-docx cannot place an SVG
        and the project has no image library): a unit's name, 20 cells of 5%
        each filled to its completion (red when behind the pace), a dashed
        line at the pace, and the value.  ``bars``: (name, value text,
        completion as a fraction, behind)."""
        steps = 20
        para = caption_para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._body_spacing(para)
        set_font(para.add_run(self._t(caption)), HEADING_FONT, Pt(12))
        table = self.doc.add_table(rows=len(bars) + 1, cols=steps + 2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table, Mm(0.5))
        widths = [Mm(40)] + [Mm(4.5)] * steps + [Mm(18)]
        pace_at = max(0, min(steps, round(pace * steps)))  # the cell whose left edge is the pace
        for r, tr in enumerate(table.rows):
            cells = tr.cells
            for c, cell in enumerate(cells):
                cell.width = widths[c]
                para = cell.paragraphs[0]
                para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
                para.paragraph_format.line_spacing = 1.0
                _mark_font(para, self.font, size)
            if r == len(bars):  # the scale under the cells: 0%, 25%, 50%, 75% at the left of a quarter
                for c in range(steps + 2):
                    _borders(cells[c], top="none", left="none", bottom="none", right="none")
                quarter = steps // 4
                for k in range(4):
                    merged = cells[1 + k * quarter].merge(cells[k * quarter + quarter])
                    for extra in merged.paragraphs[1:]:
                        extra._p.getparent().remove(extra._p)
                    set_font(merged.paragraphs[0].add_run(f"{k * 25}%"), self.font, Pt(8))
                set_font(cells[-1].paragraphs[0].add_run("100%"), self.font, Pt(8))
                continue
            name, value, frac, behind = bars[r]
            cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_font(cells[0].paragraphs[0].add_run(self._t(name)), self.font, size)
            filled = max(0, min(steps, round(frac * steps)))
            for c in range(1, steps + 1):
                if c <= filled:
                    _shade(cells[c], "C0504D" if behind else "4472C4")
                left = "dashed" if c - 1 == pace_at else "none"
                _borders(cells[c], top="none", bottom="none", left=left,
                         right="dashed" if c == steps and pace_at == steps else "none")
            set_font(cells[-1].paragraphs[0].add_run(value), self.font, size)
            _borders(cells[0], top="none", left="none", bottom="none", right="single")
            _borders(cells[-1], top="none", left="none" if pace_at < steps else "dashed", bottom="none", right="none")
        for c, w in enumerate(widths):
            table.columns[c].width = w
        # one chart, one piece: its caption and rows kept with the next, no row split (a
        # chart longer than a page still breaks, where it must)
        caption_para.paragraph_format.keep_with_next = True
        for tr in table.rows:
            tr_pr = tr._tr.get_or_add_trPr()
            later = [e for e in tr_pr if e.tag in (qn("w:trHeight"), qn("w:tblHeader"), qn("w:tblCellSpacing"), qn("w:jc"), qn("w:hidden"))]
            split = OxmlElement("w:cantSplit")  # CT_TrPr's order: before trHeight, tblHeader, jc
            later[0].addprevious(split) if later else tr_pr.append(split)
            if tr is not table.rows[-1]:
                for cell in tr.cells:
                    for p in cell.paragraphs:
                        p.paragraph_format.keep_with_next = True

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
    from .appendix import in_script

    w = Writer(doc.title, doc.font, lambda t: in_script(doc, t))
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

#: the report's tables in 五号 (10.5 pt, 3.7 mm a character) with 1 mm cell margins:
#: seven columns whose headers fit on one line, an 11-character unit name and
#: a 9-character 备注 (采用12条；进度滞后) on one line, a date (12月28日) unbroken
REPORT_TABLE_SIZE = Pt(10.5)
_UNIT_WIDTHS = (10, 44, 17, 17, 17, 15, 36)
_OTHER_WIDTHS = (60, 24, 24, 48)
_UNMATCHED_WIDTHS = (16, 40, 100)
_DETAIL_WIDTHS = (15, 20, 22, 42, 11, 11, 35)


def report_docx(b) -> bytes:
    """The report model of :func:`xinxi_dsl.bulletin.build` as DOCX.  The
    model's text is already in its one script; so is every phrase here."""
    from ..engine.outputs import dec, pct

    p = b.p
    w = Writer(b.title, b.header.font)
    if b.header.office or b.header.number:
        w.office_head(b.header.office, b.header.number)
    w.title("\n".join(t for t in b.title_lines if t))
    w.paragraph(b.span_line() + p["legend"])
    w.paragraph(b.summary)
    for g in b.groups:
        w.heading(g.name)
        rows = [[str(r.rank or ""), r.name, dec(r.period_points), dec(r.to_date), dec(r.target) or "",
                 pct(r.completion) if r.completion is not None else "", r.short_mark] for r in g.rows]
        w.table([(g.target_head or p[k]) if k == "target" else p[k]
                 for k in ("rank", "unit", "period_pts", "to_date", "target", "completion", "mark")], rows,
                _UNIT_WIDTHS, ("c", "l", "r", "r", "r", "r", "c"), REPORT_TABLE_SIZE, narrow=True)
        for note in g.notes:
            w.paragraph(note, indent=False, size=REPORT_TABLE_SIZE)
        w.spacer()
        bars = [(r.name, pct(r.completion), float(r.completion), r.behind) for r in g.rows if r.completion is not None]
        if bars:
            w.bar_chart(b.chart_caption(g), bars, float(b.pace))
            w.spacer()
    if b.others:
        w.heading(p["others"])
        w.table([p["unit"], p["period_pts"], p["to_date"], p["counted_into"]],
                [[r.name, dec(r.period_points), dec(r.to_date), r.counted_into or ""] for r in b.others],
                _OTHER_WIDTHS, ("l", "r", "r", "l"), REPORT_TABLE_SIZE, narrow=True)
        w.spacer()
    w.heading(p["unmatched"])
    if b.unmatched:
        w.table([p["row"], p["unit"], p["reason"]], [[str(m.row), m.unit, m.reason_zh] for m in b.unmatched],
                _UNMATCHED_WIDTHS, ("r", "l", "l"), REPORT_TABLE_SIZE, narrow=True)
        w.spacer()
    else:
        w.paragraph(p["none_unmatched"])
    w.heading(p["details"])
    for d in b.details:
        w.heading(p["unit_head"].format(name=d.unit.name, p=dec(d.unit.period_points), t=dec(d.unit.to_date)), level=2)
        rows = [[str(ln.row), b.day(ln.date), ln.clause, ln.rule, dec(ln.points), p["yes"] if ln.in_period else "", ln.title]
                for ln in d.lines]
        rows.append(["", "", "", p["total"], dec(d.unit.to_date), "", ""])
        w.table([p[k] for k in ("row", "date", "clause", "rule", "points", "in_period", "title_col")], rows,
                _DETAIL_WIDTHS, ("r", "c", "c", "l", "r", "c", "l"), REPORT_TABLE_SIZE, narrow=True)
        w.spacer()
    if b.header.office or b.issued:
        w.signature(b.header.office, b.issued)
    return w.bytes()
