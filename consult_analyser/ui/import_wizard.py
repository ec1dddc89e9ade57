"""Importing files into the open project, step by step: pick files; check (and correct) what each
column of a survey export holds; see the counts and any bad rows before anything is written; then
import as one background task. Detection, checking and importing all run off the UI thread."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from consult_analyser.domain import counted
from consult_analyser.ingest.columns import ROLES, TableMapping
from consult_analyser.ingest.preview import distinct_headers
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.import_checks import (
    CheckResult,
    Detected,
    check_files,
    detect_tables,
    documents_said,
    is_table,
    unreadable_said,
)
from consult_analyser.ui.tasks import Task
from consult_analyser.ui.widgets.combos import ScrollingComboBox
from consult_analyser.ui.widgets.folders import remember_folder, start_folder

ROLE_NAMES = {"id": "Respondent id", "name": "Name", "organisation": "Organisation", "email": "E-mail",
              "respondent_type": "Individual or organisation", "sector": "Type of organisation",
              "sector_other": "Type: other, in their words", "region": "Region",
              "consent": "Publication consent",
              "metadata": "Keep as information", "personal": "Personal details (never published)", "ignore": "Ignore", "question": "Question",
              "document": "Uploaded document (a letter)"}


__all__ = ["ImportWizard", "check_files", "detect_tables"]


class FilesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose files")
        self.setSubTitle("Survey exports (.csv, .xlsx, .xls, .ods), e-mails and letters (.eml, .msg, .docx, .pdf, .txt), "
                         "mailboxes (.mbox), or folders of them.")
        self.list = QListWidget()
        add_files = QPushButton("Add files…")
        add_folder = QPushButton("Add a folder…")
        remove = QPushButton("Remove")
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        remove.clicked.connect(self._remove_selected)
        buttons = QHBoxLayout()
        for button in (add_files, add_folder, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def paths(self) -> list[Path]:
        return [Path(self.list.item(i).text()) for i in range(self.list.count())]

    def add_paths(self, paths: Sequence[str | Path]) -> None:
        known = {str(p) for p in self.paths()}
        for path in paths:
            if str(path) not in known:
                self.list.addItem(str(path))
        self.completeChanged.emit()

    def remove_paths(self, paths: Sequence[str | Path]) -> None:
        """Take these files out of the list (the files that cannot be read, left out in one go)."""
        gone = {str(p) for p in paths}
        for row in reversed(range(self.list.count())):
            if self.list.item(row).text() in gone:
                self.list.takeItem(row)
        self.completeChanged.emit()

    def _remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.completeChanged.emit()

    def _add_files(self) -> None:
        # where the last file was chosen, else the folder the app started in (it opened in the home folder)
        files, _ = QFileDialog.getOpenFileNames(self, "Add files", str(start_folder()), "Consultation files (*.csv *.tsv *.xlsx *.xlsm *.xls *.xlsb *.ods "
                                                "*.eml *.msg *.mbox *.docx *.pdf *.txt *.html);;All files (*)")
        if files:
            remember_folder(files[0])
        self.add_paths(files)

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of documents", str(start_folder()))
        if folder:
            remember_folder(Path(folder).parent)
            self.add_paths([folder])

    def isComplete(self) -> bool:
        return self.list.count() > 0


class ColumnsPage(QWizardPage):
    """The detected role of every column of each survey export, correctable in place."""

    HEADERS = ("Column", "Holds", "Question", "Kind", "Examples")

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Check the columns")
        self.setSubTitle("What each column of the survey export holds, as detected. Correct anything that is wrong: "
                         "a question's key groups its closed and “please explain” columns.")
        self.status = QLabel()
        self.status.setWordWrap(True)  # (a long line was cut off at the window's edge)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.file_choice = QComboBox()
        self.file_choice.currentIndexChanged.connect(lambda _i: self._show_file())
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 300), (1, 190), (2, 80), (3, 90)):
            self.table.setColumnWidth(col, width)
        self.table.itemChanged.connect(self._edited)
        self.leave_out = QPushButton("Leave out the files that cannot be read")
        self.leave_out.setVisible(False)
        self.leave_out.clicked.connect(self.leave_out_unreadable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.leave_out, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.file_choice)
        layout.addWidget(self.table, 1)
        self.mappings: dict[str, TableMapping] = {}
        self.unreadable: dict[str, str] = {}  # path -> why it cannot be read
        self.ready = False
        self.read_done = False  # the files were read, or could not be (their reading ended either way)

    def initializePage(self) -> None:
        self.ready = self.read_done = False
        self.leave_out.setVisible(False)
        self.status.setText("Reading the files…")
        paths, project = self.wizard_.files.paths(), self.wizard_.ctx.project.path
        self.wizard_.ctx.tasks.start("Reading column headers", lambda progress: detect_tables(paths, progress, project),
                                     on_done=self.set_mappings, on_error=self._failed, writes=False)

    def _failed(self, message: str) -> None:
        self.status.setText(f"<span style='color:#c0392b'>{message}</span>")
        self.file_choice.setVisible(False)  # (no file to choose among)
        self.read_done = True

    def set_mappings(self, detected: Detected) -> None:
        self.mappings, self.unreadable = dict(detected), detected.unreadable
        mappings = self.mappings
        self.file_choice.blockSignals(True)
        self.file_choice.clear()
        for path in mappings:
            self.file_choice.addItem(Path(path).name, path)
        self.file_choice.blockSignals(False)
        self.file_choice.setVisible(bool(mappings))  # the file shown is always named
        self.table.setVisible(bool(mappings))  # (no empty table of columns for e-mails and letters)
        summary = self.summary(mappings)
        self.status.setText(unreadable_said(self.unreadable) + html.escape(summary, quote=False) if self.unreadable
                            else summary)
        self.leave_out.setVisible(bool(self.unreadable))
        self._show_file()
        self.ready = self.read_done = True
        self.completeChanged.emit()

    def leave_out_unreadable(self) -> None:
        """Take every file that cannot be read out of the import, in one go; the others' columns stay as shown."""
        self.wizard_.files.remove_paths(list(self.unreadable))
        self.unreadable = {}
        self.leave_out.setVisible(False)
        self.status.setText(self.summary(self.mappings))
        self.completeChanged.emit()

    def summary(self, mappings: dict[str, TableMapping]) -> str:
        """What the page shows and what it does not: each export's question columns by file, a table
        with none (facts about respondents, attached to them), and the tables read another way, which
        have no columns to check here."""
        documents = [p.name for p in self.wizard_.files.paths() if not is_table(p)]
        readable = [p for p in self.wizard_.files.paths() if str(p) not in self.unreadable]
        read_as_they_are = (f"{', '.join(documents[:6])}{', ...' if len(documents) > 6 else ''}: e-mails, mailboxes "
                            "and letters, read as they are: the next page counts their "
                            "messages and letters and names any file that cannot be read, and why") if documents else ""
        if not readable:
            return "No file is left to import: go back to add files."
        if not mappings:
            others = [p.name for p in readable if is_table(p)]
            return "No survey exports among these files, so there are no columns to check. " + "; ".join(
                part for part in (read_as_they_are, f"{', '.join(others)}: read in its own layout (one row per answer, "
                                  "or facts about respondents), checked on the next page" if others else "") if part) \
                + ". Press Next."
        parts = []
        for path, mapping in mappings.items():
            n, d = len(mapping.by_role("question")), len(mapping.by_role("document"))
            uploads = f" and {d} column(s) of uploaded documents (read as each respondent's letter)" if d else ""
            parts.append(f"{Path(path).name}: {n} question column(s){uploads}" if n or d else
                         f"{Path(path).name}: no questions (facts about respondents, such as their type, attached "
                         "to the respondents of the other files)")
        others = [p.name for p in readable if is_table(p) and str(p) not in mappings]
        if others:
            parts.append(f"{', '.join(others)}: read in its own layout (one row per answer, or facts about "
                         "respondents already here), with no columns to check on this page; the next page checks it")
        if read_as_they_are:
            parts.append(read_as_they_are)
        return "; ".join(parts) + "."

    def _show_file(self) -> None:
        mapping = self.mappings.get(self.file_choice.currentData() or "")
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        if mapping is None:
            return
        self.table.blockSignals(True)
        self.table.setRowCount(len(mapping.columns))
        # headers that read alike cut short show the words that tell them apart (whole in the tooltip)
        shown_headers = distinct_headers([column.header for column in mapping.columns])
        for row, column in enumerate(mapping.columns):
            header = QTableWidgetItem(shown_headers[row])
            header.setFlags(header.flags() & ~Qt.ItemFlag.ItemIsEditable)
            header.setToolTip(column.header)
            self.table.setItem(row, 0, header)
            role = ScrollingComboBox()  # the wheel scrolls the table, not the role under it
            for key in ROLES:
                role.addItem(ROLE_NAMES.get(key, key), key)
            # information that is personal (an IP address, a postcode) is shown as the dry run says it: personal
            # details, never published (a trial's wizard said "Keep as information" where the command line said so)
            shown = "personal" if column.role == "metadata" and column.personal else column.role
            role.setCurrentIndex(max(0, role.findData(shown)))
            role.currentIndexChanged.connect(lambda _i, c=column, r=role: self._set(c, role=r.currentData()))
            self.table.setCellWidget(row, 1, role)
            is_question = column.role == "question"
            key_item = QTableWidgetItem(column.question_key if is_question else "")
            if not is_question:
                key_item.setFlags(key_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 2, key_item)
            if is_question:
                kind = ScrollingComboBox()
                kind.addItems(["open", "closed"])
                kind.setCurrentText(column.kind or "open")
                kind.currentTextChanged.connect(lambda text, c=column: self._set(c, kind=text))
                self.table.setCellWidget(row, 3, kind)
            else:
                self.table.removeCellWidget(row, 3)
            examples = QTableWidgetItem(" | ".join(s[:60] for s in column.samples[:4]))
            examples.setFlags(examples.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 4, examples)
        self.table.blockSignals(False)

    def _set(self, column, **values) -> None:  # type: ignore[no-untyped-def]
        for name, value in values.items():
            setattr(column, name, value)
        if values.get("role") == "question" and not column.kind:
            column.kind = "open"
        self._show_file()

    def _edited(self, item: QTableWidgetItem) -> None:
        mapping = self.mappings.get(self.file_choice.currentData() or "")
        if mapping is not None and item.column() == 2 and item.row() < len(mapping.columns):
            mapping.columns[item.row()].question_key = item.text().strip()
            # a key typed by the analyst joins the project's question of that key, whatever the wording
            mapping.given_keys.add(item.text().strip())

    def set_role(self, header: str, role: str, key: str = "", kind: str = "") -> None:
        """Correct one column (as the role combo does)."""
        for mapping in self.mappings.values():
            for column in mapping.columns:
                if column.header == header:
                    column.role = role
                    column.question_key = key or column.question_key
                    if key:
                        mapping.given_keys.add(key)
                    column.kind = kind or column.kind or ("open" if role == "question" else "")
        self._show_file()

    def mapping(self) -> dict[str, dict[str, str]]:
        """Per file shown, {header: "role[:key:kind]"} for the importer (other files are read as
        detected: a long table or a list of respondents' types must not take a wide table's columns)."""
        return {path: {c.header: f"question:{c.question_key}:{c.kind or 'open'}"
                       + (":given" if c.question_key in mapping.given_keys else "") if c.role == "question" else c.role
                       for c in mapping.columns} for path, mapping in self.mappings.items()}

    def isComplete(self) -> bool:
        return self.ready and bool(self.wizard_.files.paths())


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Check before importing")
        self.setSubTitle("Every file is read in full; nothing is written to the project yet.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # the report lines up columns
        self.skip_bad_rows = QCheckBox("Skip the rows that cannot be read (they are listed in the import record)")
        self.skip_bad_rows.setVisible(False)
        self.skip_bad_rows.toggled.connect(lambda _on: self.completeChanged.emit())
        # a later export of the same survey: its corrected answers taken in only when asked (import --update-answers)
        self.update_answers = QCheckBox("Where an answer of a respondent already in the project differs (listed below), "
                                        "take in the file's wording (the old wording is kept in the project's audit)")
        self.update_answers.setVisible(False)
        self.leave_out = QPushButton("Leave out the files that cannot be imported, and check again")
        self.leave_out.setVisible(False)
        self.leave_out.clicked.connect(self.leave_out_unreadable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.leave_out, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.skip_bad_rows)
        layout.addWidget(self.update_answers)
        layout.addWidget(self.details, 1)
        self.result: CheckResult | None = None
        self.failed = False  # the check itself could not run (its message is shown)

    def initializePage(self) -> None:
        self.result = None
        self.failed = False
        self.leave_out.setVisible(False)
        self.summary.setText("Checking…")
        self.details.clear()
        paths, mappings = self.wizard_.files.paths(), self.wizard_.columns.mapping()
        project = self.wizard_.ctx.project.path
        self.wizard_.ctx.tasks.start("Checking files", lambda progress: check_files(paths, mappings, progress, project),
                                     on_done=self.show_result,
                                     on_error=self._failed,
                                     writes=False)

    def _failed(self, message: str) -> None:
        self.failed = True
        self.summary.setText(f"Could not check the files: {message}")

    def show_result(self, result: CheckResult) -> None:
        self.result = result
        self.skip_bad_rows.setVisible(bool(result.bad_rows))
        self.update_answers.setVisible(bool(result.already))
        self.leave_out.setVisible(bool(result.errors))
        if result.errors:
            self.summary.setText(unreadable_said(dict(zip(result.unreadable, result.errors, strict=True)), "imported")
                                 + "(Or go back to correct a file's columns.)")
        elif result.bad_rows:
            self.summary.setText(f"<b style='color:#c0392b'>{counted(result.bad_rows, 'row')} cannot be read</b> (listed "
                                 "below). Fix the file and start again, or skip those rows to import the other "
                                 f"{result.respondents:,} respondents and {result.answers:,} answers.")
        else:
            self.summary.setText(f"Ready to import <b>{result.respondents:,}</b> respondents, "
                                 f"<b>{result.answers:,}</b> answers and <b>{result.documents:,}</b> documents."
                                 + (f" {result.already:,} respondents of these files are already in the project and "
                                    "are skipped." if result.already else "") + documents_said(result))
        self.details.setPlainText("\n".join(result.lines))
        self.completeChanged.emit()

    def leave_out_unreadable(self) -> None:
        """Take the files that cannot be imported out of the list, and check the others again."""
        if self.result is not None:
            self.wizard_.files.remove_paths(self.result.unreadable)
            if not self.wizard_.files.paths():
                self.leave_out.setVisible(False)
                self.summary.setText("No file is left to import: go back to add files.")
                self.completeChanged.emit()
                return
            self.initializePage()

    def isComplete(self) -> bool:
        return (self.result is not None and not self.result.errors and bool(self.wizard_.files.paths())
                and (not self.result.bad_rows or self.skip_bad_rows.isChecked()))


#: what the import page says to do next, once the files are in
NEXT_STEPS = ["What next:",
              "  Sector review > Classify respondents: who answered (declared types, rules, a model to check).",
              "  Themes > Discover themes: what each open question's answers say, and who said it.",
              "  Codebook: import or write the codes to code answers with; suggestions learn from your coding.",
              "  File > Import files again adds more files (letters, e-mails, another export) to this project."]


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Import")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.log, 1)
        self.done = False
        self.task: Task | None = None

    def initializePage(self) -> None:
        self.done = False
        self.message.setText("Importing… (you can keep working; Cancel in the status bar stops it and nothing is kept)")
        paths, mappings = self.wizard_.files.paths(), self.wizard_.columns.mapping()
        skip = self.wizard_.check.skip_bad_rows.isChecked()
        update = self.wizard_.check.update_answers.isChecked() and not self.wizard_.check.update_answers.isHidden()
        self.task = self.wizard_.ctx.tasks.start("Importing",
                                                 lambda p: self.wizard_.run_import(paths, mappings, p, skip_bad_rows=skip,
                                                                                   update_answers=update),
                                                 on_done=self._finished, on_error=self._failed,
                                                 on_cancel=lambda: self._failed("cancelled; nothing was imported"))
        self.task.signals.progress.connect(self._progress)

    def _progress(self, fraction: float, _message: str) -> None:
        self.bar.setValue(int(fraction * 1000))

    def _finished(self, results) -> None:  # type: ignore[no-untyped-def]
        self.done = True
        self.bar.setValue(1000)
        respondents = sum(r.respondents for r in results)
        self.message.setText(f"<b>Imported {respondents:,} respondents</b>, {sum(r.responses for r in results):,} "
                             f"answers and {sum(r.documents for r in results):,} documents.")
        # (once each: the survey exports' import and the documents' both say what the whole project holds)
        notes = list(dict.fromkeys([w for r in results for w in r.warnings] + [
            f"skipped {Path(f).name}, line {n}: {why}" for r in results for f, n, why in r.skipped_rows]))
        self.log.setPlainText("\n".join(([f"Read first ({counted(len(notes), 'note')}):", *notes, ""] if notes else [])
                                         + NEXT_STEPS))
        wizard = self.wizard()
        if wizard is not None:  # done: nothing left to cancel, Finish closes
            wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.message.setText(f"<b style='color:#c0392b'>Import failed: {message}</b>")

    def isComplete(self) -> bool:
        return self.done


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, paths: list[str | Path] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import files")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.files = FilesPage()
        self.columns = ColumnsPage(self)
        self.check = CheckPage(self)
        self.importing = ImportPage(self)
        for page in (self.files, self.columns, self.check, self.importing):
            self.addPage(page)
        self.check.setCommitPage(True)  # once imported there is no going back to import again
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")
        if paths:
            self.files.add_paths(paths)
        self.resize(980, 640)

    def run_import(self, paths: list[Path], mappings: dict[str, dict[str, str]], progress,  # type: ignore[no-untyped-def]
                   *, skip_bad_rows: bool = False, update_answers: bool = False):
        """Worker thread: survey exports with the checked mapping, then everything else."""
        from consult_analyser.ingest.importer import import_files
        from consult_analyser.progress import scaled

        tables = [p for p in paths if is_table(p)]
        others = [p for p in paths if not is_table(p)]
        project = self.ctx.project.reopen()
        try:
            results = []
            if tables:
                results.append(import_files(project, tables, mappings=mappings, skip_bad_rows=skip_bad_rows,
                                            update_answers=update_answers,
                                            progress=scaled(progress, 0.0, 0.8 if others else 1.0)))
            if others:
                results.append(import_files(project, others, progress=scaled(progress, 0.8 if tables else 0.0, 1.0)))
            from consult_analyser.pipeline.letters.run import general_note, map_letters_after_import

            # letters' passages mapped to questions (new letters, or new questions for earlier ones), so they count
            summary, failed = map_letters_after_import(project, sum(r.questions for r in results))
            if failed:
                results[-1].warnings.append(failed)
            # most letters' passages on no question: which question they may go to (the analyst chooses)
            if summary is not None and (note := general_note(project, str(project.path))):
                results[-1].warnings.append(note)
            return results
        finally:
            project.close()
