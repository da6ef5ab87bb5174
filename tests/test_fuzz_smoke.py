"""A few hundred examples of each fuzzer (tests/fuzz/run.py) with a fixed
seed, so the suite notices when a fixed failure comes back.  The full run
(100,000 examples) is ``python tests/fuzz/run.py --examples 100000 --seed 11
--jobs 2``; see tests/fuzz/README.md."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

import run as fuzz  # noqa: E402

SEED = 11

@pytest.mark.parametrize("generator, n", [("regulation", 400), ("ledger", 150), ("xlsx", 50)])
def test_fuzz_smoke(generator, n):
    found = fuzz.run_examples(generator, SEED, n)
    assert not found, "\n".join(f"{k}: {c} inputs, e.g. --seed {SEED} --replay {ex}\n{d[:400]}" for k, (c, ex, d) in found.items())
