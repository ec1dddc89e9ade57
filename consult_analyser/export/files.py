"""Every export by kind, one entry point for the command line and the app: the Excel annex, CSV
tables (one, or all of them into a folder), the Word summary, a REFI-QDA project or codebook.

:func:`export_file` writes one file (its kind follows the extension) and returns a one-line
message saying what was written; problems a user can fix raise :class:`FileExportError`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from consult_analyser.domain import counted
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store import editions as store_editions
from consult_analyser.store import runs
from consult_analyser.store.project import Project

FORMATS = {".xlsx": "annex", ".csv": "csv", ".docx": "report", ".qdpx": "qdpx", ".qdc": "codebook"}
#: what the app's File > Export menu offers: kind, menu text, file-dialog filter, suffix
KINDS = [("annex", "Excel annex…", "Excel (*.xlsx)", ".xlsx"),
         ("report", "Word summary report…", "Word (*.docx)", ".docx"),
         ("csv_tables", "CSV tables (a folder)…", "", ""),
         ("qdpx", "REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)…", "REFI-QDA project (*.qdpx)", ".qdpx")]


class FileExportError(ValueError):
    """An export that cannot be written as asked (unknown extension, missing folder, ...)."""


#: CSV tables that hold respondents' own words (so, unredacted, whatever personal data they wrote)
TEXT_TABLES = frozenset({"responses", "codings", "suggestions", "memos", "campaigns"})


@dataclass
class ExportOptions:
    what: str | None = None  # CSV: which table
    redact: bool | None = None  # None: on for the annex and report, off for CSV
    include_names: bool = False  # CSV of respondents: add names
    small_counts: int | None = None  # annex and report: suppress counts below this (None: the project's setting)
    respondent_sheets: bool | None = None  # annex: framework matrix and coded excerpts (None: when nothing is suppressed)
    by: str | None = None  # annex: each question's themes by a closed question or a respondent detail too
    front: str = "cli"  # who reads the message: "cli" (commands to type) or "app" (views to open), :data:`WHERE_TO_ACT`


class ExportMessage(str):
    """What :func:`export_file` wrote, as text; ``review``: the respondents (ids as imported) its warnings
    ask an analyst to look at, which the app lists in Sector review."""

    review: tuple[str, ...] = ()

    def __str__(self) -> ExportMessage:  # type: ignore[override]
        # itself, not a plain copy: the app's export task passed ``str(message)`` on, and the button the
        # warning names ("Show them in Sector review") went missing with ``review``
        return self


#: the button the app shows under an export's message when it names respondents to look at
SECTOR_REVIEW_BUTTON = "Show them in Sector review"
#: where each front end sends the analyst to act on the annex's warnings: the command line names its
#: commands and the respondents' ids, the app its Sector review (it gave a GUI user 20 ids to type into
#: `sectors PROJECT --set ID SECTOR`)
WHERE_TO_ACT = {
    "cli": {"held": "review respondents {ids}: confirm or correct each name with: consult-analyser organisation "
                    "PROJECT ID 'Name' (`organisation PROJECT --held` lists them and why)",
            "unconfirmed": "(`export PROJECT sectors.csv --what sectors` lists each respondent's sector and its source; "
                           "`sectors PROJECT --set ID SECTOR` confirms one; in the app, Sector review)"},
    "app": {"held": f"check them in Sector review (\u201c{SECTOR_REVIEW_BUTTON}\u201d below lists them) and correct "
                    "or confirm each name with its \u201cOrganisation name\u2026\u201d button",
            "unconfirmed": f"in Sector review (\u201c{SECTOR_REVIEW_BUTTON}\u201d below lists them)"},
}


def kind_of(path: Path) -> str:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise FileExportError(f"{path.name}: choose an extension among {', '.join(FORMATS)}")
    return kind


#: the kinds of file that quote respondents' words and name organisations (not the codebook, nor the
#: REFI-QDA project, which holds everything as written)
PUBLISHED_KINDS = {"annex", "report", "csv"}
NO_CONSENT_WARNING = (
    "warning: no respondent's publication choice is recorded in this project (no consent column was found at "
    "import), so everyone's words may be quoted (with personal data taken out) and every organisation named, as "
    "if all had agreed. If the survey asked whether responses may be published, import the file again into a new "
    "project with that column marked as the publication choice (the import wizard's column check; on the command "
    "line a mapping file: \"HEADER\" = \"consent\"), or record each choice (the Reader's respondent panel; "
    "`consent PROJECT RESPONDENT... --set CHOICE --reason TEXT`)")
UNCLASSIFIED_WARNING = (
    "warning: respondents declared their type, but no sector has been set yet, so the counts of organisations and "
    "individuals read 'not stated' and no sector is shown: classify them first (Sector review > Classify "
    "respondents; `sectors PROJECT`), then export again")


def export_file(project: Project, out: str | Path, options: ExportOptions | argparse.Namespace | None = None,
                progress: ProgressFn | None = None) -> str:
    """Write ``out`` (its extension says what) and return what was written, in one line, with a
    warning line after it when the file quotes respondents and nobody's publication choice is known,
    and one when respondents declared their type but the sectors step has not run."""
    from consult_analyser.store.consent import nobody_said

    out = Path(out)
    left = _clear_stale_parts(out)
    kind = FORMATS.get(out.suffix.lower())
    # the edition the file will be, which it prints; recorded once the file is written (a failed one: never)
    pending = store_editions.prepare(project) if kind in PUBLISHED_KINDS else None
    run_id = runs.start(project, runs.EXPORT, target=str(out.absolute()))  # (a read-only project: not recorded)
    try:
        message = _export(project, out, options, progress, pending)
    finally:
        runs.finish(project, run_id)
    review = getattr(message, "review", ())
    if pending is not None:
        what = getattr(options, "what", None)
        edition = store_editions.record(project, pending, out, f"{kind} {what}" if what else str(kind))
        message += "\n" + _edition_said(edition, pending, getattr(options, "front", "cli"))
    if left:
        message += "\n" + left
    if kind_of(Path(out)) in PUBLISHED_KINDS and getattr(options, "what", None) != "codebook":
        if nobody_said(project):
            message += "\n" + NO_CONSENT_WARNING
        if project.scalar("SELECT COUNT(*) FROM respondents WHERE trim(declared_type) != ''") and not project.scalar(
                "SELECT COUNT(*) FROM sector_assignments"):
            message += "\n" + UNCLASSIFIED_WARNING
    message = ExportMessage(message)
    message.review = review
    return message


def _edition_said(edition: store_editions.Edition | None, pending: store_editions.Pending, front: str = "cli") -> str:
    """The export's line on the edition it recorded (or a warning that none could be); ``front`` as
    :data:`WHERE_TO_ACT` (the app's message names no command)."""
    listed = ("`export PROJECT --editions` lists the editions, their files and what changed" if front != "app" else
              "the annex's Cover and the report's first page say what changed since the edition before")
    if edition is None:
        return (f"warning: not recorded as an edition ({pending.why_not or 'the project could not be written'}); "
                "the file says so: export again once the project can be written")
    if pending.joins:
        return (f"part of edition {edition.number} of {edition.made_at[:10]}: the figures are unchanged since it was "
                f"made, so this file joins it ({listed})")
    previous = f", superseding edition {pending.previous.number}" if pending.previous else ""
    return f"recorded as edition {edition.number}{previous} ({listed})"


def _export(project: Project, out: Path, options: ExportOptions | argparse.Namespace | None,
            progress: ProgressFn | None, pending: store_editions.Pending | None = None) -> str:
    opts = options or ExportOptions()
    progress = progress or null_progress
    kind = kind_of(out)
    what = getattr(opts, "what", None)
    redact = getattr(opts, "redact", None)
    if kind == "csv" and not what:
        from consult_analyser.export.csv_export import TABLES

        raise FileExportError("a CSV export needs a table (--what: " + ", ".join(TABLES) + ")")
    if not out.parent.exists():
        raise FileExportError(f"{out.parent}: no such folder")
    _check_writable(out.parent)
    if kind == "qdpx" and redact:
        raise FileExportError("a REFI-QDA project carries every answer and letter as written, for analysis in "
                              "another program: it cannot be redacted; to share findings, export the annex, the "
                              "report or a CSV table with --redact")
    if kind == "annex":
        from consult_analyser.export.annex_xlsx import export_annex

        try:
            result = export_annex(project, out, redact=redact is not False, progress=progress,
                                  small_counts=getattr(opts, "small_counts", None),
                                  respondent_sheets=getattr(opts, "respondent_sheets", None) or None,
                                  split_by=getattr(opts, "by", None) or None, edition=pending)
        except ValueError as exc:  # --by naming nothing
            raise FileExportError(str(exc)) from None
        front = getattr(opts, "front", "cli")
        act = WHERE_TO_ACT.get(front, WHERE_TO_ACT["cli"])
        ids = ", ".join(result.held_back[:20]) + (" ..." if len(result.held_back) > 20 else "")
        held = (f"\nwarning: {len(result.held_back)} organisation field(s) look like a person's name or a list of "
                f"people, or hold personal data, and were left out of the Organisations sheet; "
                + act["held"].format(ids=ids)
                ) if result.held_back else ""
        review = list(result.held_back)
        if result.unconfirmed:
            held += (f"\nnote: {result.unconfirmed} respondent(s) the model filed under an organisation's sector gave only a "
                     "name, which may be a person's, and are not on the Organisations sheet until an analyst confirms "
                     "their sector " + act["unconfirmed"])
            if front == "app":
                review += result.unconfirmed_ids
        message = ExportMessage(f"annex written to {out}: {len(result.sheets)} sheets ({', '.join(result.sheets)})"
                                + ("" if result.redacted else "; NOT redacted: do not publish") + held)
        message.review = tuple(dict.fromkeys(review))
        return message
    if kind == "csv":
        from consult_analyser.export.csv_export import export_csv

        rows = export_csv(project, out, str(what), redact=bool(redact),
                          include_names=bool(getattr(opts, "include_names", False)), progress=progress)
        raw = not redact and what in TEXT_TABLES
        # respondents as written: organisation names (those who asked for anonymity too), e-mail domains
        people = not redact and what == "respondents"
        return f"{rows:,} rows of {what} written to {out}" + (
            "; answers as written, personal data NOT removed (working data: export with --redact before sharing)"
            if raw else "; organisations and details as written, with those of respondents who asked for anonymity "
            "(working data: export with --redact before sharing)" if people else "") + (
            "; small numbers are not suppressed in CSV tables (the annex and the report suppress them)")
    if kind == "report":
        from consult_analyser.export.report_docx import export_report

        try:
            report = export_report(project, out, redact=redact is not False, progress=progress,
                                   small_counts=getattr(opts, "small_counts", None),
                                   split_by=getattr(opts, "by", None) or None, edition=pending)
        except ValueError as exc:  # --by naming nothing
            raise FileExportError(str(exc)) from None
        return (f"report written to {out}: {counted(report.questions, 'question')}, {counted(report.themes, 'theme')} "
                f"({report.described} described), {counted(report.quotes, 'quote')}")
    from consult_analyser.export.refi_qda import ExportError, export_codebook, export_qdpx

    try:
        if kind == "qdpx":
            qdpx = export_qdpx(project, out, progress=progress)
            return (f"REFI-QDA project written to {out}: {qdpx.cases:,} cases, {qdpx.sources:,} sources, "
                    f"{qdpx.codes} codes, {qdpx.codings:,} codings, {qdpx.notes} memos"
                    + (" (checked against the schema)" if qdpx.validated else "")
                    + "; the texts as written, personal data NOT removed (working data, not for sharing)")
        codes = export_codebook(project, out)
    except ExportError as exc:
        raise FileExportError(str(exc)) from None
    return f"REFI-QDA codebook written to {out}: {codes} codes"


def _clear_stale_parts(out: Path) -> str:
    """Remove the part-written files an interrupted export of ``out`` left beside it; a note saying so ("")."""
    from consult_analyser.export.safety import remove_stale_parts

    removed = remove_stale_parts(out) if out.parent.is_dir() else []
    if not removed:
        return ""
    return (f"note: an earlier export of {out.name} was interrupted; the part-written file(s) it left "
            f"({', '.join(p.name for p in removed)}) were removed")


def clear_interrupted_exports(project: Project) -> list[str]:
    """For each export of this project that was interrupted (the app was killed while writing it): one
    sentence saying so, its part-written files removed and (a project open for writing) its record dropped.
    Said once, on reopening; the command line's ``info`` says it until then."""
    notes = []
    interrupted = runs.unfinished(project, runs.EXPORT)
    for run in interrupted:
        from consult_analyser.export.safety import remove_stale_parts

        target = Path(run.target)
        removed = remove_stale_parts(target) if not project.readonly and target.parent.is_dir() else []
        at = runs.when(run)
        notes.append(f"The export{' of ' + at if at else ''} to {target} was interrupted: nothing was written under "
                     "that name" + (f"; its part-written file(s) ({', '.join(p.name for p in removed)}) were removed"
                                    if removed else "") + "; export again")
    for run in interrupted:
        runs.finish(project, run.id)
    return notes


def _check_writable(folder: Path) -> None:
    """Refuse a folder that cannot be written before the work of an export, not after it."""
    import tempfile

    from consult_analyser.export.safety import storage_reason

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".consult-write-check-"):
            pass
    except OSError as exc:
        raise FileExportError(f"{folder}: nothing can be written there ({storage_reason(exc)}); nothing was "
                              "written") from None


def export_csv_tables(project: Project, folder: str | Path, *, redact: bool = False,
                      progress: ProgressFn | None = None) -> str:
    """Every CSV table into ``folder`` (``<table>.csv`` each)."""
    from consult_analyser.export.csv_export import TABLES

    folder = Path(folder)
    if not folder.is_dir():
        raise FileExportError(f"{folder}: no such folder")
    progress = progress or null_progress
    rows = 0
    for number, table in enumerate(TABLES):
        message = export_file(project, folder / f"{table}.csv", ExportOptions(what=table, redact=redact),
                              scaled(progress, number / len(TABLES), (number + 1) / len(TABLES)))
        rows += int(message.split(" ", 1)[0].replace(",", ""))
    return f"{len(TABLES)} CSV tables ({rows:,} rows) written to {folder}" + (
        "" if redact else "; the answers in them as written, personal data NOT removed (working data, not for sharing)")
