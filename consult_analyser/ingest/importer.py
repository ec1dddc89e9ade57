"""Importing files into a project: pick a reader, parse, write everything in one transaction."""

from __future__ import annotations

import hashlib
import itertools
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from consult_analyser.domain import ImportResult, Question, QuestionKind, question_identity
from consult_analyser.errors import IngestError, NoQuestions
from consult_analyser.ingest.attributes import import_attributes, is_attribute_table
from consult_analyser.ingest.header_roles import BILINGUAL
from consult_analyser.ingest.header_text import question_key_of
from consult_analyser.ingest.headers import MAX_HEADER_ROWS
from consult_analyser.ingest.limits import check_file_size
from consult_analyser.ingest.long import LongTableReader
from consult_analyser.ingest.registry import choose_reader, read_folder
from consult_analyser.ingest.sheets import reading_sheet, response_sheets
from consult_analyser.ingest.table_rows import is_left_out
from consult_analyser.ingest.tabular import declared_header_rows, reuse_decoded_text
from consult_analyser.ingest.translations import count_translations_once
from consult_analyser.ingest.wide import WideTableReader
from consult_analyser.parsed import QUESTION_ROLE, ParsedAnswer, ParsedBatch, ParsedRespondent, question_role
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store import imports as store_imports
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.later_export import LaterExport
from consult_analyser.store.project import Project


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def folder_sha256(path: Path) -> str:
    from consult_analyser.ingest.documents import folder_files

    digest = hashlib.sha256()
    for child in folder_files(path)[0]:
        digest.update(str(child.relative_to(path)).encode("utf-8", "surrogateescape"))
        digest.update(file_sha256(child).encode())
    return digest.hexdigest()


LAYOUTS = ("wide", "long", "attributes")


def _mapping_data(mapping_file: str | Path) -> dict:
    """A TOML mapping file's tables, read once; refused, naming the fault, when it cannot be read."""
    path = Path(mapping_file)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise IngestError(path, f"cannot read the mapping file: {exc}") from None


def mapping_layout(mapping_file: str | Path | None) -> tuple[str | None, dict[str, str]]:
    """The ``layout`` and ``[long]`` column map of a TOML mapping file (None, {} when absent)."""
    if mapping_file is None:
        return None, {}
    return _layout_of(_mapping_data(mapping_file), Path(mapping_file))


def _layout_of(data: dict, path: Path) -> tuple[str | None, dict[str, str]]:
    """:func:`mapping_layout` of a mapping file's tables."""
    layout = data.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise IngestError(path, f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}", field_name="layout")
    long = data.get("long", {})
    if not isinstance(long, dict):
        raise IngestError(path, "[long] must be a table such as: id = \"Ref\", question = \"Item\", answer = \"Text\"")
    if long and layout is None:
        layout = "long"
    return layout, {str(k): str(v) for k, v in long.items()}


def mapping_header_rows(mapping_file: str | Path | None) -> int | None:
    """A TOML mapping file's ``header_rows`` (None when absent: the header as found)."""
    if mapping_file is None:
        return None
    return _header_rows_of(_mapping_data(mapping_file), Path(mapping_file))


def _header_rows_of(data: dict, path: Path) -> int | None:
    """:func:`mapping_header_rows` of a mapping file's tables: a whole number from 1 to 5, given before any
    ``[table]`` (TOML puts a key written under a table's heading in that table)."""
    within = next((name for name, table in data.items() if isinstance(table, dict) and "header_rows" in table), None)
    if within is not None:
        raise IngestError(path, f"header_rows is written under [{within}]: write it at the top of the mapping file, "
                                "before the first [table] (header_rows = 2)", field_name="header_rows")
    count = data.get("header_rows")
    if count is None:
        return None
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_HEADER_ROWS:
        raise IngestError(path, f"header_rows must be a whole number from 1 to {MAX_HEADER_ROWS} (how many rows the "
                                f"file's header takes, such as header_rows = 2), not {count!r}",
                          field_name="header_rows")
    return count


def _questions_of(data: dict, path: Path) -> dict[str, str]:
    """The ``[questions]`` table of a mapping file's tables: a question's key or label -> its wording."""
    questions = data.get("questions", {})
    if not isinstance(questions, dict):
        raise IngestError(path, '[questions] must be a table such as: Q1 = "Do you agree ...?"')
    return {str(k): str(v) for k, v in questions.items()}


def parse_file(path: Path, *, mapping_file: str | Path | None = None, mapping: dict | None = None,
               progress: ProgressFn | None = None, layout: str | None = None,
               skip_bad_rows: bool = False) -> ParsedBatch:
    """Parse one file or a folder of documents without touching any project.

    ``layout`` (wide or long; else from the mapping file, else detected) says how a table is laid
    out. With ``skip_bad_rows`` rows that cannot be read are left out and listed in the batch's
    ``skipped_rows``; without it the first one refuses the file."""
    if not path.exists():
        raise IngestError(path, "no such file or folder")
    check_file_size(path)  # regular (no FIFO or device), within the size budget
    if path.is_dir():
        return read_folder(path, progress)
    data = _mapping_data(mapping_file) if mapping_file is not None else {}
    # a header of two rows the file cannot show (no merged cells in a CSV): as many as the mapping file says
    with declared_header_rows(_header_rows_of(data, Path(mapping_file)) if mapping_file is not None else None):
        return _read_table(path, data, mapping_file=mapping_file, mapping=mapping, progress=progress, layout=layout,
                           skip_bad_rows=skip_bad_rows)


def _read_table(path: Path, data: dict, *, mapping_file: str | Path | None, mapping: dict | None,
                progress: ProgressFn | None, layout: str | None, skip_bad_rows: bool) -> ParsedBatch:
    """:func:`parse_file` of a file (not a folder), the mapping file's tables read (``data``)."""
    file_layout, long_columns = _layout_of(data, Path(mapping_file)) if mapping_file is not None else (None, {})
    # the questions' wording a long table gives only as short labels ("Q01 Definitions"): a trial's 20 were
    # dropped without a word, and nothing published said what was asked
    wording = _questions_of(data, Path(mapping_file)) if mapping_file is not None else {}
    layout = layout or file_layout
    if layout == "attributes":
        raise IngestError(path, "an attribute table adds facts to respondents already in a project; import it "
                                "into that project")
    if layout is not None and layout not in LAYOUTS:
        raise IngestError(path, f"unknown layout {layout!r} (use wide, long or attributes)")
    if layout == "long":
        long_map = dict(long_columns)
        long_map.update(mapping or {})
        return LongTableReader().read(path, mapping=long_map or None, progress=progress, mapping_file=mapping_file,
                                      skip_bad_rows=skip_bad_rows, question_texts=wording)
    reader = WideTableReader() if layout == "wide" else choose_reader(path)
    if isinstance(reader, WideTableReader | LongTableReader):
        # a column mapping ([columns], [labels], [import]) describes a wide table
        if isinstance(reader, LongTableReader) and (mapping is not None or set(data) & {"columns", "labels", "import"}):
            reader = WideTableReader()
        if isinstance(reader, LongTableReader):  # a mapping of the questions' wording alone: the table stays long
            return reader.read(path, progress=progress, skip_bad_rows=skip_bad_rows, mapping_file=mapping_file,
                               question_texts=wording)
        return reader.read(path, mapping=mapping, progress=progress, mapping_file=mapping_file,
                           skip_bad_rows=skip_bad_rows)
    if mapping_file is not None or mapping is not None:
        raise IngestError(path, f"a column mapping cannot be used with {reader.name} files")
    return reader.read(path, progress=progress)


def import_files(
    project: Project,
    paths: Sequence[str | Path],
    *,
    mapping_file: str | Path | None = None,
    mappings: Mapping[str, dict[str, str]] | None = None,
    progress: ProgressFn | None = None,
    layout: str | None = None,
    skip_bad_rows: bool = False,
    update_answers: bool = False,
) -> ImportResult:
    """Import files (and folders of documents) as one all-or-nothing transaction.

    ``mappings``: a column mapping per file (by its path as given), as the import wizard's column
    check corrected it; files without one are read as detected (a long table stays long).

    A file whose exact content was imported before is skipped with a warning; rows already in
    the project (same respondent id and question) are skipped, so nothing is duplicated, and so are
    respondents an analyst withdrew (see :mod:`consult_analyser.store.withdrawals`).
    ``layout`` and ``skip_bad_rows`` are as for :func:`parse_file`; skipped rows are listed in the
    result's warnings and in the import record. Answers of respondents already in the project that the
    file gives otherwise are named and kept, or with ``update_answers`` taken in (and a file imported
    before is then read again for them).
    """
    progress = progress or null_progress
    total = ImportResult(source_files=[])
    files = [Path(p) for p in paths]
    # a list of respondents' types given before the answers it describes is read again after them
    queue, put_off = list(files), set[Path]()
    with project.transaction(), reuse_decoded_text(), declared_header_rows(mapping_header_rows(mapping_file)):
        for number, path in enumerate(queue):
            number = min(number, len(files) - 1)
            step = scaled(progress, number / len(files), (number + 1) / len(files))
            step(0.0, f"reading {path.name}")
            check_file_size(path)  # before hashing: a FIFO or a device would never end
            sha = folder_sha256(path) if path.is_dir() else (file_sha256(path) if path.exists() else "")
            previous = store_imports.find_import(project, sha) if sha else None
            if previous and update_answers and not path.is_dir() and not is_attribute_table(
                    project, path, layout or mapping_layout(mapping_file)[0]):
                previous = None  # a table imported before, read again for the answers it gives otherwise
            if previous:
                total.source_files.append(str(path))
                total.warnings.append(
                    f"{path.name}: already imported on {previous['imported_at'][:10]}; nothing added")
                continue
            file_layout = layout or mapping_layout(mapping_file)[0]
            if is_attribute_table(project, path, file_layout):
                plan = import_attributes(project, path, progress=step)
                total.source_files.append(str(path))
                if plan.unmatched:
                    total.warnings.append(f"{path.name}: {len(plan.unmatched)} rows match no respondent "
                                          f"(e.g. {plan.unmatched[0]!r})")
                if plan.ambiguous:
                    total.warnings.append(f"{path.name}: {plan.ambiguity()}")
                total.warnings.append(f"{path.name}: attributes attached to {plan.respondents()} respondents "
                                      f"(matched on {plan.key_column!r}, type from {plan.type_column!r})")
                _record(project, path, sha, "attributes")
                continue
            sheets = response_sheets(path) if not path.is_dir() and file_layout != "long" else []
            if len(sheets) > 1:  # a workbook with a sheet of responses per language or per channel: each
                _import_sheets(project, path, sha, sheets, total, mapping_file=mapping_file,
                               mapping=(mappings or {}).get(str(path)), layout=layout, skip_bad_rows=skip_bad_rows,
                               progress=step, update_answers=update_answers)
                continue
            try:
                batch = parse_file(path, mapping_file=mapping_file, mapping=(mappings or {}).get(str(path)),
                                   progress=scaled(step, 0, 0.1), layout=layout, skip_bad_rows=skip_bad_rows)
            except NoQuestions as exc:
                if not exc.describes_respondents or path in put_off or len(files) == 1:
                    raise
                put_off.add(path)
                queue.append(path)
                continue
            _write(project, batch, sha, total, step, update_answers=update_answers)
        if total.respondents:  # one option in two languages (a form per language) is counted once
            total.warnings += count_translations_once(project)
            total.warnings += several_dockets(project)
    progress(1.0, "import finished")
    return total


def several_dockets(project: Project | None, adding: Mapping[str, int] | None = None, column: str = "", *,
                    subject: str = "the project's comments are") -> list[str]:
    """A warning when the comments are on several dockets (a regulations.gov download of several rulemakings,
    in one file or several): each docket's comments answer another rule, and a trial's three rules' comments
    became three themes, one per rule, for and against alike.

    The dockets are those of the ``project``'s respondents (None: none yet) and, for a dry run, ``adding``: the
    dockets of the respondents a file would add, read from their kept ``column``. The column is recognised
    however its header is written (:func:`~consult_analyser.store.respondents.is_docket_header`: "Docket ID",
    "docket_id", "docketId", "Docket Number" ...)."""
    stored_column, stored = store_respondents.docket_counts(project) if project is not None else ("", {})
    dockets = Counter(stored)
    dockets.update(adding or {})
    if len(dockets) < 2:
        return []
    column = stored_column or column or "Docket ID"
    shown = ", ".join(f"{d} ({n:,})" for d, n in dockets.most_common(5))
    by = column if re.fullmatch(r"[\w.-]+", column) else f'"{column}"'
    return [f"{subject} on {len(dockets)} dockets ({shown}{', ...' if len(dockets) > 5 else ''}): "
            "each docket's comments answer another rule, so themes and stance found across them mostly tell the "
            "dockets apart. Import each docket's comments into a project of its own, or read the themes by docket "
            f"(themes PROJECT --list --by {by})"]


def readable(name: str) -> str:
    """A file name as text that can be stored and shown: bytes of another encoding in it (a Latin-1 "caf\\xe9.txt",
    which Python holds as lone surrogates) become "\ufffd" (a hostile-input trial's such file stopped the import)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _name_files_readably(batch: ParsedBatch) -> None:
    """Every name a batch took from the file system (its source, documents' file names and the ids made of
    them), as :func:`readable` writes them."""
    batch.source_file = readable(batch.source_file)
    stack = list(batch.documents)
    while stack:
        document = stack.pop()
        document.filename, document.path = readable(document.filename), readable(document.path)
        document.respondent.external_id = readable(document.respondent.external_id)
        stack.extend(document.attachments)
    batch.warnings = [readable(w) for w in batch.warnings]


def _write(project: Project, batch: ParsedBatch, sha: str, total: ImportResult, step: ProgressFn, *,
           update_answers: bool = False) -> None:
    from consult_analyser.ingest.language import detect_languages  # (its model loads on first use)

    batch = _keep_questions(project, batch)
    later = LaterExport(project, batch)  # rows with made-up ids matched by content; respondents missing named
    batch.respondents = later.rows(batch.iter_respondents())
    _name_files_readably(batch)
    result = store_imports.write_batch(project, batch, sha256=sha, detect_languages=detect_languages,
                                       progress=scaled(step, 0.1, 0.95), row_prints=later.prints,
                                       update_answers=update_answers, left_out=is_left_out)
    finish = getattr(batch, "finish", None)  # e.g. a REFI-QDA project's codes, codings and memos
    if finish is not None:
        finish(project, scaled(step, 0.95, 1.0))
    _accumulate(total, result)


def _import_sheets(project: Project, path: Path, sha: str, sheets: list[str], total: ImportResult, *,
                   mapping_file: str | Path | None, mapping: dict | None, layout: str | None, skip_bad_rows: bool,
                   progress: ProgressFn, update_answers: bool = False) -> None:
    """Each sheet of responses of one workbook, as a file of its own (a sheet per language: the
    same questions by their numbers); a sheet with no questions is named and left out."""
    asked: dict[str, str] = {}  # the questions the workbook's earlier sheets asked, by key
    worded: dict[frozenset[str], str] = {}  # and their unnumbered questions, by the parts of their header
    kept: dict[frozenset[str], str] = {}  # and the headers of the details kept with each respondent
    first: list[tuple[str, str]] = []  # the first sheet's columns (header, role)
    for k, sheet in enumerate(sheets):
        step = scaled(progress, k / len(sheets), (k + 1) / len(sheets))
        key = f"{sha}#sheet:{sheet}"
        if not update_answers and store_imports.find_import(project, key):
            total.warnings.append(f"{path.name}, sheet {sheet!r}: already imported; nothing added")
            continue
        try:
            with reading_sheet(sheet):
                batch = parse_file(path, mapping_file=mapping_file, mapping=mapping, progress=scaled(step, 0, 0.1),
                                   layout=layout, skip_bad_rows=skip_bad_rows)
        except NoQuestions:
            total.warnings.append(f"{path.name}: sheet {sheet!r} holds no questions; not imported")
            continue
        # one workbook's sheets are one form (a sheet per language): its Q1 in French is the English Q1,
        # and "Quels soutiens? / Which supports?" the English sheet's "Which supports? / Quels soutiens?"
        for question in batch.questions:
            if question.key.startswith("C"):
                question.text = worded.setdefault(_header_parts(question.text), question.text)
            else:
                question.text = asked.setdefault(question.key, question.text)
        first = first or batch.columns
        if [role for _, role in batch.columns] == [role for _, role in first]:
            # a sheet read column for column as the first: its kept details go under the first's headers
            # ("Cyflwynwyd ar" is "Submitted on"), not into columns of their own
            for (header, role), (first_header, _) in zip(batch.columns, first, strict=True):
                if role == "metadata":
                    kept.setdefault(_header_parts(header), first_header)
        batch.respondents = _same_keys(batch.respondents, kept)
        _write(project, batch, key, total, step, update_answers=update_answers)


def _same_keys(respondents: Iterable[ParsedRespondent], kept: dict[frozenset[str], str]) -> Iterator[ParsedRespondent]:
    """Each respondent's kept details under the header an earlier sheet gave them ("Langue / Language"
    is the English sheet's "Language / Langue"): one column of information, not one per language."""
    for respondent in respondents:
        if respondent.metadata:
            renamed = {kept.setdefault(_header_parts(k), k): v for k, v in respondent.metadata.items()}
            if list(renamed) != list(respondent.metadata) and len(renamed) == len(respondent.metadata):
                respondent.metadata = renamed
        yield respondent


def _header_parts(text: str) -> frozenset[str]:
    """A header written in two languages as the set of its parts, in either order (see columns)."""
    return frozenset(question_identity(part) for part in BILINGUAL.split(text) if part.strip())


def _record(project: Project, path: Path, sha: str, reader: str) -> None:
    store_imports.record_import(project, str(path), sha, reader)


def _accumulate(total: ImportResult, part: ImportResult) -> None:
    total.source_files.extend(part.source_files)
    total.questions += part.questions
    total.respondents += part.respondents
    total.responses += part.responses
    total.documents += part.documents
    total.skipped_duplicates += part.skipped_duplicates
    for reason, n in part.skipped_withdrawn.items():
        total.skipped_withdrawn[reason] = total.skipped_withdrawn.get(reason, 0) + n
    total.warnings.extend(part.warnings)
    total.skipped_rows.extend(part.skipped_rows)


def keep_earlier_questions(project: Project, batch: ParsedBatch) -> ParsedBatch:
    """Fit a later export of a survey to the project that holds an earlier one, as the import does (for its
    dry run): the project's question layout kept (:func:`_keep_questions`), rows whose ids were made up
    matched by content, the respondents the file no longer holds named, and the answers that differ from
    the project's listed (:class:`~consult_analyser.store.later_export.LaterExport`; its notes join the
    batch's warnings once its rows are read)."""
    batch = _keep_questions(project, batch)
    batch.respondents = LaterExport(project, batch, compare_answers=True).rows(batch.iter_respondents())
    return batch


def _keep_questions(project: Project, batch: ParsedBatch) -> ParsedBatch:
    """Keep a project's question layout when a later export of the same survey comes in: a "why"
    column that the importer now pairs with the closed question before it (one hybrid question)
    but that an earlier import stored as an open question of its own (same text) goes on feeding
    that question, so one question's answers are never split between two."""
    stored = {question_identity(r["text"]): r["key"] for r in project.query(
        "SELECT key, text FROM questions WHERE kind = 'open'")}
    if not stored:
        return batch
    hybrid = {q.key: q for q in batch.questions if q.kind == QuestionKind.HYBRID}
    moved: dict[str, str] = {}  # the batch's hybrid key -> the stored open question's key
    for position, (header, role) in enumerate(batch.columns):
        match = QUESTION_ROLE.match(role)
        if not match or match.group(2) != "open" or match.group(1) not in hybrid:
            continue
        key = match.group(1)
        earlier = stored.get(question_identity(question_key_of(header)[1] or header))
        if earlier and earlier != key:
            # the batch may use the stored key for another question ("C2" is now the next one):
            # a made-up key joins the stored question by its text when the batch is written
            taken = {q.key for q in batch.questions}
            batch_key = earlier if earlier not in taken else next(
                f"C{n}" for n in itertools.count(len(taken) + 1) if f"C{n}" not in taken)
            moved[key] = batch_key
            batch.columns[position] = (header, question_role(earlier, "open"))
            hybrid[key].kind, hybrid[key].follow_up = QuestionKind.CLOSED, ""  # (its wording is that question's)
            batch.questions.append(Question(key=batch_key, text=question_key_of(header)[1] or header,
                                            kind=QuestionKind.OPEN, position=len(batch.questions)))
            batch.warnings.append(f"{Path(batch.source_file).name}: column {header!r} explains question {key}, but an "
                                  f"earlier import stored it as question {earlier}; its answers go there, as before")
    if not moved:
        return batch
    rows = batch.respondents

    def split() -> Iterator[ParsedRespondent]:
        for respondent in rows:
            answers: list[ParsedAnswer] = []
            for answer in respondent.answers:
                if answer.question_key in moved and answer.text:
                    if answer.choice:
                        answers.append(ParsedAnswer(answer.question_key, choice=answer.choice))
                    answers.append(ParsedAnswer(moved[answer.question_key], text=answer.text))
                else:
                    answers.append(answer)
            respondent.answers = answers
            yield respondent

    batch.respondents = split()
    return batch
