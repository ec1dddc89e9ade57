"""The organisation a signature, an e-mail's subject and the sender's own domain name.

A trial's mailbox signed "Vice President, Government Affairs" over the organisation: ten letters got the
organisation "Government Affairs" and were filed as Government; "Reliable Wholesale Lumber, Inc." became "Inc";
"Executive Director / Oceana" from patricia.delgado@oceana.org got no organisation and was filed as an individual.
All fixtures here are invented.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import numpy as np
import pytest

from consult_analyser.ingest.doc_email import parse_email
from consult_analyser.ingest.doc_sender import confirmed_organisation, guess_sender, organisation_in
from consult_analyser.ingest.sender_org import (
    agrees_with_domain,
    domain_name_part,
    split_signature_line,
    subject_organisations,
)
from consult_analyser.label_words import is_department, is_legal_form, is_post, names_no_body
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.orgnames import listed_organisations
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules
from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy
from consult_analyser.pipeline.sectors.thresholds import ORGANISATION_ADDRESS

RULES = SectorRules.default()


# ------------------------------------------------------------------------------ what names no body
@pytest.mark.parametrize("text", [
    "Inc", "Inc.", "LLP", "Llp", "Ltd.", "Pty Ltd", "GmbH & Co. KG", "S.A.", "S.p.A.", "sp. z o.o.", "e.V.", "BV",
])
def test_a_legal_form_alone_is_no_name(text: str) -> None:
    assert is_legal_form(text) and names_no_body(text)
    assert RULES.names_no_organisation(text)


@pytest.mark.parametrize("text", [
    "Government Affairs", "Public Policy", "Legal Department", "Policy Team", "Office of Government Relations",
    "Regulatory Affairs and Compliance", "Human Resources", "Service juridique", "Direction des affaires publiques",
    "Rechtsabteilung", "Abteilung Politik und Kommunikation", "Asuntos Públicos", "Ufficio legale", "Juridische Zaken",
])
def test_a_department_alone_is_no_name(text: str) -> None:
    assert is_department(text) and names_no_body(text)


@pytest.mark.parametrize("text", [
    "Policy Director", "Head of Public Affairs", "Executive Director", "Vice President, Government Affairs",
    "Senior Counsel", "Directrice générale", "Geschäftsführerin", "Responsable des affaires publiques",
    "Directora de Comunicación", "Beleidsadviseur",
])
def test_a_job_title_alone_is_no_name(text: str) -> None:
    assert is_post(text) and names_no_body(text)


@pytest.mark.parametrize("text", [
    "Oregon Department of Forestry", "Department for International Development", "Public Affairs Council",
    "Office of the Mayor", "Institute of Directors", "Kestrel Chamber of Commerce", "Policy Exchange", "Acme Inc",
    "Brightwater", "Mayor of London", "Fédération des Vignerons de Loire",
])
def test_a_bodys_name_is_one(text: str) -> None:
    assert not names_no_body(text) and not RULES.names_no_organisation(text)


# ------------------------------------------------------------------------------ the signature's lines
@pytest.mark.parametrize("line, parts", [
    ("Harrow & Finch Timber, Inc. - Comments", ["Harrow & Finch Timber, Inc.", "Comments"]),
    ("Okafor, Lindqvist & Mbeki, LLP", ["Okafor, Lindqvist & Mbeki, LLP"]),
    ("Director, Okafor, Lindqvist & Mbeki, LLP", ["Director", "Okafor, Lindqvist & Mbeki, LLP"]),
    ("Policy Officer, Anytown Trust", ["Policy Officer", "Anytown Trust"]),
    ("Vogel Maschinenbau, GmbH & Co. KG", ["Vogel Maschinenbau, GmbH & Co. KG"]),
])
def test_a_legal_form_after_a_comma_stays_with_its_name(line: str, parts: list[str]) -> None:
    assert split_signature_line(line) == parts


@pytest.mark.parametrize("line, organisation", [
    ("Vice President, Government Affairs", ""),
    ("Head of Public Affairs", ""),
    ("Legal Department", ""),
    ("Harrow & Finch Timber, Inc. - Comments", "Harrow & Finch Timber, Inc."),
    ("Okafor, Lindqvist & Mbeki, LLP", "Okafor, Lindqvist & Mbeki, LLP"),
    ("Brasserie du Port, S.A.R.L.", "Brasserie du Port, S.A.R.L."),
    ("Head of Policy, Kestrel Valley Rivers Trust", "Kestrel Valley Rivers Trust"),
    ("Oregon Department of Forestry", "Oregon Department of Forestry"),
])
def test_a_signature_line_names_the_body_not_the_post_or_the_form(line: str, organisation: str) -> None:
    assert organisation_in(line) == organisation


@pytest.mark.parametrize("signature, name, organisation", [
    # job title and department over the organisation, in several languages and layouts
    ("Imani Rosa\nVice President, Government Affairs\nHarbourside Arts Society of Port Ellen\n12 Quay Street",
     "Imani Rosa", "Harbourside Arts Society of Port Ellen"),
    ("Tomasz Wójcik\nPolicy Director\nPublic Affairs\nLeadership Conference on Coastal Rights\n",
     "Tomasz Wójcik", "Leadership Conference on Coastal Rights"),
    ("Hélène Côté\nDirectrice, Affaires publiques\nFédération des Vignerons de Loire\n",
     "Hélène Côté", "Fédération des Vignerons de Loire"),
    ("Jana Schäfer\nGeschäftsführerin, Rechtsabteilung\nObstbauern Nord e.V.\n", "Jana Schäfer", "Obstbauern Nord e.V."),
    ("Priya Nair\nHead of Public Affairs\nKettle Valley Chamber of Commerce\n", "Priya Nair",
     "Kettle Valley Chamber of Commerce"),
    ("Luis Ortega\nGerente\nOrtega, Ruiz y Asociados, S.L.\n", "Luis Ortega", "Ortega, Ruiz y Asociados, S.L."),
])
def test_the_organisation_under_a_job_title_and_department(signature: str, name: str, organisation: str) -> None:
    guess = guess_sender(f"Dear team,\n\nWe oppose the proposal.\n\nYours sincerely,\n\n{signature}")
    assert (guess.name, guess.organisation) == (name, organisation)


# ------------------------------------------------------------------------------ domain and subject
def test_the_domain_spells_a_name_in_full_cut_short_or_by_initials() -> None:
    assert domain_name_part("rosa@mail.brightwater.org.uk") == "brightwater"
    assert domain_name_part("a@leeds.gov.uk") == "leeds"
    assert agrees_with_domain("Brightwater", "rosa@brightwater.org")
    assert agrees_with_domain("The Kestrel Valley Rivers Watch", "k@kestrelvalleyriversw.org")  # cut short
    assert agrees_with_domain("Kestrel Valley Rivers Watch", "k@kvrw.org.uk")  # initials
    assert agrees_with_domain("Okafor, Lindqvist & Mbeki, LLP", "x@okaforlindqvistmbekillp.com")
    assert agrees_with_domain("Project 40", "s@project40.org")
    assert not agrees_with_domain("Brightwater", "rosa@gmail.com")
    assert not agrees_with_domain("Kestrel Valley Rivers Watch", "k@kestrel.org")


def test_the_subject_gives_the_sender_part() -> None:
    assert subject_organisations("Response to consultation: river plan - Brightwater") == ["Brightwater"]
    assert subject_organisations("Re: Fwd: River plan - Harrow & Finch Timber, Inc. - Comments") == \
        ["Harrow & Finch Timber, Inc."]
    assert subject_organisations("Submission from the Lantern Players") == ["Lantern Players"]
    assert subject_organisations("My views on the river plan") == []


@pytest.mark.parametrize("texts, address, subject, person, organisation", [
    # a single word under a job title, which the domain spells
    (["Our view.\n\nYours sincerely,\nRosa Imani\nExecutive Director\nBrightwater\n4 Dock Road\n"],
     "rosa.imani@brightwater.org", "", "Rosa Imani", "Brightwater"),
    # a name with no organisation word, no job title, no closing: under the sender's name
    (["Please find our response attached.\n\nOwen Price\nKestrel Valley Rivers Watch\n"],
     "oprice@kvrw.org.uk", "Our comments", "Owen Price", "Kestrel Valley Rivers Watch"),
    # the subject's part, which the domain spells (the body signs with a name only)
    (["Please find our response attached.\n\nBest regards,\nAnna Berg\n"],
     "aberg@nationalcoastalheritagefo.org", "Consultation response - National Coastal Heritage Forum", "Anna Berg",
     "National Coastal Heritage Forum"),
    # a free-mail sender whose subject and signature agree
    (["Our view.\n\nKind regards,\nSam Okoye\nLantern Players\n"], "sam.okoye@gmail.com",
     "Response - Lantern Players", "Sam Okoye", "Lantern Players"),
    # the signature above a quoted reply, not the department's quoted one
    (["Our view.\n\nKind regards,\nMei Tan\nProject 40\n\nOn Tue, 3 Mar 2020, Consultation Team <c@dept.example.gov> "
      "wrote:\n> Thank you.\n> Kind regards,\n> Consultation Team\n> Department of Regulation\n"],
     "mei.tan@project40.org", "", "Mei Tan", "Project 40"),
    # the domain alone names nothing; nor the subject alone; nor a person's own name on their own domain
    (["Our view.\n\nKind regards,\nRosa Imani\n"], "rosa.imani@brightwater.org", "River plan", "Rosa Imani", ""),
    (["Our view.\n\nKind regards,\nSam Okoye\n"], "sam.okoye@gmail.com", "Response - Lantern Players", "Sam Okoye", ""),
    (["Our view.\n\nKind regards,\nJane Okoro\n"], "jane@janeokoro.net", "Response - Jane Okoro", "", ""),
    (["Our view.\n\nKind regards,\nAda Bell\nCouncillor Mark Fenwick\n"], "ada@councillormarkfenwick.org.uk",
     "Response - Councillor Mark Fenwick", "Ada Bell", ""),
    # a department the domain would spell is no organisation
    (["Our view.\n\nKind regards,\nAda Bell\nCommunity Relations\n"], "ada@communityrelations.org", "", "Ada Bell", ""),
])
def test_an_organisation_two_pieces_of_evidence_agree_on(texts: list[str], address: str, subject: str, person: str,
                                                          organisation: str) -> None:
    assert confirmed_organisation(texts, address, subject, person) == organisation


def _eml(sender: str, subject: str, body: str, attachment: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "consultation@dept.example.gov"
    message["Subject"] = subject
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment.encode(), maintype="text", subtype="plain", filename="response.txt")
    return message.as_bytes()


def test_an_emailed_letter_gets_the_organisation_its_domain_and_signature_agree_on(tmp_path: Path) -> None:
    data = _eml("Rosa Imani <rosa.imani@brightwater.org>", "Response to consultation: river plan - Brightwater",
                "Dear team,\n\nWe oppose the plan.\n\nYours sincerely,\n\nRosa Imani\nExecutive Director\nBrightwater\n"
                "4 Dock Road, Port Ellen\nPhone: (555) 010 2030\n")
    document, _ = parse_email(data, tmp_path / "a.eml", "a.eml")
    assert (document.respondent.name, document.respondent.organisation) == ("Rosa Imani", "Brightwater")


def test_a_covering_note_takes_the_organisation_from_its_attachment_not_its_department(tmp_path: Path) -> None:
    letter = ("Dear Sir or Madam,\n\nWe support the proposal.\n\nYours faithfully,\n\nOwen Price\n"
              "Vice President, Government Affairs\nHarrow & Finch Timber, Inc.\n")
    data = _eml("Owen Price <owen@harrowfinch.example.com>", "Our response", "Please find our response attached.\n",
                letter)
    document, _ = parse_email(data, tmp_path / "b.eml", "b.eml")
    assert document.respondent.organisation == "Harrow & Finch Timber, Inc."


# ------------------------------------------------------------------------------ sectors and the annex
def test_a_department_or_legal_form_in_the_organisation_box_files_nobody_by_its_words() -> None:
    for box in ("Government Affairs", "Inc", "Legal Department", "Policy Director"):
        f = RespondentFeatures("r", name="Rosa Imani", organisation=box, email_domain="brightwater.org")
        assert RULES.organisation_text(f) == ""
        assert not any(h.sector == "local_authority" or h.rule.startswith("public_body") for h in RULES.hits(f))
        assert RULES.organisation_address_only(f) == "brightwater.org"
    listed = listed_organisations([("Government Affairs", "other_public_body"), ("Inc", "business"),
                                   ("Llp", "business"), ("Harrow & Finch Timber, Inc.", "business")], RULES)
    assert [e.name for e in listed] == ["Harrow & Finch Timber, Inc."]


def test_one_filed_as_an_individual_from_an_organisations_address_is_flagged_for_review() -> None:
    taxonomy = default_taxonomy()
    people = ["Jane Smith", "Ali Khan", "Priya Patel", "Tom Jones", "Sara Ahmed", "Ola Nowak"]
    features = [RespondentFeatures(f"p{i}", name=n, email_domain="gmail.com", is_organisation=False,
                                   declared_type="Individual", text="I think the river should be cleaner")
                for i, n in enumerate(people)]
    features += [RespondentFeatures(f"o{i}", organisation=f"{p} Rivers Trust", email_domain=f"{p.lower()}rivers.org",
                                    declared_type="Charity", is_organisation=True, text="our volunteers clean rivers")
                 for i, p in enumerate(["Leeds", "Derby", "Hull", "York", "Bury", "Luton"])]
    features += [RespondentFeatures("work", name="Rosa Imani", email_domain="brightwater.org",
                                    text="I think the river should be cleaner"),
                 RespondentFeatures("home", name="Owen Price", email_domain="gmail.com",
                                    text="I think the river should be cleaner")]
    session = SectorSession(features, taxonomy)
    index = {f.respondent_id: i for i, f in enumerate(session.features)}
    real = session._model_distribution
    individual = taxonomy.keys.index(taxonomy.individual_key)

    def distribution(labels, quick=False):  # noqa: ANN001, ANN202 - the model sure of "individual" for both
        dist, detail = real(labels, quick=quick)
        dist = np.array(dist, dtype=float)
        for rid in ("work", "home"):
            row = np.full(len(taxonomy.keys), 0.05 / (len(taxonomy.keys) - 1))
            row[individual] = 0.95
            dist[index[rid]] = row
        return dist, detail

    session._model_distribution = distribution  # type: ignore[method-assign]
    results = {r.respondent_id: r for r in session.run()}
    work, home = results["work"], results["home"]
    assert home.sector == taxonomy.individual_key and not home.review
    assert work.sector == taxonomy.individual_key and ORGANISATION_ADDRESS in work.review
    assert "brightwater.org" in work.review
    assert session.review_queue()[0] == "work"


def test_a_titled_persons_name_under_a_job_title_is_no_organisation() -> None:
    guess = guess_sender("Our view.\n\nYours sincerely,\n\nAda Bell\nChief of Staff\nCongresswoman Mary Fenwick\n")
    assert (guess.name, guess.organisation) == ("Ada Bell", "")


def test_a_box_holding_a_post_a_department_or_a_legal_form_names_no_organisation_wherever_it_is_shown():
    """One test for the organisation box, used by the sector rules, the annex's list and the responses' names."""
    from consult_analyser.label_words import names_no_organisation

    for box in ["Inc", "LLP", "Government Affairs", "Policy Director", "Vice President, Government Affairs", "N/A"]:
        assert names_no_organisation(box), box
    for box in ["Oceana", "Reliable Wholesale Lumber, Inc.", "Nevada Department of Wildlife", "Office of the Mayor"]:
        assert not names_no_organisation(box), box
