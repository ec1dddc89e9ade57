"""Where a respondent's declared type came from: their own answer, or a list attached to the responses.

A consultation may publish a separate table of facts about respondents ("submitter -> type"), assigned by
someone else; attaching it (``import`` of an attributes file) sets the respondents' declared type, which the
sectors step then reads as it reads a type they gave themselves (source ``declared``). The published method
must not call those types the respondents' own declarations (trial 41: 437 types from ``submission_type.csv``,
"assigned by hand by a third party", were published "as the respondent declared"). So the attachment records,
per respondent, the file their type came from (one JSON record in the project's meta), and the Cover, the
report and the review statement say "attached from <file>" for them.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from consult_analyser.store.project import Project

#: the meta key of the record: {respondent id: the name of the file their declared type was attached from}
ATTACHED_KEY = "declared_type.attached_from"


def record_attached(conn: sqlite3.Connection, respondent_ids: list[str], source_file: str) -> None:
    """Record, inside the attachment's transaction, that these respondents' declared types came from
    ``source_file`` (its name only: a path can hold a user's name)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (ATTACHED_KEY,)).fetchone()
    record = json.loads(row[0]) if row and row[0] else {}
    name = PurePath(source_file).name or source_file
    record.update({rid: name for rid in respondent_ids})
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (ATTACHED_KEY, json.dumps(record, ensure_ascii=False)))


def attached_types(project: Project) -> dict[str, str]:
    """Respondent id -> the file their declared type was attached from (empty: all their own)."""
    raw = project.get_meta(ATTACHED_KEY)
    return json.loads(raw) if raw else {}


@dataclass
class DeclaredSources:
    """The respondents whose effective sector is their declared type, by where that type came from."""

    own: int = 0  # the respondent's own declaration (or, see ``unrecorded``, perhaps an attached list's)
    by_file: dict[str, int] = field(default_factory=dict)  # attached from a list: file name -> respondents
    #: attribute files attached before their types' source was recorded: the ``own`` may hold their types
    unrecorded: list[str] = field(default_factory=list)

    def phrases(self) -> list[str]:
        """"437 attached from submission_type.csv", "3 as the respondent declared" (the non-zero ones)."""
        own = f"{self.own:,} as the respondent declared" + (
            f" or as attached from {_names(self.unrecorded)}" if self.unrecorded else "")
        return ([own] if self.own or not self.by_file else []) + [
            f"{n:,} attached from {name} (not the respondents' own declaration)" for name, n in self.by_file.items()]


def declared_sources(project: Project) -> DeclaredSources:
    """Where the declared types behind the effective sectors came from (see the module notes)."""
    attached = attached_types(project)
    declared = [r[0] for r in project.query("SELECT respondent_id FROM respondent_sector WHERE source = 'declared'")]
    by_file = Counter(attached[rid] for rid in declared if rid in attached)
    recorded = set(attached.values())
    unrecorded = list(dict.fromkeys(
        PurePath(r[0]).name for r in project.query(
            "SELECT source_file FROM imports WHERE reader = 'attributes' ORDER BY imported_at")
        if PurePath(r[0]).name not in recorded))
    return DeclaredSources(len(declared) - sum(by_file.values()), dict(by_file.most_common()), unrecorded)


def declared_words(project: Project) -> str:
    """The method's words for a declared type: "the type they declared", and where some types came from a
    list attached to the responses, "or the type attached for them from submission_type.csv"."""
    sources = declared_sources(project)
    files = list(sources.by_file) + [f for f in sources.unrecorded if f not in sources.by_file]
    if not files:
        return "the type they declared"
    attached = f"the type attached for them from {_names(files)} (a list, not their own declaration)"
    return attached if not sources.own and not sources.unrecorded else f"the type they declared or {attached}"


def _names(files: list[str]) -> str:
    return " and ".join([", ".join(files[:-1]), files[-1]] if len(files) > 1 else files)
