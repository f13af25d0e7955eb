"""What every disclosure of ../shared/corpus and ../shared/corpus/cities holds, as data.

Checked by hand against the documents themselves, never against what the reader makes of
them:

``files``
    The files that form one disclosure (a Beijing narrative and the tables file of the
    same department and year are one; every other file is its own).
``department``, ``year``, ``phase``, ``level``
    As the cover and first pages state them (``budget`` for 预算, ``final`` for 决算;
    ``department`` for a 部门 document, ``unit`` for a 单位 one). Departments are compared
    under :func:`budgetkit.catalogue.vocabulary.department_key`.
``tables``
    The standard tables the document prints, as kind ids in printed order, counted from
    its own contents page (目录, or the 报表目录 of its tables part) and checked against
    the pages. A table printed but absent from the contents counts too (the 绩效目标表 of a
    情况说明, the 会议费 / 培训费 明细表 inside the narrative). A run of tables of one kind
    counts once: a 绩效目标表 printed once per project is one ``performance_goals``.
    Empty tables printed with their frame (本表无数据, 不涉及) count.
``not_printed``
    Contents entries the files do not print (a narrative whose tables are published
    separately), noted, not expected.
``known``
    The document's own errors, verified in the printed text: ``(rule, words of the
    identity checked)``. They fail as printed; every other identity must hold.
``gaps``
    Identities that fail because the reader or the audit does not yet get a layout right:
    ``(rule, words of the identity checked, why)``. Pinned so that a gap closing shows (the
    test then asks for its removal) as much as a new failure does; each is a family to
    build for, never a document error.
``unreadable``
    The error class a disclosure that prints no table at all must raise.
``values``
    A few figures read from the printed page: ``(kind, where, amount in 万元)``; the
    figure must be among the amounts of the lines of that kind matching ``where``. 元
    figures are given converted exactly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal


@dataclass(frozen=True)
class Disclosure:
    files: tuple[str, ...]
    department: str
    year: int
    phase: str = "budget"
    level: str = "department"
    tables: tuple[str, ...] = ()
    not_printed: tuple[str, ...] = ()
    unreadable: str = ""
    known: tuple[tuple[str, str], ...] = ()
    gaps: tuple[tuple[str, str, str], ...] = ()
    values: tuple[tuple[str, dict, str], ...] = field(default=())

    @property
    def expected_failures(self) -> tuple[tuple[str, str], ...]:
        """The document's own errors and the reading gaps, as ``(rule, words)``."""
        return self.known + tuple((rule, words) for rule, words, _ in self.gaps)

    @property
    def name(self) -> str:
        return self.files[0].rsplit(".", 1)[0].removesuffix("-narrative").removesuffix("-tables")


# ---------------------------------------------------------------------------------------
# Table sequences shared by a family of documents (printed order).

GUANGDONG = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
             "general_project_economic", "three_public", "gov_fund", "state_capital", "basic_by_unit", "projects",
             # The 情况说明's "重点项目预算绩效目标情况" prints a 项目 | 预算数（单位：万元）| 绩效目标 table
             # after the tables, untitled and outside the contents.
             "performance_goals")
# The seed text prints the 三公 table after the basic economic one and the project economic table tenth.
GUANGDONG_SEED = ("overall", "income", "expenditure", "fiscal_overall", "general_function",
                  "general_basic_economic", "three_public", "gov_fund", "state_capital", "general_project_economic",
                  "basic_by_unit", "projects")
SHANGHAI = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "gov_fund", "state_capital",
            "general_basic_economic", "three_public")
SHANGHAI_FINAL = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
                  "three_public", "gov_fund", "state_capital")
#: 江苏 2017 editions: 一 … 十二 as numbered.
JIANGSU_2017 = ("overall", "income", "expenditure", "fiscal_overall", "fiscal_function", "fiscal_basic_economic",
                "gov_fund", "general_function", "general_basic_economic", "office_operation", "three_public",
                "procurement")
#: 江苏 2018 editions: 公开01表 … 公开12表 (三公 before 政府性基金).
JIANGSU_2018 = ("overall", "income", "expenditure", "fiscal_overall", "fiscal_function", "fiscal_basic_economic",
                "general_function", "general_basic_economic", "three_public", "gov_fund", "office_operation",
                "procurement")
#: 苏州 / 无锡: 公开01表 … 公开13表.
JIANGSU_CITY = ("overall", "income", "expenditure", "fiscal_overall", "fiscal_function", "fiscal_basic_economic",
                "general_function", "general_basic_economic", "three_public", "gov_fund", "state_capital",
                "office_operation", "procurement")
#: 北京: 预算01表 … 预算13表.
BEIJING = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
           "gov_fund", "state_capital", "three_public", "procurement", "purchase_service", "performance_goals",
           "dept_performance")
#: 福建 (福州, 泉州): 一 … 十 of the 预算表, then the 项目支出绩效目标表 of the 情况说明.
FUJIAN = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "gov_fund", "state_capital",
          "general_economic", "general_basic_economic", "three_public", "performance_goals")
#: 深圳: the 重点项目 绩效目标 table of the 情况说明 (第七部分, untitled), then 表1 … 表11.
SHENZHEN = ("performance_goals", "overall", "income", "expenditure", "basic_by_unit", "projects", "fiscal_overall", "general_function",
            "general_economic", "three_public", "gov_fund", "state_capital")
#: 浙江 (杭州, 湖州): 表1 … 表11.
ZHEJIANG = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
            "three_public", "gov_fund", "state_capital", "projects", "performance_goals")
#: 烟台: 公开表1 … 公开表12.
YANTAI = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
          "three_public", "gov_fund", "state_capital", "basic_by_unit", "projects", "procurement")
#: 重庆: 表一 … 表十二 (表十一 and 表十二 both 绩效目标表 of 一级项目).
CHONGQING = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "general_basic_economic",
             "gov_fund", "three_public", "procurement", "dept_performance", "performance_goals")
#: 西安: 表1 … 表16 of the 报表目录 (表14 printed once per 专项业务经费 project; 表16 the 专项资金总体绩效目标表).
XIAN = ("overall", "income", "expenditure", "fiscal_overall", "general_function", "general_economic",
        "general_basic_function", "general_basic_economic", "gov_fund", "projects", "prior_carryover", "procurement",
        "three_public", "performance_goals", "dept_performance", "performance_goals")
#: The contents of a Beijing narrative: the tables it announces, published in the separate tables file.
BEIJING_CONTENTS = BEIJING


# ---------------------------------------------------------------------------------------
# ../shared/corpus

CORPUS: tuple[Disclosure, ...] = (
    # Its 机关运行经费 (799.92) is larger than all of 基本支出 (708.24): its definition takes in
    # project spending.
    Disclosure(("gd-qingxin-zwfw-2023-budget.txt",), "清远市清新区政务服务数据管理局", 2023, tables=GUANGDONG_SEED,
               known=(("office_operation_scope", "机关运行经费"),)),
    # p.22: "提租补贴（项）支出1959.99万元，与上年相比增加865.57万元，增长79.05%": 865.57 / 1094.42 = 79.09%.
    Disclosure(("js-high-court-2017-budget.pdf",), "江苏省高级人民法院", 2017, tables=JIANGSU_2017,
               known=(("claim_percent", "提租补贴(项)增减百分比"),), values=(
        # 十一、一般公共预算“三公”经费、会议费、培训费支出预算表, p.17
        ("three_public", {"item": "three_public"}, "670.12"),
        ("three_public", {"item": "overseas_travel"}, "180.00"),
        ("three_public", {"item": "reception"}, "185.72"),
        ("three_public", {"item": "training"}, "1701.25"),
    )),
    # 财政拨款支出预算表 (p.11) is printed before the 财政拨款收支预算总表 (p.12), the contents
    # listing them the other way round.
    Disclosure(("js-npc-office-2017-budget.pdf",), "江苏省人大常委会办公厅", 2017,
               tables=("overall", "income", "expenditure", "fiscal_function", "fiscal_overall",
                       "fiscal_basic_economic", "gov_fund", "general_function", "general_basic_economic",
                       "office_operation", "three_public", "procurement")),
    Disclosure(("js-npc-office-2018-budget.pdf",), "江苏省人大常委会办公厅", 2018, tables=JIANGSU_2018),
    # narrative p.8: "行政运行（项）支出6106.99万元，与上年相比增加101.48万元，增长1.66%": 101.48 / 6005.51 = 1.69%.
    Disclosure(("js-party-office-2017-narrative.pdf", "js-party-office-2017-tables.pdf"), "中国共产党江苏省委员会办公厅",
               2017, tables=JIANGSU_2017, known=(("claim_percent", "及相关机构事务(款)行政运行(项)增减百分比"),)),
    Disclosure(("js-party-office-2018-narrative.pdf", "js-party-office-2018-tables.pdf"), "中共江苏省委办公厅", 2018,
               tables=JIANGSU_2018),
    # "基本支出预算数为12323.46万元" while the tables print 12,323.48; "比2016年增加3401.59万元，
    # 增长129.97%" for 机关运行经费: 3401.59 / 2630.96 = 129.29%.
    Disclosure(("js-procuratorate-2017-budget.pdf",), "江苏省人民检察院", 2017, tables=JIANGSU_2017,
               known=(("claim_amount", "12323.46"), ("claim_percent", "机关运行经费"))),
    # "各增加3,958.67万元，增长21.95%": 3958.67 / 17996.68 = 22.00%. p.26: "行政运行（项）支出10,883.36万元，与上年
    # 相比增加2,915.22万元，增长36.58%" (36.59%), "一般行政管理事务（项）支出3,666万元，…增加21.8万元，增长0.06%"
    # (0.60%), "…检察监督支出（项）1,895万元，…减少134万元，降幅0.66%" (6.60%).
    Disclosure(("js-procuratorate-2018-budget.pdf",), "江苏省人民检察院", 2018, tables=JIANGSU_2018,
               known=(("claim_percent", "收入、支出预算总计"), ("claim_percent", "情况说明行政运行(项)增减百分比"),
                      ("claim_percent", "一般行政管理事务(项)增减百分比"), ("claim_percent", "检察监督支出(项)增减百分比"))),
    # The official template: frames and titles, no figures.
    Disclosure(("national-final-template-2024.pdf",), "上海市XX局", 2024, phase="final", tables=SHANGHAI_FINAL),
    Disclosure(("sh-putuo-commerce-2025-budget.pdf",), "上海市普陀区商务委员会", 2025, tables=SHANGHAI),
    Disclosure(("sh-putuo-finance-2024-final.pdf",), "上海市普陀区财政局", 2024, phase="final", tables=SHANGHAI_FINAL,
               # PDF p.21 (printed 13): "财政拨款收入支出总计0.3万元。与2023年度相比，…持平" where the
               # 财政拨款收入支出决算总表 (p.13) prints 总计 2,961.68 on both sides; "一般公共服务支出（类）
               # 2106.66万元，占71.73%" of the 2,940.05 the sentence starts from: 71.65%.
               known=(("claim_amount", "财政拨款收入支出总计0.3万元"), ("claim_share", "一般公共服务支出(类)所占比重")),
               values=(
                   # 一般公共预算财政拨款基本支出决算表, p.16: a table printed in two panels side by side
                   ("general_basic_economic", {"code": "302"}, "171.07"),
                   ("general_basic_economic", {"code": "30101"}, "262.33"),
                   # 收入支出决算总表, p.6
                   ("overall", {"side": "income", "item": "general_public"}, "2940.05"),
                   ("overall", {"side": "expenditure", "code": "201"}, "2106.66"),
                   ("overall", {"side": "expenditure", "code": "208"}, "326.71"),
               )),
    # p.7 (its lines 7–11 printed again at the head of p.8): "…职业年金缴费支出（项）”887.36万元" where the
    # 一般公共预算支出功能分类预算表 (p.15) prints 873,617 元 = 87.36 万元.
    Disclosure(("sh-putuo-finance-2025-budget.pdf",), "上海市普陀区财政局", 2025, tables=SHANGHAI,
               known=(("claim_digit", "887.36"),)),
    Disclosure(("sh-putuo-govoffice-2025-budget.pdf",), "上海市普陀区人民政府办公室", 2025, tables=SHANGHAI),
    Disclosure(("sh-putuo-govoffice-unit-2025-budget.pdf",), "上海市普陀区人民政府办公室", 2025, level="unit",
               tables=SHANGHAI),
    # p.31 prints a 财政项目支出绩效目标填报表 the contents do not list.
    # "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元" (copied from the line above it);
    # p.6: "2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%" (289.12%);
    # p.7: "…职业年金缴费支出（项）”220.63万元 … 2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，
    # 比2022年预算执行数增加60.54%" (neither figure gives it).
    Disclosure(("sh-putuo-wanli-2023-budget.pdf",), "上海市普陀区人民政府万里街道办事处", 2023,
               tables=(*SHANGHAI, "performance_goals"),
               known=(("claim_previous", "政府性基金"),
                      ("claim_percent", "群众团体事务(款)一般行政管理事务(项)增减百分比"),
                      ("claim_percent", "机关事业单位职业年金缴费支出(项)增减百分比"),
                      ("claim_restated", "机关事业单位职业年金缴费支出(项)"))),
    # p.9: "住房公积金（项）”350.35万元 … 2024年预算安排352.67万元" (the table prints 350.3499).
    Disclosure(("sh-putuo-wanli-2024-budget.pdf",), "上海市普陀区人民政府万里街道办事处", 2024, tables=SHANGHAI,
               known=(("claim_restated", "住房公积金(项)"),)),
    # p.6: "社会福利事业单位（项）”738.66万元" where the 一般公共预算支出功能分类预算表 (p.11) prints
    # 2081005 at 6,964,796 元 = 696.48 万元.
    Disclosure(("sh-putuo-welfare-unit-2024-budget.pdf",), "上海市普陀区社会福利院", 2024, level="unit", tables=SHANGHAI,
               known=(("claim_amount", "738.66"),),
               values=(
                   # 预算单位财务收支预算总表 in 元, p.7: 9,501,164 and 11,281,624
                   ("overall", {"side": "income", "item": "fiscal"}, "950.1164"),
                   ("overall", {"side": "expenditure", "code": "208"}, "1128.1624"),
                   # 单位“三公”经费和机关运行经费预算表 in 万元, p.15
                   ("three_public", {"item": "three_public"}, "6.4"),
                   ("three_public", {"item": "vehicle_operation"}, "6.4"),
               )),
)


# ---------------------------------------------------------------------------------------
# ../shared/corpus/cities

def _beijing(stem: str, department: str, *, tables=BEIJING, values=()) -> Disclosure:
    return Disclosure((f"{stem}-narrative.pdf", f"{stem}-tables.pdf"), department, 2026, tables=tables,
                      values=values)


def _beijing_narrative_alone(stem: str, department: str) -> Disclosure:
    """A narrative whose tables are published in a file the corpus does not hold."""
    return Disclosure((f"{stem}-narrative.pdf",), department, 2026, not_printed=BEIJING_CONTENTS,
                      unreadable="NotADisclosureError")




CITIES: tuple[Disclosure, ...] = (
    # 北京: 情况说明 and 预算报表 published as two files.
    _beijing_narrative_alone("beijing-jiaotongweiyuanhui-2026-budget", "北京市交通委员会"),
    _beijing("beijing-shangwuju-2026-budget", "北京市商务局"),
    _beijing_narrative_alone("beijing-shoudulvhuaweiyuanhuibangongshi-2026-budget", "首都绿化委员会办公室"),
    _beijing("beijing-tongjiju-2026-budget", "北京市统计局", values=(
        # 预算01表 收支总表, p.1: 年终结转结余 on the 支出 side
        ("overall", {"side": "expenditure", "item": "carryover"}, "108.268428"),
        # 预算02表 收入总表, p.2: 合计 | 本年收入 (小计 …) | 上年结转结余 (小计 | 一般公共预算资金 … 单位资金)
        ("income", {"item": "total", "measure": "total"}, "51036.219169"),
        ("income", {"item": "total", "measure": "current"}, "50666.454093"),
        ("income", {"item": "total", "measure": "general_public"}, "50665.496773"),
        ("income", {"item": "total", "measure": "prior_carryover"}, "369.765076"),
        ("income", {"item": "total", "measure": "prior_carryover/general_public"}, "152.679076"),
        ("income", {"item": "total", "measure": "prior_carryover/other_funds"}, "217.086000"),
    )),
    _beijing("beijing-tuiyijunrenshiwuju-2026-budget", "北京市退役军人事务局", values=(
        # 预算01表 收支总表, p.1
        ("overall", {"side": "income", "item": "income_total"}, "1063371.776545"),
        ("overall", {"side": "expenditure", "code": "208"}, "1056900.106607"),
        # 预算09表 财政拨款“三公”经费支出表, p.13
        ("three_public", {"item": "three_public"}, "104.216204"),
        ("three_public", {"item": "overseas_travel"}, "34.380000"),
        ("three_public", {"item": "reception"}, "1.876000"),
    )),
    # 预算13表 is followed by the 应急管理专项转移支付绩效目标表 (p.146).
    _beijing("beijing-yingjiguanliju-2026-budget", "北京市应急管理局", tables=(*BEIJING, "performance_goals")),
    # The narrative is scanned (no text layer); the tables file is read.
    _beijing("beijing-zhengwufuwuheshujuguanliju-2026-budget", "北京市政务服务和数据管理局"),
    _beijing("beijing-zhongdaxiangmujianshezhihuibubangongshi-2026-budget", "北京市重大项目建设指挥部办公室"),
    _beijing_narrative_alone("beijing-zhufanghechengxiangjiansheweiyuanhui-2026-budget", "北京市住房和城乡建设委员会"),
    # 长沙: contents 1 … 10.
    Disclosure(("changsha-zhiyejiaoyujidizonghexietiaobangongshi-2026-budget.pdf",), "长沙职业教育基地综合协调办公室", 2026,
               tables=("overall", "income", "expenditure", "fiscal_overall", "general_function",
                       "general_basic_economic", "three_public", "gov_fund", "performance_goals",
                       "dept_performance"),
               values=(
                   # 部门收支总体情况表, p.12
                   ("overall", {"side": "income", "item": "income_total"}, "656.73"),
                   # 一般公共预算基本支出情况表, p.18
                   ("general_basic_economic", {"code": "301"}, "330.93"),
                   ("general_basic_economic", {"code": "30101"}, "80.51"),
                   # 一般公共预算“三公”经费支出情况表, p.20
                   ("three_public", {"item": "three_public"}, "0.50"),
               )),
    # 重庆: no contents page; 表一 … 表十二 as printed.
    Disclosure(("chongqing-guihuaheziranziyuanju-2026-budget.pdf",), "重庆市规划和自然资源局", 2026, tables=CHONGQING,
               values=(
                   # 表五 2026年一般公共预算支出情况表, p.19: 2025年预算数 beside 2026年预算数 总计
                   ("general_function", {"item": "total", "measure": "total"}, "227955.11"),
                   ("general_function", {"item": "total", "measure": "prior_budget"}, "219607.38"),
                   # 表四 2026年财政拨款收支总体情况表, p.18: 一、本年收入 over its funds
                   ("fiscal_overall", {"side": "income", "item": "income_subtotal"}, "266026.92"),
               )),
    Disclosure(("chongqing-kexuejishuju-2026-budget.pdf",), "重庆市科学技术局", 2026, tables=CHONGQING, values=(
        # 表一 部门收支总体情况表, p.8
        ("overall", {"side": "expenditure", "code": "206"}, "161603.34"),
        ("overall", {"side": "income", "item": "other"}, "10885.00"),
        # 表六 一般公共预算基本支出情况表, p.20
        ("general_basic_economic", {"code": "301"}, "4090.82"),
        # 表八 财政拨款“三公”经费支出情况表, p.24
        ("three_public", {"item": "three_public"}, "207.46"),
        ("three_public", {"item": "overseas_travel"}, "120.00"),
    )),
    # 福州 / 泉州: contents 一 … 十, the 项目支出绩效目标表 printed in the 情况说明.
    Disclosure(("fuzhou-guloushengtaihuanjingju-2026-budget-unit.pdf",), "福州市鼓楼生态环境局", 2026, level="unit",
               tables=FUJIAN),
    Disclosure(("fuzhou-kexuejishuju-benji-2026-budget-unit.pdf",), "福州市科学技术局（本级）", 2026, level="unit",
               tables=FUJIAN),
    Disclosure(("fuzhou-shangwuju-2026-budget.pdf",), "福州市商务局", 2026, tables=FUJIAN, values=(
        # 一、收支预算总表, p.11
        ("overall", {"side": "income", "item": "general_public"}, "23195.94"),
        ("overall", {"side": "expenditure", "code": "201"}, "2943.48"),
        # 十、一般公共预算“三公”经费支出预算表, p.24
        ("three_public", {"item": "three_public"}, "84.10"),
        ("three_public", {"item": "overseas_travel"}, "70.00"),
        ("three_public", {"item": "reception"}, "6.10"),
    )),
    # 广州 / 珠海: contents 一 … 十二.
    Disclosure(("guangzhou-fazhanhegaigeweiyuanhui-2026-budget.pdf",), "广州市发展和改革委员会", 2026, tables=GUANGDONG),
    Disclosure(("guangzhou-minzhengju-2026-budget.pdf",), "广州市民政局", 2026, tables=GUANGDONG),
    Disclosure(("guangzhou-renminzhengfubangongting-2026-budget.pdf",), "广州市人民政府办公厅", 2026, tables=GUANGDONG,
               values=(
                   # 表1 收支总体情况表, p.5
                   ("overall", {"side": "income", "item": "fiscal"}, "16410.71"),
                   ("overall", {"side": "expenditure", "code": "201"}, "8812.33"),
                   # 表8 财政拨款安排的行政经费及“三公”经费预算表, p.17
                   ("three_public", {"item": "three_public"}, "226.86"),
                   ("three_public", {"item": "overseas_travel"}, "215.60"),
                   ("three_public", {"item": "office_operation"}, "1443.41"),
               )),
    Disclosure(("guangzhou-shengtaihuanjingju-2026-budget.pdf",), "广州市生态环境局", 2026, tables=GUANGDONG),
    Disclosure(("guangzhou-zhengwufuwuheshujuguanliju-2026-budget.pdf",), "广州市政务服务和数据管理局", 2026,
               tables=GUANGDONG),
    Disclosure(("guangzhou-zhonggong-weiyuanhuixuanchuanbu-2026-budget.pdf",), "中国共产党广州市委员会宣传部", 2026,
               tables=GUANGDONG),
    # 杭州 / 湖州: the list of 预算公开表 (表1 … 表11) closes the contents.
    Disclosure(("hangzhou-jiaotongyunshuju-2026-budget.pdf",), "杭州市交通运输局", 2026, tables=ZHEJIANG, values=(
        # 表6 一般公共预算基本支出预算表, p.32
        ("general_basic_economic", {"item": "total"}, "82529.89"),
    )),
    Disclosure(("huzhou-caizhengju-2026-budget.pdf",), "湖州市财政局", 2026, tables=ZHEJIANG, values=(
        # 表01 收支预算总表, p.17
        ("overall", {"side": "income", "item": "fiscal"}, "6838.41"),
        ("overall", {"side": "expenditure", "code": "201"}, "5356.01"),
        # 表06 一般公共预算基本支出表, p.25
        ("general_basic_economic", {"code": "301"}, "4644.80"),
        # 表07 “三公”经费支出表, p.28
        ("three_public", {"item": "three_public"}, "9.30"),
    )),
    # 中央: 部门公开表1 … 9, then the 项目绩效目标表 of the 情况说明.
    Disclosure(("national-xinfangju-2026-budget.pdf",), "国家信访局", 2026,
               tables=("overall", "income", "expenditure", "fiscal_overall", "general_function",
                       "general_basic_economic", "gov_fund", "state_capital", "three_public", "performance_goals"),
               values=(
                   # 部门公开表1 部门收支总表, p.5
                   ("overall", {"side": "income", "item": "income_total"}, "50616.94"),
                   ("overall", {"side": "expenditure", "code": "201"}, "47179.30"),
                   # 部门公开表6 一般公共预算基本支出表, p.12
                   ("general_basic_economic", {"code": "301"}, "6620.08"),
                   # 部门公开表4 财政拨款收支总表, p.9: "一、本年收入" over its funds, "二、上年结转" over its own
                   ("fiscal_overall", {"side": "income", "item": "income_subtotal"}, "16474.82"),
                   ("fiscal_overall", {"side": "income", "item": "prior_carryover"}, "2254.12"),
                   ("fiscal_overall", {"side": "expenditure", "item": "expenditure_subtotal"}, "18728.94"),
                   # 部门公开表9 财政拨款预算“三公”经费支出表, p.16
                   ("three_public", {"item": "three_public"}, "112.61"),
                   ("three_public", {"item": "reception"}, "5.51"),
               )),
    Disclosure(("quanzhou-gonganju-benji-2026-budget-unit.pdf",), "泉州市公安局（本级）", 2026, level="unit",
               tables=FUJIAN),
    # 上海 市级单位: contents 1 … 9.
    Disclosure(("shanghai-caiwukuaijizongheguanlishiwuzhongxin-shanghaishicaizhengkexueyanjiusuo-2026-budget-unit.pdf",),
               "上海市财务会计综合管理事务中心（上海市财政科学研究所）", 2026, level="unit", tables=SHANGHAI),
    Disclosure(("shanghai-haiyangjianceyubaozhongxin-2026-budget-unit.pdf",), "上海市海洋监测预报中心", 2026, level="unit",
               tables=SHANGHAI, values=(
                   # 预算单位财务收支预算总表 in 元, p.7: 178,830,483 and 175,281,837
                   ("overall", {"side": "income", "item": "fiscal"}, "17883.0483"),
                   ("overall", {"side": "expenditure", "code": "220"}, "17528.1837"),
                   # 单位“三公”经费和机关运行经费预算表 in 万元, p.19
                   ("three_public", {"item": "three_public"}, "16.80"),
                   ("three_public", {"item": "overseas_travel"}, "10.00"),
               )),
    Disclosure(("shanghai-jiaotongzhiyejishuxueyuan-2026-budget-unit.pdf",), "上海交通职业技术学院", 2026, level="unit",
               tables=SHANGHAI),
    Disclosure(("shanghai-kejidaxuefushuxuexiao-2026-budget-unit.pdf",), "上海科技大学附属学校", 2026, level="unit",
               tables=SHANGHAI),
    Disclosure(("shanghai-xingshikexuejishuyanjiuyuan-2026-budget-unit.pdf",), "上海市刑事科学技术研究院", 2026,
               level="unit", tables=SHANGHAI),
    Disclosure(("shanghai-yingjiguanlijuzhifazongdui-2026-budget-unit.pdf",), "上海市应急管理局执法总队", 2026,
               level="unit", tables=SHANGHAI),
    # 深圳: 二、表格部分 （一）…（十一）, after the 情况说明's project 绩效目标 table.
    Disclosure(("shenzhen-fazhanhegaigeweiyuanhui-benji-2026-budget.pdf",), "深圳市发展和改革委员会（本级）", 2026,
               tables=SHENZHEN),
    Disclosure(("shenzhen-gonganjujiaotongguanliju-benji-2026-budget.pdf",), "深圳市公安局交通管理局（本级）", 2026,
               tables=SHENZHEN),
    Disclosure(("shenzhen-guihuaheziranziyuanjuyantianguanliju-2026-budget.pdf",), "深圳市规划和自然资源局盐田管理局", 2026,
               tables=SHENZHEN),
    Disclosure(("shenzhen-kejichuangxinju-benji-2026-budget.pdf",), "深圳市科技创新局（本级）", 2026, tables=SHENZHEN),
    Disclosure(("shenzhen-shuiwuju-2026-budget.pdf",), "深圳市水务局", 2026, tables=SHENZHEN),
    Disclosure(("shenzhen-tuiyijunrenshiwuju-benji-2026-budget.pdf",), "深圳市退役军人事务局（本级）", 2026,
               tables=SHENZHEN, values=(
                   # 表1 收支总表, p.19
                   ("overall", {"side": "income", "item": "income_subtotal"}, "54937.88"),
                   ("overall", {"side": "expenditure", "item": "expenditure_subtotal"}, "55028.56"),
                   ("overall", {"side": "expenditure", "code": "221"}, "571.99"),
               )),
    Disclosure(("shenzhen-weishengjiankangweiyuanhui-benji-2026-budget.pdf",), "深圳市卫生健康委员会（本级）", 2026,
               tables=SHENZHEN),
    # 苏州 / 无锡: contents 一 … 十三.
    Disclosure(("suzhou-shenjiju-2026-budget.pdf",), "苏州市审计局", 2026, tables=JIANGSU_CITY, values=(
        # 公开01表 收支总表, p.9
        ("overall", {"side": "income", "item": "general_public"}, "4651.67"),
        ("overall", {"side": "expenditure", "code": "201"}, "2906.63"),
        # 公开09表 “三公”经费、会议费、培训费支出表, p.18
        ("three_public", {"item": "reception"}, "10.00"),
        ("three_public", {"item": "training"}, "43.00"),
    )),
    Disclosure(("suzhou-ziranziyuanheguihuaju-2026-budget-unit.pdf",), "苏州市自然资源和规划局", 2026, level="unit",
               tables=JIANGSU_CITY),
    Disclosure(("wuxi-renliziyuanheshehuibaozhangju-2026-budget.pdf",), "无锡市人力资源和社会保障局", 2026,
               tables=JIANGSU_CITY),
    Disclosure(("wuxi-shangwuju-2026-budget.pdf",), "无锡市商务局", 2026, tables=JIANGSU_CITY),
    Disclosure(("wuxi-tongjiju-2026-budget.pdf",), "无锡市统计局", 2026, tables=JIANGSU_CITY),
    # 西安: 报表目录 表1 … 表16; the 2026 narratives also print 会议费 and 培训费 明细表.
    Disclosure(("xian-caizhengju-2026-budget.pdf",), "西安市财政局", 2026, tables=("meetings_trainings", *XIAN)),
    Disclosure(("xian-qixiangju-2022-budget.pdf",), "西安市气象局", 2022, tables=XIAN, values=(
        # 表10 2022年部门综合预算专项业务经费支出表 in 元, p.27: "1 全额" over "234001 西安市气象局", both
        # 17,159,700; a project name printed wider than its cell, over the code and amount cells
        ("projects", {"item": "unit_group", "name": "全额"}, "1715.97"),
        ("projects", {"item": "project", "name": "气象灾害、空气质量、气象影视、农业气象等业务运维"}, "654.00"),
    )),
    Disclosure(("xian-sifaju-2026-budget.pdf",), "西安市司法局", 2026, tables=("meetings_trainings", *XIAN)),
    Disclosure(("xian-tongjiju-2026-budget.pdf",), "西安市统计局", 2026, tables=("meetings_trainings", *XIAN), values=(
        # 表1 部门综合预算收支总表 in 元, p.26: 62,109,297.20
        ("overall", {"side": "income", "item": "fiscal"}, "6210.929720"),
        # 表7 一般公共预算基本支出明细表（按支出功能分类科目） in 元, p.33
        ("general_basic_function", {"item": "total"}, "3670.119720"),
        ("general_basic_function", {"code": "201"}, "2537.960813"),
        # 表4 部门综合预算财政拨款收支总表 in 元, p.29: 支出 by 类 under "一、财政拨款", beside two economic breakdowns
        ("fiscal_overall", {"side": "expenditure", "item": "expenditure_subtotal", "measure": "total"}, "6210.929720"),
        ("fiscal_overall", {"side": "expenditure", "code": "201"}, "5003.770813"),
        # 表10 部门综合预算专项业务经费支出表 in 元, p.36: 一级 通用项目 8,580,600.00 over 二级 大型活动
        # 750,000.00 over the project 统计业务培训 750,000.00
        ("projects", {"item": "project_group", "level": 1, "name": "通用项目", "unit": "西安市统计局"}, "858.06"),
        ("projects", {"item": "project_group", "level": 2, "name": "大型活动"}, "75.00"),
        ("projects", {"item": "project", "level": 3, "name": "统计业务培训"}, "75.00"),
        ("projects", {"item": "project", "name": "第四次农业普查"}, "1607.39"),
    )),
    # 表14 printed for 2022 and for 2021, 表15 for 2021.
    Disclosure(("xian-ziranziyuanheguihuaju-2022-budget.pdf",), "西安市自然资源和规划局", 2022, tables=XIAN, values=(
        # 表9 政府性基金收支表, p.64 (元): 收入 | 支出 side by side
        ("gov_fund", {"side": "income", "item": "gov_fund"}, "303177.9608"),
        ("gov_fund", {"side": "expenditure", "code": "212"}, "303177.9608"),
    )),
    # 烟台: contents 一 … 十二; the 信访局 prints its 项目绩效目标表 in the 情况说明 (p.30–32).
    Disclosure(("yantai-jiaoyuju-2026-budget.pdf",), "烟台市教育局", 2026, tables=YANTAI, values=(
        # 公开表1 收支总体情况表, p.9: 事业收入（不含教育收费）, and 上级补助收入 under 本年收入合计
        ("overall", {"side": "income", "item": "business"}, "4828.50"),
        ("overall", {"side": "income", "item": "superior_subsidy"}, "205.89"),
        # 公开表2 收入总体情况表, p.10: its 合计 takes in the 上级补助收入
        ("income", {"item": "total", "measure": "total"}, "315441.72"),
        ("income", {"item": "total", "measure": "gov_fund"}, "2358.68"),
    )),
    Disclosure(("yantai-xinfangju-2026-budget.pdf",), "烟台市信访局", 2026, tables=(*YANTAI, "performance_goals"),
               values=(
                   # 公开表1 收支总体情况表, p.6
                   ("overall", {"side": "income", "item": "fiscal"}, "1717.85"),
                   ("overall", {"side": "expenditure", "code": "201"}, "1378.84"),
                   # 公开表6 一般公共预算基本支出情况表, p.15
                   ("general_basic_economic", {"code": "301"}, "593.01"),
                   # 公开表7 “三公”经费支出情况表, p.18 (2026年预算数)
                   ("three_public", {"item": "three_public"}, "17.00"),
               )),
    Disclosure(("zhuhai-zhengfutouzijiaotongshizhengxiangmugongwuzhongxin-2026-budget.pdf",),
               "珠海市政府投资交通市政项目工务中心", 2026, tables=GUANGDONG),
)


# What is still open, per document of cities/: the document's own errors found since (checked
# on the printed page) and the reading gaps. Each is data, pinned: see ``known`` and ``gaps``.
_OPEN: dict[str, dict[str, tuple]] = {
    # fuzhou-guloushengtaihuanjingju-2026-budget-unit and guangzhou-minzhengju-2026-budget print
    # no 项目支出经济分类表 while their “三公” 公务用车运行维护费 takes project spending (8.00 against a
    # basic 30231 of 3.00; 170.39 against 156.49): checked as the floor it is (vehicle_scope).
    "hangzhou-jiaotongyunshuju-2026-budget": {
        # p.30: 基本支出 小计 printed 50.59 short of its parts, and with it the 一般公共预算支出预算表's
        # 214 (165,780.52 against 165,831.11 in the 财政拨款收支预算总表, p.28).
        "known": (("row_basic", "基本支出"), ("basic_vs_economic", "一般公共预算基本支出预算表合计"),
                  ("expenditure_subtotal", "收支预算总表本年支出合计"), ("overall_vs_expenditure", "201"),
                  ("headline_totals", "本年收入合计"), ("fiscal_by_class", "财政拨款收支预算总表 214"),
                  # p.7: "交通运输（类）支出165,653.20万元" as the 财政拨款收支预算总表 (p.28) has it; the
                  # 一般公共预算支出预算表 (p.30) prints 214 at 165,602.60, the same 50.60 short
                  ("claim_amount", "214 交通运输(类)")),
        # p.34: the “三公” table prints a 合计 row over one row per unit, and both add up (846.10 =
        # 421.30 + 424.80; 执法队 679.00 = 349.00 + 330.00 …): the audit checks the department's
        # row and each unit's on its own (tests/tidy/test_tidy_three_public_units.py).
    },
    "suzhou-ziranziyuanheguihuaju-2026-budget-unit": {
        # p.20: the 一般公共预算支出表's 合计 leaves out 222 (388.25); what follows from it fails too.
        "known": (("column_total", "一般公共预算支出表合计行"), ("fiscal_by_class", "222"),
                  ("claim_amount", "财政拨款支出预算9,078.52"))},
    "wuxi-renliziyuanheshehuibaozhangju-2026-budget": {
        # p.22: 财政拨款收支总表 "一、本年支出 152,585.74" while its 类 and 支出总计 give 152,585.76.
        "known": (("expenditure_total", "财政拨款收支总表支出总计"),)},
    "yantai-jiaoyuju-2026-budget": {
        # p.40: "政府采购预算0万元，其中：政府采购货物预算0万元 …" while 公开表12 政府采购预算表 (p.38)
        # prints 合计 29,837.96 (205 教育支出, its 类/款/项 adding up): the document contradicts itself.
        "known": (("claim_amount", "政府采购预算0万元"),)},
    "zhuhai-zhengfutouzijiaotongshizhengxiangmugongwuzhongxin-2026-budget": {
        # p.12 / p.18: the project list counts 0.11 of 上年结转 the 一般公共预算项目支出情况表 leaves out.
        "known": (("project_vs_list", "一般公共预算项目支出情况表"),)},
    "yantai-xinfangju-2026-budget": {
        # p.7, p.9, p.13: 20140 信访事务 (1,378.84) holds 524.00 of 项目支出 that no 项 row prints.
        # p.24: the 项目支出预算情况表 lists 235.00 of its 合计 525.00, "部分具体项目信息公开时予以剔除".
        "known": (("hierarchy", "20140信访事务"), ("unit_sum", "项目支出预算情况表"))},
}
CITIES = tuple(replace(d, known=d.known + _OPEN.get(d.name, {}).get("known", ()),
                       gaps=_OPEN.get(d.name, {}).get("gaps", ())) for d in CITIES)


# ---------------------------------------------------------------------------------------
# How a document read is compared with these facts.

def printed_kinds(doc) -> list[str]:
    """The standard tables ``doc`` read, as kind ids in page order, ``other`` left out and a
    run of one kind counted once (as :data:`Disclosure.tables` counts them)."""
    order = sorted(range(len(doc.table_info)),
                   key=lambda i: (min(doc.table_info[i].pages, default=0), i))
    out: list[str] = []
    for i in order:
        kind = doc.table_info[i].kind
        if kind != "other" and (not out or out[-1] != kind):
            out.append(kind)
    return out


def kinded(expected, read) -> int:
    """How many of the ``expected`` tables are among the ``read`` ones (as multisets)."""
    have = Counter(read)
    return sum(min(n, have[kind]) for kind, n in Counter(expected).items())


def rounding_step(doc, table: str) -> Decimal:
    """The last printed digit of ``table``'s figures, in 万元: 0.01 for 万元 printed with two
    decimals, 0.000001 for 元 printed with two decimals or 万元 with six."""
    amounts = doc.lines.loc[doc.lines["table"] == table, "amount"]
    places = max((-a.normalize().as_tuple().exponent for a in amounts if a), default=2)
    return Decimal(1).scaleb(-max(places, 0))


def outside_rounding(doc, checks, known=()) -> list:
    """The identities that fail by more than the document's own 尾差 (one step of the last
    printed digit per rounded figure the sum adds), the ``known`` errors of the document left out."""
    return [c for c in checks
            if not c.held and abs(c.left - c.right) > rounding_step(doc, c.table) * max(c.terms, 1)
            and not any(c.rule == rule and words in c.what for rule, words in known)]


def closed_gaps(doc, checks, gaps) -> list[tuple[str, str, str]]:
    """The pinned ``gaps`` that no failing identity matches any more (closed: remove them)."""
    failing = [c for c in checks if not c.held]
    return [g for g in gaps if not any(c.rule == g[0] and g[1] in c.what for c in failing)]


def read_each(disclosures, read) -> dict:
    """Each expected disclosure read with ``read(*files)``, or the BudgetkitError it raised."""
    from budgetkit import errors

    out = {}
    for d in disclosures:
        try:
            out[d.name] = read(*d.files)
        except errors.BudgetkitError as exc:
            out[d.name] = exc
    return out


def read_document(docs: dict, name: str):
    """The document ``name`` read to, failing the test (never skipping it) where it raised."""
    doc = docs[name]
    assert not isinstance(doc, Exception), f"{name} does not read: {doc!r}"
    return doc


def printed_values(doc, kind: str, where: dict) -> list[Decimal]:
    """The amounts of ``doc``'s ``kind`` lines whose columns equal ``where``."""
    lines = doc.lines[doc.lines["table"] == kind]
    for column, value in where.items():
        lines = lines[lines[column] == value]
    return list(lines["amount"])
