"""The in-memory answer index gives exactly what the SQL filters give (it only makes them faster)."""

from __future__ import annotations

import shutil

import pytest

from consult_analyser.actions import coding as ops
from consult_analyser.store import responses
from consult_analyser.store.answer_index import filter_index, load_answer_index, load_sectors
from consult_analyser.store.project import Project
from consult_analyser.store.responses import ResponseFilter, list_seqs


@pytest.fixture
def indexed(ui_template, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "p.consult"
    shutil.copy2(ui_template, path)
    project = Project.open(path)
    yield project
    project.close()


def test_index_matches_sql_for_every_filter_and_sort(indexed):  # type: ignore[no-untyped-def]
    project = indexed
    code = ops.CreateCode("Funding")
    code.apply(project)
    ids = [r[0] for r in project.query("SELECT id FROM responses WHERE text != '' ORDER BY seq LIMIT 25")]
    ops.CodeSearchResults(code.code.id, response_ids=ids[::2]).apply(project)
    index = load_answer_index(project)
    question = project.scalar("SELECT question_id FROM responses WHERE text != '' GROUP BY 1 ORDER BY COUNT(*) DESC")
    sector = project.scalar("SELECT sector_key FROM respondent_sector GROUP BY 1 ORDER BY COUNT(*) DESC")
    word = project.scalar("SELECT text FROM responses WHERE text != '' LIMIT 1").split()[0].strip(".,")
    filters = [ResponseFilter(), ResponseFilter(question_id=question), ResponseFilter(sector=sector),
               ResponseFilter(sector="unclassified"), ResponseFilter(text=word), ResponseFilter(text=f'"{word}" the'),
               ResponseFilter(code_id=code.code.id), ResponseFilter(review="coded"), ResponseFilter(review="uncoded"),
               ResponseFilter(question_id=question, sector=sector, text=word), ResponseFilter(campaign="exclude")]
    for f in filters:
        for sort in ("order", "length", "question", "respondent", "sector"):
            for descending in (False, True):
                assert filter_index(project, index, f, sort, descending) == list_seqs(project, f, sort, descending), \
                    (f, sort, descending)
    assert filter_index(project, index, ResponseFilter(), "text") is None  # falls back to SQL
    seqs = list_seqs(project, ResponseFilter(), "respondent")[:300]
    rows = responses.fetch_rows(project, seqs)
    assert [r.seq for r in rows] == seqs
    classified = {r.respondent_id: r.sector for r in rows}
    expected = dict(project.query("SELECT respondent_id, sector_key FROM respondent_sector"))
    assert all(sector == (expected.get(rid) or "") for rid, sector in classified.items())


def test_sector_corrections_patch_the_index(indexed):  # type: ignore[no-untyped-def]
    from consult_analyser.store import sectors

    project = indexed
    index = load_answer_index(project)
    respondent = project.scalar("SELECT respondent_id FROM responses WHERE text != '' LIMIT 1")
    sectors.set_analyst_sector(project, respondent, "business")
    load_sectors(project, index, [respondent])
    f = ResponseFilter(sector="business")
    assert filter_index(project, index, f) == list_seqs(project, f)


def test_responses_view_switches_to_the_index_on_large_projects(qtbot, ui_project_path, monkeypatch):  # type: ignore[no-untyped-def]
    from consult_analyser.store.responses import count
    from consult_analyser.ui.main_window import MainWindow
    from consult_analyser.ui.views import responses_view

    monkeypatch.setattr(responses_view, "INDEX_THRESHOLD", 0)
    window = MainWindow(Project.open(ui_project_path))
    qtbot.addWidget(window)
    view = window.show_view("responses")
    qtbot.waitUntil(lambda: view.model.answer_index is not None, timeout=30000)
    project = window.ctx.project
    view.sector.setCurrentIndex(1)
    assert view.model.rowCount() == count(project, ResponseFilter(sector=view.sector.currentData()))
    view.search.setText("the")
    view.apply_filter()
    assert view.model.rowCount() == count(project, ResponseFilter(sector=view.sector.currentData(), text="the"))
    window.ctx.tasks.wait(10000)
