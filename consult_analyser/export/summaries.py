"""Per-question summaries shared by the Excel annex and the Word report.

A question's themes come with how many respondents raised each, the share of those who answered,
the sector pattern and a few quotes. When a question has signed-off themes, only those are
reported (the candidates are the model's proposals, not findings); otherwise every theme is
reported with its status so a reader can tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consult_analyser.domain import Question
from consult_analyser.export.safety import Redactor
from consult_analyser.store import reporting
from consult_analyser.store.project import Project

CHANNEL_LABELS = {"online": "Online survey", "email": "E-mail", "post": "Post", "other": "Other"}
QUOTE_MIN_CHARS = 30
QUOTE_MAX_CHARS = 600


@dataclass
class ThemeSummary:
    theme: reporting.ThemeRow
    by_sector: dict[str, int]
    share: float  # of respondents who answered the question in free text
    quotes: list[reporting.Quote] = field(default_factory=list)


@dataclass
class QuestionThemes:
    question: Question
    answered: int
    answered_by_sector: dict[str, int]
    themes: list[ThemeSummary]
    signed_off_only: bool


def shorten(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """Cut a long answer at a sentence (or word) boundary before ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > limit // 2:
        return cut[: end + 1] + " …"
    return cut.rsplit(" ", 1)[0] + " …"


def pick_quotes(candidates: list[reporting.Quote], count: int) -> list[reporting.Quote]:
    """Up to ``count`` quotes from different respondents: representative and confident answers
    first, substantial but not overlong, at most one from an organised campaign."""
    def usable(q: reporting.Quote) -> bool:
        return len(q.text.strip()) >= QUOTE_MIN_CHARS

    ordered = [q for q in candidates if usable(q)] + [q for q in candidates if not usable(q)]
    chosen: list[reporting.Quote] = []
    seen_people: set[str] = set()
    seen_texts: set[str] = set()
    campaign_used = False
    for q in ordered:
        key = re.sub(r"\W+", " ", q.text.lower()).strip()
        if q.external_id in seen_people or key in seen_texts or not key:
            continue
        if q.in_campaign and campaign_used:
            continue
        chosen.append(q)
        seen_people.add(q.external_id)
        seen_texts.add(key)
        campaign_used = campaign_used or q.in_campaign
        if len(chosen) >= count:
            break
    return chosen


def question_themes(project: Project, question: Question, redactor: Redactor, answered_by_sector: dict[str, int],
                    *, quotes: int = 3, sector_counts: dict[str, dict[str, int]] | None = None) -> QuestionThemes:
    """The summary of one open question's themes, quotes shortened and redacted.
    ``answered_by_sector``: respondents who answered in free text, by sector
    (:attr:`reporting.QuestionCounts.with_text`); ``sector_counts``: every theme's respondents by
    sector (:func:`reporting.theme_sector_counts` of all themes), when the caller has them."""
    answered = sum(answered_by_sector.values())
    rows = reporting.question_themes(project, question.id)
    signed_off = [t for t in rows if t.status == "signed_off"]
    if signed_off:
        rows = signed_off
    by_sector = sector_counts if sector_counts is not None else reporting.theme_sector_counts(project, question.id)
    summaries = []
    for row in rows:
        picked = pick_quotes(reporting.theme_quote_candidates(project, row.id), quotes) if quotes else []
        summaries.append(ThemeSummary(row, by_sector.get(row.id, {}),
                                      row.respondents / answered if answered else 0.0, picked))
    # redact every quote of the question in one call (the name model works best in batches)
    flat = [q for s in summaries for q in s.quotes]
    cleaned = redactor([shorten(q.text) for q in flat])
    for q, text in zip(flat, cleaned, strict=True):
        q.text = text
    return QuestionThemes(question, answered, answered_by_sector, summaries, bool(signed_off))


def sector_pattern(summary: ThemeSummary, answered_by_sector: dict[str, int], labels: dict[str, str],
                   *, top: int = 3, min_base: int = 5) -> str:
    """A sentence on which sectors raised a theme most, relative to how many of them answered."""
    rates = []
    for sector, n in summary.by_sector.items():
        base = answered_by_sector.get(sector, 0)
        if base >= min_base and n:
            rates.append((n / base, n, base, sector))
    if not rates:
        parts = sorted(summary.by_sector.items(), key=lambda kv: -kv[1])[:top]
        return "; ".join(f"{labels.get(s, s)}: {n:,}" for s, n in parts)
    rates.sort(reverse=True)
    return "; ".join(f"{labels.get(s, s)} {rate:.0%} ({n:,} of {base:,})" for rate, n, base, s in rates[:top])
