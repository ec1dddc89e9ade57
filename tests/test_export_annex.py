"""The Excel annex: it opens, its figures agree with the store, nothing in it can run as a formula,
quotes are redacted, and LibreOffice can turn it into a PDF."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_export_fixtures import FORMULAS, PLANTED_EMAIL, PLANTED_PHONE, build_project

from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.store import sectors
from consult_analyser.store.project import Project

SHEETS = ["Cover", "Notes", "Respondents", "Organisations", "Q1 answers", "Q2 themes", "Q3 answers", "Campaigns", "Codebook",
          "Framework matrix", "Coded excerpts"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = build_project(tmp_path_factory.mktemp("annex"))
    yield p
    p.close()


@pytest.fixture(scope="module")
def annex(project):
    path = project.path.parent / "annex.xlsx"
    result = export_annex(project, path, redact=False, small_counts=0)  # tiny data: no suppression
    return result, openpyxl.load_workbook(path)


def table_rows(ws, name: str) -> list[dict]:
    """A native table's rows as dicts keyed by its header."""
    ref = ws.tables[name].ref
    rows = [[c.value for c in row] for row in ws[ref]]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def test_sheets_tables_and_charts(annex):
    result, wb = annex
    assert wb.sheetnames == SHEETS == result.sheets
    for name in SHEETS[1:]:
        assert wb[name].tables, name
    assert wb["Framework matrix"].freeze_panes == "D5"
    assert len(wb["Respondents"]._charts) == 2 and len(wb["Q1 answers"]._charts) == 2
    assert len(wb["Q2 themes"]._charts) == 1
    assert wb["Organisations"].print_title_rows and wb["Codebook"].print_title_rows  # headers repeat on each page
    start = wb["Q1 answers"].tables["Q1_answers"].ref.split(":")[0]  # the answers table's first share
    assert wb["Q1 answers"].cell(row=int(start[1:]) + 1, column=3).number_format == "0.0%"


def test_figures_agree_with_the_store(project, annex):
    _, wb = annex
    by_sector = {r["Sector"]: r["Respondents"] for r in table_rows(wb["Respondents"], "By_sector")}
    labels = {s.key: s.label for s in sectors.taxonomy(project)}
    assert by_sector == {labels.get(k, "Not classified"): n for k, n in sectors.counts_by_sector(project).items()}
    assert sum(by_sector.values()) == project.scalar("SELECT COUNT(*) FROM respondents")

    q1 = {r["Answer"]: r["Respondents"] for r in table_rows(wb["Q1 answers"], "Q1_answers")}
    expected = {r[0]: r[1] for r in project.query(
        "SELECT choice, COUNT(*) FROM responses r JOIN questions q ON q.id = r.question_id"
        " WHERE q.key = 'Q1' AND choice != '' GROUP BY choice")}
    assert q1 == expected

    themes = {r["Theme"]: r for r in table_rows(wb["Q2 themes"], "Q2_themes")}
    for label, n in project.query("SELECT t.label, COUNT(*) FROM themes t JOIN theme_assignments a"
                                  " ON a.theme_id = t.id GROUP BY t.id"):
        assert themes[label]["Respondents"] == n
        assert themes[label]["Share of respondents"] == pytest.approx(n / 7)
    assert themes["Campaign: fair funding"]["Of which in campaigns"] == 3

    matrix = table_rows(wb["Framework matrix"], "Framework_matrix")
    assert len(matrix) == 8
    for path, n in [("Funding", 2), ("Funding > Youth services", 1), ("Faith groups", 1)]:
        assert sum(r[path] for r in matrix) == n
    assert len(table_rows(wb["Coded excerpts"], "Coded_excerpts")) == project.scalar("SELECT COUNT(*) FROM codings")
    span = next(r for r in table_rows(wb["Coded excerpts"], "Coded_excerpts") if r["Start"] == 0)
    assert span["Text"] == "Long-term funding" and span["Code"] == "Funding"


def test_organisations_never_list_individuals(annex):
    _, wb = annex
    orgs = table_rows(wb["Organisations"], "Organisations")
    assert {r["Organisation"] for r in orgs} == {"Anytown Borough Council", "St Mary's Parish Church",
                                                 "Northfield Academy Trust"}
    everything = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    assert "Ann Example" not in everything and "Bob Sample" not in everything


def test_formula_like_answers_stay_text(project, annex):
    result, wb = annex
    found = {}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if cell.value in FORMULAS:
                    found[cell.value] = cell
    assert set(found) == {FORMULAS[0]}  # the coded excerpt; the others are in no annex table
    assert found[FORMULAS[0]].data_type == "s" and found[FORMULAS[0]].quotePrefix
    with zipfile.ZipFile(result.path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in zf.read(name)


def test_all_formula_triggers_stay_text_in_a_table(tmp_path):
    from consult_analyser.export.xlsx_writer import SheetWriter

    wb = openpyxl.Workbook(write_only=True)
    sheet = SheetWriter(wb, "T")
    sheet.table("T", ["Text"], [[v] for v in FORMULAS + ["\tx", "\r=1+1", "plain", "=1+1"]])
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["T"]
    values = [(c.value, c.data_type) for c in ws["A"][1:]]
    assert [v for v, _ in values] == FORMULAS + ["\tx", "\r=1+1", "plain", "=1+1"]
    assert all(t == "s" for _, t in values)


def test_redaction_removes_planted_personal_data_and_keeps_the_rest(project):
    path = project.path.parent / "published.xlsx"
    result = export_annex(project, path, redact=True, small_counts=0)
    assert result.redacted
    wb = openpyxl.load_workbook(path)
    text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    assert PLANTED_EMAIL not in text and PLANTED_PHONE not in text
    assert "[email]" in text and "[phone]" in text
    assert "More English classes please. Contact me on [email] or [phone], I am happy to help." in text
    assert "Long-term funding for integration areas, not short pots." in text


def test_project_without_codes_or_themes(tmp_path):
    from test_export_fixtures import write_csv

    from consult_analyser.ingest.importer import import_files

    with Project.create(tmp_path / "bare.consult") as bare:
        import_files(bare, [write_csv(tmp_path / "s.csv")])
        result = export_annex(bare, tmp_path / "bare.xlsx", redact=False, respondent_sheets=True)
        export_annex(bare, tmp_path / "published.xlsx", redact=False)  # small numbers suppressed: no row sheets
    wb = openpyxl.load_workbook(tmp_path / "bare.xlsx")
    assert "Codebook" not in wb.sheetnames and "Q2 themes" not in wb.sheetnames
    assert result.matrix_rows == 0 and wb["Framework matrix"]["A2"].value == "No codes yet: the matrix is empty."
    published = openpyxl.load_workbook(tmp_path / "published.xlsx")
    assert "Framework matrix" not in published.sheetnames and "Coded excerpts" not in published.sheetnames
    cover = " ".join(str(c.value) for row in published["Cover"].iter_rows() for c in row if c.value)
    assert "are not in this annex: beside them a suppressed count could be counted up" in cover


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_libreoffice_converts_the_annex_to_pdf(annex, tmp_path):
    result, _ = annex
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(result.path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (Path(result.path).stem + ".pdf")
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) >= len(SHEETS)
    assert "Responding organisations" in "".join(page.extract_text() for page in reader.pages)


def test_streamed_rows_keep_text_numbers_and_limits(tmp_path):
    from consult_analyser.export.xlsx_stream import Fill, fill_sheets
    from consult_analyser.export.xlsx_writer import SheetWriter

    wb = openpyxl.Workbook(write_only=True)
    sheet = SheetWriter(wb, "Big")
    span = sheet.reserve_table("Big", ["Text", "Number", "Empty", "Last"], 4)
    rows = [["  spaced  ", 1, None, "x"], ["a\x01b<&>", 2.5, None, "=1+1"], ["é" * 40000, -3, None, "-2+3"]]
    fills = [Fill("Big", span.header_row + 1, lambda: iter(rows), 3, quote_style=sheet.quote_style())]
    wb.save(tmp_path / "head.xlsx")
    written = fill_sheets(tmp_path / "head.xlsx", tmp_path / "big.xlsx", fills, max_rows=3)
    assert written == {"Big": 2}  # row 1 is the header: Excel's limit (here 3) stops the third row
    ws = openpyxl.load_workbook(tmp_path / "big.xlsx")["Big"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [["  spaced  ", 1, None, "x"],
                                                                           ["ab<&>", 2.5, None, "=1+1"]]
    assert ws["D3"].data_type == "s" and ws["D3"].quotePrefix and ws.tables["Big"].ref == "A1:D5"
    wb = openpyxl.Workbook(write_only=True)
    sheet = SheetWriter(wb, "Long")
    span = sheet.reserve_table("Long", ["Text"], 1)
    wb.save(tmp_path / "h2.xlsx")
    fill_sheets(tmp_path / "h2.xlsx", tmp_path / "long.xlsx",
                [Fill("Long", span.header_row + 1, lambda: iter([["é" * 40000]]), 1)], max_rows=100)
    value = openpyxl.load_workbook(tmp_path / "long.xlsx")["Long"]["A2"].value
    assert len(value) == 32767 and value.endswith("too long for one spreadsheet cell]")


def test_cover_counts_codings_by_people_and_by_models_apart(annex):  # type: ignore[no-untyped-def]
    _result, wb = annex
    pairs = {row[0]: row[1] for row in wb["Cover"].iter_rows(values_only=True) if row and row[0]}
    assert pairs["Codings by analysts (made, imported or accepted)"] == 5
    assert pairs["Codings by a model, not reviewed"] == 1


def test_a_campaign_label_quoting_personal_data_is_redacted(tmp_path):
    """A campaign's label quotes its first words: published, it is redacted like its text."""
    from consult_analyser.export.csv_export import export_csv
    from consult_analyser.store import campaigns
    from consult_analyser.store.questions import list_questions

    project = build_project(tmp_path)
    try:
        q2 = next(q.id for q in list_questions(project) if q.key == "Q2")
        answer = project.scalar("SELECT r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id "
                                "WHERE p.external_id = 'R-004' AND r.question_id = ?", (q2,))
        campaigns.replace_campaigns(project, q2, [campaigns.NewCampaign(answer, [(answer, 1.0)], "")])
        assert any(PLANTED_EMAIL in r.label for r in campaigns.list_campaigns(project, q2))
        export_annex(project, tmp_path / "published.xlsx", redact=True, small_counts=0)
        sheet = openpyxl.load_workbook(tmp_path / "published.xlsx")["Campaigns"]
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
        assert PLANTED_EMAIL not in text and "[email]" in text
        export_csv(project, tmp_path / "campaigns.csv", "campaigns", redact=True)
        table = (tmp_path / "campaigns.csv").read_text(encoding="utf-8")
        assert PLANTED_EMAIL not in table and "[email]" in table
    finally:
        project.close()


def test_a_campaign_label_the_app_made_is_made_again_from_the_redacted_text():
    """A name is found in its sentence, not always in the label's first ten words: the published
    label quotes the redacted text; a label an analyst wrote is redacted as it stands."""
    from consult_analyser.export.safety import campaign_labels
    from consult_analyser.store.campaigns import label_for
    from consult_analyser.store.published_campaigns import CampaignRow

    def context_redactor(texts):  # finds the name only with the closing words in view
        return [t.replace("Aoife Okafor", "[name]") if "Brennan Institute" in t else t for t in texts]

    text = "Aoife Okafor writes for many of us who share these concerns about the rule and its costs, Brennan Institute"
    rows = [CampaignRow("c1", label_for(text), "Q1", 3, 3, text),
            CampaignRow("c2", "Aoife Okafor letters, Brennan Institute", "Q1", 2, 2, text)]
    published = campaign_labels(rows, context_redactor)
    assert published["c1"] == label_for(context_redactor([text])[0]) and "Okafor" not in published["c1"]
    assert published["c2"] == "[name] letters, Brennan Institute"
