"""Team work end to end: split -> code in analysts' copies -> merge -> agreement -> adjudicate,
with the store checked after each step; merging twice; tampered and foreign files; SIGKILL."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from consult_analyser.cli import main
from consult_analyser.errors import ProjectError
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.coding import agreement as agreement_core
from consult_analyser.store import codebook, codings, memos, sectors, theme_edits, themes
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import agreement, changes, conflicts, merge, split
from tests.conftest import REPO, SURVEY_HEADER, write_survey

N = 30


def _rows(n: int) -> list[list[str]]:
    words = ["funding", "schools", "transport", "housing", "language", "jobs"]
    return [[f"R-{i:03d}", "01/05/2018 10:00", "Individual", "", "", "", "", "London", "Agree",
             f"Answer {i} about {words[i % 6]} and {words[(i * 7) % 6]}.", f"More {words[(i + 2) % 6]} please {i}.",
             "Yes"] for i in range(n)]


@pytest.fixture
def lead(tmp_path):
    path = tmp_path / "lead.consult"
    with Project.create(path, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", _rows(N), SURVEY_HEADER)])
        for name in ("Funding", "Schools", "Transport", "Old code", "Renamed", "Nothing to code"):
            codebook.create_code(project, name)
        q2 = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
        theme = theme_edits.create_theme(project, q2, "Local services")
        project.set_meta("test_theme", theme.id)
    return path


def _open(path: Path, actor: str | None = None) -> Project:
    return Project.open(path, actor=actor)


def _code(project: Project, name: str) -> str:
    code = codebook.find_code(project, name)
    assert code is not None, name
    return code.id


def _code_like(project: Project, rule) -> int:  # type: ignore[no-untyped-def]
    """Code each assigned answer with the codes ``rule(index, text)`` names."""
    mine = team_store.assigned_answers(project, project.actor)
    texts = dict(project.query("SELECT id, text FROM responses"))
    made = 0
    for rid in mine:
        for name in rule(texts[rid]):
            codings.add_coding(project, _code(project, name), rid)
            made += 1
    return made


def _alice(text: str) -> list[str]:
    codes = [n for n, w in (("Funding", "funding"), ("Schools", "schools"), ("Transport", "transport")) if w in text]
    return codes or ["Nothing to code"]  # a coder records that nothing applies, or the answer waits


def _bob(text: str) -> list[str]:  # agrees with alice except on transport, and codes housing as funding
    codes = [n for n, w in (("Funding", "funding"), ("Schools", "schools"), ("Funding", "housing")) if w in text]
    return codes or ["Nothing to code"]


def test_split_code_merge_agreement_adjudicate(lead, tmp_path):
    out = tmp_path / "copies"
    # ---------------------------------------------------------------- split
    with _open(lead, "lena") as project:
        result = split.split(project, ["alice", "bob"], out, overlap=1.0, seed=3)
        answers = project.scalar("SELECT COUNT(*) FROM responses WHERE trim(text) != ''")
        assert result.assigned == {"alice": answers, "bob": answers}  # overlap 1.0: everything twice
        assert {m.analyst for m in team_store.members(project)} == {"alice", "bob"}
        assert len(team_store.overlap_answers(project)) == answers
        consultation = team_store.consultation_id(project)
    for name in ("alice", "bob"):
        with _open(out / f"{name}.consult") as copy:
            assert copy.actor == name and copy.identity.source == "copy" and copy.identity.role == "analyst"
            assert team_store.consultation_id(copy) == consultation
            assert {p.analyst for p in team_store.progress(copy)} == {name}  # only their own assignment
            assert copy.scalar("SELECT COUNT(*) FROM team_base") > 0

    # ------------------------------------------------------- code in the copies
    with _open(out / "alice.consult") as alice:
        made_alice = _code_like(alice, _alice)
        codebook.update_code(alice, _code(alice, "Renamed"), name="Renamed by alice")
        codebook.delete_codes(alice, [_code(alice, "Old code")])
        first = team_store.assigned_answers(alice, "alice")[0]
        memos.add_memo(alice, "response", first, "alice's note")
        codebook.create_code(alice, "Shared new")
    with _open(out / "bob.consult") as bob:
        made_bob = _code_like(bob, _bob)
        codebook.update_code(bob, _code(bob, "Renamed"), name="Renamed by bob")
        some = team_store.assigned_answers(bob, "bob")[:2]
        codings.add_coding(bob, _code(bob, "Old code"), some[0])
        codings.add_coding(bob, _code(bob, "Old code"), some[1])
        respondent = bob.scalar("SELECT respondent_id FROM responses WHERE id = ?", (some[0],))
        sectors.set_analyst_sector(bob, respondent, "local_authority")
        shared = codebook.create_code(bob, "Shared new")
        codings.add_coding(bob, shared.id, some[0])
        theme_edits.update_theme(bob, bob.get_meta("test_theme"), label="Local services (bob)")
    with _open(lead, "lena") as project:  # the lead signs the theme off meanwhile
        theme_edits.sign_off(project, [project.get_meta("test_theme")])

    # --------------------------------------------------------------- merge alice
    with _open(lead, "lena") as project:
        (res,), _ = merge.merge(project, [out / "alice.consult"])
        assert res.counts["codings_added"] == made_alice and res.conflicts == 1
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'alice'") == made_alice
        # an analyst's rename of a shared code is named and left to the lead, never applied silently
        assert codebook.find_code(project, "Renamed by alice") is None
        assert any('alice renamed code "Renamed" to "Renamed by alice"' in n for n in res.notes), res.notes
        (renamed,) = conflicts.open_conflicts(project)
        assert renamed.kind == "renamed" and "alice" in renamed.summary
        conflicts.resolve(project, renamed.id, "analyst")
        assert codebook.find_code(project, "Renamed by alice") is not None
        assert codebook.find_code(project, "Old code") is None  # deleted by alice, unused here
        (memo,) = memos.list_memos(project, "response")
        assert memo.author == "alice" and memo.text == "alice's note"
        assert len(team_store.merges(project)) == 1

    # ----------------------------------------------------------------- merge bob
    with _open(lead, "lena") as project:
        (res,), _ = merge.merge(project, [out / "bob.consult"])
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'bob'") == made_bob + 1  # + "Shared new"
        assert res.counts["codes_matched_by_name"] == 1  # "Shared new" made in both copies is one code
        assert project.scalar("SELECT COUNT(*) FROM codes WHERE name = 'Shared new'") == 1
        assert sectors.analyst_sector(project, respondent).sector_key == "local_authority"
        assert sectors.analyst_sector(project, respondent).created_by == "bob"
        kinds = sorted(c.kind for c in conflicts.open_conflicts(project))
        assert kinds == ["renamed_twice", "signed_off_edited", "used_deleted"]
        theme = themes.get_theme(project, project.get_meta("test_theme"))
        assert theme.label == "Local services" and theme.status.value == "signed_off"  # never silently
        # the analysts' actions arrive in the audit log with their author and time
        actions = {r[0] for r in project.query("SELECT action FROM audit WHERE actor = 'bob'")}
        assert {"set_sector", "add_coding"} <= actions and any("theme" in a for a in actions), actions

    # ---------------------------------------------------- merging again adds nothing
    with _open(lead, "lena") as project:
        before = {t: project.scalar(f"SELECT COUNT(*) FROM {t}") for t in
                  ("codings", "codes", "memos", "sector_assignments", "themes", "team_conflicts")}
        before["audit"] = project.scalar("SELECT COUNT(*) FROM audit WHERE action != 'team_merge'")
        results, _ = merge.merge(project, [out / "alice.consult", out / "bob.consult"])
        assert all(r.added_nothing and r.conflicts == 0 for r in results), [r.counts for r in results]
        after = {t: project.scalar(f"SELECT COUNT(*) FROM {t}") for t in before if t != "audit"}
        after["audit"] = project.scalar("SELECT COUNT(*) FROM audit WHERE action != 'team_merge'")
        assert after == before

    # ---------------------------------------------------------------- resolve
    with _open(lead, "lena") as project:
        by_kind = {c.kind: c for c in conflicts.open_conflicts(project)}
        conflicts.resolve(project, by_kind["renamed_twice"].id, "analyst")
        assert codebook.find_code(project, "Renamed by bob") is not None
        conflicts.resolve(project, by_kind["used_deleted"].id, "analyst")
        old = _code(project, "Old code")
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE code_id = ? AND coder = 'bob'", (old,)) == 2
        conflicts.resolve(project, by_kind["signed_off_edited"].id, "lead")
        assert themes.get_theme(project, project.get_meta("test_theme")).status.value == "signed_off"
        assert not conflicts.open_conflicts(project)
        with pytest.raises(ProjectError):
            conflicts.resolve(project, by_kind["renamed_twice"].id, "lead")
        resolved = team_store.conflicts(project)
        assert {c.resolved_by for c in resolved} == {"lena"}

    # -------------------------------------------------------------- agreement
    with _open(lead, "lena") as project:
        report = agreement.agreement(project)
        got = {(r, c, w) for r, c, w in project.query("SELECT response_id, code_id, coder FROM codings")}
        # compared: the double-coded answers both analysts have coded; the rest wait for them
        both = {rid for rid in team_store.overlap_answers(project)
                if all(any(r == rid and w == who for r, _c, w in got) for who in ("alice", "bob"))}
        assert report.coders == ["alice", "bob"] and report.assigned == answers and report.answers == len(both)
        assert report.answers + sum(report.waiting.values()) >= answers
        frame: dict[str, set[str]] = {}
        qof = dict(project.query("SELECT id, question_id FROM responses"))
        for rid, code, _w in got:
            if rid in both:
                frame.setdefault(qof[rid], set()).add(code)
        units = sorted((rid, code) for rid in both for code in frame.get(qof[rid], ()))
        a = np.array([(r, c, "alice") in got for r, c in units], dtype=int)
        b = np.array([(r, c, "bob") in got for r, c in units], dtype=int)
        assert report.overall.n == len(units)
        assert report.overall.kappa == pytest.approx(cohen_kappa_score(a, b))
        assert report.overall.percent_agreement == pytest.approx(float((a == b).mean()))
        transport = report.by_code()[_code(project, "Transport")]
        assert transport.f1 == 0.0 and transport.applied > 0  # only alice uses it
        schools = report.by_code()[_code(project, "Schools")]
        assert schools.kappa == pytest.approx(1.0) and schools.alpha == pytest.approx(1.0)
        csv_out = tmp_path / "agreement.csv"
        agreement.write_csv(project, report, csv_out)
        lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].startswith("code,n,kappa,alpha,percent_agreement,f1") and lines[-1].startswith("(overall)")

    # -------------------------------------------------------------- adjudicate
    with _open(lead, "lena") as project:
        queue = agreement.queue(project)
        item = next(q for q in queue if q.code == "Transport")
        assert item.applied_by == ["alice"] and item.not_applied_by == ["bob"]
        kappa_before = agreement.agreement(project).overall.kappa
        agreement.adjudicate(project, item.response_id, item.code_id, "keep", coder="bob")
        # a decision keeps each coder's own coding as made: it says what the agreed coding holds
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE response_id = ? AND code_id = ?",
                              (item.response_id, item.code_id)) == 1
        assert agreement.outcome(project, item.response_id, item.code_id).applied == "no"
        decided = team_store.adjudications(project)[(item.response_id, item.code_id)]
        assert decided["decision"] == "keep" and decided["kept_coder"] == "bob" and decided["decided_by"] == "lena"
        assert agreement.agreement(project).overall.kappa == pytest.approx(kappa_before)  # on the blind coding
        agreement.adjudicate(project, item.response_id, item.code_id, "both")  # changes its mind
        assert agreement.outcome(project, item.response_id, item.code_id).applied == "yes"
        agreed = next(c for c in codebook.list_codes(project) if c.name == "Schools")
        agreed_on = next(r for r, c, w in project.query("SELECT response_id, code_id, coder FROM codings")
                         if c == agreed.id and w == "alice")
        with pytest.raises(ProjectError, match="do not disagree"):  # agreed already: nothing to decide
            agreement.adjudicate(project, agreed_on, agreed.id, "neither")
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE response_id = ? AND code_id = ? AND coder = 'alice'",
                              (item.response_id, item.code_id)) == 1
        other = next(q for q in queue if q is not item)
        agreement.adjudicate(project, other.response_id, other.code_id, "neither")
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE response_id = ? AND code_id = ?",
                              (other.response_id, other.code_id)) == 1
        assert agreement.outcome(project, other.response_id, other.code_id).applied == "no"
        assert len(agreement.queue(project, open_only=True)) == len(queue) - 2


def test_change_files_tampered_and_foreign(lead, tmp_path):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=0.2, seed=1)
    with _open(out / "alice.consult") as alice:
        made = _code_like(alice, _alice)
    good = changes.write_file(changes.from_copy(out / "alice.consult"), tmp_path / "alice.changes")
    # an edited payload no longer matches its checksum
    envelope = json.loads(gzip.decompress(good.read_bytes()))
    envelope["payload"]["tables"]["codings"]["added"][0]["coder"] = "mallory"
    edited = tmp_path / "edited.changes"
    edited.write_bytes(gzip.compress(json.dumps(envelope).encode()))
    # a damaged file (bytes flipped in the middle)
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.changes"
    damaged.write_bytes(bytes(data))
    # a copy of another consultation
    other_path = tmp_path / "other.consult"
    with Project.create(other_path) as other:
        import_files(other, [write_survey(tmp_path / "s2.csv", _rows(5), SURVEY_HEADER)])
        split.split(other, ["alice"], tmp_path / "other_copies")
    with _open(lead, "lena") as project:
        for bad, words in ((edited, "checksum"), (damaged, "damaged"),
                           (tmp_path / "other_copies" / "alice.consult", "another consultation")):
            with pytest.raises(ProjectError, match=words):
                merge.merge(project, [good, bad])  # all or nothing: the good file is not merged either
            assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'alice'") == 0
            assert not team_store.merges(project)
        # edited by hand with its checksum made again, rows not as a copy writes them: said as malformed (a hostile-
        # input trial's gave "Unexpected problem ... KeyError ('key')"), nothing merged
        loaded = changes.read_file(good)
        loaded.tables["codings"]["deleted"] = [{"not": "a key"}]
        forged = changes.write_file(loaded, tmp_path / "forged.changes")
        with pytest.raises(ProjectError, match="forged.changes is malformed"):
            merge.merge(project, [forged])
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'alice'") == 0
        (res,), _ = merge.merge(project, [good])
        assert res.counts["codings_added"] == made
        (again,), _ = merge.merge(project, [out / "alice.consult"])  # the copy itself after its change file
        assert again.added_nothing


def test_sigkill_during_merge_leaves_all_or_nothing(lead, tmp_path):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=0.5, seed=2)
    for name, rule in (("alice", _alice), ("bob", _bob)):
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, rule)
    script = textwrap.dedent(f"""
        import sys, time
        from consult_analyser.store import team
        from consult_analyser.store.project import Project
        from consult_analyser.team import merge
        real = team.record_merge
        def slow(project, *args, **kwargs):
            result = real(project, *args, **kwargs)
            print("inside", flush=True)
            time.sleep(60)
            return result
        team.record_merge = slow
        with Project.open({str(lead)!r}) as project:
            merge.merge(project, [{str(out / 'alice.consult')!r}, {str(out / 'bob.consult')!r}])
    """)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout.readline().strip() == "inside"  # alice merged, bob not yet: uncommitted
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with _open(lead, "lena") as project:
        assert project.scalar("PRAGMA integrity_check") == "ok"
        assert project.scalar("SELECT COUNT(*) FROM codings") == 0
        assert not team_store.merges(project)
        results, _ = merge.merge(project, [out / "alice.consult", out / "bob.consult"])
        assert all(r.counts["codings_added"] for r in results)


def test_cli_split_merge_agreement_whoami(lead, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONSULT_ANALYST", raising=False)
    assert main(["whoami", "--name", "Lena Lead", "--role", "lead"]) == 0
    assert "Lena Lead (lead)" in capsys.readouterr().out
    out = tmp_path / "copies"
    assert main(["-q", "team", "split", str(lead), "--analysts", "alice,bob", "--overlap", "1.0", "--seed", "5",
                 "--out", str(out)]) == 0
    assert "alice:" in capsys.readouterr().out
    assert main(["whoami", "--project", str(out / "bob.consult")]) == 0
    assert "bob (analyst)  [from copy]" in capsys.readouterr().out
    for name, rule in (("alice", _alice), ("bob", _bob)):
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, rule)
    assert main(["team", "changes", str(out / "bob.consult"), str(tmp_path / "bob.changes")]) == 0
    assert main(["-q", "team", "merge", str(lead), str(out / "alice.consult"), str(tmp_path / "bob.changes")]) == 0
    text = capsys.readouterr().out
    assert "codings added" in text
    with _open(lead) as project:
        assert project.identity.name == "Lena Lead" and project.identity.is_lead
        assert team_store.merges(project)[0]["merged_by"] == "Lena Lead"
    csv_out = tmp_path / "a.csv"
    assert main(["team", "agreement", str(lead), "--csv", str(csv_out), "--disagreements"]) == 0
    text = capsys.readouterr().out
    assert "(overall)" in text and "Transport: yes alice; no bob" in text
    assert main(["team", "status", str(lead)]) == 0
    assert "alice" in capsys.readouterr().out
    assert main(["team", "status", str(out / "alice.consult")]) == 0  # an analyst sees their own progress
    assert "alice's copy:" in capsys.readouterr().out
    assert main(["team", "merge", str(lead), str(tmp_path / "missing.consult")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_kappa_formula_matches_scikit_learn():
    from consult_analyser.pipeline.coding.agreement import cohen_kappa

    rng = np.random.default_rng(0)
    for n in (1, 2, 5, 40, 300):
        for p in (0.0, 0.05, 0.5, 1.0):
            a = (rng.random(n) < p).astype(int)
            b = np.where(rng.random(n) < 0.8, a, 1 - a)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # scikit-learn warns where kappa is undefined (one value only)
                expected = cohen_kappa_score(a, b, labels=[0, 1])
            got = cohen_kappa(a, b)
            assert (got is None) == bool(np.isnan(expected)) and (got is None or got == pytest.approx(expected))


def test_annex_has_an_agreement_sheet(lead, tmp_path):
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex

    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=1.0, seed=4)
    for name, rule in (("alice", _alice), ("bob", _bob)):
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, rule)
    with _open(lead, "lena") as project:
        merge.merge(project, [out / "alice.consult", out / "bob.consult"])
        report = agreement.agreement(project)
        result = export_annex(project, tmp_path / "annex.xlsx", redact=False)
    assert "Agreement" in result.sheets
    sheet = load_workbook(tmp_path / "annex.xlsx", read_only=True)["Agreement"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] is not None]
    assert ("Overall kappa", pytest.approx(report.overall.kappa)) == rows[4][:2]
    overall = next(r for r in rows if r[0] == "(overall)")
    assert overall[1] == report.overall.n and overall[2] == pytest.approx(report.overall.kappa)


def test_split_by_question_and_overlap_plan():
    candidates = [(f"a{r}-{q}", f"r{r}", f"q{q}") for r in range(100) for q in range(4)]
    rows = split.plan(candidates, ["x", "y", "z"], overlap=0.2, by="question", seed=1)
    owners: dict[str, set[str]] = {}
    for analyst, answer, shared in rows:
        if not shared:
            owners.setdefault(answer.split("-")[1], set()).add(analyst)
    assert all(len(v) == 1 for v in owners.values())  # each question's single-coded answers: one analyst
    per_answer: dict[str, list[str]] = {}
    for analyst, answer, _shared in rows:
        per_answer.setdefault(answer, []).append(analyst)
    doubled = {a for a, who in per_answer.items() if len(who) == 2}
    assert {a.split("-")[0][1:] for a in doubled} and len(doubled) == 20 * 4  # 20% of respondents, every answer
    assert all(len(set(who)) == len(who) for who in per_answer.values())  # never the same analyst twice
    assert set(per_answer) == {c[0] for c in candidates}
    balanced = split.plan(candidates, ["x", "y"], by="respondent", seed=2)
    counts = {n: sum(1 for r in balanced if r[0] == n) for n in ("x", "y")}
    assert counts == {"x": 200, "y": 200}


def test_deleted_code_used_elsewhere_is_a_conflict_either_order(lead, tmp_path):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, seed=3)
    with _open(out / "alice.consult") as alice, pytest.raises(ProjectError, match="an analyst's copy"):
        merge.merge(alice, [out / "bob.consult"])  # only into the lead's project
    with _open(out / "bob.consult") as bob:  # bob uses "Old code"
        rid = team_store.assigned_answers(bob, "bob")[0]
        codings.add_coding(bob, _code(bob, "Old code"), rid)
    with _open(out / "alice.consult") as alice:  # alice deletes it
        codebook.delete_codes(alice, [_code(alice, "Old code")])
    with _open(lead, "lena") as project:
        merge.merge(project, [out / "bob.consult"])
        (res,), _ = merge.merge(project, [out / "alice.consult"])
        (conflict,) = conflicts.open_conflicts(project)
        assert conflict.kind == "deleted_used" and "bob (1)" in conflict.summary
        assert codebook.find_code(project, "Old code") is not None  # nothing decided silently
        codings.add_coding(project, _code(project, "Old code"), rid, coder="carol")  # used here since the merge
        assert conflicts.impact(project, conflict.id, "analyst") == "this removes the code and its 2 codings " \
                                                                    "(bob 1, carol 1)"
        assert conflicts.impact(project, conflict.id, "lead") == ""
        conflicts.resolve(project, conflict.id, "analyst")  # the lead agrees with alice: the code goes
        assert codebook.find_code(project, "Old code") is None
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'bob'") == 0
        assert project.scalar("SELECT COUNT(*) FROM audit WHERE action = 'team_resolve'") == 1


def test_theme_changes_in_a_copy_arrive(lead, tmp_path):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice"], out)
        theme_id = project.get_meta("test_theme")
    with _open(out / "alice.consult") as alice:
        answers = team_store.assigned_answers(alice, "alice")
        q2 = alice.scalar("SELECT id FROM questions WHERE key = 'Q2'")
        mine = [r for r in answers if alice.scalar("SELECT question_id FROM responses WHERE id = ?", (r,)) == q2][:3]
        theme_edits.assign(alice, theme_id, mine)
        child = theme_edits.create_theme(alice, q2, "Libraries", parent_id=theme_id, response_ids=mine[:1])
    with _open(lead, "lena") as project:
        (res,), _ = merge.merge(project, [out / "alice.consult"])
        assert set(themes.answer_ids(project, theme_id)) >= set(mine)
        assert themes.get_theme(project, child.id).parent_id == theme_id
        assert res.counts["theme_assignments_added"] == 4 and res.counts["themes_added"] == 1


def test_field_by_field_merge_of_a_code_edited_on_both_sides(lead, tmp_path):
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out)
    with _open(out / "alice.consult") as alice:
        codebook.update_code(alice, _code(alice, "Funding"), name="Money")
        codebook.delete_codes(alice, [_code(alice, "Schools")])  # its later siblings move up a place
    with _open(out / "bob.consult") as bob:
        codebook.update_code(bob, _code(bob, "Transport"), description="Buses and trains")
    with _open(lead, "lena") as project:
        codebook.update_code(project, _code(project, "Funding"), colour="#123456")
        results, _ = merge.merge(project, [out / "alice.consult", out / "bob.consult"])
        # alice's rename is the lead's to decide; the rest merges field by field
        (renamed,) = conflicts.open_conflicts(project)
        assert renamed.kind == "renamed"
        assert codebook.find_code(project, "Money") is None
        conflicts.resolve(project, renamed.id, "analyst")
        money = codebook.get_code(project, _code(project, "Money"))
        assert money.colour == "#123456"  # the lead's recolouring and alice's rename both stand
        assert codebook.get_code(project, _code(project, "Transport")).description == "Buses and trains"
        assert codebook.find_code(project, "Schools") is None


def test_identity_precedence(tmp_path, monkeypatch):
    from consult_analyser.store import identity

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONSULT_ANALYST", raising=False)
    monkeypatch.delenv("CONSULT_ROLE", raising=False)
    assert identity.current().source == "login"
    identity.save_settings("  Lena   Ortiz ", "lead")
    assert identity.current() == identity.Identity("Lena Ortiz", "lead", "settings")
    monkeypatch.setenv("CONSULT_ROLE", "analyst")  # the environment overrides the settings file
    assert identity.current() == identity.Identity("Lena Ortiz", "analyst", "environment")
    stamp = identity.copy_identity_value("alice", "analyst")  # an analyst's copy overrides both
    assert identity.current(stamp) == identity.Identity("alice", "analyst", "copy")
    with pytest.raises(ValueError, match="role"):
        identity.save_settings("x", "boss")
    with pytest.raises(ValueError, match="name"):
        identity.save_settings("  ", "lead")
    identity.settings_path().write_text("{not json", encoding="utf-8")  # a damaged file is ignored
    monkeypatch.delenv("CONSULT_ROLE")
    assert identity.current().source == "login"


def test_only_a_lead_resolves_adjudicates_or_merges(project):  # type: ignore[no-untyped-def]
    from consult_analyser.errors import NotALead
    from consult_analyser.store.identity import Identity
    from consult_analyser.team.agreement import adjudicate
    from consult_analyser.team.conflicts import resolve

    project.identity = Identity("bob", "analyst")
    with pytest.raises(NotALead, match="team lead"):
        resolve(project, "any", "lead")
    with pytest.raises(NotALead, match="team lead"):
        adjudicate(project, "any", "any", "both")


def test_a_copys_later_removals_arrive_and_the_leads_decisions_stand(lead, tmp_path):
    """An analyst removes codings after a first merge: the next merge removes them here too; the
    lead's decision stands when the copy is merged again; an older change file than the one merged
    is refused; codings a copy records for another coder are not merged."""
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=1.0, seed=3)
    with _open(out / "alice.consult") as alice:
        made = _code_like(alice, _alice)
    first = changes.write_file(changes.from_copy(out / "alice.consult"), tmp_path / "alice_1.changes")
    with _open(lead, "lena") as project:
        merge.merge(project, [first])
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'alice'") == made
    with _open(out / "alice.consult") as alice:  # alice takes three codings back
        gone = [r[0] for r in alice.query("SELECT id FROM codings WHERE coder = 'alice' ORDER BY id LIMIT 3")]
        codings.remove_codings(alice, gone)
        other = alice.scalar("SELECT id FROM responses WHERE trim(text) != '' LIMIT 1")
        codings.add_coding(alice, _code(alice, "Schools"), other, coder="bob")  # typed in under bob's name
    second = changes.write_file(changes.from_copy(out / "alice.consult"), tmp_path / "alice_2.changes")
    with _open(lead, "lena") as project:
        (res,), _ = merge.merge(project, [second])
        assert res.counts.get("codings_deleted") == 3
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'alice'") == made - 3
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE coder = 'bob'") == 0
        assert res.notes and "another coder (bob): not merged" in res.notes[0]
        with pytest.raises(ProjectError, match="older than the copy of alice merged before"):
            merge.merge(project, [first])
    with _open(out / "bob.consult") as bob:
        _code_like(bob, _bob)
    with _open(lead, "lena") as project:
        merge.merge(project, [out / "bob.consult"])
        # the lead decides against one of alice's codings; merging her copy again does not change the decision
        item = next(q for q in agreement.queue(project) if q.applied_by == ["alice"])
        response_id, code_id = item.response_id, item.code_id
        coding_id = project.scalar("SELECT id FROM codings WHERE coder = 'alice' AND response_id = ? AND code_id = ?",
                                   (response_id, code_id))
        agreement.adjudicate(project, response_id, code_id, "neither")
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE id = ?", (coding_id,)) == 1  # her own, as made
        merge.merge(project, [out / "alice.consult"])
        assert project.scalar("SELECT COUNT(*) FROM codings WHERE id = ?", (coding_id,)) == 1
        assert agreement.outcome(project, response_id, code_id).applied == "no"


def test_accepting_suggestions_in_a_copy_keeps_to_the_analysts_own_answers(lead, tmp_path):
    """Bulk acceptance in alice's copy codes only her answers that are not double-coded: bob's are
    his work, and double-coded answers are coded blind."""
    from consult_analyser.actions.coding import AcceptSuggestions
    from consult_analyser.store import suggestions

    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=0.3, seed=3)
    with _open(out / "alice.consult") as alice:
        funding = _code(alice, "Funding")
        by_question: dict[str, list[tuple[str, str, float]]] = {}
        for rid, qid in alice.query("SELECT id, question_id FROM responses WHERE trim(text) != ''"):
            by_question.setdefault(qid, []).append((rid, funding, 0.9))
        for qid, items in by_question.items():
            suggestions.replace_pending(alice, qid, items, "test-model")
        mine = set(team_store.assigned_answers(alice, "alice")) - set(team_store.overlap_answers(alice))
        accept = AcceptSuggestions.above(alice, 0.5)
        assert accept.pairs and {rid for rid, _ in accept.pairs} == mine
        accept.apply(alice)
    # what she accepted in bulk ("model, accepted by alice (in bulk, at 50% or more)") is her work: merged (a team
    # trial's merge left 227 such codings out as "another coder's")
    with _open(lead, "lena") as project:
        result = merge.merge(project, [out / "alice.consult"])
        merged = {r[0] for r in project.query("SELECT response_id FROM codings WHERE coder LIKE 'model, accepted by alice%'")}
        assert merged == mine, result
        # and count in her progress
        assert {p.analyst: p.coded for p in team_store.progress(project)}["alice"] == len(mine)


def test_agreement_leaves_out_answers_an_analyst_has_not_coded_yet(lead, tmp_path):
    """An answer a coder has not coded is waiting, not a judgement that nothing applies: the figures
    compare only answers both coded, and say how many are left out and whose."""
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=1.0, seed=3)
    with _open(out / "alice.consult") as alice:
        _code_like(alice, _alice)
    with _open(lead, "lena") as project:
        merge.merge(project, [out / "alice.consult"])  # bob's copy not merged yet
        report = agreement.agreement(project)
        assert report.answers == 0 and report.assigned > 0 and set(report.waiting) == {"bob"}, report.waiting
        assert "still to code: bob" in report.waiting_note()
        rid, code = project.query("SELECT response_id, code_id FROM codings WHERE coder = 'alice' LIMIT 1")[0]
        with pytest.raises(ProjectError, match="not compared yet: bob has not coded it"):
            agreement.adjudicate(project, rid, code, "keep", coder="alice")
    with _open(out / "bob.consult") as bob:
        _code_like(bob, _bob)
    with _open(lead, "lena") as project:
        merge.merge(project, [out / "bob.consult"])
        report = agreement.agreement(project)
        assert report.answers > 0 and report.answers + sum(report.waiting.values()) >= report.assigned
        assert report.overall.kappa is not None


def test_agreement_compares_only_answers_both_coders_coded():
    both = {"r1": ("q", ["ann", "ben"]), "r2": ("q", ["ann", "ben"]), "r3": ("q", ["ann", "ben"])}
    codings = [("r1", "a", "ann"), ("r1", "a", "ben"), ("r2", "b", "ann"), ("r2", "b", "ben"),
               ("r3", "a", "ann")]  # ben has not coded r3 yet
    report = agreement_core.compute(both, codings)
    assert report.answers == 2 and report.assigned == 3 and report.waiting == {"ben": 1}
    assert report.overall.kappa == 1.0 and report.overall.f1 == 1.0
    assert "1 of the 3 answers" in report.waiting_note()


def test_a_second_split_shares_out_only_what_no_analyst_has(lead, tmp_path):
    """Adding an analyst later does not give them every answer again (each answer then counted
    as double-coded, with kappa 0 for every pair with the newcomer)."""
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], tmp_path / "one", overlap=0.3, seed=3)
        double = len(team_store.overlap_answers(project))
        with pytest.raises(ProjectError, match="every answer is already assigned"):
            split.split(project, ["dave"], tmp_path / "two")
        assert len(team_store.overlap_answers(project)) == double
        import_files(project, [write_survey(tmp_path / "wave2.csv", [[f"W-{i:03d}", *r[1:]] for i, r in
                                                                      enumerate(_rows(6))], SURVEY_HEADER)])
        result = split.split(project, ["dave"], tmp_path / "three")
        assert "only the" in result.note and result.assigned["dave"] == project.scalar(
            "SELECT COUNT(*) FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            " WHERE p.external_id LIKE 'W-%' AND trim(r.text) != ''")
        assert len(team_store.overlap_answers(project)) == double


def test_a_copy_lists_its_answers_and_imports_codings_only_on_them(lead, tmp_path, capsys, monkeypatch):
    """An analyst who imports a coding sheet of every answer gets only their share: merged, codings
    on another analyst's answers would count as that share's work."""
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=0.0, seed=3)
    listed = tmp_path / "mine.csv"
    assert main(["team", "status", str(out / "alice.consult"), "--list", str(listed)]) == 0
    rows = listed.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "respondent_id,question,double_coded,coded" and len(rows) > 1
    with _open(lead) as project:
        every = project.query("SELECT p.external_id, q.key FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                              " JOIN questions q ON q.id = r.question_id WHERE trim(r.text) != ''")
    sheet = tmp_path / "all.csv"
    sheet.write_text("respondent id,question,code\n" + "".join(f"{r},{q},Funding\n" for r, q in every),
                     encoding="utf-8")
    capsys.readouterr()
    monkeypatch.setenv("CONSULT_ANALYST", "alice")  # alice herself (someone else is refused in her copy)
    assert main(["code", str(out / "alice.consult"), "--import", str(sheet)]) == 0
    text = capsys.readouterr().out
    assert f"imported {len(rows) - 1:,} codings" in text and "assigned to other analysts were not imported" in text
    with _open(out / "alice.consult") as alice:
        mine = set(team_store.assigned_answers(alice, "alice"))
        coded = {r[0] for r in alice.query("SELECT response_id FROM codings")}
        assert coded == mine


def test_a_publication_choice_set_in_an_analysts_copy_reaches_the_lead(lead, tmp_path):
    """A respondent asks an analyst to be anonymous: the choice set in the copy is merged (from the
    copy and from a change file), the later of the analyst's and the lead's choices holds."""
    from consult_analyser.store import consent

    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["alice", "bob"], out, overlap=0.5, seed=3)
        first, second = [r[0] for r in project.query("SELECT id FROM respondents ORDER BY seq LIMIT 2")]
    with _open(out / "alice.consult") as alice:
        consent.set_choices(alice, [first], consent.Publication.ANONYMOUS, "phoned: asked not to be named")
    with _open(out / "bob.consult") as bob:
        consent.set_choices(bob, [second], consent.Publication.NOT_FOR_PUBLICATION, "e-mail of 3 May")
    with _open(lead, "lena") as project:  # the lead decides on the second respondent after bob did
        consent.set_choices(project, [second], consent.Publication.PUBLIC, "called back: happy to be published")
    change_file = changes.write_file(changes.from_copy(out / "bob.consult"), tmp_path / "bob.changes")
    with _open(lead, "lena") as project:
        (res,), _ = merge.merge(project, [out / "alice.consult"])
        assert res.counts.get("publication_choices") == 1
        chosen = consent.record(project, first)
        assert (chosen.publication, chosen.set_by, chosen.reason) == ("anonymous", "alice", "phoned: asked not to be named")
        (res,), _ = merge.merge(project, [change_file])
        assert not res.counts.get("publication_choices")  # the lead's later choice holds
        assert consent.record(project, second).publication == "public"


def test_a_copy_that_cannot_be_opened_where_it_lies_is_not_called_damaged(tmp_path, monkeypatch):
    """A hostile-input trial's good analyst's copy on a read-only drive was said to be damaged ("Ask for a fresh
    copy"): SQLite could not open it there."""
    from consult_analyser.store import team_rows

    copy = tmp_path / "alice.consult"
    copy.write_bytes(b"SQLite format 3\x00" + bytes(100))
    monkeypatch.setattr(team_rows, "integrity_problem", lambda _path: "unable to open database file")
    with pytest.raises(ProjectError, match="cannot be opened where it is") as info:
        changes.from_copy(copy)
    assert "damaged" not in str(info.value)
