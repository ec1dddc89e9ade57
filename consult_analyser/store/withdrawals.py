"""Withdrawing respondents after import: a duplicate submission, a test response made by staff, spam,
or a respondent who asks for their response to be withdrawn and their data erased (UK GDPR, right to
erasure).

Withdrawal deletes the respondent row; the schema's foreign keys delete everything hanging off it
(answers, documents, passages, sector labels, codings, suggestions, theme and campaign memberships,
team assignments), and the memos written on the respondent or its answers go with it, all in the
caller's transaction. What remains is one ``withdrawals`` row without personal data: a salted
SHA-256 of the respondent's id as in the imported file (a later import of the same file, or of a
later export, skips that id: :func:`withdrawn_sources`), the reason, the analyst's note, who and
when, and salted hashes of the project's own ids of the respondent, its answers and documents (a
merged analyst's copy made before the withdrawal drops their codings: :func:`withdrawn_rows`). A
respondent of a file without ids also leaves the salted digest of what their row held with their import
(:func:`~consult_analyser.store.later_export.keep_withdrawn_print`): the survey's next download, whatever
its name, leaves them out.

An erasure (reason ``request``) also drops the per-text caches of that respondent's texts
(embeddings, tagged phrases: keyed by a hash of the text), and runs in :func:`erasing` (secure
delete, the full-text indexes purged, the write-ahead log emptied), so that nothing of the text
stays in the file once the undo journal is gone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from consult_analyser.domain import counted, new_id, now_iso
from consult_analyser.letter_text import letter_body
from consult_analyser.store import team
from consult_analyser.store.embedding_cache import text_hash
from consult_analyser.store.project import Project

#: the kinds of withdrawal, in the order the published sentence lists them
REASONS = ("duplicate", "test", "spam", "request")
#: how a count of each kind reads ("2 duplicates", "1 at their request")
REASON_WORDS = {"duplicate": ("duplicate", "duplicates"), "test": ("test response", "test responses"),
                "spam": ("spam", "spam"), "request": ("at their request", "at their request")}
#: what the reasons are called in lists and messages
REASON_LABELS = {"duplicate": "duplicate submission", "test": "test response", "spam": "spam",
                 "request": "at their request, data erased"}
SALT_KEY = "withdrawal_salt"
#: what a withdrawal removes, in the order it is told
GOES = (("answers", "answer", ""), ("documents", "document", ""), ("passages", "letter passage", ""),
        ("codings", "coding", ""), ("suggestions", "code suggestion", ""),
        ("theme_assignments", "place in a theme", "places in themes"),
        ("campaign_members", "campaign membership", ""), ("sector_assignments", "sector label", ""),
        ("memos", "memo", ""), ("team_assignments", "team assignment", ""))


@dataclass(frozen=True)
class Withdrawal:
    """One withdrawal as listed (never the respondent's id, name or words)."""

    id: str
    reason: str
    note: str
    withdrawn_by: str
    withdrawn_at: str
    duplicate_of: str  # the id, as in the imported file, of the respondent kept ("" when none or gone)
    counts: dict[str, int]


def check_reason(reason: str) -> str:
    """The reason, checked; ``ValueError`` naming the choices otherwise."""
    value = reason.strip().lower()
    if value not in REASONS:
        raise ValueError(f"unknown reason {reason!r}: choose {', '.join(REASONS[:-1])} or {REASONS[-1]}")
    return value


def _salt(project: Project, *, create: bool = False) -> str:
    salt = project.get_meta(SALT_KEY)
    if not salt and create:
        salt = os.urandom(16).hex()
        project.set_meta(SALT_KEY, salt)
    return salt


def source_key(external_id: str) -> str:
    """A respondent's id as the importer matches it: trimmed, and an id of figures alone by its value
    ("00123" in one export is "123" in another)."""
    key = external_id.strip()
    return (key.lstrip("0") or "0") if key.isdigit() else key


def _hash(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\x1f{value}".encode()).hexdigest()


def source_hash(project: Project, external_id: str) -> str:
    """The salted hash a withdrawal keeps of a respondent's id as in the imported file ("" before the
    project's first withdrawal, when it has no salt yet)."""
    salt = _salt(project)
    return _hash(salt, source_key(external_id)) if salt else ""


def what_goes(project: Project, respondent_ids: list[str]) -> dict[str, int]:
    """What withdrawing these respondents removes, counted: answers, documents, passages, codings..."""
    ids = list(dict.fromkeys(respondent_ids))
    out: Counter[str] = Counter()
    for first in range(0, len(ids), 500):
        part = ids[first:first + 500]
        marks = ",".join("?" * len(part))
        answers = f"SELECT id FROM responses WHERE respondent_id IN ({marks})"
        documents = f"SELECT id FROM documents WHERE respondent_id IN ({marks})"
        for key, sql in (
                ("answers", f"SELECT COUNT(*) FROM responses WHERE respondent_id IN ({marks})"),
                ("documents", f"SELECT COUNT(*) FROM documents WHERE respondent_id IN ({marks})"),
                ("passages", f"SELECT COUNT(*) FROM passages WHERE document_id IN ({documents})"),
                ("codings", f"SELECT COUNT(*) FROM codings WHERE response_id IN ({answers})"),
                ("suggestions", f"SELECT COUNT(*) FROM suggestions WHERE response_id IN ({answers})"),
                ("theme_assignments", f"SELECT COUNT(*) FROM theme_assignments WHERE response_id IN ({answers})"),
                ("campaign_members", f"SELECT COUNT(*) FROM campaign_members WHERE response_id IN ({answers})"),
                ("sector_assignments", f"SELECT COUNT(*) FROM sector_assignments WHERE respondent_id IN ({marks})"),
                ("memos", f"SELECT COUNT(*) FROM memos WHERE (target_kind = 'respondent' AND target_id IN ({marks}))"
                          f" OR (target_kind = 'response' AND target_id IN ({answers}))"),
                ("team_assignments", f"SELECT COUNT(*) FROM team_assignments WHERE response_id IN ({answers})")):
            out[key] += int(project.scalar(sql, part * (sql.count("?") // len(part))) or 0)
    return {key: out[key] for key, _, _ in GOES}


def describe(counts: dict[str, int]) -> str:
    """ "3 answers, 1 document, 2 codings" (what :func:`what_goes` counted; "nothing else" when none)."""
    parts = [counted(counts.get(key, 0), word, plural) for key, word, plural in GOES if counts.get(key)]
    return ", ".join(parts) or "nothing else"


def withdraw(project: Project, respondent_ids: list[str], reason: str, note: str, *,
             duplicate_of: str | None = None) -> dict[str, int]:
    """Withdraw respondents (the project's ids) in one transaction (the caller's, if any): record each
    withdrawal and delete the respondent with all that hangs off it. ``ValueError`` naming the problem
    (an unknown respondent, a duplicate of itself, an analyst's copy) before anything is written.
    Returns what went (:func:`what_goes`) with ``respondents``."""
    reason = check_reason(reason)
    note = " ".join((note or "").split())
    ids = list(dict.fromkeys(respondent_ids))
    if not ids:
        raise ValueError("no respondent to withdraw")
    if project.get_meta(team.COPY_KEY):
        raise ValueError(f"{project.path.name} is an analyst's copy: withdraw respondents in the lead's project "
                         "(a copy's withdrawal is not merged), then make new copies")
    external = _external_ids(project, ids)
    missing = [i for i in ids if i not in external]
    if missing:
        raise ValueError(f"no respondent {missing[0]!r} in the project (withdrawn already?)")
    if duplicate_of:
        if reason != "duplicate":
            raise ValueError("a respondent kept in place of a withdrawn one goes with the reason 'duplicate' only")
        if duplicate_of in ids:
            raise ValueError(f"respondent {external[duplicate_of]!r} cannot be withdrawn as a duplicate of itself")
        if project.scalar("SELECT 1 FROM respondents WHERE id = ?", (duplicate_of,)) is None:
            raise ValueError(f"no respondent {duplicate_of!r} to keep in place of the withdrawn")
    counts = what_goes(project, ids)
    from consult_analyser.store.later_export import keep_withdrawn_print  # (it reads this module's hashes)

    with project.transaction() as conn:
        salt = _salt(project, create=True)
        themes, texts = _their_themes(project, ids)
        for respondent_id in ids:
            own = what_goes(project, [respondent_id])
            answers = [r[0] for r in conn.execute("SELECT id FROM responses WHERE respondent_id = ?", (respondent_id,))]
            documents = [r[0] for r in conn.execute("SELECT id FROM documents WHERE respondent_id = ?",
                                                    (respondent_id,))]
            if reason == "request":
                _drop_cached(project, respondent_id)
            _drop_memos(project, respondent_id, answers)
            keep_withdrawn_print(project, respondent_id)  # a row of a file without ids: known by what it held
            conn.execute(
                "INSERT INTO withdrawals(id, source_hash, reason, duplicate_of, note, withdrawn_by, withdrawn_at,"
                " row_hashes, counts) VALUES (?,?,?,?,?,?,?,?,?)",
                (new_id(), _hash(salt, source_key(external[respondent_id])), reason, duplicate_of or "", note,
                 project.actor, now_iso(), json.dumps(sorted([_hash(salt, i) for i in [respondent_id, *answers,
                                                                                         *documents]]
                                                             + _letter_hashes(project, salt, respondent_id))),
                 json.dumps({k: v for k, v in own.items() if v})))
            conn.execute("DELETE FROM respondents WHERE id = ?", (respondent_id,))
        _tidy_themes(project, themes, texts)
        project.audit("withdraw", "respondents", "", reason=reason, respondents=len(ids),
                      **{k: v for k, v in counts.items() if v})
    return {"respondents": len(ids), **counts}


def document_hash_with(salt: str, text: str) -> str:
    """The salted hash a withdrawal keeps of one of the respondent's letters (its text, as imported):
    the same letter imported again is skipped, whoever it would join (an e-mail that had joined an
    online response by its address comes back on its own otherwise)."""
    return _hash(salt, "document\x1f" + text_hash(text.strip()))


def _letter_hashes(project: Project, salt: str, respondent_id: str) -> list[str]:
    return [document_hash_with(salt, r[0]) for r in project.query(
        "SELECT text FROM documents WHERE respondent_id = ? AND text != ''", (respondent_id,))]


def _their_themes(project: Project, ids: list[str]) -> tuple[set[str], list[str]]:
    """The themes the respondents' answers are in, and their answers' texts (before they go)."""
    themes: set[str] = set()
    texts: list[str] = []
    for respondent_id in ids:
        themes.update(r[0] for r in project.query(
            "SELECT DISTINCT a.theme_id FROM theme_assignments a JOIN responses r ON r.id = a.response_id"
            " WHERE r.respondent_id = ?", (respondent_id,)))
        texts.extend(r[0] for r in project.query(
            "SELECT text FROM responses WHERE respondent_id = ? AND text != ''", (respondent_id,)))
    return themes, texts


_QUOTED = re.compile(r"[“\"]([^”\"]{2,400})[”\"]")


def _tidy_themes(project: Project, themes: set[str], texts: list[str]) -> None:
    """What the withdrawn answers leave in the themes they were in: a model's theme left with no answer
    (and no sub-theme, not signed off) goes; a description quoting a withdrawn answer ("Answers such as
    “test test”") becomes a plain one, and a keyword no remaining answer writes goes, so that nothing a
    withdrawn respondent wrote is published through a theme."""
    written = [" ".join(t.casefold().split()) for t in texts]
    for theme_id in sorted(themes):
        row = project.conn.execute("SELECT label, description, keywords, status, source FROM themes WHERE id = ?",
                                   (theme_id,)).fetchone()
        if row is None:
            continue
        label, description, keywords, status, source = row
        left = project.conn.execute("SELECT COUNT(*) FROM theme_assignments WHERE theme_id = ?", (theme_id,)).fetchone()[0]
        children = project.conn.execute("SELECT COUNT(*) FROM themes WHERE parent_id = ?", (theme_id,)).fetchone()[0]
        if not left and not children and status != "signed_off" and source == "model":
            project.conn.execute("DELETE FROM themes WHERE id = ?", (theme_id,))
            continue
        quoted = [" ".join(q.casefold().split()).strip(" .…") for q in _QUOTED.findall(description or "")]
        if any(q and any(q in w for w in written) for q in quoted):
            description = f"Answers about {label[:1].lower() + label[1:]}." if label else ""
        remaining = [" ".join(r[0].casefold().split()) for r in project.conn.execute(
            "SELECT r.text FROM theme_assignments a JOIN responses r ON r.id = a.response_id WHERE a.theme_id = ?",
            (theme_id,))]
        words = [k for k in json.loads(keywords or "[]") if isinstance(k, str)]
        kept = [k for k in words if not any(k.casefold() in w for w in written)
                or any(k.casefold() in r for r in remaining)]
        if description != row[1] or kept != words:
            project.conn.execute("UPDATE themes SET description = ?, keywords = ? WHERE id = ?",
                                 (description, json.dumps(kept), theme_id))


def _external_ids(project: Project, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for first in range(0, len(ids), 900):
        part = ids[first:first + 900]
        out.update((r[0], r[1]) for r in project.query(
            f"SELECT id, external_id FROM respondents WHERE id IN ({','.join('?' * len(part))})", part))
    return out


def _drop_memos(project: Project, respondent_id: str, answers: list[str]) -> None:
    """Memos on the respondent or its answers (no foreign key holds them: they would stay behind,
    perhaps quoting the respondent)."""
    project.conn.execute("DELETE FROM memos WHERE target_kind = 'respondent' AND target_id = ?", (respondent_id,))
    for first in range(0, len(answers), 900):
        part = answers[first:first + 900]
        project.conn.execute(f"DELETE FROM memos WHERE target_kind = 'response' AND target_id IN "
                             f"({','.join('?' * len(part))})", part)


def _drop_cached(project: Project, respondent_id: str) -> None:
    """The per-text caches of the respondent's answers and letters (keyed by a hash of the text as the
    themes and coding steps embed it: as written, and a letter without its greeting and sign-off)."""
    texts = [r[0] for r in project.query("SELECT text FROM responses WHERE respondent_id = ? AND text != ''"
                                         " UNION ALL SELECT form_text FROM responses WHERE respondent_id = ?"
                                         " AND COALESCE(form_text, '') != ''"
                                         " UNION ALL SELECT text FROM documents WHERE respondent_id = ? AND text != ''",
                                         (respondent_id,) * 3)]
    hashes = sorted({text_hash(t) for text in texts for t in (text, letter_body(text), text.strip())})
    for first in range(0, len(hashes), 900):
        part = hashes[first:first + 900]
        marks = ",".join("?" * len(part))
        project.conn.execute(f"DELETE FROM embeddings WHERE text_hash IN ({marks})", part)
        project.conn.execute(f"DELETE FROM text_cache WHERE text_hash IN ({marks})", part)


@contextmanager
def erasing(project: Project) -> Iterator[None]:
    """Delete for good in the block: ``PRAGMA secure_delete`` on (SQLite overwrites deleted content
    with zeros; many builds leave it in free pages otherwise), then, if the block succeeded, the
    full-text indexes rewritten without the deleted rows' entries (an index keeps a deleted answer's
    words until its segments are merged) and the write-ahead log emptied into the file."""
    before = int(project.scalar("PRAGMA secure_delete") or 0)
    project.conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
        with project.transaction() as conn:
            conn.execute("INSERT INTO responses_fts(responses_fts) VALUES ('optimize')")
            conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
    finally:
        project.conn.execute(f"PRAGMA secure_delete = {before}")
    # the log emptied now if no reader holds it (without waiting: the app's worker may be reading; closing
    # the project empties it then)
    wait = int(project.scalar("PRAGMA busy_timeout") or 0)
    try:
        project.conn.execute("PRAGMA busy_timeout = 0")
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error:
        pass
    finally:
        project.conn.execute(f"PRAGMA busy_timeout = {wait}")


# ------------------------------------------------------------------------------------ reading


def counts_by_reason(project: Project) -> dict[str, int]:
    """How many respondents were withdrawn for each reason (every reason, 0 when none)."""
    found: dict[str, int] = {r[0]: r[1] for r in project.query("SELECT reason, COUNT(*) FROM withdrawals GROUP BY reason")}
    return {reason: int(found.get(reason, 0)) for reason in REASONS}


def listing(project: Project, external_id: str | None = None) -> list[Withdrawal]:
    """Every withdrawal, oldest first (or those of the respondent of this id as in the imported file)."""
    where, params = "", tuple[str, ...]()
    if external_id is not None:
        where, params = " WHERE w.source_hash = ?", (source_hash(project, external_id),)
    rows = project.query("SELECT w.id, w.reason, w.note, w.withdrawn_by, w.withdrawn_at, w.counts,"
                         " COALESCE(p.external_id, '') FROM withdrawals w LEFT JOIN respondents p ON"
                         f" p.id = w.duplicate_of AND w.duplicate_of != ''{where} ORDER BY w.withdrawn_at, w.rowid",
                         params)
    return [Withdrawal(r[0], r[1], r[2], r[3], r[4], r[6], json.loads(r[5] or "{}")) for r in rows]


def withdrawn_sources(project: Project) -> tuple[str, dict[str, str]]:
    """The project's salt and, by the hash of the id as in the imported file, why each withdrawn
    respondent was withdrawn (for the importer: match with :func:`source_hash_with`)."""
    salt = _salt(project)
    if not salt:
        return "", {}
    found = {r[0]: r[1] for r in project.query("SELECT source_hash, reason FROM withdrawals")}
    for hashes, reason in project.query("SELECT row_hashes, reason FROM withdrawals"):  # their letters' texts
        for hashed in json.loads(hashes or "[]"):
            found.setdefault(hashed, reason)
    return salt, found


def source_hash_with(salt: str, external_id: str) -> str:
    return _hash(salt, source_key(external_id))


def withdrawn_rows(project: Project) -> tuple[str, dict[str, str]]:
    """The project's salt and, by the salted hashes of the ids of every withdrawn respondent, their
    answers and documents, the reason (for a merge: match with :func:`row_hash_with`)."""
    salt = _salt(project)
    found: dict[str, str] = {}
    for hashes, reason in project.query("SELECT row_hashes, reason FROM withdrawals"):
        found.update(dict.fromkeys(json.loads(hashes or "[]"), reason))
    return salt, found


def row_hash_with(salt: str, row_id: str) -> str:
    return _hash(salt, row_id)


def reasons_said(counts: dict[str, int]) -> str:
    """ "1 duplicate, 1 at their request" (the reasons with a count)."""
    return ", ".join(f"{n:,} {REASON_WORDS[r][n != 1]}" for r, n in counts.items() if n)
