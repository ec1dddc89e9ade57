"""Which question each passage of a letter addresses.

In order of authority:

1. a cue at the start of the passage: a question's number ("Question 4", "Q4", "In answer to question
   4", or "4." on a heading whose words resemble question 4), a topic's short label followed by ":"
   or " - " naming a question ("Savings:", "Council tax - ", "Question 2 - Savings."), or the question's own
   words quoted (most of its word 4-grams appear near the start). A label names the question whose
   wording has most of its words (by their stems, weighed by how few questions share them); it
   outweighs a number that says otherwise. A letter's numbers are the form's keys ("Question 7" for
   C7), or, where no number is a key and the letter numbers in order, the order of the open
   questions ("Question 2" for the second), as do numbers whose labels agree with that order;
2. the section it sits in: a passage under a heading (or a quoted question) that names a question
   belongs to that question until a heading names another one or closes the answers ("Conclusion",
   "About us", "References", ...) or the letter signs off ("Yours sincerely");
3. otherwise its TF-IDF similarity to each question's text and the labels and keywords of that
   question's themes, if the best is clear enough; the similarity is the confidence;
4. else no question: the passage goes to "General comments".

A pure function of texts: :func:`map_passages` knows nothing of the store.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from consult_analyser.domain import letter_publication
from consult_analyser.ingest.doc_form import form_details
from consult_analyser.letter_text import VALEDICTION, is_closing, is_greeting
from consult_analyser.pipeline.letters.front_matter import front_matter_end
from consult_analyser.pipeline.letters.segment import NUMBERED, QUESTION_CUE, Passage, split_passages, topic_label

#: below this similarity a passage outside any question's section goes to General comments
MIN_SIMILARITY = 0.12
#: the best question must beat the second by this much
MIN_MARGIN = 0.08
_CLOSING = re.compile(r"^\s*(?:\d+[.)]?\s*)?(?:conclusions?|concluding|about\b|references|bibliography|appendi|"
                      r"attachment|annex|contact|further information|endnotes|footnotes|summary of recommendations|"
                      r"yours|signed|table of contents|contents)", re.I)
#: a covering sentence: "I am writing in response to the consultation ...", "Please find below our response"
_PREAMBLE = re.compile(r"^\s*(?:(?:i|we)\s+(?:am|are|have been)\s+(?:writing|responding|replying|submitting)\b"
                       r"|(?:i|we)\s+(?:write|respond)\s+(?:in|to|on)\b|please find (?:below|attached|enclosed)\b"
                       r"|(?:below|attached|enclosed) (?:is|are|please find)\b|this (?:is|letter is) (?:my|our|the) response\b)",
                       re.I)
PREAMBLE_MAX_WORDS = 40
#: after a covering sentence, this many words at most (else the passage goes on to say something)
AFTER_PREAMBLE_MAX_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?]\s+")


def _covering(text: str) -> bool:
    """A covering note ("I am writing to respond to ...", "Please find attached ..."), not a passage
    that goes on to give a view after it ("I am writing about the budget. I support the rise because ...")."""
    if not _PREAMBLE.match(text) or len(text.split()) > PREAMBLE_MAX_WORDS:
        return False
    end = _SENTENCE_END.search(text)
    return end is None or len(text[end.end():].split()) <= AFTER_PREAMBLE_MAX_WORDS
#: a letter's title line: "Response from the Glenbrae Trust to the Scottish Government", "Consultation
#: response: rural bus services", "Submission by ... on the proposed ..."
_TITLE = re.compile(r"^\W*(?:[\w'’&.,()-]+\s+){0,1}?(?:consultation\s+)?(?:response|submission|comments|representations?)"
                    r"\s+(?:from|by|of|to)\b"
                    r"|^\W*(?:[\w'’&.,()-]+\s+){0,6}?consultation (?:response|on)\b[^.!?]*$"
                    # "Historic Buildings and Places England - detailed comments"
                    r"|^[^.!?\n]{0,80}\s[-–—:]\s*(?:detailed |further |additional |our )?(?:comments|representations|"
                    r"response|submission)\s*$", re.I)
TITLE_MAX_WORDS = 25
#: a cue within a passage's first words: "On question 3, ...", "Regarding Q6:", "On funding (question 3), ..."
INLINE_CUE = re.compile(r"^\W*(?:on|regarding|re|in (?:answer|response|reply) to|turning to|as (?:for|to|regards)"
                        r"|with (?:regard|respect) to|concerning|about|for|and|finally,? on)\s+(?:your\s+)?"
                        r"(?:questions?|q)\s*\.?\s*(\d{1,2})\b"
                        r"|^[^.!?\n]{0,80}\((?:see\s+)?(?:questions?|q)\s*\.?\s*(\d{1,2})\)", re.I)
#: a reference or footnote: a link, a year in brackets, "Retrieved from", "et al."
_CITATION = re.compile(r"https?://|www\.|\((?:19|20)\d\d[a-z]?\)|retrieved from|\bet al\.|^\s*(?:see|ibid)\b", re.I)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class QuestionInfo:
    key: str
    number: int | None  # the question's number, from its key ("Q4", "q04_x", "4")
    text: str
    themes: str = ""  # labels, descriptions and keywords of its themes, joined


@dataclass(frozen=True)
class Mapping:
    question_key: str | None  # None: General comments
    confidence: float
    method: str  # cue | section | similarity | general | closing (a greeting or sign-off: in no answer)
    #: mapped by its words alone (near one question's, or near none): its parts may each be near another
    splittable: bool = False


def question_number(key: str) -> int | None:
    m = re.match(r"^\s*(?:question|q)?\s*0*(\d{1,3})\b", key, re.I) or re.match(r"^\D{0,3}0*(\d{1,3})", key)
    return int(m.group(1)) if m else None


def _grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _quoted(passage: str, questions: Sequence[QuestionInfo]) -> int | None:
    head = _grams(passage[:600])
    best, best_ratio = None, 0.0
    for i, q in enumerate(questions):
        grams = _grams(q.text)
        if len(grams) < 3:
            continue
        ratio = len(grams & head) / len(grams)
        if ratio > best_ratio:
            best, best_ratio = i, ratio
    return best if best_ratio >= 0.5 else None


_SUFFIXES = ("ings", "ing", "ations", "ation", "ions", "ion", "ies", "ied", "es", "ed", "s", "e", "y")


def stem(word: str) -> str:
    """A word's crude stem, so that "savings", "saving" and "save" (or "libraries" and "library") are one."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def _stems(text: str, common: frozenset[str] = frozenset()) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    # a code stays whole ("sa07" is not "sa14"'s "sa"); words lose their endings
    return [w if any(c.isdigit() for c in w) else stem(w)
            for w in re.findall(r"[a-z0-9][a-z0-9'’-]*[a-z0-9]|[a-z]", text.lower().replace("’", "'"))
            if w not in ENGLISH_STOP_WORDS and len(w) > 1 and not w.isdigit()
            and (not common or stem(w) not in common)]


#: a plan's or a form's code for a policy or a site ("Policy H1", "Site SA14", "TC1")
_CODE = re.compile(r"\b[A-Z]{1,4}\d{1,3}[a-z]?\b")


def _code_owners(questions: Sequence[QuestionInfo]) -> dict[str, int]:
    """code -> the one question whose wording names it (codes that several name are left out)."""
    seen: dict[str, set[int]] = {}
    for i, q in enumerate(questions):
        for code in set(_CODE.findall(q.text)):
            seen.setdefault(code, set()).add(i)
    return {code: next(iter(owners)) for code, owners in seen.items() if len(owners) == 1}


def _named_by_code(text: str, owners: dict[str, int]) -> int | None:
    """The question a passage names by its code ("Our client objects to Policy H1"), if it names one only."""
    named = {owners[code] for code in _CODE.findall(text) if code in owners}
    return named.pop() if len(named) == 1 else None


@functools.lru_cache(maxsize=1024)
def _stem_set(text: str) -> frozenset[str]:
    """A question's wording as stems, read once for all the labels of all the letters."""
    return frozenset(_stems(text))


#: of a label's words (weighed), the share a question's wording must have, and by how much more than the next
LABEL_COVER = 0.5
LABEL_MARGIN = 0.25


def label_question(label: str, questions: Sequence[QuestionInfo], common: frozenset[str] = frozenset()) -> int | None:
    """The question a topic's label names ("Savings" -> "... ideas for how the council could save money?"):
    the one whose wording has the largest share of the label's words, each weighed by how few questions
    have it (a word every question has names none of them), if that share is clearly the largest. The
    consultation's own words (``common``, :func:`consultation_words`) name none either."""
    words = set(_stems(label, common))
    if not words or len(questions) < 1:
        return None
    texts = [_stem_set(q.text) for q in questions]
    n = len(questions)
    weight = {w: float(np.log((1 + n) / (1 + max(1, sum(w in t for t in texts))))) if n > 1 else 1.0 for w in words}
    total = sum(weight.values())
    if total <= 0:
        return None
    cover = sorted(((sum(weight[w] for w in words & t) / total, i) for i, t in enumerate(texts)), reverse=True)
    best, i = cover[0]
    second = cover[1][0] if len(cover) > 1 else 0.0
    if best < LABEL_COVER or best - second < LABEL_MARGIN:
        return None
    return i


def _analyzer(common: frozenset[str] = frozenset()):  # noqa: ANN202 - the vectorizer's analyzer: stemmed words and pairs
    def analyse(text: str) -> list[str]:
        words = _stems(text, common)
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return analyse


def _similarities(passages: Sequence[str], questions: Sequence[QuestionInfo],
                  common: frozenset[str] = frozenset()) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    # a question's wording, and apart from it the words of its themes: joined, a question's many theme
    # words drowned its wording (a passage on savings scored 0.09-0.13 against the savings question)
    targets = [q.text for q in questions] + [q.themes for q in questions]
    if not passages or not questions:
        return np.zeros((len(passages), len(questions)))
    # the consultation's own words (its title's, every question's) are evidence for no one question: a cover
    # page naming "Safe and responsible AI in Australia" was nearest the question worded "responsible AI"
    vectorizer = TfidfVectorizer(analyzer=_analyzer(common | _shared_by_all(questions)), sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform(list(targets) + list(passages))
    sims = (matrix[len(targets):] @ matrix[:len(targets)].T).toarray()
    return np.maximum(sims[:, :len(questions)], sims[:, len(questions):])


#: a request about the writer's own details ("Please do not publish my personal telephone number ..."): no answer
_PRIVACY_REQUEST = re.compile(r"\W*(?:please\s+)?(?:do\s+not|don't|dont|never)\s+(?:publish|print|share|disclose|"
                              r"make\s+public)\s+(?:my|our)\b", re.I)


_LABEL_END = re.compile(r"[.:;?!\n]|\s[-\u2013\u2014]\s")
LABEL_MAX_WORDS = 6


def _cue(text: str, kind: str, questions: Sequence[QuestionInfo],
         common: frozenset[str] = frozenset()) -> tuple[int | None, bool, int | None]:
    """(the number a passage's cue gives, whether it says "question" or "Q", the question its label
    names): "Question 2 - Savings. We ..." -> (2, True, the savings question); "Savings: ..." -> (None,
    False, that question); "4. Funding" (a heading) -> (4, False, the question named "funding", if any)."""
    label = None
    m = QUESTION_CUE.match(text) or INLINE_CUE.match(text)
    numbered = re.match(r"\s*\(?(\d{1,2})", text) if kind == "heading" and NUMBERED.match(text) else None
    number = next((int(g) for g in m.groups() if g), None) if m else int(numbered.group(1)) if numbered else None
    found = m or numbered
    if found is not None:
        rest = text[found.end():].lstrip(" \t.:-\u2013\u2014)")
        label = _LABEL_END.split(rest, maxsplit=1)[0].strip()
    else:  # "Savings: ...", "Council tax - ...", "Other comments:" (a heading with no ":" may be the letter's
        label = topic_label(text)  # title, or "Recommendations" over a letter's own: no label)
    if label and (len(label.split()) > LABEL_MAX_WORDS or topic_label(label[:1].upper() + label[1:] + ":") is None):
        label = None  # an answer's first words ("Question 5 - The classes had a waiting list ..."), not a label
    named = label_question(label, questions, common) if label else None
    return number, bool(m), named


#: a signature under a sign-off: at most this many lines and words ("Yours faithfully,\nJo Bloggs\nHead of
#: Highways, Transport and Recycling\njo.bloggs@example.gov.uk  01234 567890")
SIGNATURE_MAX_LINES = 8
SIGNATURE_MAX_WORDS = 40


def _signature_block(text: str) -> bool:
    """A sign-off alone on its first line ("Yours faithfully,", "Kind regards,") over a few short lines (a
    name, a job, an address, a telephone): the letter's signature, run into one passage with no blank line;
    it had become a General comments answer holding the writer's name and contact details."""
    lines = [line for line in text.split("\n") if line.strip()]
    return 1 < len(lines) <= SIGNATURE_MAX_LINES and len(text.split()) <= SIGNATURE_MAX_WORDS \
        and is_closing(lines[0]) and len(lines[0].split()) <= 4 \
        and not any(line.rstrip().endswith((".", "!", "?")) and len(line.split()) > 6 for line in lines[1:])


def _numbered_in_order(cues: Sequence[tuple[int | None, bool, int | None]], questions: Sequence[QuestionInfo],
                       numbered_as: dict[int, list[int]], sims: np.ndarray | None = None) -> bool:
    """Whether a letter's "Question N" counts the open questions in the form's order (the second is
    "Question 2" though its key is C7): its labels agree with that order more than with the keys, or
    no number is a key, they rise, every one is a question's place and no label says otherwise; or,
    where some numbers are keys and some are not (a Welsh council's "Cwestiwn 1" to "Cwestiwn 5" on a
    form whose open questions are Q3 to Q7; a letter numbered by the consultation document, "Q2", "Q4",
    "Q3"), the answers under the numbers are nearer the questions in that order than the keyed ones
    (:func:`_nearer_in_order`)."""
    numbered = [(n, named) for n, explicit, named in cues if explicit and n is not None]
    if not numbered or not all(1 <= n <= len(questions) for n, _ in numbered):
        return False
    labelled = [(n, named) for n, named in numbered if named is not None]
    by_order = sum(named == n - 1 for n, named in labelled)
    by_key = sum(named in numbered_as.get(n, []) for n, named in labelled)
    if by_order > by_key and by_order > len(labelled) - by_order:
        return True
    numbers = [n for n, _ in numbered]
    if by_order != len(labelled):
        return False  # a label names a question the order does not
    if not any(n in numbered_as for n in numbers):
        return numbers == sorted(numbers)
    return sims is not None and not all(n in numbered_as for n in numbers) and _nearer_in_order(cues, numbered_as, sims)


#: the answers under a letter's numbers, read in the questions' order, must be this much nearer (summed
#: similarity) to the questions they land on than read as keys
ORDER_MARGIN = 0.05


def _nearer_in_order(cues: Sequence[tuple[int | None, bool, int | None]], numbered_as: dict[int, list[int]],
                     sims: np.ndarray) -> bool:
    """Whether the passages under a letter's numbered cues (each cue's passage and those after it, up to
    the next cue) are nearer the questions the numbers name in the form's order than those they name as
    keys (a number no key has lands on no question: nearness 0)."""
    starts = [row for row, (n, explicit, _named) in enumerate(cues) if explicit and n is not None]
    by_order = by_key = 0.0
    for k, start in enumerate(starts):
        number = cues[start][0]
        assert number is not None
        rows = range(start, starts[k + 1] if k + 1 < len(starts) else len(cues))
        by_order += max(float(sims[r, number - 1]) for r in rows)
        if number in numbered_as:
            by_key += max(float(sims[r, i]) for r in rows for i in numbered_as[number])
    return by_order > by_key + ORDER_MARGIN


def map_passages(passages: Sequence[tuple[str, str]], questions: Sequence[QuestionInfo], *,
                 structure: bool = True, common: frozenset[str] = frozenset()) -> list[Mapping]:
    """Map each ``(text, kind)`` passage of one document, in document order (see the module notes).
    ``structure=False`` uses similarity alone (the baseline the benchmark compares with)."""
    # several questions may share a number (a second survey's "Q1_2" beside "Q1"): the cue goes to the
    # one whose words the passage is nearest (the second file's question took every "Question 1")
    numbered_as: dict[int, list[int]] = {}
    for i, q in enumerate(questions):
        if q.number is not None:
            numbered_as.setdefault(q.number, []).append(i)
    sims = _similarities([t for t, _ in passages], questions, common)

    def nearest(number: int, row: int) -> int:
        candidates = numbered_as[number]
        if len(candidates) == 1 or not sims.shape[1]:
            return candidates[0]
        quoted = _quoted(passages[row][0], [questions[i] for i in candidates])
        if quoted is not None:
            return candidates[quoted]
        return max(candidates, key=lambda i: (float(sims[row, i]), -i))

    by_number = {number: candidates[0] for number, candidates in numbered_as.items()}
    cues = [_cue(text, kind, questions, common) if structure else (None, False, None) for text, kind in passages]
    in_order = _numbered_in_order(cues, questions, numbered_as, sims if sims.shape[1] else None)
    owners = _code_owners(questions)
    out: list[Mapping] = []
    current: int | None = None
    signed = False  # past the letter's closing: its signature, address and telephone
    # the short lines after a letter's last passage of prose (a name, an address, a telephone with
    # no "Yours sincerely" over them) are its signature too
    last_prose = max((i for i, (text, kind) in enumerate(passages)
                      if kind != "heading" and len(text.split()) > 6), default=len(passages))
    for row, (text, kind) in enumerate(passages):
        if structure and row > last_prose and kind == "heading" and not QUESTION_CUE.match(text):
            out.append(Mapping(None, 0.9, "closing"))
            continue
        cue: int | None = None
        number, explicit, named = cues[row]
        if named is not None:  # the label's words name a question: they outweigh its number
            cue = named
        elif number is not None and explicit:
            if in_order and 1 <= number <= len(questions):
                cue = number - 1
            elif number in by_number:
                cue = nearest(number, row)
        elif number is not None and number in by_number:  # "4." on a heading: question 4 if its words agree
            i = nearest(number, row)
            if sims.shape[1] and sims[row, i] >= MIN_SIMILARITY and sims[row].argmax() == i:
                cue = i
        if cue is None and structure and not _covering(text):
            cue = _named_by_code(text, owners)  # (a covering note naming the policies it covers answers none)
        if cue is None and structure:
            cue = _quoted(text, questions)
        if cue is not None:
            current, signed = cue, False
            out.append(Mapping(questions[cue].key, 1.0, "cue"))
            continue
        if explicit:
            current = None  # "Question 9" with no question 9: what follows answers no question named yet
        if kind == "heading" and _CLOSING.match(text):
            current = None
        words = len(text.split())
        if structure and (signed or is_closing(text) or is_greeting(text) or _signature_block(text)):
            # the letter's greeting or closing, and what follows the closing: part of no answer
            signed = signed or not is_greeting(text)
            current = None
            out.append(Mapping(None, 0.9, "closing"))
            continue
        label = topic_label(text) if structure and named is None and number is None else None
        if label and any(code not in owners for code in _CODE.findall(label)):
            current = None  # "Site SA22: ...": a site or policy the form does not ask about, not the section above
        if words <= TITLE_MAX_WORDS and (_TITLE.search(text) or letter_publication(text) is not None
                                         or _PRIVACY_REQUEST.match(text)):
            # the letter's title ("Response from ... to the consultation on ...") or its request about
            # publication ("Please treat this response as confidential"): part of no answer
            out.append(Mapping(None, 0.9, "closing"))
            continue
        if VALEDICTION.match(text) or (current is None and _covering(text)):
            current = None  # a covering sentence says whose response this is, not a view on a question
            out.append(Mapping(None, 0.9, "general"))
            continue
        if kind != "heading" and _CITATION.search(text) and len(text) < 400:
            out.append(Mapping(None, 0.8, "general"))  # a footnote or a reference, not an answer
            continue
        if current is not None:
            out.append(Mapping(questions[current].key, 0.9, "section"))
            continue
        scores = sims[row] if sims.shape[1] else np.zeros(0)
        if scores.size:
            order = np.argsort(-scores)
            best = float(scores[order[0]])
            second = float(scores[order[1]]) if scores.size > 1 else 0.0
            if best >= MIN_SIMILARITY and best - second >= MIN_MARGIN:
                out.append(Mapping(questions[int(order[0])].key, round(best, 3), "similarity", splittable=True))
                continue
            out.append(Mapping(None, round(1.0 - best, 3), "general", splittable=True))
        else:
            out.append(Mapping(None, 1.0, "general"))
    return out


def _near_question(scores: np.ndarray) -> tuple[int, float] | None:
    """The question a passage's similarities name (as :func:`map_passages` reads them), or None."""
    if not scores.size:
        return None
    order = np.argsort(-scores)
    best = float(scores[order[0]])
    second = float(scores[order[1]]) if scores.size > 1 else 0.0
    return (int(order[0]), best) if best >= MIN_SIMILARITY and best - second >= MIN_MARGIN else None


#: where a sentence ends and the next starts, within a paragraph
_SENTENCE_CUT = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])")
#: each side of a split paragraph has at least this many words
SPLIT_MIN_WORDS = 8


def _split_mixed(text: str, passage: Passage, questions: Sequence[QuestionInfo],
                 common: frozenset[str] = frozenset()) -> list[tuple[Passage, Mapping]] | None:
    """A paragraph mapped by its words that answers two questions, one after the other (a PDF letter's
    lines run "Eligibility should be automatic ... The cost should not fall on ..." into one paragraph):
    the two passages it splits into at a sentence's end, where each is near a different question,
    the split with the higher scores; None when no split does."""
    body = text[passage.start:passage.end]
    if not 200 <= len(body) <= 5000:
        return None
    candidates = [(cut.start(), body[:cut.start()].rstrip(), body[cut.end():]) for cut in _SENTENCE_CUT.finditer(body)]
    candidates = [c for c in candidates if min(len(c[1].split()), len(c[2].split())) >= SPLIT_MIN_WORDS][:40]
    if not candidates:
        return None
    sims = _similarities([half for _, first, second in candidates for half in (first, second)], questions, common)
    best: tuple[float, int, tuple[int, float], tuple[int, float]] | None = None
    for n, (cut, _first, _second) in enumerate(candidates):
        a, b = _near_question(sims[2 * n]), _near_question(sims[2 * n + 1])
        if a is not None and b is not None and a[0] != b[0] and (best is None or a[1] + b[1] > best[0]):
            best = (a[1] + b[1], cut, a, b)
    if best is None:
        return None
    _, cut, a, b = best
    second_start = passage.start + cut + len(body[cut:]) - len(body[cut:].lstrip())
    return [(Passage(passage.start, passage.start + len(body[:cut].rstrip()), "paragraph"),
             Mapping(questions[a[0]].key, round(a[1], 3), "similarity")),
            (Passage(second_start, passage.end, "paragraph"), Mapping(questions[b[0]].key, round(b[1], 3), "similarity"))]


def _front_matter(text: str, found: list[Passage]) -> tuple[list[Passage], list[Passage]]:
    """``found`` parted into the document's front matter (:func:`front_matter_end`; a passage it ends inside is
    cut there, its head a heading) and the passages after it."""
    end = front_matter_end(text)
    front: list[Passage] = []
    rest: list[Passage] = []
    for p in found:
        if p.end <= end:
            front.append(Passage(p.start, p.end, "heading"))
        elif p.start < end:
            head = p.start + len(text[p.start:end].rstrip())
            if head > p.start:
                front.append(Passage(p.start, head, "heading"))
            rest.append(Passage(end, p.end, p.kind))
        else:
            rest.append(p)
    return front, rest


def map_document(text: str, questions: Sequence[QuestionInfo], *, structure: bool = True,
                 common: frozenset[str] = frozenset()) -> list[tuple[Passage, Mapping]]:
    """A document's passages (:func:`split_passages`) and their questions (:func:`map_passages`); with
    ``structure``, a paragraph mapped by its words that answers two questions in turn is split between them, and
    the document's front matter (:func:`front_matter_end`) answers none. ``common``: the consultation's own
    words (:func:`consultation_words`), evidence for no one question."""
    found = split_passages(text)
    # the document's front matter (title page, date, addressee, reference, contents, licence): in no answer, and
    # no cue or section for what follows (a title naming the consultation had named the question sharing its words)
    front, found = _front_matter(text, found) if structure else ([], found)
    mapped = map_passages([(text[p.start:p.end], p.kind) for p in found], questions, structure=structure, common=common)
    if structure and form_details(text) is not None:
        # a response form: what it prints above its first question (its title, the consultation's name, the
        # body's address) is the form's, nobody's answer
        first = next((i for i, m in enumerate(mapped) if m.method == "cue"), 0)
        mapped = [Mapping(None, 0.9, "closing") if i < first else m for i, m in enumerate(mapped)]
    out: list[tuple[Passage, Mapping]] = [(p, Mapping(None, 0.9, "closing")) for p in front]
    for passage, mapping in zip(found, mapped, strict=True):
        parts = _split_mixed(text, passage, questions, common) if structure and mapping.splittable and \
            passage.kind == "paragraph" else None
        out.extend(parts or [(passage, mapping)])
    return out


#: the consultation's own words: stems in the front matter of at least this share of its documents (and of
#: :data:`COMMON_MIN_DOCUMENTS` at least), once it has :data:`COMMON_MIN_DOCUMENTS` documents
COMMON_SHARE = 0.2
COMMON_MIN_DOCUMENTS = 5


def consultation_words(texts: Sequence[str]) -> frozenset[str]:
    """The stems the front matter (:func:`front_matter_end`) of many of a consultation's documents shares: its
    title's words ("Safe and responsible AI in Australia", "discussion paper"), its department's and its
    address's. Evidence for no one question (a trial's cover pages went to the one question worded
    "responsible ... government ... AI"); none below :data:`COMMON_MIN_DOCUMENTS` documents."""
    if len(texts) < COMMON_MIN_DOCUMENTS:
        return frozenset()
    seen: dict[str, int] = {}
    for text in texts:
        for word in set(_stems(text[:front_matter_end(text)])):
            seen[word] = seen.get(word, 0) + 1
    least = max(COMMON_MIN_DOCUMENTS, COMMON_SHARE * len(texts))
    return frozenset(w for w, n in seen.items() if n >= least and not any(c.isdigit() for c in w))


def _shared_by_all(questions: Sequence[QuestionInfo]) -> frozenset[str]:
    """The stems every question's wording has (three questions or more): they tell none of them apart."""
    if len(questions) < 3:
        return frozenset()
    return frozenset.intersection(*(_stem_set(q.text) for q in questions))
