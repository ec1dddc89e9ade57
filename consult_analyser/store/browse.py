"""Read-only lookups behind the desktop app's views (the reader, the responses table, the sector
review queue). Nothing here writes; every function is cheap enough to call on the UI thread."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from consult_analyser.letter_text import without_file_name
from consult_analyser.store.project import Project
from consult_analyser.store.respondents import find_respondents
from consult_analyser.store.responses import text_terms

# ----------------------------------------------------------------------------- answers table

def response_seq(project: Project, response_id: str) -> int | None:
    return project.scalar("SELECT seq FROM responses WHERE id = ?", (response_id,))


def sector_label_map(project: Project) -> dict[str, str]:
    """Sector key -> label, in taxonomy order."""
    return {r[0]: r[1] for r in project.query("SELECT key, label FROM sectors ORDER BY position")}


def theme_choices(project: Project) -> list[tuple[str, str, str]]:
    """(theme id, question key, label) of every theme, by question then size."""
    return [(r[0], r[1], r[2]) for r in project.query(
        "SELECT t.id, q.key, t.label FROM themes t JOIN questions q ON q.id = t.question_id"
        " LEFT JOIN (SELECT theme_id, COUNT(*) AS n FROM theme_assignments GROUP BY theme_id) a"
        " ON a.theme_id = t.id ORDER BY q.position, COALESCE(a.n, 0) DESC, t.label")]


# ----------------------------------------------------------------------------------- reader


@dataclass
class ThemeTag:
    theme_id: str
    label: str
    status: str


def themes_for_responses(project: Project, response_ids: list[str]) -> dict[str, list[ThemeTag]]:
    """Answer id -> the themes it is assigned to."""
    out: dict[str, list[ThemeTag]] = {r: [] for r in response_ids}
    for first in range(0, len(response_ids), 900):
        part = response_ids[first:first + 900]
        for r in project.query(
                "SELECT a.response_id, t.id, t.label, t.status FROM theme_assignments a JOIN themes t"
                f" ON t.id = a.theme_id WHERE a.response_id IN ({','.join('?' * len(part))})"
                " ORDER BY t.position, t.label", part):
            out[r[0]].append(ThemeTag(r[1], r[2], r[3]))
    return out


def respondent_position(project: Project, respondent_id: str) -> int:
    """0-based position of a respondent in import order (-1 if unknown)."""
    seq = project.scalar("SELECT seq FROM respondents WHERE id = ?", (respondent_id,))
    if seq is None:
        return -1
    return int(project.scalar("SELECT COUNT(*) FROM respondents WHERE seq < ?", (seq,)))


def next_uncoded_respondent(project: Project, after_respondent_id: str | None) -> str | None:
    """The next respondent with free text and no codings yet: after a suggestion run, the one whose
    answers would teach the model most (:func:`suggestions.learning_order_respondents`), else the next
    in import order (wrapping round). In the learning order it goes on from the respondent shown: U on an
    answer left uncoded moves past it (it went back to the first uncoded one, so a trial's analyst was offered
    the answer they had passed over after every answer they coded)."""
    from consult_analyser.store import suggestions

    order = suggestions.learning_order_respondents(project)
    if after_respondent_id in order:
        at = order.index(after_respondent_id) + 1
        order = order[at:] + order[:at]
    for respondent in order:
        if respondent != after_respondent_id and not project.scalar(
                "SELECT 1 FROM responses r JOIN codings g ON g.response_id = r.id WHERE r.respondent_id = ? LIMIT 1",
                (respondent,)):
            return respondent
    seq = project.scalar("SELECT seq FROM respondents WHERE id = ?", (after_respondent_id,)) or 0
    sql = ("SELECT p.id FROM respondents p WHERE p.seq {op} ? AND EXISTS (SELECT 1 FROM responses r"
           " WHERE r.respondent_id = p.id AND r.text != '') AND NOT EXISTS (SELECT 1 FROM responses r"
           " JOIN codings g ON g.response_id = r.id WHERE r.respondent_id = p.id) ORDER BY p.seq LIMIT 1")
    found = project.scalar(sql.format(op=">"), (seq,))
    return found if found is not None else project.scalar(sql.format(op="<="), (seq,))


# ----------------------------------------------------------------------------- sector review


@dataclass
class ReviewRow:
    """One respondent in the sector review queue."""

    respondent_id: str
    external_id: str
    name: str
    organisation: str
    email_domain: str
    declared_type: str
    channel: str
    sector: str
    source: str
    confidence: float
    detail: str
    reviewed: bool
    excerpt: str = ""
    extra: dict = field(default_factory=dict)
    review: str = ""  # why the last sector run asks an analyst to look ("" if it does not)


def review_rows(project: Project, respondent_ids: list[str] | None = None, *, limit: int = 500) -> list[ReviewRow]:
    """Respondents whose sector no analyst has set yet: first those the last sector run asks an
    analyst to look at (left unclassified, or a declared type the name contradicts), in its order,
    then the least confident label first; or, given ``respondent_ids``, exactly those respondents
    in that order (whatever their state). Each row carries the run's reason to look (``review``)."""
    from consult_analyser.store.sectors import review_reasons

    reasons = review_reasons(project)
    if respondent_ids is not None:
        return _review_rows(_rows_of(project, respondent_ids), reasons)
    flagged = [r for r in _review_rows(_rows_of(project, list(reasons)[:limit]), reasons) if r.source != "analyst"]
    shown = {r.respondent_id for r in flagged}
    rest = project.query(_REVIEW_SELECT + " WHERE COALESCE(rs.source, '') != 'analyst'"
                         " ORDER BY COALESCE(rs.confidence, 0), p.seq LIMIT ?", (limit + len(shown),))
    return flagged + [r for r in _review_rows(rest, reasons) if r.respondent_id not in shown][: max(0, limit - len(flagged))]


#: the review card's excerpt: this many characters of the respondent's longest answer, read with room for an
#: upload's file name before them ("FILENAME: x.pdf | CONTENT: ..."), which is left out
_EXCERPT, _EXCERPT_READ = 300, 600
_REVIEW_SELECT = ("SELECT p.id, p.external_id, p.name, p.organisation, p.email_domain, p.declared_type, p.channel,"
                  " p.metadata, COALESCE(rs.sector_key, '') AS sector, COALESCE(rs.source, '') AS source,"
                  " COALESCE(rs.confidence, 0) AS confidence, COALESCE(rs.detail, '') AS detail,"
                  " COALESCE(rs.reviewed, 0) AS reviewed,"
                  f" (SELECT substr(r.text, 1, {_EXCERPT_READ}) FROM responses r WHERE r.respondent_id = p.id AND r.text != ''"
                  "  ORDER BY length(r.text) DESC LIMIT 1) AS excerpt"
                  " FROM respondents p LEFT JOIN respondent_sector rs ON rs.respondent_id = p.id")


def _rows_of(project: Project, respondent_ids: list[str]) -> list[sqlite3.Row]:
    """The review query's rows for these respondents, in the order given."""
    rows = []
    for first in range(0, len(respondent_ids), 900):
        part = respondent_ids[first:first + 900]
        rows.extend(project.query(_REVIEW_SELECT + f" WHERE p.id IN ({','.join('?' * len(part))})", part))
    order = {rid: i for i, rid in enumerate(respondent_ids)}
    rows.sort(key=lambda r: order[r[0]])
    return rows


def _review_rows(rows: list[sqlite3.Row], reasons: dict[str, str]) -> list[ReviewRow]:
    return [ReviewRow(respondent_id=r[0], external_id=r[1], name=r[2], organisation=r[3], email_domain=r[4],
                      declared_type=r[5], channel=r[6], sector=r["sector"], source=r["source"],
                      confidence=float(r["confidence"]), detail=r["detail"], reviewed=bool(r["reviewed"]),
                      excerpt=without_file_name(r["excerpt"] or "")[:_EXCERPT], extra=json.loads(r[7] or "{}"),
                      review=reasons.get(r[0], "") if r["source"] != "analyst" else "") for r in rows]


def review_search(project: Project, text: str, *, limit: int = 500) -> list[str]:
    """The respondents Sector review's search box finds, for :func:`review_rows`: those an analyst names
    (:func:`~consult_analyser.store.respondents.find_respondents`: the one with this id, else those whose id,
    name or organisation holds the words), then those whose answers hold them (full-text search), in import
    order; whatever their state (a respondent already checked is found too)."""
    named = find_respondents(project, text, limit)
    found = dict.fromkeys(named)
    # words through the full-text index; a term in a script written without spaces by its letters, as the
    # answers' search finds it ("反对" inside "我们反对这项拟议的规则")
    fts, inside = text_terms(text)
    if (fts or inside) and len(found) < limit:
        clauses = (["r.seq IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ?)"] if fts else []) \
            + ["instr(r.text, ?) > 0"] * len(inside)
        params = ([fts] if fts else []) + inside
        for (respondent_id,) in project.query(
                "SELECT p.id FROM respondents p WHERE p.id IN (SELECT r.respondent_id FROM responses r WHERE "
                + " AND ".join(clauses) + ") ORDER BY p.seq LIMIT ?", (*params, limit)):
            found.setdefault(respondent_id)
    return list(found)[:limit]


def review_progress(project: Project) -> tuple[int, int]:
    """(respondents whose sector an analyst set or confirmed, all respondents)."""
    done = project.scalar("SELECT COUNT(DISTINCT respondent_id) FROM sector_assignments WHERE source = 'analyst'")
    return int(done or 0), int(project.scalar("SELECT COUNT(*) FROM respondents") or 0)


def showcase_respondent(project: Project) -> str | None:
    """A respondent worth showing first (e.g. in screenshots): the one with the most coded
    passages, then themes, then written answers."""
    return project.scalar(
        "SELECT p.id FROM respondents p JOIN responses r ON r.respondent_id = p.id"
        " LEFT JOIN (SELECT response_id, COUNT(*) AS n, SUM(start IS NOT NULL) AS spans FROM codings"
        "  GROUP BY response_id) g ON g.response_id = r.id"
        " LEFT JOIN (SELECT response_id, COUNT(*) AS n FROM theme_assignments GROUP BY response_id) t"
        "  ON t.response_id = r.id"
        " WHERE r.text != '' GROUP BY p.id"
        " ORDER BY SUM(COALESCE(g.spans, 0)) DESC, SUM(COALESCE(g.n, 0)) DESC, SUM(COALESCE(t.n, 0)) DESC,"
        " COUNT(*) DESC, p.seq LIMIT 1")


def theme_question(project: Project, theme_id: str) -> str | None:
    """The question id a theme belongs to."""
    return project.scalar("SELECT question_id FROM themes WHERE id = ?", (theme_id,))


def answer_texts(project: Project, response_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Answer id -> (respondent's id in the imported file, answer text)."""
    out: dict[str, tuple[str, str]] = {}
    for first in range(0, len(response_ids), 900):
        part = response_ids[first:first + 900]
        out.update((r[0], (r[1], r[2])) for r in project.query(
            "SELECT r.id, p.external_id, r.text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            f" WHERE r.id IN ({','.join('?' * len(part))})", part))
    return out


def answer_count_estimate(project: Project) -> int:
    """Roughly how many answers the project holds (the largest answer key: instant at any size)."""
    return int(project.scalar("SELECT MAX(seq) FROM responses") or 0)


def code_question_counts(project: Project, code_ids: list[str]) -> list[tuple[str, int]]:
    """(question key, answers coded) for a code and its sub-codes (``code_ids``), in questionnaire order."""
    marks = ",".join("?" * len(code_ids))
    return [(r[0], r[1]) for r in project.query(
        "SELECT q.key, COUNT(DISTINCT g.response_id) FROM codings g JOIN responses r ON r.id = g.response_id"
        f" JOIN questions q ON q.id = r.question_id WHERE g.code_id IN ({marks}) GROUP BY q.id ORDER BY q.position",
        code_ids)] if code_ids else []


def code_coders(project: Project, code_id: str) -> list[tuple[str, int]]:
    """(coder, codings) for one code, most active first."""
    return [(r[0], r[1]) for r in project.query(
        "SELECT coder, COUNT(*) FROM codings WHERE code_id = ? GROUP BY coder ORDER BY 2 DESC", (code_id,))]
