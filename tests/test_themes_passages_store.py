"""Letters themed by their passages in a project: the passages are embedded once (the project's embedding cache),
and a theme's quote of a letter is the passage that put the letter in it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.pipeline.themes.passages import answer_passages
from consult_analyser.store.project import Project
from tests.test_themes_passages import _letters
from tests.test_themes_store import WordEmbedder


class RecordingEmbedder(WordEmbedder):
    """Hashed bag of words that keeps every text it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def encode(self, texts, progress=None, batch_size=64):
        self.texts.extend(texts)
        return super().encode(texts, progress, batch_size)


def letters_project(tmp_path: Path, n: int = 40) -> tuple[Project, list[str], list[list[str]]]:
    letters, made = _letters(n)
    path = tmp_path / "letters.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Response ID", "Organisation name", "Q1. Your views on the discussion paper"])
        writer.writerows([f"L{i:03d}", f"Organisation {i}", text] for i, text in enumerate(letters))
    project = Project.create(tmp_path / "letters.consult")
    import_files(project, [path])
    return project, letters, made


@pytest.fixture
def letters(tmp_path):
    project, texts, made = letters_project(tmp_path)
    yield project, texts, made
    project.close()


def test_a_letters_passages_are_embedded_once_and_whole_letters_not_at_all(letters):
    project, texts, _ = letters
    embedder = RecordingEmbedder()
    pipeline_themes.discover_project_themes(project, embedder=embedder, campaigns=False)
    passages = {p for t in texts for p in answer_passages(t)}
    first = set(embedder.texts)
    assert len(passages & first) >= 0.8 * len(passages)  # (the copied question lists are not clustered)
    assert not first & set(texts) and not any(t in first for t in texts)  # whole letters: their vectors go unused
    embedder.texts.clear()
    pipeline_themes.discover_project_themes(project, embedder=embedder, campaigns=False)
    assert not set(embedder.texts) & passages  # from the project's cache
    assert project.scalar("SELECT COUNT(*) FROM themes") >= 3
