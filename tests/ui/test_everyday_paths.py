"""The app's everyday paths: View menu and Ctrl+1..6, double-click an answer to read it, the
Ctrl+K picker, exports from the app beside the project, confirmed sign-off, honest coding counts,
a headless screenshot that leaves the user's settings alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from consult_analyser.actions import coding as ops
from consult_analyser.store import themes as store_themes
from tests.ui.test_themes_view import _view as themes_view

REPO = Path(__file__).resolve().parents[2]


def _menu_action(window, menu_title: str, text: str):  # type: ignore[no-untyped-def]
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == menu_title:
            for action in menu_action.menu().actions():
                if action.text().replace("&", "").startswith(text):
                    return action
    raise AssertionError(f"no {text!r} in the {menu_title} menu")


def test_view_menu_and_ctrl_numbers_switch_views(window, qtbot):  # type: ignore[no-untyped-def]
    action = _menu_action(window, "View", "Themes")
    assert action.shortcut().toString() == "Ctrl+6"
    action.trigger()  # Qt passes its `checked` flag to the slot
    assert window.current_view() is window.views["themes"]
    _menu_action(window, "View", "Reader").trigger()
    assert window.current_view() is window.views["reader"]


def test_file_new_project_makes_one_and_asks_to_open_it_for_import(window, qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from consult_analyser.store.project import Project

    action = _menu_action(window, "File", "New project")
    assert action.shortcut().toString() == "Ctrl+N"
    target = tmp_path / "second consultation"  # the suffix is added when the user leaves it off
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.new_requested, timeout=5000) as signal:
        action.trigger()
    made = tmp_path / "second consultation.consult"
    assert signal.args == [made]
    with Project.open(made, readonly=True) as project:
        assert project.scalar("SELECT COUNT(*) FROM respondents") == 0
    # a file that is not a project is never overwritten: the user is told, nothing is emitted
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(made), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))
    emitted: list = []
    window.new_requested.connect(emitted.append)
    action.trigger()
    assert warned and not emitted


def test_a_disabled_button_looks_disabled(window, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    palette = QApplication.instance().palette()
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        assert palette.color(QPalette.ColorGroup.Disabled, role) != palette.color(QPalette.ColorGroup.Active, role)
    detail = window.views["themes"].detail
    detail.show_theme(None, None)  # no theme selected: its buttons are off, and look it
    assert not detail.buttons["rename"].isEnabled()


def test_double_click_opens_the_reader_at_that_answer(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("responses")
    model = view.model
    first_question = project_of.scalar("SELECT id FROM questions ORDER BY position LIMIT 1")
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        response_id = model.data(index, model.ResponseIdRole)
        if project_of.scalar("SELECT question_id FROM responses WHERE id = ?", (response_id,)) != first_question \
                and project_of.scalar("SELECT trim(text) != '' FROM responses WHERE id = ?", (response_id,)):
            break
    else:
        raise AssertionError("no answer to a later question")
    view.table.doubleClicked.emit(index)
    reader = window.views["reader"]
    assert window.current_view() is reader
    assert reader.current is not None and reader.current.response_id == response_id


def test_quick_picker_offers_the_current_questions_codes_with_nothing_chosen(window, qtbot):  # type: ignore[no-untyped-def]
    reader = window.show_view("reader")
    qtbot.waitUntil(lambda: reader.current is not None and reader.current.editor is not None, timeout=3000)
    key = reader.current.question_key
    folder = ops.CreateCode(key)
    window.ctx.run(folder)
    mine = ops.CreateCode("Local funding", parent_id=folder.code.id)
    window.ctx.run(mine)
    other_folder = ops.CreateCode("QX")
    window.ctx.run(other_folder)
    theirs = ops.CreateCode("Elsewhere", parent_id=other_folder.code.id)
    window.ctx.run(theirs)
    reader.reload_codes()
    reader.set_current(reader.current)
    picker = reader.make_picker()
    offered = {picker.list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(picker.list.count())}
    assert mine.code.id in offered
    assert theirs.code.id not in offered and folder.code.id not in offered and other_folder.code.id not in offered
    assert picker.list.currentItem() is None  # Ctrl+K, Enter codes nothing by accident
    picker._choose()
    assert picker.chosen_code is None and picker.result() == 0
    picker.edit.setText("local")
    assert picker.list.currentItem() is not None  # typing picks the first match
    picker.edit.clear()
    picker.show()  # shown, the keyboard is in its search field (letters went to the Reader's shortcuts)
    qtbot.waitUntil(lambda: picker.edit.hasFocus() or QApplication.focusWidget() is picker.edit, timeout=2000)
    qtbot.keyClicks(QApplication.focusWidget(), "loc")
    assert picker.edit.text() == "loc"
    picker.close()


def test_exports_from_the_app_open_beside_the_project(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    texts = [a.text().replace("&", "") for m in window.menuBar().actions() if m.menu() is not None
             for a in m.menu().actions() if a.menu() is not None for a in a.menu().actions()]
    for wanted in ("Excel annex", "Word summary report", "CSV tables", "REFI-QDA project"):
        assert any(t.startswith(wanted) for t in texts), texts
    project_dir = window.ctx.project.path.parent
    assert window.export_start_path(".docx").parent == project_dir
    assert window.export_start_path(".docx").name == window.ctx.project.path.stem + ".docx"
    folder = tmp_path / "tables"
    folder.mkdir()
    task = window.export("csv_tables", folder)
    qtbot.waitUntil(lambda: task.done.is_set(), timeout=60000)
    assert task.error == ""
    assert (folder / "respondents.csv").exists() and (folder / "themes.csv").exists()
    target = tmp_path / "project.qdpx"
    task = window.export("qdpx", target)
    qtbot.waitUntil(lambda: task.done.is_set(), timeout=60000)
    assert task.error == "" and target.stat().st_size > 0
    # the second export's message replaces the first's (waiting on "visible" alone could see the first)
    qtbot.waitUntil(lambda: "project.qdpx" in window.last_export_message.text(), timeout=5000)
    assert window.last_export_message.isVisible()  # stays until closed
    assert "Open folder" in [b.text() for b in window.last_export_message.buttons()]
    window.last_export_message.close()


def test_sign_off_all_asks_first_and_shows_what_is_signed(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    from consult_analyser.ui.widgets import ask

    view = themes_view(window)
    asked: list[str] = []

    def decline(dialog):  # type: ignore[no-untyped-def]
        asked.append(dialog.listing.text())
        return QDialog.DialogCode.Rejected

    # the confirmation lists every theme in a box that scrolls (ask.ListQuestion), Cancel its default
    monkeypatch.setattr(ask.ListQuestion, "exec", decline)
    view.sign_off_all()
    assert asked and "Funding for councils" in asked[0] and "English classes" in asked[0]
    assert all(r.theme.status.value != "signed_off" for r in store_themes.list_themes(project_of, view.question_id()))
    monkeypatch.setattr(ask.ListQuestion, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    view.sign_off_all()
    assert all(r.theme.status.value == "signed_off" for r in store_themes.list_themes(project_of, view.question_id()))


def test_dashboard_counts_only_codings_people_made_or_accepted(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    from consult_analyser.store import dashboard

    view = themes_view(window)
    view.select_row(0)
    assert view.ctx.run(ops.CodeFromTheme(view.current_summary().theme.id))  # model codings
    figures = dashboard.headline(project_of)
    assert figures.coded_answers == 0 and figures.model_coded_answers > 0
    assert all(p.coded == 0 for p in dashboard.question_progress(project_of))  # per question too
    dash = window.show_view("dashboard")
    dash.on_changed(__import__("consult_analyser.store.project", fromlist=["Changes"]).Changes({"*"}))
    qtbot.waitUntil(lambda: dash.cards["coded"].value.text() == "0%", timeout=5000)


def test_headless_screenshot_needs_no_platform_and_leaves_settings_alone(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    config = tmp_path / "config"
    config.mkdir()
    env["XDG_CONFIG_HOME"] = str(config)
    env["HOME"] = str(tmp_path)
    env["PYTHONPATH"] = str(REPO)
    shot = tmp_path / "dash.png"
    done = subprocess.run([sys.executable, "-m", "consult_analyser", "gui", str(ui_project_path), "--screenshot",
                           str(shot), "--view", "dashboard"], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert shot.exists() and shot.stat().st_size > 10_000
    assert not any(config.rglob("*")), list(config.rglob("*"))  # no settings written
    from PySide6.QtGui import QImage

    # the size asked, not cut to the offscreen platform's 800 x 800 screen (a trial's themes view lost its right half)
    assert QImage(str(shot)).size().toTuple() == (1440, 900)


def test_a_window_remembered_at_a_size_no_one_works_at_opens_at_the_usual_size(qtbot, ui_project_path):  # type: ignore[no-untyped-def]
    """The self-test drew the dashboard off screen and saved that window's size as the user's: the next
    real launch opened at 716 x 390. A remembered size that small is not restored (and the self-test
    now keeps its own settings)."""
    from PySide6.QtCore import QSettings

    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    make_app()
    first = MainWindow(Project.open(ui_project_path))
    qtbot.addWidget(first)
    first.resize(700, 380)
    QSettings().setValue("main/geometry", first.saveGeometry())
    first.ctx.project.close()
    again = MainWindow(Project.open(ui_project_path))
    qtbot.addWidget(again)
    room = again.screen().availableGeometry()  # the usual size, within the screen (800 x 800 off screen)
    assert (again.width(), again.height()) == (min(1400, room.width()), min(860, room.height()))
    assert again.width() >= 800
    again.ctx.project.close()
    QSettings().remove("main/geometry")


def test_a_sample_left_unanalysed_is_analysed_when_opened_again(tmp_path, ui_project_path):  # type: ignore[no-untyped-def]
    """A sample built but never analysed (the app closed during the analysis, or an older screenshot
    built it) stayed empty for good: the Themes view said "no themes yet" on every launch. Opening it
    again now runs the analysis; an analysed one is left as it is."""
    import shutil

    from consult_analyser.store.project import Project
    from consult_analyser.ui.app import ensure_sample_project

    path = tmp_path / "sample.consult"
    shutil.copy2(ui_project_path, path)
    with Project.open(path) as project:
        with project.transaction() as conn:
            conn.execute("DELETE FROM themes")
    assert ensure_sample_project(path) is True
    _seed_themes_into(path)
    assert ensure_sample_project(path) is False


def _seed_themes_into(path):  # type: ignore[no-untyped-def]
    from consult_analyser.store.project import Project
    from tests.ui.test_themes_view import _seed_themes

    with Project.open(path) as project:
        _seed_themes(project)


def test_quit_closes_every_window_and_close_window_this_one(window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """File > Quit (Ctrl+Q) closed only the window it was chosen in; Close window (Ctrl+W) does that."""
    from PySide6.QtWidgets import QApplication

    assert _menu_action(window, "File", "Close window").shortcut().toString() == "Ctrl+W"
    quit_action = _menu_action(window, "File", "Quit")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    called = []
    monkeypatch.setattr(QApplication, "closeAllWindows", lambda: called.append(True))
    quit_action.trigger()
    assert called == [True]


def test_enter_on_a_recent_project_opens_it_not_the_sample(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """A lead selected a recent project and pressed Enter: the sample opened and began its analysis."""
    from PySide6.QtCore import QSettings, Qt

    from consult_analyser.ui.app import WelcomeDialog

    project = tmp_path / "mine.consult"
    project.write_bytes(b"")
    QSettings().setValue("recent", [str(project)])
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    assert dialog.recent.currentItem().text() == str(project)
    qtbot.keyClick(dialog.recent, Qt.Key.Key_Return)
    assert dialog.chosen == project


def test_arrows_then_enter_open_a_recent_project_from_the_start_window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from consult_analyser.ui.app import WelcomeDialog

    first, second = tmp_path / "first.consult", tmp_path / "second.consult"
    for path in (first, second):
        path.write_bytes(b"")
    QSettings().setValue("recent", [str(first), str(second)])
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.recent, timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.chosen == second


def test_the_window_fits_a_1280_pixel_laptop_screen(window, qtbot):  # type: ignore[no-untyped-def]
    """Every view visited, the window still fits 1,280 pixels: one button row and unwrapped notes had
    set it 1,500 pixels wide, so it ran off a laptop's screen."""
    for key in ("dashboard", "responses", "reader", "codebook", "sectors", "themes", "team"):
        window.show_view(key)
        qtbot.wait(10)
        assert window.minimumSizeHint().width() <= 1280, (key, window.minimumSizeHint().width())


def test_ctrl_f_searches_answers_from_any_view(window, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window.show_view("codebook")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    responses = window.show_view("responses")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is responses.search, timeout=2000)


def test_help_says_where_the_logs_are(window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    texts = [a.text().replace("&", "") for m in window.menuBar().actions() if m.menu() is not None
             for a in m.menu().actions()]
    assert "About Consult Analyser" in texts
    window.show_about()
    assert shown and "errors.log" in shown[0] and "no network connection" in shown[0]


def test_the_command_line_names_the_views_the_window_has():
    from consult_analyser.ui import VIEW_NAMES
    from consult_analyser.ui.main_window import VIEWS

    assert tuple(key for key, *_ in VIEWS) == VIEW_NAMES


def test_headless_import_check_renders_the_given_files(ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    """``gui --screenshot F --view import --files X`` draws the column check of X (it always drew the
    bundled sample's); a file that is not there is said, not drawn."""
    survey = tmp_path / "westshire.csv"
    survey.write_text("Response ID,What should change about buses?\n1,More evening buses please.\n"
                      "2,Cheaper fares for young people.\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PYTHONPATH": str(REPO),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    shots = {}
    for name, extra in (("sample", []), ("mine", ["--files", str(survey)])):
        shots[name] = tmp_path / f"{name}.png"
        done = subprocess.run([sys.executable, "-m", "consult_analyser", "gui", str(ui_project_path), "--screenshot",
                               str(shots[name]), "--view", "import", *extra], env=env, capture_output=True, text=True,
                              timeout=180)
        assert done.returncode == 0, done.stderr
    assert shots["mine"].read_bytes() != shots["sample"].read_bytes()
    done = subprocess.run([sys.executable, "-m", "consult_analyser", "gui", str(ui_project_path), "--screenshot",
                           str(tmp_path / "x.png"), "--view", "import", "--files", str(tmp_path / "none.csv")],
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 2 and "no such file" in done.stderr


def test_an_export_with_warnings_says_so_in_a_warning_box(window, tmp_path):  # type: ignore[no-untyped-def]
    """A lead read File > Export's warning about publication choices as a lower-case line in an
    information box: each warning is now a paragraph of its own in a warning box."""
    from PySide6.QtWidgets import QMessageBox

    box = window.export_written("annex written to a.xlsx: 9 sheets\nwarning: no respondent's publication choice "
                                "is recorded in this project", tmp_path)
    assert box.icon() == QMessageBox.Icon.Warning and "with warnings" in box.windowTitle()
    assert box.text().startswith("Annex written to a.xlsx") and "\n\nWarning: no respondent's" in box.text()
    box.close()
    plain = window.export_written("report written to r.docx: 3 questions", tmp_path)
    assert plain.icon() == QMessageBox.Icon.Information and plain.windowTitle() == "Export written"
    plain.close()


def test_an_export_warning_naming_respondents_opens_them_in_sector_review(window, tmp_path):  # type: ignore[no-untyped-def]
    """The export box told a GUI user to run `sectors PROJECT --set ID SECTOR` on 20 ids nobody could
    click: the app's wording names Sector review, and a button lists those respondents there."""
    from consult_analyser.export.files import SECTOR_REVIEW_BUTTON, ExportMessage

    named = [r[0] for r in window.ctx.project.query("SELECT external_id FROM respondents ORDER BY seq DESC LIMIT 3")]
    message = ExportMessage("annex written to a.xlsx: 9 sheets\nwarning: 3 organisation field(s) look like a "
                            "person's name; check them in Sector review")
    message.review = tuple(named)
    box = window.export_written(message, tmp_path)
    button = next(b for b in box.buttons() if b.text() == SECTOR_REVIEW_BUTTON)
    button.click()
    view = window.views["sectors"]
    assert window.current_view() is view
    listed = [r.respondent_id for r in view.model.rows]
    ids = dict(window.ctx.project.query("SELECT external_id, id FROM respondents"))
    assert listed == [ids[e] for e in named] and "an export's warning named" in view.queue_note.text()
    view.search.setText("x")  # a search gives the list back to the queue's order
    assert view._queue_ids is None
    plain = window.export_written("report written to r.docx: 3 questions", tmp_path)
    assert all(b.text() != SECTOR_REVIEW_BUTTON for b in plain.buttons())
    plain.close()


def test_a_text_dialog_is_wide_enough_for_its_title(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """'Rename theme' read 'Renam…heme' in a narrow dialog."""
    from PySide6.QtWidgets import QInputDialog

    from consult_analyser.ui.widgets.ask import TEXT_DIALOG_WIDTH, ask_text

    seen = {}

    def answer(dialog):  # type: ignore[no-untyped-def]
        seen["width"], seen["title"], seen["text"] = dialog.minimumWidth(), dialog.windowTitle(), dialog.textValue()
        dialog.setTextValue("Car parking")
        return QInputDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", answer)
    assert ask_text(None, "Rename theme", "Label:", "Parking") == ("Car parking", True)
    assert seen == {"width": TEXT_DIALOG_WIDTH, "title": "Rename theme", "text": "Parking"}


def test_a_choice_dialog_is_as_wide_as_a_text_dialog(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """A desktop trial's "Split among analysts" read "Split a… alysts": every choice the views ask for is
    asked in a dialog as wide as a text one."""
    from PySide6.QtWidgets import QInputDialog

    from consult_analyser.ui.widgets.ask import TEXT_DIALOG_WIDTH, ask_item

    seen = {}

    def answer(dialog):  # type: ignore[no-untyped-def]
        seen["width"], seen["items"], seen["text"] = dialog.minimumWidth(), dialog.comboBoxItems(), dialog.textValue()
        dialog.setTextValue("Q2  Schools")
        return QInputDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", answer)
    assert ask_item(None, "Split among analysts", "Questions:", ["All", "Q1  Buses", "Q2  Schools"], 1) == \
        ("Q2  Schools", True)
    assert seen == {"width": TEXT_DIALOG_WIDTH, "items": ["All", "Q1  Buses", "Q2  Schools"], "text": "Q1  Buses"}


def test_ctrl_n_on_the_start_window_makes_a_new_project(qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Ctrl+N did nothing on the start window, though the main window's File > New project answers it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from consult_analyser.ui import main_window
    from consult_analyser.ui.app import WelcomeDialog

    target = tmp_path / "new.consult"
    monkeypatch.setattr(main_window, "ask_new_project", lambda parent: target)
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.chosen == target and dialog.import_after_open


def test_a_keyboard_user_can_tab_out_of_every_table_and_a_small_window_scrolls(window):  # type: ignore[no-untyped-def]
    """Tab moved cell to cell in the tables of Sector review, Themes and Responses and never left them
    (WCAG 2.1.2, no keyboard trap): arrows move within a table, Tab leaves it. A window smaller than a
    view needs (200% text on a laptop) scrolls instead of cutting off the view's buttons."""
    from PySide6.QtWidgets import QAbstractItemView, QScrollArea

    for key in window.view_keys:
        view = window.show_view(key)
        assert window.current_view() is view
        tables = view.findChildren(QAbstractItemView)
        assert all(not table.tabKeyNavigation() for table in tables), key
        assert isinstance(view.parentWidget().parentWidget(), QScrollArea)  # (its viewport, then the area)
