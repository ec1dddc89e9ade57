"""Trial 40 in the Reader: one suggestion among several decided from the keyboard (Tab onto it, Enter / Delete, or
A / X on it), a number key on a suggested code settles its chip, and the 10th code on key 0."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from consult_analyser.actions import coding as ops
from consult_analyser.store import codings, suggestions
from consult_analyser.ui.shortcuts_help import SHORTCUTS_HTML


def _reader(window, qtbot):  # type: ignore[no-untyped-def]
    reader = window.show_view("reader")
    window.activateWindow()
    qtbot.waitUntil(lambda: reader.current is not None and reader.current.editor is not None, timeout=3000)
    return reader


def _codes(window, names):  # type: ignore[no-untyped-def]
    out = []
    for name in names:
        operation = ops.CreateCode(name)
        assert window.ctx.run(operation)
        out.append(operation.code.id)
    return out


def _suggest(window, project, card, pairs):  # type: ignore[no-untyped-def]
    question_id = project.scalar("SELECT question_id FROM responses WHERE id = ?", (card.response_id,))
    window.ctx.notify(suggestions.replace_pending(project, question_id, [(card.response_id, c, p) for c, p in pairs],
                                                  "test model"))


def _shown(card) -> list[str]:  # type: ignore[no-untyped-def]
    return [chip.label.text() for chip in card.suggestion_chips]


def test_tab_reaches_each_suggestion_where_enter_accepts_and_delete_rejects_that_one(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    funding, schools, parking = _codes(window, ["Funding", "Schools", "Parking"])
    card = reader.current
    _suggest(window, project_of, card, [(funding, 0.8), (schools, 0.6), (parking, 0.4)])
    assert _shown(card) == ["Funding?  80%", "Schools?  60%", "Parking?  40%"]
    assert "Enter accepts it, Delete rejects it" in card.suggestion_chips[0].toolTip()
    editor = card.editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # from the answer to its first suggestion
    assert QApplication.focusWidget() is card.suggestion_chips[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.suggestion_chips[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # accept Schools alone
    assert {c.code_id for c in codings.list_codings(project_of, response_id=card.response_id)} == {schools}
    assert _shown(card) == ["Funding?  80%", "Parking?  40%"]
    # the keyboard stays on the suggestions: now on Parking (the one after the one decided)
    assert QApplication.focusWidget() is card.suggestion_chips[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)  # reject Parking alone
    assert suggestions.get_suggestion(project_of, card.response_id, parking).status == "rejected"
    assert suggestions.get_suggestion(project_of, card.response_id, funding).status == "pending"
    assert QApplication.focusWidget() is card.suggestion_chips[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_X)  # X on a suggestion: that one only
    assert suggestions.get_suggestion(project_of, card.response_id, funding).status == "rejected"
    assert QApplication.focusWidget() is editor  # none left: back on the answer
    window.ctx.undo_stack.undo()  # one step per suggestion, named after it
    assert window.ctx.undo_stack.undoText() == "Reject suggestion Parking"
    assert "Delete" in SHORTCUTS_HTML and "<b>0</b>" in SHORTCUTS_HTML


def test_a_number_key_on_a_suggested_code_settles_its_chip_and_x_then_rejects_nothing_applied(window, qtbot,
                                                                                          project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    funding, schools = _codes(window, ["Funding", "Schools"])
    card = reader.current
    _suggest(window, project_of, card, [(funding, 0.73), (schools, 0.49)])
    editor = card.editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_2)  # Schools, by hand
    assert _shown(card) == ["Funding?  73%"]  # no "Schools? 49%" beside the code applied
    qtbot.keyClick(editor, Qt.Key.Key_X)
    assert suggestions.get_suggestion(project_of, card.response_id, schools).status == "accepted"
    assert suggestions.get_suggestion(project_of, card.response_id, funding).status == "rejected"
    assert [c.code_id for c in codings.list_codings(project_of, response_id=card.response_id)] == [schools]


def test_the_tenth_code_answers_to_key_0(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    ids = _codes(window, [f"Code {n}" for n in range(1, 12)])
    assert reader.code_palette.code_for_number(10) == ids[9]
    assert reader.code_palette.list.item(9).text().startswith("0  ")
    assert not reader.code_palette.list.item(10).text().startswith("1")  # the 11th has no key
    editor = reader.current.editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_0)
    assert [c.code_id for c in codings.list_codings(project_of, response_id=reader.current.response_id)] == [ids[9]]


def test_suggest_codes_says_when_it_finished_with_counts(window, qtbot):  # type: ignore[no-untyped-def]
    from consult_analyser.pipeline.coding.autocode import AutocodeResult

    themes = window.show_view("themes")
    result = AutocodeResult(question_key="Q2", coded_answers=116, codes=10, uncoded_answers=1372,
                            suggested_answers=1333, suggestions=2680, model="m", seconds=0.4)
    messages: list[str] = []
    window.ctx.status.connect(messages.append)
    line = themes.suggestions.show_run("q-id", result)
    assert line == "Suggest codes finished: 2,680 suggestions for 1,333 answers of Q2 (details under the table)"
    themes.suggestions.question_id = "q-id"
    themes.suggestions._show_last_run()
    assert themes.suggestions.last_run.text().startswith("Suggest codes finished at ")
    assert "2,680 suggestions for 1,333 of 1,372 uncoded answers" in themes.suggestions.last_run.text()


def test_the_import_wizard_shows_headers_that_read_alike_by_the_words_that_differ(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    import csv

    from consult_analyser.store.project import Project
    from consult_analyser.ui.import_wizard import ImportWizard
    from consult_analyser.ui.main_window import MainWindow

    headers = [f"Is there anything in particular about {who} that might make you want to vote {side} him?"
               for who in ("Barack Obama", "John McCain") for side in ("for", "against")]
    path = tmp_path / "anes.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["caseID", *headers])
        writer.writerows([n, f"plans {n}", f"taxes {n}", f"experience {n}", f"age {n}"] for n in range(1, 31))
    win = MainWindow(Project.create(tmp_path / "new.consult"))
    qtbot.addWidget(win)
    win.show()
    wizard = ImportWizard(win.ctx, win, paths=[path])
    wizard.show()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    cells = [wizard.columns.table.item(row, 0) for row in range(1, 5)]
    assert [c.text() for c in cells][3] == "Is there anything … about John McCain that … vote against him?"
    assert len({c.text() for c in cells}) == 4 and [c.toolTip() for c in cells] == headers
    wizard.reject()
    win.ctx.tasks.wait(10000)
