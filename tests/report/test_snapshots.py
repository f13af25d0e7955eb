"""The report's HTML, block by block, and the index page, pinned as snapshots.

Each block of the seed's report (zh and en) and the index of a small batch are compared
with ``tests/report/__snapshots__/test_snapshots.ambr``: a change to the markup or the
words shows as a diff to review, and ``pytest --snapshot-update`` records it once it is
meant. The blocks chosen hold no date, path or version, so a snapshot changes only when
what the report says changes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import budgetkit
from budgetkit import report
from budgetkit.report.index import index_html


@pytest.fixture(scope="module")
def audit(seed):
    return budgetkit.check(seed)


@pytest.fixture(scope="module")
def yoy(seed):
    return report.year_over_year(seed)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("block", ["overview", "tables_read", "classification", "audit_summary", "findings",
                                   "narrative", "projects"])
def test_report_block(block, lang, seed, audit, yoy, snapshot):
    make = {
        "overview": lambda: report.overview(seed, lang),
        "tables_read": lambda: report.tables_read(seed, lang),
        "classification": lambda: report.classification(seed, yoy, lang),
        "audit_summary": lambda: report.audit_summary(audit, lang),
        "findings": lambda: report.findings(audit, lang, doc=seed),
        "narrative": lambda: report.narrative(yoy, lang, doc=seed),
        "projects": lambda: report.projects(seed, lang),
    }[block]
    assert str(make()) == snapshot


def test_index_page(snapshot):
    records = [
        {"key": "a-2023", "department": "生成测试甲局", "year": 2023, "phase": "budget", "status": "ok",
         "stem": "生成测试甲局-2023-budget", "sources": ["a-2023.txt"], "income_total": Decimal("1564.22"),
         "expenditure_total": Decimal("1564.22"), "previous_year": 2022,
         "previous_expenditure_total": Decimal("1434.81"), "change": Decimal("129.41"), "change_pct": Decimal("9.02"),
         "errors": 0, "warnings": 3, "infos": 9, "reading_notes": 1, "report": "生成测试甲局-2023-budget.html"},
        {"key": "b-2023", "department": "<b>生成测试乙局</b>", "year": 2023, "phase": "final", "status": "failed",
         "sources": ["b-2023-narrative.pdf", "b-2023-tables.pdf"], "error": "no budget table on any page"},
    ]
    assert index_html(records) == snapshot
