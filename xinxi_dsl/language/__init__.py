"""Language — the text of a regulation and its syntax.

In: source text (a ``.xinxi`` file, UTF-8 or GB18030, simplified or
traditional script).
Out: the syntax tree (:mod:`.syntax`, a span on every node; no Lark object
leaves this folder) from :func:`.parse.parse`; the canonical layout from
:mod:`.fmt`.

- :mod:`.keywords` — the keyword table, both scripts
- :mod:`.grammar` — ``grammar/xinxi.lark`` + one terminal per keyword → the Lark LALR parser
- :mod:`.numerals` — numbers as notices write them → exact Decimal
- :mod:`.parse` — source → syntax tree; located syntax errors
- :mod:`.syntax` — the syntax tree's classes
- :mod:`.fmt` — concrete syntax → the canonical layout
"""
