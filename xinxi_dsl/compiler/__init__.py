"""Compiler — the syntax tree lowered to the IR and checked.

In: the syntax tree from :mod:`xinxi_dsl.language`.
Out: the IR (:mod:`.ir`: frozen dataclasses with spans, JSON with a versioned
schema) and its diagnostics.

- :mod:`.lower` — names resolved (attributes, values, units), dates, numbers
- :mod:`.check` — the IR → diagnostics (overlaps, unreachable clauses, …)
- :mod:`.ir` — the IR's classes and its JSON
"""
