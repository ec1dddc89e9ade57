"""The theme worker of the desktop app ends quietly when the app is gone (trial 51: after `kill -9` of the app mid-run
the worker printed two BrokenPipeError tracebacks to the terminal)."""

from __future__ import annotations

import multiprocessing

import pytest

from consult_analyser.ui import isolated


def test_the_worker_ends_quietly_when_the_app_is_gone(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    def work(progress):  # type: ignore[no-untyped-def]
        progress(0.5, "halfway")  # the app was killed: its end of the pipe is closed
        return "never read"

    monkeypatch.setitem(isolated._OPERATIONS, "work", work)
    app_end, worker_end = multiprocessing.Pipe(duplex=True)
    app_end.send(("work", ()))
    app_end.close()
    isolated._serve(worker_end)  # returns: no exception, nothing printed
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
