"""Trial 42's team faults: work in another analyst's copy recorded under their name unawares (MAJOR 1);
the lead's decisions changing almost nothing and not exportable (MAJOR 3); a rename conflict said three
ways by merge order (MINOR 5); no way to add an analyst or move a leaving one's answers (MINOR 6)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from consult_analyser.cli import main
from consult_analyser.errors import ProjectError
from consult_analyser.export.annex_agreement import write_agreement
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings, identity
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import agreement, conflicts, merge, owner, reassign, split
from tests.conftest import SURVEY_HEADER, write_survey
from tests.test_team import N, _alice, _bob, _code, _code_like, _open, _rows


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    path = tmp_path / "lead.consult"
    with Project.create(path, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", _rows(N), SURVEY_HEADER)])
        for name in ("Funding", "Schools", "Transport", "Nothing to code"):
            codebook.create_code(project, name)
        codebook.create_code(project, "Local", parent_id=_code(project, "Funding"))
    return path


@pytest.fixture
def be(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Who the person at the keyboard says they are (whoami's settings file, their own); no
    CONSULT_ANALYST or CONSULT_ROLE in the environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONSULT_ANALYST", raising=False)
    monkeypatch.delenv("CONSULT_ROLE", raising=False)

    def say(name: str, role: str = "analyst") -> None:
        identity.save_settings(name, role)

    return say


def _answers(project: Project, analyst: str) -> list[tuple[str, str]]:
    """(respondent id as imported, question key) of an analyst's answers, in survey order."""
    return [(r[0], r[1]) for r in project.query(
        "SELECT p.external_id, q.key FROM team_assignments a JOIN responses r ON r.id = a.response_id JOIN respondents"
        " p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id WHERE a.analyst = ? ORDER BY r.seq",
        (analyst,))]


def _merged(lead: Path, out: Path) -> None:
    with _open(lead, "lena") as project:
        project.identity = identity.Identity("lena", "lead")
        merge.merge(project, [out / "alice.consult", out / "bob.consult"])


def _coded_pair(lead: Path, tmp_path: Path) -> Path:
    """alice and bob double-code everything (bob differs on transport and housing); both merged."""
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=1.0, seed=3)
    for name, rule in (("alice", _alice), ("bob", _bob)):
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, rule)
    _merged(lead, out)
    return out


# ------------------------------------------------------------------------------------------------ MAJOR 1


def test_someone_else_is_refused_in_an_analysts_copy_until_they_choose_and_the_journal_names_them(
        lead, tmp_path, be, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=1.0, seed=3)
    copy = out / "alice.consult"
    with _open(copy) as c:
        (r1, q1), (r2, q2), (r3, q3) = _answers(c, "alice")[:3]
    capsys.readouterr()
    be("bob")  # bob opened alice's copy (the wrong attachment)
    assert main(["code", str(copy), "--add", r1, q1, "Funding"]) == 1
    err = capsys.readouterr().err
    assert "this copy belongs to alice; you are bob (analyst)" in err and "Open your own copy" in err
    assert f"whoami --project {copy} --as-copy-owner" in err and "Nothing was changed" in err
    be("Lena Lead", "lead")  # the lead too
    assert main(["codebook", str(copy), "--rename", "Schools", "Education"]) == 1
    assert "you are Lena Lead (lead)" in capsys.readouterr().err
    with _open(copy) as c:
        assert c.scalar("SELECT COUNT(*) FROM codings") == 0 and codebook.find_code(c, "Education") is None
    # reading, and the lead merging it, are never asked about
    assert main(["-q", "export", str(copy), str(tmp_path / "x.csv"), "--what", "codings"]) == 0
    assert main(["team", "status", str(copy)]) == 0
    assert main(["-q", "team", "merge", str(lead), str(copy)]) == 0
    # alice herself, and someone who never said who they are (the login name, a guess), write as before
    be("alice")
    assert main(["code", str(copy), "--add", r1, q1, "Funding"]) == 0
    (Path(identity.settings_path())).unlink()
    assert identity.current().source == "login"
    assert main(["code", str(copy), "--add", r2, q2, "Schools"]) == 0
    # bob chooses to work in it as alice: his name goes in its journal, the codings are alice's
    be("bob")
    capsys.readouterr()
    assert main(["whoami", "--project", str(copy)]) == 0
    assert "writing in it is refused" in capsys.readouterr().out
    assert main(["whoami", "--project", str(copy), "--as-copy-owner"]) == 0
    assert "work in" in capsys.readouterr().out
    assert main(["code", str(copy), "--add", r3, q3, "Transport"]) == 0
    with _open(copy) as c:
        assert {r[0] for r in c.query("SELECT coder FROM codings")} == {"alice"}
        acted = [tuple(r) for r in c.query("SELECT actor, action FROM audit WHERE actor = 'bob' ORDER BY seq")]
        assert acted == [("bob", owner.ALLOWED_ACTION), ("bob", owner.SESSION_ACTION)]
    # the lead sees it when the copy is merged
    be("Lena Lead", "lead")
    capsys.readouterr()
    assert main(["-q", "team", "merge", str(lead), str(copy)]) == 0
    assert "bob worked in alice's copy as alice (1 session)" in capsys.readouterr().out
    with _open(lead) as project:
        assert project.scalar("SELECT COUNT(*) FROM audit WHERE actor = 'bob' AND action = ?",
                              (owner.SESSION_ACTION,)) == 1


def test_an_identity_set_in_the_environment_counts_too(lead, tmp_path, be, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, seed=3)
        (rid, q), = _answers(project, "alice")[:1]
    monkeypatch.setenv("CONSULT_ANALYST", "bob")
    assert main(["code", str(out / "alice.consult"), "--add", rid, q, "Funding"]) == 1
    assert "you are bob (analyst)" in capsys.readouterr().err
    monkeypatch.setenv("CONSULT_ANALYST", "Alice")  # the copy's analyst, in another case
    assert main(["code", str(out / "alice.consult"), "--add", rid, q, "Funding"]) == 0


# ------------------------------------------------------------------------------------------------ MAJOR 3


def _rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_decisions_make_an_agreed_coding_and_keep_each_coders_blind_coding(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    _coded_pair(lead, tmp_path)
    with _open(lead, "lena") as project:
        project.identity = identity.Identity("lena", "lead")
        before = sorted(tuple(r) for r in project.query("SELECT id, coder, code_id, response_id FROM codings"))
        report = agreement.agreement(project)
        queue = agreement.queue(project, report)
        transport = [q for q in queue if q.code == "Transport"]  # alice applied it, bob did not
        funding = [q for q in queue if q.code == "Funding"]  # bob applied it (housing), alice did not
        assert len(transport) >= 3 and len(funding) >= 2
        agreement.adjudicate(project, transport[0].response_id, transport[0].code_id, "keep", coder="bob")
        agreement.adjudicate(project, transport[1].response_id, transport[1].code_id, "keep", coder="alice")
        agreement.adjudicate(project, funding[0].response_id, funding[0].code_id, "applied")
        agreement.adjudicate(project, transport[2].response_id, transport[2].code_id, "not-applied", note="no bus")
        agreement.adjudicate(project, funding[1].response_id, funding[1].code_id, "neither")  # the older name
        # no coder's coding changed; the figures are still the blind coding's
        after = sorted(tuple(r) for r in project.query("SELECT id, coder, code_id, response_id FROM codings"))
        assert after == before
        assert agreement.agreement(project).overall.kappa == pytest.approx(report.overall.kappa)
        units = {(u.response_id, u.code_id): u for u in agreement.agreed_coding(project)}

        def held(item: agreement.QueueItem) -> str:
            return units[(item.response_id, item.code_id)].applied

        assert [held(transport[0]), held(transport[1]), held(funding[0]), held(transport[2]), held(funding[1])] == \
            ["no", "yes", "yes", "no", "no"]
        assert {held(q) for q in queue[5:] if not q.decision and q not in transport[:3] + funding[:2]} == {"to decide"}
        schools = _code(project, "Schools")
        both = [u for u in units.values() if u.code_id == schools]
        assert both and {(u.applied, u.basis) for u in both} == {("yes", "agreement")}  # agreed, undecided
        said = agreement.decisions_note(agreement.agreement(project), team_store.adjudications(project))
        assert "decided by the lead: 5 (code applied 1; code not applied 2; one coder's call kept 2 (so applied 1," \
               " not applied 1))" in said
    # the agreed coding and the decisions, as tables
    assert main(["-q", "export", str(lead), str(tmp_path / "agreed.csv"), "--what", "agreed"]) == 0
    assert main(["-q", "export", str(lead), str(tmp_path / "decisions.csv"), "--what", "decisions"]) == 0
    agreed = _rows_of(tmp_path / "agreed.csv")
    assert {r["basis"] for r in agreed} >= {"agreement", "decided by the lead", "disagreement"}
    decided = [r for r in agreed if r["basis"] == "decided by the lead"]
    assert len(decided) == 5 and {r["decided_by"] for r in decided} == {"lena"}
    assert sorted(r["decision"] for r in decided) == ["applied", "keep alice's call", "keep bob's call",
                                                      "not applied", "not applied"]
    decisions = _rows_of(tmp_path / "decisions.csv")
    assert len(decisions) == 5 and sorted(r["agreed"] for r in decisions) == ["no", "no", "no", "yes", "yes"]
    row = next(r for r in decisions if r["note"] == "no bus")
    assert (row["code_path"], row["coders_applied"], row["coders_not_applied"], row["decision"]) == \
        ("Transport", "alice", "bob", "not applied")
    # published: no member of staff named
    assert main(["-q", "export", str(lead), str(tmp_path / "pub.csv"), "--what", "decisions", "--redact"]) == 0
    text = (tmp_path / "pub.csv").read_text(encoding="utf-8-sig")
    assert "alice" not in text and "bob" not in text and "lena" not in text and "Analyst 1" in text
    # the annex's Agreement sheet says how many were decided, and how
    workbook = Workbook()
    with _open(lead) as project:
        write_agreement(workbook, "Agreement", project, agreement.agreement(project), set())
    cells = " ".join(str(c.value) for row_ in workbook["Agreement"].iter_rows() for c in row_ if c.value)
    assert "decided by the lead: 5 (code applied 1; code not applied 2" in cells and "blind coding" in cells


def test_adjudicate_says_what_each_decision_does(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["team", "adjudicate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in ("keep --coder X the code applies, or not, as the coder named", "applied the code applies to this "
                  "answer", "not-applied the code does not apply to this answer", "Neither coder's own coding changes",
                  "--what agreed"):
        assert words in text, words
    _coded_pair(lead, tmp_path)
    with _open(lead) as project:
        item = next(q for q in agreement.queue(project) if q.code == "Transport")
    capsys.readouterr()
    assert main(["team", "adjudicate", str(lead), "--respondent", item.respondent, "--question", item.question,
                 "--code", "Transport", "--decision", "keep", "--coder", "bob"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"recorded: keep bob's call on {item.respondent} {item.question}; the agreed coding does not apply the code "
        "(alice applied it; bob did not; their codings are kept as made)")
    assert main(["team", "agreement", str(lead), "--disagreements"]) == 0
    printed = capsys.readouterr().out
    assert "[decided: keep bob's call: not applied, by tester]" in printed and "still to decide:" in printed


def test_codings_an_earlier_version_set_aside_come_back_with_the_next_decision(lead, tmp_path):  # type: ignore[no-untyped-def]
    """Before, "neither" (and "keep" the coder who did not apply it) moved the other's coding out of the codings
    table: the first decision after the update puts them back; the earlier decision still holds."""
    _coded_pair(lead, tmp_path)
    with _open(lead, "lena") as project:
        project.identity = identity.Identity("lena", "lead")
        first, second = [q for q in agreement.queue(project) if q.code == "Transport"][:2]
        coding = project.query("SELECT * FROM codings WHERE response_id = ? AND code_id = ?",
                               (first.response_id, first.code_id))[0]
        with project.transaction() as conn:  # as the earlier version decided "neither"
            conn.execute("INSERT INTO team_adjudications(id, response_id, code_id, decision, kept_coder, note,"
                         " decided_by, decided_at) VALUES ('old', ?, ?, 'neither', '', '', 'lena', '2026-01-01')",
                         (first.response_id, first.code_id))
            conn.execute('INSERT INTO team_set_aside(id, adjudication_id, code_id, response_id, start, "end", coder,'
                         " source, confidence, created_at) SELECT id, 'old', code_id, response_id, start, \"end\", coder,"
                         " source, confidence, created_at FROM codings WHERE id = ?", (coding["id"],))
            conn.execute("DELETE FROM codings WHERE id = ?", (coding["id"],))
        assert agreement.agreed_coding(project)  # read before: the set-aside coding still counts as blind coding
        agreement.adjudicate(project, second.response_id, second.code_id, "applied")
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE id = ?", (coding["id"],)) == 1
        assert project.scalar("SELECT COUNT(*) FROM team_set_aside") == 0
        units = {(u.response_id, u.code_id): u for u in agreement.agreed_coding(project)}
        assert units[(first.response_id, first.code_id)].applied == "no"  # the earlier decision stands


# ------------------------------------------------------------------------------------------------ MINOR 5


def test_a_rename_conflict_reads_the_same_whichever_copy_was_merged_first(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, overlap=1.0, seed=2)
    with _open(out / "ulla.consult") as ulla:
        made = _code_like(ulla, lambda text: ["Funding"] if "funding" in text else [])
        local = _code(ulla, "Local")
        for rid in team_store.assigned_answers(ulla, "ulla")[:3]:
            codings.add_coding(ulla, local, rid)
    with _open(out / "vik.consult") as vik:
        mine = team_store.assigned_answers(vik, "vik")[:2]
        for rid in mine:
            codings.add_coding(vik, _code(vik, "Funding"), rid)
        codebook.update_code(vik, _code(vik, "Funding"), name="Money")
    said = []
    for order in (("ulla", "vik"), ("vik", "ulla")):
        target = tmp_path / f"lead_{order[0]}.consult"
        target.write_bytes(lead.read_bytes())
        for name in order:  # one merge after the other
            assert main(["-q", "team", "merge", str(target), str(out / f"{name}.consult")]) == 0
        capsys.readouterr()
        assert main(["team", "conflicts", str(target)]) == 0
        said.append(capsys.readouterr().out.split("  ", 1)[1])
    assert said[0] == said[1]
    assert (f"Now {made + 5} codings" in said[0] and f"on the code itself ulla {made}, vik 2; on its 1 sub-code ulla 3"
            in said[0]), said[0]
    with _open(tmp_path / "lead_vik.consult") as project:
        (found,) = conflicts.open_conflicts(project)
        breakdown = conflicts.usage_breakdown(team_store.code_usage(project, found.key))
    capsys.readouterr()
    assert main(["team", "resolve", str(tmp_path / "lead_vik.consult"), found.id[:8], "lead"]) == 0
    assert breakdown in capsys.readouterr().out


# ------------------------------------------------------------------------------------------------ MINOR 6


def _half_coded(lead: Path, tmp_path: Path, overlap: float = 0.0) -> Path:
    """alice and bob, each with about half the answers; each codes the first third of theirs; merged."""
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=overlap, seed=3)
    for name in ("alice", "bob"):
        with _open(out / f"{name}.consult") as copy:
            mine = team_store.assigned_answers(copy, name)
            for rid in mine[:len(mine) // 3]:
                codings.add_coding(copy, _code(copy, "Funding"), rid)
    _merged(lead, out)
    return out


def test_a_split_project_refuses_a_second_split_of_everyone_and_says_how_to_add_an_analyst(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    _half_coded(lead, tmp_path)
    assert main(["-q", "team", "split", str(lead), "--analysts", "alice,bob,carol", "--out", str(tmp_path / "c2")]) == 1
    err = capsys.readouterr().err
    assert "team split --add NAME --share" in err and "team reassign --from" in err


def test_an_analyst_added_later_takes_a_share_of_what_is_left_to_code(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    _half_coded(lead, tmp_path)
    with _open(lead) as project:
        left = {a: {r for r, _res, _f in team_store.uncoded_assignments(project, a)} for a in ("alice", "bob")}
        coded = {a: set(team_store.assigned_answers(project, a)) - left[a] for a in ("alice", "bob")}
    new = tmp_path / "new"
    new.mkdir()
    assert main(["-q", "team", "split", str(lead), "--add", "carol", "--share", "0.5", "--seed", "4",
                 "--out", str(new)]) == 0
    printed = capsys.readouterr().out
    assert "carol takes" in printed and "carol.consult" in printed and "Tell alice and bob not to code them" in printed
    with _open(lead) as project:
        carol = set(team_store.assigned_answers(project, "carol"))
        assert carol and carol <= left["alice"] | left["bob"]  # only what was still to code
        for a in ("alice", "bob"):
            now = set(team_store.assigned_answers(project, a))
            assert coded[a] <= now and not now & carol and now | (carol & left[a]) == coded[a] | left[a]
            assert team_store.reassigned_from(project, a) == carol & left[a]
        assert not team_store.overlap_answers(project)  # nothing double-coded by this
    with _open(new / "carol.consult") as copy:
        assert copy.identity.name == "carol" and set(team_store.assigned_answers(copy, "carol")) == carol
    listed = _rows_of(new / "alice_reassigned.csv")
    assert listed and set(listed[0]) == {"respondent_id", "question"}
    # refused where it cannot be done
    with _open(lead, "lena") as project:
        with pytest.raises(ProjectError, match="in the team already"):
            reassign.add_analyst(project, "Carol", tmp_path / "x", share=0.2)
        with pytest.raises(ProjectError, match="say what dan takes"):
            reassign.add_analyst(project, "dan", tmp_path / "x")
        with pytest.raises(ProjectError, match="between 0 and 1"):
            reassign.add_analyst(project, "dan", tmp_path / "x", share=1.5)
    with _open(new / "carol.consult") as copy, pytest.raises(ProjectError, match="an analyst's copy"):
        reassign.add_analyst(copy, "dan", tmp_path / "x", share=0.2)
    with _open(tmp_path / "copies" / "alice.consult") as copy, pytest.raises(ProjectError):
        reassign.reassign(copy, "alice", "dan", tmp_path / "x")


def test_an_analyst_added_to_double_code_codes_blind(lead, tmp_path):  # type: ignore[no-untyped-def]
    _half_coded(lead, tmp_path)
    with _open(lead, "lena") as project:
        result = reassign.add_analyst(project, "carol", tmp_path / "new", overlap=0.5, seed=1)
        double = team_store.overlap_answers(project)
        assert double and set(double) == set(team_store.assigned_answers(project, "carol"))
        assert all(len(who) == 2 and "carol" in who for who in double.values())
        theirs = {r[0] for r in project.query("SELECT response_id FROM codings WHERE coder != 'carol'")} & set(double)
        assert theirs  # some of them alice or bob coded already
    with _open(result.files["carol"]) as copy:  # blind: none of their codings on carol's answers
        assert not copy.scalar(f"SELECT COUNT(*) FROM codings WHERE response_id IN ({','.join('?' * len(double))})",
                               sorted(double))
        for rid in team_store.assigned_answers(copy, "carol"):
            codings.add_coding(copy, _code(copy, "Funding"), rid)
    with _open(lead, "lena") as project:
        project.identity = identity.Identity("lena", "lead")
        merge.merge(project, [result.files["carol"]])
        report = agreement.agreement(project)
        assert "carol" in report.coders and report.answers == len(theirs)


def test_a_leaving_analysts_answers_still_to_code_go_to_another(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = _half_coded(lead, tmp_path)
    with _open(lead) as project:
        left = [r for r, _res, _f in team_store.uncoded_assignments(project, "bob")]
        alice_before = set(team_store.assigned_answers(project, "alice"))
    assert main(["-q", "team", "reassign", str(lead), "--from", "bob", "--to", "alice", "--out",
                 str(tmp_path / "again")]) == 0
    printed = capsys.readouterr().out
    assert f"{len(left)} of bob's answers still to code now go to alice" in printed
    with _open(lead) as project:
        assert set(team_store.assigned_answers(project, "alice")) == alice_before | set(left)
        assert not team_store.uncoded_assignments(project, "bob")
    with _open(tmp_path / "again" / "alice.consult") as copy:
        assert set(team_store.assigned_answers(copy, "alice")) == alice_before | set(left)
    assert main(["-q", "team", "reassign", str(lead), "--from", "bob", "--to", "carol", "--out",
                 str(tmp_path / "third")]) == 1
    assert "nothing to reassign" in capsys.readouterr().err
    assert main(["-q", "team", "reassign", str(lead), "--from", "zed", "--to", "carol", "--out",
                 str(tmp_path / "third")]) == 1
    assert "zed is not in the team" in capsys.readouterr().err
    # bob codes one of them anyway in his old copy: merged as his, and the merge says so
    with _open(out / "bob.consult") as bob:
        codings.add_coding(bob, _code(bob, "Schools"), left[0])
    with _open(lead, "lena") as project:
        project.identity = identity.Identity("lena", "lead")
        (res,), _ = merge.merge(project, [out / "bob.consult"])
        assert any("bob coded 1 answer(s) given to another analyst since" in n for n in res.notes), res.notes
