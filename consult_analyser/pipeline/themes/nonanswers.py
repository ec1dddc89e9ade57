"""Answers that say nothing about the question: "N/A", "nothing", "no comment", "see attached".

They are counted under one fixed theme (:data:`NO_ANSWER_LABEL`) instead of being clustered: left
to the topic model they form a theme of their own in every question, labelled "None" or "No",
which names nothing a reader can use. "See attached" and the like point to a document that is
read separately; the answer box itself carries no view.

Two rules, both narrow:

- the whole answer, once lower-cased and stripped of punctuation, is one of the phrases below (or
  nothing at all). "Nothing, it is fine as it is" is an answer; "Nothing." is not;
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
  rule, which would cost small firms $5,000" is an answer); at most :data:`NOTE_MAX_WORDS` words;
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
from consult_analyser.pipeline.pii import EMAIL_RE
from consult_analyser.pipeline.pii_names import looks_like_full_name

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
_WORDS = re.compile(r"[^\W_]+")  # letters of any script ("pièce jointe", "załącznik") and digits

POINTER_MAX_WORDS = 30
#: at most this many words in a covering note (the title of the rule or paper it is about can be long)
NOTE_MAX_WORDS = 50
#: the words a pointer or a declined answer is made of (besides English function words and numbers)
_POINTER_VOCABULARY = frozenset("""
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
""".split())
#: an attachment is a pointer by itself; these verbs are when they point at one of _POINTER_OBJECTS
_ATTACHMENT = frozenset({"attached", "attach", "attachment", "attachments", "attatched", "enclosed", "appendix",
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
#: an answer opening with one of these gives a view ("Yes, see my submission")
_STANCE_OPENERS = frozenset({"yes", "no", "agree", "agreed", "disagree", "support", "supported", "oppose",
                             "opposed", "partly", "partially", "absolutely", "definitely"})


#: a request for more time, which gives no view: "Request For 15 Day Extension" (normalised)
_EXTENSION = re.compile(r"^(?:a |our |this )?(?:request|requesting|requests|motion) for (?:an? )?(?:\d+ days? )?"
                        r"extension(?: of (?:the )?(?:\w+ ){0,3}(?:period|time|deadline))?$")
#: an organisation's name alone, as the sender writes it in the comment box: "Kelly Services, Inc."
_ORGANISATION_ALONE = re.compile(r"^[A-Z][\w&'’.-]*(?:[ ,]+[\w&'’.-]+){0,6}?,?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp|"
                                 r"Corporation|PLC|plc|LLP|LP|Co|GmbH|Pty Ltd|P/L)\.?$")
#: a note in brackets after a pointer
_BRACKETED = re.compile(r"\([^()]{0,80}\)")

#: "attachement", "attachedd", "attatchment": misspelt attachments are attachments
_MISSPELT_ATTACHMENT = re.compile(r"^at+a?t?ch(?!(?:ed|ment|ments|ing|es)?$)\w*$")


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces ("N/A." -> "n a"), a misspelt attachment read as one."""
    return " ".join("attachment" if w.startswith("at") and _MISSPELT_ATTACHMENT.match(w) else w
                    for w in _WORDS.findall(text.lower().replace("\u2019", "'")))


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
    if not key:
        return True
    words = key.split()
    if key in _PHRASES or key.replace(" ", "") in {"na", "nil", "dk", "none"} or _is_pointer(words):
        return True
    if len(words) <= 25 and _ABOUT_PUBLISHING.search(key) and set(words) & _OWN_WORDS \
            and not set(words) & (_VIEW_WORDS - {"no", "not", "objection"}):
        return True  # "Scarlet Example is happy for our submission to be made public": about publishing it, no view
    if _EXTENSION.match(key) or _ORGANISATION_ALONE.match((text or "").strip()):
        return True  # "Request For 15 Day Extension"; "Kelly Services, Inc." (the sender's name as the comment)
    if len(words) <= POINTER_MAX_WORDS:
        # a pointer to another's submission ("See Reason Group submission"), or with a note in brackets ("see
        # previous answer (re public-private coordination)")
        bare = normalise(_BRACKETED.sub(" ", text or "")).split()
        if (bare != words and bare and _is_pointer(bare)) or _is_pointer(words, _names_within(text or "")):
            return True
    if len(words) <= DEFERRED_MAX_WORDS and _DEFERRED.search(key) \
            and all(len(w) == 1 or w in _DEFERRAL_WORDS or w in ENGLISH_STOP_WORDS for w in words):
        return True
    # a long answer is never a covering note: only short ones are read sentence by sentence
    return (len(words) <= NOTE_MAX_WORDS and (_is_sent_attachment(text, words) or _is_contact_note(text))) \
        or _is_signatory_list(text)


#: a sentence that only says how to reach the respondent: "Please contact me on ...", "My number is ..."
_CONTACT_ONLY = re.compile(
    r"^(?:please |you can |you may |feel free to |do )?(?:contact|call|ring|phone|email|e mail|text|reach)\s+(?:me|us)\b"
    r"|^(?:i|we) (?:can|could|may) be (?:contacted|reached)\b|^(?:i|we) (?:am|are|would be) happy to be contacted\b"
    r"|^my (?:phone|telephone|mobile|number|e ?mail|email address|address|contact details) (?:is|are)\b"
    r"|^(?:i|we) live at\b|^(?:my )?contact (?:details|number)\b"
    r"|^(?:our |my )?contact(?: person| name| officer| details)?$"  # "Contact:" before a name and a number
    # "Please contact Dr Leslie Example with any questions about the submission"
    r"|^(?:please |for (?:any )?(?:queries|questions|further information) (?:please )?)?contact\b")


def _is_contact_note(text: str) -> bool:
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
                and not set(words) & _VIEW_WORDS:
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


def _is_signatory_list(text: str) -> bool:
    """Two or more ";"-separated entries, each a person's name by its shape (trailing initials
    allowed) and at most a short affiliation after a comma (at least half of them with one or the
    other), with no word that gives a view."""
    if ";" not in text:
        return False
    entries = [e.strip(" .") for e in text.split(";") if e.strip(" .")]
    if len(entries) < 2 or any(len(e.split()) > SIGNATORY_MAX_WORDS for e in entries):
        return False
    if set(normalise(text).split()) & (_VIEW_WORDS | _FINITE):
        return False
    # signatories are written with an affiliation or initials ("Barack Obama; Joe Biden" names people
    # as an answer)
    names = [e.split(",")[0].strip() for e in entries]
    if 2 * sum("," in e or bool(_INITIALS.search(n)) for e, n in zip(entries, names, strict=True)) < len(entries):
        return False
    return all(_signature(n) for n in names)


#: where a covering note names who sends the attachment ("... from the City of New York")
_SENDER = frozenset({"from", "of", "by"})
#: words that give a view: a covering note holding one is an answer
_VIEW_WORDS = frozenset("""
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
#: an answer only about publishing the respondent's own words (with :data:`_OWN_WORDS`)
_ABOUT_PUBLISHING = re.compile(r"\b(?:no objection|happy|content|consent|consents|agree|agreeable|permission|"
                               r"do not object)\b.*\b(?:publication|published|publish|publishing|made public)\b")
_OWN_WORDS = frozenset({"submission", "response", "comments", "comment", "name", "details", "responses"})
#: a full stop that ends an abbreviation, not a sentence: "U.S. Department", "Inc. Submits", "Docket No. 5"
_ABBREVIATION = re.compile(r"(?:\b(?:[a-z]\.){2,4}|(?-i:\b[A-Z]\.)|\b(?:inc|ltd|corp|co|dept|rep|reps|sen|st|mr|mrs|ms|dr|jr|sr|"
                           r"assn|assoc|govt|vs|etc)\.|\b(?:docket|rin|id|file|case|ref|item|comment|number)\s+no\.)"
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
#: words one of which a covering note holds (see :func:`_is_sent_attachment`)
_NOTE_WORDS = _SENDING | _ATTACHMENT | {"comments", "comment", "letter"}
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
_SUBJECT = frozenset({"regarding", "concerning", "re", "on", "about", "for", "to"})
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
    titled = words[:1] in (["comments"], ["comment"], ["letter"])  # "Comments of the X on ..."
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


def _is_sent_attachment(text: str, words: list[str]) -> bool:
    """A covering note (see the module notes): sentences that each send or point to an attachment
    with at most :data:`SENDER_MAX_WORDS` other words, give a reference number, or thank the reader,
    with no word that gives a view. The caller keeps it to short texts (:data:`NOTE_MAX_WORDS`) and
    gives its normalised ``words``."""
    # a note has a sentence that sends, points to an attachment or gives a reference (a number or a
    # reference word): without any of these there is nothing to read sentence by sentence
    if not (set(words) & _NOTE_WORDS or any(c.isdigit() for c in text) or _REFERENCE_MARK.search(text)):
        return False
    # each clause with its words; a clause of punctuation alone ("-", "!!") has none and is skipped
    clauses = [(s, w) for s in _split_clauses(text) if (w := normalise(s).split())]
    if not clauses:
        return False
    if clauses[0][1][0] in _STANCE_OPENERS:  # "Yes, these are addressed in my uploaded submission"
        return False
    pointed = False
    title_follows = False
    for sentence, words in clauses:
        present = set(words)
        continues_title, title_follows = title_follows, _introduces_title(sentence)
        name = _sender_name(words)  # "on behalf of Backcountry Against Dumps" names, it does not say
        said = {w for i, w in enumerate(words)  # "Docket No.", "Good afternoon" say nothing
                if not (w == "no" and i and words[i - 1] in _REFERENCE) and i not in name
                and not (w == "good" and words[i + 1:i + 2] in (["morning"], ["afternoon"], ["evening"], ["day"]))
                and not (w == "supporting" and set(words[i + 1:i + 2]) & _SUPPORTING_MATERIAL)}  # "supporting data"
        if len(words) <= 20 and (_PUBLICATION_CONSENT.search(" ".join(words))
                                 or ("hesitate" in present and present & _CONTACTING)):
            continue  # "We have no objection to the publication of this submission.", "Please do not hesitate to contact"
        if said & _VIEW_WORDS:
            return False
        if words[0] in {"thank", "thanks", "sincerely", "regards", "respectfully"}:
            # "Thank you, Laura Skaer, Executive Director"; "Thank You For Considering Our Comments, Attached."
            pointed = pointed or bool(present & (_ATTACHMENT | _SENDING) and present & _SENT)
            continue
        if present & _CONTACTING and len(words) <= 30:
            continue  # "For queries please contact our policy officer, Owen Example, on 01632 960000."
        if continues_title and pointed and not present & _CLAUSE_WORDS and len(words) <= 30:
            continue  # the title after "... Regarding Docket DEA-480:" ("Controlled Substances Quotas")
        if pointed and len(words) <= 8 and (_signature(sentence) or _signed_with_role(sentence)):
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
        if present & _ATTACHMENT:  # "Please see the attached comments from <sender, however long>"
            first = next(i for i, w in enumerate(words) if w in _ATTACHMENT)
            cut = min(next((i for i, w in enumerate(words) if w in _SENDER and i > first), len(words)),
                      _subject_start(words, first))
            if _is_pointer(words[:cut]):
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
    return pointed


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
        if i == 0 or (len(words) <= 15 and (w != "comment" or words[i + 1:i + 3] == ["on", "behalf"]
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
        if len(tokens) > k and len(rest) <= 5 and not set(rest) & _VIEW_WORDS and _signature(" ".join(tokens[:k])):
            return True
    return False


def _other_words(words: list[str]) -> list[str]:
    """The words of a covering sentence that are not pointer, reference or function words."""
    return [w for w in words if len(w) > 1 and w not in ENGLISH_STOP_WORDS and w not in _POINTER_VOCABULARY
            and w not in _REFERENCE and not any(c.isdigit() for c in w)]


_QUESTION_NUMBER = re.compile(r"q\d+[a-z]?|\d+[a-z]")


def _is_pointer(words: list[str], names: frozenset[str] = frozenset()) -> bool:
    """A short pointer elsewhere or a declined answer (see the module notes); ``words`` normalised;
    ``names`` (lower case) may stand in it besides the pointer's own words (whose submission it points to)."""
    if len(words) > POINTER_MAX_WORDS:
        return False
    present = set(words)
    declined = (bool(present & _NEGATION) and (bool(present & _DECLINED)
                                               or bool(present & _UNQUALIFIED and present & _TO_ANSWER))) \
        or bool(_NO_TIME.search(" ".join(words)) and present & (_TO_ANSWER | {"address"}))
    if words[0] in _STANCE_OPENERS and not (declined and words[0] == "no"):
        return False
    pointer = bool(present & _ATTACHMENT) or (bool(present & _POINTER_VERBS) and bool(present & _POINTER_OBJECTS))
    if not (pointer or declined or words[:2] == ["thank", "you"]):
        return False
    content = [w for w in words if len(w) > 1 and not w.isdigit() and w not in ENGLISH_STOP_WORDS]
    # a question's number is part of the pointer ("See my answer to Q1", a trial's label of a theme)
    unknown = [w for w in content if w not in _POINTER_VOCABULARY and not _QUESTION_NUMBER.fullmatch(w)]
    if names and pointer and 0 < len(unknown) <= 3 and all(w in names for w in unknown):
        return True
    return len(unknown) == 0 or (len(unknown) == 1 and len(content) >= 3)


def _names_within(text: str) -> frozenset[str]:
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


def phrases() -> frozenset[str]:
    """The phrases recognised (normalised), for documentation and tests."""
    return frozenset(_PHRASES)
