"""Long tables: one row per respondent and question (respondent, question, answer)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from consult_analyser.domain import Channel, Question, QuestionKind
from consult_analyser.errors import IngestError
from consult_analyser.ingest.columns import detect_mapping, looks_closed, question_key_of
from consult_analyser.ingest.tabular import open_table
from consult_analyser.parsed import ParsedAnswer, ParsedBatch, ParsedRespondent
from consult_analyser.progress import ProgressFn

_ID = re.compile(r"(^|_)(id|num|number|ref|respondent|submission)($|_)|respondent|submission", re.I)
_NAME = re.compile(r"name|submitter|organi[sz]ation", re.I)
_QUESTION = re.compile(r"question|label|field|item|variable", re.I)
_ANSWER = re.compile(r"answer|value|response|text|comment|verbatim", re.I)


def _guess_columns(header: list[str], rows: list[list[str]]) -> dict[str, int]:
    """Find the id, name, question and answer columns by header words, then by content."""
    n = len(header)
    found: dict[str, int] = {}
    for role, pattern in (("question", _QUESTION), ("answer", _ANSWER), ("id", _ID), ("name", _NAME)):
        for i, name in enumerate(header):
            if i not in found.values() and pattern.search(name):
                found[role] = i
                break
    if "answer" not in found:  # the column with the longest text
        lengths = [sum(len(r[i]) for r in rows) for i in range(n)]
        free = [i for i in range(n) if i not in found.values()]
        if free:
            found["answer"] = max(free, key=lambda i: lengths[i])
    if "question" not in found:  # a repeating, low-cardinality column
        free = [i for i in range(n) if i not in found.values()]
        if free:
            found["question"] = min(free, key=lambda i: len({r[i] for r in rows}))
    if "id" not in found:
        free = [i for i in range(n) if i not in found.values()]
        if free:
            found["id"] = free[0]
    return found


class LongTableReader:
    name = "long-table"

    def sniff(self, path: Path, head: bytes) -> float:
        if path.suffix.lower() not in {".csv", ".tsv", ".xlsx"}:
            return 0.0
        try:
            table = open_table(path)
            rows = [cells for _, cells in itertools.islice(table.rows, 500)]
        except IngestError:
            return 0.0
        if len(table.header) > 8 or len(rows) < 4:
            return 0.0
        if any(question_key_of(h)[0] for h in table.header):
            return 0.0  # columns named after questions: a wide table
        roles = detect_mapping(table.header, rows).columns
        if any(c.role in {"sector", "respondent_type", "email", "organisation"} for c in roles):
            return 0.0  # respondent attributes as columns: a wide table
        cols = _guess_columns(table.header, rows)
        ids = Counter(r[cols["id"]] for r in rows)
        questions = {r[cols["question"]] for r in rows}
        repeated_ids = sum(1 for c in ids.values() if c > 1) >= 0.5 * len(ids)
        if repeated_ids and len(questions) <= max(60, len(rows) // 5):
            return 0.9
        return 0.0

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None,
             mapping_file: str | Path | None = None) -> ParsedBatch:
        table = open_table(path)
        rows = list(table.rows)
        if not rows:
            raise IngestError(path, "the file has a header but no data rows")
        cols = _guess_columns(table.header, [cells for _, cells in rows[:2000]])
        if mapping:
            for role, header in mapping.items():
                if header not in table.header:
                    raise IngestError(path, f"no column named {header!r}", field_name=header)
                cols[role] = table.header.index(header)
        id_col, q_col, a_col = cols["id"], cols["question"], cols["answer"]
        name_col = cols.get("name")
        # questions in survey order: numbered ones (Q1, Q2, Q2a, ...) by number, the others after
        # them in order of first appearance; keyed by their label
        labels = survey_order(list(dict.fromkeys(cells[q_col].strip() for _, cells in rows if cells[q_col].strip())))
        keys: dict[str, str] = {}
        questions = []
        for position, label in enumerate(labels):
            key, rest = question_key_of(label)
            text = rest if key and rest else label  # "Q02 Other AI risks" is Q2, "Other AI risks"
            key = key or label[:40]
            if key in keys.values():
                key = f"{key}_{position}"
            keys[label] = key
            values = [cells[a_col] for _, cells in rows if cells[q_col].strip() == label][:500]
            kind = QuestionKind.CLOSED if looks_closed(values) else QuestionKind.OPEN
            choices = list(dict.fromkeys(v.strip() for v in values if v.strip()))[:30] if kind == QuestionKind.CLOSED else []
            questions.append(Question(key=key, text=text, kind=kind, choices=choices, position=position))
        closed = {q.key for q in questions if q.kind == QuestionKind.CLOSED}

        repeated: set[str] = set()

        def respondents() -> Iterator[ParsedRespondent]:
            grouped: dict[str, ParsedRespondent] = {}
            for number, cells in rows:
                external = cells[id_col].strip()
                if not external:
                    raise IngestError(path, "the respondent id is empty", row=number, field_name=table.header[id_col])
                respondent = grouped.get(external)
                if respondent is None:
                    respondent = grouped[external] = ParsedRespondent(
                        external_id=external, name=cells[name_col].strip() if name_col is not None else "",
                        channel=Channel.ONLINE, source_row=number)
                label = cells[q_col].strip()
                value = cells[a_col].strip()
                if not label or not value:
                    continue
                key = keys[label]
                previous = next((a for a in respondent.answers if a.question_key == key), None)
                if previous is not None:  # e.g. several uploaded files for one field: keep them all
                    repeated.add(external)
                    if key in closed:
                        previous.choice = f"{previous.choice}; {value}"
                    else:
                        previous.text = f"{previous.text}\n\n{value}"
                elif key in closed:
                    respondent.answers.append(ParsedAnswer(key, choice=value))
                else:
                    respondent.answers.append(ParsedAnswer(key, text=value))
            if repeated:
                batch.warnings.append(f"{path.name}: {len(repeated)} respondents gave more than one answer to the "
                                      "same question; their answers were joined")
            yield from grouped.values()

        batch = ParsedBatch(source_file=str(path), reader=self.name, questions=questions,
                            respondents=respondents(), total_rows=len(rows))
        return batch


def survey_order(labels: list[str]) -> list[str]:
    """Question labels of a long table in survey order: those with a question number by number
    (then letter), the rest after them as they first appeared."""
    def sort_key(item: tuple[int, str]) -> tuple[int, int, str, int]:
        position, label = item
        key, _rest = question_key_of(label)
        if not key:
            return (1, 0, "", position)
        digits = key[1:].rstrip("abcdefghijklmnopqrstuvwxyz")
        return (0, int(digits), key[1 + len(digits):], position)

    return [label for _p, label in sorted(enumerate(labels), key=sort_key)]
