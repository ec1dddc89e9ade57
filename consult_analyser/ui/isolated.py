"""Run the model work of theme discovery in a child process, so the window never waits on it.

Theme discovery runs on the task runner's worker thread, but the embedding, campaign-detection
and topic-model libraries hold Python's global interpreter lock for long stretches (imports of
large extension modules, sparse-matrix and clustering steps: up to hundreds of milliseconds at a
time), which would freeze the window. A :class:`ModelProcess` is one child process serving those
steps for the length of a task: the worker thread still reads the answers and saves the themes
(through the project's own connection), and hands :func:`consult_analyser.pipeline.themes.discover.
discover_project_themes` stand-ins with the same signatures as the real steps
(:meth:`ModelProcess.embedder`, :meth:`ModelProcess.campaign_finder`, :meth:`ModelProcess.discover`).
The child reports progress through a pipe; a Cancel stops it at once.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import multiprocessing
import traceback
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store.project import Project

POLL_SECONDS = 0.05
CAMPAIGNS_MODULE = "consult_analyser.pipeline.themes.campaigns"


def _embed(name: str, texts: list[str], batch_size: int, progress: ProgressFn) -> np.ndarray:
    from consult_analyser.pipeline.embeddings import get_embedder

    return get_embedder(name).encode(texts, progress=progress, batch_size=batch_size)


def _campaigns(texts: list[str], progress: ProgressFn) -> list[SimpleNamespace]:
    import inspect

    from consult_analyser.pipeline.themes.campaigns import find_campaigns

    reports = "progress" in inspect.signature(find_campaigns).parameters  # keeps the pipe busy, so cancel is quick
    found = find_campaigns(texts, progress=progress) if reports else find_campaigns(texts)
    return [SimpleNamespace(indices=[int(i) for i in c.indices], canonical_index=int(c.canonical_index),
                            similarities=[float(s) for s in (getattr(c, "similarities", None) or [])])
            for c in found]


def _discover(texts: list[str], embeddings: np.ndarray, options: dict, embedder_name: str | None,
              progress: ProgressFn) -> Any:
    from consult_analyser.pipeline.themes.model import discover_themes

    embedder = None
    if embedder_name and options.get("expected_themes"):
        from consult_analyser.pipeline.embeddings import get_embedder

        embedder = get_embedder(embedder_name)
    return _plain(discover_themes(texts, embeddings, embedder=embedder, progress=progress, **options))


def _plain(value: Any) -> Any:
    """Dataclasses as namespaces, recursively: unpickling the result in the parent then needs no
    import of the modules that defined them (importing the topic model's libraries there would
    hold the interpreter lock long enough to freeze the window)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return SimpleNamespace(**{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_OPERATIONS: dict[str, Callable[..., Any]] = {"embed": _embed, "campaigns": _campaigns, "discover": _discover}


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
            conn.send(("done", _OPERATIONS[operation](*args, progress=progress)))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
            conn.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))


class ModelProcess:
    """A child process for one task's model work. Use as a context manager; every call relays
    the child's progress to ``progress`` at least every 50 ms, so a cancel (a ``Cancelled``
    raised by it) ends the call, and leaving the ``with`` block ends the child."""

    def __init__(self) -> None:
        self._report: ProgressFn = null_progress
        self._last: tuple[float, str] = (0.0, "")
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

    def watch(self, progress: ProgressFn) -> ProgressFn:
        """Wrap a task's progress function; calls made without a progress function of their own
        (campaign detection reports none) repeat its last report, which keeps Cancel working."""
        self._report = progress

        def tracked(fraction: float, message: str = "") -> None:
            self._last = (fraction, message)
            progress(fraction, message)

        return tracked

    def call(self, operation: str, *args: Any, progress: ProgressFn | None = None) -> Any:
        """Run one operation in the child and return its result."""
        progress = progress or (lambda *_a: self._report(*self._last))
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

    # ---------------------------------------------------- stand-ins for the pipeline's steps
    def embedder(self, real: Any) -> Any:
        """An embedder with ``real``'s name, version and size whose ``encode`` runs in the child
        (embedders fitted on their input, like TF-IDF, stay in this process: they keep state)."""
        if hasattr(real, "fit"):
            return real
        return ProcessEmbedder(self, real.name, real.version, real.dim)

    def campaign_finder(self) -> Callable[[list[str]], list[SimpleNamespace]] | None:
        """Campaign detection run in the child, under the real finder's name (stored campaigns
        found by either are reused), or None when campaign detection is not installed."""
        if importlib.util.find_spec(CAMPAIGNS_MODULE) is None:
            return None

        def find_campaigns(texts: list[str]) -> list[SimpleNamespace]:
            return self.call("campaigns", list(texts))  # type: ignore[no-any-return]

        find_campaigns.__module__ = CAMPAIGNS_MODULE
        find_campaigns.__qualname__ = "find_campaigns"
        return find_campaigns

    def discover(self, texts: Sequence[str], embeddings: np.ndarray, *, embedder: Any = None,
                 progress: ProgressFn | None = None, **options: Any) -> Any:
        """``topic_model.discover_themes`` run in the child."""
        name = getattr(embedder, "name", None) if embedder is not None else None
        return self.call("discover", list(texts), np.asarray(embeddings), options, name, progress=progress)


class ProcessEmbedder:
    """The :class:`consult_analyser.pipeline.embeddings.Embedder` interface over a child process."""

    def __init__(self, models: ModelProcess, name: str, version: str, dim: int) -> None:
        self._models = models
        self.name = name
        self.version = version
        self.dim = dim

    def encode(self, texts: Sequence[str], progress: ProgressFn | None = None, batch_size: int = 64) -> np.ndarray:
        return self._models.call("embed", self.name, list(texts), batch_size,  # type: ignore[no-any-return]
                                 progress=progress)


def discovery_task(base: Project, question_id: str, options: dict[str, Any]) -> Callable[[ProgressFn], str]:
    """A task runner function: theme discovery for one question on the worker's own connection,
    its model work (embedding, campaigns, topic model) in a :class:`ModelProcess`. ``options``
    go to :func:`consult_analyser.pipeline.themes.discover.discover_project_themes`; steps given there
    (e.g. a stand-in model in tests) run in this process."""

    def work(progress: ProgressFn) -> str:
        from consult_analyser.pipeline.embeddings import get_embedder
        from consult_analyser.pipeline.themes import discover as pipeline_themes

        project = base.reopen()
        try:
            with ModelProcess() as models:
                tracked = models.watch(progress)
                options.setdefault("discover", models.discover)
                if "find_campaigns" not in options:
                    options["find_campaigns"] = models.campaign_finder()
                if options.get("embedder") is None:  # the pipeline's own choice, run in the child
                    options["embedder"] = models.embedder(get_embedder(pipeline_themes.project_embedder(project)))
                return pipeline_themes.discover_project_themes(project, tracked, question=question_id, **options)
        finally:
            project.close()

    return work

