"""What the import says: a merge of two wordings says how they differ (a trailing ";" is punctuation, not another
language), and its progress, written to a log, ends at 100% rather than staying at "0% reading ..."."""

from __future__ import annotations

import csv

from consult_analyser.cli.common import progress_bar
from consult_analyser.cli.main import main
from consult_analyser.ingest.translations import how_written


def test_how_two_wordings_differ_is_said_accurately():
    assert how_written("Ngo;", "Ngo") == "written with stray punctuation"
    assert how_written("NGO", "Ngo") == "in other capitals"
    assert how_written("Quebec", "Québec") == "written without its accents"
    assert how_written("Entreprise", "Business") == "in another language or spelling"
    assert how_written("Tout à fait d'accord", "Strongly agree") == "in another language or spelling"


def test_the_import_says_a_stray_semicolon_is_punctuation(tmp_path, capsys):
    """The US comments' org_type held 'Ngo;' three times beside 'Ngo': the import said 'the same option in
    another language or spelling'."""
    path = tmp_path / "comments.csv"
    rows = [["document_id", "org_type", "comment_text"]]
    rows += [[f"D{i}", "Ngo;" if i < 3 else "Ngo" if i < 20 else "Corp", f"Comment {i}: the rule costs too much"]
             for i in range(30)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    assert main(["import", str(tmp_path / "p.consult"), str(path)]) == 0
    captured = capsys.readouterr()
    said = [line for line in captured.out.splitlines() if "'Ngo;'" in line]
    assert said and "the same option written with stray punctuation" in said[0]
    assert "another language" not in said[0]
    # the progress, not a terminal: its first line, and its last (an import of seconds once left only "0%")
    progress = [line for line in captured.err.splitlines() if line.startswith("import:")]
    assert progress[0].startswith("import: 0% reading comments.csv") and progress[-1] == "import: 100% import finished"


def test_a_plain_progress_line_says_the_end_once(capsys):
    with progress_bar("demo") as progress:
        progress(0.0, "start")
        progress(0.5, "half")  # within 10 s: not repeated
        progress(1.0, "done")
        progress(1.0, "done")
    assert capsys.readouterr().err.splitlines() == ["demo: 0% start", "demo: 100% done"]
