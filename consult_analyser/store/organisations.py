"""The responding organisations behind the annex's Organisations sheet and table (read-only):
respondents who answered for an organisation, by the organisation field or, where a consultation
asks only for the "submitter", by the name (see :func:`organisations`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consult_analyser.label_words import describes_a_person, names_no_organisation
from consult_analyser.store.project import Project
from consult_analyser.store.reporting import (
    NAME_SIDE,
    RESPONDENT_SIDE,
    RESPONDENT_SIDE_FROM,
    SECTOR_JOIN,
    SECTOR_SIDE,
    UNCLASSIFIED,
)
from consult_analyser.store.reporting import individual_sectors as individual_sectors_of
from consult_analyser.store.respondents import NOT_SET, organisation_marks


@dataclass
class OrganisationRow:
    external_id: str
    organisation: str
    sector: str
    region: str
    channel: str
    declared: bool = False  # the respondent said they answer for an organisation
    person: str = ""  # the respondent's own name (from the name column), to tell it from the organisation's


def declared_organisation_ids(project: Project) -> set[str]:
    """External ids of respondents whose organisation sector they declared or an analyst set (a declared
    sector whose label says neither side, as the name they gave says)."""
    return {r[0] for r in project.query(
        "SELECT p.external_id FROM respondents p JOIN respondent_sector rs ON rs.respondent_id = p.id"
        " JOIN sectors s ON s.key = rs.sector_key WHERE rs.source IN ('declared', 'analyst')"
        f" AND COALESCE({NAME_SIDE}, {SECTOR_SIDE}, p.is_organisation) = 1")}


def organisation_names(project: Project, respondent_ids: Sequence[str]) -> dict[str, str]:
    """Respondent id -> the name of the organisation they answered for, for those of ``respondent_ids`` who
    answer for one (as the Cover counts them: as an analyst set or confirmed, else as declared, ...) and wrote
    its name in the organisation box. Never a person's name: an individual, a box that names no organisation
    ("N/A", "Myself") or describes its writer ("Retired teacher"), and an organisation that asked to be
    published anonymously or not at all are left out (shown by their ids)."""
    names: dict[str, str] = {}
    wanted = list(dict.fromkeys(respondent_ids))
    for first in range(0, len(wanted), 900):
        part = wanted[first:first + 900]
        for respondent_id, organisation in project.query(
                f"SELECT p.id, TRIM(p.organisation){RESPONDENT_SIDE_FROM} WHERE p.id IN ({','.join('?' * len(part))})"
                f" AND TRIM(p.organisation) != '' AND {RESPONDENT_SIDE} = 1"
                " AND p.publication NOT IN ('anonymous', 'not_for_publication')", part):
            if not names_no_organisation(organisation) and not describes_a_person(organisation):
                names[respondent_id] = organisation
    return names


def organisations(project: Project, by_name: bool = False, withheld: bool = False) -> list[OrganisationRow]:
    """Responding organisations (never individuals): respondents with an organisation name that did
    not declare themselves individuals and whose sector is not an individuals' sector (unless they said or
    named an organisation: a role's label, "Farmer or grower", holds farms and farmers).

    ``by_name``: instead, such respondents with no organisation field but a name (a "submitter"
    column holds organisations and people alike), the name standing for the organisation. Only a
    caller that can tell an organisation's name from a person's should list them. A respondent whose organisation's
    name an analyst set or confirmed (:func:`~consult_analyser.store.respondents.organisation_marks`) is listed by
    that name, or not at all where they said there is none: never by their own name.

    A respondent who asked to be published anonymously, or not at all, is never listed (``withheld``:
    only those are given, to be counted)."""
    individual_sectors = sorted(individual_sectors_of(project))
    # before any sector run there are no individuals' sectors: nothing to leave out ("NOT IN ('')"
    # left out every respondent without a sector, so no organisation was listed)
    marks = ",".join("?" * len(individual_sectors)) or "'(no sector)'"
    if by_name:  # classified as an organisation: an unclassified name may be anyone's
        field, where = "p.name", "TRIM(p.organisation) = '' AND TRIM(p.name) != '' AND rs.sector_key IS NOT NULL"
        # where the file asked for an organisation apart, one left blank says the name is a person's
        # (farmers filed under an organisations' sector were listed by their own names)
        # (a name an analyst set says nothing of what the file asked)
        where += (" AND p.import_id NOT IN (SELECT DISTINCT import_id FROM respondents"
                  f" WHERE TRIM(organisation) != '' AND organisation != name AND import_id IS NOT NULL AND {NOT_SET})")
    else:
        field, where = "p.organisation", "TRIM(p.organisation) != ''"
    rows = project.query(
        f"SELECT p.external_id, {field}, COALESCE(rs.sector_key, ?) AS sector, p.region, p.channel,"
        " COALESCE(p.is_organisation, 0) = 1 AS declared, p.name"
        " FROM respondents p" + SECTOR_JOIN +
        f" WHERE {where} AND COALESCE(p.is_organisation, {NAME_SIDE}, 1) = 1"
        f" AND p.publication {'IN' if withheld else 'NOT IN'} ('anonymous', 'not_for_publication')"
        # (a declared "Other" is an individuals' sector, or an organisations', as most who chose it are: the
        # name each gave says their own side)
        # a respondent who said or named an organisation under a role's label ("Farmer or grower": a farm
        # business or a farmer) is counted as one on the Cover, and listed here
        f" AND (COALESCE(rs.sector_key, '') NOT IN ({marks}) OR {NAME_SIDE} = 1 OR p.is_organisation = 1)"
        # an analyst who set an individuals' sector, or a box that said "Myself" or "Retired teacher" under a
        # ticked "organisation", overrules the tick (as the Cover counts them)
        f" AND NOT (COALESCE(rs.sector_key, '') IN ({marks}) AND (rs.source = 'analyst'"
        "           OR rs.detail = 'rule:organisation_box_names_a_person'))"
        f" ORDER BY sector, {field} COLLATE NOCASE", [UNCLASSIFIED, *individual_sectors, *individual_sectors])
    marked = organisation_marks(project)  # the analyst's word, as set: neither a description nor a name column
    return [OrganisationRow(r[0], r[1], r[2], r[3], r[4], declared=bool(r[5]), person=r[6] or "") for r in rows
            if r[0] in marked and not by_name or r[0] not in marked and not describes_a_person(r[1])]


def withheld_organisations(project: Project) -> int:
    """Organisations (as :func:`organisations` tells them) that asked for anonymity or not to be published:
    not listed. Individuals who wrote "Retired teacher" in the organisation box are not counted."""
    return len(organisations(project, withheld=True))
