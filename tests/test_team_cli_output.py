"""What `team agreement` prints (trial 35): the agreement table cut code paths at 48 characters, so
two codes read the same, and its N column meant answers on a code's row but units on the overall
row, unsaid."""

from __future__ import annotations

import pytest

from consult_analyser.cli import main
from consult_analyser.export.annex_agreement import N_MEANING
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook
from consult_analyser.store.project import Project
from consult_analyser.team import split
from tests.conftest import SURVEY_HEADER, write_survey
from tests.test_team import N, _alice, _code_like, _open, _rows

PARENT = "avoids_technology_problems"
LONG = ("providing_links_for_browser_download", "providing_links_for_browser_downloads")


@pytest.fixture
def lead(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "lead.consult"
    with Project.create(path, actor="lena") as project:
        import_files(project, [write_survey(tmp_path / "survey.csv", _rows(N), SURVEY_HEADER)])
        for name in ("Funding", "Schools", "Transport", "Nothing to code"):
            codebook.create_code(project, name)
        parent = codebook.create_code(project, PARENT)
        for name in LONG:  # two paths alike in their first 48 characters
            codebook.create_code(project, name, parent_id=parent.id)
    return path


def _with_long_codes(text: str) -> list[str]:
    return _alice(text) + ([f"{PARENT} > {LONG[0]}"] if "schools" in text else []) \
        + ([f"{PARENT} > {LONG[1]}"] if "funding" in text else [])


def test_agreement_prints_whole_paths_and_says_what_n_counts(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, overlap=1.0, seed=3)
    for name in ("ulla", "vik"):
        with _open(out / f"{name}.consult") as copy:
            _code_like(copy, _with_long_codes)
    assert main(["-q", "team", "merge", str(lead), str(out / "ulla.consult"), str(out / "vik.consult")]) == 0
    capsys.readouterr()
    assert main(["team", "agreement", str(lead)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"note: {N_MEANING}" in lines
    header = next(line for line in lines if line.startswith("code "))
    assert header.split()[1] == "N"
    assert all(len(line) <= len(header) for line in lines[lines.index(header):] if not line.startswith("  kappa"))
    # each long path whole: its first line with the figures, the rest indented on the lines below
    whole = []
    for line in lines[lines.index(header) + 1:]:
        if line.startswith("  ") and whole:
            whole[-1] += " " + line.strip()
        else:
            whole.append(line[:48].rstrip())
    for name in LONG:
        assert f"{PARENT} > {name}" in whole
    assert "(overall)" in whole
