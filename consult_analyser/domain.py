"""Plain data objects shared by the store, the importers, the pipeline and the UI.

Nothing here touches SQL, files or Qt. Ids are UUID strings so that analysts' copies of a
project can be merged later without collisions.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any


def new_id() -> str:
    """A fresh stable id (UUID4 as a string)."""
    return str(uuid.uuid4())


#: how the options a respondent ticked in a "tick all that apply" question are joined in one answer
OPTION_SEPARATOR = "; "
#: the fixed theme of answers that say nothing ("N/A", "see attached"): counted, never clustered
NO_ANSWER_LABEL = "No substantive answer"


def counted(count: int, word: str, plural: str = "") -> str:
    """``1 answer``, ``2 answers``, ``1,204 respondents`` (``plural`` when adding an s is wrong)."""
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def confidence_percent(confidence: float) -> str:
    """A model's confidence as a whole percentage, rounded down: a suggestion shown as "90%" is one that
    "accept all of 90% or more" (0.9, as on the command line) takes."""
    return f"{int(max(0.0, confidence) * 100 + 1e-9)}%"


def percent(share: float) -> str:
    """A share as a whole percentage, halves rounded up as published statistics round them (12.5%
    is "13%"; Python's own format rounds half to even and printed "12%" where the annex, in Excel,
    shows 12.5%); a share above nought that would print "0%" is "<1%"."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{int(share * 100 + 0.5 + 1e-9):d}%" if share >= 0 else f"-{percent(-share)}"


def now_iso() -> str:
    """The current UTC time as an ISO-8601 string with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class QuestionKind(str, Enum):
    OPEN = "open"  # free text only
    CLOSED = "closed"  # a choice from a list only
    HYBRID = "hybrid"  # a choice plus "please explain"


class Channel(str, Enum):
    ONLINE = "online"
    EMAIL = "email"
    POST = "post"
    OTHER = "other"


class Source(str, Enum):
    """Who or what produced a label (sector, theme, coding)."""

    ANALYST = "analyst"
    DECLARED = "declared"
    RULES = "rules"
    MODEL = "model"
    IMPORTED = "imported"


@dataclass
class Question:
    key: str  # short stable key from the source, e.g. "Q3"
    text: str
    kind: QuestionKind = QuestionKind.OPEN
    choices: list[str] = field(default_factory=list)
    position: int = 0
    id: str = field(default_factory=new_id)
    #: the key was given in a mapping file ("question:C1:closed"): it joins the project's C1 whatever
    #: the wording of this file's column, instead of being renumbered as a made-up key would be
    key_given: bool = False
    #: the wording of the free-text column paired with this closed question into one hybrid question
    #: ("Please explain your views" after "Do you support the proposed rule?"): shown after the question's
    #: text wherever the question is shown (:attr:`wording`), never part of matching a later export's question
    follow_up: str = ""

    @property
    def wording(self) -> str:
        """The question as asked: its text, and a hybrid question's free-text wording after it
        ("Do you support the proposed rule? — Please explain your views")."""
        follow_up = " ".join(self.follow_up.split())
        if self.kind is not QuestionKind.HYBRID or not follow_up or \
                question_identity(follow_up) == question_identity(self.text):
            return self.text
        return f"{self.text.rstrip()} — {follow_up}"


@dataclass
class Respondent:
    external_id: str  # the id in the imported file (or a document's name)
    name: str = ""  # person or organisation name as given
    organisation: str = ""
    email_domain: str = ""
    is_organisation: bool | None = None  # None: not declared
    declared_type: str = ""  # raw text of the declared respondent type / sector
    region: str = ""
    channel: Channel = Channel.ONLINE
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    publication: str = "unknown"  # a Publication value: what they said may be published
    publication_raw: str = ""  # the consent cell as written ("Anonymous", "Yes, but anonymously")


@dataclass
class Response:
    """One respondent's answer to one question: open text and/or a closed choice."""

    respondent_id: str
    question_id: str
    text: str = ""
    choice: str = ""
    language: str = ""  # ISO 639-1 code detected from the text, "" if too short to tell
    source_file: str = ""
    source_row: int | None = None  # the line of the file (or row of the sheet) where the answer's row starts
    id: str = field(default_factory=new_id)


@dataclass
class Document:
    """A submission that came as a file (e-mail, letter, attachment)."""

    respondent_id: str
    filename: str
    text: str
    media_type: str = "text/plain"
    language: str = ""
    source_file: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Sector:
    key: str  # e.g. "local_authority"
    label: str  # e.g. "Local authority"
    #: None: either side, a type people and organisations both chose ("Farmer or grower"): each
    #: respondent keeps the side they answered (stored as :data:`EITHER_SIDE`)
    is_organisation: bool | None = True
    position: int = 0


#: how a sector of either side is stored in the ``sectors`` table's ``is_organisation`` column
EITHER_SIDE = 2


@dataclass
class SectorAssignment:
    respondent_id: str
    sector_key: str
    source: Source
    confidence: float = 1.0
    detail: str = ""  # e.g. the rule that fired, or the model name and version
    reviewed: bool = False
    created_by: str = ""
    created_at: str = field(default_factory=now_iso)


@dataclass
class Code:
    name: str
    description: str = ""
    colour: str = "#4e79a7"
    parent_id: str | None = None
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass
class Coding:
    """A code applied to a whole answer (start/end None) or a span [start, end) of its text."""

    code_id: str
    response_id: str
    start: int | None = None
    end: int | None = None
    coder: str = ""
    source: Source = Source.ANALYST
    confidence: float = 1.0
    created_at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


@dataclass
class Memo:
    target_kind: str  # "code" | "response" | "respondent" | "theme" | "project"
    target_id: str
    text: str
    author: str = ""
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


class ThemeStatus(str, Enum):
    CANDIDATE = "candidate"  # model output, not yet looked at
    EDITED = "edited"  # changed by a person, not signed off
    SIGNED_OFF = "signed_off"


@dataclass
class Theme:
    question_id: str
    label: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    status: ThemeStatus = ThemeStatus.CANDIDATE
    source: Source = Source.MODEL
    model: str = ""  # model name and version that proposed it, "" if made by a person
    parent_id: str | None = None
    run_id: str = ""
    signed_off_by: str = ""
    signed_off_at: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class ThemeAssignment:
    theme_id: str
    response_id: str
    confidence: float = 1.0
    source: Source = Source.MODEL
    representative: bool = False


@dataclass
class ImportResult:
    """What an import added, for messages and the UI."""

    source_files: list[str]
    questions: int = 0
    respondents: int = 0
    responses: int = 0
    documents: int = 0
    skipped_duplicates: int = 0
    #: respondents left out because an analyst withdrew them earlier, by reason (duplicate, test, spam, request)
    skipped_withdrawn: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped_rows: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, reason) left out


def question_identity(label: str) -> str:
    """What makes two question labels the same question: they differ only in whitespace, case or
    trailing punctuation ("Q4.  Views? " and "q4. views" are one question)."""
    return " ".join(label.casefold().split()).rstrip(" .:;?!…*").strip()


# ------------------------------------------------------------------ publication consent

class Publication(str, Enum):
    """What a respondent said may be published of their response (a consultation's consent column:
    the EU "Have your say" portal's "Publication privacy settings", Citizen Space's "May we publish
    your response?"). Anonymous: their response may be quoted, never their name nor their
    organisation's; not for publication: their answers count in the numbers but are never quoted."""

    PUBLIC = "public"
    ANONYMOUS = "anonymous"
    NOT_FOR_PUBLICATION = "not_for_publication"
    UNKNOWN = "unknown"


#: the header of a column that asks whether (and how) the response may be published
CONSENT_HEADER = re.compile(
    r"\b(publish|published|publication|publishing|confidential|confidentiality|anonymous|anonymously|anonymi[sz]ed?)\b"
    r".*\b(your|my|this|our) (consultation |survey |written )?(response|submission|answers?|name|comments?|details"
    r"|feedback|views)\b"
    r"|\b(your|my|this|our) (consultation |survey |written )?(response|submission|answers?|name|comments?|details"
    r"|feedback|views)\b.*"
    r"\b(publish|published|publication|confidential|anonymous|anonymously|anonymi[sz]ed?)\b"
    # a bare "Publish?" or "Publication" heading a column of Yes / Yes, anonymously / No (an inquiry's evidence log)
    r"|^(publication|publishing|publish|confidentiality)( (privacy )?"
    r"(preferences?|consent|permission|request|statement|settings?|choice|options?))?$"
    r"|^(publication|publish|anonymity) (privacy )?(settings?|preferences?|choice|options?)$"
    r"|\b(consent|agree|happy|willing) (for us )?to (the )?(publish|publication)"
    # a tick box: "Tick here if you wish to remain anonymous"
    r"|\b(remain|stay|be kept|kept|be) anonymous\b|\b(withhold|hide) (your|my) name\b|\baros yn ddienw\b"
    r"|^(can|may|could|should) we publish( it| this)?$|^publish (response|submission|responses|submissions)$"
    r"|\b(cyhoeddi|dienw|ddienw)\b.*\b(ymateb|ymatebion|enw)\b|\b(ymateb|ymatebion|enw)\b.*\b(cyhoeddi|dienw|ddienw)\b",
    re.I)
# a header that asks whether to withhold (a "Yes" then asks for anonymity or confidentiality)
_ASKS_ANONYMITY = re.compile(r"\banonym|\bwithout (your|my) name\b|\b(withh[eo]ld|hide|remove) (your|my) name|\bd?dienw\b",
                             re.I)
_ASKS_NAME = re.compile(r"\b(your|my|our) (name|names|organi[sz]ation s name)\b", re.I)
_ASKS_CONFIDENTIAL = re.compile(r"\bconfidential|\bwithh[eo]ld\b|\bnot (to )?(be )?publish|\bkeep\b.*\bprivate\b", re.I)
_ANONYMOUS_VALUE = re.compile(
    r"anonym|pseudonym|without (my |our |the |a |any )?(name|names|details)|\bno names?\b|name(s)? (withheld|removed|hidden)"
    r"|\b(not|n t|never|no) (to )?(publish|show|include|use|disclose|give|print|display)(ing)? (my|our|the) "
    r"(name|names|organi[sz]ation|details)|\bbut not (my|our|the) (name|names|details)|\bunnamed\b", re.I)
_NOT_PUBLISHED_VALUE = re.compile(
    r"confidential|not for publication|\bprivate\b|withh[eo]ld|\b(do not|don t|dont|not|never|no)\b.*\b(publish|publication"
    r"|public|share)", re.I)
#: a header asking to tick a box, whose blank cells are boxes left unticked
_TICK_BOX = re.compile(r"^\W*(please )?(tick|check|select|mark)\b|\b(tick|check) (this|the) box\b|\b(tick ?box|checkbox)\b"
                       r"|\b(please )?tick (here|this|if|to)\b|[☐☑☒]|\bticiwch\b", re.I)
_TICKED = re.compile(r"[xX✓✔☑☒]|ticked|checked|selected|true|1", re.I)
_PUBLIC_VALUE = re.compile(r"\bpublic\b|publish|\bwith (my |our |the )?(name|names|details)\b|\bnamed\b|attribut",
                           re.I)


def publication_choice(value: str, header: str = "") -> Publication:
    """A consent cell as a :class:`Publication` choice: "Public", "Yes" (to "May we publish your
    response?"), "Publish my response with my name" are public; "Anonymous", "Yes, but anonymously",
    "without my name" anonymous; "No", "Do not publish", "Confidential" not for publication. A yes
    or no answers the header: "Yes" to "Should your response be kept confidential?" withholds it.
    A blank cell is unknown (published, as a form that asked says nothing against it); anything else
    written in the box that reads as no choice ("I'd rather you didn't", "Prefer not to say") is taken
    as not for publication: the wrong guess the other way publishes someone who asked not to be.
    A blank under a tick box ("Tick here if you wish to remain anonymous") is a box left unticked: the
    header's "no" (published with the name there; not for publication under "Tick to consent to
    publication")."""
    if not value.strip():
        if _TICK_BOX.search(header):
            return read_publication_choice("No", header) or Publication.UNKNOWN
        return Publication.UNKNOWN
    return read_publication_choice(value, header) or Publication.NOT_FOR_PUBLICATION


def read_publication_choice(value: str, header: str = "") -> Publication | None:
    """:func:`publication_choice` when the cell reads as a choice; None when it does not."""
    if _TICK_BOX.search(header) and _TICKED.fullmatch(value.strip()):
        value = "Yes"  # a box ticked answers the header's question yes
    words = " ".join(re.sub(r"[^\w]+", " ", value.casefold()).split())
    header = " ".join(re.sub(r"[^\w]+", " ", header.casefold()).split())
    if not words:
        return None
    if _ANONYMOUS_VALUE.search(words):
        return Publication.ANONYMOUS
    if _NOT_PUBLISHED_VALUE.search(words):
        return Publication.NOT_FOR_PUBLICATION
    yes = re.match(r"(yes|y|oui|ja|si|sí|true|1|agree|i agree|ok|okay|ie|ydw|ydy|oes|do|cytuno)\b", words)  # (Welsh)
    no = re.match(r"(no|n|non|nein|false|0|disagree|na|nac ydw|nac ydy|nac oes|naddo)\b", words)
    if yes or no:
        if _ASKS_ANONYMITY.search(header):
            return Publication.ANONYMOUS if yes else Publication.PUBLIC
        if _ASKS_CONFIDENTIAL.search(header):
            return Publication.NOT_FOR_PUBLICATION if yes else Publication.PUBLIC
        if _ASKS_NAME.search(header) and not re.search(r"\b(response|submission|answers?|comments?)\b", header, re.I):
            return Publication.PUBLIC if yes else Publication.ANONYMOUS  # "May we publish your name?" "No"
        return Publication.PUBLIC if yes else Publication.NOT_FOR_PUBLICATION
    if _PUBLIC_VALUE.search(words):
        return Publication.PUBLIC
    return None


_SUBJECT = r"(?:this|my|our|the) (?:response|submission|letter|e ?mail|reply|comments?|views|representation)"
#: what a letter says when its writer asks not to be published at all ("Please treat this response as
#: confidential", "Not for publication", Welsh "trinwch fy ymateb yn gyfrinachol")
_LETTER_NOT_PUBLISHED = re.compile(
    rf"\b(?:treat|regard|keep|handle) {_SUBJECT} (?:as |in )?(?:strictly )?(?:confidential|confidence|private)\b"
    rf"|\b{_SUBJECT} (?:is|are) (?:strictly )?(?:confidential|private|not for publication)\b"
    rf"|\b(?:do not|don t|dont|please not|not to) (?:publish|make public|share publicly) {_SUBJECT}"
    rf"|\bnot for publication\b"
    rf"|\b(?:i|we) (?:do not|don t|dont) (?:wish|want|consent|agree) (?:for )?{_SUBJECT} to be (?:published|made public)"
    r"|\b(?:peidiwch a chyhoeddi|peidiwch chyhoeddi) (?:fy|ein) (?:ymateb|llythyr|sylwadau)\b|\byn gyfrinachol\b", re.I)
#: ... or asks to be published without their name ("Please do not publish my name", "I wish to
#: remain anonymous", "publish it anonymously", Welsh "peidiwch â chyhoeddi fy enw")
_LETTER_ANONYMOUS = re.compile(
    r"\b(?:do not|don t|dont|please not|not to) (?:publish|include|use|print|disclose|share|name|identify)"
    r" (?:my|our) (?:name|names|details|identity|organi[sz]ation s name)\b"
    r"|\b(?:publish|use|include|quote|print) (?:it|this|them|my \w+|our \w+) anonymously\b"
    r"|\b(?:i|we) (?:wish|want|would like|d like|prefer|ask|request) to (?:remain|stay|be kept|be) anonymous\b"
    r"|\b(?:keep|make) (?:me|us) anonymous\b|\banonymi[sz]e (?:my|our|this) (?:response|submission|name|details)"
    r"|\b(?:my|our) names? (?:should|must|may) not be (?:published|used|shared|disclosed|included)\b"
    r"|\bwithout (?:my|our) names?\b|\bpeidiwch (?:a |â )?chyhoeddi (?:fy|ein) (?:enw|enwau)\b|\byn ddienw\b", re.I)


#: words without which no text asks anything of its publication (a cheap test before the patterns)
_MAY_ASK = re.compile(r"publi|anonym|confiden|private|\bnames?\b|cyhoedd|gyfrinach|ddienw", re.I)


def answers_publication(texts: Sequence[str]) -> tuple[Publication, str, int] | None:
    """What a respondent asks of their publication in the answer boxes of a form ("Please do not
    publish my name", "Please treat this response as confidential"), as :func:`letter_publication`
    reads a letter: the choice, the words that ask it and which of ``texts`` holds them; the strictest
    request wins; None when no answer asks anything."""
    best: tuple[Publication, str, int] | None = None
    for index, text in enumerate(texts):
        asked = letter_publication(text) if text and _MAY_ASK.search(text) else None
        if asked is not None and (best is None or (asked[0] == Publication.NOT_FOR_PUBLICATION
                                                   and best[0] != Publication.NOT_FOR_PUBLICATION)):
            best = (asked[0], asked[1], index)
    return best


def letter_publication(text: str) -> tuple[Publication, str] | None:
    """What a letter's writer asks of its publication, and the words that ask it: not to be published
    at all, or only without their name; None when it asks neither (it is then published as any
    response whose writer said nothing against it)."""
    plain = re.sub(r"[’`']", " ", text)
    for choice, pattern in ((Publication.NOT_FOR_PUBLICATION, _LETTER_NOT_PUBLISHED),
                            (Publication.ANONYMOUS, _LETTER_ANONYMOUS)):
        found = pattern.search(plain)
        if found:
            start = max(plain.rfind(".", 0, found.start()), plain.rfind("\n", 0, found.start())) + 1
            ends = [i for i in (plain.find(".", found.end()), plain.find("\n", found.end())) if i >= 0]
            return choice, " ".join(text[start:min(ends) + 1 if ends else len(text)].split())[:200]
    return None


#: how the analyst and the annex name each choice
PUBLICATION_LABELS = {Publication.PUBLIC: "Public", Publication.ANONYMOUS: "Anonymous (no names)",
                      Publication.NOT_FOR_PUBLICATION: "Not for publication", Publication.UNKNOWN: "Not stated"}
