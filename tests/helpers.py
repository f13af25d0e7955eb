"""Small helpers for asserting on tidy lines."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd


def amount(lines: pd.DataFrame, **where) -> Decimal:
    """The one amount matching ``where`` (column=value); fails unless exactly one matches."""
    mask = pd.Series(True, index=lines.index)
    for column, value in where.items():
        mask &= lines[column] == value
    found = lines[mask]
    assert len(found) == 1, f"{len(found)} lines match {where}:\n{found}"
    return found["amount"].iloc[0]


def total(lines: pd.DataFrame, **where) -> Decimal:
    mask = pd.Series(True, index=lines.index)
    for column, value in where.items():
        mask &= lines[column] == value
    return sum(lines[mask]["amount"], Decimal(0))


def write_failing_notebook(path, error: str):
    """A report template with a parameters cell whose next cell raises ``error``."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                            "display_name": "Python 3"}}, cells=[
        nbformat.v4.new_code_cell("current = []", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(f"raise {error}"),
    ])
    nbformat.write(nb, path)
    return path
