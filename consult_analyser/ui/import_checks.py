"""What the import wizard reads before it imports, off the UI thread: each survey export's columns
(:func:`detect_tables`), every file read in full as the dry run reads it (:func:`check_files`), and the words
the pages say of the files that cannot be read and of the e-mails and letters."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from consult_analyser.domain import counted
from consult_analyser.ingest import tabular
from consult_analyser.ingest.columns import TableMapping
from consult_analyser.store.project import Project

# files whose columns the wizard shows (a .txt only when it is a tab-separated table: see detect_tables)
TABLE_SUFFIXES = {*tabular.TABLE_SUFFIXES, ".txt"}


@dataclass
class CheckResult:
    """What a dry run of the readers found, per file."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # the paths of the files that cannot be imported
    respondents: int = 0
    answers: int = 0
    documents: int = 0
    bad_rows: int = 0
    already: int = 0  # respondents of the files already in the project (skipped)
    #: what each file of documents would give, as the dry run says it ("mail: 148 submissions (88 e-mails, ...)")
    submissions: list[str] = field(default_factory=list)
    #: the notes on files of documents (an attachment that cannot be read, and why), as the dry run lists them
    notes: list[str] = field(default_factory=list)


def is_table(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in TABLE_SUFFIXES


class Detected(dict[str, TableMapping]):
    """The survey exports' detected columns by path, and (``unreadable``) the files that cannot be read, each
    with the reader's message (which names the file)."""

    def __init__(self) -> None:
        super().__init__()
        self.unreadable: dict[str, str] = {}


def detect_tables(paths: list[Path], progress, project: Path | None = None) -> Detected:  # type: ignore[no-untyped-def]
    """Detected column mappings of the survey exports among ``paths`` (worker thread); a table of
    facts about the open ``project``'s respondents has no questions to show (the check page says
    what it attaches). A file that cannot be read is listed with its reason, and the others are
    read all the same (a hostile-input trial's one unreadable file hid every other file's columns)."""
    from consult_analyser.errors import IngestError
    from consult_analyser.ingest.attributes import is_attribute_table
    from consult_analyser.ingest.registry import choose_reader
    from consult_analyser.ingest.wide import WideTableReader

    found = Detected()
    tables = [p for p in paths if is_table(p)]
    stored = Project.open(project, readonly=True) if project is not None and project.is_file() else None
    try:
        for i, path in enumerate(tables):
            progress(i / max(1, len(tables)), f"reading {path.name}")
            try:
                if stored is not None and is_attribute_table(stored, path):
                    continue
                if isinstance(choose_reader(path), WideTableReader):
                    mapping, _table, _sample = WideTableReader().detect(path, skip_bad_rows=True)  # checked later
                    found[str(path)] = mapping
            except IngestError as exc:
                found.unreadable[str(path)] = str(exc)
            except OSError as exc:
                found.unreadable[str(path)] = f"{path.name}: cannot read the file ({exc.strerror or 'not readable'})"
    finally:
        if stored is not None:
            stored.close()
    return found


def check_files(paths: list[Path], mappings: dict[str, dict[str, str]], progress,  # type: ignore[no-untyped-def]
                project: Path | None = None) -> CheckResult:
    """Read every file in full without writing anything (the dry run of ``import --dry-run``):
    layout, each column's role, questions, counts and bad rows (worker thread); ``project``: the
    open project's file, whose questions an import keeps."""
    from consult_analyser.ingest.preview import preview_files

    result = CheckResult()
    # all the files together, as the import reads them (a resend in a later file, a letter joining a survey's respondent)
    previews = preview_files(paths, mappings=mappings, progress=progress, project=project)
    for path, preview in zip(paths, previews, strict=True):
        if preview.error:
            result.errors.append(preview.error)
            result.unreadable.append(str(path))
        result.respondents += preview.respondents + preview.senders
        result.answers += preview.answers
        result.already += preview.already
        result.documents += preview.files
        result.bad_rows += len(preview.bad_rows)
        result.lines.extend(preview.lines())
        if preview.documents and not preview.error:
            kinds = preview.kinds()
            result.submissions.append(f"{path.name}: {preview.submissions()}" + (f", of which {kinds}" if kinds else ""))
            result.notes.extend(preview.warnings)
    progress(1.0, "checked")
    return result


def unreadable_said(unreadable: dict[str, str], verb: str = "read") -> str:
    """The files that cannot be read, every one with its reason (HTML), and what to do; "" for none."""
    if not unreadable:
        return ""
    items = "".join(f"<li>{html.escape(reason, quote=False)}</li>" for reason in unreadable.values())
    return (f"<b style='color:#c0392b'>{counted(len(unreadable), 'file')} cannot be {verb}:</b>"
            f"<ul style='margin-top:2px'>{items}</ul>Leave {'it' if len(unreadable) == 1 else 'them'} out (the button "
            "below) to import the other files, or go back and fix or remove "
            f"{'it' if len(unreadable) == 1 else 'them'}.<br>")


#: the notes on documents the check page's summary lists (the report below it has every one)
SHOW_NOTES = 8


def documents_said(result: CheckResult) -> str:
    """The check page's words on the e-mails and letters (HTML): what each file of them gives and the
    notes on them (an attachment that cannot be read, and why), as ``import --dry-run`` says them."""
    if not result.submissions:
        return ""
    out = "<br>E-mails and letters: " + "; ".join(html.escape(s, quote=False) for s in result.submissions) + \
        ", each a respondent unless its sender already is one."
    if result.notes:
        shown = "".join(f"<li>{html.escape(n, quote=False)}</li>" for n in result.notes[:SHOW_NOTES])
        more = (f"<li>and {len(result.notes) - SHOW_NOTES} more (listed below)</li>"
                if len(result.notes) > SHOW_NOTES else "")
        out += (f"<br><b>{counted(len(result.notes), 'note')} on them</b> (what cannot be read or is not imported, and "
                f"why; the rest is imported):<ul style='margin-top:2px'>{shown}{more}</ul>")
    return out
