"""Covering notes, contact notes and lists of signatories: answers that send, forward or point to an attachment
(or a message), say how to reach their writer, or list who signed, with no view of the question (see :mod:`.nonanswers`, whose
module notes describe the rules)."""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from consult_analyser.pipeline.pii_names import looks_like_full_name
from consult_analyser.pipeline.pii_rules import EMAIL_RE
from consult_analyser.pipeline.themes.pointers import (
    ATTACHMENT,
    POINTER_VOCABULARY,
    STANCE_OPENERS,
    is_pointer,
    normalise,
)

#: a sentence that only says how to reach the respondent: "Please contact me on ...", "My number is ..."
_CONTACT_ONLY = re.compile(
    r"^(?:please |you can |you may |feel free to |do )?(?:contact|call|ring|phone|email|e mail|text|reach)\s+(?:me|us)\b"
    r"|^(?:i|we) (?:can|could|may) be (?:contacted|reached)\b|^(?:i|we) (?:am|are|would be) happy to be contacted\b"
    r"|^my (?:phone|telephone|mobile|number|e ?mail|email address|address|contact details) (?:is|are)\b"
    r"|^(?:i|we) live at\b|^(?:my )?contact (?:details|number)\b"
    r"|^(?:our |my )?contact(?: person| name| officer| details)?$"  # "Contact:" before a name and a number
    # "Please contact Dr Leslie Example with any questions about the submission"
    r"|^(?:please |for (?:any )?(?:queries|questions|further information) (?:please )?)?contact\b")


def is_contact_note(text: str) -> bool:
    """An answer that only says how to reach its writer ("Please contact me on [phone] or [email].
    Stephen Price"), perhaps thanking the reader and signed: no view; left to the topic model, such
    answers became a theme named after what is left once their contact details are blanked."""
    contact = False
    for sentence in _split_clauses(EMAIL_RE.sub(" ", text)):
        words = [w for w in normalise(sentence).split() if not any(c.isdigit() for c in w)]
        if not words:
            continue
        found = _CONTACT_ONLY.match(" ".join(words))
        # (the person to contact, by name: the sentence's capitalised words)
        names = {w.lower() for w in re.findall(r"\b[A-Z][a-z'’-]+", sentence)} | {"dr", "mr", "mrs", "ms", "prof"}
        if found and len(words) <= 25 and set(" ".join(words)[found.end():].split()) <= _CONTACT_FILL | names:
            contact = True
        elif words[0] in {"thank", "thanks", "regards", "sincerely", "best", "kind", "many"} and len(words) <= 6 \
                and not set(words) & VIEW_WORDS:
            continue
        elif not (contact and len(words) <= 4 and (_signature(_PHONE_LIKE.sub(" ", sentence)) or _CAPITALISED_NAME.fullmatch(
                _PHONE_LIKE.sub(" ", sentence).strip(" .,;")))):
            return False
    return contact


#: a telephone number's digits, taken out before a signature is read ("Dr Jane Smith, 0412 345 678")
_PHONE_LIKE = re.compile(r"[+(]?\d[\d\s()+-]{6,}\d")
#: a signature under a contact note: two or three capitalised words ("Stephen Price", "Blessing Holroyd"),
#: whose words may be everyday ones elsewhere
_CAPITALISED_NAME = re.compile(r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}")


#: what may follow "please contact me" in a contact note: how and when, nothing about the question
_CONTACT_FILL = frozenset("""on or at via by any time if you need have questions question further information more
details would like to discuss this my number mobile email e mail phone telephone address is the following below
above please me us and directly anytime on my with concerns queries query regarding about submission our
the""".split())


#: a sentence of a covering note that says whom to ask about it ("please contact", "get in touch")
_CONTACTING = frozenset({"contact", "touch"})

#: at most this many words in one entry of a list of signatories (a name and an affiliation)
SIGNATORY_MAX_WORDS = 12
_INITIALS = re.compile(r"(?:\s+[A-Z]\.?)+$")


def is_signatory_list(text: str) -> bool:
    """Two or more ";"-separated entries, each a person's name by its shape (trailing initials
    allowed) and at most a short affiliation after a comma (at least half of them with one or the
    other), with no word that gives a view."""
    if ";" not in text:
        return False
    entries = [e.strip(" .") for e in text.split(";") if e.strip(" .")]
    if len(entries) < 2 or any(len(e.split()) > SIGNATORY_MAX_WORDS for e in entries):
        return False
    if set(normalise(text).split()) & (VIEW_WORDS | _FINITE):
        return False
    if len({normalise(e) for e in entries}) == 1 and "," in entries[0]:
        return True  # one entry copied: a clerk's stub of a reference ("Decoster A, Am Rev Respir Dis; Decoster A, ...")
    # signatories are written with an affiliation or initials ("Barack Obama; Joe Biden" names people
    # as an answer)
    names = [e.split(",")[0].strip() for e in entries]
    if 2 * sum("," in e or bool(_INITIALS.search(n)) for e, n in zip(entries, names, strict=True)) < len(entries):
        return False
    return all(_signature(n) for n in names)


#: where a covering note names who sends the attachment ("... from the City of New York")
_SENDER = frozenset({"from", "of", "by"})
#: words that give a view: a covering note holding one is an answer
VIEW_WORDS = frozenset("""
support supports supported oppose opposes opposed opposition urge urges agree agrees disagree disagrees favor
favour against object objects objection concern concerned concerns should must strongly harm harmful
welcome welcomes reject rejects request requests requesting ask asks extend extension withdraw
not no but however because think thinks believe believes feel feels seem seems need needs perhaps potentially
opposing urging asking withdrawn rejection rejecting objecting favoring favouring supporting endorse endorses
endorsing criticise criticize criticising criticizing
nothing never only too very better worse good bad positive negative important great poor fair unfair wrong right
""".split())
#: "supporting" names material, not a view, before these ("supporting documents", "a supporting case study")
_SUPPORTING_MATERIAL = frozenset("data document documents documentation evidence material materials file files "
                                 "information case studies study paper papers letter letters".split())
#: a finite verb: a sentence that has one says something ("Comments from residents were positive")
_FINITE = frozenset("is are was were be been being has have had will would can could do does did".split())
# a colon starts what a covering note does not have: content ("See the attached evidence: fares doubled")
_CLAUSE = re.compile(r"(?<=[.!?:])\s+|\n+")
#: a covering note's word on publishing it: consent, not a view of the question
_PUBLICATION_CONSENT = re.compile(r"\b(?:no objection|happy|content|consent|agree|agreeable|permission)\b(?: \w+){0,4} "
                                  r"(?:publication|published|publish|publishing|made public)\b")
#: a full stop that ends an abbreviation, not a sentence: "U.S. Department", "Inc. Submits", "Docket No. 5"
_ABBREVIATION = re.compile(r"(?:\b(?:[a-z]\.){2,4}|(?-i:\b[A-Z]\.)|\b(?:inc|ltd|corp|co|dept|rep|reps|sen|st|mr|mrs|ms|dr|jr|sr|"
                           r"assn|assoc|govt|vs|etc|ext|tel)\.|\b(?:docket|rin|id|file|case|ref|item|comment|number)\s+no\.)"
                           r"\)?,?$", re.I)
#: a greeting, wherever it stands: "Dear Ms. Fahey,", "Dear Sir or Madam:"
_GREETING = re.compile(r"(\bdear\s+(?:(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+)?[\w.'’-]+(?:\s+(?:or\s+)?[\w.'’-]+){0,3}"
                       r"\s*[,:])", re.I)
_SALUTATION = re.compile(r"^(dear( \w+){0,5}|hello|hi|good (morning|afternoon|evening|day)|re|subject|attn|attention)$")
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
#: a date alone, as a letter is dated ("26 July", "September 24, 2018", "July 2023"), in normalised words
_DATE = re.compile(rf"^(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}(?: \d{{4}})?|{_MONTH} "
                   rf"(?:\d{{1,2}}(?:st|nd|rd|th)?(?: \d{{4}})?|\d{{4}}))$")


def is_date(text: str) -> bool:
    """Whether ``text`` is a date and nothing else: when a letter was sent, not what it says."""
    return bool(_DATE.match(normalise(text)))


#: words that pass a message on: "Forwarding this on behalf of Hannah", "FYI", "Passing this on from our chair"
_FORWARDS = frozenset({"forwarding", "forwarded", "forward", "forwards", "fwd", "fyi", "passing", "passed"})
#: what a forwarding note says besides whom it forwards for: what it is, and why the writer could not send it
_FORWARD_FILL = frozenset("""this it the message email mail response responses submission comment comments letter on behalf
of from for to you your me us my our her his their colleague colleagues who which as because since could not couldn
cannot can was were is unable able trouble problems problem managed manage reach access get through send sent submit
use find mailbox inbox address form portal website site online survey system link has have had been am are just
please see below above attached enclosed here along""".split())
#: what a covering note says of an attachment's password: "The password will follow under separate cover"
_PASSWORDS = frozenset({"password", "passcode", "passphrase", "passwords"})
_PASSWORD_FILL = frozenset("""the will follow follows following to in by under separate separately cover email mail
message text sms phone call shortly soon later send sent be is it shall we our you your for file document pdf
attachment this that open a an""".split())


def is_forwarding_clause(words: list[str]) -> bool:
    """A clause that only passes a message on ("Forwarding this on behalf of Hannah, who could not reach the
    mailbox", "FYI, see below"), naming at most who for in :data:`SENDER_MAX_WORDS` words: no view, as a
    covering note's "Please find attached" is none. ``words`` are normalised."""
    present = set(words)
    if not set(words[:3]) & _FORWARDS or (present & {"passing", "passed"} and not present & {"on", "along"}):
        return False  # ("Forward planning is poor", "Passing the buck": no message passed on)
    others = [w for w in words if w not in _FORWARDS and w not in _FORWARD_FILL and w not in ENGLISH_STOP_WORDS]
    # ("could not reach the mailbox" says why, no view; "We should forward funds to schools" gives one)
    return len(others) <= SENDER_MAX_WORDS and not present & (VIEW_WORDS - {"not"})


def is_follow_up_clause(words: list[str]) -> bool:
    """A clause about an attachment's password ("The password will follow under separate cover"), or a copy
    of it that follows by post ("We will send a hard copy version as well", "A hard copy will also be mailed")."""
    present = set(words)
    if present & _COPIES and present & _COPY_KINDS:
        return all(w in _COPIES or w in _COPY_KINDS or w in _COPY_FILL or w in _PASSWORD_FILL or len(w) == 1
                   for w in words)
    return bool(present & _PASSWORDS) and all(
        w in _PASSWORDS or w in _PASSWORD_FILL or len(w) == 1 for w in words)


_COPIES = frozenset({"copy", "copies", "version", "original", "originals"})
_COPY_KINDS = frozenset({"hard", "paper", "signed", "printed", "original", "originals"})
_COPY_FILL = frozenset("also mailed posted delivered sent will as well via us post courier fedex ups overnight "
                       "forthcoming".split())


def _split_clauses(text: str) -> list[str]:
    """Sentences and colon-ended clauses, not split after an abbreviation ("U.S.", "Inc.", "Docket No."),
    with a greeting ("Dear Ms. Fahey,") a clause of its own."""
    out: list[str] = []
    chunks = _GREETING.split(text) if "dear" in text.lower() else [text]
    for part in (p for chunk in chunks for p in _CLAUSE.split(chunk)):
        if out and _ABBREVIATION.search(out[-1]) and not out[-1].endswith(("\n", ":")):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


#: words that send something: a covering sentence holds one (or opens "Comments from ..."); not
#: the bare verbs "attach" and "upload" ("Attach it to the Commission" is a view)
_SENDING = frozenset({"attached", "attaching", "attachment", "attachments", "attatched", "enclosed", "enclosing",
                      "uploaded", "submit", "submits", "submitted", "submitting", "filed"})
#: words that point at an attachment ("see attachment", "in the attachment", "our attachments")
_POINTED_AT = frozenset({"see", "find", "refer", "please", "per", "with", "in", "our", "my", "enclosed", "attached"})
#: what a covering note sends
_SENT = frozenset({"attached", "attachment", "attachments", "attatched", "enclosed", "comment", "comments", "letter",
                   "letters", "submission", "submissions"})
#: words one of which a covering note (or a forwarding one) holds (see :func:`is_sent_attachment`)
_NOTE_WORDS = _SENDING | ATTACHMENT | {"comments", "comment", "letter"} | _FORWARDS
#: a reference word or address in the raw text: "Docket No. 5", "RIN", a URL
_REFERENCE_MARK = re.compile(r"\bdocket\b|\brin\b|https?:|www\.", re.I)
_TOKEN = re.compile(r"[\w'’.-]*\w")
#: words of a reference to the rule or document commented on ("Docket No. ...", "RIN 1235-AA20")
_REFERENCE = frozenset({"docket", "rin", "no", "number", "id", "nprm", "proposed", "rule", "rulemaking", "notice",
                        "regulation", "regulations", "identifier", "federal", "register", "http", "https", "www",
                        "gov", "com", "org", "html"})
#: at most this many other words in a covering sentence: who sends it and what it is about
SENDER_MAX_WORDS = 6
#: where a covering sentence starts naming what the comments are about ("... regarding the proposed
#: rule: Update to the Regulations Implementing ..."): a title, however long, says no view of it
_SUBJECT = frozenset({"regarding", "concerning", "re", "on", "about", "for", "to", "pertaining", "addressing",
                      "relating", "related", "with", "in"})  # "with regard to", "in response to"
#: what follows "comments" in a title: "Comments on ...", "Comment on behalf of ..."
_TITLE_MARKERS = frozenset({"on", "regarding", "concerning", "re", "to"})  # "Comments To Proposed Rule"
#: a title holds no finite verb or clause ("... on the rule, which would cost us $5,000" says something)
_CLAUSE_WORDS = _FINITE | frozenset({"which", "that", "because", "since", "although", "if", "we", "i", "it"})
#: a clause ending in one of these introduces a title after its colon ("... proposed rule: Update to ...")
_TITLE_BEFORE_COLON = frozenset({"titled", "entitled", "re", "subject"}) | _REFERENCE
#: a clause of its own in a covering sentence says something (unless it sends: "which are filed on behalf of")
_RELATIVE = frozenset({"which", "because", "since", "although", "whereas"})


def _subject_start(words: list[str], after: int) -> int:
    """Where the subject of a covering sentence starts: the first subject marker after ``after``
    once something has been sent or pointed at ("Please find attached comments | regarding ...";
    not "Attach it | to the Commission"). ``len(words)`` when it names none or the part after the
    marker is more than a title."""
    cut = next((i for i, w in enumerate(words) if w in _SUBJECT and i > after), len(words))
    before = set(words[:cut])
    # a clause that only says who sends them ("... which are submitted on behalf of the X Tribe") ends the title
    sender = next((i for i, w in enumerate(words) if i > cut and w in _RELATIVE | {"that"}
                   and set(words[i + 1:i + 4]) & _SENDING), len(words))
    # "Comments of the X on ...", "Hawaii Longline Association Comments On Proposed Update To ..."
    titled = words[:1] in (["comments"], ["comment"], ["letter"]) or _titled(words)
    if not (titled or before & _POINTED_AT or before & _SENDING - {"attachment", "attachments"}) \
            or not before & _SENT:
        return len(words)
    return cut if not set(words[cut + 1:sender]) & _CLAUSE_WORDS else len(words)


def _introduces_title(sentence: str) -> bool:
    """A clause ending in a colon after "titled", "Proposed Rule" or a reference ("Docket DEA-480:",
    "RIN 1235-AA20:"): what follows the colon is a title (not "... the evidence: fares doubled")."""
    tokens = [t.strip('.,"“”()').lower() for t in sentence.rstrip().removesuffix(":").split()]
    if not sentence.rstrip().endswith(":") or not tokens:
        return False
    last, previous = tokens[-1], tokens[-2] if len(tokens) > 1 else ""
    return last in _TITLE_BEFORE_COLON or is_reference_number(last) or (
        any(c.isdigit() for c in last) and previous in _REFERENCE)


def is_reference_number(token: str) -> bool:
    """A docket or rule number: a hyphenated token with a digit and three or more parts
    ("FWS-HQ-ES-2018"), with letters and digits in two parts ("1235-AA20", "E7-01631"), or letters
    run into four or more digits ("BSEE20130011"), or an agency's letters and a year ("PHMSA-2012",
    the start of a docket number); not "Covid-19", "H-1B" or a range ("16-18")."""
    parts = [p for p in re.split(r"[-/]", token) if p]
    with_digit = sum(any(c.isdigit() for c in p) for p in parts)
    if with_digit and (len(parts) >= 3 or (with_digit >= 2 and any(c.isalpha() for c in token))):
        return True
    if len(parts) == 2 and parts[0].isalpha() and len(parts[0]) >= 3 and parts[1].isdigit() and len(parts[1]) >= 4:
        return True
    return any(c.isalpha() for c in token) and sum(c.isdigit() for c in token) >= 4 and len(parts) == 1


def _without_references(sentence: str) -> tuple[str, bool]:
    """The sentence with its reference numbers taken out, and whether it had any."""
    found = False

    def drop(match: re.Match[str]) -> str:
        nonlocal found
        if is_reference_number(match.group(0).strip(".")):
            found = True
            return " "
        return match.group(0)

    return _TOKEN.sub(drop, sentence), found


def is_sent_attachment(text: str, words: list[str]) -> bool:
    """A covering note (see the module notes): sentences that each send or point to an attachment
    with at most :data:`SENDER_MAX_WORDS` other words, give a reference number, or thank the reader,
    with no word that gives a view. The caller keeps it to short texts (:data:`NOTE_MAX_WORDS`) and
    gives its normalised ``words``."""
    # a note has a sentence that sends, points to an attachment or gives a reference (a number or a
    # reference word): without any of these there is nothing to read sentence by sentence
    if not (set(words) & _NOTE_WORDS or any(c.isdigit() for c in text) or _REFERENCE_MARK.search(text)
            or words[:1] in (["thank"], ["thanks"])):
        return False
    # each clause with its words; a clause of punctuation alone ("-", "!!") has none and is skipped
    clauses = [(s, w) for s in _split_clauses(text) if (w := normalise(s).split())]
    if not clauses:
        return False
    if clauses[0][1][0] in STANCE_OPENERS:  # "Yes, these are addressed in my uploaded submission"
        return False
    pointed = False
    title_follows = False
    memo = False  # after a memo's "To:" or "From:"
    thanked = False  # a sentence only thanked for the chance to respond
    for sentence, words in clauses:
        present = set(words)
        if is_forwarding_clause(words):  # "Forwarding this on behalf of Hannah, who could not reach the mailbox."
            pointed = True
            continue
        if pointed and is_follow_up_clause(words):  # "The password will follow under separate cover."
            continue
        continues_title, title_follows = title_follows, _introduces_title(sentence)
        name = _sender_name(words)  # "on behalf of Backcountry Against Dumps" names, it does not say
        said = {w for i, w in enumerate(words)  # "Docket No.", "Good afternoon" say nothing
                if not (w == "no" and i and words[i - 1] in _REFERENCE) and i not in name
                and not (w == "good" and words[i + 1:i + 2] in (["morning"], ["afternoon"], ["evening"], ["day"]))
                and not (w == "supporting" and set(words[i + 1:i + 2]) & _SUPPORTING_MATERIAL)}  # "supporting data"
        if len(words) <= 20 and (_PUBLICATION_CONSENT.search(" ".join(words))
                                 or ("hesitate" in present and present & _CONTACTING)):
            continue  # "We have no objection to the publication of this submission.", "Please do not hesitate to contact"
        if words[:1] in (["thank"], ["thanks"]) and present & {"opportunity", "chance"} and len(words) <= 25:
            thanked = True  # "Thank you for the opportunity to make a submission on this important matter"
            continue
        if _ABOUT_THE_SUBMISSION.search(" ".join(words)):
            pointed = True  # "Could you please replace our previous submission with this version?"
            continue
        if (pointed or thanked) and _INITIALS_ONLY.fullmatch(sentence.strip(" .,-–—")):
            continue  # signed with initials: "JT"
        if len(words) <= 30 and _asks_to_be_contacted(words) and said & VIEW_WORDS <= {"need", "needs", "no", "feel"}:
            continue  # "If you have any questions or need additional information, please feel free to contact us"
        if sentence.rstrip().endswith(":") and (words[-1] in _MEMO_HEADINGS or (memo and words[-1] in {"re", "subject"})) \
                and len(words) <= SENDER_MAX_WORDS + 2 and not said & VIEW_WORDS:
            memo = True
            continue  # a memo's heading lines: "To:", "Council On Environmental Quality From:", "... Re:"
        if said & VIEW_WORDS:
            return False
        if len(words) <= 30 and present & _APPRECIATING and present & {"opportunity", "time", "consideration", "attention"}:
            # "We appreciate the opportunity to share our perspective"; "The Boeing Company appreciates the
            # opportunity to comment on <title>, in the attached document"
            pointed = pointed or bool(present & ATTACHMENT)
            continue
        if words[0] in {"thank", "thanks", "sincerely", "regards", "respectfully"}:
            # "Thank you, Laura Skaer, Executive Director"; "Thank You For Considering Our Comments, Attached."
            pointed = pointed or bool(present & (ATTACHMENT | _SENDING) and present & _SENT)
            continue
        if _asks_to_be_contacted(words) and len(words) <= 30:
            continue  # "For queries please contact our policy officer, Owen Example, on 01632 960000."
        if continues_title and pointed and not present & _CLAUSE_WORDS and len(words) <= 30:
            continue  # the title after "... Regarding Docket DEA-480:" ("Controlled Substances Quotas")
        if pointed and len(words) <= 11 and (_signature(sentence) or _signed_with_role(sentence)):
            continue  # "Please see the attached comment letter. Maren Lindqvist", "Chad Hutchison - Senate Majority Counsel"
        if _SALUTATION.match(" ".join(words)) or _DATE.match(" ".join(words)):
            continue  # "Dear Sir or Madam:", "Re:", "Good afternoon,", "September 24, 2018"
        # a reference number holds a digit: most sentences have none and skip the token scan
        rest, numbered = _without_references(sentence) if any(c.isdigit() for c in sentence) else (sentence, False)
        rest_words = normalise(rest).split()
        others = _other_words(rest_words)
        if len(others) <= 1 and (numbered or _REFERENCE_MARK.search(sentence)) and not present & _SENDING:
            pointed = True  # "Docket No. OSHA-H005C-2006-0870-0353", "PHMSA-2012-0082"
            continue
        if present & ATTACHMENT:  # "Please see the attached comments from <sender, however long>"
            first = next(i for i, w in enumerate(words) if w in ATTACHMENT)
            cut = min(next((i for i, w in enumerate(words) if w in _SENDER and i > first), len(words)),
                      _subject_start(words, first))
            if is_pointer(words[:cut]):
                pointed = True
                continue
        # something is sent, and it is the comments ("uploaded to Blackboard" alone sends nothing; an
        # "attachment" is a file only when pointed at: "see attachment", not "attachment to place")
        sending = present & _SENDING
        if sending <= {"attachment", "attachments"} and not present & _POINTED_AT:
            sending = set()
        if words[:2] in (["please", "accept"], ["kindly", "accept"]):
            sending = sending | {"accept"}  # "Please accept 56,029 comments from ... members"
        sends = bool(sending and present & _SENT) or (_titled(words) and not present & _FINITE)
        # who sends it, before what it is about: "Please find attached comments [from the X] regarding <title>"
        anchor = next((i for i, w in enumerate(rest_words) if w in _SENT or w in _SENDING), 0)
        if not sends or len(_other_words(rest_words[:_subject_start(rest_words, anchor)])) > SENDER_MAX_WORDS:
            return False
        clause = next((i for i, w in enumerate(rest_words) if w in _RELATIVE and i > anchor), None)
        if clause is not None and not set(rest_words[clause:]) & _SENDING:
            return False  # "... on the rule, which would cost small firms $5,000" (not "which are filed on behalf of")
        pointed = True
    return pointed or thanked


#: a sentence about the submission itself, not the question: replacing an earlier one, what of it not to publish
_ABOUT_THE_SUBMISSION = re.compile(
    r"\b(?:replace|update|supersede|swap|disregard|withdraw|remove|delete)\b(?: \w+){0,6} (?:previous|earlier|original|"
    r"first|old|last) (?:submission|response|comment|comments|version|document|file|upload)\b"
    r"|\b(?:previous|earlier|original|first) (?:submission|response|version|upload)\b(?: \w+){0,16} not (?:be )?"
    r"(?:made public|published|publish)\b")
#: initials alone, as a note is signed ("JT", "J.T.", "jt")
_INITIALS_ONLY = re.compile(r"(?:[A-Za-z]\.? ?){1,3}")
#: words that thank for the chance to comment: "We appreciate the opportunity to ..."
_APPRECIATING = frozenset({"appreciate", "appreciates", "appreciated", "grateful"})
#: a memo's heading words before a colon: "To:", "From:" ("Re:" and "Subject:" introduce its title)
_MEMO_HEADINGS = frozenset({"to", "from", "date", "cc", "attn", "attention", "memorandum", "memo"})


def _asks_to_be_contacted(words: list[str]) -> bool:
    """A sentence saying whom to ask about the note: "please contact", "get in touch", "let me know if you have
    any questions", "if you have any questions ..., please call ... or email ..."."""
    present = set(words)
    if present & _CONTACTING:
        return True
    text = " ".join(words)
    return " let me know" in f" {text}" or " let us know" in f" {text}" or bool(
        present & {"questions", "queries", "question"} and present & {"call", "email", "e", "phone", "write", "reach"})


def _sender_name(words: list[str]) -> range:
    """Where the sender's name stands after "on behalf of": at most :data:`SENDER_MAX_WORDS` words,
    ending where a clause starts ("230 businesses | that oppose delisting"); empty if there is none."""
    start = next((i + 2 for i, w in enumerate(words[:-1]) if w == "behalf" and words[i + 1] == "of"), None)
    if start is None:
        return range(0)
    end = next((j for j in range(start, len(words)) if words[j] in {"that", "who", "which", "whose"}), len(words))
    return range(start, min(start + SENDER_MAX_WORDS, end))


def _titled(words: list[str]) -> bool:
    """A title rather than a statement: "Comments from the X", "Comments on Amendment 7", or after a
    sender's name a short one ("SSA comments on the proposed rule"), where "comment" (also a verb:
    "farmers comment on ...") counts only as "comment on behalf of" or "comment from"."""
    for i, w in enumerate(words[: SENDER_MAX_WORDS + 1]):
        if w not in {"comments", "comment", "letter"} or not words[i + 1:i + 2]:
            continue
        if words[i + 1] not in _SENDER and words[i + 1] not in _TITLE_MARKERS:
            continue
        # a noun after a sender's name, however long the title after it ("Southern Ute Indian Tribe Comment Letter On
        # Update To The Regulations ..."); "comment" alone may be a verb ("farmers comment on ...")
        if i == 0 or w != "comment" or (len(words) <= 15 and (words[i + 1:i + 3] == ["on", "behalf"]
                                                              or words[i + 1] == "from")):
            return True
    return False


def _signature(sentence: str) -> bool:
    """A sentence that is only a person's name (by its shape) and perhaps an e-mail address, as a
    note is signed ("Maren Lindqvist, maren.l@example.net")."""
    return looks_like_full_name(_INITIALS.sub("", EMAIL_RE.sub(" ", sentence).strip(" .,;")))


def _signed_with_role(sentence: str) -> bool:
    """A person's name and their post under a note ("Chad Hutchison - Senate Majority Counsel", "Jane Doe Staff
    Attorney"): two or three words shaped as a full name, then a few words with no view."""
    tokens = sentence.replace("-", " ").replace(",", " ").split()
    for k in (3, 2):
        rest = normalise(" ".join(tokens[k:])).split()
        if len(tokens) > k and len(rest) <= 8 and not set(rest) & VIEW_WORDS and _signature(" ".join(tokens[:k])):
            return True
    return False


def _other_words(words: list[str]) -> list[str]:
    """The words of a covering sentence that are not pointer, reference or function words."""
    return [w for w in words if len(w) > 1 and w not in ENGLISH_STOP_WORDS and w not in POINTER_VOCABULARY
            and w not in _REFERENCE and not any(c.isdigit() for c in w)]


#: words by which a sentence sends, files or titles what it is about ("submits these comments", "the attached
#: letter", "comments of the X on ...")
_ATTACHED = ATTACHMENT - {"attach", "upload", "uploaded", "attachment", "attachments"}
_SENDS = _ATTACHED | frozenset({"submit", "submits", "submitted", "submitting", "enclosing", "attaching", "filed",
                                 "filing", "accompanying", "forwarded", "forwarding", "transmitted", "transmit"})
_TITLED = re.compile(r"^(?:re |subject |attn |attention )?(?:\w+ ){0,12}?(?:comments?|letters?|testimony|statement|"
                     r"submission|report|petition|signatures) (?:of|from|by|on|to|regarding|concerning|in response)\b")
#: what a covering note sends ("submits these comments", not "should submit its plans")
_SENT_THINGS = _SENT | frozenset({"file", "files", "document", "documents", "testimony", "report", "materials",
                                  "signatures", "petition", "resolution", "request", "version", "copy", "pdf",
                                  "correspondence", "postcards", "petitions", "emails"})
#: a batch's place in a series of uploads ("Batch #6 Of 9:", "Part 2 of 3", "File 4/7") and how many comments it
#: holds ("Here Are 500 Of Over 4000 Comment Letters From Grn Members And Supporters", "Numbers 2501 - 3000"): trial
#: 48's nine "Gulf Restoration Network" notes made a theme of their own, named after them
_BATCH = re.compile(r"^(?:\w+ ){0,6}?(?:batch|part|set|volume|vol|package|instal?lment|file|attachment|tranche) "
                    r"(?:no |number )?\d+ (?:of|out of) (?:over |about |approximately )?\d+\b"
                    r"|^(?:here (?:are|is)|these are|this is|below are|included are|enclosed are|attached are) (?:the )?"
                    r"(?:(?:another|over|about|approximately|some|the|first|next|last|final|remaining|\d+|of) ){1,6}"
                    r"(?:\w+ ){0,2}(?:comments?|comment letters|letters|signatures|submissions|petitions|postcards|e ?mails)\b")
#: an address block's line: a street number, its street ("44 E. Downer Pl.") or a state's code and a postcode
#: ("Aurora, Il 60507", "Canberra ACT 2601")
_ADDRESS_LINE = re.compile(r"\b\d{1,5} (?:[NSEW]\.? )?(?:[A-Z][a-z'’]+ ){1,3}(?:St|Street|Rd|Road|Ave|Avenue|Pl|Place|Blvd|"
                           r"Boulevard|Dr|Drive|Ln|Lane|Way|Ct|Court|Hwy|Highway|Pkwy|Parkway|Suite|Sq|Square|Terrace)\b\.?"
                           r"|\b[A-Z][A-Za-z]\.? \d{5}(?:-\d{4})?$|\b(?:ACT|NSW|VIC|QLD|SA|WA|TAS|NT) \d{4}$")
ADDRESS_MAX_WORDS = 16
#: a sentence that opens or closes a letter, thanks or says whom to ask
_FORMAL = re.compile(r"^(?:dear|to whom|good (?:morning|afternoon|evening)|hello|hi|thank|thanks|sincerely|regards|"
                     r"respectfully|yours|best|kind regards|many thanks|cc|mail|email|e mail|phone|tel|fax)\b"
                     r"|\b(?:appreciates?|grateful)\b.*\b(?:opportunity|time|consideration|attention)\b"
                     r"|\b(?:questions|queries)\b.*\b(?:contact|call|email|reach)\b|\bplease contact\b")
#: a memo's heading ("To:", "... From:", "... Re:") or a letter's address line: a few words before a colon
_HEADING = frozenset({"to", "from", "re", "subject", "attn", "attention", "date", "cc", "memorandum", "memo"})
#: a sentence this short, with no view word, is a signature, a name or a line of an address
_SIGNATURE_WORDS = 6


def _capitalised(sentence: str) -> bool:
    """Every word of substance starts with a capital, as a name, an address or a title is written ("Tom Easley",
    "Enhanced Tank Car Standards And Operational Controls"), not "fares doubled"."""
    return all(w[0].isupper() or w.lower() in ENGLISH_STOP_WORDS for w in re.findall(r"[^\W\d_][\w'’-]*", sentence))


def _sends(sentence: str) -> bool:
    """A sentence that sends or titles comments: "Please find attached ...", "Comments of the X on ..."."""
    present = set(normalise(sentence).split())
    # ("Attach it to the Commission", "uploaded to Blackboard", "Attachment to place matters most" send nothing)
    return bool(present & _ATTACHED or present & _SENDS and present & _SENT_THINGS) \
        or bool(_TITLED.match(normalise(sentence))) and not present & _CLAUSE_WORDS and _capitalised(sentence)


def _covers(sentence: str) -> bool:
    """A sentence that sends, titles, heads, addresses, thanks or signs: nothing of the theme's point."""
    words = normalise(sentence).split()
    if not words:
        return True
    text = " ".join(words)
    present = set(words)
    if _sends(sentence) or _FORMAL.search(text) or is_date(sentence) or _BATCH.match(text):
        return True
    if len(words) <= ADDRESS_MAX_WORDS and not present & VIEW_WORDS and _capitalised(sentence) \
            and _ADDRESS_LINE.search(sentence.strip(" .,;")):
        return True  # an address block ("City Clerk – City Of Aurora 44 E. Downer Pl. Aurora, Il 60507")
    if sentence.rstrip().endswith(":") and words[-1] in _HEADING and len(words) <= 10:
        return True
    if len(words) <= _SIGNATURE_WORDS and not present & VIEW_WORDS and _capitalised(sentence) \
            and len(present - ENGLISH_STOP_WORDS) >= 2:  # a name: "Tom Easley" (not "Most of them")
        return True
    # a reference or an address: mostly numbers ("Docket No. PHMSA-2012-0082", "44 E. Downer Pl. Aurora, IL 60505")
    tokens = sentence.split()
    return sum(any(c.isdigit() for c in t) or is_reference_number(t.strip(".,;:()")) for t in tokens) >= 0.3 * len(tokens)


def only_covers(text: str) -> bool:
    """Whether every sentence of ``text`` only sends, titles, heads, addresses, thanks or signs (see
    :func:`_covers`), and one sends or titles: a covering note however long its title or its list of senders (trial
    48), no point to quote."""
    sentences = [s for s in _split_clauses(text) if s.strip(" .,;:-–—()")]
    if not any(_sends(s) or _BATCH.match(" ".join(normalise(s).split())) for s in sentences):
        return False  # (a batch's note sends: "Here are the remaining 300 comments from our supporters")
    title = False  # after a sending or title clause that ends in a colon: the rest of its title
    for s in sentences:
        words = set(normalise(s).split()) - ({"no"} if "docket" in s.lower() else set())  # "Docket No."
        if not (_covers(s) or title and not words & (VIEW_WORDS | _CLAUSE_WORDS) and _capitalised(s)):
            return False
        title = s.rstrip().endswith(":") and (_sends(s) or title)
    return True
