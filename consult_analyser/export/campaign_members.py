"""How a campaign's members are named wherever they are shown, as the published annex names them: the command
line's ``themes --campaigns`` and the app's Campaigns dialog both ask :func:`member_names` (one rule: a trial's
dialog still showed "Myself - Kevin Doyle" and an e-mail id that the command line no longer printed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from consult_analyser.export.csv_export import listed_organisation_rows
from consult_analyser.export.safety import make_redactor, respondent_labeller
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.campaigns import CampaignMember
from consult_analyser.store.project import Project


@dataclass(frozen=True)
class MemberName:
    """A campaign member as shown: their id as published, and the organisation's name where they answered for one
    that the annex lists ("" for anyone else)."""

    respondent: str
    organisation: str = ""

    def __str__(self) -> str:
        return f"{self.respondent} ({self.organisation})" if self.organisation else self.respondent


def member_names(project: Project) -> Callable[[CampaignMember], MemberName]:
    """How a campaign's member is named: as the published annex does. An organisation by its name as the annex's
    Organisations sheet lists it (a person's name in or beside it taken out, "Myself" or "me" never listed, nor a
    self-description beside a person's name, nor one that asked to be published anonymously or not at all); anyone
    else by their id alone, and an id holding personal data (an e-mail address, a name) as "respondent #N", as every
    published file shows it. (Worked out once for the project: it reads every respondent.)"""
    label = respondent_labeller(project, make_redactor(True))
    listed = {r.external_id: r.organisation for r in listed_organisation_rows(project, screen=True)}
    external = store_respondents.external_ids(project)

    def who(member: CampaignMember) -> MemberName:
        # (a mailbox message's place, "inbox.mbox#6", names nobody: shown as it is)
        return MemberName(label(member.external_id), listed.get(external.get(member.respondent_id, ""), ""))

    return who
