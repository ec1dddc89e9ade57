"""Trial 49's counts a lead could not answer for: themes published against found, codings made by hand against
suggestions accepted (and by whom), a withdrawal count hidden as "<5", answers from letters untraceable in the
responses CSV, and a table header printed "Respondent / s"."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from consult_analyser.actions.withdraw import Withdraw
from consult_analyser.export import files
from consult_analyser.export.csv_export import SOURCE_COLUMN
from consult_analyser.store import codebook, codings, suggestions, theme_edits
from tests.test_trial49_editions_publish import OPTIONS, _cover, _first_page, _themes


def _table(path: Path, sheet: str, first: str) -> list[list[object]]:
    rows = [list(r) for r in load_workbook(path)[sheet].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == first)
    return [r for r in rows[start:] if r and r[0] is not None]


def test_the_cover_and_the_report_both_say_published_themes_and_themes_found(imported_project, tmp_path):
    project = imported_project
    _themes(project)  # two signed off on Q2
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    theme_edits.create_theme(project, q2, "Assorted points")  # not signed off: not published beside signed-off ones
    files.export_file(project, tmp_path / "annex.xlsx", OPTIONS)
    said = files.export_file(project, tmp_path / "report.docx", OPTIONS)
    pairs, text = _cover(tmp_path / "annex.xlsx")
    assert pairs["Themes published"] == 2 and pairs["Themes found, published or not"] == 3
    assert "Themes" not in pairs  # (it counted every theme stored, published or not)
    sentence = "2 published themes (3 found; 1 not published: Q2 1, not signed off where their question has " \
               "signed-off themes)"
    assert sentence in text and f"It reports {sentence}." in _first_page(tmp_path / "report.docx")
    assert "2 themes" in said  # the report's own count of what it publishes


def test_the_codebook_sheet_tells_codings_by_hand_from_suggestions_accepted_and_by_whom(imported_project, tmp_path):
    project = imported_project
    code = codebook.create_code(project, "Supports")
    answers = [r[0] for r in project.query("SELECT id FROM responses WHERE text != '' ORDER BY seq")]
    codings.add_coding(project, code.id, answers[0])  # by hand
    q_of = dict(project.query("SELECT id, question_id FROM responses"))
    for answer in answers[1:4]:
        suggestions.replace_pending(project, q_of[answer], [(answer, code.id, 0.9)], "test-model")
        suggestions.accept(project, answer, code.id, bulk_threshold=0.8)
    files.export_file(project, tmp_path / "annex.xlsx", files.ExportOptions(small_counts=0, redact=False))
    header, *rows = _table(tmp_path / "annex.xlsx", "Codebook", "Code")
    row = dict(zip(header, rows[0], strict=True))
    assert row["Codings"] == 4 and row["Made by hand"] == 1 and row["Suggestions accepted"] == 3
    assert row["Accepted by"] == "tester: 3 in bulk"
    assert "Codings by analysts" not in header
    pairs, _text = _cover(tmp_path / "annex.xlsx")
    assert pairs["of which made by hand (or imported)"] == 1
    assert pairs["of which model suggestions accepted (3 in bulk, not read one by one)"] == 3
    # a published annex names no member of staff
    files.export_file(project, tmp_path / "published.xlsx", files.ExportOptions(small_counts=0))
    header, *rows = _table(tmp_path / "published.xlsx", "Codebook", "Code")
    assert dict(zip(header, rows[0], strict=True))["Accepted by"] == "Analyst 1: 3 in bulk"


def test_a_withdrawal_is_counted_in_full_where_small_numbers_are_suppressed(imported_project, tmp_path):
    project = imported_project
    rid = project.scalar("SELECT id FROM respondents WHERE external_id = 'R-006'")
    Withdraw(rid, "request", "asked by e-mail").apply(project)
    files.export_file(project, tmp_path / "annex.xlsx", files.ExportOptions(small_counts=5, redact=False))
    files.export_file(project, tmp_path / "report.docx", files.ExportOptions(small_counts=5, redact=False))
    said = "1 response was withdrawn after import: 1 at the respondent's request."
    assert said in _cover(tmp_path / "annex.xlsx")[1]
    assert said in "\n".join(p.text for p in docx.Document(str(tmp_path / "report.docx")).paragraphs)


def test_the_responses_csv_says_which_answers_came_from_letters_in_a_last_column(imported_project, tmp_path):
    project = imported_project
    letter = project.scalar("SELECT r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                            " JOIN questions q ON q.id = r.question_id WHERE p.external_id = 'R-002' AND q.key = 'Q2'")
    with project.transaction() as conn:  # an answer made of the respondent's letter's passages
        conn.execute("UPDATE responses SET origin = 'letter' WHERE id = ?", (letter,))
    files.export_file(project, tmp_path / "responses.csv", files.ExportOptions(what="responses"))
    with (tmp_path / "responses.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == ["respondent_id", "question", "choice", "text", "language", SOURCE_COLUMN]  # appended last
    assert SOURCE_COLUMN.startswith("source (form: ") and "letter: " in SOURCE_COLUMN
    sources = {(r[0], r[1]): r[-1] for r in rows}
    assert sources[("R-002", "Q2")] == "letter"
    assert set(sources.values()) == {"form", "letter"} and list(sources.values()).count("letter") == 1


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="needs LibreOffice")
def test_a_report_table_header_is_printed_whole(tmp_path):
    """The campaigns table (a wide first column for the wording) printed its "Respondents" header in a 3 cm column,
    broken "Respondent / s"; each figure column is now as wide as its header's longest word."""
    from consult_analyser.export.report_docx import _table

    document = docx.Document()
    _table(document, "Organised campaigns by number of respondents", ["Standard wording", "Question", "Respondents"],
           [["I support a risk-based approach, however the catastrophic risks " * 3, "Q14", "13"]], first_width=10.0)
    document.save(str(tmp_path / "t.docx"))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "t.docx")],
                   check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    header = next(line for line in text.splitlines() if "Standard wording" in line)
    assert "Respondents" in header.split(), text
