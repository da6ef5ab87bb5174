"""A hand-written D12 scorer: what a developer would write without xinxi.

Plain dict lookups on the D12 points, csv.DictReader, Decimal. It knows only
D12, ignores dates, aliases and explanations, and folds names with the same
opencc call xinxi uses, so that its totals can be compared with xinxi's.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

from xinxi_dsl.text import fold

BASE = {
    ("达州政务快讯", "主条", ""): Decimal(2), ("达州政务快讯", "问题与建议", ""): Decimal(3),
    ("达州政务快讯", "简讯", ""): Decimal(1),
    ("上报省办信息", "", "动态类"): Decimal(2), ("上报省办信息", "", "专题综合类"): Decimal(4),
}


def score(path: str, transfer: Decimal = Decimal(1)) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            unit = fold(r["单位"])
            pub, col, cat, event = fold(r["刊物"]), fold(r["栏目"]), fold(r["类别"]), fold(r["事项"]) or "采用"
            pts = Decimal(0)
            if event == "采用":
                if col == "图片新闻":
                    pts = Decimal(1)
                else:
                    pts = BASE.get((pub, col if pub == "达州政务快讯" else "", cat if pub == "上报省办信息" else ""), Decimal(0))
                if pts:
                    leaders = fold(r["批示"])
                    if "市政府领导" in leaders:
                        pts += 2
                    if "省政府领导" in leaders:
                        pts += 4
                    if pub == "上报省办信息" and "省政府办公厅" in fold(r["上级采用"]):
                        pts += 4
            elif event in ("不报", "迟报") and cat in ("约稿", "批示反馈"):
                pts = Decimal(-3)
            totals[unit] += pts
            if r.get("所属单位"):
                totals[fold(r["所属单位"])] += pts * transfer
    return dict(totals)
