"""budgetkit.execution: a 决算 against its plan — the plan it prints, the plan its 情况说明 states,
or the 预算 of its year — on the rendered 决算 fixture and on the real 决算 of the corpus."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest

import budgetkit
from budgetkit.comparison.execution import EXECUTION_COLUMNS, SECTIONS
from tests.corpus_expected import CORPUS, read_document
from tests.fixtures.pdfs import render_final


@pytest.fixture(scope="module")
def final_doc(tmp_path_factory):
    return budgetkit.read(render_final(tmp_path_factory.mktemp("final")))


@pytest.fixture(scope="module")
def budget_doc(tmp_path_factory, render_fixtures):
    path = tmp_path_factory.mktemp("budget") / "jh-linchuan-stats-2024-budget.txt"
    path.write_text(render_fixtures.FINAL_BUDGET_TEXT, encoding="utf-8")
    return budgetkit.read(path)


def _row(frame: pd.DataFrame, section: str, key: str) -> dict:
    rows = frame[(frame["section"] == section) & ((frame["code"] == key) | (frame["item"] == key))]
    assert len(rows) == 1, (section, key, rows)
    return rows.iloc[0].to_dict()


def _figures(row: dict) -> tuple:
    return row["final_amount"], row["budget_amount"], row["difference"], row["rate"], row["basis"], row["source"]


def test_execution_frame_has_the_documented_columns_and_sections(final_doc):
    frame = budgetkit.execution(final_doc)
    assert tuple(frame.columns) == EXECUTION_COLUMNS
    assert list(dict.fromkeys(frame["section"])) == list(SECTIONS)
    for column in ("final_amount", "budget_amount", "difference", "rate"):
        assert all(pd.isna(v) or isinstance(v, D) for v in frame[column].tolist()), column


def test_execution_from_the_plan_the_final_prints(final_doc):
    frame = budgetkit.execution(final_doc)
    # 一般公共预算财政拨款支出决算表: 年初预算数 1,436.00, 决算数 1,427.00 (its 调整预算数 1,444.77 is not the basis)
    assert _figures(_row(frame, "total", "general_public_expenditure")) == (
        D("1427"), D("1436"), D("-9"), D("99.37"), "年初预算", "table")
    assert _figures(_row(frame, "function", "201")) == (D("1158.78"), D("1165"), D("-6.22"), D("99.47"),
                                                       "年初预算", "table")
    assert _figures(_row(frame, "function", "22102")) == (D("71.27"), D("70"), D("1.27"), D("101.81"),
                                                         "年初预算", "table")
    # “三公”经费: 预算数 beside 决算数 in its table; from zero there is no rate
    assert _figures(_row(frame, "three_public", "three_public")) == (D("7.86"), D("12"), D("-4.14"), D("65.50"),
                                                                    "年初预算", "table")
    assert _figures(_row(frame, "three_public", "overseas_travel"))[:4] == (D("0"), D("3"), D("-3"), D("0.00"))
    assert _row(frame, "three_public", "vehicle_purchase")["rate"] is None


def test_every_rate_the_narrative_prints_is_the_one_computed(final_doc):
    frame = budgetkit.execution(final_doc)
    stated = frame[frame["stated_rate"].notna()]
    # 一般公共预算财政拨款支出, seven 项, the “三公”经费 and three of its parts
    assert len(stated) == 12
    assert list(stated["rate"]) == list(stated["stated_rate"])


def test_a_plan_nowhere_printed_is_missing_never_guessed(final_doc):
    frame = budgetkit.execution(final_doc)
    # The 决算 prints no plan for 本年收入合计, the economic 类, 基本支出 or 项目支出.
    missing = frame[frame["budget_amount"].isna()]
    assert set(missing["section"]) == {"total", "economic", "basic_project"}
    assert set(missing.loc[missing["section"] == "total", "item"]) == {"current_income", "current_expenditure"}
    assert missing[["difference", "rate"]].isna().all().all()
    assert (missing["basis"] == "").all() and (missing["source"] == "").all()
    assert _row(frame, "economic", "301")["final_amount"] == D("980.57")
    assert _row(frame, "basic_project", "basic")["final_amount"] == D("1088.22")


def test_execution_from_the_narrative_when_the_tables_print_no_plan(final_doc):
    lines = final_doc.lines
    bare = replace(final_doc, lines=lines[~lines["measure"].isin(["budget", "adjusted_budget"])])
    frame = budgetkit.execution(bare)
    # "一般公共预算财政拨款支出年初预算为1,436.00万元，支出决算为1,427.00万元，完成年初预算的99.37%"
    assert _figures(_row(frame, "total", "general_public_expenditure")) == (
        D("1427"), D("1436"), D("-9"), D("99.37"), "年初预算", "narrative")
    # "3、…（类）统计信息事务（款）专项普查活动（项）。年初预算为180.00万元，支出决算为202.48万元"
    assert _figures(_row(frame, "function", "2010507")) == (D("202.48"), D("180"), D("22.48"), D("112.49"),
                                                           "年初预算", "narrative")
    # the 类 and 款 it states no plan for stay without one
    assert _row(frame, "function", "201")["budget_amount"] is None
    # "公务用车购置及运行维护费支出决算为5.36万元，年初预算为6.00万元": the 决算 first
    assert _figures(_row(frame, "three_public", "vehicle")) == (D("5.36"), D("6"), D("-0.64"), D("89.33"),
                                                               "年初预算", "narrative")


def test_execution_against_the_budget_of_its_year(final_doc, budget_doc):
    frame = budgetkit.execution(final_doc, budget_doc)
    assert set(frame.loc[frame["budget_amount"].notna(), "source"]) == {"budget"}
    assert _figures(_row(frame, "total", "current_expenditure")) == (D("1457"), D("1436"), D("21"), D("101.46"),
                                                                    "年初预算", "budget")
    # what the 决算 prints no plan for, the 预算 does
    assert _figures(_row(frame, "economic", "302")) == (D("64.25"), D("52"), D("12.25"), D("123.56"),
                                                       "年初预算", "budget")
    # 基本 / 项目 where both print them: the 一般公共预算 tables
    assert _figures(_row(frame, "basic_project", "project")) == (D("338.78"), D("330"), D("8.78"), D("102.66"),
                                                                "年初预算", "budget")
    assert _figures(_row(frame, "three_public", "reception"))[:4] == (D("2.5"), D("3"), D("-0.5"), D("83.33"))


def test_compare_of_a_budget_and_its_final_is_the_execution(final_doc, budget_doc):
    expected = budgetkit.execution(final_doc, budget_doc)
    pd.testing.assert_frame_equal(budgetkit.compare(budget_doc, final_doc), expected)
    pd.testing.assert_frame_equal(budgetkit.compare(final_doc, budget_doc), expected)


def test_execution_refuses_what_it_cannot_measure(final_doc, budget_doc):
    with pytest.raises(budgetkit.ComparisonError, match="not a 决算"):
        budgetkit.execution(budget_doc)
    with pytest.raises(budgetkit.BudgetkitError, match="give the 预算"):
        budgetkit.execution(final_doc, final_doc)
    with pytest.raises(budgetkit.ComparisonError, match="same year"):
        budgetkit.execution(final_doc, replace(budget_doc, year=2023, lines=budget_doc.lines.assign(year=2023)))
    with pytest.raises(budgetkit.ComparisonError, match="same department"):
        budgetkit.execution(final_doc, replace(budget_doc, department="江海市临川区财政局",
                                               lines=budget_doc.lines.assign(department="江海市临川区财政局")))


# -- the real 决算 -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def putuo_final(corpus):
    disclosure = next(d for d in CORPUS if d.name == "sh-putuo-finance-2024-final")
    paths = [corpus / f for f in disclosure.files]
    assert all(p.exists() for p in paths), disclosure.files
    try:
        doc = budgetkit.read(paths)
    except budgetkit.BudgetkitError as exc:  # present, so it must read: fail, never skip
        doc = exc
    return read_document({disclosure.name: doc}, disclosure.name)


#: 上海市普陀区财政局2024年度部门决算, 情况说明 pp.21–22 (五（三）), as printed: code → (年初预算, 支出决算).
PUTUO_STATED = {
    "2010601": ("1560.05", "1511.89"), "2010602": ("10.00", "10.00"), "2010607": ("135.90", "135.25"),
    "2010608": ("450.52", "449.52"), "2080501": ("85.55", "84.65"), "2080505": ("161.62", "160.75"),
    "2080506": ("80.81", "80.38"), "2080599": ("0.94", "0.94"), "2101101": ("62.29", "60.99"),
    "2210201": ("187.75", "187.19"), "2210203": ("258.50", "258.50"),
}


@pytest.mark.corpus
def test_putuo_final_total_as_its_narrative_states_it(putuo_final):
    frame = budgetkit.execution(putuo_final)
    # p.21: "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%"
    row = _row(frame, "total", "general_public_expenditure")
    assert _figures(row) == (D("2940.05"), D("2993.92"), D("-53.87"), D("98.20"), "年初预算", "narrative")
    assert row["stated_rate"] == D("98.20")


@pytest.mark.corpus
def test_putuo_final_every_xiang_plan_of_its_narrative(putuo_final):
    frame = budgetkit.execution(putuo_final)
    planned = frame[(frame["section"] == "function") & frame["budget_amount"].notna()]
    assert dict(zip(planned["code"], zip(planned["budget_amount"], planned["final_amount"], strict=True),
                    strict=True)) == {code: (D(b), D(f)) for code, (b, f) in PUTUO_STATED.items()}
    assert set(planned["source"]) == {"narrative"} and set(planned["level"]) == {3}
    # 行政运行: 1511.89 / 1560.05 = 96.91%; 财政委托业务支出: 449.52 / 450.52 = 99.78%
    assert _row(frame, "function", "2010601")["rate"] == D("96.91")
    assert _row(frame, "function", "2010608")["rate"] == D("99.78")
    # The 类 and 款 it states no plan for (its 项 add to 2993.93, one cent from the 2993.92 it states)
    assert _row(frame, "function", "201")["budget_amount"] is None


@pytest.mark.corpus
def test_putuo_final_three_public(putuo_final):
    frame = budgetkit.execution(putuo_final)
    # p.18 prints 预算数 0.95 and no 决算数; p.23: "年初预算为0.95万元，支出决算为0.00万元，完成预算的0%"
    row = _row(frame, "three_public", "three_public")
    assert _figures(row) == (D("0"), D("0.95"), D("-0.95"), D("0.00"), "年初预算", "table")
    assert row["final_source"] == "narrative"
    # 公务接待费: 预算数 0.95 printed, its 决算数 neither printed nor stated with a plan
    reception = _row(frame, "three_public", "reception")
    assert reception["budget_amount"] == D("0.95") and reception["final_amount"] is None


# -- the sentences ------------------------------------------------------------------------------

def test_narrate_execution_as_the_office_writes_it(final_doc):
    frame = budgetkit.execution(final_doc)
    zh = budgetkit.narrate(frame)
    assert zh[0] == "2024年度一般公共预算财政拨款支出决算1,427.00万元，完成年初预算的99.37%。"
    assert "2024年度住房保障支出（类）决算71.27万元，完成年初预算的101.81%。" in zh
    assert "2024年度“三公”经费决算7.86万元，完成年初预算的65.50%。" in zh
    # a plan of zero: no percentage
    assert "2024年度公务用车购置费决算0.00万元，年初预算为0.00万元。" in zh
    # the 类 have plans: no 款 or 项 sentence; no figure without a plan
    assert not any("（项）" in s or "（款）" in s or "本年收入" in s or "基本支出" in s for s in zh)
    en = budgetkit.narrate(frame, lang="en")
    assert en[0] == ("In 2024 general public budget appropriation expenditure was 1,427.00万元 in the final accounts, "
                     "99.37% of the initial budget.")
    assert len(en) == len(zh)
    from budgetkit.narrative.sentences import gaps

    assert gaps(frame) == ["未列示预算数，未计算执行率：本年收入、本年支出、工资福利支出、商品和服务支出、"
                           "对个人和家庭的补助、资本性支出、基本支出、项目支出。"]


def test_narrate_execution_names_the_basis_it_was_given(final_doc):
    lines = final_doc.lines
    adjusted = replace(final_doc, lines=lines[lines["measure"] != "budget"])  # only 调整预算数 left
    zh = budgetkit.narrate(budgetkit.execution(adjusted))
    # 1,427.00 / 1,444.77 = 98.77%
    assert zh[0] == "2024年度一般公共预算财政拨款支出决算1,427.00万元，完成调整预算的98.77%。"
    assert budgetkit.narrate(budgetkit.execution(adjusted), lang="en")[0].endswith("98.77% of the adjusted budget.")


@pytest.mark.corpus
def test_putuo_final_sentences(putuo_final):
    zh = budgetkit.narrate(budgetkit.execution(putuo_final))
    # p.21 states 98.20%, and the 项 where only they have a plan
    assert zh[0] == "2024年度一般公共预算财政拨款支出决算2,940.05万元，完成年初预算的98.20%。"
    assert "2024年度行政运行（项）决算1,511.89万元，完成年初预算的96.91%。" in zh
    assert "2024年度公务接待费年初预算为0.95万元，决算数未列示。" in zh


# -- the chart ----------------------------------------------------------------------------------

def test_execution_chart_by_class(final_doc, tmp_path, monkeypatch):
    import io
    import warnings

    from budgetkit import charts
    from budgetkit.charts import fonts

    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns
        fig = charts.execution(budgetkit.execution(final_doc))
        fig.savefig(io.BytesIO(), format="png", dpi=60)
    assert list(tmp_path.iterdir()) == []
    label = fig.get_label()
    assert label.startswith("江海市临川区统计局 2024年决算与年初预算（按功能分类）：")
    assert "一般公共服务支出（类） 决算1,158.78万元、年初预算1,165.00万元、执行率99.47%" in label
    assert "住房保障支出（类） 决算71.27万元、年初预算70.00万元、执行率101.81%" in label
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["一般公共服务支出（类）", "社会保障和就业支出（类）",
                                                            "卫生健康支出（类）", "住房保障支出（类）"]
    fig.draw_without_rendering()
    assert ax.get_legend() is None and fig.legends  # the legend outside the plot
    texts = "".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text())
    assert not fonts.missing_glyphs(texts)


def test_execution_chart_says_what_is_missing(final_doc):
    from budgetkit import charts

    lines = final_doc.lines
    bare = replace(final_doc, lines=lines[~lines["measure"].isin(["budget", "adjusted_budget"])],
                   narrative="")
    fig = charts.execution(budgetkit.execution(bare))
    assert fig.get_label().endswith("：未列示按功能分类的预算数，未计算执行率。")
    with pytest.raises(budgetkit.BudgetkitError):
        charts.execution(final_doc.lines)


# -- the report ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def final_report(tmp_path_factory):
    from budgetkit import report

    folder = tmp_path_factory.mktemp("final-report")
    pdf = render_final(folder)
    made = report.render(pdf, out=folder / "out")
    return made


def test_final_report_has_its_execution_section(final_report):
    import re

    import nbformat

    from budgetkit import report

    page = Path(final_report.html).read_text(encoding="utf-8")
    # in the contents, after the narrative, and there
    toc = re.search(r"<nav[^>]*class=\"toc\"[^>]*>.*?</nav>", page, re.S).group(0)
    assert toc.index('href="#narrative"') < toc.index('<a href="#execution">预算执行</a>') < toc.index('href="#charts"')
    section = re.search(r'<section id="execution">.*?</section>', page, re.S).group(0)
    assert "<p>2024年度一般公共预算财政拨款支出决算1,427.00万元，完成年初预算的99.37%。</p>" in section
    assert "<p>2024年度“三公”经费决算7.86万元，完成年初预算的65.50%。</p>" in section
    row = re.search(r"<tr><td>一般公共预算财政拨款支出</td>.*?</tr>", section).group(0)
    assert [c for c in re.findall(r"<td[^>]*>([^<]*)</td>", row)] == [
        "一般公共预算财政拨款支出", "1,427.00", "1,436.00", "−9.00", "99.37%", "年初预算", "决算表格"]
    row = re.search(r"<tr><td>本年收入合计</td>.*?</tr>", section).group(0)
    assert "未列示" in row and "%" not in row  # no plan: missing, no rate
    assert "未列示预算数，未计算执行率：本年收入" in section
    img = re.search(r"<img\b[^>]*>", section).group(0)
    assert "一般公共服务支出（类） 决算1,158.78万元、年初预算1,165.00万元、执行率99.47%" in img
    nb = nbformat.read(final_report.notebook, as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not any(c.cell_type == "code" and "report.execution(" in c.source and c.outputs == []
                   for c in nb.cells)  # the block ran and showed itself
    assert report.summary_of(nb)["year"] == 2024


def test_execution_block_is_empty_for_a_budget_and_english_for_en(final_doc, budget_doc):
    from budgetkit import report

    assert report.execution(budget_doc) == ""
    assert [a for a, _ in report.sections("budget")] == [a for a, _ in report.SECTIONS]
    en = report.execution(final_doc, "en", budget=budget_doc)
    assert "<h2>Budget execution</h2>" in en and "the budget document of the year" in en
    assert ("In 2024 expenditure of the year was 1,457.00万元 in the final accounts, 101.46% of the initial "
            "budget.") in en


def test_cli_compare_of_a_budget_and_its_final_says_the_execution(final_doc, budget_doc, capsys):
    from budgetkit import cli

    assert cli.main(["compare", budget_doc.sources[0], *final_doc.sources]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["2024年度一般公共预算财政拨款支出决算1,427.00万元，完成年初预算的99.37%。",
                       "2024年度本年收入决算1,450.00万元，完成年初预算的100.97%。"]


def test_the_batch_pairs_a_final_with_its_years_budget_as_its_plan(tmp_path, render_fixtures):
    """A folder with a department's 决算 and its 预算 of the same year: the 决算's report
    measures execution against that 预算 (its 预算数来源 is the 预算), the 预算's report has none."""
    import re

    from budgetkit import batch, report

    folder = tmp_path / "in"
    folder.mkdir()
    render_final(folder)
    (folder / "jh-linchuan-stats-2024-budget.txt").write_text(render_fixtures.FINAL_BUDGET_TEXT, encoding="utf-8")
    for leftover in folder.glob("*-final.txt"):  # the fixture's text twin: one 决算, not two
        leftover.unlink()
    result = batch.run(folder, out=tmp_path / "reports", processed=tmp_path / "processed")
    assert result.exit_code == 0, result.failed
    by_phase = {r["phase"]: r for r in result.records}
    assert set(by_phase) == {"budget", "final"}
    page = (tmp_path / "reports" / by_phase["final"]["report"]).read_text(encoding="utf-8")
    section = re.search(r'<section id="execution">.*?</section>', page, re.S).group(0)
    row = re.search(r"<tr><td>一般公共预算财政拨款支出</td>.*?</tr>", section).group(0)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row)[-1] == report.labels("zh")["plan_budget"]  # 同年预算文件
    budget_page = (tmp_path / "reports" / by_phase["budget"]["report"]).read_text(encoding="utf-8")
    assert '<section id="execution">' not in budget_page
