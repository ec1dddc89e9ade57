"""Redaction in EU "Have your say" feedback: European addresses, phone numbers and identity numbers
are removed; ordinary words of German, French, Czech or Dutch text (capitalised nouns, a sentence's
first words) are kept. All names, addresses and numbers are invented."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import find_pii, redact
from consult_analyser.pipeline.pii_eu import dni_check, iban_check

DE = "Die Quoten für Verpackungen sind für kleine Betriebe zu hoch, weil die Anlagen teuer sind."
FR = "Les objectifs pour les emballages sont irréalistes pour les petites entreprises."


@pytest.mark.parametrize(("text", "gone"), [
    (f"{DE} Mit freundlichen Grüßen, Gertrud Wendelmoser, Birkenweg 7, 10115 Berlin",
     ["Gertrud", "Wendelmoser", "Birkenweg 7", "10115", "Berlin"]),
    (f"{DE} Mit freundlichen Grüßen\nGertrud Wendelmoser\nAhornstraße 31a\n10115 Berlin",
     ["Gertrud", "Wendelmoser", "Ahornstraße", "10115"]),
    (f"{FR} Cordialement, Amandine Pellerin-Voisin, 8 rue des Tilleuls, 31000 Toulouse",
     ["Amandine", "Pellerin-Voisin", "8 rue des Tilleuls", "31000"]),
    ("Los objetivos no son realistas para las pequeñas empresas. Atentamente, Inmaculada Berrocal Ugarte, "
     "Calle del Olmo 9, 41001 Sevilla", ["Inmaculada", "Berrocal", "Calle del Olmo", "41001"]),
    ("Cele są nierealne dla małych firm. Z poważaniem, Bożydar Kwiatkowski-Zięba, ul. Kwiatowa 3/12, "
     "31-150 Kraków", ["Bożydar", "Kwiatowa", "31-150"]),
    ("Le proposte sono irrealistiche per i piccoli bar. Distinti saluti, Ottavia Bencivenga, Via dei Mille 21, "
     "80121 Napoli", ["Ottavia", "Bencivenga", "Via dei Mille", "80121"]),
    # English text signed with a name and a European address
    ("We support the reuse targets for transport packaging.\n\nLisbeth Vandersteen, Eichenallee 4, 50667 Köln",
     ["Lisbeth", "Vandersteen", "Eichenallee", "50667"]),
    ("Reuse targets are unrealistic for small cafés. Kind regards, Anneliese Drosdowski, 17 Odos Athinas, "
     "10551 Athens", ["Drosdowski", "Odos Athinas", "10551"]),
    ("De doelen zijn te hoog voor kleine bedrijven. Met vriendelijke groet, Wouter Brinkhorst, Keizersgracht 112, "
     "1015 CX Amsterdam", ["Wouter", "Brinkhorst", "Keizersgracht 112", "1015 CX"]),
])
def test_european_addresses_after_a_name(text, gone):
    out = redact(text)
    for part in gone:
        assert part not in out, out


@pytest.mark.parametrize("number", [
    "Tel.: 030/98765432", "tél. 07 98 76 54 32", "01 47 28 93 15", "tel. 06 9876 5432", "Tel. 0221 4567890",
    "Handy 0160 98765432", "tel. 612 34 56 78", "Telefon: +43 1 234 5678", "+48 512 345 678",
])
def test_european_phone_numbers(number):
    out = redact(f"Bei Fragen erreichen Sie mich unter {number} jederzeit.", names=False)
    digits = [part for part in number.replace("/", " ").split() if any(c.isdigit() for c in part)]
    assert "[phone]" in out and not any(part in out for part in digits), out


def test_mobile_number_is_not_an_nhs_number():
    # ten digits after the country code pass the NHS check by chance: the tag must not say NHS
    out = redact("Erreichbar unter +49 171 1520004 oder per Post.", names=False)
    assert "[NHS number]" not in out and "1520004" not in out and "[phone]" in out, out
    assert redact("Ref 17115 20004 ok", names=False) == "Ref 17115 20004 ok"
    assert "[NHS number]" in redact("My NHS number is 943 476 5919.", names=False)


@pytest.mark.parametrize(("text", "kept"), [
    ("Siehe Anhang.", None),
    ("Voir pièce jointe.", None),
    ("Wir fordern die Kommission auf, die Reduktion des Verpackungsmülls ernst zu nehmen.", None),
    ("Nous soutenons la réduction des déchets d'emballages dans toute l'Union.", None),
    ("Wir brauchen mehr Zeit für die Umstellung der Abfüllanlagen in unseren Betrieben.", None),
    ("Das deutsche Pfandsystem funktioniert seit Jahren sehr gut.", None),
    ("Pro malé firmy je to velká zátěž. Malé firmy nemají dost peněz.", None),
    ("Die Kennzeichnung ist ein enormer bürokratischer Aufwand. Endlich wird etwas getan.", None),
    ("Kleine ondernemers hebben meer tijd nodig. Nieuwe Regels moeten eenvoudiger worden.", None),
    ("Sosteniamo la riduzione degli imballaggi, ma serve un approccio basato sul ciclo di vita. Il mercato "
     "deve cambiare.", None),
])
def test_ordinary_words_of_other_languages_are_kept(text, kept):
    assert redact(text) == text, redact(text)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    (f"{DE} Mein Name ist Gernot Pfeilschifter und ich betreibe ein Café in Leipzig.",
     ["Gernot", "Pfeilschifter"], ["Mein Name ist", "und ich betreibe", "Leipzig"]),
    (f"{DE} Bei Rückfragen: Walburga Eichenlaub, E-Mail: w.eichenlaub@example.de",
     ["Walburga", "Eichenlaub"], ["Bei Rückfragen"]),
    (f"{FR} Je m'appelle Clothilde Marchais-Dury, j'habite à Nantes.", ["Clothilde", "Marchais-Dury"], ["Nantes"]),
    (f"{DE} Frau Dr. Irmtraud Kesselring hat uns unterstützt.", ["Irmtraud", "Kesselring"], ["hat uns"]),
    (f"{FR} Mme Solenne Abgrall a signé la pétition.", ["Solenne", "Abgrall"], ["a signé"]),
    ("De regels zijn te streng.\n\nHiltje Oosterwijk", ["Hiltje", "Oosterwijk"], ["De regels"]),
    # a relative named (a Canadian trial published "Ma fille Josée a une allergie" 3 times in annex quotes)
    (f"{FR} Ma fille Josée a une allergie aux arachides.", ["Josée"], ["Ma fille", "a une allergie"]),
    (f"{FR} Ma fille Marie-Ève et mon mari Jean-Guy lisent les étiquettes.", ["Marie-Ève", "Jean-Guy"],
     ["Ma fille", "mon mari", "lisent"]),
    (f"{DE} Mein Sohn Lukas hat eine Allergie.", ["Lukas"], ["Mein Sohn", "hat eine"]),
    (f"{FR} Ma fille a une allergie, mon fils aussi.", [], ["Ma fille a une allergie, mon fils aussi."]),
])
def test_names_with_a_strong_cue_in_other_languages(text, gone, kept):
    out = redact(text)
    for part in gone:
        assert part not in out, out
    for part in kept:
        assert part in out, out


def test_identity_numbers_and_iban():
    assert dni_check("87654321X") and not dni_check("87654321A") and dni_check("Y2345678Z")
    assert iban_check("FR14 2004 1010 0505 0001 3M02 606") and not iban_check("FR14 2004 1010 0505 0001 3M02 607")
    out = redact("Atentamente, DNI 87654321-X, NIE Y2345678Z.", names=False)
    assert "87654321" not in out and "Y2345678Z" not in out and "[ID number]" in out, out
    out = redact("Please refund to IBAN FR14 2004 1010 0505 0001 3M02 606 or NL91ABNA0417164300.", names=False)
    assert "3M02" not in out and "ABNA" not in out and out.count("[bank details]") == 2, out
    text = "Reference FR14 2004 1010 0505 0001 3M02 607 is not an account."
    assert redact(text, names=False) == text


def test_english_text_unchanged_by_the_european_rules():
    text = ("In 2024 we spent 1500 euros. The 2030 targets and Article 26 of Regulation 2019/904 matter; "
            "see pages 12 34 56 and the offices in Brussels. Via the portal, 4 Place names were given.")
    assert redact(text) == text, redact(text)
    assert [s.kind for s in find_pii("Declan Okafor spoke at the meeting.")] == ["name"]
