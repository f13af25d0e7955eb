"""Warm kernels: a papermill engine that executes each notebook on a kernel kept per worker.

papermill starts a kernel for every notebook, and the kernel then imports pandas,
matplotlib and budgetkit again: most of a report's cost. :class:`WarmEngine` (registered
with papermill as ``budgetkit-warm``, by entry point and on import of this module) keeps
one kernel per worker thread instead. The kernel runs a warm-up once (the imports, the
font) and before every notebook it is reset (:mod:`budgetkit.report._kernel`): a fresh user
namespace, history and execution counts, matplotlib's settings and figures, the
environment, ``sys.path``, the warning filters and the working directory as they were
after the warm-up. The notebook itself is executed as papermill executes it — its
parameters injected, each cell's outputs and timings recorded — so the executed notebook
is the record of the report, as before.

A kernel that died (before or during a notebook) or whose cell timed out is discarded:
that notebook fails, the next one starts a new kernel. A kernel is also replaced after
:data:`MAX_NOTEBOOKS` notebooks, so that whatever a library keeps in its own caches
cannot grow without bound.

>>> import papermill.engines
>>> from budgetkit.report.kernels import WarmEngine
>>> papermill.engines.papermill_engines.get_engine(ENGINE) is WarmEngine
True
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import threading
import time
from dataclasses import dataclass, field

from budgetkit.errors import ReportError

# WarmEngine is made on first use (see __getattr__).
__all__ = ["ENGINE", "MAX_NOTEBOOKS", "WarmEngine", "WarmKernel", "shutdown_all", "warm_kernel"]  # noqa: F822

#: The engine's name for ``papermill.execute_notebook(..., engine_name=ENGINE)``.
ENGINE = "budgetkit-warm"
#: Notebooks a kernel executes before it is replaced by a new one.
MAX_NOTEBOOKS = 200
#: Seconds a warm-up or a reset may take.
_SETUP_TIMEOUT = 120


def _run_sync(coroutine):
    from jupyter_core.utils import run_sync

    async def run():
        return await coroutine

    return run_sync(run)()


@dataclass(eq=False)
class WarmKernel:
    """A started kernel that has run its warm-up; :meth:`reset` readies it for the next notebook."""

    kernel_name: str
    extra_arguments: tuple[str, ...] = ()
    warm_up: str = ""
    startup_timeout: float = 60
    notebooks: int = 0
    language_info: dict = field(default_factory=dict)

    def __post_init__(self):
        from jupyter_client import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        # As nbclient starts kernels: history in memory, never in the user's profile.
        _run_sync(self.km.start_kernel(extra_arguments=[*self.extra_arguments,
                                                        "--HistoryManager.hist_file=:memory:"]))
        try:
            self.kc = self.km.client()
            self.kc.start_channels()
            _run_sync(self.kc.wait_for_ready(timeout=self.startup_timeout))
            self.kc.allow_stdin = False
            info = self._reply(self.kc.kernel_info(), self.startup_timeout)
            self.language_info = info["content"].get("language_info", {})
            self._execute(f"import budgetkit.report._kernel\n{self.warm_up}\nbudgetkit.report._kernel.snapshot()")
        except BaseException:
            self.shutdown()
            raise

    @property
    def pid(self) -> int | None:
        """The kernel's process id (``None`` once it is shut down)."""
        process = getattr(self.km.provisioner, "process", None) if self.km.provisioner else None
        return None if process is None else process.pid

    def alive(self) -> bool:
        return bool(self.km.has_kernel) and bool(_run_sync(self.km.is_alive()))

    def reset(self, cwd: str) -> None:
        """A fresh namespace for the next notebook, run in ``cwd``."""
        self._execute(f"__import__('sys').modules['budgetkit.report._kernel'].reset({cwd!r})")

    def _execute(self, code: str) -> None:
        """Run ``code`` silently (no outputs, no history, no execution count); raise if it fails."""
        for _ in range(3):  # a request sent just after a failing cell may be aborted: send it again
            reply = self._reply(self.kc.execute(code, silent=True, store_history=False, allow_stdin=False,
                                                stop_on_error=False), _SETUP_TIMEOUT)
            status = reply["content"]["status"]
            if status != "aborted":
                break
            time.sleep(0.05)
        if status != "ok":
            content = reply["content"]
            raise ReportError(f"the warm kernel could not be readied: {content.get('ename', status)}: "
                              f"{content.get('evalue', '')}")

    def _reply(self, msg_id: str, timeout: float) -> dict:
        from queue import Empty

        async def wait():
            deadline = time.monotonic() + timeout
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ReportError(f"the warm kernel did not answer within {timeout:.0f} s")
                try:
                    msg = await self.kc.shell_channel.get_msg(timeout=min(remaining, 1.0))
                except Empty:
                    if not await self.km.is_alive():
                        raise ReportError("the warm kernel died") from None
                    continue
                if msg["parent_header"].get("msg_id") == msg_id:
                    return msg

        return _run_sync(wait())

    def shutdown(self) -> None:
        """Stop the kernel process at once and release its channels and connection file."""
        with contextlib.suppress(Exception):  # parts of a kernel that is already gone
            if getattr(self, "kc", None) is not None:
                self.kc.stop_channels()
        with contextlib.suppress(Exception):
            if self.km.has_kernel:
                _run_sync(self.km.shutdown_kernel(now=True))
        with contextlib.suppress(Exception):
            _run_sync(self.km.cleanup_resources())


_KERNELS: dict[tuple, WarmKernel] = {}
_LOCK = threading.Lock()


def warm_kernel(kernel_name: str, extra_arguments=(), warm_up: str = "", startup_timeout: float = 60) -> WarmKernel:
    """This thread's warm kernel for ``kernel_name`` and ``warm_up``: the one kept, if it is alive
    and has not run :data:`MAX_NOTEBOOKS` notebooks, else a new one."""
    key = (threading.get_ident(), kernel_name, tuple(extra_arguments), warm_up)
    with _LOCK:
        kernel = _KERNELS.pop(key, None)
    if kernel is not None and (kernel.notebooks >= MAX_NOTEBOOKS or not kernel.alive()):
        kernel.shutdown()
        kernel = None
    if kernel is None:
        kernel = WarmKernel(kernel_name, tuple(extra_arguments), warm_up, startup_timeout)
    with _LOCK:
        _KERNELS[key] = kernel
    return kernel


def _discard(kernel: WarmKernel) -> None:
    with _LOCK:
        for key in [k for k, v in _KERNELS.items() if v is kernel]:
            del _KERNELS[key]
    kernel.shutdown()


def shutdown_all() -> int:
    """Stop every warm kernel of this process; how many were running."""
    with _LOCK:
        kernels = list(_KERNELS.values())
        _KERNELS.clear()
    for kernel in kernels:
        kernel.shutdown()
    return len(kernels)


atexit.register(shutdown_all)


def _execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                              start_timeout=60, execution_timeout=None, extra_arguments=(), warm_up="", **kwargs):
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.log import logger

    kernel = warm_kernel(kernel_name, extra_arguments, warm_up, start_timeout)
    try:
        kernel.reset(os.getcwd())
    except ReportError:  # it died while idle, or cannot be reset: a new kernel
        _discard(kernel)
        kernel = warm_kernel(kernel_name, extra_arguments, warm_up, start_timeout)
        kernel.reset(os.getcwd())
    kernel.notebooks += 1
    client = PapermillNotebookClient(nb_man, km=kernel.km, timeout=execution_timeout, kernel_name=kernel_name,
                                     log=logger, log_output=log_output, stdout_file=stdout_file,
                                     stderr_file=stderr_file)
    client.kc = kernel.kc
    try:
        client.papermill_execute_cells()
    except BaseException as exc:  # the kernel may be dead or still running the cell: of no further use
        _discard(kernel)
        if isinstance(exc, DeadKernelError):
            raise ReportError("the kernel executing the notebook died; it was replaced") from None
        if isinstance(exc, CellTimeoutError):
            raise ReportError(f"a cell of the notebook timed out after {execution_timeout} s; "
                              "its kernel was replaced") from None
        raise
    nb_man.nb.metadata["language_info"] = kernel.language_info
    client.set_widgets_metadata()
    return nb_man.nb


@functools.cache
def _warm_engine() -> type:
    # papermill loads the engines of its entry points while it is imported, this one among
    # them: the class is made on first use, so that neither import needs the other finished.
    from papermill.engines import Engine

    class WarmEngine(Engine):
        """A papermill engine executing each notebook on this thread's warm kernel (:func:`warm_kernel`).

        Takes papermill's engine arguments (``kernel_name``, ``start_timeout``,
        ``execution_timeout``, ``log_output``, ``stdout_file``, ``stderr_file``) and
        ``extra_arguments`` (the kernel's command line) and ``warm_up`` (code the kernel runs
        once when it starts).
        """

        execute_managed_notebook = classmethod(_execute_managed_notebook)

    WarmEngine.__module__ = __name__
    return WarmEngine


def __getattr__(name: str):
    if name == "WarmEngine":
        return _warm_engine()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register() -> None:
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE, _warm_engine())


_register()
