"""``budgetkit evaluate DIR [--json]``: read every document of a folder and say how well.

Per document: pages, tables found by kind against the kinds its regional layout
publishes, lines, the accounting identities checked and holding, and parse seconds
(:mod:`budgetkit.audit.evaluate`). Files are grouped into disclosures as every command groups
them. A disclosure that cannot be read is listed with its error and gets one line on
stderr; exit code 2 only when none could be read.
"""

from __future__ import annotations

import argparse
import sys

from budgetkit.cli.common import command, expand_inputs, write_json


@command("evaluate", "read every disclosure in a folder; tables found, identities holding, seconds")
def _evaluate(args: argparse.Namespace) -> int:
    from budgetkit.audit.evaluate import Unread, evaluate, markdown

    results = evaluate(expand_inputs(args.paths), group=args.group, engine=args.engine)
    if args.json:
        write_json({"documents": [r.as_dict() for r in results]})
    else:
        print(markdown(results))
        for r in results:
            if isinstance(r, Unread):
                continue
            for f in r.failures[: args.failures]:
                print(f"  {' + '.join(r.source)}: {f['table']} {f['what']}: {f['left']} vs {f['right']} "
                      f"(p.{','.join(map(str, f['pages']))})")
    for r in results:
        if isinstance(r, Unread):
            print(f"budgetkit: error: {' '.join(r.error.split())}", file=sys.stderr)
    return 0 if any(not isinstance(r, Unread) for r in results) else 2


@_evaluate.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="DIR", help="a folder of disclosures (or files)")
    parser.add_argument("--json", action="store_true", help="print the evaluation as JSON")
    parser.add_argument("--group", choices=("auto", "each", "all"), default="auto",
                        help="how files make disclosures (see budgetkit parse)")
    parser.add_argument("--engine", choices=("pdfium", "pdfplumber", "tabula"), default=None,
                        help="PDF table engine (default: pdfium)")
    parser.add_argument("--failures", type=int, default=5, metavar="N",
                        help="identity failures to list per document (default 5)")
