"""Redaction in US and Canadian comments (regulations.gov exports): phone numbers, ZIP and postal
codes, street addresses and social insurance / security numbers in letterheads and signatures are
removed; docket numbers, citations, amounts and years are kept. All values are invented."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import find_pii, redact, redact_many
from consult_analyser.pipeline.pii_eu_ids import luhn_check

BODY = "We oppose the proposed rule because it would raise costs for small employers."


@pytest.mark.parametrize(("text", "gone"), [
    ("If you have questions, please call (202) 714-1938.", ["714-1938"]),
    ("Call (892) 555-9935 with any questions.", ["555-9935"]),
    (f"{BODY}\nAnchorage Office\n(907)273-1487", ["273-1487"]),
    (f"{BODY} Please contact me at 202-714-1938 or by e-mail.", ["714-1938"]),
    (f"{BODY} Questions may be directed to Dana Whitcombe (dwhit@example.org, 202.508.5529).", ["508.5529"]),
    (f"{BODY}\n\nSincerely,\nOren Pastwick\nVice President\n541-345-9081", ["345-9081"]),
    (f"{BODY} Tom Easterby, Administrator 303-887-4621 (Mobile)", ["887-4621"]),
    (f"{BODY} Please call 202-289-4437 Ext. 207 or e-mail us.", ["289-4437", "207"]),
    (f"{BODY} Toll-free: 1-800-872-9626.", ["872-9626"]),
    (f"{BODY}\nOttawa ON K1A 0B1\n613-555-0199", ["555-0199", "K1A 0B1"]),
    (f"{BODY} Contact: Jo Friel, 613 555 0142", ["555 0142"]),
    (f"{BODY} Phone 02 6260 3981 or 1300 739 118.", ["6260 3981", "739 118"]),
])
def test_north_american_phones(text, gone):
    out = redact(text, names=False)
    for part in gone:
        assert part not in out, out
    assert "[phone]" in out


@pytest.mark.parametrize(("text", "gone", "kept"), [
    (f"{BODY}\nJackson, MS 39201", ["39201"], ["Jackson"]),
    (f"{BODY}\nSpringfield, MO 65806-1234", ["65806", "1234"], ["Springfield"]),
    (f"{BODY} Anchorage, Alaska 99503-2035 Phone: (907) 272-1486", ["99503", "272-1486"], ["Anchorage"]),
    (f"{BODY} Boise ID 83702", ["83702"], ["Boise"]),
    (f"{BODY}\nIndianapolis, In 46202", ["46202"], []),  # regulations.gov title-cases some comments
    (f"{BODY}\nKansas City, Mo 64106", ["64106"], ["Kansas City"]),
])
def test_zip_codes_after_a_state(text, gone, kept):
    out = redact(text, names=False)
    for part in gone:
        assert part not in out, out
    for part in kept:
        assert part in out, out
    assert "[postcode]" in out or "[address]" in out


@pytest.mark.parametrize(("text", "gone"), [
    (f"{BODY}\nRio Grande Legal Aid\n1206 E. Van Buren\nBrownsville, TX 78520",
     ["1206", "Van Buren", "78520"]),
    (f"{BODY}\n121 W. Fireweed Lane, Suite 207\nAnchorage, AK 99503",
     ["121", "Fireweed", "Suite 207", "99503"]),
    (f"{BODY}\nP.O. Box 788\nJuneau, AK 99802", ["788", "99802"]),
    (f"{BODY} Natalie Pienkowski 2044 Gleedsville Rd Leesburg, Va 20175 703 963 3578", ["2044", "Gleedsville", "20175", "3578"]),
    (f"{BODY}\n708 E Michigan Street\nIndianapolis, IN 46202", ["708", "Michigan Street", "46202"]),
    (f"{BODY}\n1000 Connecticut Ave. NW, Suite 300\nWashington, DC 20036", ["Connecticut", "Suite 300", "20036"]),
    (f"{BODY}\n710 N 6th Street\nBoise Id 83702", ["710", "6th Street", "83702"]),
    (f"{BODY} Write to me at 12 Oak Street, Springfield 65806.", ["12 Oak", "65806"]),
    (f"{BODY}\n1667 K St, Nw, Suite 700 Washington, Dc 20006", ["1667", "K St", "Suite 700", "20006"]),
    (f"{BODY}\n1305 East-West Highway, 11th Floor Silver Spring, Md 20910", ["1305", "11th Floor", "20910"]),
    (f"{BODY}\n1849 C Street, N.W. Washington, D.C. 20240", ["1849", "C Street", "20240"]),
])
def test_us_street_addresses(text, gone):
    out = redact(text, names=False)
    for part in gone:
        assert part not in out, out
    assert "[address]" in out


@pytest.mark.parametrize(("text", "gone"), [
    ("My SIN is 046 454 286.", "046 454 286"),
    (f"{BODY} Social insurance number: 130-692-544", "130-692-544"),
    (f"{BODY} My SSN is 512-44-7319.", "512-44-7319"),
    (f"{BODY} SSN 219 09 9998", "219 09 9998"),
])
def test_social_insurance_and_security_numbers(text, gone):
    out = redact(text, names=False)
    assert gone not in out and "[ID number]" in out, out


def test_luhn():
    assert luhn_check("046454286")
    assert not luhn_check("046454287")


@pytest.mark.parametrize("text", [
    "See Docket No. CFPB-2016-0025 and 85 Fed. Reg. 1684 (Jan. 13, 2020).",
    "RIN 1235-AA20; 29 U.S.C. 201-219; 42 U.S.C. 7401-7671q; Pub. L. 111-203, 124 Stat. 1376.",
    "The rule would cost $1,250,000 in 2019 and 2,345,678 workers in 2020-2021.",
    "In 2019 about 202 555 people were covered; the fee rose from 250 to 300.",
    "Section 202-555 of the Act; EPA-HQ-OAR-2009-0234-0012; FR Doc. 2020-12345.",
    "The study tracked 12345 patients in 2019 and 46202 in 2020.",
    "In Texas 12345 people lost coverage and in Ohio 23456 more.",
    "Employee ID 12345 was assigned to the claim.",
    "As A Result, In 20000 Cases The Agency Found, Or 30000 Cases In Total, Me 40000.",
    "Over 500 Miles Of Road were closed; 10 Acres Of Park Land; 3 Main Streets Of Commerce.",
    "Our 2020 plan covers 100 000 000 people in 2 Main regions.",
    "Ask for form 555-2368 at any office.",
])
def test_ordinary_numbers_kept(text):
    assert find_pii(text, names=False) == [], redact(text, names=False)


def test_a_count_after_a_street_is_no_zip():
    out = redact("Shops at 3 Main Street, Boston 12345 residents wrote in.", names=False)
    assert "12345 residents" in out, out


@pytest.mark.parametrize("text", [
    "Comments Of The Western Drilling Contractors On The August 15, 2008 Proposed Rule",
    "The Act Was Signed Into Law By President Harlow On January 1, 1970.",
    "As Published In The Federal Register On October 27, 2008, the rule would reach every mine.",
    "See 71 Fed. Reg. 63667 (Oct. 27, 2008) and the order of 14/03/1985.",
    "The 1996 amendments took effect on 1996-08-06, and the hearing of May 2nd, 1979 set the limit.",
])
def test_public_dates_are_no_dates_of_birth(text):
    """A user trial on regulations.gov comments: the dates of rules, laws and notices (any full date
    old enough to be a writer's birth) were published as "[date of birth]"."""
    assert find_pii(text, names=False) == [], redact(text, names=False)


@pytest.mark.parametrize(("text", "gone"), [
    (f"{BODY} I was born on August 15, 1958 in Casper.", "August 15, 1958"),
    (f"{BODY} DOB: 10/27/1961", "10/27/1961"),
    (f"{BODY} Date of birth 3 March 1949, retired rancher.", "3 March 1949"),
    (f"{BODY} Birthday: 1971-06-30.", "1971-06-30"),
    ("Mme Odile Marchetti, née le 14/03/1985 à Lyon.", "14/03/1985"),
])
def test_dates_after_a_birth_cue_are_still_dates_of_birth(text, gone):
    out = redact(text, names=False)
    assert gone not in out and "[date of birth]" in out, out


@pytest.mark.parametrize("text", [
    "Docket FWS-R8-ES-2018-0077: see 73 Fed. Reg. 47868, as amended at 84 FR 16842.",
    "Docket FWS-R8-ES-2018-0077 (Fed. Reg. Vol. 73 209, Fed.Reg. 47868; Federal Reg. 47868).",
])
def test_federal_register_citations_are_no_vehicle_registrations(text):
    """"Reg." in "73 Fed. Reg. 47868" is the Federal Register; the number after it was published as
    "[vehicle registration]"."""
    assert find_pii(text, names=False) == [], redact(text, names=False)


def test_a_registration_after_its_cue_still_goes():
    assert "[vehicle registration]" in redact("Docket R8. My car reg. is KX19 4FD and it was towed.", names=False)


@pytest.mark.parametrize(("text", "expected"), [
    # (ten digits whose NHS check digit holds, which a health service's number would also have)
    ("Fax 202 555 0103", "Fax [phone]"),
    ("Office: (202) 555-0111", "Office: [phone]"),
    ("Cell: 202-555-0138 any time", "Cell: [phone] any time"),
    (f"{BODY} Please call me at 202 555 0146.", f"{BODY} Please call me at [phone]."),
    ("Tel 2025550103", "Tel [phone]"),
    ("202 555 0111 (Office)", "[phone] (Office)"),
])
def test_us_phone_numbers_are_tagged_as_phones_not_nhs_numbers(text, expected):
    """US letterheads: a fax or office number of ten digits whose check digit happens to hold was
    published as "[NHS number]"."""
    assert redact(text, names=False) == expected


@pytest.mark.parametrize("text", [
    "My NHS number is 943 476 5919, call me on 07700 900123.",
    "The GP surgery phoned: NHS no. 943 476 5919.",
    "Tel 020 7946 0958. Hospital number 943 476 5919",
])
def test_an_nhs_number_near_a_phone_cue_is_still_an_nhs_number(text):
    assert "[NHS number]" in redact(text, names=False)


def test_a_full_name_found_once_is_redacted_wherever_it_stands_in_that_answer():
    """A comment's heading names its writer ("Formal Comments Of ... Regarding ..."), in title-cased words
    the recogniser reads as no person; the signature under it was redacted and the heading published."""
    text = (f"Formal Comments Of Tobias Wrenfield Regarding The Proposed Changes To The Grazing Rules\n\n{BODY}\n\n"
            "Respectfully submitted,\nTobias Wrenfield")
    for out in (redact(text), redact_many([text], ner=False)[0]):
        assert "Wrenfield" not in out and out.count("[name]") == 2, out
        assert "Formal Comments Of [name] Regarding The Proposed Changes" in out, out
    # another answer is another writer: a name is redacted where it was found, not in every answer
    other = "Comments Of Tobias Wrenfield Regarding The Grazing Rules"
    assert redact_many([text, other], ner=False)[1] == other


def test_only_a_full_name_that_begins_with_a_first_name_is_redacted_wherever_else_it_stands() -> None:
    """The recogniser took "Grand Canyon" for a person in text Capitalised Throughout; sent wherever it stood, it
    made a re-tested trial's published quotes read "About The [name] And ... Protect The [name]"."""
    from consult_analyser.pipeline.pii import _names_again

    text = ("Formal Comments Of Shannon Ansley On The Grand Canyon. Protect The Grand Canyon. "
            "From: Shannon Ansley")
    found = [(text.index("Grand Canyon"), text.index("Grand Canyon") + 12), (text.rindex("Shannon"), len(text))]
    again = {text[a:b] for a, b in _names_again(text, found)}
    assert again == {"Shannon Ansley"}
