"""Issue 12 point 24: how often each way of matching names picks the unit a
clerk meant, on tests/data/unit_name_pairs.csv (and the issue's examples).

    .venv/bin/python benchmarks/unit_names.py   # rapidfuzz optional

difflib: the old ``Evaluator.nearest`` (get_close_matches, cutoff 0.5, then
an in-order subsequence); rapidfuzz: ``process.extractOne`` with WRatio on
the folded names; xinxi: engine/units.py (affixes, then the alias-free
CJK score on names stripped of affixes)."""

from __future__ import annotations

import csv
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xinxi_dsl import compile_file  # noqa: E402
from xinxi_dsl.engine import units  # noqa: E402
from xinxi_dsl.engine.evaluate import Evaluator  # noqa: E402
from xinxi_dsl.foundation.text import fold  # noqa: E402


def old(ev, key):
    names = list(ev.units)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
    if not close:
        it = lambda n: (lambda s: all(c in s for c in n))(iter(key))  # noqa: E731
        sub = [n for n in names if len(n) >= 3 and it(n)]
        close = sorted(sub, key=len, reverse=True)[:1]
    return ev.units[close[0]][1].name if close else None


def fuzzy(ev, key):
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        return "n/a"
    hit = process.extractOne(key, list(ev.units), scorer=fuzz.WRatio, score_cutoff=50)
    return ev.units[hit[0]][1].name if hit else None


def new(ev, key):
    m = ev.names.match(key)
    if isinstance(m, units.Match):
        return ev.units[m.unit][1].name
    return ev.nearest(key)


def main() -> None:
    with open(ROOT / "tests" / "data" / "unit_name_pairs.csv", encoding="utf-8") as f:
        pairs = list(csv.DictReader(f))
    evs = {c: Evaluator(compile_file(ROOT / "regulations" / f"{c}.xinxi")[0]) for c in {p["规程"] for p in pairs}}
    right = {"difflib": 0, "rapidfuzz": 0, "xinxi": 0}
    for p in pairs:
        ev, key, want = evs[p["规程"]], fold(p["台账写法"]), p["规程单位"]
        got = {"difflib": old(ev, key), "rapidfuzz": fuzzy(ev, key), "xinxi": new(ev, key)}
        for k, v in got.items():
            right[k] += v == want
        if len(set(got.values())) > 1 or got["xinxi"] != want:
            print(f"{p['规程']} {p['台账写法']} → {want}: " + ", ".join(f"{k}={v}" for k, v in got.items()))
    print(f"{len(pairs)} pairs: " + ", ".join(f"{k} {n}/{len(pairs)}" for k, n in right.items()))


if __name__ == "__main__":
    main()
