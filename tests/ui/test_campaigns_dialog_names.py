"""The Campaigns dialog names a campaign's members as ``themes --campaigns`` does and the annex publishes them (trial
47): an organisation by its name as the Organisations sheet lists it, anyone else by their id, an id holding
personal data as "respondent #N". It showed "Myself - Kevin Doyle", "Dr Leonie Vasquez, Centre for Digital
Fairness" and an e-mail id. Everything here is made up."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.cli.theme_commands import print_campaigns
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.sectors.run import classify_project
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store.questions import list_questions
from consult_analyser.ui.widgets.campaigns_dialog import CampaignsDialog

QUESTION = "Q1. What should happen to the market hall?"
HEADER = ["Response ID", "Are you responding as an individual or on behalf of an organisation?", "Your full name",
          "Organisation name", "Type of organisation", "May we publish your response?", QUESTION]
CAMPAIGN = "Keep the market hall open and cut parking charges for shoppers on weekdays."
ROWS = [
    ["CX01", "Organisation", "", "Anytown Borough Council", "Local authority", "Yes", CAMPAIGN],
    ["CX02", "Organisation", "Hal Brightwater", "Myself - Desmond Quayle", "Other", "Yes", CAMPAIGN],
    ["CX03", "Organisation", "Ola Penrose", "Retired nurse Winifred Ashcombe", "Other", "Yes", CAMPAIGN],
    ["CX04", "Organisation", "", "Dr Imelda Stroud, Centre for Open Streets", "Charity or not-for-profit", "Yes",
     CAMPAIGN],
    ["desmond.q77@gmail.com", "Individual", "Des Q", "", "", "Yes", CAMPAIGN],
]
PEOPLE = ("Desmond", "Quayle", "Winifred", "Ashcombe", "Imelda", "Stroud", "desmond.q77", "Myself")


def test_the_dialog_names_members_as_the_command_line_does(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    project = window.ctx.project
    survey = tmp_path / "market.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    import_files(project, [survey])
    classify_project(project)
    question = next(q for q in list_questions(project) if q.text.startswith("What should happen to the market")
                    or q.text.startswith(QUESTION))
    answers = project.query("SELECT r.id FROM responses r WHERE r.question_id = ? AND r.text != '' ORDER BY r.seq",
                            (question.id,))
    members = [(row[0], 1.0) for row in answers]
    assert len(members) == len(ROWS)
    store_campaigns.replace_campaigns(project, question.id, [store_campaigns.NewCampaign(members[0][0], members)])

    dialog = CampaignsDialog(window.ctx, question.id, window)
    qtbot.addWidget(dialog)
    shown = [[dialog.members.data(dialog.members.index(r, c)) for c in range(2)]
             for r in range(dialog.members.rowCount())]
    assert len(shown) == len(ROWS)
    named = [f"{who} ({body})" if body else who for who, body in shown]

    print_campaigns(project, question.id)  # as `themes PROJECT --campaigns` lists them
    printed = capsys.readouterr().out
    lines = [line.split(None, 1)[1].removesuffix("  (the standard wording)") for line in printed.splitlines()
             if line.startswith("     1.00  ")]
    assert named == lines  # one rule: the same names, in the same order

    assert "CX01 (Anytown Borough Council)" in named
    assert "CX04 (Centre for Open Streets)" in named  # the body without the person beside it
    assert "CX02" in named and "CX03" in named  # a person's details in the box: by their id alone
    assert any(n.startswith("respondent #") for n in named)  # the e-mail id, as published files show it
    for person in PEOPLE:
        assert all(person.casefold() not in n.casefold() for n in named), person
    dialog.close()


def test_a_member_opened_in_the_reader_is_not_hidden_by_the_dialog(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Trial 45: the dialog stayed over the Reader it opened a member in. It is now a window of its own: opening a
    member brings the main window to the front, and the Campaigns button brings the same dialog back as it was."""
    from consult_analyser.ui.widgets.campaigns_dialog import CampaignsButton

    project = window.ctx.project
    survey = tmp_path / "market.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    import_files(project, [survey])
    question = next(q for q in list_questions(project) if "market hall" in q.text)
    answers = [row[0] for row in project.query(
        "SELECT r.id FROM responses r WHERE r.question_id = ? AND r.text != '' ORDER BY r.seq", (question.id,))]
    store_campaigns.replace_campaigns(project, question.id,
                                      [store_campaigns.NewCampaign(answers[0], [(a, 1.0) for a in answers])])
    window.show()
    button = CampaignsButton(window.ctx, window)
    button.show_question(question.id)
    dialog = button.open_dialog()
    assert dialog is not None
    assert dialog.parentWidget() is None  # not kept above the main window by the window manager
    opened: list[tuple[str, str]] = []
    window.ctx.open_answer.connect(lambda who, answer: opened.append((who, answer)))
    dialog.member_table.selectRow(1)
    dialog.open_member(dialog.members.index(1, 0))
    assert opened and opened[0][1] == dialog.members.rows[1].response_id
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)  # the Reader's window in front
    assert dialog.isVisible()  # left open behind it
    assert button.open_dialog() is dialog  # the button brings the same dialog back, selection kept
    assert dialog.member_table.currentIndex().row() == 1
    window.close()
    dialog.close()
