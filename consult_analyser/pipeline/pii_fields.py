"""A CV or a form pasted into an answer, for :mod:`consult_analyser.pipeline.pii`: the name a CV's heading gives
("Cv Habibeh Aghighi Bakhshaysh :Personal Information", "Curriculum Vitae - Jane Roe") and the values of labelled
personal fields ("Place Of Birth: Qom, Iran Marital Status: Married", "Nationality: Iranian", "Religion:",
"Gender:", "Passport No:", "Address:", "Name:"), in any case.

A field's value runs to the next label, the line's or the sentence's end; a value that reads as prose ("Gender:
The Rule Should ...": a stop word in it, or more than a few words) is no field's. The values are tagged
``personal`` ("[personal detail]"), a name ``name``, an address ``address`` and a passport's number ``passport``.
A trial's redacted comments kept a CV's name, place of birth and marital status beside its tagged date of
birth, e-mail and phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consult_analyser.pipeline.pii_names import _ORG_WORDS, _PLACE_WORDS, _is_name_word, is_given_name
from consult_analyser.pipeline.pii_words import _NOT_NAMES, _common_words

Found = Iterator[tuple[int, int, str]]

_S = r"[ \t]+"
_PERSONAL_LABELS = (rf"place{_S}of{_S}birth|birth{_S}?place|(?:country|city|town){_S}of{_S}birth|marital{_S}status|"
                    rf"civil{_S}status|nationality|citizenship|religion|religious{_S}affiliation|gender|sex|ethnicity|"
                    rf"ethnic{_S}(?:origin|group|background)|race|sexual{_S}orientation|blood{_S}(?:group|type)|"
                    rf"(?:father|mother|husband|wife|spouse)['’]?s?{_S}name|spouse|maiden{_S}name")
_NAME_LABELS = rf"(?:full|first|last|given|family|sur){_S}?name|surname|forename|name"
_ADDRESS_LABELS = rf"(?:(?:home|postal|mailing|residential|permanent|current){_S})?address"
_PASSPORT_LABELS = rf"passport(?:{_S}(?:no\.?|number|#))?"
_FIELD = re.compile(rf"(?<![\w'’-])(?:(?P<personal>{_PERSONAL_LABELS})|(?P<name>{_NAME_LABELS})|"
                    rf"(?P<address>{_ADDRESS_LABELS})|(?P<passport>{_PASSPORT_LABELS}))[ \t]*:+[ \t]*", re.I)
# the labels a CV or a form puts between its values, which end the value before them
_OTHER_LABELS = (r"e-?mail|(?:cell|mobile|home|work)?[ \t]*(?:phone|tel|telephone)(?:[ \t]+(?:no\.?|number))?|mobile|"
                 r"cell|fax|date[ \t]+of[ \t]+birth|d\.?o\.?b\.?|age|education|occupation|profession|job|title|"
                 r"languages?|skills|experience|website|web|linkedin|nationality|address|name")
_NEXT_LABEL = re.compile(rf"(?<![\w'’-])(?:{_PERSONAL_LABELS}|{_NAME_LABELS}|{_ADDRESS_LABELS}|{_PASSPORT_LABELS}|"
                         rf"{_OTHER_LABELS})[ \t]*:|:|\n|[;|]|[.!?](?=\s|$)", re.I)
# a word before "Name:" that makes it no person's ("Organization Name:", "File Name:", "Docket Name:")
_NOT_A_PERSONS = frozenset("organization organisation company business agency file user product brand project docket "
                           "program programme trade street place domain host account scientific common legal species "
                           "rule document site facility plant mine".split())
_BEFORE_LABEL = re.compile(r"([^\W\d_]+)[ \t]*$")
_NOT_AN_ADDRESS = frozenset("e-mail email mail web ip internet url return".split())
_VALUE_WORD = re.compile(r"[^\s,/()]+")
_DIGIT = re.compile(r"\d")


def _value_end(text: str, start: int) -> int:
    """Where the value beginning at ``start`` ends: at the next label, the line's or the sentence's end."""
    stop = _NEXT_LABEL.search(text, start, min(len(text), start + 120))
    end = stop.start() if stop else min(len(text), start + 120)
    if stop and stop.group(0) == ":":  # an unlisted label ("Hobbies:"): its word is not the value's
        words = text[start:end].rstrip().rsplit(None, 1)
        end = start + len(words[0]) if len(words) == 2 else start
    return start + len(text[start:end].rstrip(" \t,-–"))


def _plain_value(value: str, most: int) -> bool:
    """A value of one to ``most`` words, none a stop word ("The", "Should"): a field's, not a sentence."""
    words = _VALUE_WORD.findall(value)
    return 1 <= len(words) <= most and not any(w.lower().strip(".:;") in _NOT_NAMES for w in words)


def field_spans(text: str) -> Found:
    """The values of labelled personal fields (see the module docstring)."""
    if ":" not in text:
        return
    for match in _FIELD.finditer(text):
        start = match.end()
        end = _value_end(text, start)
        value = text[start:end]
        before = _BEFORE_LABEL.search(text, max(0, match.start() - 30), match.start())
        previous = before.group(1).lower() if before else ""
        if match.group("personal") and _plain_value(value, 5):
            yield start, end, "personal"
        elif match.group("name") and previous not in _NOT_A_PERSONS and _plain_value(value, 4) and all(
                _is_name_word(w) or w.islower() for w in _VALUE_WORD.findall(value)):
            yield start, end, "name"
        elif match.group("address") and previous not in _NOT_AN_ADDRESS and _plain_value(value, 12):
            yield start, end, "address"
        elif match.group("passport") and _DIGIT.search(value) and _plain_value(value, 2):
            yield start, end, "passport"


# -- a CV's heading ----------------------------------------------------------------------------------

_CV = re.compile(r"(?<![\w'’-])(?:(?P<cv>cv|c\.v\.|curriculum[ \t]+vitae)|(?P<resume>r[ée]sum[ée]))"
                 r"(?:[ \t]+of)?[ \t]*(?P<mark>[:.\-–])?[ \t]*", re.I)
_PERSONAL_HEADING = re.compile(r"[ \t]*[:.\-–]?[ \t]*:?[ \t]*personal[ \t]+(?:information|details|data|profile|"
                               r"particulars)\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)[ \t]*$")


def _name_part(word: str) -> bool:
    """A word of a name after a CV's heading: capitalised, no stop word, everyday word, body's or place's word."""
    low = word.lower()
    return word[:1].isupper() and _is_name_word(word) and low not in _NOT_NAMES and low not in _PLACE_WORDS \
        and not _ORG_WORDS.fullmatch(low) and (low not in _common_words() or is_given_name(low)) \
        and _CV.fullmatch(word) is None


def cv_name_spans(text: str) -> Found:
    """The name after a CV's heading ("Cv Habibeh Aghighi Bakhshaysh", "Curriculum Vitae: Jane Roe") and before a
    CV's "Personal Information" (see the module docstring); "Résumé" (also a verb: "We Resume Talks") only with a
    mark after it, before "Personal Information", or with two name words."""
    for cue in _CV.finditer(text):
        position, end, words = cue.end(), cue.end(), 0
        while words < 4:
            word = _WORD.match(text, position)
            if word is None or not _name_part(word.group(0)):
                break
            words, end = words + 1, word.end()
            gap = re.match(r"[ \t]+", text[end:])
            if gap is None:
                break
            position = end + gap.end()
        if not words:
            continue
        resume_ok = cue.group("mark") or words >= 2 or _PERSONAL_HEADING.match(text, end)
        if cue.group("cv") or resume_ok:
            if words > 1 or is_given_name(text[cue.end():end]) or _PERSONAL_HEADING.match(text, end):
                yield cue.end(), end, "name"
    for heading in _PERSONAL_HEADING.finditer(text):
        start, words = heading.start(), 0
        while words < 4:
            word = _WORD_BEFORE.search(text, max(0, start - 40), start)
            if word is None or not _name_part(word.group(1)):
                break
            start, words = word.start(1), words + 1
        if words >= 2:
            yield start, heading.start(), "name"
