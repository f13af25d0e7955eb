"""Comparison: two documents (or one and the year its narrative states) in, one frame out.

- :mod:`.join` — :func:`compare`: the year-over-year frame, one row per line of either year;
- :mod:`.previous` — :func:`previous_from_narrative`: the previous year the 情况说明 states;
- :mod:`.sides` — what either side can be (a document, its lines, a :class:`NarrativeYear`);
- :mod:`.headlines` — the figures picked from a year-over-year frame (totals, classes,
  基本/项目, economic groups, “三公” parts);
- :mod:`.across` — many departments and years: :func:`growth`, :func:`fold_departments`,
  :func:`code_across_years`;
- :mod:`.execution` — :func:`execution`: a 决算 against its 预算.
"""

from budgetkit.comparison.across import code_across_years, fold_departments, growth
from budgetkit.comparison.execution import execution
from budgetkit.comparison.headlines import FUNCTION_TABLES, headlines
from budgetkit.comparison.join import YOY_COLUMNS, compare
from budgetkit.comparison.previous import NarrativeYear, previous_from_narrative

__all__ = ["FUNCTION_TABLES", "YOY_COLUMNS", "NarrativeYear", "code_across_years", "compare", "execution",
           "fold_departments", "growth", "headlines", "previous_from_narrative"]
