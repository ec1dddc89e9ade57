"""Per-question summaries shared by the Excel annex and the Word report.

A question's themes come from the store's read model
(:func:`consult_analyser.store.theme_report.question_report`: the same counts, sector breakdown
and quotes a team lead reviews in the themes view); here the quotes are shortened and redacted
before they are published.
"""

from __future__ import annotations

import re
from dataclasses import replace

from consult_analyser.domain import Question
from consult_analyser.export.safety import Redactor
from consult_analyser.store import theme_report
from consult_analyser.store.project import Project

CHANNEL_LABELS = {"online": "Online survey", "email": "E-mail", "post": "Post", "other": "Other"}
QUOTE_MAX_CHARS = 600


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


def published_report(project: Project, question: Question, redactor: Redactor, *,
                     quotes: int = 3) -> theme_report.QuestionReport:
    """One open question's themes as published: the read model with its quotes shortened and
    redacted (every quote of the question in one call: the name model works best in batches)."""
    report = theme_report.question_report(project, question.id, n_quotes=quotes)
    flat = [q for t in report.themes for q in t.quotes]
    cleaned = iter(redactor([shorten(q.text) for q in flat]))
    for theme in report.themes:
        theme.quotes = [replace(q, text=next(cleaned)) for q in theme.quotes]
    return report


def sector_pattern(theme: theme_report.ReportedTheme, answered_by_sector: dict[str, int], labels: dict[str, str],
                   *, top: int = 3, min_base: int = 5) -> str:
    """A sentence on which sectors raised a theme most, relative to how many of them answered."""
    rates = []
    for sector, n in theme.by_sector.items():
        base = answered_by_sector.get(sector, 0)
        if base >= min_base and n:
            rates.append((n / base, n, base, sector))
    if not rates:
        parts = sorted(theme.by_sector.items(), key=lambda kv: -kv[1])[:top]
        return "; ".join(f"{labels.get(s, s)}: {n:,}" for s, n in parts)
    rates.sort(reverse=True)
    return "; ".join(f"{labels.get(s, s)} {rate:.0%} ({n:,} of {base:,})" for rate, n, base, s in rates[:top])
