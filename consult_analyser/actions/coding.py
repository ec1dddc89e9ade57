"""Analyst actions on the codebook, codings, memos and suggestions, as undoable operations.

Each operation is a small object: :meth:`Operation.apply` does it (one transaction, one audit
row) and :meth:`Operation.revert` undoes it exactly, ids included; ``apply`` after ``revert``
redoes it. Both return :class:`~consult_analyser.store.project.Changes` so views refresh only
what changed. The desktop app wraps each operation in a ``QUndoCommand`` (redo -> apply,
undo -> revert); the command line applies them once.

Undo relies on the change journal (:mod:`consult_analyser.store.journal`, scope ``CODING``): while
an operation runs, every row it writes to codes, codings, suggestions and memos is noted with the
statement that restores it (see :class:`consult_analyser.actions.base.Operation`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.actions.base import Operation
from consult_analyser.domain import Code, Coding, Memo, Source
from consult_analyser.ingest.code_columns import CODE_HEADERS, is_numbered_codes_header, keyed_codes_header
from consult_analyser.ingest.columns import is_id_header
from consult_analyser.ingest.option_columns import TICK_MARKS
from consult_analyser.store import codebook, codings, journal, memos, suggestions, team
from consult_analyser.store.project import Project
from consult_analyser.store.responses import ResponseFilter, ResponseRow, fetch_rows, list_seqs

# ------------------------------------------------------------------------------------------ codings


class AddCoding(Operation):
    """Code a whole answer (start/end None) or the span [start, end) of its text."""

    action = "add_coding"

    def __init__(self, code_id: str, response_id: str, start: int | None = None, end: int | None = None, *,
                 coder: str = "", source: Source | str = Source.ANALYST, confidence: float = 1.0):
        super().__init__()
        self.args = (code_id, response_id, start, end)
        self.options = {"coder": coder, "source": source, "confidence": confidence}
        self.coding: Coding | None = None

    def _do(self, project: Project) -> None:
        self.coding = codings.add_coding(project, *self.args, **self.options)  # type: ignore[arg-type]


class RemoveCodings(Operation):
    action = "remove_codings"

    def __init__(self, coding_ids: Sequence[str]):
        super().__init__()
        self.coding_ids = list(coding_ids)

    def _do(self, project: Project) -> None:
        removed = [c for i in self.coding_ids if (c := codings.get_coding(project, i)) is not None]
        codings.remove_codings(project, self.coding_ids)
        # a suggestion accepted and then taken off is one the analyst decided against: it is not made
        # again, and the suggestions table no longer counts it as accepted
        for c in removed:
            if codings.accepted_suggestion(c) and not project.scalar(
                    "SELECT 1 FROM codings WHERE response_id = ? AND code_id = ?", (c.response_id, c.code_id)):
                suggestions.withdraw_acceptance(project, c.response_id, c.code_id)


def RemoveCoding(coding_id: str) -> RemoveCodings:  # noqa: N802 - reads like the other operations
    return RemoveCodings([coding_id])


@dataclass
class SearchPreview:
    count: int
    rows: list[ResponseRow] = field(default_factory=list)  # the first ``limit`` matches


def preview_search(project: Project, query: str, *, question_id: str | None = None,
                   limit: int | None = 200) -> SearchPreview:
    """The answers a full-text query finds (same syntax as the search box), before coding them."""
    seqs = list_seqs(project, ResponseFilter(text=query, question_id=question_id))
    return SearchPreview(len(seqs), fetch_rows(project, seqs if limit is None else seqs[:limit]))


class CodeSearchResults(Operation):
    """Code every answer a full-text query finds (or the ``response_ids`` kept from its preview)."""

    action = "code_search_results"

    def __init__(self, code_id: str, query: str = "", *, question_id: str | None = None,
                 response_ids: Sequence[str] | None = None):
        super().__init__()
        self.code_id, self.query, self.question_id = code_id, query, question_id
        self.response_ids = list(response_ids) if response_ids is not None else None
        self.codings: list[Coding] = []

    def _do(self, project: Project) -> None:
        ids = self.response_ids
        if ids is None:
            if not self.query.strip():
                raise ValueError("type some words to search for")
            seqs = list_seqs(project, ResponseFilter(text=self.query, question_id=self.question_id))
            ids = [row.id for row in fetch_rows(project, seqs)]
        self.codings = codings.code_responses(project, self.code_id, ids)
        project.audit("code_search_results", "code", self.code_id, query=self.query, answers=len(ids))


# ------------------------------------------------------------------------------------------ codebook


class CreateCode(Operation):
    action = "create_code"

    def __init__(self, name: str, *, parent_id: str | None = None, description: str = "", colour: str = "",
                 position: int | None = None):
        super().__init__()
        self.kwargs = {"parent_id": parent_id, "description": description, "colour": colour, "position": position}
        self.name = name
        self.code: Code | None = None

    def _do(self, project: Project) -> None:
        self.code = codebook.create_code(project, self.name, **self.kwargs)  # type: ignore[arg-type]


class UpdateCode(Operation):
    """Rename, describe and/or recolour a code (None leaves a field unchanged)."""

    action = "update_code"

    def __init__(self, code_id: str, *, name: str | None = None, description: str | None = None,
                 colour: str | None = None):
        super().__init__()
        self.code_id = code_id
        self.fields = {"name": name, "description": description, "colour": colour}

    def _do(self, project: Project) -> None:
        codebook.update_code(project, self.code_id, **self.fields)


class RenameCode(UpdateCode):
    action = "rename_code"

    def __init__(self, code_id: str, name: str):
        super().__init__(code_id, name=name)


class RecolourCode(UpdateCode):
    action = "recolour_code"

    def __init__(self, code_id: str, colour: str):
        super().__init__(code_id, colour=colour)


class DescribeCode(UpdateCode):
    action = "describe_code"

    def __init__(self, code_id: str, description: str):
        super().__init__(code_id, description=description)


class MoveCodes(Operation):
    """Re-parent and/or reorder codes; see :func:`codebook.move_codes` for ``position``."""

    action = "move_codes"

    def __init__(self, code_ids: Sequence[str], parent_id: str | None, position: int | None = None):
        super().__init__()
        self.code_ids, self.parent_id, self.position = list(code_ids), parent_id, position

    def _do(self, project: Project) -> None:
        codebook.move_codes(project, self.code_ids, self.parent_id, self.position)


def MoveCode(code_id: str, parent_id: str | None, position: int | None = None) -> MoveCodes:  # noqa: N802
    return MoveCodes([code_id], parent_id, position)


class MergeCodes(Operation):
    action = "merge_codes"

    def __init__(self, source_ids: Sequence[str], target_id: str):
        super().__init__()
        self.source_ids, self.target_id = list(source_ids), target_id

    def _do(self, project: Project) -> None:
        codebook.merge_codes(project, self.source_ids, self.target_id)


class DeleteCodes(Operation):
    """Delete codes; raises :class:`codebook.CodeInUse` while they have codings unless ``force``."""

    action = "delete_codes"

    def __init__(self, code_ids: Sequence[str], *, force: bool = False, with_children: bool = False):
        super().__init__()
        self.code_ids, self.force, self.with_children = list(code_ids), force, with_children

    def _do(self, project: Project) -> None:
        codebook.delete_codes(project, self.code_ids, force=self.force, with_children=self.with_children)


def DeleteCode(code_id: str, *, force: bool = False, with_children: bool = False) -> DeleteCodes:  # noqa: N802
    return DeleteCodes([code_id], force=force, with_children=with_children)


class CodeFromTheme(Operation):
    """Turn a theme into a code and code its answers (see :func:`codings.code_from_theme`)."""

    action = "code_from_theme"

    def __init__(self, theme_id: str, *, parent_id: str | None = None):
        super().__init__()
        self.theme_id, self.parent_id = theme_id, parent_id
        self.code: Code | None = None

    def _do(self, project: Project) -> None:
        self.code = codings.code_from_theme(project, self.theme_id, parent_id=self.parent_id)


# ---------------------------------------------------------------------------------- memos, suggestions


class SetMemo(Operation):
    """Create, replace or (empty text) delete the actor's memo on a target."""

    action = "set_memo"

    def __init__(self, target_kind: str, target_id: str, text: str):
        super().__init__()
        self.target_kind, self.target_id, self.text = target_kind, target_id, text
        self.memo: Memo | None = None

    def _do(self, project: Project) -> None:
        self.memo = memos.set_memo(project, self.target_kind, self.target_id, self.text)


class EditMemo(Operation):
    """Change the text of a given memo (empty text deletes it)."""

    action = "edit_memo"

    def __init__(self, memo_id: str, text: str):
        super().__init__()
        self.memo_id, self.text = memo_id, text

    def _do(self, project: Project) -> None:
        memos.update_memo(project, self.memo_id, self.text)


class AcceptSuggestions(Operation):
    """Accept model suggestions, given as (response id, code id) pairs."""

    action = "accept_suggestions"

    def __init__(self, pairs: Sequence[tuple[str, str]]):
        super().__init__()
        self.pairs = list(pairs)
        self.codings: list[Coding] = []

    def _do(self, project: Project) -> None:
        self.codings = [suggestions.accept(project, r, c) for r, c in self.pairs]

    @classmethod
    def above(cls, project: Project, threshold: float, *, question_id: str | None = None) -> AcceptSuggestions:
        """Every pending suggestion (of one question, or all) whose confidence is at least ``threshold``.
        In an analyst's copy, only on the answers assigned to the analyst and not double-coded: the
        others are another analyst's work, and double-coded answers are coded blind by hand (accepting
        the model's suggestions on them would make two analysts agree because they took the same model)."""
        pending = suggestions.list_suggestions(project, question_id=question_id, min_confidence=threshold)
        if project.get_meta(team.COPY_KEY):
            mine = set(team.assigned_answers(project, project.actor)) - set(team.overlap_answers(project))
            pending = [s for s in pending if s.response_id in mine]
        return cls([(s.response_id, s.code_id) for s in pending])


class RejectSuggestions(Operation):
    action = "reject_suggestions"

    def __init__(self, pairs: Sequence[tuple[str, str]]):
        super().__init__()
        self.pairs = list(pairs)

    def _do(self, project: Project) -> None:
        for response_id, code_id in self.pairs:
            suggestions.reject(project, response_id, code_id)


def AcceptSuggestion(response_id: str, code_id: str) -> AcceptSuggestions:  # noqa: N802
    return AcceptSuggestions([(response_id, code_id)])


def RejectSuggestion(response_id: str, code_id: str) -> RejectSuggestions:  # noqa: N802
    return RejectSuggestions([(response_id, code_id)])


# ------------------------------------------------------------------------------------------- files


def read_table_rows(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a coding sheet or codebook: CSV (any common encoding; comma,
    semicolon or tab) or Excel, read by the importer's own table reader (title rows above the header,
    size limits, a bad row named by its line). Header names are read as words: lower case, camelCase
    and underscores split ("respondentId", "respondent_id" -> "respondent id")."""
    return read_table(path)[1]


def read_table(path: str | Path) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """:func:`read_table_rows`, with each header as read (header words -> the header as written)."""
    from consult_analyser.ingest.header_text import header_words
    from consult_analyser.ingest.tabular import open_table

    table = open_table(Path(path))
    header = [" ".join(header_words(h).replace("-", " ").split()) for h in table.header]
    return ({h: str(raw).strip() for h, raw in zip(header, table.header, strict=False)},
            [(line, dict(zip(header, cells, strict=False))) for line, cells in table.rows])


def _column(row: dict[str, str], *names: str) -> str:
    for name in names:
        if name in row:
            return row[name].strip()
    return ""


def write_codebook_csv(project: Project, path: str | Path) -> int:
    """Write the codebook as CSV (path, description, colour; UTF-8 with BOM for Excel)."""
    from consult_analyser.export.safety import csv_row, replace_atomically

    rows = codebook.codebook_rows(project)
    fields = ["path", "description", "colour"]
    with replace_atomically(path) as tmp, tmp.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(csv_row(fields))
        writer.writerows(csv_row(row.get(name, "") for name in fields) for row in rows)
    return len(rows)


class ImportCodebook(Operation):
    """Add codes from rows (or a CSV file) with path, description, colour columns."""

    action = "import_codebook"

    def __init__(self, rows: Sequence[dict[str, str]]):
        super().__init__()
        self.rows = list(rows)
        self.created = self.updated = 0

    @classmethod
    def from_csv(cls, path: str | Path) -> ImportCodebook:
        from consult_analyser.errors import IngestError
        from consult_analyser.ingest.limits import MAX_DEPTH

        rows = []
        for line, r in read_table_rows(path):
            row = {"path": _column(r, "path", "code path", "code", "name"), "description": _column(r, "description"),
                   "colour": _column(r, "colour", "color")}
            if len(codebook.split_path(row["path"])) > MAX_DEPTH:
                raise IngestError(path, f"the code path is nested {len(codebook.split_path(row['path'])):,} levels "
                                        f"deep, more than the {MAX_DEPTH} allowed", row=line, field_name="path")
            rows.append(row)
        return cls(rows)

    def _do(self, project: Project) -> None:
        self.created, self.updated = codebook.import_rows(project, self.rows)


# The columns a coding sheet names its parts with (header words, see read_table_rows)
RESPONDENT_COLUMNS = ("respondent id", "respondent", "response id", "id", "submission id", "record id", "comment id",
                      "document id", "passage id", "participant id", "case id", "respondent number", "unique id")
QUESTION_COLUMNS = ("question", "question key", "question text", "question id")
CODE_COLUMNS = CODE_HEADERS
# A coding matrix (a column per code, marked where the code applies), as coders' spreadsheets and
# QDA tools' matrix exports write it: the marks that say "applies" and "does not"
MARK_ON = TICK_MARKS
MARK_OFF = frozenset({"", "0", "0.0", "no", "n", "false", "-"})
OTHER_COLUMNS = frozenset({"coder", "start", "end", "confidence"})


def respondent_columns_of(header: set[str]) -> tuple[str, ...]:
    """The columns of a coding sheet that may name the respondent: the usual names, or else the one
    header ending in ID or ref ("Recommendation ID"), as the answers' import reads it."""
    named = tuple(c for c in RESPONDENT_COLUMNS if c in header)
    if named:
        return named
    ids = sorted(h for h in header if is_id_header(h))
    return tuple(ids) if len(ids) == 1 else ()


def matrix_columns(header: dict[str, str], rows: Sequence[tuple[int, dict[str, str]]]) -> dict[str, str]:
    """The code columns of a coding matrix (header words -> the code's name as written): columns, other
    than the respondent's, the question's and the span's, holding only marks (1/0, x/blank, yes/no)
    with at least one "applies"; none unless there are two or more."""
    found = {}
    for name, written in header.items():
        if name in RESPONDENT_COLUMNS or name in QUESTION_COLUMNS or name in OTHER_COLUMNS:
            continue
        values = {row.get(name, "").strip().lower() for _, row in rows}
        if values <= MARK_ON | MARK_OFF and values & MARK_ON:
            found[name] = written
    return found if len(found) >= 2 else {}


class ImportCodings(Operation):
    """Add codings from a coding sheet (CSV or Excel): respondent id (the id in the imported file),
    question (key or text; may be left out when the project has one open question), code (name or
    path; a column headed code, codes, tags, labels, themes or categories; several in one cell
    separated by ";", "|" or line breaks, as coding sheets and tag exports list an answer's codes;
    or an answer's codes a column each ("Theme 1", "Theme 2", "Code 3", as spreadsheet coding keeps them);
    or a column per question headed by its key and "codes" ("Q1 codes", "Q2 tags": a coded survey
    laid out wide, the question then read from the header);
    or, with no such column, a coding matrix: a column per code, headed by its name and marked
    1/0, x/blank or yes/no where it applies, see :func:`matrix_columns`);
    optional start, end, coder, confidence. A row whose code cell is empty is an answer not
    coded: skipped and counted (``uncoded``). In an analyst's copy, codings on answers assigned to
    other analysts are left out and counted (``outside``): merged, they would be someone else's share. Answers that two or more coders coded are recorded as
    double-coded (``double_coded``), so that agreement measures them. All other rows or none: any unknown respondent,
    question or code, or bad span, raises ValueError naming the lines. Unknown codes are created
    from their paths only with ``create_codes``. Codings get source 'imported'."""

    action = "import_codings"
    scope = journal.CODING_IMPORT

    def __init__(self, path: str | Path, *, create_codes: bool = False):
        super().__init__()
        self.path, self.create_codes = Path(path), create_codes
        self.added = self.created_codes = self.uncoded = self.double_coded = 0
        self.outside = 0  # in an analyst's copy: rows on answers assigned to others, not imported
        self.present = 0

    def _do(self, project: Project) -> None:
        from consult_analyser.store.questions import find_question

        lookup = codings.response_lookup(project)
        questions = {key for _, key in lookup}
        errors: list[str] = []
        items: list[Coding] = []
        cache: dict[str, str | None] = {}
        named: dict[str, str] = {}
        coders_by_answer: dict[str, set[str]] = {}  # who coded each answer, as the sheet says
        codes_before = project.scalar("SELECT COUNT(*) FROM codes")
        written, rows = read_table(self.path)
        header = set(rows[0][1]) if rows else set()
        # the columns that list codes: "Codes" (or tags, themes …), else "Theme 1", "Theme 2" … (an answer's
        # codes a column each)
        code_columns = [c for c in CODE_COLUMNS if c in header][:1] or sorted(
            (h for h in header if is_numbered_codes_header(h)
             and not {row.get(h, "").strip().lower() for _, row in rows} <= MARK_ON | MARK_OFF),  # else a matrix
            key=lambda h: int(re.sub(r"\D", "", h)))
        # else a column per question ("Q1 codes", "Q2 codes"), each listing that question's codes
        keyed = {} if code_columns else {
            name: key for name, raw in written.items() if (key := keyed_codes_header(raw))}
        matrix = {} if code_columns or keyed else matrix_columns(written, rows)
        if not code_columns and not matrix and not keyed:
            raise ValueError(f"{self.path.name}: nothing imported: no column names the codes (one of "
                             f"{', '.join(CODE_COLUMNS[:6])}, ..., Theme 1, Theme 2 ..., or Q1 codes, Q2 codes ...), and no columns mark "
                             f"codes (1/0 or x per code); columns found: {', '.join(sorted(header))}")
        respondent_columns = respondent_columns_of(header)
        if not respondent_columns:
            raise ValueError(f"{self.path.name}: nothing imported: no column names the respondent (one of "
                             f"{', '.join(RESPONDENT_COLUMNS[:5])}, ..., or a header ending in ID), the id in the "
                             "imported file")
        only_question = "" if keyed else self._only_question(project, header)
        sheet_paths = any(">" in row.get(c, "") for _line, row in rows for c in [*code_columns, *keyed])
        for line, row in rows:
            respondent = _column(row, *respondent_columns)
            coder = _column(row, "coder")
            if keyed:  # an empty cell of a question the respondent did not answer: nothing to count
                entries = [(key, names) for column, key in keyed.items()
                           if (names := self._code_names(project, row.get(column, "").strip()))
                           or (respondent, key) in lookup]
            elif matrix:
                entries = [(_column(row, *QUESTION_COLUMNS) or only_question,
                            [code for column, code in matrix.items() if row.get(column, "").strip().lower() in MARK_ON])]
            else:
                entries = [(_column(row, *QUESTION_COLUMNS) or only_question,
                            self._code_names(project, "; ".join(v for c in code_columns if (v := row.get(c, "").strip()))))]
            for question, code_names in entries:
                if not code_names:  # an answer listed but not coded: not that coder's call on it (agreement leaves it out)
                    self.uncoded += 1
                    continue
                try:
                    if question not in questions:  # named by its text (as every screen shows it) or another case
                        if question not in named:
                            named_question = find_question(project, question)
                            named[question] = named_question.key if named_question is not None else question
                        question = named[question]
                    if (respondent, question) not in lookup:
                        if question not in questions:
                            raise ValueError(f"unknown question {question!r}")
                        raise ValueError(f"no answer from respondent {respondent!r} to {question}")
                    response_id, text = lookup[(respondent, question)]
                    if coder:
                        coders_by_answer.setdefault(response_id, set()).add(coder)
                    start, end = (_int(_column(row, "start")), _int(_column(row, "end")))
                    codings.validate_span(text, start, end)
                    confidence = float(_column(row, "confidence") or 1.0)
                    for code_name in code_names:
                        if code_name not in cache:
                            # in a sheet that writes paths ("exam > convenient"), a bare name is a
                            # top-level code, not another row's sub-code of that name: two analysts'
                            # sheets made it two different codes, depending on the order of rows
                            found = codebook.code_at_path(project, code_name) if sheet_paths else None
                            if found is None and not (sheet_paths and self.create_codes):
                                found = codebook.find_code(project, code_name)
                            if found is None and self.create_codes:
                                found, _ = codebook.ensure_path(project, code_name)
                            cache[code_name] = found.id if found else None
                        if cache[code_name] is None:
                            raise ValueError(f"unknown code {code_name!r}: add it to the codebook first, or import "
                                             "with --create-codes (in the app: answer Yes to creating the codes)")
                        items.append(Coding(code_id=cache[code_name], response_id=response_id, start=start,  # type: ignore[arg-type]
                                            end=end, coder=coder or project.actor,
                                            source=Source.IMPORTED, confidence=confidence))
                except ValueError as exc:
                    errors.append(f"line {line}: {exc}")
        if errors:
            more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise ValueError(f"{self.path.name}: nothing imported:\n" + "\n".join(errors[:20]) + more)
        if project.get_meta(team.COPY_KEY):  # an analyst's copy: their own answers only (others' are others' work)
            mine = set(team.assigned_answers(project, project.actor))
            kept = [c for c in items if c.response_id in mine]
            self.outside = len(items) - len(kept)
            items = kept
            coders_by_answer = {r: c for r, c in coders_by_answer.items() if r in mine}
        # every code made, parents of a path ("cheating" for "cheating->reduce_cheating") included
        self.created_codes = project.scalar("SELECT COUNT(*) FROM codes") - codes_before
        # a code the analyst already took from a suggestion on that answer is the same judgement, not a second coding
        accepted = {(r[0], r[1], r[2]) for r in project.query(
            "SELECT response_id, code_id, coder FROM codings WHERE start IS NULL AND coder LIKE 'model, accepted by %'")}
        taken = [c.start is None and (c.response_id, c.code_id, f"model, accepted by {c.coder}") in accepted
                 for c in items]
        items = [c for c, was in zip(items, taken, strict=True) if not was]
        stored = codings.add_codings(project, items, action="import_codings")
        self.added = sum(1 for given, kept in zip(items, stored, strict=True) if given.id == kept.id)
        # the same coding (code, answer, span, coder) already there, or accepted from a suggestion by them
        self.present = len(items) - self.added + sum(taken)
        self.double_coded = team.mark_double_coded(project, coders_by_answer)

    def _only_question(self, project: Project, header: set[str]) -> str:
        """The question rows without one are about: with no question column, the project's one open
        question (a file of passages and their tags); "" otherwise (each row then names its own)."""
        from consult_analyser.store.questions import list_questions

        if header & set(QUESTION_COLUMNS):
            return ""
        open_questions = list_questions(project, open_only=True)
        if len(open_questions) != 1:
            raise ValueError(f"{self.path.name}: nothing imported: the file has no question column and the project "
                             f"has {len(open_questions)} open questions; add a question column (its key, such as "
                             f"{open_questions[0].key if open_questions else 'Q1'}, or its text)")
        return open_questions[0].key

    def _code_names(self, project: Project, cell: str) -> list[str]:
        """The codes one cell lists: separated by ";", "|" or line breaks, as coding sheets and tag
        exports write them; by commas only when every part is a code of the codebook and the whole
        cell is not (a code may itself hold a comma: "Health, safety")."""
        names = [c.strip() for c in re.split(r"[;|\n]", cell) if c.strip()]
        if len(names) == 1 and "," in names[0] and codebook.find_code(project, names[0]) is None:
            parts = [c.strip() for c in names[0].split(",") if c.strip()]
            if len(parts) > 1 and all(codebook.find_code(project, part) is not None for part in parts):
                return parts
        return names


def _int(value: str) -> int | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a character offset") from None
    if number != int(number):
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)
