"""A letter's passages an analyst maps to another question in their copy make a letter answer the lead's project
does not have (a copy's letter mapping is not merged): the merge cannot carry the codings on it nor its place in a
theme, and says so, naming their codes, instead of counting them among what it skipped in silence (or, for the
place in a theme, refusing the whole merge)."""

from __future__ import annotations

from pathlib import Path

from consult_analyser.actions.letters import MapLetters, MovePassage
from consult_analyser.ingest.importer import import_files
from consult_analyser.store import codebook, codings, theme_edits
from consult_analyser.store.project import Project
from consult_analyser.team import merge, split
from tests.test_letters import _letter


def test_codings_on_a_letter_answer_made_in_a_copy_are_named_not_dropped_in_silence(imported_project,  # type: ignore[no-untyped-def]
                                                                                   tmp_path: Path) -> None:
    lead = imported_project
    import_files(lead, [_letter(tmp_path)])
    MapLetters().apply(lead)
    codebook.create_code(lead, "Libraries")
    made = split.split(lead, ["alice"], tmp_path / "copies")
    with Project.open(made.files["alice"], actor="alice") as copy:
        respondent, = copy.query("SELECT respondent_id FROM documents")[0]
        q1 = str(copy.scalar("SELECT id FROM questions WHERE key = 'Q1'"))
        assert copy.scalar("SELECT 1 FROM responses WHERE respondent_id = ? AND question_id = ?", (respondent, q1)) is None
        passage = str(copy.scalar("SELECT id FROM passages WHERE kind = 'paragraph' ORDER BY position LIMIT 1"))
        MovePassage(passage, q1).apply(copy)
        answer = str(copy.scalar("SELECT id FROM responses WHERE respondent_id = ? AND question_id = ?", (respondent, q1)))
        code = codebook.find_code(copy, "Libraries")
        assert code is not None
        codings.add_coding(copy, code.id, answer)
        theme_edits.create_theme(copy, q1, "Libraries matter", response_ids=[answer])
    results, _ = merge.merge(lead, [made.files["alice"]])  # (before: refused whole, for the place in a theme)
    assert results[0].counts.get("skipped_unknown_answer") == 2 and results[0].counts.get("themes_added") == 1
    notes = [n for n in results[0].notes if "not merged" in n and "letter" in n]
    assert len(notes) == 1
    assert "1 of alice's codings (Libraries 1) and 1 of alice's places of answers in themes" in notes[0]
