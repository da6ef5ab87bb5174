"""Properties of the unit pass (issue 13) on random regulations that use
its constructs (tests/fuzz/unitpass.py builds them) and random ledgers:

(a) a regulation compiles or fails with diagnostics (XinxiError), never
    another exception; fmt keeps its meaning and is idempotent; the IR JSON
    round-trips;
(b) scoring never raises; a unit's score is the sum of its lines;
(c) every ledger row is in some line or listed as not scored, once;
(d) shuffling the rows changes no unit's score nor its lines (rows sharing
    an 编号 keep their order where 均分 gives the remainder by ledger order);
(e) 均分: a joint item's shares add up to its points exactly;
(f) with an as-of date only periods ended by then are judged.

A larger run: ``python tests/fuzz/run.py --only unitpass --examples 5000``.
"""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

import unitpass as up  # noqa: E402

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def regulations(draw):
    return up.regulation(up.Choose(draw))


@st.composite
def ledgers(draw):
    return up.ledger_rows(up.Choose(draw))


@st.composite
def as_of_dates(draw):
    return up.as_of_date(up.Choose(draw))


@settings(max_examples=150, **SETTINGS)
@given(regulations())
def test_regulation_compiles_formats_and_round_trips(text):
    reg = up.compile_or_diagnose(text)
    if reg is not None:
        up.check_language(text, reg)


@settings(max_examples=120, **SETTINGS)
@given(regulations(), ledgers(), as_of_dates(), st.randoms(use_true_random=False))
def test_scoring_sum_rows_shuffle_split_as_of(text, rows, as_of, rnd):
    reg = up.compile_or_diagnose(text)
    if reg is None:
        return
    result = up.score(reg, rows, as_of)
    up.check_sum_and_rows(result, len(rows))
    up.check_split(reg, result)
    up.check_as_of(reg, result, as_of)
    up.check_shuffle(reg, rows, result, rnd, as_of)

