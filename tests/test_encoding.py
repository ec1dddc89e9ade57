"""Decoding text files written by survey tools, Excel, Outlook and old systems."""

from __future__ import annotations

import codecs
import time

import pytest

from consult_analyser.errors import IngestError
from consult_analyser.ingest.encoding import decode_bytes, decode_head, read_text_file

TEXT = "id,answer\r\n1,“We don’t agree” – it costs £5 per café visit\r\n2,Ça va, naïve résumé\r\n"
EXPECTED = TEXT.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: found from the NUL bytes
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252"],
)
def test_decodes_common_encodings(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data, "answers.csv")
    assert text == EXPECTED
    assert found == encoding
    assert "\ufeff" not in text


def test_latin1_text_decodes_through_the_windows_1252_superset() -> None:
    text = "Café crème, naïve résumé à Paris\n"
    decoded, encoding = decode_bytes(text.encode("latin-1"), "letter.txt")
    assert decoded == text
    assert encoding in {"cp1252", "latin-1"}


def test_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    text = "Nous ne sommes pas d'accord avec la proposition, elle coûte très cher à nos familles.\n"
    decoded, encoding = decode_bytes(text.encode("latin-1") + b"\x81\n", "odd.txt")
    assert decoded == text + "\x81\n" and encoding == "latin-1"


def test_non_latin_legacy_encodings_are_detected() -> None:
    russian = "Мы не согласны с предложением, потому что оно слишком дорогое для семей.\n"
    decoded, encoding = decode_bytes(russian.encode("cp1251"), "ru.txt")
    assert decoded == russian and encoding == "cp1251"


def test_mostly_utf8_with_stray_cp1252_bytes() -> None:
    data = "It’s fine — mostly.\n".encode() * 3 + "cost £5\n".encode("cp1252")
    decoded, encoding = decode_bytes(data, "mixed.csv")
    assert decoded.endswith("It’s fine — mostly.\ncost £5\n")
    assert encoding == "utf-8+cp1252"


def test_newlines_are_normalised() -> None:
    assert decode_bytes(b"a\r\nb\rc\n", "x.txt")[0] == "a\nb\nc\n"


def test_empty_input_is_empty_text() -> None:
    assert decode_bytes(b"", "x.txt") == ("", "utf-8")


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00" * 40, b"%PDF-1.7\n%\xe2\xe3", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
     b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 50, bytes(range(0, 32)) * 100],
    ids=["zip", "pdf", "png", "nul-bytes", "controls"],
)
def test_binary_data_is_rejected_naming_the_file(data: bytes) -> None:
    with pytest.raises(IngestError) as info:
        decode_bytes(data, "/some/folder/responses.csv")
    assert "responses.csv" in str(info.value)
    assert info.value.path.endswith("responses.csv")


def test_a_stray_nul_in_a_text_export_is_dropped_not_a_reason_to_refuse_it() -> None:
    text, _ = decode_bytes(b"Response ID,Q1. Why?\nR1,More buses\x00 please\nR2,Fewer cars\n", "responses.csv")
    assert text == "Response ID,Q1. Why?\nR1,More buses please\nR2,Fewer cars\n"
    with pytest.raises(IngestError, match="NUL bytes"):  # a run of them is not text
        decode_bytes(b"Response ID,Q1. Why?\nR1," + b"\x00" * 200 + b"\n", "responses.csv")


def test_read_text_file(tmp_path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Dear Sir,\r\nI object.\r\n".encode("utf-16-le"))
    assert read_text_file(path) == "Dear Sir,\nI object.\n"
    with pytest.raises(IngestError, match="missing.txt"):
        read_text_file(tmp_path / "missing.txt")


def test_decode_head_tolerates_a_cut_multibyte_character() -> None:
    head = "résumé ".encode()[:-2] + "é".encode()[:1]
    assert decode_head(head).startswith("résum")


def test_fast_path_on_a_large_utf8_file() -> None:
    row = "123,\"A fairly ordinary answer, with commas and “quotes”\",Agree\r\n".encode()
    data = row * 150_000  # ~10 MB
    started = time.perf_counter()
    text, encoding = decode_bytes(data, "big.csv")
    elapsed = time.perf_counter() - started
    assert encoding == "utf-8" and text.count("\n") == 150_000
    assert elapsed < 2.0


def test_a_single_cp1252_byte_at_the_end_of_a_large_file() -> None:
    data = b"1,plain ascii answer\n" * 200_000 + "2,caf\xe9\n".encode("latin-1")
    text, encoding = decode_bytes(data, "big.csv")
    assert encoding == "cp1252" and text.endswith("2,café\n")
