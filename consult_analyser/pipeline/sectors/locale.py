"""Does the shipped UK seed model apply to this consultation?

The seed model and the UK default taxonomy were made from UK organisation names. A consultation
whose declared labels, country column, e-mail domains, answer language or the country its
answers keep naming say it is from elsewhere must not be given UK sectors by the seed's word
statistics. :func:`seed_applies`
reads those signals and answers with a reason the analyst can be shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from consult_analyser.pipeline.sectors.prefilter import PatternIndex
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, domain_of
from consult_analyser.pipeline.sectors.taxonomy import GENERAL_DEFAULT, UK_DEFAULT, Taxonomy, clean_text

UK_COUNTRIES = {"uk", "u k", "united kingdom", "great britain", "britain", "gb", "gbr", "england", "scotland",
                "wales", "northern ireland", "cymru", "united kingdom of great britain and northern ireland"}
# words in declared labels that a UK consultation does not use
_FOREIGN_LABEL_WORDS = {"eu", "non eu", "european", "member state", "member states", "third country",
                        "personne", "citoyen", "entreprise", "organisation non gouvernementale", "burger",
                        "unternehmen", "behorde", "ciudadano", "empresa", "cittadino", "impresa", "burger in",
                        "autorite publique", "autoridad publica", "offentliche", "verband", "gewerkschaft",
                        "syndicat", "sindicato"}
_ENGLISH = frozenset("the and of to in is that for it with as be on are this not have by we our".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CCTLD = re.compile(r"\.([a-z]{2})$")


# how answers name the UK, and other countries that hold consultations in English or in the EU
_UK_MENTION = re.compile(r"\b(uk|u\.k\.|united kingdom|britain|british|england|scotland|scottish|wales|welsh|"
                         r"northern ireland|nhs|westminster|whitehall|hm government|her majesty|his majesty)\b",
                         re.IGNORECASE)
_FOREIGN_MENTIONS = {
    "Australia": r"australia|australians?|australia's",
    "New Zealand": r"new zealand|new zealanders?|aotearoa",
    "Canada": r"canada|canadians?|canada's",
    "the United States": r"united states|u\.s\.a?\.|usa|americans?|america's|federal register",
    "Ireland": r"(?<!northern )ireland|irish government|oireachtas",
    "India": r"india|indians?|india's",
    "South Africa": r"south africa|south africans?",
    "Singapore": r"singapore|singaporeans?",
    "the EU": r"european commission|member states?|european parliament|union's",
    "Germany": r"germany|german|deutschland",
    "France": r"france|french government",
    "Belgium": r"belgium|belgique|belgie",
    "the Netherlands": r"netherlands|nederland|dutch government",
    "Spain": r"spain|espana",
    "Italy": r"italy|italia",
    "Austria": r"austria|osterreich",
    "Poland": r"poland|polska",
    "Sweden": r"sweden|sverige",
    "Denmark": r"denmark|danmark",
    "Finland": r"finland|suomi",
    "Portugal": r"portugal",
    "Switzerland": r"switzerland|schweiz|suisse|svizzera",
    "Norway": r"norway|norge",
}
# the UK's nations and regions (ITL1), as a "Region" column gives them
UK_REGIONS = {"north east", "north west", "yorkshire and the humber", "yorkshire and humber", "yorkshire",
              "east midlands", "west midlands", "east of england", "east", "east anglia", "london", "greater london",
              "south east", "south west", "midlands", "the north", "the south"}
_FOREIGN = {country: re.compile(rf"\b({pattern})\b", re.IGNORECASE) for country, pattern in _FOREIGN_MENTIONS.items()}
_COUNTRY_NAMES = list(_FOREIGN_MENTIONS)
# the same patterns, searched in lower-cased answers, each only where it can match (see prefilter)
_FOREIGN_INDEX = PatternIndex([[rf"\b({pattern})\b"] for pattern in _FOREIGN_MENTIONS.values()],
                              [0] * len(_FOREIGN_MENTIONS))


def _country_named(texts: Sequence[str], sample: int = 2000) -> tuple[str, int, int, int] | None:
    """The foreign country most answers name, with how many name it, how many name the UK, and
    how many answers were read (non-trivial ones, up to ``sample``)."""
    read = uk = 0
    named: Counter[str] = Counter()
    for text in texts:
        if len(text.split()) < 8:
            continue
        read += 1
        if _UK_MENTION.search(text):
            uk += 1
        for n in _FOREIGN_INDEX.search(text.lower()):
            named[_COUNTRY_NAMES[n]] += 1
        if read >= sample:
            break
    if not named:
        return None
    country, count = named.most_common(1)[0]
    return country, count, uk, read


@dataclass(frozen=True)
class SeedCheck:
    """Whether the UK seed model may speak here (``applies``), why, and, where it may not, the country the
    consultation reads as from ("the United States", "Australia"; "" when nothing names one)."""

    applies: bool
    reason: str
    country: str = ""

    def holds(self, where: Sequence[str]) -> bool:
        """Whether a usage held in ``where`` (rules.toml's ``where``: "uk", "ireland", "australia", "new zealand"
        ...) holds in this consultation: everywhere when ``where`` is empty; the UK's where the seed applies
        (nothing says this is not a UK consultation); elsewhere only in the country this one reads as from.
        "X Council" is a local authority in the UK and Australia, an association or campaign in the US."""
        if not where:
            return True
        here = "uk" if self.applies else country_key(self.country)
        return bool(here) and here in where


def country_key(country: str) -> str:
    """How rules.toml's ``where`` names a country: "the United States" -> "united states", "UK" -> "uk"."""
    text = clean_text(country)
    text = text[4:] if text.startswith("the ") else text
    return "uk" if text in UK_COUNTRIES else text


# the country of a country-code domain, for the countries named above
_CCTLD_COUNTRY = {"au": "Australia", "nz": "New Zealand", "ca": "Canada", "us": "the United States", "ie": "Ireland",
                  "in": "India", "za": "South Africa", "sg": "Singapore", "de": "Germany", "fr": "France",
                  "be": "Belgium", "nl": "the Netherlands", "es": "Spain", "it": "Italy", "at": "Austria",
                  "pl": "Poland", "se": "Sweden", "dk": "Denmark", "fi": "Finland", "pt": "Portugal",
                  "ch": "Switzerland", "no": "Norway"}


def _country_of(value: str) -> str:
    """The country (as :data:`_FOREIGN_MENTIONS` names it) a country column's value names, or ""."""
    return next((country for country, pattern in _FOREIGN.items() if pattern.fullmatch(value)), "")


def _english_share(texts: Sequence[str], sample: int = 400) -> tuple[float, int]:
    """Share of (up to ``sample``) non-trivial texts that read as English by their function words."""
    english = seen = 0
    for text in texts:
        words = [w.lower() for w in _WORD.findall(text[:600])]
        if len(words) < 8:
            continue
        seen += 1
        if sum(w in _ENGLISH for w in words) / len(words) >= 0.12:
            english += 1
        if seen >= sample:
            break
    return (english / seen if seen else 1.0), seen


def seed_applies(features: Sequence[RespondentFeatures], taxonomy: Taxonomy | None = None) -> SeedCheck:
    """Whether the UK seed model may speak for this consultation, with the reason."""
    if taxonomy is not None and taxonomy.name not in (UK_DEFAULT, GENERAL_DEFAULT):
        foreign = [s.label for s in taxonomy.sectors
                   if any(f" {w} " in f" {clean_text(s.label)} " for w in _FOREIGN_LABEL_WORDS)]
        if foreign:
            return SeedCheck(False, f"declared labels such as {foreign[0]!r} are not those of a UK consultation")
    # a country or region column: only values read as a country count (a county, a city or a
    # UK region is no evidence either way)
    countries = Counter(clean_text(f.country) for f in features if f.country.strip())
    uk = sum(n for c, n in countries.items() if c in UK_COUNTRIES or c in UK_REGIONS or _UK_MENTION.fullmatch(c))
    abroad = Counter({c: n for c, n in countries.items() if any(p.fullmatch(c) for p in _FOREIGN.values())})
    if sum(abroad.values()) >= 5 and sum(abroad.values()) > uk:
        top = ", ".join(c for c, _ in abroad.most_common(3))
        return SeedCheck(False, f"most respondents give a country other than the UK ({top})",
                         _country_of(abroad.most_common(1)[0][0]))
    tlds: Counter[str] = Counter()
    for f in features:
        domain = domain_of(f.email_domain)
        match = _CCTLD.search(domain)
        if match:
            tlds[match.group(1)] += 1
    if sum(tlds.values()) >= 10:
        uk = tlds.get("uk", 0)
        elsewhere = Counter({t: n for t, n in tlds.items() if t not in ("uk", "io", "ai", "co", "me", "tv")})
        other = sum(elsewhere.values())
        if other > 2 * uk:
            top, most = elsewhere.most_common(1)[0]
            return SeedCheck(False, "most organisation e-mail domains are from other countries",
                             _CCTLD_COUNTRY.get(top, "") if most * 2 > other else "")
    languages = Counter(f.language[:2].lower() for f in features if f.language)
    if sum(languages.values()) >= 10:
        en = languages.get("en", 0) / sum(languages.values())
        if en < 0.7:
            return SeedCheck(False, f"only {en:.0%} of the answers are in English")
    else:
        share, seen = _english_share([f.text for f in features if f.text])
        if seen >= 10 and share < 0.7:
            return SeedCheck(False, f"only {share:.0%} of the answers read as English")
    found = _country_named([f.text for f in features if f.text])
    if found is not None:
        country, count, uk, read = found
        if read >= 20 and count >= 0.15 * read and count >= 3 * max(uk, 1):
            return SeedCheck(False, f"the answers name {country} far more often than the UK "
                                    f"({count} answers against {uk}, of {read} read)", country)
    return SeedCheck(True, "nothing says this is not a UK consultation")


# The EU's member states: English name, ISO 3166 alpha-2 and alpha-3 codes, and names in their own
# languages (as ``clean_text`` writes them). A country column that says whether a respondent is in
# the EU separates "EU citizen" from "Non-EU citizen" even for a country no respondent of the same
# type came from.
_EU_MEMBERS = (
    "austria at aut osterreich", "belgium be bel belgique|belgie|belgien", "bulgaria bg bgr balgariya",
    "croatia hr hrv hrvatska", "cyprus cy cyp kypros", "czechia cz cze czech republic|cesko|ceska republika",
    "denmark dk dnk danmark", "estonia ee est eesti", "finland fi fin suomi", "france fr fra",
    "germany de deu deutschland", "greece gr grc ellada|hellas", "hungary hu hun magyarorszag",
    "ireland ie irl eire", "italy it ita italia", "latvia lv lva latvija", "lithuania lt ltu lietuva",
    "luxembourg lu lux luxemburg|letzebuerg", "malta mt mlt", "netherlands nl nld the netherlands|nederland|holland",
    "poland pl pol polska", "portugal pt prt", "romania ro rou", "slovakia sk svk slovensko",
    "slovenia si svn slovenija", "spain es esp espana", "sweden se swe sverige",
)
EU_COUNTRY_NAMES = frozenset(
    name for entry in _EU_MEMBERS
    for name in [*entry.split(" ", 3)[:3], *(entry.split(" ", 3)[3].split("|") if entry.count(" ") >= 3 else [])]
)


def country_in_eu(country: str) -> bool | None:
    """Whether a country column's value names an EU member state (by English or native name, or
    ISO code); None when empty."""
    text = clean_text(country)
    return (text in EU_COUNTRY_NAMES) if text else None
