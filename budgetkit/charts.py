"""Charts of one document or of a year-over-year comparison.

One function per chart. Each takes tidy data — a :class:`~budgetkit.BudgetDocument`
(or its tidy lines), or the frame of :func:`budgetkit.compare` — and returns a
:class:`matplotlib.figure.Figure`; nothing is shown or saved (``fig.savefig(...)`` is
the caller's). Labels are Chinese, drawn with the CJK font of :mod:`budgetkit.fonts`.

=====================  ==============================================================
``composition``        expenditure by function 类 (share of the total)
``basic_project``      basic (基本支出) and project (项目支出) expenditure by 类
``economic_groups``    expenditure by economic 类, basic and project
``change_by_class``    year-over-year change by function 类 (diverging bars)
``three_public``       the “三公”经费 and its parts in both years
``office_operation``   机关运行经费 in both years (apart: it dwarfs the “三公” parts)
``largest_projects``   the largest projects of ``doc.projects``
``execution``          a 决算 against its plan by function 类 (frame of ``budgetkit.execution``)
=====================  ==============================================================

Amounts are exact decimals up to the drawing: they become floats only as bar lengths;
every printed number is formatted from the decimal. Each figure's label
(``fig.get_label()``) describes it in words — its title and every value drawn — for
the ``alt`` text of a report's image.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from matplotlib.figure import Figure

from .catalogue import figures
from .compare import ECONOMIC_TABLES, FUNCTION_TABLES, function_classes, three_public_parts
from .document import BudgetDocument
from .errors import BudgetkitError
from .fonts import register_matplotlib
from .narrative import format_amount

__all__ = ["basic_project", "change_by_class", "composition", "economic_groups", "execution",
           "largest_projects", "office_operation", "three_public"]

#: Colours: current year / increase, previous year / decrease, basic, project.
CURRENT, PREVIOUS, UP, DOWN, BASIC, PROJECT = "#2f6f9f", "#b8c7d6", "#c0504d", "#4f9a5b", "#2f6f9f", "#e0a040"
_ROW_HEIGHT = 0.42
_BASIC, _PROJECT = figures.FIGURES["basic"].zh, figures.FIGURES["project"].zh
_THREE_PUBLIC, _OFFICE = figures.FIGURES["three_public"].zh, figures.FIGURES["office_operation"].zh


def _lines(data) -> pd.DataFrame:
    if isinstance(data, BudgetDocument):
        return data.lines
    if isinstance(data, pd.DataFrame) and {"table", "amount", "measure"} <= set(data.columns):
        return data
    raise BudgetkitError(f"a chart of one year needs a BudgetDocument or its tidy lines, not a {type(data).__name__}")


def _yoy(data) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame) and {"previous_amount", "current_amount"} <= set(data.columns):
        return data
    raise BudgetkitError("this chart needs the year-over-year frame of budgetkit.compare(previous, current)")


def _title(lines: pd.DataFrame, what: str) -> str:
    department = lines["department"].iloc[0] if len(lines) and "department" in lines else ""
    year = f"{int(lines['year'].iloc[0])}年" if len(lines) and "year" in lines else ""
    return f"{department} {year}{what}".strip()


def _figure(rows: int, width: float = 8.0) -> tuple[Figure, object]:
    register_matplotlib()
    fig = Figure(figsize=(width, max(2.4, 1.3 + _ROW_HEIGHT * rows)), layout="constrained")
    return fig, fig.add_subplot()


def _describe(fig: Figure, title: str, items) -> Figure:
    """Label ``fig`` with its title and each value drawn: 标题：名称 1,234.56万元；…"""
    fig.set_label(f"{title}：" + "；".join(f"{name} {text}" for name, text in items) + "。")
    return fig


def _empty(fig: Figure, ax, title: str, message: str) -> Figure:
    fig.set_label(f"{title}：{message}。")
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def _finish(fig: Figure, ax, title: str, *, margin: float | None = None, top_down: bool = False,
            legend: bool = False) -> Figure:
    """Title, 万元 axis and room for the bar labels; ``top_down`` lists the first row on top."""
    if top_down:
        ax.invert_yaxis()
    if legend:  # outside the plot, under it: never over a bar or its label
        fig.legend(frameon=False, loc="outside lower center", ncols=2)
    ax.set_title(title)
    _wan_axis(ax)
    if margin is not None:
        ax.margins(x=margin)
    return fig


def _wan_axis(ax, axis: str = "x") -> None:
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)("万元")
    ax.grid(axis=axis, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _num(values) -> list[float]:
    """Bar lengths: decimals become floats here and only here."""
    return [float(v) if v is not None and v is not pd.NA else 0.0 for v in values]


def _function_rows(lines: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    """Level-1 function rows of the first expenditure table that has them, one column per measure."""
    for table in FUNCTION_TABLES:
        rows = lines[(lines["table"] == table) & (lines["classification"] == "function") & (lines["level"] == 1)
                     & (lines["unit"] == "") & lines["side"].isin(["", "expenditure"])
                     & lines["measure"].isin(list(measures))]
        if len(rows) and set(measures) <= set(rows["measure"]):
            wide = rows.pivot_table(index=["code", "name"], columns="measure", values="amount",
                                    aggfunc="first", sort=False).reset_index()
            for measure in measures:  # a cell the table leaves blank is nothing spent
                wide[measure] = [Decimal(0) if v is None or v is pd.NA else v for v in wide[measure]]
            return wide
    return pd.DataFrame(columns=["code", "name", *measures])


def _nonzero_ascending(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows whose ``column`` is not zero, smallest first (horizontal bars: the largest on top)."""
    frame = frame[[v != 0 for v in frame[column]]]
    return frame.iloc[sorted(range(len(frame)), key=lambda i: frame[column].iloc[i])]


def composition(data) -> Figure:
    """Expenditure by function 类: one bar per 类, labelled with amount and share.

    Parameters
    ----------
    data
        A :class:`~budgetkit.BudgetDocument` or its tidy lines.
    """
    lines = _lines(data)
    wide = _function_rows(lines, ("total",))
    wide = _nonzero_ascending(wide, "total")
    fig, ax = _figure(len(wide))
    title = _title(lines, "支出功能分类构成")
    if wide.empty:
        return _empty(fig, ax, title, "未读到按功能分类的支出")
    total = sum(wide["total"], Decimal(0))
    labels = [f"{n}（{c}）" for c, n in zip(wide["code"], wide["name"], strict=True)]
    bars = ax.barh(labels, _num(wide["total"]), color=CURRENT)
    texts = [f"{format_amount(v)}（{format_amount(v / total * 100)}%）" for v in wide["total"]]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    _describe(fig, title, [(n, f"{t.replace('（', '万元（')}") for n, t in zip(labels[::-1], texts[::-1], strict=True)])
    return _finish(fig, ax, title, margin=0.3)


def basic_project(data) -> Figure:
    """Basic and project expenditure by function 类, stacked."""
    lines = _lines(data)
    wide = _function_rows(lines, ("basic", "project"))
    wide = wide[[b != 0 or p != 0 for b, p in zip(wide["basic"], wide["project"], strict=True)]]
    fig, ax = _figure(len(wide))
    title = _title(lines, f"{_BASIC}与{_PROJECT}")
    if wide.empty:
        return _empty(fig, ax, title, f"未读到按功能分类的{_BASIC}与{_PROJECT}")
    labels = [f"{n}（{c}）" for c, n in zip(wide["code"], wide["name"], strict=True)]
    basic, project = _num(wide["basic"]), _num(wide["project"])
    ax.barh(labels, basic, color=BASIC, label=_BASIC)
    ax.barh(labels, project, left=basic, color=PROJECT, label=_PROJECT)
    _describe(fig, title, [(n, f"{_BASIC}{format_amount(b)}万元、{_PROJECT}{format_amount(p)}万元")
                           for n, b, p in zip(labels, wide["basic"], wide["project"], strict=True)])
    return _finish(fig, ax, title, top_down=True, legend=True)


def economic_groups(data) -> Figure:
    """Expenditure by economic 类 (all units), basic and project stacked."""
    lines = _lines(data)
    rows = lines[lines["table"].isin(list(ECONOMIC_TABLES)) & (lines["level"] == 1)
                 & (lines["measure"] == "total")]
    groups: dict[str, dict] = {}
    for r in rows.itertuples():
        g = groups.setdefault(r.code, {"name": r.name, "general_basic_economic": Decimal(0),
                                       "general_project_economic": Decimal(0)})
        g[r.table] += r.amount
    fig, ax = _figure(len(groups))
    title = _title(lines, "支出经济分类")
    if not groups:
        return _empty(fig, ax, title, "未读到按经济分类的支出")
    codes = sorted(groups)
    labels = [f"{groups[c]['name']}（{c}）" for c in codes]
    basic = _num(groups[c]["general_basic_economic"] for c in codes)
    project = _num(groups[c]["general_project_economic"] for c in codes)
    ax.barh(labels, basic, color=BASIC, label=_BASIC)
    bars = ax.barh(labels, project, left=basic, color=PROJECT, label=_PROJECT)
    texts = [format_amount(groups[c]["general_basic_economic"] + groups[c]["general_project_economic"])
             for c in codes]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    _describe(fig, title, [(n, f"{t}万元") for n, t in zip(labels, texts, strict=True)])
    return _finish(fig, ax, title, margin=0.15, top_down=True, legend=True)


def _yoy_title(yoy: pd.DataFrame, what: str) -> str:
    department = yoy["department"].iloc[0] if len(yoy) else ""
    years = f"{int(yoy['previous_year'].iloc[0])}—{int(yoy['current_year'].iloc[0])}年" if len(yoy) else ""
    return f"{department} {years}{what}".strip()


def change_by_class(yoy: pd.DataFrame) -> Figure:
    """Year-over-year change by function 类: diverging bars, increases right, decreases left."""
    yoy = _yoy(yoy)
    classes = function_classes(yoy)
    classes = _nonzero_ascending(classes, "change")
    fig, ax = _figure(len(classes))
    title = _yoy_title(yoy, "支出功能分类增减")
    if classes.empty:
        if classes_read(yoy):
            return _empty(fig, ax, title, "各类支出与上年持平")
        return _empty(fig, ax, title, "没有两个年度都有的按功能分类支出，未作比较")
    labels = [f"{n}（{k}）" for k, n in zip(classes["key"], classes["name"], strict=True)]
    changes = list(classes["change"])
    bars = ax.barh(labels, _num(changes), color=[UP if c > 0 else DOWN for c in changes])
    texts = [("+" if c > 0 else "−") + format_amount(abs(c)) for c in changes]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    _describe(fig, title, [(n, f"{t}万元") for n, t in zip(labels[::-1], texts[::-1], strict=True)])
    ax.axvline(0, color="#555555", linewidth=0.8)
    return _finish(fig, ax, title, margin=0.25)


def classes_read(yoy: pd.DataFrame) -> bool:
    """Whether the function 类 are read in both years (so an empty change is "unchanged")."""
    return not function_classes(yoy).empty


#: The “三公” chart's rows: the “三公”经费 and its parts (机关运行经费, 会议费 and 培训费 are
#: of another scale and meaning: :func:`office_operation` draws the first apart).
_THREE_PUBLIC_ROWS = ("three_public", *(p for f in figures.PARTS["three_public"]
                                         for p in (f, *figures.PARTS.get(f, ()))))


def _two_years(yoy: pd.DataFrame, keys: tuple[str, ...], what: str, missing: str) -> Figure:
    """Previous and current year side by side for the rows of :func:`three_public_parts` in ``keys``."""
    yoy = _yoy(yoy)
    parts = three_public_parts(yoy)
    parts = parts[parts["key"].isin(list(keys))]
    fig, ax = _figure(len(parts) * 2)
    title = _yoy_title(yoy, what)
    if parts.empty:
        return _empty(fig, ax, title, missing)
    labels = list(parts["name"])
    positions = list(range(len(labels)))
    prev_year, cur_year = int(yoy["previous_year"].iloc[0]), int(yoy["current_year"].iloc[0])
    basis = "（据情况说明推算）" if (parts["basis"] == "narrative").any() else ""
    prev_bars = ax.barh([p - 0.2 for p in positions], _num(parts["previous_amount"]), height=0.4,
                        color=PREVIOUS, label=f"{prev_year}年{basis}")
    cur_bars = ax.barh([p + 0.2 for p in positions], _num(parts["current_amount"]), height=0.4,
                       color=CURRENT, label=f"{cur_year}年")
    texts = {}
    for year, bars, values in ((prev_year, prev_bars, parts["previous_amount"]),
                               (cur_year, cur_bars, parts["current_amount"])):
        texts[year] = ["未读到" if v is pd.NA or v is None else format_amount(v) for v in values]
        ax.bar_label(bars, labels=texts[year], padding=3, fontsize=8)
    ax.set_yticks(positions, labels)
    _describe(fig, title, [(n, f"{prev_year}年{a}、{cur_year}年{b}")
                           for n, a, b in zip(labels, texts[prev_year], texts[cur_year], strict=True)])
    return _finish(fig, ax, title, margin=0.25, top_down=True, legend=True)


def three_public(yoy: pd.DataFrame) -> Figure:
    """The “三公”经费 and its parts: previous and current year side by side."""
    return _two_years(yoy, _THREE_PUBLIC_ROWS, _THREE_PUBLIC, f"未读到两个年度的{_THREE_PUBLIC}")


def office_operation(yoy: pd.DataFrame) -> Figure:
    """机关运行经费 in both years, on a scale of its own."""
    return _two_years(yoy, ("office_operation",), _OFFICE, f"未读到两个年度的{_OFFICE}")


def largest_projects(data, n: int = 10) -> Figure:
    """The ``n`` largest projects of ``doc.projects``, with their 资金使用单位.

    Parameters
    ----------
    data
        A :class:`~budgetkit.BudgetDocument` or its ``projects`` frame.
    n
        How many projects to draw.
    """
    if isinstance(data, BudgetDocument):
        projects, department, year = data.projects, data.department, f"{data.year}年"
    elif isinstance(data, pd.DataFrame) and {"name", "amount"} <= set(data.columns):
        projects = data
        department = data["department"].iloc[0] if len(data) and "department" in data else ""
        year = ""
    else:
        raise BudgetkitError(f"largest_projects needs a BudgetDocument or its projects frame, not a "
                             f"{type(data).__name__}")
    projects = projects[[a is not None and a is not pd.NA for a in projects["amount"]]]
    order = sorted(range(len(projects)), key=lambda i: projects["amount"].iloc[i], reverse=True)[:n]
    top = projects.iloc[order]
    fig, ax = _figure(len(top), width=9)
    title = f"{department} {year}金额最大的{len(top)}个项目".strip()
    if top.empty:
        return _empty(fig, ax, f"{department} {year}项目支出".strip(), "未读到项目清单")
    labels = [_short(name) for name in top["name"]]
    bars = ax.barh(range(len(top)), _num(top["amount"]), color=PROJECT)
    ax.set_yticks(range(len(top)), labels, fontsize=8)
    texts = [format_amount(a) for a in top["amount"]]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    _describe(fig, title, [(n, f"{t}万元") for n, t in zip(top["name"], texts, strict=True)])
    return _finish(fig, ax, title, margin=0.2, top_down=True)


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def execution(frame: pd.DataFrame) -> Figure:
    """决算数 beside 预算数 by function 类, each 决算 bar labelled with its 执行率.

    Parameters
    ----------
    frame
        The frame of :func:`budgetkit.execution`. The rows drawn are the function rows of
        the highest level that has a plan (类; else 款 or 项, where a 情况说明 states the plan
        of its 项 only); the plan's basis (年初预算 …) names its bars.
    """
    if not (isinstance(frame, pd.DataFrame) and {"section", "final_amount", "budget_amount", "rate"} <= set(frame.columns)):
        raise BudgetkitError("this chart needs the execution frame of budgetkit.execution(final)")
    rows = frame[(frame["section"] == "function") & frame["budget_amount"].notna()]
    if len(rows):
        rows = rows[rows["level"] == rows["level"].min()]
    department = frame["department"].iloc[0] if len(frame) else ""
    year = f"{int(frame['year'].iloc[0])}年" if len(frame) else ""
    bases = list(dict.fromkeys(rows["basis"])) or ["预算"]
    title = f"{department} {year}决算与{'、'.join(bases)}（按功能分类）".strip()
    fig, ax = _figure(len(rows) * 2)
    if rows.empty:
        return _empty(fig, ax, title, "未列示按功能分类的预算数，未计算执行率")
    level = int(rows["level"].iloc[0])
    labels = [f"{n}（{'类款项'[level - 1]}）" for n in rows["name"]]
    positions = list(range(len(labels)))
    plan_bars = ax.barh([p - 0.2 for p in positions], _num(rows["budget_amount"]), height=0.4, color=PREVIOUS,
                        label="、".join(bases))
    final_bars = ax.barh([p + 0.2 for p in positions], _num(rows["final_amount"]), height=0.4, color=CURRENT,
                         label="决算")
    plans = [format_amount(v) for v in rows["budget_amount"]]
    finals = ["未列示" if pd.isna(v) else format_amount(v) for v in rows["final_amount"]]
    rates = ["" if pd.isna(r) else f"{r.quantize(Decimal('0.01'))}%" for r in rows["rate"]]
    ax.bar_label(plan_bars, labels=plans, padding=3, fontsize=8)
    ax.bar_label(final_bars, labels=[f"{f}（{r}）" if r else f for f, r in zip(finals, rates, strict=True)],
                 padding=3, fontsize=8)
    ax.set_yticks(positions, labels)
    _describe(fig, title, [(n, f"决算{f}万元、{b}{p}万元" + (f"、执行率{r}" if r else ""))
                           for n, f, b, p, r in zip(labels, finals, rows["basis"], plans, rates, strict=True)])
    return _finish(fig, ax, title, margin=0.3, top_down=True, legend=True)
