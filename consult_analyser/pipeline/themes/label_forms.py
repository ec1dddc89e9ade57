"""How a label's phrase is written in its answers: completed by the negation before it or the particle after it
("Not enough substance", "Bring people together"), coordinated ("Public and private organisations"), mostly a verb,
unfinished ("Benefits to a vast variety" of ...), written with a keyword, and as a sentence writes it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from consult_analyser.pipeline.pii_words import _common_words
from consult_analyser.pipeline.themes.labels import (
    AGAINST_WORDS,
    AWAITING_COMPLEMENT,
    FOR_WORDS,
    PARTICLES,
    WEAK_KEYWORDS,
    acceptable_label,
)
from consult_analyser.pipeline.themes.phrases import STOP_WORDS, phrase_key

#: words that, written before a phrase, turn its meaning round: "not enough detail", "lack of funding"
NEGATORS = ("not", "no", "never", "little", "without", "lack of", "lacks", "lacking", "insufficient")
_NEGATED = re.compile(r"\b(" + "|".join(re.escape(n) for n in NEGATORS) + r")\s+$")


def completed(label: str, texts: Sequence[str]) -> str:
    """``label`` as its answers write it in most uses: with the negation before it ("Enough
    substance" -> "Not enough substance", "Funding" -> "Lack of funding"), or the particle after it
    ("Bring people" -> "Bring people together"); else ``label`` unchanged."""
    key = phrase_key(label)
    if not texts or not key:
        return label
    words = r"[\s-]+".join(re.escape(w) for w in key.split())
    negated = _negation(words, texts)
    if negated:
        return negated.capitalize() + " " + (label if label[:2].isupper() else label[:1].lower() + label[1:])
    following = re.compile(r"\b" + words + r"\b(?:\s+(\w+))?", re.I)
    uses = 0
    after: dict[str, int] = {}
    for text in texts:
        for match in following.finditer(text.lower()):
            uses += 1
            if match.group(1):
                after[match.group(1)] = after.get(match.group(1), 0) + 1
    if uses < 3 or not after:
        return label
    word, count = max(after.items(), key=lambda kv: kv[1])
    longer = f"{label} {word}"
    if len(key.split()) < 2 and word in ("and", "or") and count >= 0.5 * uses:
        return _coordinated(label, words, word, texts)
    if len(key.split()) < 2:  # a lone word the answers mostly write before the same noun: "Human" -> "Human rights"
        return longer if uses >= 5 and count >= 0.6 * uses and acceptable_label(longer) else label
    # a verb and its object ("Bring people"), not "Thought" + "out"
    return longer if word in PARTICLES and count >= 0.5 * uses and acceptable_label(longer) else label


def _coordinated(label: str, words: str, conjunction: str, texts: Sequence[str]) -> str:
    """A lone word the answers mostly write as one half of a pair, with the other half and the
    noun they share when most uses agree: "Public" -> "Public and private organisations"."""
    pair = re.compile(r"\b" + words + r"\s+" + conjunction + r"\s+(\w+)\b(?!['’])(?:\s+(\w+))?", re.I)
    seconds: Counter[str] = Counter()
    nouns: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for match in pair.finditer(text.lower()):
            seconds[match.group(1)] += 1
            if match.group(2):
                nouns[(match.group(1), match.group(2))] += 1
    if not seconds:
        return label
    second, count = seconds.most_common(1)[0]
    # the other half is a word of the same kind, not a verb going on ("Vague and does not say")
    if count < 3 or count < 0.5 * sum(seconds.values()) or second in STOP_WORDS or second in WEAK_KEYWORDS \
            or len(second) < 3:
        return label
    longer = f"{label} {conjunction} {second}"
    shared = [(n, c) for (s2, n), c in nouns.items() if s2 == second and n not in STOP_WORDS]
    if shared:
        noun, uses = max(shared, key=lambda nc: nc[1])
        if uses >= 0.5 * count and acceptable_label(f"{longer} {noun}"):
            return f"{longer} {noun}"
    return longer if acceptable_label(longer) else label


def _negation(words: str, texts: Sequence[str]) -> str:
    """The negator written before the phrase (``words``, a pattern) in at least half of its uses,
    if it is used at least three times; else ""."""
    use = re.compile(r"\b" + words + r"\b", re.I)
    uses = 0
    before: dict[str, int] = {}
    for text in texts:
        for match in use.finditer(text):
            uses += 1
            found = _NEGATED.search(text[max(0, match.start() - 20):match.start()].lower())
            if found:
                before[found.group(1)] = before.get(found.group(1), 0) + 1
    if uses < 3 or not before:
        return ""
    word, count = max(before.items(), key=lambda kv: kv[1])
    return word if sum(before.values()) >= 0.5 * uses and count >= 0.3 * uses else ""


#: a label made distinct by a bracket ("Local people (listen)", "Assorted points (30)")
_MODAL = re.compile(r"\b(?:will|would|can|could|may|might|should|must|to|not|cannot|won't|wont|shall)\s+$")


def _mostly_a_verb(word: str, texts: Sequence[str]) -> bool:
    """Whether the answers mostly use ``word`` as a verb ("will increase", "to improve") or as an
    opening aside ("Broadly, ...", "Frankly, ..."): a lone such word names no theme (at least three
    uses, most of them so)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    after, total = 0, 0
    for text in texts[:300]:
        low = text.lower()
        if word not in low:
            continue
        for m in pattern.finditer(low):
            total += 1
            before = low[max(0, m.start() - 12):m.start()]
            aside = low[m.end():m.end() + 1] == "," and (not before.strip() or before.rstrip()[-1:] in ".!?;:")
            after += bool(_MODAL.search(before)) or aside
    return total >= 3 and after > total / 2


def _in_a_sentence(phrase: str) -> str:
    """A label's phrase as written inside a sentence: an English word in lower case ("Economy" -> "economy",
    "OLD" -> "old", "Generic solutions" -> "generic solutions"); a name or an acronym as it is ("Obama", "AI",
    "Privacy Act")."""
    first, *rest = phrase.split()
    known = _common_words()
    if any(w[:1].isupper() for w in rest) or (first.isupper() and len(first) <= 2) \
            or not all(part in known for part in re.split(r"[-'’]", first.lower()) if part):
        return phrase
    return first.lower() + phrase[len(first):]


#: a word a phrase ends on that its answers go on from: "Benefits to a vast variety [of]", "AIs in terms [of]",
#: "Public trust hinges on the belief [that]"
_GOES_ON = re.compile(r"\s*(?:of|that)\b", re.I)
#: two sentences run together in an export ("MitigationA traditional risk matrix"): no label is made across them
_RUN_TOGETHER = re.compile(r"[a-z]{4,}[A-Z]\b")


#: nouns that stand for what follows them ("a variety of", "in terms of", "the belief that"): a phrase ending on one
#: is unfinished when its answers go on; "Recognise the contribution" (of people of faith, of places of worship, ...)
#: is whole, its "of" naming what varies
_AWAITS = AWAITING_COMPLEMENT | {"terms", "variety", "range", "array", "kind", "kinds", "type", "types", "sort", "sorts",
                                 "series", "majority", "amount", "belief", "idea", "notion", "assumption", "lot",
                                 "part", "means", "matter", "question", "case", "view", "sense", "hope"}


def _unfinished(phrase: str, texts: Sequence[str]) -> bool:
    """Whether ``phrase`` is the start of what its answers write rather than a whole: it ends on a word that stands
    for what follows it (:data:`_AWAITS`) and in most of its uses (two or more) goes on with "of" or "that"; or it
    joins two sentences an export ran together."""
    if _RUN_TOGETHER.search(phrase):
        return True
    key = phrase_key(phrase).split()
    if len(key) < 2 or key[-1] not in _AWAITS:
        return False
    use = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in key) + r"\b", re.I)
    uses = going_on = 0
    for text in texts:
        for match in use.finditer(text):
            uses += 1
            going_on += bool(_GOES_ON.match(text, match.end()))
    return uses >= 2 and going_on > uses / 2


def writing(words: Sequence[str], texts: Sequence[str]) -> int:
    """How many of ``texts`` write every one of ``words`` (each from a word's start, any ending, any order)."""
    patterns = [re.compile(rf"\b{re.escape(w)}", re.I) for w in words]
    return sum(1 for text in texts if all(p.search(text) for p in patterns))


def _written_with(phrase: str, word: str, texts: Sequence[str]) -> int:
    """How many of ``texts`` write every word of ``phrase`` and ``word`` (whole words, any order)."""
    return writing([*phrase_key(phrase).split(), word], texts)


#: words by which a phrase takes a side: "Support of the Proposed Rule", "Opposition to the delisting"
_FOR, _AGAINST = FOR_WORDS, AGAINST_WORDS


def takes_a_side_they_split_on(phrase: str, texts: Sequence[str]) -> bool:
    """Whether ``phrase`` names a side ("Support of the Proposed Rule") that its answers do not share: of the answers
    that write a side's words (at least four), a quarter or more write the other side's. A trial's theme of cover
    notes was labelled "Support of the Proposed Rule (attached)" though 11 of its 25 opposed the rule."""
    sides = [bool(_FOR.search(phrase)), bool(_AGAINST.search(phrase))]
    if sides[0] == sides[1]:
        return False
    pro = sum(1 for t in texts if _FOR.search(t) and not _AGAINST.search(t))
    con = sum(1 for t in texts if _AGAINST.search(t) and not _FOR.search(t))
    other = con if sides[0] else pro
    return pro + con >= 4 and other >= 0.25 * (pro + con)


#: an organisation's name by its last word, as the answers write it in capitals ("Centre for AI Safety", "Future of
#: Life Institute", "Macquarie Law School", "Getty Images Pty Ltd")
_ORGANISATION_HEAD = re.compile(r"^(?:centre|center|institute|university|school|college|foundation|society|association|"
                                r"inc|ltd|limited|pty|llc|plc|corporation|corp|company|co|group|alliance|network|"
                                r"federation|council of|lab|labs|laboratory|trust|gmbh)$", re.I)
_ORGANISATION_START = re.compile(r"^(?:centre|center|institute|university|school|college|foundation|society|"
                                 r"association|federation|alliance) (?:for|of|on)\b", re.I)
#: what a respondent writes after their own name ("Getty Images appreciates the opportunity ...", "X is an
#: established ...", "X welcomes ...") or before it ("on behalf of X", "I am a research fellow at X")
_SELF_AFTER = (r"(?:appreciates?|welcomes? the|thanks|submits?|is (?:pleased|grateful|delighted|committed|proud)|"
               r"are (?:pleased|grateful|delighted)|represents|was founded|makes? this|respectfully|would like to|wishes to|"
               r"is an? (?:[\w-]+ ){0,2}(?:established|leading|peak|not[- ]for[- ]profit|non[- ]?profit|member|provider|"
               r"company|organisation|organization|association|body|charity|firm|business)\b)")
_SELF_BEFORE = r"(?:on behalf of|(?:we|i) (?:am|are) (?:\w+ ){0,5}?(?:at|of|with|from)|here at|we at|submission (?:by|from|of)|response (?:by|from|of))(?: the)? (?:[A-Z][\w&'’.-]* )*"


def names_an_organisation(phrase: str, texts: Sequence[str]) -> bool:
    """Whether ``phrase`` is an organisation's name, never a theme's label (trial 49 published "Getty Images" as a
    General comment theme, from the one answer whose writer named themselves in it): written with capitals in
    ``texts`` where it ends in an organisation's word ("Centre for AI Safety", "Law School") or where an answer
    names its own writer by it ("Getty Images appreciates the opportunity ...", "on behalf of X")."""
    words = phrase.split()
    if len(words) < 1 or not any(w[:1].isupper() for w in words):
        return False
    shaped = len(words) >= 2 and (_ORGANISATION_HEAD.match(words[-1]) or _ORGANISATION_START.match(phrase))
    pattern = re.compile(r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w-])")
    for text in texts:
        for found in pattern.finditer(text):
            written = found.group(0)
            if not all(w[:1].isupper() or w.lower() in STOP_WORDS for w in written.split()):
                continue  # not written as a name here
            if shaped:
                return True
            if re.match(r"\s*" + _SELF_AFTER, text[found.end():], re.I) \
                    or re.search(_SELF_BEFORE + r"$", text[max(0, found.start() - 120):found.start()], re.I):
                return True
    return False
