"""Passages of documents, the question each is mapped to, and the letter answers built from them.

A document's passages keep exact ``[start, end)`` offsets into its text. The passages of one
respondent's letters (documents whose role is ``letter``, not ``supporting``) mapped to one
question become one answer of origin ``letter``: its text is those passages (not headings) in
document order joined by a blank line, and each passage records where it begins in that answer
(``answer_start``). Themes, coding, auto-coding, counts and quotes then treat the letter like an
answer given on the form, once per respondent and question. Where the respondent also answered
that question on the form, the form answer counts and the passages stay in the reader only, unless
the form answer only points to the letter ("See attached", "N/A"): the letter's passages then are
its text (its closed choice kept), and what the form said comes back should they move away.

Codings on a letter answer are spans of that answer; :func:`document_span` and
:func:`to_answer_span` translate between document and answer offsets. When passages move between
questions, :func:`rebuild_letter_answers` rebuilds the answers and carries their span codings along.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from consult_analyser.domain import Question, QuestionKind, new_id
from consult_analyser.letter_text import QUESTION_WORDS, WELSH_POINTERS, ticked_option
from consult_analyser.option_words import fold, wordings_of
from consult_analyser.store.letter_names import shown_ids
from consult_analyser.store.project import Project

GENERAL_KEY = "GENERAL"
GENERAL_TEXT = "General comments (passages of letters that answer no particular question)"
SEPARATOR = "\n\n"
ROLES = ("letter", "supporting")


@dataclass
class PassageRow:
    id: str
    document_id: str
    position: int
    start: int
    end: int
    kind: str
    question_id: str | None
    question_key: str | None
    confidence: float
    method: str
    response_id: str | None
    answer_start: int | None


@dataclass(frozen=True)
class NewPassage:
    start: int
    end: int
    kind: str
    question_id: str | None
    confidence: float
    method: str


def general_question(project: Project) -> Question:
    """The "General comments" question letters' unmapped passages go to: the consultation's own
    open "general comment(s)" question if it has one, else one created when first needed."""
    row = project.conn.execute(
        "SELECT id, position, key, text FROM questions WHERE key = ? OR (kind != 'closed' AND"
        " (lower(key) LIKE 'general comment%' OR lower(text) LIKE 'general comment%'"
        " OR lower(text) LIKE 'make a general comment%')) ORDER BY key = ? DESC, position LIMIT 1",
        (GENERAL_KEY, GENERAL_KEY)).fetchone()
    if row:
        return Question(row[2], row[3], QuestionKind.OPEN, position=row[1], id=row[0])
    position = (project.scalar("SELECT MAX(position) FROM questions") or 0) + 1
    question = Question(GENERAL_KEY, GENERAL_TEXT, QuestionKind.OPEN, position=position)
    with project.transaction() as conn:
        conn.execute("INSERT INTO questions(id, key, text, kind, choices, position) VALUES (?, ?, ?, 'open', '[]', ?)",
                     (question.id, question.key, question.text, position))
    return question


_SELECT = ("SELECT p.id, p.document_id, p.position, p.start, p.\"end\", p.kind, p.question_id, q.key, p.confidence,"
           " p.method, p.response_id, p.answer_start FROM passages p LEFT JOIN questions q ON q.id = p.question_id")


def _row(r: sqlite3.Row) -> PassageRow:
    return PassageRow(*r)


def document_passages(project: Project, document_id: str) -> list[PassageRow]:
    return [_row(r) for r in project.query(_SELECT + " WHERE p.document_id = ? ORDER BY p.position", (document_id,))]


def get_passage(project: Project, passage_id: str) -> PassageRow | None:
    rows = project.query(_SELECT + " WHERE p.id = ?", (passage_id,))
    return _row(rows[0]) if rows else None


def letter_documents(project: Project) -> list[tuple[str, str, str]]:
    """(document id, respondent id, text) of every document with text, in import order."""
    return [(r[0], r[1], r[2]) for r in project.query(
        "SELECT id, respondent_id, text FROM documents WHERE trim(text) != '' ORDER BY seq")]


def letter_counts(project: Project) -> tuple[int, int]:
    """(documents with text, those of them not split into passages yet), as :func:`letter_documents` sees them."""
    row = project.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(NOT EXISTS (SELECT 1 FROM passages p WHERE p.document_id = d.id)), 0)"
        " FROM documents d WHERE trim(d.text) != ''").fetchone()
    return int(row[0]), int(row[1])


def mapped_counts(project: Project) -> tuple[int, int]:
    """(passages mapped to a question, passages under General comments) of every document, as the
    'letters' command's summary counts them: as stored, an analyst's moves included; a heading only
    where an analyst moved it."""
    general = general_question(project).id
    row = project.conn.execute(
        "SELECT COALESCE(SUM(p.question_id IS NOT NULL AND p.question_id != ?), 0),"
        " COALESCE(SUM(p.question_id IS NULL OR p.question_id = ?), 0) FROM passages p"
        " WHERE p.kind != 'heading' OR p.method = 'analyst'",
        (general, general)).fetchone()
    return int(row[0]), int(row[1])


def documents_with_passages(project: Project) -> set[str]:
    return {r[0] for r in project.query("SELECT DISTINCT document_id FROM passages")}


def letters_worked_on(project: Project) -> bool:
    """Whether remapping the mapped letters could undo someone's work: a passage answers a question
    other than General comments (mapped, perhaps moved by an analyst), or a letter answer carries a
    coding, a theme or a suggestion."""
    general = project.scalar("SELECT id FROM questions WHERE key = ?", (GENERAL_KEY,))
    if project.scalar("SELECT 1 FROM passages WHERE question_id IS NOT NULL AND question_id != ? AND kind != 'heading'"
                      " LIMIT 1", (general or "",)):
        return True
    return bool(project.scalar(
        "SELECT 1 FROM responses r WHERE r.origin = 'letter' AND (EXISTS (SELECT 1 FROM codings c WHERE c.response_id = r.id)"
        " OR EXISTS (SELECT 1 FROM theme_assignments a WHERE a.response_id = r.id)) LIMIT 1"))


def replace_passages(project: Project, document_id: str, passages: Sequence[NewPassage]) -> None:
    """Store a document's passages; a passage with the same offsets as before keeps its id, its
    place in its letter answer (so codings can follow it) and an analyst's mapping."""
    with project.transaction() as conn:
        old = {(r[0], r[1]): r[2:] for r in conn.execute(
            'SELECT start, "end", id, question_id, confidence, method, response_id, answer_start FROM passages'
            " WHERE document_id = ?", (document_id,))}
        conn.execute("DELETE FROM passages WHERE document_id = ?", (document_id,))
        for position, p in enumerate(passages):
            question_id, confidence, method = p.question_id, p.confidence, p.method
            passage_id, response_id, answer_start = new_id(), None, None
            previous = old.get((p.start, p.end))
            if previous is not None:  # the same passage: same id, and where it sits in its letter answer
                passage_id, response_id, answer_start = previous[0], previous[4], previous[5]
                if previous[3] == "analyst":
                    question_id, confidence, method = previous[1], previous[2], "analyst"
            conn.execute('INSERT INTO passages(id, document_id, position, start, "end", kind, question_id, confidence,'
                         " method, response_id, answer_start) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         (passage_id, document_id, position, p.start, p.end, p.kind, question_id, confidence, method,
                          response_id, answer_start))


def set_passage_question(project: Project, passage_id: str, question_id: str) -> None:
    """An analyst's mapping of a passage to a question; the letter answers follow."""
    set_passages_question(project, [passage_id], question_id)


def set_passages_question(project: Project, passage_ids: Sequence[str], question_id: str, *,
                          action: str = "move_passage", **detail: object) -> int:
    """An analyst's mapping of these passages to one question (each marked ``analyst``, so mapping the
    letters again keeps it), the letter answers of their writers rebuilt once; one audit row for them
    all (``action``, with ``detail``). Returns the codings that had nowhere to go."""
    with project.transaction() as conn:
        if conn.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone() is None:
            raise ValueError(f"no question with id {question_id!r}")
        respondents: list[str] = []
        for passage_id in passage_ids:
            row = conn.execute("SELECT d.respondent_id FROM passages p JOIN documents d ON d.id = p.document_id"
                               " WHERE p.id = ?", (passage_id,)).fetchone()
            if row is None:
                raise ValueError(f"no passage with id {passage_id!r}")
            conn.execute("UPDATE passages SET question_id = ?, confidence = 1.0, method = 'analyst' WHERE id = ?",
                         (question_id, passage_id))
            respondents.append(row[0])
        removed = rebuild_letter_answers(project, respondents, carry_whole=True)
        if len(passage_ids) == 1 and not detail:
            project.audit(action, "passage", passage_ids[0], question=question_id)
        else:
            project.audit(action, "question", question_id, passages=len(passage_ids),
                          respondents=len(set(respondents)), **detail)
    return removed


@dataclass
class GeneralMove:
    """What moving letters' General comments passages to a question did (or would do)."""

    passages: int = 0  # moved
    respondents: int = 0  # whose letters they are
    #: writers whose passages stayed under General comments: they answered the question on the form
    #: (the form's answer counts there, so the letter's passages would count nowhere)
    kept_for_form: list[str] = field(default_factory=list)
    codings_removed: int = 0


def general_passages(project: Project, document_ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(passage id, respondent id) of the passages that make letters' General comments answers (of these
    documents, or of every letter), in document order: mapped to General comments, in a document counted
    as a letter, not a heading (unless an analyst mapped it there)."""
    general = general_question(project).id
    sql = ("SELECT p.id, d.respondent_id FROM passages p JOIN documents d ON d.id = p.document_id"
           " WHERE p.question_id = ? AND d.role = 'letter' AND (p.kind != 'heading' OR p.method = 'analyst')")
    params: list = [general]
    if document_ids is not None:
        if not document_ids:
            return []
        sql += f" AND d.id IN ({','.join('?' * len(document_ids))})"
        params.extend(document_ids)
    return [(r[0], r[1]) for r in project.query(sql + " ORDER BY d.seq, p.position", params)]


def move_general_passages(project: Project, question_id: str,
                          document_ids: Sequence[str] | None = None) -> GeneralMove:
    """Map the General comments passages of these documents (or of every letter) to ``question_id`` at
    once, as an analyst's move of each (:func:`set_passages_question`). The passages of a writer who
    answered that question on the form stay where they are (the form's answer would count and theirs
    would not; :attr:`GeneralMove.kept_for_form` names them, to move one by one if wanted)."""
    general = general_question(project).id
    if question_id == general:
        raise ValueError("the passages are under General comments already: choose another question")
    row = project.conn.execute("SELECT kind FROM questions WHERE id = ?", (question_id,)).fetchone()
    if row is None:
        raise ValueError(f"no question with id {question_id!r}")
    if row[0] == "closed":
        raise ValueError("a closed question (a choice among options) takes no letter's text: choose an open question")
    found = general_passages(project, document_ids)
    answered = {r[0]: r[1] for r in project.query(
        "SELECT r.respondent_id, r.text FROM responses r WHERE r.question_id = ? AND r.origin = 'form'"
        " AND r.form_text IS NULL", (question_id,))}
    form = {rid for rid, text in answered.items() if not points_elsewhere(text)}
    moving = [pid for pid, rid in found if rid not in form]
    kept = sorted({rid for _pid, rid in found if rid in form})
    out = GeneralMove(passages=len(moving), respondents=len({rid for pid, rid in found if rid not in form}))
    names = shown_ids(project, kept)
    out.kept_for_form = [names.get(rid, rid) for rid in kept]
    if moving:
        out.codings_removed = set_passages_question(
            project, moving, question_id, action="move_general_passages",
            documents="all" if document_ids is None else len(document_ids))
    return out


def set_document_role(project: Project, document_id: str, role: str) -> None:
    """Mark a document as a letter (analysed) or as supporting material (left out of counts)."""
    if role not in ROLES:
        raise ValueError(f"a document's role is one of {', '.join(ROLES)}, not {role!r}")
    with project.transaction() as conn:
        row = conn.execute("SELECT respondent_id FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise ValueError(f"no document with id {document_id!r}")
        conn.execute("UPDATE documents SET role = ? WHERE id = ?", (role, document_id))
        rebuild_letter_answers(project, [row[0]])
        project.audit("document_role", "document", document_id, role=role)


def rebuild_letter_answers(project: Project, respondent_ids: Iterable[str], *, carry_whole: bool = False) -> int:
    """Rebuild the letter answers of these respondents from their passages (see the module notes);
    span codings on them follow their passage, wherever it now belongs, and with ``carry_whole`` (an
    analyst moved the passages) so do the codings of a whole answer all of whose passages moved away.
    Returns the codings that had nowhere to go (their passage no longer answers a question, or its answer
    is gone)."""
    removed = 0
    with project.transaction() as conn:
        for respondent_id in dict.fromkeys(respondent_ids):
            removed += _rebuild(conn, respondent_id, carry_whole=carry_whole)
    return removed


def _rebuild(conn: sqlite3.Connection, respondent_id: str, *, carry_whole: bool = False) -> int:
    # each document's text is read once, not once per passage: a 5 MB letter of 5,000 passages
    # would otherwise be 25 GB of copies
    texts = dict(conn.execute("SELECT id, text FROM documents WHERE respondent_id = ?", (respondent_id,)).fetchall())
    # a heading (or a greeting, a sign-off) an analyst mapped to a question counts as an answer's text
    rows = [(*row[:6], texts[row[6]], row[7], "paragraph" if row[8] == "heading" and row[9] == "analyst" else row[8])
            for row in conn.execute(
                'SELECT p.id, p.start, p."end", p.question_id, p.response_id, p.answer_start, d.id, d.role, p.kind,'
                " p.method FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.respondent_id = ?"
                " ORDER BY d.seq, p.position", (respondent_id,))]
    old = conn.execute("SELECT id, question_id, text FROM responses WHERE respondent_id = ? AND origin = 'letter'",
                       (respondent_id,)).fetchall()
    old_by_question = {r[1]: r[0] for r in old}
    replaced: dict[str, str] = {}  # response id -> what the form said, for form answers giving way to the letter
    # span codings on the old letter answers, as (passage, offset in the passage)
    placed: list[tuple[str, str, int, int]] = []
    removed = 0
    for coding_id, response_id, start, end in conn.execute(
            'SELECT c.id, c.response_id, c.start, c."end" FROM codings c JOIN responses r ON r.id = c.response_id'
            " WHERE r.respondent_id = ? AND r.origin = 'letter' AND c.start IS NOT NULL", (respondent_id,)):
        for pid, ps, pe, _q, rid, astart, *_ in rows:
            if rid == response_id and astart is not None and astart <= start < astart + (pe - ps):
                placed.append((coding_id, pid, start - astart, min(end - astart, pe - ps)))
                break
    # a form answer that says something keeps its question; one that only points to the letter ("See
    # attached"), and one that gave way to the letter before, takes the letter's passages (see the notes)
    form: set[str] = set()
    for response_id, question_id, text, form_text in conn.execute(
            "SELECT id, question_id, text, form_text FROM responses WHERE respondent_id = ?"
            " AND (origin = 'form' OR form_text IS NOT NULL)", (respondent_id,)):
        if form_text is not None or points_elsewhere(text):
            old_by_question[question_id] = response_id
            replaced[response_id] = text if form_text is None else form_text
        else:
            form.add(question_id)
    options: dict[str, list[str]] = {}

    def choices(question_id: str) -> list[str]:
        if question_id not in options:
            row = conn.execute("SELECT choices FROM questions WHERE id = ?", (question_id,)).fetchone()
            options[question_id] = [c for c in json.loads(row[0] or "[]") if isinstance(c, str)] if row else []
        return options[question_id]

    groups: dict[str, list[tuple]] = {}
    for row in rows:
        pid, _s, _e, question_id, _r, _a, _t, role, kind = row
        conn.execute("UPDATE passages SET response_id = NULL, answer_start = NULL WHERE id = ?"
                     " AND (response_id IS NOT NULL OR answer_start IS NOT NULL)", (pid,))
        if role != "letter" or kind == "heading" or question_id is None or question_id in form:
            continue
        groups.setdefault(question_id, []).append(row)
    where: dict[str, tuple[str, int]] = {}
    for question_id, members in groups.items():
        parts, offsets, pos = [], [], 0
        for pid, start, end, _q, _r, _a, document_text, _role, _kind in members:
            text = document_text[start:end]
            offsets.append((pid, pos))
            parts.append(text)
            pos += len(text) + len(SEPARATOR)
        text = SEPARATOR.join(parts)
        response_id = old_by_question.pop(question_id, None)
        choice = letter_choice(text, choices(question_id))
        if response_id is None:
            response_id = new_id()
            conn.execute("INSERT INTO responses(id, respondent_id, question_id, text, choice, source_file, origin)"
                         " VALUES (?, ?, ?, ?, ?, 'letter', 'letter')",
                         (response_id, respondent_id, question_id, text, choice))
        elif response_id in replaced:  # the form's "See attached" holds the letter's text, its choice kept
            conn.execute("UPDATE responses SET text = ?, choice = ?, origin = 'letter', form_text = ? WHERE id = ?",
                         (text, _pointer_choice(conn, response_id, choice, choices(question_id)),
                          replaced.pop(response_id), response_id))
        elif conn.execute("SELECT text FROM responses WHERE id = ?", (response_id,)).fetchone()[0] != text:
            conn.execute("UPDATE responses SET text = ?, choice = ? WHERE id = ?", (text, choice, response_id))
        for pid, offset in offsets:
            conn.execute("UPDATE passages SET response_id = ?, answer_start = ? WHERE id = ?", (response_id, offset, pid))
            where[pid] = (response_id, offset)
        # its language: the one the import detected (as it detects a survey answer's) of the letter most of it is from
        conn.execute("UPDATE responses SET language = COALESCE((SELECT d.language FROM passages p JOIN documents d"
                     " ON d.id = p.document_id WHERE p.response_id = ? AND d.language != '' GROUP BY d.language"
                     ' ORDER BY SUM(p."end" - p.start) DESC LIMIT 1), \'\') WHERE id = ?', (response_id, response_id))
    for coding_id, pid, start, end in placed:
        if pid in where:
            response_id, offset = where[pid]
            conn.execute('UPDATE codings SET response_id = ?, start = ?, "end" = ? WHERE id = ?'
                         ' AND (response_id != ? OR start != ? OR "end" != ?)',
                         (response_id, offset + start, offset + end, coding_id, response_id, offset + start,
                          offset + end))
        else:
            removed += conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,)).rowcount
    if carry_whole:
        _carry_whole_codings(conn, [r for r in old_by_question.values() if r not in replaced], rows, where)
    for response_id in old_by_question.values():  # questions the respondent's letters no longer answer
        restored = conn.execute("SELECT form_text FROM responses WHERE id = ? AND origin = 'letter'",
                                (response_id,)).fetchone()
        if response_id in replaced and restored is None:
            continue  # a form's "See attached" that no passage ever replaced: as it was
        for table in ("codings", "suggestions", "theme_assignments", "campaign_members"):
            deleted = conn.execute(f"DELETE FROM {table} WHERE response_id = ?", (response_id,)).rowcount
            removed += deleted if table == "codings" else 0
        if response_id in replaced:  # a form answer: what the form said comes back, and its choice
            question_id = conn.execute("SELECT question_id FROM responses WHERE id = ?", (response_id,)).fetchone()[0]
            conn.execute("UPDATE responses SET text = ?, choice = ?, origin = 'form', form_text = NULL WHERE id = ?",
                         (replaced[response_id], _pointer_choice(conn, response_id, "", choices(question_id)),
                          response_id))
        else:
            conn.execute("DELETE FROM responses WHERE id = ?", (response_id,))
    return removed


def _carry_whole_codings(conn: sqlite3.Connection, gone: list[str], rows: list[tuple],
                         where: dict[str, tuple[str, int]]) -> None:
    """Codings of a whole letter answer none of whose passages answers its question any more (all moved:
    "every letter's General comments to C2") go with its passages: onto the answer they now make, whole,
    when they make it alone, else as a span over each passage (a coding's own id kept on the first)."""
    for response_id in gone:
        members = [(row[0], row[2] - row[1]) for row in rows if row[4] == response_id and row[0] in where]
        whole = conn.execute("SELECT id, code_id, coder, source, confidence, created_at FROM codings"
                             " WHERE response_id = ? AND start IS NULL", (response_id,)).fetchall()
        if not members or not whole:
            continue
        targets = {where[pid][0] for pid, _ in members}
        target = next(iter(targets))
        alone = len(targets) == 1 and {pid for pid, (rid, _) in where.items() if rid == target} == {p for p, _ in members}
        for coding_id, code_id, coder, source, confidence, created_at in whole:
            if alone:
                if conn.execute("SELECT 1 FROM codings WHERE response_id = ? AND code_id = ? AND start IS NULL",
                                (target, code_id)).fetchone() is None:
                    conn.execute("UPDATE codings SET response_id = ? WHERE id = ?", (target, coding_id))
                continue
            for n, (pid, length) in enumerate(members):
                rid, offset = where[pid]
                if n == 0:
                    conn.execute('UPDATE codings SET response_id = ?, start = ?, "end" = ? WHERE id = ?',
                                 (rid, offset, offset + length, coding_id))
                else:
                    conn.execute('INSERT INTO codings(id, code_id, response_id, start, "end", coder, source, confidence,'
                                 " created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                                 (new_id(), code_id, rid, offset, offset + length, coder, source, confidence, created_at))


def _pointer_choice(conn: sqlite3.Connection, response_id: str, letter: str, options: list[str]) -> str:
    """The closed choice of a form answer that points to the letter ("See attached letter") once the
    letter's passages on its question are its text: the choice the form gave, else ``letter``, the option
    the letter's answer opens with ("Strongly agree. One-year grants ..."), as a letter's own answer counts
    it. A choice the letter gave before is the letter's, not the form's: it follows the letter's new text
    (``letter`` "" puts back the form's blank when the passages move away). (A form's choice that is the
    very option the letter's answer opens with reads as the letter's.)"""
    choice, text, origin = conn.execute("SELECT choice, text, origin FROM responses WHERE id = ?",
                                        (response_id,)).fetchone()
    given_by_letter = origin == "letter" and bool(choice) and choice == letter_choice(text, options)
    return letter if not choice or given_by_letter else choice


_LEAD_CUE = re.compile(rf"^\s*(?:(?:{QUESTION_WORDS})\s*\.?\s*\d{{1,2}}[a-z]?\b)?[\s:.)\u2013\u2014-]*", re.I)


def letter_choice(text: str, options: list[str]) -> str:
    """The option of a closed question a letter's answer opens with ("No. The existing schemes ...",
    "Question 4 - Disagree", "Strongly agree: ..."), the longest that fits; "" when it opens with none."""
    if not options:
        return ""
    head = _LEAD_CUE.sub("", text[:300], count=1)
    ticked = ticked_option(head)  # a form's boxes: "Yes ☐  No ☒"
    if ticked is not None:
        return next((o for o in options if o.replace("\u2019", "'").casefold() == ticked.replace("\u2019", "'").casefold()),
                    "")
    lead = head.replace("\u2019", "'").casefold()
    for option in sorted(options, key=len, reverse=True):
        key = option.replace("\u2019", "'").casefold().strip()
        if not key or not lead.startswith(key):
            continue
        after = lead[len(key):len(key) + 1]
        # "No." or "Agree -", never "No one should ..." or "Support for families ..." (a one-word option
        # followed by more words); "Strongly agree with the threshold" is that option
        if not after or after in ".,;:!?-\u2013\u2014)\n" or (after.isspace() and " " in key):
            return option
    # the option in another language of the list ("Cytuno'n gryf." in a Welsh council's letter)
    folded = fold(head)
    for option in sorted(options, key=len, reverse=True):
        for wording in wordings_of(option):
            after = folded[len(wording):len(wording) + 1]
            if folded.startswith(wording) and (not after or after in ".,;:!?)\n"  # not "Non-residents ..."
                                               or (after.isspace() and " " in wording)):
                return option
    # "We disagree.", "I strongly support the proposal": a position said in the first person, where an
    # option is that very position
    said = _POSITION.match(lead)
    if said:
        position = " ".join(said.group("position").split())
        return next((o for o in options if " ".join(o.casefold().split()) == position), "")
    return ""


#: a letter's answer opening with the writer's position ("We disagree.", "I would strongly support ...")
_POSITION = re.compile(r"(?:we|i)\s+(?:would\s+|do\s+)?(?P<position>(?:strongly\s+)?(?:agree|disagree|support|oppose))"
                       r"(?![\w'-])")


#: a form answer that only sends the reader to the respondent's letter or upload
_POINTER = re.compile(r"\b(attach|enclos|upload|see (?:our|my|the) (?:letter|submission|response|document|paper|e-?mail)"
                      r"|(?:please )?see (?:above|below|letter|submission|document)|refer to|as per (?:our|my|the)"
                      r"|in (?:our|my|the) (?:letter|submission|document|e-?mail)"
                      # Welsh: "Gweler y llythyr amgaeedig" (the list the themes' non-answers share)
                      r"|(?:" + "|".join(re.escape(p) for p in WELSH_POINTERS) + r")\b)", re.I)


def points_elsewhere(text: str) -> bool:
    """True for a short form answer that only points to the letter ("See attached", "Please see our
    submission", "Response uploaded") or says nothing ("", "N/A")."""
    words = text.split()
    return not words or (len(words) <= 15 and bool(_POINTER.search(text))) or \
        " ".join(words).lower().strip(" .") in {"n/a", "na", "n.a", "none", "nil", "-"}


def to_answer_span(project: Project, document_id: str, start: int, end: int) -> tuple[str, int, int]:
    """The letter answer and its offsets for the document span ``[start, end)`` (which must lie
    in one passage that takes part in the analysis)."""
    for p in document_passages(project, document_id):
        if p.start <= start < p.end:
            if end > p.end:
                raise ValueError("select text within one passage of the letter")
            if p.response_id is None or p.answer_start is None:
                raise ValueError("this passage is not part of the analysis (a heading, supporting material, or a "
                                 "question this respondent answered on the form)")
            return p.response_id, p.answer_start + start - p.start, p.answer_start + end - p.start
    raise ValueError("the selection is not inside a passage of the letter")


def document_span(project: Project, response_id: str, start: int, end: int) -> tuple[str, int, int] | None:
    """(document id, start, end) in the document for a span of a letter answer, or None."""
    row = project.conn.execute(
        'SELECT document_id, start, "end", answer_start FROM passages WHERE response_id = ? AND answer_start <= ?'
        " ORDER BY answer_start DESC LIMIT 1", (response_id, start)).fetchone()
    if row is None or start - row[3] >= row[2] - row[1]:
        return None
    return row[0], row[1] + start - row[3], row[1] + min(end - row[3], row[2] - row[1])


def document_codings(project: Project, document_id: str) -> list[tuple[str, str, int, int]]:
    """(coding id, code id, start, end) in the document of the span codings on its passages."""
    out = []
    for coding_id, code_id, start, end, pstart, pend, astart in project.query(
            'SELECT c.id, c.code_id, c.start, c."end", p.start, p."end", p.answer_start FROM passages p'
            " JOIN codings c ON c.response_id = p.response_id WHERE p.document_id = ? AND c.start IS NOT NULL"
            ' AND c.start >= p.answer_start AND c.start < p.answer_start + (p."end" - p.start)', (document_id,)):
        out.append((coding_id, code_id, pstart + start - astart, min(pstart + end - astart, pend)))
    return out


def letter_response_ids(project: Project, response_ids: Sequence[str]) -> set[str]:
    """Which of these answers came by letter."""
    if not response_ids:
        return set()
    marks = ",".join("?" * len(response_ids))
    return {r[0] for r in project.query(f"SELECT id FROM responses WHERE origin = 'letter' AND id IN ({marks})",
                                        list(response_ids))}


def get_passage_by_span(project: Project, document_id: str, start: int, end: int) -> PassageRow | None:
    rows = project.query(_SELECT + ' WHERE p.document_id = ? AND p.start = ? AND p."end" = ?', (document_id, start, end))
    return _row(rows[0]) if rows else None


def mapping_summary(project: Project, document_id: str) -> str:
    """One line for the reader: the document's role and how many passages answer each question."""
    role = project.scalar("SELECT role FROM documents WHERE id = ?", (document_id,))
    if role == "supporting":
        return "Supporting material: left out of counts."
    counts: dict[str, int] = {}
    general = general_question(project).key
    for p in document_passages(project, document_id):
        if p.kind != "heading" and p.question_key:
            label = "General comments" if p.question_key == general else p.question_key
            counts[label] = counts.get(label, 0) + 1
    if not counts:
        return ""
    parts = ", ".join(f"{k} ({n})" for k, n in counts.items())
    return f"Passages mapped to questions: {parts}. Right-click a passage to move it to another question."
