"""A question answered with values ("Where were you born?") gets a theme per value, named as written."""

from __future__ import annotations

import numpy as np

from consult_analyser.pipeline.themes.model import discover_themes
from consult_analyser.pipeline.themes.values import looks_like_values, value_of, written_form


def test_values_are_grouped_as_written_and_the_rare_ones_left_out():
    answers = (["Germany"] * 3 + ["germany."] + ["Brazil", "India", "Thailand", "Philippines", "Philippines"]
               + ["Virginia"] * 9 + ["VA"] * 4 + ["the United States"] * 2 + ["United States"] * 3 + ["Wales"])
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(answers), 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert looks_like_values(answers)
    result = discover_themes(answers, vectors)
    by_label = {t.label: t.key for t in result.themes}
    assert set(by_label) >= {"Virginia", "VA", "United States", "Germany", "Philippines"}
    for label, key in by_label.items():  # every answer under a theme gives its value
        members = [answers[i] for i in np.flatnonzero(result.assignments == key)]
        assert {value_of(m) for m in members} == {value_of(label)}, (label, members)
    alone = {answers[i] for i in np.flatnonzero(result.assignments < 0)}
    assert alone == {"Brazil", "India", "Thailand", "Wales"}  # given once: "Other", not a wrong theme
    assert not result.hierarchy


def test_views_are_not_values():
    views = ["Buses should run later in the evening for shift workers", "More funding for youth clubs please",
             "I think the plan is fine but needs money", "Schools"] * 10
    assert not looks_like_values(views)
    assert written_form(["computer science.", "computer science", "Computer Science"]) == "Computer science"
    assert written_form(["cs", "cs"]) == "Cs"
