"""The reader: one respondent's whole submission, coded from the keyboard.

Keys (while the reader has focus, outside text fields): 1-9 and 0 apply the numbered code to the selected
passage, or toggle it on the whole current answer; Ctrl+K finds a code by name (or creates one);
J / Alt+Right and K / Alt+Left move to the next / previous respondent; N / Alt+Down and P / Alt+Up
move between answers; U jumps to the next respondent with nothing coded; A / X accept / reject the
current answer's suggestions (Tab from the answer reaches each suggestion: Enter / Delete, or A / X, decide
that one); M writes a memo on it; Ctrl+G goes to "Go to respondent". Ctrl+Z /
Ctrl+Shift+Z undo and redo.
"""

from __future__ import annotations

import hashlib
import html
import textwrap

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from consult_analyser.actions import coding as ops
from consult_analyser.actions.consent import SetPublication
from consult_analyser.actions.letters import MoveGeneralPassages, MovePassage, SetDocumentRole
from consult_analyser.actions.sectors import SetSector
from consult_analyser.store import browse, codebook, codings, consent, letter_names, memos, suggestions
from consult_analyser.store import passages as store_passages
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store import responses as store_responses
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.project import Changes
from consult_analyser.store.questions import list_questions
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.views.reader_coding import ReaderCoding
from consult_analyser.ui.views.reader_heading import respondent_heading
from consult_analyser.ui.views.reader_withdraw import ReaderWithdrawal
from consult_analyser.ui.widgets.answer_card import AnswerCard, DocumentCard
from consult_analyser.ui.widgets.code_picker import CodePalette
from consult_analyser.ui.widgets.coded_text import Span
from consult_analyser.ui.widgets.focus import follow_focus, tab_chain
from consult_analyser.ui.widgets.layouts import empty_layout
from consult_analyser.ui.widgets.respondent_panel import RespondentPanel


class ReaderView(ReaderCoding):
    title = "Reader"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # holds the keyboard when no answer can
        self.ctx = ctx
        self.respondent_id: str | None = None
        self._ids: list[str] | None = None
        self.cards: list[AnswerCard] = []
        self.current: AnswerCard | None = None
        self.documents: list[DocumentCard] = []
        self.current_document: DocumentCard | None = None  # a letter whose text has the keyboard
        self.codes: dict = {}
        self.paths: dict[str, str] = {}
        self.shown_whole: dict[str, set[str]] = {}  # answer -> the codes its card shows on the whole answer

        # navigation bar
        self.prev_button = QPushButton("◀  Previous")
        self.next_button = QPushButton("Next  ▶")
        self.uncoded_button = QPushButton("Next uncoded")
        self.position = QLabel()
        self.position.setProperty("role", "muted")
        self.goto = QLineEdit(placeholderText="Go to respondent (Ctrl+G): id, file, name or organisation…")
        self.goto.setToolTip(self.goto.placeholderText())  # (cut short in the box)
        self.goto.setMaximumWidth(200)
        for button, tip in ((self.prev_button, "Previous respondent (K, Alt+Left)"),
                            (self.next_button, "Next respondent (J, Alt+Right)"),
                            (self.uncoded_button, "Next respondent with nothing coded (U): after Suggest codes, the one "
                             "whose answers would teach the model most, answers passed over asked for last; else the next in the "
                             "file. To record that no code applies, apply a code that says so")):
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.prev_button.clicked.connect(self.previous_respondent)
        self.next_button.clicked.connect(self.next_respondent)
        self.uncoded_button.clicked.connect(self.next_uncoded)
        self.goto.returnPressed.connect(self._goto)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.position)
        nav.addStretch(1)
        nav.addWidget(self.uncoded_button)
        nav.addWidget(self.goto)

        # the submission
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel()
        self.subheading.setProperty("role", "muted")
        self.subheading.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.heading, self.subheading):  # never wider than the column (reader_heading)
            label.setWordWrap(True)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 4, 12, 4)
        self.body_layout.setSpacing(10)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the answers, not the area
        follow_focus(self.scroll_area)  # what Tab lands on below the fold is scrolled into view
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.body)
        self.scroll_area.verticalScrollBar().rangeChanged.connect(self._reframe)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.heading)
        main_layout.addWidget(self.subheading)
        main_layout.addWidget(self.scroll_area, 1)

        # the side panel
        self.panel = RespondentPanel()
        self.panel.sector_chosen.connect(self.set_sector)
        self.panel.publication_chosen.connect(self.set_publication)
        self.withdrawal = ReaderWithdrawal(self)  # "Withdraw respondent…" (before on_changed listens: it moves on)
        self.code_palette = CodePalette()
        self.code_palette.activated.connect(self.code_with)
        self.code_palette.new_code.connect(self.new_code)
        self.memo_others = QLabel()
        self.memo_others.setWordWrap(True)
        self.memo_others.setProperty("role", "small")
        self.memo_others.setTextFormat(Qt.TextFormat.RichText)
        self.memo = QPlainTextEdit(placeholderText="Memo on the current answer (M)…")
        self.memo.setTabChangesFocus(True)  # Tab moves on, as in every other field (it typed a tab)
        self.memo.setMaximumHeight(110)
        self._memo_timer = QTimer(self, singleShot=True, interval=900)
        self._memo_timer.timeout.connect(self.save_memo)
        self._memo_dirty = False  # typed since it was loaded or saved
        self.memo.textChanged.connect(self._memo_edited)
        self._memo_target: str | None = None
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        side_layout.addWidget(self.panel)
        codes_label = QLabel("Codes  <span style='font-weight:400'>(1–9, 0, Ctrl+K)</span>")
        codes_label.setProperty("role", "section")
        side_layout.addWidget(codes_label)
        side_layout.addWidget(self.code_palette, 1)
        memo_label = QLabel("Memo")
        memo_label.setProperty("role", "section")
        side_layout.addWidget(memo_label)
        side_layout.addWidget(self.memo_others)
        side_layout.addWidget(self.memo)

        self.splitter = QSplitter()
        self.splitter.setObjectName("reader")
        self.splitter.addWidget(main)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(self.splitter, 1)

        self._shortcuts()
        self.ctx.changed.connect(self.on_changed)
        self.reload_codes()
        ids = self.respondent_ids()
        if ids:
            last = QSettings().value(self._last_key(), "")
            self.show_respondent(last if last in ids else ids[0])

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        """On coming into view the keyboard goes to the current answer: it went to "Go to respondent",
        so J, K and the number keys typed into that box."""
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_current)

    def _focus_current(self) -> None:
        if self.isVisible() and self.current is not None and self.current.editor is not None:
            self.current.editor.setFocus()
        elif self.isVisible():  # a respondent with no written answer: the reader keeps the keyboard (J, K)
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def take_keyboard(self) -> None:
        """The keyboard to the current answer, unless it is already in the Reader's answers or letters, or in a
        box being typed in (memo, Go to): after undo/redo and when the window comes to the front (a trial's
        number keys did nothing then until they clicked into the answer)."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus in (self.memo, self.goto) or self.body.isAncestorOf(focus)):
            return
        self._focus_current()

    def _last_key(self) -> str:
        """Where this user's place in this project is remembered (the app's settings, not the project:
        a team member's copy, or a lead's, opens where that person left it)."""
        path = str(self.ctx.project.path.resolve())
        return f"reader/last/{hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()[:16]}"

    # ------------------------------------------------------------------ keys
    def _shortcuts(self) -> None:
        def bind(keys: tuple[str, ...], slot) -> None:  # type: ignore[no-untyped-def]
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

        for number in range(1, 11):  # 0: the 10th code
            bind((str(number % 10),), lambda n=number: self.code_number(n))
        bind(("Ctrl+K",), self.open_picker)
        bind(("J", "Alt+Right"), self.next_respondent)
        bind(("K", "Alt+Left"), self.previous_respondent)
        bind(("N", "Alt+Down"), lambda: self.move_answer(1))
        bind(("P", "Alt+Up"), lambda: self.move_answer(-1))
        bind(("U",), self.next_uncoded)
        bind(("A",), lambda: self.decide_suggestions(True))
        bind(("X",), lambda: self.decide_suggestions(False))
        bind(("M",), self.memo.setFocus)
        bind(("Ctrl+G",), self.focus_goto)
        bind(("Escape",), self._escape)

    def focus_goto(self) -> None:
        """Ctrl+G: the keyboard to "Go to respondent", its text selected to type over."""
        self.goto.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.goto.selectAll()

    def _escape(self) -> None:
        if self.current is not None and self.current.editor is not None:
            self.current.editor.clear_selection()
            self.current.editor.setFocus()

    # ----------------------------------------------------------- navigation
    def respondent_ids(self) -> list[str]:
        if self._ids is None:
            self._ids = store_responses.respondent_ids(self.ctx.project)
        return self._ids

    def _step(self, delta: int) -> None:
        ids = self.respondent_ids()
        if not ids:
            return
        index = ids.index(self.respondent_id) if self.respondent_id in ids else -1
        self.show_respondent(ids[max(0, min(len(ids) - 1, index + delta))])

    def next_respondent(self) -> None:
        self._step(1)

    def previous_respondent(self) -> None:
        self._step(-1)

    def next_uncoded(self) -> None:
        found = browse.next_uncoded_respondent(self.ctx.project, self.respondent_id)
        if found:
            self.show_respondent(found)
        else:
            self.ctx.status.emit("Every respondent with a written answer has at least one code")

    def _goto(self) -> None:
        """The respondent of this id, else those whose name or organisation holds the words: the first,
        then (Enter again) the next."""
        text = self.goto.text().strip()
        # a document's file name too ("mail.mbox#6", "letter.eml"), as warnings and search name it
        found = letter_names.respondents_named(self.ctx.project, text) or \
            store_respondents.find_respondents(self.ctx.project, text)
        if not found:
            self.ctx.status.emit(f"No respondent's id, name or organisation holds {text!r}")
            return
        # several (two letters from one parish council): Enter again goes to the next, the text is kept
        at = (found.index(self.respondent_id) + 1) % len(found) if self.respondent_id in found else 0
        if len(found) == 1:
            self.goto.clear()
        else:
            self.ctx.status.emit(f"{at + 1} of {len(found)}{'+' if len(found) >= 20 else ''} respondents matching "
                                 f"{text!r}: Enter for the next")
        self.show_respondent(found[at])

    def show_respondent(self, respondent_id: str, response_id: str | None = None) -> None:
        """Show a respondent's whole submission (and make one answer current, if given)."""
        self.save_memo()
        sub = store_responses.submission(self.ctx.project, respondent_id)
        if sub is None:
            return
        self.respondent_id = sub.respondent.id
        QSettings().setValue(self._last_key(), self.respondent_id)
        heading = respondent_heading(self.ctx.project, sub.respondent)
        self.heading.setText(heading.title)
        self.subheading.setText(heading.line)
        self.subheading.setToolTip(heading.tooltip)
        ids = self.respondent_ids()
        position = ids.index(self.respondent_id) + 1 if self.respondent_id in ids else 0
        self.position.setText(f"Respondent {position:,} of {len(ids):,}")
        self._refresh_sector()
        self._build_cards(sub)
        target = next((c for c in self.cards if c.response_id == response_id), None)
        target = target or next((c for c in self.cards if c.editor is not None), None)
        self.set_current(target)
        if target is not None and target.editor is not None and self.isVisible():
            target.editor.setFocus()  # keep the keyboard in the reader after the old cards are gone
        else:  # no written answer to focus: the reader itself keeps the keyboard (J, K)
            self._focus_current()
        self.scroll_area.verticalScrollBar().setValue(0)
        if target is not None and response_id:
            # framed again while the new cards are laid out (the height grows after this returns; on a real
            # display a trial's Q11 answer stayed below the fold while the number keys coded it)
            self._framing = target
            QTimer.singleShot(0, self._reframe)
            QTimer.singleShot(600, lambda: setattr(self, "_framing", None))

    def _reframe(self, *_args: object) -> None:
        card = getattr(self, "_framing", None)
        if card is not None and card in self.cards:
            self.scroll_area.ensureWidgetVisible(card, 0, 40)

    def _build_cards(self, sub) -> None:  # type: ignore[no-untyped-def]
        empty_layout(self.body_layout)
        self.cards = []
        self.shown_whole = {}
        self.current = None
        self.documents, self.current_document = [], None
        letters = store_passages.letter_response_ids(self.ctx.project, [r.id for _, _, r in sub.answers])
        asked = {q.key: q.wording for q in list_questions(self.ctx.project)}  # a hybrid one's free-text wording too
        for key, question_text, response in sub.answers:
            if not response.text and not response.choice:
                continue
            question_text = asked.get(key, question_text)
            if response.id in letters:  # passages of a letter mapped to this question
                question_text = f"✉ by letter · {question_text}"
            card = AnswerCard(response.id, key, question_text, response.text, response.choice)
            card.focused.connect(self.set_current)
            card.chip_action.connect(self._chip_action)
            self.body_layout.addWidget(card)
            self.cards.append(card)
        for document in sub.documents:
            doc_card = DocumentCard(document, store_passages.mapping_summary(self.ctx.project, document.id))
            doc_card.editor.focused.connect(lambda c=doc_card: self._document_focused(c))
            doc_card.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            doc_card.editor.customContextMenuRequested.connect(lambda pos, c=doc_card: self.letter_menu(c, pos))
            self.body_layout.addWidget(doc_card)
            self.documents.append(doc_card)
        if not self.cards and not sub.documents:
            empty = QLabel("This respondent sent no answers or documents.")
            empty.setProperty("role", "muted")
            self.body_layout.addWidget(empty)
        self.body_layout.addStretch(1)
        self._refresh_cards()

    def _chain_tabs(self) -> None:
        """Tab in screen order: cards (and their suggestion chips, made again at each refresh) would join the window's
        chain at its end, after the status bar."""
        tab_chain([self.goto, *(w for c in self.cards for w in c.focus_order()), *(d.editor for d in self.documents),
                   *self.panel.focus_order(), *self.code_palette.focus_order(), self.memo])

    # ---------------------------------------------------------- current answer
    def _document_focused(self, card: DocumentCard) -> None:
        self.current_document = card

    def _refresh_documents(self) -> None:
        """Paint the codings on letters' passages at their place in each document."""
        for doc in self.documents:
            doc.editor.set_spans([Span(start, end, self.codes[code_id].colour if code_id in self.codes else "#4e79a7",
                                       self.paths.get(code_id, ""), coding_id)
                                  for coding_id, code_id, start, end
                                  in store_passages.document_codings(self.ctx.project, doc.document_id)])

    def _code_letter(self, code_id: str, name: str) -> bool:
        """Code the passage selected in a letter's text (on the letter answer it belongs to)."""
        doc = self.current_document
        selected = doc.editor.selected_range() if doc is not None else None
        if doc is None or selected is None:
            return False
        try:
            response_id, start, end = store_passages.to_answer_span(self.ctx.project, doc.document_id, *selected)
        except ValueError as exc:
            self.ctx.status.emit(str(exc))
            return True
        if self.ctx.run(ops.AddCoding(code_id, response_id, start, end), f"Code letter passage as {name}"):
            doc.editor.clear_selection()
        return True

    def set_current(self, card: AnswerCard | None) -> None:
        self.current_document = None
        if card is self.current:
            return
        self.save_memo()
        if self.current is not None:
            try:
                self.current.set_current(False)
            except RuntimeError:  # deleted with the previous respondent
                pass
        self.current = card
        if card is not None:
            card.set_current(True)
            scope = codebook.code_at_path(self.ctx.project, card.question_key)
            self.code_palette.set_scope(scope.id if scope else None, card.question_key)
        self._load_memo()

    def move_answer(self, delta: int) -> None:
        coded = [c for c in self.cards if c.editor is not None]
        if not coded:
            return
        index = coded.index(self.current) if self.current in coded else -1
        card = coded[max(0, min(len(coded) - 1, index + delta))]
        self.set_current(card)
        card.editor.setFocus()  # type: ignore[union-attr]
        self.scroll_area.ensureWidgetVisible(card, 0, 40)

    # ----------------------------------------------------------------- memos
    def _load_memo(self) -> None:
        self._memo_target = None
        self._memo_dirty = False
        self.memo.blockSignals(True)
        text = ""
        others = []
        if self.current is not None:
            notes = memos.memos_for(self.ctx.project, "response", self.current.response_id)
            mine = [m for m in notes if m.author == self.ctx.project.actor]
            others = [m for m in notes if m.author != self.ctx.project.actor]
            text = mine[0].text if mine else ""
            self._memo_target = self.current.response_id
        self.memo_others.setText("<br>".join(f"<b>{html.escape(m.author)}</b>: {html.escape(m.text)}" for m in others))
        self.memo_others.setVisible(bool(others))
        self.memo.setPlainText(text)
        self.memo.setEnabled(self.current is not None)
        self.memo.blockSignals(False)

    def _memo_edited(self) -> None:
        self._memo_dirty = True
        self._memo_timer.start()

    def save_memo(self) -> None:
        """Save the memo being typed (as one undoable step), if the analyst edited it: when typing
        pauses (the timer), and before the answer changes or the app closes. (Whether the timer
        was still running said nothing once it had fired: a memo typed and left for a second was lost.)"""
        if not self._memo_dirty:
            return
        self._memo_dirty = False
        self._memo_timer.stop()
        target = self._memo_target
        if target is None:
            return
        mine = [m for m in memos.memos_for(self.ctx.project, "response", target) if m.author == self.ctx.project.actor]
        text = self.memo.toPlainText()
        if text.strip() == (mine[0].text if mine else "").strip():
            return
        self.ctx.run(ops.SetMemo("response", target, text), "Edit memo")

    # ---------------------------------------------------------------- sector
    def _refresh_sector(self) -> None:
        if self.respondent_id is None:
            return
        project = self.ctx.project
        ran = store_sectors.classified_before(project)
        self.panel.show_sector(store_sectors.taxonomy(project),
                               store_sectors.effective_sector(project, self.respondent_id),
                               store_sectors.all_assignments(project, self.respondent_id), classified_before=ran)
        self.panel.show_publication(consent.record(project, self.respondent_id))

    def set_sector(self, sector_key: str) -> None:
        if self.respondent_id is not None:
            self.ctx.run(SetSector(self.respondent_id, sector_key), "Set sector")

    def set_publication(self, choice: str, reason: str) -> None:
        """An analyst changes what the respondent said may be published ("": back to what the import read)."""
        if self.respondent_id is not None:
            self.ctx.run(SetPublication(self.respondent_id, choice or None, reason), "Set publication choice")

    # ---------------------------------------------------------------- refresh
    def _refresh_cards(self) -> None:
        self._refresh_documents()
        if not self.cards:
            self._chain_tabs()
            return
        project = self.ctx.project
        ids = [c.response_id for c in self.cards]
        by_response = codings.codings_by_response(project, ids)
        themes = browse.themes_for_responses(project, ids)
        pending = {i: suggestions.list_suggestions(project, response_id=i) for i in ids}
        memo_ids = {i for i in ids if memos.memos_for(project, "response", i)}
        for card in self.cards:
            shown = by_response.get(card.response_id, [])
            card.show_state(shown, self.codes, self.paths,
                            themes.get(card.response_id, []), pending[card.response_id], card.response_id in memo_ids)
            # what the analyst sees on the card: a number key toggles against this (see ReaderCoding.code_with)
            self.shown_whole[card.response_id] = {c.code_id for c in shown if c.start is None and c.code_id in self.codes}
        self._chain_tabs()

    def on_changed(self, changes: Changes) -> None:
        tables = changes.tables
        if tables & {"respondents", "responses", "imports", "*"}:
            self._ids = None
        if tables & {"codes", "codings", "*"}:
            self.reload_codes()
        if tables & {"sector_assignments", "sectors", "respondents", "publication", "*"}:
            self._refresh_sector()
        if tables & {"codings", "codes", "suggestions", "memos", "themes", "theme_assignments", "*"}:
            self._refresh_cards()
            if "memos" in tables and self.current is not None and not self._memo_dirty:
                self._load_memo()
        if tables & {"passages", "documents"} and self.respondent_id is not None:  # letter answers rebuilt
            self.show_respondent(self.respondent_id)
        if self.respondent_id is None and self.respondent_ids():
            self.show_respondent(self.respondent_ids()[0])

    # ------------------------------------------------------------ letters
    def letter_menu(self, doc: DocumentCard, pos) -> None:  # type: ignore[no-untyped-def]
        """Right-click in a letter: move the passage under the mouse to another question, or mark
        the document as supporting material (both undoable)."""
        menu = self.letter_actions(doc, doc.editor.offsets.py(doc.editor.cursorForPosition(pos).position()))
        menu.exec(doc.editor.mapToGlobal(pos))

    def letter_actions(self, doc: DocumentCard, offset: int) -> QMenu:
        project = self.ctx.project
        menu = QMenu(self)
        passage = next((p for p in store_passages.document_passages(project, doc.document_id)
                        if p.start <= offset < p.end and p.kind != "heading"), None)
        if passage is not None:
            move = menu.addMenu(f"Move passage (now {passage.question_key or 'none'}, {passage.method}) to")
            for question in list_questions(project, open_only=True):
                action = move.addAction(f"{question.key}  {textwrap.shorten(question.text, 60, placeholder=' …')}")
                action.setEnabled(question.id != passage.question_id)
                action.triggered.connect(lambda _=False, q=question, pid=passage.id: self.ctx.run(
                    MovePassage(pid, q.id), f"Move passage to {q.key}"))
        self._general_actions(menu, doc.document_id)
        role = project.scalar("SELECT role FROM documents WHERE id = ?", (doc.document_id,))
        other = "letter" if role == "supporting" else "supporting"
        label = "Count this document as a letter" if other == "letter" else "Mark as supporting material (not counted)"
        menu.addAction(label).triggered.connect(lambda _=False: self.ctx.run(
            SetDocumentRole(doc.document_id, other), label))
        return menu

    def _general_actions(self, menu: QMenu, document_id: str) -> None:
        """Move the General comments passages (on no particular question) of this letter (with its
        attachments), or of every letter, to a question at once: one undoable step each, as
        ``letters --general-to QUESTION [--document FILE]`` does."""
        project = self.ctx.project
        general = store_passages.general_question(project).id
        documents = [r[0] for r in project.query("SELECT id FROM documents WHERE id = ? OR parent_id = ?",
                                                 (document_id, document_id))]
        here, everywhere = (len(store_passages.general_passages(project, ids)) for ids in (documents, None))
        questions = [q for q in list_questions(project, open_only=True) if q.id != general]
        for title, ids, count in ((f"Move this letter's General comments passages ({here}) to", documents, here),
                                  (f"Move every letter's General comments passages ({everywhere}) to", None, everywhere)):
            sub = menu.addMenu(title)
            sub.setEnabled(bool(count and questions))
            for question in questions:
                action = sub.addAction(f"{question.key}  {textwrap.shorten(question.text, 60, placeholder=' …')}")
                action.triggered.connect(lambda _=False, q=question, d=ids: self.move_general(q.id, q.key, d))

    def move_general(self, question_id: str, key: str, documents: list[str] | None) -> None:
        """Apply :class:`MoveGeneralPassages` (undoable) and say in the status bar what it did."""
        op = MoveGeneralPassages(question_id, documents)
        whose = "this letter's" if documents is not None else "every letter's"
        if not self.ctx.run(op, f"Move {whose} General comments passages to {key}") or op.result is None:
            return
        r = op.result
        kept = (f"; {len(r.kept_for_form)} writer(s) who answered {key} on the form keep theirs under General "
                "comments" if r.kept_for_form else "")
        self.ctx.status.emit(f"{r.passages:,} General comments passage(s) of {r.respondents:,} writer(s) now answer "
                             f"{key}{kept}. Edit > Undo puts them back.")

    # ------------------------------------------------------------ screenshot
    def prepare_screenshot(self) -> None:
        """Show a respondent with coded passages, themes and suggestions, if the project has one."""
        found = browse.showcase_respondent(self.ctx.project)
        if found:
            self.show_respondent(found)
