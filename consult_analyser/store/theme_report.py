"""The read model of a question's themes: what the themes view shows a team lead and what the
annex and the Word report publish, from the same functions.

A question's themes with their counts (:func:`consult_analyser.store.themes.list_themes`), each
theme's respondents by sector (:func:`consult_analyser.store.themes.sector_breakdown`) and the
quotes that show what a theme is about (:func:`quotes`) come together in :func:`question_report`.
The themes view reads the same three functions piece by piece (so the table appears before the
chart and the quotes); exports shorten and redact the quotes before publishing them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from consult_analyser.domain import Theme, ThemeStatus, percent
from consult_analyser.letter_text import letter_body, without_opening
from consult_analyser.store.project import Project
from consult_analyser.store.themes import HAS_TEXT, UNCLASSIFIED, ThemeAnswer, list_themes, sector_breakdown

#: quotes shorter than this are used only when a theme has nothing longer
QUOTE_MIN_CHARS = 30
#: answers read per theme when choosing quotes (best first)
_CANDIDATES = 200
#: the built-in code marking evidence-rich answers: coded (or suggested with at least
#: ``QUOTABLE_CONFIDENCE``) answers are quoted first
QUOTABLE_CODE = "Quotable"
QUOTABLE_CONFIDENCE = 0.5


#: the longest quote shown or published; a longer answer is quoted by its passage on the theme
QUOTE_MAX_CHARS = 600

# Sentences that open or close a letter rather than say anything: a passage is not anchored on them
_FORMALITY = re.compile(
    r"^(dear|re|subject|to whom|attn|attention)\b|\b(please (find|see) (the )?(attached|below|enclosed)"
    r"|(attached|enclosed|below) (please find|is|are)|(this|the following) is (my|our|the) (response|submission)"
    r"|thank you for (the|this) opportunity|(i am|we are) writing(?! to (object|oppose|support|protest|urge|ask|"
    r"express|register|complain|raise|say|tell|call|request|demand|welcome))"
    r"|(yours|kind|best) (sincerely|faithfully|regards)"
    r"|submits? the following comments|on behalf of)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[\"“'(]?[A-Z0-9])|\s*\n+\s*")


_ENCLOSED = re.compile(r'^\s*(["“”„«]+)(?P<inner>[^"“”„«»]*?)["“”«»]+\s*$', re.S)


def _unquoted(text: str) -> str:
    """An answer the respondent put in quotation marks, without them (it is quoted again as “…”);
    one that quotes something inside keeps its marks."""
    match = _ENCLOSED.match(text)
    return match.group("inner").strip() if match and match.group("inner").strip() else text


#: a closing sentence that says nothing on the theme: "I would be happy to discuss this further.",
#: "Please ring me on [phone] or email [email].", "Thank you."
_CLOSER = re.compile(r"^(?:i|we)(?: would| will)? be (?:happy|glad|pleased) to (?:discuss|help|provide|expand)"
                     r"|^(?:please )?(?:do )?(?:contact|ring|call|email|e-mail|phone) (?:me|us)\b|^thank(?:s| you)\b"
                     r"|^contact(?: details)?\s*:"
                     r"|^(?:kind|best|warm) regards|^yours\b|^many thanks|^if you (?:have|need) any (?:questions|more)",
                     re.I)


def _without_formalities(text: str) -> str:
    """A short answer without its opening formalities ("Thank you for the opportunity to
    respond.") and closing ones ("I would be happy to discuss this further."), when something is left."""
    text = without_opening(text)
    sentences = [x for x in _SENTENCE.split(text) if x and x.strip()]
    start, end = 0, len(sentences)
    while start < end - 1 and len(sentences[start].split()) <= 15 and _FORMALITY.search(sentences[start]):
        start += 1
    while end - 1 > start and len(sentences[end - 1].split()) <= 20 and _CLOSER.search(sentences[end - 1].strip()):
        end -= 1
    return text if (start, end) == (0, len(sentences)) else " ".join(" ".join(x.split()) for x in sentences[start:end])


def quote_excerpt(text: str, keywords: list[str] | tuple[str, ...] = (), limit: int = QUOTE_MAX_CHARS) -> str:
    """What to quote of an answer: the whole of it when short; else the passage of at most ``limit``
    characters that best shows the theme, whole sentences from the one that names most of the
    theme's ``keywords`` (not a salutation or "please find attached"), with "…" where text is left
    out. A long letter is thus quoted by what it says on the theme, not by its first lines; an
    answer pasted from an e-mail is quoted without its greeting and sign-off."""
    text = _without_formalities(_unquoted(letter_body(text)))
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    sentences = [" ".join(x.split()) for x in _SENTENCE.split(text) if x and x.strip()]  # not empty: text is long
    words = [k.lower() for k in keywords if k and k.strip()]

    def score(i: int) -> float:
        low = sentences[i].lower()
        hits = sum(1 for k in words if k in low)
        return hits - (2 if _FORMALITY.search(sentences[i]) else 0) - (0.5 if len(sentences[i]) < 40 else 0) - 0.001 * i

    start = end = max(range(len(sentences)), key=score)
    size = len(sentences[start])
    while end + 1 < len(sentences) and size + 1 + len(sentences[end + 1]) <= limit:
        end += 1
        size += 1 + len(sentences[end])
    while start > 0 and size + 1 + len(sentences[start - 1]) <= limit and not _FORMALITY.search(sentences[start - 1]):
        start -= 1
        size += 1 + len(sentences[start])
    passage = " ".join(sentences[start:end + 1])
    if len(passage) > limit:  # one long sentence: cut at a word
        passage = passage[:limit].rsplit(" ", 1)[0]
        end = -1
    return ("… " if start > 0 else "") + passage + (" …" if end < len(sentences) - 1 else "")


def _flat(text: str) -> str:
    return " ".join(text.split())


_LOWER_I = re.compile(r"(?:^|\s)i(?:\s|'|’|$)")


def quote_key(text: str) -> str:
    """What two quotes that read the same share: lower case, words only."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def well_written(text: str) -> bool:
    """An answer written in sentences: it opens with a capital (or a figure or a quote), ends a sentence
    somewhere, is not all capitals, and writes "I" as a capital."""
    flat = " ".join(text.split())
    letters = [c for c in flat if c.isalpha()]
    return bool(flat) and (flat[0].isupper() or flat[0].isdigit() or flat[0] in "\"“‘'(") \
        and any(c in flat for c in ".!?") and not (len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters)) \
        and not _LOWER_I.search(flat)


def quotes(project: Project, theme_id: str, n: int = 5) -> list[ThemeAnswer]:
    """Up to ``n`` answers that show what a theme is about: answers coded (or confidently suggested)
    :data:`QUOTABLE_CODE` first, then the model's representative answers, then the most confident; substantial answers (``QUOTE_MIN_CHARS``) before short ones;
    never two from one respondent, two from one organised campaign or the same text twice; never
    the answer of a respondent who asked that their response not be published. A letter themed by its passages
    is quoted by the passage that put it in the theme (stored with its place in the theme): its ``text`` is that
    passage, which :func:`quote_excerpt` trims as it trims an answer (a letter's sentence that named most keywords
    was a question it copied, or its point on another theme); answers without one, and every theme found
    before passages were stored, are quoted whole as before."""
    rows = project.query(
        "SELECT r.id, r.respondent_id, p.external_id, r.text, a.confidence, a.source, a.representative,"
        " (SELECT campaign_id FROM campaign_members m WHERE m.response_id = r.id LIMIT 1), r.origin,"
        " (SELECT passage FROM theme_passages q WHERE q.theme_id = a.theme_id AND q.response_id = r.id),"
        " (EXISTS (SELECT 1 FROM codings c JOIN codes k ON k.id = c.code_id WHERE c.response_id = r.id"
        "   AND k.name = ?1) OR EXISTS (SELECT 1 FROM suggestions s JOIN codes k ON k.id = s.code_id"
        "   WHERE s.response_id = r.id AND k.name = ?1 AND s.status != 'rejected' AND s.confidence >= ?2)) AS quotable"
        " FROM theme_assignments a JOIN responses r ON r.id = a.response_id JOIN respondents p ON p.id = r.respondent_id"
        " WHERE a.theme_id = ?3 AND trim(r.text) != '' AND p.publication != 'not_for_publication'"
        " ORDER BY quotable DESC, a.representative DESC, a.confidence DESC, r.seq LIMIT ?4",
        (QUOTABLE_CODE, QUOTABLE_CONFIDENCE, theme_id, _CANDIDATES))
    # (a passage that is no longer in the answer, its letter's passages moved to another question since: none)
    candidates = [(*r[:3], r[9] if r[9] and _flat(r[9]) in _flat(r[3]) else r[3], *r[4:9], r[10]) for r in rows]
    # the quotable flag is the query's last column; in each group, answers written in sentences first (a trial's
    # published quotes were two of three "i am in favour of option 3 a national ban my mum uses ..." where 178 of the
    # theme's 231 answers were cleanly written)
    groups = ([r for r in candidates if r[-1]],
              [r for r in candidates if not r[-1] and len(r[3].strip()) >= QUOTE_MIN_CHARS],
              [r for r in candidates if not r[-1] and len(r[3].strip()) < QUOTE_MIN_CHARS])
    ordered = [r for group in groups for r in sorted(group, key=lambda r: not well_written(r[3]))]
    chosen = []
    people: set[str] = set()
    # an answer that only repeats the theme's name says nothing more ("Germany" under "Germany"),
    # and a rare value quoted beside a respondent's other answers could say who they are
    label = project.scalar("SELECT label FROM themes WHERE id = ?", (theme_id,)) or ""
    texts: set[str] = {quote_key(label)}
    campaigns: set[str] = set()
    for r in ordered:
        key = quote_key(r[3])
        if not key or key in texts or r[1] in people or (r[7] and r[7] in campaigns):
            continue
        chosen.append(r)
        people.add(r[1])
        texts.add(key)
        if r[7]:
            campaigns.add(r[7])
        if len(chosen) >= n:
            break
    # the sectors of the few respondents chosen, read afterwards: joining the effective-sector
    # view to every answer of a large theme would rank the project's sector labels each time
    ids = list(people)
    sectors = {row[0]: row[1] for row in project.query(
        f"SELECT respondent_id, sector_key FROM respondent_sector WHERE respondent_id IN ({','.join('?' * len(ids))})",
        ids)} if ids else {}
    return [ThemeAnswer(r[0], r[1], r[2], r[3], float(r[4]), r[5], bool(r[6]), sectors.get(r[1]) or UNCLASSIFIED, r[7],
                        r[8] == "letter") for r in chosen]


#: the sides of a closed agree/disagree (or yes/no) answer, in the order they are shown
STANCES = ("agree", "neutral", "disagree")

#: on an agree/disagree scale, "neutral" is "neither agree nor disagree" (with the French, German,
#: Spanish, Italian and Dutch forms of Canadian and European scales)
_NEITHER = (r"\bneither\b|\bneutral\b|\bno opinion\b|\bundecided\b|^maybe\b|^it depends\b"
            r"|\bni (en )?(d )?accord ni\b|\bneutre\b|\bsans opinion\b|\bweder\b|\bni de acuerdo ni\b"
            r"|\bné d accordo né\b|\bneutraal\b")
#: "Don't know" and "Not sure": no side on an agree/disagree scale (counted with the neutral, 36 who did
#: not know were read as having no view either way), the middle of a yes/no question
_DONT_KNOW = (r"\bdon t know\b|\bdont know\b|\bdo not know\b|\bnot sure\b|\bunsure\b|\bje ne sais pas\b"
              r"|\bweiß nicht\b|\bno sé\b|\bnon so\b|\bweet niet\b")


@dataclass(frozen=True)
class _Scale:
    """How a closed answer's sides read on one kind of question: the patterns that put a choice on
    a side (tried in :data:`STANCES` order, neutral first), the sides' names and their phrases."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    labels: dict[str, str]
    phrases: dict[str, str]  # the end of "Share among those who ..."


_SCALES = {
    "agree": _Scale(
        (("neutral", re.compile(_NEITHER)),
         ("disagree", re.compile(r"\bdisagree|\boppose|\bagainst\b|\bd[ée]saccord\b|\bpas d accord\b|^contre$"
                                 r"|\bd[ée]favorable\b|\bstimme nicht\b|\bnicht zu\b|\blehne\b|\bdagegen\b"
                                 r"|\bdesacuerdo\b|\ben contra\b|\bdisaccordo\b|\bcontrari[oa]\b|\boneens\b"
                                 r"|\bniet mee eens\b|^tegen$")),
         ("agree", re.compile(r"\bagree|\bsupport|\bin favour\b|\bin favor\b|\bd accord\b|\bfavorable\b|^pour$"
                              r"|\bstimme\b.*\bzu\b|\bdaf[üu]r\b|\bde acuerdo\b|\ba favor\b|\bd accordo\b"
                              r"|\bfavorevole\b|\bmee eens\b|\beens\b|^voor$"))),
        {"agree": "Agreed", "neutral": "Neutral", "disagree": "Disagreed"},
        {"agree": "agreed", "neutral": "were neutral", "disagree": "disagreed"}),
    # a yes/no question ("Do you believe that ...?" followed by "Why?")
    "yes_no": _Scale(
        (("neutral", re.compile(_NEITHER + "|" + _DONT_KNOW + r"|^(partly|partially|somewhat|sometimes|in part)\b")),
         ("disagree", re.compile(r"^(no|nope|definitely not|probably not|not really|not at all)\b")),
         ("agree", re.compile(r"^(yes|yeah|yep|definitely|probably|absolutely|certainly)\b"))),
        {"agree": "Yes", "neutral": "Not sure", "disagree": "No"},
        {"agree": "answered yes", "neutral": "were not sure", "disagree": "answered no"}),
    # a rating (the NHS Friends and Family Test's "Very good" ... "Very poor", "Excellent" ... "Poor",
    # "Very satisfied" ... "Very dissatisfied") followed by "Please tell us why": "Don't know" takes no side
    "rating": _Scale(
        (("neutral", re.compile(r"\bneither\b|\bneutral\b|\bfair\b|\baverage\b|\bok\b|\bokay\b|\bmixed\b")),
         ("disagree", re.compile(r"\bpoor\b|\bbad\b|\bterrible\b|\bawful\b|\bdissatisfied\b|\bunsatisfied\b"
                                 r"|\bunhappy\b|\bunlikely\b|\bnegative\b|\bworse\b|\bunacceptable\b"
                                 r"|\bnot (?:very )?(?:good|satisfied|happy|likely)\b")),
         ("agree", re.compile(r"\bgood\b|\bexcellent\b|\bgreat\b|\boutstanding\b|\bsatisfied\b|\bhappy\b"
                              r"|\blikely\b|\bpositive\b|\bbetter\b"))),
        {"agree": "Positive", "neutral": "Neither", "disagree": "Negative"},
        {"agree": "rated it positively", "neutral": "rated it neither way", "disagree": "rated it negatively"}),
}


def stance_label(side: str, scale: str = "agree") -> str:
    """A side's name as shown: "Agreed" / "Neutral" / "Disagreed", or "Yes" / "Not sure" / "No"."""
    return _SCALES[scale].labels[side]


def stance_phrase(side: str, scale: str = "agree") -> str:
    """A side as the end of "Share among those who ...": "agreed", "were neutral", "answered yes"."""
    return _SCALES[scale].phrases[side]


def _side(choice: str, scale: str) -> str | None:
    text = " ".join(re.findall(r"[^\W\d_]+", choice.lower().replace("’", "'")))  # accented letters too ("désaccord")
    return next((side for side, pattern in _SCALES[scale].patterns if pattern.search(text)), None) if text else None


def stance_of_choice(choice: str) -> str | None:
    """Which side a closed answer takes on an agree/disagree (or support/oppose) scale: "agree",
    "disagree", "neutral" (neither), or None when it is not such an answer or takes none ("Don't
    know", "Not sure")."""
    return _side(choice, "agree")


def yes_no_of_choice(choice: str) -> str | None:
    """The side a yes/no answer takes ("Yes", "Yes, definitely" -> "agree"; "No", "Definitely
    not" -> "disagree"; "Not sure", "Maybe" -> "neutral"), or None when it is not such an answer."""
    return _side(choice, "yes_no")


@dataclass
class AgreementSplit:
    """Who said what: respondents who answered the question in free text, by the side their closed
    answer took (``answered``), and each theme's respondents by side (``by_theme``). ``scale`` is
    "agree" (agree/disagree, support/oppose), "yes_no" or "rating" (good/poor, satisfied/dissatisfied)."""

    answered: dict[str, int]
    by_theme: dict[str, dict[str, int]]
    scale: str = "agree"

    def share(self, theme_id: str, stance: str) -> float:
        """The theme's share among those who took ``stance`` (0 when nobody did)."""
        base = self.answered.get(stance, 0)
        return self.by_theme.get(theme_id, {}).get(stance, 0) / base if base else 0.0

    def label(self, stance: str) -> str:
        return stance_label(stance, self.scale)


def agreement_split(project: Project, question_id: str, min_share: float = 0.5) -> AgreementSplit | None:
    """Each theme's respondents split by their closed answer to the same question (a hybrid
    question: a choice plus "please explain"), read as agree/neutral/disagree, or as yes/not
    sure/no; None when the question has no such answer (fewer than ``min_share`` of the chosen
    options read either way, or no side but "neutral")."""
    choices = project.query(
        "SELECT choice, COUNT(*) FROM responses WHERE question_id = ? AND trim(choice) != '' GROUP BY choice",
        (question_id,))
    total = sum(n for _, n in choices)
    if not total:
        return None
    for scale in _SCALES:  # agree/disagree first, then yes/no, then a rating
        sides = {c: _side(c, scale) for c, _ in choices}
        if (sum(n for c, n in choices if sides[c]) >= min_share * total
                and {v for v in sides.values() if v} - {"neutral"}):
            break
    else:
        return None
    answered = dict.fromkeys(STANCES, 0)
    for c, n in project.query(
            "SELECT choice, COUNT(DISTINCT respondent_id) FROM responses WHERE question_id = ? AND trim(text) != ''"
            " GROUP BY choice", (question_id,)):
        side = sides.get(c)
        if side:
            answered[side] += n
    by_theme: dict[str, dict[str, int]] = {}
    for theme_id, c, n in project.query(
            "SELECT a.theme_id, r.choice, COUNT(DISTINCT r.respondent_id) FROM themes t"
            " JOIN theme_assignments a ON a.theme_id = t.id JOIN responses r ON r.id = a.response_id"
            " WHERE t.question_id = ? GROUP BY 1, 2", (question_id,)):
        side = sides.get(c)
        if side:
            counts = by_theme.setdefault(theme_id, dict.fromkeys(STANCES, 0))
            counts[side] += n
    return AgreementSplit(answered, by_theme, scale)


@dataclass
class ReportedTheme:
    """One theme as reviewed and published."""

    theme: Theme
    respondents: int
    share: float  # of the respondents who answered the question in free text
    campaign_respondents: int
    analyst_answers: int
    by_sector: dict[str, int]
    quotes: list[ThemeAnswer] = field(default_factory=list)
    letter_respondents: int = 0  # of those who wrote to us (e-mail or upload) rather than using the form
    #: respondents by the side of their closed agree/disagree answer (empty: no such answer)
    by_stance: dict[str, int] = field(default_factory=dict)
    #: the theme's share among those who agreed / were neutral / disagreed
    stance_share: dict[str, float] = field(default_factory=dict)


@dataclass
class QuestionReport:
    """A question's themes with counts, sector breakdown and quotes. When some themes are signed
    off, only those are reported (``signed_off_only``): the candidates are the model's proposals,
    not findings; otherwise every theme is reported with its status, so a reader can tell."""

    question_id: str
    answered: int
    answered_by_sector: dict[str, int]
    sectors: list[tuple[str, str]]  # (key, label) in taxonomy order
    themes: list[ReportedTheme]
    signed_off_only: bool
    answered_by_letter: int = 0  # respondents whose answer came in a letter
    #: respondents who answered in free text, by the side of their closed answer (empty: none)
    answered_by_stance: dict[str, int] = field(default_factory=dict)
    #: how the closed answer's sides read: "agree" (agree/disagree) or "yes_no"
    stance_scale: str = "agree"
    #: respondents who answered in free text but are in none of the reported themes
    in_no_theme: int = 0
    in_no_theme_campaign: int = 0  # of them, campaign letters


def question_report(project: Project, question_id: str, *, n_quotes: int = 3,
                    draft_quoted: int | None = None) -> QuestionReport:
    """The read model of one question's themes (see the module notes). With none signed off,
    ``draft_quoted`` limits the quotes to that many of the largest candidates (a draft report
    describes the main ones; the rest are in its table and the annex)."""
    summaries = list_themes(project, question_id)
    signed = [s for s in summaries if s.theme.status == ThemeStatus.SIGNED_OFF]
    if signed:
        summaries = signed
    quoted = len(summaries) if signed or draft_quoted is None else draft_quoted
    breakdown = sector_breakdown(project, question_id)
    answered = sum(breakdown.answered.values())
    letters = _letter_counts(project, question_id)
    themes = [ReportedTheme(s.theme, s.answers, s.answers / answered if answered else 0.0, s.campaign_answers,
                            s.analyst_answers, breakdown.counts.get(s.theme.id, {}),
                            quotes(project, s.theme.id, n_quotes) if n_quotes and i < quoted else [],
                            letters.get(s.theme.id, 0))
              for i, s in enumerate(summaries)]
    split = agreement_split(project, question_id)
    if split is not None:
        for t in themes:
            t.by_stance = dict(split.by_theme.get(t.theme.id, dict.fromkeys(STANCES, 0)))
            t.stance_share = {side: split.share(t.theme.id, side) for side in STANCES}
    return QuestionReport(question_id, answered, breakdown.answered, breakdown.sectors, themes, bool(signed),
                          letters.get("", 0), answered_by_stance=split.answered if split is not None else {},
                          stance_scale=split.scale if split is not None else "agree",
                          **_in_no_theme(project, question_id, [t.theme.id for t in themes]))


def _in_no_theme(project: Project, question_id: str, theme_ids: list[str]) -> dict[str, int]:
    """Respondents who answered in free text but are in none of ``theme_ids`` (the reported themes),
    and of them those whose answer is a campaign's letter (:class:`QuestionReport`'s two fields)."""
    marks = ",".join("?" * len(theme_ids))
    placed = (f" AND r.respondent_id NOT IN (SELECT p.respondent_id FROM theme_assignments a JOIN responses p"
              f" ON p.id = a.response_id WHERE a.theme_id IN ({marks}))") if theme_ids else ""
    row = project.query(
        "SELECT COUNT(DISTINCT r.respondent_id), COUNT(DISTINCT CASE WHEN r.id IN (SELECT response_id FROM"
        " campaign_members) THEN r.respondent_id END) FROM responses r WHERE r.question_id = ? AND "
        + HAS_TEXT.format(col="r.text") + placed, (question_id, *theme_ids))[0]
    return {"in_no_theme": int(row[0] or 0), "in_no_theme_campaign": int(row[1] or 0)}


def _letter_counts(project: Project, question_id: str) -> dict[str, int]:
    """Respondents whose answer came by letter: per theme, and ("") of all who answered."""
    counts = {r[0]: r[1] for r in project.query(
        "SELECT a.theme_id, COUNT(DISTINCT r.respondent_id) FROM themes t JOIN theme_assignments a ON a.theme_id = t.id"
        " JOIN responses r ON r.id = a.response_id WHERE t.question_id = ? AND r.origin = 'letter' GROUP BY 1",
        (question_id,))}
    counts[""] = project.scalar("SELECT COUNT(DISTINCT respondent_id) FROM responses WHERE question_id = ?"
                                " AND origin = 'letter' AND trim(text) != ''", (question_id,)) or 0
    return counts


def stance_summary(theme: ReportedTheme, answered_by_stance: dict[str, int], scale: str = "agree",
                   min_count: int = 0, withheld: Collection[str] = ()) -> str:
    """One line on who raised a theme: its share among those who agreed, were neutral and
    disagreed ("Agreed 12% (30 of 250); Neutral 5% (20 of 40); Disagreed 40% (80 of 200)");
    empty when the question has no closed agree/disagree answer. A side where fewer than
    ``min_count`` raised it, or answered, is shown as "fewer than N" (small numbers); a side in
    ``withheld`` as "withheld" (it would give a small side's count away)."""
    if not answered_by_stance:
        return ""
    parts = []
    for side in STANCES:
        base, n = answered_by_stance.get(side, 0), theme.by_stance.get(side, 0)
        if not base:
            continue
        if side in withheld:
            parts.append(f"{stance_label(side, scale)}: withheld")
        elif 0 < n < min_count or base < min_count:
            parts.append(f"{stance_label(side, scale)}: fewer than {min_count}" if n else
                         f"{stance_label(side, scale)} 0%")
        else:
            parts.append(f"{stance_label(side, scale)} {percent(theme.stance_share.get(side, 0.0))} ({n:,} of {base:,})")
    return "; ".join(parts)
