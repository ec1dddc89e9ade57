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
    p.add_argument("--show", metavar="DOCUMENT", help="list a document's passages and their questions (document id)")
    p.add_argument("--move", nargs=2, metavar=("PASSAGE", "QUESTION"), help="map a passage to another question (key)")
    p.add_argument("--supporting", metavar="DOCUMENT", help="mark a document as supporting material (not counted)")
    p.add_argument("--letter", metavar="DOCUMENT", help="mark a document as a letter again (counted)")
    p.set_defaults(func=cmd_letters)


def cmd_letters(args: argparse.Namespace) -> int:
    project = open_project(args.project)
    try:
        try:
            if args.move:
                question = question_named(project, args.move[1])
                MovePassage(args.move[0], question.id).apply(project)
                print(f"passage {args.move[0]} now answers {question.key}")
            elif args.supporting or args.letter:
                document, role = (args.supporting, "supporting") if args.supporting else (args.letter, "letter")
                SetDocumentRole(document, role).apply(project)
                print(f"document {document} is now {'supporting material' if role == 'supporting' else 'a letter'}")
            elif args.show:
                text = project.scalar("SELECT text FROM documents WHERE id = ?", (args.show,))
                if text is None:
                    raise CommandError(f"no document {args.show!r} in {project.path.name}")
                for p in store_passages.document_passages(project, args.show):
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
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    finally:
        project.close()
    return 0
