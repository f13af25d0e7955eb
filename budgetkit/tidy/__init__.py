"""Tidy: raw fragments in, one :class:`BudgetDocument` of schema-valid budget lines out.

- :mod:`.document` — :func:`read`: files grouped into disclosures, identity (department,
  year, phase, level) from the first pages, every table tidied;
- :mod:`.rows` — one table's header analysed and its rows read into lines, by the table's
  layout (coded, two-sided, project list …), with units attributed to blocks;
- :mod:`.schema` — the one schema of a budget line (:data:`COLUMNS`), its validation.
"""

from budgetkit.tidy.document import BudgetDocument, read
from budgetkit.tidy.schema import COLUMNS, validate

__all__ = ["COLUMNS", "BudgetDocument", "read", "validate"]
