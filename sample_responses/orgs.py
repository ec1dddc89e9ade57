"""Organisation names and e-mail domains, built from place names and institution patterns."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from sample_responses.places import FORCES, LAST, PLACE_WEIGHTS, PLACES, SAINTS, Place


@dataclass
class Org:
    name: str
    domain: str
    sector: str
    kind: str  # finer type, e.g. "mosque", "council", "university": drives wording
    small: bool = False  # small groups often write from a personal mailbox


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def pick(rng: random.Random, seq):
    return seq[int(rng.random() * len(seq))]


def pick_place(rng: random.Random) -> Place:
    return rng.choices(PLACES, PLACE_WEIGHTS)[0]


_SCHOOL_WORDS = ("Oakwood", "Millfield", "Beech Hill", "Greenfield", "Westfield", "Park View", "Highfield", "Riverside",
                 "Brookside", "Meadowbank", "Hollybush", "Woodlands", "Springfield", "Moorside", "Fairfield", "Lark Hill",
                 "Ashgrove", "Thornbury", "Cherry Tree", "Hill Top", "Copthorne", "Laisterdyke", "Belle Vue", "Ridgeway")
_MASJID = ("Al-Noor", "Al-Hikmah", "Abu Bakr", "Bilal", "Ghausia", "Madina", "Quba", "Al-Falah", "Tawhid", "Darul Uloom",
           "Jamia", "Al-Huda", "Zakariya", "Noor-ul-Islam", "Ahl-e-Bait", "Suffa")
_DEITY = ("Krishna", "Ram", "Ganesh", "Radha Krishna", "Durga", "Jalaram", "Hanuman", "Venkateswara", "Swaminarayan")
_TOPIC = ("Migration Studies", "Social Cohesion", "Ethnicity and Inequalities", "Community Research", "Religion and Society",
          "Race Equality", "Social Policy", "Integration Research", "Citizenship Studies", "Applied Linguistics",
          "Urban Studies", "Education Policy")
_ADJ = ("Common", "Shared", "Open", "New", "Bright", "Together", "United", "Welcome", "Brighter", "Better", "Kind", "Good")
_NOUN = ("Ground", "Futures", "Horizons", "Voices", "Bridges", "Roots", "Paths", "Neighbours", "Table", "Links", "Hands", "Streets")
_SUFFIX = ("Trust", "Foundation", "Network", "Alliance", "Project", "Partnership", "UK", "Collective")
_TRADE = ("Construction", "Engineering", "Recruitment", "Logistics", "Textiles", "Foods", "Builders", "Associates",
          "Consulting", "Training", "Cleaning Services", "Transport", "Pharmacy", "Property", "Motors", "Catering")
_ETHNIC_GROUPS = ("Somali", "Polish", "Bangladeshi", "Pakistani", "African Caribbean", "Chinese", "Kurdish", "Roma",
                  "Sudanese", "Eritrean", "Romanian", "Lithuanian", "Gujarati", "Kashmiri", "Yemeni", "Syrian", "Afghan")
_UNIONS = ("Teachers'", "Public Service Workers'", "Transport Workers'", "Communication Workers'", "General Workers'")
_PARTIES = ("Labour Party", "Conservative Association", "Liberal Democrats", "Green Party", "Plaid Cymru")


def _council(p: Place, rng: random.Random) -> Org:
    d = f"{slug(p.name)}.gov.uk"
    pattern = {
        "C": f"{p.name} City Council", "M": pick(rng, (f"{p.name} Metropolitan Borough Council", f"{p.name} Council")),
        "B": f"{p.name} Borough Council", "D": f"{p.name} District Council", "L": f"London Borough of {p.name}",
        "U": f"{p.name} Council",
    }[p.council]
    roll = rng.random()
    if roll < 0.12:
        county = p.county if p.county not in ("Metropolitan", "Scotland", "Northern Ireland") else p.region
        return Org(f"{county} County Council", f"{slug(county)}.gov.uk", "local_authority", "county council")
    if roll < 0.22:
        village = pick(rng, ("Ashby", "Thornton", "Denby", "Holme", "Marsden", "Sutton", "Wootton", "Kirkby", "Alston",
                             "Cowling", "Silsden", "Barwell", "Ryton", "Brampton", "Hadley"))
        kind = pick(rng, ("Town Council", "Parish Council"))
        return Org(f"{village} {kind}", f"{slug(village)}-{kind.split()[0].lower()}council.gov.uk", "local_authority",
                   "parish council", small=True)
    return Org(pattern, d, "local_authority", "council")


def make_org(sector: str, rng: random.Random, place: Place | None = None) -> Org:
    """A plausible organisation of ``sector`` (mostly tied to ``place``)."""
    p = place or pick_place(rng)
    P, s = p.name, slug(p.name)
    if sector == "local_authority":
        return _council(p, rng)
    if sector == "faith":
        saint = pick(rng, SAINTS)
        options = [
            (3, lambda: Org(f"St {saint}'s {pick(rng, ('Church', 'Parish Church', 'Church of England'))}, {P}", f"st{slug(saint)}s{s}.org.uk", "faith", "church", True)),
            (1.2, lambda: Org(f"Diocese of {P}", f"{s}.anglican.org", "faith", "diocese")),
            (0.8, lambda: Org(f"Roman Catholic Diocese of {P}", f"diocese{s}.org.uk", "faith", "diocese")),
            (1.5, lambda: Org(f"{P} {pick(rng, ('Methodist Circuit', 'Baptist Church', 'United Reformed Church', 'Community Church', 'Quaker Meeting', 'Elim Pentecostal Church'))}", f"{s}{pick(rng, ('methodist', 'baptist', 'church', 'quakers'))}.org.uk", "faith", "church", True)),
            (2.2, lambda: Org(pick(rng, (f"{P} Central Mosque", f"Masjid {pick(rng, _MASJID)}, {P}", f"{P} Islamic Centre", f"Jamia Masjid {pick(rng, _MASJID)} {P}")), f"{s}{pick(rng, ('centralmosque', 'masjid', 'islamiccentre'))}.org.uk", "faith", "mosque", True)),
            (0.6, lambda: Org(f"{P} Council of Mosques", f"{s}councilofmosques.org.uk", "faith", "mosque")),
            (1.2, lambda: Org(pick(rng, (f"Guru Nanak Gurdwara {P}", f"Sri Guru Singh Sabha {P}", f"Gurdwara Sahib {P}", f"Guru Nanak Sikh Temple, {P}")), f"{pick(rng, ('sgss', 'gurunanak', 'gurdwara'))}{s}.org.uk", "faith", "gurdwara", True)),
            (0.8, lambda: Org(pick(rng, (f"{P} Hebrew Congregation", f"{P} Reform Synagogue", f"{P} Liberal Jewish Community", f"{P} Jewish Representative Council")), f"{s}{pick(rng, ('hebrewcongregation', 'reformsynagogue', 'jewishcouncil'))}.org.uk", "faith", "synagogue")),
            (0.8, lambda: Org(pick(rng, (f"Shri {pick(rng, _DEITY)} Mandir, {P}", f"{P} Hindu Temple", f"{P} Hindu Council")), f"{s}{pick(rng, ('hindutemple', 'mandir', 'hinducouncil'))}.org.uk", "faith", "temple", True)),
            (0.3, lambda: Org(f"{P} Buddhist Centre", f"{s}buddhistcentre.org.uk", "faith", "temple")),
            (1.2, lambda: Org(pick(rng, (f"{P} Interfaith Forum", f"{P} Council of Faiths", f"Churches Together in {P}", f"{P} Faith Forum")), f"{s}{pick(rng, ('interfaith', 'faiths', 'churchestogether'))}.org.uk", "faith", "interfaith", True)),
        ]
    elif sector == "education":
        word = pick(rng, _SCHOOL_WORDS)
        county = slug(p.county)[:10]
        options = [
            (3, lambda: Org(pick(rng, (f"{word} Primary School", f"{word} Junior and Infant School", f"St {pick(rng, SAINTS)}'s C of E Primary School", f"St {pick(rng, SAINTS)}'s Catholic Primary School", f"{word} Community Primary School")), f"{slug(word)}.{county}.sch.uk", "education", "school")),
            (2, lambda: Org(pick(rng, (f"{word} Academy", f"{P} {pick(rng, ('High School', 'Grammar School', 'Academy', 'Girls School', 'School'))}", f"{word} High School")), f"{slug(word)}{pick(rng, ('academy', 'high', 'school'))}.org.uk", "education", "school")),
            (1.5, lambda: Org(pick(rng, (f"{P} College", f"{P} Sixth Form College", f"{P} College of Further Education")), f"{s}{pick(rng, ('', 'sfc', 'college'))}.ac.uk", "education", "college")),
            (1.2, lambda: Org(f"{pick(rng, (word, pick(rng, _ADJ) + ' ' + pick(rng, _NOUN)))} {pick(rng, ('Academy Trust', 'Multi Academy Trust', 'Learning Trust', 'Education Trust'))}", f"{slug(word)}trust.org.uk", "education", "trust")),
            (0.8, lambda: Org(f"{P} {pick(rng, ('Adult Learning Service', 'Adult and Community Learning'))}", f"{s}.gov.uk", "education", "adult learning")),
            (1, lambda: Org(pick(rng, (f"{P} {pick(rng, _ETHNIC_GROUPS)} Supplementary School", f"{P} Polish Saturday School", f"{word} Madrassah", f"{P} Saturday School")), f"{s}saturdayschool.org.uk", "education", "supplementary", True)),
        ]
    elif sector == "voluntary_community":
        options = [
            (1.5, lambda: Org(pick(rng, (f"{P} Refugee Forum", f"{P} City of Sanctuary", f"{P} Asylum Seekers Support Group", f"{P} Refugee Action Group")), f"{s}{pick(rng, ('refugeeforum', 'sanctuary', 'asylumsupport'))}.org.uk", "voluntary_community", "refugee", True)),
            (1.2, lambda: Org(pick(rng, (f"{P} Council for Voluntary Service", f"{P} CVS", f"Voluntary Action {P}")), f"{pick(rng, ('cvs', 'va'))}{s}.org.uk", "voluntary_community", "infrastructure")),
            (1.6, lambda: Org(f"{P} {pick(rng, _ETHNIC_GROUPS)} {pick(rng, ('Community Association', 'Welfare Association', 'Community Centre', 'Women’s Group'))}", f"{s}{pick(rng, ('community', 'welfare', 'association'))}.org.uk", "voluntary_community", "community", True)),
            (1.0, lambda: Org(pick(rng, (f"{P} Women's Centre", f"{P} Youth Project", f"{P} Foodbank", f"{P} Community Association", f"{P} Law Centre", f"Citizens Advice {P}", f"{P} Racial Equality Council", f"{P} Mind")), f"{s}{pick(rng, ('womenscentre', 'youth', 'foodbank', 'ca', 'lawcentre', 'rec'))}.org.uk", "voluntary_community", "charity", True)),
            (0.6, lambda: Org(f"{pick(rng, ('Northfield', 'Eastside', 'Canal Side', 'Holme Wood', 'Parkside', 'Broadwater', 'Meadows'))} {pick(rng, ('Residents Association', 'Tenants and Residents Association'))}", "", "voluntary_community", "residents", True)),
            (1.5, lambda: (lambda a, n, x: Org(f"{a} {n} {x}", f"{slug(a + n)}.org.uk", "voluntary_community", "national charity"))(pick(rng, _ADJ), pick(rng, _NOUN), pick(rng, _SUFFIX))),
        ]
    elif sector == "academic_research":
        options = [
            (2, lambda: Org(f"University of {P}", f"{s}.ac.uk", "academic_research", "university")),
            (1.2, lambda: Org(f"{P} {pick(rng, ('Metropolitan', 'City', 'Trent', 'Hallam', 'Beckett', 'Spa'))} University", f"{s[:6]}{pick(rng, ('met', 'u', 'uni'))}.ac.uk", "academic_research", "university")),
            (1.8, lambda: (lambda t: Org(f"Centre for {t}, University of {P}", f"{s}.ac.uk", "academic_research", "research centre"))(pick(rng, _TOPIC))),
            (1, lambda: (lambda t: Org(f"Institute for {t}", f"{slug(t)}.org.uk", "academic_research", "think tank"))(pick(rng, _TOPIC))),
            (0.6, lambda: Org(f"The {pick(rng, _ADJ)} {pick(rng, ('Policy Institute', 'Society Foundation', 'Research Trust'))}", f"{slug(pick(rng, _ADJ))}policy.org.uk", "academic_research", "think tank")),
        ]
    elif sector == "business":
        a, b = pick(rng, LAST), pick(rng, LAST)
        options = [
            (1.2, lambda: Org(f"{a} & {b} Solicitors", f"{slug(a + b)}.co.uk", "business", "firm")),
            (2, lambda: Org(f"{a} {pick(rng, _TRADE)} Ltd", f"{slug(a)}{pick(rng, ('ltd', 'group', ''))}.co.uk", "business", "firm", True)),
            (1.2, lambda: Org(f"{P} Chamber of Commerce", f"{s}chamber.co.uk", "business", "chamber")),
            (0.6, lambda: Org(f"{P} Business Improvement District", f"{s}bid.co.uk", "business", "chamber")),
            (1.4, lambda: (lambda n: Org(f"{n} {pick(rng, ('Consulting', 'Solutions', 'Group', 'Recruitment'))} Ltd", f"{slug(n)}.{pick(rng, ('com', 'co.uk'))}", "business", "firm"))(pick(rng, _ADJ) + pick(rng, ('path', 'bridge', 'way', 'field', 'stone')))),
            (0.6, lambda: Org(f"{pick(rng, _ADJ)} {pick(rng, _NOUN)} CIC", f"{slug(pick(rng, _NOUN))}cic.co.uk", "business", "social enterprise", True)),
        ]
    elif sector == "health_care":
        options = [
            (1.5, lambda: Org(f"{P} {pick(rng, ('Teaching Hospitals', 'Hospitals', 'University Hospitals'))} NHS {pick(rng, ('Foundation Trust', 'Trust'))}", f"{s[:8]}{pick(rng, ('hospitals', 'th', 'uh'))}.nhs.uk", "health_care", "nhs trust")),
            (1.5, lambda: Org(f"NHS {P} Clinical Commissioning Group", f"{s}ccg.nhs.uk", "health_care", "ccg")),
            (0.9, lambda: Org(f"{P} {pick(rng, ('Care Partnership', 'Community Health', 'Partnership'))} NHS Foundation Trust", f"{s[:8]}ft.nhs.uk", "health_care", "nhs trust")),
            (0.8, lambda: Org(f"{P} Hospice", f"{s}hospice.org.uk", "health_care", "hospice")),
            (1.2, lambda: Org(f"{pick(rng, LAST)} {pick(rng, ('Care Homes Ltd', 'Home Care Services', 'Care Group'))}", f"{slug(pick(rng, LAST))}care.co.uk", "health_care", "care provider", True)),
            (0.7, lambda: Org(f"Healthwatch {P}", f"healthwatch{s}.co.uk", "health_care", "healthwatch")),
            (0.5, lambda: Org(f"{P} GP Federation", f"{s}gpfed.nhs.uk", "health_care", "gp")),
        ]
    elif sector == "police_justice_fire":
        force, stem = FORCES[p.county]
        area = p.county
        options = [
            (2, lambda: Org(force, f"{stem}.police.uk", "police_justice_fire", "police")),
            (1.2, lambda: Org(f"Office of the Police and Crime Commissioner for {area}", f"{slug(area)}-pcc.gov.uk", "police_justice_fire", "pcc")),
            (1.2, lambda: Org(f"{area} Fire and Rescue Service", f"{slug(area)}fire.gov.uk", "police_justice_fire", "fire")),
            (0.7, lambda: Org(f"National Probation Service, {p.region} Division", "justice.gov.uk", "police_justice_fire", "probation")),
            (0.6, lambda: Org(f"{P} Youth Offending Service", f"{s}.gov.uk", "police_justice_fire", "youth justice")),
            (0.5, lambda: Org(f"HMP {P}", "justice.gov.uk", "police_justice_fire", "prison")),
        ]
    elif sector == "other_public_body":
        options = [
            (1.5, lambda: Org(f"{P} {pick(rng, ('Museum and Art Gallery', 'Museums and Galleries', 'Museums Trust'))}", f"{s}museums.org.uk", "other_public_body", "museum")),
            (1.2, lambda: Org(f"{p.region} Strategic Migration Partnership", f"{slug(p.region)}smp.gov.uk", "other_public_body", "partnership")),
            (1.0, lambda: Org(f"{P} Local Enterprise Partnership", f"{s}lep.org.uk", "other_public_body", "lep")),
            (0.8, lambda: Org(f"{pick(rng, ('Community Cohesion', 'Equality', 'Race Relations', 'Integration'))} {pick(rng, ('Commission', 'Advisory Board', 'Council'))} for {pick(rng, ('Wales', 'Scotland', 'Northern Ireland', 'England', p.region))}", f"{slug(pick(rng, ('cohesion', 'equality', 'integration')))}commission.gov.uk", "other_public_body", "commission")),
            (0.8, lambda: Org(f"{P} Libraries and Archives", f"{s}libraries.org.uk", "other_public_body", "library")),
            (0.6, lambda: Org(f"{p.region} Arts Agency", f"{slug(p.region)}arts.org.uk", "other_public_body", "agency")),
        ]
    else:  # other
        options = [
            (2, lambda: Org(pick(rng, (f"{P} Homes", f"{pick(rng, _ADJ)} Housing Association", f"{P} {pick(rng, ('Housing Group', 'Housing Trust'))}")), f"{s}{pick(rng, ('homes', 'housing'))}.org.uk", "other", "housing")),
            (1.2, lambda: Org(f"{P} Branch, {pick(rng, _UNIONS)} Union", f"{s}branch.org.uk", "other", "union", True)),
            (1.2, lambda: Org(f"{P} {pick(rng, _PARTIES)}", f"{s}{pick(rng, ('labour', 'conservatives', 'libdems', 'greens'))}.org.uk", "other", "party", True)),
            (1, lambda: Org(f"Chartered Institute of {pick(rng, ('Housing', 'Community Work', 'Youth Work', 'Public Policy', 'Linguists'))}", f"ci{slug(pick(rng, ('housing', 'cw', 'yw', 'pp')))}.org.uk", "other", "professional body")),
            (0.8, lambda: Org(f"{P} {pick(rng, ('Humanists', 'Secular Society'))}", f"{s}humanists.org.uk", "other", "humanist", True)),
        ]
    weights = [w for w, _ in options]
    return rng.choices([f for _, f in options], weights)[0]()
