"""A coding sheet of passages (an evidence team's: ref, question, passage, codes, coder): each passage is
coded where it sits in its answer, as a span (invented answers and coders)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_analyser.actions.coding_import import ImportCodings, find_passage
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings
from consult_analyser.store.project import Project

ANSWER_1 = ("Staff changed every week.  The manager said the \u201cagency cover\u201d was temporary. "
            "Nobody told the families about the outbreak.")
ANSWER_2 = "The provider never answered our complaint about night staffing."


def test_a_passage_is_found_as_written_then_with_spaces_quotes_and_case_set_aside() -> None:
    assert find_passage(ANSWER_1, "Staff changed every week.") == (0, 25)
    start, end = find_passage(ANSWER_1, 'the manager said the "agency cover"  was temporary') or (0, 0)
    assert ANSWER_1[start:end] == "The manager said the \u201cagency cover\u201d was temporary"
    start, end = find_passage(ANSWER_1, "\u201cNobody told the families about the outbreak...\u201d") or (0, 0)
    assert ANSWER_1[start:end] == "Nobody told the families about the outbreak"
    assert find_passage(ANSWER_1, "The home was always clean.") is None


@pytest.fixture
def project(tmp_path: Path) -> Project:
    answers = tmp_path / "answers.csv"
    answers.write_text(f'Ref,Your evidence\nEV-1,"{ANSWER_1.replace(chr(34), chr(34) * 2)}"\nEV-2,{ANSWER_2}\n',
                       encoding="utf-8")
    project = Project.create(tmp_path / "p.consult")
    import_files(project, [answers])
    for path in ("Staffing", "Staffing->Agency staff", "Families", "Complaints"):
        codebook.ensure_path(project, path.replace("->", " > "))
    return project


def test_a_sheet_of_passages_codes_spans_and_says_what_it_did(project: Project, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = tmp_path / "passages.csv"
    sheet.write_text("\n".join([
        "Submission ref,Passage,Codes,Coder",
        "EV-1,Staff changed every week.,Staffing,Ana Quill",
        'EV-1,"the manager said the ""agency cover"" was temporary",Staffing; Staffing->Agency staff,Ana Quill',
        "EV-1,Nobody told the families about the outbreak.,Families,Ana Quill",
        "EV-1,Nobody told the families about the outbreak.,Families,Ana Quill",  # the same row twice
        "EV-2,They lost the paperwork.,Complaints,Ben Rook",  # not in the answer: the whole answer
        "EV-2,The provider never answered our complaint,Complaints,Tom Vale",
    ]) + "\n", encoding="utf-8")
    op = ImportCodings(sheet)
    op.apply(project)
    stored = codings.list_codings(project)
    spans = sorted((c.start, c.end) for c in stored if c.start is not None)
    assert len(stored) == 6 and op.added == 6 and op.repeated == 1 and op.present == 0
    assert op.passages == 5 and op.unplaced == [6]
    text = {r[0]: r[1] for r in project.query("SELECT id, text FROM responses")}
    quoted = {text[c.response_id][c.start:c.end] for c in stored if c.start is not None}
    assert "The manager said the \u201cagency cover\u201d was temporary" in quoted
    assert len(spans) == 5 and [c.coder for c in stored if c.start is None] == ["Ben Rook"]
    # the command line says what happened: repeated rows, passages found, and where one was not
    from consult_analyser.cli.main import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    path = Path(project.path)
    project.close()
    assert main(["-q", "code", str(path), "--import", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "imported 0 codings; 6 already in the project; 1 row of the file repeats another" in out
    assert "5 passages found in their answers: coded as passages" in out
    assert "1 passage not found in its answer codes the whole answer instead (line 6)" in out
