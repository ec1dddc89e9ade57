"""Copies of one campaign letter get one Stance suggestion (trial 49: copies and paraphrases of "I support a
risk-based approach, however ..." were suggested Opposes, Mixed and Supports at 85-93 % and accepted in bulk).
Made-up letters modelled on the trial's: a standard wording, copies with typos and small edits, one copy with
a sentence of its own, and paraphrases outside the campaign."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from conftest import write_survey
from test_autocode import WordEmbedder

from consult_analyser.actions.coding import ImportCodebook
from consult_analyser.domain import Source
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.coding import autocode, copies
from consult_analyser.pipeline.coding.families import builtin_rows
from consult_analyser.pipeline.coding.model import FewShotCoder
from consult_analyser.store import campaigns, codebook, codings, suggestions
from consult_analyser.store.project import Project

TEMPLATE = ("I support a risk-based approach, however the catastrophic risks I worry about most arise when large "
            "and capable AI systems are trained, not only when they are deployed, so the assessment of risk must "
            "come before the training run and weigh how irreversible and severe the harm could be.")
COPIES = [TEMPLATE, TEMPLATE.replace("I support", "I suport"),  # a typo that drops the "I support" cue
          TEMPLATE.replace("catastrophic risks", "catastrophic and existential risks"), TEMPLATE,
          TEMPLATE.replace("weigh how", "consider how")]
OWN = TEMPLATE + " Having read Attachment C again, I oppose the proposal and urge you to withdraw the proposal."
CODED = {"Supports": ["Yes", "Yes, I support it", "support", "yes definitely, it lets regulators prioritise"],
         "Opposes": ["No I don't.", "No, risk-based is always a bad idea", "No - this is self-regulation by another name",
                     "No. It will not work."],
         "Mixed": ["Yes but it could be more granular than low, medium and high",
                   "It works as long as there are standards that all AI must meet first",
                   "I do in general agree, but in some cases it is too simple"]}
OTHERS = ["The discussion paper should cover open source models too, and their weights.",
          "Transparency about training data matters more than anything else here."]


def _project(tmp_path: Path, texts: list[str]) -> Project:
    project = Project.create(tmp_path / "t.consult")
    rows = [[f"R-{i:03d}", "", "Individual", "", "", "", "", "", "Agree", "", t, "Yes"] for i, t in enumerate(texts)]
    import_files(project, [write_survey(tmp_path / "s.csv", rows)])
    ImportCodebook(builtin_rows()).apply(project)
    return project


def _ids(project: Project, texts: list[str]) -> tuple[str, list[str]]:
    q = project.scalar("SELECT id FROM questions WHERE key = 'Q2'")
    lookup = codings.response_lookup(project)
    return q, [lookup[(f"R-{i:03d}", "Q2")][0] for i in range(len(texts))]


def _code(project: Project, ids: list[str], texts: list[str], coded: dict[str, list[str]]) -> None:
    paths = {p.split(" > ")[-1]: c for c, p in codebook.code_paths(project).items()}
    for side, answers in coded.items():
        for text in answers:
            codings.add_coding(project, paths[side], ids[texts.index(text)], source=Source.ANALYST, coder="Tess")


def _stance(project: Project, q: str) -> dict[str, suggestions.Suggestion]:
    names = codebook.code_paths(project)
    return {s.response_id: s for s in suggestions.list_suggestions(project, question_id=q)
            if names[s.code_id].startswith("Stance >") and s.status == "pending"}


def test_copies_of_a_campaign_letter_get_the_standard_wordings_suggestion_unless_their_own_words_take_a_side(
        tmp_path: Path) -> None:
    texts = [t for side in CODED.values() for t in side] + COPIES + [OWN] + OTHERS
    project = _project(tmp_path, texts)
    try:
        q, ids = _ids(project, texts)
        members = [ids[texts.index(COPIES[0])]] + [ids[i] for i in range(len(texts)) if i > texts.index(COPIES[0])
                                                   and texts[i] in COPIES + [OWN]]
        campaigns.replace_campaigns(project, q, [campaigns.NewCampaign(members[0], [(m, 0.95) for m in members])])
        _code(project, ids, texts, CODED)
        result = autocode.suggest_question(project, "Q2", embedder=WordEmbedder())
        made = _stance(project, q)
        copy_ids = [m for m in members if texts[ids.index(m)] != OWN]
        shown = {(made[m].code_id, made[m].confidence) for m in copy_ids if m in made}
        assert len(shown) == 1 and all(m in made for m in copy_ids)  # one suggestion for the shared text
        own = made[ids[texts.index(OWN)]]
        assert codebook.code_paths(project)[own.code_id] == "Stance > Opposes"
        assert copies.OWN_WORDS in own.model and "I oppose the proposal" in own.model  # and says so
        assert result.own_words == 1 and "words of their own" in result.summary()
    finally:
        project.close()


def test_paraphrases_suggested_different_sides_are_not_sure(tmp_path: Path) -> None:
    """Rewordings outside the campaign, each holding another side's cue phrase, were suggested at 85-93 %."""
    body = ("a risk-based approach to regulating artificial intelligence, though the catastrophic dangers arise "
            "when large and capable systems are trained, not only deployed, so the assessment of risk must come "
            "before the training run and weigh irreversibility, scope and severity of harm")
    paraphrases = [f"We support {body}.", f"Our members oppose the proposal for {body}.",
                   f"We welcome {body}."]
    texts = [t for side in CODED.values() for t in side] + paraphrases + OTHERS
    project = _project(tmp_path, texts)
    try:
        q, ids = _ids(project, texts)
        _code(project, ids, texts, CODED)
        result = autocode.suggest_question(project, "Q2", embedder=WordEmbedder())
        made = _stance(project, q)
        sides = {made[ids[texts.index(p)]].code_id for p in paraphrases if ids[texts.index(p)] in made}
        assert len(sides) > 1  # the model still reads their words
        assert all(made[ids[texts.index(p)]].confidence <= copies.CONTESTED_CONFIDENCE for p in paraphrases
                   if ids[texts.index(p)] in made)
        assert result.contested >= 2 and "read them" in result.summary()
    finally:
        project.close()


def test_coding_many_copies_of_a_campaign_letter_teaches_one_decision(tmp_path: Path) -> None:
    texts = [t for side in CODED.values() for t in side] + COPIES + OTHERS
    project = _project(tmp_path, texts)
    taught: list[int] = []

    class Spy(FewShotCoder):
        def fit(self, texts, embeddings, label_sets, **kwargs):  # type: ignore[no-untyped-def]
            taught.append(len(texts))
            return super().fit(texts, embeddings, label_sets, **kwargs)

    try:
        q, ids = _ids(project, texts)
        members = [ids[texts.index(COPIES[0])]] + [ids[i] for i in range(len(texts)) if i > texts.index(COPIES[0])
                                                   and texts[i] in COPIES]
        campaigns.replace_campaigns(project, q, [campaigns.NewCampaign(members[0], [(m, 0.95) for m in members])])
        _code(project, ids, texts, CODED)
        paths = {p.split(" > ")[-1]: c for c, p in codebook.code_paths(project).items()}
        for m in members:  # an analyst codes every copy Mixed
            codings.add_coding(project, paths["Mixed"], m, source=Source.ANALYST, coder="Tess")
        autocode.suggest_question(project, "Q2", embedder=WordEmbedder(), model_factory=lambda: Spy(random_state=0))
    finally:
        project.close()
    assert taught == [sum(len(v) for v in CODED.values()) + 1]


def test_copy_groups_link_campaign_members_and_near_identical_long_answers() -> None:
    long = "one two three four five six seven eight nine ten eleven twelve"
    vectors = np.array([[1, 0], [1, 0.1], [0, 1], [0, 1], [0.99, 0.05]], dtype=np.float32)
    groups = copies.copy_groups(["a", "b", "c", "d", "e"], [long, long + " x", "Yes", "Yes", long], vectors, {})
    assert groups["a"] == groups["b"] == groups["e"] and "c" in groups  # "Yes" twice: the same text, no paraphrase
    rows = [("a", "S", 0.9), ("b", "O", 0.85), ("e", "S", 0.5), ("x", "S", 0.95)]
    out, held = copies.contested(rows, groups, {"S", "O"})
    assert held == 2 and out[0][2] == out[1][2] == copies.CONTESTED_CONFIDENCE and out[3][2] == 0.95
