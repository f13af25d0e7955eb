"""Rules on the narrative: each stated figure against the tables and itself, and the text's own slips."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from budgetkit._format import evidence_amount, printed_percent
from budgetkit.audit.claims import PARTS, text_issues
from budgetkit.audit.cross import figure_of
from budgetkit.audit.engine import Auditor, nonzero, pages_text
from budgetkit.audit.rules import RULES_BY_ID
from budgetkit.catalogue import figures
from budgetkit.catalogue.vocabulary import MEASURES


def check_claims(a: Auditor, frame: pd.DataFrame) -> None:
    """Claims of the 情况说明 against the tables and against themselves."""
    records = frame.to_dict("records")
    for c in records:
        for col in ("amount", "change", "percent", "previous", "base", "budget", "rate", "share", "whole"):
            c[col] = None if c.get(col) is pd.NA or c.get(col) is None else Decimal(c[col])
        c["page"] = None if c.get("page") is pd.NA else c.get("page")
    for c in records:
        if c["subject"] == "function":
            _item_against_tables(a, c)
        elif c["subject"] != "part":
            _claim_against_tables(a, c)
        _claim_percent(a, c)
        _claim_rate(a, c)
        _claim_share(a, c)
        _claim_comparison(a, c)
        if c["subject"] == "function" and a.doc.phase == "budget":
            _claim_restated(a, c)
        if c["change"] is not None and c["subject"] != "function":
            negative = c["previous"] is not None and c["previous"] < 0
            a.result("claim_previous", f"情况说明{c['label']}上年数不为负", "failed" if negative else "exact",
                     table="narrative", item=c["subject"], actual=c["previous"], page=c["page"])
            if negative:
                a.finding("claim_previous", "warning",
                          f"情况说明「{c['sentence'][:80]}」：{c['label']} {evidence_amount(c['amount'])} 万元、增减 "
                          f"{evidence_amount(c['change'])} 万元，推得上年数为负（{evidence_amount(c['previous'])}）",
                          table="narrative", item=c["subject"], actual=c["previous"], rows=str(c["position"]),
                          page=c["page"])
    _claim_parts(a, records)


def _corroborated(value: Decimal, cells: dict) -> bool:
    """Two printed cells (of two tables, or the two sides of a balance) hold ``value``: a
    sentence that contradicts it contradicts the document, however its tables were read."""
    return sum(1 for fig in cells.values() if fig[0] == value) >= 2


def _claim_against_tables(a: Auditor, c: dict) -> None:
    stated = [(c["amount"], None)]
    if c.get("budget") is not None:  # 决算: …年初预算为A万元 against the table's 年初预算数
        stated.append((c["budget"], ("budget",)))
    for amount, measures in stated:
        cells = {}
        for place in figures.places_of(c["subject"]):  # where the figure the claim names is printed
            fig = figure_of(a, place.table, measures or place.measures, **place.where)
            if fig is not None:
                cells.setdefault((place.table, place.side, place.item, fig[2], fig[3]), (place.table, fig))
        if not cells:
            continue
        candidates = list(cells.values())
        tol = max(_printed_precision(c["sentence"], amount), a.rounding("narrative", *(k for k, _ in candidates)))
        kind, fig = next(((k, f) for k, f in candidates if f[0] == amount),
                         next(((k, f) for k, f in candidates if abs(f[0] - amount) <= tol), candidates[0]))
        what = f"情况说明「{c['sentence'][:60]}」{c['label']}{'年初预算' if measures else ''}（对照{a.title(kind)}）"
        _claim_amount(a, c, kind, fig, amount, tol, what=what,
                      corroborated=_corroborated(fig[0], {k: f for k, (_, f) in cells.items()}))


def _claim_amount(a: Auditor, c: dict, kind: str, fig: tuple, stated: Decimal, tol: Decimal, *,
                  corroborated: bool = False, code: str = "", what: str = "") -> None:
    """One stated amount against the table cell ``fig`` of ``kind``; a figure a thousand or ten
    thousand times too small (元 stated as 万元, a lost 万) is named as such."""
    what = what or f"情况说明「{c['sentence'][:60]}」{c['label']}（对照{a.title(kind)}）"
    evidence = dict(table="narrative", table2=kind, item=c["subject"], code=code, measure=fig[3], page=c["page"],
                    page2=fig[1], rows=[c["position"]], tolerance=tol)
    # a figure of three significant digits or more that is the table's, scaled and rounded as printed
    digits = len(stated.normalize().as_tuple().digits) if stated else 0
    scale = next((f for f in (Decimal(1000), Decimal(10000)) if digits >= 3 and stated != fig[0]
                  and abs(stated * f - fig[0]) <= tol * f), None)
    if scale is not None:
        a.result("claim_magnitude", what, "failed", expected=fig[0], actual=stated, difference=stated - fig[0],
                 **{k: v for k, v in evidence.items() if k != "rows"}, rows=str(c["position"]))
        a.finding("claim_magnitude", "error",
                  f"{what}：{evidence_amount(stated)} 万元，表中为 {evidence_amount(fig[0])} 万元，小了 {scale:,f} 倍"
                  "（单位或数位有误）", expected=fig[0], actual=stated, difference=stated - fig[0],
                  **{k: v for k, v in evidence.items() if k != "rows"}, rows=str(c["position"]))
        return
    if stated != fig[0] and abs(stated - fig[0]) > 10 * tol:
        reading = _digit_reading(stated, fig[0], tol)
        if reading is not None:
            a.result("claim_digit", what, "failed", expected=fig[0], actual=stated, difference=stated - fig[0],
                     **{k: v for k, v in evidence.items() if k != "rows"}, rows=str(c["position"]))
            a.finding("claim_digit", "error",
                      f"{what}：{evidence_amount(stated)} 万元，表中为 {evidence_amount(fig[0])} 万元；去掉一位数字读作 {evidence_amount(reading)} "
                      f"即相符：{evidence_amount(stated)} 疑多印了一位数字", expected=fig[0], actual=stated,
                      difference=stated - fig[0], **{k: v for k, v in evidence.items() if k != "rows"},
                      rows=str(c["position"]))
            return
    if corroborated and stated != fig[0] and abs(stated - fig[0]) > tol:
        # the figure is printed alike in two cells: the sentence is wrong, whatever the reading notes
        a.identity("claim_amount", what + "（表中两处所印相同）", fig[0], stated, doubtful=False, **evidence)
        return
    unread = _unread_columns(a, kind)
    if unread and abs(stated - fig[0]) > tol:
        a.identity("claim_amount", what, fig[0], stated, severity=RULES_BY_ID["claim_amount"].doubt,
                   **evidence)
        a.findings[-1]["message"] += f"；表格读取可能有误，未必是文件之误（{unread}）"
        return
    a.identity("claim_amount", what, fig[0], stated, **evidence)


def _unread_columns(a: Auditor, kind: str) -> str:
    """Why a claim compared with ``kind`` may have been compared with the wrong column: columns
    whose header is no known measure (a year's column, a part of a fund) — naming the page."""
    t = a.table(kind)
    unknown = sorted(set(t["measure"]) - set(MEASURES))
    if not unknown:
        return ""
    return f"{a.title(kind)} (p.{pages_text(sorted(set(t['page'])))}): columns {', '.join(map(repr, unknown[:3]))} " \
           "are no known measure"


def _digit_reading(stated: Decimal, printed: Decimal, tol: Decimal) -> Decimal | None:
    """``stated`` with one digit left out, when that is the table's figure (to the printed
    precision) and ``stated`` has three significant digits or more."""
    if len(stated.normalize().as_tuple().digits) < 3:
        return None
    return next((v for v in _digit_variants(stated) if abs(v - printed) <= tol), None)


_FUNCTION_TABLES = ("general_function", "expenditure", "fiscal_function", "gov_fund", "state_capital",
                    "general_basic_function", "overall")


def _item_against_tables(a: Auditor, c: dict) -> None:
    """An item paragraph (…(类)…(款)…(项)) against the rows of its code in the function tables: the
    amount stated against the row's 合计 (决算数), the 年初预算 against its 年初预算数 column."""
    if not c["code"]:
        return
    for stated, measures in ((c["amount"], ("total",)), (c["budget"], ("budget",))):
        if stated is None:
            continue
        candidates = [(k, f) for k in _FUNCTION_TABLES if k in a.by_kind
                      for f in [figure_of(a, k, measures, code=c["code"], unit="",
                                        **({"side": "expenditure"} if k == "overall" else {}))] if f is not None]
        if not candidates:
            continue
        tol = max(_printed_precision(c["sentence"], stated), a.rounding("narrative", *(k for k, _ in candidates)))
        kind, fig = next(((k, f) for k, f in candidates if abs(f[0] - stated) <= tol), candidates[0])
        name = "年初预算" if measures == ("budget",) else ""
        _claim_amount(a, c, kind, fig, stated, tol, code=c["code"],
                      what=f"情况说明「{c['sentence'][:60]}」{c['code']} {c['label']}{name}（对照{a.title(kind)}）")


def _rounded_ratio(a: Auditor, rule: str, c: dict, what: str, stated: Decimal, part: Decimal, whole: Decimal,
                   measure: str, message: str, *, slack_units: int = 0) -> None:
    """``stated`` % = part ÷ whole × 100 to the places printed (or two); within the range the
    rounded part and whole allow, a 尾差 (info). ``slack_units``: as many units of the last
    printed place more (shares rounded so that they add up to 100%)."""
    places = max(0, -stated.normalize().as_tuple().exponent)
    exact = part / whole * 100
    roundings = [exact.quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP) for p in (places, 2)]
    expected = next((r for r in roundings if r == stated), roundings[-1] if places else roundings[0])
    quantum = Decimal(1).scaleb(-max(places, 2) if places else 0)
    # each figure to the precision it is printed with (a whole number may be printed without decimals)
    hp, hw = (_printed_precision(c["sentence"], v) if v != v.to_integral_value() or _printed(c["sentence"], v)
              else Decimal("0.5") for v in (part, whole))
    bounds = [p / w * 100 for p in (part - hp, part + hp) for w in (whole - hw, whole + hw) if w > 0 and p >= 0]
    evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure=measure,
                    expected=expected, actual=stated, difference=stated - expected, page=c["page"],
                    rows=str(c["position"]))
    slack = quantum / 2 + quantum * slack_units
    outcome = "exact" if expected == stated else "rounding" if (
        bounds and min(bounds) - slack <= stated <= max(bounds) + slack) else "failed"
    a.result(rule, what, outcome, **evidence)
    if outcome == "rounding":
        a.finding(rule, "info", f"{what}：{printed_percent(stated)}% 与算得的 {expected}% 相差在四舍五入以内", **evidence)
    elif outcome == "failed":
        a.finding(rule, RULES_BY_ID[rule].severity, f"{what}：{message}，应为 {expected}%", **evidence)


def _claim_rate(a: Auditor, c: dict) -> None:
    """完成年初预算的C% = 决算数 ÷ 年初预算数."""
    if c.get("rate") is None or c.get("budget") is None or c["budget"] <= 0:
        return
    _rounded_ratio(a, "claim_rate", c, f"情况说明「{c['sentence'][:60]}」{c['label']}完成年初预算的比例", c["rate"],
                   c["amount"], c["budget"], "rate",
                   f"完成 {printed_percent(c['rate'])}%，按 {evidence_amount(c['amount'])} ÷ {evidence_amount(c['budget'])}")


def _claim_share(a: Auditor, c: dict) -> None:
    """占Y% = part ÷ the whole the sentence names (or its list follows); a share one unit of its
    last place off is a 尾差 (the shares of a list are rounded to add up to 100%)."""
    if c.get("share") is None or c.get("whole") is None or c["whole"] <= 0:
        return
    _rounded_ratio(a, "claim_share", c, f"情况说明「{c['sentence'][:60]}」{c['label']}所占比重", c["share"],
                   c["amount"], c["whole"], "share",
                   f"{evidence_amount(c['amount'])} 占 {evidence_amount(c['whole'])} 的 {printed_percent(c['share'])}%", slack_units=1)


_VERSUS_ZH = {"greater": "大于", "less": "小于", "flat": "等于"}


_DIRECTION_ZH = {"increase": "增加", "decrease": "减少", "flat": "持平"}


def _claim_comparison(a: Auditor, c: dict) -> None:
    """A comparison word against the two figures the sentence states: 决算数大于/小于/等于年初预算数,
    and 比上年执行数增加/减少/持平 where the earlier figure is stated."""
    checks = []
    if c.get("versus") in _VERSUS_ZH and c.get("budget") is not None:
        diff = c["amount"] - c["budget"]
        checks.append(("决算数", "年初预算数", c["versus"], c["budget"], diff,
                       {"greater": diff > 0, "less": diff < 0, "flat": diff == 0}[c["versus"]],
                       _VERSUS_ZH[c["versus"]]))
    if c.get("direction") in _DIRECTION_ZH and c.get("base") is not None:
        diff = c["amount"] - c["base"]
        checks.append(("本年数", "所述上年数", c["direction"], c["base"], diff,
                       {"increase": diff > 0, "decrease": diff < 0, "flat": diff == 0}[c["direction"]],
                       _DIRECTION_ZH[c["direction"]]))
    if c.get("base") is not None and c.get("change") is not None and c["subject"] != "function":
        # 比2025年年初预算数264448.86万元增加23967.49万元: the change is the difference of the two figures
        tol = _printed_precision(c["sentence"], c["amount"]) + _printed_precision(c["sentence"], c["base"])
        a.identity("claim_change", f"情况说明「{c['sentence'][:60]}」{c['label']}增减额（本年数 − 所述上年数）",
                   c["amount"] - c["base"], c["change"], table="narrative", item=c["subject"], measure="change",
                   page=c["page"], rows=[c["position"]], tolerance=tol)
    for left, right, _word, base, diff, holds, zh in checks:
        what = f"情况说明「{c['sentence'][:60]}」{c['label']}：{left}{zh}{right}"
        evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure="comparison",
                        expected=base, actual=c["amount"], difference=diff, page=c["page"], rows=str(c["position"]))
        a.result("claim_comparison", what, "exact" if holds else "failed", **evidence)
        if not holds:
            a.finding("claim_comparison", "error",
                      f"{what}，但所述数字为 {evidence_amount(c['amount'])} 与 {evidence_amount(base)}（相差 {evidence_amount(diff)}）", **evidence)


#: The year's amount of an item restated in its paragraph, the year named: "2023年预算安排441.25万元"
#: (a bare 预算数为 may speak of another subject, 基本支出预算数为…, or year, 去年预算数为…).
_RESTATED = re.compile(r"(\d{4})年(?:度)?预算安排\s*(\d[\d,，]*(?:\.\d+)?)\s*万元")


def _claim_restated(a: Auditor, c: dict) -> None:
    """An item paragraph states the year's amount twice, in its heading and again as 预算安排
    (万里 2023 p.7: “…职业年金缴费支出（项）”220.63万元 … 2023年预算安排441.25万元, the
    item above's figure copied): the two must be one."""
    if c["amount"] is None:
        return
    for m in _RESTATED.finditer(c["sentence"] or ""):
        if int(m.group(1)) != a.doc.year:
            continue
        restated = Decimal(m.group(2).replace(",", "").replace("，", ""))
        what = f"情况说明「{c['sentence'][:60]}」{c['label']}：段首金额与“预算安排”所述金额"
        evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure="restated",
                        expected=c["amount"], actual=restated, difference=restated - c["amount"], page=c["page"],
                        rows=str(c["position"]))
        holds = restated == c["amount"]
        a.result("claim_restated", what, "exact" if holds else "failed", **evidence)
        if not holds:
            a.finding("claim_restated", "error",
                      f"{what}不一致：段首 {evidence_amount(c['amount'])} 万元，后文 {evidence_amount(restated)} 万元",
                      **evidence)


_NUMBER = re.compile(r"\d[\d,，]*(?:\.(\d+))?")


def _printed(sentence: str, amount: Decimal) -> bool:
    """Whether ``sentence`` prints ``amount`` (in any of its spellings)."""
    for m in _NUMBER.finditer(sentence or ""):
        try:
            if Decimal(re.sub(r"[,，]", "", m.group(0))) == amount:
                return True
        except ArithmeticError:
            continue
    return False


def _printed_precision(sentence: str, amount: Decimal) -> Decimal:
    """Half a unit of the last place ``amount`` is printed with in ``sentence`` (0.5 for
    "17,192万元", 0.005 for "1,564.22万元"); 0.005 when it cannot be found."""
    for m in _NUMBER.finditer(sentence or ""):
        try:
            value = Decimal(re.sub(r"[,，]", "", m.group(0)))
        except ArithmeticError:
            continue
        if value == amount:
            return Decimal(5).scaleb(-len(m.group(1) or "") - 1)
    return Decimal("0.005")


def _percent_of(change: Decimal, amount: Decimal, places: int) -> Decimal | None:
    previous = amount - change
    if previous <= 0:
        return None
    return (abs(change) / previous * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digit_variants(value: Decimal):
    """``value`` with one of its digits left out: what a stray digit hides (887.36 for 87.36)."""
    text = format(value, "f")
    for i, ch in enumerate(text):
        rest = text[:i] + text[i + 1:]
        if not ch.isdigit() or not rest.strip(".") or rest.startswith(".") or (
                len(rest) > 1 and rest[0] == "0" and rest[1] != "."):
            continue  # no number, or one with a leading zero: no printed figure reads so
        yield Decimal(rest)


def _stray_digit(amount: Decimal, change: Decimal, percent: Decimal) -> tuple[str, Decimal, Decimal] | None:
    """The one figure (``amount`` or ``change``) whose one digit left out makes ``percent``
    follow exactly — when exactly one such reading exists."""
    places = max(0, -percent.normalize().as_tuple().exponent)
    if places < 1:
        return None  # a whole percentage fits too many readings to name one
    hits = []
    for which, value in (("amount", amount), ("change", change)):
        for v in _digit_variants(abs(value)):
            if v == abs(value):
                continue
            v = v if value >= 0 else -v
            am, ch = (v, change) if which == "amount" else (amount, v)
            if _percent_of(ch, am, places) == percent:
                hits.append((which, value, v))
    found = {(w, v) for w, _, v in hits}
    return hits[0] if len(found) == 1 else None


def _claim_percent(a: Auditor, c: dict) -> None:
    amount, change, percent = c["amount"], c["change"], c["percent"]
    if percent is None or change is None:
        return
    previous = amount - change
    if previous <= 0:
        if change == 0 and percent == 0:
            a.result("claim_percent", f"情况说明{c['label']}增减百分比", "exact", table="narrative",
                     item=c["subject"], measure="percent", expected=percent, actual=percent, page=c["page"])
        return
    # Printed trailing zeros are lost in the decimal dtype (9.20 reads back as 9.2): the
    # percentage holds when it equals the exact one rounded to its own places or to two.
    places = max(0, -percent.normalize().as_tuple().exponent)
    exact = abs(change) / previous * 100
    roundings = [exact.quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP) for p in (places, 2)]
    expected = next((r for r in roundings if r == percent), roundings[-1] if places else roundings[0])
    quantum = Decimal(1).scaleb(-max(places, 2) if places else 0)
    evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure="percent",
                    expected=expected, actual=percent, difference=percent - expected, rows=str(c["position"]),
                    page=c["page"])
    # each figure as printed (17,192万元: ±0.5); a change worked out from a stated 上年数 carries both roundings
    half = _printed_precision(c["sentence"], amount)
    half_change = (half + _printed_precision(c["sentence"], c["base"]) if c.get("base") is not None
                   else _printed_precision(c["sentence"], abs(change)))
    slack = quantum / 2
    bounds = [abs(ch) / (am - ch) * 100 for am in (amount - half, amount + half)
              for ch in (change - half_change, change + half_change) if am - ch > 0]
    outcome = "exact" if expected == percent else "rounding" if (
        bounds and min(bounds) - slack <= percent <= max(bounds) + slack) else "failed"
    a.result("claim_percent", f"情况说明{c['label']}增减百分比", outcome, **evidence)
    if outcome == "exact":
        return
    if outcome == "rounding":
        a.finding("claim_percent", "info", f"情况说明「{c['sentence'][:60]}」：{printed_percent(percent)}% 与按 {evidence_amount(amount)}、"
                                           f"{evidence_amount(change)} 算得的 {expected}% 相差在四舍五入以内", **evidence)
        return
    # a stray digit moves a percentage far: one within ten units of its last place is a slip of rounding
    stray = _stray_digit(amount, change, percent) if abs(percent - expected) > 10 * quantum else None
    if stray is not None:
        which, printed, reading = stray
        name = "金额" if which == "amount" else "增减额"
        a.finding("claim_digit", "error",
                  f"情况说明「{c['sentence'][:60]}」：{c['label']}增减 {printed_percent(percent)}% 与所述{name} {evidence_amount(printed)} 不符，"
                  f"{name}为 {evidence_amount(reading)} 时恰好相符：{evidence_amount(printed)} 疑多印了一位数字",
                  **{**evidence, "measure": which, "expected": reading, "actual": printed,
                     "difference": printed - reading})
        return
    a.finding("claim_percent", "error",
              f"情况说明「{c['sentence'][:60]}」：{c['label']}增减 {printed_percent(percent)}%，按 {evidence_amount(abs(change))} ÷ "
              f"{evidence_amount(previous)}（上年数 = {evidence_amount(amount)} − {evidence_amount(change)}）应为 {expected}%", **evidence)


def _claim_parts(a: Auditor, records: list[dict]) -> None:
    first: dict[str, dict] = {}
    for c in records:
        have = first.get(c["subject"])
        if have is None or (have["change"] is None and c["change"] is not None and c["amount"] == have["amount"]):
            first[c["subject"]] = c
    for whole, parts in PARTS.items():
        if whole not in first or not all(p in first for p in parts):
            continue
        w, ps = first[whole], [first[p] for p in parts]
        values = [p["amount"] for p in ps]
        label = "、".join(p["label"] for p in ps)
        a.identity("claim_parts", f"情况说明{w['label']}（Σ {label}）", sum(values, Decimal(0)), w["amount"],
                   addends=nonzero(values), table="narrative", item=whole, measure="amount", rows=[w["position"]])
        if w["previous"] is not None and all(p["previous"] is not None for p in ps):
            prev = [p["previous"] for p in ps]
            a.identity("claim_parts", f"情况说明{w['label']}上年数（Σ 各部分上年数）", sum(prev, Decimal(0)),
                       w["previous"], addends=2 * nonzero(prev), table="narrative", item=whole,
                       measure="previous", rows=[w["position"]])


def check_text(a: Auditor) -> None:
    """What a careful reader marks in the 情况说明 (:func:`budgetkit.audit.claims.text_issues`), each with its page."""
    doc = a.doc
    by_page: dict[tuple, list[dict]] = defaultdict(list)
    for issue in text_issues(doc.narrative, doc.year, doc.phase):
        by_page[(issue["rule"], _page_at(doc, issue["position"]))].append(issue)
    for (rule, page), issues in by_page.items():  # one finding per rule and page, the first quoted
        first = issues[0]
        more = f"（本页同类共 {len(issues)} 处）" if len(issues) > 1 else ""
        a.finding(rule, RULES_BY_ID[rule].severity, f"情况说明「{first['excerpt']}」：{first['message']}{more}",
                  table="narrative", page=page, rows=", ".join(str(i["position"]) for i in issues))


def _page_at(doc, offset: int, *, narrative: bool = True):
    return doc.page_at(offset, narrative=narrative) if hasattr(doc, "page_at") else None


_THREE_PUBLIC_SUBJECTS = ("three_public", "overseas_travel", "vehicle", "vehicle_purchase", "vehicle_operation",
                          "reception")


def check_three_public_blank(a: Auditor, frame: pd.DataFrame) -> None:
    """A “三公” figure the 情况说明 states (non-zero) that the “三公” table leaves blank: in a 预算 its
    预算数, in a 决算 its 年初预算数 (or 决算数) — where the table prints the row with other cells."""
    if "three_public" not in a.by_kind or not len(frame):
        return
    t = a.table("three_public")
    t = t[t["unit"] == ""]
    page = int(t["page"].iloc[0]) if len(t) else None
    for c in frame[frame["subject"].isin(_THREE_PUBLIC_SUBJECTS)].to_dict("records"):
        stated = [("预算数", c["amount"], ("total", "general_public", "fiscal"))]
        if a.doc.phase == "final":
            stated = [("决算数", c["amount"], ("total", "general_public", "fiscal"))]
            if c["budget"] is not pd.NA and c["budget"] is not None:
                stated.append(("年初预算数", c["budget"], ("budget", "adjusted_budget")))
        for name, amount, measures in stated:
            if amount is pd.NA or amount is None or Decimal(amount) == 0:
                continue
            row = t[t["item"] == c["subject"]]
            if not len(row) or row["measure"].isin(measures).any():
                continue  # a row not read at all says nothing of its cells
            a.finding("three_public_blank", "warning",
                      f"情况说明「{c['sentence'][:60]}」述{c['label']}{name} {evidence_amount(Decimal(amount))} 万元，"
                      f"{a.title('three_public')}中该项{name}为空",
                      table="narrative", table2="three_public", item=c["subject"], measure=measures[0],
                      actual=Decimal(amount), page=None if c["page"] is pd.NA else c["page"], page2=page,
                      rows=str(c["position"]))
