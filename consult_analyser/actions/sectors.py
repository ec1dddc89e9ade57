"""Analysts' sector corrections as undoable operations (reader, sector review, command line)."""

from __future__ import annotations

from consult_analyser.actions.base import Operation
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.journal import SECTORS
from consult_analyser.store.project import Project


class SetSector(Operation):
    """Set (or confirm) a respondent's sector as an analyst's label (or several respondents', as one
    step); ``None`` clears the analyst's label, so the declared, rule or model label shows again."""

    action = "set_sector"
    scope = SECTORS

    def __init__(self, respondent_id: str | list[str], sector_key: str | None) -> None:
        super().__init__()
        self.respondent_ids = [respondent_id] if isinstance(respondent_id, str) else list(respondent_id)
        self.sector_key = sector_key

    def _do(self, project: Project) -> None:
        for respondent_id in self.respondent_ids:  # several at once: one undo step
            store_sectors.set_analyst_sector(project, respondent_id, self.sector_key)
