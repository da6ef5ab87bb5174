"""Foundation — what every stage may import; it imports nothing of the project.

In: nothing of the project.
Out: :mod:`.diagnostics` (spans, diagnostics, ``XinxiError``, the located
message with its caret line) and :mod:`.text` (folding for matching:
traditional → simplified, spaces, quotes; splitting multi-value cells);
:mod:`.collector` (the garbage collector paused while a stage builds many
small objects).
"""
