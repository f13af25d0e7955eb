"""Comparison: two documents (or one and the year its narrative states) in, one frame out.

- :mod:`.years` — :func:`compare`, the year-over-year frame; :func:`previous_from_narrative`;
  the figures picked from it (headlines, classes, economic groups); across departments
  and years (:func:`growth`, :func:`fold_departments`); :func:`execution`, a 决算 against
  its 预算.
"""

from budgetkit.comparison.years import (
    NarrativeYear,
    code_across_years,
    compare,
    execution,
    fold_departments,
    growth,
    previous_from_narrative,
)

__all__ = ["NarrativeYear", "code_across_years", "compare", "execution", "fold_departments", "growth",
           "previous_from_narrative"]
