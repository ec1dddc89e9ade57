"""Writing a parsed source file into a project: all of it in one transaction, or nothing."""

from __future__ import annotations

import hashlib
import json
from typing import Callable, Iterable

from consult_analyser.domain import ImportResult, Question, new_id, now_iso
from consult_analyser.ingest.base import IngestError, ParsedBatch, ParsedDocument, ParsedRespondent
from consult_analyser.pipeline.progress import ProgressFn, null_progress
from consult_analyser.store.project import Project
from consult_analyser.store.questions import upsert_question

CHUNK = 2000


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


def email_hash(email: str) -> str:
    """A stable hash of a normalised e-mail address ("" when there is none)."""
    email = email.strip().strip("<>").lower()
    if "@" not in email:
        return ""
    return hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]


def email_domain(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email:
        return ""
    return email.rsplit("@", 1)[1].strip(" >.;,")


def write_batch(
    project: Project,
    batch: ParsedBatch,
    *,
    sha256: str,
    detect_language: Callable[[str], str],
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Write ``batch`` in one transaction. Rows already in the project (same respondent id and
    question, or same document) are skipped, so importing a file twice adds nothing."""
    progress = progress or null_progress
    result = ImportResult(source_files=[batch.source_file], warnings=list(batch.warnings))
    import_id = new_id()
    with project.transaction() as conn:
        conn.execute(
            "INSERT INTO imports(id, source_file, sha256, reader, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?)",
            (import_id, batch.source_file, sha256, batch.reader, now_iso(), project.actor),
        )
        question_ids = _write_questions(project, batch.questions, result)
        writer = _Writer(project, import_id, question_ids, detect_language, batch.source_file, result)
        total = batch.total_rows or 0
        for count, respondent in enumerate(batch.iter_respondents(), start=1):
            writer.add_respondent(respondent)
            if count % CHUNK == 0:
                writer.flush()
                progress(min(0.95, count / total) if total else 0.5, f"{count:,} rows written")
        writer.flush()
        for document in batch.documents:
            writer.add_document(document)
        writer.flush()
        if writer.matched_by_email:
            result.warnings.append(f"{writer.matched_by_email} documents came from people who also answered "
                                   "online (same e-mail address) and were added to their submissions")
        conn.execute(
            "UPDATE imports SET counts = ? WHERE id = ?",
            (json.dumps({"respondents": result.respondents, "responses": result.responses,
                         "documents": result.documents, "skipped": result.skipped_duplicates}), import_id),
        )
        project.audit("import", "file", batch.source_file, reader=batch.reader, respondents=result.respondents,
                      responses=result.responses, documents=result.documents)
    progress(1.0, "import written")
    return result


def _write_questions(project: Project, questions: Iterable[Question], result: ImportResult) -> dict[str, str]:
    existing = {r["key"]: r["id"] for r in project.query("SELECT key, id FROM questions")}
    offset = len(existing)
    ids = dict(existing)
    for position, question in enumerate(questions):
        if question.key not in existing:
            question.position = offset + position
            result.questions += 1
        stored = upsert_question(project, question)
        ids[question.key] = stored.id
    return ids


class _Writer:
    """Buffers rows and writes them with executemany."""

    def __init__(self, project: Project, import_id: str, question_ids: dict[str, str],
                 detect_language: Callable[[str], str], source_file: str, result: ImportResult):
        self.project = project
        self.conn = project.conn
        self.import_id = import_id
        self.question_ids = question_ids
        self.detect = detect_language
        self.source_file = source_file
        self.result = result
        self.seen: dict[str, int | None] = {}
        self.respondent_rows: list[tuple] = []
        self.response_rows: list[tuple] = []
        self.matched_by_email = 0

    def _respondent_id(self, external_id: str) -> str | None:
        row = self.conn.execute("SELECT id FROM respondents WHERE external_id = ?", (external_id,)).fetchone()
        return row[0] if row else None

    def add_respondent(self, parsed: ParsedRespondent) -> str:
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
        respondent_id = self._respondent_id(key)
        if respondent_id is None:
            respondent_id = new_id()
            self.respondent_rows.append((
                respondent_id, key, parsed.name, parsed.organisation, email_domain(parsed.email), email_hash(parsed.email),
                None if parsed.is_organisation is None else int(parsed.is_organisation),
                parsed.declared_type, parsed.region, parsed.channel.value,
                json.dumps(parsed.metadata, ensure_ascii=False), self.import_id,
            ))
            self.result.respondents += 1
        for answer in parsed.answers:
            if not (answer.text.strip() or answer.choice.strip()):
                continue
            question_id = self.question_ids.get(answer.question_key)
            if question_id is None:
                raise IngestError(self.source_file, f"answer to unknown question {answer.question_key!r}",
                                  row=parsed.source_row)
            self.response_rows.append((
                new_id(), respondent_id, question_id, answer.text, answer.choice,
                self.detect(answer.text) if answer.text else "", self.source_file, parsed.source_row,
            ))
        return respondent_id

    def _by_email(self, email: str) -> str | None:
        """A respondent already known by this e-mail address (a letter from someone who also answered online)."""
        hashed = email_hash(email)
        if not hashed:
            return None
        self.flush()
        row = self.conn.execute("SELECT id FROM respondents WHERE email_hash = ? ORDER BY seq LIMIT 1",
                                (hashed,)).fetchone()
        if row:
            self.matched_by_email += 1
        return row[0] if row else None

    def flush(self) -> None:
        if self.respondent_rows:
            self.conn.executemany(
                "INSERT INTO respondents(id, external_id, name, organisation, email_domain, email_hash, is_organisation,"
                " declared_type, region, channel, metadata, import_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                self.respondent_rows,
            )
            self.respondent_rows.clear()
        if self.response_rows:
            cursor = self.conn.executemany(
                "INSERT OR IGNORE INTO responses(id, respondent_id, question_id, text, choice, language,"
                " source_file, source_row) VALUES (?,?,?,?,?,?,?,?)",
                self.response_rows,
            )
            inserted = cursor.rowcount  # summed over the batch, not counting trigger rows
            self.result.responses += inserted
            self.result.skipped_duplicates += len(self.response_rows) - inserted
            self.response_rows.clear()

    def add_document(self, document: ParsedDocument, parent_id: str | None = None,
                     respondent_id: str | None = None) -> None:
        if respondent_id is None:
            parsed = document.respondent
            respondent_id = self._respondent_id(parsed.external_id) or self._by_email(parsed.email)
            if respondent_id is None and parsed.external_id not in self.seen:
                respondent_id = self.add_respondent(parsed)
                self.flush()
            elif respondent_id is None:
                self.flush()
                respondent_id = self._respondent_id(parsed.external_id)
        exists = self.conn.execute(
            "SELECT id FROM documents WHERE respondent_id = ? AND filename = ? AND parent_id IS ?",
            (respondent_id, document.filename, parent_id),
        ).fetchone()
        if exists:
            self.result.skipped_duplicates += 1
            document_id = exists[0]
        else:
            document_id = new_id()
            self.conn.execute(
                "INSERT INTO documents(id, respondent_id, parent_id, filename, text, media_type, language, source_file)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (document_id, respondent_id, parent_id, document.filename, document.text, document.media_type,
                 self.detect(document.text[:2000]) if document.text else "", self.source_file),
            )
            self.result.documents += 1
        for attachment in document.attachments:
            self.add_document(attachment, parent_id=document_id, respondent_id=respondent_id)
