"""Withdrawing respondents after import: every row goes and comes back exactly with undo, an erasure
leaves none of the text in the file, a later import skips them, a merged analyst's copy made before
drops their codings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from consult_analyser.actions.withdraw import Withdraw
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings, memos, sectors, themes, withdrawals
from consult_analyser.store.embedding_cache import save_embeddings, store_blobs
from consult_analyser.store.project import Project
from tests.conftest import SURVEY_ROWS, write_survey

PLANTED = "Zanzibarquux hedgehogs deserve a roundabout of their own in Little Snoring"


def _id(project: Project, external: str) -> str:
    found = project.scalar("SELECT id FROM respondents WHERE external_id = ?", (external,))
    assert found, external
    return found


def _snapshot(project: Project) -> dict[str, list[tuple]]:
    tables = [r[0] for r in project.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                          "'%fts%' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit', 'meta')")]
    out = {t: sorted(tuple(r) for r in project.query(f"SELECT * FROM {t}")) for t in tables}
    out["search"] = sorted(tuple(r) for r in project.query(
        "SELECT rowid FROM responses_fts WHERE responses_fts MATCH 'councils OR libraries OR zanzibarquux'"))
    return out


def _work_on(project: Project, external: str) -> str:
    """Codings, a memo, a sector, a theme, a cached vector on one respondent's answers."""
    rid = _id(project, external)
    answers = [r[0] for r in project.query("SELECT id FROM responses WHERE respondent_id = ? AND text != ''", (rid,))]
    code = codebook.create_code(project, "Funding")
    for answer in answers:
        codings.add_coding(project, code.id, answer)
    memos.add_memo(project, "response", answers[0], "Quotes the planted words")
    memos.add_memo(project, "respondent", rid, "Phoned them")
    sectors.set_analyst_sector(project, rid, "local_authority")
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    theme = themes.create_theme(project, q2, "Local services")
    q2_answer = project.scalar("SELECT id FROM responses WHERE respondent_id = ? AND question_id = ?", (rid, q2))
    themes.assign(project, theme.id, [q2_answer])
    return rid


def test_withdraw_and_undo_put_back_every_row_exactly(imported_project):
    project = imported_project
    rid = _work_on(project, "R-002")
    kept = _id(project, "R-001")
    before = _snapshot(project)
    op = Withdraw(rid, "duplicate", "Sent the form twice", duplicate_of=kept)
    changes = op.apply(project)
    assert op.removed["respondents"] == 1 and op.removed["answers"] == 3 and op.removed["codings"] == 2
    assert op.removed["memos"] == 2 and op.removed["sector_assignments"] >= 1
    assert {"respondents", "responses", "codings", "withdrawals"} <= changes.tables
    for table, column in (("respondents", "id"), ("sector_assignments", "respondent_id"),
                          ("responses", "respondent_id")):
        assert project.scalar(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (rid,)) == 0
    assert project.scalar("SELECT COUNT(*) FROM codings") == 0 and project.scalar("SELECT COUNT(*) FROM memos") == 0
    (listed,) = withdrawals.listing(project)
    assert (listed.reason, listed.note, listed.duplicate_of, listed.withdrawn_by) == (
        "duplicate", "Sent the form twice", "R-001", project.actor)
    # nothing of who they were: not the id as in the file, not the name or the organisation
    row = " ".join(str(v) for v in project.query("SELECT * FROM withdrawals")[0])
    assert "R-002" not in row and "Anytown" not in row and rid not in row
    assert withdrawals.counts_by_reason(project) == {"duplicate": 1, "test": 0, "spam": 0, "request": 0}

    op.revert(project)
    assert _snapshot(project) == before  # every row back, ids (and the search index) included
    op.apply(project)  # redo
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE id = ?", (rid,)) == 0
    op.revert(project)
    assert _snapshot(project) == before


def test_what_is_refused_names_the_problem(imported_project):
    project = imported_project
    rid = _id(project, "R-003")
    with pytest.raises(ValueError, match="unknown reason 'bored'"):
        Withdraw(rid, "bored", "")
    with pytest.raises(ValueError, match="no respondent 'nobody'"):
        Withdraw([rid, "nobody"], "spam", "").apply(project)
    with pytest.raises(ValueError, match="duplicate of itself"):
        Withdraw(rid, "duplicate", "", duplicate_of=rid).apply(project)
    with pytest.raises(ValueError, match="'duplicate' only"):
        Withdraw(rid, "spam", "", duplicate_of=_id(project, "R-001")).apply(project)
    assert project.scalar("SELECT COUNT(*) FROM respondents") == len(SURVEY_ROWS)
    assert project.scalar("SELECT COUNT(*) FROM withdrawals") == 0


def _planted_project(tmp_path: Path) -> Path:
    rows = [list(r) for r in SURVEY_ROWS]
    rows[3][9] = PLANTED + ". " + " ".join(["More words so the answer spills over a page."] * 120)
    path = tmp_path / "erase.consult"
    with Project.create(path) as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", rows)])
    return path


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def test_an_erasure_leaves_nothing_of_the_text_in_the_file(tmp_path):
    path = _planted_project(tmp_path)
    with Project.open(path) as project:
        project.conn.execute("PRAGMA secure_delete = OFF")  # as many SQLite builds have it
        rid = _id(project, "R-004")
        text = project.scalar("SELECT text FROM responses WHERE respondent_id = ? AND text LIKE 'Zanzibarquux%'",
                              (rid,))
        save_embeddings(project, "model:1", {text: np.ones(4, dtype=np.float32)})
        store_blobs(project, "phrases:1", {text: b"zanzibarquux hedgehogs"})
        # (another respondent's cached text stays)
        other = project.scalar("SELECT text FROM responses WHERE text LIKE 'Councils%'")
        save_embeddings(project, "model:1", {other: np.ones(4, dtype=np.float32)})
        project.checkpoint()
    assert PLANTED.encode() in _file_bytes(path)
    with Project.open(path) as project:
        project.conn.execute("PRAGMA secure_delete = OFF")
        Withdraw(_id(project, "R-004"), "request", "E-mail of 3 May asking to be erased").apply(project)
        assert project.scalar("PRAGMA secure_delete") == 0  # as it was
        assert project.scalar("SELECT COUNT(*) FROM embeddings") == 1
        assert project.scalar("SELECT COUNT(*) FROM text_cache") == 0
        assert not project.query("SELECT rowid FROM responses_fts WHERE responses_fts MATCH 'zanzibarquux'")
    data = _file_bytes(path).lower()
    for word in (b"zanzibarquux", b"hedgehogs", b"little snoring", b"bob sample", b"spills over a page"):
        assert word not in data, word
    assert b"councils are best placed" in data  # the others' answers are all there


def test_an_erasure_by_the_command_line_and_what_an_undo_in_the_app_would_hold(tmp_path, capsys):
    from consult_analyser.cli.main import main

    path = _planted_project(tmp_path)
    assert main(["withdraw", str(path), "R-004", "--reason", "request", "--note", "asked on the phone"]) == 0
    out = capsys.readouterr().out
    assert "withdrew 1 respondent" in out and "erased" in out
    assert b"zanzibarquux" not in _file_bytes(path).lower()


def test_a_later_import_skips_withdrawn_respondents(tmp_path, capsys):
    path = tmp_path / "again.consult"
    survey = write_survey(tmp_path / "survey.csv")
    with Project.create(path) as project:
        import_files(project, [survey])
        Withdraw(_id(project, "R-002"), "duplicate", "form twice", duplicate_of=_id(project, "R-001")).apply(project)
        Withdraw(_id(project, "R-005"), "request", "asked").apply(project)
        # a later export with one more row, and the ids written as the same values
        later = write_survey(tmp_path / "later.csv", [*SURVEY_ROWS, ["R-007", "", "Individual", "Cy New", "", "", "",
                                                                     "Wales", "Agree", "New view.", "", "Yes"]])
        result = import_files(project, [later])
        assert result.respondents == 1 and result.skipped_withdrawn == {"duplicate": 1, "request": 1}
        assert any("2 respondents skipped: withdrawn earlier (1 duplicate, 1 at their request)" in w
                   for w in result.warnings)
        ids = {r[0] for r in project.query("SELECT external_id FROM respondents")}
        assert ids == {"R-001", "R-003", "R-004", "R-006", "R-007"}
    from consult_analyser.cli.main import main

    assert main(["import", str(path), str(write_survey(tmp_path / "third.csv", SURVEY_ROWS[:3]))]) == 0
    assert "withdrawn earlier (1 duplicate)" in capsys.readouterr().out


def test_ids_written_as_numbers_are_matched_by_value():
    assert withdrawals.source_key(" 00123 ") == withdrawals.source_key("123") == "123"
    assert withdrawals.source_key("R-001") == "R-001"
