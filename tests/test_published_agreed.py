"""Every published count of codes after double coding is the agreed coding's: a code counts once on an
answer however many coders applied it, an answer x code the lead decided out is counted nowhere (the
annex's Codebook, Cover and framework matrix, its coded excerpts, the CSV codebook and codings), and
what is still to be decided is counted as coded and said to be; a project without double coding is
counted exactly as before, without the agreed coding being worked out at all."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from consult_analyser.cli import main
from consult_analyser.export import published_coding as published_module
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings
from consult_analyser.store.codings import BY_PEOPLE
from consult_analyser.store.project import Project
from tests.conftest import SURVEY_HEADER, write_survey
from tests.test_team import _rows

CODES = ("Funding", "Schools", "Transport")
A, B, C = CODES
#: (coder, respondent, question) -> the codes they apply to that answer, in their blind copies
BLIND = {
    ("alice", "R-000", "Q1"): [A], ("bob", "R-000", "Q1"): [A],          # both apply A: one coding, agreed
    ("alice", "R-001", "Q1"): [A, B], ("bob", "R-001", "Q1"): [A],       # B: alice alone; decided "not-applied"
    ("alice", "R-002", "Q1"): [C], ("bob", "R-002", "Q1"): [C, B],       # B: bob alone; never decided
    ("alice", "R-003", "Q1"): [A], ("bob", "R-003", "Q1"): [A, C],       # C: bob alone; "keep" alice's call
    ("alice", "R-004", "Q1"): [B],                                       # bob has not coded it yet: waiting
}


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    path = tmp_path / "lead.consult"
    with Project.create(path, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", _rows(8), SURVEY_HEADER)])
        for name in CODES:
            codebook.create_code(project, name)
    return path


def _as(monkeypatch: pytest.MonkeyPatch, name: str, role: str) -> None:
    monkeypatch.setenv("CONSULT_ANALYST", name)
    monkeypatch.setenv("CONSULT_ROLE", role)


def _double_coded(lead: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Split for double coding, each analyst codes blind in their copy, the lead merges: as the CLI does."""
    out = tmp_path / "copies"
    assert main(["-q", "team", "split", str(lead), "--analysts", "alice,bob", "--overlap", "1", "--seed", "3",
                 "--out", str(out)]) == 0
    for (coder, respondent, question), codes in BLIND.items():
        _as(monkeypatch, coder, "analyst")
        for code in codes:
            assert main(["-q", "code", str(out / f"{coder}.consult"), "--add", respondent, question, code]) == 0
    _as(monkeypatch, "lena", "lead")
    assert main(["-q", "team", "merge", str(lead), str(out / "alice.consult"), str(out / "bob.consult")]) == 0


def _decide(lead: Path, respondent: str, code: str, decision: str, *extra: str) -> None:
    assert main(["-q", "team", "adjudicate", str(lead), "--respondent", respondent, "--question", "Q1", "--code", code,
                 "--decision", decision, *extra]) == 0


def _annex(lead: Path, path: Path, *redact: str) -> dict[str, list[tuple[Any, ...]]]:
    assert main(["-q", "export", str(lead), str(path), "--small-counts", "0", *(redact or ("--no-redact",))]) == 0
    book = load_workbook(path, read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _table(rows: list[tuple[Any, ...]], first: str) -> list[dict[str, Any]]:
    """The rows of a sheet's table whose header starts with ``first``, by column name."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first)
    header = rows[start]
    out = []
    for r in rows[start + 1:]:
        if not r or r[0] is None:
            break
        out.append(dict(zip(header, r, strict=False)))
    return out


def _codebook(book: dict[str, list[tuple[Any, ...]]]) -> dict[str, tuple[int, int]]:
    return {r["Code"]: (r["Codings"], r["Respondents"]) for r in _table(book["Codebook"], "Code")}


def _matrix(book: dict[str, list[tuple[Any, ...]]]) -> dict[str, dict[str, int]]:
    return {r["Respondent"]: {c: r[c] for c in CODES} for r in _table(book["Framework matrix"], "Respondent")}


def _pairs(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """A sheet's label: value pairs (the Cover's counts)."""
    return {r[0]: r[1] for r in rows if len(r) > 1 and isinstance(r[0], str)}


def _notes(book: dict[str, list[tuple[Any, ...]]], sheet: str) -> str:
    return " ".join(str(v) for r in book[sheet] for v in r if isinstance(v, str))


def _csv(lead: Path, path: Path, what: str, *redact: str) -> list[dict[str, str]]:
    assert main(["-q", "export", str(lead), str(path), "--what", what, *redact]) == 0
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_published_counts_are_the_agreed_codings(lead, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    _double_coded(lead, tmp_path, monkeypatch)

    # before any decision: both coders applied A to R-000's answer, and it counts once
    before = _annex(lead, tmp_path / "before.xlsx")
    assert _codebook(before)[A] == (3, 3)  # one coding each, not two
    assert _codebook(before)[B] == (3, 3)  # every coder's B still counts: nothing decided yet
    assert _codebook(before)[C] == (2, 2)  # R-002 (both coders: once) and R-003 (bob)
    assert "4 codings still to be decided are counted as coded" in _notes(before, "Cover")
    excerpts = _table(before["Coded excerpts"], "Respondent")
    assert [(r["Code"], r["Coder"]) for r in excerpts if r["Respondent"] == "R-000"] == [(A, "alice; bob")]

    # the lead decides: B on R-001 (alice alone) not applied; C on R-003 (bob alone): keep alice's call (no)
    _decide(lead, "R-001", B, "not-applied")
    _decide(lead, "R-003", C, "keep", "--coder", "alice")

    after = _annex(lead, tmp_path / "after.xlsx")
    counts = _codebook(after)
    assert counts == {A: (3, 3), B: (2, 2), C: (1, 1)}
    matrix = _matrix(after)
    assert matrix["R-001"][B] == 0 and matrix["R-003"][C] == 0  # decided out
    assert matrix["R-002"][B] == 1 and matrix["R-004"][B] == 1  # still to decide, and waiting for bob: counted
    assert matrix["R-000"][A] == 1 and matrix["R-002"][C] == 1
    # the Codebook's counts, the matrix's columns and the Cover's total tell the same story
    assert {c: sum(row[c] for row in matrix.values()) for c in CODES} == {c: n[1] for c, n in counts.items()}
    cover = _pairs(after["Cover"])
    assert cover["Codings by analysts (made, imported or accepted)"] == 6
    # the notes say what is counted, and how many are still to be decided
    said = _notes(after, "Cover")
    assert "the counts of codes are those of the agreed coding" in said and "(2 answers x codes left out)" in said
    assert "2 codings still to be decided are counted as coded" in said
    for sheet in ("Codebook", "Framework matrix", "Coded excerpts"):
        assert "2 codings still to be decided are counted as coded" in _notes(after, sheet), sheet
    assert "are not listed" in _notes(after, "Coded excerpts")
    listed = {(r["Respondent"], r["Code"]) for r in _table(after["Coded excerpts"], "Respondent")}
    assert ("R-001", B) not in listed and ("R-003", C) not in listed and ("R-002", B) in listed
    # the Agreement sheet is still the blind coding's
    assert "decided by the lead: 2" in _notes(after, "Agreement")

    # a published (redacted) annex: the same counts, and no coder named where two coded a passage alike
    published = _annex(lead, tmp_path / "published.xlsx", "--redact")
    assert _codebook(published) == counts
    coders = {r["Coder"] for r in _table(published["Coded excerpts"], "Respondent")}
    assert coders == {"an analyst"}

    # the CSV exports: the codebook counts alike; the codings listing leaves the decided-out units out
    table = {r["code_path"]: (int(r["codings"]), int(r["respondents"])) for r in _csv(lead, tmp_path / "cb.csv", "codebook")}
    assert table == counts
    rows = _csv(lead, tmp_path / "codings.csv", "codings")
    pairs = {(r["respondent_id"], r["code_path"]) for r in rows}
    assert ("R-001", B) not in pairs and ("R-003", C) not in pairs and ("R-002", B) in pairs
    assert sorted(r["coder"] for r in rows if (r["respondent_id"], r["code_path"]) == ("R-000", A)) == ["alice", "bob"]
    # ... and the coders' calls on them are still in the agreed coding's table
    agreed = {(r["respondent_id"], r["code_path"]): r["applied"] for r in _csv(lead, tmp_path / "agreed.csv", "agreed")}
    assert agreed[("R-001", B)] == "no" and agreed[("R-003", C)] == "no" and agreed[("R-002", B)] == "to decide"
    assert agreed[("R-004", B)] == "waiting"


def test_the_agreed_coding_is_worked_out_once_per_annex(lead, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    _double_coded(lead, tmp_path, monkeypatch)
    calls = []
    real = published_module.agreed_coding

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(published_module, "agreed_coding", counted)
    _annex(lead, tmp_path / "annex.xlsx")
    assert len(calls) == 1


def _single_coded(lead: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A team without double coding (each answer one analyst's), the lead's two passages of one code on
    one answer and a model's coding: every coding counts, as always."""
    out = tmp_path / "copies"
    assert main(["-q", "team", "split", str(lead), "--analysts", "alice,bob", "--seed", "3", "--out", str(out)]) == 0
    for coder in ("alice", "bob"):
        with Project.open(out / f"{coder}.consult", actor=coder) as copy:
            mine = copy.query("SELECT r.id FROM team_assignments a JOIN responses r ON r.id = a.response_id"
                              " WHERE a.analyst = ? ORDER BY r.seq LIMIT 3", (coder,))
            for i, (rid,) in enumerate(mine):
                codings.add_coding(copy, codebook.find_code(copy, CODES[i]).id, rid)  # type: ignore[union-attr]
    _as(monkeypatch, "lena", "lead")
    assert main(["-q", "team", "merge", str(lead), str(out / "alice.consult"), str(out / "bob.consult")]) == 0
    with Project.open(lead, actor="lena") as project:
        rid = project.scalar("SELECT id FROM responses WHERE trim(text) != '' ORDER BY seq LIMIT 1")
        schools = codebook.find_code(project, B).id  # type: ignore[union-attr]
        codings.add_coding(project, schools, rid, 0, 3)
        codings.add_coding(project, schools, rid, 4, 8)
        codings.add_coding(project, codebook.find_code(project, C).id, rid, source="model",  # type: ignore[union-attr]
                           coder="theme model", confidence=0.7)


def test_a_project_without_double_coding_is_counted_as_before(lead, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    _single_coded(lead, tmp_path, monkeypatch)

    def never(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the agreed coding was worked out for a project without double coding")

    monkeypatch.setattr(published_module, "agreed_coding", never)
    monkeypatch.setattr(published_module, "project_agreement", never)
    with Project.open(lead, readonly=True) as project:
        # the figures as the store always gave them: every coding, distinct respondents
        expected = {r[0]: (r[1], r[2]) for r in project.query(
            "SELECT c.name, COUNT(*), COUNT(DISTINCT r.respondent_id) FROM codings g JOIN codes c ON c.id = g.code_id"
            " JOIN responses r ON r.id = g.response_id GROUP BY c.name")}
        every = sorted((r[0], r[1], r[2]) for r in project.query(
            "SELECT p.external_id, c.name, g.coder FROM codings g JOIN codes c ON c.id = g.code_id"
            " JOIN responses r ON r.id = g.response_id JOIN respondents p ON p.id = r.respondent_id"))
        by_people = project.scalar(f"SELECT COUNT(*) FROM codings WHERE {BY_PEOPLE}")
        assert published_module.published_coding(project) is published_module.PLAIN
        # the lead's two passages of one code on one answer: two codings, as always
        assert project.scalar("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM codings GROUP BY response_id, code_id)") == 2
    book = _annex(lead, tmp_path / "annex.xlsx")
    assert _codebook(book) == expected
    assert sorted((r["Respondent"], r["Code"], r["Coder"]) for r in _table(book["Coded excerpts"], "Respondent")) \
        == every
    cover = _pairs(book["Cover"])
    assert cover["Codings by analysts (made, imported or accepted)"] == by_people
    assert not any("agreed coding" in _notes(book, s) for s in book)
    table = {r["code_path"]: (int(r["codings"]), int(r["respondents"])) for r in _csv(lead, tmp_path / "cb.csv", "codebook")}
    assert table == expected
    rows = _csv(lead, tmp_path / "codings.csv", "codings")
    assert sorted((r["respondent_id"], r["code_path"], r["coder"]) for r in rows) == every
