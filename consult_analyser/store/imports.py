"""Writing a parsed source file into a project: all of it in one transaction, or nothing."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import PurePath

from consult_analyser.domain import (
    Channel,
    ImportResult,
    Publication,
    QuestionKind,
    answers_publication,
    counted,
    letter_publication,
    new_id,
    now_iso,
)
from consult_analyser.errors import IngestError
from consult_analyser.parsed import ParsedBatch, ParsedDocument, ParsedRespondent
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import answer_updates
from consult_analyser.store.answer_variants import merge_choice_variants
from consult_analyser.store.project import Project
from consult_analyser.store.question_keys import write_questions
from consult_analyser.store.resends import (
    Arrivals,
    Sender,
    email_hash,
    joined_notes,
    resend_note,
    stored_letters,
    stored_sender,
)
from consult_analyser.store.withdrawals import document_hash_with, reasons_said, source_hash_with, withdrawn_sources

CHUNK = 2000  # respondents per batch of inserts
#: how much each publication choice withholds: a letter's request only ever withholds more
_PRIVACY = {Publication.UNKNOWN.value: 0, Publication.PUBLIC.value: 0, Publication.ANONYMOUS.value: 1,
            Publication.NOT_FOR_PUBLICATION.value: 2}
HONOURED = " and honoured in everything published"
_WISH = {Publication.NOT_FOR_PUBLICATION: "not to be published", Publication.ANONYMOUS: "to be published without names"}
IMPORT_CACHE_KIB = 256 * 1024  # SQLite page cache while importing (the default 2 MB thrashes on big files)


def find_import(project: Project, sha256: str) -> dict | None:
    row = project.conn.execute(
        "SELECT id, source_file, imported_at, counts FROM imports WHERE sha256 = ? LIMIT 1", (sha256,)
    ).fetchone()
    return dict(row) if row else None


def list_imports(project: Project) -> list[dict]:
    return [dict(r) for r in project.query("SELECT * FROM imports ORDER BY imported_at")]


def record_import(project: Project, source_file: str, sha256: str, reader: str) -> None:
    """Note a file as imported (for files that add no rows of their own, such as attribute tables)."""
    with project.transaction() as conn:
        conn.execute(
            "INSERT INTO imports(id, source_file, sha256, reader, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?)",
            (new_id(), source_file, sha256, reader, now_iso(), project.actor))


def email_domain(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email:
        return ""
    return email.rsplit("@", 1)[1].strip(" >.;,")


def _no_languages(texts: Sequence[str]) -> list[str]:
    return [""] * len(texts)


def write_batch(
    project: Project,
    batch: ParsedBatch,
    *,
    sha256: str,
    detect_languages: Callable[[Sequence[str]], list[str]] | None = None,
    progress: ProgressFn | None = None,
    row_prints: Mapping[str, str] | None = None,
    update_answers: bool = False,
    left_out: Callable[[str], bool] | None = None,
) -> ImportResult:
    """Write ``batch`` in one transaction. Rows already in the project (same respondent id and
    question, or same document) are skipped, so importing a file twice adds nothing; respondents an
    analyst withdrew are skipped (and counted by reason), so that no import brings them back.
    Answers of respondents already in the project that differ from the project's are named and kept,
    or with ``update_answers`` taken in (:mod:`~consult_analyser.store.answer_updates`).

    Languages come from ``detect_languages`` (a batch of texts at a time); without it, answers
    get no language. ``row_prints``: the digest of each row whose id was made up, by that id
    (:class:`~consult_analyser.store.later_export.LaterExport`, filled as the rows are read), kept salted
    with the import. ``left_out``: whether a skipped row's reason says it holds no respondent (a header repeated
    mid-file, a row of totals): said apart from the bad rows.
    """
    progress = progress or null_progress
    detect_languages = detect_languages or _no_languages
    result = ImportResult(source_files=[batch.source_file])
    import_id = new_id()
    conn = project.conn
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        with project.transaction():
            conn.execute(
                "INSERT INTO imports(id, source_file, sha256, reader, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?)",
                (import_id, batch.source_file, sha256, batch.reader, now_iso(), project.actor),
            )
            question_ids = write_questions(project, batch.questions, result, batch.source_file)
            writer = _Writer(project, import_id, question_ids, detect_languages, batch.source_file, result)
            try:
                _write_rows(writer, batch, progress)
            except BaseException:
                writer.abandon()
                raise
            writer.close()
            # answers the project holds that the file gives otherwise: named and kept, or taken in on request
            changed = answer_updates.differing(project, writer.offered_again)
            done = answer_updates.apply(project, changed, batch.source_file, detect_languages) \
                if changed and update_answers else ""
            # "support" and "Oppsoe" beside "Support" and "Oppose": one option each, as counted and shown
            closed = [question_ids[q.key] for q in batch.questions
                      if q.kind in (QuestionKind.CLOSED, QuestionKind.HYBRID) and q.key in question_ids]
            result.warnings.extend(f"{os.path.basename(batch.source_file)}: {note}"
                                   for note in merge_choice_variants(project, closed))
            # the reader's warnings, complete only now that its rows are read (repeated rows, one
            # response on several rows)
            result.warnings.extend(batch.warnings)
            if changed:
                result.warnings.append(answer_updates.describe(batch.source_file, changed, applied=update_answers)
                                       + (f"\n  {done}" if done else ""))
            if writer.matched_by_number:
                result.warnings.append(f"{os.path.basename(batch.source_file)}: "
                                       f"{counted(writer.matched_by_number, 'respondent')} matched those already in the "
                                       "project by the value of their id (\"00123\" is \"123\": one of the files "
                                       "held the ids as numbers)")
            if writer.matched_by_path:
                shown = ", ".join(writer.matched_by_path[:5]) + (", ..." if len(writer.matched_by_path) > 5 else "")
                result.warnings.append(f"{counted(len(writer.matched_by_path), 'document')} named by the id of a "
                                       f"response already in the project were added to that respondent's submission "
                                       f"({shown})")
            result.warnings += joined_notes(writer.matched_by_email, writer.matched_earlier_email)
            name = os.path.basename(batch.source_file)
            if result.skipped_withdrawn:
                n = sum(result.skipped_withdrawn.values())
                result.warnings.append(f"{name}: {counted(n, 'respondent')} skipped: withdrawn earlier "
                                       f"({reasons_said(result.skipped_withdrawn)})")
            result.skipped_rows.extend((batch.source_file, line, reason) for line, reason in batch.skipped_rows)
            result.warnings += _skipped_said(name, batch.skipped_rows, left_out)
            conn.execute(
                "UPDATE imports SET counts = ? WHERE id = ?",
                (json.dumps({"respondents": result.respondents, "responses": result.responses,
                             "documents": result.documents, "already_present": result.skipped_duplicates,
                             "withdrawn": sum(result.skipped_withdrawn.values()),
                             "skipped_rows": [[line, reason] for line, reason in batch.skipped_rows],
                             **_kept_prints(project, row_prints)}, ensure_ascii=False), import_id),
            )
            project.audit("import", "file", batch.source_file, reader=batch.reader, respondents=result.respondents,
                          responses=result.responses, documents=result.documents)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache_size)}")
    progress(1.0, "import written")
    return result


def _skipped_said(name: str, skipped: Sequence[tuple[int, str]], left_out: Callable[[str], bool] | None) -> list[str]:
    """ "N rows left out (a repeated header or a totals row: no respondent) (lines ...)" and "N bad rows skipped
    (lines ...)": rows that hold no respondent are not rows that could not be read."""
    empty = [line for line, reason in skipped if left_out is not None and left_out(reason)]
    bad = [line for line, reason in skipped if left_out is None or not left_out(reason)]

    def lines(found: list[int]) -> str:
        return f"(line{'s' if len(found) > 1 else ''} " + ", ".join(map(str, found[:20])) \
            + (", ..." if len(found) > 20 else "") + ")"

    said = []
    if empty:
        said.append(f"{name}: {counted(len(empty), 'row')} left out (a repeated header or a totals row: no "
                    f"respondent) {lines(empty)}")
    if bad:
        said.append(f"{name}: {counted(len(bad), 'bad row')} skipped {lines(bad)}")
    return said


def _kept_prints(project: Project, row_prints: Mapping[str, str] | None) -> dict[str, dict[str, str]]:
    """The rows' digests as an import keeps them (salted; none when no row's id was made up)."""
    if not row_prints:
        return {}
    from consult_analyser.store.later_export import row_salt, salted

    salt = row_salt(project, create=True)
    return {"row_prints": {key: salted(salt, digest) for key, digest in row_prints.items()}}


def _write_rows(writer: _Writer, batch: ParsedBatch, progress: ProgressFn) -> None:
    total = batch.total_rows or 0
    for count, respondent in enumerate(batch.iter_respondents(), start=1):
        writer.add_respondent(respondent)
        if count % CHUNK == 0:
            writer.flush()
            progress(min(0.95, count / total) if total else 0.5, f"{count:,} rows written")
    writer.flush()
    writer.detect_document_languages(batch.documents)
    for document in batch.documents:
        writer.add_document(document)
    writer.flush()


def new_ids(count: int) -> list[str]:
    """``count`` fresh UUID4 strings, as :func:`consult_analyser.domain.new_id` makes them, in bulk
    (one system call for all the random bytes instead of one per id)."""
    digits = os.urandom(16 * count).hex()
    variant = "89ab"
    return [f"{digits[i:i + 8]}-{digits[i + 8:i + 12]}-4{digits[i + 13:i + 16]}-"
            f"{variant[int(digits[i + 16], 16) & 3]}{digits[i + 17:i + 20]}-{digits[i + 20:i + 32]}"
            for i in range(0, 32 * count, 32)]


def _numeric_key(external_id: str) -> str:
    """An id of figures alone by its value ("00123" and "123" are one respondent)."""
    return external_id.lstrip("0") or "0"


def index_by_number(known: dict[str, str]) -> dict[str, str]:
    """Respondent ids made of figures alone, by their value (see :func:`find_respondent`)."""
    return {_numeric_key(k): v for k, v in known.items() if k.isdigit()}


def find_respondent(known: dict[str, str], by_number: dict[str, str], external_id: str) -> str | None:
    """The project's respondent for an imported id: the same id, else for an id of figures alone the one
    of the same value ("00123" in one export is "123" in another that read the column as numbers)."""
    key = external_id.strip()
    found = known.get(key)
    if found is None and key.isdigit():
        found = by_number.get(_numeric_key(key))
    return found


def path_ids(path: str) -> list[str]:
    """What in a file's path may be the id of the response it was uploaded with: a folder's name, the file
    name, its parts ("ANON-1234-5678-9/evidence.pdf", "ANON-1234-5678-9_letter.pdf"); an id of a few
    figures alone is no evidence ("1/letter.pdf")."""
    parts = PurePath(path).parts
    if not parts:
        return []
    stem = PurePath(parts[-1]).stem
    keys = [c.strip() for c in (*parts[:-1], stem, *re.split(r"[\s_]+|\s-\s", stem))]
    return [k for k in keys if len(k) >= 6 or re.search(r"[^\W\d_]", k)]


def respondent_by_path(known: dict[str, str], stored: set[str], path: str) -> str | None:
    """The respondent (already in the project: ``stored``) whose id names the file or a folder it lay in, as a
    survey tool exports uploaded files ("ANON-1234-5678-9/evidence.pdf", "ANON-1234-5678-9_letter.pdf");
    an id of a few figures alone is no evidence ("1/letter.pdf")."""
    for key in path_ids(path):
        if key in known and known[key] in stored:
            return known[key]
    return None


def _suspend_trigger(conn: sqlite3.Connection, name: str) -> str:
    """Drop trigger ``name`` inside the current transaction and return its SQL (to put it back
    before the transaction ends; if the transaction rolls back, it comes back by itself)."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone()
    if row is None:
        return ""
    conn.execute(f'DROP TRIGGER "{name}"')
    return row[0]


class _Writer:
    """Buffers rows and writes them with executemany, a batch at a time.

    While one batch is written (SQLite works without holding the GIL, on a writer thread), the
    next is parsed and its languages detected. Only the writer thread touches the connection
    until :meth:`sync` returns. Answers are indexed for full-text search by one statement per
    batch rather than by the per-row trigger, several times faster: the trigger is dropped for
    the import and created again before its transaction commits (a rollback or a killed process
    leaves it as it was, like everything else).
    """

    def __init__(self, project: Project, import_id: str, question_ids: dict[str, str],
                 detect_languages: Callable[[Sequence[str]], list[str]], source_file: str, result: ImportResult):
        self.project = project
        self.conn = project.conn
        self.import_id = import_id
        self.question_ids = question_ids
        self.detect_languages = detect_languages
        self.source_file = source_file
        self.result = result
        self.seen: dict[str, int | None] = {}
        self.known: dict[str, str] = dict(self.conn.execute("SELECT external_id, id FROM respondents").fetchall())
        self.stored = set(self.known.values())  # respondents in the project before this import
        # ids of figures alone, by their value: "00123" in one export is "123" in another (a spreadsheet
        # that read the column as numbers, an .ods or .xls without its number format)
        self.known_by_number = index_by_number(self.known)
        # respondents withdrawn by an analyst: their ids (as salted hashes) are never imported again
        self.salt, self.withdrawn = withdrawn_sources(project)
        self.skipped: set[str] = set()  # (their hashes, counted once)
        self.matched_by_number = 0
        self.offered_again: list[answer_updates.Offered] = []  # answers of respondents the project holds
        self.respondent_rows: list[tuple] = []
        self.response_rows: list[tuple] = []  # (id, respondent, question, text, choice, row) without language
        self.matched_by_email: list[str] = []  # file names of letters from people who answered online
        self.matched_earlier_email: list[str] = []  # ... and from senders of an earlier e-mail or letter only
        self.matched_by_path: list[str] = []  # files uploaded with an online response, named by its id
        self.document_languages: dict[int, str] = {}  # id() of a ParsedDocument -> its language
        # the letters met (the project's and this import's) and respondents by e-mail address: where a letter goes
        self.arrivals = Arrivals(lambda: stored_letters(self._synced()), self._stored_sender)
        self._ids: list[str] = []
        self.fts_done = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM responses").fetchone()[0]
        self._trigger_sql = _suspend_trigger(self.conn, "responses_ai")
        self._executor: ThreadPoolExecutor | None = None
        self._in_flight: Future | None = None

    def close(self) -> None:
        """Finish the last write and put the per-row indexing trigger back for later writes."""
        try:
            self.sync()
        finally:
            self._shutdown()
            self._restore_trigger()

    def abandon(self) -> None:
        """After a failure: wait for a write still running (its own error no longer matters). The
        trigger dropped for the import comes back with the rollback that follows (SQLite may even have
        rolled back already, e.g. when the disk is full), so it is not created again here."""
        if self._in_flight is not None:
            self._in_flight.exception()
            self._in_flight = None
        self._shutdown()
        self._trigger_sql = ""

    def _restore_trigger(self) -> None:
        if self._trigger_sql:
            self.conn.execute(self._trigger_sql)
            self._trigger_sql = ""

    def _shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def sync(self) -> None:
        """Wait for the write in flight; count its rows and raise its error, if any."""
        if self._in_flight is None:
            return
        future, self._in_flight = self._in_flight, None
        inserted, offered = future.result()
        self.result.responses += inserted
        self.result.skipped_duplicates += offered - inserted

    def _new_id(self) -> str:
        if not self._ids:
            self._ids = new_ids(4096)
        return self._ids.pop()

    def _respondent_id(self, external_id: str) -> str | None:
        return find_respondent(self.known, self.known_by_number, external_id)

    def _withdrawn(self, external_id: str) -> bool:
        """Whether an analyst withdrew the respondent of this id (counted once as skipped, by reason)."""
        hashed = source_hash_with(self.salt, external_id) if self.withdrawn else ""
        return bool(hashed) and hashed in self.withdrawn and self._respondent_id(external_id) is None \
            and self._withdrawn_hash(hashed)

    def _withdrawn_hash(self, hashed: str) -> bool:
        """Whether this hash (of an id, or of a letter by :func:`document_hash_with`) is a withdrawn
        respondent's (counted once as skipped, by reason)."""
        reason = self.withdrawn.get(hashed)
        if reason is None:
            return False
        if hashed not in self.skipped:
            self.skipped.add(hashed)
            self.result.skipped_withdrawn[reason] = self.result.skipped_withdrawn.get(reason, 0) + 1
        return True

    def add_respondent(self, parsed: ParsedRespondent) -> str:
        """The respondent's id in the project, added if new ("" for a respondent withdrawn earlier)."""
        key = parsed.external_id.strip()
        if not key:
            raise IngestError(self.source_file, "the respondent id is empty", row=parsed.source_row)
        if key in self.seen:
            first = self.seen[key]
            raise IngestError(
                self.source_file,
                f"respondent id {key!r} appears twice (first at row {first})",
                row=parsed.source_row,
            )
        self.seen[key] = parsed.source_row
        if self._withdrawn(key):
            return ""
        respondent_id = self._respondent_id(key)
        self.matched_by_number += key not in self.known and respondent_id in self.stored
        before = respondent_id is not None and respondent_id in self.stored
        if respondent_id is None:
            respondent_id = self._new_id()
            self._asked_in_answers(parsed)
            self.known[key] = respondent_id
            if key.isdigit():
                self.known_by_number.setdefault(_numeric_key(key), respondent_id)
            self.respondent_rows.append((
                respondent_id, key, parsed.name, parsed.organisation, email_domain(parsed.email), email_hash(parsed.email),
                None if parsed.is_organisation is None else int(parsed.is_organisation),
                parsed.declared_type, parsed.region, parsed.channel.value,
                json.dumps(parsed.metadata, ensure_ascii=False) if parsed.metadata else "{}", self.import_id,
                parsed.publication.value, parsed.consent,
            ))
            self.arrivals.arrived(parsed.email, respondent_id, online=parsed.channel == Channel.ONLINE)
            self.result.respondents += 1
        rows = self.response_rows
        source_row = parsed.source_row
        for answer in parsed.answers:
            text, choice = answer.text, answer.choice
            if not (text.strip() or choice.strip()):
                continue
            question_id = self.question_ids.get(answer.question_key)
            if question_id is None:
                raise IngestError(self.source_file, f"answer to unknown question {answer.question_key!r}",
                                  row=source_row)
            rows.append((self._new_id(), respondent_id, question_id, text, choice, source_row))
            if before:  # an answer the project may hold already: compared once the rows are written
                self.offered_again.append(answer_updates.Offered(key, respondent_id, question_id, text, choice,
                                                                 source_row))
        return respondent_id

    def _synced(self) -> sqlite3.Connection:
        """The connection, once the write in flight is done (only the writer thread touches it until then)."""
        self.sync()
        return self.conn

    def _stored_sender(self, hashed: str) -> Sender | None:
        """A respondent the project held before this import, by e-mail address (those it adds, :attr:`arrivals`
        keeps)."""
        found = stored_sender(self._synced(), hashed)
        return found if found is not None and found.respondent in self.stored else None

    def flush(self) -> None:
        """Hand the buffered rows to the writer thread (after the previous batch is written)."""
        if not (self.respondent_rows or self.response_rows):
            return
        respondents, self.respondent_rows = self.respondent_rows, []
        pending, self.response_rows = self.response_rows, []
        languages = iter(self.detect_languages([row[3] for row in pending if row[3]]))
        source = self.source_file
        responses = [(i, r, q, text, choice, next(languages) if text else "", source, row)
                     for i, r, q, text, choice, row in pending]
        self.sync()
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer")
        self._in_flight = self._executor.submit(self._write, respondents, responses)

    def _write(self, respondents: list[tuple], responses: list[tuple]) -> tuple[int, int]:
        """Insert one batch (on the writer thread); returns (answers inserted, answers offered)."""
        if respondents:
            self.conn.executemany(
                "INSERT INTO respondents(id, external_id, name, organisation, email_domain, email_hash, is_organisation,"
                " declared_type, region, channel, metadata, import_id, publication, publication_raw)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                respondents,
            )
        inserted = 0
        if responses:
            cursor = self.conn.executemany(
                "INSERT OR IGNORE INTO responses(id, respondent_id, question_id, text, choice, language,"
                " source_file, source_row) VALUES (?,?,?,?,?,?,?,?)",
                responses,
            )
            inserted = cursor.rowcount  # summed over the batch, not counting trigger rows
            self._index_new_answers()
        return inserted, len(responses)

    def _index_new_answers(self) -> None:
        last = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM responses").fetchone()[0]
        if last > self.fts_done:
            self.conn.execute("INSERT INTO responses_fts(rowid, text) SELECT seq, text FROM responses WHERE seq > ?",
                              (self.fts_done,))
            self.fts_done = last

    def detect_document_languages(self, documents: list[ParsedDocument]) -> None:
        """Detect the languages of ``documents`` and their attachments in one batch."""
        todo: list[ParsedDocument] = []
        stack = list(documents)
        while stack:
            document = stack.pop()
            if document.text:
                todo.append(document)
            stack.extend(document.attachments)
        languages = self.detect_languages([document.text[:2000] for document in todo])
        self.document_languages.update((id(document), language) for document, language in zip(todo, languages, strict=False))

    def _tell_apart(self, document: ParsedDocument) -> None:
        """Two people's letters with one file name ("a/response.docx", "b/response.docx"): a letter
        from another file than the one of that name already imported, with other text, is another
        letter; its respondent id takes its folder's name ("b/response.docx") instead of being
        skipped as already present."""
        parsed = document.respondent
        respondent_id = self._respondent_id(parsed.external_id)
        if respondent_id is None or not self.source_file or document.from_row:
            return  # (a row's upload is the row's respondent's, a later export's edited copy too)
        row = self.conn.execute("SELECT source_file, text FROM documents WHERE respondent_id = ? AND filename = ?"
                                " AND parent_id IS NULL", (respondent_id, document.filename)).fetchone()
        if row is None or row[0] == self.source_file or " ".join(row[1].split()) == " ".join(document.text.split()):
            return
        base = f"{os.path.basename(os.path.dirname(os.path.abspath(self.source_file)))}/{parsed.external_id}"
        key, number = base, 2
        while self._respondent_id(key) is not None or key in self.seen:
            key, number = f"{base} ({number})", number + 1
        parsed.external_id = key

    def _by_path(self, path: str) -> str | None:
        return respondent_by_path(self.known, self.stored, path)

    def _asked_in_answers(self, parsed: ParsedRespondent) -> None:
        """A request in an answer box ("Please do not publish my name") withholds as a letter's does (trial 47)."""
        asked = answers_publication([a.text for a in parsed.answers])
        if asked is None or _PRIVACY.get(parsed.publication.value, 0) >= _PRIVACY[asked[0].value]:
            return
        where = f"respondent {parsed.external_id}, answer to {parsed.answers[asked[2]].question_key}"
        parsed.publication, parsed.consent = asked[0], f"{where}: {asked[1]}"
        self.result.warnings.append(f"{where}: asks {_WISH[asked[0]]} (\"{asked[1]}\"); recorded as their choice{HONOURED}")

    def _ask_publication(self, respondent_id: str, choice: Publication, words: str, filename: str) -> None:
        """A letter's request not to be published (or only without a name) becomes its sender's choice,
        unless they chose as much or more already, or an analyst set it."""
        row = self.conn.execute("SELECT publication, publication_set_by, publication_raw FROM respondents WHERE id = ?",
                                (respondent_id,)).fetchone()
        if row is not None and not row[1] and row[0] == choice.value and row[2] == words:  # read from this form now
            self.result.warnings.append(f"{filename}: the response form asks {_WISH[choice]} (\"{words}\"); recorded as "
                                        "the respondent's choice and honoured in everything published")
            return
        if row is None or row[1] or _PRIVACY.get(row[0], 0) >= _PRIVACY[choice.value]:
            return
        self.conn.execute("UPDATE respondents SET publication = ?, publication_raw = ? WHERE id = ?",
                          (choice.value, f"{filename}: {words}", respondent_id))
        self.result.warnings.append(f"{filename}: the writer asks {_WISH[choice]} (\"{words}\"); recorded as their choice{HONOURED}")

    def add_document(self, document: ParsedDocument, parent_id: str | None = None,
                     respondent_id: str | None = None) -> None:
        if respondent_id is None:
            before = self.arrivals.resent(document)
            if before and before != document.filename:
                self.result.skipped_duplicates += 1
                self.result.warnings.append(resend_note(document.filename, before))
                return
            parsed = document.respondent
            self._tell_apart(document)
            if self._withdrawn(parsed.external_id) or (
                    self.withdrawn and document.text and self._withdrawn_hash(document_hash_with(self.salt, document.text))):
                return  # a withdrawn respondent's letter: not added to another by e-mail address either
            join = self.arrivals.join(document, by_id=self._respondent_id, by_path=self._by_path)
            respondent_id = join.respondent
            if join.how in ("online", "earlier"):
                (self.matched_by_email if join.how == "online" else self.matched_earlier_email).append(document.filename)
            elif join.how == "path":
                self.matched_by_path.append(document.path)
            if respondent_id is None and any(self._withdrawn(key) for key in path_ids(document.path)):
                return  # uploaded with a withdrawn response
            if respondent_id is None:
                respondent_id = self.add_respondent(parsed)
                self.flush()
        self.sync()
        asked = letter_publication(document.text) if document.text else None
        if asked is not None:  # "Please treat this response as confidential", "Do not publish my name"
            self._ask_publication(respondent_id, *asked, document.filename)
        elif document.respondent.publication in (Publication.ANONYMOUS, Publication.NOT_FOR_PUBLICATION):
            # a response form's "Would you like your response to be confidential? | Yes", also for a
            # sender who had answered online
            self._ask_publication(respondent_id, document.respondent.publication, document.respondent.consent,
                                  document.filename)
        exists = self.conn.execute(
            "SELECT id FROM documents WHERE respondent_id = ? AND filename = ? AND parent_id IS ?",
            (respondent_id, document.filename, parent_id),
        ).fetchone()
        if exists:
            self.result.skipped_duplicates += 1
            document_id = exists[0]
        else:
            document_id = new_id()
            language = self.document_languages.get(id(document))
            if language is None:
                language = self.detect_languages([document.text[:2000]])[0] if document.text else ""
            self.conn.execute(
                "INSERT INTO documents(id, respondent_id, parent_id, filename, text, media_type, language, source_file)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (document_id, respondent_id, parent_id, document.filename, document.text, document.media_type,
                 language, self.source_file),
            )
            self.result.documents += 1
        for attachment in document.attachments:
            self.add_document(attachment, parent_id=document_id, respondent_id=respondent_id)
