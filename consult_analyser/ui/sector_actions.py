"""Setting a respondent's sector as an analyst, as one undoable step (reader and sector review)."""

from __future__ import annotations

from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.project import Changes
from consult_analyser.ui.context import AppContext


def set_sector(ctx: AppContext, respondent_id: str, sector_key: str | None, text: str = "") -> bool:
    """Set (or confirm) a respondent's sector as an analyst's label, undoably."""
    project = ctx.project
    previous: list = []

    def apply() -> Changes:
        previous[:] = [store_sectors.set_analyst_sector(project, respondent_id, sector_key)]
        return Changes({"sector_assignments"}, [respondent_id])

    def revert() -> Changes:
        before = previous[0] if previous else None
        store_sectors.set_analyst_sector(project, respondent_id, before.sector_key if before else None)
        return Changes({"sector_assignments"}, [respondent_id])

    return ctx.call(text or "Set sector", apply, revert)
