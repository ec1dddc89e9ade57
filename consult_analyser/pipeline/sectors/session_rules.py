"""A sector session's rules, checked against the consultation's own labels (part of
:class:`~consult_analyser.pipeline.sectors.model.SectorSession`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from consult_analyser.pipeline.sectors.declared import normalise_declared
from consult_analyser.pipeline.sectors.local_seed import LOCAL_SEED_CONFIDENCE
from consult_analyser.pipeline.sectors.orgnames import organisation_key
from consult_analyser.pipeline.sectors.session_labels import SessionLabels
from consult_analyser.pipeline.sectors.taxonomy import GENERAL_DEFAULT, UK_DEFAULT, default_taxonomy
from consult_analyser.pipeline.sectors.thresholds import REVIVE_CORRECTIONS, RULE_SHOWN_WRONG, WEAK_DOMAIN


def _by_organisation(found: Mapping[str, Counter[str]]) -> dict[str, float]:
    """Sector -> how many organisations (``found``: organisation -> its respondents' labels) say it, each
    organisation counted once, shared among the sectors its respondents were given."""
    out: dict[str, float] = {}
    for labels in found.values():
        total = sum(labels.values())
        for key, n in labels.items():
            out[key] = out.get(key, 0.0) + n / total
    return out


def _mostly_wrong(seen: Mapping[str, float], sector: str) -> bool:
    """Whether most of the organisations ``seen`` (sector -> how many) are labelled another ``sector`` than a rule's."""
    wrong = sum(seen.values()) - seen.get(sector, 0)
    return wrong > 1e-9 and 2 * wrong > sum(seen.values()) + 1e-9


@dataclass(frozen=True)
class RuleWithdrawal:
    """A rule's pattern (``pattern``, or the whole rule when "") that a run's labels withdrew: ``organisations``
    showed it wrong, all of them by an analyst's corrections when ``corrected``; ``rows`` one of their respondents
    (whose words the pattern matched are shown)."""

    rule: str
    pattern: str
    organisations: int
    corrected: bool
    rows: tuple[int, ...]
    #: how many organisations an analyst set agree with a pattern the other labels withdrew, too few to bring it
    #: back (:data:`REVIVE_CORRECTIONS`); -1 when the labels withdraw it all the same
    held: int = -1


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

    #: what the last run's labels withdrew (see :meth:`_rule_table`)
    rule_withdrawals_: tuple[RuleWithdrawal, ...] = ()

    # ------------------------------------------------------------------------------ rules
    def _rule_table(self, labels: Mapping[int, str]) -> dict[tuple[str, str], tuple[str | None, float, int]]:
        """(rule, pattern) -> (sector in this taxonomy, checked confidence, labelled support).

        Two-level shrinkage: a rule's sector distribution is its stated confidence (worth
        ``rule_prior_weight`` examples) updated by the labels of respondents it matched; each
        pattern's distribution is the rule's (worth as many examples) updated by the labels of
        the respondents that pattern matched. So "CIC" can turn out to mean business in one
        consultation while the rest of the voluntary-sector rule stands.

        The labels withdraw a rule's pattern only when they show it wrong (:func:`shown_wrong`); until then it
        goes on deciding, at no less than ``min_rule_confidence``, and the corrected respondents alone change. A
        trial's one correction of "Greater Boston Legal Services, Inc." to a non-profit took "Business" from all 19
        respondents the "Inc" rule had placed. Evidence is counted by organisation, not by respondent (trial 39's
        three respondents of "National Jewish Health" were one exception), and an analyst's label counts only on the rules
        that could have decided the respondent (:meth:`_evidence_of`). When the labels show a rule wrong, the
        patterns that account for its wrong organisations (those wrong on most of their own) are withdrawn, and the
        rule is judged on the rest: a trial's corrections of "National Federation of Independent Business",
        "National Association of Home Builders" and an agency named "Small Business ..." had withdrawn every
        pattern of the business rule, and 63 banks, companies and builders fell to unclassified ("Business" and
        "Builders" go now, "Bank", "Company" and "Construction" stay). The rule goes whole only when its standing
        patterns' organisations show it wrong too. The withdrawals are kept in ``rule_withdrawals_`` for the run to
        say (:meth:`withdrawal_lines`).
        """
        a = self.rule_prior_weight
        floor = self.min_rule_confidence
        nominal: dict[str, tuple[str, float]] = {}
        for row in self.hits:
            for hit in row:
                nominal.setdefault(hit.rule, (hit.sector, hit.confidence))
        shared = self._shared_defaults()
        linked_of = {rule: (None if sector in shared else self.taxonomy.map_default_key(sector))
                     for rule, (sector, _conf) in nominal.items()}
        # evidence is counted by organisation, not by respondent: three respondents of one organisation that an
        # analyst set apart are one exception; an organisation whose respondents' labels differ counts once, shared
        units = {i: self._evidence_unit(i) for i in labels}
        analyst_rows = {self.index[rid] for rid in self.analyst_labels}
        counted = {i: (self._evidence_of(i, key, linked_of) if i in analyst_rows
                       else {(h.rule, h.pattern) for h in self.hits[i]}) for i, key in labels.items()}
        per_pattern, every, rule_wrong, withdrawn = self._judged(labels, counted, units, linked_of)
        by_pattern = {ident: _by_organisation(found) for ident, found in per_pattern.items()}
        held: dict[tuple[str, str], int] = {}
        if analyst_rows & set(labels):
            # what the labels withdrew without the analysts' corrections stays withdrawn unless REVIVE_CORRECTIONS
            # organisations an analyst set agree with it on that very pattern: a trial's one correction of "Australian
            # Digital Health Agency" to Government tipped the public-body rule's balance back, and its "Agency" and
            # "Commission" moved a recruitment firm and the Human Rights Commission into Government
            base = {i: key for i, key in labels.items() if i not in analyst_rows}
            for ident in self._judged(base, counted, units, linked_of)[3] - withdrawn:
                linked = linked_of.get(ident[0])
                agreeing = {units[i] for i in analyst_rows & set(labels) if labels[i] == linked and ident in counted[i]}
                if len(agreeing) < REVIVE_CORRECTIONS:
                    withdrawn.add(ident)
                    held[ident] = len(agreeing)
        rest: dict[str, dict[str, Counter[str]]] = {}
        for i, key in labels.items():
            for rule in {r for r, p in counted[i] if (r, p) not in withdrawn}:
                rest.setdefault(rule, {}).setdefault(units[i], Counter())[key] += 1
        # a rule the labels show wrong is judged on its standing patterns' organisations, withdrawn whole only when they
        # too show it wrong; another on them where every wrong organisation is a withdrawn pattern's, else on all
        by_rule: dict[str, dict[str, float]] = {}
        for rule, found in every.items():
            kept = rest.get(rule, {})
            told = all(set(c) == {linked_of[rule]} for c in kept.values())
            by_rule[rule] = _by_organisation(kept if rule in rule_wrong or told else found)
        rule_post = self._rule_posteriors(nominal, linked_of, by_rule)
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
                if ident not in withdrawn and prior[standing] >= floor and not shown_wrong(seen, standing):
                    post[standing] = max(post[standing], floor)  # the rule stands, and this pattern with it
                best = max(sorted(candidates), key=lambda k: post[k])
                if ident in withdrawn and best == linked_of.get(hit.rule):
                    table[ident] = (None, 0.0, round(n))  # withdrawn: the rules below it, or the model, decide
                    continue
                table[ident] = (best, post[best], round(n))
        self.rule_withdrawals_ = self._withdrawals(labels, per_pattern, withdrawn, rest, linked_of, rule_post, floor, held)
        return table

    def _judged(self, labels: Mapping[int, str], counted: Mapping[int, set[tuple[str, str]]], units: Mapping[int, str],
                linked_of: Mapping[str, str | None]) -> tuple[dict[tuple[str, str], dict[str, Counter[str]]],
                                                               dict[str, dict[str, Counter[str]]], set[str],
                                                               set[tuple[str, str]]]:
        """What ``labels`` say of the rules: (rule, pattern) -> organisation -> labels, rule -> organisation -> labels,
        the rules they show wrong, and the patterns they withdraw."""
        per_pattern: dict[tuple[str, str], dict[str, Counter[str]]] = {}
        every: dict[str, dict[str, Counter[str]]] = {}
        for i, key in labels.items():
            for ident in counted[i]:
                per_pattern.setdefault(ident, {}).setdefault(units[i], Counter())[key] += 1
            for rule in {r for r, _p in counted[i]}:
                every.setdefault(rule, {}).setdefault(units[i], Counter())[key] += 1
        # a rule the labels show wrong loses the patterns that account for it: those wrong on most of their own
        # organisations ("Business" in an association's name), not those no label speaks against ("Bank")
        rule_wrong = {rule for rule, found in every.items()
                      if (linked := linked_of.get(rule)) is not None and shown_wrong(_by_organisation(found), linked)}
        withdrawn = {ident for ident, found in per_pattern.items()
                     if (linked := linked_of.get(ident[0])) is not None
                     and (shown_wrong(seen := _by_organisation(found), linked)
                          or (ident[0] in rule_wrong and _mostly_wrong(seen, linked)))}
        return per_pattern, every, rule_wrong, withdrawn

    def _rule_posteriors(self, nominal: Mapping[str, tuple[str, float]], linked_of: Mapping[str, str | None],
                         by_rule: Mapping[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        """Rule -> its sector distribution: its stated confidence (worth ``rule_prior_weight`` organisations) updated by
        the labels of the organisations ``by_rule`` counts for it, at no less than ``min_rule_confidence`` where they
        do not show it wrong."""
        a, floor = self.rule_prior_weight, self.min_rule_confidence
        out: dict[str, dict[str, float]] = {}
        for rule, (_sector, conf) in nominal.items():
            # a rule's sector that several of this taxonomy's sectors name ("EU citizen" and
            # "Non-EU citizen" are both individuals) says which only from this consultation's labels
            linked = linked_of[rule]
            seen = by_rule.get(rule, {})
            n = sum(seen.values())
            if linked is None and n < 3:
                out[rule] = {}
                continue
            candidates = set(seen) | ({linked} if linked else set())
            post = {k: (seen.get(k, 0) + (a * conf if k == linked else 0.0)) / (n + a) for k in candidates}
            if linked is not None and conf >= floor and not shown_wrong(seen, linked):
                post[linked] = max(post[linked], floor)  # still stands: a few corrections are not enough
            out[rule] = post
        return out

    def _evidence_of(self, i: int, key: str, linked_of: Mapping[str, str | None]) -> set[tuple[str, str]]:
        """The (rule, pattern) hits that an analyst's label ``key`` of respondent ``i`` is evidence on: all but those
        ranked below a hit that names ``key`` and naming another sector themselves. An analyst who sets a respondent
        where a higher rule places it confirms that rule; the rules below it never decided the respondent (a trial's
        11 trade associations set to Trade body, which the trade rules place, had turned the charities' "Association"
        into a trade body's word, and 48 respondents with it). Declared types, the consultation's own reading of
        every kind of name, count on every rule that matched."""
        out: set[tuple[str, str]] = set()
        explained = False
        for hit in self.hits[i]:
            linked = linked_of.get(hit.rule)
            if explained and linked is not None and linked != key:
                continue
            out.add((hit.rule, hit.pattern))
            if self.speaks_here(hit) and self.taxonomy.map_default_key(hit.sector) == key:
                explained = True
        return out

    def _withdrawals(self, labels: Mapping[int, str], per_pattern: Mapping[tuple[str, str], dict[str, Counter[str]]],
                     withdrawn: set[tuple[str, str]], rest: Mapping[str, dict[str, Counter[str]]],
                     linked_of: Mapping[str, str | None], rule_post: Mapping[str, dict[str, float]],
                     floor: float, held: Mapping[tuple[str, str], int]) -> tuple[RuleWithdrawal, ...]:
        """What the labels withdrew: each pattern (or whole rule) with the organisations that showed it wrong."""
        analyst_rows = {self.index[rid] for rid in self.analyst_labels}
        unit_rows: dict[str, list[int]] = {}
        for i in labels:
            unit_rows.setdefault(self._evidence_unit(i), []).append(i)
        out: list[RuleWithdrawal] = []

        def wrong_units(found: Mapping[str, Counter[str]], linked: str) -> list[str]:
            return sorted(u for u, c in found.items() if sum(n for k, n in c.items() if k != linked) * 2 > sum(c.values()))

        for rule, pattern in sorted(withdrawn):
            linked = linked_of.get(rule)
            if linked is None:
                continue
            wrong = wrong_units(per_pattern.get((rule, pattern), {}), linked)
            rows = [i for u in wrong for i in unit_rows.get(u, [])]
            out.append(RuleWithdrawal(rule, pattern, len(wrong), all(i in analyst_rows for i in rows), tuple(rows[:1]),
                                      held.get((rule, pattern), -1)))
        for rule, found in sorted(rest.items()):
            linked = linked_of.get(rule)
            if linked is None or rule_post.get(rule, {}).get(linked, 0.0) >= floor \
                    or not shown_wrong(_by_organisation(found), linked):
                continue
            wrong = wrong_units(found, linked)
            if wrong:  # the rule's standing patterns are shown wrong too: it is withdrawn whole
                rows = [i for u in wrong for i in unit_rows.get(u, [])]
                out.append(RuleWithdrawal(rule, "", len(wrong), all(i in analyst_rows for i in rows), tuple(rows[:1])))
        return tuple(out)

    def withdrawal_lines(self, limit: int = 8) -> list[str]:
        """One line for each rule or pattern this run's labels withdrew, with how many respondents it had placed that
        no rule places now ("rule 'business' pattern 'Business' withdrawn after 3 organisations were corrected: 2
        respondents now unplaced (left to the model or review)"), or that it files under the sector the labels gave
        it instead; those the analyst's corrections withdrew first."""
        results = getattr(self, "results_", [])
        if not self.rule_withdrawals_ or len(results) != len(self.features):
            return []
        labelled = set(self.training_labels())
        first_of: dict[int, tuple[str, str]] = {}
        for i, row in enumerate(self.hits):
            first = next((h for h in row if self.speaks_here(h) and h.confidence >= self.min_rule_confidence
                          and self.taxonomy.map_default_key(h.sector) is not None), None)
            if first is not None and i not in labelled:
                first_of[i] = (first.rule, first.pattern)
        lines: list[tuple[bool, int, str]] = []
        for w in self.rule_withdrawals_:
            now, checked, _n = self.rule_table_.get((w.rule, w.pattern), (None, 0.0, 0)) if w.pattern else (None, 0.0, 0)
            now = now if checked >= self.min_rule_confidence else None  # re-targeted too weakly to file anyone
            moved = sum(1 for i, (rule, pattern) in first_of.items()
                        if rule == w.rule and (not w.pattern or pattern == w.pattern)
                        and (results[i].source == "model" if now is None
                             else (results[i].sector, results[i].detail) == (now, f"rule:{rule}")))
            if not moved and (now is not None or not w.corrected):
                continue  # re-targeted, or withdrawn by declared labels, where it placed no one else: nothing to say
            said = f"rule {w.rule!r}"
            if w.pattern:
                words = self._matched_words(self.features[w.rows[0]], w.pattern) if w.rows else w.pattern
                said += f" pattern {words!r}"
            how = ("was" if w.organisations == 1 else "were") + (" corrected" if w.corrected else " labelled otherwise")
            after = f"after {w.organisations} organisation{'s' if w.organisations != 1 else ''} {how}"
            people = f"{moved} respondent{'s' if moved != 1 else ''}"
            if w.held >= 0:  # kept withdrawn though corrections agree with it: say why it did not come back
                after += (f" (it comes back once analysts' corrections of {REVIVE_CORRECTIONS} organisations agree with "
                          f"it, {w.held} so far)")
            text = (f"{said} withdrawn {after}: {people} now unplaced (left to the model or review)" if now is None else
                    f"{said} now files {self.taxonomy.label(now)!r} {after} so: {people} moved there")
            lines.append((not w.corrected, -moved, text))
        lines.sort()
        shown = [text for _d, _n, text in lines[:limit]]
        if len(lines) > limit:
            shown.append(f"... and {len(lines) - limit} more rule patterns withdrawn by the labels")
        return shown

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
