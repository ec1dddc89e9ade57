"""A letter's signature block is cut from its answers in the main European languages as in English: its sign-off
("Mit freundlichen Grüßen", "Veuillez agréer ...", "Met vriendelijke groet"), and with none the contact lines it
ends with ("Tel.", "Telefon", "Fax", "E-Mail", "Mobil", "Adresse") and the organisation, post and name lines above
them; a letter's own short last lines, with no contact line, stay."""

from __future__ import annotations

import pytest

from consult_analyser.letter_text import is_contact_line, is_sign_off, letter_body, signature_start
from consult_analyser.pipeline.letters.mapping import map_document

PROSE = ("als Verband der Obstbauern im Norden verfolgen wir die Vorschläge zur Regulierung mit großem Interesse. "
         "Wir begrüßen klare Regeln, halten aber die geplante Frist von sieben Tagen für zu starr.")
SIGNATURE = ("Dr. Jens Albers\nGeschäftsführer\nLandesverband Obstbau Nord e.V.\nHafenstraße 9, 20095 Hamburg\n"
             "Tel. +49 40 5550 1234\nj.albers@obstbau-nord.example")


def _answered(text: str) -> str:
    """What a letter's passages give its answers (the General comments among them)."""
    return "\n".join(text[p.start:p.end] for p, m in map_document(text, []) if m.method != "closing")


@pytest.mark.parametrize("sign_off", ["Mit freundlichen Grüßen", "Freundliche Grüße,", ""])
def test_a_german_signature_stays_out_of_the_answer(sign_off: str) -> None:
    text = f"Sehr geehrte Damen und Herren,\n\n{PROSE}\n\n" + (f"{sign_off}\n\n" if sign_off else "") + SIGNATURE
    answered = _answered(text)
    assert "verfolgen wir die Vorschläge" in answered
    for line in SIGNATURE.split("\n"):
        assert line not in answered
    assert letter_body(text).endswith("für zu starr.")


@pytest.mark.parametrize(("sign_off", "contact"), [
    ("Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.", "Téléphone : 01 23 45 67 89"),
    ("Met vriendelijke groeten,", "Telefoon: 020 555 0101"),
    ("Cordiali saluti,", "Cellulare: 333 555 0101"),
    ("Atentamente,", "Teléfono: 91 555 01 01"),
    ("Respectfully submitted,", "Fax: 202.555.0171"),
])
def test_other_languages_sign_offs_and_contact_lines(sign_off: str, contact: str) -> None:
    assert is_sign_off(sign_off)
    assert is_contact_line(contact)
    text = f"{PROSE}\n\n{sign_off}\n\nAna Ruiz\nDirectora\nFundación Ejemplo\n{contact}"
    answered = _answered(text)
    assert "Fundación Ejemplo" not in answered and contact not in answered and "Ana Ruiz" not in answered
    assert "verfolgen wir" in answered


def test_short_last_lines_without_a_contact_line_stay() -> None:
    lines = [PROSE, "", "Our three asks:", "Longer deadlines", "Fewer forms", "A single office"]
    assert signature_start(lines) == len(lines)
    assert "A single office" in letter_body("\n".join(lines))


def test_a_sentence_is_no_sign_off() -> None:
    assert not is_sign_off("Thanks, the buses are bad and the fares too high")
    assert not is_contact_line("The meeting is at 10 in the town hall.")
