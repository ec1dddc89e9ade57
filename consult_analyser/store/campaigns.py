"""Organised campaigns: groups of (near-)identical answers to one question.

Campaign members count in every total, but only the campaign's canonical answer is clustered
into themes; the theme found for it is then given to every member. Re-detecting a question's
campaigns replaces them; a campaign whose canonical answer is unchanged keeps its id and label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from consult_analyser.domain import new_id, now_iso
from consult_analyser.store.letter_names import shown_id_sql
from consult_analyser.store.organisations import organisation_names
from consult_analyser.store.project import Changes, Project
from consult_analyser.store.themes import HAS_TEXT


@dataclass
class NewCampaign:
    """A detected campaign: its canonical answer and every member (canonical included) with its
    similarity to the canonical text."""

    canonical_response_id: str
    members: list[tuple[str, float]]
    label: str = ""


@dataclass
class CampaignInfo:
    id: str
    question_id: str | None
    question_key: str
    label: str
    canonical_response_id: str | None
    canonical_text: str
    members: int  # answers in the campaign (= respondents, one answer per respondent and question)
    created_at: str
    member_ids: list[str] = field(default_factory=list)


def label_for(text: str, words: int = 10) -> str:
    """A readable campaign label from its canonical text: 'Campaign: "first words ..."'."""
    parts = text.split()
    quote = " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
    return f'Campaign: "{quote}"'


def replace_campaigns(project: Project, question_id: str, campaigns: Sequence[NewCampaign]) -> Changes:
    """Store the campaigns detected in one question's answers, replacing earlier ones."""
    previous = {r[0]: (r[1], r[2]) for r in project.query(
        "SELECT canonical_response_id, id, label FROM campaigns WHERE question_id = ?", (question_id,))}
    texts: dict[str, str] = {}
    ids = [c.canonical_response_id for c in campaigns]
    for start in range(0, len(ids), 900):
        part = ids[start:start + 900]
        texts.update((r[0], r[1]) for r in project.query(
            f"SELECT id, text FROM responses WHERE id IN ({','.join('?' * len(part))})", part))
    changes = Changes({"campaigns", "campaign_members"})
    now = now_iso()
    with project.transaction() as conn:
        changes.ids.extend(r[0] for r in project.query("SELECT id FROM campaigns WHERE question_id = ?",
                                                       (question_id,)))
        conn.execute("DELETE FROM campaigns WHERE question_id = ?", (question_id,))
        for c in campaigns:
            campaign_id, label = previous.get(c.canonical_response_id, (new_id(), ""))
            label = c.label or label or label_for(texts.get(c.canonical_response_id, ""))
            conn.execute("INSERT INTO campaigns(id, question_id, label, canonical_response_id, created_at)"
                         " VALUES (?, ?, ?, ?, ?)", (campaign_id, question_id, label, c.canonical_response_id, now))
            conn.executemany("INSERT OR IGNORE INTO campaign_members(campaign_id, response_id, similarity)"
                             " VALUES (?, ?, ?)", [(campaign_id, r, float(s)) for r, s in c.members])
            changes.ids.append(campaign_id)
        project.audit("detect_campaigns", "question", question_id, campaigns=len(campaigns),
                      members=sum(len(c.members) for c in campaigns))
    return changes


def list_campaigns(project: Project, question_id: str | None = None, *, with_members: bool = False) -> list[CampaignInfo]:
    """Campaigns (of one question, or all), largest first."""
    where, params = ("WHERE c.question_id = ?", [question_id]) if question_id else ("", [])
    rows = project.query(
        "SELECT c.id, c.question_id, COALESCE(q.key, ''), c.label, c.canonical_response_id, COALESCE(r.text, ''),"
        " (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id) AS n, c.created_at"
        " FROM campaigns c LEFT JOIN questions q ON q.id = c.question_id"
        f" LEFT JOIN responses r ON r.id = c.canonical_response_id {where}"
        " ORDER BY n DESC, q.position, c.label", params)
    out = [CampaignInfo(*tuple(r)) for r in rows]
    if with_members:
        for c in out:
            c.member_ids = member_ids(project, c.id)
    return out


def stored_groups(project: Project, question_id: str) -> list[NewCampaign]:
    """A question's stored campaigns in the form :func:`replace_campaigns` takes (to reuse them)."""
    out: dict[str, NewCampaign] = {}
    for r in project.query(
            "SELECT c.id, c.canonical_response_id, c.label, m.response_id, m.similarity FROM campaigns c"
            " JOIN campaign_members m ON m.campaign_id = c.id WHERE c.question_id = ? AND"
            " c.canonical_response_id IS NOT NULL ORDER BY c.rowid, m.rowid", (question_id,)):
        out.setdefault(r[0], NewCampaign(r[1], [], r[2])).members.append((r[3], float(r[4])))
    return list(out.values())


def member_ids(project: Project, campaign_id: str) -> list[str]:
    """Answer ids of a campaign's members, in import order."""
    return [r[0] for r in project.query(
        "SELECT m.response_id FROM campaign_members m JOIN responses r ON r.id = m.response_id"
        " WHERE m.campaign_id = ? ORDER BY r.seq", (campaign_id,))]


def membership(project: Project, question_id: str) -> dict[str, str]:
    """Answer id -> campaign id, for a question's campaign members."""
    return {r[0]: r[1] for r in project.query(
        "SELECT m.response_id, m.campaign_id FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id"
        " WHERE c.question_id = ?", (question_id,))}


def canonical_answers(project: Project, question_id: str) -> dict[str, str]:
    """Answer id -> its campaign's canonical answer id, for a question's campaign members."""
    return {r[0]: r[1] for r in project.query(
        "SELECT m.response_id, c.canonical_response_id FROM campaign_members m JOIN campaigns c"
        " ON c.id = m.campaign_id WHERE c.question_id = ? AND c.canonical_response_id IS NOT NULL", (question_id,))}


def campaign_share(project: Project, question_id: str) -> tuple[int, int]:
    """(answers in campaigns, answers with free text) for a question."""
    inside = project.scalar("SELECT COUNT(DISTINCT m.response_id) FROM campaign_members m JOIN campaigns c"
                            " ON c.id = m.campaign_id WHERE c.question_id = ?", (question_id,))
    answered = project.scalar("SELECT COUNT(*) FROM responses WHERE question_id = ? AND "
                              + HAS_TEXT.format(col="text"), (question_id,))
    return int(inside or 0), int(answered or 0)


#: how much of a campaign's standard wording an overview quotes
WORDING_CHARS = 200


@dataclass
class CampaignMember:
    """One answer in a campaign: whose it is (the id as imported; an organisation's name only where
    :func:`~consult_analyser.store.organisations.organisation_names` gives one, never a person's), and how
    similar it is to the standard wording (1.0: the wording itself, or a word-for-word copy)."""

    response_id: str
    respondent_id: str  # the project's own id (to open the respondent in the Reader)
    external_id: str  # as shown (the id as imported; a mailbox message's place in it, "inbox.mbox#6")
    organisation: str
    similarity: float
    canonical: bool  # the answer the standard wording was taken from

    @property
    def who(self) -> str:
        return f"{self.external_id} ({self.organisation})" if self.organisation else self.external_id


@dataclass
class CampaignOverview:
    """A campaign as an analyst inspects it before it goes into the annex (:func:`campaign_overview`)."""

    info: CampaignInfo
    wording: str  # the opening of the standard wording, on one line
    themes: list[str]  # the labels of the themes the standard wording is in
    members: list[CampaignMember]

    @property
    def similarities(self) -> tuple[float, float]:
        """(lowest, median) similarity of the members to the standard wording."""
        values = sorted(m.similarity for m in self.members)
        if not values:
            return 1.0, 1.0
        middle = len(values) // 2
        median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
        return values[0], median


def opening(text: str, limit: int = WORDING_CHARS) -> str:
    """The first ``limit`` characters of a text on one line, cut at a word, with " …" when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit + 1] else flat[:limit]
    return cut.rstrip(" ,;:") + " …"


def campaign_overview(project: Project, question_id: str | None = None) -> list[CampaignOverview]:
    """The campaigns (of one question, or all), largest first, each with the opening of its standard wording,
    the themes it is in, and its members in import order (the app's Campaigns dialog and ``themes --campaigns``)."""
    out: list[CampaignOverview] = []
    for info in list_campaigns(project, question_id):
        rows = project.query(
            f"SELECT m.response_id, r.respondent_id, COALESCE({shown_id_sql('p')}, ''), m.similarity FROM campaign_members m"
            " JOIN responses r ON r.id = m.response_id LEFT JOIN respondents p ON p.id = r.respondent_id"
            " WHERE m.campaign_id = ? ORDER BY r.seq", (info.id,))
        names = organisation_names(project, [r[1] for r in rows])
        members = [CampaignMember(r[0], r[1], r[2], names.get(r[1], ""), float(r[3]),
                                  r[0] == info.canonical_response_id) for r in rows]
        themes = [r[0] for r in project.query(
            "SELECT t.label FROM theme_assignments a JOIN themes t ON t.id = a.theme_id WHERE a.response_id = ?"
            " ORDER BY a.confidence DESC, t.label", (info.canonical_response_id,))] if info.canonical_response_id else []
        info.member_ids = [m.response_id for m in members]
        out.append(CampaignOverview(info, opening(info.canonical_text), themes, members))
    return out
