"""Which embedder a project's theme discovery uses: chosen once from a time budget, recorded, kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.pipeline import embeddings
from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.store import theme_runs
from consult_analyser.store import themes as store_themes
from tests.test_themes_store import StandInModel, make_project, qid, stand_in_campaigns


def test_budget_decides_and_the_choice_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    try:
        names = embeddings.available_embedders()
        if embeddings.DEFAULT_EMBEDDER not in names or embeddings.FAST_EMBEDDER not in names:
            pytest.skip("shipped embedding models missing")
        assert theme_runs.theme_embedder(project) is None
        questions = [q for q in ("Q1", "Q2") if qid(project, q)]
        count, chars = store_themes.distinct_answer_chars(project, [qid(project, q) for q in questions])
        assert 0 < count and chars > count
        assert pipeline_themes.project_embedder(project) == embeddings.DEFAULT_EMBEDDER  # small: fits the budget
        assert pipeline_themes.project_embedder(project, budget_s=0.0) == embeddings.FAST_EMBEDDER

        monkeypatch.setattr(pipeline_themes, "EMBED_BUDGET_S", 0.0)  # as if the consultation were huge
        used: list[str] = []
        real = pipeline_themes.get_embedder

        def spy(name: str | None = None) -> embeddings.Embedder:
            used.append(str(name))
            return real(embeddings.FALLBACK_EMBEDDER)  # no model files needed for the run itself

        monkeypatch.setattr(pipeline_themes, "get_embedder", spy)
        monkeypatch.setattr(pipeline_themes.project_embedder, "__defaults__", (0.0,))
        pipeline_themes.discover_project_themes(project, discover=StandInModel(), find_campaigns=stand_in_campaigns)
        assert used == [embeddings.FAST_EMBEDDER]
        # recorded (as the embedder actually used), and kept for re-runs whatever the budget says
        assert theme_runs.theme_embedder(project) == embeddings.FALLBACK_EMBEDDER
        monkeypatch.setattr(pipeline_themes.project_embedder, "__defaults__", (1e9,))
        assert pipeline_themes.project_embedder(project) == embeddings.FALLBACK_EMBEDDER
        assert pipeline_themes.question_embedder(project, qid(project, "Q2")) == embeddings.FALLBACK_EMBEDDER
        # an explicit choice becomes the project's choice
        monkeypatch.setattr(pipeline_themes, "get_embedder", real)
        pipeline_themes.discover_project_themes(project, embedder=embeddings.FAST_EMBEDDER, discover=StandInModel(),
                                                find_campaigns=stand_in_campaigns, question="Q2")
        assert theme_runs.theme_embedder(project) == embeddings.FAST_EMBEDDER
    finally:
        project.close()
