"""Declared labels survive, individual/organisation sides, non-names, conflicts, the UK seed's reach."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult_analyser.pipeline.sectors.declared import (
    UNDECIDED_SIDE,
    complete_declared,
    declared_sector,
    label_side,
    normalise_declared,
    taxonomy_from_labels,
)
from consult_analyser.pipeline.sectors.locale import seed_applies
from consult_analyser.pipeline.sectors.model import SectorSession, classify, review_queue
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules
from consult_analyser.pipeline.sectors.run import taxonomy_from_respondents
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy, clean_text, default_taxonomy

EU_LABELS = ["Public authority", "EU citizen", "Non-EU citizen", "Trade union", "Company/business",
             "NGO (Non-governmental organisation)", "Academic/research institution", "Other"]

# labels in several languages with the side they name (False: individuals)
LABEL_POOL = [
    ("Individual", False), ("Member of the public", False), ("EU citizen", False), ("Private person", False),
    ("Personne physique", False), ("Citoyen", False), ("Bürger/in", False), ("Privatperson", False),
    ("Ciudadano", False), ("Cittadino", False), ("Particulier", False),
    ("Public authority", True), ("Trade union", True), ("Company", True), ("Entreprise", True),
    ("Unternehmen", True), ("Gewerkschaft", True), ("Verband", True), ("Syndicat", True),
    ("Empresa", True), ("Associazione", True), ("Autorité publique", True), ("University", True),
    ("Citizens' association", True), ("Consumer organisation", True), ("Local council", True),
]


def test_eu_labels_keep_their_side() -> None:
    tax = taxonomy_from_labels(EU_LABELS)
    sides = {s.label: s.is_organisation for s in tax.sectors}
    assert sides["Public authority"] is True
    assert sides["Trade union"] is True
    assert sides["EU citizen"] is False and sides["Non-EU citizen"] is False
    assert "authority" in tax.sides["public_authority"]


def test_a_portals_codes_read_as_people_write_them() -> None:
    """"Have your say" exports declare types as codes: the taxonomy shows them as words, keeps each
    code as a synonym of its sector, and links them to the default sectors they name."""
    codes = ["EU_CITIZEN", "NON_EU_CITIZEN", "PUBLIC_AUTHORITY", "TRADE_UNION", "COMPANY", "NGO",
             "ACADEMIC_RESEARCH_INSTITUTION", "BUSINESS_ASSOCIATION", "OTHER"]
    tax = taxonomy_from_labels(codes)
    labels = {s.key: s.label for s in tax.sectors}
    assert [labels[k] for k in ("eu_citizen", "non_eu_citizen", "public_authority", "ngo", "other")] == \
        ["EU citizen", "Non-EU citizen", "Public authority", "NGO", "Other"]
    sides = {s.label: s.is_organisation for s in tax.sectors}
    assert sides["EU citizen"] is False and sides["Non-EU citizen"] is False and sides["Trade union"] is True
    assert tax.synonyms[clean_text("PUBLIC_AUTHORITY")] == "public_authority"
    assert tax.links["academic_research"] == "academic_research_institution"
    # a label set that is not made of codes keeps its capitals as declared
    assert [s.label for s in taxonomy_from_labels(["NGO", "Company", "OTHER"]).sectors] == ["NGO", "Company", "OTHER"]


HYS_LABELS = ["Academic/research institution", "Business association", "Company/business organisation",
              "Consumer organisation", "EU citizen", "Environmental organisation", "Non-EU citizen",
              "Non-governmental organisation (NGO)", "Other", "Public authority", "Trade union"]


def test_companies_unions_and_trade_bodies_speak_through_their_own_labels() -> None:
    """With "Business association" listed before "Company/business organisation", the name rules
    for companies (GmbH, Ltd) must still reach the company label, trade bodies the association
    label and unions the union label, in a consultation's own label set and in the UK default."""
    tax = taxonomy_from_labels(HYS_LABELS)
    assert tax.links["business"] == "company_business_organisation"
    assert tax.links["business_association"] == "business_association"
    assert tax.links["trade_union"] == "trade_union"
    codes = taxonomy_from_labels(["BUSINESS_ASSOCIATION", "COMPANY", "TRADE_UNION", "NGO", "EU_CITIZEN"])
    assert codes.links["business"] == "company" and codes.links["business_association"] == "business_association"
    # labels without a trade-body or union entry: those speak through their relatives
    au = taxonomy_from_labels(["Individual", "NGO", "Company", "University", "Government", "Other"])
    assert au.links["business_association"] == "company" and au.links["trade_union"] == "other"
    rules = SectorRules.default()
    names = {"Siemens AG": "business", "Okafor Logistics Ltd": "business",
             "Bundesverband der Deutschen Holzindustrie e.V.": "business_association",
             "Lindqvist Chamber of Commerce": "business_association",
             "Association of British Widget Manufacturers": "business_association",
             "Vereinte Dienstleistungsgewerkschaft": "trade_union", "Unite the Union": "trade_union",
             "Brennan Teachers Union": "trade_union", "National Union of Students": "voluntary_community",
             "Police Federation of England and Wales": "police_justice_fire",
             "Office of Aoife Okafor MP": "elected", "Representative Declan Lindqvist": "elected",
             "Northfield State Senate": "elected", "Representative Body of the Church in Wales": "faith"}
    for name, sector in names.items():
        hit = rules.match(RespondentFeatures("x", organisation=name, is_organisation=True))
        assert hit is not None and hit[0] == sector, (name, hit)
    default = default_taxonomy()
    assert default.label("business_association") == "Trade body or business association"
    assert default.is_organisation("trade_union") is True


def test_a_uk_form_without_a_union_box_reports_unions_as_it_filed_them() -> None:
    """The default offers trade bodies and unions; a UK form that did not keeps them where its
    respondents put them, and a form that did (or no form) reports by them."""

    default = default_taxonomy()
    old_form = [s.label for s in default.sectors if s.key not in ("business_association", "trade_union", "elected")]
    features = [RespondentFeatures(f"r{i}", organisation=f"Org {i}", declared_type=label)
                for i, label in enumerate(old_form * 3)]
    union = RespondentFeatures("u", organisation="Brennan Branch, Communication Workers Union",
                               declared_type="Other (please specify): trade union")
    chamber = RespondentFeatures("c", organisation="Lindqvist Chamber of Commerce")
    tax = taxonomy_from_respondents([*features, union, union, chamber])
    assert tax.name == "uk_default" and not {"trade_union", "business_association", "elected"} & set(tax.keys)
    assert tax.map_default_key("elected") == "other"  # an MP's office on such a form is its "Other"
    results = {r.respondent_id: r for r in SectorSession([*features, union, chamber], tax).run()}
    assert results["u"].sector == "other" and results["u"].source == "declared"
    assert results["c"].sector == "business"
    offered = [*old_form, "Trade union or staff association"]
    features = [RespondentFeatures(f"r{i}", organisation=f"Org {i}", declared_type=label)
                for i, label in enumerate(offered * 3)]
    tax = taxonomy_from_respondents(features)
    assert "trade_union" in tax.keys and "business_association" not in tax.keys and "elected" not in tax.keys
    assert set(taxonomy_from_respondents([chamber]).keys) == set(default.keys)  # nothing declared
    # a project's taxonomy stored before trade bodies and unions were sectors files them as it did
    stored = default.to_dict()
    stored["sectors"] = [s for s in stored["sectors"] if s[0] not in ("trade_union", "business_association")]
    stored["links"] = {k: v for k, v in stored["links"].items() if k not in ("trade_union", "business_association")}
    old = Taxonomy.from_dict(stored)
    assert old.map_default_key("trade_union") == "other" and old.map_default_key("business_association") == "business"


def test_eu_consultation_keeps_every_declared_label() -> None:
    rng = random.Random(1)
    names = ["Stadt Köln", "Anna Müller", "Jean Dupont", "IG Metall", "Siemens AG", "Greenpeace", "Uni Wien", "X"]
    features = []
    for i in range(80):
        label = EU_LABELS[i % len(EU_LABELS)]
        features.append(RespondentFeatures(
            f"r{i}", name=rng.choice(names), declared_type=label,
            is_organisation=None if "citizen" in label else True))
    session = SectorSession(features)  # the UK default taxonomy: the labels are not its own
    results = {r.respondent_id: r for r in session.run()}
    for f in features:
        r = results[f.respondent_id]
        assert r.source == "declared", (f.declared_type, r)
        assert r.detail == f"declared:{f.declared_type}"
    tax = taxonomy_from_labels(EU_LABELS)
    session = SectorSession(features, tax)
    results = {r.respondent_id: r for r in session.run()}
    for f in features:
        r = results[f.respondent_id]
        assert r.source == "declared" and session.taxonomy.label(r.sector) == f.declared_type
    # the public authorities answered for an organisation: they are not filed as individuals
    assert session.taxonomy.is_organisation(results["r0"].sector) is True


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(LABEL_POOL), min_size=1, max_size=12, unique=True),
       st.lists(st.sampled_from(["", " ", "Other (please specify): a choir", "Blorf", "Société coopérative"]),
                max_size=3),
       st.booleans())
def test_every_declared_label_survives(labels: list[tuple[str, bool]], extra: list[str], own: bool) -> None:
    values = [lab for lab, _ in labels] + extra
    base = taxonomy_from_labels([lab for lab, _ in labels]) if own else default_taxonomy()
    features = [RespondentFeatures(f"r{i}", organisation=f"Org {i}", declared_type=v) for i, v in enumerate(values * 2)]
    session = SectorSession(features, base, seed=None)
    results = {r.respondent_id: r for r in session.run()}
    for f in features:
        if f.declared_type.strip():
            r = results[f.respondent_id]
            assert r.source == "declared" and r.sector in session.taxonomy.keys
            mapped = session.taxonomy.declared_map
            assert any(entry[1] for entry in mapped.values())
    if own:
        for label, is_org in labels:
            assert label_side(label)[0] is is_org, label
            key = next(k for k in session.taxonomy.keys if session.taxonomy.label(k) == label)
            assert session.taxonomy.is_organisation(key) is is_org


def test_unknown_values_become_their_own_sector_in_a_declared_taxonomy() -> None:
    tax = complete_declared(taxonomy_from_labels(["Company", "Individual"]), ["Company", "Landwirt", "Individual"])
    entry = tax.declared_map["landwirt"]
    assert entry[1] == "a declared type of its own" and tax.label(entry[0]) == "Landwirt"


def test_a_name_shaped_like_a_person_but_made_of_everyday_words_is_not_called_a_person() -> None:
    """Submitters name themselves in one box: "A New Approach" or "Lindqvist Investment Management"
    have a person's shape (capitalised words, no legal form) but everyday words say otherwise, so
    the rules leave them to the model; people stay people, an everyday surname included."""
    rules = SectorRules.default()
    for name in ["A New Approach", "Human Compatible", "Lindqvist Investment Management", "Okafor Images",
                 "Brennan Arts"]:
        assert rules.person_or_organisation(RespondentFeatures("x", name=name))[0] is None, name
        assert not rules.hits(RespondentFeatures("x", name=name)), name
    for name in ["Maren Lindqvist", "Amy Cook", "Declan Price", "Mary Jane White", "Dr Chidi Okafor",
                 "Jenna Ong"]:  # "ONG" the legal form is upper case; Ong the surname is a person's
        f = RespondentFeatures("x", name=name)
        assert rules.person_or_organisation(f)[0] is False and [h.sector for h in rules.hits(f)] == ["individual"], name
    assert rules.person_or_organisation(RespondentFeatures("x", name="ONG Solidarite Paysans"))[0] is True
    assert rules.person_or_organisation(RespondentFeatures("x", name="Australian Red Cross"))[0] is True


def test_non_names_are_individuals_not_sectors() -> None:
    rules = SectorRules.default()
    for name, org in [("Self", ""), ("N/A", "N/A"), ("Jo", "Private individual"), ("Retired", ""),
                      ("Individual response", ""), ("Myself", ""), ("-", "-"), ("Particulier", ""),
                      ("Privatperson", ""), ("none", "none"), ("", "Self Employed"), ("US citizen", ""),
                      ("", "Taxpayer")]:
        f = RespondentFeatures("x", name=name, organisation=org)
        assert rules.person_or_organisation(f)[0] is False, (name, org)
        assert [h.sector for h in rules.hits(f)] == ["individual"], (name, org)
    features = [RespondentFeatures(f"r{i}", name=n) for i, n in enumerate(["Self", "N/A", "Retired", "Myself"])]
    features.append(RespondentFeatures("org", organisation="Leeds City Council", declared_type="Local authority"))
    features.append(RespondentFeatures("biz", organisation="Acme Ltd", declared_type="Business"))
    results = {r.respondent_id: r for r in classify(features, default_taxonomy())}
    for i in range(4):
        assert results[f"r{i}"].sector == "individual"


def test_declared_type_conflicting_with_name_or_domain_goes_to_review() -> None:
    features = [
        RespondentFeatures("police", organisation="Humberside Police", email_domain="humberside.police.uk",
                           declared_type="Local authority", is_organisation=True),
        RespondentFeatures("council", organisation="Leeds City Council", email_domain="leeds.gov.uk",
                           declared_type="Local authority", is_organisation=True),
        RespondentFeatures("shop", organisation="Corner Shop Ltd", declared_type="Business", is_organisation=True),
    ]
    results = classify(features, default_taxonomy())
    by_id = {r.respondent_id: r for r in results}
    assert by_id["police"].source == "declared" and by_id["police"].sector == "local_authority"
    assert "Police" in by_id["police"].review
    assert not by_id["council"].review
    assert review_queue(results)[0] == "police"


def test_non_uk_consultation_with_nothing_declared_gets_no_uk_seed_sectors() -> None:
    names = ["Deutsche Bischofskonferenz", "Bundesverband Digitale Wirtschaft", "Polizei Berlin", "Max Mustermann",
             "Fédération Française des Télécoms", "Stichting Privacy First", "Jean Martin", "Acme Widgets"]
    text = "Wir begrüßen den Vorschlag der Kommission, aber die Regeln für künstliche Intelligenz sind zu vage."
    features = [RespondentFeatures(f"r{i}", organisation=names[i % len(names)], country="Deutschland",
                                   text=text) for i in range(40)]
    check = seed_applies(features)
    assert not check.applies and "country" in check.reason
    session = SectorSession(features)
    results = session.run()
    for r in results:
        assert r.source != "model" or r.sector == "", r  # no sector from the UK seed model
    unclassified = [r for r in results if not r.sector]
    assert unclassified and all(r.review for r in unclassified)
    assert all("does not apply" in r.detail for r in unclassified)
    assert all("list of respondents' types" in r.review for r in unclassified)  # and what would place them
    assert set(review_queue(results)[: len(unclassified)]) == {r.respondent_id for r in unclassified}
    # what the language-neutral rules do know is kept
    by_name = {features[i].organisation: r for i, r in enumerate(results)}
    assert by_name["Deutsche Bischofskonferenz"].sector == "faith"


def test_non_uk_consultation_with_nothing_declared_is_offered_sectors_named_for_anywhere() -> None:
    """The sector review's buttons: no "Local authority" or "academy trust" for a consultation held
    in Germany; the same sectors (and keys, so rules still speak them) labelled for anywhere."""
    text = "Wir begrüßen den Vorschlag der Kommission, aber die Regeln sind zu vage und zu streng."
    abroad = [RespondentFeatures(f"r{i}", organisation=f"Verein {i}", country="Deutschland", text=text)
              for i in range(20)]
    general = taxonomy_from_respondents(abroad)
    assert general.name == "general_default" and general.keys == default_taxonomy().keys
    labels = " ".join(s.label for s in general.sectors).lower()
    assert "local authority" not in labels and "academy" not in labels
    assert general.sector("local_authority").label == "Local or regional government"
    # what a form's respondents write for a UK label still finds the sector
    assert normalise_declared("Local authority", general)[0] == "local_authority"
    # and the rules still place what names say: the general labels name no sector twice
    names = ["Ministère de la Transition écologique", "Bundesministerium für Umwelt", "Miljøstyrelsen",
             "Generalitat de Catalunya - Agència de Residus", "Comune di Capannori"]
    bodies = [RespondentFeatures(f"b{i}", organisation=names[i % 5], is_organisation=True, country="France")
              for i in range(20)]
    placed = {features.organisation: r.sector for features, r in zip(bodies, SectorSession(
        bodies, taxonomy_from_respondents(bodies)).run(), strict=True)}
    assert placed == {**dict.fromkeys(names[:4], "other_public_body"), names[4]: "local_authority"}
    home = [RespondentFeatures(f"r{i}", organisation=f"Group {i}", country="United Kingdom") for i in range(20)]
    assert taxonomy_from_respondents(home).name == "uk_default"


def test_regulations_gov_categories_take_the_side_their_words_say() -> None:
    """"Private Industry" is companies (its 89 respondents were flagged as individuals answering for
    an organisation, burying the real conflicts); "Individual" is people."""
    assert label_side("Private Industry")[0] is True
    assert label_side("Tribal Government")[0] is True
    assert label_side("Individual")[0] is False and label_side("Private")[0] is False


def test_a_canadian_forms_types_find_their_default_sectors_in_either_language() -> None:
    """A French sheet's "Administration municipale" is the English sheet's "Municipal government"
    (and a local authority, not another public body)."""
    default = default_taxonomy()
    for english, french, key in (("Municipal government", "Administration municipale", "local_authority"),
                                 ("Business", "Entreprise", "business"),
                                 ("Non-profit organization", "Organisme sans but lucratif", "voluntary_community"),
                                 ("Academic", "Milieu universitaire", "academic_research")):
        assert normalise_declared(english, default)[0] == normalise_declared(french, default)[0] == key


def test_answers_that_keep_naming_another_country_turn_the_seed_off() -> None:
    """Nothing declared, no country column, English answers: but the answers name Australia."""
    text = "Australia needs a risk-based approach so that Australians can trust AI used by government agencies."
    features = [RespondentFeatures(f"r{i}", name=f"Submitter {i}", text=text) for i in range(30)]
    check = seed_applies(features)
    assert not check.applies and "Australia" in check.reason
    uk = "The UK needs a risk-based approach so that people in Britain can trust AI used by councils and the NHS."
    assert seed_applies([RespondentFeatures(f"r{i}", text=uk) for i in range(30)]).applies


def test_uk_consultation_still_uses_the_seed() -> None:
    features = [RespondentFeatures(f"r{i}", organisation="Some Org", country="United Kingdom") for i in range(10)]
    assert seed_applies(features).applies


def test_taxonomy_round_trip_keeps_sides_and_mapping() -> None:
    tax = complete_declared(taxonomy_from_labels(EU_LABELS), EU_LABELS + ["Bürger"])
    again = Taxonomy.from_dict(tax.to_dict())
    assert again.sides == tax.sides and again.declared_map == tax.declared_map


def test_local_seed_carries_confirmed_names_only(tmp_path, monkeypatch) -> None:
    from consult_analyser.pipeline.sectors.local_seed import LocalSeed, load_local_seeds, remember_corrections

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "team_seed.json"
    added = remember_corrections([("Northshire Fire and Rescue Service", "Police, justice or fire service", True),
                                  ("Jane Smith", "Individual", False), ("", "Business", True)], path)
    assert added == 1
    text = path.read_text(encoding="utf-8")
    assert "Jane Smith".lower() not in text and "northshire fire" in text
    seed = load_local_seeds([path])
    assert isinstance(seed, LocalSeed)
    # a team file saved elsewhere is read by the next consultation (it was written and never read)
    default = load_local_seeds()
    assert default is not None and "northshire fire and rescue service" in {n.lower() for n in default.names}
    features = [RespondentFeatures("a", organisation="Northshire Fire and Rescue Service"),
                RespondentFeatures("b", organisation="Unknown Thing")]
    results = {r.respondent_id: r for r in SectorSession(features, local_seed=seed).run()}
    assert results["a"].sector == "police_justice_fire" and results["a"].detail.startswith("local-seed:")


def test_a_remembered_name_is_found_however_the_next_consultation_spells_it(tmp_path) -> None:
    """A trial's saved names matched only as spelt: "Open Table" missed "The Open Table", "Harbour Futures CIC"
    missed "Harbour Futures C.I.C." (4 of 12 variants found). They are keyed as the Organisations sheet merges them."""
    from consult_analyser.pipeline.sectors.local_seed import load_local_seeds, remember_corrections

    path = tmp_path / "team_seed.json"
    remember_corrections([("The Open Table", "Voluntary or community organisation", True),
                          ("Harbour Futures C.I.C.", "Voluntary or community organisation", True),
                          ("Sandwell F.M.", "Business", True)], path)
    seed = load_local_seeds([path])
    assert seed is not None
    for spelt in ("Open Table", "the open table", "Harbour Futures CIC", "Harbour Futures", "Sandwell FM"):
        assert seed.label_for(spelt) is not None, spelt
    assert seed.label_for("Open Tables Trust") is None


def test_large_consultation_describes_only_needed_rows_and_activates_on_correction() -> None:
    features = []
    for i in range(60):
        kind = ["Business", "Charity", "Local authority"][i % 3]
        org = {"Business": f"Widgets {i} Ltd", "Charity": f"Helping Hands {i} Trust",
               "Local authority": f"Town {i} Council"}[kind]
        features.append(RespondentFeatures(f"r{i}", organisation=org, declared_type=kind, is_organisation=True))
    features += [RespondentFeatures(f"u{i}", organisation=f"Gadgets {i} Ltd") for i in range(5)]
    session = SectorSession(features, max_train_per_class=5, full_matrix_limit=10)
    assert len(session.active) == 5 + 3 * 5
    results = {r.respondent_id: r for r in session.run()}
    assert all(results[f"r{i}"].source == "declared" for i in range(60))
    assert all(results[f"u{i}"].sector == "business" for i in range(5))
    outside = next(f"r{i}" for i in range(60) if session.index[f"r{i}"] not in session.position)
    again = {r.respondent_id: r for r in session.correct(outside, "voluntary_community")}
    assert again[outside].source == "analyst" and session.index[outside] in session.position


def test_annex_organisations_skip_non_names_and_merge_spellings() -> None:
    from consult_analyser.pipeline.sectors.orgnames import listed_organisations, organisation_key

    assert organisation_key("The Acme Widgets Ltd.") == organisation_key("ACME WIDGETS LIMITED") == "acme widgets"
    assert organisation_key("Smith & Sons plc") == organisation_key("Smith and Sons")
    rows = [("Self", "police_justice_fire"), ("N/A", "academic_research"), ("Private individual", "health_care"),
            ("Retired", "other"), ("Individual response", "other"), ("Myself", "other"), ("-", "other"),
            ("Acme Widgets Ltd", "business"), ("ACME WIDGETS LIMITED", "business"), ("The Acme Widgets Ltd.", "business"),
            ("Leeds City Council", "local_authority"), ("leeds city council", "local_authority")]
    entries = listed_organisations(rows)
    assert [(e.sector, e.respondents) for e in entries] == [("business", 3), ("local_authority", 2)]
    assert len(entries[0].spellings) == 3 and entries[0].name in entries[0].spellings


def test_model_guess_below_threshold_is_unclassified() -> None:
    features = [RespondentFeatures(f"b{i}", organisation=f"Widgets {i} Ltd", declared_type="Business") for i in range(6)]
    features += [RespondentFeatures(f"c{i}", organisation=f"Hope {i} Charity", declared_type="Charity") for i in range(6)]
    features.append(RespondentFeatures("q", organisation="Zq"))
    session = SectorSession(features, seed=None, min_model_confidence=0.99)
    result = {r.respondent_id: r for r in session.run()}["q"]
    assert result.sector == "" and result.review.startswith("unclassified") and result.probabilities


def test_a_legal_form_shared_by_several_declared_types_is_no_conflict() -> None:
    """'e.V.' and 'association' say non-profit, not which kind: where this consultation's own
    respondents declared business and consumer associations under such names, the name is no
    evidence against those types; a police force declared as something else still is."""
    taxonomy = taxonomy_from_labels(["Business association", "Consumer organisation", "NGO (Non-governmental "
                                     "organisation)", "Public authority", "EU citizen", "Other"])
    features = [RespondentFeatures(f"ev{i}", organisation=f"Verband Nord {i} e.V.", declared_type="Business association",
                                   is_organisation=True) for i in range(6)]
    features += [RespondentFeatures(f"as{i}", organisation=f"Association des consommateurs {i}",
                                    declared_type="Consumer organisation", is_organisation=True) for i in range(4)]
    features += [RespondentFeatures("ngo", organisation="Digital Rights Watch ASBL", is_organisation=True,
                                    declared_type="NGO (Non-governmental organisation)"),
                 RespondentFeatures("police", organisation="Humberside Police", declared_type="NGO (Non-governmental "
                                    "organisation)", is_organisation=True),
                 RespondentFeatures("ministry", organisation="Ministère de l'Économie", is_organisation=True,
                                    declared_type="Public authority")]
    results = {r.respondent_id: r for r in classify(features, taxonomy)}
    assert all(r.source == "declared" for r in results.values())
    assert not any(results[f"ev{i}"].review for i in range(6))
    assert not any(results[f"as{i}"].review for i in range(4))
    assert not results["ngo"].review and not results["ministry"].review
    assert "name says 'Public authority'" in results["police"].review


def test_european_organisation_names_written_as_one_long_word_are_not_people() -> None:
    """German and Dutch put an organisation's kind at the end of a compound; read as two capitalised
    words they looked like "Firstname Surname", were filed as individuals and left out of the
    annex's list of organisations."""
    rules = SectorRules.default()
    for name in ["Kirchliche Medienstelle", "Landesmedienanstalt Saar", "Handwerkskammer Hamburg",
                 "Caritasverband Köln", "Gemeentebestuur Utrecht", "Stadtwerke München", "Ordre des avocats",
                 "Gesamtverband Textil", "Bundesnetzagentur"]:
        assert rules.names_organisation(name) and not rules.looks_like_person(name), name
    for name in ["Hans Müller", "Jan de Raad", "Conrad Bund", "Marie Dubois"]:
        assert rules.looks_like_person(name) and not rules.names_organisation(name), name
    from consult_analyser.export.safety import screen_organisations

    assert screen_organisations(["Kirchliche Medienstelle", "Hans Müller"]) == {"Hans Müller"}


def test_a_region_column_of_uk_regions_or_towns_keeps_the_uk_seed() -> None:
    """"North West", "London", "Kent": where in the UK, not another country. Only values read as a
    foreign country (Germany, Belgique, Spain) say the consultation is not a UK one."""
    def check(places: list[str]) -> bool:
        features = [RespondentFeatures(f"r{i}", organisation="Northfield Borough Council", country=place)
                    for i, place in enumerate(places * 4)]
        return seed_applies(features).applies

    assert check(["North West", "London", "Yorkshire and the Humber", "Scotland", "South East"])
    assert check(["Kent", "Leeds", "Cardiff", "Norfolk", "Belfast"])  # towns and counties: no evidence either way
    assert not check(["Germany", "Belgique", "Spain", "France", "Kent"])


def test_an_individual_who_ticked_organisation_and_wrote_myself_is_an_individual_for_review() -> None:
    features = [RespondentFeatures("myself", name="Maren Lindqvist", organisation="Myself", is_organisation=True),
                RespondentFeatures("retired", organisation="Private individual", is_organisation=True),
                RespondentFeatures("blank", organisation="N/A", is_organisation=True),
                RespondentFeatures("council", organisation="Leeds City Council", declared_type="Local authority",
                                   is_organisation=True)]
    results = {r.respondent_id: r for r in classify(features, default_taxonomy())}
    for rid, box in (("myself", "Myself"), ("retired", "Private individual")):
        assert results[rid].sector == "individual" and results[rid].confidence < 1
        assert f"organisation box says {box!r}" in results[rid].review
    assert results["blank"].sector != "individual"  # "N/A": an organisation may write that too


def test_a_name_that_supports_the_declared_type_is_no_conflict_whatever_else_it_says() -> None:
    """A further-education college writes from an ac.uk address; a Catholic school's name also says
    faith: the declared type its own name supports is not put in question."""
    features = [RespondentFeatures("college", organisation="Northfield College", email_domain="northfield.ac.uk",
                                   declared_type="School, college or academy trust", is_organisation=True),
                RespondentFeatures("school", organisation="St Mary's Catholic Primary School",
                                   declared_type="School, college or academy trust", is_organisation=True),
                RespondentFeatures("police", organisation="Humberside Police", declared_type="Local authority",
                                   is_organisation=True)]
    results = {r.respondent_id: r for r in classify(features, default_taxonomy())}
    assert not results["college"].review and not results["school"].review
    assert "Police" in results["police"].review


def test_an_anonymous_form_says_nothing_tells_who_answered() -> None:
    """No name, organisation, e-mail or type (an anonymous Google or Microsoft form): every respondent
    is left for review with that reason, not with a guess the model could not make."""
    from consult_analyser.pipeline.sectors.thresholds import NOTHING_SAYS_WHO

    features = [RespondentFeatures(f"r{i}", text=f"The bus service in town is too slow, route {i}") for i in range(12)]
    results = classify(features, default_taxonomy())
    assert all(not r.sector and NOTHING_SAYS_WHO in r.review for r in results)


def test_match_text_offsets_is_match_text_with_where_each_character_came_from() -> None:
    from consult_analyser.pipeline.sectors.rules import match_text, match_text_offsets

    for text in ["St Giles's  Parish", "Université d’Angers", "  Café\tNoir ", "Caritasverband Köln", "ÆØÅ Forening",
                 "", "   ", "Ørsted A/S", "L'Église réformée", "İstanbul Belediyesi"]:
        matched, source = match_text_offsets(text)
        assert matched == match_text(text) and len(source) == len(matched), text
        assert all(0 <= i < len(text) for i in source) and source == sorted(source)


def test_a_near_spelling_of_a_whole_label_beats_a_shorter_label_inside_it() -> None:
    """Hand-coded types carry typos and plurals: "Corp Groups" is the "Corp Group" entry, not "Corp";
    a plural names the sector its singular names."""
    tax = taxonomy_from_labels(["Ngo", "Corp", "Corp Group", "Gov"])
    assert normalise_declared("Corp Groups", tax) == ("corp_group", 0.9)
    for raw in ("Corp Grop", "Corp Gorup"):
        assert normalise_declared(raw, tax) == ("corp_group", 0.7), raw
    assert normalise_declared("Corp", tax) == ("corp", 1.0)
    assert normalise_declared("Gov Agency", tax)[0] == "gov"
    # the first level of a hierarchical type, misspelt: filed under the level it spells
    levels = Taxonomy(list(tax.sectors), dict(tax.synonyms), dict(tax.links), "declared_levels", dict(tax.sides))
    levels = complete_declared(levels, ["Corp Grop; Trade Association", "Ngo;Advocacy"])
    assert levels.declared_map[clean_text("Corp Grop; Trade Association")][0] == "corp_group"
    assert levels.declared_map[clean_text("Ngo;Advocacy")][:1] == ["ngo"]
    default = default_taxonomy()
    assert normalise_declared("Charities", default) == ("voluntary_community", 0.9)
    assert normalise_declared("Faith groups", default)[0] == "faith"
    assert normalise_declared("Local councils", default)[0] == "local_authority"


def test_people_describing_themselves_are_individuals() -> None:
    """A free-text "which best describes you?" box: "I'm a teacher", "Mum", "Volunteer at food bank"
    are people, not kinds of organisation; in the UK default they file as individuals, not "Other"."""
    from consult_analyser.pipeline.sectors.declared import complete_declared, declared_sector
    from consult_analyser.pipeline.sectors.taxonomy import default_taxonomy

    for label in ("I'm a teacher", "Mum", "Farmer", "Volunteer at food bank", "concerned parent of 3", "Vicar",
                  "I am retired"):
        assert label_side(label)[0] is False, label
    for label in ("small business owner", "charity trustee", "Trade union", "Public authority"):
        assert label_side(label)[0] is True, label
    uk = default_taxonomy()
    values = ["I'm a teacher", "Mum", "Acme Widgets"]
    done = complete_declared(uk, values)
    assert declared_sector("I'm a teacher", done)[0] == "individual"
    assert declared_sector("Mum", done)[0] == "individual"
    assert declared_sector("Acme Widgets", done)[0] == done.fallback_key  # names no sector: "Other", for review


def test_a_label_whose_words_say_no_side_takes_the_side_its_respondents_answered() -> None:
    """"Undergraduate" names a person; "Friends of Elm Park" and "Ramblers" say neither side, so the
    respondents who chose them decide: those naming an organisation make it an organisation's, those
    who left the organisation box empty (in a form that has one) an individual's. Too few to tell
    stays an organisation's, for the analyst to confirm."""
    assert label_side("Undergraduate")[0] is False and label_side("Postgraduate student")[0] is False
    features = [RespondentFeatures(f"f{i}", declared_type="Friends of Elm Park", organisation=f"Friends group {i}")
                for i in range(6)]
    features += [RespondentFeatures(f"w{i}", declared_type="Ramblers", name=f"Walker {i}") for i in range(6)]
    features += [RespondentFeatures(f"u{i}", declared_type="Undergraduate") for i in range(6)]
    features += [RespondentFeatures(f"x{i}", declared_type="Blorfers") for i in range(2)]
    session = SectorSession(features, taxonomy_from_labels(["Friends of Elm Park", "Ramblers", "Undergraduate",
                                                            "Blorfers"]))
    tax = session.taxonomy
    sides = {s.label: s.is_organisation for s in tax.sectors}
    assert sides == {"Friends of Elm Park": True, "Ramblers": False, "Undergraduate": False, "Blorfers": True}
    assert tax.sides["ramblers"] == ("no word in the label decides; 0 of the 6 respondents who chose it named an "
                                     "organisation")
    assert tax.sides["blorfers"] == "no word for individuals in the label"


def test_a_form_asking_only_individual_or_organisation_still_sorts_its_organisations() -> None:
    """"Individual" was the only declared label (the organisations' answer names no sector), so the
    consultation's own taxonomy had one sector and every organisation was filed under "Individual";
    the organisations are sorted into the default sectors instead."""
    from consult_analyser.pipeline.sectors.run import taxonomy_from_respondents

    features = [RespondentFeatures(f"i{i}", name=f"Person {i}", declared_type="Individual", is_organisation=False)
                for i in range(30)]
    bodies = ["Leeds City Council", "Age UK Leeds", "Unison Yorkshire", "Kirkstall Taxis Ltd", "St Mary's Primary School"]
    features += [RespondentFeatures(f"o{i}", organisation=bodies[i % 5], is_organisation=True) for i in range(20)]
    taxonomy = taxonomy_from_respondents(features)
    assert taxonomy.name == "uk_default"
    results = {r.respondent_id: r for r in SectorSession(features, taxonomy).run()}
    assert all(taxonomy.is_organisation(results[f"o{i}"].sector) for i in range(20) if results[f"o{i}"].sector)
    assert results["o0"].sector == "local_authority" and results["i0"].sector == "individual"


def test_a_name_saying_what_the_declared_label_says_is_no_conflict() -> None:
    """Declared "Town and community council" with a name "... Town Council": the rules read both as
    local government, which this taxonomy files under "Local authority"; that is no conflict."""
    taxonomy = taxonomy_from_labels(["Local authority", "Town and community council", "Third sector", "Individual"])
    features = [RespondentFeatures("town", organisation="Llanfedw Town Council", is_organisation=True,
                                   declared_type="Town and community council"),
                RespondentFeatures("county", organisation="Dyfnant County Council", is_organisation=True,
                                   declared_type="Local authority"),
                RespondentFeatures("trust", organisation="Afon Teifi Rivers Trust", is_organisation=True,
                                   declared_type="Third sector")]
    features += [RespondentFeatures(f"p{i}", name=f"Person {i}", declared_type="Individual", is_organisation=False)
                 for i in range(3)]
    results = {r.respondent_id: r for r in classify(features, taxonomy)}
    assert not results["town"].review and not results["county"].review and not results["trust"].review


def test_labels_naming_a_persons_role_are_individuals_and_their_organisations_stay_organisations() -> None:
    """An inquiry's capacities: the bereaved, families, carers, patients, staff speaking for themselves
    are individuals; their organisations are organisations. "Other" says neither."""
    for label in ["Bereaved family member", "Relative of a resident", "Bereaved parent", "Next of kin", "Unpaid carer",
                  "Patient", "Service user", "Survivor", "Victim", "Witness", "Parent/guardian", "Former resident",
                  "Resident's family", "Care worker", "Nurse", "Former employee", "Member of staff", "Family members"]:
        assert label_side(label)[0] is False, label
    for label in ["Carers' organisation", "Patient group", "Victims' charity", "Survivors' network",
                  "Staff association", "Care provider (company)", "Local authority", "Bereaved families' network"]:
        assert label_side(label)[0] is True, label
    assert label_side("Other") == (True, UNDECIDED_SIDE)


def test_a_persons_name_goes_to_the_plain_individuals_label_not_a_roles_that_came_first() -> None:
    from consult_analyser.pipeline.sectors.declared import taxonomy_from_labels
    from consult_analyser.pipeline.sectors.model import SectorSession
    from consult_analyser.pipeline.sectors.rules import RespondentFeatures

    labels = ["Farmer or grower", "Individual", "Local government (regional or district council)", "Other"]
    taxonomy = taxonomy_from_labels(labels)
    assert taxonomy.individual_key == "individual"
    firsts = ["Aroha", "Hemi", "Mere", "Tipene", "Ngaio", "Rawiri", "Kiri", "Manaia", "Tama", "Huia"]
    # as an import gives them: "Individual" says its side; "Farmer or grower" leaves it open
    people = [RespondentFeatures(f"i{i}", name=f"{first} Tamatea", declared_type="Individual", is_organisation=False)
              for i, first in enumerate(firsts)]
    farmers = [RespondentFeatures(f"f{i}", name=f"{first} Pohatu", declared_type="Farmer or grower")
               for i, first in enumerate(firsts[:4])]
    councils = [RespondentFeatures(f"c{i}", organisation=f"Waikaha {i} District Council",
                                   declared_type=labels[2], is_organisation=True) for i in range(3)]
    unknown = RespondentFeatures("u1", name="Wiremu Lumsden")
    results = {r.respondent_id: r for r in SectorSession([*people, *farmers, *councils, unknown], taxonomy,
                                                         seed=None).run()}
    assert results["u1"].sector == "individual", results["u1"]


def test_one_declared_type_written_several_ways_is_one_sector() -> None:
    # a paper form typed in by hand beside the online one: "Resident", "resident", "Residnet"
    values = ["A resident"] * 40 + ["Resident"] * 6 + ["resident"] * 3 + ["Residnet"] * 2 + ["A local business"] * 10 \
        + ["A councillor"] * 4
    features = [RespondentFeatures(f"r{i}", name=f"Someone {i}", declared_type=v) for i, v in enumerate(values)]
    taxonomy = taxonomy_from_respondents(features)
    assert [s.label for s in taxonomy.sectors if "esid" in s.label] == ["A resident"]
    results = {r.respondent_id: r for r in SectorSession(features, taxonomy, seed=None).run()}
    assert {results[f"r{i}"].sector for i in range(40, 51)} == {results["r0"].sector}
    assert all(results[f"r{i}"].source == "declared" for i in range(40, 51))


def test_a_legal_form_never_contradicts_a_declared_kind_of_organisation() -> None:
    """"Ltd" says how a body is constituted: an energy supplier, a water company and a debt charity may
    all be limited companies, so "BrightSpark Energy Ltd" declared as an energy supplier is no conflict
    where the consultation's other "Ltd" declared a water company."""
    taxonomy = taxonomy_from_labels(["Water company", "Energy supplier", "Charity or debt advice", "Individual"])
    features = [RespondentFeatures("w1", organisation="Fenmoor Water Ltd", declared_type="Water company",
                                   is_organisation=True),
                RespondentFeatures("e1", organisation="BrightSpark Energy Ltd", declared_type="Energy supplier",
                                   is_organisation=True),
                RespondentFeatures("c1", organisation="Sunrise Credit Union", declared_type="Charity or debt advice",
                                   is_organisation=True),
                RespondentFeatures("p1", name="Orla Quennell", declared_type="Individual", is_organisation=False)]
    results = {r.respondent_id: r for r in classify(features, taxonomy)}
    assert not results["e1"].review and not results["c1"].review


def test_a_place_council_is_a_local_authority_and_a_national_or_topic_council_is_not() -> None:
    """"Wiltshire Council" is a local authority; "Consumer Council for Utilities", "Business Council of
    Australia" and "American Chemistry Council" are associations the generic council rule had filed as
    local authorities (64 of the US comments' "... Council" are NGOs)."""
    rules = SectorRules.default()

    def generic(name: str) -> bool:
        return any(h.rule == "council_generic" for h in rules.hits(RespondentFeatures("x", organisation=name)))

    assert generic("Wiltshire Council") and generic("Cheshire East Council")
    for name in ("Consumer Council for Utilities", "Business Council of Australia", "American Chemistry Council",
                 "National Tribal Water Council", "International Code Council"):
        assert not generic(name), name


def test_companies_under_different_countries_legal_forms_are_listed_apart() -> None:
    """A trial's annex merged "Acme Ltd" with "Acme NV" and an "SA" with an "SAS" (374 listed for 377)."""
    from consult_analyser.pipeline.sectors.orgnames import listed_organisations

    rows = [("Kettleworth Ltd", "business"), ("Kettleworth Limited", "business"), ("Kettleworth NV", "business"),
            ("Brissac SA", "business"), ("Brissac SAS", "business"), ("Fernhill", "business"),
            ("Fernhill Inc.", "business")]
    names = sorted(entry.name for entry in listed_organisations(rows))
    assert len(names) == 5, names  # Kettleworth (Ltd/Limited), Kettleworth NV, Brissac SA, Brissac SAS, Fernhill


@pytest.mark.parametrize("label, is_org", [
    ("Teacher or other school staff", False), ("Headteacher", False), ("School governor", False),
    ("University student", False), ("Council tenant", False), ("Charity worker", False),
    ("School", True), ("School or college", True), ("Board of governors", True), ("Teachers' union", True),
    ("Student union", True), ("Staff association", True), ("Academy trust", True),
])
def test_a_body_that_only_says_where_a_person_works_leaves_the_label_an_individuals(label, is_org):
    """A trial's "Teacher or other school staff", "Headteacher" and "School governor" were read as
    organisations ("the label says 'school'"): 443 teachers and governors were filed as parents."""
    assert label_side(label)[0] is is_org


def test_an_organisations_type_chosen_by_someone_answering_as_an_individual_is_kept_for_review(tmp_path):
    """A consultation whose individuals' types are all roles ("Parent or carer", "Pupil or student"): a trial's
    teachers, read as an organisations' type, were filed under the first of them, "Parent or carer", with
    nothing flagged. Without a plain "Individual" sector the type they chose stays, and is flagged."""
    import csv

    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.sectors.run import SectorReview
    from consult_analyser.store.project import Project

    path = tmp_path / "forms.csv"
    rows = [[f"R{i}", kind, side, "I think phones should be kept in lockers at school."]
            for i, (kind, side) in enumerate([("Parent or carer", "Individual")] * 6 + [("Pupil or student", "Individual")] * 4
                                             + [("Local authority", "Organisation")] * 3
                                             + [("Local authority", "Individual")])]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ID", "Which best describes you?", "Are you responding as an individual or organisation?",
                         "Q1. Your views"])
        writer.writerows(rows)
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [path])
        results = {project.scalar("SELECT external_id FROM respondents WHERE id = ?", (r.respondent_id,)): r
                   for r in SectorReview(project).run()}
    assert results["R0"].sector == "parent_or_carer" and not results["R0"].review
    assert results["R13"].sector == "local_authority"
    assert "'Local authority', an organisations' type, while answering as an individual" in results["R13"].review


def test_a_few_corrections_to_one_organisations_sector_file_nobody_else_there() -> None:
    """A Canadian trial (nothing declared, the UK seed off): after 20 people and 10 organisations were corrected,
    8 of them to "Business", the model filed every other organisation as a Business at 60-100% ("Food Secure
    Canada" at 97%, "Archdiocese of Halifax-Yarmouth" at 94%). With organisations known from so few labels it
    proposes, at a confidence that says so, and files none."""
    from consult_analyser.pipeline.sectors.locale import SeedCheck
    from consult_analyser.pipeline.sectors.thresholds import FEW_ORGANISATION_LABELS

    businesses = ["Maple Leaf Foods Inc.", "Saputo Inc.", "Boulangerie Morin inc.", "Smith Farms Ltd.",
                  "Nestlé Canada Inc.", "Cott Beverages Canada", "Kraft Heinz Canada ULC", "Olymel S.E.C."]
    features = [RespondentFeatures(f"p{i}", name=f"Person {i}", email_domain="gmail.com") for i in range(20)]
    features += [RespondentFeatures(f"b{i}", organisation=name, email_domain=f"b{i}.ca", is_organisation=True)
                 for i, name in enumerate(businesses)]
    features += [RespondentFeatures("u1", organisation="Teamsters Local 419", is_organisation=True),
                 RespondentFeatures("u2", organisation="Syndicat des travailleurs de l'alimentation", is_organisation=True)]
    unknown = ["Food Secure Canada", "Équiterre", "Mennonite Central Committee Canada", "Banques alimentaires du Québec"]
    features += [RespondentFeatures(f"o{i}", organisation=name, is_organisation=True) for i, name in enumerate(unknown)]
    labels = {**{f"p{i}": "individual" for i in range(20)}, **{f"b{i}": "business" for i in range(8)},
              "u1": "trade_union", "u2": "trade_union"}
    assert FEW_ORGANISATION_LABELS > 10  # (the organisations labelled here)
    session = SectorSession(features, default_taxonomy(general=True), seed_check=SeedCheck(False, "a Canadian consultation"))
    results = {r.respondent_id: r for r in session.run(labels)}
    for i in range(len(unknown)):
        result = results[f"o{i}"]
        if result.source == "model":
            assert result.sector == "" and "too few" in result.review and result.confidence < 0.5, result
    # a re-test: 12 more corrections, all to "Business", took it past 20 labels, and every other organisation went
    # there at 98-100%: the model still proposes while it knows fewer than half the organisations' sectors
    more = [RespondentFeatures(f"m{i}", organisation=f"Prairie Foods {i} Ltd.", is_organisation=True) for i in range(15)]
    # and another response of an organisation an analyst set is filed with it, however it is spelt
    again = [RespondentFeatures("s1", organisation="SAPUTO INC", is_organisation=True)]
    session = SectorSession(features + more + again, default_taxonomy(general=True),
                            seed_check=SeedCheck(False, "a Canadian consultation"))
    results = {r.respondent_id: r for r in session.run({**labels, **{f"m{i}": "business" for i in range(15)}})}
    for i in range(len(unknown)):
        result = results[f"o{i}"]
        if result.source == "model":
            assert result.sector == "" and "too few" in result.review, result
    assert results["s1"].sector == "business" and "same organisation" in results["s1"].detail, results["s1"]


def test_an_other_answer_naming_no_sector_stays_in_the_forms_other() -> None:
    """A trial's "Other (please specify): Kaitiaki" and "... Hinds Drains Working Party" were filed under the form's
    last organisations' type ("Regional council"): the catch-all was not known when worded "Other (please specify)"."""
    taxonomy = taxonomy_from_labels(["Member of the public", "Farmer or grower", "Business", "Other (please specify)",
                                     "Regional council"])
    assert taxonomy.fallback_key == "other_please_specify"
    for said in ("Kaitiaki", "Hinds Drains Working Party"):
        assert declared_sector(f"Other (please specify): {said}", taxonomy)[0] == "other_please_specify"
    assert default_taxonomy().fallback_key == "other"


def test_an_other_answer_filed_back_under_the_forms_own_option_for_people_is_checked() -> None:
    """A trial's 26 individuals who chose "Other (please specify)" ("Retired farmer", "Farm manager", "Kaitiaki") were
    filed under "Member of the public", the option they had passed over, without a flag."""
    taxonomy = taxonomy_from_labels(["Member of the public", "Farmer or grower", "Business", "Other (please specify)",
                                     "Regional council"])
    features = [RespondentFeatures(f"m{i}", declared_type="Member of the public", is_organisation=False)
                for i in range(10)]
    features += [RespondentFeatures("o1", declared_type="Other (please specify): Retired farmer", is_organisation=False),
                 RespondentFeatures("c1", declared_type="Other (please specify): our parish church",
                                    organisation="St Mary's Church", is_organisation=True)]
    results = {r.respondent_id: r for r in SectorSession(features, taxonomy).run()}
    assert results["o1"].sector == "member_of_the_public" and "chose 'Other'" in results["o1"].review
    assert not results["m0"].review and "chose 'Other'" not in results["c1"].review
