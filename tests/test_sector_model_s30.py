"""Trial 43's sector model findings: a sector known from one label (M2), the model's confidence on thin evidence
(M3) and confirming a declared type's side (M7)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from consult_analyser.cli import main as cli
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.sectors.check import SectorCheck, calibration_error
from consult_analyser.pipeline.sectors.declared import taxonomy_from_labels
from consult_analyser.pipeline.sectors.locale import SeedCheck
from consult_analyser.pipeline.sectors.model import SectorSession
from consult_analyser.pipeline.sectors.rules import RespondentFeatures
from consult_analyser.pipeline.sectors.session_model import THIN_NAME_PRIOR_LABELS
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy
from consult_analyser.store import responses
from consult_analyser.store.project import Project
from tests.conftest import write_survey

ABROAD = SeedCheck(False, "a consultation held elsewhere")

# invented organisations, named in words no rule reads, each kind with words of its own
BUSINESSES = [f"{place} Brass Widgets" for place in ("Kestrel", "Harrow", "Tamsin", "Orrin", "Pellow", "Brack", "Quill",
                                                       "Stave", "Morrow", "Fenwick", "Lune", "Cask")]
CHARITIES = ["Friends Of Kestrel Meadow", "Friends Of Harrow Brook", "Friends Of Tamsin Wood", "Friends Of Orrin Pond",
             "Friends Of Pellow Green", "Friends Of Brack Hill", "Friends Of Quill Lane", "Friends Of Stave Common",
             "Friends Of Morrow Fen", "Friends Of Fenwick Moor", "Friends Of Lune Dale", "Friends Of Cask Vale"]
UNIVERSITIES = ["Kestrel Institute Of Learning", "Harrow Institute Of Learning", "Tamsin Institute Of Learning",
                "Orrin Institute Of Learning", "Pellow Institute Of Learning", "Brack Institute Of Learning",
                "Quill Institute Of Learning", "Stave Institute Of Learning", "Morrow Institute Of Learning",
                "Fenwick Institute Of Learning", "Lune Institute Of Learning", "Cask Institute Of Learning"]


def _organisations() -> tuple[list[RespondentFeatures], dict[str, str]]:
    """36 organisations an analyst set (12 each of three sectors), 12 more no rule places, and one trade union."""
    features, labels = [], {}
    for kind, key in ((BUSINESSES, "business"), (CHARITIES, "charity"), (UNIVERSITIES, "university")):
        for i, name in enumerate(kind):
            features.append(RespondentFeatures(f"{key}{i}", organisation=name, is_organisation=True,
                                               text=f"As {name} we answer the question."))
            labels[f"{key}{i}"] = key
    features += [RespondentFeatures(f"new{i}", organisation=name, is_organisation=True, text="We answer the question.")
                 for i, name in enumerate(["Wren Brass Widgets", "Friends Of Wren Meadow", "Wren Institute Of Learning",
                                           "Sedge Brass Widgets", "Friends Of Sedge Brook", "Sedge Institute Of Learning",
                                           "Wren Widgets"])]
    features.append(RespondentFeatures("union", organisation="Amalgamated Riveters", is_organisation=True, text="x"))
    features.append(RespondentFeatures("union2", organisation="AMALGAMATED RIVETERS.", is_organisation=True, text="y"))
    return features, labels


def test_a_sector_known_from_one_label_does_not_stop_the_model_placing_the_rest() -> None:
    """Trial 43 (M2): one label each for "Local or regional government" and "Trade union" had the model file none of
    433 unplaced respondents ("the model cannot weigh its guesses: ... known from one label only"). The model learns
    the sectors it can, and says which sector waits for a second label; the one set stays, and so do their
    organisation's other responses."""
    taxonomy = taxonomy_from_labels(["Individual", "Business", "Charity", "University", "Trade union"])
    features, labels = _organisations()
    session = SectorSession(features, taxonomy, seed=None, seed_check=ABROAD)
    results = {r.respondent_id: r for r in session.run({**labels, "union": "trade_union"})}
    placed = [r for rid, r in results.items() if rid.startswith("new") and r.source == "model" and r.sector]
    assert len(placed) >= 4, [(r.respondent_id, r.sector, r.review) for r in results.values() if r.source == "model"]
    assert not any("cannot weigh" in r.review for r in results.values())
    assert session.waiting_ == ["trade_union"]
    note = session.waiting_note()
    assert "'Trade union' is known from one label only" in note and "one more" in note
    assert (results["union"].sector, results["union"].source) == ("trade_union", "analyst")
    assert results["union2"].sector == "trade_union" and "same organisation" in results["union2"].detail
    # the model proposes no sector it knows from one label
    assert not any(r.sector == "trade_union" for r in results.values() if r.source == "model")
    assert all(max(r.probabilities, key=r.probabilities.__getitem__) != "trade_union"
               for rid, r in results.items() if rid.startswith("new"))
    # a second label and it is learnt like the others
    results = {r.respondent_id: r for r in session.run({**labels, "union": "trade_union", "union2": "trade_union"})}
    assert session.waiting_ == [] and session.waiting_note() == ""


def test_one_label_among_too_few_to_learn_from_still_names_the_sector() -> None:
    """Where the rest of the labels make no model that can weigh its guesses, nothing changes: it proposes and says
    which sector is known once (the earlier test of the Irish consultation's 'Community group')."""
    taxonomy = taxonomy_from_labels(["Individual", "Business", "Charity", "University", "Trade union"])
    features, labels = _organisations()
    few = {f"{key}{i}": key for key in ("business", "charity", "university") for i in range(3)}  # 9 labels
    assert set(few) <= set(labels)
    session = SectorSession(features, taxonomy, seed=None, seed_check=ABROAD)
    results = session.run({**few, "union": "trade_union"})
    assert session.waiting_ == []
    assert not any(r.sector for r in results if r.source == "model")


def test_a_short_name_alone_is_no_surer_than_the_short_names_the_model_learnt_from() -> None:
    """Trial 43 (M3): after corrections of "Exxon", "Aramark" and "Webbank" to Business the model filed the ACLU,
    the NAACP, AARP and the WWF there at 91-96%; predictions at 90% or more were right 56% of the time. A guess from
    a name of one or two words that no rule reads is drawn towards "don't know" in proportion to how few such
    names the model learnt from."""
    taxonomy = taxonomy_from_labels(["Individual", "Business", "Charity", "University"])
    features, labels = _organisations()
    shorts = ["Zorvex", "Quallo", "Brindex", "Tarvo", "Mexlo"]
    features += [RespondentFeatures(f"short{i}", organisation=name, is_organisation=True, text="We answer.")
                 for i, name in enumerate(shorts)]
    labels.update({f"short{i}": "business" for i in range(len(shorts))})
    features.append(RespondentFeatures("acronym", organisation="Wxqa", is_organisation=True, text="We answer."))
    session = SectorSession(features, taxonomy, seed=None, seed_check=ABROAD)
    results = {r.respondent_id: r for r in session.run(labels)}
    i = session.index["acronym"]
    assert session._thin(i) and session._thin(session.index["new6"])  # "Wren Widgets": two words no rule reads
    assert not session._thin(session.index["new2"])  # "Wren Institute Of Learning"
    assert sum(1 for rid in labels if session._thin(session.index[rid])) == len(shorts)
    # drawn a third of the way from "don't know" (an even share of the four sectors, less the individuals')
    weight, even = len(shorts) / (len(shorts) + THIN_NAME_PRIOR_LABELS), (1 - len(shorts) / (len(shorts) + 10)) / 4
    assert THIN_NAME_PRIOR_LABELS == 10
    bound = (weight + even) / (1 - even)
    assert bound == pytest.approx(0.6) and results["acronym"].confidence <= bound + 1e-4, results["acronym"]


def test_what_is_thin() -> None:
    taxonomy = taxonomy_from_labels(["Individual", "Business", "Charity"])
    people = [RespondentFeatures("a", organisation="Aclu", is_organisation=True),
              RespondentFeatures("b", organisation="Cathy Giessel", is_organisation=True),
              RespondentFeatures("c", organisation="Friends Of Kestrel Meadow", is_organisation=True),
              RespondentFeatures("d", organisation="Acme Ltd", is_organisation=True),  # a rule reads "Ltd"
              RespondentFeatures("e", organisation="Zorvex", email_domain="zorvex.com", is_organisation=True),
              RespondentFeatures("f", organisation="Zorvex", email_domain="gmail.com", is_organisation=True),
              RespondentFeatures("g", text="I think the rule is wrong.")]  # no name: not a short name
    session = SectorSession(people, taxonomy, seed=None, seed_check=ABROAD)
    assert {f.respondent_id for i, f in enumerate(people) if session._thin(i)} == {"a", "b", "f"}


def test_declared_short_names_or_many_of_them_leave_the_confidence_as_it_was() -> None:
    """Where respondents declare their types (trial 43's B, the benchmarks' thousands of names) the short names the
    model learnt from are a fair sample, not an analyst's choice, and its calibrated confidence stands; an analyst's
    short names weigh as many as they are."""
    import numpy as np

    names = [RespondentFeatures("a", organisation="Aclu", is_organisation=True)]
    names += [RespondentFeatures(f"s{i}", organisation=f"Zorvex{i}", is_organisation=True) for i in range(40)]
    session = SectorSession(names, taxonomy_from_labels(["Individual", "Business"]), seed=None, seed_check=ABROAD)
    out = np.zeros((len(names), 2))
    out[:, 1] = 0.9
    out[:, 0] = 0.1
    assert all(session._thin(i) for i in range(len(names)))
    # nothing learnt from short names: an even share
    assert session._thin_shrunk(out.copy(), [])[0, 1] == pytest.approx(0.5)
    learnt = list(range(1, 41))
    session.analyst_labels = {}  # the 40 short names declared their types
    assert session._thin_shrunk(out.copy(), learnt)[0, 1] == pytest.approx(0.9)
    session.analyst_labels = {f"s{i}": "business" for i in range(10)}  # 10 of them set by an analyst
    weight = 40 / (40 + THIN_NAME_PRIOR_LABELS * 10 / 40)
    assert session._thin_shrunk(out.copy(), learnt)[0, 1] == pytest.approx(weight * 0.9 + (1 - weight) * 0.5)
    session.analyst_labels = {f"s{i}": "business" for i in range(40)}  # all 40
    weight = 40 / (40 + THIN_NAME_PRIOR_LABELS)
    assert session._thin_shrunk(out.copy(), learnt)[0, 1] == pytest.approx(weight * 0.9 + (1 - weight) * 0.5)


def test_nothing_to_go_on_shows_no_probability_and_teaches_nothing() -> None:
    """Trial 43 (M3): the review card of a respondent with no name and nothing written read "The model's
    probabilities: Individual 99%". No probability is shown for one with nothing to go on, and an analyst's label
    on such a respondent is not learnt from (an empty row says nothing of its sector)."""
    taxonomy = taxonomy_from_labels(["Individual", "Business", "Charity", "University"])
    features, labels = _organisations()
    features += [RespondentFeatures("blank1"), RespondentFeatures("blank2"), RespondentFeatures("blank3", text="  ")]
    session = SectorSession(features, taxonomy, seed=None, seed_check=ABROAD)
    results = {r.respondent_id: r for r in session.run({**labels, "blank1": "individual"})}
    for rid in ("blank2", "blank3"):
        assert results[rid].sector == "" and results[rid].probabilities == {}, results[rid]
        assert "nothing to go on" in results[rid].review
    assert results["blank1"].sector == "individual" and results["blank1"].probabilities == {}
    assert session.model_ is not None and "individual" not in set(session.model_.classes_)


def _confirmed_individual(taxonomy: Taxonomy, key: str) -> Taxonomy:
    sectors = [replace(s, is_organisation=False) if s.key == key else s for s in taxonomy.sectors]
    return replace(taxonomy, sectors=sectors, sides={**taxonomy.sides, key: "confirmed by tester"})


def _declared_consultation() -> tuple[list[RespondentFeatures], Taxonomy]:
    """Declared types for most respondents; the organisation box filled by every organisation and every elected
    official (their own name or their office), and the officials' letters in their own words."""
    features = []
    for i in range(30):
        features.append(RespondentFeatures(f"e{i}", organisation=f"Senator Jo Rowan{i}", is_organisation=True,
                                           declared_type="Elected" if i < 20 else "",
                                           text="As the senator for this district I write on behalf of my constituents."))
        features.append(RespondentFeatures(f"o{i}", organisation=f"Friends Of Kestrel Meadow {i}", is_organisation=True,
                                           declared_type="Org" if i < 20 else "",
                                           text="Our members are volunteers who care for the meadow."))
        features.append(RespondentFeatures(f"p{i}", name=f"Person {i}", is_organisation=False,
                                           declared_type="Individual" if i < 20 else "", text="I live nearby."))
    taxonomy = taxonomy_from_labels(["Org", "Individual", "Elected"])
    return features, taxonomy


def test_confirming_a_type_as_individuals_keeps_those_who_fill_the_organisation_box_in_it() -> None:
    """Trial 43 (M7): confirming the declared "Elected" as individuals moved 20 of the 22 undeclared elected officials
    the model had placed there to "Org" and "Corp", since their organisation box was filled, and flagged every
    declared official as a conflict. An analyst who confirms a type as individuals, knowing its respondents fill the
    box, means they are persons writing in office: they stay where they were."""
    features, taxonomy = _declared_consultation()
    before = {r.respondent_id: r for r in SectorSession(features, taxonomy, seed=None, seed_check=ABROAD).run()}
    confirmed = _confirmed_individual(taxonomy, "elected")
    session = SectorSession(features, confirmed, seed=None, seed_check=ABROAD)
    after = {r.respondent_id: r for r in session.run()}
    officials = [f"e{i}" for i in range(20, 30)]
    assert all(before[rid].sector == "elected" for rid in officials), [before[r] for r in officials]
    assert all(after[rid].sector == "elected" for rid in officials), [after[r] for r in officials]
    for rid in (f"e{i}" for i in range(20)):  # declared: no conflict, at the declared type's confidence
        assert after[rid].sector == "elected" and not after[rid].review and after[rid].confidence == 1.0, after[rid]
    # an individuals' type nobody confirmed still conflicts with a filled box
    unconfirmed = replace(confirmed, sides={**confirmed.sides, "elected": "read from its respondents"})
    flagged = {r.respondent_id: r for r in SectorSession(features, unconfirmed, seed=None, seed_check=ABROAD).run()}
    assert "answering for an organisation" in flagged["e0"].review


def test_the_cli_says_what_confirming_a_side_moved(tmp_path, capsys) -> None:
    """A side change is never silent: the command says how many respondents moved, from where to where."""
    header = ["Id", "Name", "Organisation", "Respondent type", "Comments"]
    rows = [[f"I{i}", f"Person {i}", "", "Individual", f"I live nearby, {i}."] for i in range(12)]
    rows += [[f"O{i}", "", f"Friends Of Kestrel Meadow {i}", "Org", f"Our volunteers care for it, {i}."]
             for i in range(12)]
    rows += [[f"E{i}", "", f"Senator Jo Rowan{i}", "Elected" if i < 8 else "",
              f"As the senator for this district I write for my constituents, {i}."] for i in range(12)]
    path = tmp_path / "b.consult"
    with Project.create(path) as project:
        import_files(project, [write_survey(tmp_path / "b.csv", rows, header)])
    assert cli(["-q", "sectors", str(path)]) == 0
    capsys.readouterr()
    assert cli(["-q", "sectors", str(path), "--side", "Elected", "individual"]) == 0
    out = capsys.readouterr().out
    assert "elected: confirmed as individual" in out
    assert "confirming the side of 'Elected' moved" in out and "fill the organisation box in" in out, out
    with Project.open(path, readonly=True) as project:
        kept = [responses.respondent(project, f"E{i}") for i in range(8, 12)]
        placed = dict(project.query("SELECT respondent_id, sector_key FROM respondent_sector"))
    assert all(person is not None and placed.get(person.id) == "elected" for person in kept), placed


def test_a_check_reads_its_reliability_by_confidence_band() -> None:
    check = SectorCheck(5, truth={"a": "X", "b": "X", "c": "Y", "d": "Y"}, ours={"a": "X", "b": "Y", "c": "Y", "d": ""},
                        baseline={}, best_guess={},
                        confidence={"a": (0.95, "model"), "b": (0.92, "model"), "c": (0.6, "rules")})
    bands = check.reliability()
    assert bands[0][:3] == (0.9, 1.0, 2) and bands[0][4] == pytest.approx(0.5)
    assert bands[2][:3] == (0.5, 0.7, 1) and bands[2][4] == 1.0
    assert bands[3][2] == 0  # "d" was left for review: no confidence shown
    assert check.reliability(source="rules")[0][2] == 0
    assert check.calibration_error("model") == pytest.approx(abs(0.935 - 0.5))
    assert calibration_error([]) != calibration_error([])  # nan without any


def test_the_side_message_counts_the_moves_and_why() -> None:
    """Where a side change does move respondents, the command says how many, from where to where, and why."""
    from types import SimpleNamespace

    from consult_analyser.cli.sector_commands import _moved_by_side
    from consult_analyser.pipeline.sectors.result import SectorResult

    features, taxonomy = _declared_consultation()
    taxonomy = _confirmed_individual(taxonomy, "elected")
    session = SectorSession(features, taxonomy, seed=None, seed_check=ABROAD)
    results = [SectorResult(f"e{i}", "org", "model", 0.8) for i in range(20, 23)]
    results += [SectorResult("e23", "elected", "model", 0.8), SectorResult("o0", "org", "declared", 1.0)]
    review = SimpleNamespace(results=results, taxonomy=session.taxonomy, session=session)
    before = {"e20": "elected", "e21": "elected", "e22": "elected", "e23": "elected", "o0": "org"}
    said = _moved_by_side("Elected", "elected", before, review)  # type: ignore[arg-type]
    assert said.startswith("confirming the side of 'Elected' moved 3 respondent(s): 3 from 'Elected' to 'Org'"), said
    assert "3 of those who left 'Elected' name a body in their organisation box" in said
    assert "(1 in it fill the organisation box in" in said
