"""Per-question summaries shared by the Excel annex and the Word report.

A question's themes come from the store's read model
(:func:`consult_analyser.store.theme_report.question_report`: the same counts, sector breakdown
and quotes a team lead reviews in the themes view); here the quotes are shortened and redacted
before they are published.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from itertools import zip_longest

from consult_analyser.domain import NO_ANSWER_LABEL, Question, percent
from consult_analyser.export.disclosure import protect_table, withheld_cells, withheld_in_list
from consult_analyser.export.safety import Redactor, no_redaction
from consult_analyser.pipeline.pii import KINDS, TAGS
from consult_analyser.pipeline.pii_words import _common_words
from consult_analyser.pipeline.themes.labels import PLEASED_LABEL, STANCE_ONLY_LABEL
from consult_analyser.pipeline.themes.nonanswers import is_non_answer
from consult_analyser.pipeline.themes.quotable import no_quote, quotable_part
from consult_analyser.pipeline.themes.quotable import sends_or_asks_for_time as sends_or_asks_for_time  # re-exported
from consult_analyser.store import consent, published_campaigns, reporting, theme_report, withdrawals
from consult_analyser.store.campaigns import label_for
from consult_analyser.store.project import Project
from consult_analyser.store.themes import UNCLASSIFIED, list_themes

CHANNEL_LABELS = {"online": "Online survey", "email": "E-mail", "post": "Post", "other": "Other"}


#: a redaction's tag in a published quote ("[name]", "[phone]")
_TAG = re.compile(r"\[[^\]]{1,40}\]")
#: a quote with fewer words than this once its tags are out says nothing worth quoting
QUOTE_MIN_WORDS = 3


def says_little(text: str) -> bool:
    """A quote that, redacted, says nothing: its tags and a word or two ("[name]", a trial's published quote),
    or a covering note or pointer ("Please find our submission attached ...", quoted for a theme it sat in)."""
    untagged = _TAG.sub(" ", text)
    return len(untagged.split()) < QUOTE_MIN_WORDS or is_non_answer(untagged)


#: a quote at least this long whose last word is cut off is marked as cut (a short answer ends as it was written)
CUT_QUOTE_MIN_CHARS = 200
_LAST_WORD = re.compile(r"\b([a-z]+)$")


def cut_word_marked(quote: str) -> str:
    """A quote whose text stops in the middle of a word (an export or a transcription cut at 1,000 characters:
    "... human-defined objectives or parame") ends "…" without that piece of a word (trial 41 published five such
    quotes as if whole); a last word the word table knows, or a capitalised one, is left as written."""
    found = _LAST_WORD.search(quote)
    known = _common_words()
    if len(quote) < CUT_QUOTE_MIN_CHARS or not found or not known or found.group(1) in known:
        return quote  # (without the word table nothing is taken for cut)
    return quote[:found.start()].rstrip(" ,;:-–") + " …"


def published_report(project: Project, question: Question, redactor: Redactor, *,
                     quotes: int = 3, draft_quoted: int | None = None) -> theme_report.QuestionReport:
    """One open question's themes as published: the read model with its quotes cut to their
    passage on the theme (:func:`consult_analyser.store.theme_report.quote_excerpt`) and redacted
    (every quote of the question in one call: the name model works best in batches). Respondents'
    publication choices hold whether redacted or not: one who asked not to be published is never
    quoted (see :func:`~consult_analyser.store.theme_report.quotes`), one who asked for anonymity is
    quoted without their name or their organisation's."""
    # a few spare quotes per theme: a letterhead or a signature block is passed over (below)
    report = theme_report.question_report(project, question.id, n_quotes=quotes + SPARE_QUOTES if quotes else 0,
                                          draft_quoted=draft_quoted)
    for theme in report.themes:  # "N/A", "Aucun commentaire", "Agree.": nothing a quote would show
        if theme.theme.label in (NO_ANSWER_LABEL, STANCE_ONLY_LABEL, PLEASED_LABEL):
            theme.quotes = []
    flat = [(q, t.theme.keywords) for t in report.themes for q in t.quotes]
    # a respondent who asked for anonymity: their own and their organisation's names out of their words
    anonymous = consent.withheld(project, [q.respondent_id for q, _ in flat]) if flat else {}
    # (cut from the answer after any title page, letterhead or addressee it opens with: quotable_part)
    redacted = redactor([cut_word_marked(theme_report.quote_excerpt(quotable_part(q.text), keywords))
                         for q, keywords in flat])
    # (after the redactor, whose patterns would no longer see an e-mail address with a name cut out)
    # and anyone's words without the name of an organisation that asked for anonymity ("As a member of
    # Greenhill Residents' Association ..."): the theme's label above the quote is made without it
    bodies = consent.withheld_organisations(project) if flat else []
    cleaned = iter([consent.without_names(consent.redact_names(text, anonymous[q.respondent_id])
                                          if q.respondent_id in anonymous else text, bodies)
                    for text, (q, _) in zip(redacted, flat, strict=True)])
    individuals = reporting.individual_sectors(project)
    for theme in report.themes:
        shown = [(replace(q, text=next(cleaned)), q.text) for q in theme.quotes]
        kept, seen = [], set()
        for q, whole in shown:  # (two answers that differ only by what redaction took out read the same: quoted once)
            key = theme_report.quote_key(q.text)
            # (a covering note is one as a whole: its excerpt may be "Thank You. [name] Majority Counsel")
            if key not in seen and not contact_block(q.text, q.sector in individuals) and not says_little(q.text) \
                    and not no_quote(whole):
                kept.append(q)
                seen.add(key)
        theme.quotes = kept[:quotes]
    # a campaign's own theme is named by its canonical answer's first words: by the wording as
    # published where that answer's sender asked not to be published (withheld where all did)
    # (redacted as a quote is: a trial's published label read "My name is Sarah Connolly and I live at 14 ...")
    replaced = published_campaigns.replaced_wordings(project)
    for (canonical, _wording), wording in zip(replaced, redactor([w for _c, w in replaced]), strict=True):
        start = label_for(" ".join(canonical.split()[:3])).rstrip('"')
        for theme in report.themes:
            if theme.theme.label.startswith(start):
                theme.theme = replace(theme.theme, label=label_for(wording),
                                      description="The standard wording of an organised campaign.", keywords=[])
    # a theme's name, description and keywords are made from the answers: none names an organisation
    # (or a person) that asked for anonymity ("often mentioning wexcombe parish council")
    # ... nor anyone the answers name ("Nguyen Thi Lan from our street", a hostile-input trial's published label):
    # redacted as the quotes are (one call for the question's labels, descriptions and keywords)
    # A description is redacted around the label it repeats: the label as published stands in it ("Answers about
    # Gray Wolf, ...": read in a sentence, a trial's "Gray Wolf" was taken for a person's name and the description
    # published as "Answers about [name]" under the label "Gray Wolf")
    if report.themes and redactor is not no_redaction:
        parts, joins = [], []
        for reported in report.themes:
            pieces = _around(reported.theme.description, reported.theme.label)
            parts.append([reported.theme.label, *reported.theme.keywords, *pieces[::2]])
            joins.append(pieces[1::2])  # the label as the description writes it
        cleaned = iter(redactor([text for texts in parts for text in texts]))
        for theme, texts, written in zip(report.themes, parts, joins, strict=True):
            label, *rest = [next(cleaned) for _ in texts]
            n_keywords = len(theme.theme.keywords)
            keywords, pieces = rest[:n_keywords], rest[n_keywords:]
            # the label as written there, or redacted where the label named someone
            labels = written if label == theme.theme.label else [label] * len(written)
            description = "".join(piece + join for piece, join in zip_longest(pieces, labels, fillvalue=""))
            theme.theme = replace(theme.theme, label=label, description=description,
                                  keywords=[k for k, was in zip(keywords, texts[1:1 + n_keywords], strict=True)
                                            if k == was])
    names = consent.withheld_names(project)
    if names:
        for theme in report.themes:
            t = theme.theme
            theme.theme = replace(t, label=consent.without_names(t.label, names),
                                  description=consent.without_names(t.description, names),
                                  keywords=[k for k in t.keywords if consent.without_names(k, names) == k])
    return report


def _around(description: str, label: str) -> list[str]:
    """``description`` cut where it repeats ``label`` (any case): the pieces, each followed by the label as
    written there (``[piece, label, piece, ...]``)."""
    if not description:
        return []
    if not label.strip():
        return [description]
    return re.split(f"({re.escape(label)})", description, flags=re.I)


#: quotes read beyond those published, in case some are contact details rather than views
SPARE_QUOTES = 3
_CONTACT_TAGS = ("[email]", "[phone]", "[address]", "[postcode]", "[social media]")
#: what an identifier or a birth date left behind: the words around it told whose it was (trial 47 quoted "The refund went
#: to sort code [bank details], account [ID number]" and "(DOB: [date of birth])")
_IDENTITY_TAGS = tuple(TAGS.get(kind, f"[{kind}]") for kind in KINDS if kind not in ("name", "address", "postcode", "age"))
#: a named relative or a writer introducing themselves, their name taken out: an age, a school or a town beside it still says
#: who ("My grandson [name], 15, was deepfaked at Dubbo High School", "I'm [name], a GP in Leeds": trial 47)
_NAMED_RELATIVE = re.compile(r"\b(?:my|our)[ \t]+(?:(?:eldest|youngest|little|late|step|older|younger)[ \t-]*)?"
                             r"(?:son|daughter|grandson|granddaughter|grandchild|child|boy|girl|husband|wife|partner"
                             r"|mother|father|mum|mom|dad|brother|sister|nephew|niece|grandmother|grandfather|carer)s?"
                             r"[ \t]*,?[ \t]*\(?\[name\]", re.I)
_SELF_NAMED = re.compile(r"(?:\bI[ \t]+am|\bI['’]m|\bmy[ \t]+name[ \t]+is|\bthis[ \t]+is)[ \t]+(?:Dr\.?[ \t]+|Mrs?\.?[ \t]+|Ms\.?[ \t]+)?"
                         r"\[name\]", re.I)
_LISTED_NAMES = re.compile(r"\[name\](?:[ \t]*,[ \t]*|[ \t]+and[ \t]+)\[name\]")


_ROLES = (r"(?:(?:senior|associate|assistant|adjunct|emeritus|principal|research|visiting|honorary)[ \t]+)*"
          r"(?:professor|lecturer|reader|researcher|research[ \t]+fellow|fellow|director|chief[ \t]+executive|manager"
          r"|officer|consultant|head[ \t]+of|chair|partner|dean|scientist|engineer|solicitor|barrister|lawyer"
          r"|teacher|headteacher|doctor|nurse|student|phd[ \t]+candidate)")
# a letterhead's name with its job ("[name], Associate Professor, Faculty of Law, ...")
_NAME_AND_ROLE = re.compile(r"\[name\][ \t]*,?[ \t]+(?:an?[ \t]+)?" + _ROLES + r"\b", re.I)
# a person saying what they do and where ("I am a professor of law at The University of Queensland")
# ("IntroductionI am ...": text taken from a PDF glues a heading to the sentence; "As an Associate Professor in ...")
_SELF_AND_EMPLOYER = re.compile(r"(?:(?<![A-Za-z])|(?<=[a-z]))(?:I(?:[ \t]+am|['’]m|[ \t]+work[ \t]+as|[ \t]+was)|As)"
                                r"[ \t]+(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){0,3}?"
                                + "(?i:" + _ROLES + r")\b[^.;]{0,60}?\b(?:at|of|with|for|in)[ \t]+(?:the[ \t]+)?[A-Z]")


def contact_block(quote: str, individual: bool = False) -> bool:
    """A redacted quote that is a letterhead, a signature or a forwarded e-mail's header rather than
    a view: it held contact details ("Dr [name] Senior Lecturer, ... [address] [email]", "From: [name]
    <[email]>", "happy to be contacted on [phone]") or lists people ("prepared by [name], [name]
    and [name]"). Beside the words left, what was taken out can still say who wrote it (a
    job title, an employer, a room number), so such a passage is not published as a quote. Nor is a name
    with its job ("[name], Associate Professor, Faculty of Law"), nor an ``individual``'s saying what
    they do and where ("I am a professor of law at The University of Queensland"), nor one that held an identifier
    or a birth date, named a relative or introduced its writer by name (what is left around the gap still says who)."""
    return any(tag in quote for tag in _CONTACT_TAGS + _IDENTITY_TAGS) or bool(_LISTED_NAMES.search(quote)) \
        or bool(_NAME_AND_ROLE.search(quote)) or (individual and bool(_SELF_AND_EMPLOYER.search(quote))) \
        or bool(_NAMED_RELATIVE.search(quote)) or bool(_SELF_NAMED.search(quote))


def no_substantive_answer(project: Project, question_id: str) -> int:
    """Respondents of a question whose answer says nothing ("N/A", "see attached"), as the fixed
    theme counts them (0 when the question has none); the bases of published shares include them,
    and the annex and report say how many they are."""
    return sum(s.answers for s in list_themes(project, question_id) if s.theme.label == NO_ANSWER_LABEL)


def answered_sentence(answered: int, no_answer: int, letters: int = 0, *, threshold: int = 0) -> str:
    """"1,400 respondents answered in free text (52 of them with no substantive answer ...)"; a count
    under the small-numbers ``threshold`` reads "fewer than 5", as in the tables."""
    def number(n: int) -> str:
        return f"fewer than {threshold}" if 0 < n < threshold else f"{n:,}"

    text = f"{answered:,} respondents answered in free text"
    if letters:
        text += f", {number(letters)} of them in a letter (e-mail or upload) whose passages address this question"
    if no_answer:
        text += (f"; {number(no_answer)} of these gave no substantive answer (such as \"N/A\" or \"see attached\") "
                 f"and are counted under \"{NO_ANSWER_LABEL}\"")
    return text


def no_theme_sentence(in_no_theme: int, signed_off_only: bool, campaign: int = 0) -> str:
    """" 40 of those who answered are in none of the themes shown (...)." so that a reader can add up a theme table;
    "" when everyone is in a theme. The count is exact, small or not: it is of no group of people
    (no sector, no side), and the answered count less the themes' counts gave a "fewer than 5" away."""
    if not in_no_theme:
        return ""
    said = f"{in_no_theme:,}"
    why = ("their points were raised too rarely to group, or are in themes not signed off" if signed_off_only
           else "their points were raised too rarely to group")
    if campaign:  # a campaign's letters are no rare point: say so (40,000 letters read as "raised too rarely")
        sent = "sent an organised campaign's standard wording (see the campaigns)"
        why = f"they {sent}" if campaign >= in_no_theme else \
            f"{campaign:,} of them {sent}; the others' " + why.removeprefix("their ")
    return f" {said} of those who answered {'is' if said == '1' else 'are'} in none of the themes shown ({why})."


def published_kinds(organisations: int, individuals: int, not_stated: int,
                     suppress: Suppress) -> list[tuple[str, int]]:
    """How many answered for an organisation, as individuals and did not say, as published beside
    the total: a small "did not say" is counted with the individuals ("individual or not stated"),
    since hidden on its own the total gives it back, and withholding the organisations instead would
    hide the headline; otherwise as :meth:`Suppress.withheld` decides (``-1``: withheld)."""
    if suppress.small(not_stated):
        kinds = [("organisation", organisations), ("individual or not stated", individuals + not_stated)]
    else:
        kinds = [("organisation", organisations), ("individual", individuals)] + (
            [("not stated", not_stated)] if not_stated else [])
    hide = suppress.withheld([n for _, n in kinds])
    return [(kind, -1 if h else n) for (kind, n), h in zip(kinds, hide, strict=True)]


def sectors_present(labels: dict[str, str], counts: dict[str, int]) -> list[str]:
    """The sectors with any respondent in ``counts``, in the taxonomy's order (the columns of a table by sector)."""
    return [key for key in labels if counts.get(key)] + [k for k in counts if k not in labels and counts[k]]


def withheld_sectors(theme: theme_report.ReportedTheme, sectors: Sequence[str], suppress: Suppress) -> set[str]:
    """The sectors whose count of a theme is withheld beside the theme's published total, so that a
    small count cannot be worked out (the annex's table by sector, and what the report may name)."""
    # the table by sector marks every withheld count "[c]" (small, nought or not): a nought may be one
    hide = suppress.withheld([theme.by_sector.get(s, 0) for s in sectors], uniform=True)
    return {s for s, h in zip(sectors, hide, strict=True) if h}


#: a sector "most often raises" a theme only when its share is at least this many times the theme's overall
#: share (a fifth above it: 9% overall, 11% or more), not merely the largest of the sectors' shares
ABOVE_OVERALL = 1.2


def sector_pattern(theme: theme_report.ReportedTheme, answered_by_sector: dict[str, int], labels: dict[str, str],
                   *, top: int = 3, min_base: int = 5, min_count: int = 1, withheld: Collection[str] = ()) -> str:
    """A sentence on which sectors raised a theme most, relative to how many of them answered: only
    sectors whose share is clearly above the theme's overall share (at least :data:`ABOVE_OVERALL` times
    it; trial 41: "Raised by 22 respondents (9%) ... Most often raised by: Company 24%; Individual 7%"
    named a sector below the overall rate), "" when none is; a sector with fewer than ``min_count``
    respondents raising it is not named (small numbers), nor one whose count is ``withheld`` (see
    :func:`withheld_sectors`), nor are respondents not classified ("" when nobody is classified: there
    is no pattern to state)."""
    rates = []
    by_sector = {s: n for s, n in theme.by_sector.items() if s != UNCLASSIFIED and s not in withheld}
    for sector, n in by_sector.items():
        base = answered_by_sector.get(sector, 0)
        if base >= max(min_base, min_count) and n and n >= min_count:
            rates.append((n / base, n, base, sector))
    if not rates:
        parts = [(s, n) for s, n in sorted(by_sector.items(), key=lambda kv: -kv[1]) if n >= min_count][:top]
        return "; ".join(f"{labels.get(s, s)}: {n:,}" for s, n in parts)
    rates.sort(reverse=True)
    overall = theme.share or 0.0
    rates = [r for r in rates if r[0] > overall * ABOVE_OVERALL]  # (overall 0: the rates stand alone)
    return "; ".join(f"{labels.get(s, s)} {percent(rate)} ({n:,} of {base:,})" for rate, n, base, s in rates[:top])


# ------------------------------------------------------------------------- questions as published

_KEY_IN_TEXT = re.compile(r"^\s*(?:question\s*)?q?\s*0*(\d+)\s*([a-z]?)\s*[.):\-–]?\s+", re.IGNORECASE)


def question_heading(key: str, text: str) -> str:
    """"Q2. Other AI risks": the key once, even when the question's text repeats it ("Q02 Other AI risks")
    or is it ("General comment", not "General comment. General comment")."""
    if " ".join(text.split()).rstrip(".:?").casefold() in ("", key.casefold()):
        return key
    match = _KEY_IN_TEXT.match(text)
    if match and f"Q{int(match.group(1))}{match.group(2).lower()}".lower() == key.lower():
        text = text[match.end():]
    return f"{key}. {text.strip()}" if text.strip() else key


# A choice's place on a rating scale: 1 (most positive) .. 5 (most negative), 3 neutral; answers
# that are not on the scale ("Don't know", "Prefer not to say") go after it.
_NOT_ON_SCALE = re.compile(r"\b(don'?t know|do not know|not sure|unsure|prefer not|no opinion|not applicable|n/?a|"
                           r"other|can'?t say|cannot say)\b")
_NEUTRAL = re.compile(r"\b(neither|neutral|undecided|no strong|mixed|ambivalent)\b")
_NEGATIVE = re.compile(r"\b(disagree|oppose|unlikely|dissatisfied|unsatisfied|unimportant|not (?:at all |very )?"
                       r"(?:important|likely|satisfied|effective|useful|confident|clear|agree|support)|ineffective|"
                       r"poor|bad|unhelpful|unclear|worse|against|no)\b")
_POSITIVE = re.compile(r"\b(agree|support|likely|satisfied|important|effective|useful|good|helpful|clear|confident|"
                       r"better|favour|favor|in favour|yes)\b")
_STRONG = re.compile(r"\b(strongly|very|completely|extremely|totally|fully|definitely|much|entirely|not at all)\b")
_BARE_DEGREE = re.compile(r"(?:very|extremely|fairly|quite|somewhat|slightly|not very|not at all)")
_MILD = re.compile(r"\b(tend to|somewhat|slightly|fairly|partly|partially|mostly|quite|a little|probably)\b")


def scale_position(choice: str) -> float | None:
    """Where an answer sits on an agree/disagree-like scale (1 best .. 5 worst, 3 neutral, 9 off the
    scale such as "Don't know"); None when it is not a rating answer at all."""
    text = re.sub(r"[’`]", "'", choice.lower()).strip()
    if _BARE_DEGREE.fullmatch(text):  # a paper form's "Very" / "Fairly" / "Not very" / "Not at all" (important)
        text += " important"
    if _NOT_ON_SCALE.search(text) and not _NEGATIVE.search(text.replace("no opinion", "")):
        return 9.0
    if _NEUTRAL.search(text):
        return 3.0
    plain = text.replace("not very", "not")  # "not very likely" is plainly negative, not strongly
    strong, mild = bool(_STRONG.search(plain)), bool(_MILD.search(plain))
    if _NEGATIVE.search(text):
        return 5.0 if strong else (3.5 if mild else 4.0)
    if _POSITIVE.search(text):
        return 1.0 if strong and "not at all" not in text else (2.5 if mild else 2.0)
    return None


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value == value else None  # not "nan"


_ORDINALS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}
_ORDINAL = re.compile(r"\b(?:(\d{1,3})(?:st|nd|rd|th)|(" + "|".join(_ORDINALS) + r")|year\s+(\d{1,2}))\b", re.I)


def _ordinal(text: str) -> float | None:
    """The rank an option names: "Fourth year" 4, "2nd year" 2, "Year 3" 3; None for none."""
    match = _ORDINAL.search(text)
    if match is None:
        return None
    digits, word, year = match.groups()
    return float(digits or year) if (digits or year) else float(_ORDINALS[word.lower()])


_BAND = re.compile(r"^\s*(?:(under|less than|below|up to|younger than)\s+)?(\d+(?:\.\d+)?)"
                   r"(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?|\s*(?:\+|and over|or over|and above|or above|or older|"
                   r"and older|or more|plus))?\b", re.I)


def _band(text: str) -> float | None:
    """Where a band starts: "25-34" 25, "Under 16" 15.5, "75+" and "65 or over" their number,
    "£10,000 to £19,999" 10000; None for an option that is no band ("Prefer not to say")."""
    match = _BAND.match(re.sub(r"(?<=\d),(?=\d{3})|[£$€]", "", text))
    if match is None:
        return None
    return float(match.group(2)) - (0.5 if match.group(1) else 0.0)


def _banded(choices: list[str]) -> list[str] | None:
    """Bands ("16-24" .. "75+", "Under 18") from the smallest, then the one or two options that are
    no band ("Prefer not to say", "Don't know") as given; None when the options are not bands."""
    starts = [_band(c) for c in choices]
    known = [(n, i, c) for i, (n, c) in enumerate(zip(starts, choices, strict=True)) if n is not None]
    rest = [c for n, c in zip(starts, choices, strict=True) if n is None]
    if len(known) < 2 or len(rest) > 2:
        return None
    return [c for _n, _i, c in sorted(known)] + rest


def natural_order(choices: list[str]) -> list[str]:
    """Answer options in their natural order: a rating scale (Strongly agree .. Strongly disagree,
    Yes / No, Very likely .. Very unlikely) from its positive end, with "Don't know" and the like
    after it; numbers (a 0-10 rating, codes "1.0" .. "6.0"), ranks ("First year" .. "Fourth
    year", "Year 1", "2nd") and bands ("16-24" .. "75+", then "Prefer not to say") from the
    smallest; any other list as given."""
    positions = [scale_position(c) for c in choices]
    rated = [p for p in positions if p is not None and p != 9.0]
    if len(choices) < 2 or any(p is None for p in positions) or len(set(rated)) < 2:
        numbers = [_number(c) for c in choices]
        if len(choices) >= 2 and any(n is None for n in numbers):
            numbers = [_ordinal(c) for c in choices]  # "First year" .. "Fourth year", "Year 1" ..
        if len(choices) >= 2 and all(n is not None for n in numbers):
            return [c for _n, _i, c in sorted((n, i, c) for i, (n, c) in enumerate(zip(numbers, choices, strict=True)))]
        return _banded(choices) or list(choices)
    return [c for _p, _i, c in sorted((p, i, c) for i, (p, c) in enumerate(zip(positions, choices, strict=True)))]


# ------------------------------------------------------------------------------- small numbers

DEFAULT_SMALL_COUNTS = 5
SMALL_COUNTS_META = "export.small_counts"


def small_counts_threshold(project: Project, small_counts: int | None = None) -> int:
    """The threshold below which counts are suppressed: ``small_counts``, else the project's
    setting ``export.small_counts``, else :data:`DEFAULT_SMALL_COUNTS`."""
    if small_counts is None:
        stored = project.get_meta(SMALL_COUNTS_META)
        small_counts = int(stored) if stored and stored.isdigit() else DEFAULT_SMALL_COUNTS
    return small_counts


class Suppress:
    """Small-number suppression: a count of 1 to ``threshold - 1`` is shown as "<threshold", and a
    share whose count or base is that small as "[c]" (the statistical services' mark for a value
    withheld; "<5" in a percentage column reads as "under 5%")."""

    SHARE_MARK = "[c]"

    def __init__(self, threshold: int = DEFAULT_SMALL_COUNTS):
        self.threshold = max(0, int(threshold))
        self.mark = f"<{self.threshold}"

    def small(self, n: int) -> bool:
        return 0 < n < self.threshold

    def count(self, n: int) -> int | str:
        return self.mark if self.small(n) else n

    def share(self, n: int, base: int) -> float | str:
        if self.small(n) or self.small(base):
            return self.SHARE_MARK
        return n / base if base else 0.0

    def count_text(self, n: int) -> str:
        """The count as text: "1,234", or the mark."""
        return self.mark if self.small(n) else f"{n:,}"

    def withheld(self, counts: Sequence[int], also: Sequence[bool] = (), *, uniform: bool = False) -> list[bool]:
        """For a list of counts whose total is published (answer options, sectors): which further
        counts to withhold (as "[c]", with their shares) so that no small count hidden among them
        can be worked out from the total (see :mod:`consult_analyser.export.disclosure`); ``also``
        marks counts withheld already for another reason (they are withheld still); ``uniform``: the
        list marks every withheld count alike, small or not (a nought may then be withheld too)."""
        _primary, secondary = withheld_in_list(counts, self.threshold, {i for i, hide in enumerate(also) if hide},
                                               uniform)
        return [i in secondary for i in range(len(counts))]

    def withheld_cells(self, rows: Sequence[Sequence[int]], *, row_totals: bool | set[int] = True,
                       column_totals: bool | set[int] = False, grand: bool = False,
                       uniform: bool = False) -> set[tuple[int, int]]:
        """As :meth:`withheld`, for a table whose rows' totals (and columns') are published (all, or
        those numbered; ``grand``: and the table's total): the (row, column) cells to withhold."""
        return withheld_cells(rows, self.threshold, row_totals=row_totals, column_totals=column_totals,
                              grand=grand, uniform=uniform)[1]

    def protect_table(self, rows: Sequence[Sequence[int]], sizes: Sequence[int], counts: Sequence[int], *,
                      exact: bool = True) -> tuple[set[tuple[int, int]], set[int], set[int]]:
        """A table by group and answer with its margins (``sizes`` of the rows, ``counts`` of the
        columns): the cells, group sizes and answer counts to withhold (see
        :func:`consult_analyser.export.disclosure.protect_table`)."""
        return protect_table(rows, self.threshold, sizes, counts, exact=exact)

    def count_or_withheld(self, n: int, withheld: bool) -> int | str:
        return self.SHARE_MARK if withheld else self.count(n)

    def share_or_withheld(self, n: int, base: int, withheld: bool) -> float | str:
        return self.SHARE_MARK if withheld else self.share(n, base)

    def share_text(self, n: int, base: int) -> str:
        """The share as text: "12%", or the mark."""
        value = self.share(n, base)
        return value if isinstance(value, str) else percent(value)


#: how the published sentence counts each reason for a withdrawal (one, several)
_WITHDRAWN_WORDS = {"duplicate": ("duplicate", "duplicates"), "test": ("test response", "test responses"),
                    "spam": ("spam", "spam"), "request": ("at the respondent's request", "at the respondents' request")}


def withdrawal_statement(project: Project, suppress: Suppress) -> str:
    """The sentence the annex's Cover and the report's notes give ("" when nobody was withdrawn): "7
    responses were withdrawn after import: 3 duplicates, <5 test responses, ...", small counts shown as
    in the tables, and a further count withheld as "[c]" where the total would give a small one away.
    (The figures everywhere else leave the withdrawn out: their rows are gone.)"""
    counts = withdrawals.counts_by_reason(project)
    total = sum(counts.values())
    if not total:
        return ""
    reasons = [r for r, n in counts.items() if n]
    hidden = suppress.withheld([counts[r] for r in reasons])
    parts = [f"{suppress.SHARE_MARK if hide else suppress.count_text(counts[r])} "
             f"{_WITHDRAWN_WORDS[r][counts[r] != 1 or suppress.small(counts[r]) or hide]}"
             for r, hide in zip(reasons, hidden, strict=True)]
    one = total == 1 and not suppress.small(total)
    return (f"{suppress.count_text(total)} response{'' if one else 's'} {'was' if one else 'were'} withdrawn after "
            f"import: {', '.join(parts)}. They are left out of every count, theme and quote.")


def suppression_rule(threshold: int, document: str = "workbook") -> str:
    """The rule as the annex's Cover and sheets (or the report, ``document``) state it: the one rule of
    :func:`~consult_analyser.export.disclosure.withheld_by_group` (a closed question's answers overall and each
    theme's count in full; small counts withheld in cross-tabulations; a group under the threshold has no shares)."""
    if threshold <= 1:
        return f"Small numbers are not suppressed in this {document}."
    return (f"Small numbers are suppressed in cross-tabulations only. A closed question's answers overall, and how "
            f"many raised each theme, are shown in full. In a table of themes (or answers) by sector, by side or by "
            f"another answer, a count of 1 to {threshold - 1} respondents is shown as \u201c<{threshold}\u201d and a "
            f"percentage resting on such a count as \u201c{Suppress.SHARE_MARK}\u201d (withheld); a group (a sector, "
            f"a side such as agreed, neutral or disagreed) of fewer than {threshold} respondents has no shares at all "
            f"(\u201cNeutral: 1 respondent, too few to show shares\u201d). Where a table also prints the total of a row "
            f"or a column, further counts are withheld as \u201c{Suppress.SHARE_MARK}\u201d, the smallest first, until "
            f"no hidden count can be worked out from the total and the counts shown.")
