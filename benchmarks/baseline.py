"""A hand-written D12 scorer: what a developer would write without xinxi.

    python benchmarks/baseline.py LEDGER.csv      # prints unit<TAB>total

The D12 points hard-coded as dict lookups, csv.DictReader, Decimal:

- 《达州政务快讯》 主条 2, 问题与建议 3, 简讯 1; 栏目 图片新闻 (any 刊物) 1;
- 《上报省办信息》 动态类 2, 专题综合类 4;
- bonuses on a scored adopted item: 批示 contains 市政府领导 +2,
  省政府领导 +4; 上报省办信息 adopted by 省政府办公厅 (上级采用) +4;
- penalty: 事项 不报/迟报 with 类别 约稿/批示反馈 −3.

Values and unit names are folded with the same call xinxi uses
(``xinxi_dsl.foundation.text.fold``: traditional → simplified, no spaces), so the totals
are keyed like xinxi's ``UnitResult.key``. It knows nothing else: no dates,
no aliases, no 所属单位 transfers, no explanations, no unmatched list.
"""

from __future__ import annotations

import csv
import sys
from decimal import Decimal

from xinxi_dsl.foundation.text import fold

KUAIXUN = "达州政务快讯"
SHENGBAN = "上报省办信息"
KUAIXUN_COLUMNS = {"主条": Decimal(2), "问题与建议": Decimal(3), "简讯": Decimal(1)}
SHENGBAN_CATEGORIES = {"动态类": Decimal(2), "专题综合类": Decimal(4)}
PICTURES = ("图片新闻", Decimal(1))
LEADER_BONUS = {"市政府领导": Decimal(2), "省政府领导": Decimal(4)}
HIGHER = ("省政府办公厅", Decimal(4))
PENALTY_EVENTS = {"不报", "迟报"}
PENALTY_CATEGORIES = {"约稿", "批示反馈"}
PENALTY = Decimal(-3)
ZERO = Decimal(0)


def points(r: dict[str, str]) -> Decimal:
    event = fold(r.get("事项") or "") or "采用"
    pub, col, cat = fold(r.get("刊物") or ""), fold(r.get("栏目") or ""), fold(r.get("类别") or "")
    if event == "采用":
        if pub == KUAIXUN and col in KUAIXUN_COLUMNS:
            pts = KUAIXUN_COLUMNS[col]
        elif pub == SHENGBAN and cat in SHENGBAN_CATEGORIES:
            pts = SHENGBAN_CATEGORIES[cat]
        elif col == PICTURES[0]:
            pts = PICTURES[1]
        else:
            return ZERO
        leaders = fold(r.get("批示") or "")
        if leaders:
            for who, bonus in LEADER_BONUS.items():
                if who in leaders:
                    pts += bonus
        if pub == SHENGBAN and HIGHER[0] in fold(r.get("上级采用") or ""):
            pts += HIGHER[1]
        return pts
    if event in PENALTY_EVENTS and cat in PENALTY_CATEGORIES:
        return PENALTY
    return ZERO


def score(path: str) -> dict[str, Decimal]:
    """Per-unit totals, keyed by the folded unit name."""
    totals: dict[str, Decimal] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            unit = fold(r["单位"])
            totals[unit] = totals.get(unit, ZERO) + points(r)
    return totals


if __name__ == "__main__":
    for unit, total in sorted(score(sys.argv[1]).items()):
        print(f"{unit}\t{total}")
