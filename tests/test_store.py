"""The project store: creation, migrations, locking, transactions, FTS, sectors, embeddings cache."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import numpy as np
import pytest

from consult_analyser.domain import Sector, SectorAssignment, Source
from consult_analyser.errors import ProjectError
from consult_analyser.store import embedding_cache, responses, sectors
from consult_analyser.store.project import Project
from consult_analyser.store.schema import SCHEMA_VERSION


def test_create_sets_schema_and_wal(tmp_path):
    with Project.create(tmp_path / "a.consult", name="Test") as project:
        assert project.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert project.scalar("PRAGMA journal_mode") == "wal"
        assert project.name == "Test"


def test_create_refuses_existing(tmp_path):
    Project.create(tmp_path / "a.consult").close()
    with pytest.raises(ProjectError):
        Project.create(tmp_path / "a.consult")


def test_open_rejects_non_project(tmp_path):
    bogus = tmp_path / "notes.consult"
    bogus.write_text("hello")
    with pytest.raises(ProjectError, match="not a Consult Analyser project"):
        Project.open(bogus)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "a.consult"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(path)


def test_migration_backs_up_before_upgrading(tmp_path, monkeypatch):
    from consult_analyser.store import project as project_module
    from consult_analyser.store import schema

    path = tmp_path / "a.consult"
    Project.create(path).close()
    extra = schema.MIGRATIONS + ["CREATE TABLE extra_test (x INTEGER);"]
    monkeypatch.setattr(project_module, "MIGRATIONS", extra)
    monkeypatch.setattr(project_module, "SCHEMA_VERSION", len(extra))
    with Project.open(path) as project:
        assert project.scalar("PRAGMA user_version") == len(extra)
    backups = list(tmp_path.glob(f"a.schema{SCHEMA_VERSION}.bak*.consult"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_second_process_gets_clear_refusal(tmp_path):
    path = tmp_path / "a.consult"
    with Project.create(path):
        code = (
            "import sys\nfrom consult_analyser.store.project import Project\nfrom consult_analyser.errors import ProjectLocked\n"
            f"try:\n    Project.open({str(path)!r})\nexcept ProjectLocked as e:\n    print(e); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert result.returncode == 3, result.stderr
        assert "open for writing" in result.stdout
        assert "read-only" not in result.stdout  # the app has no read-only mode to offer
        # read-only access from elsewhere is fine
        code_ro = f"from consult_analyser.store.project import Project\nProject.open({str(path)!r}, readonly=True).close()"
        assert subprocess.run([sys.executable, "-c", code_ro], timeout=60).returncode == 0
    # after closing, another process may write
    code_rw = f"from consult_analyser.store.project import Project\nProject.open({str(path)!r}).close()"
    assert subprocess.run([sys.executable, "-c", code_rw], timeout=60).returncode == 0


def test_same_process_may_open_twice(tmp_path):
    path = tmp_path / "a.consult"
    with Project.create(path) as first:
        second = first.reopen()
        second.close()
        first.set_meta("x", "1")  # still writable after the second connection closed
    with Project.open(path) as again:
        assert again.get_meta("x") == "1"


def test_transaction_rolls_back_on_error(project):
    with pytest.raises(RuntimeError):
        with project.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
            raise RuntimeError("boom")
    assert project.get_meta("k", "missing") == "missing"


def test_readonly_refuses_writes(tmp_path):
    path = tmp_path / "a.consult"
    Project.create(path).close()
    with Project.open(path, readonly=True) as project:
        with pytest.raises(ProjectError, match="read-only"):
            project.set_meta("x", "y")


def test_fts_search_and_snippets(imported_project):
    hits = responses.search(imported_project, "english classes")
    assert hits and "[English]" in hits[0].snippet
    assert responses.search(imported_project, "") == []
    # user syntax that would break FTS5 is made safe
    assert responses.search(imported_project, 'AND OR "unbalanced') == []


def test_a_word_with_punctuation_inside_is_searched_as_written():
    # "A&E" found "no matches": the query had become "AE"
    assert responses.fts_query("A&E") == '"A&E"' and responses.fts_query("co-op") == '"co-op"'
    assert responses.fts_query("(parking)") == '"parking"' and responses.fts_query("waits*") == '"waits"*'


def test_filters_and_paging(imported_project):
    f = responses.ResponseFilter(text="funding")
    seqs = responses.list_seqs(imported_project, f)
    rows = responses.fetch_rows(imported_project, seqs)
    assert rows and all("funding" in r.text.lower() for r in rows)
    all_rows = responses.fetch_rows(imported_project, responses.list_seqs(imported_project, responses.ResponseFilter()))
    assert len(all_rows) == responses.count(imported_project, responses.ResponseFilter())
    by_length = responses.list_seqs(imported_project, responses.ResponseFilter(), sort="length", descending=True)
    lengths = [len(r.text) for r in responses.fetch_rows(imported_project, by_length)]
    assert lengths == sorted(lengths, reverse=True)


def test_sector_authority_order(imported_project):
    project = imported_project
    rid = responses.respondent(project, "R-002").id
    sectors.set_taxonomy(project, [Sector("local_authority", "Local authority"), Sector("business", "Business")])
    sectors.save_assignments(project, [SectorAssignment(rid, "business", Source.MODEL, 0.6)])
    assert sectors.effective_sector(project, rid).source == Source.MODEL
    sectors.save_assignments(project, [SectorAssignment(rid, "local_authority", Source.RULES, 0.9)])
    assert sectors.effective_sector(project, rid).sector_key == "local_authority"
    previous = sectors.set_analyst_sector(project, rid, "business")
    assert previous is None
    effective = sectors.effective_sector(project, rid)
    assert (effective.sector_key, effective.source) == ("business", Source.ANALYST)
    # a model re-run never removes the analyst's label
    sectors.save_assignments(project, [SectorAssignment(rid, "local_authority", Source.MODEL, 0.7)],
                             replace_sources=[Source.MODEL])
    assert sectors.effective_sector(project, rid).source == Source.ANALYST
    sectors.set_analyst_sector(project, rid, None)
    assert sectors.effective_sector(project, rid).source == Source.RULES
    actions = [r["action"] for r in project.query("SELECT action FROM audit")]
    assert actions.count("set_sector") == 2


def test_embedding_cache_computes_once(project):
    calls = []

    def compute(texts):
        calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    first = embedding_cache.cached_embeddings(project, "m:1", ["a", "bb", "a"], compute)
    second = embedding_cache.cached_embeddings(project, "m:1", ["bb", "a", "ccc"], compute)
    assert calls == [["a", "bb"], ["ccc"]]
    assert first.shape == (3, 2) and np.allclose(second[0], [2, 1])
    embedding_cache.cached_embeddings(project, "m:2", ["a"], compute)
    assert calls[-1] == ["a"]  # keyed by model too


def test_version_one_project_is_upgraded(tmp_path):
    """A project written with the first schema opens, gains the new columns, and keeps its data."""
    from consult_analyser.store import schema
    from consult_analyser.store.project import _split_sql

    path = tmp_path / "old.consult"
    conn = sqlite3.connect(path)
    for statement in _split_sql(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO respondents(id, external_id) VALUES ('r1', 'X-1')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert project.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert project.scalar("SELECT email_hash FROM respondents WHERE id = 'r1'") == ""
    assert list(tmp_path.glob("old.schema1.bak*.consult"))


def test_version_two_project_moves_cached_phrases_to_their_own_table(tmp_path):
    """Early v2 projects kept per-text phrase caches in ``embeddings`` with dim 0; v3 moves them
    to ``text_cache`` and leaves real embeddings where they are."""
    import numpy as np

    from consult_analyser.store import embedding_cache, schema
    from consult_analyser.store.project import _split_sql

    path = tmp_path / "v2.consult"
    conn = sqlite3.connect(path)
    for migration in schema.MIGRATIONS[:2]:
        for statement in _split_sql(migration):
            conn.execute(statement)
    vector = np.ones(4, dtype=np.float32)
    conn.execute("INSERT INTO embeddings(model, text_hash, dim, vector) VALUES ('m:1', ?, 4, ?)",
                 (embedding_cache.text_hash("an answer"), vector.tobytes()))
    conn.execute("INSERT INTO embeddings(model, text_hash, dim, vector) VALUES ('phrases:1', ?, 0, ?)",
                 (embedding_cache.text_hash("an answer"), b"cached phrases"))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert project.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert embedding_cache.load_all_blobs(project, "phrases:", ["an answer"]) == {"phrases:1": {"an answer": b"cached phrases"}}
        assert project.scalar("SELECT COUNT(*) FROM embeddings") == 1
        cached = embedding_cache.cached_embeddings(project, "m:1", ["an answer"], lambda texts: 1 / 0)
        assert cached.tolist() == [vector.tolist()]
        embedding_cache.store_blobs(project, "phrases:1", {"another": b"x"})
        embedding_cache.clear(project)
        assert project.scalar("SELECT COUNT(*) FROM text_cache") == 0
    assert list(tmp_path.glob("v2.schema2.bak*.consult"))


def test_document_joins_online_respondent_by_email(imported_project, tmp_path):
    letter = tmp_path / "letter.eml"
    letter.write_text("From: Council Policy <policy@anytown.gov.uk>\nSubject: Our response\n\n"
                      "Please find our views on the strategy below. We support integration areas.\n",
                      encoding="utf-8")
    from consult_analyser.ingest.importer import import_files

    result = import_files(imported_project, [letter])
    assert result.respondents == 0 and result.documents == 1
    sub = responses.submission(imported_project, "R-002")
    assert [d.filename for d in sub.documents] == ["letter.eml"]
    assert imported_project.scalar("SELECT COUNT(*) FROM respondents WHERE email_domain LIKE '%@%'") == 0


def _fts_consistent(project) -> bool:
    try:
        project.conn.execute("INSERT INTO responses_fts(responses_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def test_bulk_import_indexes_every_answer_once(imported_project, tmp_path):
    """The importer indexes answers a batch at a time; the index matches the table exactly, and
    the per-row trigger indexes later writes again."""
    from consult_analyser.ingest.importer import import_files
    from tests.conftest import SURVEY_ROWS, write_survey

    project = imported_project
    assert _fts_consistent(project)
    assert project.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'responses_ai'") == 1
    indexed = project.scalar("SELECT COUNT(*) FROM responses_fts WHERE responses_fts MATCH 'funding OR english'")
    assert indexed == project.scalar(
        "SELECT COUNT(*) FROM responses WHERE lower(text) LIKE '%funding%' OR lower(text) LIKE '%english%'")
    # an overlapping export: old rows are skipped, new ones indexed, nothing indexed twice
    extra = [row[:] for row in SURVEY_ROWS[:2]] + [["R-900", "", "Individual", "", "", "", "", "", "Agree",
                                                    "Zebra crossings near schools", "", ""]]
    import_files(project, [write_survey(tmp_path / "more.csv", extra)])
    assert _fts_consistent(project)
    assert [h.external_id for h in responses.search(project, "zebra")] == ["R-900"]
    # writes outside an import still go through the trigger
    answer_id, respondent_id, question_id = project.conn.execute(
        "SELECT id, respondent_id, question_id FROM responses ORDER BY seq LIMIT 1").fetchone()
    with project.transaction() as conn:
        conn.execute("UPDATE responses SET text = 'Quokka sighting' WHERE id = ?", (answer_id,))
    assert [h.response_id for h in responses.search(project, "quokka")] == [answer_id]
    with project.transaction() as conn:
        conn.execute("DELETE FROM responses WHERE id = ?", (answer_id,))
        conn.execute("INSERT INTO responses(id, respondent_id, question_id, text) VALUES ('x1', ?, ?, 'Wombat burrows')",
                     (respondent_id, question_id))
    assert [h.response_id for h in responses.search(project, "wombat")] == ["x1"]
    assert responses.search(project, "quokka") == []
    assert _fts_consistent(project)


def test_failed_import_leaves_trigger_in_place(project, tmp_path):
    from consult_analyser.errors import IngestError
    from consult_analyser.ingest.importer import import_files
    from tests.conftest import SURVEY_ROWS, write_survey

    rows = [row[:] for row in SURVEY_ROWS] + [[*SURVEY_ROWS[0][:-1], "changed"]]  # id again, another answer
    with pytest.raises(IngestError):
        import_files(project, [write_survey(tmp_path / "dup.csv", rows)])
    assert project.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'responses_ai'") == 1
    assert project.scalar("SELECT COUNT(*) FROM responses") == 0
    assert _fts_consistent(project)


def test_a_checkpoint_brings_the_project_file_up_to_date(tmp_path):
    """Edits sat in the write-ahead log until the app quit: the .consult file alone, copied while
    the app was open, left them behind. After a checkpoint a copy of the file alone holds them."""
    import shutil

    from consult_analyser.store.project import Project

    with Project.create(tmp_path / "p.consult", name="Before") as project:
        project.set_meta("note", "an edit")
        project.checkpoint()
        shutil.copy(tmp_path / "p.consult", tmp_path / "copy.consult")  # the file alone, not its -wal
        with Project.open(tmp_path / "copy.consult", readonly=True) as copy:
            assert copy.get_meta("note") == "an edit"


def test_search_says_when_more_answers_match_than_it_shows(imported_project, capsys):
    from consult_analyser.cli.main import main

    path = str(imported_project.path)
    imported_project.close()
    assert main(["-q", "search", path, "for", "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1 and "1 of " in err and "--limit N for more" in err


def test_a_box_naming_no_organisation_is_not_shown_as_who_answered(project, tmp_path):
    """A trial's Responses view listed a person as "n/a": what they wrote in the organisation box."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store import responses
    from tests.conftest import write_survey

    header = ["Response ID", "Your name", "Organisation name", "Q1. Views?"]
    rows = [["A1", "Jo Bloggs", "n/a", "Fine"], ["A2", "", "Acme Ltd", "Good"]]
    import_files(project, [write_survey(tmp_path / "s.csv", rows, header)])
    seqs = responses.list_seqs(project, responses.ResponseFilter())
    names = {r.external_id: r.respondent_name for r in responses.fetch_rows(project, seqs)}
    assert names == {"A1": "Jo Bloggs", "A2": "Acme Ltd"}
