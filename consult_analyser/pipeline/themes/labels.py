"""What makes a theme label one a reader can use, and the words around it.

:mod:`consult_analyser.pipeline.themes.phrases` finds and scores the answers' own phrases; this
module holds the rules a label must pass (:func:`acceptable_label`: no stop word, lone generic
word, fragment, reference number or sender), the label when no phrase stands out
(:func:`fallback_label`), a theme's one-line description (:func:`describe`,
:func:`describe_examples`) and the word lists behind them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from consult_analyser.pipeline.pii_names import names_a_person
from consult_analyser.pipeline.themes.covering_notes import is_date, is_reference_number
from consult_analyser.pipeline.themes.languages import foreign_stop_words
from consult_analyser.pipeline.themes.nonanswers import WEB_ADDRESS, is_non_answer, is_sided_covering_note
from consult_analyser.pipeline.themes.phrases import GENERIC, is_stop, phrase_key, tidy
from consult_analyser.pipeline.themes.pointers import normalise

#: words that never make a label on their own: they name no topic ("High", "Question", "Fine")
LONE_GENERIC = GENERIC | {
    "high", "low", "good", "bad", "fine", "ok", "okay", "great", "nice", "better", "worse", "best", "worst",
    "question", "questions", "answer", "answers", "answered", "answering", "comment", "comments", "idea", "ideas",
    "problem", "problems",
    "cuts", "cut", "driver", "drivers", "rang", "none", "no", "yes", "nothing", "na", "n/a", "agree", "disagree",
    "support", "oppose", "supporters", "supporter", "opponents", "opponent", "supporting", "opposing",
    "need", "needs", "use", "change", "changes", "work", "help", "money", "area", "areas",
    "example", "examples", "case", "cases", "aspect", "aspects", "matter", "matters", "situation", "level",
    "levels", "number", "amount", "year", "years", "day", "days", "place", "places", "system", "process",
    "approach", "option", "options", "concern", "concerns", "policy", "policies", "plan", "plans",
    "party", "parties", "candidate", "country", "government", "thinking", "feeling", "sense", "side",
    "experience", "information", "way", "ways", "more", "less", "lot", "much", "many", "well", "right", "wrong",
    "important", "true", "sure", "mr", "mrs", "dr", "quite", "lack", "man", "men", "guy", "guys", "class", "world",
    # verbs and fillers of spoken answers: "Like the way", "Make things", "Pretty like", "Believe"
    "like", "likes", "liked", "believe", "believes", "think", "thinks", "feel", "feels", "want", "wants", "make",
    "makes", "pretty", "really", "group", "groups", "affairs", "working", "middle", "seem", "seems", "say", "says",
    "said", "know", "care", "cares", "try", "trying", "keep", "alot", "stand", "stands", "going", "doing", "got",
    "getting", "things", "stuff", "kind", "sort", "whole", "general", "overall", "basically", "actually",
    "words", "word", "sentiment", "sentiments", "detail", "details", "point", "points", "thing", "set", "part",
    "parts", "bit", "fact", "facts", "issue", "issues", "reason", "reasons", "means", "terms",
    # what a submission is sent as, not what it is about: "Attached", "Sample", "Letter"
    "attached", "attachment", "attachments", "sample", "samples", "submission", "submissions", "letter", "letters",
    "document", "documents", "file", "files", "copy", "copies", "enclosed", "regards", "thank", "thanks",
    # a verb or a unit of time says nothing on its own: "Refer", "Reach", "Week"
    "key", "stop", "refer", "reach", "week", "weeks", "month", "months",
    # how a submission is laid out, not what it says: "Introduction", "Previous"
    "introduction", "conclusion", "conclusions", "summary", "background", "overview", "contents", "appendix",
    "appendices", "section", "sections", "page", "pages", "chapter", "annex", "executive", "table", "heading",
    "previous", "following", "above", "below", "further", "additional", "various", "particular", "specific",
    # what is left of contact details once the details are blanked: "Tel"
    "tel", "telephone", "phone", "mobile", "mob", "fax", "email", "website", "www", "web", "address", "postcode",
    # the consultation itself, not a topic in it: "Paper", "Topic"
    "paper", "papers", "topic", "topics", "discussion", "consultation",
    # words that stand for any subject at all: "Potential", "Activity", "Functions", "Stages"
    "potential", "function", "functions", "making", "activity", "activities", "stage", "stages", "element",
    "elements", "approaches", "content", "factor", "factors",
    # an adjective of nationality alone qualifies nothing: "Australian" (of what?)
    "australian", "british", "english", "scottish", "welsh", "irish", "american", "canadian", "european",
    "french", "german", "spanish", "italian", "dutch", "national", "public", "private", "local", "federal",
    # found naming themes by a label reviewer on real consultations: each names no topic alone
    "focus", "branch", "base", "model", "models", "benefits", "benefit", "outcomes", "outcome", "staff", "laws",
    "humans", "human", "customers", "customer", "eye", "face", "mind", "wife", "husband", "countries", "people",
    "person", "everyone", "everybody", "someone", "association", "organisation", "organization", "company",
    "companies", "sector", "sectors", "industry", "accelerate", "real-world", "science",
    # a patient survey's: a word left from a saying ("run off their feet", "nothing was too much trouble",
    # "a step in the right direction") or a unit, a praise word or a place in any hospital names no topic alone
    "feet", "foot", "hand", "hands", "step", "steps", "trouble", "hour", "hours", "minute", "minutes", "time",
    "times", "lovely", "brilliant", "amazing", "excellent", "fantastic", "wonderful", "ward", "wards", "hospital",
    "today", "everything", "anything", "something", "lots",
    # a quantity names no topic without what it counts: "Half" (of "seen half of their budgets cut")
    "half", "halves", "third", "thirds", "quarter", "quarters", "majority", "minority", "proportion", "share",
    "percent", "percentage", "fraction", "rest", "total", "dozen", "dozens", "hundreds", "thousands", "millions",
}
#: words that finish a verb phrase: "Bring people" is a fragment of "Bring people together"
PARTICLES = frozenset({"together", "up", "out", "back", "forward"})
#: single words too weak to show as a theme's keyword ("does", "say", "things"): fillers and light verbs
WEAK_KEYWORDS = GENERIC | {
    "does", "did", "do", "doing", "done", "say", "says", "said", "saying", "get", "gets", "got", "getting", "go",
    "goes", "going", "make", "makes", "made", "like", "likes", "think", "thinks", "know", "really", "pretty", "just",
    "want", "wants", "seem", "seems", "try", "trying", "let", "put", "stuff", "sort", "whole", "basically",
    "actually", "alot", "yeah", "okay", "ok", "sure", "maybe", "probably", "thing", "things",
}
#: words a label may not end on: a verb or filler left over from the sentence ("Vision set", "Council needs",
#: "Responsibility just", "ADM included")
TRAILING_FILLERS = {
    "set", "sets", "included", "include", "includes", "need", "needs", "needed", "just", "like", "likes", "think",
    "want", "wants", "make", "makes", "made", "seem", "seems", "say", "says", "said", "know", "try", "going",
    "doing", "got", "getting", "really", "pretty", "actually", "basically", "done", "used", "given", "put",
    "take", "taken", "get", "gets", "see", "seen", "way", "lot", "much", "many", "well", "too", "also", "etc",
}
#: nouns that after "the" await their complement ("the capacity to ...", "the importance of ..."): a label
#: ending on "the capacity" is cut short
AWAITING_COMPLEMENT = {"capacity", "importance", "ability", "lack", "extent", "number", "level", "rest", "nature",
                       "degree", "possibility", "purpose", "fact"}
#: adjectives that name a group of people after "the" ("the poor"): other "the" + adjective labels are fragments
PEOPLE_ADJECTIVES = {"poor", "rich", "wealthy", "elderly", "young", "old", "disabled", "unemployed", "homeless",
                     "sick", "vulnerable", "needy", "privileged", "underprivileged", "affluent", "aged", "deaf",
                     "blind", "dead", "living", "military", "public", "british", "english", "welsh", "scottish",
                     "irish", "french", "american", "americans"}


# Reference numbers name a document, not a topic: "Docket Number FWS-HQ-ES-2018", "RIN 1235-AA20"
_REFERENCE_WORD = re.compile(r"\b(docket|rin)\b|\b(tracking|identifier|information|reference|comment|upload) (number|no|id)\b",
                             re.I)
# who sent something, not what it says: "Comments of the American Road ...", "Letter from Cleveland Metroparks",
# "Behalf of the Lindqvist Tribal Council"
_SENDER_LABEL = re.compile(r"^(the )?(comments?|letters?|submissions?|response|comment letter)( \w+)? (of|from|by)\b"
                           r"|^(on )?behalf of\b"
                           r"|\b(submits|submitted|submitting|attached|enclosed)$|\bsee attached\b", re.I)


#: a job title alone, as a signature gives it ("Deputy Director", "Head of Policy", "Chief Executive")
_JOB_TITLE = re.compile(
    r"^(?:(?:deputy|assistant|associate|acting|interim|chief|senior|executive|managing|general|national|regional|"
    r"policy|programme|program|project|research|operations|communications|public affairs) )*"
    r"(?:director|manager|officer|executive|chair|chairman|chairwoman|chairperson|president|vice president|"
    r"secretary|ceo|coordinator|co-ordinator|adviser|advisor|partner|lecturer|professor|head of [a-z]+(?: [a-z]+)?)$",
    re.I)


def _names_no_topic(label: str) -> bool:
    """A reference number, a sender, a job title or a date, which name a document or its signer, not what it says."""
    return bool(_REFERENCE_WORD.search(label) or _SENDER_LABEL.search(label) or _JOB_TITLE.match(label.strip())) \
        or is_date(label) \
        or any(is_reference_number(t) for t in re.findall(r"[\w-]+", label))


def acceptable_label(label: str, in_context: bool = False) -> bool:
    """A label a reader can use: not empty, not a stop word, not a lone generic word
    (:data:`LONE_GENERIC`), not ending on a stop word or a leftover verb (:data:`TRAILING_FILLERS`),
    not a reference number (a docket or rule number), with at least one word of three letters or
    more that is neither. ``in_context``: the label names a word most of its theme's answers write
    (:func:`common_word_label`), so a generic word that carries meaning beside another ("Middle class",
    "Time for change") counts as one of substance; a word of :data:`NEVER_A_THEME` still does not, and a
    lone word is still refused."""
    words = phrase_key(label).split()
    if not words or _names_no_topic(label):
        return False
    if any(a.rstrip("s") == b.rstrip("s") for a, b in zip(words, words[1:], strict=False)):  # "conservative conservatives"
        return False
    if len(words) == 2 and words[0] == "the" and words[1] not in PEOPLE_ADJECTIVES:  # "the lower", "the working"
        return False
    if len(words) == 1:
        return not is_stop(words[0]) and not lone_generic(words[0]) and len(words[0]) >= 3 and words[0].isalpha()
    if words[0] in foreign_stop_words():  # "Ist wichtig", "Nous demandons": another language's fragment
        return False
    if len(words) >= 3 and words[-1] in PARTICLES:  # "Bring people together", "Speak up for women"
        words = words[:-1]
    if is_stop(words[-1]) or words[-1] in TRAILING_FILLERS:
        return False
    if len(words) >= 3 and words[-2] == "the" and words[-1] in AWAITING_COMPLEMENT:  # "Systems with the capacity"
        return False
    return any(len(w) >= 3 and w.isalpha() and not is_stop(w)
               and (w not in LONE_GENERIC or (in_context and not never_a_theme(w))) for w in words)


def lone_generic(word: str) -> bool:
    """A word of :data:`LONE_GENERIC`, in the singular or the plural ("Sides" as "side", "Term" as "terms")."""
    word = word.lower()
    return word in LONE_GENERIC or f"{word}s" in LONE_GENERIC \
        or (len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[:-1] in LONE_GENERIC)


def _content_word(word: str) -> bool:
    word = word.lower()
    return len(word) >= 3 and word.isalpha() and not is_stop(word) and word not in LONE_GENERIC


def singular(text: str) -> str:
    """Crude singular of a phrase key ("new ideas" -> "new idea"), to keep labels apart."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in phrase_key(text).split())


def _same_key(phrase: str) -> str:
    """:func:`singular`, also without a final e or the -ie of -ies: "buses"/"bus", "policies"/"policy"."""
    words = []
    for w in singular(phrase).split():
        if len(w) > 4 and w.endswith("ie"):
            w = w[:-2] + "y"
        elif len(w) > 3 and w.endswith("e"):
            w = w[:-1]
        words.append(w)
    return " ".join(words)


#: verbs a theme's label may open with (its phrase is what respondents say to do or think)
_LABEL_VERBS = frozenset("""
welcome recognise recognize share bring know host respect support build help make give keep stop teach allow ban
need improve provide create protect learn get put take let encourage tackle reduce increase invest ensure promote
fund offer open close start end mix meet listen talk treat include involve engage value celebrate understand accept
reject oppose agree disagree want use spend save cut raise lower pay charge scrap remove change extend expand limit
require enforce monitor review consult work live play join follow lead pilot trial test measure evaluate focus
""".split())


#: adverbs a label that states a view opens with ("Broadly agree ...", "Strongly oppose ...")
_DEGREE_ADVERBS = frozenset("broadly generally strongly largely mostly partly fully totally completely somewhat mainly "
                            "partially entirely absolutely definitely clearly really".split())


def describe(label: str, phrases: Sequence[str], keywords: Sequence[str]) -> str:
    """One line about a theme from its other phrases (or keywords), none said twice (nor once in the
    singular and once in the plural)."""
    key = phrase_key(label)
    seen = {_same_key(label)}

    def fresh(phrase: str) -> bool:  # not said yet, in the singular or the plural
        same = _same_key(phrase)
        if same in seen:
            return False
        seen.add(same)
        return True

    extra = [p for p in phrases if phrase_key(p) != key and phrase_key(p) not in key][:3]
    extra = [p for p in extra if fresh(p)]
    if len(extra) < 2:  # too few phrases: keywords make up three
        for k in keywords:
            if len(extra) == 3:
                break
            if k not in key and all(k not in phrase_key(p) for p in extra) and fresh(k):
                extra.append(k)
    extra = [e.lower() if not e.isupper() else e for e in extra]
    words = label.split()
    first = words[0] if words else ""
    # a name as written keeps its capital: "NHS", "McDonald's", "Endangered Species Act"
    long_words = [w for w in words[1:] if len(w) > 3]  # ("Share the aim" has none: no name)
    named = first.isupper() or (len(first) > 1 and first[1:].lower() != first[1:]) or (
        bool(long_words) and all(w[:1].isupper() for w in long_words))
    about = label if named else label[:1].lower() + label[1:]
    # a label that opens with a verb ("Welcome the emphasis", "Know their neighbours") is quoted: "Answers
    # about welcome the emphasis" reached the annex and the report
    # and so is one that opens with an adverb or holds a clause, as a lead's renaming may ("Broadly agree with the
    # definitions, with caveats": trial 41's annex read "Answers about broadly agree with ...")
    clause = len(words) >= 2 and (first.lower() in _LABEL_VERBS | _DEGREE_ADVERBS or "," in label)
    opening = f"Answers on \u201c{about}\u201d" if clause else f"Answers about {about}"
    if not extra:
        return f"{opening}."
    listed = extra[0] if len(extra) == 1 else ", ".join(extra[:-1]) + " and " + extra[-1]
    return f"{opening}, often mentioning {listed}."


#: where personal data was blanked from a text (a space before the punctuation that followed it)
_BLANKED = re.compile(r"\s[.,;:!?)]|\s{2,}\S")


def describe_examples(examples: Sequence[str]) -> str:
    """One line quoting a theme's (short) typical answers."""
    quoted: list[str] = []
    for text in examples:
        if _BLANKED.search(text):
            continue  # personal data taken out left a gap: "Love this! My name is ."
        short = " ".join(text.split())
        if short and len(short) <= 60 and short.lower() not in {q.lower() for q in quoted}:
            quoted.append(short)
        if len(quoted) == 3:
            break
    if not quoted:
        return "Answers without a common phrase."
    marks = [f"\u201c{q}\u201d" for q in quoted]
    listed = marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]
    return f"Answers such as {listed}."


#: the small words a keyword pair may leave out between its two words
_SMALL_WORDS = "the|a|an|of|and|or|to|in|on|for|with|by|at|from|where|who|which|that|their|our|its|one|another"


_SPACE = re.compile(r"[\s\-]+")
_SMALL_WORD = re.compile(rf"(?:{_SMALL_WORDS})[\s\-]+")
_NON_WORD = re.compile(r"\W+")


def _next_word_starts(low: str, pos: int, within_clause: bool) -> list[int]:
    """Where the phrase's next word may start after a word ending at ``pos``."""
    if not within_clause:
        gap = _NON_WORD.match(low, pos)
        return [gap.end()] if gap else []
    gap = _SPACE.match(low, pos)
    if not gap:
        return []
    starts = [gap.end()]
    for _ in range(2):  # at most two small words left out ("share the aim")
        small = _SMALL_WORD.match(low, starts[-1])
        if not small:
            break
        starts.append(small.end())
    return starts


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _written_in(low: str, words: tuple[str, ...], within_clause: bool) -> bool:
    """Whether ``words`` stand in ``low`` (lower case) one after another, as whole words."""
    ends = set()
    at = low.find(words[0])
    while at >= 0:
        if at == 0 or not _is_word_char(low[at - 1]):
            ends.add(at + len(words[0]))
        at = low.find(words[0], at + 1)
    for word in words[1:]:
        ends = {start + len(word) for end in ends for start in _next_word_starts(low, end, within_clause)
                if low.startswith(word, start)}
        if not ends:
            return False
    return any(end == len(low) or not _is_word_char(low[end]) for end in ends)


def written_together(phrase: str, texts: Sequence[str], min_count: int = 2, within_clause: bool = False,
                     lowered: bool = False) -> bool:
    """True when ``phrase`` stands word for word in at least ``min_count`` of ``texts``; with
    ``within_clause``, its words parted only by spaces, hyphens and at most two small words ("share
    the aim" gives "share aim"; "Data Science, Computer Science" never gives "science computer").

    Keyword pairs are counted with stop words removed, so "laws values" may come from "laws and
    values" and "citizens american" from "citizens as an American": as a label such a pair reads
    as a fragment. ``lowered``: the texts are in lower case already (a caller asking about several
    phrases lowers them once)."""
    words = tuple(phrase_key(phrase).split())
    if not words:  # a phrase of no words (punctuation only)
        return False
    found = 0
    for text in texts:
        low = text if lowered else text.lower()
        if all(w in low for w in words) and _written_in(low, words, within_clause):
            found += 1
            if found >= min_count:
                return True
    return False


#: a theme of answers that only take a side, with no reason (see :func:`stance_only`)
STANCE_ONLY_LABEL = "Agree or disagree, no reason given"
STANCE_ONLY_DESCRIPTION = ("Answers that only say whether the respondent agrees or disagrees, supports or opposes (\u201cAgree\u201d, "
                           "\u201cI disagree\u201d, \u201cYes\u201d, \u201cComments opposing the rule attached\u201d), "
                           "with no reason.")
_STANCE_WORDS = r"(?:(?:i|we)\s+)?(?:(?:strongly|totally|completely|fully|partly|partially|mostly|largely|broadly|" \
    r"generally|mainly|somewhat|very\s+much|absolutely|definitely|entirely|tend\s+to)\s+)?" \
    r"(?:(?:(?:i'?d|i would|we would|we'?d)\s+like\s+to\s+|(?:i|we)\s+)?" \
    r"(?:agree|agreed|disagree|disagreed|support|oppose|object to)(?:\s+(?:with\s+)?(?:this|it|that|these|" \
    r"the\s+(?:proposals?|plans?|idea|changes?|rules?|extension)|(?:this|the)\s+(?:proposed\s+)?(?:proposals?|rule|" \
    r"regulation|extension|change)))?|object|yes|yes please|yep|yeah|yup|no|nope|nah|no way|" \
    r"not really|neutral|neither|neither one|neither way|undecided|positive|negative|" \
    r"(?:yes|no)\s*,?\s*(?:i|we|it|they|you|he|she|there)\s+(?:do|don'?t|does|doesn'?t|did|didn'?t|am|'?m|are|aren'?t|is|" \
    r"isn'?t|was|wasn'?t|were|have|haven'?t|has|hasn'?t|can|can'?t|could|couldn'?t|will|won'?t|would|wouldn'?t|should|" \
    r"shouldn'?t|agree|disagree)(?:\s+not)?|" \
    r"(?:a\s+)?(?:very\s+)?(?:good|great|bad|terrible)\s+idea|" \
    r"neither agree nor disagree|don'?t agree|do not agree|same as before|as above|same as above|see above)"
_STANCE_ONLY = re.compile(rf"^\s*{_STANCE_WORDS}(?:\s*[,;/]?\s*(?:and|or)?\s*{_STANCE_WORDS})?\s*[.!]*\s*$", re.I)


#: the same in the other languages European consultations are answered in (as :func:`normalise` writes
#: them: lower case, apostrophes as spaces); a bare "no" in any language is no answer, as in English
_STANCE_ONLY_ELSEWHERE = frozenset("""
ich stimme zu|stimme zu|ich stimme voll zu|ich stimme voll und ganz zu|ich stimme nicht zu|stimme nicht zu|einverstanden
|nicht einverstanden|ich bin einverstanden|ich bin dafür|ich bin dagegen|dafür|dagegen|ja|ja ich stimme zu|zustimmung
|volle zustimmung|ablehnung|je suis d accord|d accord|tout à fait d accord|pas d accord|je ne suis pas d accord
|favorable|tout à fait favorable|très favorable|défavorable|oui|oui d accord|je suis pour|je suis contre|de acuerdo
|estoy de acuerdo|totalmente de acuerdo|no estoy de acuerdo|en desacuerdo|a favor|en contra|sí|sí de acuerdo
|d accordo|sono d accordo|non sono d accordo|completamente d accordo|favorevole|contrario|contraria|sì|mee eens
|ik ben het eens|ik ben het ermee eens|eens|oneens|niet mee eens|akkoord|concordo|não concordo|discordo|sim
|jag håller med|håller med|instämmer|zgadzam się|nie zgadzam się|popieram|tak|souhlasím|nesouhlasím|ano|enig
|jeg er enig|uenig
""".replace("\n", "").split("|"))


def takes_a_side_only(text: str) -> bool:
    """Whether an answer only takes a side, in English ("Agree", "I disagree", "Yes") or in another
    European language ("Ich stimme zu", "Tout à fait favorable", "Estoy de acuerdo"), perhaps pointing to an
    attachment or declining to say more besides ("I Strongly Support The Proposal. See Attachment", "Yes, no
    further comment": a trial found such answers left out of every theme)."""
    if _STANCE_ONLY.match(text) or normalise(text) in _STANCE_ONLY_ELSEWHERE:
        return True
    if is_sided_covering_note(text):  # "Attached please find comments opposing the proposed changes"
        return True
    if len(text.split()) > SIDE_AND_POINTER_WORDS:
        return False
    parts = [p for p in _CLAUSE_END.split(text.strip()) if p.strip(" .!,;")]
    return len(parts) >= 2 and bool(_STANCE_ONLY.match(parts[0].rstrip(" ,;"))) \
        and all(is_non_answer(p) or _THANKS.match(p) for p in parts[1:])


#: at most this many words in an answer that takes a side and points elsewhere
SIDE_AND_POINTER_WORDS = 25
_CLAUSE_END = re.compile(r"(?<=[.!;,])\s+")
_THANKS = re.compile(r"^\W*(?:many\s+)?(?:thanks|thank\s+you)(?:\s+\w+){0,2}\W*$", re.I)


#: words by which a phrase or an answer takes a side: "Support of the Proposed Rule", "Opposition to the delisting",
#: "urging withdrawal" ("members and supporters" is who, not a side)
FOR_WORDS = re.compile(r"\b(?:support(?!ers?\b)\w*|in favou?r|favou?rs?|welcom\w*|endors\w*|applaud\w*)\b", re.I)
AGAINST_WORDS = re.compile(r"\b(?:oppos\w*|against|object\w*|reject\w*|withdraw\w*)\b", re.I)
_SAYS_NO = re.compile(r"^\W*(?:(?:i|we)\s+)?(?:(?:strongly|totally|completely|fully|partly|partially|mostly|largely|"
                      r"broadly|generally|mainly|somewhat|absolutely|definitely|entirely)\s+)?(?:no\b|nope|nah|not\b|"
                      r"disagree|oppose|object|negative|bad|terrible|don'?t|do not|against|opposing|in opposition)", re.I)
_SAYS_NEITHER = re.compile(r"^\W*(?:neutral|neither|undecided|same as|as above|see above)", re.I)


def _side_written(text: str) -> str | None:
    """The side an answer that only takes one writes: "yes" (agrees, supports), "no" (disagrees, opposes, urges
    withdrawal), "neither", or None when it writes none ("On behalf of the X, please find our comments enclosed")."""
    if _SAYS_NEITHER.match(text):
        return "neither"
    if _SAYS_NO.match(text):
        return "no"
    for_it, against = bool(FOR_WORDS.search(text)), bool(AGAINST_WORDS.search(text))
    if against and not for_it:  # "Comments In Opposition To This NPRM", "We Urge CEQ To Withdraw The Rule"
        return "no"
    if for_it and not against or _STANCE_ONLY.match(text):  # "... In Support Of The Proposed Rule", "Yes"
        return "yes"
    return None


def sides_taken(texts: Sequence[str]) -> tuple[int, int, int]:
    """How many of ``texts`` (answers that only take a side) say yes or agree, no or disagree, and neither, by what
    they write: a side's word anywhere ("Comments opposing the proposal"), not only an opening "Yes" or "No" (trial
    48: 13 of 24 such answers opposed the rule in so many words and the description said none disagreed). An answer
    that writes no side is in none of the three."""
    sides = Counter(_side_written(t) for t in texts)
    return sides["yes"], sides["no"], sides["neither"]


def stance_only_description(texts: Sequence[str]) -> str:
    """The side-only theme's description with how many took each side (trial 41: a report lumped 30 "Yes" with
    one "No" and never said how many supported), and how many wrote no side."""
    told = [t for t in texts if t.strip()]
    yes, no, neither = sides_taken(told)
    unsaid = len(told) - yes - no - neither
    counts = f"{yes:,} agreed or said yes, {no:,} disagreed or said no" + (f", {neither:,} neither" if neither else "") \
        + (f", {unsaid:,} did not say which side" if unsaid else "")
    return f"{STANCE_ONLY_DESCRIPTION[:-1]}: {counts}."


def stance_only(texts: Sequence[str], share: float = 0.6) -> bool:
    """Whether most of a theme's answers (``share``) only take a side: "Agree", "I disagree", "Yes"."""
    told = [t for t in texts if t.strip()]
    return bool(told) and sum(1 for t in told if takes_a_side_only(t)) >= share * len(told)


#: a theme of answers that say all is well and make no point (see :func:`pleased_only`)
PLEASED_LABEL = "All fine, no particular point"
PLEASED_DESCRIPTION = ("Answers that only say all was well or thank the staff (\u201cAll good\u201d, \u201cNothing, it was "
                       "fine\u201d, \u201cNo thank you\u201d), with no particular point.")
_GOOD = r"(?:(?:very|really|all|so|just)\s+)?(?:good|fine|great|ok|okay|excellent|perfect|brilliant|lovely|happy|spot\s+on|fab|fantastic)"
_PLEASANT = (rf"(?:all\s+(?:was\s+)?{_GOOD}|(?:it|everything|all|that)\s+(?:was|is|were)\s+(?:all\s+)?{_GOOD}|{_GOOD}"
             r"|everything(?:\s+really)?|keep\s+(?:up\s+the\s+good\s+work|it\s+up)|(?:many\s+)?thanks?(?:\s+you)?"
             r"(?:\s+(?:very\s+much|so\s+much|all))?|thankyou|cheers)")
_PLEASED = re.compile(rf"^(?:(?:no|nope|nothing|none|not\s+really|nothing\s+(?:really|at\s+all|else|more|to\s+improve|"
                      rf"to\s+add)|no\s+nothing|no\s+not\s+really)\s+)?(?:and\s+)?{_PLEASANT}(?:\s+(?:and\s+)?{_PLEASANT})*$")


def pleased_only_answer(text: str) -> bool:
    """An answer that only says all was well or thanks ("All good", "Nothing, all good", "No it was fine",
    "No thank you", "Everything was great"): no point a theme could name; left to the topic model such
    answers made five themes of one ("Nothing, all good", "All good", "No it was fine", ...)."""
    key = normalise(text)
    return 0 < len(key.split()) <= 10 and bool(_PLEASED.match(key))


def pleased_only(texts: Sequence[str], share: float = 0.6) -> bool:
    """Whether most of a theme's answers (``share``) only say all was well."""
    told = [t for t in texts if t.strip()]
    return bool(told) and sum(1 for t in told if pleased_only_answer(t)) >= share * len(told)


def _whole_answer_label(text: str) -> bool:
    """A short answer many give word for word makes a label as written ("One law for all", "Not
    enough money"): a whole sentence, not a fragment, so it may end on a small word; it still needs
    a word of substance and must name no person or reference."""
    words = phrase_key(text).split()
    return 2 <= len(words) <= 6 and any(len(w) >= 3 and w.isalpha() and not is_stop(w) for w in words) \
        and not _names_no_topic(text) and not names_a_person(text) and not WEB_ADDRESS.search(text)


#: the label of a group of answers with no topic in common (rather than two words from one answer)
ASSORTED_LABEL = "Assorted points"
#: share of a theme's answers (at least 3) that must write a keyword for it to name the theme
COMMON_KEYWORD_SHARE = 1 / 3


#: an answer of at most this many words is a short one (see :func:`answers_label`)
SHORT_ANSWER_WORDS = 12


def fallback_label(texts: Sequence[str], keywords: Sequence[str]) -> str:
    """Label when no phrase stands out: :func:`answers_label` if the answers give one, else two
    keywords several answers write ("Social scoring", "Funding and childcare"), else
    :data:`ASSORTED_LABEL`."""
    return answers_label(texts, keywords) or _keywords_label(texts, keywords)


def answers_label(texts: Sequence[str], keywords: Sequence[str]) -> str | None:
    """What the answers (``texts``, most central first) say in common, in their words: the
    commonest short answer if many wrote it ("One law for all"), else a keyword pair a third of
    them write, else the most central short answer; None when none of these will do."""
    short = Counter(" ".join(t.split()).strip(" .!?,;:") for t in texts if 0 < len(t.split()) <= 6)
    if short:
        counts: Counter[str] = Counter()
        surface: dict[str, str] = {}
        for text, count in short.items():
            counts[phrase_key(text)] += count
            surface.setdefault(phrase_key(text), text)
        key, count = counts.most_common(1)[0]
        # written by a fair share of the theme: two of nine saying "It should be voluntary" named a theme whose
        # other answers wanted it mandatory (a trial on a real consultation)
        if key and count >= max(2, math.ceil(VERBATIM_SHARE * len(texts))) \
                and (acceptable_label(surface[key]) or _whole_answer_label(surface[key])) and len(key.split()) >= 2:
            return tidy(surface[key])
    common = max(3, math.ceil(COMMON_KEYWORD_SHARE * len(texts)))  # a pair a third of the answers write, not two
    pair = next((k for k in keywords if len(k.split()) == 2 and acceptable_label(k)  # words that met once by chance
                 and all(_content_word(w) for w in k.split()) and written_together(k, texts, min_count=common)), None)
    if pair:
        return tidy(pair)
    # the most central short answer, as written (one naming no person), where short answers are the
    # usual kind: among long ones a short answer is one person's aside ("Risk-based is always the
    # wrong approach" named answers explaining why a risk-based approach works)
    if 2 * sum(len(t.split()) <= SHORT_ANSWER_WORDS for t in texts) < len(texts):
        return None
    for text in texts[:10]:
        words = text.split()
        if 3 <= len(words) <= 8 and acceptable_label(text) and not names_a_person(text) \
                and not _one_persons_say(text) and _speaks_for_others(text, texts):
            return tidy(" ".join(words).strip(" .!?,;:"))
    return None


#: a share of the theme's answers that must write a short answer for it to name the theme
VERBATIM_SHARE = 0.25
#: how one person's answer speaks: a side or a verdict, their own view or submission, a second sentence
_OWN_SAY = re.compile(r"^\W*(?:yes|no|agree|disagree|imo|in my (?:view|opinion)|i|i'm|i’m|we|our|my)\b"
                      r"|\b(?:should|must|not|never|cannot|can't|won't)\b|[.!?;]\s+\w", re.I)


def _one_persons_say(text: str) -> bool:
    """An answer that says what one respondent thinks rather than what the theme is about ("It should be
    mandated through regulation", "No idea. Federalism is a challenge", "IMO, the question is badly phrased"):
    as a label it states that view for every answer under it, agreeing or not."""
    return bool(_OWN_SAY.search(" ".join(text.split()).strip(" .!?,;:")))


def _speaks_for_others(text: str, texts: Sequence[str]) -> bool:
    """Whether one answer's words can name the theme: each of its words of substance is an English
    word or written in another answer too (no one person's typo: "They try to mhelp people", "Not
    much experence")."""
    from consult_analyser.pipeline.pii_words import _common_words

    words = {w for w in phrase_key(text).split() if len(w) >= 3 and w.isalpha() and not is_stop(w)}
    if not words:
        return False
    known = _common_words()
    others = [set(phrase_key(t).split()) for t in texts if t is not text]
    uses = {w: sum(1 for o in others if w in o) for w in words}
    # (asking also that one of its words be written by a quarter of the answers named fewer themes apart:
    # more of them took a keyword label another theme had, and joined it; ANES AMI fell 0.02-0.03)
    return all(n >= 1 or w in known for w, n in uses.items())


def _keywords_label(texts: Sequence[str], keywords: Sequence[str]) -> str:
    common = max(3, math.ceil(COMMON_KEYWORD_SHARE * len(texts)))
    chosen: list[str] = []
    for k in keywords:  # two keywords that several answers write, sharing no word
        if k and acceptable_label(k) and written_together(k, texts, min_count=common) \
                and not any(set(k.split()) & set(c.split()) for c in chosen):
            chosen.append(k)
        if len(chosen) == 2:
            break
    if not chosen:  # no word is common to the answers: a group of unrelated points, and said so, unless most
        from consult_analyser.pipeline.themes.common_word import common_word_label  # (it reads this module's rules)

        return common_word_label(texts, keywords) or ASSORTED_LABEL  # of them write one word however generic
    for first, second in ([chosen, chosen[::-1]] if len(chosen) == 2 else []):
        if written_together(f"{first} {second}", texts):  # "Social scoring", not "Social and scoring"
            return tidy(f"{first} {second}")
    return tidy(" and ".join(chosen))


#: words that never name a theme, however many of its answers write them: a side, a verdict, the question's
#: form, a filler (:data:`WEAK_KEYWORDS`) or a word a label may not end on (:data:`TRAILING_FILLERS`); the
#: other words of :data:`LONE_GENERIC` ("experience", "change", "class", "party") name one in context
NEVER_A_THEME = frozenset({
    "yes", "no", "none", "nothing", "good", "bad", "ok", "okay", "fine", "great", "better", "worse", "best", "worst",
    "question", "questions", "answer", "answers", "comment", "comments", "thing", "things", "stuff", "agree",
    "disagree", "na", "everything", "anything", "something", "everyone", "everybody", "someone", "more", "less",
    "lot", "lots", "much", "many", "well", "right", "wrong", "important", "true", "sure", "really", "pretty",
    "quite", "feel", "feels", "feeling", "believe", "believes", "thinking", "word", "words", "sort", "kind",
    "way", "ways", "one", "ones", "bit", "part", "fact", "reason", "reasons", "point", "etc", "i",
}) | (WEAK_KEYWORDS - GENERIC) | TRAILING_FILLERS  # (not all of GENERIC: "Time for change", "Working people")
def never_a_theme(word: str) -> bool:
    """A stop word or a word of :data:`NEVER_A_THEME` (in the singular or the plural): it names no theme however
    many of a theme's answers write it."""
    word = word.lower()
    return is_stop(word) or word in NEVER_A_THEME or f"{word}s" in NEVER_A_THEME \
        or (word.endswith("s") and word[:-1] in NEVER_A_THEME)
