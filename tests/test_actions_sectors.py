"""Sector corrections are undoable operations journalled like codings and themes."""

from __future__ import annotations

from consult_analyser.actions.sectors import SetSector
from consult_analyser.store import responses
from consult_analyser.store import sectors as store_sectors


def _rows(project, rid):  # type: ignore[no-untyped-def]
    return [tuple(r) for r in project.query(
        "SELECT * FROM sector_assignments WHERE respondent_id = ? ORDER BY source", (rid,))]


def test_set_sector_undo_redo_restores_rows_exactly(imported_project):  # type: ignore[no-untyped-def]
    project = imported_project
    rid = responses.respondent(project, "R-002").id
    first = SetSector(rid, "faith")
    first.apply(project)
    after_first = _rows(project, rid)
    second = SetSector(rid, "voluntary")
    changes = second.apply(project)
    assert "sector_assignments" in changes.tables and rid in changes.ids
    assert store_sectors.analyst_sector(project, rid).sector_key == "voluntary"
    second.revert(project)
    assert _rows(project, rid) == after_first  # the earlier analyst label, its time and author included
    second.apply(project)  # redo
    assert store_sectors.analyst_sector(project, rid).sector_key == "voluntary"
    second.revert(project)
    first.revert(project)
    assert store_sectors.analyst_sector(project, rid) is None


def test_clearing_an_analyst_label_is_undoable(imported_project):  # type: ignore[no-untyped-def]
    project = imported_project
    rid = responses.respondent(project, "R-004").id
    SetSector(rid, "academic").apply(project)
    clear = SetSector(rid, None)
    clear.apply(project)
    assert store_sectors.analyst_sector(project, rid) is None
    clear.revert(project)
    assert store_sectors.analyst_sector(project, rid).sector_key == "academic"
