"""What must hold for every fuzz input (tests/fuzz/run.py).

Each check returns a list of failures ``(kind, detail)``; ``kind`` names the
failure (area, what, and the innermost xinxi_dsl frame) so that many inputs
failing the same way count as one kind.

Regulations: ``compile_text`` succeeds or raises XinxiError whose diagnostics
all name the file and a line, and render; what compiles formats to the same
meaning (and again to itself, and to the same IR), and its appendix renders as
markdown and HTML with no raw markup from the source.

Ledgers: the CLI (in-process, like tests/bad) exits 0, 1 or 2 — never 3 or a
traceback; a CSV or xlsx it writes holds no formula or link made from ledger
text; HTML holds no raw tag from ledger text.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from xinxi_dsl import compile_text  # noqa: E402
from xinxi_dsl.foundation.diagnostics import XinxiError, render  # noqa: E402

FILE = "fuzz.xinxi"


def where(tb) -> str:
    """The innermost frame inside xinxi_dsl (else the innermost frame)."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "xinxi_dsl" in f.filename] or frames
    if not ours:
        return "?"
    f = ours[-1]
    return f"{Path(f.filename).name}:{f.name}"


def _exc_kind(area: str, exc: BaseException) -> str:
    return f"{area}: {type(exc).__name__} at {where(exc.__traceback__)}"


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:300]}\n" + "".join(traceback.format_tb(exc.__traceback__)[-3:])


# ---- regulations -----------------------------------------------------------------

_RAW_TAG = re.compile(r"<\s*(script|img|iframe)\b", re.I)


#: whether the last regulation checked compiled (run.py counts them)
last_compiled = False


def check_regulation(text: str, docx: bool = False, score: bool = False) -> list[tuple[str, str]]:
    global last_compiled
    last_compiled = False
    try:
        reg, warnings = compile_text(text, FILE)
    except XinxiError as exc:
        fails = []
        if not exc.diagnostics:
            fails.append(("language: XinxiError without diagnostics", ""))
        for d in exc.diagnostics:
            if d.span is None or d.span.file != FILE:
                fails.append((f"language: diagnostic without a file [{d.key}]", d.headline()[:300]))
            elif d.span.line <= 0:
                fails.append((f"language: diagnostic without a line [{d.key}]", d.headline()[:300]))
            try:
                render(d, text)
            except Exception as e:
                fails.append((_exc_kind("language/render diagnostic", e), _short(e)))
        return fails
    except RecursionError as exc:
        return [(f"language: RecursionError at {where(exc.__traceback__)}", _short(exc))]
    except Exception as exc:
        return [(_exc_kind("language/compile", exc), _short(exc))]
    last_compiled = True
    fails = []
    for d in warnings:
        try:
            render(d, text)
        except Exception as e:
            fails.append((_exc_kind("language/render warning", e), _short(e)))
    from xinxi_dsl.language.fmt import format_source, same_meaning

    try:
        out = format_source(text, FILE)
        if not same_meaning(text, out):
            fails.append(("language/fmt: formatted text has another meaning", out[:500]))
        elif format_source(out, FILE) != out:
            fails.append(("language/fmt: formatting twice changes the text", out[:500]))
        else:
            try:
                again = compile_text(out, FILE)[0]
            except XinxiError as e:
                fails.append(("language/fmt: formatted text does not compile", str(e)[:300]))
            else:
                if again != reg:
                    fails.append(("language/fmt: formatted text compiles to another IR", out[:500]))
    except Exception as exc:
        fails.append((_exc_kind("language/fmt", exc), _short(exc)))
    from xinxi_dsl.documents.appendix import appendix, html, markdown

    try:
        doc = appendix(reg)
        markdown(doc)
        page = html(doc)
        m = _RAW_TAG.search(page)
        if m:
            fails.append(("outputs/appendix html: raw tag from the regulation", page[max(0, m.start() - 80):m.end() + 80]))
        if docx:
            from xinxi_dsl.documents.docx_writer import appendix_docx

            appendix_docx(doc)
    except Exception as exc:
        fails.append((_exc_kind("outputs/appendix", exc), _short(exc)))
    if score:
        fails += check_scoring(reg)
    return fails


#: numerals whose value is not in doubt: a target written so must compile to
#: this value or be refused with a located error — never read as another number
NUMERAL_VALUES = {
    "二五": 25, "三〇": 30, "十一万": 110000, "两百零五": 205, "一百八十": 180, "二〇一二": 2012, "一千零一十": 1010,
    "九千九百九十九万九千": 99999000, "兩百": 200, "十": 10, "一二三": 123,
}


def check_numeral(text: str, numeral: str, unit: str) -> list[tuple[str, str]]:
    """``text`` gives ``unit`` the target ``numeral``: it compiles to the
    numeral's value or is refused; any other value is a silent misreading."""
    try:
        reg, _ = compile_text(text, FILE)
    except XinxiError:
        return []
    except Exception as exc:
        return [(_exc_kind("language/compile", exc), _short(exc))]
    for g in reg.groups:
        for u in g.units:
            if u.name == unit and u.target is not None and u.target != NUMERAL_VALUES[numeral]:
                return [(f"language/numerals: a numeral read as another number",
                         f"目标“{numeral}”读作{u.target}，应为{NUMERAL_VALUES[numeral]}或报错")]
    return []


def _ledger_for(reg):
    """A small ledger in the regulation's own terms: each unit, each
    publication and column it names, dates across its period."""
    from datetime import date, timedelta

    from xinxi_dsl.engine.ledger import records_from_rows

    start = reg.period_from or date(2012, 1, 1)
    end = reg.period_to or date(2012, 12, 31)
    if end < start:
        end = start
    span = min((end - start).days, 4000)
    names = [u.name for _, u in reg.units()][:30] + ["某单位[bold]", "=1+1"]
    header = ["日期", "单位", "刊物", "栏目", "类别", "事项", "批示", "所属单位", "标题"]
    rows = [header]
    vals = {a.key: list(a.values)[:3] for a in reg.attributes}
    for k, n in enumerate(names):
        d = start + timedelta(days=(k * 37) % (span + 1))
        for pub in ("达州政务快讯", ""):
            rows.append([d.isoformat(), n, pub, (vals.get("栏目") or ["主条"])[k % len(vals.get("栏目") or ["主条"])],
                         "约稿" if k % 3 == 0 else "", "不报" if k % 4 == 0 else "", "市政府领导" if k % 2 else "",
                         names[0] if k % 5 == 1 else "", "<script>x</script>|*"])
    return records_from_rows(rows, "fuzz.csv")


def check_scoring(reg) -> list[tuple[str, str]]:
    """Score a small ledger with a regulation that compiled and render what
    score and report give: long numbers and odd targets reach the engine."""
    from rich.console import Console

    from xinxi_dsl.engine import outputs, periods
    from xinxi_dsl.engine.evaluate import evaluate_ledger

    fails = []
    try:
        ledger = _ledger_for(reg)
        result = evaluate_ledger(reg, ledger, None, None)
        outputs.dumps(result)
        outputs.to_csv(result)
        con = Console(file=io.StringIO(), width=160)
        outputs.print_table(result, con)
        for u in result.units[:2]:
            outputs.print_explain(result, u, con)
    except XinxiError:
        return fails
    except Exception as exc:
        return [(_exc_kind("engine/score (generated regulation)", exc), _short(exc))]
    try:
        from xinxi_dsl.documents import bulletin

        y = (reg.period_to or reg.period_from)
        when = periods.period(reg, None, None, y.year if y else 2012)
        book = bulletin.build(reg, ledger, when)
        bulletin.markdown(book)
        page = bulletin.html(book)
        m = _RAW_TAG.search(page)
        if m:
            fails.append(("outputs/report html: raw tag from ledger text", page[max(0, m.start() - 80):m.end() + 80]))
    except XinxiError:
        pass
    except Exception as exc:
        fails.append((_exc_kind("outputs/report (generated regulation)", exc), _short(exc)))
    return fails


# ---- ledgers through the CLI ---------------------------------------------------------

_FORMULA_CELL = re.compile(r"^(?:[=+@\t\r＝]|-(?![\d.]))")


def run_cli(args: list[str]):
    from typer.testing import CliRunner
    from xinxi_dsl.cli import app

    return CliRunner().invoke(app, args, env={"XINXI_DEBUG": "1", "COLUMNS": "160"})


def check_ledger(path: Path, cmds: list[list[str]], out_stem: str, area: str = "ledger csv") -> list[tuple[str, str]]:
    fails = []
    for cmd in cmds:
        args = [a.replace("{out}", out_stem) for a in cmd]
        args = [args[0], str(ROOT / "tests" / "bad" / "ledger.xinxi"), str(path), *args[1:]]
        name = " ".join(cmd[:1] + [a for a in cmd[1:] if a.startswith("--format") or a in ("md", "html", "xlsx", "csv", "json")])
        r = run_cli(args)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            fails.append((f"{area}: {type(r.exception).__name__} at {where(r.exc_info[2])}",
                          f"$ xinxi {' '.join(cmd)}\n{_short(r.exception)}"))
            continue
        if r.exit_code not in (0, 1, 2):
            fails.append((f"{area} → {cmd[0]}: exit {r.exit_code}", r.output[-500:]))
        text = r.stdout + r.stderr
        if "Traceback" in text or "内部错误" in text:
            fails.append((f"{area} → {cmd[0]}: traceback or internal error in output", text[-500:]))
        if r.exit_code not in (0, 2):
            continue
        fails += _check_outputs(cmd, r, out_stem, name)
    return fails


def _check_outputs(cmd, r, out_stem: str, name: str) -> list[tuple[str, str]]:
    fails = []
    if "csv" in cmd:
        data = r.stdout_bytes.decode("utf-8-sig", errors="replace")
        try:
            for row in csv.reader(io.StringIO(data, newline="")):
                for c in row:
                    if _FORMULA_CELL.match(c):
                        fails.append(("outputs/score csv: a cell Excel runs as a formula", repr(c)[:200]))
                        return fails
        except csv.Error as exc:
            fails.append(("outputs/score csv: output is not well-formed CSV", str(exc)))
    if "xlsx" in cmd:
        out = Path(out_stem + ".xlsx")
        if out.exists():
            fails += check_xlsx_output(out)
            out.unlink()
    if "html" in cmd:
        m = _RAW_TAG.search(r.stdout)
        if m:
            fails.append(("outputs/report html: raw tag from ledger text", r.stdout[max(0, m.start() - 80):m.end() + 80]))
    if "md" in cmd:
        if re.search(r"<\s*script", r.stdout, re.I):
            fails.append(("outputs/report md: raw <script> from ledger text", ""))
    return fails


def check_xlsx_output(out: Path) -> list[tuple[str, str]]:
    import openpyxl

    fails = []
    try:
        wb = openpyxl.load_workbook(out)
    except Exception as exc:
        return [(f"outputs/report xlsx: unreadable ({type(exc).__name__})", str(exc)[:300])]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("=") and c.data_type != "s"):
                    fails.append(("outputs/report xlsx: a formula cell from ledger text", f"{ws.title}!{c.coordinate}: {str(c.value)[:200]}"))
                    return fails
                if c.hyperlink is not None:
                    fails.append(("outputs/report xlsx: a link from ledger text", f"{ws.title}!{c.coordinate}: {c.hyperlink.target}"))
                    return fails
    return fails


def xlsx_worker() -> None:
    """A long-lived child for xlsx examples (run.py starts it with an
    address-space limit): reads ``path<TAB>out_stem`` lines, answers one JSON
    line of failures each.  If a workbook aborts the process natively, the
    parent sees it die and records that."""
    import json

    cmds = [["score"], ["report", "--year", "2012", "--format", "xlsx", "-o", "{out}.xlsx"],
            ["score", "--format", "xlsx", "-o", "{out}.xlsx"]]
    for line in sys.stdin:
        path, out_stem = line.rstrip("\n").split("\t")
        try:
            fails = check_ledger(Path(path), cmds, out_stem, area="xlsx")
        except BaseException as exc:  # noqa: BLE001 - MemoryError too
            fails = [(_exc_kind("xlsx/harness", exc), _short(exc))]
        sys.stdout.write(json.dumps(fails, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__" and sys.argv[1:] == ["--xlsx-worker"]:
    xlsx_worker()
