"""``budgetkit parse PATH... [--out DIR] [--json] [--group auto|each|all]``: disclosures to tidy lines.

The files given (or the files of the folders given) are grouped into disclosures first:
files stating one department, year, phase and level — a narrative PDF and its tables PDF
— are read as one document (``--group auto``, the default, :func:`budgetkit.tidy.document.group_raws`);
``--group each`` reads every file alone, ``--group all`` reads all of them as one. A
disclosure that cannot be read gets one line on stderr and the others are still written;
exit code 2 only when none could be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from budgetkit.cli.common import add_reading_arguments, command, each_disclosure, write_json


@command("parse", "read disclosures into tidy lines (Parquet and CSV)")
def _parse(args: argparse.Namespace) -> int:
    from budgetkit.dataset.files import write_document

    summaries, failures = [], []
    for doc in each_disclosure(args.paths, args, failures):
        written = write_document(doc, Path(args.out))
        summary = doc.summary() | {"outputs": [str(p) for p in written]}
        summaries.append(summary)
        if not args.json:
            names = " + ".join(doc.sources)
            print(f"{names}: {doc.department} {doc.year} {doc.phase}: {len(doc.table_info)} tables, "
                  f"{len(doc.lines)} lines -> {written[0]}")
            for warning in doc.warnings:
                print(f"  warning: {warning}")
    if args.json and summaries:
        write_json({"documents": summaries, "failed": failures})
    return 0 if summaries else 2


@_parse.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="disclosure files or folders")
    parser.add_argument("--out", default="data/processed", help="output folder (default: data/processed)")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    add_reading_arguments(parser)
