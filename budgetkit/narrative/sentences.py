"""The year-over-year frame → the sentences a budget office writes (zh, en).

From the numbers alone: "2023年本部门收入预算1,564.22万元，比上年增加129.41万元，
增长9.02%。" Amounts print with thousands separators and two decimals, rounded half-up
on the exact decimal (never a float), so the percentage printed is the one a document
prints. The wording rules:

* an increase is 增加 … 增长 …%, a decrease 减少 … 下降 …%;
* equal amounts are 与上年持平;
* from zero there is no percentage: 比上年新增 …万元;
* to zero the fall is 下降100%;
* a change that rounds to 0.00 but is not zero prints exactly (增加0.004万元), and a
  percentage that rounds to 0.00% prints as 不足0.01%.

The percentage is the change against the previous amount's absolute value, so a
negative previous amount still reads the right way round.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from budgetkit._format import CENT, decimal_or_none, display_amount, display_percent
from budgetkit.catalogue import figures
from budgetkit.comparison.headlines import (
    TOTALS,
    basic_project,
    economic_groups,
    function_classes,
    headline,
    headlines,
    three_public_parts,
)
from budgetkit.errors import BudgetkitError

LANGUAGES = ("zh", "en")
LARGEST = 3
#: Of the “三公” table, the figures the "largest changes" paragraph ranks (not each part).
_RANKED_PARTS = ("three_public", "office_operation")

#: English names of the function 类, by code (the Chinese name follows in brackets).
FUNCTION_CLASSES_EN: dict[str, str] = {
    "201": "general public services", "202": "foreign affairs", "203": "national defence",
    "204": "public security", "205": "education", "206": "science and technology",
    "207": "culture, tourism, sports and media", "208": "social security and employment",
    "209": "social insurance funds", "210": "health", "211": "energy saving and environmental protection",
    "212": "urban and rural communities", "213": "agriculture, forestry and water",
    "214": "transport", "215": "resource exploration and industry", "216": "commerce and services",
    "217": "finance", "219": "aid to other regions", "220": "natural resources, oceans and meteorology",
    "221": "housing security", "222": "grain and material reserves", "223": "state capital operations",
    "224": "disaster prevention and emergency management", "227": "reserve fund", "229": "other expenditure",
    "230": "transfers", "231": "debt repayment", "232": "debt interest", "233": "debt issuance costs",
}
#: English names of the economic 类, by code.
ECONOMIC_CLASSES_EN: dict[str, str] = {
    "301": "wages and benefits", "302": "goods and services", "303": "subsidies to individuals and households",
    "307": "debt interest and fees", "309": "capital expenditure (capital construction)",
    "310": "capital expenditure", "311": "subsidies to enterprises (capital construction)",
    "312": "subsidies to enterprises", "313": "subsidies to social security funds", "399": "other expenditure",
}

@dataclass(frozen=True)
class Change:
    """One figure in two years, with what a sentence says about it."""

    previous: Decimal | None
    current: Decimal | None

    @property
    def change(self) -> Decimal:
        return (self.current or Decimal(0)) - (self.previous or Decimal(0))

    @property
    def kind(self) -> str:
        """``equal``, ``new`` (from zero or nothing), ``up`` or ``down``."""
        if self.change == 0:
            return "equal"
        if not self.previous:
            return "new" if self.change > 0 else "down"
        return "up" if self.change > 0 else "down"

    @property
    def percent_text(self) -> str | None:
        """The percentage as printed (no sign), or ``None`` when there is none (from zero)."""
        if not self.previous or self.change == 0:
            return None
        if not self.current:
            return "100"
        return display_percent(self.change, self.previous)


def _percent_zh(text: str) -> str:
    return "不足0.01%" if text == "<0.01" else f"{text}%"


def _percent_en(text: str) -> str:
    return "less than 0.01%" if text == "<0.01" else f"{text}%"


def change_zh(figure: Change) -> str:
    """The comparison clause of a Chinese sentence: 比上年增加129.41万元，增长9.02%.

    >>> change_zh(Change(Decimal("0.40"), Decimal("0")))
    '比上年减少0.40万元，下降100%'
    >>> change_zh(Change(Decimal("0"), Decimal("50")))
    '比上年新增50.00万元'
    """
    kind, amount, percent = figure.kind, display_amount(abs(figure.change)), figure.percent_text
    if kind == "equal":
        return "与上年持平"
    if kind == "new":
        return f"比上年新增{amount}万元"
    verb, rate = ("增加", "增长") if kind == "up" else ("减少", "下降")
    tail = f"，{rate}{_percent_zh(percent)}" if percent else ""
    return f"比上年{verb}{amount}万元{tail}"


def change_en(figure: Change) -> str:
    """The comparison clause of an English sentence: an increase of 129.41万元, 9.02%, …

    >>> change_en(Change(Decimal("1434.81"), Decimal("1564.22")))
    'an increase of 129.41万元, 9.02%, on the previous year'
    """
    if figure.kind == "equal":
        return "unchanged from the previous year"
    if figure.kind == "new":
        return f"{_movement_en(figure)}, none the previous year"
    return f"{_movement_en(figure)}, on the previous year"


def _movement_en(figure: Change) -> str:
    amount, percent = display_amount(abs(figure.change)), figure.percent_text
    if figure.kind == "new":
        return f"new this year, {amount}万元"
    noun = "an increase" if figure.kind == "up" else "a decrease"
    rate = f", {_percent_en(percent)}" if percent else ""
    return f"{noun} of {amount}万元{rate}"


def sentence_zh(year: int, label: str, figure: Change) -> str:
    """2023年本部门收入预算1,564.22万元，比上年增加129.41万元，增长9.02%。"""
    return f"{year}年本部门{label}{display_amount(figure.current or Decimal(0))}万元，{change_zh(figure)}。"


def sentence_en(year: int, label: str, figure: Change) -> str:
    """In 2023 the department's income budget is 1,564.22万元, an increase of …"""
    return (f"In {year} the department's {label} is {display_amount(figure.current or Decimal(0))}万元, "
            f"{change_en(figure)}.")


def _changes(figures: pd.DataFrame) -> list[tuple[str, str, Change]]:
    return [(r["key"], r["name"], Change(decimal_or_none(r["previous_amount"]), decimal_or_none(r["current_amount"])))
            for _, r in figures.iterrows()]


def _by_importance(items: list[tuple[str, str, Change]]) -> list[tuple[str, str, Change]]:
    """Largest change first, then largest amount; rows zero in both years are left out."""
    kept = [i for i in items if i[2].previous or i[2].current]
    return sorted(kept, key=lambda i: (-abs(i[2].change), -abs(i[2].current or Decimal(0))))


def _label(key: str, name: str, lang: str, names_en: dict[str, str] | None = None, phase: str = "budget") -> str:
    if key in figures.FIGURES:
        return figures.FIGURES[key].name(lang, phase)
    if lang == "zh":
        return name
    english = (names_en or {}).get(key)
    return f"{english} ({name})" if english else name


def _function_label_en(names: dict[str, str]) -> dict[str, str]:
    return {code: f"expenditure on {name}" for code, name in names.items()}


def _largest(items: list[tuple[str, str, Change]], breakdown: bool, lang: str) -> str | None:
    """The closing paragraph: the largest changes, or, when a breakdown was compared and
    nothing in it moved, that every item is unchanged; ``None`` when there is nothing to
    say (no breakdown compared: that is a gap, see :func:`gaps`, never "no change")."""
    moved = [i for i in _by_importance(items) if i[2].change != 0][:LARGEST]
    if not moved:
        if not breakdown:
            return None
        return "各项支出均与上年持平。" if lang == "zh" else "Nothing changed from the previous year."
    if lang == "zh":
        parts = [f"{n}{change_zh(c).removeprefix('比上年')}" for _, n, c in moved]
        return f"变化最大的{len(parts)}项：" + "；".join(parts) + "。"
    parts = [f"{n}, {_movement_en(c) if c.kind != 'equal' else change_en(c)}" for _, n, c in moved]
    return "Largest changes: " + "; ".join(parts) + "."


@dataclass(frozen=True)
class Sentence:
    """One sentence of a narrative and the figure it speaks of.

    ``key`` is a figure id of :mod:`budgetkit.catalogue.figures`, or a classification
    code (``classification`` then says which); ``""`` for the closing paragraph.
    ``basis`` is ``narrative`` when the previous year comes from the document's own
    情况说明, else ``document``.
    """

    text: str
    key: str = ""
    classification: str = ""
    basis: str = "document"


#: What a gap is about → its words (zh, en).
_GAP_SUBJECTS = {
    "function": ("按功能分类的各类支出", "expenditure by function class"),
    "economic": ("按经济分类的支出", "expenditure by economic class"),
}


def _gap_text(name_zh: str, name_en: str, lang: str) -> str:
    if lang == "zh":
        return f"{name_zh}：没有两个年度都有的数字，未作比较。"
    return f"{name_en[:1].upper()}{name_en[1:]}: not available for both years, not compared."


@dataclass
class _Story:
    sentences: list[Sentence]
    gaps: list[str]
    warnings: list[str]


def _basis(frame: pd.DataFrame, key: str) -> str:
    rows = frame[frame["key"] == key] if len(frame) else frame
    if len(rows) and rows["basis"].iloc[0] == "narrative":
        return "narrative"
    return "document"


def _fiscal_figure(yoy: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """财政拨款收入 in both years, unless it repeats the income total in both years."""
    fiscal = headline(yoy, "fiscal")
    if fiscal is None:
        return totals.iloc[0:0]
    income = totals[totals["key"] == "income"]
    if len(income) and (income["previous_amount"].iloc[0], income["current_amount"].iloc[0]) == (
            fiscal["previous_amount"], fiscal["current_amount"]):
        return totals.iloc[0:0]
    return pd.DataFrame([fiscal])


def _story(yoy: pd.DataFrame, lang: str) -> _Story:
    if lang not in LANGUAGES:
        raise BudgetkitError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    story = _Story([], [], [])
    if is_execution(yoy):
        return _execution_story(yoy, lang)
    if yoy.empty:
        return story
    year = int(yoy["current_year"].iloc[0])
    years = f"{int(yoy['previous_year'].iloc[0])}, {year}"
    phase = str(yoy["phase"].iloc[0]) if "phase" in yoy else "budget"  # a 决算 speaks of 收入决算
    totals = headlines(yoy)
    for subject in TOTALS:
        if subject not in set(totals["key"]):
            story.warnings.append(f"the {subject} total is not stated in both years ({years}): no sentence about it")
            f = figures.FIGURES[subject]
            story.gaps.append(_gap_text(f.heading("zh"), f.heading("en"), lang))
    function_frame, economic_frame = function_classes(yoy), economic_groups(yoy)
    classes = _by_importance(_changes(function_frame))
    groups = _by_importance(_changes(economic_frame))
    for what, found, mask in (("function", classes, yoy["classification"] == "function"),
                              ("economic", groups, yoy["classification"] == "economic")):
        if not found:
            story.gaps.append(_gap_text(*_GAP_SUBJECTS[what], lang))
            if (mask.fillna(False) & (yoy["level"] == 1).fillna(False)).any():
                story.warnings.append(f"the {what} 类 are not read in both years ({years}): no sentences about them")

    def add(frame: pd.DataFrame, items, classification: str = "", names_en=None) -> None:
        write = sentence_zh if lang == "zh" else sentence_en
        for k, n, c in items:
            story.sentences.append(Sentence(write(year, _label(k, n, lang, names_en, phase), c), k, classification,
                                            _basis(frame, k)))

    add(totals, _changes(totals))
    fiscal = _fiscal_figure(yoy, totals)
    add(fiscal, _changes(fiscal))
    add(function_frame, classes, "function", _function_label_en(FUNCTION_CLASSES_EN))
    split = basic_project(yoy)
    add(split, _by_importance(_changes(split)))
    add(economic_frame, groups, "economic", ECONOMIC_CLASSES_EN)
    part_frame = three_public_parts(yoy)
    parts = _changes(part_frame)
    one_sided = [n for _, n, c in parts if c.previous is None or c.current is None]
    if one_sided:
        story.warnings.append(f"{'、'.join(one_sided)}: read in one year only; no sentence about them")
        for k, _, c in parts:
            if c.previous is None or c.current is None:
                f = figures.FIGURES[k]
                story.gaps.append(_gap_text(f.zh, f.en, lang))
    parts = [p for p in parts if p[2].previous is not None and p[2].current is not None]
    add(part_frame, parts)
    headline_parts = [(k, _label(k, n, "zh"), c) for k, n, c in parts if k in _RANKED_PARTS]
    closing = _largest(classes + groups + headline_parts, bool(classes or groups), lang)
    if closing:
        story.sentences.append(Sentence(closing))
    return story


def sentences(yoy: pd.DataFrame, lang: str = "zh") -> list[Sentence]:
    """The sentences of :func:`narrate`, each with the figure it speaks of; no warning is issued."""
    return _story(yoy, lang).sentences


def gaps(yoy: pd.DataFrame, lang: str = "zh") -> list[str]:
    """What the comparison cannot speak of, said plainly: one sentence per missing figure or breakdown.

    Where :func:`narrate` warns and stays silent, a report says these: data that is not
    there is missing, never "unchanged".
    """
    return _story(yoy, lang).gaps


def narrate(yoy: pd.DataFrame, lang: str = "zh") -> list[str]:
    """The sentences of a year-over-year comparison, most important first (or, given the frame
    of :func:`budgetkit.execution`, the sentences of a 决算's execution: see below).

    In order: the income and expenditure totals; each function 类 (largest change
    first); basic and project expenditure; the economic groups; the “三公”经费, each of
    its parts and 机关运行经费; and last a short paragraph naming the (up to three)
    largest changes among the 类, the economic groups, the “三公”经费 and 机关运行经费.
    Rows that are zero in both years are left out, except the “三公”经费 and its parts,
    which a budget office always reports. What is read in one year only (a total, a
    breakdown, a “三公” part) gets a :class:`UserWarning` instead of a sentence: it did
    not fall to zero or rise from nothing, it was not read.

    Given the execution frame of :func:`budgetkit.execution`, the sentences a 决算's
    情况说明 writes of it: "2024年度一般公共预算财政拨款支出决算1,427.00万元，完成年初预算的99.37%。"
    for the totals, each function 类 (the 项 where only they have a plan), basic and project
    expenditure, the economic 类 and the “三公”经费 with each part, each figure whose plan is
    printed; the basis (年初预算, 调整预算, 全年预算) as the frame names it. A figure without a
    plan gets no sentence (:func:`gaps` names it), a plan of zero no percentage.

    Parameters
    ----------
    yoy
        The frame of :func:`budgetkit.compare` (or of :func:`budgetkit.execution`).
    lang
        ``"zh"`` or ``"en"`` (amounts stay in 万元 in both).

    Examples
    --------
    >>> narrate(budgetkit.compare(previous, current))[0]  # doctest: +SKIP
    '2023年本部门收入预算1,564.22万元，比上年增加129.41万元，增长9.02%。'
    """
    story = _story(yoy, lang)
    for message in story.warnings:
        warnings.warn(message, UserWarning, stacklevel=2)
    return [s.text for s in story.sentences]


# ---------------------------------------------------------------------------
# Execution: a 决算 against its plan.
# ---------------------------------------------------------------------------

#: English names of the plans a 决算 is measured against.
BASES_EN = {"年初预算": "the initial budget", "调整预算": "the adjusted budget", "全年预算": "the full-year budget"}
#: How a 决算's sentence names its totals.
_EXECUTION_LABELS = {
    "general_public_expenditure": ("一般公共预算财政拨款支出", "general public budget appropriation expenditure"),
    "current_income": ("本年收入", "income of the year"),
    "current_expenditure": ("本年支出", "expenditure of the year"),
}
_EXECUTION_COLUMNS = frozenset({"section", "final_amount", "budget_amount", "rate", "basis"})


def is_execution(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is the execution frame of :func:`budgetkit.execution`."""
    return isinstance(frame, pd.DataFrame) and set(frame.columns) >= _EXECUTION_COLUMNS


def execution_zh(year: int, label: str, final: Decimal | None, budget: Decimal | None, rate: Decimal | None,
                 basis: str) -> str:
    """2024年度一般公共预算财政拨款支出决算1,427.00万元，完成年初预算的99.37%。

    >>> execution_zh(2024, "“三公”经费", Decimal("7.86"), Decimal("12"), Decimal("65.50"), "年初预算")
    '2024年度“三公”经费决算7.86万元，完成年初预算的65.50%。'
    >>> execution_zh(2024, "公务用车购置费", Decimal("0"), Decimal("0"), None, "年初预算")
    '2024年度公务用车购置费决算0.00万元，年初预算为0.00万元。'
    >>> execution_zh(2024, "公务接待费", None, Decimal("0.95"), None, "年初预算")
    '2024年度公务接待费年初预算为0.95万元，决算数未列示。'
    """
    if final is None:
        return f"{year}年度{label}{basis}为{display_amount(budget)}万元，决算数未列示。"
    head = f"{year}年度{label}决算{display_amount(final)}万元"
    if rate is None:
        return f"{head}，{basis}为{display_amount(budget)}万元。"
    return f"{head}，完成{basis}的{rate.quantize(CENT)}%。"


def execution_en(year: int, label: str, final: Decimal | None, budget: Decimal | None, rate: Decimal | None,
                 basis: str) -> str:
    """In 2024 general public budget appropriation expenditure was 1,427.00万元 in the final
    accounts, 99.37% of the initial budget.

    >>> execution_en(2024, "reception", Decimal("2.5"), Decimal("3"), Decimal("83.33"), "年初预算")
    'In 2024 reception was 2.50万元 in the final accounts, 83.33% of the initial budget.'
    """
    base = BASES_EN.get(basis, basis)
    if final is None:
        return f"In {year} {label} had {base} of {display_amount(budget)}万元; the final figure is not stated."
    head = f"In {year} {label} was {display_amount(final)}万元 in the final accounts"
    if rate is None:
        return f"{head}, against {base} of {display_amount(budget)}万元."
    return f"{head}, {rate.quantize(CENT)}% of {base}."


def _execution_label(row: dict, lang: str) -> str:
    item, code = row["item"], row["code"]
    if item in _EXECUTION_LABELS:
        return _EXECUTION_LABELS[item][0 if lang == "zh" else 1]
    if item in figures.FIGURES:
        return figures.FIGURES[item].name(lang)
    function = row["classification"] == "function"
    names = _function_label_en(FUNCTION_CLASSES_EN) if function else ECONOMIC_CLASSES_EN
    if lang == "zh":
        return f"{row['name']}（{'类' if row['level'] == 1 else '款' if row['level'] == 2 else '项'}）" \
            if function else row["name"]
    english = names.get(code) if row["level"] == 1 else None
    return f"{english} ({row['name']})" if english else f"{row['name']} ({code})"


def _execution_rows(frame: pd.DataFrame) -> list[dict]:
    """The rows a 决算's sentences speak of, in the frame's order: the function rows of the
    highest level that has a plan (类 where a plan is printed for them, else 款, else 项)."""
    rows = [{k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in r.items()}
            for r in frame.to_dict("records")]
    planned = [r for r in rows if r["budget_amount"] is not None]
    levels = [r["level"] for r in planned if r["section"] == "function"]
    top = min(levels) if levels else None
    return [r for r in planned if r["section"] != "function" or r["level"] == top]


def _execution_story(frame: pd.DataFrame, lang: str) -> _Story:
    story = _Story([], [], [])
    if frame.empty:
        return story
    write = execution_zh if lang == "zh" else execution_en
    year = int(frame["year"].iloc[0])
    for row in _execution_rows(frame):
        text = write(year, _execution_label(row, lang), row["final_amount"], row["budget_amount"], row["rate"],
                     row["basis"])
        story.sentences.append(Sentence(text, row["code"] or row["item"], row["classification"],
                                        "narrative" if row["source"] == "narrative" else "document"))
    unplanned = frame[frame["budget_amount"].isna() & frame["section"].ne("function")]
    if len(unplanned):
        names = [_execution_label(r, lang) for r in unplanned.to_dict("records")]
        story.gaps.append(f"未列示预算数，未计算执行率：{'、'.join(names)}。" if lang == "zh" else
                          f"No budget figure is stated for {', '.join(names)}: no execution rate.")
    if not frame["section"].eq("function").any() or frame.loc[frame["section"] == "function",
                                                               "budget_amount"].isna().all():
        story.gaps.append("按功能分类的各类支出：未列示预算数，未计算执行率。" if lang == "zh" else
                          "Expenditure by function class: no budget figure is stated, no execution rate.")
    return story
