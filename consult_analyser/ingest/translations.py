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

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from consult_analyser.store.field_values import categorical_fields, count_as
from consult_analyser.store.project import Project


def fold(value: str) -> str:
    """A value as the word list holds it: lower case, no accents, straight apostrophes, no end stop."""
    text = "".join(c for c in unicodedata.normalize("NFKD", value.casefold()) if not unicodedata.combining(c))
    text = re.sub(r"[’`´]", "'", text).replace("ß", "ss")
    return " ".join(text.split()).strip(" .:;!?")


#: concept -> language -> its wordings (spellings of one wording, or several ways one language says it
#: that a form would never offer side by side), written for this project
_CONCEPTS: dict[str, dict[str, list[str]]] = {
    "strongly agree": {
        "cy": ["cytuno'n gryf", 'cytuno yn gryf'],
        "en": ["strongly agree", "completely agree", "totally agree"],
        "fr": ["tout a fait d'accord", "fortement d'accord", "totalement d'accord", "entierement d'accord",
               "tres d'accord"],
        "de": ["stimme voll und ganz zu", "stimme voll zu", "stimme völlig zu", "voll und ganz einverstanden",
               "trifft voll und ganz zu", "stimme vollkommen zu"],
        "es": ["totalmente de acuerdo", "muy de acuerdo", "completamente de acuerdo"],
        "it": ["totalmente d'accordo", "completamente d'accordo", "molto d'accordo", "pienamente d'accordo"],
        "nl": ["helemaal mee eens", "zeer mee eens", "volledig mee eens", "volledig eens"],
    },
    "agree": {
        "cy": ['cytuno'],
        "en": ["agree"], "fr": ["d'accord", "en accord"], "de": ["stimme zu", "einverstanden", "trifft zu"],
        "es": ["de acuerdo"], "it": ["d'accordo"], "nl": ["mee eens", "eens"],
    },
    "somewhat agree": {
        "cy": ['tueddu i gytuno', 'cytuno i ryw raddau'],
        "en": ["somewhat agree", "tend to agree", "slightly agree", "mostly agree", "partly agree"],
        "fr": ["plutot d'accord", "assez d'accord", "moyennement d'accord", "en partie d'accord"],
        "de": ["stimme eher zu", "eher einverstanden", "trifft eher zu", "stimme teilweise zu"],
        "es": ["algo de acuerdo", "bastante de acuerdo", "parcialmente de acuerdo"],
        "it": ["abbastanza d'accordo", "parzialmente d'accordo", "piuttosto d'accordo"],
        "nl": ["enigszins mee eens", "eerder mee eens", "beetje mee eens", "deels mee eens"],
    },
    "neither": {
        "cy": ['ddim yn cytuno nac yn anghytuno', 'heb gytuno nac anghytuno', 'ddim yn cytuno nac anghytuno', 'niwtral'],
        "en": ["neither agree nor disagree", "neither agree or disagree", "neutral"],
        "fr": ["ni d'accord ni en desaccord", "ni en accord ni en desaccord", "ni d'accord ni pas d'accord", "neutre"],
        "de": ["weder noch", "teils/teils", "teils, teils", "teils teils", "stimme weder zu noch lehne ab", "neutral"],
        "es": ["ni de acuerdo ni en desacuerdo", "neutral"],
        "it": ["ne d'accordo ne in disaccordo", "neutrale"],
        "nl": ["niet mee eens, niet mee oneens", "noch eens, noch oneens", "noch eens noch oneens", "neutraal"],
    },
    "somewhat disagree": {
        "cy": ['tueddu i anghytuno', 'anghytuno i ryw raddau'],
        "en": ["somewhat disagree", "tend to disagree", "slightly disagree", "mostly disagree", "partly disagree"],
        "fr": ["plutot en desaccord", "plutot pas d'accord", "pas vraiment d'accord", "assez en desaccord"],
        "de": ["stimme eher nicht zu", "eher nicht einverstanden", "trifft eher nicht zu", "lehne eher ab"],
        "es": ["algo en desacuerdo", "bastante en desacuerdo", "parcialmente en desacuerdo"],
        "it": ["poco d'accordo", "abbastanza in disaccordo", "parzialmente in disaccordo", "piuttosto in disaccordo"],
        "nl": ["enigszins mee oneens", "eerder mee oneens", "beetje mee oneens", "deels mee oneens"],
    },
    "disagree": {
        "cy": ['anghytuno'],
        "en": ["disagree"], "fr": ["pas d'accord", "en desaccord"],
        "de": ["stimme nicht zu", "nicht einverstanden", "trifft nicht zu", "lehne ab"],
        "es": ["en desacuerdo"], "it": ["in disaccordo", "non d'accordo"], "nl": ["mee oneens", "oneens"],
    },
    "strongly disagree": {
        "cy": ["anghytuno'n gryf", 'anghytuno yn gryf'],
        "en": ["strongly disagree", "completely disagree", "totally disagree"],
        "fr": ["tout a fait en desaccord", "pas du tout d'accord", "fortement en desaccord", "totalement en desaccord",
               "entierement en desaccord"],
        "de": ["stimme überhaupt nicht zu", "stimme gar nicht zu", "überhaupt nicht einverstanden",
               "trifft überhaupt nicht zu", "lehne voll und ganz ab", "lehne entschieden ab"],
        "es": ["totalmente en desacuerdo", "muy en desacuerdo", "completamente en desacuerdo"],
        "it": ["totalmente in disaccordo", "per niente d'accordo", "completamente in disaccordo",
               "fortemente in disaccordo"],
        "nl": ["helemaal mee oneens", "zeer mee oneens", "volledig mee oneens", "volledig oneens"],
    },
    "don't know": {
        "cy": ['ddim yn gwybod', 'dim yn gwybod', 'ddim yn siwr', 'dim syniad'],
        "en": ["don't know", "do not know", "dont know", "not sure", "unsure"],
        "fr": ["je ne sais pas", "ne sais pas", "ne sait pas", "nsp"],
        "de": ["weiss nicht", "weiss ich nicht", "kann ich nicht sagen"],
        "es": ["no se", "no lo se", "ns/nc"], "it": ["non so", "non lo so", "non saprei"],
        "nl": ["weet niet", "weet ik niet", "weet ik niet / geen mening"],
    },
    "no opinion": {
        "cy": ['dim barn', 'heb farn'],
        "en": ["no opinion"], "fr": ["sans opinion", "aucune opinion", "pas d'opinion"], "de": ["keine meinung"],
        "es": ["sin opinion"], "it": ["nessuna opinione", "senza opinione"], "nl": ["geen mening"],
    },
    "prefer not to say": {
        "cy": ["mae'n well gen i beidio a dweud", 'gwell gennyf beidio a dweud', 'well gen i beidio dweud', 'gwell gen i beidio a dweud'],
        "en": ["prefer not to say", "prefer not to answer", "rather not say", "i prefer not to say",
               "i would prefer not to say"],
        "fr": ["prefere ne pas repondre", "je prefere ne pas repondre", "prefere ne pas le dire"],
        "de": ["keine angabe", "möchte ich nicht sagen", "möchte ich nicht angeben"],
        "es": ["prefiero no contestar", "prefiero no responder", "prefiero no decirlo"],
        "it": ["preferisco non rispondere", "preferisco non dirlo"], "nl": ["zeg ik liever niet", "wil ik niet zeggen"],
    },
    "not applicable": {
        "cy": ['amherthnasol', 'ddim yn berthnasol', 'dim yn berthnasol'],
        "en": ["not applicable", "n/a"], "fr": ["sans objet", "s/o", "ne s'applique pas", "non applicable"],
        "de": ["nicht zutreffend", "trifft nicht zu (nicht anwendbar)"], "es": ["no aplica", "no procede"],
        "it": ["non applicabile", "non pertinente"], "nl": ["niet van toepassing", "n.v.t"],
    },
    "yes": {
        "cy": ['ie', 'ydw', 'oes', 'ydy'],"en": ["yes"], "fr": ["oui"], "de": ["ja"], "es": ["si"], "it": ["si"], "nl": ["ja"]},
    "no": {
        "cy": ['na', 'nac ydw', 'nac oes', 'nac ydy', 'naddo'],"en": ["no"], "fr": ["non"], "de": ["nein"], "es": ["no"], "it": ["no"], "nl": ["nee"]},
    "other": {
        "cy": ['arall'],"en": ["other"], "fr": ["autre"], "de": ["andere", "sonstige", "sonstiges"], "es": ["otro", "otra"],
              "it": ["altro", "altra"], "nl": ["anders", "andere", "overig"]},
    # who is answering
    "individual": {
        "cy": ['unigolyn', 'fel unigolyn', "aelod o'r cyhoedd"],
        "en": ["individual", "an individual", "as an individual", "private individual", "member of the public"],
        "fr": ["particulier", "un particulier", "a titre de particulier", "a titre personnel", "citoyen"],
        "de": ["privatperson", "als privatperson", "einzelperson", "bürger/in", "bürgerin / bürger"],
        "es": ["particular", "a titulo particular", "a titulo individual", "ciudadano"],
        "it": ["privato", "privato cittadino", "a titolo personale", "cittadino"],
        "nl": ["particulier", "als particulier", "burger", "privépersoon"],
    },
    "organisation": {
        "cy": ['sefydliad', 'ar ran sefydliad'],
        "en": ["organisation", "organization", "an organisation", "an organization", "on behalf of an organisation",
               "on behalf of an organization"],
        "fr": ["organisation", "une organisation", "au nom d'une organisation", "organisme", "au nom d'un organisme"],
        "de": ["organisation", "für eine organisation", "im namen einer organisation"],
        "es": ["organizacion", "en nombre de una organizacion"], "it": ["organizzazione", "per conto di un'organizzazione"],
        "nl": ["organisatie", "namens een organisatie"],
    },
    # kinds of respondent a bilingual form offers
    "business": {
        "cy": ['busnes', 'sector preifat'],"en": ["business", "a business", "private sector", "company"],
                 "fr": ["entreprise", "une entreprise", "secteur prive", "societe"],
                 "de": ["unternehmen", "privatwirtschaft"], "es": ["empresa", "sector privado"],
                 "it": ["impresa", "azienda", "settore privato"], "nl": ["bedrijf", "onderneming", "privésector"]},
    "non-profit": {"en": ["non-profit organization", "non-profit organisation", "not-for-profit organization",
                          "not-for-profit organisation", "non-profit", "not-for-profit", "nonprofit"],
                   "fr": ["organisme sans but lucratif", "organisation sans but lucratif", "osbl", "obnl",
                          "organisme a but non lucratif", "association sans but lucratif"],
                   "de": ["gemeinnützige organisation"], "es": ["organizacion sin animo de lucro",
                                                                 "organizacion sin fines de lucro"],
                   "it": ["organizzazione senza scopo di lucro", "ente senza scopo di lucro", "ente non profit"],
                   "nl": ["organisatie zonder winstoogmerk", "non-profitorganisatie"]},
    "ngo": {"en": ["non-governmental organisation (ngo)", "non-governmental organization (ngo)",
                   "non-governmental organisation", "non-governmental organization", "ngo"],
            "fr": ["organisation non gouvernementale (ong)", "organisation non gouvernementale", "ong"],
            "de": ["nichtregierungsorganisation (ngo)", "nichtregierungsorganisation", "ngo", "nro"],
            "es": ["organizacion no gubernamental (ong)", "organizacion no gubernamental", "ong"],
            "it": ["organizzazione non governativa (ong)", "organizzazione non governativa", "ong"],
            "nl": ["niet-gouvernementele organisatie (ngo)", "niet-gouvernementele organisatie", "ngo"]},
    "municipal government": {
        "cy": ['awdurdod lleol', 'cyngor sir', 'llywodraeth leol'],"en": ["municipal government", "municipality", "local government", "local authority"],
                             "fr": ["administration municipale", "gouvernement municipal", "municipalite",
                                    "administration locale"],
                             "de": ["gemeinde", "kommune", "kommunalverwaltung"],
                             "es": ["gobierno municipal", "municipio", "administracion local"],
                             "it": ["comune", "amministrazione comunale", "amministrazione locale"],
                             "nl": ["gemeente", "gemeentebestuur", "lokale overheid"]},
    "provincial government": {"en": ["provincial or territorial government", "provincial/territorial government",
                                     "provincial government"],
                              "fr": ["gouvernement provincial ou territorial", "gouvernement provincial/territorial",
                                     "gouvernement provincial"]},
    "federal government": {"en": ["federal government", "government of canada"],
                           "fr": ["gouvernement federal", "gouvernement du canada"]},
    "indigenous organisation": {"en": ["indigenous organization", "indigenous organisation", "indigenous group",
                                       "indigenous government or organization"],
                                "fr": ["organisation autochtone", "groupe autochtone", "organisme autochtone",
                                       "gouvernement ou organisation autochtone"]},
    "academic": {
        "cy": ['academaidd', 'prifysgol', 'addysg uwch'],"en": ["academic", "academia", "academic institution", "university", "academic or research institution",
                        "academic/research institution"],
                 "fr": ["milieu universitaire", "universitaire", "etablissement universitaire", "universite",
                        "etablissement universitaire ou de recherche", "milieu universitaire ou de recherche"],
                 "de": ["wissenschaft", "hochschule", "wissenschaftliche einrichtung", "universität",
                        "hochschule/forschungseinrichtung"],
                 "es": ["universidad", "institucion academica", "institucion academica o de investigacion"],
                 "it": ["universita", "mondo accademico", "istituzione accademica o di ricerca"],
                 "nl": ["universiteit", "academische wereld", "academische of onderzoeksinstelling"]},
    "industry association": {
        "cy": ['cymdeithas fasnach', 'corff cynrychioli busnes'],"en": ["industry association", "business association", "trade association"],
                             "fr": ["association industrielle", "association de l'industrie",
                                    "association d'entreprises", "association professionnelle"],
                             "de": ["wirtschaftsverband", "branchenverband", "unternehmensverband"],
                             "es": ["asociacion empresarial", "asociacion industrial"],
                             "it": ["associazione di imprese", "associazione di categoria", "associazione industriale"],
                             "nl": ["brancheorganisatie", "bedrijfsvereniging", "branchevereniging"]},
    "trade union": {
        "cy": ['undeb llafur', 'undeb'],"en": ["trade union", "union", "labour union", "labor union"], "fr": ["syndicat"],
                    "de": ["gewerkschaft"], "es": ["sindicato"], "it": ["sindacato"], "nl": ["vakbond"]},
    "third sector": {"en": ["third sector", "third sector organisation", "voluntary sector", "voluntary organisation",
                             "charity or voluntary organisation"],
                     "cy": ["trydydd sector", "sefydliad trydydd sector", "sector gwirfoddol", "sefydliad gwirfoddol",
                            "elusen neu sefydliad gwirfoddol"]},
    "public sector": {"en": ["public sector", "public sector organisation", "public body"],
                      "cy": ["sector cyhoeddus", "sefydliad sector cyhoeddus", "corff cyhoeddus"]},
    "town and community council": {"en": ["town and community council", "town or community council",
                                          "town/community council", "community council"],
                                   "cy": ["cyngor tref a chymuned", "cyngor tref neu gymuned", "cyngor cymuned"]},
    "public authority": {"en": ["public authority"], "fr": ["autorite publique", "pouvoir public"],
                         "de": ["behörde", "öffentliche behörde"], "es": ["autoridad publica"],
                         "it": ["autorita pubblica"], "nl": ["overheidsinstantie"]},
    "consumer organisation": {"en": ["consumer organisation", "consumer organization"],
                              "fr": ["organisation de consommateurs", "association de consommateurs"],
                              "de": ["verbraucherorganisation", "verbraucherverband"],
                              "es": ["organizacion de consumidores"], "it": ["organizzazione dei consumatori"],
                              "nl": ["consumentenorganisatie"]},
    "environmental organisation": {"en": ["environmental organisation", "environmental organization"],
                                   "fr": ["organisation environnementale", "organisme environnemental"],
                                   "de": ["umweltorganisation", "umweltverband"],
                                   "es": ["organizacion medioambiental", "organizacion ambiental"],
                                   "it": ["organizzazione ambientalista"], "nl": ["milieuorganisatie"]},
}

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


def _index(concepts: dict[str, dict[str, list[str]]]) -> dict[str, list[tuple[str, str, int]]]:
    """folded wording -> [(concept, language, entry)]: the entry number tells spellings of one
    wording (one entry) from distinct wordings of one language (several entries)."""
    index: dict[str, list[tuple[str, str, int]]] = {}
    for concept, languages in concepts.items():
        for language, wordings in languages.items():
            for entry, wording in enumerate(wordings):
                for spelling in {fold(wording), fold(wording.replace("organisation", "organization"))}:
                    index.setdefault(spelling, []).append((concept, language, entry))
    return index


_OPTIONS = _index(_CONCEPTS)
_PLACE_NAMES = _index(_PLACES)


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
        pairs = ", ".join(f"{m.written!r} ({m.count:,}) as {m.counted_as!r}" for m in found)
        said.append(f"{field.label}: counted {pairs}, the same {'place' if field.places else 'option'} "
                    "in another language or spelling")
    return said
