"""Turn the bytes of a text file into ``str``, whatever program wrote them.

Consultation files come from online survey tools (UTF-8, sometimes with a BOM), Excel and
Outlook on Windows (cp1252, or UTF-16 for "Unicode text" exports) and old systems (latin-1).
The order of tests keeps the common case fast for 100 MB exports:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32);
2. UTF-16 without a BOM is recognised from the NUL bytes between ASCII letters;
3. strict UTF-8 over the whole file (one C-speed pass, no detector);
4. otherwise charset-normalizer looks at a *sample* (the lines holding non-ASCII bytes), with
   Windows-1252 as the prior for Latin text, as browsers do for unlabelled legacy pages.

Binary files (Office documents, images, archives) raise :class:`IngestError` naming the file.
Newlines always come back as ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from consult_analyser.errors import IngestError

__all__ = ["decode_bytes", "decode_head", "read_text_file", "normalise_newlines", "looks_binary", "removed_nuls"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats users most often feed to a text importer by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive (for example an Excel .xlsx or Word .docx file)"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office file (.xls/.doc/.msg)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)

# Legacy encodings charset-normalizer may propose that are worth trusting over the cp1252
# prior: they are not Latin-alphabet code pages, so confusing them with cp1252 yields text that
# is obviously wrong (Cyrillic, Greek, Hebrew, Arabic, CJK).
_NON_LATIN = {
    "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp1253", "iso8859_7",
    "cp1255", "iso8859_8",
    "cp1256", "iso8859_6",
    "gb18030", "gb2312", "gbk", "big5", "big5hkscs", "cp950", "cp936",
    "shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949",
    "tis_620", "cp874",
}
_CANDIDATES = sorted(_NON_LATIN | {"cp1252", "cp1250", "iso8859_15", "latin_1"})

_SAMPLE_BYTES = 64 * 1024
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_C0_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` (old Mac) become ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _magic_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 LE/BE guessed from NUL bytes at odd/even offsets (ASCII text encodes as ``a\\0``)."""
    sample = head[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nul = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd_nul = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> str | None:
    """A short description if ``head`` (the start of a file) is clearly not text, else None.

    UTF-16 text (which is full of NUL bytes) is not binary; call after BOM/UTF-16 checks or on
    data that has neither.
    """
    kind = _magic_kind(head)
    if kind:
        return kind
    if _bom_encoding(head) or _utf16_without_bom(head):
        return None
    if _nul_heavy(head[:_SAMPLE_BYTES]):
        return "binary data (it contains NUL bytes)"
    return None


def _nul_heavy(head: bytes) -> bool:
    """NUL bytes enough to make the start of a file binary: more than 8 and more than 1 in 100.
    A stray NUL or two in a text export (a database field copied whole) is dropped instead (see
    :func:`_finish`)."""
    nuls = head.count(0)
    return nuls > 8 and nuls > len(head) // 100


def _non_ascii_sample(data: bytes, limit: int = _SAMPLE_BYTES) -> bytes:
    """The lines holding non-ASCII bytes, up to ``limit`` bytes: what decides the encoding.

    ASCII-only stretches are skipped a megabyte at a time (``bytes.isascii`` is C-fast), so a
    single accented letter at the end of a 100 MB file is still found quickly.
    """
    parts: list[bytes] = []
    size = 0
    pos = 0
    chunk = 1 << 20
    while size < limit and pos < len(data):
        if data[pos : pos + chunk].isascii():
            pos += chunk
            continue
        match = _NON_ASCII.search(data, pos, pos + chunk)
        if match is None:  # pragma: no cover - isascii said there is one
            break
        hit = match.start()
        left = data.rfind(b"\n", max(0, hit - 2048), hit)
        start = left + 1 if left >= 0 else max(0, hit - 2048)
        right = data.find(b"\n", hit, hit + 2048)
        end = right if right >= 0 else min(len(data), hit + 2048)
        parts.append(data[start:end])
        size += end - start + 1
        pos = end + 1
    return b"\n".join(parts)


def _utf8_share(sample: bytes) -> float:
    """Share of non-ASCII characters in ``sample`` that are valid UTF-8 sequences."""
    decoded = sample.decode("utf-8", "surrogateescape")
    bad = sum(1 for ch in decoded if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in decoded if ord(ch) > 0x7F) - bad
    return good / (good + bad) if good else 0.0


def _utf8_with_cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode stray non-UTF-8 bytes as Windows-1252 (latin-1 if undefined)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = bytes(error.object[error.start : error.end])
    return bad.decode("cp1252" if _cp1252_ok(bad) else "latin-1"), error.end


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


codecs.register_error("consult_cp1252_fallback", _utf8_with_cp1252_fallback)


def _detect_legacy(sample: bytes) -> str:
    """Pick a legacy single/multi-byte encoding for ``sample`` (not UTF-8)."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    baseline = "cp1252" if _cp1252_ok(sample) else "latin-1"
    baseline_mess = mess_ratio(sample.decode(baseline), 1.0)
    best = from_bytes(sample, cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding in _NON_LATIN and best.chaos + 0.1 < baseline_mess:
        return best.encoding
    # Latin text: charset-normalizer cannot tell the Western code pages apart on a few accented
    # letters, so use the Windows-1252 default (a superset of latin-1's printable characters).
    return baseline


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode ``data`` (the whole content of ``path``) and return ``(text, encoding name)``.

    Raises :class:`IngestError` naming ``path`` for binary data or text that cannot be decoded.
    """
    if not data:
        return "", "utf-8"
    head = data[:_SAMPLE_BYTES]
    kind = _magic_kind(head)
    if kind:
        raise IngestError(path, f"this is {kind}, not a text file")
    encoding = _bom_encoding(data) or _utf16_without_bom(head)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise IngestError(path, f"the file says it is {encoding} but is not valid {encoding} ({exc.reason})") from exc
        text = text.lstrip("\ufeff")
        return _finish(text, path), encoding.replace("-sig", "")
    if _nul_heavy(head):
        raise IngestError(path, "this is binary data (it contains NUL bytes), not a text file")
    try:
        return _finish(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = _non_ascii_sample(data)
    if _utf8_share(sample) >= 0.25:
        # Mostly UTF-8 with a few Windows-1252 bytes (files pasted together from two sources).
        return _finish(data.decode("utf-8", "consult_cp1252_fallback"), path), "utf-8+cp1252"
    encoding = _detect_legacy(sample)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252" if _cp1252_ok(data) else "latin-1"
        text = data.decode(encoding)
    return _finish(text, path), encoding


def _finish(text: str, path: str | Path) -> str:
    """Reject text that is mostly control characters; normalise newlines; drop stray NULs."""
    window = text[:20_000]
    # random bytes hold about 11% control characters, text next to none: above 1 in 20 is binary (at
    # 1 in 10, one random file in 200 passed as text)
    if window and len(_C0_CONTROLS.findall(window)) > 0.05 * len(window):
        raise IngestError(path, "this looks like binary data (mostly control characters), not a text file")
    if "\x00" in text:
        REMOVED_NULS[str(path)] = text.count("\x00")
        text = text.replace("\x00", "")
    return normalise_newlines(text)


#: NUL characters :func:`decode_bytes` removed, by the path decoded (the table reader says how many: see
#: :func:`removed_nuls`)
REMOVED_NULS: dict[str, int] = {}


def removed_nuls(path: str | Path) -> int:
    """How many NUL characters the last decoding of ``path`` removed (0 when none)."""
    return REMOVED_NULS.pop(str(path), 0)


def decode_head(head: bytes) -> str:
    """Best-effort text of a file's first bytes, for sniffing (never raises).

    A multi-byte character cut at the end of ``head`` is dropped rather than failing the decode.
    """
    encoding = _bom_encoding(head) or _utf16_without_bom(head)
    if encoding:
        return normalise_newlines(head.decode(encoding, "ignore").lstrip("\ufeff"))
    try:
        return normalise_newlines(head.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return normalise_newlines(head[: exc.start].decode("utf-8", "replace"))
    return normalise_newlines(head.decode("cp1252", "replace"))


def read_text_file(path: str | Path) -> str:
    """Read and decode a whole text file; raise :class:`IngestError` if it is not text."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    return decode_bytes(data, path)[0]
