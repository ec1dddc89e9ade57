"""The lead's decisions through a .qdpx: a round trip kept the team split but lost the decisions (`team
agreement` said "decided by the lead: 0" where it said 3, and the agreed coding was back to "to decide")."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from consult_analyser.cli import main
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import agreement
from tests.conftest import SURVEY_HEADER, write_survey
from tests.test_team import N, _rows
from tests.test_team_s30 import _coded_pair

SHARED = Path("/work/shared/refi-qda")
DECIDED_AT = "decided_at"  # when: the store dates a decision when it is recorded (the import's time)


@pytest.fixture
def lead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """alice and bob double-code everything (they differ on transport and housing), merged into lena's project."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    path = tmp_path / "lead.consult"
    with Project.create(path, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", _rows(N), SURVEY_HEADER)])
        for name in ("Funding", "Schools", "Transport", "Nothing to code"):
            codebook.create_code(project, name)
        codebook.create_code(project, "Local", parent_id=codebook.find_code(project, "Funding").id)  # type: ignore[union-attr]
    _coded_pair(path, tmp_path)
    return path


def _decide(lead: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """lena decides three disagreements with `team adjudicate`: keep bob's call, applied, not applied."""
    monkeypatch.setenv("CONSULT_ANALYST", "lena")
    with Project.open(lead, readonly=True) as project:
        queue = agreement.queue(project)
    transport = [q for q in queue if q.code == "Transport"]
    funding = [q for q in queue if q.code == "Funding"]
    for item, decision in ((transport[0], ["keep", "--coder", "bob"]), (funding[0], ["applied"]),
                           (transport[1], ["not-applied", "--note", "no bus route there"])):
        assert main(["-q", "team", "adjudicate", str(lead), "--respondent", item.respondent, "--question",
                     item.question, "--code", item.code, "--decision", *decision]) == 0


def _said(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    """What `team agreement --disagreements` prints: the figures and notes, and the disagreements listed
    (one a line, with the decision on it; sorted: the listing follows the answers' internal ids)."""
    capsys.readouterr()
    assert main(["team", "agreement", str(project), "--disagreements"]) == 0
    head, _, listed = capsys.readouterr().out.partition("still to decide:")
    first, *lines = listed.splitlines()
    return head + first, sorted(lines)


def _table(project: Path, what: str, out: Path) -> list[dict[str, str]]:
    assert main(["-q", "export", str(project), str(out), "--what", what]) == 0
    with out.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _without(rows: list[dict[str, str]], column: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k != column} for row in rows]


def test_the_leads_decisions_come_back_from_a_qdpx(lead, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _decide(lead, monkeypatch)
    said = _said(lead, capsys)
    assert "decided by the lead: 3 (code applied 1; code not applied 1; one coder's call kept 1" in said[0]
    assert sum("[decided: " in line for line in said[1]) == 3
    agreed = _table(lead, "agreed", tmp_path / "agreed.csv")
    decisions = _table(lead, "decisions", tmp_path / "decisions.csv")
    assert len(decisions) == 3 and {r["decided_by"] for r in decisions} == {"lena"}
    qdpx = tmp_path / "project.qdpx"
    assert main(["-q", "export", str(lead), str(qdpx)]) == 0
    with zipfile.ZipFile(qdpx) as zf:
        qde = etree.fromstring(zf.read("project.qde"))
        side = json.loads(zf.read("consult-analyser.json"))
    if (SHARED / "Project.xsd").exists():  # the standard's own schema, where it is at hand
        schema = etree.XMLSchema(etree.parse(str(SHARED / "Project.xsd")))
        assert schema.validate(qde), schema.error_log
    assert sorted(d["decision"] for d in side["team"]["decisions"]) == ["both", "keep", "neither"]

    monkeypatch.setenv("CONSULT_ANALYST", "ingrid")  # someone else imports it
    fresh = tmp_path / "fresh.consult"
    assert main(["-q", "import", str(fresh), str(qdpx)]) == 0
    assert _said(fresh, capsys) == said  # the figures, the decisions, who decided: as the lead's project said
    with Project.open(fresh, readonly=True) as project:
        kept = {(d["decision"], d["kept_coder"], d["note"], d["decided_by"])
                for d in team_store.adjudications(project).values()}
    assert kept == {("keep", "bob", "", "lena"), ("both", "", "", "lena"), ("neither", "", "no bus route there", "lena")}
    # the agreed coding and the decisions tables read the same; when each decision was made is the import's time
    again = _table(fresh, "agreed", tmp_path / "agreed2.csv")
    assert _without(again, DECIDED_AT) == _without(agreed, DECIDED_AT)
    assert sum(1 for r in again if r["basis"] == "decided by the lead") == 3
    assert all(r[DECIDED_AT] for r in again if r["decision"])
    assert _without(_table(fresh, "decisions", tmp_path / "d2.csv"), DECIDED_AT) == _without(decisions, DECIDED_AT)


def test_a_decision_on_what_the_file_lacks_is_left_out_and_a_damaged_one_said(lead, tmp_path, monkeypatch,
                                                                             capsys) -> None:  # type: ignore[no-untyped-def]
    _decide(lead, monkeypatch)
    good = tmp_path / "good.qdpx"
    assert main(["-q", "export", str(lead), str(good)]) == 0

    def edited(name: str, change) -> Path:  # type: ignore[no-untyped-def]
        out = tmp_path / name
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as zf:
            for member in src.namelist():
                data = src.read(member)
                if member == "consult-analyser.json":
                    side = json.loads(data)
                    change(side["team"]["decisions"])
                    data = json.dumps(side).encode()
                zf.writestr(member, data)
        return out

    lacking = edited("lacking.qdpx", lambda d: d[0].update(respondent="nobody"))
    fresh = tmp_path / "fresh.consult"
    assert main(["-q", "import", str(fresh), str(lacking)]) == 0
    with Project.open(fresh, readonly=True) as project:
        assert len(team_store.adjudications(project)) == 2
    damaged = edited("damaged.qdpx", lambda d: d[0].update(decision="maybe"))
    capsys.readouterr()
    assert main(["import", str(tmp_path / "other.consult"), str(damaged)]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err and "Traceback" not in err
