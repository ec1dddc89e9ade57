"""Follow-ups to the import fixes (session 30): a mapping file's ``header_rows``, rows left out said apart from
bad rows, and a respondent withdrawn from a file without ids kept out of its next download."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from consult_analyser.errors import IngestError
from consult_analyser.ingest.importer import import_files, parse_file
from consult_analyser.ingest.preview import preview_file
from consult_analyser.store import withdrawals
from consult_analyser.store.project import Project
from tests.test_import_shapes_s30 import HEADER, _rows


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# -- 1. a mapping file's header_rows -------------------------------------------------------------------

TOP = ["Respondent", "", "About you", "Question 1", "", "Question 2"]
SUB = ["Response ID", "Submitted", "Responding as", "Do you support the proposed rule?",
       "Please explain your answer", "Any other comments?"]


def _two_header_rows(tmp_path: Path) -> Path:
    rows = [[f"R{i}", f"2024-03-0{1 + i % 9} 10:{i:02d}", "Individual" if i % 2 else "Business",
             "Yes" if i % 3 else "No", f"Because reason {i} matters to the town", f"Comment number {i}"]
            for i in range(1, 9)]
    path = tmp_path / "two_rows.csv"
    path.write_text(_csv([TOP, SUB, *rows]), encoding="utf-8")
    return path


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_header_rows_in_the_mapping_file_joins_the_two_header_rows(tmp_path: Path, project: Project) -> None:
    path = _two_header_rows(tmp_path)
    mapping = _mapping(tmp_path, "header_rows = 2\n")
    batch = parse_file(path, mapping_file=mapping)
    assert [(q.key, q.text, q.kind.value) for q in batch.questions] == [
        ("Q1", "Do you support the proposed rule?", "hybrid"), ("Q2", "Any other comments?", "open")]
    assert len(list(batch.iter_respondents())) == 8
    said = "\n".join(preview_file(path, mapping_file=mapping).lines())
    for joined in ("Question 1: Do you support the proposed rule?", "Question 1: Please explain your answer",
                   "Question 2: Any other comments?"):
        assert f"'{joined}'" in said, said
    assert "would import 8 respondents, 16 answers" in said and "2 header rows read, as the mapping file says" in said
    result = import_files(project, [path], mapping_file=mapping)
    assert result.respondents == 8
    assert project.scalar("SELECT COUNT(*) FROM respondents WHERE external_id = 'R1'") == 1
    assert project.scalar("SELECT COUNT(*) FROM responses") == 16


def test_without_header_rows_the_second_row_is_only_warned_of(tmp_path: Path) -> None:
    said = "\n".join(preview_file(_two_header_rows(tmp_path)).lines())
    assert "'Question 1: Please explain your answer'" not in said and "looks like a second header row" in said


@pytest.mark.parametrize("value", ["0", "6", "2.5", "\"2\"", "true", "-1"])
def test_a_header_rows_that_is_no_count_from_1_to_5_is_refused_naming_the_file_and_key(
        tmp_path: Path, project: Project, value: str) -> None:
    path = _two_header_rows(tmp_path)
    mapping = _mapping(tmp_path, f"header_rows = {value}\n")
    with pytest.raises(IngestError) as caught:
        parse_file(path, mapping_file=mapping)
    message = str(caught.value)
    assert message.startswith("mapping.toml, field 'header_rows': header_rows must be a whole number from 1 to 5")
    with pytest.raises(IngestError, match="header_rows"):
        import_files(project, [path], mapping_file=mapping)
    assert project.scalar("SELECT COUNT(*) FROM respondents") == 0
    assert preview_file(path, mapping_file=mapping).error


def test_header_rows_written_under_a_table_is_said_where_it_belongs(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path, '[columns]\n"Response ID" = "id"\nheader_rows = 2\n')
    with pytest.raises(IngestError, match=r"header_rows is written under \[columns\]: write it at the top"):
        parse_file(_two_header_rows(tmp_path), mapping_file=mapping)


# -- 2. rows left out are not bad rows --------------------------------------------------------------------

# the survey export the import-shape tests build (one header, one row maker for both files)


def test_a_repeated_header_is_said_as_left_out_not_as_a_bad_row(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "joined.csv"
    path.write_text(_csv([HEADER, *_rows(1, 10), HEADER, *_rows(11, 5)]), encoding="utf-8")
    result = import_files(project, [path])
    assert result.respondents == 15
    assert "joined.csv: 1 row left out (a repeated header or a totals row: no respondent) (line 12)" in result.warnings
    assert not any("bad row" in w for w in result.warnings), result.warnings
    assert [line for _, line, _ in result.skipped_rows] == [12]  # still listed, with its reason


def test_rows_left_out_and_bad_rows_are_counted_apart_singular_and_plural(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "joined.csv"
    path.write_text(_csv([HEADER, *_rows(1, 4), HEADER, *_rows(5, 3), HEADER, *_rows(8, 2), ["a line broken off"],
                          *_rows(10, 3)]), encoding="utf-8")
    result = import_files(project, [path], skip_bad_rows=True)
    assert result.respondents == 12
    assert "joined.csv: 2 rows left out (a repeated header or a totals row: no respondent) (lines 6, 10)" \
        in result.warnings, result.warnings
    assert "joined.csv: 1 bad row skipped (line 13)" in result.warnings, result.warnings
    counts = json.loads(project.scalar("SELECT counts FROM imports"))
    assert [line for line, _ in counts["skipped_rows"]] == [6, 10, 13]


# -- 3. a withdrawn respondent of a file without ids stays out -------------------------------------------

GF_HEADER = ["Timestamp", "Do you support the plan?", "What is the rationale behind your opinion?",
             "Which town do you live in?"]


def _gf(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_csv([GF_HEADER, *rows]), encoding="utf-8")
    return path


def _gf_rows(n: int, start: int = 0, minute: str = "14") -> list[list[str]]:
    return [[f"1/18/2024 {minute}:{(start + i) % 60:02d}", "Yes" if (start + i) % 3 else "No",
             f"Reason number {start + i}: the buses in town {start + i} are late", f"Town {(start + i) % 7}"]
            for i in range(n)]


def _texts(project: Project) -> set[str]:
    return {r[0] for r in project.query("SELECT text FROM responses WHERE text != ''")}


@pytest.mark.parametrize("reason", ["request", "test"])
def test_a_respondent_withdrawn_from_an_import_without_digests_stays_out_of_the_next_download(
        project: Project, tmp_path: Path, reason: str) -> None:
    """A project imported before row digests were kept: the respondent withdrawn since is recognised by what
    their row held in the survey's next download ("Form (1).csv"), and the import says so."""
    rows = _gf_rows(10)
    import_files(project, [_gf(tmp_path / "Form.csv", rows)])
    with project.transaction() as conn:  # (as a project made before the digests were kept)
        conn.execute("UPDATE imports SET counts = '{}'")
        conn.execute("DELETE FROM meta WHERE key = 'row_print_salt'")
    gone = project.scalar("SELECT id FROM respondents WHERE external_id = 'Form.csv-row4'")
    withdrawals.withdraw(project, [gone], reason, "asked by e-mail")
    result = import_files(project, [_gf(tmp_path / "Form (1).csv", rows + _gf_rows(1, start=30))])
    assert result.respondents == 1 and sum(result.skipped_withdrawn.values()) == 1
    assert any(w.startswith("Form (1).csv: 1 respondent skipped: withdrawn earlier") for w in result.warnings), \
        result.warnings
    assert project.scalar("SELECT COUNT(*) FROM respondents") == 10
    assert "Reason number 2: the buses in town 2 are late" not in _texts(project)
    kept = json.loads(project.scalar("SELECT counts FROM imports WHERE source_file LIKE '%Form.csv'"))["row_prints"]
    assert list(kept) == ["Form.csv-row4"] and len(kept["Form.csv-row4"]) == 32  # a salted digest, nothing said
    assert "Reason number 2" not in project.scalar("SELECT counts FROM imports WHERE source_file LIKE '%Form.csv'")


def test_a_withdrawal_keeps_no_digest_for_a_file_with_ids_nor_twice(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text(_csv([HEADER, *_rows(1, 6)]), encoding="utf-8")
    import_files(project, [path])
    withdrawals.withdraw(project, [project.scalar("SELECT id FROM respondents WHERE external_id = 'R-0002'")],
                         "test", "")
    assert "row_prints" not in json.loads(project.scalar("SELECT counts FROM imports"))
    import_files(project, [_gf(tmp_path / "Form.csv", _gf_rows(5))])
    before = project.scalar("SELECT counts FROM imports WHERE source_file LIKE '%Form.csv'")
    withdrawals.withdraw(project, [project.scalar("SELECT id FROM respondents WHERE external_id = 'Form.csv-row3'")],
                         "spam", "")
    assert project.scalar("SELECT counts FROM imports WHERE source_file LIKE '%Form.csv'") == before
