"""An analyst changes respondents' publication choices: an undoable operation (reader, command line).

Real cases: a respondent e-mails after the consultation closed asking to be anonymous; a letter
says "please treat this response as confidential"; an import read the consent column wrongly. The
change is one transaction with its audit row, so it survives a crash once applied; undo puts back
exactly the publication columns it changed (see :data:`consult_analyser.store.journal.PUBLICATION`).
"""

from __future__ import annotations

from consult_analyser.actions.base import Operation
from consult_analyser.domain import Publication
from consult_analyser.store import consent
from consult_analyser.store.journal import PUBLICATION
from consult_analyser.store.project import Project

#: the words a user may give for each choice (command line), besides its value
CHOICE_NAMES = {
    "public": Publication.PUBLIC, "anonymous": Publication.ANONYMOUS, "anonymously": Publication.ANONYMOUS,
    "not_for_publication": Publication.NOT_FOR_PUBLICATION, "not-for-publication": Publication.NOT_FOR_PUBLICATION,
    "not for publication": Publication.NOT_FOR_PUBLICATION, "confidential": Publication.NOT_FOR_PUBLICATION,
    "unknown": Publication.UNKNOWN, "not stated": Publication.UNKNOWN, "not-stated": Publication.UNKNOWN,
}


def parse_choice(text: str) -> Publication:
    """The :class:`Publication` a user names ("anonymous", "not-for-publication", "confidential"...);
    ``ValueError`` naming the value and the choices otherwise."""
    found = CHOICE_NAMES.get(" ".join(text.strip().lower().split()))
    if found is None:
        raise ValueError(f"unknown publication choice {text!r}: choose public, anonymous, not-for-publication "
                         "(or confidential) or unknown")
    return found


class SetPublication(Operation):
    """Set the publication choice of one respondent or several (internal ids, one undo step), with a
    reason; ``None`` puts back the choice the import read from the consent column."""

    action = "set_publication"
    scope = PUBLICATION

    def __init__(self, respondent_id: str | list[str], publication: Publication | str | None, reason: str) -> None:
        super().__init__()
        self.respondent_ids = [respondent_id] if isinstance(respondent_id, str) else list(respondent_id)
        self.publication = None if publication is None else Publication(publication)
        self.reason = reason
        self.changed = 0

    @property
    def label(self) -> str:
        return "Set publication choice" if self.publication else "Put back the imported publication choice"

    def _do(self, project: Project) -> None:
        self.changed = consent.set_choices(project, self.respondent_ids, self.publication, self.reason)
