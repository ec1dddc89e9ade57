"""Helpers shared by the commands: opening projects, progress bars, errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from consult_analyser.domain import Question
from consult_analyser.progress import ProgressFn
from consult_analyser.store.project import Project


class CommandError(Exception):
    """A user-facing failure: printed without a traceback, exit code 1."""


def question_named(project: Project, name: str) -> Question:
    """The question a user names (key, id or text); a :class:`CommandError` listing the keys if none."""
    from consult_analyser.store.questions import find_question, list_questions

    found = find_question(project, name)
    if found is None:
        keys = [q.key for q in list_questions(project)]
        shown = ", ".join(keys[:30]) + (f" and {len(keys) - 30} more" if len(keys) > 30 else "")
        raise CommandError(f"no question {name!r} in {project.path.name}; its questions are {shown or 'none'}")
    return found


@contextmanager
def progress_bar(description: str, enabled: bool = True) -> Iterator[ProgressFn]:
    """A tqdm bar on stderr driven by a ProgressFn. When stderr is not a terminal (a log, a pipe, a CI
    job) it prints a plain line instead, at most every 10 seconds, so a long step never looks hung, and
    the last one when the step ends (an import of 5 s left its log at "import: 0% reading ..." alone);
    nothing at all when disabled (``--quiet``)."""
    if not enabled:
        def silent(fraction: float, message: str = "") -> None:
            return None

        yield silent
        return
    if not sys.stderr.isatty():
        import time

        last = [0.0]
        ended = [False]

        def plain(fraction: float, message: str = "") -> None:
            now = time.monotonic()
            done = fraction >= 1.0 and not ended[0]  # the end is always said (once), however soon it came
            if now - last[0] >= 10.0 or done:
                last[0] = now
                ended[0] = ended[0] or done
                print(f"{description}: {max(0.0, min(1.0, fraction)):.0%} {message}".rstrip(), file=sys.stderr,
                      flush=True)

        yield plain
        return
    from tqdm import tqdm

    with tqdm(total=1000, desc=description, unit="", bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}",
              file=sys.stderr, leave=False) as bar:
        def update(fraction: float, message: str = "") -> None:
            bar.n = int(max(0.0, min(1.0, fraction)) * 1000)
            bar.set_postfix_str(message[:40], refresh=False)
            bar.refresh()

        yield update


def open_project(path: str | Path, *, create: bool = False, readonly: bool = False) -> Project:
    path = Path(path)
    if not path.exists() and not create:
        raise CommandError(f"{path}: no such project (create it with `consult-analyser import {path} FILE`)")
    if not path.exists():
        return Project.create(path)
    project = Project.open(path, readonly=readonly)
    if project.upgraded is not None:
        version, backup = project.upgraded
        print(f"note: {path.name} was made by an earlier version (schema {version}) and has been upgraded; "
              f"the file as it was is kept as {backup.name}", file=sys.stderr)
    if not readonly:
        check_identity(project, str(path))
    return project


def check_identity(project: Project, path: str) -> None:
    """The identity check of every command that writes: in an analyst's copy, someone who said they are
    someone else (whoami) is refused unless they chose to work in it as its analyst, and then their
    session goes in its journal under their own name (see :mod:`consult_analyser.team.owner`)."""
    from consult_analyser.team import owner

    other = owner.someone_else(project)
    if other is None:
        return
    if not other.allowed:
        project.close()
        raise CommandError(other.refusal(path))
    owner.record_session(project, other, "command line")


def ids_from_file(name: str) -> list[str]:
    """Respondent ids from a file (``--ids-file``): one a line, or the first column of a CSV/TSV; blank
    lines and lines starting with # are passed over."""
    import csv

    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: no such file of respondent ids")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{name}: not a text file of respondent ids (save it as UTF-8 text or CSV)") from None
    if path.suffix.lower() in (".csv", ".tsv"):
        rows = csv.reader(text.splitlines(), delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        values = [row[0] for row in rows if row]
    else:
        values = text.splitlines()
    found = [v.strip() for v in values if v.strip() and not v.strip().startswith("#")]
    if not found:
        raise CommandError(f"{name}: no respondent ids in the file")
    return found


def respondent_lookup(project: Project) -> Callable[[str], str | None]:
    """A function: the internal id of the respondent a user names (their id as imported, in any case or spacing
    when no other id differs only so; a letter's file name, or a mailbox's message "mail.mbox#6", as search
    shows it), or None."""
    from consult_analyser.store import letter_names
    from consult_analyser.store import respondents as store_respondents

    by_external = {external: rid for rid, external in store_respondents.external_ids(project).items()}
    by_key: dict[str, list[str]] = {}
    for external, internal in by_external.items():
        by_key.setdefault(store_respondents.lookup_key(external), []).append(internal)

    def lookup(value: str) -> str | None:
        rid: str | None = by_external.get(value)
        if rid is None and len(by_key.get(store_respondents.lookup_key(value), [])) == 1:
            rid = by_key[store_respondents.lookup_key(value)][0]  # another case or spacing
        if rid is None and len(named_by_file := letter_names.respondents_named(project, value)) == 1:
            rid = named_by_file[0]  # a letter's file name, or a mailbox's message ("mail.mbox#6") as search shows it
        return rid

    return lookup


def one_line(text: str, width: int = 100) -> str:
    """An answer's start on one line, as the commands list answers: its white space (line breaks too)
    collapsed, cut at a word after about ``width`` characters with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[:width]
    space = cut.rfind(" ")  # (a long run with no space, a web address, is cut inside it)
    return (cut[:space] if space > width // 2 else cut).rstrip() + " …"


def resolve_respondents(project: Project, named: list[str], *,
                        why_unknown: Callable[[str], str] | None = None) -> dict[str, str]:
    """External id as the user gave it -> internal id; every unknown id named in one refusal (with
    ``why_unknown``'s words for it, when it has some, e.g. "withdrawn on 3 May"). A first line of a file
    that is no respondent but a header ("respondent_id") is passed over."""
    if not named:
        return {}
    lookup = respondent_lookup(project)
    ids: dict[str, str] = {}
    unknown: list[str] = []
    for position, value in enumerate(named):
        rid = lookup(value)
        if rid is not None:
            ids[value] = rid
        elif not (position == 0 and _id_header(value)):
            unknown.append(value)
    if unknown:
        said = [f"{v!r}" + (f" ({why})" if why_unknown and (why := why_unknown(v)) else "") for v in unknown[:10]]
        shown = ", ".join(said) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        raise CommandError(f"no respondent {shown} in {project.path.name} (give the ids as in the imported file, or a "
                           "letter's file name as search shows it); "
                           "nothing was changed")
    if not ids:
        raise CommandError("no respondent ids given")
    return ids


def _id_header(value: str) -> bool:
    from consult_analyser.store.respondents import lookup_key

    return lookup_key(value).replace("_", " ") in {"id", "respondent id", "respondent", "response id", "external id",
                                                   "respondents"}
