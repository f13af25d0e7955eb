"""Narratives from the numbers alone: the seed's own sentences and the formatting edge cases."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit._format import display_amount, display_percent
from budgetkit.errors import BudgetkitError
from budgetkit.narrative.sentences import Change, change_en, change_zh, sentence_zh
from tests.helpers import SEED_PREVIOUS, edited


@pytest.fixture(scope="module")
def yoy(seed):
    return budgetkit.compare(edited(seed.lines, 2022, SEED_PREVIOUS), seed)


@pytest.fixture(scope="module")
def zh(yoy):
    return budgetkit.narrate(yoy)


@pytest.fixture(scope="module")
def en(yoy):
    return budgetkit.narrate(yoy, lang="en")


# The seed's own sentences, written again from the two years' numbers.
SEED_SENTENCES = [
    "2023年本部门收入预算1,564.22万元，比上年增加129.41万元，增长9.02%。",
    "2023年本部门支出预算1,564.22万元，比上年增加129.41万元，增长9.02%。",
    "“三公”经费8.50万元，比上年减少16.40万元，下降65.86%。",
    "公务用车购置及运行费8.50万元，比上年减少16.00万元，下降65.31%。",
    "机关运行经费799.92万元，比上年增加763.61万元，增长2103.03%。",
    "公务接待费0.00万元，比上年减少0.40万元，下降100%。",
    "公务用车购置费0.00万元，比上年减少16.00万元，下降100%。",
    "因公出国（境）费0.00万元，与上年持平。",
]


@pytest.mark.parametrize("expected", SEED_SENTENCES)
def test_seed_sentences_from_numbers_alone(zh, expected):
    assert any(expected in s for s in zh), f"{expected!r} not in\n" + "\n".join(zh)


def test_the_seed_narrative_says_the_same(seed):
    # The document's own wording of the same facts (its punctuation is ASCII, ours full-width).
    narrative = seed.narrative.replace(",", "，")
    for fact in ("收入预算1，564.22万元，比上年增加129.41万元，增长9.02%",
                 "“三公”经费8.50万元，比上年减少16.40万元，下降65.86%",
                 "机关运行经费安排799.92万元，比上年增加763.61万元，增长2103.03%"):
        assert fact in narrative


def test_order_totals_first_largest_changes_last(zh, en):
    assert zh[0].startswith("2023年本部门收入预算") and zh[1].startswith("2023年本部门支出预算")
    assert zh[-1].startswith("变化最大的")
    assert en[-1].startswith("Largest changes:")
    positions = {k: next(i for i, s in enumerate(zh) if k in s)
                 for k in ("收入预算", "一般公共服务支出", "基本支出", "工资福利支出", "“三公”经费", "机关运行经费")}
    assert list(positions) == sorted(positions, key=positions.get)
    assert len(zh) == len(en)


def test_classes_zero_in_both_years_are_left_out(zh):
    assert not any("外交支出" in s for s in zh)
    assert sum("2023年本部门" in s and "支出" in s and "（" not in s for s in zh) >= 6


def test_largest_changes_paragraph(seed):
    previous = edited(seed.lines, 2022, {("expenditure", "", "206"): "300.00", ("expenditure", "", "221"): "150.00"})
    zh = budgetkit.narrate(budgetkit.compare(previous, seed))
    assert zh[-1] == "变化最大的2项：科学技术支出增加248.48万元，增长82.83%；住房保障支出减少7.73万元，下降5.15%。"
    assert "2023年本部门科学技术支出548.48万元，比上年增加248.48万元，增长82.83%。" in zh
    en = budgetkit.narrate(budgetkit.compare(previous, seed), lang="en")
    assert en[-1] == ("Largest changes: 科学技术支出, an increase of 248.48万元, 82.83%; "
                      "住房保障支出, a decrease of 7.73万元, 5.15%.")
    assert ("In 2023 the department's expenditure on science and technology (科学技术支出) is 548.48万元, "
            "an increase of 248.48万元, 82.83%, on the previous year.") in en


def test_english_sentences(en):
    assert en[0] == ("In 2023 the department's income budget is 1,564.22万元, an increase of 129.41万元, 9.02%, "
                     "on the previous year.")
    assert any("official reception is 0.00万元, a decrease of 0.40万元, 100%, on the previous year." in s for s in en)
    assert any("official overseas travel is 0.00万元, unchanged from the previous year." in s for s in en)


def test_narrative_derived_previous_year_reproduces_the_seed_sentences(seed):
    zh = budgetkit.narrate(budgetkit.compare(budgetkit.previous_from_narrative(seed), seed))
    for expected in SEED_SENTENCES:
        assert any(expected in s for s in zh), expected
    # No 类 in what the narrative states: the largest changes are those it does state.
    assert zh[-1] == "变化最大的2项：机关运行经费增加763.61万元，增长2103.03%；“三公”经费减少16.40万元，下降65.86%。"


def test_unknown_language(yoy):
    with pytest.raises(BudgetkitError, match="unknown language"):
        budgetkit.narrate(yoy, lang="fr")


def test_nothing_changed(seed):
    previous = seed.lines.assign(year=2022)
    zh = budgetkit.narrate(budgetkit.compare(previous, seed))
    assert zh[-1] == "各项支出均与上年持平。"
    assert all("与上年持平" in s for s in zh[:-1])
    assert budgetkit.narrate(budgetkit.compare(previous, seed), lang="en")[-1] == "Nothing changed from the previous year."


def test_empty_frame_says_nothing(yoy):
    assert budgetkit.narrate(yoy.iloc[0:0]) == []


# Formatting edge cases -------------------------------------------------------------------

def clause(previous, current) -> str:
    return change_zh(Change(None if previous is None else D(previous), None if current is None else D(current)))


def test_equal():
    assert clause("36.31", "36.31") == "与上年持平"
    assert clause("0", "0") == "与上年持平"
    assert change_en(Change(D("5"), D("5"))) == "unchanged from the previous year"


def test_from_zero_has_no_percentage():
    assert clause("0", "50") == "比上年新增50.00万元"
    assert clause(None, "50") == "比上年新增50.00万元"  # a row new this year
    assert change_en(Change(D("0"), D("50"))) == "new this year, 50.00万元, none the previous year"


def test_to_zero_is_a_fall_of_100_percent():
    assert clause("0.40", "0") == "比上年减少0.40万元，下降100%"
    assert clause("16", None) == "比上年减少16.00万元，下降100%"  # a row gone this year


def test_negative_amounts():
    # The percentage is against the previous amount's size, so the direction reads right.
    assert clause("-10", "5") == "比上年增加15.00万元，增长150.00%"
    assert clause("10", "-5") == "比上年减少15.00万元，下降150.00%"
    assert clause("-10", "-20") == "比上年减少10.00万元，下降100.00%"
    assert clause("0", "-3") == "比上年减少3.00万元"
    assert sentence_zh(2023, "其他收入", Change(D("10"), D("-5"))) == \
        "2023年本部门其他收入-5.00万元，比上年减少15.00万元，下降150.00%。"


def test_thousands_separators_from_1000():
    assert display_amount(D("999.99")) == "999.99"
    assert display_amount(D("1000")) == "1,000.00"
    assert display_amount(D("24458.43")) == "24,458.43"
    assert display_amount(D("123456789.5")) == "123,456,789.50"
    assert display_amount(D("-1564.22")) == "-1,564.22"
    assert clause("20849.45", "24458.43") == "比上年增加3,608.98万元，增长17.31%"
    # Percentages print as documents print them: no separator (增长2103.03%).
    assert clause("10", "1010") == "比上年增加1,000.00万元，增长10000.00%"


def test_half_up_on_exact_amounts_never_banker_or_float():
    assert display_amount(D("0.125")) == "0.13"  # banker's rounding would give 0.12
    assert display_amount(D("2.675")) == "2.68"  # float(2.675) rounds to 2.67
    assert display_amount(D("-0.125")) == "-0.13"
    assert display_percent(D("1"), D("160")) == "0.63"  # 0.625% exactly
    assert display_percent(D("1"), D("80")) == "1.25"
    assert display_percent(D("129.41"), D("1434.81")) == "9.02"
    assert display_percent(D("16.40"), D("24.90")) == "65.86"
    assert display_percent(D("16.00"), D("24.50")) == "65.31"


def test_sub_half_cent_changes_are_not_hidden():
    # 元 amounts become 万元 with six places: a change of 40元 is 0.004万元.
    assert clause("10.000000", "10.004000") == "比上年增加0.004万元，增长0.04%"
    assert clause("10.004000", "10.000000") == "比上年减少0.004万元，下降0.04%"
    assert clause("1000.000000", "1000.000001") == "比上年增加0.000001万元，增长不足0.01%"
    assert change_en(Change(D("1000"), D("1000.000001"))) == \
        "an increase of 0.000001万元, less than 0.01%, on the previous year"
    assert clause("10.000000", "10.005000") == "比上年增加0.01万元，增长0.05%"
    assert display_amount(D("0.004")) == "0.004"
    assert display_amount(D("0")) == "0.00"
    assert display_amount(D("-0.000")) == "0.00"


def test_no_float_reaches_a_sentence(seed, yoy):
    # Every amount in the frame is an exact decimal; claims with float amounts are refused.
    assert all(isinstance(v, D) for v in yoy["current_amount"] if v is not pd.NA)
    float_claims = pd.DataFrame({"subject": ["income"], "amount": [1564.22], "change": [129.41],
                                 "direction": ["increase"], "previous": [1434.81]})
    with pytest.raises(BudgetkitError, match="not floats"):
        budgetkit.previous_from_narrative(seed, float_claims)


def test_a_total_read_in_one_year_only_gets_no_sentence_but_a_warning(seed):
    previous = seed.lines[~seed.lines["item"].isin(["income_total", "income_subtotal"])].assign(year=2022)
    with pytest.warns(UserWarning, match="income total is not stated in both years"):
        zh = budgetkit.narrate(budgetkit.compare(previous, seed))
    assert not any("收入预算" in s for s in zh)  # never "比上年新增1,564.22万元"
    assert zh[0].startswith("2023年本部门支出预算")


def test_a_breakdown_read_in_one_year_only_gets_a_warning_not_falls_of_100_percent(seed):
    # As when a reader loses the codes of one year's function tables: no "下降100%" for every 类.
    previous = seed.lines[seed.lines["classification"] != "function"].assign(year=2022)
    with pytest.warns(UserWarning, match="function 类 are not read in both years"):
        zh = budgetkit.narrate(budgetkit.compare(previous, seed))
    assert not any("下降100%" in s or "新增" in s for s in zh)
    assert not any("科学技术支出" in s for s in zh)


def test_a_three_public_part_read_in_one_year_only_gets_a_warning(seed):
    previous = seed.lines[seed.lines["item"] != "reception"].assign(year=2022)
    with pytest.warns(UserWarning, match="公务接待费: read in one year only"):
        zh = budgetkit.narrate(budgetkit.compare(previous, seed))
    assert not any("公务接待费" in s for s in zh)
    assert any("“三公”经费8.50万元，与上年持平" in s for s in zh)


# Statements only from evidence ------------------------------------------------------------

def test_regression_a_rise_stated_in_the_narrative_is_told_not_called_unchanged(corpus):
    """万里街道 2023 states 财政拨款收入16497.86万元，比2022年预算增加1421.25万元 and nothing
    about its function 类 in 2022: the rise is told, the breakdown is said to be missing."""
    from budgetkit.narrative.sentences import gaps, sentences

    doc = budgetkit.read(corpus / "sh-putuo-wanli-2023-budget.pdf")
    yoy = budgetkit.compare(budgetkit.previous_from_narrative(doc), doc)
    said = sentences(yoy)
    assert said[0].text == "2023年本部门财政拨款收入16,497.86万元，比上年增加1,421.25万元，增长9.43%。"
    assert said[0].key == "fiscal" and said[0].basis == "narrative"
    assert not any("各项支出均与上年持平" in s.text for s in said)
    assert "按功能分类的各类支出：没有两个年度都有的数字，未作比较。" in gaps(yoy)
    assert "Expenditure by function class: not available for both years, not compared." in gaps(yoy, "en")


def test_no_breakdown_compared_means_no_closing_unchanged(seed):
    previous = seed.lines[seed.lines["classification"] == ""].assign(year=2022)
    previous = previous[previous["table"] != "three_public"]
    with pytest.warns(UserWarning):
        zh = budgetkit.narrate(budgetkit.compare(previous, seed))
    assert zh and not any("各项支出均与上年持平" in s or "Nothing changed" in s for s in zh)


def test_fiscal_repeating_the_income_total_is_not_said_twice(seed):
    # The seed's 财政拨款 (预算拨款) is all of its income, 1,564.22万元: one sentence says it.
    zh = budgetkit.narrate(budgetkit.compare(seed.lines.assign(year=2022), seed))
    assert zh[0] == "2023年本部门收入预算1,564.22万元，与上年持平。"
    assert not any("财政拨款收入" in s for s in zh)


def test_two_final_accounts_speak_of_income_and_expenditure_final_not_budget(seed):
    """Two 决算 years compared: "2023年本部门收入决算…", never the 预算 words of a plan."""
    final = seed.lines.assign(phase="final")
    previous = edited(seed.lines, 2022, SEED_PREVIOUS).assign(phase="final")
    yoy = budgetkit.compare(previous, final)
    assert set(yoy["phase"]) == {"final"}
    zh, en = budgetkit.narrate(yoy), budgetkit.narrate(yoy, lang="en")
    assert zh[:2] == ["2023年本部门收入决算1,564.22万元，比上年增加129.41万元，增长9.02%。",
                      "2023年本部门支出决算1,564.22万元，比上年增加129.41万元，增长9.02%。"]
    assert not any("收入预算" in s or "支出预算" in s for s in zh)
    assert en[0].startswith("In 2023 the department's final income is 1,564.22万元")
    assert budgetkit.narrate(budgetkit.compare(edited(seed.lines, 2022, SEED_PREVIOUS), seed))[0] == SEED_SENTENCES[0]
