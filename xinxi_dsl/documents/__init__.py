"""Documents — what an office publishes.

In: the IR (for the appendix), or the IR, a ledger and a period (for the
report, which the engine scores).
Out: the notice's appendix and the report (通报) as Markdown, HTML, DOCX and
XLSX.

- :mod:`.appendix` — the appendix's document model; Markdown and HTML through ``templates/``
- :mod:`.bulletin` — the report's document model; Markdown and HTML through ``templates/``
- :mod:`.chart` — completion per unit (plain rows) → inline SVG
- :mod:`.docx_writer` — appendix and report → DOCX (GB/T 9704)
- :mod:`.xlsx_writer` — report → XLSX with native charts
- :mod:`.ledger_xlsx` — the clerk's ledger back with each row's points (score --format xlsx); a ledger template
"""
