"""Split a document's text into passages: headings, numbered paragraphs and paragraphs.

Every passage keeps exact ``[start, end)`` offsets into the document text (Python string indices,
the unit codings use), so ``text[start:end]`` is the passage, trimmed of surrounding white space.
Text extracted from PDFs has one line per printed line and no blank lines between paragraphs: a
paragraph ends where a line ends a sentence well short of the usual line width, where a numbered
item or a heading starts, or at a blank line. Lines repeated on many pages (running headers and
footers) are left out of every passage, and so are a forwarded letter's forwarding note and the header
block of the message forwarded (:func:`~consult_analyser.letter_text.forwarded_start`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from consult_analyser.ingest.doc_form import HEADING as FORM_HEADING
from consult_analyser.ingest.doc_form import INSTRUCTION as FORM_INSTRUCTION
from consult_analyser.ingest.doc_form import field_line, is_placeholder
from consult_analyser.letter_text import QUESTION_WORDS, forwarded_start, is_closing, is_greeting, signature_start

#: "4.", "4)", "(4)", "4.2", "(a)", "a)" at the start of a line
NUMBERED = re.compile(r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\)|\(?[a-h]\))\s+\S")
#: "Question 4", "Q4", "Q.4", "Questions 4 and 5", Welsh "Cwestiwn 4" (the words of :data:`QUESTION_WORDS`,
#: which a form's headers know too) at the start of a line
QUESTION_CUE = re.compile(rf"^\s*(?:{QUESTION_WORDS})\s*\.?\s*(\d{{1,2}})\b", re.I)
#: a topic's cue at the start of a line: a short label, then ":" or " - " ("Savings: the civic centre ...",
#: "Council tax - we oppose ...", "Other comments:"); the label is group 1
TOPIC_CUE = re.compile(r"^\s*([A-Z][\w'’&/()-]*(?:[ \t]+[\w'’&/(][\w'’&/()-]*){0,4}?)[ \t]*"
                       r"(?::(?=\s|$)|[ \t][-\u2013\u2014][ \t])")
_NOT_A_LABEL = frozenset({"i", "we", "you", "they", "it", "this", "these", "he", "she", "our", "my", "note", "nb", "ps",
                          "tel", "telephone", "mobile", "email", "e-mail", "fax", "re", "subject", "from", "to", "date",
                          "sent", "cc", "web", "website", "address", "dear"})
_END = re.compile(r"[.!?:;\"”’)]\s*$")
_BULLET = re.compile(r"^\s*[\u2022\u25cf\u25aa\uf0b7\uf0a7\-\*\u2013]\s")
_MAX_HEADING = 90


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    kind: str  # heading | numbered | paragraph


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def answers_after_cue(line: str) -> bool:
    """A line that starts with a question's cue and goes on to answer it ("Question 5 - The
    classes had a waiting list of fourteen months. They need to be free."): a paragraph of that
    question, not a heading over one. A cue alone, a topic ("Q3: Funding") or the question quoted
    ("Question 2: Do you agree ...?") heads what follows."""
    m = QUESTION_CUE.match(line)
    if not m:
        return False
    rest = line[m.end():].strip(" \t.:-–—)")
    words = rest.split()
    if _QUOTED_QUESTION.search(rest):  # the form's question, its options and what it asks for
        return False
    if words and words[0].lower().strip(",.;:!") in _SIDE_WORDS:  # "Q3 - Yes.", "Question 4: No, because ..."
        return True
    return len(words) >= 8 and not rest.endswith("?") or (len(words) >= 4 and rest.endswith((".", "!")))


#: the end of a question as a form prints it: "...of £500? (Strongly agree / ... / Strongly disagree) Please
#: explain your answer."
_QUOTED_QUESTION = re.compile(r"\?\s*(?:\([^()]*\)\s*)?(?:(?:please|if so|if not|if yes|if no|if you|give|explain|provide|"
                              r"tell us|state)\b[^?]{0,120})?$", re.I)
#: a form's own closing line, not the respondent's: "Thank you for responding to this consultation."
_FORM_THANKS = re.compile(r"^thank you (?:for (?:responding|your response|taking part|completing|taking the time)"
                          r"|for your (?:time|views|interest))\b.{0,80}$", re.I)
#: an answer that opens by taking a side: after a cue, it answers (it does not head what follows)
_SIDE_WORDS = frozenset({"yes", "no", "agree", "disagree", "partly", "partially", "strongly", "neither", "unsure",
                         "support", "oppose", "object", "maybe"})


def topic_label(line: str) -> str | None:
    """The label of a topic's cue at the start of ``line`` ("Savings" of "Savings: sell the ...", "Council
    tax" of "Council tax - we oppose ..."), or None. A word that starts a sentence or a contact line
    ("We note: ...", "Tel: 01632 ...") is no topic."""
    m = TOPIC_CUE.match(line)
    if not m or m.group(1).split()[0].lower() in _NOT_A_LABEL:
        return None
    return m.group(1).strip()


def _is_heading(line: str, width: int) -> bool:
    s = line.strip()
    if answers_after_cue(s):
        return False
    if s.endswith(":") and topic_label(s) is not None and len(s) - len(topic_label(s) or "") <= 2:
        return True  # a topic's label on a line of its own: "Council tax:"
    if not s or len(s) > _MAX_HEADING or len(s) > 0.75 * width and width > 60:
        return bool(QUESTION_CUE.match(s)) and (len(s) <= 160 or len(s) <= 400 and "?" in s)
    if QUESTION_CUE.match(s):
        return True
    if _BULLET.match(s) or s[-1] in ".,;:" or not (s[0].isupper() or s[0].isdigit()):
        return False
    words = s.split()
    return len(words) <= 14


def _form_line(line: str) -> bool:
    return bool(line) and (bool(field_line(line)) or is_placeholder(line) or bool(FORM_HEADING.match(line))
                           or bool(_FORM_THANKS.match(line)) or len(line) <= 200 and bool(FORM_INSTRUCTION.search(line)))


def split_passages(text: str) -> list[Passage]:
    """The passages of ``text`` in order (see the module notes)."""
    spans = _lines(text)
    stripped = [text[a:b].strip() for a, b in spans]
    shapes = [re.sub(r"\d+", "#", s) for s in stripped]
    counts = Counter(shape for shape, s in zip(shapes, stripped, strict=True) if s and not QUESTION_CUE.match(s))
    boiler = {s for s, n in counts.items()
              if n >= 3 and len(s) < 120 and not NUMBERED.match(s)}
    lengths = sorted(len(s) for s in stripped if s)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    passages: list[Passage] = []
    block: list[int] = []  # line indexes
    kind = "paragraph"

    def close() -> None:
        nonlocal block
        if block:
            first, last = spans[block[0]], spans[block[-1]]
            raw = text[first[0]:last[1]]
            lead = len(raw) - len(raw.lstrip())
            start, end = first[0] + lead, first[0] + len(raw.rstrip())
            if end > start:
                passages.append(Passage(start, end, kind))
        block = []

    previous = ""
    # running headers and footers, and a response form's own lines (the respondent's details, Word's
    # "Click or tap here to enter text.", its closing thanks): part of no passage
    # (a form's line ends the paragraph above it, as a blank line does; a running footer does not)
    # a forwarded letter's forwarding note ("Forwarding this on behalf of Hannah ... Thanks, Dmitri") and the
    # header block of the message forwarded: part of no passage, as a form's lines are (the note's sign-off
    # would otherwise sign off the letter under it, and the letter count nowhere)
    forwarded = forwarded_start(text)
    stripped = ["\1" if spans[i][0] < forwarded else "\0" if shapes[i] in boiler else "\1" if _form_line(s) else s
                for i, s in enumerate(stripped)]
    # the letter's sign-off and signature (its name, post, organisation, address, "Tel.", "E-Mail:"), in any of the
    # main European languages: passages of the kind the letter's short last lines are ("heading"), which answer
    # nothing ("Bundesverband ... e.V. / Tel. ... / E-Mail ..." had stayed in a German letter's General comments)
    signed = signature_start([text[a:b] for a, b in spans], next((i for i, (a, _) in enumerate(spans) if a >= forwarded),
                                                                  len(spans)))
    # a covering e-mail's note over an attached letter ("Please find attached our submission.", "We are happy for
    # it to be published."): a line a passage of the kind a sign-off is ("heading"), in no answer (the letter
    # attached holds the views)
    covering = _covering_lines(stripped, signed)
    for i, s in enumerate(stripped):
        if s == "\0":
            continue
        if i >= signed:  # (a blank line parts it, as it parts "Kind regards," from the name under it)
            if i == signed or s in ("\1", ""):
                close()
                kind = "heading"
            if s not in ("\1", ""):
                block.append(i)
            continue
        if s == "\1" or i in covering:
            close()
            if i in covering:
                kind, block = "heading", [i]
                close()
            previous = ""
            continue
        if not s:
            close()
            previous = ""
            continue
        if is_closing(s) and len(s.split()) <= 4 and block:
            # "Best wishes," straight under the last answer, with no blank line: the sign-off and the
            # signature under it are a passage of their own, never the end of that answer
            close()
            kind = "paragraph"
            block = [i]
            previous = s
            continue
        if is_greeting(s) and (len(s.split()) <= 3 or len(s.split()) <= 5 and s.endswith((",", ":"))):
            # "Dear Budget Team," on a line of its own, under a title with no full stop: a passage of its own,
            # never the end of the title nor the start of the first answer
            close()
            kind = "paragraph"
            block = [i]
            close()
            previous = s
            continue
        heading = _is_heading(s, width)
        numbered = bool(NUMBERED.match(s))
        next_line = next((t for t in stripped[i + 1:] if t and t not in ("\0", "\1")), "")
        # a short line followed by a line that starts a sentence, after a finished sentence
        heading = heading and (not previous or bool(_END.search(previous)) or _is_heading(previous, width)) \
            and (not next_line or next_line[0].isupper() or next_line[0].isdigit() or bool(_BULLET.match(next_line)))
        if heading and not numbered:
            close()
            kind = "heading"
            block = [i]
            close()
        elif heading and numbered and len(s) <= 60 and not _END.search(s):
            close()
            kind = "heading"
            block = [i]
            close()
        elif numbered:
            close()
            kind = "numbered"
            block = [i]
        else:
            ends_sentence = bool(_END.search(previous))
            if not block or (ends_sentence and (len(previous) < 0.8 * width or len(previous) > 160)
                             and not _BULLET.match(s)) or QUESTION_CUE.match(s) \
                    or topic_label(s) is not None:  # an answer starts anew
                close()
                kind = "paragraph"
                block = [i]
            else:
                block.append(i)
        previous = s
    close()
    return [part for passage in passages for part in _split_at_cues(text, passage)]


#: a covering note's sentence: what is attached, that it may be published, an apology for its lateness, an offer to
#: say more ("On behalf of X, please see the attached submission.", "We are happy for it to be published.")
_COVERING = re.compile(
    r"\bplease (?:find|see)\b.{0,60}\b(?:attached|enclosed|attachment)|\b(?:is|are) (?:attached|enclosed)\b"
    r"|^\W*(?:attached|enclosed)\b|\b(?:i|we) (?:attach|enclose|have attached)\b|\battached (?:is|are|herewith)\b"
    r"|\b(?:happy|content|willing|agree|consent)\b.{0,30}\b(?:published|publication|made public)\b"
    r"|\b(?:may|can) be (?:published|made public)\b|\bapologi[sz]e|\bapologies\b|\bsorry\b.{0,30}\blate\b"
    r"|\b(?:do not|don't) hesitate to (?:contact|get in touch)|\bplease (?:contact|let (?:me|us) know|get in touch)\b"
    r"|\bif you (?:have|need) any (?:questions|further information)\b|^\W*(?:thank you|thanks|many thanks)\b[^.!?]{0,40}\W*$",
    re.I)
_ATTACHED = re.compile(r"\battach|\benclos", re.I)
#: a covering note is this many words at most above its sign-off
COVERING_MAX_WORDS = 150


def _covering_lines(lines: list[str], end: int) -> set[int]:
    """The lines of a covering note above its sign-off (line ``end``): when the text above it is short
    (:data:`COVERING_MAX_WORDS`) and says a letter is attached, each line whose every sentence is a covering one
    (:data:`_COVERING`) or a greeting. A line that gives a view stays a passage; ``lines`` marked part of no
    passage ("\\0", "\\1") are passed over."""
    head = [i for i in range(min(end, len(lines))) if lines[i] not in ("", "\0", "\1")]
    words = " ".join(lines[i] for i in head)
    if not head or len(words.split()) > COVERING_MAX_WORDS or not _ATTACHED.search(words):
        return set()
    return {i for i in head if is_greeting(lines[i]) or all(_COVERING.search(sentence) for sentence in
                                                             re.split(r"(?<=[.!?])\s+", lines[i]) if sentence.strip())}


#: a question's cue inside a paragraph, after a finished sentence: "... on the plan. Question 4: The BRIA ..."
_INLINE_QUESTION = re.compile(rf"(?<=[.!?])\s+(?=(?:{QUESTION_WORDS})\s?\d{{1,2}}[a-z]?\s*[:.)\u2013-]\s)", re.I)


def _split_at_cues(text: str, passage: Passage) -> list[Passage]:
    """A paragraph that answers several questions in a row, each after its cue, as a passage per answer."""
    if passage.kind != "paragraph":
        return [passage]
    cuts = [m.end() for m in _INLINE_QUESTION.finditer(text, passage.start, passage.end)]
    if not cuts:
        return [passage]
    bounds = [passage.start, *cuts, passage.end]
    parts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        end = start + len(text[start:end].rstrip())
        if end > start:
            parts.append(Passage(start, end, "paragraph"))
    return parts
