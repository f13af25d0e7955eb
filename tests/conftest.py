from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed():
    import budgetkit

    return budgetkit.read(SEED)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    return CORPUS


def _render_fixtures():
    """scripts/render_fixtures.py as a module (it is a script, not part of the package)."""
    import importlib.util
    import sys

    name = "render_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "render_fixtures.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def render_fixtures():
    """The renderer of the seed's PDF fixtures (its ``VARIANTS``, ``render`` …)."""
    return _render_fixtures()


@pytest.fixture(scope="session")
def render_variant(tmp_path_factory, render_fixtures):
    """``render_variant(name)``: the seed rendered as the named variant ("" for the plain
    rendering), each rendered once per session."""
    folder = tmp_path_factory.mktemp("variants")
    rendered: dict[str, Path] = {}

    def render(name: str = "") -> Path:
        if name not in rendered:
            variant = render_fixtures.VARIANTS[name] if name else render_fixtures.PLAIN
            out = folder / name / "gd-qingxin-zwfw-2023-budget.pdf" if name else folder / "gd-qingxin-zwfw-2023-budget.pdf"
            out.parent.mkdir(parents=True, exist_ok=True)
            rendered[name] = render_fixtures.render(SEED, out, variant)
        return rendered[name]

    return render
