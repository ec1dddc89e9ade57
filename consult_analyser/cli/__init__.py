"""The command line: ``consult-analyser COMMAND ...``. Each command lives in its own module
listed in :data:`COMMAND_MODULES` and exposes ``register(subparsers)``."""

from consult_analyser.cli.main import main

__all__ = ["main"]
