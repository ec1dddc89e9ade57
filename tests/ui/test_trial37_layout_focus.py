"""Trial 37's findings on the export box's button, text cut at the right, Tab order and focus, the sign-off
button for an analyst, a run over every question, and small wording and layout points."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QWidget

from consult_analyser.ui.widgets.wrapping import LONGEST_WORD, ZERO_WIDTH_SPACE, breakable, unbreakable

DOT_LEADERS = "Contents1. Contributions" + "." * 260 + "3"
RUN_TOGETHER = "2023Supportingsafeandresponsible" * 8


# ------------------------------------------------------------------------------------- finding 4
def test_the_export_box_from_a_real_export_has_the_button_its_warning_names(window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """The app's export task passed str(message) on: the message's respondents went, and with them the button
    "Show them in Sector review" that the warning's own words point to."""
    from consult_analyser.export import files

    named = [r[0] for r in window.ctx.project.query("SELECT external_id FROM respondents ORDER BY seq LIMIT 2")]

    def fake_export(project, out, options=None, progress=None):  # type: ignore[no-untyped-def]
        message = files.ExportMessage(f"annex written to {out}: 9 sheets\nwarning: 2 organisation field(s) look "
                                      "like a person's name; " + files.WHERE_TO_ACT["app"]["held"])
        message.review = tuple(named)
        return message

    monkeypatch.setattr(files, "export_file", fake_export)
    window.last_export_message = None
    window.export("annex", window.ctx.project.path.parent / "annex.xlsx")
    qtbot.waitUntil(lambda: getattr(window, "last_export_message", None) is not None, timeout=15000)
    box = window.last_export_message
    assert files.SECTOR_REVIEW_BUTTON in box.text()
    button = next(b for b in box.buttons() if b.text() == files.SECTOR_REVIEW_BUTTON)
    button.click()
    view = window.views["sectors"]
    ids = dict(window.ctx.project.query("SELECT external_id, id FROM respondents"))
    assert [r.respondent_id for r in view.model.rows] == [ids[e] for e in named]


def test_an_export_message_stays_itself_through_str() -> None:
    from consult_analyser.export.files import ExportMessage

    message = ExportMessage("annex written")
    message.review = ("7",)
    assert getattr(str(message), "review", ()) == ("7",) and str(message) == "annex written"


# ------------------------------------------------------------------------------------- finding 5
def test_a_long_run_without_a_space_may_break_anywhere_and_short_words_do_not() -> None:
    text = f"To whom it may concern. {DOT_LEADERS}"
    broken = breakable(text)
    assert unbreakable(broken) == text
    assert broken.startswith("To whom it may concern. ")  # short words untouched
    runs = [run for run in broken.replace(ZERO_WIDTH_SPACE, " ").split()]
    assert max(len(run) for run in runs) <= LONGEST_WORD
    assert breakable("café" + "e\u0301" * 30).count(ZERO_WIDTH_SPACE + "\u0301") == 0  # an accent stays on its letter


def test_reader_cards_fit_a_narrow_column_whatever_their_text(qtbot):  # type: ignore[no-untyped-def]
    """A letter's long file name and dot leaders made the Reader's column wider than the window."""
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.widgets.answer_card import AnswerCard, DocumentCard

    make_app()
    holder = QWidget()
    qtbot.addWidget(holder)
    document = SimpleNamespace(id="d1", media_type="application/pdf", text=f"{DOT_LEADERS}\n{RUN_TOGETHER}",
                               filename="BBR_Cover_Letter_on_Supporting_a_Safe_and_Responsible_AI_submission_"
                                        "1.06.2023.0531fbb124d4a.pdf")
    card = DocumentCard(document, "Passages mapped to questions: General comments (1).", holder)
    answer = AnswerCard("r1", "C1", "✉ by letter · Make a general comment " + RUN_TOGETHER, DOT_LEADERS,
                        "Strongly agree with every proposal" * 3, holder)
    answer.show_state([], {}, {}, [SimpleNamespace(status="candidate", label="A theme label " * 12)], [], False)
    for widget in (card, answer):
        assert widget.minimumSizeHint().width() < 420, widget


def test_sector_reviews_card_fits_its_panel_with_dot_leaders(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    row = next(i for i, r in enumerate(view.model.rows) if r.sector)
    view.model.rows[row].excerpt = DOT_LEADERS
    view.model.rows[row].organisation = RUN_TOGETHER
    view.select_row(row)
    view._show_current()
    QApplication.processEvents()
    assert ZERO_WIDTH_SPACE in view.excerpt.text()
    assert view.card.minimumSizeHint().width() < 420


# ------------------------------------------------------------------------------------- finding 6
def test_tab_goes_through_the_reader_as_on_screen_and_shows_what_it_lands_on(window, qtbot, reader_on,
                                                                              tab_through_answers):  # type: ignore[no-untyped-def]
    """With the chain the Reader should set after building its cards (see the report to the lead): from the
    last answer to the side panel, never to a chip's button, and the scroll area follows the focus."""
    from consult_analyser.ui.widgets.chips import Chip
    from consult_analyser.ui.widgets.focus import follow_focus, tab_chain

    reader = reader_on(window)
    follow_focus(reader.scroll_area)
    assert follow_focus(reader.scroll_area) is follow_focus(reader.scroll_area)  # one per area
    editors = [c.editor for c in reader.cards if c.editor is not None] + [d.editor for d in reader.documents]
    chain = tab_chain([reader.goto, *editors, *reader.panel.focus_order(), *reader.code_palette.focus_order(),
                       reader.memo])
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for chip in reader.findChildren(Chip)
               for b in chip.buttons.values())
    tab_through_answers(reader, editors)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    side = [w for w in chain if w.isVisible() and w.isEnabled()]
    assert focused is side[side.index(editors[-1]) + 1] and reader.panel.isAncestorOf(focused) or \
        reader.code_palette.isAncestorOf(focused)


# ------------------------------------------------------------------------------------- finding 7
def test_sector_review_gives_the_queue_the_keyboard_and_ctrl_home_selects_the_row_it_shows(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    window.activateWindow()
    qtbot.waitUntil(lambda: view.table.hasFocus())  # Enter accepts in the queue: the ring is there
    view.select_row(5)
    qtbot.keyClick(view.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.table.currentIndex().row() == 0
    assert sorted({i.row() for i in view.table.selectionModel().selectedRows()}) == [0]
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = view.model.rowCount() - 1
    assert [i.row() for i in view.table.selectionModel().selectedRows()] == [last] == [view.table.currentIndex().row()]
    qtbot.keyClick(view.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)  # Shift still extends
    assert len(view.table.selectionModel().selectedRows()) == 2


def test_starting_a_run_leaves_the_keyboard_on_the_list_not_the_next_button(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("sectors")
    window.activateWindow()
    view.retrain_button.setFocus()
    qtbot.waitUntil(view.retrain_button.hasFocus)
    view.run_task("A test run", lambda progress: None, view.retrain_button, lambda _r: None, "done")
    assert view.table.hasFocus() and not view.check_button.hasFocus()
    qtbot.waitUntil(view.retrain_button.isEnabled, timeout=10000)

    themes = window.show_view("themes")
    themes.check_themes_button.setFocus()
    qtbot.waitUntil(themes.check_themes_button.hasFocus)
    themes._run_on_question("A test job", lambda p, q, progress: None, lambda _r: None, themes.check_themes_button)
    assert themes.table.hasFocus() and not themes.campaigns_button.hasFocus()
    qtbot.waitUntil(themes.check_themes_button.isEnabled, timeout=10000)


# ------------------------------------------------------------------------------------ finding 10
def test_sign_off_is_the_main_action_for_a_lead_only(window):  # type: ignore[no-untyped-def]
    from consult_analyser.store.identity import Identity

    detail = window.views["themes"].detail
    sign = detail.buttons["signoff"]
    detail.show_role(Identity("Sam", "analyst"))
    assert sign.property("role") != "primary" and "lead role" in sign.toolTip() and "Sam (analyst)" in sign.toolTip()
    assert sign.isEnabled() or detail.theme_id is None  # still there to say how to switch
    detail.show_role(Identity("Alex", "lead"))
    assert sign.property("role") == "primary" and "Ctrl+Enter" in sign.toolTip()


# ------------------------------------------------------------------------------------ finding 11
def test_a_run_over_every_question_is_asked_first_and_cancel_starts_nothing(window, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.views import theme_tasks

    themes = window.show_view("themes")
    asked: list[str] = []
    monkeypatch.setattr(theme_tasks, "ask_yes", lambda _p, _t, text: asked.append(text) or False)
    started: list[str] = []
    monkeypatch.setattr(window.ctx.tasks, "start", lambda title, *a, **k: started.append(title))
    themes.discover(all_questions=True)
    n = len([q for q in window.ctx.project.query("SELECT id FROM questions")])
    assert asked and "open questions" in asked[0] and "minute" in asked[0] and not started
    assert n > 0


def test_what_a_run_did_to_kept_themes_is_said() -> None:
    from consult_analyser.ui.views.theme_tasks import about, kept_change

    before = {"a": ("Q1", "Agrees with the paper", 24, 0), "b": ("Q1", "Definition", 49, 0),
              "c": ("Q2", "Signed", 10, 0), "d": ("Q3", "Unchanged", 5, 0)}
    after = {"a": ("Q1", "Agrees with the paper", 35, 0), "b": ("Q1", "Definition", 53, 0),
             "c": ("Q2", "Signed", 10, 3), "d": ("Q3", "Unchanged", 5, 0)}
    said = kept_change(before, after)
    assert said.startswith("2 kept themes took in 15 more answers (Q1 “Agrees with the paper” +11, Q1 “Definition” +4)")
    assert "3 answers proposed for signed-off themes" in said
    assert kept_change(before, before) == ""
    assert about(30) == "under a minute" and about(480) == "about 8 minutes"


# ------------------------------------------------------------------------------------ finding 12
def test_an_empty_chart_shows_its_message_without_a_legend_over_it(qtbot):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.widgets.charts import Bar, BarChart

    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_series({"a": "#4e79a7", "b": "#f28e2b"}, {"a": "Company", "b": "Individual"})
    chart.set_bars([])
    assert chart._legend_height() == 0
    chart.set_bars([Bar("x", 2.0, segments=(("a", 1), ("b", 1)))])
    assert chart._legend_height() > 0


def test_sector_reviews_footer_counts_as_its_header_does(window):  # type: ignore[no-untyped-def]
    from consult_analyser.store import browse

    view = window.show_view("sectors")
    done, total = browse.review_progress(window.ctx.project)
    assert view.queue_note.text().startswith(f"{total - done:,} of {total:,} respondents still to check")


def test_home_and_end_pick_the_first_and_last_target_in_a_merge_dialog(qtbot):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.widgets.ask import ask_item

    make_app()
    seen: list[str] = []

    def drive() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        combo = dialog.findChild(QComboBox)
        button = dialog.findChild(QWidget, "")  # any child: Home works wherever the focus is in the dialog
        del button
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Home)
        seen.append(combo.currentText())
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_End)
        seen.append(combo.currentText())
        dialog.reject()

    QTimer.singleShot(100, drive)
    ask_item(None, "Merge codes", "Merge into:", ["first", "second", "third"], current=1)
    assert seen == ["first", "third"]


def test_menu_items_get_mnemonics_of_their_own() -> None:
    from consult_analyser.export.files import KINDS
    from consult_analyser.ui.widgets.mnemonics import with_mnemonics

    marked = with_mnemonics([k[1] for k in KINDS])
    assert marked[:3] == ["&Excel annex…", "&Word summary report…", "&CSV tables (a folder)…"]
    assert marked[3].startswith("&REFI-QDA")
    assert with_mnemonics(["&Open", "Other", "Oz"]) == ["&Open", "O&ther", "Oz".replace("z", "&z")]


def test_file_dialogs_start_in_the_last_folder_used_else_the_working_folder(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from consult_analyser.ui.widgets.folders import LAST_FOLDER_KEY, remember_folder, start_folder

    QSettings().remove(LAST_FOLDER_KEY)
    monkeypatch.chdir(tmp_path)
    assert start_folder() == tmp_path
    data = tmp_path / "data"
    data.mkdir()
    (data / "export.csv").write_text("a\n")
    remember_folder(data / "export.csv")
    assert start_folder() == data.resolve()
    QSettings().remove(LAST_FOLDER_KEY)


@pytest.mark.parametrize("own, expected", [(1, "Applied to <b>1</b> answer"), (3, "Applied to <b>3</b> answers")])
def test_the_codebook_counts_answers_in_the_singular_too(window, own, expected):  # type: ignore[no-untyped-def]
    from consult_analyser.actions import coding as ops

    view = window.show_view("codebook")
    window.ctx.run(ops.CreateCode("Plural check"), "Create code")
    code_id = window.ctx.project.scalar("SELECT id FROM codes WHERE name = 'Plural check'")
    answers = [r[0] for r in window.ctx.project.query("SELECT id FROM responses WHERE text != '' LIMIT ?", (own,))]
    for response_id in answers:
        window.ctx.run(ops.AddCoding(code_id, response_id), "Code")
    index = view.model.index_of(code_id)
    view.tree.setCurrentIndex(index)
    view._show_details()
    assert view.detail_counts.text().startswith(expected) and not view.detail_counts.text().startswith(expected + "s ")
