"""A survey's later export coming into a project that holds an earlier one: who in it is already there.

A file with an id column says who each row is. A file without one (a Google Forms download) gets ids
from its name and line ("Consultation (Responses).csv-row4"), and those say nothing across downloads:
the browser saves the next one as "... (1).csv", and a response deleted in the form moves every later
row up a line. So a row with such a made-up id is matched by what it holds instead: a respondent the
project imported from a file without ids whose timestamp (and every other detail kept) and answers are
the same is that respondent, and the row is skipped as already present, named. Rows alike in every cell
are matched one for one (three identical rows stand for three respondents imported before, as many as
there were); with a timestamp two people alike to the second are all but impossible, and without one
people who answered alike cannot be told apart, only counted, which the message says.

A new row whose line's id belongs to a respondent imported before gets the id with a number added
("... -row92 (2)"), never that respondent's answers. What the import's rows held (a salted digest per
row) is kept with the import, so that a respondent an analyst withdrew is recognised in a later download
whatever its line, and a project's later changes to an answer's option spelling do not hide a row; a
withdrawal keeps the digest of the respondent's row when their import kept none (:func:`keep_withdrawn_print`).

Whatever the ids: respondents imported from an earlier file most of whose respondents this file holds,
but who are not in it, are named (deleted in the survey tool after a request to withdraw?), with the
command that withdraws them; and a dry run lists the answers that differ from the project's
(:mod:`consult_analyser.store.answer_updates`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from consult_analyser.domain import counted, new_id
from consult_analyser.parsed import ParsedBatch, ParsedRespondent
from consult_analyser.store.answer_updates import Change, Offered, choice_key, describe, differing, normal_words
from consult_analyser.store.imports import find_respondent, index_by_number
from consult_analyser.store.project import Project
from consult_analyser.store.question_keys import plan_question_keys
from consult_analyser.store.resends import email_hash
from consult_analyser.store.withdrawals import source_hash_with, withdrawn_sources

#: the project's salt for the digests of imported rows kept with each import
SALT_KEY = "row_print_salt"
#: a detail that holds a date and a time of day: the row's timestamp
_TIME = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T,]+|\s+at\s+)\d{1,2}[:.]\d{2}")
#: at most this many ids named in a message
SHOWN = 5


def made_up_id(respondent: ParsedRespondent, file_name: str) -> bool:
    """Whether a table's row got its id from the file's name and line (a file without an id column)."""
    return respondent.source_row is not None and respondent.external_id == f"{file_name}-row{respondent.source_row}"


def _stored_made_up(external_id: str, source_file: str) -> bool:
    """Whether a respondent's id was made up from the name and line of the file it was imported from."""
    name = os.path.basename(source_file)
    return bool(name) and re.fullmatch(re.escape(name) + r"-row\d+(?: \(\d+\))?", external_id) is not None


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
                          ).hexdigest()[:32]


def salted(salt: str, digest: str) -> str:
    """A row's digest as kept with its import."""
    return hashlib.sha256(f"{salt}\x1frow\x1f{digest}".encode()).hexdigest()[:32]


def row_salt(project: Project, *, create: bool = False) -> str:
    """The project's salt for the digests kept of imported rows ("" until the first is kept, unless ``create``)."""
    salt = project.get_meta(SALT_KEY)
    if not salt and create:
        salt = new_id()
        project.set_meta(SALT_KEY, salt)
    return salt


def _details(metadata: Mapping[str, object]) -> dict[str, str]:
    return {str(k): normal_words(str(v)) for k, v in metadata.items() if normal_words(str(v or ""))}


def _core(name: str, organisation: str, hashed_email: str, answers: Iterable[tuple[str, str, str]]) -> str:
    """What a respondent said, apart from the details kept with them: who (as given) and every answer."""
    return _digest([normal_words(name), normal_words(organisation), hashed_email,
                    sorted((key, normal_words(text), choice_key(choice)) for key, text, choice in answers
                           if text.strip() or choice.strip())])


def _full(core: str, details: Mapping[str, str]) -> str:
    """Everything a row held: its answers and every detail kept (the timestamp among them)."""
    return _digest([core, sorted(details.items())])


def keep_withdrawn_print(project: Project, respondent_id: str) -> None:
    """Before a respondent imported from a file without ids is withdrawn: the salted digest of what their row
    held, computed from what the project stores as :class:`_StoredRows` computes it, kept with their import (none
    of their data), so that a later download under any name leaves them out, though their import kept no digests
    (a project imported before digests were kept). Nothing is done for a respondent of a file with ids (known by
    their id), nor when their import kept their digest already."""
    found = project.conn.execute(
        "SELECT p.external_id, p.name, p.organisation, p.email_hash, p.metadata, i.id, i.source_file, i.counts"
        " FROM respondents p JOIN imports i ON i.id = p.import_id WHERE p.id = ?", (respondent_id,)).fetchone()
    if found is None or not _stored_made_up(found[0], found[6]):
        return
    external_id, name, organisation, hashed_email, metadata, import_id, _, counts = tuple(found)
    try:
        kept = json.loads(counts or "{}")
        details = json.loads(metadata or "{}")
    except ValueError:
        kept, details = {}, {}
    kept = kept if isinstance(kept, dict) else {}
    prints = kept.get("row_prints")
    prints = prints if isinstance(prints, dict) else {}
    if external_id in prints:
        return
    answers = [(key, form_text if origin == "letter" else text, choice)
               for key, text, choice, origin, form_text in project.conn.execute(
                   "SELECT q.key, r.text, r.choice, r.origin, r.form_text FROM responses r JOIN questions q"
                   " ON q.id = r.question_id WHERE r.respondent_id = ?", (respondent_id,))
               if not (origin == "letter" and form_text is None)]
    full = _full(_core(name, organisation, hashed_email, answers),
                 _details(details if isinstance(details, dict) else {}))
    kept["row_prints"] = {**prints, external_id: salted(row_salt(project, create=True), full)}
    project.conn.execute("UPDATE imports SET counts = ? WHERE id = ?",
                         (json.dumps(kept, ensure_ascii=False), import_id))


@dataclass
class _Stored:
    external_id: str
    details: dict[str, str]


class _StoredRows:
    """The project's respondents imported from files without ids, by what their rows held; read once, when the
    first row with a made-up id comes."""

    def __init__(self, project: Project, present: Mapping[str, str]) -> None:
        self.by_core: dict[str, list[_Stored]] = {}
        answers: dict[str, list[tuple[str, str, str]]] = {}
        for respondent_id, key, text, choice, origin, form_text in project.query(
                "SELECT r.respondent_id, q.key, r.text, r.choice, r.origin, r.form_text FROM responses r"
                " JOIN questions q ON q.id = r.question_id JOIN respondents p ON p.id = r.respondent_id"
                " WHERE p.external_id GLOB '*-row[0-9]*'"):
            if origin == "letter" and form_text is None:
                continue  # answered by the respondent's letter alone: not a cell of the row
            answers.setdefault(respondent_id, []).append((key, form_text if origin == "letter" else text, choice))
        for row in project.query(
                "SELECT p.id, p.external_id, p.name, p.organisation, p.email_hash, p.metadata, i.source_file"
                " FROM respondents p JOIN imports i ON i.id = p.import_id WHERE p.external_id GLOB '*-row[0-9]*'"
                " ORDER BY p.seq"):
            if not _stored_made_up(row[1], row[6]):
                continue
            try:
                metadata = json.loads(row[5] or "{}")
            except ValueError:
                metadata = {}
            core = _core(row[2], row[3], row[4], answers.get(row[0], []))
            self.by_core.setdefault(core, []).append(
                _Stored(row[1], _details(metadata if isinstance(metadata, dict) else {})))
        # the digests kept with earlier imports: respondents present, and those withdrawn since
        self.salt = row_salt(project)
        self.by_full: dict[str, list[str]] = {}
        if self.salt:
            for (counts,) in project.query("SELECT counts FROM imports WHERE counts LIKE '%\"row_prints\"%'"):
                try:
                    prints = json.loads(counts).get("row_prints", {})
                except (ValueError, AttributeError):
                    continue
                for external_id, digest in prints.items() if isinstance(prints, dict) else ():
                    self.by_full.setdefault(str(digest), []).append(str(external_id))
        gone = {e for ids in self.by_full.values() for e in ids if e not in present}
        salt, withdrawn = withdrawn_sources(project) if gone else ("", {})
        self.withdrawn = {e for e in gone if salt and source_hash_with(salt, e) in withdrawn}
        self.reserved = gone  # ids of rows known by their content: never another row's
        self.present = present
        self.used: set[str] = set()

    def take(self, core: str, full: str, details: Mapping[str, str], prefer: str) -> str | None:
        """The respondent (id) this row is, not taken by an earlier row of the file; None for none."""
        kept = self.by_full.get(salted(self.salt, full), []) if self.salt else []
        candidates = [e for e in kept if e in self.present] + [
            s.external_id for s in self.by_core.get(core, [])
            if all(s.details.get(k) == v for k, v in details.items())]
        free = [e for e in dict.fromkeys(candidates) if e not in self.used]
        if not free:
            return None
        chosen = prefer if prefer in free else free[0]
        self.used.add(chosen)
        return chosen

    def withdrawn_as(self, full: str) -> str | None:
        """The id of the withdrawn respondent whose row this is (None when it is none)."""
        if not self.salt:
            return None
        return next((e for e in self.by_full.get(salted(self.salt, full), []) if e in self.withdrawn), None)


class LaterExport:
    """Fits a batch's rows to the project it goes into (see the module's doc): :meth:`rows` yields them with
    made-up ids matched by content, and appends its notes to the batch's warnings once the last row is read
    (when the import, or its dry run, reads them). ``compare_answers``: also name the answers that differ from
    the project's (a dry run's; the import compares them itself once they are written).

    Everything it needs from the project is read before the first row is handed on, so the import's writer
    thread alone touches the connection while rows are written (only a dry run compares answers as it goes)."""

    def __init__(self, project: Project, batch: ParsedBatch, *, compare_answers: bool = False) -> None:
        self.project = project
        self.batch = batch
        self.name = os.path.basename(batch.source_file)
        self.compare = compare_answers
        planned = plan_question_keys(project, batch.questions)[0] if batch.questions else []
        self.keys = {q.key: key for q, key in zip(batch.questions, planned, strict=True)}
        stored_questions = {r[0]: r[1] for r in project.query("SELECT key, id FROM questions")}
        self.question_ids = {k: stored_questions[key] for k, key in self.keys.items() if key in stored_questions}
        rows = project.query("SELECT id, external_id, import_id FROM respondents")
        self.known: dict[str, str] = {r[1]: r[0] for r in rows}
        self.by_number = index_by_number(self.known)
        self.import_of = {r[0]: r[2] or "" for r in rows}
        self.sources = {r[0]: r[1] for r in project.query("SELECT id, source_file FROM imports")}
        self.held: set[str] = set()  # the project's respondents this file holds
        #: the digest of each row with a made-up id, by the id it is imported under (kept with the import)
        self.prints: dict[str, str] = {}
        self.given: list[str] = []  # new rows given their line's id with a number added
        self.matched: Counter[str] = Counter()  # rows matched by content, by the file their respondent came from
        self.moved: Counter[str] = Counter()  # ... of them on another line, or in a file of another name, than then
        self.timeless = 0  # ... of them with no timestamp among their details
        self.offered: list[Offered] = []
        self.changes: list[Change] = []
        self._stored: _StoredRows | None = None
        self._taken: set[str] = set()

    def rows(self, respondents: Iterable[ParsedRespondent]) -> Iterator[ParsedRespondent]:
        for number, respondent in enumerate(respondents):
            made_up = made_up_id(respondent, self.name)
            if number == 0 and made_up:  # a file without ids: the project's such rows, read before the import writes
                self._stored = _StoredRows(self.project, self.known)
            if made_up and self._stored is not None:
                self._match(respondent, self._stored)
            found = find_respondent(self.known, self.by_number, respondent.external_id)
            if found is not None:
                self.held.add(found)
                if self.compare:
                    self._offer(respondent, found)
            yield respondent
        self._finish()

    def _match(self, respondent: ParsedRespondent, stored: _StoredRows) -> None:
        details = _details(respondent.metadata)
        core = _core(respondent.name, respondent.organisation, email_hash(respondent.email),
                     ((self.keys.get(a.question_key, a.question_key), a.text, a.choice) for a in respondent.answers))
        full = _full(core, details)
        line_id = respondent.external_id
        chosen = stored.take(core, full, details, prefer=line_id)
        if chosen is not None:
            respondent.external_id = chosen
            source = os.path.basename(self.sources.get(self.import_of.get(self.known.get(chosen, ""), ""), ""))
            self.matched[source] += 1
            if chosen != line_id:
                self.moved[source] += 1
            self.timeless += not any(_TIME.search(v) for v in details.values())
        elif (gone := stored.withdrawn_as(full)) is not None:
            respondent.external_id = gone  # withdrawn by an analyst: the import skips it, and counts it so
        else:
            key, number = line_id, 2
            while key in self.known or key in self._taken or key in stored.reserved:
                key, number = f"{line_id} ({number})", number + 1
            if key != line_id:
                self.given.append(key)
            respondent.external_id = key
        self._taken.add(respondent.external_id)
        self.prints[respondent.external_id] = full

    def _offer(self, respondent: ParsedRespondent, respondent_id: str) -> None:
        for answer in respondent.answers:
            question_id = self.question_ids.get(answer.question_key)
            if question_id is not None and (answer.text.strip() or answer.choice.strip()):
                self.offered.append(Offered(respondent.external_id, respondent_id, question_id, answer.text,
                                            answer.choice, respondent.source_row))
        if len(self.offered) >= 5000:
            self._compare()

    def _compare(self) -> None:
        if self.offered:
            self.changes += differing(self.project, self.offered)
            self.offered = []

    def _finish(self) -> None:
        notes = self.batch.warnings
        if self.moved:  # (a row on its line of a file of the same name is just already present)
            how = "same timestamp and answers" if not self.timeless else (
                "same answers and details; the file has no timestamp, so people who answered alike cannot be "
                "told apart: each such row stands for one respondent imported before, as many as there were")
            for source, n in self.matched.most_common():
                lines = (f", {self.moved[source]:,} of them on other lines than then" if source == self.name
                         and self.moved[source] else "")
                notes.append(f"{self.name}: {counted(n, 'row')} {'is a respondent' if n == 1 else 'are respondents'} "
                             f"already imported from {source!r} ({how}{lines}): "
                             + ("would be skipped" if self.compare else "skipped"))
        if self.given:
            notes.append(f"{self.name}: {counted(len(self.given), 'new row')} took {'its' if len(self.given) == 1 else 'their'}"
                         f" line's id with a number added ({', '.join(self.given[:SHOWN])}"
                         f"{', ...' if len(self.given) > SHOWN else ''}): that id belongs to a respondent imported "
                         "before from a file of the same name")
        notes.extend(self._missing())
        if self.compare:
            self._compare()
            if self.changes:
                notes.append(describe(self.batch.source_file, self.changes, dry_run=True))

    def _missing(self) -> list[str]:
        """Respondents of an earlier file most of whose respondents this file holds, who are not in it."""
        by_import: dict[str, list[str]] = {}
        for external_id, respondent_id in self.known.items():
            by_import.setdefault(self.import_of.get(respondent_id, ""), []).append(external_id)
        notes = []
        for import_id, ids in by_import.items():
            held = sum(1 for e in ids if self.known[e] in self.held)
            if not import_id or held * 2 <= len(ids) or held == len(ids):
                continue
            gone = sorted((e for e in ids if self.known[e] not in self.held), key=_natural)
            source = os.path.basename(self.sources.get(import_id, ""))
            one = len(gone) == 1
            named = " ".join(shlex.quote(e) for e in gone[:SHOWN])
            command = (f"consult-analyser withdraw {shlex.quote(self.project.path.name)} {named} --reason request "
                       "--note '...'" if len(gone) <= SHOWN else
                       f"consult-analyser withdraw {shlex.quote(self.project.path.name)} --ids-file FILE --reason "
                       "request --note '...'")
            notes.append(f"{self.name}: {counted(len(gone), 'respondent')} imported from {source!r} "
                         f"{'is' if one else 'are'} not in this file, though it holds the other {held:,}: "
                         f"{', '.join(gone[:SHOWN])}{', ...' if len(gone) > SHOWN else ''}. If "
                         f"{'it was' if one else 'they were'} deleted in the survey tool (a request to withdraw, a "
                         f"test, a duplicate), take {'it' if one else 'them'} out of the analysis with: {command} "
                         f"(or --reason test, spam or duplicate); the import leaves {'it' if one else 'them'} in the "
                         "project")
        return notes


def _natural(text: str) -> list[object]:
    """ "row9" before "row10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]
