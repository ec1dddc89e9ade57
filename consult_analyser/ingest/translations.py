"""The same answer option written in two languages: a bilingual consultation's "Strongly agree" and
"Tout à fait d'accord", "Business" and "Entreprise", "New Brunswick" and "Nouveau-Brunswick". Each
language's form or sheet delivers its own wording, and counted as written the published numbers
split one option in two (and small groups fall under the suppression threshold twice).

A fixed word list (written for this project) names, per concept, its wording in English, Welsh,
French, German, Spanish, Italian and Dutch. Two values of one field (a closed question's options, the declared
type, the country or region) are counted as one only when both are in the list under the same concept
and in different languages (or are spellings of one entry): "Somewhat agree" and "Tend to agree" are
both English and stay apart, and nothing outside the list is ever merged. The commonest wording
present in the field's main language is kept; the import names every merge and the audit records it."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from consult_analyser.option_words import OPTION_INDEX, fold, index_wordings
from consult_analyser.store.field_values import categorical_fields, count_as
from consult_analyser.store.project import Project

#: places whose names a bilingual form's languages write differently (Canada's provinces and
#: territories; countries of Europe and beyond in the six languages)
_PLACES: dict[str, dict[str, list[str]]] = {
    "british columbia": {"en": ["british columbia"], "fr": ["colombie-britannique"]},
    "new brunswick": {"en": ["new brunswick"], "fr": ["nouveau-brunswick"]},
    "nova scotia": {"en": ["nova scotia"], "fr": ["nouvelle-ecosse"]},
    "newfoundland": {"en": ["newfoundland and labrador", "newfoundland & labrador"],
                     "fr": ["terre-neuve-et-labrador", "terre-neuve et labrador"]},
    "prince edward island": {"en": ["prince edward island"], "fr": ["ile-du-prince-edouard", "ile du prince edouard"]},
    "northwest territories": {"en": ["northwest territories"], "fr": ["territoires du nord-ouest"]},
    "quebec": {"en": ["quebec"], "fr": ["quebec"]},
    "outside canada": {"en": ["outside canada"], "fr": ["a l'exterieur du canada", "hors du canada"]},
    "wales": {"en": ["wales"], "cy": ["cymru"]},
    "england": {"en": ["england"], "cy": ["lloegr"]},
    "scotland": {"en": ["scotland"], "cy": ["yr alban"]},
    "northern ireland": {"en": ["northern ireland"], "cy": ["gogledd iwerddon"]},
    "cardiff": {"en": ["cardiff"], "cy": ["caerdydd"]},
    "swansea": {"en": ["swansea"], "cy": ["abertawe"]},
    "newport": {"en": ["newport"], "cy": ["casnewydd"]},
    "wrexham": {"en": ["wrexham"], "cy": ["wrecsam"]},
    "anglesey": {"en": ["isle of anglesey", "anglesey"], "cy": ["ynys mon"]},
    "vale of glamorgan": {"en": ["vale of glamorgan"], "cy": ["bro morgannwg"]},
    "pembrokeshire": {"en": ["pembrokeshire"], "cy": ["sir benfro"]},
    "carmarthenshire": {"en": ["carmarthenshire"], "cy": ["sir gaerfyrddin", "sir gar"]},
    "denbighshire": {"en": ["denbighshire"], "cy": ["sir ddinbych"]},
    "flintshire": {"en": ["flintshire"], "cy": ["sir y fflint"]},
    "monmouthshire": {"en": ["monmouthshire"], "cy": ["sir fynwy"]},
    "caerphilly": {"en": ["caerphilly"], "cy": ["caerffili"]},
    "merthyr tydfil": {"en": ["merthyr tydfil"], "cy": ["merthyr tudful"]},
    "bridgend": {"en": ["bridgend"], "cy": ["pen-y-bont ar ogwr"]},
    "neath port talbot": {"en": ["neath port talbot"], "cy": ["castell-nedd port talbot"]},
    "united kingdom": {"en": ["united kingdom", "uk"], "cy": ["y deyrnas unedig"], "fr": ["royaume-uni"], "de": ["vereinigtes königreich"],
                       "es": ["reino unido"], "it": ["regno unito"], "nl": ["verenigd koninkrijk"]},
    "united states": {"en": ["united states", "united states of america", "usa"], "fr": ["etats-unis"],
                      "de": ["vereinigte staaten"], "es": ["estados unidos"], "it": ["stati uniti"],
                      "nl": ["verenigde staten"]},
    "germany": {"en": ["germany"], "fr": ["allemagne"], "de": ["deutschland"], "es": ["alemania"],
                "it": ["germania"], "nl": ["duitsland"]},
    "france": {"en": ["france"], "fr": ["france"], "de": ["frankreich"], "es": ["francia"], "it": ["francia"],
               "nl": ["frankrijk"]},
    "belgium": {"en": ["belgium"], "fr": ["belgique"], "de": ["belgien"], "es": ["belgica"], "it": ["belgio"],
                "nl": ["belgie"]},
    "netherlands": {"en": ["netherlands", "the netherlands"], "fr": ["pays-bas"], "de": ["niederlande"],
                    "es": ["paises bajos"], "it": ["paesi bassi"], "nl": ["nederland"]},
    "spain": {"en": ["spain"], "fr": ["espagne"], "de": ["spanien"], "es": ["espana"], "it": ["spagna"],
              "nl": ["spanje"]},
    "italy": {"en": ["italy"], "fr": ["italie"], "de": ["italien"], "es": ["italia"], "it": ["italia"], "nl": ["italie"]},
    "switzerland": {"en": ["switzerland"], "fr": ["suisse"], "de": ["schweiz"], "es": ["suiza"], "it": ["svizzera"],
                    "nl": ["zwitserland"]},
    "austria": {"en": ["austria"], "fr": ["autriche"], "de": ["österreich"], "es": ["austria"], "it": ["austria"],
                "nl": ["oostenrijk"]},
    "ireland": {"en": ["ireland"], "fr": ["irlande"], "de": ["irland"], "es": ["irlanda"], "it": ["irlanda"],
                "nl": ["ierland"]},
    "poland": {"en": ["poland"], "fr": ["pologne"], "de": ["polen"], "es": ["polonia"], "it": ["polonia"],
               "nl": ["polen"]},
    "sweden": {"en": ["sweden"], "fr": ["suede"], "de": ["schweden"], "es": ["suecia"], "it": ["svezia"],
               "nl": ["zweden"]},
    "denmark": {"en": ["denmark"], "fr": ["danemark"], "de": ["dänemark"], "es": ["dinamarca"], "it": ["danimarca"],
                "nl": ["denemarken"]},
    "greece": {"en": ["greece"], "fr": ["grece"], "de": ["griechenland"], "es": ["grecia"], "it": ["grecia"],
               "nl": ["griekenland"]},
    "luxembourg": {"en": ["luxembourg"], "fr": ["luxembourg"], "de": ["luxemburg"], "es": ["luxemburgo"],
                   "it": ["lussemburgo"], "nl": ["luxemburg"]},
}


_OPTIONS = OPTION_INDEX
_PLACE_NAMES = index_wordings(_PLACES)


@dataclass(frozen=True)
class Merge:
    """One wording counted under another: ``written`` (``count`` of them) as ``counted_as``."""

    written: str
    counted_as: str
    count: int


def _same_option(a: list[tuple[str, str, int]], b: list[tuple[str, str, int]]) -> bool:
    """Two wordings of one concept in different languages, or spellings of one entry; never two
    wordings that could both be one language's ("Neutral" and "Neither agree nor disagree" are two
    English options a form may offer side by side, though "neutral" is German too)."""
    for concept in {c for c, _, _ in a} & {c for c, _, _ in b}:
        entries_a = {(lang, e) for c, lang, e in a if c == concept}
        entries_b = {(lang, e) for c, lang, e in b if c == concept}
        if entries_a & entries_b or not ({lang for lang, _ in entries_a} & {lang for lang, _ in entries_b}):
            return True
    return False


def _known(counts: Counter[str], places: bool) -> dict[str, list[tuple[str, str, int]]]:
    index = _PLACE_NAMES if places else _OPTIONS
    return {value: index[fold(value)] for value in counts if value.strip() and fold(value) in index}


def languages(counts: Counter[str], places: bool = False) -> Counter[str]:
    """How many of a field's values are in each language of the word list (a wording several
    languages share counts for each)."""
    weight: Counter[str] = Counter()
    for value, entries in _known(counts, places).items():
        for language in {lang for _, lang, _ in entries}:
            weight[language] += counts[value]
    return weight


def merges(counts: Counter[str], *, places: bool = False, weight: Counter[str] | None = None) -> list[Merge]:
    """The values of one field (wording -> how many) to count under another wording of the same
    option: [] when the field has no such pair. The wording kept is the main language's (the
    language ``weight`` puts first: by default the field's own), then the commonest."""
    known = _known(counts, places)
    weight = weight if weight is not None else languages(counts, places)

    def rank(value: str) -> tuple[int, bool, int, str]:  # the main language first (English if tied), the commonest
        languages = {lang for _, lang, _ in known[value]}
        return -max(weight[lang] for lang in languages), "en" not in languages, -counts[value], value

    found: list[Merge] = []
    taken: set[str] = set()
    for value in sorted(known, key=rank):
        if value in taken:
            continue
        for other in sorted(known, key=rank):
            if other == value or other in taken:
                continue
            if _same_option(known[value], known[other]) and not _clashes(other, value, known, counts):
                found.append(Merge(other, value, counts[other]))
                taken.add(other)
        taken.add(value)
    return found


def _clashes(other: str, value: str, known: dict[str, list[tuple[str, str, int]]], counts: Counter[str]) -> bool:
    """``other`` could as well be another option present in the field: leave it as written."""
    return any(candidate not in (other, value) and _same_option(known[other], known[candidate])
               and not _same_option(known[value], known[candidate]) for candidate in known)


def count_translations_once(project: Project) -> list[str]:
    """Count each option that a project's fields hold in two languages under one wording (inside the
    caller's transaction), recording each merge in the audit; returns a line per field merged, for
    the import's messages."""
    said: list[str] = []
    fields = categorical_fields(project)
    weight: Counter[str] = Counter()  # the project's main language: its answers', then its fields'
    for language, n in project.query("SELECT language, COUNT(*) FROM responses WHERE language != '' GROUP BY 1"):
        weight[language] += n
    for field, counts in fields:
        weight.update(languages(counts, field.places))
    for field, counts in fields:
        found = merges(counts, places=field.places, weight=weight)
        if not found:
            continue
        count_as(project, field, {m.written: m.counted_as for m in found})
        for merge in found:
            project.audit("count_as", field.kind, field.name, written=merge.written, counted_as=merge.counted_as,
                          count=merge.count)
        what = "place" if field.places else "option"
        by_how: dict[str, list[Merge]] = {}
        for merge in found:
            by_how.setdefault(how_written(merge.written, merge.counted_as), []).append(merge)
        said.append(f"{field.label}: counted " + "; ".join(
            ", ".join(f"{m.written!r} ({m.count:,}) as {m.counted_as!r}" for m in merges_)
            + f", the same {what} {how}" for how, merges_ in by_how.items()))
    return said


def how_written(written: str, counted_as: str) -> str:
    """How one wording differs from the one it is counted as, for the import's message: only by punctuation or
    spacing ("Ngo;" as "Ngo": written with stray punctuation, not in another language), by capitals, by accents,
    or else in another language or spelling."""
    def letters(text: str) -> str:
        return "".join(c for c in text if c.isalnum())

    def plain(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))

    def bare(text: str) -> str:  # without punctuation or spaces at either end
        return text.strip(" \t.,;:!?-_/\\|*'\"()[]{}")

    if letters(written) == letters(counted_as):
        if bare(written) == bare(counted_as):
            return "written with stray punctuation"
        return "written with other punctuation or spacing"
    if letters(written).casefold() == letters(counted_as).casefold():
        return "in other capitals" + (" and punctuation" if written.casefold() != counted_as.casefold() else "")
    if letters(plain(written)).casefold() == letters(plain(counted_as)).casefold():
        return ("written without its accents" if written == plain(written) else
                "written with accents" if counted_as == plain(counted_as) else "written with other accents")
    return "in another language or spelling"
