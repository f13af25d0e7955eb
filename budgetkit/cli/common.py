"""What the sub-commands share: their registry, the reading arguments, disclosures from paths, JSON out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from budgetkit.errors import BudgetkitError, SourceError

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
    """Files named on the command line; a folder stands for the ``.txt`` / ``.pdf`` files in it."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir()
                           if f.suffix.lower() in INPUT_SUFFIXES and f.is_file() and not f.name.startswith("."))
            if not found:
                raise SourceError(f"{p}: no .txt or .pdf disclosure in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """``--group``, ``--engine`` and the identity overrides, as every reading command takes them."""
    parser.add_argument("--group", choices=("auto", "each", "all"), default="auto",
                        help="how files make disclosures: by the department, year, phase and level they state "
                             "(auto), one per file (each), or all files one disclosure (all)")
    parser.add_argument("--engine", choices=("pdfium", "pdfplumber", "tabula"), default=None,
                        help="PDF table engine (default: pdfium)")
    add_identity_arguments(parser)


def add_identity_arguments(parser: argparse.ArgumentParser) -> None:
    """``--department``, ``--year``, ``--phase``, ``--level``: override what the files state."""
    parser.add_argument("--department", help="the department, whatever the files state")
    parser.add_argument("--year", type=int, help="the budget year, whatever the files state")
    parser.add_argument("--phase", choices=("budget", "final"), help="预算 (budget) or 决算 (final)")
    parser.add_argument("--level", choices=("department", "unit"), help="部门 (department) or 单位 (unit) document")


def identity_overrides(args: argparse.Namespace) -> dict:
    """The identity overrides given on the command line (absent ones as ``None``)."""
    return {k: getattr(args, k, None) for k in ("department", "year", "phase", "level")}


def each_disclosure(paths: Sequence[str], args: argparse.Namespace, failures: list | None = None):
    """Every disclosure among ``paths`` (files or folders), read; one that cannot be read gets
    one line on stderr naming it (and goes to ``failures``) and the others still come."""
    from budgetkit.tidy.document import read_each

    for sources, item in read_each(expand_inputs(paths), getattr(args, "group", "auto"),
                                   engine=getattr(args, "engine", None), **identity_overrides(args)):
        if isinstance(item, BudgetkitError):
            report_failure(item)
            if failures is not None:
                failures.append({"source": list(sources), "error": str(item)})
            continue
        yield item


def report_failure(error: BudgetkitError) -> None:
    """One line on stderr for a disclosure that could not be read."""
    message = " ".join(str(error).split())
    print(f"budgetkit: error: {message}", file=sys.stderr)
    sys.stderr.flush()


def one_disclosure(paths: Sequence[str], **overrides):
    """The one disclosure that ``paths`` (its files, or a folder of them) hold: ``(files, document)``.

    Raises
    ------
    SourceError
        The paths hold no disclosure or several.
    BudgetkitError
        Its files cannot be read.
    """
    from budgetkit.tidy.document import read_each

    found = list(read_each(expand_inputs(paths), **overrides))
    if len(found) != 1:
        listed = "; ".join(" + ".join(Path(s).name for s in sources) for sources, _ in found[:3])
        more = " …" if len(found) > 3 else ""
        raise SourceError(f"{' '.join(paths)}: holds {len(found)} disclosures ({listed}{more}); give one")
    sources, item = found[0]
    if isinstance(item, BudgetkitError):
        raise item
    return list(sources), item


def write_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
