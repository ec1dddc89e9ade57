"""Editing the codebook, single codings and memos from the command line: the same operations the
desktop app's codebook, Reader and memo panes run (``consult_analyser.actions.coding``)."""

from __future__ import annotations

import argparse
import shlex

from consult_analyser.actions.coding import (
    AddCoding,
    CreateCode,
    DeleteCode,
    MergeCodes,
    MoveCode,
    RemoveCodings,
    RenameCode,
    SetMemo,
)
from consult_analyser.cli.common import CommandError, open_project, question_named
from consult_analyser.domain import Code
from consult_analyser.store import codebook, letter_names, memos
from consult_analyser.store import team as team_store
from consult_analyser.store.codings import response_lookup
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import accepter


def add_codebook_edits(group: argparse._MutuallyExclusiveGroup, parser: argparse.ArgumentParser) -> None:
    """The codebook command's editing options."""
    group.add_argument("--add", metavar="CODE",
                       help="add a code (a sub-code by its path 'Parent > Child'; missing parents are added too), "
                            "as the app's New code does")
    parser.add_argument("--description", metavar="TEXT", help="with --add: what the code covers")
    group.add_argument("--rename", nargs=2, metavar=("CODE", "NEW_NAME"),
                       help="rename a code (CODE: its name, or its path 'Parent > Child' when two share a name)")
    group.add_argument("--delete", metavar="CODE", help="delete a code (refused while it has codings, unless --force)")
    group.add_argument("--merge", nargs=2, metavar=("CODE", "INTO"),
                       help="merge a code into another: its codings, sub-codes and memos move there")
    group.add_argument("--move", nargs=2, metavar=("CODE", "PARENT"),
                       help="put a code under another ('' for the top level)")
    parser.add_argument("--force", action="store_true", help="with --delete: delete its codings (and sub-codes) too")


def codebook_edit(project: Project, args: argparse.Namespace) -> str | None:
    """Run the codebook edit the arguments ask for; what to print, or None when they ask none. A
    refusal of the codebook's rules (a name taken, a code into itself) is the user's message."""
    try:
        return _codebook_edit(project, args)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def _codebook_edit(project: Project, args: argparse.Namespace) -> str | None:
    if args.description is not None and not args.add:
        raise CommandError("--description goes with --add (to describe a code already there, export the codebook, "
                           "edit its description column and import it)")
    if args.add:
        parts = codebook.split_path(args.add.strip().lstrip("> "))
        if not all(parts):
            raise CommandError(f"{args.add!r} names no code: give a name, or a path 'Parent > Child'")
        if (there := codebook.code_at_path(project, " > ".join(parts))) is not None:
            raise CommandError(f"the codebook has {codebook.code_path(project, there.id)!r} already: nothing added")
        code, made = _make_path(project, parts, args.description or "")
        above = [name for name in made if name != code.name]
        return (f"added {codebook.code_path(project, code.id)!r} to the codebook"
                + (f" (and its parent code {', '.join(repr(n) for n in above)})" if above else ""))
    if args.rename:
        code = code_named(project, args.rename[0])
        RenameCode(code.id, args.rename[1]).apply(project)
        return f"renamed {code.name!r} to {args.rename[1]!r}"
    if args.delete:
        code = code_named(project, args.delete)
        kept = [] if args.force else [c.name for c in codebook.children(project, code.id)]
        try:
            DeleteCode(code.id, force=args.force, with_children=args.force).apply(project)
        except codebook.CodeInUse as exc:
            raise CommandError(f"{code.name!r} (or a sub-code) is applied {exc.codings:,} time(s): --force deletes "
                               "those codings too") from None
        moved = f"; its sub-codes moved up a level: {', '.join(kept)}" if kept else ""
        return f"deleted {code.name!r}{moved}"
    if args.merge:
        source, target = code_named(project, args.merge[0]), code_named(project, args.merge[1])
        if source.id == target.id:
            raise CommandError(f"{args.merge[0]!r} and {args.merge[1]!r} are the same code: nothing to merge")
        MergeCodes([source.id], target.id).apply(project)
        return f"merged {source.name!r} into {target.name!r}"
    if args.move:
        code = code_named(project, args.move[0])
        parent = code_named(project, args.move[1]) if args.move[1].strip() else None
        MoveCode(code.id, parent.id if parent else None).apply(project)
        return f"moved {code.name!r} " + (f"under {parent.name!r}" if parent else "to the top level")
    return None


def add_coding_edits(group: argparse._MutuallyExclusiveGroup) -> None:
    """The code command's options for one coding."""
    group.add_argument("--add", nargs=3, metavar=("RESPONDENT", "QUESTION", "CODE"),
                       help="code one whole answer (respondent id as in the imported file; question key or text)")
    group.add_argument("--remove", nargs=3, metavar=("RESPONDENT", "QUESTION", "CODE"),
                       help="take a code off one answer (your codings of it, passages and suggestions you accepted included)")


def coding_edit(project: Project, args: argparse.Namespace) -> str:
    respondent, question, name = args.add or args.remove
    question, found = _answer(project, respondent, question)
    if args.add and team_store.outside_share(project, [found[0]]):  # as `code --import` leaves such answers out
        raise CommandError(f"{respondent} {question} is assigned to another analyst, not to {project.actor}: not "
                           "coded (this copy holds your share; `team status COPY --list mine.csv` lists it)")
    code = (_new_code(project, name) if getattr(args, "create_codes", False) else _code_to_add(project, name)) \
        if args.add else code_named(project, name)
    if args.add:
        if project.scalar("SELECT 1 FROM codings WHERE response_id = ? AND code_id = ? AND coder = ? AND start IS NULL",
                          (found[0], code.id, project.actor)):
            return f"{respondent} {question} is already coded with {code.name!r}: nothing changed"
        AddCoding(code.id, found[0]).apply(project)
        return f"coded {respondent} {question} with {code.name!r}"
    # the analyst's own codings, and suggestions they accepted
    # (one accepted in bulk, "model, accepted by NAME (in bulk, at 60% or more)", too)
    ids = [r[0] for r in project.query("SELECT id, coder FROM codings WHERE response_id = ? AND code_id = ?",
                                       (found[0], code.id)) if r[1] == project.actor or accepter(r[1]) == project.actor]
    if not ids:
        raise CommandError(f"{respondent} {question} has no coding of {code.name!r} by {project.actor} (made or "
                           "accepted)")
    RemoveCodings(ids).apply(project)
    return f"removed {len(ids)} coding(s) of {code.name!r} from {respondent} {question}"


def _new_code(project: Project, name: str) -> Code:
    """The code ``name`` names, made (at its path, each missing level with it) when the codebook lacks it, as `code
    --import --create-codes` makes a sheet's codes: `code --add R Q "Nothing to code" --create-codes` refused with
    "no code 'Nothing to code'" (a team trial)."""
    try:
        return code_named(project, name)
    except CommandError:
        parts = codebook.split_path(name.strip().lstrip("> "))
        if not all(parts) or codebook.find_code(project, name) is not None:
            raise
    return _make_path(project, parts)[0]


def _make_path(project: Project, parts: list[str], description: str = "") -> tuple[Code, list[str]]:
    """The code at the path ``parts``, each missing level made as the app's New code makes a code (the last
    with ``description``); with the names of the codes made."""
    parent: Code | None = None
    made: list[str] = []
    for depth, part in enumerate(parts):
        found = codebook.code_at_path(project, " > ".join(parts[:depth + 1]))
        if found is None:
            op = CreateCode(part, parent_id=parent.id if parent else None,
                            description=description if depth == len(parts) - 1 else "")
            op.apply(project)
            assert op.code is not None
            found = op.code
            made.append(found.name)
        parent = found
    assert parent is not None
    return parent, made


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("memo", help="write, change or list memos on answers, respondents, codes or the project")
    p.add_argument("project")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--answer", nargs=2, metavar=("RESPONDENT", "QUESTION"), help="a memo on one answer")
    target.add_argument("--respondent", metavar="RESPONDENT", help="a memo on a respondent")
    target.add_argument("--code", metavar="CODE", help="a memo on a code (its name or path)")
    target.add_argument("--on-project", action="store_true", help="a memo on the whole project")
    p.add_argument("--text", help="your memo's text (replaces your memo there; empty deletes it); "
                                  "without --text: list the memos")
    p.set_defaults(func=cmd_memo)


def cmd_memo(args: argparse.Namespace) -> int:
    writing = args.text is not None
    project = open_project(args.project, readonly=not writing)
    try:
        target = _memo_target(project, args)
        if writing:
            if target is None:
                raise CommandError("say where the memo goes: --answer, --respondent, --code or --on-project")
            mine = [m for m in memos.memos_for(project, target[0], target[1]) if m.author == project.actor]
            if not args.text.strip() and not mine:
                print("no memo of yours there: nothing deleted")
                return 0
            op = SetMemo(target[0], target[1], args.text)
            try:
                op.apply(project)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            print("memo saved" if op.memo else "memo deleted")
            return 0
        shown = [m for m in memos.list_memos(project)
                 if target is None or (m.target_kind, m.target_id) == target]
        where = memos.target_labels(project, shown)
        for memo in shown:  # where each memo is (a trial's listing said only "[response]")
            print(f"[{where[memo.id]}] {memo.author} {memo.updated_at[:16]}: {memo.text}")
        if not shown:
            print("no memos")
    finally:
        project.close()
    return 0


def _memo_target(project: Project, args: argparse.Namespace) -> tuple[str, str] | None:
    if args.answer:
        return "response", _answer(project, *args.answer)[1][0]
    if args.respondent:
        rid = project.scalar("SELECT id FROM respondents WHERE external_id = ?",
                             (letter_names.imported_id(project, args.respondent),))
        if rid is None:
            raise CommandError(f"no respondent {args.respondent}")
        return "respondent", rid
    if args.code:
        return "code", code_named(project, args.code).id
    if args.on_project:
        return "project", ""
    return None


def _answer(project: Project, respondent: str, question: str) -> tuple[str, tuple[str, str]]:
    """The question's key and (answer id, text) of a respondent's answer to it (named by its key,
    such as Q1, or its text)."""
    key = question_named(project, question).key
    found = response_lookup(project).get((letter_names.imported_id(project, respondent), key))
    if found is None:
        raise CommandError(f"no answer by respondent {respondent} to {key}")
    return key, found


def code_named(project: Project, name: str) -> Code:
    """The code a user names (its name, or its path when several share the name; a top-level code that shares its
    name with a sub-code by its name after ">": "> test_integrity"), or a clear refusal. A bare name two codes
    share is never settled for the user: a trial's `codebook --delete test_integrity` deleted the top-level code of
    that name, not the sub-code "academic_integrity > test_integrity" its coder meant, without a word."""
    bare = name.strip()
    if bare.startswith(">"):  # from the top of the codebook
        code = codebook.code_at_path(project, bare.lstrip("> "))
        if code is None:
            raise CommandError(f"no top-level code {bare.lstrip('> ')!r} in the codebook")
        return code
    paths = codebook.code_paths(project)
    same = sorted(paths[c.id] for c in codebook.list_codes(project) if c.name.casefold() == bare.casefold())
    if len(same) > 1 and len(codebook.split_path(bare)) == 1:
        raise CommandError(f"{len(same)} codes are named {name!r}: give the path of the one you mean ("
                           + "; ".join(f"'> {p}'" if ">" not in p else repr(p) for p in same)
                           + "; a top-level code by its name after '>')")
    code = codebook.find_code(project, name)
    if code is None:
        raise CommandError(f"no code {name!r} in the codebook")
    return code


def _code_to_add(project: Project, name: str) -> Code:
    """:func:`code_named`, for a coding: a code the codebook lacks is refused with how to add it (a trial's
    `code --add ID Q1 "Newcode"` said only "no code 'Newcode' in the codebook")."""
    try:
        return code_named(project, name)
    except CommandError as exc:
        if codebook.find_code(project, name) is not None or not str(exc).startswith("no "):
            raise
        raise CommandError(f"{exc}; add it first: codebook {shlex.quote(str(project.path))} --add {_quoted(name)} "
                           "(or code with --create-codes)") from None


def _quoted(text: str) -> str:
    """``text`` as one shell argument in single quotes, for a command to copy."""
    return "'" + text.replace("'", "'\\''") + "'"
