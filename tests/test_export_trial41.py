"""Trial 41's published findings on the report, annex and CSVs (a real consultation, "Safe and responsible AI
in Australia", 446 respondents): F9 sector patterns below the overall rate, F13 a doubled title and campaigns
without a heading, F12 sheets without their chart and quotes without a repeated header, F6 attached types
published as declared, F3 a column of submitters' names in the redacted respondents table."""

from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import docx
import pytest
from openpyxl import load_workbook
from test_export_fixtures import build_project

from consult_analyser.domain import Theme
from consult_analyser.export.annex_questions import _charted, _follows
from consult_analyser.export.summaries import Suppress, sector_pattern
from consult_analyser.store.theme_report import ReportedTheme


def _theme(respondents: int, share: float, by_sector: dict[str, int]) -> ReportedTheme:
    return ReportedTheme(Theme(question_id="q", label="Civil society"), respondents, share, 0, 0, by_sector)


def test_most_often_raised_by_names_only_groups_above_the_overall_rate() -> None:
    """F9: "Raised by 22 respondents (9%) ... Most often raised by: Company 24% (7 of 29); Individual 7% (10 of
    143)": individuals raised it less than average. Only groups clearly above the overall share are named."""
    answered = {"company": 29, "individual": 143, "ngo": 67}
    theme = _theme(22, 22 / 239, {"company": 7, "individual": 10, "ngo": 5})
    said = sector_pattern(theme, answered, {"company": "Company", "individual": "Individual", "ngo": "NGO"})
    assert said == "Company 24% (7 of 29)"
    # raised evenly: nobody named
    even = _theme(24, 0.1, {"company": 3, "individual": 14, "ngo": 7})
    assert sector_pattern(even, {"company": 30, "individual": 140, "ngo": 70}, {}) == ""
    # the small-number rules stand: a group raising it fewer than min_count times is not named
    small = _theme(12, 12 / 239, {"company": 4, "individual": 8})
    assert "company" not in sector_pattern(small, answered, {}, min_count=5)


def test_a_title_that_says_what_the_document_is_gets_no_suffix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """F13: "Safe and responsible AI in Australia: analysis of consultation responses: summary of responses", in the
    heading and the file's Title; and the campaigns had no heading of their own (no way to them by headings)."""
    from consult_analyser.export.report_docx import export_report
    from consult_analyser.store.release import document_title, set_release_details

    title = "Safe and responsible AI in Australia: analysis of consultation responses"
    assert document_title(title, "summary of responses") == title
    assert document_title("Rural Bus Plan", "summary of responses") == "Rural Bus Plan: summary of responses"
    assert document_title(title, "annex of responses") == f"{title}: annex"
    project = build_project(tmp_path)
    set_release_details(project, title=title)
    export_report(project, tmp_path / "r.docx")
    document = docx.Document(str(tmp_path / "r.docx"))
    assert document.core_properties.title == title and document.paragraphs[0].text == title
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Organised campaigns" in headings
    assert headings.index("Organised campaigns") == headings.index("What was reviewed") + 1


def _summary(counts: list[int], answered: int = 200) -> SimpleNamespace:
    return SimpleNamespace(themes=[SimpleNamespace(respondents=n) for n in counts], answered=answered)


def test_a_sheet_with_a_withheld_theme_still_has_its_chart_and_says_so() -> None:
    """F12: the sheets of Q4, Q10 and Q14 (each with a theme of fewer than 5) said "The quotes and then the chart
    follow the tables" and had no chart. The chart now shows the themes down to the withheld ones, its title
    says they are left out; a sheet that cannot have a chart that does not mislead says there is none and why."""
    suppress = Suppress(5)
    charted, left_out = _charted(_summary([40, 22, 9, 2]), suppress)  # type: ignore[arg-type]
    assert (charted, left_out) == (3, 1)
    assert "chart (the themes too small to show left out)" in _follows(True, charted, left_out)
    assert _follows(True, 4, 0) == "The quotes and then the chart follow the tables."
    assert _follows(False, 4, 0) == "The chart follows the tables."
    none = _charted(_summary([3, 2]), suppress)  # type: ignore[arg-type]
    assert none == (0, -1) and "there is no chart" in _follows(True, *none)


def test_theme_sheets_repeat_the_quote_header_and_the_notes_explain_wrote_to_us(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """F12: the quote tables printed over up to seven pages with no header after the first (print titles allow
    one row range a sheet: the quotes' header, the long table); "Of which wrote to us" was explained nowhere."""
    from consult_analyser.export.annex_notes import shorthand
    from consult_analyser.export.annex_xlsx import export_annex

    assert any(s == "Of which wrote to us" for s, _m in shorthand(Suppress(5), True))
    project = build_project(tmp_path)
    export_annex(project, tmp_path / "a.xlsx")
    book = load_workbook(tmp_path / "a.xlsx")
    repeated = 0
    for sheet in book.worksheets:
        for name, ref in sheet.tables.items():
            if name.endswith("_quotes"):
                row = int("".join(ch for ch in ref.split(":")[0] if ch.isdigit()))
                assert sheet.print_title_rows == f"${row}:${row}", sheet.title
                repeated += 1
    assert repeated


def _attach(project, tmp_path, rows: list[list[str]]):  # type: ignore[no-untyped-def]
    from consult_analyser.ingest.attributes import import_attributes

    path = tmp_path / "submission_type.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return import_attributes(project, path)


def test_types_attached_from_a_list_are_not_published_as_declared(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """F6: 437 types from submission_type.csv (assigned by a third party) were published as "as the respondent
    declared". An attached file's types are recorded as such and said to be "attached from submission_type.csv"
    on the Cover, in its method and in the report."""
    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.report_docx import export_report
    from consult_analyser.store import release
    from consult_analyser.store.attached import declared_sources

    project = build_project(tmp_path)
    _attach(project, tmp_path, [["Response ID", "Respondent type"], ["R-001", "Individual"],
                                ["R-002", "Local authority"]])
    sources = declared_sources(project)
    assert sources.by_file == {"submission_type.csv": 2} and sources.own == 1  # R-004 declared it themself
    statement = " ".join(release.review_statement(project))
    assert "2 attached from submission_type.csv" in statement and "1 as the respondent declared" in statement
    export_annex(project, tmp_path / "a.xlsx")
    cover = " ".join(str(c.value) for row in load_workbook(tmp_path / "a.xlsx").worksheets[0].iter_rows()
                     for c in row if c.value)
    assert "attached from submission_type.csv" in cover and "attached for them from submission_type.csv" in cover
    export_report(project, tmp_path / "r.docx")
    text = " ".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "attached for them from submission_type.csv" in text


def test_a_column_holding_respondents_names_is_personal_whatever_its_header(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """F3: the redacted respondents CSV published the attached column ``transcription`` ("Roger Hall.txt") for
    191 of 192 individuals. A column whose values hold the respondent's own name for most of them is personal:
    left out without --include-names, in every export (one rule: safety.personal_keys)."""
    from consult_analyser.export.csv_export import export_csv
    from consult_analyser.export.safety import personal_keys

    project = build_project(tmp_path)
    with project.transaction() as conn:
        for rid, name in conn.execute("SELECT id, name FROM respondents").fetchall():
            meta = {"transcription": f"{name or 'Anonymous'}.txt", "size": "Small"}
            conn.execute("UPDATE respondents SET name = ?, metadata = ? WHERE id = ?",
                         (name or "Anonymous", json.dumps(meta), rid))
    assert "transcription" in personal_keys(project) and "size" not in personal_keys(project)
    export_csv(project, tmp_path / "r.csv", "respondents", redact=True)
    header = next(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert "transcription" not in header and "size" in header
    export_csv(project, tmp_path / "n.csv", "respondents", include_names=True)
    assert "transcription" in next(csv.reader((tmp_path / "n.csv").open(encoding="utf-8-sig")))


def test_a_table_respondent_whose_only_answer_is_an_upload_keeps_the_tables_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """F3, second part: 133 respondents of the long table whose only answer was their uploaded letter were
    published as "respondent #N" (Alteryx, sub_num 79, as "respondent #70") beside the others' imported ids.
    A respondent id is replaced only when it may hold personal data: a letter's file name, not a table's id."""
    from consult_analyser.store import reporting

    project = build_project(tmp_path)
    with project.transaction() as conn:
        rid, import_id = conn.execute("SELECT id, import_id FROM respondents WHERE external_id = 'R-002'").fetchone()
        conn.execute("UPDATE responses SET source_row = NULL WHERE respondent_id = ?", (rid,))
        conn.execute("INSERT INTO documents(id, respondent_id, filename, text) VALUES ('d41', ?, 'x.pdf', 'Letter')",
                     (rid,))
        reader = conn.execute("SELECT reader FROM imports WHERE id = ?", (import_id,)).fetchone()[0]
    assert reader == "wide-table"
    assert "R-002" not in reporting.document_respondent_ids(project)


def test_a_quote_cut_in_the_middle_of_a_word_says_so():
    """Trial 41's report published "... human-defined objectives or parame" and four more quotes cut mid-word (the
    data stops at 1,000 characters) as if whole; a last word the word table knows, or a capitalised one, stays."""
    from consult_analyser.export.summaries import cut_word_marked
    from consult_analyser.pipeline.pii_words import _common_words

    if not _common_words():
        pytest.skip("no word table")
    base = "We think the government should set clear rules for how agencies buy and use these systems. " * 2
    assert cut_word_marked(base + "human-defined objectives or parame").endswith("objectives or …")
    assert cut_word_marked(base + "they should be published") == base + "they should be published"
    assert cut_word_marked(base + "as in Australia") == base + "as in Australia"
    assert cut_word_marked("Short answer ending in parame") == "Short answer ending in parame"
