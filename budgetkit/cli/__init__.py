"""The ``budgetkit`` command: a thin shell over the library (:mod:`.main`), one module per
sub-command in :mod:`.commands`, what they share in :mod:`.common`."""

from budgetkit.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
