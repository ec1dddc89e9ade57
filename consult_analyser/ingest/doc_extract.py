"""Text out of document bytes: plain text, Word .docx, PDF, HTML, RTF and OpenDocument .odt.

Each extractor takes the raw bytes (from a file on disk or an e-mail attachment) and a ``path``
used only to name the source in errors, and returns :class:`Extracted`. Problems that make the
file unreadable raise :class:`IngestError` with a reason a user can act on; problems that leave
some text (a scanned page, a table that would not parse) become warnings.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.encoding import decode_bytes
from consult_analyser.ingest.limits import MAX_DOCUMENT_XML_BYTES, TimeBudget, check_archive
from consult_analyser.progress import ProgressFn

_log = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
TEXT_TYPE = "text/plain"
HTML_TYPE = "text/html"
EMAIL_TYPE = "message/rfc822"
RTF_TYPE = "application/rtf"
ODT_TYPE = "application/vnd.oasis.opendocument.text"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t\xa0]+\n")


@dataclass
class Extracted:
    text: str
    media_type: str
    warnings: list[str] = field(default_factory=list)


def tidy(text: str) -> str:
    """Trim trailing spaces, collapse runs of blank lines to one, strip the ends."""
    text = _TRAILING_SPACE.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _check_not_empty(data: bytes, path: str | Path) -> None:
    if not data or not data.strip():
        raise IngestError(path, "the file is empty")


# -- plain text ---------------------------------------------------------------------------------

def extract_text(data: bytes, path: str | Path) -> Extracted:
    """A plain-text letter in any common encoding."""
    _check_not_empty(data, path)
    text, _encoding = decode_bytes(data, path)
    if not text.strip():
        raise IngestError(path, "the file is empty (only blank space)")
    return Extracted(tidy(text), TEXT_TYPE)


# -- Word .docx ---------------------------------------------------------------------------------

def _cell_text(cell) -> str:  # noqa: ANN001 - python-docx _Cell
    return "\n".join(_block_lines(cell.iter_inner_content())).strip()


def _table_lines(table) -> list[str]:  # noqa: ANN001 - python-docx Table
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:  # merged cells repeat: keep each underlying cell once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = _cell_text(cell)
            if text:
                cells.append(text.replace("\n", " / "))
        if cells:
            lines.append(" | ".join(cells))
    return lines


def _block_lines(blocks) -> list[str]:  # noqa: ANN001 - iterator of Paragraph | Table
    from docx.table import Table

    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return lines


def _raise_for_ole(data: bytes, path: str | Path, what: str) -> None:
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_OOXML in data[:1 << 20]:
            raise IngestError(path, f"the {what} is password-protected; remove the password and import it again")
        raise IngestError(path, f"this is an old-format Office file, not a {what}; "
                                "open it in Word and save it as .docx")


def extract_docx(data: bytes, path: str | Path) -> Extracted:
    """Paragraphs and tables of a Word document, in reading order."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    _check_not_empty(data, path)
    _raise_for_ole(data, path, "Word .docx file")
    if not data.startswith(ZIP_MAGIC):
        raise IngestError(path, "this is not a Word .docx file (it is not a zip package)")
    check_archive(io.BytesIO(data), path, xml_limit=MAX_DOCUMENT_XML_BYTES)  # sizes, compression ratios and DTDs before anything is inflated
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EOFError, SyntaxError) as exc:  # lxml's XMLSyntaxError
        _log.info("Word file %s could not be opened", path, exc_info=True)  # the details for the log, not the user
        raise IngestError(path, "the Word file is damaged and cannot be opened: open it in Word or LibreOffice, save it "
                                "again as .docx, and import that copy") from exc
    except ValueError as exc:  # e.g. a .xlsx or .pptx renamed to .docx
        raise IngestError(path, f"this is not a Word document ({exc})") from exc
    warnings: list[str] = []
    try:
        text = "\n".join(_block_lines(document.iter_inner_content()))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on odd XML
        _log.info("Word file %s: text not read", path, exc_info=True)
        raise IngestError(path, "the Word file's text could not be read (its layout is damaged or unusual): open it in "
                                "Word or LibreOffice, save it again as .docx, and import that copy") from exc
    if not text.strip():
        # Text only in text boxes or shapes, which python-docx does not walk: take every w:t.
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        text = " ".join(t.text or "" for t in document.element.body.iter(f"{ns}t"))
    if not text.strip():
        warnings.append(f"{Path(path).name}: the Word document contains no text")
    return Extracted(tidy(text), DOCX_TYPE, warnings)


# -- PDF ----------------------------------------------------------------------------------------

def _open_pdf(data: bytes, path: str | Path):  # noqa: ANN202 - pypdf.PdfReader
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError, PyPdfError

    _check_not_empty(data, path)
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "this is not a PDF file (no %PDF header)")
    # pypdf warns on stderr of a damaged file ("EOF marker not found") without naming it; a
    # damaged PDF is said with its name below, or read as well as it can be
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are encrypted only to restrict printing or editing: an empty user
            # password opens them. A real password cannot be guessed.
            if not reader.decrypt(""):
                raise IngestError(path, "the PDF is password-protected; remove the password and import it again")
        _ = len(reader.pages)
    except IngestError:
        raise
    except DependencyError as exc:
        raise IngestError(path, f"the PDF is encrypted in a way that cannot be opened here ({exc})") from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        _log.info("PDF %s could not be read", path, exc_info=True)
        raise IngestError(path, "the PDF is damaged and cannot be read: open it in a PDF reader and print or save it "
                                "again as PDF, and import that copy") from exc
    return reader


def extract_pdf(data: bytes, path: str | Path, progress: ProgressFn | None = None) -> Extracted:
    """The text layer of every page. Pages without text (scanned images) become a warning."""
    reader = _open_pdf(data, path)
    name = Path(path).name
    pages: list[str] = []
    empty: list[int] = []
    failed: list[int] = []
    count = len(reader.pages)
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # pypdf warns on every slightly odd object
    budget = TimeBudget(path)
    try:
        for number, page in enumerate(reader.pages, start=1):
            budget.check(f"page {number} of {count}")
            if progress is not None:
                progress((number - 1) / count, f"{name}: page {number} of {count}")
            try:
                text = page.extract_text() or ""
            except Exception:  # noqa: BLE001 - one bad page should not lose the others
                failed.append(number)
                text = ""
            if not text.strip():
                empty.append(number)
            pages.append(text)
    finally:
        pypdf_log.setLevel(level)
    warnings: list[str] = []
    if count and len(empty) == count:
        warnings.append(f"{name}: the PDF has no text layer (a scanned image?); run it through OCR "
                        "or type the text in, then import it again")
    elif empty:
        warnings.append(f"{name}: {len(empty)} of {count} pages have no text (scanned?): pages {_ranges(empty)}")
    if failed:
        warnings.append(f"{name}: the text of pages {_ranges(failed)} could not be extracted")
    return Extracted(tidy("\n\n".join(pages)), PDF_TYPE, warnings)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [0]:
        if n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev > start else str(start))
        start = prev = n
    return ", ".join(out)


# -- HTML ---------------------------------------------------------------------------------------

_BLOCK_TAGS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table",
               "ul", "ol", "pre", "section", "article", "header", "footer", "address", "hr")


def html_to_text(html: str) -> str:
    """Readable text of an HTML e-mail body: block elements become lines, scripts and styles go."""
    import lxml.etree
    import lxml.html

    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return tidy(re.sub(r"<[^>]+>", " ", html))
    for bad in root.xpath("//script | //style | //head | //title"):
        bad.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("td", "th"):
        element.tail = " " + (element.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag == "li":
            element.text = "- " + (element.text or "")
    text = root.text_content().replace("\xa0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    return tidy("\n".join(line.strip() for line in text.split("\n")))


def extract_html(data: bytes, path: str | Path) -> Extracted:
    """An HTML file or attachment, as text."""
    _check_not_empty(data, path)
    text, _encoding = decode_bytes(data, path)
    return Extracted(html_to_text(text), HTML_TYPE)


# -- RTF ----------------------------------------------------------------------------------------

_RTF_HEAD = re.compile(rb"^\s*\{\\rtf", re.I)


def extract_rtf(data: bytes, path: str | Path) -> Extracted:
    """A Rich Text Format letter (WordPad's, Outlook's, or Word's "Save as RTF"), read by striprtf: its control
    words, groups, \\'hh and \\uN characters; font, colour and style tables, pictures and the document's
    information are no text."""
    from striprtf.striprtf import rtf_to_text

    _check_not_empty(data, path)
    if not _RTF_HEAD.match(data[:1024]):
        raise IngestError(path, "this is not an RTF file (it does not start with {\\rtf)")
    try:
        # RTF is 7-bit text; its other characters are escapes, decoded with the file's code page
        text = rtf_to_text(data.decode("latin-1"), errors="replace")
    except Exception as exc:  # noqa: BLE001 - striprtf raises many types on a damaged file
        _log.info("RTF file %s could not be read", path, exc_info=True)
        raise IngestError(path, "the RTF file is damaged and cannot be read: open it in Word or LibreOffice, save it "
                                "again as .docx, and import that copy") from exc
    warnings: list[str] = []
    if not text.strip():
        warnings.append(f"{Path(path).name}: the RTF document contains no text")
    return Extracted(tidy(text.replace("\x00", "")), RTF_TYPE, warnings)


# -- OpenDocument .odt --------------------------------------------------------------------------

_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODT_PARAGRAPHS = {f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"}
#: parts of the body that are no text of the letter: deleted tracked changes, comments, numbering declarations
_ODT_SKIPPED = {f"{{{_ODF_TEXT}}}tracked-changes", f"{{{_ODF_OFFICE}}}annotation", f"{{{_ODF_TEXT}}}note",
                f"{{{_ODF_TEXT}}}sequence-decls", f"{{{_ODF_TEXT}}}variable-decls", f"{{{_ODF_TEXT}}}user-field-decls",
                f"{{{_ODF_OFFICE}}}forms", f"{{{_ODF_OFFICE}}}annotation-end"}


def _odt_inline(element) -> str:  # noqa: ANN001 - lxml element
    """The text of a paragraph or heading: its spans and links, spaces (text:s), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{{{_ODF_TEXT}}}s":
            parts.append(" " * int(child.get(f"{{{_ODF_TEXT}}}c", "1") or 1))
        elif tag == f"{{{_ODF_TEXT}}}tab":
            parts.append("\t")
        elif tag == f"{{{_ODF_TEXT}}}line-break":
            parts.append("\n")
        elif tag not in _ODT_SKIPPED and isinstance(tag, str):
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_table(table) -> list[str]:  # noqa: ANN001 - lxml element
    """A table's rows, one line each, its cells joined with " | " (as a Word table's are)."""
    lines: list[str] = []
    for row in table.iter(f"{{{_ODF_TABLE}}}table-row"):
        if next(row.iterancestors(f"{{{_ODF_TABLE}}}table")) is not table:
            continue  # a row of a table inside a cell: read with its cell
        cells = [" / ".join(line for line in _odt_lines(cell) if line.strip()).strip()
                 for cell in row if cell.tag == f"{{{_ODF_TABLE}}}table-cell"]
        if any(cells):
            lines.append(" | ".join(c for c in cells if c))
    return lines


def _odt_lines(element) -> list[str]:  # noqa: ANN001 - lxml element
    """Paragraphs, headings, list items and table rows under ``element``, in reading order."""
    lines: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _ODT_SKIPPED:
            continue
        if tag in _ODT_PARAGRAPHS:
            lines.append(_odt_inline(child))
        elif tag == f"{{{_ODF_TABLE}}}table":
            lines.extend(_odt_table(child))
        else:  # lists and their items, sections, frames and text boxes
            lines.extend(_odt_lines(child))
    return lines


def extract_odt(data: bytes, path: str | Path) -> Extracted:
    """An OpenDocument text (LibreOffice's .odt): the paragraphs, headings, list items and table cells of its
    content.xml, in order."""
    import lxml.etree

    _check_not_empty(data, path)
    if not data.startswith(ZIP_MAGIC):
        raise IngestError(path, "this is not an OpenDocument .odt file (it is not a zip package)")
    check_archive(io.BytesIO(data), path, xml_limit=MAX_DOCUMENT_XML_BYTES)
    damaged = ("the OpenDocument file is damaged and cannot be opened: open it in LibreOffice or Word, save it "
               "again (as .odt or .docx), and import that copy")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "content.xml" not in names:
                raise IngestError(path, "this is not an OpenDocument text (it holds no content.xml)")
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            if b"encryption-data" in manifest:
                raise IngestError(path, "the OpenDocument file is password-protected; remove the password and "
                                        "import it again")
            content = archive.read("content.xml")
    except IngestError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, OSError, ValueError) as exc:
        _log.info("OpenDocument file %s could not be opened", path, exc_info=True)
        raise IngestError(path, damaged) from exc
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(content, parser)
    except lxml.etree.XMLSyntaxError as exc:
        _log.info("OpenDocument file %s: content.xml not parsed", path, exc_info=True)
        raise IngestError(path, damaged) from exc
    body = root.find(f"{{{_ODF_OFFICE}}}body")
    text = "\n".join(_odt_lines(body)) if body is not None else ""
    warnings: list[str] = []
    if not text.strip():
        warnings.append(f"{Path(path).name}: the OpenDocument file contains no text")
    return Extracted(tidy(text), ODT_TYPE, warnings)
