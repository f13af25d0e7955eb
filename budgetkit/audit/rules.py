"""The audit's rules, written down once: what each identity says and how it is judged.

:data:`RULES` is the table a reader sees (``budgetkit.rules()`` as a frame,
``docs/rules.md`` as prose); :mod:`budgetkit.audit` evaluates every rule by its id.

Tolerance
---------
The documents round every figure to the 分 of the unit they print (0.01 万元) and
declare a 0.01 尾差. A sum of *n* rounded figures may therefore miss the rounded total
by up to 0.01 × *n*: the tolerance of an identity is 0.01 (of the printed unit) times
the number of non-zero figures it adds, at least one; a figure compared with the same
figure in another table gets 0.01. A difference within tolerance is reported as
``info`` (a 尾差) and counts as held; beyond it, the rule's severity applies.

Reading confidence
------------------
A failure beyond tolerance is an ``error`` only when every table it reads was read with
confidence. When one of them carries a reason its reading may be at fault (naming the
page), the failure takes the rule's ``doubt`` severity (``warning``) and its message says
the reading may be at fault: an ``error`` always means the document itself is wrong.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

import pandas as pd

#: 尾差 of one rounded figure, by the unit the table printed (in 万元).
ROUNDING: dict[str, Decimal] = {"万元": Decimal("0.01"), "元": Decimal("0.0001"), "亿元": Decimal("100")}


@dataclass(frozen=True)
class Rule:
    """One audit rule.

    Parameters
    ----------
    id
        Identifier used in the ``rule`` column of the findings.
    family
        ``row``, ``column``, ``hierarchy``, ``units``, ``cross``, ``narrative``,
        ``naming`` or ``completeness``.
    tables
        Table kinds it reads (``budgetkit.catalogue.kinds``).
    identity
        What must hold, in the documents' own terms.
    severity
        Severity of a failure beyond tolerance.
    tolerance
        How the tolerance is set.
    doubt
        Severity of a failure when a table the identity reads may have been misread
        (:func:`budgetkit.audit.reading_doubts`: the reader's notes naming the page, a
        table of no recognised kind, a row carrying one measure twice). ``warning``: an
        ``error`` says the document is wrong, and a doubtful reading cannot say that.
    """

    id: str
    family: str
    tables: str
    identity: str
    severity: str = "error"
    tolerance: str = "0.01 × non-zero addends"
    doubt: str = "warning"

    def __post_init__(self) -> None:
        if self.doubt == "error":
            raise ValueError(f"rule {self.id!r}: a doubtful reading can never make an error")


#: The tolerance of a sum of rounded figures: one printed step per non-zero addend.
SUM_TOLERANCE = "0.01 × non-zero addends"
_SUM = SUM_TOLERANCE
_ONE = "0.01"

RULES: tuple[Rule, ...] = (
    # Within one table
    Rule("row_fiscal", "row", "any table with 财政拨款 columns",
         "每行：财政拨款合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算"),
    Rule("row_fiscal_special", "row", "income", "每行：财政专户拨款收入 = 教育收费 + 其他专户收入拨款"),
    Rule("row_other_funds", "row", "income", "每行：其他资金收入 = 事业收入 + 经营收入 + 其他收入"),
    Rule("row_total", "row", "income, expenditure, general_function, gov_fund, state_capital, three_public, "
         "basic_by_unit, projects",
         "每行：合计 = 各组成列之和（基本支出 + 项目支出 + 经营支出 …；财政拨款 + 财政专户 + 其他资金 + 上级补助 …）"),
    Rule("row_basic", "row", "any table with 人员经费 / 公用经费 columns", "每行：基本支出 = 人员经费 + 公用经费"),
    Rule("column_total", "column", "every coded table", "合计行 = 各类（一级科目）行之和，逐列"),
    Rule("hierarchy", "hierarchy", "every coded table (function and economic), per unit block",
         "类 = Σ 款，款 = Σ 项，逐列；按打印顺序归属（经济分类按单位重复的块各自成立）"),
    Rule("income_subtotal", "column", "overall, fiscal_overall", "本年收入合计 = Σ 收入项目（列在合计之前的各项）"),
    Rule("expenditure_subtotal", "column", "overall, fiscal_overall", "本年支出合计 = Σ 支出功能分类各类"),
    Rule("income_total", "column", "overall, fiscal_overall", "收入总计 = 本年收入合计 + 其后各收入项目（上级补助、上年结转 …；决算：使用非财政拨款结余 + 年初结转和结余）"),
    Rule("expenditure_total", "column", "overall, fiscal_overall", "支出总计 = 本年支出合计 + 其后各支出项目（结转下年 …；决算：结余分配 + 年末结转和结余）"),
    Rule("balance", "column", "overall, fiscal_overall", "收入总计 = 支出总计", tolerance=_ONE),
    Rule("unit_sum", "units", "basic_by_unit, projects",
         "单位合计 = 该单位各经济分类（或各项目）之和；部门合计 = Σ 单位合计；部门各类 = Σ 各单位同类"),
    Rule("three_public_parts", "row", "three_public", "“三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费"),
    Rule("vehicle_parts", "row", "three_public", "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费"),
    # Across tables
    Rule("overall_vs_expenditure", "cross", "overall, expenditure",
         "收支总表支出方各类 = 支出总表各类合计；本年支出合计 = 支出总表合计", tolerance=_ONE),
    Rule("overall_vs_income", "cross", "overall, income", "收支总表本年收入合计 = 收入总表合计（收入总表完整时）",
         tolerance=_ONE),
    Rule("income_vs_expenditure", "cross", "income, expenditure", "收入总表各科目合计 = 支出总表同科目合计（预算；决算收支之差为结转结余）",
         tolerance=_ONE),
    Rule("overall_vs_fiscal", "cross", "overall, fiscal_overall",
         "收支总表财政拨款（预算拨款）收入 = 财政拨款收支总表本年收入合计", tolerance=_ONE),
    Rule("fiscal_vs_general", "cross", "fiscal_overall, general_function",
         "财政拨款收支总表一般公共预算收入 = 一般公共预算支出表合计（决算：一般公共预算财政拨款列本年支出合计）",
         tolerance=_ONE),
    Rule("fiscal_by_class", "cross", "fiscal_overall, general_function, gov_fund, state_capital",
         "财政拨款收支总表支出方各类 = 一般公共预算 + 政府性基金 + 国有资本经营预算支出表同类合计"),
    Rule("general_vs_expenditure", "cross", "general_function, expenditure",
         "全部支出均为一般公共预算时：一般公共预算支出表各科目各列 = 支出总表同科目同列", tolerance=_ONE),
    Rule("basic_vs_economic", "cross", "general_function, general_basic_economic",
         "一般公共预算支出表基本支出合计 = 基本支出经济分类表合计", tolerance=_ONE),
    Rule("basic_vs_units", "cross", "general_basic_economic, basic_by_unit",
         "基本支出经济分类表合计、各类（全部门及各单位）= 部门预算基本支出预算表（一般公共预算列）", tolerance=_ONE),
    Rule("project_vs_economic", "cross", "general_function, general_project_economic",
         "一般公共预算支出表项目支出合计 = 项目支出经济分类表合计", tolerance=_ONE),
    Rule("project_vs_list", "cross", "general_project_economic, projects",
         "项目支出经济分类表合计（及各单位）= 项目支出预算表合计（一般公共预算列）", tolerance=_ONE),
    Rule("vehicle_vs_30231", "cross", "three_public, general_basic_economic, general_project_economic",
         "公务用车运行维护费 = 经济科目 30231 公务用车运行维护费（两张经济分类表之和，列出时）",
         severity="warning", tolerance=_SUM),
    Rule("vehicle_scope", "cross", "three_public, general_basic_economic",
         "公务用车运行维护费 ≥ 基本支出经济科目 30231（项目支出经济分类表未列出而有项目支出时：“三公”数含项目支出）",
         severity="warning", tolerance="none"),
    Rule("office_operation_scope", "cross", "three_public, expenditure",
         "机关运行经费（行政经费）≤ 基本支出合计（超过时说明其口径含项目支出）", severity="warning",
         tolerance="none"),
    # Narrative
    Rule("claim_amount", "narrative", "情况说明 and the table the claim names",
         "情况说明所述金额 = 表中对应数（收入/支出预算、“三公”经费及各项、机关运行经费、财政拨款 …）", tolerance=_ONE),
    Rule("claim_percent", "narrative", "情况说明",
         "增减百分比 = 增减额 ÷ (本年数 − 增减额)，按所印小数位四舍五入", tolerance="range of the rounded figures"),
    Rule("claim_parts", "narrative", "情况说明",
         "所述各部分之和 = 所述总数（“三公”经费、公务用车、政府采购），本年数与上年数均然"),
    Rule("claim_previous", "narrative", "情况说明", "上年数（本年数 − 增减额）不为负", severity="warning",
         tolerance="none"),
    Rule("claim_rate", "narrative", "情况说明",
         "完成年初预算的百分比 = 决算数 ÷ 年初预算数，按所印小数位四舍五入", tolerance="range of the rounded figures"),
    Rule("claim_share", "narrative", "情况说明",
         "占X% = 该数 ÷ 句中所指总数（“占本年支出合计的…”，或“…万元，其中/主要用于”之前的总数），按所印小数位四舍五入",
         tolerance="range of the rounded figures, one unit of the last place more"),
    Rule("claim_change", "narrative", "情况说明",
         "所述增减额 = 本年数 − 句中所述上年数（比2025年年初预算数X万元增加Y万元）", tolerance="the printed precision of both"),
    Rule("claim_comparison", "narrative", "情况说明",
         "比较词与所述两数相符：决算数大于/小于/等于年初预算数；比上年（执行数、年初预算数）增加/减少/持平", tolerance="none"),
    Rule("claim_magnitude", "narrative", "情况说明 and the table the claim names",
         "所述金额不是表中对应数的千分之一或万分之一（单位或数位错误）", tolerance=_ONE),
    Rule("claim_restated", "narrative", "情况说明",
         "一个科目段落前后所述本年金额一致：“…（项）”X万元 与同段“（本年）预算安排Y万元”相同", tolerance="none"),
    Rule("claim_digit", "narrative", "情况说明",
         "所述金额去掉一位数字即等于表中对应数，或增减百分比去掉一位数字即相符：该数字疑为多印", tolerance="none"),
    # The text a careful reader checks
    Rule("text_placeholder", "text", "情况说明", "无模板占位符（XX局、XX单位、×××）", severity="warning",
         tolerance="none"),
    Rule("text_punctuation", "text", "情况说明", "无重复标点（。。、，，）", severity="warning", tolerance="none"),
    Rule("text_unit", "text", "情况说明", "增减、占比、完成比例带 %，增减额带单位", severity="warning", tolerance="none"),
    Rule("text_template", "text", "情况说明", "无模板残留（增加（减少）、下降（增长）、大于（小于））", severity="warning",
         tolerance="none"),
    Rule("text_year", "text", "情况说明",
         "年份与文件年度相符：比较基年早于本年度，标题年度即本年度，“截至”日期在本年度或上年度", severity="warning",
         tolerance="none"),
    Rule("three_public_blank", "narrative", "three_public and 情况说明",
         "情况说明所述“三公”经费（预算数）在“三公”经费表中亦有印出", severity="warning", tolerance="none"),
    # Naming and completeness
    Rule("naming", "naming", "every coded table", "同一科目编码在各表中名称一致", severity="warning",
         tolerance="none"),
    Rule("table_missing", "completeness", "the tables the contents page lists", "目录列出的表均已印出",
         severity="warning", tolerance="none"),
    Rule("table_empty", "completeness", "every table", "空表须有说明（本表无数据 / 本年无发生额 …）",
         severity="warning", tolerance="none"),
    Rule("table_incomplete", "completeness", "every table", "表格完整（不从表中间开始）", severity="warning",
         tolerance="none"),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rules() -> pd.DataFrame:
    """The audit's rules as a frame: ``id``, ``family``, ``tables``, ``identity``, ``severity``, ``tolerance``,
    ``doubt``."""
    return pd.DataFrame([asdict(r) for r in RULES])


def rules_markdown() -> str:
    """The table of docs/rules.md, written from :data:`RULES` (tests/audit/test_check.py keeps them equal)."""
    rows = ["| rule | family | tables | identity | severity | tolerance | doubt |", "|---|---|---|---|---|---|---|"]
    rows += [f"| `{r.id}` | {r.family} | {r.tables} | {r.identity} | {r.severity} | {r.tolerance} | {r.doubt} |"
             for r in RULES]
    return "\n".join(rows)


def tolerance(count: int, unit: str = "万元", rule: str = "") -> Decimal:
    """Tolerance of a sum of ``count`` rounded figures printed in ``unit`` (at least one
    figure): one printed step per figure, or one step in all where ``rule`` declares a single
    step (its :attr:`Rule.tolerance` is not :data:`SUM_TOLERANCE`).

    >>> tolerance(2)
    Decimal('0.02')
    >>> tolerance(2, rule="balance")
    Decimal('0.01')
    """
    per_figure = not rule or RULES_BY_ID[rule].tolerance == SUM_TOLERANCE
    return ROUNDING.get(unit, ROUNDING["万元"]) * (max(count, 1) if per_figure else 1)
