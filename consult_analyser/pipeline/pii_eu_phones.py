"""Phone numbers in the national formats of Europe written without a "+", for
:mod:`consult_analyser.pipeline.pii_eu` (which has the numbers that start with 0, the French pairs and
those straight after "Tel."):

* by their shape alone, where no ordinary number is written so: an Italian mobile number
  (``347 123 4567``, ``347 1234567``: a 3 and ten digits, 3-3-4 or 3-7), a Spanish one in the
  3-2-2-2 style (``612 34 56 78``, starting 6 to 9) and a Polish landline (``22 123 45 67``);
* after a cue in the languages of EU feedback, with the words that join them ("il mio numero è
  ...", "Mój numer to ...", "numer telefonu ...", "kom. ...", "Mi móvil es ...", "bel me op ...",
  "llámame al ...", and English "phone me on ...", "my mobile number is ..."): any run of 7 to 15 digits (``601 234 567``, ``612 345 678``), but never a date, a
  year range (``2019-2024``), an EU act's number (``2019/771``) or an amount (``350 000 EUR``).

Numbers of three digits in threes (``601 234 567``) need the cue: amounts are written so
(``300 000 000 euro``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Found = Iterator[tuple[int, int, str]]

_SHAPES = (
    re.compile(r"(?<![\w+.,/-])3\d{2}(?:([ \t.-])\d{3}\1\d{4}|[ \t.-]\d{7})(?![\w]|[.,/-]\d|[ \t]\d)"),  # Italy
    re.compile(r"(?<![\w+.,/-])[6-9]\d{2}([ \t.])\d{2}\1\d{2}\1\d{2}(?![\w]|[.,/-]\d|[ \t]\d)"),  # Spain
    re.compile(r"(?<![\w+.,/-])[1-9]\d([ \t])\d{3}\1\d{2}\1\d{2}(?![\w]|[.,/-]\d|[ \t]\d)"),  # Polish landline
)
# what names a phone number: the phone's own words (Polish ones declined), "my number", "call me on"
_WORDS = (
    r"telefonnummer|telefoonnummer|rufnummer|mobilnummer|handynummer|mobiele[ \t]+nummer|"
    r"num[eé]ro[ \t]+(?:de[ \t]+)?(?:t[eé]l[eé]phone|portable|mobile|t[eé]l\.?|fixe)|"
    r"numero[ \t]+(?:di[ \t]+)?(?:telefono|cellulare)|n[uú]mero[ \t]+de[ \t]+(?:tel[eé]fono|m[oó]vil|celular)|"
    r"numer[ \t]+(?:telefonu|komórki|komorki|kom\.?|tel\.?)|telefonu|telefonem|komórka|komórki|komórkowy|"
    r"kom[.:]|tel[eé]fono|telefon|telefoon|t[eé]l[eé]phone|portable|cellulare|cellphone|m[oó]vil|handy|"
    r"whats[ \t-]?app|"
    r"(?:mein(?:e)?|meiner|unsere?|mon|notre|(?:il[ \t]+)?(?:mio|nostro)|mijn|ons|onze|mi|nuestro|mój|moj|nasz|"
    r"(?:o[ \t]+)?(?:meu|nosso))[ \t]+(?:nummer|num[eé]ro|n[uú]mero|numer)|"
    r"(?:ruf(?:en)?|ruft)[ \t]+(?:sie[ \t]+)?(?:mich|uns)[ \t]+(?:gerne?[ \t]+)?an[ \t]+unter|"
    r"(?:erreichen[ \t]+(?:sie[ \t]+)?(?:mich|uns)|erreichbar)[ \t]+unter|"
    r"(?:appelez|appelle)[- ](?:moi|nous)[ \t]+au|(?:me|nous)[ \t]+joindre[ \t]+au|joignable[ \t]+au|"
    r"chiam(?:ami|atemi|ateci)[ \t]+al|(?:llámame|llamame|llámenme|llámeme|llamadme)[ \t]+al|"
    r"bel[ \t]+(?:me|mij|ons)[ \t]+(?:gerust[ \t]+)?op|zadzwoń(?:cie)?[ \t]+(?:do[ \t]+mnie[ \t]+)?pod|"
    r"ligue(?:-me)?[ \t]+para|"
    # English: "phone me on 9876 5432", "ring us at", "my mobile number is", "home phone:"
    r"(?:phone|call|ring|text|contact)[ \t]+(?:me|us)[ \t]+(?:on|at)|"
    r"(?:my|our)[ \t]+(?:home[ \t]+|work[ \t]+|direct[ \t]+)?(?:phone|mobile|landline|telephone|cell)(?:[ \t]+(?:number|no\.?))?|"
    r"(?:home|work)[ \t]+(?:phone|number)")
# the words between the cue and the number: "il mio numero è", "Mój numer to", "Mi móvil es el"
_JOIN = r"(?:[ \t]*(?:[:=–-]|\((?:nr|no|n°)\.?\)))?(?:[ \t]+(?:ist|is|est|es|è|e|to|jest|é|le|el|al|au|op|unter|pod|nr\.?))*"
_CUED = re.compile(rf"(?<![\w])(?:{_WORDS}){_JOIN}[ \t]*(?P<number>\(?\d[\d \t./()-]{{5,20}}\d)(?![\w])", re.I)
_NOT_A_PHONE = re.compile(
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|(?<!\d)(?:19|20)\d\d[ \t]*[-–/][ \t]*(?:19|20)?\d{2,4}(?!\d)")
_AMOUNT = re.compile(r"[ \t]*(?:€|eur\b|euro|zł|zl\b|pln|usd|\$|%|prozent|per[ \t]*cent|tonnen|tonnes|t\b|kg\b)", re.I)
_DIGIT = re.compile(r"\d")


def amount(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is an amount: a currency or a unit beside it."""
    return bool(_AMOUNT.match(text, end)) or bool(re.search(r"(?:€|\$|£)[ \t]*$", text[max(0, start - 3):start]))


def not_a_phone(number: str) -> bool:
    """A date, a year range or an EU act's number ("2019/771"), whatever cue stands before it."""
    return _NOT_A_PHONE.search(number) is not None


def cued(text: str, start: int) -> bool:
    """Whether a phone's cue ("numer telefonu", "Mi móvil es", "Tel.") stands straight before ``text[start:]``."""
    low = max(0, start - 40)
    return any(m.start("number") == start for m in _CUED.finditer(text, low, start + 25)) or bool(
        re.search(r"(?i:\b(?:tel|tél|mob|fax))\.?[ \t]*:?[ \t]*$", text[low:start]))


def spans(text: str) -> Found:
    """Phone numbers written without "+" by their shape or after their cue (see the module docstring)."""
    for pattern in _SHAPES:
        for match in pattern.finditer(text):
            if not amount(text, match.start(), match.end()):
                yield match.start(), match.end(), "phone"
    for match in _CUED.finditer(text):
        number = match.group("number").rstrip(" \t./-(")
        start, end = match.start("number"), match.start("number") + len(number)
        if 7 <= len(_DIGIT.findall(number)) <= 15 and not not_a_phone(number) \
                and not amount(text, start, end):
            yield start, end, "phone"
