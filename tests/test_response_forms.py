"""A consultation's own Word response form, filled in and sent back: its respondent table gives the
sender (name, organisation, e-mail, confidentiality), its question boxes answer the questions
(wording and Word's placeholders are nobody's answer), and an answer that opens with one of a
closed question's options counts as that option. Invented names throughout."""

from __future__ import annotations

import csv
from pathlib import Path

from docx import Document

from consult_analyser.actions.letters import MapLetters
from consult_analyser.domain import Publication
from consult_analyser.ingest.doc_form import form_details, is_placeholder
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.passages import letter_choice
from consult_analyser.store.project import Project

Q1 = "Do you agree that a single national tariff should replace local schemes?"
Q2 = "What eligibility criteria should apply?"
PLACEHOLDER = "Click or tap here to enter text."


def _form(path: Path, details: list[tuple[str, str]], answers: list[str]) -> Path:
    doc = Document()
    doc.add_paragraph("Office of Canal and River Networks")
    doc.add_paragraph("Consultation: Proposals for a national tariff for canal moorings")
    doc.add_paragraph("Response form. Please return it to tariffs@ocrn.example.gov.uk")
    doc.add_paragraph("Respondent information")
    table = doc.add_table(rows=0, cols=2)
    for label, value in details:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    for number, (wording, answer) in enumerate(zip(
            [f"{Q1} (Yes / No / Don't know) Please explain your answer.", Q2], answers, strict=True), start=1):
        box = doc.add_table(rows=2, cols=1)
        box.rows[0].cells[0].text = f"Question {number}: {wording}"
        box.rows[1].cells[0].text = answer
    doc.add_paragraph("Thank you for responding to this consultation.")
    doc.save(path)
    return path


def _details(name: str, organisation: str, email: str, confidential: str) -> list[tuple[str, str]]:
    return [("Name", name), ("Organisation", organisation), ("Role", "Policy Officer"), ("Email", email),
            ("Would you like your response to be confidential? If yes, please give your reason.", confidential)]


def test_the_respondent_table_of_a_form_is_read_as_its_sender() -> None:
    text = ("Respondent information\nName | Orla Quennell\nOrganisation | Fenmoor Water Services\nEmail | "
            "o.quennell@fenmoor.example.co.uk\nWould you like your response to be confidential? | Yes. Commercially "
            "sensitive figures\n\nQuestion 1: Do you agree?\nNo.")
    details = form_details(text)
    assert details is not None
    assert (details.name, details.organisation, details.email) == (
        "Orla Quennell", "Fenmoor Water Services", "o.quennell@fenmoor.example.co.uk")
    assert details.publication == Publication.NOT_FOR_PUBLICATION
    no = form_details("Organisation | Fenmoor Water Services\nWould you like your response to be confidential? | No")
    assert no is not None and no.publication == Publication.PUBLIC
    assert form_details("Dear team,\nWe write about the tariff.\nTotal | 12") is None  # a letter with one table row
    boxes = form_details("Organisation | Fenmoor Water Services\nWould you like your response to be confidential? | "
                         "Yes ☐  No ☒")
    assert boxes is not None and boxes.publication == Publication.PUBLIC
    assert is_placeholder(PLACEHOLDER) and is_placeholder("Choose an item.") and not is_placeholder("Click here")


def test_an_answer_opening_with_an_option_counts_as_that_option() -> None:
    options = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"]
    assert letter_choice("Disagree. £500 is too low.", options) == "Disagree"
    assert letter_choice("Strongly disagree: the threshold is arbitrary", options) == "Strongly disagree"
    assert letter_choice("Question 4 - Agree.", options) == "Agree"
    assert letter_choice("Don’t know yet", options) == "Don't know"
    assert letter_choice("Agreement on this is unlikely", options) == ""
    assert letter_choice("We broadly agree", options) == "" and letter_choice("No.", []) == ""
    # a position in the first person, where an option is that very position (a trial's "We disagree.")
    assert letter_choice("We disagree. Councils cannot afford it.", options) == "Disagree"
    assert letter_choice("I strongly agree with the threshold", options) == "Strongly agree"
    assert letter_choice("We do not agree", options) == "" and letter_choice("We disagreed before", options) == ""
    assert letter_choice("We would support it", options) == ""  # no such option
    assert letter_choice("We support the cap.", ["Support", "Oppose"]) == "Support"
    # the option in another language of the word list (a Welsh council's letter on an English form)
    assert letter_choice("Cytuno'n gryf. Mae angen bysiau amlach.", options) == "Strongly agree"
    assert letter_choice("Anghytuno.", options) == "Disagree"
    assert letter_choice("Non-residents should pay more", ["Yes", "No"]) == ""
    assert letter_choice("Na. Dim digon o arian.", ["Yes", "No"]) == "No"
    assert letter_choice("No one should pay more than £15", ["Yes", "No"]) == ""
    assert letter_choice("Support for families is what matters", ["Support", "Oppose"]) == ""
    assert letter_choice("No\nThe schemes should be harmonised", ["Yes", "No"]) == "No"
    # a form's tick boxes: the box ticked, not the first word
    assert letter_choice("Yes ☐  No ☒  Don't know ☐\nThe schemes should be harmonised", ["Yes", "No", "Don't know"]) == "No"
    assert letter_choice("☐ Agree ☐ Disagree\nWe have no view", options) == ""


def test_filled_in_response_forms_import_as_their_senders_answers(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    with survey.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Response ID", "Email", Q1, "Please explain your answer", Q2])
        for i in range(12):
            writer.writerow([f"R{i}", f"person{i}@example.org", ["Yes", "No", "Don't know"][i % 3],
                             f"Because of reason number {i} about bills", f"Households on benefits, case {i}"])
    forms = tmp_path / "forms"
    forms.mkdir()
    _form(forms / "form_a.docx", _details("Orla Quennell", "Fenmoor Water Services", "o.q@fenmoor.example.co.uk",
                                          "Yes. Commercially sensitive figures"),
          ["No. Local schemes should be harmonised rather than replaced.", "Households spending over 3% of income."])
    _form(forms / "form_b.docx", _details("Tamsin Ardley", "Brookvale Debt Advice", "t.ardley@brookvale.example.org",
                                          "No"),
          [PLACEHOLDER, "Anyone receiving Pension Credit or Universal Credit."])
    _form(forms / "form_c.docx", _details("Ivo Penhallow", "Carrick Energy Ltd", "", "No"),
          ["Yes. One national scheme is fairer to customers.", PLACEHOLDER])
    project = Project.create(tmp_path / "p.consult")
    try:
        result = import_files(project, [survey, forms])
        MapLetters().apply(project)
        rows = {r[0]: r[1:] for r in project.query(
            "SELECT external_id, organisation, name, publication, COALESCE(email_hash, '') != '' FROM respondents"
            " WHERE external_id LIKE 'form_%'")}
        assert rows["form_a.docx"][:3] == ("Fenmoor Water Services", "Orla Quennell", Publication.NOT_FOR_PUBLICATION.value)
        assert rows["form_b.docx"][0] == "Brookvale Debt Advice" and rows["form_b.docx"][2] == Publication.PUBLIC.value
        # the consulting body's address printed on every form is nobody's: no form joins another sender
        assert len(rows) == 3 and not rows["form_c.docx"][3]
        assert any("form_a.docx" in w and "not to be published" in w for w in result.warnings)
        answers = {(r[0], r[1]): (r[2], r[3]) for r in project.query(
            "SELECT p.external_id, q.key, r.text, r.choice FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            " JOIN questions q ON q.id = r.question_id WHERE p.external_id LIKE 'form_%'")}
        q1 = project.scalar("SELECT key FROM questions WHERE text LIKE 'Do you agree%'")
        q2 = project.scalar("SELECT key FROM questions WHERE text LIKE 'What eligibility%'")
        assert answers[("form_a.docx", q1)] == ("No. Local schemes should be harmonised rather than replaced.", "No")
        assert answers[("form_c.docx", q1)][1] == "Yes"
        assert (("form_b.docx", q1)) not in answers and (("form_c.docx", q2)) not in answers  # left blank
        everything = " ".join(text for text, _ in answers.values())
        for words in ("Click or tap", "Please explain your answer", "confidential", "Thank you for responding",
                      "Orla Quennell", "Policy Officer"):
            assert words not in everything, words
        general = project.scalar("SELECT COUNT(*) FROM responses r JOIN questions q ON q.id = r.question_id"
                                 " JOIN respondents p ON p.id = r.respondent_id"
                                 " WHERE q.key = 'GENERAL' AND p.external_id LIKE 'form_%'")
        assert general == 0, [r[0] for r in project.query(
            "SELECT r.text FROM responses r JOIN questions q ON q.id = r.question_id WHERE q.key = 'GENERAL'")]
    finally:
        project.close()


def test_what_a_form_prints_above_its_first_question_answers_nothing() -> None:
    """The form's title and the consultation's name ("Consultation: Proposals for ...") are the form's
    own; filled in with "Question 1:" headings instead of its boxes, they had become a General comment."""
    from consult_analyser.pipeline.letters.mapping import QuestionInfo, map_document

    questions = [QuestionInfo("Q1", 1, Q1), QuestionInfo("Q2", 2, Q2)]
    text = ("Office of Canal and River Networks (OCRN)\nConsultation: Proposals for a national tariff for canal "
            "moorings and the support offered to boaters in debt\nResponse form. Please return it to "
            "tariffs@ocrn.example.gov.uk\nRespondent information\nName | Orla Quennell\nOrganisation | Fenmoor "
            "Water Services\nEmail | o.q@fenmoor.example.co.uk\n\nQuestion 1:\nFenmoor supports one national "
            "tariff: the patchwork of local schemes confuses boaters.\nQuestion 2:\nAnyone on Pension Credit.")
    mapped = [(text[p.start:p.end], m.question_key, m.method) for p, m in map_document(text, questions)]
    answers = [(t, key) for t, key, method in mapped if key or method not in ("closing",)]
    assert [key for _, key in answers if key] == ["Q1", "Q1", "Q2", "Q2"]
    assert not any(key is None for _, key in answers), answers
