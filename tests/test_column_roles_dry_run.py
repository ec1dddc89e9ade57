"""The dry run says, column by column, when a column of written words would not be imported as a question, and
why (trial 51, major 5: 4,672 answers left out with a one-line note)."""

from __future__ import annotations

import csv
from pathlib import Path

from consult_analyser.ingest.importer import parse_file
from consult_analyser.ingest.preview import preview_file

SECOND = "What are your reasons to vote for or against the candidates?"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _file(tmp_path: Path) -> Path:
    rows = [[f"R{i}", f"2024-03-{1 + i % 28:02d}", f"The buses on route {i} are late most mornings this year",
             f"Comment {i} on the proposed rule about the buses from a resident"] for i in range(60)]
    return _write(tmp_path / "export.csv", ["Response ID", "Received", "Comments", "Title"], rows)


def test_a_column_of_words_read_as_information_is_said_with_its_reason(tmp_path):
    path = _file(tmp_path)
    assert dict(parse_file(path).columns)["Title"] == "metadata"
    lines = preview_file(path).lines()
    text = "\n".join(lines)
    shown = [line for line in lines if "'Title'" in line]
    assert any("-> metadata" in line and "NOT ANALYSED: text in 60 rows" in line for line in shown)
    block = next(i for i, line in enumerate(lines) if "would NOT be imported as a question" in line)
    assert block < next(i for i, line in enumerate(lines) if "would import" in line)  # before the counts
    assert "'Title': text in 60 rows; not a question because its header names information about the response" in text
    assert '"Title" = "question:KEY:open"' in text
    assert "Received" not in lines[block + 1]  # dates are no written words
    assert not any(line.startswith("  note:") and "'Title'" in line for line in lines)  # said once, above


def test_a_column_a_mapping_file_demotes_is_said_too(tmp_path):
    rows = [[f"A{i}", f"they care about the economy and jobs {i}", ""] for i in range(50)]
    rows += [[f"B{i}", "", f"he would lower the taxes for families {i}"] for i in range(40)]
    path = _write(tmp_path / "anes.csv", ["Respondent ID", "What do you like about the parties?", SECOND], rows)
    mapping = _write(tmp_path / "map.toml", [], [])
    mapping.write_text(f'[columns]\n"{SECOND}" = "metadata"\n', encoding="utf-8")
    text = "\n".join(preview_file(path, mapping_file=mapping).lines())
    assert f"'{SECOND}': text in 40 rows; not a question because the mapping file map.toml gives it the role" in text
    # the import says it too, among its notes (once its rows are read)
    batch = parse_file(path, mapping_file=mapping)
    assert len(list(batch.iter_respondents())) == 90
    assert any("holds text in 40 rows but is NOT imported as a question" in w for w in batch.warnings)


def test_columns_read_as_questions_raise_nothing(tmp_path):
    rows = [[f"R{i}", f"The buses on route {i} are late most mornings this year"] for i in range(30)]
    path = _write(tmp_path / "plain.csv", ["Response ID", "Comments"], rows)
    assert not any("NOT" in line for line in preview_file(path).lines())
