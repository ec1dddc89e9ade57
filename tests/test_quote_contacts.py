"""A letterhead, a signature block or a forwarded e-mail's header is never published as a quote:
with its contact details taken out, the job title, employer and room number left beside them can
still say who wrote it (an individual's submission quoted from its cover page)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.domain import Theme, ThemeAssignment
from consult_analyser.export.safety import make_redactor
from consult_analyser.export.summaries import contact_block, published_report
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import theme_runs
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

ROWS = [
    ["R1", "Submission to the review of bus services. Dr Oriel Vantongeren, Senior Lecturer, Westmere Law "
           "School, Room 512, 6 First Walk, Westmere WS3 4PQ, o.vantongeren@westmere.example.ac.uk. About the "
           "author: I teach transport law."],
    ["R2", "Bus services in rural villages must run in the evenings, or young people cannot reach college."],
    ["R3", "---------- Forwarded message --------- From: Halvard Quennell <hq@example.org> Subject: buses"],
    ["R4", "Evening buses matter most: our village lost its last service at six and shift workers walk home."],
]


@pytest.fixture()
def project(tmp_path: Path):
    path = tmp_path / "answers.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["Response ID", "What should change about bus services?"], *ROWS])
    project = Project.create(tmp_path / "buses.consult")
    import_files(project, [path])
    question = list_questions(project)[0]
    answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? ORDER BY seq",
                                           (question.id,))]
    theme = Theme(question.id, "Evening bus services", "", model="test")
    # the letterhead and the e-mail header rank first: the model marked them representative
    theme_runs.save_run(project, question.id, model="test", params={}, themes=[theme],
                        assignments=[ThemeAssignment(theme.id, rid, 0.9 if i in (0, 2) else 0.5,
                                                     representative=i in (0, 2)) for i, rid in enumerate(answers)])
    yield project
    project.close()


def test_contact_blocks_are_passed_over_for_views(project: Project) -> None:
    question = list_questions(project)[0]
    report = published_report(project, question, make_redactor(True, names_model=False), quotes=2)
    quoted = [q.text for t in report.themes for q in t.quotes]
    assert len(quoted) == 2
    assert all("Room 512" not in q and "Forwarded" not in q for q in quoted)
    assert any("shift workers" in q for q in quoted) and any("young people" in q for q in quoted)


def test_unredacted_working_copy_quotes_as_ranked(project: Project) -> None:
    """Without redaction (an internal copy) nothing is taken out, and the ranking stands."""
    question = list_questions(project)[0]
    report = published_report(project, question, make_redactor(False), quotes=2)
    assert any("Room 512" in q.text for t in report.themes for q in t.quotes)


@pytest.mark.parametrize(("quote", "expected"), [
    ("Dr [name] Senior Lecturer, Room 512, [address] [email]", True),
    ("My name is [name] and I am happy to be contacted on [phone].", True),
    ("prepared by [name], [name] and [name] from the Centre", True),
    ("Consultation on AI [name], Associate Professor, Faculty of Law, Westmere University Introduction", True),
    ("Our driver [name] was wonderful, but the bus is always late.", False),
    ("Evening buses matter most.", False),
])
def test_contact_block(quote: str, expected: bool) -> None:
    assert contact_block(quote) is expected


@pytest.mark.parametrize(("quote", "individual", "expected"), [
    # an individual saying what they do and where is as good as named
    ("I am a professor of law at The University of Westmere. I studied AI in 1986.", True, True),
    ("I'm a senior lecturer in Law at Westmere College and I think ...", True, True),
    ("School of LawIntroductionI am a professor of law at The University of Westmere.", True, True),  # PDF glue
    ("As an Associate Professor in the Faculty of Law at Westmere University, I bring ...", True, True),
    # a job without an employer, and an organisation's own words, are not
    ("I am a teacher at a primary school and the buses are late.", True, False),
    ("I am a parent and the buses are late.", True, False),
    ("I am the director of Westshire Bus Users, and we object.", False, False),
])
def test_an_individual_saying_who_employs_them(quote: str, individual: bool, expected: bool) -> None:
    assert contact_block(quote, individual) is expected


def test_a_quote_that_says_nothing_once_redacted_is_not_published() -> None:
    """A trial's Word report quoted "[name]" as the whole of a quote, and a covering note ("Please find our
    submission attached ...") for a theme it had been filed under."""
    from consult_analyser.export.summaries import says_little

    assert says_little("[name]") and says_little("[name] [phone]") and says_little("Thanks, [name]")
    assert says_little("Thank you for the opportunity to make a submission. Please find our submission attached.")
    assert not says_little("Buses after 7pm would let [name] and me get to work")


def test_an_uploads_file_name_before_its_text_is_not_quoted() -> None:
    """A trial's report quoted "FILENAME: Insurtech ... Submission (24.7.23).pdf | CONTENT: ..." six times, and a theme
    was named "Filename"."""
    from consult_analyser.letter_text import theme_text
    from consult_analyser.store.theme_report import quote_excerpt

    text = "FILENAME: Harrow Insurers _ Submission (24.7.23).pdf | CONTENT: Harrow Insurers welcome the review."
    assert quote_excerpt(text) == "Harrow Insurers welcome the review." == theme_text(text)
    assert quote_excerpt("See the report.pdf | it says buses are late").startswith("See the report.pdf")


def test_a_short_answer_that_sends_an_attachment_or_asks_for_time_is_no_quote() -> None:
    """A re-test's annex quoted 14 such of its 20 quotes."""
    from consult_analyser.export.summaries import sends_or_asks_for_time

    assert sends_or_asks_for_time("Please Review My Attachment Expressing My Concern Regarding This Proposed Rule.")
    assert sends_or_asks_for_time("Harrow Water Authority Request For Comment Period Extension On The Rule")
    assert not sends_or_asks_for_time("The rule would let mines drain into the river we fish; it must be withdrawn.")
    assert not sends_or_asks_for_time("Please see the evidence: " + "fares doubled and buses were cut. " * 12)
