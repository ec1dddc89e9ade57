"""Editions: each publication of a project's figures, numbered, so that two publications can be told apart
and the second says what changed since the first (trial 49: respondents went 446 -> 445 and Government from
withheld to 10 between two publications that carried the same date and nothing else).

An edition is recorded when a published file (the annex, the report, a CSV table) has been written: when, by
whom, from which project file, the files written of it, and a fingerprint of its figures (:class:`Figures`:
respondents, answers per question, respondents per sector, the published themes with their sizes, codings). A
file written while the figures are those of the last edition joins that edition (an annex, a report and eight
CSV tables written one after the other are one publication); a file whose figures differ starts the next. A file
that could not be written records nothing (:func:`record` is called only after it was).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from consult_analyser.domain import QuestionKind, now_iso
from consult_analyser.errors import ProjectError
from consult_analyser.store import reporting
from consult_analyser.store.codings import BY_PEOPLE
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.store.suggestions import IN_BULK
from consult_analyser.store.theme_report import question_report


@dataclass(frozen=True)
class PublishedTheme:
    question: str  # its question's key
    label: str
    respondents: int


@dataclass
class Figures:
    """The figures an edition published, as they were: what the next edition compares itself with."""

    respondents: int = 0
    answers: dict[str, int] = field(default_factory=dict)  # question key -> answers
    sectors: dict[str, int] = field(default_factory=dict)  # sector label -> respondents, in the tables' order
    themes: dict[str, PublishedTheme] = field(default_factory=dict)  # theme id -> as published
    themes_found: int = 0  # every theme stored, published or not
    codings: int = 0
    codings_by_hand: int = 0  # an analyst's own, or imported
    suggestions_accepted: int = 0  # a model's suggestions an analyst accepted (one by one or in bulk)
    accepted_in_bulk: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Figures:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__} if isinstance(data, dict) else {}
        themes = known.pop("themes", {}) or {}
        return cls(**known, themes={k: PublishedTheme(**v) for k, v in themes.items() if isinstance(v, dict)})

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()[:16]


def published_themes(project: Project) -> dict[str, list[tuple[str, str, int]]]:
    """Question key -> the themes the annex and the report publish for it (id, label, respondents), by the
    report's own rule (:func:`~consult_analyser.store.theme_report.question_report`: a question with signed-off
    themes publishes only those, one without publishes every theme with its status)."""
    themed = reporting.questions_with_themes(project)
    out: dict[str, list[tuple[str, str, int]]] = {}
    for question in list_questions(project):
        if question.kind != QuestionKind.CLOSED and question.id in themed:
            report = question_report(project, question.id, n_quotes=0)
            out[question.key] = [(t.theme.id, t.theme.label, t.respondents) for t in report.themes]
    return out


def current_figures(project: Project) -> Figures:
    """The project's figures now, as a publication would give them."""
    labels = reporting.sector_labels(project)
    by_sector = reporting.respondents_by_sector(project)
    order = [k for k in labels if k in by_sector] + [k for k in by_sector if k not in labels]
    answers = {r[0]: r[1] for r in project.query(
        "SELECT q.key, COUNT(r.id) FROM questions q LEFT JOIN responses r ON r.question_id = q.id"
        " AND (trim(r.text) != '' OR trim(r.choice) != '') GROUP BY q.id ORDER BY q.position, q.key")}
    themes = {theme_id: PublishedTheme(key, label, n) for key, rows in published_themes(project).items()
              for theme_id, label, n in rows}
    q = project.scalar
    return Figures(
        respondents=int(q("SELECT COUNT(*) FROM respondents") or 0), answers=answers,
        sectors={labels.get(k, k): by_sector[k][0] for k in order}, themes=themes,
        themes_found=int(q("SELECT COUNT(*) FROM themes") or 0), codings=int(q("SELECT COUNT(*) FROM codings") or 0),
        codings_by_hand=int(q("SELECT COUNT(*) FROM codings WHERE source IN ('analyst', 'imported')") or 0),
        suggestions_accepted=int(q(f"SELECT COUNT(*) FROM codings WHERE {BY_PEOPLE} AND source = 'model'") or 0),
        accepted_in_bulk=int(q(f"SELECT COUNT(*) FROM codings WHERE source = 'model' AND coder LIKE"
                               f" '%accepted by %({IN_BULK},%'") or 0))


@dataclass
class Edition:
    number: int
    made_at: str  # ISO, UTC: when its first file was written
    made_by: str
    role: str
    project_file: str
    files: list[dict[str, str]]  # {"path", "kind", "written_at"}
    digest: str
    figures: Figures


def editions(project: Project) -> list[Edition]:
    """Every edition recorded, first first ([] for a project never published, or one older than editions)."""
    if not project.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'editions'"):
        return []
    out = []
    for r in project.query("SELECT number, made_at, made_by, role, project_file, files, digest, figures"
                           " FROM editions ORDER BY number"):
        try:
            files = [f for f in json.loads(r["files"] or "[]") if isinstance(f, dict)]
        except ValueError:
            files = []
        out.append(Edition(r["number"], r["made_at"], r["made_by"], r["role"], r["project_file"], files,
                           r["digest"], Figures.from_json(r["figures"])))
    return out


def last_edition(project: Project) -> Edition | None:
    found = editions(project)
    return found[-1] if found else None


@dataclass
class Pending:
    """The edition a file about to be written belongs to (:func:`prepare`), which the file prints."""

    number: int | None  # None: it cannot be recorded (``why_not``)
    made_at: str
    project_file: str
    figures: Figures
    previous: Edition | None  # the edition it supersedes (None: the first)
    joins: bool = False  # the figures are the last edition's: the file is one more of it
    why_not: str = ""


def prepare(project: Project) -> Pending:
    """The edition a file written now will be: the last one again when its figures are unchanged, else the next."""
    figures = current_figures(project)
    found = editions(project)
    last = found[-1] if found else None
    why_not = _cannot_record(project)
    if last is not None and last.digest == figures.digest:
        return Pending(None if why_not else last.number, last.made_at, project.path.name, figures,
                       found[-2] if len(found) > 1 else None, joins=True, why_not=why_not)
    return Pending(None if why_not else (last.number + 1 if last else 1), now_iso(), project.path.name, figures, last,
                   why_not=why_not)


def _cannot_record(project: Project) -> str:
    """Why a publication of this project cannot be recorded now ("" when it can)."""
    if not project.readonly:
        return ""
    try:
        with Project.open(project.path, actor=project.actor):
            return ""
    except (ProjectError, OSError) as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - a database error: said, never a failed export
        return f"{project.path.name} cannot be written ({exc})"


def record(project: Project, pending: Pending, path: str | Path, kind: str) -> Edition | None:
    """Record that ``path`` (a ``kind`` of file) was written as ``pending``'s edition; None when the project cannot
    be written (read-only, or open for writing in another program). Called once the file has been written."""
    if pending.why_not:
        return None
    if project.readonly:
        try:
            with Project.open(project.path, actor=project.actor) as writable:
                return _record(writable, pending, path, kind)
        except (ProjectError, OSError):
            return None
    return _record(project, pending, path, kind)


def _record(project: Project, pending: Pending, path: str | Path, kind: str) -> Edition:
    entry = {"path": str(Path(path).absolute()), "kind": kind, "written_at": now_iso()}
    digest = pending.figures.digest
    with project.transaction() as conn:
        last = conn.execute("SELECT number, digest, files FROM editions ORDER BY number DESC LIMIT 1").fetchone()
        if last is not None and last["digest"] == digest:
            files = json.loads(last["files"] or "[]") + [entry]
            conn.execute("UPDATE editions SET files = ? WHERE number = ?", (json.dumps(files), last["number"]))
            number = last["number"]
        else:
            number = (last["number"] + 1) if last is not None else 1
            conn.execute("INSERT INTO editions(number, made_at, made_by, role, project_file, files, digest, figures)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (number, pending.made_at, project.actor, project.identity.role, pending.project_file,
                          json.dumps([entry]), digest, pending.figures.to_json()))
        project.audit("publish_edition", "edition", str(number), file=entry["path"], kind=kind)
    return next(e for e in editions(project) if e.number == number)


def merged_into(project: Project) -> dict[str, str]:
    """Theme id -> the theme it was merged into (the audit trail's merges, each followed to its last target)."""
    direct: dict[str, str] = {}
    for target, detail in project.query("SELECT target_id, detail FROM audit WHERE action = 'merge_themes'"):
        try:
            merged = json.loads(detail or "{}").get("merged") or {}
        except (ValueError, AttributeError):
            continue
        for source in merged:
            direct[str(source)] = str(target)
    out = {}
    for source in direct:
        seen, at = {source}, direct[source]
        while at in direct and at not in seen:
            seen.add(at)
            at = direct[at]
        out[source] = at
    return out


def theme_counts(project: Project) -> tuple[dict[str, int], dict[str, int]]:
    """(question key -> themes published, question key -> themes found, published or not), questions in order."""
    published = {key: len(rows) for key, rows in published_themes(project).items()}
    found = {r[0]: r[1] for r in project.query(
        "SELECT q.key, COUNT(*) FROM themes t JOIN questions q ON q.id = t.question_id GROUP BY q.id"
        " ORDER BY q.position, q.key")}
    return published, found
