"""Respondents as speakers, and the answers they give.

A :class:`Speaker` carries who someone is (sector, organisation, town, outlook, how much they
write, how carefully they type). :func:`closed_answer` and :func:`open_answer` turn a question
and a speaker into an answer plus its truth (theme keys, personal data planted).
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field

from sample_responses import voices
from sample_responses.grammar import KEEP_CAPITAL, Expander, add_typos, lower_first
from sample_responses.orgs import Org, make_org, pick, pick_place
from sample_responses.people import org_email, person_name, personal_email, phone, street_address
from sample_responses.places import LAST, PLACES, Place
from sample_responses.schema import AGREE_SCALE, Question, Theme
from sample_responses.text_bank import LEXICON, THEMES

EXPANDER = Expander(LEXICON)
FAST_MODE_ROWS = 20_000
POPULARITY_DECAY = 0.82  # above this many rows, sentence renderings are cached and reused
KEEP_CAPITAL.update(p.name.split()[0] for p in PLACES)

# Outlooks of individuals and the themes each leans towards (multipliers on theme weights).
PERSONA_BOOST = {
    "mainstream": {"immigration_levels": 0.35},
    "sceptic": {"immigration_levels": 4, "newcomer_responsibility": 3, "british_values": 2.5, "support_for_all": 2.5,
                "sharia_councils": 2.5, "local_orientation": 2.5, "english_key": 1.6, "consultation_process": 1.8,
                "faith_schools_divisive": 1.5, "cannot_measure": 1.8, "most_speak_english": 0.1,
                "muslim_focus_concern": 0.1, "assimilation_concern": 0.05, "asylum_right_to_work": 0.2,
                "british_born_minorities": 0.1, "structural_barriers": 0.3, "media_rhetoric": 0.2},
    "progressive": {"muslim_focus_concern": 2.5, "assimilation_concern": 2.2, "british_born_minorities": 2.2,
                    "structural_barriers": 2.2, "media_rhetoric": 2.2, "asylum_right_to_work": 2,
                    "women_stereotyping": 2, "immigration_levels": 0.02, "newcomer_responsibility": 0.3,
                    "sharia_councils": 0.3, "british_values": 0.5},
    "organisation": {"immigration_levels": 0.3},
}
PERSONA_MOOD = {"mainstream": (0.1, 0.45), "sceptic": (-0.8, 0.5), "progressive": (-0.5, 0.5), "organisation": (0.1, 0.35)}

# Chapters each kind of organisation cares most about (raises its answer rate there).
RELEVANT = {
    "faith": {"Education and young people": 1.4, "Rights and freedoms": 1.4, "Places and community": 1.3},
    "local_authority": {"Local leadership": 1.5, "Integration areas": 1.6, "Measuring success": 1.5},
    "education": {"Education and young people": 1.7, "English language": 1.4},
    "voluntary_community": {"New migrants": 1.5, "English language": 1.4, "Rights and freedoms": 1.2},
    "academic_research": {"Measuring success": 1.6, "Vision": 1.3},
    "business": {"Economic opportunity": 1.8, "English language": 1.2},
    "health_care": {"New migrants": 1.4, "English language": 1.3, "Economic opportunity": 1.2},
    "police_justice_fire": {"Rights and freedoms": 1.8, "Local leadership": 1.3},
    "other_public_body": {"Places and community": 1.5, "Measuring success": 1.3},
}


@dataclass
class Speaker:
    sector: str
    is_org: bool
    place: Place
    first: str
    last: str
    email: str
    org: Org | None
    persona: str
    mood: float
    verbosity: float  # 0..1: chance of longer answers
    typo_rate: float
    engagement: float
    ctx: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def make_speaker(rng: random.Random, sector: str, place: Place | None = None, org: Org | None = None) -> Speaker:
    """A respondent of ``sector`` ("individual" or an organisation sector)."""
    is_org = sector != "individual"
    place = place or pick_place(rng)
    first, last = person_name(rng)
    if is_org:
        org = org or make_org(sector, rng, place)
        email = org_email(rng, first, last, org)
        persona = "organisation"
        verbosity = min(1.0, 0.45 + rng.random() * 0.55)
        typo_rate = 0.01 if rng.random() < 0.2 else 0.0
        engagement = 0.8 + rng.random() * 0.5
        ctx = {"we": "we", "We": "We", "our": "our", "Our": "Our", "us": "us", "we_are": "we are", "We_are": "We are",
               "body": pick(rng, voices.BODY.get(org.kind, "an organisation").split("|")),
               "venue": voices.VENUE.get(org.kind, "centre")}
    else:
        email = personal_email(rng, first, last)
        persona = rng.choices(("mainstream", "sceptic", "progressive"), (0.58, 0.27, 0.15))[0]
        verbosity = rng.random() ** 1.6
        typo_rate = rng.choice((0.0, 0.0, 0.0, 0.02, 0.04, 0.08))
        engagement = 0.35 + rng.random() * 0.9
        ctx = {"we": "I", "We": "I", "our": "my", "Our": "My", "us": "me", "we_are": "I am", "We_are": "I am"}
    mean, sd = PERSONA_MOOD[persona]
    ctx["place"] = place.name
    return Speaker(sector, is_org, place, first, last, email, org, persona, rng.gauss(mean, sd), verbosity,
                   typo_rate, engagement, ctx)


def wants_to_answer(q: Question, sp: Speaker, rng: random.Random, rate: float | None = None) -> bool:
    """Whether the speaker answers this part of the question at all."""
    base = q.answer_rate if rate is None else rate
    boost = RELEVANT.get(sp.sector, {}).get(q.chapter, 1.0)
    return rng.random() < min(0.97, base * sp.engagement * boost)


def closed_answer(q: Question, sp: Speaker, rng: random.Random) -> str:
    """A point on the agree/disagree scale, pulled by sector and outlook."""
    if rng.random() < 0.035:
        return AGREE_SCALE[5]
    value = q.lean_for(sp.sector) + sp.mood + rng.gauss(0, 0.85)
    level = 5 if value >= 4.5 else 4 if value >= 3.5 else 3 if value >= 2.6 else 2 if value >= 1.6 else 1
    return AGREE_SCALE[5 - level]


def _stance_factor(stance: int, choice: str) -> float:
    if not choice or choice == AGREE_SCALE[5]:
        return 1.0
    level = 5 - AGREE_SCALE.index(choice)
    if level >= 4:
        return (0.25, 1.0, 3.0)[stance + 1]
    if level <= 2:
        return (3.0, 1.0, 0.25)[stance + 1]
    return (0.8, 2.0, 0.8)[stance + 1]


_WEIGHT_CACHE: dict[tuple, tuple[list[Theme], list[float]]] = {}


def theme_weights(q: Question, sp: Speaker, choice: str) -> tuple[list[Theme], list[float]]:
    """The question's themes and their cumulative weights for this kind of speaker."""
    key = (q.key, sp.sector, sp.persona, choice)
    hit = _WEIGHT_CACHE.get(key)
    if hit is None:
        themes = [THEMES[k] for k in q.themes]
        boost = PERSONA_BOOST[sp.persona]
        cum, total = [], 0.0
        for position, t in enumerate(themes):
            popularity = POPULARITY_DECAY**position  # earlier-listed themes are raised more often
            total += popularity * t.weight(sp.sector) * boost.get(t.key, 1.0) * _stance_factor(t.stance, choice)
            cum.append(total)
        hit = _WEIGHT_CACHE[key] = (themes, cum)
    return hit


def pick_themes(q: Question, sp: Speaker, rng: random.Random, k: int, choice: str = "") -> list[Theme]:
    """``k`` distinct themes for this speaker's answer."""
    themes, cum = theme_weights(q, sp, choice)
    out: list[Theme] = []
    for _ in range(20 * k):
        t = themes[bisect(cum, rng.random() * cum[-1])]
        if t not in out:
            out.append(t)
            if len(out) == k:
                break
    return out


_TEMPLATES_FOR: dict[tuple[str, str], tuple[str, ...]] = {}


def templates_for(theme: Theme, region: str) -> tuple[str, ...]:
    """The theme's templates a speaker from ``region`` can use ("@Wales:..." ones only in Wales)."""
    key = (theme.key, region)
    hit = _TEMPLATES_FOR.get(key)
    if hit is None:
        prefix = f"@{region}:"
        hit = tuple(t[len(prefix):] if t.startswith(prefix) else t for t in theme.templates
                    if not t.startswith("@") or t.startswith(prefix))
        _TEMPLATES_FOR[key] = hit
    return hit


def theme_sentences(theme: Theme, n: int, sp: Speaker, rng: random.Random) -> list[str]:
    """``n`` different sentences expressing ``theme`` in the speaker's voice."""
    templates = templates_for(theme, sp.place.region)
    first = int(rng.random() * len(templates))
    picked = [templates[(first + i) % len(templates)] for i in range(min(n, len(templates)))]
    return [EXPANDER.expand(t, rng, sp.ctx) for t in picked]


_IMPERATIVES = {"Publish", "Use", "Give", "Keep", "Fund", "Let", "Talk", "Listen", "Stop", "Make", "Help", "Involve",
                "Tackle", "Recognise", "Bring", "Teach", "Protect", "Leave", "Enforce", "Register", "Restore", "Please",
                "When", "It's", "Thank", "I", "We", "I'm", "My", "Our"}


def with_opener(sentence: str, sp: Speaker, rng: random.Random, p: float) -> str:
    if rng.random() >= p or sentence.split(" ", 1)[0].rstrip(",:") in _IMPERATIVES:
        return sentence
    opener = pick(rng, voices.OPENERS_ORG if sp.is_org else voices.OPENERS_PERSON)
    return opener + lower_first(sentence)


def _length(sp: Speaker, rng: random.Random) -> str:
    roll = rng.random()
    v = sp.verbosity
    if roll < 0.42 - 0.32 * v:
        return "short"
    if roll < 0.86 - 0.3 * v:
        return "medium"
    if roll < 0.985 - 0.1 * v:
        return "long"
    return "essay"


@dataclass
class Answer:
    text: str
    themes: list[str]
    pii: list[tuple[str, str]] = field(default_factory=list)
    language: str = "en"


def open_answer(q: Question, sp: Speaker, rng: random.Random, choice: str = "") -> Answer:
    """A free-text answer to ``q`` (its explanation part, for hybrids)."""
    if rng.random() < (0.03 if sp.is_org else 0.09):
        return Answer(pick(rng, voices.NON_ANSWERS), [])
    size = _length(sp, rng)
    k = {"short": 1, "medium": rng.choice((1, 1, 2)), "long": rng.choice((2, 2, 3)), "essay": rng.choice((3, 4, 5))}[size]
    themes = pick_themes(q, sp, rng, k, choice)
    if size == "short":
        t = themes[0]
        if rng.random() < 0.5:
            text = EXPANDER.expand(t.short, rng, sp.ctx)
            text += "" if rng.random() < 0.5 else "."
        else:
            text = with_opener(theme_sentences(t, 1, sp, rng)[0], sp, rng, 0.45)
    else:
        per_theme = {"medium": (1, 2), "long": (2, 2), "essay": (2, 4)}[size]
        parts: list[str] = []
        if size != "medium" or rng.random() < 0.2:
            pool = voices.INTROS.get(sp.sector) if sp.is_org else voices.PERSONAS
            if pool and rng.random() < (0.85 if size == "essay" else 0.5):
                parts.append(EXPANDER.expand(pick(rng, pool), rng, sp.ctx))
        paragraphs = [parts] if parts else []
        for i, t in enumerate(themes):
            sents = theme_sentences(t, rng.randint(*per_theme), sp, rng)
            sents[0] = with_opener(sents[0], sp, rng, 0.35)
            if i and rng.random() < 0.6:
                conn = pick(rng, voices.CONNECTORS)
                sents[0] = conn + lower_first(sents[0]) if conn else sents[0]
            if size == "medium" and paragraphs:
                paragraphs[-1].extend(sents)
            else:
                paragraphs.append(sents)
        if size in ("long", "essay") and rng.random() < 0.35:
            paragraphs[-1].append(pick(rng, voices.CLOSERS_ORG if sp.is_org else voices.CLOSERS_PERSON))
        sep = "\n\n" if size == "essay" or (size == "long" and rng.random() < 0.4) else " "
        text = sep.join(" ".join(p) for p in paragraphs)
    if sp.typo_rate:
        text = add_typos(text, rng, sp.typo_rate)
    answer = Answer(text, [t.key for t in themes])
    if rng.random() < (0.004 if sp.is_org else 0.018):
        plant_pii(answer, sp, rng)
    return answer


def plant_pii(answer: Answer, sp: Speaker, rng: random.Random) -> None:
    """Add a sentence with a phone number, address, e-mail or name (and record what was added)."""
    values = {"phone": phone(rng, sp.place, 0.7), "address": street_address(rng, sp.place), "email": sp.email,
              "other_last": pick(rng, LAST), "full_name": sp.name}
    pool = voices.PII_SENTENCES_ORG if sp.is_org else voices.PII_SENTENCES
    sentence = EXPANDER.expand(pick(rng, pool), rng, {**sp.ctx, **values})
    answer.text = f"{answer.text} {sentence}"
    kinds = {"phone": "phone", "address": "address", "email": "email", "full_name": "name", "other_last": "name"}
    for slot, kind in kinds.items():
        if values[slot] in sentence:
            answer.pii.append((kind, values[slot]))


def use_sentence_cache(size: int) -> None:
    """Reuse up to ``size`` renderings per template (0 turns the cache off and empties it)."""
    EXPANDER.cache_size = size
    EXPANDER._cache.clear()
