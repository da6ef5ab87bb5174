"""Benchmark xinxi: parse+compile, then scoring at several ledger sizes beside
a hand-written baseline, in one run.

    python benchmarks/run.py [--sizes 10000,100000,1000000] [--reg regulations/D12.xinxi]

Ledgers are generated first (not timed) into a temporary directory. Each
size is then measured in fresh subprocesses — one for xinxi, one for the
baseline — so that peak memory (ru_maxrss) is that size's and that tool's
own, and no cache or heap carries over from one size to the next.
The table is printed and written as JSON to benchmarks/out/results.json.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def _peak_mb() -> float:
    """Peak resident set size of this process so far (Linux: KiB; macOS: bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# ---- measurements -----------------------------------------------------------

def bench_compile(reg_path: str, runs: int) -> dict:
    """compile_file (read, parse, lower, check), `runs` times after one warm-up."""
    from xinxi_dsl import compile_file

    t = time.perf_counter()
    compile_file(reg_path)  # first call: builds or loads the Lark parser (cache file)
    first = time.perf_counter() - t
    lines = len(Path(reg_path).read_text(encoding="utf-8-sig").splitlines())
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        compile_file(reg_path)
        times.append(time.perf_counter() - t)
    mean = sum(times) / len(times)
    return {"runs": runs, "lines": lines, "first_s": first, "mean_s": mean, "min_s": min(times),
            "compiles_per_s": 1 / mean, "lines_per_s": lines / mean}


def worker_xinxi(reg_path: str, ledger: str) -> dict:
    """In a fresh subprocess: read and evaluate one ledger with xinxi."""
    from xinxi_dsl import compile_file
    from xinxi_dsl.engine.evaluate import evaluate
    from xinxi_dsl.engine.ledger import read_ledger

    reg, _ = compile_file(reg_path)
    before = _peak_mb()
    t0 = time.perf_counter()
    led = read_ledger(ledger)
    t1 = time.perf_counter()
    result = evaluate(reg, led.records)
    t2 = time.perf_counter()
    peak = _peak_mb()
    return {"rows": len(led.records), "read_s": t1 - t0, "eval_s": t2 - t1, "total_s": t2 - t0,
            "rss_before_mb": before, "peak_mb": peak,
            "unmatched": len(result.unmatched), "units": len(result.units),
            "totals": {u.key: str(u.score) for u in result.units}}


def worker_baseline(ledger: str) -> dict:
    """In a fresh subprocess: score one ledger with the hand-written D12 scorer."""
    import baseline

    before = _peak_mb()
    t0 = time.perf_counter()
    totals = baseline.score(ledger)
    dt = time.perf_counter() - t0
    return {"total_s": dt, "rss_before_mb": before, "peak_mb": _peak_mb(),
            "totals": {k: str(v) for k, v in totals.items()}}


def _subprocess(args: list[str], timeout: float) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", *args], check=False, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"worker {args[0]} failed (exit {proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def median_run(runs: list[dict]) -> dict:
    """The run with the median total time (its figures are reported together);
    every run is kept in the JSON under "runs"."""
    chosen = dict(sorted(runs, key=lambda r: r["total_s"])[(len(runs) - 1) // 2])
    chosen["runs"] = [{k: v for k, v in r.items() if k != "totals"} for r in runs]
    return chosen


def compare(xinxi: dict[str, str], base: dict[str, str]) -> list[tuple[str, str, str]]:
    """Units whose totals differ: (unit, xinxi, baseline); a missing unit counts 0."""
    from xinxi_dsl.foundation.text import fold

    a = {fold(k): Decimal(v) for k, v in xinxi.items()}
    b = {fold(k): Decimal(v) for k, v in base.items()}
    return [(k, str(a.get(k, 0)), str(b.get(k, 0))) for k in sorted(a.keys() | b.keys()) if a.get(k, 0) != b.get(k, 0)]


# ---- the table --------------------------------------------------------------

COLUMNS = [("rows", 9), ("read rows/s", 11), ("eval rows/s", 11), ("xinxi rows/s", 12), ("xinxi s", 7),
           ("xinxi peak MB", 13), ("baseline rows/s", 15), ("baseline s", 10), ("base peak MB", 12), ("agrees", 6)]


def _line(cells: list[str]) -> str:
    return " | ".join(f"{c:>{w}}" for c, (_, w) in zip(cells, COLUMNS))


def _row(r: dict) -> str:
    n = r["rows"]
    x, b = r["xinxi"], r.get("baseline")
    cells = [f"{n:,}", f"{n / x['read_s']:,.0f}", f"{n / x['eval_s']:,.0f}", f"{n / x['total_s']:,.0f}",
             f"{x['total_s']:.2f}", f"{x['peak_mb']:,.0f}"]
    if b:
        cells += [f"{n / b['total_s']:,.0f}", f"{b['total_s']:.2f}", f"{b['peak_mb']:,.0f}",
                  "yes" if r["baseline_agrees"] else "NO"]
    else:
        cells += ["—"] * 4
    return _line(cells)


def _environment() -> dict:
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                check=False, capture_output=True, text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
            "implementation": platform.python_implementation(), "platform": platform.platform(),
            "machine": platform.machine(), "cpus": os.cpu_count(), "commit": commit}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated ledger sizes (rows)")
    ap.add_argument("--reg", default="regulations/D12.xinxi", help="the regulation (the baseline runs only for D12)")
    ap.add_argument("--seed", type=int, default=1, help="ledger generator seed")
    ap.add_argument("--compile-runs", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3, help="fresh subprocesses per size and tool; the median is reported")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per subprocess")
    ap.add_argument("--out", default=str(HERE / "out" / "results.json"))
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        kind, *args = a.worker
        print(json.dumps(worker_xinxi(*args) if kind == "xinxi" else worker_baseline(*args)))
        return

    import gen_ledger

    from xinxi_dsl import compile_file

    sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    reg_file = Path(a.reg)
    if not reg_file.exists() and (ROOT / reg_file).exists():  # run from outside the repository
        reg_file = ROOT / reg_file
    reg_path = str(reg_file.resolve())
    compiled = bench_compile(reg_path, a.compile_runs)  # first: its first compile loads the parser
    reg, _ = compile_file(reg_path)
    with_baseline = reg.code == "D12"
    results: dict = {"regulation": a.reg, "code": reg.code, "seed": a.seed, "repeat": a.repeat,
                     "environment": _environment()}
    c = results["compile"] = compiled
    print(f"xinxi benchmark — {reg.code} ({a.reg}), Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"median of {a.repeat} fresh subprocesses per size")
    print(f"parse+compile: {c['compiles_per_s']:,.0f} compiles/s, {c['lines_per_s']:,.0f} lines/s "
          f"({c['mean_s'] * 1000:.2f} ms mean, {c['min_s'] * 1000:.2f} ms best of {c['runs']}, {c['lines']} lines; "
          f"first compile, loading the parser, {c['first_s'] * 1000:.0f} ms)")
    print()
    print(_line([name for name, _ in COLUMNS]))
    print("-+-".join("-" * w for _, w in COLUMNS))
    results["sizes"] = []
    with tempfile.TemporaryDirectory(prefix="xinxi-bench-") as tmp:
        for size in sizes:
            path = str(Path(tmp) / f"ledger-{size}.csv")
            t = time.perf_counter()
            gen_ledger.write(reg, size, path, a.seed)
            r: dict = {"rows": size, "generate_s": time.perf_counter() - t, "ledger_bytes": os.path.getsize(path)}
            r["xinxi"] = median_run([_subprocess(["xinxi", reg_path, path], a.timeout) for _ in range(a.repeat)])
            r["rows"] = r["xinxi"]["rows"]
            if with_baseline:
                r["baseline"] = median_run([_subprocess(["baseline", path], a.timeout) for _ in range(a.repeat)])
                diff = compare(r["xinxi"]["totals"], r["baseline"]["totals"])
                r["baseline_agrees"] = not diff
                r["baseline_differences"] = diff[:20]
            print(_row(r), flush=True)
            results["sizes"].append(r)
            os.remove(path)
    print()
    print("unmatched rows: " + ", ".join(f"{r['xinxi']['unmatched']:,} of {r['rows']:,}" for r in results["sizes"]))
    if with_baseline and results["sizes"]:
        first = min(results["sizes"], key=lambda r: r["rows"])
        results["baseline_agrees"] = first["baseline_agrees"]
        print(f"baseline agrees: {'yes' if first['baseline_agrees'] else 'no'} "
              f"(per-unit totals, {first['rows']:,} rows; all sizes: "
              f"{'yes' if all(r['baseline_agrees'] for r in results['sizes']) else 'no'})")
        for unit, x, b in first["baseline_differences"]:
            print(f"  {unit}: xinxi {x}, baseline {b}")
    else:
        print("baseline: — (hand-written for D12 only)")
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
