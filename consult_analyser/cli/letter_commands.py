"""``letters``: split letters into passages mapped to questions, move a passage (or the letters' General
comments passages at once), mark supporting material."""

from __future__ import annotations

import argparse

from consult_analyser.actions.letters import MapLetters, MoveGeneralPassages, MovePassage, SetDocumentRole
from consult_analyser.cli.common import CommandError, open_project, question_named
from consult_analyser.pipeline.letters.run import general_note
from consult_analyser.store import letter_names
from consult_analyser.store import passages as store_passages


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("letters", help="map the passages of e-mailed and uploaded letters to the questions, "
                                              "so they count in themes, coding and the annex")
    p.add_argument("project")
    p.add_argument("--show", metavar="DOCUMENT", help="list a document's passages and their questions (its file name, "
                                                      "such as letter.eml or a mailbox's message mail.mbox#6, its "
                                                      "writer's id as imported, or its id)")
    p.add_argument("--move", nargs=2, metavar=("PASSAGE", "QUESTION"),
                   help="map a passage (its id or the start of its id, as --show lists them, or the first words of "
                        "its text) to another question (key)")
    p.add_argument("--general-to", metavar="QUESTION",
                   help="map every letter's General comments passages (those that answer no particular question) to "
                        "this question (key) at once, as --move maps one; writers who answered it on the form keep "
                        "theirs. Recorded in the project's log; in the app (the Reader: right-click a letter) it is "
                        "one step that Edit > Undo takes back")
    p.add_argument("--document", metavar="DOCUMENT",
                   help="with --general-to: only this letter's passages (a file name as --show takes, or its writer's "
                        "id)")
    p.add_argument("--supporting", metavar="DOCUMENT", help="mark a document (file name or id) as supporting material "
                                                            "(not counted)")
    p.add_argument("--letter", metavar="DOCUMENT", help="mark a document (file name or id) as a letter again (counted)")
    p.set_defaults(func=cmd_letters)


def _document(project, name: str) -> str:  # noqa: ANN001 - Project
    """The id of the document ``name`` names: its id, its file name, its respondent's id (a
    letter's file name), or the start of its id when only one id starts so."""
    return _documents(project, name, several=False)[0]


def _documents(project, name: str, *, several: bool = True) -> list[str]:  # noqa: ANN001 - Project
    """The ids of the documents ``name`` names (see :func:`_document`); with ``several``, every document of
    the file or respondent it names (an e-mail and its attachments), else one or an error."""
    rows = project.query("SELECT d.id, d.filename, p.external_id FROM documents d JOIN respondents p"
                         " ON p.id = d.respondent_id ORDER BY d.seq")
    for level, match in enumerate(([r for r in rows if r[0] == name], [r for r in rows if name in (r[1], r[2])],
                                   [r for r in rows if r[0].startswith(name)] if len(name) >= 4 else [])):
        if len(match) == 1 or (match and several and level == 1):
            return [r[0] for r in match]
        if len(match) > 1:
            raise CommandError(f"{name!r} names {len(match)} documents: " + ", ".join(
                f"{r[0]} ({r[1]})" for r in match[:8]) + "; give one of these ids")
    shown = ", ".join(r[1] for r in rows[:8])
    raise CommandError(f"no document {name!r} in {project.path.name}"
                       + (f" (give a file name, such as {shown}{', ...' if len(rows) > 8 else ''})" if rows else ""))


def _document_heading(project, document: str, filename: str, *, several: bool) -> str:  # noqa: ANN001 - Project
    """The line over a document's passages: its file name, and its writer by the name the Reader and
    search show (with the Message-ID a mailbox's message was imported under)."""
    respondent = project.scalar("SELECT respondent_id FROM documents WHERE id = ?", (document,))
    shown, imported = letter_names.shown_id(project, respondent), letter_names.other_name(project, respondent)
    writer = "" if shown == filename and not imported else f"; writer {shown}"
    return f"{filename} (document {document}{writer}{f', Message-ID {imported}' if imported else ''})" + \
        (":" if several else "")


def _general_to(project, question_name: str, document: str | None) -> None:  # noqa: ANN001 - Project
    """``--general-to``: every letter's (or one letter's) General comments passages to a question."""
    question = question_named(project, question_name)
    documents = None
    if document:
        named = _documents(project, document)  # the file and its attachments, or every letter of the writer
        documents = [r[0] for r in project.query(
            f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(named))}) OR parent_id IN"
            f" ({','.join('?' * len(named))})", [*named, *named])]
    op = MoveGeneralPassages(question.id, documents)
    op.apply(project)
    r = op.result
    assert r is not None
    whose = f"{document}'s" if document else "the letters'"
    if not r.passages and not r.kept_for_form:
        print(f"{whose} passages: none under General comments; nothing moved")
        return
    if r.passages:
        print(f"{r.passages:,} General comments passage(s) of {r.respondents:,} writer(s) now answer {question.key} "
              "(an analyst's move, as --move makes one: mapping the letters again keeps it; recorded in the "
              f"project's log; one passage goes back with --move PASSAGE {store_passages.general_question(project).key})")
    if r.kept_for_form:
        names = ", ".join(r.kept_for_form[:8]) + (f" and {len(r.kept_for_form) - 8} more" if len(r.kept_for_form) > 8
                                                    else "")
        print(f"kept under General comments: the passages of {len(r.kept_for_form):,} writer(s) who answered "
              f"{question.key} on the form ({names}); their form answer counts for {question.key}, so their letter's "
              "passages would count nowhere there (move one with --move PASSAGE QUESTION if wanted)")
    if r.codings_removed:
        print(f"warning: {r.codings_removed} coding(s) on the moved passages had nowhere to go and were removed")
    mapped, general = store_passages.mapped_counts(project)
    print(f"the letters' passages: {mapped:,} mapped to a question, {general:,} to General comments")
    if project.scalar("SELECT 1 FROM themes WHERE question_id = ? LIMIT 1", (question.id,)):
        print(f"note: {question.key}'s themes were found before: run `consult-analyser themes {project.path} "
              f"--question {question.key}` again to place the letters' answers (signed-off themes are kept)")


def _words(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').casefold().split())


def _passage(project, given: str) -> str:  # noqa: ANN001 - Project
    """The id of the passage ``given`` names: its id, the start of its id (four characters or more), or
    the start of its text (white space, quotes and case aside) when only one passage starts so."""
    rows = project.query('SELECT p.id, substr(d.text, p.start + 1, p."end" - p.start), d.filename FROM passages p'
                         " JOIN documents d ON d.id = p.document_id ORDER BY d.seq, p.position")
    words = _words(given)
    for match in ([r for r in rows if r[0] == given], [r for r in rows if r[0].startswith(given)] if len(given) >= 4
                  else [], [r for r in rows if words and _words(r[1]).startswith(words)]):
        if len(match) == 1:
            return str(match[0][0])
        if len(match) > 1:
            raise CommandError(f"{given!r} starts {len(match)} passages: " + "; ".join(
                f"{r[0][:8]} ({r[2]}: \"{' '.join(r[1].split())[:50]}...\")" for r in match[:8])
                + ("; ..." if len(match) > 8 else "") + ". Give one of these ids, or more of the passage")
    raise CommandError(f"no passage in {project.path.name} has the id or starts with the words {given!r} "
                       "(letters PROJECT --show FILE lists a letter's passages and their ids)")


def cmd_letters(args: argparse.Namespace) -> int:
    project = open_project(args.project)
    try:
        try:
            if args.document and not args.general_to:
                raise CommandError("--document goes with --general-to QUESTION (the letter whose General comments "
                                   "passages to move)")
            if args.general_to:
                _general_to(project, args.general_to, args.document)
            elif args.move:
                question = question_named(project, args.move[1])
                passage = _passage(project, args.move[0])
                MovePassage(passage, question.id).apply(project)
                mapped, general = store_passages.mapped_counts(project)
                print(f"passage {passage} now answers {question.key}; the letters' passages: {mapped} mapped to a "
                      f"question, {general} to General comments")
            elif args.supporting or args.letter:
                name, role = (args.supporting, "supporting") if args.supporting else (args.letter, "letter")
                document = _document(project, name)
                SetDocumentRole(document, role).apply(project)
                print(f"document {name} is now {'supporting material' if role == 'supporting' else 'a letter'}")
            elif args.show:
                documents = _documents(project, args.show)  # an e-mail and its attachments, each in turn
                for document in documents:
                    text, filename = project.query("SELECT text, filename FROM documents WHERE id = ?", (document,))[0]
                    print(_document_heading(project, document, filename, several=len(documents) > 1))
                    for p in store_passages.document_passages(project, document):
                        snippet = " ".join(text[p.start:p.end].split())[:70]
                        print(f"{p.id}  [{p.start}:{p.end}] {p.kind:<9} {p.question_key or '-':<10} {p.method:<10} "
                              f"{p.confidence:.2f}  {snippet}")
            else:
                op = MapLetters()
                op.apply(project)
                s = op.summary
                assert s is not None
                print(f"{s.documents} documents, {s.passages} passages: {s.mapped} mapped to a question, {s.general} to "
                      f"General comments; {s.letter_answers} letter answers from {s.respondents} respondents")
                if s.codings_removed:
                    print(f"warning: {s.codings_removed} coding(s) on letter answers were removed: their passages no "
                          "longer answer the question they were coded under (undo with the app's Undo, or move the "
                          "passages back with --move)")
                if s.rethemed:
                    keys = ", ".join(s.rethemed)
                    print(f"note: letter answers changed in {keys}, whose themes were found before: run `consult-analyser "
                          f"themes {args.project} --question KEY` for {'it' if len(s.rethemed) == 1 else 'each'} "
                          "again to place them (signed-off themes are kept)")
                if s.documents:
                    print("each letter's passages and their questions: letters PROJECT --show FILE (a letter's file name)")
                if note := general_note(project, args.project):
                    print(f"note: {note}")
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    finally:
        project.close()
    return 0
