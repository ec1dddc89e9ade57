"""A column of uploaded documents' texts ("Attachment", "FILENAME: x.pdf | CONTENT: Dear ..."): each filled cell is
a document (a letter) of its row's respondent, stored as an imported file is, mapped by ``letters``, never a question."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.actions.letters import MapLetters
from consult_analyser.errors import IngestError
from consult_analyser.export.csv_export import export_csv
from consult_analyser.ingest.columns import detect_mapping
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.ingest.preview import preview_file
from consult_analyser.ingest.uploads import looks_document_column
from consult_analyser.letter_text import file_name_and_text, uploaded_files, without_file_name
from consult_analyser.store.questions import get_question, list_questions
from tests.conftest import REALDATA, SURVEY_HEADER, SURVEY_ROWS, write_survey

LETTER = ("Dear Department,\n\nThank you for the chance to respond to this consultation. We set out our views "
          "below.\n\nQuestion 2\nCouncils should fund youth clubs and keep libraries open in every ward, because "
          "these are the places where people from different backgrounds meet.\n\nYours faithfully,\nJo Bloggs\n"
          "jo.bloggs@example.org\n07700 900123\n")
#: a letter of several pages pasted whole, without a file's name
LONG_LETTER = ("To the consultation team,\n\n" + "We support long-term funding for integration areas. " * 30
               + "\n\n" + "Libraries and youth clubs should stay open in every ward. " * 10 + "\n")


def _uploads() -> list[str]:
    """The Attachment column for SURVEY_ROWS: R-001 and R-003 uploaded a file, R-006 two in one cell."""
    return [f"FILENAME: Ann Example response.pdf | CONTENT: {LETTER}", "",
            f"FILENAME: St Marys reply | final.docx | CONTENT: {LETTER.replace('Jo Bloggs', 'Revd Smith')}", "", "",
            "FILENAME: part one.pdf | CONTENT: Dear Sir,\n\nQuestion 1\nWe agree with the vision: schools and "
            "faith groups should bring communities together.\n"
            "FILENAME: part two.pdf | CONTENT: Our evidence on school linking programmes."]


def _survey_with_uploads(path: Path, header: str = "Attachment", cells: list[str] | None = None) -> Path:
    cells = _uploads() if cells is None else cells
    return write_survey(path, [[*row, cell] for row, cell in zip(SURVEY_ROWS, cells, strict=True)],
                        header=[*SURVEY_HEADER, header])


def _documents(project) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [tuple(r) for r in project.query(
        "SELECT r.external_id, d.filename, d.media_type, substr(d.text, 1, 16) FROM documents d"
        " JOIN respondents r ON r.id = d.respondent_id ORDER BY r.external_id, d.filename")]


def test_the_file_name_before_an_uploads_text_is_read_by_the_letters_helper():
    assert file_name_and_text("FILENAME: Reply - Jo | Fingleton.c5f3.pdf | CONTENT: 25 July 2023 Dear") == (
        "Reply - Jo | Fingleton.c5f3.pdf", "25 July 2023 Dear")
    assert file_name_and_text("Plain answer | not a file") == ("", "Plain answer | not a file")
    assert without_file_name("FILENAME: a.pdf | CONTENT: Hello") == "Hello"
    assert uploaded_files("FILENAME: a.pdf | CONTENT: one\ntwo\nFILENAME: b.docx | CONTENT: three") == [
        ("a.pdf", "one\ntwo"), ("b.docx", "three")]


@pytest.mark.parametrize("header", ["Attachment", "Uploaded document", "Document text", "File content",
                                    "Submission document", "Q7. Please upload your submission (PDF or Word)",
                                    "Text of your submission"])
def test_a_header_naming_an_uploaded_document_over_long_texts_is_a_document_column(header):
    values = [LONG_LETTER, "", LONG_LETTER.replace("support", "oppose"), LETTER * 4]
    assert looks_document_column(header, values)
    roles = {c.header: c.role for c in detect_mapping(["ID", header], [[str(i), v] for i, v in enumerate(values)]).columns}
    assert roles[header] == "document"


def test_the_header_alone_makes_no_document_column():
    # a question about the attached document, answered in a line, stays a question; file names alone are information
    short = ["Yes, it is clear.", "No, too long.", "It should say more about buses.", "Agree with most of it."]
    assert not looks_document_column("Do you have comments on the attached document?", short)
    names = ["evidence.pdf", "letter.docx", "response.pdf", "appendix.pdf"]
    roles = {c.header: c.role for c in detect_mapping(["ID", "Attachments", "Comments"],
                                                      [[str(i), n, s] for i, (n, s) in enumerate(zip(names, short, strict=True))]).columns}
    assert roles["Attachments"] == "metadata" and roles["Comments"] == "question"
    # a long answer under a question's header is an answer
    assert not looks_document_column("What should councils do?", [LONG_LETTER] * 4)


def test_cells_opening_with_a_file_name_make_a_document_column_whatever_its_header():
    values = [f"FILENAME: r{i}.pdf | CONTENT: Dear Minister, we write about item {i}." for i in range(5)] + [""]
    assert looks_document_column("Transcription", values)
    assert looks_document_column("Column 12", values)
    roles = {c.header: c.role for c in detect_mapping(["ID", "Column 12"], [[str(i), v] for i, v in enumerate(values)]).columns}
    assert roles["Column 12"] == "document"


def test_a_document_column_imports_letters_of_the_rows_respondents(project, tmp_path):
    path = _survey_with_uploads(tmp_path / "survey.csv")
    batch = parse_file(path)
    assert dict(batch.columns)["Attachment"] == "document"
    assert "Attachment" not in {q.text for q in batch.questions}
    result = import_files(project, [path])
    assert result.respondents == len(SURVEY_ROWS) and result.documents == 4
    assert get_question(project, "Attachment") is None
    assert {q.key for q in list_questions(project)} == {"Q1", "Q2", "Q3"}
    assert _documents(project) == [
        ("R-001", "Ann Example response.pdf", "application/pdf", "Dear Department,"),
        ("R-003", "St Marys reply | final.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Dear Department,"),
        ("R-006", "part one.pdf", "application/pdf", "Dear Sir,\n\nQuest"),
        ("R-006", "part two.pdf", "application/pdf", "Our evidence on ")]
    assert project.scalar("SELECT COUNT(*) FROM respondents") == len(SURVEY_ROWS)  # no respondent of its own
    # the Cover's count of documents
    from consult_analyser.store import responses

    assert responses.project_counts(project)["documents"] == 4


def test_letters_maps_the_passages_of_a_columns_documents(project, tmp_path):
    import_files(project, [_survey_with_uploads(tmp_path / "survey.csv")])
    MapLetters().apply(project)
    mapped = {(r[0], r[1]) for r in project.query(
        "SELECT r.external_id, q.key FROM passages p JOIN documents d ON d.id = p.document_id"
        " JOIN respondents r ON r.id = d.respondent_id JOIN questions q ON q.id = p.question_id")}
    assert ("R-003", "Q2") in mapped and ("R-006", "Q1") in mapped
    # R-003 left Q2 blank on the form: their letter's passage is their answer to it
    letter_answer = project.scalar(
        "SELECT s.text FROM responses s JOIN respondents r ON r.id = s.respondent_id JOIN questions q"
        " ON q.id = s.question_id WHERE s.origin = 'letter' AND r.external_id = 'R-003' AND q.key = 'Q2'")
    assert letter_answer and "youth clubs" in letter_answer
    # R-001 answered Q2 on the form: the form answer counts, the letter's passage stays in the reader
    assert project.scalar("SELECT COUNT(*) FROM responses s JOIN respondents r ON r.id = s.respondent_id JOIN"
                          " questions q ON q.id = s.question_id WHERE s.origin = 'letter' AND r.external_id = 'R-001'"
                          " AND q.key = 'Q2'") == 0


def test_a_document_column_imported_again_adds_no_document(project, tmp_path):
    path = _survey_with_uploads(tmp_path / "survey.csv")
    import_files(project, [path])
    again = import_files(project, [path])
    assert again.documents == 0 and any("already imported" in w for w in again.warnings)
    # a later export of all responses to date (another file): the same uploads are not stored twice, a new one is
    rows = [[*row, cell] for row, cell in zip(SURVEY_ROWS, _uploads(), strict=True)]
    rows[1][-1] = "FILENAME: council.pdf | CONTENT: Dear Sir,\n\nWe support the plan."
    rows.append(["R-007", "04/05/2018 10:00", "Individual", "Cy New", "", "", "", "Wales", "Agree", "Yes.", "", "Yes",
                 "FILENAME: Cy.pdf | CONTENT: Dear Sir, more buses please."])
    later = write_survey(tmp_path / "later.csv", rows, header=[*SURVEY_HEADER, "Attachment"])
    result = import_files(project, [later])
    assert result.documents == 2 and result.respondents == 1
    assert [d[:2] for d in _documents(project)] == [
        ("R-001", "Ann Example response.pdf"), ("R-002", "council.pdf"), ("R-003", "St Marys reply | final.docx"),
        ("R-006", "part one.pdf"), ("R-006", "part two.pdf"), ("R-007", "Cy.pdf")]
    assert project.scalar("SELECT COUNT(*) FROM respondents") == len(SURVEY_ROWS) + 1


def test_two_rows_of_one_name_keep_their_own_copies_of_a_letter(project, tmp_path):
    """A campaign's letter uploaded by two people signing "Anonymous": two respondents' letters, not one."""
    path = tmp_path / "uploads.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ID", "Name", "Q1. Your views", "Uploaded document"])
        for n in range(4):
            writer.writerow([f"A{n}", "Anonymous", f"My view number {n} on the plan.", LONG_LETTER])
    result = import_files(project, [path])
    assert result.documents == 4 and project.scalar("SELECT COUNT(DISTINCT respondent_id) FROM documents") == 4
    # named after the column, as the cells name no file
    assert {r[0] for r in project.query("SELECT filename FROM documents")} == {"Uploaded document.txt"}


def test_a_table_of_documents_alone_imports_them(project, tmp_path):
    path = tmp_path / "uploads.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ID", "Name", "Transcription"])
        for n in range(3):
            writer.writerow([f"S{n}", f"Org {n}", f"FILENAME: org{n}.pdf | CONTENT: Dear Minister,\n\nWe write about {n}."])
    result = import_files(project, [path])
    assert result.respondents == 3 and result.documents == 3 and not list_questions(project)


def test_a_later_table_of_uploads_adds_them_to_the_respondents_already_in_the_project(project, tmp_path):
    """An export of the uploads alone (id and text), after the answers: letters of those respondents, not facts."""
    import_files(project, [write_survey(tmp_path / "survey.csv")])
    path = tmp_path / "uploads.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Response ID", "Uploaded document"])
        writer.writerows([[row[0], f"FILENAME: {row[0]}.pdf | CONTENT: Dear Sir,\n\nWe support it ({row[0]})."]
                          for row in SURVEY_ROWS])
    result = import_files(project, [path])
    assert result.documents == len(SURVEY_ROWS) and result.respondents == 0
    assert [d[:2] for d in _documents(project)][:2] == [("R-001", "R-001.pdf"), ("R-002", "R-002.pdf")]


def test_the_mapping_file_sets_and_unsets_the_document_role(project, tmp_path):
    notes = ["Our submission: " + LONG_LETTER, "", "Short note.", "", "", ""]
    path = _survey_with_uploads(tmp_path / "survey.csv", header="Notes", cells=notes)
    assert dict(parse_file(path).columns)["Notes"] != "document"  # "Notes" names no document
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Notes" = "document"\n', encoding="utf-8")
    assert dict(parse_file(path, mapping_file=mapping).columns)["Notes"] == "document"
    lines = "\n".join(preview_file(path, mapping_file=mapping).lines())
    assert "'Notes'" in lines and "-> document" in lines
    result = import_files(project, [path], mapping_file=mapping)
    assert result.documents == 2 and get_question(project, "Notes") is None
    assert _documents(project)[0][:2] == ("R-001", "Notes.txt")
    # and a detected document column read as a question instead
    other = _survey_with_uploads(tmp_path / "other.csv")
    unset = tmp_path / "unset.toml"
    unset.write_text('[columns]\n"Attachment" = "question:Q9:open"\n', encoding="utf-8")
    batch = parse_file(other, mapping_file=unset)
    assert dict(batch.columns)["Attachment"] == "question Q9 (open)" and not batch.documents
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\n"Attachment" = "documnet"\n', encoding="utf-8")
    with pytest.raises(IngestError, match="unknown role 'documnet'.*document"):
        parse_file(other, mapping_file=bad)


def test_the_dry_run_shows_the_document_role(tmp_path):
    preview = preview_file(_survey_with_uploads(tmp_path / "survey.csv"))
    assert dict(preview.columns)["Attachment"] == "document" and preview.documents == 4 and preview.senders == 0
    lines = preview.lines()
    assert any("'Attachment'" in line and "-> document" in line for line in lines)
    assert any("4 submissions" in line for line in lines)


def test_a_columns_document_is_redacted_in_what_is_published(project, tmp_path):
    """Its letter answers go through the same redaction as any letter's: no e-mail or phone in a published file."""
    rows = [[*row, ""] for row in SURVEY_ROWS]
    rows[2][-1] = ("FILENAME: reply.pdf | CONTENT: Dear Department,\n\nQuestion 2\nCouncils should fund youth clubs; "
                   "write to me at jo.bloggs@example.org or call 07700 900123 about it.\n\nYours faithfully,\nJo\n")
    rows[0][-1] = "FILENAME: other.pdf | CONTENT: Dear Department,\n\nWe agree with the plan and its aims."
    import_files(project, [write_survey(tmp_path / "survey.csv", rows, header=[*SURVEY_HEADER, "Attachment"])])
    MapLetters().apply(project)
    export_csv(project, tmp_path / "open.csv", "responses", redact=False)
    export_csv(project, tmp_path / "published.csv", "responses", redact=True)
    plain = (tmp_path / "open.csv").read_text(encoding="utf-8-sig")
    published = (tmp_path / "published.csv").read_text(encoding="utf-8-sig")
    assert "jo.bloggs@example.org" in plain  # the letter's answer is in the export
    assert "jo.bloggs@example.org" not in published and "07700 900123" not in published
    assert "youth clubs" in published


def _wide_au(path: Path) -> Path:
    """The AU consultation's submissions as a platform's wide export: a column per question and one of the
    uploaded submission's text ("FILENAME: ... | CONTENT: ...", a respondent's several files one after another)."""
    source = REALDATA / "au_safe_responsible_ai" / "srai_shortened.csv"
    with source.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    labels = sorted({r["sub_label"] for r in rows if r["sub_label"] and r["sub_label"] != "Transcription"})
    people: dict[str, dict[str, str]] = {}
    for r in rows:
        person = people.setdefault(r["sub_num"], {"sub_num": r["sub_num"], "sub_name": r["sub_name"]})
        if r["sub_label"] == "Transcription":
            person["Transcription"] = "\n".join(filter(None, [person.get("Transcription", ""), r["sub_value"]]))
        elif r["sub_label"]:
            person[r["sub_label"]] = r["sub_value"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["sub_num", "sub_name", *labels, "Transcription"])
        writer.writeheader()
        writer.writerows(people.values())
    return path


@pytest.mark.realdata
def test_the_au_exports_uploads_column_becomes_documents(project, tmp_path):
    if not (REALDATA / "au_safe_responsible_ai" / "srai_shortened.csv").exists():
        pytest.skip("real data not available")
    path = _wide_au(tmp_path / "au_wide.csv")
    batch = parse_file(path)
    assert batch.reader == "wide-table" and dict(batch.columns)["Transcription"] == "document"
    result = import_files(project, [path])
    assert result.respondents == 446 and result.documents == 382
    keys = {q.key for q in list_questions(project)}
    assert len(keys) == 21 and "Transcription" not in {q.text for q in list_questions(project)}
    assert project.scalar("SELECT COUNT(DISTINCT respondent_id) FROM documents") == 327
    assert not project.scalar("SELECT COUNT(*) FROM documents WHERE text LIKE 'FILENAME:%'")
    MapLetters().apply(project)
    assert project.scalar("SELECT COUNT(*) FROM passages") >= 382
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter'") > 100
