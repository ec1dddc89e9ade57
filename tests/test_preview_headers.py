"""Trial 40: the dry run shows question columns whose headers share a long beginning and end by the words that tell
them apart (the four ANES questions read alike, cut to the same beginning, or the same beginning and end)."""

from __future__ import annotations

import csv
from pathlib import Path

from consult_analyser.ingest.preview import distinct_headers, preview_file, short_header

ANES = [f"Is there anything in particular about {who} that might make you want to vote {side} him?"
        for who in ("Barack Obama", "John McCain") for side in ("for", "against")]


def test_headers_that_would_read_alike_show_the_words_that_differ():
    shown = distinct_headers(["caseID", *ANES])
    assert shown[0] == "caseID" and len(set(shown)) == 5
    assert shown[1] == "Is there anything … about Barack Obama that … vote for him?"
    assert shown[4] == "Is there anything … about John McCain that … vote against him?"
    assert all(len(s) <= 70 for s in shown)
    # headers told apart by their beginning and end are cut as before
    ways = ["Which of these ways do you travel to work? (Select all that apply):Bus",
            "Which of these ways do you travel to work? (Select all that apply):Train"]
    assert distinct_headers(ways) == [short_header(w) for w in ways]

def test_the_dry_run_lists_each_anes_question_distinguishably(tmp_path: Path):
    path = tmp_path / "anes.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["caseID", *ANES])
        for n in range(1, 31):
            writer.writerow([n, f"his plans number {n}", f"taxes {n}", f"experience {n}", f"his age {n}"])
    lines = preview_file(path).lines()
    columns = [line for line in lines if "-> question" in line]
    questions = [line.split(None, 2)[2] for line in lines if line.strip().startswith(("C1", "C2", "C3", "C4"))]
    assert len(columns) == 4 and len({line.split("->")[0] for line in columns}) == 4
    assert len(questions) == 4 and len(set(questions)) == 4, questions
    assert any("John McCain" in q and "against" in q for q in questions)
