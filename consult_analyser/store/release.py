"""What a published annex or report says about itself: its title, who publishes it and how to reach
them (the Cover of a statistical release names the release, its producer and a contact; a title
taken from the project's file name, "au: summary of responses", names nothing a reader knows).

Kept in the project's settings, so every later export (command line or app) uses them; the project's
name stands in for a title never set. The contact should be a team's mailbox, not a person: the
published files name no member of staff (a theme is "signed off by a team lead" there, by name only
in an unredacted working copy; :func:`signer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consult_analyser.domain import counted
from consult_analyser.store import attached
from consult_analyser.store.codings import BY_PEOPLE
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import IN_BULK

_KEYS = {"title": "release.title", "publisher": "release.publisher", "contact": "release.contact"}
#: how a published file names whoever signed off a theme
SIGNER_ROLE = "a team lead"


@dataclass(frozen=True)
class Release:
    title: str
    publisher: str = ""  # the department or team that publishes the findings
    contact: str = ""  # a mailbox or web page for questions
    title_set: bool = False  # False: the title is the project's name, never set


def release_details(project: Project) -> Release:
    """The title, publisher and contact the annex and report print (see the module notes)."""
    title = project.get_meta(_KEYS["title"]).strip()
    return Release(title or project.name, project.get_meta(_KEYS["publisher"]).strip(),
                   project.get_meta(_KEYS["contact"]).strip(), bool(title))


def set_release_details(project: Project, *, title: str | None = None, publisher: str | None = None,
                        contact: str | None = None) -> Release:
    """Change any of the three (``None``: leave it; ``""``: clear it), recorded in the audit trail."""
    given = {"title": title, "publisher": publisher, "contact": contact}
    changed = {k: " ".join(v.split()) for k, v in given.items() if v is not None}
    for key, value in changed.items():
        if len(value) > 300:
            raise ValueError(f"the {key} is {len(value)} characters long: at most 300")
    if changed:
        with project.transaction() as conn:
            for key, value in changed.items():
                conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
                             " value = excluded.value", (_KEYS[key], value))
            project.audit("set_release_details", "project", "", **changed)
    return release_details(project)


def signer(name: str | None, *, names: bool) -> str:
    """Who signed off a theme, as a file says it: their name in a working copy (``names``), else
    :data:`SIGNER_ROLE` (officials below senior level are not named in published statistics)."""
    return (name or "an unnamed reviewer") if names else SIGNER_ROLE


def staff_pseudonyms(project: Project) -> dict[str, str]:
    """How a published (redacted) file names each member of staff who coded, decided on a suggestion,
    or was given a copy to code: "Analyst 1", "Analyst 2", ... in the order of their names, the same
    in every published file (the annex's Agreement sheet, its notes, the redacted codings CSV)."""
    names = {r[0] for r in project.query(
        "SELECT coder FROM codings WHERE source != 'model' UNION SELECT decided_by FROM suggestions"
        " WHERE decided_by IS NOT NULL AND decided_by != '' UNION SELECT coder FROM team_set_aside"
        " UNION SELECT analyst FROM team_members UNION SELECT analyst FROM team_assignments")}
    ordered = sorted((n for n in names if n), key=lambda n: (n.casefold(), n))
    return {name: f"Analyst {i}" for i, name in enumerate(ordered, start=1)}


def review_statement(project: Project, *, names: bool = True) -> list[str]:
    """Plain sentences on what people reviewed and what is model output: themes per question
    (signed off by whom and when, edited, untouched), sectors by source, codings by who made them.
    ``names``: name who signed off (a working copy); else "a team lead" (a published file)."""
    lines: list[str] = []
    rows = project.query(
        "SELECT q.key, t.status, t.signed_off_by, MAX(t.signed_off_at), COUNT(*) FROM themes t"
        " JOIN questions q ON q.id = t.question_id GROUP BY q.id, t.status, t.signed_off_by"
        " ORDER BY q.position, q.key")
    per_question: dict[str, dict[str, list[tuple[str, str, int]]]] = {}
    for key, status, who, when, n in rows:
        per_question.setdefault(key, {}).setdefault(status, []).append((who, (when or "")[:10], n))
    signed_any = False
    for key, statuses in per_question.items():
        total = sum(n for parts in statuses.values() for _w, _d, n in parts)
        bits = []
        signers: dict[str, tuple[int, str]] = {}  # (published: every lead is "a team lead")
        for who, when, n in statuses.get("signed_off", []):
            signed_any, by = True, signer(who, names=names)
            signers[by] = (signers.get(by, (0, ""))[0] + n, max(when, signers.get(by, (0, ""))[1]))
        bits += [f"{n} signed off by {by}" + (f" on {when}" if when else "") for by, (n, when) in signers.items()]
        edited = sum(n for _w, _d, n in statuses.get("edited", []))
        candidates = sum(n for _w, _d, n in statuses.get("candidate", []))
        if edited:
            bits.append(f"{edited} edited by analysts but not signed off")
        if candidates:
            bits.append(f"{candidates} model output not reviewed")
        lines.append(f"{key}: {counted(total, 'theme')}: " + "; ".join(bits) + ".")
    if per_question and not signed_any:
        lines.insert(0, "No theme has been signed off by a team lead: the themes here are model output "
                        "or analysts' edits, not reviewed findings.")
    elif not per_question:
        lines.append("No themes have been discovered.")
    sources = {r[0]: r[1] for r in project.query("SELECT source, COUNT(*) FROM respondent_sector GROUP BY 1")}
    if sources:
        declared = ", ".join(attached.declared_sources(project).phrases())  # own or from an attached list
        lines.append(f"Sectors: {sources.get('analyst', 0):,} checked by an analyst, {declared}, "
                     f"{sources.get('rules', 0):,} from a keyword rule, "
                     f"{sources.get('model', 0):,} predicted by the sector model and not checked.")
    people = project.scalar(f"SELECT COUNT(*) FROM codings WHERE {BY_PEOPLE}")
    total_codings = project.scalar("SELECT COUNT(*) FROM codings")
    if total_codings:
        bulk = project.scalar(f"SELECT COUNT(*) FROM codings WHERE coder LIKE '%({IN_BULK},%'")
        in_bulk = (f" ({bulk:,} of them model suggestions accepted in bulk above a confidence, not read one by one)"
                   if bulk else "")
        lines.append(f"Codings: {people:,} made or accepted by analysts{in_bulk}; {total_codings - people:,} made by a "
                     "model (codes from themes) and not reviewed.")
    return lines


#: a title that already says what the document is: "...: summary of responses", "...: analysis of consultation
#: responses" (trial 41's title came out "...: analysis of consultation responses: summary of responses")
_SAYS_WHAT_IT_IS = re.compile(r"\b(summary|summaries|analysis|analyses|report|responses)\b", re.IGNORECASE)


def document_title(title: str, what: str) -> str:
    """A published document's title (its heading and its file's Title property): the title the lead set,
    with ": <what>" after it ("summary of responses", "annex of responses") only when the title does not
    already say what the document is; an annex's then ": annex"."""
    if not _SAYS_WHAT_IT_IS.search(title):
        return f"{title}: {what}"
    return f"{title}: annex" if what.startswith("annex") else title
