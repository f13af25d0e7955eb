"""``budgetkit check PATH... [--json]``: audit disclosures; exit 1 when any error is found."""

from __future__ import annotations

import argparse
import sys

from ..cli import command, expand_inputs, write_json

_SHOWN = ("severity", "rule", "table", "code", "measure", "unit", "page", "message")


def audit_to_text(audit) -> str:
    """An audit as readable lines: one summary line, then one line per finding."""
    c = audit.counts
    lines = [f"  {audit.checked} identities checked, {audit.held} held; "
             f"{c['error']} errors, {c['warning']} warnings, {c['info']} info"]
    for rec in audit.findings.to_dict("records"):
        where = " ".join(str(rec[k]) for k in ("table", "code", "unit") if rec[k])
        page = f" p.{rec['page']}" if rec["page"] is not None and rec["page"] == rec["page"] else ""
        lines.append(f"  {rec['severity']:<7} {rec['rule']:<24} {where}{page}: {rec['message']}")
    return "\n".join(lines)


@command("check", "audit disclosures: arithmetic, hierarchy, cross-table and narrative checks")
def _check(args: argparse.Namespace) -> int:
    from ..check import check
    from ..document import read

    audits = []
    for path in expand_inputs(args.paths):
        audit = check(read(path))
        audits.append(audit)
        if not args.json:
            print(f"{path}:")
            print(audit_to_text(audit))
            sys.stdout.flush()
    if args.json:
        write_json({"documents": [a.to_dict() for a in audits]})
    return 1 if any(a.counts["error"] for a in audits) else 0


@_check.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="disclosure files or folders")
    parser.add_argument("--json", action="store_true",
                        help='print {"documents": [{"source", "identities", "findings"}]} as JSON')
