"""A survey's later export into a project that holds an earlier one (trial 44): rows of a file without an id
column matched by what they hold, not by their line; respondents the later file no longer holds named; answers
that differ listed in the dry run, and taken in on request with the work on them kept."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.preview import preview_file
from consult_analyser.store import withdrawals
from consult_analyser.store.answer_updates import excerpts
from consult_analyser.store.project import Project
from consult_analyser.store.responses import search

GF_HEADER = ["Timestamp", "Do you support the plan?", "What is the rationale behind your opinion?",
             "Which town do you live in?"]


def _gf_rows(n: int, start: int = 0, minute: str = "14") -> list[list[str]]:
    return [[f"1/18/2024 {minute}:{(start + i) % 60:02d}", "Yes" if (start + i) % 3 else "No",
             f"Reason number {start + i}: the buses in town {start + i} are late", f"Town {(start + i) % 7}"]
            for i in range(n)]


def _write(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header or GF_HEADER, *rows])
    return path


def _count(project: Project, table: str = "respondents") -> int:
    return int(project.scalar(f"SELECT COUNT(*) FROM {table}"))


def _texts(project: Project) -> set[str]:
    return {r[0] for r in project.query("SELECT text FROM responses WHERE text != ''")}


# ------------------------------------------------------------------ files without an id column (Google Forms)

def test_a_later_download_under_a_new_name_adds_only_the_new_rows(project, tmp_path):
    """CRITICAL 1: "Consultation (Responses) (1).csv" holds the 30 earlier rows again and 5 new: 35 respondents,
    not 65, and the 30 are named as already imported (the dry run says the same)."""
    rows = _gf_rows(30)
    first = _write(tmp_path / "Consultation (Responses).csv", rows)
    later = _write(tmp_path / "later" / "Consultation (Responses) (1).csv", rows + _gf_rows(5, start=100, minute="16"))
    import_files(project, [first])
    assert _count(project) == 30
    preview = preview_file(later, project=project.path)
    assert (preview.respondents, preview.already) == (5, 30)
    said = "\n".join(preview.lines())
    assert ("30 rows are respondents already imported from 'Consultation (Responses).csv' (same timestamp and "
            "answers): would be skipped") in said
    result = import_files(project, [later])
    assert result.respondents == 5 and _count(project) == 35
    assert any("30 rows are respondents already imported from 'Consultation (Responses).csv' (same timestamp and "
               "answers): skipped" in w for w in result.warnings), result.warnings
    assert not any("not in this file" in w for w in result.warnings)
    # the new rows' ids are their own lines' in the new file
    new = sorted(r[0] for r in project.query("SELECT external_id FROM respondents WHERE external_id LIKE '%(1).csv%'"))
    assert new == [f"Consultation (Responses) (1).csv-row{n}" for n in range(32, 37)]


def test_a_same_named_download_after_a_deletion_loses_no_row(project, tmp_path):
    """CRITICAL 2: the form's owner deleted the third response, then 5 came in; the file has the same name and
    every later row moved up a line. Before, a new response was lost (its line's id was taken), the deleted one
    stayed unnamed and 100 answers were said to "differ". Now every new row is added, nothing is said to differ,
    and the respondent the file no longer holds is named with the command that withdraws them."""
    rows = _gf_rows(30)
    first = _write(tmp_path / "Consultation (Responses).csv", rows)
    import_files(project, [first])
    shifted = [r for i, r in enumerate(rows) if i != 2] + _gf_rows(5, start=100, minute="16")
    later = _write(tmp_path / "again" / "Consultation (Responses).csv", shifted)
    preview = preview_file(later, project=project.path)
    assert (preview.respondents, preview.already) == (5, 29)
    result = import_files(project, [later])
    assert result.respondents == 5 and _count(project) == 35
    texts = _texts(project)
    assert all(f"Reason number {100 + i}: the buses in town {100 + i} are late" in texts for i in range(5))
    warnings = "\n".join(result.warnings)
    assert "differ" not in warnings
    assert ("29 rows are respondents already imported from 'Consultation (Responses).csv' (same timestamp and "
            "answers, 27 of them on other lines than then): skipped") in warnings
    assert ("1 respondent imported from 'Consultation (Responses).csv' is not in this file, though it holds the "
            "other 29: Consultation (Responses).csv-row4") in warnings
    assert "consult-analyser withdraw test.consult 'Consultation (Responses).csv-row4' --reason request" in warnings
    # the new row on the line the last earlier row had: its id with a number added, never that respondent's
    assert "Consultation (Responses).csv-row31 (2)" in warnings
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE external_id = "
                          "'Consultation (Responses).csv-row31 (2)'") == 1
    # each earlier respondent still holds their own answers
    for i, row in enumerate(rows):
        held = project.scalar("SELECT r.text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                              " WHERE p.external_id = ? AND r.text != ''",
                              (f"Consultation (Responses).csv-row{i + 2}",))
        assert held == row[2]


def test_identical_rows_are_matched_one_for_one(project, tmp_path):
    """Two people who answered alike at the same minute are two respondents; a later download that holds them
    and a third alike holds one new respondent, not none and not three."""
    same = ["1/18/2024 14:00", "Yes", "Agree", "Town 1"]
    first = _write(tmp_path / "Form.csv", [same, same, *_gf_rows(4)])
    import_files(project, [first])
    assert _count(project) == 6
    later = _write(tmp_path / "Form (1).csv", [same, same, *_gf_rows(4), same])
    result = import_files(project, [later])
    assert result.respondents == 1 and _count(project) == 7
    assert any("6 rows are respondents already imported from 'Form.csv'" in w for w in result.warnings)


def test_without_a_timestamp_rows_are_matched_by_their_answers_and_it_is_said(project, tmp_path):
    header = ["Do you support the plan?", "Why?"]
    rows = [["Yes", "Cheaper buses"], ["No", "Too costly"], ["Yes", "Cheaper buses"], ["Yes", "More trains"]]
    import_files(project, [_write(tmp_path / "Paper.csv", rows, header)])
    result = import_files(project, [_write(tmp_path / "Paper (1).csv", [*rows, ["No", "Too costly"]], header)])
    assert result.respondents == 1 and _count(project) == 5
    said = "\n".join(result.warnings)
    assert "4 rows are respondents already imported from 'Paper.csv' (same answers and details; the file has no " \
           "timestamp, so people who answered alike cannot be told apart" in said


def test_a_row_still_matches_after_the_project_respelled_its_option_or_added_details(project, tmp_path):
    """What a row held is kept with its import, so an option the project stored in another spelling (a merged
    variant, a value counted as another) or details attached later (an attribute table) do not make it new."""
    rows = _gf_rows(12)
    import_files(project, [_write(tmp_path / "Form.csv", rows)])
    counts = json.loads(project.scalar("SELECT counts FROM imports"))
    assert len(counts["row_prints"]) == 12 and "Form.csv-row2" in counts["row_prints"]
    with project.transaction() as conn:
        conn.execute("UPDATE responses SET choice = 'Yes, I do' WHERE choice = 'Yes'")
        conn.execute("UPDATE respondents SET metadata = json_set(metadata, '$.Type', 'Resident')")
    result = import_files(project, [_write(tmp_path / "Form (1).csv", rows)])
    assert result.respondents == 0 and _count(project) == 12


def test_an_earlier_import_without_kept_digests_is_matched_by_its_stored_answers(project, tmp_path):
    """A project imported before the digests were kept (or whose kept digests are gone): matched by the answers
    and details it stores."""
    rows = _gf_rows(10)
    import_files(project, [_write(tmp_path / "Form.csv", rows)])
    with project.transaction() as conn:
        conn.execute("UPDATE imports SET counts = '{}'")
    result = import_files(project, [_write(tmp_path / "Form (1).csv", [*rows, *_gf_rows(2, start=50)])])
    assert result.respondents == 2 and _count(project) == 12


def test_a_withdrawn_respondent_stays_out_whatever_the_line_or_name(project, tmp_path):
    """A respondent withdrawn at their request is recognised by what their row held in a later download under
    another name, and a different person who now stands on their old line is imported, not skipped."""
    rows = _gf_rows(10)
    import_files(project, [_write(tmp_path / "Form.csv", rows)])
    gone = project.scalar("SELECT id FROM respondents WHERE external_id = 'Form.csv-row4'")
    withdrawals.withdraw(project, [gone], "request", "asked by e-mail")
    assert _count(project) == 9
    result = import_files(project, [_write(tmp_path / "Form (1).csv", rows + _gf_rows(1, start=30))])
    assert result.respondents == 1 and sum(result.skipped_withdrawn.values()) == 1
    # the same name, the withdrawn row and those after it deleted in the form: a new response takes line 4 (the
    # withdrawn respondent's id), and is imported under that id with a number added, not skipped as withdrawn
    result = import_files(project, [_write(tmp_path / "again" / "Form.csv", rows[:2] + _gf_rows(1, start=40))])
    assert result.respondents == 1 and not result.skipped_withdrawn
    assert _count(project) == 11
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE external_id = 'Form.csv-row4 (2)'") == 1
    assert "Reason number 2: the buses in town 2 are late" not in _texts(project)


def test_a_file_imported_twice_under_its_own_name_says_nothing_new(project, tmp_path):
    """A same-named later download whose earlier rows kept their lines: just already present, as a file with ids."""
    rows = _gf_rows(8)
    import_files(project, [_write(tmp_path / "Form.csv", rows)])
    result = import_files(project, [_write(tmp_path / "again" / "Form.csv", rows + _gf_rows(2, start=30))])
    assert result.respondents == 2
    assert not any("already imported from" in w or "not in this file" in w for w in result.warnings), result.warnings
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE external_id IN ('Form.csv-row10', 'Form.csv-row11')") \
        == 2


# ------------------------------------------------------------------ files with ids: missing respondents, changes

ID_HEADER = ["Response ID", "Submitted", "Q1. Do you support the proposed rule?", "Q1. Please explain your answer"]


def _id_rows(n: int) -> list[list[str]]:
    return [[f"R-{i:04d}", f"01/03/2024 {9 + i // 60:02d}:{i % 60:02d}", "Support" if i % 2 else "Oppose",
             f"Answer {i}: we think the rule will change how farms in the valley work."] for i in range(1, n + 1)]


def test_respondents_missing_from_a_later_export_are_named(project, tmp_path):
    """MINOR 1: R-0007, in the project but not in the later export (deleted after a request to withdraw?), is
    named with the command that takes it out; the import leaves it in the project."""
    rows = _id_rows(40)
    import_files(project, [_write(tmp_path / "v1.csv", rows, ID_HEADER)])
    later = _write(tmp_path / "v3.csv", [r for r in rows if r[0] != "R-0007"], ID_HEADER)
    note = ("v3.csv: 1 respondent imported from 'v1.csv' is not in this file, though it holds the other 39: R-0007. "
            "If it was deleted in the survey tool")
    assert any(note in w for w in preview_file(later, project=project.path).warnings)
    result = import_files(project, [later])
    assert any(note in w and "consult-analyser withdraw test.consult R-0007 --reason request" in w
               for w in result.warnings), result.warnings
    assert _count(project) == 40


def test_a_file_of_other_respondents_names_nobody_missing(project, tmp_path):
    rows = _id_rows(40)
    import_files(project, [_write(tmp_path / "online.csv", rows, ID_HEADER)])
    paper = [[f"P-{i}", *r[1:]] for i, r in enumerate(rows[:10])] + rows[:5]  # 5 of the 40 only
    result = import_files(project, [_write(tmp_path / "paper.csv", paper, ID_HEADER)])
    assert not any("not in this file" in w for w in result.warnings), result.warnings


def _edited(rows: list[list[str]]) -> list[list[str]]:
    later = [list(r) for r in rows]
    later[4][3] += " EDITED: the respondent later added this sentence."  # R-0005
    later[9][2] = "Support" if later[9][2] != "Support" else "Oppose"  # R-0010: the option
    return later


def test_the_dry_run_lists_the_answers_that_differ(project, tmp_path):
    """MAJOR 2: the dry run names the differing answers, old → new, the edit itself shown."""
    rows = _id_rows(20)
    import_files(project, [_write(tmp_path / "v1.csv", rows, ID_HEADER)])
    preview = preview_file(_write(tmp_path / "v2.csv", _edited(rows), ID_HEADER), project=project.path)
    said = "\n".join(preview.lines())
    assert "2 answers of respondents already in the project differ from those imported before; the import would " \
           "keep the project's answers (import with --update-answers to take the file's wording in)" in said
    assert "R-0005 Q1: '…in the valley work.' → '…in the valley work. EDITED: the respondent later added this…'" \
        in said
    assert "R-0010 Q1: option 'Oppose' → 'Support'" in said


def test_an_import_keeps_the_projects_answers_and_says_how_to_take_the_new_in(project, tmp_path):
    rows = _id_rows(20)
    import_files(project, [_write(tmp_path / "v1.csv", rows, ID_HEADER)])
    result = import_files(project, [_write(tmp_path / "v2.csv", _edited(rows), ID_HEADER)])
    said = "\n".join(result.warnings)
    assert "the answers already in the project were kept (to take the file's wording in, import it again with " \
           "--update-answers)" in said and "R-0005 Q1: '…in the valley work.' → " in said
    assert not any("EDITED" in t for t in _texts(project))


def _code(project: Project, name: str) -> str:
    from consult_analyser.store.codebook import create_code

    return create_code(project, name).id


def _answer(project: Project, external_id: str) -> tuple[str, str]:
    row = project.query("SELECT r.id, r.text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                        " WHERE p.external_id = ?", (external_id,))[0]
    return row[0], row[1]


def test_update_answers_takes_the_new_wording_in_and_keeps_the_work_on_it(project, tmp_path):
    """``update_answers``: the file's wording replaces the project's; the old is in the audit; codings stay (a
    coded passage still in the text moves with it, one whose words are gone becomes a coding of the whole answer,
    or goes where the answer has that code whole already); a theme assignment stays and is said."""
    from consult_analyser.store.codings import add_coding

    rows = _id_rows(20)
    rows[4][3] = "Farms need water. Roads are bad."
    import_files(project, [_write(tmp_path / "v1.csv", rows, ID_HEADER)])
    response_id, old = _answer(project, "R-0005")
    water, roads, whole = _code(project, "Water"), _code(project, "Roads"), _code(project, "Whole")
    kept = add_coding(project, water, response_id, old.index("water"), old.index("water") + len("water"))
    gone = add_coding(project, roads, response_id, old.index("Roads"), len(old))
    add_coding(project, whole, response_id, 0, 5)  # "Farms": gone from the text, the answer holds Whole already
    add_coding(project, whole, response_id)
    with project.transaction() as conn:
        conn.execute("INSERT INTO themes(id, question_id, label, created_at, updated_at) SELECT 't1', question_id,"
                     " 'Water', '', '' FROM responses WHERE id = ?", (response_id,))
        conn.execute("INSERT INTO theme_assignments(theme_id, response_id) VALUES ('t1', ?)", (response_id,))
    later = [list(r) for r in rows]
    later[4][3] = "We farmers need water badly, and the rest is fine."
    result = import_files(project, [_write(tmp_path / "v2.csv", later, ID_HEADER)], update_answers=True)
    said = "\n".join(result.warnings)
    assert "1 answer of respondents already in the project was updated to the file's wording (the earlier " \
           "wording is kept in the project's record, the audit)" in said
    assert "1 of them has codings, kept (1 coded passage moved to where its words are now; 1 coded passage whose " \
           "words are gone became a coding of the whole answer; 1 coded passage whose words are gone dropped" in said
    assert "1 of them is in themes found on the old wording: find themes again" in said
    _, new = _answer(project, "R-0005")
    assert new == "We farmers need water badly, and the rest is fine."
    spans = {r[0]: (r[1], r[2]) for r in project.query('SELECT id, start, "end" FROM codings WHERE response_id = ?',
                                                       (response_id,))}
    assert spans[kept.id] == (new.index("water"), new.index("water") + 5)
    assert spans[gone.id] == (None, None)
    assert len(spans) == 3  # the span of Whole went: the answer holds Whole for the whole of it
    assert project.scalar("SELECT COUNT(*) FROM theme_assignments WHERE response_id = ?", (response_id,)) == 1
    audit = json.loads(project.scalar("SELECT detail FROM audit WHERE action = 'update_answer'"))
    assert audit["old_text"] == old and audit["respondent"] == "R-0005"
    assert {s["words"] for s in audit["spans"]} == {"Roads are bad.", "Farms"}
    # search finds the new wording, not the old
    assert [h.external_id for h in search(project, "farmers")] == ["R-0005"]
    assert not search(project, "Roads")


def test_update_answers_reads_a_file_imported_before_again(project, tmp_path):
    """The file the user imported (and was told to import again with --update-answers) is read again, not
    skipped as already imported; the other answers and respondents stay as they are."""
    rows = _id_rows(20)
    import_files(project, [_write(tmp_path / "v1.csv", rows, ID_HEADER)])
    v2 = _write(tmp_path / "v2.csv", _edited(rows), ID_HEADER)
    import_files(project, [v2])
    before = _count(project, "responses")
    result = import_files(project, [v2], update_answers=True)
    assert result.respondents == 0 and _count(project, "responses") == before
    assert any("2 answers of respondents already in the project were updated" in w for w in result.warnings)
    assert any("EDITED" in t for t in _texts(project))
    choice = project.scalar("SELECT r.choice FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                            " WHERE p.external_id = 'R-0010'")
    assert choice == _edited(rows)[9][2]


def test_a_form_answer_shown_as_the_letter_is_updated_beside_it(project, tmp_path):
    """An answer that shows the respondent's letter in place of the form's "See attached": the form's words are
    what the file is compared with and what an update sets; the letter's text stays."""
    rows = _id_rows(6)
    rows[1][3] = "See attached"
    import_files(project, [_write(tmp_path / "v1.csv", rows, ID_HEADER)])
    response_id, _ = _answer(project, "R-0002")
    with project.transaction() as conn:
        conn.execute("UPDATE responses SET origin = 'letter', form_text = text, text = 'The letter says a lot.'"
                     " WHERE id = ?", (response_id,))
    again = import_files(project, [_write(tmp_path / "same.csv", rows + _id_rows(7)[6:], ID_HEADER)])
    assert again.respondents == 1 and not again.warnings
    later = [list(r) for r in rows]
    later[1][3] = "See attached letter"
    import_files(project, [_write(tmp_path / "v2.csv", later, ID_HEADER)], update_answers=True)
    assert project.query("SELECT text, form_text FROM responses WHERE id = ?", (response_id,))[0][:] == \
        ("The letter says a lot.", "See attached letter")


def test_excerpts_show_the_edit_not_the_first_words():
    old = "We support the plan because it helps the farms in the valley."
    new = "We support the plan because it helps the farms in the valley. And the schools."
    assert excerpts(old, new) == ("…in the valley.", "…in the valley. And the schools.")
    assert excerpts("Yes", "No") == ("Yes", "No")
    long_old, long_new = "a " * 200, "a " * 100 + "b " * 100
    shown_old, shown_new = excerpts(long_old.strip(), long_new.strip())
    assert len(shown_new) < 90 and "b" in shown_new


@pytest.mark.realdata
def test_the_trials_google_forms_downloads(tmp_path):
    """The real Google Forms export, and its later download saved as "... (1).csv" with 10 more responses."""
    from tests.conftest import REALDATA

    source = REALDATA / "survey_tool_exports" / "google_forms_export.csv"
    if not source.exists():
        pytest.skip("real data not available")
    with source.open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    header, rows = table[0], table[1:]
    first = _write(tmp_path / "Consultation (Responses).csv", rows, header)
    new = [[f"1/25/2024 10:{i:02d}", *r[1:2], f"GFNEW-{i} later answer", *r[3:]] for i, r in enumerate(rows[:10])]
    later = _write(tmp_path / "Consultation (Responses) (1).csv", rows + new, header)
    project = Project.create(tmp_path / "gf.consult")
    try:
        import_files(project, [first])
        result = import_files(project, [later])
        assert result.respondents == 10 and _count(project) == len(rows) + 10
        assert any(f"{len(rows)} rows are respondents already imported from 'Consultation (Responses).csv' "
                   "(same timestamp and answers): skipped" in w for w in result.warnings), result.warnings
    finally:
        project.close()


def test_the_command_line_takes_corrections_in_on_request(tmp_path, capsys):
    """``import --update-answers`` (and its dry run), from the command line."""
    from consult_analyser.cli.main import main

    rows = _id_rows(12)
    target = str(tmp_path / "cli.consult")
    assert main(["-q", "import", target, str(_write(tmp_path / "v1.csv", rows, ID_HEADER))]) == 0
    later = str(_write(tmp_path / "v2.csv", _edited(rows), ID_HEADER))
    assert main(["-q", "import", target, later, "--dry-run", "--update-answers"]) == 0
    said = capsys.readouterr().out
    assert "R-0005 Q1: " in said and "with --update-answers the answers listed as differing" in said
    assert main(["-q", "import", target, later]) == 0
    assert "import it again with --update-answers" in capsys.readouterr().out
    assert main(["-q", "import", target, later, "--update-answers"]) == 0
    said = capsys.readouterr().out
    assert "2 answers of respondents already in the project were updated to the file's wording" in said
    assert main(["search", target, "EDITED"]) == 0
    assert "R-0005" in capsys.readouterr().out
