"""``budgetkit check PATH... [--json]``: audit disclosures.

PATH is a disclosure's file(s) or a folder: every disclosure in it is audited (files
grouped as ``budgetkit parse`` groups them). One that cannot be read gets one line on
stderr naming it and the others are still audited. Exit code 1 when any ``error``
finding exists, 2 when no disclosure could be read, 0 otherwise.

With ``--json`` every finding carries ``box``: the page and the rectangles of the cell or
sentence it is about (:func:`budgetkit.audit.locate.locate`). ``--annotate OUT`` also writes a
copy of each disclosure's PDF with its error and warning findings highlighted where they
are printed (:func:`budgetkit.audit.locate.annotate`): ``OUT`` is the copy's ``.pdf`` path when
one PDF is checked, otherwise a folder (``OUT`` without its ``.pdf``) that receives
``<name>.annotated.pdf`` per PDF.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budgetkit.cli.common import (
    add_reading_arguments,
    command,
    each_disclosure,
    expand_inputs,
    report_failure,
    write_json,
)
from budgetkit.errors import BudgetkitError


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
    from budgetkit.audit.checks import check
    from budgetkit.audit.locate import locate

    audits, documents, failures, annotated = [], [], [], []
    target = Path(args.annotate) if args.annotate else None
    pdfs = [p for p in expand_inputs(args.paths) if p.suffix.lower() == ".pdf"] if target is not None else []
    if target is not None and target.suffix.lower() == ".pdf" and len(pdfs) > 1:
        target = target.with_suffix("")  # several PDFs: their copies go in a folder of that name
    for doc in each_disclosure(args.paths, args, failures):
        audit = check(doc)
        audits.append(audit)
        boxes = locate(doc, audit.findings) if args.json or target is not None else None
        if args.json:
            documents.append(_with_boxes(audit, boxes))
        if target is not None:
            annotated.extend(_annotate(doc, audit, target, boxes))
        if not args.json:
            print(f"{' + '.join(doc.sources)}:")
            print(audit_to_text(audit))
            sys.stdout.flush()
    if not audits:
        return 2
    for path in annotated:
        print(f"annotated: {path}", file=sys.stderr)
    if args.json:
        write_json({"documents": documents, "failed": failures})
    return 1 if any(a.counts["error"] for a in audits) else 0


def _with_boxes(audit, boxes) -> dict:
    """The audit as JSON, each finding with ``box``: where it is printed (``{"source", "page",
    "rects": [[x0, top, x1, bottom], …]}`` in points from the page's top-left), or null."""
    out = audit.to_dict()
    for record, box in zip(out["findings"], boxes, strict=True):
        record["box"] = None if box is None else {
            "source": box.source, "page": box.page, "rects": [[round(v, 2) for v in r] for r in box.rects]}
    return out


def _annotate(doc, audit, out: Path, boxes) -> list[Path]:
    """The annotated copies of one disclosure's PDFs; a text disclosure says it has none."""
    from budgetkit.audit.locate import annotate

    try:
        return annotate(doc, audit, out, boxes=boxes)
    except BudgetkitError as exc:
        report_failure(exc)
        return []


@_check.arguments
def _(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="disclosure files or folders")
    parser.add_argument("--json", action="store_true",
                        help='print {"documents": [{"source", "identities", "findings" (each with its "box")}], "failed": '
                             '[{"source", "error"}]} as JSON')
    parser.add_argument("--annotate", metavar="OUT",
                        help="write the PDF with each error and warning highlighted where it is printed: OUT.pdf when one "
                             "PDF is checked, else a folder OUT of <name>.annotated.pdf")
    add_reading_arguments(parser)
