"""Themes per open question: candidate and signed-off themes, answer assignments.

Model output is kept apart from what people did. A theme is a ``candidate`` while only the model
has shaped it; any change a person makes (rename, merge into, split, answers moved in or out)
makes it ``edited``; the team lead may sign it off (``signed_off``, with who and when, and a row in
``reviews``). Model runs, and the answers a run proposes for signed-off themes, are stored by
:mod:`consult_analyser.store.theme_runs`.

Each question's answers are one per respondent, so counts of answers are counts of respondents.
Every write is one transaction with an audit row; undo of team-lead actions is offered by
:mod:`consult_analyser.actions.themes` (journal scope ``THEMES`` of :mod:`consult_analyser.store.journal`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from consult_analyser.domain import Source, Theme, ThemeStatus
from consult_analyser.store import runs
from consult_analyser.store.project import Project

UNCLASSIFIED = "unclassified"
# An answer "has text" unless it is empty or only white space (spaces, tabs, line breaks, no-break spaces).
HAS_TEXT = "trim({col}, ' ' || char(9, 10, 13, 160)) != ''"


@dataclass
class ThemeSummary:
    """A theme with how many answers (= respondents) it covers; ``share`` is of those who answered."""

    theme: Theme
    answers: int
    share: float
    campaign_answers: int = 0
    analyst_answers: int = 0


@dataclass
class ThemeAnswer:
    response_id: str
    respondent_id: str
    external_id: str
    text: str
    confidence: float
    source: str
    representative: bool
    sector: str
    campaign_id: str | None
    by_letter: bool = False  # from a letter (e-mail or upload) rather than the form


@dataclass
class Coverage:
    question_id: str
    answered: int  # answers with free text
    assigned: int  # of those, answers with at least one theme

    @property
    def unassigned(self) -> int:
        return self.answered - self.assigned

    @property
    def unassigned_share(self) -> float:
        return self.unassigned / self.answered if self.answered else 0.0


@dataclass
class SectorBreakdown:
    """Respondents per theme per effective sector, and how many of each sector answered."""

    sectors: list[tuple[str, str]]  # (key, label) in taxonomy order, "unclassified" last if present
    answered: dict[str, int]  # sector -> respondents who answered the question in free text
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # theme id -> sector -> respondents

    def share(self, theme_id: str, sector: str) -> float:
        """Share of the sector's answering respondents who raised the theme."""
        n = self.answered.get(sector, 0)
        return self.counts.get(theme_id, {}).get(sector, 0) / n if n else 0.0


def _theme(row: sqlite3.Row) -> Theme:
    return Theme(id=row["id"], question_id=row["question_id"], label=row["label"], description=row["description"],
                 keywords=json.loads(row["keywords"] or "[]"), status=ThemeStatus(row["status"]),
                 source=Source(row["source"]), model=row["model"], parent_id=row["parent_id"],
                 run_id=row["run_id"] or "", signed_off_by=row["signed_off_by"], signed_off_at=row["signed_off_at"])


def chunks(items: Sequence[str], size: int = 900) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def marks(n: int) -> str:
    return ",".join("?" * n)


# ------------------------------------------------------------------------------------------ reading


def get_theme(project: Project, theme_id: str) -> Theme | None:
    row = project.conn.execute("SELECT * FROM themes WHERE id = ?", (theme_id,)).fetchone()
    return _theme(row) if row else None


def find_theme(project: Project, id_or_prefix: str) -> Theme | None:
    """A theme by id or by a unique prefix of its id (as printed by the command line)."""
    rows = project.query("SELECT * FROM themes WHERE id LIKE ? || '%' LIMIT 2", (id_or_prefix,))
    return _theme(rows[0]) if len(rows) == 1 else get_theme(project, id_or_prefix)


def coverage(project: Project, question_id: str) -> Coverage:
    """How many of a question's written answers carry at least one theme."""
    row = project.conn.execute(
        "SELECT COUNT(*), SUM(EXISTS (SELECT 1 FROM theme_assignments a WHERE a.response_id = r.id))"
        " FROM responses r WHERE r.question_id = ? AND " + HAS_TEXT.format(col="r.text"), (question_id,)).fetchone()
    return Coverage(question_id, int(row[0] or 0), int(row[1] or 0))


def added_since_themes(project: Project, question_id: str) -> int:
    """Written answers with no theme from respondents imported after the question's latest theme
    run (a second wave, an export at close, letters): the themes do not know them yet."""
    row = project.conn.execute("SELECT MAX(created_at) FROM theme_runs WHERE question_id = ?", (question_id,)).fetchone()
    if not row or not row[0]:
        return 0
    return int(project.scalar(
        "SELECT COUNT(*) FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " JOIN imports i ON i.id = p.import_id WHERE r.question_id = ? AND " + HAS_TEXT.format(col="r.text")
        + " AND i.imported_at > ? AND NOT EXISTS (SELECT 1 FROM theme_assignments a WHERE a.response_id = r.id)",
        (question_id, row[0])) or 0)


UNFINISHED_META = runs.LEGACY_THEMES_META  # (before runs were recorded in store.runs: the questions left)


def set_unfinished(project: Project, keys: list[str]) -> None:
    """Record that a theme run stopped with these questions still to do ([]: none), as an interrupted run
    (for tests and the command line; runs themselves use :func:`run_starting` and :func:`run_done`)."""
    for run in runs.unfinished(project, runs.THEMES, running=True):
        runs.finish(project, run.id)
    if keys:
        runs.start(project, runs.THEMES, keys)
        stored = json.loads(project.get_meta(runs.RUNS_META) or "[]")
        for run in stored:  # as a process that ended without finishing it left it
            run["token"], run["pid"] = "", 0
        with project.transaction():
            project.set_meta(runs.RUNS_META, json.dumps(stored))


def unfinished(project: Project) -> list[str]:
    """The questions theme runs stopped (or are still working) before doing, in the order they were run."""
    return list(dict.fromkeys(k for r in runs.unfinished(project, runs.THEMES, running=True) for k in r.left))


def run_starting(project: Project, keys: list[str]) -> str:
    """A theme run is about to do these questions (others left by an earlier run stay listed); its id."""
    return runs.start(project, runs.THEMES, keys)


def run_done(project: Project, key: str) -> None:
    """A theme run has done this question (its themes found, or its failure said)."""
    runs.item_done(project, runs.THEMES, key)


def run_stopped(project: Project, run_id: str, reason: str) -> None:
    """A theme run was cancelled (or failed) before doing every question: said so, not as interrupted."""
    runs.stop(project, run_id, reason)


def unfinished_note(project: Project, question_key: str | None = None) -> str:
    """What to say when a theme run stopped (killed, cancelled) before doing a question (or, with no
    question, every such run, one sentence each)."""
    if question_key is None:
        return "; ".join(t[:1].lower() + t[1:] for r in runs.unfinished(project, runs.THEMES)
                         if (t := runs.notice(project, r)))
    return runs.item_note(project, runs.THEMES, question_key)


#: what to say of answers that came in after a question's themes were found
def added_since_note(count: int) -> str:
    return (f"{count:,} answers came in after these themes were found and have none: find themes again to place "
            "them (signed-off themes and analysts' changes are kept)") if count else ""


def list_themes(project: Project, question_id: str) -> list[ThemeSummary]:
    """A question's themes, largest first, with answer counts and their share of those who answered."""
    answered = coverage(project, question_id).answered
    rows = project.query(
        "SELECT t.*, COUNT(a.response_id) AS n, COALESCE(SUM(a.source = 'analyst'), 0) AS by_analyst,"
        " COALESCE(SUM(a.response_id IN (SELECT response_id FROM campaign_members)), 0) AS in_campaign"
        " FROM themes t LEFT JOIN theme_assignments a ON a.theme_id = t.id WHERE t.question_id = ?"
        " GROUP BY t.id ORDER BY n DESC, t.position, t.label", (question_id,))
    return [ThemeSummary(_theme(r), r["n"], r["n"] / answered if answered else 0.0, r["in_campaign"],
                         r["by_analyst"]) for r in rows]


#: a theme's state in words, as the app's themes table and ``themes --list`` show it
STATUS_WORDS = {"candidate": "candidate", "edited": "edited", "signed_off": "signed off"}
#: what signing off themes means for the rest of the question: the desktop app's sign-off dialog (in bold) and
#: ``themes --sign-off`` say it alike, followed by :func:`left_out_note`
SIGNED_ONLY_NOTE = "Once a question has signed-off themes, the annex and report show only those:"


def left_out_note(count: int) -> str:
    """What :data:`SIGNED_ONLY_NOTE` leads to: the ``count`` themes of the question not signed off."""
    return f"its {count:,} other theme(s) not signed off will be left out of them until you sign them off too."


def not_signed_off(project: Project, question_id: str, besides: Iterable[str] = ()) -> list[ThemeSummary]:
    """A question's themes that are not signed off, other than ``besides`` (those about to be): the ones the
    annex and report leave out once the question has signed-off themes."""
    chosen = set(besides)
    return [t for t in list_themes(project, question_id)
            if t.theme.id not in chosen and t.theme.status != ThemeStatus.SIGNED_OFF]


def unsigned_sub_themes(project: Project, question_id: str | None = None) -> int:
    """Sub-themes not signed off under a signed-off theme (of one question, or all)."""
    return int(project.scalar(
        "SELECT COUNT(*) FROM themes t JOIN themes p ON p.id = t.parent_id WHERE p.status = 'signed_off'"
        " AND t.status != 'signed_off'" + (" AND t.question_id = ?" if question_id else ""),
        (question_id,) if question_id else ()) or 0)


def theme_ids(project: Project, question_id: str, statuses: Iterable[str] | None = None) -> list[str]:
    sql, params = "SELECT id FROM themes WHERE question_id = ?", [question_id]
    if statuses is not None:
        wanted = list(statuses)
        sql += f" AND status IN ({marks(len(wanted))})"
        params += wanted
    return [r[0] for r in project.query(sql + " ORDER BY position, label", params)]


def answer_ids(project: Project, theme_id: str) -> list[str]:
    """Ids of the answers assigned to a theme, in import order."""
    return [r[0] for r in project.query(
        "SELECT a.response_id FROM theme_assignments a JOIN responses r ON r.id = a.response_id"
        " WHERE a.theme_id = ? ORDER BY r.seq", (theme_id,))]


_ANSWER_SQL = (
    "SELECT r.id, r.respondent_id, p.external_id, r.text, a.confidence, a.source, a.representative,"
    " COALESCE(rs.sector_key, '" + UNCLASSIFIED + "') AS sector,"
    " (SELECT campaign_id FROM campaign_members m WHERE m.response_id = r.id LIMIT 1) AS campaign_id, r.origin"
    " FROM theme_assignments a JOIN responses r ON r.id = a.response_id JOIN respondents p ON p.id = r.respondent_id"
    " LEFT JOIN respondent_sector rs ON rs.respondent_id = r.respondent_id WHERE a.theme_id = ?")


def _answer(r: sqlite3.Row) -> ThemeAnswer:
    return ThemeAnswer(r[0], r[1], r[2], r[3], float(r[4]), r[5], bool(r[6]), r[7], r[8], r[9] == "letter")


def theme_answers(project: Project, theme_id: str, *, limit: int | None = None, offset: int = 0) -> list[ThemeAnswer]:
    """The answers behind a theme (import order), with respondent, sector and campaign."""
    sql = _ANSWER_SQL + " ORDER BY r.seq LIMIT ? OFFSET ?"
    return [_answer(r) for r in project.query(sql, (theme_id, -1 if limit is None else limit, offset))]


def sector_breakdown(project: Project, question_id: str) -> SectorBreakdown:
    """Respondents per theme and effective sector (the ``respondent_sector`` view)."""
    labels: dict[str, str] = {r[0]: r[1] for r in project.query("SELECT key, label FROM sectors ORDER BY position")}
    join = " LEFT JOIN respondent_sector rs ON rs.respondent_id = r.respondent_id"
    answered = {r[0]: r[1] for r in project.query(
        f"SELECT COALESCE(rs.sector_key, ?), COUNT(*) FROM responses r{join}"
        " WHERE r.question_id = ? AND " + HAS_TEXT.format(col="r.text") + " GROUP BY 1", (UNCLASSIFIED, question_id))}
    counts: dict[str, dict[str, int]] = {}
    for r in project.query(
            f"SELECT a.theme_id, COALESCE(rs.sector_key, ?), COUNT(DISTINCT r.respondent_id)"
            f" FROM themes t JOIN theme_assignments a ON a.theme_id = t.id JOIN responses r ON r.id = a.response_id"
            f"{join} WHERE t.question_id = ? GROUP BY 1, 2", (UNCLASSIFIED, question_id)):
        counts.setdefault(r[0], {})[r[1]] = r[2]
    present = set(answered) | {s for c in counts.values() for s in c}
    sectors = [(k, v) for k, v in labels.items() if k in present]
    sectors += [(k, k.replace("_", " ").capitalize()) for k in sorted(present - set(labels) - {UNCLASSIFIED})]
    if UNCLASSIFIED in present:
        sectors.append((UNCLASSIFIED, "Unclassified"))
    return SectorBreakdown(sectors, answered, counts)


def assignment_rows(project: Project, question_id: str) -> list[tuple[str, str, float]]:
    """(answer id, theme id, confidence) of every theme assignment in a question, in theme order."""
    return [(r[0], r[1], float(r[2])) for r in project.query(
        "SELECT a.response_id, a.theme_id, a.confidence FROM theme_assignments a JOIN themes t ON t.id = a.theme_id"
        " WHERE t.question_id = ? ORDER BY t.position, t.id", (question_id,))]


def analyst_assigned(project: Project, question_id: str) -> set[str]:
    """Answers of a question that a person placed in (or moved to) a theme."""
    return {r[0] for r in project.query(
        "SELECT DISTINCT a.response_id FROM theme_assignments a JOIN themes t ON t.id = a.theme_id"
        " WHERE t.question_id = ? AND a.source = 'analyst'", (question_id,))}


def distinct_answer_chars(project: Project, question_ids: Sequence[str]) -> tuple[int, int]:
    """(distinct answer texts, their characters) over the questions' answers with free text."""
    if not question_ids:
        return 0, 0
    row = project.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(LENGTH(text)), 0) FROM (SELECT DISTINCT text FROM responses WHERE"
        f" question_id IN ({marks(len(question_ids))}) AND {HAS_TEXT.format(col='text')})", list(question_ids)).fetchone()
    return int(row[0]), int(row[1])


def export_rows(project: Project) -> list[dict]:
    """One row per (answer, theme) for CSV export: respondent_id (the id in the imported file),
    question (key), theme_id, theme_label, confidence, status (of the theme), source (of the assignment)."""
    rows = project.query(
        "SELECT p.external_id, q.key, t.id, t.label, a.confidence, t.status, a.source"
        " FROM theme_assignments a JOIN themes t ON t.id = a.theme_id JOIN responses r ON r.id = a.response_id"
        " JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = t.question_id"
        " ORDER BY p.seq, q.position, t.position, t.label")
    return [{"respondent_id": r[0], "question": r[1], "theme_id": r[2], "theme_label": r[3],
             "confidence": round(float(r[4]), 4), "status": r[5], "source": r[6]} for r in rows]
