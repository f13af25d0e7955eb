"""budgetkit: Chinese government budget disclosures as tidy, audited pandas frames.

>>> import budgetkit
>>> doc = budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt")  # doctest: +SKIP
>>> doc.lines.head()  # doctest: +SKIP
"""

from .check import Audit, check
from .claims import claims
from .document import BudgetDocument, read
from .errors import BudgetkitError, NotADisclosureError, SchemaError, SourceError
from .schema import COLUMNS, read_lines, validate

__all__ = [
    "COLUMNS",
    "Audit",
    "BudgetDocument",
    "BudgetkitError",
    "NotADisclosureError",
    "SchemaError",
    "SourceError",
    "check",
    "claims",
    "read",
    "read_lines",
    "validate",
]
__version__ = "0.1.0"
