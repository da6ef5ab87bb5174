"""Benchmark: parse+compile, and scoring at 10k / 100k / 1M rows, beside a
hand-written baseline, in one run.

    python benchmarks/run.py [--sizes 10000,100000,1000000] [--reg regulations/D12.xinxi]

Each size runs in a fresh subprocess so that peak memory (ru_maxrss) is that
size's own. Ledgers are generated first (not timed). Results are printed and
written to benchmarks/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def bench_compile(reg_path: str, times: int = 50) -> dict:
    from xinxi_dsl import compile_file

    compile_file(reg_path)  # warm the grammar cache
    lines = len(Path(reg_path).read_text(encoding="utf-8").splitlines())
    t = time.perf_counter()
    for _ in range(times):
        compile_file(reg_path)
    dt = (time.perf_counter() - t) / times
    return {"compiles_per_s": 1 / dt, "lines_per_s": lines / dt, "ms_per_compile": dt * 1000, "lines": lines}


def one(reg_path: str, ledger: str) -> dict:
    """Run in a subprocess: time xinxi and the baseline on one ledger."""
    from xinxi_dsl import compile_file
    from xinxi_dsl.evaluate import evaluate
    from xinxi_dsl.ledger import read_ledger

    reg, _ = compile_file(reg_path)
    t0 = time.perf_counter()
    led = read_ledger(ledger)
    t1 = time.perf_counter()
    result = evaluate(reg, led.records)
    t2 = time.perf_counter()
    n = len(led.records)
    out = {"rows": n, "read_s": t1 - t0, "eval_s": t2 - t1, "total_s": t2 - t0,
           "unmatched": len(result.unmatched)}
    rss_xinxi = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if reg.code == "D12":
        import baseline

        t3 = time.perf_counter()
        base = baseline.score(ledger)
        out["baseline_s"] = time.perf_counter() - t3
        ours = {u.key: u.score for u in result.units if u.score}
        out["baseline_agrees"] = {k: v for k, v in base.items() if v} == ours
    out["peak_rss_mb"] = rss_xinxi / 1024
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--reg", default=str(ROOT / "regulations" / "D12.xinxi"))
    ap.add_argument("--one", nargs=2, metavar=("REG", "LEDGER"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(one(*a.one)))
        return
    import gen_ledger
    from xinxi_dsl import compile_file

    reg, _ = compile_file(a.reg)
    results = {"regulation": a.reg, "compile": bench_compile(a.reg), "sizes": []}
    c = results["compile"]
    print(f"parse+compile {Path(a.reg).name}: {c['ms_per_compile']:.1f} ms per compile "
          f"({c['compiles_per_s']:.0f}/s, {c['lines_per_s']:.0f} lines/s)")
    print(f"{'rows':>9} | {'read rows/s':>11} | {'eval rows/s':>11} | {'xinxi rows/s':>12} | {'baseline rows/s':>15} | {'agrees':>6} | {'peak MB':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in a.sizes.split(",")]:
            path = Path(tmp) / f"ledger-{size}.csv"
            gen_ledger.write(reg, size, path)
            proc = subprocess.run([sys.executable, __file__, "--one", a.reg, str(path)], capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            results["sizes"].append(r)
            n = r["rows"]
            base = f"{n / r['baseline_s']:>15,.0f}" if "baseline_s" in r else f"{'—':>15}"
            agrees = {True: "yes", False: "NO"}.get(r.get("baseline_agrees"), "—")
            print(f"{n:>9,} | {n / r['read_s']:>11,.0f} | {n / r['eval_s']:>11,.0f} | {n / r['total_s']:>12,.0f} | {base} | {agrees:>6} | {r['peak_rss_mb']:>7.0f}")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
