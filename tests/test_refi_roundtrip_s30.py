"""REFI-QDA round trips a trial found lossy: a .qdpx lost the team split (after `import rt.consult
project.qdpx`, `team agreement` said "No double-coded answers"), and the app could not read back its own
.qdc codebook ("row 1: empty code name in path ''"; `import` said "no reader for .qdc files")."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from consult_analyser.actions.coding import ImportCodebook
from consult_analyser.cli import main
from consult_analyser.domain import Coding
from consult_analyser.export.refi_qda import export_codebook, export_qdpx
from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.refi_common import SCHEMA_DIR, TEAM_GROUP
from consult_analyser.pipeline.coding.agreement import project_agreement
from consult_analyser.store import codebook, codings, reporting
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team.split import split

SHARED = Path("/work/shared/refi-qda")
RESPONDENTS = 12


def _schema(name: str) -> etree.XMLSchema:
    folder = SHARED if (SHARED / name).exists() else SCHEMA_DIR
    return etree.XMLSchema(etree.parse(str(folder / name)))


@pytest.fixture
def lead(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A lead's project split between a1 and a2, half the respondents double-coded, both coders' codings
    merged, and a code a2 created after the split (left out of the agreement)."""
    survey = tmp_path / "survey.csv"
    rows = ["ID,Transport,Housing,Agree"] + [f"R{i},buses and trains {i},rents and homes {i},Yes"
                                             for i in range(RESPONDENTS)]
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    project = Project.create(tmp_path / "lead.consult", name="lead", actor="Lead")
    import_files(project, [survey])
    codebook.import_rows(project, [{"path": "Cost", "description": "Money", "colour": "#e15759"},
                                   {"path": "Cost > Fares"}, {"path": "Supply"}])
    split(project, ["a1", "a2"], tmp_path / "copies", overlap=0.5, seed=3)
    project.actor = "a2"
    late = codebook.create_code(project, "Late code")  # made in a2's copy after the split, merged
    project.actor = "Lead"
    codes = {c.name: c.id for c in codebook.list_codes(project)}
    items = []
    for response_id, analysts in team_store.overlap_answers(project).items():
        number = int(response_id[-1], 16)
        for analyst in analysts:
            items.append(Coding(codes["Fares"] if number % 3 else codes["Supply"], response_id, coder=analyst))
            if analyst == "a1" and number % 2:
                items.append(Coding(codes["Cost"], response_id, coder=analyst))
            if analyst == "a2":
                items.append(Coding(late.id, response_id, coder=analyst))
    codings.add_codings(project, items)
    yield project
    project.close()


def _by_answer(project: Project, ids: dict[str, list[str]] | list[str]) -> dict[str, list[str]] | set[str]:
    names = {r[0]: f"{r[1]} {r[2]}" for r in project.query(
        "SELECT r.id, p.external_id, q.key FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " JOIN questions q ON q.id = r.question_id")}
    if isinstance(ids, dict):
        return {names[k]: v for k, v in ids.items()}
    return {names[k] for k in ids}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 9)  # (a mean summed in another order)


def _figures(project: Project) -> dict:
    report = project_agreement(project)
    paths = {c.id: c.path for c in reporting.codebook(project)}
    return {"answers": report.answers, "coders": report.coders, "assigned": report.assigned,
            "overall": (report.overall.n, _r(report.overall.kappa), _r(report.overall.alpha), _r(report.overall.f1)),
            "codes": {paths[c.code_id]: (c.n, _r(c.kappa), _r(c.alpha), _r(c.percent_agreement), c.applied)
                      for c in report.codes},
            "excluded": {paths[k]: v for k, v in report.excluded.items()},
            "created_by": {paths[k]: v for k, v in report.created_by.items()},
            "disagreements": len(report.disagreements)}


def test_a_qdpx_round_trip_keeps_the_double_coding(lead, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _figures(lead)
    assert before["answers"] > 0 and before["excluded"] == {"Late code": [("a1", "a2")]}
    result = export_qdpx(lead, tmp_path / "project.qdpx")
    assert result.validated
    with zipfile.ZipFile(result.path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    assert _schema("Project.xsd").validate(root)  # standards-valid: codes of a "Team split" group
    ns = {"q": "urn:QDA-XML:project:1.0"}
    group = next(c for c in root.iterfind(".//q:CodeBook/q:Codes/q:Code", ns) if c.get("name") == TEAM_GROUP)
    assert group.get("isCodable") == "false"
    assert {c.get("name") for c in group.iterfind("q:Code", ns)} == {
        "Assigned to a1", "Assigned to a2", "Double-coded by a1", "Double-coded by a2"}
    with Project.create(tmp_path / "rt.consult", actor="Lead") as copy:
        import_files(copy, [result.path])
        assert _figures(copy) == before  # `team agreement` compares the same answers, with the same figures
        assert _by_answer(copy, team_store.overlap_answers(copy)) == _by_answer(lead, team_store.overlap_answers(lead))
        for analyst in ("a1", "a2"):
            assert _by_answer(copy, team_store.assigned_answers(copy, analyst)) == _by_answer(
                lead, team_store.assigned_answers(lead, analyst))
        assert [(p.analyst, p.assigned, p.coded, p.overlap) for p in team_store.progress(copy)] == [
            (p.analyst, p.assigned, p.coded, p.overlap) for p in team_store.progress(lead)]
        assert [m.analyst for m in team_store.members(copy)] == ["a1", "a2"]
        # the layout's codes are not the project's codes
        assert [c.path for c in reporting.codebook(copy)] == [c.path for c in reporting.codebook(lead)]


def test_an_assignment_without_a_place_in_the_text_comes_back(lead, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    choice = lead.scalar("SELECT r.id FROM responses r JOIN questions q ON q.id = r.question_id"
                         " WHERE q.key = (SELECT key FROM questions ORDER BY position DESC LIMIT 1) LIMIT 1")
    lead.conn.execute("UPDATE responses SET text = '', choice = 'Yes' WHERE id = ?", (choice,))
    team_store.set_assignments(lead, [("a1", choice, 0)])
    path = export_qdpx(lead, tmp_path / "p.qdpx").path
    with Project.create(tmp_path / "rt.consult") as copy:
        import_files(copy, [path])
        assert _by_answer(lead, [choice]) <= _by_answer(copy, team_store.assigned_answers(copy, "a1"))


def _codebook(project: Project) -> list[tuple]:
    return [(c.path, c.description, c.colour, c.depth) for c in reporting.codebook(project)]


def test_a_qdc_codebook_round_trip_is_identical(lead, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    qdc = tmp_path / "codebook.qdc"
    export_codebook(lead, qdc)
    assert _schema("Codebook.xsd").validate(etree.parse(str(qdc)))
    fresh = tmp_path / "fresh.consult"
    Project.create(fresh).close()
    assert main(["codebook", str(fresh), "--import", str(qdc)]) == 0
    assert "4 codes added" in capsys.readouterr().out
    with Project.open(fresh, readonly=True) as project:
        assert _codebook(project) == _codebook(lead)  # parents, descriptions, colours, order
    assert main(["codebook", str(fresh), "--import", str(qdc)]) == 0  # again: nothing twice
    assert "0 codes added, 0 updated" in capsys.readouterr().out
    # a .qdpx's codebook: the project's codes, not the questions or the team split of its layout
    qdpx = export_qdpx(lead, tmp_path / "p.qdpx").path
    assert [r["path"] for r in ImportCodebook.from_csv(qdpx).rows] == [c.path for c in reporting.codebook(lead)]


def test_importing_a_codebook_as_responses_says_where_it_goes(lead, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    qdc = tmp_path / "codebook.qdc"
    export_codebook(lead, qdc)
    assert main(["import", str(tmp_path / "x.consult"), str(qdc)]) == 1
    err = capsys.readouterr().err
    assert "REFI-QDA codebook" in err and "codebook" in err and "--import codebook.qdc" in err
    assert "Traceback" not in err and "no reader" not in err
    broken = tmp_path / "broken.qdc"
    broken.write_text("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>", encoding="utf-8")
    fresh = tmp_path / "fresh.consult"
    Project.create(fresh).close()
    assert main(["codebook", str(fresh), "--import", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "REFI-QDA codebook" in err and "Traceback" not in err


def test_a_damaged_team_record_is_said_not_raised(lead, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    good = export_qdpx(lead, tmp_path / "good.qdpx").path
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "consult-analyser.json":
                data = json.dumps({**json.loads(data), "team": ["not", "a", "record"]}).encode()
            out.writestr(name, data)
    fresh = tmp_path / "fresh.consult"
    Project.create(fresh).close()
    assert main(["codebook", str(fresh), "--import", str(bad)]) == 1
    assert main(["import", str(tmp_path / "x.consult"), str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("is damaged") == 2 and "Traceback" not in err
