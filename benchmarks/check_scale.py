"""How ``xinxi check`` grows with the number of clauses.

Writes regulations of N clauses (default 1,000 and 10,000) shaped like
regulations/D12.xinxi — 《刊物》 + 栏目 base clauses with varied points,
批示 / 上级采用 bonuses, 事项 penalties, three unit groups — and times
``xinxi check FILE`` as a whole process (start-up and grammar included),
printing a table.  Run from the repository root with the project installed::

    python benchmarks/check_scale.py                 # 1,000 and 10,000 clauses
    python benchmarks/check_scale.py --sizes 1000,5000,10000 --repeat 3
    python benchmarks/check_scale.py --write /tmp/c10k.xinxi --sizes 10000   # only write the file
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ("主条", "问题与建议", "简讯", "图片新闻")
KINDS = ("动态类", "专题综合类", "约稿", "信息专报")
EVENTS = ("不报", "迟报", "漏报")


def regulation(n: int) -> str:
    """A regulation with about n clauses: 80% base, 15% bonus, 5% penalty."""
    out = [
        "规程 S", f"名称 {n}条条款的规程", "考核期 2012年1月1日 至 2012年12月31日", "每月通报",
        "属性 栏目：" + "、".join(COLUMNS),
        "属性 类别：" + "、".join(KINDS),
        "属性 事项：" + "、".join(EVENTS),
        "单位组 县市区 目标180分：",
        "    通川区、达县、万源市、宣汉县、大竹县、渠县、开江县",
        "单位组 市级部门：",
        *(f"    市局{i} {20 + i % 3 * 5}、市委{i} 30" for i in range(40)),
        "计分办法【三、信息采用计分办法】",
    ]
    n_base, n_bonus = n * 80 // 100, n * 15 // 100
    n_pen = n - n_base - n_bonus
    per_pub = len(COLUMNS) * len(KINDS)  # every (栏目, 类别) pair under one 刊物
    for i in range(n_base):
        pub, k = divmod(i, per_pub)
        col, kind = COLUMNS[k % len(COLUMNS)], KINDS[k // len(COLUMNS)]
        out.append(f"S-{i + 1}【{pub % 9 + 1}】《政务信息{pub + 1}》{col} {kind}每采用1条计{1 + i % 4}分")
    pubs = (n_base - 1) // per_pub + 1
    for i in range(n_bonus):
        if i % 2:
            out.append(f"B-{i + 1}【4】《政务信息{i % pubs + 1}》被省级部门{i + 1}采用每条另加{2 + i % 3}分")
        else:
            out.append(f"B-{i + 1}【4】获领导{i + 1}批示的信息每条另加{2 + i % 3}分")
    for i in range(n_pen):
        out.append(f"P-{i + 1}【5】《政务信息{i % pubs + 1}》{EVENTS[i % 3]}每次扣{1 + i % 3}分")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeat", type=int, default=3, help="fresh processes per size (the median is shown)")
    ap.add_argument("--write", help="write the regulation of the (single) size here and stop")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.write:
        Path(args.write).write_text(regulation(sizes[0]), encoding="utf-8")
        return
    xinxi = shutil.which("xinxi") or str(Path(sys.executable).with_name("xinxi"))
    print(f"{'clauses':>8} {'lines':>7} {'median s':>9} {'min s':>7} {'max s':>7}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            f = Path(tmp) / f"check_{n}.xinxi"
            text = regulation(n)
            f.write_text(text, encoding="utf-8")
            times, code = [], None
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                code = subprocess.run([xinxi, "check", str(f)], capture_output=True).returncode
                times.append(time.perf_counter() - t0)
            print(f"{n:>8} {text.count(chr(10)):>7} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}  {code}")


if __name__ == "__main__":
    main()
