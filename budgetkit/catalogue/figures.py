"""The figures a disclosure is summed up by, and where each one is printed.

A *figure* is one number a reader looks for — 收入总计, 基本支出, the “三公”经费 and each of
its parts, 机关运行经费, 政府采购 … — whatever table holds it. Each has an id (a claim of the
情况说明 naming it has it as ``subject``), its Chinese and English names and the *places*
it can be read, in order of preference: a place is a cell of the tidy lines (table kind,
side, item or code, measure). Every stage takes these facts from here:

* the audit checks each figure the 情况说明 states against all its places (``check``);
* ``compare`` picks the totals, basic / project and the “三公” rows of a year-over-year
  frame from the places holding the figure itself, and records a narrative-derived
  previous year at the first;
* the report shows the :data:`HEADLINE` figures; it, the narratives and the charts name
  figures by :meth:`Figure.name` / :meth:`Figure.heading`;
* ``evaluate`` checks that the tables stating a year's income and expenditure agree;
* ``docs/schema.md`` lists the measures, items, kinds and figures as :func:`schema_lists`
  renders them.

A new figure, or a new table where one is printed, is one edit of :data:`FIGURES`.

>>> FIGURES["vehicle"].parts
('vehicle_purchase', 'vehicle_operation')
>>> [p.table for p in FIGURES["basic"].places][:3]
['expenditure', 'basic_by_unit', 'general_function']
>>> FIGURES["three_public"].name("en")
'“three public” expenses (“三公”经费)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = ["FIGURES", "HEADLINE", "PARTS", "THREE_PUBLIC_TABLE", "Figure", "Place", "figure", "places_of",
           "recorded_at", "schema_lists", "schema_markdown"]


@dataclass(frozen=True)
class Place:
    """One cell of the tidy lines where a figure is printed (department level: ``unit`` empty).

    Parameters
    ----------
    table
        Table kind id (:mod:`budgetkit.catalogue.kinds`).
    item
        Item of the uncoded row (:data:`budgetkit.catalogue.vocabulary.ITEMS`); ``""``
        for a coded row.
    measures
        The column's measure, then the ones read where a table prints no such column
        (a “三公” table with only a 一般公共预算 column), in that order.
    side
        ``income`` / ``expenditure`` in a two-sided table, else ``""``.
    code
        Classification code of a coded row; ``""`` for a named row.
    narrower
        The place holds a narrower figure (the 一般公共预算 or 财政拨款 part only) that
        equals this one where the department has no other funds: the audit matches a
        claim of the 情况说明 against it, nothing shows it as this figure.
    """

    table: str
    item: str = "total"
    measures: tuple[str, ...] = ("total",)
    side: str = ""
    code: str = ""
    narrower: bool = False

    @property
    def where(self) -> dict[str, str]:
        """Column → value of the cell's row, measure aside (``unit`` empty: the department's)."""
        return {"side": self.side, "item": self.item, "code": self.code, "unit": ""}

    def matches(self, frame, measure: str):
        """Boolean mask of the rows of ``frame`` (tidy lines or a year-over-year frame) in this
        place's row and the column ``measure``."""
        mask = frame["measure"] == measure
        for column, value in (("table", self.table), *self.where.items()):
            mask &= frame[column] == value
        return mask


@dataclass(frozen=True)
class Figure:
    """One figure: its names and the places it is printed, in order of preference.

    Parameters
    ----------
    id
        Canonical id; also the ``subject`` of a claim of the 情况说明 naming it.
    zh, en
        Its name in a sentence: 收入预算 / income budget.
    places
        Where it is read, best first; the places marked :attr:`Place.narrower` last.
    parts
        Ids of the figures it is the sum of (“三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 +
        公务接待费).
    states
        Ids of figures it states at once (收、支预算总计各…: income and expenditure).
    headline
        A figure a disclosure is summed up by (the report's first table, the batch index).
    heading_zh, heading_en
        Its name heading a row of figures, where that is not :attr:`zh` / :attr:`en`
        capitalised (收入总计 / Total income).
    """

    id: str
    zh: str
    en: str
    places: tuple[Place, ...] = ()
    parts: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    headline: bool = False
    heading_zh: str = ""
    heading_en: str = ""

    @property
    def exact(self) -> tuple[Place, ...]:
        """The places that hold this very figure (not a narrower one)."""
        return tuple(p for p in self.places if not p.narrower)

    def name(self, lang: str = "zh", phase: str = "budget") -> str:
        """Its name in a sentence of ``lang`` (``zh`` or ``en``) about a document of ``phase``:
        a 决算 speaks of its 收入决算, not its 收入预算.

        >>> FIGURES["income"].name(), FIGURES["income"].name("zh", "final"), FIGURES["income"].name("en", "final")
        ('收入预算', '收入决算', 'final income')
        >>> FIGURES["general_public_expenditure"].name("zh", "final")  # 一般公共预算 names a fund, not the plan
        '一般公共预算拨款支出决算'
        >>> FIGURES["income_expenditure_total"].name("en", "final")
        'final income and expenditure totals'
        """
        name = self.zh if lang == "zh" else self.en
        if phase != "final":
            return name
        if lang == "zh":
            return _PLAN_ZH.sub("决算", name)
        final = _PLAN_EN.sub("", name)
        return name if final == name else f"final {final}"

    def heading(self, lang: str = "zh") -> str:
        """Its name heading a row of a table of figures."""
        if lang == "zh":
            return self.heading_zh or self.zh
        return self.heading_en or self.en[:1].upper() + self.en[1:]


# 预算 as the plan, not as part of a fund's name (一般公共预算, 政府性基金预算, 国有资本经营预算).
_PLAN_ZH = re.compile(r"(?<!一般公共)(?<!资本经营)(?<!基金)预算")
_PLAN_EN = re.compile(r"(?<!general public) budget\b")


def _narrower(*places: Place) -> tuple[Place, ...]:
    """The same places, marked as holding the 一般公共预算 (or 财政拨款) part only."""
    return tuple(replace(p, narrower=True) for p in places)


def _three_public_row(item: str) -> Place:
    """A row of the “三公” table: its 合计 column, else its 一般公共预算 or 财政拨款 column."""
    return Place("three_public", item, ("total", "general_public", "fiscal"))


_INCOME, _EXPENDITURE = "income", "expenditure"

_FIGURES: tuple[Figure, ...] = (
    Figure("income", "收入预算", "income budget", headline=True, heading_zh="收入总计", heading_en="Total income",
           places=(Place("overall", "income_total", side=_INCOME),
                   Place("overall", "income_subtotal", side=_INCOME),
                   Place("income"), Place("income", "income_total"),
                   Place("overall", "fiscal", side=_INCOME, narrower=True),
                   Place("fiscal_overall", "income_total", side=_INCOME, narrower=True),
                   Place("fiscal_overall", "general_public", side=_INCOME, narrower=True))),
    Figure("expenditure", "支出预算", "expenditure budget", headline=True, heading_zh="支出总计",
           heading_en="Total expenditure",
           places=(Place("overall", "expenditure_total", side=_EXPENDITURE),
                   Place("overall", "expenditure_subtotal", side=_EXPENDITURE),
                   Place("expenditure"), Place("general_function", narrower=True),
                   Place("fiscal_overall", "expenditure_total", side=_EXPENDITURE, narrower=True))),
    Figure("current_income", "本年收入合计", "income of the year",
           places=(Place("overall", "income_subtotal", side=_INCOME),
                   Place("overall", "income_total", side=_INCOME),  # no carry-over printed
                   Place("income"), Place("income", "income_total"))),
    Figure("current_expenditure", "本年支出合计", "expenditure of the year",
           places=(Place("overall", "expenditure_subtotal", side=_EXPENDITURE),
                   Place("overall", "expenditure_total", side=_EXPENDITURE),
                   Place("expenditure"))),
    Figure("income_expenditure_total", "收支预算总计", "income and expenditure budget totals",
           states=("income", "expenditure")),
    # 决算: the 总计 of the 收入支出决算总表 and of the 财政拨款收入支出决算总表 (each side's 总计 row)
    Figure("final_total", "收入支出总计", "income and expenditure totals",
           places=(Place("overall", "total", side=_INCOME), Place("overall", "total", side=_EXPENDITURE),
                   Place("overall", "income_total", side=_INCOME))),
    Figure("fiscal_total", "财政拨款收入支出总计", "appropriations income and expenditure totals",
           places=(Place("fiscal_overall", "total", side=_INCOME), Place("fiscal_overall", "total", side=_EXPENDITURE),
                   Place("fiscal_overall", "income_total", side=_INCOME))),
    Figure("fiscal", "财政拨款收入", "appropriations", headline=True,
           places=(Place("overall", "fiscal", side=_INCOME),
                   Place("fiscal_overall", "income_subtotal", side=_INCOME),
                   Place("fiscal_overall", "income_total", side=_INCOME),
                   Place("fiscal_overall", "fiscal", side=_INCOME))),
    Figure("fiscal_expenditure", "财政拨款支出预算", "appropriations expenditure budget",
           places=(Place("fiscal_overall", "expenditure_subtotal", side=_EXPENDITURE),
                   Place("fiscal_overall", "expenditure_total", side=_EXPENDITURE),
                   Place("fiscal_function"))),
    Figure("general_public_expenditure", "一般公共预算拨款支出预算", "general public budget expenditure",
           places=(Place("general_function"), Place("general_economic"),
                   Place("fiscal_overall", "general_public", side=_INCOME))),
    Figure("gov_fund_expenditure", "政府性基金拨款支出预算", "government fund expenditure",
           places=(Place("gov_fund"), Place("fiscal_overall", "gov_fund", side=_INCOME))),
    Figure("state_capital_expenditure", "国有资本经营预算拨款支出预算", "state capital operation expenditure",
           places=(Place("state_capital"), Place("fiscal_overall", "state_capital", side=_INCOME))),
    Figure("basic", "基本支出", "basic expenditure", headline=True,
           places=(Place("expenditure", measures=("basic",)), Place("basic_by_unit"),
                   *_narrower(Place("general_function", measures=("basic",)),
                              Place("general_economic", measures=("basic",)),
                              Place("general_basic_function"), Place("general_basic_economic"),
                              Place("fiscal_basic_economic")))),
    Figure("project", "项目支出", "project expenditure", headline=True,
           places=(Place("expenditure", measures=("project",)),
                   *_narrower(Place("general_function", measures=("project",)),
                              Place("general_economic", measures=("project",)), Place("general_project_economic")))),
    Figure("three_public", "“三公”经费", "“three public” expenses (“三公”经费)", headline=True,
           heading_en="“Three public” costs", places=(_three_public_row("three_public"),),
           parts=("overseas_travel", "vehicle", "reception")),
    Figure("overseas_travel", "因公出国（境）费", "official overseas travel",
           places=(_three_public_row("overseas_travel"),)),
    Figure("vehicle", "公务用车购置及运行费", "official vehicle purchase and operation",
           places=(_three_public_row("vehicle"),), parts=("vehicle_purchase", "vehicle_operation")),
    Figure("vehicle_purchase", "公务用车购置费", "official vehicle purchase",
           places=(_three_public_row("vehicle_purchase"),)),
    Figure("vehicle_operation", "公务用车运行维护费", "official vehicle operation and maintenance",
           places=(_three_public_row("vehicle_operation"),)),
    Figure("reception", "公务接待费", "official reception", places=(_three_public_row("reception"),)),
    Figure("meeting", "会议费", "meetings", places=(_three_public_row("meeting"),)),
    Figure("training", "培训费", "training", places=(_three_public_row("training"),)),
    Figure("office_operation", "机关运行经费", "office operation (机关运行经费)",
           places=(_three_public_row("office_operation"), Place("office_operation"))),
    Figure("procurement", "政府采购预算", "government procurement budget",
           places=(Place("procurement"),
                   # the part a 情况说明 may speak of: what the appropriations buy
                   Place("procurement", measures=("fiscal",), narrower=True),
                   Place("procurement", measures=("general_public",), narrower=True)),
           parts=("procurement_goods", "procurement_works", "procurement_services")),
    Figure("procurement_goods", "货物类采购预算", "procurement of goods"),
    Figure("procurement_works", "工程类采购预算", "procurement of works"),
    Figure("procurement_services", "服务类采购预算", "procurement of services"),
)

#: Every figure by id, in the order a budget office reports them.
FIGURES: dict[str, Figure] = {f.id: f for f in _FIGURES}

#: The figures a disclosure is summed up by, in order.
HEADLINE: tuple[str, ...] = tuple(f.id for f in _FIGURES if f.headline)

#: Each figure that is a sum → the figures it is the sum of.
PARTS: dict[str, tuple[str, ...]] = {f.id: f.parts for f in _FIGURES if f.parts}

#: The rows of the “三公” table, in the order a budget office reports them: the “三公”经费,
#: each part, 会议费, 培训费 and 机关运行经费.
THREE_PUBLIC_TABLE: tuple[str, ...] = tuple(
    f.id for f in _FIGURES if f.places and f.places[0].table == "three_public")


def figure(figure_id: str) -> Figure:
    """The figure ``figure_id``; ``KeyError`` naming the known ids when there is none."""
    try:
        return FIGURES[figure_id]
    except KeyError:
        raise KeyError(f"no figure {figure_id!r}; known: {', '.join(FIGURES)}") from None


def places_of(figure_id: str, *, narrower: bool = True) -> tuple[Place, ...]:
    """Where a figure is read, best first; a figure stating others at once: the first place of each.

    ``narrower=False`` leaves out the places holding a narrower figure (what a report or a
    sentence shows as the figure is the figure itself); ``()`` for an unknown id.

    >>> [(p.table, p.item) for p in places_of("income_expenditure_total")]
    [('overall', 'income_total'), ('overall', 'expenditure_total')]
    >>> [p.table for p in places_of("expenditure", narrower=False)]
    ['overall', 'overall', 'expenditure']
    """
    f = FIGURES.get(figure_id)
    if f is None:
        return ()
    if f.states:
        return tuple(FIGURES[s].places[0] for s in f.states if FIGURES[s].places)
    return f.places if narrower else f.exact


def recorded_at(figure_id: str) -> tuple[Place, ...]:
    """Where a figure stated in prose is recorded as a line: its first place (each of them,
    for a figure stating several at once); ``()`` for a figure printed in no table.

    >>> [(p.table, p.item, p.measures) for p in recorded_at("basic")]
    [('expenditure', 'total', ('basic',))]
    """
    f = FIGURES.get(figure_id)
    if f is None:
        return ()
    return places_of(figure_id) if f.states else f.places[:1]


# -- the catalogue as docs/schema.md lists it ----------------------------------------------

def _bullets(entries) -> str:
    return "\n".join(f"- `{key}` — {text}" for key, text in entries)


def _place_text(place: Place) -> str:
    row = f"`{place.code}`" if place.code else f"`{place.item}`"
    side = f" ({place.side})" if place.side else ""
    narrower = " (narrower)" if place.narrower else ""
    return f"`{place.table}`{side} {row} × `{'` / `'.join(place.measures)}`{narrower}"


def schema_lists() -> dict[str, str]:
    """The catalogue's lists as ``docs/schema.md`` prints them, by section name.

    ``measures`` and ``items`` from :mod:`~budgetkit.catalogue.vocabulary`, ``kinds`` from
    the registry of :mod:`~budgetkit.catalogue.kinds`, ``figures`` from :data:`FIGURES`;
    each a Markdown bullet list, one entry per id.
    """
    from budgetkit.catalogue import kinds, vocabulary

    kind_entries = [(k.id, f"{k.title}" + (f" / {k.final_title}" if k.final_title else "")
                     + f" ({k.en}): {k.description}") for k in kinds.REGISTRY]
    kind_entries.append((kinds.OTHER, "a table no kind matches, kept with a warning"))
    figure_entries = []
    for f in _FIGURES:
        text = f"{f.zh} / {f.en}"
        if f.parts:
            text += " = " + " + ".join(f"`{p}`" for p in f.parts)
        if f.states:
            text += ": states " + " and ".join(f"`{s}`" for s in f.states) + " at once"
        elif f.places:
            text += ": " + "; ".join(_place_text(p) for p in f.places)
        figure_entries.append((f.id, text))
    return {
        "measures": _bullets(vocabulary.MEASURES.items()),
        "items": _bullets(vocabulary.ITEMS.items()),
        "kinds": _bullets(kind_entries),
        "figures": _bullets(figure_entries),
    }


_BLOCK = re.compile(r"(<!-- generated from the catalogue: (\w+) -->\n)(?:.*?\n)?(<!-- end of \2 -->)", re.S)


def schema_markdown(text: str) -> str:
    """``text`` (docs/schema.md) with each generated list replaced by :func:`schema_lists`.

    A list is the text between ``<!-- generated from the catalogue: NAME -->`` and
    ``<!-- end of NAME -->``; the prose around it is left as written. To bring the page
    up to date: ``path.write_text(schema_markdown(path.read_text()))``.
    """
    lists = schema_lists()

    def fill(m: re.Match) -> str:
        if m.group(2) not in lists:
            raise KeyError(f"docs/schema.md names an unknown catalogue list {m.group(2)!r}; known: {', '.join(lists)}")
        return m.group(1) + lists[m.group(2)] + "\n" + m.group(3)

    return _BLOCK.sub(fill, text)
