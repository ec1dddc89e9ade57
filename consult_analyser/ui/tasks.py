"""One task runner for all long work: a function runs on a worker thread with a progress callback;
the UI shows progress and can cancel. Workers never touch widgets; results come back as signals.

The app's threading model, in full:
- the UI thread only paints and reacts; nothing on it waits on the disk or a model for long;
- every background job of the app is a task of this runner (a ``QThreadPool``): long work with
  progress and cancel (:meth:`TaskRunner.start`), quick reads for a view (:meth:`TaskRunner.fetch`);
  a task opens its own project connection;
- model work that holds Python's interpreter lock for long stretches (theme discovery's pure
  step) runs in one child process per task (:mod:`consult_analyser.ui.isolated`), started from a task;
- the core below ``ui/`` (used by the command line too) keeps its own parallelism inside single
  functions with ``concurrent.futures`` (embedding batches in parallel, the import's writer thread)
  and never starts threads that outlive the call.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from consult_analyser.errors import IngestError, ProjectError
from consult_analyser.paths import log_unexpected
from consult_analyser.progress import Cancelled, ProgressFn

TaskFn = Callable[[ProgressFn], Any]
log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, str)  # message, traceback
    cancelled = Signal()


@dataclass
class Task:
    """A running or finished task. ``cancel()`` asks it to stop at its next progress report."""

    title: str
    writes: bool = True  # False for work that only reads (views need not refresh afterwards)
    signals: _Signals = field(default_factory=_Signals)
    _cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: str = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: TaskFn):
        super().__init__()
        self.task = task
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        task = self.task

        def progress(fraction: float, message: str = "") -> None:
            if task.cancel_requested:
                raise Cancelled(task.title)
            task.signals.progress.emit(float(fraction), message)

        try:
            task.result = self.fn(progress)
        except Cancelled:
            task.done.set()
            task.signals.cancelled.emit()
            return
        except (IngestError, ProjectError, ValueError) as exc:  # the user's input or project: said as it is
            task.error = str(exc) or exc.__class__.__name__
            task.done.set()
            task.signals.failed.emit(task.error, traceback.format_exc())
            return
        except Exception as exc:  # noqa: BLE001 - a fault: one paragraph for the user, the traceback in the log
            task.error = log_unexpected(exc, step=task.title[:1].lower() + task.title[1:])
            task.done.set()
            task.signals.failed.emit(task.error, traceback.format_exc())
            return
        task.done.set()
        task.signals.finished.emit(task.result)


class TaskRunner(QObject):
    """Starts tasks on a thread pool and tells listeners when any task starts or ends."""

    started = Signal(object)  # Task
    ended = Signal(object)  # Task

    def __init__(self, parent: QObject | None = None, max_threads: int = 2,
                 alive: Callable[[], bool] | None = None):
        """``alive``: whether the results are still wanted (the project still open); a task that
        ends after its window closed its project hands its result to no one."""
        super().__init__(parent)
        self.alive = alive or (lambda: True)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.active: list[Task] = []
        self._fetching: dict[int, Task] = {}

    def start(
        self,
        title: str,
        fn: TaskFn,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        writes: bool = True,
    ) -> Task:
        """Run ``fn(progress)`` on a worker. ``fn`` must open its own connection (``project.reopen()``);
        ``writes=False`` marks work that changes nothing, so views are not refreshed when it ends."""
        task = Task(title, writes=writes)
        if on_done:
            task.signals.finished.connect(self._if_alive(on_done))
        if on_error:
            task.signals.failed.connect(lambda message, _tb: on_error(message))
        if on_cancel:
            task.signals.cancelled.connect(on_cancel)
        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_a, t=task: self._end(t))
        self.active.append(task)
        self.started.emit(task)
        self.pool.start(_Runnable(task, fn))
        return task

    def fetch(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[], None] | None = None) -> Task:
        """Run a quick read ``fn()`` (e.g. queries on its own connection) on a worker and hand its
        result to ``on_done`` on the UI thread. Not shown as a task and not cancellable: for
        loading a view's data without holding up the window (SQLite lets other threads run while
        it works). Errors are logged, then ``on_error`` is called."""
        task = Task("fetch", writes=False)
        self._fetching[id(task)] = task  # keep its signals alive until it has reported
        task.signals.finished.connect(self._if_alive(on_done))

        def failed(message: str, trace: str) -> None:
            log.warning("loading failed: %s\n%s", message, trace)
            if on_error is not None:
                on_error()

        task.signals.failed.connect(failed)
        for signal in (task.signals.finished, task.signals.failed):
            signal.connect(lambda *_a, key=id(task): self._fetching.pop(key, None))
        self.pool.start(_Runnable(task, lambda _progress: fn()))
        return task

    def _if_alive(self, on_done: Callable[[Any], None]) -> Callable[[Any], None]:
        def deliver(result: Any) -> None:
            if self.alive():
                on_done(result)
            else:  # (quit while a view was still loading: its project is closed)
                log.info("a background result arrived after the project was closed; dropped")
        return deliver

    def _end(self, task: Task) -> None:
        if task in self.active:
            self.active.remove(task)
        self.ended.emit(task)

    def cancel_all(self) -> None:
        for task in list(self.active):
            task.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
