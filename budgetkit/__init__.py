"""budgetkit: Chinese government budget disclosures as tidy, audited pandas frames.

>>> import budgetkit
>>> doc = budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt")  # doctest: +SKIP
>>> doc.lines.head()  # doctest: +SKIP
"""

from budgetkit._version import __version__
from budgetkit.audit import Audit, check, claims
from budgetkit.audit.locate import annotate, locate
from budgetkit.comparison import NarrativeYear, compare, execution, growth, previous_from_narrative
from budgetkit.dataset import read_lines
from budgetkit.errors import (
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
from budgetkit.narrative import narrate
from budgetkit.tidy import BudgetDocument, read
from budgetkit.tidy.schema import COLUMNS, validate

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
    "__version__",
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


def __getattr__(name: str):
    # budgetkit.charts imports matplotlib: loaded on first use, not with the package.
    if name == "charts":
        import importlib

        return importlib.import_module(".charts", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
