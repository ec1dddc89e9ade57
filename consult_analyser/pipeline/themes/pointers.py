"""Pointers elsewhere and declined answers: the words an answer that says "see our submission" or "we have
no comment on this" is made of, and the test for one (:func:`is_pointer`), shared by the non-answer phrases
(:mod:`.nonanswers`) and the covering notes (:mod:`.covering_notes`)."""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORDS = re.compile(r"[^\W_]+")  # letters of any script ("pièce jointe", "załącznik") and digits

POINTER_MAX_WORDS = 30
#: the words a pointer or a declined answer is made of (besides English function words and numbers)
POINTER_VOCABULARY = frozenset("""
see refer referred referring reference please kindly read find attached attach attachment attachments attatched
enclosed appendix annex submission submissions sumission submitted submit document documents doc paper
papers response responses respond answer answers answered answerd question questions item items section
sections page pages para paragraph file files uploaded upload written word pdf letter email previous prevous
previously earlier preceding prior comment comments commented included contained covered discussed
addressed outlined provided detailed details set stage time moment qualified unable able sufficiently
informed specific particular view views opinion thank thanks opportunity consultation separate separately
relevant full fully contents content our my respect regard regards also already point points feedback
reply replies dear respectfully hereby provide input consideration containing regarding concerning
version versions format formats formatted footnotes docx separate complete area expertise field
sorry ran run time properly address fully
sample samples copy copies received recieved recived emails letters postcards
per stated mentioned noted given same sent before
enclosure enclosures pfa position issue issues present data knowledge did does submittal submittals
hard mailed follow follows faxed courier posted
""".split())
#: an attachment is a pointer by itself; these verbs are when they point at one of _POINTER_OBJECTS
ATTACHMENT = frozenset({"attached", "attach", "attachment", "attachments", "attatched", "enclosed", "appendix",
                         "uploaded", "upload", "enclosure", "enclosures",
                         "pfa"})  # "Pfa my comment": please find attached
_POINTER_VERBS = frozenset({"see", "refer", "referred", "referring", "read", "included", "contained", "covered",
                            "discussed", "addressed", "outlined", "provided", "detailed", "set", "answered",
                            # "as per my previous answer", "as stated previously", "same as before"
                            "per", "stated", "mentioned", "noted", "given", "same", "ditto"})
_POINTER_OBJECTS = frozenset({"submission", "submissions", "sumission", "document", "documents", "paper", "papers",
                              "file", "pdf", "letter", "above", "previous", "prevous", "earlier", "preceding",
                              "response", "responses", "answer", "answers", "comments", "section", "page", "pages",
                              "email", "emails", "previously"})
#: a declined answer: one of these with a negation ("no comment at this stage"), or "qualified" /
#: "informed" with a negation and one of these ("not qualified to answer"; "he is not qualified" is a view)
_DECLINED = frozenset({"comment", "comments", "view", "views", "opinion", "expertise", "position", "data",
                       "knowledge"})  # "We do not have a position on this issue at present", "I do not have data on this"
_UNQUALIFIED = frozenset({"qualified", "informed"})
_TO_ANSWER = frozenset({"answer", "comment", "respond", "question", "questions"})
_NEGATION = frozenset({"no", "not", "unable", "cannot", "cant", "nothing", "none"})
#: "I ran out of time to answer this question", "did not have time to respond"
_NO_TIME = re.compile(r"\b(ran out of time|run out of time|no time to|not (have|had|get) (the )?time|"
                      r"didn t (have|get) (the )?time|insufficient time|not enough time)\b")

#: an answer opening with one of these gives a view ("Yes, see my submission")
STANCE_OPENERS = frozenset({"yes", "no", "agree", "agreed", "disagree", "support", "supported", "oppose",
                             "opposed", "partly", "partially", "absolutely", "definitely"})


#: "attachement", "attachedd", "attatchment": misspelt attachments are attachments
_MISSPELT_ATTACHMENT = re.compile(r"^at+a?t?ch(?!(?:ed|ment|ments|ing|es)?$)\w*$")


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces ("N/A." -> "n a"), a misspelt attachment read as one."""
    return " ".join("attachment" if w.startswith("at") and _MISSPELT_ATTACHMENT.match(w) else w
                    for w in _WORDS.findall(text.lower().replace("\u2019", "'")))


_QUESTION_NUMBER = re.compile(r"q\d+[a-z]?|\d+[a-z]")


def is_pointer(words: list[str], names: frozenset[str] = frozenset()) -> bool:
    """A short pointer elsewhere or a declined answer (see the module notes); ``words`` normalised;
    ``names`` (lower case) may stand in it besides the pointer's own words (whose submission it points to)."""
    if len(words) > POINTER_MAX_WORDS:
        return False
    present = set(words)
    declined = (bool(present & _NEGATION) and (bool(present & _DECLINED)
                                               or bool(present & _UNQUALIFIED and present & _TO_ANSWER))) \
        or bool(_NO_TIME.search(" ".join(words)) and present & (_TO_ANSWER | {"address"}))
    if words[0] in STANCE_OPENERS and not (declined and words[0] == "no"):
        return False
    pointer = bool(present & ATTACHMENT) or (bool(present & _POINTER_VERBS) and bool(present & _POINTER_OBJECTS))
    if not (pointer or declined or words[:2] == ["thank", "you"]):
        return False
    content = [w for w in words if len(w) > 1 and not w.isdigit() and w not in ENGLISH_STOP_WORDS]
    # a question's number is part of the pointer ("See my answer to Q1", a trial's label of a theme)
    unknown = [w for w in content if w not in POINTER_VOCABULARY and not _QUESTION_NUMBER.fullmatch(w)]
    if names and pointer and 0 < len(unknown) <= 3 and all(w in names for w in unknown):
        return True
    return len(unknown) == 0 or (len(unknown) == 1 and len(content) >= 3)


def names_within(text: str) -> frozenset[str]:
    """The capitalised words after a text's first (lower-cased), when the text is short and not written in
    capitals throughout: the name of an organisation or a person it points to ("See Reason Group submission")."""
    tokens = text.split()
    if len(tokens) > 12:
        return frozenset()
    later = [t.strip(".,;:()'’\"") for t in tokens[1:]]
    capitalised = [t for t in later if t[:1].isupper()]
    if not capitalised or len(capitalised) > 3 or len(capitalised) == len([t for t in later if t]):
        return frozenset()
    return frozenset(t.lower() for t in capitalised)
