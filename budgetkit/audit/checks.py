"""check(doc): every rule family of the audit run over one document."""

from __future__ import annotations

from budgetkit.audit.claims import claims
from budgetkit.audit.completeness import check_completeness, check_naming
from budgetkit.audit.cross import check_cross
from budgetkit.audit.engine import Auditor
from budgetkit.audit.prose import check_claims, check_text, check_three_public_blank
from budgetkit.audit.result import (
    Audit,
    findings_frame,
    identities_frame,
)
from budgetkit.audit.within import (
    check_columns_and_hierarchy,
    check_rows,
    check_three_public,
    check_two_sided,
    check_units,
)


def check(doc) -> Audit:
    """Audit a document: every rule of :data:`budgetkit.audit.rules.RULES` its tables allow.

    Parameters
    ----------
    doc
        A :class:`~budgetkit.tidy.document.BudgetDocument` (``budgetkit.read``).

    Returns
    -------
    Audit
        ``findings`` (a DataFrame, one row per finding), ``checked`` and ``held``
        (numeric identities), ``counts`` by severity.

    Examples
    --------
    >>> audit = budgetkit.check(budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt"))  # doctest: +SKIP
    >>> audit.findings.query("severity == 'warning'")[["rule", "message"]]  # doctest: +SKIP
    """
    a = Auditor(doc)
    check_rows(a)
    check_columns_and_hierarchy(a)
    check_two_sided(a)
    check_units(a)
    check_three_public(a)
    check_cross(a)
    stated = claims(doc)
    check_claims(a, stated)
    check_three_public_blank(a, stated)
    check_text(a)
    check_naming(a)
    check_completeness(a)
    return Audit(findings=findings_frame(a.findings), checked=a.checked, held=a.held, sources=tuple(doc.sources),
                 identities=identities_frame(a.results))
