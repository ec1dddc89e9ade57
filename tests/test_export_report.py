"""The Word summary report: per question, themes with counts, sector pattern and redacted quotes."""

from __future__ import annotations

import docx
import pytest
from test_export_fixtures import PLANTED_EMAIL, build_project

from consult_analyser.cli.main import main
from consult_analyser.export.report_docx import export_report
from consult_analyser.store.theme_report import quote_excerpt


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = build_project(tmp_path_factory.mktemp("report"))
    yield p
    p.close()


def test_report_structure_and_figures(project, tmp_path):
    result = export_report(project, tmp_path / "r.docx", redact=False, small_counts=0)  # tiny data: no suppression
    assert (result.questions, result.themes) == (3, 3)
    document = docx.Document(str(tmp_path / "r.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    # the campaigns under a heading of their own (trial 41: none, out of reach of the headings' navigation)
    assert headings[:4] == ["What was reviewed", "Organised campaigns", "Who responded",
                            "Q1. To what extent do you agree with the vision? — Please explain your answer"]
    assert "Long-term funding" in headings and "About these figures" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Raised by 2 respondents (29% of those who answered)" in text
    assert "3 of them through an organised campaign" in text
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == result.quotes == 4
    assert any("(Local authority)" in q for q in quotes)
    sector_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Sector")
    assert [c.text for c in sector_table.rows[1].cells] == ["Individual", "4", "50%"]


def test_report_suppresses_small_numbers_as_the_annex_does(project, tmp_path):
    """By default (5) the report shows no count from 1 to 4, in any table or sentence, and says so."""
    export_report(project, tmp_path / "r.docx", redact=False)
    document = docx.Document(str(tmp_path / "r.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Raised by fewer than 5 respondents" in text and "Raised by 2 respondents" not in text
    assert "Small numbers are suppressed" in text
    # (but for a closed question's answers overall, a one-way table shown in full: trial 48)
    cells = [c.text for table in document.tables if table.rows[0].cells[0].text != "Answer"
             for row in table.rows[1:] for c in row.cells[1:]]
    assert "<5" in cells and not any(c in {"1", "2", "3", "4"} for c in cells)
    assert "3 of them through" not in text
    # a group too small to show may have raised a theme more often: the sentence says it compares the others
    assert "Most often raised by:" not in text
    # the first sentence's sides too (the Respondents table's "<5" was undone by "4 as individuals")
    opening = document.paragraphs[1].text
    assert "<5 on behalf of organisations, withheld as individuals or did not say" in opening, opening


def test_report_redacts_quotes_by_default(project, tmp_path):
    assert main(["-q", "export", str(project.path), str(tmp_path / "r.docx")]) == 0
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    # the contact sentence is no part of the quote (a closing formality); no address is printed either way
    assert PLANTED_EMAIL not in text and "07700" not in text and "More English classes please." in text


def test_a_long_answer_is_quoted_by_its_passage_on_the_theme():
    long = "A sentence that is long enough to quote. " * 30
    assert len(quote_excerpt(long)) <= 602 and quote_excerpt(long).endswith("…")
    assert quote_excerpt("Short and whole.") == "Short and whole."
    letter = ("Dear Chair Smith,\n\nPlease find attached the comments of the Riverside Farmers Union on the proposed "
              "rule. We represent 4,000 family farms across three states. " + "Our members have many views. " * 12
              + "The proposed changes to crop insurance deductibles would push small farms out of the programme, "
              "because the premium rises faster than the cover. We ask that the deductible stay at its level. "
              + "Other matters follow. " * 20 + "Yours sincerely, Jo Bloggs")
    quoted = quote_excerpt(letter, ["deductible", "crop insurance", "premium"], limit=300)
    assert quoted.startswith("… The proposed changes to crop insurance deductibles") and quoted.endswith("…")
    assert len(quoted) <= 304 and "Dear Chair" not in quoted
    plain = quote_excerpt(letter, [], limit=300)  # no theme words: the first sentence that says something
    assert "Dear Chair" not in plain and "Please find attached" not in plain


def test_an_answer_put_in_quotation_marks_is_not_quoted_twice():
    """Quotes are shown as “…”: a respondent's own enclosing marks would print “"…"”."""
    assert quote_excerpt('"The purpose of the online exams is to check. "') == "The purpose of the online exams is to check."
    assert quote_excerpt("“Fine as it is”") == "Fine as it is"
    assert quote_excerpt('He said "no" to it') == 'He said "no" to it'  # marks inside stay
    assert quote_excerpt('"A" and "B"') == '"A" and "B"'



def test_nobody_classified_is_no_sector_pattern_and_no_quote_attribution(tmp_path):
    """A file of passages nobody placed in a sector: the report states no "most often raised by:
    Not classified", and quotes carry no "(Not classified)"."""
    from consult_analyser.export.summaries import sector_pattern
    from consult_analyser.store.theme_report import ReportedTheme

    theme = ReportedTheme(theme=None, respondents=47, share=0.08, campaign_respondents=0, analyst_answers=0,  # type: ignore[arg-type]
                          by_sector={"unclassified": 47})
    assert sector_pattern(theme, {"unclassified": 581}, {"unclassified": "Not classified"}) == ""
    theme.by_sector = {"unclassified": 40, "faith": 6}
    assert sector_pattern(theme, {"unclassified": 500, "faith": 10}, {"faith": "Faith"}) == "Faith 60% (6 of 10)"
    p = build_project(tmp_path / "built")
    with p.transaction() as conn:
        conn.execute("DELETE FROM sector_assignments")
    export_report(p, tmp_path / "r.docx", redact=False, small_counts=0)
    p.close()
    document = docx.Document(str(tmp_path / "r.docx"))
    quotes = [q.text for q in document.paragraphs if q.style.name == "Quote"]
    assert quotes and not any("Not classified" in q or "(Local authority)" in q for q in quotes)
    assert "Most often raised" not in "\n".join(q.text for q in document.paragraphs)


def test_a_draft_describes_the_largest_candidates_and_lists_the_rest(tmp_path):
    """With no theme of a question signed off, every candidate is in the question's table but only the
    largest DRAFT_DETAILED get a section with quotes (describing all made the sample's draft 272 pages);
    every page is numbered."""
    from test_export_fixtures import MODEL, answer_ids

    from consult_analyser.domain import Theme, ThemeAssignment
    from consult_analyser.export.report_docx import DRAFT_DETAILED
    from consult_analyser.pipeline.themes.nonanswers import NO_ANSWER_LABEL
    from consult_analyser.store import theme_runs
    from consult_analyser.store.questions import list_questions

    project = build_project(tmp_path)
    q1 = next(q for q in list_questions(project) if q.key == "Q1")
    answers = sorted(v for (e, k), v in answer_ids(project).items() if k == "Q1")
    # the non-answers are the largest theme: they stay in the table and take none of the five sections
    candidates = [Theme(q1.id, NO_ANSWER_LABEL, "", [], model=MODEL)]
    candidates += [Theme(q1.id, f"Candidate number {i}", "", [f"word{i}"], model=MODEL) for i in range(DRAFT_DETAILED + 1)]
    candidates[2].parent_id = candidates[1].id  # a sub-theme: counts are not rolled up, and the report says so
    links = [ThemeAssignment(t.id, a, 0.9) for i, t in enumerate(candidates) for a in answers[: len(candidates) - i]]
    theme_runs.save_run(project, q1.id, model=MODEL, params={}, themes=candidates, assignments=links)
    result = export_report(project, tmp_path / "r.docx", redact=False, small_counts=0)
    document = docx.Document(str(tmp_path / "r.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [f"Candidate number {i}" for i in range(DRAFT_DETAILED)] == [h for h in headings if h.startswith("Candidate")]
    tabled = {row.cells[0].text for table in document.tables for row in table.rows}
    assert {t.label for t in candidates} <= tabled
    assert (result.themes, result.described) == (3 + len(candidates), 3 + DRAFT_DETAILED)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "the other 2 are in the table above and in the annex" in text
    assert NO_ANSWER_LABEL not in headings  # in the table, not one of the five described
    assert "its sub-themes' respondents are counted under the sub-themes, not added to the parent's" in text
    assert f'respondents answered in free text; {len(answers)} of these gave no substantive answer (such as "N/A"' in text
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    project.close()


def test_the_count_of_non_answers_is_suppressed_like_any_small_number():
    from consult_analyser.export.summaries import answered_sentence

    assert answered_sentence(120, 3, threshold=5).startswith(
        "120 respondents answered in free text; fewer than 5 of these gave no substantive answer")
    assert "; 12 of these gave no substantive answer" in answered_sentence(120, 12, threshold=5)
    assert answered_sentence(120, 0, 2, threshold=5) == ("120 respondents answered in free text, fewer than 5 of them "
                                                        "in a letter (e-mail or upload) whose passages address this "
                                                        "question")


def test_percentages_round_halves_up_as_the_annex_shows_them():
    """8 of 64 is 12.5%: the annex (Excel) shows 12.5%, so the report must say 13%, not Python's
    half-to-even 12%; a share above nought never prints as 0%."""
    from consult_analyser.domain import percent

    assert [percent(n / base) for n, base in [(8, 64), (37, 1480), (6, 48), (29, 200), (1, 3)]] == [
        "13%", "3%", "13%", "15%", "33%"]
    assert (percent(10 / 3444), percent(0.0), percent(1.0)) == ("<1%", "0%", "100%")


def test_a_draft_with_one_described_theme_says_so_in_the_singular(tmp_path, monkeypatch):
    """"The 1 largest candidate themes are described below" read wrongly: one theme is "the largest"."""
    from test_export_fixtures import MODEL, answer_ids

    from consult_analyser.domain import Theme, ThemeAssignment
    from consult_analyser.export import report_docx
    from consult_analyser.store import theme_runs
    from consult_analyser.store.questions import list_questions

    monkeypatch.setattr(report_docx, "DRAFT_DETAILED", 1)
    project = build_project(tmp_path)
    q1 = next(q for q in list_questions(project) if q.key == "Q1")
    answers = sorted(v for (e, k), v in answer_ids(project).items() if k == "Q1")
    candidates = [Theme(q1.id, f"Candidate number {i}", "", [f"word{i}"], model=MODEL) for i in range(2)]
    links = [ThemeAssignment(t.id, a, 0.9) for i, t in enumerate(candidates) for a in answers[: len(candidates) - i]]
    theme_runs.save_run(project, q1.id, model=MODEL, params={}, themes=candidates, assignments=links)
    report_docx.export_report(project, tmp_path / "r.docx", redact=False, small_counts=0)
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "The largest candidate theme is described below; the other 1 is in the table above" in text
