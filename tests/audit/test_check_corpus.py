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
    "sh-putuo-finance-2024-final": ("sh-putuo-finance-2024-final.pdf",),
}

# (rule, item, expected, actual), verified in the printed text.
KNOWN = {
    # "基本支出预算数为12323.46万元" while the tables and the next paragraph print 12,323.48.
    "js-procuratorate-2017": [("claim_amount", "basic", "12323.48", "12323.46"),
                              # "比2016年增加3401.59万元，增长129.97%": 3401.59 / 2630.96 = 129.29%.
                              ("claim_percent", "office_operation", "129.29", "129.97")],
    # "各增加3,958.67万元，增长21.95%": 3958.67 / 17996.68 = 22.00%; p.26, three 项 paragraphs: 2915.22 / 7968.14
    # = 36.59% (printed 36.58%), 21.8 / 3644.2 = 0.60% (0.06%), 134 / 2029 = 6.60% (0.66%).
    "js-procuratorate-2018": [("claim_percent", "income_expenditure_total", "22.00", "21.95"),
                              ("claim_percent", "function", "36.59", "36.58"),
                              ("claim_percent", "function", "0.60", "0.06"),
                              ("claim_percent", "function", "6.60", "0.66")],
    # narrative p.8: "行政运行（项）支出6106.99万元，与上年相比增加101.48万元，增长1.66%" (1.69%).
    "js-party-office-2017": [("claim_percent", "function", "1.69", "1.66")],
    # p.6: "比2022年预算执行数增加314.82%" from 11.67 to 45.41 (289.12%); p.7: "增加60.54%" from 132.59 to
    # 220.63 (66.40%; the paragraph's own 2023年预算安排441.25万元 gives neither).
    "sh-putuo-wanli-2023": [("claim_percent", "function", "289.12", "314.82"),
                            ("claim_percent", "function", "66.40", "60.54"),
                            ("claim_restated", "function", "220.63", "441.25")],
    # p.9: "住房公积金（项）”350.35万元 … 2024年预算安排352.67万元" (its 0.53% follows from 350.35).
    "sh-putuo-wanli-2024": [("claim_restated", "function", "350.35", "352.67")],
    # p.7, printed again on p.8: "…职业年金缴费支出（项）”887.36万元" for the table's 87.3617.
    "sh-putuo-finance-2025": [("claim_digit", "function", "87.3617", "887.36"),
                              ("claim_digit", "function", "87.3617", "887.36")],
    # PDF p.21: "财政拨款收入支出总计0.3万元" (the table's 总计 is 2,961.68 on both sides); "一般公共服务支出
    # （类）2106.66万元，占71.73%" of 2,940.05 (71.65%).
    "sh-putuo-finance-2024-final": [("claim_amount", "fiscal_total", "2961.68", "0.3"),
                                    ("claim_share", "function", "71.65", "71.73")],
}
# (identities checked, held, findings by severity), measured on the current reader; a change in
# what is read or checked shows here as a changed count, to be explained before it is updated.
COUNTS = {
    "sh-putuo-wanli-2023": (931, 927, {"info": 20, "error": 3, "warning": 1}),
    "sh-putuo-wanli-2024": (1043, 1042, {"info": 19, "error": 1}),
    "sh-putuo-govoffice-2025": (245, 245, {"info": 7}),
    "sh-putuo-commerce-2025": (361, 361, {"info": 17}),
    "sh-putuo-finance-2025": (254, 252, {"info": 18, "error": 2}),
    "js-party-office-2017": (84, 83, {"error": 1, "warning": 1}),
    "js-party-office-2018": (90, 90, {"info": 1}),
    "js-procuratorate-2017": (81, 79, {"error": 2, "warning": 1}),
    "js-procuratorate-2018": (73, 69, {"info": 5, "error": 4}),
    "js-npc-office-2017": (72, 72, {"warning": 1, "info": 1}),
    "js-npc-office-2018": (105, 105, {"warning": 4, "info": 2}),
    "sh-putuo-finance-2024-final": (240, 238, {"info": 12, "error": 2, "warning": 1}),
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


def test_final_narrative_errors_name_their_pages(audits):
    # sh-putuo-finance-2024-final: both sentences on PDF p.21; the 总计 they contradict on p.13.
    errors = _audit(audits, "sh-putuo-finance-2024-final").errors.set_index("rule")
    assert (errors.loc["claim_amount", "page"], errors.loc["claim_amount", "page2"]) == (21, 13)
    assert errors.loc["claim_share", "page"] == 21


def test_final_item_paragraphs_checked_against_their_rows(audits):
    # p.22: eleven 项 paragraphs, each 决算数 equal to its row of the 一般公共预算财政拨款支出决算表 (p.15) and
    # each 决算数小于/基本持平 word borne out by its 年初预算.
    ids = _audit(audits, "sh-putuo-finance-2024-final").identities
    items = ids[(ids["item"] == "function") & (ids["code"].str.len() == 7)]
    amounts = items[items["rule"] == "claim_amount"]
    assert len(amounts) == 11 and set(amounts["outcome"]) == {"exact"} and set(amounts["page2"]) == {15}
    comparisons = items[items["rule"] == "claim_comparison"]
    assert len(comparisons) == 8 and set(comparisons["outcome"]) == {"exact"}
