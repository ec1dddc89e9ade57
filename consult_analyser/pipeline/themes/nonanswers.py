"""Answers that say nothing about the question: "N/A", "nothing", "no comment", "see attached".

They are counted under one fixed theme (:data:`NO_ANSWER_LABEL`) instead of being clustered: left
to the topic model they form a theme of their own in every question, labelled "None" or "No",
which names nothing a reader can use. "See attached" and the like point to a document that is
read separately; the answer box itself carries no view.

The rule is deliberately narrow: an answer is a non-answer only when all of it, once lower-cased
and stripped of punctuation, is one of the phrases below (or nothing at all). "Nothing, it is
fine as it is" is an answer; "Nothing." is not.
"""

from __future__ import annotations

import re

NO_ANSWER_LABEL = "No substantive answer"
NO_ANSWER_DESCRIPTION = ("Answers with no view on the question (\u201cN/A\u201d, \u201cnothing\u201d, \u201cno comment\u201d, "
                         "\u201csee attached\u201d): counted, not clustered.")

_PHRASES = {
    "n a", "na", "n.a", "none", "nothing", "nothing really", "nothing at all", "nothing to add", "nothing further",
    "nothing else", "nothing more", "nothing more to add", "nothing further to add", "nothing in particular",
    "not really", "nil", "no", "nope", "no comment", "no comments", "no further comment", "no further comments",
    "no comment to make", "no additional comments", "no answer", "no response", "no opinion", "no view",
    "no views", "not applicable", "not sure", "unsure", "don t know", "dont know", "do not know", "i don t know",
    "i dont know", "i do not know", "dk", "don t know nothing", "no idea", "refused", "rf", "no reply",
    "see attached", "see attachment", "see the attached", "see attached document", "see attached file",
    "see attached letter", "see attached response", "see attached submission", "please see attached",
    "please see the attached", "please see attachment", "please see attached document", "please see our attached",
    "see our attached", "see letter", "see above", "as above", "see previous answer", "see my previous answer",
    "see earlier answer", "see response above", "same as above", "ditto", "see submission", "refer to attached",
    "refer to submission", "see uploaded document", "attached", "as attached", "skip", "pass", "blank", "test",
    "no further information", "no other comments", "nothing comes to mind", "can t think of anything",
    "cant think of anything", "cannot think of anything", "nothing i can think of", "none that i can think of",
    "none i can think of", "none come to mind", "no other comment", "none at this time", "nothing at this time",
}
_WORDS = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces ("N/A." -> "n a")."""
    return " ".join(_WORDS.findall(text.lower().replace("\u2019", "'")))


def is_non_answer(text: str) -> bool:
    """True when the answer carries no view: empty, punctuation only, or one of the known
    non-answer phrases as the whole answer (see the module notes)."""
    key = normalise(text or "")
    if not key:
        return True
    return key in _PHRASES or key.replace(" ", "") in {"na", "nil", "dk", "none"}


def phrases() -> frozenset[str]:
    """The phrases recognised (normalised), for documentation and tests."""
    return frozenset(_PHRASES)
