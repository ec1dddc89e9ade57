"""Build models/sectors/seed_model.json from the hand-written list in seed_training.toml.

    .venv/bin/python models/sectors/build_seed.py [--check]

Each sector's name patterns are expanded with the place, saint, given-name, surname, topic and trade
lists (fixed random seed, so the build is reproducible), each example gets one of the sector's
e-mail domain patterns (or none), and a logistic regression over character n-grams of the name
plus domain tokens is trained and written as JSON. ``--check`` also reports accuracy on names
built from places and people held out of training, so one can see that the model learned the
sector words rather than the place names.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from consult_analyser.pipeline.sectors.rules import SectorRules  # noqa: E402
from consult_analyser.pipeline.sectors.seed import SeedModel  # noqa: E402

EXAMPLES_PER_PATTERN = 12
VERSION = "1"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def expand(spec: dict, rng: random.Random, lists: dict[str, list[str]], per_pattern: int) -> list[tuple[str, str, str]]:
    """(name, domain, sector) examples for every sector in ``spec``."""
    out = []
    for sector, body in spec.items():
        domains = body.get("domains", [""])
        for pattern in body["names"]:
            for _ in range(per_pattern):
                place, place2 = rng.sample(lists["places"], 2)
                given, given2 = rng.sample(lists["given"], 2)
                surname, surname2 = rng.sample(lists["surnames"], 2)
                saint = rng.choice(lists["saints"])
                topic = rng.choice(lists["topics"])
                trade = rng.choice(lists["trades"])
                values = {"place": place, "place2": place2, "given": given, "given2": given2,
                          "surname": surname, "surname2": surname2, "saint": saint, "topic": topic,
                          "trade": trade, "initial": given[0]}
                name = pattern.format(**values)
                if rng.random() < 0.15:
                    name = name.upper() if rng.random() < 0.5 else name.lower()
                domain = rng.choice(domains).format(
                    slug=_slug(place if "{surname" not in pattern else surname),
                    saintslug=_slug(saint), topicslug=_slug(topic), tradeslug=_slug(trade))
                out.append((name, domain, sector))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report held-out accuracy too")
    parser.add_argument("--out", default=str(HERE / "seed_model.json"))
    args = parser.parse_args()

    with (HERE / "seed_training.toml").open("rb") as fh:
        data = tomllib.load(fh)
    lists = {k: data.pop(k) for k in ("places", "saints", "given", "surnames", "topics", "trades")}
    free_mail = SectorRules.default().free_mail
    rng = random.Random(20240601)

    if args.check:
        held = {k: v[::4] for k, v in lists.items()}
        kept = {k: [x for x in v if x not in held[k]] for k, v in lists.items()}
        train = expand(data, rng, kept, EXAMPLES_PER_PATTERN)
        test = expand(data, rng, held, 4)
        model = SeedModel.train([n for n, _, _ in train], [d for _, d, _ in train], [s for _, _, s in train],
                                free_mail=sorted(free_mail), version=VERSION)
        proba = model.predict_proba_names([n for n, _, _ in test], [d for _, d, _ in test])
        pred = [model.classes_[i] for i in proba.argmax(axis=1)]
        accuracy = sum(p == s for p, (_, _, s) in zip(pred, test, strict=False)) / len(test)
        print(f"held-out places/people: {len(test)} names, accuracy {accuracy:.3f}")

    examples = expand(data, random.Random(20240601), lists, EXAMPLES_PER_PATTERN)
    model = SeedModel.train([n for n, _, _ in examples], [d for _, d, _ in examples],
                            [s for _, _, s in examples], free_mail=sorted(free_mail), version=VERSION)
    model.save(args.out)
    size = Path(args.out).stat().st_size
    print(f"trained on {len(examples)} names, {len(model.name_vocabulary)} n-grams, "
          f"{len(model.domain_vocabulary)} domain tokens -> {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
