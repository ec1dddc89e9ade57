"""The keyboard and layout helpers wired in: the Reader's own screen-order Tab chain and a scroll area that
follows the focus, Ctrl+G to "Go to respondent", a long Message-ID that no longer widens the page (trial
38, finding 8), mnemonics in File > Export as, file dialogs that start in the last folder used, and code
colours that do not come round again after ten codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QScrollArea

from consult_analyser.ui.views.reader_heading import LONGEST_ID, elide_middle
from consult_analyser.ui.widgets.folders import LAST_FOLDER_KEY, start_folder
from consult_analyser.ui.widgets.wrapping import unbreakable

MESSAGE_ID = "179665437650.9522.5449158902242467892@alaskaoilandgasass.org"


# --------------------------------------------------------------------------------------- Tab, Ctrl+G
def test_the_reader_sets_its_own_tab_chain_and_follows_the_focus(window, qtbot, reader_on, tab_through_answers):  # type: ignore[no-untyped-def]
    """Without the test making the chain: Tab goes from answer to answer (each scrolled into view), then to
    the side panel; the scroll area itself is never a Tab stop and never scrolls sideways."""
    from consult_analyser.ui.widgets.focus import FocusFollower

    reader = reader_on(window)
    area = reader.scroll_area
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert len(area.findChildren(FocusFollower, "", Qt.FindChildOption.FindDirectChildrenOnly)) == 1
    editors = [c.editor for c in reader.cards if c.editor is not None] + [d.editor for d in reader.documents]
    assert len(editors) >= 2
    tab_through_answers(reader, editors)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert reader.panel.isAncestorOf(focused) or reader.code_palette.isAncestorOf(focused), focused
    # and Shift+Tab from the first answer goes back up to "Go to respondent", not to the status bar
    editors[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editors[0])
    qtbot.keyClick(editors[0], Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is reader.goto


def test_the_chain_is_made_again_for_the_next_respondent(window, reader_on, qtbot):  # type: ignore[no-untyped-def]
    reader = reader_on(window)
    reader.next_respondent()
    QApplication.processEvents()
    editors = [c.editor for c in reader.cards if c.editor is not None] + [d.editor for d in reader.documents]
    assert editors
    assert editors[0].previousInFocusChain() is not None
    assert reader.goto.nextInFocusChain() is editors[0]


def test_ctrl_g_puts_the_keyboard_in_go_to_respondent_with_its_text_selected(window, reader_on, qtbot):  # type: ignore[no-untyped-def]
    reader = reader_on(window)
    reader.goto.setText("parish council")
    editor = reader.current.editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is reader.goto
    assert reader.goto.selectedText() == "parish council"
    assert "Ctrl+G" in reader.goto.placeholderText()


def test_the_keyboard_help_lists_ctrl_g_after_ctrl_k() -> None:
    from consult_analyser.ui.shortcuts_help import SHORTCUTS_HTML

    assert SHORTCUTS_HTML.index("<b>Ctrl+K</b>") < SHORTCUTS_HTML.index("<b>Ctrl+G</b>") < SHORTCUTS_HTML.index("<b>J</b>")
    assert "go to a respondent by id, file, name or organisation" in SHORTCUTS_HTML


# ------------------------------------------------------------------------------- trial 38, finding 8
def test_a_message_id_is_shortened_in_the_middle_keeping_its_domain() -> None:
    short = elide_middle(MESSAGE_ID)
    assert len(short) == LONGEST_ID and "…" in short
    assert short.startswith("179665437650.") and short.endswith("@alaskaoilandgasass.org")
    assert elide_middle("abc@example.org") == "abc@example.org"
    assert len(elide_middle("x" * 90)) == LONGEST_ID


def test_a_long_message_id_does_not_widen_the_reader(window, reader_on, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """At 1300x900 the heading line with a mailbox message's Message-ID pushed the side panel off screen
    (its "Withdraw r…" cut, a sideways scroll bar under the whole view)."""
    from consult_analyser.store import letter_names

    monkeypatch.setattr(letter_names, "shown_id", lambda _p, _i: "consultation_mailbox.mbox#3")
    monkeypatch.setattr(letter_names, "other_name", lambda _p, _i: MESSAGE_ID)
    window.resize(1300, 900)
    reader = reader_on(window)
    line = reader.subheading
    assert "consultation_mailbox.mbox#3" in unbreakable(line.text())
    assert MESSAGE_ID not in unbreakable(line.text()) and elide_middle(MESSAGE_ID) in unbreakable(line.text())
    assert f"(Message-ID {MESSAGE_ID})" in line.toolTip()  # all of it, to read or check
    assert line.wordWrap() and reader.heading.wordWrap()
    main = reader.splitter.widget(0)
    assert main.minimumSizeHint().width() < 450
    QApplication.processEvents()
    side = reader.splitter.widget(1)
    right = side.mapTo(window, side.rect().topRight()).x()
    assert right <= window.width()  # the side panel is on screen, whole
    for scroller in window.findChildren(QScrollArea):  # no sideways scrolling anywhere above the Reader
        if scroller.isAncestorOf(reader):
            assert not scroller.horizontalScrollBar().isVisible()


def test_a_short_heading_line_has_no_tooltip(window, reader_on) -> None:  # type: ignore[no-untyped-def]
    reader = reader_on(window)
    assert "Message-ID" not in reader.subheading.text() or reader.subheading.toolTip()
    if "…" not in reader.subheading.text():
        assert reader.subheading.toolTip() == ""


# ------------------------------------------------------------------------------ menus and dialogs
def test_export_as_items_have_a_letter_each_and_kinds_keep_their_text(window) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.export.files import KINDS

    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    export_as = next(a.menu() for a in file_menu.actions() if a.text() == "Export &as")
    texts = [a.text() for a in export_as.actions()]
    assert texts[:3] == ["&Excel annex…", "&Word summary report…", "&CSV tables (a folder)…"]
    assert texts[3].startswith("&REFI-QDA")
    assert all("&" not in k[1] for k in KINDS)  # the export dialog's titles are made from these


def test_a_new_project_from_the_welcome_window_starts_in_the_last_folder_and_remembers_it(qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.main_window import ask_new_project

    QSettings().remove(LAST_FOLDER_KEY)
    monkeypatch.chdir(tmp_path)
    asked: list[str] = []
    folder = tmp_path / "projects"
    folder.mkdir()

    def fake(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(folder / f"mine{len(asked)}.consult"), ""

    def refused(*args):  # type: ignore[no-untyped-def]
        raise AssertionError(args)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    monkeypatch.setattr(QMessageBox, "warning", refused)  # (modal: it would wait for a click)
    chosen = folder / "mine1.consult"
    assert ask_new_project(None) == chosen
    assert Path(asked[0]).parent == tmp_path  # the working folder, not the home folder
    assert start_folder() == chosen.parent.resolve()
    assert ask_new_project(None, tmp_path) is not None  # (an existing project's folder still wins)
    assert Path(asked[1]).parent == tmp_path
    QSettings().remove(LAST_FOLDER_KEY)


def test_the_welcome_windows_open_project_starts_in_the_last_folder_and_remembers_it(qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.app import WelcomeDialog, make_app

    make_app()
    used = tmp_path / "used"
    used.mkdir()
    QSettings().setValue(LAST_FOLDER_KEY, str(used))
    picked = tmp_path / "elsewhere" / "team.consult"
    picked.parent.mkdir()
    picked.write_bytes(b"")
    asked: list[str] = []

    def fake(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(picked), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "accept", lambda: None)  # (no modal loop to leave)
    dialog._browse()
    assert asked == [str(used)]
    assert dialog.chosen == picked
    assert start_folder() == picked.parent.resolve()
    QSettings().remove(LAST_FOLDER_KEY)


# ---------------------------------------------------------------------------------------- colours
def test_twenty_codes_get_twenty_colours_then_darker_then_lighter() -> None:
    from PySide6.QtGui import QColor

    from consult_analyser.store.codebook import PALETTE, nth_colour

    first = [nth_colour(i) for i in range(20)]
    assert first == list(PALETTE) and len(set(first)) == 20
    assert first[:10] == ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                          "#9c755f", "#bab0ac"]  # the first ten codes' colours as before
    lightness = [QColor(nth_colour(i)).lightness() for i in (0, 20, 40, 60, 80)]
    assert lightness[1] < lightness[0] < lightness[2]  # round 1 darker, round 2 lighter
    assert lightness[3] < lightness[1] and lightness[4] > lightness[2]  # further each time
    assert len({nth_colour(i) for i in range(120)}) == 120
    assert nth_colour(20) == "#3a5b7d"  # #4e79a7 a quarter of the way to black


def test_new_codes_past_twenty_differ_and_existing_codes_keep_theirs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.store import codebook
    from consult_analyser.store.project import Project

    with Project.create(tmp_path / "colours.consult") as project:
        kept = codebook.create_code(project, "Mine", colour="#123456")
        made = [codebook.create_code(project, f"Code {i}") for i in range(24)]
        colours = [c.colour for c in made]
        assert len(set(colours)) == 24
        assert colours[0] == codebook.PALETTE[1]  # by the number of codes there were
        assert codebook.get_code(project, kept.id).colour == "#123456"
        assert [codebook.get_code(project, c.id).colour for c in made] == colours


@pytest.mark.parametrize("index", [0, 25, 47, 66, 200])
def test_every_colour_is_a_colour(index: int) -> None:
    from consult_analyser.store.codebook import nth_colour

    colour = nth_colour(index)
    assert len(colour) == 7 and int(colour[1:], 16) >= 0
