"""Table kinds recognised by the words of their titles and headers, whatever a publisher
adds around them (numbering, year, owner) and in either phase (预算 / 决算)."""

from __future__ import annotations

import pytest

from budgetkit.catalogue import kinds
from budgetkit.catalogue.kinds import from_header, recognise, title_core

# What a title says, in the words of several publishers: the core titles of each kind.
CORE_TITLES = {
    "overall": ["收支总表", "收支总体情况表", "收支预算总表", "财务收支预算总表", "收入支出决算总表",
                "综合预算收支总表"],
    "income": ["收入总表", "收入总体情况表", "收入预算总表", "收入决算表"],
    "expenditure": ["支出总表", "支出总体情况表", "本年支出总体情况表", "支出预算总表", "支出决算表"],
    "fiscal_overall": ["财政拨款收支总表", "财政拨款收支总体情况表", "财政拨款收支预算总表",
                       "财政拨款收入支出决算总表"],
    "general_function": ["一般公共预算支出表", "一般公共预算支出情况表（按功能分类科目）",
                         "一般公共预算支出功能分类预算表", "一般公共预算拨款支出预算表",
                         "一般公共预算财政拨款支出决算表", "一般公共预算支出明细表（按支出功能分类科目）"],
    "general_economic": ["一般公共预算支出表（按经济分类）", "一般公共预算支出明细表（按支出经济分类科目）"],
    "general_basic_function": ["一般公共预算基本支出明细表（按支出功能分类科目）"],
    "general_basic_economic": ["一般公共预算基本支出表", "一般公共预算基本支出情况表（按经济分类科目）",
                               "一般公共预算基本支出部门预算经济分类预算表", "一般公共预算财政拨款基本支出决算表"],
    "general_project_economic": ["一般公共预算项目支出情况表（按经济分类科目）"],
    "three_public": ["财政拨款“三公”经费支出表", "财政拨款安排的行政经费及“三公”经费预算表",
                     "“三公”经费和机关运行经费预算表", "一般公共预算“三公”经费、会议费、培训费支出表",
                     "财政拨款三公经费支出情况表", "财政拨款“三公”经费支出决算表"],
    "gov_fund": ["政府性基金预算支出表", "政府性基金收支表（不含上年结转）", "政府性基金预算财政拨款收入支出决算表"],
    "state_capital": ["国有资本经营预算支出表", "国有资本经营预算财政拨款支出决算表"],
    "fiscal_function": ["财政拨款支出表（功能科目）", "财政拨款支出预算表"],
    "fiscal_basic_economic": ["财政拨款基本支出表（经济科目）", "财政拨款基本支出预算表"],
    "office_operation": ["一般公共预算机关运行经费支出预算表", "机关运行经费支出决算表"],
    "procurement": ["政府采购预算表", "政府采购支出表", "政府采购预算明细表", "政府采购（资产配置、购买服务）预算表"],
    "purchase_service": ["财政拨款政府购买服务明细表"],
    "basic_by_unit": ["部门预算基本支出预算表", "基本支出总表", "基本支出预算情况表"],
    "projects": ["项目支出预算表", "项目支出总表", "部门预算项目支出及其他支出预算表", "专项业务经费支出表"],
    "performance_goals": ["项目支出绩效目标表", "项目支出绩效表", "重点专项资金绩效目标表（一级项目）",
                          "信访业务培训绩效目标表"],
    "dept_performance": ["部门整体支出绩效目标表", "部门整体绩效目标表"],
    "prior_carryover": ["财政拨款上年结转资金支出表", "财政拨款结转资金支出表"],
    "meetings_trainings": ["会议费明细表", "培训费明细表"],
}

# What publishers put around the core: numbering, the year, the owner.
DRESSINGS = [
    "{}", "一、{}", "表1 {}", "表3-1 {}", "公开05表 {}", "预算01表{}", "预算表12{}", "附表2：{}",
    "2026年{}", "2017年度部门{}", "一、2017年度某某省高级人民法院部门{}", "：2026年市级部门{}",
    "2024年预算单位{}", "部门综合预算{}", "某某市某某局2026年部门{}", "单位{}",
]


@pytest.mark.parametrize("kind_id", sorted(CORE_TITLES))
def test_every_title_form_of_a_kind_is_recognised_in_every_dressing(kind_id):
    for title in CORE_TITLES[kind_id]:
        for dressing in DRESSINGS:
            dressed = dressing.format(title)
            found = kinds.match(dressed)
            assert found is not None and found.id == kind_id, (dressed, title_core(dressed), found)


def test_every_kind_has_titles_in_this_test():
    assert set(CORE_TITLES) == {k.id for k in kinds.REGISTRY}


@pytest.mark.parametrize("text", [
    "收入预算1,564.22万元，比上年增加129.41万元",   # a sentence
    "本年度没有政府性基金预算拨款收支",             # a note
    "单位：万元", "表", "一般公共服务支出",           # a unit line, a fragment, a row label
    "部门预算公开报表", "某某局机构人员情况表",         # tables of no kind
])
def test_what_is_no_title_of_a_kind_is_not_recognised(text):
    assert kinds.match(text) is None


def test_owner_words_are_not_taken_for_content():
    # A department whose name holds a content word: the owner before 部门 is stripped.
    assert kinds.match("某某市政府采购中心2026年部门收支总表").id == "overall"
    assert kinds.match("某某区预算绩效管理中心部门支出总表").id == "expenditure"
    # "预算单位" is an owner, "部门预算经济分类" inside the core is not.
    assert title_core("2024年预算单位一般公共预算基本支出部门预算经济分类预算表") == "一般公共预算基本支出部门预算经济分类预算表"


def test_a_bracketed_qualifier_does_not_change_the_kind_unless_it_names_the_classification():
    assert kinds.match("政府性基金收支表（不含上年结转）").id == "gov_fund"
    assert kinds.match("一般公共预算支出表（按经济分类）").id == "general_economic"
    assert kinds.match("一般公共预算支出表（按功能分类）").id == "general_function"


def test_untitled_table_recognised_by_its_header():
    two_sided = [["收 入", None, "支 出", None], ["项 目", "预算数", "项 目", "预算数"], ["一般公共预算拨款", "1.00", "一般公共服务支出", "1.00"]]
    assert recognise("(untitled table p.3)", two_sided).id == "overall"
    fiscal = [["财政拨款收入", None, "财政拨款支出", None], ["项目", "预算数", "项目", "预算数"]]
    assert recognise("", fiscal).id == "fiscal_overall"
    assert from_header([["“三公”经费合计", "因公出国（境）费", "公务接待费"], ["8.50", "0.00", "8.50"]]).id == "three_public"
    assert from_header([["项目名称", "一级指标", "二级指标", "三级指标", "绩效目标"]]).id == "performance_goals"
    # A header of no known vocabulary names no kind; the title still wins over the header.
    assert from_header([["序号", "单位名称", "拟变动情况"]]) is None
    assert recognise("收入总表", two_sided).id == "income"


def test_every_kind_is_registered_once_with_a_known_layout():
    ids = [k.id for k in kinds.REGISTRY]
    assert len(ids) == len(set(ids)) and kinds.OTHER not in ids
    with pytest.raises(ValueError):
        kinds.register(kinds.TableKind("overall", "收支总表", "x", words="收支"))
    with pytest.raises(ValueError):
        kinds.TableKind("x", "x表", "x", words="x", layout="nonsense")
