"""Letters that reach a project twice or join a respondent already in it: the key that tells the same letter sent
again (an e-mail saved twice, a message both in an .mbox and as an .eml, an exact resend), and the import's words for
the letters it adds to a respondent found by e-mail address."""

from __future__ import annotations

import hashlib

from consult_analyser.domain import counted
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
