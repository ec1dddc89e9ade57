"""What an analyst changed in their copy, as a change set: read from the copy itself, or from a
smaller change file made for e-mail (``team changes COPY OUT``).

A change set lists, per tracked table, the rows added, modified (with the digest the row had when
the copy was made) and deleted (key and that digest), plus the codes that added codings refer to.
A change file is gzip-compressed JSON whose payload carries its own SHA-256, so a damaged or
edited file is refused before anything is merged.

A change file holds everything the analyst changed since the copy was made (so any one of them can
be merged alone); the copy remembers what its last change file held (:func:`remember`), so the
summary of the next one says what it adds to that one (:func:`since_last`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consult_analyser.domain import now_iso
from consult_analyser.errors import ProjectError
from consult_analyser.store import consent, team_rows
from consult_analyser.store import team as store
from consult_analyser.store.project import Project

FORMAT = "consult-analyser-team-changes"
VERSION = 1
CHANGES_SUFFIX = ".changes"
#: the copy's record of what its last change file held: when, and each row's state then
LAST_KEY = "team_last_changes"

log = logging.getLogger(__name__)


@dataclass
class ChangeSet:
    consultation_id: str
    copy_id: str
    analyst: str
    split_id: str
    made_at: str
    schema: int
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)  # table -> added/modified/deleted
    referenced_codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    audit: list[dict[str, Any]] = field(default_factory=list)  # the analyst's actions, with author and time
    source_file: str = ""
    #: publication choices the analyst set (a respondent asked to be anonymous): see consent.analyst_choices
    publication: list[dict[str, str]] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        found = {"consultation_id": self.consultation_id, "copy_id": self.copy_id, "analyst": self.analyst,
                 "split_id": self.split_id, "made_at": self.made_at, "schema": self.schema, "tables": self.tables,
                 "referenced_codes": self.referenced_codes, "audit": self.audit}
        if self.publication:  # (a change file without any reads, and checks, as before)
            found["publication"] = self.publication
        return found

    def canonical(self) -> bytes:
        return json.dumps(self.payload(), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          default=str).encode("utf-8")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    def count(self) -> dict[str, int]:
        return {f"{t}_{kind}": len(v[kind]) for t, v in self.tables.items()
                for kind in ("added", "modified", "deleted") if v[kind]}


def from_copy(path: str | Path) -> ChangeSet:
    """The changes made in an analyst's copy since it was made (the copy is opened read-only)."""
    path = Path(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such file")
    problem = team_rows.integrity_problem(path)
    if problem and "unable to open" in problem:  # a good copy on a read-only drive (a trial's was called damaged)
        raise ProjectError(f"{path.name} cannot be opened where it is (its folder may be read-only, as on a shared or "
                           "removable drive): copy it to a folder you can write to and merge the copy; nothing was merged")
    if problem:
        raise ProjectError(f"{path.name} is damaged ({problem}); nothing was merged. Ask for a fresh copy of it.")
    with Project.open(path, readonly=True) as copy:
        copy_id = copy.get_meta(store.COPY_KEY)
        if not copy_id:
            raise ProjectError(f"{path.name} is not an analyst's copy (made by `team split`); nothing was merged")
        base = team_rows.base_digests(copy)
        whole = team_rows.base_rows(copy)
        changes = ChangeSet(consultation_id=store.consultation_id(copy), copy_id=copy_id,
                            analyst=copy.identity.name, split_id=copy.get_meta(store.SPLIT_KEY),
                            made_at=now_iso(), schema=int(copy.scalar("PRAGMA user_version")), source_file=str(path))
        code_rows: dict[str, dict[str, Any]] = {}
        for table in team_rows.TRACKED:
            rows = team_rows.read_rows(copy, table)
            if table == "codes":
                code_rows = rows
            was = base.get(table, {})
            was_row = whole.get(table, {})
            added, modified, deleted = [], [], []
            for key, row in rows.items():
                old = was.get(key)
                if old is None:
                    added.append(row)
                elif old != team_rows.digest(row):
                    modified.append({"row": row, "base": old, "base_row": was_row.get(key)})
            deleted = [{"key": key, "base": old, "base_row": was_row.get(key)} for key, old in was.items()
                       if key not in rows]
            changes.tables[table] = {"columns": team_rows.columns(copy, table), "added": added,
                                     "modified": modified, "deleted": deleted}
        used = {r["code_id"] for r in changes.tables["codings"]["added"]}
        changes.referenced_codes = {c: code_rows[c] for c in sorted(used) if c in code_rows}
        changes.audit = store.audit_since(copy, int(copy.get_meta(store.AUDIT_BASE_KEY, "0") or 0))
        changes.publication = consent.analyst_choices(copy)
    return changes


def write_file(changes: ChangeSet, out: str | Path) -> Path:
    """Write a change set as a change file (gzip JSON with its checksum)."""
    out = Path(out)
    envelope = {"format": FORMAT, "version": VERSION, "sha256": changes.sha256, "payload": changes.payload()}
    data = json.dumps(envelope, ensure_ascii=False, default=str).encode("utf-8")
    tmp = out.with_name(out.name + ".tmp")
    with gzip.open(tmp, "wb", compresslevel=6) as fh:
        fh.write(data)
    tmp.replace(out)
    return out


def read_file(path: str | Path) -> ChangeSet:
    """A change file, checked: refused if it is damaged, edited, or not a change file."""
    path = Path(path)
    try:
        with gzip.open(path, "rb") as fh:
            envelope = json.loads(fh.read().decode("utf-8"))
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such file; nothing was merged") from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        log.info("change file %s unreadable: %s", path, exc)  # the detail for the log, not the user
        raise ProjectError(f"{path.name} is damaged (cut short or changed since it was written) or not a change "
                           "file; nothing was merged. Ask the analyst to write it again (team changes)") from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise ProjectError(f"{path.name} is not a Consult Analyser change file; nothing was merged")
    if envelope.get("version") != VERSION:
        raise ProjectError(f"{path.name} was written by another version of Consult Analyser "
                           f"(change file version {envelope.get('version')}); nothing was merged")
    p = envelope.get("payload") or {}
    try:
        changes = ChangeSet(consultation_id=p["consultation_id"], copy_id=p["copy_id"], analyst=p["analyst"],
                            split_id=p["split_id"], made_at=p["made_at"], schema=int(p["schema"]),
                            tables=p["tables"], referenced_codes=p["referenced_codes"], audit=p["audit"],
                            source_file=str(path), publication=list(p.get("publication") or []))
    except (KeyError, TypeError, ValueError):
        raise ProjectError(f"{path.name} is incomplete; nothing was merged") from None
    if changes.sha256 != envelope.get("sha256"):
        raise ProjectError(f"{path.name} does not match its checksum: it was damaged or edited after it was "
                           "made; nothing was merged. Ask for a fresh change file.")
    return changes


def load(path: str | Path) -> ChangeSet:
    """An analyst's copy (.consult) or change file, whichever ``path`` is."""
    path = Path(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"SQLite format 3"):
        return from_copy(path)
    if head[:2] == b"\x1f\x8b":
        return read_file(path)
    raise ProjectError(f"{path.name} is neither an analyst's copy nor a change file; nothing was merged")


def fingerprint(changes: ChangeSet) -> dict[str, dict[str, str]]:
    """Each changed row's state, per table: "a:" + digest (added), "m:" + digest (modified), "d" (deleted)."""
    found: dict[str, dict[str, str]] = {}
    for table, spec in changes.tables.items():
        rows = {team_rows.row_key(table, r): "a:" + team_rows.digest(r) for r in spec.get("added", [])}
        rows.update({team_rows.row_key(table, i["row"]): "m:" + team_rows.digest(i["row"])
                     for i in spec.get("modified", [])})
        rows.update({str(i["key"]): "d" for i in spec.get("deleted", [])})
        if rows:
            found[table] = rows
    return found


def last_written(path: str | Path) -> tuple[str, dict[str, dict[str, str]]] | None:
    """(when, fingerprint) of the copy's last change file; None before its first."""
    with Project.open(path, readonly=True) as copy:
        raw = copy.get_meta(LAST_KEY)
    if not raw:
        return None
    try:
        found = json.loads(raw)
        return str(found["made_at"]), dict(found["rows"])
    except (ValueError, KeyError, TypeError):
        return None


def remember(path: str | Path, changes: ChangeSet) -> None:
    """Record in the copy what this change file holds, for the next one's summary."""
    with Project.open(path) as copy:
        copy.set_meta(LAST_KEY, json.dumps({"made_at": changes.made_at, "rows": fingerprint(changes)},
                                           separators=(",", ":")))


def since_last(previous: dict[str, dict[str, str]], changes: ChangeSet) -> dict[str, int]:
    """What ``changes`` adds to a previous change file's (its fingerprint): per table, rows added,
    modified and deleted since (a row added then and removed since counts as deleted; a change
    undone since, as modified)."""
    now = fingerprint(changes)
    counts: dict[str, int] = {}

    def add(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    for table in sorted(set(previous) | set(now)):
        before, after = previous.get(table, {}), now.get(table, {})
        for key, state in after.items():
            was = before.get(key)
            if was == state:
                continue
            if state == "d":
                add(f"{table}_deleted")
            elif was is None and state.startswith("a:"):
                add(f"{table}_added")
            else:
                add(f"{table}_modified")
        for key, was in before.items():
            if key not in after:  # added then and removed since, or a change undone
                add(f"{table}_deleted" if was.startswith("a:") else f"{table}_modified")
    return counts
