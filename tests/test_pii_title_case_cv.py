"""Redaction of regulations.gov comments written In Title Case (trial 39, findings 1, 7 and 8): a CV pasted by an
individual, a nickname before a surname, a phone number after "At", and what must stay (a tribe's name, a date
after "Dated", a web address, a union's name). The people and numbers are invented unless the trial gave them."""

from __future__ import annotations

import pytest

from consult_analyser.pipeline.pii import find_pii, redact
from consult_analyser.pipeline.pii_names import names_a_person

TITLE_CASE = " We Oppose The Proposed Rule Because It Would Raise Costs For Small Employers And Hurt Workers."


def test_a_cv_heading_names_its_writer_and_its_personal_fields_are_redacted() -> None:
    """Trial 39, finding 1: an individual's pasted CV kept "Cv Habibeh Aghighi Bakhshaysh :Personal Information ...
    Place Of Birth: Qom, Iran Marital Status: Married" beside its tagged date of birth, e-mail and phone."""
    text = ("They Also Sent Your Resume, If Necessary. Cv Habibeh Aghighi Bakhshaysh :Personal Information Date Of "
            "Birth: 12/21/1969 Place Of Birth: Qom, Iran Marital Status: Married E-Mail: Habibehaghighi@Yahoo.com "
            "Cell Phone: +98-9122010694 :Education Master Of Educational Sciences, Islamic Azad University Center")
    out = redact(text)
    for gone in ("Habibeh", "Aghighi", "Bakhshaysh", "Qom", "Iran", "Married", "1969", "9122010694"):
        assert gone not in out, out
    assert ("Cv [name] :Personal Information Date Of Birth: [date of birth] Place Of Birth: [personal detail] "
            "Marital Status: [personal detail] E-Mail: [email] Cell Phone: [phone] :Education Master Of") in out, out
    assert "They Also Sent Your Resume, If Necessary." in out, out


@pytest.mark.parametrize(("text", "expected"), [
    ("Name: Jane Roe\nNationality: British\nReligion: Roman Catholic\nGender: Female\nPassport No: 123456789",
     "Name: [name]\nNationality: [personal detail]\nReligion: [personal detail]\nGender: [personal detail]\n"
     "Passport No: [passport number]"),
    ("sex: male; marital status: single; place of birth: leeds.",
     "sex: [personal detail]; marital status: [personal detail]; place of birth: [personal detail]."),
    ("PLACE OF BIRTH: TEHRAN\nADDRESS: 12 Shahid Beheshti, Qom", "PLACE OF BIRTH: [personal detail]\nADDRESS: [address]"),
    ("Curriculum Vitae: Jane Roe, born in Leeds.", "Curriculum Vitae: [name], born in Leeds."),
    ("Jane Roe Personal Information Nationality: Iranian", "[name] Personal Information Nationality: [personal detail]"),
])
def test_labelled_personal_fields_are_redacted_in_any_case(text: str, expected: str) -> None:
    """Trial 39, finding 1: the value of a labelled personal field ("Place Of Birth:", "Marital Status:",
    "Nationality:", "Religion:", "Gender:", "Passport No:", "Address:") goes, in any case, as a tag of its own."""
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Organization Name: Center For Biological Diversity." + TITLE_CASE,
    "Gender: The Rule Should Consider Women And Men Alike." + TITLE_CASE,
    "Race: Not A Factor Here, The Agency Said." + TITLE_CASE,
    "We Resume Talks With Congress Today And Every Day After That." + TITLE_CASE,
    "E-mail address: see the docket.",
])
def test_a_heading_with_a_colon_before_prose_is_no_personal_field(text: str) -> None:
    """Trial 39, finding 1: only a field's short value goes ("Gender: The Rule Should ..." is a sentence, "Organization
    Name:" a body's, "Resume" a verb)."""
    assert find_pii(text) == [], redact(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Co-Authored Over 100 Books With A Doctor Aghighi (My Father)." + TITLE_CASE,
     "Co-Authored Over 100 Books With A [name] (My Father)."),
    ("I Spoke With Dr. Nadeau About It." + TITLE_CASE, "I Spoke With [name] About It."),
    ("Mr Okonkwo And Mrs Pettersen Agree." + TITLE_CASE, "[name] And [name] Agree."),
    ("Psychology Professor Hassabi For 2 Years." + TITLE_CASE, "Psychology [name] For 2 Years."),
    ("The Doctor Said The Rule Is Bad." + TITLE_CASE, "The Doctor Said The Rule Is Bad."),
    ("A Doctor Visit Costs Much." + TITLE_CASE, "A Doctor Visit Costs Much."),
    ("The Professor Of Law At Yale Said So." + TITLE_CASE, "The Professor Of Law At Yale Said So."),
    ("Dr. Of Philosophy." + TITLE_CASE, "Dr. Of Philosophy."),
])
def test_a_title_before_a_name_word_names_a_person_in_title_case_text(text: str, expected: str) -> None:
    """Trial 39, finding 1: "A Doctor Aghighi (My Father)" was kept in a CV in Title Case; a title ("Doctor", "Dr.",
    "Mr", "Mrs", "Prof") before a word that is no everyday, body's or place's word names a person, and the name
    ends before the next stop word or title."""
    assert redact(text).replace(TITLE_CASE, "") == expected


def test_a_nickname_in_brackets_and_the_surname_after_it_go_with_the_name() -> None:
    """Trial 39, finding 1: "[name] (Ted) Zukoski, Senior Attorney" (from "Sincerely, Edward B. (Ted) Zukoski")."""
    text = ("Sincerely, Edward B. (Ted) Zukoski, Senior Attorney Center For Biological Diversity 1536 Wynkoop Street, "
            "Suite 421 Denver, Co 80202 (303) 641-3149")
    out = redact(text)
    assert out.startswith("Sincerely, [name], Senior Attorney Center For Biological Diversity"), out
    assert "Ted" not in out and "Zukoski" not in out, out
    assert redact("Thanks to Jane Smith (Retired) for this.") == "Thanks to [name] (Retired) for this."


@pytest.mark.parametrize("text", [
    "Please Contact Sami Glascott, Aoga Regulatory Affairs Representative, At 907-272-1481. Thanks.",
    "If You Have Any Questions, Please Write To Us At 713.296.6618 Or Visit.",
    "The Number Is 1-800-872-9626 For All.",
])
def test_a_us_phone_number_written_with_hyphens_or_dots_is_a_phone_wherever_it_stands(text: str) -> None:
    """Trial 39, finding 1: "Please Contact [name], Aoga Regulatory Affairs Representative, At 907-272-1481" kept the
    number that "Phone: 907-272-1481" lost (no cue in reach); dockets, dates and citations stay (test_pii_us)."""
    out = redact(text, names=False)
    assert "[phone]" in out and not any(ch.isdigit() for ch in out.split("[phone]")[0][-3:]), out
    assert "272-1481" not in out and "296.6618" not in out and "872-9626" not in out, out


@pytest.mark.parametrize("text", [
    "See Docket No. CEQ-2019-0003 and 85 Fed. Reg. 1684 (Jan. 10, 2020); RIN 0331-AA03; FR Doc. 2020-00252.",
    "Section 202-555 of the Act; EPA-HQ-OAR-2009-0234-0012; 29 U.S.C. 201-219; CAS No. 7440-41-7.",
    "Ask for form 555-2368 at any office; the study ran 2013-2019-2021.",
])
def test_dockets_and_citations_are_no_phone_numbers(text: str) -> None:
    """Trial 39, finding 1's fix (a US number with hyphens is a phone anywhere) keeps dockets and citations."""
    assert find_pii(text, names=False) == [], redact(text, names=False)


def test_a_tribes_name_is_no_persons_name() -> None:
    """Trial 39, finding 8: "The Santa Ynez Band Of Chumash Indians" became "The [name] Band Of Chumash Indians"."""
    text = ("See Attached File(S) The Santa Ynez Band Of Chumash Indians Provides The Attached Ceq Comments Dated "
            "03-09-20 Sincerely, Sam Cohen Government Affairs And Legal Officer 805-688-7997 Main")
    out = redact(text)
    assert "The Santa Ynez Band Of Chumash Indians Provides" in out, out
    assert "Sam Cohen" not in out and "[phone] Main" in out, out
    for body in ("the Pueblo of Santa Ana", "the Robinson Rancheria", "the Navajo Nation"):
        assert body in redact(f"Comments of {body} on the rule, written by the tribe's council."), body


@pytest.mark.parametrize(("text", "expected"), [
    ("The Attached Ceq Comments Dated 03-09-20 Sincerely", "The Attached Ceq Comments Dated 03-09-20 Sincerely"),
    ("The Hearing On 12-01-19 Was Closed.", "The Hearing On 12-01-19 Was Closed."),
    ("We met on the 05-11-21 deadline.", "We met on the 05-11-21 deadline."),
    ("Please pay to sort code 09-01-28, account 31926819.", "Please pay to sort code [bank details], account [ID number]."),
    ("Pay into 40-11-60 please.", "Pay into [bank details] please."),
    ("My bank details: 11-02-03 / 12345678", "My bank details: [bank details] / [bank details]"),
])
def test_a_date_is_no_sort_code(text: str, expected: str) -> None:
    """Trial 39, finding 8: "Dated 03-09-20" became "[bank details]": after "Dated"/"Date"/"On", or reading as a day and
    a month with no bank's word near, two-digit triples are a date; after "sort code" or "bank" they are still one."""
    assert redact(text, names=False) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("References: Http://Www.huffingtonpost.com/2013/04/22/American-Companies-Founded-By-Immigrants_n_3116172.Html "
     "Http://Www.forbes.com/Sites/Robertlenzner/2013/04/25/40-Largest", None),
    ("Also On Medium: Https://Medium.com/@Dsngbycd/Why-Should-We-Pass-The-Law Here Is My Statement.",
     "Also On Medium: [social media] Here Is My Statement."),
    ("see https://business.facebook.com/jane.roe.77 and www.linkedin.com/in/jane-roe.",
     "see [social media] and [social media]."),
    ("See x.com/janeroe and box.com/files/report for more.", "See [social media] and box.com/files/report for more."),
])
def test_a_web_address_is_redacted_whole_or_not_at_all(text: str, expected: str | None) -> None:
    """Trial 39, finding 8: "Http://Www.huffingtonpos[social media]" cut an address ("t.com" of "huffingtonpost.com"
    read as a social site's): a web address is never partly redacted."""
    assert redact(text, names=False) == (text if expected is None else expected)


@pytest.mark.parametrize("name", ["United Steelworkers", "United Auto Workers", "United Mine Workers Of America",
                                  "United Food and Commercial Workers", "Ironworkers Local 1",
                                  "International Brotherhood Of Boilermakers", "Teamsters Local 727"])
def test_a_union_named_by_its_members_work_is_no_persons_name(name: str) -> None:
    """Trial 39, finding 7: "United Steelworkers" was held back from the annex's Organisations sheet as a person's
    name: a plural of people at their work ("Steelworkers", "Boilermakers") is no name word."""
    from consult_analyser.export.safety import screen_organisations
    from consult_analyser.pipeline.pii import looks_personal

    assert not names_a_person(name) and looks_personal([name]) == [False]
    assert screen_organisations([name]) == set()
    assert names_a_person("Carmen Diaz")  # a first name that ends like one ("car" + "men") is still a name
