"""The window title of an analyst's copy names the copy's file and its analyst (a trial's copy showed
"lead — Consult Analyser", the lead's project name it keeps); a project keeps its own name."""

from __future__ import annotations

from pathlib import Path

from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project
from consult_analyser.team.split import split
from consult_analyser.ui.main_window import window_title


def test_an_analysts_copy_is_titled_by_its_file_and_analyst(tmp_path: Path, window_on) -> None:  # type: ignore[no-untyped-def]
    survey = tmp_path / "survey.csv"
    survey.write_text("ID,Q1\nR1,Buses are slow\nR2,Trains are late\n", encoding="utf-8")
    with Project.create(tmp_path / "lead.consult", name="lead") as lead:
        import_files(lead, [survey])
        assert window_title(lead) == "lead — Consult Analyser"
        split(lead, ["coder_p", "coder_s"], tmp_path / "copies")
    copy_path = tmp_path / "copies" / "coder_p.consult"
    with Project.open(copy_path, readonly=True) as copy:
        assert copy.name == "lead"  # the copy keeps the lead's project name...
        assert window_title(copy) == "coder_p.consult (coder_p’s copy of lead) — Consult Analyser"
    window = window_on(copy_path)  # ...and its window says whose copy it is
    assert window.windowTitle() == "coder_p.consult (coder_p’s copy of lead) — Consult Analyser"
    window.close()
