"""A respondent's own request written in an answer box ("Please do not publish my name") withholds what it asks,
as a letter's does, and the import names it (trial 47: the request was ignored and the respondent stayed public)."""

from __future__ import annotations

import csv
from pathlib import Path

from consult_analyser.domain import Publication, answers_publication
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project

HEADER = ["Respondent ID", "May we publish your response?", "What should change?", "Anything else?"]
ROWS = [
    ["R1", "Yes", "Better bus links between the estates.", "Please do not publish my name. Bernadette Kowalczyk"],
    ["R2", "Yes", "Please treat this response as confidential. The depot plan harms our street.", ""],
    ["R3", "Yes, but anonymously", "More youth clubs.", "Please do not publish my name."],
    ["R4", "Yes", "The council should publish its data on bus use and name the worst routes.", ""],
    ["R5", "", "Keep the library open on Sundays.", "I wish to remain anonymous."],
]


def _import(tmp_path: Path) -> tuple[Project, list[str]]:
    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    project = Project.create(tmp_path / "asks.consult")
    result = import_files(project, [path])
    return project, list(result.warnings)


def test_a_request_in_an_answer_box_is_the_respondents_choice_and_is_named(tmp_path: Path) -> None:
    project, warnings = _import(tmp_path)
    chosen = dict(project.query("SELECT external_id, publication FROM respondents"))
    assert chosen["R1"] == Publication.ANONYMOUS.value  # consent "Yes", but asked not to be named
    assert chosen["R2"] == Publication.NOT_FOR_PUBLICATION.value
    assert chosen["R3"] == Publication.ANONYMOUS.value  # already anonymous: nothing more to say
    assert chosen["R4"] == Publication.PUBLIC.value  # speaks of publishing, asks nothing for themselves
    assert chosen["R5"] == Publication.ANONYMOUS.value
    said = " | ".join(warnings)
    assert "respondent R1, answer to" in said and "Please do not publish my name" in said
    assert "respondent R2, answer to" in said and "not to be published" in said
    assert "respondent R3" not in said and "respondent R4" not in said
    raw = dict(project.query("SELECT external_id, publication_raw FROM respondents"))
    assert "Please do not publish my name" in raw["R1"]


def test_the_strictest_request_of_several_answers_wins() -> None:
    asked = answers_publication(["Please do not publish my name.", "", "This submission is not for publication."])
    assert asked is not None and asked[0] == Publication.NOT_FOR_PUBLICATION and asked[2] == 2
    assert answers_publication(["Publish the data.", "Names of streets matter."]) is None
