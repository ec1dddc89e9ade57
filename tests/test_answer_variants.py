"""One option written several ways counts as one (hand-typed paper forms: "support", "Oppsoe")."""

from __future__ import annotations

import pytest

from consult_analyser.store.answer_variants import variants_of


def test_case_spacing_and_rare_misspellings_join_their_option() -> None:
    counts = {"Support": 552, "Neither": 264, "Oppose": 634, "support": 6, "oppose": 10, "Oppsoe": 8, "OPPOSE ": 2}
    assert variants_of(counts) == {"support": "Support", "oppose": "Oppose", "Oppsoe": "Oppose", "OPPOSE ": "Oppose"}


@pytest.mark.parametrize("counts", [
    {"Agree": 100, "Disagree": 20, "Strongly agree": 50, "Strongly disagree": 10},
    {"Band A": 100, "Band B": 20, "Year 7": 40, "Year 8": 3},
    {"Likely": 50, "Unlikely": 5, "Important": 60, "Unimportant": 4},
    {"Agree": 90, "Agreed": 3},
    {"Oppose": 40, "Oppsoe": 20},  # not rare enough beside it to be a slip of the keyboard
])
def test_options_that_only_look_alike_stay_apart(counts: dict[str, int]) -> None:
    assert variants_of(counts) == {}


def test_an_import_counts_each_option_once_and_says_what_it_read_as_what(project, tmp_path) -> None:
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store import reporting

    answers = ["Support"] * 30 + ["Oppose"] * 40 + ["support"] * 3 + ["Oppsoe"] * 2 + ["Neither"] * 10
    path = tmp_path / "paper_forms.csv"
    path.write_text("Ref,Do you support the rise?,Why?\n" + "".join(
        f"P{i},{a},Because of reason number {i} about the budget\n" for i, a in enumerate(answers)), encoding="utf-8")
    summary = import_files(project, [path])
    counts = reporting.question_counts(project)
    closed = next(c for c in counts.values() if c.closed)
    assert closed.by_choice() == {"Support": 33, "Oppose": 42, "Neither": 10}
    said = " ".join(summary.warnings)
    assert "'support' (3) as 'Support'" in said and "'Oppsoe' (2) as 'Oppose'" in said
    choices = project.scalar("SELECT choices FROM questions WHERE choices != '[]'")
    assert "Oppsoe" not in choices and "support" not in choices.replace("Support", "")


def test_a_mapping_files_key_joins_the_projects_question_whatever_the_wording(project, tmp_path) -> None:
    """Paper forms typed in with their own headers: "question:C1:closed" in the mapping joins the online
    form's C1 (it was imported as a new C13, and nothing said so)."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.store import reporting

    online = tmp_path / "online.csv"
    online.write_text("id,How important are bin collections to you?,Any comments?\n" + "".join(
        f"O{i},{'Very important' if i % 2 else 'Fairly important'},Comment about services number {i}\n"
        for i in range(20)), encoding="utf-8")
    paper = tmp_path / "paper.csv"
    paper.write_text("Ref,Importance - Bins,Comments\n" + "".join(
        f"P{i},Very important,Paper comment number {i}\n" for i in range(6)), encoding="utf-8")
    mapping = tmp_path / "paper.toml"
    mapping.write_text('[columns]\n"Ref" = "id"\n"Importance - Bins" = "question:C1:closed"\n'
                       '"Comments" = "question:C2:open"\n', encoding="utf-8")
    import_files(project, [online])
    import_files(project, [paper], mapping_file=mapping)
    keys = [r[0] for r in project.query("SELECT key FROM questions ORDER BY key")]
    assert keys == ["C1", "C2"]
    closed = reporting.question_counts(project)[project.scalar("SELECT id FROM questions WHERE key = 'C1'")]
    assert closed.by_choice() == {"Very important": 16, "Fairly important": 10}


def test_forms_typed_in_from_paper_count_as_by_post_by_the_files_name(project, tmp_path) -> None:
    from consult_analyser.ingest.importer import import_files

    paper = tmp_path / "budget_paper.csv"
    paper.write_text("Ref,Any comments?\n" + "".join(f"P{i},Paper comment number {i}\n" for i in range(4)),
                     encoding="utf-8")
    online = tmp_path / "budget_online.csv"
    online.write_text("id,Any comments?\n" + "".join(f"O{i},Online comment number {i}\n" for i in range(3)),
                      encoding="utf-8")
    summary = import_files(project, [paper, online])
    channels = dict(project.query("SELECT channel, COUNT(*) FROM respondents GROUP BY channel"))
    assert channels == {"post": 4, "online": 3}
    assert any("counted as responding by post" in w for w in summary.warnings)


def test_a_paper_forms_bare_degrees_and_a_platforms_emoji_join_their_options() -> None:
    scale = {"Very important": 724, "Fairly important": 417, "Not very important": 132, "Not at all important": 68,
             "Very": 51, "Fairly": 39, "Not very": 8, "Not at all": 8}
    assert variants_of(scale) == {"Very": "Very important", "Fairly": "Fairly important",
                                  "Not very": "Not very important", "Not at all": "Not at all important"}
    moods = {"😀 Positive": 74, "Positive": 73, "😀": 82, "🙁 Negative": 196, "Negative": 171, "🙁": 171}
    assert variants_of(moods) == {"Positive": "😀 Positive", "😀": "😀 Positive", "Negative": "🙁 Negative",
                                  "🙁": "🙁 Negative"}
    # two scales' words in one list: no degree is read as either
    assert variants_of({"Very likely": 10, "Very": 4, "Fairly likely": 3, "Very important": 5,
                        "Fairly important": 4}) == {}


def test_a_slash_between_two_words_is_the_same_option_as_or():
    """A team's log wrote "Town/community council" for the survey's "Town or community council": the
    published sector table showed each sector twice (14 and 8)."""
    from consult_analyser.store.answer_variants import option_key, variants_of

    assert option_key("Town/community council") == option_key("Town or community council")
    assert variants_of({"Town or community council": 14, "Town/community council": 8, "Local authority": 8}) == {
        "Town/community council": "Town or community council"}
    assert option_key("and/or") == "and/or" and option_key("24/7") == "24/7"
