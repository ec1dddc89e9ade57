"""Hostile shapes of survey exports (trial 44): a header repeated mid-file, two header rows over merged
cells, files named as another kind of workbook, a CSV cut off, a totals row labelled in the name column,
answers cleaned of HTML, dates held as serial numbers, several unreadable files at once, and a project that
cannot be created where it is asked for. Every fixture is built here."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from consult_analyser.cli.main import main
from consult_analyser.errors import IngestError
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.ingest.preview import preview_file
from consult_analyser.ingest.table_rows import REPEATED_HEADER, TOTALS
from consult_analyser.ingest.tabular import declared_header_rows, open_table
from consult_analyser.store import responses as store_responses
from consult_analyser.store.project import Project

DATA = Path(__file__).parent / "data"
HEADER = ["Response ID", "Submitted", "Name of person or organisation", "Responding as",
          "Q1. Do you support the proposed rule?", "Q1. Please explain your answer", "Q2. Any other comments?"]


def _rows(first: int, count: int) -> list[list[str]]:
    return [[f"R-{i:04d}", f"0{1 + i % 9}/03/2024 09:00", f"Person {i}", "Individual" if i % 3 else "Organisation",
             "Support" if i % 2 else "Oppose", f"Answer {i}: the rule would change how my family travels to work.",
             f"Other comment {i}."] for i in range(first, first + count)]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _ids(batch) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.external_id for r in batch.iter_respondents()]


# -- CRITICAL 3: a header repeated mid-file -------------------------------------------------------

def test_a_header_repeated_mid_file_is_left_out_and_named(tmp_path: Path) -> None:
    """Two exports pasted together: the second one's header row is no respondent (the trial's became one with the
    id 'Response ID', its header texts answers and closed options)."""
    path = tmp_path / "joined.csv"
    path.write_text(_csv([HEADER, *_rows(1, 10)]) + _csv([HEADER, *_rows(11, 5)]), encoding="utf-8")
    batch = parse_file(path)
    ids = _ids(batch)
    assert len(ids) == 15 and "Response ID" not in ids
    assert batch.skipped_rows == [(12, f"{REPEATED_HEADER}: left out")]
    preview = preview_file(path)  # the dry run (and the wizard's check page): a note, not a bad row
    assert preview.respondents == 15 and not preview.bad_rows
    assert any("line 12: the row repeats the header (two exports joined?)" in w for w in preview.warnings)
    assert not any(c == "Q1. Do you support the proposed rule?" for q in batch.questions for c in q.choices)


def test_a_header_repeated_with_other_spacing_and_case_is_left_out(tmp_path: Path) -> None:
    """Nearly the header: the same cells in the same columns, written with other spaces or case, one cell blank."""
    near = [h.upper() for h in HEADER]
    near[1] = ""
    near[2] = f"  {HEADER[2]} "
    path = tmp_path / "joined.csv"
    path.write_text(_csv([HEADER, *_rows(1, 4), near, *_rows(5, 3)]), encoding="utf-8")
    batch = parse_file(path)
    assert len(_ids(batch)) == 7 and batch.skipped_rows[0][0] == 6


def test_a_row_that_only_shares_some_header_words_is_a_respondent(tmp_path: Path) -> None:
    row = ["R-0100", "Submitted", "Name of person or organisation", "Individual", "Support", "My answer.", ""]
    path = tmp_path / "export.csv"
    path.write_text(_csv([HEADER, *_rows(1, 4), row]), encoding="utf-8")
    assert "R-0100" in _ids(parse_file(path))


def test_a_header_repeated_in_a_long_table_makes_no_question_and_no_respondent(tmp_path: Path) -> None:
    header = ["sub_num", "sub_label", "sub_value"]
    rows = [[str(n), f"Q0{q} Topic {q}", f"Answer of {n} to {q}, with some words."] for n in range(1, 7)
            for q in range(1, 4)]
    path = tmp_path / "long.csv"
    path.write_text(_csv([header, *rows[:9]]) + _csv([header, *rows[9:]]), encoding="utf-8")
    batch = parse_file(path, layout="long")
    assert sorted(_ids(batch)) == [str(n) for n in range(1, 7)]
    assert [q.key for q in batch.questions] == ["Q1", "Q2", "Q3"]
    assert batch.skipped_rows == [(11, f"{REPEATED_HEADER}: left out")]


def test_a_header_repeated_in_a_workbook_is_left_out(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in [HEADER, *_rows(1, 6), HEADER, *_rows(7, 3)]:
        workbook.active.append(row)
    path = tmp_path / "joined.xlsx"
    workbook.save(path)
    batch = parse_file(path)
    assert len(_ids(batch)) == 9 and batch.skipped_rows == [(8, f"{REPEATED_HEADER}: left out")]


# -- CRITICAL 4: two header rows, group labels in merged cells ------------------------------------

def _two_header_workbook(path: Path, *, merged: bool = True, title: bool = False) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    top = ["Respondent", "", "About you", "", "Question 1", "", "Question 2"]
    sub = ["Response ID", "Submitted", "Name", "Responding as", "Do you support the proposed rule?",
           "Please explain your answer", "Any other comments?"]
    rows = ([["Responses to the consultation"]] if title else []) + [top, sub, *_rows(1, 12)]
    for row in rows:
        sheet.append([v or None for v in row])
    if merged:
        first = 2 if title else 1
        for cells in ("A{0}:B{0}", "C{0}:D{0}", "E{0}:F{0}"):
            sheet.merge_cells(cells.format(first))
    if title:
        sheet.merge_cells("A1:G1")
    workbook.save(path)
    return path


def test_group_labels_in_merged_cells_over_named_columns_are_two_header_rows(tmp_path: Path) -> None:
    """The trial's workbook had its row of names read as the first respondent and its main open answers
    ("Please explain your answer", under "Question 1") kept as information, never analysed."""
    path = _two_header_workbook(tmp_path / "two_rows.xlsx")
    table = open_table(path)
    assert table.header == ["Response ID", "Submitted", "Name", "Responding as",
                            "Question 1: Do you support the proposed rule?", "Question 1: Please explain your answer",
                            "Question 2: Any other comments?"]
    assert any("2 header rows read: group labels in merged cells" in n for n in table.notes)
    batch = parse_file(path)
    assert _ids(batch) == [f"R-{i:04d}" for i in range(1, 13)]
    roles = dict(batch.columns)
    assert roles["Response ID"] == "id" and roles["Question 1: Please explain your answer"] == "question Q1 (open)"
    question = next(q for q in batch.questions if q.key == "Q1")
    assert question.kind.value == "hybrid" and question.text == "Do you support the proposed rule?"


def test_group_labels_under_a_title_row_are_found_too(tmp_path: Path) -> None:
    path = _two_header_workbook(tmp_path / "titled.xlsx", title=True)
    table = open_table(path)
    assert table.header[0] == "Response ID" and table.header[5] == "Question 1: Please explain your answer"
    assert next(table.rows)[1][0] == "R-0001"


def test_a_title_merged_across_the_table_is_no_row_of_groups(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in [["Consultation responses"], HEADER, *_rows(1, 8)]:
        sheet.append(row)
    sheet.merge_cells("A1:G1")
    path = tmp_path / "titled.xlsx"
    workbook.save(path)
    table = open_table(path)
    assert table.header == HEADER and any("1 title row above the header skipped" in n for n in table.notes)


def test_a_merged_header_cell_over_answers_keeps_the_first_respondent(tmp_path: Path) -> None:
    """One header cell merged over two columns of answers: the row under it is the first respondent, not names."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    rows = [["Your name", "Responding as", "Q1. Your comments", None, "Region"]]
    rows += [[f"Person {i}", "Individual" if i % 2 else "Organisation", f"First part {i}", f"Second part {i}",
              "North" if i % 2 else "South"] for i in range(1, 8)]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("C1:D1")
    path = tmp_path / "merged_comment.xlsx"
    workbook.save(path)
    table = open_table(path)
    assert table.header[0] == "Your name" and next(table.rows)[1][0] == "Person 1"


def test_without_merged_cells_a_header_looking_first_row_is_warned_of_and_header_rows_can_be_declared(
        tmp_path: Path) -> None:
    """A CSV cannot say its cells were merged: the row of names under the group labels is warned of, and a
    mapping file's header_rows = 2 (declared_header_rows) reads the two rows as the header."""
    top = ["Respondent", "", "About you", "", "Question 1", "", "Question 2"]
    sub = ["Response ID", "Submitted", "Name", "Responding as", "Do you support the proposed rule?",
           "Please explain your answer", "Any other comments?"]
    path = tmp_path / "two_rows.csv"
    path.write_text(_csv([top, sub, *_rows(1, 8)]), encoding="utf-8")
    table = open_table(path)
    assert any("line 2 looks like a second header row ('Response ID', 'Submitted'" in n for n in table.notes)
    with declared_header_rows(2):
        table = open_table(path)
    assert table.header[0] == "Response ID" and table.header[5] == "Question 1: Please explain your answer"
    assert next(table.rows) == (3, _rows(1, 1)[0])
    assert not any("looks like a second header row" in n for n in open_table(
        _two_header_workbook(tmp_path / "merged.xlsx")).notes)


def test_a_plain_export_draws_no_second_header_warning(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(_csv([HEADER, *_rows(1, 8)]), encoding="utf-8")
    assert not any("second header row" in n for n in open_table(path).notes)


# -- MINOR 4: a workbook named as another kind, and damaged ones ------------------------------------

@pytest.mark.parametrize(("source", "what"), [("survey.ods", "OpenDocument spreadsheet (.ods)"),
                                              ("survey.xls", "Excel 97-2003 workbook (.xls)")])
def test_a_workbook_named_xlsx_is_read_as_what_it_holds(tmp_path: Path, source: str, what: str) -> None:
    path = Path(shutil.copy(DATA / source, tmp_path / "export.xlsx"))
    batch = parse_file(path)
    assert len(_ids(batch)) == len(_ids(parse_file(DATA / source))) > 0
    assert any(f"the file is an {what} named .xlsx: read as what it is" in w for w in batch.warnings)


@pytest.mark.parametrize("name", ["cut.xlsx", "cut.xls", "cut.ods", "odd.xlsx"])
def test_a_damaged_workbook_is_said_without_a_programs_error_names(tmp_path: Path, name: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    source = {"cut.xlsx": good, "cut.xls": DATA / "survey.xls", "cut.ods": DATA / "survey.ods"}.get(name, good)
    data = source.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2] if name.startswith("cut") else b"PK\x03\x04" + data[4:200])
    with pytest.raises(IngestError) as info:
        parse_file(path)
    message = str(info.value)
    assert message.startswith(f"{name}: ") and "damaged or truncated" in message
    for internal in ("BadZipFile", "KeyError", "Cfb", "Error", "Zip", "zip file"):
        assert internal not in message


def test_an_image_named_xlsx_is_called_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(IngestError, match=r"^export\.xlsx: this is a PNG image, not an Excel workbook \(\.xlsx\)$"):
        parse_file(path)


# -- MINOR 5, 6, 7, 9 ---------------------------------------------------------------------------------

def test_a_csv_cut_off_inside_an_answer_says_so(tmp_path: Path) -> None:
    text = _csv([HEADER, *_rows(1, 5)])
    path = tmp_path / "cut.csv"
    path.write_text(text + 'R-0099,01/03/2024,Jo,Individual,Support,"an answer cut off in the mid', encoding="utf-8")
    with pytest.raises(IngestError, match=r"line 7: malformed CSV: the file ends inside a quoted answer that starts "
                                          r"on line 7, so it may be incomplete"):
        parse_file(path)
    assert len(_ids(parse_file(path, skip_bad_rows=True))) == 5


def test_a_totals_row_labelled_in_the_name_column_is_left_out_and_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in [HEADER, *_rows(1, 6), [None, None, "Total responses", None, 6, None, None]]:
        workbook.active.append(row)
    path = tmp_path / "totals.xlsx"
    workbook.save(path)
    batch = parse_file(path)  # not refused ("the respondent id is empty")
    assert len(_ids(batch)) == 6
    assert batch.skipped_rows == [(8, f"{TOTALS} ('Total responses' in column 'Name of person or organisation'), "
                                      "not a respondent: left out")]
    preview = preview_file(path)
    assert not preview.bad_rows and any("line 8: a row of totals" in w for w in preview.warnings)


def test_a_respondent_named_total_with_answers_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(_csv([HEADER, *_rows(1, 3), ["", "", "Total", "", "", "I typed my answer.", ""]]),
                    encoding="utf-8")
    with pytest.raises(IngestError, match="the respondent id is empty"):
        _ids(parse_file(path))


@pytest.mark.parametrize("row", [["", "", "Total", "", "", "", ""],  # no figure: perhaps a respondent's answer
                                 ["", "", "Average", "", "4", "", ""]])  # "Average" may be one
def test_a_row_that_is_not_surely_totals_is_not_left_out_as_totals(tmp_path: Path, row: list[str]) -> None:
    path = tmp_path / "export.csv"
    path.write_text(_csv([HEADER, *_rows(1, 3), row]), encoding="utf-8")
    batch = parse_file(path, skip_bad_rows=True)
    _ids(batch)
    assert batch.skipped_rows == [(5, "the respondent id is empty (field 'Response ID')")]


def test_an_id_column_of_numbers_is_not_read_as_dates(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Submission ID", *HEADER[1:]])
    for i, row in enumerate(_rows(1, 4)):
        workbook.active.append([40001 + i, *row[1:]])
    path = tmp_path / "ids.xlsx"
    workbook.save(path)
    assert next(open_table(path).rows)[1][0] == "40001"


def test_answers_cleaned_of_html_and_nul_are_said(tmp_path: Path) -> None:
    rows = _rows(1, 5)
    rows[0][5] = "<p>I <b>support</b> it &amp; more</p>"
    rows[1][5] = "Plain answer with a NUL\x00 inside"
    rows[2][5] = "<script>alert(1)</script> stays"
    path = tmp_path / "export.csv"
    path.write_text(_csv([HEADER, *rows]), encoding="utf-8")
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert people[0].answers[0].text == "I support it & more"  # the cleaning is kept
    assert people[2].answers[0].text == "<script>alert(1)</script> stays"
    said = "\n".join(batch.warnings)
    assert "1 cell held HTML formatting (such as <p> or <b>)" in said
    assert "1 NUL character" in said and "was removed" in said


def test_html_in_a_workbook_is_counted(tmp_path: Path) -> None:
    from openpyxl import Workbook

    rows = _rows(1, 4)
    rows[0][5] = "<p>One</p>"
    rows[3][6] = "<strong>Two</strong>"
    workbook = Workbook()
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    assert any("2 cells held HTML formatting" in n for n in open_table(path).notes)


def test_dates_held_as_serial_numbers_are_read_as_dates(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append([*HEADER, "How many hours a week?"])
    for i, row in enumerate(_rows(1, 5)):
        row[1] = 45352.375 + i  # 1 March 2024 09:00, General format
        workbook.active.append([*row, 40000 + i])
    path = tmp_path / "serial.xlsx"
    workbook.save(path)
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert people[0].metadata["Submitted"] == "2024-03-01 09:00" and people[4].metadata["Submitted"] == "2024-03-05 09:00"
    assert any("column 'Submitted' holds dates as the workbook's serial numbers" in w for w in batch.warnings)
    table = open_table(path)
    assert next(table.rows)[1][7] == "40000"  # a column whose header says no date keeps its numbers


def test_serial_numbers_in_a_csv_are_kept_as_written(tmp_path: Path) -> None:
    rows = _rows(1, 4)
    for row in rows:
        row[1] = "45352.375"
    path = tmp_path / "export.csv"
    path.write_text(_csv([HEADER, *rows]), encoding="utf-8")
    assert next(open_table(path).rows)[1][1] == "45352.375"


# -- MAJOR 1 (command line), MINOR 2, MINOR 3 ----------------------------------------------------------

def test_every_unreadable_file_is_named_at_once_and_skip_bad_files_imports_the_rest(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.csv"
    good.write_text(_csv([HEADER, *_rows(1, 4)]), encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(1, 32)) * 200)
    only_header = tmp_path / "header_only.csv"
    only_header.write_text(_csv([HEADER]), encoding="utf-8")
    project = tmp_path / "p.consult"
    files = [str(good), str(empty), str(binary), str(only_header)]
    assert main(["import", str(project), *files]) == 1
    err = capsys.readouterr().err
    assert "3 of the 4 files cannot be read, so nothing was imported" in err
    assert "empty.csv: the file is empty" in err and "binary.csv: " in err and "binary data" in err
    assert "header_only.csv: the file has a header but no data rows" in err and "--skip-bad-files" in err
    assert not project.exists()
    assert main(["import", str(project), *files, "--skip-bad-files"]) == 0
    out = capsys.readouterr().out
    assert "left out: empty.csv: the file is empty" in out and "imported 4 respondents" in out


def test_a_project_in_a_folder_that_cannot_be_written_is_said_so(tmp_path: Path, capsys) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("needs /proc")
    good = tmp_path / "good.csv"
    good.write_text(_csv([HEADER, *_rows(1, 2)]), encoding="utf-8")
    assert main(["import", "/proc/x.consult", str(good)]) == 1
    err = capsys.readouterr().err
    assert "the folder /proc cannot be written to" in err and "open for writing" not in err


def test_a_folder_of_survey_exports_says_to_give_them_as_files(tmp_path: Path) -> None:
    from consult_analyser.ingest.documents import read_document_folder

    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "export.csv").write_text(_csv([HEADER, *_rows(1, 3)]), encoding="utf-8")
    (folder / "binary.csv").write_bytes(bytes(range(1, 32)) * 100)
    with pytest.raises(IngestError) as info:
        read_document_folder(folder)
    message = str(info.value)
    assert "must be given to the import as files of their own" in message and "export.csv" in message
    assert "binary.csv: skipped: this looks like binary data" in message
    assert "binary.csv: a spreadsheet" not in message


def test_import_into_a_project_says_what_it_left_out(tmp_path: Path) -> None:
    path = tmp_path / "joined.csv"
    path.write_text(_csv([HEADER, *_rows(1, 3)]) + _csv([HEADER, *_rows(4, 2)]), encoding="utf-8")
    project = Project.create(tmp_path / "p.consult")
    try:
        result = import_files(project, [path])
        assert result.respondents == 5
        assert store_responses.respondent(project, "Response ID") is None
        assert result.skipped_rows == [(str(path), 5, f"{REPEATED_HEADER}: left out")]
    finally:
        project.close()
