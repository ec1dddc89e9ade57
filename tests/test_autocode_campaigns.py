"""Auto-coding embeds a campaign's letters as its standard wording: 40,000 near-identical letters
cost one embedding, not 40,000 (3 minutes and 2.2 GB before the first suggestion in a trial)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from test_export_fixtures import build_project

from consult_analyser.pipeline.coding.autocode import embed_answers
from consult_analyser.store.questions import list_questions


class CountingEmbedder:
    name, version, dim = "counting", "1", 4

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, progress=None):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return np.array([[len(t), t.count(" "), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_campaign_members_take_their_standard_wordings_vector(tmp_path: Path) -> None:
    project = build_project(tmp_path)
    try:
        q2 = next(q.id for q in list_questions(project) if q.key == "Q2")
        answers = [(r[0], r[1]) for r in project.query(
            "SELECT id, text FROM responses WHERE question_id = ? AND trim(text) != '' ORDER BY seq", (q2,))]
        members = {r[0]: r[1] for r in project.query(
            "SELECT m.response_id, c.canonical_response_id FROM campaign_members m JOIN campaigns c"
            " ON c.id = m.campaign_id")}
        assert len(members) == 3
        embedder = CountingEmbedder()
        from consult_analyser.store.campaigns import canonical_answers

        vectors = embed_answers(project, embedder, answers, canonical_answers(project, q2))
    finally:
        project.close()
    text = dict(answers)
    own = [t for rid, t in answers if rid not in members or members[rid] == rid]
    assert sorted(embedder.seen) == sorted(set(own))  # no member's own text embedded
    position = {rid: i for i, (rid, _) in enumerate(answers)}
    for rid, canonical in members.items():
        assert np.array_equal(vectors[position[rid]], vectors[position[canonical]])
        assert text[rid] is not None


def test_the_next_answers_to_code_hold_one_letter_of_a_campaign_at_most(tmp_path: Path) -> None:
    import json

    from consult_analyser.pipeline.coding.autocode import suggest_question

    project = build_project(tmp_path)
    try:
        result = suggest_question(project, "Q2", embedder=CountingEmbedder())
        q2 = next(q.id for q in list_questions(project) if q.key == "Q2")
        stored = project.scalar("SELECT value FROM meta WHERE key LIKE '%' || ?", (q2,))
        members = {r[0] for r in project.query("SELECT response_id FROM campaign_members")}
    finally:
        project.close()
    assert not result.skipped and stored
    asked = json.loads(stored)
    assert asked and len([rid for rid in asked if rid in members]) == 1  # three letters, one asked for
