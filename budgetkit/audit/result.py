"""The audit's result: findings and identities as frames, with their JSON and HTML."""

from __future__ import annotations

import html
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from budgetkit._format import evidence_amount
from budgetkit.audit.rules import RULES
from budgetkit.tidy.schema import AMOUNT_DTYPE

#: Columns of the identities frame (``Audit.identities``), in order.
IDENTITY_COLUMNS = ("rule", "outcome", "what", "table", "table2", "code", "measure", "unit", "item", "expected",
                    "actual", "difference", "tolerance", "page", "page2", "rows")


#: Columns of the findings frame, in order.
FINDING_COLUMNS = ("rule", "severity", "message", "table", "table2", "code", "measure", "unit", "item",
                   "expected", "actual", "difference", "tolerance", "page", "page2", "rows")


SEVERITIES = ("error", "warning", "info")


_DECIMAL_COLUMNS = ("expected", "actual", "difference", "tolerance")


_RULE_ORDER = {r.id: i for i, r in enumerate(RULES)}


@dataclass(frozen=True)
class Audit:
    """The result of :func:`check`.

    Attributes
    ----------
    findings
        One row per finding: ``rule``, ``severity`` (``error`` / ``warning`` / ``info``),
        ``message`` (Chinese), ``table`` / ``table2`` (kinds), ``code``, ``measure``,
        ``unit``, ``item``, ``expected``, ``actual``, ``difference`` (actual − expected),
        ``tolerance`` (exact decimals, 万元, nullable), ``page`` / ``page2`` and ``rows``
        (row numbers in ``table``, as in the tidy lines).
    checked, held
        Numeric identities evaluated, and how many held (exactly or within tolerance).
    sources
        The files the document was read from.
    identities
        One row per identity checked: ``rule``, ``outcome`` (``exact``, ``rounding``: within
        the 尾差, or ``failed``), ``what`` (Chinese) and the evidence columns of the findings.
        An identity whose one side prints no line is not checked and is not here.
    """

    findings: pd.DataFrame
    checked: int
    held: int
    sources: tuple[str, ...] = field(default=())
    identities: pd.DataFrame = field(default_factory=lambda: identities_frame([]))

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity: ``{"error": n, "warning": n, "info": n}``."""
        found = self.findings["severity"].value_counts()
        return {s: int(found.get(s, 0)) for s in SEVERITIES}

    @property
    def errors(self) -> pd.DataFrame:
        """The ``error`` findings."""
        return self.findings[self.findings["severity"] == "error"].reset_index(drop=True)

    def to_dict(self) -> dict:
        """JSON-ready: ``{"source": [...], "identities": {...}, "counts": {...}, "findings": [...]}``."""
        records = []
        for rec in self.findings.to_dict("records"):
            records.append({k: _jsonable(v) for k, v in rec.items()})
        return {"source": list(self.sources), "identities": {"checked": self.checked, "held": self.held},
                "counts": self.counts, "findings": records}

    def __repr__(self) -> str:
        c = self.counts
        return (f"<Audit {self.checked} identities checked, {self.held} held: {c['error']} errors, "
                f"{c['warning']} warnings, {c['info']} info>")

    def _repr_html_(self) -> str:
        return findings_html(self.findings, self.checked, self.held, self.counts)


def _jsonable(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "item"):
        return value.item()
    return value


def findings_html(findings: pd.DataFrame, checked: int, held: int, counts: dict[str, int]) -> str:
    """Findings as a sortable HTML table (click a header to sort), text escaped."""
    esc = html.escape
    table_id = f"bk-audit-{uuid.uuid4().hex[:8]}"
    shown = ("severity", "rule", "message", "table", "code", "measure", "unit", "expected", "actual",
             "difference", "page")
    head = "".join(
        f"<th style='cursor:pointer' onclick=\"bkSort('{table_id}',{i})\">{esc(c)}</th>" for i, c in enumerate(shown)
    )
    colour = {"error": "#c0392b", "warning": "#b9770e", "info": "#555"}
    body = []
    for rec in findings.to_dict("records"):
        cells = []
        for c in shown:
            v = rec.get(c)
            text = "" if v is None or v is pd.NA else (evidence_amount(v) if isinstance(v, Decimal) else str(v))
            style = f" style='color:{colour.get(text, 'inherit')}'" if c == "severity" else (
                " style='text-align:right'" if c in _DECIMAL_COLUMNS or c == "page" else "")
            cells.append(f"<td{style}>{esc(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    script = (
        "<script>function bkSort(id,col){var t=document.getElementById(id),b=t.tBodies[0],"
        "r=Array.from(b.rows),d=t.dataset.dir==='a'?-1:1;t.dataset.dir=d>0?'a':'d';"
        "r.sort(function(x,y){var p=x.cells[col].innerText,q=y.cells[col].innerText,"
        "m=parseFloat(p.replace(/,/g,'')),n=parseFloat(q.replace(/,/g,''));"
        "if(!isNaN(m)&&!isNaN(n))return d*(m-n);return d*p.localeCompare(q,'zh');});"
        "r.forEach(function(x){b.appendChild(x);});}</script>"
    )
    summary = (f"<p>{checked} identities checked, {held} held · errors {counts['error']} · "
               f"warnings {counts['warning']} · info {counts['info']}</p>")
    return (f"<div class='budgetkit-audit'>{summary}<table id='{table_id}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{script}</div>")


def findings_frame(records: list[dict]) -> pd.DataFrame:
    """Finding records → the findings frame (exact decimals, nullable pages), sorted by severity."""
    frame = pd.DataFrame.from_records(records, columns=list(FINDING_COLUMNS))
    for col in _DECIMAL_COLUMNS:
        frame[col] = pd.array([None if v is None or (not isinstance(v, Decimal) and pd.isna(v)) else Decimal(v).quantize(Decimal("0.000001")) for v in frame[col]],
                              dtype=AMOUNT_DTYPE)
    for col in ("page", "page2"):
        frame[col] = pd.array([None if v is None or v == "" or pd.isna(v) else int(v) for v in frame[col]], dtype="Int64")
    for col in ("rule", "severity", "message", "table", "table2", "code", "measure", "unit", "item", "rows"):
        frame[col] = frame[col].fillna("").astype(str)
    order = frame.assign(_s=frame["severity"].map(SEVERITIES.index), _r=frame["rule"].map(_RULE_ORDER))
    order = order.sort_values(["_s", "_r", "page"], kind="stable", na_position="last")
    return order.drop(columns=["_s", "_r"]).reset_index(drop=True)


def identities_frame(records: list[dict]) -> pd.DataFrame:
    """Identity records → the identities frame (exact decimals, nullable pages), in the order checked."""
    frame = pd.DataFrame.from_records(records, columns=list(IDENTITY_COLUMNS))
    for col in _DECIMAL_COLUMNS:
        frame[col] = pd.array([Decimal(v).quantize(Decimal("0.000001")) if isinstance(v, Decimal) else None
                               for v in frame[col]], dtype=AMOUNT_DTYPE)
    for col in ("page", "page2"):
        frame[col] = pd.array([None if v is None or v == "" or pd.isna(v) else int(v) for v in frame[col]],
                              dtype="Int64")
    for col in ("rule", "outcome", "what", "table", "table2", "code", "measure", "unit", "item", "rows"):
        frame[col] = frame[col].fillna("").astype(str)
    return frame


def audit_json(audits: list[Audit]) -> str:
    """Audits as the JSON the ``check`` command prints."""
    return json.dumps({"documents": [x.to_dict() for x in audits]}, ensure_ascii=False, indent=2)
