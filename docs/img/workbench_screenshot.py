"""Remake docs/img/workbench.png: the workbench page on the shipped example.

    .venv/bin/python docs/img/workbench_screenshot.py

Starts ``xinxi serve regulations/D12.xinxi --ledger examples/D12-2012Q1.csv``
on a free port, opens it in Debian's chromium (/usr/bin/chromium) with
Playwright, opens one unit's explanation and takes the picture.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    xinxi = Path(sys.executable).with_name("xinxi")
    proc = subprocess.Popen([str(xinxi), "serve", "regulations/D12.xinxi", "--ledger", "examples/D12-2012Q1.csv", "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://\S+/", proc.stdout.readline())[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
            page.goto(url)
            page.locator("tr.unit", has_text="通川區").click()
            page.locator("tr.lines").wait_for()
            page.locator("#source").evaluate("ta => ta.scrollTop = ta.scrollHeight * 0.55")
            page.wait_for_timeout(500)
            page.screenshot(path=str(ROOT / "docs/img/workbench.png"))
            browser.close()
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
