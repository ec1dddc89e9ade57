"""Trial 49: every publication is an edition. The annex's Cover and the report's first page say "Edition N, DATE
TIME, made from PROJECT-FILE", the edition they supersede and what changed since it; the project keeps each
edition (when, by whom, its files, its figures); a file that fails records none; the command line lists them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from consult_analyser.actions.withdraw import Withdraw
from consult_analyser.errors import WriteError
from consult_analyser.export import files
from consult_analyser.export.editions import changes
from consult_analyser.store import editions, theme_edits
from consult_analyser.store.editions import Figures
from consult_analyser.store.project import Project
from consult_analyser.store.schema import SCHEMA_VERSION


def _cover(path: Path) -> tuple[dict[str, object], str]:
    sheet = load_workbook(path)["Cover"]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    pairs = {str(r[0]): r[1] for r in rows if len(r) == 2}
    return pairs, "\n".join(" ".join(str(c) for c in r) for r in rows if r)


def _first_page(path: Path) -> str:
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    return "\n".join(paragraphs[:paragraphs.index("Contents")])


def _themes(project: Project) -> tuple[str, str]:
    """Two signed-off themes on Q2: "Funding" (R-002, R-006) and "Libraries" (R-001)."""
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    answers = {ext: rid for ext, rid in project.query(
        "SELECT p.external_id, r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " WHERE r.question_id = ? AND r.text != ''", (q2,))}
    funding = theme_edits.create_theme(project, q2, "Funding")
    theme_edits.assign(project, funding.id, [answers["R-002"], answers["R-006"]])
    libraries = theme_edits.create_theme(project, q2, "Libraries")
    theme_edits.assign(project, libraries.id, [answers["R-001"]])
    theme_edits.sign_off(project, [funding.id, libraries.id])
    return funding.id, libraries.id


OPTIONS = files.ExportOptions(small_counts=0)


def test_a_second_publication_is_edition_2_and_says_what_changed_since_edition_1(imported_project, tmp_path):
    project = imported_project
    funding, libraries = _themes(project)
    said = files.export_file(project, tmp_path / "annex1.xlsx", OPTIONS)
    assert "recorded as edition 1" in said
    said = files.export_file(project, tmp_path / "report1.docx", OPTIONS)
    assert "part of edition 1" in said  # the same figures: one publication, however many files
    pairs, _text = _cover(tmp_path / "annex1.xlsx")
    assert str(pairs["Edition"]).startswith("Edition 1, ") and str(pairs["Edition"]).endswith(
        "made from test.consult")
    assert pairs["Supersedes"] == "nothing: the first edition"

    # what the trial's lead did between the two: a withdrawal, a merge, a rename
    rid = project.scalar("SELECT id FROM respondents WHERE external_id = 'R-006'")
    Withdraw(rid, "request", "asked by e-mail").apply(project)
    theme_edits.merge_themes(project, [libraries], funding)
    theme_edits.update_theme(project, funding, label="Funding for local services")
    files.export_file(project, tmp_path / "annex2.xlsx", OPTIONS)
    files.export_file(project, tmp_path / "report2.docx", OPTIONS)

    found = editions.editions(project)
    assert [e.number for e in found] == [1, 2]
    assert [f["kind"] for f in found[0].files] == ["annex", "report"]
    assert [Path(f["path"]).name for f in found[1].files] == ["annex2.xlsx", "report2.docx"]
    assert found[1].made_by == "tester" and found[1].role == "lead" and found[1].project_file == "test.consult"
    assert found[0].figures.respondents == 6 and found[1].figures.respondents == 5

    day = found[0].made_at[:10]
    pairs, text = _cover(tmp_path / "annex2.xlsx")
    assert str(pairs["Edition"]).startswith("Edition 2, ") and "made from test.consult" in str(pairs["Edition"])
    assert pairs["Supersedes"] == f"edition 1 of {day}"
    assert f"Changes since edition 1 of {day}:" in text
    assert "Respondents: 6 \u2192 5 (-1)" in text
    assert "Q2: \u201cLibraries\u201d merged into \u201cFunding for local services\u201d" in text
    report = _first_page(tmp_path / "report2.docx")  # the first page: before the contents
    assert "edition 2, " in report and f"it supersedes edition 1 of {day}." in report
    assert "Respondents: 6 \u2192 5 (-1)" in report and "merged into" in report
    assert "Annex produced" not in text  # one date, the edition's


def test_a_file_that_fails_to_be_written_records_no_edition(imported_project, tmp_path, monkeypatch):
    project = imported_project

    def full_disk(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("consult_analyser.export.annex_xlsx.fill_sheets", full_disk)
    with pytest.raises(WriteError, match="the disk is full"):
        files.export_file(project, tmp_path / "annex.xlsx", OPTIONS)
    assert editions.editions(project) == []
    with pytest.raises(files.FileExportError):  # a folder that is not there: nothing written, nothing recorded
        files.export_file(project, tmp_path / "nowhere" / "report.docx", OPTIONS)
    assert editions.editions(project) == []


def test_a_csv_export_records_an_edition_and_the_command_line_lists_them(imported_project, tmp_path, capsys):
    from consult_analyser.cli.main import main

    project = imported_project
    said = files.export_file(project, tmp_path / "responses.csv", files.ExportOptions(what="responses"))
    assert "recorded as edition 1" in said
    project.close()
    assert main(["export", str(tmp_path / "test.consult"), str(tmp_path / "sectors.csv"), "--what", "sectors"]) == 0
    assert main(["export", str(tmp_path / "test.consult"), "--editions"]) == 0
    out = capsys.readouterr().out
    assert "Edition 1, " in out and "by tester (lead), made from test.consult: 6 respondents" in out
    assert "csv responses " + str(tmp_path / "responses.csv") in out
    assert "csv sectors " + str(tmp_path / "sectors.csv") in out  # (the command line opens it read-only)
    assert main(["export", str(tmp_path / "test.consult")]) == 1  # neither a file nor --editions: said, no traceback
    assert "--editions" in capsys.readouterr().err


def test_a_project_of_schema_11_gains_the_editions_table_without_loss(imported_project, tmp_path):
    project = imported_project
    before = project.scalar("SELECT COUNT(*) FROM responses")
    path = project.path
    project.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE editions")
    conn.execute("ALTER TABLE questions DROP COLUMN follow_up")  # (schema 13)
    conn.execute("PRAGMA user_version = 11")
    conn.commit()
    conn.close()
    with Project.open(path) as again:
        assert again.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert again.scalar("SELECT COUNT(*) FROM responses") == before
        assert editions.editions(again) == []
        files.export_file(again, tmp_path / "annex.xlsx", OPTIONS)
        assert [e.number for e in editions.editions(again)] == [1]


def test_a_long_list_of_changes_stops_at_ten_lines():
    old = Figures(respondents=100, sectors={f"Sector {i}": 10 for i in range(15)})
    new = Figures(respondents=115, sectors={f"Sector {i}": 11 for i in range(15)})
    lines = changes(old, new, set(), {})
    assert len(lines) == 10 and lines[0] == "Respondents: 100 \u2192 115 (+15)"
    assert lines[-1] == "and 7 more changes"  # 16 changes: 9 shown, 7 counted
