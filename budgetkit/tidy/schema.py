"""The tidy budget-line schema, shared by every stage.

One row per numeric cell that a document publishes. Columns (a contract: other tools
rely on the names; ``docs/schema.md`` says the same at more length) and what they hold are
:data:`DESCRIPTIONS`, listed below.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow

from budgetkit.errors import SchemaError

#: Exact money: 万元 with six decimals (元 printed to the 分 is 0.000001 万元).
AMOUNT_DTYPE = pd.ArrowDtype(pa_arrow.decimal128(20, 6))
QUANTUM = Decimal("0.000001")

STRING_COLUMNS = (
    "source", "department", "unit", "phase", "table", "table_title", "classification",
    "code", "parent", "name", "item", "side", "measure", "source_unit",
)
COLUMNS: tuple[str, ...] = (
    "source", "department", "unit", "year", "phase", "table", "table_title",
    "classification", "code", "level", "parent", "name", "item", "side", "measure",
    "amount", "source_unit", "page", "row",
)

#: What each column holds (in ``datapackage.json`` too, and in this module's docstring).
DESCRIPTIONS: dict[str, str] = {
    "source": "file name the line was read from",
    "department": "the 部门 (or 单位) that publishes the document",
    "unit": "the 资金使用单位 the line belongs to; empty for the whole department, or where the document does "
             "not make the unit known",
    "year": "budget year (int)",
    "phase": "``budget`` (预算) or ``final`` (决算)",
    "table": "canonical table kind (:mod:`budgetkit.catalogue.kinds`), ``other`` if unknown",
    "table_title": "the table's title as printed",
    "classification": "``function``, ``economic`` or empty (for uncoded rows)",
    "code": "compact classification code: ``2010301``, ``30101``; empty if none",
    "level": "类 / 款 / 项 as 1 / 2 / 3 (nullable)",
    "parent": "parent code (``20103`` for ``2010301``), empty for a 类",
    "name": "row label as printed, wrapped text joined, code and list numbering removed",
    "item": "canonical id of an uncoded row (``total``, ``three_public`` …) or of a project "
             "(``project``) / unit total (``unit_total``); empty for coded rows",
    "side": "``income`` / ``expenditure`` in two-sided tables, else empty",
    "measure": "canonical id of the column's meaning (``total``, ``basic`` …)",
    "amount": "amount in 万元, exact decimal (``decimal128(20, 6)``)",
    "source_unit": "the unit the document printed the amount in (``万元``, ``元``)",
    "page": "page of the cell (PDF page; in text, the ordinal of the table page)",
    "row": "order of the row within its table (0-based, pages joined)",
}

def _described(descriptions: dict[str, str]) -> str:
    rule = "=" * 18 + "  " + "=" * 74
    rows = [f"{'``' + name + '``':<18}  {text}" for name, text in descriptions.items()]
    return "\n".join(["", rule, f"{'column':<18}  meaning", rule, *rows, rule, ""])


__doc__ = (__doc__ or "") + _described(DESCRIPTIONS)


PHASES = ("budget", "final")
CLASSIFICATIONS = ("function", "economic", "")
SIDES = ("income", "expenditure", "")


# What each column must hold, once: the pandera schema and the quick test of
# :func:`validate` are both built from this table.  A rule is ``(kind, argument)``:
# ``isin`` a set of values, ``matches`` a full-match pattern, ``nonempty``, ``min`` a
# lower bound, ``range`` inclusive bounds.
_RULES: dict[str, tuple[str, bool, tuple | None]] = {  # column: (dtype, nullable, rule)
    "source": ("str", False, None),
    "department": ("str", False, None),
    "unit": ("str", False, None),
    "year": ("int64", False, ("range", (1990, 2100))),
    "phase": ("str", False, ("isin", PHASES)),
    "table": ("str", False, ("nonempty", None)),
    "table_title": ("str", False, None),
    "classification": ("str", False, ("isin", CLASSIFICATIONS)),
    "code": ("str", False, ("matches", r"(\d{3}|\d{5}|\d{7})?")),
    "level": ("Int8", True, ("isin", (1, 2, 3))),
    "parent": ("str", False, ("matches", r"(\d{3}|\d{5})?")),
    "name": ("str", False, None),
    "item": ("str", False, None),
    "side": ("str", False, ("isin", SIDES)),
    "measure": ("str", False, ("nonempty", None)),
    "amount": ("amount", False, None),
    "source_unit": ("str", False, ("isin", ("元", "万元", "亿元"))),
    "page": ("int64", False, ("min", 1)),
    "row": ("int64", False, ("min", 0)),
}


def _pandera_column(dtype: str, nullable: bool, rule: tuple | None) -> pa.Column:
    checks = []
    if rule is not None:
        kind, arg = rule
        checks.append({"isin": lambda: pa.Check.isin(list(arg)),
                       "matches": lambda: pa.Check.str_matches(f"^{arg}$"),
                       "nonempty": lambda: pa.Check.str_length(min_value=1),
                       "min": lambda: pa.Check.ge(arg),
                       "range": lambda: pa.Check.in_range(*arg)}[kind]())
    return pa.Column(AMOUNT_DTYPE if dtype == "amount" else str if dtype == "str" else dtype, checks,
                     nullable=nullable)


LINES_SCHEMA = pa.DataFrameSchema(
    {column: _pandera_column(*spec) for column, spec in _RULES.items()}, strict=True, ordered=True)
assert tuple(LINES_SCHEMA.columns) == COLUMNS


def _holds(values: pd.Series, rule: tuple) -> bool:
    kind, arg = rule
    if kind in ("min", "range"):
        low, high = (arg, None) if kind == "min" else arg
        return values.empty or (values.min() >= low and (high is None or values.max() <= high))
    distinct = set(values.unique())  # a column of a few distinct words: test each once
    if kind == "isin":
        return distinct <= set(arg)
    if kind == "matches":
        pattern = re.compile(arg)
        return all(pattern.fullmatch(v) for v in distinct)
    return "" not in distinct  # nonempty


def _conforms(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` follows :data:`_RULES` (a quick test; pandera says what is wrong)."""
    if tuple(frame.columns) != COLUMNS:
        return False
    for column, (dtype, nullable, rule) in _RULES.items():
        values = frame[column]
        if dtype == "amount":
            if values.dtype != AMOUNT_DTYPE:
                return False
        elif dtype == "str":
            if not isinstance(values.dtype, pd.StringDtype):  # object columns may hold anything
                return False
        elif str(values.dtype) != dtype:
            return False
        missing = values.isna().any()
        if missing and not nullable:
            return False
        if rule is not None and not _holds(values.dropna() if missing else values, rule):
            return False
    return True


def lines_frame(records: list[dict]) -> pd.DataFrame:
    """Build a schema-conforming frame from line records (dicts keyed by column)."""
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return coerce(frame)


def coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Bring a frame read back from Parquet or CSV (or built by hand) to the schema dtypes."""
    frame = frame.copy()
    for col in STRING_COLUMNS:
        if col in frame:
            frame[col] = frame[col].fillna("").astype(str)
    for col in ("year", "page", "row"):
        if col in frame:
            frame[col] = frame[col].astype("int64")
    if "level" in frame:
        frame["level"] = pd.to_numeric(frame["level"].replace("", None)).astype("Int8")
    if "amount" in frame:
        frame["amount"] = frame["amount"].map(_to_decimal).astype(AMOUNT_DTYPE)
    return frame


def _to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value.quantize(QUANTUM)
    if isinstance(value, float):
        raise SchemaError("amounts must be exact: got a float; read amounts as text or Decimal")
    return Decimal(str(value)).quantize(QUANTUM)


def validate(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate ``frame`` against the tidy schema; raise :class:`SchemaError` if it fails."""
    if _conforms(frame):  # every read validates its lines: the quick test first
        return frame
    try:
        return LINES_SCHEMA.validate(frame, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        raise SchemaError(f"frame does not follow the budget-line schema:\n{exc}") from None


