"""The name a user knows a letter's writer by, and the names that find them.

A mailbox's messages are imported under their Message-ID ("179665226455.15822.85362@gmail.com": the
same respondent when the mailbox is imported again), but the import's warnings, the dry run and the
letters' file names call a message by its place in the mailbox ("consultation_mailbox.mbox#6"). Where a
user sees a document (the Reader, search results, ``letters --show``) the respondent is named by that
place, and every command that takes a document or respondent accepts either name.

Only a respondent the mailbox message brought is named so: one whose first document is the message
(a survey's respondent who also e-mailed keeps the survey's id; an e-mail's writer who wrote again keeps
the first e-mail's name).
"""

from __future__ import annotations

from collections.abc import Iterable

from consult_analyser.store.project import Project


def shown_id_sql(alias: str = "p") -> str:
    """An SQL expression for the name shown for the respondent row ``alias`` of ``respondents``: its
    first document's place in a mailbox ("x.mbox#6"), when a mailbox message brought it, else its id as
    imported."""
    return (f"COALESCE((SELECT CASE WHEN d.filename GLOB '*#[0-9]*' AND {alias}.channel != 'online' THEN d.filename END"
            f" FROM documents d WHERE d.respondent_id = {alias}.id AND d.parent_id IS NULL ORDER BY d.seq LIMIT 1),"
            f" {alias}.external_id)")


def shown_ids(project: Project, respondent_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Internal id -> the name shown (:func:`shown_id_sql`) of these respondents (or of all)."""
    sql = f"SELECT p.id, {shown_id_sql('p')} FROM respondents p"
    if respondent_ids is None:
        return {r[0]: r[1] for r in project.query(sql)}
    ids = list(dict.fromkeys(respondent_ids))
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update({r[0]: r[1] for r in project.query(sql + f" WHERE p.id IN ({','.join('?' * len(chunk))})", chunk)})
    return out


def shown_id(project: Project, respondent_id: str) -> str:
    """The name shown for one respondent (its internal id when there is none)."""
    return shown_ids(project, [respondent_id]).get(respondent_id, respondent_id)


def other_name(project: Project, respondent_id: str) -> str:
    """The respondent's id as imported (a mailbox message's Message-ID) when it is shown by another name,
    else ""."""
    row = project.conn.execute(f"SELECT p.external_id, {shown_id_sql('p')} FROM respondents p WHERE p.id = ?",
                               (respondent_id,)).fetchone()
    return row[0] if row is not None and row[0] != row[1] else ""


def respondents_named(project: Project, name: str) -> list[str]:
    """The internal ids of the respondents ``name`` names: their internal id or id as imported (a
    Message-ID), else the file name of one of their documents ("consultation_mailbox.mbox#6",
    "letter.eml"), in import order; [] when none."""
    name = name.strip()
    if not name:
        return []
    exact = project.query("SELECT id FROM respondents WHERE id = ? OR external_id = ?", (name, name))
    if exact:
        return [exact[0][0]]
    return [r[0] for r in project.query(
        "SELECT p.id FROM respondents p WHERE EXISTS (SELECT 1 FROM documents d WHERE d.respondent_id = p.id"
        " AND d.filename = ?) ORDER BY p.seq", (name,))]


def imported_id(project: Project, name: str) -> str:
    """The id as imported of the respondent ``name`` names (:func:`respondents_named`: "mail.mbox#6" ->
    its Message-ID), for the commands that look respondents up by that id; ``name`` itself when it is
    an id as imported already, or names no one respondent (the command then says it knows no such id)."""
    if project.scalar("SELECT 1 FROM respondents WHERE external_id = ?", (name,)):
        return name
    found = respondents_named(project, name)
    if len(found) != 1:
        return name
    return str(project.scalar("SELECT external_id FROM respondents WHERE id = ?", (found[0],)))
