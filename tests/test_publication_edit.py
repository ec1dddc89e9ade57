"""An analyst changes respondents' publication choices (a request made after the consultation closed, a
letter marked confidential, a consent column read wrongly): one undoable operation, recorded with
who, when and why, kept beside the consent cell as written; the command line runs the same
operation, older projects upgrade, and the exports honour a change at once."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from consult_analyser.actions.consent import SetPublication, parse_choice
from consult_analyser.cli import main
from consult_analyser.domain import Publication
from consult_analyser.export.annex_xlsx import export_annex
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import consent
from consult_analyser.store.project import Project
from consult_analyser.store.schema import SCHEMA_VERSION

# Invented respondents: a public organisation, an anonymous person, one not to be published, one
# whose consent cell reads as no clear choice, and one who left it empty.
HEADER = ["Id", "User type", "Organisation name", "First name", "Surname", "Publication privacy settings", "Feedback"]
ROWS = [
    ["K1", "Company/business organisation", "Ziegelwerk Morvenhall GmbH", "Edda", "Morvenhall", "Public",
     "Ziegelwerk Morvenhall supports longer warranties on roof tiles; Edda Morvenhall signed this answer."],
    ["K2", "EU citizen", "", "Jonte", "Brackwil", "Anonymous", "Longer warranties would help tenants like me."],
    ["K3", "Business association", "Verband Flintor", "Sigrun", "Aldemoor", "Not for publication",
     "Our members' private sales figures show warranty claims fall by half."],
    ["K4", "EU citizen", "", "Wendel", "Querrin", "Open", "Warranties are fine as they are."],
    ["K5", "EU citizen", "", "Ottilie", "Farnweg", "", "Roof tiles should carry a repair label."],
]
ANALYST = "Ines Tallowby"


def _project(tmp_path: Path) -> Project:
    path = tmp_path / "tiles.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    project = Project.create(tmp_path / "tiles.consult", actor=ANALYST)
    import_files(project, [path])
    return project


def _id(project: Project, external: str) -> str:
    return project.scalar("SELECT id FROM respondents WHERE external_id = ?", (external,))


def _rows(project: Project) -> list[tuple]:
    return [tuple(r) for r in project.query("SELECT * FROM respondents ORDER BY seq")]


@pytest.fixture
def project(tmp_path: Path):
    opened = _project(tmp_path)
    yield opened
    opened.close()


def test_a_change_is_recorded_with_who_when_why_and_the_cell_as_written(project: Project) -> None:
    rid = _id(project, "K1")
    op = SetPublication(rid, Publication.ANONYMOUS, "  E-mail of 3 May:   please leave our name out ")
    changes = op.apply(project)
    assert changes.tables == {"publication"} and rid in changes.ids  # the answers' views stay as they are
    got = consent.record(project, rid)
    assert (got.publication, got.raw, got.imported) == ("anonymous", "Public", "public")
    assert (got.set_by, got.reason, got.changed) == (ANALYST, "E-mail of 3 May: please leave our name out", True)
    assert got.set_at[:4].isdigit()
    audit = project.query("SELECT actor, action, target_id, detail FROM audit WHERE action = 'set_publication'")
    assert [(a["actor"], a["target_id"]) for a in audit] == [(ANALYST, rid)]
    assert "please leave our name out" in audit[0]["detail"]
    # a second change keeps the choice the import read, not the first analyst's
    SetPublication(rid, "not_for_publication", "Letter of 9 May: confidential").apply(project)
    assert consent.record(project, rid).imported == "public"


def test_undo_and_redo_restore_exactly_and_leave_the_rest_of_the_row_alone(project: Project) -> None:
    ids = [_id(project, k) for k in ("K2", "K4", "K5")]
    before = _rows(project)
    op = SetPublication(ids, Publication.NOT_FOR_PUBLICATION, "Letters marked confidential")
    op.apply(project)
    assert consent.counts(project)["not_for_publication"] == 4
    after = _rows(project)
    op.revert(project)
    assert _rows(project) == before
    op.apply(project)  # redo
    assert _rows(project) == after
    # something else written to a respondent since (imported attributes) survives the undo
    with project.transaction() as conn:
        conn.execute("UPDATE respondents SET region = 'Nordmark' WHERE id = ?", (ids[0],))
    op.revert(project)
    assert consent.record(project, ids[0]).publication == "anonymous"
    assert project.scalar("SELECT region FROM respondents WHERE id = ?", (ids[0],)) == "Nordmark"


def test_putting_back_the_imported_choice_is_undoable(project: Project) -> None:
    rid = _id(project, "K2")
    SetPublication(rid, "public", "Phoned: happy to be named").apply(project)
    back = SetPublication(rid, None, "Set on the wrong respondent")
    back.apply(project)
    got = consent.record(project, rid)
    assert (got.publication, got.imported, got.set_by, got.reason) == ("anonymous", None, "", "")
    back.revert(project)
    assert consent.record(project, rid).publication == "public"


def test_bad_input_writes_nothing(project: Project) -> None:
    before = _rows(project)
    with pytest.raises(ValueError, match="reason"):
        SetPublication(_id(project, "K1"), "anonymous", "   ").apply(project)
    with pytest.raises(ValueError, match="no respondent 'nobody'"):
        SetPublication([_id(project, "K1"), "nobody"], "anonymous", "E-mail").apply(project)
    with pytest.raises(ValueError):
        SetPublication(_id(project, "K1"), "secret", "E-mail")
    with pytest.raises(ValueError, match="'sometimes'"):
        parse_choice("sometimes")
    assert parse_choice("Not-for-publication") is parse_choice("confidential") is Publication.NOT_FOR_PUBLICATION
    assert _rows(project) == before


def test_a_change_survives_a_crash(project: Project) -> None:
    """Applied in a process that then dies without closing the project: the change is there."""
    path = project.path
    project.close()
    script = ("import os, sys\n"
              "from consult_analyser.actions.consent import SetPublication\n"
              "from consult_analyser.store.project import Project\n"
              "p = Project.open(sys.argv[1], actor='Ines Tallowby')\n"
              "rid = p.scalar(\"SELECT id FROM respondents WHERE external_id = 'K1'\")\n"
              "SetPublication(rid, 'anonymous', 'E-mail of 3 May').apply(p)\n"
              "os._exit(0)\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for leftover in path.parent.glob(path.name + ".lock"):
        leftover.unlink()
    with Project.open(path, readonly=True) as again:
        got = consent.record(again, _id(again, "K1"))
    assert (got.publication, got.reason) == ("anonymous", "E-mail of 3 May")


def test_the_statement_counts_the_choices_as_they_now_are(project: Project) -> None:
    assert "1 respondent asked to be published anonymously" in consent.statement(project)
    assert "of whom 1 respondent wrote an answer to the consent question that reads as no clear choice" \
        in consent.statement(project)
    SetPublication([_id(project, "K1"), _id(project, "K5")], "anonymous", "E-mails after closing").apply(project)
    SetPublication(_id(project, "K4"), "public", "Phoned: 'Open' meant publish").apply(project)
    line = consent.statement(project)
    assert "3 respondents asked to be published anonymously" in line
    assert "1 respondent asked that their response not be published:" in line  # K4's unclear answer settled
    assert "no clear choice" not in line
    assert "the choices of 2 respondents were recorded by an analyst after the import" in line


def _sheets(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for name in book.sheetnames for row in book[name].iter_rows(values_only=True)
                     for v in row if v is not None)


def test_a_named_organisation_made_anonymous_is_gone_from_every_sheet(project: Project, tmp_path: Path) -> None:
    first, second = tmp_path / "before.xlsx", tmp_path / "after.xlsx"
    export_annex(project, first, redact=True, small_counts=0, respondent_sheets=True)
    assert "Ziegelwerk Morvenhall" in _sheets(first)
    SetPublication(_id(project, "K1"), "anonymous", "E-mail of 3 May asking to be anonymous").apply(project)
    export_annex(project, second, redact=True, small_counts=0, respondent_sheets=True)
    text = _sheets(second)
    for name in ("Ziegelwerk", "Morvenhall", "Edda"):
        assert name not in text
    cover = "\n".join(str(v) for row in openpyxl.load_workbook(second)["Cover"].iter_rows(values_only=True)
                      for v in row if v is not None)
    assert "Publication consent: 2 respondents asked to be published anonymously" in cover
    assert "the choice of 1 respondent was recorded by an analyst" in cover


# ------------------------------------------------------------------ command line
@pytest.fixture
def project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CONSULT_ANALYST", ANALYST)
    _project(tmp_path).close()
    return tmp_path / "tiles.consult"


def test_the_command_line_sets_lists_and_puts_back(project_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["consent", str(project_file), "K1", "--set", "anonymous", "--reason", "E-mail of 3 May"]) == 0
    out = capsys.readouterr().out
    assert "set 1 respondent(s) to Anonymous (no names)" in out and "K1: Public -> Anonymous (no names)" in out
    ids = tmp_path / "ids.csv"
    ids.write_text("respondent_id,note\nK4,letter\nk5,letter\n", encoding="utf-8")  # a header, another case
    assert main(["consent", str(project_file), "--ids-file", str(ids), "--set", "confidential",
                 "--reason", "Letters marked confidential"]) == 0
    assert main(["consent", str(project_file), "--list", "changed"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed if line.startswith("K")][-3:] == ["K1", "K4", "K5"]
    k1 = next(line for line in listed if line.startswith("K1"))
    assert f"set by {ANALYST} on" in k1 and "E-mail of 3 May" in k1 and '"Public"' in k1
    assert main(["consent", str(project_file), "--list", "not-for-publication"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["K3", "K4", "K5"]
    assert main(["consent", str(project_file), "K5", "--reset", "--reason", "Wrong respondent"]) == 0
    assert main(["consent", str(project_file), "K5"]) == 0
    assert "Not stated" in capsys.readouterr().out.splitlines()[-1]
    assert main(["consent", str(project_file)]) == 0
    summary = capsys.readouterr().out
    assert "set by an analyst: 2" in summary and "Publication consent:" in summary
    with Project.open(project_file, readonly=True) as p:
        assert consent.record(p, _id(p, "K1")).set_by == ANALYST


@pytest.mark.parametrize(("args", "message"), [
    (["K9", "--set", "anonymous", "--reason", "E-mail"], "no respondent 'K9'"),
    (["K1", "K8", "K9", "--set", "anonymous", "--reason", "E-mail"], "no respondent 'K8', 'K9'"),
    (["K1", "--set", "sometimes", "--reason", "E-mail"], "unknown publication choice 'sometimes'"),
    (["K1", "--set", "anonymous"], "--set needs --reason"),
    (["K1", "--set", "anonymous", "--reason", "  "], "--set needs --reason"),
    (["--set", "anonymous", "--reason", "E-mail"], "name the respondents"),
    (["--list", "often"], "unknown publication choice 'often'"),
    (["--ids-file", "missing.txt", "--set", "public", "--reason", "x"], "missing.txt: no such file"),
    (["K1", "--reason", "x"], "--reason goes with --set or --reset"),
])
def test_the_command_line_refuses_bad_input_clearly(project_file: Path, capsys, args: list[str],  # type: ignore[no-untyped-def]
                                                    message: str) -> None:
    before = sqlite3.connect(project_file).execute("SELECT group_concat(publication) FROM respondents").fetchone()
    assert main(["consent", str(project_file), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    after = sqlite3.connect(project_file).execute("SELECT group_concat(publication) FROM respondents").fetchone()
    assert before == after


def test_a_file_of_ids_that_is_not_text_is_refused(project_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    ids = tmp_path / "ids.txt"
    ids.write_bytes(b"\xff\xfe\x00\xd8 not text")
    assert main(["consent", str(project_file), "--ids-file", str(ids), "--set", "public", "--reason", "x"]) == 1
    assert "not a text file" in capsys.readouterr().err


# ------------------------------------------------------------------ upgrade
def test_a_schema_7_project_upgrades_and_takes_changes(tmp_path: Path) -> None:
    """A project written with schema 7 (a choice read, no analyst's record) opens, gains the record's
    columns with nothing set, keeps its data, and takes a change."""
    from consult_analyser.store import schema
    from consult_analyser.store.project import _split_sql

    path = tmp_path / "v7.consult"
    conn = sqlite3.connect(path)
    for migration in schema.MIGRATIONS[:7]:
        for statement in _split_sql(migration):
            conn.execute(statement)
    conn.execute("INSERT INTO respondents(id, external_id, organisation, publication, publication_raw)"
                 " VALUES ('r1', 'K2', 'Verband Flintor', 'anonymous', 'Yes, but anonymously')")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    with Project.open(path, actor=ANALYST) as upgraded:
        assert upgraded.scalar("PRAGMA user_version") == SCHEMA_VERSION >= 8
        assert consent.record(upgraded, "r1") == consent.Choice("anonymous", "Yes, but anonymously")
        assert not consent.choices(upgraded, changed=True)
        op = SetPublication("r1", "public", "Phoned: happy to be named")
        op.apply(upgraded)
        assert consent.record(upgraded, "r1").imported == "anonymous"
        op.revert(upgraded)
        assert consent.record(upgraded, "r1") == consent.Choice("anonymous", "Yes, but anonymously")
    assert list(tmp_path.glob("v7.schema7.bak*.consult"))


def test_a_reading_command_upgrades_an_older_project_first(tmp_path: Path) -> None:
    """`info` or `export` on a project of an earlier version said "needs upgrading; open it for
    writing once first", which no reading command could do: it is upgraded (with a backup) and read."""
    from consult_analyser.store import schema
    from consult_analyser.store.project import _split_sql

    path = tmp_path / "old.consult"
    conn = sqlite3.connect(path)
    for migration in schema.MIGRATIONS[:7]:
        for statement in _split_sql(migration):
            conn.execute(statement)
    conn.execute("INSERT INTO respondents(id, external_id) VALUES ('r1', 'K7')")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    with Project.open(path, readonly=True) as project:
        assert project.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert project.scalar("SELECT external_id FROM respondents") == "K7"
    assert (tmp_path / "old.schema7.bak.consult").exists()
