"""Sentences of the 情况说明 → structured claims.

A *claim* is one figure the narrative states about a subject, with the change and
percentage it gives against the previous year::

    收入预算1,564.22万元，比上年增加129.41万元，增长9.02%

becomes ``subject="income", amount=1564.22, change=129.41, direction="increase",
percent=9.02, previous=1434.81, compared_to=2022``.

The reading tolerates what official text does: line breaks inside a sentence, spaces
around numbers, thousands separators (``1,564.22``), ASCII or full-width punctuation,
a doubled verb (``增加增加``), a parenthetical between a figure and its change (the
公务用车 sentence of the seed) and comparisons against a stated year
(``比2024年预算减少876.75万元``).

The conversions, in order: :func:`compact_text` (text → matching form with a map back
to positions in ``doc.narrative``), :func:`text_to_claims` (matching form → claim
records), :func:`claims` (document → frame).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from budgetkit.catalogue import figures
from budgetkit.tidy.schema import AMOUNT_DTYPE

#: Columns of the claims frame, in order.
CLAIM_COLUMNS = ("subject", "label", "amount", "change", "direction", "percent", "previous",
                 "compared_to", "sentence", "position", "paragraph", "page", "code", "base", "budget", "rate",
                 "versus", "share", "whole", "whole_label")

# A 收入预算 / 支出预算 that belongs to a part (其他资金收入预算, 基本支出预算, 转移支付支出预算 …) is no headline.
_NOT_QUALIFIED = (r"(?<!资金)(?<!基金)(?<!其他)(?<!事业)(?<!经营)(?<!基本)(?<!项目)(?<!预算)(?<!拨款)(?<!支付)"
                  r"(?<!支出)")

# Label patterns of each subject a claim can name (a figure of budgetkit.catalogue.figures).
# Longer labels come first where one label contains another (财政拨款支出预算 before 支出预算).
_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Never a qualified figure: 「财政拨款收支总预算」 is no 收支总预算, 「政府性基金预算财政拨款收入」 no 财政拨款收入.
    ("income_expenditure_total", tuple(r"(?<!财政拨款)" + p for p in (
        r"收入、支出预算总计", r"收、支预算总计", r"收支预算总计", r"收入、支出总预算", r"收支总预算"))),
    # 决算: 收入支出总计 (收入支出决算总表), 财政拨款收入支出总计 (财政拨款收入支出决算总表)
    ("fiscal_total", (r"财政拨款收入支出(?:决算)?总计",)),
    ("final_total", (r"(?<!财政拨款)收入支出(?:决算)?总计",)),
    ("fiscal", (r"(?<!预算)财政拨款收入(?:预算)?",)),
    ("fiscal_expenditure", (r"财政拨款支出预算",)),
    ("general_public_expenditure", (r"一般公共预算(?:拨款)?支出预算", r"一般公共预算财政拨款支出(?!预算)")),
    ("gov_fund_expenditure", (r"政府性基金(?:预算)?(?:拨款)?支出预算",)),
    ("state_capital_expenditure", (r"国有资本经营预算(?:拨款)?支出预算",)),
    ("basic", (r"(?<!预算)(?<!拨款)基本支出(?:预算)?",)),
    ("project", (r"(?<!预算)(?<!拨款)项目支出(?:预算)?",)),
    ("income", (_NOT_QUALIFIED + r"收入预算(?:总计|总额|合计)?", _NOT_QUALIFIED + r"收入总预算")),
    ("expenditure", (_NOT_QUALIFIED + r"支出预算(?:总计|总额|合计)?", _NOT_QUALIFIED + r"支出总预算")),
    ("three_public", (r"\"三公\"经费(?:预算)?", r"三公经费(?:预算)?")),
    ("overseas_travel", (r"因公出国\(境\)(?:费用|费|经费)",)),
    ("vehicle", (r"公务(?:用)?车(?:辆)?购置及运行(?:维护|维修)?(?:费用|费|经费)?",)),
    ("vehicle_purchase", (r"公务(?:用)?车(?:辆)?购置(?:费用|费|经费)", r"公务(?:用)?车(?:辆)?购置(?=预算)")),
    ("vehicle_operation", (r"公务(?:用)?车(?:用车)?运行(?:维护|维修)?(?:费用|费|经费)",)),
    ("reception", (r"公务接待(?:费用|费|经费)",)),
    ("meeting", (r"会议费",)),
    ("training", (r"培训费",)),
    ("office_operation", (r"机关运行经费", r"行政经费")),
    ("procurement_goods", (r"货物类(?:采购)?(?:预算)?", r"政府采购货物(?:预算)?", r"拟采购货物(?:支出)?")),
    ("procurement_works", (r"工程类(?:采购)?(?:预算)?", r"政府采购工程(?:预算)?", r"拟采购工程(?:支出)?")),
    ("procurement_services", (r"服务类(?:采购)?(?:预算)?", r"政府采购服务(?:预算)?", r"拟购买服务(?:支出)?")),
    ("procurement", (r"政府采购(?!项目)(?:预算|支出预算)?",)),
)

#: Subjects a claim can name: figure id → (its name, label patterns); see
#: :data:`budgetkit.catalogue.figures.FIGURES` for what each figure is and where it is printed.
SUBJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    subject: (figures.FIGURES[subject].zh, patterns) for subject, patterns in _PATTERNS
}

#: The parts a claim's subject is made of (``three_public`` = its three parts …).
PARTS: dict[str, tuple[str, ...]] = figures.PARTS

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Words allowed between a subject and its figure: 安排, 预算数为, 预算支出 … (no digits,
# no clause punctuation).
_FILLER = r"(?:(?![增减占比于差])[^\d,;。:!?%()\"]){0,12}?"
_SUBJECT = re.compile(
    "(?P<label>" + "|".join(f"(?P<{sid}>{'|'.join(pats)})" for sid, (_, pats) in SUBJECTS.items()) + ")"
    + _FILLER + r"(?P<amount>" + _AMOUNT + r")万元"
)
_INCREASE = ("增加", "增长", "上升", "提高", "大于", "高于", "多")
_DECREASE = ("减少", "下降", "降低", "小于", "低于", "减", "少")
_FLAT = ("持平", "相同", "相等", "等于", "一致", "不变", "无变化", "无增减")
_COMPARISON = re.compile(
    r"(?P<stop>。)?,?(?:\([^()]{0,200}\))?,?(?:本年数?)?"
    r"(?:与|比|较|同比)(?:上年|上一年度?|去年|(?P<year>(?:19|20)\d{2})年)(?:\([^()]{0,40}\))?"
    r"(?P<between>(?:[^\d,;。%]{0,3}相比,)?[^\d,;。%]{0,14}?)(?:(?P<base>" + _AMOUNT + r")万元,?)?"
    r"(?P<verb>" + "|".join(_FLAT + _INCREASE + _DECREASE) + r")(?:增加|减少|了)?(?:\((?:增加|减少)\))?"
    r"(?:(?P<change>" + _AMOUNT + r")万元)?"
    r"(?:,?(?:增长|下降|增幅|降幅|减幅|上升|减少|增加|降低|提高|幅度)?(?:\((?:增加|减少|下降)\))?(?:为|了)?(?P<percent>\d+(?:\.\d+)?)%)?"
)
# 本年数小于上年预算数29.65万元: the verb before the base.
_COMPARISON_BEFORE = re.compile(
    r"(?P<stop>)(?P<between>),?本年数?(?P<verb>小于|大于|低于|高于|等于)上年度?(?:预算)?数?"
    r"(?:(?P<change>" + _AMOUNT + r")万元)?(?P<percent>)(?P<year>)"
)
_CHANGE_VERBS = {"增加", "减少", "调增", "调减", "增长", "下降", "压减", "减了"}
# Page numbers printed into the running text by PDF extraction: —5—, -12-.
_PAGE_NUMBER = re.compile(r"[—－-]\d{1,3}[—－-]")
_CLAUSE_END = re.compile(r"[。;；]")


@dataclass(frozen=True)
class CompactText:
    """Narrative text in matching form, with the position of each character in the original."""

    text: str
    positions: tuple[int, ...]

    def origin(self, i: int) -> int:
        """Position in the original text of character ``i`` of the compact text."""
        return self.positions[i] if i < len(self.positions) else (self.positions[-1] + 1 if self.positions else 0)


def compact_text(text: str) -> CompactText:
    """Whitespace removed, full-width forms folded (NFKC per character), quotes made uniform.

    >>> compact_text("收入预算1，564.22 万元").text
    '收入预算1,564.22万元'
    """
    chars, positions = [], []
    for i, ch in enumerate(text or ""):
        if ch.isspace():
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) != 1:
            folded = ch
        if folded in "“”「」『』‘’'":
            folded = '"'
        chars.append(folded)
        positions.append(i)
    joined = "".join(chars)
    for m in reversed(list(_PAGE_NUMBER.finditer(joined))):
        del chars[m.start():m.end()]
        del positions[m.start():m.end()]
    return CompactText("".join(chars), tuple(positions))


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text.replace(",", ""))


def _direction(verb: str | None) -> str:
    if not verb:
        return ""
    if verb in _FLAT:
        return "flat"
    return "increase" if verb in _INCREASE else "decrease"


def _comparison_fields(cmp: re.Match | None, amount: Decimal) -> dict:
    """change (signed), percent, direction, compared_to and previous of a comparison clause; the
    previous year's figure is the one the clause states (比2025年年初预算数264448.86万元增加…) or
    amount − change."""
    out = {"change": None, "percent": None, "direction": "", "compared_to": None, "previous": None, "base": None}
    if not cmp:
        return out
    direction = _direction(cmp.group("verb"))
    change = _decimal(cmp.group("change"))
    if direction == "flat":
        change = Decimal(0)
    elif change is not None and direction == "decrease":
        change = -change
    if direction != "flat" and change == 0:
        direction = "flat"
    base = _decimal(cmp.groupdict().get("base"))
    out.update(change=change, percent=_decimal(cmp.group("percent") or None), direction=direction,
               compared_to=int(cmp.group("year")) if cmp.group("year") else None,
               previous=base if base is not None else (amount - change if change is not None else None), base=base)
    return out


def _sentence(original: str, start: int, end: int) -> str:
    """The clause of ``original`` from ``start`` to the next 。/； after ``end``, on one line."""
    m = _CLAUSE_END.search(original, end)
    stop = m.end() if m else len(original)
    return re.sub(r"\s+", "", original[start:stop])


def text_to_claims(text: str, year: int | None = None) -> list[dict]:
    """Claim records of a narrative text (see :func:`claims` for the fields).

    >>> [c["subject"] for c in text_to_claims("“三公”经费8.50万元，比上年减少16.40万元，下降65.86%。", 2023)]
    ['three_public']
    """
    compact = compact_text(text)
    s = compact.text
    records = []
    for m in _SUBJECT.finditer(s):
        if s[max(m.start() - 2, 0):m.start()] in _CHANGE_VERBS:
            continue  # 增加基本支出844.15万元: a change, not the subject's amount
        subject = next(sid for sid in SUBJECTS if m.group(sid) is not None)
        amount = _decimal(m.group("amount"))
        execution = {}
        if "年初预算" in s[m.end("label"):m.start("amount")]:
            # 决算: …年初预算为A万元,支出决算为B万元,完成年初预算的C%: the claim is B, beside A
            ex = _EXECUTION.match(s, s.index("年初预算", m.end("label")))
            if ex:
                amount = _decimal(ex.group("amount"))
                execution = {"budget": _decimal(ex.group("budget")), "rate": _decimal(ex.group("rate"))}
                vs = _VERSUS.search(s, ex.end(), ex.end() + 60)
                execution["versus"] = _versus(vs) if vs and "。" not in s[ex.end() + 1:vs.start()] else ""
        cmp = _COMPARISON.match(s, m.end()) or _COMPARISON_BEFORE.match(s, m.end())
        if cmp and cmp.group("stop") and re.sub(r"^度?(?:相比)?,?", "", cmp.group("between")) not in (
                "", m.group("label")):
            cmp = None  # a new sentence comparing another figure
        fields = _comparison_fields(cmp, amount)
        change, percent, direction, compared_to = (fields[k] for k in ("change", "percent", "direction",
                                                                        "compared_to"))
        end = cmp.end() if cmp else m.end()
        if compared_to is None and year is not None:
            compared_to = year - 1
        start = compact.origin(m.start())
        records.append({
            "subject": subject,
            "label": re.sub(r"\s+", "", text[start:compact.origin(m.end("label") - 1) + 1]),
            "amount": amount,
            "change": change,
            "direction": direction,
            "percent": percent,
            "previous": fields["previous"],
            "base": fields["base"],
            "compared_to": compared_to,
            "sentence": _sentence(text, start, compact.origin(max(end - 1, m.start()))),
            "position": start,
            **execution,
        })
    records.extend(_item_records(compact, text, year))
    records.extend(_coded_item_records(compact, text, year))
    _share_records(compact, text, records)
    for rec in records:
        rec["paragraph"] = text.count("\n", 0, rec["position"])
    return records


# -- per-item paragraphs ------------------------------------------------------------------------

# A function-classification item as a paragraph names it: 一般公共服务支出(类)财政事务(款)行政运行(项),
# or a 类 alone (一般公共服务(类)支出 …); the matching form has (类) for （类）.
_ITEM = re.compile(r"(?P<chain>(?:(?:[\u4e00-\u9fff、]|\((?!类|款|项|[一二三四五六七八九十]+\))[\u4e00-\u9fff]{1,2}\)){2,30}?\((?:类|款|项)\)){1,3})"
                   r"(?:支出)?")
# Words a sentence leads into an item with (…万元，主要用于以下方面：一般公共服务支出(类)…).
_LEAD_IN = re.compile(r"万元|方面|其中|用于|包括|分别为|以下|情况|具体|、")
_PCT = r"\d+(?:\.\d+)?"
# 决算: 年初预算为A万元,支出决算为B万元,完成年初预算的C%
# (a PDF's text layer may set a line's punctuation inside the next: 1511.89万,元 / 为:161.62)
_P = r"[,;:]?"
_EXECUTION = re.compile(
    r"年初预算(?:数)?(?:为|是)?" + _P + r"(?P<budget>" + _AMOUNT + r")万" + _P + r"元,?"
    r"(?:[^\d。]{0,12}?)决算(?:数)?(?:为|是)?" + _P + r"(?P<amount>" + _AMOUNT + r")万" + _P + r"元"
    r"(?:,?(?:[^\d。%]{0,6}?)完成(?:年初)?预算(?:数)?的?(?P<rate>" + _PCT + r")%)?")
# 决算数大于 / 小于 / 等于 (年初)预算数; 决算数与(年初)预算数(基本)持平
_VERSUS = re.compile(r"决算数?" + _P + r"(?:(?P<word>大于|小于|等于|高于|低于)" + _P + r"(?:年初)?预算数?|与" + _P
                     + r"(?:年初)?预算数?" + _P + r"(?P<flat>基本持平|持平|相同|一致))")
# 预算: "…(项)"25.77万元 / …(项)3685.65万元 / …(项)预算为211,000.00万元 / …(类)支出6,701.98万元
_ITEM_AMOUNT = re.compile(r"\"?(?:[,:]?(?:[^\d,;。:%()\"]{0,10}?))(?P<amount>" + _AMOUNT + r")万元")
_ITEM_PLANNED = re.compile(r"(?:预算安排|预算数为|预算为|预算数是)(?P<amount>" + _AMOUNT + r")万元")
# 2023年当年预算执行数为60.13万元,2024年预算安排25.77万元,比2023年预算执行数减少57.14%
_ITEM_PREVIOUS = re.compile(r"(?P<year>(?:19|20)\d{2})年(?:当年)?(?:预算)?执行数(?:为|是)?(?P<previous>" + _AMOUNT
                            + r")万元")
_ITEM_CHANGE = re.compile(r"比(?:(?P<year>(?:19|20)\d{2})年|上年)(?:当年)?(?:预算)?执行数?(?P<verb>"
                          + "|".join(_FLAT + _INCREASE + _DECREASE) + r")(?:了)?(?:(?P<percent>" + _PCT + r")%)?")
# X万元,占Y% / X万元,占本年支出合计的Y%
_SHARE = re.compile(r"(?<![\d.:;,])(?P<amount>" + _AMOUNT + r")万元,?占(?P<label>[^\d,;。%]{0,16}?的)?(?P<share>" + _PCT + r")%")
# What a share is of, when the sentence names no whole: the figure right before 其中 / 主要用于 / 包括.
_WHOLE = re.compile(r"(?P<amount>" + _AMOUNT + r")万元[,:;]?(?:其中|主要用于)")


def _versus(m: re.Match) -> str:
    """``greater`` / ``less`` / ``flat``: what a 决算数…预算数 clause says of the 决算 against the plan."""
    if m.group("flat"):
        return "roughly" if "基本" in m.group("flat") else "flat"
    return "greater" if m.group("word") in ("大于", "高于") else "less" if m.group("word") in ("小于", "低于") else "flat"


def item_names(chain: str) -> tuple[tuple[str, str], ...]:
    """``((level word, name), …)`` of a printed item chain.

    >>> item_names("一般公共服务支出(类)财政事务(款)行政运行(项)")
    (('类', '一般公共服务支出'), ('款', '财政事务'), ('项', '行政运行'))
    """
    out = []
    for m in re.finditer(r"((?:[^()]|\((?!类|款|项|[一二三四五六七八九十]+\))[^()]{1,2}\))+?)\((类|款|项)\)", chain):
        name = _LEAD_IN.split(m.group(1))[-1]
        if len(name) >= 2:
            out.append((m.group(2), name))
    return tuple(out)


def _item_records(compact: CompactText, text: str, year: int | None) -> list[dict]:
    """One record per item paragraph: the function row it names and what it states of it.

    The paragraph is read up to the next item with its commas, colons and semicolons left
    out: a PDF's text layer may set a line's punctuation inside the next one
    (``1511.89万，元``, ``预：算数``), and none of the forms read needs them.
    """
    s = compact.text
    found = [m for m in _ITEM.finditer(s) if item_names(m.group("chain"))]
    records = []
    for i, m in enumerate(found):
        stop = min(found[i + 1].start() if i + 1 < len(found) else len(s), m.end() + 400)
        names = item_names(m.group("chain"))
        rec = {"subject": "function", "code": "", "label": "".join(f"{n}({w})" for w, n in names),
               "change": None, "direction": "", "percent": None, "previous": None, "budget": None, "rate": None,
               "versus": "", "compared_to": None}
        raw = s[m.end():stop]
        window = re.sub(r"[,;:]", "", raw)
        ex = _EXECUTION.search(window)
        if ex and not re.search(r"\d", window[:ex.start()]):
            rec.update(amount=_decimal(ex.group("amount")), budget=_decimal(ex.group("budget")),
                       rate=_decimal(ex.group("rate")))
            vs = _VERSUS.search(window, ex.end())
            if vs and vs.start() - ex.end() < 40:
                rec["versus"] = _versus(vs)
        else:
            am = _ITEM_AMOUNT.match(raw)
            if not am:
                # （一）一般公共服务（类）……预算安排X万元: the words between hold no other figure
                planned = _ITEM_PLANNED.search(window)
                if not planned or re.search(r"\d", re.sub(r"(?:19|20)\d{2}年", "", window[:planned.start()])):
                    continue
                rec["amount"] = _decimal(planned.group("amount"))
                records.append(_item_place(rec, compact, text, m, names, stop))
                continue
            rec["amount"] = _decimal(am.group("amount"))
            cmp = _COMPARISON.match(s, m.end() + am.end())
            if cmp and not cmp.group("stop"):  # 支出6372.32万元，与上年相比增加1826.38 万元，增长40.18%
                fields = _comparison_fields(cmp, rec["amount"])
                rec.update(fields)
            prev = _ITEM_PREVIOUS.search(window)
            cmp = _ITEM_CHANGE.search(window, prev.end()) if prev else None
            if prev and cmp and cmp.start() - prev.end() < 40:
                previous = _decimal(prev.group("previous"))
                rec.update(previous=previous, base=previous, change=rec["amount"] - previous,
                           direction=_direction(cmp.group("verb")),
                           percent=_decimal(cmp.group("percent")), compared_to=int(prev.group("year")))
        if rec["compared_to"] is None and year is not None:
            rec["compared_to"] = year - 1
        records.append(_item_place(rec, compact, text, m, names, stop))
    return records


def _item_place(rec: dict, compact: CompactText, text: str, m: re.Match, names, stop: int) -> dict:
    """``rec`` with the position of its first name in the narrative and its paragraph's text."""
    s = compact.text
    first = s.find(names[0][1], m.start())
    start = compact.origin(first if first >= 0 else m.start())
    end = compact.origin(min(stop, m.end() + 200) - 1)
    rec.update(position=start, sentence=re.sub(r"\s+", "", text[start:end + 1]).rstrip("0123456789、.．"))
    return rec


# A function item named by its code: （一）2060101-行政运行693.69万元 (福建).
_CODED_ITEM = re.compile(r"(?<![\d.,])(?P<code>2\d{2}(?:\d{2}){0,2})[-—]?(?P<name>[\u4e00-\u9fff]{2,30}?)"
                         r"(?:支出)?(?P<amount>" + _AMOUNT + r")万元")


def _coded_item_records(compact: CompactText, text: str, year: int | None) -> list[dict]:
    """One record per item the narrative names by its code and name, with the amount after them."""
    s = compact.text
    records = []
    for m in _CODED_ITEM.finditer(s):
        start = compact.origin(m.start())
        records.append({"subject": "function", "code": m.group("code"), "label": m.group("code") + m.group("name"),
                        "name": m.group("name"), "amount": _decimal(m.group("amount")), "change": None,
                        "direction": "", "percent": None, "previous": None, "budget": None, "rate": None,
                        "versus": "", "compared_to": year - 1 if year is not None else None, "position": start,
                        "sentence": _sentence(text, start, compact.origin(m.end() - 1))})
    return records


def _share_records(compact: CompactText, text: str, records: list[dict]) -> None:
    """Attach each "X万元，占Y%" to the claim stating X there (a new ``part`` record when none
    does), with the whole it is a share of: the figure the sentence names (占本年支出合计的…),
    else the one its list follows (…万元，其中 / 主要用于 …)."""
    s = compact.text
    for m in _SHARE.finditer(s):
        whole, label = None, (m.group("label") or "").removesuffix("的")
        before = s[:m.start()]
        if label:
            named = list(re.finditer(re.escape(label) + r"(?:[^\d,;。%]{0,8}?)(?P<amount>" + _AMOUNT + r")万元", before))
            if named:
                whole = _decimal(named[-1].group("amount"))
        else:
            lead = list(_WHOLE.finditer(before, max(0, m.start() - 600)))
            if lead and "。" not in s[lead[-1].end():m.start()]:
                whole = _decimal(lead[-1].group("amount"))
        start = compact.origin(m.start("amount"))
        amount = _decimal(m.group("amount"))
        rec = next((r for r in records if r["amount"] == amount and 0 <= start - r["position"] <= 80
                    and r.get("share") is None), None)
        if rec is None:
            label_start = max(before.rfind(c) for c in ",;:。%") + 1
            rec = {"subject": "part", "label": _LEAD_IN.split(s[label_start:m.start()])[-1][-24:],
                   "amount": amount, "change": None, "direction": "", "percent": None, "previous": None,
                   "compared_to": None, "position": compact.origin(label_start),
                   "sentence": _sentence(text, compact.origin(label_start), compact.origin(m.end() - 1))}
            records.append(rec)
        rec.update(share=_decimal(m.group("share")), whole=whole, whole_label=label)


def claims_frame(records: list[dict]) -> pd.DataFrame:
    """Claim records → the claims frame, exact decimals in the schema's decimal dtype."""
    frame = pd.DataFrame.from_records(records, columns=list(CLAIM_COLUMNS))
    for col in ("amount", "change", "percent", "previous", "base", "budget", "rate", "share", "whole"):
        frame[col] = pd.array([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
                               for v in frame[col]], dtype=AMOUNT_DTYPE)
    for col in ("subject", "label", "direction", "sentence", "code", "versus", "whole_label"):
        frame[col] = [("" if v is None or (isinstance(v, float) and v != v) else str(v)) for v in frame[col]]
        frame[col] = frame[col].astype(str)
    for col in ("compared_to", "page"):
        frame[col] = pd.array([None if v is None or (isinstance(v, float) and v != v) else int(v)
                               for v in frame[col]], dtype="Int64")
    for col in ("position", "paragraph"):
        frame[col] = frame[col].fillna(0).astype("int64")
    return frame


def claims(doc) -> pd.DataFrame:
    """Structured claims of a document's 情况说明, one row per stated figure.

    Parameters
    ----------
    doc
        A :class:`~budgetkit.tidy.document.BudgetDocument`.

    Returns
    -------
    pandas.DataFrame
        ``subject`` (canonical id: ``income``, ``expenditure``, ``income_expenditure_total``,
        ``three_public`` and its parts, ``office_operation``, ``procurement`` and its
        parts … see :data:`SUBJECTS`), ``label`` (as printed), ``amount`` (万元, exact),
        ``change`` (signed, null when not stated; 0 for 持平), ``direction``
        (``increase`` / ``decrease`` / ``flat`` / empty), ``percent`` (as printed,
        unsigned, null when not stated), ``previous`` (amount − change, null when no
        change is stated), ``compared_to`` (the year compared with), ``sentence`` (the
        source clause) and ``position`` (offset of the label in ``doc.narrative``).

    Examples
    --------
    >>> c = budgetkit.claims(budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt"))  # doctest: +SKIP
    >>> c.set_index("subject").loc["income", ["amount", "change", "percent"]]  # doctest: +SKIP
    """
    records = text_to_claims(doc.narrative, doc.year)
    codes = _function_codes(doc.lines)
    for rec in records:
        rec["page"] = doc.page_at(rec["position"]) if hasattr(doc, "page_at") else None
        if rec["subject"] == "function" and rec.get("name"):
            # a code printed with its name: checked only where the tables give that code that name
            key_name = codes.get(rec["code"], ("", ""))[0]
            if not key_name or _name_key(rec.pop("name"), _key()) != key_name:
                rec["code"] = ""
        elif rec["subject"] == "function":
            rec["code"] = item_code(item_names(compact_text(rec["label"]).text), codes)
    return claims_frame(records)


def _function_codes(lines: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Function code → (name key, parent code) of every function row the tables print."""
    from budgetkit._normalize import key

    if lines is None or not len(lines):
        return {}
    rows = lines[(lines["code"].str.len() > 0) & (lines["code"].str[:1] == "2")].drop_duplicates("code")
    return {r["code"]: (_name_key(r["name"], key), r["parent"]) for r in rows.to_dict("records")}


def _key():
    from budgetkit._normalize import key

    return key


def _name_key(name: str, key) -> str:
    """A name compared: normalised, numbering and a trailing 支出 / 事务 / 合计 left aside (一般公共服务(类)
    names the 类 一般公共服务支出)."""
    k = key(re.sub(r"^[\d\[\]]+", "", name or "")).replace("其它", "其他")
    return re.sub(r"(支出|合计)$", "", k)


def item_code(names: tuple[tuple[str, str], ...], codes: dict[str, tuple[str, str]]) -> str:
    """The one function code whose row and parents bear ``names`` (类, 款, 项 as printed); ``""``
    when no row or several do.

    >>> item_code((("类", "一般公共服务支出"), ("款", "财政事务"), ("项", "行政运行")),
    ...           {"201": ("一般公共服务", ""), "20106": ("财政事务", "201"), "2010601": ("行政运行", "20106")})
    '2010601'
    """
    from budgetkit._normalize import key

    if not names:
        return ""
    want = [_name_key(n, key) for _, n in names]
    length = {"类": 3, "款": 5, "项": 7}[names[-1][0]]
    hits = []
    for code, (name, parent) in codes.items():
        if len(code) != length or name != want[-1]:
            continue
        chain, up = [name], parent
        while up and len(chain) < len(want):
            chain.insert(0, codes.get(up, ("", ""))[0])
            up = codes.get(up, ("", ""))[1]
        if chain[-len(want):] == want[-len(chain):] if len(chain) < len(want) else chain[-len(want):] == want:
            hits.append(code)
    return hits[0] if len(hits) == 1 else ""


# -- the text a careful reader checks --------------------------------------------------------------

_CHANGE_WORDS = "增加|减少|增长|下降|大于|小于|高于|低于|上升|降低"
_TEXT_PATTERNS: tuple[tuple[str, re.Pattern, str], ...] = (
    ("text_placeholder", re.compile(r"(?<![A-Za-z])(?:[Xx]{2,}|×{2,}|\*{2,}|某某)(?![A-Za-z])"),
     "模板占位符「{0}」未替换"),
    ("text_template", re.compile(r"(?:" + _CHANGE_WORDS + r")(?:\((?:" + _CHANGE_WORDS + r")\)|/(?:"
                                 + _CHANGE_WORDS + r"))"), "模板残留「{0}」：增减方向未按实际填写"),
    ("text_unit", re.compile(r"(?:增长|下降|增幅|降幅|减幅|上升|完成(?:年初)?预算(?:数)?的|占(?:[^\d,;。%]{0,12}?的)?)"
                             r"(?:" + _AMOUNT + r")(?=[,;。]|$)(?!,\d)"), "百分比「{0}」缺少 %"),
    ("text_unit", re.compile(r"(?:增加|减少)(?:" + _AMOUNT + r")(?<=\.\d\d)(?=[,;。]|$)(?!,\d)"), "金额「{0}」缺少单位"),
)
_DOUBLED = re.compile(r"([。，、；：！？])\1+|([,;:!?])\2+")
_PUNCTUATION_LINE = re.compile(r"[\s，。、；：,.;:！？!?]+")


def punctuation_displaced(text: str) -> bool:
    """Whether a PDF's text layer set the punctuation apart from its text (lines of nothing but
    commas and colons, the marks of one line inside the next): its punctuation, and a figure a
    displaced mark falls into (63.1，4万元), say nothing of the document."""
    return sum(1 for line in text.split("\n") if line.strip() and _PUNCTUATION_LINE.fullmatch(line)) >= 3


_YEAR_COMPARED = re.compile(r"(?:比|较|与)(?P<year>(?:19|20)\d{2})年(?:度)?"
                            r"(?P<after>相比|同期|年初预算数?|预算执行数|预算数?|执行数|决算数?)?")
_YEAR_HEADING = re.compile(r"(?P<year>(?:19|20)\d{2})年(?:度)?[^\d。,;]{0,30}?(?:部门|单位)(?:综合)?(?:预算|决算)")
_YEAR_AS_OF = re.compile(r"截至(?P<year>(?:19|20)\d{2})年(?:\d{1,2}月(?:\d{1,2}日|底)?|底)?")


def text_issues(text: str, year: int | None = None, phase: str = "budget") -> list[dict]:
    """What a careful reader marks in a narrative: placeholders (XX局, ×××), doubled punctuation,
    a percentage without % or an amount without unit, template residue (增加（减少）), and years
    that contradict the document's (a 比YYYY年 comparison with its own year or a later one in a
    预算, a heading naming another year, a 截至 date outside the year and the one before).

    Returns records ``{"rule", "message", "excerpt", "position"}`` (position: offset in ``text``).

    >>> [r["rule"] for r in text_issues("收入预算100万元，比2026年预算增加10万元，增长11.11%。。", 2026)]
    ['text_year', 'text_punctuation']
    """
    compact = compact_text(text)
    s = compact.text
    out = []

    def add(rule: str, message: str, start: int, end: int) -> None:
        origin = compact.origin(start)
        out.append({"rule": rule, "message": message, "position": origin,
                    "excerpt": s[max(0, start - 20):min(len(s), end + 20)]})

    displaced = punctuation_displaced(text)
    for rule, pattern, message in _TEXT_PATTERNS:
        if displaced and rule == "text_unit":
            continue
        for m in pattern.finditer(s):
            add(rule, message.format(m.group(0)), m.start(), m.end())
    if not displaced:
        # in the text as printed: marks a line break or a space sets apart are not doubled
        for m in _DOUBLED.finditer(text):
            out.append({"rule": "text_punctuation", "message": f"标点重复「{m.group(0)}」", "position": m.start(),
                        "excerpt": re.sub(r"\s+", "", text[max(0, m.start() - 20):m.end() + 20])})
    if year is not None:
        for m in _YEAR_COMPARED.finditer(s):
            y = int(m.group("year"))
            same_year_plan = phase == "final" and y == year and re.match(r"(?:年初)?预算", m.group("after"))
            if (y >= year and not same_year_plan) or y > year:
                add("text_year", f"「{m.group(0)}」：{year}年度文件以{y}年为比较基年（应为{year - 1}年）",
                    m.start(), m.end())
        for line in _lines_with_offsets(text):
            offset, content = line
            c = compact_text(content).text
            if len(c) > 40:
                continue
            h = _YEAR_HEADING.search(c)
            if h and int(h.group("year")) != year:
                out.append({"rule": "text_year", "position": offset, "excerpt": c,
                            "message": f"标题「{c}」的年度（{h.group('year')}年）与文件年度（{year}年）不符"})
        allowed = (year - 1, year) if phase != "final" else (year, year + 1)
        for m in _YEAR_AS_OF.finditer(s):
            y = int(m.group("year"))
            if y not in allowed:
                add("text_year", f"「{m.group(0)}」：{year}年度{'决算' if phase == 'final' else '预算'}"
                                 f"的截至日期在{y}年", m.start(), m.end())
    return sorted(out, key=lambda r: r["position"])


def _lines_with_offsets(text: str):
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1
