"""Letters that reach a project twice or join a respondent already in it: the key that tells the same letter sent
again (an e-mail saved twice, a message both in an .mbox and as an .eml, an exact resend), and the import's words for
the letters it adds to a respondent found by e-mail address."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from consult_analyser.domain import Channel, counted
from consult_analyser.parsed import ParsedDocument


def email_hash(email: str) -> str:
    """A stable hash of a normalised e-mail address ("" when there is none)."""
    email = email.strip().strip("<>").lower()
    if "@" not in email:
        return ""
    return hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]


def letter_key(sender: str, text: str) -> str:
    return hashlib.sha256(f"{sender}\x1f{text}".encode()).hexdigest()


def resend_key(document: ParsedDocument) -> str:
    """What tells the same letter sent again: its sender (e-mail address, else name) and its text, white space
    aside; "" for a letter with no sender or no text (two anonymous letters alike may be two people's: never taken
    for one). One key for the import's check against the project (``store.imports``) and a folder's or mailbox's own
    check (:func:`consult_analyser.ingest.doc_email.drop_resends`), which a dry run reports too."""
    # a table row's upload is its row's respondent's: by a name alone ("Anonymous") two rows are never one sender
    sender = email_hash(document.respondent.email) or (
        "" if document.from_row else document.respondent.name.strip().lower())
    text = " ".join(document.text.split())
    return letter_key(sender, text) if sender and text else ""


def resend_note(filename: str, before: str) -> str:
    """The warning for a letter not imported because it is the same letter from the same sender as ``before``."""
    return f"{filename}: the same letter from the same sender as {before}; not imported again"


def joined_notes(online: list[str], earlier: list[str]) -> list[str]:
    """What the import says of the letters it added to a respondent already known by the sender's e-mail address:
    ``online``, those of people who answered online; ``earlier``, those of people who had only e-mailed or written
    before (a follow-up e-mail is not an online answer)."""
    notes = []
    if online:
        shown = ", ".join(online[:5]) + (", ..." if len(online) > 5 else "")
        notes.append(f"{counted(len(online), 'document')} came from people who also answered online (same e-mail "
                     f"address) and were added to their submissions ({shown}); what they say on a question they also "
                     "answered online stays in the letter but is not added to that answer")
    if earlier:
        shown = ", ".join(earlier[:5]) + (", ..." if len(earlier) > 5 else "")
        notes.append(f"{counted(len(earlier), 'document')} came from people who had e-mailed or written before (same "
                     f"e-mail address) and {'was' if len(earlier) == 1 else 'were'} added to that earlier submission "
                     f"({shown}): one respondent each, not two")
    return notes


@dataclass(frozen=True)
class Sender:
    """A respondent known by an e-mail address: who, and whether they answered online (else by e-mail or letter)."""

    respondent: str
    online: bool


@dataclass(frozen=True)
class Join:
    """Where a letter goes: ``respondent`` (None: a new respondent, its sender's) and ``how`` it was found: "id"
    (the letter's own id), "online" or "earlier" (its sender's e-mail address, of someone who answered online or
    who had e-mailed or written before), "path" (a folder or file named by a response's id)."""

    respondent: str | None
    how: str = ""


class Arrivals:
    """What an import has met so far, which decides where each letter goes: the letters (by :func:`resend_key`,
    to tell one sent again) and the respondents by e-mail address (to add a letter to its sender's submission).

    One account for the import (:class:`consult_analyser.store.imports`'s writer, the project's letters and
    respondents as ``stored_letters`` and ``stored_sender``), a folder's or a mailbox's own resends
    (:func:`consult_analyser.ingest.doc_email.drop_resends`) and the dry run of all the files given together
    (:func:`consult_analyser.ingest.preview.preview_files`, the project's as read before), so that the dry run
    says what the import does."""

    def __init__(self, stored_letters: Callable[[], Iterable[tuple[str, str]]] | None = None,
                 stored_sender: Callable[[str], Sender | None] | None = None) -> None:
        self._stored_letters = stored_letters  # (resend key, file name) of the letters already in the project
        self._letters: dict[str, str] | None = None  # read when first needed
        self._stored_sender = stored_sender  # the project's respondent of an e-mail address's hash
        self._senders: dict[str, Sender] = {}  # ... and those this import adds, first come

    def resent(self, document: ParsedDocument, name: str = "") -> str:
        """The name of a letter met before with the same sender and text as ``document`` (the same e-mail saved
        twice, a message both in an .mbox and as an .eml), else "" (and ``document`` is met, as ``name``, by
        default its file name)."""
        key = resend_key(document)
        if not key:
            return ""  # two anonymous letters alike may be two people's: never taken for one
        if self._letters is None:
            self._letters = {}
            for letter, filename in self._stored_letters() if self._stored_letters else ():
                self._letters.setdefault(letter, filename)
        seen = self._letters.get(key, "")
        if not seen:
            self._letters[key] = name or document.filename
        return seen

    def sender(self, email: str) -> Sender | None:
        """The respondent known by this e-mail address: the project's first, else the first this import adds."""
        hashed = email_hash(email)
        if not hashed:
            return None
        found = self._stored_sender(hashed) if self._stored_sender is not None else None
        return found or self._senders.get(hashed)

    def arrived(self, email: str, respondent: str, *, online: bool) -> None:
        """A respondent this import adds, with their e-mail address (a later letter from it joins them)."""
        hashed = email_hash(email)
        if hashed:
            self._senders.setdefault(hashed, Sender(respondent, online))

    def join(self, document: ParsedDocument, *, by_id: Callable[[str], str | None],
             by_path: Callable[[str], str | None]) -> Join:
        """The respondent a letter (not sent before) joins: the one of its own id (``by_id``), else its sender's by
        e-mail address, else the response whose id names its folder or file (``by_path``); else a new one."""
        respondent = by_id(document.respondent.external_id)
        if respondent is not None:
            return Join(respondent, "id")
        sender = self.sender(document.respondent.email)
        if sender is not None:
            return Join(sender.respondent, "online" if sender.online else "earlier")
        respondent = by_path(document.path)
        return Join(respondent, "path") if respondent is not None else Join(None)


def stored_letters(conn: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    """The resend key and file name of every letter in a project (its sender by e-mail address, else name)."""
    for filename, body, hashed, name in conn.execute(
            "SELECT d.filename, d.text, p.email_hash, p.name FROM documents d"
            " JOIN respondents p ON p.id = d.respondent_id WHERE d.parent_id IS NULL ORDER BY d.rowid"):
        who = hashed or (name or "").strip().lower()
        if who:
            yield letter_key(who, " ".join(body.split())), filename


def stored_sender(conn: sqlite3.Connection, hashed: str) -> Sender | None:
    """A project's first respondent of an e-mail address's hash."""
    row = conn.execute("SELECT id, channel FROM respondents WHERE email_hash = ? ORDER BY seq LIMIT 1",
                       (hashed,)).fetchone()
    return Sender(row[0], row[1] == Channel.ONLINE.value) if row else None


def stored_senders(conn: sqlite3.Connection) -> dict[str, Sender]:
    """Every e-mail address's hash in a project, with its first respondent (:func:`stored_sender` of each), in one
    read."""
    senders: dict[str, Sender] = {}
    for hashed, respondent, channel in conn.execute(
            "SELECT email_hash, id, channel FROM respondents WHERE email_hash != '' ORDER BY seq"):
        senders.setdefault(hashed, Sender(respondent, channel == Channel.ONLINE.value))
    return senders
