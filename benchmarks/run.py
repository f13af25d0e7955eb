"""The project's benchmarks: speed and memory, measured side by side in one run.

Every ``benchmarks/bench_*.py`` module exposes ``run(quick: bool) -> list[dict]``; each
dict is one measurement row with at least ``benchmark``, ``case`` and ``value`` /
``unit`` keys (plus whatever else it wants to report, such as a ``ratio`` against a
baseline measured in the same run). This script runs them all, prints one Markdown
table and writes ``benchmarks/results/latest.json``.

    python benchmarks/run.py [--quick] [--only NAME]

Machines here are shared and noisy: compare ratios within one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _modules(only: str | None):
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and only != name:
            continue
        spec = importlib.util.spec_from_file_location(f"benchmarks.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield name, module


def markdown(rows: list[dict]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c, "")
            cells.append(f"{v:.3f}" if isinstance(v, float) else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", help="run one benchmark module (name without bench_)")
    parser.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    rows: list[dict] = []
    started = time.time()
    for name, module in _modules(args.only):
        print(f"running {name} …", file=sys.stderr)
        rows.extend(module.run(quick=args.quick))
    print(markdown(rows))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "started": started, "seconds": time.time() - started, "python": platform.python_version(),
        "machine": platform.machine(), "rows": rows,
    }, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"\nwritten: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
