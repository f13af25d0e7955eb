"""The ``budgetkit`` command: a thin shell over the library.

Each sub-command parses its arguments, calls the library and prints. Every error of
the library's family ends the command with one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import BudgetkitError, SourceError

INPUT_SUFFIXES = (".txt", ".pdf")

#: name -> (help, add_arguments, run). Sub-commands register themselves here.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def command(name: str, help: str):
    """Register ``run(args) -> exit code`` as a sub-command; decorate ``add_arguments`` after."""

    def decorator(run):
        COMMANDS[name] = (help, lambda parser: None, run)
        run.arguments = lambda add: COMMANDS.__setitem__(name, (help, add, run)) or add
        return run

    return decorator


def expand_inputs(paths: Sequence[str]) -> list[Path]:
    """Files named on the command line; a folder stands for the disclosures in it."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in INPUT_SUFFIXES and f.is_file())
            if not found:
                raise SourceError(f"{p}: no .txt or .pdf disclosure in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def write_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _load_commands() -> None:
    """Import every module of :mod:`budgetkit.commands`; each registers its sub-command."""
    from . import commands

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
