"""Theme descriptions as a reader sees them."""

from __future__ import annotations


def test_a_description_says_nothing_twice_in_singular_and_plural():
    """"Answers about quizzes, often mentioning questions, exams and exam" read as a stammer."""
    from consult_analyser.pipeline.themes.labels import describe

    assert describe("Quizzes", ["questions"], ["exams", "exam", "time"]) == \
        "Answers about quizzes, often mentioning questions, exams and time."
    assert describe("Bus", ["buses", "fares"], ["stops"]) == "Answers about bus, often mentioning fares and stops."
    assert describe("Access", ["process", "analysis"], []) == "Answers about access, often mentioning process and analysis."
