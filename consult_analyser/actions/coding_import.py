"""Importing a coding sheet (CSV or Excel) as codings: :class:`ImportCodings`, and the table reader the
codebook's import shares. A sheet of coded passages ("Passage", "Excerpt", "Quote", "Segment") codes
the passage where it is found in the answer (a span), else the whole answer, and says how many."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from consult_analyser.actions.base import Operation
from consult_analyser.domain import Coding, Source
from consult_analyser.ingest.code_columns import CODE_HEADERS, is_numbered_codes_header, keyed_codes_header
from consult_analyser.ingest.header_roles import is_id_header
from consult_analyser.ingest.option_columns import TICK_MARKS
from consult_analyser.store import codebook, codings, journal, team
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import accepter


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


def column_value(row: dict[str, str], *names: str) -> str:
    """The first of the named columns the row has, stripped ("" when none)."""
    for name in names:
        if name in row:
            return row[name].strip()
    return ""


# The columns a coding sheet names its parts with (header words, see read_table_rows)
RESPONDENT_COLUMNS = ("respondent id", "respondent", "response id", "id", "submission id", "record id", "comment id",
                      "document id", "passage id", "participant id", "case id", "respondent number", "unique id")
QUESTION_COLUMNS = ("question", "question key", "question text", "question id")
CODE_COLUMNS = CODE_HEADERS
# A coding matrix (a column per code, marked where the code applies), as coders' spreadsheets and
# QDA tools' matrix exports write it: the marks that say "applies" and "does not"
MARK_ON = TICK_MARKS
MARK_OFF = frozenset({"", "0", "0.0", "no", "n", "false", "-"})
#: the column of a coded passage's own words, found in the answer to code that span
PASSAGE_COLUMNS = ("passage", "excerpt", "quote", "quotation", "segment", "extract", "coded text", "coded passage",
                   "coded segment", "text segment", "highlight", "selection")
OTHER_COLUMNS = frozenset({"coder", "start", "end", "confidence", *PASSAGE_COLUMNS})


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
        self.outside_answers: list[str] = []  # those answers ("RESPONDENT QUESTION"), in survey order
        self.present = 0
        self.repeated = 0  # rows that repeat another row of the file (same answer, code, passage and coder)
        self.passages = 0  # passages found in their answers, coded as spans
        self.unplaced: list[int] = []  # lines whose passage was not found: the whole answer coded

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
            respondent = column_value(row, *respondent_columns)
            coder = column_value(row, "coder")
            if keyed:  # an empty cell of a question the respondent did not answer: nothing to count
                entries = [(key, names) for column, key in keyed.items()
                           if (names := self._code_names(project, row.get(column, "").strip()))
                           or (respondent, key) in lookup]
            elif matrix:
                entries = [(column_value(row, *QUESTION_COLUMNS) or only_question,
                            [code for column, code in matrix.items() if row.get(column, "").strip().lower() in MARK_ON])]
            else:
                entries = [(column_value(row, *QUESTION_COLUMNS) or only_question,
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
                    start, end = (_int(column_value(row, "start")), _int(column_value(row, "end")))
                    passage = column_value(row, *PASSAGE_COLUMNS) if start is None and end is None else ""
                    if passage:
                        span = find_passage(text, passage)
                        if span is None:
                            self.unplaced.append(line)
                        else:
                            start, end = span
                            self.passages += 1
                    codings.validate_span(text, start, end)
                    confidence = float(column_value(row, "confidence") or 1.0)
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
            self.outside_answers = team.answer_labels(project, [c.response_id for c in items if c.response_id not in mine])
            items = kept
            coders_by_answer = {r: c for r, c in coders_by_answer.items() if r in mine}
        # every code made, parents of a path ("cheating" for "cheating->reduce_cheating") included
        self.created_codes = project.scalar("SELECT COUNT(*) FROM codes") - codes_before
        # a code the analyst already took from a suggestion on that answer is the same judgement, not a second coding
        accepted = {(r[0], r[1], accepter(r[2])) for r in project.query(
            "SELECT response_id, code_id, coder FROM codings WHERE start IS NULL AND coder LIKE 'model, accepted by %'")}
        taken = [c.start is None and (c.response_id, c.code_id, c.coder) in accepted for c in items]
        items = [c for c, was in zip(items, taken, strict=True) if not was]
        # a row that repeats another (the same passage tagged twice) is one coding
        unique = list({(c.code_id, c.response_id, c.start, c.end, c.coder): c for c in reversed(items)}.values())[::-1]
        self.repeated = len(items) - len(unique)
        stored = codings.add_codings(project, unique, action="import_codings")
        self.added = sum(1 for given, kept in zip(unique, stored, strict=True) if given.id == kept.id)
        # the same coding (code, answer, span, coder) already there, or accepted from a suggestion by them
        self.present = len(unique) - self.added + sum(taken)
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
        if codebook.find_code(project, cell.strip()) is not None:
            return [cell.strip()]  # a code whose name holds ";" ("Singled out; privacy and stigma")
        parts = [c.strip() for c in re.split(r"[;|\n]", cell) if c.strip()]
        names: list[str] = []
        i = 0
        while i < len(parts):  # parts of one code's name that holds ";" are joined again (the longest first)
            j = next((j for j in range(len(parts), i + 1, -1)
                      if codebook.find_code(project, "; ".join(parts[i:j])) is not None), i + 1)
            names.append("; ".join(parts[i:j]))
            i = j
        if len(names) == 1 and "," in names[0] and codebook.find_code(project, names[0]) is None:
            parts = [c.strip() for c in names[0].split(",") if c.strip()]
            if len(parts) > 1 and all(codebook.find_code(project, part) is not None for part in parts):
                return parts
        return names


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "\u00a0": " "})


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` with its quotes and dashes made plain, runs of white space one space, in lower case;
    and for each character the offset in ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if not out or out[-1] == " ":
                continue
            ch = " "
        for part in ch.casefold():
            out.append(part)
            where.append(i)
    return "".join(out), where


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """Where a coded passage sits in its answer, as [start, end): as written, else with white space,
    quotes, dashes and case set aside (a passage copied out of a spreadsheet or a Word file); None
    when it is not there. A passage in quotation marks or cut short with "..." is looked for without them."""
    passage = passage.strip()
    found = text.find(passage) if passage else -1
    if found >= 0:
        return found, found + len(passage)
    hay, where = _folded(text)
    for needle in dict.fromkeys([_folded(passage)[0].strip(), _folded(passage)[0].strip(" \"'.…").strip()]):
        at = hay.find(needle) if needle else -1
        if at >= 0:
            return where[at], where[at + len(needle) - 1] + 1
    return None


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
