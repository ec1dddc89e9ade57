"""Personal data as written in the United States, Canada and Australia, for :mod:`consult_analyser.pipeline.pii`:
comments exported from regulations.gov carry their writer's letterhead and signature in the text.

* ``phone``: North American numbers (area code and exchange 2-9, as the numbering plan has them):
  ``(202) 714-1938``, ``(907)273-1487``, ``202-714-1938`` and ``202.714.1938`` (one separator throughout)
  always, wherever they stand ("Please contact ..., At 907-272-1481": no docket, date or citation takes
  that shape); ``703 963 3578`` (with ``1-`` before or an extension after) only where the text says it is a contact: a cue
  before it ("call", "phone", "fax", "contact", ...), a label after it ("(Mobile)", "Fax"), an
  e-mail address, ZIP code or other phone number near it, a letter's closing before it, or a line
  of its own. Australian ``1300`` and ``1800`` numbers (``1300 739 118``).
* ``postcode``: ZIP codes after a town and a state's code or name (``Jackson, MS 39201``,
  ``Springfield, MO 65806-1234``, ``Anchorage, Alaska 99503``, ``Boise ID 83702``; a state code
  that is also a word, "In", "Or", "Me", only after a comma or a town that is no word); Canadian
  postal codes (``K1A 0B1``); Australian postcodes after a town and a state's code (``Braddon, ACT, 2612``,
  ``Macquarie University, NSW 2109``, and a suburb, postcode and state: ``Surry Hills 2010 NSW``; a town that is an everyday word only with a comma: not "Since NSW
  2020"), in that state's range. The town and state are kept: only the ZIP narrows to a few streets.
* ``address``: a house number and a street (``121 W. Fireweed Lane, Suite 207``, ``1000 Connecticut
  Ave. NW``, ``710 N 6th Street``), and a number and words of any kind straight before a town,
  state and ZIP (``1206 E. Van Buren`` / ``Brownsville, TX 78520``); with the town and ZIP after it.
* ``id_number``: Canadian Social Insurance Numbers (nine digits 3-3-3 whose Luhn check holds) and
  US Social Security numbers (``512-44-7319``); written otherwise, only after "SIN", "SSN",
  "social insurance" or "social security".

Docket numbers ("CFPB-2016-0025"), citations ("85 Fed. Reg. 1684", "RIN 1235-AA20"), amounts and
years never take these shapes with their contexts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consult_analyser.pipeline import pii_eu_phones
from consult_analyser.pipeline.pii_eu_ids import luhn_check
from consult_analyser.pipeline.pii_words import _common_words

Found = Iterator[tuple[int, int, str]]

_STATE_CODES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
                "ND OH OK OR PA PR RI SC SD TN TX UT VT VA VI WA WV WI WY GU AS MP").split()
# codes that are also words or abbreviations in title case: "In 2020", "Or", "Me", "Co."
_WORDLIKE = frozenset("AL CO DE HI ID IN LA MA ME MO MS OH OK OR PA AS".split())
# the last word of a town's name that is also an everyday word ("Kansas City, Mo 64106")
_TOWN_WORDS = frozenset("City Beach Springs Spring Falls Park Creek Lake Heights Valley Hills Grove Harbor Point Rapids "
                        "Junction Village Center Station Church Island Bay Port Mills Rock Bend Forks Ridge".split())
_STATE_NAMES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
                "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
                "Mississippi|Missouri|Montana|Nebraska|Nevada|New[ \t]+Hampshire|New[ \t]+Jersey|New[ \t]+Mexico|"
                "New[ \t]+York|North[ \t]+Carolina|North[ \t]+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode[ \t]+Island|"
                "South[ \t]+Carolina|South[ \t]+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
                "West[ \t]+Virginia|Wisconsin|Wyoming|Puerto[ \t]+Rico|District[ \t]+of[ \t]+Columbia")
_CODE = "|".join(code + "|" + code[0] + code[1].lower() for code in _STATE_CODES) + r"|D\.[Cc]\.?"
_ZIP_END = r"(?![\w]|[-–.,/]\d)"
_ZIP = re.compile(
    rf"(?P<town>[A-Z][\w'’.-]*)(?P<comma>,?)[ \t]+(?:(?P<code>{_CODE})\.?|(?P<name>{_STATE_NAMES}))"
    rf",?[ \t]+(?P<zip>\d{{5}}(?:[ \t]?-[ \t]?\d{{4}})?){_ZIP_END}")
# Australian postcodes after a town and a state's code, in the state's ranges (NSW 1000-2999 but for the
# ACT's 2600-2618 and 2900-2920, the ACT also 0200-0299, the NT 0800-0999)
_AU = re.compile(r"(?P<town>[A-Z][\w'’.-]*)(?P<comma>,?)[ \t]+(?P<state>NSW|ACT|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT)"
                 rf"(?P<comma2>,?)[ \t]+(?P<zip>\d{{4}}){_ZIP_END}")
# the other order, a suburb, its postcode and then the state ("(Surry Hills 2010 NSW)", "Fitzroy, 3065, VIC")
_AU_POSTCODE_FIRST = re.compile(r"(?P<town>(?:[A-Z][\w'’.-]*[ \t]+){0,2}[A-Z][\w'’.-]*)(?P<comma>,?)[ \t]+(?P<zip>\d{4})"
                                r",?[ \t]+(?P<state>NSW|ACT|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT)(?![\w])")
_AU_RANGES = {"NSW": ((1000, 2999),), "ACT": ((200, 299), (2600, 2618), (2900, 2920)), "VIC": ((3000, 3999), (8000, 8999)),
              "QLD": ((4000, 4999), (9000, 9999)), "SA": ((5000, 5999),), "WA": ((6000, 6999),), "TAS": ((7000, 7999),),
              "NT": ((800, 999),)}
_CA_POSTAL = re.compile(r"(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t-]\d[ABCEGHJ-NPRSTV-Z]\d(?![\w-])")

# -- phones ---------------------------------------------------------------------------------------

_NANP = re.compile(
    r"(?<![\w+.,/$-])(?:(?<!\d[ \t])|(?<=\b\d{5}[ \t])|(?<=\b\d{5}-\d{4}[ \t]))"  # after a ZIP, not in a longer number
    r"(?:\+?1[ \t.-]?)?(?:(?P<paren>\([2-9]\d\d\)[ \t]?)|[2-9]\d\d[ \t.-])"
    r"[2-9]\d\d[ \t.-]\d{4}(?:[ \t,]*(?:ext\.?|extension|x)[ \t]*\d{1,6})?(?![\w]|[.,/-]\d|[ \t]\d)", re.I)
_AU_1300 = re.compile(r"(?<![\w+.,/$-])(?<!\d[ \t])1[38]00[ \t-]\d{3}[ \t-]?\d{3}(?![\w]|[.,/-]\d|[ \t]\d)")
# words that name a phone line ("Fax", "Cell:", "Office", "call"); "contact", "reach", "main" and "number" stand
# before other numbers too (an NHS number, an account), so they make a contact only of a number no other
# finder claims
_LINE_WORDS = (r"call(?:ing)?|phone|telephone|tel|fax|facsimile|cell(?:ular)?|mobile|mob|ph|direct|office|text|dial|"
               r"toll[ -]?free|hotline|voice|desk")
_LINE_WORD = re.compile(rf"(?i:\b(?:{_LINE_WORDS})\b)")
_PHONE_CUE = re.compile(
    rf"(?i:\b(?:{_LINE_WORDS}|contact(?:ed)?|reach(?:ed)?|main|number)\b|\b[TPFMOCH][.:])[^\n]{{0,60}}$")
_PHONE_LABEL = re.compile(r"[ \t]*[(,–-]?[ \t]*(?i:phone|tel|telephone|fax|cell|mobile|office|main|direct|home|work|"
                          r"voice|ext|x\d)\b")
_CLOSING = re.compile(r"(?i:\b(?:sincerely|regards|respectfully(?:[ \t]+submitted)?|truly[ \t]+yours|yours[ \t]+truly|"
                      r"best[ \t]+wishes|thank[ \t]+you)\b)")
NEAR = 150  # characters between a phone number and an e-mail, ZIP or other phone that make it a contact
SIGNATURE = 400  # characters after a letter's closing that may hold its signature


_SEPARATED = re.compile(r"(?:\+?1([.-]))?[2-9]\d\d([.-])[2-9]\d\d\2\d{4}")


def written_as_us_phone(number: str) -> bool:
    """Whether ``number`` is written as a North American phone number: ten digits 3-3-4 with one hyphen or
    one dot throughout ("907-272-1481", "1-800-872-9626", "713.296.6618"): a phone wherever it stands."""
    match = _SEPARATED.match(number.strip())
    return match is not None and match.group(1) in (None, match.group(2))


def phone_word_before(text: str, start: int) -> int:
    """Where the last word naming a phone line ("Fax", "Cell", "Office:", "call me at") before
    ``text[start:]`` on its line, within 60 characters, ends; -1 when there is none."""
    low = max(text.rfind("\n", 0, start) + 1, start - 60)
    return max((m.end() for m in _LINE_WORD.finditer(text, low, start)), default=-1)


def phone_label_after(text: str, end: int) -> bool:
    """Whether a phone's label ("(Mobile)", "Fax", "ext. 207") follows the number ending at ``end``."""
    return _PHONE_LABEL.match(text, end) is not None


def _contact_context(text: str, start: int, end: int, near: list[tuple[int, int]]) -> bool:
    """Whether the number at ``text[start:end]`` stands where a contact or signature puts it."""
    if _PHONE_CUE.search(text, max(0, start - 60), start) or phone_label_after(text, end):
        return True
    if any(a != start and (0 <= start - b <= NEAR or 0 <= a - end <= NEAR) for a, b in near):
        return True
    if "@" in text[max(0, start - NEAR):end + NEAR]:
        return True
    if any(0 <= start - m.end() <= SIGNATURE for m in _CLOSING.finditer(text, max(0, start - SIGNATURE), start)):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end:len(text) if line_end < 0 else line_end].strip(" \t.,;")


def phone_spans(text: str, contacts: list[tuple[int, int]]) -> Found:
    """North American and Australian 13/1300/1800 numbers (see the module docstring); ``contacts``:
    the offsets of ZIP codes and addresses found, which make a number near them a contact."""
    found = [m for m in _NANP.finditer(text)]
    near = contacts + [(m.start(), m.end()) for m in found]
    for match in found:
        if match.group("paren") or written_as_us_phone(match.group(0)) \
                or _contact_context(text, match.start(), match.end(), near):
            yield match.start(), match.end(), "phone"
    for match in _AU_1300.finditer(text):
        yield match.start(), match.end(), "phone"


# -- ZIP codes and addresses ------------------------------------------------------------------------

def zip_spans(text: str) -> Found:
    """ZIP codes after a town and state, and Canadian postal codes (see the module docstring)."""
    common = _common_words()
    for match in _ZIP.finditer(text):
        code, town = match.group("code"), match.group("town").rstrip(".")
        wordy = town.lower() in common and town not in _TOWN_WORDS
        if code is not None and wordy and (code.upper() in _WORDLIKE and not code.isupper() or
                                           not match.group("comma") and (code.upper() in _WORDLIKE or not code.isupper())):
            continue  # "Boise ID 83702", "Salt Lake City UT 84101", not "Employee ID 12345" nor "As A Result, In 20000"
        if match.group("name") is not None and not match.group("comma"):
            continue  # "In Texas 12345 people": a state's name only after "Town,"
        yield match.start("zip"), match.end("zip"), "postcode"
    for match in _CA_POSTAL.finditer(text):
        yield match.start(), match.end(), "postcode"
    for match in _AU.finditer(text):
        number = int(match.group("zip"))
        in_range = any(low <= number <= high for low, high in _AU_RANGES[match.group("state").upper()])
        wordy = match.group("town").rstrip(".").lower() in common
        if in_range and not (wordy and not match.group("comma") and not match.group("comma2")):
            yield match.start("zip"), match.end("zip"), "postcode"
    for match in _AU_POSTCODE_FIRST.finditer(text):
        number = int(match.group("zip"))
        # a town of everyday words only with a comma: not "Since 2010 NSW has ..."
        wordy = all(word.rstrip(".").lower() in common for word in match.group("town").split())
        if any(low <= number <= high for low, high in _AU_RANGES[match.group("state").upper()]) \
                and not (wordy and not match.group("comma")):
            yield match.start("zip"), match.end("zip"), "postcode"


_STREET_TYPES = (r"Street|St|Road|Rd|Avenue|Ave|Av|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Place|Pl|Court|Ct|Circle|Cir|"
                 r"Parkway|Pkwy|Highway|Hwy|Trail|Trl|Pike|Plaza|Terrace|Ter|Loop|Square|Sq|Alley|Expressway|"
                 r"Freeway|Turnpike|Cove|Crescent|Close|Row|Walk|Path")
_DIRECTION = r"(?:[NSEW]\.?|[NS]\.?[EW]\.?|North|South|East|West)"
_AFTER = r"(?:,?[ \t]+(?:[NS]\.?[EWew]\.?|(?-i:[NS][ew])|North|South|East|West)(?![\w]))"  # "Ave. NW", "St, Nw"
_FUNCTION = r"(?!(?:Of|The|And|For|To|In|On|At|By|With|From|Per|Or|A|An|Our|Their|Its|Is|Are)\b)"
_STREET_WORD = rf"(?:{_FUNCTION}[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|\d{{1,3}}(?:st|nd|rd|th)|[A-Z]{{2,}}(?=[ \t]))"
_HOUSE = r"(?<![\w.,$/-])\d{1,5}(?:-\d{1,5})?[A-Z]?"
_UNIT = (r"(?:,?[ \t]+(?:(?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Floor|Fl\.?|Room|Rm\.?|#)[ \t]*#?[\w-]{1,6}"
         r"|\d{1,3}(?:st|nd|rd|th)[ \t]+Floor))")
_US_STREET = re.compile(
    rf"{_HOUSE}[ \t]+(?:{_DIRECTION}[ \t]+)?(?:(?:{_STREET_WORD}|[A-Z])[ \t]+){{1,4}}(?:{_STREET_TYPES})\.?"
    rf"{_AFTER}?{_UNIT}?(?![\w'’-])")  # "1849 C Street"
# a number and street of any name, on to a town, state and ZIP: "1206 E. Van Buren\nBrownsville, TX 78520"
_ANY_STREET = re.compile(
    rf"{_HOUSE}[ \t]+(?:{_DIRECTION}[ \t]+)?(?:{_STREET_WORD}[ \t]+){{0,4}}{_STREET_WORD}\.?"
    rf"{_AFTER}?{_UNIT}?(?=[ \t]*,?[ \t]*\n?[ \t]*[A-Z])")
# the town and ZIP after a street: ", Springfield 65806", "\nAnchorage, Alaska 99503-2035"
_TOWN_ZIP = re.compile(rf"[ \t]*,?[ \t]*\n?[ \t]*(?:[A-Z][\w'’.-]*[ \t]+){{0,3}}[A-Z][\w'’.-]*,?[ \t]+"
                       rf"(?:(?:{_CODE}|{_STATE_NAMES})\.?,?[ \t]+)?\d{{5}}(?:-\d{{4}})?{_ZIP_END}(?![ \t]+[a-z])")  # not "Boston 12345 residents"


def address_spans(text: str, zips: list[tuple[int, int]]) -> Found:
    """US street addresses, with the town and ZIP after them (see the module docstring); ``zips``:
    the ZIP codes found after a state."""
    zip_starts = {a: b for a, b in zips}
    for match in _US_STREET.finditer(text):
        after = _TOWN_ZIP.match(text, match.end())
        yield match.start(), after.end() if after else match.end(), "address"
    for match in _ANY_STREET.finditer(text):
        after = _TOWN_ZIP.match(text, match.end())
        if after and (after.end() - 5 in zip_starts or any(a < after.end() <= b for a, b in zips)):
            yield match.start(), after.end(), "address"


# -- identity numbers -----------------------------------------------------------------------------

_SIN = re.compile(r"(?<![\w+.,/$-])(?<!\d[ \t])\d{3}([ \t-])\d{3}\1\d{3}(?![\w]|[.,/-]\d|[ \t]\d)")
_SSN = re.compile(r"(?<![\w+.,/$-])(?<!\d[ \t])(?!000|666|9)\d{3}([ \t-])(?!00)\d{2}\1(?!0000)\d{4}"
                  r"(?![\w]|[.,/-]\d|[ \t]\d)")
_ID_CUE = re.compile(r"(?i:\b(?:sin|ssn|nas|social[ \t]+(?:insurance|security)(?:[ \t]+(?:number|no\.?|#))?)\b)"
                     r"[ \t:#.-]*(?:(?:number|no\.?|is)[ \t:#]*)*$")
_CUED_DIGITS = re.compile(r"\d{3}[ \t-]?\d{2,3}[ \t-]?\d{3,4}(?![\w]|[.,/-]\d)")


def id_spans(text: str) -> Found:
    """Canadian SINs and US Social Security numbers (see the module docstring)."""
    for match in _SIN.finditer(text):
        # nine digits after a phone's cue ("Mi teléfono es 612 345 678") are a phone, whatever their check digit
        if luhn_check(re.sub(r"\D", "", match.group(0))) and not pii_eu_phones.cued(text, match.start()) \
                and not pii_eu_phones.amount(text, match.start(), match.end()):  # nor an amount ("612 345 678 euros")
            yield match.start(), match.end(), "id_number"
    for match in _SSN.finditer(text):
        if match.group(1) == "-" or _ID_CUE.search(text, max(0, match.start() - 40), match.start()):
            yield match.start(), match.end(), "id_number"
    for match in _CUED_DIGITS.finditer(text):
        if len(re.sub(r"\D", "", match.group(0))) == 9 and _ID_CUE.search(text, max(0, match.start() - 40),
                                                                           match.start()):
            yield match.start(), match.end(), "id_number"


_DIGIT = re.compile(r"\d")


def spans(text: str) -> Found:
    """Every US and Canadian phone, ZIP, postal code, address and identity number, and every Australian
    postcode, in ``text``."""
    if not _DIGIT.search(text):
        return
    zips = [(a, b) for a, b, _ in zip_spans(text)]
    yield from ((a, b, "postcode") for a, b in zips)
    addresses = list(address_spans(text, zips))
    yield from addresses
    yield from phone_spans(text, zips + [(a, b) for a, b, _ in addresses])
    yield from id_spans(text)
