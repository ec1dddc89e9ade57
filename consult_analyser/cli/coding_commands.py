"""codebook, code and autocode."""

from __future__ import annotations

import argparse
from pathlib import Path

from consult_analyser.actions.coding import AcceptSuggestions, ImportCodebook, ImportCodings, write_codebook_csv
from consult_analyser.cli.common import (
    CommandError,
    one_line,
    open_project,
    progress_bar,
    question_named,
    respondent_lookup,
)
from consult_analyser.cli.edit_commands import add_codebook_edits, add_coding_edits, codebook_edit, coding_edit
from consult_analyser.domain import counted
from consult_analyser.progress import scaled
from consult_analyser.store import codebook
from consult_analyser.store import team as team_store
from consult_analyser.store.codings import code_counts


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("codebook", help="show, import or export the codebook (CSV or Excel: path, description, colour; or a REFI-QDA .qdc / .qdpx codebook)")
    p.add_argument("project")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--import", dest="import_file", metavar="FILE",
                       help='add codes from a CSV or Excel sheet with columns path ("Parent > Child"), description, colour, '
                            "or from a REFI-QDA codebook (.qdc, as `export` writes one)")
    group.add_argument("--export", dest="export_file", metavar="FILE", help="write the codebook as CSV")
    group.add_argument("--add-builtin", action="store_true",
                       help="add the built-in code families: Stance (supports, opposes, mixed, no position) and "
                            "Quotable (evidence-rich answers, quoted first)")
    add_codebook_edits(group, p)
    p.set_defaults(func=cmd_codebook)

    p = subparsers.add_parser("code", help="import codings from a coding sheet (CSV or Excel), or add or remove one")
    p.add_argument("project")
    what = p.add_mutually_exclusive_group(required=True)
    add_coding_edits(what)
    what.add_argument("--import", dest="import_file", metavar="FILE",
                   help="CSV or Excel sheet with columns respondent id, question, code (name or path; also "
                        "headed codes, tags, labels, themes or categories; several in a cell split by ';' or '|'); "
                        "optional start, end, coder, confidence. With one open question the question column "
                        "may be left out; a column per question headed 'Q1 codes', 'Q2 codes' ... names the "
                        "question in its header; a column per code marked 1/0 or x is read as a coding matrix")
    p.add_argument("--create-codes", action="store_true",
                   help="create codes the codebook does not have yet, with --import or --add (default: refuse)")
    p.set_defaults(func=cmd_code)

    p = subparsers.add_parser("autocode", help="suggest codes for uncoded answers from the codings made so far")
    p.add_argument("project")
    p.add_argument("--question", help="only this question (its key such as Q4, or its text); default: every coded question")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="suggest every code at or above this confidence (0-1); default: each code's own cut-off, "
                        "chosen by cross-validation on the coded answers, and the best code when reasonable")
    p.add_argument("--next", type=int, default=0, metavar="N",
                   help="also list the N uncoded answers to code next (those that would teach the model most)")
    p.add_argument("--accept-above", type=float, metavar="X",
                   help="then accept every pending suggestion with confidence >= X (0-1) as a coding, as "
                        "accepting them in the app does (export them first with `export OUT.csv --what suggestions`)")
    p.add_argument("--codes-from-themes", action="store_true",
                   help="first make codes from the signed-off themes (of --question, or of every question), coding "
                        "their answers as model codings; a team lead's choice, never done by default")
    p.add_argument("--check", nargs="?", type=int, const=5, metavar="FOLDS",
                   help="measure how good suggestions are here: hide the analysts' codings a fold at a time, "
                        "suggest them again and compare with a plain baseline; changes nothing, then stops")
    p.set_defaults(func=cmd_autocode)


def cmd_codebook(args: argparse.Namespace) -> int:
    editing = bool(args.add or args.rename or args.delete or args.merge or args.move or args.description is not None)
    readonly = not args.import_file and not args.add_builtin and not editing
    project = open_project(args.project, readonly=readonly)
    try:
        if editing:
            print(codebook_edit(project, args))
        elif args.add_builtin:
            from consult_analyser.pipeline.coding.families import builtin_rows

            op = ImportCodebook(builtin_rows())
            op.apply(project)
            print(f"codebook: {op.created} built-in codes added, {op.updated} updated")
        elif args.import_file:
            if not Path(args.import_file).exists():
                raise CommandError(f"{args.import_file}: no such file")
            op = ImportCodebook.from_csv(args.import_file)
            try:
                op.apply(project)
            except ValueError as exc:
                raise CommandError(f"{Path(args.import_file).name}: nothing imported: {exc}") from None
            print(f"codebook: {op.created} codes added, {op.updated} updated")
        elif args.export_file:
            count = write_codebook_csv(project, args.export_file)
            print(f"wrote {count} codes to {args.export_file}")
        else:
            _print_tree(project)
    finally:
        project.close()
    return 0


def _print_tree(project) -> None:  # type: ignore[no-untyped-def]
    codes = codebook.list_codes(project)
    if not codes:
        print("the codebook is empty")
        return
    counts = code_counts(project)
    depth: dict[str, int] = {}
    for code in codes:
        depth[code.id] = depth.get(code.parent_id, -1) + 1 if code.parent_id else 0
        print(f"{'  ' * depth[code.id]}{code.name}  ({counted(counts.get(code.id, 0), 'answer')})")


def cmd_code(args: argparse.Namespace) -> int:
    if args.add or args.remove:
        project = open_project(args.project)
        try:
            print(coding_edit(project, args))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        finally:
            project.close()
        return 0
    if not Path(args.import_file).exists():
        raise CommandError(f"{args.import_file}: no such file")
    project = open_project(args.project)
    try:
        op = ImportCodings(args.import_file, create_codes=args.create_codes)
        try:
            op.apply(project)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    finally:
        project.close()
    created = f"; {op.created_codes} new codes" if op.created_codes else ""
    uncoded = f"; {op.uncoded:,} rows with an empty code cell (answers not coded) skipped" if op.uncoded else ""
    present = f"; {op.present:,} already in the project" if op.present else ""
    one = op.repeated == 1
    repeated = (f"; {op.repeated:,} {'row' if one else 'rows'} of the file {'repeats' if one else 'repeat'} another "
                "(the same answer, code, passage and coder), read once" if op.repeated else "")
    print(f"imported {op.added:,} codings{created}{present}{repeated}{uncoded}")
    if op.passages or op.unplaced:
        lines = ", ".join(map(str, op.unplaced[:10])) + (", ..." if len(op.unplaced) > 10 else "")
        one = len(op.unplaced) == 1
        print(f"{op.passages:,} passage{'' if op.passages == 1 else 's'} found in {'its answer' if op.passages == 1 else 'their answers'}: "
              "coded as passages" + (
                  f"; {len(op.unplaced):,} {'passage' if one else 'passages'} not found in {'its answer codes' if one else 'their answers code'} "
                  f"the whole answer instead (line{'' if one else 's'} {lines})" if op.unplaced else ""))
    if op.outside:
        shown = ", ".join(op.outside_answers[:10]) + (", ..." if len(op.outside_answers) > 10 else "")
        print(f"{op.outside:,} codings on answers assigned to other analysts were not imported ({shown}): this copy "
              "holds your share (`team status COPY --list mine.csv` lists it)")
    if op.double_coded:
        print(f"{op.double_coded:,} answers were coded by two or more coders: `team agreement` measures how "
              "far they agree")
    return 0


def _check_suggestions(args: argparse.Namespace) -> int:
    from consult_analyser.pipeline.coding.autocode import check_question
    from consult_analyser.pipeline.coding.check import describe_coding_check
    from consult_analyser.store import codings

    if args.check < 2:
        raise CommandError("--check needs at least 2 folds")
    project = open_project(args.project)
    try:
        ids = [question_named(project, args.question).id] if args.question else codings.coded_question_ids(project)
        if not ids:
            print("no coded answers yet: code some answers (or import codings), then check the suggestions")
        with progress_bar("suggestion check", not args.quiet) as bar:
            checks = [(qid, check_question(project, qid, folds=args.check,
                                           progress=scaled(bar, k / len(ids), (k + 1) / len(ids))))
                      for k, qid in enumerate(ids)]
        for qid, check in checks:
            question = question_named(project, qid)
            print("\n".join(describe_coding_check(question.key, check.summary())))
    finally:
        project.close()
    return 0


def _answers_to_code(project, question_key: str, shown_ids: list[str]) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(respondent as shown, the start of their answer to the question on one line) of each answer to code next."""
    from consult_analyser.store import responses

    question = question_named(project, question_key)
    lookup = respondent_lookup(project)
    out = []
    for who in shown_ids:
        rid = lookup(who)
        rows = responses.fetch_rows(project, responses.list_seqs(
            project, responses.ResponseFilter(question_id=question.id, respondent_id=rid))) if rid else []
        out.append((who, one_line(rows[0].text) if rows else ""))
    return out


#: the lowest --accept-above: below it a suggestion is more likely wrong than right
MIN_ACCEPT_ABOVE = 0.5


def cmd_autocode(args: argparse.Namespace) -> int:
    from consult_analyser.pipeline.coding.autocode import suggest_project

    if args.min_confidence is not None and not 0.0 <= args.min_confidence <= 1.0:
        raise CommandError("--min-confidence must be between 0 and 1")
    if args.accept_above is not None and not 0.0 <= args.accept_above <= 1.0:
        raise CommandError("--accept-above must be between 0 and 1")
    if args.accept_above is not None and args.accept_above < MIN_ACCEPT_ABOVE:
        raise CommandError(f"--accept-above {args.accept_above:g} would accept suggestions the model thinks more likely "
                           f"wrong than right: use {MIN_ACCEPT_ABOVE:g} or more, or decide those one by one in the app")
    if args.next < 0:
        raise CommandError("--next must be 0 or more")
    if args.check is not None:
        return _check_suggestions(args)
    project = open_project(args.project)
    try:
        question = None
        if args.question:
            question = question_named(project, args.question).id
        with progress_bar("autocode", not args.quiet) as bar:
            if args.codes_from_themes:
                from consult_analyser.pipeline.coding.autocode import codebook_from_themes

                made, coded = codebook_from_themes(project, question_id=question, signed_off_only=True)
                print(f"{made} codes made from signed-off themes ({coded:,} model codings)")
                from consult_analyser.store.themes import unsigned_sub_themes

                unsigned = unsigned_sub_themes(project, question)
                if unsigned:
                    print(f"  {unsigned} sub-theme(s) of signed-off themes are not signed off and made no code: "
                          "sign them off first to make codes of them")
            results = suggest_project(project, question, min_confidence=args.min_confidence, progress=bar)
        to_code = {r.question_key: _answers_to_code(project, r.question_key, r.next_to_code[: args.next])
                   for r in results if args.next and r.next_to_code}
        accepted = None
        in_copy = bool(project.get_meta(team_store.COPY_KEY))
        if args.accept_above is not None:
            accepted = AcceptSuggestions.above(project, args.accept_above, question_id=question)
            accepted.apply(project)
    finally:
        project.close()
    if not results:
        print("no coded answers yet: code a few answers per code (or import codings), then run autocode")
    for result in results:
        print(result.summary())
        if args.next and result.next_to_code:
            shown = to_code[result.question_key]
            print(f"  code next ({result.question_key}), {counted(len(shown), 'answer')}"
                  + (f" of {args.next}: {result.non_answers_left_out:,} uncoded answer(s) with nothing to code, such as "
                     "'N/A', are not asked for while no such answer is coded"
                     if len(shown) < args.next and result.non_answers_left_out else "") + ":")
            for who, text in shown:  # (a trial had only ids, and search found no answer by an id)
                print(f"    {who:20} {text}")
        elif args.next:  # a trial's --next before any coding printed nothing about it
            print(f"  code next ({result.question_key}): "
                  + ("no uncoded answers left" if result.coded_answers and not result.uncoded_answers else
                     "nothing to rank yet; the order comes from the model, which learns from answers people "
                     "coded: code a few answers per code first"))
    if accepted is not None:
        print(f"accepted {len(accepted.codings):,} suggestions with confidence >= {args.accept_above:g} as codings"
              + (" (in this analyst's copy: only on your assigned answers that are not double-coded)"
                 if in_copy else ""))
    return 0
