"""Measure start-up: open a project's main window, wait until its first paint has been processed,
print the time since the process started, and quit.

Used by the desktop bundle's hidden ``--startup-probe [PROJECT]`` flag and by
``benchmarks/bench_bundle.py``. Without PROJECT the sample project in the user data folder is used
(imported first when missing, which is then not a fair start-up figure: the benchmark prepares it).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

PROBE_PREFIX = "usable window after"


def process_start_time() -> float:
    """Seconds since the epoch at which this process started (Linux: from /proc; else now)."""
    try:
        fields = Path(f"/proc/{os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of stat: start time in clock ticks after boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


def probe(args: list[str], *, timeout_s: float = 60.0) -> int:
    """Open the main window on ``args[0]`` (or the sample project), print the seconds from process
    start to the end of the first paint of the main window, and exit. Returns 0, or 1 on timeout."""
    started = process_start_time()
    from PySide6.QtCore import QEvent, QObject, QTimer

    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import ensure_sample_project, make_app, sample_project_path
    from consult_analyser.ui.main_window import MainWindow

    app = make_app()
    path = Path(args[0]) if args else sample_project_path()
    ensure_sample_project(path)
    window = MainWindow(Project.open(path))
    outcome = {"painted": False}

    def done() -> None:
        print(f"{PROBE_PREFIX} {time.time() - started:.2f} s", flush=True)
        window.close()
        app.quit()

    class FirstPaint(QObject):
        """Finishes once the window's first paint event has been delivered and handled."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint and not outcome["painted"]:
                outcome["painted"] = True
                QTimer.singleShot(0, done)  # after this paint (and the ones queued with it) finish
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)

    def give_up() -> None:
        print(f"no paint of the main window within {timeout_s:.0f} s", file=sys.stderr, flush=True)
        app.exit(1)

    QTimer.singleShot(int(timeout_s * 1000), give_up)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(probe(sys.argv[1:]))
