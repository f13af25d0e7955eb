"""Charts of one document or of a year-over-year comparison.

One function per chart. Each takes tidy data — a :class:`~budgetkit.BudgetDocument`
(or its tidy lines), or the frame of :func:`budgetkit.compare` — and returns a
:class:`matplotlib.figure.Figure`; nothing is shown or saved (``fig.savefig(...)`` is
the caller's). Every chart takes ``lang`` (``"zh"``, the default, or ``"en"``): titles,
axes, legends, notes and the description are in that language; the document's own names
(function classes, projects) stay as printed, drawn with the CJK font of :mod:`budgetkit.charts.fonts`.

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

from budgetkit._format import display_amount
from budgetkit.catalogue import figures
from budgetkit.charts.fonts import register_matplotlib
from budgetkit.comparison.headlines import ECONOMIC_TABLES, FUNCTION_TABLES, function_classes, three_public_parts
from budgetkit.errors import BudgetkitError
from budgetkit.tidy.document import BudgetDocument

__all__ = ["basic_project", "change_by_class", "composition", "economic_groups", "execution",
           "largest_projects", "office_operation", "three_public"]

#: Colours: current year / increase, previous year / decrease, basic, project.
CURRENT, PREVIOUS, UP, DOWN, BASIC, PROJECT = "#2f6f9f", "#b8c7d6", "#c0504d", "#4f9a5b", "#2f6f9f", "#e0a040"
_ROW_HEIGHT = 0.42
_BASIC, _PROJECT = figures.FIGURES["basic"].zh, figures.FIGURES["project"].zh
_THREE_PUBLIC, _OFFICE = figures.FIGURES["three_public"].zh, figures.FIGURES["office_operation"].zh

#: The charts' own words, per language.
_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "unit": "万元", "amount": "{amount}万元", "share": "{amount}（{share}%）", "year": "{year}年",
        "years": "{previous}—{current}年", "title": "{who} {when}{what}", "colon": "：", "sep": "；", "end": "。",
        "and": "、", "composition": "支出功能分类构成", "no_function": "未读到按功能分类的支出",
        "basic": _BASIC, "project": _PROJECT, "basic_project": f"{_BASIC}与{_PROJECT}",
        "no_basic_project": f"未读到按功能分类的{_BASIC}与{_PROJECT}",
        "basic_amount": f"{_BASIC}{{basic}}万元、{_PROJECT}{{project}}万元",
        "economic": "支出经济分类", "no_economic": "未读到按经济分类的支出",
        "change": "支出功能分类增减", "unchanged": "各类支出与上年持平",
        "no_common": "没有两个年度都有的按功能分类支出，未作比较",
        "three_public": _THREE_PUBLIC, "office_operation": _OFFICE, "no_two_years": "未读到两个年度的{what}",
        "from_narrative": "（据情况说明推算）", "not_read": "未读到", "two_years": "{previous}年{a}、{current}年{b}",
        "largest": "金额最大的{n}个项目", "projects": "项目支出", "no_projects": "未读到项目清单",
        "execution": "决算与{bases}（按功能分类）", "plan": "预算", "final": "决算", "not_printed": "未列示",
        "no_plan": "未列示按功能分类的预算数，未计算执行率", "levels": "类款项", "level": "{name}（{level}）",
        "execution_item": "决算{final}万元、{basis}{plan}万元", "rate": "、执行率{rate}",
    },
    "en": {
        "unit": "10k yuan", "amount": "{amount} (10k yuan)", "share": "{amount} ({share}%)", "year": "{year}",
        "years": "{previous}–{current}", "title": "{who} {when}: {what}", "colon": ": ", "sep": "; ", "end": ".",
        "and": ", ", "composition": "expenditure by function class", "no_function": "no expenditure by function "
        "class was read", "basic": figures.FIGURES["basic"].en, "project": figures.FIGURES["project"].en,
        "basic_project": "basic and project expenditure",
        "no_basic_project": "no basic and project expenditure by function class was read",
        "basic_amount": "basic {basic}, project {project} (10k yuan)",
        "economic": "expenditure by economic class", "no_economic": "no expenditure by economic class was read",
        "change": "change by function class", "unchanged": "every class as in the previous year",
        "no_common": "no function class read in both years: no comparison",
        "three_public": figures.FIGURES["three_public"].en, "office_operation": figures.FIGURES["office_operation"].en,
        "no_two_years": "{what} not read for both years", "from_narrative": " (from the narrative)",
        "not_read": "not read", "two_years": "{previous}: {a}, {current}: {b}",
        "largest": "the {n} largest projects", "projects": "projects", "no_projects": "no project list was read",
        "execution": "final accounts against {bases}, by function class", "plan": "budget", "final": "final",
        "not_printed": "not printed", "no_plan": "no budget by function class is printed: no execution rate",
        "levels": ("class", "item", "sub-item"), "level": "{name} ({level})",
        "execution_item": "final {final}, {basis} {plan} (10k yuan)", "rate": ", execution {rate}",
    },
}
#: The plan's basis as the 决算 names it (年初预算 …), in English.
_BASES_EN = {"年初预算": "initial budget", "调整预算": "adjusted budget", "全年预算": "full-year budget",
             "预算": "budget"}


def _words(lang: str) -> dict:
    if lang not in _WORDS:
        raise BudgetkitError(f"lang must be one of {', '.join(_WORDS)}, not {lang!r}")
    return _WORDS[lang]


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


def _title(lines: pd.DataFrame, what: str, lang: str = "zh") -> str:
    department = lines["department"].iloc[0] if len(lines) and "department" in lines else ""
    year = _words(lang)["year"].format(year=int(lines["year"].iloc[0])) if len(lines) and "year" in lines else ""
    return _words(lang)["title"].format(who=department, when=year, what=what).strip(" :")


def _figure(rows: int, width: float = 8.0) -> tuple[Figure, object]:
    register_matplotlib()
    fig = Figure(figsize=(width, max(2.4, 1.3 + _ROW_HEIGHT * rows)), layout="constrained")
    return fig, fig.add_subplot()


def _describe(fig: Figure, title: str, items, lang: str = "zh") -> Figure:
    """Label ``fig`` with its title and each value drawn: 标题：名称 1,234.56万元；…"""
    w = _words(lang)
    fig.set_label(f"{title}{w['colon']}" + w["sep"].join(f"{name} {text}" for name, text in items) + w["end"])
    return fig


def _empty(fig: Figure, ax, title: str, message: str, lang: str = "zh") -> Figure:
    w = _words(lang)
    fig.set_label(f"{title}{w['colon']}{message}{w['end']}")
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def _finish(fig: Figure, ax, title: str, *, margin: float | None = None, top_down: bool = False,
            legend: bool = False, lang: str = "zh") -> Figure:
    """Title, 万元 axis and room for the bar labels; ``top_down`` lists the first row on top."""
    if top_down:
        ax.invert_yaxis()
    if legend:  # outside the plot, under it: never over a bar or its label
        fig.legend(frameon=False, loc="outside lower center", ncols=2)
    ax.set_title(title)
    _wan_axis(ax, lang=lang)
    if margin is not None:
        ax.margins(x=margin)
    return fig


def _wan_axis(ax, axis: str = "x", lang: str = "zh") -> None:
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(_words(lang)["unit"])
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


def _label(name: str, code: str, lang: str) -> str:
    """A row's label: the document's name with its code."""
    return _words(lang)["level"].format(name=name, level=code)


def composition(data, lang: str = "zh") -> Figure:
    """Expenditure by function 类: one bar per 类, labelled with amount and share.

    Parameters
    ----------
    data
        A :class:`~budgetkit.BudgetDocument` or its tidy lines.
    lang
        ``"zh"`` or ``"en"``: the chart's own words.
    """
    w = _words(lang)
    lines = _lines(data)
    wide = _function_rows(lines, ("total",))
    wide = _nonzero_ascending(wide, "total")
    fig, ax = _figure(len(wide))
    title = _title(lines, w["composition"], lang)
    if wide.empty:
        return _empty(fig, ax, title, w["no_function"], lang)
    total = sum(wide["total"], Decimal(0))
    labels = [_label(n, c, lang) for c, n in zip(wide["code"], wide["name"], strict=True)]
    bars = ax.barh(labels, _num(wide["total"]), color=CURRENT)
    shares = [display_amount(v / total * 100) for v in wide["total"]]
    texts = [w["share"].format(amount=display_amount(v), share=p) for v, p in zip(wide["total"], shares, strict=True)]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    described = [w["share"].format(amount=w["amount"].format(amount=display_amount(v)), share=p)
                 for v, p in zip(wide["total"], shares, strict=True)]
    _describe(fig, title, list(zip(labels[::-1], described[::-1], strict=True)), lang)
    return _finish(fig, ax, title, margin=0.3, lang=lang)


def basic_project(data, lang: str = "zh") -> Figure:
    """Basic and project expenditure by function 类, stacked."""
    w = _words(lang)
    lines = _lines(data)
    wide = _function_rows(lines, ("basic", "project"))
    wide = wide[[b != 0 or p != 0 for b, p in zip(wide["basic"], wide["project"], strict=True)]]
    fig, ax = _figure(len(wide))
    title = _title(lines, w["basic_project"], lang)
    if wide.empty:
        return _empty(fig, ax, title, w["no_basic_project"], lang)
    labels = [_label(n, c, lang) for c, n in zip(wide["code"], wide["name"], strict=True)]
    basic, project = _num(wide["basic"]), _num(wide["project"])
    ax.barh(labels, basic, color=BASIC, label=w["basic"])
    ax.barh(labels, project, left=basic, color=PROJECT, label=w["project"])
    _describe(fig, title, [(n, w["basic_amount"].format(basic=display_amount(b), project=display_amount(p)))
                           for n, b, p in zip(labels, wide["basic"], wide["project"], strict=True)], lang)
    return _finish(fig, ax, title, top_down=True, legend=True, lang=lang)


def economic_groups(data, lang: str = "zh") -> Figure:
    """Expenditure by economic 类 (all units), basic and project stacked."""
    w = _words(lang)
    lines = _lines(data)
    rows = lines[lines["table"].isin(list(ECONOMIC_TABLES)) & (lines["level"] == 1)
                 & (lines["measure"] == "total")]
    groups: dict[str, dict] = {}
    for r in rows.itertuples():
        g = groups.setdefault(r.code, {"name": r.name, "general_basic_economic": Decimal(0),
                                       "general_project_economic": Decimal(0)})
        g[r.table] += r.amount
    fig, ax = _figure(len(groups))
    title = _title(lines, w["economic"], lang)
    if not groups:
        return _empty(fig, ax, title, w["no_economic"], lang)
    codes = sorted(groups)
    labels = [_label(groups[c]["name"], c, lang) for c in codes]
    basic = _num(groups[c]["general_basic_economic"] for c in codes)
    project = _num(groups[c]["general_project_economic"] for c in codes)
    ax.barh(labels, basic, color=BASIC, label=w["basic"])
    bars = ax.barh(labels, project, left=basic, color=PROJECT, label=w["project"])
    texts = [display_amount(groups[c]["general_basic_economic"] + groups[c]["general_project_economic"])
             for c in codes]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    _describe(fig, title, [(n, w["amount"].format(amount=t)) for n, t in zip(labels, texts, strict=True)], lang)
    return _finish(fig, ax, title, margin=0.15, top_down=True, legend=True, lang=lang)


def _yoy_title(yoy: pd.DataFrame, what: str, lang: str = "zh") -> str:
    w = _words(lang)
    department = yoy["department"].iloc[0] if len(yoy) else ""
    years = (w["years"].format(previous=int(yoy["previous_year"].iloc[0]), current=int(yoy["current_year"].iloc[0]))
             if len(yoy) else "")
    return w["title"].format(who=department, when=years, what=what).strip(" :")


def change_by_class(yoy: pd.DataFrame, lang: str = "zh") -> Figure:
    """Year-over-year change by function 类: diverging bars, increases right, decreases left."""
    w = _words(lang)
    yoy = _yoy(yoy)
    classes = function_classes(yoy)
    classes = _nonzero_ascending(classes, "change")
    fig, ax = _figure(len(classes))
    title = _yoy_title(yoy, w["change"], lang)
    if classes.empty:
        if classes_read(yoy):
            return _empty(fig, ax, title, w["unchanged"], lang)
        return _empty(fig, ax, title, w["no_common"], lang)
    labels = [_label(n, k, lang) for k, n in zip(classes["key"], classes["name"], strict=True)]
    changes = list(classes["change"])
    bars = ax.barh(labels, _num(changes), color=[UP if c > 0 else DOWN for c in changes])
    texts = [("+" if c > 0 else "−") + display_amount(abs(c)) for c in changes]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    _describe(fig, title, [(n, w["amount"].format(amount=t)) for n, t in zip(labels[::-1], texts[::-1], strict=True)],
              lang)
    ax.axvline(0, color="#555555", linewidth=0.8)
    return _finish(fig, ax, title, margin=0.25, lang=lang)


def classes_read(yoy: pd.DataFrame) -> bool:
    """Whether the function 类 are read in both years (so an empty change is "unchanged")."""
    return not function_classes(yoy).empty


#: The “三公” chart's rows: the “三公”经费 and its parts (机关运行经费, 会议费 and 培训费 are
#: of another scale and meaning: :func:`office_operation` draws the first apart).
_THREE_PUBLIC_ROWS = ("three_public", *(p for f in figures.PARTS["three_public"]
                                         for p in (f, *figures.PARTS.get(f, ()))))


def _two_years(yoy: pd.DataFrame, keys: tuple[str, ...], what: str, lang: str = "zh") -> Figure:
    """Previous and current year side by side for the rows of :func:`three_public_parts` in ``keys``."""
    w = _words(lang)
    yoy = _yoy(yoy)
    parts = three_public_parts(yoy)
    parts = parts[parts["key"].isin(list(keys))]
    fig, ax = _figure(len(parts) * 2)
    title = _yoy_title(yoy, w[what], lang)
    if parts.empty:
        return _empty(fig, ax, title, w["no_two_years"].format(what=w[what]), lang)
    labels = list(parts["name"]) if lang == "zh" else [figures.figure(k).en for k in parts["key"]]
    positions = list(range(len(labels)))
    prev_year, cur_year = int(yoy["previous_year"].iloc[0]), int(yoy["current_year"].iloc[0])
    basis = w["from_narrative"] if (parts["basis"] == "narrative").any() else ""
    prev_bars = ax.barh([p - 0.2 for p in positions], _num(parts["previous_amount"]), height=0.4,
                        color=PREVIOUS, label=w["year"].format(year=prev_year) + basis)
    cur_bars = ax.barh([p + 0.2 for p in positions], _num(parts["current_amount"]), height=0.4,
                       color=CURRENT, label=w["year"].format(year=cur_year))
    texts = {}
    for year, bars, values in ((prev_year, prev_bars, parts["previous_amount"]),
                               (cur_year, cur_bars, parts["current_amount"])):
        texts[year] = [w["not_read"] if v is pd.NA or v is None else display_amount(v) for v in values]
        ax.bar_label(bars, labels=texts[year], padding=3, fontsize=8)
    ax.set_yticks(positions, labels)
    _describe(fig, title, [(n, w["two_years"].format(previous=prev_year, a=a, current=cur_year, b=b))
                           for n, a, b in zip(labels, texts[prev_year], texts[cur_year], strict=True)], lang)
    return _finish(fig, ax, title, margin=0.25, top_down=True, legend=True, lang=lang)


def three_public(yoy: pd.DataFrame, lang: str = "zh") -> Figure:
    """The “三公”经费 and its parts: previous and current year side by side."""
    return _two_years(yoy, _THREE_PUBLIC_ROWS, "three_public", lang)


def office_operation(yoy: pd.DataFrame, lang: str = "zh") -> Figure:
    """机关运行经费 in both years, on a scale of its own."""
    return _two_years(yoy, ("office_operation",), "office_operation", lang)


def largest_projects(data, n: int = 10, lang: str = "zh") -> Figure:
    """The ``n`` largest projects of ``doc.projects``, with their 资金使用单位.

    Parameters
    ----------
    data
        A :class:`~budgetkit.BudgetDocument` or its ``projects`` frame.
    n
        How many projects to draw.
    lang
        ``"zh"`` or ``"en"``: the chart's own words.
    """
    w = _words(lang)
    if isinstance(data, BudgetDocument):
        projects, department, year = data.projects, data.department, w["year"].format(year=data.year)
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
    title = w["title"].format(who=department, when=year, what=w["largest"].format(n=len(top))).strip(" :")
    if top.empty:
        return _empty(fig, ax, w["title"].format(who=department, when=year, what=w["projects"]).strip(" :"),
                      w["no_projects"], lang)
    labels = [_short(name) for name in top["name"]]
    bars = ax.barh(range(len(top)), _num(top["amount"]), color=PROJECT)
    ax.set_yticks(range(len(top)), labels, fontsize=8)
    texts = [display_amount(a) for a in top["amount"]]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
    _describe(fig, title, [(n, w["amount"].format(amount=t)) for n, t in zip(top["name"], texts, strict=True)], lang)
    return _finish(fig, ax, title, margin=0.2, top_down=True, lang=lang)


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def execution(frame: pd.DataFrame, lang: str = "zh") -> Figure:
    """决算数 beside 预算数 by function 类, each 决算 bar labelled with its 执行率.

    Parameters
    ----------
    frame
        The frame of :func:`budgetkit.execution`. The rows drawn are the function rows of
        the highest level that has a plan (类; else 款 or 项, where a 情况说明 states the plan
        of its 项 only); the plan's basis (年初预算 …) names its bars.
    lang
        ``"zh"`` or ``"en"``: the chart's own words.
    """
    w = _words(lang)
    if not (isinstance(frame, pd.DataFrame) and {"section", "final_amount", "budget_amount", "rate"} <= set(frame.columns)):
        raise BudgetkitError("this chart needs the execution frame of budgetkit.execution(final)")
    rows = frame[(frame["section"] == "function") & frame["budget_amount"].notna()]
    if len(rows):
        rows = rows[rows["level"] == rows["level"].min()]
    department = frame["department"].iloc[0] if len(frame) else ""
    year = w["year"].format(year=int(frame["year"].iloc[0])) if len(frame) else ""
    bases = list(dict.fromkeys(rows["basis"])) or ["预算"]
    named = bases if lang == "zh" else [_BASES_EN.get(b, b) for b in bases]
    title = w["title"].format(who=department, when=year, what=w["execution"].format(bases=w["and"].join(named)))
    title = title.strip(" :")
    fig, ax = _figure(len(rows) * 2)
    if rows.empty:
        return _empty(fig, ax, title, w["no_plan"], lang)
    level = int(rows["level"].iloc[0])
    labels = [w["level"].format(name=n, level=w["levels"][level - 1]) for n in rows["name"]]
    positions = list(range(len(labels)))
    plan_bars = ax.barh([p - 0.2 for p in positions], _num(rows["budget_amount"]), height=0.4, color=PREVIOUS,
                        label=w["and"].join(named))
    final_bars = ax.barh([p + 0.2 for p in positions], _num(rows["final_amount"]), height=0.4, color=CURRENT,
                         label=w["final"])
    plans = [display_amount(v) for v in rows["budget_amount"]]
    finals = [w["not_printed"] if pd.isna(v) else display_amount(v) for v in rows["final_amount"]]
    rates = ["" if pd.isna(r) else f"{r.quantize(Decimal('0.01'))}%" for r in rows["rate"]]
    ax.bar_label(plan_bars, labels=plans, padding=3, fontsize=8)
    ax.bar_label(final_bars, labels=[w["level"].format(name=f, level=r) if r else f
                                     for f, r in zip(finals, rates, strict=True)], padding=3, fontsize=8)
    ax.set_yticks(positions, labels)
    basis_names = list(rows["basis"]) if lang == "zh" else [_BASES_EN.get(b, b) for b in rows["basis"]]
    _describe(fig, title, [(n, w["execution_item"].format(final=f, basis=b, plan=p)
                            + (w["rate"].format(rate=r) if r else ""))
                           for n, f, b, p, r in zip(labels, finals, basis_names, plans, rates, strict=True)], lang)
    return _finish(fig, ax, title, margin=0.3, top_down=True, legend=True, lang=lang)
