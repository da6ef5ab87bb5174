"""Lower and resolve: syntax tree → IR.

Resolves what the parser left as words: a bare word to the attribute it is a
value of (declared with ``属性``), header dates to real dates, labels to
plain text.  Problems are collected (not raised one by one) and raised
together, sorted by position.
"""

from __future__ import annotations

import calendar
import dataclasses
import difflib
import re
from datetime import date, timedelta

from . import ir
from ..language import syntax as S
from ..foundation.diagnostics import Diagnostic, Span, XinxiError
from ..foundation.text import fold

_DATE = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?)?")
#: the years a regulation's dates may name (as the engine's --year): the
#: period arithmetic (a day after, a year after) stays within Python's dates
MIN_YEAR, MAX_YEAR = 1900, 2999
BUILTIN_VALUES = {ir.EVENT_ADOPTED: "事项", ir.EVENT_SUBMITTED: "事项"}


def parse_date(text: str, end_of: bool = False) -> date:
    """``2012-01-01`` / ``2012年1月`` → a date; a missing day is the month's
    first (or last, with ``end_of``).  Raises ValueError for 2012-02-30."""
    m = _DATE.fullmatch(text.replace("日", "").rstrip("月") if "年" in text else text)
    if not m:
        raise ValueError(text)
    y, mo, d = int(m[1]), int(m[2] or (12 if end_of else 1)), m[3]
    if d is None:
        day = calendar.monthrange(y, mo)[1] if end_of else 1
    else:
        day = int(d)
    return date(y, mo, day)


def _id(t: S.Text | None) -> str | None:
    return t.value if t else None


_MONTHDAY = re.compile(r"(\d{1,2})月(\d{1,2})日")


def _monthday(text: str) -> tuple[int, int]:
    m = _MONTHDAY.fullmatch(text)
    return int(m[1]), int(m[2])


def _label(t: S.Text | None) -> str | None:
    return t.value.strip("【】") if t else None


_HEADER_WORDS = {"code": "规程", "name": "名称", "docno": "文号", "target_col": "目标列名", "period": "考核期", "start": "开始执行",
                 "report": "通报", "rank": "排序"}
_SECTION_NUMBER = re.compile(r"^([一二三四五六七八九十]+、)")


def clause_label(section: str | None, label: S.Text | None) -> str | None:
    """The notice's full clause label: section 三、… + rule 【1】 → 三、1."""
    own = _label(label)
    if own is None:
        return None
    m = _SECTION_NUMBER.match(section or "")
    if m and not _SECTION_NUMBER.match(own):
        return m[1] + own
    return own


class _Lowerer:
    def __init__(self, module: S.Module):
        self.m = module
        self.diags: list[Diagnostic] = []
        self.vocab: dict[str, list[str]] = {k: [v] for k, v in BUILTIN_VALUES.items()}
        self.named_groups: list[S.Text] = []  #: groups named by transfers and period clauses: each must exist

    def error(self, key: str, message: str, span: Span | None) -> None:
        self.diags.append(Diagnostic(key, message, span))

    def run(self) -> ir.Regulation:
        head: dict[str, S.Header] = {}
        attributes: list[ir.Attribute] = []
        groups: list[ir.Group] = []
        rules: list[ir.Rule] = []
        transfers: list[ir.Transfer] = []
        counts: list[ir.CountRule] = []
        outcomes: list[ir.Outcome] = []
        unlisted = year = checklist = None
        texts: list[ir.NoticeText] = []
        period_rules: list[ir.PeriodRule] = []
        allowances: list[ir.Allowance] = []
        combines: list[ir.Combine] = []
        sections: list[str] = []
        section: str | None = None
        # vocabulary first: a rule may use a word declared further down
        for st in self.m.statements:
            if isinstance(st, S.AttrDecl):
                attributes.append(self.attribute(st))
        self.attributes = attributes
        start_clause = None
        for st in self.m.statements:
            if isinstance(st, S.Header) and st.kind == "start" and st.label is not None:
                start_clause = ir.StartClause(st.id.value if st.id else None, clause_label(section, st.label),
                                              section, st.values[0].value, st.span)
            if isinstance(st, S.Header):
                if st.kind in head:
                    self.error("duplicate-header", f"“{_HEADER_WORDS[st.kind]}”已在第{head[st.kind].span.line}行写过 (duplicate {st.kind} line)", st.span)
                head[st.kind] = st
            elif isinstance(st, S.GroupDecl):
                groups.append(self.group(st))
            elif isinstance(st, S.Section):
                section = _label(st.label)
                sections.append(section)
            elif isinstance(st, S.RuleDecl):
                rules.extend(self.rules(st, section))
            elif isinstance(st, S.HighestDecl):
                rules.extend(self.highest(st, section))
            elif isinstance(st, S.TransferDecl):
                transfers.append(ir.Transfer(
                    _id(st.id), clause_label(section, st.label), section, st.kind,
                    st.rate, st.rate_text, st.source, st.span, tuple(g.value for g in st.groups)))
                self.named_groups.extend(st.groups)
            elif isinstance(st, S.CountDecl):
                conds = self.conditions(st.selectors)
                counts.append(ir.CountRule(_id(st.id), clause_label(section, st.label), section, tuple(conds),
                                           st.source, st.span))
            elif isinstance(st, S.OutcomeDecl):
                n = None
                if st.n is not None:
                    if st.n.value != st.n.value.to_integral_value() or st.n.value < 1:
                        self.error("bad-count", f"季度数“{st.n.text}”须是正整数 (number of quarters must be a whole number)", st.n.span)
                    else:
                        n = int(st.n.value)
                outcomes.append(ir.Outcome(_id(st.id), clause_label(section, st.label), section, st.when, n,
                                           st.text.value, st.source, st.span))
            elif isinstance(st, S.PeriodDecl):
                pr = self.period_rule(st, section)
                if pr is not None:
                    period_rules.append(pr)
            elif isinstance(st, S.AllowanceDecl):
                allowances.append(self.allowance(st, section))
            elif isinstance(st, S.CombineDecl):
                combines.append(ir.Combine(_id(st.id), clause_label(section, st.label), section, st.kind, st.source,
                                           st.span, st.no_repeat, st.words))
            elif isinstance(st, S.TextDecl):
                texts.append(ir.NoticeText(_id(st.id), clause_label(section, st.label), section, st.own,
                                           st.text.value, st.source, st.span, st.replaces))
            elif isinstance(st, S.UnlistedDecl):
                unlisted = ir.Unlisted(_id(st.id), clause_label(section, st.label), section, st.source, st.span)
            elif isinstance(st, S.YearDecl):
                if year is not None:
                    self.error("duplicate-header", f"“考核年度”已在第{year.span.line}行写过 (duplicate assessment-year line)", st.span)
                year = self.year(st)
            elif isinstance(st, S.ChecklistDecl):
                if checklist is not None:
                    self.error("duplicate-header", f"“指标考核”已在第{checklist.span.line}行写过 (duplicate checklist)", st.span)
                checklist = ir.Checklist(_label(st.label), tuple(self.ind_section(x) for x in st.sections), st.span)
        code = head["code"].values[0].value if "code" in head else None
        if code is None:
            self.error("missing-code", "缺少“规程 代号”一行，应写在文件开头 (missing regulation code)", Span(self.m.file, 1, 0))
        start = self.date(head["start"].values[0]) if "start" in head else None
        pfrom = pto = None
        if "period" in head:
            pfrom = self.date(head["period"].values[0])
            pto = self.date(head["period"].values[1], end_of=True)
            if pfrom and pto and pto < pfrom:
                self.error("bad-period", "考核期的结束日期早于开始日期 (period ends before it starts)", head["period"].span)
        if start and pto and start > pto:
            self.error("start-after-period", f"开始执行日期{start}晚于考核期结束日期{pto}，没有记录能计分 (starts after the period ends)",
                       head["start"].span)
        report = None
        if "report" in head:
            report = "monthly" if fold(head["report"].values[0].value) == "每月" else "quarterly"
        ranking = "completion"
        if "rank" in head and fold(head["rank"].values[0].value) == "按得分":
            ranking = "score"
        rules, period_rules = self.references(rules, transfers, period_rules)
        reg = ir.Regulation(
            code=code or "?",
            name=head["name"].values[0].value if "name" in head else None,
            doc_number=head["docno"].values[0].value if "docno" in head else None,
            start=start, period_from=pfrom, period_to=pto, report=report, ranking=ranking,
            script=self.m.script, attributes=tuple(attributes), groups=tuple(groups),
            rules=tuple(rules), transfers=tuple(transfers), sections=tuple(sections),
            start_clause=start_clause, file=self.m.file, year=year, counts=tuple(counts),
            outcomes=tuple(outcomes), unlisted=unlisted, checklist=checklist,
            texts=tuple(texts),
            target_heading=head["target_col"].values[0].value if "target_col" in head else None,
            period_rules=tuple(period_rules), allowances=tuple(allowances), combines=tuple(combines),
        )
        names = {fold(g.name) for g in groups}
        for g in self.named_groups:
            if fold(g.value) not in names:
                close = difflib.get_close_matches(fold(g.value), sorted(names), n=1, cutoff=0.5)
                hint = f"；是否为“{close[0]}”？" if close else ""
                self.error("unknown-group", f"没有名为“{g.value}”的单位组{hint} (no such group)", g.span)
        if self.diags:
            raise XinxiError(self.diags)
        if self.diags:
            raise XinxiError(self.diags)
        return reg

    def date(self, t: S.Text, end_of: bool = False) -> date | None:
        try:
            d = parse_date(t.value, end_of)
        except ValueError:
            self.error("bad-date", f"日期“{t.value}”不存在 (no such date)", t.span)
            return None
        if not MIN_YEAR <= d.year <= MAX_YEAR:
            self.error("bad-date", f"日期“{t.value}”的年份须在{MIN_YEAR}至{MAX_YEAR}之间 (year out of range)", t.span)
            return None
        return d

    def attribute(self, st: S.AttrDecl) -> ir.Attribute:
        key = ir.canonical_key(st.key.value)
        if key in ir.CORE_COLUMNS and key != "事项":
            self.error("core-column", f"“{st.key.value}”是台账的基本列，不能作为属性 (core column is not an attribute)", st.key.span)
        for v in st.values:
            keys = self.vocab.setdefault(fold(v.value), [])
            if key not in keys:
                keys.append(key)
        return ir.Attribute(key, st.key.value, tuple(v.value for v in st.values), st.span)

    def group(self, st: S.GroupDecl) -> ir.Group:
        units = []
        for e in st.entries:
            aliases = tuple(a.value for a in e.aliases)
            units.append(ir.Unit(
                e.name.value, e.target.value if e.target else None,
                aliases=() if e.includes else aliases, includes=aliases if e.includes else (), span=e.name.span))
        count = None
        if st.count is not None:
            if st.count.value != st.count.value.to_integral_value():
                self.error("bad-count", f"单位个数“{st.count.text}”不是整数 (count is not a whole number)", st.count.span)
            else:
                count = int(st.count.value)
        measure, count_target, count_measure = st.measure, None, "submitted"
        if st.count_target is not None:
            if st.target is None:  # 目标120条 alone: the group's target is a count
                measure = st.measure if st.measure != "score" else "submitted"
            else:  # 目标100分 目标120条: points first, the count beside it
                count_target = st.count_target.value
                count_measure = st.measure if st.measure != "score" else "submitted"
                measure = "score"
        target = st.target.value if st.target else (st.count_target.value if st.count_target else None)
        quota = st.quota
        return ir.Group(st.name.value, _label(st.label), target,
                        count, tuple(units), st.span, measure, st.quarter.value if st.quarter else None,
                        quota_period=quota[0] if quota else None, quota=quota[1].value if quota else None,
                        count_target=count_target, count_measure=count_measure, counter=st.counter)

    def year(self, st: S.YearDecl) -> ir.AssessmentYear | None:
        (sm, sd), (em, ed) = (_monthday(t.value) for t in (st.start, st.end))
        try:
            first = date(2001 if st.prev else 2002, sm, sd)  # 2001/2002: neither a leap year
            last = date(2002, em, ed)
        except ValueError:
            self.error("bad-date", f"日期“{st.start.value}”或“{st.end.value}”不存在 (no such date)", st.span)
            return None
        due = first.replace(year=first.year + 1) - timedelta(days=1)  # the day before a year later
        if due != last:
            self.error("bad-year", f"考核年度应是整一年：从{st.start.value}起，应至{due.month}月{due.day}日 (an assessment year is twelve months)", st.span)
            return None
        if st.prev and (sm, sd) == (1, 1):
            self.error("bad-year", "“上年1月1日”起的考核年度即上一个日历年 (a year from 1 January of the previous year)", st.span)
            return None
        return ir.AssessmentYear(_id(st.id), _label(st.label), sm, sd, st.prev, self.m.source.splitlines()[st.span.line - 1].strip(), st.span)

    def ind_section(self, st: S.IndSectionDecl) -> ir.IndicatorSection:
        items = tuple(self.ind_section(x) if isinstance(x, S.IndSectionDecl) else self.indicator(x) for x in st.items)
        scale_from = st.scale[0].value if st.scale else None
        if scale_from is not None and scale_from <= 0:
            self.error("bad-scale", "折合的基数须大于0 (scale base must be positive)", st.scale[0].span)
            scale_from = None
        return ir.IndicatorSection(_id(st.id), _label(st.label), st.name.value, st.max.value, scale_from,
                                   st.scale[1].value if st.scale else None, st.scale_cap.value if st.scale_cap else None,
                                   items, st.source, st.span)

    def indicator(self, st: S.IndicatorDecl) -> ir.Indicator:
        ms = []
        for m in st.measures:
            if m.kind == "more" and not any(x.kind == "met" and x.threshold is not None for x in st.measures):
                self.error("more-without-threshold", "“每增加”须跟在“不少于N个 计M分”之后 (each-further needs a threshold)", m.span)
            if m.kind == "cap" and not any(x.kind == "each" and x.sign == m.sign for x in st.measures):
                self.error("cap-without-each", "“最高加/最高扣”须跟在“每个加/每次扣”之后 (a cap needs a per-count measure)", m.span)
            ms.append(ir.Measure(m.kind, m.sign, m.points.value, m.threshold.value if m.threshold else None, m.percent, m.span,
                                 m.bonus, m.counter))
        return ir.Indicator(_id(st.id), _label(st.label), st.name.value, tuple(ms), st.source, st.span)

    def highest(self, st: S.HighestDecl, section: str | None) -> list[ir.Rule]:
        key = _id(st.id) or f"line {st.span.line}"
        out = []
        for rd in st.rules:
            r = self.rule(rd, section)
            if r is None:
                continue
            if r.kind != "bonus":
                self.error("highest-not-bonus", "“只取最高”的块中只能写加分条款 (only bonuses in a highest-only block)", rd.span)
                continue
            out.append(dataclasses.replace(r, exclusive=key))
        return out

    def resolve_word(self, t: S.Text) -> str | None:
        keys = self.vocab.get(fold(t.value))
        if not keys and t.value.endswith("的") and self.vocab.get(fold(t.value[:-1])):
            keys = self.vocab.get(fold(t.value[:-1]))  # 紧急信息迟报的: the notice's 的 before its amount
        if keys and len(keys) == 1:
            return keys[0]
        if keys:
            self.error("ambiguous-value", f"“{t.value}”同时是{'、'.join(keys)}的值，请写成“属性=值” (value of several attributes)", t.span)
            return None
        msg = f"未知的值“{t.value}”，请先用“属性”声明它属于哪一列"
        close = difflib.get_close_matches(fold(t.value), list(self.vocab), n=1, cutoff=0.5)
        known = next((k for k, vs in ir.LEDGER_VALUES.items() if fold(t.value) in vs.split()), None)
        if close:
            msg += f"；是否为“{close[0]}”？"
        elif known:
            msg += f"，如“属性 {known}：{t.value}”"
        self.error("unknown-value", msg + " (unknown value)", t.span)
        return None

    def condition(self, sel: S.Selector) -> ir.Condition | None:
        values = tuple(v.value.strip("《》“”\"「」『』") for v in sel.values)
        if sel.kind == "words":  # 迟报的，扣1分: the 的 is the notice's, not the value's
            values = tuple(v[:-1] if v.endswith("的") and fold(v) not in self.vocab and fold(v[:-1]) in self.vocab else v
                           for v in values)
        if sel.kind == "pub":
            return ir.Condition("刊物", values, "pub", sel.span)
        if sel.kind == "instruct":
            return ir.Condition("批示", values, "instruct", sel.span)
        if sel.kind == "higher":
            # ZJ18: 被县级市主流正面媒体采用的 — a publication the file declares (属性 刊物：…) is read as
            # 被《…》采用 is; any other name (an office) is the ledger's 上级采用
            if all("刊物" in self.vocab.get(fold(v.value), ()) for v in sel.values):
                return ir.Condition("刊物", values, "passive", sel.span)
            return ir.Condition("上级采用", values, "higher", sel.span)
        if sel.kind == "keyed":
            key = ir.canonical_key(sel.key.value)
            declared = {fold(v) for a in self.attributes if a.key == key for v in a.values}
            never = [v for v in values if declared and fold(v) not in declared]
            if never:
                close = difflib.get_close_matches(fold(never[0]), sorted(declared), n=1, cutoff=0.5)
                hint = f"；是否为“{close[0]}”？" if close else ""
                self.error("never-matches", f"“{key}”声明的值中没有“{never[0]}”，此条款永远不会适用{hint} (the rule can never match)", sel.span)
                return None
            return ir.Condition(key, values, "keyed", sel.span)
        # “圖片新聞”: the notice's own quotes, kept in the appendix; 「反馈报告未上报」 only
        # keeps a word from being read as keywords: the appendix shows the bare word
        quoted = sel.kind == "quoted" and not sel.values[0].value.startswith(("「", "『"))
        form = "quoted" if quoted else "word"
        if sel.kind == "words" and any(self._or_parts(v) for v in sel.values):
            # CX: 标题信息或简讯 — 或 between declared values, as between titles
            parts = [p for v in sel.values for p in (self._or_parts(v) or [v])]
            whole = len(sel.values) == 1
            sel = dataclasses.replace(sel, values=tuple(parts))
            # rendered with 或 only where the notice joined them all so (工作动态、标题信息或简讯 keeps 、)
            values, form = tuple(v.value for v in parts), ("or" if whole else "word")
        keys = {self.resolve_word(v) for v in sel.values}
        if None in keys:
            return None
        if len(keys) > 1:
            self.error("mixed-values", f"“{'、'.join(values)}”不属于同一列（{'、'.join(sorted(keys))}） (values of different attributes)", sel.span)
            return None
        return ir.Condition(keys.pop(), values, form, sel.span)

    def _or_parts(self, t: S.Text) -> list[S.Text] | None:
        """标题信息或简讯 → 标题信息, 简讯 when the whole is no declared value and each part is."""
        if "或" not in t.value or fold(t.value) in self.vocab:
            return None
        parts = [x for x in t.value.split("或")]
        if len(parts) < 2 or not all(x and fold(x) in self.vocab for x in parts):
            return None
        return [S.Text(x, t.span) for x in parts]

    def conditions(self, selectors) -> list[ir.Condition]:
        conds: list[ir.Condition] = []
        for sel in selectors:
            c = self.condition(sel)
            if c is None:
                continue
            if sel.column is not None:  # 《衢州政务信息动态》（单篇）: the title, then the bracketed value
                conds.append(c)
                col = self.condition(S.Selector("words", None, (sel.column,), sel.column.span))
                if col is None:
                    continue
                c = dataclasses.replace(col, form="bracket")
            if sel.negate:
                c = dataclasses.replace(c, negate=True)
            if any(o.key == c.key and o.negate == c.negate for o in conds):
                self.error("repeated-attribute", f"同一条款中“{c.key}”出现两次 (attribute given twice)", sel.span)
                continue
            conds.append(c)
        return conds

    def rule(self, st: S.RuleDecl, section: str | None) -> ir.Rule | None:
        before = len(self.diags)
        conds = self.conditions(st.selectors)
        unresolved = len(self.diags) > before  # a condition already reported: the event may be the word not read
        ev = next((c for c in conds if c.key == "事项"), None)
        # 计0至20分 / 得2分、5分: the assessor's award — on an event's rows (领导评价 计0至20分), else on adopted items
        award = st.action.kind == "award"
        act = ("penalty" if ev is not None else "adopt") if award else st.action.kind
        kind = {"adopt": "base", "submit": "base", "bonus": "bonus", "penalty": "penalty", "target": "penalty"}[act]
        event = {"adopt": ir.EVENT_ADOPTED, "submit": ir.EVENT_SUBMITTED, "bonus": "*"}.get(act, "penalty")
        if kind == "base":
            a = st.action
            rest = fold(st.source.split("#", 1)[0])
            for v in ev.values if ev is not None else ():
                rest = rest.replace(fold(v), "")
            if ev is not None and (st.action.kind != "adopt" or a.column or a.ref or a.higher or a.respective
                                   or any(w in rest for w in ("采用", "录用", "采纳", "报送"))):  # 迟报 每采用1条
                self.error("event-in-base", "计分条款不能再指定事项；事项本身的得分写作“事项的，每条计N分” "
                           "(an event word in a base clause; points for an event row: 事项的，每条计N分)", ev.span)
                return None
            if ev is not None:  # 选用报省的，每条计2分: points for the event's rows (forwarding, 上报省办)
                event = ir.EVENT_OTHER
        elif kind == "penalty":
            if ev is None and unresolved:
                return None  # 失实，造成严重后果的，扣50至100分: unknown-value says what was not read
            if ev is None:
                self.error("penalty-without-event", "扣分条款须写明事项，如“漏报”“迟报” (penalty names no event)", st.span)
                return None
            bad = [v for v in ev.values if fold(v) in (ir.EVENT_ADOPTED, ir.EVENT_SUBMITTED)]
            if bad:
                self.error("penalty-event", f"“{bad[0]}”不是扣分事项 (not a penalty event)", ev.span)
                return None
        if st.action.points.value < 0:
            self.error("negative-points", "分值不能为负 (negative points)", st.action.points.span)
        cap = st.cap
        if cap is not None and kind == "penalty":
            self.error("cap-on-penalty", "扣分条款不设全年上限 (a penalty clause has no annual cap)", cap.span)
            cap = None
        a = st.action
        low = high = None
        if a.high is not None:
            low, high = a.points.value, a.high.value
            if high < low:
                self.error("bad-range", f"分值范围“{a.points.text}至{a.high.text}”的上限小于下限 (range ends below its start)", a.high.span)
        if a.factor is not None and a.factor.value <= 0:
            self.error("bad-factor", f"倍数“{a.factor.text}”须大于0 (factor must be positive)", a.factor.span)
        return ir.Rule(
            _id(st.id), clause_label(section, st.label), section, kind, event,
            tuple(conds), a.points.value, a.per, st.source, st.span,
            later_points=a.later.value if a.later else None,
            cap=cap.points.value if cap and cap.points else None,
            cap_times=cap.times.value if cap and cap.times else None,
            effect="target" if a.kind == "target" else ("award" if award and kind == "penalty" else "score"),
            column=ir.canonical_key(a.column.value) if a.column else None,
            factor=a.factor.value if a.factor else None, ref=a.ref.value if a.ref else None,
            low=low, high=high, item=a.item, choices=tuple(n.value for n in a.choices))

    def rules(self, st: S.RuleDecl, section: str | None) -> list[ir.Rule]:
        """A clause, or — 分别计20分、10分、5分 — one clause per value of its
        list, each with its amount in order (IDs suffixed .1, .2 …)."""
        r = self.rule(st, section)
        amounts = st.action.respective
        if r is None or not amounts:
            return [r] if r else []
        lists = [c for c in r.conditions if len(c.values) == len(amounts)]
        if not lists:
            self.error("respective-count", f"“分别”后有{len(amounts)}个分值，条款中没有列举{len(amounts)}个值与之对应 "
                       f"(respectively: {len(amounts)} amounts but no list of {len(amounts)} values)", st.action.span)
            return []
        which = lists[-1]
        out = []
        for i, (value, n) in enumerate(zip(which.values, amounts)):
            conds = tuple(dataclasses.replace(c, values=(value,)) if c is which else c for c in r.conditions)
            out.append(dataclasses.replace(r, id=f"{r.id}.{i + 1}" if r.id else None, conditions=conds, points=n.value))
        return out

    def references(self, rules: list[ir.Rule], transfers: list[ir.Transfer],
                   period_rules: list[ir.PeriodRule]) -> tuple[list[ir.Rule], list[ir.PeriodRule]]:
        """按A-1的2倍计分: the clause named must exist and have constant
        points; the rule's points become its points times the factor.
        【（二）1】得分: the labels a period clause counts must exist.
        Returns the rules and period clauses with their references resolved."""
        by_id = {r.id: r for r in rules if r.id}
        resolved = []
        for r in rules:
            if r.ref is None:
                resolved.append(r)
                continue
            target = by_id.get(r.ref)
            if target is None or target.ref is not None or target.column is not None:
                close = difflib.get_close_matches(r.ref, sorted(by_id), n=1, cutoff=0.5)
                hint = f"；是否为“{close[0]}”？" if close else ""
                why = "没有编号为" if target is None else "不能引用按列或按倍数计分的条款"
                self.error("unknown-clause", f"{why}“{r.ref}”的条款{hint} (no clause with constant points of that ID)", r.span)
                resolved.append(r)
                continue
            resolved.append(dataclasses.replace(r, points=target.points * r.factor))
        labels = {r.label for r in resolved} | {t.label for t in transfers} | {p.label for p in period_rules}
        own = {fold(x) for x in labels if x}
        prs = []
        for pr in period_rules:
            refs = []
            for c in pr.quantity.clauses:
                # 【（二）1】 inside 计分办法【二、…】 names that section's clause 二、（二）1, as a label there does
                m = _SECTION_NUMBER.match(pr.section or "")
                near = m[1] + c if m and not _SECTION_NUMBER.match(c) else None
                if near is not None and fold(near) in own:
                    c = near
                elif fold(c) not in own:
                    self.error("unknown-clause", f"没有条款号为【{c}】的条款 (no clause with that label)", pr.quantity.span)
                refs.append(c)
            if tuple(refs) != pr.quantity.clauses:
                pr = dataclasses.replace(pr, quantity=dataclasses.replace(pr.quantity, clauses=tuple(refs)))
            prs.append(pr)
        return resolved, prs

    def period_rule(self, st: S.PeriodDecl, section: str | None) -> ir.PeriodRule | None:
        conds = tuple(self.conditions(st.selectors))
        kind = st.quantity
        if kind == "rows" and not conds:
            return None
        clauses = tuple(_label(t) for t in st.clauses)
        q = ir.Quantity(kind, conds, clauses, st.span)
        branches = []
        whens = 0
        for b in st.branches:
            pts = None
            if b.points is not None:
                pts = b.points.value * b.sign
                if b.points.value < 0:
                    self.error("negative-points", "分值不能为负 (negative points)", b.points.span)
            low = b.low.value if b.low is not None else None
            high = b.high.value if b.high is not None else None
            if b.kind == "when":
                whens += 1
                if b.test == "between" and high is not None and low is not None and high < low:
                    self.error("bad-range", "范围的上限小于下限 (range ends below its start)", b.span)
                if b.test == "quota" and kind not in ("submitted", "adopted", "rows"):
                    self.error("quota-measure", "“达到任务”只比较报送或采用的条数 (a quota compares item counts)", b.span)
            if b.kind == "else" and whens == 0 and b.test is None and kind not in ("submitted", "adopted"):
                self.error("else-first", "“未达到的”须跟在一个条件之后，如“不少于6条的，计5分；未达到的，扣3分” (an otherwise needs a condition before it)", b.span)
            if b.kind in ("short", "extra"):
                if b.step is not None and b.step.value <= 0:
                    self.error("bad-step", "每少/每超的条数须大于0 (step must be positive)", b.step.span)
                if not any(x.kind == "when" and x.test in ("ge", "gt") for x in st.branches) and kind not in ("submitted", "adopted"):
                    self.error("short-without-threshold", "“每少/每超”须有一个“不少于N条”的条件，或单位组的“每月不少于N条” (needs a threshold)", b.span)
            if b.kind in ("cap", "convert", "scale") and kind not in ("points",):
                self.error("cap-on-count", "“最高/折算”只用于得分，如“每月 得分 最高20分” (a cap or conversion applies to points)", b.span)
            if b.percent and kind not in ("rate", "completion"):
                self.error("percent-on-count", "百分比只能用于采用率或完成率 (a percentage needs a rate)", b.span)
            if b.effect == "zero" and st.period != "year":
                self.error("zero-not-yearly", "“当年得分计0分”须写在“全年”条款中 (zeroing is yearly)", b.span)
            branches.append(ir.Branch(
                b.kind, b.test, low, high, b.percent, b.step.value if b.step else None, pts, b.effect,
                b.text.value if b.text else None, b.counter, b.word,
                b.factor.value if b.factor else None, b.factor.text if b.factor else None, b.span, b.relation))
        self.named_groups.extend(st.groups)
        return ir.PeriodRule(_id(st.id), clause_label(section, st.label), section, st.period, q, tuple(branches),
                             st.source, st.span, tuple(g.value for g in st.groups))

    def allowance(self, st: S.AllowanceDecl, section: str | None) -> ir.Allowance:
        self.named_groups.extend(st.groups)
        return ir.Allowance(_id(st.id), clause_label(section, st.label), section, st.period,
                            st.points.value if st.points else None, st.floor, st.source, st.span, st.unlimited,
                            tuple(g.value for g in st.groups))


def lower(module: S.Module) -> ir.Regulation:
    return _Lowerer(module).run()
