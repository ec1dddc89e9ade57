"""A sector session's labels: the analyst's, the declared ones and where a declared type disagrees with
the respondent's name or e-mail domain (part of :class:`~consult_analyser.pipeline.sectors.model.SectorSession`)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from consult_analyser.pipeline.sectors.declared import normalise_declared
from consult_analyser.pipeline.sectors.orgnames import organisation_key
from consult_analyser.pipeline.sectors.rules import RespondentFeatures, RuleHit, match_text_offsets
from consult_analyser.pipeline.sectors.session_state import SessionState
from consult_analyser.pipeline.sectors.thresholds import FORM_RULES, _other

#: how a sector's side reads once an analyst confirmed it (``run.set_sector_side``: "confirmed by NAME")
CONFIRMED_SIDE = "confirmed by"
#: where a reason to check says a declared type's side is confirmed: the command, as the reason is stored and the
#: command line prints it, and the desktop app's control (Sector review's "Sectors…" button,
#: :mod:`consult_analyser.ui.views.sector_taxonomy`), as :func:`desktop_wording` says it
SIDE_CHECK = "(`sectors --side` confirms the type's side)"
SIDE_CHECK_DESKTOP = "(the Sectors… button above confirms the type's side)"


def desktop_wording(reason: str) -> str:
    """A stored reason to check as the desktop app says it: its control where the command line's names a command
    (trial 46: the app's panel told a desktop user to run `sectors --side`)."""
    return reason.replace(SIDE_CHECK, SIDE_CHECK_DESKTOP)


class SessionLabels(SessionState):
    """Analyst and declared labels of a :class:`~consult_analyser.pipeline.sectors.model.SectorSession`."""

    # ------------------------------------------------------------------------------ labels
    def _check_key(self, sector: str) -> str:
        if sector in self.taxonomy.keys:
            return sector
        key, confidence = normalise_declared(sector, self.taxonomy)
        if key is None or confidence < 0.9:
            raise ValueError(f"{sector!r} is not a sector of this taxonomy ({', '.join(self.taxonomy.keys)})")
        return key

    def set_analyst_labels(self, labels: Mapping[str, str]) -> None:
        """Replace the analyst labels (unknown respondent ids are ignored; unknown sectors raise)."""
        self.analyst_labels = {rid: self._check_key(s) for rid, s in labels.items() if rid in self.index}
        for rid in self.analyst_labels:
            self._activate(self.index[rid])
        self.__dict__.pop("_set_here_", None)

    def _set_here(self) -> dict[str, str]:
        """Organisation (as the Organisations sheet merges spellings) -> the sector an analyst set for it in this
        consultation, where every such correction agrees: a re-tested trial's Danone, Kraft Heinz and McCain stayed
        "Not classified" in their other responses after an analyst set one of each to Business."""
        cached = self.__dict__.get("_set_here_")
        if cached is None:
            found: dict[str, set[str]] = {}
            for rid, key in self.analyst_labels.items():
                org = self.rules.organisation_text(self.features[self.index[rid]])
                if org:
                    found.setdefault(organisation_key(org), set()).add(key)
            cached = self.__dict__["_set_here_"] = {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k}
        return cached

    def declared_label(self, i: int) -> tuple[str | None, float, str]:
        """The declared sector of respondent ``i`` with confidence and the text it came from.

        Every declared value gives a sector (see :func:`complete_declared`). The answer to
        "individual or organisation?" comes first only when it is all that was declared, or
        when the declared type names an organisation category while the respondent says they
        answer as an individual (then the individual side, at 0.8). A declared type on the
        individual side from someone answering for an organisation is kept, at lower
        confidence, and sent for review.
        """
        f = self.features[i]
        key, confidence, _why = self.declared[i]
        individual = self.taxonomy.individual_key
        side = self.taxonomy.is_organisation(key) if key is not None else None
        if key is not None and side is None:  # a type of either side ("Farmer or grower"): each keeps theirs
            # (ticked "organisation" and wrote "Myself" as its name: checked, as an individual's type would be)
            person = f.is_organisation is True and bool(self.rules.box_says_a_person(f))
            return key, round(min(confidence, 0.6), 3) if person else confidence, f.declared_type
        if f.is_organisation is False and individual is not None and side is not False:
            named_org = key is not None and bool(side) and not _other(self.taxonomy.label(key))
            if named_org and self.taxonomy.plain_individual_key is None:  # no "Individual" to file them under:
                return key, round(min(confidence, 0.6), 3), f.declared_type  # their type stays, for review
            return individual, 0.8 if named_org else 1.0, "individual" + (f"; {f.declared_type}" if f.declared_type else "")
        if key is None:
            return None, 0.0, ""
        if f.is_organisation is True and side is False and not self.a_person_despite_the_box(i, key):
            return key, round(min(confidence, 0.6), 3), f.declared_type
        return key, confidence, f.declared_type

    def a_person_despite_the_box(self, i: int, key: str) -> bool:
        """Whether respondent ``i`` may be in individuals' sector ``key`` though their organisation box names a body:
        an analyst confirmed the sector as individuals' (``sectors --side``), knowing that those who chose it fill
        the box in (a trial's elected officials wrote "Senator ..." or their committee's name there). Confirming
        "Elected" as individuals had moved 20 of 22 officials the model had placed there to "Org" and "Corp"."""
        return (self.taxonomy.is_organisation(key) is False and bool((self.features[i].organisation or "").strip())
                and self.taxonomy.sides.get(key, "").startswith(CONFIRMED_SIDE))

    def declared_conflict(self, i: int, key: str) -> str:
        """Why a declared sector disagrees with the respondent's name or e-mail domain ("" if it does not).

        A strong name or domain rule ("Humberside Police", "@humberside.police.uk") naming another
        sector of this taxonomy than the declared one is a conflict; so is an organisation
        answer with an individual type. Conflicts go to the front of the review queue.

        The rule is read as this consultation's declared labels checked it (:meth:`_rule_table`):
        where the respondents whose names say "association", "e.V." or "Stichting" declared
        consumer, business and environmental organisations, such a name is no evidence against
        any of them, and is not called a conflict.
        """
        f = self.features[i]
        if f.is_organisation is True and self.taxonomy.is_organisation(key) is False \
                and not self.a_person_despite_the_box(i, key):
            return "declared an individual type while answering for an organisation"
        # (under a type of either side or an organisations' type: "Other" with "Retired nurse Jean Ellis" in the box)
        if f.is_organisation is True and self.taxonomy.is_organisation(key) is not False \
                and (box := self.rules.box_says_a_person(f)):
            return f"ticked 'organisation' but the organisation box says {box!r}"
        chosen = self.declared[i][0]
        if f.is_organisation is False and chosen is not None and self.taxonomy.is_organisation(chosen) \
                and not _other(self.taxonomy.label(chosen)):
            return (f"declared {self.taxonomy.label(chosen)!r}, an organisations' type, while answering as an individual "
                    + SIDE_CHECK)
        if any(hit.via == "name" and self.taxonomy.map_default_key(hit.sector) == key for hit in self.hits[i]):
            return ""  # the name itself supports the declared type ("... College" with an ac.uk address)
        for hit in self.hits[i]:
            if hit.via == "letter" or hit.confidence < 0.8 or hit.sector == "individual" or not self.speaks_here(hit):
                continue
            other = self.taxonomy.map_default_key(hit.sector)
            if other is None or other == key or other == self.taxonomy.fallback_key:
                continue
            if hit.sector in self._label_says(key):
                continue  # declared "Town and community council": its name's "Town Council" says the same
            if key == self.taxonomy.fallback_key:
                continue
            if hit.rule in FORM_RULES and self.taxonomy.is_organisation(key) is not False:
                continue  # "Ltd", "Credit Union", "e.V." say how a body is constituted, not what it does
            checked_key, _checked, _n = self.rule_table_.get((hit.rule, hit.pattern), (other, 1.0, 0))
            if checked_key != other:
                continue
            where = "e-mail domain" if hit.via == "domain" else "name"
            said = hit.pattern if hit.via == "domain" else self._matched_words(f, hit.pattern)
            return f"declared {self.taxonomy.label(key)!r} but the {where} says {self.taxonomy.label(other)!r} ({said!r})"
        return ""

    def speaks_here(self, hit: RuleHit) -> bool:
        """Whether a rule's hit may decide (or contradict a declared type) in this consultation: a rule that rests
        on one country's usage (rules.toml's ``where``: "X Council" a local authority, "governors" a school's)
        speaks only where the locale check (:func:`~consult_analyser.pipeline.sectors.locale.seed_applies`, the one
        that stops the UK seed model) finds that usage; elsewhere it is one of the model's features only."""
        return not hit.where or self.seed_check.holds(hit.where)

    def _label_says(self, key: str) -> set[str]:
        """The default sectors the rules read in a declared type's own label ("Town and community
        council": local government), which a name saying the same does not contradict."""
        if key not in self._label_sectors:
            self._label_sectors[key] = {h.sector for h in self.rules.organisation_hits(
                RespondentFeatures(respondent_id="", organisation=self.taxonomy.label(key)))}
        return self._label_sectors[key]

    def _matched_words(self, f: RespondentFeatures, pattern: str) -> str:
        """The words of the respondent's name a rule's pattern matched ("Retailers"), as written."""
        name = self.rules.name_text(f)
        matched, source = match_text_offsets(name)
        found = re.search(pattern, matched)
        if found is None or found.end() <= found.start():
            return pattern
        return name[source[found.start()]:source[found.end() - 1] + 1]

    def training_labels(self) -> dict[int, str]:
        """Row -> sector for every respondent with an analyst or declared sector."""
        out: dict[int, str] = {}
        for i in range(len(self.features)):
            key = self.declared_label(i)[0]
            if key is not None:
                out[i] = key
        for rid, key in self.analyst_labels.items():
            out[self.index[rid]] = key
        return out
