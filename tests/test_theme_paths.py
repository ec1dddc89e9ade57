"""One theme computation: the app (its pure step in a child process) and the command line (all in
process) give identical themes, campaigns included, on the same project."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from consult_analyser.ingest.importer import import_files
from consult_analyser.paths import sample_dir
from consult_analyser.pipeline.embeddings import FAST_EMBEDDER
from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store import theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.ui.isolated import discovery_task


def _snapshot(path: Path, question_id: str) -> tuple[list, list, dict]:
    project = Project.open(path)
    try:
        themes = sorted((s.theme.label, tuple(sorted(store_themes.answer_ids(project, s.theme.id))))
                        for s in store_themes.list_themes(project, question_id))
        campaigns = sorted((c.canonical_response_id, tuple(sorted(r for r, _ in c.members)))
                           for c in store_campaigns.stored_groups(project, question_id))
        params = dict(theme_runs.latest_run(project, question_id).params)
    finally:
        project.close()
    return themes, campaigns, params


@pytest.fixture
def two_copies(tmp_path: Path) -> tuple[Path, Path, str]:
    source = sample_dir() / "online_survey.csv"
    if not source.exists():
        pytest.skip("the sample consultation is absent")
    with source.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:301]
    column = next(i for i, h in enumerate(header) if h.startswith("Q2."))
    template = ("I am writing to support the campaign for fair funding of local integration projects, "
                "because our {} needs long-term money for English classes and youth clubs.")
    for n, place in enumerate(["town", "city", "village", "borough", "area", "county", "district", "parish"] * 3):
        row = list(body[n])
        row[0] = f"CAMPAIGN-{n}"
        row[column] = template.format(place)
        body.append(row)
    small = tmp_path / "survey.csv"
    with small.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    first = tmp_path / "cli.consult"
    project = Project.create(first)
    import_files(project, [small])
    question = next(q for q in list_questions(project, open_only=True) if q.key == "Q2")
    project.close()
    second = tmp_path / "app.consult"
    shutil.copy(first, second)
    return first, second, question.id


def test_app_and_cli_compute_identical_themes(two_copies: tuple[Path, Path, str]) -> None:
    cli_path, app_path, question_id = two_copies
    project = Project.open(cli_path)
    try:
        pipeline_themes.discover_project_themes(project, question=question_id, embedder=FAST_EMBEDDER)
    finally:
        project.close()
    app_project = Project.open(app_path)
    try:
        summary = discovery_task(app_project, question_id, {"embedder": FAST_EMBEDDER})(lambda *_: None)
    finally:
        app_project.close()
    assert "themes" in summary
    cli_themes, cli_campaigns, cli_params = _snapshot(cli_path, question_id)
    app_themes, app_campaigns, app_params = _snapshot(app_path, question_id)
    assert cli_themes and len(cli_themes) > 2
    assert cli_campaigns, "the planted campaign must be found"
    assert app_themes == cli_themes
    assert app_campaigns == cli_campaigns
    assert app_params == cli_params
