"""The Organisations sheet lists a body by its name, not with the title a docket put after it (trial 48: "Almatis Inc.
- Comments", "City Of Seattle - Comment"); the two spellings are one organisation."""

from __future__ import annotations

from consult_analyser.pipeline.sectors.orgnames import listed_organisations


def test_a_title_tail_is_not_part_of_the_listed_name() -> None:
    found = {e.name: e for e in listed_organisations([
        ("Almatis Inc. - Comments", "business"), ("Almatis Inc.", "business"),
        ("City Of Seattle - Comment", "local_government"), ("Public Comments Project", "voluntary"),
        ("Virginia Chamber Of Commerce - Comments", "trade_body")])}
    assert set(found) == {"Almatis Inc.", "City Of Seattle", "Public Comments Project", "Virginia Chamber Of Commerce"}
    assert found["Almatis Inc."].respondents == 2  # one organisation
    assert "Almatis Inc. - Comments" in found["Almatis Inc."].spellings  # as typed, for the rows it stands for
