"""Answers that say nothing about the question: "N/A", "nothing", "no comment", "see attached".

They are counted under one fixed theme (:data:`NO_ANSWER_LABEL`) instead of being clustered: left
to the topic model they form a theme of their own in every question, labelled "None" or "No",
which names nothing a reader can use. "See attached" and the like point to a document that is
read separately; the answer box itself carries no view.

Two rules, both narrow:

- the whole answer, once lower-cased and stripped of punctuation, is one of the phrases below (or
  nothing at all, or a number alone). "Nothing, it is fine as it is" is an answer; "Nothing." is not;
- or it is a short pointer elsewhere or a declined answer, as real submissions write them in many
  ways ("Please refer to SBS's submission (uploaded)", "See attached paper at pages 17 to 19",
  "This question is discussed in our attached submission", "See our responses to questions 3
  and 6 above", "We do not have a comment on this question at this time", "I am not qualified
  for this question"): at most :data:`POINTER_MAX_WORDS` words, a pointer (an attachment, or a
  "see / refer / covered in" with a submission, document, paper or earlier answer) or a declined
  comment, and every other content word from the pointer vocabulary, bar one (a name: "SBS's").
  An answer that opens with a view ("Yes, see my submission", "No. See attached") is an answer;
- or it is a covering note: each sentence sends or points to an attachment, naming at most who
  sends it and what it is about in a few words, before or after ("Please see the attached comments
  from the City of New York", "Gunnison County respectfully submits the attached document on
  proposed CEQ-2019-0003", "Comments from the Michigan Corn Growers Association"), gives a
  reference number only ("Docket No. OSHA-H005C-2006-0870"), or thanks the reader ("Thank you,
  Jane Doe"), and no word in it gives a view ("urge", "oppose", "should", "not", ...). What the
  comments are about is not counted, however long its title ("Please find attached comments from
  the State of Idaho regarding the proposed rulemaking titled: "Update to the Regulations
  Implementing ...", Docket Number ..."), as long as it is a title and not a clause ("... on the
  rule, which would cost small firms $5,000" is an answer); a sentence that only forwards a message
  ("Forwarding this on behalf of Hannah, who could not reach the mailbox", "FYI, see below") or says
  the attachment's password follows ("The password will follow under separate cover") is one of a
  covering note's too; at most :data:`NOTE_MAX_WORDS` words;
- or it is a list of signatories: two or more entries split by semicolons, each a person's name
  (by its shape) and at most a short affiliation after a comma ("Okafor Declan J, Northfield
  Institute Of Health; Brennan Aoife M, Harbour University"). Left to the topic model, such
  lists become themes named after a person.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from consult_analyser.domain import NO_ANSWER_LABEL as NO_ANSWER_LABEL  # re-exported: the fixed theme's name
from consult_analyser.letter_text import WELSH_POINTERS
from consult_analyser.pipeline.pii_words import _common_words
from consult_analyser.pipeline.themes.covering_notes import (
    VIEW_WORDS,
    is_contact_note,
    is_sent_attachment,
    is_signatory_list,
    only_covers,
)
from consult_analyser.pipeline.themes.pointers import (
    POINTER_MAX_WORDS,
    STANCE_OPENERS,
    is_pointer,
    names_within,
    normalise,
)

NO_ANSWER_DESCRIPTION = ("Answers with no view on the question (\u201cN/A\u201d, \u201cnothing\u201d, \u201cno comment\u201d, "
                         "\u201csee attached\u201d): counted, not clustered.")

_PHRASES = {
    "n a", "na", "n.a", "none", "nothing", "nothing really", "nothing at all", "nothing to add", "nothing further",
    "no nothing", "nothing no", "none really", "no none",
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
    "no further information", "no other comments", "late comment", "late comments", "no feedback",
    "no further feedback", "no feedback at this time", "no additional feedback", "nothing comes to mind", "can t think of anything",
    "cant think of anything", "cannot think of anything", "nothing i can think of", "none that i can think of",
    "none i can think of", "none come to mind", "no other comment", "none at this time", "nothing at this time",
    # "no comment", "nothing to add", "not applicable", "don't know" in the other languages of European
    # and Canadian consultations (as normalise writes them: lower case, apostrophes as spaces)
    "aucun commentaire", "pas de commentaire", "pas de commentaires", "sans commentaire", "rien à ajouter",
    "rien a ajouter", "rien", "aucun", "aucune", "néant", "neant", "s o", "sans objet", "ne s applique pas",
    "je ne sais pas", "nsp", "pas d avis", "sans avis", "kein kommentar", "keine kommentare", "keine anmerkungen",
    "nichts", "nichts hinzuzufügen", "keine", "entfällt", "weiß nicht", "keine angabe", "sin comentarios",
    "ningún comentario", "nada", "nada que añadir", "ninguno", "no aplica", "no sé", "nessun commento", "nessuno",
    "niente", "niente da aggiungere", "non so", "geen opmerkingen", "geen commentaar", "geen", "niets", "nvt",
    "n v t", "weet niet", "brak uwag", "brak", "nie wiem", "sem comentários", "nenhum", "nada a acrescentar",
    "inga kommentarer", "ingen kommentar", "ingen", "ei kommentteja",
    # Welsh (as a Welsh Government consultation's Welsh form is answered)
    "dim", "dim sylw", "dim sylwadau", "dim sylw pellach", "dim sylwadau pellach", "dim i w ychwanegu",
    "dim byd i w ychwanegu", "dim byd", "dim byd i w ddweud", "dim barn", "dim syniad", "amherthnasol",
    "ddim yn berthnasol", "dim yn berthnasol", "ddim yn gwybod", "dim yn gwybod", "ddim yn siŵr", "ddim yn siwr",
    "dim un", "dim o gwbl", "dim ymateb", "dim sylw i w wneud", "nac oes", "nac ydw",
    # Welsh pointers to a letter ("gweler y llythyr amgaeedig"), shared with the test of a form answer
    # that gives way to the respondent's letter
    *WELSH_POINTERS,
    # a bare "no" in those languages, as "no" above (a side where the question asks yes or no: _BARE_NO)
    "non", "nein", "nee", "nej", "nie", "não",
    # "see attached" as feedback in other European languages writes it
    "siehe anhang", "siehe anlage", "siehe beigefügte datei", "siehe beigefügtes dokument", "s anhang", "anbei",
    "voir pièce jointe", "voir pj", "voir document joint", "voir le document joint", "voir annexe", "cf pièce jointe",
    "ver anexo", "ver documento adjunto", "ver archivo adjunto", "véase el documento adjunto", "adjunto",
    "vedi allegato", "si veda l allegato", "in allegato", "zie bijlage", "zie bijgevoegd document", "zie bijlagen",
    "patrz załącznik", "w załączniku", "em anexo", "ver documento anexo", "se bilaga", "se bifogad fil",
    "se vedhæftede", "se vedlagt", "katso liite",
}
#: at most this many words in a covering note (the title of the rule or paper it is about can be long)
NOTE_MAX_WORDS = 50

#: an answer put off ("Not read it yet", "Will reply by email", "Response to follow"): a non-answer when
#: short (``DEFERRED_MAX_WORDS``) and saying nothing else (:data:`_DEFERRAL_WORDS`)
_DEFERRED = re.compile(
    r"^(?:(?:sorry|apologies) )?(?:i |we )?(?:(?:have |has |had )?(?:not|yet to|never) |haven t |hasn t |didn t |"
    r"did not )(?:yet |had time to |got round to |managed to )?(?:read|seen|looked at|had (?:a|the) chance)\b"
    r"|^(?:(?:i|we) )?(?:will|shall|ll|intend to|plan to) (?:\w+ ){0,3}(?:respond|reply|answer|comment|write|send|"
    r"submit|provide|follow up|get back)\b.*\b(?:later|email|e mail|separately|separate|letter|post|in writing|"
    r"reply|due course|soon|shortly)\b"
    r"|^(?:\w+ ){0,2}(?:response|answer|reply|comments|submission) to follow\b")
DEFERRED_MAX_WORDS = 20
#: the words such an answer is made of (besides function words): "Haven't had time to read the
#: consultation document yet" is put off; "Never seen a police officer in our street" is a view
_DEFERRAL_WORDS = frozenset('''
read seen looked look chance time opportunity managed got round yet properly fully full sorry apologies respond
reply answer comment comments write send submit provide follow get back later email mail separately separate letter
post writing due course soon shortly response submission consultation document documents paper papers proposal
proposals strategy report question questions details discussion green white plan plans intend ll haven hasn didn
'''.split())


#: a request for more time, which gives no view: "Request For 15 Day Extension" (normalised)
_EXTENSION = re.compile(r"^(?:a |our |this )?(?:request|requesting|requests|motion) for (?:an? )?(?:\d+ days? )?"
                        r"extension(?: of (?:the )?(?:\w+ ){0,3}(?:period|time|deadline))?$")
#: an organisation's name alone, as the sender writes it in the comment box: "Kelly Services, Inc."
_ORGANISATION_ALONE = re.compile(r"^[A-Z][\w&'’.-]*(?:[ ,]+[\w&'’.-]+){0,6}?,?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp|"
                                 r"Corporation|PLC|plc|LLP|LP|Co|GmbH|Pty Ltd|P/L)\.?$")
#: a note in brackets after a pointer
_BRACKETED = re.compile(r"\([^()]{0,80}\)")

#: a web address as an answer gives: ``https://...``, ``www.…``
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.I)
_LINK_WORDS = frozenset("see link links here our my website site page report available online please at".split())


#: a bare "No" answers a yes-or-no question ("Should the rules differ?"): a side, as a bare "Yes" is
_BARE_NO = frozenset({"no", "nope", "not really", "no not really", "non", "nein", "nee", "nej", "nie", "não", "ne",
                      # to "What exemptions, if any, should apply?" a "None" is the answer "no exemptions"
                      "none", "none at all", "none whatsoever", "nothing", "none needed", "no none", "none really"})
#: a question that asks what, if anything, should be done ("What exemptions, if any, should apply?", "Are there any
#: groups who would be affected?"): "None" says there is nothing, a view like "No"
_IF_ANY = re.compile(r"\bif any(?:thing)?\b|^\W*(?:[a-z]?\d+[a-z]?\W+)?(?:are|is)\s+there\s+any\b(?!\s+(?:other|further|more)\b)",
                     re.I)
_YES_NO_QUESTION = re.compile(r"^\s*(?:(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.):-]?\s*)?(?:do|does|did|is|are|was|were|should|"
                              r"would|could|can|will|have|has|had|shall|may|must)\b", re.I)
_ASKS_FOR_MORE = re.compile(r"\b(?:other|further|additional|more)\s+(?:comments?|points?|views?|thoughts?|information)\b"
                            r"|\banything\s+(?:else|to\s+add)\b|\bany\s+comments?\b"
                            # "Is there anything that would have made your visit better?": "No" is "nothing"
                            r"|^\W*(?:[a-z]?\d+[a-z]?\W+)?(?:is|was|are|were)\s+there\s+anything\b"
                            r"|^\W*(?:[a-z]?\d+[a-z]?\W+)?(?:do|did)\s+you\s+have\s+anything\b"
                            # "Do you have any ideas for how the council could save money?", "Can you suggest ...?"
                            r"|\b(?:do|did)\s+you\s+have\s+any\s+(?:ideas?|suggestions?|proposals?|thoughts|examples?|"
                            r"evidence|recommendations?)\b"
                            r"|^\W*(?:[a-z]?\d+[a-z]?\W+)?(?:can|could)\s+you\s+(?:suggest|think\s+of|tell\s+us)\b", re.I)


def asks_yes_or_no(question: str) -> bool:
    """Whether a question asks yes or no ("Should different rules apply?"), or what, if any, should be done ("What
    exemptions, if any, should apply?"), where a bare "No" or "None" is an answer; not one asking for anything
    more ("Do you have any other comments?"), where it is none."""
    return bool(_YES_NO_QUESTION.match(question or "") or _IF_ANY.search(question or "")) \
        and not _ASKS_FOR_MORE.search(question or "")


#: a sign-off and the short name after it, closing an answer ("Regards, Gareth Price", "Cofion, Andrew")
_SIGNED_OFF = re.compile(r"[.!,;\s]\s*(?:kind(?:est)? regards|best regards|regards|best wishes|many thanks|thanks|"
                         r"thank you|cheers|yours sincerely|yours faithfully|cofion(?: cynnes| gorau)?|diolch(?: yn fawr)?|"
                         r"yn gywir)\b[\s,.!:-]*(?:[^\W\d_][\w'’.-]*\s*){0,3}$", re.I)


def is_non_answer(text: str, *, no_is_a_side: bool = False) -> bool:
    """True when the answer carries no view: empty, punctuation only, or one of the known
    non-answer phrases as the whole answer (see the module notes); a web address alone ("see
    www.example.org/report") points elsewhere as "see attached" does. With ``no_is_a_side`` (the
    question asks yes or no: :func:`asks_yes_or_no`) a bare "No" is an answer, as "Yes" is."""
    if no_is_a_side and normalise(text or "") in _BARE_NO:
        return False
    signed = _SIGNED_OFF.search(text or "")
    if signed and signed.start() > 0:  # "N/A. Regards, Gareth Price", "Amherthnasol. Cofion, Andrew"
        return is_non_answer(text[:signed.start()], no_is_a_side=no_is_a_side)
    if text and WEB_ADDRESS.search(text):
        rest = normalise(WEB_ADDRESS.sub(" ", text)).split()
        if all(w in _LINK_WORDS or w in ENGLISH_STOP_WORDS for w in rest):
            return True
    key = normalise(text or "")
    if not key or not any(c.isalpha() for c in key):  # nothing, or a number alone ("5": a trial's docket comments)
        return True
    words = key.split()
    if key in _PHRASES or key.replace(" ", "") in {"na", "nil", "dk", "none"} or is_pointer(words):
        return True
    if len(words) <= 25 and _ABOUT_PUBLISHING.search(key) and set(words) & _OWN_WORDS \
            and not set(words) & (VIEW_WORDS - {"no", "not", "objection"}):
        return True  # "Scarlet Example is happy for our submission to be made public": about publishing it, no view
    if _STRAY_LETTERS.fullmatch((text or "").strip()) and key not in _common_words() and key not in _SHORT_WORDS:
        return True  # "Jh", "xx": a key pressed to get past the box, no word and no acronym ("AI", "EU" stay)
    if _EXTENSION.match(key) or _ORGANISATION_ALONE.match((text or "").strip()):
        return True  # "Request For 15 Day Extension"; "Kelly Services, Inc." (the sender's name as the comment)
    if len(words) <= POINTER_MAX_WORDS:
        # a pointer to another's submission ("See Reason Group submission"), or with a note in brackets ("see
        # previous answer (re public-private coordination)")
        bare = normalise(_BRACKETED.sub(" ", text or "")).split()
        if (bare != words and bare and is_pointer(bare)) or is_pointer(words, names_within(text or "")):
            return True
    if len(words) <= DEFERRED_MAX_WORDS and _DEFERRED.search(key) \
            and all(len(w) == 1 or w in _DEFERRAL_WORDS or w in ENGLISH_STOP_WORDS for w in words):
        return True
    # a long answer is never a covering note: only short ones are read sentence by sentence
    return (len(words) <= NOTE_MAX_WORDS and (is_sent_attachment(text, words) or is_contact_note(text))) \
        or is_signatory_list(text) or _covering_letter(text, words)


#: at most this many words in a covering note whose every sentence sends, titles, heads, thanks or signs
COVERING_LETTER_MAX_WORDS = 120


def _covering_letter(text: str, words: list[str]) -> bool:
    """A covering note read more loosely than :func:`is_sent_attachment` reads one, but with no word that gives a
    view at all: every sentence sends, titles, heads, addresses, thanks or signs (:func:`only_covers`): a memo's "To:
    ... From: ... Re: Comments In Docket No. ... Attached For Your Consideration ... Are The Comments Of ...",
    "Attached Are Comments From Members Of The Public To Docket ... Gathered By ForestEthics. 2 Of 4, 1500 Comments."
    (trial 48: such notes made topic themes named after a rule or a sender)."""
    if len(words) > COVERING_LETTER_MAX_WORDS or words[:1] and words[0] in STANCE_OPENERS \
            or set(words) & _SAYS_WHY:  # "Yes, these are addressed in ...", "..., which would cost small firms"
        return False
    said = set(_DOCKET_NO.sub(" ", " ".join(words)).split())  # "Docket No." gives no view
    return not said & VIEW_WORDS and only_covers(text)


_SAYS_WHY = frozenset({"which", "because", "since", "although", "whereas"})
_DOCKET_NO = re.compile(r"\b(?:docket|id|rin|file|case|ref|item|comment|number) no\b")


#: the side a covering note's title takes: "comments opposing ...", "in support of", "urging rejection of"
_SIDE_IN_TITLE = re.compile(
    r"\b(?:(?:strongly|vehemently|fully)\s+)?(?:supporting|opposing|objecting\s+to"
    r"|in\s+(?:strong\s+|vehement\s+|full\s+)?(?:support|opposition)\s+(?:of|to)"
    r"|urging\s+(?:the\s+)?(?:rejection|withdrawal|adoption)\s+of|in\s+favou?r\s+of)\b(?!\s+(?:data|documents?|documentation|case|evidence|"
    r"materials?|information|studies|papers?|files?)\b)", re.I)


def is_sided_covering_note(text: str) -> bool:
    """A covering note whose title takes a side and says no more ("Attached please find comments opposing the
    proposed changes", "Eighteen organisations submit the attached comments in support of the rule"): the side
    is its only point (trial 39: 20 such notes formed topic themes and were quoted)."""
    if not text or not _SIDE_IN_TITLE.search(text) or len(text.split()) > NOTE_MAX_WORDS:
        return False
    return is_non_answer(_SIDE_IN_TITLE.sub(" on ", text))


#: one to three letters, not all capitals, alone: a key pressed, not a word
_STRAY_LETTERS = re.compile(r"(?![A-Z]{2,3}\.?$)[A-Za-z]{1,3}\.?")
#: short answers that are words, whatever the word list says: a side ("Yes") or an assent ("Yep")
_SHORT_WORDS = STANCE_OPENERS | ENGLISH_STOP_WORDS | {"ok", "okay", "yep", "yup", "yeah", "nah", "aye", "nope"}
#: an answer only about publishing the respondent's own words (with :data:`_OWN_WORDS`)
_ABOUT_PUBLISHING = re.compile(r"\b(?:no objection|happy|content|consent|consents|agree|agreeable|permission|"
                               r"do not object)\b.*\b(?:publication|published|publish|publishing|made public)\b")
_OWN_WORDS = frozenset({"submission", "response", "comments", "comment", "name", "details", "responses"})


def phrases() -> frozenset[str]:
    """The phrases recognised (normalised), for documentation and tests."""
    return frozenset(_PHRASES)
