"""A document's front matter (title page, date, addressee, reference, contents, licence) counts nowhere, and the
consultation's own title words are evidence for no one question (trial 41, finding F1 and the title pages of F2:
23 uploaded submissions' cover pages were Q7 answers, and title pages made General comments themes)."""

from __future__ import annotations

from consult_analyser.pipeline.letters.front_matter import front_matter_end
from consult_analyser.pipeline.letters.mapping import QuestionInfo, consultation_words, label_question, map_document

QUESTIONS = [
    QuestionInfo("Q1", 1, "Do you agree with the definitions in this discussion paper?"),
    QuestionInfo("Q2", 2, "What potential risks from AI are not covered by existing regulatory approaches?"),
    QuestionInfo("Q7", 7, "How can the Australian Government further support responsible AI practices in its own agencies?"),
]


def _counted(text: str, common: frozenset[str] = frozenset()) -> list[tuple[str | None, str]]:
    return [(m.question_key, text[p.start:p.end]) for p, m in map_document(text, QUESTIONS, common=common)
            if m.method != "closing" and p.kind != "heading"]


def test_glued_reference_date_and_addressee_are_front_matter() -> None:
    """Trial 41: "Our Ref: ... 4 August 2023To the Department of ..." run together by PDF extraction."""
    text = ("Our Ref: Inquiry into safe and responsible AI in Australia4 August 2023To the Department of Industry and "
            "ScienceHarbourline Builders thanks you for the opportunity to comment on the paper.")
    assert text[front_matter_end(text):].startswith("Harbourline Builders thanks you")
    assert all("Our Ref" not in passage for _, passage in _counted(text))


def test_date_letterhead_and_title_block_count_nowhere() -> None:
    text = ("26 July 2023Australian Government Department of Industry, Science and Resources Technology Strategy "
            "BranchSAFE AND RESPONSIBLE AI IN AUSTRALIA: RESPONSE TO DISCUSSION PAPER")
    assert front_matter_end(text) == len(text)
    assert _counted(text) == []


def test_submission_title_sentence_and_licence_line_count_nowhere() -> None:
    title = ("Northgate University submission to Department of Industry, Science and Resources consultation on "
             "'Safe and Responsible AI in Australia' Discussion Paper.")
    assert front_matter_end(title) == len(title)
    licence = ("Submission in response to the Department's discussion paper Submitted Friday 4 August 2023 This "
               "submission is licensed under a Creative Commons Attribution 4.0 licence.")
    assert front_matter_end(licence) == len(licence)


def test_table_of_contents_with_dotted_leaders_is_front_matter() -> None:
    text = ("Table of ContentsAbout Westmere Registry..........3Executive summary..........4\n\n"
            "We think the registry should publish its own rules on automated decisions in plain language.")
    assert text[front_matter_end(text):].startswith("We think the registry")


def test_prose_and_question_cues_are_never_front_matter() -> None:
    """The front matter ends at the first sentence, a question's cue or a numbered item."""
    assert front_matter_end("We support the proposal because agencies need clear rules on AI.") == 0
    assert front_matter_end("Question 7\nAgencies should publish every AI system they use.") == 0
    text = "12 June 2023\n\n1. Do you agree with the definitions in this discussion paper? Yes, we agree with them."
    assert text[front_matter_end(text):].startswith("1. Do you agree")


def test_cover_page_is_no_answer_to_the_question_sharing_the_title_words() -> None:
    """Trial 41: the title "Supporting responsible AI: discussion paper" named Q7 ("support responsible AI
    practices ... Australian Government") as a topic's label; the text under it is mapped by its own words."""
    text = ("Supporting responsible AI: discussion paper submissionI believe the rules for the use of AI should be "
            "simple and easily implemented, and apply to every citizen alike.")
    counted = _counted(text)
    assert counted and all(key != "Q7" for key, _ in counted)
    assert counted[0][1].startswith("I believe")


def test_consultation_title_words_name_no_question() -> None:
    """The stems many documents' front matter shares are the consultation's: a label made of them names none."""
    heads = [f"Submission to Supporting responsible AI: discussion paper\n\nWriter {n} thinks the rules need work."
             for n in range(6)]
    common = consultation_words(heads)
    assert {"responsibl", "discuss", "paper"} <= common
    assert label_question("Supporting responsible AI", QUESTIONS) == 2  # without: the title names Q7
    assert label_question("Supporting responsible AI", QUESTIONS, common) is None
    assert consultation_words(heads[:3]) == frozenset()  # too few documents to tell
