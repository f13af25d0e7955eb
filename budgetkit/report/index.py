"""The batch index: ``index.html`` (one row per department-year) and ``summary.csv``.

The page sorts and filters without a script (the reports' Content-Security-Policy allows
none): one pre-sorted table per sort order, and radio buttons whose state CSS ``:has()``
reads to show the chosen order and hide the rows a filter leaves out. A department spelled
two ways across years (中共江苏省委办公厅 / 中国共产党江苏省委员会办公厅) is listed under one
name, that of its latest year (:func:`budgetkit.catalogue.vocabulary.department_key`).
"""

from __future__ import annotations

import html
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from budgetkit._format import decimal_or_none
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.dataset.files import atomic_write

#: Where the batch (and ``budgetkit report``) keep one JSON record per report, under the report folder.
RECORDS = ".records"

#: Columns of the summary, in order (the index page shows the same).
SUMMARY_COLUMNS = (
    "department", "year", "phase", "status", "income_total", "expenditure_total", "previous_year",
    "previous_expenditure_total", "change", "change_pct", "errors", "warnings", "infos", "reading_notes",
    "report", "sources", "error",
)
_HEAD = {
    "department": "部门", "year": "年度", "phase": "类型", "status": "状态", "income_total": "收入总计（万元）",
    "expenditure_total": "支出总计（万元）", "previous_year": "上年", "previous_expenditure_total": "上年支出总计（万元）",
    "change": "增减（万元）", "change_pct": "增减率（%）", "errors": "错误", "warnings": "警告", "infos": "提示",
    "reading_notes": "读取提示", "report": "报告", "sources": "文件", "error": "失败原因",
}
_NUMERIC = {"income_total", "expenditure_total", "previous_expenditure_total", "change", "change_pct", "errors",
            "warnings", "infos", "reading_notes", "year", "previous_year"}
_AMOUNTS = {"income_total", "expenditure_total", "previous_expenditure_total", "change", "change_pct"}
_PHASE = {"budget": "预算", "final": "决算"}
_STATUS = {"ok": "完成", "failed": "失败"}
#: Sort orders offered: (id, column, descending, label).
SORTS = (("department", "department", False, "部门"), ("year", "year", True, "年度（新→旧）"),
         ("expenditure", "expenditure_total", True, "支出总计（大→小）"), ("change", "change_pct", True, "增减率（高→低）"),
         ("errors", "errors", True, "错误（多→少）"))

_CSS = """
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; margin: 1em auto; max-width: 1400px;
  padding: 0 12px; overflow-wrap: anywhere; }
.table-frame { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 3px 8px; vertical-align: top; text-align: left; }
th { background: #f3f3f3; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.department { min-width: 10em; }
td.report, td.sources { min-width: 12em; }
td.error { min-width: 12em; }
tr.failed td { background: #fff0f0; }
td.errors.some { color: #b00020; font-weight: bold; }
fieldset { display: inline-block; border: 1px solid #ccc; margin: 0 0.5em 0.5em 0; }
fieldset label { margin-right: 0.8em; white-space: nowrap; }
.view { display: none; }
.view.default { display: block; }
@media print { fieldset { display: none; } .view { display: none !important; } .view.default { display: block !important; } }
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>部门预算报告 · budgetkit</title>
<style>{css}{rules}</style>
</head>
<body>
<h1>部门预算报告</h1>
<p>{counts}</p>
<form class="controls" aria-label="排序与筛选">
{controls}
</form>
{views}
<p><a href="summary.csv">summary.csv</a></p>
</body>
</html>
"""


def _cell(value) -> str:
    return "" if value is None else str(value)


def summary_rows(records: list[dict]) -> list[dict]:
    """One flat row per record, with :data:`SUMMARY_COLUMNS` (sources joined by ``; ``); a department
    spelled differently across years takes the name of its latest year."""
    latest: dict[str, tuple[int, str]] = {}
    for r in records:
        name = r.get("department") or ""
        if name:
            k = department_key(name)
            if k not in latest or (r.get("year") or 0) >= latest[k][0]:
                latest[k] = (r.get("year") or 0, name)
    rows = []
    for r in records:
        row = {c: r.get(c) for c in SUMMARY_COLUMNS}
        row["sources"] = "; ".join(r.get("sources") or [])
        name = r.get("department") or ""
        row["department"] = latest[department_key(name)][1] if name else ""
        row["report"] = r.get("report") if r.get("status") == "ok" else ""
        row["error"] = r.get("error") or ""
        rows.append(row)
    return rows


def _text(column: str, value) -> str:
    from budgetkit._format import display_amount

    if column in _AMOUNTS and (number := decimal_or_none(value)) is not None:
        return display_amount(number)
    if column == "phase":
        return _PHASE.get(value, _cell(value))
    if column == "status":
        return _STATUS.get(value, _cell(value))
    return _cell(value)


def _row_html(row: dict) -> str:
    cells = []
    for c in SUMMARY_COLUMNS:
        value = row[c]
        if c == "report":
            text = (f"<a href=\"{html.escape(quote(value))}\">{html.escape(value)}</a>" if value else "")
        else:
            text = html.escape(_text(c, value))
        cls = f"num {c}" if c in _NUMERIC else c
        if c == "errors" and value:
            cls += " some"
        cells.append(f"<td class=\"{cls}\">{text}</td>")
    state = "ok" if row["status"] == "ok" else "failed"
    classes = f"{state} y-{html.escape(_cell(row['year']) or 'none')} p-{html.escape(row['phase'] or 'none')}"
    if row["errors"]:
        classes += " has-errors"
    return f"<tr class=\"{classes}\">{''.join(cells)}</tr>"


def _sort_key(column: str, descending: bool):
    def key(row: dict):
        value = row[column]
        number = decimal_or_none(value) if column in _NUMERIC else None
        missing = value in (None, "")
        if column in _NUMERIC:
            n = number if number is not None else Decimal(0)
            return (missing, -n if descending else n, row["department"])
        return (missing, str(value), row["year"] or 0)
    return key


def _controls(rows: list[dict]) -> tuple[str, str]:
    """The radio buttons and the CSS rules that read them."""
    sorts = "".join(f"<label><input type=\"radio\" name=\"sort\" id=\"sort-{i}\"{' checked' if n == 0 else ''}> "
                    f"{html.escape(label)}</label>" for n, (i, _, _, label) in enumerate(SORTS))
    rules = [f"body:has(#sort-{i}:checked) .view.default {{ display: none; }}"
             f"body:has(#sort-{i}:checked) #view-{i} {{ display: block; }}" for i, *_ in SORTS[1:]]
    years = sorted({r["year"] for r in rows if r["year"]})
    phases = sorted({r["phase"] for r in rows if r["phase"]})
    filters = ["<label><input type=\"radio\" name=\"year\" id=\"year-all\" checked> 全部</label>"]
    for y in years:
        filters.append(f"<label><input type=\"radio\" name=\"year\" id=\"year-{y}\"> {y}</label>")
        rules.append(f"body:has(#year-{y}:checked) tbody tr:not(.y-{y}) {{ display: none; }}")
    phase_filters = ["<label><input type=\"radio\" name=\"phase\" id=\"phase-all\" checked> 全部</label>"]
    for p in phases:
        phase_filters.append(f"<label><input type=\"radio\" name=\"phase\" id=\"phase-{html.escape(p)}\"> "
                             f"{html.escape(_PHASE.get(p, p))}</label>")
        rules.append(f"body:has(#phase-{p}:checked) tbody tr:not(.p-{p}) {{ display: none; }}")
    state = ("<label><input type=\"radio\" name=\"state\" id=\"state-all\" checked> 全部</label>"
             "<label><input type=\"radio\" name=\"state\" id=\"state-errors\"> 有审核错误</label>"
             "<label><input type=\"radio\" name=\"state\" id=\"state-failed\"> 失败</label>")
    rules.append("body:has(#state-errors:checked) tbody tr:not(.has-errors) { display: none; }")
    rules.append("body:has(#state-failed:checked) tbody tr:not(.failed) { display: none; }")
    html_ = (f"<fieldset><legend>排序</legend>{sorts}</fieldset>"
             f"<fieldset><legend>年度</legend>{''.join(filters)}</fieldset>"
             f"<fieldset><legend>类型</legend>{''.join(phase_filters)}</fieldset>"
             f"<fieldset><legend>状态</legend>{state}</fieldset>")
    return html_, "\n".join(rules)


def index_html(records: list[dict]) -> str:
    """The index page: one escaped row per department-year, linking to its report, in one
    table per sort order; filters by year, phase and state."""
    rows = summary_rows(records)
    failed = sum(1 for r in rows if r["status"] != "ok")
    counts = f"{len(rows)} 个部门年度，{len(rows) - failed} 个完成，{failed} 个失败。"
    head = "".join(f"<th scope=\"col\" class=\"{'num' if c in _NUMERIC else c}\">{html.escape(_HEAD[c])}</th>"
                   for c in SUMMARY_COLUMNS)
    views = []
    for n, (i, column, descending, label) in enumerate(SORTS):
        ordered = sorted(rows, key=_sort_key(column, descending))
        body = "\n".join(_row_html(r) for r in ordered)
        views.append(f"<div class=\"view{' default' if n == 0 else ''}\" id=\"view-{i}\">"
                     f"<div class=\"table-frame\"><table><caption>按{html.escape(label)}排列</caption>"
                     f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div></div>")
    controls, rules = _controls(rows)
    return _PAGE.format(css=_CSS, rules=rules, counts=html.escape(counts), controls=controls, views="\n".join(views))


def read_records(out: Path) -> list[dict]:
    """The records kept under ``out`` (:data:`RECORDS`), sorted by department, year and phase."""
    records = []
    for path in sorted((Path(out) / RECORDS).glob("*.json")):
        try:
            records.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(records, key=lambda r: (r.get("department") or "", r.get("year") or 0, r.get("phase") or ""))


def write_index(records: list[dict], out: Path) -> tuple[Path, Path]:
    """Write ``index.html`` and ``summary.csv`` to ``out`` (atomically)."""
    import pandas as pd

    out = Path(out)
    frame = pd.DataFrame(summary_rows(records), columns=list(SUMMARY_COLUMNS))
    for c in ("year", "previous_year", "errors", "warnings", "infos", "reading_notes"):
        frame[c] = frame[c].astype("Int64")
    # With a byte-order mark: Excel opens it as UTF-8 (without, it shows the names garbled).
    summary = atomic_write(out / "summary.csv", lambda p: frame.to_csv(p, index=False, encoding="utf-8-sig"))
    index = atomic_write(out / "index.html", lambda p: p.write_text(index_html(records), encoding="utf-8"))
    return index, summary
