"""Year over year: the frame of ``budgetkit.compare`` on the seed and on edited copies of it."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit.comparison.headlines import (
    basic_project,
    economic_groups,
    function_classes,
    headline,
    three_public_parts,
)
from budgetkit.comparison.join import YOY_COLUMNS
from budgetkit.comparison.previous import previous_from_narrative
from budgetkit.errors import BudgetkitError, ComparisonError
from tests.helpers import SEED_PREVIOUS, amount, edited


@pytest.fixture(scope="module")
def previous_lines(seed):
    return edited(seed.lines, 2022, SEED_PREVIOUS)


@pytest.fixture(scope="module")
def yoy(previous_lines, seed):
    return budgetkit.compare(previous_lines, seed)


def test_frame_columns_and_one_row_per_line(yoy, seed):
    assert tuple(yoy.columns) == YOY_COLUMNS
    assert len(yoy) == len(seed.lines) == 739
    assert set(yoy["status"]) == {"same"}
    assert set(yoy["basis"]) == {"table"}
    assert (yoy["previous_year"] == 2022).all() and (yoy["current_year"] == 2023).all()
    assert str(yoy["change"].dtype) == "decimal128(20, 6)[pyarrow]"


def test_seed_headline_changes_from_numbers(yoy):
    income = headline(yoy, "income")
    assert (income["previous_amount"], income["current_amount"]) == (D("1434.81"), D("1564.22"))
    row = amount(yoy.rename(columns={"change": "amount"}), table="overall", item="income_total")
    assert row == D("129.41")
    parts = three_public_parts(yoy).set_index("key")
    assert parts.loc["three_public", "change"] == D("-16.40")
    assert parts.loc["vehicle", "change"] == D("-16.00")
    assert parts.loc["office_operation", "change"] == D("763.61")
    assert parts.loc["reception", "change"] == D("-0.40")
    assert parts.loc["reception", "percent"] == D("-100")
    # Percentages are kept to six places, half-up: 129.41 / 1434.81 = 9.0193127…%
    assert parts.loc["office_operation", "percent"] == D("2103.029468")
    assert yoy.loc[(yoy["table"] == "overall") & (yoy["item"] == "income_total"), "percent"].iloc[0] == D("9.019313")


def test_share_of_the_table_total(yoy):
    row = yoy[(yoy["table"] == "expenditure") & (yoy["code"] == "206") & (yoy["measure"] == "total")].iloc[0]
    assert row["share"] == D("35.064121")  # 548.48 / 1564.22 = 35.0641214…
    basic = yoy[(yoy["table"] == "expenditure") & (yoy["code"] == "20805") & (yoy["measure"] == "basic")].iloc[0]
    assert basic["share"] == D("11.921100")  # 84.43 / 708.24 (the basic total)


def test_renamed_code_is_renamed_not_new_and_gone(seed):
    previous = seed.lines.copy()
    previous["year"] = 2022
    previous.loc[previous["code"] == "20805", "name"] = "行政事业单位离退休"
    yoy = budgetkit.compare(previous, seed)
    rows = yoy[yoy["code"] == "20805"]
    assert len(rows) == 7 + 3  # expenditure (7 measures) and general_function (3)
    assert set(rows["status"]) == {"renamed"}
    assert set(rows["previous_name"]) == {"行政事业单位离退休"}
    assert set(rows["current_name"]) == {"行政事业单位养老支出"}
    assert (rows["change"] == D(0)).all()
    assert not yoy["status"].isin(["new", "gone"]).any()
    assert set(yoy.loc[yoy["code"] != "20805", "status"]) == {"same"}


def test_class_renamed_between_editions_keeps_its_code(seed):
    # 210 was 医疗卫生与计划生育支出 before the 2018 classification.
    previous = seed.lines.copy()
    previous["year"] = 2017
    previous.loc[previous["code"] == "210", "name"] = "医疗卫生与计划生育支出"
    classes = function_classes(budgetkit.compare(previous, seed)).set_index("key")
    assert classes.loc["210", "status"] == "renamed"
    assert classes.loc["210", "name"] == "卫生健康支出"


def test_printed_whitespace_is_not_a_rename(seed):
    previous = seed.lines.copy()
    previous["year"] = 2022
    previous.loc[previous["code"] == "20805", "name"] = "行政事业单位 养老支出"
    assert set(budgetkit.compare(previous, seed)["status"]) == {"same"}


def test_new_and_gone_rows(seed):
    previous = seed.lines[seed.lines["code"] != "206"].copy()  # no 科学技术支出 last year
    previous["year"] = 2022
    extra = previous[previous["code"] == "212"].copy()
    extra["code"], extra["name"] = "213", "农林水支出"  # 农林水支出 last year only
    previous = pd.concat([previous, extra], ignore_index=True)
    yoy = budgetkit.compare(previous, seed)
    new = yoy[(yoy["code"] == "206") & (yoy["table"] == "expenditure") & (yoy["measure"] == "total")].iloc[0]
    assert new["status"] == "new"
    assert new["previous_amount"] is pd.NA
    assert new["change"] == D("548.48")
    assert new["percent"] is pd.NA
    gone = yoy[(yoy["code"] == "213") & (yoy["table"] == "expenditure") & (yoy["measure"] == "total")]
    gone = gone[gone["status"] == "gone"].iloc[0]
    assert gone["current_amount"] is pd.NA
    assert gone["change"] == D("-1.00")
    assert gone["percent"] == D("-100")
    classes = function_classes(yoy).set_index("key")
    assert classes.loc["206", "status"] == "new"
    assert classes.loc["213", "status"] == "gone"


def test_projects_are_matched_by_name(seed):
    previous = seed.lines.copy()
    previous["year"] = 2022
    previous.loc[previous["name"] == "区电子政务云平台建设项目", "name"] = "区电子政务云平台建设项目（一期）"
    yoy = budgetkit.compare(previous, seed)
    projects = yoy[(yoy["table"] == "projects") & (yoy["measure"] == "total") & (yoy["item"] == "project")]
    assert set(projects.loc[projects["status"] == "new", "name"]) == {"区电子政务云平台建设项目"}
    assert set(projects.loc[projects["status"] == "gone", "name"]) == {"区电子政务云平台建设项目（一期）"}


def test_economic_groups_sum_the_units(yoy):
    groups = economic_groups(yoy).set_index("key")
    # 工资福利支出: 246.83 + 395.73 (basic, two units) + 11.00 (project)
    assert groups.loc["301", "current_amount"] == D("653.56")
    assert groups.loc["302", "current_amount"] == D("21.08") + D("17.00") + D("570.38") + D("17.00")
    assert list(basic_project(yoy)["current_amount"]) == [D("708.24"), D("855.98")]


def test_narrative_derived_previous_year_from_the_seed_claims(seed):
    previous = previous_from_narrative(seed)
    assert previous.year == 2022
    figures = previous.figures.set_index("subject")["amount"]
    assert figures["income"] == D("1434.81")
    assert figures["expenditure"] == D("1434.81")
    assert figures["three_public"] == D("24.90")
    assert figures["vehicle"] == D("24.50")
    assert figures["reception"] == D("0.40")
    assert figures["office_operation"] == D("36.31")
    yoy = budgetkit.compare(previous, seed)
    assert set(yoy["basis"]) == {"narrative"}
    assert set(yoy["status"]) == {"same"}
    assert len(yoy) == len(previous.figures) == 9  # only what the narrative states is compared
    assert headline(yoy, "income")["previous_amount"] == D("1434.81")
    assert yoy.loc[yoy["item"] == "office_operation", "change"].iloc[0] == D("763.61")


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    """A claims frame of the shape ``budgetkit.claims`` returns."""
    from budgetkit.audit.claims import CLAIM_COLUMNS
    from budgetkit.audit.claims import claims_frame as to_frame

    defaults = dict.fromkeys(CLAIM_COLUMNS)
    return to_frame([{**defaults, "label": "", "direction": "", "sentence": "", "position": i, **r}
                     for i, r in enumerate(rows)])


def test_narrative_previous_from_a_combined_total_and_a_decrease(seed):
    frame = claims_frame([
        # "收、支预算总计各减少100.00万元" (a Jiangsu sentence): both totals at once.
        {"subject": "income_expenditure_total", "amount": D("1564.22"), "change": D("-100.00"),
         "direction": "decrease", "compared_to": 2022},
        # A claim against another year is no previous-year figure.
        {"subject": "three_public", "amount": D("8.50"), "change": D("1.00"), "direction": "increase",
         "compared_to": 2020},
        {"subject": "reception", "amount": D("0"), "change": D("0"), "direction": "flat", "compared_to": 2022},
    ])
    previous = previous_from_narrative(seed, frame)
    figures = previous.figures.set_index("item")["amount"]
    assert figures["income_total"] == D("1664.22")
    assert figures["expenditure_total"] == D("1664.22")
    assert figures["reception"] == D("0")
    assert "three_public" not in figures
    yoy = budgetkit.compare(previous, seed)
    assert yoy.loc[yoy["item"] == "expenditure_total", "change"].iloc[0] == D("-100.00")


def test_no_usable_claim_is_an_error(seed):
    with pytest.raises(ComparisonError, match="states no change"):
        previous_from_narrative(seed, claims_frame([{"subject": "procurement", "amount": D("12.82")}]))


def test_wrong_inputs_are_clear_errors(seed, previous_lines):
    with pytest.raises(ComparisonError, match="earlier year first"):
        budgetkit.compare(seed, previous_lines)
    with pytest.raises(ComparisonError, match="nothing to compare"):
        budgetkit.compare(seed, seed)
    with pytest.raises(ComparisonError, match="cannot compare a str"):
        budgetkit.compare("2022.pdf", seed)
    with pytest.raises(ComparisonError, match="columns"):
        budgetkit.compare(pd.DataFrame({"amount": [D(1)]}), seed)
    with pytest.raises(BudgetkitError):
        budgetkit.compare(previous_lines, previous_from_narrative(seed))


def test_two_departments_are_compared_with_a_warning(seed, previous_lines):
    other = previous_lines.assign(department="清远市清新区财政局")
    with pytest.warns(UserWarning, match="two departments"):
        budgetkit.compare(other, seed)


def test_inputs_are_not_mutated(seed, previous_lines):
    before = previous_lines.copy()
    budgetkit.compare(previous_lines, seed)
    pd.testing.assert_frame_equal(previous_lines, before)


def test_one_sided_total_matches_two_sided_total(seed):
    # A one-sided 收支总表 prints 收入合计 without a 收入 column: its item still says the side.
    previous = edited(seed.lines, 2022, SEED_PREVIOUS)
    previous.loc[previous["item"].isin(["income_total", "expenditure_total"]), "side"] = ""
    yoy = budgetkit.compare(previous, seed)
    assert headline(yoy, "income")["previous_amount"] == D("1434.81")
    assert headline(yoy, "expenditure")["previous_amount"] == D("1434.81")
    assert not yoy["status"].isin(["new", "gone"]).any()


def test_growth_across_a_dataset_of_departments(seed):
    """Which departments grew most: the seed with its year before (支出总计 1,434.81) and another
    department read in one year only (nothing to compare, no row)."""
    before = seed.lines.assign(year=2022)
    total = (before["table"] == "overall") & (before["item"] == "expenditure_total")
    before.loc[total, "amount"] = D("1434.81")
    other = seed.lines.assign(department="某某局")
    frame = budgetkit.growth(pd.concat([other, seed.lines, before], ignore_index=True))
    assert frame[["department", "from_year", "to_year"]].values.tolist() == [
        ["清远市清新区政务服务数据管理局", 2022, 2023]]
    row = frame.iloc[0]
    assert (row["previous"], row["current"], row["change"]) == (D("1434.81"), D("1564.22"), D("129.41"))
    assert row["percent"].quantize(D("0.01")) == D("9.02")
