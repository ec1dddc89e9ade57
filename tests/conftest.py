"""Shared test set-up: headless Qt, a fixed analyst name, small generated projects."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from consult_analyser.ui.app import private_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CONSULT_ANALYST", "tester")
os.environ.setdefault("CONSULT_ROLE", "lead")  # the tests act as a team lead unless they set another identity
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


# the app's settings (recent projects, window sizes) in a folder of this test run's own, not the user's
private_settings("consult-test-settings-")

REPO = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("CONSULT_REALDATA", REPO.parent / "shared" / "realdata"))

SURVEY_HEADER = [
    "Response ID", "Submitted on", "Are you responding as an individual or on behalf of an organisation?",
    "Your name", "Organisation name", "Email address",
    "Which of the following best describes your organisation?", "Region",
    "Q1. To what extent do you agree with the vision?", "Q1. Please explain your answer",
    "Q2. What should councils do to support integration?", "Q3. Should English classes be free?",
]

SURVEY_ROWS = [
    ["R-001", "01/05/2018 10:00", "Individual", "Ann Example", "", "ann@example.com", "", "London",
     "Agree", "Communities should mix more.", "Fund youth clubs and libraries.", "Yes"],
    ["R-002", "01/05/2018 11:00", "Organisation", "", "Anytown Borough Council", "policy@anytown.gov.uk",
     "Local authority", "North West", "Strongly agree", "Councils are best placed to lead.",
     "Long-term funding for integration areas.", "Yes"],
    ["R-003", "02/05/2018 09:30", "Organisation", "", "St Mary's Parish Church", "vicar@stmarys.org.uk",
     "Other (please specify): our parish church", "Wales", "Disagree", "Faith groups are left out.",
     "", "No"],
    ["R-004", "02/05/2018 12:00", "Individual", "Bob Sample", "", "", "", "Scotland",
     "Neither agree nor disagree", "", "More English classes for new arrivals, please.", "Don't know"],
    ["R-005", "03/05/2018 15:10", "Individual", "", "", "", "", "London",
     "Agree", "Dylid rhoi mwy o arian i ysgolion cymraeg yn ein cymunedau lleol.", "", "Yes"],
    ["R-006", "03/05/2018 16:00", "Organisation", "", "Northfield Academy Trust", "head@northfield.sch.uk",
     "School, college or academy trust", "Yorkshire", "Agree", "Schools twinning works well.",
     "Support school linking programmes.", "Yes"],
]


def write_survey(path: Path, rows: list[list[str]] | None = None, header: list[str] | None = None,
                 encoding: str = "utf-8-sig") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(header or SURVEY_HEADER)
        writer.writerows(SURVEY_ROWS if rows is None else rows)
    return path


@pytest.fixture
def survey_csv(tmp_path: Path) -> Path:
    return write_survey(tmp_path / "survey.csv")


@pytest.fixture
def project(tmp_path: Path):
    from consult_analyser.store.project import Project

    p = Project.create(tmp_path / "test.consult")
    yield p
    p.close()


@pytest.fixture
def imported_project(project, survey_csv):
    from consult_analyser.ingest.importer import import_files

    import_files(project, [survey_csv])
    return project


@pytest.fixture
def window_on(qtbot):  # type: ignore[no-untyped-def]
    """A function: the app's main window on the project file at ``path``, shown."""
    def show(path):  # type: ignore[no-untyped-def]
        from consult_analyser.store.project import Project
        from consult_analyser.ui.app import make_app
        from consult_analyser.ui.main_window import MainWindow

        make_app()
        win = MainWindow(Project.open(path))
        qtbot.addWidget(win)
        win.show()
        return win

    return show


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow; run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def regulations_gov_project(tmp_path: Path, rows: list[tuple[str, str, str, str, str]]):  # type: ignore[no-untyped-def]
    """A project holding a regulations.gov download of ``rows`` (document id, first name, last name, organization
    name, category), each with a comment: the portal's organisation field as commenters fill it."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store.project import Project

    path = tmp_path / "regs.csv"
    path.write_text("Document ID,First Name,Last Name,Organization Name,Category,Comment\n" + "".join(
        f"{d},{f},{last},\"{o}\",{c},We have views on the proposed rule number {d}\n" for d, f, last, o, c in rows),
        encoding="utf-8")
    project = Project.create(tmp_path / "regs.consult")
    try:
        import_files(project, [path])
    except BaseException:
        project.close()
        raise
    return project

