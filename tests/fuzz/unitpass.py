"""Random regulations that use the unit-pass constructs (issue 13) and
random ledgers for them, and the properties every such case must keep.

Used by tests/test_properties_unitpass.py (hypothesis draws the choices, so
a failure shrinks) and by tests/fuzz/run.py's ``unitpass`` generator
(``random.Random`` draws them, so example ``i`` is rebuilt from its seed).
Both go through a :class:`Choose`, which only picks from lists and ranges.

The regulations are made to compile most of the time (each publication has
one base clause, so no two clauses tie), with every period (每周 每月 每季度
全年), measure (报送 采用 采用率 …累计 得分 【…】得分 完成率) and branch
(不少于 以上 低于 超过 至 完成任务 未完成任务 未达到 每少 每超 最高 按N%计入
折算为百分制 当年得分计0分 视为…), allowances with and without 扣完为止,
按最高分计 / 可累计加分 / 均分, amounts from a column, another clause or a
range, （不含…）, and group headers with 每月不少于N条 and 目标N条.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ZERO = Decimal(0)
CENT = Decimal("0.01")


class Choose:
    """Choices drawn by hypothesis (``draw``) or by a ``random.Random``."""

    def __init__(self, draw=None, rng: random.Random | None = None):
        self.draw, self.rng = draw, rng

    def choice(self, seq):
        seq = list(seq)
        if self.draw is not None:
            from hypothesis import strategies as st
            return self.draw(st.sampled_from(seq))
        return self.rng.choice(seq)

    def int(self, a: int, b: int) -> int:
        if self.draw is not None:
            from hypothesis import strategies as st
            return self.draw(st.integers(a, b))
        return self.rng.randint(a, b)

    def chance(self, percent: int) -> bool:
        """True about ``percent`` times in 100 (hypothesis shrinks towards False)."""
        return self.int(0, 99) >= 100 - percent

    def some(self, seq, most: int | None = None) -> list:
        seq = list(seq)
        return [x for x in seq if self.chance(50)][: most or len(seq)]


# ---- regulations ---------------------------------------------------------------

PUBS = ["市府信息", "政府工作通报", "信息专报", "每日要情"]
KINDS = ["要情", "领导讲话", "约稿", "动态"]
EVENTS = ["迟报", "未按要求", "失实", "漏报", "选用报省"]
LISTED = [["市发改局", "市教体局"], ["市财政局", "市公安局", "市水务局"]]
PERIODS = ["每周", "每月", "每季度", "全年"]
NUMS = ["1", "2", "3", "5", "0.5", "1.5", "10", "两", "二十"]


def _n(c: Choose, small=False) -> str:
    return c.choice(["1", "2", "3", "0.5"] if small else NUMS)


def _cond(c: Choose) -> str:
    """Conditions before a measure (none most of the time)."""
    return c.choice(["", "", "", "要情 ", "《市府信息》 ", "《市府信息》、《每日要情》 ", "动态、要情 "])


def _measure(c: Choose, period: str) -> tuple[str, str]:
    """(the measure as written, what its thresholds count: items | rate | points | rows | completion)."""
    k = c.choice(["submitted", "adopted", "rate", "rows", "points", "refs", "completion"])
    if k == "submitted":
        return _cond(c) + c.choice(["报送", "报送数量", "上报"]), "items"
    if k == "adopted":
        return _cond(c) + c.choice(["采用", "采用数"]), "items"
    if k == "rate":
        return _cond(c) + c.choice(["采用率", "录用率"]), "rate"
    if k == "rows":
        return c.choice(["约稿 未按要求 累计", "迟报 次数", "迟报、漏报 累计", "失实 累计次数"]), "rows"
    if k == "points":
        return _cond(c) + "得分", "points"
    if k == "refs":
        return c.choice(["【1】得分", "【1】、【2】得分", "【2】得分"]), "points"
    return "完成率", "completion"


def _value(c: Choose, what: str) -> tuple[str, str]:
    """(a threshold, its counter) for a measure."""
    if what in ("rate", "completion"):
        return c.choice(["30%", "50%", "100%", "80%"]), ""
    if what == "points":
        return c.choice(["6", "10", "0", "20"]), "分"
    return c.choice(["1", "2", "3", "6", "10"]), c.choice(["条", "篇", "次", "个", ""])


def _amount(c: Choose, period: str) -> str:
    k = c.choice(["score", "base", "bonus", "deduct", "deduct", "zero", "outcome"])
    if k == "score":
        return f"计{_n(c)}分"
    if k == "base":
        return f"计基础分{_n(c)}分"
    if k == "bonus":
        return f"加{_n(c)}分"
    if k == "deduct":
        return f"扣{_n(c)}分"
    if k == "zero":
        # zeroing is for the year; now and then elsewhere, to be refused
        return c.choice(["当年得分计0分", "按零分处理"]) if period == "全年" or c.chance(10) else f"扣{_n(c)}分"
    return c.choice(["视为不达标", "予以通报", "列为表彰候选"])


def _when(c: Choose, what: str) -> tuple[str, str]:
    """(a condition branch, its test)."""
    v, unit = _value(c, what)
    forms = ["ge", "ge2", "ge3", "lt", "gt", "between"]
    if what in ("items", "rows") or c.chance(3):  # 达到任务 compares counts: else now and then, to be refused
        forms += ["quota", "notquota"]
    form = c.choice(forms)
    if form == "ge":
        return f"不少于{v}{unit}的", "ge"
    if form == "ge2":
        return f"达到{v}{unit}的", "ge"
    if form == "ge3":
        return f"{v}{unit}{c.choice(['以上', '（含）以上', '及以上'])}的", "ge"
    if form == "lt":
        return f"{c.choice(['低于', '少于', '不足'])}{v}{unit}的", "lt"
    if form == "gt":
        return f"{c.choice(['超过', '多于', '高于'])}{v}{unit}的", "gt"
    if form == "between":
        if what in ("rate", "completion"):
            return "30%至60%的", "between"
        w, _ = _value(c, what)
        lo, hi = sorted([Decimal(v), Decimal(w)])
        return f"{lo}至{hi}{unit}的", "between"
    if form == "quota":
        return c.choice(["完成任务的", "达到任务的"]), "quota"
    return c.choice(["未完成任务的", "未达到任务的"]), "quota"


def _branches(c: Choose, period: str, what: str) -> str:
    """Branches that make sense for the measure — and now and then (3 in 100)
    one that does not, which must be refused with a diagnostic."""
    parts = []
    tests: list[str] = []
    odd = c.chance(3)
    for _ in range(c.int(1, 3)):
        kinds = ["when", "when"]
        if tests or what == "items" or odd:
            kinds.append("else")
        if any(t in ("ge", "gt") for t in tests) or what == "items" or odd:
            kinds += ["short", "extra"]
        if what == "points" or odd:
            kinds.append("cap")
        k = c.choice(kinds)
        if k == "when":
            text, t = _when(c, what)
            tests.append(t)
            parts.append(text + c.choice(["，", ""]) + _amount(c, period))
        elif k == "else":
            parts.append(c.choice(["未达到的", "达不到的", "否则"]) + "，" + _amount(c, period))
        elif k == "short":
            parts.append(f"{c.choice(['每少', '每少报', '每缺'])}{_n(c, True)}{c.choice(['条', '篇'])}扣{_n(c, True)}分")
        elif k == "extra":
            parts.append(f"{c.choice(['每超报', '每超', '超出部分每'])}{_n(c, True)}{c.choice(['条', '篇'])}"
                         f"{c.choice(['计', '加'])}{_n(c, True)}分")
        else:
            parts.append(f"最高{c.choice(['5', '20', '0'])}分")
    last = c.choice(["", "", "", "convert", "scale"]) if what == "points" or odd else ""
    if last == "convert":
        parts.append(c.choice(["按10%计入综合考核", "按百分之五十折算", "按40%计入"]))
    elif last == "scale":
        parts.append("折算为百分制")
    return c.choice(["，", "；"]).join(parts)


def period_clause(c: Choose) -> str:
    period = c.choice(PERIODS)
    m, what = _measure(c, period)
    return f"{period} {m} {_branches(c, period, what)}"


def group_header(c: Choose, name: str) -> str:
    parts = [f"单位组 {name}"]
    if c.chance(60):
        parts.append(f"{c.choice(PERIODS)}不少于{c.choice(['1', '2', '3', '6'])}{c.choice(['条', '篇'])}")
    if c.chance(97):  # a group without a target: refused, unless each unit has its own
        parts.append(f"目标{c.choice(['20', '50', '100'])}分")
    if c.chance(40):
        parts.append(f"目标{c.choice(['5', '10', '120'])}条")
    return " ".join(parts) + "："


def regulation(c: Choose) -> str:
    lines = ["规程 T"]
    if c.chance(20):
        lines += ["考核年度 上年12月1日 至 当年11月30日", "考核期 2023年12月1日 至 2024年11月30日"]
    else:
        lines.append("考核期 2024年1月1日 至 2024年12月31日")
    lines += ["属性 类别：" + "、".join(KINDS), "属性 事项：" + "、".join(EVENTS)]
    for i, units in enumerate(LISTED):
        lines.append(group_header(c, f"第{'一二'[i]}类"))
        lines.append("    " + "、".join(u + (f" {c.choice(['30', '80'])}" if c.chance(25) else "") for u in units))
    lines.append("计分办法【一】")
    # item clauses: one base clause per publication, so no two tie
    n = 0

    def clause(text: str) -> None:
        nonlocal n
        n += 1
        lines.append(f"A-{n}【{n}】{text}")

    clause(f"《市府信息》每采用1条计{c.choice(['5', '3', '2.5'])}分")  # constant, for 按A-1的N倍
    pubs = PUBS[1:]
    for p in pubs:  # 【2】 is always there, for 【1】、【2】得分
        form = c.choice(["const", "per", "exclude", "column", "ref"] + (["none"] if p != pubs[0] else []))
        if form == "const":
            clause(f"《{p}》每采用1条计{_n(c)}分")
        elif form == "per":
            clause(f"《{p}》采用：{_n(c)}分/条")
        elif form == "exclude":
            clause(f"《{p}》（{c.choice(['不含', '不包括'])}领导讲话）采用1条计{_n(c)}分")
        elif form == "column":
            clause(f"《{p}》采用按“省厅分值”{c.choice(['', '的2倍', '的0.5倍'])}计分")
        elif form == "ref":
            clause(f"《{p}》采用按A-1的{c.choice(['2', '0.5', '3'])}倍计分")
    if c.chance(50):
        clause(f"《市府信息》要情 每采用1条计{_n(c)}分")
    if c.chance(60):
        cap = f"，全年累计不超过{c.choice(['3', '10'])}分" if c.chance(50) else ""
        clause(f"约稿每报送1条计{_n(c, True)}分{cap}")
    if c.chance(40):
        clause(c.choice([f"获市领导批示每条另加{_n(c)}分", f"获市领导批示的，每篇另加{_n(c)}分", f"获市领导批示每次加{_n(c)}分"]))
    if c.chance(40):  # a bonus on the item: the later adoption, a row of its own (LYG, HZ18)
        clause(f"《{c.choice(PUBS + ['达州日报', '达州日报'])}》{c.choice(['采用的，每条另加', '采用，每条再加', '采用每条另加'])}{_n(c)}分")
    if c.chance(30):  # points for an event: forwarding (LYG 选用报省)
        clause(f"{c.choice(['', '《市府信息》'])}选用报省的，每条计{_n(c)}分")
    if c.chance(30):  # a higher office's adoption, beside the publications' points
        clause(c.choice([f"被省政府办公厅采用1条计{_n(c)}分", f"被省政府办公厅采用每条计{_n(c)}分"]))
    if c.chance(70):
        clause(c.choice([f"迟报每次扣{_n(c, True)}分", f"迟报的，扣{_n(c, True)}分", f"迟报扣{_n(c, True)}分"]))
    if c.chance(50):
        clause(c.choice(["失实 每次扣5至10分", "失实 扣5-10分", "失实 每次扣2到4分"]))
    if c.chance(30):
        clause("漏报 第一次扣1分，以后每次扣2分")
    # the unit pass
    for _ in range(c.int(0, 2)):
        period = c.choice(PERIODS)
        k = c.choice(["allow", "allow", "floor"])
        scope = c.choice(["", "", "（第一类）", "（第二类）"])  # for some groups only
        if k == "allow":
            tail = c.choice(["", "，扣完为止", "，扣完即止", "，扣完为止，加分无上限"])
            clause(f"{scope}{period}{c.choice(['基础分', '基础得分'])}{c.choice(['6', '2', '0.5'])}分{tail}")
        else:
            clause(f"{scope}{period}扣完为止")
    for k in c.some(["highest", "sum", "split"]):
        clause({"highest": c.choice(["同一信息被多个刊物采用的，按最高分计", "同一信息被多个刊物采用的，按最高分计，不重复计分",
                                     "同一条信息被多次多级采用的，按最高分值计分，不累计加分"]),
                "sum": c.choice(["同一信息被多个刊物采用的，可累计加分", "同一条信息被两个以上的刊物同时采用的，累加计分"]),
                "split": c.choice(["合报信息的分数均分", "联合报送的信息，得分由各单位平分"])}[k])
    for _ in range(c.int(1, 4)):
        clause(c.choice(["", "", "", "（第一类）", "（第二类）"]) + period_clause(c))
    return "\n".join(lines) + "\n"


# ---- ledgers --------------------------------------------------------------------

HEAD = ["编号", "日期", "单位", "事项", "刊物", "类别", "批示", "省厅分值", "分值", "标题", "上级采用"]
UNITS = ["市发改局", "市教体局", "市财政局", "市公安局", "市水务局", "市发展改革局", "市林业局", "某直报点"]
IDS = ["", "", "J1", "J1", "J2", "J3"]
AMOUNTS = ["", "", "3", "2.5", "６", "7分", "abc", "-3", "0", "1e2", "Infinity", "NaN", "8", "100"]


def ledger_rows(c: Choose, most: int = 30) -> list[list[str]]:
    """Rows of a ledger for these regulations (without the header)."""
    start = date(2023, 11, 20)
    rows = []
    for i in range(c.int(0, most)):
        if c.chance(15):  # a period's first or last day, where the boundaries are
            d = c.choice([date(2024, m, 1) for m in range(1, 13)] + [date(2024, m + 1, 1) - timedelta(days=1) for m in range(1, 12)]
                         + [date(2023, 11, 30), date(2024, 11, 30), date(2024, 12, 31)])
        else:
            d = start + timedelta(days=c.int(0, 420))
        when = d.isoformat() if not c.chance(3) else c.choice(["2024-13-01", "不详"])
        event = c.choice(["报送", "报送", "采用", "采用", "采用", *EVENTS, ""])
        pub = c.choice(PUBS + ["达州日报", ""]) if event in ("采用", "报送", "") else ""
        rows.append([c.choice(IDS), when, c.choice(UNITS), event, pub,
                     c.choice(["", "", *KINDS]), c.choice(["", "", "市领导"]),
                     c.choice(AMOUNTS), c.choice(AMOUNTS), f"信息{i + 1}", c.choice(["", "", "", "省政府办公厅"])])
    return rows


def as_of_date(c: Choose) -> date | None:
    if c.chance(30):
        return None
    return date(2023, 12, 1) + timedelta(days=c.int(0, 420))


# ---- the properties -------------------------------------------------------------

def compile_or_diagnose(text: str):
    """The regulation, or None when it fails with diagnostics (XinxiError) — never another exception."""
    from xinxi_dsl import compile_text
    from xinxi_dsl.foundation.diagnostics import XinxiError

    try:
        return compile_text(text, "prop.xinxi")[0]
    except XinxiError as exc:
        assert exc.diagnostics and all(d.key and d.message for d in exc.diagnostics), exc
        return None


def check_language(text: str, reg) -> None:
    """fmt keeps the meaning and is idempotent; the IR JSON round-trips."""
    from xinxi_dsl import compile_text
    from xinxi_dsl.compiler import ir
    from xinxi_dsl.language.fmt import format_source

    formatted = format_source(text)
    assert compile_text(formatted, "prop.xinxi")[0] == reg, "fmt changed the meaning"
    assert format_source(formatted) == formatted, "fmt is not idempotent"
    assert ir.loads(ir.dumps(reg)) == reg, "IR JSON does not round-trip"


def score(reg, rows, as_of=None):
    from xinxi_dsl.engine.evaluate import evaluate_ledger
    from xinxi_dsl.engine.ledger import records_from_rows

    return evaluate_ledger(reg, records_from_rows([HEAD, *rows], "prop.csv"), as_of=as_of)


def check_sum_and_rows(result, n_rows: int) -> None:
    for u in result.units:
        assert u.score == sum((l.points for l in u.lines), ZERO), f"{u.name}: score is not the sum of its lines"
    scored = {l.row for u in result.units for l in u.lines if l.row}
    unmatched = [m.row for m in result.unmatched]
    assert len(unmatched) == len(set(unmatched)), f"rows listed twice as not scored: {Counter(unmatched)}"
    assert scored.isdisjoint(unmatched), f"rows both scored and not scored: {scored & set(unmatched)}"
    assert scored | set(unmatched) == set(range(2, n_rows + 2)), \
        f"rows lost: {set(range(2, n_rows + 2)) - scored - set(unmatched)}; rows invented: {scored - set(range(2, n_rows + 2))}"


def check_split(reg, result) -> None:
    """均分: the shares of a joint item add up exactly to the item's points
    (the highest row's, after 按最高分计), each a multiple of 0.01 but the
    first unit's, which takes the remainder."""
    if not any(cb.kind == "split" for cb in reg.combines):
        return
    before: dict[str, dict[str, Decimal]] = defaultdict(dict)
    after: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for u in result.units:
        for l in u.lines:
            if l.record_id.startswith("#") or l.kind not in ("base", "bonus", "combine", "split"):
                continue
            if l.kind != "split":
                before[l.record_id][u.key] = before[l.record_id].get(u.key, ZERO) + l.points
            after[l.record_id][u.key] = after[l.record_id].get(u.key, ZERO) + l.points
    for rid, per_unit in before.items():
        if len(per_unit) < 2:
            continue
        item = max(per_unit.values())
        got = sum(after[rid].values(), ZERO)
        assert got == item, f"编号{rid}: shares {dict(after[rid])} add up to {got}, not the item's {item} ({dict(per_unit)})"
        n = len(per_unit)
        share = (item / n).quantize(CENT, rounding=ROUND_HALF_UP)
        assert list(after[rid].values()).count(share) >= n - 1, f"编号{rid}: shares {dict(after[rid])} of {item} ÷ {n}"


def shuffled(c_or_rnd, rows: list[list[str]], keep_joint_order: bool) -> tuple[list[list[str]], list[int]]:
    """A permutation of the rows: (the rows, the original index of each).
    ``keep_joint_order``: rows sharing an 编号 keep their relative order (均分
    gives the remainder to the first unit in ledger order, as documented)."""
    idx = list(range(len(rows)))
    c_or_rnd.shuffle(idx)
    if keep_joint_order:
        by_id: dict[str, list[int]] = defaultdict(list)
        for pos, i in enumerate(idx):
            if rows[i][0]:
                by_id[rows[i][0]].append(pos)
        for rid, positions in by_id.items():
            originals = sorted(idx[p] for p in positions)
            for p, i in zip(positions, originals):
                idx[p] = i
    return [rows[i] for i in idx], idx


def line_key(l, orig_row):
    """A line as the shuffle compares it: which row a line is on is compared
    apart (rows_key), since of two rows of one date which is 第1次 for 第一次…
    以后每次, or reaches a cap first, follows the ledger's order, as documented."""
    return (l.kind, l.rule_id, l.label, l.date, l.points)


def rows_key(l, orig_row):
    return (l.kind, l.rule_id, l.date, orig_row(l.row))


def check_shuffle(reg, rows, result, rnd, as_of=None) -> None:
    keep = any(cb.kind == "split" for cb in reg.combines)
    rows2, idx = shuffled(rnd, rows, keep)
    other = score(reg, rows2, as_of)

    def orig(r):  # a row number of the shuffled ledger → the original's
        return idx[r - 2] + 2 if r else 0

    a = {u.key: (u.score, Counter(line_key(l, lambda r: r) for l in u.lines),
                 Counter(rows_key(l, lambda r: r) for l in u.lines)) for u in result.units}
    b = {u.key: (u.score, Counter(line_key(l, orig) for l in u.lines), Counter(rows_key(l, orig) for l in u.lines))
         for u in other.units}
    assert a.keys() == b.keys()
    for k in a:
        assert a[k][0] == b[k][0], f"{k}: score {a[k][0]} becomes {b[k][0]} when the rows are shuffled"
        assert a[k][1] == b[k][1], f"{k}: lines differ when shuffled: only before {a[k][1] - b[k][1]}, only after {b[k][1] - a[k][1]}"
        assert a[k][2] == b[k][2], f"{k}: lines on other rows when shuffled: only before {a[k][2] - b[k][2]}, only after {b[k][2] - a[k][2]}"


def check_as_of(reg, result, as_of) -> None:
    from xinxi_dsl.engine import periods

    if as_of is None or result.period_from is None:
        return
    last = min(as_of, result.period_to)
    for kind, judged in result.judged_periods.items():
        assert all(b <= last for _, _, b in judged), f"{kind}: a period ending after {last} judged: {judged}"
        expect = [s for s in periods.spans_within(reg, kind, result.period_from, result.period_to) if s[2] <= last]
        assert judged == expect, f"{kind}: judged {judged}, ended by {last}: {expect}"
    for u in result.units:
        for l in u.lines:
            if not l.row:
                assert l.date <= last, f"{u.name}: a unit-pass line dated {l.date} after the as-of date {last}: {l.note}"


def check_case(text: str, rows, as_of, rnd: random.Random) -> bool:
    """Every property for one regulation and ledger; False when the regulation did not compile."""
    reg = compile_or_diagnose(text)
    if reg is None:
        return False
    check_language(text, reg)
    result = score(reg, rows, as_of)
    check_sum_and_rows(result, len(rows))
    check_split(reg, result)
    check_as_of(reg, result, as_of)
    check_shuffle(reg, rows, result, rnd, as_of)
    return True


# ---- tests/fuzz/run.py --only unitpass ----------------------------------------------

def as_text(text: str, rows, as_of) -> str:
    """One case as a file: the regulation, then the as-of date and the ledger as comment lines."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([HEAD, *rows])
    return text + f"# as-of: {as_of}\n" + "".join(f"# {l}\n" for l in buf.getvalue().splitlines())


def failures(text: str, rows, as_of, rnd: random.Random) -> tuple[bool, list[tuple[str, str]]]:
    """(compiled?, [(failure kind, detail)]) for run.py: a broken property or an exception."""
    import traceback

    try:
        return check_case(text, rows, as_of, rnd), []
    except Exception as exc:
        tb = traceback.extract_tb(exc.__traceback__)
        if isinstance(exc, AssertionError):  # which property: the check_* function that asserted
            prop = next((f.name for f in reversed(tb) if f.name.startswith("check_")), "?")
            return True, [(f"unitpass property {prop}", str(exc)[:1500])]
        inner = next((f for f in reversed(tb) if "xinxi_dsl" in f.filename), tb[-1])
        return True, [(f"unitpass: {type(exc).__name__} at {Path(inner.filename).name}:{inner.lineno}",
                       "".join(traceback.format_exception(exc))[-1500:])]
