"""Personal data as written across Europe, for :mod:`consult_analyser.pipeline.pii`: EU "Have your
say" feedback mixes English with German, French, Polish, ... answers.

* ``address``: a street and house number in the local styles (``Lindenstraße 12``, ``Berliner Straße
  5``, ``14 rue des Lilas``, ``Via Garibaldi 7``, ``Calle Mayor 5``, ``ul. Kwiatowa 3/12``,
  ``Keizersgracht 112``), with the postcode and town that follow (``80331 München``, ``00-001
  Warszawa``, ``1015 CX Amsterdam``); a street named by a word before it ("Via", "Calle", "rue")
  counts only before a postcode or where a signature puts it (after a comma or at a line's start),
  and a postcode and town alone only there too.
* ``phone``: French numbers in pairs (``06 12 34 56 78``), numbers with a slash (``089/12345678``),
  numbers with a leading 0 in groups (``02 1234 5678``, ``0341 9876543``), ``0049 ...``, and any
  number after "Tel.", "tél.", "Handy", "móvil", ... (``612 34 56 78``); national formats without
  "+" by their shape or after a cue in their language ("il mio numero è 347 123 4567", "Mój numer to
  601 234 567"): :mod:`consult_analyser.pipeline.pii_eu_phones`.
* ``id_number``: Spanish DNI and NIE numbers whose check letter holds (``12345678Z``).
* ``bank``: IBANs of any country whose mod-97 check holds (ISO 13616), and after a cue ("IBAN",
  "Kontonummer", "numéro de compte", "rekeningnummer", "numer konta", "conto", "cuenta") one whose
  check fails (a slip in typing it); without a cue an ordinary code of the same shape is kept.
* Italian, Polish, Swedish and German identity numbers and Irish Eircodes:
  :mod:`consult_analyser.pipeline.pii_eu_ids`.

It also says which texts are not English (:func:`not_english`): there a run of capitalised words
is no sign of a name (German capitalises every noun; "Das deutsche Pfandsystem"), so a name found by
its shape or by the (English) recogniser counts only with a strong cue (:func:`strongly_cued`): a
title, a greeting or a sign-off, a self-introduction, "Kontakt:", or an address, phone or e-mail
straight after it, or a line of its own at the end (a signature).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from consult_analyser.pipeline import pii_eu_phones
from consult_analyser.pipeline.pii_cues import I_AM
from consult_analyser.pipeline.pii_eu_ids import national_id_spans
from consult_analyser.pipeline.pii_names import is_given_name
from consult_analyser.pipeline.pii_words import in_welsh_sentence, welsh_words

Found = Iterator[tuple[int, int, str]]

_L = r"A-ZÀ-ÖØ-ÞĀ-ſ"  # capitals, any Latin script (lower-case ones fall in the same ranges)
_CAP = rf"[{_L}][^\W\d_]*(?:['’-][^\W\d_]+)*"
# a house number, with a range or an Austrian staircase and door ("88a/3/12")
_NUMBER = r"\d{1,4}[a-zA-Z]?(?:[ \t]?[-/][ \t]?\d{1,4}[a-zA-Z]?){0,2}(?![\w/])"
_SUFFIX_STREET = re.compile(
    rf"(?<![\w-])(?:[{_L}][^\W\d_]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|steig|chaussee|"
    r"stieg|pfad|markt|graben|straat|laan|plein|gracht|kade|singel|dijk|steeg|gatan|vägen|gränd|torget|gade|vej|"
    r"vegen|veien|katu|tie)"
    rf"|(?:{_CAP}[ \t]+)?(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Markt))[ \t]+{_NUMBER}")
_PREFIX_WORDS = (r"Calle|C/|Avenida|Avda\.?|Av\.|Plaza|Paseo|Carrer|Carretera|Camino|Ronda|Travesía|Rua|Largo|Praça|"
                 r"Travessa|Via|Viale|V\.le|Piazza|P\.zza|Piazzale|Corso|Vicolo|Strada|[Rr]ue|[Aa]venue|[Bb]oulevard|"
                 r"[Bb]d|[Pp]lace|[Cc]hemin|[Aa]llée|[Ii]mpasse|[Qq]uai|[Rr]oute|[Cc]ours|ul\.|ulica|al\.|aleja|os\.|"
                 r"Odos|Odós|Leoforos|Leof\.|ulice|třída|nám\.|náměstí|Strada|Bulevardul|Rruga|Ulica")
_STREET_NAME = rf"(?:(?:{_CAP}|\d{{1,2}}\.?|(?:de|del|de la|des|du|de l['’]|d['’]|dei|della|delle|degli|di|da|do|dos|das|le|la|les|l['’]|el|van|der|den|na|von)(?=[ \t{_L}]))[ \t]*){{1,4}}"
_PREFIX_STREET = re.compile(
    rf"(?<![\w-])(?:(?:{_PREFIX_WORDS})[ \t]+{_STREET_NAME},?[ \t]*{_NUMBER}"
    rf"|{_NUMBER},?[ \t]+(?:bis[ \t]+|ter[ \t]+)?(?:{_PREFIX_WORDS})[ \t]+{_STREET_NAME})")
_TOWN = rf"[{_L}][^\W\d_]*(?:['’-][^\W\d_]+)*(?:[ \t]+(?:[{_L}][^\W\d_]*(?:['’-][^\W\d_]+)*|am|an|im|in|bei|de|del|di|sur|sous|en|la|le|el)){{0,3}}"
_POSTCODE_TOWN = re.compile(
    rf"(?<![\w-])(?:(?:[A-Z]{{1,2}}-)?\d{{5}}|\d{{2}}-\d{{3}}|\d{{4}}-\d{{3}}|\d{{4}}[ \t]?[A-Z]{{2}}|\d{{3}}[ \t]\d{{2}}"
    rf"|(?P<short>(?P<lettered>[A-Z]{{1,2}}-)?\d{{4}}))"
    rf"[ \t]+(?P<town>{_TOWN}(?:[ \t]+\d{{1,2}}(?![\w]|[.,/-]\d))?)")  # a district: "Praha 2", "Wien 7"
# a street named by neither its ending nor a word before it ("Vinohradská 12", "Karlova 5"): only in
# a signature, straight before a postcode and town
_CITATION = re.compile(r"(?i:artikel|article|articolo|artículo|artigo|artykuł|článek|art|absatz|abs|paragraph|"
                       r"kapitel|chapitre|capitolo|capítulo|anhang|annexe?|anexo|allegato|bijlage|nummer|nr|numéro|"
                       r"punkt|point|punto|seite|page|pagina|página|ziffer|rn|randnummer|section|chapter|teil|titel|"
                       r"richtlinie|verordnung|directive|règlement|regulation|reglamento|regolamento|band|jahr|year)\b")
_PLAIN_STREET = re.compile(rf"(?<![\w-]){_CAP}(?:[ \t]+{_CAP}){{0,2}}[ \t]+{_NUMBER}")
_GAP = re.compile(r"[ \t]*,?[ \t]*(?:\n[ \t]*)?$")


def _town_end(match: re.Match[str]) -> int:
    """The end of a postcode and town, without a word after the town that is written in lower case."""
    town = match.group("town")
    words = town.split()
    while len(words) > 1 and (words[-1][:1].islower() or words[-1] in ("Tel", "Tel.", "Telefon", "E-Mail", "Fax")):
        words.pop()
    return match.start("town") + len(" ".join(words)) if words else match.end()


def _in_signature(text: str, start: int) -> bool:
    """Whether ``text[start:]`` stands where a signature puts an address: after a comma or at a line's start."""
    before = text[max(0, start - 3):start]
    return start == 0 or bool(re.search(r"(?:,|\n)[ \t]*$", before))


def _english_word(word: str) -> bool:
    from consult_analyser.pipeline.pii_words import _common_words

    return word.lower() in _common_words()


def address_spans(text: str) -> Found:
    """European street addresses, with the postcode and town after them (see the module docstring)."""
    # a street named by its ending is sure, unless the word is an English one ("In Spring 2021", "During 2013")
    streets = [(m.start(), m.end(), not _english_word(m.group(0).split()[0])) for m in _SUFFIX_STREET.finditer(text)]
    streets += [(m.start(), m.end(), False) for m in _PREFIX_STREET.finditer(text)]
    towns = list(_POSTCODE_TOWN.finditer(text))
    plain = [(m.start(), m.end(), None) for m in _PLAIN_STREET.finditer(text) if _in_signature(text, m.start())]
    used: set[int] = set()
    for start, end, sure in sorted(streets) + plain:
        after = next((t for t in towns if t.start() >= end and _GAP.match(text[end:t.start()])
                      and t.start() - end <= 4), None)
        if sure is None:  # a plain street: before a postcode that is sure to be one
            if after is not None and (not after.group("short") or after.group("lettered")) \
                    and after.start() not in used and not _english_word(text[start:end].split()[0]) \
                    and not _CITATION.match(text, start):
                used.add(after.start())
                yield start, _town_end(after), "address"
            continue
        if after is not None:
            used.add(after.start())
            yield start, _town_end(after), "address"
        elif sure or _in_signature(text, start):
            yield start, end, "address"
    for town in towns:
        if town.start() in used or town.group("short"):
            continue  # a four-digit number before a word ("2024 Germany") is a postcode only after a street
        if _in_signature(text, town.start()) and re.match(r"[ \t]*(?:[,;\n]|$|\.[ \t]*$)", text[_town_end(town):]):
            yield town.start(), _town_end(town), "address"


_PHONE_CUE = re.compile(r"(?<![\w])(?:tel|tél|télé?phone|telefon|telefono|teléfono|telefone|telefoon|tlf|tfn|mob|mobil|"
                        r"mobile|móvil|portable|cellulare|cell|handy|gsm|fax|phone|ph|t)\.?(?:[ \t]*(?:nr|no|n°|num)\.?)?"
                        r"[ \t]*[:.]?[ \t]*(?P<number>\+?\(?\d[\d \t./()-]{5,22}\d)", re.I)
_PHONE_PAIRS = re.compile(r"(?<![\w+.,/-])0[1-9](?:[ .-]?\d{2}){4}(?![\w]|[.,/-]\d)")
_PHONE_SLASH = re.compile(r"(?<![\w+.,/-])0\d{2,5}[ \t]?/[ \t]?\d{3,10}(?:[ \t-]\d{1,5})?(?![\w/]|[.,-]\d)")
_PHONE_GROUPS = re.compile(r"(?<![\w+.,/-])0[1-9]\d{0,3}(?:[ \t.-]\d{2,8}){1,4}(?![\w]|[.,/-]\d)")
_PHONE_00 = re.compile(r"(?<![\w+.,/-])00[ \t]?[1-9]\d{0,2}(?:[ \t.-]?\(?\d{1,5}\)?){2,6}(?![\w]|[.,/-]\d)")
_DIGITS = re.compile(r"\d")


def phone_spans(text: str) -> Found:
    """European phone numbers (see the module docstring)."""
    yield from pii_eu_phones.spans(text)
    for pattern, low in ((_PHONE_PAIRS, 10), (_PHONE_SLASH, 7), (_PHONE_GROUPS, 9), (_PHONE_00, 10)):
        for match in pattern.finditer(text):
            if low <= len(_DIGITS.findall(match.group(0))) <= 15:
                yield match.start(), match.end(), "phone"
    for match in _PHONE_CUE.finditer(text):
        number = match.group("number").rstrip(" \t./-(")
        if 6 <= len(_DIGITS.findall(number)) <= 15 and not re.search(r"\d[./]\d{1,2}[./]\d", number) \
                and not pii_eu_phones.not_a_phone(number):
            yield match.start("number"), match.start("number") + len(number), "phone"


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_DNI = re.compile(r"(?<![\w-])(?:[XYZ][ \t-]?\d{7}|\d{8})[ \t-]?[A-Z](?![\w-])")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ \t]?[A-Z0-9]{4}){2,7}(?:[ \t]?[A-Z0-9]{1,3})?(?![\w])")


def dni_check(value: str) -> bool:
    """True when a Spanish DNI (eight digits and a letter) or NIE (X, Y or Z, seven digits and a
    letter) carries its check letter."""
    value = re.sub(r"[ \t-]", "", value).upper()
    if len(value) != 9:
        return False
    digits = "XYZ".find(value[0]) if value[0] in "XYZ" else -1
    number = (str(digits) + value[1:8]) if digits >= 0 else value[:8]
    return number.isdigit() and _DNI_LETTERS[int(number) % 23] == value[8]


def iban_check(value: str) -> bool:
    """True when an IBAN (any country; spaces allowed) passes the ISO 13616 mod-97 check."""
    value = re.sub(r"[ \t]", "", value).upper()
    if not (15 <= len(value) <= 34 and value[:2].isalpha() and value[2:4].isdigit() and value.isalnum()):
        return False
    moved = value[4:] + value[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def identifier_spans(text: str) -> Found:
    """Spanish DNI/NIE numbers and IBANs that pass their checks, and the identity numbers and
    Eircodes of :mod:`consult_analyser.pipeline.pii_eu_ids`."""
    yield from national_id_spans(text)
    for match in _DNI.finditer(text):
        if dni_check(match.group(0)):
            yield match.start(), match.end(), "id_number"
    for match in _IBAN.finditer(text):
        value = match.group(0)
        while value and not iban_check(value):  # the match may have taken a word after the IBAN
            value = value[: max(value.rfind(" "), value.rfind("\t"))] if re.search(r"[ \t]", value) else ""
        if not value and _IBAN_CUE.search(text, max(0, match.start() - 40), match.start()):
            value = _iban_length(match.group(0))  # a slip in its check digits is still the person's account
        if value:
            yield match.start(), match.start() + len(value), "bank"


# "IBAN", "Kontonummer", "numéro de compte", "rekeningnummer", "numer konta", "conto", "cuenta", "account"
_IBAN_CUE = re.compile(r"(?<![\w])(?:iban|bic|konto(?:nummer|verbindung)?|bankverbindung|(?:num[eé]ro[ \t]+de[ \t]+)?compte|"
                       r"rib|rekening(?:nummer)?|numer[ \t]+konta|rachunek|rachunku|(?:numero[ \t]+di[ \t]+)?conto|"
                       r"(?:n[uú]mero[ \t]+de[ \t]+)?cuenta|account|bank)(?![\w])", re.I)
# the length of each country's IBAN (ISO 13616 registry)
_IBAN_LENGTHS = dict(
    (entry[:2], int(entry[2:])) for entry in
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 FI18 "
    "FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 "
    "LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 "
    "SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20".split())


def _iban_length(value: str) -> str:
    """``value`` (an IBAN's shape after its cue) cut to its country's length, when longer: the match may
    have taken a code after it; a country not in the registry, or one too short, is kept whole."""
    length, seen = _IBAN_LENGTHS.get(value[:2]), 0
    if length is None:
        return value
    for i, ch in enumerate(value):
        seen += ch.isalnum()
        if seen == length:
            return value[: i + 1]
    return value


# -- names in text that is not English ------------------------------------------------------------

_SIGN_OFFS = (r"mit[ \t]+freundlichen[ \t]+grü(?:ß|ss)en|mit[ \t]+freundlichem[ \t]+gru(?:ß|ss)|freundliche[ \t]+grü(?:ß|ss)e|"
              r"(?:viele|beste|liebe|herzliche)[ \t]+grü(?:ß|ss)e|hochachtungsvoll|(?:bien[ \t]+)?cordialement|"
              r"(?:sincères|meilleures)[ \t]+salutations|salutations[ \t]+distinguées|bien[ \t]+à[ \t]+vous|"
              r"(?:distinti|cordiali|cari)[ \t]+saluti|saluti|atentamente|(?:un[ \t]+)?(?:cordial[ \t]+)?saludo(?:s)?"
              r"(?:[ \t]+cordiales)?|z[ \t]+poważaniem|pozdrawiam|z[ \t]+wyrazami[ \t]+szacunku|"
              r"met[ \t]+vriendelijke[ \t]+groet(?:en)?|vriendelijke[ \t]+groet(?:en)?|hoogachtend|s[ \t]+pozdravem|"
              r"s[ \t]+úctou|med[ \t]+vänlig(?:a)?[ \t]+häls?ning(?:ar)?|vänliga[ \t]+hälsningar|"
              r"med[ \t]+venlig[ \t]+hilsen|venlig[ \t]+hilsen|med[ \t]+vennlig[ \t]+hilsen|ystävällisin[ \t]+terveisin|"
              r"(?:com[ \t]+os[ \t]+)?(?:melhores[ \t]+)?cumprimentos|atenciosamente|με[ \t]+εκτίμηση|"
              # informal: "Tschüss, Kevin", "Ciao", "Bises", "Un abrazo", "Groetjes", "Hälsningar"
              r"(?:schöne[ \t]+)?grü(?:ß|ss)e|gru(?:ß|ss)|tschü(?:ss|s)|servus|ciao|bises|bisous|amitiés|"
              r"à[ \t]+bientôt|a[ \t]+presto|un[ \t]+saluto|(?:un[ \t]+)?abrazo(?:s)?|besos|hasta[ \t]+luego|"
              r"groetjes|groeten|hälsningar|hej[ \t]+då|hilsen|pozdrowienia|ahoj|abraço(?:s)?|beijinhos|terveisin")
_SELF_INTRO = (r"mein[ \t]+name[ \t]+ist|ich[ \t]+hei(?:ß|ss)e|je[ \t]+m['’]appelle|mon[ \t]+nom[ \t]+est|mi[ \t]+chiamo|"
               r"il[ \t]+mio[ \t]+nome[ \t]+è|me[ \t]+llamo|mi[ \t]+nombre[ \t]+es|nazywam[ \t]+się|mam[ \t]+na[ \t]+imię|"
               r"mijn[ \t]+naam[ \t]+is|ik[ \t]+heet|jmenuji[ \t]+se|jag[ \t]+heter|mitt[ \t]+namn[ \t]+är|"
               r"chamo-me|o[ \t]+meu[ \t]+nome[ \t]+é|unterzeichnet|signé|firmado|firmato|podpisano")
# a relative or neighbour named ("Ma fille Josée a une allergie", "mein Sohn Lukas", "mi hija Lucía")
_RELATIVE = (r"(?:ma|mon)[ \t]+(?:fille|fils|enfant|petite-fille|petit-fils|mari|femme|conjoint|conjointe|épouse|époux|"
             r"voisin|voisine|frère|sœur|soeur|mère|père|ami|amie|cousin|cousine|tante|oncle|neveu|nièce|"
             r"grand-mère|grand-père|partenaire|compagnon|compagne|collègue)|"
             r"(?:mein|meine|meinen|meiner|meinem)[ \t]+(?:tochter|sohn|kind|enkel|enkelin|mann|frau|partner|partnerin|"
             r"nachbar|nachbarin|bruder|schwester|mutter|vater|freund|freundin|kollege|kollegin)|"
             r"mi[ \t]+(?:hija|hijo|nieta|nieto|marido|esposa|esposo|mujer|pareja|vecino|vecina|hermano|hermana|madre|"
             r"padre|amigo|amiga)|(?:mia|mio)[ \t]+(?:figlia|figlio|nipote|marito|moglie|compagno|compagna|vicino|vicina|"
             r"fratello|sorella|madre|padre)|mijn[ \t]+(?:dochter|zoon|kind|man|vrouw|partner|buurman|buurvrouw|broer|zus|"
             r"moeder|vader)")
_CONTACT = (r"(?:kontakt|contact|contacto|contatto|ansprechpartner(?:in)?|(?:bei|für)[ \t]+(?:rück)?fragen|"
            r"persona[ \t]+de[ \t]+contacto|referente|contactpersoon|kontaktní[ \t]+osoba)[ \t]*:")
_TITLES = (r"Herr|Herrn|Frau|Dr\.?|Prof\.?|Mag\.|Ing\.|Dipl\.-Ing\.|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle|"
           r"M\.|Sig\.(?:ra)?|Signor|Signora|Dott\.(?:ssa)?|Avv\.|Sr\.|Sra\.|Srta\.|Señor|Señora|Don|Doña|Pan|Pani|"
           r"Dhr\.|Mevr\.|Mw\.|Pán|Paní|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx|Sir|Dame|Cllr|Dear|Liebe|Lieber|Cher|Chère|"
           r"Estimado|Estimada|Gentile|Caro|Cara|Beste|Geachte|Szanowny|Szanowna")
_CUE_BEFORE = re.compile(
    rf"(?:(?<![\w])(?i:{_SIGN_OFFS}|{_SELF_INTRO}|regards|sincerely|faithfully|thanks|thank[ \t]+you|cheers|"
    rf"my[ \t]+name[ \t]+is|signed)[ \t]*[,.:!\-–]?\s*|(?i:{_CONTACT})\s*|(?<![\w])(?i:{_RELATIVE})[ \t]*,?[ \t]*"
    rf"|(?<![\w])(?:{_TITLES})(?:[ \t]+(?:Dr\.|Prof\.|Mag\.|Ing\.))*[ \t]+)$")
_TITLE_NAME = re.compile(rf"(?<![\w])(?:Herr|Herrn|Frau|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle|Sig\.ra|"
                         rf"Signora|Signor|Dott\.(?:ssa)?|Avv\.|Señor|Señora|Doña|Pani|Dhr\.|Mevr\.|Paní)"
                         rf"(?:[ \t]+(?:Dr\.|Prof\.|Mag\.|Ing\.|Dipl\.-Ing\.))*[ \t]+(?P<name>{_CAP}(?:[ \t]+{_CAP}){{0,2}})")
_CUED_NAME = re.compile(rf"(?:(?<![\w])(?i:{_SIGN_OFFS}|{_SELF_INTRO})[ \t]*[,.:!\-–]?[ \t]*(?:\n[ \t]*){{0,2}}|(?i:{_CONTACT})[ \t]*"
                        rf"|(?<![\w])(?i:{_RELATIVE})[ \t]*,?[ \t]*)"
                        rf"(?P<name>{_CAP}(?:[ \t]+(?:(?:van|von|de|der|den|da|di|del|la|le|du|dos|y|zu)[ \t]+)*{_CAP}){{0,3}})")


def cued_name_spans(text: str, stop: frozenset[str]) -> Found:
    """Names after a sign-off, a self-introduction or a contact cue in the languages of Europe ("Mit
    freundlichen Grüßen, ...", "Je m'appelle ...", "Bei Rückfragen: ...") and after a title
    ("Frau Dr. ...", "Mme ..."); ``stop`` (the stop words of those languages) ends a name."""
    for pattern in (_CUED_NAME, _TITLE_NAME):
        for match in pattern.finditer(text):
            start = match.start("name")
            words = [(m.start(), m.end()) for m in re.finditer(r"\S+", match.group("name"))]
            kept = []
            for a, b in words:
                word = match.group("name")[a:b]
                if word.lower() not in _LINKS and (word.lower() in stop or not word[:1].isupper()):
                    break
                kept.append(b)
            if kept:
                yield start, start + kept[-1], "name"


_LINKS = frozenset("van von de der den da di del la le du dos y zu".split())


def strongly_cued(text: str, start: int, end: int, contact: Sequence[tuple[int, int]]) -> bool:
    """Whether the name-shaped ``text[start:end]`` of a text that is not English is a name by a strong
    cue: a title, greeting, sign-off, self-introduction or contact cue before it; an address, phone or
    e-mail (``contact``: their offsets) straight after it; or a line of its own that ends the text."""
    if _CUE_BEFORE.search(text[max(0, start - 60):start]):
        return True
    after = re.match(r"[ \t]*,?[ \t]*(?:\n[ \t]*)?", text[end:])
    next_start = end + (after.end() if after else 0)
    if any(a == next_start for a, _ in contact):
        return True
    if re.match(r"(?:tel|tél|e-?mail|mail|mobil|handy|fax)\b", text[next_start:next_start + 8], re.I) and after \
            and "," in after.group(0):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    own_line = text[line_start:start].strip() == "" and text[end:line_end].strip() in ("", ",")
    return own_line and line_start > 0 and text.count("\n", end) <= 3 and len(text) - line_end < 200


@functools.cache
def other_stop_words() -> frozenset[str]:
    """Stop words of the languages of EU feedback other than English, less English's (spaCy's lists)."""
    english = _stop_words("en")
    return frozenset(word for code in ("de", "fr", "es", "it", "nl", "pl", "cs", "pt", "sv", "da", "sk", "ro", "hu",
                                       "fi", "hr", "sl")
                     for word in _stop_words(code) if word not in english and len(word) > 1)


def _stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words for ``code`` (its language modules import thinc, which would load PyTorch)."""
    from consult_analyser.pipeline.lean_imports import without_torch_stack
    from consult_analyser.pipeline.themes.languages import stop_words

    with without_torch_stack():
        return stop_words(code)


_WORD = re.compile(r"[^\W\d_]+")


def not_english(texts: Sequence[str]) -> list[bool | None]:
    """For each text: True when written in another language than English, False when in English,
    None when too short to tell (by the importer's language model, then by stop words)."""
    from consult_analyser.ingest.language import detect_languages

    english = _stop_words("en")
    others = other_stop_words()
    out: list[bool | None] = []
    for text, code in zip(texts, detect_languages(texts), strict=True):
        if code:
            out.append(code != "en")
            continue
        words = {w.lower() for w in _WORD.findall(text[:2000])}  # distinct: "Inc" in a repeated list is one word
        ours = sum(w in english for w in words)
        theirs = sum(w in others for w in words)
        out.append(True if theirs >= 2 and theirs > 2 * ours else (False if ours > theirs else None))
    return out


def sentence_without_english(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` has no English function word in it."""
    low = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n")) + 1
    highs = [i for i in (text.find(mark, end) for mark in (". ", "! ", "? ", "\n")) if i >= 0]
    sentence = text[low:min(highs) if highs else len(text)]
    english = _stop_words("en")
    return not any(word.lower() in english for word in _WORD.findall(sentence))


#: words that say "see the attachment" in the languages of EU feedback, a whole answer's usual
#: words ("Siehe Anhang."), never a name's
ATTACHMENT_WORDS = frozenset(
    "siehe anhang anlage anlagen beigefügt beigefügte beiliegend beiliegende voir pièce pièces jointe jointes annexe "
    "zie bijlage bijlagen vedi allegato allegati véase adjunto adjunta adjuntos anexo anexos anexa patrz załącznik "
    "załączniku viz příloha přílohu přílohy bilaga bilagan bilag vedlagt vedhæftet liite liitteenä katso lásd "
    "melléklet vezi".split())


def names_in_their_language(found: dict[str, list[Any]], rules: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """The names found by their shape or the recogniser that hold in each text's language: all of them
    in English; in another language (where capitals mark nouns and sentences, not names) only those
    with a strong cue (:func:`strongly_cued`); never one of :data:`ATTACHMENT_WORDS` ("Siehe Anhang",
    in any language's text); where the language cannot be told (a few words),
    those with a cue, or all of them when one has a first name (a list of people; "Siehe Anhang" is
    no name). In a short answer read as English, a sentence with no English word needs a first name; in
    any answer, a "name" made only of Welsh everyday words in a Welsh sentence ("Mae", is) is none."""
    texts = list(found)
    welsh = welsh_words()
    for text in texts:  # the recogniser's "Jestem Marco Rossi", "Sono Giulia Bianchi": the person, not the "I am"
        found[text] = [dataclasses.replace(s, start=m.end()) if (m := _OPENED_BY_I_AM.match(text, s.start))
                       and m.end() < s.end else s for s in found[text]]
    for text in texts:
        found[text] = [s for s in found[text] if not any(w.lower() in ATTACHMENT_WORDS
                                                         for w in text[s.start:s.end].split())
                       # Welsh everyday words in a Welsh sentence ("Mae prisiau ..." in an English answer)
                       and not (all(w.lower() in welsh for w in _WORD.findall(text[s.start:s.end]))
                                and in_welsh_sentence(text, s.start, s.end))]
    for text, foreign in zip(texts, not_english(texts), strict=True):
        given = [any(is_given_name(w) for w in text[s.start:s.end].split()) for s in found[text]]
        if foreign is False:
            # read as English, but the whole answer is a few words of another language ("Siehe Anhang.");
            # a name closing a longer answer ("... Sunday schools. Ifrah Okonkwo") is a sign-off
            if len(_WORD.findall(text)) <= SHORT_ANSWER_WORDS:
                found[text] = [s for s, g in zip(found[text], given, strict=True)
                               if g or not sentence_without_english(text, s.start, s.end)]
            continue
        contact = [(s.start, s.end) for s in rules.get(text, ()) if s.kind in ("address", "phone", "email")]
        # where the language cannot be told, a list of people ("Luke Thorburn, Thorin Bristow & Liam
        # Carroll") is told by a first name among them
        people = foreign is None and any(given)
        found[text] = [s for s, g in zip(found[text], given, strict=True)
                       if strongly_cued(text, s.start, s.end, contact) or people]
    return found


_OPENED_BY_I_AM = re.compile(rf"(?:{'|'.join(I_AM)})[ \t]+")

#: an answer of at most this many words may be a phrase of another language read as English
SHORT_ANSWER_WORDS = 6
