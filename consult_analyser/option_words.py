"""Answer options as several languages word them: the fixed word list behind counting a bilingual
consultation's "Strongly agree" and "Cytuno'n gryf" once (:mod:`consult_analyser.ingest.translations`)
and reading a letter's "Cytuno'n gryf." as the form's option (:func:`consult_analyser.store.passages.letter_choice`).
Written for this project."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(value: str) -> str:
    """A value as the word list holds it: lower case, no accents, straight apostrophes, no end stop."""
    text = "".join(c for c in unicodedata.normalize("NFKD", value.casefold()) if not unicodedata.combining(c))
    text = re.sub(r"[’`´]", "'", text).replace("ß", "ss")
    return " ".join(text.split()).strip(" .:;!?")


#: concept -> language -> its wordings (spellings of one wording, or several ways one language says it
#: that a form would never offer side by side), written for this project
OPTION_CONCEPTS: dict[str, dict[str, list[str]]] = {
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
        "fr": ["je ne sais pas", "ne sais pas", "ne sait pas", "nsp", "incertain", "incertaine", "pas sur", "pas sure",
               "indecis", "indecise"],
        "de": ["weiss nicht", "weiss ich nicht", "kann ich nicht sagen", "unsicher", "unentschieden"],
        "es": ["no se", "no lo se", "ns/nc", "no estoy seguro", "no estoy segura", "indeciso", "indecisa"],
        "it": ["non so", "non lo so", "non saprei", "incerto", "incerta", "non sono sicuro", "non sono sicura"],
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



def index_wordings(concepts: dict[str, dict[str, list[str]]]) -> dict[str, list[tuple[str, str, int]]]:
    """folded wording -> [(concept, language, entry)]: the entry number tells spellings of one
    wording (one entry) from distinct wordings of one language (several entries)."""
    index: dict[str, list[tuple[str, str, int]]] = {}
    for concept, languages in concepts.items():
        for language, wordings in languages.items():
            for entry, wording in enumerate(wordings):
                for spelling in {fold(wording), fold(wording.replace("organisation", "organization"))}:
                    index.setdefault(spelling, []).append((concept, language, entry))
    return index


OPTION_INDEX = index_wordings(OPTION_CONCEPTS)


@lru_cache(maxsize=1024)
def wordings_of(option: str) -> tuple[str, ...]:
    """Every wording (folded) of the concepts ``option`` is a wording of, in any language, longest
    first; () for an option the list does not know."""
    concepts = {concept for concept, _, _ in OPTION_INDEX.get(fold(option), [])}
    return tuple(sorted({fold(w) for c in concepts for wordings in OPTION_CONCEPTS[c].values() for w in wordings},
                        key=len, reverse=True))
