"""The codebook: a tree of codes with counts; drag to reorganise, merge, colours, descriptions.
Every change is an undoable operation of :mod:`consult_analyser.actions.coding`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.actions import coding as ops
from consult_analyser.errors import IngestError
from consult_analyser.store import browse, codebook
from consult_analyser.store.codebook import PALETTE
from consult_analyser.store.project import Changes
from consult_analyser.store.responses import ResponseFilter
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.models.codebook_model import CodebookModel
from consult_analyser.ui.widgets.ask import ask_item, ask_text
from consult_analyser.ui.widgets.charts import Bar, BarChart
from consult_analyser.ui.widgets.code_picker import colour_icon

#: what Import codebook reads (as ``codebook --import``): a table, or a REFI-QDA codebook or project's codebook
CODEBOOK_FILES = ("Codebook (*.csv *.xlsx *.qdc *.qdpx);;CSV or Excel (*.csv *.xlsx);;"
                  "REFI-QDA codebook (*.qdc *.qdpx);;All files (*)")


def create_path(ctx: AppContext, path: str) -> bool:
    """Create a code from a path such as "Funding > Youth services" (missing parents too), undoably."""
    return ctx.run(ops.ImportCodebook([{"path": path, "description": "", "colour": ""}]), f"New code {path}")


class CodebookView(QWidget):
    title = "Codebook"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = CodebookModel(ctx.project, self)
        self.model.move_requested.connect(self.move_codes)
        self.model.rename_requested.connect(self.rename)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(_RenameDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 110)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(lambda pos: self._menu().exec(self.tree.viewport().mapToGlobal(pos)))
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._show_details())

        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
            ("new", "New code", "New top-level code (Ctrl+N)", lambda: self.new_code(False)),
            ("child", "New sub-code", "New code under the selected one (Ctrl+Shift+N)", lambda: self.new_code(True)),
            ("merge", "Merge…", "Merge the selected codes into another (Ctrl+M)", self.merge_dialog),
            ("delete", "Delete", "Delete the selected codes (Del)", self.delete_selected),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        self.colour_button = QPushButton("Colour")
        self.colour_button.setMenu(self._colour_menu())
        bar.addWidget(self.colour_button)
        bar.addStretch(1)
        files: tuple[tuple[str, str, Callable[[], object]], ...] = (
            ("Import codebook…", "Add codes from a CSV or Excel file (path, description, colour) or a REFI-QDA "
             "codebook (.qdc, or the codebook of a .qdpx project)", self.import_csv),
            ("Export codebook…", "Write the codebook as a CSV file", self.export_csv),
            ("Import codings…", "Add codings from a coding sheet (respondent, question, codes; optional coder)",
             lambda: self.import_codings()),
        )
        # the file buttons on a row of their own: eight in one row set the window 1,300 pixels wide
        files_bar = QHBoxLayout()
        for text, tip, action in files:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(action)
            files_bar.addWidget(button)
        files_bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "muted")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.summary)
        left_layout.addLayout(files_bar)

        self.detail_title = QLabel()
        self.detail_title.setProperty("role", "heading")
        self.detail_title.setWordWrap(True)
        self.detail_path = QLabel()
        self.detail_path.setProperty("role", "muted")
        self.detail_path.setWordWrap(True)
        self.detail_counts = QLabel()
        self.description = QPlainTextEdit(placeholderText="What this code means, when to use it, examples…")
        self.description.setTabChangesFocus(True)  # Tab moves on, as in every other field (it typed a tab)
        self._description_timer = QTimer(self, singleShot=True, interval=900)
        self._description_timer.timeout.connect(self.save_description)
        self.description.textChanged.connect(self._description_edited)
        self._description_dirty = False  # typed since it was loaded or saved
        self.by_question = BarChart()
        self.coders = QLabel()
        self.coders.setProperty("role", "muted")
        self.coders.setWordWrap(True)
        self.show_answers = QPushButton("Show the coded answers")
        self.show_answers.clicked.connect(self._show_answers)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(12, 0, 0, 0)
        details_layout.addWidget(self.detail_title)
        details_layout.addWidget(self.detail_path)
        details_layout.addWidget(self.detail_counts)
        label = QLabel("Description")
        label.setProperty("role", "section")
        details_layout.addWidget(label)
        self.description.setMaximumHeight(140)
        details_layout.addWidget(self.description)
        label = QLabel("Answers coded, by question")
        label.setProperty("role", "section")
        details_layout.addWidget(label)
        details_layout.addWidget(self.by_question)
        details_layout.addWidget(self.coders)
        details_layout.addStretch(1)
        details_layout.addWidget(self.show_answers)
        self._details_code: str | None = None

        splitter = QSplitter()
        splitter.setObjectName("codebook")
        splitter.addWidget(left)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for keys, slot in ((("Ctrl+N",), lambda: self.new_code(False)), (("Ctrl+Shift+N",), lambda: self.new_code(True)),
                           (("Ctrl+M",), self.merge_dialog), (("Delete",), self.delete_selected),
                           (("Ctrl+Up",), lambda: self.shift(-1)), (("Ctrl+Down",), lambda: self.shift(1)),
                           (("Ctrl+Right",), self.indent), (("Ctrl+Left",), self.outdent)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self.tree)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(slot)
        self.ctx.changed.connect(self.on_changed)
        self._after_reload()

    # ------------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        rows = self.tree.selectionModel().selectedRows(0)
        ids = [self.model.data(i, CodebookModel.CodeIdRole) for i in rows]
        current = self.current_id()
        if not ids and current:
            ids = [current]
        return ids

    def current_id(self) -> str | None:
        index = self.tree.currentIndex()
        return self.model.data(index.siblingAtColumn(0), CodebookModel.CodeIdRole) if index.isValid() else None

    def select(self, code_id: str) -> None:
        index = self.model.index_of(code_id)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)

    # --------------------------------------------------------------- actions
    def new_code(self, as_child: bool, name: str | None = None) -> str | None:
        parent_id = self.current_id() if as_child else None
        if name is None:
            name, ok = ask_text(self, "New sub-code" if as_child else "New code", "Name:")
            if not ok:
                return None
        operation = ops.CreateCode(name, parent_id=parent_id)
        if self.ctx.run(operation, f"New code {name.strip()}") and operation.code is not None:
            self.select(operation.code.id)
            return operation.code.id
        return None

    def rename(self, code_id: str, name: str) -> None:
        self.ctx.run(ops.RenameCode(code_id, name), f"Rename code to {name}")

    def recolour(self, colour: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self.ctx.undo_stack.beginMacro("Recolour codes")
        for code_id in ids:
            self.ctx.run(ops.RecolourCode(code_id, colour))
        self.ctx.undo_stack.endMacro()

    def move_codes(self, ids: list[str], parent_id: str | None, position: int | None) -> None:
        if self.ctx.run(ops.MoveCodes(ids, parent_id, position), "Move codes"):
            for code_id in ids:
                self.select(code_id)

    def shift(self, delta: int) -> None:
        code_id = self.current_id()
        code = codebook.get_code(self.ctx.project, code_id) if code_id else None
        if code is None:
            return
        self.move_codes([code.id], code.parent_id, max(0, code.position + delta))

    def indent(self) -> None:
        """Make the code a sub-code of the code above it."""
        code_id = self.current_id()
        index = self.tree.currentIndex().siblingAtColumn(0)
        if code_id is None or index.row() == 0:
            return
        above = self.model.data(index.siblingAtRow(index.row() - 1), CodebookModel.CodeIdRole)
        self.move_codes([code_id], above, None)

    def outdent(self) -> None:
        code_id = self.current_id()
        code = codebook.get_code(self.ctx.project, code_id) if code_id else None
        if code is None or code.parent_id is None:
            return
        parent = codebook.get_code(self.ctx.project, code.parent_id)
        self.move_codes([code.id], parent.parent_id if parent else None, (parent.position + 1) if parent else None)

    def merge(self, source_ids: list[str], target_id: str) -> bool:
        sources = [s for s in source_ids if s != target_id]
        if not sources:
            return False
        name = self.model.nodes[target_id].code.name if target_id in self.model.nodes else "code"  # type: ignore[union-attr]
        if self.ctx.run(ops.MergeCodes(sources, target_id), f"Merge {len(sources)} code(s) into {name}"):
            self.select(target_id)
            return True
        return False

    def merge_dialog(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        paths = codebook.code_paths(self.ctx.project)
        choices = [(cid, path) for cid, path in sorted(paths.items(), key=lambda kv: kv[1].lower())]
        if len(ids) > 1:  # merging several: offer them first, any of them can be the survivor
            choices.sort(key=lambda kv: kv[0] not in ids)
        else:
            choices = [c for c in choices if c[0] not in ids]
        if not choices:
            return
        label = f"Merge {len(ids)} code(s) into:"
        chosen, ok = ask_item(self, "Merge codes", label, [p for _, p in choices])
        if ok:
            target = next(cid for cid, p in choices if p == chosen)
            self.merge(ids, target)

    def delete_selected(self, *, confirm: bool = True) -> bool:
        """Delete the selected codes; codes in use are deleted with their codings after a question."""
        ids = self.selected_ids()
        if not ids:
            return False
        used = sum(self.model.counts.get(c, 0) for c in ids)
        if used and confirm and QMessageBox.question(
                self, "Delete codes", f"The selected code(s) are applied to {used:,} answer(s). Delete them and "
                "their codings? (Edit > Undo brings them back.)") != QMessageBox.StandardButton.Yes:
            return False
        return self.ctx.run(ops.DeleteCodes(ids, force=bool(used)), f"Delete {len(ids)} code(s)")

    def import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import codebook", "", CODEBOOK_FILES)
        if not path:
            return
        try:  # the file is read here, before the operation: a damaged one is said as it is, not as a crash
            operation = ops.ImportCodebook.from_csv(path)
        except IngestError as exc:
            QMessageBox.warning(self, "Import codebook", f"Nothing was imported: {exc}")
            return
        self.ctx.run(operation, f"Import codebook from {Path(path).name}")

    def import_codings(self, path: str = "") -> bool:
        """Add codings from a coding sheet (the same operation as ``consult-analyser code --import``):
        asks whether to create the codes the codebook lacks, then says what was read. Undoable."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import codings", "",
                                                  "Coding sheet (*.csv *.xlsx);;All files (*)")
        if not path:
            return False
        create = QMessageBox.question(
            self, "Import codings", "Create the codes the codebook does not have yet? (No: a code the codebook "
            "lacks refuses the file.)") == QMessageBox.StandardButton.Yes
        op = ops.ImportCodings(path, create_codes=create)
        if not self.ctx.run(op, f"Import codings from {Path(path).name}"):
            return False
        parts = [f"{op.added:,} codings imported"] + ([f"{op.present:,} already in the project"] if op.present else [])
        if op.created_codes:
            parts.append(f"{op.created_codes:,} new codes")
        if op.repeated:
            parts.append(f"{op.repeated:,} repeated rows read once")
        if op.passages or op.unplaced:
            parts.append(f"{op.passages:,} passages coded where they are in the answer"
                         + (f", {len(op.unplaced):,} not found (the whole answer coded; lines "
                            f"{', '.join(map(str, op.unplaced[:5]))}{', ...' if len(op.unplaced) > 5 else ''})"
                            if op.unplaced else ""))
        if op.uncoded:
            parts.append(f"{op.uncoded:,} rows with no code skipped")
        if op.double_coded:
            parts.append(f"{op.double_coded:,} answers coded by two or more coders (see Team > Agreement)")
        if op.outside:
            parts.append(f"{op.outside:,} codings on answers assigned to other analysts left out (this copy holds "
                         "your share)")
        self.ctx.status.emit("; ".join(parts))
        return True

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export codebook", "codebook.csv", "CSV (*.csv)")
        if path:
            count = ops.write_codebook_csv(self.ctx.project, path)
            self.ctx.status.emit(f"{count} codes written to {path}")

    def _colour_menu(self) -> QMenu:
        menu = QMenu(self)
        for colour in PALETTE:
            action = menu.addAction(colour_icon(colour, 14), colour)
            action.triggered.connect(lambda _c=False, value=colour: self.recolour(value))
        menu.addSeparator()
        menu.addAction("Other colour…").triggered.connect(self._pick_colour)
        return menu

    def _pick_colour(self) -> None:
        from PySide6.QtWidgets import QColorDialog

        colour = QColorDialog.getColor(parent=self)
        if colour.isValid():
            self.recolour(colour.name())

    def _menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Rename (F2)", lambda: self.tree.edit(self.tree.currentIndex().siblingAtColumn(0)))
        menu.addAction("New sub-code", lambda: self.new_code(True))
        menu.addAction("Merge into…", self.merge_dialog)
        menu.addMenu(self._colour_menu()).setText("Colour")
        menu.addSeparator()
        menu.addAction("Show the coded answers", self._show_answers)
        menu.addAction("Delete", self.delete_selected)
        return menu

    # --------------------------------------------------------------- details
    def _show_details(self) -> None:
        self.save_description()
        code_id = self.current_id()
        code = self.model.nodes[code_id].code if code_id in self.model.nodes else None
        self._details_code = None
        self._description_dirty = False
        self.description.blockSignals(True)
        if code is None:
            self.detail_title.setText("No code selected")
            self.detail_path.setText("Create codes here, or turn themes into codes in the Themes view.")
            self.detail_counts.setText("")
            self.description.setPlainText("")
            self.by_question.set_bars([])
            self.coders.setText("")
        else:
            self.detail_title.setText(code.name)
            self.detail_path.setText(codebook.code_path(self.ctx.project, code.id))
            own, total = self.model.counts.get(code.id, 0), self.model.totals.get(code.id, 0)
            self.detail_counts.setText(f"Applied to <b>{own:,}</b> {'answer' if own == 1 else 'answers'}" + (
                f" ({total:,} with sub-codes)" if total != own else ""))
            self.description.setPlainText(code.description)
            self._details_code = code.id
            self.by_question.set_bars([Bar(key, n, colour=code.colour)
                                       for key, n in browse.code_question_counts(
                                           self.ctx.project, [code.id, *codebook.descendant_ids(self.ctx.project, code.id)])])
            coders = browse.code_coders(self.ctx.project, code.id)
            self.coders.setText("Coded by " + ", ".join(f"{who} ({n:,})" for who, n in coders) if coders else
                                "Not applied yet: select a passage in the Reader and press its number key.")
        self.description.setEnabled(code is not None)
        self.show_answers.setEnabled(code is not None)
        self.description.blockSignals(False)

    def _description_edited(self) -> None:
        self._description_dirty = True
        self._description_timer.start()

    def save_description(self) -> None:
        """Save an edited description (only when the analyst typed since it was loaded): when typing
        pauses, and before another code is shown."""
        if not self._description_dirty:
            return
        self._description_dirty = False
        self._description_timer.stop()
        code_id = self._details_code
        if code_id is None or code_id not in self.model.nodes:
            return
        code = self.model.nodes[code_id].code
        text = self.description.toPlainText()
        if code is not None and text.strip() != code.description.strip():
            self.ctx.run(ops.DescribeCode(code_id, text), "Describe code")

    def _show_answers(self) -> None:
        code_id = self.current_id()
        if code_id:
            self.ctx.show_answers.emit(ResponseFilter(code_id=code_id))

    # --------------------------------------------------------------- refresh
    def on_changed(self, changes: Changes) -> None:
        if changes.tables & {"codes", "codings", "*"}:
            current = self.current_id()
            selected = self.selected_ids()
            self.model.refresh()
            self._after_reload()
            for code_id in selected:
                index = self.model.index_of(code_id)
                if index.isValid():
                    self.tree.selectionModel().select(
                        index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
            if current and current in self.model.nodes:
                self.tree.selectionModel().setCurrentIndex(self.model.index_of(current),
                                                           QItemSelectionModel.SelectionFlag.NoUpdate)
            self._show_details()

    def _after_reload(self) -> None:
        self.tree.expandAll()
        n = len(self.model.nodes)
        coded = sum(1 for v in self.model.counts.values() if v)
        self.summary.setText(f"{n:,} codes, {coded:,} in use. Drag codes to reorganise; Ctrl+↑/↓ to reorder, "
                             "Ctrl+→/← to nest or un-nest; F2 renames.")
        if self._details_code is None:
            self._show_details()

    def prepare_screenshot(self) -> None:
        """Select the most used code that has a description, with only its branch expanded."""
        described = [cid for cid, node in self.model.nodes.items() if node.code and node.code.description]
        if not described:
            return
        busiest = max(described, key=lambda cid: self.model.counts.get(cid, 0))
        top = self.model.nodes[busiest]
        while top.parent is not None and top.parent is not self.model.root:
            top = top.parent
        self.tree.collapseAll()
        self.select(busiest)
        self.tree.scrollTo(self.model.index_of(top.code.id), QTreeView.ScrollHint.PositionAtTop)  # type: ignore[union-attr]


class _RenameDelegate(QStyledItemDelegate):
    """Rows tall enough for the F2 editor, and an editor without the app's text-box padding: a desktop trial
    could not read a code's name as it renamed it (the letters' tops and bottoms cut off)."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setStyleSheet("QLineEdit { padding: 0 4px; margin: 0; min-height: 0; }")
        return editor

    def sizeHint(self, option, index):  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), option.fontMetrics.height() + 12))
        return size
