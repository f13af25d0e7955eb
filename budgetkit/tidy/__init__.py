"""Tidy: raw fragments in, one :class:`BudgetDocument` of schema-valid budget lines out.

- :mod:`.document` — :func:`read`: files grouped into disclosures, identity (department,
  year, phase, level) from the first pages, every table tidied;
- :mod:`.fragments` — a printed table joined from its fragments, and what reading it gave;
- :mod:`.headers` — its header read into columns (measure, side, role) by words and content;
- :mod:`.rows` — its rows read into lines by the table's layout (coded, two-sided, items,
  units, project list …);
- :mod:`.levels` — project lists printed at several levels; :mod:`.units` — lines
  attributed to the 资金使用单位 they belong to;
- :mod:`.schema` — the one schema of a budget line (:data:`COLUMNS`), its validation.
"""

from budgetkit.tidy.document import BudgetDocument, read
from budgetkit.tidy.schema import COLUMNS, validate

__all__ = ["COLUMNS", "BudgetDocument", "read", "validate"]
