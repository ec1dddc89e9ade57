"""The annex a publishing team would accept: rating scales in their natural order, questions in
survey order (also from a long table), small numbers suppressed with the rule on the Cover, print
set-up, and a Cover that says what was reviewed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.export.summaries import natural_order, question_heading
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.questions import list_questions
from tests.conftest import SURVEY_HEADER, write_survey

LIKERT = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"]


def test_natural_order_of_rating_scales():
    shuffled = ["Don't know", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Agree",
                "Strongly agree"]
    assert natural_order(shuffled) == LIKERT
    assert natural_order(["No", "Don’t know", "Yes"]) == ["Yes", "No", "Don’t know"]
    assert natural_order(["Very unlikely", "Not very likely", "Very likely", "Fairly likely"]) == [
        "Very likely", "Fairly likely", "Not very likely", "Very unlikely"]
    assert natural_order(["Buses", "Trains", "Cycling"]) == ["Buses", "Trains", "Cycling"]  # not a scale: as given
    # numbers from the smallest, as a 0-10 rating or numeric codes are read ("2.0" before "10")
    assert natural_order(["2.0", "10", "1.0", "0"]) == ["0", "1.0", "2.0", "10"]
    # age and income bands from the smallest, "Prefer not to say" after them (a patient survey's Age band)
    assert natural_order(["55-64", "Prefer not to say", "25-34", "75+", "Under 16", "16-24"]) == [
        "Under 16", "16-24", "25-34", "55-64", "75+", "Prefer not to say"]
    assert natural_order(["£10,000 to £19,999", "Under £10,000", "£20,000 or more"]) == [
        "Under £10,000", "£10,000 to £19,999", "£20,000 or more"]
    assert natural_order(["Ward 7", "Ward 12", "Maternity"]) == ["Ward 7", "Ward 12", "Maternity"]  # names, no bands


def test_headings_do_not_repeat_the_key():
    assert question_heading("Q2", "Q02 Other AI risks") == "Q2. Other AI risks"
    assert question_heading("Q2", "Other AI risks") == "Q2. Other AI risks"


def _table(ws, name: str) -> list[list]:  # type: ignore[no-untyped-def]
    ref = ws.tables[name].ref
    rows = [[c.value for c in row] for row in ws[ref]]
    return rows


def _big_survey(path: Path) -> Path:
    """40 respondents: answers given in alphabetical order of first appearance, one sector of 2."""
    choices = sorted(LIKERT)
    rows = []
    for i in range(40):
        org = i < 2  # two organisations: a small group
        rows.append([f"R-{i:03d}", "01/05/2018 10:00", "Organisation" if org else "Individual", "",
                     "Anytown Borough Council" if org else "", "", "Local authority" if org else "", "London",
                     choices[i % len(choices)], f"Explanation {i}", f"Idea {i}", "Yes" if i % 3 else "No"])
    return write_survey(path, rows)


@pytest.fixture
def annex_book(project, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.pipeline.sectors.run import classify_project

    import_files(project, [_big_survey(tmp_path / "survey.csv")])
    classify_project(project)
    path = tmp_path / "annex.xlsx"
    export_annex(project, path, redact=False, respondent_sheets=True)
    return load_workbook(path)


def test_annex_orders_suppresses_and_prints(annex_book):  # type: ignore[no-untyped-def]
    wb = annex_book
    q1 = _table(wb["Q1 answers"], "Q1_answers")
    assert [r[0] for r in q1[1:]] == LIKERT  # natural order, "Don't know" last
    by_sector = _table(wb["Q1 answers"], "Q1_by_sector_n")
    small = [r for r in by_sector[1:] if r[1] == "<5"]
    assert small, by_sector  # the two-respondent sector is suppressed ...
    assert all(v in ("<5", "[c]") for r in small for v in r[2:] if v not in (0, None))  # ... and every count of it
    # a stacked chart would draw the hidden shares as nought: it is left out, and said
    notes = " ".join(str(c.value) for row in wb["Q1 answers"].iter_rows() for c in row if c.value)
    assert "No chart of answers by sector: some of its shares are hidden" in notes
    assert len(wb["Q1 answers"]._charts) == 1  # the chart of all respondents stays
    respondents = _table(wb["Respondents"], "By_type")
    assert any(r[1] == "<5" for r in respondents[1:])
    cover = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    assert "Small numbers are suppressed" in cover and "<5" in cover
    sides = {r[0].value: r[1].value for r in wb["Cover"].iter_rows(max_col=2) if r[0].value}
    for side, value in sides.items():  # the groups' counts are suppressed too ("as individuals or did not say")
        if side.startswith("of which on behalf") or side.startswith("of which as individuals"):
            assert value in ("<5", "[c]", 0) or value >= 5, sides
    assert "No theme has been signed off" in cover or "No themes have been discovered" in cover
    for name in ("Cover", "Respondents", "Q1 answers"):
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.page_setup.orientation == "landscape"
    assert wb["Q1 answers"].row_breaks.brk  # the charts start a page of their own
    for name in ("Framework matrix", "Coded excerpts"):
        assert name in wb.sheetnames
        assert wb[name].print_area and wb[name].print_area.endswith("$3"), wb[name].print_area  # a data sheet


def test_the_codebook_sheet_suppresses_small_counts_like_every_table(project, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.store import codebook, codings

    import_files(project, [_big_survey(tmp_path / "survey.csv")])
    answers = project.query("SELECT MIN(id) FROM responses WHERE text != '' GROUP BY respondent_id LIMIT 8")
    rare, common = codebook.create_code(project, "Rare point"), codebook.create_code(project, "Common point")
    codings.add_coding(project, rare.id, answers[0][0])
    for (rid,) in answers:
        codings.add_coding(project, common.id, rid)
    path = tmp_path / "annex.xlsx"
    export_annex(project, path, redact=False)
    rows = {r[0]: r for r in _table(load_workbook(path)["Codebook"], "Codebook")[1:]}
    assert rows["Rare point"][4:7] == ["<5", "<5", "<5"]  # one coding: never "1"
    assert rows["Common point"][4:7] == [8, 8, 8]


def test_threshold_is_the_users(project, tmp_path):  # type: ignore[no-untyped-def]
    import_files(project, [_big_survey(tmp_path / "survey.csv")])
    path = tmp_path / "annex.xlsx"
    export_annex(project, path, redact=False, small_counts=0)
    wb = load_workbook(path)
    by_sector = _table(wb["Q1 answers"], "Q1_by_sector_n")
    assert not any(v == "<5" for r in by_sector for v in r)
    cover = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    assert "not suppressed" in cover


def test_long_table_questions_in_survey_order(project, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "long.csv"
    order = ["General comment", "Q2 Second question", "Q4 Fourth question", "Q10 Tenth question",
             "Q1 First question", "Q3 Third question"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Respondent ID", "Question", "Answer"])
        for i in range(6):
            for label in order:
                writer.writerow([f"P{i}", label, f"Some words about {label.lower()} from person {i}"])
    import_files(project, [path])
    questions = list_questions(project)
    assert [q.key for q in questions][:5] == ["Q1", "Q2", "Q3", "Q4", "Q10"]
    assert questions[-1].text == "General comment"
    assert questions[1].text == "Second question"  # the key is not repeated in the text
    assert SURVEY_HEADER  # the wide fixture stays importable beside it


def test_report_counts_organisations_that_did_not_declare(project, tmp_path):  # type: ignore[no-untyped-def]
    import docx

    from consult_analyser.export.report_docx import export_report
    from consult_analyser.store import reporting

    rows = [["R-1", "", "", "", "Humberside Police", "", "", "", "Agree", "", "Text", "Yes"],
            ["R-2", "", "", "Ann Example", "", "", "", "", "Agree", "", "Text", "Yes"],
            ["R-3", "", "Individual", "Bob", "", "", "", "", "Agree", "", "Text", "Yes"]]
    import_files(project, [write_survey(tmp_path / "s.csv", rows)])
    info = reporting.overview(project)
    assert (info["organisations"], info["individuals"], info["not_stated"]) == (1, 1, 1)
    export_report(project, tmp_path / "r.docx", redact=False, small_counts=0)  # three respondents: shown
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "3 respondents (1 on behalf of organisations, 1 as individuals, 1 did not say) gave " in text
    assert "; where respondents did not say" not in text  # (trial 35: a clause that did not parse)


def test_the_dashboard_and_the_annex_count_organisations_and_individuals_by_one_rule(project, tmp_path):
    """A file that says nothing about who answered: nobody is counted an individual (the dashboard
    said "581 individuals" of passages no sector step had seen); an organisation's name counts."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store import dashboard, reporting
    from tests.conftest import write_survey

    rows = [[f"P{i}", "", f"passage {i} about housing"] for i in range(4)] + [["P9", "Leeds Food Bank", "more funding"]]
    import_files(project, [write_survey(tmp_path / "passages.csv", rows, ["Passage ID", "Organisation", "Passage"])])
    figures = dashboard.headline(project)
    assert (figures.organisations, figures.individuals, figures.not_known) == (1, 0, 4)
    cover = reporting.overview(project)
    assert (cover["organisations"], cover["individuals"], cover["not_stated"]) == (1, 0, 4)


def test_an_analysts_placing_outranks_the_ticked_box_in_the_counts(project, tmp_path):
    """Someone who ticked "organisation" and wrote "Myself" counts as their sector says (the two answers
    cancel; they counted as organisations, 44 where the truth was about 36), and an analyst's placing
    outranks everything (analyst > declared > rules > model)."""
    from consult_analyser.actions.sectors import SetSector
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.store import dashboard, reporting
    from tests.conftest import write_survey

    rows = [["R1", "Myself", "Organisation", "more buses"], ["R2", "", "Individual", "fewer cars"]]
    import_files(project, [write_survey(tmp_path / "s.csv", rows,
                                        ["Response ID", "Organisation name", "Are you responding as an individual or "
                                         "on behalf of an organisation?", "Your views"])])
    classify_project(project)
    assert reporting.respondent_kinds(project) == (0, 2, 0)  # the rule placed R1 among individuals, for review
    rid = project.scalar("SELECT id FROM respondents WHERE external_id = 'R1'")
    SetSector(rid, "individual").apply(project)
    assert reporting.respondent_kinds(project) == (0, 2, 0)
    assert dashboard.headline(project).individuals == 2
    organisation_sector = project.scalar("SELECT key FROM sectors WHERE is_organisation = 1 LIMIT 1")
    SetSector(rid, organisation_sector).apply(project)  # the analyst decides it was an organisation after all
    assert reporting.respondent_kinds(project) == (1, 1, 0)


def test_an_annex_with_no_organisations_says_so(project, tmp_path):
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.ingest.importer import import_files
    from tests.conftest import write_survey

    rows = [[f"P{i}", f"passage {i} about housing"] for i in range(6)]
    import_files(project, [write_survey(tmp_path / "passages.csv", rows, ["Passage ID", "Passage"])])
    export_annex(project, tmp_path / "annex.xlsx")
    sheet = load_workbook(tmp_path / "annex.xlsx")["Organisations"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "No respondent gave an organisation's name" in text


def test_files_carry_their_own_properties_not_a_library_template(project, tmp_path):  # type: ignore[no-untyped-def]
    """The report said author "python-docx", created 2013, en-US; the annex "openpyxl"."""
    from docx import Document
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.report_docx import export_report

    import_files(project, [_big_survey(tmp_path / "survey.csv")])
    export_report(project, tmp_path / "r.docx")
    props = Document(str(tmp_path / "r.docx")).core_properties
    assert props.author.startswith("Consult Analyser") and "python-docx" not in (props.comments or "")
    assert props.created.year >= 2024 and props.language == "en-GB" and "summary of responses" in props.title
    export_annex(project, tmp_path / "a.xlsx")
    assert load_workbook(tmp_path / "a.xlsx").properties.creator.startswith("Consult Analyser")


def test_ranks_are_in_their_natural_order():
    from consult_analyser.export.summaries import natural_order

    assert natural_order(["Fourth year", "Third year", "Second year", "First year"]) == \
        ["First year", "Second year", "Third year", "Fourth year"]
    assert natural_order(["Year 3", "Year 1", "Year 2"]) == ["Year 1", "Year 2", "Year 3"]
    assert natural_order(["4", "3", "1", "2"]) == ["1", "2", "3", "4"]
    assert natural_order(["Fourth year", "Graduate"]) == ["Fourth year", "Graduate"]  # not all ranks: as given


def test_the_respondents_sheet_counts_respondents_by_country(project, tmp_path):  # type: ignore[no-untyped-def]
    countries = ["Italy"] * 5 + ["italy", "ITALY"] + ["Germany"] * 6 + ["Malta"] * 2 + [""]  # one place, spelt three ways
    survey = tmp_path / "feedback.csv"
    survey.write_text("Id,Country of origin,Feedback\n" + "".join(
        f"{i},{c},Some view on the proposal number {i}\n" for i, c in enumerate(countries)), encoding="utf-8")
    import_files(project, [survey])
    path = tmp_path / "annex.xlsx"
    export_annex(project, path, redact=False)
    rows = _table(load_workbook(path)["Respondents"], "By_place")
    assert rows[0] == ["Country or region", "Respondents", "Share"]
    assert [r[:2] for r in rows[1:]] == [["Italy", 7], ["Germany", 6], ["Malta", "<5"], ["Not given", "<5"]]


def test_a_paper_forms_bare_degrees_keep_the_scales_order():
    # typed from paper: "Very" .. "Not at all" (important), beside the online form's full options
    assert natural_order(["Not very", "Very", "Not at all", "Fairly"]) == ["Very", "Fairly", "Not very", "Not at all"]
    assert natural_order(["Very important", "Not very", "Fairly important", "Not at all important", "Very"])[:2] == \
        ["Very important", "Very"]


def test_a_title_that_already_names_the_summary_is_not_said_twice(project, tmp_path):  # type: ignore[no-untyped-def]
    """A trial's report read "Rural Bus Plan: summary of responses: summary of responses"."""
    from docx import Document

    from consult_analyser.export.report_docx import export_report
    from consult_analyser.store.release import set_release_details

    import_files(project, [_big_survey(tmp_path / "survey.csv")])
    set_release_details(project, title="Rural Bus Plan: summary of responses")
    export_report(project, tmp_path / "r.docx")
    document = Document(str(tmp_path / "r.docx"))
    assert document.core_properties.title == "Rural Bus Plan: summary of responses"
    assert document.paragraphs[0].text == "Rural Bus Plan: summary of responses"
    set_release_details(project, title="Rural Bus Plan")
    export_report(project, tmp_path / "r2.docx")
    assert Document(str(tmp_path / "r2.docx")).paragraphs[0].text == "Rural Bus Plan: summary of responses"
