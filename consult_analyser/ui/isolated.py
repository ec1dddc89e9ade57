"""Run the topic model in a child process, so the window never waits on it.

Theme discovery runs on the task runner's worker thread, but the clustering and naming libraries
hold Python's global interpreter lock for long stretches (hundreds of milliseconds at a time),
which would freeze the window. :func:`discover_in_process` has the same signature as
:func:`consult_analyser.pipeline.topic_model.discover_themes` and is handed to the pipeline as
its ``discover`` step: the worker thread still embeds the answers and saves the themes (through
the project's own connection), while the model itself runs in a fresh process that reports
progress back through a pipe. Cancel stops the child at once.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Sequence
from typing import Any

import numpy as np

from consult_analyser.pipeline.progress import ProgressFn, null_progress

POLL_SECONDS = 0.05


def _child(conn, texts: list[str], embeddings: np.ndarray, options: dict, embedder_name: str | None) -> None:  # type: ignore[no-untyped-def]
    try:
        from consult_analyser.pipeline.topic_model import discover_themes

        embedder = None
        if embedder_name and options.get("expected_themes"):
            from consult_analyser.pipeline.embeddings import get_embedder

            embedder = get_embedder(embedder_name)

        def progress(fraction: float, message: str = "") -> None:
            conn.send(("progress", float(fraction), message))

        conn.send(("done", discover_themes(texts, embeddings, embedder=embedder, progress=progress, **options)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        conn.close()


def discover_in_process(texts: Sequence[str], embeddings: np.ndarray, *, embedder: Any = None,
                        progress: ProgressFn | None = None, **options: Any) -> Any:
    """``topic_model.discover_themes`` run in a child process (see the module notes). ``progress``
    is called at least every 50 ms, so a cancel (a ``Cancelled`` raised by it) stops the child."""
    progress = progress or null_progress
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    name = getattr(embedder, "name", None) if embedder is not None else None
    child = context.Process(target=_child, args=(sender, list(texts), np.asarray(embeddings), options, name),
                            daemon=True, name="consult-theme-model")
    child.start()
    sender.close()
    fraction, message = 0.0, "starting the theme model"
    try:
        while True:
            if receiver.poll(POLL_SECONDS):
                try:
                    reply = receiver.recv()
                except EOFError:
                    child.join(5)
                    raise RuntimeError(f"the theme model stopped unexpectedly (exit code {child.exitcode})") from None
                if reply[0] == "done":
                    return reply[1]
                if reply[0] == "error":
                    raise RuntimeError(f"theme model failed: {reply[1]}")
                _, fraction, message = reply
            progress(fraction, message)
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join(5)
