"""Run the model work of theme discovery in a child process, so the window never waits on it.

Theme discovery runs on the task runner's worker thread, but the embedding, campaign-detection
and topic-model libraries hold Python's global interpreter lock for long stretches (imports of
large extension modules, sparse-matrix and clustering steps: up to hundreds of milliseconds at a
time), which would freeze the window. A :class:`ModelProcess` is one child process for the length
of a task. The worker thread runs the same :func:`consult_analyser.pipeline.themes.discover.discover_project_themes`
as the command line; only its pure step, :func:`~consult_analyser.pipeline.themes.discover.compute_themes`,
runs in the child (:meth:`ModelProcess.compute`), so the app and the command line compute the same
themes from the same input. The child reports progress through a pipe; a Cancel stops it at once.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any

from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store.project import Project

POLL_SECONDS = 0.05


def _compute(inp: Any, progress: ProgressFn) -> Any:
    from consult_analyser.pipeline.themes.discover import compute_themes

    return compute_themes(inp, progress)


_OPERATIONS: dict[str, Callable[..., Any]] = {"compute": _compute}


def _serve(conn) -> None:  # type: ignore[no-untyped-def]
    """The child: answer requests until the parent closes the pipe."""
    def progress(fraction: float, message: str = "") -> None:
        conn.send(("progress", float(fraction), message))

    while True:
        try:
            operation, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[Any, ...] = ("done", _OPERATIONS[operation](*args, progress=progress))
        except (BrokenPipeError, ConnectionResetError):
            return  # the app is gone (closed, or killed mid-run): nobody to answer, and no traceback for anyone
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
            reply = ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            conn.send(reply)
        except (BrokenPipeError, ConnectionResetError):
            return


class ModelProcess:
    """A child process for one task's model work. Use as a context manager; every call relays
    the child's progress to ``progress`` at least every 50 ms, so a cancel (a ``Cancelled``
    raised by it) ends the call, and leaving the ``with`` block ends the child."""

    def __init__(self) -> None:
        self._conn: Any = None
        self._child: Any = None

    def __enter__(self) -> ModelProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _start(self) -> None:
        """Start the child (on the first call: a task whose steps all run here starts none)."""
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe(duplex=True)
        self._child = context.Process(target=_serve, args=(child_end,), daemon=True, name="consult-models")
        self._child.start()
        child_end.close()

    def close(self) -> None:
        """End the child (at once if it is still working)."""
        if self._child is None:
            return
        self._conn.close()
        if self._child.is_alive():
            self._child.terminate()
        self._child.join(5)
        self._child = None

    def call(self, operation: str, *args: Any, progress: ProgressFn | None = None) -> Any:
        """Run one operation in the child and return its result."""
        progress = progress or null_progress
        if self._child is None:
            self._start()
        self._conn.send((operation, args))
        fraction, message = 0.0, ""
        while True:
            if self._conn.poll(POLL_SECONDS):
                try:
                    reply = self._conn.recv()
                except EOFError:
                    self._child.join(5)
                    raise RuntimeError(f"the model process stopped unexpectedly (exit code {self._child.exitcode})"
                                       ) from None
                if reply[0] == "done":
                    return reply[1]
                if reply[0] == "error":
                    raise RuntimeError(f"{operation} failed: {reply[1]}")
                _, fraction, message = reply
            progress(fraction, message)

    def compute(self, inp: Any, progress: ProgressFn) -> Any:
        """:func:`~consult_analyser.pipeline.themes.discover.compute_themes` run in the child."""
        return self.call("compute", inp, progress=progress)


def discovery_task(base: Project, question_id: str | None, options: dict[str, Any]) -> Callable[[ProgressFn], str]:
    """A task runner function: theme discovery for one question (None: every open question) on the worker's own connection,
    its pure step in a :class:`ModelProcess`. ``options`` go to
    :func:`consult_analyser.pipeline.themes.discover.discover_project_themes`; steps given there
    (e.g. a stand-in model in tests) run in this process, as they would on the command line."""

    def work(progress: ProgressFn) -> str:
        from consult_analyser.pipeline.themes import discover as pipeline_themes

        project = base.reopen()
        try:
            with ModelProcess() as models:
                return pipeline_themes.discover_project_themes(project, progress, question=question_id,
                                                               compute=models.compute, **options)
        finally:
            project.close()

    return work
