"""``budgetkit report CURRENT... [--previous PREVIOUS...] [--out DIR] [--lang zh|en]``."""

from __future__ import annotations

import argparse

from ..cli import command


@command("report", "execute the report notebook for one disclosure and export it as HTML")
def _report(args: argparse.Namespace) -> int:
    from ..report import render

    made = render(args.current, args.previous or (), out=args.out, lang=args.lang)
    print(f"report: {made.html}")
    print(f"notebook: {made.notebook}")
    return 0


@_report.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("current", nargs="+", metavar="CURRENT", help="the files of one disclosure")
    parser.add_argument("--previous", nargs="+", metavar="PREVIOUS",
                        help="the same department's disclosure of the year before")
    parser.add_argument("--out", default="reports", help="output folder (default: reports)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language (default: zh)")
