"""The text normalisation every stage shares (budgetkit._normalize): one pattern for a table's number."""

from __future__ import annotations

import re

import pytest

from budgetkit._normalize import ENUMERATOR, TABLE_LABEL, TABLE_NUMBER, key, strip_numbering, title_key
from budgetkit.catalogue import kinds

LABELS = ["公开05表", "预算01表", "预算表12", "附表1", "附件2", "部门公开表一", "表3-1", "表 1", "表一", "决算 03 表"]
ENUMERATORS = ["一、", "二十一、", "（一）", "(3)", "1、", "2."]


@pytest.mark.parametrize("label", LABELS)
def test_every_printed_table_label_is_one_label(label):
    assert re.fullmatch(TABLE_LABEL, label) and re.fullmatch(TABLE_NUMBER, label)


@pytest.mark.parametrize("enumerator", ENUMERATORS)
def test_every_enumerator_is_a_number_but_no_label(enumerator):
    assert re.fullmatch(ENUMERATOR, enumerator) and re.fullmatch(TABLE_NUMBER, enumerator)
    assert not re.fullmatch(TABLE_LABEL, enumerator)


@pytest.mark.parametrize("number", LABELS + ENUMERATORS)
def test_a_numbered_title_keys_and_kinds_as_the_bare_title(number):
    # The same rule for the title key and for the kind: "表3-1 收支总表" is the 收支总表.
    title = f"{number} 2024年部门收支总表"
    assert title_key(title) == key("部门收支总表")
    assert kinds.recognise(title).id == kinds.recognise("部门收支总表").id == "overall"


def test_a_title_that_starts_like_a_number_keeps_its_words():
    assert title_key("一般公共预算支出表") == key("一般公共预算支出表")
    assert strip_numbering("二十一、国有资本经营预算支出") == "国有资本经营预算支出"
