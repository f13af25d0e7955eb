"""``budgetkit batch DIR [--out DIR] [--jobs N] [--scheduler ADDRESS] [--force]``."""

from __future__ import annotations

import argparse

from budgetkit.cli.common import command


@command("batch", "read every disclosure in a folder, store the dataset and make every report")
def _batch(args: argparse.Namespace) -> int:
    from budgetkit.batch import Progress, describe, run

    result = run(args.folder, out=args.out, processed=args.processed, jobs=args.jobs, scheduler=args.scheduler,
                 force=args.force, lang=args.lang, progress=Progress(enabled=not args.quiet))
    for line in describe(result):
        print(line)
    return result.exit_code


@_batch.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="folder of disclosures (.txt, .pdf)")
    parser.add_argument("--out", default="reports", help="report folder (default: reports)")
    parser.add_argument("--processed", default="data/processed",
                        help="dataset folder for the tidy lines (default: data/processed)")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default: 1)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (tcp://host:8786)")
    parser.add_argument("--force", action="store_true", help="redo reports that are up to date")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language (default: zh)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress output")
