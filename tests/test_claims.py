"""Claims of the 情况说明: the seed's sentences field by field, and the forms the corpus prints."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit.claims import CLAIM_COLUMNS, claims_frame, compact_text, text_to_claims


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
    from budgetkit.claims import text_to_claims

    assert text_to_claims("财政拨款收支总预算18,728.91万元。", 2026) == []  # the 财政拨款 total, not 收支总预算
    assert text_to_claims("政府性基金预算财政拨款收入0.00万元、", 2026) == []  # one fund, not 财政拨款收入
    assert [c["subject"] for c in text_to_claims("收支总预算654,235.22万元。", 2026)] == ["income_expenditure_total"]
