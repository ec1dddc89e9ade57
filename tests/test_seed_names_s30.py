"""Trial 43 (M5): `sectors --remember` saved "sherrod brown" (one name cut from a list of senators), "governor of
michigan gretchen whitmer", "washington state governor jay inslee" and lists of representatives into the local sector
seed, which promises bodies' names only. The seed keeps a body's name alone; a name of people, of an office-holder,
or of an elected office alone is left out and counted by why; such names an earlier version saved are taken out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consult_analyser.pipeline.sectors.local_seed import (
    LOCAL_SEED_FORMAT,
    LOOKS_PERSONAL,
    PEOPLE,
    POST,
    LocalSeed,
    remember_corrections,
    seed_name,
)
from consult_analyser.pipeline.sectors.rules import SectorRules


@pytest.fixture(autouse=True)
def _user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.mark.parametrize(("field", "kept", "why"), [
    ("Governor Of Michigan Hedda Marlowe", "", PEOPLE),
    ("Washington State Governor Jay Tillbrook", "", PEOPLE),
    ("Senators Lamar Pendergast, Representatives Virginia Quayle", "", PEOPLE),
    ("Representatives Mark Tavener, Dina Oberholt, Ro Khandeval, Sanford D. Bishop Jr", "", PEOPLE),
    # the first name of a list taken for a person's, the second was saved alone
    ("Chris Van Holder; Sherrod Brownlow; Ben Cardell", "", PEOPLE),
    ("Niraj J. Antarin", "", PEOPLE),
    ("Governor Of Michigan", "", POST),
    ("Tamsin Oduya", "", LOOKS_PERSONAL),
    # bodies stay, a person beside one is cut out
    ("Office of the Governor of Michigan", "Office of the Governor of Michigan", ""),
    ("Rural County Representatives Of California", "Rural County Representatives Of California", ""),
    ("Aubery L. Hulwick, Farmers National Bank", "Farmers National Bank", ""),
    ("Portland Cement Association", "Portland Cement Association", ""),
])
def test_the_seed_keeps_a_bodys_name_alone(field: str, kept: str, why: str) -> None:
    assert seed_name(field, SectorRules.default()) == (kept, why)


def test_remember_leaves_people_out_and_says_how_many_and_why(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    saved = remember_corrections([
        ("Chris Van Holder; Sherrod Brownlow; Ben Cardell", "Elected representative", True),
        ("Governor Of Michigan Hedda Marlowe", "Elected representative", True),
        ("Governor Of Michigan", "Elected representative", True),
        ("Aubery L. Hulwick, Farmers National Bank", "Business", True),
        ("Earthjustice", "Non-profit, voluntary or community organisation", True),
        ("Jane Smith", "Individual", False),
    ], path)
    names = json.loads(path.read_text(encoding="utf-8"))["names"]
    assert set(names) == {"farmers national bank", "earthjustice"}
    assert saved == 2 and saved.left_out == {PEOPLE: 2, POST: 1}
    note = saved.note()
    assert note.startswith("3 confirmed name(s) left out of the seed") and "2 a person's name, a list of people" in note
    assert not any(part in path.read_text(encoding="utf-8") for part in ("brownlow", "marlowe", "governor"))


def test_names_an_earlier_version_saved_are_taken_out_once(tmp_path: Path) -> None:
    """A seed of version 1 (as trial 43's was saved) is cleaned on the next save; a name saved since in its matching
    form ("sherwin alumina" of "Sherwin Alumina Company") is not read again as a person's."""
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"format": LOCAL_SEED_FORMAT, "version": 1, "names": {
        "sherrod brownlow": {"Elected representative": 1},
        "washington state governor jay tillbrook": {"Elected representative": 1},
        "representatives mark tavener dina oberholt ro khandeval": {"Elected representative": 1},
        "earthjustice": {"Non-profit, voluntary or community organisation": 1}}}), encoding="utf-8")
    saved = remember_corrections([("Sherwin Alumina Company", "Business", True)], path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["names"]) == {"earthjustice", "sherwin alumina"} and data["version"] == 2
    assert saved == 1 and saved.removed == 3 and "3 name(s) saved earlier" in saved.note()
    again = remember_corrections([("Portland Cement Association", "Trade body or business association", True)], path)
    assert again.removed == 0
    assert set(LocalSeed.load(path).names) == {"earthjustice", "sherwin alumina", "portland cement association"}
