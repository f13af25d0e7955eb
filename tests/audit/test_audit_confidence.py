"""An audit that does not cry wolf: a doubtful reading makes warnings, an absent part no identity,
and the evaluation counts the tables a document's own contents page lists."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit.audit.engine import reading_doubts
from budgetkit.audit.evaluate import contents_kinds, evaluate_document, identities
from budgetkit.audit.rules import RULES
from budgetkit.catalogue import kinds
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.fragments import TableInfo
from budgetkit.tidy.schema import lines_frame
from tests.helpers import GOOD, expenditure, line


def document(records: list[dict], *, reading: dict | None = None, text: str = "") -> BudgetDocument:
    """A small document whose tables carry the reading notes given per kind."""
    lines = lines_frame(records)
    infos = []
    for kind in dict.fromkeys(r["table"] for r in records):
        t = lines[lines["table"] == kind]
        infos.append(TableInfo(kind, kinds.REGISTRY[kind].title if kind in kinds.REGISTRY else "未识别表",
                               tuple(sorted(set(t["page"]))), t["row"].nunique(), len(t), "complete",
                               reading=tuple((reading or {}).get(kind, ()))))
    return BudgetDocument(sources=("t.txt",), department="测试局", year=2023, phase="budget", level="department",
                          lines=lines, projects=pd.DataFrame(), table_info=tuple(infos), narrative=text,
                          text=text, pages=1, warnings=())


def failing(rows=GOOD):
    """The 支出总体情况表 of GOOD with its 2010301 合计 misprinted (10.00 → 19.00)."""
    records = expenditure(rows)
    for r in records:
        if r["code"] == "2010301" and r["measure"] == "total":
            r["amount"] = D("19.00")
    return records


def rule_findings(doc, rule: str) -> pd.DataFrame:
    f = budgetkit.check(doc).findings
    return f[f["rule"] == rule].reset_index(drop=True)


# -- reading confidence -------------------------------------------------------------------------

def test_failing_identity_on_a_confident_table_is_an_error():
    f = rule_findings(document(failing()), "row_total")
    assert list(f["severity"]) == ["error"] and "读取可能有误" not in f["message"].iloc[0]


def test_failing_identity_on_a_table_with_a_reading_note_is_a_warning_naming_the_page():
    note = "支出总体情况表 (p.5): column '费' is not a known measure"
    doc = document(failing(), reading={"expenditure": [note]})
    audit = budgetkit.check(doc)
    row = audit.findings[audit.findings["rule"] == "row_total"]
    assert list(row["severity"]) == ["warning"]
    assert note in row["message"].iloc[0] and "读取可能有误" in row["message"].iloc[0]
    assert audit.counts["error"] == 0
    # still identities checked and not held (the row and its 款's Σ 项): the doubt changes the
    # severity, not the arithmetic
    failed = audit.identities[audit.identities["outcome"] == "failed"]
    assert list(failed["rule"]) == ["row_total", "hierarchy"]
    assert set(audit.findings.loc[audit.findings["rule"] == "hierarchy", "severity"]) == {"warning"}


def test_cross_table_identity_is_a_warning_when_either_table_is_in_doubt():
    records = [*expenditure(GOOD),
               line("overall", 0, "30.00", code="201", side="expenditure"),
               line("overall", 1, "31.00", item="expenditure_subtotal", side="expenditure")]
    plain = rule_findings(document(records), "overall_vs_expenditure")
    assert set(plain["severity"]) == {"error"}
    doubted = rule_findings(document(records, reading={"overall": ["收支总体情况表 (p.2): grid pieced together"]}),
                            "overall_vs_expenditure")
    assert set(doubted["severity"]) == {"warning"} and len(doubted) == len(plain)


def test_table_of_no_recognised_kind_is_in_doubt():
    records = [dict(r, table="other", table_title="未识别表", classification="function") for r in failing()]
    doc = document(records)
    assert "kind was not recognised" in reading_doubts(doc)["other"][0]
    assert set(rule_findings(doc, "row_total")["severity"]) == {"warning"}


def test_row_carrying_one_measure_twice_is_in_doubt():
    # Two columns given one meaning (合计 and 小计 both read as `total`): their sums cannot be trusted.
    records = [*expenditure(GOOD), line("expenditure", 1, "7.09", code="201")]
    doubts = reading_doubts(document(records))
    assert "carries two 'total' figures" in doubts["expenditure"][0]


def test_every_rule_turns_a_doubt_into_a_warning_never_an_error():
    assert {r.doubt for r in RULES} == {"warning"}
    with pytest.raises(ValueError, match="never make an error"):
        type(RULES[0])("x", "row", "t", "i", doubt="error")


# -- no identity against a part the document does not print ------------------------------------

def overall_without_uses(subsidy: str = "0.00") -> list[dict]:
    """A Guangzhou-style 收支总体情况表: 类 rows, 对附属单位补助支出 / 上缴上级支出, 本年支出合计."""
    return [line("overall", 0, "20.00", code="201", side="expenditure"),
            line("overall", 1, "10.00", code="208", side="expenditure"),
            line("overall", 2, subsidy, item="subsidy_to_subordinate", side="expenditure"),
            line("overall", 3, "0.00", item="remit_to_superior", side="expenditure"),
            line("overall", 4, "30.00", item="expenditure_subtotal", side="expenditure")]


def test_regression_overall_printing_no_use_rows_gets_no_use_identity():
    audit = budgetkit.check(document(overall_without_uses()))
    sub = audit.identities[audit.identities["rule"] == "expenditure_subtotal"]
    assert list(sub["what"]) == ["收支总体情况表本年支出合计（Σ 各类）"]
    assert list(sub["outcome"]) == ["exact"]
    assert audit.counts["error"] == 0


def test_uncoded_expenditure_rows_that_are_no_use_add_to_the_classes():
    # 对附属单位补助支出 5.00 printed: Σ 类 (30.00) + 5.00 against 本年支出合计 30.00 fails.
    f = rule_findings(document(overall_without_uses("5.00")), "expenditure_subtotal")
    assert list(f["actual"]) == [D("30")] and list(f["expected"]) == [D("35")]


def test_use_breakdown_is_checked_when_the_table_prints_it():
    records = [*overall_without_uses()[:2],
               line("overall", 2, "12.00", item="basic_expenditure", side="expenditure"),
               line("overall", 3, "18.00", item="project_expenditure", side="expenditure"),
               line("overall", 4, "30.00", item="expenditure_subtotal", side="expenditure")]
    audit = budgetkit.check(document(records))
    sub = audit.identities[audit.identities["rule"] == "expenditure_subtotal"]
    assert list(sub["what"]) == ["收支总体情况表本年支出合计（Σ 各类）", "收支总体情况表本年支出合计（Σ 各用途）"]
    assert set(sub["outcome"]) == {"exact"}


def test_hierarchy_is_not_checked_for_a_column_no_child_prints():
    # The 类 prints a 项目支出 figure, its 款 rows print none: nothing to add up, no identity.
    records = [line("expenditure", 0, "30.00", code="201"),
               line("expenditure", 0, "25.00", code="201", measure="basic"),
               line("expenditure", 0, "5.00", code="201", measure="project"),
               line("expenditure", 1, "30.00", code="20103")]
    audit = budgetkit.check(document(records))
    hier = audit.identities[audit.identities["rule"] == "hierarchy"]
    assert list(hier["measure"]) == ["total"]
    assert audit.counts["error"] == 0


def test_row_total_adds_personnel_and_public_use_when_no_basic_column_is_printed():
    # 合计 | 人员经费 | 公用经费 | 项目支出, no 基本支出 小计 (Shanghai unit and Xi'an tables).
    records = [line("expenditure", 0, "8.50", code="201"), line("expenditure", 0, "5.00", code="201",
                                                                 measure="personnel"),
               line("expenditure", 0, "1.00", code="201", measure="public_use"),
               line("expenditure", 0, "2.50", code="201", measure="project")]
    audit = budgetkit.check(document(records))
    row = audit.identities[audit.identities["rule"] == "row_total"]
    assert list(row["expected"]) == [D("8.5")] and list(row["outcome"]) == ["exact"]


# -- the seed is unchanged ------------------------------------------------------------------------

def test_seed_identities_are_the_audits(seed):
    audit = budgetkit.check(seed)
    assert len(audit.identities) == audit.checked == 577
    assert (audit.identities["outcome"] != "failed").sum() == audit.held == 576
    assert audit.identities["outcome"].value_counts().to_dict() == {"exact": 569, "rounding": 7, "failed": 1}


# -- contents pages ----------------------------------------------------------------------------------

def test_contents_of_the_seed_list_its_twelve_tables(seed):
    assert contents_kinds(seed.text) == list(kinds.GUANGDONG_KINDS)


def test_contents_lines_with_leaders_bullets_and_parts():
    text = ("封面\n目录\n第一部分 部门概况.........1\n一、部门主要职责.......2\n第二部分 2026年度部门预算表......4\n"
            "- 一、收支预算总表.......5\n二、财政拨款政府购买服务明细表 6\n三、某某特别情况表\n第一部分 部门概况\n"
            "一、收支预算总表")
    assert contents_kinds(text) == ["overall", "purchase_service", "other"]
    assert contents_kinds("no contents here\n一、收支总表") == []


def test_evaluation_of_the_seed_counts_what_its_contents_list(seed):
    ev = evaluate_document(seed, 0.0)
    assert ev.expected_from == "contents" and ev.listed_tables == list(kinds.GUANGDONG_KINDS)
    assert ev.found_tables == 12 and ev.missing_tables == [] and ev.other_tables == 0
    headline = [i for i in identities(seed) if i.rule == "headline_totals"]
    assert headline and all(i.held for i in headline)
    assert ev.identities == {"checked": 577 + len(headline), "held": 576 + len(headline), "rounding": 7,
                             "failed": 1}
    assert [f["rule"] for f in ev.failures] == ["office_operation_scope"]


def test_evaluation_without_contents_expects_the_kinds_printed():
    doc = document(expenditure(GOOD))
    ev = evaluate_document(doc, 0.0)
    assert (ev.expected_from, ev.listed_tables, ev.expected_tables, ev.missing_tables) == (
        "printed", [], ["expenditure"], [])


# Contents pages read by hand from the documents (the 目录 on their first pages).
CONTENTS = {
    "cities/guangzhou-minzhengju-2026-budget.pdf": [
        "overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
        "general_project_economic", "three_public", "gov_fund", "state_capital", "basic_by_unit", "projects"],
    "cities/fuzhou-shangwuju-2026-budget.pdf": [
        "overall", "income", "expenditure", "fiscal_overall", "general_function", "gov_fund", "state_capital",
        "general_economic", "general_basic_economic", "three_public"],
    "cities/suzhou-shenjiju-2026-budget.pdf": [
        "overall", "income", "expenditure", "fiscal_overall", "fiscal_function", "fiscal_basic_economic",
        "general_function", "general_basic_economic", "three_public", "gov_fund", "state_capital",
        "office_operation", "procurement"],
    # 十一、一般公共预算“三公”经费、会议费、培训费支 / 出预算表: a title wrapped over two lines.
    "js-npc-office-2017-budget.pdf": [
        "overall", "income", "expenditure", "fiscal_overall", "fiscal_function", "fiscal_basic_economic",
        "gov_fund", "general_function", "general_basic_economic", "office_operation", "three_public",
        "procurement"],
    # 五、部门预算表 heads the nine tables listed under it; it is no table itself.
    "sh-putuo-wanli-2024-budget.pdf": [
        "overall", "income", "expenditure", "fiscal_overall", "general_function", "gov_fund", "state_capital",
        "general_basic_economic", "three_public"],
    "cities/beijing-tongjiju-2026-budget-narrative.pdf": [
        "overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
        "gov_fund", "state_capital", "three_public", "procurement", "purchase_service", "performance_goals",
        "dept_performance"],
}


@pytest.mark.parametrize("name", list(CONTENTS))
def test_contents_of_corpus_documents(corpus, name):
    from budgetkit.tidy.document import load_raw

    assert contents_kinds(load_raw(corpus / name).text) == CONTENTS[name]


# -- on the corpus: misreadings are no errors ------------------------------------------------------

@pytest.fixture(scope="module")
def read_corpus(corpus):
    cache = {}

    def _read(name):
        if name not in cache:
            cache[name] = budgetkit.read(corpus / name)  # a document that stops reading fails here
        return cache[name]

    return _read


GUANGZHOU = ["guangzhou-fazhanhegaigeweiyuanhui-2026-budget.pdf", "guangzhou-minzhengju-2026-budget.pdf",
             "guangzhou-renminzhengfubangongting-2026-budget.pdf"]


@pytest.mark.parametrize("name", GUANGZHOU)
def test_regression_guangzhou_overall_without_use_rows_is_no_error(read_corpus, name):
    audit = budgetkit.check(read_corpus(f"cities/{name}"))
    sub = audit.findings[(audit.findings["rule"] == "expenditure_subtotal") & (audit.findings["severity"] == "error")]
    assert sub.empty, sub["message"].tolist()
    whats = set(audit.identities.loc[audit.identities["table"] == "overall", "what"])
    assert not any("各用途" in w for w in whats)


def test_regression_row_total_of_personnel_public_use_and_project_columns(read_corpus):
    # 西安市统计局, 表5 p.30 (元): 2010501 行政运行 25,424,608.13 = 23,326,991.96 + 2,052,616.17 + 45,000.00.
    audit = budgetkit.check(read_corpus("cities/xian-tongjiju-2026-budget.pdf"))
    ids = audit.identities
    row = ids[(ids["rule"] == "row_total") & (ids["table"] == "general_function") & (ids["code"] == "2010501")]
    assert list(row["actual"]) == [D("2542.460813")] and list(row["outcome"]) == ["exact"]


def test_regression_unit_overall_with_personnel_and_public_use_columns(read_corpus):
    # 普陀区人民政府办公室 单位预算 p.8 (元): 一般公共服务支出 82,096,797.42 = 13,819,399.88 + 1,867,397.54
    # + 66,410,000.00.
    audit = budgetkit.check(read_corpus("sh-putuo-govoffice-unit-2025-budget.pdf"))
    ids = audit.identities
    row = ids[(ids["rule"] == "row_total") & (ids["table"] == "overall") & (ids["code"] == "201")]
    assert list(row["actual"]) == [D("8209.679742")] and list(row["outcome"]) == ["exact"]
    assert not (audit.errors["rule"] == "row_total").any()


def test_regression_subtotal_row_heading_its_parts_was_no_known_item(read_corpus):
    # 重庆市科学技术局 表四 p.15 prints 一、本年收入 154,023.82 above its parts and 二、上年结转 280.40 above
    # its own; 收入合计 154,304.22 = 154,023.82 + 280.40, the parts of each heading counted once.
    audit = budgetkit.check(read_corpus("cities/chongqing-kexuejishuju-2026-budget.pdf"))
    ids = audit.identities
    total = ids[(ids["rule"] == "income_total") & (ids["table"] == "fiscal_overall")]
    assert list(zip(total["outcome"], total["expected"], strict=True)) == [("exact", D("154304.22"))]
    f = audit.findings[(audit.findings["rule"] == "income_total") & (audit.findings["table"] == "fiscal_overall")]
    assert f.empty


def test_column_number_row_read_as_data_is_a_doubt():
    # A 栏次 row (1 2 3 under 合计 / 基本支出 / 项目支出) read as a data row.
    records = [*expenditure(GOOD), *(line("expenditure", 9, v, item="", measure=m, name="栏次")
                                     for v, m in (("1", "total"), ("2", "basic"), ("3", "project")))]
    doc = document(records)
    assert "holds the column numbers 1–3" in reading_doubts(doc)["expenditure"][0]
    assert set(rule_findings(doc, "row_total")["severity"]) == {"warning"}


def test_units_without_rows_of_their_own_are_a_doubt():
    # Economic 款 printed without codes (基本工资, 津贴补贴) read as units of a 基本支出 table.
    records = [line("basic_by_unit", 0, "30.00", item="unit_total", unit="某局本级"),
               line("basic_by_unit", 1, "30.00", code="301", unit="某局本级"),
               line("basic_by_unit", 2, "20.00", item="unit_total", unit="基本工资"),
               line("basic_by_unit", 3, "10.00", item="unit_total", unit="津贴补贴")]
    doubts = reading_doubts(document(records))
    assert "2 单位 rows (基本工资, 津贴补贴 …) have no rows of their own" in doubts["basic_by_unit"][0]


@pytest.mark.parametrize("name", ["cities/wuxi-tongjiju-2026-budget.pdf",
                                  "cities/shenzhen-kejichuangxinju-benji-2026-budget.pdf"])
def test_regression_column_numbers_and_uncoded_rows_make_no_errors(read_corpus, name):
    # 无锡市统计局 prints a 栏次 row under its headers; 深圳市科技创新局's 基本支出总表 names its
    # economic 款 without codes. Whatever the reader makes of them, no error may come of it.
    errors = budgetkit.check(read_corpus(name)).errors
    assert not errors["rule"].isin(["row_total", "unit_sum"]).any(), errors["message"].tolist()


def test_regression_narrative_in_whole_wan_yuan_is_compared_at_its_precision(read_corpus):
    # 上海科技大学附属学校 单位预算: "收入预算10,806万元" against the 收支预算总表's 108,059,614 元.
    audit = budgetkit.check(read_corpus("cities/shanghai-kejidaxuefushuxuexiao-2026-budget-unit.pdf"))
    f = audit.findings[(audit.findings["rule"] == "claim_amount") & (audit.findings["item"] == "income")]
    assert list(f["severity"]) == ["info"] and list(f["tolerance"]) == [D("0.5")]
    assert list(f["expected"]) == [D("10805.9614")] and list(f["actual"]) == [D("10806")]


def test_narrative_with_two_places_keeps_the_tolerance_of_one_rounded_figure():
    text = "2023年本部门收入预算1,564.20万元。"
    records = [line("overall", 0, "1564.22", item="income_total", side="income")]
    doc = document(records, text=text)
    assert list(budgetkit.claims(doc)["amount"]) == [D("1564.2")]
    f = rule_findings(doc, "claim_amount")
    assert list(f["severity"]) == ["error"] and list(f["tolerance"]) == [D("0.01")]


def test_regression_funds_under_a_carryover_row_are_not_added_twice():
    records = [line("fiscal_overall", 0, "100.00", item="general_public", side="income"),
               line("fiscal_overall", 1, "100.00", item="income_subtotal", side="income"),
               line("fiscal_overall", 2, "5.00", item="prior_carryover", side="income"),
               line("fiscal_overall", 3, "5.00", item="general_public", side="income"),
               line("fiscal_overall", 4, "105.00", item="income_total", side="income")]
    audit = budgetkit.check(document(records))
    total = audit.identities[audit.identities["rule"] == "income_total"]
    assert list(total["expected"]) == [D("105")] and list(total["outcome"]) == ["exact"]


def test_regression_beijing_fiscal_overall_carryover_and_its_fund(corpus):
    # 北京市统计局 财政拨款收支总表 p.8: 本年收入合计 50,665.496773 + 上年结转结余 152.679076 (of which
    # 一般公共预算拨款 152.679076) = 收入总计 50,818.175849.
    doc = budgetkit.read([corpus / "cities/beijing-tongjiju-2026-budget-narrative.pdf",
                          corpus / "cities/beijing-tongjiju-2026-budget-tables.pdf"])
    ids = budgetkit.check(doc).identities
    total = ids[(ids["rule"] == "income_total") & (ids["table"] == "fiscal_overall")]
    assert list(total["actual"]) == [D("50818.175849")] and list(total["outcome"]) == ["exact"]


def test_project_list_read_flat_over_several_levels_is_a_doubt():
    # 通用项目 (一级) 20.00 → 大型活动 (二级) 20.00 → 统计业务培训 20.00, all read as projects.
    records = [line("projects", 0, "20.00", item="total"),
               line("projects", 1, "20.00", item="unit_total", unit="某局"),
               *(line("projects", r, "20.00", item="project", unit="某局", name=n)
                 for r, n in ((2, "通用项目"), (3, "大型活动"), (4, "统计业务培训")))]
    doc = document(records)
    assert "add up to 3.0× its total" in reading_doubts(doc)["projects"][0]
    assert set(rule_findings(doc, "unit_sum")["severity"]) == {"warning"}


def test_uncoded_row_of_no_known_item_in_a_unit_table_is_a_doubt():
    records = [line("basic_by_unit", 0, "30.00", item="unit_total", unit="某局本级"),
               line("basic_by_unit", 1, "30.00", code="301", unit="某局本级"),
               line("basic_by_unit", 2, "9.00", unit="某局本级", name="某中心")]
    assert "'某中心' is no known item" in reading_doubts(document(records))["basic_by_unit"][0]
