"""Comments on several rulemakings (dockets) in one project are named at import, in the dry run and in the
import wizard, whatever the docket column's header: a trial's file headed it ``docket_id`` (78 dockets) and
came in with no warning, so its themes mostly named the rule commented on."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.cli.main import main
from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.preview import preview_file
from consult_analyser.store.project import Project
from consult_analyser.store.respondents import docket_counts, is_docket_header
from tests.conftest import REALDATA


def _comments(path: Path, header: str, dockets: tuple[str, ...] = ("EPA-HQ-2024-0001", "EPA-HQ-2024-0002")) -> Path:
    rows = [["document_id", header, "comment_text"]]
    rows += [[f"{d}-{i:04d}", d, f"Comment {i} on rule {d}: it will cost farms money and time"]
             for d in dockets for i in range(6)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize("header", ["Docket ID", "docket_id", "docketId", "DocketID", "Docket", "Docket Number",
                                    "docket_number", "DOCKET-NUMBER", "Docket No.", "Docket #",
                                    "Regulations.gov Docket ID"])
def test_the_docket_column_is_recognised_however_its_header_is_written(tmp_path, header):
    assert is_docket_header(header)
    path = _comments(tmp_path / "c.csv", header)
    with Project.create(tmp_path / "p.consult") as project:
        warnings = import_files(project, [path]).warnings
        assert docket_counts(project) == (header, {"EPA-HQ-2024-0001": 6, "EPA-HQ-2024-0002": 6})
    said = [w for w in warnings if "dockets" in w]
    assert len(said) == 1 and "on 2 dockets" in said[0] and "EPA-HQ-2024-0001 (6)" in said[0]
    by = header if " " not in header and "#" not in header else f'"{header}"'
    assert f"--by {by})" in said[0]  # the column as the project holds it, for `themes --list --by`


@pytest.mark.parametrize("header", ["Docket Title", "Dock", "docketed", "Agency", "What do you think of the docket?"])
def test_other_headers_are_not_taken_for_a_docket(header):
    assert is_docket_header(header) == (header == "Docket Title")  # a docket's title names it as well as its id


def test_one_docket_gives_no_warning(tmp_path):
    path = _comments(tmp_path / "c.csv", "docket_id", dockets=("EPA-HQ-2024-0001",))
    with Project.create(tmp_path / "p.consult") as project:
        assert not any("dockets" in w for w in import_files(project, [path]).warnings)
    assert not any("dockets" in w for w in preview_file(path).warnings)


def test_the_dry_run_says_so(tmp_path, capsys):
    path = _comments(tmp_path / "c.csv", "docket_id")
    assert main(["import", str(tmp_path / "p.consult"), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "note: the file's comments are on 2 dockets (EPA-HQ-2024-0001 (6), EPA-HQ-2024-0002 (6))" in out
    assert "--by docket_id" in out and not (tmp_path / "p.consult").exists()
    # into a project that holds one docket already: a file of another docket would make two
    one = _comments(tmp_path / "one.csv", "docket_id", dockets=("EPA-HQ-2024-0001",))
    other = _comments(tmp_path / "other.csv", "docket_id", dockets=("EPA-HQ-2024-0003",))
    assert main(["import", str(tmp_path / "q.consult"), str(one)]) == 0
    assert "dockets" not in capsys.readouterr().out
    assert main(["import", str(tmp_path / "q.consult"), str(other), "--dry-run"]) == 0
    assert "note: the comments would be on 2 dockets" in capsys.readouterr().out
    assert main(["import", str(tmp_path / "q.consult"), str(other)]) == 0
    assert "warning: the project's comments are on 2 dockets" in capsys.readouterr().out


def test_the_real_comments_78_dockets_are_named(tmp_path):
    path = REALDATA / "us_rulemaking_comments" / "comments_coded.csv"
    if not path.exists():
        pytest.skip("real data not available")
    assert any("the file's comments are on 78 dockets" in w for w in preview_file(path, project=None).warnings)
    with Project.create(tmp_path / "us.consult") as project:
        said = [w for w in import_files(project, [path]).warnings if "dockets" in w]
    assert len(said) == 1 and "on 78 dockets (CFPB-2016-0025 (1,404)" in said[0] and "--by docket_id" in said[0]
