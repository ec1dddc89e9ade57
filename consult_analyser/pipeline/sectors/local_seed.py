"""A local seed learned from analysts' corrections, carried from one consultation to the next.

When an analyst corrects sectors, the organisation names and the sector labels they confirmed
can be saved into a small JSON file: the user's own (``<user data>/models/sectors/local_seed.json``)
or a team file anywhere (a shared folder: its path is then listed for this user, and read by
every later consultation), or ``models/sectors/local/*.json`` beside the shipped models. Nothing else about a respondent is kept: no personal names (respondents an
analyst filed as individuals are left out), no answers, no ids. A body's name alone is kept (:func:`seed_name`):
a person named beside it is cut out, and a name that is a person's, a list of people's, an office-holder's ("Governor
Of Michigan Gretchen Whitmer") or an elected office alone ("Governor Of Michigan") is left out, and so are such
names an earlier version saved (a trial's seed held "sherrod brown" and "washington state governor jay inslee").
The next consultation reads the file and files an organisation with exactly that name under the sector of that label
(source ``rules``, detail ``local-seed:<file>``), unless it declared a type itself.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from consult_analyser.paths import models_dir, user_data_dir
from consult_analyser.pipeline.sectors.declared import normalise_declared
from consult_analyser.pipeline.sectors.orgnames import organisation_key
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy, clean_text

if TYPE_CHECKING:  # (the rules load on use: reading a seed never needs them)
    from consult_analyser.pipeline.sectors.rules import SectorRules

LOCAL_SEED_FORMAT = "consult-analyser-local-sector-seed"
LOCAL_SEED_CONFIDENCE = 0.9
#: the version from which every name a file holds was screened for people's names and posts (:func:`seed_name`)
SCREENED_VERSION = 2


def user_seed_path() -> Path:
    return user_data_dir() / "models" / "sectors" / "local_seed.json"


def team_seed_paths() -> list[Path]:
    folder = models_dir() / "sectors" / "local"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@dataclass
class LocalSeed:
    """Organisation name (matching form) -> sector label -> how many times an analyst confirmed it."""

    names: dict[str, Counter[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    #: every name was kept by :func:`seed_name` (a file of version 1, saved before it was asked, is not)
    screened: bool = True

    def add(self, name: str, label: str) -> bool:
        key = organisation_key(name)
        if not key or not label.strip():
            return False
        self.names.setdefault(key, Counter())[label.strip()] += 1
        return True

    def label_for(self, name: str) -> str | None:
        found = self.names.get(organisation_key(name))  # "The Open Table" is "Open Table", "X C.I.C." is "X"
        if not found:
            return None
        (label, n), *rest = found.most_common(2) + [("", 0)]
        return label if n > rest[0][1] else None

    def sector_for(self, name: str, taxonomy: Taxonomy) -> str | None:
        """The sector of this taxonomy the confirmed label names, if it names one."""
        label = self.label_for(name)
        if label is None:
            return None
        for sector in taxonomy.sectors:
            if clean_text(sector.label) == clean_text(label) or sector.key == label:
                return sector.key
        key, confidence = normalise_declared(label, taxonomy)
        return key if key is not None and confidence >= 0.9 else None

    def drop_people(self, rules: SectorRules) -> int:
        """In a file saved before names were screened (version 1), take out the names :func:`seed_name` would not
        keep, read in capitals as such names are written ("sherrod brown" as "Sherrod Brown"). Returns how many.
        (Once: a saved name is its matching form, "sherwin alumina" of "Sherwin Alumina Company", which read
        again might not pass for a body's.)"""
        if self.screened:
            return 0
        gone = [key for key in self.names
                if organisation_key(seed_name(" ".join(w[:1].upper() + w[1:] for w in key.split()), rules)[0]) != key]
        for key in gone:
            del self.names[key]
        self.screened = True
        return len(gone)

    def merge(self, other: LocalSeed) -> None:
        for name, labels in other.names.items():
            self.names.setdefault(name, Counter()).update(labels)
        self.sources += other.sources
        self.screened = self.screened and other.screened

    def to_dict(self) -> dict:
        return {"format": LOCAL_SEED_FORMAT, "version": 2 if self.screened else 1,
                "names": {n: dict(c) for n, c in sorted(self.names.items())}}

    def save(self, path: str | Path) -> None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)

    @classmethod
    def load(cls, path: str | Path) -> LocalSeed:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != LOCAL_SEED_FORMAT:
            raise ValueError(f"{path} is not a local sector seed file")
        names: dict[str, Counter[str]] = {}
        for n, labels in data.get("names", {}).items():  # (files saved before names were keyed so: keyed again)
            names.setdefault(organisation_key(str(n)), Counter()).update({str(k): int(v) for k, v in labels.items()})
        return cls(names, [Path(path).name], screened=int(data.get("version", 1)) >= SCREENED_VERSION)


def _listed_path() -> Path:
    return user_data_dir() / "models" / "sectors" / "seed_files.json"


def listed_seed_paths() -> list[Path]:
    """Seed files saved elsewhere (a team's shared folder) that this user's consultations read."""
    try:
        return [Path(p) for p in json.loads(_listed_path().read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def _list_seed_path(path: Path) -> None:
    known = listed_seed_paths()
    if path.resolve() not in {p.resolve() for p in known} and path.resolve() != user_seed_path().resolve():
        target = _listed_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps([str(p) for p in [*known, path.resolve()]], indent=1), encoding="utf-8")


def load_local_seeds(paths: Iterable[str | Path] | None = None) -> LocalSeed | None:
    """The team files, the files saved elsewhere (:func:`listed_seed_paths`) and the user's file
    merged (or the given files); None when there are none."""
    candidates = list(paths) if paths is not None else [*team_seed_paths(), *listed_seed_paths(), user_seed_path()]
    merged = LocalSeed()
    for path in candidates:
        if Path(path).is_file():
            try:
                merged.merge(LocalSeed.load(path))
            except (ValueError, OSError):
                continue  # an unreadable seed file is skipped, never fatal
    return merged if merged.names else None


#: why a confirmed name is not saved (:func:`seed_name`)
PEOPLE = "a person's name, a list of people or an office-holder, not a body's name"
POST = "an elected office one person holds"
LOOKS_PERSONAL = "shaped like a person's name, or with contact details"


def seed_name(name: str, rules: SectorRules, person: str = "") -> tuple[str, str]:
    """The body's name a seed keeps for an organisation field, and why it keeps none ("" when it keeps one):
    "Gabriel Cormier, Policy Analyst, Cott Beverages Canada" -> "Cott Beverages Canada"; "Chris Van Hollen; Sherrod
    Brown", "Governor Of Michigan Gretchen Whitmer" -> :data:`PEOPLE`; "Governor Of Michigan" -> :data:`POST` (the
    office names its holder); "Tamsin Oduya" -> :data:`LOOKS_PERSONAL`, as the published list of organisations holds
    them back. ``person``: the respondent's own name, taken out wherever it stands."""
    from consult_analyser.pipeline.pii import has_pii
    from consult_analyser.pipeline.sectors.people_in_names import personal_names, post_alone, without_people

    kept = without_people(" ".join(name.split()), rules, person)
    if not kept:
        return "", PEOPLE
    if post_alone(kept, rules):
        return "", POST
    if has_pii(kept, names=False) or rules.first_name_alone(kept) \
            or personal_names([kept], rules)[0] and not rules.names_organisation(kept):
        return "", LOOKS_PERSONAL
    return kept, ""


class Remembered(int):
    """How many names :func:`remember_corrections` saved (an int, as it was), with the confirmed names it left out
    by why (``left_out``) and those an earlier version had saved that it took out of the file (``removed``)."""

    left_out: Counter[str]
    removed: int

    def __new__(cls, added: int, left_out: Counter[str] | None = None, removed: int = 0) -> Remembered:
        made = super().__new__(cls, added)
        made.left_out = left_out or Counter()
        made.removed = removed
        return made

    def note(self) -> str:
        """What was not saved and why, for the analyst ("" when nothing was left out)."""
        parts = [f"{n:,} {why}" for why, n in self.left_out.most_common()]
        text = (f"{sum(self.left_out.values()):,} confirmed name(s) left out of the seed, which keeps only bodies' "
                f"names: {'; '.join(parts)}") if parts else ""
        if self.removed:
            text += ("; " if text else "") + (f"{self.removed:,} name(s) saved earlier that name people or an office "
                                               "were removed from the file")
        return text


def remember_corrections(confirmed: Iterable[tuple[str, str, bool] | tuple[str, str, bool, str]],
                         path: str | Path | None = None) -> Remembered:
    """Add (organisation name, sector label, is an organisation sector[, the respondent's own name]) an analyst
    confirmed to a seed file (the user's by default): the body's name alone (:func:`seed_name`). Individuals and
    empty names are left out; so are names of people or posts, counted by why, and such names the file held
    already are taken out of it. Returns how many names were added (:class:`Remembered`)."""
    from consult_analyser.pipeline.sectors.rules import SectorRules

    rules = SectorRules.default()
    target = Path(path) if path is not None else user_seed_path()
    seed = LocalSeed.load(target) if target.is_file() else LocalSeed()
    removed = seed.drop_people(rules)
    added = 0
    left_out: Counter[str] = Counter()
    for item in confirmed:
        name, label, is_org = str(item[0]), str(item[1]), bool(item[2])
        if not is_org or not name.strip():
            continue
        kept, why = seed_name(name, rules, str(item[3]) if len(item) > 3 else "")
        if why:
            left_out[why] += 1
        else:
            added += seed.add(kept, label)
    if added or removed:
        seed.save(target)
    if path is not None:  # a file chosen elsewhere (a team's shared folder): later consultations read it too
        _list_seed_path(target)
    return Remembered(added, left_out, removed)
