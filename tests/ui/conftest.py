"""Desktop app tests: one small generated consultation per session, copied fresh for each test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from consult_analyser.ui.app import throwaway_folder

# Keep the app's remembered layout and recent projects out of the tester's own settings.
os.environ["XDG_CONFIG_HOME"] = str(throwaway_folder("consult-ui-settings-"))

RESPONDENTS = 150


@pytest.fixture(scope="session")
def ui_sample_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated survey export without documents (for import tests)."""
    from sample_responses.generate import generate

    root = tmp_path_factory.mktemp("ui-csv")
    generate(root, respondents=RESPONDENTS, seed=12, documents=False)
    return root / "data" / "online_survey.csv"


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built from a generated sample (online survey + e-mails), with sectors classified.
    Set CONSULT_UI_TEMPLATE to a file path to keep the built project between runs (it is rebuilt
    when the file is missing)."""
    keep = os.environ.get("CONSULT_UI_TEMPLATE")
    if keep and Path(keep).exists():
        return Path(keep)
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project
    from sample_responses.generate import generate

    root = tmp_path_factory.mktemp("ui-sample")
    generate(root, respondents=RESPONDENTS, seed=11, documents=True)
    path = root / "template.consult"
    project = Project.create(path, name="Test consultation")
    try:
        import_files(project, [root / "data" / "online_survey.csv", root / "data" / "emails"])
        from consult_analyser.pipeline.sectors.run import classify_project

        classify_project(project)
    finally:
        project.close()
    if keep:
        shutil.copy2(path, keep)
    return path


@pytest.fixture
def ui_project_path(ui_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project.consult"
    shutil.copy2(ui_template, target)
    return target


@pytest.fixture
def window(qtbot, ui_project_path: Path):  # type: ignore[no-untyped-def]
    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    make_app()
    win = MainWindow(Project.open(ui_project_path))
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.ctx.tasks.cancel_all()
    win.ctx.tasks.wait(10000)


@pytest.fixture
def project_of(window):  # type: ignore[no-untyped-def]
    return window.ctx.project


@pytest.fixture
def reader_on():  # type: ignore[no-untyped-def]
    """A function: the Reader of ``window`` shown (the window active) on the respondent with the most written
    answers."""
    from PySide6.QtWidgets import QApplication

    def show(window):  # type: ignore[no-untyped-def]
        reader = window.show_view("reader")
        window.activateWindow()
        many = window.ctx.project.scalar(
            "SELECT respondent_id FROM responses WHERE text != '' GROUP BY respondent_id ORDER BY COUNT(*) DESC LIMIT 1")
        reader.show_respondent(many)
        QApplication.processEvents()
        return reader

    return show


@pytest.fixture
def tab_through_answers(qtbot):  # type: ignore[no-untyped-def]
    """A function: with the Reader too short for its answers, the keyboard on the first of ``editors``, Tab
    goes to each of the others in turn, each scrolled into view."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    def walk(reader, editors) -> None:  # type: ignore[no-untyped-def]
        reader.resize(reader.width(), 420)  # the last answers below the visible area
        QApplication.processEvents()
        editors[0].setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is editors[0])
        for expected in editors[1:]:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is expected
            viewport = reader.scroll_area.viewport()
            top = expected.mapTo(viewport, expected.rect().topLeft()).y()
            assert top < viewport.height() and top + expected.height() > 0  # scrolled into view

    return walk
