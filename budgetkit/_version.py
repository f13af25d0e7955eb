"""The version of budgetkit (pyproject.toml says the same; tests/test_project.py checks)."""

__version__ = "0.1.0"
