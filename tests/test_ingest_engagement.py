"""An engagement platform's exports: map comments with a tally of likes, a board of ideas whose replies
name the idea they answer, and "Are you...?" for who is commenting."""

from __future__ import annotations

from consult_analyser.ingest.columns import detect_mapping

HEADERS = ["Comment ID", "Created", "Idea ID", "Are you...?", "Likes", "Tell us more"]
ROWS = [["c1", "2024-01-02 10:00", "IDEA-013", "Resident", "3", "The park needs benches and lighting on the path"],
        ["c2", "2024-01-02 11:00", "IDEA-013", "Work here", "0", "Too many cars on the high street for children"],
        ["c3", "2024-01-03 11:00", "IDEA-015", "Visitor", "12", "Lovely market but the toilets are always closed"],
        ["c4", "2024-01-04 11:00", "IDEA-015", "Business owner", "1", "Parking charges drive customers away"],
        ["c5", "2024-01-05 11:00", "IDEA-017", "Resident", "5", "We need safer crossings near the school gates"]]


def test_the_idea_a_reply_names_and_its_likes_are_information_and_are_you_is_the_type() -> None:
    roles = {c.header: (c.role, c.kind) for c in detect_mapping(HEADERS, ROWS).columns}
    assert roles["Idea ID"][0] == "metadata"  # it had made 44 themes named "IDEA-013" ...
    assert roles["Likes"][0] == "metadata"  # its tallies were published as answer options "0", "1", ...
    assert roles["Are you...?"][0] == "sector"
    assert roles["Tell us more"] == ("question", "open")


def test_a_question_answered_with_numbers_stays_a_question() -> None:
    rows = [[f"r{i}", str(i % 5 + 1), "Because the buses are late"] for i in range(25)]
    roles = {c.header: c.role for c in detect_mapping(["id", "How satisfied are you (1-5)?", "Why?"], rows).columns}
    assert roles["How satisfied are you (1-5)?"] == "question"
