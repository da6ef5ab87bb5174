"""Hostile .xlsx ledgers (issue 11): each is built into a temporary folder and
scored with ``xinxi score`` in a fresh subprocess; the table shows, side by
side, the exit status, the seconds and the peak memory (RSS) of each run.
``--old`` adds what python-calamine alone (the reader before issue 11) does
with the same file, under a 4 GiB address-space limit so that it cannot
take the machine down.

    python benchmarks/xlsx_bombs.py            # about half a minute
    python benchmarks/xlsx_bombs.py --old      # the old reader too
    python benchmarks/xlsx_bombs.py --scale 0.1

``build(folder, scale)`` is also used by tests/test_xlsx_bombs.py (small scale).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bad"))

from make_fixtures import _CT, _RELS, _WB, _WBRELS, _inline, corner_bomb, raw_book, raw_sheet, wide_bomb  # noqa: E402

REG = ROOT / "tests" / "bad" / "ledger.xinxi"


def _zip_bomb(path: Path, mib: int) -> None:
    """A sheet part that unpacks to ``mib`` MiB of blanks (about 1000:1)."""
    head = raw_sheet("")
    cut = head.index("</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WBRELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head[:cut].encode())
            block = b" " * (1 << 20)
            for _ in range(mib):
                f.write(block)
            f.write(head[cut:].encode())


def _forged_size(path: Path, mib: int) -> None:
    """The zip bomb with its declared size forged down to 1 KB (both headers):
    a reader that trusts the header would unpack without bound."""
    _zip_bomb(path, mib)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for sig, at_size, at_len, at_name in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        i = data.find(sig)
        while i >= 0:
            n = int.from_bytes(data[i + at_len:i + at_len + 2], "little")
            if data[i + at_name:i + at_name + n] == name:
                size = int.from_bytes(data[i + at_size:i + at_size + 4], "little")
                if size != 0xFFFFFFFF:  # not a zip64 placeholder
                    data[i + at_size:i + at_size + 4] = (1024).to_bytes(4, "little")
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))


def _styled(path: Path, cells: int) -> None:
    """A header and then ``cells`` empty styled cells (formatting applied to
    whole columns): nothing to read, so it must be cheap, not refused."""
    cols = [f"{a}" for a in "EFGHIJKLMNOPQRST"]
    rows = []
    for r in range(2, 2 + cells // len(cols)):
        rows.append(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="1"/>' for c in cols) + "</row>")
    raw_book(path, raw_sheet("".join(rows)))


def _strings(path: Path, n: int) -> None:
    """``n`` shared strings (short, 65536 different ones over and over):
    calamine keeps every one of them in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WB),
                           ("xl/_rels/workbook.xml.rels", _WBRELS), ("xl/worksheets/sheet1.xml", raw_sheet(""))):
            z.writestr(name, text)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            block = "".join(f"<si><t>{i:x}</t></si>" for i in range(1 << 16)).encode()
            for _ in range(n >> 16):
                f.write(block)
            f.write(b"</sst>")


def _nested(path: Path, depth: int) -> None:
    """One inline-string cell nested ``depth`` elements deep."""
    inner = "<r>" * depth + "x" + "</r>" * depth
    raw_book(path, raw_sheet(f'<row r="2">{_inline("A2", "2012-01-05")}{_inline("B2", "通川区")}'
                             f'<c r="C2" t="inlineStr"><is>{inner}</is></c></row>'))


def build(folder: Path, scale: float = 1.0) -> list[tuple[str, Path, int, str]]:
    """The bombs: (name, file, expected exit status, expected message key)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []

    def add(name, maker, status, key, *args):
        p = folder / f"{name}.xlsx"
        maker(p, *args)
        out.append((name, p, status, key))

    add("corner A1+XFD1048576", corner_bomb, 2, "sheet-too-large")
    add("stray cell XFD5000", wide_bomb, 2, "sheet-too-large", 5000)
    add(f"zip bomb {max(int(2048 * scale), 65)} MiB", _zip_bomb, 2, "xlsx-too-large", max(int(2048 * scale), 65))
    add("forged size", _forged_size, 2, "bad-xlsx", max(int(256 * scale), 8))
    add(f"{int(5e6 * scale) // 1000}k styled empty cells", _styled, 0, "header-only", int(5e6 * scale))
    big = max(int(2e7 * scale), 7_000_000)  # past MAX_STRINGS at any scale
    add(f"{big // 1000}k shared strings", _strings, 2, "xlsx-too-large", big)
    add("nested 100k deep", _nested, 0, "", 100_000)
    add(f"{int(6e6 * scale) // 1000}k shared strings", _strings, 0, "", int(6e6 * scale))
    return out


def _measure(cmd: list[str], limit: int | None = None, timeout: float = 600) -> tuple[int, float, int, str]:
    """Exit status, seconds, peak RSS (KiB) and stderr of ``cmd`` run in a
    fresh wrapper process, so that the peak is this run's alone."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "lim = int(sys.argv[1])\n"
        "pre = (lambda: resource.setrlimit(resource.RLIMIT_AS, (lim, lim))) if lim else None\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[2:], preexec_fn=pre, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "dt = time.perf_counter() - t\n"
        "sys.stdout.write(repr((r.returncode, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " r.stderr.decode('utf-8', 'replace'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", wrapper, str(limit or 0), *cmd], capture_output=True, text=True, timeout=timeout)
    return eval(r.stdout)  # noqa: S307 - our own repr


OLD = ("import sys\nfrom python_calamine import CalamineWorkbook\n"
       "wb = CalamineWorkbook.from_path(sys.argv[1])\n"
       "rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)\nprint(len(rows))\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--old", action="store_true", help="also run python-calamine alone (4 GiB limit)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "xlsx_bombs.json"))
    args = ap.parse_args()
    xinxi = [sys.executable, "-c", "from xinxi_dsl.cli import main; main()"]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        bombs = build(Path(tmp), args.scale)
        head = f"{'bomb':28} {'file':>9} {'exit':>4} {'s':>6} {'peak MiB':>8}  message"
        if args.old:
            head += f" | {'old exit':>8} {'s':>6} {'peak MiB':>8}"
        print(head)
        for name, path, status, key in bombs:
            code, secs, rss, err = _measure([*xinxi, "score", str(REG), str(path)])
            first = next((ln for ln in err.splitlines() if "[" in ln), err.strip()[:60])
            msg = first[first.find("["):][:70] if "[" in first else first
            line = f"{name:28} {path.stat().st_size:>9} {code:>4} {secs:>6.2f} {rss / 1024:>8.0f}  {msg}"
            row = {"bomb": name, "bytes": path.stat().st_size, "exit": code, "seconds": round(secs, 2),
                   "peak_mib": round(rss / 1024), "message": first, "expected_exit": status}
            if args.old:
                ocode, osecs, orss, _ = _measure([sys.executable, "-c", OLD, str(path)], limit=4 << 30)
                line += f" | {ocode:>8} {osecs:>6.2f} {orss / 1024:>8.0f}"
                row.update(old_exit=ocode, old_seconds=round(osecs, 2), old_peak_mib=round(orss / 1024))
            print(line, flush=True)
            results.append(row)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
