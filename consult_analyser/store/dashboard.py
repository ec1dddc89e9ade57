"""Read-only figures for the desktop app's dashboard: who responded and how far the analysis is."""

from __future__ import annotations

from dataclasses import dataclass

from consult_analyser.store.codings import BY_PEOPLE
from consult_analyser.store.project import Project
from consult_analyser.store.reporting import respondent_kinds


@dataclass
class Headline:
    respondents: int
    organisations: int  # answering for an organisation, by analyst > declared > sector > an organisation's name
    individuals: int
    not_known: int  # nothing says which (see reporting.respondent_kinds)
    written_answers: int
    open_questions: int
    documents: int
    letters: int  # documents that are no attachment: the e-mails and letters received
    coded_answers: int  # written answers with a code an analyst applied or accepted (see BY_PEOPLE)
    analyst_coded_answers: int  # of those, coded by an analyst's own hand (not an accepted suggestion)
    model_coded_answers: int  # answers coded only by a model (codes made from model themes), not counted above
    codes: int
    themes: int
    signed_off_themes: int
    sectors_checked: int  # respondents whose sector an analyst set or confirmed
    pending_suggestions: int
    campaigns: int
    campaign_answers: int
    letter_answers: int = 0  # of the written answers, those built from letters' passages
    letter_respondents: int = 0  # respondents who sent a letter (e-mail or upload), whatever their channel


def headline(project: Project) -> Headline:
    q = project.scalar
    organisations, individuals, not_known = respondent_kinds(project)
    return Headline(
        respondents=q("SELECT COUNT(*) FROM respondents"), organisations=organisations, individuals=individuals,
        not_known=not_known,
        written_answers=q("SELECT COUNT(*) FROM responses WHERE text != ''"),
        open_questions=q("SELECT COUNT(*) FROM questions WHERE kind IN ('open', 'hybrid')"),
        documents=q("SELECT COUNT(*) FROM documents"),  # with attachments, as `info` and the annex count them
        letters=q("SELECT COUNT(*) FROM documents WHERE parent_id IS NULL"),
        coded_answers=q(f"SELECT COUNT(DISTINCT response_id) FROM codings WHERE {BY_PEOPLE}"),
        analyst_coded_answers=q("SELECT COUNT(DISTINCT response_id) FROM codings WHERE source = 'analyst'"),
        model_coded_answers=q(f"SELECT COUNT(DISTINCT response_id) FROM codings WHERE NOT {BY_PEOPLE}"
                              f" AND response_id NOT IN (SELECT response_id FROM codings WHERE {BY_PEOPLE})"),
        codes=q("SELECT COUNT(*) FROM codes"),
        themes=q("SELECT COUNT(*) FROM themes"),
        signed_off_themes=q("SELECT COUNT(*) FROM themes WHERE status = 'signed_off'"),
        sectors_checked=q("SELECT COUNT(*) FROM sector_assignments WHERE source = 'analyst'"),
        pending_suggestions=q("SELECT COUNT(*) FROM suggestions WHERE status = 'pending'"),
        campaigns=q("SELECT COUNT(*) FROM campaigns"),
        campaign_answers=q("SELECT COUNT(DISTINCT response_id) FROM campaign_members"),
        letter_answers=q("SELECT COUNT(*) FROM responses WHERE text != '' AND origin = 'letter'"),
        letter_respondents=q("SELECT COUNT(DISTINCT respondent_id) FROM documents WHERE parent_id IS NULL"),
    )


def sector_counts(project: Project) -> list[tuple[str, str, int]]:
    """(sector key, label, respondents) by effective sector, taxonomy order; unclassified last."""
    counts = {r[0]: r[1] for r in project.query(
        "SELECT COALESCE(rs.sector_key, ''), COUNT(*) FROM respondents p"
        " LEFT JOIN respondent_sector rs ON rs.respondent_id = p.id GROUP BY 1")}
    out = [(r[0], r[1], counts.pop(r[0], 0)) for r in project.query("SELECT key, label FROM sectors ORDER BY position")]
    unclassified = counts.pop("", 0)
    out += [(key, key.replace("_", " ").capitalize(), n) for key, n in sorted(counts.items())]
    if unclassified:
        out.append(("", "Not classified yet", unclassified))
    return out


def channel_counts(project: Project) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in project.query(
        "SELECT channel, COUNT(*) FROM respondents GROUP BY channel ORDER BY 2 DESC")]


@dataclass
class QuestionProgress:
    key: str
    text: str
    written: int  # written answers
    coded: int  # of those, with a code a person applied or accepted
    themed: int  # of those, in at least one theme
    themes: int
    signed_off: int
    edited: int  # changed by a person, not signed off


def question_progress(project: Project) -> list[QuestionProgress]:
    """Per open question: written answers, how many are coded / in a theme, themes signed off."""
    def per_question(sql: str) -> dict[str, int]:
        return {r[0]: r[1] for r in project.query(sql)}

    written = per_question("SELECT question_id, COUNT(*) FROM responses NOT INDEXED WHERE text != '' GROUP BY question_id")
    by_people = BY_PEOPLE.replace("source", "g.source").replace("coder", "g.coder")
    coded = per_question("SELECT r.question_id, COUNT(DISTINCT g.response_id) FROM codings g CROSS JOIN responses r"
                         f" ON r.id = g.response_id WHERE {by_people} GROUP BY r.question_id")
    themed = per_question("SELECT r.question_id, COUNT(DISTINCT a.response_id) FROM theme_assignments a"
                          " CROSS JOIN responses r ON r.id = a.response_id GROUP BY r.question_id")
    statuses: dict[str, dict[str, int]] = {}
    for r in project.query("SELECT question_id, status, COUNT(*) FROM themes GROUP BY 1, 2"):
        statuses.setdefault(r[0], {})[r[1]] = r[2]
    out = []
    for q in project.query("SELECT id, key, text FROM questions WHERE kind IN ('open', 'hybrid') ORDER BY position, key"):
        counts = statuses.get(q[0], {})
        out.append(QuestionProgress(q[1], q[2], written.get(q[0], 0), coded.get(q[0], 0), themed.get(q[0], 0),
                                    sum(counts.values()), counts.get("signed_off", 0), counts.get("edited", 0)))
    return out


def sources_of_sectors(project: Project) -> list[tuple[str, int]]:
    """(source of the effective sector, respondents): analyst, declared, rules, model."""
    return [(r[0], r[1]) for r in project.query(
        "SELECT source, COUNT(*) FROM respondent_sector GROUP BY source ORDER BY 2 DESC")]
