"""Department reports: the report notebook executed with papermill, exported to HTML.

Two halves:

* the blocks the report notebook shows — :func:`title`, :func:`overview`,
  :func:`audit_summary`, :func:`findings`, :func:`narrative` (of :func:`year_over_year`),
  :func:`show_charts`, :func:`projects` — each a conversion from budgetkit objects to an
  :class:`Html` block (or PNG images) whose document text is escaped (a project named
  ``<script>…</script>`` shows that text, never runs it);
* running the notebook: :func:`execute` (papermill, a real kernel),
  :func:`notebook_to_html` (nbconvert, no input cells, images embedded, one exporter
  reused per process) and :func:`render`, which does both and writes the files
  atomically.

The notebook records a JSON summary (:func:`summary`) in a cell tagged
``budgetkit-summary``; the HTML leaves that cell out, the batch index reads it.

>>> from decimal import Decimal
>>> change(Decimal("1564.22"), Decimal("1434.81"))
{'change': '129.41', 'change_pct': '9.02'}
>>> str(Html.escape("<script>alert(1)</script>"))
'&lt;script&gt;alert(1)&lt;/script&gt;'
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from .catalogue import figures
from .document import BudgetDocument
from .errors import ReportError, SourceError
from .export import atomic_write, document_stem, format_amount

__all__ = [
    "NOTEBOOK", "Html", "Png", "Report", "audit_summary", "change", "chart_images", "execute", "findings",
    "headline", "narrative", "notebook_to_html", "overview", "parameters", "projects", "record", "render",
    "show_charts", "summary", "summary_of", "title", "write_report", "year_over_year",
]

ROOT = Path(__file__).resolve().parent.parent
#: The report template, executed once per department-year.
NOTEBOOK = ROOT / "notebooks" / "department_report.ipynb"
SUMMARY_TAG = "budgetkit-summary"
SUMMARY_MIME = "application/vnd.budgetkit.summary+json"
KERNEL = "python3"
LANGS = ("zh", "en")

_LABELS = {
    "zh": {
        "budget": "预算", "final": "决算", "headline": "主要数字（万元）", "tables": "表格",
        "kind": "类型", "title": "表名", "pages": "页", "rows": "行", "lines": "数值", "status": "状态",
        "warnings": "读取提示", "none": "无", "audit": "审核", "checked": "已检查", "held": "通过",
        "error": "错误", "warning": "警告", "info": "提示", "findings": "审核发现", "narrative": "同比变化",
        "projects": "项目支出与绩效目标",
        "unit": "单位", "name": "项目", "amount": "金额（万元）", "goal": "绩效目标",
        "previous": "上年", "change": "增减", "change_pct": "增减率（%）", "no_findings": "未发现问题。",
        "no_previous": "没有上一年度的资料。", "charts": "图表",
        "from_narrative": "上年数字取自本文件的情况说明（未提供上年文件）。",
    },
    "en": {
        "budget": "budget", "final": "final accounts", "headline": "Headline figures (10k yuan)",
        "tables": "Tables", "kind": "kind", "title": "title", "pages": "pages", "rows": "rows",
        "lines": "numbers", "status": "status", "warnings": "Reading notes", "none": "none",
        "audit": "Audit", "checked": "checked", "held": "held",
        "error": "errors", "warning": "warnings", "info": "notes", "findings": "Findings",
        "narrative": "Year over year", "projects": "Projects and performance goals", "unit": "unit",
        "name": "project", "amount": "amount (10k yuan)", "goal": "performance goal",
        "previous": "previous year", "change": "change", "change_pct": "change (%)",
        "no_findings": "No findings.", "no_previous": "No previous year available.", "charts": "Charts",
        "from_narrative": "Previous-year figures as this document's narrative states them (no previous document given).",
    },
}


class Html(str):
    """An HTML block: a ``str`` that Jupyter displays as HTML.

    Build it from markup you wrote and :meth:`escape` for every piece of document text.
    """

    def _repr_html_(self) -> str:
        return str(self)

    @staticmethod
    def escape(text) -> Html:
        """Document text as HTML text: ``<``, ``>``, ``&`` and quotes escaped."""
        return Html(html.escape("" if text is None else str(text), quote=True))


def labels(lang: str) -> dict[str, str]:
    """The report's words in ``lang`` (``zh`` or ``en``)."""
    if lang not in LANGS:
        raise ReportError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return _LABELS[lang]


# -- figures ---------------------------------------------------------------------------

#: The headline figures (:data:`budgetkit.catalogue.figures.HEADLINE`) by their key in
#: :func:`headline` and the batch index (its totals keep the names of their columns).
HEADLINE_KEYS: dict[str, str] = {
    {"income": "income_total", "expenditure": "expenditure_total"}.get(f, f): f for f in figures.HEADLINE
}


def headline(doc: BudgetDocument) -> dict[str, Decimal | None]:
    """The document's headline figures in 万元 (``None`` where the document has none).

    Keys: ``income_total``, ``expenditure_total``, ``fiscal``, ``basic``, ``project``,
    ``three_public``; each read from the first of its places
    (:mod:`budgetkit.catalogue.figures`) the document prints.
    """
    lines = doc.lines
    lines = lines[lines["unit"].isin(["", doc.department])].assign(unit="")
    return {name: _first_amount(lines, figure_id) for name, figure_id in HEADLINE_KEYS.items()}


def _first_amount(lines: pd.DataFrame, figure_id: str) -> Decimal | None:
    for place in figures.places_of(figure_id, narrower=False):
        for measure in place.measures:
            found = lines[place.matches(lines, measure)]
            if len(found):
                return found["amount"].iloc[0]
    return None


def change(current: Decimal | None, previous: Decimal | None) -> dict[str, str | None]:
    """Change from ``previous`` to ``current`` as exact text: amount and percent (2 places)."""
    if current is None or previous is None:
        return {"change": None, "change_pct": None}
    diff = current - previous
    pct = None if previous == 0 else (diff * 100 / previous).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return {"change": format_amount(diff), "change_pct": None if pct is None else format_amount(pct)}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value)


def year_over_year(doc: BudgetDocument, previous: BudgetDocument | None = None) -> pd.DataFrame | None:
    """The year-over-year frame (:func:`budgetkit.compare`) for the report, or ``None``.

    Compared with ``previous`` when given, else with the previous year's figures the
    document's own 情况说明 states (:func:`budgetkit.previous_from_narrative`); ``None``
    when neither is available.
    """
    from .compare import compare, previous_from_narrative
    from .errors import ComparisonError

    try:
        return compare(previous if previous is not None else previous_from_narrative(doc), doc)
    except ComparisonError:
        return None


def _yoy_change(yoy: pd.DataFrame | None) -> dict:
    from .compare import headline as yoy_headline

    empty = {"previous_year": None, "previous_expenditure_total": None, "change": None, "change_pct": None,
             "change_basis": None}
    if yoy is None or yoy.empty:
        return empty
    figure = yoy_headline(yoy, "expenditure")
    if figure is None or _missing(figure.get("previous_amount")) or _missing(figure.get("current_amount")):
        return empty
    previous_year = yoy["previous_year"].dropna()
    return {"previous_year": int(previous_year.iloc[0]) if len(previous_year) else None,
            "previous_expenditure_total": _text(figure["previous_amount"]),
            **change(figure["current_amount"], figure["previous_amount"]),
            "change_basis": "narrative" if figure.get("basis") == "narrative" else "document"}


def summary(doc: BudgetDocument, audit=None, yoy: pd.DataFrame | None = None) -> dict:
    """The report's record for the batch index: identity, headline, change, finding counts.

    Amounts are exact text in 万元. The change is that of total expenditure (支出总计)
    in ``yoy``: against the previous year's document, or against the figure the
    document's narrative states (``change_basis`` says which).
    """
    counts = dict(getattr(audit, "counts", None) or {})
    return {
        "department": doc.department,
        "year": doc.year,
        "phase": doc.phase,
        "sources": [Path(s).name for s in doc.sources],
        **{k: _text(v) for k, v in headline(doc).items()},
        **_yoy_change(yoy),
        "errors": counts.get("error"),
        "warnings": counts.get("warning"),
        "infos": counts.get("info"),
        "checked": getattr(audit, "checked", None),
        "held": getattr(audit, "held", None),
        "reading_notes": len(doc.warnings),
        "lines": len(doc.lines),
        "projects": len(doc.projects),
    }


class SummaryOutput:
    """Displays a :func:`summary` record as the notebook's machine-readable output."""

    def __init__(self, record: dict):
        self.record = record

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {SUMMARY_MIME: self.record, "text/plain": json.dumps(self.record, ensure_ascii=False)}


def record(doc: BudgetDocument, audit=None, yoy: pd.DataFrame | None = None) -> SummaryOutput:
    """The notebook's last output: :func:`summary` in a form the batch reads back."""
    return SummaryOutput(summary(doc, audit, yoy))


# -- blocks shown by the notebook --------------------------------------------------------

def _amount_cell(value) -> str:
    if value is None or (not isinstance(value, Decimal) and pd.isna(value)):
        return "<td class='num'>–</td>"
    return f"<td class='num'>{html.escape(format_amount(Decimal(value)))}</td>"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    return f"<table class='budgetkit {cls}'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _td(text) -> str:
    return f"<td>{Html.escape(text)}</td>"


def title(doc: BudgetDocument, lang: str = "zh") -> Html:
    """The report's heading: department, year and phase, with its source files."""
    words = labels(lang)
    year = f"{doc.year}年" if lang == "zh" else f"{doc.year} "
    files = ", ".join(Path(s).name for s in doc.sources)
    return Html(f"<h1>{Html.escape(doc.department)} · {year}{html.escape(words[doc.phase])}</h1>"
                f"<p class='sources'>{Html.escape(files)}</p>")


def overview(doc: BudgetDocument, lang: str = "zh", previous: BudgetDocument | None = None) -> Html:
    """Headline figures (with the previous year's, when given), the tables read, and reading notes."""
    words = labels(lang)
    current = headline(doc)
    before = headline(previous) if previous is not None else {}
    head = [words["headline"], str(doc.year)]
    if previous is not None:
        head += [str(previous.year), words["change"], words["change_pct"]]
    rows = []
    for name, value in current.items():
        row = [_td(figures.figure(HEADLINE_KEYS[name]).heading(lang)), _amount_cell(value)]
        if previous is not None:
            diff = change(value, before.get(name))
            row += [_amount_cell(before.get(name)),
                    f"<td class='num'>{html.escape(diff['change'] or '–')}</td>",
                    f"<td class='num'>{html.escape(diff['change_pct'] or '–')}</td>"]
        rows.append(row)
    tables = _table(
        [words["kind"], words["title"], words["pages"], words["rows"], words["lines"], words["status"]],
        ([_td(i.kind), _td(i.title), _td(_pages(i.pages)), f"<td class='num'>{i.rows}</td>",
          f"<td class='num'>{i.lines}</td>", _td(i.status)] for i in doc.table_info),
    )
    notes = "".join(f"<li>{Html.escape(w)}</li>" for w in doc.warnings) or f"<li>{words['none']}</li>"
    return Html(f"{_table(head, rows, 'headline')}<h3>{words['tables']}</h3>{tables}"
                f"<h3>{words['warnings']} ({len(doc.warnings)})</h3><ul>{notes}</ul>")


def _pages(pages: tuple[int, ...]) -> str:
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


def audit_summary(audit, lang: str = "zh") -> Html:
    """Checks run and held, and findings counted by severity."""
    words = labels(lang)
    counts = audit.counts
    heading = f"<h2>{words['audit']}</h2>"
    cells = [(words["checked"], audit.checked), (words["held"], audit.held)] + [
        (words[s], counts.get(s, 0)) for s in ("error", "warning", "info")]
    return Html(heading + _table([w for w, _ in cells], [[f"<td class='num'>{int(v)}</td>" for _, v in cells]], "audit"))


def findings(audit, lang: str = "zh") -> Html:
    """The audit's findings, errors first: rule, severity, message and evidence."""
    words = labels(lang)
    frame = audit.findings
    heading = f"<h3>{words['findings']} ({0 if frame is None else len(frame)})</h3>"
    if frame is None or frame.empty:
        return Html(f"{heading}<p>{words['no_findings']}</p>")
    order = {"error": 0, "warning": 1, "info": 2}
    frame = frame.assign(_o=frame["severity"].map(order).fillna(3)).sort_values("_o", kind="stable")
    columns = [c for c in ("severity", "rule", "message", "table", "code", "expected", "actual", "difference", "page")
               if c in frame.columns]
    rows = []
    for rec in frame[columns].to_dict("records"):
        row = []
        for c in columns:
            v = rec[c]
            if isinstance(v, Decimal):
                row.append(_amount_cell(v))
            else:
                row.append(f"<td class='{html.escape(str(rec['severity']))}'>{Html.escape('' if _missing(v) else v)}</td>"
                           if c == "severity" else _td("" if _missing(v) else v))
        rows.append(row)
    return Html(heading + _table(columns, rows, "findings"))


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def narrative(yoy: pd.DataFrame | None, lang: str = "zh") -> Html:
    """The year-over-year narrative (:func:`budgetkit.narrate`) as escaped paragraphs."""
    from .narrative import narrate

    words = labels(lang)
    if yoy is None or yoy.empty:
        return Html(f"<h2>{words['narrative']}</h2><p>{words['no_previous']}</p>")
    paragraphs = "".join(f"<p>{Html.escape(s)}</p>" for s in narrate(yoy, lang))
    basis = ""
    if (yoy["basis"] == "narrative").all():
        basis = f"<p class='basis'><em>{words['from_narrative']}</em></p>"
    return Html(f"<h2>{words['narrative']}</h2>{basis}{paragraphs}")


class Png:
    """A PNG image Jupyter displays (and nbconvert embeds) as ``image/png``."""

    def __init__(self, data: bytes):
        self.data = data

    def _repr_png_(self) -> bytes:
        return self.data


def figure_png(fig) -> Png:
    """A matplotlib Figure as a :class:`Png` (96 dpi, tight bounding box)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return Png(buffer.getvalue())


#: The report's charts: (:mod:`budgetkit.charts` function, needs the year-over-year frame).
CHARTS = (("composition", False), ("basic_project", False), ("economic_groups", False),
          ("change_by_class", True), ("three_public", True), ("largest_projects", False))


def chart_images(doc: BudgetDocument, yoy: pd.DataFrame | None = None) -> list[Png | Html]:
    """Every chart of :data:`CHARTS` that the data allows, as images (or a note saying why not)."""
    from . import charts
    from .errors import BudgetkitError

    images: list[Png | Html] = []
    for name, needs_yoy in CHARTS:
        if needs_yoy and (yoy is None or yoy.empty):
            continue
        try:
            images.append(figure_png(getattr(charts, name)(yoy if needs_yoy else doc)))
        except BudgetkitError as exc:
            images.append(Html(f"<p class='chart-missing'>{Html.escape(name)}: {Html.escape(exc)}</p>"))
    return images


def show_charts(doc: BudgetDocument, yoy: pd.DataFrame | None = None, lang: str = "zh") -> None:
    """Display the report's charts, one output each (the report notebook's chart cell)."""
    from IPython.display import display

    display(Html(f"<h2>{labels(lang)['charts']}</h2>"))
    for image in chart_images(doc, yoy):
        display(image)


def projects(doc: BudgetDocument, lang: str = "zh") -> Html:
    """The project list: unit, project, amount and 绩效目标, as printed."""
    words = labels(lang)
    frame = doc.projects
    heading = f"<h2>{words['projects']} ({len(frame)})</h2>"
    if frame.empty:
        return Html(f"{heading}<p>{words['none']}</p>")
    rows = ([_td(r["unit"]), _td(r["name"]), _amount_cell(r["amount"]), _td(r["performance_goal"])]
            for r in frame.to_dict("records"))
    return Html(heading + _table([words["unit"], words["name"], words["amount"], words["goal"]], rows, "projects"))


# -- executing and exporting -------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """A rendered report: the executed notebook, its HTML and its summary record."""

    notebook: Path
    html: Path
    summary: dict


def report_stem(doc: BudgetDocument) -> str:
    """File-name stem of a document's report (safe: no separators, no ``..``)."""
    return document_stem(doc)


def parameters(current: Sequence[str | Path], previous: Sequence[str | Path] = (), *, lang: str = "zh",
               department: str | None = None, out: str | Path = ".") -> dict:
    """The report notebook's parameters (literals only: paths as text)."""
    labels(lang)
    return {
        "current": [str(Path(p).resolve()) for p in current],
        "previous": [str(Path(p).resolve()) for p in previous],
        "department": department,
        "lang": lang,
        "out": str(Path(out).resolve()),
    }


def execute(params: dict, notebook: str | Path = NOTEBOOK, cwd: str | Path | None = None):
    """Execute the report notebook with ``params`` in a fresh kernel; the executed notebook.

    Raises
    ------
    ReportError
        A cell failed; the message names the cell and its error.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook = Path(notebook)
    if not notebook.is_file():
        raise SourceError(f"{notebook}: report notebook not found")
    try:
        return papermill.execute_notebook(
            str(notebook), None, parameters=params, kernel_name=KERNEL, progress_bar=False,
            cwd=str(cwd or notebook.parent), extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        raise ReportError(f"the report notebook failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None


_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
body { max-width: 1200px; margin: 0 auto; }
table.budgetkit th, table.budgetkit td { text-align: left; }
table.budgetkit td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.budgetkit td.error { color: #b00020; font-weight: bold; }
table.budgetkit td.warning { color: #9a6700; }
table.budgetkit { border-collapse: collapse; margin: 0.5em 0; }
table.budgetkit th, table.budgetkit td { border: 1px solid #ddd; padding: 2px 6px; vertical-align: top; }
</style>
{%- endblock extra_css -%}
"""


@functools.cache
def _exporter():
    """One HTML exporter per process: building it (templates, CSS) costs seconds."""
    import jinja2
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {SUMMARY_TAG}
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    exporter = HTMLExporter(config=config, template_name="lab",
                            extra_loaders=[jinja2.DictLoader({"budgetkit_report.html.j2": _TEMPLATE})])
    exporter.template_file = "budgetkit_report.html.j2"
    return exporter


def notebook_to_html(nb, title_text: str = "") -> str:
    """An executed notebook as one self-contained HTML page: no input cells, images embedded."""
    import copy

    nb = copy.deepcopy(nb)
    if title_text:
        nb.metadata["title"] = title_text
    body, _ = _exporter().from_notebook_node(nb)
    return body


def summary_of(nb) -> dict:
    """The summary record the notebook displayed (see :func:`record`)."""
    for cell in nb.cells:
        if SUMMARY_TAG in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if SUMMARY_MIME in data:
                    value = data[SUMMARY_MIME]
                    return dict(value) if not isinstance(value, str) else json.loads(value)
    raise ReportError("the report notebook recorded no summary (a cell tagged budgetkit-summary)")


def write_report(nb, out: Path, stem: str, title_text: str = "") -> Report:
    """Write the executed notebook and its HTML (atomically) to ``out``."""
    import nbformat

    out = Path(out)
    html_text = notebook_to_html(nb, title_text)
    ipynb = atomic_write(out / f"{stem}.ipynb", lambda p: p.write_text(nbformat.writes(nb), encoding="utf-8"))
    page = atomic_write(out / f"{stem}.html", lambda p: p.write_text(html_text, encoding="utf-8"))
    return Report(ipynb, page, summary_of(nb))


def render(current: str | Path | Sequence[str | Path], previous: str | Path | Sequence[str | Path] = (), *,
           out: str | Path = "reports", lang: str = "zh", notebook: str | Path = NOTEBOOK) -> Report:
    """Read ``current`` (and ``previous``), execute the report notebook, write ``.ipynb`` and ``.html``.

    Parameters
    ----------
    current
        The files of one disclosure.
    previous
        The files of the same department's disclosure of the year before (optional).
    out
        Output folder; files are named after department, year and phase.
    lang
        ``zh`` or ``en``.

    Raises
    ------
    SourceError, NotADisclosureError
        An input cannot be read (found before any kernel starts).
    ReportError
        The notebook failed.
    """
    from .document import read

    current = _paths(current)
    previous = _paths(previous)
    doc = read(current)
    if previous:
        read(previous)
    params = parameters(current, previous, lang=lang, out=out)
    nb = execute(params, notebook)
    return write_report(nb, Path(out), report_stem(doc), f"{doc.department} {doc.year}")


def _paths(value) -> list[Path]:
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [Path(value)]
    return [Path(v) for v in value]


def fingerprint(*parts: str | bytes | Path) -> str:
    """A digest of files' bytes and text: equal digests mean equal inputs."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            digest.update(part.read_bytes())
        elif isinstance(part, bytes):
            digest.update(part)
        else:
            digest.update(str(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
