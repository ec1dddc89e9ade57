"""What `team agreement` and `team resolve` print (trial 35): the agreement table cut code paths at 48
characters, so two codes read the same, and its N column meant answers on a code's row but units on
the overall row, unsaid; `team resolve` echoed only the option chosen, not what changed."""

from __future__ import annotations

import pytest

from consult_analyser.cli import main
from consult_analyser.export.annex_agreement import N_MEANING
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook
from consult_analyser.store.project import Project
from consult_analyser.team import conflicts, split
from tests.conftest import SURVEY_HEADER, write_survey
from tests.test_team import N, _alice, _code, _code_like, _open, _rows

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


def test_resolve_says_what_changed(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, seed=2)
    with _open(out / "ulla.consult") as ulla:
        made = _code_like(ulla, lambda text: ["Funding"] if "funding" in text else [])
    with _open(out / "vik.consult") as vik:
        codebook.update_code(vik, _code(vik, "Funding"), name="Money")
    assert main(["-q", "team", "merge", str(lead), str(out / "ulla.consult"), str(out / "vik.consult")]) == 0
    with _open(lead) as project:
        (found,) = conflicts.open_conflicts(project)
        answers = project.scalar("SELECT COUNT(DISTINCT response_id) FROM codings")
    assert made > 0
    capsys.readouterr()
    assert main(["team", "resolve", str(lead), found.id[:8], "analyst"]) == 0
    printed = capsys.readouterr().out
    assert "resolved: take the analyst's version" in printed
    assert f'code renamed from "Funding" to "Money"; {made:,} codings on {answers:,} answers use it' in printed


def test_resolve_keeping_the_leads_version_says_nothing_changed(lead, tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "copies"
    with _open(lead, "lena") as project:
        split.split(project, ["ulla", "vik"], out, seed=2)
    with _open(out / "vik.consult") as vik:
        codebook.update_code(vik, _code(vik, "Schools"), name="Education")
    assert main(["-q", "team", "merge", str(lead), str(out / "vik.consult")]) == 0
    with _open(lead) as project:
        (found,) = conflicts.open_conflicts(project)
    capsys.readouterr()
    assert main(["team", "resolve", str(lead), found.id, "lead"]) == 0
    assert 'nothing changed: code "Schools" stays as it was' in capsys.readouterr().out


def test_what_changed_in_words():
    from consult_analyser.cli.team_commands import _what_changed

    code = {"id": "c1", "name": "a", "description": "", "parent_id": None, "position": 1, "_path": "a",
            "_codings": 1, "_answers": 1, "_below": 0}
    assert _what_changed("codes", code, None) == 'code "a" deleted, with its 1 coding on 1 answer'
    assert _what_changed("codes", None, code) == 'code "a" restored, with 1 coding on 1 answer'
    assert _what_changed("codes", code, dict(code, description="new", position=2)) \
        == 'code "a": description changed; 1 coding on 1 answer uses it'
    theme = {"id": "t", "label": "Old", "description": "x", "updated_at": "1"}
    assert _what_changed("themes", theme, dict(theme, label="New", updated_at="2")) \
        == 'theme renamed from "Old" to "New"'
    assert _what_changed("memos", None, None) == "nothing changed: the memo is not in this project"
