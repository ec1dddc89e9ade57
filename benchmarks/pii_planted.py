"""Redaction benchmark on planted UK personal data, every category, held apart from the rules; and
EU feedback's phone numbers in national formats and self-introductions in six other languages.

Random values of every kind (names in title, lower and upper case and with apostrophes,
self-identifications, NI and NHS numbers, dates of birth, bank details, passport and driving
licence numbers, vehicle registrations, Blue Badge, parking permit and penalty charge numbers,
e-mails, phones, postcodes) are written into carrier sentences; none of the values or sentences
appears in the rules' documentation or tests. Recall per category: the share of planted values no
longer in the redacted text (not one of their words left for names). Over-redaction: of the
ordinary words around them, and of ordinary sentences full of place and organisation names
("St Thomas' Hospital", "Church of England"), the share removed.

The same texts go through the patterns alone (no names model) as the plain baseline.

    python -m benchmarks.pii_planted [--per-kind 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter

FIRST = ["Amelia", "Oliver", "Priya", "Tomasz", "Bethan", "Callum", "Niamh", "Kwame", "Fatima", "Gareth",
         "Rhiannon", "Declan", "Aisling", "Imran", "Chloe", "Harvey", "Lucy", "Mohammed", "Ewan", "Siobhan",
         "Agnieszka", "Dylan", "Grace", "Hamish", "Isla", "Jasmine", "Kieran", "Leah", "Marcus", "Nadia"]
LAST = ["O'Brien", "D'Souza", "MacLeod", "Okafor", "Kowalski", "Fitzgerald", "Hughes", "Robertson", "Nowak",
        "Ahmed", "Murphy", "McAllister", "Evans", "Campbell", "O'Neill", "Thompson", "Begum", "Wright",
        "Chaudhry", "Davies", "Gallagher", "Henderson", "Iqbal", "Kaur", "Lewandowski", "Morrison", "Osei",
        "Pritchard", "Quinn", "Sullivan"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

CARRIERS = {
    "name": ["I spoke to {v} at the parish meeting about the bus timetable.",
             "My neighbour {v} disagrees with the proposal to close the library.",
             "Please contact {v} if you need more detail about the flooding on our lane.",
             "{v} has asked me to add her support to this response.",
             "we were told by {v} that the consultation would be extended",
             "The petition was organised by {v} and signed by most of the village."],
    "self_identification": ["My name is {v} and I have lived here for thirty years.",
                            "hello, my name is {v}, I am a retired teacher.",
                            "I support the plan.\n\nYours sincerely,\n{v}",
                            "Thank you for reading this. Yours faithfully, {v}",
                            "Kind regards,\n{v}", "Many thanks,\n{v}\nParish councillor"],
    "ni_number": ["My National Insurance number is {v} if you need it.", "NI no: {v}",
                  "Please quote {v} on any letter about my pension."],
    "nhs_number": ["My NHS number is {v} and my surgery has my records.", "(NHS no. {v})",
                   "The hospital gave my number as {v} on the discharge letter."],
    "date_of_birth": ["I was born on {v} and have used this service all my life.", "Date of birth: {v}",
                      "DOB {v}, retired.", "As a pensioner (born {v}) I rely on the bus."],
    "bank": ["Please refund the fee to sort code {sc}, account number {acc}.",
             "My bank details are {sc} / {acc}.", "account no. {acc}, sort code {sc}"],
    "passport": ["My passport number is {v} and it expires next year.", "passport no. {v}"],
    "driving_licence": ["My driving licence number is {v}.", "licence {v} was checked at the counter"],
    "vehicle": ["My car ({v}) was fined twice on the same street.", "vehicle registration {v}",
                "The van {v} blocks the pavement every morning."],
    # a disability parking permit (Blue Badge), a parking permit and a penalty charge notice, by their cue (a
    # council's "Low Emission Zone and parking" consultation)
    "permit_number": ["My blue badge number is {v} if you need to check.", "blue badge no. {v}, renewed in March",
                      "My residents' permit number is {v} and I still cannot park.", "I was sent a PCN ({v}) while unloading.",
                      "Penalty charge notice {v} was issued although my badge was on display."],
    "email": ["Write to me at {v} with any questions.", "contact: {v}"],
    "phone": ["Call me on {v} during the day.", "tel {v}"],
    "postcode": ["I live at the top of the hill, {v}.", "postcode {v}"],
    # what patients and families write (two user trials): hospital numbers, staff named by role, relatives
    # whose first name is also a word, a name signing the answer, a street without a street word, a date of death
    "hospital_number": ["Waited four hours in the corridor. my hosp no. is {v}", "hospital number {v}",
                        "the ward was spotless - ref {v}", "MRN {v} is on my wristband", "Discharged late. {v}"],
    "staff_name": ["nurse {v} on ward 9 was brilliant", "a big thank you to {v} the hca",
                   "the porter called {v} wheeled me down", "Staff nurse {v} explained everything"],
    "relative_name": ["my mum {v} died in the home last winter", "My colleague {v} raised it with the owners.",
                      "When I told the manager, {v}, nothing happened.", "I am writing about my husband, {v}, who lived there."],
    "signature": ["Please ring me if you need to know more. {v}", "That is all I want to say. {v}"],
    "street_address": ["{v}", "Write to me at {v} please.", "I live at {v} with my daughter."],
    "date_of_death": ["My dad died at Oakwood Lodge on {v}. Nobody rang us.", "she passed away on {v} in the night",
                      "Mum died on {v} after a fall."],
    # EU "Have your say" feedback (a trial in seven languages): national phone formats without "+" after their
    # cue, and people introducing themselves
    "phone_eu": ["Il mio numero è {v}, chiamatemi.", "Mój numer to {v}.", "numer telefonu {v}", "Mi móvil es {v}.",
                 "Rufen Sie mich gern an unter {v}, danke.", "Vous pouvez me joindre au {v}, merci.",
                 "Bel mij gerust op {v} voor meer informatie.", "kom. {v}"],
    "self_identification_eu": ["Sono {v}, tecnica riparatrice a Torino.", "Ik ben {v} en ik repareer fietsen.",
                               "Ich bin {v} und repariere Waschmaschinen.", "Je suis {v}, réparatrice à Lyon.",
                               "Soy {v}, técnico en Sevilla.", "Jestem {v} i naprawiam telefony.",
                               "Mi chiamo {v} e riparo lavatrici.", "Me llamo {v} y reparo móviles."],
}
FIRST_EU = ["Giulia", "Marco", "Sanne", "Joost", "Klaus", "Katrin", "Marie", "Julien", "Lucía", "Javier", "Anna",
            "Tomasz", "Małgorzata", "Pieter", "Chiara", "Søren"]
LAST_EU = ["Bianchi", "Rossi", "de Vries", "van der Berg", "Müller", "Becker", "Dubois", "Lefèvre", "Fernández",
           "García", "Kowalska", "Nowak", "Esposito", "Jansen", "von Stein", "Wiśniewska"]
_WORD_FIRST = ["Precious", "Blessing", "Joy", "Grace", "Hope", "Faith", "Precious", "Blessing"]
_STREETS = ["Kingsway", "Mill Brow", "Northgate", "Moor Top", "Hollins Hey", "Broad Oak", "Scar Top", "Fold Head"]
_TOWNS = ["Harrogate", "Scarborough", "Lincoln", "Bury", "Rochdale", "Keighley", "Skipton", "Whitby"]

ORDINARY = [
    "I work at St Thomas' Hospital and my husband teaches at King's College London.",
    "The Church of England runs the primary school in Much Wenlock and the one in Church Stretton.",
    "Greater Manchester Combined Authority should talk to Transport for London about fares.",
    "Newcastle upon Tyne, Stoke-on-Trent and Milton Keynes all need better rail links.",
    "The M25 between Junction 10 and Junction 16 is gridlocked every evening.",
    "Network Rail closed the line from Exeter St Davids to Newton Abbot for six weeks.",
    "Our Citizens Advice office in Barnsley helped 4,000 people last year.",
    "The Royal British Legion and Age UK both run lunch clubs in St Albans.",
    "Historic England listed the mill in Saltaire, near Bradford, in 1985.",
    "Queen Elizabeth Hospital in King's Lynn needs a new roof, as the BBC reported.",
    "I think the Local Plan for 2020 to 2035 ignores the villages east of Norwich.",
    "The Lake District National Park and the Peak District are overrun in August.",
    "Mount Pleasant Road in Tunbridge Wells floods whenever it rains heavily.",
    "Councils in Wales, Scotland and Northern Ireland already do this, so why not England?",
    "The Children's Society and Barnardo's have both warned about the waiting lists.",
    "University College London Hospitals and Guy's and St Thomas' share the same problem.",
    "Section 106 money from the Morrisons development was never spent on the playground.",
    "I voted in the referendum on 23 June 2016 and again in the election of 2019.",
    "The Welsh Government and the Scottish Parliament consulted on this in March 2021.",
    "We need more GPs in Lincolnshire, Cornwall and the Isle of Wight, not fewer.",
    # ordinary words after a relation or a role, codes that are not identifiers, homes and bodies
    "the consultant didnt say when i could go home and my brother wouldnt eat the food",
    "my husband cant walk far and my daughter doesnt like hospitals",
    "love to all on the ward x",
    "I know my dad beter than anyone, they let me stay with my son ovrenight",
    "The M62 was shut, I had COVID19 in Q4, took B12 and rang NHS 111 about my Galaxy A54.",
    "Fernlea View lost three managers in a year and Oak Grange was no better.",
    "Healthwatch Wigan and Rochdale Healthwatch ran the survey with Wigan Carers Network.",
    "Harper Lane & Co Solicitors and the Kirklees Coroner's Officers' Association gave evidence.",
    "The Children's Commissioner for Wales agreed with us. Kind Regards",
    # numbers and phrases of EU feedback that are no phone, account or name
    "Gemäß Artikel 12 Absatz 3 der Verordnung (EU) 2019/771 gilt das von 2020-2024 für 1 299 EUR.",
    "Il costo è di 300 000 000 euro; il mio telefono ha 5 anni. Sono d'accordo con la proposta.",
    "Rynek jest wart 601 234 567 zł, w latach 2019-2024 sprzedano 12 345 678 sztuk. Jestem konsumentem.",
    "Ich bin Mitglied im Verein. Je suis favorable, du 12.03.2024 au 31/12/2025. Ik ben het eens.",
    "Soy consumidor y el mercado mueve 612 345 678 euros. The code AB12 CDEF 1234 5678 is a model.",
]


def _valid_nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _value(kind: str, rng: random.Random) -> dict[str, str]:
    if kind in ("name", "self_identification"):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        style = rng.random()
        name = name.lower() if style < 0.3 else name.upper() if style < 0.4 else name
        return {"v": name}
    if kind == "ni_number":
        letters = "ABCEGHJKLMNPRSTWXYZ"
        digits = "".join(str(rng.randrange(10)) for _ in range(6))
        value = rng.choice(letters) + rng.choice(letters) + digits + rng.choice("ABCD")
        if rng.random() < 0.4:
            value = f"{value[:2]} {value[2:4]} {value[4:6]} {value[6:8]} {value[8]}"
        return {"v": value.lower() if rng.random() < 0.15 else value}
    if kind == "nhs_number":
        value = _valid_nhs(rng)
        style = rng.random()
        return {"v": value if style < 0.4 else f"{value[:3]} {value[3:6]} {value[6:]}" if style < 0.8
                else f"{value[:3]}-{value[3:6]}-{value[6:]}"}
    if kind == "date_of_birth":
        year, month, day = rng.randrange(1930, 2006), rng.randrange(1, 13), rng.randrange(1, 29)
        suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
        forms = [f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year}", f"{day} {MONTHS[month - 1]} {year}",
                 f"{MONTHS[month - 1]} {day}, {year}", f"{day}{suffix} {MONTHS[month - 1]} {year}",
                 f"{day:02d}-{month:02d}-{year}", f"{day:02d}.{month:02d}.{year}", f"{year}-{month:02d}-{day:02d}",
                 f"{day} {MONTHS[month - 1][:3]} {year}", f"{day:02d}/{month:02d}/{year % 100:02d}"]
        return {"v": rng.choice(forms)}
    if kind == "bank":
        pairs = [rng.randrange(100) for _ in range(3)]
        sort_code = ("-" if rng.random() < 0.7 else " ").join(f"{p:02d}" for p in pairs)
        return {"sc": sort_code, "acc": "".join(str(rng.randrange(10)) for _ in range(8))}
    if kind == "passport":
        return {"v": "".join(str(rng.randrange(10)) for _ in range(9))}
    if kind == "driving_licence":
        surname = (rng.choice(LAST).upper().replace("'", "") + "99999")[:5]
        year, month, day = rng.randrange(30, 100), rng.randrange(1, 13), rng.randrange(1, 29)
        month += 50 if rng.random() < 0.5 else 0
        value = (f"{surname}{year // 10}{month:02d}{day:02d}{year % 10}{rng.choice(FIRST)[0]}9"
                 f"{rng.randrange(10)}{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}")
        return {"v": value}
    if kind == "vehicle":
        letters = "ABCDEFGHJKLMNOPRSTUVWXYZ"
        if rng.random() < 0.8:
            value = (rng.choice(letters) + rng.choice(letters) + f"{rng.randrange(1, 75):02d}"
                     + ("" if rng.random() < 0.3 else " ") + "".join(rng.choice(letters) for _ in range(3)))
        else:
            value = rng.choice("ABCDEFGHJKLMNPRSTVWXY") + str(rng.randrange(1, 999)) + " " + "".join(
                rng.choice(letters) for _ in range(3))
        return {"v": value}
    if kind == "permit_number":
        council = "".join(rng.choice("ABDEGHKLMNPRSTWY") for _ in range(2))
        digits = "".join(str(rng.randrange(10)) for _ in range(10))
        return {"v": rng.choice([f"{council}{digits[:2]} {digits[2:6]} {digits[6:]}", f"{council}{digits[:8]}",
                                 f"RP-{digits[:6]}", digits[:7]])}
    if kind == "email":
        return {"v": f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower().replace(chr(39), '')}"
                     f"{rng.randrange(99)}@{rng.choice(['mail.example', 'example.co.uk', 'post.example.org'])}"}
    if kind == "phone":
        return {"v": rng.choice([f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
                                 f"0161 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                                 f"+44 20 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"])}
    if kind == "phone_eu":
        d = [str(rng.randrange(10)) for _ in range(9)]
        return {"v": rng.choice([f"3{rng.randrange(20, 99)} {''.join(d[:3])} {''.join(d[3:7])}",  # Italian mobile
                                 f"{rng.choice('5678')}{''.join(d[:2])} {''.join(d[2:5])} {''.join(d[5:8])}",  # Polish
                                 f"6{''.join(d[:2])} {''.join(d[2:4])} {''.join(d[4:6])} {''.join(d[6:8])}",  # Spanish
                                 f"01{rng.choice('567')}{d[0]} {''.join(d[1:8])}",  # German mobile
                                 f"0{rng.choice('67')} {d[0]}{d[1]} {d[2]}{d[3]} {d[4]}{d[5]} {d[6]}{d[7]}",  # French
                                 f"06-{''.join(d[:8])}"])}  # Dutch
    if kind == "self_identification_eu":
        return {"v": f"{rng.choice(FIRST_EU)} {rng.choice(LAST_EU)}"}
    if kind == "postcode":
        return {"v": rng.choice(["LS6", "M14", "B29", "CF10", "EH9", "BS7"]) + f" {rng.randrange(1, 10)}"
                     + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))}
    if kind == "hospital_number":
        digits = "".join(str(rng.randrange(10)) for _ in range(rng.choice([7, 7, 8])))
        return {"v": "".join(rng.choice("ABDGKMRTXY") for _ in range(rng.randrange(1, 4))) + digits}
    if kind == "staff_name":
        name = rng.choice(FIRST)
        return {"v": name.lower() if rng.random() < 0.4 else name}
    if kind in ("relative_name", "signature"):
        name = f"{rng.choice(_WORD_FIRST if kind == 'relative_name' else FIRST)} {rng.choice(LAST)}"
        return {"v": name.lower() if kind == "relative_name" and rng.random() < 0.3 else name}
    if kind == "street_address":
        postcode = _value("postcode", rng)["v"]
        return {"v": f"{rng.randrange(1, 200)} {rng.choice(_STREETS)}, {rng.choice(_TOWNS)} {postcode}"}
    if kind == "date_of_death":
        year, month, day = rng.randrange(2015, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        return {"v": rng.choice([f"{day} {MONTHS[month - 1]} {year}", f"{day:02d}/{month:02d}/{year}"])}
    raise ValueError(kind)


def planted(per_kind: int, seed: int) -> list[tuple[str, str, list[str]]]:
    """(kind, text, planted values) triples, ``per_kind`` of each category."""
    rng = random.Random(seed)
    out = []
    for kind, carriers in CARRIERS.items():
        for _ in range(per_kind):
            values = _value(kind, rng)
            text = rng.choice(carriers).format(**values)
            out.append((kind, text, list(values.values())))
    return out


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NAME_KINDS = ("name", "self_identification", "self_identification_eu", "staff_name", "relative_name", "signature")  # not one word may be left


def _words_removed(original: str, after: str, skip: list[str]) -> tuple[int, int]:
    """(ordinary words of ``original`` outside the ``skip`` values, how many of them are gone)."""
    outside = original
    for value in skip:
        outside = outside.replace(value, " ")
    words = Counter(w.lower() for w in _WORD.findall(outside))
    left = Counter(w.lower() for w in _WORD.findall(after))
    return sum(words.values()), sum((words - left).values())


def evaluate(per_kind: int = 300, seed: int = 7, names_model: bool = True) -> dict:
    from consult_analyser.pipeline.pii import PiiFinder

    cases = planted(per_kind, seed)
    texts = [text for _, text, _ in cases] + ORDINARY
    finder = PiiFinder(ner=names_model)
    start, cpu = time.perf_counter(), time.process_time()
    redacted = dict(zip(texts, finder.redact_many(texts), strict=True))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    recall: dict[str, list[int]] = {}
    missed: list[tuple[str, str]] = []
    words = lost = 0
    lost_examples: list[str] = []
    for kind, text, values in cases:
        after = redacted[text]
        gone = True
        for value in values:
            parts = _WORD.findall(value) if kind in _NAME_KINDS else [value.split(",")[0]] \
                if kind == "street_address" else [value]  # the house and street must go, not only the postcode
            if any(re.search(rf"(?<![\w']){re.escape(p)}(?![\w'])", after, re.I) for p in parts):
                gone = False
        hit = recall.setdefault(kind, [0, 0])
        hit[0] += gone
        hit[1] += 1
        if not gone:
            missed.append((kind, text))
        n, k = _words_removed(text, after, values)
        words, lost = words + n, lost + k
        if k:
            lost_examples.append(after)
    ordinary_words = ordinary_lost = 0
    for text in ORDINARY:
        n, k = _words_removed(text, redacted[text], [])
        ordinary_words, ordinary_lost = ordinary_words + n, ordinary_lost + k
        if k:
            lost_examples.append(redacted[text])
    return {"recall": recall, "missed": missed, "carrier_words": words, "carrier_lost": lost,
            "ordinary_words": ordinary_words, "ordinary_lost": ordinary_lost, "lost_examples": lost_examples,
            "seconds": seconds, "cpu": cpu, "texts": len(texts)}


def report(per_kind: int = 300, seed: int = 7) -> dict:
    """Print the benchmark, the names model beside the patterns alone; return the full run."""
    full = evaluate(per_kind, seed, names_model=True)
    plain = evaluate(per_kind, seed, names_model=False)
    print(f"\nredaction of planted personal data: {per_kind} texts per category, seed {seed}, "
          f"{full['texts']:,} texts in {full['seconds']:.1f} s (CPU {full['cpu']:.1f} s)")
    print(f"{'category':<22}{'recall':>9}{'patterns only':>15}")
    for kind in full["recall"]:
        got, total = full["recall"][kind]
        base, _ = plain["recall"][kind]
        print(f"{kind:<22}{got / total:>9.1%}{base / total:>15.1%}")
    total_words = full["carrier_words"] + full["ordinary_words"]
    total_lost = full["carrier_lost"] + full["ordinary_lost"]
    print(f"ordinary words wrongly removed: {total_lost} of {total_words:,} ({total_lost / max(total_words, 1):.2%}; "
          f"around planted data {full['carrier_lost']} of {full['carrier_words']:,}, in sentences full of places and "
          f"organisations {full['ordinary_lost']} of {full['ordinary_words']:,})")
    if full["missed"]:
        print("missed: " + "; ".join(f"{k}: {t!r}" for k, t in full["missed"][:12]))
    if full["lost_examples"]:
        print("over-redacted: " + "; ".join(repr(t) for t in full["lost_examples"][:8]))
    return full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    report(args.per_kind, args.seed)


if __name__ == "__main__":
    main()
