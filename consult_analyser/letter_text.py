"""The greeting and the sign-off of a letter: "Dear Sir or Madam,", "Kind regards,\\nJo Bloggs\\n01234 567890".

E-mails and letters answer the questions between a greeting and a closing; survey answers pasted
from e-mails carry them too ("Dear Peat Consultation Team, ... Kind regards, <name> <phone>").
Neither says anything on a question: letters' passages that are only these belong to no answer,
themes are found and labelled without them, and quotes leave them out. One set of patterns serves
all three (:mod:`consult_analyser.pipeline.letters.mapping`, the theme step, the quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: the words a letter or a form's header puts before a question's number, in the languages forms and
#: letters are written in: "Question 4", "Q4", Welsh "Cwestiwn 4" (plural "Cwestiynau"), French "Question",
#: German "Frage", Spanish "Pregunta", Italian "Domanda", Dutch "Vraag", Portuguese "Pergunta". One
#: alternation (a regular expression, no group) for the letters' cues, their answers' leads and the headers.
QUESTION_WORDS = (r"questions?|cwestiwn|cwestiynau|fragen?|preguntas?|domand[ae]|vraag|vragen|perguntas?|q")

#: a form answer that only points to a letter or an attachment, in Welsh: "Gweler y llythyr amgaeedig"
#: ("see the enclosed letter"), "Gweler ein hymateb" ("see our response"), "Gweler yr atodiad" ("see the
#: attachment"). Lower case, as the non-answer phrases are matched; the pointer test of a form answer
#: that gives way to a letter looks for any of them in a short answer, the themes' non-answer test for
#: one as the whole answer.
WELSH_POINTERS = ("gweler y llythyr", "gweler y llythyr amgaeedig", "gweler ein llythyr", "gweler fy llythyr",
                  "gweler y llythyr atodedig", "llythyr amgaeedig", "amgaeedig", "atodedig", "gweler ein hymateb",
                  "gweler fy ymateb", "gweler yr ymateb", "gweler yr ymateb amgaeedig", "gweler atodiad",
                  "gweler yr atodiad", "gweler y ddogfen", "gweler y ddogfen amgaeedig", "gweler ein cyflwyniad",
                  "gweler uchod", "fel uchod", "yn y llythyr", "yn ein llythyr")

#: a letter's closing: it ends the answers
VALEDICTION = re.compile(r"^\s*(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm|warmest)\s+regards|regards|"
                         r"best wishes|with (?:thanks|best wishes|kind regards|every blessing|love)|many thanks|thanks"
                         r"|thank you|cheers|sincerely|respectfully|cordialement|bien (?:a|à) vous"
                         r"|mit freundlichen gr|(?:un )?saludo|atentamente|is mise le meas|yn gywir|cofion"
                         # the main European languages' sign-offs ("Freundliche Grüße", "Cordiali saluti", "Met
                         # vriendelijke groet", "Hochachtungsvoll"), and French's formula (see FORMAL_CLOSING)
                         r"|(?:bien |très )?cordialement|(?:sinc[eè]res |meilleures )?salutations|(?:mit )?"
                         r"(?:freundlichen|freundliche|besten|beste|herzlichen|viele|liebe) gr(?:ü|ue|u)(?:ß|ss)\w*"
                         r"|hochachtungsvoll|saludos(?: cordiales)?|(?:un )?cordial saludo|cordiali saluti|"
                         r"distinti saluti|cordialmente|met vriendelijke groet\w*|hoogachtend|atenciosamente|"
                         r"cumprimentos|(?:com os )?melhores cumprimentos|veuillez agr[ée]er|je vous prie d.agr[ée]er"
                         r"|nous vous prions d.agr[ée]er)\b", re.I)
#: a sign-off written as a sentence, longer than a closing's words ("Veuillez agréer, Madame, Monsieur,
#: l'expression de nos salutations distinguées.", "Je vous prie d'agréer ... mes sentiments respectueux.")
FORMAL_CLOSING = re.compile(r"^\s*(?:veuillez|je vous prie d|nous vous prions d)\W*agr[ée]er\b.{0,160}"
                            r"(?:salutations|sentiments|considération)\b[^.!?]{0,40}[.!]?\s*$", re.I)
#: at most this many words in a closing ("Thank you for reading this.", "Thanks,\nJo Bloggs"); a
#: longer passage that opens with thanks ("Thank you for the chance to respond. We think ...") says more
CLOSING_MAX_WORDS = 10
#: a letter's greeting: "Dear Sir or Madam,", "Hi,", "To whom it may concern"
SALUTATION = re.compile(r"^\s*(?:dear\b|hi\b|hello\b|good (?:morning|afternoon|evening)\b|to whom it may concern"
                        r"|bonjour\b|madame|monsieur|sehr geehrte|hallo\b|estimad[oa]s?\b|a chara\b|annwyl\b)", re.I)
SALUTATION_MAX_WORDS = 8
#: a closing is looked for among this many last lines of an answer, on a line of at most so many words
_CLOSING_LINES = 8
_SIGN_OFF_WORDS = 4


def is_closing(text: str) -> bool:
    """A sign-off: a closing phrase and at most :data:`CLOSING_MAX_WORDS` words."""
    return bool(VALEDICTION.match(text)) and len(text.split()) <= CLOSING_MAX_WORDS


def is_sign_off(line: str) -> bool:
    """A line that is only a sign-off ("Kind regards,", "Respectfully submitted,", "Mit freundlichen Grüßen",
    "Met vriendelijke groet", French's "Veuillez agréer ... nos salutations distinguées."): "Thanks, the buses
    are bad" says more."""
    return bool(VALEDICTION.match(line)) and len(line.split()) <= _SIGN_OFF_WORDS or bool(FORMAL_CLOSING.match(line))


#: a signature's contact line, in the main European languages: "Tel. +49 30 5550 1234", "Telefon:", "Fax",
#: "E-Mail:", "Mobil", "Courriel :", "Adresse", "Tél.", "Teléfono", "Direct: 202.467.2956", a web address
_CONTACT = re.compile(r"^\s*(?:tel|t[ée]l[ée]?phone|telefon|tel[ée]fono|telefoon|telf|phone|ph|fax|telefax|mobile?|mobil|mob|"
                      r"cell(?:ular)?|handy|portable|m[óo]vil|cellulare|telem[óo]vel|gsm|e-?mail|courriel|correo"
                      r"(?: electr[óo]nico)?|adresse|address|anschrift|direcci[óo]n|indirizzo|adres|morada|direct|"
                      r"office|web(?:site)?|site|internet|url|www|t|f|m|e)\b\.?\s*[:.]?\s*\S", re.I)
_ALONE = re.compile(r"^\s*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+|\+?\(?\d[\d\s().\-/]{6,}\d)\s*"
                    r"(?:\(\w+\))?\s*$", re.I)
#: a signature's lines: at most this many (a name, a post, a department, an organisation, an address ...)
SIGNATURE_LINES = 14
_SIGNATURE_LINE_WORDS = 12


def is_contact_line(line: str) -> bool:
    """A telephone, fax, e-mail or web line of a signature, in the main European languages, or a number or an
    address alone on its line."""
    return bool(_CONTACT.match(line) and re.search(r"[\d@]|www\.|https?:", line)) or bool(_ALONE.match(line))


def _signature_line(line: str) -> bool:
    """A short line a signature holds (a name, a post, an organisation, a street address): no sentence."""
    words = line.split()
    if not words or len(words) > _SIGNATURE_LINE_WORDS or line.rstrip().endswith(("!", "?", ":")):
        return False
    # a sentence ends in a full stop; "Bundesverband Forderungsmanagement e.V.", "Acme, Inc.", "Jo Bloggs Ph.D." do not
    return not line.rstrip().endswith(".") or len(words) <= 4 or bool(re.search(r"\b\w{1,3}\.\w{0,3}\.?$", line))


def signature_start(lines: list[str], start: int = 0) -> int:
    """Where a letter's signature block begins among its ``lines`` (from ``start``), else ``len(lines)``: its
    sign-off (:func:`is_sign_off`) with only a signature's short lines under it, or, with none, the contact
    lines it ends with (:func:`is_contact_line`: "Tel. ...", "E-Mail: ...", and an address beside them) and the
    short lines right above them (the name, the post, the organisation), up to a blank line. Short lines at a
    letter's end with no contact line among them are no signature (a list's last items)."""
    end = len(lines)
    while end > start and not lines[end - 1].strip():
        end -= 1
    found, contacts, taken = len(lines), 0, 0
    for i in range(end - 1, start - 1, -1):
        line = lines[i].strip()
        if is_sign_off(line):
            return i
        if not line:
            above = next((j for j in range(i - 1, start - 1, -1) if lines[j].strip()), None)
            if above is not None and is_sign_off(lines[above]):
                return above  # "Mit freundlichen Grüßen", a blank line, the signature
            break
        if taken >= SIGNATURE_LINES or not (is_contact_line(line) or _signature_line(line)):
            break
        contacts += is_contact_line(line)
        taken += 1
        found = i
    ends_in_contact = end > start and (is_contact_line(lines[end - 1]) or _address(lines[end - 1]))
    return found if contacts and ends_in_contact else len(lines)


def _address(line: str) -> bool:
    """A line of a postal address: figures among at most ten words ("Friedrichstraße 95, 10117 Berlin",
    "Portland, OR 97204")."""
    return bool(re.search(r"\d", line)) and len(line.split()) <= 10 and not line.rstrip().endswith(("!", "?"))


def is_greeting(text: str) -> bool:
    """A greeting: a salutation and at most :data:`SALUTATION_MAX_WORDS` words."""
    return bool(SALUTATION.match(text)) and len(text.split()) <= SALUTATION_MAX_WORDS


_HEAD_LINES = 25  # lines above a greeting that may be a letterhead, an address, a date and a subject
_HEAD_LINE_WORDS = 14

# A greeting in text taken from a PDF, where the letterhead, the greeting and the first sentence run
# together on one line: "...GPO Box 2013 Canberra ACT 2601Dear Mr MurfittThe Royal Australian College".
# The greeting's name ends where a capital starts a new word inside it ("MurfittThe") or at a comma.
_NAME_PART = r"[A-Z][\w'’-]*?(?=[A-Z][a-z]|[,:;\s]|$)"
_GLUED_GREETING = re.compile(
    r"Dear\s+(?:Sir\s*(?:/|or|and)?\s*Madam|Sir|Madam|Minister|Secretary|Colleagues?|Team"
    rf"|(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor)\.?\s+)?{_NAME_PART}(?:\s+{_NAME_PART}){{0,3}})\s*[,:]?")
# An Acknowledgement of Country at the head of a submission ("We acknowledge the Traditional Owners
# of the lands on which we work and pay our respects to Elders past and present"): a formality, like a
# greeting, that made a theme of its own ("Aboriginal and Torres Strait") among submissions' first pages
_ACKNOWLEDGEMENT = re.compile(
    r"(?:Acknowledge?ment of (?:Country|Traditional \w+|Aboriginal[^.]{0,80}?Peoples?)\s*)?"
    r"[^.!?]{0,200}?\b(?:acknowledges?\s+(?:and\s+\w+\s+)?(?:the\s+)?(?:Traditional\s+(?:Owners|Custodians)"
    r"|Aboriginal and Torres Strait Islander [Pp]eoples? as)|pay\s+(?:our|my|their)\s+respects?\s+to\s+"
    r"(?:their\s+|all\s+)?Elders)\b[^.!?]{0,300}[.!?]\s*", re.I)
_ACKNOWLEDGEMENT_HEAD = 1500  # only near the top, where the formality stands

#: a glued greeting is looked for among this many first characters, after at most this many words
_GLUED_HEAD_CHARS = 700
_GLUED_HEAD_WORDS = 80


#: where a forwarded message starts in a body: Gmail's "---------- Forwarded message ---------" (group
#: ``explicit``), Apple Mail's "Begin forwarded message:" (``explicit``), Outlook's "-----Original Message-----"
#: or its rule of underscores (Outlook uses both for replies as well as forwards)
_FORWARD_MARK = re.compile(r"^[ \t]*(?:(?P<explicit>-{2,}\s*forwarded message\s*-{2,}|begin forwarded message:?)"
                           r"|-{2,}\s*original message\s*-{2,}|_{10,})[ \t]*$", re.I | re.M)
#: a line of a forwarded message's header block ("From: Jo Bloggs <jo@example.org>", Outlook's "*Sent:* ...")
_FORWARD_FIELD = re.compile(r"^[ \t]*\*?(from|sent|date|to|cc|subject|reply-to)\*?[ \t]*:[ \t]*(.*?)[ \t]*$", re.I)
#: Outlook's header block with no mark above it: a "From:" line with a "Sent:" line under it
_OUTLOOK_BLOCK = re.compile(r"^[ \t]*\*?from\*?[ \t]*:[^\n]*\n(?:[^\n]*\n)?[ \t]*\*?sent\*?[ \t]*:", re.I | re.M)
#: at most this many words in a forwarding note above the forwarded message (more: the writer's own letter,
#: with an earlier message under it)
FORWARD_NOTE_MAX_WORDS = 80
#: a note that says it passes a message on ("Forwarding this on behalf of Hannah", "FYI, see below"): above
#: Outlook's marks, which replies use too, only such a note (or none) makes the message under it a forward
_FORWARDING_WORDS = re.compile(r"\b(?:forward\w*|fwd|fw|on behalf of|fyi|see below|below|passing (?:this|it) on|"
                               r"passed (?:this |it )?on|sent (?:this |it )?to me|received)\b", re.I)
_FORWARD_DEPTH = 3  # a forward of a forward of a forward


@dataclass(frozen=True)
class Forward:
    """A message forwarded in a body: the forwarding note is ``text[:note_end]``, the forwarded message's
    header block ``text[header_start:start]`` and the message itself (the letter) ``text[start:]``."""

    note_end: int
    header_start: int
    start: int
    #: the header block's fields by lower-case name ("from", "sent", "date", "to", "subject"), RFC 2047
    #: encoded words decoded ("=?iso-8859-1?q?Kevin_S=F8rensen?=" is "Kevin Sørensen")
    headers: dict[str, str]


def decode_words(value: str) -> str:
    """``value`` with its RFC 2047 encoded words ("=?utf-8?b?...?=", "=?iso-8859-1?q?...?=") decoded, as a mail
    program writes a sender's name into a forwarded message's header lines; ``value`` itself when they are broken."""
    if "=?" not in value:
        return value
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeError, ValueError, AssertionError):
        return value


def _header_block(text: str, at: int) -> tuple[int, int, dict[str, str]] | None:
    """The header block starting at the first line with text at or after ``at``: (its start, where the
    message under it starts, its fields); None without a "From:" line and at least one other field."""
    pos = at
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    start, line_start = pos, pos
    fields: dict[str, str] = {}
    last = ""
    while line_start < len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        field = _FORWARD_FIELD.match(line)
        if field:
            last = field.group(1).lower()
            fields.setdefault(last, field.group(2))
        elif last and line[:1] in (" ", "\t") and line.strip():  # a folded line of the field above
            fields[last] += " " + line.strip()
        else:
            break
        line_start = line_end + 1
    if "from" not in fields or len(fields) < 2:
        return None
    end = min(line_start, len(text))
    while end < len(text) and text[end] in " \t\r\n":
        end += 1
    return start, end, {k: decode_words(v) for k, v in fields.items()}


def _says_nothing(note: str) -> bool:
    """A note of a greeting, a sign-off and a name at most ("Hi,", "Thanks,", "Jo Bloggs"), no sentence."""
    return all(is_greeting(line) or is_closing(line) or (len(line.split()) <= 4 and not re.search(r"[.!?]", line))
               for line in (part.strip() for part in note.split("\n")) if line)


def forwarded_message(text: str) -> Forward | None:
    """The message forwarded in ``text`` under a short note (see :class:`Forward`), in the forms Gmail, Outlook and
    Apple Mail write it; None when there is none, or when the text above it is the writer's own letter (more
    than :data:`FORWARD_NOTE_MAX_WORDS` words) or a reply above an earlier message (above Outlook's marks,
    which replies use too, a note must say it passes the message on, or say nothing but a greeting and a name)."""
    marks = [(m.start(), m.end(), bool(m.group("explicit"))) for m in _FORWARD_MARK.finditer(text)]
    marks += [(m.start(), m.start(), False) for m in _OUTLOOK_BLOCK.finditer(text)]
    for mark_start, mark_end, explicit in sorted(marks):
        note = text[:mark_start]
        if len(note.split()) > FORWARD_NOTE_MAX_WORDS:
            return None
        block = _header_block(text, mark_end)
        if block is None:
            continue
        header_start, start, headers = block
        if not text[start:].strip():
            return None
        if not explicit and not _FORWARDING_WORDS.search(note) and not _says_nothing(note):
            return None  # "I agree with the plan. Regards, Jo" over the consultation's own e-mail: a reply
        return Forward(mark_start, header_start, start, headers)
    return None


def forwarded_start(text: str) -> int:
    """Where the letter starts in ``text`` that forwards it (under a forwarded message of a forwarded message, the
    innermost); 0 when ``text`` forwards nothing. The notes and header blocks above it are nobody's answer."""
    start = 0
    for _ in range(_FORWARD_DEPTH):
        found = forwarded_message(text[start:])
        if found is None:
            break
        start += found.start
    return start


#: a file's name before its text, as an export of uploads writes it ("FILENAME: x.pdf | CONTENT:", "x.docx | Content:");
#: with both labels the name may be anything, a "|" too ("FILENAME: Reply - Jo Bloggs | Fingleton.pdf | CONTENT:")
_FILE_HEAD = re.compile(r"\s*(?:file ?name\s*:\s*(?P<labelled>[^\n]{1,240}?)\s*\|\s*content\s*:\s*"
                        r"|file ?name\s*:\s*(?P<named>[^\n|]{1,240}?\.(?:pdf|docx?|odt|rtf|txt))\s*\|\s*(?:content\s*:\s*)?"
                        r"|(?P<bare>[^\n|]{1,240}?\.(?:pdf|docx?|odt|rtf|txt))\s*\|\s*content\s*:\s*)", re.I)
#: where a cell holding several uploaded files starts the next one: a line that opens with "FILENAME: x | CONTENT:"
_NEXT_FILE = re.compile(r"\n(?=[ \t]*file ?name\s*:[^\n]{1,240}?\|\s*content\s*:)", re.I)


def file_name_and_text(text: str) -> tuple[str, str]:
    """The uploaded file's name that a platform wrote before the file's text ("FILENAME: Our submission.pdf |
    CONTENT: ...") and the text after it; ("", ``text``) when there is no such name or nothing follows it."""
    named = _FILE_HEAD.match(text)
    if not named or not text[named.end():].strip():
        return "", text
    return (named.group("labelled") or named.group("named") or named.group("bare")).strip(), text[named.end():]


def uploaded_files(text: str) -> list[tuple[str, str]]:
    """Each uploaded file a cell holds, as (its name, its text) by :func:`file_name_and_text`: a cell may hold
    several, each opening a line with its "FILENAME: x | CONTENT:" (a platform's files of one response joined)."""
    return [file_name_and_text(part) for part in _NEXT_FILE.split(text) if part.strip()]


def without_file_name(text: str) -> str:
    """``text`` without the uploaded file's name that a platform wrote before the file's text ("FILENAME: Our
    submission.pdf | CONTENT: ..."); ``text`` itself when nothing follows the name. The first step of
    :func:`letter_body`, and all of it where a letter's head says who wrote it (Sector review's excerpt)."""
    return file_name_and_text(text)[1]


def letter_body(text: str) -> str:
    """``text`` without its greeting and the short lines above it (letterhead, addressee, date,
    subject) and without a sign-off line among its last lines and all that follows it (the name,
    address and telephone under it), or with none a signature that ends in contact lines (:func:`signature_start`); ``text`` itself when that would leave nothing. An uploaded file's name
    that a platform wrote before the file's text ("FILENAME: Our submission.pdf | CONTENT: ...") goes too: a
    trial's published quotes opened with it, and a theme was named "Filename"."""
    text = without_file_name(text)
    text = text[forwarded_start(text):]  # a forwarded letter, without the note that passed it on
    first = text.lstrip().split("\n", 1)[0]
    if len(first.split()) > _HEAD_LINE_WORDS:  # a letterhead run into one line with the greeting
        glued = _GLUED_GREETING.search(text, 0, _GLUED_HEAD_CHARS)
        if glued and len(text[:glued.start()].split()) <= _GLUED_HEAD_WORDS and text[glued.end():].strip():
            text = text[glued.end():]
    head = text[:_ACKNOWLEDGEMENT_HEAD]
    kept = _ACKNOWLEDGEMENT.sub("", head)
    if kept != head and (kept + text[_ACKNOWLEDGEMENT_HEAD:]).strip():
        text = kept + text[_ACKNOWLEDGEMENT_HEAD:]
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    # the greeting, and the letterhead, addressee, date and subject lines above it ("The Hon Ed Husic MP /
    # Department of Industry / GPO Box ..."): short lines only, so a letter's prose is never cut
    for i in range(start, min(len(lines), start + _HEAD_LINES)):
        if is_greeting(lines[i]):
            start = i + 1
            break
        if len(lines[i].split()) > _HEAD_LINE_WORDS:
            break
    end = len(lines)
    for i in range(len(lines) - 1, max(start, len(lines) - _CLOSING_LINES) - 1, -1):
        # a line that is only a sign-off ("Kind regards,", "Many thanks"): "Thanks, the buses are bad" says more
        if lines[i].strip() and is_sign_off(lines[i]):
            end = i
            break
    end = min(end, max(start, signature_start(lines, start)))  # and a signature's contact lines with no sign-off
    body = "\n".join(lines[start:end]).strip()
    return body if body else text


#: a form's tick boxes as Word and PDF forms print them: ticked and not
TICKED = "☒☑■✓✔✗✘⊠"
UNTICKED = "☐□"
_BOX = re.compile(rf"[{TICKED}{UNTICKED}]|\[\s*[xX✓]?\s*\]")


def ticked_option(text: str) -> str | None:
    """The option ticked among a form's boxes ("Yes ☐  No ☒" -> "No", "☒ Yes ☐ No" -> "Yes",
    "[x] Agree [ ] Disagree" -> "Agree"); "" when boxes are there but none or several are ticked;
    None when the text has no boxes."""
    head = text.strip()[:300]
    boxes = list(_BOX.finditer(head))
    if len(boxes) < 2:
        return None
    ticked = [m for m in boxes if m.group(0)[0] in TICKED or "x" in m.group(0).lower() or "✓" in m.group(0)]
    if len(ticked) != 1:
        return ""
    box = ticked[0]
    before_label = head[: boxes[0].start()].strip() == ""  # "☒ Yes ☐ No": each box before its option
    index = boxes.index(box)
    if before_label:
        end = boxes[index + 1].start() if index + 1 < len(boxes) else len(head)
        label = head[box.end(): end]
    else:
        start = boxes[index - 1].end() if index else 0
        label = head[start: box.start()]
    label = " ".join(label.replace("/", " ").split()).strip(" .,:;-")
    return label.split("\n")[0] or ""


#: a sentence at an answer's head that only says whose response it is, or thanks for the chance to give it:
#: "This is the response of Highfield Road Residents' Association to the Department's consultation on
#: pavement parking.", "Thank you for the opportunity to respond.", "The RNIB welcomes the opportunity to
#: comment." A trial's organisations' openings made themes of their own ("Consultation on pavement parking",
#: "Residents association": 133 of 514 organisations' answers) and named a campaign after one body
#: (Not a subject line, nor a covering "please find attached our comments on ...": those name what an answer is
#: about where one file holds several consultations' comments.)
OPENING = re.compile(
    r"^\W*(?:this|the following|here|below) (?:is|are) (?:my|our|the|a|an) (?:\w+ )?(?:response|submission|comments|reply)\b"
    r"|^\W*(?:this|our|my) (?:\w+ )?(?:response|submission|reply) (?:is|has been|was) (?:submitted|made|sent|written|provided)\b"
    r"|^\W*(?:response|submission|comments?) (?:from|of|by|on behalf of)\b"
    r"|\bthank you for (?:the|this|giving us the|giving me the) (?:opportunity|chance)\b"
    r"|\b(?:welcomes?|appreciates?|(?:is|are|am) (?:pleased|grateful|glad)(?: to have| for)?) (?:the |this )?"
    r"(?:opportunity|chance) to (?:respond|comment|contribute|submit|provide|give|take part|feed)\b"
    r"|^\W*(?:i am|i'm|we are|we're) (?:writing|responding|replying)(?: to you)? (?:on behalf of|as|in response to|to respond to)\b"
    r"|\bsubmits? the following (?:comments|response)\b", re.I)
#: ... unless it takes a side as well ("We are writing on behalf of our members to oppose the ban")
_TAKES_A_SIDE = re.compile(r"\b(?:support|supports|oppose|opposes|object|objects|agree|agrees|disagree|disagrees|urge|urges"
                           r"|against|in favou?r|reject|rejects|welcomes? (?:the|this|these|your) (?:proposals?|ban|plans?"
                           r"|changes?|measures?))\b", re.I)
_HEAD_SENTENCE = re.compile(r"(?<=[.!?;:])\s+(?=[\"“'(]?[A-Z0-9])|\s*\n+\s*")
_OPENING_MAX_WORDS = 45


def without_opening(text: str) -> str:
    """``text`` without at most two head sentences that only say whose response it is or give thanks for the
    chance to respond (:data:`OPENING`), when at least a few words are left; ``text`` itself otherwise."""
    rest = text.lstrip()
    for _ in range(2):
        parts = _HEAD_SENTENCE.split(rest, maxsplit=1)
        if len(parts) < 2:
            break
        head, tail = parts
        if len(head.split()) > _OPENING_MAX_WORDS or not OPENING.search(head) or _TAKES_A_SIDE.search(head) \
                or len(tail.split()) < 3:
            break
        rest = tail.lstrip()
    return rest if rest is not text.lstrip() else text


def theme_text(text: str) -> str:
    """What themes and campaigns are found in: an answer without a letter's greeting and sign-off
    (:func:`letter_body`) and without the head sentences that say whose response it is (:func:`without_opening`)."""
    return without_opening(letter_body(text))
