"""Before Qt starts, the app says why it cannot open a window (Qt would abort the process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_analyser.ui import desktop_check

ROOT = Path(__file__).resolve().parents[1]


def everything(lib: str) -> bool:
    return True


def test_a_desktop_with_its_libraries_opens() -> None:
    assert desktop_check.problem({"DISPLAY": ":0"}, "linux", everything) is None


def test_no_display_is_named() -> None:
    message = desktop_check.problem({}, "linux", everything)
    assert message is not None and "DISPLAY is not set" in message and "--screenshot" in message


@pytest.mark.parametrize("env", [{"QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"},
                                 {"QT_QPA_PLATFORM": "wayland"}])
def test_other_platforms_are_qts_choice(env: dict[str, str]) -> None:
    assert desktop_check.problem(env, "linux", lambda lib: False) is None


def test_missing_libraries_are_named_with_their_packages() -> None:
    lacking = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    message = desktop_check.problem({"DISPLAY": ":0"}, "linux", lambda lib: lib not in lacking)
    assert message is not None
    assert "libxcb-icccm.so.4 libxcb-keysyms.so.1" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in message
    # X11 asked for by name on a Wayland desktop still needs them
    assert desktop_check.problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "QT_QPA_PLATFORM": "xcb"}, "linux",
                                 lambda lib: lib not in lacking) == message


def test_other_systems_are_not_checked() -> None:
    assert desktop_check.problem({}, "win32", lambda lib: False) is None
    assert desktop_check.problem({}, "darwin", lambda lib: False) is None


@pytest.mark.skipif(sys.platform != "linux", reason="the X11 check is Linux's")
def test_gui_without_a_display_says_so_and_does_not_abort(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env["HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "consult_analyser", "gui", str(tmp_path / "none.consult")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: There is no display") and "Traceback" not in done.stderr


def test_make_runs_the_check_by_path_before_anything_is_installed() -> None:
    done = subprocess.run([sys.executable, "-S", str(ROOT / "consult_analyser" / "ui" / "desktop_check.py")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    assert "desktop_check.py" in (ROOT / "Makefile").read_text()


def test_throwaway_folders_go_when_the_process_ends(tmp_path) -> None:
    """A screenshot's or the self-test's private settings (and a screenshot's own sample) are removed
    at exit; they used to stay in the temporary folder, one per run."""
    import os
    import subprocess
    import sys

    code = ("from consult_analyser.ui.app import throwaway_folder; f = throwaway_folder('consult-x-'); "
            "(f / 'settings.ini').write_text('x'); print(f)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "TMPDIR": str(tmp_path)})
    folder = run.stdout.strip()
    assert folder.startswith(str(tmp_path)) and not os.path.exists(folder)
