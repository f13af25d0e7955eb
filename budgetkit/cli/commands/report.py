"""``budgetkit report CURRENT... [--previous PREVIOUS...] [--plan PLAN...] [--out DIR] [--lang zh|en]``.

CURRENT and PREVIOUS are each one disclosure: its files (a narrative PDF and its tables PDF)
or a folder holding them, grouped as ``budgetkit parse`` groups files.
"""

from __future__ import annotations

import argparse

from budgetkit.cli.common import command, one_disclosure


@command("report", "execute the report notebook for one disclosure and export it as HTML")
def _report(args: argparse.Namespace) -> int:
    from budgetkit.report.run import render

    current, _ = one_disclosure(args.current)
    previous = one_disclosure(args.previous)[0] if args.previous else ()
    plan = one_disclosure(args.plan)[0] if args.plan else ()
    made = render(current, previous, out=args.out, lang=args.lang, plan=plan)
    print(f"report: {made.html}")
    print(f"notebook: {made.notebook}")
    return 0


@_report.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("current", nargs="+", metavar="CURRENT", help="one disclosure: its files, or a folder holding them")
    parser.add_argument("--previous", nargs="+", metavar="PREVIOUS",
                        help="the same department's disclosure of the year before (its files or folder)")
    parser.add_argument("--plan", nargs="+", metavar="PLAN",
                        help="for a 决算: the same department's 预算 of its year (files or folder), its plan")
    parser.add_argument("--out", default="reports", help="output folder (default: reports)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language (default: zh)")
