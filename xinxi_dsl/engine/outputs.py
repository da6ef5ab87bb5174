"""Results out: the JSON contract of LEDGER.md, CSV, terminal tables
and the itemised explanation of one unit.

Text from a ledger or a regulation is never markup: terminal tables hold
rich ``Text`` objects (``[red]`` stays ``[red]``) with control characters
shown as ``\\x1b`` (:func:`visible`); a CSV text cell that a spreadsheet
would run as a formula gets a leading ``'`` (:func:`csv_text`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..foundation.diagnostics import SheetRow, row_label
from .evaluate import Result, UnitResult
from .lines import dec, order as line_order


def _sheet(row) -> dict:
    """``{"sheet": name}`` for a row of one of several .xlsx sheets (LEDGER.md)."""
    return {"sheet": row.sheet} if isinstance(row, SheetRow) else {}



#: C0 and C1 control characters (not newline or tab), DEL, and the
#: bidirectional overrides that can disguise text on a terminal
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Text for a terminal: each control character shown as an escape
    (ESC → ``\\x1b``), so nothing from a ledger can drive the terminal."""
    return _INVISIBLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def cell(text) -> Text:
    """A table cell or title from a ledger or regulation: literal text."""
    return Text(visible("" if text is None else str(text)))


#: a spreadsheet runs a cell starting with one of these as a formula (a
#: Chinese or Japanese Excel takes the full-width ＝＋－＠ as their ASCII forms)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_text(text) -> str:
    """A text cell for CSV: a leading ``'`` where a spreadsheet would read a
    formula (the OWASP rule for CSV injection); a control character shown
    as ``\\x1b``.  A number (−3) stays a number."""
    t = visible("" if text is None else str(text))
    if _NUMBER.fullmatch(t):  # −3 is a number, not a formula
        return t
    return "'" + t if t.startswith(_FORMULA_START) else t


_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def csv_table(header: list[str], rows) -> str:
    """CSV of ``rows``: a Decimal or int stays a number; any other value is
    text, made safe with :func:`csv_text`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow([dec(v) if isinstance(v, Decimal) else v if isinstance(v, int) else csv_text(v) for v in row])
    return buf.getvalue()


def explain_csv(result: Result, unit: UnitResult) -> str:
    """The explanation of one unit as CSV (--format csv)."""
    name = result.regulation.file.replace("\\", "/").rsplit("/", 1)[-1]
    rows = [(l.row or "", l.date.isoformat(), l.label or "", (l.rule_id or "") + (f"（{l.note}）" if l.note else ""),
             f"{name}:{l.rule_line}" if l.rule_line else "", l.points, l.title)
            for l in sorted(unit.lines, key=line_order)]
    rows.append(("", "", "", "", "合计", unit.score, ""))
    return csv_table(["台账行", "日期", "条款", "规则", "规程行", "分值", "标题"], rows)


def unit_json(u: UnitResult) -> dict:
    c = u.completion
    out = {
        "unit": u.key,
        "group": u.group,
        "score": dec(u.score),
        "target": dec(u.target),
        "completion": None if c is None else format(c, "f"),
        "rank": u.rank,
        # additions to the LEDGER.md contract
        "name": u.name,
        "group_rank": u.group_rank,
        "counted_into": u.counted_into,
    }
    if u.measure != "score":  # CD07: a count target; score stays the composite score
        out["count"] = u.count
        out["measure"] = u.measure
    if u.written:  # issue 12: ledger names matched by affix or by the alias table
        out["written_as"] = [{"name": n, "how": m.how, "note": m.note, "rows": [int(r) for r in rows]}
                             for n, (m, rows) in u.written.items()]
    if u.target_raised:
        out["target_raised"] = dec(u.target_raised)
    if u.quarter_target is not None:
        out["quarter_target"] = dec(u.quarter_target)
        out["quarters"] = [{"year": y, "quarter": n, "score": dec(sc), "met": met} for y, n, sc, met in u.quarters]
        out["outcomes"] = [{"id": o.id, "clause": o.label, "outcome": o.text, "when": o.when,
                            "quarters": [f"{y}Q{n}" for y, n in qs], "candidate": o.candidate} for o, qs in u.outcomes]
    if u.count_target is not None:  # SZ08: a count target beside the points target
        cc = u.count_completion
        out["count_target"] = dec(u.count_target)
        out["count"] = u.count2
        out["count_measure"] = u.count_measure
        out["count_completion"] = None if cc is None else format(cc, "f")
    if u.verdicts:  # outcomes of period clauses (视为不达标, 列为表彰候选)
        out["verdicts"] = [{"id": pr.id, "clause": pr.label, "period": name, "outcome": text, "candidate": cand}
                           for pr, name, text, cand in u.verdicts]
    return out


def to_json(result: Result, to_date: tuple | None = None) -> dict:
    """The JSON of LEDGER.md.  ``to_date`` (a period inside an assessment
    year, :func:`.standings.year_to_date`): each unit adds ``to_date`` — the
    score, completion and group rank from the year's first day, the figures
    the report and the table show — and the document says from when."""
    doc = _json(result)
    if to_date:
        first, later = to_date
        doc["to_date"] = {"from": first.isoformat(), "to": later.period_to.isoformat() if later.period_to else None}
        got = {u.key: u for u in later.units}
        for u in doc["units"]:
            t = got.get(u["unit"])
            if t is not None:
                u["to_date"] = {"score": dec(t.score), "completion": None if t.completion is None else format(t.completion, "f"),
                                "group_rank": t.group_rank if t.target is not None else None}
    return doc


def _json(result: Result) -> dict:
    reg = result.regulation
    return {
        "regulation": reg.code,
        "period": {
            "from": result.period_from.isoformat() if result.period_from else None,
            "to": result.period_to.isoformat() if result.period_to else None,
        },
        # addition to the LEDGER.md contract: outcomes over quarters are judged as of this date
        **({"as_of": result.as_of.isoformat() if result.as_of else None,
            "judged_quarters": [f"{y}Q{n}" for y, n in result.judged]} if reg.outcomes else {}),
        # issue 13: the periods the unit pass judged, per kind, as of that date
        **({"as_of": result.as_of.isoformat() if result.as_of else None,
            "judged_periods": {k: [n for n, _, _ in v] for k, v in result.judged_periods.items()}}
           if result.judged_periods else {}),
        "units": [unit_json(u) for u in result.units],
        "unmatched": [
            {"row": m.row, **_sheet(m.row), "unit": m.unit, "reason": m.reason, "reason_zh": m.reason_zh}
            for m in result.unmatched
        ],
        "rows": result.rows,
        "warnings": [
            {"row": m.row, **_sheet(m.row), "unit": m.unit, "reason": m.reason, "reason_zh": m.reason_zh} for m in result.warnings
        ],
        "problems": [
            {"row": d.span.line if d.span and d.span.line > 0 else None, **_sheet(d.span.line if d.span else 0), "severity": d.severity, "key": d.key, "message": d.message}
            for d in result.problems
        ],
        "unknown_units": [
            {"unit": u.unit, "rows": list(u.rows), "suggestion": u.suggestion,
             **({"suggestions": list(u.suggestions)} if len(u.suggestions) > 1 else {}),
             **({"ambiguous": list(u.ambiguous)} if u.ambiguous else {})} for u in result.unknown_units
        ],
    }


def dumps(result: Result, to_date: tuple | None = None) -> str:
    return json.dumps(to_json(result, to_date), ensure_ascii=False, indent=2) + "\n"


def to_csv(result: Result, to_date: tuple | None = None) -> str:
    """Every unit in one list: 排名 among all units with a target (the JSON
    ``rank``) and 组内排名 within its group.  ``to_date`` (a period inside a
    year, see :func:`print_table`): the period's columns are headed 本期…,
    and the figures to date follow as the report shows them."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    counts = any(u.measure != "score" for u in result.units)
    outcomes = any(u.quarter_target is not None for u in result.units) and result.regulation.outcomes
    second = any(u.count_target is not None for u in result.units)
    verdicts = any(u.verdicts for u in result.units)
    head = ["本期排名", "单位", "单位组", "本期得分", "目标", "本期完成率"] if to_date else ["排名", "单位", "单位组", "得分", "目标", "完成率"]
    w.writerow(head + ["计入"] + (["条数"] if counts else []) + (["结论"] if outcomes else [])
               + (["报送条数", "条数目标", "条数完成率"] if second else []) + (["期间结论"] if verdicts else [])
               + (["本期组内排名", "累计得分", "累计完成率", "累计组内排名"] if to_date else ["组内排名"]))
    names = {u.key: u.name for u in result.units}
    later = {u.key: u for u in to_date[1].units} if to_date else {}
    for u in result.units:
        c = u.completion
        t = later.get(u.key)
        w.writerow([u.rank, csv_text(u.name), csv_text(u.group_name), dec(u.score), dec(u.target) or "",
                    "" if c is None else format(c, "f"), csv_text(names.get(u.counted_into, "")) if u.counted_into else ""]
                   + (["" if u.count is None else u.count] if counts else [])
                   + ([csv_text("；".join(o.text for o, _ in u.outcomes))] if outcomes else [])
                   + (["" if u.count_target is None else u.count2, dec(u.count_target) or "",
                       "" if u.count_completion is None else format(u.count_completion, "f")] if second else [])
                   + ([csv_text(verdicts_text(u))] if verdicts else [])
                   + [_group_rank(u)]
                   + ([] if not to_date else ["", "", ""] if t is None else
                      [dec(t.score), "" if t.completion is None else format(t.completion, "f"), _group_rank(t)]))
    return buf.getvalue()


def _group_rank(u: UnitResult):
    """The rank within the group; none for a unit without a target."""
    return u.group_rank if u.target is not None and u.group_rank is not None else ""


def pct(c: Decimal | None) -> str:
    """0.4667 → 46.67%; no completion → —."""
    return "—" if c is None else f"{(c * 100).quantize(Decimal('0.01'))}%"


def judged_text(result: Result, script: str = "s") -> str:
    """Which quarters the outcomes (GZ05-9) were judged on, and as of when;
    empty for a regulation without outcomes."""
    if not result.regulation.outcomes or result.as_of is None:
        return periods_text(result)
    qs = "、".join(f"{y}年第{n}季度" for y, n in result.judged)
    if script == "t":
        return (f"考核結論按截至{result.as_of}已結束的季度判斷：{qs}。" if qs
                else f"截至{result.as_of}尚無已結束的季度，未作考核結論。")
    return (f"考核结论按截至{result.as_of}已结束的季度判断：{qs}。" if qs
            else f"截至{result.as_of}尚无已结束的季度，未作考核结论。")


def periods_text(result: Result) -> str:
    """Which periods the period clauses were judged on, and as of when."""
    jp = result.judged_periods
    if not jp or result.as_of is None:
        return ""
    names = {"week": "周", "month": "月", "quarter": "季度", "year": "年度"}
    parts = []
    for kind in ("year", "quarter", "month", "week"):
        if kind in jp:
            got = jp[kind]
            # 、…、 not 至: a week's own name has 至 in it (1月1日至1月7日)
            if not got:  # 年度：无 read as "no year" to a director: say what is pending
                parts.append("年度尚未结束" if kind == "year" else f"尚无已结束的{names[kind]}")
            else:
                parts.append(f"{names[kind]}：{got[0][0]}、…、{got[-1][0]}（{len(got)}个）" if len(got) > 2
                             else f"{names[kind]}：{'、'.join(n for n, _, _ in got)}")
    return f"期间条款按截至{result.as_of}已结束的期间判断——{'；'.join(parts)}。"


def verdicts_text(u: UnitResult) -> str:
    """The verdicts of period clauses (予以通报, 列为表彰候选) in a cell: each
    clause's outcome once, with the periods it was reached in; a candidate is
    marked as awaiting the office's decision."""
    seen: dict = {}
    for pr, name, text, cand in u.verdicts:
        seen.setdefault((pr.id, pr.label, text, cand), []).append(name)
    def periods(names: list[str]) -> str:  # 2024年第三季度、第四季度: the year once
        year = names[0].split("年")[0] + "年"
        return "、".join([names[0], *(n[len(year):] if n.startswith(year) and n != year + "度" else n for n in names[1:])])

    return "；".join(f"{text}{'（待审定）' if cand else ''}（{periods(names)}）"
                    for (_, _, text, cand), names in seen.items())


def count_cells(u: UnitResult) -> list[str]:
    """A count target beside the points target (目标120条): count, target, completion."""
    if u.count_target is None:
        return ["", "—", "—"]
    word = "采用" if u.count_measure == "adopted" else "报送"
    return [f"{u.count2}（{word}）", dec(u.count_target), pct(u.count_completion)]


def print_table(result: Result, console: Console, to_date: tuple | None = None) -> None:
    """One table per unit group, ranked within the group as the report
    ranks it, then the units without a target in a list of their own.
    ``to_date``: (the assessment year's first day, the result from then to
    the period's end) for a period inside a year (:func:`.standings.year_to_date`):
    then the table shows the period's points beside the points to date, and
    completion and rank are those to date, as in the report."""
    from .standings import standings

    reg = result.regulation
    title = f"{reg.code} {reg.name or ''}  {result.period_from or ''} 至 {result.period_to or ''}"
    console.print(cell(title))
    ranked = to_date[1] if to_date else result
    now = {u.key: u for u in result.units}
    # what completion divides: points, or items for a count target (CD07: 采用数)
    done = "/".join(dict.fromkeys("得分" if u.measure == "score" else "条数" for u in ranked.units if u.target is not None)) or "得分"
    if to_date:
        console.print(cell(f"本期：{result.period_from}至{result.period_to}；累计：{to_date[0]}至{result.period_to}。"
                           f"完成率为累计完成率（累计{done}÷全年目标），排名为单位组内按累计{_by(reg)}的排名，与通报相同。"))
    else:
        console.print(cell(f"完成率为{done}÷目标，排名为单位组内按{_by(reg)}的排名。"))
    counts = any(u.measure != "score" for u in ranked.units)
    outcomes = any(u.outcomes or u.verdicts for u in result.units)
    second = any(u.count_target is not None for u in ranked.units)
    points = [("本期得分", "right"), ("累计得分", "right")] if to_date else [("得分", "right")]
    groups, others = standings(ranked)
    quarterly = bool(to_date) and any(u.quarter_target is not None and u.target == u.quarter_target for u in result.units)
    for g in groups:
        if not g.units:
            continue
        cols = [("排名", "right"), ("单位", "left"), *points]
        if counts:
            cols.append(("条数", "right"))
        cols += [("目标", "right"), ("累计完成率" if to_date else "完成率", "right")]
        if quarterly:  # GZ05-I: the period is a quarter, judged against the quarter's own target too
            cols += [("本季目标", "right"), ("本季完成率", "right")]
        if second:  # SZ08: 目标100分 目标120条
            cols += [("条数", "right"), ("条数目标", "right"), ("条数完成率", "right")]
        if outcomes:
            cols.append(("结论", "left"))
        console.print(cell(f"{g.name}（组内排名）"))
        t = Table(show_lines=False)
        for col, just in cols:
            t.add_column(col, justify=just, overflow="fold" if col == "结论" else "ellipsis")
        for u in g.units:
            row = [str(u.group_rank or ""), cell(u.name), *_points(u, now, to_date)]
            if counts:
                row.append("" if u.count is None else f"{u.count}（{'采用' if u.measure == 'adopted' else '上报'}）")
            row += [dec(u.target) or "—", pct(u.completion)]
            p = now.get(u.key)
            if quarterly:
                row += [dec(p.target) or "—", pct(p.completion)] if p is not None else ["—", "—"]
            if second:
                row += count_cells(u)
            if outcomes:
                row.append(cell("" if p is None else "；".join([*(o.text for o, _ in p.outcomes), *([verdicts_text(p)] if p.verdicts else [])])))
            t.add_row(*row)
        console.print(t)
    if others:
        names = {u.key: u.name for u in ranked.units}
        console.print(cell("其他单位（无目标，不参加排名）"))
        t = Table(show_lines=False)
        t.add_column("单位")
        for col, _ in points:
            t.add_column(col, justify="right")
        t.add_column("计入")
        for u in others:
            t.add_row(cell(u.name), *_points(u, now, to_date), cell(names.get(u.counted_into, u.counted_into) if u.counted_into else ""))
        console.print(t)
    if judged_text(result):
        console.print(cell(judged_text(result)))
    print_unmatched(result, console)


def _by(reg) -> str:
    return "完成率" if reg.ranking == "completion" else "得分"


def _points(u: UnitResult, now: dict, to_date) -> list[str]:
    """The period's points (and the points to date beside them)."""
    if not to_date:
        return [dec(u.score)]
    p = now.get(u.key)
    return [dec(p.score) if p is not None else "0", dec(u.score)]


def print_unmatched(result: Result, console: Console, unit: str | None = None) -> None:
    rows = [m for m in result.unmatched if unit is None or m.unit == unit]
    if not rows:
        return
    t = Table(title=f"未计分的行 (rows not scored): {len(rows)}")
    t.add_column("行", justify="right")
    t.add_column("单位")
    t.add_column("原因")
    names = {u.key: u.name for u in result.units}  # the unit as written, not its folded key
    for m in rows:
        t.add_row(row_label(m.row), cell(names.get(m.unit, m.unit)), cell(f"{m.reason_zh} ({m.reason})"))
    console.print(t)


def print_explain(result: Result, unit: UnitResult, console: Console) -> None:
    reg = result.regulation
    head = f"{unit.name}：得分 {dec(unit.score)}"
    if unit.count is not None:
        head += f"，{'采用' if unit.measure == 'adopted' else '上报'}条数 {unit.count}"
    if unit.target is not None:
        head += f"，目标 {dec(unit.target)}，完成率 {pct(unit.completion)}，排名 {unit.rank}"
    if unit.target_raised:
        head += f"（目标已加{dec(unit.target_raised)}）"
    for y, n, sc, met in unit.quarters:
        head += f"\n  {y}年第{n}季度：{dec(sc)}分 / 季度目标{dec(unit.quarter_target)}分 {'完成' if met else '未完成'}"
    for n, (m, rows) in unit.written.items():
        how = "别名表" if m.how == "alias" else "去掉行政区划词"
        head += f"\n  台账写作“{n}”（第{'、'.join(str(int(r)) for r in rows[:5])}{'等' if len(rows) > 5 else ''}行），按{how}对应：{m.note}"
    if unit.quarter_target is not None and judged_text(result):
        head += f"\n  {judged_text(result)}"
    for o, qs in unit.outcomes:
        head += f"\n  {o.id or ''}【{o.label or ''}】{o.text}（{'、'.join(f'{y}年第{n}季度' for y, n in qs)}）"
    console.print(cell(head))
    t = Table()
    for col in ("台账行", "日期", "条款", "规则", "规程行", "分值", "标题"):
        t.add_column(col, justify="right" if col in ("台账行", "分值", "规程行") else "left")
    name = reg.file.replace("\\", "/").rsplit("/", 1)[-1]
    for l in sorted(unit.lines, key=line_order):
        rule = (l.rule_id or "") + (f"（{l.note}）" if l.note else "")
        t.add_row(row_label(l.row) if l.row else "—", l.date.isoformat(), cell(l.label), cell(rule),
                  cell(f"{name}:{l.rule_line}" if l.rule_line else ""), dec(l.points), cell(l.title))
    t.add_row("", "", "", "", "合计", dec(unit.score), "")
    console.print(t)
    print_unmatched(result, console, unit.key)


def explain_lines(result: Result, unit: UnitResult) -> list[dict]:
    """The explanation as data (for --format json)."""
    return [
        {"row": l.row or None, **(_sheet(l.row) if l.row else {}), "id": l.record_id or None, "date": l.date.isoformat(), "title": l.title, "kind": l.kind,
         "rule": l.rule_id, "clause": l.label, "regulation_line": l.rule_line, "points": dec(l.points),
         "note": l.note}
        for l in sorted(unit.lines, key=line_order)
    ]
