"""Trial 48: open-only US rulemaking comments, half of them covering notes ("Please see attached") whose side is
in an attachment the app does not have. After 33 coded answers (one a covering note coded "Opposes" from its
attachment) every one of 541 covering notes was suggested a side (79 % "Opposes", 39-47 % right), and 6 of
the first 10 answers to "code next" were covering notes or lists of signatories."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest
from conftest import write_survey

from consult_analyser.actions.coding import ImportCodebook
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.coding import autocode
from consult_analyser.pipeline.coding.families import builtin_rows
from consult_analyser.pipeline.coding.model import FewShotCoder
from consult_analyser.pipeline.themes.nonanswers import is_non_answer
from consult_analyser.store import codebook, codings, suggestions

SUPPORT = ["I strongly support extending the training period for graduates, it helps the economy grow",
           "We support the proposed rule because students bring skills and pay taxes",
           "This extension is good for universities and for innovation, please adopt the rule",
           "I support this rule, talented graduates create jobs for everyone",
           "Extending the period keeps the best engineers here and helps companies compete",
           "The rule is a sensible step that helps students and employers alike",
           "Please finalize the rule, my company depends on these graduates",
           "Good for research, good for jobs, I am in favour of the extension"]
OPPOSE = ["I oppose this rule, it weakens protection for endangered species",
          "We oppose the proposed changes because wildlife habitat will be lost",
          "Withdraw the proposed rule, it removes safeguards for threatened animals",
          "These revisions gut environmental review and must not be adopted",
          "The changes would harm rivers and wildlife, please reject them",
          "Do not weaken the act, species depend on critical habitat",
          "This proposal is a giveaway to developers at the expense of nature",
          "I object to removing blanket protections for threatened species"]
NOTES = ["Please see attached file(s).", "See attached.", "Please see the attached comments.",
         "See Attached File(S)", "Please see attached document.", "Attached please find our comments.",
         "Please see the attached letter.", "See attached letter", "Please see attached comments from the Alliance.",
         "Okafor Declan J, Northfield Institute Of Health; Okafor Declan J, Northfield Institute Of Health"]


class WordEmbedder:
    """Hashed bag of words, L2-normalised."""

    name = "test-words"
    version = "1"

    def encode(self, texts, progress=None, batch_size=64):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                out[i, int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % 64] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1)


def _project(project, tmp_path):
    """Open-only comments: supporters (R-1xx), opponents (R-2xx) and covering notes (R-3xx), with the Stance codes."""
    texts = [(f"R-{100 * side + k:03d}", t) for side, group in ((1, SUPPORT), (2, OPPOSE), (3, NOTES))
             for k, t in enumerate(group)]
    rows = [[rid, "", "Individual", "", "", "", "", "", "Agree", "", text, "Yes"] for rid, text in texts]
    import_files(project, [write_survey(tmp_path / "comments.csv", rows)])
    ImportCodebook(builtin_rows()).apply(project)
    assert all(is_non_answer(t) for t in NOTES)
    side = {name: codebook.code_at_path(project, f"Stance > {name}") for name in ("Supports", "Opposes", "No position")}
    return codings.response_lookup(project), side


def _code(project, lookup, code, *rids):
    for rid in rids:
        codings.add_coding(project, code.id, lookup[(rid, "Q2")][0])


def _by_answer(project, lookup):
    answer_of = {v[0]: k[0] for k, v in lookup.items()}
    out: dict[str, list[tuple[str, float]]] = {}
    for s in suggestions.list_suggestions(project):
        out.setdefault(answer_of[s.response_id], []).append((s.code_id, s.confidence))
    return out


RUN = {"embedder": WordEmbedder(), "model_factory": lambda: FewShotCoder(random_state=0)}


def test_a_covering_note_coded_with_a_side_does_not_make_every_covering_note_that_side(project, tmp_path):
    lookup, side = _project(project, tmp_path)
    _code(project, lookup, side["Supports"], "R-100", "R-101", "R-102")
    _code(project, lookup, side["Opposes"], "R-200", "R-201", "R-202", "R-300")  # a note coded from its attachment
    result = autocode.suggest_question(project, "Q2", **RUN)
    found = _by_answer(project, lookup)
    assert any(rid.startswith("R-1") for rid in found) and any(rid.startswith("R-2") for rid in found)
    assert not [rid for rid in found if rid.startswith("R-3")]  # no note is suggested a side
    assert result.non_answers == len(NOTES) - 1 and result.non_answer_codes == []
    assert f"{len(NOTES) - 1} of them have nothing to code" in result.summary()
    assert "suggested nothing" in result.summary()


def test_covering_notes_are_suggested_no_position_where_the_analysts_code_them_so(project, tmp_path):
    lookup, side = _project(project, tmp_path)
    _code(project, lookup, side["Supports"], "R-100", "R-101", "R-102")
    _code(project, lookup, side["Opposes"], "R-200", "R-201", "R-202")
    _code(project, lookup, side["No position"], "R-300", "R-301", "R-302")
    _code(project, lookup, side["Opposes"], "R-303")  # one read from its attachment
    result = autocode.suggest_question(project, "Q2", **RUN)
    found = _by_answer(project, lookup)
    notes = {rid: pairs for rid, pairs in found.items() if rid.startswith("R-3")}
    assert len(notes) == len(NOTES) - 4
    # only "No position", at the share of the coded notes the analysts coded so: (3 + 1) / (4 + 2)
    assert all([c for c, _ in pairs] == [side["No position"].id] for pairs in notes.values())
    assert all(conf == pytest.approx((3 + 1) / (4 + 2), abs=0.001) for pairs in notes.values() for _, conf in pairs)
    assert result.non_answer_codes == ["No position"] and '"No position" only' in result.summary()


def test_a_side_is_never_suggested_for_a_covering_note_however_many_are_coded_with_it(project, tmp_path):
    """Analysts who read the attachments may code many notes with a side: the note's words still say nothing of it."""
    lookup, side = _project(project, tmp_path)
    _code(project, lookup, side["Supports"], "R-100", "R-101", "R-102")
    _code(project, lookup, side["Opposes"], "R-200", "R-201", "R-202", "R-300", "R-301", "R-302", "R-303")
    autocode.suggest_question(project, "Q2", **RUN)
    assert not [rid for rid in _by_answer(project, lookup) if rid.startswith("R-3")]


def test_a_topic_code_given_to_one_non_answer_is_not_suggested_for_the_others(project, tmp_path):
    """Any code family: a code learned from substantive answers (or one read in an attachment) says nothing of
    "see attached"; a code the analysts give most such answers ("Nothing to code") is suggested."""
    lookup, side = _project(project, tmp_path)
    jobs = codebook.create_code(project, "Jobs")
    wildlife = codebook.create_code(project, "Wildlife")
    nothing = codebook.create_code(project, "Nothing to code")
    _code(project, lookup, jobs, "R-100", "R-101", "R-104", "R-300")
    _code(project, lookup, wildlife, "R-200", "R-201", "R-202")
    autocode.suggest_question(project, "Q2", **RUN)
    assert not [rid for rid in _by_answer(project, lookup) if rid.startswith("R-3")]
    _code(project, lookup, nothing, "R-301", "R-302")
    autocode.suggest_question(project, "Q2", **RUN)
    notes = {rid: pairs for rid, pairs in _by_answer(project, lookup).items() if rid.startswith("R-3")}
    assert notes and all([c for c, _ in pairs] == [nothing.id] for pairs in notes.values())


def test_a_covering_note_coded_with_a_side_is_not_learned_from(project, tmp_path):
    lookup, side = _project(project, tmp_path)
    seen: list[list[str]] = []

    class Recording(FewShotCoder):
        def fit(self, texts, *args, **kwargs):
            seen.append(list(texts))
            return super().fit(texts, *args, **kwargs)

    _code(project, lookup, side["Supports"], "R-100", "R-101", "R-102")
    _code(project, lookup, side["Opposes"], "R-200", "R-201", "R-202", "R-300")
    result = autocode.suggest_question(project, "Q2", embedder=WordEmbedder(), model_factory=Recording)
    assert seen and NOTES[0] not in seen[-1] and len(seen[-1]) == 6
    assert result.coded_answers == 6 and result.uncoded_answers == len(SUPPORT) + len(OPPOSE) - 6 + len(NOTES) - 1
