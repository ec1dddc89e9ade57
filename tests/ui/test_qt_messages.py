"""Qt's own messages go to the app's log folder, not the terminal (trial 46: every `gui --screenshot` printed
"This plugin does not support propagateSizeHints()"); Qt's real errors are still said on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_screenshot_prints_no_qt_warning_and_the_log_keeps_it(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(REPO), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    shot = tmp_path / "sectors.png"
    done = subprocess.run([sys.executable, "-m", "consult_analyser", "gui", str(ui_project_path), "--screenshot",
                           str(shot), "--view", "sectors"], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert shot.exists()
    assert "propagateSizeHints" not in done.stderr and "plugin" not in done.stderr, done.stderr
    log = tmp_path / "data" / "ConsultAnalyser" / "logs" / "qt.log"
    assert "Qt warning: This plugin does not support propagateSizeHints()" in log.read_text(encoding="utf-8")


def test_a_qt_error_is_still_said_and_logged(monkeypatch, tmp_path, capfd):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import qCritical, qInstallMessageHandler, qWarning

    from consult_analyser.ui.app import send_qt_messages_to_log

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    log = tmp_path / "ConsultAnalyser" / "logs" / "qt.log"
    log.parent.mkdir(parents=True)
    log.write_text("x" * 1_000_001, encoding="utf-8")  # a log grown too long is set aside, one kept
    previous = qInstallMessageHandler(None)
    try:
        send_qt_messages_to_log()
        qWarning("a harmless warning")
        qCritical("a real error")
    finally:
        qInstallMessageHandler(previous)
    err = capfd.readouterr().err
    assert "a harmless warning" not in err and "Qt error: a real error" in err
    written = log.read_text(encoding="utf-8")
    assert "Qt warning: a harmless warning" in written and "Qt error: a real error" in written
    assert log.with_name("qt.log.1").stat().st_size == 1_000_001
