"""``budgetkit parse PATH... [--out DIR] [--json] [--group auto|each|all]``: disclosures to tidy lines.

The files given are grouped into disclosures first: a narrative PDF and a tables PDF of
one department, year and phase are read as one document (``--group auto``, the default);
``--group each`` reads every file alone, ``--group all`` reads all of them as one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import command, expand_inputs, write_json


@command("parse", "read disclosures into tidy lines (Parquet and CSV)")
def _parse(args: argparse.Namespace) -> int:
    from ..document import build, group_raws, load_raw
    from ..export import write_document

    raws = [load_raw(path, engine=args.engine) for path in expand_inputs(args.paths)]
    summaries = []
    for group in group_raws(raws, how=args.group):
        doc = build(group)
        written = write_document(doc, Path(args.out))
        summary = doc.summary() | {"outputs": [str(p) for p in written]}
        summaries.append(summary)
        if not args.json:
            names = " + ".join(doc.sources)
            print(f"{names}: {doc.department} {doc.year} {doc.phase}: {len(doc.table_info)} tables, "
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
    parser.add_argument("--group", choices=("auto", "each", "all"), default="auto",
                        help="how files make disclosures: by department/year/phase (auto), one per file "
                             "(each), or all files one disclosure (all)")
    parser.add_argument("--engine", choices=("pdfium", "pdfplumber", "tabula"), default=None,
                        help="PDF table engine (default: pdfium)")
