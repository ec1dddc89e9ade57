"""The reader's "Withdraw respondent…": the dialog asks the reason and a note and names what goes, the
same operation as the command line runs on the undo stack, the reader moves on, Ctrl+Z puts it back."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from consult_analyser.store import withdrawals
from consult_analyser.ui.views.reader_withdraw import WithdrawDialog


def _reader(window, qtbot):  # type: ignore[no-untyped-def]
    reader = window.show_view("reader")
    window.activateWindow()
    qtbot.waitUntil(lambda: reader.respondent_id is not None, timeout=3000)
    return reader


def _counts(project):  # type: ignore[no-untyped-def]
    return {t: project.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("respondents", "responses", "documents",
                                                                     "sector_assignments", "withdrawals")}


def test_withdraw_from_the_reader_then_undo_and_redo(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    ids = reader.respondent_ids()
    reader.show_respondent(ids[3])
    rid = reader.respondent_id
    external = project_of.scalar("SELECT external_id FROM respondents WHERE id = ?", (rid,))
    kept = project_of.scalar("SELECT external_id FROM respondents WHERE id = ?", (ids[0],))
    before = _counts(project_of)
    button = reader.panel.withdraw_button
    assert button.isEnabled() and button.text() == "Withdraw respondent…"

    seen: dict = {}

    def answer(self: WithdrawDialog, cancel: bool = False) -> int:
        seen["summary"] = self.summary.text()
        assert not self.confirm.isEnabled()  # no note yet
        self.reason.setCurrentIndex(self.reason.findData("duplicate"))
        self.note.setText("Sent the online form twice")
        assert not self.confirm.isEnabled()  # a duplicate of whom: the one kept is named
        self.duplicate_of.setText("NOBODY-HERE")
        self.note.setText("Sent the online form twice")
        seen["problem"] = self.problem.text()
        assert not self.confirm.isEnabled()
        self.duplicate_of.setText(kept)
        assert self.confirm.isEnabled() and not self.problem.isVisibleTo(self)
        return QDialog.DialogCode.Rejected if seen.setdefault("cancel", cancel) else QDialog.DialogCode.Accepted

    monkeypatch.setattr(WithdrawDialog, "exec", lambda self: answer(self, cancel=True))
    button.click()
    assert _counts(project_of) == before and reader.respondent_id == rid  # cancelled: nothing changes
    assert f"This removes respondent <b>{external}</b>" in seen["summary"] and "answer" in seen["summary"]
    assert "No respondent 'NOBODY-HERE'" in seen["problem"]

    monkeypatch.setattr(WithdrawDialog, "exec", lambda self: answer(self))
    seen.clear()
    said: list[str] = []
    window.ctx.status.connect(said.append)
    button.click()
    assert any(text.startswith(f"Withdrew {external} (duplicate submission)") and "Ctrl+Z" in text for text in said)
    after = _counts(project_of)
    assert after["respondents"] == before["respondents"] - 1 and after["withdrawals"] == 1
    assert project_of.scalar("SELECT COUNT(*) FROM respondents WHERE id = ?", (rid,)) == 0
    assert reader.respondent_id == ids[4]  # moved on to the next
    (done,) = withdrawals.listing(project_of)
    assert (done.reason, done.note, done.duplicate_of) == ("duplicate", "Sent the online form twice", kept)
    assert window.ctx.undo_stack.undoText() == f"Withdraw {external}"

    window.ctx.undo_stack.undo()
    assert _counts(project_of) == before
    total = before["respondents"]  # the reader counts the respondent back ("Respondent 5 of 3,443" had stayed)
    assert reader.position.text().endswith(f" of {total:,}")
    reader.show_respondent(rid)
    assert reader.respondent_id == rid
    window.ctx.undo_stack.redo()  # withdrawn again while shown: the reader moves on again
    assert _counts(project_of) == after and reader.respondent_id == ids[4]
