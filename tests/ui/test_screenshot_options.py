"""``gui --screenshot FILE --view reader --respondent ID --size WIDTHxHEIGHT``: every README picture is
made by the documented command (the Reader on a coded letter, 1300 x 900, could not be: no option
chose the respondent or the size); bad input is a message, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_analyser.cli.main import main as cli_main
from consult_analyser.store.project import Project

REPO = Path(__file__).resolve().parents[2]


def _ids(path: Path) -> list[tuple[str, str]]:
    """(internal id, id as imported) of the project's respondents, in import order."""
    project = Project.open(path, readonly=True)
    try:
        return [(r[0], r[1]) for r in project.query("SELECT id, external_id FROM respondents ORDER BY seq")]
    finally:
        project.close()


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PYTHONPATH": str(REPO),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}


def _gui(project: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consult_analyser", "gui", str(project), *extra],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=180)


def test_the_reader_is_drawn_on_the_respondent_asked(ui_project_path, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """The screenshot's Reader shows the respondent named by the id as imported (not the one with most
    coded passages), in a window of the size asked."""
    from consult_analyser.ui import app
    from consult_analyser.ui.main_window import MainWindow

    (first, _), (wanted, external) = _ids(ui_project_path)[:2]
    shown: dict[str, object] = {}
    close = MainWindow.close

    def record(window):  # type: ignore[no-untyped-def]
        shown["respondent"] = window.views["reader"].respondent_id
        shown["size"] = window.size().toTuple()
        return close(window)

    monkeypatch.setattr(MainWindow, "close", record)
    shot = tmp_path / "reader.png"
    assert app.screenshot(shot, ui_project_path, "reader", size=(1300, 900), respondent=external) == 0
    assert shown == {"respondent": wanted, "size": (1300, 900)} and wanted != first
    from PySide6.QtGui import QImage

    assert QImage(str(shot)).size().toTuple() == (1300, 900)


def test_the_command_line_draws_the_reader_on_a_respondent_at_a_size(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    """The README's command, end to end: --view reader --respondent ID --size 1300x900 (and --respondent
    alone opens the Reader)."""
    from PySide6.QtGui import QImage

    external = _ids(ui_project_path)[3][1]
    for name, extra in (("named", ["--view", "reader"]), ("implied", [])):
        shot = tmp_path / f"{name}.png"
        done = _gui(ui_project_path, tmp_path, "--screenshot", str(shot), *extra, "--respondent", external,
                    "--size", "1300x900")
        assert done.returncode == 0, done.stderr
        assert QImage(str(shot)).size().toTuple() == (1300, 900)
    assert (tmp_path / "named.png").read_bytes() == (tmp_path / "implied.png").read_bytes()


def test_an_unknown_respondent_is_named_and_nothing_drawn(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    shot = tmp_path / "none.png"
    done = _gui(ui_project_path, tmp_path, "--screenshot", str(shot), "--view", "reader", "--respondent", "R-NOBODY")
    assert done.returncode == 2
    assert "no respondent 'R-NOBODY'" in done.stderr and "id as imported" in done.stderr
    assert f"such as {_ids(ui_project_path)[0][1]!r}" in done.stderr  # an id there is, to show its shape
    assert "Traceback" not in done.stdout + done.stderr and not shot.exists()


@pytest.mark.parametrize(("size", "said"), [
    ("1300", "is not a size: give WIDTHxHEIGHT in pixels, such as 1440x900"),
    ("13x", "is not a size: give WIDTHxHEIGHT"),
    ("wide", "is not a size: give WIDTHxHEIGHT"),
    ("-1300x900", "is not a size: give WIDTHxHEIGHT"),
    ("1300.5x900", "is not a size: give WIDTHxHEIGHT"),
    ("100x100", "the width from 320 to 7680 and the height from 240 to 4320 pixels"),
    ("99999x900", "the width from 320 to 7680"),
])
def test_a_bad_size_is_refused_with_what_is_asked(ui_project_path, tmp_path, capsys, size, said):  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as stopped:
        cli_main(["gui", str(ui_project_path), "--screenshot", str(tmp_path / "x.png"), f"--size={size}"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "argument --size:" in err and repr(size) in err and said in err
    assert "Traceback" not in err and not (tmp_path / "x.png").exists()


def test_sizes_are_read_as_people_write_them():  # type: ignore[no-untyped-def]
    from consult_analyser.ui import parse_size

    assert parse_size("1300x900") == parse_size(" 1300 X 900 ") == parse_size("1300×900") == (1300, 900)


@pytest.mark.parametrize(("extra", "said"), [
    (["--respondent", "R-1"], "--respondent goes with --screenshot FILE"),
    (["--size", "1300x900"], "--size goes with --screenshot FILE"),
    (["--screenshot", "{shot}", "--view", "dashboard", "--respondent", "R-1"],
     "use it with --view reader, not --view dashboard"),
    (["--screenshot", "{shot}", "--respondent", " "], "--respondent needs a respondent's id"),
])
def test_screenshot_options_out_of_place_are_said(ui_project_path, tmp_path, capsys, extra, said):  # type: ignore[no-untyped-def]
    argv = [a.replace("{shot}", str(tmp_path / "x.png")) for a in extra]
    assert cli_main(["gui", str(ui_project_path), *argv]) == 2
    err = capsys.readouterr().err
    assert said in err and err.startswith("error: ") and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_a_screenshot_is_drawn_while_the_app_has_the_project_open(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    """`gui --screenshot` was refused while the app had the project open ("open for writing in another
    program or window"): a screenshot only reads, so it opens the project read-only, and draws the
    buttons that write as the project's user sees them (the Team view's Split and Merge)."""
    import hashlib

    before = hashlib.sha256(ui_project_path.read_bytes()).hexdigest()
    drawn = {}
    for name in ("alone", "beside the app"):
        writer = Project.open(ui_project_path) if name != "alone" else None  # the app's writer's lock
        try:
            shot = tmp_path / f"{name}.png"
            done = _gui(ui_project_path, tmp_path, "--screenshot", str(shot), "--view", "team")
            assert done.returncode == 0, done.stderr
            drawn[name] = shot.read_bytes()
        finally:
            if writer is not None:
                writer.close()
    assert drawn["alone"] == drawn["beside the app"]
    assert hashlib.sha256(ui_project_path.read_bytes()).hexdigest() == before  # nothing written


def test_a_read_only_window_offers_no_team_split_unless_drawn_for_a_screenshot(ui_project_path, qtbot):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.context import AppContext
    from consult_analyser.ui.views.team_view import TeamView

    make_app()
    project = Project.open(ui_project_path, readonly=True)
    try:
        ctx = AppContext(project)
        team = TeamView(ctx)
        qtbot.addWidget(team)
        team.refresh()
        assert not ctx.writable and team.split_button.isHidden()
        ctx.drawn_only = True  # as `gui --screenshot` draws it
        team.refresh()
        assert ctx.writable and not team.split_button.isHidden()
    finally:
        project.close()
