"""A Welsh Government consultation: forms in Welsh and English, one sheet per language or one sheet
with the Welsh form's answers in Welsh (invented data)."""

from __future__ import annotations

from pathlib import Path

from consult_analyser.domain import Publication, publication_choice
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project

CONSENT_EN = ("Responses to consultations are likely to be made public. If you would prefer your response to remain "
              "anonymous, please tick here")
CONSENT_CY = ("Mae'n bosibl y bydd ymatebion i ymgyngoriadau'n cael eu cyhoeddi. Os byddai'n well gennych i'ch ymateb "
              "fod yn ddienw, ticiwch yma")


def _workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    english = book.active
    english.title = "English"
    english.append(["Response ID", "Submitted on", "Are you responding as an individual or on behalf of an organisation?",
                    "Organisation name", "Organisation type", "Local authority area", CONSENT_EN, "Name",
                    "Question 1: Do you agree with the proposal?", "Question 1a: Please explain your answer"])
    for i in range(14):
        english.append([f"E{i}", "2024-10-01 10:00", "Individual", "", "", ["Cardiff", "Swansea"][i % 2],
                        "Yes" if i < 3 else "", f"Gwyneth Harcombe{i}", ["Strongly agree", "Tend to disagree"][i % 2],
                        f"The school year is too long in the summer for reason {i}"])
    welsh = book.create_sheet("Cymraeg")
    welsh.append(["ID Ymateb", "Cyflwynwyd ar", "Ydych chi'n ymateb fel unigolyn neu ar ran sefydliad?",
                  "Enw'r sefydliad", "Math o sefydliad", "Ardal awdurdod lleol", CONSENT_CY, "Enw",
                  "Cwestiwn 1: Ydych chi'n cytuno â'r cynnig?", "Cwestiwn 1a: Esboniwch eich ateb"])
    for i in range(10):
        welsh.append([f"W{i}", "2024-10-02 11:00", ["Unigolyn", "Sefydliad"][i % 2],
                      "" if i % 2 == 0 else f"Menter Iaith Bro Dyfnant {i}", "" if i % 2 == 0 else "Trydydd sector",
                      ["Caerdydd", "Abertawe"][i % 2], "Ie" if i < 2 else "", f"Eirlys Prydderch{i}",
                      ["Cytuno'n gryf", "Tueddu i anghytuno"][i % 2],
                      f"Mae'r haf yn rhy hir i'r plant am reswm rhif {i}"])
    book.save(path)
    return path


def test_a_welsh_sheet_is_read_as_the_english_one(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [_workbook(tmp_path / "ymgynghoriad.xlsx")])
        questions = {k: kind for k, kind in project.query("SELECT key, kind FROM questions")}
        assert questions == {"Q1": "hybrid"}  # "Cwestiwn 1" is Question 1, "Esboniwch eich ateb" explains it
        q1 = project.scalar("SELECT id FROM questions")
        assert dict(project.query("SELECT choice, COUNT(*) FROM responses WHERE question_id = ? GROUP BY 1", (q1,))) == {
            "Strongly agree": 12, "Tend to disagree": 12}
        assert dict(project.query("SELECT publication, COUNT(*) FROM respondents GROUP BY 1")) == {
            "anonymous": 5, "public": 19}  # "Ie" ticks the Welsh box as "Yes" ticks the English one; a blank is
        # a box left unticked (a trial's blanks were reported "Not stated")
        assert dict(project.query("SELECT region, COUNT(*) FROM respondents GROUP BY 1")) == {"Cardiff": 12, "Swansea": 12}
        assert project.scalar("SELECT COUNT(*) FROM respondents WHERE is_organisation = 0") == 19
        assert project.scalar("SELECT COUNT(*) FROM respondents WHERE name LIKE 'Eirlys%'") == 10  # "Enw": a name


def test_welsh_consent_answers() -> None:
    assert publication_choice("Ie", CONSENT_CY) == Publication.ANONYMOUS
    assert publication_choice("Ydw", "Ydych chi'n fodlon i ni gyhoeddi eich ymateb?") == Publication.PUBLIC
    assert publication_choice("Na", "Ydych chi'n fodlon i ni gyhoeddi eich ymateb?") == Publication.NOT_FOR_PUBLICATION


def test_personal_data_in_welsh_answers_is_redacted_and_county_names_are_not() -> None:
    from consult_analyser.export.safety import make_redactor

    redact = make_redactor(True)
    said = redact(["Mae fy merch, Gwenfair, yn 8 oed ac mae fy mab Idwal yn hoffi'r ysgol.",
                   "Diolch am wrando. Yn gywir, Carys Penlan", "Cofion, Emrys",
                   "Fy nghyfeiriad yw 14 Stryd y Capel, Bethesda.", "Rwy'n byw yn 3 Heol y Bryn, Llanrug.",
                   "Rydym yn byw yn Sir Gaerfyrddin ac yn gweithio yn Sir y Fflint.",
                   "My children are worn out by the end of term.", "Our youngest, Tirwen, has autism."])
    assert said[0] == "Mae fy merch, [name], yn 8 oed ac mae fy mab [name] yn hoffi'r ysgol."
    assert said[1] == "Diolch am wrando. Yn gywir, [name]" and said[2] == "Cofion, [name]"
    assert "Stryd y Capel" not in said[3] and "Heol y Bryn" not in said[4]
    assert said[5] == "Rydym yn byw yn Sir Gaerfyrddin ac yn gweithio yn Sir y Fflint."  # "Sir": a county
    assert said[6] == "My children are worn out by the end of term."  # not "My child[name] are"
    assert said[7] == "Our youngest, [name], has autism."


def test_welsh_non_answers() -> None:
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    assert all(is_non_answer(t) for t in ["Dim sylw.", "Dim", "Amherthnasol", "Dim i'w ychwanegu", "Dim barn",
                                          "Dim byd i’w ddweud", "Dim sylw pellach"])
    assert not is_non_answer("Dim digon o glybiau gwyliau Cymraeg yn ein tref ni")


def test_the_annex_and_report_say_how_many_wrote_in_each_language(tmp_path: Path) -> None:
    import docx
    import openpyxl

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.report_docx import export_report

    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [_workbook(tmp_path / "ymgynghoriad.xlsx")])
        export_annex(project, tmp_path / "annex.xlsx")
        export_report(project, tmp_path / "report.docx")
    cover = {r[0]: r[1] for r in openpyxl.load_workbook(tmp_path / "annex.xlsx")["Cover"].iter_rows(values_only=True)
             if r and r[0]}
    assert cover["of which wrote in English"] == 14 and cover["of which wrote in Welsh"] == 10
    opening = docx.Document(str(tmp_path / "report.docx")).paragraphs[1].text
    assert "By the language of their answers, 14 in English and 10 in Welsh." in opening
    notes = " ".join(str(r[0]) for r in openpyxl.load_workbook(tmp_path / "annex.xlsx")["Cover"].iter_rows(
        values_only=True) if r and r[0])
    assert "the theme model reads English" not in notes  # no themes yet: nothing to say about them


def test_the_annex_method_says_answers_in_welsh_are_themed_among_themselves(tmp_path: Path) -> None:
    """A trial's largest Q3 theme held every Welsh answer under one Welsh label, and nothing in the
    annex said why."""
    import openpyxl

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.pipeline.themes.discover import discover_project_themes

    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [_workbook(tmp_path / "ymgynghoriad.xlsx")])
        discover_project_themes(project, embedder="tfidf-svd", campaigns=False)
        export_annex(project, tmp_path / "annex.xlsx")
    notes = " ".join(str(r[0]) for r in openpyxl.load_workbook(tmp_path / "annex.xlsx")["Cover"].iter_rows(
        values_only=True) if r and r[0])
    assert "Answers written in Welsh were grouped among themselves" in notes


def test_the_dry_run_says_how_each_other_sheet_is_read(tmp_path: Path) -> None:
    import openpyxl

    from consult_analyser.ingest.preview import preview_file

    path = _workbook(tmp_path / "ymgynghoriad.xlsx")
    notes = " | ".join(preview_file(path).warnings)
    assert "sheet 'Cymraeg': its 10 columns are read as those of 'English'" in notes
    book = openpyxl.load_workbook(path)
    # not known: read otherwise than 'Local authority area' (an unknown header over dates, such as 'Submitted
    # on', is still read as information: the values are dates)
    book["Cymraeg"].cell(row=1, column=6).value = "Amser"
    book.save(path)
    notes = " | ".join(preview_file(path).warnings)
    assert "sheet 'Cymraeg' reads 1 of its columns otherwise than 'English': 'Amser' -> " in notes


def test_a_signed_non_answer_is_a_non_answer_and_a_name_stops_at_lower_case() -> None:
    from consult_analyser.export.safety import make_redactor
    from consult_analyser.pipeline.themes.nonanswers import is_non_answer

    assert all(is_non_answer(t) for t in ["Amherthnasol. Cofion, Andras", "N/A. Regards, Gareth Pryce",
                                          "N/A. Diolch, Owain", "Nothing to add. Kind regards, Sue"])
    assert not is_non_answer("The plan is bad. Regards, Sue")
    said = make_redactor(True)(["Mae gan fy mab Caio anghenion dysgu ychwanegol.", "my son lowri lam has asthma",
                                "I live at 7 Heol Dewi, Pontypridd, right next to the school."])
    assert said[0] == "Mae gan fy mab [name] anghenion dysgu ychwanegol."  # not "[name]." for all of it
    assert said[1] == "my son [name] has asthma"
    assert said[2] == "I live at [address], right next to the school."


def test_a_welsh_sheets_kept_columns_go_under_the_english_headers(tmp_path: Path) -> None:
    import json

    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [_workbook(tmp_path / "ymgynghoriad.xlsx")])
        keys = {k for (m,) in project.query("SELECT metadata FROM respondents") for k in json.loads(m)}
    assert keys == {"Submitted on"}  # "Cyflwynwyd ar" too, not a column of its own


def test_welsh_letters_lost_by_a_windows_csv_are_pointed_out(tmp_path: Path) -> None:
    """Excel's Windows-1252 CSV has no ŵ or ŷ: a trial's 32 answers read "pobl h?n" (hŷn) with no word
    from the import. A '?' between letters says a letter was lost; a web address's '?' does not."""
    rows = ["ID,Q1. Eich sylwadau / Your comments"]
    rows += [f"R{i},Mae pobl h?n yn y pentref yn unig heb fws {i}" for i in range(4)]
    rows += ["R9,See www.example.org/timetable?route=12 for the times", "R10,£8.40 for a return is too much"]
    # nor a question run into the next sentence, nor a search address (a real Australian file's "why?As")
    rows += ["R11,You asked what we prefer and why?As a council we prefer the first",
             "R12,Is it safe?Considering the cost no", "R13,See google.com/search?q=bus+times"]
    path = tmp_path / "arolwg.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1252"))
    with Project.create(tmp_path / "p.consult") as project:
        result = import_files(project, [path])
    said = [w for w in result.warnings if "inside a word" in w]
    assert len(said) == 1 and said[0].startswith("arolwg.csv: 4 answers") and "'h?n' at line 2" in said[0]
    assert "CSV UTF-8" in said[0]
    path.write_bytes("\r\n".join(rows[:2] + rows[5:]).encode("cp1252"))  # one slip is no pattern
    with Project.create(tmp_path / "q.consult") as project:
        assert not any("inside a word" in w for w in import_files(project, [path]).warnings)


def test_welsh_organisation_words_name_organisations_and_their_sectors() -> None:
    """"Trafnidiaeth Gymunedol Dyffryn Teifi" read as a person's name and was left off the published
    list of organisations; no rule knew Welsh words for a community body, a university or a church."""
    from consult_analyser.export.safety import screen_organisations
    from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules

    rules = SectorRules.default()
    expected = {"Trafnidiaeth Gymunedol Dyffryn Teifi": "voluntary_community", "Menter Iaith Conwy": "voluntary_community",
                "Prifysgol Aberystwyth": "academic_research", "Heddlu Dyfed-Powys": "police_justice_fire",
                "Eglwys Sant Pedr": "faith", "Llywodraeth Cymru": "other_public_body"}
    for name, sector in expected.items():
        hits = rules.hits(RespondentFeatures("x", organisation=name, is_organisation=True))
        assert hits and hits[0].sector == sector, (name, hits)
    assert not screen_organisations(list(expected))


def test_a_surname_that_is_a_welsh_word_for_a_body_is_a_persons() -> None:
    """A re-test's annex published "Rhian Capel" (a person who wrote her name in the organisation box)
    as a chapel, and a letter signed "Gwyn Capel" lost its letterhead to him; "Capel Bethel" is a chapel."""
    from consult_analyser.export.safety import screen_organisations
    from consult_analyser.ingest.doc_sender import guess_sender, looks_like_person_name
    from consult_analyser.pipeline.sectors.rules import SectorRules

    rules = SectorRules.default()
    assert not rules.names_organisation("Rhian Capel") and rules.names_organisation("Capel Bethel Llanddewi")
    assert not rules.names_organisation("Eleri Clwb-Davies") and rules.names_organisation("Clwb Rygbi Bala")
    assert {"Rhian Capel", "Eleri Clwb-Davies"} <= screen_organisations(["Rhian Capel", "Eleri Clwb-Davies",
                                                                          "Capel Bethel Llanddewi"])
    assert "Capel Bethel Llanddewi" not in screen_organisations(["Capel Bethel Llanddewi"])
    assert looks_like_person_name("Gwyn Capel")
    letter = ("Cymdeithas Teithwyr Bro Ddyfi\n\nAnnwyl Weinidog,\n\nMae angen bysiau amlach.\n\nYn gywir,\nGwyn Capel\n"
              "Ysgrifennydd")
    assert guess_sender(letter).organisation == "Cymdeithas Teithwyr Bro Ddyfi"
    clerk = "Llanfair Community Council\n\nDear Minister,\n\nWe agree.\n\nYours faithfully,\nClerk to the Council"
    assert guess_sender(clerk).organisation == "Llanfair Community Council"


def test_welsh_contracted_function_words_are_stop_words() -> None:
    """A re-test's descriptions read "often mentioning overall, welcome plan and i'r" ("to the")."""
    from consult_analyser.pipeline.themes.languages import stop_words

    assert {"i'r", "mae'r", "o'r", "mae'n", "y'n"} <= stop_words("cy")
    assert "bysiau" not in stop_words("cy") and "angen" not in stop_words("cy")
