"""Themes view: the "Campaigns…" button and the dialog listing a question's campaigns (wording, size,
similarity) and their members, a member opening in the Reader on a double-click."""

from __future__ import annotations

from PySide6.QtCore import Qt

from consult_analyser.domain import Theme, ThemeAssignment
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store import theme_runs
from consult_analyser.store.project import Changes


def _seed(project) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """A theme over the question with most written answers, and a campaign of six of its answers (one of an
    organisation that gave its name, one of a person who gave theirs)."""
    question_id, = project.query(
        "SELECT question_id FROM responses WHERE text != '' GROUP BY question_id ORDER BY COUNT(*) DESC LIMIT 1")[0]
    rows = project.query("SELECT r.id, r.respondent_id, p.organisation, p.name, p.is_organisation FROM responses r"
                         " JOIN respondents p ON p.id = r.respondent_id WHERE r.question_id = ? AND r.text != ''"
                         " ORDER BY r.seq", (question_id,))
    theme = Theme(question_id=question_id, label="Funding", keywords=["funding"], model="stand-in 1")
    theme_runs.save_run(project, question_id, model="stand-in 1", params={}, themes=[theme],
                        assignments=[ThemeAssignment(theme.id, r[0], 0.8) for r in rows[:40]])
    chosen = [r for r in rows if r[2] and r[4] == 1][:1] + [r for r in rows if r[3] and not r[2]][:1]
    chosen += [r for r in rows[:20] if r not in chosen][:6 - len(chosen)]
    members = [(r[0], 1.0 if i == 0 else 0.8 + i / 100) for i, r in enumerate(chosen)]
    store_campaigns.replace_campaigns(project, question_id, [store_campaigns.NewCampaign(members[0][0], members)])
    return question_id, [r[3] for r in chosen if r[3] and not r[2]]


def test_campaigns_button_opens_the_list_and_a_member_in_the_reader(window, qtbot):  # type: ignore[no-untyped-def]
    project = window.ctx.project
    question_id, people = _seed(project)
    assert people  # the sample has a campaign member who gave a name and no organisation
    window.ctx.notify(Changes({"themes"}))
    view = window.show_view("themes")
    assert view.question_id() == question_id
    button = view.campaigns_button
    assert button.isEnabled() and button.text() == "Campaigns (1)…" and "1 campaign(s)" in button.toolTip()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = button.dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.campaigns.rowCount() == 1 and "6 of" in dialog.summary.text()
    (campaign,) = store_campaigns.campaign_overview(project, question_id)
    assert dialog.campaigns.data(dialog.campaigns.index(0, 2)) == campaign.wording
    assert dialog.campaigns.data(dialog.campaigns.index(0, 1)) == f"{campaign.similarities[0]:.2f} · " \
                                                                   f"{campaign.similarities[1]:.2f}"
    assert dialog.members.rowCount() == 6 and dialog.members_caption.text() == "Members (6)"
    assert dialog.wording.toPlainText() == campaign.info.canonical_text and "Funding" in dialog.theme.text()
    shown = [[dialog.members.data(dialog.members.index(r, c)) for c in range(4)] for r in range(6)]
    assert [row[0] for row in shown] == [m.external_id for m in campaign.members]
    assert any(row[1] for row in shown)  # the organisation's name
    for person in people:  # a private person's name is never shown
        assert all(person not in str(cell) for row in shown for cell in row)
    assert sum(row[3] == "the standard wording" for row in shown) == 1

    member = campaign.members[2]
    table = dialog.member_table
    rect = table.visualRect(dialog.members.index(2, 0))
    # a user's double-click follows a press on the same row (a view ignores one without it)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    reader = window.current_view()
    assert reader is window.show_view("reader") and reader.respondent_id == member.respondent_id
    assert dialog.isVisible()  # left open to read the next member
    dialog.close()


def test_campaigns_button_is_disabled_without_campaigns(window, qtbot):  # type: ignore[no-untyped-def]
    project = window.ctx.project
    question_id, _people = _seed(project)
    window.ctx.notify(Changes({"themes"}))
    view = window.show_view("themes")
    assert view.campaigns_button.isEnabled()
    store_campaigns.replace_campaigns(project, question_id, [])
    window.ctx.notify(Changes({"campaigns", "campaign_members"}))
    view.reload()
    button = view.campaigns_button
    assert not button.isEnabled() and button.text() == "Campaigns…" and "No campaigns" in button.toolTip()
    assert button.open_dialog() is None
