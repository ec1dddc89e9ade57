"""The keys an import's questions get in a project: a made-up key ("C1") joins the stored question
of the same text, another survey's "Q3" that asks something else becomes "Q3_2"; and writing them."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

from consult_analyser.domain import ImportResult, Question, question_identity
from consult_analyser.store.project import Project
from consult_analyser.store.questions import upsert_question

_AUTO_KEY = re.compile(r"^C\d+(_\d+)?$")  # keys readers make up for questions without a number


def plan_question_keys(project: Project, questions: Sequence[Question]) -> tuple[list[str], list[str], int]:
    """The keys a batch's questions get in this project (what the import stores and its preview
    shows), warnings, and how many of them are questions the project has already. A question whose
    key was made up (C1, C2, ...) joins the stored question with the same text (ignoring spaces,
    case and final punctuation), or gets a fresh key if another question holds its key already;
    another survey's "Q3" that asks something else becomes "Q3_2"."""
    rows = project.query("SELECT key, text FROM questions")
    texts = {r["key"]: question_identity(r["text"]) for r in rows}
    wording = {r["key"]: r["text"] for r in rows}
    taken = set(wording)
    keys: list[str] = []
    warnings: list[str] = []
    known = 0
    for question in questions:
        key = question.key
        if question.key_given and key in wording:
            pass  # a mapping file named the project's question: it joins it, whatever this file's wording
        elif _AUTO_KEY.match(key):
            same = [k for k, ident in texts.items() if ident == question_identity(question.text)]
            if same:
                key = same[0]
            elif key in taken:
                number = 1 + max((int(k[1:].split("_")[0]) for k in taken if _AUTO_KEY.match(k)), default=0)
                key = f"C{number}"
        elif key in wording and question.text.strip() and not _same_question(wording[key], question.text):
            # another survey's "Q3" asks something else: a question of its own, not the project's Q3 renamed
            number = 2
            while f"{key}_{number}" in taken:
                number += 1
            warnings.append(f"{key} of this file asks {question.text[:60]!r}, not the project's "
                            f"{key} ({wording[key][:60]!r}): imported as {key}_{number}")
            key = f"{key}_{number}"
        known += key in wording
        taken.add(key)
        texts.setdefault(key, question_identity(question.text))
        keys.append(key)
    return keys, warnings, known


def write_questions(project: Project, questions: Iterable[Question], result: ImportResult,
                    source: str = "") -> dict[str, str]:
    """Store the batch's questions under the keys :func:`plan_question_keys` gives them; returns
    batch key -> stored question id."""
    questions = list(questions)
    existing = {r["key"]: r["id"] for r in project.query("SELECT key, id FROM questions")}
    offset = len(existing)
    keys, warnings, known = plan_question_keys(project, questions)
    named = f"{os.path.basename(source)}: " if source else ""
    result.warnings.extend(named + w for w in warnings)
    if existing and questions and not known:
        result.warnings.append(f"{named}none of the file's {len(keys)} questions is one the project had: added as new "
                               f"questions ({', '.join(keys[:6])}{', ...' if len(keys) > 6 else ''}); check that "
                               "the file belongs to this consultation")
    ids = dict(existing)
    for position, (question, key) in enumerate(zip(questions, keys, strict=True)):
        batch_key = question.key
        question.key = key
        if key not in existing:
            question.position = offset + position
            result.questions += 1
        stored = upsert_question(project, question)
        existing.setdefault(key, stored.id)
        ids[batch_key] = stored.id
    return ids


_CONTENT = re.compile(r"[^\W\d_]{3,}")


def _same_question(old: str, new: str) -> bool:
    """Whether two wordings ask the same question: the same once spaces, case and punctuation are
    set aside, or sharing at least a third of their words (a reworded question, a corrected typo)."""
    if question_identity(old) == question_identity(new):
        return True
    a, b = set(_CONTENT.findall(old.lower())), set(_CONTENT.findall(new.lower()))
    return bool(a and b) and len(a & b) / len(a | b) >= 1 / 3
