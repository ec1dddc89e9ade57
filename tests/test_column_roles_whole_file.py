"""A column's role rests on the whole file, not its first rows (trial 51, major 5), and a column of a few
dozen short values repeated over thousands of rows under a question's header is a closed question (minor 1)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from consult_analyser.ingest.importer import parse_file
from consult_analyser.ingest.preview import preview_file

FIRST = "What do you like or dislike about the two parties?"
SECOND = "What are your reasons to vote for or against the candidates?"
DOCKET = "Which proposal are you responding to?"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _roles(path: Path) -> dict[str, str]:
    return dict(parse_file(path).columns)


def _answers(path: Path) -> int:
    return sum(1 for r in parse_file(path).iter_respondents() for a in r.answers if a.text or a.choice)


def _stacked(tmp_path: Path, first: list[str], second: list[str]) -> Path:
    """Two open questions answered in different rows: the first block answers the first, the next the second."""
    rows = [[f"A-{i:05d}", text, ""] for i, text in enumerate(first)]
    rows += [[f"B-{i:05d}", "", text] for i, text in enumerate(second)]
    return _write(tmp_path / "stacked.csv", ["Respondent ID", FIRST, SECOND], rows)


def _sentence(i: int, topic: str) -> str:
    return f"answer {i} says the {topic} matter because of reason number {i * 7 % 101} and more"


def test_a_question_answered_only_after_the_first_rows_is_imported(tmp_path):
    path = _stacked(tmp_path, [_sentence(i, "economy") for i in range(3500)],
                    [_sentence(i, "candidates") for i in range(3700)])
    roles = _roles(path)
    assert roles[FIRST] == "question C1 (open)"
    assert roles[SECOND] == "question C2 (open)"  # was "metadata": empty in the first 3,000 rows
    assert _answers(path) == 7200
    assert not any("no value in any" in w for w in parse_file(path).warnings)


def test_a_column_filled_only_in_a_few_late_rows_is_no_empty_column(tmp_path):
    rows = [[f"R{i}", _sentence(i, "roads"), ""] for i in range(5000)]
    for i in (4100, 4600, 4990):
        rows[i][2] = _sentence(i, "buses")
    path = _write(tmp_path / "late.csv", ["Response ID", "Comments", "What else should the council know?"], rows)
    assert _roles(path)["What else should the council know?"] == "question C2 (open)"
    assert _answers(path) == 5003


def test_a_column_nobody_filled_is_still_kept_as_information(tmp_path):
    rows = [[f"R{i}", _sentence(i, "roads"), ""] for i in range(4000)]
    path = _write(tmp_path / "empty.csv", ["Response ID", "Comments", "Representative's City"], rows)
    batch = parse_file(path)
    assert dict(batch.columns)["Representative's City"] == "metadata"
    assert any("no value in any of the file's 4,000 rows" in w for w in batch.warnings)


def _dockets(count: int, rows: int) -> list[str]:
    """``rows`` docket ids over ``count`` dockets, a few of them with one comment each (as real rulemakings)."""
    agencies = ["EPA-HQ-OAR", "FWS-HQ-ES", "CFPB", "WHD", "PHMSA"]
    ids = [f"{agencies[n % 5]}-{2008 + n % 12}-{n:04d}" for n in range(count)]
    single = ids[:6]
    common = ids[6:]
    out = list(single)
    out += [common[(i * i + 3 * i) % len(common)] for i in range(rows - len(out))]
    return out


def test_a_docket_column_of_few_short_repeated_values_is_a_closed_question(tmp_path):
    dockets = _dockets(78, 8560)
    rows = [[f"C-{i}", d, _sentence(i, "rule")] for i, d in enumerate(dockets)]
    path = _write(tmp_path / "rules.csv", ["Respondent ID", DOCKET, "Please give your comments on the proposal"], rows)
    roles = _roles(path)
    assert roles[DOCKET] == "question C1 (closed)"  # was "(open)"
    assert roles["Please give your comments on the proposal"] == "question C2 (open)"


def test_short_answers_in_words_stay_open(tmp_path):
    # a question answered in a few words each, mostly different, is no choice from a list
    rows = [[f"C-{i}", f"more buses on route {i % 400}", ""] for i in range(8000)]
    path = _write(tmp_path / "short.csv", ["Respondent ID", "What would improve your journey?", "Notes"], rows)
    assert _roles(path)["What would improve your journey?"] == "question C1 (open)"
    # nor are a few repeated values under a header that asks for comments
    rows = [[f"C-{i}", ["Good", "Bad", "Fine thanks", "Too slow"][i % 4] + f" {i % 30}", ""] for i in range(3000)]
    path = _write(tmp_path / "fb.csv", ["Respondent ID", "Feedback", "Notes"], rows)
    assert _roles(path)["Feedback"] == "question C1 (open)"


def test_the_dry_run_counts_the_late_question(tmp_path):
    path = _stacked(tmp_path, [_sentence(i, "economy") for i in range(3200)],
                    [_sentence(i, "candidates") for i in range(3300)])
    preview = preview_file(path)
    assert [q.key for q in preview.questions] == ["C1", "C2"]
    assert preview.answers == 6500


# ---- the real shapes (the trial's files, built from ../shared/realdata) ----

def _realdata() -> Path:
    root = os.environ.get("CONSULT_REALDATA")
    if not root or not Path(root).is_dir():
        pytest.skip("CONSULT_REALDATA not set")
    return Path(root)


def test_real_anes_answers_stacked_in_two_columns(tmp_path):
    root = _realdata() / "anes2008_open_ended"
    blocks = []
    for name in ("dataset3.csv", "dataset4.csv"):
        with (root / name).open(encoding="utf-8", newline="") as fh:
            blocks.append([row["verbatim"] for row in csv.DictReader(fh) if row["verbatim"].strip()])
    path = _stacked(tmp_path, *blocks)
    roles = _roles(path)
    assert roles[FIRST] == "question C1 (open)" and roles[SECOND] == "question C2 (open)"
    assert _answers(path) == len(blocks[0]) + len(blocks[1]) > 9000


def test_real_rulemaking_dockets_are_a_closed_question(tmp_path):
    source = _realdata() / "us_rulemaking_comments" / "comments_coded.csv"
    with source.open(encoding="utf-8", newline="") as fh:
        rows = [[row["document_id"], row["docket_id"], row["comment_text"]] for row in csv.DictReader(fh)]
    path = _write(tmp_path / "rulemaking_export.csv",
                  ["Respondent ID", DOCKET, "Please give your comments on the proposal"], rows)
    roles = _roles(path)
    assert roles[DOCKET] == "question C1 (closed)"
    assert roles["Please give your comments on the proposal"] == "question C2 (open)"
