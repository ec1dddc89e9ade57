"""Theme discovery stored in the project: runs, candidates, campaigns, re-runs that keep people's
work, guided mode, and the read API (counts, sectors, quotes, export rows).

A small stand-in replaces the topic model (no UMAP in unit tests): it puts each answer in the
theme of the first topic word it contains.
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from consult_analyser.domain import Sector, SectorAssignment, Source, ThemeStatus
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.themes import discover as pipeline_themes
from consult_analyser.pipeline.themes import expected
from consult_analyser.pipeline.themes.result import ThemeCandidate as Candidate
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store import checks, codebook, sectors, theme_edits, theme_report, theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project

HEADER = ["Response ID", "Submitted on", "Are you responding as an individual or on behalf of an organisation?",
          "Your name", "Organisation name", "Email address", "Which of the following best describes your organisation?",
          "Q1. Do you agree with the vision?", "Q1. Please explain your answer", "Q2. What else should be done?"]
TOPICS = [("fund", "Funding"), ("school", "Schools"), ("bus", "Transport")]
SENTENCES = [
    "We need more fund{s} for local youth work, number {i}.",
    "The school{s} should teach children together, point {i}.",
    "A better bus service would help people meet, idea {i}.",
    "I have no particular view on this, reply {i}.",
]
CAMPAIGN = "Keep every library open and fund the staff properly, as our campaign asks."
N_RESPONDENTS = 48
N_CAMPAIGN = 8


# ---------------------------------------------------------------------------------- stand-ins


@dataclass
class Result:
    themes: list[Candidate]
    assignments: np.ndarray
    confidence: np.ndarray
    hierarchy: dict = field(default_factory=dict)
    model_name: str = "stand-in 1"
    params: dict = field(default_factory=dict)


class StandInModel:
    """``discover_themes`` look-alike: an answer joins the theme of the first topic word in it."""

    def __init__(self, topics: list[tuple[str, str]] | None = None):
        self.topics = topics or TOPICS
        self.calls: list[dict] = []

    def __call__(self, texts, embeddings, *, expected_themes=None, embedder=None, max_themes=70,
                 min_theme_size=None, random_state=42, progress=None, weights=None, labeler=None,
                 no_is_a_side=False):
        assert len(texts) == len(embeddings)
        labels = [e if isinstance(e, str) else e["label"] for e in expected_themes or []]
        self.calls.append({"texts": list(texts), "expected": labels, "max_themes": max_themes})
        keys = np.full(len(texts), -1)
        for i, text in enumerate(texts):
            for k, (word, _) in enumerate(self.topics):
                if word in text.lower():
                    keys[i] = k
                    break
        expected = {e.lower(): e for e in labels}
        themes = []
        for k, (word, label) in enumerate(self.topics[:max_themes]):
            members = np.flatnonzero(keys == k).tolist()
            if members:
                themes.append(Candidate(k, label, f"Answers about {word}", [word], members[:2], len(members),
                                        expected.get(label.lower())))
        keys[keys >= max_themes] = -1
        if progress:
            progress(1.0, "done")
        return Result(themes, keys, np.where(keys >= 0, 0.9, 0.0), {}, "stand-in 1", {"max_themes": max_themes})


@dataclass
class Campaign:
    indices: list[int]
    canonical_index: int


def stand_in_campaigns(texts, min_size=5, threshold=0.8, senders=None):
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        groups.setdefault(" ".join(text.lower().split()), []).append(i)
    return [Campaign(ix, ix[0]) for ix in groups.values() if len(ix) >= min_size]


class WordEmbedder:
    """Hashed bag of words; counts the texts it was asked to embed."""

    name, version, dim = "words", "1", 32

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts, progress=None, batch_size=64):
        self.encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, zlib.crc32(word.encode()) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1)


def write_csv(path: Path, n: int = N_RESPONDENTS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(n):
            q1 = SENTENCES[i % 4].format(i=i, s="s" if i % 2 else "")
            q2 = CAMPAIGN if i < N_CAMPAIGN else ("  " if i % 7 == 0 else SENTENCES[(i + 1) % 4].format(i=i, s=""))
            org = "Anytown Council" if i % 3 == 0 else ""
            writer.writerow([f"R{i:03d}", f"0{1 + i % 9}/05/2018 10:{i % 60:02d}",
                             "Organisation" if org else "Individual", f"Person {i}", org, "",
                             "Local authority" if org else "", "Agree" if i % 2 else "Disagree", q1, q2])
    return path


def make_project(tmp_path: Path, n: int = N_RESPONDENTS) -> Project:
    project = Project.create(tmp_path / "themes.consult")
    import_files(project, [write_csv(tmp_path / "survey.csv", n)])
    return project


def run(project, model=None, embedder=None, **kwargs) -> str:
    return pipeline_themes.discover_project_themes(
        project, embedder=embedder or WordEmbedder(), discover=model or StandInModel(),
        find_campaigns=stand_in_campaigns, **kwargs)


def qid(project, key: str) -> str:
    return project.scalar("SELECT id FROM questions WHERE key = ?", (key,))


def by_label(project, key: str) -> dict[str, store_themes.ThemeSummary]:
    return {t.theme.label: t for t in store_themes.list_themes(project, qid(project, key))}


@pytest.fixture
def tp(tmp_path):
    project = make_project(tmp_path)
    yield project
    project.close()


# -------------------------------------------------------------------------------------- tests


def test_discovery_stores_run_candidates_and_assignments(tp):
    summary = run(tp)
    assert "question(s)" in summary
    q1 = by_label(tp, "Q1")
    assert set(q1) == {"Funding", "Schools", "Transport"}
    assert q1["Funding"].answers == N_RESPONDENTS // 4
    assert q1["Funding"].share == pytest.approx(0.25)
    theme = q1["Funding"].theme
    assert theme.status == ThemeStatus.CANDIDATE and theme.source == Source.MODEL
    assert theme.model.startswith("stand-in 1 / words:1") and theme.keywords == ["fund"]
    run_row = theme_runs.latest_run(tp, qid(tp, "Q1"))
    assert run_row is not None and theme.run_id == run_row.id and run_row.params["embedder"] == "words:1"
    answers = store_themes.theme_answers(tp, theme.id)
    assert all(a.confidence == pytest.approx(0.9) and a.source == "model" for a in answers)
    assert sum(a.representative for a in answers) == 2
    cover = store_themes.coverage(tp, qid(tp, "Q1"))
    assert (cover.answered, cover.unassigned, cover.unassigned_share) == (N_RESPONDENTS, 12, pytest.approx(0.25))
    assert store_themes.analyst_assigned(tp, qid(tp, "Q1")) == set()


def test_campaign_clustered_once_and_mapped_to_every_member(tp):
    model = StandInModel()
    run(tp, model=model)
    q2 = qid(tp, "Q2")
    (campaign,) = store_campaigns.list_campaigns(tp, q2, with_members=True)
    assert campaign.members == N_CAMPAIGN and len(campaign.member_ids) == N_CAMPAIGN
    assert campaign.label.startswith('Campaign: "Keep every library') and campaign.canonical_text == CAMPAIGN
    q2_texts = next(c["texts"] for c in model.calls if CAMPAIGN in c["texts"])
    assert q2_texts.count(CAMPAIGN) == 1 and "  " not in q2_texts
    funding = by_label(tp, "Q2")["Funding"]
    members = set(store_themes.answer_ids(tp, funding.theme.id))
    assert set(campaign.member_ids) <= members
    assert funding.campaign_answers == N_CAMPAIGN
    assert store_campaigns.campaign_share(tp, q2)[0] == N_CAMPAIGN
    quotes = theme_report.quotes(tp, funding.theme.id, n=5)
    assert sum(q.campaign_id is not None for q in quotes) == 1
    assert len({q.text for q in quotes}) == len(quotes) <= 5
    # Unchanged answers: the stored campaigns are reused without searching again.
    calls = []

    def counting(texts, senders=None):
        calls.append(len(texts))
        return stand_in_campaigns(texts)

    counting.__qualname__ = stand_in_campaigns.__qualname__
    pipeline_themes.discover_project_themes(tp, question="Q2", embedder=WordEmbedder(), discover=StandInModel(),
                                            find_campaigns=counting)
    assert calls == [] and store_campaigns.list_campaigns(tp, q2)[0].id == campaign.id
    # Changed answers: searched again; a campaign with the same canonical answer keeps its id.
    tp.conn.execute("UPDATE responses SET text = 'A new answer about the bus' WHERE id = ?",
                    (campaign.member_ids[-1],))
    pipeline_themes.discover_project_themes(tp, question="Q2", embedder=WordEmbedder(), discover=StandInModel(),
                                            find_campaigns=counting)
    assert len(calls) == 1
    (again,) = store_campaigns.list_campaigns(tp, q2)
    assert again.id == campaign.id and again.members == N_CAMPAIGN - 1


def test_embeddings_are_cached_between_runs(tp):
    embedder = WordEmbedder()
    run(tp, embedder=embedder)
    first = embedder.encoded
    assert first > 0
    run(tp, embedder=embedder)
    assert embedder.encoded == first


def test_rerun_keeps_edited_signed_off_and_analyst_work(tp):
    run(tp)
    q1 = qid(tp, "Q1")
    themes = by_label(tp, "Q1")
    funding, schools, transport = (themes[k].theme.id for k in ("Funding", "Schools", "Transport"))
    theme_edits.sign_off(tp, [funding])
    theme_edits.update_theme(tp, schools, label="Schools and colleges")
    unassigned = [r[0] for r in tp.query("SELECT id FROM responses WHERE question_id = ? AND text LIKE 'I have%'"
                                         " ORDER BY seq LIMIT 1", (q1,))]
    moved = unassigned + store_themes.answer_ids(tp, transport)[:1]
    theme_edits.move_answers(tp, moved, None, schools)  # a person adds them to the theme
    before_funding = set(store_themes.answer_ids(tp, funding))
    model = StandInModel()
    run(tp, model=model, question="Q1")
    after = by_label(tp, "Q1")
    assert after["Funding"].theme.id == funding and after["Funding"].theme.status == ThemeStatus.SIGNED_OFF
    assert after["Schools and colleges"].theme.id == schools
    # The new run's "Funding" was found from the kept theme's label: no duplicate, same answers; its
    # "Schools" holds the answers of the kept "Schools and colleges": a repeat, not made again
    assert [t for t in after if t == "Funding"] == ["Funding"] and "Schools" not in after
    assert set(store_themes.answer_ids(tp, funding)) == before_funding
    # an untouched candidate is replaced; found again (same label, most answers the same) it keeps its id, so the
    # ids a lead noted still name it (a trial's re-run gave every candidate a new one)
    assert after["Transport"].theme.id == transport and after["Transport"].theme.run_id != themes["Transport"].theme.run_id
    assert sorted(model.calls[-1]["expected"]) == ["Funding", "Schools and colleges"]
    # Answers a person placed stay where they were put; the new run does not assign them.
    for rid in moved:
        assert _themes_of(tp, rid) == [schools]
    assert after["Transport"].answers == N_RESPONDENTS // 4 - 1
    assert store_themes.analyst_assigned(tp, q1) == set(moved)


def _themes_of(project, response_id) -> list[str]:
    return [r[0] for r in project.query("SELECT theme_id FROM theme_assignments WHERE response_id = ?",
                                        (response_id,))]


def test_guided_mode_expected_themes(tp):
    model = StandInModel()
    summary = run(tp, model=model, question="Q1", expected_themes=["Funding", "Housing"])
    assert model.calls[-1]["expected"] == ["Funding", "Housing"] and "guided by" not in summary  # asked for
    parent = codebook.create_code(tp, "Q1")
    codebook.create_code(tp, "Transport", parent_id=parent.id)
    codebook.create_code(tp, "Safety")
    summary = run(tp, model=model, question="Q1")
    assert model.calls[-1]["expected"] == ["Transport"]
    # the codebook guided the run unasked: the summary says so (a lead took its names for the model's findings)
    assert "note: Q1: guided by 1 expected theme(s) from the codebook and the themes kept ('Transport')" in summary
    run(tp, model=model, question="Q2")
    assert model.calls[-1]["expected"] == ["Safety"]  # top-level codes, question parents left out
    seeded = by_label(tp, "Q1")["Transport"].theme
    assert seeded.status == ThemeStatus.CANDIDATE


def test_sector_breakdown_and_export_rows(tp):
    run(tp, question="Q1")
    sectors.set_taxonomy(tp, [Sector("local_authority", "Local authority"), Sector("individual", "Individual", False)])
    people = tp.query("SELECT id, organisation FROM respondents")
    sectors.save_assignments(tp, [SectorAssignment(r[0], "local_authority" if r[1] else "individual", Source.RULES)
                                  for r in people[:-4]])
    q1 = qid(tp, "Q1")
    breakdown = store_themes.sector_breakdown(tp, q1)
    assert [k for k, _ in breakdown.sectors] == ["local_authority", "individual", "unclassified"]
    assert sum(breakdown.answered.values()) == N_RESPONDENTS
    funding = by_label(tp, "Q1")["Funding"].theme.id
    assert sum(breakdown.counts[funding].values()) == N_RESPONDENTS // 4
    for sector, n in breakdown.counts[funding].items():
        assert breakdown.share(funding, sector) == pytest.approx(n / breakdown.answered[sector])
    rows = store_themes.export_rows(tp)
    assert len(rows) == 36
    assert set(rows[0]) == {"respondent_id", "question", "theme_id", "theme_label", "confidence", "status", "source"}
    assert rows[0]["respondent_id"].startswith("R") and rows[0]["question"] == "Q1"


def test_theme_answers_paging_and_find_theme(tp):
    run(tp, question="Q1")
    funding = by_label(tp, "Q1")["Funding"].theme
    page = store_themes.theme_answers(tp, funding.id, limit=5, offset=5)
    assert [a.response_id for a in page] == store_themes.answer_ids(tp, funding.id)[5:10]
    assert store_themes.find_theme(tp, funding.id[:8]).id == funding.id


def test_question_without_answers_and_readonly_listing(tp, tmp_path):
    q2 = qid(tp, "Q2")
    tp.conn.execute("UPDATE responses SET text = '' WHERE question_id = ?", (q2,))
    summary = run(tp, question="Q2")
    assert summary.startswith("0 themes") and store_themes.list_themes(tp, q2) == []
    assert store_themes.coverage(tp, q2).unassigned_share == 0.0


def test_campaign_detection_can_be_skipped(tp):
    run(tp, question="Q2")
    model = StandInModel()
    run(tp, model=model, question="Q2", campaigns=False)
    assert model.calls[-1]["texts"].count(CAMPAIGN) == N_CAMPAIGN
    assert store_campaigns.list_campaigns(tp, qid(tp, "Q2")) == []


def test_a_flat_codebook_guides_each_question_with_its_own_coded_codes(tp):
    from consult_analyser.store import codings

    model = StandInModel()
    codebook.create_code(tp, "Safety")
    parking = codebook.create_code(tp, "Parking")
    run(tp, model=model, question="Q2")
    assert model.calls[-1]["expected"] == ["Safety", "Parking"]  # nothing coded yet: the whole code frame
    q2_answer = tp.scalar("SELECT id FROM responses WHERE question_id = ? AND text != '' ORDER BY seq LIMIT 1",
                          (qid(tp, "Q2"),))
    codings.add_coding(tp, parking.id, q2_answer)
    run(tp, model=model, question="Q2")
    assert model.calls[-1]["expected"] == ["Parking"]  # once coded: the codes used on this question
    run(tp, model=model, question="Q1")
    assert model.calls[-1]["expected"] == []  # not another question's codes


def test_the_theme_check_scores_themes_against_peoples_codes_beside_k_means(tp, capsys):
    from consult_analyser.cli import main as cli
    from consult_analyser.pipeline.themes.check import check_question_themes, describe_theme_check
    from consult_analyser.store import codings

    run(tp, question="Q1")
    check = check_question_themes(tp, "Q1", embedder=WordEmbedder())
    assert check.skipped and "needs 20 answers" in check.skipped  # nothing coded by people yet
    codes = {word: codebook.create_code(tp, label) for word, label in TOPICS}
    for rid, text in codings.answer_texts(tp, qid(tp, "Q1")):
        word = next((w for w, _ in TOPICS if w in text.lower()), None)
        if word:
            codings.add_coding(tp, codes[word].id, rid)
    check = check_question_themes(tp, "Q1", embedder=WordEmbedder())
    assert check.answers == 36 and check.codes == 3 and check.themes == 3
    assert check.ami == pytest.approx(1.0) and check.unassigned == 0 and 0 <= check.baseline_ami <= 1
    assert check.guided_by == 0  # the themes were found before anyone coded
    assert checks.load(tp, checks.THEMES)["Q1"]["answers"] == 36
    assert tp.scalar("SELECT COUNT(*) FROM audit WHERE action = 'check_themes'") == 1
    assert "AMI" in "\n".join(describe_theme_check("Q1", check.summary()))
    from openpyxl import load_workbook

    from consult_analyser.export.annex_xlsx import export_annex

    export_annex(tp, tp.path.parent / "annex.xlsx")
    cover = load_workbook(tp.path.parent / "annex.xlsx").worksheets[0]
    text = " ".join(str(c.value) for row in cover.iter_rows() for c in row if c.value)
    assert "Themes were checked against the codes people gave" in text and "Q1 1.00" in text
    run(tp, question="Q1")  # a re-run is guided by the codes now coded on the question
    guided = check_question_themes(tp, "Q1", embedder=WordEmbedder())
    assert guided.guided_by == 3
    assert "not independent" in "\n".join(describe_theme_check("Q1", guided.summary()))
    path = str(tp.path)
    tp.close()
    assert cli(["-q", "themes", path, "--check", "--question", "Q1"]) == 0
    out = capsys.readouterr().out
    assert "Q1: 36 answers that people coded with one code (a code with its sub-code counts as one; 3 codes), against the 3 themes" in out
    assert "Plain baseline (k-means" in out


def test_codes_named_only_by_a_number_or_an_id_do_not_guide_themes(tp):
    model = StandInModel()
    codebook.create_code(tp, "code 10")
    codebook.create_code(tp, "Q3_7")
    codebook.create_code(tp, "12", description="Concerns about bus fares")
    codebook.create_code(tp, "Safety")
    run(tp, model=model, question="Q2")
    assert model.calls[-1]["expected"] == ["12", "Safety"]  # a description says what to look for
    from consult_analyser.store.questions import find_question

    items = expected.expected_themes_for(tp, find_question(tp, "Q2"))
    assert [i["keep_if_empty"] for i in items] == [False, False]  # codes: not listed as empty themes


def test_the_k_means_baseline_of_a_large_question_is_fitted_on_a_sample(monkeypatch):
    from consult_analyser.pipeline.themes import check as theme_check

    monkeypatch.setattr(theme_check, "KMEANS_FIT_LIMIT", 40)
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16)) * 5
    ids = [f"a{i}" for i in range(120)]
    vectors = np.vstack([centres[i % 3] + rng.normal(size=16) for i in range(120)])
    truth = {f"a{i}": f"code {i % 3}" for i in range(120)}
    themes_of = {f"a{i}": f"theme {i % 3}" for i in range(120)}
    check = theme_check.check_themes(ids, vectors, themes_of, truth)
    assert check.ami == pytest.approx(1.0) and check.baseline_ami > 0.9  # every answer placed, sample or not


def test_a_long_code_sheet_guides_at_most_half_the_themes_most_used_codes_first(tp, monkeypatch):
    """A sheet of hundreds of codes (hierarchical tags, most used once) must not take every place: the
    themes cap (70) less 400 guiding codes left room for one discovered theme, which then held 71% of
    the answers. The most used codes guide; the rest of the places stay free."""
    from consult_analyser.store import codings
    from consult_analyser.store.questions import find_question

    monkeypatch.setattr(expected, "MAX_GUIDING_CODES", 3)
    answers = [rid for rid, text in codings.answer_texts(tp, qid(tp, "Q2")) if text.strip()]
    made = [codebook.create_code(tp, name) for name in ("Safety", "Parking", "Fares", "Noise", "Lighting")]
    for uses, code in zip((1, 4, 2, 3, 1), made, strict=True):
        for rid in answers[:uses]:
            codings.add_coding(tp, code.id, rid)
    items = expected.expected_themes_for(tp, find_question(tp, "Q2"))
    assert [i["label"] for i in items] == ["Parking", "Noise", "Fares"]


def test_a_survey_of_closed_questions_only_says_there_is_nothing_to_theme(tmp_path):
    """A Google Forms export of two multiple-choice questions: "0 themes in 0 question(s)" told the
    user nothing; the run says why."""
    from consult_analyser.store.project import Project
    from tests.conftest import write_survey

    project = Project.create(tmp_path / "closed.consult")
    rows = [[f"R{i}", ["Yes", "No"][i % 2], ["First", "Second", "Third"][i % 3]] for i in range(12)]
    import_files(project, [write_survey(tmp_path / "closed.csv", rows, ["ID", "Is it good?", "Which year?"])])
    assert run(project).startswith("No open (free-text) question to find themes in")
    project.close()


def test_one_question_that_fails_leaves_the_others_themes_found(tmp_path, monkeypatch):
    """A fault while finding one question's themes is logged and said; the other questions still
    get theirs, and the failed question keeps what it had."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    project = make_project(tmp_path)
    model = StandInModel()

    def failing(texts, embeddings, **kwargs):
        if any("campaign" in t.lower() for t in texts):  # Q2 holds the campaign answers
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        return model(texts, embeddings, **kwargs)

    summary = pipeline_themes.discover_project_themes(project, embedder=WordEmbedder(), discover=failing,
                                                      find_campaigns=lambda texts, senders=None: [])
    assert "warning: Q2: no themes found" in summary and "ValueError" in summary, summary
    assert "Traceback" not in summary and "errors.log" in summary
    assert by_label(project, "Q1") and not by_label(project, "Q2")
    log = (tmp_path / "data" / "ConsultAnalyser" / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "finding the themes of Q2" in log


def test_answers_imported_after_the_themes_are_said_to_have_none(tmp_path):
    """A second wave imported after the themes were found: the question says how many answers the
    themes do not know yet, until themes are found again."""
    import time

    project = make_project(tmp_path, n=20)
    run(project)
    q1 = qid(project, "Q1")
    assert store_themes.added_since_themes(project, q1) == 0
    time.sleep(1.1)  # timestamps are to the second
    more = write_csv(tmp_path / "wave2.csv", 30)  # R000..R029: R020..R029 are new
    import_files(project, [more])
    late = store_themes.added_since_themes(project, q1)
    assert late == 10 and "10 answers came in after these themes were found" in store_themes.added_since_note(late)
    time.sleep(1.1)
    run(project)
    assert store_themes.added_since_themes(project, q1) == 0


def test_the_theme_check_counts_a_code_with_its_sub_code_as_one():
    """A coding sheet records "Staffing; Staffing -> Agency staff": the check had left such answers out as
    carrying two codes (half of an inquiry's coded answers)."""
    from consult_analyser.pipeline.themes.check import single_codes

    parents = {"staffing": None, "agency": "staffing", "levels": "staffing", "funding": None}
    coded = {"a": {"staffing", "agency"}, "b": {"agency"}, "c": {"agency", "levels"}, "d": {"staffing", "funding"},
             "e": {"staffing"}}
    assert single_codes(coded, parents) == {"a": "agency", "b": "agency", "e": "staffing"}
    assert single_codes(coded) == {"b": "agency", "e": "staffing"}  # without the codebook's tree


def test_a_rerun_theme_repeating_a_kept_one_is_not_made_again(tmp_path):
    """A re-test merged "No bus home" into "Evening and Sunday services" and signed it off; a re-run
    brought "No bus home" back as a new candidate with the same 19 answers, counted twice."""
    from consult_analyser.domain import Theme, ThemeAssignment

    project = make_project(tmp_path)
    try:
        question = qid(project, "Q1")
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? AND text != ''"
                                               " ORDER BY seq", (question,))]
        evening, home = Theme(question, "Evening services", "", model="test"), Theme(question, "No bus home", "",
                                                                                   model="test")
        first = [ThemeAssignment(evening.id, r, 0.9) for r in answers[:6]] + \
                [ThemeAssignment(home.id, r, 0.9) for r in answers[6:10]]
        theme_runs.save_run(project, question, model="test", params={}, themes=[evening, home], assignments=first)
        theme_edits.merge_themes(project, [home.id], evening.id)
        theme_edits.sign_off(project, [evening.id])
        again, other = Theme(question, "No bus home", "", model="test"), Theme(question, "Parking", "", model="test")
        second = [ThemeAssignment(again.id, r, 0.9) for r in answers[6:10]] + \
                 [ThemeAssignment(other.id, r, 0.9) for r in answers[10:14]]
        saved = theme_runs.save_run(project, question, model="test", params={}, themes=[again, other],
                                    assignments=second)
        labels = {t.theme.label: t.answers for t in store_themes.list_themes(project, question)}
        assert labels == {"Evening services": 10, "Parking": 4}, labels
        assert saved.created == 1
        # a trial's re-run made again themes 65-77% inside kept ones: three in five is a repeat, two in five not
        late, fares = Theme(question, "Late buses", "", model="test"), Theme(question, "Fares", "", model="test")
        third = [ThemeAssignment(late.id, r, 0.9) for r in answers[7:10] + answers[17:19]] + \
                [ThemeAssignment(fares.id, r, 0.9) for r in answers[8:10] + answers[14:17]]
        theme_runs.save_run(project, question, model="test", params={}, themes=[late, fares], assignments=third)
        labels = {t.theme.label for t in store_themes.list_themes(project, question)}
        assert "Late buses" not in labels and "Fares" in labels, labels
    finally:
        project.close()


def test_a_sub_theme_grown_larger_than_its_parent_stands_on_its_own(tmp_path):
    """A re-test's lead merged themes into one nested under a smaller, opposing theme: 193 answers shown under
    104. The parent is the theme more answers carry; `themes --unnest` lifts any sub-theme."""
    from consult_analyser.cli.main import main
    from consult_analyser.domain import Theme, ThemeAssignment

    project = make_project(tmp_path)
    try:
        question = qid(project, "Q1")
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? AND text != ''"
                                               " ORDER BY seq", (question,))]
        rule, schools, local = (Theme(question, label, "", model="test") for label in
                                ("One national rule", "Schools should decide", "Local decisions"))
        rows = ([ThemeAssignment(rule.id, r, 0.9) for r in answers[:5]]
                + [ThemeAssignment(schools.id, r, 0.9) for r in answers[5:9]]
                + [ThemeAssignment(local.id, r, 0.9) for r in answers[9:12]])
        theme_runs.save_run(project, question, model="test", params={}, themes=[rule, schools, local], assignments=rows)
        theme_edits.set_parent(project, [schools.id], rule.id)
        theme_edits.merge_themes(project, [local.id], schools.id)  # 7 answers under a parent of 5
        assert store_themes.get_theme(project, schools.id).parent_id is None
        theme_edits.set_parent(project, [rule.id], schools.id)  # the smaller under the larger is fine
    finally:
        project.close()
    assert main(["-q", "themes", str(tmp_path / "themes.consult"), "--unnest", rule.id]) == 0
    with Project.open(tmp_path / "themes.consult", readonly=True) as again:
        assert store_themes.get_theme(again, rule.id).parent_id is None


def test_a_split_is_the_leads_work_and_takes_no_name_another_theme_has(tmp_path):
    """A desktop re-test's split answers were exported as the model's (confidence 0.99) and the annex's Cover
    counted them so; a split named "Little substance" made a second theme of that name."""
    from consult_analyser.domain import Theme, ThemeAssignment

    project = make_project(tmp_path)
    try:
        question = qid(project, "Q1")
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? AND text != ''"
                                               " ORDER BY seq", (question,))]
        big, other = Theme(question, "Buses", "", model="test"), Theme(question, "Little substance", "", model="test")
        theme_runs.save_run(project, question, model="test", params={}, themes=[big, other],
                            assignments=[ThemeAssignment(big.id, r, 0.7) for r in answers[:6]]
                            + [ThemeAssignment(other.id, r, 0.7) for r in answers[6:8]])
        with pytest.raises(ValueError, match="called 'little substance' already"):
            theme_edits.split_theme(project, big.id, [("little substance", "", answers[:2])])
        (new,) = theme_edits.split_theme(project, big.id, [("Late buses", "", answers[:2])])
        assert {tuple(r) for r in project.query("SELECT source, confidence FROM theme_assignments WHERE theme_id = ?",
                                                (new.id,))} == {("analyst", 1.0)}
    finally:
        project.close()
