"""Personal identifiers a UK department must remove before publishing, found by pattern.

Each finder yields (start, end, kind) for :mod:`consult_analyser.pipeline.pii`:

* ``ni_number``: National Insurance numbers, two letters, six digits and a letter A-D, with or
  without spaces (``QQ123456C``, ``AB 12 34 56 C``), any case.
* ``nhs_number``: ten digits written 3-3-4 or run together, whose modulus-11 check digit holds
  (``943 476 5919``); a ten-digit number failing the check is not one, nor one that ends a longer
  number (``+49 171 1520004``, a phone). Written otherwise and with no health cue ("NHS",
  "hospital", "GP", ...) before it, it is removed as ``id_number`` ("[ID number]"): any
  ten-digit number passes the check one time in eleven. Ten digits written 3-3-4 after "NHS" are an
  NHS number whatever their check digit (a slip in typing it is still the person's number).
  Ten digits written as a phone number are a ``phone``, whatever their check digit: a phone's word
  before them nearer than any health cue ("Fax 202 555 0148", "Cell: 202-555-0147", "call me at ...")
  or a phone's label after them ("(Office)"), as a US letterhead gives its numbers (one written
  with its area code in brackets, "(202) 555-0147", never takes the NHS number's shape).
* ``date_of_birth``: a full date (``14/03/1985``, ``10/27/1961`` as the US writes it, ``2 May 1979``,
  ``May 2nd, 1979``, ``1985-03-14``) after a birth cue ("born", "date of birth", "DOB", "birthday", "né(e)"). A
  date without one is kept, however long ago: the dates an answer gives are a rule's, a law's or a
  meeting's far more often than its writer's birth ("the August 15, 2008 proposed rule", "signed
  into law on January 1, 1970", "73 Fed. Reg. 63667 (Oct. 27, 2008)").
* ``bank``: sort codes (``12-34-56``, or ``12 34 56`` after "sort code") and eight-digit account
  numbers after "account" or beside a sort code; IBANs.
* ``passport``: nine digits (or one or two letters and seven or eight digits) after "passport".
* ``driving_licence``: the sixteen-character UK licence number (``MORGA753116SM9IJ``), any case,
  spaces allowed; six or more letters and digits, five of them digits, after "driving licence", "driver's
  license" or "driver licence" (Australian licences: "NSW driver licence 12345678") too.
* ``id_number`` (also): an Australian Medicare number after "Medicare" (``2123 45670 1``: ten digits 4-5-1
  and the card's issue number).
* ``id_number`` (also): a disability parking permit's number (a UK Blue Badge, council letters and
  digits in groups: ``ED92 9613 4416``, anywhere in that shape), and a permit's or a penalty charge
  notice's number after its cue ("blue badge number", "disabled badge", "residents' permit no.",
  "PCN", "penalty charge notice"): letters and five or more digits, seven digits alone, or three or
  more digits after "number"/"no."/"ref" ("permit number 4471"); not "a blue badge holder since 2015"
  nor "a permit costs £120".
* ``vehicle``: registration marks in the current (``AB12 CDE``) and prefix (``A123 BCD``) styles,
  upper case, and any mark after "registration"/"reg"; not after the "Reg." of a citation's "Fed. Reg."
  (the Federal Register: "73 Fed. Reg. 47868", "Fed. Reg. Vol. 73"), which is no registration.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consult_analyser.pipeline import pii_us

Found = Iterator[tuple[int, int, str]]

_NI = re.compile(r"(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D](?![\w])"
                 r"|(?<![\w])QQ[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D](?![\w])", re.I)
_NHS = re.compile(r"(?<![\w+])(\d{3})[ \t-]?(\d{3})[ \t-]?(\d{4})(?![\w])")
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_MONTH_NUMBER = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_DAY = r"(?:[012]?\d|3[01])(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"(?<![\w/.-])(?P<d1>[012]?\d|3[01])[/.-](?P<m1>[012]?\d|3[01])[/.-](?P<y1>(?:19|20)\d\d|\d\d)(?![\w/])"
    rf"|(?<![\w])(?P<d2>{_DAY})(?:[ \t]+of)?[ \t]+(?P<m2>{_MONTHS})\.?,?[ \t]+(?P<y2>(?:19|20)\d\d)(?!\w)"
    rf"|(?<![\w])(?P<m3>{_MONTHS})\.?[ \t]+(?P<d3>{_DAY}),?[ \t]+(?P<y3>(?:19|20)\d\d)(?!\w)"
    r"|(?<![\w/-])(?P<y4>(?:19|20)\d\d)-(?P<m4>0\d|1[0-2])-(?P<d4>[0-2]\d|3[01])(?![\w/])",
    re.I)
_BIRTH_CUE = re.compile(r"\b(?:born|birth|d\.?o\.?b\.?|birthday|dob|née|né)\b", re.I)
_SORT_HYPHEN = re.compile(r"(?<![\w-])\d{2}-\d{2}-\d{2}(?![\w-])")
_SORT_CUED = re.compile(r"\b(?:sort[ \t-]*code|bank(?:[ \t]+details)?|account)\b[^\d\n]{0,25}"
                        r"(?<!\d)(\d{2}[ \t-]?\d{2}[ \t-]?\d{2})(?![\d])", re.I)
_ACCOUNT = re.compile(r"(?<![\w])\d{8}(?![\w])|(?<![\w])\d{4}[ \t]\d{4}(?![\w])")
_ACCOUNT_CUE = re.compile(r"\b(?:account|acc(?:ount)?\.?[ \t]*(?:no|number)|a/c|bank)\b", re.I)
#: a customer's account or reference number with a utility, a council or a shop ("customer account
#: 4471222866", "account no. 00123456789"): six to sixteen digits straight after the cue
_CUSTOMER_CUE = re.compile(r"\b(?:account|customer|membership|policy|billing|tenancy|council tax|payment)"
                           r"(?:[ \t]+(?:no|number|ref|reference|id))?\.?[ \t]*(?:is[ \t]+|:[ \t]*|#[ \t]*)?$", re.I)
_CUSTOMER_NUMBER = re.compile(r"(?<![\w.,/-])\d{6,16}(?![\w/-]|[.,]\d)")
_IBAN = re.compile(r"\bGB\d{2}[ \t]?[A-Z]{4}(?:[ \t]?\d{4}){3}[ \t]?\d{2}\b", re.I)
_PASSPORT_CUE = re.compile(r"\bpassport\b", re.I)
_PASSPORT = re.compile(r"(?<![\w])(?:\d{9}|[A-Z]{1,2}\d{7,8})(?![\w])", re.I)
_LICENCE = re.compile(r"(?<![\w])[A-Z9]{5}[ \t]?\d{6}[ \t]?[A-Z9]{2}\d[A-Z]{2}(?:[ \t]?\d{2})?(?![\w])", re.I)
# "driving licence", "driver's license", "driver licence" (as Australia writes it), "licence no."
_LICENCE_CUE = re.compile(r"\bdriv(?:ing|er(?:['’]?s)?)[ \t]+licen[cs]e\b|\blicen[cs]e[ \t]+(?:number|no\.?)", re.I)
_LICENCE_CUED = re.compile(r"(?<![\w])(?=[A-Z]*\d)(?=(?:[A-Z]*\d){5})[A-Z0-9]{6,18}(?![\w])", re.I)
#: an Australian Medicare card's number after "Medicare": ten digits (4-5-1) and the card's issue number
_MEDICARE_CUE = re.compile(r"\bmedicare\b", re.I)
_MEDICARE = re.compile(r"(?<![\w.,/-])[2-6]\d{3}[ \t-]?\d{5}[ \t-]?\d(?:[ \t]?[-/]?[ \t]?[1-9])?(?![\w]|[.,]\d)")
_VEHICLE = re.compile(r"(?<![\w])(?:[A-Z]{2}\d{2}[ \t]?[A-Z]{3}|[A-HJ-PR-Y]\d{1,3}[ \t][A-Z]{3})(?![\w])")
# "Reg." after "Fed." is the Federal Register's, in a citation ("73 Fed. Reg. 47868", "Fed. Reg. Vol. 73")
_VEHICLE_CUE = re.compile(r"(?<!fed\.)(?<!fed\.[ \t])(?<!fed[ \t])(?<!federal[ \t])"
                          r"\b(?:registration|reg\.?)(?:[ \t]+(?:number|no\.?|mark|plate))?\b\W{0,5}", re.I)
_VEHICLE_CUED = re.compile(r"(?<![\w])(?=[A-Z]*\d)[A-Z0-9]{2,4}[ \t]?[A-Z0-9]{3}(?![\w])", re.I)
_HAS_DIGIT = re.compile(r"\d")
_PERMIT_HINT = re.compile(r"badge|permit|pcn|penalty|parking", re.I)
_PERMIT_CUE = re.compile(
    r"\b(?:(?:blue|disabled|disability)[ \t-]+(?:parking[ \t-]+)?badge|badge|(?:(?:parking|residents?['’]?|visitors?['’]?|"
    r"disabled|business|car[ \t-]*park)[ \t-]+)?permit|pcn|penalty[ \t-]+charge(?:[ \t-]+notice)?|parking[ \t-]+(?:fine|ticket))"
    r"(?P<number>[ \t]+(?:number|no|num|ref|reference|id|serial(?:[ \t]+number)?)\b)?\.?", re.I)
# letters, then groups holding a digit, by spaces or hyphens ("ED92 9613 4416", "RP-004512", "ED 1234 5678")
_PERMIT_VALUE = re.compile(r"(?<![\w£$€.,/-])(?:[A-Z]{1,4}[ \t-]?)?[A-Za-z]{0,3}\d[A-Za-z0-9]*(?:[ \t-][A-Za-z]{0,3}\d[A-Za-z0-9]*){0,4}"
                           r"(?![\w/%£]|[.,]\d)")
_BLUE_BADGE = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}[ \t]?\d{4}[ \t]?\d{4}(?![\w-])")  # a Blue Badge's shape, with or without a cue
_DIGIT = re.compile(r"\d")
_YEARS = re.compile(r"(?:19|20)\d\d(?:[ \t]*[-–][ \t]*(?:19|20)?\d\d)?")  # "the 2024-2025 permit" is a year
_LETTER = re.compile(r"[A-Za-z]")
# the ten digits are the tail of a longer number: a phone's country code or area code ("+49 171 ...")
_LONGER_NUMBER = re.compile(r"(?:\+|\b00)\d{1,3}[ \t.-]?(?:\(0\)[ \t]?)?$|\d[ \t.-]?$")
_SPACED_NHS = re.compile(r"\d{3}([ \t-])\d{3}\1\d{4}")  # the NHS's own way of writing it, 3-3-4
_HEALTH_CUE = re.compile(r"\b(?:nhs|chi|health|hospital|patient|gp|surgery|medical|clinic)\b", re.I)
_NHS_CUE = re.compile(r"\bnhs\b", re.I)
CUE_REACH = 40  # characters between a cue ("passport", "account") and the number it introduces


def nhs_check(digits: str) -> bool:
    """True when ten digits carry a valid NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _dates(text: str) -> Found:
    """Full dates after a birth cue (see the module docstring): the cue is the only evidence that a
    date is someone's birth; its year is none (a rule's date is as old as a pensioner's birth)."""
    for match in _DATE.finditer(text):
        g = match.groupdict()
        if g["y1"] and len(g["y1"]) == 2 and "." in match.group(0):
            continue  # "3.1.12" is a version number, not a date
        month_text = (g["m1"] or g["m2"] or g["m3"] or g["m4"]).lower().rstrip(".")
        month = int(month_text) if month_text.isdigit() else _MONTH_NUMBER.get(month_text, 0)
        if g["m1"] and month > 12:
            month = int(g["d1"])  # the month first, as the US writes it: "10/27/1961"
        if not 1 <= month <= 12:
            continue
        if _BIRTH_CUE.search(text, max(0, match.start() - CUE_REACH), match.start()):
            yield match.start(), match.end(), "date_of_birth"


def _after_cue(text: str, cue: re.Pattern[str], value: re.Pattern[str], kind: str) -> Found:
    for found in cue.finditer(text):
        window_end = min(len(text), found.end() + CUE_REACH)
        for match in value.finditer(text, found.end(), window_end):
            if _HAS_DIGIT.search(match.group(0)):
                yield match.start(), match.end(), kind
                break


def _permits(text: str) -> Found:
    """Blue Badge, parking permit and penalty charge notice numbers (see the module docstring)."""
    for match in _BLUE_BADGE.finditer(text):
        yield match.start(), match.end(), "id_number"
    for cue in _PERMIT_CUE.finditer(text):
        for match in _PERMIT_VALUE.finditer(text, cue.end(), min(len(text), cue.end() + CUE_REACH)):
            digits = len(_DIGIT.findall(match.group(0)))
            lettered = _LETTER.search(match.group(0)) is not None
            if _YEARS.fullmatch(match.group(0)):
                continue
            if digits >= 7 or (lettered and digits >= 5) or (cue.group("number") and digits >= 3):
                yield match.start(), match.end(), "id_number"
                break


_TWO_DIGITS = re.compile(r"\d\d")
_SIX_DIGITS = re.compile(r"\d\d[ \t-]?\d\d[ \t-]?\d\d")
_DATE_HINT = re.compile(r"(?:19|20)\d\d|\d[/.-]\d{1,2}[/.-]\d\d")
_VEHICLE_HINT = re.compile(r"[A-Za-z]\d")
# a current-style mark written in lower case ("wd17 jeh"): its two digits must be an age identifier (02-29 or
# 51-79), and its last three letters no everyday word ("uk20 the")
_VEHICLE_LOWER = re.compile(r"(?<![\w])[a-z]{2}(?:0[2-9]|[12]\d|[5-7]\d)[ \t]?(?!(?:the|and|for|are|was|not|but|you|all|per|mph"
                            r"|kms|min|hrs|yrs|pcs|off|out|one|two|six|ten|day|now|new|old|big|any|way|via)\b)[a-z]{3}(?![\w])")


def _written_as_phone(text: str, start: int, end: int) -> bool:
    """Whether the ten digits at ``text[start:end]`` are given as a phone number: a phone's word before
    them nearer than any health cue ("Fax 202 555 0148"; not "GP surgery phoned: my NHS number is ..."),
    or a phone's label after them ("202 555 0147 (Office)") or a North American phone's hyphens or dots
    ("907-272-1481") and no health cue before."""
    phone = pii_us.phone_word_before(text, start)
    health = max((m.end() for m in _HEALTH_CUE.finditer(text, max(0, start - CUE_REACH), start)), default=-1)
    return phone > health or (health < 0 and (pii_us.phone_label_after(text, end)
                                              or pii_us.written_as_us_phone(text[start:end])))


_DATE_CUE = re.compile(r"\b(?:dated|date[ds]?|on|of|from|until|since|effective|signed|received|submitted)\b\W{0,3}$", re.I)
_BANK_CUE = re.compile(r"\b(?:sort[ \t-]*code|bank|account|a/c|acc)\b", re.I)


def _a_date(text: str, start: int, end: int) -> bool:
    """Whether the two-digit triple at ``text[start:end]`` ("03-09-20") is a date, not a sort code: a date's word
    before it ("Dated 03-09-20", "Date: 12-01-19"), or a day and a month in either order with no bank's word near
    ("sort code", "account"). A trial's comment "... Comments Dated 03-09-20" was published as "[bank details]"."""
    if _DATE_CUE.search(text, max(0, start - 20), start):
        return True
    first, second, _year = (int(part) for part in text[start:end].split("-"))
    as_date = 1 <= min(first, second) <= 12 and 1 <= max(first, second) <= 31
    return as_date and not _BANK_CUE.search(text, max(0, start - CUE_REACH), min(len(text), end + CUE_REACH))


def identifier_spans(text: str) -> Found:
    """Every identifier of the kinds above in ``text``, as (start, end, kind); may overlap. Each
    family is tried only where a cheap hint says it can match (most answers hold none)."""
    if not _TWO_DIGITS.search(text):
        return
    if _DATE_HINT.search(text):
        yield from _dates(text)
    if _VEHICLE_HINT.search(text):
        for pattern in (_VEHICLE, _VEHICLE_LOWER):
            for match in pattern.finditer(text):
                yield match.start(), match.end(), "vehicle"
        yield from _after_cue(text, _VEHICLE_CUE, _VEHICLE_CUED, "vehicle")
    if _PERMIT_HINT.search(text):
        yield from _permits(text)
    yield from _after_cue(text, _MEDICARE_CUE, _MEDICARE, "id_number")
    if not _SIX_DIGITS.search(text):
        return
    for match in _NI.finditer(text):
        yield match.start(), match.end(), "ni_number"
    for match in _NHS.finditer(text):
        if _LONGER_NUMBER.search(text, 0, match.start()):
            continue
        if _written_as_phone(text, match.start(), match.end()):
            yield match.start(), match.end(), "phone"
            continue
        spaced = bool(_SPACED_NHS.fullmatch(match.group(0)))
        if nhs_check("".join(match.groups())):
            cued = _HEALTH_CUE.search(text, max(0, match.start() - CUE_REACH), match.start()) is not None
            yield match.start(), match.end(), "nhs_number" if spaced or cued else "id_number"
        elif spaced and _NHS_CUE.search(text, max(0, match.start() - CUE_REACH), match.start()):
            yield match.start(), match.end(), "nhs_number"  # mistyped, but given as one: "my nhs number is 485 777 3456"
    sort_codes = [(m.start(), m.end()) for m in _SORT_HYPHEN.finditer(text) if not _a_date(text, m.start(), m.end())]
    sort_codes += [(m.start(1), m.end(1)) for m in _SORT_CUED.finditer(text)]
    for start, end in sort_codes:
        yield start, end, "bank"
    for match in _ACCOUNT.finditer(text):
        before = text[max(0, match.start() - CUE_REACH) : match.start()]
        near_sort = any(abs(match.start() - end) <= CUE_REACH or abs(start - match.end()) <= CUE_REACH
                        for start, end in sort_codes)
        if near_sort or _ACCOUNT_CUE.search(before):
            yield match.start(), match.end(), "bank"
    for match in _IBAN.finditer(text):
        yield match.start(), match.end(), "bank"
    for match in _CUSTOMER_NUMBER.finditer(text):
        if _CUSTOMER_CUE.search(text, max(0, match.start() - CUE_REACH), match.start()):
            yield match.start(), match.end(), "id_number"
    yield from _after_cue(text, _PASSPORT_CUE, _PASSPORT, "passport")
    for match in _LICENCE.finditer(text):
        yield match.start(), match.end(), "driving_licence"
    yield from _after_cue(text, _LICENCE_CUE, _LICENCE_CUED, "driving_licence")


# A social media handle ("@yusuf.abdelrahman", not an e-mail address) and a profile or fundraising
# page's address ("linkedin.com/in/jane-smith-544", "gofundme.com/f/help-kacper-get-to-school"): the
# page names its owner. The bare site ("facebook.com") is kept.
_HANDLE = re.compile(r"(?<![\w@./])@\w(?:[\w.-]{0,28}\w)(?![\w@])")
_SOCIAL_SITES = (r"facebook|fb|linkedin|instagram|twitter|x|tiktok|youtube|gofundme|justgiving|threads|snapchat|"
                 r"pinterest|reddit|medium|crowdfunder|patreon|t|wa|vk|weibo|mastodon\.social|bsky|change|38degrees")
# the site's name begins the address or follows its scheme or a sub-domain: "t.com" of "huffingtonpost.com" is none
_SOCIAL_URL = re.compile(rf"(?<![\w.@/:-])(?:https?(?::|\[:\])//)?(?:[\w-]+\.)*?(?:{_SOCIAL_SITES})\.(?:com|co\.uk|me|net|org|"
                         r"app|social)/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]", re.I)  # a sentence's full stop is no part
_MESSENGER_ID = re.compile(r"\b(?:wechat|whatsapp|skype|snapchat|telegram|signal|discord|instagram|tiktok|twitter|"
                           r"facebook)(?:[ \t]+(?:id|handle|name|username|user)[ \t]*[:=]?|[ \t]*[:=])[ \t]*(?P<id>[\w.@-]{2,39}\w)",
                           re.I)


def social_spans(text: str) -> Found:
    """Social media handles, profile pages and messenger ids, as (start, end, "social")."""
    if "@" in text:
        yield from ((m.start(), m.end(), "social") for m in _HANDLE.finditer(text))
    if "/" in text:
        yield from ((m.start(), m.end(), "social") for m in _SOCIAL_URL.finditer(text))
    yield from ((m.start("id"), m.end("id"), "social") for m in _MESSENGER_ID.finditer(text))
