"""Generate a ledger of N rows for a regulation's units and rules.

    python benchmarks/gen_ledger.py regulations/D12.xinxi 100000 -o /tmp/l.csv [--seed 1]

Rows follow the regulation: a random base rule's condition values, a bonus's
批示/上级采用 on one row in five, a penalty event now and then, and one row in
twenty with a publication no rule knows (so it is listed as unmatched).
Unit names are written as the regulation writes them (traditional script
for D12). Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xinxi_dsl import compile_file  # noqa: E402

HEADER = ["编号", "日期", "单位", "事项", "刊物", "栏目", "类别", "级别", "形式", "批示", "上级采用", "所属单位", "标题"]


def rows(reg, n: int, seed: int = 1):
    rnd = random.Random(seed)
    units = [u.name for _, u in reg.units()]
    base = [r for r in reg.rules if r.kind == "base"]
    bonus = [r for r in reg.rules if r.kind == "bonus"]
    penalty = [r for r in reg.rules if r.kind == "penalty"]
    start, end = reg.period_from, reg.period_to
    days = (end - start).days + 1
    for i in range(n):
        row = dict.fromkeys(HEADER, "")
        row["编号"] = f"N{i + 1:07d}"
        row["日期"] = (start + timedelta(days=rnd.randrange(days))).isoformat()
        row["单位"] = rnd.choice(units)
        row["标题"] = f"信息{i + 1}"
        roll = rnd.random()
        if roll < 0.05:
            row["刊物"] = "达州日报"  # no rule: unmatched
        elif roll < 0.10 and penalty:
            r = rnd.choice(penalty)
            for c in r.conditions:
                row[c.key] = rnd.choice(c.values)
        else:
            r = rnd.choice(base)
            row["事项"] = r.event
            for c in r.conditions:
                row[c.key] = rnd.choice(c.values)
            if bonus and rnd.random() < 0.2:
                for c in rnd.choice(bonus).conditions:
                    if c.key in ("批示", "上级采用"):
                        row[c.key] = rnd.choice(c.values)
        yield [row[h] for h in HEADER]


def write(reg, n: int, path: Path, seed: int = 1) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows(reg, n, seed))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("regulation")
    ap.add_argument("n", type=int)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    reg, _ = compile_file(a.regulation)
    write(reg, a.n, Path(a.output), a.seed)


if __name__ == "__main__":
    main()
