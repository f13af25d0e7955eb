"""The audit on the real documents of ../shared/corpus (skipped only when the corpus is absent:
a document that stops reading, or reads into other sums, fails here).

The errors listed here were verified by hand against the printed documents: each is a
sentence of the 情况说明 whose figure or percentage does not follow from the document's
own numbers.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import budgetkit

pytestmark = pytest.mark.corpus

DOCUMENTS = {
    "sh-putuo-wanli-2023": ("sh-putuo-wanli-2023-budget.pdf",),
    "sh-putuo-wanli-2024": ("sh-putuo-wanli-2024-budget.pdf",),
    "sh-putuo-govoffice-2025": ("sh-putuo-govoffice-2025-budget.pdf",),
    "sh-putuo-commerce-2025": ("sh-putuo-commerce-2025-budget.pdf",),
    "sh-putuo-finance-2025": ("sh-putuo-finance-2025-budget.pdf",),
    "js-party-office-2017": ("js-party-office-2017-narrative.pdf", "js-party-office-2017-tables.pdf"),
    "js-party-office-2018": ("js-party-office-2018-narrative.pdf", "js-party-office-2018-tables.pdf"),
    "js-procuratorate-2017": ("js-procuratorate-2017-budget.pdf",),
    "js-procuratorate-2018": ("js-procuratorate-2018-budget.pdf",),
    "js-npc-office-2017": ("js-npc-office-2017-budget.pdf",),
    "js-npc-office-2018": ("js-npc-office-2018-budget.pdf",),
}

# (rule, item, expected, actual), verified in the printed text.
KNOWN = {
    # "基本支出预算数为12323.46万元" while the tables and the next paragraph print 12,323.48.
    "js-procuratorate-2017": [("claim_amount", "basic", "12323.48", "12323.46"),
                              # "比2016年增加3401.59万元，增长129.97%": 3401.59 / 2630.96 = 129.29%.
                              ("claim_percent", "office_operation", "129.29", "129.97")],
    # "各增加3,958.67万元，增长21.95%": 3958.67 / 17996.68 = 22.00%.
    "js-procuratorate-2018": [("claim_percent", "income_expenditure_total", "22.00", "21.95")],
}
# (identities checked, held, findings by severity), measured on the current reader; a change in
# what is read or checked shows here as a changed count, to be explained before it is updated.
COUNTS = {
    "sh-putuo-wanli-2023": (799, 798, {"info": 7, "warning": 1}),
    "sh-putuo-wanli-2024": (917, 917, {"info": 7}),
    "sh-putuo-govoffice-2025": (245, 245, {"info": 7}),
    "sh-putuo-commerce-2025": (345, 345, {"info": 7}),
    "sh-putuo-finance-2025": (238, 238, {"info": 7}),
    "js-party-office-2017": (65, 65, {"warning": 1}),
    "js-party-office-2018": (68, 68, {"warning": 1}),
    "js-procuratorate-2017": (69, 67, {"error": 2, "warning": 1}),
    "js-procuratorate-2018": (53, 52, {"error": 1, "warning": 1}),
    "js-npc-office-2017": (65, 65, {"warning": 1, "info": 1}),
    "js-npc-office-2018": (67, 67, {"warning": 1}),
}
# Documents whose every error is listed above (or that have none): a misreading is never an error.
EXACT = tuple(DOCUMENTS)


@pytest.fixture(scope="module")
def audits(corpus):
    out = {}
    for name, files in DOCUMENTS.items():
        paths = [corpus / f for f in files]
        assert all(p.exists() for p in paths), f"corpus document missing: {files}"
        # A document that stops reading fails here: the corpus is present, so it must read.
        out[name] = budgetkit.check(budgetkit.read(paths))
    return out


def _audit(audits, name):
    return audits[name]


def test_every_document_has_its_counts():
    assert set(COUNTS) == set(DOCUMENTS)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_audit_counts(audits, name):
    audit = _audit(audits, name)
    checked, held, severities = COUNTS[name]
    assert (audit.checked, audit.held) == (checked, held)
    assert audit.findings["severity"].value_counts().to_dict() == severities, audit.findings[["severity", "rule",
                                                                                              "message"]]


@pytest.mark.parametrize("name", list(KNOWN))
def test_known_document_errors_are_found(audits, name):
    errors = _audit(audits, name).errors
    got = {(r["rule"], r["item"], r["expected"], r["actual"]) for r in errors.to_dict("records")}
    for rule, item, expected, actual in KNOWN[name]:
        assert (rule, item, D(expected), D(actual)) in got, errors[["rule", "item", "expected", "actual"]]


@pytest.mark.parametrize("name", EXACT)
def test_no_other_errors(audits, name):
    errors = _audit(audits, name).errors
    assert len(errors) == len(KNOWN.get(name, [])), errors[["rule", "table", "code", "message"]]


def test_wanli_2023_gov_fund_change_implies_negative_previous(audits):
    # "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元" (copied from the line above it).
    f = _audit(audits, "sh-putuo-wanli-2023").findings
    hit = f[(f["rule"] == "claim_previous") & (f["item"] == "gov_fund_expenditure")]
    assert len(hit) == 1 and hit["actual"].iloc[0] == D("-1421.25")


def test_shanghai_narrative_in_wan_matches_tables_in_yuan(audits):
    # The tables print 元 (16,497,861.2…), the narrative 万元 rounded: a 尾差, never an error.
    f = _audit(audits, "sh-putuo-wanli-2024").findings
    claims = f[f["rule"] == "claim_amount"]
    assert set(claims["severity"]) <= {"info"}
