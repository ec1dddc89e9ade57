"""National identity numbers and postcodes of Europe, for :mod:`consult_analyser.pipeline.pii`;
each number counts only when its check holds, so ordinary numbers of the same length are kept.

* ``id_number`` ("[ID number]"):

  - Italian codice fiscale (``RSSMRA85T10A562S``): six letters, the birth date and place coded
    in letters and digits, and a check letter;
  - Polish PESEL (``44051401359``): eleven digits, a birth date (the century coded in the
    month) and a weighted check digit; one that starts ``01`` to ``09`` is written like a UK
    phone number and counts only after "PESEL" (the phone rule removes it otherwise);
  - Swedish personnummer (``19811218-9876``, ``811218-9876``): a birth date (or its day plus 60,
    a samordningsnummer), a dash or plus, four digits, the last a Luhn check digit; without the
    dash, with a birth date that makes its holder younger than 12, or after "docket", "ref",
    "order", "ärende", ... (record numbers are often dated so: "Docket No. 230407-0093") only after
    "personnummer", "pnr" and the like;
  - German Steuer-ID (``65 929 970 489``): eleven digits, not starting with 0, one digit of the
    first ten repeated two or three times and the others at most once, and an ISO 7064 MOD
    11,10 check digit.

* ``postcode`` ("[postcode]"): Irish Eircodes (``D02 X285``): a routing key (a letter and two
  digits, or ``D6W``), a space and four letters and digits; without the space, or without both a
  letter and a digit in the last four, only after "Eircode".
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import Counter
from collections.abc import Iterator

Found = Iterator[tuple[int, int, str]]

_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                    12, 14, 16, 10, 22, 25, 24, 23], strict=True))
_CF_DIGIT = "[0-9LMNPQRSTUV]"  # a digit, or the letter standing for it where two people share a code
_CODICE_FISCALE = re.compile(rf"(?<![\w])[A-Z]{{6}}{_CF_DIGIT}{{2}}[ABCDEHLMPRST]{_CF_DIGIT}{{2}}[A-Z]{_CF_DIGIT}{{3}}"
                             r"[A-Z](?![\w])")
_ELEVEN = re.compile(r"(?<![\w+.,/-])\d{11}(?![\w]|[.,/-]\d)")
_STEUER = re.compile(r"(?<![\w+.,/-])[1-9]\d[ \t]\d{3}[ \t]\d{3}[ \t]\d{3}(?![\w]|[.,/-]\d)")
_PERSONNUMMER = re.compile(r"(?<![\w+.,/-])(?:\d{8}|\d{6})[-+]\d{4}(?![\w]|[.,/-]\d)")
_PERSONNUMMER_BARE = re.compile(r"(?<![\w+.,/-])(?:\d{12}|\d{10})(?![\w]|[.,/-]\d)")
_PERSONNUMMER_CUE = re.compile(r"\b(?:personnummer|personnr|pers\.?[ \t]?nr|pnr|samordningsnummer)\b", re.I)
_REFERENCE = re.compile(r"\b(?:docket|case|file|ref|reference|order|invoice|ticket|bestellung|aktenzeichen|"
                        r"ärende|diarienummer|dnr)\b", re.I)  # a number of a record, not of a person
_PESEL_CUE = re.compile(r"\bpesel\b", re.I)
_EIRCODE_LETTER = "ACDEFHKNPRTVWXY"
_EIRCODE = re.compile(rf"(?<![\w])(?:[{_EIRCODE_LETTER}]\d{{2}}|D6W)(?P<gap>[ \t]?)[0-9{_EIRCODE_LETTER}]{{4}}(?![\w])")
_EIRCODE_CUE = re.compile(r"\beircode\b", re.I)
CUE_REACH = 40  # characters between a cue ("PESEL") and the number it introduces


def codice_fiscale_check(value: str) -> bool:
    """True when an Italian codice fiscale's last letter is its check letter."""
    value = value.upper()
    if len(value) != 16 or not value.isalnum():
        return False
    total = sum(_CF_ODD[ch] if i % 2 == 0 else (int(ch) if ch.isdigit() else ord(ch) - 65)
                for i, ch in enumerate(value[:15]))
    return chr(65 + total % 26) == value[15]


def _real_date(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def pesel_check(value: str) -> bool:
    """True when eleven digits are a Polish PESEL: a real birth date and the weighted check digit."""
    if len(value) != 11 or not value.isdigit():
        return False
    year, month, day = int(value[:2]), int(value[2:4]), int(value[4:6])
    century = {0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800}.get(month // 20)
    if century is None or not _real_date(century + year, month % 20, day):
        return False
    total = sum(int(d) * w for d, w in zip(value[:10], (1, 3, 7, 9, 1, 3, 7, 9, 1, 3), strict=True))
    return (10 - total % 10) % 10 == int(value[10])


def luhn_check(digits: str) -> bool:
    """True when the digits pass the Luhn (mod 10) check (Swedish personnummer, Canadian SINs)."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def personnummer_check(value: str) -> bool:
    """True when a Swedish personnummer (ten or twelve digits, a dash or plus allowed before the
    last four) holds a real date (or a samordningsnummer's day plus 60) and its Luhn digit."""
    digits = re.sub(r"[-+]", "", value)
    if len(digits) not in (10, 12) or not digits.isdigit():
        return False
    if len(digits) == 12 and digits[:2] not in ("18", "19", "20"):
        return False
    year = int(digits[:4]) if len(digits) == 12 else 1900 + int(digits[:2])
    digits = digits[-10:]
    month, day = int(digits[2:4]), int(digits[4:6])
    day -= 60 if day > 60 else 0
    return _real_date(year, month, day) and luhn_check(digits)


def _birth_year(value: str) -> int:
    """The birth year of a personnummer: written with ten digits, the century that makes its holder
    younger than 100 (older after a plus)."""
    if len(value) == 13:
        return int(value[:4])
    year = 2000 + int(value[:2])
    year -= 100 if year > datetime.date.today().year else 0
    return year - (100 if value[6] == "+" else 0)


def steuer_id_check(value: str) -> bool:
    """True when eleven digits are a German tax identification number (see the module docstring)."""
    digits = re.sub(r"[ \t]", "", value)
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    counts = sorted(Counter(digits[:10]).values(), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
        return False
    product = 10
    for ch in digits[:10]:
        total = (int(ch) + product) % 10 or 10
        product = total * 2 % 11
    return (11 - product) % 10 == int(digits[10])


def _cued(cue: re.Pattern[str], text: str, start: int) -> bool:
    return cue.search(text, max(0, start - CUE_REACH), start) is not None


def national_id_spans(text: str) -> Found:
    """The identity numbers and Eircodes above in ``text``, as (start, end, kind); may overlap."""
    for match in _CODICE_FISCALE.finditer(text):
        if codice_fiscale_check(match.group(0)):
            yield match.start(), match.end(), "id_number"
    for match in _ELEVEN.finditer(text):
        value = match.group(0)
        pesel = pesel_check(value) and (not re.match(r"0[1-9]", value) or _cued(_PESEL_CUE, text, match.start()))
        if pesel or steuer_id_check(value):
            yield match.start(), match.end(), "id_number"
    for match in _STEUER.finditer(text):
        if steuer_id_check(match.group(0)):
            yield match.start(), match.end(), "id_number"
    for match in _PERSONNUMMER.finditer(text):
        value = match.group(0)
        if personnummer_check(value) and (_cued(_PERSONNUMMER_CUE, text, match.start()) or (
                _birth_year(value) <= datetime.date.today().year - 12 and not _cued(_REFERENCE, text, match.start()))):
            yield match.start(), match.end(), "id_number"
    for match in _PERSONNUMMER_BARE.finditer(text):
        if personnummer_check(match.group(0)) and _cued(_PERSONNUMMER_CUE, text, match.start()):
            yield match.start(), match.end(), "id_number"
    for match in _EIRCODE.finditer(text):
        last = match.group(0)[-4:]
        mixed = any(ch.isalpha() for ch in last) and any(ch.isdigit() for ch in last)
        if (match.group("gap") and mixed) or _cued(_EIRCODE_CUE, text, match.start()):
            yield match.start(), match.end(), "postcode"
