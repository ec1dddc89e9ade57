"""The themes that guide a question's theme discovery: its kept (edited or signed-off) themes, with their answers, and
the codebook's codes for it (see :func:`expected_themes_for`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from consult_analyser.domain import Question, ThemeStatus
from consult_analyser.store import codebook, coding_counts, codings
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

#: the most codes from the codebook that guide one question's themes (half the cap of 70 themes)
MAX_GUIDING_CODES = 35


def expected_themes_for(project: Project, question: Question) -> list[dict[str, Any]]:
    """Themes to guide the model (label, description, keywords): the question's kept themes, then
    the codebook's codes for it (children of the code named after the question key, else the
    top-level codes other than question keys: those coded on this question's answers once any
    answer is coded, most used first), except codes whose name and description are only numbers or
    ids; codes fill at most :data:`MAX_GUIDING_CODES` places, kept themes included."""
    # a kept theme also brings its answers (response ids): the model finds it where they are (guided.ExpectedTheme.rows)
    items: list[dict[str, Any]] = [
        {"label": t.theme.label, "description": t.theme.description, "keywords": t.theme.keywords,
         "answers": store_themes.answer_ids(project, t.theme.id)}
        for t in store_themes.list_themes(project, question.id) if t.theme.status != ThemeStatus.CANDIDATE]
    parent = codebook.code_at_path(project, question.key)
    if parent is not None:
        codes = codebook.children(project, parent.id)
    else:
        keys = {q.key.lower() for q in list_questions(project)}
        codes = [c for c in codebook.children(project, None) if c.name.lower() not in keys]
        # a flat codebook used across questions: this question's codes are those coded on its answers
        # (not every other question's), unless nothing is coded yet
        if coding_counts.count_codings(project):
            here = codings.code_counts(project, question.id)
            codes = sorted((c for c in codes if c.id in here), key=lambda c: -here[c.id])  # most used first
    # a code named only by a number or an id ("code 10", "Q3_7") tells the model nothing to look for
    # (a code no answer joins is not listed as an empty theme: its own count is in the codebook)
    guiding = [c for c in codes if _names_a_topic(c.name) or _names_a_topic(c.description)]
    # codes guide at most half of the themes a question may have, so that the rest stay free for what
    # the answers raise beyond them (a sheet of 400 codes would otherwise leave room for one more theme)
    guiding = guiding[: max(0, MAX_GUIDING_CODES - len(items))]
    items += [{"label": c.name, "description": c.description, "keywords": [], "keep_if_empty": False}
              for c in guiding]
    seen: set[str] = set()
    out = []
    for item in items:
        label = str(item["label"]).lower()
        if label not in seen:
            seen.add(label)
            out.append(item)
    return out


_ID_WORDS = frozenset({"code", "codes", "theme", "themes", "tag", "tags", "label", "category", "cat", "item", "var"})


def _names_a_topic(text: str) -> bool:
    """Whether a code's name (or description) has a word to look for: not only numbers, ids and
    words such as "code" or "category"."""
    words = re.findall(r"[^\W\d_]{2,}", text or "")
    return any(w.lower() not in _ID_WORDS for w in words)


def with_rows(expected: Sequence[Any], ids: Sequence[str], order: Sequence[int],
               groups: Sequence[tuple[list[int], int, list[float]]]) -> list[Any]:
    """The expected themes, a kept theme's answers (``answers``: response ids) given as positions among the clustered
    answers (``rows``; a campaign member's is its canonical answer's)."""
    if not any(isinstance(e, dict) and e.get("answers") for e in expected):
        return list(expected)
    canonical = {i: c for members, c, _ in groups for i in members}
    position = {index: pos for pos, index in enumerate(order)}
    index_of = {rid: i for i, rid in enumerate(ids)}
    out: list[Any] = []
    for item in expected:
        if isinstance(item, dict) and item.get("answers"):
            found = (index_of.get(rid) for rid in item["answers"])
            rows = {position.get(canonical.get(i, i)) for i in found if i is not None}
            item = {k: v for k, v in item.items() if k != "answers"} | {"rows": sorted(r for r in rows if r is not None)}
        out.append(item)
    return out


def expected_label(item: Any) -> str:
    """An expected theme's label, whatever form it was given in (text, mapping or object)."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item.get("label") or item.get("name") or "")
    return str(getattr(item, "label", item))
