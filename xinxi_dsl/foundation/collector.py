"""The cyclic garbage collector paused while a stage builds many small
objects that form no cycles — tokens, syntax nodes and spans in a parse;
records and explanation lines in a ledger's read and evaluation.  The
collector would otherwise rescan them again and again: more than half the
time of checking a 10,000-clause regulation, about a third of scoring 100k
rows (benchmarks/README.md)."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def bulk():
    """Pause the collector; the previous state is restored."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
