"""The rendered 决算 fixture: read back exactly, every 决算 identity holding, each one caught when broken."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest

import budgetkit
from budgetkit.reading.raw import RawTable
from budgetkit.tidy.rows import tables_to_records
from tests.fixtures.pdfs import render_final


@pytest.fixture(scope="module")
def final_pdf(tmp_path_factory):
    return render_final(tmp_path_factory.mktemp("final"))


@pytest.fixture(scope="module")
def final_doc(final_pdf):
    return budgetkit.read(final_pdf)


def _printed(tables) -> Counter:
    return Counter((t.kind, side, key, measure, amount) for t in tables for side, key, measure, amount in t.figures())


def _read(doc) -> Counter:
    return Counter((r.table, r.side, r.code or r.item, r.measure, r.amount) for r in doc.lines.itertuples())


def test_final_fixture_reads_every_printed_figure_exactly(final_doc, render_fixtures):
    assert (final_doc.department, final_doc.year, final_doc.phase) == (
        render_fixtures.FINAL_DEPARTMENT, render_fixtures.FINAL_YEAR, "final")
    assert [t.kind for t in final_doc.table_info] == [t.kind for t in render_fixtures.final_tables()]
    expected, read = _printed(render_fixtures.final_tables()), _read(final_doc)
    assert read == expected, {"missing": expected - read, "extra": read - expected}
    assert set(final_doc.lines["source_unit"]) == {"万元"}


def test_final_fixture_reads_the_template_rows(final_doc):
    lines = final_doc.lines
    overall = lines[lines["table"] == "overall"].set_index(["side", "item"])["amount"]
    # 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 = 本年支出合计 + 结余分配 + 年末结转和结余 = 总计
    assert overall[("income", "opening_balance")] + overall[("income", "income_subtotal")] + overall[
        ("income", "non_fiscal_balance_used")] == overall[("income", "income_total")] == Decimal("1495")
    assert overall[("expenditure", "expenditure_subtotal")] + overall[("expenditure", "balance_distribution")] + overall[
        ("expenditure", "closing_balance")] == overall[("expenditure", "expenditure_total")]
    plan = lines[(lines["table"] == "general_function") & (lines["item"] == "total")].set_index("measure")["amount"]
    assert (plan["budget"], plan["adjusted_budget"], plan["total"]) == (Decimal("1436"), Decimal("1444.77"),
                                                                       Decimal("1427"))


def test_final_fixture_every_identity_holds(final_doc):
    audit = budgetkit.check(final_doc)
    assert audit.counts["error"] == 0 and audit.counts["warning"] == 0, audit.findings
    assert audit.checked == audit.held
    rules = set(audit.identities["rule"])
    assert {"income_total", "expenditure_total", "balance", "income_subtotal", "expenditure_subtotal",
            "overall_vs_income", "overall_vs_expenditure", "hierarchy", "column_total", "row_total",
            "three_public_parts", "vehicle_parts", "fiscal_vs_general", "fiscal_by_class",
            "basic_vs_economic"} <= rules
    # Each 收支总表 is checked as a 决算 balances: both sides of both tables.
    sides = audit.identities[audit.identities["rule"].isin(["income_total", "expenditure_total", "balance"])]
    assert Counter(sides["table"]) == {"overall": 3, "fiscal_overall": 3}


def _with_cell(tables, kind: str, label: str, column: int, value: str):
    """``tables`` with one printed cell changed: in ``kind``, the row whose cells include ``label``."""
    out = []
    for t in tables:
        if t.kind == kind:
            rows = [list(r) for r in t.rows]
            row = next(r for r in rows if label in r)
            row[column] = value
            t = replace(t, rows=tuple(tuple(r) for r in rows))
        out.append(t)
    return tuple(out)


BROKEN = [
    # (identity, table, row label, column, printed value instead, the rule that must catch it)
    ("年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 = 总计", "overall", "年初结转和结余", 1, "41.00", "income_total"),
    ("本年支出合计 + 结余分配 + 年末结转和结余 = 总计", "overall", "结余分配", 3, "4.00", "expenditure_total"),
    ("收入总计 = 支出总计", "fiscal_overall", "总计", 3, "1,433.00", "balance"),
    ("本年收入合计 = 收入决算表合计", "income", "合计", 2, "1,460.00", "overall_vs_income"),
    ("收支总表各类 = 支出决算表各类", "expenditure", "208", 2, "145.60", "overall_vs_expenditure"),
    ("类 = Σ 款", "general_function", "20805", 4, "144.70", "hierarchy"),
    ("款 = Σ 项", "income", "2010505", 2, "151.00", "hierarchy"),
    ("“三公”经费 = 各项之和", "three_public", "", 11, "2.60", "three_public_parts"),
    ("公务用车 = 购置 + 运行维护", "three_public", "", 9, "5.46", "vehicle_parts"),
]


@pytest.mark.parametrize(("identity", "kind", "label", "column", "value", "rule"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_final_fixture_each_broken_identity_is_caught(tmp_path, render_fixtures, identity, kind, label, column,
                                                      value, rule):
    tables = render_fixtures.final_tables()
    if kind == "three_public":
        label = tables[6].rows[0][0]  # the one row of amounts, no label
    broken = _with_cell(tables, kind, label, column, value)
    path = tmp_path / f"{render_fixtures.FINAL_STEM}.txt"
    path.write_text(render_fixtures.final_text(broken), encoding="utf-8")
    audit = budgetkit.check(budgetkit.read(path))
    errors = audit.findings[audit.findings["severity"] == "error"]
    assert rule in set(errors["rule"]), (identity, errors[["rule", "table", "code", "item"]])


# -- regressions: what the 决算 fixture's first reading got wrong --------------------------------

def _records(title: str, rows) -> list[dict]:
    frag = RawTable(title=title, rows=tuple(rows), page=1, unit_name="", money_unit="万元", source="fragment.pdf")
    records, _, _, _ = tables_to_records([frag], department="某局", phase="final")
    return records


def test_zongji_on_each_side_of_a_two_sided_table_is_that_sides_total():
    records = _records("收入支出决算总表", [
        ("收入", "", "支出", ""), ("项目", "决算数", "项目", "决算数"),
        ("本年收入合计", "10.00", "本年支出合计", "9.00"),
        ("年初结转和结余", "1.00", "年末结转和结余", "2.00"),
        ("总计", "11.00", "总计", "11.00"),
    ])
    items = {(r["side"], r["item"]): r["amount"] for r in records}
    assert items[("income", "income_total")] == items[("expenditure", "expenditure_total")] == Decimal("11")
    assert ("income", "total") not in items and ("expenditure", "total") not in items


def test_final_fund_columns_and_fiscal_balance_rows_are_named():
    records = _records("财政拨款收入支出决算总表", [
        ("收入", "", "支出", "", "", "", ""),
        ("项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        ("本年收入合计", "10.00", "本年支出合计", "9.00", "9.00", "", ""),
        ("年初财政拨款结转和结余", "1.00", "年末财政拨款结转和结余", "2.00", "2.00", "", ""),
    ])
    got = {(r["side"], r["item"], r["measure"]) for r in records}
    assert ("expenditure", "expenditure_subtotal", "general_public") in got
    assert ("income", "opening_balance", "total") in got and ("expenditure", "closing_balance", "general_public") in got


def test_bennian_shouru_heji_header_is_the_income_tables_total():
    records = _records("收入决算表", [
        ("项目", "", "本年收入合计", "财政拨款收入", "其他收入"), ("科目编码", "科目名称", "", "", ""),
        ("", "合计", "10.00", "8.00", "2.00"), ("201", "一般公共服务支出", "10.00", "8.00", "2.00"),
    ])
    assert {(r["code"] or r["item"], r["measure"]) for r in records} >= {("total", "total"), ("201", "total")}
