"""An in-memory index of every written answer, so the answers table filters 100,000 respondents'
answers in milliseconds instead of scanning the responses table each time.

The index holds only integers (answer key, question, respondent, length); it is loaded once (a
few seconds at 100,000 respondents, on a worker connection) and patched when sectors change.
Filters then combine numpy masks with small SQL lookups (full-text matches, a theme's or code's
answers). Filters it cannot express return None, and the caller falls back to SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from consult_analyser.store.project import Project
from consult_analyser.store.responses import ResponseFilter, text_terms

BATCH = 50_000
UNCLASSIFIED = -1


@dataclass
class AnswerIndex:
    seq: np.ndarray  # answer keys (responses.seq), ascending
    question: np.ndarray  # question code per answer
    respondent: np.ndarray  # respondents.seq per answer
    length: np.ndarray  # characters of text per answer
    question_codes: dict[str, int] = field(default_factory=dict)  # question id -> code
    question_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # code -> questionnaire order
    respondent_codes: dict[str, int] = field(default_factory=dict)  # respondent id -> respondents.seq
    respondent_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # seq -> rank by external id
    sector_codes: dict[str, int] = field(default_factory=dict)  # sector key -> code (sorted by key)
    sector_of: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))  # respondents.seq -> sector code

    def __len__(self) -> int:
        return len(self.seq)


def load_answer_index(project: Project) -> AnswerIndex:
    """Read the keys of every written answer (run it on a worker's own connection)."""
    questions = project.query("SELECT id, position FROM questions ORDER BY position, key")
    question_codes = {r[0]: i for i, r in enumerate(questions)}
    respondents = project.query("SELECT id, seq FROM respondents")
    respondent_codes = {r[0]: r[1] for r in respondents}
    top = max(respondent_codes.values(), default=0) + 1
    respondent_rank = np.zeros(top, np.int32)
    ranked = [r[0] for r in project.query("SELECT seq FROM respondents ORDER BY external_id")]
    respondent_rank[np.asarray(ranked, dtype=np.int64)] = np.arange(len(ranked), dtype=np.int32)
    parts: list[np.ndarray] = []
    cursor = project.conn.execute(
        "SELECT r.seq, r.question_id, r.respondent_id, length(r.text) FROM responses r WHERE r.text != ''"
        " ORDER BY r.seq")
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            break
        parts.append(np.array([(s, question_codes[q], respondent_codes[p], n) for s, q, p, n in rows], dtype=np.int64))
    table = np.concatenate(parts) if parts else np.zeros((0, 4), np.int64)
    index = AnswerIndex(seq=table[:, 0].copy(), question=table[:, 1].astype(np.int32),
                        respondent=table[:, 2].copy(), length=table[:, 3].astype(np.int32),
                        question_codes=question_codes,
                        question_rank=np.arange(len(questions), dtype=np.int32),
                        respondent_codes=respondent_codes, respondent_rank=respondent_rank)
    load_sectors(project, index)
    return index


def load_sectors(project: Project, index: AnswerIndex, respondent_ids: list[str] | None = None) -> None:
    """(Re)read effective sectors: all of them, or only for ``respondent_ids`` (e.g. after a correction)."""
    keys = sorted({r[0] for r in project.query("SELECT key FROM sectors")}
                  | {r[0] for r in project.query("SELECT DISTINCT sector_key FROM sector_assignments")})
    if respondent_ids is None or any(k not in index.sector_codes for k in keys):
        index.sector_codes = {k: i for i, k in enumerate(keys)}
        index.sector_of = np.full(len(index.respondent_rank), UNCLASSIFIED, np.int16)
        rows = project.query("SELECT respondent_id, sector_key FROM respondent_sector")
    else:
        rows = []
        for first in range(0, len(respondent_ids), 900):
            part = respondent_ids[first:first + 900]
            marks = ",".join("?" * len(part))
            found = project.query(f"SELECT respondent_id, sector_key FROM respondent_sector WHERE respondent_id IN ({marks})",
                                  part)
            rows.extend(found)
            missing = set(part) - {r[0] for r in found}
            for rid in missing:
                if rid in index.respondent_codes:
                    index.sector_of[index.respondent_codes[rid]] = UNCLASSIFIED
    for respondent_id, key in rows:
        seq = index.respondent_codes.get(respondent_id)
        if seq is not None and seq < len(index.sector_of):
            index.sector_of[seq] = index.sector_codes[key]


def _seqs(project: Project, sql: str, params: tuple | list = ()) -> np.ndarray:
    """Answer keys from a one-column query (the small table comes first: CROSS JOIN keeps SQLite
    from scanning every answer when, say, nothing is coded yet). SQLite joins the keys into one
    string, parsed in one go: several times faster than a Python object per row."""
    joined = project.conn.execute(f"WITH keys(k) AS ({sql}) SELECT group_concat(k) FROM keys", params).fetchone()[0]
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, np.int64)


def _members(index: AnswerIndex, keys: np.ndarray) -> np.ndarray:
    """Mask over the index's answers: which of them are among ``keys`` (answer keys, any order).
    A binary search per key (the index's keys are sorted), not a sort of both arrays."""
    found = np.zeros(len(index.seq), dtype=bool)
    if len(keys) and len(index.seq):
        at = np.searchsorted(index.seq, keys)
        inside = at < len(index.seq)
        at, keys = at[inside], keys[inside]
        found[at[index.seq[at] == keys]] = True  # keys not in the index (no text) land elsewhere
    return found


def filter_index(project: Project, index: AnswerIndex, f: ResponseFilter, sort: str = "order",
                 descending: bool = False) -> list[int] | None:
    """Answer keys matching ``f`` in display order, or None when the index cannot answer (the
    caller then asks SQL): answers without text, one respondent, or sorting by text or choice."""
    found = filter_index_array(project, index, f, sort, descending)
    return None if found is None else found.tolist()


def filter_index_array(project: Project, index: AnswerIndex, f: ResponseFilter, sort: str = "order",
                       descending: bool = False) -> np.ndarray | None:
    """:func:`filter_index` as an array of answer keys (no list of Python integers to build)."""
    if not f.open_text_only or f.respondent_id or sort not in ("order", "length", "question", "respondent", "sector"):
        return None
    mask: np.ndarray | None = None

    def narrow(condition: np.ndarray) -> None:
        nonlocal mask
        mask = condition if mask is None else mask & condition

    if f.question_id:
        code = index.question_codes.get(f.question_id)
        if code is None:
            return np.zeros(0, np.int64)
        narrow(index.question == code)
    if f.sector:
        sectors = index.sector_of[index.respondent]
        narrow(sectors == (UNCLASSIFIED if f.sector == "unclassified" else index.sector_codes.get(f.sector, -2)))
    subsets: list[tuple[np.ndarray, bool]] = []  # (answer keys, keep those in it?)
    if f.theme_id:
        subsets.append((_seqs(project, "SELECT r.seq FROM theme_assignments a CROSS JOIN responses r ON r.id = a.response_id"
                                       " WHERE a.theme_id = ?", (f.theme_id,)), True))
    if f.code_id:
        subsets.append((_seqs(project, "SELECT r.seq FROM codings g CROSS JOIN responses r ON r.id = g.response_id"
                                       " WHERE g.code_id = ?", (f.code_id,)), True))
    if f.campaign:
        sql = "SELECT r.seq FROM campaign_members m CROSS JOIN responses r ON r.id = m.response_id"
        if f.campaign in ("only", "exclude"):
            subsets.append((_seqs(project, sql), f.campaign == "only"))
        else:
            subsets.append((_seqs(project, sql + " WHERE m.campaign_id = ?", (f.campaign,)), True))
    if f.review in ("coded", "uncoded"):
        subsets.append((_seqs(project, "SELECT DISTINCT r.seq FROM codings g CROSS JOIN responses r ON r.id = g.response_id"),
                        f.review == "coded"))
    elif f.review == "suggested":
        subsets.append((_seqs(project, "SELECT DISTINCT r.seq FROM suggestions s CROSS JOIN responses r ON r.id = s.response_id"
                                       " WHERE s.status = 'pending'"), True))
    if f.text.strip():
        query, unspaced = text_terms(f.text)
        if query:
            subsets.append((_seqs(project, "SELECT rowid FROM responses_fts WHERE responses_fts MATCH ?", (query,)), True))
        for term in unspaced:  # a word inside a run of Chinese (or Japanese, Thai...) letters: found by its letters
            subsets.append((_seqs(project, "SELECT seq FROM responses WHERE instr(text, ?) > 0", (term,)), True))
    for keys, keep in subsets:
        inside = _members(index, keys)
        narrow(inside if keep else ~inside)
    if mask is None:  # no filter: every written answer, already in answer-key order
        rows = None if sort == "order" else np.arange(len(index.seq))
    else:
        rows = np.flatnonzero(mask)
    if sort != "order":
        assert rows is not None
        if sort == "length":
            primary = index.length[rows]
        elif sort == "question":
            primary = index.question_rank[index.question[rows]]
        elif sort == "respondent":
            primary = index.respondent_rank[index.respondent[rows]]
        else:  # sector: unclassified first, then by key, as SQL sorts NULL first
            primary = index.sector_of[index.respondent[rows]]
        if descending:
            primary = -primary.astype(np.int64)
        rows = rows[np.lexsort((index.seq[rows], primary))]
    found = index.seq if rows is None else index.seq[rows]
    return found[::-1] if descending and sort == "order" else found
