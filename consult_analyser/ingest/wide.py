"""Wide survey exports: one row per respondent, a column per question (CSV or XLSX)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from consult_analyser.domain import OPTION_SEPARATOR, Channel, Question, QuestionKind, counted, publication_choice
from consult_analyser.errors import IngestError, NoQuestions
from consult_analyser.ingest.answer_codes import codes_note
from consult_analyser.ingest.closed_answers import ordered_choices
from consult_analyser.ingest.code_columns import CODE_MARKS, codes_columns_note, is_codes_header
from consult_analyser.ingest.columns import TableMapping, detect_mapping
from consult_analyser.ingest.header_roles import conditional_organisation
from consult_analyser.ingest.header_text import header_words, question_key_of
from consult_analyser.ingest.mapping_file import apply_mapping_file
from consult_analyser.ingest.option_columns import merge_mapped_options, ticked_value
from consult_analyser.ingest.personal_columns import PERSONAL_KINDS, personal_key
from consult_analyser.ingest.response_status import ResponseStatus
from consult_analyser.ingest.sides import (
    EMPTY_CELL,
    declared_in_type,
    is_organisation_value,
    is_yes_or_no,
    organisation_box_side,
    side_from_answer,
)
from consult_analyser.ingest.tabular import TABLE_SUFFIXES, Table, looks_like_tab_table, open_table, plain_text
from consult_analyser.ingest.uploads import row_documents
from consult_analyser.parsed import ParsedAnswer, ParsedBatch, ParsedRespondent, question_role
from consult_analyser.progress import ProgressFn

_OTHER = re.compile(r"^other\b", re.I)

__all__ = ["WideTableReader", "is_organisation_value"]


class WideTableReader:
    name = "wide-table"

    def sniff(self, path: Path, head: bytes) -> float:
        suffix = path.suffix.lower()
        if suffix in TABLE_SUFFIXES or (suffix == ".txt" and looks_like_tab_table(path, head)):
            return 0.5
        return 0.0

    def detect(self, path: Path, *, skip_bad_rows: bool = False
               ) -> tuple[TableMapping, Table, list[tuple[int, list[str]]]]:
        """Open the table and guess its mapping from all its rows (returned for re-use): a column's role rests on the
        whole file, never on its first rows only (see :func:`detect_mapping`)."""
        table = open_table(path, skip_bad_rows=skip_bad_rows)
        rows = list(table.rows)
        mapping = detect_mapping(table.header, [cells for _, cells in rows])
        return mapping, table, rows

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None,
             mapping_file: str | Path | None = None, skip_bad_rows: bool = False) -> ParsedBatch:
        detected, table, sample = self.detect(path, skip_bad_rows=skip_bad_rows)
        if mapping_file:
            detected = apply_mapping_file(detected, mapping_file, table=path)
        if mapping:
            _apply_dict(detected, mapping)
        return self.parse(path, detected, table, sample)

    def parse(self, path: Path, mapping: TableMapping, table: Table,
              sample: list[tuple[int, list[str]]]) -> ParsedBatch:
        if not sample:
            raise IngestError(path, "the file has a header but no data rows")
        questions = _questions(mapping)
        index = {c.header: i for i, c in enumerate(mapping.columns)}
        # the text of a document each respondent uploaded: their letter, not an answer (see .uploads)
        document_cols = [(index[c.header], c.header) for c in mapping.by_role("document")]
        if not questions and not document_cols:
            about = bool(mapping.by_role("respondent_type") or mapping.by_role("sector"))
            raise NoQuestions(path, "no question columns found; map them with a mapping file (--mapping)" + (
                ". It describes respondents (their type): import it into the project that holds their answers, "
                "after them or with them, and it attaches to them" if about else ""), describes_respondents=about)

        def col(role: str) -> int | None:
            found = mapping.by_role(role)
            return index[found[0].header] if found else None

        id_col, org_col = col("id"), col("organisation")
        # "Name of organisation (if responding on behalf of one)": left blank, an individual's answer (never where
        # a respondent type or a declared type says a side, or "Organisation name" asks it of everyone)
        org_header = mapping.columns[org_col].header if org_col is not None else ""
        blank_is_individual = conditional_organisation(org_header)
        blank_individuals: list[int] = []
        # first name before last, whatever the column order (Qualtrics writes Last Name first)
        name_cols = [index[c.header] for c in sorted(mapping.by_role("name"),
                                                      key=lambda c: "first" not in header_words(c.header))]
        email_col, type_col, sector_col, region_col = col("email"), col("respondent_type"), col("sector"), col("region")
        other_col, consent_col = col("sector_other"), col("consent")
        consent_header = mapping.columns[consent_col].header if consent_col is not None else ""
        type_header = header_words(mapping.columns[type_col].header) if type_col is not None else ""
        meta_cols = [(c.header, index[c.header]) for c in mapping.by_role("metadata")]
        # a login name, an access code, a postcode under another header: kept under a name that marks it personal
        personal_cols = [(personal_key(c.header, c.personal), index[c.header]) for c in mapping.by_role("personal")]
        # the tool's record of a test run ("Survey Preview", "Spam", "test"), and how each response came in
        status_cols = [i for h, i in meta_cols if header_words(h) in _STATUS_HEADERS]
        # partial and disqualified responses, as the tool's Status, Response Type or submit date says
        states = ResponseStatus.of(meta_cols, [cells for _, cells in sample])
        channel_col = next((i for h, i in meta_cols if header_words(h) in _CHANNEL_HEADERS), None)
        previews: list[int] = []
        totals: list[int] = []
        # columns of words not read as questions (kept as information, or not read): how many rows hold written
        # answers in each, said per column so that no question's answers are left out unseen (trial 51)
        unread = [(index[c.header], c) for c in mapping.columns if c.role in {"metadata", "ignore"} and not c.personal]
        written, filled = Counter[int](), Counter[int]()
        question_cols = [(index[c.header], c.question_key, c.kind) for c in mapping.by_role("question")]
        ticked = {index[c.header]: c.option for c in mapping.by_role("question") if c.option}  # one option of several
        separators = {index[c.header]: c.separator for c in mapping.by_role("question") if c.separator}
        stem = path.name  # with its extension: an export saved as .csv and .xlsx gives two sets of ids
        # "budget_paper.xlsx", "Postal responses.xlsx": forms typed in from paper came by post, not online
        file_channel = Channel(mapping.channel) if mapping.channel else \
            Channel.POST if _PAPER_FILE.search(path.stem) else Channel.ONLINE
        warnings = [f"{path.name}: {note}" for note in [*table.notes, *mapping.notes, codes_note(mapping.columns)] if note]
        if file_channel is Channel.POST and channel_col is None and not mapping.channel:
            warnings.append(f"{path.name}: its respondents are counted as responding by post, as its name says paper "
                            "forms (a file with a Channel column is read by that column instead)")
        # the words for answer codes (a mapping file's [labels]), read before anything else in the row
        labelled = [(index[c.header], c.labels) for c in mapping.columns if c.labels]
        marks = [c.header for c in mapping.by_role("question")
                 if c.kind == "closed" and c.samples and {v.lower() for v in c.samples} <= CODE_MARKS]
        if len(marks) >= 5:  # a column per code, 1 where it applies: a coded file
            warnings.append(f"{path.name}: {len(marks)} columns hold only marks such as 1/0 or x ({', '.join(marks[:4])}, "
                            "...); they were read as yes/no questions. If they are codes (a coding matrix), also "
                            f"import the file as codings: consult-analyser code PROJECT --import {path.name} "
                            "--create-codes")
        tags = [c.header for c in mapping.by_role("ignore") if is_codes_header(c.header)]
        if tags:  # a file of answers and the codes people gave them (see code_columns.looks_codes)
            warnings.append(codes_columns_note(path.name, tags))
        if id_col is None:
            warnings.append(f"{path.name}: no respondent id column; respondents were given ids from the file name "
                            f"and line ({stem}-row2, {stem}-row3, ...), the same each time this file is imported")
        seen: dict[str, tuple[int, int, int]] = {}  # id -> (first line, hash of the row, hash of its answers)
        repeats: list[int] = []
        lost: list[tuple[int, str]] = []  # (line, word): a "?" where the export could not hold a letter
        cosigned: dict[str, list[int]] = {}  # id -> later lines with the same answers but other details
        # an engagement platform's comments, a row each, with the commenter's e-mail as the id: one
        # respondent each, their comments joined (a mapping file's [import] several_rows_per_respondent)
        several = mapping.several_rows
        pending: dict[str, ParsedRespondent] = {}
        contributions: list[int] = []
        addresses: Counter[str] = Counter()  # e-mail address -> rows: several a person says comments, not responses

        def respondents() -> Iterator[ParsedRespondent]:
            for number, cells in itertools.chain(_released(sample), table.rows):
                if labelled:
                    cells = list(cells)
                    for i, labels in labelled:
                        cells[i] = labels.get(cells[i].strip(), cells[i])
                if any(_PREVIEW.fullmatch(cells[i].strip()) for i in status_cols):
                    previews.append(number)  # the survey's author trying it out: no respondent
                    continue
                state = states.read(cells)
                if state == "disqualified":  # screened out, over quota: not a response to count
                    states.disqualified.append(number)
                    continue
                external = cells[id_col].strip() if id_col is not None else f"{stem}-row{number}"
                if id_col is not None and _TOTALS.fullmatch(external):
                    totals.append(number)  # a spreadsheet's totals row ("Total", "Grand total"): no respondent
                    continue
                if id_col is not None:
                    if not external:
                        table.bad_row(number, "the respondent id is empty", mapping.columns[id_col].header)
                        continue
                    fingerprint = hash(tuple(cells))
                    answers_print = hash((*(cells[i] for i, _key, _kind in question_cols),
                                          *(cells[i] for i, _header in document_cols)))
                    if external in seen:
                        first, first_print, first_answers = seen[external]
                        if fingerprint == first_print:
                            repeats.append(number)  # the same row again: nothing new
                        elif several:
                            contributions.append(number)  # one more comment of the same person: joined below
                        elif answers_print == first_answers:
                            # one response listed once per signatory or type ("House-Fl", "House-Mn"):
                            # the answers are read once, the first row's details kept, and the user told
                            cosigned.setdefault(external, []).append(number)
                        else:
                            table.bad_row(number, f"respondent id {external!r} appears twice with different "
                                                  f"answers (first at line {first})", mapping.columns[id_col].header)
                        if not several or fingerprint == first_print:
                            continue
                    else:
                        seen[external] = (number, fingerprint, answers_print)
                answers: dict[str, ParsedAnswer] = {}
                for i, key, kind in question_cols:
                    value = cells[i]
                    if not value or not (value := value.strip()):
                        continue
                    if i in ticked and not (value := ticked_value(value, ticked[i])):
                        continue  # LimeSurvey's "N" for an option not ticked
                    answer = answers.get(key)
                    if answer is None:
                        answer = answers[key] = ParsedAnswer(key)
                    if kind == "closed":
                        if i in separators:  # "Buses;Trains;" or "Buses, Trains": the options, joined as ours
                            value = OPTION_SEPARATOR.join(p.strip() for p in value.split(separators[i]) if p.strip())
                        answer.choice = f"{answer.choice}{OPTION_SEPARATOR}{value}" if i in ticked and answer.choice \
                            else value
                    else:
                        value = plain_text(value)
                        answer.text = f"{answer.text}\n\n{value}" if answer.text else value
                        if "?" in value and (word := LOST_LETTER.search(value)):
                            lost.append((number, word.group()))
                for i, _column in unread:
                    if cells[i].strip():
                        filled[i] += 1
                        if cells[i].count(" ") >= 3 and len(_WORD.findall(cells[i])) >= 4:
                            written[i] += 1
                uploads = [(cells[i], header) for i, header in document_cols if cells[i].strip()]
                if state == "partial":  # left before the end: what it says counts, if it says anything
                    (states.partial if answers or uploads else states.empty_partial).append(number)
                    if not answers and not uploads:
                        continue
                name = " ".join(v for i in name_cols if (v := cells[i].strip()))
                org = cells[org_col].strip() if org_col is not None else ""
                org = "" if org.lower() in EMPTY_CELL else org
                declared = cells[sector_col].strip() if sector_col is not None else (
                    declared_in_type(cells[type_col]) if type_col is not None and not is_yes_or_no(cells[type_col])
                    else "")  # "Local authority" kept; a "Yes" to "... on behalf of an organisation?" is no type
                said = cells[other_col].strip() if other_col is not None else ""
                if said and (not declared or _OTHER.match(declared)):  # "Other" and its words: "Parish meeting"
                    declared = f"Other (please specify): {said}"
                # "Individual", or a "No" to "Are you responding on behalf of an organisation?"
                is_org = side_from_answer(cells[type_col], type_header) if type_col is not None else None
                if is_org is None:
                    is_org = organisation_box_side(org) if org else (
                        is_organisation_value(declared) if declared else None)
                if is_org is None and blank_is_individual and not declared and (not org or _NOT_APPLICABLE.fullmatch(org)):
                    is_org = False  # nothing, or "N/A", where only organisations give a name
                    blank_individuals.append(number)
                if is_org and not org and name and org_col is None:
                    org = name  # e.g. a "commenter" column holding the organisation for organisations
                consent = cells[consent_col].strip() if consent_col is not None else ""
                parsed = ParsedRespondent(
                    external_id=external,
                    name=name,
                    organisation=org,
                    email=cells[email_col].strip() if email_col is not None else (
                        external if several and "@" in external else ""),
                    declared_type=declared,
                    is_organisation=is_org,
                    region=cells[region_col].strip() if region_col is not None else "",
                    channel=channel_of(cells[channel_col]) if channel_col is not None else file_channel,
                    metadata={h: cells[i] for h, i in itertools.chain(meta_cols, personal_cols) if cells[i]},
                    answers=list(answers.values()),
                    source_row=number,
                    publication=publication_choice(consent, consent_header),
                    consent=consent,
                )
                if uploads:  # the row's respondent's letters, stored and mapped as a folder's files are
                    person = ParsedRespondent(external_id=external, name=name, organisation=org, email=parsed.email,
                                              channel=parsed.channel)
                    for value, header in uploads:
                        batch.documents.extend(row_documents(value, header, person))
                if "@" in parsed.email:  # (Microsoft Forms writes "anonymous" for everyone who was not signed in)
                    addresses[parsed.email.strip().lower()] += 1
                if not several:
                    yield parsed
                elif external in pending:
                    join_contribution(pending[external], parsed)
                else:
                    pending[external] = parsed
            yield from pending.values()  # several rows a person: once each, with all they wrote
            batch.skipped_rows.extend(table.bad_rows)
            shared = sum(addresses.values()) - len(addresses)
            if not several and shared >= max(5, 0.1 * sum(addresses.values())):
                batch.warnings.append(
                    f"{path.name}: {sum(addresses.values()):,} respondents come from {len(addresses):,} e-mail "
                    "addresses: people who wrote on several rows (a comment a row) are counted once a row. To count "
                    "each person once with all they wrote, import it again into a new project with a mapping file that "
                    "makes the e-mail column the id and says [import] several_rows_per_respondent = true")
            if contributions:
                batch.warnings.append(
                    f"{path.name}: {counted(len(contributions), 'row')} added to a respondent's earlier rows (several "
                    f"rows a respondent, as the mapping says): {len(pending):,} respondents from "
                    f"{len(pending) + len(contributions):,} rows; a question answered on several rows holds all "
                    "their text, and every option chosen")
            batch.warnings.extend(states.notes(path.name))
            batch.warnings.extend(unanalysed_note(path.name, column.header, filled[i], column.why, column.role)
                                  for i, column in unread if written[i] >= UNANALYSED_ROWS)
            if blank_individuals:
                batch.warnings.append(
                    f"{path.name}: {counted(len(blank_individuals), 'respondent')} left {org_header!r} blank or wrote "
                    f"that it does not apply, and {'is' if len(blank_individuals) == 1 else 'are'} counted as answering "
                    "as individuals, as the column asks only those answering for an organisation (a respondent type "
                    "or declared type, where one was given, says the side instead)")
            if cosigned:
                shown = "; ".join(f"{rid!r} at lines {', '.join(map(str, [seen[rid][0], *lines]))}"
                                  for rid, lines in list(cosigned.items())[:5])
                batch.warnings.append(
                    f"{path.name}: {len(cosigned)} respondent ids appear on several rows with the same answers but "
                    f"other details (such as one row per signatory); each response was read once with the details "
                    f"of its first row: {shown}{'; ...' if len(cosigned) > 5 else ''}")
            if table.blanked_errors:
                batch.warnings.append(f"{path.name}: {counted(table.blanked_errors, 'cell')} held a spreadsheet's "
                                      "error (#N/A, #REF!, ...) from a formula that failed, and "
                                      f"{'was' if table.blanked_errors == 1 else 'were'} read as blank")
            if totals:
                batch.warnings.append(f"{path.name}: {counted(len(totals), 'row')} of totals (an id of "
                                      f"{'Total' if len(totals) == 1 else 'Total, Count, ...'}) left out (line"
                                      f"{'s' if len(totals) > 1 else ''} {', '.join(map(str, totals[:10]))})")
            if previews:
                batch.warnings.append(f"{path.name}: {counted(len(previews), 'row')} marked as the survey tool's preview "
                                      f"or test runs were left out (lines {', '.join(map(str, previews[:10]))}"
                                      f"{', ...' if len(previews) > 10 else ''})")
            if len(lost) >= LOST_LETTERS_WARN:
                batch.warnings.append(
                    f"{path.name}: {counted(len(lost), 'answer')} hold a '?' inside a word (such as {lost[0][1]!r} at "
                    f"line {lost[0][0]}): letters the export could not hold (Welsh ŵ and ŷ in a Windows-1252 CSV) "
                    "were replaced before import and cannot be recovered; export the survey again as 'CSV UTF-8' or "
                    "as a workbook (.xlsx) and import that instead")
            if repeats:
                one = len(repeats) == 1
                batch.warnings.append(f"{path.name}: {counted(len(repeats), 'row')} {'repeats' if one else 'repeat'} an "
                                      f"earlier row exactly and {'was' if one else 'were'} read once (line"
                                      f"{'' if one else 's'} {', '.join(map(str, repeats[:10]))}"
                                      f"{', ...' if len(repeats) > 10 else ''})")

        columns = [(c.header, question_role(c.question_key, c.kind) if c.role == "question" else
                    f"personal ({PERSONAL_KINDS.get(c.personal, PERSONAL_KINDS['personal'])})"
                    if c.role == "personal" or (c.role == "metadata" and c.personal)
                    else c.role) for c in mapping.columns]
        batch = ParsedBatch(source_file=str(path), reader=self.name, questions=questions,
                            respondents=respondents(), total_rows=table.total_rows, warnings=warnings,
                            columns=columns)
        return batch


#: a survey tool's column that says whether a row is a real response (Qualtrics "Status" or
#: "Response Type", "Distribution Channel"), and the values that mark its author's test runs
_STATUS_HEADERS = frozenset({"status", "response type", "distribution channel", "distributionchannel"})
#: a word with a "?" between its letters ("h?n" for "hŷn", "Ll?n"), a lower-case letter after it; not a question
#: run into the next sentence ("and why?As an ..."), nor a web address ("search?q=", "page?id=3")
LOST_LETTER = re.compile(r"(?<![/=&.\w])[^\W\d_]+\?(?=[^\W\d_])(?![A-Z])[^\W\d_]+(?![=\w])")
LOST_LETTERS_WARN = 3  # answers with such a word before the import says so (one may be a typing slip)
#: what a respondent writes in a box that does not apply to them ("N/A", "None", "-")
_NOT_APPLICABLE = re.compile(r"n\.?/?a\.?|none|nil|not applicable|-+|\.+", re.I)
_TOTALS = re.compile(r"(?:grand |sub-?)?totals?|sum|count|average|mean", re.I)
_PREVIEW = re.compile(r"(?:survey )?(?:preview|test)(?: response| run)?|spam|imported test", re.I)
#: a column that says how each response came in ("Online form", "Email", "Post", "Letter")
_CHANNEL_HEADERS = frozenset({"channel", "response channel", "how received", "received by", "received via",
                              "response method", "submission method", "submission channel"})


#: a word of two letters or more: a cell of four of them (and three spaces) reads as written words, not a code or a date
_WORD = re.compile(r"[^\W\d_]{2,}")
#: a column not read as a question is said in the dry run and the import (with the rows it fills) from this many
#: rows of written words
UNANALYSED_ROWS = 3
#: reads :func:`unanalysed_note` back (the dry run shows these notes apart, column by column)
UNANALYSED = re.compile(r"^(?P<file>.*?): column (?P<header>.*) holds text in (?P<rows>[\d,]+) rows but is NOT "
                        r"imported as a question \((?P<why>.*?)\); ")


def unanalysed_note(file: str, header: str, rows: int, why: str, role: str) -> str:
    """The note for a column of written words, filled in ``rows`` rows, that is not imported as a question."""
    kept = "kept with each respondent as information" if role == "metadata" else "not read"
    return (f"{file}: column {header!r} holds text in {rows:,} rows but is NOT imported as a question "
            f"({why or 'as the detection read it'}); they are {kept}, not analysed. If it is a question, map it in a "
            f"mapping file (--mapping): \"{header}\" = \"question:KEY:open\"")


def _released(rows: list[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    """The rows in order, each let go once read: the detection holds all a file's rows, the import not twice over."""
    rows.reverse()
    while rows:
        yield rows.pop()


def join_contribution(first: ParsedRespondent, later: ParsedRespondent) -> None:
    """Add a respondent's later row to their first: a question's texts joined (each once), its options
    united as several ticked; blank details filled from the later row."""
    answers = {a.question_key: a for a in first.answers}
    for answer in later.answers:
        held = answers.get(answer.question_key)
        if held is None:
            first.answers.append(answer)
            answers[answer.question_key] = answer
            continue
        if answer.text and answer.text not in held.text.split("\n\n"):
            held.text = f"{held.text}\n\n{answer.text}" if held.text else answer.text
        if answer.choice:
            options = [o for o in held.choice.split(OPTION_SEPARATOR) if o] if held.choice else []
            options += [o for o in answer.choice.split(OPTION_SEPARATOR) if o and o not in options]
            held.choice = OPTION_SEPARATOR.join(options)
    for detail in ("name", "organisation", "email", "declared_type", "region"):
        if not getattr(first, detail) and getattr(later, detail):
            setattr(first, detail, getattr(later, detail))


#: a file of forms typed in from paper, by its name
_PAPER_FILE = re.compile(r"(?:^|[\W_])(?:paper|postal|posted|hard[\W_]?cop(?:y|ies)|hardcop(?:y|ies)|printed)(?:$|[\W_]|s\b)",
                         re.I)


def channel_of(value: str) -> Channel:
    """The channel a "Channel" cell names: online (form, survey, web), e-mail, post (letter, paper)."""
    words = value.strip().lower()
    if not words or re.search(r"online|web|form|survey|portal|citizen ?space", words):
        return Channel.ONLINE
    if re.search(r"e-?mail", words):
        return Channel.EMAIL
    if re.search(r"post|letter|paper|hard ?copy|mail", words):
        return Channel.POST
    return Channel.OTHER


def _questions(mapping: TableMapping) -> list[Question]:
    by_key: dict[str, Question] = {}
    for column in mapping.by_role("question"):
        _key, text = question_key_of(column.header)
        kind = QuestionKind.CLOSED if column.kind == "closed" else QuestionKind.OPEN
        question = by_key.get(column.question_key)
        if question is None:
            by_key[column.question_key] = Question(key=column.question_key, text=text or column.header, kind=kind,
                                                   position=len(by_key),
                                                   key_given=column.question_key in mapping.given_keys)
        elif question.kind != kind:
            question.kind = QuestionKind.HYBRID
            if kind == QuestionKind.CLOSED:
                question.follow_up = question.text  # the free-text column's own wording, kept beside the question
                question.text = text or question.text  # the closed column carries the question itself
            else:
                question.follow_up = text or column.header
    for column in mapping.by_role("question"):
        question = by_key[column.question_key]
        if column.kind == "closed":
            for value in column.samples:
                if value not in question.choices:
                    question.choices.append(value)
    for question in by_key.values():  # "Every day" .. "Never", "45,00" .. "310,40"
        question.choices = ordered_choices(question.choices)
    texts: dict[str, set[str]] = {}
    asked: dict[str, set[str]] = {}  # the closed columns' headers
    for column in mapping.by_role("question"):
        texts.setdefault(column.question_key, set()).add(question_key_of(column.header)[1])
        if column.kind == "closed":
            asked.setdefault(column.question_key, set()).add(question_key_of(column.header)[1])
    for key, seen in texts.items():  # "Do you agree ...? - Response" and "... - Comments": the question is the stem
        stems = {t.rsplit(" - ", 1)[0] for t in seen if " - " in t}
        # unless the closed column's tail is itself the question ("Proposal A - Do you agree?" beside "Proposal A -
        # Why?" was kept as "Proposal A"): a stem is the question only beside a label ("Response", "Rating")
        labels = all(_a_label(t.rsplit(" - ", 1)[1]) for t in asked.get(key, set()) if " - " in t)
        if len(seen) > 1 and len(stems) == 1 and all(" - " in t for t in seen) and labels:
            by_key[key].text = stems.pop()
    for question in by_key.values():
        question.follow_up = _own_words(question.follow_up, question.text)
    for key, text in mapping.question_texts.items():
        if key in by_key:
            by_key[key].text = text
    return list(by_key.values())


def _a_label(tail: str) -> bool:
    """Whether a header's tail after " - " labels its column ("Response", "Your rating") rather than asking a question
    of its own ("Do you agree?", "How strongly do you support it")."""
    words = tail.split()
    return not tail.rstrip().endswith("?") and len(words) <= 2


def _own_words(follow_up: str, text: str) -> str:
    """The free-text column's wording without what it shares with its question's: "Comments" of "Do you
    agree? - Comments" under "Do you agree?", "Why?" of "Proposal A - Why?" under "Proposal A - Do you agree?"."""
    shared = re.match(r"(.+?)\s*[-–:|]\s+", text)
    for start in (re.match(rf"{re.escape(text.strip())}\s*[-–:|]\s+", follow_up),
                  shared if shared and follow_up.startswith(shared.group(0)) else None):
        if start and follow_up[start.end():].strip():
            return follow_up[start.end():].strip()
    return follow_up.strip()


def _apply_dict(mapping: TableMapping, overrides: dict) -> None:
    """Apply {header: "role[:key[:kind[:given]]]"} overrides given in code (e.g. by the import wizard;
    "given": the analyst typed the key, which joins the project's question of that key). They are the
    corrections of one table: another sheet of the workbook with other columns (an ideas board's Ideas beside
    its Comments) is read as detected, not by the headers the two share ("Idea ID")."""
    if not set(overrides) <= {c.header for c in mapping.columns}:
        return
    for column in mapping.columns:
        if column.header in overrides:
            parts = str(overrides[column.header]).split(":")
            column.role = parts[0]
            column.why = "the import's column choices give it that role"
            if column.role == "question":
                column.question_key = parts[1] if len(parts) > 1 and parts[1] else column.question_key or column.header[:20]
                column.kind = parts[2] if len(parts) > 2 and parts[2] else (column.kind or "open")
                if len(parts) > 3 and parts[3] == "given":
                    mapping.given_keys.add(column.question_key)
    merge_mapped_options(mapping.columns, mapping.question_texts)
