"""Respondent attribute tables: extra facts about respondents already in a project.

Consultations often publish a separate list such as "submitter name -> respondent type". Such a
table has a key column matching respondents (by id or by name) and attribute columns; it adds no
answers. The column whose values name a type, sector or category becomes the declared type;
every other column is kept in the respondent's metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from consult_analyser.errors import IngestError
from consult_analyser.ingest.tabular import open_table
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.project import Project

_TYPE = re.compile(r"type|sector|category|label|class|kind|group", re.I)


def _normal(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower())


def match_share(project: Project, path: Path) -> float:
    """The share of rows whose some cell names a respondent of the project (0 when none do)."""
    try:
        table = open_table(path)
        rows = [cells for _, (_, cells) in zip(range(300), table.rows, strict=False)]
    except IngestError:
        return 0.0
    if not rows or len(table.header) > 8:
        return 0.0
    keys = store_respondents.lookup_keys(project)
    best = 0.0
    for i in range(len(table.header)):
        hits = sum(_normal(r[i]) in keys for r in rows if r[i].strip())
        best = max(best, hits / len(rows))
    return best


def import_attributes(project: Project, path: str | Path, *, progress: ProgressFn | None = None) -> dict:
    """Attach the table's attributes to matching respondents in one transaction.
    Returns counts: matched, unmatched (their keys listed in a warning), and the type column used."""
    path = Path(path)
    progress = progress or null_progress
    table = open_table(path)
    rows = list(table.rows)
    if not rows:
        raise IngestError(path, "the file has a header but no data rows")
    keys = store_respondents.lookup_keys(project)
    scores = [sum(_normal(cells[i]) in keys for _, cells in rows) for i in range(len(table.header))]
    key_col = max(range(len(scores)), key=scores.__getitem__)
    if scores[key_col] == 0:
        raise IngestError(path, "no column matches the ids or names of respondents in the project")
    type_cols = [i for i, h in enumerate(table.header) if i != key_col and _TYPE.search(h)]
    type_col = type_cols[0] if type_cols else None
    updates, unmatched = [], []
    for _number, cells in rows:
        respondent_id = keys.get(_normal(cells[key_col]))
        if respondent_id is None:
            unmatched.append(cells[key_col])
            continue
        metadata = {h: cells[i] for i, h in enumerate(table.header) if i not in (key_col, type_col) and cells[i]}
        declared = cells[type_col].strip() if type_col is not None else None
        updates.append((respondent_id, declared, metadata))
    store_respondents.update_attributes(project, updates, source_file=str(path))
    progress(1.0, "attributes attached")
    return {"matched": len(updates), "unmatched": unmatched, "key_column": table.header[key_col],
            "type_column": table.header[type_col] if type_col is not None else None}
