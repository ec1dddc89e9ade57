"""One answer option written several ways: "Support", "support " and "SUPPORT" are one option, and a
rare misspelling of a common one ("Oppsoe" beside "Oppose", "Residnet" beside "Resident") is that
option too. Paper forms typed in by hand and free-text "type" boxes give such variants; counted
apart, they split an option's figure in the annex ("Oppose 634 ... oppose 10, Oppsoe 8").

:func:`variants_of` decides from the counts alone; :func:`merge_choice_variants` applies it to the
closed answers of a project's questions after an import, and says what it read as what.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher

from consult_analyser.domain import OPTION_SEPARATOR
from consult_analyser.store.project import Project

#: a misspelling is at most this far from the option it spells (difflib's ratio), and that option
#: at least this many times as common
TYPO_RATIO = 0.8
TYPO_COMMONER = 5

#: words that are options of their own however alike they look ("Likely" / "Unlikely" differ in
#: their first letter and are never merged; these differ later: "Agreed" / "Agree")
_OWN_OPTIONS = frozenset({"agree", "agreed", "disagree", "disagreed", "support", "supported", "oppose", "opposed",
                          "likely", "unlikely", "important", "unimportant", "satisfied", "dissatisfied"})


#: what an option may carry besides its words: a survey platform's emoji ("😀 Positive"), marks
_SYMBOLS = re.compile(r"[^\w\s'’/&+-]+")


def option_key(value: str) -> str:
    """The form two spellings of one option share: lower case, single spaces, no article before it,
    no emoji or full stop around it ("A resident." -> "resident", "😀 Positive" -> "positive")."""
    text = " ".join(_SYMBOLS.sub(" ", value.replace("’", "'")).split()).lower()
    text = _OR_SLASH.sub(" or ", text)  # "Town/community council", as another form writes "Town or community council"
    return re.sub(r"^(?:a|an|the)\s+(?=\w)", "", text)


#: a slash between two words, read as "or" ("and/or" is left as written)
_OR_SLASH = re.compile(r"(?<=[^\W\d_])\s*/\s*(?=[^\W\d_])(?<!\band/)(?!or\b)")


#: a paper form's bare degree for the online form's "Very important" .. "Not at all important"
_DEGREES = frozenset({"very", "fairly", "quite", "somewhat", "slightly", "extremely", "not very", "not at all"})


def _emoji(value: str) -> str:
    """The emoji an option carries, as written ("" for none)."""
    return "".join(_SYMBOLS.findall(value)).strip(".!?,;:()[]\"' ")


def _misspells(rare: str, common: str) -> bool:
    """Whether ``rare`` is a misspelling of ``common`` (both already :func:`option_key`-ed)."""
    if rare[:1] != common[:1] or abs(len(rare) - len(common)) > 1 or min(len(rare), len(common)) < 5:
        return False
    if rare in _OWN_OPTIONS or any(c.isdigit() for c in rare + common):
        return False
    words, others = rare.split(), common.split()
    if len(words) != len(others):
        return False
    # "Band A" / "Band B", "Year 7" / "Year 8": a short word that differs is another option
    if any(a != b and min(len(a), len(b)) < 4 for a, b in zip(words, others, strict=True)):
        return False
    return SequenceMatcher(None, rare, common).ratio() >= TYPO_RATIO


def variants_of(counts: Mapping[str, int]) -> dict[str, str]:
    """value -> the option it is another way of writing (the commonest form of it), for the values
    that are one; values that stand for themselves are left out."""
    groups: dict[str, Counter[str]] = {}
    bare: dict[str, int] = {}  # an emoji alone ("🙁"): the option written with it
    for value, n in counts.items():
        if value.strip() and OPTION_SEPARATOR not in value:
            if option_key(value):
                groups.setdefault(option_key(value), Counter())[value] += n
            elif _emoji(value):
                bare[value] = n
    # "Very" beside "Very important" .. "Not at all important": the degree of the scale's one word
    tails = Counter(key.split()[-1] for key in groups if len(key.split()) >= 2)
    tail, uses = tails.most_common(1)[0] if tails else ("", 0)
    if uses >= 3:
        for key in [k for k in groups if k in _DEGREES and f"{k} {tail}" in groups]:
            groups[f"{key} {tail}"].update(groups.pop(key))
    for value, n in bare.items():
        holders = [key for key, forms in groups.items() if any(_emoji(form) == _emoji(value) for form in forms)]
        if len(holders) == 1:
            groups[holders[0]][value] += n
    # the commonest form in words ("😀 Positive", not the bare "😀" however common)
    canonical = {key: max(forms, key=lambda form: (option_key(form) == key, forms[form], form))
                 for key, forms in groups.items()}
    totals = {key: sum(forms.values()) for key, forms in groups.items()}
    target = {key: key for key in groups}
    for key in sorted(groups, key=lambda k: totals[k]):  # a rare form to a commoner one it misspells
        commoner = [other for other in groups if other != key and totals[other] >= TYPO_COMMONER * totals[key]
                    and target[other] == other and _misspells(key, other)]
        if commoner:
            target[key] = max(commoner, key=lambda other: (totals[other], other))
    out: dict[str, str] = {}
    for key, forms in groups.items():
        final = canonical[target[key]]
        out.update({form: final for form in forms if form != final})
    return out


def merge_choice_variants(project: Project, question_ids: Iterable[str]) -> list[str]:
    """Store each closed answer of ``question_ids`` as the option it writes (see :func:`variants_of`),
    and drop the variants from the questions' option lists. Returns one line per question changed,
    saying what was read as what."""
    notes = []
    for question_id in question_ids:
        stored = {r[0]: r[1] for r in project.query(
            "SELECT choice, COUNT(*) FROM responses WHERE question_id = ? AND choice != '' GROUP BY choice",
            (question_id,))}
        # each option of an answer that holds several ("🙁; 🙁 Negative": a person's comments joined) counts
        counts: Counter[str] = Counter()
        for value, n in stored.items():
            for part in value.split(OPTION_SEPARATOR):
                if part.strip():
                    counts[part] += n
        variants = variants_of(counts)
        if not variants:
            continue
        rewritten = {value: OPTION_SEPARATOR.join(dict.fromkeys(variants.get(p, p) for p in value.split(OPTION_SEPARATOR)
                                                                if p.strip()))
                     for value in stored}
        project.conn.executemany("UPDATE responses SET choice = ? WHERE question_id = ? AND choice = ?",
                                 [(new, question_id, value) for value, new in rewritten.items() if new != value])
        row = project.query("SELECT key, choices FROM questions WHERE id = ?", (question_id,))[0]
        choices = [c for c in json.loads(row[1] or "[]") if c not in variants]
        choices += [final for final in dict.fromkeys(variants.values()) if final not in choices]
        project.conn.execute("UPDATE questions SET choices = ? WHERE id = ?", (json.dumps(choices), question_id))
        shown = ", ".join(f"{value!r} ({counts[value]}) as {final!r}" for value, final in list(variants.items())[:6])
        more = ", ..." if len(variants) > 6 else ""
        notes.append(f"{row[0]}: answers written another way read as the option they write: {shown}{more}")
    return notes
