"""Sub-commands of the ``budgetkit`` CLI, one module each.

A module registers its sub-command with :func:`budgetkit.cli.common.command`; the CLI imports
every module of this package, so adding a command is adding a file.
"""
