"""The files of an import that cannot be read at all, found before anything is imported: every one is
named at once, with its reason (a hostile-input trial met them one import at a time, each refusal hiding the
next).

What is checked is what refuses a whole file: it is empty, binary, protected by a password, damaged, a
table with no rows, a letter that cannot be opened. A row that cannot be read is no such fault: the import
names it (and ``--skip-bad-rows`` leaves it out). A folder is not checked here: its files are read one by
one and one that cannot be read is named, not refused; a mailbox or a REFI-QDA project is read as it is
imported. A table is opened (its header found and its first row read), not read whole; a letter is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.limits import check_file_size


def unreadable_files(paths: Sequence[str | Path], *, layout: str | None = None) -> list[tuple[str, str]]:
    """(path as given, why) for each of ``paths`` that cannot be read at all; the why names the file."""
    out = []
    for name in paths:
        path = Path(name)
        try:
            _check(path, layout)
        except IngestError as exc:
            out.append((str(name), str(exc)))
        except OSError as exc:
            out.append((str(name), f"{path.name}: cannot read the file ({exc.strerror or 'not readable'})"))
    return out


def _check(path: Path, layout: str | None) -> None:
    from consult_analyser.ingest.doc_mbox import MboxReader
    from consult_analyser.ingest.long import LongTableReader
    from consult_analyser.ingest.refi_import import QdpxReader
    from consult_analyser.ingest.registry import choose_reader
    from consult_analyser.ingest.tabular import TABLE_SUFFIXES, open_table
    from consult_analyser.ingest.wide import WideTableReader

    if not path.exists():
        raise IngestError(path, "no such file or folder")
    if path.is_dir():
        return
    check_file_size(path)  # a regular file (no FIFO or device), within the size budget
    # a table by its name is opened at once (choosing a reader would open it too: a large workbook twice)
    reader = None if layout or path.suffix.lower() in TABLE_SUFFIXES else choose_reader(path)
    if reader is None or isinstance(reader, WideTableReader | LongTableReader):
        table = open_table(path, skip_bad_rows=True)
        if next(table.rows, None) is None and not table.bad_rows:
            raise IngestError(path, "the file has a header but no data rows")
        return
    if isinstance(reader, MboxReader | QdpxReader):
        return
    reader.read(path)  # a letter or an e-mail: read whole, as the import reads it
