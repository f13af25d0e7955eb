"""One idea of a disclosure: which files form one, and what each file says it is.

A folder of PDFs is built at test time — documents rendered from the seed by
scripts/render_fixtures.py for other (generated) departments, and small narrative PDFs of
our own — with file names chosen to mislead, so that only what the files state can group
them. The identity of every corpus file is checked against values written here by hand
(from each cover and MANIFEST.csv).
"""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import budgetkit
from budgetkit import batch, cli
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.cli.common import expand_inputs
from budgetkit.reading.raw import RawDocument, RawTable
from budgetkit.tidy.document import (
    cover_identity,
    department_name,
    detect_identity,
    group_files,
    group_raws,
    holds_budget_table,
    load_raw,
)
from tests.fixtures import pdfs
from tests.helpers import generated_text

FIRST = "清远市生成测试第一局"
SECOND = "清远市生成测试第二局"
THIRD = "清远市生成测试第三局"


# -- a mixed folder ---------------------------------------------------------------------

def _render_text(text: str, out: Path) -> Path:
    source = out.with_suffix(".txt")
    source.write_text(text, encoding="utf-8")
    pdfs._renderer().render(source, out)
    source.unlink()
    return out


def _narrative_pdf(path: Path, cover: list[str], text: str, lines: int = 40) -> Path:
    """A narrative PDF of our own: cover lines, then the first ``lines`` lines of ``text``, wrapped."""
    c = pdfs._canvas(path)
    y = 760
    for line in cover:
        c.drawString(72, y, line)
        y -= 22
    c.showPage()
    c.setFont(pdfs._renderer().FONT, 10)
    y = 780
    wrapped = [chunk for line in text.splitlines()[:lines] if line.strip()
               for chunk in re.findall(r".{1,40}", line.strip())]
    for chunk in wrapped:
        if y < 60:
            c.showPage()
            c.setFont(pdfs._renderer().FONT, 10)
            y = 780
        c.drawString(60, y, chunk)
        y -= 15
    c.save()
    return path


def _narrative_of(text: str) -> str:
    return text[text.rindex("第三部分"):]


def _tables_of(text: str) -> str:
    return text[:text.rindex("第三部分")]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Two departments' 部门 documents, the first one's 单位 document, the second one's narrative
    and tables as two files, a third department's narrative alone, and a scan.

    The names mislead: the second department's narrative is ``x-narrative.pdf`` and its
    tables ``y-tables.pdf``, while ``y-narrative.pdf`` is the third department's.
    """
    folder = tmp_path_factory.mktemp("mixed")
    first = generated_text(FIRST, 2023, scale_pct=110)
    _render_text(first, folder / "a.pdf")
    _render_text(re.sub(r"部门预(\s*)算", r"单位预\1算", first), folder / "a-unit.pdf")
    second = generated_text(SECOND, 2023)
    _render_text(_tables_of(second), folder / "y-tables.pdf")
    _narrative_pdf(folder / "x-narrative.pdf", [SECOND, "2023年部门预算"], _narrative_of(second))
    third = generated_text(THIRD, 2023, scale_pct=90)
    _narrative_pdf(folder / "y-narrative.pdf", [THIRD, "2023年部门预算"], _narrative_of(third))
    shutil.move(pdfs.scanned_pdf(folder), folder / "z-scan.pdf")
    (folder / "scan.png").unlink()
    return folder


def _names(sources) -> list[str]:
    return [Path(s).name for s in sources]


@pytest.mark.slow
def test_a_mixed_folder_groups_by_what_the_files_state(mixed):
    found = {tuple(_names(sources)): type(item).__name__ if isinstance(item, Exception) else None
             for sources, item in group_files(expand_inputs([str(mixed)]))}
    assert found == {
        ("a.pdf",): None,
        ("a-unit.pdf",): None,  # the 单位 document beside its 部门 document: a disclosure of its own
        ("x-narrative.pdf", "y-tables.pdf"): None,  # narrative first, whatever the names say
        ("y-narrative.pdf",): None,  # another department's narrative: never joined to y-tables.pdf
        ("z-scan.pdf",): "ScannedPdfError",  # unreadable: alone, with its error
    }


@pytest.mark.slow
def test_batch_discovers_the_same_disclosures(mixed):
    found = {d.key: _names(d.paths) for d in batch.discover(mixed)}
    with ThreadPoolExecutor(2) as pool:  # the files read through an executor: the same disclosures
        assert batch.discover(mixed, map=pool.map) == batch.discover(mixed)
    assert found == {
        "a": ["a.pdf"], "a-unit": ["a-unit.pdf"], "x+y": ["x-narrative.pdf", "y-tables.pdf"],
        "y": ["y-narrative.pdf"], "z-scan": ["z-scan.pdf"],
    }


@pytest.mark.slow
def test_grouping_honours_the_overrides(mixed):
    raws = [load_raw(mixed / n) for n in ("a.pdf", "a-unit.pdf", "x-narrative.pdf", "y-tables.pdf")]
    # One department for all: the 部门 files are one disclosure, the 单位 document still apart.
    groups = [_names(s for r in g for s in r.sources) for g in group_raws(raws, department="某局")]
    assert groups == [["x-narrative.pdf", "a.pdf", "y-tables.pdf"], ["a-unit.pdf"]]
    # One level for all: the first department's two documents become one.
    groups = [_names(s for r in g for s in r.sources) for g in group_raws(raws, level="unit")]
    assert groups == [["a.pdf", "a-unit.pdf"], ["x-narrative.pdf", "y-tables.pdf"]]


@pytest.mark.slow
def test_a_narrative_naming_no_department_joins_the_tables_whose_figures_it_states(mixed, seed, tmp_path):
    """The second department's tables print the seed's figures; the first's are scaled (110 %)."""
    spent = seed.table("expenditure").query("level == 1 and measure == 'total' and unit == '' and amount > 0")
    sentences = [f"{name}{amount:,.2f}万元；" for name, amount in zip(spent["name"], spent["amount"], strict=True)]
    anonymous = _narrative_pdf(tmp_path / "anonymous.pdf", ["2023年部门预算"],
                               "2023年本部门支出预算按功能分类：\n" + "\n".join(sentences))
    raws = [load_raw(mixed / "a.pdf"), load_raw(anonymous), load_raw(mixed / "y-tables.pdf")]
    assert detect_identity(raws[1])["department"] is None
    groups = [_names(s for r in g for s in r.sources) for g in group_raws(raws)]
    assert groups == [["a.pdf"], ["anonymous.pdf", "y-tables.pdf"]]


@pytest.mark.slow
def test_check_reads_a_two_file_disclosure_as_one(mixed, capsys):
    files = [str(mixed / "x-narrative.pdf"), str(mixed / "y-tables.pdf")]
    assert cli.main(["check", *files, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [d["source"] for d in out["documents"]] == [files] and out["failed"] == []
    assert out["documents"][0]["identities"] == {"checked": 577, "held": 576}  # the seed's, narrative claims too


@pytest.mark.slow
def test_check_on_a_folder_goes_past_what_it_cannot_read(mixed, capsys):
    code = cli.main(["check", str(mixed)])
    out, err = capsys.readouterr()
    # The first department's tables are the seed's scaled by 110 % and its narrative is not:
    # 收入预算1,564.22万元 against 1,720.64 in its tables is an error finding, so exit 1.
    assert code == 1
    audited = [line for line in out.splitlines() if line.endswith(":")]
    assert [_names(line[:-1].split(" + ")) for line in audited] == [
        ["a-unit.pdf"], ["a.pdf"], ["x-narrative.pdf", "y-tables.pdf"]]
    counts = [line for line in out.splitlines() if "identities checked" in line]
    assert ["6 errors" in line for line in counts] == [True, True, False] and "0 errors" in counts[2]
    failures = err.splitlines()
    assert len(failures) == 2 and all(line.startswith("budgetkit: error:") for line in failures)
    assert "y-narrative.pdf" in failures[0] and "no budget table" in failures[0]
    assert "z-scan.pdf" in failures[1] and "no text layer" in failures[1]


def test_check_exits_2_when_nothing_in_the_folder_reads(tmp_path, capsys):
    pdfs.prose_pdf(tmp_path)
    pdfs.scanned_pdf(tmp_path)
    (tmp_path / "scan.png").unlink()
    code = cli.main(["check", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 2 and "letter.pdf" in err and "scanned.pdf" in err


@pytest.mark.parametrize("command", ["parse", "evaluate", "check"])
def test_every_command_goes_past_a_file_it_cannot_read(command, seed_path, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    (folder / "minutes.txt").write_text("这是一份会议纪要。\n今天讨论了三件事。\n", encoding="utf-8")
    extra = ["--out", str(tmp_path / "out")] if command == "parse" else []
    code = cli.main([command, str(folder), *extra])
    out, err = capsys.readouterr()
    assert code == 0 and seed_path.name in out
    assert err.count("\n") == 1 and err.startswith("budgetkit: error:") and "minutes.txt" in err


# -- what a file states ---------------------------------------------------------------------

def _prose(text: str, *tables: RawTable) -> RawDocument:
    return RawDocument(sources=("x.pdf",), tables=tables, text=text, narrative="", pages=1)


def test_regression_contents_line_is_not_taken_for_the_department():
    raw = _prose("北京市商务局2026年度部门预算信息公开\n目 录\n第一部分 2026年度部门预算情况说明\n")
    assert cover_identity(raw) == {"department": "北京市商务局", "year": 2026, "phase": "budget",
                                   "level": "department"}
    assert department_name("部门预算信息公开目录第一部分2026年度") is None


def test_regression_cover_printed_on_three_lines_names_the_unit():
    raw = _prose("2026年度\n福州市鼓楼生态环境局\n单位预算\n目录\n第一部分 单位概况......1\n")
    assert cover_identity(raw) == {"department": "福州市鼓楼生态环境局", "year": 2026, "phase": "budget",
                                   "level": "unit"}


def test_regression_cover_year_wins_over_a_later_year():
    raw = _prose("重庆市规划和自然资源局\n2026年部门预算情况说明\n一、单位基本情况\n2025年部门预算执行情况\n")
    assert detect_identity(raw)["year"] == 2026


def test_regression_department_summary_qualifier_is_not_part_of_the_name():
    raw = _prose("西安市财政局（汇总）2026年部门预算公开说明\n目 录\n")
    assert detect_identity(raw)["department"] == "西安市财政局"
    assert department_name("北京市统计局部门") == "北京市统计局"
    assert department_name("深圳市科技创新局（本级）") == "深圳市科技创新局（本级）"


def test_regression_department_named_in_a_table_row_of_a_tables_file():
    goals = RawTable(title="预算13表部门整体支出绩效目标表", page=59,
                     rows=(("（2026年度）", None, None), ("部门名称", "北京市商务局", None),
                           ("总体资金情况（万元）", None, None)))
    found = detect_identity(_prose("", goals))
    assert (found["department"], found["year"], found["level"]) == ("北京市商务局", 2026, "department")


def test_a_parent_department_names_a_unit_document_only_when_nothing_else_does():
    cover = "2026年度\n福州市鼓楼生态环境局\n单位预算\n"
    goals = RawTable(title="项目支出绩效目标表", page=23, rows=(("主管部门", "福州市生态环境局"),))
    assert detect_identity(_prose(cover, goals))["department"] == "福州市鼓楼生态环境局"
    assert detect_identity(_prose("上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区财政局\n"))[
        "department"] == "上海市普陀区财政局"


def test_a_table_no_kind_matches_still_makes_a_disclosure():
    untitled = RawTable(title="(untitled table p.3)", page=3,
                        rows=(("功能分类科目", None, "基本支出", "项目支出"), ("科目编码", "科目名称", None, None),
                              ("201", "一般公共服务支出", "10.00", "5.00")))
    assert holds_budget_table(_prose("2024年部门预算\n", untitled))
    doc = budgetkit.tidy.document.build([_prose("某市某局2024年部门预算\n", untitled)])
    assert (doc.department, doc.year) == ("某市某局", 2024)


def test_a_document_without_any_budget_table_is_refused():
    roster = RawTable(title="参会人员名单", page=1, rows=(("姓名", "职务"), ("张三", "科长")))
    assert not holds_budget_table(_prose("2024年工作会议\n", roster))
    with pytest.raises(budgetkit.NotADisclosureError, match="no budget table"):
        budgetkit.tidy.document.build([_prose("某市某局2024年部门预算\n", roster)])


# -- every corpus file ------------------------------------------------------------------------

#: file: (department, year, phase, level), as the cover or first pages state them.
CORPUS = {
    "gd-qingxin-zwfw-2023-budget.txt": ("清远市清新区政务服务数据管理局", 2023, "budget", "department"),
    "js-high-court-2017-budget.pdf": ("江苏省高级人民法院", 2017, "budget", "department"),
    "js-npc-office-2017-budget.pdf": ("江苏省人大常委会办公厅", 2017, "budget", "department"),
    "js-npc-office-2018-budget.pdf": ("江苏省人大常委会办公厅", 2018, "budget", "department"),
    "js-party-office-2017-narrative.pdf": ("江苏省委办公厅", 2017, "budget", "department"),
    "js-party-office-2017-tables.pdf": ("中国共产党江苏省委员会办公厅", 2017, "budget", "department"),
    "js-party-office-2018-narrative.pdf": ("江苏省委办公厅", 2018, "budget", "department"),
    "js-party-office-2018-tables.pdf": ("中共江苏省委办公厅", 2018, "budget", "department"),
    "js-procuratorate-2017-budget.pdf": ("江苏省人民检察院", 2017, "budget", "department"),
    "js-procuratorate-2018-budget.pdf": ("江苏省人民检察院", 2018, "budget", "department"),
    "national-final-template-2024.pdf": ("上海市XX局", 2024, "final", "department"),
    "sh-putuo-commerce-2025-budget.pdf": ("上海市普陀区商务委员会", 2025, "budget", "department"),
    "sh-putuo-finance-2024-final.pdf": ("上海市普陀区财政局", 2024, "final", "department"),
    "sh-putuo-finance-2025-budget.pdf": ("上海市普陀区财政局", 2025, "budget", "department"),
    "sh-putuo-govoffice-2025-budget.pdf": ("上海市普陀区人民政府办公室", 2025, "budget", "department"),
    "sh-putuo-govoffice-unit-2025-budget.pdf": ("上海市普陀区人民政府办公室", 2025, "budget", "unit"),
    "sh-putuo-wanli-2023-budget.pdf": ("上海市普陀区人民政府万里街道办事处", 2023, "budget", "department"),
    "sh-putuo-wanli-2024-budget.pdf": ("上海市普陀区人民政府万里街道办事处", 2024, "budget", "department"),
    "sh-putuo-welfare-unit-2024-budget.pdf": ("上海市普陀区社会福利院", 2024, "budget", "unit"),
    "cities/beijing-jiaotongweiyuanhui-2026-budget-narrative.pdf": ("北京市交通委员会", 2026, "budget", "department"),
    "cities/beijing-shangwuju-2026-budget-narrative.pdf": ("北京市商务局", 2026, "budget", "department"),
    "cities/beijing-shangwuju-2026-budget-tables.pdf": ("北京市商务局", 2026, "budget", "department"),
    "cities/beijing-shoudulvhuaweiyuanhuibangongshi-2026-budget-narrative.pdf":
        ("首都绿化委员会办公室", 2026, "budget", "department"),
    "cities/beijing-tongjiju-2026-budget-narrative.pdf": ("北京市统计局", 2026, "budget", "department"),
    "cities/beijing-tongjiju-2026-budget-tables.pdf": ("北京市统计局", 2026, "budget", "department"),
    "cities/beijing-tuiyijunrenshiwuju-2026-budget-narrative.pdf": ("北京市退役军人事务局", 2026, "budget", "department"),
    "cities/beijing-tuiyijunrenshiwuju-2026-budget-tables.pdf": ("北京市退役军人事务局", 2026, "budget", "department"),
    "cities/beijing-yingjiguanliju-2026-budget-narrative.pdf": ("北京市应急管理局", 2026, "budget", "department"),
    "cities/beijing-yingjiguanliju-2026-budget-tables.pdf": ("北京市应急管理局", 2026, "budget", "department"),
    "cities/beijing-zhengwufuwuheshujuguanliju-2026-budget-tables.pdf":
        ("北京市政务服务和数据管理局", 2026, "budget", "department"),
    "cities/beijing-zhongdaxiangmujianshezhihuibubangongshi-2026-budget-narrative.pdf":
        ("北京市重大项目建设指挥部办公室", 2026, "budget", "department"),
    "cities/beijing-zhongdaxiangmujianshezhihuibubangongshi-2026-budget-tables.pdf":
        ("北京市重大项目建设指挥部办公室", 2026, "budget", "department"),
    "cities/beijing-zhufanghechengxiangjiansheweiyuanhui-2026-budget-narrative.pdf":
        ("北京市住房和城乡建设委员会", 2026, "budget", "department"),
    "cities/changsha-zhiyejiaoyujidizonghexietiaobangongshi-2026-budget.pdf":
        ("长沙职业教育基地综合协调办公室", 2026, "budget", "department"),
    "cities/chongqing-guihuaheziranziyuanju-2026-budget.pdf": ("重庆市规划和自然资源局", 2026, "budget", "department"),
    "cities/chongqing-kexuejishuju-2026-budget.pdf": ("重庆市科学技术局", 2026, "budget", "department"),
    "cities/fuzhou-guloushengtaihuanjingju-2026-budget-unit.pdf": ("福州市鼓楼生态环境局", 2026, "budget", "unit"),
    "cities/fuzhou-kexuejishuju-benji-2026-budget-unit.pdf": ("福州市科学技术局(本级)", 2026, "budget", "unit"),
    "cities/fuzhou-shangwuju-2026-budget.pdf": ("福州市商务局", 2026, "budget", "department"),
    "cities/guangzhou-fazhanhegaigeweiyuanhui-2026-budget.pdf": ("广州市发展和改革委员会", 2026, "budget", "department"),
    "cities/guangzhou-minzhengju-2026-budget.pdf": ("广州市民政局", 2026, "budget", "department"),
    "cities/guangzhou-renminzhengfubangongting-2026-budget.pdf": ("广州市人民政府办公厅", 2026, "budget", "department"),
    "cities/guangzhou-shengtaihuanjingju-2026-budget.pdf": ("广州市生态环境局", 2026, "budget", "department"),
    "cities/guangzhou-zhengwufuwuheshujuguanliju-2026-budget.pdf":
        ("广州市政务服务和数据管理局", 2026, "budget", "department"),
    "cities/guangzhou-zhonggong-weiyuanhuixuanchuanbu-2026-budget.pdf":
        ("中国共产党广州市委员会宣传部", 2026, "budget", "department"),
    "cities/hangzhou-jiaotongyunshuju-2026-budget.pdf": ("杭州市交通运输局", 2026, "budget", "department"),
    "cities/huzhou-caizhengju-2026-budget.pdf": ("湖州市财政局", 2026, "budget", "department"),
    "cities/national-xinfangju-2026-budget.pdf": ("国家信访局", 2026, "budget", "department"),
    "cities/quanzhou-gonganju-benji-2026-budget-unit.pdf": ("泉州市公安局（本级）", 2026, "budget", "unit"),
    "cities/shanghai-caiwukuaijizongheguanlishiwuzhongxin-shanghaishicaizhengkexueyanjiusuo-2026-budget-unit.pdf":
        ("上海市财务会计综合管理事务中心（上海市财政科学研究所）", 2026, "budget", "unit"),
    "cities/shanghai-haiyangjianceyubaozhongxin-2026-budget-unit.pdf": ("上海市海洋监测预报中心", 2026, "budget", "unit"),
    "cities/shanghai-jiaotongzhiyejishuxueyuan-2026-budget-unit.pdf": ("上海交通职业技术学院", 2026, "budget", "unit"),
    "cities/shanghai-kejidaxuefushuxuexiao-2026-budget-unit.pdf": ("上海科技大学附属学校", 2026, "budget", "unit"),
    "cities/shanghai-xingshikexuejishuyanjiuyuan-2026-budget-unit.pdf": ("上海市刑事科学技术研究院", 2026, "budget", "unit"),
    "cities/shanghai-yingjiguanlijuzhifazongdui-2026-budget-unit.pdf": ("上海市应急管理局执法总队", 2026, "budget", "unit"),
    "cities/shenzhen-fazhanhegaigeweiyuanhui-benji-2026-budget.pdf":
        ("深圳市发展和改革委员会（本级）", 2026, "budget", "department"),
    "cities/shenzhen-gonganjujiaotongguanliju-benji-2026-budget.pdf":
        ("深圳市公安局交通管理局（本级）", 2026, "budget", "department"),
    "cities/shenzhen-guihuaheziranziyuanjuyantianguanliju-2026-budget.pdf":
        ("深圳市规划和自然资源局盐田管理局", 2026, "budget", "department"),
    "cities/shenzhen-kejichuangxinju-benji-2026-budget.pdf": ("深圳市科技创新局（本级）", 2026, "budget", "department"),
    "cities/shenzhen-shuiwuju-2026-budget.pdf": ("深圳市水务局", 2026, "budget", "department"),
    "cities/shenzhen-tuiyijunrenshiwuju-benji-2026-budget.pdf":
        ("深圳市退役军人事务局（本级）", 2026, "budget", "department"),
    "cities/shenzhen-weishengjiankangweiyuanhui-benji-2026-budget.pdf":
        ("深圳市卫生健康委员会（本级）", 2026, "budget", "department"),
    "cities/suzhou-shenjiju-2026-budget.pdf": ("苏州市审计局", 2026, "budget", "department"),
    "cities/suzhou-ziranziyuanheguihuaju-2026-budget-unit.pdf": ("苏州市自然资源和规划局", 2026, "budget", "unit"),
    "cities/wuxi-renliziyuanheshehuibaozhangju-2026-budget.pdf":
        ("无锡市人力资源和社会保障局", 2026, "budget", "department"),
    "cities/wuxi-shangwuju-2026-budget.pdf": ("无锡市商务局", 2026, "budget", "department"),
    "cities/wuxi-tongjiju-2026-budget.pdf": ("无锡市统计局", 2026, "budget", "department"),
    "cities/xian-caizhengju-2026-budget.pdf": ("西安市财政局", 2026, "budget", "department"),
    "cities/xian-qixiangju-2022-budget.pdf": ("西安市气象局", 2022, "budget", "department"),
    "cities/xian-sifaju-2026-budget.pdf": ("西安市司法局", 2026, "budget", "department"),
    "cities/xian-tongjiju-2026-budget.pdf": ("西安市统计局", 2026, "budget", "department"),
    "cities/xian-ziranziyuanheguihuaju-2022-budget.pdf": ("西安市自然资源和规划局", 2022, "budget", "department"),
    "cities/yantai-jiaoyuju-2026-budget.pdf": ("烟台市教育局", 2026, "budget", "department"),
    "cities/yantai-xinfangju-2026-budget.pdf": ("烟台市信访局", 2026, "budget", "department"),
    "cities/zhuhai-zhengfutouzijiaotongshizhengxiangmugongwuzhongxin-2026-budget.pdf":
        ("珠海市政府投资交通市政项目工务中心", 2026, "budget", "department"),
}
#: A scanned narrative: it joins its tables (by name: it states nothing) with a warning.
SCANNED = "cities/beijing-zhengwufuwuheshujuguanliju-2026-budget-narrative.pdf"


@pytest.mark.corpus
def test_every_corpus_file_has_its_identity_written_here(corpus):
    on_disk = {p.relative_to(corpus).as_posix() for folder in (corpus, corpus / "cities")
               for p in folder.iterdir() if p.suffix in (".pdf", ".txt")}
    assert on_disk == set(CORPUS) | {SCANNED}


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_identity_of_every_corpus_file(corpus, name):
    department, year, phase, level = CORPUS[name]
    found = detect_identity(load_raw(corpus / name))
    # A file that says nothing of 部门 / 单位 is a 部门 document (what budgetkit.read makes of it).
    assert (department_key(found["department"] or ""), found["year"], found["phase"], found["level"] or "department") \
        == (department_key(department), year, phase, level), found


@pytest.mark.corpus
def test_scanned_narrative_joins_its_tables_with_a_warning(corpus):
    narrative = corpus / SCANNED
    tables = corpus / SCANNED.replace("-narrative", "-tables")
    found = dict(group_files([narrative, tables]))
    assert list(found) == [(str(narrative), str(tables))]
    doc = budgetkit.read([narrative, tables])
    assert (doc.department, doc.year, len(doc.table_info)) == ("北京市政务服务和数据管理局", 2026, 13)
    assert any(narrative.name in w and "without a text layer" in w for w in doc.warnings)
    # Read alone, the scan is still the clear error it was.
    with pytest.raises(budgetkit.errors.ScannedPdfError):
        budgetkit.read(narrative)
