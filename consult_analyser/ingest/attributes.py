"""Respondent attribute tables: extra facts about respondents already in a project.

Consultations often publish a separate list such as "submitter name -> respondent type". Such a
table has a key column matching respondents (by id or by name) and attribute columns; it adds no
answers. The column whose values name a type, sector or category becomes the declared type;
every other column is kept in the respondent's metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.domain import counted
from consult_analyser.errors import IngestError
from consult_analyser.ingest.tabular import open_table
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.project import Project

#: the files an attribute table may come in (a .txt is a letter unless it says otherwise)
ATTRIBUTE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
_TYPE = re.compile(r"type|sector|category|label|class|kind|group", re.I)


def _sample(path: Path) -> tuple[list[str], list[list[str]]] | None:
    """The header and first 300 rows of a table, or None when it cannot be read."""
    try:
        table = open_table(path)
        return table.header, [cells for _, (_, cells) in zip(range(300), table.rows, strict=False)]
    except IngestError:
        return None


def match_share(project: Project, header: list[str], rows: list[list[str]]) -> float:
    """The share of ``rows`` whose some cell names a respondent of the project (0 when none do)."""
    if not rows or len(header) > 8:
        return 0.0
    keys = store_respondents.lookup_keys(project)
    best = 0.0
    for i in range(len(header)):
        hits = sum(store_respondents.lookup_key(r[i]) in keys for r in rows if r[i].strip())
        best = max(best, hits / len(rows))
    return best


@dataclass
class AttributePlan:
    """What an attribute table would attach: per matched respondent its declared type (None when
    the table names none) and other facts; the keys that match no respondent."""

    key_column: str
    type_column: str | None
    updates: list[tuple[str, str | None, dict[str, str]]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    #: keys several respondents share ("Anonymous") whose rows disagree on the type: not attached
    ambiguous: list[str] = field(default_factory=list)

    def summary(self) -> str:
        what = f"type from {self.type_column!r}" if self.type_column else "no type column"
        return (f"would attach attributes to {counted(self.respondents(), 'respondent')} already in the project "
                f"(matched on {self.key_column!r}, {what})"
                + (f"; {counted(len(self.unmatched), 'row')} {'matches' if len(self.unmatched) == 1 else 'match'} "
                   f"no respondent (e.g. {self.unmatched[0]!r})" if self.unmatched else "")
                + (f"; {self.ambiguity()}" if self.ambiguous else ""))

    def respondents(self) -> int:
        """How many respondents the table describes."""
        return len({respondent_id for respondent_id, _declared, _metadata in self.updates})

    def ambiguity(self) -> str:
        return (f"{counted(len(self.ambiguous), 'name')} that several respondents share, with different types "
                f"({', '.join(repr(k) for k in self.ambiguous[:3])}), not attached: set those in Sector review")


def is_attribute_table(project: Project, path: Path, layout: str | None = None) -> bool:
    """Whether an import of ``path`` attaches facts to the project's respondents instead of adding
    respondents: asked for (``layout="attributes"``), or, with no layout given, a small table
    (:func:`match_share`) of which half the rows name respondents already in the project and
    which holds no answers."""
    if layout == "attributes":
        return True
    if layout is not None or path.is_dir() or path.suffix.lower() not in ATTRIBUTE_SUFFIXES:
        return False
    sample = _sample(path)  # read once for both tests
    return sample is not None and match_share(project, *sample) >= 0.5 and not _holds_answers(project, *sample)


def _holds_answers(project: Project, header: list[str], rows: list[list[str]]) -> bool:
    """A table whose rows name respondents of the project but which also holds answers: a later
    export of the same survey (its new rows are new respondents), never a list of facts about them.
    Answers: a column of the project's own questions, or one of free text (answers of some length)."""
    from consult_analyser.domain import question_identity
    from consult_analyser.ingest.columns import detect_mapping
    from consult_analyser.ingest.header_text import question_key_of

    asked = {question_identity(r[0]) for r in project.query("SELECT text FROM questions")}
    for index, column in enumerate(detect_mapping(header, rows).columns):
        if column.role == "document":
            return True  # the documents they uploaded: their letters, added to their submissions
        if column.role != "question":
            continue
        if question_identity(question_key_of(column.header)[1] or column.header) in asked:
            return True
        filled = [r[index].strip() for r in rows if index < len(r) and r[index].strip()]
        if column.kind == "open" and filled and sum(len(v) for v in filled) / len(filled) >= 30:
            return True
    return False


def plan_attributes(project: Project, path: str | Path) -> AttributePlan:
    """Read an attribute table against the project, writing nothing (:func:`import_attributes`
    writes the plan; ``import --dry-run`` and the import wizard's check show it)."""
    path = Path(path)
    table = open_table(path)
    rows = list(table.rows)
    if not rows:
        raise IngestError(path, "the file has a header but no data rows")
    keys = store_respondents.lookup_keys(project)
    scores = [sum(store_respondents.lookup_key(cells[i]) in keys for _, cells in rows) for i in range(len(table.header))]
    key_col = max(range(len(scores)), key=scores.__getitem__)
    if scores[key_col] == 0:
        raise IngestError(path, "no column matches the ids or names of respondents in the project")
    type_cols = [i for i, h in enumerate(table.header) if i != key_col and _TYPE.search(h)]
    type_col = type_cols[0] if type_cols else None
    plan = AttributePlan(table.header[key_col], table.header[type_col] if type_col is not None else None)
    # the rows of each key: one respondent each, or a name several share ("Anonymous") when its rows
    # agree on the type (then all of them take it; rows that disagree say nothing sure)
    by_key: dict[str, list[list[str]]] = {}
    for _number, cells in rows:
        key = store_respondents.lookup_key(cells[key_col])
        if key in keys:
            by_key.setdefault(key, []).append(cells)
        else:
            plan.unmatched.append(cells[key_col])
    for key, key_rows in by_key.items():
        owners = keys[key]
        declared_values = {cells[type_col].strip() for cells in key_rows} if type_col is not None else {None}
        if len(owners) > 1 and len(declared_values) > 1:
            plan.ambiguous.append(key_rows[0][key_col])
            continue
        for respondent_id in owners:  # a shared name's rows agree: its first row speaks for all
            for cells in key_rows[:1] if len(owners) > 1 else key_rows:
                metadata = {h: cells[i] for i, h in enumerate(table.header) if i not in (key_col, type_col) and cells[i]}
                declared = cells[type_col].strip() if type_col is not None else None
                plan.updates.append((respondent_id, declared, metadata))
    return plan


def import_attributes(project: Project, path: str | Path, *, progress: ProgressFn | None = None) -> AttributePlan:
    """Attach the table's attributes to matching respondents in one transaction; the plan carried
    out (its unmatched keys are listed in a warning)."""
    progress = progress or null_progress
    plan = plan_attributes(project, path)
    store_respondents.update_attributes(project, plan.updates, source_file=str(Path(path)))
    progress(1.0, "attributes attached")
    return plan
