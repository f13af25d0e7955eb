"""The registry of standard table kinds.

A *kind* is what a table holds, whatever a province calls it: the 收支总体情况表 of
Guangdong and the 部门财务收支预算总表 of Shanghai are both ``overall``. Each kind has a
canonical id, the Chinese title it usually has, every title variant seen in real
documents (matched on :func:`budgetkit._normalize.title_key`), the classification its
coded rows use, its layout and the measures (column meanings) it is expected to carry.

Extend the registry with :func:`register` (a new kind) or by adding aliases to an
existing kind; a table whose title matches no kind is read as ``other`` with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .._normalize import title_key

#: Layouts the tidy stage knows how to read.
LAYOUTS = ("two_sided", "coded", "items", "units", "projects", "listing")


@dataclass(frozen=True)
class TableKind:
    """One standard table kind.

    Parameters
    ----------
    id
        Canonical id used in the ``table`` column of the tidy lines.
    title
        The usual Chinese title.
    aliases
        Other titles seen in real documents (as printed; matched by key).
    classification
        ``"function"``, ``"economic"`` or ``""`` for the coded rows of the table.
    layout
        How rows are laid out: ``two_sided`` (收入 left, 支出 right), ``coded``
        (one row per classification code), ``items`` (named rows such as the “三公”
        parts), ``units`` (per 资金使用单位 blocks of economic groups) or ``projects``.
    measures
        Measure ids the table is expected to carry.
    """

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    classification: str = ""
    layout: str = "coded"
    measures: tuple[str, ...] = ("total",)
    description: str = ""

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r} for kind {self.id!r}")
        if self.classification not in ("function", "economic", ""):
            raise ValueError(f"unknown classification {self.classification!r} for kind {self.id!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(title_key(t) for t in (self.title, *self.aliases)))


@dataclass
class KindRegistry:
    """Kinds by id, with a lookup by printed title."""

    kinds: dict[str, TableKind] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)

    def register(self, kind: TableKind) -> TableKind:
        for k in kind.keys:
            owner = self._by_key.get(k)
            if owner is not None and owner != kind.id:
                raise ValueError(f"title {k!r} already belongs to kind {owner!r}")
        self.kinds[kind.id] = kind
        for k in kind.keys:
            self._by_key[k] = kind.id
        return kind

    def match(self, title: str) -> TableKind | None:
        """The kind whose title or alias matches ``title``, or ``None``.

        Tried in turn: the title's key; without a trailing qualifier in brackets
        (“（功能科目）”); without a leading “部门” (Shanghai prefixes every title with it).

        >>> REGISTRY.match("2025年部门一般公共预算支出功能分类预算表").id
        'general_function'
        >>> REGISTRY.match("公开 05表 财政拨款支出预算表（功能科目）").id
        'fiscal_function'
        """
        for k in _variants(title_key(title)):
            kind_id = self._by_key.get(k)
            if kind_id:
                return self.kinds[kind_id]
        return None

    def __getitem__(self, kind_id: str) -> TableKind:
        return self.kinds[kind_id]

    def __iter__(self):
        return iter(self.kinds.values())

    def __contains__(self, kind_id: object) -> bool:
        return kind_id in self.kinds


_QUALIFIER = re.compile(r"[（(][^（()）]*[)）]$")


def _variants(k: str):
    yield k
    bare = _QUALIFIER.sub("", k)
    if bare != k:
        yield bare
    for t in (k, bare):
        if t.startswith("部门") and len(t) > 4:
            yield t[2:]


REGISTRY = KindRegistry()
register = REGISTRY.register
match = REGISTRY.match

#: Kind id of a table that matches no registered title.
OTHER = "other"

register(TableKind(
    "overall", "收支总体情况表",
    aliases=("部门收支总体情况表", "收支预算总表", "部门财务收支预算总表", "财务收支预算总表"),
    classification="function", layout="two_sided",
    description="income items on one side, expenditure by function 类 on the other",
))
register(TableKind(
    "income", "收入总体情况表",
    aliases=("部门收入总体情况表", "收入预算总表", "部门收入预算总表"),
    classification="function",
    measures=("total", "general_public", "gov_fund", "state_capital", "education_fee",
              "other_special_account", "business", "operating", "other", "superior_subsidy",
              "subordinate_remit", "business_fund"),
    description="income by function code and source",
))
register(TableKind(
    "expenditure", "支出总体情况表",
    aliases=("部门支出总体情况表", "支出预算总表", "部门支出预算总表"),
    classification="function",
    measures=("total", "basic", "project", "operating_expense", "subsidy_to_subordinate",
              "remit_to_superior", "carryover"),
    description="expenditure by function code, basic and project",
))
register(TableKind(
    "fiscal_overall", "财政拨款收支总体情况表",
    aliases=("部门财政拨款收支总体情况表", "财政拨款收支预算总表", "部门财政拨款收支预算总表"),
    classification="function", layout="two_sided",
    description="appropriations by fund on one side, expenditure by function 类 on the other",
))
register(TableKind(
    "general_function", "一般公共预算支出情况表（按功能分类科目）",
    aliases=("一般公共预算支出情况表", "一般公共预算支出预算表", "一般公共预算支出功能分类预算表",
             "部门一般公共预算支出情况表（按功能分类科目）"),
    classification="function", measures=("total", "basic", "project"),
    description="general public budget expenditure by function code",
))
register(TableKind(
    "general_basic_economic", "一般公共预算基本支出情况表（按经济分类科目）",
    aliases=("一般公共预算基本支出情况表", "一般公共预算基本支出部门预算经济分类预算表",
             "一般公共预算基本支出预算表"),
    classification="economic",
    description="general public budget basic expenditure by economic code",
))
register(TableKind(
    "three_public", "财政拨款安排的行政经费及“三公”经费预算表",
    aliases=("“三公”经费预算表", "一般公共预算“三公”经费预算表", "“三公”经费支出预算表",
             "一般公共预算“三公”经费支出预算表", "财政拨款“三公”经费预算表",
             "“三公”经费和机关运行经费预算表", "“三公”经费、会议费、培训费支出预算表",
             "一般公共预算“三公”经费、会议费、培训费支出预算表"),
    layout="items", measures=("total", "general_public", "gov_fund", "state_capital"),
    description="行政经费 / 机关运行经费 and the “三公”经费 with their parts",
))
register(TableKind(
    "gov_fund", "政府性基金预算支出情况表",
    aliases=("政府性基金预算支出预算表", "部门政府性基金预算支出情况表", "政府性基金预算支出表",
             "政府性基金预算支出功能分类预算表", "财政拨款政府性基金支出预算表", "政府性基金支出预算表",
             "政府性基金预算财政拨款支出预算表"),
    classification="function", measures=("total", "basic", "project"),
    description="government fund expenditure by function code; often empty",
))
register(TableKind(
    "state_capital", "国有资本经营预算支出情况表",
    aliases=("国有资本经营预算支出预算表", "部门国有资本经营预算支出情况表", "国有资本经营预算支出表",
             "国有资本经营预算支出功能分类预算表"),
    classification="function", measures=("total", "basic", "project"),
    description="state capital operation expenditure by function code; often empty",
))
register(TableKind(
    "general_project_economic", "一般公共预算项目支出情况表（按经济分类科目）",
    aliases=("一般公共预算项目支出情况表",),
    classification="economic",
    description="general public budget project expenditure by economic code",
))
register(TableKind(
    "basic_by_unit", "部门预算基本支出预算表",
    aliases=("基本支出预算表",),
    classification="economic", layout="units",
    measures=("total", "fiscal", "general_public", "gov_fund", "state_capital", "fiscal_special", "other"),
    description="basic expenditure by 资金使用单位 and economic group",
))
register(TableKind(
    "projects", "部门预算项目支出及其他支出预算表",
    aliases=("项目支出预算表", "部门预算项目支出预算表"),
    layout="projects",
    measures=("total", "fiscal", "general_public", "gov_fund", "state_capital", "fiscal_special", "other"),
    description="projects by 资金使用单位, with their 绩效目标",
))

register(TableKind(
    "fiscal_function", "财政拨款支出预算表",
    aliases=("财政拨款支出预算表（功能科目）", "财政拨款支出功能分类预算表"),
    classification="function", measures=("total",),
    description="appropriation expenditure by function code (Jiangsu)",
))
register(TableKind(
    "fiscal_basic_economic", "财政拨款基本支出预算表",
    aliases=("财政拨款基本支出预算表（经济科目）", "财政拨款基本支出经济分类预算表"),
    classification="economic", measures=("total",),
    description="appropriation basic expenditure by economic code (Jiangsu)",
))
register(TableKind(
    "office_operation", "一般公共预算机关运行经费支出预算表",
    aliases=("机关运行经费支出预算表", "一般公共预算机关运行经费预算表"),
    classification="economic", measures=("total",),
    description="机关运行经费 by economic code (Jiangsu)",
))
register(TableKind(
    "procurement", "政府采购预算表",
    aliases=("政府采购支出预算表", "部门政府采购预算表"),
    layout="listing", measures=("total",),
    description="government procurement by category, project and item (Jiangsu)",
))
register(TableKind(
    "performance_goals", "财政项目支出绩效目标填报表",
    aliases=("项目支出绩效目标表", "项目支出绩效目标申报表"),
    layout="listing", measures=("total",),
    description="one project's performance targets (a form; Shanghai)",
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
