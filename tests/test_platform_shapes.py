"""Exports in the shapes of LimeSurvey, Typeform, Alchemer, EngagementHQ, Jotform and a European
Excel: who answered, their account and credential fields kept out of the questions, tick-all
questions laid out a column per option, partial responses, and answer codes given labels.

Every table is small and invented, written here."""

from __future__ import annotations

import csv
from pathlib import Path

from consult_analyser.ingest.importer import parse_file

PEOPLE = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"]


def _csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _people(path: Path) -> dict[str, object]:
    batch = parse_file(path)
    return {p.external_id: p for p in batch.iter_respondents()}


def test_a_no_to_responding_on_behalf_of_an_organisation_is_an_individual(tmp_path):
    """EngagementHQ asks "Are you responding on behalf of an organisation?" Yes / No: No is an
    individual and Yes an organisation; "as an individual?" the other way round; a yes or no to
    "as an individual or on behalf of an organisation?" says neither."""
    rows = [["Response No.", "Are you responding on behalf of an organisation?", "Organisation type",
             "What should the guidance say?"]]
    rows += [[str(i), "No" if i % 2 else "Yes", "" if i % 2 else "Charity", f"Answer {i}"] for i in range(1, 9)]
    people = _people(_csv(tmp_path / "ehq.csv", rows))
    assert [p.is_organisation for p in people.values()] == [False, True] * 4
    assert {p.declared_type for p in people.values()} == {"", "Charity"}

    rows = [["Response No.", "Are you responding as an individual?", "What should the guidance say?"]]
    rows += [[str(i), "Yes" if i % 2 else "No", f"Answer {i}"] for i in range(1, 9)]
    people = _people(_csv(tmp_path / "as_individual.csv", rows))
    assert [p.is_organisation for p in people.values()] == [False, True] * 4
    assert {p.declared_type for p in people.values()} == {""}  # a yes or a no names no type

    rows = [["Response No.", "Are you responding as an individual or on behalf of an organisation?",
             "What should the guidance say?"]]
    rows += [[str(i), ["Yes", "Individual", "On behalf of an organisation", "No"][i % 4], f"Answer {i}"]
             for i in range(1, 9)]
    people = _people(_csv(tmp_path / "either.csv", rows))
    assert [p.is_organisation for p in people.values()] == [False, True, None, None] * 2
