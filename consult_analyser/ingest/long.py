"""Long tables: one row per respondent and question (respondent, question, answer).

Columns are found by their headers first (``respondent_id``/``question``/``answer``,
``sub_num``/``sub_label``/``sub_value`` ...), then by content; a ``[long]`` table in the mapping
file (or ``mapping`` given in code) names them outright: ``id``, ``question``, ``answer`` and
optionally ``name``, ``organisation``, ``type`` (the declared type of respondent).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from consult_analyser.domain import OPTION_SEPARATOR, Channel, Question, QuestionKind
from consult_analyser.errors import IngestError
from consult_analyser.ingest.closed_answers import looks_closed
from consult_analyser.ingest.code_columns import codes_columns_note, is_codes_header, looks_codes
from consult_analyser.ingest.columns import detect_mapping, label_identity
from consult_analyser.ingest.header_text import header_words, question_key_of
from consult_analyser.ingest.sides import organisation_box_side
from consult_analyser.ingest.tabular import TABLE_SUFFIXES, looks_like_tab_table, open_table, plain_text
from consult_analyser.ingest.uploads import row_documents
from consult_analyser.letter_text import file_name_and_text
from consult_analyser.parsed import ParsedAnswer, ParsedBatch, ParsedRespondent
from consult_analyser.progress import ProgressFn

_ID = re.compile(r"(^| )(id|num|number|ref|respondent|submission|participant|case)($| )|respondent|submission", re.I)
_NAME = re.compile(r"(^| )name$|submitter|commenter|author|^sub name$", re.I)
_ORGANISATION = re.compile(r"organi[sz]ation|company", re.I)
_TYPE = re.compile(r"\btype\b|sector|category", re.I)
_QUESTION = re.compile(r"question|label|field|item|variable|prompt", re.I)
_ANSWER = re.compile(r"answer|value|response|text|comment|verbatim|reply", re.I)
_KEYLIKE = re.compile(r"\b(id|num|number|no|key|code|ref)$")
LONG_ROLES = ("id", "question", "answer", "name", "organisation", "type")


def _upload_labels(rows: list[tuple[int, list[str]]], q_col: int, a_col: int) -> set[str]:
    """Pseudo-questions whose answers are (nearly) all uploaded files: documents, not questions."""
    seen: Counter[str] = Counter()
    uploads: Counter[str] = Counter()
    for _, cells in rows:
        label, value = cells[q_col].strip(), cells[a_col].strip()
        if label and value:
            seen[label] += 1
            uploads[label] += bool(file_name_and_text(value)[0])
    return {label for label, n in seen.items() if uploads[label] >= 0.8 * n}


def guess_columns(header: list[str], rows: list[list[str]]) -> dict[str, int]:
    """Find the id, question and answer columns (and name, organisation, type when present) by
    header words, then by content. Needs at least three columns."""
    n = len(header)
    words = [header_words(h) for h in header]
    found: dict[str, int] = {}
    for role, pattern in (("question", _QUESTION), ("answer", _ANSWER), ("id", _ID), ("organisation", _ORGANISATION),
                          ("type", _TYPE), ("name", _NAME)):
        for i, name in enumerate(words):
            if role in {"question", "answer"} and _KEYLIKE.search(name):
                continue
            if i not in found.values() and pattern.search(name):
                found[role] = i
                break

    def free() -> list[int]:
        return [i for i in range(n) if i not in found.values()]

    if "answer" not in found and free():  # the column with the longest text
        found["answer"] = max(free(), key=lambda i: sum(len(r[i]) for r in rows))
    if "question" not in found and free():  # a repeating, low-cardinality column
        found["question"] = min(free(), key=lambda i: len({r[i] for r in rows}))
    if "id" not in found and free():
        found["id"] = free()[0]
    return found


class LongTableReader:
    name = "long-table"

    def sniff(self, path: Path, head: bytes) -> float:
        if path.suffix.lower() not in TABLE_SUFFIXES and not (
                path.suffix.lower() == ".txt" and looks_like_tab_table(path, head)):
            return 0.0
        try:
            table = open_table(path, skip_bad_rows=True)
            rows = [cells for _, cells in itertools.islice(table.rows, 500)]
        except IngestError:
            return 0.0
        return long_score(table.header, rows)

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None,
             mapping_file: str | Path | None = None, skip_bad_rows: bool = False,
             question_texts: dict[str, str] | None = None) -> ParsedBatch:
        table = open_table(path, skip_bad_rows=skip_bad_rows)
        rows = list(table.rows)
        if not rows:
            raise IngestError(path, "the file has a header but no data rows")
        cols = guess_columns(table.header, [cells for _, cells in rows[:2000]])
        for role, header in (mapping or {}).items():
            if role not in LONG_ROLES:
                raise IngestError(path, f"unknown long-table column role {role!r} (use {', '.join(LONG_ROLES)})")
            if header not in table.header:
                raise IngestError(path, f"no column named {header!r} (the columns are "
                                        f"{', '.join(map(repr, table.header[:12]))})", field_name=header)
            cols = {r: i for r, i in cols.items() if i != table.header.index(header)}
            cols[role] = table.header.index(header)
        missing = [role for role in ("id", "question", "answer") if role not in cols]
        if missing:
            raise IngestError(path, f"a long table needs respondent id, question and answer columns; "
                                    f"{' and '.join(missing)} not found (name them in the mapping file's [long] table)")
        id_col, q_col, a_col = cols["id"], cols["question"], cols["answer"]
        name_col, org_col, type_col = cols.get("name"), cols.get("organisation"), cols.get("type")
        # questions in survey order (numbered ones by number, the others after them in order of first
        # appearance); labels that differ only in spaces, case or final punctuation are one question
        document_labels = _upload_labels(rows, q_col, a_col)
        identity: dict[str, str] = {}  # label as written -> identity
        texts: dict[str, str] = {}  # identity -> label shown
        for _, cells in rows:
            label = cells[q_col]
            if label not in identity and label.strip() and label.strip() not in document_labels:
                ident = identity[label] = label_identity(label)
                texts.setdefault(ident, " ".join(label.split()))
        keys: dict[str, str] = {}
        questions = []
        by_identity: dict[str, list[str]] = {}
        for _, cells in rows:
            known = identity.get(cells[q_col])
            if known is not None and len(by_identity.setdefault(known, [])) < 500:
                by_identity[known].append(cells[a_col])
        ordered = {label: ident for ident, label in texts.items()}
        for position, label in enumerate(survey_order(list(ordered))):
            ident = ordered[label]
            key, rest = question_key_of(label)
            text = rest if key and rest else label  # "Q02 Other AI risks" is Q2, "Other AI risks"
            key = key or label[:40]
            if key in keys.values():
                key = f"{key}_{position}"
            keys[ident] = key
            values = by_identity.get(ident, [])
            kind = QuestionKind.CLOSED if looks_closed(values) else QuestionKind.OPEN
            choices = list(dict.fromkeys(v.strip() for v in values if v.strip()))[:30] if kind == QuestionKind.CLOSED else []
            questions.append(Question(key=key, text=text, kind=kind, choices=choices, position=position))
        _give_wording(questions, question_texts or {}, Path(mapping_file) if mapping_file else path)
        closed = {q.key for q in questions if q.kind == QuestionKind.CLOSED}
        warnings = [f"{path.name}: {note}" for note in table.notes]
        used = set(cols.values())
        tags = [h for i, h in enumerate(table.header) if i not in used and is_codes_header(h)
                and looks_codes(header_words(h), [cells[i] for _, cells in rows[:2000] if i < len(cells)])]
        if tags:  # answers and the codes people gave them, a row each
            warnings.append(codes_columns_note(path.name, tags))
        variants = len(identity) - len(texts)
        if variants:
            warnings.append(f"{path.name}: {variants} question labels differing only in spaces, case or final "
                            "punctuation were read as the same question")
        repeated: set[str] = set()
        duplicates = 0

        def respondents() -> Iterator[ParsedRespondent]:
            nonlocal duplicates
            grouped: dict[str, ParsedRespondent] = {}
            for number, cells in rows:
                external = cells[id_col].strip()
                if not external:
                    table.bad_row(number, "the respondent id is empty", table.header[id_col])
                    continue
                respondent = grouped.get(external)
                if respondent is None:
                    respondent = grouped[external] = ParsedRespondent(external_id=external, channel=Channel.ONLINE,
                                                                      source_row=number)
                for col, attr in ((name_col, "name"), (org_col, "organisation"), (type_col, "declared_type")):
                    if col is not None and not getattr(respondent, attr) and cells[col].strip():
                        setattr(respondent, attr, cells[col].strip())
                label = cells[q_col]
                value = cells[a_col].strip()
                if not label.strip() or not value:
                    continue
                if label.strip() in document_labels:  # an uploaded file: kept as the respondent's document
                    if file_name_and_text(value)[0]:
                        person = ParsedRespondent(external_id=external, name=respondent.name, channel=respondent.channel)
                        batch.documents.extend(row_documents(value, label, person))
                    continue
                key = keys[identity[label]]
                if key not in closed:
                    value = plain_text(value)
                previous = next((a for a in respondent.answers if a.question_key == key), None)
                if previous is not None and _said(value, previous.choice if key in closed else previous.text,
                                                  OPTION_SEPARATOR if key in closed else "\n\n"):
                    duplicates += 1  # the same answer exported twice (one row per coder, a re-export)
                    continue
                if previous is not None:  # e.g. several uploaded files for one field: keep them all
                    repeated.add(external)
                    if key in closed:
                        previous.choice = f"{previous.choice}{OPTION_SEPARATOR}{value}"
                    else:
                        previous.text = f"{previous.text}\n\n{value}"
                elif key in closed:
                    respondent.answers.append(ParsedAnswer(key, choice=value))
                else:
                    respondent.answers.append(ParsedAnswer(key, text=value))
            for respondent in grouped.values():
                if respondent.organisation and respondent.is_organisation is None:
                    respondent.is_organisation = organisation_box_side(respondent.organisation)
            if repeated:
                who = "1 respondent" if len(repeated) == 1 else f"{len(repeated)} respondents"
                batch.warnings.append(f"{path.name}: {who} gave more than one answer to the same question; "
                                      "their answers were joined")
            if duplicates:
                rows_word = "1 row" if duplicates == 1 else f"{duplicates} rows"
                batch.warnings.append(f"{path.name}: {rows_word} repeated, word for word, an answer the "
                                      "respondent had already given to that question; each answer was kept once")
            batch.skipped_rows.extend(table.bad_rows)
            yield from grouped.values()

        roles = {i: role for role, i in cols.items()}
        columns = [(h, {"type": "declared type"}.get(roles[i], roles[i]) if i in roles else "ignore")
                   for i, h in enumerate(table.header)]
        batch = ParsedBatch(source_file=str(path), reader=self.name, questions=questions,
                            respondents=respondents(), total_rows=len(rows), warnings=warnings, columns=columns)
        return batch


def _give_wording(questions: list[Question], wording: dict[str, str], path: Path) -> None:
    """Each question named in a mapping's ``[questions]`` (by its key, "Q1", or its label, "Q01 Definitions" or
    "Definitions") takes the wording given; a name that is no question is refused, naming the keys."""
    for name, text in wording.items():
        wanted = label_identity(name)
        key = question_key_of(name)[0]  # "Q02 Risks" is Q2
        found = next((q for q in questions if q.key in (name, key)), None) or next(
            (q for q in questions if wanted in (label_identity(q.key), label_identity(q.text),
                                                label_identity(f"{q.key} {q.text}"))), None)
        if found is None:
            raise IngestError(path, f"[questions] names {name!r}, which is neither the key nor the label of a question "
                                    f"(keys: {', '.join(q.key for q in questions[:12])})", field_name=name)
        found.text = " ".join(text.split())


def _said(value: str, given: str | None, separator: str) -> bool:
    """True when ``value`` is already one of the parts of ``given`` (joined by ``separator``),
    ignoring case and spacing."""
    if not given:
        return False
    norm = " ".join(value.split()).casefold()
    return any(" ".join(part.split()).casefold() == norm for part in given.split(separator))


def long_score(header: list[str], rows: list[list[str]]) -> float:
    """How sure (0 or 0.9) that a table with this header and first rows is a long table."""
    if not 3 <= len(header) <= 8 or len(rows) < 4:
        return 0.0
    if any(question_key_of(h)[0] or h.rstrip().endswith("?") for h in header):
        return 0.0  # columns named after questions: a wide table
    roles = detect_mapping(header, rows).columns
    if any(c.role in {"sector", "respondent_type", "email"} for c in roles):
        return 0.0  # respondent attributes as columns: a wide table
    cols = guess_columns(header, rows)
    if not {"id", "question", "answer"} <= set(cols):
        return 0.0
    words = [header_words(h) for h in header]
    named = _QUESTION.search(words[cols["question"]]) is not None and _ANSWER.search(words[cols["answer"]]) is not None
    ids = Counter(r[cols["id"]] for r in rows)
    labels = Counter(r[cols["question"]] for r in rows if r[cols["question"]].strip())
    few_labels = 0 < len(labels) <= max(60, len(rows) // 5)
    repeated_ids = sum(1 for c in ids.values() if c > 1) >= 0.5 * len(ids)
    repeated_labels = sum(labels.values()) >= 2 * len(labels)
    if few_labels and (repeated_ids or (named and repeated_labels)):
        return 0.9
    return 0.0


def survey_order(labels: list[str]) -> list[str]:
    """Question labels of a long table in survey order: those with a question number by number
    (then letter), the rest after them as they first appeared."""
    def sort_key(item: tuple[int, str]) -> tuple[int, int, str, int]:
        position, label = item
        key, _rest = question_key_of(label)
        if not key:
            return (1, 0, "", position)
        digits = key[1:].rstrip("abcdefghijklmnopqrstuvwxyz")
        return (0, int(digits) if digits.isdigit() else 0, key[1 + len(digits):], position)

    return [label for _p, label in sorted(enumerate(labels), key=sort_key)]
