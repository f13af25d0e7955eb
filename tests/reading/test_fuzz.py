"""Damaged PDFs: every outcome is a document or a ``BudgetkitError``, never another exception or a hang.

Each target is a real PDF cut down to two pages (its first page and its first table
page, saved by pdfium) so that a thousand mutations fit in the suite: the seed rendered
by scripts/render_fixtures.py and, when ../shared/corpus is present, two corpus PDFs of
other producers (a Shanghai and a Jiangsu disclosure). A mutation flips bytes,
overwrites them with PDF syntax, truncates the file, duplicates, removes or swaps chunks,
or damages the cross-reference table, ``startxref`` and the stream lengths.

The cases are drawn from a seeded random generator: case ``i`` of a target is always the
same mutation for one ``BUDGETKIT_FUZZ_SEED`` (default 0), so a failure names a case
that reproduces (:func:`mutated`). ``BUDGETKIT_FUZZ_CASES`` (default 1000, spread over the
targets) runs more, another seed explores other mutations, and ``BUDGETKIT_FUZZ_ENGINE``
reads them with another table engine (``pdfplumber``: pdfminer parses the file anew). Each case runs in one of
two forked workers with a time limit, so a hang or a crash of the C library is reported
as a failure of that case instead of stopping the suite. A thousand cases take about 55 s
of CPU (some 60 ms a case), shared by the two workers.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import re
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

import budgetkit
from budgetkit import BudgetkitError
from budgetkit.tidy.document import BudgetDocument
from tests.conftest import CORPUS

CASES = int(os.environ.get("BUDGETKIT_FUZZ_CASES", "1000"))
SEED = int(os.environ.get("BUDGETKIT_FUZZ_SEED", "0"))
#: Seconds one damaged excerpt may take (an intact one reads in about 0.1 s).
TIME_LIMIT = float(os.environ.get("BUDGETKIT_FUZZ_TIME_LIMIT", "20"))
#: The table engine the cases are read with (None: the default, pdfium).
ENGINE = os.environ.get("BUDGETKIT_FUZZ_ENGINE") or None
#: Reading processes: the machine's two cores (a case reads in about 60 ms of CPU).
WORKERS = max(1, min(2, os.cpu_count() or 1))
#: Corpus PDFs fuzzed beside the seed: a Shanghai (no producer named) and a Word-made Jiangsu disclosure.
CORPUS_TARGETS = ("sh-putuo-wanli-2024-budget.pdf", "js-procuratorate-2018-budget.pdf")
#: Tokens a byte may be overwritten with: the syntax a PDF parser branches on.
SYNTAX = [b"(", b")", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"\\", b"%", b"\x00", b"\xff",
          b"obj", b"endobj", b"stream", b"endstream", b"R", b"-1", b"999999999", b"0", b"\n"]


# --- mutations ----------------------------------------------------------------------------------

def flip_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    at = sorted(rng.randrange(len(out)) for _ in range(rng.randint(1, 16)))
    for i in at:
        out[i] ^= rng.randint(1, 255)
    return bytes(out), f"flip {len(at)} bytes at {at[:4]}…"


def overwrite_with_syntax(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    token, at = rng.choice(SYNTAX), rng.randrange(len(data))
    return data[:at] + token + data[at + len(token):], f"overwrite {token!r} at {at}"


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    # Half the cuts near the end, where the xref table and trailer are.
    at = rng.randrange(len(data)) if rng.random() < 0.5 else len(data) - rng.randint(1, 4096)
    return data[:at], f"truncate at {at}"


def _chunk(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, 8192))


def duplicate_chunk(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start, end = _chunk(data, rng)
    at = rng.randrange(len(data))
    return data[:at] + data[start:end] + data[at:], f"duplicate {start}:{end} at {at}"


def remove_chunk(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start, end = _chunk(data, rng)
    return data[:start] + data[end:], f"remove {start}:{end}"


def swap_chunks(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    a, b = sorted((_chunk(data, rng), _chunk(data, rng)))
    if a[1] > b[0]:
        return remove_chunk(data, rng)
    return data[:a[0]] + data[b[0]:b[1]] + data[a[1]:b[0]] + data[a[0]:a[1]] + data[b[1]:], f"swap {a} {b}"


def damage_xref(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Rewrite an offset of the xref table, the ``startxref`` number or the xref keyword."""
    choice = rng.choice(("entry", "startxref", "keyword", "trailer"))
    if choice == "entry":
        entries = list(re.finditer(rb"(?m)^\d{10} \d{5} [nf]", data))
        if entries:
            m = rng.choice(entries)
            offset = b"%010d" % rng.choice((0, 1, rng.randrange(len(data)), len(data) + 10, 9999999999))
            return data[:m.start()] + offset + data[m.start() + 10:], f"xref entry at {m.start()} -> {offset!r}"
    if choice == "startxref":
        m = list(re.finditer(rb"startxref\s+(\d+)", data))
        if m:
            m = m[-1]
            value = str(rng.choice((0, -1, rng.randrange(len(data)), len(data) * 2))).encode()
            return data[:m.start(1)] + value + data[m.end(1):], f"startxref -> {value!r}"
    if choice == "keyword":
        at = data.rfind(b"xref")
        if at >= 0:
            return data[:at] + b"xrex" + data[at + 4:], "xref keyword damaged"
    at = data.rfind(b"trailer")
    if at >= 0:
        return data[:at], "trailer and everything after removed"
    return flip_bytes(data, rng)


def damage_length(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Give a stream a wrong ``/Length`` (too short, too long, zero, negative)."""
    lengths = list(re.finditer(rb"/Length (\d+)", data))
    if not lengths:
        return flip_bytes(data, rng)
    m = rng.choice(lengths)
    value = int(m.group(1))
    new = str(rng.choice((0, -5, value // 2, value + 1, value * 10, 2**31))).encode()
    return data[:m.start(1)] + new + data[m.end(1):], f"/Length at {m.start()} {value} -> {new.decode()}"


MUTATIONS = (flip_bytes, flip_bytes, overwrite_with_syntax, truncate, duplicate_chunk, remove_chunk,
             swap_chunks, damage_xref, damage_length)


def mutated(data: bytes, target: str, index: int, seed: int = SEED) -> tuple[bytes, str]:
    """Case ``index`` of ``target``: the damaged bytes and what was done to them."""
    rng = random.Random(f"{seed}:{target}:{index}")
    out, what = data, []
    for _ in range(1 if rng.random() < 0.7 else rng.randint(2, 4)):
        mutation = rng.choice(MUTATIONS)
        out, done = mutation(out, rng) if out else (out, "empty")
        what.append(f"{mutation.__name__}: {done}")
    return out, "; ".join(what)


# --- targets ------------------------------------------------------------------------------------

def excerpt(path: Path, table_pages: int = 1) -> bytes:
    """The PDF's first page and its first ``table_pages`` table pages, saved as a new PDF."""
    import pypdfium2 as pdfium

    from budgetkit.reading import _page
    from budgetkit.reading.pdf import is_table_page

    src = pdfium.PdfDocument(str(path))
    try:
        tables = [i for i in range(len(src)) if is_table_page(_page.read_page(src, i))]
        new = pdfium.PdfDocument.new()
        new.import_pages(src, sorted({0, *tables[:table_pages]}))
        buffer = io.BytesIO()
        new.save(buffer)
        new.close()
    finally:
        src.close()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def targets(render_variant) -> dict[str, bytes]:
    found = {"seed": excerpt(render_variant())}
    if CORPUS.is_dir():
        for name in CORPUS_TARGETS:
            assert (CORPUS / name).exists(), f"corpus document missing: {name}"
            found[name] = excerpt(CORPUS / name)
    return found


# --- the worker ---------------------------------------------------------------------------------

def read_outcome(data: bytes, folder: Path, engine: str | None = ENGINE) -> tuple[str, str]:
    """("document", n lines) or ("error", the BudgetkitError) or ("crash", its traceback)."""
    path = folder / "case.pdf"
    path.write_bytes(data)
    try:
        doc = budgetkit.read(path, engine=engine)
    except BudgetkitError as exc:
        return "error", f"{type(exc).__name__}: {exc}"[:300]
    except Exception:  # what the fuzz is looking for
        return "crash", traceback.format_exc(limit=-6)
    if not isinstance(doc, BudgetDocument):
        return "crash", f"read returned {type(doc).__name__}, not a BudgetDocument"
    return "document", f"{len(doc.lines)} lines"


def _work(conn, targets: dict[str, bytes], seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        while (job := conn.recv()) is not None:
            target, index = job
            data, _ = mutated(targets[target], target, index, seed)
            conn.send(read_outcome(data, Path(folder)))


class Worker:
    """A forked process reading cases one at a time; restarted after a hang or a crash."""

    def __init__(self, targets: dict[str, bytes], seed: int):
        self.targets, self.seed, self.process = targets, seed, None

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, self.targets, self.seed), daemon=True)
        self.process.start()
        child.close()

    def run(self, target: str, index: int, limit: float) -> tuple[str, str]:
        if self.process is None:
            self.start()
        self.conn.send((target, index))
        try:
            if self.conn.poll(limit):
                return self.conn.recv()
            outcome = ("hang", f"no outcome after {limit:.0f} s")
        except EOFError:
            outcome = ("died", "")
        self.process.kill()
        self.process.join()
        if outcome[0] == "died":
            outcome = ("died", f"the reading process died (exit code {self.process.exitcode})")
        self.process = None
        return outcome

    def stop(self) -> None:
        if self.process is not None:
            self.conn.send(None)
            self.process.join(5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()


@dataclass(frozen=True)
class Case:
    target: str
    index: int
    outcome: str
    detail: str


def _run_share(targets: dict[str, bytes], jobs: list[tuple[str, int]], seed: int) -> list[Case]:
    worker, cases = Worker(targets, seed), []
    try:
        for target, index in jobs:
            cases.append(Case(target, index, *worker.run(target, index, TIME_LIMIT)))
    finally:
        worker.stop()
    return cases


def run_cases(targets: dict[str, bytes], count: int, seed: int = SEED, workers: int = WORKERS) -> list[Case]:
    """``count`` cases spread evenly over the targets, shared out to ``workers`` reading processes."""
    from concurrent.futures import ThreadPoolExecutor

    names = list(targets)
    jobs = [(names[n % len(names)], n // len(names)) for n in range(count)]
    with ThreadPoolExecutor(workers) as pool:
        shares = pool.map(lambda k: _run_share(targets, jobs[k::workers], seed), range(workers))
        return sorted((case for share in shares for case in share), key=lambda c: (c.target, c.index))


# --- the tests ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cases(targets) -> list[Case]:
    return run_cases(targets, CASES)


def test_targets_read_intact(targets, tmp_path):
    # The undamaged excerpts are documents with lines, so a damaged one can still go all the way.
    for name, data in targets.items():
        outcome, detail = read_outcome(data, tmp_path)
        assert outcome == "document" and detail != "0 lines", (name, outcome, detail)


@pytest.mark.slow
def test_every_damaged_pdf_is_a_document_or_a_budgetkit_error(cases, targets):
    assert len(cases) == CASES
    bad = [c for c in cases if c.outcome not in ("document", "error")]
    report = "\n".join(f"{c.target} case {c.index} (seed {SEED}) [{mutated(targets[c.target], c.target, c.index)[1]}]:"
                       f" {c.outcome}: {c.detail}" for c in bad[:10])
    assert not bad, f"{len(bad)} of {len(cases)} cases neither read nor raised BudgetkitError:\n{report}"


@pytest.mark.slow
def test_the_mutations_reach_both_outcomes(cases):
    # A fuzz whose every case fails to open, or whose every case reads, tests too little.
    for target in {c.target for c in cases}:
        outcomes = {c.outcome for c in cases if c.target == target}
        assert {"document", "error"} <= outcomes, (target, outcomes)


def test_mutations_are_reproducible(targets):
    data = targets["seed"]
    assert mutated(data, "seed", 7) == mutated(data, "seed", 7)
    assert mutated(data, "seed", 7)[0] != mutated(data, "seed", 8)[0]


def unplaced(data: bytes, number: int) -> bytes:
    """``data`` with object ``number``'s cross-reference entry pointing at offset 0."""
    table = re.search(rb"xref\s+0 \d+\s+", data)
    start = table.end() + 20 * number
    return data[:start] + b"0000000000" + data[start + 10:]


def test_regression_a_page_pdfium_cannot_load_is_a_truncated_pdf_error(targets, tmp_path):
    # The page tree names a page whose object cannot be found: pdfium opens the file but
    # not the page, and its PdfiumError escaped the reader.
    from budgetkit.errors import TruncatedPdfError

    data = targets["seed"]
    kids = re.findall(rb"(\d+) 0 R", re.search(rb"/Kids\s*\[([^\]]*)\]", data).group(1))
    assert len(kids) == 2
    path = tmp_path / "damaged.pdf"
    for page, number in enumerate(kids, start=1):
        path.write_bytes(unplaced(data, int(number)))
        with pytest.raises(TruncatedPdfError, match=rf"p\.{page} of the PDF is damaged"):
            budgetkit.read(path)


def test_regression_a_page_pdfminer_cannot_read_is_a_truncated_pdf_error(targets, tmp_path):
    # A page's /Rotate that is no number: pdfium ignores it, pdfplumber's page raised TypeError.
    from budgetkit.errors import TruncatedPdfError

    data = targets["seed"]
    assert data.count(b"/Rotate 0") == 2
    path = tmp_path / "rotated.pdf"
    path.write_bytes(data.replace(b"/Rotate 0", b"/Rotate /A"))
    assert len(budgetkit.read(path).lines) > 0
    with pytest.raises(TruncatedPdfError, match="pdfminer cannot read this PDF"):
        budgetkit.read(path, engine="pdfplumber")


def test_a_hang_a_dying_reader_and_a_stray_exception_are_each_reported(monkeypatch, targets):
    # The worker cannot go silent: each way a case can go wrong comes back as that case's outcome.
    import time

    worker = Worker(targets, SEED)
    try:
        monkeypatch.setattr(budgetkit, "read", lambda path, engine=None: time.sleep(60))
        assert worker.run("seed", 0, limit=1) == ("hang", "no outcome after 1 s")
        monkeypatch.setattr(budgetkit, "read", lambda path, engine=None: os._exit(3))
        assert worker.run("seed", 0, limit=20) == ("died", "the reading process died (exit code 3)")
        monkeypatch.setattr(budgetkit, "read", lambda path, engine=None: 1 / 0)
        outcome, detail = worker.run("seed", 0, limit=20)
        assert outcome == "crash" and "ZeroDivisionError" in detail
    finally:
        worker.stop()
