"""Which side (individual or organisation) a declared label stands for when its words say neither
("Other", "Undergraduate", "Friends of the park"), and a respondent's own side under such a label
from the name they gave where one column holds a person's or an organisation's name ("Submitted
by": "Centre for Ageing Better", "C. Nuttall").

An inquiry's "Other" held 26 organisations and 10 people: read as one side, either the people were
listed as organisations or the organisations vanished from the Organisations sheet. Each respondent
under such a label is placed by their name where the name rules tell (an organisation's words or a
rule's pattern, a person's shape: :meth:`SectorRules.person_or_organisation`); the label's side,
settled from those who chose it, holds for the rest. An analyst moves a respondent to another
sector (``sectors --set``), whose side then holds."""

from __future__ import annotations

from collections.abc import Iterable

from consult_analyser.pipeline.sectors.declared import UNDECIDED_SIDE, declared_sector, label_side
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, SectorRules
from consult_analyser.pipeline.sectors.taxonomy import Sector, Taxonomy
from consult_analyser.store.reporting import NAME_SIDE_DETAIL


def name_side(rules: SectorRules, f: RespondentFeatures) -> bool | None:
    """Whether the name a respondent gave is an organisation's (True) or a person's (False), read
    only when nothing else says their side: no individual-or-organisation answer and no organisation
    box. None when the name says neither ("Independent Age": everyday words in a person's shape)."""
    name = (f.name or "").strip()
    if f.is_organisation is not None or (f.organisation or "").strip() or not name:
        return None
    side, _confidence, reason = rules.person_or_organisation(RespondentFeatures(f.respondent_id, name=name))
    return side if reason in ("person_name", "organisation_name", "non_name") else None


def label_says_no_side(taxonomy: Taxonomy, key: str) -> bool:
    """A declared label whose words say neither side ("Other"), or the taxonomy's "Other"."""
    return key == taxonomy.fallback_key or (key in taxonomy.sides
                                             and label_side(taxonomy.label(key))[1] == UNDECIDED_SIDE)


def name_side_detail(rules: SectorRules, f: RespondentFeatures, taxonomy: Taxonomy, key: str) -> str:
    """What a declared sector's provenance adds when its label says no side and the respondent's name
    does ("; side by the name given: organisation"; read by the store's reporting), else ""."""
    if not label_says_no_side(taxonomy, key):
        return ""
    side = name_side(rules, f)
    return "" if side is None else NAME_SIDE_DETAIL[side]


def settle_sides(taxonomy: Taxonomy, respondents: Iterable[RespondentFeatures],
                 rules: SectorRules | None = None) -> Taxonomy:
    """Decide the side of labels whose words decide nothing ("Undergraduate", "Friends of the
    park") from the respondents who chose them: their own answer to an individual-or-organisation
    question where there is one, else whether they named an organisation in a consultation that asks
    for one, else (with ``rules``) what the name they gave says. The reason says what decided; the
    analyst confirms it in the taxonomy editor (``sectors --side``)."""
    from consult_analyser.ingest.sides import organisation_box_side

    undecided = {key for key, why in taxonomy.sides.items() if why == UNDECIDED_SIDE}
    if not undecided:
        return taxonomy
    people = list(respondents)
    asks_organisation = any((f.organisation or "").strip() for f in people)
    votes: dict[str, list[int]] = {key: [0, 0] for key in undecided}  # [organisation, individual]
    for f in people:
        declared, box, ticked = f.declared_type or "", f.organisation or "", f.is_organisation
        key = declared_sector(declared, taxonomy)[0] if declared.strip() else None
        if key not in votes:
            continue
        named = name_side(rules, f) if rules is not None else None
        side = ticked if ticked is not None else (organisation_box_side(box) if box.strip() else named if named
                                                  is not None else (False if asks_organisation else None))
        if side is not None:
            votes[key][0 if side else 1] += 1
    sectors = list(taxonomy.sectors)
    sides = dict(taxonomy.sides)
    for i, sector in enumerate(sectors):
        org, person = votes.get(sector.key, [0, 0])
        if org + person < 3:
            continue  # too few to say: stays an organisation's, for the analyst to confirm
        is_org = org >= person
        sectors[i] = Sector(sector.key, sector.label, is_org, sector.position)
        told = "named an organisation" if asks_organisation else "answered as an organisation"
        sides[sector.key] = (f"no word in the label decides; {org:,} of the {org + person:,} respondents who chose it "
                             f"{told}")
    return Taxonomy(sectors, dict(taxonomy.synonyms), dict(taxonomy.links), taxonomy.name, sides,
                    dict(taxonomy.declared_map))
