"""Engine — a regulation applied to a ledger.

In: the IR from :mod:`xinxi_dsl.compiler` and a ledger (台账, .csv or .xlsx)
or an indicator sheet.
Out: a ``Result`` — every unit's score, target, completion, rank,
outcomes and itemised lines, and the rows no rule scored — and that result
as JSON (the contract of LEDGER.md), CSV and terminal tables.

- :mod:`.ledger` — reading a ledger into records; :mod:`.workbook` — .xlsx sheets, sized and checked before reading
- :mod:`.periods` — assessment years, quarters, months; the pace
- :mod:`.evaluate` — the item pass, caps, escalation, transfers, outcomes, ranks
- :mod:`.units` — unit names as clerks write them (affixes, the alias table, suggestions)
- :mod:`.indicators` — the indicator checklist (D09-X)
- :mod:`.standings` — what score's table and the report both show: the points to date, group ranks
- :mod:`.outputs` — the result as JSON, CSV, tables and explanations
"""
