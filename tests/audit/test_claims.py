"""Claims of the 情况说明: the seed's sentences field by field, and the forms the corpus prints."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit.audit.claims import CLAIM_COLUMNS, claims_frame, compact_text, text_to_claims


@pytest.fixture(scope="module")
def seed_claims(seed):
    return budgetkit.claims(seed)


def _one(frame, subject):
    rows = frame[frame["subject"] == subject]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def _na(value) -> bool:
    return value is None or value is pd.NA


def test_columns_and_dtypes(seed_claims):
    assert tuple(seed_claims.columns) == CLAIM_COLUMNS
    for col in ("amount", "change", "percent", "previous"):
        assert str(seed_claims[col].dtype).startswith("decimal128"), col


def test_seed_subjects_in_order(seed_claims):
    assert list(seed_claims["subject"]) == [
        "income", "expenditure", "three_public", "overseas_travel", "vehicle", "vehicle_purchase",
        "vehicle_operation", "reception", "office_operation", "procurement", "procurement_goods",
        "procurement_works", "procurement_services",
    ]


# (subject, label, amount, change, direction, percent, previous)
SEED = [
    ("income", "收入预算", "1564.22", "129.41", "increase", "9.02", "1434.81"),
    ("expenditure", "支出预算", "1564.22", "129.41", "increase", "9.02", "1434.81"),
    ("three_public", "“三公”经费", "8.50", "-16.40", "decrease", "65.86", "24.90"),
    ("overseas_travel", "因公出国(境)费", "0", "0", "flat", "0", "0"),
    ("vehicle", "公务用车购置及运行费", "8.50", "-16.00", "decrease", "65.31", "24.50"),
    ("vehicle_purchase", "公务用车购置费", "0", "-16.00", "decrease", None, "16.00"),
    ("vehicle_operation", "公务用车运行维护费", "8.50", "0", "flat", None, "8.50"),
    ("reception", "公务接待费", "0", "-0.4", "decrease", "100", "0.40"),
    ("office_operation", "机关运行经费", "799.92", "763.61", "increase", "2103.03", "36.31"),
    ("procurement", "政府采购", "12.82", None, "", None, None),
    ("procurement_goods", "货物类采购预算", "9.61", None, "", None, None),
    ("procurement_works", "工程类采购预算", "0.00", None, "", None, None),
    ("procurement_services", "服务类采购预算", "3.21", None, "", None, None),
]


@pytest.mark.parametrize("subject, label, amount, change, direction, percent, previous", SEED)
def test_seed_claim_fields(seed_claims, seed, subject, label, amount, change, direction, percent, previous):
    c = _one(seed_claims, subject)
    assert c["label"] == label
    assert c["amount"] == D(amount)
    assert (_na(c["change"]) if change is None else c["change"] == D(change))
    assert c["direction"] == direction
    assert (_na(c["percent"]) if percent is None else c["percent"] == D(percent))
    assert (_na(c["previous"]) if previous is None else c["previous"] == D(previous))
    assert c["compared_to"] == 2022
    # The position points at the label in the narrative, the sentence holds the figure.
    assert seed.narrative[c["position"]:c["position"] + 2] == label[:2]
    assert amount.rstrip("0").rstrip(".") in c["sentence"].replace(",", "")


def test_seed_vehicle_parenthetical_keeps_inner_claims(seed_claims):
    # 公务用车购置及运行费8.50万元(公务用车购置费0万元,…;公务用车运行维护费8.50万元,…)比上年减少16.00万元
    vehicle = _one(seed_claims, "vehicle")
    assert vehicle["change"] == D("-16.00") and vehicle["percent"] == D("65.31")
    assert _one(seed_claims, "vehicle_purchase")["change"] == D("-16.00")


def test_seed_percentages_follow_from_amount_and_change(seed_claims):
    # 129.41 / (1564.22 − 129.41) = 9.02%
    for c in seed_claims.dropna(subset=["percent", "change"]).to_dict("records"):
        previous = c["amount"] - c["change"]
        if previous:
            assert round(abs(c["change"]) / previous * 100, 2) == c["percent"], c["subject"]


def test_thousands_separator_and_wrapped_line():
    text = "2023年本部门收入预算1,564.22\n万元，比上年增加增加129.41万元，增长9.02%。"
    (c,) = text_to_claims(text, 2023)
    assert (c["subject"], c["amount"], c["change"], c["percent"]) == ("income", D("1564.22"), D("129.41"), D("9.02"))
    assert c["position"] == text.index("收入预算")


def test_stated_year_is_compared_to():
    (c,) = text_to_claims("支出预算15621.11万元，比2023年预算减少876.75万元。", 2024)
    assert (c["compared_to"], c["change"], c["direction"], c["previous"]) == (2023, D("-876.75"), "decrease",
                                                                               D("16497.86"))


def test_flat_means_no_change():
    (c,) = text_to_claims("“三公”经费预算数为22.91万元，比2022年预算持平。", 2023)
    assert (c["subject"], c["direction"], c["change"], c["previous"]) == ("three_public", "flat", D(0), D("22.91"))


def test_income_and_expenditure_total_claim():
    (c,) = text_to_claims("收入、支出预算总计27664.22万元，与上年相比收、支预算总计各增加3205.79万元，增长13.11%。", 2018)
    assert (c["subject"], c["amount"], c["change"], c["percent"]) == (
        "income_expenditure_total", D("27664.22"), D("3205.79"), D("13.11"))


def test_qualified_income_is_not_the_headline():
    assert text_to_claims("3．其他资金收入预算总计0万元。基本支出预算数为7666.68万元。", 2017)[0]["subject"] == "basic"


def test_verb_before_base():
    (c,) = text_to_claims("公务接待费预算支出156.55万元，本年数小于上年预算数29.65万元，主要是厉行节约。", 2017)
    assert (c["change"], c["direction"], c["previous"]) == (D("-29.65"), "decrease", D("186.20"))


def test_page_number_inside_a_sentence_is_skipped():
    (c,) = text_to_claims("收入、支出预算总计20849.45万元，与上年相比收、支预算总计各增加2043.58万元，增长—5—10.87%。", 2017)
    assert c["percent"] == D("10.87")


def test_procurement_parts_shanghai_wording():
    got = text_to_claims("政府采购预算38.20万元，其中：政府采购货物预算7.80万元、政府采购工程预算0万元、"
                         "政府采购服务预算30.40万元。", 2025)
    assert [(c["subject"], c["amount"]) for c in got] == [
        ("procurement", D("38.20")), ("procurement_goods", D("7.80")), ("procurement_works", D(0)),
        ("procurement_services", D("30.40"))]


def test_compact_text_maps_positions_back():
    text = "收入\n预算 1，564.22 万元"
    compact = compact_text(text)
    assert compact.text == "收入预算1,564.22万元"
    assert text[compact.origin(compact.text.index("1,564"))] == "1"


def test_empty_narrative_gives_empty_frame():
    frame = claims_frame([])
    assert list(frame.columns) == list(CLAIM_COLUMNS) and frame.empty


def test_change_before_subject_is_no_claim():
    # "……等原因，增加基本支出844.15万元": the 844.15 is a change, not the 基本支出 budget.
    assert text_to_claims("主要原因是政策性增资等原因，增加基本支出844.15万元。", 2017) == []


def test_regression_a_qualified_figure_was_taken_for_the_headline():
    from budgetkit.audit.claims import text_to_claims

    assert text_to_claims("财政拨款收支总预算18,728.91万元。", 2026) == []  # the 财政拨款 total, not 收支总预算
    assert text_to_claims("政府性基金预算财政拨款收入0.00万元、", 2026) == []  # one fund, not 财政拨款收入
    assert [c["subject"] for c in text_to_claims("收支总预算654,235.22万元。", 2026)] == ["income_expenditure_total"]


# -- the paragraphs of a 决算 and a 预算, field by field (sentences as the corpus prints them) ---------

def _by(records, subject):
    found = [r for r in records if r["subject"] == subject]
    assert len(found) == 1, found
    return found[0]


def test_final_item_paragraph_fields():
    # sh-putuo-finance-2024-final p.22, as its text layer gives it: the punctuation of one line set
    # into the next ("1511.89万，元").
    text = ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于 局本部人\n：\n员经费及公用经费等的基本支出。"
            "年初预算为1560.05万元 支出决算为1511.89万\n，\n元。决算数小于预算数的主要原因 人员进出及退休变化 减少人员经费开支。")
    c = _by(text_to_claims(text, 2024), "function")
    assert c["label"] == "一般公共服务支出(类)财政事务(款)行政运行(项)"
    assert (c["amount"], c["budget"], c["rate"], c["versus"]) == (D("1511.89"), D("1560.05"), None, "less")
    assert text[c["position"]:].startswith("一般公共服务支出（类）")


def test_final_item_paragraph_roughly_flat():
    # p.22: "决算数与预：算数基本持平" (a colon of the line above inside 预算数).
    text = ("8、社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）。主要用于 退休人员经费支出。"
            "年初预算为0.94万元 支出决算为\n0.94万元。决算数与预：算数基本持平。 ，")
    c = _by(text_to_claims(text, 2024), "function")
    assert (c["amount"], c["budget"], c["versus"]) == (D("0.94"), D("0.94"), "roughly")


def test_final_headline_execution_fields():
    # p.21: the 决算 against its 年初预算, with the rate and the comparison word.
    text = ("一般公共预算财政拨款支出年初预算为2993.92万元 支出决算为2940.05万元 完成年初预算的98.20%。决算数小于预算数"
            "的主要原因 ，因年度工作计划安排")
    c = _by(text_to_claims(text, 2024), "general_public_expenditure")
    assert (c["amount"], c["budget"], c["rate"], c["versus"]) == (D("2940.05"), D("2993.92"), D("98.20"), "less")


def test_final_totals_and_next_sentence_comparison():
    # p.21: the comparison is the next sentence and names the figure again.
    text = "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比 收入支出总计减少56.95万元 下降1.87%。"
    c = _by(text_to_claims(text, 2024), "final_total")
    assert (c["amount"], c["change"], c["percent"], c["compared_to"]) == (D("2995.39"), D("-56.95"), D("1.87"), 2023)
    fiscal = _by(text_to_claims("上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。与2023年度相比\n，财政拨款收入支出"
                                "总计持平。", 2024), "fiscal_total")
    assert (fiscal["amount"], fiscal["direction"], fiscal["change"]) == (D("0.3"), "flat", D(0))


def test_next_sentence_comparing_another_figure_is_not_taken():
    (c,) = [r for r in text_to_claims("“三公”经费预算数为22.91万元。与上年相比，会务活动增加5.00万元。", 2023)
            if r["subject"] == "three_public"]
    assert c["change"] is None and c["direction"] == ""


def test_budget_item_paragraph_with_previous_outturn():
    # sh-putuo-wanli-2024 p.6: the item, last year's 执行数 and the percentage against it.
    text = ("1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。"
            "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。主要原因是：")
    c = _by(text_to_claims(text, 2024), "function")
    assert c["label"] == "一般公共服务支出(类)统计信息事务(款)专项普查活动(项)"
    assert (c["amount"], c["previous"], c["change"], c["direction"], c["percent"], c["compared_to"]) == (
        D("25.77"), D("60.13"), D("-34.36"), "decrease", D("57.14"), 2023)


def test_budget_item_paragraph_without_quotes():
    # hangzhou-jiaotongyunshuju-2026 p.7: numbered, no quotes, a space before 万元.
    c = _by(text_to_claims("（1）一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）1.98 万元，主要用于两新组织党建工作"
                           "经费", 2026), "function")
    assert (c["label"], c["amount"], c["previous"]) == ("一般公共服务支出(类)社会工作事务(款)其他社会工作事务支出(项)",
                                                         D("1.98"), None)


def test_shares_of_the_figure_the_list_follows():
    # sh-putuo-finance-2024-final p.21 (punctuation restored): 其中 introduces the parts.
    got = text_to_claims("本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%。", 2024)
    fiscal, part = _by(got, "fiscal"), _by(got, "part")
    assert (fiscal["share"], fiscal["whole"]) == (D("99.79"), D("2946.25"))
    assert (part["label"], part["amount"], part["share"], part["whole"]) == ("其他收入", D("6.2"), D("0.21"), D("2946.25"))


def test_share_of_a_named_whole():
    got = text_to_claims("本年支出合计2940.05万元。一般公共预算财政拨款支出2940.05万元，占本年支出合计的100.00%。", 2024)
    c = [r for r in got if r.get("share") is not None]
    assert [(r["share"], r["whole"], r["whole_label"]) for r in c] == [(D("100.00"), D("2940.05"), "本年支出合计")]


def test_share_of_an_item_whose_list_names_no_whole_is_not_resolved():
    # hangzhou p.6: "国防（类）支出18.00万元，占0.004%": three places kept, no whole stated before it.
    c = _by(text_to_claims("一般公共服务（类）支出6,701.98万元，占1.6%；国防（类）支出18.00万元，占0.004%；", 2026)[1:], "function")
    assert (c["amount"], c["share"], c["whole"]) == (D("18.00"), D("0.004"), None)


def test_a_figure_split_by_a_displaced_mark_is_no_share():
    # p.21: "社会保障和，就业支出（类）326.7：2万元 占11.11%": "2万元" is no figure of the sentence.
    got = text_to_claims("社会保障和，就业支出（类）326.7：2万元 占11.11%卫生健康支出（类）", 2024)
    assert not [r for r in got if r.get("share") is not None]


def test_item_code_by_its_names():
    from budgetkit.audit.claims import item_code, item_names

    codes = {"201": ("一般公共服务", ""), "20106": ("财政事务", "201"), "2010601": ("行政运行", "20106"),
             "214": ("交通运输", ""), "21401": ("公路水路运输", "214"), "2140101": ("行政运行", "21401")}
    assert item_code(item_names("一般公共服务支出(类)财政事务(款)行政运行(项)"), codes) == "2010601"
    assert item_code(item_names("交通运输(类)"), codes) == "214"
    assert item_code(item_names("行政运行(项)"), codes) == ""  # two rows bear the name: not one


def test_transfer_payment_spending_is_no_expenditure_headline():
    # shenzhen-weishengjiankangweiyuanhui-benji-2026 p.17: one fund's spending, not the 支出预算 total.
    got = text_to_claims("1.本单位上级专项转移支付支出预算支出29.15万元，无政府性基金预算支出和国有资本经营预算支出。", 2026)
    assert not [r for r in got if r["subject"] == "expenditure"]


def test_claims_carry_paragraph_and_page():
    from dataclasses import replace

    from budgetkit.tidy.document import BudgetDocument
    from budgetkit.tidy.schema import lines_frame

    narrative = "一、收入\n收入预算1,564.22万元。\n二、三公\n“三公”经费8.50万元。"
    doc = BudgetDocument(sources=("t.txt",), department="测试局", year=2023, phase="budget", level="department",
                         lines=lines_frame([]), projects=pd.DataFrame(), table_info=(), narrative=narrative,
                         text=narrative, pages=2)
    doc = replace(doc, narrative_pages=((0, 5), (narrative.index("二、"), 6)))
    c = budgetkit.claims(doc).set_index("subject")
    assert (c.loc["income", "paragraph"], c.loc["income", "page"]) == (1, 5)
    assert (c.loc["three_public", "paragraph"], c.loc["three_public", "page"]) == (3, 6)


# -- the text a careful reader checks ------------------------------------------------------------

def _rules(text, year, phase="budget"):
    from budgetkit.audit.claims import text_issues

    return [(r["rule"], r["message"]) for r in text_issues(text, year, phase)]


def test_text_placeholder():
    # national-final-template-2024 p.15
    got = _rules("上海市XX局2024年度收入支出总计XXX万元。", 2024, "final")
    assert got == [("text_placeholder", "模板占位符「XX」未替换"), ("text_placeholder", "模板占位符「XXX」未替换")]


def test_text_template_residue():
    # js-npc-office-2018 p.19
    got = _rules("（2）政府性基金收入预算0万元，与上年相比增加（减少）0万元，增长（减少） 0%。", 2018)
    assert got == [("text_template", "模板残留「增加(减少)」：增减方向未按实际填写"),
                   ("text_template", "模板残留「增长(减少)」：增减方向未按实际填写")]


def test_text_doubled_punctuation():
    # shanghai-haiyangjianceyubaozhongxin-2026 p.6
    assert _rules("海洋生态预警、海洋灾害预警预报、、滨海海洋生态保护修复设施长效运维项目。", 2026) == [
        ("text_punctuation", "标点重复「、、」")]


def test_text_punctuation_set_apart_by_the_text_layer_is_not_doubled():
    # sh-putuo-finance-2024-final: lines of nothing but the marks of the line above.
    text = "管理\n； ；\n负责编制\n， ，\n预算支出标准\n， ；\n一般公共预算财政拨款支出减少63.1，4万元 下降2.10%。"
    assert _rules(text, 2024, "final") == []


def test_text_percentage_or_amount_without_unit():
    assert _rules("收入预算1,564.22万元，比上年增加129.41，增长9.02，主要原因是", 2023) == [
        ("text_unit", "金额「增加129.41」缺少单位"), ("text_unit", "百分比「增长9.02」缺少 %")]
    assert _rules("比上年执行数增加205,287.63万元，增长3,593.7%，主要原因", 2026) == []


def test_text_year_of_a_comparison():
    assert _rules("支出预算15621.11万元，比2026年预算减少876.75万元。", 2026) == [
        ("text_year", "「比2026年预算」：2026年度文件以2026年为比较基年（应为2025年）")]
    assert _rules("支出预算15621.11万元，比2025年预算减少876.75万元。", 2026) == []
    # a 决算 compares with its own year's 年初预算
    assert _rules("决算数比2024年年初预算减少5.00万元。与2023年度相比，增加2.55万元。", 2024, "final") == []


def test_text_year_of_a_heading():
    # xian-ziranziyuanheguihuaju-2022 p.94: a table of 2021 in the 2022 budget
    assert _rules("表14\n2021年部门预算专项业务经费绩效目标表\n项目名称", 2022) == [
        ("text_year", "标题「2021年部门预算专项业务经费绩效目标表」的年度（2021年）与文件年度（2022年）不符")]
    assert _rules("第三部分 2022年部门预算情况说明", 2022) == []


def test_text_year_of_an_as_of_date():
    assert _rules("截至2023年12月31日，本部门共有车辆2辆。", 2026) == [
        ("text_year", "「截至2023年12月31日」：2026年度预算的截至日期在2023年")]
    assert _rules("截至2025年12月31日，本部门共有车辆2辆。截至2026年1月31日。", 2026) == []
    assert _rules("截至2024年12月31日 上海市普陀区财政局共有车辆0辆", 2024, "final") == []


def test_comparison_stating_last_years_figure():
    # beijing-shangwuju-2026 narrative: the base is stated, then the change and the percentage
    (c,) = [r for r in text_to_claims("2026年度收入预算288416.35万元，比2025年年初预算数264448.86万元增加23967.49万元，"
                                      "增长9.06%。", 2026) if r["subject"] == "income"]
    assert (c["amount"], c["base"], c["previous"], c["change"], c["percent"], c["compared_to"]) == (
        D("288416.35"), D("264448.86"), D("264448.86"), D("23967.49"), D("9.06"), 2025)


def test_item_paragraph_with_its_change_jiangsu():
    # js-party-office-2017 narrative p.8: a 款 named with a bracket, the change after the amount
    c = _by(text_to_claims("1．党委办公厅（室）及相关机构事务（款）行政运行（项）支出 6106.99 万元，与上年相比增加 101.48 万元，"
                           "增长 1.66%。主要原因是政策性调资。", 2017), "function")
    assert (c["label"], c["amount"], c["change"], c["direction"], c["percent"]) == (
        "党委办公厅(室)及相关机构事务(款)行政运行(项)", D("6106.99"), D("101.48"), "increase", D("1.66"))


def test_item_named_by_its_code():
    # fuzhou-kexuejishuju-benji-2026 p.24
    c = _by(text_to_claims("（一）2060101-行政运行693.69万元。主要用于福州市科技局本级人员支出、对个人及家庭补助支出、公用支出。",
                           2026), "function")
    assert (c["code"], c["label"], c["amount"]) == ("2060101", "2060101行政运行", D("693.69"))


def test_item_heading_with_its_planned_amount_later():
    # the form "（一）一般公共服务（类）……预算安排X万元": the words between hold no other figure
    c = _by(text_to_claims("（一）一般公共服务（类）。主要用于机关运行和履职支出，2026年预算安排1,234.56万元。", 2026), "function")
    assert (c["label"], c["amount"]) == ("一般公共服务(类)", D("1234.56"))
    # another figure before the planned amount: the paragraph is not read as this item's
    assert not [r for r in text_to_claims("（一）一般公共服务（类）。含3个项目，2026年预算安排1,234.56万元。", 2026)
                if r["subject"] == "function"]
