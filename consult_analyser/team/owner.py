"""Who works in an analyst's copy: its analyst, and nobody else unawares.

Work done in an analyst's copy is recorded as that analyst's (their codings merge as their blind
coding). So when the person at the keyboard has said who they are (``whoami``, or the app's "Working
as" dialog: :func:`consult_analyser.store.identity.current` without the copy) and it is someone
else (a colleague who opened the wrong attachment, the lead), writing in the copy is refused (the
command line) or asked about at open (the app: continue as the copy's analyst, or read only) until
they choose to work in it as its analyst. That choice is kept in the copy under their own name, and
every later session in which they write is recorded in its journal under their own name too
(``team_worked_as_copy_owner``), so the lead sees, when the copy is merged, who really did the work.

Reading (export, ``team status``, ``team agreement``, merging the copy into the lead's project)
never asks. Someone whose identity was never set (the login name, a guess) is not asked either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from consult_analyser.domain import now_iso
from consult_analyser.store import identity
from consult_analyser.store import team as store
from consult_analyser.store.project import Project

#: the copy's record of who chose to work in it as its analyst: {casefolded name: {"name", "role", "at"}}
GUESTS_KEY = "team_copy_guests"
#: the journal's record of a session of someone working in another analyst's copy
SESSION_ACTION = "team_worked_as_copy_owner"
ALLOWED_ACTION = "team_chose_to_work_as_copy_owner"
#: where a user's own identity counts as said (the login name is a guess: never compared)
STATED = ("settings", "environment")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Someone:
    """Someone else at the keyboard of an analyst's copy: the copy's analyst (``owner``), the person
    (``you``, their own identity) and since when they chose to work in it as its analyst ("" not yet)."""

    owner: identity.Identity
    you: identity.Identity
    allowed_at: str = ""

    @property
    def allowed(self) -> bool:
        return bool(self.allowed_at)

    def said(self) -> str:
        """"This copy belongs to coder_p; you are coder_s (analyst)"."""
        return f"this copy belongs to {self.owner.name}; you are {self.you.describe()}"

    def refusal(self, path: str) -> str:
        """The command line's refusal to write, with both ways on."""
        return (f"{path}: {self.said()}, and work in it is recorded as {self.owner.name}'s. Open your own copy; or, "
                f"to work in this one as {self.owner.name} (your own name goes in its journal), run once: "
                f"consult-analyser whoami --project {path} --as-copy-owner. Nothing was changed. Reading it (export, "
                "team status, team agreement, team merge) needs nothing.")


def someone_else(project: Project) -> Someone | None:
    """Who is at the keyboard of this analyst's copy if it is not its analyst (None: not a copy, the
    analyst themselves, or nobody said who they are)."""
    owner = project.identity
    if owner.source != "copy":
        return None
    you = identity.current()
    if you.source not in STATED or _key(you.name) == _key(owner.name):
        return None
    return Someone(owner, you, guests(project).get(_key(you.name), {}).get("at", ""))


def guests(project: Project) -> dict[str, dict[str, str]]:
    """Who chose to work in this copy as its analyst (casefolded name -> name, role, when)."""
    try:
        found = json.loads(project.get_meta(GUESTS_KEY) or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def work_as_owner(project: Project, who: Someone) -> None:
    """Record that ``who.you`` works in this copy as its analyst from now on (asked once; kept in the
    copy, and in its journal under their own name)."""
    found = guests(project)
    found[_key(who.you.name)] = {"name": who.you.name, "role": who.you.role, "at": now_iso()}
    with project.transaction():
        project.set_meta(GUESTS_KEY, json.dumps(found, sort_keys=True))
        store.audit_as(project, who.you.name, ALLOWED_ACTION, "team", project.get_meta(store.COPY_KEY),
                       copy_of=who.owner.name, role=who.you.role)


def record_session(project: Project, who: Someone, front: str) -> None:
    """The journal's line for a session of ``who.you`` writing in the copy as its analyst (``front``:
    "command line" or "app")."""
    with project.transaction():
        store.audit_as(project, who.you.name, SESSION_ACTION, "team", project.get_meta(store.COPY_KEY),
                       working_as=who.owner.name, role=who.you.role, front=front)


def sessions(audit: list[dict[str, object]]) -> dict[str, int]:
    """Who worked in a copy as its analyst, and in how many sessions, from the copy's journal rows
    (:func:`consult_analyser.store.team.audit_since`): for the merge to tell the lead."""
    found: dict[str, int] = {}
    for row in audit:
        if row.get("action") == SESSION_ACTION:
            name = str(row.get("actor") or "")
            found[name] = found.get(name, 0) + 1
    return found


def start_session(project: Project, front: str) -> Someone | None:
    """In a copy opened for writing by someone who is not its analyst and chose to work in it as them
    (the app asked): keep that choice and record the session; returns who (None: nobody else)."""
    other = someone_else(project)
    if other is None or project.readonly:
        return None
    if not other.allowed:
        work_as_owner(project, other)
    record_session(project, other, front)
    return other
