"""What a published annex or report says about itself: a title, publisher and contact set once (by
``export --title ...`` or File > Publication details) and printed by every later export; and the
published files name no member of staff (who signed off a theme is "a team lead" there; by name only
in an unredacted working copy)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from test_export_fixtures import build_project

from consult_analyser.cli.main import main
from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.export.report_docx import export_report
from consult_analyser.store import release
from consult_analyser.store.project import Project


def _xlsx_text(path: Path) -> str:
    workbook = openpyxl.load_workbook(path)
    return "\n".join(str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


@pytest.fixture()
def project(tmp_path: Path):
    project = build_project(tmp_path)
    yield project
    project.close()


def test_published_files_name_no_one_who_signed_off(project: Project, tmp_path: Path) -> None:
    signer = project.scalar("SELECT signed_off_by FROM themes WHERE status = 'signed_off' LIMIT 1")
    assert signer  # whoever the tests run as
    export_annex(project, tmp_path / "annex.xlsx", redact=True, small_counts=0)
    export_report(project, tmp_path / "report.docx", redact=True, small_counts=0)
    for text in (_xlsx_text(tmp_path / "annex.xlsx"), _docx_text(tmp_path / "report.docx")):
        assert signer not in text
        assert "signed off by a team lead" in text.lower()
    # a working copy, unredacted, says who
    export_annex(project, tmp_path / "working.xlsx", redact=False, small_counts=0)
    assert f"signed off by {signer}" in _xlsx_text(tmp_path / "working.xlsx")


def test_title_publisher_and_contact_are_printed(project: Project, tmp_path: Path) -> None:
    assert release.release_details(project).title == "Integration strategy"  # the project's name until set
    release.set_release_details(project, title="Integrated Communities Strategy green paper: consultation",
                                publisher="Ministry of Housing, Integration Analysis Team",
                                contact="integration.analysis@example.gov.uk")
    export_annex(project, tmp_path / "annex.xlsx", small_counts=0)
    export_report(project, tmp_path / "report.docx", small_counts=0)
    cover = openpyxl.load_workbook(tmp_path / "annex.xlsx")["Cover"]
    assert cover["A1"].value == "Integrated Communities Strategy green paper: consultation"
    annex = _xlsx_text(tmp_path / "annex.xlsx")
    assert "Ministry of Housing, Integration Analysis Team" in annex and "integration.analysis@example.gov.uk" in annex
    report = Document(str(tmp_path / "report.docx"))
    assert report.core_properties.title.startswith("Integrated Communities Strategy green paper")
    assert report.paragraphs[0].text.startswith("Integrated Communities Strategy green paper")
    assert "Published by Ministry of Housing, Integration Analysis Team." in _docx_text(tmp_path / "report.docx")
    audit = project.query("SELECT action FROM audit WHERE action = 'set_release_details'")
    assert len(audit) == 1
    release.set_release_details(project, publisher="")  # cleared; the rest kept
    assert release.release_details(project).publisher == ""
    assert release.release_details(project).contact == "integration.analysis@example.gov.uk"


def test_export_command_sets_them_for_later_exports(project: Project, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = project.path
    project.close()
    assert main(["-q", "export", str(path), str(tmp_path / "a.xlsx"), "--title", "Bus services review",
                 "--contact", "buses@example.gov.uk"]) == 0
    assert main(["-q", "export", str(path), str(tmp_path / "b.docx")]) == 0  # kept for the next export
    assert openpyxl.load_workbook(tmp_path / "a.xlsx")["Cover"]["A1"].value == "Bus services review"
    assert Document(str(tmp_path / "b.docx")).paragraphs[0].text.startswith("Bus services review")
    out = capsys.readouterr().out
    assert 'publication details kept for every export: title "Bus services review"; contact buses@example.gov.uk' in out
    assert main(["-q", "export", str(path), str(tmp_path / "c.xlsx"), "--title", "x" * 301]) != 0
    assert "at most 300" in capsys.readouterr().err
    # a person as the contact is kept (it is the user's call) but said
    assert main(["-q", "export", str(path), str(tmp_path / "d.xlsx"), "--contact", "priya.okafor@example.gov.uk"]) == 0
    assert "looks like a person's name or address" in capsys.readouterr().err
    assert main(["info", str(path)]) == 0
    assert "publication details: title Bus services review; contact priya.okafor@example.gov.uk" in \
        capsys.readouterr().out


def test_the_report_says_what_each_campaign_said(project: Project, tmp_path: Path) -> None:
    """A campaign is reported with the start of its standard wording, not only counted: it can be the
    largest group of respondents whether or not a theme of it is signed off."""
    export_report(project, tmp_path / "report.docx", small_counts=0)
    document = Document(str(tmp_path / "report.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Standard wording")
    row = [c.text for c in table.rows[1].cells]
    canonical = project.scalar("SELECT r.text FROM campaigns c JOIN responses r ON r.id = c.canonical_response_id")
    assert row[1] == "Q2" and row[2] == "3"
    assert row[0].split()[:4] == canonical.split()[:4]
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look is not None and look.get(qn("w:firstColumn")) == "0"  # the wording is not set in bold
    assert not int(look.get(qn("w:val"), "0"), 16) & 0x0080  # nor by the older bit mask LibreOffice reads
