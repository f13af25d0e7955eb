"""Rules on what a disclosure holds: tables listed but missing, empty without a note, one name per code."""

from __future__ import annotations

import re
from collections import defaultdict

from budgetkit._normalize import key, strip_numbering
from budgetkit.audit.engine import Auditor
from budgetkit.catalogue import kinds

_EXPLAINED_EMPTY = re.compile(r"本表无数据|空表|无发生额|没有.{0,8}(收支|支出|收入)|未安排|无此项|不涉及"
                              r"|(?:局|委|办|院|中心|部门|单位)(?:\d{4}年度?)?(?:没有|无)[^。，,]{0,30}?"
                              r"(?:收支|支出|收入|经费|预算|内容)")


#: Standard tables every layout publishes; a Guangdong-style document publishes all of GUANGDONG_KINDS.
CORE_KINDS = ("overall", "income", "expenditure", "fiscal_overall", "general_function",
              "general_basic_economic", "three_public", "gov_fund")



def _name_key(name: str) -> str:
    return key(strip_numbering(name)).removesuffix("合计")


def check_naming(a: Auditor) -> None:
    """The same code printed with different names in different coded tables."""
    seen: dict[str, dict[str, tuple]] = defaultdict(dict)
    for kind, frame in a.by_kind.items():
        k = kinds.REGISTRY.kinds.get(kind)
        if k is None or k.layout != "coded":
            continue
        for rec in frame[frame["code"] != ""].drop_duplicates("row").to_dict("records"):
            nk = _name_key(rec["name"])
            if nk and nk not in seen[rec["code"]]:
                seen[rec["code"]][nk] = (kind, rec["name"], int(rec["page"]), int(rec["row"]))
    for code, names in seen.items():
        if len(names) < 2:
            continue
        (k1, n1, p1, r1), (k2, _, p2, _) = list(names.values())[:2]
        others = "；".join(f"{a.title(k)}中为“{n}”" for k, n, _, _ in list(names.values())[1:])
        a.finding("naming", "warning", f"科目 {code} 在{a.title(k1)}中名为“{n1}”，{others}",
                  table=k1, table2=k2, code=code, page=p1, page2=p2, rows=str(r1))


def _page_prose(doc, pages) -> list[str]:
    """The paragraphs of prose printed on ``pages`` (a note under a table: “注：本部门无…，故本表无数据”)."""
    starts = list(getattr(doc, "text_pages", ()) or ())
    out = []
    for i, (offset, page) in enumerate(starts):
        if page in pages:
            end = starts[i + 1][0] if i + 1 < len(starts) else len(doc.text)
            out.extend(p for p in doc.text[offset:end].split("\n") if p.strip())
    return out


def check_completeness(a: Auditor) -> None:
    """Missing standard tables; empty tables (explained or not); tables read incompletely."""
    from budgetkit.audit.evaluate import contents_kinds  # the 目录 parser; evaluate itself reads the audit

    present = [i.kind for i in a.doc.table_info]
    listed = [k for k in contents_kinds(a.doc.text) if k != kinds.OTHER]
    if listed:  # what the document's own contents page promises
        for kind in dict.fromkeys(listed):
            if kind not in present:
                a.finding("table_missing", "warning", f"目录列出的“{kinds.REGISTRY[kind].title}”未见印出", table=kind)
    else:
        guangdong = any(k in present for k in ("basic_by_unit", "projects"))
        for kind in kinds.GUANGDONG_KINDS if guangdong else CORE_KINDS:
            if kind not in present:
                a.finding("table_missing", "warning", f"未找到标准表“{kinds.REGISTRY[kind].title}”", table=kind)
    for info in a.doc.table_info:
        if info.status == "empty":
            note = next((n for n in (*info.notes, *_page_prose(a.doc, info.pages))
                         if _EXPLAINED_EMPTY.search(key(n))), "")
            if note:
                a.finding("table_empty", "info", f"{info.title}为空表，文件说明：{note}", table=info.kind,
                          page=info.pages[0])
            else:
                a.finding("table_empty", "warning", f"{info.title}为空表（全部为零或无数据），文件未说明原因",
                          table=info.kind, page=info.pages[0])
        elif info.status == "incomplete":
            why = next((w for w in a.doc.warnings if w.startswith(info.title)), "")
            a.finding("table_incomplete", "warning", f"{info.title}不完整" + (f"：{why}" if why else ""),
                      table=info.kind, page=info.pages[0])
