"""Letters themed by their passages in a project: the passages are embedded once (the project's embedding cache),
and a theme's quote of a letter is the passage that put the letter in it."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from consult_analyser.export.safety import no_redaction
from consult_analyser.export.summaries import published_report
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.pipeline.themes.passages import answer_passages
from consult_analyser.store import theme_report
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.store.schema import SCHEMA_VERSION
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


def _passage(project: Project, theme_id: str, response_id: str) -> str | None:
    return project.scalar("SELECT passage FROM theme_passages WHERE theme_id = ? AND response_id = ?",
                          (theme_id, response_id))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_themes_quote_of_a_letter_is_its_passage_in_the_theme_wherever_quotes_are_shown(letters):
    project, _, _ = letters
    pipeline_themes.discover_project_themes(project, embedder=WordEmbedder(), campaigns=False)
    question = list_questions(project, open_only=True)[0]
    themes = store_themes.list_themes(project, question.id)
    assert len(themes) >= 3
    for summary in themes:
        stored = [_passage(project, summary.theme.id, r[0]) for r in project.query(
            "SELECT response_id FROM theme_assignments WHERE theme_id = ?", (summary.theme.id,))]
        assert stored and all(stored)  # every letter in the theme has the passage that put it there
        quoted = theme_report.quotes(project, summary.theme.id, 5)
        assert quoted
        for quote in quoted:
            whole = project.scalar("SELECT text FROM responses WHERE id = ?", (quote.response_id,))
            assert quote.text == _passage(project, summary.theme.id, quote.response_id)
            assert _flat(quote.text) in _flat(whole) and len(quote.text) < 0.5 * len(whole)
    # the annex and the Word report publish the same passages (cut as any quote is)
    report = published_report(project, question, no_redaction, quotes=3)
    published = [(t, q) for t in report.themes for q in t.quotes]
    assert published
    for theme, quote in published:
        passages = [_flat(r[0]) for r in project.query("SELECT passage FROM theme_passages WHERE theme_id = ?",
                                                       (theme.theme.id,))]
        assert any(_flat(quote.text).strip("… ") in p for p in passages), quote.text


def test_an_older_projects_themes_still_show_quotes(letters, tmp_path):
    project, _, _ = letters
    pipeline_themes.discover_project_themes(project, embedder=WordEmbedder(), campaigns=False)
    path = project.path
    project.close()
    conn = sqlite3.connect(path)  # the project as saved before passages were stored (schema 10)
    conn.execute("DROP TABLE theme_passages")
    conn.execute("ALTER TABLE questions DROP COLUMN follow_up")  # (schema 13)
    conn.execute("PRAGMA user_version = 10")
    conn.commit()
    conn.close()
    older = Project.open(path)
    try:
        assert older.scalar("PRAGMA user_version") == SCHEMA_VERSION
        question = list_questions(older, open_only=True)[0]
        for summary in store_themes.list_themes(older, question.id):
            quoted = theme_report.quotes(older, summary.theme.id, 3)
            assert quoted
            for quote in quoted:  # the whole letter, cut at its passage on the theme as before
                assert quote.text == older.scalar("SELECT text FROM responses WHERE id = ?", (quote.response_id,))
                assert 0 < len(theme_report.quote_excerpt(quote.text, summary.theme.keywords)) <= \
                    theme_report.QUOTE_MAX_CHARS + 4
        assert published_report(older, question, no_redaction, quotes=3).themes[0].quotes
    finally:
        older.close()


def test_a_passage_no_longer_in_the_answer_is_not_quoted(letters):
    project, _, _ = letters
    pipeline_themes.discover_project_themes(project, embedder=WordEmbedder(), campaigns=False)
    theme_id, response_id, passage = project.query("SELECT theme_id, response_id, passage FROM theme_passages")[0]
    with project.transaction() as conn:  # (as when the letter's passages are moved to another question)
        conn.execute("UPDATE responses SET text = replace(text, ?, '') WHERE id = ?", (passage.split(". ")[0], response_id))
        conn.execute("UPDATE theme_assignments SET representative = 1 WHERE response_id = ?", (response_id,))
    quoted = {q.response_id: q.text for q in theme_report.quotes(project, theme_id, 40)}
    assert quoted[response_id] == project.scalar("SELECT text FROM responses WHERE id = ?", (response_id,))
