"""``letters``: split letters into passages mapped to questions, move a passage, mark supporting material."""

from __future__ import annotations

import argparse

from consult_analyser.actions.letters import MapLetters, MovePassage, SetDocumentRole
from consult_analyser.cli.common import CommandError, open_project, question_named
from consult_analyser.store import passages as store_passages


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("letters", help="map the passages of e-mailed and uploaded letters to the questions, "
                                              "so they count in themes, coding and the annex")
    p.add_argument("project")
    p.add_argument("--show", metavar="DOCUMENT", help="list a document's passages and their questions (its file name "
                                                      "or id)")
    p.add_argument("--move", nargs=2, metavar=("PASSAGE", "QUESTION"),
                   help="map a passage (its id or the start of its id, as --show lists them, or the first words of "
                        "its text) to another question (key)")
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
            if args.move:
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
                    if len(documents) > 1:
                        print(f"{filename} ({document}):")
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
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    finally:
        project.close()
    return 0
