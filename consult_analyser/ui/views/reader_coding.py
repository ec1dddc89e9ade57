"""The reader's coding actions: the number keys and the code palette, the quick picker (Ctrl+K), a new
code, the chips on an answer and its suggestions (A / X). :class:`ReaderView` inherits them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from consult_analyser.actions import coding as ops
from consult_analyser.store import codebook, codings, suggestions
from consult_analyser.store.questions import list_questions
from consult_analyser.ui.context import AppContext
from consult_analyser.ui.widgets.answer_card import AnswerCard
from consult_analyser.ui.widgets.ask import ask_text
from consult_analyser.ui.widgets.code_picker import CodePalette, QuickCodePicker


class ReaderCoding(QWidget):
    """Coding the reader's current answer (or the passage selected in a letter)."""

    ctx: AppContext
    codes: dict
    paths: dict[str, str]
    code_palette: CodePalette
    current: AnswerCard | None
    shown_whole: dict[str, set[str]]
    set_current: Callable[[AnswerCard | None], None]
    _refresh_cards: Callable[[], None]
    _code_letter: Callable[[str, str], bool]

    def refresh_shown(self) -> None:
        """Redraw the codes on the answers as they are saved (the Reader's _refresh_cards)."""
        self.reload_codes()
        self._refresh_cards()

    def reload_codes(self) -> None:
        project = self.ctx.project
        code_list = codebook.list_codes(project)
        self.codes = {c.id: c for c in code_list}
        self.paths = codebook.code_paths(project)
        self.code_palette.set_codes(code_list, self.paths, codings.code_counts(project))

    def code_number(self, number: int) -> None:
        """Keys 1-9, and 0 for the 10th code."""
        code_id = self.code_palette.code_for_number(number)
        if code_id is None:
            self.ctx.status.emit(f"No code on key {number % 10}: add codes in the Codebook view or press Ctrl+K")
            return
        self.code_with(code_id)

    def code_with(self, code_id: str) -> None:
        """Code the selected passage of the current answer, or toggle the code on the whole answer."""
        name = self.paths.get(code_id, "code")
        if self._code_letter(code_id, name):
            return
        card = self.current
        if card is None or card.editor is None:
            self.ctx.status.emit("Choose an answer with text to code")
            return
        selected = card.editor.selected_range()
        if selected is not None:
            if self.ctx.run(ops.AddCoding(code_id, card.response_id, *selected), f"Code passage as {name}"):
                card.editor.clear_selection()
            return
        # toggled against what the card shows, not what the file holds: with a stale card (a second window,
        # a command-line change) a key meant to add a code removed it. When the two differ, the file is already
        # as the analyst wants it: the card is redrawn and the status bar says so.
        existing = [c.id for c in codings.list_codings(self.ctx.project, response_id=card.response_id,
                                                       code_id=code_id) if c.start is None]
        shown = code_id in self.shown_whole.get(card.response_id, set())
        if shown and existing:
            self.ctx.run(ops.RemoveCodings(existing), f"Remove {name}")
        elif not shown and not existing:
            self.ctx.run(ops.AddCoding(code_id, card.response_id), f"Code answer as {name}")
        else:
            self.refresh_shown()
            self.ctx.status.emit(f"{name} was already {'removed from' if shown else 'on'} this answer (changed "
                                 f"elsewhere); the answer now shows it as it is saved")

    def picker_codes(self) -> list:  # type: ignore[type-arg]
        """The codes Ctrl+K offers: those filed under the current answer's question (not the question's
        folder code itself); for a question without a folder, the codes filed under no question."""
        folder = codebook.code_at_path(self.ctx.project, self.current.question_key) if self.current else None
        if folder is not None:
            prefix = self.paths.get(folder.id, folder.name) + " > "
            return [c for c in self.codes.values() if self.paths.get(c.id, "").startswith(prefix)]
        keys = {q.key.lower() for q in list_questions(self.ctx.project)}
        return [c for c in self.codes.values() if self.paths.get(c.id, c.name).split(" > ")[0].lower() not in keys]

    def make_picker(self) -> QuickCodePicker:
        return QuickCodePicker(self.picker_codes(), self.paths, self)

    def open_picker(self) -> None:
        card = self.current  # the answer the picker codes, whatever moves behind it meanwhile
        picker = self.make_picker()
        picker.move(self.mapToGlobal(self.rect().center()) - picker.rect().center())
        if picker.exec():
            if card is not None and self.current is not card:
                self.set_current(card)
            self.apply_pick(picker.chosen_code, picker.create_name)

    def apply_pick(self, code_id: str | None, create_name: str | None) -> None:
        """Apply the quick picker's choice: an existing code, or a new one made and applied at once."""
        if code_id:
            self.code_with(code_id)
            return
        if not create_name:
            return
        stack = self.ctx.undo_stack
        stack.beginMacro(f"New code {create_name}")
        operation = ops.CreateCode(create_name)
        if self.ctx.run(operation) and operation.code is not None:
            self.reload_codes()
            self.code_with(operation.code.id)
        stack.endMacro()

    def new_code(self) -> None:
        # text selected when the analyst asks for a new code is what they mean to code with it (a trial's
        # new code was made and the passage left uncoded until they pressed its number)
        card = self.current
        selected = card.editor.selected_range() if card is not None and card.editor is not None else None
        name, ok = ask_text(self, "New code", "Name (use “Parent > Child” for a sub-code):")
        if not (ok and name.strip()):
            return
        if " > " in name:
            from consult_analyser.ui.views.codebook_view import create_path

            create_path(self.ctx, name)
            return
        if selected is None:
            self.ctx.run(ops.CreateCode(name.strip()), f"New code {name.strip()}")
        else:  # made and applied to the selection in one undo step, as the quick picker does
            self.apply_pick(None, name.strip())

    def _chip_action(self, kind: str, ident: str, action: str) -> None:
        card = self.sender()
        if kind == "coding" and action == "remove":
            self.ctx.run(ops.RemoveCodings([ident]), "Remove code")
        elif kind == "suggestion" and isinstance(card, AnswerCard):
            self._decide_one(card, ident, action == "accept")

    def _decide_one(self, card: AnswerCard, code_id: str, accept: bool) -> None:
        """Accept or reject one suggestion on the card; the keyboard, if it was on a suggestion, goes to the next."""
        place = card.focused_suggestion()
        name = self.paths.get(code_id, "code")
        operation = ops.AcceptSuggestion if accept else ops.RejectSuggestion
        self.ctx.run(operation(card.response_id, code_id), f"{'Accept' if accept else 'Reject'} suggestion {name}")
        if place is not None:
            card.focus_suggestion(place)

    def decide_suggestions(self, accept: bool) -> None:
        """A / X: every suggestion on the current answer, or the one the keyboard is on (Tab from the answer)."""
        if self.current is None:
            return
        place = self.current.focused_suggestion()
        if place is not None:
            self._decide_one(self.current, self.current.suggestion_chips[place].property("code_id"), accept)
            return
        pending = suggestions.list_suggestions(self.ctx.project, response_id=self.current.response_id)
        if not pending:
            self.ctx.status.emit("No suggestions on this answer")
            return
        pairs = [(s.response_id, s.code_id) for s in pending]
        operation = ops.AcceptSuggestions(pairs) if accept else ops.RejectSuggestions(pairs)
        self.ctx.run(operation, ("Accept" if accept else "Reject") + f" {len(pairs)} suggestion(s)")
