"""Analysts' sector corrections as undoable operations (reader, sector review, command line)."""

from __future__ import annotations

from consult_analyser.actions.base import Operation
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.journal import SECTORS
from consult_analyser.store.project import Project


class SetSector(Operation):
    """Set (or confirm) a respondent's sector as an analyst's label; ``None`` clears the analyst's
    label, so the declared, rule or model label shows again."""

    action = "set_sector"
    scope = SECTORS

    def __init__(self, respondent_id: str, sector_key: str | None) -> None:
        super().__init__()
        self.respondent_id = respondent_id
        self.sector_key = sector_key

    def _do(self, project: Project) -> None:
        store_sectors.set_analyst_sector(project, self.respondent_id, self.sector_key)
