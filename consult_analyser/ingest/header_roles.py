"""Which role a column's header names, for the column detection (:mod:`.columns`).

Patterns checked on a header's words (see :func:`.header_text.header_words`): the rules for each
role in survey tools' own wording and in several languages (:data:`_HEADER_RULES`, the first match
wins), the few roles a numbered question's wording can have, a respondent's own details and the
handling of their response (postcode, address, phone, publication consent, contact), identifiers,
tallies, question codes and headers written in two languages.
"""

from __future__ import annotations

import re

# Header patterns, checked in order on the header's words (see header_words); the first match wins.
# Generic survey-export wording in English, French, German and Spanish, and the fixed column names
# of common survey tools (SurveyMonkey, Qualtrics, Microsoft and Google Forms, Typeform, JotForm,
# SmartSurvey, Citizen Space, the EU "Have your say" portal, regulations.gov).
_HEADER_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"\be[ -]?mail\b|courriel|correo electronico|adresse electronique|\be[ -]?bost\b", re.I)),
    # one column for a person's or an organisation's name (an inquiry's evidence log): the name, which stands
    # for the organisation where the respondent is one (see wide.parse)
    ("name", re.compile(r"^(submitted|sent|written) by$|^from$|^(name of )?(the )?person or organi[sz]ation"
                        r"( s)?( name)?$|^name (of person )?or organi[sz]ation$|^(your )?name or (your )?organi[sz]ation"
                        r"( s)? name$", re.I)),
    ("organisation", re.compile(r"organi[sz]ation('?s)? name|name of (your |the )?organi[sz]ation"
                                r"|^(organi[sz]ation|org|company|business|employer|affiliation|institution)( name)?$"
                                r"|on behalf of (which|what)|what is (the name of )?your organi[sz]ation"
                                r"|nom de (l )?(organisation|organisme|entreprise|structure)|^(organisme|entreprise)$"
                                r"|name (der|des) (organisation|unternehmens|einrichtung)|^unternehmen$"
                                r"|^organizacion$|nombre de (la )?(organizacion|entidad|empresa)"
                                r"|^enw r sefydliad$|^enw (eich |y )?sefydliad$|^sefydliad$"  # Welsh
                                r"|(which|what) organi[sz]ation (do|are) you (represent|responding for)"
                                r"|^(org|organi[sz]ation|company)name$"
                                # "If you are responding on behalf of an organisation, please tell us its name"
                                r"|\b(tell us|give|provide|state|enter|write) (its|their|the name of (the |your )?"
                                r"(organi[sz]ation|group|business|company|body)"
                                r"|(the |your )(organi[sz]ation|group|business|company|body)( s)?) name\b"
                                r"|on behalf of an? (organi[sz]ation|group|business|company|body)\b.*\b(its|their) name\b",
                                re.I)),
    ("sector", re.compile(r"type of (organi[sz]ation|respondent|body|stakeholder|submitter|commenter)"
                          r"|best describes? (you|your (organi[sz]ation|role|sector|business|body|group|interest))"
                          r"( (or|and) (you|your (organi[sz]ation|role|sector|business|body|group|interest)))?$"
                          # "If you are responding on behalf of an organisation, which ... best describes it?"
                          r"|best describes? (it|them|(the|this|that) (organi[sz]ation|body|group))$"
                          r"|^(sector|your sector|which sector)|\b(respondent|user|stakeholder|organi[sz]ation|org"
                          r"|submitter|commenter|participant) ?(type|category|kind)\b|^category$"
                          r"|category of (respondent|organi[sz]ation)|(in what|which) capacity|^type$"
                          r"|type d(e|u) (repondant|participant|organisation|organisme|structure|acteur)|categorie"
                          r"|art (der|des) (organisation|teilnehmer|einrichtung|institution|befragten)"
                          r"|organisationstyp|organisationsart|teilnehmertyp|^sektor$|^math o (sefydliad|ymatebydd)"
                          r"|tipo de (organizacion|entidad"
                          r"|participante|encuestado)|^secteur$", re.I)),
    ("respondent_type", re.compile(r"(responding|respond|reply(ing)?|submitting)\b.*\b(as an? |on behalf|individual)"
                                   # "Are you making this submission as an individual or on behalf of an organisation?"
                                   r"|\b(submission|response|comments?|feedback)\b.*\bas an? (individual|organi[sz]ation)"
                                   r"|\bindividual or on behalf of\b"
                                   r"|individual or (an )?organi[sz]ation|are you an? individual"
                                   r"|(repondez|repondre)\b.*\b(en tant que|au nom)|a titre (individuel|personnel)"
                                   r"|(antworten|antwortest)\b.*\b(als|im namen)|privatperson oder"
                                   r"|responde\b.*\b(como|en nombre)|\bymateb fel\b|unigolyn neu ar ran"
                                   r"|^(are you )?(responding|replying|answering|submitting|writing) as$", re.I)),
    ("id", re.compile(r"^(response|respondent|submission|record|unique|participant|case|user|document|comment|passage"
                      r"|item|answer|row|line|paragraph|extract|excerpt|segment"
                      r"|feedback|entry)[ _-]?(id|number|no\.?|ref(erence)?)$"
                      r"|^id$|^ref(erence)?$|^case ?id$|^sub ?num$|^#$|^token$|^identifiant$|^kennung$"
                      r"|^(id|numero|no|identifiant) (de|du) (la )?(reponse|repondant|participant|contribution)$"
                      r"|^(id|numero) de (respuesta|participante)$|^antwort ?(id|nummer)$|^(id|rhif) ymateb$"
                      r"|^cyfeirnod$", re.I)),
    ("name", re.compile(r"^(your |the respondent s |respondent s )?(full |respondent |first |last |given |family |sur)?"
                        r"name$|^surname$|^(please )?(give|enter|tell us|provide|state) your (full )?name$"
                        r"|^(submitter|respondent|commenter|author)( name)?$|^sub ?name$|^name of (the )?respondent"
                        r"|^recipient (first |last )?name$"  # Qualtrics: the contact the survey was sent to
                        r"|^(first|last|sur|given|family|fore)name$"  # LimeSurvey's participant columns
                        r"|^what is your (full )?name$|^(nom|prenom|nom complet|vorname|nachname|nombre|apellidos?)$"
                        r"|^(enw|eich enw|enw llawn|enw cyntaf|cyfenw)$",
                        re.I)),
    ("region", re.compile(r"\bregion\b|where (do you|are you) (live|based)|^location$|^nation$"
                          r"|local authority area|^(which |your )?local authority( area)?( do you live in)?$"
                          r"|ardal awdurdod lleol|^ardal$|^rhanbarth$"
                          r"|^(your |home )?country( of (origin|residence|establishment|registration))?$"
                          r"|^(in )?which country (are you|do you|is your)|^(pays|land|pais) d"
                          r"|^(pays|land|pais|bundesland|state|province|county|state province|territory|canton"
                          r"|(province|state) (or|and|ou|et) (territory|territoire)|provincia|provincie|region"
                          r"|state ?/ ?province)$", re.I)),
    # a column the file left without a name (named "Column 14" on import): a team's notes, never a question
    ("metadata", re.compile(r"^column \d+$|submitted|^date|started|completed|^ended$|timestamp|^time$|^channel$|^status$|^ip ?address"
                            r"|^cyflwynwyd( ar)?$|^dyddiad|^iaith$"  # Welsh: submitted on, date, language
                            r"|^(start|end|submit|stage|recorded|last modified|completion|submission|created|response)"
                            r" (date|time)|^agency( id)?$|\bsize$|^(user )?language$|^network id$|^tags$"
                            # the rulemaking a comment is on, however named (as store.respondents.is_docket_header)
                            r"|^(regulations\W?gov )?docket(\W+(id|identifier|number|num|no|nr|#|ref|reference|code|title"
                            r"|name))?$"
                            r"|^collector id$|^custom (data|value)|^recipient|^external (data )?reference|^duration"
                            r"|^progress$|^finished$|^distribution channel$|^location (latitude|longitude)$"
                            r"|^response (set|type)$|^tracking|^publication|^tr ?number$|transparency register"
                            r"|^attachments?$|^scope$|^reference initiative$|^is my feedback$|^(posted|received) date"
                            r"|^tracking number$|^document type$|^horodat|^zeitstempel|^marca temporal|^is withdrawn|^title$"
                            r"|^government agency|^submitter representative|^(city|zip|postal code|zip ?/ ?postal code)$"
                            r"|^(fr|federal register) |^comment (start|due) date|^page count$|^content files$"
                            # the rest of a regulations.gov bulk download's fields: facts about the document
                            r"|^allow late comments$|^comment on document id$|^(effective|implementation|postmark"
                            r"|author) date$|^related rin|^authors?$|^cfr$|^abstract$|^legacy id$|^media$"
                            r"|^document subtype$|^exhibit (location|type)$|^additional field ?\d*$|^topics$"
                            r"|^duplicate comments$|^omb ?/ ?pra approval number$|^page length$|^paper width$"
                            r"|^special instructions$|^source citation$|^start end page$|^subject$|^restrict reason"
                            r"|^reason withdrawn$|^display properties|^withdrawn$|^attachment files$"
                            r"|^file ?names?$|^files?$|^(document|attachment) ?(file ?)?names?$"
                            # a survey tool's own record of the visit (LimeSurvey: by code, or as words)
                            r"|^(submitdate|startdate|datestamp|lastpage|last page|startlanguage|start language|seed"
                            r"|ipaddr|refurl|referrer url|interviewtime|total time)$|^(group|question) ?time(\b|\d)"
                            r"|^g\d+(q\d+)? ?time$"
                            # what a survey tool records of the visit (Alchemer, SurveyGizmo and others)
                            r"|^(contact|session|device|panel|link) ?id$|^user ?agent$|^referr?er$|^(longitude|latitude)$"
                            r"|^legacy comments$|^(postal|post ?code)$"
                            # a team's own notes on a response in its log of e-mailed responses: not a question
                            r"|^((internal|staff|officer|admin|team|processing|case|analyst|handling) )?notes?$"
                            # Jotform, Typeform (its hidden fields' utm_source, utm_medium ...)
                            r"|^(submission |user |client |remote )?ip$|^last (update|updated|modified|edited)( date| time)?$"
                            r"|^ending$|^utm( \w+)?$"
                            # where a passage sits in a report or an inquiry's findings
                            r"|^(section|chapter|part|volume|page|paragraph|annex)( (number|no|title|heading))?$", re.I)),
]


#: the handling of a response, of :data:`_PERSONAL_OR_HANDLING`: the rest is the respondent's own details
_HANDLING = re.compile(r"publish|publication|confidential|anonym|consent|contact|mailing list|newsletter", re.I)
_POSTCODE_HEADER = re.compile(r"post ?code|postal code|zip", re.I)
_IP_HEADER = re.compile(r"\bip ?(address|addr)\b|^(submission |user |client |remote )?ip$|^ipaddr$", re.I)
#: what a respondent gives about themselves or the handling of their response, numbered or not: their
#: postcode, address or telephone number (personal data, never an open question to find themes in),
#: and whether the response may be published or they may be contacted (an instruction, not a view)
_PERSONAL_OR_HANDLING = re.compile(
    r"\b(post ?code|postal code|zip ?code|home address|postal address|street address|your address|date of birth)\b"
    r"|^(your |home |contact )?(address|zip|(tele)?phone( number)?|mobile( phone)?( number)?)$|\bcontact number\b"
    r"|\byour (tele)?phone( number)?\b|\b(tele)?phone number\b"
    # whose phone or fax, in a header of two or three words ("Representative's Phone", "Cell Phone", "Fax")
    r"|^(\w+ ){0,2}(tele)?phone$|^(\w+ ){0,2}fax( number)?$"
    # an address of someone's, but not an e-mail address ("Representative's Address", "City, State & Zip")
    r"|^(?!.*\be ?-?mail\b).*\baddress( line ?\d)?$|\bcity,? state,? (and |& )?zip\b"
    r"|\b(publish|published|publication|confidential|anonymous|anonymi[sz]ed?)\b.*\b(your|my|this) "
    r"(response|submission|answers?|name|comments?|details)\b"
    r"|\b(your|my|this) (response|submission|answers?|name|comments?|details)\b.*"
    r"\b(publish|published|publication|confidential|anonymous|anonymi[sz]ed?)\b"
    r"|^(publication|publishing|publish|confidentiality|consent)( (preference|consent|permission|request|statement))?$"
    r"|\b(may|can|could) we (contact|e ?mail|write to|get in touch|follow up)"
    r"|\b(happy|willing|agree|consent) (for us )?to (be )?(contacted|publish|publication)"
    r"|\b(remain|stay|be kept|kept|be) anonymous\b|\b(withhold|hide) (your|my) name\b|\baros yn ddienw\b"
    r"|\b(contact you|be contacted) (again|further|about|in future|for)|\b(mailing list|newsletter)\b"
    # a privacy acknowledgement ("I confirm that I have read the privacy policy and consent to ...")
    r"|\b(read|accept|agree to|understood?) the (privacy|data protection) (policy|notice|statement)\b"
    r"|\bconsent to (the |my )?(data|personal data|information) (i provide )?being (used|processed|held)", re.I)


#: an organisation's name asked only of those who answer for one: "Name of organisation (if responding on behalf of
#: one)", "Organisation (if applicable)", "Organisation, if any", "(Optional) Organisation you represent", "If you
#: are responding on behalf of an organisation, please tell us its name"; not "Organisation name"
_CONDITIONAL_ORGANISATION = re.compile(
    r"\bif (?:you are |you're |you )?(?:responding|replying|answering|writing|submitting|commenting|respond|reply)\b"
    r".*\b(?:on behalf|for an?|as an?|representing)\b|\bif (?:applicable|any|relevant|appropriate|representing|on behalf)\b"
    r"|\bwhere (?:applicable|relevant)\b|\bif you (?:represent|are representing|belong to|speak for)\b|\boptional\b"
    r"|\bsi (?:vous )?(?:r[ée]pondez|applicable)\b|\bfalls zutreffend\b|\bsi procede\b|\bos yn berthnasol\b", re.I)


def conditional_organisation(header: str) -> bool:
    """Whether an organisation column's header asks for a name only from those answering for an organisation
    (:data:`_CONDITIONAL_ORGANISATION`): a blank cell under it says the respondent answered as an individual."""
    return bool(_CONDITIONAL_ORGANISATION.search(" ".join(header.replace("_", " ").split())))


# Roles a numbered question can have (others, such as "region" or "category", are real questions)
_KEYED_ROLES = {"email", "respondent_type", "organisation", "name", "sector"}
_KEYED_SECTOR = re.compile(r"type of (organi[sz]ation|respondent|body)|(organi[sz]ation|respondent) type"
                           r"|(in what|which) capacity are you (responding|replying|answering|submitting)"
                           r"|best describes? (your|the) (organi[sz]ation|body|group)|type d(e|u) repondant"
                           r"|art (der|des) (organisation|einrichtung)", re.I)


# a header in any wording that asks whether one answers as a person or for a body
_NAMES_SIDES = re.compile(r"\b(individual|person|yourself|private)\b.*\b(organi[sz]ation|behalf|body|business|group)\b"
                          r"|\b(organi[sz]ation|behalf)\b.*\b(individual|person|yourself)\b", re.I)


# the last word of a header that names an identifier ("Recommendation ID", "Passage ref", "Rec No",
# "Recommendation number"), but not a number that is personal data or another body's register
_ID_WORD = re.compile(r"\b(id|identifier|ref|reference)$|^(no|nr|num|number)$"
                      r"|^(?!.*\b(phone|telephone|mobile|contact|fax|house|flat|street|building|charity|company|vat"
                      r"|registration|tax|insurance|nhs|account|card|passport|licen[cs]e|postcode|zip)\b).*"
                      r"\b(no|nr|num|number)$", re.I)


def is_id_header(words: str) -> bool:
    """Whether a header (as :func:`header_words`) names an identifier: its last word is ID or ref."""
    return bool(_ID_WORD.search(words))


#: a platform's tally of reactions to a contribution
_COUNT_HEADER = re.compile(r"(?:(?:number|no|total|count) of )?(?:likes?|votes?|up ?votes?|down ?votes?|dislikes?|"
                           r"agrees?|disagrees?|reactions?|views?|supporters?|replies|kudos|hearts?)"
                           r"(?: (?:count|received|total))?")


#: a header that is only a question's code, as analysis files name columns ("N2", "Q5b" aside: "S10", "AB3")
_CODE_HEADER = re.compile(r"[A-Za-z]{1,3}\d{1,3}[a-z]?")
_UNNAMED = re.compile(r"Column \d+")  # what the table reader names a column without a header


#: the headers before Alchemer's "Comments" column (its staff's notes on a response, not a question)
_ALCHEMER_BEFORE_NOTES = frozenset({"legacy comments", "contact id"})


#: what parts a header written in two languages: "Last name / Nom de famille" (not "State/Province")
BILINGUAL = re.compile(r"\s+[/|]\s+")
