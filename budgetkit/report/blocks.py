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

The notebook records a JSON summary (:func:`budgetkit.report.summary.summary`) in a cell
tagged ``budgetkit-summary``; the HTML leaves that cell out, the batch index reads it.

>>> str(Html.escape("<script>alert(1)</script>"))
'&lt;script&gt;alert(1)&lt;/script&gt;'
"""

from __future__ import annotations

import functools
import html
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from budgetkit._format import display_amount, display_percent
from budgetkit.catalogue import figures
from budgetkit.dataset.files import atomic_write
from budgetkit.errors import ReportError
from budgetkit.report.summary import CAPTURED, HEADLINE_KEYS, _missing, _sha256, download_names, headline_amounts
from budgetkit.tidy.document import BudgetDocument

__all__ = ["CHARTS", "EXECUTION_SECTION", "GUIDE_TAG", "LANGS", "SECTIONS", "Html", "Png", "audit_summary", "chart", "chart_images", "charts_heading", "classification", "downloads", "execution", "findings", "labels", "methodology", "narrative", "overview", "projects", "sections", "show_charts", "tables_read", "title", "write_downloads"]


#: Cells for the researcher opening the notebook (headings, data frames): left out of the HTML.
GUIDE_TAG = "budgetkit-guide"
LANGS = ("zh", "en")

_LABELS = {
    "zh": {
        "budget": "预算", "final": "决算", "headline": "主要数字", "figure": "项目", "tables": "读取的表格",
        "kind": "表", "title": "印刷标题", "pages": "页码", "page": "页码", "rows": "行数", "lines": "数值个数",
        "status": "读取情况", "warnings": "读取提示", "none": "无", "audit": "审核", "checked": "已检查的等式",
        "held": "成立", "error": "错误", "warning": "警告", "info": "提示", "findings": "审核发现",
        "narrative": "同比变化", "projects": "项目支出与绩效目标",
        "unit": "资金使用单位", "name": "项目名称", "amount": "金额（万元）", "goal": "绩效目标",
        "previous": "上年（万元）", "change": "增减（万元）", "change_pct": "增减率", "share": "占比",
        "no_findings": "审核未发现问题。", "charts": "图表", "code": "科目编码", "class_name": "科目名称",
        "no_previous": "没有上一年度的资料（未提供上年文件，本文件情况说明也未说明上年数字），不作同比比较。",
        "from_narrative": "上年数字取自本文件情况说明所述的增减，未提供上年文件。",
        "from_document": "上年数字取自上年文件：{sources}。",
        "not_read": "未读到", "not_compared": "无上年数字",
        "contents": "目录", "back": "返回报告索引", "generated": "生成日期", "version": "budgetkit 版本",
        "checksum": "源文件 SHA-256", "sources": "源文件",
        "classification": "支出分类", "function": "按功能分类（类、款）", "economic": "按经济分类（类）",
        "basic": "基本支出", "project": "项目支出",
        "no_function": "未读到按功能分类的支出表。", "no_economic": "未读到按经济分类的支出表。",
        "downloads": "数据下载", "csv": "全部数值（CSV，UTF-8，可用 Excel 打开）", "xlsx": "全部数值（Excel 工作簿）",
        "downloads_note": "下载文件中的金额为精确小数（万元），与本页四舍五入的两位小数不同。",
        "methodology": "方法说明", "severity": "级别", "rule": "规则", "message": "说明", "table": "表",
        "expected": "应为", "actual": "实际", "difference": "差额",
        "status_complete": "完整", "status_empty": "空表", "status_incomplete": "不完整", "status_partial": "部分",
        "no_projects_read": "本文件项目支出{amount}万元（第{pages}页），但未读到逐项的项目清单。",
        "no_project_spending": "本文件项目支出为0.00万元（第{pages}页），没有项目。",
        "no_projects_unknown": "未读到项目清单，也未读到项目支出总数。",
        "goals_table": "本文件印有绩效目标表（第{pages}页），其内容未能整理为项目清单，请查阅原文件。",
        "chart_missing": "无法绘制",
        "gaps": "无法比较的部分",
        "source_page": "第{pages}页", "source_narrative": "情况说明",
        "execution": "预算执行", "final_amount": "决算数（万元）", "budget_amount": "预算数（万元）",
        "basis": "预算口径", "rate": "执行率", "source": "预算数来源", "not_stated": "未列示",
        "plan_table": "决算表格", "plan_narrative": "情况说明", "plan_budget": "同年预算文件",
        "execution_note": "决算数对照预算数：预算数取自{sources}；未列示预算数的不计算执行率，不作推算。执行率 = 决算数 ÷ 预算数，按精确小数四舍五入到两位。",
        "no_plan": "本决算未列示任何预算数（表格和情况说明均无），不计算执行率。",
    },
    "en": {
        "budget": "budget", "final": "final accounts", "headline": "Headline figures", "figure": "figure",
        "tables": "Tables read", "kind": "table", "title": "printed title", "pages": "pages", "page": "page",
        "rows": "rows", "lines": "numbers", "status": "reading", "warnings": "Reading notes", "none": "none",
        "audit": "Audit", "checked": "identities checked", "held": "held",
        "error": "errors", "warning": "warnings", "info": "notes", "findings": "Findings",
        "narrative": "Year over year", "projects": "Projects and performance goals", "unit": "spending unit",
        "name": "project", "amount": "amount (10k yuan)", "goal": "performance goal",
        "previous": "previous year (10k yuan)", "change": "change (10k yuan)", "change_pct": "change",
        "share": "share", "no_findings": "The audit found nothing.", "charts": "Charts", "code": "code",
        "class_name": "class",
        "no_previous": ("No previous year available (no previous document was given and this document's narrative "
                        "states no previous-year figure): no change is stated."),
        "from_narrative": "Previous-year figures as this document's narrative states them (no previous document given).",
        "from_document": "Previous-year figures from the previous document: {sources}.",
        "not_read": "not read", "not_compared": "no previous figure",
        "contents": "Contents", "back": "Back to the index of reports", "generated": "Generated",
        "version": "budgetkit version", "checksum": "Source file SHA-256", "sources": "Source files",
        "classification": "Expenditure by classification", "function": "By function (class and subclass)",
        "economic": "By economic class", "basic": "basic expenditure", "project": "project expenditure",
        "no_function": "No table of expenditure by function was read.",
        "no_economic": "No table of expenditure by economic class was read.",
        "downloads": "Data downloads", "csv": "Every number (CSV, UTF-8, opens in Excel)",
        "xlsx": "Every number (Excel workbook)",
        "downloads_note": "Amounts in the downloads are exact decimals in 10k yuan, not rounded to two places as here.",
        "methodology": "Methodology", "severity": "severity", "rule": "rule", "message": "message", "table": "table",
        "expected": "expected", "actual": "actual", "difference": "difference",
        "status_complete": "complete", "status_empty": "empty", "status_incomplete": "incomplete",
        "status_partial": "partial",
        "no_projects_read": ("This document's project expenditure is {amount} (10k yuan, page {pages}), but no "
                             "list of projects was read."),
        "no_project_spending": "This document's project expenditure is 0.00 (page {pages}): there are no projects.",
        "no_projects_unknown": "No list of projects and no project expenditure total was read.",
        "goals_table": ("This document prints a performance goals table (pages {pages}) that could not be read as a "
                        "list of projects: see the original."),
        "chart_missing": "cannot be drawn",
        "gaps": "What cannot be compared",
        "source_page": "p. {pages}", "source_narrative": "narrative",
        "execution": "Budget execution", "final_amount": "final (10k yuan)", "budget_amount": "budget (10k yuan)",
        "basis": "budget basis", "rate": "execution rate", "source": "budget from", "not_stated": "not stated",
        "plan_table": "the final accounts' tables", "plan_narrative": "the narrative",
        "plan_budget": "the budget document of the year",
        "execution_note": ("Final accounts against the budget: budget figures from {sources}; a figure without a "
                           "stated budget has no execution rate and none is estimated. Execution rate = final ÷ "
                           "budget, rounded half-up to two places on the exact decimals."),
        "no_plan": "These final accounts state no budget figure (neither in a table nor in the narrative): no execution rate.",
    },
}

#: The report's sections, in order: (anchor, label key).
SECTIONS = (("headline", "headline"), ("classification", "classification"), ("narrative", "narrative"),
            ("charts", "charts"), ("projects", "projects"), ("audit", "audit"), ("tables", "tables"),
            ("downloads", "downloads"), ("methodology", "methodology"))


#: The section a 决算's report adds after the narrative: (anchor, label key).
EXECUTION_SECTION = ("execution", "execution")


def sections(phase: str = "budget") -> tuple[tuple[str, str], ...]:
    """The report's sections for a document of ``phase``: a 决算's adds its execution."""
    if phase != "final":
        return SECTIONS
    at = [a for a, _ in SECTIONS].index("narrative") + 1
    return (*SECTIONS[:at], EXECUTION_SECTION, *SECTIONS[at:])


class Html(str):
    """An HTML block: a ``str`` that Jupyter displays as HTML.

    Build it from markup you wrote and :meth:`escape` for every piece of document text.
    """

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(f"<HTML block, {len(self)} characters>")

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


# -- blocks shown by the notebook --------------------------------------------------------


def _fmt(value) -> str | None:
    """An amount as the report prints it: thousands separators, two decimals, half-up on the exact decimal."""
    if _missing(value):
        return None
    return display_amount(Decimal(value))


def _amount_cell(value, lang: str = "zh") -> str:
    text = _fmt(value)
    if text is None:
        return f"<td class='num missing'>{labels(lang)['not_read']}</td>"
    return f"<td class='num'>{html.escape(text)}</td>"


def _percent_cell(change_value, previous) -> str:
    if _missing(change_value) or _missing(previous) or Decimal(previous) == 0:
        return "<td class='num'>–</td>"
    text = display_percent(Decimal(change_value), Decimal(previous))
    sign = "−" if Decimal(change_value) < 0 else ("+" if Decimal(change_value) > 0 else "")
    return f"<td class='num'>{html.escape(sign + text.replace('<', '&lt;'))}%</td>"


def _signed_cell(value) -> str:
    if _missing(value):
        return "<td class='num'>–</td>"
    value = Decimal(value)
    sign = "−" if value < 0 else ("+" if value > 0 else "")
    return f"<td class='num'>{sign}{html.escape(_fmt(abs(value)))}</td>"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "", numeric: Iterable[int] = ()) -> str:
    """A table in a scrolling frame (wide tables scroll, the page never does)."""
    numeric = set(numeric)
    th = "".join(f"<th scope='col'{' class=num' if i in numeric else ''}>{html.escape(h)}</th>"
                 for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    return (f"<div class='table-frame'><table class='budgetkit {cls}'><thead><tr>{th}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def _td(text, cls: str = "") -> str:
    attr = f" class='{cls}'" if cls else ""
    return f"<td{attr}>{Html.escape(text)}</td>"


def _section(anchor: str, lang: str, body: str, level: int = 2) -> Html:
    return Html(f"<section id='{anchor}'><h{level}>{html.escape(labels(lang)[dict(SECTIONS)[anchor]])}</h{level}>"
                f"{body}</section>")


def _pages_text(pages: Iterable[int], lang: str) -> str:
    pages = sorted({int(p) for p in pages if not _missing(p)})
    if not pages:
        return ""
    return labels(lang)["source_page"].format(pages=_pages(tuple(pages)))


def kind_title(kind: str, phase: str = "budget", lang: str = "zh", printed: str = "") -> str:
    """A table kind's name in ``lang`` (:mod:`budgetkit.catalogue.kinds`); the printed title for ``other``."""
    from budgetkit.catalogue import kinds

    if kind not in kinds.REGISTRY:
        return printed or kind
    k = kinds.REGISTRY[kind]
    if lang == "en":
        return k.en
    return k.final_title if phase == "final" and k.final_title else k.title


def title(doc: BudgetDocument, lang: str = "zh", previous: BudgetDocument | None = None,
          generated: str | None = None) -> Html:
    """The report's heading and publication facts: a link back to the index, department, year and
    phase, the source files with their SHA-256, the generation date and budgetkit version, and
    the table of contents."""
    import datetime

    from budgetkit._version import __version__

    words = labels(lang)
    year = f"{doc.year}年" if lang == "zh" else f"{doc.year} "
    files = "".join(f"<li><span class='file'>{Html.escape(Path(s).name)}</span> "
                    f"<code class='sha'>{_sha256(s) if Path(s).is_file() else words['not_read']}</code></li>"
                    for s in doc.sources)
    generated = generated or datetime.date.today().isoformat()
    toc = "".join(f"<li><a href='#{a}'>{html.escape(words[k])}</a></li>" for a, k in sections(doc.phase))
    return Html(
        f"<nav class='back'><a href='index.html'>← {words['back']}</a></nav>"
        f"<h1>{Html.escape(doc.department)} · {year}{html.escape(words[doc.phase])}</h1>"
        f"<dl class='meta'><dt>{words['generated']}</dt><dd>{generated}</dd>"
        f"<dt>{words['version']}</dt><dd>{html.escape(__version__)}</dd>"
        f"<dt>{words['checksum']}</dt><dd><ul class='files'>{files}</ul></dd></dl>"
        f"<nav class='toc' aria-label='{words['contents']}'><h2>{words['contents']}</h2><ol>{toc}</ol></nav>")


def _figure_row(lines: pd.DataFrame, figure_id: str) -> pd.Series | None:
    for place in figures.places_of(figure_id, narrower=False):
        for measure in place.measures:
            found = lines[place.matches(lines, measure)]
            if len(found):
                return found.iloc[0]
    return None


def _department_lines(doc: BudgetDocument) -> pd.DataFrame:
    lines = doc.lines
    return lines[lines["unit"].isin(["", doc.department])].assign(unit="")


def figure_pages(doc: BudgetDocument, figure_id: str) -> tuple[int, ...]:
    """The page(s) where a headline figure is read (``()`` when it is not)."""
    row = _figure_row(_department_lines(doc), figure_id)
    return () if row is None or _missing(row["page"]) else (int(row["page"]),)


def overview(doc: BudgetDocument, lang: str = "zh", previous: BudgetDocument | None = None) -> Html:
    """Headline figures in 万元 with the page each is read on (and the previous year's, when given)."""
    words = labels(lang)
    current = headline_amounts(doc)
    before = headline_amounts(previous) if previous is not None else {}
    head = [words["figure"], f"{doc.year}（万元）" if lang == "zh" else f"{doc.year} (10k yuan)", words["page"]]
    if previous is not None:
        head += [f"{previous.year}（万元）" if lang == "zh" else f"{previous.year} (10k yuan)", words["change"],
                 words["change_pct"]]
    rows = []
    for name, value in current.items():
        figure_id = HEADLINE_KEYS[name]
        row = [_td(figures.figure(figure_id).heading(lang)), _amount_cell(value, lang),
               _td(_pages_text(figure_pages(doc, figure_id), lang), "page")]
        if previous is not None:
            prev = before.get(name)
            diff = None if value is None or prev is None else value - prev
            row += [_amount_cell(prev, lang), _signed_cell(diff), _percent_cell(diff, prev)]
        rows.append(row)
    numeric = [1] + ([3, 4, 5] if previous is not None else [])
    return _section("headline", lang, _table(head, rows, "headline", numeric))


def tables_read(doc: BudgetDocument, lang: str = "zh") -> Html:
    """The tables read (names in ``lang``, the printed title as printed) and the reading notes."""
    words = labels(lang)
    rows = ([_td(kind_title(i.kind, doc.phase, lang, i.title)), _td(i.title, "text"), _td(_pages(i.pages), "page"),
             f"<td class='num'>{i.rows}</td>", f"<td class='num'>{i.lines}</td>",
             _td(words.get(f"status_{i.status}", i.status))] for i in doc.table_info)
    table = _table([words["kind"], words["title"], words["pages"], words["rows"], words["lines"], words["status"]],
                   rows, "tables", numeric=(3, 4))
    found = [*doc.warnings, *(w for w in CAPTURED if w not in doc.warnings)]
    notes = "".join(f"<li>{Html.escape(w)}</li>" for w in found) or f"<li>{words['none']}</li>"
    return _section("tables", lang, f"{table}<h3>{words['warnings']} ({len(found)})</h3>"
                                    f"<ul class='notes'>{notes}</ul>")


def _pages(pages: tuple[int, ...]) -> str:
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


def _function_lines(doc: BudgetDocument) -> pd.DataFrame:
    from budgetkit.comparison.headlines import FUNCTION_TABLES

    lines = _department_lines(doc)
    for table in FUNCTION_TABLES:
        rows = lines[(lines["table"] == table) & (lines["classification"] == "function")
                     & lines["level"].isin([1, 2]) & lines["side"].isin(["", "expenditure"])]
        if len(rows) and (rows["measure"] == "total").any():
            return rows
    return lines.iloc[0:0]


def _previous_amounts(yoy: pd.DataFrame | None, classification: str, table: str | None) -> dict[str, Decimal]:
    if yoy is None or yoy.empty:
        return {}
    rows = yoy[(yoy["classification"] == classification) & (yoy["measure"] == "total") & (yoy["unit"] == "")]
    if table is not None:
        rows = rows[rows["table"] == table]
    out: dict[str, Decimal] = {}
    for code, amount in zip(rows["code"], rows["previous_amount"], strict=True):
        if not _missing(amount):
            out[code] = out.get(code, Decimal(0)) + amount
    return out


def _class_rows(frame: pd.DataFrame, previous: dict[str, Decimal], lang: str) -> list[list[str]]:
    """Rows of a classification table: code, name, amount, share, basic, project, previous, change, page."""
    total = sum((a for a, lv in zip(frame["total"], frame["level"], strict=True) if lv == 1), Decimal(0))
    rows = []
    for r in frame.to_dict("records"):
        amount, prev = r["total"], previous.get(r["code"])
        share = None if not total else amount * 100 / total
        diff = None if prev is None else amount - prev
        cls = "text lv1" if r["level"] == 1 else "text lv2"
        rows.append([_td(r["code"], "code"), _td(r["name"], cls), _amount_cell(amount, lang),
                     "<td class='num'>–</td>" if share is None else f"<td class='num'>{_fmt(share)}%</td>",
                     _amount_cell(r.get("basic"), lang), _amount_cell(r.get("project"), lang),
                     _amount_cell(prev, lang) if previous else "<td class='num'>–</td>",
                     _signed_cell(diff), _td(_pages_text([r["page"]], lang), "page")])
    return rows


def _wide(rows: pd.DataFrame) -> pd.DataFrame:
    wide = rows.pivot_table(index=["code", "name", "level"], columns="measure", values="amount", aggfunc="first",
                            sort=False).reset_index()
    pages = rows.groupby("code", sort=False)["page"].first()
    wide["page"] = [pages.get(c) for c in wide["code"]]
    for m in ("total", "basic", "project"):
        if m not in wide:
            wide[m] = None
    wide["total"] = [Decimal(0) if _missing(v) else v for v in wide["total"]]
    return wide.sort_values("code", kind="stable")


def classification(doc: BudgetDocument, yoy: pd.DataFrame | None = None, lang: str = "zh") -> Html:
    """Expenditure by function 类 / 款 and by economic 类: amounts, shares of the total, basic and
    project, and the change from the previous year where it is known, with pages."""
    from budgetkit.comparison.headlines import ECONOMIC_TABLES

    words = labels(lang)
    head = [words["code"], words["class_name"], words["amount"], words["share"], words["basic"], words["project"],
            words["previous"], words["change"], words["page"]]
    numeric = (2, 3, 4, 5, 6, 7)
    function = _function_lines(doc)
    parts = [f"<h3>{words['function']}</h3>"]
    if function.empty:
        parts.append(f"<p class='missing'>{words['no_function']}</p>")
    else:
        table = function["table"].iloc[0]
        parts.append(f"<p class='source'>{Html.escape(kind_title(table, doc.phase, lang))}</p>")
        parts.append(_table(head, _class_rows(_wide(function), _previous_amounts(yoy, "function", table), lang),
                            "classes", numeric))
    lines = doc.lines
    economic = lines[lines["table"].isin(list(ECONOMIC_TABLES)) & (lines["level"] == 1)
                     & (lines["measure"] == "total")]
    parts.append(f"<h3>{words['economic']}</h3>")
    if economic.empty:
        parts.append(f"<p class='missing'>{words['no_economic']}</p>")
    else:
        groups = []
        for code, g in economic.groupby("code", sort=True):
            basic = sum(g.loc[g["table"] == "general_basic_economic", "amount"], Decimal(0))
            project = sum(g.loc[g["table"] == "general_project_economic", "amount"], Decimal(0))
            groups.append({"code": code, "name": g["name"].iloc[0], "level": 1, "total": basic + project,
                           "basic": basic, "project": project, "page": g["page"].min()})
        parts.append(_table(head, _class_rows(pd.DataFrame(groups), _previous_amounts(yoy, "economic", None), lang),
                            "classes", numeric))
    return _section("classification", lang, "".join(parts))


def audit_summary(audit, lang: str = "zh") -> Html:
    """Checks run and held, and findings counted by severity."""
    words = labels(lang)
    counts = audit.counts
    cells = [(words["checked"], audit.checked), (words["held"], audit.held)] + [
        (words[s], counts.get(s, 0)) for s in ("error", "warning", "info")]
    return _section("audit", lang, _table([w for w, _ in cells], [[f"<td class='num'>{int(v)}</td>" for _, v in cells]],
                                          "audit", numeric=range(5)))


@functools.cache
def _rule_identities() -> dict[str, str]:
    from budgetkit.audit.rules import rules

    frame = rules()
    return dict(zip(frame["id"], frame["identity"], strict=True))


def findings(audit, lang: str = "zh", phase: str = "budget", doc: BudgetDocument | None = None,
             out: str | Path | None = None) -> Html:
    """The audit's findings, errors first: severity, rule, message, table and evidence, in ``lang``.

    Given the document (and the report's folder ``out``), each finding's page links to
    that page of the PDF it is printed in (``file.pdf#page=N``, relative to the report),
    a narrative finding's to the page its sentence is printed on
    (:func:`budgetkit.audit.locate.locate`).
    """
    words = labels(lang)
    frame = audit.findings
    heading = f"<h3 id='findings'>{words['findings']} ({0 if frame is None else len(frame)})</h3>"
    if frame is None or frame.empty:
        return Html(f"{heading}<p>{words['no_findings']}</p>")
    order = {"error": 0, "warning": 1, "info": 2}
    frame = frame.assign(_o=frame["severity"].map(order).fillna(3)).sort_values("_o", kind="stable")
    frame = frame.reset_index(drop=True)
    places = _finding_places(doc, frame, out) if doc is not None else [None] * len(frame)
    rules_zh = _rule_identities()
    rows = []
    for rec, place in zip(frame.to_dict("records"), places, strict=True):
        severity = str(rec["severity"])
        rule = rules_zh.get(rec["rule"], rec["rule"]) if lang == "zh" else rec["rule"]
        table = "" if _missing(rec.get("table")) or not rec.get("table") else kind_title(rec["table"], phase, lang)
        rows.append([f"<td class='{html.escape(severity)}'>{html.escape(words.get(severity, severity))}</td>",
                     _td(rule, "text"), _td(rec.get("message") or "", "text"), _td(table, "text"),
                     _td("" if _missing(rec.get("code")) else rec.get("code"), "code"),
                     _amount_cell(rec.get("expected"), lang) if not _missing(rec.get("expected")) else "<td></td>",
                     _amount_cell(rec.get("actual"), lang) if not _missing(rec.get("actual")) else "<td></td>",
                     _page_link(place, lang) if place else _td(_pages_text([rec.get("page")], lang), "page")])
    head = [words["severity"], words["rule"], words["message"], words["table"], words["code"], words["expected"],
            words["actual"], words["page"]]
    return Html(heading + _table(head, rows, "findings", numeric=(5, 6)))


def _finding_places(doc: BudgetDocument, frame: pd.DataFrame, out) -> list[tuple[str, int] | None]:
    """Each finding's ``(link target, page)``: the PDF it is printed in, relative to ``out``."""
    from budgetkit.audit.locate import locate

    pdfs = {Path(s).name: Path(s) for s in doc.sources if s.lower().endswith(".pdf")}
    if not pdfs:
        return [None] * len(frame)
    base = Path(out).resolve() if out is not None else Path.cwd()
    boxes = locate(doc, frame)
    places: list[tuple[str, int] | None] = []
    for rec, box in zip(frame.to_dict("records"), boxes, strict=True):
        if box is not None:
            source, page = Path(box.source).name, box.page
        elif not _missing(rec.get("page")) and rec.get("table"):
            files = doc.lines.loc[doc.lines["table"] == rec["table"], "source"]
            source, page = (files.iloc[0] if len(files) else ""), int(rec["page"])
        else:
            source, page = "", 0
        path = pdfs.get(source) or (next(iter(pdfs.values())) if len(pdfs) == 1 and page else None)
        places.append((Path(os.path.relpath(path.resolve(), base)).as_posix(), page) if path and page else None)
    return places


def _page_link(place: tuple[str, int], lang: str) -> str:
    target, page = place
    href = html.escape(f"{quote(target)}#page={page}", quote=True)
    return f"<td class='page'><a href=\"{href}\">{html.escape(_pages_text([page], lang))}</a></td>"


def _sentence_pages(doc: BudgetDocument, sentence, lang: str) -> str:
    """Where a narrative sentence's current figure is printed."""
    from budgetkit.comparison.headlines import ECONOMIC_TABLES, FUNCTION_TABLES

    if not sentence.key:
        return ""
    if sentence.classification:
        lines = _department_lines(doc) if sentence.classification == "function" else doc.lines
        tables = FUNCTION_TABLES if sentence.classification == "function" else ECONOMIC_TABLES
        rows = lines[(lines["code"] == sentence.key) & (lines["classification"] == sentence.classification)
                     & lines["table"].isin(list(tables))]
        pages = [] if rows.empty else [rows["page"].min()]
    else:
        pages = figure_pages(doc, sentence.key)
    return _pages_text(pages, lang)


def narrative(yoy: pd.DataFrame | None, lang: str = "zh", doc: BudgetDocument | None = None,
              previous: BudgetDocument | None = None) -> Html:
    """The year-over-year narrative: each sentence with the page of its figure; what cannot be
    compared said to be missing; no previous year said so, with no change stated."""
    from budgetkit.narrative.sentences import gaps, sentences

    words = labels(lang)
    if yoy is None or yoy.empty:
        return _section("narrative", lang, f"<p class='missing'>{words['no_previous']}</p>")
    items = []
    for s in sentences(yoy, lang):
        refs = [] if doc is None else [_sentence_pages(doc, s, lang)]
        if s.basis == "narrative" and s.key:
            refs.append(words["source_narrative"])
        ref = ("；" if lang == "zh" else "; ").join(r for r in refs if r)
        cite = "" if not ref else (f"<span class='ref'>（{html.escape(ref)}）</span>" if lang == "zh"
                                   else f" <span class='ref'>({html.escape(ref)})</span>")
        items.append(f"<p>{Html.escape(s.text)}{cite}</p>")
    if (yoy["basis"] == "narrative").all():
        basis = words["from_narrative"]
    else:
        names = ", ".join(Path(p).name for p in previous.sources) if previous is not None else ""
        basis = words["from_document"].format(sources=names)
    missing = gaps(yoy, lang)
    gap_html = "" if not missing else (f"<h3>{words['gaps']}</h3><ul class='gaps'>"
                                       + "".join(f"<li>{Html.escape(g)}</li>" for g in missing) + "</ul>")
    return _section("narrative", lang, f"<p class='basis'><em>{html.escape(basis)}</em></p>{''.join(items)}{gap_html}")


def execution(doc: BudgetDocument, lang: str = "zh", budget: BudgetDocument | None = None) -> Html:
    """A 决算's execution (:func:`budgetkit.execution`): the sentences its 情况说明 would write
    (决算X万元，完成年初预算的Y%), the figures with 决算数, 预算数, difference, 执行率, the plan's
    basis and where it was read, what has no plan said to be missing, and the chart by function
    类. Nothing for a 预算 (an empty block).

    Parameters
    ----------
    doc
        The document the report is about.
    lang
        ``zh`` or ``en``.
    budget
        The 预算 of the same department and year, when at hand; else the plan the 决算 prints
        or states.
    """
    import base64

    from budgetkit import charts
    from budgetkit.comparison.execution import execution as execution_frame
    from budgetkit.narrative.sentences import gaps, sentences

    if doc.phase != "final":
        return Html("")
    words = labels(lang)
    frame = execution_frame(doc, budget)
    anchor, key = EXECUTION_SECTION
    head = f"<section id='{anchor}'><h2>{html.escape(words[key])}</h2>"
    planned = frame[frame["budget_amount"].notna()]
    if planned.empty:
        return Html(f"{head}<p class='missing'>{html.escape(words['no_plan'])}</p></section>")
    names = {"table": words["plan_table"], "narrative": words["plan_narrative"], "budget": words["plan_budget"]}
    used = [names[s] for s in dict.fromkeys(planned["source"]) if s in names]
    note = words["execution_note"].format(sources=("、" if lang == "zh" else ", ").join(used))
    items = "".join(f"<p>{Html.escape(s.text)}</p>" for s in sentences(frame, lang))
    rows = []
    for r in frame.to_dict("records"):
        missing = _missing(r["budget_amount"])
        rate = "–" if _missing(r["rate"]) else f"{Decimal(r['rate']).quantize(Decimal('0.01'))}%"
        rows.append([_td(f"{r['code']} {r['name']}" if r["code"] else r["name"]),
                     _amount_cell(r["final_amount"], lang),
                     f"<td class='num missing'>{words['not_stated']}</td>" if missing
                     else _amount_cell(r["budget_amount"], lang),
                     _signed_cell(r["difference"]), f"<td class='num'>{rate}</td>",
                     _td(r["basis"]), _td("" if missing else names.get(r["source"], r["source"]))])
    table = _table([words["figure"], words["final_amount"], words["budget_amount"], words["difference"],
                    words["rate"], words["basis"], words["source"]], rows, "execution", numeric=(1, 2, 3, 4))
    missing = gaps(frame, lang)
    gap_html = "" if not missing else (f"<h3>{words['gaps']}</h3><ul class='gaps'>"
                                       + "".join(f"<li>{Html.escape(g)}</li>" for g in missing) + "</ul>")
    fig = charts.execution(frame, lang=lang)
    data = base64.b64encode(figure_png(fig).data).decode("ascii")
    alt = fig.get_label()
    image = (f"<figure class='chart' id='chart-execution'><img src='data:image/png;base64,{data}' "
             f"alt='{Html.escape(alt)}'></figure>")
    return Html(f"{head}<p class='basis'><em>{html.escape(note)}</em></p>{items}{table}{gap_html}{image}</section>")


class Png:
    """A PNG image Jupyter displays (and nbconvert embeds) as ``image/png``."""

    def __init__(self, data: bytes):
        self.data = data

    def _repr_png_(self) -> bytes:
        return self.data


def figure_png(fig, dpi: int = 96, pad: float = 0.1) -> Png:
    """A matplotlib Figure as a :class:`Png`: ``dpi``, cropped to what is drawn plus ``pad`` inches.

    The figure is drawn once (``savefig(bbox_inches="tight")`` draws it twice: once to
    measure it) and the drawing cropped, as the tight bounding box would crop it.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer()).padded(pad)
    pixels = canvas.buffer_rgba()
    height, width = pixels.shape[:2]
    drawn = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    left, right = round(box.x0 * dpi), round(box.x1 * dpi)
    top, bottom = round(height - box.y1 * dpi), round(height - box.y0 * dpi)
    page = Image.new("RGBA", (right - left, bottom - top), tuple(round(c * 255) for c in fig.get_facecolor()))
    page.paste(drawn, (-left, -top))
    buffer = io.BytesIO()
    page.save(buffer, format="png")
    return Png(buffer.getvalue())


#: The report's charts: (:mod:`budgetkit.charts` function, needs the year-over-year frame).
CHARTS = (("composition", False), ("basic_project", False), ("economic_groups", False),
          ("change_by_class", True), ("three_public", True), ("office_operation", True),
          ("largest_projects", False))
_CHART_EN = {
    "composition": "Expenditure by function class, amount and share", "basic_project":
    "Basic and project expenditure by function class", "economic_groups": "Expenditure by economic class",
    "change_by_class": "Change from the previous year by function class",
    "three_public": "“Three public” costs and their parts, both years",
    "office_operation": "Office operation costs (机关运行经费), both years",
    "largest_projects": "The largest projects",
}


def _alt(fig, name: str, lang: str) -> str:
    """The image's alt text: the chart's own description (its title and every value drawn),
    in the chart's language."""
    return fig.get_label() or (_CHART_EN[name] if lang == "en" else name)


def chart(name: str, doc: BudgetDocument, yoy: pd.DataFrame | None = None, lang: str = "zh") -> Html | None:
    """One chart of :data:`CHARTS` as an image with alt text, or a note saying why it cannot be drawn;
    ``None`` for a year-over-year chart without a previous year."""
    import base64

    from budgetkit import charts
    from budgetkit.errors import BudgetkitError

    needs_yoy = dict(CHARTS)[name]
    if needs_yoy and (yoy is None or yoy.empty):
        return None
    try:
        fig = getattr(charts, name)(yoy if needs_yoy else doc, lang=lang)
    except BudgetkitError as exc:
        return Html(f"<p class='chart-missing'>{Html.escape(_CHART_EN[name] if lang == 'en' else name)}: "
                    f"{labels(lang)['chart_missing']} ({Html.escape(exc)})</p>")
    data = base64.b64encode(figure_png(fig).data).decode("ascii")
    alt = _alt(fig, name, lang)
    return Html(f"<figure class='chart' id='chart-{name}'><img src='data:image/png;base64,{data}' "
                f"alt='{Html.escape(alt)}'></figure>")


def chart_images(doc: BudgetDocument, yoy: pd.DataFrame | None = None, lang: str = "zh") -> list[Html]:
    """Every chart of :data:`CHARTS` that the data allows, as images (or a note saying why not)."""
    return [c for name, _ in CHARTS if (c := chart(name, doc, yoy, lang)) is not None]


def charts_heading(lang: str = "zh") -> Html:
    """The heading of the charts (each chart is a cell of its own)."""
    return Html(f"<h2 id='charts'>{labels(lang)['charts']}</h2>")


def show_charts(doc: BudgetDocument, yoy: pd.DataFrame | None = None, lang: str = "zh") -> None:
    """Display the heading and every chart, one output each."""
    from IPython.display import display

    display(charts_heading(lang))
    for image in chart_images(doc, yoy, lang):
        display(image)


def projects(doc: BudgetDocument, lang: str = "zh") -> Html:
    """The project list: unit, project, amount and 绩效目标, as printed; when no list is read,
    what the document does say about its projects."""
    words = labels(lang)
    frame = doc.projects
    if frame.empty:
        project = headline_amounts(doc)["project"]
        pages = _pages(figure_pages(doc, "project") or (0,))
        if project is None:
            text = words["no_projects_unknown"]
        elif project == 0:
            text = words["no_project_spending"].format(pages=pages)
        else:
            text = words["no_projects_read"].format(amount=_fmt(project), pages=pages)
        goals = [i for i in doc.table_info if i.kind == "performance_goals"]
        if goals:
            text += " " + words["goals_table"].format(pages=_pages(goals[0].pages))
        return _section("projects", lang, f"<p class='missing'>{Html.escape(text)}</p>")
    rows = ([_td(r["unit"], "text"), _td(r["name"], "text"), _amount_cell(r["amount"], lang),
             _td(r["performance_goal"], "text goal"), _td(_pages_text([r.get("page")], lang), "page")]
            for r in frame.to_dict("records"))
    return _section("projects", lang, _table(
        [words["unit"], words["name"], words["amount"], words["goal"], words["page"]], rows, "projects", (2,)))


def write_downloads(doc: BudgetDocument, out: str | Path) -> tuple[Path, Path]:
    """The department's tidy lines beside its report: CSV (UTF-8 with BOM, amounts as exact
    decimal text) and XLSX (amounts as exact decimals; a second sheet of projects)."""
    from budgetkit.dataset.files import csv_frame

    out = Path(out)
    csv_name, xlsx_name = download_names(doc)
    csv_path = atomic_write(out / csv_name, lambda p: csv_frame(doc.lines).to_csv(p, index=False,
                                                                                 encoding="utf-8-sig"))
    xlsx_path = atomic_write(out / xlsx_name, lambda p: _write_xlsx(doc, p))
    return csv_path, xlsx_path


def _cell_value(value):
    if _missing(value):
        return None
    if isinstance(value, (Decimal, str, int)):
        return value
    return str(value) if not isinstance(value, float) else value


def _write_xlsx(doc: BudgetDocument, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, frame in (("lines", doc.lines), ("projects", doc.projects)):
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([_cell_value(v) for v in row])
    book.save(path)


def downloads(doc: BudgetDocument, lang: str = "zh", out: str | Path = ".") -> Html:
    """Write the data downloads (:func:`write_downloads`) and link them."""
    words = labels(lang)
    csv_path, xlsx_path = write_downloads(doc, out)
    links = (f"<li><a href='{html.escape(quote(csv_path.name))}' download>{html.escape(csv_path.name)}</a> — "
             f"{words['csv']}</li><li><a href='{html.escape(quote(xlsx_path.name))}' download>"
             f"{html.escape(xlsx_path.name)}</a> — {words['xlsx']}</li>")
    return _section("downloads", lang, f"<ul class='downloads'>{links}</ul><p>{words['downloads_note']}</p>")


_METHOD = {
    "zh": ("<p>本报告由 budgetkit 从源文件读出：{what}。读出 {tables} 张表、{lines} 个数值，每个印出的数字一行。"
           "文件以{units}印出的金额，均精确换算为万元（不经浮点数）；本页显示时按四舍五入保留两位小数，"
           "下载文件保留精确小数。</p>"
           "<p>审核检查一份一致的文件应满足的等式：各表合计等于各类之和，类等于款之和、款等于项之和，"
           "各表之间的同一数字相等，情况说明所述数字与表格一致。每个四舍五入的加数允许0.01的尾差，"
           "尾差以内记为提示而非错误。本文件共检查 {checked} 个等式，{held} 个成立。</p>"
           "<p>{previous}</p><p>读取不可靠的表格在“读取提示”中注明页码，不据以作出判断。</p>"),
    "en": ("<p>This report was read by budgetkit from the source files: {what}. {tables} tables and {lines} numbers "
           "were read, one line per printed number. Amounts printed in {units} are converted exactly to 10k yuan "
           "(万元), never through floating point; this page rounds them half-up to two decimals, the downloads keep "
           "the exact decimals.</p>"
           "<p>The audit checks the identities a consistent disclosure satisfies: each table's total equals the sum "
           "of its classes, a class the sum of its subclasses, the same figure is equal across tables, and the "
           "narrative's figures agree with the tables. Each rounded addend allows 0.01 of rounding difference; a "
           "difference within it is a note, not an error. {checked} identities were checked, {held} held.</p>"
           "<p>{previous}</p><p>A table that could not be read reliably is named, with its pages, under "
           "“Reading notes”, and nothing is concluded from it.</p>"),
}
_PREVIOUS = {
    "zh": {"document": "上年数字取自同一部门上一年度的文件（{sources}），按表格、科目编码、单位和栏目逐行对应。",
           "narrative": "未提供上一年度的文件；上年数字由本文件情况说明所述的本年数与增减额推算（本年数减增加额）。",
           "none": "没有上一年度的数字，本报告不作同比比较。"},
    "en": {"document": "Previous-year figures come from the same department's document of the year before "
                       "({sources}), matched by table, classification code, unit and column.",
           "narrative": "No previous document was given; previous-year figures are derived from this document's "
                        "narrative (this year's figure less the change it states).",
           "none": "No previous-year figures are available; this report states no change."},
}


def methodology(doc: BudgetDocument, audit=None, yoy: pd.DataFrame | None = None, lang: str = "zh",
                previous: BudgetDocument | None = None) -> Html:
    """What was read, how amounts are converted and rounded, what the audit checks, and where the
    previous year comes from."""
    labels(lang)
    units = sorted({u for u in doc.lines["source_unit"].dropna().unique() if u})
    what = ", ".join(Path(s).name for s in doc.sources)
    if yoy is None or yoy.empty:
        basis = "none"
    elif (yoy["basis"] == "narrative").all():
        basis = "narrative"
    else:
        basis = "document"
    sources = ", ".join(Path(s).name for s in previous.sources) if previous is not None else ""
    text = _METHOD[lang].format(
        what=html.escape(what), tables=len(doc.table_info), lines=len(doc.lines),
        units=("、" if lang == "zh" else ", ").join(units) or "万元",
        checked=getattr(audit, "checked", 0), held=getattr(audit, "held", 0),
        previous=html.escape(_PREVIOUS[lang][basis].format(sources=sources)))
    return _section("methodology", lang, text)


# -- executing and exporting -------------------------------------------------------------


