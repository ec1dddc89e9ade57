"""The main window: a sidebar of views, menus, undo/redo, and a status bar showing long tasks."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QProgressBar,
    QPushButton, QStackedWidget, QWidget,
)

from consult_analyser.store.project import Changes, Project
from consult_analyser.ui.context import AppContext

log = logging.getLogger(__name__)

# (key, module, class): the views in sidebar order. A view class takes (ctx) and has a `title`.
VIEWS: list[tuple[str, str, str]] = [
    ("dashboard", "consult_analyser.ui.views.dashboard_view", "DashboardView"),
    ("responses", "consult_analyser.ui.views.responses_view", "ResponsesView"),
    ("reader", "consult_analyser.ui.views.reader_view", "ReaderView"),
    ("codebook", "consult_analyser.ui.views.codebook_view", "CodebookView"),
    ("sectors", "consult_analyser.ui.views.sector_view", "SectorReviewView"),
    ("themes", "consult_analyser.ui.views.themes_view", "ThemesView"),
]


class MainWindow(QMainWindow):
    def __init__(self, project: Project):
        super().__init__()
        self.ctx = AppContext(project, self)
        self.setWindowTitle(f"{project.name} — Consult Analyser")
        self.views: dict[str, QWidget] = {}
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(170)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_views()
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._build_menus()
        self._build_status_bar()
        self.ctx.open_respondent.connect(self._show_respondent)
        self.ctx.show_answers.connect(self._show_answers)
        self.ctx.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self._restore_layout()

    # ------------------------------------------------------------------ views
    def _build_views(self) -> None:
        for key, module_name, class_name in VIEWS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    continue
                raise
            view = getattr(module, class_name)(self.ctx)
            self.views[key] = view
            self.stack.addWidget(view)
            item = QListWidgetItem(view.title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(160, 40))
            self.sidebar.addItem(item)
        self.sidebar.setCurrentRow(0)

    def show_view(self, key: str) -> QWidget | None:
        view = self.views.get(key)
        if view is not None:
            self.sidebar.setCurrentRow(list(self.views).index(key))
        return view

    def _show_respondent(self, respondent_id: str) -> None:
        view = self.show_view("reader")
        if view is not None and hasattr(view, "show_respondent"):
            view.show_respondent(respondent_id)

    def _show_answers(self, answer_filter) -> None:  # type: ignore[no-untyped-def]
        view = self.show_view("responses")
        if view is not None and hasattr(view, "show_filter"):
            view.show_filter(answer_filter)

    # ------------------------------------------------------------------ menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open project…", QKeySequence.StandardKey.Open, self.open_project_dialog)
        self._action(file_menu, "&Import files…", "Ctrl+I", self.import_dialog)
        self._action(file_menu, "&Export annex…", "Ctrl+E", self.export_dialog)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        view_menu = self.menuBar().addMenu("&View")
        for number, key in enumerate(self.views, start=1):
            self._action(view_menu, self.views[key].title, f"Ctrl+{number}", lambda k=key: self.show_view(k))

    def _action(self, menu, text, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", "Consult Analyser projects (*.consult)")
        if path:
            from consult_analyser.ui.app import open_window

            open_window(Path(path))

    def import_dialog(self) -> None:
        try:
            from consult_analyser.ui.import_wizard import ImportWizard
        except ModuleNotFoundError:
            return
        ImportWizard(self.ctx, self).exec()

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export annex", f"{self.ctx.project.name}.xlsx", "Excel (*.xlsx)")
        if not path:
            return
        from consult_analyser.export import annex_xlsx

        project = self.ctx.project
        self.ctx.tasks.start("Exporting annex", lambda progress: annex_xlsx.export_annex(project, Path(path),
                                                                                         progress=progress),
                             on_done=lambda _r: self.ctx.status.emit(f"Annex written to {path}"),
                             on_error=lambda m: QMessageBox.warning(self, "Export failed", m))

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
        self.ctx.tasks.started.connect(self._task_started)
        self.ctx.tasks.ended.connect(self._task_ended)

    def _task_started(self, task) -> None:  # type: ignore[no-untyped-def]
        self.task_label.setText(task.title)
        self.progress.setValue(0)
        task.signals.progress.connect(lambda f, m: (self.progress.setValue(int(f * 1000)),
                                                    self.task_label.setText(f"{task.title}: {m}" if m else task.title)))
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
        self.ctx.notify(Changes({"*"}))

    # ---------------------------------------------------------- window state
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        view = settings.value("main/view")
        if isinstance(view, str) and view in self.views:
            self.show_view(view)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        current = self.sidebar.currentItem()
        if current is not None:
            settings.setValue("main/view", current.data(Qt.ItemDataRole.UserRole))
        self.ctx.tasks.cancel_all()
        self.ctx.tasks.wait(10000)
        self.ctx.project.close()
        super().closeEvent(event)
