"""Charts: a document or a year-over-year frame in, a matplotlib figure out.

- :mod:`.plots` — one function per chart (composition, 基本/项目, economic groups, “三公”,
  change by class, largest projects, execution), titled in the report's language;
- :mod:`.fonts` — the CJK font, found or fetched once, registered with matplotlib and reportlab.
"""

from budgetkit.charts.plots import (
    basic_project,
    change_by_class,
    composition,
    economic_groups,
    execution,
    largest_projects,
    office_operation,
    three_public,
)

__all__ = ["basic_project", "change_by_class", "composition", "economic_groups", "execution",
           "largest_projects", "office_operation", "three_public"]
