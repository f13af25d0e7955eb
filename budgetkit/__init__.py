"""budgetkit: Chinese government budget disclosures as tidy, audited pandas frames.

>>> import budgetkit
>>> doc = budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt")  # doctest: +SKIP
>>> doc.lines.head()  # doctest: +SKIP
"""

from .check import Audit, check
from .claims import claims
from .compare import NarrativeYear, compare, execution, growth, previous_from_narrative
from .document import BudgetDocument, read
from .errors import (
    BudgetkitError,
    ComparisonError,
    EmptyFileError,
    EncryptedPdfError,
    EngineUnavailableError,
    FontError,
    NotADisclosureError,
    NotAPdfError,
    ReportError,
    ScannedPdfError,
    SchemaError,
    SourceError,
    TruncatedPdfError,
)
from .locate import annotate, locate
from .narrative import narrate
from .schema import COLUMNS, read_lines, validate

__all__ = [
    "COLUMNS",
    "Audit",
    "BudgetDocument",
    "BudgetkitError",
    "ComparisonError",
    "EmptyFileError",
    "EncryptedPdfError",
    "EngineUnavailableError",
    "FontError",
    "NarrativeYear",
    "NotADisclosureError",
    "NotAPdfError",
    "ReportError",
    "ScannedPdfError",
    "SchemaError",
    "SourceError",
    "TruncatedPdfError",
    "annotate",
    "charts",
    "check",
    "claims",
    "compare",
    "execution",
    "growth",
    "locate",
    "narrate",
    "previous_from_narrative",
    "read",
    "read_lines",
    "validate",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    # budgetkit.charts imports matplotlib: loaded on first use, not with the package.
    if name == "charts":
        import importlib

        return importlib.import_module(".charts", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
