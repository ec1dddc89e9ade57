"""One option written in two languages (a bilingual form's sheet per language) is counted once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.translations import merges
from consult_analyser.store.project import Project


def _pairs(counts: dict[str, int], places: bool = False) -> dict[str, str]:
    return {m.written: m.counted_as for m in merges(Counter(counts), places=places)}


def test_a_scale_in_two_languages_is_one_scale_in_the_main_language() -> None:
    found = _pairs({"Strongly agree": 30, "Somewhat agree": 20, "Neither agree nor disagree": 9,
                    "Strongly disagree": 12, "Don't know": 4, "Tout à fait d'accord": 14, "Plutôt d'accord": 8,
                    "Ni d'accord ni en désaccord": 3, "Tout à fait en désaccord": 6, "Je ne sais pas": 2})
    assert found == {"Tout à fait d'accord": "Strongly agree", "Plutôt d'accord": "Somewhat agree",
                     "Ni d'accord ni en désaccord": "Neither agree nor disagree",
                     "Tout à fait en désaccord": "Strongly disagree", "Je ne sais pas": "Don't know"}
    # the wording kept is the field's main language's, even where the other language's is commoner
    assert _pairs({"Business": 40, "Academic": 9, "Milieu universitaire": 12, "Entreprise": 6}) == {
        "Milieu universitaire": "Academic", "Entreprise": "Business"}


def test_two_options_of_one_language_are_never_merged() -> None:
    """A form may offer "Neutral" beside "Neither agree nor disagree" ("neutral" is German too), or
    "Business" beside "Company"; values outside the word list are left as written."""
    assert _pairs({"Neutral": 5, "Neither agree nor disagree": 7, "Tend to agree": 3, "Somewhat agree": 4}) == {}
    assert _pairs({"Business": 5, "Company": 3, "Private sector": 2}) == {}
    assert _pairs({"Very important": 5, "Très important": 3, "Verger": 2}) == {}
    assert _pairs({"Organization": 8, "Organisation": 4, "Individual": 30, "Particulier": 12}) == {
        "Organisation": "Organization", "Particulier": "Individual"}


def test_places_in_two_languages() -> None:
    assert _pairs({"Québec": 40, "Quebec": 9, "New Brunswick": 6, "Nouveau-Brunswick": 5, "Ontario": 30},
                  places=True) == {"Quebec": "Québec", "Nouveau-Brunswick": "New Brunswick"}


def _workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    english = book.active
    english.title = "English"
    english.append(["Response ID / ID de réponse", "Organization type / Type d'organisation",
                    "Province / Province", "Which supports? / Quels soutiens?",
                    "Q1. Do you agree with the plan? / Q1. Êtes-vous d'accord avec le plan?",
                    "Q2. Why? / Q2. Pourquoi?", "Language / Langue"])
    for i in range(12):
        english.append([f"E{i}", ["Business", "Academic", ""][i % 3], ["Quebec", "New Brunswick"][i % 2],
                        ["Grants; Training", "Other", "Training"][i % 3], ["Strongly agree", "Disagree"][i % 2],
                        f"The plan for the harbour at site {i} would help our members a great deal", "English"])
    french = book.create_sheet("Français")
    french.append(["ID de réponse / Response ID", "Type d'organisation / Organization type",
                   "Province / Province", "Quels soutiens? / Which supports?",
                   "Q1. Êtes-vous d'accord avec le plan? / Q1. Do you agree with the plan?",
                   "Q2. Pourquoi? / Q2. Why?", "Langue / Language"])
    for i in range(8):
        french.append([f"F{i}", ["Entreprise", "Milieu universitaire"][i % 2], ["Québec", "Nouveau-Brunswick"][i % 2],
                       ["Subventions; Autre", "Autre"][i % 2], ["Tout à fait d'accord", "Pas d'accord"][i % 2],
                       f"Le plan du port au site {i} aiderait beaucoup nos membres et la région", "Français"])
    book.save(path)
    return path


def test_a_bilingual_workbook_counts_each_option_once(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "bilingue.xlsx")
    with Project.create(tmp_path / "p.consult") as project:
        result = import_files(project, [source])
        said = " | ".join(result.warnings)
        assert "\"Tout à fait d'accord\" (4) as 'Strongly agree'" in said
        assert "'Entreprise' (4) as 'Business'" in said and "'Milieu universitaire' (4) as 'Academic'" in said
        assert "'Nouveau-Brunswick' (4) as 'New Brunswick'" in said
        assert dict(project.query("SELECT declared_type, COUNT(*) FROM respondents WHERE declared_type != ''"
                                  " GROUP BY 1")) == {"Business": 8, "Academic": 8}
        assert dict(project.query("SELECT region, COUNT(*) FROM respondents GROUP BY 1")) == {
            "Quebec": 10, "New Brunswick": 10}  # the English sheet's spelling: more of them wrote it
        key = project.scalar("SELECT id FROM questions WHERE key = 'Q1'")
        assert dict(project.query("SELECT choice, COUNT(*) FROM responses WHERE question_id = ? GROUP BY 1", (key,))) == {
            "Strongly agree": 10, "Disagree": 10}
        assert json.loads(project.scalar("SELECT choices FROM questions WHERE id = ?", (key,))) == [
            "Strongly agree", "Disagree"]
        # the sheets' headers name their languages in either order: one question
        supports, = project.query("SELECT id FROM questions WHERE text LIKE '%Which supports%'")
        supports = supports[0]
        ticked = Counter(part for (c,) in project.query("SELECT choice FROM responses WHERE question_id = ?",
                                                      (supports,)) for part in c.split("; "))
        assert ticked["Other"] == 12 and "Autre" not in ticked and ticked["Subventions"] == 4  # not in the list
        kept = Counter(k for (m,) in project.query("SELECT metadata FROM respondents") for k in json.loads(m))
        assert kept == {"Language / Langue": 20}  # the French sheet's "Langue / Language" too
        audit = project.query("SELECT detail FROM audit WHERE action = 'count_as'")
        assert {json.loads(d)["written"] for (d,) in audit} >= {"Entreprise", "Autre", "Tout à fait d'accord"}


def test_a_second_language_imported_later_joins_the_first(tmp_path: Path) -> None:
    import openpyxl

    source = _workbook(tmp_path / "bilingue.xlsx")
    book = openpyxl.load_workbook(source)
    for title in ("English", "Français"):
        single = openpyxl.Workbook()
        for row in book[title].iter_rows(values_only=True):
            single.active.append(list(row))
        single.save(tmp_path / f"{title}.xlsx")
    with Project.create(tmp_path / "p.consult") as project:
        first = import_files(project, [tmp_path / "English.xlsx"])
        assert not any("counted" in w for w in first.warnings)  # one language: nothing to merge
        import_files(project, [tmp_path / "Français.xlsx"])
        assert dict(project.query("SELECT declared_type, COUNT(*) FROM respondents WHERE declared_type != ''"
                                  " GROUP BY 1")) == {"Business": 8, "Academic": 8}


def test_the_annex_and_report_say_what_was_counted_together(tmp_path: Path) -> None:
    import docx
    import openpyxl

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.report_docx import export_report

    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [_workbook(tmp_path / "bilingue.xlsx")])
        export_annex(project, tmp_path / "annex.xlsx")
        export_report(project, tmp_path / "report.docx")
    cover = " ".join(str(c.value) for row in openpyxl.load_workbook(tmp_path / "annex.xlsx")["Cover"].iter_rows()
                     for c in row if c.value)
    assert "counted with the wording most of them used" in cover and "“Entreprise” as “Business”" in cover
    report = " ".join(p.text for p in docx.Document(str(tmp_path / "report.docx")).paragraphs)
    assert "“Autre” as “Other”" in report


def test_welsh_and_english() -> None:
    """A Welsh Government consultation answers in Welsh or English: one scale, one place list."""
    assert _pairs({"Strongly agree": 10, "Cytuno'n gryf": 4, "Tend to agree": 5, "Tueddu i gytuno": 2, "Yes": 3,
                   "Ie": 1}) == {"Cytuno'n gryf": "Strongly agree", "Tueddu i gytuno": "Tend to agree", "Ie": "Yes"}
    assert _pairs({"Cardiff": 10, "Caerdydd": 3, "Ynys Môn": 2, "Isle of Anglesey": 4}, places=True) == {
        "Caerdydd": "Cardiff", "Ynys Môn": "Isle of Anglesey"}
    # "Awdurdod lleol" could be either English option: left as written
    assert _pairs({"Local authority": 10, "Awdurdod lleol": 3, "Municipal government": 1}) == {}


def test_a_kept_country_column_counts_a_country_once(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("Respondent ID,Region,Country of residence,Q1. Views?\nA1,North,Germany,We like the plan\n"
                    "A2,South,Deutschland,We like the plan too\nA3,North,Germany,We do not\nA4,East,France,Good\n",
                    encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        result = import_files(project, [path])
        kept = Counter(json.loads(m)["Country of residence"] for (m,) in project.query("SELECT metadata FROM respondents"))
    assert kept == {"Germany": 3, "France": 1}
    assert "'Deutschland' (1) as 'Germany'" in " ".join(result.warnings)


def test_not_sure_in_french_is_counted_with_not_sure() -> None:
    """A Canadian trial counted "Incertain" (27 respondents) apart from "Not sure", though "Oui" and "Non" joined
    "Yes" and "No"."""
    assert _pairs({"Yes": 300, "No": 120, "Not sure": 40, "Oui": 150, "Non": 60, "Incertain": 27}) == {
        "Oui": "Yes", "Non": "No", "Incertain": "Not sure"}
