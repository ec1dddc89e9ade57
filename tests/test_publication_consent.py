"""Publication consent: a consultation's "may we publish your response?" column is read at import,
and everything published honours it (the Organisations sheet, quotes, the annex's Cover)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from consult_analyser.domain import Publication, Theme, ThemeAssignment, publication_choice
from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.export.csv_export import export_csv
from consult_analyser.export.report_docx import export_report
from consult_analyser.export.safety import NOT_PUBLISHED, make_redactor
from consult_analyser.export.summaries import published_report
from consult_analyser.ingest.columns import detect_mapping
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import consent, theme_runs
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.store.responses import respondent
from consult_analyser.store.schema import SCHEMA_VERSION

P, A, N, U = (Publication.PUBLIC, Publication.ANONYMOUS, Publication.NOT_FOR_PUBLICATION, Publication.UNKNOWN)


@pytest.mark.parametrize(("header", "value", "expected"), [
    # the EU "Have your say" portal
    ("Publication privacy settings", "Public", P),
    ("Publication privacy settings", "Anonymous", A),
    ("Publication privacy settings", "", U),
    # UK Citizen Space
    ("May we publish your response?", "Yes", P),
    ("May we publish your response?", "Yes, but anonymously", A),
    ("May we publish your response?", "No", N),
    # with or without a name
    ("Publish my response", "Publish my response with my name", P),
    ("Publish my response", "Publish my response without my name", A),
    ("Publish my response", "Do not publish my response", N),
    # a yes that asks to withhold
    ("Would you like your response to be kept confidential?", "Yes", N),
    ("Would you like your response to be kept confidential?", "No", P),
    ("Do you want your name to be published?", "No", A),
])
def test_choices_read_in_each_style(header: str, value: str, expected: Publication) -> None:
    assert publication_choice(value, header) == expected


@pytest.mark.parametrize(("header", "values"), [
    ("Publication privacy settings", ["Public", "Anonymous", "Public"]),
    ("May we publish your response?", ["Yes", "Yes, but anonymously", "No"]),
    ("Publish my response", ["with my name", "without my name", "do not publish"]),
    ("7. May we publish your response?", ["Yes", "No"]),
])
def test_consent_column_recognised(header: str, values: list[str]) -> None:
    mapping = detect_mapping(["Id", header, "Feedback"], [[str(i), v, "Some words about packaging."]
                                                         for i, v in enumerate(values)])
    assert [c.role for c in mapping.columns] == ["id", "consent", "question"]


def test_other_columns_not_taken_for_consent() -> None:
    mapping = detect_mapping(["Id", "Publication date", "Comments"],
                             [["1", "2023-04-01", "Fine."], ["2", "2023-04-02", "Not fine."]])
    assert "consent" not in [c.role for c in mapping.columns]


# Invented respondents: a public organisation, an anonymous family business whose name holds the
# family's surname (and who names it, and themselves, in their answer), a respondent who asked not
# to be published, and an individual who said nothing.
HEADER = ["Id", "User type", "Organisation name", "First name", "Surname", "Publication privacy settings", "Feedback"]
ROWS = [
    ["F1", "Company/business organisation", "Glasfabrik Nordlicht AG", "Maren", "Oystrup", "Public",
     "Reusable glass bottles should be the norm: a deposit return system for glass works well in our region."],
    ["F2", "Company/business organisation", "Bäckerei Quellmatter GmbH", "Ilse", "Quellmatter", "Anonymous",
     "As Bäckerei Quellmatter we think a deposit return system for glass bottles is too costly for small "
     "bakeries; Ilse Quellmatter runs the shop and the Quellmatter family cannot afford new washing lines."],
    ["F3", "Business association", "Verband Tafelrunde Süd e.V.", "Corvin", "Haldimark", "Anonymous",
     "A deposit return system for glass must leave time for members of small associations to adapt."],
    ["F4", "Non-governmental organisation (NGO)", "Bündnis Klarwasser", "Tamsin", "Vorrelaine",
     "Not for publication",
     "Deposit return for glass bottles: our secret pilot results show a return rate of 94 percent."],
    ["F5", "EU citizen", "", "Pavo", "Ringholt", "",
     "A deposit return system for glass bottles is simple for shoppers and cuts litter."],
]


def _project(tmp_path: Path, rows: list[list[str]] | None = None, header: list[str] | None = None) -> Project:
    path = tmp_path / "hys.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or HEADER)
        writer.writerows(rows or ROWS)
    project = Project.create(tmp_path / "consent.consult")
    import_files(project, [path])
    return project


def _theme(project: Project) -> None:
    """One theme over every answer, each representative, so that any of them could be quoted."""
    question = list_questions(project)[0]
    answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? ORDER BY seq",
                                           (question.id,))]
    theme = Theme(question.id, "Deposit return for glass", "", model="test")
    theme_runs.save_run(project, question.id, model="test", params={}, themes=[theme],
                        assignments=[ThemeAssignment(theme.id, rid, 0.9, representative=True) for rid in answers])


def test_choice_stored_with_the_raw_value(tmp_path: Path) -> None:
    project = _project(tmp_path)
    try:
        got = {r["external_id"]: (r["publication"], r["publication_raw"])
               for r in project.query("SELECT external_id, publication, publication_raw FROM respondents")}
        person = respondent(project, "F2")
    finally:
        project.close()
    assert got == {"F1": ("public", "Public"), "F2": ("anonymous", "Anonymous"), "F3": ("anonymous", "Anonymous"),
                   "F4": ("not_for_publication", "Not for publication"), "F5": ("unknown", "")}
    assert person is not None and person.publication == "anonymous" and person.publication_raw == "Anonymous"


def test_mapping_file_marks_a_consent_column(tmp_path: Path) -> None:
    header = ["Id", "Sharing", "Feedback"]
    rows = [["S1", "Open", "Words one."], ["S2", "Not for publication", "Words two."], ["S3", "Anonymous", "Words."]]
    path = tmp_path / "odd.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Sharing" = "consent"\n', encoding="utf-8")
    project = Project.create(tmp_path / "odd.consult")
    try:
        import_files(project, [path], mapping_file=mapping)
        got = dict(project.query("SELECT external_id, publication FROM respondents"))
    finally:
        project.close()
    # "Open" reads as no choice: taken as not for publication (the safe side), and said on the Cover
    assert got == {"S1": "not_for_publication", "S2": "not_for_publication", "S3": "anonymous"}


def _sheet_text(workbook: openpyxl.Workbook, name: str) -> str:
    return "\n".join(str(v) for row in workbook[name].iter_rows(values_only=True) for v in row if v is not None)


def test_annex_honours_consent(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _theme(project)
    out = tmp_path / "annex.xlsx"
    try:
        export_annex(project, out, redact=True, small_counts=0, respondent_sheets=True)
    finally:
        project.close()
    workbook = openpyxl.load_workbook(out)
    organisations = _sheet_text(workbook, "Organisations")
    assert "Glasfabrik Nordlicht AG" in organisations
    for withheld in ("Bäckerei Quellmatter", "Verband Tafelrunde", "Bündnis Klarwasser"):
        assert withheld not in organisations
    assert "3 respondents who gave an organisation's name asked to be published anonymously or not at all" \
        in organisations
    everything = "\n".join(_sheet_text(workbook, name) for name in workbook.sheetnames)
    for name in ("Quellmatter", "Tafelrunde", "Klarwasser", "Haldimark", "Vorrelaine"):
        assert name not in everything
    assert "secret pilot results" not in everything  # never quoted
    assert "too costly for small bakeries" in everything  # the anonymous respondent is quoted, without names
    cover = _sheet_text(workbook, "Cover")
    assert "Publication consent: 2 respondents asked to be published anonymously" in cover
    assert "1 respondent asked that their response not be published" in cover
    assert "These choices were honoured throughout." in cover


def test_quotes_leave_out_the_unpublished_and_the_names_of_the_anonymous(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _theme(project)
    try:
        for redactor in (make_redactor(False), make_redactor(True, names_model=False)):
            report = published_report(project, list_questions(project)[0], redactor, quotes=5)
            quoted = [q.text for t in report.themes for q in t.quotes]
            assert len(quoted) == 4  # all but the one not to be published
            assert not any("secret pilot" in q for q in quoted)
            anonymous = next(q for q in quoted if "small bakeries" in q)
            assert "Quellmatter" not in anonymous and "Ilse" not in anonymous
            assert "[name withheld]" in anonymous
            assert any("Reusable glass bottles" in q for q in quoted)
    finally:
        project.close()


def test_report_and_csv_honour_consent(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _theme(project)
    report, responses, organisations, respondents = (tmp_path / n for n in (
        "report.docx", "responses.csv", "organisations.csv", "respondents.csv"))
    try:
        export_report(project, report, redact=True, small_counts=0)
        export_csv(project, responses, "responses", redact=True)
        export_csv(project, organisations, "organisations", redact=True)
        export_csv(project, respondents, "respondents", redact=True, include_names=True)
    finally:
        project.close()
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert "secret pilot" not in text and "Quellmatter" not in text
    assert "Publication consent: 2 respondents asked to be published anonymously" in text
    rows = {r["respondent_id"]: r for r in csv.DictReader(responses.open(encoding="utf-8-sig"))}
    assert rows["F4"]["text"] == NOT_PUBLISHED
    assert "Quellmatter" not in rows["F2"]["text"] and "small bakeries" in rows["F2"]["text"]
    listed = organisations.read_text(encoding="utf-8-sig")
    assert "Glasfabrik Nordlicht AG" in listed and "Quellmatter" not in listed and "Klarwasser" not in listed
    people = {r["respondent_id"]: r for r in csv.DictReader(respondents.open(encoding="utf-8-sig"))}
    assert (people["F2"]["organisation"], people["F2"]["name"], people["F2"]["publication"]) == ("", "", "anonymous")
    assert people["F1"]["organisation"] == "Glasfabrik Nordlicht AG"


def test_citizen_space_style_counts(tmp_path: Path) -> None:
    header = ["Response ID", "Organisation name", "May we publish your response?", "Q1. Your views"]
    rows = [["R1", "Harbour Trust Kelloway", "Yes", "Harbours need dredging money."],
            ["R2", "Kelloway Sailing Club", "Yes, but anonymously", "Kelloway Sailing Club wants moorings."],
            ["R3", "", "No", "Private views on moorings."]]
    project = _project(tmp_path, rows, header)
    try:
        assert consent.counts(project) == {"public": 1, "anonymous": 1, "not_for_publication": 1, "unknown": 0}
        line = consent.statement(project, threshold=5)
    finally:
        project.close()
    assert "fewer than 5 respondents asked to be published anonymously" in line


def test_older_projects_read_the_choice_from_their_information(tmp_path: Path) -> None:
    """A project imported before the consent column was read kept it as information (metadata)."""
    project = _project(tmp_path)
    path = project.path
    project.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE respondents SET metadata = json_object('Publication privacy settings', publication_raw),"
                 " publication = 'unknown', publication_raw = ''")
    conn.commit()
    assert consent.backfill(conn) == 4
    got = dict(conn.execute("SELECT external_id, publication FROM respondents"))
    conn.close()
    assert got == {"F1": "public", "F2": "anonymous", "F3": "anonymous", "F4": "not_for_publication", "F5": "unknown"}
    assert SCHEMA_VERSION >= 7


def test_upgrade_to_schema_7_reads_the_choice(tmp_path: Path) -> None:
    """Opening a schema-6 project (the consent column kept as information) adds the columns and reads it."""
    project = _project(tmp_path)
    path = project.path
    project.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE respondents SET metadata = json_object('Publication privacy settings', publication_raw)")
    for column in ("publication", "publication_raw", "publication_imported", "publication_set_by",
                   "publication_set_at", "publication_reason"):  # added by schema 7 and later
        conn.execute(f"ALTER TABLE respondents DROP COLUMN {column}")
    conn.execute("ALTER TABLE responses DROP COLUMN form_text")  # (schema 9)
    conn.execute("DROP TABLE withdrawals")  # (schema 10)
    conn.execute("ALTER TABLE questions DROP COLUMN follow_up")  # (schema 13)
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Project.open(path) as upgraded:
        got = dict(upgraded.query("SELECT external_id, publication FROM respondents"))
    assert got == {"F1": "public", "F2": "anonymous", "F3": "anonymous", "F4": "not_for_publication", "F5": "unknown"}


def test_refi_qda_carries_the_choice(tmp_path: Path) -> None:
    from consult_analyser.export.refi_qda import export_qdpx

    project = _project(tmp_path)
    out = tmp_path / "consent.qdpx"
    try:
        export_qdpx(project, out)
    finally:
        project.close()
    again = Project.create(tmp_path / "again.consult")
    try:
        import_files(again, [out])
        got = dict(again.query("SELECT external_id, publication FROM respondents"))
    finally:
        again.close()
    assert got == {"F1": "public", "F2": "anonymous", "F3": "anonymous", "F4": "not_for_publication", "F5": "unknown"}


def test_a_name_part_that_is_also_a_word_is_withheld_only_as_a_name():
    from consult_analyser.store.consent import Withheld, redact_names

    who = Withheld("anonymous", "Green Futures Ltd", "Will Green")
    text = redact_names("We at Green Futures want green energy. Ask Green about it.", who)
    assert text == "We at [name withheld] want green energy. Ask [name withheld] about it."


def test_a_consent_column_typed_by_hand_in_many_ways_is_still_read() -> None:
    """Fifteen spellings (a form without a fixed list): a consent column missed publishes everyone."""
    values = ["Yes", "No", "Yes, but anonymously", "yes", "YES ", "Yes – anonymously", "Yes but anonymously",
              "Anonymously", "No, keep it confidential", "I'd rather you didn't", "Prefer not to say",
              "Yes, publish my name and response", "N", "Y", "Not for publication"] * 2
    mapping = detect_mapping(["Response ID", "May we publish your response?", "Comments"],
                             [[f"R{i}", v, "Some words"] for i, v in enumerate(values)])
    assert [c.role for c in mapping.columns] == ["id", "consent", "question"]
    assert publication_choice("I'd rather you didn't", "may we publish your response") is \
        Publication.NOT_FOR_PUBLICATION  # no clear choice: the safe side
    assert publication_choice("", "may we publish your response") is Publication.UNKNOWN


def test_a_campaign_only_unpublished_respondents_sent_is_counted_but_its_wording_withheld(tmp_path: Path) -> None:
    from consult_analyser.store.campaigns import NewCampaign, replace_campaigns
    from consult_analyser.store.published_campaigns import CAMPAIGN_WORDING_WITHHELD, campaigns

    project = _project(tmp_path)
    try:
        question = list_questions(project)[0]
        ids = dict(project.query("SELECT p.external_id, r.id FROM responses r JOIN respondents p"
                                 " ON p.id = r.respondent_id WHERE r.question_id = ?", (question.id,)))
        replace_campaigns(project, question.id, [NewCampaign(ids["F4"], [(ids["F4"], 1.0)]),
                                                 NewCampaign(ids["F1"], [(ids["F1"], 1.0), (ids["F5"], 0.9)])])
        rows = {r.members: r for r in campaigns(project)}
        assert rows[1].canonical_text == CAMPAIGN_WORDING_WITHHELD  # sent only by F4, not for publication
        assert rows[2].canonical_text.startswith("Reusable glass bottles")  # F1 may be published
        export_annex(project, tmp_path / "annex.xlsx", redact=True)
        text = _sheet_text(openpyxl.load_workbook(tmp_path / "annex.xlsx"), "Campaigns")
        assert "secret pilot" not in text and CAMPAIGN_WORDING_WITHHELD in text
    finally:
        project.close()


def test_a_campaign_whose_canonical_answer_may_not_be_published_shows_another_members_wording(tmp_path: Path) -> None:
    from consult_analyser.store.campaigns import NewCampaign, replace_campaigns
    from consult_analyser.store.published_campaigns import campaigns

    letter = ("Dear Sir or Madam,\nA deposit return system for glass bottles is simple for shoppers and cuts "
              "litter.\nYours faithfully,\nTamsin Vorrelaine\nHead of Policy\nTel 0161 496 0000\n"
              "12 Brindlemoor, Oakhurst")
    rows = [list(r) for r in ROWS]
    rows[4][6] = letter  # F5, no choice stated: may be published
    project = _project(tmp_path, rows)
    try:
        question = list_questions(project)[0]
        ids = dict(project.query("SELECT p.external_id, r.id FROM responses r JOIN respondents p"
                                 " ON p.id = r.respondent_id WHERE r.question_id = ?", (question.id,)))
        # the canonical answer is F4's, who asked not to be published; F5 sent the same wording
        replace_campaigns(project, question.id, [NewCampaign(ids["F4"], [(ids["F4"], 1.0), (ids["F5"], 0.8)])])
        (row,) = campaigns(project)
        assert "secret pilot" not in row.canonical_text and "secret pilot" not in row.label
        assert row.canonical_text == ("A deposit return system for glass bottles is simple for shoppers and cuts "
                                      "litter.")  # the letter's greeting and signature block left out
        export_annex(project, tmp_path / "annex.xlsx", redact=True)
        text = _sheet_text(openpyxl.load_workbook(tmp_path / "annex.xlsx"), "Campaigns")
        assert "secret pilot" not in text and "Brindlemoor" not in text and "simple for shoppers" in text
    finally:
        project.close()


def test_a_theme_made_from_the_answers_never_names_an_anonymous_organisation(tmp_path: Path) -> None:
    project = _project(tmp_path)
    try:
        question = list_questions(project)[0]
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ?", (question.id,))]
        theme = Theme(question.id, "Costs for bäckerei quellmatter", "Answers about costs, often mentioning "
                      "bäckerei quellmatter and washing lines.", keywords=["bäckerei quellmatter", "washing lines"],
                      model="test")
        theme_runs.save_run(project, question.id, model="test", params={}, themes=[theme],
                            assignments=[ThemeAssignment(theme.id, rid, 0.9) for rid in answers])
        published = published_report(project, question, make_redactor(True)).themes[0].theme
        assert "quellmatter" not in f"{published.label} {published.description} {published.keywords}".lower()
        assert published.keywords == ["washing lines"]
    finally:
        project.close()


def test_a_redacted_respondents_table_gives_no_detail_that_names_an_anonymous_organisation(tmp_path: Path) -> None:
    header = [*HEADER, "Transparency register number", "Country"]
    rows = [[*row, f"84331057938{i}-50", "Germany"] for i, row in enumerate(ROWS)]
    rows += [[f"G{i}", "EU citizen", "", "", "", "Public", "More words.", "", "Germany"] for i in range(5)]
    project = _project(tmp_path, rows, header)
    try:
        export_csv(project, tmp_path / "resp.csv", "respondents", redact=True)
    finally:
        project.close()
    with (tmp_path / "resp.csv").open(encoding="utf-8-sig") as fh:
        table = {r["respondent_id"]: r for r in csv.DictReader(fh)}
    assert table["F2"]["Transparency register number"] == "" and table["F2"]["region"] == "Germany"
    assert table["F1"]["Transparency register number"] == "843310579380-50"  # a public one keeps it


def test_the_fixed_themes_are_published_without_quotes(tmp_path: Path) -> None:
    """"N/A" or "Agree." quoted under "No substantive answer" shows nothing."""
    from consult_analyser.domain import NO_ANSWER_LABEL

    project = _project(tmp_path)
    try:
        question = list_questions(project)[0]
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ?", (question.id,))]
        fixed, topic = Theme(question.id, NO_ANSWER_LABEL, model="test"), Theme(question.id, "Glass", model="test")
        theme_runs.save_run(project, question.id, model="test", params={}, themes=[fixed, topic],
                            assignments=[ThemeAssignment(fixed.id, answers[0], 1.0, representative=True),
                                         ThemeAssignment(topic.id, answers[4], 0.9, representative=True)])
        report = published_report(project, question, make_redactor(True))
        quotes = {t.theme.label: len(t.quotes) for t in report.themes}
        assert quotes == {NO_ANSWER_LABEL: 0, "Glass": 1}
    finally:
        project.close()


def test_the_scottish_government_respondent_information_form(tmp_path: Path) -> None:
    """Citizen Space's RIF: "...permission to publish your consultation response. Please indicate
    your publishing preference:" with "Publish response with name / only (without name) / Do not
    publish response"; its privacy acknowledgement is kept information, not a closed question."""
    asks = ("The Scottish Government would like your permission to publish your consultation response. Please "
            "indicate your publishing preference:")
    privacy = "I confirm that I have read the privacy policy and consent to the data I provide being used as set out"
    path = tmp_path / "rif.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Response ID", "What is your name?", asks, privacy, "Question 1: Any comments on the plan?"])
        for i, choice in enumerate(["Publish response with name", "Publish response only (without name)",
                                    "Do not publish response"] * 4):
            writer.writerow([f"ANON-{i}", f"Ailsa Brodie{i}", choice, "I consent",
                             f"The plan for the harbour at point {i} needs more parking"])
    mapping = detect_mapping(*_header_and_rows(path))
    assert {c.header[:20]: c.role for c in mapping.columns}[privacy[:20]] == "metadata"
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        assert dict(project.query("SELECT publication, COUNT(*) FROM respondents GROUP BY 1")) == {
            "public": 4, "anonymous": 4, "not_for_publication": 4}
        assert [q.key for q in list_questions(project)] == ["Q1"]


def _header_and_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_a_letter_asking_for_confidentiality_or_anonymity_is_honoured(tmp_path: Path) -> None:
    """E-mailed and posted letters have no consent column: what the writer asks in the letter is
    their choice ("Please treat this response as confidential", "Please do not publish my name"),
    the import says so, and it only ever withholds more than the writer had chosen."""
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "a.txt").write_text("Dear team,\n\nPlease treat this response as confidential.\n\nThe bus lane on "
                                   "Quarry Road should stay.\n\nYours sincerely,\nTamsin Orrell\n", encoding="utf-8")
    (letters / "b.txt").write_text("Dear team,\n\nI support the plan for the harbour. Please do not publish my "
                                   "name.\n\nKind regards,\nIvo Penhale\n", encoding="utf-8")
    (letters / "c.txt").write_text("Dear team,\n\nI am happy for my response to be published. The harbour plan "
                                   "is good.\n\nRegards,\nMerryn Tregear\n", encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        result = import_files(project, [letters])
        chosen = {r[0]: (r[1], r[2]) for r in project.query(
            "SELECT external_id, publication, publication_raw FROM respondents")}
    said = " | ".join(result.warnings)
    assert chosen["a.txt"] == ("not_for_publication", "a.txt: Please treat this response as confidential.")
    assert chosen["b.txt"][0] == "anonymous" and "Please do not publish my name." in chosen["b.txt"][1]
    assert chosen["c.txt"][0] == "unknown"
    assert "a.txt: the writer asks not to be published" in said and "b.txt: the writer asks to be published " \
        "without names" in said


def test_what_a_letter_asks_of_its_publication() -> None:
    from consult_analyser.domain import letter_publication

    assert letter_publication("NOT FOR PUBLICATION\n\nDear Sir") == (Publication.NOT_FOR_PUBLICATION,
                                                                    "NOT FOR PUBLICATION")
    assert letter_publication("I don't want my response to be published.")[0] == Publication.NOT_FOR_PUBLICATION
    assert letter_publication("We would like to remain anonymous.")[0] == Publication.ANONYMOUS
    assert letter_publication("Please publish it anonymously.")[0] == Publication.ANONYMOUS
    assert letter_publication("Peidiwch â chyhoeddi fy enw, os gwelwch yn dda.")[0] == Publication.ANONYMOUS
    for said in ("I am happy for my response to be published.", "I do not mind if you publish my name.",
                 "The data should be anonymised before use.", "Patients' records must stay confidential."):
        assert letter_publication(said) is None, said


def test_the_organisation_type_question_after_the_individual_or_organisation_one() -> None:
    """"If you are responding on behalf of an organisation, which of the following best describes it?"
    is the declared type, not a second individual-or-organisation column kept as information."""
    header = ["Response ID", "Are you responding as an individual or an organisation?",
              "If you are responding on behalf of an organisation, which of the following best describes it?",
              "Q1. Your views?"]
    rows = [["A1", "Organisation", "Third sector", "We agree with the plan"], ["A2", "Individual", "", "We do not"]]
    roles = [c.role for c in detect_mapping(header, rows).columns]
    assert roles == ["id", "respondent_type", "sector", "question"]


def test_a_question_asking_for_comments_is_open_however_few_its_answers() -> None:
    header = ["Response ID", "Q4. Do you have any comments on the partial Business and Regulatory Impact Assessment?",
              "Q5. Do you agree with the proposal?"]
    answers = ["No", "None", "Yes, it is flawed", "No comment", "See attached", "We agree with it"]
    rows = [[f"A{i}", answers[i % 6], ["Yes", "No"][i % 2]] for i in range(40)]
    kinds = [c.kind for c in detect_mapping(header, rows).columns[1:]]
    assert kinds == ["open", "closed"]


def test_headers_cut_short_as_limesurvey_abbreviates_them() -> None:
    """LimeSurvey's abbreviated headers ("May we publish ..", "Organisation (a..") were read as a
    closed question and an open one: the consent was ignored and organisations' names became themes,
    those of respondents who asked not to be published among them."""
    header = ["Response ID", "Organisation (a..", "May we publish ..", "What improvemen.."]
    choices = ["Please publish my response with my name", "Publish my response anonymously",
               "Do not publish my response"]
    rows = [[str(i), ["", "Hillside Primary School", "Eastfield Town Council"][i % 3], choices[i % 3],
             f"More buses on route {i}, please."] for i in range(12)]
    mapping = detect_mapping(header, rows)
    assert [c.role for c in mapping.columns] == ["id", "organisation", "consent", "question"]
    # a header with "publish" in it is not consent unless its answers say so
    dates = detect_mapping(["Id", "Publication d..", "Comments"],
                           [[str(i), f"2023-04-0{i % 9 + 1}", "Some words."] for i in range(12)])
    assert "consent" not in [c.role for c in dates.columns]


@pytest.mark.parametrize("header, blank, ticked", [
    ("Tick here if you wish to remain anonymous", Publication.PUBLIC, Publication.ANONYMOUS),
    ("Please tick this box if you want your response to be kept confidential", Publication.PUBLIC,
     Publication.NOT_FOR_PUBLICATION),
    ("Tick to consent to publication of your response", Publication.NOT_FOR_PUBLICATION, Publication.PUBLIC),
])
def test_a_blank_under_a_tick_box_is_a_box_left_unticked(tmp_path: Path, header: str, blank: Publication,
                                                         ticked: Publication) -> None:
    """A trial's "tick here to remain anonymous" column: its blanks were reported "Not stated". A box
    left unticked answers the header no, and an "x" or a tick mark answers it yes."""
    path = tmp_path / "tick.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Response ID", "Organisation name", header, "Q1. Your views"])
        writer.writerows([["R1", "Alder Trust", "", "More buses please."],
                          ["R2", "Birch Society", "x", "Fewer buses please."],
                          ["R3", "Cedar Group", "✓", "Later buses please."]])
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        got = dict(project.query("SELECT external_id, publication FROM respondents"))
    assert got == {"R1": blank.value, "R2": ticked.value, "R3": ticked.value}


UK_HEADER = ["Response ID", "Are you responding as an individual or on behalf of an organisation?", "Your name",
             "Organisation name", "May we publish your response?", "Q1. Your views"]
UK_ROWS = [  # invented: people named beside their body, and individuals who ticked "organisation"
    ["U1", "Organisation", "Wenna Quarrick", "Dr Wenna Quarrick, Centre for Social Cohesion, University of Lancaster",
     "Yes", "Schools twinning works well."],
    ["U2", "Organisation", "Tegid Ormsby", "Healthwatch Crawley - Tegid Ormsby, Head of Equality", "Yes",
     "Health services need interpreters."],
    ["U3", "Organisation", "Nasreen Quilliam", "Coventry Interfaith Forum / Nasreen Quilliam", "Yes",
     "Faith groups bring people together."],
    ["U4", "Organisation", "Bryn Alcott", "Retired teacher", "Yes", "As a retired teacher I saw mixing work."],
    ["U5", "Organisation", "Cerys Pellow", "NHS nurse", "Yes", "As an NHS nurse I see lonely people."],
    ["U6", "Organisation", "Dilys Farrant", "Parent", "Yes, but anonymously", "As a parent I'd like more clubs."],
    ["U7", "Individual", "Emrys Tallis", "", "Yes", "As a parent I'd like after school clubs open to all."],
    ["U8", "Organisation", "", "Bradford Council for Mosques", "Yes", "Mosques open their doors."],
    ["U9", "Organisation", "Priya Kaur-Dhillon", "Rev. Priya Kaur-Dhillon, Religious Society of Friends (Quakers), "
     "Sunderland Meeting", "Yes", "Meeting houses welcome all."],
    # a post in French beside the body, and nobody's name (published apart from the body, as another body)
    ["U10", "Organisation", "", "Directeur, Ville de Gatineau", "Yes", "Les villes soutiennent l'étiquetage."],
]


def test_a_person_beside_their_body_and_a_role_in_the_organisation_box_are_never_published(tmp_path: Path) -> None:
    """A trial published "Dr Catherine Singh, Centre for Social Cohesion ..." on the Organisations sheet, in
    organisations.csv and in the redacted respondents.csv; listed "Retired teacher" and "NHS nurse" as
    organisations; and, as the anonymous "Parent" was withheld from everyone's words, published "As a
    [name withheld] I'd like ..." in 79 answers."""
    from consult_analyser.pipeline.sectors.run import classify_project

    project = _project(tmp_path, UK_ROWS, UK_HEADER)
    try:
        classify_project(project)
        _theme(project)
        annex, responses_csv = tmp_path / "annex.xlsx", tmp_path / "responses.csv"
        export_annex(project, annex, redact=True, small_counts=0)
        export_csv(project, tmp_path / "respondents.csv", "respondents", redact=True)
        export_csv(project, tmp_path / "organisations.csv", "organisations", redact=True)
        export_csv(project, responses_csv, "responses", redact=True)
        boxes = dict(project.query("SELECT p.external_id, rs.detail FROM respondents p JOIN respondent_sector rs"
                                   " ON rs.respondent_id = p.id"))
    finally:
        project.close()
    organisations = _sheet_text(openpyxl.load_workbook(annex), "Organisations")
    for body in ("Centre for Social Cohesion, University of Lancaster", "Healthwatch Crawley",
                 "Coventry Interfaith Forum", "Bradford Council for Mosques",
                 "Religious Society of Friends (Quakers), Sunderland Meeting",  # (its brackets kept whole)
                 "Ville de Gatineau"):
        assert body in organisations
    published = organisations + "\n".join(
        (tmp_path / f).read_text(encoding="utf-8-sig") for f in ("respondents.csv", "organisations.csv"))
    for person in ("Quarrick", "Ormsby", "Quilliam", "Kaur-Dhillon", "Head of Equality", "Retired teacher", "NHS nurse",
                   "Directeur"):
        assert person not in published
    assert "Centre for Social Cohesion, University of Lancaster" in (tmp_path / "respondents.csv").read_text(
        encoding="utf-8-sig")
    # the two who described themselves are individuals for the review, and no one's words lose "parent"
    assert boxes["U4"] == boxes["U5"] == "rule:organisation_box_names_a_person"
    answers = responses_csv.read_text(encoding="utf-8-sig")
    assert "As a parent I'd like more clubs." in answers and "As a parent I'd like after school" in answers
    assert "[name withheld]" not in answers


CA_HEADER = ["Response ID", "First name / Prénom", "Email / Courriel",
             "Organization name (if applicable) / Nom de l'organisation (s'il y a lieu)", "Q1. Your views / Vos commentaires"]
CA_ROWS = [  # invented: a form that asks no type; people write about themselves, or nothing, in the box
    ["C1", "Josée", "josee.b@videotron.ca", "Aucune", "Les étiquettes aident les familles."],
    ["C2", "Marc", "marc@bell.net", "s.o.", "Trop de sel dans les aliments."],
    ["C3", "Lina", "lina@bell.net", "S/O", "Bonne idée."],
    ["C4", "Chloé", "chloe@gmail.com", "Étudiante", "Je lis toujours les étiquettes."],
    ["C5", "Dana", "dana@shaw.ca", "Mom of 3", "Labels help me shop for my kids."],
    ["C6", "Anne", "anne@yahoo.ca", "Je suis une citoyenne", "Bravo pour cette mesure."],
    ["C7", "Raj", "raj@rogers.com", "N/A - personal submission", "Good for heart health."],
    ["C8", "Sam", "sam@bell.net", "", "Please go ahead."],
    ["C9", "", "info@restaurantscanada.org", "Restaurants Canada", "Menus are already labelled."],
    ["C10", "", "office@cancer.ca", "Canadian Cancer Society / Société canadienne du cancer", "We support it."],
]


def test_a_form_that_asks_no_type_counts_people_who_describe_themselves_in_the_box_as_individuals(
        tmp_path: Path) -> None:
    """A Canadian trial counted 312 organisations for 240: "Aucune", "s.o.", "S/O", "Étudiante", "Mom of 3",
    "Je suis une citoyenne" were read as organisations' names (seven of them listed on the Organisations
    sheet), and 49 people writing from bell.net (a consumer mail service) were on no side."""
    from consult_analyser.pipeline.sectors.run import classify_project

    project = _project(tmp_path, CA_ROWS, CA_HEADER)
    try:
        classify_project(project)
        export_csv(project, tmp_path / "respondents.csv", "respondents", redact=True)
        export_annex(project, tmp_path / "annex.xlsx", redact=True, small_counts=0)
    finally:
        project.close()
    with (tmp_path / "respondents.csv").open(encoding="utf-8-sig") as fh:
        side = {r["respondent_id"]: r["is_organisation"] for r in csv.DictReader(fh)}
    assert side == {**{f"C{i}": "no" for i in range(1, 9)}, "C9": "yes", "C10": "yes"}, side
    organisations = _sheet_text(openpyxl.load_workbook(tmp_path / "annex.xlsx"), "Organisations")
    assert "Restaurants Canada" in organisations
    for box in ("Aucune", "s.o.", "S/O", "Étudiante", "Mom of 3", "citoyenne", "personal submission"):
        assert box not in organisations, box


def test_a_campaigns_own_theme_is_named_by_another_members_wording_redacted(tmp_path: Path) -> None:
    """A hostile-input trial's annex and report named a campaign's theme 'Campaign: "My name is Sarah Connolly and I
    live at 14 ..."': the wording standing in for a canonical answer that may not be published was not redacted."""
    from consult_analyser.store.campaigns import NewCampaign, label_for, replace_campaigns

    rows = [list(r) for r in ROWS]
    rows[4][6] = ("My name is Sarah Connolly and I live at 14 Mill Lane, Harbourtown. A deposit return system "
                  "for glass bottles is simple for shoppers and cuts litter.")  # F5, no choice stated: may be published
    project = _project(tmp_path, rows)
    try:
        question = list_questions(project)[0]
        ids = dict(project.query("SELECT p.external_id, r.id FROM responses r JOIN respondents p"
                                 " ON p.id = r.respondent_id WHERE r.question_id = ?", (question.id,)))
        replace_campaigns(project, question.id, [NewCampaign(ids["F4"], [(ids["F4"], 1.0), (ids["F5"], 0.8)])])
        canonical = project.scalar("SELECT text FROM responses WHERE id = ?", (ids["F4"],))
        theme = Theme(question.id, label_for(canonical), "The standard wording of an organised campaign.", model="test")
        theme_runs.save_run(project, question.id, model="test", params={}, themes=[theme],
                            assignments=[ThemeAssignment(theme.id, ids[k], 0.9) for k in ("F4", "F5")])
        published = published_report(project, question, make_redactor(True)).themes[0].theme
        assert published.label.startswith('Campaign: "My name is') and "Connolly" not in published.label, published
    finally:
        project.close()


def test_a_theme_named_after_someone_the_answers_name_is_published_without_the_name(tmp_path: Path) -> None:
    """A hostile-input trial's annex published themes labelled "Nguyen Thi Lan from our street" and "Tobias
    Wrenfield" ("Answers about Oluwaseun Adebayo.") though the same names were redacted in the quotes."""
    project = _project(tmp_path)
    try:
        question = list_questions(project)[0]
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ?", (question.id,))]
        themes = [Theme(question.id, "Nguyen Thi Lan from our street", "Answers about Oluwaseun Adebayo and bottles.",
                        keywords=["priyanka dasgupta", "glass bottles"], model="test"),
                  Theme(question.id, "Deposit return for glass", "Answers about deposits.", keywords=["deposit"],
                        model="test")]
        theme_runs.save_run(project, question.id, model="test", params={}, themes=themes,
                            assignments=[ThemeAssignment(themes[i % 2].id, rid, 0.9) for i, rid in enumerate(answers)])
        published = {t.theme.id: t.theme for t in published_report(project, question, make_redactor(True)).themes}
        named, plain = published[themes[0].id], published[themes[1].id]
        shown = f"{named.label} {named.description} {named.keywords}"
        for name in ("Nguyen", "Thi Lan", "Oluwaseun", "Adebayo", "dasgupta"):
            assert name not in shown, shown
        assert named.keywords == ["glass bottles"] and plain.label == "Deposit return for glass"
    finally:
        project.close()


def test_a_description_keeps_the_label_it_repeats(tmp_path: Path) -> None:
    """A trial's annex printed the theme "Gray Wolf" as "Answers about [name], often mentioning gray wolves": read in a
    sentence the label was taken for a person's name, though as a label it was published. A label that names
    someone is redacted in its description too."""
    project = _project(tmp_path)
    try:
        question = list_questions(project)[0]
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ?", (question.id,))]
        themes = [Theme(question.id, "Gray Wolf", "Answers about Gray Wolf, often mentioning gray wolves.",
                        keywords=["wolves"], model="test"),
                  Theme(question.id, "Tobias Wrenfield", "Answers about Tobias Wrenfield and bottles.", model="test")]
        theme_runs.save_run(project, question.id, model="test", params={}, themes=themes,
                            assignments=[ThemeAssignment(themes[i % 2].id, rid, 0.9) for i, rid in enumerate(answers)])
        published = {t.theme.id: t.theme for t in published_report(project, question, make_redactor(True)).themes}
        assert published[themes[0].id].description == "Answers about Gray Wolf, often mentioning gray wolves."
        named = published[themes[1].id]
        assert "Wrenfield" not in named.label + named.description and named.description.endswith("and bottles.")
    finally:
        project.close()


def _bottles_theme(project: Project, question, externals) -> Theme:  # type: ignore[no-untyped-def]
    """One theme of the question holding these respondents' answers, each representative (quotable)."""
    answers = dict(project.query("SELECT p.external_id, r.id FROM responses r JOIN respondents p"
                                 " ON p.id = r.respondent_id WHERE r.question_id = ?", (question.id,)))
    theme = Theme(question.id, "Reusable bottles", "Answers about bottles.", model="test")
    theme_runs.save_run(project, question.id, model="test", params={}, themes=[theme],
                        assignments=[ThemeAssignment(theme.id, answers[k], 0.9, representative=True)
                                     for k in externals])
    return theme


def test_quotes_are_answers_written_in_sentences_first(tmp_path: Path) -> None:
    """A trial's signed-off theme was quoted by "i am in favour of option 3 a national ban my mum uses a rollator"
    where most of its answers were cleanly written."""
    from consult_analyser.store.theme_report import quotes

    rows = [list(r) for r in ROWS]
    rows[0][6] = "i think reusable glass bottles should be the norm a deposit return system works well here"
    rows[4][6] = "REUSABLE GLASS BOTTLES SHOULD BE THE NORM AND A DEPOSIT RETURN SYSTEM WORKS WELL"
    rows[2][5] = "Public"
    rows[2][6] = "Reusable glass bottles should be the norm. A deposit return system for glass works well."
    project = _project(tmp_path, rows)
    try:
        question = list_questions(project)[0]
        theme = _bottles_theme(project, question, ("F1", "F5", "F3"))
        first = quotes(project, theme.id, n=1)[0]
        assert first.text.startswith("Reusable glass bottles should be the norm."), first.text
    finally:
        project.close()


def test_two_answers_that_read_the_same_once_redacted_are_quoted_once(tmp_path: Path) -> None:
    """A re-tested trial's annex and report quoted the same words twice in one theme: two answers that differed only
    in a name."""
    rows = [list(r) for r in ROWS]
    rows[0][5] = rows[2][5] = "Public"
    rows[0][6] = "My neighbour Tamsin Oakes says reusable glass bottles should be the norm everywhere."
    rows[2][6] = "My neighbour Corvin Hale says reusable glass bottles should be the norm everywhere."
    project = _project(tmp_path, rows)
    try:
        question = list_questions(project)[0]
        _bottles_theme(project, question, ("F1", "F3"))
        shown = [q.text for q in published_report(project, question, make_redactor(True)).themes[0].quotes]
        assert len(shown) == 1 and "[name]" in shown[0], shown
    finally:
        project.close()


def test_names_the_model_filed_as_organisations_are_counted_where_they_are_not_listed(tmp_path: Path) -> None:
    """A re-tested trial's annex left 45 organisations the model had filed correctly (only a submitter's name,
    no organisation field) off the Organisations sheet without a word: the sheet says how many, and why."""
    from consult_analyser.export.safety import unconfirmed_by_name
    from consult_analyser.pipeline.sectors.run import classify_project

    header = ["Respondent ID", "Submitter name", "Are you responding as an individual or on behalf of an organisation?",
              "Organisation type", "Your views"]
    stems = ["Brightwater", "Harrow", "Kestrel", "Larkfield", "Quillon", "Teasel", "Orrin", "Vantor"]
    companies = [f"{a} {b}" for a in stems for b in ("Analytics", "Robotics", "Software")]
    people = [f"{a} {b}" for a in ("Maren", "Tobias", "Priya", "Owen", "Aoife", "Sam", "Lena", "Rhys")
              for b in ("Lindqvist", "Wrenfield", "Okafor")]
    rows = [[f"A{i}", n, "On behalf of an organisation", "Company", "Rules should be clear for firms."]
            for i, n in enumerate(companies)]
    rows += [[f"B{i}", n, "Individual", "", "I worry about my data."] for i, n in enumerate(people)]
    rows += [["C1", "Quorvexa", "", "", "Rules should be clear for firms."]]
    project = _project(tmp_path, rows, header)
    try:
        classify_project(project)
        sector = dict(project.query("SELECT p.external_id, rs.source FROM respondents p JOIN respondent_sector rs"
                                    " ON rs.respondent_id = p.id"))
        unconfirmed = [r.external_id for r in unconfirmed_by_name(project)]
        export_annex(project, tmp_path / "annex.xlsx", redact=True, small_counts=0)
    finally:
        project.close()
    assert sector["C1"] == "model"
    organisations = _sheet_text(openpyxl.load_workbook(tmp_path / "annex.xlsx"), "Organisations")
    assert unconfirmed == ["C1"]  # filed as a company by the model, known to no rule: not listed, and counted
    assert "Quorvexa" not in organisations and "Brightwater Analytics" in organisations
    assert "1 respondents the model filed under an organisation's sector gave only a name" in organisations
