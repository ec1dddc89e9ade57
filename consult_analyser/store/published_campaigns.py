"""Campaigns as published: their counts and standard wording, taken from a sender who may be
published (see :func:`campaigns`), for the annex's Campaigns sheet, the report's table and the CSV
of campaign members."""

from __future__ import annotations

from dataclasses import dataclass

from consult_analyser.letter_text import theme_text
from consult_analyser.store.campaigns import label_for
from consult_analyser.store.consent import withheld_organisations, without_names
from consult_analyser.store.project import Project


@dataclass
class CampaignRow:
    id: str
    label: str
    question_key: str
    members: int
    respondents: int
    canonical_text: str


#: the standard wording of a campaign whose every sender asked not to be published, as published
CAMPAIGN_WORDING_WITHHELD = "[wording withheld: everyone who sent it asked that their response not be published]"


def campaigns(project: Project) -> list[CampaignRow]:
    """Every campaign with its counts and standard wording as published.

    The wording is that of the campaign's canonical answer when its sender may be published, else
    of the member closest to it whose sender may be (a campaign is found among near-copies, so this
    is the same standard wording written by someone who agreed to publication); withheld
    (:data:`CAMPAIGN_WORDING_WITHHELD`) when no sender may be published; the name of an organisation
    that asked for anonymity is taken out of it, as out of theme labels and quotes. A letter's greeting and
    its sign-off with everything under it (name, job, address) are left out (:func:`letter_body`).
    """
    rows = project.query(
        "SELECT c.id, c.label, COALESCE(q.key, ''), COUNT(m.response_id), COUNT(DISTINCT r.respondent_id),"
        " COALESCE(cr.text, ''), SUM(p.publication != 'not_for_publication'),"
        " (SELECT r2.text FROM campaign_members m2 JOIN responses r2 ON r2.id = m2.response_id"
        "  JOIN respondents p2 ON p2.id = r2.respondent_id"
        "  WHERE m2.campaign_id = c.id AND p2.publication != 'not_for_publication'"
        "  ORDER BY m2.response_id = (SELECT c2.canonical_response_id FROM campaigns c2 WHERE c2.id = m2.campaign_id)"
        "  DESC, m2.similarity DESC, length(r2.text), r2.id"
        "  LIMIT 1) FROM campaigns c"
        " LEFT JOIN questions q ON q.id = c.question_id"
        " LEFT JOIN campaign_members m ON m.campaign_id = c.id LEFT JOIN responses r ON r.id = m.response_id"
        " LEFT JOIN respondents p ON p.id = r.respondent_id"
        " LEFT JOIN responses cr ON cr.id = c.canonical_response_id"
        " GROUP BY c.id ORDER BY COUNT(m.response_id) DESC, c.label")
    out = []
    bodies = withheld_organisations(project)  # as theme labels: no body that asked for anonymity is named
    for r in rows:
        label, canonical = r[1], r[5]
        made = label == label_for(canonical)  # the label the app made quotes the wording; an analyst's own stands
        if r[3] and not r[6]:
            text = CAMPAIGN_WORDING_WITHHELD
        else:
            # (without the sentence that says whose response it was: a trial's campaign of bodies whose answers matched
            # after their openings was published under one body's "This is the response of ...")
            text = theme_text(r[7] if r[7] is not None else canonical)
        # (the label's first words counted as written, as the theme's label above its quotes)
        label, text = without_names(label_for(text) if made else label, bodies), without_names(text, bodies)
        out.append(CampaignRow(r[0], label, r[2], r[3], r[4], text))
    return out


def replaced_wordings(project: Project) -> list[tuple[str, str]]:
    """(canonical answer as written, wording as published) for the campaigns whose canonical
    answer's sender asked not to be published: another member's wording, or
    :data:`CAMPAIGN_WORDING_WITHHELD` when no sender may be published."""
    published = {r.id: r.canonical_text for r in campaigns(project)}
    return [(r[1], published[r[0]]) for r in project.query(
        "SELECT c.id, cr.text FROM campaigns c JOIN responses cr ON cr.id = c.canonical_response_id"
        " JOIN respondents p ON p.id = cr.respondent_id WHERE p.publication = 'not_for_publication'")
        if r[0] in published]
