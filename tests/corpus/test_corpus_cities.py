"""The 51 disclosures of ../shared/corpus/cities (16 regions), against what they print.

The expectations are data (:mod:`tests.corpus_expected`), checked by hand against each
document's contents page and tables. Every document is read once per module; a document
that stops reading fails here (only an absent corpus skips).
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

import budgetkit
from budgetkit import errors
from budgetkit.audit.evaluate import evaluate, identities
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.cli.common import expand_inputs
from tests.corpus_expected import (
    CITIES,
    closed_gaps,
    kinded,
    outside_rounding,
    printed_kinds,
    printed_values,
    read_document,
    read_each,
)

pytestmark = pytest.mark.corpus

BY_NAME = {d.name: d for d in CITIES}
READABLE = [d.name for d in CITIES if not d.unreadable]
VALUES = [pytest.param(d.name, kind, where, value, id=f"{d.name}-{kind}-{'-'.join(map(str, where.values()))}")
          for d in CITIES for kind, where, value in d.values]


@pytest.fixture(scope="module")
def folder(corpus):
    return corpus / "cities"


@pytest.fixture(scope="module")
def docs(folder):
    """Each expected disclosure read with :func:`budgetkit.read`, or the error it raised."""
    return read_each(CITIES, lambda *files: budgetkit.read([folder / f for f in files]))


_doc = read_document


def test_expectations_cover_every_file_once(folder):
    files = [f for d in CITIES for f in d.files]
    assert len(files) == len(set(files))
    assert set(files) == {p.name for p in folder.iterdir() if p.suffix == ".pdf"}
    # MANIFEST.csv agrees: the files of one disclosure share department and year.
    with open(folder / "MANIFEST.csv", encoding="utf-8") as f:
        manifest = {row["file"]: row for row in csv.DictReader(f)}
    for d in CITIES:
        assert len({(manifest[f]["department"], manifest[f]["year"]) for f in d.files}) == 1, d.files
        assert {manifest[f]["year"] for f in d.files} == {str(d.year)}, d.files


def test_files_are_grouped_into_their_disclosures(folder):
    """The command line's grouping (``budgetkit evaluate cities/``): a Beijing narrative
    joins its own tables file and nothing else; a narrative with no tables file stays alone."""
    results = evaluate(expand_inputs([str(folder)]))
    got = {frozenset(r.source) for r in results}
    assert got == {frozenset(d.files) for d in CITIES}


@pytest.mark.parametrize("name", [d.name for d in CITIES])
def test_disclosure_reads(docs, name):
    expected = BY_NAME[name]
    if expected.unreadable:
        assert isinstance(docs[name], getattr(errors, expected.unreadable)), docs[name]
    else:
        _doc(docs, name)


@pytest.mark.parametrize("name", READABLE)
def test_identity_as_the_first_pages_state_it(docs, name):
    doc, expected = _doc(docs, name), BY_NAME[name]
    assert department_key(doc.department or "") == department_key(expected.department), doc.department
    assert (doc.year, doc.phase, doc.level) == (expected.year, expected.phase, expected.level)


@pytest.mark.parametrize("name", READABLE)
def test_printed_tables_are_kinded(docs, name):
    read = printed_kinds(_doc(docs, name))
    assert read == list(BY_NAME[name].tables), f"read {read}, printed {list(BY_NAME[name].tables)}"


def test_standard_tables_kinded_across_the_folder(docs):
    expected = sum(len(d.tables) for d in CITIES)
    found = sum(kinded(d.tables, printed_kinds(docs[d.name])) for d in CITIES
                if not isinstance(docs[d.name], Exception))
    assert found / expected >= 0.98, f"{found}/{expected} standard tables kinded"


def test_few_tables_read_are_other(docs):
    infos = [i for doc in docs.values() if not isinstance(doc, Exception) for i in doc.table_info]
    other = [i for i in infos if i.kind == "other"]
    assert infos and len(other) / len(infos) <= 0.05, f"{len(other)}/{len(infos)} tables read are other"


@pytest.mark.parametrize("name", READABLE)
def test_identities_hold_or_within_the_documents_rounding(docs, name):
    doc = _doc(docs, name)
    checks = identities(doc)
    assert checks, "no identity could be checked"
    expected = BY_NAME[name]
    assert not [c.as_dict() for c in outside_rounding(doc, checks, expected.expected_failures)]
    closed = closed_gaps(doc, checks, expected.gaps)
    assert not closed, f"these reading gaps are closed now: remove them from tests/corpus_expected.py: {closed}"


@pytest.mark.parametrize(("name", "kind", "where", "value"), VALUES)
def test_hand_checked_values(docs, name, kind, where, value):
    found = printed_values(_doc(docs, name), kind, where)
    assert Decimal(value) in found, found
