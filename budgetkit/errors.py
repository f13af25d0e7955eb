"""The one exception family of budgetkit.

Every error the library raises on purpose derives from :class:`BudgetkitError`, so a
caller (the CLI, a batch runner, a notebook) can catch bad input with one ``except``
clause and show its message, which always says what went wrong and what to do.
"""

from __future__ import annotations


class BudgetkitError(Exception):
    """Base class of every error budgetkit raises on purpose."""


class SourceError(BudgetkitError):
    """An input file is missing, empty, unreadable or of an unsupported kind."""


class NotADisclosureError(BudgetkitError):
    """The input reads, but it is not a Chinese government budget disclosure."""


class SchemaError(BudgetkitError):
    """A frame does not follow the tidy budget-line schema."""


class ComparisonError(BudgetkitError):
    """Two inputs cannot be compared year over year (wrong kind, wrong order, same year)."""


class FontError(BudgetkitError):
    """The CJK font that charts need is not installed."""


class ReportError(BudgetkitError):
    """A report could not be made: the notebook failed, or its parameters are wrong."""


# Bad PDF input: each case its own class, so a caller can tell them apart.


class NotAPdfError(SourceError):
    """A file named or shaped like a PDF is not one."""


class EmptyFileError(SourceError):
    """The file has no content at all."""


class TruncatedPdfError(SourceError):
    """The PDF is damaged or cut short and cannot be opened."""


class EncryptedPdfError(SourceError):
    """The PDF is password protected."""


class ScannedPdfError(SourceError):
    """The PDF has no text layer (a scan): its numbers cannot be read without OCR."""


class EngineUnavailableError(BudgetkitError):
    """The PDF engine asked for cannot run here (tabula without a Java runtime)."""
