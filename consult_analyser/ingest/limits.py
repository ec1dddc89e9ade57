"""Limits checked before any work: a file written to hurt is refused quickly, with a message.

Every reader calls these before it opens, inflates or parses anything:

- :func:`check_regular_file`: only regular files are read. A FIFO would block the import for
  ever and a device (``/dev/zero``, ``/dev/urandom``) never ends; a symlink is followed only to
  a regular file. Checked with ``stat``, which neither opens nor blocks.
- :func:`check_file_size`: a per-file size budget (the largest real exports are a few hundred MB).
- :func:`check_archive`: every member of a zip package (.xlsx, .docx, .qdpx, a .docx attached to
  an e-mail) is checked against a size cap, a total cap and a compression-ratio cap *before* it
  is inflated; a zip bomb is refused from its directory alone. Python's ``zipfile`` never inflates
  a member past its declared size, so checking the declared sizes is enough. XML members that
  declare a document type (``<!DOCTYPE``/``<!ENTITY``: never found in Office or REFI-QDA files)
  are refused too, so no entity is ever expanded ("billion laughs").
- :func:`xml_parser`: the one lxml parser for untrusted XML: no entities, no DTD, no network,
  libxml2's own depth and size limits kept (``huge_tree`` off).
- :data:`MAX_DEPTH`: how deep any nested structure (codes in a codebook or project, forwarded
  messages) may go; readers walk trees with an explicit stack and stop there.
- :func:`check_xlsx_shape`: a worksheet's rows x columns within a cap.
- :class:`TimeBudget`: a per-file time budget, checked between the pieces of a long read.

Each refusal is an :class:`IngestError` that names the file and the limit.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import IO

from consult_analyser.errors import IngestError

MB = 1024 * 1024
MAX_FILE_BYTES = 2048 * MB          # any one input file
MAX_DOCUMENT_BYTES = 256 * MB       # one letter (.docx, .pdf, .txt, .eml, .msg, .html)
MAX_MEMBER_BYTES = 512 * MB         # one member of a zip package, inflated
MAX_ARCHIVE_BYTES = 1024 * MB       # all members of one zip package, inflated
MAX_DOCUMENT_XML_BYTES = 64 * MB    # one XML part of a Word document (parsed whole)
MAX_RATIO = 200                     # inflated / compressed size of a member (above 1 MB inflated)
RATIO_FLOOR = 1 * MB
MAX_MEMBERS = 100_000
MAX_DEPTH = 100                     # nesting of codes, forwarded messages, ...
MAX_COLUMNS = 4_000                 # columns in one worksheet row
MAX_CELLS = 50_000_000              # rows x columns of one worksheet
MAX_SECONDS_PER_FILE = 300.0        # reading one document (checked between pages)
MAX_LINE_BYTES = 32 * MB            # one physical line of a CSV or text file
_DTD_SCAN = 64 * 1024               # a DOCTYPE must come before the root element: the head is enough


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def check_regular_file(path: str | Path) -> os.stat_result:
    """The file's status when it is a regular file (a symlink is followed); else an IngestError."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise IngestError(path, "no such file or folder") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return info
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
    via = " (through a symbolic link)" if path.is_symlink() else ""
    raise IngestError(path, f"is {kind}{via}, not a regular file: only regular files are read")


def check_file_size(path: str | Path, limit: int = MAX_FILE_BYTES, what: str = "file") -> int:
    """The file's size, refused above ``limit`` bytes (and when it is not a regular file)."""
    info = check_regular_file(path)
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise IngestError(path, f"the {what} is {_mb(info.st_size)}, larger than the {_mb(limit)} limit")
    return info.st_size


def check_archive(source: str | Path | IO[bytes], label: str | Path, *, member_limit: int = MAX_MEMBER_BYTES,
                  total_limit: int = MAX_ARCHIVE_BYTES, ratio_limit: int = MAX_RATIO,
                  xml_limit: int | None = None) -> None:
    """Refuse a zip package whose members would inflate too far, or whose XML declares a DTD.

    ``source`` is a path or a binary file object; ``label`` names it in messages. ``xml_limit``
    caps XML parts that the reader parses whole into memory (a Word document's). A file that is
    not a zip at all passes (the reader says what it is)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise IngestError(label, f"the package holds {len(members):,} parts, more than the {MAX_MEMBERS:,} allowed")
        total = 0
        for info in members:
            size = info.file_size
            total += size
            if xml_limit is not None and size > xml_limit and info.filename.lower().endswith(".xml"):
                raise IngestError(label, f"the part {info.filename!r} would inflate to {_mb(size)}, more than the "
                                         f"{_mb(xml_limit)} limit for a document's text")
            if size > member_limit:
                raise IngestError(label, f"the part {info.filename!r} would inflate to {_mb(size)}, more than the "
                                         f"{_mb(member_limit)} limit for one part")
            if size > RATIO_FLOOR and size > ratio_limit * max(1, info.compress_size):
                raise IngestError(label, f"the part {info.filename!r} is compressed {size // max(1, info.compress_size):,} "
                                         f"to 1, more than the {ratio_limit} to 1 limit (a compression bomb)")
            if total > total_limit:
                raise IngestError(label, f"the package would inflate to more than the {_mb(total_limit)} limit")
        for info in members:
            if info.filename.lower().endswith((".xml", ".rels", ".qde", ".qdc")):
                _check_no_dtd(archive, info, label)


def _check_no_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str | Path) -> None:
    try:
        with archive.open(info) as member:
            head = member.read(_DTD_SCAN)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return  # damaged or encrypted: the reader reports it
    check_xml_head(head, label, f"the part {info.filename!r}")


def check_xml_head(head: bytes, label: str | Path, what: str = "the XML") -> None:
    """Refuse XML that declares a document type: its entities could expand without end."""
    probe = head.replace(b"\x00", b"").upper()  # UTF-16 XML too
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        raise IngestError(label, f"{what} declares a document type (DOCTYPE/ENTITY), which these files never "
                                 "need; refused so that no entity is expanded")


def xml_parser(**options: object):  # noqa: ANN201 - lxml.etree.XMLParser
    """An lxml parser for untrusted XML: no entity expansion, no DTD, no network, and libxml2's
    limits on depth and node size kept."""
    from lxml import etree

    settings: dict[str, object] = {"resolve_entities": False, "load_dtd": False, "no_network": True,
                                   "huge_tree": False, "dtd_validation": False}
    settings.update(options)
    return etree.XMLParser(**settings)


def check_line_length(path: str | Path, limit: int = MAX_LINE_BYTES) -> None:
    """Refuse a text file with a line longer than ``limit`` bytes, read a megabyte at a time
    (so a 200 MB line is refused before it is loaded and decoded)."""
    run = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(MB):
            newline = chunk.rfind(b"\n")
            if newline < 0:
                run += len(chunk)
            else:
                first = chunk.find(b"\n")
                longest = max(run + first, _longest_inner(chunk, first, newline))
                if longest > limit:
                    run = longest
                    break
                run = len(chunk) - newline - 1
            if run > limit:
                break
    if run > limit:
        raise IngestError(path, f"a line is longer than the {_mb(limit)} limit (a table row or letter line "
                                "that long is not a real response)")


def _longest_inner(chunk: bytes, first: int, last: int) -> int:
    if first == last:
        return 0
    return max(map(len, chunk[first + 1:last].split(b"\n")))


class TimeBudget:
    """A per-file time budget for readers that work piece by piece (a PDF page at a time):
    :meth:`check` between pieces refuses the file once ``seconds`` have passed."""

    def __init__(self, path: str | Path, seconds: float = MAX_SECONDS_PER_FILE) -> None:
        import time

        self.path, self.seconds, self._clock = path, seconds, time.monotonic
        self._deadline = self._clock() + seconds

    def check(self, where: str = "") -> None:
        if self._clock() > self._deadline:
            raise IngestError(self.path, f"reading it took longer than the {self.seconds:.0f} s allowed for one file"
                                         + (f" ({where})" if where else ""))


def check_xlsx_shape(path: str | Path, rows: int, columns: int) -> None:
    """Refuse a worksheet row wider than :data:`MAX_COLUMNS`, or more cells than :data:`MAX_CELLS`."""
    if columns > MAX_COLUMNS:
        raise IngestError(path, f"row {rows:,} of the worksheet has {columns:,} columns, more than the "
                                f"{MAX_COLUMNS:,} allowed", row=rows)
    if rows * max(1, columns) > MAX_CELLS:
        raise IngestError(path, f"the worksheet holds more than the {MAX_CELLS:,} cells (rows x columns) allowed",
                          row=rows)
