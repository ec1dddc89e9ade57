"""An analyst withdraws respondents after import: an undoable operation (reader, command line).

Real cases: the same person sent the online form twice (or the form and an e-mail with the same
text); a test response made by staff before launch; spam with no consultation content; a respondent
who asks for their response to be withdrawn and their data erased. The respondent and everything
hanging off it are deleted in one transaction with its audit row (see
:mod:`consult_analyser.store.withdrawals`); undo puts every row back exactly, ids included (the
tables of :data:`consult_analyser.store.journal.WITHDRAWAL`).

An erasure (reason ``request``) runs with ``PRAGMA secure_delete`` on, purges the full-text indexes
and truncates the write-ahead log, so that once the undo stack is gone (the app closed, or the
command line, which applies once) nothing of the respondent's text remains in the project file. While
the app is open its undo stack holds the rows in memory, so that Ctrl+Z can put them back.
"""

from __future__ import annotations

from consult_analyser.actions.base import Operation
from consult_analyser.store import withdrawals
from consult_analyser.store.journal import WITHDRAWAL
from consult_analyser.store.project import Changes, Project


class Withdraw(Operation):
    """Withdraw one respondent or several (the project's ids, one undo step) for a reason
    (duplicate, test, spam, request), with the analyst's note; ``duplicate_of``: the respondent kept
    (reason duplicate only)."""

    action = "withdraw"
    scope = WITHDRAWAL

    def __init__(self, respondent_id: str | list[str], reason: str, note: str, *,
                 duplicate_of: str | None = None) -> None:
        super().__init__()
        self.respondent_ids = [respondent_id] if isinstance(respondent_id, str) else list(respondent_id)
        self.reason = withdrawals.check_reason(reason)
        self.note = note
        self.duplicate_of = duplicate_of or None
        self.removed: dict[str, int] = {}

    @property
    def label(self) -> str:
        many = len(self.respondent_ids) != 1
        return f"Withdraw respondent{'s' if many else ''} ({withdrawals.REASON_LABELS[self.reason]})"

    @property
    def erases(self) -> bool:
        return self.reason == "request"

    def apply(self, project: Project) -> Changes:
        if not self.erases:
            return super().apply(project)
        with withdrawals.erasing(project):
            return super().apply(project)

    def _do(self, project: Project) -> None:
        self.removed = withdrawals.withdraw(project, self.respondent_ids, self.reason, self.note,
                                            duplicate_of=self.duplicate_of)
