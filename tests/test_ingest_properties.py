"""Whatever a file holds, every reader gives a parsed batch or a clean IngestError, nothing else.

Arbitrary bytes under every extension a reader claims, arbitrary CSV grids (ragged rows, quotes,
delimiters, blank and repeated header names, title rows, several header rows) in random
encodings, and arbitrary workbooks.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from consult_analyser.errors import IngestError
from consult_analyser.ingest.importer import parse_file
from consult_analyser.ingest.preview import preview_file
from consult_analyser.ingest.registry import all_readers
from consult_analyser.parsed import ParsedBatch

SUFFIXES = [".csv", ".tsv", ".xlsx", ".txt", ".eml", ".docx", ".pdf", ".msg", ".qdpx", ".html", ""]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "Response ID", "id", "Q1", "Q1. Why?", "question", "answer", "Yes", "No", "userType",
                     "Organisation name (if applicable)", "Type de répondant", '"', '""', "a\nb", ";", "\t",
                     "Open-Ended Response", "Response", '{"ImportId":"QID1"}', "V1", "V2", "V3"]),
)
grid = st.lists(st.lists(cell, min_size=0, max_size=8), min_size=0, max_size=12)
encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-16-le"])
delimiter = st.sampled_from([",", ";", "\t", "|"])


def exhaust(batch: ParsedBatch) -> None:
    assert isinstance(batch, ParsedBatch)
    for respondent in batch.iter_respondents():
        assert respondent.external_id
    for document in batch.documents:
        assert isinstance(document.text, str)


def read_all_ways(path: Path) -> None:
    """parse_file (reader chosen), parse_file with each layout, each reader directly, and the dry run."""
    for layout in (None, "wide", "long"):
        try:
            exhaust(parse_file(path, layout=layout))
        except IngestError:
            pass
        try:
            exhaust(parse_file(path, layout=layout, skip_bad_rows=True))
        except IngestError:
            pass
    for reader in all_readers():
        try:
            exhaust(reader.read(path))
        except IngestError:
            pass
    preview = preview_file(path)
    assert preview.error or preview.layout


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        read_all_ways(path)


@SETTINGS
@given(rows=grid, enc=encoding, sep=delimiter, suffix=st.sampled_from([".csv", ".tsv", ".txt"]))
def test_arbitrary_csv_grids(rows: list[list[str]], enc: str, sep: str, suffix: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows(rows)
    text = buffer.getvalue()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"grid{suffix}"
        path.write_bytes(text.encode(enc, errors="replace"))
        read_all_ways(path)


@SETTINGS
@given(rows=grid, cut=st.integers(min_value=0, max_value=400))
def test_raw_text_with_broken_quotes(rows: list[list[str]], cut: int) -> None:
    text = "\n".join(",".join(row) for row in rows)  # no quoting at all: stray quotes, ragged rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "raw.csv"
        path.write_text(text[: cut or None], encoding="utf-8")
        read_all_ways(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets=st.lists(grid, min_size=1, max_size=3), numbers=st.booleans())
def test_arbitrary_workbooks(sheets: list[list[list[str]]], numbers: bool) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for i, rows in enumerate(sheets):
        sheet = workbook.create_sheet(f"Sheet {i}")
        for row in rows:
            clean = ["".join(ch for ch in v if ch.isprintable() or ch == "\n") for v in row]
            sheet.append([float(len(v)) if numbers and k % 3 == 0 else v for k, v in enumerate(clean)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        workbook.save(path)
        read_all_ways(path)
