"""A dry run of an import: what a file would give, read in full, with nothing written.

The CLI's ``import --dry-run`` prints it and the import wizard's check page shows it: the
layout read, the role of every column, the questions (open or closed), the respondent count and
the first rows that cannot be read (with what to do about them).
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from consult_analyser.domain import Channel, Question, counted
from consult_analyser.errors import IngestError, NoQuestions
from consult_analyser.ingest.doc_extract import EMAIL_TYPE
from consult_analyser.ingest.doc_msg import MSG_TYPE
from consult_analyser.ingest.sheets import reading_sheet, response_sheets
from consult_analyser.ingest.table_rows import is_left_out
from consult_analyser.ingest.wide import UNANALYSED
from consult_analyser.parsed import QUESTION_ROLE, ParsedDocument, question_role
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store.resends import Sender

SHOW_BAD_ROWS = 10
SHOW_NOTES = 20
#: a mailbox's message is named by its place in it ("consultation_mailbox.mbox#6")
_MAILBOX_PLACE = re.compile(r"#\d+$")
_EMAIL_TYPES = {EMAIL_TYPE, MSG_TYPE}
LAYOUT_NAMES = {"wide-table": "wide (one row per respondent)", "long-table": "long (one row per answer)",
                "attributes": "respondent attributes (facts about respondents, no answers)"}


#: what a role means, beside its name (the name is what a mapping file uses)
ROLE_GLOSS = {"metadata": " (kept with the respondent, not analysed)",
              "respondent_type": " (who is responding: individual or organisation, or their kind)",
              "sector": " (the declared type)",
              "sector_other": " (the declared type's 'Other' words)", "ignore": " (not read)",
              "id": " (respondent id)", "consent": " (whether the response may be published, and with names)",
              "document": " (an uploaded document's text: the respondent's letter, which `letters` maps to the questions)"}


def short_header(header: str, width: int = 60) -> str:
    """A header cut to ``width`` characters, its beginning and its end: the options of one question
    differ only at the end ("Which of these ways … (Select all that apply):Bus")."""
    header = " ".join(header.split())
    if len(header) <= width:
        return header
    tail = min(30, width // 2)
    return f"{header[:width - tail - 3].rstrip()} … {header[-tail:].lstrip()}"


def distinct_headers(headers: Sequence[str], width: int = 60) -> list[str]:
    """Each header cut as :func:`short_header`, except where two would read alike: those show their first words,
    the words in which they differ from the others (with one word either side) and their last words, "…" between.
    A trial's four ANES questions ("… about Barack Obama that might make you want to vote for him?", "… against him?",
    the same about John McCain) all read "Is there anything in partic … make you want to vote for him?" or cut
    before the words that tell them apart."""
    short = [short_header(h, width) for h in headers]
    alike: dict[str, list[int]] = {}
    for i, cut in enumerate(short):
        alike.setdefault(cut, []).append(i)
    words = [" ".join(h.split()).split(" ") for h in headers]
    for group in alike.values():
        for i in group if len(group) > 1 else ():
            keep = set(range(min(3, len(words[i])))) | set(range(max(0, len(words[i]) - 3), len(words[i])))
            for j in group:
                for tag, a0, a1, _b0, _b1 in SequenceMatcher(a=words[i], b=words[j], autojunk=False).get_opcodes():
                    if tag != "equal":  # the words that differ, and a word either side (for/against "vote ... him")
                        keep.update(range(max(0, a0 - 1), min(len(words[i]), max(a1, a0 + 1) + 1)))
            shown = [w if k in keep else "…" for k, w in enumerate(words[i])]
            short[i] = " ".join(w for k, w in enumerate(shown) if w != "…" or k == 0 or shown[k - 1] != "…")
    return short


def _gloss(role: str) -> str:
    """What a role means, as the dry run says it beside the role's name."""
    if role.startswith("personal"):  # "personal (postcode)"
        return ": kept with the respondent as personal details, published nowhere"
    return ROLE_GLOSS.get(role, "")


@dataclass
class FilePreview:
    path: str
    layout: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    respondents: int = 0
    answers: int = 0
    documents: int = 0
    senders: int = 0  # respondents the documents add (a survey's own uploads add none)
    files: int = 0
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # why the file cannot be imported at all
    attributes: str = ""  # an attribute table: what it would attach (AttributePlan.summary)
    already: int = 0  # respondents of the file already in the project (skipped by the import)
    emails: int = 0  # of the documents: e-mails saved one a file (.eml, .msg)
    mailbox: int = 0  # of the documents: messages of a mailbox (.mbox), named "file.mbox#6"
    resent: int = 0  # letters sent before (in a file given earlier, or in the project): not imported again

    def rekey(self, keys: list[str], warnings: list[str], known: int) -> None:
        """Show the keys the questions get in the project (the file's "C1" may be stored as "C6"),
        and say so when none of them is a question the project has."""
        renamed = {q.key: k for q, k in zip(self.questions, keys, strict=True)}
        self.questions = [replace(q, key=k) for q, k in zip(self.questions, keys, strict=True)]

        def role_in_project(role: str) -> str:
            match = QUESTION_ROLE.match(role)
            return question_role(renamed.get(match.group(1), match.group(1)), match.group(2)) if match else role

        self.columns = [(header, role_in_project(role)) for header, role in self.columns]
        self.warnings.extend(warnings)
        if not known:
            self.warnings.append(f"none of its {len(keys)} questions is one the project has already: they would be added "
                                 f"as new questions ({', '.join(keys[:6])}{', ...' if len(keys) > 6 else ''}); "
                                 "check that this file belongs to this consultation")

    def lines(self, *, skip_bad_rows: bool = False) -> list[str]:
        """The report as plain lines."""
        name = Path(self.path).name
        if self.error:
            return [f"✗ {self.error}"]
        out = [f"{name}: {LAYOUT_NAMES.get(self.layout, self.layout)}"]
        if self.attributes:
            return [*out, f"  {self.attributes}"]
        unread = self.unanalysed()
        if self.columns:
            out.append("  columns:")
            shown = distinct_headers([header for header, _ in self.columns])
            out.extend(f"    {cut!r:64} -> {role}{_gloss(role)}"
                       + (f"  <- NOT ANALYSED: text in {unread[header][0]:,} rows" if header in unread else "")
                       for cut, (header, role) in zip(shown, self.columns, strict=True))
        if unread:
            out.append(f"  !! {counted(len(unread), 'column')} of written words would NOT be imported as "
                       f"{'questions' if len(unread) > 1 else 'a question'}: {'their' if len(unread) > 1 else 'its'} text "
                       "would be kept, not analysed")
            for header, (rows, why) in unread.items():
                out.append(f"    {short_header(header)!r}: text in {rows:,} rows; not a question because {why}")
            out.append("    if one is a question, map it in a mapping file (--mapping), e.g. "
                       f"\"{next(iter(unread))}\" = \"question:KEY:open\"")
        if self.questions:
            out.append(f"  questions ({len(self.questions)}; hybrid: a closed answer with its explanation):"
                       if any(q.kind.value == "hybrid" for q in self.questions) else f"  questions ({len(self.questions)}):")
            texts = distinct_headers([q.text for q in self.questions], 70)
            out.extend(f"    {q.key:8} {q.kind.value:7} {text}" for q, text in zip(self.questions, texts, strict=True))
        what = [f"{self.respondents:,} respondents", f"{self.answers:,} answers"]
        if self.documents and not self.respondents:  # letters: the respondents they add, as the import does
            what = [f"{self.submissions()}, " + ("each a respondent" if self.senders == self.documents else
                                                  f"from {counted(self.senders, 'new respondent')} (the others join "
                                                  "respondents known before: see the notes)")]
        elif self.documents:
            what.append(self.submissions())
        out.append("  would import " + ", ".join(what)
                   + (f" ({self.already:,} respondents of the file are already in the project and would be skipped)"
                      if self.already else ""))
        if self.kinds():
            out.append(f"  of which {self.kinds()}")
        if self.bad_rows:
            out.append(f"  {counted(len(self.bad_rows), 'bad row')}" + (f"; {'it' if len(self.bad_rows) == 1 else 'they'} would be skipped:" if skip_bad_rows else
                       "; the import would be refused unless bad rows are skipped (--skip-bad-rows):"))
            out.extend(f"    line {line}: {reason}" for line, reason in self.bad_rows[:SHOW_BAD_ROWS])
            if len(self.bad_rows) > SHOW_BAD_ROWS:
                out.append(f"    ... and {len(self.bad_rows) - SHOW_BAD_ROWS} more")
        notes = [w for w in self.warnings if not UNANALYSED.match(w)]  # (those are said above, column by column)
        out.extend(f"  note: {w}" for w in notes[:SHOW_NOTES])
        if len(notes) > SHOW_NOTES:
            out.append(f"  ... and {len(notes) - SHOW_NOTES} more notes (the import lists them all)")
        return out

    def unanalysed(self) -> dict[str, tuple[int, str]]:
        """The columns of written words that would not be imported as questions: header -> (rows filled, why)."""
        found = {}
        for warning in self.warnings:
            if match := UNANALYSED.match(warning):
                with contextlib.suppress(ValueError, SyntaxError):
                    found[ast.literal_eval(match.group("header"))] = (int(match.group("rows").replace(",", "")),
                                                                      match.group("why"))
        return found

    def submissions(self) -> str:
        """The documents, as the dry run and the import wizard count them: "148 submissions (199 files)"."""
        return f"{self.documents:,} submissions ({self.files:,} files)"

    def kinds(self) -> str:
        """What the submissions are, when any came by e-mail: "88 e-mails, 60 messages of a mailbox, 2 letters
        or other documents"; "" for letters alone."""
        letters = self.documents - self.emails - self.mailbox
        if not (self.emails or self.mailbox):
            return ""
        return ", ".join(k for k in (counted(self.emails, "e-mail") if self.emails else "",
                                     counted(self.mailbox, "message") + " of a mailbox" if self.mailbox else "",
                                     counted(letters, "letter or other document", "letters or other documents")
                                     if letters else "") if k)

class DryRun:
    """What a dry run of several files given together has met, as the import meets it file after file: the
    project's respondents (by id) and the respondents the earlier files add, and their letters and e-mail
    addresses (:class:`~consult_analyser.store.resends.Arrivals`, the import's own account), so that a letter sent
    again in another file, or from the address of a survey's respondent or of an earlier letter's sender, is
    predicted as the import places it."""

    def __init__(self, project: str | Path | None = None) -> None:
        from consult_analyser.store.project import Project
        from consult_analyser.store.resends import Arrivals, stored_letters, stored_senders

        self.known: dict[str, str] = {}  # the respondents' ids: the project's and those the earlier files add
        senders: dict[str, Sender] = {}
        where = Path(project) if project is not None and Path(project).is_file() else None
        if where is not None:
            stored = Project.open(where, readonly=True)
            try:
                self.known = {r[0]: r[1] for r in stored.query("SELECT external_id, id FROM respondents")}
                senders = stored_senders(stored.conn)
            finally:
                stored.close()
        self.stored = set(self.known.values())

        def letters() -> list[tuple[str, str]]:
            """The project's letters, read when a file first brings one (a table's dry run reads none)."""
            if where is None:
                return []
            stored = Project.open(where, readonly=True)
            try:
                return list(stored_letters(stored.conn))
            finally:
                stored.close()

        self.arrivals = Arrivals(letters, senders.get)

    def place(self, preview: FilePreview, documents: list[ParsedDocument], ids: set[str]) -> None:
        """Count ``documents`` as the import would place them (:meth:`Arrivals.resent`, :meth:`Arrivals.join`):
        those sent before (named), those joining a respondent (said as the import says it) and the new respondents
        they add; ``ids``, the file's own respondents' ids (a table's rows)."""
        from consult_analyser.store.imports import find_respondent, index_by_number, respondent_by_path
        from consult_analyser.store.resends import joined_notes, resend_note

        by_number = index_by_number(self.known)

        def by_id(external_id: str) -> str | None:
            return external_id if external_id in ids else find_respondent(self.known, by_number, external_id)

        def by_path(path: str) -> str | None:
            return respondent_by_path(self.known, self.stored, path)

        online: list[str] = []
        earlier: list[str] = []
        for document in documents:
            before = self.arrivals.resent(document)
            if before and before != document.filename:
                preview.resent += 1
                preview.warnings.append(resend_note(document.filename, before))
                continue
            preview.documents += 1
            preview.files += 1 + _files_in(document)
            in_mailbox = bool(_MAILBOX_PLACE.search(document.filename))
            preview.mailbox += in_mailbox
            preview.emails += document.media_type in _EMAIL_TYPES and not in_mailbox
            join = self.arrivals.join(document, by_id=by_id, by_path=by_path)
            if join.how in ("online", "earlier"):
                (online if join.how == "online" else earlier).append(document.filename)
            if join.respondent is None:
                respondent = document.respondent
                preview.senders += 1
                ids.add(respondent.external_id)
                self.arrivals.arrived(respondent.email, respondent.external_id,
                                      online=respondent.channel == Channel.ONLINE)
        preview.warnings += joined_notes(online, earlier)

    def added(self, ids: set[str]) -> None:
        """A file's respondents, known to the files after it."""
        for external_id in ids:
            self.known.setdefault(external_id, external_id)
            self.stored.add(self.known[external_id])


def _files_in(document: ParsedDocument) -> int:
    """The files a document holds (its attachments, theirs ...)."""
    return sum(1 + _files_in(a) for a in document.attachments)


def preview_files(paths: Sequence[str | Path], *, mapping_file: str | Path | None = None,
                  mappings: Mapping[str, dict] | None = None, layout: str | None = None,
                  progress: ProgressFn | None = None, project: str | Path | None = None) -> list[FilePreview]:
    """The dry run of an import of ``paths`` together, a preview each (:func:`preview_file`), predicting what the
    import does across them: a letter sent again in a later file is named, not counted, and one from the address
    of an earlier file's respondent (a survey's, an earlier letter's) joins them (see :class:`DryRun`).
    ``mappings``: a column mapping per file, by its path as given (the wizard's corrections)."""
    progress = progress or null_progress
    run = DryRun(project)
    previews = []
    for i, path in enumerate(paths):
        step = scaled(progress, i / len(paths), (i + 1) / len(paths))
        previews.append(preview_file(path, mapping_file=mapping_file, mapping=(mappings or {}).get(str(path)),
                                     layout=layout, progress=step, project=project, alongside=len(paths) > 1, run=run))
    return previews


def together(previews: Sequence[FilePreview]) -> str:
    """What the import of the files together would make, as the import counts it: "would import 171 respondents,
    50 answers and 158 documents"."""
    respondents = sum(p.respondents + p.senders for p in previews if not p.error)
    answers = sum(p.answers for p in previews if not p.error)
    documents = sum(p.files for p in previews if not p.error)
    return f"altogether: would import {respondents:,} respondents, {answers:,} answers and {documents:,} documents"


def preview_file(path: str | Path, *, mapping_file: str | Path | None = None, mapping: dict | None = None,
                 layout: str | None = None, progress: ProgressFn | None = None,
                 project: str | Path | None = None, alongside: bool = False, run: DryRun | None = None) -> FilePreview:
    """Read ``path`` in full as an import would (bad rows collected, not refused); write nothing.
    A file that cannot be read at all gives a preview with ``error`` set. ``project``: the project
    file the import would go into, when it exists: its questions are read (read-only) so that the
    preview keeps their layout as the import would (:func:`~consult_analyser.ingest.importer.keep_earlier_questions`),
    and a table of facts about its respondents is previewed as the attributes it would attach.
    ``alongside``: other files are imported with this one (a list of respondents' types waits for
    their answers, as the import does). ``run``: what the files previewed before it (given with it) met
    (:func:`preview_files`); a file alone meets the project only."""
    from consult_analyser.ingest.attributes import is_attribute_table, plan_attributes
    from consult_analyser.ingest.importer import keep_earlier_questions, mapping_layout, parse_file, several_dockets
    from consult_analyser.store.question_keys import plan_question_keys
    from consult_analyser.store.respondents import docket_of

    progress = progress or null_progress
    path = Path(path)
    preview = FilePreview(str(path))
    stored = None
    try:
        if project is not None and Path(project).is_file():
            from consult_analyser.store.project import Project

            stored = Project.open(project, readonly=True)
            if is_attribute_table(stored, path, layout or mapping_layout(mapping_file)[0]):
                preview.layout, preview.attributes = "attributes", plan_attributes(stored, path).summary()
                return preview
        # a workbook with a sheet of responses per language: the import reads each, and so does the count
        sheets = response_sheets(path) if not path.is_dir() else []
        with reading_sheet(sheets[0] if len(sheets) > 1 else None):
            batch = parse_file(path, mapping_file=mapping_file, mapping=mapping, layout=layout, skip_bad_rows=True)
        others, titled = [], []
        for sheet in sheets[1:]:
            with reading_sheet(sheet), contextlib.suppress(NoQuestions):
                others.append(parse_file(path, mapping_file=mapping_file, mapping=mapping, layout=layout,
                                         skip_bad_rows=True))
                titled.append(sheet)
        planned = None
        if stored is not None:
            batch = keep_earlier_questions(stored, batch)
            if batch.questions and stored.scalar("SELECT COUNT(*) FROM questions"):
                planned = plan_question_keys(stored, batch.questions)  # the keys the import will store
        ids: set[str] = set()
        from consult_analyser.store.imports import find_respondent, index_by_number

        run = run or DryRun(project)
        known = run.known  # the project's respondents and those of the files given before
        by_number = index_by_number(known)
        dockets: Counter[str] = Counter()  # the dockets of the respondents the import would add
        docket_column = ""
        respondents = itertools.chain(batch.iter_respondents(), *(b.iter_respondents() for b in others))
        for number, respondent in enumerate(respondents, start=1):
            ids.add(respondent.external_id)
            # an export of all responses to date: only the new count (matched as the import matches them)
            if find_respondent(known, by_number, respondent.external_id) is not None:
                preview.already += 1
                continue
            preview.respondents += 1
            run.arrivals.arrived(respondent.email, respondent.external_id, online=respondent.channel == Channel.ONLINE)
            column, docket = docket_of(respondent.metadata)
            if docket:
                dockets[docket] += 1
                docket_column = docket_column or column
            preview.answers += sum(1 for a in respondent.answers if a.text or a.choice)
            if number % 2000 == 0:
                progress(0.5, f"{path.name}: {number:,} rows")
        # several rulemakings' comments in one project, as the import would warn (with the project's own)
        several = several_dockets(stored, dockets, docket_column, subject="the comments would be" if stored is not None
                                  else "the file's comments are")
    except NoQuestions as exc:
        if alongside and exc.describes_respondents:
            preview.layout = "attributes"
            preview.attributes = ("names respondents' types: attached to the respondents of the files imported with "
                                  "it (matched by id or name)")
        else:
            preview.error = str(exc)
        return preview
    except IngestError as exc:
        preview.error = str(exc)
        return preview
    finally:
        if stored is not None:
            stored.close()
    preview.layout = batch.reader
    preview.columns = list(batch.columns)
    preview.questions = list(batch.questions)
    # rows that hold no respondent (a header repeated, a row of totals) are left out by the import, said as notes
    preview.bad_rows = [(line, reason) for line, reason in batch.skipped_rows if not is_left_out(reason)]
    left_out = [f"{path.name}: line {line}: {reason}" for line, reason in batch.skipped_rows if is_left_out(reason)]
    preview.warnings = left_out + list(batch.warnings) + several
    run.place(preview, batch.documents, ids)  # resends, joins and new senders, as the import places them
    run.added(ids)
    if len(sheets) > 1:
        preview.warnings.append(f"the import reads each of the workbook's {len(sheets)} sheets of responses ("
                                + ", ".join(repr(s) for s in sheets) + "): the counts are of them all, the columns "
                                f"and questions shown are those of {sheets[0]!r}")
        preview.warnings += [sheet_note(sheet, other.columns, sheets[0], batch.columns)
                             for sheet, other in zip(titled, others, strict=True)]
    if planned is not None:
        preview.rekey(*planned)
    progress(1.0, f"{path.name} checked")
    return preview


def sheet_note(sheet: str, columns: list[tuple[str, str]], first: str, first_columns: list[tuple[str, str]]) -> str:
    """How another sheet's columns read beside the first sheet's, column by column: the same roles
    (a sheet per language read alike), or each column read otherwise, so a user sees it before importing."""
    if len(columns) != len(first_columns):
        return (f"sheet {sheet!r} has {len(columns)} columns where {first!r} has {len(first_columns)}: "
                + "; ".join(f"{header[:40]!r} -> {role}" for header, role in columns))
    differ = [(header, role, other_header, other_role) for (header, role), (other_header, other_role)
              in zip(columns, first_columns, strict=True) if role != other_role]
    if not differ:
        return f"sheet {sheet!r}: its {len(columns)} columns are read as those of {first!r}"
    return (f"sheet {sheet!r} reads {len(differ)} of its columns otherwise than {first!r}: "
            + "; ".join(f"{h[:40]!r} -> {r} (in {first!r}: {oh[:40]!r} -> {orole})" for h, r, oh, orole in differ))
