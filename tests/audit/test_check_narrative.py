"""The audit of the 情况说明 paragraph by paragraph: each narrative and text check on a small
hand-built document, with sentences as the corpus prints them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import budgetkit
from tests.helpers import document, findings, line


def final(doc, **changes):
    """``doc`` as a 决算 of 2024 (the corpus 决算's year)."""
    return replace(doc, phase="final", year=2024, **changes)


def general_function(rows, *, page=15):
    """一般公共预算支出表 rows (code, name, 决算数 / 预算数, 年初预算数 or None)."""
    out = []
    for i, (code, name, total, budget) in enumerate(rows):
        where = {"code": code, "name": name} if code else {"item": "total"}
        out.append(line("general_function", i, total, page=page, **where))
        if budget is not None:
            out.append(line("general_function", i, budget, measure="budget", page=page, **where))
    return out


ITEMS = [("", "合计", "1511.89", "1560.05"), ("201", "一般公共服务支出", "1511.89", "1560.05"),
         ("20106", "财政事务", "1511.89", "1560.05"), ("2010601", "行政运行", "1511.89", "1560.05")]
ITEM = ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。"
        "年初预算为1560.05万元，支出决算为{}万元。决算数{}预算数的主要原因：人员进出及退休变化，减少人员经费开支。")


# -- amounts of item paragraphs --------------------------------------------------------------------

def test_item_paragraph_matches_its_row_by_names():
    doc = final(document(general_function(ITEMS), narrative=ITEM.format("1511.89", "小于")))
    ids = budgetkit.check(doc).identities
    amounts = ids[(ids["rule"] == "claim_amount") & ids["what"].str.contains("2010601")]
    assert list(amounts["outcome"]) == ["exact", "exact"]  # the 决算数 and the 年初预算
    assert set(amounts["expected"]) == {D("1511.89"), D("1560.05")}


def test_item_paragraph_amount_differs_from_its_row():
    doc = final(document(general_function(ITEMS), narrative=ITEM.format("1521.89", "小于")))
    f = findings(doc, "claim_amount")
    assert list(zip(f["severity"], f["code"], f["expected"], f["actual"], strict=True)) == [
        ("error", "2010601", D("1511.89"), D("1521.89"))]


def test_claim_digit_stray_digit_the_table_exposes():
    # sh-putuo-finance-2025 p.7: "…职业年金缴费支出（项）”887.36万元" for the table's 87.36
    rows = [("2080506", "机关事业单位职业年金缴费支出", "87.36", None), ("20805", "行政事业单位养老支出", "87.36", None),
            ("208", "社会保障和就业支出", "87.36", None)]
    text = "7.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”887.36万元，主要用于缴纳职业年金支出。"
    f = findings(document(general_function(rows), narrative=text), "claim_digit")
    assert list(zip(f["severity"], f["code"], f["expected"], f["actual"], strict=True)) == [
        ("error", "2080506", D("87.36"), D("887.36"))]
    assert findings(document(general_function(rows), narrative=text), "claim_amount").empty


def test_claim_digit_stray_digit_the_percentage_exposes():
    # the seed's sentence with one digit too many in the amount: 129.41 ÷ (1564.22 − 129.41) = 9.02%
    f = findings(document([], narrative="收入预算15644.22万元，比上年增加129.41万元，增长9.02%。"), "claim_digit")
    assert list(zip(f["severity"], f["measure"], f["expected"], f["actual"], strict=True)) == [
        ("error", "amount", D("1564.22"), D("15644.22"))]
    assert findings(document([], narrative="收入预算15644.22万元，比上年增加129.41万元，增长9.02%。"),
                    "claim_percent").empty


def test_claim_magnitude_headline_total_a_thousand_times_too_small():
    recs = [line("overall", 0, "156422.00", side="income", item="income_total")]
    f = findings(document(recs, narrative="收入预算156.42万元。"), "claim_magnitude")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [("error", D("156422.00"), D("156.42"))]
    assert "小了 1,000 倍" in f["message"].iloc[0]


# -- rates, shares and comparison words ------------------------------------------------------------

def test_claim_rate():
    # sh-putuo-finance-2024-final p.21: 2940.05 ÷ 2993.92 = 98.20%
    text = "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的{}%。"
    ok = budgetkit.check(final(document([], narrative=text.format("98.20")))).identities
    assert list(ok.loc[ok["rule"] == "claim_rate", "outcome"]) == ["exact"]
    f = findings(final(document([], narrative=text.format("98.02"))), "claim_rate")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [("error", D("98.20"), D("98.02"))]


def test_claim_share_error():
    # sh-putuo-finance-2024-final p.21: 2106.66 of 2940.05 is 71.65%, printed 71.73%
    text = ("一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；"
            "卫生健康支出（类）60.99万元，占2.07%。")
    f = findings(final(document([], narrative=text)), "claim_share")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [("error", D("71.65"), D("71.73"))]


def test_claim_share_rounded_to_add_up_to_a_hundred_is_info():
    # js-procuratorate-2018 p.25: 99.94% and 0.06% for 99.93 and 0.07
    text = "收入预算总计21,955.35万元，其中：一般公共预算收入21,940.96万元，占99.94%；其他资金14.39万元，占0.06%。"
    f = findings(document([], narrative=text), "claim_share")
    assert list(f["severity"]) == ["info", "info"]


def test_claim_comparison_final_against_plan():
    text = ITEM.format("1511.89", "大于")  # 1511.89 is less than 1560.05
    f = findings(final(document(general_function(ITEMS), narrative=text)), "claim_comparison")
    assert list(zip(f["severity"], f["code"], f["expected"], f["actual"], f["difference"], strict=True)) == [
        ("error", "2010601", D("1560.05"), D("1511.89"), D("-48.16"))]
    ok = budgetkit.check(final(document(general_function(ITEMS), narrative=ITEM.format("1511.89", "小于"))))
    assert list(ok.identities.loc[ok.identities["rule"] == "claim_comparison", "outcome"]) == ["exact"]


def test_claim_comparison_against_last_years_outturn():
    # sh-putuo-wanli-2024 p.6, with the word turned round: 25.77 against 60.13 is a decrease
    text = ("1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。"
            "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数增加57.14%。")
    f = findings(document([], narrative=text), "claim_comparison")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [("error", D("60.13"), D("25.77"))]


def test_item_percentage_against_last_years_outturn():
    # sh-putuo-wanli-2023 p.6: 45.41 against 11.67 is 289.12%, printed 314.82%
    text = ("3. “一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”45.41万元，主要用于群众团体事务一般行政管理"
            "事务。2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。")
    f = findings(document([], narrative=text), "claim_percent")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [("error", D("289.12"), D("314.82"))]


# -- reading doubts ---------------------------------------------------------------------------------

def test_claim_contradicting_two_cells_is_an_error_despite_a_reading_doubt():
    # sh-putuo-finance-2024-final: "财政拨款收入支出总计0.3万元" where the 总计 row prints 2,961.68 on both sides
    recs = [line("fiscal_overall", 0, "2961.68", side="income", item="total"),
            line("fiscal_overall", 0, "2961.68", side="expenditure", item="total")]
    doc = document(recs, narrative="财政拨款收入支出总计0.3万元。",
                   notes={}, warnings=())
    doc = replace(doc, table_info=tuple(replace(i, reading=("财政拨款收入支出决算总表 (p.1): column '一般公共预算财政拨款' "
                                                            "is not a known measure",)) for i in doc.table_info))
    f = findings(doc, "claim_amount")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [("error", D("2961.68"), D("0.3"))]


def test_claim_against_a_table_with_columns_not_understood_is_a_warning():
    # chongqing-guihuaheziranziyuanju-2026 p.19: the 2026 column read under another name, 2025's as 合计
    recs = [line("general_function", 0, "219607.38", item="total"),
            line("general_function", 0, "227955.11", item="total", measure="2026年预算数/总计")]
    f = findings(document(recs, narrative="一般公共预算财政拨款支出227,955.11万元，比2025年增加8,347.73万元。"),
                 "claim_amount")
    assert list(f["severity"]) == ["warning"] and "no known measure" in f["message"].iloc[0]


# -- the “三公” table and empty tables ---------------------------------------------------------------

def test_three_public_blank():
    recs = [line("three_public", 0, "24.90", item="three_public", measure="prior_budget", page=18)]
    f = findings(document(recs, narrative="“三公”经费8.50万元，比上年减少16.40万元，下降65.86%。"), "three_public_blank")
    assert list(zip(f["severity"], f["item"], f["actual"], f["page2"], strict=True)) == [
        ("warning", "three_public", D("8.50"), 18)]
    # a row not read at all says nothing of its cells
    other = [line("three_public", 0, "1.00", item="reception", page=18)]
    assert findings(document(other, narrative="“三公”经费8.50万元。"), "three_public_blank").empty


def test_empty_table_explained_under_it_on_its_page():
    # sh-putuo-finance-2024-final p.19: the note is prose under the frame, not a cell of it
    recs = [line("gov_fund", 0, "0.00", item="total", page=19)]
    text = "政府性基金预算财政拨款收入支出决算表\n单位：万元\n注 上海市普陀区财政局无政府性基金预算财政拨款支出 故本表无数据"
    doc = replace(document(recs), text=text, text_pages=((0, 19),))
    doc = replace(doc, table_info=tuple(replace(i, status="empty") for i in doc.table_info))
    f = findings(doc, "table_empty")
    assert list(f["severity"]) == ["info"] and "故本表无数据" in f["message"].iloc[0]
    unexplained = replace(doc, text="政府性基金预算财政拨款收入支出决算表\n单位：万元")
    assert list(findings(unexplained, "table_empty")["severity"]) == ["warning"]


# -- text checks, with their page -----------------------------------------------------------------

def test_text_findings_name_their_page():
    narrative = "一、收入支出\n上海市XX局2024年度收入支出总计XXX万元。\n二、三公\n比上年增加（减少）0万元。"
    doc = replace(document([], narrative=narrative), narrative_pages=((0, 15), (narrative.index("二、"), 17)))
    f = budgetkit.check(doc).findings
    text = f[f["rule"].str.startswith("text_")]
    assert list(zip(text["rule"], text["severity"], text["page"], strict=True)) == [
        ("text_placeholder", "warning", 15), ("text_template", "warning", 17)]
    assert "本页同类共 2 处" in text["message"].iloc[0]


def test_text_year_in_a_budget_comparing_with_its_own_year():
    doc = replace(document([], narrative="支出预算15621.11万元，比2026年预算减少876.75万元。"), year=2026)
    f = findings(doc, "text_year")
    assert list(f["severity"]) == ["warning"] and "比2026年预算" in f["message"].iloc[0]


def test_claim_change_against_the_stated_base():
    # beijing-shangwuju-2026: 288416.35 − 264448.86 = 23967.49
    text = "2026年度收入预算288416.35万元，比2025年年初预算数264448.86万元增加{}万元，增长9.06%。"
    ok = budgetkit.check(document([], narrative=text.format("23967.49"))).identities
    assert list(ok.loc[ok["rule"] == "claim_change", "outcome"]) == ["exact"]
    f = findings(document([], narrative=text.format("23976.49")), "claim_change")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [
        ("error", D("23967.49"), D("23976.49"))]


def test_claim_comparison_word_against_the_stated_base():
    text = "2026年度收入预算288416.35万元，比2025年年初预算数264448.86万元减少23967.49万元，下降9.06%。"
    f = findings(document([], narrative=text), "claim_comparison")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [
        ("error", D("264448.86"), D("288416.35"))]


def test_item_percentage_of_the_jiangsu_form():
    # js-procuratorate-2018 p.26: 21.8 ÷ 3644.2 = 0.60%, printed 0.06% (an amount printed without decimals)
    text = "2. 检察（款）一般行政管理事务（项）支出3,666万元，与上年相比增加21.8万元，增长0.06%。主要原因是"
    f = findings(document([], narrative=text), "claim_percent")
    assert list(zip(f["severity"], f["expected"], f["actual"], strict=True)) == [("error", D("0.60"), D("0.06"))]


def test_a_percentage_one_unit_off_is_no_stray_digit():
    # js-procuratorate-2018 p.26: 2915.22 ÷ 7968.14 = 36.59%, printed 36.58%: a slip of rounding, not of a digit
    text = "1. 检察（款）行政运行（项）支出10,883.36万元，与上年相比增加2,915.22万元，增长36.58%。"
    f = findings(document([], narrative=text))
    assert list(f.loc[f["rule"].str.startswith("claim_"), "rule"]) == ["claim_percent"]


def test_item_named_by_its_code_against_its_row():
    # fuzhou-kexuejishuju-benji-2026 p.24, the amount altered; checked only where the code bears that name
    rows = [("2060101", "行政运行", "693.69", None)]
    text = "（一）2060101-行政运行{}万元。主要用于福州市科技局本级人员支出。"
    f = findings(document(general_function(rows), narrative=text.format("639.69")), "claim_amount")
    assert list(zip(f["severity"], f["code"], f["expected"], f["actual"], strict=True)) == [
        ("error", "2060101", D("693.69"), D("639.69"))]
    other = [("2060101", "一般行政管理事务", "693.69", None)]
    assert findings(document(general_function(other), narrative=text.format("639.69")), "claim_amount").empty


# -- an item's amount stated twice ---------------------------------------------------------------

RESTATED = ("16.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”220.63万元，主要用于"
            "机关事业单位职业年金缴费支出。2022年当年预算执行数为132.59万元，2023年预算安排{}万元，比2022年预算执行数增加"
            "{}%。")
PENSION = [("2080506", "机关事业单位职业年金缴费支出", "220.63", None), ("20805", "行政事业单位养老支出", "220.63", None),
           ("208", "社会保障和就业支出", "220.63", None)]


def test_claim_restated_an_item_paragraph_restating_another_amount():
    """万里 2023 p.7: the 职业年金 paragraph's 预算安排 is the 基本养老保险 item's 441.25, copied."""
    doc = replace(document(general_function(PENSION), narrative=RESTATED.format("441.25", "60.54")), year=2023)
    f = findings(doc, "claim_restated")
    assert list(zip(f["severity"], f["code"], f["expected"], f["actual"], strict=True)) == [
        ("error", "2080506", D("220.63"), D("441.25"))]


def test_claim_restated_holds_when_the_paragraph_restates_its_own_amount():
    doc = replace(document(general_function(PENSION), narrative=RESTATED.format("220.63", "66.40")), year=2023)
    ids = budgetkit.check(doc).identities
    assert list(ids[ids["rule"] == "claim_restated"]["outcome"]) == ["exact"]
    assert findings(doc, "claim_restated").empty


def test_claim_restated_leaves_another_year_and_another_subject_alone():
    # "2022年预算安排…" is the year before's plan; "基本支出预算数为…" (a paragraph after the last
    # item, js-high-court 2017 p.19) and "去年预算数为0万元" (wuxi 2026) speak of something else.
    for text in (RESTATED.format("220.63", "66.40").replace("2022年当年预算执行数为", "2022年预算安排"),
                 RESTATED.format("220.63", "66.40") + "此外，基本支出预算数为17123.19万元。",
                 RESTATED.format("220.63", "66.40").replace("2022年当年预算执行数为132.59万元", "去年预算数为0万元")):
        doc = replace(document(general_function(PENSION), narrative=text), year=2023)
        ids = budgetkit.check(doc).identities
        assert list(ids[ids["rule"] == "claim_restated"]["actual"]) == [D("220.63")], text
