"""``xinxi lsp``: a language server over stdio, for editors (VS Code: editors/vscode/).

What the editor shows, from the text it holds (not the file on disk):

- diagnostics on open and on every change: each one ``xinxi check`` gives,
  with the Chinese message, the English key as ``code``, and the range of
  its span (xinxi counts lines and columns from 1 in characters, LSP from 0
  in the client's code units: UTF-16 unless it asked otherwise);
- hover on a clause: the sentence the appendix prints for it (with the
  other statements of the same label), the clause's ID, label and section;
  on a unit group's header: its heading and units;
- completion: the keywords, and the groups, units, publications, columns
  and column values the file already names (from its last version that
  compiled, since a line being typed rarely does);
- go to definition: a group or unit name in a clause → its line in the
  group; a clause ID (按A-1的2倍计分) → that clause;
- formatting: the whole document through ``fmt`` (nothing when the text does
  not parse, or if the layout would change its meaning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__, compile_text
from ..compiler import ir
from ..documents.appendix import appendix, checklist_entries
from ..engine.outputs import dec
from ..foundation.diagnostics import MAX_DIAGNOSTICS, Diagnostic, Span, XinxiError
from ..language.fmt import format_source, same_meaning
from ..language.keywords import KEYWORDS

Units = Callable[[str], int]


def utf16(text: str) -> int:
    """LSP's default unit: a character beyond the BMP (𠀀) takes two."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Analysis:
    """One version of a document: its lines (split as the lexer splits, on \\n
    only), the IR when it compiles, and every diagnostic."""

    source: str
    lines: list[str]
    reg: ir.Regulation | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def analyse(source: str, file: str = "<editor>") -> Analysis:
    lines = [line.removesuffix("\r") for line in source.split("\n")]
    try:
        reg, warnings = compile_text(source, file)
    except XinxiError as exc:
        return Analysis(source, lines, None, _capped(exc.diagnostics))
    except Exception as exc:  # a bug of ours: said in the editor, and the server keeps serving
        return Analysis(source, lines, None, [Diagnostic(
            "internal-error", f"内部错误：{type(exc).__name__}: {exc}；请报告此问题 (internal error)", Span(file, 1, 0))])
    return Analysis(source, lines, reg, _capped(warnings))


def _capped(diags: list[Diagnostic]) -> list[Diagnostic]:
    """At most MAX_DIAGNOSTICS, as the CLI prints; then a note, where the next one is."""
    if len(diags) <= MAX_DIAGNOSTICS:
        return list(diags)
    rest = len(diags) - MAX_DIAGNOSTICS
    return [*diags[:MAX_DIAGNOSTICS], Diagnostic("more-problems", f"……另有{rest}个问题未列出 (more problems not shown)",
                                                  diags[MAX_DIAGNOSTICS].span, "note")]


# ---- positions ---------------------------------------------------------------

def _position(lines: list[str], line: int, column: int, units: Units) -> T.Position:
    """xinxi's (1-based line, 1-based column in characters) → LSP's."""
    if not lines:
        return T.Position(0, 0)
    row = min(max(line, 1), len(lines)) - 1
    text = lines[row]
    return T.Position(row, units(text[: max(column - 1, 0)]))


def to_range(span: Span | None, lines: list[str], units: Units = utf16) -> T.Range:
    """The range a span covers: from its column to its end column, or (a
    whole statement) to the end of its last line; one character where the
    span has no end; the whole line where it has no column; the file's
    first line where it has no line."""
    if span is None or span.line <= 0 or not lines:
        first = lines[0] if lines else ""
        return T.Range(T.Position(0, 0), T.Position(0, units(first)))
    start_line = min(int(span.line), len(lines))
    text = lines[start_line - 1]
    if span.column <= 0:
        return T.Range(T.Position(start_line - 1, 0), T.Position(start_line - 1, units(text)))
    start = _position(lines, start_line, span.column, units)
    if span.end_line == span.line and span.end_column > span.column:
        end = _position(lines, start_line, span.end_column, units)
    elif span.end_line > span.line:
        last = min(int(span.end_line), len(lines))
        end = (_position(lines, last, span.end_column, units) if span.end_column > 0
               else T.Position(last - 1, units(lines[last - 1])))
    else:
        end = _position(lines, start_line, span.column + 1, units)
        if end.character == start.character:  # the column is at the line's end
            end = T.Position(start.line, start.character + 1)
    return T.Range(start, end)


def column_at(text: str, character: int, units: Units = utf16) -> int:
    """The 0-based character index in ``text`` of a client position's character."""
    seen = 0
    for i, c in enumerate(text):
        if seen >= character:
            return i
        seen += units(c)
    return len(text)


_SEVERITY = {"error": T.DiagnosticSeverity.Error, "warning": T.DiagnosticSeverity.Warning}


def lsp_diagnostics(a: Analysis, units: Units = utf16) -> list[T.Diagnostic]:
    return [T.Diagnostic(range=to_range(d.span, a.lines, units), message=d.message,
                         severity=_SEVERITY.get(d.severity, T.DiagnosticSeverity.Information),
                         code=d.key, source="xinxi")
            for d in a.diagnostics]


# ---- the statements of a regulation --------------------------------------------

def statements(reg: ir.Regulation) -> list:
    """Every clause-like statement with a span, in the appendix's list."""
    items = [*reg.rules, *reg.transfers, *reg.counts, *reg.outcomes, *reg.period_rules, *reg.allowances,
             *reg.combines, *reg.texts]
    items += [x for x in (reg.start_clause, reg.unlisted, reg.year) if x is not None]
    if reg.checklist is not None:
        def walk(sections):
            for s in sections:
                yield s
                yield from walk(x for x in s.items if isinstance(x, ir.IndicatorSection))
                yield from (x for x in s.items if isinstance(x, ir.Indicator))
        items += list(walk(reg.checklist.sections))
    return [x for x in items if x.span is not None]


def _covers(span: Span, line: int) -> bool:
    return span.line == line or span.line <= line <= span.end_line


def _md(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


def hover(reg: ir.Regulation, line: int, text: str = "") -> str | None:
    """Markdown for the statement on ``line`` (1-based), whose ``text`` it is, or None."""
    for g in reg.groups:
        if g.span is not None and g.span.line == line:
            head = f"**单位组 {_md(g.name)}**" + (f"【{_md(g.label)}】" if g.label else "")
            targets = "、".join(f"{u.name} {dec(u.target)}" if u.target is not None else u.name for u in g.units)
            shared = f"，目标{dec(g.target)}分" if g.target is not None else ""
            return f"{head}\n\n{len(g.units)}个单位{shared}：{_md(targets)}"
    # the statement that starts on the line, else the innermost that spans it
    # (an indicator section of D09-X spans its indicators); no comment line
    items = statements(reg)
    item = next((x for x in items if x.span.line == line), None)
    if item is None and not text.lstrip().startswith("#") and text.strip():
        item = max((x for x in items if _covers(x.span, line)), key=lambda x: x.span.line, default=None)
    if item is None:
        return None
    label = getattr(item, "label", None)
    section = getattr(item, "section", None)
    head = (f"**{_md(item.id)}**" if getattr(item, "id", None) else "") + (f"【{_md(label)}】" if label else "")
    head = " ".join(x for x in (head, _md(section) if section else "") if x)
    sentence = None
    doc = appendix(reg)
    for s in doc.sections:
        for c in s.clauses:
            if item.span.line in c.lines:
                sentence = c.line
    if isinstance(item, (ir.Indicator, ir.IndicatorSection)):
        sentence = _checklist_sentences(reg, doc.p).get(item.span.line)
    elif isinstance(item, ir.AssessmentYear):
        sentence = doc.year
    if sentence is None:
        source = getattr(item, "source", None)
        sentence = source.strip() if source else None
    if sentence is None:
        return head or None
    return f"{head}\n\n{_md(sentence)}" if head else _md(sentence)


def _checklist_sentences(reg: ir.Regulation, p: dict) -> dict[int, str]:
    """D09-X: each indicator's and section's line → the appendix's sentence
    (checklist_entries walks them in the order written, as this does)."""
    def walk(items):
        for it in items:
            yield it
            if isinstance(it, ir.IndicatorSection):
                yield from walk(it.items)

    return {it.span.line: text for it, (_, _, text) in zip(walk(reg.checklist.sections), checklist_entries(reg.checklist, p))
            if it.span is not None}


# ---- completion ------------------------------------------------------------------

def _named(reg: ir.Regulation):
    """(label, kind, detail) of every name the file uses, first the groups and units."""
    for g in reg.groups:
        yield g.name, T.CompletionItemKind.Module, "单位组 (group)"
        for u in g.units:
            for name in (u.name, *u.aliases):
                yield name, T.CompletionItemKind.Unit, f"单位 (unit)：{g.name}"
    conditions = [c for r in reg.rules for c in r.conditions]
    conditions += [c for r in reg.counts for c in r.conditions]
    conditions += [c for r in reg.period_rules for c in r.quantity.conditions]
    names = {a.key: a.name for a in reg.attributes}
    for a in reg.attributes:
        yield a.name, T.CompletionItemKind.Field, "列 (column)"
    for r in reg.rules:
        if r.column:
            yield r.column, T.CompletionItemKind.Field, "列 (column)"
    for c in conditions:
        if c.form == "keyed" or c.key not in names:
            yield names.get(c.key, c.key), T.CompletionItemKind.Field, "列 (column)"
    values = [(a.key, v) for a in reg.attributes for v in a.values] + [(c.key, v) for c in conditions for v in c.values]
    for key, v in values:
        if key == "刊物":
            yield f"《{v.strip('《》')}》", T.CompletionItemKind.Constant, "刊物 (publication)"
        else:
            yield v, T.CompletionItemKind.EnumMember, f"“{names.get(key, key)}”列的值 (value of column {key})"


def completions(reg: ir.Regulation | None) -> list[T.CompletionItem]:
    """The file's own names, then the keywords (in the file's script)."""
    items: list[T.CompletionItem] = []
    seen: set[str] = set()

    def add(label: str, kind, detail: str, order: int) -> None:
        if label and label not in seen:
            seen.add(label)
            items.append(T.CompletionItem(label=label, kind=kind, detail=detail, sort_text=f"{order}{len(items):05d}"))

    if reg is not None:
        for label, kind, detail in _named(reg):
            add(label, kind, detail, 0)
    for kw in KEYWORDS:
        spellings = kw.spellings if reg is None else (kw.traditional if reg.script == "t" else kw.simplified)
        for s in spellings:
            if not s.startswith("re:"):
                add(s, T.CompletionItemKind.Keyword, f"关键字 ({kw.key})", 1)
    return items


# ---- definition -------------------------------------------------------------------

def _targets(reg: ir.Regulation):
    for g in reg.groups:
        yield g.name, g.span, False
        for u in g.units:
            for name in (u.name, *u.aliases):
                yield name, u.span, False
    for x in statements(reg):
        if getattr(x, "id", None):
            yield x.id, x.span, True


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "-_")


def definition(reg: ir.Regulation, text: str, column: int) -> Span | None:
    """The definition of the name at ``column`` (0-based, characters) of the
    line ``text``: the longest group name, unit name or clause ID there."""
    best: tuple[int, Span] | None = None
    for name, span, is_id in _targets(reg):
        if not name or span is None:
            continue
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            whole = not is_id or ((start == 0 or not _word_char(text[start - 1]))
                                  and (end == len(text) or not _word_char(text[end])))
            if whole and start <= column <= end and (best is None or len(name) > best[0]):
                best = (len(name), span)
            start = text.find(name, start + 1)
    return best[1] if best else None


# ---- formatting ---------------------------------------------------------------------

def formatting(source: str, units: Units = utf16) -> list[T.TextEdit] | None:
    """One edit replacing the whole text with its canonical layout; [] when it
    already is; None when it cannot be formatted (it does not parse)."""
    try:
        out = format_source(source)
    except XinxiError:
        return None
    if out == source.lstrip("\ufeff"):
        return []
    if not same_meaning(source, out):  # pragma: no cover - a bug of fmt's
        return None
    lines = source.split("\n")
    end = T.Position(len(lines) - 1, units(lines[-1]))
    return [T.TextEdit(range=T.Range(T.Position(0, 0), end), new_text=out)]


# ---- the server ---------------------------------------------------------------------

def _file(uri: str) -> str:
    return to_fs_path(uri) or uri


def build() -> LanguageServer:
    server = LanguageServer("xinxi", __version__)
    state: dict[str, Analysis] = {}
    good: dict[str, ir.Regulation] = {}  # each document's last version that compiled

    def units_of(uri: str) -> Units:
        return server.workspace.get_text_document(uri).position_codec.client_num_units

    def refresh(uri: str) -> None:
        doc = server.workspace.get_text_document(uri)
        a = analyse(doc.source, _file(uri))
        state[uri] = a
        if a.reg is not None:
            good[uri] = a.reg
        server.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
            uri=uri, version=doc.version, diagnostics=lsp_diagnostics(a, units_of(uri))))

    def current(uri: str) -> Analysis:
        if uri not in state:
            refresh(uri)
        return state[uri]

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: T.DidOpenTextDocumentParams) -> None:
        refresh(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: T.DidChangeTextDocumentParams) -> None:
        refresh(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: T.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        state.pop(uri, None)
        good.pop(uri, None)
        server.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(T.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: LanguageServer, params: T.HoverParams) -> T.Hover | None:
        uri = params.text_document.uri
        current(uri)
        reg = good.get(uri)
        a, row = state[uri], params.position.line
        text = reg and hover(reg, row + 1, a.lines[row] if row < len(a.lines) else "")
        if not text:
            return None
        return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=text))

    @server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=["《", "“", "【", "（"]))
    def on_completion(ls: LanguageServer, params: T.CompletionParams) -> T.CompletionList:
        uri = params.text_document.uri
        current(uri)
        return T.CompletionList(is_incomplete=False, items=completions(good.get(uri)))

    @server.feature(T.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: LanguageServer, params: T.DefinitionParams) -> T.Location | None:
        uri = params.text_document.uri
        a = current(uri)
        reg = good.get(uri)
        row = params.position.line
        if reg is None or row >= len(a.lines):
            return None
        units = units_of(uri)
        span = definition(reg, a.lines[row], column_at(a.lines[row], params.position.character, units))
        if span is None:
            return None
        start = to_range(Span(span.file, span.line, max(span.column, 1)), a.lines, units).start
        end = T.Position(start.line, units(a.lines[start.line]))
        return T.Location(uri=uri, range=T.Range(start, end))

    @server.feature(T.TEXT_DOCUMENT_FORMATTING)
    def on_formatting(ls: LanguageServer, params: T.DocumentFormattingParams) -> list[T.TextEdit] | None:
        uri = params.text_document.uri
        return formatting(server.workspace.get_text_document(uri).source, units_of(uri))

    return server


def serve() -> None:
    """Speak LSP on stdin/stdout until the client exits."""
    build().start_io()
