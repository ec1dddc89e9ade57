"""Campaign (near-duplicate) detection, and campaigns counted once by theme discovery."""

from __future__ import annotations

import random

import numpy as np

from consult_analyser.pipeline.themes.campaigns import collapse, expand, find_campaigns
from consult_analyser.pipeline.themes.model import discover_themes

TEMPLATE = ("I am writing to urge the government to fund English classes for every new arrival, because "
            "learning the language is the first step to work, friendship and a full part in community life. "
            "Please do not cut the ESOL budget again this year.")
OTHERS = [
    "Bus services in the villages have been cut and older people cannot reach the town centre any more.",
    "Youth clubs closed last year and teenagers now have nowhere to meet people from other backgrounds.",
    "Schools should twin with schools of other faiths so that children meet each other every term.",
    "Hate crime is under-reported because people do not trust that the police will act on their reports.",
    "Employers could offer mentoring and work placements to women who have never had a paid job before.",
]


def edited(text: str, rng: random.Random, name: str) -> str:
    """A campaign copy: a greeting and signature, a dropped or doubled word, a typo."""
    words = text.split()
    i = rng.randrange(len(words))
    if rng.random() < 0.5:
        del words[i]
    else:
        words.insert(i, words[i])
    j = rng.randrange(len(words))
    if len(words[j]) > 3:
        w = words[j]
        words[j] = w[:1] + w[2] + w[1] + w[3:]
    return f"Dear Minister, {' '.join(words)} Yours, {name}"


def varied(n: int, rng: random.Random) -> list[str]:
    """Distinct answers on the other topics (same topic, different wording)."""
    starts = ["Honestly,", "In my view", "From experience,", "As a parent,", "Speaking for our group,", "Frankly"]
    out = []
    for i in range(n):
        base = OTHERS[i % len(OTHERS)].split()
        rng.shuffle(base)
        out.append(f"{starts[i % len(starts)]} {' '.join(base[: 8 + i % 7])} ({i})")
    return out


def test_finds_a_campaign_with_small_edits():
    rng = random.Random(3)
    texts = [edited(TEMPLATE, rng, f"Person {i}") for i in range(60)] + varied(40, rng) + ["No"] * 30
    order = list(range(len(texts)))
    rng.shuffle(order)
    texts = [texts[i] for i in order]
    found = find_campaigns(texts, min_size=20)
    assert len(found) == 1
    (campaign,) = found
    members = set(campaign.indices)
    assert members == {pos for pos, i in enumerate(order) if i < 60}
    assert campaign.canonical_index in members
    assert len(campaign.similarities) == len(campaign.indices) and min(campaign.similarities) >= 0.8
    assert campaign.size == 60


def test_minimum_size_and_short_repeats():
    rng = random.Random(4)
    texts = [edited(TEMPLATE, rng, f"P{i}") for i in range(10)] + ["I agree with the proposal."] * 50
    assert find_campaigns(texts, min_size=20) == []
    (small,) = find_campaigns(texts, min_size=5)
    assert small.size == 10


def test_exact_copies_are_one_group_and_empty_inputs():
    texts = [TEMPLATE] * 300 + [TEMPLATE.upper() + "  "] * 5
    (campaign,) = find_campaigns(texts)
    assert campaign.size == 305
    assert find_campaigns([]) == [] and find_campaigns(["", "   "]) == []


def test_collapse_and_expand():
    order, followers = collapse(6, [type("C", (), {"indices": [1, 3, 4], "canonical_index": 3})()])
    assert order == [0, 2, 3, 5] and followers == {3: [1, 4]}
    full = expand(np.array([7, 8, 9, -1]), order, followers, 6)
    assert full.tolist() == [7, 9, 8, 9, 9, -1]


def test_campaign_members_do_not_dominate_themes():
    """300 copies of one letter and 100 varied answers: the campaign is clustered once (101 inputs),
    is one theme counted in full, and the varied topics keep their own themes."""
    rng = random.Random(5)
    np_rng = np.random.default_rng(5)
    dim = 32
    centres = np_rng.normal(size=(len(OTHERS) + 1, dim))
    texts, vectors = [], []
    for i in range(300):
        texts.append(edited(TEMPLATE, rng, f"Person {i}"))
        vectors.append(centres[0] + 0.05 * np_rng.normal(size=dim))
    for i, text in enumerate(varied(100, rng)):
        texts.append(text)
        vectors.append(centres[1 + i % len(OTHERS)] + 0.3 * np_rng.normal(size=dim))
    vectors = np.array(vectors, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    campaigns = find_campaigns(texts)
    order, followers = collapse(len(texts), campaigns)
    assert len(order) == 101
    weights = [1 + len(followers.get(i, [])) for i in order]
    result = discover_themes([texts[i] for i in order], vectors[order], weights=weights)
    labels = expand(result.assignments, order, followers, len(texts))
    assert sum(t.size for t in result.themes) == int(np.sum(labels >= 0))  # campaign counted in full
    assert result.unassigned_share < 0.10
    campaign_themes = set(labels[:300].tolist())
    assert len(campaign_themes) == 1 and -1 not in campaign_themes
    others = labels[300:]
    assert len(set(others[others >= 0].tolist()) - campaign_themes) >= len(OTHERS)



def test_banded_search_finds_the_groups_of_the_all_pairs_search(monkeypatch):
    """Above EXACT_LIMIT distinct answers, candidate pairs come from MinHash banding: the groups
    must be those of comparing every pair."""
    import consult_analyser.pipeline.themes.campaigns as campaigns

    rng = random.Random(6)
    letters = [TEMPLATE, OTHERS[0] + " " + OTHERS[1] + " " + OTHERS[2], OTHERS[3] + " " + OTHERS[4] + " Thank you."]
    vocabulary = sorted({w.strip(".,").lower() for t in [TEMPLATE, *OTHERS] for w in t.split()})
    salads = [" ".join(rng.sample(vocabulary, 15)) for _ in range(400)]
    texts = [edited(letters[i % 3], rng, f"Person {i}") for i in range(240)] + salads
    rng.shuffle(texts)
    X = campaigns.shingles(sorted({campaigns.normalise(t) for t in texts}))
    exact = campaigns.link_all_pairs(X, 0.8)
    banded = campaigns.link_banded(X, 0.8)
    assert np.array_equal(exact, banded)
    monkeypatch.setattr(campaigns, "EXACT_LIMIT", 10)
    found = campaigns.find_campaigns(texts)
    assert sorted(c.size for c in found) == [80, 80, 80]
    assert all(min(c.similarities) >= 0.8 for c in found)


def test_a_campaign_in_a_small_consultation_is_found():
    """Fifteen copies of one letter (names and a line changed) among 190 answers are a campaign; in
    a question of thousands of answers a campaign still needs twenty members."""
    from consult_analyser.pipeline.themes.campaigns import campaign_min_size

    letter = ("On question 3, I urge you to ring-fence a Shared Spaces Fund of 100 million pounds a year, allocated "
              "to councils on the basis of need, with a duty to keep existing centres open. {} {}")
    rng = np.random.default_rng(1)
    letters = list("abcdefghijklmnopqrstuvwxyz")
    others = [" ".join("".join(rng.choice(letters, size=6)) for _ in range(14)) for _ in range(175)]
    texts = others + [letter.format(name, town) for name, town in
                      zip(["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lu", "Mo", "Ned", "Oz"],
                          ["Northvale", "Fenmoor"] * 8, strict=False)]
    found = find_campaigns(texts)
    assert len(found) == 1 and found[0].size == 15
    assert campaign_min_size(190) == 10 and campaign_min_size(300) == 15 and campaign_min_size(5000) == 20
    assert find_campaigns(texts[:175] + texts[175:184]) == []  # nine copies: too few to call a campaign


STOCK = [
    "The evidence base for these proposals is weak and the impact assessment does not address it.",
    "Councils lack the planning staff they would need to do any of this properly and on time.",
    "Land value capture should pay for new schools and GP surgeries before any houses are built.",
    "Small builders are squeezed out of the market by the largest developers and their land banks.",
    "The government should be far more ambitious about brownfield land in our town centres.",
    "Local people must be asked before green fields on the edge of town are built upon.",
    "Roads and drains in the older estates cannot take the traffic and water of new homes.",
    "Affordable homes should be affordable to people on the average local wage, not a London one.",
    "Design codes should be written with residents, street by street, and kept to by developers.",
    "Permission already granted for a million homes has not been built out by those who hold it.",
    "Planning committees should meet in the evening so that working people can attend and speak.",
    "Wildlife corridors and hedgerows must be mapped and protected before any site is allocated.",
]


def test_answers_linked_only_through_a_chain_are_not_a_campaign():
    """Answers that share one or two stock sentences each link, pair by pair, through answers that
    hold more of them: a chain, not a template. Only copies of the standard wording are members."""
    rng = random.Random(5)
    texts = [edited(TEMPLATE, rng, f"Person {i}") for i in range(40)]
    for i in range(300):  # every answer five of twelve stock sentences: neighbours share four, most two
        texts.append(" ".join(rng.sample(STOCK, 5)) + f" ({i})")
    found = find_campaigns(texts, min_size=20)
    template = next(c for c in found if 0 in c.indices)
    assert set(template.indices) == set(range(40))
    chained = [c for c in found if c is not template]
    assert all(min(c.similarities) >= 0.6 for c in chained)  # answers that mostly repeat the same sentences
    # without the rule (every member of a linked group kept) the chain was one "campaign" of them all
    unpruned = [c for c in find_campaigns(texts, min_size=20, member_min=0.0) if 0 not in c.indices]
    assert [c.size for c in unpruned] == [300] and min(unpruned[0].similarities) < 0.3
    assert sum(c.size for c in chained) < 150


def test_a_campaign_that_made_most_of_its_theme_gets_one_of_its_own():
    """Clustered as its canonical answer, a campaign of 40 letters fell in a theme with three answers
    like it; the theme was named from those three. Now the campaign is a theme of its own, named and
    quoted by its wording, and the three keep theirs; a campaign that is a small part of a wide
    theme stays in it."""
    from types import SimpleNamespace

    from consult_analyser.pipeline.themes.campaigns import campaign_themes
    from consult_analyser.pipeline.themes.result import ThemeCandidate

    texts = [TEMPLATE, *OTHERS[:3], "Second small campaign wording about buses in the villages every day.",
             *[f"answer {i}" for i in range(20)]] + [TEMPLATE] * 40 + ["bus"] * 3
    order = list(range(25))  # the clustered answers: both canonicals, the others; the copies follow them
    followers = {0: list(range(25, 65)), 4: list(range(65, 68))}
    result = SimpleNamespace(
        themes=[ThemeCandidate(0, "Lungs of our towns", "", ["lungs"], [1, 0], 43),
                ThemeCandidate(1, "Bus services", "", ["bus"], [4], 24)],
        assignments=np.array([0, 0, 0, 0] + [1] * 21),
        secondary={0: [(1, 0.6)], 1: [(1, 0.5)]})  # the standard letter's part near "Bus services"
    assert campaign_themes(result, order, followers, texts) == 1
    # its own theme stands for its wording: no further theme counting all 41 copies (a re-test's 150 letters
    # made 74% of a theme they never wrote of), while other answers keep theirs
    assert result.secondary == {1: [(1, 0.5)]}
    campaign = result.themes[-1]
    assert campaign.label.startswith('Campaign: "I am writing to urge the government')
    assert campaign.representative == [0] and campaign.size == 41
    assert result.assignments[0] == campaign.key and list(result.assignments[1:4]) == [0, 0, 0]
    assert result.themes[0].label == "Lungs of our towns" and result.themes[0].representative == [1]
    assert result.assignments[4] == 1  # 4 of 24 in "Bus services": part of a wider theme


def test_the_wording_with_a_paragraph_added_is_one_campaign_with_it():
    """612 letters of a 30,000-letter campaign added the same paragraph: a group of their own, below
    the linking threshold against the bare copies, was reported as a second campaign of the same
    wording. It is one campaign."""
    rng = random.Random(11)
    added = ("My grandchildren deserve to grow up with countryside on their doorstep, as I did, and the "
             "woods and meadows at the end of our road are where they learn what the seasons are.")
    texts = [edited(TEMPLATE, rng, f"Person {i}") for i in range(40)]
    texts += [edited(TEMPLATE + " " + added, rng, f"Other {i}") for i in range(20)]
    texts += varied(40, rng)
    found = find_campaigns(texts, min_size=10)
    assert [c.size for c in found] == [60]


def test_organisations_that_open_alike_are_no_campaign_once_the_opening_is_set_aside() -> None:
    """A trial's annex counted a campaign of 28 bodies whose 'standard wording' was "This is the response of
    Highfield Road Residents' Association to the Department ...": each opened so, then said something short of
    its own. The theme step reads answers without such an opening, and their views are what it compares."""
    from consult_analyser.letter_text import without_opening

    rng = random.Random(1)
    places = ["Highfield Road", "Kent", "Acme", "Leeds", "Bristol", "Hull", "York", "Derby", "Bath", "Ely", "Wells",
              "Ripon", "Truro", "Lincoln", "Exeter"]
    views = ["Pavements must be kept clear for wheelchair users.", "Councils need the power to fine drivers.",
             "A ban would push cars onto narrow roads.", "Delivery vans need somewhere to stop.",
             "Enforcement is the real problem here."]
    texts = [f"This is the response of {place} {kind} to the Department for Transport's consultation on pavement "
             f"parking. {rng.choice(views)}" for place in places for kind in ("Residents' Association", "Council")]
    assert find_campaigns(texts)  # as compared whole
    assert not find_campaigns([without_opening(t) for t in texts])
    # an opening that takes a side is kept, and so is an answer that is nothing but an opening
    kept = "We are writing on behalf of our members to oppose the ban. It will hurt shops."
    assert without_opening(kept) == kept and without_opening("This is the response of Kent Council.") == \
        "This is the response of Kent Council."
    assert without_opening("Thank you for the opportunity to respond. The RNIB welcomes the opportunity to comment. "
                           "Blind people walk into cars on pavements.") == "Blind people walk into cars on pavements."


def test_a_campaign_is_named_by_its_wording_not_by_one_senders_opening() -> None:
    """A re-tested trial published a campaign of bodies whose answers matched after their openings under one body's
    "This is the response of Highfield Road Residents' Association ..." (and its theme under another name)."""
    from consult_analyser.letter_text import without_opening
    from consult_analyser.store.campaigns import label_for

    text = ("This is the response of Highfield Road Residents' Association to the Department's consultation on "
            "pavement parking. Parked cars leave gaps too tight for a wheelchair or a pram.")
    assert "Highfield" not in label_for(without_opening(text))
    assert label_for(without_opening(text)).startswith('Campaign: "Parked cars leave gaps')
