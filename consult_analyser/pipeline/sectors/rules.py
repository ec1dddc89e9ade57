"""What we know about a respondent, and the editable name/e-mail rules that sort them by sector.

The rules live in ``models/sectors/rules.toml`` (read with :mod:`tomllib`). They speak the
keys of the default UK taxonomy; :mod:`consult_analyser.pipeline.sectors.model` translates and
checks them for other taxonomies. Individual versus organisation is decided first
(:meth:`SectorRules.person_or_organisation`), then the organisation name and e-mail domain rules.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consult_analyser.label_words import describes_a_person, names_no_body
from consult_analyser.paths import models_dir
from consult_analyser.pipeline.pii_names import is_given_name, is_lone_place
from consult_analyser.pipeline.pii_words import is_everyday_word
from consult_analyser.pipeline.sectors.prefilter import PatternIndex

REPO_MODELS = models_dir() / "sectors"
DEFAULT_RULES_PATH = REPO_MODELS / "rules.toml"

_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|\d+|[&+]", re.UNICODE)
#: a name box that says no body is known, or a clerk's note on the entry, however it goes on (a rulemaking docket's
#: "Organization Unknown 4", "Mass Comment Campaign Sponsoring Organization Unknown. Sample Attached (Email)",
#: "Duplicate, Comment Was Entered Two Times.", "Incomplete Information"): no organisation to list
_NO_BODY = re.compile(
    r"\b(?:organi[sz]ation|sponsor(?:ing)?|sender|submitter|commenter|author|submitted by)\s+(?:is\s+)?(?:unknown|not known|not given)\b"
    r"|^\W*(?:unknown|anonymous)(?:\W+\d+)?\W*$"
    r"|^\W*duplicate\b.*\b(?:was|were|been)\s+(?:entered|submitted|posted|received)\b"
    r"|^\W*incomplete (?:information|submission|entry)\W*$", re.I)
_PARTS = re.compile(r"\s*(?:,|;|&|\+|/|\band\b|\bwith\b)\s*", re.IGNORECASE)
# letter hits rank below name and strong domain rules: a signature's job title ("Director of
# Public Health") can name another sector than the organisation
LETTER_PENALTY = 40
_LETTER = re.compile(r"^\s*(dear|hello|hi|good (morning|afternoon))\b|yours (sincerely|faithfully)|"
                     r"(kind|best|warm) regards|best wishes|\battach(ed|ment)?\b|please find", re.I | re.M)
_GREETING = re.compile(r"^(dear|hello|hi|good (morning|afternoon)|to whom)\b", re.I)
_CLOSING = re.compile(r"^(yours( sincerely| faithfully| truly)?|(with )?(kind|best|warm)(est)? (regards|wishes)|"
                      r"regards|best wishes|many thanks|thanks|thank you)\b[ ,.!]*$", re.I)
_DATE = re.compile(r"\b\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4}\b|"
                   r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.I)
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "ap", "ab", "verch", "ferch",
              "bint", "al", "el", "ibn", "y", "mac", "st", "o"}
#: small words that join the words of an office's or a body's name, never a person's
_NOT_IN_NAMES = {"of", "for", "the", "on", "against", "to"}
#: what parts a list of people's names: commas and semicolons ("Sanford D. Bishop Jr, Jan Schakowsky; ...")
_LIST_PARTS = re.compile(r"\s*[;,]\s*")
#: a person's suffix, a part of its own in "Frank Pallone, Jr."
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@dataclass
class RespondentFeatures:
    """Everything the sector step looks at for one respondent.

    ``is_organisation`` is the answer to "individual or organisation?" when declared, else None.
    ``answered`` lists the keys of the questions the respondent answered (non-empty answers).
    ``country``, ``size`` (organisation size) and ``language`` (of the answers) when known;
    ``extra`` other short categorical columns (column -> value) used as model features.
    """

    respondent_id: str
    name: str = ""
    organisation: str = ""
    email_domain: str = ""
    declared_type: str = ""
    is_organisation: bool | None = None
    text: str = ""
    answered: list[str] = field(default_factory=list)
    country: str = ""
    size: str = ""
    language: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleHit:
    """One rule that matched: its name, its (default-taxonomy) sector, priority and confidence."""

    rule: str
    sector: str
    priority: int
    confidence: float
    via: str  # "name", "domain" or "letter"
    pattern: str = ""  # the pattern, domain suffix or domain word that matched
    #: where the usage the rule rests on holds ("uk", "australia" ...; see ``SeedCheck.holds``); () everywhere
    where: tuple[str, ...] = ()


@dataclass
class _Rule:
    name: str
    sector: str
    priority: int
    confidence: float
    patterns: list[str]  # name patterns (searched through SectorRules' PatternIndex)
    domains: list[str]
    domain_words: list[str]
    where: tuple[str, ...] = ()  # the countries whose usage the rule rests on; () everywhere
    unless: re.Pattern[str] | None = None  # words of the name that say another kind of body: no name hit


def _words(name: str) -> list[str]:
    """The words of a name, stripped of the dots, apostrophes and hyphens at their ends."""
    return [w for t in _TOKEN.findall(name) if (w := t.strip(".'’-"))]


#: a capital letter that is not part of an escape such as "\\S" or "\\W"
_CAPITAL = re.compile(r"(?<!\\)[A-Z]")
#: an engagement platform's screen name: a word and an initial ("GrahamT"), words run together with
#: digits or underscores ("greenfingers399", "bus_user_114"); not a brand ("NatWest", "easyJet")
_HANDLE = re.compile(r"(?=\S*[a-z])(?:[A-Z][a-z]{2,}[A-Z]|[A-Za-z][A-Za-z]*(?:[._][A-Za-z]+)*[._]?\d{2,}"
                     r"|[a-z]+(?:_[a-z0-9]+)+)")


def _ignores_case(patterns: list[str]) -> bool:
    """Names are matched in lower case (:func:`match_text`), so patterns written in lower case need
    no case folding (which makes Python's ``re`` several times slower); one with a capital gets it."""
    return any(_CAPITAL.search(p) for p in patterns)




def letter_lines(text: str) -> list[str]:
    """The letterhead (lines before the date or greeting, at most 5) and the signature block
    (up to 5 lines after the last closing) of a letter; [] when neither is found."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    top: list[str] = []
    for line in lines[:8]:
        if _DATE.search(line) or _GREETING.match(line):
            break
        top.append(line)
    else:
        top = []  # no date or greeting near the top: no letterhead to speak of
    closings = [i for i, line in enumerate(lines) if _CLOSING.match(line)]
    signature = lines[closings[-1] + 1: closings[-1] + 6] if closings else []
    return top[:5] + signature


#: an ending under which anyone can register a name: "com", "fr", "com.au", "co.uk", "co.nz"
_PUBLIC_ENDING = re.compile(r"[a-z]{2,6}|(?:com|co|net|org|ne|or|web)\.[a-z]{2}")


def domain_of(email: str) -> str:
    """The lower-case domain of an e-mail address (or of a bare domain): "A@Leeds.GOV.uk" -> "leeds.gov.uk"."""
    text = (email or "").strip().lower().rstrip(".>")
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    return text.strip("<> ")


#: letters accents do not come off: written as their plain letter ("Miljøstyrelsen", "Związek", "Đakovo")
_PLAIN_LETTERS = str.maketrans("øłđħı", "oldhi")


def match_text(text: str) -> str:
    """The form names are matched in: lower case, accents and apostrophes removed, single spaces
    ("Université d’Angers" -> "universite dangers")."""
    text = (text or "").lower().replace("’", "").replace("'", "")
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
                       if not unicodedata.combining(ch))
    return " ".join(text.split())


def match_text_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`match_text` of ``text`` (character by character, so the same but for letters whose
    lower case depends on their neighbours, such as a Greek final sigma) and, for each of its
    characters, where it came from in ``text``: a rule's match can then be shown as the
    respondent wrote it ("St Giles's Parish")."""
    out: list[str] = []
    source: list[int] = []
    for i, ch in enumerate(text):
        if ch in "'\u2019":
            continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                source.append(i)
            continue
        for part in unicodedata.normalize("NFKD", ch.lower().translate(_PLAIN_LETTERS)):
            if not unicodedata.combining(part):
                out.append(part)
                source.append(i)
    while out and out[-1] == " ":
        out.pop()
        source.pop()
    return "".join(out), source


# what an organisation box holds when there is nothing to give: says nothing of who answered
_EMPTY_BOX = {"", "n/a", "na", "n.a", "none", "nil", "no", "-", "--", "x", "?", "not applicable", "prefer not to say",
              "anonymous", "anon", "withheld", "name withheld", "aucun", "aucune", "neant", "keine", "kein", "ninguna",
              "ninguno", "nessuna", "nessuno", "geen"}


class SectorRules:
    """Name and e-mail-domain rules read from a TOML file.

    ``match(features)`` returns ``(sector, confidence, rule_name)`` for the best rule or None;
    ``hits(features)`` returns every rule that matched (used as model features).
    """

    def __init__(self, config: dict[str, Any]):
        self.config = config
        self._self_described: dict[str, bool] = {}  # a box's verdict, judged once (three places ask per respondent)
        person = config.get("individual", {})
        self.name_confidence = float(person.get("name_confidence", 0.8))
        self.free_mail_confidence = float(person.get("free_mail_confidence", 0.85))
        self.titles = {t.lower().strip(".") for t in person.get("titles", [])}
        self.placeholders = {match_text(p) for p in person.get("placeholders", [])}
        self.organisation_words = {match_text(w) for w in person.get("organisation_words", [])}
        self.name_words = {w.lower() for w in person.get("name_words", [])}
        self.anonymous_names = {match_text(w) for w in person.get("anonymous_names", [])}
        self.non_names = {match_text(w) for w in person.get("non_names", [])}
        self.free_mail = {d.lower() for d in person.get("free_mail_domains", [])}
        self.free_mail_hosts = {h.lower() for h in person.get("free_mail_hosts", [])}
        self.rules: list[_Rule] = []
        for i, raw in enumerate(config.get("rule", [])):
            self.rules.append(_Rule(
                name=str(raw.get("name", f"rule_{i}")),
                sector=str(raw["sector"]),
                priority=int(raw.get("priority", 50)),
                confidence=float(raw.get("confidence", 0.8)),
                patterns=list(raw.get("names", [])),
                domains=[d.lower().lstrip(".") for d in raw.get("domains", [])],
                domain_words=[w.lower() for w in raw.get("domain_words", [])],
                where=tuple(str(w).strip().lower() for w in raw.get("where", [])),
                unless=re.compile("|".join(f"(?:{u})" for u in raw["unless"]), re.I) if raw.get("unless") else None,
            ))
        self.sectors = sorted({r.sector for r in self.rules})
        self._index = PatternIndex([r.patterns for r in self.rules],
                                   [re.IGNORECASE if _ignores_case(r.patterns) else 0 for r in self.rules])
        self._cache: dict[str, list[RuleHit]] = {}
        self._domain_cache: dict[str, list[RuleHit]] = {}

    @classmethod
    def from_file(cls, path: str | Path = DEFAULT_RULES_PATH) -> SectorRules:
        """Read rules from a TOML file (the shipped ``models/sectors/rules.toml`` by default)."""
        with Path(path).open("rb") as fh:
            return cls(tomllib.load(fh))

    @classmethod
    def default(cls) -> SectorRules:
        return cls.from_file(DEFAULT_RULES_PATH)

    @property
    def rule_names(self) -> list[str]:
        return [r.name for r in self.rules] + ["person_name", "free_mail", "non_name"]

    # ------------------------------------------------------------------------------ helpers
    def organisation_text(self, f: RespondentFeatures) -> str:
        """The organisation name, or "" when the box holds a placeholder such as "N/A", or a job title, a
        department or a legal form alone ("Policy Director", "Government Affairs", "Inc"), which name no body
        (a signature's line taken for the organisation's was filed as Government by its word "Government")."""
        org = (f.organisation or "").strip()
        if not org:
            return ""
        return "" if len(org) <= 40 and (match_text(org) in self.placeholders or names_no_body(org)) else org

    def name_text(self, f: RespondentFeatures) -> str:
        """The text name rules look at: the organisation, else the respondent's name."""
        return self.organisation_text(f) or (f.name or "").strip()

    def names_no_organisation(self, text: str) -> bool:
        """What the organisation box holds when it names none: "N/A", "Myself", "Retired", "-"; a clerk's note
        that the body is unknown or the entry void (:data:`_NO_BODY`); a job title, a department or a legal form
        alone ("Policy Director", "Government Affairs", "Llp": an annex listed "Inc" for three firms)."""
        return self.is_non_name(text) or match_text(text) in self.placeholders or bool(_NO_BODY.search(text or "")) \
            or (len(text or "") <= 60 and names_no_body(text))

    def is_non_name(self, text: str) -> bool:
        """True for "Self", "N/A", "Private individual", "Retired", "Particulier", "-" and the like."""
        if not text or len(text) > 40:
            return False
        matched = match_text(text)
        return matched in self.non_names or matched.strip(" .") in self.non_names

    def says_individual(self, f: RespondentFeatures) -> bool:
        """The name or organisation box holds a non-name and no real organisation is given."""
        if self.organisation_text(f) and not self.is_non_name(f.organisation):
            return False
        return bool((f.organisation or "").strip() and self.is_non_name(f.organisation)) or \
            bool((f.name or "").strip() and self.is_non_name(f.name))

    def box_says_a_person(self, f: RespondentFeatures) -> str:
        """The organisation box's text when it says the respondent answers as a person ("Myself",
        "Private individual", "Retired", "Local resident", "NHS nurse"); "" otherwise, and for a box that only
        says there is nothing to give ("N/A", "None", "-"), which an organisation may write too."""
        box = (f.organisation or "").strip()
        if box and (self.says_a_person(box) or self.box_is_own_name(f)):  # "Retired teacher", "NHS nurse"
            return box
        if not box:
            return ""
        if box not in self._self_described:
            from consult_analyser.pipeline.sectors.people_in_names import self_described_and_named

            # what they said of themselves and a person's name: "Retired nurse Jean Ellis", "Myself - Kevin Doyle"
            self._self_described[box] = self_described_and_named(box, self)
        return box if self._self_described[box] else ""

    def says_a_person(self, text: str) -> bool:
        """A whole box that describes the person who wrote it ("Myself", "Private individual", "Retired", "NHS
        nurse"), not one that only says there is nothing to give ("N/A", "None", "-", "X"), as an organisation may."""
        return describes_a_person(text) or (self.is_non_name(text) and match_text(text).strip(" .") not in _EMPTY_BOX)

    def box_is_own_name(self, f: RespondentFeatures) -> bool:
        """The organisation box holds the respondent's own name, as they gave it apart ("Geneviève Côté" beside
        the first name "Geneviève"), shaped as a person's and naming no organisation."""
        box, own = " ".join((f.organisation or "").split()), " ".join((f.name or "").split())
        if not box or not own or len(box.split()) > 4:
            return False
        if not (box.casefold() == own.casefold() or box.casefold().startswith(own.casefold() + " ")
                or own.casefold().startswith(box.casefold() + " ")):
            return False
        return len(box.split()) >= 2 and self.looks_like_person(box) and not self.names_organisation(box)

    def is_free_mail(self, domain: str) -> bool:
        """A personal mailbox's domain: a listed one or a subdomain of it, or a mail brand's under
        any country's ending ("outlook.com.au", "yahoo.ca", "gmx.de"): never an organisation's."""
        domain = domain_of(domain)
        if not domain:
            return False
        if domain in self.free_mail or any(domain.endswith("." + d) for d in self.free_mail):
            return True
        host, _, rest = domain.partition(".")
        # the brand straight under a country's or the world's ending ("yahoo.ca", "outlook.com.au"),
        # not an organisation's own subdomain ("live.nottingham.ac.uk")
        return host in self.free_mail_hosts and bool(_PUBLIC_ENDING.fullmatch(rest))

    def looks_like_person(self, name: str) -> bool:
        """True for names shaped like people ("Dr Jane Smith", "J. Smith and A. Khan", "Anonymous")."""
        text = match_text(name)
        if not text:
            return False
        if text in self.anonymous_names:
            return True
        parts = [p for p in _PARTS.split(name) if p.strip()]
        return bool(parts) and all(self._person_part(p) for p in parts)

    def first_name_alone(self, name: str) -> bool:
        """A lone first name that is no everyday word or place ("Justin", "Steven"; not "Will",
        "Victoria"): how people sign a submission, seldom how an organisation does."""
        tokens = _words(name)
        return len(tokens) == 1 and tokens[0][:1].isupper() and not tokens[0].isupper() \
            and self.starts_with_given_name(name)

    def starts_with_given_name(self, name: str) -> bool:
        """The first word (titles aside) is a first name that is no everyday word or place ("Thomas
        Burns", "Amy Banks"; not "Will Power", "Victoria Roads"): a sign of a person for the model to
        weigh against words such as "Burns" or "Foods" that end a shop's name as well as a person's."""
        if "&" in name or "+" in name:  # two surnames joined, as firms are named ("Ernst & Young", "Gilbert + Tobin")
            return False
        tokens = [t for t in _words(name) if t.lower() not in self.titles]
        return bool(tokens) and len(tokens) <= 3 and is_given_name(tokens[0]) \
            and not is_everyday_word(tokens[0]) and not is_lone_place(tokens[0])

    def everyday_words(self, name: str) -> int:
        """How many words of ``name`` (titles aside) are everyday words, written in lower case far
        more often than capitalised ("Approach", "Investment", "Compatible"): a person's name
        rarely has two ("Amy Cook" has one), an organisation's often does."""
        return sum(1 for t in _words(name) if t.lower() not in self.titles and t.lower() not in _PARTICLES
                   and is_everyday_word(t))

    def ends_in_everyday_plural(self, name: str) -> bool:
        """True when the last word is an everyday plural ("Images", "Arts", "Labs"): how a company's
        or a group's name ends, seldom a person's."""
        tokens = _words(name)
        last = tokens[-1] if tokens else ""
        return len(last) > 3 and last.lower().endswith("s") and not last.lower().endswith("ss") \
            and is_everyday_word(last)

    def _person_part(self, part: str) -> bool:
        tokens = _words(part)
        titled = False
        while tokens and tokens[0].lower() in self.titles:
            tokens.pop(0)
            titled = True
        if not tokens or len(tokens) > 5 or (len(tokens) < 2 and not titled):
            return False
        for i, tok in enumerate(tokens):
            low = tok.lower()
            if any(ch.isdigit() for ch in tok) or match_text(tok) in self.organisation_words:  # "Rūnanga" as "runanga"
                return False
            if low in _NOT_IN_NAMES:  # an office's or a body's shape: "Governor Of Utah", "Citizens For Clean Air"
                return False
            if tok.isupper() and len(tok) > 2:  # acronyms such as "NHS", "CYAINSE"
                return False
            if low in _PARTICLES and 0 < i < len(tokens) - 1:
                continue
        # sector words that are also people's names ("Faith", "Islam", "Bishop") do not count
        if self._name_hits(part):
            rest = " ".join(t for t in tokens if t.lower() not in self.name_words)
            return not self._name_hits(rest)
        return True

    def lists_people(self, text: str) -> bool:
        """Whether ``text`` lists two or more people by name, each part a person's shape that begins with a first name
        ("Barbara Lee, Sanford D. Bishop Jr, Jan Schakowsky"; not "St Mary's Church, St John's"): no sector word in
        it is a body's, "Bishop" there being a surname (a trial's list of Representatives was filed as Faith)."""
        parts = [p for p in _LIST_PARTS.split(text or "") if p.strip() and p.strip(" .").lower() not in _SUFFIXES]
        if len(parts) < 2:
            return False
        for part in parts:
            tokens = [t for t in _words(part) if t.lower() not in self.titles]
            if not tokens or tokens[0].lower() in self.name_words or not is_given_name(tokens[0]) \
                    or is_everyday_word(tokens[0]) or not self._person_part(part):  # "Trinity Church, Grace Chapel"
                return False
        return True

    def names_organisation(self, text: str) -> bool:
        """True when a name rule recognises ``text`` as an organisation's name ("... Mosque",
        "Gurdwara ...", "... Constabulary")."""
        return bool(self._name_hits(text))

    def _name_hits(self, text: str) -> list[RuleHit]:
        text = match_text(text)
        if not text:
            return []
        found = self._cache.get(text)
        if found is None:
            matched = self._index.search(text)
            # a rule's ``unless`` words say what kind of body the name is ("Audubon Society, Inc."): its hit
            # is dropped, and the rules of those words speak
            found = [RuleHit(r.name, r.sector, r.priority, r.confidence, "name", r.patterns[matched[n]], r.where)
                     for n, r in enumerate(self.rules) if n in matched and not (r.unless and r.unless.search(text))]
            if len(self._cache) < 200_000:
                self._cache[text] = found
        return found

    def _domain_hits(self, domain: str) -> list[RuleHit]:
        domain = domain_of(domain)
        if not domain:
            return []
        cached = self._domain_cache.get(domain)
        if cached is None:
            cached = self._domain_hits_uncached(domain)
            if len(self._domain_cache) < 200_000:
                self._domain_cache[domain] = cached
        return list(cached)

    def _domain_hits_uncached(self, domain: str) -> list[RuleHit]:
        if self.is_free_mail(domain):
            return []  # "outlook.com.au" ends as a company's does; it is a person's mailbox
        out = []
        for r in self.rules:
            suffix = next((d for d in r.domains if domain == d or domain.endswith("." + d)), None)
            if suffix is not None:
                out.append(RuleHit(r.name, r.sector, r.priority, r.confidence, "domain", suffix, r.where))
        host = domain.split(".")[0] if "." in domain else ""
        if host:
            for r in self.rules:
                word = next((w for w in r.domain_words if w in host), None)
                if word is not None:
                    out.append(RuleHit(f"{r.name}@domain", r.sector, r.priority - 3,
                                       round(r.confidence * 0.9, 3), "domain", word, r.where))
        return out

    def letter_hits(self, text: str) -> list[RuleHit]:
        """Name rules found in the letterhead or signature block of a letter or e-mail.

        Only texts that read as letters (a greeting, a closing or "attached") are scanned, and
        only their short lines: the letterhead (lines before the date or the greeting) and the
        signature (up to five lines after the last closing such as "Yours sincerely").
        """
        if not text or not _LETTER.search(text[:400] + "\n" + text[-600:]):
            return []
        found: dict[str, RuleHit] = {}
        for line in letter_lines(text):
            if len(line.split()) > 10 or line.endswith((".", "?", "!")) or ":" in line or "@" in line:
                continue
            for h in self._name_hits(line):
                found.setdefault(h.rule, RuleHit(f"{h.rule}@letter", h.sector, h.priority - LETTER_PENALTY,
                                                 round(h.confidence * 0.9, 3), "letter", h.pattern, h.where))
        return list(found.values())

    # ------------------------------------------------------------------------------ decisions
    def person_or_organisation(self, f: RespondentFeatures) -> tuple[bool | None, float, str]:
        """Decide individual (False) or organisation (True) first, with a confidence and a reason."""
        if f.is_organisation is not None:
            return f.is_organisation, 1.0, "declared"
        if not (f.organisation or "").strip() and _HANDLE.fullmatch((f.name or "").strip()):
            return False, self.name_confidence, "person_name"  # a platform's screen name: "GrahamT", "bus_user_114"
        if self.says_individual(f):
            return False, 0.9, "non_name"
        if self.organisation_text(f):
            return True, 0.9, "organisation_given"
        name = (f.name or "").strip()
        if name and not f.email_domain and self.first_name_alone(name):
            return None, 0.5, "first_name_alone"  # "Justin", "Steven" sign so; "Wiley", "Lilly" are companies too
        if name and self.looks_like_person(name):
            if self.everyday_words(name) >= 2 or self.ends_in_everyday_plural(name):
                return None, 0.5, "person_shaped_words"  # "A New Approach", "Getty Images": the model decides
            if self.is_free_mail(f.email_domain) or not f.email_domain:
                return False, self.free_mail_confidence if f.email_domain else self.name_confidence, "person_name"
            # a person writing from an organisation's address may well write for it
            return None, 0.5, "person_at_organisation_domain"
        if name and (self._name_hits(name) or any(match_text(t) in self.organisation_words
                                                  for t in _TOKEN.findall(name))):
            return True, 0.8, "organisation_name"
        if self.is_free_mail(f.email_domain):
            return False, self.free_mail_confidence, "free_mail"
        if self._domain_hits(f.email_domain):
            return True, 0.7, "organisation_domain"
        return None, 0.0, "unknown"

    def organisation_address_only(self, f: RespondentFeatures) -> str:
        """The e-mail domain of one who names no organisation, by a person's name, from an organisation's own
        address ("patricia.delgado@oceana.org"): weak evidence that they answered for it, for a person to check
        before they are filed as an individual. "" otherwise."""
        if f.is_organisation is not None or (f.declared_type or "").strip() or self.organisation_text(f):
            return ""
        return domain_of(f.email_domain) if self.person_or_organisation(f)[2] == "person_at_organisation_domain" else ""

    def organisation_hits(self, f: RespondentFeatures) -> list[RuleHit]:
        """Name and e-mail-domain rules only (no person or letter checks): the cheap form used
        to cross-check a declared type against the organisation's name and address."""
        out: list[RuleHit] = []
        if self.says_individual(f):
            return out
        text = self.organisation_text(f)
        if text and not self.lists_people(text):
            out.extend(self._name_hits(text))
        if f.email_domain and not self.is_free_mail(f.email_domain):
            out.extend(self._domain_hits(f.email_domain))
        out.sort(key=lambda h: (-h.priority, -h.confidence))
        return out

    def hits(self, f: RespondentFeatures) -> list[RuleHit]:
        """Every rule that matched the name text or the e-mail domain, best first."""
        out: list[RuleHit] = []
        is_org, conf, reason = self.person_or_organisation(f)
        letter = [] if self.organisation_text(f) else self.letter_hits(f.text)
        out.extend(letter)
        if is_org is False and reason != "declared" and not letter:
            out.append(RuleHit(reason if reason in ("person_name", "free_mail", "non_name") else "person_name",
                               "individual", 100, conf, "name"))
        elif is_org is False and not letter and self.looks_like_person((f.name or "").strip()):
            # one who said they answer as an individual, by a person's name: what the name rule learns its
            # sector from too (only those whose type left their side open had counted, all "Farmer or grower")
            out.append(RuleHit("person_name", "individual", 100, self.name_confidence, "name"))
        elif is_org is not False and not self.says_individual(f):
            text = self.name_text(f)
            if not (not self.organisation_text(f) and self.looks_like_person(text)) and not self.lists_people(text):
                out.extend(self._name_hits(text))
            if not self.is_free_mail(f.email_domain):
                out.extend(self._domain_hits(f.email_domain))
        out.sort(key=lambda h: (-h.priority, -h.confidence))
        return out

    def match(self, f: RespondentFeatures) -> tuple[str, float, str] | None:
        """The best rule as ``(sector, confidence, rule_name)``, or None when no rule applies.

        When another sector's rule of similar priority also matched, the confidence is lowered a little.
        """
        found = self.hits(f)
        if not found:
            return None
        best = found[0]
        confidence = best.confidence
        if any(h.sector != best.sector and h.priority >= best.priority - 10 for h in found[1:]):
            confidence *= 0.9
        return best.sector, round(confidence, 3), best.rule
