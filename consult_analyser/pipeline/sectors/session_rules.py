"""A sector session's rules, checked against the consultation's own labels (part of
:class:`~consult_analyser.pipeline.sectors.model.SectorSession`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from consult_analyser.pipeline.sectors.declared import normalise_declared
from consult_analyser.pipeline.sectors.local_seed import LOCAL_SEED_CONFIDENCE
from consult_analyser.pipeline.sectors.orgnames import organisation_key
from consult_analyser.pipeline.sectors.session_labels import SessionLabels
from consult_analyser.pipeline.sectors.taxonomy import GENERAL_DEFAULT, UK_DEFAULT, default_taxonomy
from consult_analyser.pipeline.sectors.thresholds import RULE_SHOWN_WRONG, WEAK_DOMAIN


def _by_organisation(found: Mapping[str, Counter[str]]) -> dict[str, float]:
    """Sector -> how many organisations (``found``: organisation -> its respondents' labels) say it, each
    organisation counted once, shared among the sectors its respondents were given."""
    out: dict[str, float] = {}
    for labels in found.values():
        total = sum(labels.values())
        for key, n in labels.items():
            out[key] = out.get(key, 0.0) + n / total
    return out


def shown_wrong(seen: Mapping[str, float], sector: str) -> bool:
    """Whether a rule's labelled organisations (``seen``: sector -> how many distinct organisations, see
    :meth:`SessionRules._evidence_unit`) show its ``sector`` wrong: on at least :data:`RULE_SHOWN_WRONG` of them, and
    on most of those labelled. Fewer say no more than that those organisations are exceptions (a non-profit with
    "Inc" in its name), which their own labels already settle."""
    wrong = sum(seen.values()) - seen.get(sector, 0)
    # (an organisation's share is a fraction: 1/3 + 2/3 may fall short of 1 by a rounding error)
    return wrong >= RULE_SHOWN_WRONG - 1e-9 and 2 * wrong > sum(seen.values()) + 1e-9


class SessionRules(SessionLabels):
    """Rule checking and rule decisions of a :class:`~consult_analyser.pipeline.sectors.model.SectorSession`."""

    # ------------------------------------------------------------------------------ rules
    def _rule_table(self, labels: Mapping[int, str]) -> dict[tuple[str, str], tuple[str | None, float, int]]:
        """(rule, pattern) -> (sector in this taxonomy, checked confidence, labelled support).

        Two-level shrinkage: a rule's sector distribution is its stated confidence (worth
        ``rule_prior_weight`` examples) updated by the labels of respondents it matched; each
        pattern's distribution is the rule's (worth as many examples) updated by the labels of
        the respondents that pattern matched. So "CIC" can turn out to mean business in one
        consultation while the rest of the voluntary-sector rule stands.

        The labels withdraw a rule (or one of its patterns) only when they show it wrong on enough of the
        organisations it matched (:func:`shown_wrong`); until then it goes on deciding, at no less than
        ``min_rule_confidence``, and the corrected respondents alone change. A trial's one correction of
        "Greater Boston Legal Services, Inc." to a non-profit took "Business" from all 19 respondents the
        "Inc" rule had placed, 8 real businesses among them. Evidence is counted by organisation, not by
        respondent, and a pattern shown wrong is withdrawn alone: the rule is judged on its other patterns'
        organisations (trial 39's three respondents of "National Jewish Health", set to health, had taken
        "Unitarian Congregations" out of Faith with the whole rule).
        """
        a = self.rule_prior_weight
        floor = self.min_rule_confidence
        nominal: dict[str, tuple[str, float]] = {}
        for row in self.hits:
            for hit in row:
                nominal.setdefault(hit.rule, (hit.sector, hit.confidence))
        # evidence is counted by organisation, not by respondent: three respondents of one organisation that an
        # analyst set apart are one exception (a trial's 3 of "National Jewish Health" had withdrawn "faith"); an
        # organisation whose respondents' labels differ counts once, shared among them
        units = {i: self._evidence_unit(i) for i in labels}
        per_pattern: dict[tuple[str, str], dict[str, Counter[str]]] = {}
        for i, key in labels.items():
            for ident in {(h.rule, h.pattern) for h in self.hits[i]}:
                per_pattern.setdefault(ident, {}).setdefault(units[i], Counter())[key] += 1
        by_pattern = {ident: _by_organisation(found) for ident, found in per_pattern.items()}
        shared = self._shared_defaults()
        linked_of = {rule: (None if sector in shared else self.taxonomy.map_default_key(sector))
                     for rule, (sector, _conf) in nominal.items()}
        # a pattern the labels show wrong is withdrawn alone where it tells every organisation the labels show the
        # rule wrong on: the rule's other patterns are then judged on their own organisations ("Jewish" before
        # "Health" says nothing of "Unitarian Congregations"); wrong ones among them too, and the rule is judged whole
        withdrawn = {ident for ident, seen in by_pattern.items()
                     if (linked := linked_of.get(ident[0])) is not None and shown_wrong(seen, linked)}
        every: dict[str, dict[str, Counter[str]]] = {}
        rest: dict[str, dict[str, Counter[str]]] = {}
        for i, key in labels.items():
            idents = {(h.rule, h.pattern) for h in self.hits[i]}
            for rule in {r for r, _p in idents}:
                every.setdefault(rule, {}).setdefault(units[i], Counter())[key] += 1
                if any(r == rule and (r, p) not in withdrawn for r, p in idents):
                    rest.setdefault(rule, {}).setdefault(units[i], Counter())[key] += 1
        by_rule: dict[str, dict[str, float]] = {}
        for rule, found in every.items():
            kept = rest.get(rule, {})
            told = all(set(c) == {linked_of[rule]} for c in kept.values())  # every wrong one is a withdrawn pattern's
            by_rule[rule] = _by_organisation(kept if told else found)
        rule_post: dict[str, dict[str, float]] = {}
        for rule, (_sector, conf) in nominal.items():
            # a rule's sector that several of this taxonomy's sectors name ("EU citizen" and
            # "Non-EU citizen" are both individuals) says which only from this consultation's labels
            linked = linked_of[rule]
            seen = by_rule.get(rule, {})
            n = sum(seen.values())
            if linked is None and n < 3:
                rule_post[rule] = {}
                continue
            candidates = set(seen) | ({linked} if linked else set())
            post = {k: (seen.get(k, 0) + (a * conf if k == linked else 0.0)) / (n + a) for k in candidates}
            if linked is not None and conf >= floor and not shown_wrong(seen, linked):
                post[linked] = max(post[linked], floor)  # still stands: a few corrections are not enough
            rule_post[rule] = post
        table: dict[tuple[str, str], tuple[str | None, float, int]] = {}
        for row in self.hits:
            for hit in row:
                ident = (hit.rule, hit.pattern)
                if ident in table:
                    continue
                prior = rule_post.get(hit.rule, {})
                seen = by_pattern.get(ident, {})
                n = sum(seen.values())
                candidates = set(seen) | set(prior)
                if not prior or not candidates:
                    table[ident] = (None, 0.0, round(n))
                    continue
                post = {k: (seen.get(k, 0) + a * prior.get(k, 0.0)) / (n + a) for k in candidates}
                standing = max(sorted(prior), key=lambda k: prior[k])
                if prior[standing] >= floor and not shown_wrong(seen, standing):
                    post[standing] = max(post[standing], floor)  # the rule stands, and this pattern with it
                best = max(sorted(candidates), key=lambda k: post[k])
                table[ident] = (best, post[best], round(n))
        return table

    def _evidence_unit(self, i: int) -> str:
        """What one piece of a rule's evidence is: the respondent's organisation (its normalised name, so that
        "National Jewish Health" and "NATIONAL JEWISH HEALTH." are one), else the respondent."""
        org = self.rules.organisation_text(self.features[i])
        key = organisation_key(org) if org else ""
        return "org:" + key if key else "id:" + self.features[i].respondent_id

    def _shared_defaults(self) -> set[str]:
        """Default sectors that two or more sectors of this taxonomy name equally plainly ("EU citizen"
        and "Non-EU citizen" both say "individual"; "Company" names "business" more plainly than
        "Company group", which is no tie)."""
        if self.taxonomy.name in (UK_DEFAULT, GENERAL_DEFAULT):  # the default sectors themselves: one each
            return set()
        default = default_taxonomy()
        best: dict[str, list[float]] = {}
        for sector in self.taxonomy.sectors:
            key, confidence = normalise_declared(sector.label, default)
            if key is not None and confidence >= 0.7:
                best.setdefault(key, []).append(confidence)
        return {key for key, found in best.items() if len(found) >= 2 and found.count(max(found)) >= 2}

    def _rule_result(self, i: int) -> tuple[str, float, str] | None:
        """The best rule that speaks this taxonomy, if its checked confidence is high enough.

        Rules are taken in priority order; the first one with a sector in this taxonomy
        decides. When it is not trusted enough, weaker rules are not asked: the model decides.
        """
        is_org = self.features[i].is_organisation
        org = self.rules.organisation_text(self.features[i])
        if org and is_org is not False:  # the same organisation as one an analyst set here, in another response
            key = self._set_here().get(organisation_key(org))
            if key is not None and self.taxonomy.is_organisation(key) is not False:
                return key, LOCAL_SEED_CONFIDENCE, "rule:same organisation as one an analyst set"
        if self.local_seed is not None and is_org is not False:
            org = self.rules.organisation_text(self.features[i])
            key = self.local_seed.sector_for(org, self.taxonomy) if org else None
            if key is not None:
                return key, LOCAL_SEED_CONFIDENCE, "local-seed:" + ",".join(self.local_seed.sources)
        named = bool(self.rules.organisation_text(self.features[i]))
        for hit in self.hits[i]:
            if not self.speaks_here(hit):
                continue  # "X Council" is a local authority in the UK, a campaign or an association in the US
            key, checked, _n = self.rule_table_.get((hit.rule, hit.pattern), (None, 0.0, 0))
            if key is None:
                continue
            if named and hit.via == "domain" and hit.confidence < WEAK_DOMAIN:
                continue  # ".co.uk" says little beside a name: the model reads both ("Huddersfield Carers Centre")
            if is_org is True and self.taxonomy.is_organisation(key) is False:
                continue
            nominal = max((h.confidence for h in self.hits[i] if h.rule == hit.rule), default=hit.confidence)
            confidence = checked * min(1.0, hit.confidence / nominal if nominal else 1.0)
            if confidence >= self.min_rule_confidence:
                return key, round(confidence, 3), f"rule:{hit.rule}"
            return None
        return None
