"""A tiny template language for varied sentences, and the noise people add when they type.

Template syntax:

- ``{a|b|c}`` picks one alternative (alternatives may nest);
- ``[text]`` includes ``text`` about half of the time;
- ``<name>`` expands a named entry: first from the caller's context (plain strings such as the
  speaker's pronoun or town), then from the shared lexicon (itself made of templates).

Templates are parsed once and cached, so expanding one costs a few microseconds.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import Union

Node = Union[str, tuple]  # str literal | ("alt", [seq, ...]) | ("opt", seq) | ("ref", name)
Seq = list

_CACHE: dict[str, Seq] = {}


def _parse(text: str, pos: int, stops: str) -> tuple[Seq, int]:
    """Parse ``text`` from ``pos`` until one of ``stops``; return the sequence and the end position."""
    seq: Seq = []
    buf: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if ch in stops:
            break
        if ch == "{":
            if buf:
                seq.append("".join(buf))
                buf = []
            alts: list[Seq] = []
            pos += 1
            while True:
                part, pos = _parse(text, pos, "|}")
                alts.append(part)
                if pos >= len(text):
                    raise ValueError(f"unclosed {{ in template: {text!r}")
                if text[pos] == "}":
                    pos += 1
                    break
                pos += 1
            seq.append(("alt", alts))
        elif ch == "[":
            if buf:
                seq.append("".join(buf))
                buf = []
            part, pos = _parse(text, pos + 1, "]")
            if pos >= len(text):
                raise ValueError(f"unclosed [ in template: {text!r}")
            pos += 1
            seq.append(("opt", part))
        elif ch == "<":
            end = text.index(">", pos)
            if buf:
                seq.append("".join(buf))
                buf = []
            seq.append(("ref", text[pos + 1 : end]))
            pos = end + 1
        else:
            buf.append(ch)
            pos += 1
    if buf:
        seq.append("".join(buf))
    return seq, pos


def compile_template(text: str) -> Seq:
    """Parse ``text`` once (cached) into a node sequence."""
    seq = _CACHE.get(text)
    if seq is None:
        seq, pos = _parse(text, 0, "")
        if pos != len(text):
            raise ValueError(f"unbalanced template: {text!r}")
        _CACHE[text] = seq
    return seq


class Expander:
    """Expands templates with a random generator, a shared lexicon and a per-speaker context.

    With ``cache_size`` set, each (template, voice) keeps up to that many renderings and then
    reuses them (with the speaker's town and organisation put back in): much faster for runs of
    100,000 rows, at the price of sentences repeating across respondents.
    """

    _PLACEHOLDERS = (("place", "\x00"), ("body", "\x01"), ("venue", "\x02"))

    def __init__(self, lexicon: Mapping[str, str], cache_size: int = 0):
        self.lexicon = {k: compile_template(v) for k, v in lexicon.items()}
        self.cache_size = cache_size
        self._cache: dict[tuple[str, str], list[str]] = {}

    def _emit(self, seq: Seq, rng: random.Random, ctx: Mapping[str, str], out: list[str]) -> None:
        for node in seq:
            if type(node) is str:
                out.append(node)
                continue
            kind = node[0]
            if kind == "alt":
                alts = node[1]
                self._emit(alts[int(rng.random() * len(alts))], rng, ctx, out)
            elif kind == "opt":
                if rng.random() < 0.5:
                    self._emit(node[1], rng, ctx, out)
            else:
                name = node[1]
                value = ctx.get(name)
                if value is not None:
                    out.append(value)
                elif name in self.lexicon:
                    self._emit(self.lexicon[name], rng, ctx, out)
                else:
                    raise KeyError(f"unknown template slot <{name}>")

    def expand(self, template: str, rng: random.Random, ctx: Mapping[str, str] | None = None) -> str:
        """One random rendering of ``template``, tidied and with its first letter capitalised."""
        ctx = ctx or {}
        if not self.cache_size:
            out: list[str] = []
            self._emit(compile_template(template), rng, ctx, out)
            return tidy("".join(out))
        key = (template, ctx.get("We", ""))
        bucket = self._cache.setdefault(key, [])
        if len(bucket) < self.cache_size:
            neutral = dict(ctx)
            for name, mark in self._PLACEHOLDERS:
                neutral[name] = mark
            out = []
            self._emit(compile_template(template), rng, neutral, out)
            text = tidy("".join(out))
            bucket.append(text)
        else:
            text = bucket[int(rng.random() * len(bucket))]
        for name, mark in self._PLACEHOLDERS:
            if mark in text:
                text = text.replace(mark, ctx.get(name, ""))
        return text[:1].upper() + text[1:]


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_PUNCT = re.compile(r" +([,.;:!?])")


def tidy(text: str) -> str:
    """Collapse doubled spaces, drop spaces before punctuation and capitalise the first letter."""
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if " ," in text or " ." in text or " ;" in text or " :" in text or " !" in text or " ?" in text:
        text = _SPACE_PUNCT.sub(r"\1", text)
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


KEEP_CAPITAL = {
    "I", "I'm", "I've", "I'd", "I'll", "ESOL", "English", "British", "Britain", "UK", "Muslim", "Muslims",
    "Christian", "Christians", "Jewish", "Sikh", "Sikhs", "Hindu", "Hindus", "Islam", "RE", "PSHE",
    "Jobcentres", "Jobcentre", "Sunday", "NHS", "Whitehall", "Parliament", "Ofsted", "DWP", "Universal",
    "Welsh", "Scotland", "Wales", "England", "London", "Casey", "Sure", "Visit", "National", "Islamophobia",
    "Catholic", "Eid", "Diwali", "Christmas",
}


def lower_first(sentence: str) -> str:
    """Lower-case the first letter unless the first word is a name, an acronym or 'I'."""
    if not sentence:
        return sentence
    first = sentence.split(" ", 1)[0].rstrip(",.;:")
    if first in KEEP_CAPITAL or (len(first) > 1 and first[1:2].isupper()):
        return sentence
    return sentence[:1].lower() + sentence[1:]


_MISSPELLINGS = {
    "government": ["goverment", "govt", "gov"], "definitely": ["definately", "definatly"],
    "separate": ["seperate"], "community": ["comunity", "communty"], "communities": ["comunities"],
    "necessary": ["neccessary", "necesary"], "because": ["becuase", "cos", "bc"], "their": ["there"],
    "receive": ["recieve"], "believe": ["beleive"], "language": ["langauge", "languge"],
    "integration": ["intergration", "integation"], "don't": ["dont", "do not"], "doesn't": ["doesnt"],
    "isn't": ["isnt"], "it's": ["its"], "can't": ["cant", "cannot"], "won't": ["wont"], "and": ["&"],
    "people": ["ppl", "poeple"], "really": ["realy"], "a lot": ["alot"], "environment": ["enviroment"],
    "immigration": ["imigration"], "accommodation": ["accomodation"], "neighbours": ["neighbors", "nieghbours"],
    "committee": ["commitee"], "until": ["untill"], "opportunities": ["oppurtunities", "opportunites"],
    "society": ["socity"], "which": ["wich"], "should": ["shuold"], "English": ["english"],
}


def _mistype(word: str, rng: random.Random) -> str:
    core = word.rstrip(",.;:!?")
    tail = word[len(core):]
    alts = _MISSPELLINGS.get(core) or _MISSPELLINGS.get(core.lower())
    if alts:
        return alts[int(rng.random() * len(alts))] + tail
    if len(core) > 4 and core.isalpha():
        i = 1 + int(rng.random() * (len(core) - 3))
        roll = rng.random()
        if roll < 0.4:
            core = core[:i] + core[i + 1] + core[i] + core[i + 2 :]
        elif roll < 0.7:
            core = core[:i] + core[i + 1 :]
        else:
            core = core[:i] + core[i] + core[i:]
    return core + tail


def add_typos(text: str, rng: random.Random, rate: float = 0.04) -> str:
    """Misspell, mistype or drop a few words, as hurried people do (``rate``: share of words hit)."""
    words = text.split(" ")
    hits = int(len(words) * rate * (0.5 + rng.random()) + rng.random())
    for _ in range(hits):
        i = int(rng.random() * len(words))
        words[i] = _mistype(words[i], rng)
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.25:
        text = text.replace(". ", ".  ").replace(", ", ",")
    elif roll < 0.32:
        text = text.rstrip(".")
    elif roll < 0.36:
        text = re.sub(r"\bI\b", "i", text)
    return text
