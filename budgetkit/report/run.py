"""The report run: the notebook executed by papermill on a warm kernel with a document's
parameters, and exported by nbconvert to one self-contained HTML page without code."""

from __future__ import annotations

import functools
import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from budgetkit.dataset.files import atomic_write
from budgetkit.errors import ReportError, SourceError
from budgetkit.report.blocks import GUIDE_TAG, figure_png, labels
from budgetkit.report.summary import SUMMARY_MIME, SUMMARY_TAG, report_stem

__all__ = ["KERNEL", "NOTEBOOK", "Report", "execute", "notebook_to_html", "parameters", "render", "summary_of", "write_report"]

#: The report template, executed once per department-year; package data, so an installed
#: budgetkit has it (``notebooks/department_report.ipynb`` is the same file, for JupyterLab).
NOTEBOOK = Path(__file__).resolve().with_name("department_report.ipynb")


KERNEL = "python3"


@dataclass(frozen=True)
class Report:
    """A rendered report: the executed notebook, its HTML and its summary record."""

    notebook: Path
    html: Path
    summary: dict


def parameters(current: Sequence[str | Path], previous: Sequence[str | Path] = (), *, lang: str = "zh",
               department: str | None = None, out: str | Path = ".", plan: Sequence[str | Path] = ()) -> dict:
    """The report notebook's parameters (literals only: paths as text). ``plan``: for a 决算,
    the files of the same department's 预算 of its year (its execution is measured against it)."""
    labels(lang)
    return {
        "current": [str(Path(p).resolve()) for p in current],
        "previous": [str(Path(p).resolve()) for p in previous],
        "plan": [str(Path(p).resolve()) for p in plan],
        "department": department,
        "lang": lang,
        "out": str(Path(out).resolve()),
    }


#: papermill's tag of the cell holding the parameters it injected.
INJECTED_TAG = "injected-parameters"


#: Run once by a warm kernel (``warm=True``) before its first report: the imports every report
#: makes, and the CJK font registered and drawn once.
WARM_UP = """\
import budgetkit, budgetkit.charts, budgetkit.report
budgetkit.report.run._warm_charts()
"""


def _warm_charts() -> None:
    """Register the CJK font with matplotlib and draw a line of it once (fonts, glyph caches and
    the PNG writer loaded), as a warm kernel does before its first report."""
    from matplotlib.figure import Figure

    from budgetkit.charts.fonts import register_matplotlib

    register_matplotlib()
    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "预算 决算 万元 0123456789")
    figure_png(fig)


def execute(params: dict, notebook: str | Path = NOTEBOOK, cwd: str | Path | None = None, *, warm: bool = False,
            timeout: float | None = None):
    """Execute the report notebook with ``params``; the executed notebook.

    By default in a fresh kernel, as papermill does; ``warm=True`` on this thread's warm
    kernel (:mod:`budgetkit.report.kernels`: started once, reset to a fresh namespace before each
    notebook). ``timeout`` bounds each cell's seconds (a warm kernel that timed out is replaced).

    Raises
    ------
    ReportError
        A cell failed, timed out, or its kernel died; the message names the cell and its error.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    notebook = Path(notebook)
    if not notebook.is_file():
        raise SourceError(f"{notebook}: report notebook not found")
    engine: dict = {}
    if warm:
        from budgetkit.report.kernels import ENGINE

        engine = {"engine_name": ENGINE, "warm_up": WARM_UP}
    try:
        nb = papermill.execute_notebook(
            str(notebook), None, parameters=params, kernel_name=KERNEL, progress_bar=False,
            cwd=str(cwd or notebook.parent), extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            execution_timeout=timeout, **engine,
        )
    except PapermillExecutionError as exc:
        raise ReportError(f"the report notebook failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    except (CellTimeoutError, DeadKernelError) as exc:  # papermill's own engine lets these through
        raise ReportError(f"the report notebook stopped: {type(exc).__name__}: {str(exc).splitlines()[0]}") from None
    for cell in nb.cells:  # papermill gives the cell it adds a random id, which the HTML shows
        if INJECTED_TAG in cell.metadata.get("tags", []):
            cell.id = INJECTED_TAG
    return nb


#: The report page's stylesheet: text left, numbers right; responsive from 360 px; a print style.
REPORT_CSS = """
body { max-width: 1200px; margin: 0 auto; padding: 0 12px; overflow-wrap: anywhere; }
body, .jp-RenderedHTMLCommon { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
.jp-Notebook { padding: 0 !important; }
.jp-Cell { padding: 0 !important; }
.jp-OutputArea-output, .jp-RenderedHTMLCommon { max-width: 100%; min-width: 0; overflow-x: visible; }
.jp-RenderedHTMLCommon { padding-right: 0 !important; }
.table-frame { max-width: 100%; overflow-x: auto; margin: 0.5em 0; }
table.budgetkit { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.jp-RenderedHTMLCommon table.budgetkit th, .jp-RenderedHTMLCommon table.budgetkit td,
table.budgetkit th, table.budgetkit td { text-align: left; border: 1px solid #ddd; padding: 2px 6px;
  vertical-align: top; max-width: none; }
.jp-RenderedHTMLCommon table.budgetkit th.num, .jp-RenderedHTMLCommon table.budgetkit td.num,
table.budgetkit th.num, table.budgetkit td.num { text-align: right; white-space: nowrap; }
table.budgetkit td.text { min-width: 8em; }
table.budgetkit td.goal { min-width: 16em; max-width: 40em; }
table.budgetkit td.lv2 { padding-left: 1.5em; }
table.budgetkit td.page, table.budgetkit td.code { white-space: nowrap; }
table.budgetkit td.error { color: #b00020; font-weight: bold; }
table.budgetkit td.warning { color: #9a6700; }
table.budgetkit td.missing, p.missing { color: #666; font-style: italic; }
figure.chart { margin: 1em 0; }
figure.chart img { max-width: 100%; height: auto; }
nav.back { margin: 0.5em 0; }
nav.toc ol { columns: 2; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
dl.meta dd { margin: 0; min-width: 0; }
ul.files { margin: 0; padding-left: 1.2em; }
code.sha { font-size: 0.8em; word-break: break-all; }
span.ref { color: #555; font-size: 0.9em; }
@media (max-width: 600px) {
  nav.toc ol { columns: 1; }
  dl.meta { grid-template-columns: 1fr; }
  body { font-size: 15px; }
}
@media print {
  nav.back, nav.toc { display: none; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .table-frame { overflow: visible; }
  table.budgetkit { page-break-inside: auto; }
  table.budgetkit tr, figure.chart { break-inside: avoid; }
  section { break-before: auto; }
  h2 { break-after: avoid; }
  a[href^="http"]::after { content: " (" attr(href) ")"; }
  ul.downloads a::after { content: " (" attr(href) ")"; }
}
"""


_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
""" + REPORT_CSS + """
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
    config.TagRemovePreprocessor.remove_cell_tags = {SUMMARY_TAG, GUIDE_TAG}
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
    exporter = _exporter()
    exporter.language_code = nb.metadata.get("papermill", {}).get("parameters", {}).get("lang") or "zh"
    body, _ = exporter.from_notebook_node(nb)
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
    html_text = _downloads_as(notebook_to_html(nb, title_text), summary_of(nb), out, stem)
    ipynb = atomic_write(out / f"{stem}.ipynb", lambda p: p.write_text(nbformat.writes(nb), encoding="utf-8"))
    page = atomic_write(out / f"{stem}.html", lambda p: p.write_text(html_text, encoding="utf-8"))
    return Report(ipynb, page, summary_of(nb))


def _downloads_as(page: str, record: dict, out: Path, stem: str) -> str:
    """The page with its downloads named after ``stem`` (the batch's name for the report, which
    differs from the document's own when two disclosures would share one): files renamed, links
    rewritten."""
    for name in record.get("downloads") or ():
        suffix = name[name.rfind("-lines."):]
        wanted = f"{stem}{suffix}"
        if name == wanted or not (out / name).is_file():
            continue
        (out / name).replace(out / wanted)
        page = page.replace(html.escape(quote(name)), html.escape(quote(wanted))).replace(
            html.escape(name), html.escape(wanted))
    return page


def render(current: str | Path | Sequence[str | Path], previous: str | Path | Sequence[str | Path] = (), *,
           out: str | Path = "reports", lang: str = "zh", notebook: str | Path = NOTEBOOK,
           plan: str | Path | Sequence[str | Path] = ()) -> Report:
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
    plan
        For a 决算: the files of the same department's 预算 of its year, the plan its
        execution is measured against (optional).

    Raises
    ------
    SourceError, NotADisclosureError
        An input cannot be read (found before any kernel starts).
    ReportError
        The notebook failed.
    """
    from budgetkit.tidy.document import read

    current = _paths(current)
    previous = _paths(previous)
    plan = _paths(plan)
    doc = read(current)
    for other in (previous, plan):
        if other:
            read(other)
    params = parameters(current, previous, lang=lang, out=out, plan=plan)
    nb = execute(params, notebook)
    made = write_report(nb, Path(out), report_stem(doc), f"{doc.department} {doc.year}")
    _refresh_index(Path(out), made)
    return made


def _refresh_index(out: Path, made: Report) -> None:
    """Record the report beside the batch's records and rewrite ``index.html`` from all of them,
    so a report's link back to the index always resolves."""
    from budgetkit.report.index import RECORDS, read_records, write_index

    record = {**made.summary, "stem": made.html.stem, "status": "ok", "report": made.html.name, "error": ""}
    atomic_write(out / RECORDS / f"{made.html.stem}.json",
                 lambda p: p.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"))
    write_index(read_records(out), out)


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
