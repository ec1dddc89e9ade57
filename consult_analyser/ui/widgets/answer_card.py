"""One answer in the reader: the question, the choice, the text with coded passages, and chips for
whole-answer codes, themes and model suggestions."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from consult_analyser.domain import Code, Coding, confidence_percent
from consult_analyser.store.browse import ThemeTag
from consult_analyser.store.suggestions import Suggestion
from consult_analyser.ui.widgets.chips import Chip, FlowLayout
from consult_analyser.ui.widgets.coded_text import CodedTextEdit, Span
from consult_analyser.ui.widgets.wrapping import breakable

#: how a suggestion is decided from the keyboard (its chip's tooltip)
SUGGESTION_KEYS = "Tab from the answer to this suggestion: Enter accepts it, Delete rejects it (A / X: all of them)"


class AnswerCard(QFrame):
    """Emits ``focused`` when the analyst clicks into it and ``chip_action(kind, id, action)`` when a
    chip button is pressed: ("coding", coding id, "remove"), ("suggestion", code id, "accept"|"reject")."""

    focused = Signal(object)  # self
    chip_action = Signal(str, str, str)

    def __init__(self, response_id: str, question_key: str, question_text: str, text: str, choice: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.response_id = response_id
        self.question_key = question_key
        self.text = text
        self.setProperty("role", "card")
        self.setProperty("current", False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        header = QHBoxLayout()
        # (every label wraps, a long unbroken run too: one that could not set the Reader wider than the window)
        title = QLabel(f"<b>{html.escape(question_key)}</b>&nbsp;&nbsp;{html.escape(breakable(question_text))}")
        title.setWordWrap(True)
        title.setProperty("role", "question")
        header.addWidget(title, 1)
        if choice:
            badge = QLabel(breakable(choice))
            badge.setProperty("role", "badge")
            badge.setWordWrap(True)
            badge.setMaximumWidth(280)
            header.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        self.memo_mark = QLabel("✎ memo")
        self.memo_mark.setProperty("role", "muted")
        self.memo_mark.hide()
        header.addWidget(self.memo_mark, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.editor: CodedTextEdit | None = None
        if text:
            self.editor = CodedTextEdit(text)
            self.editor.focused.connect(lambda: self.focused.emit(self))
            layout.addWidget(self.editor)
        else:
            empty = QLabel("No written answer")
            empty.setProperty("role", "muted")
            layout.addWidget(empty)
        self.suggestion_chips: list[Chip] = []
        self.chip_box = QWidget()
        self.chips = FlowLayout(self.chip_box)
        layout.addWidget(self.chip_box)
        self.chip_box.hide()

    def focus_order(self) -> list[QWidget]:
        """Where Tab stops on the card, in order: its text, then each pending suggestion."""
        return [w for w in (self.editor, *self.suggestion_chips) if w is not None]

    def focused_suggestion(self) -> int | None:
        """The place among the suggestion chips of the one with the keyboard focus, if one has it."""
        return next((i for i, chip in enumerate(self.suggestion_chips) if chip.hasFocus()), None)

    def focus_suggestion(self, place: int) -> None:
        """The keyboard to the suggestion at ``place`` (the last, if fewer are left), else to the answer's text:
        after one is decided, the next one is at hand."""
        target = self.suggestion_chips[min(place, len(self.suggestion_chips) - 1)] if self.suggestion_chips \
            else self.editor
        if target is not None:
            target.show()  # a chip just made shows once the event loop runs: until then it cannot take the keyboard
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn and watched in self.suggestion_chips:
            self.focused.emit(self)  # Tab onto a suggestion makes its answer the current one
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().mousePressEvent(event)
        self.focused.emit(self)

    def set_current(self, current: bool) -> None:
        self.setProperty("current", current)
        self.style().unpolish(self)
        self.style().polish(self)

    def show_state(self, codings: list[Coding], codes: dict[str, Code], paths: dict[str, str],
                   themes: list[ThemeTag], suggestions: list[Suggestion], has_memo: bool) -> None:
        """Paint spans, and rebuild the chip row."""
        spans = []
        self.chips.clear()
        for coding in codings:
            code = codes.get(coding.code_id)
            if code is None:
                continue
            path = paths.get(code.id, code.name)
            who = f"{coding.coder} ({coding.source.value if hasattr(coding.source, 'value') else coding.source})"
            if coding.start is not None and coding.end is not None:
                spans.append(Span(coding.start, coding.end, code.colour, f"{path} — {who}", coding.id))
                continue
            chip = Chip(code.name, code.colour, tooltip=f"{path}\nWhole answer, coded by {who}",
                        buttons=(("remove", "×", "Remove this code"),))
            chip.action.connect(lambda _a, cid=coding.id: self.chip_action.emit("coding", cid, "remove"))
            self.chips.addWidget(chip)
        whole = {c.code_id for c in codings if c.start is None}
        passages: dict[str, int] = {}
        for coding in codings:
            if coding.start is not None and coding.code_id not in whole and coding.code_id in codes:
                passages[coding.code_id] = passages.get(coding.code_id, 0) + 1
        for code_id, n in passages.items():
            code = codes[code_id]
            self.chips.addWidget(Chip(f"▍{code.name}" + (f" ×{n}" if n > 1 else ""), code.colour, style="outline",
                                      tooltip=f"{paths.get(code_id, code.name)}\n{n} passage(s) coded in this answer"))
        for tag in themes:
            mark = "✓ " if tag.status == "signed_off" else ""
            chip = Chip(f"theme · {mark}{tag.label}", "#9aa3b2", style="outline",
                        tooltip=f"Theme ({tag.status.replace('_', ' ')})")
            self.chips.addWidget(chip)
        self.suggestion_chips = []
        for suggestion in suggestions:
            code = codes.get(suggestion.code_id)
            if code is None or suggestion.status != "pending":
                continue
            chip = Chip(f"{code.name}?  {confidence_percent(suggestion.confidence)}", code.colour, style="dashed",
                        tooltip=f"Suggested by {suggestion.model}\n{SUGGESTION_KEYS}",
                        buttons=(("accept", "✓", "Accept this one (Enter on it; A: all)"),
                                 ("reject", "✗", "Reject this one (Delete on it; X: all)")))
            # one of several decided from the keyboard: Tab from the answer goes through its suggestions (a trial
            # could only accept or reject them all, A / X)
            chip.take_keys({Qt.Key.Key_Return: "accept", Qt.Key.Key_Enter: "accept", Qt.Key.Key_Space: "accept",
                            Qt.Key.Key_Delete: "reject", Qt.Key.Key_Backspace: "reject"})
            chip.setProperty("code_id", code.id)
            chip.installEventFilter(self)
            chip.action.connect(lambda a, c=code.id: self.chip_action.emit("suggestion", c, a))
            self.chips.addWidget(chip)
            self.suggestion_chips.append(chip)
        self.chip_box.setVisible(self.chips.count() > 0)
        if self.editor is not None:
            self.editor.set_spans(spans)
        self.memo_mark.setVisible(has_memo)


class DocumentCard(QFrame):
    """An e-mailed document or letter, shown after the answers; a passage selected in it is coded on
    the letter answer it belongs to, and codings show at their place in the document."""

    def __init__(self, document, mapping: str = "", parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        kind = document.media_type.split("/")[-1].split(".")[-1].upper()
        # a letter's long file name is shortened in its middle (whole in the tooltip) and never widens the card: it
        # set the Reader's column wider than the window. (Not a wrapping label: its height-for-width layout left the
        # caret's scrolling a step behind in a long letter.)
        name = document.filename if len(document.filename) <= 64 else \
            f"{document.filename[:44]}…{document.filename[-18:]}"
        title = QLabel(f"<b>Document: {html.escape(name)}</b>&nbsp;&nbsp;"
                       f"<span style='color:gray'>{html.escape(kind)} · {len(document.text):,} characters</span>")
        title.setToolTip(document.filename)
        title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(title)
        if mapping:  # which questions its passages answer (they are coded in the letter answers above)
            passages = QLabel(breakable(mapping))
            passages.setWordWrap(True)
            passages.setProperty("role", "muted")
            layout.addWidget(passages)
        self.document_id = document.id
        # select a passage and press a code's key: the coding goes on the letter answer it belongs to
        self.editor = CodedTextEdit(document.text or "(no text could be read from this file)")
        layout.addWidget(self.editor)
