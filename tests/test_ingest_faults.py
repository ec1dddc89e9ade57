"""Bad input gets a message naming the file and row or field, and leaves the project as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from consult_analyser.errors import IngestError
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.store import responses
from consult_analyser.store.project import Project
from tests.conftest import SURVEY_HEADER, SURVEY_ROWS, write_survey


def snapshot(project: Project) -> dict:
    tables = ["respondents", "responses", "questions", "documents", "imports", "audit"]
    return {t: project.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}


def assert_rejected(project, path, *match):
    before = snapshot(project)
    with pytest.raises(IngestError) as info:
        import_files(project, [path])
    message = str(info.value)
    assert path.name in message
    for part in match:
        assert part in message, message
    assert snapshot(project) == before
    return message


def test_malformed_csv(imported_project, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('Response ID,Q1. Why?\nA1,"unterminated quote\nA2,fine\n', encoding="utf-8")
    assert_rejected(imported_project, path, "malformed CSV")


def test_row_with_too_many_cells(imported_project, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("Response ID,Q1. Why?\nA1,fine\nA2,too,many,cells\n", encoding="utf-8")
    assert_rejected(imported_project, path, "line 3", "--skip-bad-rows")


def test_fake_xlsx(imported_project, tmp_path):
    """A CSV export named .xlsx is read as the CSV it is, and said; other bytes named .xlsx are refused."""
    path = tmp_path / "export.xlsx"
    path.write_text("Response ID,Q1. Why?\nA1,text\n", encoding="utf-8")
    batch = parse_file(path)
    assert [p.external_id for p in batch.iter_respondents()] == ["A1"]
    assert any("holds a text table, not a .xlsx workbook: read as CSV" in w for w in batch.warnings)
    path.write_bytes(bytes(range(256)) * 4)
    assert_rejected(imported_project, path, "not a real Excel workbook")


def test_truncated_xlsx(imported_project, tmp_path):
    from openpyxl import Workbook

    good = tmp_path / "good.xlsx"
    workbook = Workbook()
    workbook.active.append(SURVEY_HEADER)
    for row in SURVEY_ROWS:
        workbook.active.append(row)
    workbook.save(good)
    data = good.read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert_rejected(imported_project, path, "damaged")


def test_empty_file(imported_project, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert_rejected(imported_project, path, "empty")


def test_header_only(imported_project, tmp_path):
    path = write_survey(tmp_path / "header_only.csv", rows=[])
    assert_rejected(imported_project, path, "no data rows")


def test_duplicate_respondent_ids(imported_project, tmp_path):
    rows = [SURVEY_ROWS[0], SURVEY_ROWS[1], [*SURVEY_ROWS[2][:0], "R-001", *SURVEY_ROWS[2][1:]]]
    path = write_survey(tmp_path / "dupes.csv", rows)
    assert_rejected(imported_project, path, "'R-001' appears twice", "line 4")


def test_huge_cell(imported_project, tmp_path):
    row = list(SURVEY_ROWS[0])
    row[0] = "R-900"
    row[9] = "x" * 5_000_000
    path = write_survey(tmp_path / "huge.csv", [row])
    assert_rejected(imported_project, path, "line 2", "Q1. Please explain your answer")


def test_unexpected_encoding_binary(imported_project, tmp_path):
    path = tmp_path / "random.csv"
    path.write_bytes(os.urandom(4096))
    assert_rejected(imported_project, path)
    # random bytes are refused every time, not 199 times in 200 (about 11% of them are control characters)
    import random

    rng = random.Random(7)
    for _ in range(100):
        path.write_bytes(rng.randbytes(4096))
        with pytest.raises(IngestError):
            parse_file(path)


def test_corrupt_docx_and_pdf(imported_project, tmp_path):
    docx = tmp_path / "letter.docx"
    docx.write_bytes(b"PK\x03\x04 not really a zip")
    assert_rejected(imported_project, docx)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4\n garbage garbage")
    assert_rejected(imported_project, pdf)


def test_failure_midway_in_multi_file_import_keeps_nothing(imported_project, tmp_path):
    good = write_survey(tmp_path / "good.csv", [["N-1", "", "Individual", "", "", "", "", "", "Agree", "Fine.", "", ""]])
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    before = snapshot(imported_project)
    with pytest.raises(IngestError):
        import_files(imported_project, [good, bad])
    assert snapshot(imported_project) == before
    assert responses.respondent(imported_project, "N-1") is None


KILL_SCRIPT = """
import sys, time
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project
from consult_analyser.store import imports

original = imports._Writer.flush
def slow_flush(self):
    original(self)
    print("flushed", flush=True)
    time.sleep(0.2)
imports._Writer.flush = slow_flush
imports.CHUNK = 50
project = Project.open(sys.argv[1])
import_files(project, [sys.argv[2]])
print("done", flush=True)
"""


def test_killed_import_leaves_all_or_nothing(tmp_path):
    path = tmp_path / "p.consult"
    Project.create(path).close()
    rows = [[f"K-{i}", "", "Individual", "", "", "", "", "", "Agree", f"Answer number {i}", "", ""] for i in range(2000)]
    survey = write_survey(tmp_path / "big.csv", rows)
    script = tmp_path / "kill_me.py"
    script.write_text(KILL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(survey)], stdout=subprocess.PIPE, text=True,
                            cwd=os.getcwd())
    flushed = 0
    deadline = time.time() + 60
    while flushed < 3 and time.time() < deadline:
        line = proc.stdout.readline()
        if "flushed" in line:
            flushed += 1
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert flushed >= 3, "the import never got going"
    with Project.open(path) as project:
        assert project.scalar("PRAGMA integrity_check") == "ok"
        assert project.scalar("SELECT COUNT(*) FROM respondents") == 0
        assert project.scalar("SELECT COUNT(*) FROM imports") == 0
        # the indexing trigger, dropped while importing, is back with the rollback
        assert project.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'responses_ai'") == 1
        # and the same import then succeeds in full
        result = import_files(project, [survey])
        assert result.respondents == 2000
        assert project.scalar("SELECT COUNT(*) FROM respondents") == 2000
        assert project.scalar("SELECT COUNT(*) FROM responses_fts WHERE responses_fts MATCH 'answer'") == 2000


def test_one_response_on_several_rows_is_read_once_and_said(project, tmp_path):
    """A response listed once per signatory (same id, same answers, another declared type) is read
    once with its first row's details, and the import says so; an exact repeat is said too."""
    from consult_analyser.ingest.importer import import_files

    first = list(SURVEY_ROWS[1])
    cosigner = list(first)
    cosigner[6] = "Other public body"
    path = write_survey(tmp_path / "cosigned.csv", [SURVEY_ROWS[0], first, cosigner, list(SURVEY_ROWS[0])])
    result = import_files(project, [path])
    assert result.respondents == 2
    said = " ".join(result.warnings)
    assert "'R-002' at lines 3, 4" in said and "same answers but other details" in said
    assert "1 row repeats an earlier row exactly and was read once (line 5)" in said
    declared = project.scalar("SELECT declared_type FROM respondents WHERE external_id = 'R-002'")
    assert declared == "Local authority"


def test_untitled_columns_of_notes_beside_an_export_change_nothing_the_project_had(imported_project, tmp_path):
    """A hostile-input trial's working copy had two untitled columns of staff notes at its end: the first
    respondent was read as a second header row, the project's questions were rewritten with their answers
    ("Q2 ... - More buses on Sundays please"), ids and names became questions, and "checked by JB" was published
    as an option. Such columns are kept as information about each respondent, never questions."""
    questions = dict(imported_project.query("SELECT key, text FROM questions"))
    rows = [[f"N-{i:03d}", *row[1:], "staff note", "checked by JB"] for i, row in enumerate(SURVEY_ROWS)]
    path = write_survey(tmp_path / "notes.csv", rows, [*SURVEY_HEADER, "", ""])
    result = import_files(imported_project, [path])
    assert result.respondents == len(SURVEY_ROWS)
    assert dict(imported_project.query("SELECT key, text FROM questions")) == questions
    person = responses.respondent(imported_project, "N-000")
    assert person is not None and "checked by JB" in str(person.metadata)


def test_a_password_protected_or_old_workbook_named_xlsx_is_said_to_be_one(imported_project, tmp_path):
    """A hostile-input trial's password-protected .xlsx was told "if it is a CSV file, rename it to .csv"."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(2048))
    assert_rejected(imported_project, locked, "protected by a password", "remove the password")
    old = tmp_path / "old.xlsx"
    old.write_bytes(ole + "Workbook".encode("utf-16-le") + bytes(2048))
    assert_rejected(imported_project, old, "Excel 97-2003 workbook (.xls) named .xlsx")


def test_a_line_broken_off_a_cell_is_a_bad_row_not_a_respondent(imported_project, tmp_path):
    """A hostile-input trial's CSV with line breaks in cells not put in quotes gave respondents named "second line"
    and "alert(1)", with no answers."""
    path = tmp_path / "broken_lines.csv"
    path.write_text("Response ID,Your name,Q1. Why?\nA1,Jo,first line\nsecond line\nA2,Al,fine\n", encoding="utf-8")
    assert_rejected(imported_project, path, "line 3", "1 cell", "not put in quotes")
    result = import_files(imported_project, [path], skip_bad_rows=True)
    assert result.respondents == 2
