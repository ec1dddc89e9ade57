"""Faults a team trial found (trial 23), one test each, on invented data: analysts named in a
published annex's notes; a code one analyst created scored for pairs who never had it; an analyst's
rename of a shared code applied silently; a split that could not be limited to a question or to
chosen analysts; ``code --add`` outside an analyst's share; a second change file summarised
cumulatively."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.cli import main
from consult_analyser.errors import ProjectError
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import agreement, changes, conflicts, merge, split
from tests.conftest import SURVEY_HEADER, write_survey
from tests.test_team import N, _alice, _code, _code_like, _open, _rows

STAFF = ("ulla", "vik", "wren")


@pytest.fixture
def lead(tmp_path):  # type: ignore[no-untyped-def]
    """The lead's project (as in test_team): a survey of N respondents and a codebook."""
    path = tmp_path / "lead.consult"
    with Project.create(path, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", _rows(N), SURVEY_HEADER)])
        for name in ("Funding", "Schools", "Transport", "Old code", "Renamed", "Nothing to code"):
            codebook.create_code(project, name)
    return path


def _split_three(lead_path: Path, out: Path, **kw) -> None:  # type: ignore[no-untyped-def]
    with _open(lead_path, "lena") as project:
        split.split(project, list(STAFF), out, overlap=1.0, seed=11, **kw)


def _cells(path: Path, sheet: str) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [str(v) for row in book[sheet].iter_rows(values_only=True) for v in row if v is not None]


def test_published_annex_and_codings_name_no_analyst_and_number_them_alike(lead, tmp_path):
    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.export.csv_export import export_csv

    out = tmp_path / "copies"
    _split_three(lead, out)
    for name in ("ulla", "vik"):  # wren has not coded yet: the note says who is still to code
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, _alice)
    with _open(lead, "lena") as project:
        codings.add_coding(project, _code(project, "Funding"),
                           project.scalar("SELECT id FROM responses WHERE trim(text) != '' LIMIT 1"))  # the lead codes too
        merge.merge(project, [out / "ulla.consult", out / "vik.consult"])
        assert agreement.agreement(project).waiting
        export_annex(project, tmp_path / "annex.xlsx", redact=True)
        export_annex(project, tmp_path / "work.xlsx", redact=False)
        export_csv(project, tmp_path / "codings.csv", "codings", redact=True)
    published = " ".join(_cells(tmp_path / "annex.xlsx", "Agreement"))
    assert "still to code" in published
    assert not [n for n in (*STAFF, "lena") if n in published.lower()], published
    # numbered as in the redacted codings CSV (where the lead's own codings count too)
    from consult_analyser.store.release import staff_pseudonyms

    with _open(lead) as project:
        names = staff_pseudonyms(project)
    numbers = {r["coder"] for r in csv.DictReader((tmp_path / "codings.csv").open(encoding="utf-8-sig"))}
    assert numbers == {names["lena"], names["ulla"], names["vik"]}
    assert f"still to code: {names['wren']}" in published
    assert f"({names['ulla']}, {names['vik']})" in published  # the coders compared, by the same numbers
    working = " ".join(_cells(tmp_path / "work.xlsx", "Agreement"))
    assert "still to code: wren" in working  # an unredacted working copy names them


def test_a_code_only_one_analyst_had_is_left_out_for_pairs_without_it(lead, tmp_path, capsys):
    out = tmp_path / "copies"
    _split_three(lead, out)
    for name in STAFF:
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, _alice)  # all three code alike: full agreement on the shared codebook
    with _open(out / "wren.consult") as wren:
        mine = codebook.create_code(wren, "Wren's own")  # created after the split: only wren has it
        for rid in team_store.assigned_answers(wren, "wren")[::2]:
            codings.add_coding(wren, mine.id, rid)
    with _open(lead, "lena") as project:
        merge.merge(project, [out / f"{n}.consult" for n in STAFF])
        report = agreement.agreement(project)
        own = _code(project, "Wren's own")
        assert set(report.excluded[own]) == {("ulla", "vik"), ("ulla", "wren"), ("vik", "wren")}
        assert own not in report.by_code()  # no pair had it both: in none of the figures
        assert report.overall.kappa == pytest.approx(1.0)  # not pulled down by a code the others never had
        assert not [d for d in report.disagreements if d.code_id == own]
        note = report.excluded_note(codebook.code_paths(project))
        assert "Wren's own" in note and "created by wren after the split" in note and "ulla and vik" in note
    capsys.readouterr()
    assert main(["team", "agreement", str(lead)]) == 0
    assert "Wren's own" in capsys.readouterr().out


def test_an_analysts_rename_of_a_shared_code_is_named_and_left_to_the_lead(lead, tmp_path, capsys):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, seed=2)
    with _open(out / "ulla.consult") as ulla:
        _code_like(ulla, _alice)
    with _open(out / "vik.consult") as vik:
        codebook.update_code(vik, _code(vik, "Funding"), name="Money")
    capsys.readouterr()
    assert main(["-q", "team", "merge", str(lead), str(out / "ulla.consult"), str(out / "vik.consult")]) == 0
    printed = capsys.readouterr().out
    assert 'vik renamed code "Funding" to "Money"' in printed and "conflict" in printed
    with _open(lead, "lena") as project:
        assert codebook.find_code(project, "Funding") is not None  # not renamed under ulla's codings
        (found,) = conflicts.open_conflicts(project)
        assert found.kind == "renamed" and "ulla" in found.summary  # whose codings it would rename
        (same,), _ = merge.merge(project, [out / "vik.consult"])  # merged again: listed already, not repeated
        assert same.conflicts == 0 and not same.notes
        conflicts.resolve(project, found.id, "analyst")
        assert codebook.find_code(project, "Money") is not None
        (again,), _ = merge.merge(project, [out / "vik.consult"])
        assert again.conflicts == 0


def test_split_limited_to_a_question_and_to_named_analysts_for_the_overlap(lead, tmp_path, capsys):
    with _open(lead) as project:
        q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
        q2_answers = project.scalar("SELECT COUNT(*) FROM responses WHERE question_id = ? AND trim(text) != ''", (q2,))
    out = tmp_path / "copies"
    assert main(["-q", "team", "split", str(lead), "--analysts", ",".join(STAFF), "--question", "Q2",
                 "--overlap", "0.4", "--overlap-between", "ulla,vik", "--seed", "3", "--out", str(out)]) == 0
    with _open(lead) as project:
        assigned = {r[0] for r in project.query("SELECT response_id FROM team_assignments")}
        assert {q for (q,) in project.query(f"SELECT DISTINCT question_id FROM responses WHERE id IN "
                                            f"({','.join('?' * len(assigned))})", sorted(assigned))} == {q2}
        assert len(assigned) == q2_answers
        double = team_store.overlap_answers(project)
        assert double and all(sorted(who) == ["ulla", "vik"] for who in double.values())
        report = agreement.agreement(project)
        assert report.assigned == len(double)  # still to code: only what was assigned
    with _open(lead, "lena") as project, pytest.raises(ProjectError, match="no question Q9"):
        split.split(project, ["x", "y"], tmp_path / "other", questions=["Q9"])
    with _open(lead, "lena") as project, pytest.raises(ProjectError, match="not among --analysts"):
        split.split(project, ["x", "y"], tmp_path / "other", overlap=0.2, overlap_between=["x", "zed"])


def test_code_add_outside_the_analysts_share_is_refused_as_import_leaves_it_out(lead, tmp_path, capsys, monkeypatch):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, seed=3)
    with _open(out / "ulla.consult") as ulla:
        other = ulla.query("SELECT p.external_id, q.key FROM team_assignments a JOIN responses r ON r.id ="
                           " a.response_id JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON"
                           " q.id = r.question_id WHERE a.analyst = 'ulla' LIMIT 1")
        mine_rid, mine_q = other[0]
    with _open(lead) as project:
        vik_rid, vik_q = project.query("SELECT p.external_id, q.key FROM team_assignments a JOIN responses r ON"
                                       " r.id = a.response_id JOIN respondents p ON p.id = r.respondent_id JOIN"
                                       " questions q ON q.id = r.question_id WHERE a.analyst = 'vik' LIMIT 1")[0]
    capsys.readouterr()
    monkeypatch.setenv("CONSULT_ANALYST", "ulla")  # ulla herself (someone else is refused in her copy)
    assert main(["code", str(out / "ulla.consult"), "--add", vik_rid, vik_q, "Funding"]) != 0
    err = capsys.readouterr().err
    assert f"{vik_rid} {vik_q}" in err and "assigned to another analyst" in err
    assert main(["code", str(out / "ulla.consult"), "--add", mine_rid, mine_q, "Funding"]) == 0
    sheet = tmp_path / "s.csv"
    sheet.write_text(f"respondent id,question,code\n{vik_rid},{vik_q},Funding\n{mine_rid},{mine_q},Schools\n",
                     encoding="utf-8")
    capsys.readouterr()
    assert main(["code", str(out / "ulla.consult"), "--import", str(sheet)]) == 0
    assert f"({vik_rid} {vik_q})" in capsys.readouterr().out  # the import names the answer it left out
    with _open(out / "ulla.consult") as ulla:
        assert ulla.scalar("SELECT COUNT(*) FROM codings") == 2


def test_a_second_change_file_says_what_it_adds(lead, tmp_path, capsys):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, seed=3)
    with _open(out / "ulla.consult") as ulla:
        made = _code_like(ulla, _alice)
    capsys.readouterr()
    assert main(["team", "changes", str(out / "ulla.consult"), str(tmp_path / "one.changes")]) == 0
    first = capsys.readouterr().out
    assert f"codings added {made:,}" in first and "since the last" not in first
    with _open(out / "ulla.consult") as ulla:
        gone = ulla.scalar("SELECT id FROM codings LIMIT 1")
        codings.remove_codings(ulla, [gone])
        rid = ulla.scalar("SELECT response_id FROM codings LIMIT 1")
        codings.add_coding(ulla, _code(ulla, "Old code"), rid)
    assert main(["team", "changes", str(out / "ulla.consult"), str(tmp_path / "two.changes")]) == 0
    second = capsys.readouterr().out
    since = second.split("since the last change file")[1].split(";")[0]
    assert "codings added 1" in since and "codings deleted 1" in since, second
    assert f"codings added {made:,}" in second  # and what the whole file holds
    assert changes.read_file(tmp_path / "two.changes").count()["codings_added"] == made
