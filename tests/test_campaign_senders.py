"""A campaign is many respondents sending copies of one standard wording: the parts of one submission are none.

A trial on US rulemaking comments listed two "campaigns": one organisation's upload in 46 parts ("... The Pew
Charitable Trusts Comment Submission 34 Of 46", 45 answers alike but for the part number, 4-gram cosine
0.88-0.99) and 40 uploads of one organisation (National Jewish Health) each described by the same line of
authors ("Barker Elizabeth A, National Jewish Health; ..."): the finder compared texts only, so a sender's
repeats and a submission's numbered parts counted as many respondents' copies."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.pipeline.themes.campaigns import find_campaigns, sender_key
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store.project import Project
from tests.test_campaigns import TEMPLATE, edited, varied
from tests.test_themes_store import StandInModel, WordEmbedder

PARTS = "Re: Comments On Amendment 7 To The Hms Fmp The Pew Charitable Trusts Comment Submission {n} Of 46"
AUTHORS = "; ".join(["Barker Elizabeth A, National Jewish Health"] * 5)


def test_a_submission_numbered_in_parts_is_no_campaign():
    rng = random.Random(5)
    parts = [PARTS.format(n=n) + (" With Attachment" if n % 7 == 0 else "") for n in range(1, 46)]
    assert find_campaigns(parts + varied(60, rng)) == []
    # the same wording numbered alike in every copy ("part 1 of 3" of a template) is still a campaign
    copies = [edited(TEMPLATE + " This is part 1 of 3 of our response.", rng, f"Person {i}") for i in range(30)]
    (campaign,) = find_campaigns(copies + varied(60, rng))
    assert campaign.size == 30


def test_one_senders_repeats_are_no_campaign_but_many_senders_copies_are():
    rng = random.Random(6)
    texts = [AUTHORS] * 39 + [AUTHORS.replace("Elizabeth", "Elizabehth")] + varied(60, rng)
    senders = ["National Jewish Health"] * 40 + [f"Person {i}" for i in range(60)]
    assert len(find_campaigns(texts)) == 1  # texts alone: 40 alike
    assert find_campaigns(texts, senders=senders) == []
    # a campaign's copies from many people, some unnamed or "Anonymous", and one who sent it twice
    copies = [edited(TEMPLATE, rng, f"Person {i}") for i in range(30)]
    senders = [f"Person {i}" for i in range(20)] + [""] * 5 + ["Anonymous", "anonymous."] + ["Person 1"] * 3
    (campaign,) = find_campaigns(copies + varied(60, rng), senders=senders + [""] * 60)
    assert campaign.size == 30
    # but 30 copies from five senders are five submissions, fewer than a campaign needs (20)
    assert find_campaigns(copies, senders=[f"Org {i % 5}" for i in range(30)], min_size=20) == []


def test_sender_key():
    assert sender_key("The Pew Charitable Trusts.") == sender_key("the pew charitable trusts") != ""
    for nobody in ("", "Anonymous", "N/A", "Unknown", "Mass Comment Campaign Sponsoring Organization Unknown.",
                   "Anonymous public comment"):
        assert sender_key(nobody) == ""


def _import(tmp_path: Path) -> Project:
    rng = random.Random(7)
    rows = [["Document ID", "Organization Name", "Comment"]]
    rows += [[f"NJH-{i}", "National Jewish Health", AUTHORS] for i in range(40)]
    rows += [[f"PEW-{n}", "Pew Charitable Trusts", PARTS.format(n=n)] for n in range(1, 46)]
    rows += [[f"CAMP-{i}", "", edited(TEMPLATE, rng, f"Person {i}")] for i in range(30)]
    rows += [[f"OTHER-{i}", "", text] for i, text in enumerate(varied(120, rng))]
    path = tmp_path / "comments.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    from consult_analyser.ingest.importer import import_files

    project = Project.create(tmp_path / "p.consult")
    import_files(project, [path])
    return project


def test_the_themes_run_lists_only_the_campaign_of_many_senders(tmp_path):
    project = _import(tmp_path)
    try:
        pipeline_themes.discover_project_themes(project, embedder=WordEmbedder(), discover=StandInModel(),
                                                find_campaigns=find_campaigns)
        found = store_campaigns.list_campaigns(project, with_members=True)
        assert [c.members for c in found] == [30]
        members = found[0].member_ids
        senders = {project.scalar("SELECT p.external_id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                                  " WHERE r.id = ?", (m,)) for m in members}
        assert all(s.startswith("CAMP-") for s in senders)
    finally:
        project.close()
