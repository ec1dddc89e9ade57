"""``export``: the Excel annex, CSV tables, the Word summary, REFI-QDA project and codebook files."""

from __future__ import annotations

import argparse
from pathlib import Path

from consult_analyser.cli.common import CommandError, open_project, progress_bar

FORMATS = {".xlsx": "annex", ".csv": "csv", ".docx": "report", ".qdpx": "qdpx", ".qdc": "codebook"}


def register(subparsers: argparse._SubParsersAction) -> None:
    from consult_analyser.export.csv_export import TABLES

    p = subparsers.add_parser(
        "export", help="write the Excel annex (.xlsx), a CSV table (.csv), the summary report (.docx), "
                       "or REFI-QDA files (.qdpx project, .qdc codebook)",
        description="The kind of file follows OUT's extension: .xlsx annex, .csv table (with --what), "
                    ".docx summary report, .qdpx REFI-QDA project, .qdc REFI-QDA codebook.")
    p.add_argument("project", help="project file (.consult)")
    p.add_argument("out", help="file to write; its extension says what to write")
    p.add_argument("--what", choices=TABLES, help="which table to write as CSV")
    p.add_argument("--redact", action=argparse.BooleanOptionalAction, default=None,
                   help="remove personal data from quotes and texts (default: on for the annex and report, "
                        "off for CSV)")
    p.add_argument("--include-names", action="store_true",
                   help="CSV of respondents: add respondents' names (personal data)")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise CommandError(f"{out.name}: choose an extension among {', '.join(FORMATS)}")
    if kind == "csv" and not args.what:
        raise CommandError("a CSV export needs --what (respondents, responses, sectors, themes, codings, codebook, "
                           "organisations, campaigns or memos)")
    if not out.parent.exists():
        raise CommandError(f"{out.parent}: no such folder")
    project = open_project(args.project, readonly=True)
    try:
        with progress_bar("export", not args.quiet) as progress:
            message = _run(kind, project, out, args, progress)
    finally:
        project.close()
    print(message)
    return 0


def _run(kind: str, project, out: Path, args: argparse.Namespace, progress) -> str:  # type: ignore[no-untyped-def]
    if kind == "annex":
        from consult_analyser.export.annex_xlsx import export_annex

        result = export_annex(project, out, redact=args.redact is not False, progress=progress)
        held = (f"\nwarning: {len(result.held_back)} organisation field(s) hold personal data and were left out of "
                f"the Organisations sheet; review respondents {', '.join(result.held_back[:20])}"
                + (" ..." if len(result.held_back) > 20 else "")) if result.held_back else ""
        return (f"annex written to {out}: {len(result.sheets)} sheets ({', '.join(result.sheets)})"
                + ("" if result.redacted else "; NOT redacted: do not publish") + held)
    if kind == "csv":
        from consult_analyser.export.csv_export import export_csv

        rows = export_csv(project, out, args.what, redact=bool(args.redact), include_names=args.include_names,
                          progress=progress)
        return f"{rows:,} rows of {args.what} written to {out}"
    if kind == "report":
        from consult_analyser.export.report_docx import export_report

        report = export_report(project, out, redact=args.redact is not False, progress=progress)
        return f"report written to {out}: {report.questions} questions, {report.themes} themes, {report.quotes} quotes"
    if kind == "qdpx":
        from consult_analyser.export.refi_qda import ExportError, export_qdpx

        try:
            qdpx = export_qdpx(project, out, progress=progress)
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        return (f"REFI-QDA project written to {out}: {qdpx.cases:,} cases, {qdpx.sources:,} sources, {qdpx.codes} codes,"
                f" {qdpx.codings:,} codings, {qdpx.notes} memos" + (" (checked against the schema)" if qdpx.validated
                                                                    else ""))
    from consult_analyser.export.refi_qda import ExportError, export_codebook

    try:
        codes = export_codebook(project, out)
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    return f"REFI-QDA codebook written to {out}: {codes} codes"
