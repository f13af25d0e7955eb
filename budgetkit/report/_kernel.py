"""What runs inside a warm kernel (:mod:`budgetkit.report.kernels`): the state taken once the kernel
is warm, and the reset that gives every notebook a fresh namespace on it.

The kernel imports this module when it is warmed; :func:`snapshot` records the process
state a notebook may change (environment, ``sys.path``, warning filters, matplotlib's
rcParams) and :func:`reset` restores it before each notebook: IPython's user namespace,
output cache and history session are replaced (execution counts start at 1 again), open
figures closed, the working directory set, budgetkit's captured warnings cleared and the
garbage collected. Imported modules stay imported — that is what makes the kernel warm.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings

_STATE: dict = {}


def snapshot() -> None:
    """Record the state a notebook may change (called once, after the warm-up code)."""
    _STATE.update(environ=dict(os.environ), path=list(sys.path), filters=list(warnings.filters),
                  showwarning=warnings.showwarning, rc=_rc())
    gc.collect()
    gc.freeze()  # what the warm-up made stays: later collections look only at what notebooks make


def _rc() -> dict | None:
    mpl = sys.modules.get("matplotlib")
    return None if mpl is None else dict(mpl.rcParams)


def reset(cwd: str) -> None:
    """A fresh namespace for the next notebook, in ``cwd``."""
    from IPython import get_ipython

    if "environ" in _STATE:
        warnings.filters[:] = _STATE["filters"]
        warnings.showwarning = _STATE["showwarning"]
        for key in set(os.environ) - set(_STATE["environ"]):
            del os.environ[key]
        os.environ.update(_STATE["environ"])
        sys.path[:] = _STATE["path"]
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)
    _reset_matplotlib()
    report = sys.modules.get("budgetkit.report.blocks")
    if report is not None:
        report.CAPTURED.clear()
    os.chdir(cwd)
    gc.collect()


def _reset_matplotlib() -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    mpl = sys.modules.get("matplotlib")
    if mpl is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if _STATE.get("rc") is not None:
            mpl.rcParams.update(_STATE["rc"])
        else:  # first imported by a notebook: back to the state of a fresh import
            mpl.rc_file_defaults()
            fonts = sys.modules.get("budgetkit.charts.fonts")
            if fonts is not None:  # its settings went with the defaults: applied again when next asked
                fonts.register_matplotlib.cache_clear()
