"""What printed labels mean: classification 类 names, column headers, named rows.

Three vocabularies turn the words of a table into canonical ids:

* :data:`FUNCTION_CLASSES` / :data:`ECONOMIC_CLASSES` — 类 names to codes, for tables
  that list 类 by name only (the expenditure side of a 收支总表, per-unit groups);
* :func:`measure_of` — a column header (and its parent header) to a *measure*;
* :func:`item_of` — a named, uncoded row (合计, 本年收入合计, “三公”经费 …) to an *item*.

Every id is documented in ``docs/schema.md``.
"""

from __future__ import annotations

import re

from budgetkit._normalize import key, strip_numbering

#: 支出功能分类 类 codes by name (names of several editions).
FUNCTION_CLASSES: dict[str, str] = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204",
    "教育支出": "205", "科学技术支出": "206", "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207", "社会保障和就业支出": "208", "社会保险基金支出": "209",
    "卫生健康支出": "210", "医疗卫生与计划生育支出": "210", "医疗卫生支出": "210",
    "节能环保支出": "211", "城乡社区支出": "212", "农林水支出": "213", "交通运输支出": "214",
    "资源勘探工业信息等支出": "215", "资源勘探信息等支出": "215", "商业服务业等支出": "216",
    "金融支出": "217", "援助其他地区支出": "219", "自然资源海洋气象等支出": "220",
    "国土海洋气象等支出": "220", "住房保障支出": "221", "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223", "灾害防治及应急管理支出": "224", "预备费": "227",
    "其他支出": "229", "转移性支出": "230", "债务还本支出": "231", "债务付息支出": "232",
    "债务发行费用支出": "233",
}

#: 部门预算支出经济分类 类 codes by name.
ECONOMIC_CLASSES: dict[str, str] = {
    "工资福利支出": "301", "工资和福利支出": "301", "商品和服务支出": "302",
    "对个人和家庭的补助": "303", "对个人和家庭的补助支出": "303",
    "债务利息及费用支出": "307", "资本性支出（基本建设）": "309", "资本性支出(基本建设)": "309",
    "资本性支出": "310", "对企业补助": "312", "对企业补助（基本建设）": "311",
    "对社会保障基金补助": "313", "其他支出": "399",
}

# (parent header key, leaf header key) -> measure, checked before the leaf alone.
_MEASURE_IN_CONTEXT: dict[tuple[str, str], str] = {
    ("财政拨款", "合计"): "fiscal",
    ("财政拨款", "小计"): "fiscal",
    ("财政拨款收入", "合计"): "fiscal",
    ("财政拨款收入", "小计"): "fiscal",
    ("财政专户拨款收入", "合计"): "fiscal_special",
    ("其他资金收入", "合计"): "other_funds",
    ("本年收入", "小计"): "current", ("本年收入", "合计"): "current",
}

_MEASURES: dict[str, str] = {
    "合计": "total", "小计": "total", "总计": "total", "预算": "total", "预算数": "total",
    "金额": "total", "本年预算": "total", "预算金额": "total", "全年预算数": "total",
    "基本支出": "basic", "项目支出": "project",
    "财政拨款": "fiscal", "财政拨款收入": "fiscal", "财政拨款合计": "fiscal",
    "一般公共预算": "general_public", "一般公共预算拨款": "general_public",
    "一般公共预算收入": "general_public", "一般公共预算拨款收入": "general_public",
    "一般公共预算资金": "general_public",
    "政府性基金预算": "gov_fund", "政府性基金": "gov_fund", "政府性基金预算拨款": "gov_fund",
    "国有资本经营预算": "state_capital", "国有资本经营预算拨款": "state_capital",
    "财政专户拨款": "fiscal_special", "财政专户拨款收入": "fiscal_special",
    "财政专户管理资金": "fiscal_special",
    "教育收费": "education_fee", "其他专户收入拨款": "other_special_account",
    "其他资金": "other", "其他资金收入": "other_funds",
    "事业收入": "business", "经营收入": "operating", "事业单位经营收入": "operating",
    "其他收入": "other",
    "上级补助收入": "superior_subsidy", "附属单位上缴收入": "subordinate_remit",
    "用事业基金弥补收支差额": "business_fund", "上年结转": "prior_carryover",
    "事业单位经营支出": "operating_expense", "经营支出": "operating_expense",
    "对附属单位补助支出": "subsidy_to_subordinate", "上缴上级支出": "remit_to_superior",
    "结转下年": "carryover",
    "人员经费": "personnel", "公用经费": "public_use",
    "单位预留机动经费": "reserve", "结转下年资金": "carryover", "机关运行经费支出": "total",
    "收入预算": "total", "支出预算": "total",
    "支出总计": "total", "收入总计": "total", "本年支出合计": "total", "本年收入合计": "total",
    "资金总额": "total",
    "部门预算": "total", "预算安排": "total", "项目金额": "total", "项目总额": "total",
    "上年结转结余": "prior_carryover", "上年结余结转": "prior_carryover", "上年结余、结转": "prior_carryover",
    "人员支出": "personnel", "人员经费支出": "personnel",
    "公用支出": "public_use", "公用经费支出": "public_use", "日常公用支出": "public_use",
    "日常公用经费": "public_use",
    "专项业务经费支出": "project", "专项业务经费": "project",
    "政府性基金预算拨款收入": "gov_fund", "政府性基金预算资金": "gov_fund", "政府性基金拨款": "gov_fund",
    "国有资本经营预算拨款收入": "state_capital", "国有资本经营预算资金": "state_capital",
    "财政专户管理资金收入": "fiscal_special", "单位资金": "other_funds",
    "当年财政拨款预算金额": "fiscal",
    "一般公共预算财政拨款": "general_public", "政府性基金预算财政拨款": "gov_fund",
    "国有资本经营预算财政拨款": "state_capital",
    "政府性基金预算收入": "gov_fund", "国有资本经营预算收入": "state_capital", "事业收入（不含教育收费）": "business",
    "增减额": "change", "增减": "change", "增减金额": "change", "增减变化金额": "change",
}

#: Every measure id, with its meaning (see docs/schema.md).
MEASURES: dict[str, str] = {
    "total": "合计 / 小计 / 总计 / 预算: the row's total",
    "basic": "基本支出", "project": "项目支出",
    "fiscal": "财政拨款 (合计 of the appropriation columns)",
    "general_public": "一般公共预算", "gov_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "fiscal_special": "财政专户拨款 / 财政专户管理资金", "education_fee": "教育收费",
    "other_special_account": "其他专户收入拨款",
    "other_funds": "其他资金收入 (合计 of 事业 / 经营 / 其他收入)",
    "business": "事业收入", "operating": "事业单位经营收入", "other": "其他收入 / 其他资金",
    "superior_subsidy": "上级补助收入", "subordinate_remit": "附属单位上缴收入",
    "business_fund": "用事业基金弥补收支差额", "prior_carryover": "上年结转",
    "current": "本年收入 小计: the year's own income, printed beside 上年结转 (合计 = current + prior_carryover); "
               "a column under 上年结转 is `prior_carryover/` its measure (`prior_carryover/general_public`)",
    "operating_expense": "事业单位经营支出", "subsidy_to_subordinate": "对附属单位补助支出",
    "remit_to_superior": "上缴上级支出", "carryover": "结转下年",
    "personnel": "人员经费", "public_use": "公用经费",
    "reserve": "单位预留机动经费 (Jiangsu)",
    "budget": "年初预算数: the plan, printed beside the 决算数 of a 决算 table",
    "adjusted_budget": "调整预算数 / 全年预算数: the adjusted plan, in a 决算 table",
    "prior_actual": "上年执行数 / 决算数: the previous year's outturn, in a 预算 table",
    "prior_budget": "上年预算数: the previous year's plan, in a 预算 table",
    "change": "增减额: the change against another column",
}


# The document's own figures are ``total`` in either phase; the other phase's are named.
_PHASE_MEASURES: dict[str, dict[str, str]] = {
    "final": {
        "决算数": "total", "本年决算数": "total", "决算": "total", "支出决算": "total", "收入决算": "total",
        "预算数": "budget", "年初预算数": "budget", "年初预算": "budget", "预算": "budget",
        "调整预算数": "adjusted_budget", "调整预算": "adjusted_budget", "全年预算数": "adjusted_budget",
        "全年预算": "adjusted_budget",
    },
    "budget": {
        "执行数": "prior_actual", "上年执行数": "prior_actual", "上年决算数": "prior_actual",
        "决算数": "prior_actual", "上年预算数": "prior_budget",
    },
}


def measure_of(leaf: str, parent: str = "", phase: str = "budget") -> str | None:
    """The measure id of a column header, or ``None`` when the header is unknown.

    >>> measure_of("决算数", phase="final"), measure_of("年初预算数", phase="final")
    ('total', 'budget')

    >>> measure_of("合计", parent="财政拨款")
    'fiscal'
    >>> measure_of("其中：基本支出")
    'basic'

    A 小计 / 合计 under a header that names a measure is that measure's total:

    >>> measure_of("小计", parent="基本支出")
    'basic'
    """
    leaf_k, parent_k = _bare_header(leaf), _bare_header(parent)
    phased = _PHASE_MEASURES.get(phase, {})
    if leaf_k in phased:
        return phased[leaf_k]
    found = _MEASURE_CONTEXT_INDEX.get((parent_k, leaf_k))
    if found:
        return found
    if leaf_k in _SUBTOTALS and parent_k:
        parent_measure = _MEASURE_INDEX.get(_YEAR_WORDS.sub("", parent_k))
        if parent_measure and parent_measure != "total":
            return parent_measure
    return _MEASURE_INDEX.get(leaf_k) or measure_by_words(leaf_k)


#: The words that make a measure, for a header the table above does not list: tried in
#: order, most specific first, on the header without a parenthesised qualifier. A fund
#: named with 支出 after it ("一般公共预算支出") heads its table's total, not a fund column.
_MEASURE_WORDS: tuple[tuple[str, str], ...] = (
    (r"上年结转|上年结余|年初结转", "prior_carryover"),
    (r"结转下年|年末结转", "carryover"),
    (r"用事业基金弥补", "business_fund"),
    (r"上级补助", "superior_subsidy"),
    (r"附属单位上缴", "subordinate_remit"),
    (r"上缴上级", "remit_to_superior"),
    (r"对(附属|下级|所属)单位补助", "subsidy_to_subordinate"),
    (r"经营支出", "operating_expense"),
    (r"经营收入", "operating"),
    (r"教育收费", "education_fee"),
    (r"其他专户", "other_special_account"),
    (r"财政专户|专户管理|非税收入", "fiscal_special"),
    (r"^(?!.*支出$).*政府性基金", "gov_fund"),
    (r"^(?!.*支出$).*国有资本经营", "state_capital"),
    (r"^(?!.*支出$).*(一般公共预算|公共财政)", "general_public"),
    (r"^事业收入", "business"),
    (r"^其他收入", "other"),
    (r"^财政拨款", "fiscal"),
    (r"^基本(支出|经费)", "basic"),
    (r"^(项目|专项)(业务)?(支出|经费)", "project"),
    (r"^人员(经费|支出)", "personnel"),
    (r"^(日常)?公用(经费|支出)", "public_use"),
    (r"^(预算|年度预算|本年预算)(总额|合计|总计|金额|数|额)$", "total"),
)
_MEASURE_WORD_PATTERNS = tuple((re.compile(words), measure) for words, measure in _MEASURE_WORDS)
_PARENTHESISED = re.compile(r"[（(][^（()）]*[)）]")


def measure_by_words(header: str) -> str | None:
    """The measure a header's words name, for a header no synonym list holds.

    >>> measure_by_words("基本经费"), measure_by_words("一般公共预算财政拨款"), measure_by_words("上级补助")
    ('basic', 'general_public', 'superior_subsidy')
    >>> measure_by_words("事业收入（不含教育收费）"), measure_by_words("一般公共预算支出")
    ('business', None)
    >>> measure_by_words("项目名称") is None, measure_by_words("一、政府性基金拨款") is None
    (True, True)
    """
    k = _PARENTHESISED.sub("", key(header)).removeprefix("其中:").removeprefix("其中：")
    if not k or len(k) > 16 or strip_numbering(k) != k:  # 一、政府性基金拨款 is a row's item, not a header
        return None
    k = _YEAR_WORDS.sub("", k)
    return next((measure for pattern, measure in _MEASURE_WORD_PATTERNS if pattern.search(k)), None)


_SUBTOTALS = {"合计", "小计"}
_YEAR_WORDS = re.compile(r"^(\d{4}年度?|本年|当年)")
_UNIT_QUALIFIER = re.compile(r"[（(](?:金额)?(?:单位[:：])?(万元|元|亿元)[)）]$")


def _bare_header(text: str) -> str:
    """A header's key without a year before it or a money unit after it:
    "2026年预算数" and "预算数（万元）" are 预算数."""
    k = _UNIT_QUALIFIER.sub("", key(text))
    bare = _YEAR_WORDS.sub("", k)
    known = bare in _MEASURE_INDEX or bare in _SUBTOTALS or any(bare in m for m in _PHASE_MEASURES.values())
    return bare if known else k


# Named rows: key of the label (numbering stripped) -> item id.
_ITEMS: dict[str, str] = {
    "合计": "total", "总计": "total",
    "本年收入合计": "income_subtotal", "本年收入小计": "income_subtotal",
    "收入总计": "income_total", "收入合计": "income_total",
    "本年支出合计": "expenditure_subtotal", "本年支出小计": "expenditure_subtotal",
    "支出总计": "expenditure_total", "支出合计": "expenditure_total",
    "预算拨款": "fiscal", "财政拨款": "fiscal", "财政拨款收入": "fiscal", "财政拨款合计": "fiscal",
    "一般公共预算": "general_public", "一般公共预算拨款": "general_public",
    "一般公共预算拨款收入": "general_public", "一般公共预算资金": "general_public",
    "政府性基金预算": "gov_fund", "政府性基金预算拨款": "gov_fund", "政府性基金预算拨款收入": "gov_fund",
    "政府性基金拨款": "gov_fund",
    "国有资本经营预算": "state_capital", "国有资本经营预算拨款": "state_capital",
    "国有资本经营预算拨款收入": "state_capital",
    "财政专户拨款": "fiscal_special", "财政专户管理资金": "fiscal_special",
    "财政专户管理资金收入": "fiscal_special",
    "其他资金": "other_funds", "事业收入": "business", "事业单位经营收入": "operating",
    "其他收入": "other",
    "上级补助收入": "superior_subsidy", "附属单位上缴收入": "subordinate_remit",
    "用事业基金弥补收支差额": "business_fund", "上年结转": "prior_carryover",
    "上年结转结余": "prior_carryover",
    "对附属单位补助支出": "subsidy_to_subordinate", "上缴上级支出": "remit_to_superior",
    "事业单位经营支出": "operating_expense", "结转下年": "carryover",
    "行政经费": "office_operation", "机关运行经费": "office_operation",
    "行政经费（机关运行经费）": "office_operation",
    "“三公”经费": "three_public", "三公经费": "three_public", "“三公”经费合计": "three_public",
    "因公出国（境）支出": "overseas_travel", "因公出国（境）费": "overseas_travel",
    "因公出国（境）费用": "overseas_travel",
    "公务用车购置及运行维护支出": "vehicle", "公务用车购置及运行费": "vehicle",
    "公务用车购置及运行维护费": "vehicle",
    "公务用车购置": "vehicle_purchase", "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation", "公务用车运行费": "vehicle_operation",
    "公务接待费支出": "reception", "公务接待费": "reception",
    "会议费": "meeting", "培训费": "training",
    "其他资本性等支出合计": "other_capital", "其他资本性等支出": "other_capital",
    "政府性基金": "gov_fund", "一般公共预算资金收入": "general_public",
    "当年收入小计": "income_subtotal", "当年支出小计": "expenditure_subtotal",
    "上年结转资金": "prior_carryover", "上年结转和结余资金": "prior_carryover", "结转下年资金": "carryover",
    "基本支出": "basic_expenditure", "项目支出": "project_expenditure", "单位预留机动经费": "reserve",
    "公共财政拨款（补助）资金": "general_public_grant", "专项收入": "special_revenue",
    "专户管理教育收费": "education_fee", "其他非税收入": "other_nontax", "经营收入": "operating",
    "债务资金（银行贷款）": "debt", "动用上年结转和结余资金": "prior_carryover_used",
    "“三公”经费、会议费、培训费合计": "total",
    "一般公共预算财政拨款收入": "general_public", "一般公共预算财政拨款": "general_public",
    "政府性基金预算财政拨款收入": "gov_fund", "政府性基金预算财政拨款": "gov_fund",
    "国有资本经营预算财政拨款收入": "state_capital", "国有资本经营预算财政拨款": "state_capital",
    "年初结转和结余": "opening_balance", "年末结转和结余": "closing_balance",
    "年初财政拨款结转和结余": "opening_balance", "年末财政拨款结转和结余": "closing_balance",
    "使用非财政拨款结余": "non_fiscal_balance_used", "使用非财政拨款结余（含专用结余）": "non_fiscal_balance_used",
    "结余分配": "balance_distribution", "经营支出": "operating_expense",
    "其他收入资金": "other", "事业收入资金": "business",
    "上年结余、结转": "prior_carryover", "上年结余结转": "prior_carryover", "上年结转和结余": "prior_carryover",
    "财政拨款结余、结转": "prior_carryover_fiscal", "财政拨款结转结余": "prior_carryover_fiscal",
    "非财政拨款结余、结转": "prior_carryover_other", "非财政拨款结转结余": "prior_carryover_other",
    "单位资金": "other_funds",
    "政府性基金预算资金": "gov_fund", "国有资本经营预算资金": "state_capital",
    "年终结转结余": "carryover", "本年收入": "income_subtotal", "本年支出": "expenditure_subtotal",
    "一般公共预算收入": "general_public", "政府性基金预算收入": "gov_fund", "国有资本经营预算收入": "state_capital",
    "事业收入（不含教育收费）": "business",
}

#: Every item id, with its meaning (see docs/schema.md).
ITEMS: dict[str, str] = {
    "total": "合计 row of a table (or of a unit block)",
    "unit_total": "a 资金使用单位's own total row",
    "unit_group": "a coded group of units (the 主管部门's own row over its units' codes), equal to their sum",
    "project": "one project of the project list",
    "project_group": "a 一级 / 二级 项目 printed over the projects of a list printed at several levels, equal to "
                     "their sum (its `level`: 1 for 一级)",
    "income_subtotal": "本年收入合计", "income_total": "收入总计",
    "expenditure_subtotal": "本年支出合计", "expenditure_total": "支出总计",
    "fiscal": "财政拨款 / 预算拨款", "general_public": "一般公共预算",
    "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
    "fiscal_special": "财政专户拨款", "other_funds": "其他资金", "business": "事业收入",
    "operating": "事业单位经营收入", "other": "其他收入",
    "superior_subsidy": "上级补助收入", "subordinate_remit": "附属单位上缴收入",
    "business_fund": "用事业基金弥补收支差额", "prior_carryover": "上年结转",
    "subsidy_to_subordinate": "对附属单位补助支出", "remit_to_superior": "上缴上级支出",
    "operating_expense": "事业单位经营支出", "carryover": "结转下年",
    "office_operation": "机关运行经费 / 行政经费", "three_public": "“三公”经费",
    "overseas_travel": "因公出国（境）费", "vehicle": "公务用车购置及运行（维护）费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费", "meeting": "会议费", "training": "培训费",
    "other_capital": "其他资本性等支出 (a group without one economic code)",
    "basic_expenditure": "基本支出 (a 支出用途 row of a Jiangsu 收支总表)", "project_expenditure": "项目支出 (idem)",
    "reserve": "单位预留机动经费 (idem)",
    "general_public_grant": "公共财政拨款（补助）资金 (part of 一般公共预算资金, Jiangsu)",
    "special_revenue": "专项收入 (part of 一般公共预算资金, Jiangsu)",
    "education_fee": "专户管理教育收费", "other_nontax": "其他非税收入",
    "debt": "债务资金（银行贷款）", "prior_carryover_used": "其中：动用上年结转和结余资金",
    "prior_carryover_fiscal": "财政拨款结余、结转 (part of 上年结转)",
    "prior_carryover_other": "非财政拨款结余、结转 (part of 上年结转)",
    "opening_balance": "年初结转和结余 (决算)", "closing_balance": "年末结转和结余 (决算)",
    "non_fiscal_balance_used": "使用非财政拨款结余 (决算)", "balance_distribution": "结余分配 (决算)",
}


def item_of(label: str) -> str | None:
    """The item id of a named row, or ``None``.

    >>> item_of("其中：（一）因公出国（境）支出")
    'overseas_travel'
    >>> item_of("合 计")
    'total'
    >>> item_of("公务接待费用"), item_of("三公经费合计"), item_of("机关运行经费支出")
    ('reception', 'three_public', 'office_operation')
    """
    k = key(strip_numbering(label))
    found = _ITEM_INDEX.get(k)
    if found is None:
        # 公务接待费用, “三公”经费支出, 三公经费合计, 机关运行经费支出: a named expense with a
        # suffix that says nothing more is that expense.
        bare = _EXPENSE_SUFFIX.sub("", k.replace("费用", "费"))
        found = _ITEM_INDEX.get(bare)
        found = found if found in _EXPENSE_ITEMS else None
    return found


_EXPENSE_SUFFIX = re.compile(r"(?:支出|预算数?|合计|小计)$")
#: The items a suffix may be dropped from: named expenses, never a fund or a total.
_EXPENSE_ITEMS = frozenset({"three_public", "overseas_travel", "vehicle", "vehicle_purchase", "vehicle_operation",
                            "reception", "office_operation", "meeting", "training"})


def function_class_of(label: str) -> str | None:
    """The function 类 code named by a label such as "一、一般公共服务支出"."""
    return _FUNCTION_INDEX.get(key(strip_numbering(label)))


def economic_class_of(label: str) -> str | None:
    """The economic 类 code named by a group label such as "工资和福利支出合计"."""
    k = key(strip_numbering(label))
    return _ECONOMIC_INDEX.get(k) or _ECONOMIC_INDEX.get(k.removesuffix("合计"))


# Long and short spellings of one department's name, as documents of different years print them.
_NAME_ABBREVIATIONS = (
    ("中国共产党", "中共"),
    ("人民代表大会常务委员会", "人大常委会"),
    ("中国人民政治协商会议", "政协"),
)
_PARTY_COMMITTEE = re.compile(r"^(中共.+?[省市区县])委员会")
#: A qualifier saying the document is the department's own summary (部门汇总), not another body.
_SUMMARY_QUALIFIER = re.compile(r"[(（](?:部门)?汇总[)）]$")


def department_key(name: str) -> str:
    """A key under which the spellings of one department's name meet.

    Documents of different years, and the narrative and tables files of one disclosure,
    spell a department differently: 中国共产党江苏省委员会办公厅 on the tables,
    中共江苏省委办公厅 or 江苏省委办公厅 on the cover (a 省委 / 市委 is always the party's),
    北京市交通委员会 or 北京市交通委, 西安市财政局（汇总） for the department's summary.
    Grouping files, pairing years and comparing them go by this key, never by the printed
    name. A 本级 (the department's own office) stays apart from its whole department.

    >>> department_key("中国共产党江苏省委员会办公厅") == department_key("江苏省委办公厅")
    True
    >>> department_key("上海市普陀区商务委员会")
    '上海市普陀区商务委'
    >>> department_key("西安市财政局（汇总）") == department_key("西安市财政局")
    True
    >>> department_key("深圳市科技创新局(本级)") == department_key("深圳市科技创新局")
    False
    """
    k = key(name)
    for long, short in _NAME_ABBREVIATIONS:
        k = k.replace(long, short)
    k = _PARTY_COMMITTEE.sub(r"\1委", k)
    k = _SUMMARY_QUALIFIER.sub("", k)
    return k.removeprefix("中共").replace("委员会", "委")


def _index(mapping: dict[str, str]) -> dict[str, str]:
    return {key(label): value for label, value in mapping.items()}


_MEASURE_INDEX = _index(_MEASURES)
_MEASURE_CONTEXT_INDEX = {(key(p), key(c)): m for (p, c), m in _MEASURE_IN_CONTEXT.items()}
_ITEM_INDEX = _index(_ITEMS)
_FUNCTION_INDEX = _index(FUNCTION_CLASSES)
_ECONOMIC_INDEX = _index(ECONOMIC_CLASSES)
