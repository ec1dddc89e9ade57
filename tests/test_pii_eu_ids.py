"""National identity numbers, postcodes and addresses of Europe that a user's re-test found left in
redacted answers, and the ordinary numbers and words beside them that must stay. Every number is
invented (its check digit made to hold) or a published specimen."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import redact
from consult_analyser.pipeline.pii_eu_ids import (
    codice_fiscale_check,
    personnummer_check,
    pesel_check,
    steuer_id_check,
)

DE = "Die Mehrwegquoten sind für kleine Betriebe unrealistisch."


def test_checksums():
    assert codice_fiscale_check("RSSMRA85T10A562S") and codice_fiscale_check("BNCGNN72H41F205Q")
    assert not codice_fiscale_check("RSSMRA85T10A562T")
    assert pesel_check("44051401359") and pesel_check("82031507123") and pesel_check("02270803624")
    assert not pesel_check("44051401358") and not pesel_check("44133101352")  # check digit; month 13
    assert personnummer_check("19811218-9876") and personnummer_check("760412-3310")
    assert personnummer_check("850930-1233") and not personnummer_check("19811218-9875")
    assert not personnummer_check("811318-9876")  # month 13
    assert steuer_id_check("65929970489") and steuer_id_check("47150328498") and steuer_id_check("83061472576")
    assert not steuer_id_check("65929970488")
    assert not steuer_id_check("47150328692")  # no digit repeated among the first ten


@pytest.mark.parametrize(("text", "gone", "tag"), [
    ("Il mio codice fiscale è RSSMRA85T10A562S. Cordiali saluti", "RSSMRA85T10A562S", "[ID number]"),
    ("Codice: BNCGNN72H41F205Q", "BNCGNN72H41F205Q", "[ID number]"),
    ("Mój PESEL to 44051401359. Pozdrawiam", "44051401359", "[ID number]"),
    ("Numer 82031507123 podałem wyżej.", "82031507123", "[ID number]"),
    ("Mitt personnummer är 19811218-9876. Hälsningar", "19811218-9876", "[ID number]"),
    ("Personnummer: 7604123310", "7604123310", "[ID number]"),
    ("Jag, 850930-1233, skriver som privatperson.", "850930-1233", "[ID number]"),
    ("Meine Steuer-ID lautet 65 929 970 489.", "65 929 970 489", "[ID number]"),
    ("Steueridentifikationsnummer 47150328498", "47150328498", "[ID number]"),
    ("Call me at Eircode D02 X285 or write.", "D02 X285", "[postcode]"),
    ("My Eircode is A65F4E2.", "A65F4E2", "[postcode]"),
    ("Our office moved to Dublin D6W R2T7 last year.", "D6W R2T7", "[postcode]"),
])
def test_national_identifiers(text, gone, tag):
    out = redact(text, names=False)
    assert gone not in out and tag in out, out


@pytest.mark.parametrize("text", [
    "Mój PESEL to 44051401358.",  # check digit fails
    "Mitt personnummer är 19811218-9875.",
    "Die Nummer 65 929 970 488 ist falsch.",
    "Il codice RSSMRA85T10A562T non è valido.",
    "The budget rose by 12 345 678 901 euros in 2023.",
    "Order 20230615-0042 shipped; ticket 12345678901 closed.",
    "Request for Comment (Docket No. 230407-0093) on AI accountability.",  # passes the check, but a docket's
    "Ärende 900705-2815 avslutat.",
    "The C02 2030 target and route N11 ABCD are mentioned; see T12 and M50.",
    "Die Verordnung (EU) 2019/904, Artikel 12, 80331 Betriebe sind betroffen.",
    "Budget line 2021-2027, 1100-053 Projects funded.",
])
def test_numbers_that_are_not_identifiers_are_kept(text):
    assert redact(text, names=False) == text, redact(text, names=False)


@pytest.mark.parametrize(("text", "gone"), [
    (f"{DE} Viele Grüße, Jürgen Weißmüller, Mariahilfer Straße 88a/3/12, A-1070 Wien, +43 664 1234567",
     ["Mariahilfer", "88a", "1070", "Wien"]),
    ("Cíle jsou nereálné. S pozdravem, Jiří Dvořák, Vinohradská 12, 120 00 Praha 2, tel. +420 602 123 456",
     ["Vinohradská 12", "120 00", "Praha"]),
    ("As metas são irrealistas. Cumprimentos, João Gonçalves, Rua Augusta 100, 1100-053 Lisboa",
     ["Rua Augusta", "1100-053", "Lisboa"]),
])
def test_addresses_of_austria_czechia_and_portugal(text, gone):
    out = redact(text)
    for part in gone:
        assert part not in out, out


@pytest.mark.parametrize(("text", "gone", "kept"), [
    (f"{DE} Meine Steuer-ID lautet 65 929 970 489. Tschüss, Kevin", ["Kevin", "929"], ["Tschüss"]),
    (f"{DE} Ciao, Gerlinde", ["Gerlinde"], ["Ciao"]),
    ("Les objectifs sont irréalistes. Bises, Margaux", ["Margaux"], ["Bises"]),
    ("Los objetivos no son realistas. Un abrazo, Itziar", ["Itziar"], ["abrazo"]),
    ("De doelen zijn onrealistisch. Groetjes, Femke", ["Femke"], ["Groetjes"]),
    (f"{DE} Liebe Grüße\nKevin", ["Kevin"], ["Grüße"]),
])
def test_names_after_an_informal_sign_off(text, gone, kept):
    out = redact(text)
    for part in gone:
        assert part not in out, out
    for part in kept:
        assert part in out, out


@pytest.mark.parametrize("text", [
    "Siehe Anhang. Please see the annex for our detailed figures.",
    "Reuse targets are unrealistic for small cafés. Siehe Anhang. Please see the annex for our detailed figures.",
    "Siehe Anlage. We attach our position paper on the reuse targets for transport packaging.",
    "Voir pièce jointe. Our position is in the attached paper on reuse targets.",
    "Zie bijlage. Our position paper on reuse targets is attached to this feedback.",
])
def test_a_phrase_of_another_language_in_english_text_is_no_name(text):
    assert redact(text) == text, redact(text)


@pytest.mark.parametrize(("text", "out"), [
    ("Kontakt: jan@example.de.Danke für alles.", "Kontakt: [email].Danke für alles."),
    ("Write to jan@example.de. Thanks", "Write to [email]. Thanks"),
    ("Write to info@Example.Com. Thanks", "Write to [email]. Thanks"),
    ("Text from a PDF: j.smith@gov.auDear Sir", "Text from a PDF: [email]Dear Sir"),
])
def test_an_email_address_keeps_the_full_stop_after_it(text, out):
    assert redact(text, names=False) == out
