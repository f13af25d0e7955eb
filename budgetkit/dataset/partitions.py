"""The Parquet dataset of many documents: ``budget_lines/year=Y/department=D/part-<stem>.parquet``,
the combined CSV and the ``datapackage.json`` that describes both.

>>> partition_value("a/b 清远")
'a%2Fb%20清远'
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from budgetkit._paths import safe_name
from budgetkit._version import __version__
from budgetkit.dataset.files import atomic_write, csv_frame

__all__ = ["DATASET", "datapackage", "partition_path", "partition_value", "write_dataset_files", "write_part"]

DATASET = "budget_lines"


_KEEP = re.compile(r"[\w\-.()（）·]", re.UNICODE)


def partition_value(text: str) -> str:
    """A partition folder value for ``text``: percent-encoded where unsafe, decoded back by readers.

    Parquet readers (pyarrow, DuckDB) URL-decode ``key=value`` folder names, so the exact
    department name comes back while the folder name holds no separator, control
    character or ``%`` of its own.
    """
    out = []
    for ch in text:
        if _KEEP.fullmatch(ch) and ch.isprintable():
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    value = "".join(out)
    dots = len(value) - len(value.lstrip("."))
    value = "%2E" * dots + value[dots:]  # no hidden folders, no "." or ".."
    if len(value.encode("utf-8")) > 200:  # keep the folder name within file-system limits
        value = safe_name(text, max_length=50)
    return value


def partition_path(root: Path, department: str, year: int, stem: str) -> Path:
    """Where one document's lines go in the dataset: ``year=Y/department=D/part-<stem>.parquet``."""
    return root / DATASET / f"year={int(year)}" / f"department={partition_value(department)}" / f"part-{stem}.parquet"


def write_part(doc, processed: Path, stem: str) -> Path:
    """Write one document's lines as its part of the dataset (:func:`partition_path`); the part's path."""
    part = partition_path(processed, doc.department, doc.year, stem)
    lines = doc.lines.drop(columns=["year", "department"])
    return atomic_write(part, lambda p: lines.to_parquet(p, index=False))


def write_dataset_files(processed: Path, parts: list[Path]) -> list[Path]:
    """The combined CSV of every part, ``datapackage.json``, and stale parts removed."""
    import pandas as pd

    from budgetkit.tidy.schema import COLUMNS, coerce

    root = processed / DATASET
    keep = {p.resolve() for p in parts}
    for old in root.glob("year=*/department=*/part-*.parquet") if root.is_dir() else ():
        if old.resolve() not in keep:
            old.unlink()
    for folder in sorted(root.glob("year=*/department=*"), reverse=True) if root.is_dir() else ():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()

    def write_csv(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            for i, part in enumerate(sorted(parts)):
                frame = pd.read_parquet(part)
                values = _partition_values(part)
                frame = coerce(frame.assign(year=int(values["year"]), department=values["department"]))
                csv_frame(frame[list(COLUMNS)]).to_csv(fh, index=False, header=i == 0)
            if not parts:
                fh.write(",".join(COLUMNS) + "\n")

    csv_path = atomic_write(processed / f"{DATASET}.csv", write_csv)
    package = atomic_write(processed / "datapackage.json", lambda p: p.write_text(
        json.dumps(datapackage(processed, parts), ensure_ascii=False, indent=2), encoding="utf-8"))
    return [csv_path, package]


def _partition_values(part: Path) -> dict[str, str]:
    from urllib.parse import unquote

    values = {}
    for folder in (part.parent.parent.name, part.parent.name):
        k, _, v = folder.partition("=")
        values[k] = unquote(v)
    return values


_FIELD_TYPES = {"year": "integer", "level": "integer", "page": "integer", "row": "integer", "amount": "number"}


def datapackage(processed: Path, parts: list[Path]) -> dict:
    """A Frictionless Data Package describing the CSV and the Parquet dataset."""
    from budgetkit.tidy.schema import COLUMNS, DESCRIPTIONS

    described = {name: re.sub(r"``|:mod:`[^`]*`", "", text) for name, text in DESCRIPTIONS.items()}
    fields = []
    for name in COLUMNS:
        f = {"name": name, "type": _FIELD_TYPES.get(name, "string"), "description": described.get(name, "")}
        if name == "amount":
            f |= {"unit": "万元", "decimalChar": ".", "bareNumber": True,
                  "description": f["description"] + " Exact decimal text, never rounded through floats."}
        if name in ("source", "department", "year", "phase", "table", "measure", "amount", "page", "row"):
            f["constraints"] = {"required": True}
        fields.append(f)
    schema = {"fields": fields, "missingValues": [""]}
    rel = sorted(p.relative_to(processed).as_posix() for p in parts)
    return {
        "name": "budgetkit-budget-lines",
        "title": "Chinese government budget disclosures as tidy budget lines",
        "description": "One row per published number. Generated by budgetkit " + __version__ + ".",
        "licenses": [{"name": "other-pd", "title": "Public government disclosures"}],
        "resources": [
            {"name": "budget-lines", "path": f"{DATASET}.csv", "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema},
            {"name": "budget-lines-parquet", "path": rel or [f"{DATASET}.csv"], "format": "parquet",
             "mediatype": "application/vnd.apache.parquet",
             "description": "The same lines as a Parquet dataset partitioned by year and department "
                            "(hive-style folders; the partition values are URL-encoded).", "schema": schema},
        ],
    }
