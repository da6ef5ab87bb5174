"""python -m xinxi_dsl: the xinxi command."""

from .cli import main

main()
