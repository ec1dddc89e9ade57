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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.actions.base import Operation
from consult_analyser.actions.coding_import import (  # noqa: F401 - the coding sheet's import, kept here for its callers
    CODE_COLUMNS,
    QUESTION_COLUMNS,
    RESPONDENT_COLUMNS,
    ImportCodings,
    column_value,
    matrix_columns,
    read_table,
    read_table_rows,
    respondent_columns_of,
)
from consult_analyser.domain import Code, Coding, Memo, Source
from consult_analyser.store import codebook, codings, memos, suggestions, team
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
        # a code taken off an answer (an accepted suggestion's, or one applied by hand, which settled its
        # suggestion) is one the analyst decided against: its suggestion is not made again, and the suggestions
        # table no longer counts it as accepted
        for c in removed:
            if not project.scalar(
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

    def __init__(self, pairs: Sequence[tuple[str, str]], *, bulk_threshold: float | None = None,
                 selected: bool = False):
        super().__init__()
        self.pairs = list(pairs)
        self.bulk_threshold = bulk_threshold  # accepted together at this confidence or more, unread one by one
        # chosen in a list: several answers' suggestions accepted at once are accepted in bulk, at the lowest
        # confidence among them (only one answer's, read where it is shown, are accepted one by one)
        self.selected = selected
        self.codings: list[Coding] = []

    def _do(self, project: Project) -> None:
        threshold = self.bulk_threshold
        if threshold is None and self.selected and len({r for r, _ in self.pairs}) > 1:
            wanted = set(self.pairs)
            found = [s.confidence for r in {r for r, _ in self.pairs}
                     for s in suggestions.list_suggestions(project, response_id=r, status=None)
                     if (s.response_id, s.code_id) in wanted]
            threshold = min(found, default=None)
        self.codings = [suggestions.accept(project, r, c, bulk_threshold=threshold) for r, c in self.pairs]

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
        return cls([(s.response_id, s.code_id) for s in pending], bulk_threshold=threshold)


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
        """From a codebook table (CSV or Excel), or a REFI-QDA codebook (.qdc, or a .qdpx's codebook)."""
        from consult_analyser.errors import IngestError
        from consult_analyser.ingest.limits import MAX_DEPTH
        from consult_analyser.ingest.refi_import import codebook_rows, is_refi_codebook

        if is_refi_codebook(path):  # (a trial's .qdc was read as a table: "row 1: empty code name in path ''")
            return cls(codebook_rows(path))
        table = read_table_rows(path)
        parents = {line: column_value(r, "parent", "parent code", "parent name", "parent path") for line, r in table}
        names = {line: column_value(r, "path", "code path", "code", "name") for line, r in table}
        # a "name, parent" codebook (a hostile-input trial's parent column was ignored and its codes made flat)
        by_name = {" ".join(n.split()).casefold(): line for line, n in names.items() if n}

        def path_of(line: int, seen: tuple[int, ...] = ()) -> str:
            if line in seen:
                raise IngestError(path, "the parent column goes round in a circle (rows "
                                  + ", ".join(map(str, (*seen, line))) + ")", row=line, field_name="parent")
            parent = parents[line]
            if not parent:
                return names[line]
            above = by_name.get(" ".join(parent.split()).casefold())
            return f"{path_of(above, (*seen, line)) if above is not None else parent} > {names[line]}"

        rows = []
        seen: dict[str, int] = {}
        for line, r in table:
            row = {"path": path_of(line), "description": column_value(r, "description"),
                   "colour": column_value(r, "colour", "color")}
            if len(codebook.split_path(row["path"])) > MAX_DEPTH:
                raise IngestError(path, f"the code path is nested {len(codebook.split_path(row['path'])):,} levels "
                                        f"deep, more than the {MAX_DEPTH} allowed", row=line, field_name="path")
            key = " > ".join(" ".join(p.split()).casefold() for p in codebook.split_path(row["path"]))
            if key and key in seen:  # (each had updated the same code, the last one winning, without a word)
                raise IngestError(path, f"rows {seen[key]} and {line} both give the code {row['path'].strip()!r}: "
                                        "give each code once", row=line, field_name="path")
            seen[key] = line
            rows.append(row)
        return cls(rows)

    def _do(self, project: Project) -> None:
        self.created, self.updated = codebook.import_rows(project, self.rows)
