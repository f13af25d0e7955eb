"""The tidy schema: validation, exactness, round trips through Parquet and CSV."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit._format import exact_amount
from budgetkit.dataset.files import write_document
from budgetkit.tidy.schema import AMOUNT_DTYPE, COLUMNS, coerce, lines_frame, validate


def _record(**over):
    base = {
        "source": "x.txt", "department": "某局", "unit": "", "year": 2023, "phase": "budget",
        "table": "expenditure", "table_title": "支出总体情况表", "classification": "function",
        "code": "2010301", "level": 3, "parent": "20103", "name": "行政运行", "item": "", "side": "",
        "measure": "total", "amount": D("184.15"), "source_unit": "万元", "page": 1, "row": 0,
    }
    return base | over


def test_seed_lines_follow_the_schema(seed):
    assert tuple(seed.lines.columns) == COLUMNS
    validate(seed.lines)


def test_hand_built_frame_validates():
    frame = lines_frame([_record(), _record(code="201", level=1, parent="", amount=D("761.01"))])
    assert validate(frame)["amount"].dtype == AMOUNT_DTYPE


def test_float_amounts_are_refused():
    with pytest.raises(budgetkit.SchemaError, match="exact"):
        lines_frame([_record(amount=184.15)])


BAD_VALUES = [
    {"phase": "draft"}, {"code": "20103011"}, {"code": "2010"}, {"parent": "2010301"}, {"level": 4},
    {"side": "left"}, {"source_unit": "千元"}, {"classification": "both"}, {"table": ""}, {"measure": ""},
    {"year": 1800}, {"year": 2101}, {"page": 0}, {"row": -1},
]


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_invalid_values_are_schema_errors(bad):
    column = next(iter(bad))
    with pytest.raises(budgetkit.SchemaError, match=column):
        validate(lines_frame([_record(**bad)]))


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_quick_schema_test_refuses_what_pandera_refuses(bad):
    """``validate`` tests a frame quickly before pandera; both are built from one rule table."""
    from budgetkit.tidy.schema import LINES_SCHEMA, _conforms

    frame = lines_frame([_record(**bad), _record()])
    assert not _conforms(frame)
    with pytest.raises(Exception, match=next(iter(bad))):
        LINES_SCHEMA.validate(frame, lazy=True)


def test_quick_schema_test_accepts_what_pandera_accepts(seed):
    from budgetkit.tidy.schema import LINES_SCHEMA, _conforms

    assert _conforms(seed.lines)
    LINES_SCHEMA.validate(seed.lines, lazy=True)
    missing = seed.lines.copy()
    missing.loc[0, "name"] = None  # a string column may not hold a missing value; level may
    assert not _conforms(missing)
    assert _conforms(seed.lines.assign(level=pd.array([None] * len(seed.lines), dtype="Int8")))
    assert not _conforms(seed.lines.assign(year=seed.lines["year"].astype("int32")))
    assert not _conforms(seed.lines.astype({"name": object}))


def test_extra_column_is_a_schema_error(seed):
    with pytest.raises(budgetkit.SchemaError):
        validate(seed.lines.assign(extra=1))


def test_yuan_amount_keeps_six_decimals():
    frame = lines_frame([_record(amount=D("1.234567"), source_unit="元")])
    assert frame["amount"].iloc[0] == D("1.234567")


def test_parquet_and_csv_round_trip_exactly(seed, tmp_path):
    written = write_document(seed, tmp_path)
    parquet = next(p for p in written if p.suffix == ".parquet" and "projects" not in p.name)
    csv = next(p for p in written if p.suffix == ".csv" and "projects" not in p.name)
    for path in (parquet, csv):
        back = budgetkit.read_lines(path)
        pd.testing.assert_frame_equal(back.reset_index(drop=True), seed.lines.reset_index(drop=True))
    text = csv.read_text(encoding="utf-8")
    assert ",1564.22," in text and "1564.220000" not in text


def test_coerce_reads_text_amounts():
    frame = pd.DataFrame([_record(amount="855.98")])
    assert coerce(frame)["amount"].iloc[0] == D("855.98")


@pytest.mark.parametrize("value, text", [
    (D("1564.220000"), "1564.22"), (D("0"), "0.00"), (D("1.234567"), "1.234567"), (D("-16.4"), "-16.40"),
    (D("100"), "100.00"),
])
def test_exact_amount(value, text):
    assert exact_amount(value) == text
