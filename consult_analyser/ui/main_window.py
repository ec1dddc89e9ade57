"""The main window: a sidebar of views, menus, undo/redo, and a status bar showing long tasks."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.errors import ProjectError
from consult_analyser.store import identity
from consult_analyser.store.project import Changes, Project
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.shortcuts_help import SHORTCUTS_HTML
from consult_analyser.ui.views.codebook_view import CodebookView
from consult_analyser.ui.views.dashboard_view import DashboardView
from consult_analyser.ui.views.reader_view import ReaderView
from consult_analyser.ui.views.responses_view import ResponsesView
from consult_analyser.ui.views.sector_view import SectorReviewView
from consult_analyser.ui.views.team_view import TeamView
from consult_analyser.ui.views.themes_view import ThemesView
from consult_analyser.ui.widgets.folders import remember_folder, start_folder
from consult_analyser.ui.widgets.identity import IdentityButton
from consult_analyser.ui.widgets.mnemonics import with_mnemonics
from consult_analyser.ui.window_layout import WindowLayout

log = logging.getLogger(__name__)

# (key, title, class): the views in sidebar order. A view class takes (ctx). Views are built the
# first time they are shown, so the window opens as soon as the first one is ready.
VIEWS: list[tuple[str, str, type[QWidget]]] = [
    ("dashboard", "Dashboard", DashboardView),
    ("responses", "Responses", ResponsesView),
    ("reader", "Reader", ReaderView),
    ("codebook", "Codebook", CodebookView),
    ("sectors", "Sector review", SectorReviewView),
    ("themes", "Themes", ThemesView),
    ("team", "Team", TeamView),
]


class _Views(dict):
    """The views built so far; looking one up builds it."""

    def __init__(self, window: MainWindow):
        super().__init__()
        self.window = window

    def __missing__(self, key: str) -> QWidget:
        view = self.window._build_view(key)
        if view is None:
            raise KeyError(key)
        return view


def _load_theme_operations() -> None:
    """Import the theme operations in the background so the first theme action is quick. Only
    light modules: an import holds the interpreter lock, so importing the model libraries here
    (scikit-learn, scipy) would freeze the window for up to half a second. Work that needs them
    runs on the task runner, or in a child process."""
    try:
        import consult_analyser.actions.themes  # noqa: F401 - loaded for its side effect of being loaded
    except Exception:  # noqa: BLE001 - only a warm-up; the real import reports problems
        log.debug("could not pre-load the theme operations", exc_info=True)


def window_title(project: Project) -> str:
    """A project's name; an analyst's copy's file and analyst too ("coder_p.consult (coder_p’s copy of lead)")."""
    copy = identity.parse_copy_identity(project.get_meta(identity.COPY_META_KEY))
    return (f"{project.path.name} ({copy.name}’s copy of {project.name})" if copy else project.name) + " — Consult Analyser"


class MainWindow(QMainWindow):
    #: the user chose another project to open; the app opens it in a window of its own
    open_requested = Signal(Path)
    #: a project just made by File > New project: open it and import its files
    new_requested = Signal(Path)

    def __init__(self, project: Project):
        super().__init__()
        self.ctx = AppContext(project, self)
        self.layout_keeper = WindowLayout(self)  # size, place and splitters, remembered per user
        notices = self._interrupted_notices()  # before the dashboard is built: it shows them
        self.setWindowTitle(window_title(project))
        self.views: dict[str, QWidget] = _Views(self)
        self.view_keys: list[str] = []
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        brand = QLabel("Consult Analyser")
        brand.setObjectName("brand")
        who = QLabel(project.path.name)  # who is working: the identity button in the status bar
        who.setObjectName("sidebar-note")
        who.setWordWrap(True)
        side = QWidget()
        side.setObjectName("sidepanel")
        side.setFixedWidth(200)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.sidebar, 1)
        side_layout.addWidget(who)
        self.stack = QStackedWidget()
        self.stack.setContentsMargins(6, 4, 6, 0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_views()
        self._build_menus()
        self._build_status_bar()
        self.ctx.open_respondent.connect(self._show_respondent)
        self.ctx.open_answer.connect(self._show_respondent)
        self.ctx.show_answers.connect(self._show_answers)
        self.ctx.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.sidebar.setCurrentRow(0)
        view = self.layout_keeper.restore()
        if view in self.view_keys:
            self.show_view(view)
        if notices:  # (and on the Dashboard, until the runs are done again)
            self.statusBar().showMessage(" ".join(n + "." for n in notices), 30000)
        # Load the analysis modules in the background once the window has settled.
        QTimer.singleShot(4000, self, self._prewarm)  # cancelled with the window

    def _interrupted_notices(self) -> list[str]:
        """What reopening says of runs and exports a killed app left unfinished (see :mod:`consult_analyser.store.runs`):
        an export's part-written files are removed now and said once (kept on ``ctx.opening_notices`` for the
        Dashboard); a theme or sector run is said until it is run again."""
        from consult_analyser.export.files import clear_interrupted_exports
        from consult_analyser.store import runs

        try:
            self.ctx.opening_notices = clear_interrupted_exports(self.ctx.project)
            return self.ctx.opening_notices + runs.notices(self.ctx.project)
        except Exception as exc:  # noqa: BLE001 - a notice is never worth a failed start
            log.warning("could not read the record of unfinished runs: %s", exc, exc_info=True)
            return []

    def focus_work(self) -> None:
        """The keyboard back on the current answer in the Reader (after undo/redo and when the window
        comes to the front: a trial's number keys did nothing until they clicked into the answer)."""
        view = self.current_view()
        if view is not None and hasattr(view, "take_keyboard"):
            view.take_keyboard()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            QTimer.singleShot(0, self, self.focus_work)

    def bring_to_front(self, message: str = "") -> None:
        """Show this window above the others (restored if minimised), with ``message`` in its status bar."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if message:
            self.statusBar().showMessage(message, 10000)

    def _prewarm(self) -> None:
        if self.ctx.project_open:
            self.ctx.tasks.fetch(_load_theme_operations, on_done=lambda _result: None)

    # ------------------------------------------------------------------ views
    def _build_views(self) -> None:
        """Sidebar entries and placeholders for every installed view (built when first shown)."""
        for key, title, _view_class in VIEWS:
            self.view_keys.append(key)
            self.stack.addWidget(QWidget())
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(160, 40))
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._row_changed)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.view_keys):
            self.views[self.view_keys[row]]  # builds it the first time
            self.stack.setCurrentIndex(row)

    def _build_view(self, key: str) -> QWidget | None:
        spec = next((v for v in VIEWS if v[0] == key), None)
        if spec is None or key not in self.view_keys:
            return None
        view = spec[2](self.ctx)  # type: ignore[arg-type]  # every view class takes the app context
        for table in view.findChildren(QAbstractItemView):  # Tab leaves a table (arrows move within it)
            table.setTabKeyNavigation(False)
        # a window smaller than the view needs (200% text on a laptop screen) scrolls, rather than cutting
        # off the view's buttons and panels
        holder = QScrollArea()
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder.setWidget(view)
        index = self.view_keys.index(key)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, holder)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        dict.__setitem__(self.views, key, view)
        self.layout_keeper.restore_splitters(view)
        return view

    #: False for a headless screenshot, drawn at the size asked whatever the (800 x 800 offscreen) screen
    fit_to_screen = True

    def current_view(self) -> QWidget | None:
        """The view on screen (each sits in a scroll area of the stack)."""
        index = self.stack.currentIndex()
        return dict.get(self.views, self.view_keys[index]) if 0 <= index < len(self.view_keys) else None

    def show_view(self, key: str) -> QWidget | None:
        if key not in self.view_keys:
            return None
        view = self.views[key]
        self.sidebar.setCurrentRow(self.view_keys.index(key))
        return view

    def _show_respondent(self, respondent_id: str, response_id: str | None = None) -> None:
        view = self.show_view("reader")
        if view is not None and hasattr(view, "show_respondent"):
            view.show_respondent(respondent_id, response_id)

    def _show_answers(self, answer_filter) -> None:  # type: ignore[no-untyped-def]
        view = self.show_view("responses")
        if view is not None and hasattr(view, "show_filter"):
            view.show_filter(answer_filter)

    # ------------------------------------------------------------------ menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New project…", QKeySequence.StandardKey.New, self.new_project_dialog)
        self._action(file_menu, "&Open project…", QKeySequence.StandardKey.Open, self.open_project_dialog)
        self._action(file_menu, "&Import files…", "Ctrl+I", self.import_dialog)
        self._action(file_menu, "&Export annex…", "Ctrl+E", lambda _checked=False: self.export_dialog("annex"))
        export_menu = file_menu.addMenu("Export &as")
        from consult_analyser.export.files import KINDS

        # a letter of each one's own (Alt+F, A, then E, W, C or R); KINDS' text stays as it is (export titles)
        for (kind, *_rest), text in zip(KINDS, with_mnemonics([k[1] for k in KINDS], taken=""), strict=True):
            self._action(export_menu, text, None, lambda _checked=False, k=kind: self.export_dialog(k))
        self._action(file_menu, "Publication &details…", None, self.release_dialog)
        file_menu.addSeparator()
        # Quit closes every project window (each saves and asks as on closing); Close (Ctrl+W) closes this one
        self._action(file_menu, "&Close window", "Ctrl+W", self.close)
        self._action(file_menu, "&Quit", "Ctrl+Q", lambda _checked=False: QApplication.closeAllWindows())
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (undo, redo):  # (after the stack's own handler: the Reader's cards are redrawn by then)
            action.triggered.connect(lambda _checked=False: QTimer.singleShot(0, self, self.focus_work))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Find…", QKeySequence.StandardKey.Find, self.find_in_view)
        view_menu = self.menuBar().addMenu("&View")
        titles = {key: title for key, title, _c in VIEWS}
        for number, key in enumerate(self.view_keys, start=1):
            # triggered(bool) passes Qt's `checked` flag first: it must not land in `k`
            self._action(view_menu, titles[key], f"Ctrl+{number}", lambda _checked=False, k=key: self.show_view(k))
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", "F1", self.show_shortcuts)
        self._action(help_menu, "&About Consult Analyser", None, self.show_about)

    def find_in_view(self) -> None:
        """Ctrl+F: the search box of the view on screen if it has one (Sector review's finds respondents; a second
        Ctrl+F of the view's own made the key ambiguous and Qt ran neither), else the Responses view's."""
        view = self.current_view()
        view = view if hasattr(view, "focus_search") else self.show_view("responses")
        if view is not None and hasattr(view, "focus_search"):
            view.focus_search()

    def _action(self, menu, text, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_HTML.replace("VIEW_COUNT", str(len(self.view_keys))))

    def show_about(self) -> None:
        """The version, where this project and the app's own files are, and what leaves the machine (nothing)."""
        from consult_analyser import __version__
        from consult_analyser.paths import error_log_path, user_data_dir

        QMessageBox.about(self, "About Consult Analyser", (
            f"<b>Consult Analyser {html.escape(__version__)}</b><br>Analyses consultation responses on this "
            "computer; nothing is sent anywhere and no network connection is opened.<br><br>"
            f"This project: {html.escape(str(self.ctx.project.path))}<br>"
            f"Settings, caches and logs: {html.escape(str(user_data_dir()))}<br>"
            f"Errors are written to: {html.escape(str(error_log_path()))}<br><br>"
            "Every action is also a command: <tt>consult-analyser --help</tt>. The README beside the program "
            "explains each view, the methods and what they were measured on."))

    def new_project_dialog(self) -> None:
        path = ask_new_project(self, self.ctx.project.path.parent)
        if path is not None:
            self.new_requested.emit(path)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(self.ctx.project.path.parent),
                                              "Consult Analyser projects (*.consult)")
        if path:
            self.open_requested.emit(Path(path))

    def import_dialog(self) -> None:
        from consult_analyser.ui.import_wizard import ImportWizard

        ImportWizard(self.ctx, self).exec()

    def release_dialog(self) -> None:
        from consult_analyser.ui.widgets.release_dialog import ReleaseDialog

        ReleaseDialog(self.ctx, self).exec()

    def export_start_path(self, suffix: str) -> Path:
        """Where an export's save dialog starts: beside the project, named after it."""
        project = self.ctx.project.path
        return project.parent / (project.stem + suffix) if suffix else project.parent

    def export_dialog(self, kind: str = "annex") -> None:
        """Ask where to write an export (the dialog opens beside the project), then write it."""
        from consult_analyser.export.files import KINDS

        _kind, text, file_filter, suffix = next(k for k in KINDS if k[0] == kind)
        what = text.rstrip("…").split(" (")[0]
        first = what.split(" ")[0]
        proper = first in {"Excel", "Word", "OpenDocument"} or first[:2] == first[:2].upper()  # "Excel annex", "CSV"
        title = "Export " + (what if proper else what[:1].lower() + what[1:])
        if not suffix:
            path = QFileDialog.getExistingDirectory(self, title + ": choose a folder", str(self.export_start_path("")))
        else:
            path, _ = QFileDialog.getSaveFileName(self, title, str(self.export_start_path(suffix)), file_filter)
        if not path:
            return
        small_counts = None
        if kind == "annex":
            from consult_analyser.export.summaries import DEFAULT_SMALL_COUNTS

            small_counts, ok = QInputDialog.getInt(
                self, title, "Suppress counts below (0: no suppression; the Cover states the rule):",
                DEFAULT_SMALL_COUNTS, 0, 1000)
            if not ok:
                return
        self.export(kind, Path(path), small_counts=small_counts)

    def export_annex(self, path: Path):  # type: ignore[no-untyped-def]
        """Write the Excel annex on a worker (its own connection); returns the task."""
        return self.export("annex", path)

    def export(self, kind: str, path: Path, *, small_counts: int | None = None):  # type: ignore[no-untyped-def]
        """Write an export on a worker with its own connection, through the same core function as the
        command line (:mod:`consult_analyser.export.files`); returns the task."""
        base = self.ctx.project
        names = {"annex": "the annex", "report": "the Word report", "csv_tables": "the CSV tables",
                 "qdpx": "the REFI-QDA project"}

        def work(progress):  # type: ignore[no-untyped-def]
            from consult_analyser.export import files

            project = base.reopen()
            try:
                if kind == "csv_tables":
                    return files.export_csv_tables(project, path, progress=progress)
                target = path if path.suffix else path.with_suffix(next(k[3] for k in files.KINDS if k[0] == kind))
                return files.export_file(project, target, files.ExportOptions(small_counts=small_counts, front="app"),
                                         progress=progress)
            finally:
                project.close()

        def failed(message: str) -> None:
            QMessageBox.warning(self, "Export failed", message)

        def done(message) -> None:  # type: ignore[no-untyped-def]
            text = str(message).split("\n")[0]  # "report written to X: ...", as the command line says it
            self.ctx.status.emit(text[:1].upper() + text[1:])
            self.export_written(message, path if path.is_dir() else path.parent)  # (its ``review`` kept)

        return self.ctx.tasks.start(f"Exporting {names.get(kind, kind)}", work, writes=False, on_error=failed,
                                    on_done=done)

    def export_written(self, message: str, folder: Path) -> QMessageBox:
        """Say what was written and where, until the user closes it (the status bar's line went after
        six seconds), with a button that opens the folder in the file manager."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        # what was written first; each warning under it as a paragraph of its own, and the box a warning's
        lines = message.split("\n")
        warned = [line.removeprefix("warning: ") for line in lines[1:] if line.startswith("warning:")]
        text = "\n\n".join([lines[0][:1].upper() + lines[0][1:]]
                           + [line for line in lines[1:] if not line.startswith("warning:")]
                           + ["Warning: " + w for w in warned])
        box = QMessageBox(QMessageBox.Icon.Warning if warned else QMessageBox.Icon.Information,
                          "Export written" + (", with warnings" if warned else ""), text, parent=self)
        opener = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        review = list(getattr(message, "review", ()))  # respondents its warnings ask to look at
        if review:
            from consult_analyser.export.files import SECTOR_REVIEW_BUTTON

            reviewer = box.addButton(SECTOR_REVIEW_BUTTON, QMessageBox.ButtonRole.ActionRole)
            reviewer.clicked.connect(lambda: self.review_sectors_of(review))
        box.addButton(QMessageBox.StandardButton.Close)
        def open_folder() -> None:  # with no file manager to hand it to, say where the folder is
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
                QMessageBox.information(self, "Open folder", f"No file manager could be started here. The files "
                                        f"are in:\n{folder}")

        opener.clicked.connect(open_folder)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not modal to the app's work: analysts carry on
        self.last_export_message = box
        return box

    def review_sectors_of(self, external_ids: list[str]) -> None:
        """Sector review listing the respondents an export's warning names (ids as imported)."""
        view = self.show_view("sectors")
        if view is not None and hasattr(view, "show_respondents"):
            view.show_respondents(external_ids)

    # ------------------------------------------------------------- status bar
    def _build_status_bar(self) -> None:
        self.task_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFixedWidth(220)
        self.cancel_button = QPushButton("Cancel")
        for widget in (self.task_label, self.progress, self.cancel_button):
            widget.hide()
            self.statusBar().addPermanentWidget(widget)
        self.cancel_button.clicked.connect(self.ctx.tasks.cancel_all)
        self.statusBar().addPermanentWidget(IdentityButton(self.ctx))
        self.ctx.tasks.started.connect(self._task_started)
        self.ctx.tasks.ended.connect(self._task_ended)

    def _task_started(self, task) -> None:  # type: ignore[no-untyped-def]
        self.task_label.setText(task.title)
        self.progress.setValue(0)
        def show(fraction: float, message: str) -> None:
            self.progress.setValue(int(fraction * 1000))
            self.task_label.setText(f"{task.title}: {message}" if message else task.title)

        task.signals.progress.connect(show)
        for widget in (self.task_label, self.progress, self.cancel_button):
            widget.show()

    def _task_ended(self, task) -> None:  # type: ignore[no-untyped-def]
        if not self.ctx.tasks.active:
            for widget in (self.task_label, self.progress, self.cancel_button):
                widget.hide()
        if task.error:
            self.statusBar().showMessage(f"{task.title} failed: {task.error}", 10000)
        elif task.cancel_requested:
            self.statusBar().showMessage(f"{task.title} cancelled; nothing was changed", 8000)
        if task.writes:
            self.refresh_views(Changes({"*"}))

    def refresh_views(self, changes: Changes) -> None:
        """Tell every view about ``changes`` the way ``ctx.notify`` does, but the view on screen
        first and the others one per event-loop turn: after a long task everything may have
        changed, and refreshing all views at once would stall the window for the sum of them."""
        current = self.current_view()
        views = sorted(dict.values(self.views), key=lambda view: view is not current)

        def next_view(remaining: list[QWidget]) -> None:
            if remaining and self.ctx.project_open:
                if hasattr(remaining[0], "on_changed"):
                    remaining[0].on_changed(changes)
                QTimer.singleShot(1, self, lambda: next_view(remaining[1:]))

        next_view(views)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.layout_keeper.save()
        for view in self.views.values():  # save text still being typed (memos, descriptions)
            for name in ("save_memo", "save_description"):
                if hasattr(view, name):
                    getattr(view, name)()
        self.ctx.tasks.cancel_all()
        self.ctx.tasks.wait(10000)
        self.ctx.project.close()
        super().closeEvent(event)


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one project file (however written: relative, through a link)."""
    try:
        return one.resolve() == other.resolve() or (one.exists() and other.exists() and one.samefile(other))
    except OSError:
        return False


def window_for(path: Path) -> MainWindow | None:
    """This process's window on the project at ``path``, if one is open: one process never holds two windows
    on one project (each showed what the other did not, and a number key undid the other's coding)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.ctx.project_open and not widget.ctx.drawn_only \
                and same_file(Path(widget.ctx.project.path), Path(path)):
            return widget
    return None


def ask_new_project(parent: QWidget | None, folder: Path | None = None) -> Path | None:
    """Ask where to make a new (empty) project and make it; its path, or None if the user cancelled
    or it could not be made (said in a message)."""
    start = str((folder or start_folder()) / "consultation.consult")
    path, _ = QFileDialog.getSaveFileName(parent, "New project", start, "Consult Analyser projects (*.consult)")
    if not path:
        return None
    remember_folder(path)
    if not path.endswith(".consult"):
        path += ".consult"
    try:
        Project.create(path).close()
    except ProjectError as exc:
        QMessageBox.warning(parent, "New project", str(exc))
        return None
    return Path(path)
