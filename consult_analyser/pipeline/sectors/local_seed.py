"""A local seed learned from analysts' corrections, carried from one consultation to the next.

When an analyst corrects sectors, the organisation names and the sector labels they confirmed
can be saved into a small JSON file: the user's own (``<user data>/models/sectors/local_seed.json``)
or a team file anywhere (a shared folder: its path is then listed for this user, and read by
every later consultation), or ``models/sectors/local/*.json`` beside the shipped models. Nothing else about a respondent is kept: no personal names (respondents an
analyst filed as individuals are left out), no answers, no ids. The next consultation reads
the file and files an organisation with exactly that name under the sector of that label
(source ``rules``, detail ``local-seed:<file>``), unless it declared a type itself.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.paths import models_dir, user_data_dir
from consult_analyser.pipeline.sectors.declared import normalise_declared
from consult_analyser.pipeline.sectors.orgnames import organisation_key
from consult_analyser.pipeline.sectors.taxonomy import Taxonomy, clean_text

LOCAL_SEED_FORMAT = "consult-analyser-local-sector-seed"
LOCAL_SEED_CONFIDENCE = 0.9


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

    def merge(self, other: LocalSeed) -> None:
        for name, labels in other.names.items():
            self.names.setdefault(name, Counter()).update(labels)
        self.sources += other.sources

    def to_dict(self) -> dict:
        return {"format": LOCAL_SEED_FORMAT, "version": 1,
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
        return cls(names, [Path(path).name])


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


def remember_corrections(confirmed: Iterable[tuple[str, str, bool]], path: str | Path | None = None) -> int:
    """Add (organisation name, sector label, is an organisation sector) pairs an analyst confirmed
    to a seed file (the user's by default). Individuals and empty names are left out. Returns how
    many names were added."""
    target = Path(path) if path is not None else user_seed_path()
    seed = LocalSeed.load(target) if target.is_file() else LocalSeed()
    added = sum(seed.add(name, label) for name, label, is_org in confirmed if is_org and name.strip())
    if added:
        seed.save(target)
    if path is not None:  # a file chosen elsewhere (a team's shared folder): later consultations read it too
        _list_seed_path(target)
    return added
