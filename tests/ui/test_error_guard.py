"""An unexpected error in the app is one paragraph for the user and a traceback in the log."""

from __future__ import annotations

import sys

from consult_analyser.errors import IngestError


def test_a_failing_task_reports_a_paragraph_and_logs(qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.tasks import TaskRunner

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    runner = TaskRunner()
    messages: list[str] = []

    def broken(_progress):  # type: ignore[no-untyped-def]
        return {}["question"]

    with qtbot.waitSignal(runner.ended, timeout=5000):
        runner.start("Importing survey.csv", broken, on_error=messages.append)
    assert messages and messages[0].startswith("Unexpected problem while importing survey.csv: KeyError")
    log = tmp_path / "ConsultAnalyser" / "logs" / "errors.log"
    assert str(log) in messages[0] and "Traceback" in log.read_text(encoding="utf-8")

    def bad_input(_progress):  # type: ignore[no-untyped-def]
        raise IngestError("survey.csv", "the respondent id is empty", line=4)

    with qtbot.waitSignal(runner.ended, timeout=5000):
        runner.start("Importing", bad_input, on_error=messages.append)
    assert messages[-1] == "survey.csv, line 4: the respondent id is empty"  # said as it is


def test_an_error_in_a_slot_becomes_a_message_box(qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.ui import app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    app.install_error_guard()
    try:
        raise ValueError("a fault in a view")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert shown and "Unexpected problem while working" in shown[0] and "ValueError" in shown[0]
    assert "Traceback" not in shown[0]
