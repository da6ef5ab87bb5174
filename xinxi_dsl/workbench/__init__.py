"""Workbench — faces for the people who write the rules, beside the CLI.

In: a regulation's text as an editor holds it (not yet saved).
Out: what the editor shows: diagnostics, hovers, completions, definitions
and the canonical layout.

- :mod:`.lsp` — ``xinxi lsp``, a language server over stdio (pygls)
"""
