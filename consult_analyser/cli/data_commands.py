"""import, info and search."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from consult_analyser.cli.common import CommandError, one_line, open_project, progress_bar, question_named
from consult_analyser.domain import counted
from consult_analyser.errors import ProjectLocked
from consult_analyser.ingest.importer import LAYOUTS, import_files
from consult_analyser.pipeline.letters.run import general_note, map_letters_after_import
from consult_analyser.store import responses


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="import survey exports and documents into a project (creates it)")
    p.add_argument("project", help="project file (.consult); created if it does not exist")
    p.add_argument("files", nargs="+", help="CSV/XLSX/XLS/ODS survey exports, .docx/.pdf/.txt/.eml/.msg files, .mbox mailboxes, or folders of them")
    p.add_argument("--mapping", help="TOML file that says which column holds what (overrides detection)")
    p.add_argument("--layout", choices=LAYOUTS,
                   help="how the table is laid out: wide (a row per respondent), long (a row per answer: respondent,"
                        " question, answer) or attributes (facts about respondents already in the project); "
                        "default: detected")
    p.add_argument("--dry-run", action="store_true",
                   help="read the files in full and report the layout, each column's role, the questions, the "
                        "respondent count and the first bad rows; write nothing")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="import the rows that can be read and list the ones that cannot (default: a bad row "
                        "refuses the whole file)")
    p.add_argument("--update-answers", action="store_true",
                   help="take in the file's wording of answers that differ from those imported before (a later "
                        "export with respondents' corrections; a file imported before is read again for them): the "
                        "earlier wording is kept in the project's record, codings and themes are kept (a coded "
                        "passage whose words are gone becomes a coding of the whole answer); default: the "
                        "project's answers are kept and the differences listed")
    p.add_argument("--skip-bad-files", action="store_true",
                   help="import the files that can be read and list the ones that cannot (empty, binary, damaged, "
                        "protected by a password); default: every such file is listed and nothing is imported")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("info", help="counts of respondents, questions, answers and documents")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_info)

    p = subparsers.add_parser("search", help="full-text search over the answers, or a respondent's answers by their id")
    p.add_argument("project")
    p.add_argument("query", help='words to find; "quoted phrase"; prefix*; or a respondent\'s id (as imported, any '
                                 "case), which lists their answers")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--question", help="only this question (its key such as Q4, or its text)")
    p.set_defaults(func=cmd_search)


def cmd_import(args: argparse.Namespace) -> int:
    for name in args.files:
        if not Path(name).exists():
            raise CommandError(f"{name}: no such file or folder")
    if args.mapping and not Path(args.mapping).is_file():
        raise CommandError(f"{args.mapping}: no such mapping file")
    if args.dry_run:
        return _dry_run(args)
    args.files = _readable_files(args)
    created = not Path(args.project).exists()
    try:
        project = open_project(args.project, create=True)
    except ProjectLocked:
        _say_if_not_writable(Path(args.project))
        raise
    try:
        with progress_bar("import", not args.quiet) as progress:
            result = import_files(project, args.files, mapping_file=args.mapping, progress=progress,
                                  layout=args.layout, skip_bad_rows=args.skip_bad_rows,
                                  update_answers=args.update_answers)
    except BaseException:
        project.close()
        if created:  # a failed first import leaves no empty project behind
            for suffix in ("", "-wal", "-shm"):
                Path(str(args.project) + suffix).unlink(missing_ok=True)
        raise
    letters, failed = map_letters_after_import(project, result.questions)
    try:  # most letters' passages on no question: what to do about it (nothing is moved unasked)
        note = general_note(project, str(args.project)) if letters is not None else ""
    finally:
        project.close()
    for warning in result.warnings + ([failed] if failed else []):
        print(f"warning: {warning}")
    for source, line, reason in result.skipped_rows:
        print(f"skipped: {Path(source).name}, line {line}: {reason}")
    print(f"imported {result.respondents:,} respondents, {result.responses:,} answers, {result.documents:,} documents"
          f", {result.questions} new questions" + (f"; skipped {result.skipped_duplicates:,} already present"
                                                   if result.skipped_duplicates else ""))
    if letters is not None:
        print(f"letters: {letters.passages:,} passages, {letters.mapped:,} mapped to a question, {letters.general:,} "
              f"to General comments; {letters.letter_answers:,} letter answers (see the 'letters' command)")
    if note:
        print(f"note: {note}")
    return 0


def _readable_files(args: argparse.Namespace) -> list[str]:
    """The files to import: all of them when every one can be read; else every one that cannot is named at once,
    and the import refused (a whole import, not part of it, unless --skip-bad-files leaves them out)."""
    from consult_analyser.ingest.file_check import unreadable_files

    if len(args.files) < 2:  # (one file: the import itself says what is wrong with it)
        return list(args.files)
    bad = unreadable_files(args.files, layout=args.layout)
    if not bad:
        return list(args.files)
    listed = "\n".join(f"  {why}" for _name, why in bad)
    if len(bad) == len(args.files):
        raise CommandError(f"none of the {len(bad)} files can be read, so nothing was imported:\n{listed}")
    if not args.skip_bad_files:
        raise CommandError(f"{len(bad)} of the {len(args.files)} files cannot be read, so nothing was imported:\n"
                           f"{listed}\nFix or remove {'it' if len(bad) == 1 else 'them'}, or import the other files "
                           "with --skip-bad-files (the files left out are listed)")
    for _name, why in bad:
        print(f"left out: {why}")
    gone = {name for name, _why in bad}
    return [name for name in args.files if name not in gone]


def _say_if_not_writable(project: Path) -> None:
    """A project that cannot be created or locked because its folder cannot be written to is said to be so (a
    hostile-input trial's /proc/x.consult was said to be "open for writing in another program")."""
    import tempfile

    folder = project.resolve().parent
    try:
        with tempfile.TemporaryFile(dir=folder):
            return
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else "the system does not allow files there"
        raise CommandError(f"{project.name}: the folder {folder} cannot be written to ({reason}), so the project "
                           "cannot be created or changed there; nothing was changed. Choose a folder you can write "
                           "to") from None


def _dry_run(args: argparse.Namespace) -> int:
    from consult_analyser.ingest.preview import preview_files, together

    failed = False
    previews = preview_files(args.files, mapping_file=args.mapping, layout=args.layout, project=args.project)
    for preview in previews:
        print("\n".join(preview.lines(skip_bad_rows=args.skip_bad_rows)))
        failed = failed or bool(preview.error and not args.skip_bad_files) or bool(preview.bad_rows and
                                                                                   not args.skip_bad_rows)
    bad = sum(1 for p in previews if p.error)
    failed = failed or bad == len(previews)  # (nothing to import, whatever is skipped)
    if bad and len(previews) > bad:
        print(f"{counted(bad, 'file')} cannot be read: the import would "
              + (f"leave {'it' if bad == 1 else 'them'} out and import the others" if args.skip_bad_files else
                 "be refused (--skip-bad-files imports the other files)"))
    if len(previews) > 1:
        print(together(previews))
    if args.update_answers:
        print("with --update-answers the answers listed as differing from the project's would take the file's wording")
    print("dry run: nothing was written")
    return 1 if failed else 0


def cmd_info(args: argparse.Namespace) -> int:
    project = open_project(args.project, readonly=True)
    try:
        counts = responses.project_counts(project)
        from consult_analyser.store import consent
        from consult_analyser.store.sectors import counts_by_sector

        counts["respondents_by_sector"] = counts_by_sector(project)
        from consult_analyser.store.reporting import sector_labels

        labels = sector_labels(project)  # the text says each sector as the annex does ("Iwi, hapū or Māori ...")
        # what respondents said may be published (the consent column), when any said
        chosen = {k: n for k, n in consent.counts(project).items() if n}
        counts["respondents_by_publication"] = chosen if set(chosen) - {"unknown"} else {}
        from consult_analyser.store.release import release_details

        details = release_details(project)  # what the annex and report say about themselves
        counts["publication_details"] = {"title": details.title if details.title_set else "",
                                         "publisher": details.publisher, "contact": details.contact}
        from consult_analyser.store import runs

        counts["interrupted"] = runs.notices(project)  # runs (and the app's exports) killed before they finished
        from consult_analyser.store.questions import list_questions

        # each question as asked: a hybrid one's free-text wording after its text ("Do you support the proposed
        # rule? — Please explain your views"), as the annex and the report head it
        counts["question_list"] = [{"key": q.key, "text": q.text, "follow_up": q.follow_up, "kind": q.kind.value,
                                    "wording": q.wording} for q in list_questions(project)]
    finally:
        project.close()
    if args.json:
        print(json.dumps(counts, indent=2))
        return 0
    print(f"{counts['name']}")
    for key in ("respondents", "questions", "open_questions", "responses", "open_text_answers", "documents",
                "codes", "codings", "themes"):
        print(f"  {key.replace('_', ' '):18} {counts[key]:>8,}")
    for key in ("respondents_by_channel", "respondents_by_sector", "respondents_by_publication", "answers_by_language"):
        if counts[key]:
            items = list(counts[key].items())
            shown = items if key != "answers_by_language" else items[:12]  # (every sector, channel and choice)
            rest = len(items) - len(shown)
            named = labels if key == "respondents_by_sector" else {}
            print(f"  {key.replace('_', ' ')}: " + ("; " if named else ", ").join(f"{named.get(k, k)} {v:,}" for k, v in shown)
                  + (f" and {rest:,} more ({sum(v for _, v in items[len(shown):]):,} answers)" if rest else ""))
    if counts["question_list"]:
        print("  questions asked:")
        for q in counts["question_list"]:
            print(f"    {q['key']}. {one_line(q['wording'], QUESTION_WIDTH)} ({_KIND_SHOWN[q['kind']]})")
    set_details = {k: v for k, v in counts["publication_details"].items() if v}
    print("  publication details: " + ("; ".join(f"{k} {v}" for k, v in set_details.items()) if set_details else
                                       "none set (export --title --publisher --contact)"))
    for note in counts["interrupted"]:
        print(f"  note: {note}.")
    return 0


#: how ``info`` says what each question takes, and how much of its wording it shows
_KIND_SHOWN = {"open": "text", "closed": "choice", "hybrid": "choice and text"}
QUESTION_WIDTH = 150


def cmd_search(args: argparse.Namespace) -> int:

    project = open_project(args.project, readonly=True)
    try:
        question_id = None
        if args.question:
            question_id = question_named(project, args.question).id
        own = _respondent_answers(project, args.query, question_id)
        hits = responses.search(project, args.query, limit=args.limit, question_id=question_id)
        total = responses.count(project, responses.ResponseFilter(text=args.query, question_id=question_id)) \
            if len(hits) >= args.limit else len(hits)
    finally:
        project.close()
    for line in own:
        print(line)
    for hit in hits:
        print(f"{hit.shown_id or hit.external_id}\t{hit.question_key}\t{hit.snippet}")
    if not hits and not own:
        print("no matches")
    elif total > len(hits):  # the first --limit of them (a re-test read 20 hits as all there were)
        print(f"({len(hits):,} of {total:,} answers shown; --limit N for more)", file=sys.stderr)
    return 0


#: how much of each answer ``search RESPONDENT_ID`` shows, on one line
ANSWER_WIDTH = 300


def _respondent_answers(project, query: str, question_id: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """The answers of the respondent ``query`` names by their id, as search lists words' matches (a trial's
    `search P ANON-DNZ2-N57B-H`, an id `autocode --next` gave, found "no matches"): [] when it names no one."""
    from consult_analyser.cli.common import respondent_lookup
    from consult_analyser.store import letter_names

    rid = respondent_lookup(project)(query.strip()) if query.strip() else None
    if rid is None:
        return []
    shown = letter_names.shown_id(project, rid)
    rows = responses.fetch_rows(project, responses.list_seqs(project, responses.ResponseFilter(
        respondent_id=rid, question_id=question_id, open_text_only=False), sort="question"))
    lines = [f"{shown}\t{row.question_key}\t{one_line(' - '.join(x for x in (row.choice, row.text) if x.strip()), ANSWER_WIDTH)}"
             for row in rows if row.choice.strip() or row.text.strip()]
    return lines or [f"{shown}\t-\tno answers" + (" to this question" if question_id else "")]
