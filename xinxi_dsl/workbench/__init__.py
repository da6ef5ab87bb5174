"""The workbench: ``xinxi serve`` (server.py, static/) and ``xinxi lsp``."""
