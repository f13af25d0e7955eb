"""Either side of a comparison — a document, its lines, or the year its narrative states — as one
:class:`Side`, and the exact change and percentage between two amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pyarrow as pa_arrow

from budgetkit._format import decimal_or_none
from budgetkit.comparison.previous import NarrativeYear, figures_to_lines
from budgetkit.errors import ComparisonError
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.schema import COLUMNS, QUANTUM

#: Percentages (change, share) as exact decimals with six places.
PERCENT_DTYPE = pd.ArrowDtype(pa_arrow.decimal128(38, 6))


HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Side:
    lines: pd.DataFrame
    year: int
    department: str
    phase: str
    basis: str  # "table" or "narrative"


def side_of(data) -> Side:
    """A document, a frame of tidy lines or a :class:`NarrativeYear` as one side of a comparison."""
    if isinstance(data, BudgetDocument):
        return Side(data.lines, data.year, data.department, data.phase, "table")
    if isinstance(data, NarrativeYear):
        return Side(figures_to_lines(data), data.year, data.department, data.phase, "narrative")
    if isinstance(data, pd.DataFrame):
        missing = [c for c in COLUMNS if c not in data.columns]
        if missing:
            raise ComparisonError(f"not tidy budget lines: the columns {missing} are missing")
        years = sorted(set(data["year"]))
        if len(years) != 1:
            raise ComparisonError(f"tidy lines of one year expected, got years {years or 'none'}")
        departments = sorted(set(data["department"]))
        return Side(data, int(years[0]), departments[0] if departments else "",
                     str(data["phase"].iloc[0]) if len(data) else "budget", "table")
    raise ComparisonError(
        f"cannot compare a {type(data).__name__}: give a BudgetDocument (budgetkit.read), tidy lines "
        "or the narrative-derived previous year (budgetkit.previous_from_narrative)"
    )


def change_percent(change: Decimal, previous: Decimal | None) -> Decimal | None:
    """Percentage change against the previous amount (its absolute value); None from zero."""
    if previous is None or previous == 0:
        return None
    return (change / abs(previous) * HUNDRED).quantize(QUANTUM, rounding=ROUND_HALF_UP)


def decimal_at(row: dict, column: str) -> Decimal | None:
    return decimal_or_none(row.get(column))
