"""The appendix: IR → the notice's appendix (what ``xinxi render`` writes).

:func:`appendix` builds a document model (title, target tables, sections of
numbered clauses) that the Markdown and HTML templates and the DOCX writer
(``docx_writer.py``) each lay out.

The target tables and the numbered scoring method, generated from the IR in
the notice's own phrasing and script: values stay as the user wrote them,
the fixed phrases come from a two-script table (never a s→t conversion,
which mis-converts 干 → 幹).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..compiler import ir
from ..engine.outputs import dec, visible
from ..foundation.text import fold, to_script

PHRASES = {
    "s": {
        "unit": "单位", "target_col": "目标分值", "adopt": "每采用1条计{p}分", "submit": "每报送1条计{p}分",
        "instruct": "获{x}批示的信息每条另加{p}分", "higher": "被{x}采用每条另加{p}分", "higher_base": "被{x}采用的信息", "deduct": "扣", "deduct_task": "扣减任务分值", "deduct_back": "倒扣", "plus": "另加", "plus_own": "加计", "by": "按", "by_also": "另按", "bonus": "每条另加{p}分", "event_points": "的，每条计{p}分", "item_bonus": "采用的，每条另加{p}分",
        "penalty_time": "的，每次扣{p}分", "penalty_item": "的，每条扣{p}分",
        "direct": "直报点", "subunit": "二级机构", "full": "得分全额计入所属单位", "rate": "得分按{r}计入所属单位",
        "tier": "全年目标任务{t}分", "tier_count": "全年目标任务{t}{c}", "item": "条", "count": "（{n}个）", "sep": "、", "clauses": "计分办法",
        "start": "新的计分办法从{d}开始执行", "monthly": "每月通报", "quarterly": "每季度通报",
        "cap_points": "，全年累计不超过{c}分", "cap_times": "，全年累计不超过单位任务数{c}",
        "escalate": "的，第一次扣{p}分，以后每次扣{q}分", "target_time": "的，每次目标加{p}分", "target_item": "的，每条目标加{p}分",
        "both": "被{h}采用并获{x}批示的每条另加{p}分", "highest": "按以下最高加分值给予加分",
        "counts": "计入采用数", "adopted_col": "采用数", "submitted_col": "上报数",
        "year": "考核年度为{a}{m1}月{d1}日至{b}{m2}月{d2}日", "prev": "上年", "this": "当年",
        "quarter_tier": "季度目标任务{q}分，全年目标任务{t}分", "unlisted": "未下达目标任务的单位单独计分",
        "all_met": "每季度均完成任务的，", "any_missed": "不能按季度完成任务的，", "consecutive": "连续{n}个季度没有完成任务的，",
        "is": "为",
        "ind_met": "{v}{p}分", "ind_thr": "达到{t}，{v}{p}分", "ind_count": "不少于{t}{c}，{v}{p}分", "ind_more": "每增加{s}{c}加{p}分", "ind_each_plus": "每{c}{v}{p}分", "score": "计", "add": "加",
        "ind_each_minus": "每{c}扣{p}分", "ind_cap_plus": "最高加{p}分", "ind_cap_minus": "最高扣{p}分",
        "ind_max": "（{m}分）", "ind_scale": "（按{a}分折合{b}分{c}）", "ind_scale_cap": "，最高计{c}分",
        "ind_ge": "个", "ind_time": "次",
        "attachment": "附件", "own": "〔本文件补充，非通知原文：{t}〕",
        "per_week": "每周", "per_month": "每月", "per_quarter": "每季度", "per_year": "全年",
        "q_submitted": "报送", "q_adopted": "采用", "q_rate": "采用率", "q_points": "得分", "q_completion": "完成率", "q_rows": "累计",
        "ge": "不少于{v}的", "ge_pct": "达到{v}的", "lt": "少于{v}的", "lt_pct": "低于{v}的", "lt_pts": "低于{v}的", "gt": "超过{v}的",
        "between": "{a}至{b}的", "quota": "完成任务的", "else": "未达到的", "else_quota": "未完成任务的",
        "short": "每少{s}{c}", "extra": "每超{s}{c}", "cap": "最高{p}分", "convert": "按{f}{w}{t}", "scale": "折算为百分制",
        "a_score": "计{p}分", "a_base": "计基础分{p}分", "a_add": "加{p}分", "a_deduct": "扣{p}分",
        "allowance": "{per}基础分{p}分", "floor": "扣完为止", "unlimited": "加分无上限",
        "highest_item": "同一信息被多个刊物采用的，按最高分计", "sum_item": "同一信息被多个刊物采用的，可累计加分",
        "split": "联合报送的信息，得分由各单位平分", "no_repeat": "不重复计分",
        "by_column": "按{c}计分", "by_column_times": "按{c}的{f}倍计分", "by_ref": "按{r}计分标准的{f}倍计分", "clause_no": "第{n}条",
        "range": "扣{a}至{b}分", "exclude": "（不含{v}）",
    },
    "t": {
        "unit": "單位", "target_col": "目標分值", "adopt": "每采用1條計{p}分", "submit": "每報送1條計{p}分",
        "instruct": "獲{x}批示的信息每條另加{p}分", "higher": "被{x}采用每條另加{p}分", "higher_base": "被{x}采用的信息", "deduct": "扣", "deduct_task": "扣減任務分值", "deduct_back": "倒扣", "plus": "另加", "plus_own": "加計", "by": "按", "by_also": "另按", "bonus": "每條另加{p}分", "event_points": "的，每條計{p}分", "item_bonus": "采用的，每條另加{p}分",
        "penalty_time": "的，每次扣{p}分", "penalty_item": "的，每條扣{p}分",
        "direct": "直報點", "subunit": "二級機構", "full": "得分全額計入所屬單位", "rate": "得分按{r}計入所屬單位",
        "tier": "全年目標任務{t}分", "tier_count": "全年目標任務{t}{c}", "item": "條", "count": "（{n}個）", "sep": "、", "clauses": "計分辦法",
        "start": "新的計分辦法從{d}開始執行", "monthly": "每月通報", "quarterly": "每季度通報",
        "cap_points": "，全年累計不超過{c}分", "cap_times": "，全年累計不超過單位任務數{c}",
        "escalate": "的，第一次扣{p}分，以後每次扣{q}分", "target_time": "的，每次目標加{p}分", "target_item": "的，每條目標加{p}分",
        "both": "被{h}采用并獲{x}批示的每條另加{p}分", "highest": "按以下最高加分值給予加分",
        "counts": "計入采用數", "adopted_col": "采用數", "submitted_col": "上報數",
        "year": "考核年度為{a}{m1}月{d1}日至{b}{m2}月{d2}日", "prev": "上年", "this": "當年",
        "quarter_tier": "季度目標任務{q}分，全年目標任務{t}分", "unlisted": "未下達目標任務的單位單獨計分",
        "all_met": "每季度均完成任務的，", "any_missed": "不能按季度完成任務的，", "consecutive": "連續{n}個季度沒有完成任務的，",
        "is": "為",
        "ind_met": "{v}{p}分", "ind_thr": "達到{t}，{v}{p}分", "ind_count": "不少於{t}{c}，{v}{p}分", "ind_more": "每增加{s}{c}加{p}分", "ind_each_plus": "每{c}{v}{p}分", "score": "計", "add": "加",
        "ind_each_minus": "每{c}扣{p}分", "ind_cap_plus": "最高加{p}分", "ind_cap_minus": "最高扣{p}分",
        "ind_max": "（{m}分）", "ind_scale": "（按{a}分折合{b}分{c}）", "ind_scale_cap": "，最高計{c}分",
        "ind_ge": "個", "ind_time": "次",
        "attachment": "附件", "own": "〔本文件補充，非通知原文：{t}〕",
        "per_week": "每週", "per_month": "每月", "per_quarter": "每季度", "per_year": "全年",
        "q_submitted": "報送", "q_adopted": "采用", "q_rate": "采用率", "q_points": "得分", "q_completion": "完成率", "q_rows": "累計",
        "ge": "不少於{v}的", "ge_pct": "達到{v}的", "lt": "少於{v}的", "lt_pct": "低於{v}的", "lt_pts": "低於{v}的", "gt": "超過{v}的",
        "between": "{a}至{b}的", "quota": "完成任務的", "else": "未達到的", "else_quota": "未完成任務的",
        "short": "每少{s}{c}", "extra": "每超{s}{c}", "cap": "最高{p}分", "convert": "按{f}{w}{t}", "scale": "折算為百分制",
        "a_score": "計{p}分", "a_base": "計基礎分{p}分", "a_add": "加{p}分", "a_deduct": "扣{p}分",
        "allowance": "{per}基礎分{p}分", "floor": "扣完為止", "unlimited": "加分無上限",
        "highest_item": "同一信息被多個刊物采用的，按最高分計", "sum_item": "同一信息被多個刊物采用的，可累計加分",
        "split": "聯合報送的信息，得分由各單位平分", "no_repeat": "不重複計分",
        "by_column": "按{c}計分", "by_column_times": "按{c}的{f}倍計分", "by_ref": "按{r}計分標準的{f}倍計分", "clause_no": "第{n}條",
        "range": "扣{a}至{b}分", "exclude": "（不含{v}）",
    },
}

TEMPLATES = Path(__file__).parent / "templates"


#: what Markdown (or HTML inside it) would act on: backslash-escaped, or
#: as an entity where a raw ``<`` would survive in the file
_MD_ACTIVE = re.compile(r"[\\`*_\[\]|~]|[<>]|&(?=#?\w+;)")
_MD_REPLACE = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MD_LIST = re.compile(r"^(\d+)([.)])")


def md(text, start: bool = True) -> str:
    """Text from a regulation or ledger for Markdown: one line, every
    character Markdown or HTML would act on escaped (``<script>`` becomes
    ``&lt;script&gt;``, ``[x](y)`` is no link, ``*`` no emphasis);
    ``start``: also what would open a heading or list at a line's start.
    A control character is shown as ``\\x1b``, as on the terminal."""
    t = visible(re.sub(r"\r\n|[\r\n]", " ", "" if text is None else str(text)))
    t = _MD_ACTIVE.sub(lambda m: _MD_REPLACE.get(m[0]) or "\\" + m[0], t)
    if start:
        if t[:1] in ("#", "+", "-", "="):
            t = "\\" + t
        else:
            t = _MD_LIST.sub(r"\1\\\2", t)
    return t


def environment(html: bool) -> Environment:
    """The templates' environment; HTML escapes every value (a unit name
    may hold “<” or “&”); Markdown templates escape text with ``|md``."""
    if html:
        return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                           keep_trailing_newline=True, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["md"] = md
    return env


_env = environment(html=False)
_html_env = environment(html=True)


def _values(c: ir.Condition, p: dict | None = None) -> str:
    vs = "、".join(c.values)
    if c.form == "pub":
        return "、".join(f"《{v}》" for v in c.values)
    if c.form == "quoted":
        return f"“{vs}”"
    if c.form == "bracket":  # 《衢州政务信息动态》（单篇）
        return f"（{vs}）"
    if c.form == "or":  # 标题信息或简讯
        return "或".join(c.values)
    if c.form == "passive":  # 被县级市主流正面媒体采用的信息
        return (p or PHRASES["s"])["higher_base"].format(x=vs)
    if c.form == "keyed":  # 配图=是 → 配图; 角色=参与 → 角色为参与 (the attribute as declared: 批評單位)
        key = (p or {}).get("attr_names", {}).get(c.key, c.key)
        return key if c.values in (("是",), ("有",)) else f"{key}{(p or PHRASES['s'])['is']}{vs}"
    return vs


def _is_keyed(c: ir.Condition) -> bool:
    """刊物为省政府办公厅: a condition written with its column's name."""
    return c.form == "keyed" and c.values not in (("是",), ("有",))


def _head(conds, p: dict, then: str = "的，") -> str:
    """The conditions in a row, as the seeds join them (《達州政務快訊》主條,
    中央主要媒体单独用稿); a condition naming its column (刊物为省政府办公厅)
    is set off with “，” from its neighbours, and ``then`` (的，) ends it when
    it is the last, so it does not run into the amount."""
    out = ""
    for i, c in enumerate(conds):
        if i and (_is_keyed(c) or _is_keyed(conds[i - 1])):
            out += "，"
        out += _values(c, p)
    return out + (then if conds and _is_keyed(conds[-1]) else "")


def clause_text(rule: ir.Rule, p: dict, after: ir.Rule | None = None) -> str:
    """:func:`_clause_text`, with the counter word the file writes (每篇, 1篇) for 条."""
    text = _clause_text(rule, p, after)
    if fold(rule.per) == "篇":
        for a, b in (("1条", "1篇"), ("每条", "每篇"), ("1條", "1篇"), ("每條", "每篇")):
            text = text.replace(a, b)
    raw = rule.source.split("#", 1)[0]
    two = _TWO_COUNTERS.search(raw)
    if two:  # HN11: 每采用1条（篇） — the second counter as written
        text = re.sub(f"([每1])({two[1]}|{'條' if two[1] == '条' else two[1]})", lambda m: m[0] + f"（{two[2]}）", text, count=1)
    one = _ONE_ITEM.search(raw)
    if one and rule.kind == "base" and rule.low is None:  # ZJ18: 采用的信息一条加1分
        text = re.sub(r"每[采採]用1[条條篇]計?计?" + re.escape(dec(rule.points)) + "分", one[1] + "加" + dec(rule.points) + "分", text, count=1)
    if rule.low is not None and not (rule.kind == "penalty" and rule.effect != "award"):
        text = _award_text(rule, text, raw)
    if rule.kind == "base" and re.search(r"被(?:(?![采採]用|[录錄]用|[采採][纳納])[^《》])*每(?:[采採]用|[录錄]用|[采採][纳納])", raw):
        text = text.replace("采用的信息每", "每", 1)  # HN11: 被中办、国办每采用1条（篇）
    text = _own_verbs(rule, text)
    own = next((w for w in _DISCRETION if w in raw), "")
    if own and rule.low is not None and rule.kind == "penalty" and rule.effect != "award":
        # 视情节每次扣20至40分: the notice's 视情节 kept, before 每次 where it has one
        m = re.search("(每[次件条條篇])?扣" + re.escape(dec(rule.low)) + "至", text)
        if m:
            text = text[: m.start()] + own + text[m.start():]
    return text


#: 1条（篇）: a second counter in brackets
_TWO_COUNTERS = re.compile(r"[0-9０-９一]\s*([条條篇])\s*[（(]\s*([条條篇])\s*[)）]")
_DISCRETION = ("视情节", "视情况", "视情", "視情節", "視情況", "視情")
#: 一条加1分: the item's amount in the notice's words
_ONE_ITEM = re.compile(r"(一[条條篇])\s*加\s*[0-9０-９]")


def _award_text(rule: ir.Rule, text: str, raw: str) -> str:
    """计0至20分 / 视情得2分、5分: the amount the assessor chooses, as written
    (得 or 计 or 加, 视情, 、 or 或)."""
    verb = "得" if re.search(r"得\s*[0-9０-９]", raw) else ("加" if re.search(r"(?<![另再])加\s*[0-9０-９]", raw) else None)
    own = next((w for w in _DISCRETION if w in raw), "")
    if rule.choices:
        sep = "或" if "或" in raw else "、"
        amount = sep.join(f"{dec(c)}分" for c in rule.choices)
    else:
        amount = f"{dec(rule.low)}至{dec(rule.high)}分"
    m = re.search(r"([计計加])" + re.escape(dec(rule.points)) + "分", text)
    if not m:
        return text
    return text[: m.start()] + own + (verb or m[1]) + amount + text[m.end():]


def _own_verbs(rule: ir.Rule, text: str) -> str:
    """The notice's own verbs where the clause was written with them: 录用 / 采纳
    for 采用, 再加 for 另加, 每次加 for a bonus per instruction, and a penalty
    without 每次 (迟报的，扣1分) — the stock phrase otherwise."""
    src = fold(rule.source.split("#", 1)[0])
    raw = rule.source.split("#", 1)[0]
    if rule.kind == "base":
        own = next((w for w in ("录用", "錄用", "采纳", "採納", "採用") if w in raw), None)
        if own and fold(own) != "采用" and "采用" not in src:
            text = text.replace("每采用", "每" + own).replace("采用按", own + "按")
    elif rule.kind == "bonus":
        own = next((w for w in ("录用", "錄用", "采纳", "採納") if w in raw), None)
        if rule.item and own:  # 《專報信息》錄用的每條再加30分
            text = text.replace("采用的", own + "的")
        if "再加" in src:
            text = "再加".join(text.rsplit("另加", 1))
        if rule.per == "次":  # 每次加15分: per instruction, and 加 unless the notice says 另加
            verb = "另加" if "另加" in src else ("再加" if "再加" in src else "加")
            for stock in ("每条另加", "每條另加", "每条再加", "每條再加"):
                text = text.replace(stock, "每次" + verb)
    elif rule.kind == "penalty" and rule.later_points is None and "每件" in src:
        text = text.replace("，每次", "，每件", 1)  # DC22: 每件扣10分
    elif rule.kind == "penalty" and rule.later_points is None and "每次" not in src and "每条" not in src and "每篇" not in src:
        text = text.replace("，每次", "，", 1)
    return text


def _clause_text(rule: ir.Rule, p: dict, after: ir.Rule | None = None) -> str:
    """One rule in the notice's words: 《達州政務快訊》主條每采用1條計2分.
    ``after``: the rule just before it in the same clause; a publication
    already named there is not repeated (…，問題與建議每采用1條計3分)."""
    pts = dec(rule.points)
    conds = [c for c in rule.conditions if c.form not in ("instruct", "higher") and c.key != "事项" and not c.negate]
    prev = after.condition("刊物") if after is not None and after.kind == rule.kind else None
    if prev is not None and len(conds) > 1 and conds[0].form == "pub" and conds[0].folded == prev.folded:
        conds = conds[1:]
    events = rule.condition("事项") if rule.kind == "penalty" or rule.event == ir.EVENT_OTHER else None
    head = _head(conds, p, "，" if events else "的，")
    head += "".join(p["exclude"].format(v=_values(c, p)) for c in rule.conditions if c.negate)
    if rule.kind == "base" and events is not None:  # 选用报省的，每条计2分
        return head + _values(events, p) + p["event_points"].format(p=pts) + _cap(rule, p)
    if rule.kind == "base":
        hi = rule.condition("上级采用")  # D09-4c: a base clause on a higher office's adoption
        if hi is not None and hi.form == "higher":
            head += p["higher_base"].format(x=_values(hi))
        if rule.column is not None or rule.ref is not None:  # 被X采用的信息按…计分 needs no second 采用
            return head + ("" if hi is not None and hi.form == "higher" else p["q_adopted"]) + _amount_text(rule, p) + _cap(rule, p)
        return head + p["adopt" if rule.event == ir.EVENT_ADOPTED else "submit"].format(p=pts) + _cap(rule, p)
    if rule.kind == "bonus":
        text = _bonus_text(rule, p, head, pts)
        if "加计" in fold(rule.source.split("#", 1)[0]):  # the notice's own verb: 每篇加计10分
            text = p["plus_own"].join(text.rsplit(p["plus"], 1))
        return text
    return _penalty_text(rule, p, head, pts)


def _bonus_text(rule: ir.Rule, p: dict, head: str, pts: str) -> str:
    if rule.item:  # 《专报信息》采用的，每条再加30分: on the item
        return head + p["item_bonus"].format(p=pts) + _cap(rule, p)
    ins = rule.condition("批示")
    hi = rule.condition("上级采用")
    if ins and ins.form == "instruct" and not hi:
        return head + p["instruct"].format(x=_values(ins), p=pts) + _cap(rule, p)
    if hi and hi.form == "higher" and not ins:
        return head + p["higher"].format(x=_values(hi), p=pts) + _cap(rule, p)
    if hi and ins and hi.form == "higher" and ins.form == "instruct":
        return head + p["both"].format(h=_values(hi), x=_values(ins), p=pts) + _cap(rule, p)
    rest = "".join(_values(c, p) for c in rule.conditions if c.form in ("instruct", "higher"))
    return head + rest + p["bonus"].format(p=pts) + _cap(rule, p)


def _penalty_text(rule: ir.Rule, p: dict, head: str, pts: str) -> str:
    events = rule.condition("事项")
    if rule.effect == "award":  # 领导评价 计0至20分: the assessor's award on the event's rows
        pause = "的，" if re.search("的[，,]", rule.source.split("#", 1)[0]) else ""
        return head + (_values(events) if events else "") + pause + p["score"] + dec(rule.points) + "分"
    if rule.effect == "target":
        tail = p["target_time" if rule.per == "次" else "target_item"].format(p=pts)
    elif rule.later_points is not None:
        tail = p["escalate"].format(p=pts, q=dec(rule.later_points))
    else:
        tail = p["penalty_time" if rule.per == "次" else "penalty_item"].format(p=pts)
        if rule.low is not None:  # 扣50至100分: the assessor's choice
            tail = tail.replace(p["deduct"] + pts + "分", p["range"].format(a=dec(rule.low), b=dec(rule.high)), 1)
        if "扣减任务分值" in fold(rule.source):  # D12-5: the notice's own words
            tail = tail.replace(p["deduct"], p["deduct_task"], 1)
        elif "倒扣" in fold(rule.source.split("#", 1)[0]):  # 每次倒扣10分
            tail = tail.replace(p["deduct"], p["deduct_back"], 1)
    return head + (_values(events) if events else "") + tail


def _amount_text(rule: ir.Rule, p: dict) -> str:
    """按“省厅分值”的2倍计分, as written; 按A-1的2倍计分 names the clause
    referred to as the notice does (按《青河信息》计分标准的2倍计分), never by
    the file's own ID: its conditions, else its label."""
    if rule.ref is not None:
        ref = p.get("rules", {}).get(fold(rule.ref))
        name = rule.ref
        if ref is not None:
            conds = [c for c in ref.conditions if c.form not in ("instruct", "higher") and c.key != "事项" and not c.negate]
            # 按县级综合性刊物计分标准: a value named with its column is named by its value here
            name = "".join(p["sep"].join(c.values) if _is_keyed(c) else _values(c, p) for c in conds) or (
                p["clause_no"].format(n=ref.label) if ref.label else name)
        return p["by_ref"].format(r=name, f=dec(rule.factor))
    col = f"“{rule.column}”"
    if rule.factor is None or rule.factor == 1:
        return p["by_column"].format(c=col)
    return p["by_column_times"].format(c=col, f=dec(rule.factor))


def _cap(rule: ir.Rule, p: dict) -> str:
    if rule.cap is not None:
        return p["cap_points"].format(c=dec(rule.cap))
    if rule.cap_times is not None:
        return p["cap_times"].format(c=dec(rule.cap_times))
    return ""


def count_text(c: ir.CountRule, p: dict) -> str:
    return "".join(_values(x, p) for x in c.conditions) + p["counts"]


def _threshold(b: ir.Branch, v: Decimal | None) -> str:
    if v is None:
        return ""
    if b.percent:
        return f"{dec(v * 100)}%"
    return f"{dec(v)}{b.counter or ''}"


def _branch_amount(b: ir.Branch, p: dict) -> str:
    if b.effect in ("zero", "outcome"):
        return (b.word or "") + (b.text or "") if b.effect == "outcome" else (b.text or "")
    pts = dec(abs(b.points))
    if b.points < 0:
        return p["a_deduct"].format(p=pts)
    return p[{"基础分": "a_base", "加": "a_add"}.get(b.word or "", "a_score")].format(p=pts)


def period_text(pr: ir.PeriodRule, p: dict) -> str:
    """每月报送不少于6条的，计5分；未达到的，扣3分 — from the IR, in the notice's order."""
    q = pr.quantity
    head = _scope(pr) + p["per_" + pr.period] + "".join(_values(c, p) if not c.negate else p["exclude"].format(v=_values(c, p))
                                  for c in q.conditions)
    # 【（二）1】、【（二）2】得分: as written, without the section the clause stands in
    m = re.match(r"^([一二三四五六七八九十]+、)", pr.section or "")
    refs = [c[len(m[1]):] if m and c.startswith(m[1]) else c for c in q.clauses]
    word = p["q_" + q.kind]
    if q.kind == "rate":  # 录用率 where the notice says it
        word = next((w for w in ("录用率", "錄用率") if w in pr.source.split("#", 1)[0]), word)
    head += p["sep"].join(f"【{c}】" for c in refs) + word
    parts = []
    for b in pr.branches:
        if b.kind == "when":
            if b.test == "between":
                cond = p["between"].format(a=dec(b.low), b=_threshold(b, b.high))
            elif b.test == "quota":
                cond = p["quota"]
            elif b.test == "lt":
                cond = p["lt_pct" if b.percent else ("lt_pts" if b.counter == "分" else "lt")].format(v=_threshold(b, b.low))
            elif b.test == "gt":
                cond = p["gt"].format(v=_threshold(b, b.low))
            else:
                cond = p["ge_pct" if b.percent else "ge"].format(v=_threshold(b, b.low))
            rel = b.relation
            if rel and b.test in ("ge", "lt", "gt"):  # the notice's own word: 20条以上的, 不足15条的
                v = _threshold(b, b.low)
                if "{v}" in rel:  # 达到15条（含15条）以上的
                    cond = rel.replace("{v}", v) + "的"
                else:
                    cond = f"{v}{rel}的" if fold(rel) in ("以上", "及以上") or rel.endswith("以上") else f"{rel}{v}的"
            parts.append(cond + "，" + _branch_amount(b, p))
        elif b.kind == "else":
            parts.append(p["else_quota" if b.test == "quota" else "else"] + "，" + _branch_amount(b, p))
        elif b.kind in ("short", "extra"):
            rel = b.relation
            if rel and rel.endswith("每") and len(rel) > 1 and b.step == 1:  # 超出部分每条加1分
                head_ = f"{rel}{b.counter or '条'}"
            elif rel:  # 每少报1篇, 每超报1篇: the verb as written
                head_ = f"{rel}{dec(b.step)}{b.counter or '条'}"
            else:
                head_ = p[b.kind].format(s=dec(b.step), c=b.counter or "条")
            parts.append(head_ + _branch_amount(b, p))
        elif b.kind == "cap":
            parts.append(p["cap"].format(p=dec(b.points)))
        elif b.kind == "convert":
            parts.append(p["convert"].format(f=b.factor_text or f"{dec(b.factor * 100)}%", w=b.word or "", t=b.text or ""))
        else:
            parts.append(p["scale"])
    return head + "；".join(parts)


def _scope(clause) -> str:
    """（乡镇）: the groups a period clause or an allowance is for."""
    groups = getattr(clause, "groups", ())
    return f"（{'、'.join(groups)}）" if groups else ""


def allowance_text(a: ir.Allowance, p: dict) -> str:
    out = [_scope(a)] if getattr(a, "groups", ()) else []
    if a.points is not None:
        out.append(p["allowance"].format(per=p["per_" + a.period], p=dec(a.points)))
    if a.floor:
        out.append(p["floor"] if a.points is not None else p["per_" + a.period] + p["floor"])
    if a.unlimited:
        out.append(p["unlimited"])
    scope = out.pop(0) if getattr(a, "groups", ()) else ""
    return scope + "，".join(out)


def combine_text(c: ir.Combine, p: dict) -> str:
    if getattr(c, "words", None):  # the notice's own sentence
        return c.words
    text = p[{"highest": "highest_item", "sum": "sum_item", "split": "split"}[c.kind]]
    return text + ("，" + p["no_repeat"] if c.no_repeat else "")


def outcome_text(o: ir.Outcome, p: dict) -> str:
    when = {"all-met": p["all_met"], "any-missed": p["any_missed"]}.get(o.when) or p["consecutive"].format(n=o.n)
    return when + o.text


def _counter(m: ir.Measure, p: dict, default: str) -> str:
    """The counter word the file writes (每条, 每项, 不少于100条); else 个 / 次."""
    return getattr(m, "counter", None) or p[default]


def measure_text(m: ir.Measure, p: dict) -> str:
    pts = dec(m.points)
    v = p["add" if m.bonus else "score"]
    if m.kind == "met":
        if m.threshold is None:
            return p["ind_met"].format(p=pts, v=v)
        if m.percent:
            return p["ind_thr"].format(t=f"{dec(m.threshold * 100)}%", p=pts, v=v)
        return p["ind_count"].format(t=dec(m.threshold), p=pts, v=v, c=_counter(m, p, "ind_ge"))
    if m.kind == "more":
        return p["ind_more"].format(s=dec(m.threshold), p=pts, c=_counter(m, p, "ind_ge"))
    if m.kind == "each":
        if m.sign > 0:
            return p["ind_each_plus"].format(p=pts, v=v, c=_counter(m, p, "ind_ge"))
        return p["ind_each_minus"].format(p=pts, c=_counter(m, p, "ind_time"))
    return p["ind_cap_plus" if m.sign > 0 else "ind_cap_minus"].format(p=pts)


def _number_label(label: str | None) -> str:
    """一 → 一、  1 → 1.  （一） stays."""
    if not label:
        return ""
    if label.isdigit():
        return label + "."
    if re.fullmatch(r"[一二三四五六七八九十]+", label):
        return label + "、"
    return label


def checklist_entries(c: ir.Checklist, p: dict):
    """The indicator checklist (D09-X) as (depth, kind, text): each section
    (heading) with its maximum, each indicator (item) with what it earns."""

    def walk(items, depth: int):
        for it in items:
            label = _number_label(it.label)
            if isinstance(it, ir.IndicatorSection):
                scale = ""
                if it.scale_from is not None:
                    cap = p["ind_scale_cap"].format(c=dec(it.scale_cap)) if it.scale_cap is not None else ""
                    scale = p["ind_scale"].format(a=dec(it.scale_from), b=dec(it.scale_to), c=cap)
                yield depth, "heading", f"{label}{it.name}{p['ind_max'].format(m=dec(it.max))}{scale}"
                yield from walk(it.items, depth + 1)
            else:
                yield depth, "item", f"{label}{it.name}，{'，'.join(measure_text(m, p) for m in it.measures)}。"

    yield from walk(c.sections, 0)


def year_text(y: ir.AssessmentYear, p: dict) -> str:
    from datetime import date, timedelta

    last = date(2002, y.month, y.day) - timedelta(days=1)
    return p["year"].format(a=p["prev"] if y.prev else "", m1=y.month, d1=y.day,
                            b=p["this"] if y.prev else "", m2=last.month, d2=last.day)


def transfer_text(t: ir.Transfer, p: dict) -> str:
    who = p[t.kind] + (f"（{'、'.join(t.groups)}）" if t.groups else "")
    if t.rate == 1:
        return who + p["full"]
    rate = p["rate"].format(r=t.rate_text)
    if "另按" in fold(t.source):  # D09-5a: 另按40%
        rate = rate.replace(p["by"], p["by_also"], 1)
    return who + rate


def _own_label(label: str | None) -> bool:
    """【本文件补充】: a clause of the file's own, not of the notice."""
    return label is not None and fold(label) == fold("本文件补充")


def _own_number(label: str | None, section: str | None) -> str:
    if not label:
        return ""
    m = re.match(r"^([一二三四五六七八九十]+、)", section or "")
    own = label[len(m[1]):] if m and label.startswith(m[1]) else label
    if own.isdigit():
        return f"{own}."
    # 附件3 is not a clause number: set it off
    if not re.match(r"^[（(]?[一二三四五六七八九十0-9]+[)）、.]", own):
        return f"{own}："
    # （一）1 → （一）1. so the number does not run into the text
    return f"{own}." if re.fullmatch(r"[（(][一二三四五六七八九十]+[)）][0-9]+", own) else own


@dataclass(frozen=True)
class Clause:
    number: str  #: the clause's own number as the notice writes it: "1." or "（四）"; "" if none
    text: str  #: the clause in the notice's words, ending in 。
    #: the source lines of the statements it was made from (the language server's hover)
    lines: tuple[int, ...] = field(default=(), compare=False)

    @property
    def line(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class Section:
    heading: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class GroupBlock:
    """One unit group: a table of (unit, target, unit, target) rows where every
    unit has its own target (D12), else one sentence naming the shared target
    and the members (YM20)."""

    heading: str
    rows: tuple[tuple[str, str, str, str], ...]
    members: str
    col: str = ""  #: the target column's heading: 目标分值, or 采用数 / 上报数 for a count target


@dataclass(frozen=True)
class Appendix:
    """The appendix as a document, neutral of its format: Markdown and HTML
    templates and the DOCX writer all read this."""

    title: str
    doc_number: str | None
    script: str  #: s | t: the script of the fixed phrases
    groups: tuple[GroupBlock, ...]
    sections: tuple[Section, ...]
    report: str | None  #: 每月通报 …
    p: dict  #: the fixed phrases in ``script``
    year: str | None = None  #: GZ05-Y: 考核年度为上年12月1日至当年11月30日
    #: the indicator checklist (D09-X): (depth, kind, text), kind heading | item
    checklist: tuple[tuple[int, str, str], ...] = ()
    checklist_title: str | None = None
    #: convert the whole page into ``script`` (opencc, see foundation.text.to_script):
    #: always into simplified, into traditional only when the notice is not
    #: itself traditional — a traditional notice's words stay as it wrote them
    convert: bool = False
    font: str | None = None  #: the office's body font (仿宋_GB2312 if None), set by ``render --font``


def in_script(doc: Appendix, text: str) -> str:
    """``text`` in the appendix's one script, where it is converted."""
    return to_script(text, doc.script) if doc.convert else text


def phrases(reg: ir.Regulation, script: str | None = None) -> dict:
    """The fixed phrases in ``script`` (s | t), else in the regulation's own."""
    s = script or getattr(reg, "script", "s")
    return PHRASES["t" if s == "t" else "s"]


def appendix(reg: ir.Regulation, script: str | None = None) -> Appendix:
    """IR → the appendix's document model: target tables and numbered clauses."""
    p = phrases(reg, script)
    script_t = p is PHRASES["t"]
    # attributes by the name the file declares (批評單位), not their folded key
    p = {**p, "attr_names": {a.key: a.name for a in reg.attributes},
         "rules": {fold(r.id): r for r in reg.rules if r.id}}  # 按A-1的2倍: the clause referred to
    # 目标列名: the notice's word, as written; the default phrase itself follows --script
    target_col = getattr(reg, "target_heading", None) or p["target_col"]
    if fold(target_col) == fold(p["target_col"]):
        target_col = p["target_col"]
    groups = []
    for g in reg.groups:
        heading = g.label or g.name
        if all(u.target is not None for u in g.units):
            cells = [(u.name + (f"（含{'、'.join(u.includes)}）" if u.includes else "")
                      + (f"（{'、'.join(u.aliases)}）" if u.aliases else ""), dec(u.target)) for u in g.units]
            rows = []
            for i in range(0, len(cells), 2):
                pair = cells[i : i + 2]
                row = [x for c in pair for x in c]
                rows.append(tuple(row + [" ", " "] * (2 - len(pair))))
            col = {"adopted": p["adopted_col"], "submitted": p["submitted_col"]}.get(g.measure, target_col)
            groups.append(GroupBlock(heading, tuple(rows), "", col))
        else:
            names = p["sep"].join(u.name + (f"（{'、'.join(u.aliases)}）" if u.aliases else "")
                                  + (f"（含{'、'.join(u.includes)}）" if u.includes else "") for u in g.units)
            item = g.counter or p["item"]  # 篇 where the file writes it
            if g.quarter_target is not None:
                tier = p["quarter_tier"].format(q=dec(g.quarter_target), t=dec(g.target))
            elif g.measure != "score":  # 目标240条 alone: the target is a count (ES12, HLJ20)
                tier = p["tier_count"].format(t=dec(g.target), c=item)
            else:
                tier = p["tier"].format(t=dec(g.target))
            if getattr(g, "count_target", None) is not None:  # 质量任务100分、总任务数120条
                tier += p["sep"] + dec(g.count_target) + item
            if getattr(g, "quota", None) is not None:  # 按采用数 每月不少于6条: 每月采用不少于6条
                verb = p["q_adopted"] if g.measure == "adopted" else ""
                tier = p["per_" + g.quota_period] + verb + p["ge"].format(v=f"{dec(g.quota)}{item}")[:-1] + "，" + tier
            tier += p["count"].format(n=g.count) if g.count else ""
            groups.append(GroupBlock(heading, (), f"{tier}：{names}。", target_col))
    # clauses grouped by their label, in the order written, under their section
    sections: list[dict] = []
    clauses = [*reg.rules, *reg.transfers, *reg.counts, *reg.outcomes, *getattr(reg, "period_rules", ()),
               *getattr(reg, "allowances", ()), *getattr(reg, "combines", ()),
               *([reg.start_clause] if reg.start_clause else []), *([reg.unlisted] if reg.unlisted else []),
               *getattr(reg, "texts", ())]
    block = None
    # 条款原文: the notice's words stand for every rule of their label, once, where the clause begins
    whole = {(t.section, t.label): t for t in getattr(reg, "texts", ()) if t.replaces}
    for item in sorted(clauses, key=lambda r: r.span.line if r.span else 0):
        sec = item.section or p["clauses"]
        if not sections or sections[-1]["heading"] != sec:
            sections.append({"heading": sec, "items": []})
        items = sections[-1]["items"]
        if (item.section, item.label) in whole:
            entry = next((it for it in items if it[0] == item.label and it[3] == "whole"), None)
            if entry is None:
                t = whole[(item.section, item.label)]
                entry = [item.label, [t.text.rstrip("。")], t, "whole", "。", []]
                items.append(entry)
            entry[5].append(_line(item))
            if isinstance(item, ir.NoticeText) and not item.replaces:
                # 原文 / 说明 under the label follow the notice's words: never dropped
                entry[1].append("；" + (p["own"].format(t=item.text) if item.own else item.text.rstrip("。")))
            block = None
            continue
        if isinstance(item, ir.Rule) and item.exclusive and item.exclusive != block and items:
            # GZ05-5: the clause before the block announces it
            items[-1][1].append("；" + p["highest"])
            items[-1][4] = "："
        block = item.exclusive if isinstance(item, ir.Rule) else None
        # a 【本文件补充】 clause between two clauses of one label does not split it:
        # the second joins the first, the file's own clause follows them
        at = len(items) - 1
        while at > 0 and _own_label(items[at][0]) and not _own_label(item.label):
            at -= 1
        same = at >= 0 and items[at][0] == item.label and item.label is not None
        held = items[at + 1:] if same else []  # the file's own clauses, put back after
        del items[len(items) - len(held):]
        # the rule just before in the same clause (a note such as Unlisted is none)
        before = items[-1][2] if same and isinstance(items[-1][2], ir.Rule) else None
        if isinstance(item, ir.Rule):
            text, kind = clause_text(item, p, before), item.kind
        elif isinstance(item, ir.Transfer):
            text, kind = transfer_text(item, p), "transfer"
        elif isinstance(item, ir.CountRule):
            text, kind = count_text(item, p), "count"
        elif isinstance(item, ir.Outcome):
            text, kind = outcome_text(item, p), "outcome"
        elif isinstance(item, ir.Unlisted):
            text, kind = p["unlisted"], "unlisted"
        elif isinstance(item, ir.PeriodRule):
            text, kind = period_text(item, p), "period"
        elif isinstance(item, ir.Allowance):
            text, kind = allowance_text(item, p), "allowance"
        elif isinstance(item, ir.Combine):
            text, kind = combine_text(item, p), "combine"
        elif isinstance(item, ir.NoticeText):  # 原文 verbatim; 说明 marked as the file's own
            text, kind = (p["own"].format(t=item.text) if item.own else item.text.rstrip("。")), "text"
        else:
            text, kind = p["start"].format(d=item.date_text), "start"
        if same:
            # a change of kind (base → bonus) is a new sentence part: “；”, and so is
            # a rule whose conditions name their column (刊物为市委办的，…；刊物为…)
            keyed = any(isinstance(r, ir.Rule) and any(_is_keyed(c) for c in r.conditions) for r in (item, items[-1][2]))
            sep = "，" if items[-1][3] == kind and not keyed else "；"
            items[-1][1].append(sep + text)
            items[-1][2:4] = [item, kind]
            items[-1][5].append(_line(item))
        else:
            items.append([item.label, [text], item, kind, "。", [_line(item)]])
        items.extend(held)
    out_sections = tuple(
        Section(s["heading"], tuple(Clause(_own_number(label, s["heading"]), "".join(texts) + end, tuple(lines))
                                    for label, texts, _, _, end, lines in s["items"]))
        for s in sections)
    # 每月通报 tells `xinxi report` the cadence; it is not a sentence of the
    # appendix: the notices say it in their letter (D12: 市政府办公室将每月定期通报)
    # or in a clause of their own (CD07 四、(一), D09 (六)), which the appendix
    # already reproduces.  A line 「每月通報。」 under the title was invented text.
    report = None
    year = year_text(reg.year, p) if reg.year else None
    checklist = tuple(checklist_entries(reg.checklist, p)) if reg.checklist else ()
    own = getattr(reg, "script", "s")
    return Appendix(reg.name or reg.code, reg.doc_number, "t" if script_t else "s",
                    tuple(groups), out_sections, report, p, year, checklist,
                    (reg.checklist.label or "指标考核") if reg.checklist else None,
                    convert=not script_t or own != "t")


def _line(item) -> int:
    return item.span.line if item.span else 0


def _checklist_markdown(doc: Appendix) -> str:
    out: list[str] = []
    for depth, kind, text in doc.checklist:
        if kind == "heading":
            out += ["", f"{'#' * (depth + 3)} {md(text, False)}", ""]
        else:
            out.append(f"- {md(text, False)}")
    return "\n".join(out).strip("\n")


def markdown(doc: Appendix) -> str:
    return in_script(doc, _env.get_template("appendix.md.j2").render(doc=doc, checklist=_checklist_markdown(doc)))


def html(doc: Appendix) -> str:
    """The appendix as one self-contained HTML page (inline CSS, no scripts)."""
    return in_script(doc, _html_env.get_template("appendix.html.j2").render(doc=doc))


def render_markdown(reg: ir.Regulation, script: str | None = None) -> str:
    return markdown(appendix(reg, script))


def render_html(reg: ir.Regulation, script: str | None = None) -> str:
    return html(appendix(reg, script))
