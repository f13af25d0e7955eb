"""Consecutive real years: comparing the two parsed documents reproduces, to the cent, the change
in the 收入 / 支出 totals that the later document's own narrative states.

Skipped only when ../shared/corpus is absent: a document of it that stops reading fails here."""

from __future__ import annotations

import re
import warnings
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest

import budgetkit
from budgetkit._format import display_amount
from budgetkit.comparison.headlines import headline

pytestmark = pytest.mark.corpus

#: (previous files, current files, the change the current narrative states, in 万元), checked by
#: hand against the PDFs' text.
PAIRS = {
    # "收入预算15621.11万元，其中：财政拨款收入15621.11万元，比2023年预算减少876.75万元"
    "sh-putuo-wanli 2023→2024": (("sh-putuo-wanli-2023-budget.pdf",), ("sh-putuo-wanli-2024-budget.pdf",),
                                 D("-876.75")),
    # "收入、支出预算总计24458.43万元，与上年相比收、支预算总计各增加3608.98万元"
    "js-party-office 2017→2018": (("js-party-office-2017-narrative.pdf", "js-party-office-2017-tables.pdf"),
                                  ("js-party-office-2018-narrative.pdf", "js-party-office-2018-tables.pdf"),
                                  D("3608.98")),
    # "收入、支出预算总计21,955.35万元，与上年相比收、支预算总计各增加3,958.67万元"
    "js-procuratorate 2017→2018": (("js-procuratorate-2017-budget.pdf",), ("js-procuratorate-2018-budget.pdf",),
                                   D("3958.67")),
    # "收入、支出预算总计15897.44万元，与上年相比收、支预算总计各增加2248.37万元"
    "js-npc-office 2017→2018": (("js-npc-office-2017-budget.pdf",), ("js-npc-office-2018-budget.pdf",),
                                D("2248.37")),
}


def read(corpus, names):
    """The disclosure of ``names``; the corpus is present, so a file missing or unread fails the test."""
    paths = [corpus / n for n in names]
    assert all(p.exists() for p in paths), f"corpus document missing: {names}"
    return budgetkit.read(paths)


@pytest.fixture(scope="module")
def compared(corpus):
    cache = {}

    def get(pair):
        if pair not in cache:
            previous_files, current_files, stated = PAIRS[pair]
            previous, current = read(corpus, previous_files), read(corpus, current_files)
            with warnings.catch_warnings():
                # 中国共产党江苏省委员会办公厅 (2017) and 中共江苏省委办公厅 (2018) are one department:
                # comparing them must not warn of two departments.
                warnings.filterwarnings("error", message="comparing two departments")
                cache[pair] = (budgetkit.compare(previous, current), current, stated)
        return cache[pair]

    return get


def to_cent(value: D) -> D:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def stated_in(narrative: str, change: D) -> bool:
    compact = re.sub(r"\s+", "", narrative).replace(",", "")
    return f"{abs(change)}万元" in compact


@pytest.mark.parametrize("pair", list(PAIRS))
@pytest.mark.parametrize("subject", ["income", "expenditure"])
def test_change_in_totals_matches_the_later_narrative(compared, pair, subject):
    yoy, current, stated = compared(pair)
    assert stated_in(current.narrative, stated), f"{stated} not in the {pair} narrative"
    figure = headline(yoy, subject)
    assert figure is not None, f"{subject} total not found in both years of {pair}"
    change = figure["current_amount"] - figure["previous_amount"]
    assert to_cent(change) == stated


@pytest.mark.parametrize("pair", list(PAIRS))
def test_narrative_sentence_states_the_same_change(compared, pair):
    yoy, _, stated = compared(pair)
    zh = budgetkit.narrate(yoy)
    verb = "增加" if stated > 0 else "减少"
    current_total = display_amount(headline(yoy, "expenditure")["current_amount"])
    assert f"支出预算{current_total}万元，比上年{verb}{display_amount(abs(stated))}万元" in "".join(zh[:2])
