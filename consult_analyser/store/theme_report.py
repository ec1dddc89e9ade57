"""The read model of a question's themes: what the themes view shows a team lead and what the
annex and the Word report publish, from the same functions.

A question's themes with their counts (:func:`consult_analyser.store.themes.list_themes`), each
theme's respondents by sector (:func:`consult_analyser.store.themes.sector_breakdown`) and the
quotes that show what a theme is about (:func:`quotes`) come together in :func:`question_report`.
The themes view reads the same three functions piece by piece (so the table appears before the
chart and the quotes); exports shorten and redact the quotes before publishing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consult_analyser.domain import Theme, ThemeStatus
from consult_analyser.store.project import Project
from consult_analyser.store.themes import UNCLASSIFIED, ThemeAnswer, list_themes, sector_breakdown

#: quotes shorter than this are used only when a theme has nothing longer
QUOTE_MIN_CHARS = 30
#: answers read per theme when choosing quotes (best first)
_CANDIDATES = 200


def quotes(project: Project, theme_id: str, n: int = 5) -> list[ThemeAnswer]:
    """Up to ``n`` answers that show what a theme is about: the model's representative answers
    first, then the most confident; substantial answers (``QUOTE_MIN_CHARS``) before short ones;
    never two from one respondent, two from one organised campaign or the same text twice."""
    rows = project.query(
        "SELECT r.id, r.respondent_id, p.external_id, r.text, a.confidence, a.source, a.representative,"
        " (SELECT campaign_id FROM campaign_members m WHERE m.response_id = r.id LIMIT 1), r.origin"
        " FROM theme_assignments a JOIN responses r ON r.id = a.response_id JOIN respondents p ON p.id = r.respondent_id"
        " WHERE a.theme_id = ? AND trim(r.text) != ''"
        " ORDER BY a.representative DESC, a.confidence DESC, r.seq LIMIT ?", (theme_id, _CANDIDATES))
    ordered = [r for r in rows if len(r[3].strip()) >= QUOTE_MIN_CHARS] + \
              [r for r in rows if len(r[3].strip()) < QUOTE_MIN_CHARS]
    chosen = []
    people: set[str] = set()
    texts: set[str] = set()
    campaigns: set[str] = set()
    for r in ordered:
        key = re.sub(r"\W+", " ", r[3].lower()).strip()
        if not key or key in texts or r[1] in people or (r[7] and r[7] in campaigns):
            continue
        chosen.append(r)
        people.add(r[1])
        texts.add(key)
        if r[7]:
            campaigns.add(r[7])
        if len(chosen) >= n:
            break
    # the sectors of the few respondents chosen, read afterwards: joining the effective-sector
    # view to every answer of a large theme would rank the project's sector labels each time
    ids = list(people)
    sectors = {row[0]: row[1] for row in project.query(
        f"SELECT respondent_id, sector_key FROM respondent_sector WHERE respondent_id IN ({','.join('?' * len(ids))})",
        ids)} if ids else {}
    return [ThemeAnswer(r[0], r[1], r[2], r[3], float(r[4]), r[5], bool(r[6]), sectors.get(r[1]) or UNCLASSIFIED, r[7],
                        r[8] == "letter") for r in chosen]


@dataclass
class ReportedTheme:
    """One theme as reviewed and published."""

    theme: Theme
    respondents: int
    share: float  # of the respondents who answered the question in free text
    campaign_respondents: int
    analyst_answers: int
    by_sector: dict[str, int]
    quotes: list[ThemeAnswer] = field(default_factory=list)
    letter_respondents: int = 0  # of those who wrote to us (e-mail or upload) rather than using the form


@dataclass
class QuestionReport:
    """A question's themes with counts, sector breakdown and quotes. When some themes are signed
    off, only those are reported (``signed_off_only``): the candidates are the model's proposals,
    not findings; otherwise every theme is reported with its status, so a reader can tell."""

    question_id: str
    answered: int
    answered_by_sector: dict[str, int]
    sectors: list[tuple[str, str]]  # (key, label) in taxonomy order
    themes: list[ReportedTheme]
    signed_off_only: bool
    answered_by_letter: int = 0  # respondents whose answer came in a letter


def question_report(project: Project, question_id: str, *, n_quotes: int = 3) -> QuestionReport:
    """The read model of one question's themes (see the module notes)."""
    summaries = list_themes(project, question_id)
    signed = [s for s in summaries if s.theme.status == ThemeStatus.SIGNED_OFF]
    if signed:
        summaries = signed
    breakdown = sector_breakdown(project, question_id)
    answered = sum(breakdown.answered.values())
    letters = _letter_counts(project, question_id)
    themes = [ReportedTheme(s.theme, s.answers, s.answers / answered if answered else 0.0, s.campaign_answers,
                            s.analyst_answers, breakdown.counts.get(s.theme.id, {}),
                            quotes(project, s.theme.id, n_quotes) if n_quotes else [], letters.get(s.theme.id, 0))
              for s in summaries]
    return QuestionReport(question_id, answered, breakdown.answered, breakdown.sectors, themes, bool(signed),
                          letters.get("", 0))


def _letter_counts(project: Project, question_id: str) -> dict[str, int]:
    """Respondents whose answer came by letter: per theme, and ("") of all who answered."""
    counts = {r[0]: r[1] for r in project.query(
        "SELECT a.theme_id, COUNT(DISTINCT r.respondent_id) FROM themes t JOIN theme_assignments a ON a.theme_id = t.id"
        " JOIN responses r ON r.id = a.response_id WHERE t.question_id = ? AND r.origin = 'letter' GROUP BY 1",
        (question_id,))}
    counts[""] = project.scalar("SELECT COUNT(DISTINCT respondent_id) FROM responses WHERE question_id = ?"
                                " AND origin = 'letter' AND trim(text) != ''", (question_id,)) or 0
    return counts
