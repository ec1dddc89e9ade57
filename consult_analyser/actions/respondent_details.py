"""An analyst sets or confirms the name of the organisation a respondent answered for: an undoable operation
(Sector review's respondent card, the ``organisation`` command).

The annex's Organisations sheet lists each responding organisation by the name the import read (a survey's
organisation box; for a letter its sender, signature or letterhead), and holds back a name that may be a
person's (:func:`consult_analyser.export.safety.responding_organisations`). That name can be wrong (a letter's
title, "Cisco Systems, Inc. Comments") or a company's that reads as a person's ("Concordia Vox"). The lead who
answers for every line of the annex corrects or confirms it here: the name is then published as set (the
analyst's decision that it names an organisation), unless it holds contact data, which is refused. An empty
name says the respondent answered for no organisation: they are not listed as one. Who set it and when is kept
with the respondent (:data:`consult_analyser.store.respondents.ORGANISATION_SET_BY`), the name it had in the
audit; neither a later sector run nor a later import of the same respondents changes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from consult_analyser.actions.base import Operation
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.journal import JournalScope, JournalTable
from consult_analyser.store.project import Changes, Project

#: the respondent's organisation (that column only: undo leaves the rest of the row as it is; the analyst's mark
#: in their details is put back by the operation, the details imported since kept); reported as "respondents",
#: whose names every view shows
ORGANISATION_NAME = JournalScope("organisation_name", {
    "respondents": JournalTable(("id",), columns=("organisation",), report_as="respondents"),
})

#: the reasons :func:`held_organisations` gives
CONTACT_DATA = "holds contact data (an e-mail address, a phone number or a street address)"
PERSON_SHAPED = "looks like a person's name or a list of people, or names a person beside the organisation"
NAME_ONLY = ("only a name was given (no organisation box), which may be a person's; the model filed it under an "
             "organisation's sector")


def checked_name(name: str, who: str = "") -> str:
    """``name`` as it is set (spaces collapsed; "" for none), or ``ValueError`` saying why it cannot be: a name
    with contact data (an e-mail address, a phone number) would publish it. ``who``: the respondent, named in
    the message."""
    from consult_analyser.pipeline.pii import find_pii

    name = " ".join(name.split())
    found = find_pii(name, names=False)
    if found:
        kinds = sorted({span.kind.replace("_", " ") for span in found})
        raise ValueError(f"the organisation name {name!r}{' for ' + who if who else ''} holds contact data "
                         f"({', '.join(kinds)}) that the annex would publish: give the organisation's name alone")
    return name


class SetOrganisationName(Operation):
    """Set the name of the organisation one respondent (internal id) answered for, as confirmed by the current
    user ("" : they answered for none); refused (``ValueError``) when it holds contact data."""

    action = "set_organisation_name"
    scope = ORGANISATION_NAME

    def __init__(self, respondent_id: str, name: str, *, who: str = "") -> None:
        super().__init__()
        self.respondent_id = respondent_id
        self.name = checked_name(name, who)
        self.before = ""  # the name it had
        self._marks: tuple[store_respondents.Mark | None, store_respondents.Mark | None] = (None, None)

    @property
    def label(self) -> str:
        return "Set organisation name" if self.name else "Clear organisation name"

    def apply(self, project: Project) -> Changes:
        redo = self._redo is not None
        with project.transaction():  # the name (journalled) and the mark, as one
            changes = super().apply(project)
            if redo:
                store_respondents.put_organisation_mark(project, self.respondent_id, self._marks[1])
        return changes

    def revert(self, project: Project) -> Changes:
        with project.transaction():
            changes = super().revert(project)
            store_respondents.put_organisation_mark(project, self.respondent_id, self._marks[0])
        return changes

    def _do(self, project: Project) -> None:
        self.before, before, now = store_respondents.set_organisation_name(project, self.respondent_id, self.name)
        self._marks = (before, now)


@dataclass(frozen=True)
class HeldName:
    """A name the annex's Organisations sheet leaves out, for an analyst to confirm or correct."""

    external_id: str
    name: str
    reason: str


def held_organisations(project: Project) -> list[HeldName]:
    """The names the annex's Organisations sheet would hold back (as the redacted annex screens them), and why,
    then those left out until an analyst confirms them (a bare name the model filed under an organisation's
    sector), in the sheet's order."""
    from consult_analyser.export.safety import responding_organisations, unconfirmed_by_name
    from consult_analyser.pipeline.pii import has_pii

    _listed, held = responding_organisations(project, screen=True)
    out = [HeldName(r.external_id, r.organisation, CONTACT_DATA if has_pii(r.organisation, names=False)
                    else PERSON_SHAPED) for r in held]
    shown = {h.external_id for h in out}
    out += [HeldName(r.external_id, r.organisation, NAME_ONLY) for r in unconfirmed_by_name(project)
            if r.external_id not in shown]
    return out


def why_not_listed(project: Project, respondent_id: str) -> str:
    """Why the respondent's organisation's name, which an analyst set, is not on the Organisations sheet ("" when
    it is, or was cleared): their publication choice or their side, which the name does not change."""
    from consult_analyser.store import organisations as store_organisations

    mark = store_respondents.organisation_marks(project, respondent_id)
    if not mark or not next(iter(mark.values())).organisation:
        return ""
    external_id = next(iter(mark))
    if any(r.external_id == external_id for r in store_organisations.organisations(project)):
        return ""
    if any(r.external_id == external_id for r in store_organisations.organisations(project, withheld=True)):
        return "they asked to be published anonymously or not at all, so no organisation of theirs is named"
    return "they answered as an individual, or their sector is one of individuals"
