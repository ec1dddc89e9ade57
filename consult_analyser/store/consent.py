"""What each respondent said may be published: the choice read from a consultation's consent column
at import (see :class:`consult_analyser.domain.Publication`), or the one an analyst set since (a
request e-mailed after the consultation closed, a letter marked confidential, a column read
wrongly: :func:`set_choices`, run by :class:`consult_analyser.actions.consent.SetPublication`),
which the exports honour. A respondent who asked for anonymity is published without their name or
their organisation's; one who asked not to be published is counted but never quoted.

``respondents.publication`` is the choice that holds (what every export reads);
``publication_raw`` the consent cell as written, never changed; ``publication_imported`` the choice
the import read, kept once an analyst changes it (NULL until then), with ``publication_set_by``,
``publication_set_at`` and ``publication_reason``."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from consult_analyser.domain import CONSENT_HEADER, Publication, now_iso, publication_choice, read_publication_choice
from consult_analyser.label_words import describes_a_person
from consult_analyser.store.project import Project

ANONYMOUS = Publication.ANONYMOUS.value
NOT_FOR_PUBLICATION = Publication.NOT_FOR_PUBLICATION.value
#: choices that keep a respondent's name (and their organisation's) out of everything published
WITHHOLD_NAMES = (ANONYMOUS, NOT_FOR_PUBLICATION)


def _words(header: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", header) if not unicodedata.combining(c))
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|[_'’]", " ", text)
    return " ".join(text.lower().split()).rstrip(" ?:.*!")


def consent_key(keys: Iterable[str]) -> str:
    """The metadata key (a column's header) that asks whether the response may be published, or ""."""
    return next((k for k in keys if CONSENT_HEADER.search(_words(k))), "")


def backfill(conn: sqlite3.Connection) -> int:
    """Projects imported before the consent column was read kept it as information (metadata):
    read each respondent's choice from there (the upgrade to schema 7 runs this once, inside its
    transaction). Returns the number of respondents whose choice was found."""
    found = []
    for respondent_id, metadata in conn.execute(
            "SELECT id, metadata FROM respondents WHERE publication_raw = '' AND (metadata LIKE '%publi%'"
            " OR metadata LIKE '%confidential%' OR metadata LIKE '%anonym%')").fetchall():
        try:
            meta = json.loads(metadata or "{}")
        except ValueError:
            continue
        key = consent_key(meta) if isinstance(meta, dict) else ""
        value = str(meta.get(key, "")).strip() if key else ""
        if value:
            found.append((publication_choice(value, key).value, value, respondent_id))
    conn.executemany("UPDATE respondents SET publication = ?, publication_raw = ? WHERE id = ?", found)
    return len(found)


_LEGAL_FORM = re.compile(r"(,?\s+(gmbh|ag|kg|ohg|e\.?\s?v\.?|e\.?\s?u\.?|ltd\.?|limited|plc|llp|llc|inc\.?|sarl|sa|s\.a\.?"
                         r"|s\.a\.s\.?|sas|sprl|asbl|bv|b\.v\.|nv|n\.v\.|ab|oy|as|a/s|aps|spa|s\.p\.a\.|srl|s\.r\.l\."
                         r"|sp\.\s?j\.|sp\.\s?z\s?o\.o\.|koop\.\s?e\.|co-?op|cic))+$", re.I)


@dataclass(frozen=True)
class Withheld:
    """A respondent's names kept out of what is published: their organisation's and their own."""

    publication: str
    organisation: str
    name: str

    def whole_names(self) -> list[str]:
        """Their organisation's name and their own, each also without a legal form ("Bäckerei
        Zwiefelhofer" of "Bäckerei Zwiefelhofer GmbH"), longest first (a name inside another goes after it).
        What an individual wrote in the organisation box about themselves ("Parent", "Retired teacher",
        "N/A") names nobody: "As a parent, ..." stays as written."""
        body = self.organisation.strip()
        if describes_a_person(body) or _NO_ORGANISATION.fullmatch(body.strip(" .")):
            body = ""
        found = {n.strip() for n in (body, self.name) if len(n.strip()) >= 3}
        found |= {short for n in list(found) if len(short := _LEGAL_FORM.sub("", n).strip(" ,")) >= 3}
        return sorted(found, key=len, reverse=True)

    def name_parts(self) -> list[str]:
        """A person's name also as its parts ("Anna Kowalczyk": "Kowalczyk" alone in "the Kowalczyk
        family"), matched only as written with a capital: "Will Green" wrote of green energy."""
        return [p for p in self.name.split() if len(p) >= 4 and p[:1].isupper()]


def choice(project: Project, respondent_id: str) -> tuple[str, str]:
    """A respondent's publication choice and the consent cell as written (("unknown", "") if none)."""
    row = project.conn.execute("SELECT publication, publication_raw FROM respondents WHERE id = ?",
                               (respondent_id,)).fetchone()
    return (row[0], row[1]) if row else (Publication.UNKNOWN.value, "")


@dataclass(frozen=True)
class Choice:
    """A respondent's publication choice as it holds (a :class:`Publication` value), the consent cell
    as written and, when an analyst changed it, the choice the import read, who set it, when and why."""

    publication: str
    raw: str = ""
    imported: str | None = None
    set_by: str = ""
    set_at: str = ""
    reason: str = ""

    @property
    def changed(self) -> bool:
        """Set by an analyst (not as the import read it)."""
        return self.imported is not None


_CHOICE_COLUMNS = "publication, publication_raw, publication_imported, publication_set_by, publication_set_at, " \
                  "publication_reason"


def record(project: Project, respondent_id: str) -> Choice:
    """A respondent's publication choice with where it came from (not stated, if there is no such respondent)."""
    row = project.conn.execute(f"SELECT {_CHOICE_COLUMNS} FROM respondents WHERE id = ?", (respondent_id,)).fetchone()
    return Choice(*row) if row else Choice(Publication.UNKNOWN.value)


def choices(project: Project, publication: str | None = None, *, changed: bool = False) -> list[tuple[str, Choice]]:
    """(external id, :class:`Choice`) of every respondent in import order, or of those whose choice is
    ``publication``, or (``changed``) of those whose choice an analyst set."""
    where = []
    params: list[str] = []
    if publication is not None:
        where.append("publication = ?")
        params.append(publication)
    if changed:
        where.append("publication_imported IS NOT NULL")
    sql = f"SELECT external_id, {_CHOICE_COLUMNS} FROM respondents" + (
        " WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
    return [(r[0], Choice(*tuple(r)[1:])) for r in project.query(sql, params)]


def set_choices(project: Project, respondent_ids: list[str], publication: Publication | None, reason: str) -> int:
    """An analyst sets the publication choice of respondents (internal ids), with a reason, in one
    transaction and one audit row; ``None`` puts back the choice the import read. The consent cell as
    written is kept, and so is the choice the import read. Returns how many respondents changed.
    Raises ``ValueError`` for an empty reason or an unknown respondent (nothing is written then)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("give a reason for changing a publication choice (e.g. 'e-mail of 3 May asking to be "
                         "anonymous')")
    ids = list(dict.fromkeys(respondent_ids))
    if not ids:
        raise ValueError("no respondent given")
    at, changed, externals = now_iso(), 0, []
    with project.transaction() as conn:
        for respondent_id in ids:
            row = conn.execute("SELECT publication, publication_imported, external_id FROM respondents WHERE id = ?",
                               (respondent_id,)).fetchone()
            if row is None:
                raise ValueError(f"no respondent {respondent_id!r}")
            current, imported = row[0], row[1]
            externals.append(row[2])
            if publication is None:
                if imported is None:
                    continue  # as the import read it already
                conn.execute("UPDATE respondents SET publication = publication_imported, publication_imported = NULL,"
                             " publication_set_by = '', publication_set_at = '', publication_reason = ''"
                             " WHERE id = ?", (respondent_id,))
            else:
                conn.execute("UPDATE respondents SET publication = ?, publication_imported = ?, publication_set_by = ?,"
                             " publication_set_at = ?, publication_reason = ? WHERE id = ?",
                             (publication.value, current if imported is None else imported, project.actor, at, reason,
                              respondent_id))
            changed += 1
        project.audit("set_publication", "respondent", ids[0] if len(ids) == 1 else "",
                      publication=publication.value if publication else "as imported", reason=reason,
                      respondents=len(ids), external_ids=externals)
    return changed


def analyst_choices(project: Project) -> list[dict[str, str]]:
    """The publication choices analysts set (in an analyst's copy: what a merge carries to the lead)."""
    return [{"respondent_id": r[0], "publication": r[1], "imported": r[2], "set_by": r[3], "set_at": r[4],
             "reason": r[5]} for r in project.query(
        "SELECT id, publication, publication_imported, publication_set_by, publication_set_at, publication_reason"
        " FROM respondents WHERE publication_imported IS NOT NULL ORDER BY seq")]


def adopt_choice(project: Project, choice: dict[str, str]) -> bool:
    """Take an analyst's choice (see :func:`analyst_choices`) into this project, inside the caller's
    transaction, unless the choice here was set later or is the same. Returns whether it changed."""
    row = project.conn.execute("SELECT publication, publication_imported, publication_set_at FROM respondents"
                               " WHERE id = ?", (choice["respondent_id"],)).fetchone()
    if row is None or row[0] == choice["publication"] or (row[2] or "") >= choice["set_at"]:
        return False
    project.conn.execute(
        "UPDATE respondents SET publication = ?, publication_imported = ?, publication_set_by = ?,"
        " publication_set_at = ?, publication_reason = ? WHERE id = ?",
        (Publication(choice["publication"]).value, row[0] if row[1] is None else row[1], choice["set_by"],
         choice["set_at"], choice["reason"], choice["respondent_id"]))
    return True


def withheld(project: Project, respondent_ids: Iterable[str] | None = None) -> dict[str, Withheld]:
    """Respondent id -> their names, for respondents who asked for anonymity or not to be published
    (all of them, or those of ``respondent_ids``)."""
    sql = ("SELECT id, publication, organisation, name FROM respondents"
           f" WHERE publication IN ({','.join('?' * len(WITHHOLD_NAMES))})")
    if respondent_ids is None:
        rows = project.query(sql, WITHHOLD_NAMES)
    else:
        ids = list(dict.fromkeys(respondent_ids))
        rows = []
        for first in range(0, len(ids), 900):
            part = ids[first:first + 900]
            rows += project.query(sql + f" AND id IN ({','.join('?' * len(part))})", [*WITHHOLD_NAMES, *part])
    return {r[0]: Withheld(r[1], r[2] or "", r[3] or "") for r in rows}


def redact_names(text: str, who: Withheld, placeholder: str = "[name withheld]") -> str:
    """``text`` without the names of a respondent who asked for anonymity: whole names in any case, then
    their name's parts as written with a capital (see :meth:`Withheld.name_parts`)."""
    text = without_names(text, who.whole_names(), placeholder)
    for part in sorted(who.name_parts(), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", placeholder, text)
    return text


def counts(project: Project) -> dict[str, int]:
    """Respondents by publication choice (every choice present, 0 when none)."""
    found: dict[str, int] = {r[0]: r[1] for r in project.query(
        "SELECT publication, COUNT(*) FROM respondents GROUP BY publication")}
    return {p.value: int(found.get(p.value, 0)) for p in Publication}


def nobody_said(project: Project) -> bool:
    """True when the project holds respondents and not one publication choice: no consent column was
    read at import (none asked, or its header was not recognised), no letter asked, no analyst set one."""
    return bool(project.scalar("SELECT COUNT(*) FROM respondents")) and not project.scalar(
        "SELECT COUNT(*) FROM respondents WHERE publication != 'unknown' OR publication_raw != ''")


def statement(project: Project, threshold: int = 0) -> str:
    """The sentence the annex's Cover and the report's method notes give ("" when nobody asked):
    how many respondents asked for anonymity or not to be published, and that it was honoured (a
    count under the small-numbers ``threshold`` reads "fewer than 5", as in the tables)."""
    n = counts(project)
    anonymous, withheld_all = n[ANONYMOUS], n[NOT_FOR_PUBLICATION]
    if not (anonymous or withheld_all):
        return ""

    def number(count: int) -> str:
        said = f"fewer than {threshold}" if 0 < count < threshold else f"{count:,}"
        return f"{said} respondent{'s' if count != 1 or said.startswith('fewer') else ''}"

    parts = []
    if anonymous:
        parts.append(f"{number(anonymous)} asked to be published anonymously: "
                     "their names and their organisations' names are not listed, and are removed from any quote of "
                     "their answers")
    if withheld_all:  # an answer read as no clear choice (and no analyst's decision since)
        unread = sum(1 for (raw,) in project.query("SELECT publication_raw FROM respondents WHERE publication = ?"
                                                   " AND publication_imported IS NULL", (NOT_FOR_PUBLICATION,))
                     if read_publication_choice(raw) is None)
        parts.append(f"{number(withheld_all)} asked that their response not be "
                     "published" + (f" (of whom {number(unread)} wrote an answer to the consent question that reads "
                                    "as no clear choice, and are treated so)" if unread else "")
                     + ": their answers are counted in every figure but never quoted, and their names are "
                     "not listed")
    later = int(project.scalar("SELECT COUNT(*) FROM respondents WHERE publication IN (?, ?)"
                               " AND publication_imported IS NOT NULL", WITHHOLD_NAMES) or 0)
    if later:  # an analyst's change (a request made later, a letter marked confidential)
        plural = later != 1 or 0 < later < threshold
        parts.append(f"the choice{'s' if plural else ''} of {number(later)} {'were' if plural else 'was'} recorded "
                     "by an analyst after the import (a request made later, or the respondent's answer to the "
                     "consent question read again)")
    return "Publication consent: " + "; ".join(parts) + ". These choices were honoured throughout."


def withheld_by_external(project: Project) -> dict[str, Withheld]:
    """As :func:`withheld`, by the respondent id of the imported file (what export rows carry)."""
    rows = project.query("SELECT external_id, publication, organisation, name FROM respondents"
                         f" WHERE publication IN ({','.join('?' * len(WITHHOLD_NAMES))})", WITHHOLD_NAMES)
    return {r[0]: Withheld(r[1], r[2] or "", r[3] or "") for r in rows}


def withheld_names(project: Project) -> list[str]:
    """The organisations' names and people's full names of every respondent who asked for anonymity or
    not to be published (each with its organisation's name without its legal form too), longest first."""
    found = {name for who in withheld(project).values() for name in who.whole_names()}
    return sorted(found, key=len, reverse=True)


#: what an individual types into the organisation box that names no organisation
_NO_ORGANISATION = re.compile(r"(?:n\s*/\s*a|not applicable|none|prefer not to say|(?:a\s+)?private individual|myself|self"
                              r"|(?:a\s+)?member of the public|(?:a\s+)?(?:local\s+)?resident|personal(?: response)?|retired)",
                              re.I)


def withheld_organisations(project: Project) -> list[str]:
    """The organisations' names of respondents who asked for anonymity or not to be published, to be
    taken out of anyone's published words as out of theme labels ("As a member of Greenhill Residents'
    Association ...": a campaign's wording, a member's quote): a name of two or more words, with and
    without its legal form, longest first; a one-word entry ("None", "Resident") too often names none."""
    found: set[str] = set()
    for who in withheld(project).values():
        if len(who.organisation.split()) >= 2 and not _NO_ORGANISATION.fullmatch(who.organisation.strip(" .")) \
                and not describes_a_person(who.organisation):  # "Retired teacher" names no body: kept in others' words
            found |= {n for n in Withheld(who.publication, who.organisation, "").whole_names() if len(n.split()) >= 2}
    return sorted(found, key=len, reverse=True)


def without_names(text: str, names: list[str], placeholder: str = "[name withheld]") -> str:
    """``text`` without any of ``names`` (whole words, any case); a quick substring test first, as a
    consultation may hold thousands of them."""
    low = text.casefold()
    for name in names:
        if name.casefold() in low:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", placeholder, text, flags=re.IGNORECASE)
    return text
