"""Trial 49: a correction that moves respondents an analyst never touched says who and why; a rule withdrawn by the
declared labels comes back only on two agreeing corrections; ``--review`` and ``--moved`` are listings that run
nothing; "Company" in a member body's name is no company."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.cli.main import main as cli
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.sectors.declared import taxonomy_from_labels
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.moves import Move, describe_moves
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules
from consult_analyser.store import responses
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.project import Project
from tests.conftest import write_survey

# the public-body rule shown wrong by declared labels on its "Agency", "Commission" and "Regulators" (as in trial 49's
# Australian consultation), right on its "Office of", "Government" and "Ombudsman"
DECLARED = [
    ("Office of the Information Commissioner", "Government"), ("The Western Australian Government", "Government"),
    ("NSW Ombudsman", "Government"), ("Charities and Not-for-profits Commission", "NGO"),
    ("Anglican Social Responsibilities Commission", "NGO"), ("Copyright Agency", "Company"),
    ("Digital Platform Regulators Forum", "Other"),
    *[(f"Brightwater Software {i} Pty Ltd", "Company") for i in range(6)],
    *[(f"Harbour Foundation {i}", "NGO") for i in range(6)],
    *[(f"University of Kelso {i}", "University") for i in range(4)],
    *[("", "Individual") for _ in range(10)],
]
UNDECLARED = ["Guest Work Agency", "Human Rights Commission", "Digital Health Agency", "Digital Transformation Agency",
              "Department of Health and Aged Care", "Guest Work Agency"]


#: what they wrote: the companies, and the recruitment firm, of their staffing business and clients
def _said(i: int, org: str, kind: str) -> str:
    if kind == "Company" or org == "Guest Work Agency":
        return f"As a staffing and recruitment business our clients and contractors {i} need clear rules."
    return f"Our view {i} on the rules."


def _features() -> list[RespondentFeatures]:
    out = [RespondentFeatures(respondent_id=f"d{i}", name="" if org else f"Person {i}", organisation=org,
                              declared_type=kind, is_organisation=bool(org), text=_said(i, org, kind))
           for i, (org, kind) in enumerate(DECLARED)]
    out += [RespondentFeatures(respondent_id=f"u{i}", organisation=org, is_organisation=True, text=_said(i, org, ""))
            for i, org in enumerate(UNDECLARED)]
    return out


def _by_rule(results, rid: str) -> str:  # type: ignore[no-untyped-def]
    return next(r.detail for r in results if r.respondent_id == rid)


def test_one_correction_does_not_bring_back_a_generic_word_the_labels_withdrew() -> None:
    session = SectorSession(_features(), taxonomy_from_labels(["Government", "NGO", "Company", "University", "Other",
                                                               "Individual"]), seed=None)
    gov = session.taxonomy.keys[[s.label for s in session.taxonomy.sectors].index("Government")]
    first = session.run({})
    assert _by_rule(first, "u0") != "rule:other_public_body"  # "Agency" withdrawn by the declared labels
    one = session.run({"u2": gov})  # "Digital Health Agency" set to Government
    assert _by_rule(one, "u0") != "rule:other_public_body", "one correction brought 'Agency' back"
    assert _by_rule(one, "u1") != "rule:other_public_body", "nor 'Commission', which no correction spoke of"
    assert any("comes back once" in line for line in session.withdrawal_lines())
    two = session.run({"u2": gov, "u3": gov})  # two agreeing corrections: evidence enough
    assert _by_rule(two, "u0") == "rule:other_public_body"
    assert _by_rule(two, "u1") != "rule:other_public_body"


@pytest.fixture
def agencies(tmp_path: Path) -> Path:
    rows = [[f"d{i}", org, kind, _said(i, org, kind)] for i, (org, kind) in enumerate(DECLARED)]
    rows += [[f"u{i}", org, "", _said(i, org, "")] for i, org in enumerate(UNDECLARED)]
    survey = write_survey(tmp_path / "s.csv", rows, ["Id", "Organisation", "Respondent type", "Comments"])
    path = tmp_path / "p.consult"
    project = Project.create(path)
    try:
        import_files(project, [survey])
    finally:
        project.close()
    return path


def _runs(path: Path) -> int:
    with Project.open(path, readonly=True) as p:
        return int(p.scalar("SELECT COUNT(*) FROM audit WHERE action = 'classify_sectors'"))


def test_the_command_names_who_a_correction_moved_and_why(agencies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["-q", "sectors", str(agencies)]) == 0
    capsys.readouterr()
    with Project.open(agencies, readonly=True) as p:
        was = store_sectors.effective_sector(p, responses.respondent(p, "u0").id)
    assert was is not None and was.sector_key != "company"
    # the recruitment firm's second response set to Company: its first follows, and the command says so
    assert cli(["-q", "sectors", str(agencies), "--set", "u5", "Company"]) == 0
    out = capsys.readouterr().out
    assert "no analyst set changed sector in this run" in out, out
    assert (f"  u0  Guest Work Agency: {was.sector_key.capitalize()} -> Company (same organisation as one an analyst set)"
            in out), out
    moved = [line for line in out.splitlines() if ": " in line and " -> " in line]
    assert not any(line.split()[0] == "u5" for line in moved)  # the one the analyst set is no move
    runs = _runs(agencies)
    assert cli(["-q", "sectors", str(agencies), "--moved"]) == 0  # the whole list, as kept: a listing runs nothing
    assert "u0  Guest Work Agency: " in capsys.readouterr().out and _runs(agencies) == runs
    # more corrections, one changing an analyst label set before
    assert cli(["-q", "sectors", str(agencies), "--set", "u2", "Government", "--set", "u3", "Government",
                "--set", "u5", "NGO", "--set", "u0", "NGO"]) == 0
    capsys.readouterr()
    with Project.open(agencies) as p:  # the analysts' labels hold, whatever the rules and the model now say
        for external, key in (("u2", "government"), ("u3", "government"), ("u5", "ngo"), ("u0", "ngo")):
            got = store_sectors.effective_sector(p, responses.respondent(p, external).id)
            assert got is not None and (got.source.value, got.sector_key) == ("analyst", key)


def test_review_lists_without_running_the_classification(agencies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["-q", "sectors", str(agencies)]) == 0
    capsys.readouterr()
    before = _runs(agencies)
    with Project.open(agencies, readonly=True) as p:
        placed = {rid: (a.sector_key, a.source, a.confidence) for rid, a in store_sectors.effective_sectors(p).items()}
    assert cli(["-q", "sectors", str(agencies), "--review", "3"]) == 0
    out = capsys.readouterr().out
    assert "respondents classified" not in out and ("review first (3):" in out or "spot check" in out), out
    assert len([line for line in out.splitlines() if line.startswith("  ")]) == 3
    assert _runs(agencies) == before
    with Project.open(agencies, readonly=True) as p:
        assert {rid: (a.sector_key, a.source, a.confidence) for rid, a in store_sectors.effective_sectors(p).items()} == placed


def test_a_long_list_of_moves_stops_at_twenty_and_says_how_to_see_all() -> None:
    moves = [Move(f"r{i}", f"E{i}", f"Body {i}", "ngo", "government", "model retrained") for i in range(25)]
    lines = describe_moves(moves, {"ngo": "NGO", "government": "Government"}, more="`sectors p --moved`")
    assert lines[0].startswith("25 respondents no analyst set changed sector")
    assert lines[1] == "E0  Body 0: NGO -> Government (model retrained)"
    assert len(lines) == 22 and lines[-1] == "... and 5 more (`sectors p --moved` lists them all)"


@pytest.mark.parametrize("name", ["Australian Institute of Company Directors", "Association of Company Secretaries",
                                  "Company Chemists' Association", "Worshipful Company of Stationers"])
def test_company_in_a_member_bodys_name_is_no_company(name: str) -> None:
    hits = SectorRules.default().organisation_hits(RespondentFeatures(respondent_id="x", organisation=name))
    assert not any(h.sector == "business" for h in hits), hits


def test_a_company_is_still_a_company() -> None:
    hits = SectorRules.default().organisation_hits(RespondentFeatures(respondent_id="x", organisation="The Walt Disney Company"))
    assert any(h.rule == "business" for h in hits)
