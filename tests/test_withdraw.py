"""Withdrawing respondents after import: every row goes and comes back exactly with undo, an erasure
leaves none of the text in the file, a later import skips them, a merged analyst's copy made before
drops their codings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from consult_analyser.actions.withdraw import Withdraw
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings, memos, sectors, theme_edits, withdrawals
from consult_analyser.store.embedding_cache import save_embeddings, store_blobs
from consult_analyser.store.project import Project
from tests.conftest import SURVEY_ROWS, write_survey

PLANTED = "Zanzibarquux hedgehogs deserve a roundabout of their own in Little Snoring"


def _id(project: Project, external: str) -> str:
    found = project.scalar("SELECT id FROM respondents WHERE external_id = ?", (external,))
    assert found, external
    return found


def _snapshot(project: Project) -> dict[str, list[tuple]]:
    tables = [r[0] for r in project.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                          "'%fts%' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit', 'meta')")]
    out = {t: sorted(tuple(r) for r in project.query(f"SELECT * FROM {t}")) for t in tables}
    out["search"] = sorted(tuple(r) for r in project.query(
        "SELECT rowid FROM responses_fts WHERE responses_fts MATCH 'councils OR libraries OR zanzibarquux'"))
    return out


def _work_on(project: Project, external: str) -> str:
    """Codings, a memo, a sector, a theme, a cached vector on one respondent's answers."""
    rid = _id(project, external)
    answers = [r[0] for r in project.query("SELECT id FROM responses WHERE respondent_id = ? AND text != ''", (rid,))]
    code = codebook.create_code(project, "Funding")
    for answer in answers:
        codings.add_coding(project, code.id, answer)
    memos.add_memo(project, "response", answers[0], "Quotes the planted words")
    memos.add_memo(project, "respondent", rid, "Phoned them")
    sectors.set_analyst_sector(project, rid, "local_authority")
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    theme = theme_edits.create_theme(project, q2, "Local services")
    q2_answer = project.scalar("SELECT id FROM responses WHERE respondent_id = ? AND question_id = ?", (rid, q2))
    theme_edits.assign(project, theme.id, [q2_answer])
    return rid


def test_withdraw_and_undo_put_back_every_row_exactly(imported_project):
    project = imported_project
    rid = _work_on(project, "R-002")
    kept = _id(project, "R-001")
    before = _snapshot(project)
    op = Withdraw(rid, "duplicate", "Sent the form twice", duplicate_of=kept)
    changes = op.apply(project)
    assert op.removed["respondents"] == 1 and op.removed["answers"] == 3 and op.removed["codings"] == 2
    assert op.removed["memos"] == 2 and op.removed["sector_assignments"] >= 1
    assert {"respondents", "responses", "codings", "withdrawals"} <= changes.tables
    for table, column in (("respondents", "id"), ("sector_assignments", "respondent_id"),
                          ("responses", "respondent_id")):
        assert project.scalar(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (rid,)) == 0
    assert project.scalar("SELECT COUNT(*) FROM codings") == 0 and project.scalar("SELECT COUNT(*) FROM memos") == 0
    (listed,) = withdrawals.listing(project)
    assert (listed.reason, listed.note, listed.duplicate_of, listed.withdrawn_by) == (
        "duplicate", "Sent the form twice", "R-001", project.actor)
    # nothing of who they were: not the id as in the file, not the name or the organisation
    row = " ".join(str(v) for v in project.query("SELECT * FROM withdrawals")[0])
    assert "R-002" not in row and "Anytown" not in row and rid not in row
    assert withdrawals.counts_by_reason(project) == {"duplicate": 1, "test": 0, "spam": 0, "request": 0}

    op.revert(project)
    assert _snapshot(project) == before  # every row back, ids (and the search index) included
    op.apply(project)  # redo
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE id = ?", (rid,)) == 0
    op.revert(project)
    assert _snapshot(project) == before


def test_what_is_refused_names_the_problem(imported_project):
    project = imported_project
    rid = _id(project, "R-003")
    with pytest.raises(ValueError, match="unknown reason 'bored'"):
        Withdraw(rid, "bored", "")
    with pytest.raises(ValueError, match="no respondent 'nobody'"):
        Withdraw([rid, "nobody"], "spam", "").apply(project)
    with pytest.raises(ValueError, match="duplicate of itself"):
        Withdraw(rid, "duplicate", "", duplicate_of=rid).apply(project)
    with pytest.raises(ValueError, match="'duplicate' only"):
        Withdraw(rid, "spam", "", duplicate_of=_id(project, "R-001")).apply(project)
    assert project.scalar("SELECT COUNT(*) FROM respondents") == len(SURVEY_ROWS)
    assert project.scalar("SELECT COUNT(*) FROM withdrawals") == 0


def _planted_project(tmp_path: Path) -> Path:
    rows = [list(r) for r in SURVEY_ROWS]
    rows[3][9] = PLANTED + ". " + " ".join(["More words so the answer spills over a page."] * 120)
    path = tmp_path / "erase.consult"
    with Project.create(path) as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", rows)])
    return path


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def test_an_erasure_leaves_nothing_of_the_text_in_the_file(tmp_path):
    path = _planted_project(tmp_path)
    with Project.open(path) as project:
        project.conn.execute("PRAGMA secure_delete = OFF")  # as many SQLite builds have it
        rid = _id(project, "R-004")
        text = project.scalar("SELECT text FROM responses WHERE respondent_id = ? AND text LIKE 'Zanzibarquux%'",
                              (rid,))
        save_embeddings(project, "model:1", {text: np.ones(4, dtype=np.float32)})
        store_blobs(project, "phrases:1", {text: b"zanzibarquux hedgehogs"})
        # (another respondent's cached text stays)
        other = project.scalar("SELECT text FROM responses WHERE text LIKE 'Councils%'")
        save_embeddings(project, "model:1", {other: np.ones(4, dtype=np.float32)})
        project.checkpoint()
    assert PLANTED.encode() in _file_bytes(path)
    with Project.open(path) as project:
        project.conn.execute("PRAGMA secure_delete = OFF")
        Withdraw(_id(project, "R-004"), "request", "E-mail of 3 May asking to be erased").apply(project)
        assert project.scalar("PRAGMA secure_delete") == 0  # as it was
        assert project.scalar("SELECT COUNT(*) FROM embeddings") == 1
        assert project.scalar("SELECT COUNT(*) FROM text_cache") == 0
        assert not project.query("SELECT rowid FROM responses_fts WHERE responses_fts MATCH 'zanzibarquux'")
    data = _file_bytes(path).lower()
    for word in (b"zanzibarquux", b"hedgehogs", b"little snoring", b"bob sample", b"spills over a page"):
        assert word not in data, word
    assert b"councils are best placed" in data  # the others' answers are all there


def test_an_erasure_by_the_command_line_and_what_an_undo_in_the_app_would_hold(tmp_path, capsys):
    from consult_analyser.cli.main import main

    path = _planted_project(tmp_path)
    assert main(["withdraw", str(path), "R-004", "--reason", "request", "--note", "asked on the phone"]) == 0
    out = capsys.readouterr().out
    assert "withdrew 1 respondent" in out and "erased" in out
    assert b"zanzibarquux" not in _file_bytes(path).lower()


def test_a_later_import_skips_withdrawn_respondents(tmp_path, capsys):
    path = tmp_path / "again.consult"
    survey = write_survey(tmp_path / "survey.csv")
    with Project.create(path) as project:
        import_files(project, [survey])
        Withdraw(_id(project, "R-002"), "duplicate", "form twice", duplicate_of=_id(project, "R-001")).apply(project)
        Withdraw(_id(project, "R-005"), "request", "asked").apply(project)
        # a later export with one more row, and the ids written as the same values
        later = write_survey(tmp_path / "later.csv", [*SURVEY_ROWS, ["R-007", "", "Individual", "Cy New", "", "", "",
                                                                     "Wales", "Agree", "New view.", "", "Yes"]])
        result = import_files(project, [later])
        assert result.respondents == 1 and result.skipped_withdrawn == {"duplicate": 1, "request": 1}
        assert any("2 respondents skipped: withdrawn earlier (1 duplicate, 1 at their request)" in w
                   for w in result.warnings)
        ids = {r[0] for r in project.query("SELECT external_id FROM respondents")}
        assert ids == {"R-001", "R-003", "R-004", "R-006", "R-007"}
    from consult_analyser.cli.main import main

    assert main(["import", str(path), str(write_survey(tmp_path / "third.csv", SURVEY_ROWS[:3]))]) == 0
    assert "withdrawn earlier (1 duplicate)" in capsys.readouterr().out


def test_ids_written_as_numbers_are_matched_by_value():
    assert withdrawals.source_key(" 00123 ") == withdrawals.source_key("123") == "123"
    assert withdrawals.source_key("R-001") == "R-001"


# ---------------------------------------------------------------------------------- command line


def test_the_command_line_names_every_problem_without_a_traceback(imported_project, capsys):
    from consult_analyser.cli.main import main

    path = str(imported_project.path)
    imported_project.close()
    cases = [
        (["withdraw", path, "R-009", "R-001", "--reason", "spam", "--note", "x"], "no respondent 'R-009' in test.consult"),
        (["withdraw", path, "R-001", "--note", "x"], "--reason is needed"),
        (["withdraw", path, "R-001", "--reason", "spam"], "--note is needed"),
        (["withdraw", path, "R-001", "--reason", "test", "--duplicate-of", "R-002", "--note", "x"],
         "--duplicate-of goes with --reason duplicate"),
        (["withdraw", path, "R-001", "--reason", "duplicate", "--duplicate-of", "R-404", "--note", "x"],
         "no respondent 'R-404'"),
        (["withdraw", path, "R-001", "--reason", "duplicate", "--note", "x"], "--reason duplicate needs --duplicate-of"),
        (["withdraw", path, "R-001", "--list"], "--list changes nothing: give it without respondent ids"),
        (["withdraw", path], "name the respondents to withdraw"),
        (["withdraw", path, "--ids-file", "missing.txt", "--reason", "spam", "--note", "x"],
         "missing.txt: no such file of respondent ids"),
    ]
    for argv, message in cases:
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, (argv, err)
    with Project.open(path) as project:
        assert project.scalar("SELECT COUNT(*) FROM respondents") == len(SURVEY_ROWS)  # nothing changed

    assert main(["withdraw", path, "R-006", "--reason", "test", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would withdraw 1 respondent (test response): R-006" in out and "3 answers" in out
    assert "nothing was changed" in out
    assert main(["withdraw", path, "R-006", "--reason", "test", "--note", "made by staff before launch"]) == 0
    assert main(["withdraw", path, "R-006", "--reason", "test", "--note", "again"]) == 1
    assert "withdrawn already on" in capsys.readouterr().err
    assert main(["withdraw", path, "--list"]) == 0
    out = capsys.readouterr().out
    assert "1 respondent withdrawn after import" in out and "test response: made by staff before launch" in out
    assert "R-006" not in out and "Northfield" not in out and "twinning" not in out  # never who, never the text


def test_likely_duplicates_need_a_shared_address_or_name_not_only_the_same_words(tmp_path, capsys):
    from consult_analyser.cli.main import main
    from consult_analyser.store.duplicate_submissions import find_duplicates

    rows = [list(r) for r in SURVEY_ROWS]
    again = list(rows[0])  # Ann sent the form twice: the same words, spaced and cased otherwise
    again[0], again[9] = "R-101", "  communities SHOULD mix   more. "
    edited = list(rows[1])  # the council's second go, a word changed, from the same address
    edited[0], edited[10] = "R-102", "Long-term funding for the integration areas."
    campaign = [[f"C-{i}", "", "Individual", f"Person {i} Campaigner", "", f"p{i}@example.org", "", "London", "Agree",
                 "Communities should mix more.", "Fund youth clubs and libraries.", "Yes"] for i in range(3)]
    path = tmp_path / "dupes.consult"
    with Project.create(path) as project:
        import_files(project, [write_survey(tmp_path / "s.csv", rows + [again, edited] + campaign)])
        found, crowded = find_duplicates(project)
    # the later submission is the one to keep (the copies carry the same times: the later in the file)
    pairs = {(c.keep_external, c.withdraw_external): c for c in found}
    assert set(pairs) == {("R-101", "R-001"), ("R-102", "R-002")}  # the campaign's people are no duplicates
    assert pairs[("R-101", "R-001")].reason == "the same answers, the same e-mail address and name"
    assert pairs[("R-102", "R-002")].reason.startswith("answers 9") and "same e-mail address" in \
        pairs[("R-102", "R-002")].reason
    assert not pairs[("R-102", "R-002")].by_time
    assert crowded == 0
    assert main(["withdraw", str(path), "--find-duplicates"]) == 0
    out = capsys.readouterr().out
    assert f"consult-analyser withdraw {path} R-001 --reason duplicate --duplicate-of R-101 --note" in out
    assert "keep R-101, which came later in the import" in out
    with Project.open(path) as project:
        assert project.scalar("SELECT COUNT(*) FROM respondents") == len(rows) + 5  # nothing withdrawn by itself


@pytest.mark.parametrize("first_time, second_time, resent_first", [
    ("14/05/2018 09:00", "02/05/2018 10:00", True),  # British order, the later first in the file
    ("14/05/2018 09:00", "02/05/2018 10:00", False),
    ("5/14/2018 9:00:00 AM", "5/2/2018 10:00:00 AM", True),  # American order, as Microsoft Forms writes it
    ("2018-05-14T09:00:00Z", "2018-05-02 10:00", False),
])
def test_the_later_submission_is_kept_whatever_the_order_of_the_file(tmp_path, capsys, first_time, second_time,
                                                                      resent_first):
    """A trial's export listed some re-sent responses before the first ones (sorted by name): the suggestion
    kept whichever came first in the file, the earlier submission in 4 of 6 pairs."""
    from consult_analyser.cli.main import main
    from consult_analyser.store.duplicate_submissions import find_duplicates

    resent = list(SURVEY_ROWS[0])
    resent[0], resent[1], resent[9] = "R-201", first_time, "Communities should mix more, and soon."
    first = list(SURVEY_ROWS[0])
    first[0], first[1] = "R-202", second_time
    pair = [resent, first] if resent_first else [first, resent]
    path = tmp_path / "resent.consult"
    with Project.create(path) as project:
        import_files(project, [write_survey(tmp_path / "s.csv", [*pair, *(list(r) for r in SURVEY_ROWS[1:])])])
        found, _ = find_duplicates(project)
    assert [(c.keep_external, c.withdraw_external, c.by_time) for c in found] == [("R-201", "R-202", True)]
    assert main(["withdraw", str(path), "--find-duplicates"]) == 0
    out = capsys.readouterr().out
    assert "keep R-201, which was sent later" in out
    assert "withdraw" in out and "R-202 --reason duplicate --duplicate-of R-201" in out


def test_an_organisation_that_answered_online_and_by_email_is_listed_to_read(tmp_path, capsys):
    """A trial's two organisations answered online and in the team's log of e-mails, in other words:
    no candidate (the answers differ) and nothing said. They are listed, not suggested."""
    from consult_analyser.cli.main import main

    rows = [list(r) for r in SURVEY_ROWS]
    emailed = list(rows[1])  # the council again, by e-mail, in other words, from another address
    emailed[0], emailed[5] = "E-7", "clerk@anytown.gov.uk"
    emailed[9], emailed[10] = "Our members want more say in how areas are chosen.", "Evaluate what works first."
    path = tmp_path / "twice.consult"
    with Project.create(path) as project:
        import_files(project, [write_survey(tmp_path / "s.csv", rows + [emailed])])
    assert main(["withdraw", str(path), "--find-duplicates"]) == 0
    out = capsys.readouterr().out
    assert "1 organisation answered more than once with different answers" in out
    assert "  Anytown Borough Council: R-002, E-7" in out and "--duplicate-of" not in out


# ----------------------------------------------------------------------------------------- team


def test_merging_a_copy_made_before_a_withdrawal_drops_its_work_on_them(tmp_path):
    from consult_analyser.team import merge, split

    lead = tmp_path / "lead.consult"
    with Project.create(lead, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "s.csv")])
        codebook.create_code(project, "Funding")
        split.split(project, ["alice"], tmp_path / "copies", seed=1)
    copy = tmp_path / "copies" / "alice.consult"
    with Project.open(copy) as alice:
        code = codebook.find_code(alice, "Funding")
        assert code is not None
        for answer, in alice.query("SELECT id FROM responses WHERE text != ''"):
            codings.add_coding(alice, code.id, answer)
        gone = _id(alice, "R-002")
        memos.add_memo(alice, "respondent", gone, "Rang them back")
        sectors.set_analyst_sector(alice, gone, "local_authority")
        coded = alice.scalar("SELECT COUNT(*) FROM codings")
        theirs = alice.scalar("SELECT COUNT(*) FROM codings c JOIN responses r ON r.id = c.response_id "
                              "WHERE r.respondent_id = ?", (gone,))
    with Project.open(lead, actor="lena") as project:
        Withdraw(_id(project, "R-002"), "request", "asked to be removed").apply(project)
        (result,), _ = merge.merge(project, [copy])
        assert result.counts["codings_added"] == coded - theirs
        assert result.counts["skipped_withdrawn"] == theirs + 2  # their codings, the memo, the sector
        assert result.conflicts == 0 and "withdrawn since the copy was made" in " ".join(result.notes)
        assert "asked for their data to be erased" in " ".join(result.notes)
        assert project.scalar("SELECT COUNT(*) FROM respondents WHERE external_id = 'R-002'") == 0
        assert project.scalar("SELECT COUNT(*) FROM memos") == 0
        (again,), _ = merge.merge(project, [copy])  # merging the same copy again: the same, quietly
        assert again.conflicts == 0 and not again.counts.get("codings_added")
    # a split made after a withdrawal holds no trace of them
    fresh = tmp_path / "fresh.consult"
    with Project.create(fresh, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "s.csv")])
        Withdraw(_id(project, "R-002"), "test", "made by staff").apply(project)
        split.split(project, ["bob"], tmp_path / "later", seed=1)
    with Project.open(tmp_path / "later" / "bob.consult") as bob:
        assert bob.scalar("SELECT COUNT(*) FROM respondents WHERE external_id = 'R-002'") == 0
        assert bob.scalar("SELECT COUNT(*) FROM respondents") == len(SURVEY_ROWS) - 1


# -------------------------------------------------------------------------------------- published


def _cover(path: Path) -> tuple[dict, str]:
    import openpyxl

    rows = list(openpyxl.load_workbook(path)["Cover"].iter_rows(values_only=True))
    pairs: dict = {}
    for r in rows:
        if r and r[0]:
            pairs.setdefault(r[0], r[1])  # (the counts come before the contents, which name the sheets)
    return pairs, " ".join(str(c) for r in rows for c in r if c)


def test_the_annex_and_report_say_how_many_were_withdrawn_and_count_without_them(imported_project, tmp_path):
    import docx

    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.report_docx import export_report
    from consult_analyser.export.summaries import Suppress, withdrawal_statement

    project = imported_project
    export_annex(project, tmp_path / "before.xlsx", redact=False, small_counts=0)
    pairs, text = _cover(tmp_path / "before.xlsx")
    assert pairs["Respondents"] == len(SURVEY_ROWS) and "withdrawn" not in text  # only when some were
    Withdraw(_id(project, "R-002"), "duplicate", "form twice", duplicate_of=_id(project, "R-001")).apply(project)
    Withdraw([_id(project, "R-003"), _id(project, "R-006")], "test", "staff").apply(project)
    Withdraw(_id(project, "R-005"), "request", "e-mail").apply(project)

    export_annex(project, tmp_path / "after.xlsx", redact=False, small_counts=0)
    pairs, text = _cover(tmp_path / "after.xlsx")
    assert pairs["Respondents"] == len(SURVEY_ROWS) - 4  # their rows are gone from every count
    assert pairs["Answers to the questions"] < 20
    assert ("4 responses were withdrawn after import: 1 duplicate, 2 test responses, 1 at the respondent's "
            "request.") in text
    export_report(project, tmp_path / "r.docx", redact=False, small_counts=0)
    report = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "4 responses were withdrawn after import: 1 duplicate, 2 test responses" in report

    # a count of withdrawals gives nobody away (and the respondents beside the last edition's tell it): printed as
    # it is even where small numbers are suppressed (trial 49: "<5 responses were withdrawn" beside 445 against 446)
    export_annex(project, tmp_path / "published.xlsx", redact=False)
    _pairs, text = _cover(tmp_path / "published.xlsx")
    assert "4 responses were withdrawn after import: 1 duplicate, 2 test responses, 1 at the respondent's " \
           "request." in text
    # a total that would give a small count away: a further count withheld
    counts = {"duplicate": 9, "test": 2, "spam": 0, "request": 0}
    from unittest import mock

    with mock.patch("consult_analyser.store.withdrawals.counts_by_reason", return_value=counts):
        said = withdrawal_statement(project, Suppress(5))
    assert said.startswith("11 responses were withdrawn after import: [c] duplicates, <5 test responses")


def test_a_withdrawn_answer_leaves_nothing_in_the_themes_it_was_in(imported_project):
    """A model's theme that held only the withdrawn answer goes; a description that quoted it ("Answers
    such as “...”") and a keyword only it wrote go too; undo puts them back."""
    project = imported_project
    rid, other = _id(project, "R-002"), _id(project, "R-001")
    q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    theirs = project.scalar("SELECT id FROM responses WHERE respondent_id = ? AND question_id = ?", (rid, q2))
    others = project.scalar("SELECT id FROM responses WHERE respondent_id = ? AND question_id = ?", (other, q2))
    said = project.scalar("SELECT text FROM responses WHERE id = ?", (theirs,))
    alone = theme_edits.create_theme(project, q2, "Assorted points", description=f"Answers such as “{said}”",
                                response_ids=[theirs])
    shared = theme_edits.create_theme(project, q2, "Funding", description=f"Answers such as “{said}”",
                                 keywords=["integration areas", "libraries"], response_ids=[theirs, others])
    project.conn.execute("UPDATE themes SET source = 'model', status = 'candidate' WHERE id IN (?, ?)",
                         (alone.id, shared.id))
    before = _snapshot(project)
    op = Withdraw(rid, "request", "Asked to be erased by e-mail")
    op.apply(project)
    assert project.scalar("SELECT COUNT(*) FROM themes WHERE id = ?", (alone.id,)) == 0
    description, keywords = project.query("SELECT description, keywords FROM themes WHERE id = ?", (shared.id,))[0]
    assert said not in description and "integration areas" not in keywords and "libraries" in keywords
    op.revert(project)
    assert _snapshot(project) == before


def test_a_withdrawn_respondents_letter_is_not_imported_again_on_its_own(tmp_path):
    """An e-mail that joined an online response by its address is the respondent's: once they are
    withdrawn (erased), importing the e-mail folder again does not bring the e-mail back as a new
    respondent; another sender's letter of the same file name still comes in."""
    survey = write_survey(tmp_path / "survey.csv", SURVEY_ROWS)
    letters = tmp_path / "emails"
    letters.mkdir()
    (letters / "note.txt").write_text("From: ann@example.com\n\nI forgot to say: fund the libraries in "
                                      "Little Snoring.\n\nAnn Example\n", encoding="utf-8")
    project = Project.create(tmp_path / "p.consult")
    try:
        import_files(project, [survey, letters])
        rid = _id(project, "R-001")
        assert project.scalar("SELECT COUNT(*) FROM documents WHERE respondent_id = ?", (rid,)) == 1
        Withdraw(rid, "request", "Asked to be erased").apply(project)
        # the folder again, with a new e-mail in it (and another sender's letter of the same file name)
        (letters / "new.txt").write_text("From: bo@example.org\n\nPlease keep the mobile library.\n\nBo Example\n",
                                         encoding="utf-8")
        result = import_files(project, [letters])
        assert [r[0] for r in project.query("SELECT filename FROM documents")] == ["new.txt"]
        assert sum(result.skipped_withdrawn.values()) == 1
        later = tmp_path / "later"
        later.mkdir()
        (later / "note.txt").write_text("From: cy@example.org\n\nThe libraries matter most.\n\nCy Example\n",
                                        encoding="utf-8")
        import_files(project, [later])
        assert project.scalar("SELECT COUNT(*) FROM documents WHERE filename = 'note.txt'") == 1
    finally:
        project.close()
