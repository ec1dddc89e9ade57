"""The codebook panel: create, nest by drag and drop, merge, recolour, describe; all undoable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from consult_analyser.actions import coding as ops
from consult_analyser.store import codebook, codings
from consult_analyser.store.responses import ResponseFilter, list_seqs


def _view(window):  # type: ignore[no-untyped-def]
    return window.show_view("codebook")


def test_drag_a_code_under_another_and_undo(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = _view(window)
    funding = view.new_code(False, "Funding")
    youth = view.new_code(False, "Youth services")
    assert [c.name for c in codebook.children(project_of, None)] == ["Funding", "Youth services"]
    model = view.model
    mime = model.mimeData([model.index_of(youth)])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of(funding)) is False
    assert codebook.get_code(project_of, youth).parent_id == funding
    assert model.rowCount(model.index_of(funding)) == 1
    assert codebook.code_path(project_of, youth) == "Funding > Youth services"
    window.ctx.undo_stack.undo()
    assert codebook.get_code(project_of, youth).parent_id is None
    # dropping between two top-level codes reorders them
    mime = model.mimeData([model.index_of(youth)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [c.name for c in codebook.children(project_of, None)] == ["Youth services", "Funding"]


def test_merge_recolour_describe_and_undo(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = _view(window)
    a = view.new_code(False, "Housing")
    b = view.new_code(False, "Homes")
    response_id = project_of.scalar("SELECT id FROM responses WHERE text != '' ORDER BY seq LIMIT 1")
    window.ctx.run(ops.AddCoding(b, response_id))
    view.model.refresh()
    assert view.model.counts[b] == 1

    assert view.merge([b], a)
    assert codebook.get_code(project_of, b) is None
    assert [c.code_id for c in codings.list_codings(project_of, response_id=response_id)] == [a]
    assert view.model.counts[a] == 1
    window.ctx.undo_stack.undo()
    assert codebook.get_code(project_of, b) is not None
    assert [c.code_id for c in codings.list_codings(project_of, response_id=response_id)] == [b]

    view.select(a)
    view.recolour("#e15759")
    assert codebook.get_code(project_of, a).colour == "#e15759"
    view.description.setPlainText("Anything about homes and housing costs")
    view.save_description()
    assert codebook.get_code(project_of, a).description == "Anything about homes and housing costs"
    window.ctx.undo_stack.undo()
    assert codebook.get_code(project_of, a).description == ""
    window.ctx.undo_stack.undo()
    assert codebook.get_code(project_of, a).colour != "#e15759"


def test_rename_in_tree_keyboard_reorder_and_delete(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = _view(window)
    first = view.new_code(False, "Transport")
    second = view.new_code(False, "Jobs")
    view.model.setData(view.model.index_of(first), "Buses and trains")
    assert codebook.get_code(project_of, first).name == "Buses and trains"
    view.select(second)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [c.id for c in codebook.children(project_of, None)] == [second, first]
    view.select(first)
    qtbot.keyClick(view.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert codebook.get_code(project_of, first).parent_id == second
    view.select(first)
    assert view.delete_selected(confirm=False)
    assert codebook.get_code(project_of, first) is None
    window.ctx.undo_stack.undo()
    assert codebook.get_code(project_of, first).parent_id == second


def test_show_coded_answers_opens_filtered_responses(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = _view(window)
    code = view.new_code(False, "Libraries")
    ids = [r[0] for r in project_of.query("SELECT id FROM responses WHERE text != '' ORDER BY seq LIMIT 3")]
    window.ctx.run(ops.CodeSearchResults(code, response_ids=ids))
    view.select(code)
    view._show_answers()
    responses = window.views["responses"]
    assert window.current_view() is responses
    assert responses.code.currentData() == code
    assert responses.model.rowCount() == 3 == len(list_seqs(project_of, ResponseFilter(code_id=code)))


def test_import_a_coding_sheet_from_the_codebook_view_and_undo(window, qtbot, project_of, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The view's "Import codings…" runs the same operation as `code --import`: codes listed in
    one cell, two coders on the same answers (double-coded for agreement), one undo takes it back."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

    from consult_analyser.store import team

    rows = project_of.query("SELECT p.external_id, q.key FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                            " JOIN questions q ON q.id = r.question_id WHERE trim(r.text) != '' ORDER BY r.seq LIMIT 2")
    sheet = tmp_path / "sheet.csv"
    lines = ["respondent id,question,coder,codes"]
    for who, key in rows:
        lines += [f"{who},{key},Okafor,Transport;Transport->Bus fares", f"{who},{key},Lindqvist,Transport"]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    messages: list[str] = []
    window.ctx.status.connect(messages.append)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), "CSV (*.csv)"))
    view = _view(window)
    before = len(codings.list_codings(project_of))
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Import codings…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # as a user would
    assert len(codings.list_codings(project_of)) == before + 6
    assert codebook.find_code(project_of, "Transport > Bus fares") is not None
    assert len(team.overlap_answers(project_of)) == 2
    assert any("6 codings imported" in m and "2 answers coded by two or more coders" in m for m in messages)
    window.ctx.undo_stack.undo()
    assert len(codings.list_codings(project_of)) == before and not team.overlap_answers(project_of)
    assert codebook.find_code(project_of, "Transport") is None


def test_a_code_description_is_saved_when_typing_pauses(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = _view(window)
    code_id = view.new_code(False, "Pause test")
    view.select(code_id)
    view.description.setFocus()
    qtbot.keyClicks(view.description, "Anything said about waiting")
    qtbot.waitUntil(lambda: codebook.get_code(project_of, code_id).description == "Anything said about waiting",
                    timeout=5000)
