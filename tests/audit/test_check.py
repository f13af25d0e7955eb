"""The audit: each rule on small hand-built documents, the seed's findings exactly, altered numbers."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit.audit.completeness import CORE_KINDS
from budgetkit.audit.result import FINDING_COLUMNS, Audit
from budgetkit.audit.rules import RULES, RULES_BY_ID, SUM_TOLERANCE, rules, rules_markdown, tolerance
from budgetkit.catalogue import kinds
from budgetkit.cli.main import main
from tests.conftest import ROOT
from tests.helpers import GOOD, document, expenditure, findings, line

# -- building small documents -------------------------------------------------------------------


# -- the audit object ---------------------------------------------------------------------------

def test_consistent_document_has_no_findings():
    audit = budgetkit.check(document(expenditure(GOOD)))
    assert isinstance(audit, Audit)
    assert set(audit.findings["rule"]) == {"table_missing"}
    assert tuple(audit.findings.columns) == FINDING_COLUMNS
    # 5 rows × 合计 = 基本 + 项目; 3 columns × 合计 = Σ 类; 3 columns × (类 = Σ 款, 款 = Σ 项)
    assert (audit.checked, audit.held) == (5 + 3 + 6, 14)
    assert audit.counts == {"error": 0, "warning": len(CORE_KINDS) - 1, "info": 0}


def test_findings_are_exact_decimals():
    f = findings(document(expenditure([*GOOD[:4], ("2010399", "20.50", "0.00", "20.00")])))
    for col in ("expected", "actual", "difference", "tolerance"):
        assert str(f[col].dtype).startswith("decimal128"), col
    assert str(f["page"].dtype) == "Int64"


# -- within a table -----------------------------------------------------------------------------

def test_row_total():
    f = findings(document(expenditure([*GOOD[:3], ("2010301", "10.00", "10.00", "0.00"),
                                       ("2010399", "20.00", "0.00", "19.00")])), "row_total")
    assert len(f) == 1
    r = f.iloc[0]
    assert (r["severity"], r["table"], r["code"], r["expected"], r["actual"], r["difference"]) == (
        "error", "expenditure", "2010399", D("19.00"), D("20.00"), D("1.00"))
    assert "2010399" in r["message"] and "支出总体情况表" in r["message"]


def test_row_fiscal_and_funds():
    recs = []
    for i, (total, fiscal, gp, gf, sc, special, other) in enumerate(
            [("10.00", "10.00", "8.00", "1.00", "0.00", "0.00", "0.00")]):
        for measure, value in (("total", total), ("fiscal", fiscal), ("general_public", gp), ("gov_fund", gf),
                               ("state_capital", sc), ("fiscal_special", special), ("other", other)):
            recs.append(line("basic_by_unit", i, value, item="total", measure=measure))
    f = findings(document(recs))
    rules_found = set(f["rule"])
    # 合计 10 = 财政拨款 10 + 专户 0 + 其他 0 holds; 财政拨款 10 ≠ 8 + 1 + 0 does not.
    assert rules_found == {"row_fiscal"} and set(f["severity"]) == {"error"}
    fiscal = f[f["rule"] == "row_fiscal"].iloc[0]
    assert (fiscal["expected"], fiscal["actual"]) == (D("9.00"), D("10.00"))


def test_column_total_within_tolerance_is_info_never_error():
    rows = [("", "30.01", "10.00", "20.01"), *GOOD[1:]]
    f = findings(document(expenditure(rows)))
    col = f[f["rule"] == "column_total"]
    assert set(col["severity"]) == {"info"} and set(col["measure"]) == {"total", "project"}
    assert set(col["difference"]) == {D("0.01")}
    assert budgetkit.check(document(expenditure(rows))).counts["error"] == 0


def test_column_total_beyond_tolerance_is_error():
    rows = [("", "31.00", "10.00", "21.00"), *GOOD[1:]]
    f = findings(document(expenditure(rows)), "column_total")
    assert set(f["severity"]) == {"error"} and set(f["measure"]) == {"total", "project"}


def test_hierarchy_class_and_section():
    rows = [*GOOD[:3], ("2010301", "10.00", "10.00", "0.00"), ("2010399", "21.00", "0.00", "21.00")]
    f = findings(document(expenditure(rows)), "hierarchy")
    assert set(zip(f["code"], f["measure"], f["severity"], strict=True)) == {
        ("20103", "total", "error"), ("20103", "project", "error")}


def test_hierarchy_follows_printed_blocks_per_unit():
    recs = [line("general_basic_economic", 0, "30.00", item="total"),
            line("general_basic_economic", 1, "10.00", code="301", unit="甲"),
            line("general_basic_economic", 2, "10.00", code="30101", unit="甲"),
            line("general_basic_economic", 3, "20.00", code="301", unit="乙"),
            line("general_basic_economic", 4, "19.00", code="30101", unit="乙")]
    f = findings(document(recs), "hierarchy")
    assert len(f) == 1 and (f["unit"][0], f["code"][0], f["severity"][0]) == ("乙", "301", "error")


def test_two_sided_subtotals_totals_and_balance():
    recs = [line("overall", 0, "100.00", side="income", item="fiscal"),
            line("overall", 0, "60.00", side="expenditure", code="201"),
            line("overall", 1, "0.00", side="income", item="fiscal_special"),
            line("overall", 1, "40.00", side="expenditure", code="221"),
            line("overall", 2, "100.00", side="income", item="income_subtotal"),
            line("overall", 2, "100.00", side="expenditure", item="expenditure_subtotal"),
            line("overall", 3, "5.00", side="income", item="prior_carryover"),
            line("overall", 3, "5.00", side="expenditure", item="carryover"),
            line("overall", 4, "105.00", side="income", item="income_total"),
            line("overall", 4, "106.00", side="expenditure", item="expenditure_total")]
    f = findings(document(recs))
    assert list(zip(f["rule"], f["severity"], strict=True)) == [("expenditure_total", "error"), ("balance", "error")]


def test_unit_sums():
    recs = [line("projects", 0, "30.00", item="total"),
            line("projects", 1, "20.00", item="unit_total", unit="甲"),
            line("projects", 2, "12.00", item="project", unit="甲"),
            line("projects", 3, "8.00", item="project", unit="甲"),
            line("projects", 4, "11.00", item="unit_total", unit="乙"),
            line("projects", 5, "10.00", item="project", unit="乙")]
    f = findings(document(recs), "unit_sum")
    assert list(zip(f["item"], f["unit"], f["expected"], f["actual"], strict=True)) == [
        ("total", "", D("31.00"), D("30.00")), ("unit_total", "乙", D("10.00"), D("11.00"))]


def test_three_public_parts():
    recs = [line("three_public", i, v, item=item) for i, (item, v) in enumerate(
        [("three_public", "10.00"), ("overseas_travel", "1.00"), ("vehicle", "6.00"), ("vehicle_purchase", "2.00"),
         ("vehicle_operation", "4.00"), ("reception", "2.00")])]
    f = findings(document(recs))
    assert list(zip(f["rule"], f["item"], f["expected"], strict=True)) == [
        ("three_public_parts", "three_public", D("9.00"))]


# -- across tables ------------------------------------------------------------------------------

def test_overall_against_expenditure_by_class():
    recs = [line("overall", 0, "30.00", side="expenditure", code="201"),
            line("overall", 1, "5.00", side="expenditure", code="208"),
            *expenditure(GOOD)]
    f = findings(document(recs), "overall_vs_expenditure")
    assert list(zip(f["code"], f["table"], f["table2"], f["expected"], f["actual"], strict=True)) == [
        ("208", "overall", "expenditure", D(0), D("5.00"))]


def test_vehicle_against_economic_30231_is_a_warning():
    recs = [line("three_public", 0, "8.50", item="vehicle_operation"),
            line("general_basic_economic", 0, "5.50", code="30231"),
            line("general_project_economic", 0, "2.00", code="30231")]
    f = findings(document(recs), "vehicle_vs_30231")
    assert (f["severity"][0], f["expected"][0], f["actual"][0], f["code"][0]) == ("warning", D("7.50"), D("8.50"),
                                                                                 "30231")


def test_regression_vehicle_against_a_basic_only_30231_was_called_a_difference():
    # Fuzhou 2026: “三公” 公务用车运行维护费 8.00 takes project spending; the only economic table
    # printed is the basic one, 30231 3.00. The basic part is a floor, not the figure.
    recs = [line("three_public", 0, "8.00", item="vehicle_operation"),
            line("general_basic_economic", 0, "3.00", code="30231"), *expenditure(GOOD)]
    ids = budgetkit.check(document(recs)).identities
    assert list(ids.loc[ids["code"] == "30231", "rule"]) == ["vehicle_scope"]
    assert findings(document(recs), "vehicle_scope").empty and findings(document(recs), "vehicle_vs_30231").empty
    below = [line("three_public", 0, "2.00", item="vehicle_operation"), *recs[1:]]
    f = findings(document(below), "vehicle_scope")
    assert (f["severity"][0], f["expected"][0], f["actual"][0]) == ("warning", D("3.00"), D("2.00"))


def test_vehicle_against_a_basic_only_30231_is_equal_when_there_is_no_project_spending():
    no_project = [("", "10.00", "10.00", "0.00"), ("201", "10.00", "10.00", "0.00")]
    recs = [line("three_public", 0, "8.00", item="vehicle_operation"),
            line("general_basic_economic", 0, "3.00", code="30231"), *expenditure(no_project)]
    f = findings(document(recs), "vehicle_vs_30231")
    assert (f["severity"][0], f["expected"][0], f["actual"][0]) == ("warning", D("3.00"), D("8.00"))


def test_office_operation_wider_than_basic_is_a_warning():
    recs = [line("three_public", 0, "40.00", item="office_operation"), *expenditure(GOOD)]
    f = findings(document(recs), "office_operation_scope")
    assert (f["severity"][0], f["expected"][0], f["actual"][0]) == ("warning", D("10.00"), D("40.00"))


# -- narrative ----------------------------------------------------------------------------------

def test_claim_amount_against_table():
    recs = [line("three_public", 0, "8.50", item="three_public")]
    f = findings(document(recs, narrative="“三公”经费9.50万元，比上年减少16.40万元，下降63.31%。"), "claim_amount")
    assert (f["severity"][0], f["table"][0], f["table2"][0], f["item"][0], f["expected"][0], f["actual"][0]) == (
        "error", "narrative", "three_public", "three_public", D("8.50"), D("9.50"))


def test_claim_percent_must_follow():
    recs = [line("overall", 0, "1564.22", side="income", item="income_total")]
    doc = document(recs, narrative="收入预算1,564.22万元，比上年增加129.41万元，增长9.20%。")
    f = findings(doc, "claim_percent")
    assert (f["severity"][0], f["expected"][0], f["actual"][0]) == ("error", D("9.02"), D("9.20"))
    ok = document(recs, narrative="收入预算1,564.22万元，比上年增加129.41万元，增长9.02%。")
    assert findings(ok).empty


def test_claim_parts_and_negative_previous():
    text = ("“三公”经费8.50万元，比上年减少16.40万元。其中：因公出国（境）费0万元；公务用车购置及运行费7.50万元；"
            "公务接待费0万元。政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元。")
    f = findings(document([], narrative=text))
    assert list(zip(f["rule"], f["severity"], strict=True)) == [("claim_parts", "error"), ("claim_previous", "warning")]
    parts = f[f["rule"] == "claim_parts"].iloc[0]
    assert (parts["expected"], parts["actual"]) == (D("7.50"), D("8.50"))


# -- naming and completeness --------------------------------------------------------------------

def test_naming_same_code_different_names():
    recs = [line("expenditure", 0, "1.00", code="20605", name="科技条件与服务"),
            line("general_function", 0, "1.00", code="20605", name="科学条件与服务")]
    f = findings(document(recs), "naming")
    assert list(zip(f["code"], f["table"], f["table2"], f["severity"], strict=True)) == [
        ("20605", "expenditure", "general_function", "warning")]
    assert "科技条件与服务" in f["message"][0] and "科学条件与服务" in f["message"][0]


def test_completeness_missing_empty_incomplete():
    recs = [line("gov_fund", 0, "0.00", item="total"), line("state_capital", 0, "0.00", item="total"),
            line("income", 0, "1.00", code="21201")]
    doc = document(recs, status={"gov_fund": "empty", "state_capital": "empty", "income": "incomplete"},
                   notes={"gov_fund": ("注：本表本年无发生额。",)})
    f = budgetkit.check(doc).findings
    missing = set(f[f["rule"] == "table_missing"]["table"])
    assert missing == set(CORE_KINDS) - {"gov_fund", "income"}
    # A per-unit table makes it a Guangdong-style document: all twelve tables are expected.
    guangdong = document([*recs, line("basic_by_unit", 0, "0.00", item="total")])
    f2 = budgetkit.check(guangdong).findings
    assert set(f2[f2["rule"] == "table_missing"]["table"]) == set(kinds.GUANGDONG_KINDS) - {
        "gov_fund", "state_capital", "income", "basic_by_unit"}
    empty = f[f["rule"] == "table_empty"].set_index("table")["severity"].to_dict()
    assert empty == {"gov_fund": "info", "state_capital": "warning"}
    assert list(f[f["rule"] == "table_incomplete"]["table"]) == ["income"]


# -- rules table and tolerance -------------------------------------------------------------------

def test_rules_table_is_visible_and_every_rule_documented():
    frame = rules()
    assert list(frame.columns) == ["id", "family", "tables", "identity", "severity", "tolerance", "doubt"]
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.id}`" in doc, rule.id
    # The table of docs/rules.md is the rules' own, tolerance and all: written from RULES.
    assert "\n".join(line for line in doc.splitlines() if line.startswith("|")) == rules_markdown()


def test_each_rule_is_judged_by_the_tolerance_it_declares():
    # fiscal_by_class declares one step per rounded addend: 229 summed from two fund tables
    # (10.01 + 10.00) may be 0.02 off the 财政拨款收支总表's 20.03; 0.03 off is a failure.
    def outcome(printed: str) -> tuple:
        recs = [line("fiscal_overall", 0, printed, code="229", side="expenditure"),
                line("general_function", 0, "10.01", code="229"), line("gov_fund", 0, "10.00", code="229")]
        ids = budgetkit.check(document(recs)).identities
        (row,) = ids[ids["rule"] == "fiscal_by_class"].to_dict("records")
        return row["outcome"], row["tolerance"]

    assert RULES_BY_ID["fiscal_by_class"].tolerance == SUM_TOLERANCE
    assert outcome("20.03") == ("rounding", D("0.02"))
    assert outcome("20.04")[0] == "failed"


def test_tolerance_counts_rounded_figures():
    assert tolerance(6) == D("0.06") and tolerance(0) == D("0.01") and tolerance(3, "元") == D("0.0003")


def test_column_total_leaves_out_rows_of_another_classification():
    # A function table that a reading joined with an economic one: 301 is not one of its 类.
    recs = [line("general_function", 0, "10.00", item="total"), line("general_function", 1, "10.00", code="201"),
            line("general_function", 2, "7.00", code="301", name="工资福利支出")]
    assert findings(document(recs), "column_total").empty


# -- the seed -----------------------------------------------------------------------------------

SEED_FINDINGS = [
    # (rule, severity, table, code, measure, unit, expected, actual)
    ("office_operation_scope", "warning", "three_public", "", "total", "", "708.24", "799.92"),
    ("naming", "warning", "expenditure", "20605", "", "", None, None),
    ("table_incomplete", "warning", "income", "", "", "", None, None),
    ("column_total", "info", "expenditure", "", "total", "", "1564.21", "1564.22"),
    ("column_total", "info", "expenditure", "", "basic", "", "708.23", "708.24"),
    ("column_total", "info", "general_function", "", "total", "", "1564.21", "1564.22"),
    ("column_total", "info", "general_function", "", "basic", "", "708.23", "708.24"),
    ("hierarchy", "info", "general_project_economic", "310", "total", "清远市清新区政务服务数据管理局", "52.65", "52.66"),
    ("expenditure_subtotal", "info", "overall", "", "total", "", "1564.21", "1564.22"),
    ("expenditure_subtotal", "info", "fiscal_overall", "", "total", "", "1564.21", "1564.22"),
    ("table_empty", "info", "gov_fund", "", "", "", None, None),
    ("table_empty", "info", "state_capital", "", "", "", None, None),
]


@pytest.fixture(scope="module")
def seed_audit(seed):
    return budgetkit.check(seed)


def test_seed_findings_exactly(seed_audit):
    got = [(r["rule"], r["severity"], r["table"], r["code"], r["measure"], r["unit"],
            None if r["expected"] is pd.NA else r["expected"], None if r["actual"] is pd.NA else r["actual"])
           for r in seed_audit.findings.to_dict("records")]
    want = [(*f[:6], None if f[6] is None else D(f[6]), None if f[7] is None else D(f[7])) for f in SEED_FINDINGS]
    assert got == want


def test_seed_counts_and_identities(seed_audit):
    assert seed_audit.counts == {"error": 0, "warning": 3, "info": 9}
    # Every identity held but the 机关运行经费 bound; the count is pinned so a rule lost shows up.
    assert (seed_audit.checked, seed_audit.held) == (577, 576)


def test_seed_naming_evidence(seed_audit):
    f = seed_audit.findings
    r = f[f["rule"] == "naming"].iloc[0]
    assert (r["table2"], r["page"], r["page2"]) == ("general_function", 5, 10)
    assert "科技条件与服务" in r["message"] and "科学条件与服务" in r["message"]


def test_seed_claims_all_hold(seed, seed_audit):
    assert not seed_audit.findings["rule"].str.startswith("claim").any()
    assert len(budgetkit.claims(seed)) == 13


# -- altered numbers ----------------------------------------------------------------------------

# (what is changed: unique text in one table, replacement, table, code or item that must be named)
ALTERATIONS = [
    ("2210201\t住房公积金\t57.60\t57.60\t0.00\t0.00\t0.00\t0.00\t0.00\n",
     "2210201\t住房公积金\t67.60\t57.60\t0.00\t0.00\t0.00\t0.00\t0.00\n", "expenditure", "2210201"),
    ("[30101]基本工资\t44.78", "[30101]基本工资\t45.78", "general_basic_economic", "301"),
    ("2. 公务用车运行维护费\t8.50\t8.50", "2. 公务用车运行维护费\t9.50\t9.50", "three_public", "vehicle"),
    ("一、一般公共服务支出\t761.01\n二、政府性基金预算", "一、一般公共服务支出\t771.01\n二、政府性基金预算",
     "fiscal_overall", "201"),
    ("[31099]其他资本性支出\t25.94", "[31099]其他资本性支出\t35.94", "general_project_economic", "310"),
    ("区直单位接入政务外网线路租赁费项目\t12.48", "区直单位接入政务外网线路租赁费项目\t13.48", "projects", "unit_total"),
    ("“三公”经费8.50万元", "“三公”经费9.50万元", "narrative", "three_public"),
]


@pytest.mark.parametrize("old, new, table, where", ALTERATIONS, ids=[a[2] for a in ALTERATIONS])
def test_altered_number_is_an_error_naming_table_and_code(seed_text, tmp_path, old, new, table, where):
    assert seed_text.count(old) == 1, old
    path = tmp_path / "altered.txt"
    path.write_text(seed_text.replace(old, new), encoding="utf-8")
    errors = budgetkit.check(budgetkit.read(path)).errors
    assert not errors.empty
    named = errors[(errors["table"] == table) & ((errors["code"] == where) | (errors["item"] == where))]
    assert not named.empty, errors[["rule", "table", "code", "item", "message"]]
    assert main(["check", str(path)]) == 1


# -- command line and display -------------------------------------------------------------------

def test_cli_check_seed_text(seed_path, capsys):
    assert main(["check", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert "577 identities checked, 576 held" in out and "科学条件与服务" in out


def test_cli_check_json_shape(seed_path, capsys):
    assert main(["check", str(seed_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (doc,) = data["documents"]
    assert doc["source"] == [str(seed_path)]
    assert doc["identities"] == {"checked": 577, "held": 576}
    first = doc["findings"][0]
    assert set(FINDING_COLUMNS) <= set(first)
    assert (first["rule"], first["expected"], first["actual"], first["difference"]) == (
        "office_operation_scope", "708.24", "799.92", "91.68")


def test_cli_check_unusable_input(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    assert main(["check", str(empty)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_html_is_sortable_and_escaped():
    recs = [line("expenditure", 0, "1.00", code="20605", name="<b>科技</b>"),
            line("general_function", 0, "1.00", code="20605", name="科学条件与服务")]
    page = budgetkit.check(document(recs))._repr_html_()
    assert "<b>科技</b>" not in page and "&lt;b&gt;科技&lt;/b&gt;" in page
    assert "onclick=\"bkSort(" in page and "<script>" in page


# -- regressions found on the corpus --------------------------------------------------------------

def test_jiangsu_overall_two_breakdowns_in_one_row():
    # 收支预算总表: one printed row holds a 类 and a use (基本支出) on the expenditure side.
    recs = [line("overall", 0, "100.00", side="income", item="fiscal"),
            line("overall", 0, "60.00", side="expenditure", code="201"),
            line("overall", 0, "70.00", side="expenditure", item="basic_expenditure"),
            line("overall", 1, "40.00", side="expenditure", code="221"),
            line("overall", 1, "30.00", side="expenditure", item="project_expenditure"),
            line("overall", 2, "100.00", side="income", item="income_subtotal"),
            line("overall", 2, "100.00", side="expenditure", item="expenditure_subtotal")]
    audit = budgetkit.check(document(recs))
    assert findings(document(recs)).empty
    assert audit.checked == 3  # 收入合计, 支出合计 by 类, 支出合计 by use


def test_class_comparison_skipped_when_a_table_prints_no_classes():
    recs = [line("overall", 0, "30.00", side="expenditure", code="201"),
            *[r for r in expenditure(GOOD) if r["item"] == "total"]]
    assert findings(document(recs), "overall_vs_expenditure").empty


def test_percentage_printed_to_one_place():
    # "减少3,309.98万元，降幅54.9%": 3309.98 / 6032.55 = 54.87% → 54.9 at one place.
    doc = document([], narrative="机关运行经费预算支出2,722.57万元，比上年相比减少3,309.98万元，降幅54.9%。")
    assert findings(doc, "claim_percent").empty
    wrong = document([], narrative="收入、支出预算总计21,955.35万元，与上年相比收、支预算总计各增加3,958.67万元，增长21.95%。")
    f = findings(wrong, "claim_percent")
    assert (f["severity"][0], f["expected"][0]) == ("error", D("22.00"))


def test_document_summary_shows_counts_by_severity(seed):
    # The document's summary shows what was read; the audit's counts are the Audit's own summary.
    assert "Audit it with" in seed._repr_html_()
    page = budgetkit.check(seed)._repr_html_()
    assert "577" in page and "576" in page


def test_a_table_the_contents_page_lists_but_the_document_does_not_print(seed_text, tmp_path):
    start = seed_text.index("国有资本经营预算支出情况表\n\n单位名称")
    end = seed_text.index("一般公共预算项目支出情况表（按经济分类科目）\n\n单位名称")
    path = tmp_path / "missing-table.txt"
    path.write_text(seed_text[:start] + seed_text[end:], encoding="utf-8")
    doc = budgetkit.read(path)
    missing = budgetkit.check(doc).findings.query("rule == 'table_missing'")
    assert list(missing["table"]) == ["state_capital"]
    assert list(missing["severity"]) == ["warning"]
    assert "目录列出的“国有资本经营预算支出情况表”未见印出" in missing["message"].iloc[0]
