"""The batch index: ``index.html`` (one row per department-year) and ``summary.csv``."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from .export import atomic_write

#: Columns of the summary, in order (the index page shows the same).
COLUMNS = (
    "department", "year", "phase", "status", "income_total", "expenditure_total", "previous_year",
    "previous_expenditure_total", "change", "change_pct", "errors", "warnings", "infos", "reading_notes",
    "report", "sources", "error",
)
_HEAD = {
    "department": "部门", "year": "年度", "phase": "类型", "status": "状态", "income_total": "收入总计（万元）",
    "expenditure_total": "支出总计（万元）", "previous_year": "上年", "previous_expenditure_total": "上年支出总计",
    "change": "增减", "change_pct": "增减率（%）", "errors": "错误", "warnings": "警告", "infos": "提示",
    "reading_notes": "读取提示", "report": "报告", "sources": "文件", "error": "失败原因",
}
_NUMERIC = {"income_total", "expenditure_total", "previous_expenditure_total", "change", "change_pct", "errors",
            "warnings", "infos", "reading_notes", "year", "previous_year"}
_PHASE = {"budget": "预算", "final": "决算"}

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>部门预算报告 · budgetkit</title>
<style>
body {{ font-family: sans-serif; margin: 2em auto; max-width: 1400px; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: 3px 8px; vertical-align: top; }}
th {{ background: #f3f3f3; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.failed td {{ background: #fff0f0; }}
td.errors.some {{ color: #b00020; font-weight: bold; }}
</style>
</head>
<body>
<h1>部门预算报告</h1>
<p>{counts}</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p><a href="summary.csv">summary.csv</a></p>
</body>
</html>
"""


def _cell(value) -> str:
    return "" if value is None else str(value)


def summary_rows(records: list[dict]) -> list[dict]:
    """One flat row per record, with :data:`COLUMNS` (sources joined by ``; ``)."""
    rows = []
    for r in records:
        row = {c: r.get(c) for c in COLUMNS}
        row["sources"] = "; ".join(r.get("sources") or [])
        row["department"] = r.get("department") or ""
        row["report"] = r.get("report") if r.get("status") == "ok" else ""
        row["error"] = r.get("error") or ""
        rows.append(row)
    return rows


def _row_html(row: dict) -> str:
    cells = []
    for c in COLUMNS:
        value = row[c]
        if c == "report":
            text = (f"<a href=\"{html.escape(quote(value))}\">{html.escape(value)}</a>" if value else "")
        elif c == "phase":
            text = html.escape(_PHASE.get(value, _cell(value)))
        else:
            text = html.escape(_cell(value))
        cls = "num" if c in _NUMERIC else c
        if c == "errors" and value:
            cls += " errors some"
        cells.append(f"<td class=\"{cls}\">{text}</td>")
    state = "ok" if row["status"] == "ok" else "failed"
    return f"<tr class=\"{state}\">{''.join(cells)}</tr>"


def index_html(records: list[dict]) -> str:
    """The index page: one escaped row per department-year, linking to its report."""
    rows = summary_rows(records)
    failed = sum(1 for r in rows if r["status"] != "ok")
    counts = f"{len(rows)} 个部门年度，{len(rows) - failed} 个完成，{failed} 个失败。"
    return _PAGE.format(
        counts=html.escape(counts),
        head="".join(f"<th title=\"{c}\">{html.escape(_HEAD[c])}</th>" for c in COLUMNS),
        rows="\n".join(_row_html(r) for r in rows),
    )


def write_index(records: list[dict], out: Path) -> tuple[Path, Path]:
    """Write ``index.html`` and ``summary.csv`` to ``out`` (atomically)."""
    import pandas as pd

    out = Path(out)
    frame = pd.DataFrame(summary_rows(records), columns=list(COLUMNS))
    for c in ("year", "previous_year", "errors", "warnings", "infos", "reading_notes"):
        frame[c] = frame[c].astype("Int64")
    summary = atomic_write(out / "summary.csv", lambda p: frame.to_csv(p, index=False, encoding="utf-8"))
    index = atomic_write(out / "index.html", lambda p: p.write_text(index_html(records), encoding="utf-8"))
    return index, summary
