"""Generate a ledger (台账) of N rows for a regulation's units and rules.

    python benchmarks/gen_ledger.py regulations/D12.xinxi 100000 -o /tmp/l.csv [--seed 1]

Every row is built from the regulation itself:

- ~90%: a random base rule — its condition values go into their columns and
  事项 is the rule's event (采用 or 报送); on one such row in five, a random
  bonus rule's 批示 / 上级采用 values are added as well;
- ~5%: a random penalty rule — its condition values, 事项 being one of the
  rule's own 事项 values (不報 / 遲報 …);
- ~5%: 刊物 = 达州日报, a publication no rule names, so the row is listed
  as unmatched.

Units are drawn uniformly from every group and written as the regulation
writes them (traditional script and inner spaces for D12: 達 縣), as are the
rule values (主條, 上報省辦信息), so reading exercises the folding. Dates are
spread uniformly over the regulation's period. 所属单位 is left blank.
The same seed gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xinxi_dsl import compile_file

HEADER = ["编号", "日期", "单位", "事项", "刊物", "栏目", "类别", "级别", "形式", "批示", "上级采用", "所属单位", "标题"]
UNKNOWN_PUBLICATION = "达州日报"
BONUS_KEYS = ("批示", "上级采用")
P_UNMATCHED = 0.05
P_PENALTY = 0.05
P_BONUS = 0.20


def rows(reg, n: int, seed: int = 1):
    """Yield n ledger rows (lists in HEADER order)."""
    rnd = random.Random(seed)
    units = [u.name for g in reg.groups for u in g.units]
    base = [r for r in reg.rules if r.kind == "base"]
    bonus = [r for r in reg.rules if r.kind == "bonus" and any(c.key in BONUS_KEYS for c in r.conditions)]
    penalty = [r for r in reg.rules if r.kind == "penalty"]
    if not units or not base:
        raise SystemExit(f"{reg.code}: the regulation has no units or no base rules to build rows from")
    start = reg.period_from or reg.start or date(date.today().year, 1, 1)
    end = reg.period_to or date(start.year, 12, 31)
    days = (end - start).days + 1
    col = {h: i for i, h in enumerate(HEADER)}
    for i in range(1, n + 1):
        row = [""] * len(HEADER)
        row[col["编号"]] = f"N{i:07d}"
        row[col["日期"]] = (start + timedelta(days=rnd.randrange(days))).isoformat()
        row[col["单位"]] = rnd.choice(units)
        row[col["标题"]] = f"信息{i}"
        roll = rnd.random()
        if roll < P_UNMATCHED:
            row[col["事项"]] = "采用"
            row[col["刊物"]] = UNKNOWN_PUBLICATION
        elif roll < P_UNMATCHED + P_PENALTY and penalty:
            rule = rnd.choice(penalty)
            for c in rule.conditions:  # 事项 is one of these conditions
                if c.key in col:
                    row[col[c.key]] = rnd.choice(c.values)
        else:
            rule = rnd.choice(base)
            row[col["事项"]] = rule.event if rule.event in ("采用", "报送") else "采用"
            for c in rule.conditions:
                if c.key in col:
                    row[col[c.key]] = rnd.choice(c.values)
            if bonus and rnd.random() < P_BONUS:
                for c in rnd.choice(bonus).conditions:
                    if c.key in BONUS_KEYS:
                        row[col[c.key]] = rnd.choice(c.values)
        yield row


def write(reg, n: int, path: str | Path, seed: int = 1) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows(reg, n, seed))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("regulation", help="a .xinxi file, e.g. regulations/D12.xinxi")
    ap.add_argument("n", type=int, help="number of rows")
    ap.add_argument("-o", "--output", required=True, help="the CSV to write")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    reg, _ = compile_file(a.regulation)
    write(reg, a.n, a.output, a.seed)


if __name__ == "__main__":
    main()
