"""Letters that name a question by its topic ("Savings:", "Council tax - ", "Other comments:") or by
its place on the form ("Question 2" for the form's second open question, keyed B5), letters with no
cue at all, and letters that answer no question. A district council's letters had gone, every
passage, to General comments: the form's questions were keyed C6-C8, so "Question 2" named none,
and "Savings" shares no word with "save money"."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.pipeline.letters.mapping import QuestionInfo, map_passages
from consult_analyser.pipeline.letters.segment import split_passages

QUESTIONS = [
    QuestionInfo("B4", 4, "The council proposes to raise its share of council tax by 3%. Do you support this? Why?"),
    QuestionInfo("B5", 5, "Do you have any ideas for how the council could save money or raise income?"),
    QuestionInfo("B6", 6, "Do you have any other comments about the council's budget?"),
]


def _mapped(letter: str, questions: list[QuestionInfo] = QUESTIONS) -> list[tuple[str, str | None, str]]:
    found = split_passages(letter)
    mapped = map_passages([(letter[p.start:p.end], p.kind) for p in found], questions)
    return [(letter[p.start:p.end], m.question_key, m.method) for p, m in zip(found, mapped, strict=True)]


def _of(mapped: list[tuple[str, str | None, str]], start: str) -> tuple[str | None, str]:
    return next((key, method) for text, key, method in mapped if text.startswith(start))


def test_a_topics_label_names_its_question():
    """A word processor's letter: one line a paragraph, no blank lines, a title with no full stop."""
    letter = ("Response from the Flaxmoor Residents Group to the budget consultation 2025/26\n"
              "Dear Finance Team,\n"
              "Our committee met on 4 March and agreed the points below after a long discussion of the papers.\n"
              "Council tax - we accept the rise if the leisure centre on Tansy Road stays open all year round.\n"
              "Savings: switch off half the lamp posts after midnight and rent out the empty floors at the town hall.\n"
              "Other comments:\n"
              "The footbridge at Pellow Lane has been closed for two years.\n"
              "Yours sincerely,\nMarta Quillfeather\n")
    mapped = _mapped(letter)
    assert _of(mapped, "Council tax - we accept") == ("B4", "cue")
    assert _of(mapped, "Savings: switch off") == ("B5", "cue")
    assert _of(mapped, "Other comments:") == ("B6", "cue")
    assert _of(mapped, "The footbridge at Pellow") == ("B6", "section")
    assert _of(mapped, "Our committee met")[0] is None
    assert _of(mapped, "Dear Finance Team,") == (None, "closing")  # not the start of the first answer


def test_question_numbers_in_the_forms_order_of_open_questions():
    """"Question 2" is the form's second open question (B5) when no number of the letter is a key,
    the numbers rise and no label says otherwise; a number that is a key keeps meaning that key."""
    letter = ("Dear Sir or Madam,\n\n"
              "Question 1 - Council tax. We oppose any rise this year; pensioners in Brackley Row cannot pay more.\n\n"
              "Question 2 - Savings. Share a chief executive with the next district.\n\n"
              "Question 3\n\nThe market square needs more benches and a drinking fountain.\n\n"
              "Kind regards,\nIvo Penhallow\n")
    mapped = _mapped(letter)
    assert _of(mapped, "Question 1 - Council tax") == ("B4", "cue")
    assert _of(mapped, "Question 2 - Savings") == ("B5", "cue")
    assert _of(mapped, "Question 3") == ("B6", "cue")
    assert _of(mapped, "The market square") == ("B6", "section")
    unlabelled = _mapped("Question 1\n\nWe oppose the rise.\n\nQuestion 2\n\nSell the old bus depot on Wren Street.\n")
    assert _of(unlabelled, "We oppose") == ("B4", "section") and _of(unlabelled, "Sell the old") == ("B5", "section")
    keyed = _mapped("Question 5: sell the old bus depot on Wren Street.\n\n"
                    "In answer to question 6, the budget papers were hard to find on the website.\n")
    assert [key for _t, key, _m in keyed] == ["B5", "B6"]
    # a label outweighs a number that says otherwise, and the labels show which numbering the letter uses
    mixed = _mapped("Q4 - Other comments. The bins are collected late.\n\nQ6 - Savings. Charge for garden waste.\n")
    assert [key for _t, key, _m in mixed] == ["B6", "B5"]


def test_labels_are_matched_by_their_words_stems_and_rarity():
    from consult_analyser.pipeline.letters.mapping import label_question
    from consult_analyser.pipeline.letters.segment import topic_label

    assert topic_label("Savings: the civic centre") == "Savings"
    assert topic_label("Council tax \u2013 no") == "Council tax"
    assert topic_label("Tel: 01632 960000") is None and topic_label("We think: no") is None
    assert label_question("Savings", QUESTIONS) == 1
    assert label_question("Council tax", QUESTIONS) == 0
    assert label_question("Other comments", QUESTIONS) == 2
    assert label_question("Council", QUESTIONS) is None  # every question has it: it names none
    assert label_question("Flaxmoor Residents Group", QUESTIONS) is None


def test_a_letter_without_cues_maps_by_what_it_says():
    letter = ("Dear Council,\n\n"
              "I cannot afford another council tax rise on my pension, so I do not support it.\n\n"
              "To save money the council could stop printing the quarterly magazine that nobody reads.\n\n"
              "Yours faithfully,\nDorcas Fenwright\n")
    mapped = _mapped(letter)
    assert _of(mapped, "I cannot afford") == ("B4", "similarity")
    assert _of(mapped, "To save money") == ("B5", "similarity")


def test_a_letter_that_answers_no_question_stays_general():
    letter = ("Dear Sirs,\n\n"
              "We have lived in Orrington for forty years and enjoy the view of the hills from our garden.\n\n"
              "Our grandson starts at the primary school in September and is looking forward to it.\n\n"
              "Note: we are away until the end of the month.\n\n"
              "Best wishes,\nAlma and Cyril Treadgold\n")
    mapped = _mapped(letter)
    answers = [(key, method) for text, key, method in mapped if method not in ("closing",)]
    assert answers and all(key is None for key, _m in answers), mapped


def _eml(tmp_path: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Quentin Marlowe <quentin@example.org>"
    msg["Subject"] = "My views"
    msg.set_content("Dear team,\n\nWe have kept bees on the allotments at Sedge Lane since the spring of 1990.\n\n"
                    "Our neighbours walk their dogs along the towpath every morning before work.\n\n"
                    "Yours sincerely,\nQuentin Marlowe\n")
    path = tmp_path / "marlowe.eml"
    path.write_bytes(bytes(msg))
    return path


def test_the_summary_counts_an_analysts_moves(imported_project, tmp_path, capsys):
    from consult_analyser.cli.main import main

    path = str(imported_project.path)
    imported_project.close()
    assert main(["-q", "import", path, str(_eml(tmp_path))]) == 0
    capsys.readouterr()
    assert main(["letters", path]) == 0
    before = capsys.readouterr().out
    assert "0 mapped to a question, 2 to General comments" in before, before
    assert main(["letters", path, "--move", "We have kept bees", "Q1"]) == 0
    moved = capsys.readouterr().out
    assert "now answers Q1" in moved and "1 mapped to a question, 1 to General comments" in moved, moved
    assert main(["letters", path]) == 0  # mapped again: the move is kept, and counted where it put the passage
    after = capsys.readouterr().out
    assert "1 mapped to a question, 1 to General comments" in after, after


PLAN = [
    QuestionInfo("C1", 1, "Policy H1 – Housing Delivery: Do you agree? Please explain"),
    QuestionInfo("C2", 2, "Policy H2 – Affordable Housing: Do you agree? Please explain"),
    QuestionInfo("C3", 3, "Policy TC1 – Town Centre Uses: Do you agree? Please explain"),
    QuestionInfo("C6", 6, "Policy SA14 – Land at Gorse Lane: Do you agree? Please explain"),
]


def test_a_plans_codes_name_their_questions_and_a_site_the_form_never_asked_about_names_none():
    """A planning agent's representations: "Site SA07" had gone to the SA14 question (the digits were
    dropped, leaving "sa"), a paragraph objecting to "Policy H1" to General comments, a site the form
    does not ask about into the section above, and "Please do not publish my telephone number" into an answer."""
    letter = ("Representations on behalf of Tennard Estates\n\n"
              "Policy TC1 - Town Centre Uses: we support the flexible approach to ground floor uses in the centre.\n\n"
              "Site SA07 - Former Gasworks: our client supports allocation for around 120 homes on the site.\n\n"
              "Site SA14: the lane floods every winter and cannot take the traffic of 250 more homes.\n\n"
              "2.1 Our client objects to Policy H1 because the requirement is far too low for the district.\n\n"
              "Please do not publish my personal telephone number 07700 900457.\n\n"
              "Yours faithfully,\nMorwenna Tresize\n")
    mapped = _mapped(letter, PLAN)
    assert _of(mapped, "Policy TC1")[0] == "C3"
    assert _of(mapped, "Site SA07")[0] is None
    assert _of(mapped, "Site SA14")[0] == "C6"
    assert _of(mapped, "2.1 Our client objects")[0] == "C1"
    assert _of(mapped, "Please do not publish")[0] is None


def test_a_covering_note_naming_the_policies_it_covers_answers_none():
    letter = ("Please find attached our representations on behalf of Tennard Estates on Policy TC1 and Site SA14.\n"
              "Kind regards,\nMorwenna Tresize\n")
    assert _of(_mapped(letter, PLAN), "Please find attached")[0] is None


def test_a_covering_sentence_that_goes_on_to_give_a_view_is_no_covering_note():
    from consult_analyser.pipeline.letters.mapping import _covering

    assert _covering("I am writing to respond to the budget consultation on behalf of our residents.")
    assert not _covering("I am writing about the budget. I support the rise because I want the library in "
                         "Greyholt to stay open for the children who use it after school.")


def test_a_questions_many_theme_words_do_not_drown_its_wording():
    themes = " ".join(f"theme{i} word{i} other{i}" for i in range(200))
    questions = [QuestionInfo(q.key, q.number, q.text, themes if q.key == "B5" else "") for q in QUESTIONS]
    mapped = _mapped("We think the council could save money by sharing its back office services with the next "
                     "district and renting out the empty floors of the civic centre.\n", questions)
    assert mapped[0][1] == "B5", mapped


def test_an_organisation_named_on_behalf_of_ends_before_what_it_writes_about():
    from consult_analyser.ingest.doc_sender import guess_sender

    text = ("Attached are our representations on behalf of Tennard Canal Estates on Policy TC1 and Site SA07. "
            "We look forward to hearing from you.")
    assert guess_sender(text).organisation == "Tennard Canal Estates"
    assert guess_sender("I write on behalf of Stratford on Avon District Council about the plan.").organisation == \
        "Stratford on Avon District Council"


def test_a_signatures_clerk_to_a_parish_council_gives_the_council():
    from consult_analyser.ingest.doc_sender import organisation_in

    assert organisation_in("Clerk to Tarnby Parish Council") == "Tarnby Parish Council"
    assert organisation_in("Friends to the Park Association") == "Friends to the Park Association"


def test_a_dry_run_of_letters_counts_them_as_the_wizard_does(tmp_path):
    from consult_analyser.cli.main import main

    folder = tmp_path / "letters"
    folder.mkdir()
    for i in range(3):
        (folder / f"letter{i}.txt").write_text(f"Dear council,\n\nThe buses to Tarnby are late, number {i}.\n\n"
                                               "Yours faithfully,\nA Writer\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    import contextlib
    with out.open("w") as fh, contextlib.redirect_stdout(fh):
        assert main(["import", str(tmp_path / "p.consult"), str(folder), "--dry-run"]) == 0
    said = out.read_text()
    assert "would import 3 submissions (3 files), each a respondent" in said and "would import 0 respondents" not in said


def test_a_representations_title_answers_no_question():
    letter = ("Representations to the Tarnby Draft Local Plan (Regulation 18) on behalf of Tennard Estates\n\n"
              "Tennard Historic Places - detailed comments\n\n"
              "Policy TC1 - Town Centre Uses: we support the flexible approach to ground floor uses in the centre.\n")
    mapped = _mapped(letter, PLAN)
    assert _of(mapped, "Representations to")[0] is None and _of(mapped, "Tennard Historic")[0] is None
    assert _of(mapped, "Policy TC1")[0] == "C3"


def test_show_lists_an_e_mail_and_its_attachment_together(tmp_path, capsys):
    """`letters --show rep_1.eml` refused: the name stood for the e-mail and the attachment it brought."""
    from consult_analyser.cli.main import main

    message = EmailMessage()
    message["From"] = "Agent Example <agent@planning-example.org>"
    message["To"] = "plan@council.example.org"
    message["Subject"] = "Local Plan representations"
    message.set_content("Dear team,\n\nPlease find attached our representations.\n\nKind regards,\nAgent Example\n")
    message.add_attachment(b"Policy H1 - Housing Delivery: our client objects to the housing requirement.\n",
                           maintype="text", subtype="plain", filename="reps.txt")
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "rep_1.eml").write_bytes(message.as_bytes())
    project = tmp_path / "plan.consult"
    assert main(["-q", "import", str(project), str(folder)]) == 0
    capsys.readouterr()
    assert main(["letters", str(project), "--show", "rep_1.eml"]) == 0
    out = capsys.readouterr().out
    assert "rep_1.eml (" in out and "reps.txt (" in out and "Policy H1" in out


def test_a_paragraph_answering_two_questions_in_turn_is_split_between_them() -> None:
    """A PDF letter runs its answers into one paragraph ("Eligibility should be automatic ... The cost
    should be shared ..."): mapped by its words, it is split at the sentence between its two answers,
    each passage exactly the text it covers; a paragraph on one question stays whole."""
    from consult_analyser.pipeline.letters.mapping import map_document

    questions = [QuestionInfo("Q1", 1, "Do you agree that a single national social tariff should replace company schemes?"),
                 QuestionInfo("Q2", 2, "What eligibility criteria should apply to the social tariff?"),
                 QuestionInfo("Q3", 3, "How should the cost of the tariff be shared between customers?")]
    eligibility = ("Eligibility criteria should be automatic for everyone receiving Universal Credit or Pension "
                   "Credit, and eligibility should also cover people on low incomes who claim nothing.")
    cost = ("The cost should be shared between all customers through a small flat charge on every bill, so that "
            "customers just above the line do not carry the cost alone.")
    text = f"Dear Sir or Madam,\n\nWe are a debt advice charity.\n\n{eligibility} {cost}\n\nYours faithfully,\nAdaeze Okoro"
    mapped = [(text[p.start:p.end], m.question_key) for p, m in map_document(text, questions)]
    assert (eligibility, "Q2") in mapped and (cost, "Q3") in mapped
    whole = f"Dear Sir or Madam,\n\n{cost} The charge on each bill should be small and the same for all customers."
    assert [m.question_key for _, m in map_document(whole, questions) if m.question_key] == ["Q3"]


@pytest.mark.parametrize("text, name, organisation", [
    # a trial's e-mails: a post over the council, a post beside the forum, a diocese in capitals over the letter
    ("Our view.\n\nKind regards,\n\nDeborah Smith\nLeader of the Council\nDevon County Council\n70 Station Road, Preston\n",
     "Deborah Smith", "Devon County Council"),
    ("Our view.\n\nBest wishes\nRhys Parry\nParish Priest, Batley Interfaith Forum\n", "Rhys Parry",
     "Batley Interfaith Forum"),
    ("Our view.\n\nKind regards,\n\nKaren Evans\nDiocesan Secretary\nShree Krishna Mandir Barnsley\n",
     "Karen Evans", "Shree Krishna Mandir Barnsley"),
])
def test_a_post_in_a_signature_is_not_the_organisation(text, name, organisation):
    from consult_analyser.ingest.doc_sender import guess_sender

    guess = guess_sender(text)
    assert (guess.name, guess.organisation) == (name, organisation)


def test_a_bodys_name_in_capitals_over_a_letter_is_its_letterhead():
    from consult_analyser.ingest.doc_sender import guess_sender

    text = "CATHOLIC DIOCESE OF SOUTHWARK\n166 Church Road, Leicester\n\nTo whom it may concern,\n\nOur view.\n"
    assert guess_sender(text).organisation == "CATHOLIC DIOCESE OF SOUTHWARK"
