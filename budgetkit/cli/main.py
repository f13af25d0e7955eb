"""The ``budgetkit`` command: a thin shell over the library.

Each sub-command parses its arguments, calls the library and prints. Every error of
the library's family ends the command with one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from budgetkit._version import __version__
from budgetkit.cli.common import COMMANDS
from budgetkit.errors import BudgetkitError


def _load_commands() -> None:
    """Import every module of :mod:`budgetkit.cli.commands`; each registers its sub-command."""
    from budgetkit.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = argparse.ArgumentParser(prog="budgetkit", description="Chinese government budget disclosures as tidy data.")
    parser.add_argument("--version", action="version", version=f"budgetkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_arguments, _run) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][2](args)
    except BudgetkitError as exc:
        print(f"budgetkit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("budgetkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0
