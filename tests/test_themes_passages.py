"""Long answers (letters) are themed by their passages: several points per letter give several themes,
text copied into many letters (the consultation's questions) is never a theme, a label or a quote, and
short answers are themed exactly as before."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from consult_analyser.pipeline.themes import passages
from consult_analyser.pipeline.themes.model import ThemeModel, discover_themes
from consult_analyser.pipeline.themes.passages import (
    answer_passages,
    copied_passages,
    fold_floor,
    quotable,
    readable,
    reads_in_passages,
    subject_phrase,
)

TITLE = "Safe and responsible AI in Australia discussion paper"
QUESTIONS = ("1. Do you agree with the definitions in this discussion paper? If not, what definitions do you prefer "
             "and why? 2. What potential risks from AI are not covered by Australia's existing regulatory approaches? "
             "Do you have suggestions for possible regulatory action to mitigate these risks?")
#: each point's sentences, with words to choose ({a|b|c}) so that no two letters write one sentence alike
POINTS = {
    "privacy": [
        "{Personal|Private|Individual|Sensitive} information {collected|gathered|harvested|taken} to {train|build|develop} "
        "{models|systems|tools} {must|should|needs to} be {protected|safeguarded|shielded} by {stronger|tougher|better} "
        "privacy {law|legislation|rules}, with {consent|permission|agreement} {required|needed|sought} before "
        "{anyone's|a person's|people's|customers'} data is {scraped|collected|used}.",
        "The Privacy Act {should|must|ought to} be {reformed|amended|updated} so that {people|individuals|citizens} "
        "can {ask|request|demand} that their personal {data|information|details} be {deleted|erased|removed} from "
        "{training sets|datasets|data collections} and {learn|find out|be told} when {automated|algorithmic} decisions use it.",
        "{Surveillance|Monitoring|Tracking} of {customers|shoppers|citizens} through facial recognition {threatens|undermines|erodes} "
        "privacy and {should|must} {need|require} {explicit|clear|express} consent and a privacy impact {assessment|review}.",
    ],
    "copyright": [
        "{Authors|Writers|Novelists}, {musicians|composers|songwriters} and {illustrators|painters|photographers} see their "
        "copyright works {copied|reproduced|taken} without {permission|consent|a licence} to {train|feed|build} generative "
        "{models|systems}, and they {receive|get|are paid} no {payment|fee|royalty} or {credit|attribution}.",
        "{Creators|Artists|Rights holders} {need|deserve|require} licensing and {remuneration|payment|fair pay} when their "
        "{books|novels|texts}, {songs|recordings|music} and {artworks|images|pictures} are used for training, and copyright "
        "{law|legislation} {must|should} {say so|state this|make this} {plainly|clearly|explicit}.",
        "{Visual|Independent|Working} artists have {lost|missed|forgone} {commissions|work|income} to image generators "
        "{trained|built} on their {portfolios|works|images}; copyright {owners|holders} {should|must} be able to "
        "{refuse|block|opt out of} such use of their {works|creations}.",
    ],
    "health": [
        "Clinical {tools|software|systems} that {read|interpret|analyse} {scans|x-rays|images} or {suggest|propose|offer} "
        "diagnoses {must|should} be {validated|approved|tested} by the {medicines|therapeutic goods} regulator before "
        "{hospitals|clinics} and {doctors|physicians|GPs} rely on them for patients.",
        "Patients {deserve|have a right|need} to {know|be told|learn} when a diagnosis or a treatment {plan|decision} was "
        "{produced|made|drafted} with {software|an algorithm}, and {clinicians|doctors|medical staff} must {remain|stay} "
        "{responsible|accountable} for medical decisions.",
        "{Hospitals|Health services|Emergency departments} {adopting|using|deploying} triage {algorithms|software} need "
        "clinical safety {testing|trials|checks}, since an error {harms|injures|endangers} patients and {nurses|staff} "
        "may {trust|believe} the machine over their {judgement|training}.",
    ],
    "business": [
        "Small businesses {cannot|can't|are unable to} {afford|bear|carry} {heavy|large|high} compliance {costs|burdens}; "
        "obligations {must|should} be {proportionate|scaled|modest} so that {start-ups|young firms} and small "
        "{firms|companies|traders} can still {innovate|grow} and {compete|survive}.",
        "An SME with {ten|twelve|a handful of|few} {staff|employees|workers} has no {legal team|lawyers|in-house counsel}, so "
        "{guidance|advice|help}, {templates|checklists|toolkits} and {grants|subsidies|funding} would {help|allow|enable} small "
        "{enterprises|businesses} {to adopt|to take up} these {tools|technologies} {safely|with confidence}.",
        "Red tape {written|designed|drafted} for {global|multinational|large} technology {firms|giants|companies} would "
        "{crush|smother|hurt} local start-ups; small {firms|businesses} need a {simple|easy|clear}, {cheap|low-cost|affordable} "
        "path to compliance and {support|help} to {innovate|grow}.",
    ],
    "schools": [
        "{Teachers|Educators|Principals} {report|see|notice} {students|pupils|children} {submitting|handing in|turning in} "
        "{essays|assignments|homework} {written|produced|generated} by chatbots, so schools {need|require|want} "
        "{clear|firm|simple} rules on {homework|coursework}, {exams|tests} and academic integrity.",
        "{Universities|Colleges|Schools} {should|must|ought to} {redesign|rethink|change} assessment and {teach|train|show} "
        "{students|learners|pupils} to use chatbots {critically|wisely|carefully} rather than {ban|forbid|exclude} them "
        "from {classrooms|lessons|lectures}.",
        "Education departments {must|should} {train|prepare|support} teachers and {give|provide|offer} schools "
        "{guidance|advice|direction} on chatbots in {lessons|classes}, {homework|assignments} and {examinations|tests}.",
    ],
    "energy": [
        "Data centres {running|serving|hosting} large models {consume|use|burn} {vast|huge|enormous} amounts of "
        "{electricity|power|energy} and water, so their {emissions|carbon footprint} {must|should} be {reported|disclosed|published}.",
        "The {environmental|climate|ecological} cost of training {models|systems} {should|must} be {measured|counted|assessed}, "
        "with {targets|limits|caps} on the {energy|electricity|power} and water {data centres|server farms} {use|draw}.",
        "{Renewable|Clean|Green} {energy|power|electricity} {should|must} {supply|run|feed} new data centres, and "
        "{operators|companies|providers} {should|must} {disclose|report|publish} their water and carbon {use|footprint}.",
    ],
}


_ASIDES = ("indeed", "clearly", "also", "in our view", "we believe", "frankly", "of course", "today", "now")


def _written(template: str, rng: random.Random) -> str:
    """One writer's wording of a point: words chosen, and an aside here and there, as people write."""
    words = re.sub(r"\{([^}]*)\}", lambda m: rng.choice(m.group(1).split("|")), template).split()
    return " ".join(w if rng.random() > 0.2 or w[-1] in ".,;" else f"{w} {rng.choice(_ASIDES)}" for w in words)


def _letters(n: int = 40, seed: int = 3) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)
    names = list(POINTS)
    letters, made = [], []
    for i in range(n):
        points = rng.sample(names, rng.choice((2, 3)))
        body = [f"Dear Secretariat,\n\nThank you for the opportunity to respond to the {TITLE}. "
                f"Our organisation number {i} welcomes the {TITLE} and the work behind it."]
        if i % 2 == 0:
            body.append(QUESTIONS)
        for point in points:
            body += [_written(t, rng) for t in rng.sample(POINTS[point], 3)]
        body.append(f"We look forward to the next steps after the {TITLE}.\n\nYours sincerely,\nThe Board")
        letters.append("\n\n".join(body))
        made.append(points)
    return letters, made


@pytest.fixture(scope="module")
def embedder():
    from consult_analyser.pipeline.embeddings import get_embedder

    return get_embedder()


def test_the_rule_reads_letters_in_passages_and_short_answers_whole():
    letters, _ = _letters()
    assert reads_in_passages(letters)
    assert not reads_in_passages(["More buses in the evening please."] * 40)
    assert not reads_in_passages(letters[:3])  # too few to tell


def test_a_letters_passages_are_its_paragraphs_and_copied_ones_are_found():
    letters, _ = _letters()
    split = [answer_passages(t) for t in letters]
    assert all(len(s) >= 7 for s in split)
    copied = copied_passages(split)
    found = {split[a][j] for a, j in copied}
    assert any("potential risks from AI" in p for p in found)
    # a writer's own point, however often its subject recurs, is not a copy
    assert not any("facial recognition" in p for p in found)


def test_readable_prefers_sentences_to_a_column_jumble():
    clean = "Small firms need support. They cannot afford lawyers. Grants would help them adopt tools safely."
    jumble = ("Rather this and use of AI technologies monitoring rules and compliance procedures for AI approach seeks "
              "to harmonise the existing frameworks across sectors and jurisdictions the regulator would adopt and "
              "where appropriate new powers should be granted across the economy in line with")
    assert readable(clean) > 0.9 > 0.1 > readable(jumble)


def test_the_consultations_subject_is_no_label():
    letters, _ = _letters()
    subject = subject_phrase(letters)
    assert subject("Responsible AI in Australia discussion paper") and subject("Discussion paper")
    assert not subject("Copyright works") and not subject("Small businesses")


def test_letters_making_several_points_carry_several_themes(embedder):
    letters, made = _letters()
    result = discover_themes(letters, embedder.encode(letters), embedder=embedder)
    assert result.params.get("unit") == "passage"
    several = [a for a in range(len(letters)) if a in result.secondary]
    assert len(several) >= 0.6 * len(letters)
    # each theme is one of the points: most letters carrying it made that point
    subject = subject_phrase(letters)
    for theme in result.themes:
        carriers = [a for a in range(len(letters))
                    if result.assignments[a] == theme.key or any(k == theme.key for k, _ in result.secondary.get(a, []))]
        common = max(POINTS, key=lambda p: sum(p in made[a] for a in carriers))
        assert sum(common in made[a] for a in carriers) >= 0.8 * len(carriers), theme.label
        assert not subject(theme.label), theme.label
        assert "discussion paper" not in theme.label.lower() and "potential risks" not in theme.label.lower()
        # quoted letters carry the theme through a passage of their own
        for a in theme.representative:
            assert common in made[a]
    themed_points = {max(POINTS, key=lambda p: sum(p in made[a] for a in range(len(letters))
                                                    if result.assignments[a] == t.key)) for t in result.themes}
    assert len(themed_points) >= 4
    largest = max(t.size for t in result.themes)
    assert largest <= 0.4 * len(letters)
    for a, extra in result.secondary.items():
        assert len(extra) <= 2 and all(0 < c <= 1 for _, c in extra)
        assert result.assignments[a] >= 0


def test_copied_question_text_alone_makes_no_theme(embedder):
    letters, _ = _letters()
    # the questions in every letter: still never a theme of their own, nor quoted
    letters = [t if QUESTIONS in t else t.replace("\n\nYours", f"\n\n{QUESTIONS}\n\nYours") for t in letters]
    result = discover_themes(letters, embedder.encode(letters), embedder=embedder)
    for theme in result.themes:
        assert not any(w in theme.label.lower() for w in ("definitions", "potential risks", "regulatory action"))
        assert "definitions" not in theme.keywords


def test_short_answers_are_themed_as_before(embedder):
    texts = ["More buses in the evening please", "Evening buses are too rare", "Buses stop too early at night",
             "Fix the potholes on the high street", "Potholes everywhere on our road", "Road surface is dreadful",
             "Cheaper parking in the centre", "Parking costs too much in town", "The car park fees are too high"] * 3
    vectors = embedder.encode(texts)
    result = discover_themes(texts, vectors, embedder=embedder)
    before = ThemeModel().fit(texts, vectors, embedder=embedder).result_
    assert "unit" not in result.params
    assert np.array_equal(result.assignments, before.assignments)
    assert [t.label for t in result.themes] == [t.label for t in before.themes]
    assert result.secondary == before.secondary


RARE = {  # points one or two letters make
    "ferries": ["The {harbour|island|coastal} ferry {timetable|schedule} {should|must} not be {set|planned|decided} by an "
                "algorithm {alone|only}; {islanders|residents|commuters} {need|want} a {say|voice} in the {crossings|sailings}.",
                "{Ferry|Boat} {operators|companies} {using|adopting} automated {booking|ticketing} {must|should} keep a "
                "{counter|desk|person} for {elderly|older} {islanders|passengers} who {cannot|can't} book online."],
    "bees": ["{Beekeepers|Apiarists} {using|trying} {hive|colony} {sensors|monitors} {want|need} the {data|readings} to "
             "{stay|remain} theirs, not the {vendor's|supplier's|seller's}, and {pollination|honey} {records|logs} kept private."],
}


def _with_rare(letters: list[str], made: list[list[str]], rng: random.Random) -> tuple[list[str], list[list[str]]]:
    letters, made = list(letters), [list(m) for m in made]
    for i, point in ((0, "ferries"), (1, "ferries"), (2, "bees")):
        extra = [_written(t, rng) for t in RARE[point] for _ in range(2)]
        letters[i] = letters[i].replace("\n\nWe look forward", "\n\n" + "\n\n".join(extra) + "\n\nWe look forward")
        made[i].append(point)
    return letters, made


def _carriers(result, key: int) -> list[int]:
    return [a for a in range(len(result.assignments))
            if result.assignments[a] == key or any(k == key for k, _ in result.secondary.get(a, []))]


def test_themes_too_few_letters_carry_are_folded_into_the_nearest(embedder, monkeypatch):
    letters, made = _with_rare(*_letters(60, seed=5), random.Random(2))
    vectors = embedder.encode(letters)
    floor = fold_floor(np.ones(len(letters)))
    assert floor == 3
    monkeypatch.setattr(passages, "FOLD_MIN_ANSWERS", 0)  # the default cut alone: themes of one or two letters
    monkeypatch.setattr(passages, "FOLD_SHARE", 0.0)
    unfolded = discover_themes(letters, vectors, embedder=embedder)
    assert min(len(_carriers(unfolded, t.key)) for t in unfolded.themes) < floor
    monkeypatch.undo()
    result = discover_themes(letters, vectors, embedder=embedder)
    assert len(result.themes) < len(unfolded.themes)
    for theme in result.themes:
        carriers = _carriers(result, theme.key)
        assert len(carriers) >= floor, (theme.label, len(carriers))
        common = max(POINTS, key=lambda p: sum(p in made[a] for a in carriers))
        assert sum(common in made[a] for a in carriers) >= 0.8 * len(carriers), theme.label
    # the letters' themes ranked again: each still carries up to three, its own the largest
    for a, extra in result.secondary.items():
        assert len(extra) <= 2 and result.assignments[a] >= 0
    assert sum(1 for a in range(len(letters)) if a in result.secondary) >= 0.6 * len(letters)


#: words that tell which point a passage of the letters makes
MARKS = {"privacy": ("privacy", "personal"), "copyright": ("copyright", "licensing", "image generators"),
         "health": ("patients", "clinical", "diagnos", "triage"), "business": ("small", "sme ", "start-ups"),
         "schools": ("chatbots",), "energy": ("data centres", "energy", "emissions")}


def _point(passage: str) -> str | None:
    low = passage.lower()
    found = [p for p, marks in MARKS.items() if any(m in low for m in marks)]
    return found[0] if len(found) == 1 else None


def test_a_themes_quote_of_a_letter_is_the_passage_that_put_it_there(embedder):
    letters, made = _letters()
    result = discover_themes(letters, embedder.encode(letters), embedder=embedder)
    pairs = right = 0
    for theme in result.themes:
        carriers = _carriers(result, theme.key)
        assert set(theme.passages) == set(carriers), theme.label  # every letter carrying it, and only those
        common = max(POINTS, key=lambda p: sum(p in made[a] for a in carriers))
        for a, passage in theme.passages.items():
            assert passage in answer_passages(letters[a])  # one of the letter's own passages, whole
            assert "potential risks" not in passage and TITLE not in passage  # not a copied question, nor the opening
            pairs += 1
            right += _point(passage) == common
    # the passage makes the theme's point (the letter's other points are its other themes)
    assert pairs >= len(letters) and right >= 0.9 * pairs


def test_a_question_or_a_footnote_is_not_quoted_first():
    point = "We support a risk-based approach. High-risk uses need binding rules and an independent regulator."
    assert quotable(point)
    assert not quotable("Question: Do you support a risk-based approach for addressing potential AI risks? If not, "
                        "is there a better approach? How can any limitations be overcome?")
    assert not quotable(point + " See https://www.example.org/report.pdf for the figures.")
