"""Candidate duplicate submissions for an analyst to decide on (nothing is withdrawn here).

A pair is a candidate when the two respondents share an e-mail address (kept as a hash), a person's
name or an organisation's name, AND their non-blank written answers (and letters, without greeting
and sign-off) are all the same once spaces and case are set aside, or at least ``similar`` alike. The
same text alone is never enough: many different people sending one campaign letter are not
duplicates. An address or name shared by more than ``crowd`` respondents (a campaign platform's
sending address, "Parish Council") is not compared and is counted instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from consult_analyser.letter_text import letter_body
from consult_analyser.store.project import Project
from consult_analyser.store.respondents import lookup_key

#: names that say nothing of who wrote
GENERIC_NAMES = frozenset({"anonymous", "anon", "n/a", "na", "none", "not given", "not stated", "prefer not to say",
                           "unknown", "test", "private individual", "individual", "resident", "a resident"})
#: what each shared detail is called
SHARED_WORDS = {"email": "e-mail address", "name": "name", "organisation": "organisation"}


@dataclass(frozen=True)
class Candidate:
    """Two respondents who may be one submission twice: keep the earlier, withdraw the later."""

    keep: str  # the project's id
    keep_external: str  # as in the imported file
    withdraw: str
    withdraw_external: str
    shared: tuple[str, ...]  # "email", "name", "organisation"
    similarity: float  # 1.0: the same answers

    @property
    def reason(self) -> str:
        alike = "the same answers" if self.similarity >= 1.0 else f"answers {int(self.similarity * 100)}% alike"
        return f"{alike}, the same {' and '.join(SHARED_WORDS[s] for s in self.shared)}"


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _identity_keys(email_hash: str, name: str, organisation: str) -> list[tuple[str, str]]:
    keys = [("email", email_hash)] if email_hash else []
    person, body = lookup_key(name), lookup_key(organisation)
    if person and len(person.split()) >= 2 and person not in GENERIC_NAMES:
        keys.append(("name", person))
    if body and len(body) >= 4 and body not in GENERIC_NAMES:
        keys.append(("organisation", body))
    return keys


def _texts(project: Project) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for respondent_id, text in project.query("SELECT respondent_id, text FROM responses WHERE trim(text) != ''"
                                             " UNION ALL SELECT respondent_id, text FROM documents WHERE parent_id"
                                             " IS NULL AND role = 'letter' AND trim(text) != ''"):
        out.setdefault(respondent_id, set()).add(_normal(letter_body(text)))
    return {k: frozenset(v - {""}) for k, v in out.items()}


def similarity(a: frozenset[str], b: frozenset[str], floor: float = 0.0) -> float:
    """1.0 for the same answers; else how alike the answers are, joined (0 to 1; below ``floor`` it may
    be an upper bound, found quickly)."""
    if a == b:
        return 1.0
    left, right = "\n".join(sorted(a)), "\n".join(sorted(b))
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return matcher.quick_ratio()
    return matcher.ratio()


def find_duplicates(project: Project, *, similar: float = 0.9, crowd: int = 10) -> tuple[list[Candidate], int]:
    """Candidate pairs, in import order of the respondent to keep, and how many addresses or names were
    shared by more than ``crowd`` respondents (not compared)."""
    rows = project.query("SELECT id, external_id, name, organisation, email_hash, seq FROM respondents ORDER BY seq")
    groups: dict[tuple[str, str], list[str]] = {}
    info: dict[str, tuple[str, int]] = {}
    for rid, external, name, organisation, hashed, seq in rows:
        info[rid] = (external, seq)
        for key in _identity_keys(hashed or "", name or "", organisation or ""):
            groups.setdefault(key, []).append(rid)
    shared: dict[tuple[str, str], list[str]] = {}
    crowded = 0
    for (kind, _value), members in groups.items():
        if len(members) > crowd:
            crowded += 1
            continue
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                shared.setdefault((first, second), []).append(kind)
    if not shared:
        return [], crowded
    texts = _texts(project)
    found: list[Candidate] = []
    for (first, second), kinds in shared.items():
        a, b = texts.get(first, frozenset()), texts.get(second, frozenset())
        if not a or not b:
            continue  # no written answer to compare: no evidence
        alike = similarity(a, b, similar)
        if alike >= similar:
            keep, go = sorted((first, second), key=lambda r: info[r][1])
            found.append(Candidate(keep, info[keep][0], go, info[go][0],
                                   tuple(k for k in SHARED_WORDS if k in kinds), alike))
    found.sort(key=lambda c: (info[c.keep][1], info[c.withdraw][1]))
    return found, crowded


def answered_twice(project: Project, candidates: list[Candidate], *, crowd: int = 10) -> list[tuple[str, list[str]]]:
    """Organisations that answered more than once with different answers (online, then a letter or an
    e-mail logged by the team): (the name as first given, the respondents' ids as imported), for an
    analyst to read. Not candidates: an organisation may send a further response on purpose, and
    only a person reading both can tell whether one replaces the other. Pairs already among
    ``candidates`` are left out."""
    paired = {frozenset((c.keep, c.withdraw)) for c in candidates}
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for rid, external, organisation in project.query(
            "SELECT id, external_id, organisation FROM respondents WHERE trim(organisation) != '' ORDER BY seq"):
        body = lookup_key(organisation)
        if body and len(body) >= 4 and body not in GENERIC_NAMES:
            groups.setdefault(body, []).append((rid, external, organisation))
    out = []
    for members in groups.values():
        if not 2 <= len(members) <= crowd:
            continue
        ids = [m[0] for m in members]
        if all(frozenset((a, b)) in paired for i, a in enumerate(ids) for b in ids[i + 1:]):
            continue
        out.append((members[0][2].strip(), [m[1] for m in members]))
    return out
