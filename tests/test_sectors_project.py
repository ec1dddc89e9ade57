"""Sector classification of a project: authority order, taxonomy choice, corrections, the CLI."""

from __future__ import annotations

from consult_analyser.cli import main as cli
from consult_analyser.domain import Source
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.sectors.run import (
    SectorReview,
    choose_taxonomy,
    classify_project,
    closed_declared_labels,
    load_features,
)
from consult_analyser.store import responses, sectors
from consult_analyser.store.project import Project
from tests.conftest import SURVEY_ROWS, write_survey


def test_classify_project_uses_declared_then_rules(imported_project):
    summary = classify_project(imported_project)
    assert "6 respondents classified" in summary
    effective = sectors.effective_sectors(imported_project)

    def of(external):
        return effective[responses.respondent(imported_project, external).id]

    assert (of("R-002").sector_key, of("R-002").source) == ("local_authority", Source.DECLARED)
    assert of("R-003").sector_key == "faith"  # "Other (please specify): our parish church"
    assert of("R-006").sector_key == "education"
    assert of("R-001").sector_key == "individual"
    assert {s.key for s in sectors.taxonomy(imported_project)} >= {"individual", "faith", "local_authority"}


def test_correction_is_saved_and_survives_rerun(imported_project):
    review = SectorReview(imported_project)
    review.run()
    rid = responses.respondent(imported_project, "R-004").id
    review.correct(rid, "business")
    assert sectors.effective_sector(imported_project, rid).source == Source.ANALYST
    assert rid not in review.queue()
    classify_project(imported_project)
    assert sectors.effective_sector(imported_project, rid).sector_key == "business"


def test_declared_taxonomy_is_learned(project, tmp_path):
    header = ["Response ID", "Organisation name", "Respondent type", "Q1. Views?"]
    labels = ["NGO", "Company", "University", "Individual"]
    rows = [[f"A{i}", f"Org {i}", labels[i % 4], f"Some view number {i}"] for i in range(24)]
    import_files(project, [write_survey(tmp_path / "au_like.csv", rows, header)])
    features = load_features(project)
    assert closed_declared_labels([f.declared_type for f in features]) == labels
    taxonomy = choose_taxonomy(project, features)
    assert [s.label for s in taxonomy.sectors] == labels
    classify_project(project)
    assert set(sectors.counts_by_sector(project)) <= set(taxonomy.keys)


def test_nothing_declared_still_classifies(project, tmp_path):
    header = ["Response ID", "Organisation name", "Email address", "Q1. Views?"]
    rows = [["A1", "Leeds City Council", "x@leeds.gov.uk", "Fund services"],
            ["A2", "", "someone@gmail.com", "More classes"],
            ["A3", "University of Kent", "y@kent.ac.uk", "Research matters"]]
    import_files(project, [write_survey(tmp_path / "plain.csv", rows, header)])
    classify_project(project)
    effective = {responses.respondent(project, e).id: e for e in ("A1", "A2", "A3")}
    keys = {effective[rid]: a.sector_key for rid, a in sectors.effective_sectors(project).items()}
    assert keys["A1"] == "local_authority" and keys["A3"] == "academic_research"


def test_cli_sectors_set_and_review(imported_project, capsys):
    path = str(imported_project.path)
    imported_project.close()
    assert cli(["-q", "sectors", path, "--review", "3"]) == 0
    out = capsys.readouterr().out
    assert "6 respondents classified" in out and "the 3 least certain (a spot check)" in out
    listed = out.split("(a spot check):")[1].splitlines()[1:4]
    # each with the organisation or name to judge it by, not an id alone
    names = {r[0] for r in Project.open(imported_project.path, readonly=True).query(
        "SELECT CASE WHEN TRIM(organisation) != '' THEN organisation ELSE name END FROM respondents")}
    assert any(any(n and n[:40] in line for n in names) for line in listed), listed
    assert cli(["-q", "sectors", path, "--set", "R-004", "Business"]) == 0
    said = capsys.readouterr().out
    assert "R-004: sector set to business" in said and "read " not in said
    assert cli(["-q", "sectors", path, "--set", "R-004", "Company"]) == 0  # a word the taxonomy reads as a sector
    assert "(read 'Company' as 'Business'" in capsys.readouterr().out
    assert cli(["-q", "sectors", path, "--set", "R-004", "Martians"]) == 1
    assert "unknown sector" in capsys.readouterr().err
    assert cli(["-q", "sectors", path, "--set", "NOPE", "business"]) == 1
    # several in one command: every one recorded (a trial's second --set was dropped without a word), then
    # one retrain; one unknown respondent records none
    assert cli(["-q", "sectors", path, "--set", "R-001", "business", "--set", "R-004", "faith", "--set", "NOPE",
                "faith"]) == 1
    assert cli(["-q", "sectors", path, "--set", "R-001", "business", "--set", "R-004", "faith"]) == 0
    said = capsys.readouterr().out
    assert "R-001: sector set to business" in said and "R-004: sector set to faith" in said
    with Project.open(imported_project.path, readonly=True) as project:
        analyst = dict(project.query("SELECT p.external_id, rs.sector_key FROM respondent_sector rs JOIN respondents p"
                                     " ON p.id = rs.respondent_id WHERE rs.source = 'analyst'"))
    assert analyst == {"R-001": "business", "R-004": "faith"}
    # one respondent given two sectors in one command: refused (the last had won without a word)
    assert cli(["-q", "sectors", path, "--set", "R-004", "individual", "--set", "R-004", "business"]) == 1
    assert "names R-004 more than once" in capsys.readouterr().err


def test_cli_sides_and_remember(imported_project, capsys, tmp_path, monkeypatch):
    path = str(imported_project.path)
    imported_project.close()
    assert cli(["-q", "sectors", path]) == 0
    capsys.readouterr()
    assert cli(["-q", "sectors", path, "--sides"]) == 0
    out = capsys.readouterr().out
    assert "individual" in out and "organisation" in out
    assert cli(["-q", "sectors", path, "--side", "Other", "individual"]) == 0
    assert "other: confirmed as individual" in capsys.readouterr().out
    assert cli(["-q", "sectors", path, "--sides"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.split()[0] == "other")
    assert "individual" in line and "confirmed by" in line
    assert cli(["-q", "sectors", path, "--side", "Other", "organisation"]) == 0
    seed = tmp_path / "team.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the list of seed files read is the user's
    assert cli(["-q", "sectors", path, "--set", "R-002", "local authority", "--remember", str(seed)]) == 0
    assert "1 confirmed organisation names saved" in capsys.readouterr().out
    assert seed.is_file()


def test_a_hierarchical_coded_scheme_gives_its_first_level_and_individuals_a_sector(project, tmp_path):
    """Types coded "Parent;Child" (as research teams code commenters): the taxonomy is the first
    level, each coded value is filed under its parent with the reason recorded, a rare value outside
    the scheme goes to "Other" with its reason and waits for review, and respondents answering as
    individuals get an individuals' sector."""
    from consult_analyser.pipeline.sectors.declared import declared_sector

    header = ["Response ID", "Organisation name", "Are you responding as an individual or on behalf of an "
              "organisation?", "Org type", "Q1. Views?"]
    coded = ["Ngo;Advocacy", "Ngo;Church", "Corp;Law Firm", "Corp Group;Trade Association", "Gov;Local", "Ngo"]
    rows = [[f"A{i}", f"Org {i}", "Organisation", coded[i % len(coded)], f"View {i}"] for i in range(60)]
    rows += [[f"P{i}", "", "Individual", "", f"Personal view {i}"] for i in range(8)]
    rows.append(["E1", "Office of Senator X", "Organisation", "Senate-Ca", "A view"])
    import_files(project, [write_survey(tmp_path / "coded.csv", rows, header)])
    features = load_features(project)
    assert closed_declared_labels([f.declared_type for f in features]) == ["Ngo", "Corp", "Corp Group", "Gov"]
    taxonomy = choose_taxonomy(project, features)
    labels = [s.label for s in taxonomy.sectors]
    assert labels == ["Ngo", "Corp", "Corp Group", "Gov", "Individual", "Other"]
    classify_project(project)
    taxonomy = choose_taxonomy(project, features)  # as stored, with every declared value mapped
    key, _confidence, why = declared_sector("Corp Group;Trade Association", taxonomy)
    assert taxonomy.label(key) == "Corp Group" and "first level" in why
    key, _confidence, why = declared_sector("Senate-Ca", taxonomy)  # kept, with its reason
    assert taxonomy.label(key) == "Other" and "names no sector" in why
    senator = responses.respondent(project, "E1")
    assert senator.declared_type == "Senate-Ca"
    assert senator.id in {r.respondent_id for r in SectorReview(project).run() if r.review}
    individual = next(s.key for s in taxonomy.sectors if s.label == "Individual")
    person = responses.respondent(project, "P1")
    assert sectors.effective_sector(project, person.id).sector_key == individual


def test_review_says_when_nothing_was_flagged(tmp_path, capsys):
    """Every respondent declared a type the rules read: the list is a spot check, and says so."""
    from consult_analyser.cli.main import main as run

    header = ["Id", "Organisation", "Respondent type", "Comments"]
    rows = [[f"B{i}", "", "Individual", f"Comment number {i} about the plan."] for i in range(6)]
    from consult_analyser.store.project import Project

    project = Project.create(tmp_path / "declared.consult")
    import_files(project, [write_survey(tmp_path / "declared.csv", rows, header)])
    project.close()
    assert run(["-q", "sectors", str(tmp_path / "declared.consult"), "--review", "3"]) == 0
    out = capsys.readouterr().out
    assert "nothing was flagged for review; the 3 least certain (a spot check):" in out
    assert "not flagged" in out


def test_cli_merges_two_files_words_for_one_sector_and_keeps_the_declared_values(tmp_path, capsys):
    """A trial's survey said "Local authority" and "Third sector", the team's log "County council" and
    "Charity": the published table split each sector in two, with no way to merge them."""
    from consult_analyser.cli.main import main as run
    from consult_analyser.pipeline.sectors.run import taxonomy_for

    header = ["Id", "Organisation", "Respondent type", "Comments"]
    kinds = ["Local authority", "Third sector", "County council", "Charity", "Business", "Individual"]
    rows = [[f"B{i}", f"Body {i}" if i % 6 != 5 else "", kinds[i % 6], f"Comment number {i} on buses."]
            for i in range(36)]
    path = tmp_path / "two.consult"
    with Project.create(path) as project:
        import_files(project, [write_survey(tmp_path / "two.csv", rows, header)])
    assert run(["-q", "sectors", str(path), "--taxonomy", "declared"]) == 0
    capsys.readouterr()
    assert run(["-q", "sectors", str(path), "--merge", "County council", "Local authority"]) == 0
    out = capsys.readouterr().out
    assert "'County council' merged into 'Local authority'" in out
    with Project.open(path) as project:
        counts = sectors.counts_by_sector(project)
        taxonomy = taxonomy_for(project)
        assert counts["local_authority"] == 12 and "county_council" not in counts
        assert taxonomy.declared_map["county council"][0] == "local_authority"
        assert "merged into 'Local authority'" in taxonomy.declared_map["county council"][1]
        # the respondents' declared types are as they wrote them
        assert project.scalar("SELECT COUNT(*) FROM respondents WHERE declared_type = 'County council'") == 6
    assert run(["-q", "sectors", str(path), "--merge", "Charity", "Nowhere"]) == 1
    assert "unknown sector 'Nowhere'" in capsys.readouterr().err


def test_one_correction_leaves_the_rules_organisations_where_they_were(tmp_path):
    """A team trial's lead set one florist to Business among 1,460 declared individuals: a model of
    two classes, one known from one label, then overruled the rules and left 30 organisations
    (a health board, a university, churches, unions, community councils) unclassified."""
    from consult_analyser.actions.sectors import SetSector

    header = ["Id", "Name", "Organisation", "Respondent type", "Comments"]
    bodies = ["Leith Links Community Council", "St Giles Parish Church", "Unison City Branch", "University of the City",
              "Lothian Health Board", "Age Scotland Trust", "Northfield Community Council", "City Mosque Trust"]
    rows = [[f"I{i}", f"Person {i}", "", "Individual", f"Comment number {i} about parking."] for i in range(80)]
    rows += [[f"O{i}", "", body, "", f"Our members' view on parking, {i}."] for i, body in enumerate(bodies)]
    rows += [["O99", "", "Canongate Florist", "", "Deliveries need loading bays."]]
    with Project.create(tmp_path / "one.consult") as project:
        import_files(project, [write_survey(tmp_path / "one.csv", rows, header)])
        classify_project(project)
        before = {r["organisation"]: r["sector_key"] for r in project.query(
            "SELECT p.organisation, rs.sector_key FROM respondents p JOIN respondent_sector rs ON rs.respondent_id = p.id"
            " WHERE p.organisation != ''")}
        florist = responses.respondent(project, "O99")
        assert florist is not None
        SetSector(florist.id, "business").apply(project)
        classify_project(project)
        after = {r["organisation"]: r["sector_key"] for r in project.query(
            "SELECT p.organisation, rs.sector_key FROM respondents p JOIN respondent_sector rs ON rs.respondent_id = p.id"
            " WHERE p.organisation != ''")}
    ruled = {body for body in bodies if before.get(body)}
    assert len(ruled) >= 6, before
    assert {body: after.get(body) for body in ruled} == {body: before[body] for body in ruled}
    assert after["Canongate Florist"] == "business"


def test_a_first_correction_leaves_the_organisations_the_seed_placed_where_they_were(tmp_path):
    """A trial's form declared only individuals: its first correction replaced the seed by a model that knew
    organisations from one label, and 15 organisations the seed had placed right became unclassified. The
    seed goes on placing organisations until fifty are labelled here, handing over as they come."""
    from consult_analyser.actions.sectors import SetSector

    header = ["Id", "Name", "Organisation", "Respondent type", "Comments"]
    unknown = ["Hope Rising", "Welcome Table", "Kestrel Homes", "Carers Leeds", "Bright Futures Together",
               "Starling Youth"]
    rows = [[f"I{i}", f"Person {i}", "", "Individual", f"Comment number {i} about parking."] for i in range(80)]
    rows += [[f"U{i}", "", body, "", f"Our members' view on parking, {i}."] for i, body in enumerate(unknown)]
    rows += [["O99", "", "Canongate Florist", "", "Deliveries need loading bays."]]
    query = ("SELECT p.organisation, rs.sector_key FROM respondents p JOIN respondent_sector rs ON rs.respondent_id"
             " = p.id WHERE p.organisation != '' AND rs.source = 'model'")
    with Project.create(tmp_path / "seeded.consult") as project:
        import_files(project, [write_survey(tmp_path / "seeded.csv", rows, header)])
        classify_project(project)
        before = dict(project.query(query))
        SetSector(responses.respondent(project, "O99").id, "business").apply(project)
        classify_project(project)
        after = dict(project.query(query))
    assert len(before) >= 3, before
    assert after == before


def test_someone_who_ticked_organisation_wrote_self_and_declared_a_person_counts_as_an_individual(tmp_path):
    """A trial's Dashboard said 2,504 individuals beside an Individual sector of 2,505 (and the annex too):
    one respondent ticked "organisation", wrote "Self" and declared "concerned resident"."""
    from consult_analyser.store import reporting

    rows = [["R-101", "01/05/2018 10:00", "Organisation", "Cy Example", "Self", "", "Other (please specify): "
             "concerned resident", "London", "Agree", "Communities should mix more.", "Fund clubs.", "Yes"]]
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [write_survey(tmp_path / "s.csv", [list(r) for r in SURVEY_ROWS] + rows)])
        classify_project(project)
        sector = project.scalar("SELECT rs.sector_key FROM respondent_sector rs JOIN respondents p ON p.id ="
                                " rs.respondent_id WHERE p.external_id = 'R-101'")
        kinds = reporting.respondent_kinds(project)
        individuals_by_sector = sum(n for key, n in project.query(
            "SELECT rs.sector_key, COUNT(*) FROM respondent_sector rs JOIN sectors s ON s.key = rs.sector_key"
            " WHERE s.is_organisation = 0 GROUP BY 1"))
    assert sector == "individual"
    assert kinds[1] == individuals_by_sector


def test_remember_saves_the_body_never_the_person_named_beside_it(project, tmp_path, monkeypatch):
    """A trial's shared seed file held "gabriel cormier policy analyst cott beverages canada": the organisation
    field as typed, person and post included. The seed keeps the body alone, and a field that names nobody
    but a person is not saved."""
    import json

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    header = ["Response ID", "Name", "Organization name", "Q1. Views?"]
    rows = [["C1", "Gabriel Cormier", "Gabriel Cormier, Policy Analyst, Cott Beverages Canada", "Labels help"],
            ["C2", "", "Jessica Tremblay, Présidente, Kraft Heinz Canada ULC", "Too costly"],
            ["C3", "", "Directeur, Ville de Gatineau", "Yes"],
            ["C4", "", "Noah Wilson", "No"]]
    import_files(project, [write_survey(tmp_path / "fop.csv", rows, header)])
    review = SectorReview(project)
    review.run()
    for external, key in (("C1", "business"), ("C2", "business"), ("C3", "local_authority"), ("C4", "business")):
        review.correct(responses.respondent(project, external).id, key)
    seed = tmp_path / "team.json"
    review.remember(str(seed))
    names = set(json.loads(seed.read_text(encoding="utf-8"))["names"])
    assert names == {"cott beverages canada", "kraft heinz canada", "ville de gatineau"}, names


def test_a_type_both_sides_chose_keeps_each_respondent_on_the_side_they_answered(project, tmp_path):
    """A New Zealand trial: "Farmer or grower" was chosen by 174 farmers and 90 farm businesses. Fixed as an
    individuals' type, 66 right farm businesses were sent for review, blank-type farm companies could not be
    filed there, and setting one to it made it a person (12 dropped off the Organisations sheet)."""
    from consult_analyser.export.csv_export import export_csv
    from consult_analyser.store.organisations import organisations
    from consult_analyser.store.reporting import respondent_kinds

    header = ["Response ID", "Are you submitting as an individual or on behalf of an organisation?",
              "Organisation name", "Which best describes you / your organisation?", "Q1. Your views"]
    rows = [[f"F{i}", "Individual", "", "Farmer or grower", f"Our farm plan costs {i} hours"] for i in range(20)]
    rows += [[f"B{i}", "On behalf of an organisation", f"Ridge {i} Farms Ltd", "Farmer or grower", "Costs"]
             for i in range(10)]
    rows += [[f"M{i}", "Individual", "", "Member of the public", "Rivers matter"] for i in range(20)]
    rows += [[f"R{i}", "On behalf of an organisation", f"Region {i} Council", "Regional council", "Support"]
             for i in range(8)]
    rows += [["X1", "On behalf of an organisation", "Stevenson Farms Ltd", "", "Too much paperwork"]]
    # a farmer who ticked "organisation" and wrote "Myself" in its box: an individual, checked (a re-test)
    rows += [["Y1", "On behalf of an organisation", "Myself", "Farmer or grower", "My own farm"]]
    import_files(project, [write_survey(tmp_path / "nz.csv", rows, header)])
    review = SectorReview(project)
    results = {r.respondent_id: r for r in review.run()}
    taxonomy = review.taxonomy
    farm = next(s for s in taxonomy.sectors if s.label == "Farmer or grower")
    assert farm.is_organisation is None and "20 individuals and 11 organisations" in taxonomy.sides[farm.key]
    for rid in (responses.respondent(project, f"B{i}").id for i in range(10)):
        assert results[rid].sector == farm.key and not results[rid].review, results[rid]
    assert respondent_kinds(project) == (19, 41, 0)
    myself = results[responses.respondent(project, "Y1").id]
    assert myself.sector == farm.key and "organisation box says 'Myself'" in myself.review, myself
    # an analyst files the blank-type farm company under it: it stays an organisation, and is listed
    review.correct(responses.respondent(project, "X1").id, farm.key)
    assert respondent_kinds(project) == (19, 41, 0)
    assert "Stevenson Farms Ltd" in {r.organisation for r in organisations(project)}
    export_csv(project, tmp_path / "respondents.csv", "respondents")
    import csv
    with (tmp_path / "respondents.csv").open(encoding="utf-8-sig") as fh:
        side = {r["respondent_id"]: r["is_organisation"] for r in csv.DictReader(fh)}
    assert side["X1"] == side["B0"] == "yes" and side["F0"] == "no"
    # the analyst may confirm it otherwise
    assert cli(["-q", "sectors", str(project.path), "--side", "Farmer or grower", "individual"]) == 0


def test_info_names_sectors_as_the_annex_does(imported_project, capsys):
    """A trial's `info` listed the taxonomy's keys ("iwi_hapu_or_maori_organisation", "local_authority")."""
    path = str(imported_project.path)
    imported_project.close()
    assert cli(["-q", "sectors", path]) == 0
    capsys.readouterr()
    assert cli(["info", path]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "respondents by sector" in ln)
    assert "Local authority" in line and "local_authority" not in line, line


def test_the_summary_gives_every_unclassified_respondent_a_reason(tmp_path, capsys):
    """A trial's run printed "unclassified 3", then "2 respondents left unclassified: nothing says who answered"
    and nothing of the third: each reason now adds up to the count."""
    path = tmp_path / "comments.csv"
    rows = ["c1,Harbourside Data Trust,Ngo,We support the rule",
            "c2,,,The rule is too slow to take effect",
            "c3,,,Please extend the comment period",
            "c4,Kellsbridge Parish Council,Gov,We oppose the rule",
            "c5,Quillfeather Institute,Ngo,We support the rule with changes"]
    path.write_text("document_id,commenter,org_type,comment_text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    project_path = tmp_path / "c.consult"
    with Project.create(project_path) as project:
        import_files(project, [path])
    capsys.readouterr()
    assert cli(["sectors", str(project_path)]) == 0
    out = capsys.readouterr().out
    total = int(next(line for line in out.splitlines() if line.strip().startswith("unclassified")).split()[-1])
    explained = sum(int(line.split()[0].replace(",", "")) for line in out.splitlines()
                    if "left unclassified" in line)
    assert total and explained == total, out


def test_remember_says_which_confirmed_names_it_left_out_and_why(project, tmp_path, monkeypatch):
    """A trial's seed silently dropped (or kept) names of people and office-holders: the run now says how many
    confirmed names it left out of the seed, and why, and still saves the bodies."""
    import json

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    header = ["Response ID", "Organization name", "Q1. Views?"]
    rows = [["C1", "Governor Of Michigan Gretchen Whitmer", "We oppose"],
            ["C2", "Mona Das, Manka Dhingra, Sam Hunt, John Mccoy", "Support"],
            ["C3", "Portland Cement Association", "Too costly"]]
    import_files(project, [write_survey(tmp_path / "us.csv", rows, header)])
    review = SectorReview(project)
    review.run()
    for external, key in (("C1", "business"), ("C2", "business"), ("C3", "business")):
        review.correct(responses.respondent(project, external).id, key)
    seed = tmp_path / "team.json"
    saved = review.remember(str(seed))
    assert saved == 1 and json.loads(seed.read_text(encoding="utf-8"))["names"].keys() == {"portland cement association"}
    assert saved.note().startswith("2 confirmed name(s) left out of the seed")
