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
import json
import re
from dataclasses import dataclass
from datetime import datetime

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
    """Two respondents who may be one submission twice: keep the later submission, withdraw the earlier."""

    keep: str  # the project's id
    keep_external: str  # as in the imported file
    withdraw: str
    withdraw_external: str
    shared: tuple[str, ...]  # "email", "name", "organisation"
    similarity: float  # 1.0: the same answers
    by_time: bool = False  # True: the submission times said which came later; False: the order of import

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


#: the exported columns that say when a response was sent, most telling first (Welsh: "cyflwynwyd", submitted)
_TIME_COLUMNS = (re.compile(r"complet|submit|timestamp|^end(ed)?( date| time)?$|cyflwynwyd", re.I),
                 re.compile(r"^(response )?date|dyddiad|^time$", re.I))
_NUMBERS = re.compile(r"\d+")


def _day_first(values: list[str]) -> bool:
    """Whether a column's slashed dates put the day first: a first number above 12 says so, a second one
    above 12 says not; with neither, the British order."""
    for value in values:
        parts = [int(n) for n in _NUMBERS.findall(value.split(" ")[0])[:2]] if "/" in value else []
        if len(parts) == 2 and parts[0] > 12:
            return True
        if len(parts) == 2 and parts[1] > 12:
            return False
    return True


def _parse_time(value: str, day_first: bool) -> datetime | None:
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    day_month = "%d/%m" if day_first else "%m/%d"
    dates = [f"{day_month}/%Y", f"{day_month}/%y", "%d.%m.%Y", "%d-%m-%Y"]
    clocks = [" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", ""]
    for form in (date + clock for date in dates for clock in clocks):
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    return None


def submission_times(project: Project, ids: set[str]) -> dict[str, datetime]:
    """When each of ``ids`` was sent, as the survey tool exported it (only those whose row carries a time).
    One column is read for all (the most telling one the rows have), its day/month order from all its values."""
    if not ids:
        return {}
    found: dict[str, dict[str, str]] = {}
    for rid, metadata in project.query("SELECT id, metadata FROM respondents WHERE metadata != '{}'"):
        try:
            fields = json.loads(metadata or "{}")
        except ValueError:
            continue
        if isinstance(fields, dict):
            found[rid] = {str(k): str(v) for k, v in fields.items() if str(v).strip()}
    for pattern in _TIME_COLUMNS:
        keys = sorted({k for rid in ids for k in found.get(rid, {}) if pattern.search(k)})
        if not keys:
            continue
        key = max(keys, key=lambda k: sum(1 for rid in ids if k in found.get(rid, {})))
        day_first = _day_first([fields[key] for fields in found.values() if key in fields])
        times = {rid: _parse_time(found[rid][key], day_first) for rid in ids if key in found.get(rid, {})}
        return {rid: t for rid, t in times.items() if t is not None}
    return {}


def find_duplicates(project: Project, *, similar: float = 0.9, crowd: int = 10) -> tuple[list[Candidate], int]:
    """Candidate pairs, in import order of the respondent to withdraw, and how many addresses or names were
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
    alike_pairs = []
    for (first, second), kinds in shared.items():
        a, b = texts.get(first, frozenset()), texts.get(second, frozenset())
        if not a or not b:
            continue  # no written answer to compare: no evidence
        alike = similarity(a, b, similar)
        if alike >= similar:
            alike_pairs.append((first, second, kinds, alike))
    times = submission_times(project, {r for pair in alike_pairs for r in pair[:2]})
    found: list[Candidate] = []
    for first, second, kinds, alike in alike_pairs:
        timed = first in times and second in times and times[first] != times[second]
        go, keep = sorted((first, second), key=lambda r: (times[r], info[r][1]) if timed else (info[r][1],))
        found.append(Candidate(keep, info[keep][0], go, info[go][0],
                               tuple(k for k in SHARED_WORDS if k in kinds), alike, by_time=timed))
    found.sort(key=lambda c: (info[c.withdraw][1], info[c.keep][1]))
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
