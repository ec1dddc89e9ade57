"""Answers a later export of a survey gives otherwise than the project holds them (a respondent who
corrected their answer, an administrator who fixed a typo): found, shown old -> new, and on request
(``import --update-answers``) taken in.

An import never overwrites an answer unasked: it names the answers that differ and keeps the project's.
Taking the file's wording in keeps the work done on the answer: its codings stay; a coded passage whose
words are still in the new text moves to where they are now, and one whose words are gone becomes a
coding of the whole answer (its old span and words are written to the project's record, the audit, with
the answer's old wording, so nothing is lost). Answers in themes keep their theme until themes are found
again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from consult_analyser.domain import OPTION_SEPARATOR, counted
from consult_analyser.store.answer_variants import option_key
from consult_analyser.store.project import Project

#: the changed answers named one by one in a message
SHOWN = 5


@dataclass
class Offered:
    """An answer a file offers for a respondent the project holds (compared once the rows are written)."""

    respondent: str  # the respondent's id as in the file
    respondent_id: str  # the project's
    question_id: str
    text: str
    choice: str
    source_row: int | None = None


@dataclass
class Change:
    """An answer of the file that differs from the one the project holds for that respondent and question."""

    respondent: str  # the respondent's id as in the file
    question: str  # the question's key in the project
    response_id: str
    old_text: str
    old_choice: str
    new_text: str
    new_choice: str
    #: the answer holds the respondent's letter in place of the form's words ("See attached"): the form's
    #: words are kept apart (``form_text``) and are what the file is compared with and what an update sets
    letter: bool = False
    source_row: int | None = None

    def shown(self) -> str:
        """ "R-0005 Q1: '…Colorado' → '…Colorado. I also think …'", the parts that differ with a little around them."""
        parts = []
        if choice_key(self.old_choice) != choice_key(self.new_choice):
            parts.append(f"option {self.old_choice or '(none)'!r} → {self.new_choice or '(none)'!r}")
        if normal_words(self.old_text) != normal_words(self.new_text):
            old, new = excerpts(normal_words(self.old_text), normal_words(self.new_text))
            parts.append(f"{old!r} → {new!r}" if old or new else "")
        return f"{self.respondent} {self.question}: " + "; ".join(p for p in parts if p)


def normal_words(text: str) -> str:
    return " ".join(text.split())


def choice_key(choice: str) -> str:
    """An option as compared: its spelling's case, spaces and marks aside ("support " is "Support"), as the
    import's merging of variants stores it."""
    return OPTION_SEPARATOR.join(option_key(part) for part in choice.split(OPTION_SEPARATOR) if part.strip())


def same_answer(old_text: str, old_choice: str, new_text: str, new_choice: str) -> bool:
    """Whether two answers say the same (spaces and an option's spelling aside)."""
    if old_text == new_text and old_choice == new_choice:
        return True
    return normal_words(old_text) == normal_words(new_text) and choice_key(old_choice) == choice_key(new_choice)


def excerpts(old: str, new: str, width: int = 60, before: int = 20) -> tuple[str, str]:
    """The parts of two texts that differ, each with up to ``before`` characters ahead of it, cut to ``width``
    characters ("…" where cut): an edit at the end of a long answer is shown, not the answer's first words."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - before)
    if begin:  # from a word's start
        space = old.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin

    def cut(text: str) -> str:
        middle = text[begin:len(text) - end]
        shown = middle if len(middle) <= width else middle[:width - 1] + "…"
        tail = len(text) - end
        if len(shown) == len(middle) and tail < len(text):
            shown += text[tail:tail + 10] + ("…" if tail + 10 < len(text) else "")
        return ("…" if begin else "") + shown

    return cut(old), cut(new)


def differing(project: Project, offered: Sequence[Offered]) -> list[Change]:
    """The offered answers that differ from the answer the project holds for that respondent and question, in
    the order offered. An answer the project made from the respondent's letter alone (no form answer to compare)
    is left out."""
    held: dict[tuple[str, str], tuple] = {}
    ids = sorted({item.respondent_id for item in offered})
    for first in range(0, len(ids), 900):  # the answers those respondents hold, a chunk at a time
        part = ids[first:first + 900]
        for row in project.conn.execute(
                "SELECT r.respondent_id, r.question_id, r.id, q.key, r.text, r.choice, r.origin, r.form_text"
                " FROM responses r JOIN questions q ON q.id = r.question_id"
                f" WHERE r.respondent_id IN ({','.join('?' * len(part))})", part):
            held[(row[0], row[1])] = tuple(row[2:])
    out = []
    for item in offered:
        row = held.get((item.respondent_id, item.question_id))
        if row is None:
            continue
        response_id, key, text, choice, origin, form_text = row
        letter = origin == "letter"
        if letter and form_text is None:
            continue  # the letter's passages answer this question; the form said nothing to compare
        old_text = form_text if letter else text
        if not same_answer(old_text, choice, item.text, item.choice):
            out.append(Change(item.respondent, key, response_id, old_text, choice, item.text, item.choice,
                              letter=letter, source_row=item.source_row))
    return out


def describe(source_file: str, changes: Sequence[Change], *, dry_run: bool = False, applied: bool = False) -> str:
    """The message naming the changed answers (old → new), and what the import does with them."""
    name = os.path.basename(source_file)
    n = len(changes)
    shown = "".join(f"\n    {change.shown()}" for change in changes[:SHOWN])
    more = f"\n    ... and {n - SHOWN:,} more" if n > SHOWN else ""
    one = n == 1
    if applied:
        return (f"{name}: {counted(n, 'answer')} of respondents already in the project "
                f"{'was' if one else 'were'} updated to the file's wording (the earlier wording is kept in the "
                f"project's record, the audit):{shown}{more}")
    head = (f"{name}: {counted(n, 'answer')} of respondents already in the project "
            f"{'differs from the one' if one else 'differ from those'} imported before")
    if dry_run:
        return (f"{head}; the import would keep the project's {'answer' if one else 'answers'} (import with "
                f"--update-answers to take the file's wording in):{shown}{more}")
    return (f"{head}; the {'answer' if one else 'answers'} already in the project {'was' if one else 'were'} kept "
            f"(to take the file's wording in, import it again with --update-answers):{shown}{more}")


def apply(project: Project, changes: Sequence[Change], source_file: str,
          detect_languages: Callable[[Sequence[str]], list[str]] | None = None) -> str:
    """Take the file's wording of ``changes`` in (inside the caller's transaction); returns what that did to the
    work on those answers ("" when there was none). Each answer's old wording, and any coded span that had to
    become a coding of the whole answer, are recorded in the audit."""
    conn = project.conn
    texts = [c.new_text for c in changes if not c.letter and c.new_text.strip()]
    languages = iter(detect_languages(texts) if detect_languages and texts else [""] * len(texts))
    moved = whole = dropped = coded = themed = 0
    for change in changes:
        spans: list[dict] = []
        if change.letter:  # the answer shows the letter's passages: the form's words are kept beside them
            conn.execute("UPDATE responses SET form_text = ?, choice = ? WHERE id = ?",
                         (change.new_text, change.new_choice, change.response_id))
        else:
            language = next(languages) if change.new_text.strip() else ""
            conn.execute("UPDATE responses SET text = ?, choice = ?, language = ?, source_file = ?,"
                         " source_row = COALESCE(?, source_row) WHERE id = ?",
                         (change.new_text, change.new_choice, language, source_file, change.source_row,
                          change.response_id))
            if change.new_text != change.old_text:
                counts = _refit_spans(project, change, spans)
                moved, whole, dropped = moved + counts[0], whole + counts[1], dropped + counts[2]
        coded += conn.execute("SELECT 1 FROM codings WHERE response_id = ? LIMIT 1",
                              (change.response_id,)).fetchone() is not None
        themed += conn.execute("SELECT 1 FROM theme_assignments WHERE response_id = ? LIMIT 1",
                               (change.response_id,)).fetchone() is not None
        project.audit("update_answer", "response", change.response_id, respondent=change.respondent,
                      question=change.question, source_file=source_file, old_text=change.old_text,
                      old_choice=change.old_choice, new_choice=change.new_choice,
                      form_text=change.letter, spans=spans)
    notes = []
    if coded:
        said = [f"{counted(moved, 'coded passage')} moved to where {'its' if moved == 1 else 'their'} words are now"
                if moved else "",
                f"{counted(whole, 'coded passage')} whose words are gone became {'a coding' if whole == 1 else 'codings'} "
                "of the whole answer" if whole else "",
                f"{counted(dropped, 'coded passage')} whose words are gone dropped: the answer holds "
                f"{'its' if dropped == 1 else 'their'} code for the whole of it already" if dropped else ""]
        said = [s for s in said if s]
        notes.append(f"{counted(coded, 'of them has', 'of them have')} codings, kept"
                     + (f" ({'; '.join(said)}; the old spans and words are in the audit)" if said else ""))
    if themed:
        notes.append(f"{counted(themed, 'of them is', 'of them are')} in themes found on the old wording: find "
                     "themes again to place them by the new")
    return "; ".join(notes)


def _refit_spans(project: Project, change: Change, spans: list[dict]) -> tuple[int, int, int]:
    """Fit the answer's coded spans to its new text: a span whose words are still there (the occurrence nearest
    its old place) moves to them; one whose words are gone becomes a coding of the whole answer, or goes where the
    answer holds that code for the whole of it already. Each span that did not move is added to ``spans`` (for
    the audit). Returns (moved, made whole, dropped)."""
    conn = project.conn
    moved = whole = dropped = 0
    rows = conn.execute('SELECT id, code_id, coder, start, "end" FROM codings WHERE response_id = ?'
                        " AND start IS NOT NULL ORDER BY start", (change.response_id,)).fetchall()
    for coding_id, code_id, coder, start, end in rows:
        words = change.old_text[start:end]
        at = _nearest(change.new_text, words, start) if words.strip() else -1
        if at >= 0:
            if at != start:
                conn.execute('UPDATE codings SET start = ?, "end" = ? WHERE id = ?', (at, at + len(words), coding_id))
                moved += 1
            continue
        spans.append({"coding": coding_id, "code": code_id, "start": start, "end": end, "words": words})
        held_whole = conn.execute("SELECT 1 FROM codings WHERE response_id = ? AND code_id = ? AND coder = ?"
                                  " AND start IS NULL", (change.response_id, code_id, coder)).fetchone()
        if held_whole:
            conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            dropped += 1
        else:
            conn.execute('UPDATE codings SET start = NULL, "end" = NULL WHERE id = ?', (coding_id,))
            whole += 1
    return moved, whole, dropped


def _nearest(text: str, words: str, start: int) -> int:
    """Where ``words`` occur in ``text`` nearest to ``start`` (-1 when they do not)."""
    best = -1
    at = text.find(words)
    while at != -1:
        if best == -1 or abs(at - start) < abs(best - start):
            best = at
        at = text.find(words, at + 1)
    return best
