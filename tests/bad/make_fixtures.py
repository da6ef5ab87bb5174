"""Rebuilds the binary fixtures of tests/bad (run from the repository root:
``python tests/bad/make_fixtures.py``).  Each helper keeps its fixtures in
a function of its own."""

from __future__ import annotations

import os
from pathlib import Path

BAD = Path(__file__).parent


def outputs_fixtures() -> None:
    """Regulation files in other encodings (issue 11): UTF-16 with and
    without a BOM, and a UTF-8 file cut inside a character; and a link to a
    ledger, for -o naming an input by another path."""
    text = (BAD / "ledger.xinxi").read_text(encoding="utf-8")
    (BAD / "regulations/utf16_with_bom.xinxi").write_bytes(text.encode("utf-16"))  # BOM + little-endian
    (BAD / "regulations/utf16_without_bom.xinxi").write_bytes(text.encode("utf-16-le"))
    data = text.encode("utf-8")
    cut = data.index("考核期".encode("utf-8")) + 4  # inside 核
    (BAD / "regulations/utf8_cut_inside_character.xinxi").write_bytes(data[:cut])
    link = BAD / "outputs/ledger-link.csv"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink("hostile.csv", link)


if __name__ == "__main__":
    outputs_fixtures()
