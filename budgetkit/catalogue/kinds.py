"""Every table kind a disclosure prints, and how a table is recognised as one.

A *kind* is what a table holds, whatever a publisher calls it: Guangdong's 收支总体情况表,
Shanghai's 部门财务收支预算总表, Beijing's 预算01表收支总表, Xi'an's 部门综合预算收支总表 and the
决算's 收入支出决算总表 are all ``overall``. 预算 and 决算 twins share one kind; the document's
``phase`` says which it is.

Recognition goes by the words of a title, never by a list of titles seen:

1. :func:`title_core` strips what varies between publishers and says nothing about the
   content — numbering (``一、``, ``表3-1``, ``公开05表``, ``预算01表``), the year, the owner
   (everything up to the first ``部门`` / ``单位``: ``2017年度江苏省高级人民法院部门``,
   ``市级部门``, ``预算单位``) — and spells ``收入支出`` as ``收支``;
2. each kind declares a pattern of the words that make it (:attr:`TableKind.words`), tried
   in the registry's order, most specific first: “三公” before 一般公共预算, 政府性基金 before
   收支, 一般公共预算 before 财政拨款, 收入 / 基本支出 / 项目支出 before the bare 支出;
3. a table without a usable title is recognised from its header vocabulary
   (:func:`from_header`): a 收入 | 支出 header is a 收支总表, “三公” parts a “三公” table …

A table no kind matches is read as ``other`` with a warning, never refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from budgetkit._normalize import TABLE_NUMBER, key, looks_like_amount, title_key

#: Layouts the tidy stage knows how to read.
LAYOUTS = ("two_sided", "coded", "items", "units", "projects", "listing")

#: Kind id of a table that matches no kind.
OTHER = "other"


@dataclass(frozen=True)
class TableKind:
    """One table kind.

    Parameters
    ----------
    id
        Canonical id used in the ``table`` column of the tidy lines.
    title
        The usual Chinese title of the 预算 table.
    en
        English name.
    words
        Regular expression searched in the :func:`title_core` of a printed title.
    final_title
        The usual title of its 决算 twin ("" when a 决算 prints none).
    classification
        ``"function"``, ``"economic"`` or ``""`` for the coded rows of the table.
    layout
        How rows are laid out: ``two_sided`` (收入 left, 支出 right), ``coded`` (one row
        per classification code), ``items`` (named rows such as the “三公” parts),
        ``units`` (per 资金使用单位 blocks of economic groups), ``projects`` or
        ``listing`` (named entries kept as printed).
    measures
        Measure ids the table is expected to carry.
    """

    id: str
    title: str
    en: str
    words: str
    final_title: str = ""
    classification: str = ""
    layout: str = "coded"
    measures: tuple[str, ...] = ("total",)
    description: str = ""
    _pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r} for kind {self.id!r}")
        if self.classification not in ("function", "economic", ""):
            raise ValueError(f"unknown classification {self.classification!r} for kind {self.id!r}")
        object.__setattr__(self, "_pattern", re.compile(self.words))

    def recognises(self, core: str) -> bool:
        """Whether the words of this kind are in a title's :func:`title_core`."""
        return bool(self._pattern.search(core))


@dataclass
class KindRegistry:
    """Kinds in order of recognition (most specific first), with lookups by title."""

    kinds: dict[str, TableKind] = field(default_factory=dict)

    def register(self, kind: TableKind, *, before: str | None = None) -> TableKind:
        """Add ``kind`` (last, or just before the kind ``before``)."""
        if kind.id in self.kinds or kind.id == OTHER:
            raise ValueError(f"kind {kind.id!r} is already registered")
        items = list(self.kinds.items())
        at = next((i for i, (k, _) in enumerate(items) if k == before), len(items))
        items.insert(at, (kind.id, kind))
        self.kinds = dict(items)
        return kind

    def match(self, title: str) -> TableKind | None:
        """The kind a printed title names, or ``None``.

        >>> REGISTRY.match("2025年部门一般公共预算支出功能分类预算表").id
        'general_function'
        >>> REGISTRY.match("预算01表收支总表").id
        'overall'
        >>> REGISTRY.match("一、2017年度江苏省高级人民法院部门收支预算总表").id
        'overall'
        >>> REGISTRY.match("财政拨款收入支出决算总表").id
        'fiscal_overall'
        >>> REGISTRY.match("单位“三公”经费和机关运行经费预算表").id
        'three_public'
        >>> REGISTRY.match("本年度没有政府性基金预算拨款收支") is None
        True
        """
        core = title_core(title)
        if not _is_table_title(core):
            return None
        return next((kind for kind in self.kinds.values() if kind.recognises(core)), None)

    def __getitem__(self, kind_id: str) -> TableKind:
        return self.kinds[kind_id]

    def __iter__(self):
        return iter(self.kinds.values())

    def __contains__(self, kind_id: object) -> bool:
        return kind_id in self.kinds


_LEADING = re.compile(rf"^(?:[:：、.．\-—_\s]+|{TABLE_NUMBER}[:：]?|\d{{0,4}}年度?)")
# An owner ("2017年度江苏省高级人民法院部门", "市级部门", "预算单位") names no content.
_OWNER = re.compile(r"^(?:(?!支出|收入|收支|拨款|三公|基金|经费|采购|绩效).)*?(?:部门|单位)(?=.*表)")
_QUALIFIERS = re.compile(r"(?:[（(][^（()）]*[)）])+$")


def title_core(title: str) -> str:
    """The words of a title that say what the table holds.

    >>> title_core("：2026年市级部门收支预算总表")
    '收支预算总表'
    >>> title_core("预算表12项目支出绩效目标表")
    '项目支出绩效目标表'
    >>> title_core("2024年预算单位财务收支预算总表")
    '财务收支预算总表'
    >>> title_core("收入支出决算总表")
    '收支决算总表'
    """
    t = title_key(unicodedata.normalize("NFKC", str(title)))
    while True:
        stripped = _OWNER.sub("", _LEADING.sub("", t, count=1), count=1)
        if stripped == t or not stripped:
            break
        t = stripped
    return t.replace("收入支出", "收支")


def _is_table_title(core: str) -> bool:
    """A title names a table: it ends in 表 (before any bracketed qualifier) and is short."""
    bare = _QUALIFIERS.sub("", core)
    return 2 <= len(bare) <= 40 and bare.endswith("表")


_TWO_SIDED_TOP = re.compile(r"^(?:本年|当年|财政拨款)?(收入|支出)")
_HEADER_RULES: tuple[tuple[str, str], ...] = (
    ("three_public", r"三公"),
    ("performance_goals", r"绩效(目标|指标)"),
    ("procurement", r"采购(项目|目录|品目|类别|方式)"),
    ("purchase_service", r"购买服务"),
)


def from_header(rows: Sequence[Sequence[str | None]]) -> TableKind | None:
    """The kind a table's header vocabulary names, for a table without a usable title.

    A top header row with a 收入 and a 支出 column is a 收支总表 (财政拨款 when its header
    says so); “三公” parts, 绩效目标 / 绩效指标, 采购项目 and 购买服务 headers name their tables.
    Only header rows are looked at (the rows before the first amount).

    >>> from_header([["收 入", None, "支 出", None], ["项目", "预算数", "项目", "预算数"]]).id
    'overall'
    >>> from_header([["“三公”经费合计", "因公出国（境）费"], ["8.50", "0.00"]]).id
    'three_public'
    """
    header = _header_rows(rows)
    if not header:
        return None
    text = "".join(key(c) for row in header for c in row if c)
    top = {m.group(1) for c in header[0] if c for m in [_TWO_SIDED_TOP.match(key(c))] if m}
    if top == {"收入", "支出"}:
        return REGISTRY["fiscal_overall" if "财政拨款" in text else "overall"]
    for kind_id, words in _HEADER_RULES:
        if re.search(words, text):
            return REGISTRY[kind_id]
    return None


def _header_rows(rows: Iterable[Sequence[str | None]]) -> list[Sequence[str | None]]:
    out = []
    for row in rows:
        if any(looks_like_amount(c) for c in row):
            break
        out.append(row)
        if len(out) == 4:
            break
    return out


def recognise(title: str, rows: Sequence[Sequence[str | None]] = ()) -> TableKind | None:
    """The kind of a printed table: by its title's words, else by its header vocabulary."""
    return REGISTRY.match(title) or from_header(rows)


REGISTRY = KindRegistry()
register = REGISTRY.register
match = REGISTRY.match

_BASIC_PROJECT = ("total", "basic", "project")
_FUNDS = ("total", "fiscal", "general_public", "gov_fund", "state_capital", "fiscal_special", "other")

# In order of recognition: a kind's words are tried only when no kind above matched.
register(TableKind(
    "dept_performance", "部门整体支出绩效目标表", "Department-wide performance targets",
    words=r"整体(支出)?绩效", layout="listing",
    description="the department's performance targets as a whole (a form)",
))
register(TableKind(
    "performance_goals", "项目支出绩效目标表", "Project performance targets",
    words=r"绩效(目标|指标|表)", layout="listing",
    description="projects' performance targets (one form per project, or a list)",
))
register(TableKind(
    "three_public", "财政拨款安排的行政经费及“三公”经费预算表", "“Three public” expenses",
    words=r"三公", final_title="财政拨款“三公”经费支出决算表", layout="items",
    measures=("total", "general_public", "gov_fund", "state_capital"),
    description="the “三公”经费 with their parts, often with 机关运行经费, 会议费, 培训费",
))
register(TableKind(
    "procurement", "政府采购预算表", "Government procurement",
    words=r"政府采购(预算|支出|明细|情况|表|[（(])", final_title="政府采购情况表", layout="listing",
    description="government procurement by category, project and item",
))
register(TableKind(
    "purchase_service", "政府购买服务预算表", "Government purchase of services",
    words=r"购买服务", layout="listing",
    description="services the department buys, by the guiding catalogue",
))
register(TableKind(
    "meetings_trainings", "会议费、培训费明细表", "Meetings and trainings",
    words=r"(会议费|培训费).{0,8}表", layout="listing",
    description="meetings and trainings planned, each with its amount",
))
register(TableKind(
    "office_operation", "一般公共预算机关运行经费支出预算表", "Office operation expenses",
    words=r"机关运行经费|行政经费", final_title="机关运行经费支出决算表", classification="economic",
    description="机关运行经费 by economic code",
))
register(TableKind(
    "prior_carryover", "财政拨款上年结转资金支出表", "Prior-year carry-over spending",
    words=r"结转(结余)?(资金)?支出", layout="listing",
    description="appropriations carried over from the previous year, by project",
))
register(TableKind(
    "gov_fund", "政府性基金预算支出情况表", "Government fund budget expenditure",
    words=r"政府性基金", final_title="政府性基金预算财政拨款收入支出决算表", classification="function",
    measures=_BASIC_PROJECT,
    description="government fund expenditure by function code; often empty",
))
register(TableKind(
    "state_capital", "国有资本经营预算支出情况表", "State capital operation budget expenditure",
    words=r"国有资本经营", final_title="国有资本经营预算财政拨款支出决算表", classification="function",
    measures=_BASIC_PROJECT,
    description="state capital operation expenditure by function code; often empty",
))
register(TableKind(
    "fiscal_overall", "财政拨款收支总体情况表", "Appropriations: income and expenditure",
    words=r"财政拨款.*收支", final_title="财政拨款收入支出决算总表", classification="function",
    layout="two_sided",
    description="appropriations by fund on one side, expenditure by function 类 on the other",
))
register(TableKind(
    "overall", "收支总体情况表", "Income and expenditure overview",
    words=r"收支", final_title="收入支出决算总表", classification="function", layout="two_sided",
    description="income items on one side, expenditure by function 类 on the other",
))
register(TableKind(
    "general_project_economic", "一般公共预算项目支出情况表（按经济分类科目）",
    "General public budget: project expenditure by economic class",
    words=r"一般公共预算.*项目支出", classification="economic",
    description="general public budget project expenditure by economic code",
))
register(TableKind(
    "general_basic_function", "一般公共预算基本支出情况表（按功能分类科目）",
    "General public budget: basic expenditure by function",
    words=r"一般公共预算.*基本支出.*功能", classification="function",
    measures=("total", "personnel", "public_use"),
    description="general public budget basic expenditure by function code",
))
register(TableKind(
    "general_basic_economic", "一般公共预算基本支出情况表（按经济分类科目）",
    "General public budget: basic expenditure by economic class",
    words=r"一般公共预算.*基本支出", final_title="一般公共预算财政拨款基本支出决算表",
    classification="economic",
    description="general public budget basic expenditure by economic code",
))
register(TableKind(
    "general_economic", "一般公共预算支出情况表（按经济分类科目）",
    "General public budget expenditure by economic class",
    words=r"一般公共预算.*经济", classification="economic", measures=_BASIC_PROJECT,
    description="general public budget expenditure (basic and project) by economic code",
))
register(TableKind(
    "general_function", "一般公共预算支出情况表（按功能分类科目）",
    "General public budget expenditure by function",
    words=r"一般公共预算", final_title="一般公共预算财政拨款支出决算表", classification="function",
    measures=_BASIC_PROJECT,
    description="general public budget expenditure by function code",
))
register(TableKind(
    "fiscal_basic_economic", "财政拨款基本支出预算表", "Appropriations: basic expenditure by economic class",
    words=r"财政拨款.*基本支出", classification="economic",
    description="appropriation basic expenditure by economic code",
))
register(TableKind(
    "fiscal_function", "财政拨款支出预算表", "Appropriations expenditure by function",
    words=r"财政拨款.*支出", classification="function",
    description="appropriation expenditure by function code",
))
register(TableKind(
    "income", "收入总体情况表", "Income",
    words=r"收入", final_title="收入决算表", classification="function",
    measures=("total", "general_public", "gov_fund", "state_capital", "education_fee",
              "other_special_account", "business", "operating", "other", "superior_subsidy",
              "subordinate_remit", "business_fund"),
    description="income by function code (or unit) and source",
))
register(TableKind(
    "basic_by_unit", "部门预算基本支出预算表", "Basic expenditure by unit",
    words=r"基本支出", classification="economic", layout="units", measures=_FUNDS,
    description="basic expenditure by 资金使用单位 and economic group",
))
register(TableKind(
    "projects", "部门预算项目支出及其他支出预算表", "Projects",
    words=r"项目支出|专项业务经费|项目经费|项目预算", layout="projects", measures=_FUNDS,
    description="projects by 资金使用单位, with their 绩效目标 where printed",
))
register(TableKind(
    "expenditure", "支出总体情况表", "Expenditure",
    words=r"支出", final_title="支出决算表", classification="function",
    measures=("total", "basic", "project", "operating_expense", "subsidy_to_subordinate",
              "remit_to_superior", "carryover"),
    description="expenditure by function code, basic and project",
))

#: The kinds a Guangdong (seed-style) document publishes, in its order.
GUANGDONG_KINDS: tuple[str, ...] = (
    "overall", "income", "expenditure", "fiscal_overall", "general_function",
    "general_basic_economic", "three_public", "gov_fund", "state_capital",
    "general_project_economic", "basic_by_unit", "projects",
)

#: The kinds a Shanghai (普陀区) document publishes, in its order.
SHANGHAI_KINDS: tuple[str, ...] = (
    "overall", "income", "expenditure", "fiscal_overall", "general_function", "gov_fund",
    "state_capital", "general_basic_economic", "three_public",
)

#: The kinds a Jiangsu (省级) document publishes, in its order.
JIANGSU_KINDS: tuple[str, ...] = (
    "overall", "income", "expenditure", "fiscal_overall", "fiscal_function", "fiscal_basic_economic",
    "gov_fund", "general_function", "general_basic_economic", "office_operation", "three_public",
    "procurement",
)

#: Expected kinds per regional layout.
LAYOUT_KINDS: dict[str, tuple[str, ...]] = {
    "guangdong": GUANGDONG_KINDS, "shanghai": SHANGHAI_KINDS, "jiangsu": JIANGSU_KINDS,
}
