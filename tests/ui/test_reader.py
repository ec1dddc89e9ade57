"""The reader: code a passage from the keyboard, undo and redo it, move between respondents, memos."""

from __future__ import annotations

from PySide6.QtCore import Qt

from consult_analyser.actions import coding as ops
from consult_analyser.store import codings, memos
from consult_analyser.store import sectors as store_sectors


def _reader(window, qtbot):  # type: ignore[no-untyped-def]
    reader = window.show_view("reader")
    window.activateWindow()
    qtbot.waitUntil(lambda: reader.current is not None and reader.current.editor is not None, timeout=3000)
    return reader


def _select_start(qtbot, editor, chars: int):  # type: ignore[no-untyped-def]
    """Select the answer's first ``chars`` characters from the keyboard, as an analyst does; the range selected."""
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(chars):
        qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    return editor.selected_range()


def _make_code(window, name: str) -> str:  # type: ignore[no-untyped-def]
    operation = ops.CreateCode(name)
    assert window.ctx.run(operation)
    return operation.code.id


def test_code_passage_by_keyboard_then_undo_and_redo(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    code_id = _make_code(window, "Funding")
    assert reader.code_palette.code_for_number(1) == code_id
    card = reader.current
    editor = card.editor
    expected = _select_start(qtbot, editor, 12)
    assert expected is not None
    qtbot.keyClick(editor, Qt.Key.Key_1)
    stored = codings.list_codings(project_of, response_id=card.response_id)
    assert [(c.code_id, c.start, c.end) for c in stored] == [(code_id, *expected)]
    assert editor.spans and editor.spans[0].start == expected[0]

    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert codings.list_codings(project_of, response_id=card.response_id) == []
    assert editor.spans == []
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    again = codings.list_codings(project_of, response_id=card.response_id)
    assert [(c.id, c.start, c.end) for c in again] == [(stored[0].id, *expected)]


def test_number_key_toggles_whole_answer_code(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    _make_code(window, "Youth services")
    second = _make_code(window, "Schools")
    editor = reader.current.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_2)
    whole = codings.list_codings(project_of, response_id=reader.current.response_id)
    assert [(c.code_id, c.start) for c in whole] == [(second, None)]
    assert reader.current.chips.count() == 1
    qtbot.keyClick(editor, Qt.Key.Key_2)
    assert codings.list_codings(project_of, response_id=reader.current.response_id) == []


def test_keyboard_navigation_between_respondents_and_answers(window, qtbot):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    ids = reader.respondent_ids()
    first = reader.respondent_id
    assert first == ids[0]
    reader.current.editor.setFocus()
    qtbot.keyClick(reader.current.editor, Qt.Key.Key_J)
    assert reader.respondent_id == ids[1]
    qtbot.keyClick(reader.current.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert reader.respondent_id == ids[2]
    qtbot.keyClick(reader.current.editor, Qt.Key.Key_K)
    assert reader.respondent_id == ids[1]
    answers = [c for c in reader.cards if c.editor is not None]
    if len(answers) > 1:
        start = reader.current
        qtbot.keyClick(start.editor, Qt.Key.Key_N)
        assert reader.current is answers[answers.index(start) + 1]
        qtbot.keyClick(reader.current.editor, Qt.Key.Key_P)
        assert reader.current is start
    assert "of" in reader.position.text()


def test_quick_picker_creates_and_applies_a_code_in_one_undo_step(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    response_id = reader.current.response_id
    reader.apply_pick(None, "Faith groups")
    found = codings.list_codings(project_of, response_id=response_id)
    assert len(found) == 1
    assert "Faith groups" in reader.paths.values()
    window.ctx.undo_stack.undo()
    assert codings.list_codings(project_of, response_id=response_id) == []
    assert "Faith groups" not in {c.name for c in reader.codes.values()}


def test_memo_is_saved_and_undoable(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    response_id = reader.current.response_id
    reader.memo.setFocus()
    qtbot.keyClicks(reader.memo, "Quote this in the summary")
    reader.save_memo()
    assert [m.text for m in memos.memos_for(project_of, "response", response_id)] == ["Quote this in the summary"]
    window.ctx.undo_stack.undo()
    assert memos.memos_for(project_of, "response", response_id) == []


def test_correct_sector_from_reader_and_undo(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    rid = reader.respondent_id
    before = store_sectors.effective_sector(project_of, rid)
    combo = reader.panel.combo
    target = next(i for i in range(combo.count()) if before is None or combo.itemData(i) != before.sector_key)
    combo.setCurrentIndex(target)
    combo.activated.emit(target)
    now = store_sectors.effective_sector(project_of, rid)
    assert now.source == "analyst" and now.sector_key == combo.itemData(target)
    assert reader.panel.sector.text() == combo.itemText(target)
    window.ctx.undo_stack.undo()
    restored = store_sectors.effective_sector(project_of, rid)
    assert store_sectors.analyst_sector(project_of, rid) is None
    assert (restored.sector_key if restored else None) == (before.sector_key if before else None)


def test_numbers_follow_the_codes_filed_under_the_current_question(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    _make_code(window, "Elsewhere")
    key = reader.current.question_key
    parent = ops.CreateCode(key)
    window.ctx.run(parent)
    child = ops.CreateCode("Local funding", parent_id=parent.code.id)
    window.ctx.run(child)
    reader.set_current(None)
    reader.move_answer(0)
    assert reader.code_palette.code_for_number(1) == child.code.id
    reader.code_palette.scope_box.setChecked(False)
    assert reader.code_palette.code_for_number(1) != child.code.id


def test_a_memo_is_saved_when_typing_pauses(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """Typed, then left for a moment: saved by the pause itself (it was lost when the analyst
    then moved on or the app was killed)."""
    reader = _reader(window, qtbot)
    response_id = reader.current.response_id
    reader.memo.setFocus()
    qtbot.keyClicks(reader.memo, "Check this against the letter")
    qtbot.waitUntil(lambda: [m.text for m in memos.memos_for(project_of, "response", response_id)]
                    == ["Check this against the letter"], timeout=5000)


def test_the_reader_reopens_where_its_user_left_the_project(window, qtbot):  # type: ignore[no-untyped-def]
    """An analyst coding a few hundred respondents over days opens the project at the one they were on,
    not at the first."""
    from consult_analyser.ui.views.reader_view import ReaderView

    reader = _reader(window, qtbot)
    first = reader.respondent_id
    reader.next_respondent()
    reader.next_respondent()
    assert reader.respondent_id != first
    again = ReaderView(window.ctx)
    assert again.respondent_id == reader.respondent_id and again.position.text().startswith("Respondent 3 of")
    again.deleteLater()


def test_coming_into_the_reader_puts_the_keyboard_on_the_answer(window, qtbot):  # type: ignore[no-untyped-def]
    """The keyboard went to "Go to respondent", so J, K and the number keys typed into that box."""
    window.show_view("responses")
    reader = window.show_view("reader")
    window.activateWindow()
    qtbot.waitUntil(lambda: reader.current is not None and reader.current.editor is not None, timeout=3000)
    qtbot.waitUntil(lambda: reader.current.editor.hasFocus(), timeout=3000)
    assert not reader.goto.hasFocus()


def test_a_respondent_with_no_written_answer_keeps_the_keyboard_in_the_reader(window, qtbot):  # type: ignore[no-untyped-def]
    """J onto a respondent with only ticked answers left the keyboard nowhere: J and K stopped."""
    from PySide6.QtWidgets import QApplication

    reader = _reader(window, qtbot)
    ids = reader.respondent_ids()
    closed_only = next((r for r in ids if r not in {
        row[0] for row in window.ctx.project.query("SELECT respondent_id FROM responses WHERE trim(text) != ''")}), None)
    if closed_only is None:
        raise AssertionError("no closed-only respondent")
    reader.show_respondent(closed_only)
    assert not any(c.editor is not None for c in reader.cards)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is reader, timeout=2000)
    qtbot.keyClick(reader, Qt.Key.Key_J)
    assert reader.respondent_id != closed_only


def test_go_to_a_respondent_by_name_or_organisation(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """ "Go to respondent" took an exact id only: a parish council's name found no one."""
    reader = _reader(window, qtbot)
    row = project_of.query("SELECT id, external_id, name, organisation FROM respondents"
                           " WHERE TRIM(organisation) != '' ORDER BY rowid LIMIT 1")[0]
    words = row["organisation"].split()[0]
    reader.goto.setText(row["organisation"].lower())
    reader._goto()
    assert reader.respondent_id == row["id"]
    reader.goto.setText(row["external_id"])
    reader._goto()
    assert reader.respondent_id == row["id"]
    reader.goto.setText("no such body zzz")
    reader._goto()
    assert reader.respondent_id == row["id"] and words


def test_go_to_steps_through_respondents_sharing_a_name(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    reader = _reader(window, qtbot)
    shared = project_of.query("SELECT organisation, COUNT(*) FROM respondents WHERE TRIM(organisation) != ''"
                              " GROUP BY organisation HAVING COUNT(*) > 1 LIMIT 1")
    assert shared, "the sample has organisations that answered more than once"
    from consult_analyser.store.respondents import find_respondents

    name = shared[0][0]
    ids = find_respondents(project_of, name)
    reader.goto.setText(name)
    reader._goto()
    first = reader.respondent_id
    reader._goto()
    assert reader.respondent_id != first and reader.respondent_id in ids and reader.goto.text() == name


def test_opening_an_answer_from_responses_frames_it_in_the_reader(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """A trial double-clicked a school's Q11 answer in Responses: the Reader opened at Q1 with nothing framed,
    and the number key coded the Q11 answer out of sight."""
    from PySide6.QtCore import QPoint

    rid, response_id = project_of.query(
        "SELECT r.respondent_id, r.id FROM responses r WHERE TRIM(r.text) != '' AND r.respondent_id IN"
        " (SELECT respondent_id FROM responses WHERE TRIM(text) != '' GROUP BY respondent_id HAVING COUNT(*) >= 4)"
        " ORDER BY r.respondent_id, r.seq DESC LIMIT 1")[0]
    window.resize(1000, 600)
    window.show_view("responses")
    reader = window.views["reader"]
    window.ctx.open_answer.emit(rid, response_id)  # as a double-click in Responses: the reader comes up after

    def framed() -> bool:
        card = reader.current
        if card is None or card.response_id != response_id:
            return False
        top = card.mapTo(reader.scroll_area.viewport(), QPoint(0, 0)).y()
        return 0 <= top < reader.scroll_area.viewport().height()

    qtbot.waitUntil(framed, timeout=3000)


def test_a_new_code_made_with_text_selected_codes_that_text(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    """A desktop trial made a code with a passage selected and found the passage uncoded until they pressed 1."""
    from consult_analyser.ui.views import reader_coding

    reader = _reader(window, qtbot)
    card = reader.current
    expected = _select_start(qtbot, card.editor, 10)
    monkeypatch.setattr(reader_coding, "ask_text", lambda *a, **k: ("Youth clubs", True))
    reader.new_code()
    stored = codings.list_codings(project_of, response_id=card.response_id)
    assert [(reader.paths[c.code_id], c.start, c.end) for c in stored] == [("Youth clubs", *expected)]
    window.ctx.undo_stack.undo()  # one step takes back the code and its coding
    assert codings.list_codings(project_of, response_id=card.response_id) == []
    assert "Youth clubs" not in {c.name for c in reader.codes.values()}
    monkeypatch.setattr(reader_coding, "ask_text", lambda *a, **k: ("Libraries", True))
    reader.new_code()  # nothing selected: the code is made, nothing coded
    assert codings.list_codings(project_of, response_id=card.response_id) == []


def test_coding_one_stance_overrules_the_suggestion_of_another(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """After 3 (Opposes, a Stance code: an answer takes one side), "Supports? 34% ✓ ✗" stayed beside the
    answer, for A to accept as well; it goes, and comes back when the coding is undone."""
    from consult_analyser.pipeline.coding.families import STANCE_FAMILY
    from consult_analyser.store import suggestions
    from consult_analyser.ui.widgets.chips import Chip

    assert suggestions.EXCLUSIVE_FAMILY == STANCE_FAMILY
    reader = _reader(window, qtbot)
    family = ops.CreateCode(STANCE_FAMILY)
    window.ctx.run(family)
    supports, opposes = (ops.CreateCode(name, parent_id=family.code.id) for name in ("Supports", "Opposes"))
    window.ctx.run(supports)
    window.ctx.run(opposes)
    topic = _make_code(window, "Funding")
    card = reader.current
    question_id = project_of.scalar("SELECT question_id FROM responses WHERE id = ?", (card.response_id,))
    window.ctx.notify(suggestions.replace_pending(project_of, question_id, [
        (card.response_id, supports.code.id, 0.34), (card.response_id, topic, 0.5)], "test model"))

    def shown() -> list[str]:
        return [c.label.text() for c in reader.current.findChildren(Chip) if "?" in c.label.text()]

    assert sorted(shown()) == ["Funding?  50%", "Supports?  34%"]
    window.ctx.run(ops.AddCoding(opposes.code.id, card.response_id))
    assert shown() == ["Funding?  50%"]  # another family's code may still apply
    assert [s.code_id for s in suggestions.list_suggestions(project_of, response_id=card.response_id)] == [topic]
    reader.decide_suggestions(True)  # A accepts what is shown, not the overruled side
    assert {c.code_id for c in codings.list_codings(project_of, response_id=card.response_id)} == {opposes.code.id,
                                                                                                   topic}
    window.ctx.undo_stack.undo()
    window.ctx.undo_stack.undo()
    assert sorted(shown()) == ["Funding?  50%", "Supports?  34%"]
