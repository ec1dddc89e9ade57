"""Spreadsheets other than .xlsx: Excel 97-2003 (.xls), OpenDocument (.ods), and impostors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from consult_analyser.domain import QuestionKind
from consult_analyser.errors import IngestError
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.ingest.registry import choose_reader
from consult_analyser.store.project import Project

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["survey.xls", "survey.ods"])
def test_an_older_or_open_spreadsheet_reads_like_its_xlsx(tmp_path: Path, name: str) -> None:
    path = shutil.copy(DATA / name, tmp_path / name)
    assert choose_reader(Path(path)).name == "wide-table"
    batch = parse_file(Path(path))
    people = list(batch.iter_respondents())
    assert [p.external_id for p in people] == ["1001", "1002", "1003", "1004", "1005", "1006"]  # not "1001.0"
    council = people[1]
    assert (council.organisation, council.declared_type) == ("Anytown Borough Council", "Local authority")
    (question,) = batch.questions
    assert question.kind == QuestionKind.HYBRID and council.answers[0].choice == "No"
    assert council.answers[0].text == "The council cannot fund the scheme without extra money.\nIt needs a grant."
    project = Project.create(tmp_path / "p.consult")
    try:
        assert import_files(project, [Path(path)]).respondents == 6
    finally:
        project.close()


def test_a_web_page_named_xls_is_read_as_its_table(tmp_path: Path) -> None:
    """Older web systems export an HTML table named .xls: read as the table (a <br> a line break)."""
    path = Path(shutil.copy(DATA / "web_table.xls", tmp_path / "export.xls"))
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert [p.external_id for p in people][:2] == ["1001", "1002"] and len(people) == 6
    assert people[1].answers[0].text == "The council cannot fund the scheme without extra money.\nIt needs a grant."
    assert any("web page saved as .xls" in w for w in batch.warnings)
    path.write_text("<html><body><p>Export failed</p></body></html>")
    with pytest.raises(IngestError, match=r"export\.xls.*web page with no table"):
        parse_file(path)
    path.write_text("Response ID,Text\n1,hello\n")  # a CSV export named .xls: read as CSV
    assert [p.external_id for p in parse_file(path).iter_respondents()] == ["1"]
    path.write_bytes(b"\x00\x01binary" * 50)
    with pytest.raises(IngestError, match=r"export\.xls.*not an Excel 97-2003 workbook.*save it as \.xlsx"):
        parse_file(path)


def test_a_damaged_ods_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "survey.ods"
    path.write_bytes((DATA / "survey.ods").read_bytes()[:600])
    with pytest.raises(IngestError, match=r"survey\.ods"):
        parse_file(path)


def test_cells_read_as_the_workbook_shows_them(tmp_path: Path) -> None:
    """Identifiers formatted with leading zeros keep them (the tool's CSV of the same export has
    "00123", which a later import or an attribute table matches on); percentages read as shown; a
    column of figures (ages, staff numbers) is kept with the respondent, not read as a question."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Respondent ID", "Age", "Share of budget", "Q1. What would help your area?"])
    for i in range(1, 9):
        sheet.append([i * 7, 20 + 3 * i, 0.125 * i, f"More youth clubs in ward {i} and later opening at the library."])
        sheet.cell(i + 1, 1).number_format = "00000"
        sheet.cell(i + 1, 3).number_format = "0.0%"
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert [p.external_id for p in people][:3] == ["00007", "00014", "00021"]
    assert [q.key for q in batch.questions] == ["Q1"]
    assert people[0].metadata["Share of budget"] == "12.5%" and people[1].metadata["Age"] == "26"


def test_dates_and_money_read_as_shown() -> None:
    """A date-only cell read "2024-04-12 00:00" and "£21.46" read "21.46"."""
    import datetime

    from consult_analyser.ingest.tabular import _cell

    assert _cell(datetime.datetime(2024, 4, 12)) == "2024-04-12"
    assert _cell(datetime.datetime(2024, 4, 12, 9, 30)) == "2024-04-12 09:30"
    assert (_cell(21.46, "£#,##0.00"), _cell(-3, '"£"#,##0.00'), _cell(4, "[$€-x-euro2] #,##0.00")) == (
        "£21.46", "-£3.00", "€4.00")


def test_hidden_rows_and_columns_are_imported_and_said(tmp_path: Path) -> None:
    """Someone may have hidden test responses or duplicates to leave them out: they are imported like
    the others (nothing is dropped on a guess), and the import names them."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Respondent ID", "Internal note", "Q1. What would help your area?"])
    for i in range(1, 9):
        sheet.append([f"R{i}", "checked", f"More youth clubs in ward {i} and later opening at the library."])
    sheet.row_dimensions[3].hidden = sheet.row_dimensions[7].hidden = True
    sheet.column_dimensions["B"].hidden = True
    sheet.column_dimensions.group("E", "XFD", hidden=True)  # a template hiding everything right of the table
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    batch = parse_file(path)
    assert len(list(batch.iter_respondents())) == 8
    notes = " | ".join(batch.warnings)
    assert "2 row(s) hidden in the workbook (sheet row 3, 7) were imported like the others" in notes
    assert "hidden column(s) in the workbook: B;" in notes


def test_an_organisation_box_that_names_none_does_not_make_an_organisation(tmp_path: Path) -> None:
    """With no type ticked, "Myself" or "Retired" in the organisation box says an individual, "N/A"
    says nothing (the sector decides), and a real name ("Citizens Advice Leeds") an organisation; the
    annex's organisation count used to take every filled box as an organisation."""
    path = tmp_path / "export.csv"
    rows = ["ID,Organisation name,Q1. What would help?"]
    boxes = ["Myself", "N/A", "Citizens Advice Leeds", "Retired", "none", "Personal response", ""]
    rows += [f"{i},{box},More youth clubs and later opening at the library in ward {i}." for i, box in enumerate(boxes)]
    path.write_text("\n".join(rows) + "\n")
    people = {p.organisation: p.is_organisation for p in parse_file(path).iter_respondents()}
    assert people == {"Myself": False, "N/A": None, "Citizens Advice Leeds": True, "Retired": False, "none": None,
                      "Personal response": False, "": None}


def test_totals_rows_empty_unnamed_columns_and_unsaved_formulas(tmp_path: Path) -> None:
    """An Excel table's totals row was a respondent ("Total"), a column with neither name nor value an
    empty question ("Column 3"), and formula cells with no saved value vanished without a word."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Respondent ID", "Q1. What would help your area?", None, "Words"])
    for i in range(1, 7):
        sheet.append([f"R{i}", f"More youth clubs in ward {i} and later opening at the library.", None,
                      f'=LEN(B{i + 1})'])
    sheet.append(["Total", None, None, "=SUM(D2:D7)"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)  # openpyxl saves formulas without values, as some exporting programs do
    batch = parse_file(path)
    people = list(batch.iter_respondents())
    assert [p.external_id for p in people] == [f"R{i}" for i in range(1, 7)]
    assert [q.key for q in batch.questions if q.text != "Words"] == ["Q1"]
    notes = " | ".join(batch.warnings)
    assert "1 row of totals (an id of Total) left out (line 8)" in notes
    assert "7 formula cell(s) have no saved value and read as empty (column D (7))" in notes


def test_every_sheet_of_responses_in_a_workbook_is_imported(tmp_path: Path) -> None:
    """A bilingual form exports a sheet per language: none is left out; a summary sheet is not responses."""
    import openpyxl

    book = openpyxl.Workbook()
    english = book.active
    english.title = "English"
    english.append(["Response ID", "Q1. What do you think of the ban?"])
    for i in range(12):
        english.append([f"E{i}", f"The ban is a good idea because of reason number {i} we have"])
    french = book.create_sheet("Français")
    french.append(["ID de réponse", "Q1. Que pensez-vous de l'interdiction?"])
    for i in range(7):
        french.append([f"F{i}", f"L'interdiction est une bonne idée pour la raison numéro {i} que voici"])
    summary = book.create_sheet("Summary")
    summary.append(["Total", 19])
    path = tmp_path / "bilingual.xlsx"
    book.save(path)
    from consult_analyser.ingest.preview import preview_file

    preview = preview_file(path)  # the wizard's and the dry run's count: every sheet the import reads
    assert preview.respondents == 19 and any("sheets of responses" in w for w in preview.warnings)
    project = Project.create(tmp_path / "b.consult")
    try:
        result = import_files(project, [path])
        assert result.respondents == 19
        assert project.scalar("SELECT COUNT(*) FROM questions") == 1  # the same question, matched by its number
        again = import_files(project, [path])
        assert again.respondents == 0 and any("already imported" in w for w in again.warnings)
    finally:
        project.close()
