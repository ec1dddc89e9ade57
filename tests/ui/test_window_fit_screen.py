"""The main window fits the screen it opens on and is remembered as the user left it (trial 51: on a 1600 x 1000
screen the status bar, with the progress bar and Cancel, fell below the bottom edge; the app reopened at the usual
size). Each case runs the app's window in a process of its own on an offscreen screen of a given size (frames
drawn, as a window manager does), with its own settings folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent('''
    import json, sys
    from PySide6.QtWidgets import QApplication
    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    steps = json.loads(sys.argv[2])
    app = make_app()
    window = MainWindow(Project.open(sys.argv[1]))
    window.show()
    for _ in range(20):
        app.processEvents()
    out = {}
    def note(name):
        frame, room = window.frameGeometry(), window.screen().availableGeometry()
        out[name] = {"frame": frame.getRect(), "size": window.size().toTuple(), "room": room.getRect(),
                     "inside": room.contains(frame), "min": window.minimumSizeHint().toTuple(),
                     "splitter": window.views["reader"].splitter.sizes() if "reader" in window.views else None}
    note("opened")
    for step in steps:
        if step[0] == "geometry":
            window.setGeometry(*step[1:])
        elif step[0] == "reader":
            window.show_view("reader")
        elif step[0] == "splitter":
            window.views["reader"].splitter.setSizes(step[1:])
        elif step[0] == "task":  # the status bar as during a long task
            window.task_label.setText(step[1])
            for widget in (window.task_label, window.progress, window.cancel_button):
                widget.show()
        for _ in range(5):
            app.processEvents()
    import time
    deadline = time.monotonic() + 1.5  # (past the pause before the layout is saved)
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    note("after")
    print(json.dumps(out))
    import os
    os._exit(0)  # as if killed: nothing saved on closing
''')


def _open(project: Path, settings: Path, screens: list[tuple[int, int, int, int]], steps: list | None = None) -> dict:  # type: ignore[type-arg]
    config = settings / "screens.json"
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [
        {"name": f"screen{i}", "x": x, "y": y, "width": w, "height": h, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1} for i, (x, y, w, h) in enumerate(screens)]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "XDG_CONFIG_HOME": str(settings),
           "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(project), json.dumps(steps or [])], env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_window_fits_a_1600_by_1000_screen_and_is_remembered_as_left(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    screen = [(0, 0, 1600, 1000)]
    first = _open(ui_project_path, tmp_path, screen, [["reader"], ["task", "Discovering themes for Q2: Q2: campaigns 0%"]])
    assert first["opened"]["inside"], first  # the usual size, frame and all, on the screen
    assert first["after"]["inside"] and first["after"]["min"][1] <= 1000 and first["after"]["min"][0] <= 1600
    # the user makes it 1,200 x 800 near the bottom right, narrows the Reader's side panel; the app is killed
    left = _open(ui_project_path, tmp_path, screen, [["geometry", 380, 170, 1200, 800], ["reader"],
                                                     ["splitter", 700, 420]])
    assert left["after"]["size"] == [1200, 800]
    again = _open(ui_project_path, tmp_path, screen)
    assert again["opened"]["size"] == [1200, 800] and again["opened"]["inside"], again
    assert again["opened"]["frame"][:2] == left["after"]["frame"][:2]
    assert again["opened"]["splitter"] == left["after"]["splitter"], (again, left)
    # the size the trial's tester set (the screen's own, without room for the title bar) opens within it
    _open(ui_project_path, tmp_path, screen, [["geometry", 0, 0, 1600, 1000]])
    whole = _open(ui_project_path, tmp_path, screen)
    assert whole["opened"]["inside"], whole
    # a window that fits but was left low on the screen comes back whole, its status bar above the bottom edge
    _open(ui_project_path, tmp_path, screen, [["geometry", 100, 500, 1200, 800]])
    low = _open(ui_project_path, tmp_path, screen)
    assert low["opened"]["inside"] and low["opened"]["size"] == [1200, 800], low


def test_a_window_left_on_a_screen_since_unplugged_opens_on_the_one_there(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    two = [(0, 0, 1600, 1000), (1600, 0, 1920, 1080)]
    left = _open(ui_project_path, tmp_path, two, [["geometry", 1900, 100, 1300, 850]])
    assert left["after"]["frame"][0] >= 1600
    again = _open(ui_project_path, tmp_path, [(0, 0, 1600, 1000)])
    assert again["opened"]["inside"] and again["opened"]["size"] == [1300, 850], again
