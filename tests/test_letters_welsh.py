"""Letters in a bilingual Welsh consultation: Welsh question cues, Welsh pointers to a letter, a
letter's option counted where the form pointed to it, Welsh letterheads and sign-offs, and a letter
numbered in the questions' order rather than by their keys (invented texts throughout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.ingest.doc_sender import guess_sender
from consult_analyser.ingest.header_text import question_key_of
from consult_analyser.pipeline.letters.mapping import QuestionInfo, map_document
from consult_analyser.pipeline.letters.segment import QUESTION_CUE
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules
from consult_analyser.pipeline.themes.nonanswers import is_non_answer
from consult_analyser.store.passages import points_elsewhere

#: a form's open questions Q3 to Q7 (its Q1 and Q2 ask who is answering), in English and Welsh
QUESTIONS = [
    QuestionInfo("Q3", 3, "Do you agree that village buses should run every hour? / Ydych chi'n cytuno y dylai "
                          "bysiau pentref redeg bob awr?"),
    QuestionInfo("Q4", 4, "Should the library van visit every village? / A ddylai'r fan llyfrgell ymweld â "
                          "phob pentref?"),
    QuestionInfo("Q5", 5, "What stops you using the leisure centre? / Beth sy'n eich atal rhag defnyddio'r "
                          "ganolfan hamdden?"),
    QuestionInfo("Q6", 6, "Do you agree that village halls should receive grants for repairs? / Ydych chi'n "
                          "cytuno y dylai neuaddau pentref gael grantiau atgyweirio?"),
    QuestionInfo("Q7", 7, "What effects would the plan have on the Welsh language? / Pa effeithiau fyddai'r "
                          "cynllun yn eu cael ar y Gymraeg?"),
]


def _mapped(text: str) -> list[tuple[str, str | None]]:
    return [(text[p.start:p.end], m.question_key) for p, m in map_document(text, QUESTIONS)]


@pytest.mark.parametrize("cue", ["Cwestiwn 4", "Question 4", "Frage 4", "Pregunta 4", "Q4"])
def test_a_letters_question_cue_knows_the_words_a_forms_header_knows(cue: str) -> None:
    assert QUESTION_CUE.match(cue) and QUESTION_CUE.match(cue).group(1) == "4"  # type: ignore[union-attr]
    assert question_key_of(f"{cue}: text")[0] == "Q4"


def test_a_welsh_letter_headed_cwestiwn_1_to_5_answers_the_open_questions_in_order() -> None:
    """Cyngor Sir Dychmygol's letter numbers its answers "Cwestiwn 1" to "Cwestiwn 5"; the form's open
    questions are Q3 to Q7. Numbers 3 to 5 are keys too, but the answers under them are about the
    third to fifth open questions: read in order, none goes to General comments."""
    text = ("Cyngor Sir Dychmygol\n\nAnnwyl Weinidog,\n\n"
            "Cwestiwn 1\n\nRydym yn cytuno. Dylai bysiau pentref redeg bob awr, yn enwedig yn y bore.\n\n"
            "Cwestiwn 2\n\nDylai'r fan llyfrgell ymweld â phob pentref o leiaf unwaith y mis.\n\n"
            "Cwestiwn 3\n\nMae'r ganolfan hamdden yn rhy bell ac nid oes bws i'r ganolfan gyda'r nos.\n\n"
            "Cwestiwn 4\n\nYdym. Mae angen grantiau atgyweirio ar neuaddau pentref, mae'r toeau'n gollwng.\n\n"
            "Cwestiwn 5\n\nBydd y cynllun yn helpu'r Gymraeg os yw pob arwydd yn ddwyieithog.\n\n"
            "Yn gywir,\nSiân Prydderch\n")
    answers = {passage[:12]: key for passage, key in _mapped(text) if not passage.startswith(("Cwestiwn", "Cyngor",
                                                                                               "Annwyl", "Yn gywir"))}
    assert answers == {"Rydym yn cyt": "Q3", "Dylai'r fan ": "Q4", "Mae'r ganolf": "Q5", "Ydym. Mae an": "Q6",
                       "Bydd y cynll": "Q7"}


def test_a_letter_numbered_by_the_consultation_document_is_read_by_what_its_answers_say() -> None:
    """"Q2:", "Q4:", "Q3:" number the document's questions (the second open question is about the
    library van): the answers land on the questions they are about, not on keys Q3 and Q4."""
    text = ("Response from the Imaginary Health Forum\n\n"
            "Q2: The library van should visit every village; our patients cannot reach the town library.\n\n"
            "Q4: Village halls need grants for repairs, as our clinics meet in them.\n\n"
            "Q3: People do not use the leisure centre because there is no bus to it.\n\n"
            "Kind regards,\nA. Writer\n")
    keys = {passage[:3]: key for passage, key in _mapped(text) if passage.startswith("Q")}
    assert keys == {"Q2:": "Q4", "Q4:": "Q6", "Q3:": "Q5"}


def test_a_letter_that_numbers_by_the_forms_keys_keeps_them() -> None:
    text = ("Dear Sir or Madam,\n\n"
            "Question 3: Village buses should run every hour, we agree.\n\n"
            "Question 5: The leisure centre is too far away and costs too much.\n\n"
            "Question 6: Village halls should receive grants for repairs.\n\nYours faithfully,\nA. Writer\n")
    keys = {passage[:10]: key for passage, key in _mapped(text) if passage.startswith("Question")}
    assert keys == {"Question 3": "Q3", "Question 5": "Q5", "Question 6": "Q6"}


@pytest.mark.parametrize("text", ["Gweler y llythyr amgaeedig", "Gweler y llythyr amgaeedig.", "Gweler ein hymateb",
                                  "Gweler yr atodiad", "Gweler y llythyr"])
def test_a_welsh_pointer_to_the_letter_is_one_in_both_tests(text: str) -> None:
    assert points_elsewhere(text)
    assert is_non_answer(text)


def test_a_welsh_answer_is_no_pointer() -> None:
    text = "Mae angen bysiau amlach yn y pentrefi gyda'r nos."
    assert not points_elsewhere(text) and not is_non_answer(text)


def _project_with_letter(tmp_path: Path, form_answer: str, letter: str):  # noqa: ANN202 - an open Project
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.letters.run import map_letters
    from consult_analyser.store.project import Project

    survey = tmp_path / "responses.csv"
    survey.write_text(
        "Response ID,Q1. Do you agree that village halls should receive grants?,Q1. Please explain your answer.\n"
        f"RL-101,,{form_answer}\n"
        "RL-102,Agree,The roof of our hall leaks every winter\n"
        "RL-103,Disagree,Halls should raise their own money\n"
        "RL-104,Strongly agree,Our hall is the only place to meet\n", encoding="utf-8")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "RL-101.txt").write_text(letter, encoding="utf-8")
    project = Project.create(tmp_path / "p.consult")
    import_files(project, [survey])
    import_files(project, [uploads])
    map_letters(project)
    return project


def _answer(project, key: str = "Q1") -> tuple:  # noqa: ANN001
    return tuple(project.conn.execute(
        "SELECT r.text, r.choice, r.origin, r.form_text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " JOIN questions q ON q.id = r.question_id WHERE p.external_id = 'RL-101' AND q.key = ?", (key,)).fetchone())


def test_a_welsh_pointer_on_the_form_gives_way_to_the_letter(tmp_path: Path) -> None:
    letter = ("Cyngor Cymuned Dychmygol\n\nAnnwyl Swyddogion,\n\nCwestiwn 1\n\nMae to'r neuadd yn gollwng bob gaeaf ac "
              "nid oes gennym arian i'w drwsio.\n\nYn gywir,\nGwen Prydderch\n")
    with _project_with_letter(tmp_path, "Gweler y llythyr amgaeedig", letter) as project:
        text, _choice, origin, form_text = _answer(project)
        assert text.startswith("Mae to'r neuadd") and origin == "letter" and form_text == "Gweler y llythyr amgaeedig"


def test_a_letters_option_counts_where_the_form_pointed_to_it(tmp_path: Path) -> None:
    """The form's "See attached letter" with no option ticked: the letter's answer opens "Strongly
    agree." and counts as that option, as a letter's own answer does; moved away, the blank comes back."""
    from consult_analyser.store import passages as store_passages

    letter = ("Imaginary Village Halls Trust\n\nDear Sir or Madam,\n\nQuestion 1: Village halls\n\nStrongly agree. "
              "One-year grants stop us replacing the boiler and the roof.\n\nYours faithfully,\nA. Writer\n")
    with _project_with_letter(tmp_path, "See attached letter", letter) as project:
        text, choice, origin, form_text = _answer(project)
        assert text.startswith("Strongly agree.") and (choice, origin, form_text) == ("Strongly agree", "letter",
                                                                                      "See attached letter")
        store_passages.rebuild_letter_answers(project, [project.scalar(
            "SELECT id FROM respondents WHERE external_id = 'RL-101'")])
        assert _answer(project)[1] == "Strongly agree"  # a rebuild keeps it
        q1 = project.scalar("SELECT id FROM questions WHERE key = 'Q1'")
        general = store_passages.general_question(project).id
        for (passage,) in project.query("SELECT id FROM passages WHERE question_id = ?", (q1,)):
            store_passages.set_passage_question(project, passage, general)
        assert _answer(project) == ("See attached letter", "", "form", None)


def test_a_forms_own_option_is_kept_over_the_letters(tmp_path: Path) -> None:
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.letters.run import map_letters
    from consult_analyser.store.project import Project

    survey = tmp_path / "responses.csv"
    survey.write_text(
        "Response ID,Q1. Do you agree that village halls should receive grants?,Q1. Please explain your answer.\n"
        "RL-101,Agree,See attached letter\nRL-102,Disagree,Halls should raise their own money\n"
        "RL-104,Strongly agree,Our hall is the only place to meet\n", encoding="utf-8")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "RL-101.txt").write_text("Question 1\n\nStrongly agree. The roof leaks.\n", encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [survey])
        import_files(project, [uploads])
        map_letters(project)
        assert _answer(project)[1:3] == ("Agree", "letter")


WELSH_LETTERHEAD = ("Bws Dychmygol Cyf\nUned 9, Ffordd y Llan, Trefdychmyg LL99 9ZZ | Ffôn 01234 567890\n\n"
                    "Dear Minister,\n\nQuestion 1\n\nWe support hourly buses.\n\nYours sincerely,\n"
                    "Gareth Prydderch\nManaging Director\n")


def test_a_welsh_company_letterhead_names_the_sender_over_its_signatory() -> None:
    guess = guess_sender(WELSH_LETTERHEAD)
    assert (guess.name, guess.organisation) == ("Gareth Prydderch", "Bws Dychmygol Cyf")


def test_a_welsh_letter_signed_yn_gywir_under_its_bodys_name() -> None:
    text = ("Trafnidiaeth Gymunedol Cwm Dychmygol\nUned 4, Parc Busnes, Trefdychmyg SA99 9ZZ\n\n"
            "Annwyl Swyddogion,\n\nRydym yn elusen sy'n rhedeg ceir cymunedol.\n\nYn gywir,\nMererid Prydderch\n"
            "Cadeirydd\n")
    guess = guess_sender(text)
    assert (guess.name, guess.organisation) == ("Mererid Prydderch", "Trafnidiaeth Gymunedol Cwm Dychmygol")


def test_a_title_lines_sender_is_the_organisation_not_a_job_titles_tail() -> None:
    text = ("Imaginary County Council - Response to the Village Halls consultation\n\nDear Sir or Madam,\n\n"
            "We support grants.\n\nYours faithfully,\nA. Writer\nHead of Highways, Transport and Recycling\n")
    assert guess_sender(text).organisation == "Imaginary County Council"


@pytest.mark.parametrize(("name", "sector"), [("Bws Dychmygol Cyf", "business"), ("Bws Dychmygol Cyf.", "business"),
                                              ("Teithiau Dychmygol Cyfyngedig", "business"),
                                              ("Menter Dychmygol Cwmni Buddiant Cymunedol", "voluntary_community")])
def test_welsh_legal_forms_say_how_a_body_is_constituted(name: str, sector: str) -> None:
    found = SectorRules.default().match(RespondentFeatures("r", organisation=name))
    assert found is not None and found[0] == sector, (name, found)


def test_a_signature_run_into_one_passage_under_its_sign_off_answers_nothing() -> None:
    """"Yours faithfully," over the writer's name, job, e-mail and telephone with no blank line between:
    the signature, not a General comments answer holding the writer's contact details."""
    text = ("Dear Sir or Madam,\n\nQuestion 1: Village buses\n\nWe agree that village buses should run every hour.\n\n"
            "Yours faithfully,\nJo Imaginary\nHead of Highways, Transport and Recycling\n"
            "jo.imaginary@example.gov.uk  01234 567890\n")
    mapped = map_document(text, QUESTIONS)
    last_passage, last = mapped[-1]
    assert text[last_passage.start:last_passage.end].startswith("Yours faithfully")
    assert last.question_key is None and last.method == "closing"
