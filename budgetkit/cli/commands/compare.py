"""``budgetkit compare PREVIOUS CURRENT [--lang zh|en] [--json]``: year over year."""

from __future__ import annotations

import argparse
from pathlib import Path

from budgetkit.cli.common import command, one_disclosure, write_json
from budgetkit.errors import SourceError

_LINE_SUFFIXES = (".parquet", ".csv")


def load_side(path: str):
    """A disclosure (a file, or a folder holding one disclosure's files) or tidy lines written by ``parse``."""
    from budgetkit.dataset import read_lines

    p = Path(path)
    if p.suffix.lower() in _LINE_SUFFIXES:
        if not p.is_file():
            raise SourceError(f"{p}: no such file")
        return read_lines(p)
    return one_disclosure([path])[1]


def paths_to_sides(paths: list[str], from_narrative: bool) -> tuple:
    """(previous, current) from the command line's paths."""
    from budgetkit.comparison.previous import previous_from_narrative
    from budgetkit.tidy.document import BudgetDocument

    want = 1 if from_narrative else 2
    if len(paths) != want:
        usage = "CURRENT (with --from-narrative)" if from_narrative else "PREVIOUS CURRENT"
        raise SourceError(f"give {usage}: got {len(paths)} path(s)")
    if not from_narrative:
        return load_side(paths[0]), load_side(paths[1])
    current = load_side(paths[0])
    if not isinstance(current, BudgetDocument):
        raise SourceError("--from-narrative needs the disclosure itself (its narrative), not tidy lines")
    return previous_from_narrative(current), current


def frame_to_rows(frame) -> list[dict]:
    """JSON-ready rows: exact decimals as text ("1434.81"), missing values as null."""
    from decimal import Decimal

    import pandas as pd

    from budgetkit._format import exact_amount

    def value(v):
        if v is None or v is pd.NA:
            return None
        return exact_amount(v) if isinstance(v, Decimal) else v

    return [{k: value(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]


@command("compare", "compare two years of a department: the narrative, or the year-over-year frame as JSON")
def _compare(args: argparse.Namespace) -> int:
    from budgetkit.comparison.join import compare
    from budgetkit.narrative.sentences import narrate

    previous, current = paths_to_sides(args.paths, args.from_narrative)
    yoy = compare(previous, current)
    sentences = narrate(yoy, lang=args.lang)
    if args.json:
        write_json({"sentences": sentences, "rows": frame_to_rows(yoy)})
    else:
        print("\n".join(sentences))
    return 0


@_compare.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="PREVIOUS CURRENT: two disclosures (a file, a folder holding one disclosure's "
                             "files, or the Parquet/CSV lines of `budgetkit parse`)")
    parser.add_argument("--from-narrative", action="store_true",
                        help="give only CURRENT: the previous year's headline figures come from its narrative")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the sentences (default: zh)")
    parser.add_argument("--json", action="store_true",
                        help='print {"sentences": [...], "rows": [...]} (the year-over-year frame)')
