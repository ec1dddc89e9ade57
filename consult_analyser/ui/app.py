"""Starting the desktop app: style, the welcome screen, opening projects, headless screenshots."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from consult_analyser import __version__
from consult_analyser.errors import ProjectError, ProjectLocked
from consult_analyser.paths import log_unexpected, user_data_dir
from consult_analyser.store.project import Project
from consult_analyser.ui import SCREENSHOT_SIZE, desktop_check, parse_size
from consult_analyser.ui.widgets.folders import remember_folder, start_folder

_WINDOWS: list = []  # keep open windows alive


def sample_project_path() -> Path:
    return user_data_dir() / "sample.consult"


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("ConsultAnalyser")
    app.setApplicationName("Consult Analyser")
    app.setApplicationVersion(__version__)
    if not app.property("consult_styled"):
        app.setProperty("consult_styled", True)
        apply_style(app)  # type: ignore[arg-type]
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # follow the system when it switches light/dark
            hints.colorSchemeChanged.connect(lambda _scheme: apply_style(app))  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


QT_LOG_BYTES = 1_000_000  # Qt's log is kept to about this size: the one before it is kept as qt.log.1


def send_qt_messages_to_log() -> None:
    """Qt's own messages go to ``qt.log`` beside the error log, not the terminal (trial 46: every screenshot and
    start under Xvfb printed "This plugin does not support propagateSizeHints()", harmless but read as an error).
    Its critical and fatal messages, real errors, are also said on stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from consult_analyser.paths import error_log_path

    try:
        log = error_log_path().with_name("qt.log")
        if log.exists() and log.stat().st_size > QT_LOG_BYTES:
            log.replace(log.with_name("qt.log.1"))
    except OSError:
        return  # no writable log folder: Qt keeps its own way of saying things
    names = {QtMsgType.QtDebugMsg: "debug", QtMsgType.QtInfoMsg: "info", QtMsgType.QtWarningMsg: "warning",
             QtMsgType.QtCriticalMsg: "error", QtMsgType.QtFatalMsg: "fatal error"}

    def handle(kind, _context, message: str) -> None:  # type: ignore[no-untyped-def]
        import datetime

        name = names.get(kind, "warning")
        try:
            with log.open("a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(f"{datetime.datetime.now().isoformat(timespec='seconds')} Qt {name}: {message}\n")
        except OSError:
            pass
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(f"Qt {name}: {message}", file=sys.stderr)

    qInstallMessageHandler(handle)


def is_dark() -> bool:
    """Dark when the system says so (``CONSULT_THEME=dark`` or ``light`` overrides)."""
    forced = os.environ.get("CONSULT_THEME", "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def apply_style(app: QApplication) -> None:
    """Fusion with a calm palette, light or dark following the system; readable default font."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
        font = QFont(app.font())
        font.setPointSizeF(max(10.0, font.pointSizeF()))
        app.setFont(font)
    palette = QPalette()
    if is_dark():
        colours = {"Window": "#1f2329", "WindowText": "#e6e6e6", "Base": "#16191d", "AlternateBase": "#1c2025",
                   "Text": "#e6e6e6", "Button": "#2a2f36", "ButtonText": "#e6e6e6", "Highlight": "#3d7bd9",
                   "HighlightedText": "#ffffff", "ToolTipBase": "#2a2f36", "ToolTipText": "#e6e6e6",
                   "PlaceholderText": "#8a9099"}
        sidebar, sidebar_text, accent, focus_on_accent = "#15181c", "#c9ced6", "#3d7bd9", "#d6e6ff"
        badge, card_border, sidebar_muted = "#2f3742", "#2c323a", "#7d8590"
    else:
        colours = {"Window": "#f5f6f8", "WindowText": "#1d2430", "Base": "#ffffff", "AlternateBase": "#f7f9fb",
                   "Text": "#1d2430", "Button": "#eef0f3", "ButtonText": "#1d2430", "Highlight": "#2f6fd0",
                   "HighlightedText": "#ffffff", "ToolTipBase": "#ffffff", "ToolTipText": "#1d2430",
                   "PlaceholderText": "#5f6877"}  # 5.2:1 on the window, 5.6:1 on white (WCAG AA)
        sidebar, sidebar_text, accent, focus_on_accent = "#1f2a3a", "#d8dee8", "#2f6fd0", "#0b2550"
        badge, card_border, sidebar_muted = "#e6ecf5", "#dde2ea", "#8d9bb0"
    for role, colour in colours.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role in ("ButtonText", "Text", "WindowText"):  # a disabled button or field looks it (one colour for all
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role),  # groups hid it)
                         QColor(colours["PlaceholderText"]))
    app.setPalette(palette)
    app.setStyleSheet(f"""
        QListWidget#sidebar {{ background: {sidebar}; color: {sidebar_text}; border: none; padding-top: 8px;
                               font-size: 11pt; }}
        QListWidget#sidebar::item {{ padding: 8px 14px; border-radius: 6px; margin: 2px 8px; }}
        QListWidget#sidebar::item:selected {{ background: {accent}; color: white; }}
        QWidget#sidepanel {{ background: {sidebar}; }}
        QLabel#brand {{ color: white; font-size: 12pt; font-weight: 700; padding: 16px 18px 8px 18px; }}
        QLabel#sidebar-note {{ color: {sidebar_muted}; font-size: 9pt; padding: 10px 18px 14px 18px; }}
        QTableView, QTreeView, QListView {{ gridline-color: transparent; selection-background-color: {accent}; }}
        QAbstractItemView:focus, QScrollArea:focus, QTextEdit:focus, QTextBrowser:focus {{ border: 2px solid {accent}; }}
        QPushButton:focus, QComboBox:focus, QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus,
        QDoubleSpinBox:focus {{ border: 2px solid {accent}; border-radius: 4px; }}
        QCheckBox:focus, QRadioButton:focus {{ outline: 2px solid {accent}; }}
        QTreeView::item {{ padding: 4px 2px; }}
        QHeaderView::section {{ padding: 4px 6px; font-weight: 600; border: none;
                                border-bottom: 1px solid palette(mid); background: palette(window); }}
        QLineEdit, QComboBox {{ padding: 4px 6px; }}
        QPushButton {{ padding: 5px 12px; }}
        QPushButton[role="primary"] {{ background: {accent}; color: white; border: 1px solid {accent};
                                       border-radius: 4px; font-weight: 600; }}
        QPushButton[role="primary"]:focus {{ border: 2px solid {focus_on_accent}; }}
        QPushButton[role="primary"]:disabled {{ background: palette(button); color: palette(placeholder-text);
                                                border-color: palette(mid); }}
        QPushButton[role="choice"] {{ text-align: left; padding: 6px 10px; }}
        QLabel[role="heading"] {{ font-size: 16pt; font-weight: 600; }}
        QLabel[role="section"] {{ font-size: 9pt; font-weight: 700; color: palette(placeholder-text);
                                  padding-top: 6px; }}
        QLabel[role="big"] {{ font-size: 14pt; font-weight: 600; }}
        QLabel[role="number"] {{ font-size: 26pt; font-weight: 600; color: {accent}; }}
        QLabel[role="muted"] {{ color: palette(placeholder-text); }}
        QLabel[role="small"] {{ font-size: 9pt; }}
        QLabel[role="question"] {{ font-size: 10.5pt; }}
        QLabel[role="quote"] {{ font-style: italic; padding: 6px 0; }}
        QLabel[role="notice"] {{ background: {badge}; border-left: 3px solid #c98a00; padding: 6px 10px; }}
        QLabel[role="badge"] {{ background: {badge}; border-radius: 9px; padding: 2px 9px; font-weight: 600; }}
        QFrame[role="card"] {{ background: palette(base); border: 1px solid {card_border}; border-radius: 8px; }}
        QFrame[role="card"][current="true"] {{ border: 2px solid {accent}; }}
        QFrame[role="card"] QLabel, QFrame[role="quote-card"] QLabel {{ background: transparent; border: none; }}
        QFrame[role="quote-card"] {{ background: palette(base); border: none; border-left: 3px solid {accent};
                                     border-radius: 0; }}
        QTextEdit {{ background: transparent; }}
        QTabWidget::pane {{ border: 1px solid {card_border}; border-radius: 6px; top: -1px; }}
        QTabBar::tab {{ padding: 6px 14px; }}
        QStatusBar QLabel {{ padding: 0 6px; }}
    """)



class WelcomeDialog(QDialog):
    """Open the sample, a recent project, or another project file."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Consult Analyser")
        self.chosen: Path | None = None
        self.import_after_open = False
        heading = QLabel("Consult Analyser")
        heading.setProperty("role", "heading")
        blurb = QLabel("Analyse consultation responses on this computer: who responded, what they said, "
                       "themes, coding and publishable annexes. Nothing leaves the machine.")
        blurb.setWordWrap(True)
        blurb.setProperty("role", "muted")
        self.recent = QListWidget()
        for path in recent_projects():
            self.recent.addItem(str(path))
        if self.recent.count() == 0:
            self.recent.addItem("No recent projects yet: open the sample to look around, or start a new project.")
            self.recent.setEnabled(False)
        sample = QPushButton("Open the sample consultation")
        sample.setProperty("role", "primary")
        sample.clicked.connect(lambda: self._choose(sample_project_path()))
        other = QPushButton("Open a project…")
        other.clicked.connect(self._browse)
        new = QPushButton("&New project from files…")
        new.clicked.connect(self._new)
        new.setToolTip("Ctrl+N, as in the main window")
        QShortcut(QKeySequence.StandardKey.New, self, self._new)  # Ctrl+N did nothing here
        buttons = QHBoxLayout()
        for button in (sample, new, other):
            button.setAutoDefault(False)  # Enter on a recent project opens it, never the sample
            buttons.addWidget(button)
        self.recent.itemActivated.connect(lambda item: self._choose(Path(item.text())))
        if self.recent.isEnabled():
            self.recent.setCurrentRow(0)
            self.recent.setFocus()
        caption = QLabel("Recent projects")
        caption.setProperty("role", "section")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(blurb)
        layout.addLayout(buttons)
        layout.addWidget(caption)
        layout.addWidget(self.recent)
        self.resize(680, 440)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        """The keyboard starts in the recent list (arrows, then Enter opens one); set before the
        window was shown, the focus did not always stay there."""
        super().showEvent(event)
        if self.recent.isEnabled():
            QTimer.singleShot(0, self.recent.setFocus)

    def _choose(self, path: Path) -> None:
        self.chosen = path
        self.accept()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(start_folder()),
                                              "Consult Analyser projects (*.consult)")
        if path:
            remember_folder(path)
            self._choose(Path(path))

    def _new(self) -> None:
        from consult_analyser.ui.main_window import ask_new_project

        path = ask_new_project(self)
        if path is not None:
            self.import_after_open = True
            self._choose(path)


def recent_projects() -> list[Path]:
    stored = QSettings().value("recent", []) or []
    values: list[str] = [stored] if isinstance(stored, str) else list(stored)  # type: ignore[call-overload]
    return [Path(v) for v in values if Path(v).exists()][:10]


def remember(path: Path) -> None:
    values = [str(path.resolve())] + [str(p) for p in recent_projects() if p.resolve() != path.resolve()]
    QSettings().setValue("recent", values[:10])


def ensure_sample_project(path: Path) -> bool:
    """Build the sample project (import only) if it is missing. Returns True when it still needs its
    analysis: just built, or built before and never analysed (the app was closed during the analysis)."""
    if path.exists():
        try:
            with Project.open(path, readonly=True) as project:
                return not project.scalar("SELECT COUNT(*) FROM themes")
        except ProjectError:
            return False  # opening it says what is wrong
    from consult_analyser.demo import build_sample_project

    build_sample_project(path, analyse=False)
    return True


def open_window(path: Path, *, analyse_sample: bool = False, import_files: bool = False):  # type: ignore[no-untyped-def]
    """A window on the project at ``path``: this process's own if it has one open (brought to the front and
    said in its status bar; never a second window on one project), else a new one. None when it cannot
    be opened (said in a message)."""
    from consult_analyser.ui.main_window import MainWindow, window_for

    _WINDOWS[:] = [w for w in _WINDOWS if w.ctx.project_open]  # (closed windows let go)
    already = window_for(path)
    if already is not None:
        already.bring_to_front(f"{Path(path).name} is already open in this window")
        if import_files:
            QTimer.singleShot(0, already.import_dialog)
        return already
    from consult_analyser.team.owner import start_session
    from consult_analyser.ui.views.team_view import ask_about_copy

    choice = ask_about_copy(Path(path))  # another analyst's copy: continue as them, or read-only (asked once)
    if choice is None:
        return None
    try:
        project = Project.open(path, readonly=choice == "read")
        start_session(project, "app")  # (someone else who chose to work as the copy's analyst: in its journal)
    except ProjectLocked as exc:
        QMessageBox.warning(None, "Project in use", f"{exc}\n\nTo look without changing anything meanwhile, "
                            "use the command line (`consult-analyser info`, `search`, `themes --list`, `export`), "
                            "which reads the project without the write lock.")
        return None
    except ProjectError as exc:
        QMessageBox.critical(None, "Cannot open project", str(exc))
        return None
    window = MainWindow(project)
    window.open_requested.connect(lambda other: open_window(other))
    window.new_requested.connect(lambda other: open_window(other, import_files=True))
    _WINDOWS.append(window)
    remember(path)
    window.show()
    if choice == "read":
        window.statusBar().showMessage(f"{Path(path).name} is open read-only: it is {project.identity.name}'s copy")
    if analyse_sample:
        QTimer.singleShot(300, lambda: run_analysis(window))
    if import_files:  # a new project: its dashboard, not the view last used on another one
        window.show_view("dashboard")
        QTimer.singleShot(0, window.import_dialog)
    return window


def run_analysis(window) -> None:  # type: ignore[no-untyped-def]
    """Run the sample's analysis steps (sectors, themes, suggestions) as one background task."""
    from consult_analyser import demo

    path = window.ctx.project.path

    def work(progress):  # type: ignore[no-untyped-def]
        project = Project.open(path)
        try:
            demo.run_analysis(project, progress)
        finally:
            project.close()

    window.ctx.tasks.start("Analysing the sample consultation", work)


def screenshot(path: Path, project_path: Path, view: str, size: tuple[int, int] | None = None,
               files: list[Path] | None = None, respondent: str | None = None) -> int:
    """Render one view of a project to a PNG (works with QT_QPA_PLATFORM=offscreen) with the window
    ``size`` pixels (default :data:`SCREENSHOT_SIZE`). Besides the sidebar's views, ``welcome``
    renders the start dialog, ``import`` the import wizard's column check on ``files`` (default:
    the bundled sample survey and e-mails) and ``import-check`` the wizard's next page, the files read in
    full before importing. ``respondent`` (the id as imported): the Reader shows
    that respondent, not the one with most coded passages."""
    from consult_analyser.store import letter_names
    from consult_analyser.store import responses as store_responses
    from consult_analyser.ui.main_window import MainWindow

    app = make_app()
    if view == "welcome":
        dialog = WelcomeDialog()
        if size is not None:
            dialog.resize(*size)
        dialog.show()
        _settle(app)
        dialog.grab().save(str(path))
        return 0
    # a screenshot only reads: read-only, it needs no writer's lock (the app may have the project open)
    project = Project.open(project_path, readonly=True)
    person = None
    if respondent is not None:  # its id as imported, or a letter's file name ("mail.mbox#6") as search shows it
        named = letter_names.respondents_named(project, respondent)
        person = store_responses.respondent(project, named[0]) if len(named) == 1 else None
    if respondent is not None and person is None:
        print(f"error: no respondent {respondent!r} in {project_path.name}: give the id as imported, as "
              f"'consult-analyser search' and the Reader show it, or a letter's file name" + _an_id_such_as(project),
              file=sys.stderr)
        project.close()
        return 2
    window = MainWindow(project)
    window.ctx.drawn_only = True
    window.fit_to_screen = False  # the size asked, not the offscreen platform's 800 x 800 screen
    window.setGeometry(0, 0, *(size or SCREENSHOT_SIZE))  # a fixed size, whatever a real launch remembered
    if view in ("import", "import-check"):
        missing = [str(f) for f in files or [] if not Path(f).exists()]
        if missing:
            print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
            return 2
        return _wizard_screenshot(app, window, path, files, size, check=view == "import-check")
    target = window.show_view(view)
    if target is None:
        print(f"error: no view named {view!r} (views: {', '.join(window.view_keys)}, welcome, import, import-check)",
              file=sys.stderr)
        return 2
    window.show()
    _settle(app)
    window.ctx.tasks.wait(60000)
    _settle(app)
    if person is not None and hasattr(target, "show_respondent"):
        target.show_respondent(person.id)  # the one asked, not the showcase
        _settle(app)
    elif hasattr(target, "prepare_screenshot"):
        target.prepare_screenshot()
        _settle(app)
    window.grab().save(str(path))
    window.close()
    return 0


def _an_id_such_as(project: Project) -> str:
    """ " (such as 'R-0001')": the first respondent's id as imported, for a message asking for one."""
    first = project.scalar("SELECT external_id FROM respondents ORDER BY seq LIMIT 1")
    return f" (such as {first!r})" if first else " (this project has no respondents yet)"


def _settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def _wizard_screenshot(app: QApplication, window, path: Path,  # type: ignore[no-untyped-def]
                       files: list[Path] | None = None, size: tuple[int, int] | None = None, *,
                       check: bool = False) -> int:
    """The import wizard's column check on ``files``; with ``check``, the page after it: every file read in
    full (the dry run's counts, notes and bad rows) before anything is written."""
    import time

    from consult_analyser.paths import sample_dir
    from consult_analyser.ui.import_wizard import ImportWizard

    paths: list[str | Path] = [Path(f) for f in files] if files else [sample_dir() / "online_survey.csv", sample_dir() / "emails"]
    wizard = ImportWizard(window.ctx, None, paths=paths)
    if size is not None:
        wizard.resize(*size)
    wizard.show()
    wizard.next()
    deadline = time.monotonic() + 120
    while not wizard.columns.read_done and time.monotonic() < deadline:  # (a refused file ends it too)
        app.processEvents()
        time.sleep(0.02)
    _settle(app)
    if check and wizard.columns.isComplete():
        wizard.next()
        while wizard.check.result is None and not wizard.check.failed and time.monotonic() < deadline + 480:
            app.processEvents()
            time.sleep(0.02)
        _settle(app)
    wizard.grab().save(str(path))
    wizard.close()
    window.close()
    return 0


def _open_project_path() -> Path | None:
    """The project file of the app's main window, if one is open (for what an error says of it)."""
    for widget in QApplication.topLevelWidgets():
        ctx = getattr(widget, "ctx", None)
        project = getattr(ctx, "project", None) if ctx is not None else None
        if project is not None and getattr(project, "path", None) is not None:
            return Path(project.path)
    return None


def install_error_guard(*, unattended: bool = False) -> None:
    """An error no action caught becomes one paragraph in a message box (what failed, that the
    project is unchanged, where the log is) instead of a traceback on the console; ``unattended`` (a
    screenshot: no one is there to close a message box), printed, and the app stops."""

    from consult_analyser.paths import quiet_unraisable

    quiet_unraisable()  # and the ones Python cannot raise go to the log too

    def hook(kind, exc, trace) -> None:  # type: ignore[no-untyped-def]
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, trace)
            return
        from consult_analyser.store.project import database_problem

        if isinstance(exc, ProjectError):
            message = str(exc)
        else:
            exc.__traceback__ = trace
            focus = QApplication.activeWindow()
            step = f"working in {focus.windowTitle()!r}" if focus is not None and focus.windowTitle() else "working"
            message = log_unexpected(exc, step=step)
            # a damaged project file, a full disk: said as such (see database_problem)
            message = database_problem(exc, _open_project_path()) or message
        if unattended:
            # drawn off screen (a screenshot, a test): no one can close a message box, so say it and stop (a re-test's
            # screenshot of a damaged project waited for one until it was killed, its lock left behind)
            print(f"error: {message}", file=sys.stderr)
            QApplication.exit(1)
            return
        parent = QApplication.activeWindow()
        QMessageBox.warning(parent, "Something went wrong", message)

    sys.excepthook = hook


def headless_settings() -> None:
    """For ``--screenshot``: draw off screen (no display or window system needed) and keep every
    setting the app reads or writes in a throwaway folder (see :func:`private_settings`). Call
    before the app is made."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    private_settings("consult-screenshot-")


def throwaway_folder(prefix: str) -> Path:
    """A new folder under the system's temporary one, removed with everything in it when the
    process ends (a screenshot's settings and sample used to stay in /tmp, one folder a run)."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def private_settings(prefix: str) -> None:
    """Keep every setting the app reads or writes (window size, splitters, recent projects) in a
    throwaway folder, so a screenshot, the self-test or the test suite never changes how the next
    real launch looks."""
    folder = str(throwaway_folder(prefix))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, folder)


def _screenshot_options(args: argparse.Namespace) -> str | None:
    """What is wrong with ``gui``'s screenshot options together, if anything; sets ``args.view``
    when none was named (the Reader for ``--respondent``, else Responses)."""
    respondent, size = getattr(args, "respondent", None), getattr(args, "size", None)
    if not args.screenshot and (respondent is not None or size is not None):
        return f"{'--respondent' if respondent is not None else '--size'} goes with --screenshot FILE"
    if respondent is not None and not respondent.strip():
        return "--respondent needs a respondent's id (as imported)"
    if respondent is not None and args.view not in (None, "reader"):
        return f"--respondent shows a respondent in the Reader: use it with --view reader, not --view {args.view}"
    if args.view is None:
        args.view = "reader" if respondent is not None else "responses"
    return None


def run(args: argparse.Namespace) -> int:
    if problem := _screenshot_options(args):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.screenshot:
        headless_settings()
    elif message := desktop_check.problem():  # before Qt, which would abort the process
        print(f"error: {message}", file=sys.stderr)
        return 1
    send_qt_messages_to_log()
    app = make_app()
    previous_hook = sys.excepthook
    install_error_guard(unattended=bool(args.screenshot))
    project_path = Path(args.project) if args.project else None
    analyse = False  # the sample still needs its analysis (see ensure_sample_project)
    if args.screenshot and project_path is None:  # a sample of its own: never the user's, half built
        project_path = throwaway_folder("consult-screenshot-") / "sample.consult"
        ensure_sample_project(project_path)
    elif getattr(args, "sample", False):
        project_path = sample_project_path()
        analyse = ensure_sample_project(project_path)
    if args.screenshot:
        try:
            return screenshot(Path(args.screenshot), project_path, args.view,  # type: ignore[arg-type]
                              size=getattr(args, "size", None), files=getattr(args, "files", None),
                              respondent=getattr(args, "respondent", None))
        finally:
            sys.excepthook = previous_hook  # (a screenshot taken inside another program leaves its guard as it was)
    import_after = False
    while True:
        if project_path is None:
            welcome = WelcomeDialog()
            if welcome.exec() != QDialog.DialogCode.Accepted or welcome.chosen is None:
                return 0
            project_path = welcome.chosen
            import_after = welcome.import_after_open
            if project_path == sample_project_path():
                analyse = ensure_sample_project(project_path)
        if open_window(project_path, analyse_sample=analyse, import_files=import_after) is not None:
            return app.exec()
        # refused (in use elsewhere, damaged: said in a message): back to the Welcome window, not an exit
        project_path, analyse, import_after = None, False, False


def main() -> int:
    parser = argparse.ArgumentParser(prog="consult-analyser-gui")
    parser.add_argument("project", nargs="?")
    parser.add_argument("--sample", action="store_true")
    parser.add_argument("--screenshot")
    parser.add_argument("--view", default=None)
    parser.add_argument("--respondent", default=None)
    parser.add_argument("--size", type=parse_size, default=None)
    return run(parser.parse_args())
