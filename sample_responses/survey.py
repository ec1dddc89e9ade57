"""The online survey export: one wide row per respondent, streamed to a CSV file.

Rows are planned first (kind, sector and submission time only: a few bytes each), sorted by time
as survey tools export them, then generated and written one at a time, so memory stays flat
however many rows are asked for.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sample_responses import voices
from sample_responses.answers import (
    FAST_MODE_ROWS,
    Speaker,
    closed_answer,
    make_speaker,
    open_answer,
    use_sentence_cache,
    wants_to_answer,
)
from sample_responses.campaigns import CAMPAIGNS, FOREIGN, campaign_answers
from sample_responses.orgs import pick
from sample_responses.places import PLACES
from sample_responses.schema import SECTORS
from sample_responses.text_bank import QUESTION_BY_KEY, QUESTIONS, closed_header, open_header

START = datetime(2018, 3, 14, 9, 0)
END = datetime(2018, 6, 5, 23, 59)
SPAN_MIN = int((END - START).total_seconds() // 60)
RESPONDENT_TYPE_Q = "Are you responding as an individual or on behalf of an organisation?"
ORG_TYPE_Q = "Which of the following best describes your organisation?"
META_COLUMNS = ["Response ID", "Submitted on", RESPONDENT_TYPE_Q, "Your name", "Organisation name", "Email address",
                ORG_TYPE_Q, "Region"]
REGIONS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands", "East of England",
           "London", "South East", "South West", "Wales", "Scotland", "Northern Ireland")

ORG_SECTOR_WEIGHTS = {"faith": 0.21, "voluntary_community": 0.25, "local_authority": 0.10, "education": 0.13,
                      "academic_research": 0.05, "business": 0.06, "health_care": 0.05, "police_justice_fire": 0.035,
                      "other_public_body": 0.04, "other": 0.065}
INDIVIDUAL_SHARE = 0.66  # of ordinary (non-campaign) online rows
DECLARED = {
    "faith": "Faith group or organisation", "local_authority": "Local authority",
    "education": "School, college or other education provider",
    "voluntary_community": "Voluntary or community sector organisation",
    "academic_research": "Academic or research institution", "business": "Business or private sector",
    "health_care": "Health or social care provider", "police_justice_fire": "Police, justice or fire and rescue service",
    "other_public_body": "Other public sector body",
}
OTHER = "Other (please specify): "
SPECIFY = {
    "faith": ("our parish church", "Mosque", "Church of England parish", "Gurdwara management committee", "church"),
    "local_authority": ("Town council", "Combined authority", "council"), "education": ("Academy trust", "Supplementary school"),
    "voluntary_community": ("registered charity", "community group", "Residents association", "CIC / charity"),
    "academic_research": ("Think tank", "University research centre"), "business": ("Social enterprise", "Sole trader"),
    "health_care": ("NHS", "Care home"), "police_justice_fire": ("Police and Crime Commissioner",),
    "other_public_body": ("museum", "Non-departmental public body"),
    "other": ("housing association", "trade union", "political party", "professional body", "Humanist group"),
}
WRONG = {
    "faith": "Voluntary or community sector organisation", "local_authority": "Other public sector body",
    "education": "Local authority", "voluntary_community": "Faith group or organisation",
    "academic_research": "School, college or other education provider", "business": "Voluntary or community sector organisation",
    "health_care": "Other public sector body", "police_justice_fire": "Local authority",
    "other_public_body": "Voluntary or community sector organisation", "other": "Voluntary or community sector organisation",
}
NOT_AN_ORG = ("N/A", "n/a", "None", "-", "Private individual", "Myself", "Retired", "Self", "none", "Individual response",
              "Local resident", "na")
_ID_CHARS = "123456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass
class Linked:
    """An online respondent who says their full response was sent as a letter."""

    response_id: str
    speaker: Speaker
    when: datetime


@dataclass
class SurveySummary:
    rows: int = 0
    by_sector: dict[str, int] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    foreign: int = 0
    linked: list[Linked] = field(default_factory=list)


def header() -> tuple[list[str], dict[tuple[str, str], int]]:
    """Column names, and the column index of each (question key, "closed"|"open") part."""
    cols = list(META_COLUMNS)
    col_of = {}
    for q in QUESTIONS:
        if q.kind in ("closed", "hybrid"):
            col_of[(q.key, "closed")] = len(cols)
            cols.append(closed_header(q))
        if q.kind in ("open", "hybrid"):
            col_of[(q.key, "open")] = len(cols)
            cols.append(open_header(q))
    return cols, col_of


def _response_id(rng: random.Random, seen: set[str]) -> str:
    while True:
        c = "".join(_ID_CHARS[int(rng.random() * len(_ID_CHARS))] for _ in range(9))
        rid = f"{'ANON' if rng.random() < 0.93 else 'BHLF'}-{c[:4]}-{c[4:8]}-{c[8]}"
        if rid not in seen:
            seen.add(rid)
            return rid


def _when(rng: random.Random, kind: int, is_org: bool) -> int:
    """Minutes after the consultation opened."""
    day = 24 * 60
    if kind == 1:
        t = int((datetime(2018, 5, 10) - START).total_seconds() // 60 + rng.expovariate(1 / (3 * day)))
    elif kind == 2:
        t = int((datetime(2018, 4, 18) - START).total_seconds() // 60 + rng.expovariate(1 / (6 * day)))
    elif rng.random() < 0.15:
        t = SPAN_MIN - int(rng.random() * 3 * day)
    else:
        t = int(SPAN_MIN * rng.random() ** 0.5)
    t = min(max(t, 0), SPAN_MIN)
    midnight = (START + timedelta(minutes=t)).replace(hour=0, minute=0)
    hour = rng.choices(range(24), [0.2] * 7 + [1, 3, 6, 6, 6, 5, 6, 6, 6, 5, 3, 2, 2, 1.5, 1, 0.6, 0.3] if is_org
                       else [0.3] * 7 + [1, 2, 2.5, 2.5, 2.5, 3, 2.5, 2.5, 2.5, 3, 3, 3.5, 4, 4.5, 4, 3, 1.5])[0]
    offset = int((midnight - START).total_seconds() // 60) + hour * 60 + int(rng.random() * 60)
    return min(max(offset, 0), SPAN_MIN)


def plan_rows(n: int, rng: random.Random) -> list[tuple[int, int, str]]:
    """(minute, kind, sector) per row, sorted by time. kind: 0 ordinary, 1/2 campaign, 3 other language."""
    kinds = [0] * n
    pos = 0
    for ci, c in enumerate(CAMPAIGNS):
        count = round(n * c.share)
        kinds[pos : pos + count] = [ci + 1] * count
        pos += count
    n_foreign = min(max(2, round(n * len(FOREIGN) / 3300 * 20 / 21)), n - pos) if n >= 50 else 0
    kinds[pos : pos + n_foreign] = [3] * n_foreign
    rng.shuffle(kinds)
    org_sectors, org_weights = list(ORG_SECTOR_WEIGHTS), list(ORG_SECTOR_WEIGHTS.values())
    plan = []
    for kind in kinds:
        if kind == 0 and rng.random() >= INDIVIDUAL_SHARE:
            sector = rng.choices(org_sectors, org_weights)[0]
        else:
            sector = "individual"
        plan.append((_when(rng, kind, sector != "individual"), kind, sector))
    plan.sort(key=lambda p: p[0])
    return plan


def _meta(rid: str, when: datetime, sp: Speaker, rng: random.Random) -> list[str]:
    if sp.is_org:
        r = rng.random()
        rtype = "Organisation" if r < 0.96 else ("Individual" if r < 0.98 else "")
        name = sp.name if rng.random() < 0.85 else ""
        org = sp.org.name if sp.org else ""
        r = rng.random()
        org = "" if r < 0.03 else org.lower() if r < 0.07 else org + " " if r < 0.1 else org
        r = rng.random()
        if r < 0.72:
            declared = DECLARED.get(sp.sector, OTHER + pick(rng, SPECIFY["other"]))
        elif r < 0.82:
            declared = ""
        elif r < 0.92:
            declared = OTHER + pick(rng, SPECIFY[sp.sector])
        else:
            declared = WRONG[sp.sector]
        email = sp.email if rng.random() < 0.92 else ""
    else:
        r = rng.random()
        rtype = "Individual" if r < 0.96 else ("" if r < 0.99 else "Organisation")
        r = rng.random()
        name = sp.name if r < 0.7 else sp.first if r < 0.78 else f"{sp.first[0]}. {sp.last}" if r < 0.83 else ""
        org = pick(rng, NOT_AN_ORG) if (rtype == "Organisation" or rng.random() < 0.08) else ""
        declared = "" if rng.random() < 0.97 else OTHER + pick(rng, ("Retired", "concerned resident", "parent", "student"))
        email = sp.email if rng.random() < 0.65 else ""
    r = rng.random()
    region = sp.place.region if r < 0.96 else ("" if r < 0.995 else "Outside the UK")
    return [rid, when.strftime("%d/%m/%Y %H:%M"), rtype, name, org, email, declared, region]


Sink = Callable[..., None]


def write_survey(path: Path, n: int, seed: int, respondent: Sink, answer: Sink, pii: Sink) -> SurveySummary:
    """Write ``n`` rows to ``path`` (UTF-8 with BOM, CRLF, as Excel saves) and report truth to the sinks:
    ``respondent(id, sector, is_org, campaign, channel)``, ``answer(id, q, themes, language)``,
    ``pii(id, q, kind, value)``."""
    use_sentence_cache(64 if n > FAST_MODE_ROWS else 0)
    try:
        return _write_survey(path, n, seed, respondent, answer, pii)
    finally:
        use_sentence_cache(0)


def _write_survey(path: Path, n: int, seed: int, respondent: Sink, answer: Sink, pii: Sink) -> SurveySummary:
    rng = random.Random(f"{seed}-online")
    plan = plan_rows(n, rng)
    cols, col_of = header()
    foreign = list(FOREIGN)
    rng.shuffle(foreign)
    welsh = [p for p in PLACES if p.region == "Wales"]
    summary = SurveySummary()
    seen: set[str] = set()
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(cols)
        for minute, kind, sector in plan:
            when = START + timedelta(minutes=minute)
            rid = _response_id(rng, seen)
            lang_item = None
            if kind == 3:
                lang_item = foreign[summary.foreign % len(foreign)]
                summary.foreign += 1
            place = pick(rng, welsh) if lang_item and lang_item[0] == "cy" else None
            sp = make_speaker(rng, sector, place)
            row = _meta(rid, when, sp, rng) + [""] * (len(cols) - len(META_COLUMNS))
            texts: dict[str, tuple[str, list[str], str]] = {}
            campaign = ""
            if kind in (1, 2):
                c = CAMPAIGNS[kind - 1]
                campaign = c.key
                for q, (text, themes) in campaign_answers(c, rng, sp.first, sp.last).items():
                    texts[q] = (text, themes, "en")
                    if q in c.choices:
                        row[col_of[(q, "closed")]] = pick(rng, c.choices[q])
                if rng.random() < 0.1:
                    others = [q for q in QUESTIONS if q.key not in c.answers]
                    _answer_questions(rng.sample(others, 2), sp, rng, row, col_of, texts, pii, rid)
            else:
                _answer_questions(QUESTIONS, sp, rng, row, col_of, texts, pii, rid)
                if lang_item:
                    lang, fq, ftext, fthemes = lang_item
                    texts[fq] = (ftext, list(fthemes), lang)
                    if QUESTION_BY_KEY[fq].kind == "hybrid" and not row[col_of[(fq, "closed")]]:
                        row[col_of[(fq, "closed")]] = closed_answer(QUESTION_BY_KEY[fq], sp, rng)
                elif sp.is_org and rng.random() < 0.011:
                    texts["Q20"] = (pick(rng, voices.ATTACHED), [], "en")
                    summary.linked.append(Linked(rid, sp, when))
                elif not sp.is_org and rng.random() < 0.003:
                    texts["Q20"] = (pick(rng, voices.ATTACHED), [], "en")
            if not texts and not any(row[len(META_COLUMNS):]):
                row[col_of[("Q1", "closed")]] = closed_answer(QUESTIONS[0], sp, rng)
            for q, (text, themes, lang) in texts.items():
                row[col_of[(q, "open")]] = text
                answer(rid, q, "|".join(themes), lang)
                summary.answers[q] = summary.answers.get(q, 0) + 1
            writer.writerow(row)
            respondent(rid, sp.sector, int(sp.is_org), campaign, "online")
            summary.rows += 1
            summary.by_sector[sp.sector] = summary.by_sector.get(sp.sector, 0) + 1
            if campaign:
                summary.campaigns[campaign] = summary.campaigns.get(campaign, 0) + 1
    return summary


def _answer_questions(questions, sp, rng, row, col_of, texts, pii, rid) -> None:
    """Fill the tick-box cells in ``row`` and the free-text answers in ``texts``."""
    for q in questions:
        choice = ""
        if q.kind in ("closed", "hybrid") and wants_to_answer(q, sp, rng):
            choice = closed_answer(q, sp, rng)
            row[col_of[(q.key, "closed")]] = choice
        if q.kind == "closed":
            continue
        if q.kind == "hybrid":
            explain = rng.random() < ((0.85 if sp.is_org else 0.55) if choice else 0.04)
        else:
            explain = wants_to_answer(q, sp, rng)
        if explain:
            a = open_answer(q, sp, rng, choice)
            texts[q.key] = (a.text, a.themes, a.language)
            for kind, value in a.pii:
                pii(rid, q.key, kind, value)


assert set(ORG_SECTOR_WEIGHTS) | {"individual"} == set(SECTORS)
