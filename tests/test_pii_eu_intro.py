"""Redaction of what a new-user trial of an EU "Have your say" consultation in seven languages found
left in: a mistyped IBAN after "IBAN", phone numbers in national formats without "+", and people
introducing themselves ("Sono ...", "Ik ben ..."). Every name and number is invented."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import redact

# -- IBANs after their cue, whatever their check digits -------------------------------------------------


@pytest.mark.parametrize(("text", "iban"), [
    ("Please refund me: IBAN IE29 AIBL 9311 5212 3456 78, the manufacturer refused.", "IE29 AIBL 9311 5212 3456 78"),
    ("Meine Kontonummer lautet DE12 5001 0517 0648 4898 91.", "DE12 5001 0517 0648 4898 91"),
    ("Mon numéro de compte est FR76 3000 6000 0112 3456 7890 188.", "FR76 3000 6000 0112 3456 7890 188"),
    ("Mijn rekeningnummer is NL02ABNA0123456788.", "NL02ABNA0123456788"),
    ("Proszę o zwrot, numer konta PL10 1050 0099 7603 1234 5678 9124.", "PL10 1050 0099 7603 1234 5678 9124"),
    ("Il rimborso sul conto IT60 X054 2811 1010 0000 0123 458 per favore.", "IT60 X054 2811 1010 0000 0123 458"),
    ("Devuélvanme el dinero a mi cuenta ES91 2100 0418 4502 0005 1334.", "ES91 2100 0418 4502 0005 1334"),
])
def test_iban_after_its_cue_goes_even_with_a_wrong_check_digit(text, iban):
    out = redact(text, names=False)
    assert "[bank details]" in out and iban not in out and iban[-4:] not in out, out


def test_iban_cut_to_its_country_length_after_its_cue():
    out = redact("IBAN IE29 AIBL 9311 5212 3456 78 BIC AIBKIE2D", names=False)
    assert out == "IBAN [bank details] BIC AIBKIE2D", out


def test_iban_shape_without_a_cue_needs_its_checksum():
    for text in ("The code AB12 CDEF 1234 5678 is a product code.", "Modell DE12 5001 0517 0648 im Test."):
        assert redact(text, names=False) == text
    assert "[bank details]" in redact("Überweisung an DE89 3704 0044 0532 0130 00 bitte.", names=False)


# -- phone numbers in national formats ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [
    ("Sono tecnica riparatrice, il mio numero è 347 123 4567.", "347 123 4567"),
    ("Per informazioni: cellulare 347 1234567, grazie.", "347 1234567"),
    ("Il mio telefono: 347 123 4567", "347 123 4567"),
    ("Mój numer to 601 234 567.", "601 234 567"),
    ("Proszę o kontakt, numer telefonu 601 234 567.", "601 234 567"),
    ("tel. 601-234-567 po 17:00", "601-234-567"),
    ("kom. 601 234 567", "601 234 567"),
    ("Rufen Sie mich gern an unter 0171 2345678, ich habe Fotos.", "0171 2345678"),
    ("Vous pouvez me joindre au 06 12 34 56 78, je suis réparateur.", "06 12 34 56 78"),
    ("Mi móvil es 612 34 56 78 por si acaso.", "612 34 56 78"),
    ("Llámame al 612 34 56 78.", "612 34 56 78"),
    ("Bel mij gerust op 06-12345678 voor meer informatie.", "06-12345678"),
    ("Biuro: 22 123 45 67.", "22 123 45 67"),
])
def test_national_phone_numbers(text, number):
    out = redact(text, names=False)
    assert "[phone]" in out and number not in out, out


def test_spanish_mobile_after_its_cue_is_a_phone_not_an_id_number():
    # nine digits in threes that pass a Canadian SIN's Luhn check by chance
    out = redact("Mi teléfono es 612 345 678.", names=False)
    assert out == "Mi teléfono es [phone].", out


@pytest.mark.parametrize("text", [
    "Gemäß Artikel 12 Absatz 3 der Verordnung (EU) 2019/771 gilt das für 2020-2024.",
    "Die Richtlinie 2009/125/EG und die Verordnung (EU) 2023/1542 gelten von 2019 – 2024.",
    "Ein Ersatzteil kostet 1 299 EUR, ein Akku 349,99 €, insgesamt 350 000 Euro.",
    "Il costo è di 300 000 000 euro per 120 000 000 di consumatori.",
    "El mercado mueve 612 345 678 euros al año.",
    "Rynek jest wart 601 234 567 zł rocznie, w latach 2019-2024 sprzedano 12 345 678 sztuk.",
    "La directive 2019/771 et l'article 5 paragraphe 2, du 12.03.2024 au 31/12/2025.",
    "De richtlijn geldt vanaf 2024-03-12 tot 2026; artikel 12 lid 3.",
    "Mon téléphone a coûté 899 euros en 2021. Il mio telefono ha 5 anni e costa 349 euro.",
    "Mój telefon ma 3 lata i kosztował 1 200 zł. Meine Nummer 1 Priorität ist die Reparatur.",
    "Il numero di riparatori è passato da 12 000 a 15 500 tra il 2015 e il 2020.",
    "Norm EN 45554:2020 und ISO 14001 sowie COM(2022) 144 final.",
    "A handy 2019/771 guide.",
])
def test_numbers_that_are_not_phones_are_kept(text):
    assert redact(text) == text


# -- people introducing themselves ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Sono Giulia Bianchi, tecnica riparatrice, il mio numero è 347 123 4567.", "Giulia Bianchi"),
    ("Io sono Giulia Bianchi e riparo lavatrici.", "Giulia Bianchi"),
    ("Mi chiamo Giulia Bianchi e riparo lavatrici.", "Giulia Bianchi"),
    ("Ik ben Sanne de Vries en ik repareer fietsen.", "Sanne de Vries"),
    ("Ik ben Jan van der Berg, monteur.", "Jan van der Berg"),
    ("Ich bin Klaus Müller und repariere Waschmaschinen.", "Klaus Müller"),
    ("Ich heiße Anna von Stein.", "Anna von Stein"),
    ("Je m'appelle Marie Dubois.", "Marie Dubois"),
    ("Je suis Marie Dubois, réparatrice à Lyon.", "Marie Dubois"),
    ("Me llamo Javier López y reparo móviles.", "Javier López"),
    ("Soy Lucía Fernández, técnica.", "Lucía Fernández"),
    ("Nazywam się Anna Kowalska.", "Anna Kowalska"),
    ("Jestem Anna Kowalska i naprawiam telefony.", "Anna Kowalska"),
])
def test_self_introductions_in_other_languages(text, name):
    out = redact(text)
    assert "[name]" in out and not any(part in out for part in name.split() if part[0].isupper()), out


@pytest.mark.parametrize("text", [
    "Ich bin Mitglied im Verein und ich bin Teil der Lösung.",
    "Ich bin Christ und Rentner.",
    "Je suis favorable à cette proposition.",
    "Je suis Française et je répare.",
    "Sono d'accordo con la proposta.",
    "Sono Felice di partecipare.",
    "Le aziende sono Apple e Samsung.",
    "Ik ben het eens met het voorstel.",
    "Ik ben Nederlander en Fan van Fairphone.",
    "Soy consumidor y quiero reparar.",
    "Soy de Madrid.",
    "Jestem konsumentem i jestem za.",
    "I am Against the rise. I'm Welsh and proud.",
])
def test_not_a_self_introduction(text):
    assert redact(text) == text
