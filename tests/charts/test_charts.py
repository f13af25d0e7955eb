"""Every chart rendered with Chinese labels, in the project's CJK font, without a missing glyph."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal as D

import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

import budgetkit
from budgetkit.charts import fonts
from budgetkit.errors import BudgetkitError, FontError
from tests.conftest import ROOT
from tests.helpers import SEED_PREVIOUS, edited


@pytest.fixture(scope="module")
def yoy(seed):
    previous = edited(seed.lines, 2022, {**SEED_PREVIOUS, ("expenditure", "", "206"): "300.00",
                                         ("expenditure", "", "221"): "150.00"})
    return budgetkit.compare(previous, seed)


@pytest.fixture(scope="module")
def charts(seed, yoy):
    from budgetkit.charts import plots as c

    return {
        "composition": lambda: c.composition(seed),
        "basic_project": lambda: c.basic_project(seed),
        "economic_groups": lambda: c.economic_groups(seed.lines),
        "change_by_class": lambda: c.change_by_class(yoy),
        "three_public": lambda: c.three_public(yoy),
        "three_public_from_narrative": lambda: c.three_public(
            budgetkit.compare(budgetkit.previous_from_narrative(seed), seed)),
        "largest_projects": lambda: c.largest_projects(seed),
        "office_operation": lambda: c.office_operation(yoy),
    }


def texts(fig: Figure) -> list:
    return [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontproperties"))
            if t.get_text()]


@pytest.mark.parametrize("name", ["composition", "basic_project", "economic_groups", "change_by_class",
                                  "three_public", "three_public_from_narrative", "largest_projects",
                                  "office_operation"])
def test_renders_with_chinese_labels_and_no_missing_glyph(charts, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        fig = charts[name]()
        assert isinstance(fig, Figure)
        fig.savefig(io.BytesIO(), format="png", dpi=60)
        fig.savefig(io.BytesIO(), format="pdf")
    assert list(tmp_path.iterdir()) == []  # a chart saves nothing
    chinese = [t for t in texts(fig) if any("\u4e00" <= ch <= "\u9fff" for ch in t.get_text())]
    assert chinese, "no Chinese label"
    for t in chinese:
        assert font_manager.findfont(t.get_fontproperties(), fallback_to_default=False) == str(fonts.font_path())
    assert not fonts.missing_glyphs("".join(t.get_text() for t in texts(fig)))


def test_the_default_font_would_miss_the_glyphs():
    # The check above can fail: DejaVu Sans has no Chinese.
    dejavu = font_manager.findfont("DejaVu Sans")
    fig = Figure()
    fig.text(0.5, 0.5, "一般公共服务支出", fontproperties=font_manager.FontProperties(fname=dejavu))
    with pytest.warns(UserWarning, match="missing from font"):
        fig.savefig(io.BytesIO(), format="png")


def label_texts(fig: Figure) -> set[str]:
    fig.draw_without_rendering()  # tick labels exist once drawn
    return {t.get_text() for t in texts(fig)}


def test_composition_shows_amounts_and_shares(seed):
    fig = budgetkit.charts.plots.composition(seed)
    labels = label_texts(fig)
    assert "761.01（48.65%）" in labels
    assert "548.48（35.06%）" in labels
    assert "一般公共服务支出（201）" in labels
    assert "外交支出（202）" not in labels  # zero classes are left out
    assert "清远市清新区政务服务数据管理局 2023年支出功能分类构成" in labels


def test_change_by_class_diverges(yoy):
    fig = budgetkit.charts.plots.change_by_class(yoy)
    ax = fig.axes[0]
    widths = sorted(round(p.get_width(), 2) for p in ax.patches)
    assert widths == [-7.73, 248.48]
    assert {"+248.48", "−7.73"} <= label_texts(fig)


def test_three_public_marks_the_narrative_basis(seed):
    fig = budgetkit.charts.plots.three_public(budgetkit.compare(budgetkit.previous_from_narrative(seed), seed))
    assert "2022年（据情况说明推算）" in label_texts(fig)
    assert {"24.90", "8.50"} <= label_texts(fig)
    assert not {"799.92", "36.31"} & label_texts(fig)  # 机关运行经费 is drawn apart


def test_office_operation_on_a_scale_of_its_own(seed):
    fig = budgetkit.charts.plots.office_operation(budgetkit.compare(budgetkit.previous_from_narrative(seed), seed))
    assert {"799.92", "36.31"} <= label_texts(fig)
    assert not {"24.90", "8.50"} & label_texts(fig)


def test_largest_projects(seed):
    fig = budgetkit.charts.plots.largest_projects(seed, n=3)
    labels = label_texts(fig)
    assert {"248.00", "200.00", "125.00"} <= labels
    assert "清远市清新区政务服务数据管理局 2023年金额最大的3个项目" in labels
    assert len(fig.axes[0].patches) == 3


def test_economic_groups_stack_basic_and_project(seed):
    fig = budgetkit.charts.plots.economic_groups(seed)
    assert "653.56" in label_texts(fig)  # 246.83 + 395.73 basic, 11.00 project
    heights = sorted(round(p.get_width(), 2) for p in fig.axes[0].patches)
    assert 642.56 in heights and 11.0 in heights


def test_empty_data_draws_a_message(seed):
    fig = budgetkit.charts.plots.composition(seed.lines[seed.lines["table"] == "three_public"])
    assert "未读到按功能分类的支出" in label_texts(fig)


def test_wrong_input_is_a_clear_error(seed):
    with pytest.raises(BudgetkitError, match="year-over-year frame"):
        budgetkit.charts.plots.change_by_class(seed.lines)
    with pytest.raises(BudgetkitError, match="BudgetDocument"):
        budgetkit.charts.plots.composition("seed.txt")


def test_every_character_of_the_seed_has_a_glyph(seed_text):
    assert fonts.missing_glyphs(seed_text) == set()
    assert fonts.missing_glyphs("一\U0002a6a5") == {"\U0002a6a5"}  # the check can fail


def test_font_is_the_one_the_setup_installs():

    script = (ROOT / "scripts" / "install-system-deps.sh").read_text()
    assert fonts.DEBIAN_PACKAGE in script
    assert fonts.register_matplotlib() == fonts.FAMILY
    assert fonts.font_path().suffix == ".ttc"


def test_missing_font_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGETKIT_CJK_FONT", str(tmp_path / "none.ttc"))
    with pytest.raises(FontError, match="no such file"):
        fonts.font_path()
    monkeypatch.delenv("BUDGETKIT_CJK_FONT")
    monkeypatch.setattr(fonts, "CANDIDATES", (str(tmp_path / "none.ttc"),))
    with pytest.raises(FontError, match=r"install-system-deps\.sh"):
        fonts.font_path()


def test_reportlab_draws_with_the_same_font():
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics

    name = fonts.register_reportlab()
    assert pdfmetrics.stringWidth("收入预算", name, 10) == pytest.approx(40, abs=1)


def test_amounts_stay_decimal_until_drawn(yoy):
    from budgetkit.comparison.headlines import function_classes

    assert all(isinstance(v, D) for v in function_classes(yoy)["change"])


def test_blank_cells_count_as_zero_regression(seed):
    # A 类 row with 基本支出 but a blank 项目支出 cell (Shanghai layouts) broke the stacked bars.
    lines = seed.lines[~((seed.lines["table"] == "expenditure") & (seed.lines["code"] == "221")
                         & (seed.lines["measure"] == "project"))]
    fig = budgetkit.charts.plots.basic_project(lines)
    assert "住房保障支出（221）" in label_texts(fig)


@pytest.mark.corpus
@pytest.mark.parametrize("names", [("sh-putuo-wanli-2024-budget.pdf",),
                                   ("js-party-office-2018-narrative.pdf", "js-party-office-2018-tables.pdf")])
def test_corpus_documents_chart_without_missing_glyphs(corpus, names):
    try:
        doc = budgetkit.read([corpus / n for n in names])
    except BudgetkitError as exc:
        pytest.skip(f"the PDF cannot be read here: {exc}")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for chart in (budgetkit.charts.plots.composition, budgetkit.charts.plots.basic_project,
                      budgetkit.charts.plots.economic_groups, budgetkit.charts.plots.largest_projects):
            fig = chart(doc)
            fig.savefig(io.BytesIO(), format="png", dpi=50)
            assert not fonts.missing_glyphs("".join(t.get_text() for t in texts(fig)))
    assert not fonts.missing_glyphs(doc.narrative)


@pytest.mark.parametrize("name", ["composition", "basic_project", "economic_groups", "change_by_class",
                                  "three_public", "largest_projects", "office_operation"])
def test_labels_never_collide_and_legends_stay_outside_the_plot(charts, name):
    fig = charts[name]()
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    if renderer is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert ax.get_legend() is None  # a legend inside the axes would cover bars
    plot = ax.get_window_extent(renderer)
    for legend in fig.legends:
        assert not legend.get_window_extent(renderer).overlaps(plot)
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    boxes += [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a.overlaps(b) and a.intersection(a, b).width > 1 and a.intersection(a, b).height > 1)
    canvas = fig.bbox
    for box in boxes:  # every label inside the picture
        assert box.x0 >= canvas.x0 - 1 and box.x1 <= canvas.x1 + 1


def test_every_chart_describes_itself_for_alt_text(charts):
    fig = charts["composition"]()
    assert fig.get_label().startswith("清远市清新区政务服务数据管理局 2023年支出功能分类构成：")
    assert "一般公共服务支出（201） 761.01万元（48.65%）" in fig.get_label()
    assert "公务接待费 2022年0.40、2023年0.00" in charts["three_public"]().get_label()


_CJK = __import__("re").compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.mark.parametrize("name", ["composition", "basic_project", "economic_groups", "change_by_class",
                                  "three_public", "three_public_from_narrative", "largest_projects",
                                  "office_operation", "execution", "empty"])
def test_an_english_chart_speaks_english_but_for_the_documents_own_names(seed, yoy, name):
    """Titles, axes, legends, notes and the description of an en chart hold no Chinese word
    of the chart's own: what Chinese is left is a name the document prints (a department,
    a class, a project)."""
    from budgetkit.charts import plots as c

    made = {
        "composition": lambda: c.composition(seed, lang="en"),
        "basic_project": lambda: c.basic_project(seed, lang="en"),
        "economic_groups": lambda: c.economic_groups(seed.lines, lang="en"),
        "change_by_class": lambda: c.change_by_class(yoy, lang="en"),
        "three_public": lambda: c.three_public(yoy, lang="en"),
        "three_public_from_narrative": lambda: c.three_public(
            budgetkit.compare(budgetkit.previous_from_narrative(seed), seed), lang="en"),
        "largest_projects": lambda: c.largest_projects(seed, lang="en"),
        "office_operation": lambda: c.office_operation(yoy, lang="en"),
        "execution": lambda: c.execution(budgetkit.execution(_final(seed)), lang="en"),
        "empty": lambda: c.composition(seed.lines.iloc[0:0], lang="en"),
    }
    from budgetkit.catalogue import figures

    fig = made[name]()
    printed = {seed.department, *seed.lines["name"], *seed.projects["name"], *seed.projects["unit"]}
    printed |= {c._short(n) for n in seed.projects["name"]}  # a long project name is drawn cut short
    glosses = {f"({f.zh})" for f in figures.FIGURES.values()}  # "office operation (机关运行经费)": the term glossed
    names = sorted(printed | glosses, key=len, reverse=True)
    own = [t.get_text() for t in texts(fig)] + [fig.get_label()]
    left = []
    for text in own:
        for known in names:
            if known:
                text = text.replace(known, "")
        left.extend(_CJK.findall(text))
    assert not left, f"{name}: Chinese of the chart's own: {''.join(left)} in {own}"
    assert fig.axes[0].get_title() and fig.get_label().endswith(".")


def _final(seed):
    """The seed's lines read as a 决算 that prints its plan: the same figures as 决算数 and 年初预算数."""
    import dataclasses

    plan = seed.lines.assign(measure=seed.lines["measure"].map(lambda m: "budget" if m == "total" else m))
    lines = __import__("pandas").concat([seed.lines, plan[plan["measure"] == "budget"]], ignore_index=True)
    return dataclasses.replace(seed, lines=lines.assign(phase="final"), phase="final")


def test_chart_language_is_checked(seed):
    from budgetkit.charts import plots as c

    with pytest.raises(BudgetkitError, match="lang must be one of zh, en"):
        c.composition(seed, lang="fr")
