"""Files written to hurt a reader: a generated corpus for the hostile-file tests.

Each builder writes one file (or special file) into a folder and returns its path. Nothing here
is large on disk except the 200 MB line, which is written sparsely on demand.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _bomb_member(archive: zipfile.ZipFile, name: str, size: int, prefix: bytes = b"") -> None:
    """A member that inflates to ``size`` bytes of spaces from a few kilobytes."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        member.write(prefix)
        chunk = b" " * (1 << 20)
        for _ in range(size >> 20):
            member.write(chunk)


def docx_bomb(folder: Path) -> Path:
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        _bomb_member(z, "word/document.xml", (1 << 30) + (8 << 20), f'<?xml version="1.0"?><w:document xmlns:w="{_W}">'.encode())
    return path


def xlsx_bomb(folder: Path) -> Path:
    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        _bomb_member(z, "xl/sharedStrings.xml", (1 << 30) + (8 << 20), b'<?xml version="1.0"?><sst>')
    return path


def qdpx_bomb(folder: Path) -> Path:
    path = folder / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        _bomb_member(z, "project.qde", (1 << 30) + (8 << 20), b'<?xml version="1.0"?><Project>')
    return path


def docx_billion_laughs(folder: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    document = (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
                f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    path = folder / "laughs.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return path


def _qde(codes: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x" '
            f'origin="test"><CodeBook><Codes>{codes}</Codes></CodeBook></Project>')


def qdpx_deep_codes(folder: Path, depth: int = 5000) -> Path:
    codes = "".join(f'<Code guid="{i:08d}-0000-0000-0000-000000000000" name="c{i}" isCodable="true">'
                    for i in range(depth)) + "</Code>" * depth
    path = folder / "deep.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", _qde(codes))
    return path


def qdpx_bad_sidecar(folder: Path) -> Path:
    path = folder / "sidecar.qdpx"
    code = '<Code guid="00000000-0000-0000-0000-000000000001" name="c" isCodable="true"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", _qde(code))
        from consult_analyser.ingest.refi_common import SIDECAR, SIDECAR_FORMAT

        z.writestr(SIDECAR, f'{{"format": "{SIDECAR_FORMAT}", "questions": [{{"id": 3}}], "variables": 7}}')
    return path


def codebook_deep_csv(folder: Path, depth: int = 3000) -> Path:
    path = folder / "codebook.csv"
    path.write_text("path,description,colour\n" + " > ".join(f"level{i}" for i in range(depth)) + ",deep,\n")
    return path


def eml_nested(folder: Path, depth: int = 2000) -> Path:
    boundary = "b{}"
    parts = ["From: a@example.org\nSubject: hello\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n"]
    for level in range(depth):
        parts.append(f'Content-Type: multipart/mixed; boundary="{boundary.format(level)}"\n\n'
                     f"--{boundary.format(level)}\nContent-Type: text/plain\n\nlevel {level}\n"
                     f"--{boundary.format(level)}\nContent-Type: message/rfc822\n\n"
                     f"From: b@example.org\nSubject: fwd {level}\nMIME-Version: 1.0\n")
    body = "".join(parts) + "Content-Type: text/plain\n\ninnermost\n"
    body += "".join(f"\n--{boundary.format(level)}--\n" for level in reversed(range(depth)))
    path = folder / "nested.eml"
    path.write_text(body)
    return path


def fifo(folder: Path) -> Path:
    path = folder / "answers.csv"
    os.mkfifo(path)
    return path


def symlink_zero(folder: Path) -> Path:
    path = folder / "zero" / "answers.csv"
    path.parent.mkdir()
    path.symlink_to("/dev/zero")
    return path


def symlink_urandom(folder: Path) -> Path:
    path = folder / "urandom" / "answers.csv"
    path.parent.mkdir()
    path.symlink_to("/dev/urandom")
    return path


def xlsx_far_dimension(folder: Path) -> Path:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Response ID", "Q1. Why?"])
    sheet.append(["R1", "Because."])
    workbook.save(buffer)
    path = folder / "far.xlsx"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            z.writestr(info, data)
    return path


def xlsx_wide_row(folder: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Response ID", "Q1. Why?"])
    row: list[object] = ["R1", "Because."] + [None] * 16000 + ["far"]
    sheet.append(row)
    path = folder / "wide.xlsx"
    workbook.save(path)
    return path


def csv_long_line(folder: Path, size: int = 200 * 1024 * 1024) -> Path:
    path = folder / "longline.csv"
    with path.open("wb") as fh:
        fh.write(b"Response ID,Q1. Why?\nR1,")
        chunk = b"a" * (1 << 20)
        for _ in range(size >> 20):
            fh.write(chunk)
        fh.write(b"\n")
    return path


def csv_nul_bytes(folder: Path) -> Path:
    path = folder / "nul.csv"
    path.write_bytes(b"Response ID,Q1. Why?\nR1,abc\x00\x00def\nR2," + b"\x00" * 5000 + b"\n")
    return path


def pdf_cyclic(folder: Path) -> Path:
    # Page tree whose Kids point back at itself, and an outline that loops.
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/Outlines 4 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[2 0 R 3 0 R]/Count 2>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Contents 5 0 R>>endobj\n"
            b"4 0 obj<</Type/Outlines/First 4 0 R/Last 4 0 R/Next 4 0 R>>endobj\n"
            b"5 0 obj<</Length 0>>stream\n\nendstream endobj\n")
    xref_at = len(body)
    trailer = f"xref\n0 1\n0000000000 65535 f \ntrailer<</Size 6/Root 1 0 R>>\nstartxref\n{xref_at}\n%%EOF\n"
    path = folder / "cyclic.pdf"
    path.write_bytes(body + trailer.encode())
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "docx bomb": docx_bomb,
    "xlsx bomb": xlsx_bomb,
    "qdpx bomb": qdpx_bomb,
    "docx billion laughs": docx_billion_laughs,
    "qdpx codes 5000 deep": qdpx_deep_codes,
    "qdpx damaged sidecar": qdpx_bad_sidecar,
    "eml 2000 nested messages": eml_nested,
    "fifo": fifo,
    "symlink to /dev/zero": symlink_zero,
    "symlink to /dev/urandom": symlink_urandom,
    "xlsx far dimension": xlsx_far_dimension,
    "xlsx row 16000 wide": xlsx_wide_row,
    "csv 200 MB line": csv_long_line,
    "csv NUL bytes": csv_nul_bytes,
    "pdf cyclic": pdf_cyclic,
}
