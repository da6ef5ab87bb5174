"""The ``xinxi`` command: check, score, explain, compile, render.

Every user error (bad regulation, bad ledger, missing file) is printed as
``file:line:col`` with a caret under the right character, in Chinese with an
English key, and exits with status 2 — never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from . import compile_file, read_source
from .compiler import ir
from .foundation.diagnostics import Diagnostic, Span, XinxiError, render

app = typer.Typer(add_completion=False, no_args_is_help=True, help="xinxi：政务信息计分办法编译器 (a compiler for information-work scoring rules)")
#: piped output is not cut at 80 columns: tables of Chinese names need room
out = Console(highlight=False, emoji=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)


def _say(text: str) -> None:
    """A message on stderr: never markup, control characters shown as \\x1b."""
    from .engine.outputs import visible

    err.print(visible(text), markup=False)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"xinxi {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="显示版本 (show the version)")) -> None:
    """xinxi：政务信息计分办法编译器 (a compiler for information-work scoring rules)"""


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ScoreOut(str, Enum):
    """``score``'s formats: xlsx is the clerk's own ledger with each row's points."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Emit(str, Enum):
    ir = "ir"


class RenderFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"


class Script(str, Enum):
    s = "s"
    t = "t"


def _fail(exc: XinxiError) -> None:
    sources: dict[str, str | None] = {}
    from .foundation.diagnostics import MAX_DIAGNOSTICS

    for d in exc.diagnostics[:MAX_DIAGNOSTICS]:
        src = None
        if d.span is not None and d.source_line is None and d.span.column > 0:
            if d.span.file not in sources:
                try:
                    sources[d.span.file] = read_source(d.span.file)
                except XinxiError:
                    sources[d.span.file] = None
            src = sources[d.span.file]
        _say(render(d, src))
    if len(exc.diagnostics) > MAX_DIAGNOSTICS:
        _say(f"……另有{len(exc.diagnostics) - MAX_DIAGNOSTICS}个问题未列出 (more problems not shown)")
    raise typer.Exit(2)


def _compile(path: Path):
    reg, warnings = compile_file(path)
    src = read_source(path)
    for w in warnings:
        _say(render(w, src))
    return reg


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from .engine.ledger import parse_cell_date

    try:
        d = parse_cell_date(text)
    except ValueError:
        raise XinxiError(Diagnostic("bad-date", f"{option}的日期“{text}”无法识别，应写作2012-03-05 (bad date)", None)) from None
    if not FIRST_DAY <= d <= LAST_DAY:
        raise XinxiError(Diagnostic("bad-date", f"{option}的日期{d}不在{FIRST_DAY}至{LAST_DAY}之间 (date out of range)", None))
    return d


#: the dates --from/--to accept: the years --year accepts (periods.period)
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _period(from_: str | None, to: str | None, reg=None, year: int | None = None, quarter: int | None = None,
            month: str | None = None):
    """--from/--to, or --year/--quarter/--month resolved in the regulation's
    assessment year (GZ05: 12-01 … 11-30)."""
    from .engine import periods

    if year is not None or quarter is not None or month is not None:
        if from_ is not None or to is not None:
            raise XinxiError(Diagnostic("bad-period", "--from/--to 不能与 --year、--quarter、--month 同用 (choose one way to give the period)", None))
        p = periods.period(reg, month, quarter, year)
        return p.start, p.end
    a, b = _date(from_, "--from"), _date(to, "--to")
    if a and b and a > b:
        raise XinxiError(Diagnostic("bad-period", f"--from {a} 晚于 --to {b} (--from is after --to)", None))
    # one side given: the other is the regulation's 考核期
    end = b or (reg.period_to if reg is not None else None)
    start = a or (reg.period_from if reg is not None else None)
    if start and end and start > end:
        raise XinxiError(Diagnostic("bad-period", f"考核期为{start}至{end}，开始晚于结束 (the period would end before it starts)", None))
    return a, b


YEAR = typer.Option(None, "--year", help="考核年度 (assessment year; GZ05: 上年12月1日至当年11月30日)")
QUARTER = typer.Option(None, "--quarter", help="考核季度1–4 (quarter of the assessment year)")
MONTH = typer.Option(None, "--month", help="月份，如2012-03 (month)")
AS_OF = typer.Option(None, "--as-of", help="考核结论（通报表扬、通报批评）按截至此日已结束的季度判断；默认为台账最后日期，不晚于考核期结束 (judge outcomes as of DATE)")
COLUMNS = typer.Option(None, "--columns", metavar="列=表头", help="按自己的表头读列：列名=表头，如 批示=领导批示,刊物=刊物名称；可重复 (read a header as a column)")


def _as_of(text: str | None, start: date | None, reg=None) -> date | None:
    """--as-of: a date no earlier than the period's start (later than its
    end means its end: nothing after the period is judged)."""
    d = _date(text, "--as-of")
    if d is not None and start is not None and d < start:
        raise XinxiError(Diagnostic("bad-as-of", f"--as-of {d} 早于所计时期的开始日期{start}，没有可判断的季度 (the as-of date is before the period scored starts)", None))
    if d is not None and reg is not None and not (reg.outcomes or reg.period_rules or reg.allowances):
        _say(render(Diagnostic("as-of-unused", "本规程没有考核结论，--as-of 不起作用 (the regulation has no outcomes: --as-of changes nothing)",
                               None, severity="note")))
    return d


def _columns(specs: list[str] | None, reg) -> dict[str, str]:
    from .engine.evaluate import read_keys
    from .engine.ledger import parse_columns

    return parse_columns(specs or (), read_keys(reg))


FONT = typer.Option(None, "--font", help="正文字体，如 仿宋_GB2312、FangSong、仿宋；默认仿宋_GB2312 (the body font of the document)")


def _font(name: str | None) -> str | None:
    """A font name the DOCX and the HTML's CSS can carry as it is."""
    if name is None:
        return None
    name = name.strip()
    if not name or len(name) > 64 or any(ch in name for ch in '"\'<>{};\\') or not name.isprintable():
        raise XinxiError(Diagnostic("bad-font", f"--font的字体名“{name[:64]}”不能使用：应为1至64个字符，不含引号、尖括号、花括号、分号或控制字符 (bad font name)", None))
    return name


SHEET = typer.Option(None, "--sheet", help="只读取.xlsx台账的这个工作表；默认读取所有有台账表头的工作表 (read only this sheet)")


@app.command()
def check(regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)")) -> None:
    """检查规程 (check a regulation and report every problem)."""
    from .engine.outputs import visible

    reg = _compile(regulation)
    n_units = sum(1 for _ in reg.units())
    extra = ""
    if reg.outcomes:
        extra += f"、{len(reg.outcomes)}条考核结论"
    if reg.checklist is not None:
        extra += f"、{sum(1 for _ in reg.checklist.indicators())}项指标"
    if reg.period_rules or reg.allowances:
        extra += f"、{len(reg.period_rules) + len(reg.allowances)}条期间条款"
    out.print(visible(f"{regulation}: 无错误 (ok) — {len(reg.groups)}个单位组、{n_units}个单位、{len(reg.rules)}条计分条款、{len(reg.transfers)}条计入条款{extra}"), markup=False)


@app.command()
def score(
    regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)"),
    ledger: Path = typer.Argument(..., help="台账 (.csv / .xlsx)"),
    from_: Optional[str] = typer.Option(None, "--from", help="起始日期 (start date)"),
    to: Optional[str] = typer.Option(None, "--to", help="截止日期 (end date)"),
    format: ScoreOut = typer.Option(ScoreOut.table, "--format", help="输出格式 (table / json / csv / xlsx：原台账加上每行的得分、条款和未计分原因)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件，用于json、csv、xlsx (write to FILE)"),
    strict: bool = typer.Option(False, "--strict", help="台账有任何问题即失败（退出码1） (any ledger problem fails the run)"),
    year: Optional[int] = YEAR,
    quarter: Optional[int] = QUARTER,
    month: Optional[str] = MONTH,
    columns: Optional[list[str]] = COLUMNS,
    sheet: Optional[str] = SHEET,
    as_of: Optional[str] = AS_OF,
) -> None:
    """计分：每个单位的得分、目标、完成率和排名 (score a ledger).

    --format xlsx -o FILE writes the ledger back as the clerk wrote it,
    every sheet, row and column in its place, with each row's points, the
    notice's clause labels that gave them and why a row was not scored.

    Problems with single rows are listed after the scores (stderr) and the
    run goes on; the exit status is 2 if a row could not be read.  With
    --strict any problem (warnings too) fails the run with status 1."""
    from .engine import outputs

    from .engine.standings import year_to_date

    if output is not None and format is ScoreOut.table:
        raise XinxiError(Diagnostic("table-to-file", "表格只显示在终端；写入文件请用 --format json、csv 或 xlsx (the table is for the terminal: use --format json, csv or xlsx with -o)", None))
    _refuse_overwrite(output, [regulation, ledger], format)
    reg = _compile(regulation)
    start, end = _period(from_, to, reg, year, quarter, month)
    result, book = _score_ledger(reg, ledger, start, end, _columns(columns, reg), sheet, _as_of(as_of, start or reg.period_from, reg))
    _strict(result, strict)
    if format is ScoreOut.json:
        _write(outputs.dumps(result, year_to_date(reg, book, start, end)), output)
    elif format is ScoreOut.xlsx:
        from .documents.ledger_xlsx import scored_ledger

        cut: list[Diagnostic] = []
        _write(scored_ledger(result, book, sheet, cut), output)
        for d in cut:
            _say(render(d))
        if result.unmatched:
            _say(f"注意：{len(result.unmatched)}行未计分，原因见“未计分原因”列 (rows not scored: see the column 未计分原因)")
    elif format is ScoreOut.csv:
        text = outputs.to_csv(result, year_to_date(reg, book, start, end))
        _write(text.encode("utf-8-sig"), output) if output is not None else _csv(text)
        if result.unmatched:
            _say(f"注意：{len(result.unmatched)}行未计分，用 --format table 或 json 查看 (rows not scored: see --format table or json)")
    else:
        outputs.print_table(result, out, year_to_date(reg, book, start, end))
    _problems(result)


def _score(reg, ledger_path: Path, start: date | None, end: date | None, columns: dict[str, str] | None = None,
           sheet: str | None = None, as_of: date | None = None):
    """Score the ledger; a period that holds no ledger row, or lies outside
    the regulation's 考核期, is a warning among its problems."""
    return _score_ledger(reg, ledger_path, start, end, columns, sheet, as_of)[0]


def _score_ledger(reg, ledger_path: Path, start: date | None, end: date | None, columns: dict[str, str] | None = None,
                  sheet: str | None = None, as_of: date | None = None):
    """:func:`_score`, and the ledger read."""
    from .engine.evaluate import evaluate_ledger
    from .engine.ledger import read_ledger

    ledger = read_ledger(ledger_path, columns, sheet)
    result = evaluate_ledger(reg, ledger, start, end, as_of=as_of)
    _check_period(result, ledger, result.period_from or reg.period_from, result.period_to or reg.period_to)
    return result, ledger


def _check_period(result, ledger, start: date | None, end: date | None) -> None:
    from .engine import periods

    result.problems.extend(periods.period_warnings(result.regulation, ledger, start, end))


def _csv(text: str) -> None:
    """CSV on stdout, UTF-8 with a BOM (so Excel reads it right)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8-sig"))
    sys.stdout.flush()


def _strict(result, strict: bool) -> None:
    """--strict: any problem fails the run before anything is printed."""
    serious = [d for d in result.problems if d.severity in ("error", "warning")]
    if strict and serious:
        for d in result.problems:
            _say(render(d))
        _say(f"--strict：台账有{len(serious)}个问题，未计分 (ledger problems with --strict)")
        raise typer.Exit(1)


def _problems(result) -> None:
    """The ledger's problems, after the scores; exit 2 if a row was not read."""
    for d in result.problems:
        _say(render(d))
    if any(d.severity == "error" for d in result.problems):
        raise typer.Exit(2)


def _unit_as_clerks_write_it(reg, result, unit: str):
    """--unit as a ledger would name it (通川区政府, 达州市通川区, an alias of
    the alias table): matched as the ledger's rows are, or refused with the
    nearest names."""
    from .engine import units as unit_names
    from .engine.evaluate import Evaluator
    from .foundation.text import fold

    names = Evaluator(reg).names
    hit = names.match(fold(unit))
    if isinstance(hit, unit_names.Match):
        u = next((x for x in result.units if x.key == hit.unit), None)
        if u is not None:
            return u
    if isinstance(hit, unit_names.Ambiguous):
        both = "或".join(f"“{n}”" for n in hit.names)
        raise XinxiError(Diagnostic("ambiguous-unit", f"单位“{unit}”可能是{both}，请写出规程中的名称 (ambiguous unit)", None))
    close = names.suggest(fold(unit)) or [x.name for x in result.units if fold(x.name) == fold(unit)]
    hint = f"；是否为{'或'.join(f'“{n}”' for n in close)}？" if close else ""
    raise XinxiError(Diagnostic("unknown-unit", f"规程和台账中都没有单位“{unit}”{hint} (unknown unit)", None))


@app.command()
def explain(
    regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)"),
    ledger: Path = typer.Argument(..., help="台账 (.csv / .xlsx)"),
    unit: str = typer.Option(..., "--unit", help="单位，可按台账的写法 (unit, as the notice or a ledger names it)"),
    from_: Optional[str] = typer.Option(None, "--from", help="起始日期 (start date)"),
    to: Optional[str] = typer.Option(None, "--to", help="截止日期 (end date)"),
    format: ScoreFormat = typer.Option(ScoreFormat.table, "--format", help="输出格式 (table / json / csv)"),
    strict: bool = typer.Option(False, "--strict", help="台账有任何问题即失败（退出码1） (any ledger problem fails the run)"),
    year: Optional[int] = YEAR,
    quarter: Optional[int] = QUARTER,
    month: Optional[str] = MONTH,
    columns: Optional[list[str]] = COLUMNS,
    sheet: Optional[str] = SHEET,
    as_of: Optional[str] = AS_OF,
) -> None:
    """逐条说明一个单位的得分 (itemised explanation of one unit's score)."""
    from .engine import outputs

    reg = _compile(regulation)
    start, end = _period(from_, to, reg, year, quarter, month)
    result = _score(reg, ledger, start, end, _columns(columns, reg), sheet, _as_of(as_of, start or reg.period_from, reg))
    _strict(result, strict)
    u = result.unit(unit) or _unit_as_clerks_write_it(reg, result, unit)
    if format is ScoreFormat.json:
        doc = {**outputs.unit_json(u), "lines": outputs.explain_lines(result, u)}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif format is ScoreFormat.csv:
        _csv(outputs.explain_csv(result, u))
    else:
        outputs.print_explain(result, u, out)
    _problems(result)


@app.command()
def indicators(
    regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)，含“指标考核”"),
    sheet: Path = typer.Argument(..., help="指标表 (.csv / .xlsx)：单位、指标、值"),
    format: ScoreFormat = typer.Option(ScoreFormat.table, "--format", help="输出格式 (table / json / csv)"),
) -> None:
    """指标考核计分：按指标表逐项计分 (score an indicator checklist, D09-X)."""
    from rich.table import Table

    from .engine.indicators import evaluate_checklist, read_sheet, to_json
    from .engine.outputs import cell, csv_table, dec

    reg = _compile(regulation)
    if reg.checklist is None:
        raise XinxiError(Diagnostic("no-checklist", "规程没有“指标考核”部分 (the regulation has no indicator checklist)", None))
    result = evaluate_checklist(reg, read_sheet(sheet, reg.checklist))
    if format is ScoreFormat.json:
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n")
    elif format is ScoreFormat.csv:
        rows = []
        for u in result.units:
            rows += [(u.unit, l.id or "", l.name, "" if l.value is None else l.value, l.points, l.note) for l in u.lines]
            rows += [(u.unit, sec.id or "", f"【{sec.label}】{sec.name} 小计" if sec.label else f"{sec.name} 小计",
                      f"原始{dec(sec.raw)}", sec.points, sec.note) for sec in u.sections]
            rows.append((u.unit, "", "合计", "", u.total, ""))
        _csv(csv_table(["单位", "条款", "指标", "值", "得分", "说明"], rows))
    else:
        for u in result.units:
            t = Table(title=cell(f"{u.unit}：合计 {dec(u.total)} 分"))
            for c in ("条款", "指标", "值", "得分", "说明"):
                t.add_column(c, justify="right" if c == "得分" else "left")
            for l in u.lines:
                t.add_row(cell(l.id), cell(l.name), cell(l.value if l.value is not None else "—"), dec(l.points), cell(l.note))
            for sec in u.sections:
                t.add_row(cell(sec.id), cell(f"【{sec.label}】{sec.name} 小计" if sec.label else f"{sec.name} 小计"),
                          f"原始{dec(sec.raw)}", dec(sec.points), cell(sec.note))
            out.print(t)
    for d in result.problems:
        _say(render(d))
    if any(d.severity == "error" for d in result.problems):
        raise typer.Exit(2)


@app.command("fmt")
def fmt_(
    regulations: list[Path] = typer.Argument(..., help="规程文件 (.xinxi)"),
    check_only: bool = typer.Option(False, "--check", help="只检查是否已是规范格式：否则退出码1 (exit 1 if not canonical)"),
    write: bool = typer.Option(False, "--write", "-w", help="就地改写文件 (rewrite the files in place)"),
) -> None:
    """按规范格式输出规程 (print a regulation in the canonical layout).

    Layout only: compiling the formatted file gives the same IR, which is
    checked before anything is printed or written."""
    from .language.fmt import format_source, same_meaning

    if len(regulations) > 1 and not (check_only or write):
        raise XinxiError(Diagnostic("several-files", "多个文件须与 --check 或 --write 同用 (several files need --check or --write)", None))
    changed = []
    for path in regulations:
        src = read_source(path)
        out_text = format_source(src, str(path))
        if not same_meaning(src, out_text):  # pragma: no cover - a bug of ours
            raise RuntimeError(f"the canonical layout of {path} would change its meaning")
        if out_text != src.lstrip("\ufeff"):
            changed.append(path)
            if write:
                try:
                    path.write_text(out_text, encoding="utf-8")
                except OSError as exc:
                    raise XinxiError(Diagnostic("cannot-write", f"无法改写文件：{exc.strerror} (cannot write)", Span(str(path), 0, 0))) from None
        if not check_only and not write:
            sys.stdout.write(out_text)
    if check_only:
        for path in changed:
            _say(f"{path}: 不是规范格式，可用 xinxi fmt --write 改写 (would reformat)")
        if changed:
            raise typer.Exit(1)
        out.print(f"{len(regulations)}个文件已是规范格式 (already canonical)", markup=False)
    elif write:
        out.print(f"改写了{len(changed)}个文件 (reformatted {len(changed)} files)", markup=False)


@app.command("compile")
def compile_(
    regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)"),
    emit: Emit = typer.Option(Emit.ir, "--emit", help="输出什么 (what to emit)"),
) -> None:
    """编译规程并输出中间表示 (emit the IR as JSON)."""
    reg = _compile(regulation)
    sys.stdout.write(ir.dumps(reg))


@app.command("render")
def render_(
    regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)"),
    format: RenderFormat = typer.Option(RenderFormat.md, "--format", help="输出格式 (md / html / docx)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件 (write to FILE)"),
    script: Optional[Script] = typer.Option(None, "--script", help="文档的字体：s简体 / t繁体（全文一种字体）；默认与规程相同 (the document's script)"),
    font: Optional[str] = FONT,
) -> None:
    """生成通知附件：目标任务表和计分办法 (render the notice appendix)."""
    import dataclasses

    from .documents import appendix

    body_font = _font(font)
    _refuse_overwrite(output, [regulation], format)
    reg = _compile(regulation)
    model = dataclasses.replace(appendix.appendix(reg, script.value if script else None), font=body_font)
    if format is RenderFormat.docx:
        from .documents.docx_writer import appendix_docx

        _write(appendix_docx(model), output, [regulation])
    elif format is RenderFormat.html:
        _write(appendix.html(model), output, [regulation])
    else:
        _write(appendix.markdown(model), output, [regulation])


@app.command("template")
def template_(
    regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件，如 台账模板.xlsx (write to FILE)"),
) -> None:
    """台账模板：本规程读取的各列、各列可选值的下拉列表和填写说明 (an .xlsx ledger template for a regulation)."""
    from .documents.ledger_xlsx import template

    _refuse_overwrite(output, [regulation], "xlsx")
    reg = _compile(regulation)
    _write(template(reg), output, [regulation])


@app.command("report")
def report_(
    regulation: Path = typer.Argument(..., help="规程文件 (.xinxi)"),
    ledger: Path = typer.Argument(..., help="台账 (.csv / .xlsx)"),
    month: Optional[str] = typer.Option(None, "--month", help="通报月份，如2012-03 (the month, e.g. 2012-03)"),
    quarter: Optional[int] = typer.Option(None, "--quarter", help="季度1–4；年份取 --year 或规程的考核期 (quarter 1–4)"),
    year: Optional[int] = typer.Option(None, "--year", help="考核年度 (the assessment year)"),
    format: ReportFormat = typer.Option(ReportFormat.md, "--format", help="输出格式 (md / html / xlsx / docx)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件 (write to FILE)"),
    script: Optional[Script] = typer.Option(None, "--script", help="文档的字体：s简体 / t繁体（全文一种字体，台账文字也转换）；默认与规程相同"),
    columns: Optional[list[str]] = COLUMNS,
    sheet: Optional[str] = SHEET,
    as_of: Optional[str] = AS_OF,
    office: str = typer.Option("", "--office", help="发文机关，如 达州市人民政府办公室 (the issuing office)"),
    number: str = typer.Option("", "--number", help="文号，如 达市府办〔2012〕15号 (the document number)"),
    issued: Optional[str] = typer.Option(None, "--issued", help="成文日期，如2012-04-05；文中写作2012年4月5日 (the date signed)"),
    font: Optional[str] = FONT,
) -> None:
    """一个时期的通报：本期和累计得分、完成率、排名、未计分的行、各单位明细
    (the report for a month, quarter or year).

    Completion is points to date (from the start of the assessment year) over
    the target; a unit below the pace (the share of the year's months gone)
    is marked.  The ledger's problems follow on stderr, as with score."""
    from .documents import bulletin
    from .engine import periods
    from .engine.ledger import read_ledger

    header = bulletin.Header(office.strip(), number.strip(), _date(issued, "--issued"), _font(font))
    reg = _compile(regulation)
    when = periods.period(reg, month, quarter, year)
    judge_as_of = _as_of(as_of, when.start, reg)
    _refuse_overwrite(output, [regulation, ledger], format)
    book_ledger = read_ledger(ledger, _columns(columns, reg), sheet)
    book = bulletin.build(reg, book_ledger, when, script.value if script else None, judge_as_of, header)
    cut: list[Diagnostic] = []
    if format is ReportFormat.xlsx:
        from .documents.xlsx_writer import report_xlsx

        _write(report_xlsx(book, cut), output)
    elif format is ReportFormat.docx:
        from .documents.docx_writer import report_docx

        _write(report_docx(book), output)
    elif format is ReportFormat.html:
        _write(bulletin.html(book), output)
    else:
        _write(bulletin.markdown(book), output)
    for d in cut:
        _say(render(d))
    _check_period(book.to_date_result, book_ledger, when.start, when.end)
    _problems(book.to_date_result)


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


@app.command("diff")
def diff_(
    old: Path = typer.Argument(..., help="旧规程 (.xinxi)，如上一年的"),
    new: Path = typer.Argument(..., help="新规程 (.xinxi)"),
    ledger: Optional[Path] = typer.Argument(None, help="台账 (.csv / .xlsx)：按两个规程分别计分"),
    format: DiffFormat = typer.Option(DiffFormat.table, "--format", help="输出格式 (table / json / md)"),
    columns: Optional[list[str]] = COLUMNS,
    sheet: Optional[str] = SHEET,
) -> None:
    """比较两个规程：逐条列出新增、删去和修改的条款（按含义配对，不按行），
    给出台账时比较每个单位在两个规程下的得分和分值改变的行
    (compare two regulations clause by clause; with a ledger, the scores under both).

    Each regulation scores the ledger in its own 考核期: where the ledger's
    dates lie outside it, they are moved by whole years into it (said on
    stderr).  Exit status 0 whether or not they differ."""
    from .compiler.diff import diff
    from .documents import diff as words
    from .engine.ledger import read_ledger

    if ledger is None and (columns or sheet is not None):
        given = "--columns" if columns else "--sheet"
        raise XinxiError(Diagnostic("option-without-ledger", f"{given}只用于台账，但没有给出台账；台账写在两个规程之后：xinxi diff 旧规程 新规程 台账 ({given} needs a LEDGER)",
                                    None))
    try:
        same = old.exists() and new.exists() and os.path.samefile(old, new)
    except OSError:
        same = False
    if same:
        raise XinxiError(Diagnostic("same-file", f"新旧规程是同一个文件{old}，没有可比较的差别 (the same file twice: no difference)",
                                    Span(str(new), 0, 0)))
    regs, errors = [], []
    for path in (old, new):  # both files' errors at once
        try:
            regs.append(_compile(path))
        except XinxiError as exc:
            errors += exc.diagnostics
    if errors:
        raise XinxiError(errors)
    a, b = regs
    d = diff(a, b)
    ld = None
    if ledger is not None:
        from .engine.evaluate import read_keys
        from .engine.ledger import parse_columns

        mapped = parse_columns(columns or (), read_keys(a) | read_keys(b))
        ld, _, _ = words.compare_ledger(a, b, read_ledger(ledger, mapped, sheet))
    if format is DiffFormat.json:
        for reg, k in ((a, ld.old_shift if ld else 0), (b, ld.new_shift if ld else 0)):
            if k:  # the table and Markdown say it themselves
                _say(words.shift_words(reg, k))
        sys.stdout.write(words.dumps(d, ld))
    elif format is DiffFormat.md:
        sys.stdout.write(words.markdown(d, ld))
    else:
        words.print_table(d, ld, out)
    if d.empty:
        _say(f"{old}与{new}在含义上没有差别（编号、措辞、注释不计） (no difference in meaning)")
    if ld is not None:
        for p in ld.problems:
            _say(render(p))
        if any(p.severity == "error" for p in ld.problems):
            raise typer.Exit(2)


@app.command("lsp")
def lsp_() -> None:
    """语言服务器：编辑器经标准输入输出连接 (a language server over stdio, for editors).

    Diagnostics, hover, completion, go to definition and formatting for
    .xinxi files; editors/vscode/ starts it."""
    from .workbench.lsp import serve

    serve()


#: the format a file's extension promises
_EXTENSIONS = {".xlsx": "xlsx", ".docx": "docx", ".md": "md", ".html": "html", ".htm": "html", ".json": "json", ".csv": "csv"}


def _extension_fits(output: Path, given: Enum | str) -> None:
    """-o 通报.xlsx with report's default --format md would write Markdown
    that Excel cannot open: an extension naming another format is refused."""
    fmt = getattr(given, "value", given)
    want = _EXTENSIONS.get(output.suffix.lower())
    if want is None or want == fmt:
        return
    fix = f"请用 --format {want}，或把文件名改为{output.stem}.{fmt}" if isinstance(given, Enum) and want in {m.value for m in type(given)} \
        else f"请把文件名改为{output.stem}.{fmt}"
    raise XinxiError(Diagnostic("output-extension", f"写出的是{fmt}格式，文件名却是{output.suffix}，扩展名与内容不符，打开时会出错；{fix} (the extension {output.suffix} does not match the format {fmt})",
                                Span(str(output), 0, 0)))


def _refuse_overwrite(output: Path | None, inputs: list[Path], fmt: Enum | str | None = None) -> None:
    """-o naming one of the command's own inputs (the same file by any path
    or link) would destroy it: refuse before anything is written; nor is a
    file written under an extension of another format."""
    if output is None:
        return
    for i in inputs:
        try:
            same = output.resolve() == i.resolve() or (output.exists() and i.exists() and os.path.samefile(output, i))
        except OSError:
            same = False
        if same:
            raise XinxiError(Diagnostic("output-is-input", f"输出文件就是输入文件{i}，不能覆盖，请换一个文件名 (the output would overwrite an input)",
                                        Span(str(output), 0, 0)))
    if fmt is not None:  # after: overwriting an input is the worse mistake
        _extension_fits(output, fmt)


def _write(data: str | bytes, output: Path | None, inputs: list[Path] = ()) -> None:
    """Write a document to ``output``, else to stdout (a binary document only
    when stdout is not a terminal).  ``output`` is never one of ``inputs``."""
    _refuse_overwrite(output, list(inputs))
    if output is not None:
        try:
            if isinstance(data, bytes):
                output.write_bytes(data)
            else:
                output.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise XinxiError(Diagnostic("cannot-write", f"无法写入文件：{_why_not(exc, output)} (cannot write: {exc.strerror})", Span(str(output), 0, 0))) from None
        _say(f"已写入 {output} (written)")
    elif isinstance(data, bytes):
        if sys.stdout.isatty():
            raise XinxiError(Diagnostic("binary-to-terminal", "这种格式是二进制文件，请用 -o 文件名 (a binary format: use -o FILE)", None))
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        sys.stdout.write(data)



@app.command("serve")
def serve_(
    regulation: Optional[Path] = typer.Argument(None, help="规程文件 (.xinxi)；不给则从空白开始"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", help="台账 (.csv / .xlsx)；也可在页面上上传"),
    port: int = typer.Option(8765, "--port", help="端口；0为任一空闲端口 (port; 0 for any free one)"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址，默认只限本机 (address to listen on; loopback by default)"),
    compare: Optional[Path] = typer.Option(None, "--compare", help="旧规程 (.xinxi)：页面逐条对比它与正在编辑的规程，如 xinxi diff (compare with OLD.xinxi)"),
) -> None:
    """工作台：在浏览器中编写规程，即时查看错误、附件和得分 (the workbench page)."""
    from .workbench import server

    if not 0 <= port <= 65535:
        raise XinxiError(Diagnostic("bad-port", f"端口应在0至65535之间，而不是{port} (port out of range)", None))
    if regulation is not None:
        read_source(regulation)  # a missing or unreadable file: its message, before anything listens
    bench = server.Bench(regulation, ledger, host, compare=compare)
    if compare is not None:
        src = read_source(compare)
        for w in bench.old_warnings:
            _say(render(w, src))
    sock = server.bind(host, port)
    if not server.is_loopback(host):
        _say(render(Diagnostic("not-loopback", f"工作台在{host}上监听，网络上的其他计算机也能打开它并读取{regulation or '规程'}和台账；只在可信网络中这样做 "
                               "(listening beyond this computer)", None, severity="warning")))
    server.serve(bench, sock, _line)


def _line(text: str) -> None:
    """A line on stdout now (a script waiting for the address reads it)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()




def _why_not(exc: OSError, output: Path) -> str:
    """Why a file could not be written, in Chinese."""
    import errno

    where = output.parent if str(output.parent) not in ("", ".") else Path(".")
    return {errno.ENOENT: f"目录“{where}”不存在", errno.EISDIR: "这是一个目录，请给出文件名",
            errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "文件系统只读",
            errno.ENOSPC: "磁盘空间不足", errno.ENOTDIR: f"“{_a_file_in(output)}”是文件，不是目录",
            errno.ENAMETOOLONG: "文件名太长，请用短一些的文件名", errno.EIO: "读写出错（磁盘或设备故障）",
            errno.EINVAL: "文件名无效"}.get(exc.errno, exc.strerror or str(exc))


def _a_file_in(output: Path) -> Path:
    """The part of ``output``'s path that is a file, not a directory."""
    for p in reversed(output.parents):
        try:
            if p.exists() and not p.is_dir():
                return p
        except OSError:
            break
    return output.parent


def _robust_streams() -> None:
    """stdout and stderr that cannot fail on a character: where the stream's
    encoding cannot write every character (a Chinese Windows console, cp936),
    output redirected to a file is written in UTF-8, and a console shows
    what it cannot encode as “?”."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if enc in ("utf-8", "utf8", "utf-16", "utf-32", "utf-8-sig") or not hasattr(stream, "reconfigure"):
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="strict")
        except (OSError, ValueError):  # pragma: no cover - a stream that cannot be changed
            pass


def main() -> None:
    _robust_streams()
    try:
        app(standalone_mode=True)
    except XinxiError as exc:  # raised outside a command (should not happen)
        _fail(exc)


def _wrap(fn):
    import functools

    @functools.wraps(fn)
    def inner(*a, **k):
        try:
            return fn(*a, **k)
        except XinxiError as exc:
            _fail(exc)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug of ours: say so in one line
            if os.environ.get("XINXI_DEBUG"):
                raise
            _say(f"内部错误 (internal error): {type(exc).__name__}: {exc}；请报告此问题，设置XINXI_DEBUG=1可看详情")
            raise typer.Exit(3)

    return inner


for _cmd in app.registered_commands:
    _cmd.callback = _wrap(_cmd.callback)
