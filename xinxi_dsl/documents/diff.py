"""``xinxi diff``: two regulations' differences in the notice's words, and
one ledger scored under both.

:func:`compiler.diff.diff` pairs the clauses; here each side is worded
with the appendix's sentence functions (``appendix.clause_text`` …) in its
own file's script, and :func:`compare_ledger` scores the same ledger rows
under both regulations.  Two regulations of different years (D09 is 2009,
D12 2012) each score the ledger in their own 考核期: where the ledger's
dates lie outside it, every date is moved by whole years into it (2012-05-03
→ 2009-05-03), and the output says so.  Everything else — the execution
date (D09-7: from April), the clauses — applies as each regulation says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

from ..compiler import ir
from ..compiler.diff import Detail, GroupChange, RegulationDiff
from ..engine.lines import dec
from ..engine.outputs import cell
from . import appendix as ap

CHANGE_ZH = {"added": "新增", "removed": "删去", "changed": "修改", "same": "未变"}


# ---- the clauses, in words ------------------------------------------------------

def _phrases(reg: ir.Regulation) -> dict:
    return {**ap.phrases(reg), "attr_names": {a.key: a.name for a in reg.attributes}}


def reference(node: Any) -> str:
    """D09-2d【（二）】: the clause's ID and the notice's label."""
    if node is None:
        return ""
    ident, label = getattr(node, "id", None), getattr(node, "label", None)
    if ident and label:
        return f"{ident}【{label}】"
    return ident or (f"【{label}】" if label else "（无编号）")


def sentence(node: Any, p: dict) -> str:
    """One clause as the appendix words it."""
    if isinstance(node, ir.Rule):
        return ap.clause_text(node, p)
    if isinstance(node, ir.Transfer):
        return ap.transfer_text(node, p)
    if isinstance(node, ir.PeriodRule):
        return ap.period_text(node, p)
    if isinstance(node, ir.Allowance):
        return ap.allowance_text(node, p)
    if isinstance(node, ir.Combine):
        return ap.combine_text(node, p)
    if isinstance(node, ir.CountRule):
        return ap.count_text(node, p)
    if isinstance(node, ir.Outcome):
        return ap.outcome_text(node, p)
    if isinstance(node, ir.StartClause):
        return p["start"].format(d=node.date_text)
    if isinstance(node, ir.Unlisted):
        return p["unlisted"]
    if isinstance(node, ir.AssessmentYear):
        return ap.year_text(node, p)
    if isinstance(node, ir.NoticeText):
        return p["own"].format(t=node.text) if node.own else node.text.rstrip("。")
    if isinstance(node, ir.Indicator):
        return f"{node.name}，{'，'.join(ap.measure_text(m, p) for m in node.measures)}"
    return str(node)


_AFTER = "》”」，、；："  #: a phrase starts after these …
_BEFORE = "每"  #: … or at these (每条另加4分 → 每条另加2分)


def _tail_start(a: str, b: str) -> int:
    """Where the new sentence starts to differ from the old, backed up to
    the phrase: a changed number from its verb (计2分 → 计3分, 从2009年 →
    从2012年), else after 》 or a comma, or at 每."""
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    digits = k
    while digits > 0 and (b[digits - 1].isdigit() or b[digits - 1] == "."):
        digits -= 1
    if k < len(b) and (b[k].isdigit() or digits < k):  # a number changed: from its verb (计3分, 另加2分)
        for verb in ("另加", "再加", "扣减", "計", "计", "加", "扣", "按", "從", "从"):
            if b[:digits].endswith(verb):
                return digits - len(verb)
    for i in range(k - 1, -1, -1):
        if b[i] in _AFTER:
            return i + 1
        if b[i] in _BEFORE:
            return i
    return k


def change_words(old: str, new: str) -> str:
    """「…每条另加4分 → 另加2分」: the old sentence, then the new one from
    where it differs (whole where little is shared)."""
    k = _tail_start(old, new)
    return f"{old} → {new[k:]}" if k >= 4 else f"{old} → {new}"


def detail_words(d: Detail) -> str:
    if d.field.startswith("condition:"):
        if d.old is None:
            return f"增加条件{d.name}“{d.new}”"
        if d.new is None:
            return f"删去条件{d.name}“{d.old}”"
    return f"{d.name}：{d.old if d.old is not None else '无'} → {d.new if d.new is not None else '无'}"


@dataclass(frozen=True)
class ClauseLine:
    """One changed clause, worded: what the CLI, a page or an editor show."""

    change: str  #: added | removed | changed | same
    pool: str
    old_ref: str
    new_ref: str
    old_text: str | None
    new_text: str | None
    words: str  #: the change in one line: 「old → new」, or the added / removed sentence
    details: tuple[str, ...]  #: what differs, one phrase each (增加条件栏目“主條”; 分值：4 → 2)


def clause_lines(d: RegulationDiff, include_same: bool = False) -> list[ClauseLine]:
    po, pn = _phrases(d.old), _phrases(d.new)
    out = []
    whole = []
    if d.checklist in ("added", "removed"):  # a whole checklist: one line, not one per indicator
        reg = d.new if d.checklist == "added" else d.old
        n = sum(1 for _ in reg.checklist.indicators())
        line = f"{reg.checklist.label or '指标考核'}（{n}项指标）"
        whole.append(ClauseLine(d.checklist, "checklist", "" if d.checklist == "added" else "指标考核",
                              "指标考核" if d.checklist == "added" else "", line if d.checklist == "removed" else None,
                              line if d.checklist == "added" else None, line, ()))
    for c in (*d.clauses, *(d.indicators if d.checklist not in ("added", "removed") else ())):
        if c.change == "same" and not include_same:
            continue
        a = sentence(c.old, po) if c.old is not None else None
        b = sentence(c.new, pn) if c.new is not None else None
        if c.change == "changed":
            words = change_words(a, b)
        elif c.change == "same":
            words = b
        else:
            words = a if b is None else b
        details = tuple(detail_words(x) for x in c.details if c.pool != "indicator")
        out.append(ClauseLine(c.change, c.pool, reference(c.old), reference(c.new), a, b, words, details))
    return out + whole


def group_words(g: GroupChange) -> list[str]:
    """A group's change as a policy writer says it: one phrase per kind of change."""
    name = (g.new or g.old).label or (g.new or g.old).name
    if g.change == "added":
        return [f"新增单位组{name}：" + "、".join(f"{u.name} {dec(u.new_target) or ''}".strip() for u in g.units if u.change == "added")]\
            + _moved_words(name, g)
    if g.change == "removed":
        return [f"删去单位组{name}：" + ("、".join(f"{u.name} {dec(u.old_target) or ''}".strip() for u in g.units)
                                      or "其单位均已移入其他单位组")]
    out = [f"{name}：{detail_words(x)}" for x in g.details]
    targets: dict[tuple, list[str]] = {}
    for u in g.units:
        if u.change == "target":
            targets.setdefault((u.old_target, u.new_target), []).append(u.name)
    for (a, b), names in targets.items():
        out.append(f"{name}：目标 {dec(a)} → {dec(b)}：{'、'.join(names)}")
    added = [u for u in g.units if u.change == "added"]
    removed = [u for u in g.units if u.change == "removed"]
    if added:
        out.append(f"{name}：新增单位（{len(added)}个）：" + "、".join(f"{u.name} {dec(u.new_target) or ''}".strip() for u in added))
    if removed:
        out.append(f"{name}：删去单位（{len(removed)}个）：" + "、".join(f"{u.name} {dec(u.old_target) or ''}".strip() for u in removed))
    return out + _moved_words(name, g)


def _moved_words(name: str, g: GroupChange) -> list[str]:
    out = []
    for u in g.units:
        if u.change == "moved":
            target = f"（目标 {dec(u.old_target)} → {dec(u.new_target)}）" if u.old_target != u.new_target else ""
            out.append(f"{name}：{u.name}从{u.moved_from}移入{target}")
    return out


# ---- one ledger under both --------------------------------------------------------

def _move(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a year without one
        return d.replace(year=d.year + years, day=28)


def year_shift(reg: ir.Regulation, records) -> int:
    """The whole years to move the ledger's dates by so that most rows lie
    in the regulation's 考核期 (0 when they already do, or it has none)."""
    pf, pt = reg.period_from, reg.period_to
    if not records or pf is None or pt is None:
        return 0
    dates: dict[date, int] = {}
    for r in records:
        dates[r.date] = dates.get(r.date, 0) + 1
    years = {d.year for d in dates}
    candidates = {0} | {pf.year - y for y in years} | {pt.year - y for y in years}

    def inside(k: int) -> int:
        return sum(n for d, n in dates.items() if pf <= _move(d, k) <= pt)

    return max(sorted(candidates, key=abs), key=inside)


@dataclass(frozen=True)
class UnitScores:
    name: str  #: as the newer regulation names it (the older, else the ledger)
    old_name: str | None
    new_name: str | None
    old_score: Decimal
    new_score: Decimal
    old_target: Decimal | None
    new_target: Decimal | None


@dataclass(frozen=True)
class RowChange:
    """A ledger row whose points differ: the points of the row's own unit
    (its own lines; what flows on to a parent unit is in the unit scores)."""

    row: int
    record_id: str
    date: date  #: as in the ledger
    unit: str
    title: str
    old_points: Decimal
    new_points: Decimal
    old_clauses: tuple[str, ...]
    new_clauses: tuple[str, ...]
    old_note: str  #: why it scored nothing, if it did not (未计分：…)
    new_note: str


@dataclass(frozen=True)
class LedgerDiff:
    file: str
    rows: int  #: data rows of the ledger, read or not
    unread: int  #: rows that could not be read (their errors are among ``problems``)
    old_shift: int  #: years the dates were moved for the older regulation
    new_shift: int
    units: tuple[UnitScores, ...]
    changed_rows: tuple[RowChange, ...]
    problems: tuple = ()  #: the ledger's problems under either (Diagnostics), once each


def _row_points(result) -> dict[int, tuple[Decimal, list[str]]]:
    out: dict[int, tuple[Decimal, list[str]]] = {}
    for u in result.units:
        for line in u.lines:
            if not line.row or line.kind == "transfer":
                continue
            pts, clauses = out.get(line.row, (Decimal(0), []))
            ref = line.rule_id or line.label or ""
            if ref and ref not in clauses:
                clauses.append(ref)
            out[line.row] = (pts + line.points, clauses)
    return out


def compare_ledger(old: ir.Regulation, new: ir.Regulation, ledger) -> tuple[LedgerDiff, Any, Any]:
    """Score ``ledger`` (an engine ``Ledger``) under both; returns the
    comparison and the two results."""
    from ..engine.evaluate import evaluate_ledger
    from ..foundation.text import fold

    results, shifts = [], []
    for reg in (old, new):
        k = year_shift(reg, ledger.records)
        moved = ledger if k == 0 else replace(ledger, records=tuple(r._replace(date=_move(r.date, k)) for r in ledger.records))
        results.append(evaluate_ledger(reg, moved))
        shifts.append(k)
    ro, rn = results
    # units: a ledger name joins the unit it means under each regulation (市發展改革委 / 市發改委 stay apart)
    by_o = {u.key: u for u in ro.units}
    by_n = {u.key: u for u in rn.units}
    pairs: list[tuple[str | None, str | None]] = []
    seen: set = set()
    for rec in ledger.records:
        f = fold(rec.unit)
        pr = (ro.names.get(f, f), rn.names.get(f, f))
        if pr not in seen:
            seen.add(pr)
            pairs.append(pr)
    for u in rn.units:
        if u.score and u.key not in {b for _, b in pairs}:
            pairs.append((u.key if u.key in by_o else None, u.key))
    for u in ro.units:
        if u.score and u.key not in {a for a, _ in pairs}:
            pairs.append((u.key, u.key if u.key in by_n else None))
    units = []
    done: set = set()
    for a, b in pairs:
        uo, un = by_o.get(a), by_n.get(b)
        key = (uo.key if uo else None, un.key if un else None)
        if key in done or (uo is None and un is None):
            continue
        done.add(key)
        units.append(UnitScores((un or uo).name, uo.name if uo else None, un.name if un else None,
                                uo.score if uo else Decimal(0), un.score if un else Decimal(0),
                                uo.target if uo else None, un.target if un else None))
    po, pn = _row_points(ro), _row_points(rn)
    notes_o = {m.row: m.reason_zh for m in ro.unmatched}
    notes_n = {m.row: m.reason_zh for m in rn.unmatched}
    rows = []
    for rec in ledger.records:
        a, ca = po.get(rec.row, (Decimal(0), []))
        b, cb = pn.get(rec.row, (Decimal(0), []))
        if a != b:
            rows.append(RowChange(rec.row, rec.id, rec.date, rec.unit, rec.title, a, b, tuple(ca), tuple(cb),
                                  notes_o.get(rec.row, ""), notes_n.get(rec.row, "")))
    # a problem under both regulations once; one under one of them says which
    problems = []
    for d in ro.problems:
        problems.append(d if d in rn.problems else replace(d, message=f"按{old.code}计分：{d.message}"))
    problems += [replace(d, message=f"按{new.code}计分：{d.message}") for d in rn.problems if d not in ro.problems]
    problems.sort(key=lambda d: (d.span.line if d.span else 0))
    return LedgerDiff(ledger.file, len(ledger.records) + len(ledger.rejected), len(ledger.rejected), shifts[0], shifts[1], tuple(units), tuple(rows), tuple(problems)), ro, rn


def shift_words(reg: ir.Regulation, k: int) -> str:
    if k == 0:
        return ""
    return (f"按{reg.code}计分时，台账日期{'推后' if k > 0 else '提前'}{abs(k)}年，移入其考核期"
            f"{reg.period_from}至{reg.period_to} (ledger dates moved {k:+d} years into {reg.code}'s period)")


# ---- output ------------------------------------------------------------------------

def to_json(d: RegulationDiff, ld: LedgerDiff | None = None) -> dict:
    doc: dict[str, Any] = {
        "old": {"code": d.old.code, "file": d.old.file}, "new": {"code": d.new.code, "file": d.new.file},
        "same": d.empty,
        "header": [{"field": h.field, "name": h.name, "old": h.old, "new": h.new} for h in d.header],
        "groups": [{"change": g.change, "group": (g.new or g.old).name,
                    "units": [{"change": u.change, "unit": u.name, "old_target": dec(u.old_target), "new_target": dec(u.new_target),
                               "moved_from": u.moved_from}
                              for u in g.units],
                    "details": [{"field": x.field, "name": x.name, "old": x.old, "new": x.new} for x in g.details]}
                   for g in d.groups if g.change != "same"],
        "clauses": [{"change": c.change, "kind": c.pool, "old": c.old_ref or None, "new": c.new_ref or None,
                     "old_text": c.old_text, "new_text": c.new_text, "details": list(c.details)}
                    for c in clause_lines(d, include_same=True)],
        "checklist": d.checklist,
    }
    if ld is not None:
        doc["ledger"] = {
            "file": ld.file, "rows": ld.rows, "rows_unread": ld.unread, "old_year_shift": ld.old_shift, "new_year_shift": ld.new_shift,
            "units": [{"unit": u.name, "old_unit": u.old_name, "new_unit": u.new_name,
                       "old_score": dec(u.old_score), "new_score": dec(u.new_score),
                       "change": dec(u.new_score - u.old_score),
                       "old_target": dec(u.old_target), "new_target": dec(u.new_target)} for u in ld.units],
            "rows_changed": [{"row": r.row, "id": r.record_id, "date": r.date.isoformat(), "unit": r.unit, "title": r.title,
                              "old_points": dec(r.old_points), "new_points": dec(r.new_points),
                              "old_clauses": list(r.old_clauses), "new_clauses": list(r.new_clauses),
                              "old_note": r.old_note or None, "new_note": r.new_note or None} for r in ld.changed_rows],
        }
    return doc


def view(d: RegulationDiff, ld: LedgerDiff | None = None) -> dict:
    """Every line worded as the table (``print_table``) words it, for a page
    to lay out (the workbench's 对比 panel): the summary, the general
    changes, the groups, the changed clauses and, with a ledger, the units'
    scores under both and the rows whose points changed."""
    out: dict[str, Any] = {
        "old": d.old.code, "new": d.new.code, "same": d.empty, "summary": _summary(d),
        "renumbered": renumbered_words(d),
        "header": [{"name": h.name, "old": h.old or "无", "new": h.new or "无"} for h in d.header],
        "groups": [w for g in d.groups for w in group_words(g)],
        "clauses": [{"change": c.change, "change_zh": CHANGE_ZH[c.change], "old": c.old_ref, "new": c.new_ref,
                     "words": c.words, "details": "；".join(c.details)} for c in clause_lines(d)],
        "ledger": None,
    }
    if ld is not None:
        out["ledger"] = {
            "title": f"台账 {ld.file}（{_rows_words(ld)}）：各单位得分",
            "shifts": [shift_words(reg, k) for reg, k in ((d.old, ld.old_shift), (d.new, ld.new_shift)) if k],
            "units": [{"unit": u.name, "old": dec(u.old_score), "new": dec(u.new_score), "change": dec(u.new_score - u.old_score),
                       "old_target": dec(u.old_target) or "—", "new_target": dec(u.new_target) or "—"} for u in ld.units],
            "rows_title": f"分值改变的行（{len(ld.changed_rows)}行）" if ld.changed_rows else "各行分值均未改变。",
            "rows": [{"row": r.row, "date": str(r.date), "unit": r.unit, "title": r.title,
                      "old": _points_cell(r.old_points, r.old_clauses, r.old_note),
                      "new": _points_cell(r.new_points, r.new_clauses, r.new_note)} for r in ld.changed_rows],
        }
    return out


def dumps(d: RegulationDiff, ld: LedgerDiff | None = None) -> str:
    return json.dumps(to_json(d, ld), ensure_ascii=False, indent=2) + "\n"


def _summary(d: RegulationDiff) -> str:
    lines = clause_lines(d, include_same=True)
    n = {k: sum(1 for c in lines if c.change == k) for k in CHANGE_ZH}
    return (f"{d.old.code} → {d.new.code}：新增{n['added']}条、删去{n['removed']}条、修改{n['changed']}条，"
            f"{n['same']}条未变")


def renumbered_words(d: RegulationDiff) -> str:
    """The clauses equal in meaning whose ID or label changed: 未变，编号不同：D09-2b【四、（二）】→ D12-1b【三、1】…"""
    pairs = [f"{reference(c.old)} → {reference(c.new)}" for c in d.clauses if c.change == "same" and c.renumbered]
    return f"未变，编号不同（{len(pairs)}条）：" + "、".join(pairs) if pairs else ""


def _rows_words(ld: LedgerDiff) -> str:
    return f"{ld.rows}行" + (f"，其中{ld.unread}行无法读取，未计分，见错误信息" if ld.unread else "")


def _points_cell(pts: Decimal, clauses: tuple[str, ...], note: str) -> str:
    if note and not pts:
        return f"0（{note}）"
    return f"{dec(pts)}（{'、'.join(clauses)}）" if clauses else dec(pts)


def markdown(d: RegulationDiff, ld: LedgerDiff | None = None) -> str:
    md = ap.md
    out = [f"# {md(d.old.code)} → {md(d.new.code)}", "", md(_summary(d)), ""]
    if renumbered_words(d):
        out += [md(renumbered_words(d)), ""]
    if d.header:
        out += ["## 总则", ""] + [f"- {md(detail_words(h), False)}" for h in d.header] + [""]
    groups = [w for g in d.groups for w in group_words(g)]
    if groups:
        out += ["## 单位和目标", ""] + [f"- {md(w, False)}" for w in groups] + [""]
    lines = clause_lines(d)
    if lines:
        out += ["## 条款", "", "| 变化 | 旧条款 | 新条款 | 内容 | 说明 |", "|---|---|---|---|---|"]
        for c in lines:
            out.append(f"| {CHANGE_ZH[c.change]} | {md(c.old_ref, False)} | {md(c.new_ref, False)} | {md(c.words, False)} | {md('；'.join(c.details), False)} |")
        out.append("")
    if ld is not None:
        out += _ledger_markdown(d, ld)
    return "\n".join(out).rstrip("\n") + "\n"


def _ledger_markdown(d: RegulationDiff, ld: LedgerDiff) -> list[str]:
    md = ap.md
    out = [f"## 台账 {md(ld.file)}（{_rows_words(ld)}）", ""]
    for reg, k in ((d.old, ld.old_shift), (d.new, ld.new_shift)):
        if k:
            out += [md(shift_words(reg, k)), ""]
    out += [f"| 单位 | {md(d.old.code)}得分 | {md(d.new.code)}得分 | 变化 | {md(d.old.code)}目标 | {md(d.new.code)}目标 |",
            "|---|---:|---:|---:|---:|---:|"]
    for u in ld.units:
        out.append(f"| {md(u.name, False)} | {dec(u.old_score)} | {dec(u.new_score)} | {dec(u.new_score - u.old_score)} | "
                   f"{dec(u.old_target) or '—'} | {dec(u.new_target) or '—'} |")
    out.append("")
    if ld.changed_rows:
        out += [f"### 分值改变的行（{len(ld.changed_rows)}行）", "",
                f"| 行 | 日期 | 单位 | 标题 | {md(d.old.code)} | {md(d.new.code)} |", "|---:|---|---|---|---|---|"]
        for r in ld.changed_rows:
            out.append(f"| {r.row} | {r.date} | {md(r.unit, False)} | {md(r.title, False)} | {md(_points_cell(r.old_points, r.old_clauses, r.old_note), False)} | "
                       f"{md(_points_cell(r.new_points, r.new_clauses, r.new_note), False)} |")
        out.append("")
    else:
        out += ["各行分值均未改变。", ""]
    return out


def print_table(d: RegulationDiff, ld: LedgerDiff | None, console: Console) -> None:
    console.print(cell(_summary(d)))
    if renumbered_words(d):
        console.print(cell(renumbered_words(d)))
    if d.header:
        t = Table(title="总则")
        for col in ("项目", d.old.code, d.new.code):
            t.add_column(cell(col))
        for h in d.header:
            t.add_row(cell(h.name), cell(h.old or "无"), cell(h.new or "无"))
        console.print(t)
    for w in (w for g in d.groups for w in group_words(g)):
        console.print(cell(w))
    lines = clause_lines(d)
    if lines:
        t = Table(title="条款", show_lines=True)
        for col, just in (("变化", "left"), (d.old.code, "left"), (d.new.code, "left"), ("内容", "left"), ("说明", "left")):
            t.add_column(cell(col), justify=just, overflow="fold")
        for c in lines:
            t.add_row(CHANGE_ZH[c.change], cell(c.old_ref), cell(c.new_ref), cell(c.words), cell("；".join(c.details)))
        console.print(t)
    if ld is None:
        return
    for reg, k in ((d.old, ld.old_shift), (d.new, ld.new_shift)):
        if k:
            console.print(cell(shift_words(reg, k)))
    t = Table(title=cell(f"台账 {ld.file}（{_rows_words(ld)}）：各单位得分"))
    for col, just in (("单位", "left"), (f"{d.old.code}得分", "right"), (f"{d.new.code}得分", "right"), ("变化", "right"),
                      (f"{d.old.code}目标", "right"), (f"{d.new.code}目标", "right")):
        t.add_column(cell(col), justify=just)
    for u in ld.units:
        t.add_row(cell(u.name), dec(u.old_score), dec(u.new_score), dec(u.new_score - u.old_score),
                  dec(u.old_target) or "—", dec(u.new_target) or "—")
    console.print(t)
    if not ld.changed_rows:
        console.print("各行分值均未改变。")
        return
    t = Table(title=f"分值改变的行（{len(ld.changed_rows)}行）")
    for col, just in (("行", "right"), ("日期", "left"), ("单位", "left"), ("标题", "left"), (d.old.code, "left"), (d.new.code, "left")):
        t.add_column(cell(col), justify=just, overflow="fold")
    for r in ld.changed_rows:
        t.add_row(str(r.row), str(r.date), cell(r.unit), cell(r.title), cell(_points_cell(r.old_points, r.old_clauses, r.old_note)),
                  cell(_points_cell(r.new_points, r.new_clauses, r.new_note)))
    console.print(t)
