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


def test_value_themes_quote_nobody():
    answers = ["Germany"] * 4 + ["Virginia"] * 6 + ["VA"] * 3 + ["Brazil", "India"] + ["United States"] * 6
    vectors = np.random.default_rng(1).normal(size=(len(answers), 8))
    result = discover_themes(answers, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    assert all(not t.representative for t in result.themes)


def test_a_value_question_in_the_annex_has_its_values_and_quotes_nobody(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from consult_analyser.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    places = ["Germany"] * 5 + ["Virginia"] * 8 + ["Maryland"] * 6 + ["Brazil", "Thailand", "India"] + ["Wales"] * 5
    survey = tmp_path / "survey.csv"
    survey.write_text("ID,Where were you born?\n" + "".join(f"R{i},{p}\n" for i, p in enumerate(places)),
                      encoding="utf-8")
    project = tmp_path / "p.consult"
    assert main(["-q", "import", str(project), str(survey)]) == 0
    assert main(["-q", "themes", str(project)]) == 0
    assert main(["-q", "export", str(project), str(tmp_path / "annex.xlsx")]) == 0
    book = load_workbook(tmp_path / "annex.xlsx", read_only=True)
    sheet = next(book[n] for n in book.sheetnames if n.endswith("themes"))
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert {"Virginia", "Maryland", "Germany", "Wales"} <= set(cells)
    assert not any(c.startswith("Quotes") for c in cells) and "Thailand" not in cells


def test_one_value_written_several_ways_is_one_theme():
    """A real form's "Where were you born?" gave Virginia as "Virginia", "Virginia, USA", "Virginia USA" and
    "Virginia, United States", and "What is your major?" Economics as "Econ": each was a theme of its own. Initials
    that fit two values ("CS": computer science or cognitive science) stay apart."""
    from consult_analyser.pipeline.themes.values import value_groups

    born = ["Virginia"] * 6 + ["Virginia, USA", "Virginia USA", "Virginia, United States", "USA", "USA",
                                "United States", "United States", "US", "Maryland", "Maryland", "Mass",
                                "Massachusetts", "Massachusetts"]
    groups = value_groups(born, None, 20, min_size=2)
    assert len({groups[i] for i in range(9)}) == 1  # every Virginia
    assert groups[born.index("US")] == groups[born.index("United States")]
    assert groups[born.index("Mass")] == groups[born.index("Massachusetts")]
    majors = ["Economics", "Econ", "Econ", "Computer science", "Computer science", "Cognitive science",
              "Cognitive science", "CS", "CS"]
    groups = value_groups(majors, None, 20, min_size=2)
    assert groups[0] == groups[1] == groups[2]
    assert groups[7] not in (groups[3], groups[5])


def test_an_answer_listing_several_values_carries_each_ones_theme():
    """Trial 34: "Computer Science, Math" joined Computer Science's theme only; the Math it also names was lost."""
    majors = (["Computer Science"] * 6 + ["Math"] * 5 + ["Economics"] * 5 + ["Physics"] * 3
              + ["Computer Science, Math", "Economics and Math", "Physics / Computer Science / Economics / Math",
                 "Math & Poetry"])
    vectors = np.random.default_rng(2).normal(size=(len(majors), 8))
    result = discover_themes(majors, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    key = {t.label: t.key for t in result.themes}

    def themes_of(text: str) -> list[int]:
        i = majors.index(text)
        return [int(result.assignments[i])] + [k for k, _ in result.secondary.get(i, [])]

    assert themes_of("Computer Science, Math") == [key["Computer Science"], key["Math"]]
    assert themes_of("Economics and Math") == [key["Economics"], key["Math"]]
    assert len(themes_of("Physics / Computer Science / Economics / Math")) == 3  # at most three themes an answer
    assert themes_of("Math & Poetry")[-1] == key["Math"]  # a value nobody else gave adds nothing
    assert all(0 < c <= 1.0 for extra in result.secondary.values() for _, c in extra)
    assert not result.secondary.get(majors.index("Math"))  # a value given alone carries its theme only
