"""BERTopic assembly and the making of theme candidates (labels, keywords, quotes, hierarchy)."""

from __future__ import annotations

import logging
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from consult_analyser.pipeline.lean_imports import hidden, without_torch_stack
from consult_analyser.pipeline.pii_names import a_first_name_only, mostly_a_name_part, names_a_person
from consult_analyser.pipeline.pii_rules import EMAIL_RE
from consult_analyser.pipeline.pii_words import _common_words
from consult_analyser.pipeline.themes.cluster import normalise_rows, theme_linkage
from consult_analyser.pipeline.themes.guided import ExpectedTheme
from consult_analyser.pipeline.themes.label_forms import (
    _in_a_sentence,
    _mostly_a_verb,
    _unfinished,
    _written_with,
    completed,
    names_an_organisation,
    takes_a_side_they_split_on,
    writing,
)
from consult_analyser.pipeline.themes.labels import (
    ASSORTED_LABEL,
    PLEASED_DESCRIPTION,
    PLEASED_LABEL,
    STANCE_ONLY_LABEL,
    WEAK_KEYWORDS,
    acceptable_label,
    answers_label,
    describe,
    describe_examples,
    fallback_label,
    pleased_only,
    singular,
    stance_only,
    stance_only_description,
    written_together,
)
from consult_analyser.pipeline.themes.languages import foreign_stop_words
from consult_analyser.pipeline.themes.phrases import STOP_WORDS, PhraseLabeler, is_stop, phrase_key, tidy
from consult_analyser.pipeline.themes.quotable import no_quote
from consult_analyser.pipeline.themes.result import ThemeCandidate

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
QUOTES = 5
#: a keyword pair must be written together in two of a theme's this many most central answers
PAIR_CHECK_TEXTS = 2000
MIN_QUOTES = 3
KEYWORDS = 8


def import_bertopic() -> Any:
    """The ``bertopic`` module, imported without the transformer stack (see :mod:`consult_analyser.pipeline.lean_imports`)
    and without UMAP: BERTopic's plotting imports UMAP (and so numba) eagerly, seconds of start-up
    for a part we replace; BERTopic itself imports UMAP only when asked for its default reducer."""
    if "bertopic._bertopic" not in sys.modules:
        with without_torch_stack(), hidden("umap"):
            import bertopic  # noqa: F401
    return sys.modules["bertopic"]


def lean_bertopic() -> type:
    """BERTopic without its own representative documents (three per topic, found by sampling
    and c-TF-IDF; seconds on thousands of answers): themes take theirs from the embeddings
    (:meth:`ThemeBuilder._quotes`). BERTopic is pinned, see requirements/bertopic.txt."""
    base = import_bertopic().BERTopic

    class LeanBERTopic(base):  # type: ignore[misc, valid-type]
        def _save_representative_docs(self, documents: Any) -> None:
            self.representative_docs_: dict[int, list[str]] = {}

    return LeanBERTopic


def bertopic_version() -> str:
    """Installed BERTopic version (for provenance)."""
    try:
        from importlib.metadata import version

        return version("bertopic")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


#: a keyword starts with a letter of any alphabet ("crèche", "écoles") and may hold apostrophes,
#: straight or curly, and hyphens ("don't", "don’t", "well-being")
WORD_PATTERN = r"(?u)\b[^\W\d_][\w'’-]*\w\b"


def make_vectorizer(n_answers: int, fallback: int = 0) -> CountVectorizer:
    """Words and word pairs without English stop words (``fallback`` 1: keep stop words;
    2: character n-grams, for answers made of nothing but punctuation or stop words).

    BERTopic fits it on one joined document per theme, so ``min_df`` stays 1."""
    if fallback >= 2:
        return CountVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=1)
    stops = None if fallback else sorted(STOP_WORDS | foreign_stop_words())  # and the answers' other languages'
    return CountVectorizer(ngram_range=(1, 2), stop_words=stops, min_df=1, preprocessor=without_addresses,
                           token_pattern=r"(?u)\b\w[\w'’-]*\w\b|\b\w\b" if fallback else WORD_PATTERN)


_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|uk|au|eu|int)"
                          r"(?:/\S*)?", re.I)
_DOMAIN_END = re.compile(r"\.(?:com|org|net|gov|edu|io|uk|au|eu|int)\b")


def without_addresses(text: str) -> str:
    """An answer in lower case without the web and e-mail addresses it cites ("arxiv.org/abs/...",
    "dl.acm.org"): their pieces are not what the answer is about, so never a theme's keyword."""
    if "@" in text:
        text = EMAIL_RE.sub(" ", text)
    text = text.lower()
    if "http" in text or "www." in text or _DOMAIN_END.search(text):  # the full pattern is slower
        return _WEB_ADDRESS.sub(" ", text)
    return text




_DISAMBIGUATED = re.compile(r"(.+) \((.+)\)")
#: a label for the answers near a phrase that names another theme, or the question's own phrase
FURTHER_POINTS = "Other points on "
_FURTHER = re.compile(rf"{FURTHER_POINTS}(.+)")
#: a keyword in brackets after a label's phrase must be written with it by this share of the theme's answers
WITH_PHRASE_SHARE = 0.2
#: a phrase names a theme outright when it means what the theme's answers say more than what the others say by this
#: much (:meth:`ThemeBuilder._fits`): on a real consultation's long answers, labels a trial's readers judged wrong
#: after reading the answers ("Robodebt", "Cyber", "Renewable energy sources") fitted by 0.11 or less, usable ones
#: ("Copyright", "Weapons", "Surveillance") by 0.16 or more; on survey answers (ANES) one label in ten fitted by less
#: than 0.08. A phrase that fits less comes after those that fit (blind readers preferred the labels so chosen 14 to
#: 11, usable 9 of 30 against 1), and a label that fits less, written by fewer than half of a theme's answers, says
#: the theme holds other points too ("Robodebt and other points"; see :meth:`ThemeBuilder._names_a_part`).
LABEL_FIT = 0.08
#: ... and a label written by fewer than a third of them (:data:`FEW_WRITE_IT`) names them only if it fits as well as
#: the labels readers judged usable (0.16 or more): trial 48's "Beryllium" fitted by 0.12 and was written by 10 of 51
#: answers, the rest covering notes and addresses from seven other rules; "Council on Environmental Quality" fitted by
#: 0.11, written by 15 of 58
LABEL_FIT_SURE = 0.16
FEW_WRITE_IT = 1 / 3
#: answers this similar to their centre on average are copies of one text (a campaign, reworded or not)
NEAR_COPIES = 0.9
AND_OTHERS = " and other points"




@dataclass
class Built:
    themes: list[ThemeCandidate]  # representative: indices into the fitted texts
    parents: dict[int, int]  # sub-theme key -> parent key (set by the model, :meth:`ThemeModel._nesting`)
    linkage: np.ndarray
    linkage_keys: list[int] = field(default_factory=list)
    #: theme key -> (key of a larger theme, its label's words) when every name this theme had was taken
    #: ("" for a second theme of answers that only take a side)
    named_alike: dict[int, tuple[int, str]] = field(default_factory=dict)


def _stem(word: str) -> str:
    """A crude stem, to tell a word from its forms ("experienced", "experience", "richer" -> "rich"); endings are
    taken off twice, so that a plural and its singular meet ("deployers", "deployer" -> "deploy": not
    "Deployers (deployer)")."""
    for _ in range(2):
        for ending in ("ed", "er", "es", "e", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


class ThemeBuilder:
    """Holds the fitted BERTopic model for one question's answers and turns topics into themes."""

    def __init__(self, texts: Sequence[str], vectors: np.ndarray, labeler: PhraseLabeler,
                 expected: Sequence[ExpectedTheme], weights: np.ndarray | None = None) -> None:
        self.texts = list(texts)
        self.weights = np.ones(len(self.texts)) if weights is None else np.asarray(weights, dtype=float)
        self.vectors = vectors
        self.labeler = labeler
        self.expected = list(expected)
        self.model: Any = None
        self._lowered: list[str] | None = None  # the answers in lower case, for _spread
        self._using: dict[str, set[int]] = {}  # word -> the answers that use it, for _spread
        #: the model's embedder's ``encode`` (None: labels are chosen by their words alone), and the vectors of
        #: the phrases it embedded (see :meth:`_fits`)
        self.embed: Callable[[list[str]], np.ndarray] | None = None
        self._phrase_vectors: dict[str, np.ndarray] = {}
        #: a phrase that names the consultation's subject ("Responsible AI in Australia discussion paper"), never a label
        self.subject: Callable[[str], bool] | None = None

    def fit_bertopic(self, X: np.ndarray, reducer: object, clusterer: object,
                     vectorizer: CountVectorizer) -> np.ndarray:
        """Fit BERTopic with the given parts on precomputed vectors ``X``; topics per answer."""
        BERTopic = lean_bertopic()
        from bertopic.vectorizers import ClassTfidfTransformer

        for fallback in (0, 1, 2):
            self.vectorizer = vectorizer if fallback == 0 else make_vectorizer(len(self.texts), fallback)
            self.ctfidf = ClassTfidfTransformer(reduce_frequent_words=True)
            self.model = BERTopic(umap_model=reducer, hdbscan_model=clusterer, vectorizer_model=self.vectorizer,
                                  ctfidf_model=self.ctfidf, top_n_words=10, calculate_probabilities=False,
                                  verbose=False, language="multilingual")  # "english" strips non-ASCII letters
            logging.getLogger("BERTopic").setLevel(logging.ERROR)  # the constructor resets it
            try:
                topics, _ = self.model.fit_transform(self.texts, embeddings=np.asarray(X, dtype=np.float32))
                return np.asarray(topics, dtype=int)
            except (ValueError, TypeError) as exc:
                # an empty vocabulary (ValueError), or one of a single word, on which BERTopic's
                # c-TF-IDF fails (TypeError): "same answer" / "another one" leave only "answer"
                single = len(getattr(self.vectorizer, "vocabulary_", None) or {}) < 2
                if fallback == 2 or (isinstance(exc, ValueError) and "vocabulary" not in str(exc)) or \
                        (isinstance(exc, TypeError) and not single):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def update_topics(self, topics: np.ndarray) -> None:
        """Recompute c-TF-IDF keywords for a new assignment of answers to themes."""
        if self.model is None or not np.any(np.asarray(topics) >= 0):
            return
        if list(self.model.topics_) == [int(t) for t in topics]:
            return  # BERTopic's fit already described exactly these themes
        self.model.update_topics(self.texts, topics=[int(t) for t in topics], vectorizer_model=self.vectorizer,
                                 ctfidf_model=self.ctfidf, top_n_words=10)

    def keywords(self, key: int, texts: Sequence[str] = ()) -> list[str]:
        """Top c-TF-IDF words and word pairs of a theme, without words already in a chosen pair.

        Given the theme's ``texts``, a pair is two words they write together in one clause ("computer
        science") in two answers (one if the theme has one): not the end of one answer and the start
        of the next, which c-TF-IDF reads as one text, nor two items of a list ("Data Science, Computer
        Science" does not give "science computer"), nor a word twice."""
        if self.model is None:
            return []
        together = min(2, len(texts))
        topic = [w for w, score in (self.model.get_topic(key) or []) if w and score > 0]
        # the most central answers, in lower case once (and only when there is a pair to look for):
        # a theme of 20,000 answers is not read whole per pair
        lowered = [t.lower() for t in texts[:PAIR_CHECK_TEXTS]] if any(" " in w for w in topic) else []

        def written(pair: str) -> bool:  # two different words, one after the other in the answers
            return len(set(pair.split())) == len(pair.split()) \
                and written_together(pair, lowered, together, within_clause=True, lowered=True)

        words = [w for w in topic if " " not in w or not lowered or written(w)]
        chosen: list[str] = []
        for w in words:
            parts = set(w.split())
            if any(parts <= set(c.split()) or set(c.split()) <= parts for c in chosen):
                continue
            chosen.append(w)
            if len(chosen) >= KEYWORDS:
                break
        return chosen

    def build(self, topics: np.ndarray, seeds: dict[int, int]) -> Built:
        """Candidates for every theme key in ``topics`` plus empty expected themes in ``seeds``."""
        topics = np.asarray(topics, dtype=int)
        keys = sorted((set(topics.tolist()) - {-1}) | set(seeds))
        members: list[np.ndarray] = []
        centres = np.zeros((len(keys), self.vectors.shape[1] if self.vectors.ndim == 2 else 1))
        for t, key in enumerate(keys):
            rows = np.flatnonzero(topics == key)
            if len(rows):
                centre = normalise_rows(self.vectors[rows].mean(axis=0, keepdims=True))[0]
                centres[t] = centre
                rows = rows[np.argsort(-(self.vectors[rows] @ centre), kind="stable")]
            members.append(rows)
        phrases = self.labeler.label(self.texts, [rows.tolist() for rows in members])
        assigned = topics >= 0
        self._embed_phrases([p for found in phrases for p, _ in found])  # in one batch
        unsure: list[int] = []  # themes whose phrase label may name only a part of them (see _names_a_part)
        used: set[str] = set()
        owners: dict[str, int] = {}  # label -> its theme's key
        alike: dict[int, tuple[int, str]] = {}
        themes: list[ThemeCandidate] = []
        for t, key in enumerate(keys):
            seed = self.expected[seeds[key]] if key in seeds else None
            member_texts = [self.texts[i] for i in members[t]]
            # no keyword, nor a label made of one, is a word the answers write inside a person's full name
            keywords = [k for k in (self.keywords(key, member_texts) if len(members[t]) else [])
                        if not any(a_first_name_only(w) or mostly_a_name_part(w, member_texts) for w in k.split())]
            # a pair of keywords names it only where the answers write it as a phrase: not "Marriage breaks" of
            # "when their marriage breaks down", nor "Helplines require" of "helplines require investment"
            named_by = self._phrase_pairs(keywords, member_texts)
            fallback = partial(fallback_label, member_texts, named_by)  # worked out only when no phrase will do
            # nor is a label: "Oakshott" of five "I'm ... Oakshott and I've lived here" (a label may name
            # a politician the answers discuss, whom they do not write with a first name)
            # nor an organisation's name: "Getty Images" of the one answer that named its writer (trial 49)
            candidates = [p for p, _ in phrases[t]
                          if not any(a_first_name_only(w) or mostly_a_name_part(w, member_texts) for w in p.split())
                          and not (self.subject and self.subject(p)) and not names_an_organisation(p, member_texts)]
            # the phrases that mean what the theme's answers say first (see _fits), each group in its order
            fits = self._fits(candidates, members[t], assigned & (topics != key))
            candidates = [p for p, f in sorted(zip(candidates, fits, strict=True), key=lambda pf: pf[1] < LABEL_FIT)]
            # "Agree", "I disagree", "Yes": a side taken; "All good", "No thank you": all well; no topic to name
            fixed = None if seed else (STANCE_ONLY_LABEL, stance_only_description(member_texts)) \
                if stance_only(member_texts) \
                else (PLEASED_LABEL, PLEASED_DESCRIPTION) if pleased_only(member_texts) else None
            if fixed is not None and phrase_key(fixed[0]) in owners:  # a second such theme joins the first
                alike[key] = (owners[phrase_key(fixed[0])], "")
                fixed = None
            sided = fixed is not None
            if fixed is not None:
                label = fixed[0]
            else:
                label = seed.label if seed else self._label(candidates, fallback, named_by, used,
                                                            key, member_texts, partial(self._spread, members[t]),
                                                            partial(answers_label, member_texts, named_by))
            # every name it had was taken: "Learn English (28)", "Other points on learning English"
            named = _DISAMBIGUATED.fullmatch(label) or _FURTHER.fullmatch(label)
            if named and not seed and not sided and phrase_key(named.group(1)) in owners:
                # groups of unrelated points are one group to a reader, whatever their centres
                name = "" if named.group(1) == ASSORTED_LABEL else phrase_key(named.group(1))
                alike[key] = (owners[phrase_key(named.group(1))], name)
            used.add(phrase_key(label))
            owners.setdefault(phrase_key(label), key)
            quotes = self._quotes(members[t], centres[t])
            # the description and keyword chips name no person (a label may: a politician the answers discuss)
            keywords = [k for k in keywords if not names_a_person(k)]
            if seed and seed.description:
                description = seed.description
            elif fixed is not None:
                description = fixed[1]
            # a phrase label, perhaps completed ("Enough substance" -> "Not enough substance")
            elif seed or any(phrase_key(p) and f" {phrase_key(p)} " in f" {phrase_key(label)} " for p, _ in phrases[t]) \
                    or not len(members[t]):
                description = describe(label, [p for p in candidates if not names_a_person(p)], keywords)
                if not seed and len(members[t]) and not named:
                    unsure.append(len(themes))
            else:
                description = describe_examples([self.texts[i] for i in members[t][:20]
                                                 if not names_a_person(self.texts[i])])
                # a short answer or a keyword pair some of them write names them only as a phrase does (trial 48:
                # "4000 Comment Letters from Grn Members", written by 6 of 60): the same check
                if not seed and not sided and not named and len(members[t]) and label != ASSORTED_LABEL:
                    unsure.append(len(themes))
            shown = [k for k in keywords if k not in WEAK_KEYWORDS]  # no "does" or "say" among the chips
            themes.append(ThemeCandidate(key=key, label=label, description=description, keywords=shown,
                                     representative=quotes, size=int(round(self.weights[members[t]].sum())),
                                     seed_label=seed.label if seed else None))
        self._embed_phrases([themes[j].label for j in unsure])
        for j in unsure:  # its answers are about more than its label names
            t = keys.index(themes[j].key)
            if self._names_a_part(themes[j].label, members[t], centres[t], assigned & (topics != themes[j].key)):
                themes[j] = replace(themes[j], label=f"{themes[j].label}{AND_OTHERS}")
        present = [t for t in range(len(keys)) if len(members[t])]
        tree = theme_linkage(centres[present])
        present_keys = [keys[t] for t in present]
        return Built(themes=themes, parents={}, linkage=tree, linkage_keys=present_keys, named_alike=alike)

    def _phrase_pairs(self, keywords: list[str], texts: Sequence[str]) -> list[str]:
        """``keywords`` less the pairs of words that no phrase found in ``texts`` holds (its words of
        substance, one after the other; the phrases of the texts the labeller has read, by its tagger or, without one,
        its n-grams). Where it has read none of them every keyword stays."""
        found = [self.labeler.cache[t] for t in texts if t in self.labeler.cache]
        if not found:
            return keywords
        held = " | ".join({_substance(p) for phrases in found for p in phrases})
        return [k for k in keywords if len(k.split()) != 2 or f" {_substance(k)} " in f" {held} "]

    def _fits(self, phrases: Sequence[str], rows: np.ndarray, others: np.ndarray) -> list[float]:
        """How well each phrase says what the answers ``rows`` say: its vector's mean similarity to theirs less
        its mean similarity to the other themes' answers (``others``, a mask). Without the embedder (or one that
        cannot embed new texts) every phrase fits."""
        if not len(phrases) or not len(rows) or not others.any():
            return [1.0] * len(phrases)
        self._embed_phrases(phrases)
        if self.embed is None:
            return [1.0] * len(phrases)
        P = np.stack([self._phrase_vectors[p] for p in phrases])
        # mean similarities are similarities to mean vectors; the others' mean without copying their rows
        inside = self.vectors[rows].mean(axis=0)
        outside = (others.astype(np.float64) @ self.vectors) / others.sum()
        return [float(x) for x in P @ (inside - outside)]

    def _embed_phrases(self, phrases: Sequence[str]) -> None:
        """Embed those of ``phrases`` not embedded yet, in one batch; an embedder that cannot embed new texts is
        dropped (words alone then choose)."""
        new = [p for p in dict.fromkeys(phrases) if p not in self._phrase_vectors]
        if self.embed is None or not new:
            return
        try:
            vectors = normalise_rows(np.asarray(self.embed(new), dtype=np.float64))
        except Exception:  # noqa: BLE001 - an embedder that cannot embed new texts: words alone choose
            self.embed = None
            return
        self._phrase_vectors.update(zip(new, vectors, strict=True))

    def _names_a_part(self, label: str, rows: np.ndarray, centre: np.ndarray, others: np.ndarray) -> bool:
        """Whether ``label`` names only a part of the theme's answers ``rows``: it fits them less than
        :data:`LABEL_FIT` and fewer than half of them write its words, or it fits them less than
        :data:`LABEL_FIT_SURE` and fewer than :data:`FEW_WRITE_IT` of them write its words; and they are not copies
        of one text (mean similarity to their centre below :data:`NEAR_COPIES`: a phrase of a text copied many
        times names them all)."""
        fit = self._fits([label], rows, others)[0]
        if fit >= LABEL_FIT_SURE:
            return False
        if float((self.vectors[rows] @ centre).mean()) >= NEAR_COPIES:
            return False
        words = [w for w in phrase_key(label).split() if len(w) >= 3 and not is_stop(w)]
        share = 0.5 if fit < LABEL_FIT else FEW_WRITE_IT
        return bool(words) and writing(words, [self.texts[i] for i in rows.tolist()]) < share * len(rows)

    def _spread(self, rows: np.ndarray, word: str, lone: bool = False) -> bool:
        """True when ``word`` is the question's own vocabulary rather than this theme's: a fifth or
        more of all the answers use it, and fewer than half of those are in the theme ("Risk" in
        answers about a risk-based approach, "Australia" in an Australian consultation)."""
        if self._lowered is None:
            self._lowered = [t.lower() for t in self.texts]
        using = self._using.get(word)
        if using is None:  # each word read once per build, however many themes ask
            pattern = re.compile(rf"\b{re.escape(word)}(s|es)?\b")
            using = self._using[word] = {i for i, text in enumerate(self._lowered) if word in text
                                         and pattern.search(text)}
        inside = sum(1 for i in rows.tolist() if i in using)
        if lone:  # a word standing alone as a label must be this theme's: most answers using it are here
            return len(using) >= 5 and inside < 0.5 * len(using)
        return len(using) >= 0.2 * len(self._lowered) and inside < 0.5 * len(using)

    @staticmethod
    def _label(phrases: list[str], fallback: str | Callable[[], str], keywords: list[str], used: set[str], key: int,
               texts: Sequence[str] = (), spread: Callable[..., bool] = lambda word, lone=False: False,
               answered: Callable[[], str | None] = lambda: None) -> str:
        """The first of ``phrases`` no other theme took (completed, or paired with its commonest
        keyword), else what the answers say in common (``answered``: a short answer many wrote, or a
        central one) unless another theme took the first phrase, else the first phrase with a keyword
        that adds to it, else ``fallback``."""
        phrases = [p for p in phrases if acceptable_label(p) and not _unfinished(p, texts)
                   and not takes_a_side_they_split_on(p, texts)]
        taken = {singular(u) for u in used}
        for p in phrases:
            if phrase_key(p) not in used and singular(p) not in taken:
                words = [w for w in phrase_key(p).split() if len(w) >= 3 and not is_stop(w)]
                if len(words) >= 2 and all(spread(w) for w in words):
                    continue  # the question's own phrase ("Technology-specific solutions"), not this theme's
                if len(phrase_key(p).split()) == 1:  # a lone word: name it with its commonest pair if any
                    pair = next((k for k in keywords if len(k.split()) == 2 and phrase_key(p) in k.split()
                                 and acceptable_label(k) and phrase_key(k) not in used
                                 and written_together(k, texts)), None)
                    if pair:
                        return tidy(pair)
                    if spread(phrase_key(p), True):  # the question's word, not this theme's: try the next phrase
                        continue
                    if _mostly_a_verb(phrase_key(p), texts):  # "Increase" of "loneliness will increase"
                        continue
                whole = completed(p, texts)  # "Bring people" -> "Bring people together": another theme's label?
                if phrase_key(whole) not in used and singular(whole) not in taken:
                    return whole
        # the best phrase names another theme: "Democrat (because)" then joins that one (named alike);
        # else it was the question's own word: "The definitions appear appropriate", not "Definitions (submission)"
        said = None if phrases and (phrase_key(phrases[0]) in used or singular(phrases[0]) in taken) else answered()
        if said and phrase_key(said) not in used and singular(said) not in taken \
                and not names_an_organisation(said, texts):
            return said
        if phrases and keywords:
            # a keyword sharing no word with the phrase: not "Local people (people listen)"
            stems = {_stem(w) for w in phrase_key(phrases[0]).split()}
            # and an English word or one the answers write, not one answer's misspelling ("Republican
            # (amtrack)", "War (heroe)")
            known = _common_words()
            # (a possessive is its word: not "Ceq (ceq's)")
            extras = [k for k in keywords if not {_stem(re.sub(r"['’]s$", "", w)) for w in k.split()} & stems
                      and not set(k.split()) & WEAK_KEYWORDS
                      and (not texts or all(w in known for w in k.split()) or written_together(k, texts))]
            # a phrase the answers write with it: "Inherent risk", not "Risk (inherent)" (a trial's readers
            # counted 24 labels of 96 with a stray word in brackets)
            second = phrases[0] if phrases[0].isupper() or " " in phrases[0] else phrases[0][:1].lower() + phrases[0][1:]
            for extra in extras[:3]:
                for combined in (f"{extra} {second}", f"{phrases[0]} {extra}"):
                    if phrase_key(combined) not in used and singular(combined) not in taken \
                            and acceptable_label(combined) and written_together(combined, texts, within_clause=True):
                        return tidy(combined)
            # else a keyword written beside the phrase in a fair share of the answers, in brackets ("Australia
            # (regulatory)"); never one no answer writes with it: "Education (judgement)", "Privacy (energy)" named
            # answers that wrote the one or the other (33 of 210 labels on a real consultation; its readers
            # judged such labels fragments), nor a verb ("Impact (reduce)")
            least = max(2, math.ceil(WITH_PHRASE_SHARE * len(texts)))
            beside = next((k for k in extras if _written_with(phrases[0], k, texts) >= least
                           and not _mostly_a_verb(k, texts)), None)
            if beside and phrase_key(f"{phrases[0]} {beside}") not in used:
                return f"{phrases[0]} ({beside})"
            # no word is written with it: what else the answers say near that phrase (beside a larger theme named by
            # it, or in a question that asks about it)
            further = FURTHER_POINTS + _in_a_sentence(phrases[0])
            if extras and phrase_key(further) not in used:
                return further
            if extras and phrase_key(f"{phrases[0]} {extras[0]}") not in used:  # a second such theme near it
                return f"{phrases[0]} ({extras[0]})"
        fallback = fallback if isinstance(fallback, str) else fallback()
        if phrase_key(fallback) not in used:
            return fallback
        return f"{fallback} ({key + 1})"

    def _quotes(self, rows: np.ndarray, centre: np.ndarray) -> list[int]:
        """Up to five central, distinct and varied answers (maximal marginal relevance); no covering note, memo
        heading or title line (:func:`~.quotable.no_quote`) while the theme has other answers."""
        if len(rows) == 0:
            return []
        pool, seen = [], set()
        quotable = [i for i in rows[:200] if not no_quote(self.texts[i])]
        for i in (quotable or rows)[:60]:
            key = phrase_key(self.texts[i])
            if key and key not in seen:
                seen.add(key)
                pool.append(int(i))
        if not pool:
            return [int(rows[0])]
        vectors = self.vectors[pool]
        relevance = vectors @ centre
        words = np.array([len(self.texts[i].split()) for i in pool])
        relevance = relevance - 0.05 * (words < 3) - 0.05 * (words > 80)
        picked: list[int] = []
        want = min(QUOTES, len(pool))
        # two answers sharing a sentence say it twice (a trial's three "Mental health" quotes were one sentence
        # in three answers): a quote whose sentence is shown already comes only when nothing else is left
        sentences = [{phrase_key(part) for part in _SENTENCE_END.split(self.texts[i]) if len(part.split()) >= 5}
                     for i in pool]
        shown: set[str] = set()
        while len(picked) < want:
            if picked:
                redundancy = (vectors @ vectors[picked].T).max(axis=1)
            else:
                redundancy = np.zeros(len(pool))
            score = 0.7 * relevance - 0.3 * redundancy
            score[picked] = -np.inf
            repeated = [j for j in range(len(pool)) if j not in picked and sentences[j] & shown]
            if repeated and len(repeated) + len(picked) < len(pool):
                score[repeated] = -np.inf
            elif repeated and len(picked) >= MIN_QUOTES:
                break  # only answers repeating a quote are left, and enough are shown
            picked.append(int(np.argmax(score)))
            shown |= sentences[picked[-1]]
            if len(picked) >= MIN_QUOTES and len(rows) < 10:
                break
        return [pool[j] for j in picked]


def _substance(phrase: str) -> str:
    """A phrase's words of substance, in order ("raise their children" -> "raise children")."""
    return " ".join(w for w in phrase_key(phrase).split() if not is_stop(w))
