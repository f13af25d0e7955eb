"""The figures of budgetkit.catalogue: written once, read by every stage; docs/schema.md generated."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from budgetkit import check, claims, report
from budgetkit.audit.claims import PARTS, SUBJECTS
from budgetkit.audit.evaluate import identities
from budgetkit.catalogue import figures, kinds, vocabulary
from budgetkit.comparison.headlines import three_public_parts
from budgetkit.comparison.join import compare
from budgetkit.comparison.previous import NARRATIVE_SUBJECTS, previous_from_narrative
from tests.conftest import ROOT

D = Decimal
SCHEMA = ROOT / "docs" / "schema.md"


def _without(doc, *tables: str):
    """The document with the lines of ``tables`` left out (as if it printed no such table)."""
    return dataclasses.replace(doc, lines=doc.lines[~doc.lines["table"].isin(tables)].reset_index(drop=True))


# -- the catalogue itself ------------------------------------------------------------------------

def test_every_place_names_a_kind_an_item_and_a_measure_the_catalogue_knows():
    for f in figures.FIGURES.values():
        for place in f.places:
            assert place.table in kinds.REGISTRY, (f.id, place)
            assert place.item in vocabulary.ITEMS, (f.id, place)
            assert all(m in vocabulary.MEASURES for m in place.measures), (f.id, place)
        assert all(p in figures.FIGURES for p in (*f.parts, *f.states)), f.id


def test_narrower_places_come_after_the_places_of_the_figure_itself():
    for f in figures.FIGURES.values():
        flags = [p.narrower for p in f.places]
        assert flags == sorted(flags), f.id


def test_the_three_public_parts_are_one_structure_every_stage_shares():
    assert figures.PARTS["three_public"] == ("overseas_travel", "vehicle", "reception")
    assert figures.PARTS["vehicle"] == ("vehicle_purchase", "vehicle_operation")
    assert PARTS is figures.PARTS
    assert figures.THREE_PUBLIC_TABLE == ("three_public", "overseas_travel", "vehicle", "vehicle_purchase",
                                          "vehicle_operation", "reception", "meeting", "training", "office_operation")


def test_every_claim_subject_is_a_figure_named_as_the_catalogue_names_it():
    for subject, (meaning, _) in SUBJECTS.items():
        assert meaning == figures.figure(subject).zh
    assert set(NARRATIVE_SUBJECTS) == {*figures.HEADLINE, *figures.THREE_PUBLIC_TABLE, "income_expenditure_total"}


def test_a_figure_has_one_name_per_language_and_one_heading():
    income = figures.figure("income")
    assert (income.name("zh"), income.name("en")) == ("收入预算", "income budget")
    assert (income.heading("zh"), income.heading("en")) == ("收入总计", "Total income")
    assert figures.figure("basic").heading("en") == "Basic expenditure"
    with pytest.raises(KeyError, match="no figure 'nothing'"):
        figures.figure("nothing")


# -- docs/schema.md ------------------------------------------------------------------------------

def test_schema_md_lists_what_the_catalogue_holds():
    text = SCHEMA.read_text(encoding="utf-8")
    assert figures.schema_markdown(text) == text, (
        "docs/schema.md differs from the catalogue; regenerate it with "
        "path.write_text(budgetkit.catalogue.figures.schema_markdown(path.read_text()))")
    for ids in (vocabulary.MEASURES, vocabulary.ITEMS, [k.id for k in kinds.REGISTRY], figures.FIGURES):
        for i in ids:
            assert f"- `{i}` — " in text, i


def test_schema_md_is_regenerated_from_a_stale_list():
    text = SCHEMA.read_text(encoding="utf-8")
    stale = text.replace("- `basic` — 基本支出\n", "", 1)
    assert stale != text
    assert figures.schema_markdown(stale) == text


# -- every stage reads the figures of the seed from their places ---------------------------------

def test_seed_headline_figures_read_at_their_first_places(seed):
    assert report.headline_amounts(seed) == {"income_total": D("1564.22"), "expenditure_total": D("1564.22"),
                                      "fiscal": D("1564.22"), "basic": D("708.24"), "project": D("855.98"),
                                      "three_public": D("8.50")}


def test_basic_is_read_from_the_basic_by_unit_table_when_no_expenditure_table_is_printed(seed):
    # 部门预算基本支出预算表's 合计 is all of 基本支出 (every fund): 708.24, as the 支出总体情况表 states it
    assert report.headline_amounts(_without(seed, "expenditure"))["basic"] == D("708.24")


def test_a_narrower_table_is_never_shown_as_the_total(seed):
    # without the 收支总表 and 支出总表 only the 一般公共预算 table states 1564.22: a narrower figure;
    # 财政拨款收入 is then read from the 财政拨款收支总体情况表, whose income is all appropriations
    figures_read = report.headline_amounts(_without(seed, "overall", "expenditure"))
    assert figures_read["expenditure_total"] is None and figures_read["basic"] == D("708.24")
    assert figures_read["fiscal"] == D("1564.22")


def test_seed_claims_are_checked_at_the_figures_places(seed):
    audit = check(seed)
    checked = audit.identities[audit.identities["rule"] == "claim_amount"]
    found = dict(zip(checked["item"], zip(checked["table2"], checked["actual"], strict=True), strict=True))
    assert found["income"] == ("overall", D("1564.22"))
    assert found["three_public"] == ("three_public", D("8.50"))
    assert found["office_operation"] == ("three_public", D("799.92"))
    assert set(claims(seed)["subject"]) <= set(figures.FIGURES)
    assert (checked["outcome"] == "exact").all()


def test_seed_headline_totals_agree_across_the_tables_stating_them(seed):
    # the seed's 收入总体情况表 starts mid-table (no 合计 row): only the 支出 side is stated twice
    totals = [i for i in identities(seed) if i.rule == "headline_totals"]
    assert [(i.table, i.left, i.right, i.held) for i in totals] == [("expenditure", D("1564.22"), D("1564.22"), True)]
    assert totals[0].what == "本年支出合计：收支总体情况表 = 支出总体情况表"


def test_seed_previous_year_from_its_narrative_sits_at_the_figures_first_places(seed):
    previous = previous_from_narrative(seed)
    placed = {r["subject"]: (r["table"], r["side"], r["item"], r["measure"], r["amount"])
              for r in previous.figures.to_dict("records")}
    assert placed["income"] == ("overall", "income", "income_total", "total", D("1434.81"))
    parts = three_public_parts(compare(previous, seed))
    assert dict(zip(parts["key"], parts["name"], strict=True))["three_public"] == "“三公”经费"


# -- new places, on real documents ---------------------------------------------------------------

def test_office_operation_claim_is_checked_against_the_office_operation_table(corpus):
    # 江苏省人民检察院 2018: "机关运行经费预算支出2,722.57万元" — its “三公” table prints no
    # 机关运行经费; the 一般公共预算机关运行经费支出预算表 totals 2,722.57
    import budgetkit

    doc = budgetkit.read(corpus / "js-procuratorate-2018-budget.pdf")
    ids = check(doc).identities
    found = ids[(ids["rule"] == "claim_amount") & (ids["item"] == "office_operation")]
    assert list(zip(found["table2"], found["expected"], found["actual"], found["outcome"], strict=True)) == [
        ("office_operation", D("2722.57"), D("2722.57"), "exact")]
    # the “三公” rows compared year over year stay those the “三公” table prints
    assert "office_operation" not in set(doc.table("three_public")["item"])


def test_appropriations_read_from_the_fiscal_overall_table_when_the_overall_names_none(corpus):
    # 苏州市审计局 2026: its 收支总表 lists 一般公共预算拨款收入 but no 财政拨款 row; the
    # 财政拨款收支总表's 收入总计 is 4,651.67, as its narrative says (财政拨款收、支总预算4,651.67万元)
    import budgetkit

    doc = budgetkit.read(corpus / "cities" / "suzhou-shenjiju-2026-budget.pdf")
    assert "fiscal" not in set(doc.table("overall")["item"])
    assert report.headline_amounts(doc)["fiscal"] == D("4651.67")


@pytest.mark.parametrize(("header", "measure"), [
    ("基本经费", "basic"), ("基本支出预算", "basic"), ("项目经费", "project"), ("项目支出总数", "project"),
    ("专项业务经费支出", "project"), ("人员支出", "personnel"), ("日常公用经费", "public_use"),
    ("一般公共预算财政拨款", "general_public"), ("一般公共预算资金", "general_public"), ("公共财政预算", "general_public"),
    ("政府性基金预算财政拨款", "gov_fund"), ("政府性基金预算收入", "gov_fund"),
    ("国有资本经营预算财政拨款", "state_capital"), ("纳入财政专户管理的非税收入", "fiscal_special"),
    ("教育收费收入", "education_fee"), ("其他专户收入", "other_special_account"),
    ("事业收入（不含教育收费）", "business"), ("事业单位经营收入", "operating"), ("上级补助", "superior_subsidy"),
    ("附属单位上缴", "subordinate_remit"), ("对附属单位上缴收入", "subordinate_remit"),
    ("用事业基金弥补收支", "business_fund"), ("上年结转和结余资金", "prior_carryover"),
    ("年初结转和结余", "prior_carryover"), ("年末结转和结余", "carryover"), ("对下级单位补助支出", "subsidy_to_subordinate"),
    ("上缴上级", "remit_to_superior"), ("经营支出", "operating_expense"), ("2026年预算总额", "total"),
    ("预算支出总额", None), ("一般公共预算支出", None), ("政府性基金预算支出", None), ("项目名称", None),
    ("单位名称", None), ("支出功能分类科目", None), ("资金性质", None), ("一、政府性基金拨款", None),
    ("其中：2026年政府采购项目中预留给中小企业的项目资金规模", None),
])
def test_header_words_name_a_measure_no_synonym_list_holds(header, measure):
    """Headers met in disclosures of other publishers: the measure comes from their words."""
    from budgetkit.catalogue.vocabulary import measure_of

    assert measure_of(header) == measure


@pytest.mark.parametrize(("label", "item"), [
    ("公务接待费用", "reception"), ("公务用车运行维护费用", "vehicle_operation"),
    ("公务用车购置及运行维护费用", "vehicle"), ("“三公”经费支出", "three_public"), ("“三公”经费预算", "three_public"),
    ("三公经费合计", "three_public"), ("机关运行经费支出", "office_operation"), ("会议费支出", "meeting"),
    ("培训费支出", "training"), ("事业收入合计", None), ("一般公共预算支出", None), ("项目支出合计", None),
])
def test_a_named_expense_with_a_suffix_that_adds_nothing_is_that_expense(label, item):
    from budgetkit.catalogue.vocabulary import item_of

    assert item_of(label) == item
