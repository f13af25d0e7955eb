"""Writing tidy lines: Parquet for tools, CSV for people."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from budgetkit._format import exact_amount
from budgetkit._paths import safe_name
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.schema import COLUMNS, STRING_COLUMNS, coerce, validate


def document_stem(doc: BudgetDocument) -> str:
    """File-name stem of a document's outputs: department, year and phase."""
    return safe_name(f"{doc.department or 'document'}-{doc.year}-{doc.phase}", max_length=80)


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with amounts as exact text, for CSV."""
    out = frame.copy()
    if "amount" in out:
        out["amount"] = [exact_amount(v) if isinstance(v, Decimal) else "" for v in out["amount"]]
    return out


def atomic_write(path: Path, write) -> Path:
    """Call ``write(tmp_path)`` then rename onto ``path``: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; the result is an ordinary, readable file
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def sweep_unfinished(folder: Path) -> list[Path]:
    """Remove the half-written files of :func:`atomic_write` under ``folder``.

    A writer killed between creating its temporary file and renaming it (a batch
    worker stopped by the system) leaves ``.<name>.<random>.tmp`` behind; call this
    only when no writer is running in ``folder``.
    """
    if not folder.is_dir():
        return []
    left = [p for p in folder.rglob(".*.tmp") if p.is_file()]
    for p in left:
        p.unlink(missing_ok=True)
    return left


def write_document(doc: BudgetDocument, out: Path) -> list[Path]:
    """Write a document's lines and projects to ``out`` as Parquet and CSV."""
    stem = document_stem(doc)
    written = []
    for suffix, frame in (("", doc.lines), ("-projects", doc.projects)):
        base = out / f"{stem}{suffix}"
        written.append(atomic_write(base.with_suffix(".parquet"), lambda p, f=frame: f.to_parquet(p, index=False)))
        written.append(atomic_write(base.with_suffix(".csv"),
                                    lambda p, f=frame: csv_frame(f).to_csv(p, index=False, encoding="utf-8")))
    return written


def read_lines(path) -> pd.DataFrame:
    """Read tidy lines written by ``budgetkit parse`` (Parquet file or dataset, or CSV)."""
    path = str(path)
    if path.endswith(".csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_parquet(path, dtype_backend="pyarrow")
        for col in STRING_COLUMNS:
            if col in frame:
                frame[col] = frame[col].astype(str)
    return validate(coerce(frame[list(COLUMNS)]))
