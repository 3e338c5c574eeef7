"""Command implementations, one module per command; cli.py parses arguments and dispatches."""
