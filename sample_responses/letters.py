"""Letters and e-mails that follow no form: a sender, prose on several themes, a signature."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from sample_responses import voices
from sample_responses.answers import (
    EXPANDER,
    RELEVANT,
    Speaker,
    closed_answer,
    pick_themes,
    theme_sentences,
    with_opener,
)
from sample_responses.campaigns import Campaign, campaign_answers
from sample_responses.orgs import pick
from sample_responses.people import phone, role, street_address
from sample_responses.text_bank import QUESTIONS

THEMED = [q for q in QUESTIONS if q.kind != "closed"]
SALUTATIONS = ("Dear Sir or Madam,", "Dear Sir/Madam,", "Dear Integration Team,", "To whom it may concern,",
               "Dear Secretary of State,", "Dear Minister,", "Dear Sirs,")
SIGN_OFFS = ("Yours faithfully,", "Yours sincerely,", "Kind regards,", "With best wishes,", "Regards,")
OPENING_ORG = (
    "<org> {welcomes|is pleased to have} the opportunity to respond to the {Integrated Communities Strategy green paper|government's consultation on the Integrated Communities Strategy|green paper on integrated communities}.",
    "This is the response of <org> to the {Integrated Communities Strategy green paper|consultation on the Integrated Communities Strategy}, {published in March 2018|which closes on 5 June 2018}.",
    "Please accept this letter as the {formal|} response of <org> to the {consultation|green paper} on integrated communities.",
)
OPENING_PERSON = (
    "I am writing {to respond to|about} the {consultation on the Integrated Communities Strategy|Integrated Communities green paper}{, as I found the online form difficult| because I feel strongly about it|}.",
    "I would like to {give|share} my views on the government's {proposals|green paper} on integrated communities.",
    "I saw {a report about|an article on} the {green paper|consultation} {in the local paper|on the news|online} and wanted to {respond|have my say}.",
)
WELSH_OPENING = "Mae'r Cyngor yn croesawu'r cyfle i ymateb i'r ymgynghoriad hwn. Mae'r ymateb isod yn Saesneg."
COVER_NOTES = (
    "{Dear Sir or Madam|Dear Sir/Madam|Hello|Good afternoon},\n\nPlease find attached {the response of <org>|our response|my response} to the {Integrated Communities Strategy green paper|consultation}.\n\n{Kind regards|Regards|Best wishes},\n<name>",
    "{Hi|Dear colleagues},\n\n{Attached is|I attach} {our|my} {submission|response} to the integrated communities consultation. {I would be grateful if you could confirm receipt.|Please let me know if you have any difficulty opening the file.|}\n\n<name>\n<role>\n<org>",
    "Please see attached.\n\n<name>",
)


@dataclass
class Letter:
    """A composed submission: blocks of ("letterhead"|"address"|"date"|"para"|"heading"|"signature", text)."""

    sender: Speaker
    role: str
    date: datetime
    blocks: list[tuple[str, str]] = field(default_factory=list)
    themes: set[str] = field(default_factory=set)
    pii: list[tuple[str, str]] = field(default_factory=list)
    phone: str = ""

    @property
    def author(self) -> str:
        return self.sender.org.name if self.sender.is_org and self.sender.org else self.sender.name

    def text(self) -> str:
        """Plain-text rendering, blocks separated by blank lines."""
        return "\n\n".join(t for _, t in self.blocks) + "\n"


def long_date(d: datetime) -> str:
    return f"{d.day} {d:%B %Y}"


def _sections(sp: Speaker, rng: random.Random) -> list:
    boost = RELEVANT.get(sp.sector, {})
    weights = [boost.get(q.chapter, 1.0) ** 2 for q in THEMED]
    m = rng.randint(3, 6) if sp.is_org else rng.randint(2, 4)
    chosen: list = []
    while len(chosen) < m:
        q = rng.choices(THEMED, weights)[0]
        if q not in chosen:
            chosen.append(q)
    return sorted(chosen, key=QUESTIONS.index)


def compose_letter(sp: Speaker, rng: random.Random, when: datetime) -> Letter:
    """A letter from ``sp`` touching several questions' themes."""
    letter = Letter(sp, role(rng, sp.sector) if sp.is_org else "", when)
    ctx = {**sp.ctx, "org": sp.org.name if sp.org else ""}
    blocks = letter.blocks
    address = street_address(rng, sp.place)
    letter.phone = phone(rng, sp.place, 0.3 if sp.is_org else 0.7)
    if sp.is_org and sp.org:
        blocks.append(("letterhead", sp.org.name))
        blocks.append(("address", address.replace(", ", "\n")))
    elif rng.random() < 0.7:
        blocks.append(("address", address.replace(", ", "\n")))
        letter.pii.append(("address", address))
    blocks.append(("date", long_date(when)))
    if rng.random() < 0.5:
        blocks.append(("address", "Integrated Communities Strategy consultation\nMinistry of Housing, Communities and Local Government\n2 Marsham Street\nLondon SW1P 4DF"))
    blocks.append(("para", pick(rng, SALUTATIONS)))
    if sp.sector == "local_authority" and sp.place.region == "Wales" and rng.random() < 0.7:
        blocks.append(("para", WELSH_OPENING))
    opening = [EXPANDER.expand(pick(rng, OPENING_ORG if sp.is_org else OPENING_PERSON), rng, ctx)]
    pool = voices.INTROS.get(sp.sector, ()) if sp.is_org else voices.PERSONAS
    for template in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
        opening.append(EXPANDER.expand(template, rng, ctx))
    blocks.append(("para", " ".join(opening)))
    style = rng.choices(("chapter", "question", "none"), (0.4, 0.25, 0.35))[0]
    for q in _sections(sp, rng):
        if style == "chapter":
            blocks.append(("heading", q.chapter))
        elif style == "question":
            blocks.append(("heading", f"Question {q.key[1:]}" + (f": {q.full_text}" if rng.random() < 0.5 else "")))
        choice = closed_answer(q, sp, rng) if q.kind == "hybrid" else ""
        if choice and style == "question" and rng.random() < 0.6:
            blocks.append(("para", f"{choice}."))
        for t in pick_themes(q, sp, rng, rng.choice((1, 2, 2)), choice):
            if t.key in letter.themes:
                continue
            sents = theme_sentences(t, rng.randint(2, 3), sp, rng)
            sents[0] = with_opener(sents[0], sp, rng, 0.4)
            blocks.append(("para", " ".join(sents)))
            letter.themes.add(t.key)
    closing = pick(rng, voices.CLOSERS_ORG if sp.is_org else voices.CLOSERS_PERSON)
    blocks.append(("para", closing))
    signature = [pick(rng, SIGN_OFFS), "", sp.name]
    letter.pii.append(("name", sp.name))
    if sp.is_org and sp.org:
        signature += [letter.role, sp.org.name]
    if sp.email and rng.random() < (0.8 if sp.is_org else 0.4):
        signature.append(sp.email)
        letter.pii.append(("email", sp.email))
    if rng.random() < (0.6 if sp.is_org else 0.3):
        signature.append(f"Tel: {letter.phone}" if rng.random() < 0.5 else letter.phone)
        letter.pii.append(("phone", letter.phone))
    blocks.append(("signature", "\n".join(signature)))
    return letter


def cover_note(letter: Letter, rng: random.Random) -> str:
    """The short e-mail body that carries an attached letter."""
    sp = letter.sender
    ctx = {**sp.ctx, "org": sp.org.name if sp.org else "my organisation", "name": sp.name, "role": letter.role or ""}
    return EXPANDER.expand(pick(rng, COVER_NOTES), rng, ctx).strip() + "\n"


def campaign_letter(c: Campaign, sp: Speaker, rng: random.Random, when: datetime) -> Letter:
    """A campaign e-mail: the campaign's sentences for all its questions, signed."""
    letter = Letter(sp, "", when)
    parts = campaign_answers(c, rng, sp.first, sp.last)
    body = [pick(rng, ("Dear Sir or Madam,", "Dear Sir/Madam,", "To the Integration Team,"))]
    for q in c.answers:
        if q in parts:
            text, themes = parts[q]
            body.append(text.strip())
            letter.themes.update(themes)
    body.append(f"{pick(rng, SIGN_OFFS)}\n{sp.name}")
    letter.pii.append(("name", sp.name))
    letter.blocks = [("para", b) for b in body]
    return letter
