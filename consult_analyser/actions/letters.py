"""Undoable actions on letters: map their passages, move a passage to another question (or every
General comments passage of the letters, or of one letter, at once), mark a document as supporting
material. Journalled in the :data:`~consult_analyser.store.journal.LETTERS`
scope, so the letter answers rebuilt by an action (and the codings that follow their passages)
come back exactly on undo."""

from __future__ import annotations

from consult_analyser.actions.base import Operation
from consult_analyser.pipeline.letters.run import LetterSummary, map_letters
from consult_analyser.store import journal
from consult_analyser.store import passages as store_passages
from consult_analyser.store.project import Project


class MapLetters(Operation):
    """Split every document into passages and map them to questions (an analyst's moves are kept)."""

    action = "map_letters"
    scope = journal.LETTERS

    def __init__(self) -> None:
        super().__init__()
        self.summary: LetterSummary | None = None

    def _do(self, project: Project) -> None:
        self.summary = map_letters(project)


class MovePassage(Operation):
    """Map a passage to another question (its letter answers and span codings follow)."""

    action = "move_passage"
    scope = journal.LETTERS

    def __init__(self, passage_id: str, question_id: str):
        super().__init__()
        self.passage_id, self.question_id = passage_id, question_id

    def _do(self, project: Project) -> None:
        store_passages.set_passage_question(project, self.passage_id, self.question_id)


class MoveGeneralPassages(Operation):
    """Map the General comments passages of every letter (or of these documents) to one question at
    once, each as :class:`MovePassage` maps one (see :func:`~consult_analyser.store.passages.move_general_passages`)."""

    action = "move_general_passages"
    scope = journal.LETTERS

    def __init__(self, question_id: str, document_ids: list[str] | None = None):
        super().__init__()
        self.question_id, self.document_ids = question_id, document_ids
        self.result: store_passages.GeneralMove | None = None

    def _do(self, project: Project) -> None:
        self.result = store_passages.move_general_passages(project, self.question_id, self.document_ids)


class SetDocumentRole(Operation):
    """Mark a document as a letter (analysed) or as supporting material (left out of counts)."""

    action = "set_document_role"
    scope = journal.LETTERS

    def __init__(self, document_id: str, role: str):
        super().__init__()
        self.document_id, self.role = document_id, role

    def _do(self, project: Project) -> None:
        store_passages.set_document_role(project, self.document_id, self.role)
