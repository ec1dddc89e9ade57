"""Thresholds and wording of a sector session's decisions (:mod:`consult_analyser.pipeline.sectors.model`):
when a rule or the model decides and when its choice is checked, and why a respondent is left unclassified."""

from __future__ import annotations

from consult_analyser.pipeline.sectors.rules import RespondentFeatures

#: rules that read how a body is constituted ("Ltd", "Inc", "Credit Union", "e.V."), which no declared
#: kind of organisation contradicts: a charity or an energy supplier may be a limited company
FORM_RULES = frozenset({"legal_form_company", "legal_form_association", "business", "incorporated", "credit_union"})


#: a rule (or one of its patterns) is withdrawn in a consultation only when the labels of the respondents it matched
#: (declared, or an analyst's corrections) show it wrong on at least this many distinct organisations (normalised
#: names; several respondents of one organisation count once), and on most of those labelled; until then it decides
#: the others as before (session_rules.shown_wrong). A rule shown wrong loses the patterns that account for it (those
#: wrong on most of their own organisations), and goes whole only when its other patterns' organisations show it wrong
RULE_SHOWN_WRONG = 3
#: a rule's pattern the declared labels withdraw comes back only when analysts' corrections of at least this many
#: distinct organisations agree with it on that pattern: one correction is no evidence that a generic word
#: ("Agency", "Commission") names the sector, and moved others with it (session_rules.SessionRules._rule_table)
REVIVE_CORRECTIONS = 2

#: a model's choice below this (calibrated) probability is decided but listed for review first
CHECK_BELOW = 0.5
#: and below this, little more likely than not: checked too (a trial's untyped EU respondents, placed at 51-58%,
#: two of them wrongly, went to no one's review)
CHECK_CLOSE = 0.6

#: an e-mail domain rule less sure than this (".co.uk", ".org.uk", ".gov.uk") decides nobody who gave an
#: organisation's name: a trial's carers' centres, a BID and LEPs were filed by their addresses alone
WEAK_DOMAIN = 0.8
#: an uncalibrated model (fewer than ten labels) counts as this many labels' worth of "don't know"
UNCALIBRATED_PRIOR_LABELS = 20
#: with fewer organisations labelled here than this and no seed to lean on, the model proposes organisations'
#: sectors and files none
FEW_ORGANISATION_LABELS = 20
#: ... and, below ``min_labels_to_overrule`` of them, while it knows fewer than this share of the organisations'
#: sectors from two labels or more
KNOWN_SHARE = 0.5

#: where a consultation publishes its respondents' types apart from their answers
TYPES_LIST_HINT = ("a published list of respondents' types (id or name, type), imported into the project, "
                   "attaches to them")
#: why one filed as an individual is checked: they write from an organisation's own address and name none
ORGANISATION_ADDRESS = "writes from an organisation's address"
#: why a respondent of an anonymous form is left unclassified
NOTHING_SAYS_WHO = "nothing says who answered: no name, organisation, e-mail address or respondent type"


def _says_who(f: RespondentFeatures) -> bool:
    """Whether anything identifies the respondent (a name, an organisation, an e-mail domain, a
    declared type, or the individual/organisation answer)."""
    return bool((f.name or "").strip() or (f.organisation or "").strip() or (f.email_domain or "").strip()
                or (f.declared_type or "").strip() or f.is_organisation is not None)


def _other(label: str) -> bool:
    """A catch-all type ("Other", "Other organisation"), which says no kind of body."""
    return label.strip().casefold().startswith(("other", "none of"))
