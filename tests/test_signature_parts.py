"""A signature's organisation, however it is laid out: a one-line signature split at its "|", "•" or " - " (a
separator left at a wrapped line's end never kept), a department line under the post ("Conservation Programs
Division") never taken for the body, "Respectfully submitted," and the main European languages' sign-offs, a long
line naming a body, a legal-form line under a post, and the non-English words for an association."""

from __future__ import annotations

import pytest

from consult_analyser.ingest.doc_sender import guess_sender, organisation_in
from consult_analyser.ingest.sender_org import one_line_signature
from consult_analyser.label_words import is_department, names_no_body, tidy_part

BODY = ("Dear Consultation Team,\n\nWe write about the proposed changes to the permit rules, which would add "
        "months to every small project in the valley and cost our members dearly.\n\n")


@pytest.mark.parametrize(("signature", "organisation"), [
    # one line, split at its bars, its post and department never the body
    ("Yours faithfully,\nNoor Halvorsen | Vice President, Government Affairs | Fenwick Valley Rivers Trust | "
     "Tel: 555-0147", "Fenwick Valley Rivers Trust"),
    ("Kind regards,\nIgor Lamont • Policy Lead • Marsh Harrier Society • igor@example.net", "Marsh Harrier Society"),
    ("Regards,\nOlu Benn - Senior Counsel - Tarnbrook Water Authority - 555 0104", "Tarnbrook Water Authority"),
    # wrapped: the bar left at the line's end is not the name's
    ("Respectfully submitted,\nTess Okoro | Head of Regulatory Affairs | Coastal Research Group |\nTel: 555-0174",
     "Coastal Research Group"),
    # name / post / department / organisation: the department is no body
    ("Kind regards,\n\nMina Castell\nConservation Director\nConservation Programs Division\nNational Union Of "
     "Hill Farmers\n500 High Street, Suite 18\nPhone: +1 703 555 0154", "National Union Of Hill Farmers"),
    # "Respectfully submitted," and a legal-form line under a post (a free-mail sender's)
    ("Respectfully submitted,\n\nLeo Hart\nDirector of Policy\nBrightwater Collections, Inc.\n18 Harbor Road\n"
     "leohart48@gmail.com", "Brightwater Collections, Inc."),
    # a body named at length on its own line, over the name and post
    ("Sincerely,\nCounty Of Arden Department Of Emergency Services And Public Protection/Division Of Emergency "
     "Management And Homeland Security\nYara Quist, Legislative Associate\n77 Maple Avenue",
     "County Of Arden Department Of Emergency Services And Public Protection/Division Of Emergency Management And "
     "Homeland Security"),
    # French: the formula as a sentence, a post, the association
    ("Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n\nClaire Dubois\n"
     "Directrice générale\nAssociation bretonne pour la protection des oiseaux\n12, rue de Brest\n+33 2 99 00 00 00",
     "Association bretonne pour la protection des oiseaux"),
    # German: a compound's ending names a body
    ("Mit freundlichen Grüßen\n\nDr. Jens Albers\nGeschäftsführer\nLandesverband Obstbau Nord e.V.\n"
     "Tel. +49 40 5550 1234", "Landesverband Obstbau Nord e.V."),
])
def test_the_signatures_organisation_is_found(signature: str, organisation: str) -> None:
    assert guess_sender(BODY + signature).organisation == organisation


def test_a_post_over_an_association_with_no_sign_off_names_it() -> None:
    text = BODY + "Claire Dubois\nDirectrice générale\nAssociation bretonne pour la protection des oiseaux\n"
    assert guess_sender(text).organisation == "Association bretonne pour la protection des oiseaux"


def test_a_one_line_signature_is_split_but_a_sentence_is_not() -> None:
    assert one_line_signature(["Ann Lee | Director | Acme Trust | Tel: 555"]) == ["Ann Lee", "Director", "Acme Trust",
                                                                                   "Tel: 555"]
    assert one_line_signature(["Ann Lee | Acme Trust |"]) == ["Ann Lee", "Acme Trust"]
    prose = "The plan - which we oppose - would cost more. It also - we think - breaks the law."
    assert one_line_signature([prose]) == [prose]
    assert one_line_signature(["Ann Lee - Director"]) == ["Ann Lee - Director"]  # two parts, no bar: as it was


def test_a_person_named_on_a_one_line_signature_is_never_the_organisation() -> None:
    guess = guess_sender(BODY + "Kind regards,\nNoor Halvorsen | Policy Director | Tel: 555-0147")
    assert guess.organisation == "" and guess.name == "Noor Halvorsen"


@pytest.mark.parametrize(("line", "department"), [
    ("Conservation Programs Division", True), ("Emergency Planning Unit", True), ("Public Policy Unit", True),
    ("Government Affairs", True), ("Conservation International", False), ("Division of Wildlife", False),
    ("Department for International Development", False), ("Nevada Department of Wildlife", False),
    ("Legal Services", False), ("Servicio de Medio Ambiente", False), ("Medio Ambiente Servicio", True),
])
def test_a_department_names_no_body(line: str, department: bool) -> None:
    assert is_department(line) is department
    assert names_no_body(line) is department


def test_a_separator_at_a_parts_end_is_not_kept() -> None:
    assert tidy_part("Coastal Research Group |") == "Coastal Research Group"
    assert organisation_in("Tess Okoro | Head of Policy | Coastal Research Group |") == "Coastal Research Group"
