"""Workbench — faces for the people who write the rules, beside the CLI.

In: a regulation's text as an editor or the page holds it (not yet saved),
and a ledger named on the command line or uploaded to the page.
Out: what the editor shows: diagnostics, hovers, completions, definitions
and the canonical layout; the page's appendix, scores and downloads.

- :mod:`.lsp` — ``xinxi lsp``, a language server over stdio (pygls)
- :mod:`.server` — ``xinxi serve``, the workbench page (Starlette; static/)
"""
