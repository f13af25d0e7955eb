"""``budgetkit parse PATH... [--out DIR] [--json]``: disclosures to tidy lines."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import command, expand_inputs, write_json


@command("parse", "read disclosures into tidy lines (Parquet and CSV)")
def _parse(args: argparse.Namespace) -> int:
    from ..document import read
    from ..export import write_document

    summaries = []
    for path in expand_inputs(args.paths):
        doc = read(path)
        written = write_document(doc, Path(args.out))
        summary = doc.summary() | {"outputs": [str(p) for p in written]}
        summaries.append(summary)
        if not args.json:
            print(f"{path}: {doc.department} {doc.year} {doc.phase}: {len(doc.table_info)} tables, "
                  f"{len(doc.lines)} lines -> {written[0]}")
            for warning in doc.warnings:
                print(f"  warning: {warning}")
    if args.json:
        write_json({"documents": summaries})
    return 0


@_parse.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="disclosure files or folders")
    parser.add_argument("--out", default="data/processed", help="output folder (default: data/processed)")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
