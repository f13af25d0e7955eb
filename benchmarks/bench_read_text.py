"""Reading the bundled seed text: the cost of the tidy stage alone (no PDF engine)."""

from __future__ import annotations

import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt"


def run(quick: bool = False) -> list[dict]:
    import budgetkit
    from budgetkit.reading.text import read_text

    repeat = 3 if quick else 10
    budgetkit.read(SEED)  # warm imports
    t0 = time.perf_counter()
    for _ in range(repeat):
        read_text(SEED)
    raw = (time.perf_counter() - t0) / repeat
    t0 = time.perf_counter()
    for _ in range(repeat):
        doc = budgetkit.read(SEED)
    full = (time.perf_counter() - t0) / repeat
    return [
        {"benchmark": "read_text", "case": SEED.name, "measure": "split text into raw tables",
         "value": raw, "unit": "s"},
        {"benchmark": "read_text", "case": SEED.name, "measure": f"budgetkit.read ({len(doc.lines)} lines)",
         "value": full, "unit": "s", "ratio": full / raw},
    ]
