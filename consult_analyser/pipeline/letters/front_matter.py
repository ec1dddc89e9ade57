"""A document's front matter: its title page, letterhead, date, addressee, reference and contents.

Uploaded submissions open with what answers no question: the document's or the consultation's title
("Supporting responsible AI: discussion paper", "RMIT University submission to ... consultation on 'Safe and
Responsible AI in Australia' Discussion Paper."), the date, the addressee and their address ("To the Department
of Industry and Science", "By email: x@y", "GPO Box 2013 Canberra ACT 2601"), a reference ("Our Ref:"), a
table of contents with dotted leaders and a licence line ("This submission is licensed under ..."). Text
taken from a PDF runs them together without spaces ("...in Australia4 August 2023To the Department of
Industry"), so the head of a document is read in pieces cut at line ends, at sentence ends and where a
word runs into the next one's capital ("paperSubmission", "2023To"). The front matter is the run of
pieces from the top up to the last piece that is plainly front matter; a short unmarked piece (a name
alone, "Mileva Security Labs") counts with it only between such pieces. It ends at the first piece of
prose, a question's cue or a numbered item. A trial's cover pages had been mapped to a question whose
wording shares the consultation's title words (23 to Q7) and made General comments themes of their own.
"""

from __future__ import annotations

import re

from consult_analyser.letter_text import is_contact_line, is_greeting
from consult_analyser.pipeline.letters.segment import NUMBERED, QUESTION_CUE

#: front matter is looked for among a document's first characters
HEAD_CHARS = 2500
#: where the head of a document is cut into pieces: a line's end, a sentence's end, a word run into the next
#: one's capital ("paperSubmission", "paperI believe"), a year run into a word ("2023To"), dotted leaders'
#: page number run into the next entry ("....3Executive")
_CUT = re.compile(r"\n+|(?<=[a-z0-9)]{2}[.;])[ \t]+(?=\S)|(?<=[a-z]{2}[.;:])(?=[A-Z][a-z])|(?<=[a-z]{2},)(?=[A-Z])"
                  r"|(?<=[a-z]{2})(?=(?:[A-Z][a-z]|I[ \t’']|[A-Z]{2,}[ \t])(?![\w.]*@))|(?<=[a-z][)\u2019'\u201d])(?=[A-Z][a-z])"
                  r"|(?<=[Cc]oncern)(?=[A-Z])|(?<=\b(?:19|20)\d\d)(?=[A-Z]|I[ \t’'])|(?<=\.\.\d)(?=[A-Z])|(?<=\.\.\d\d)(?=[A-Z])"
                  # a title page in capitals run into its first sentence ("... FUTUROLOGIST ABSTRACT Australia's")
                  r"|(?<=[A-Z]{3})[ \t]+(?=[A-Z][a-z])|(?<=[A-Z]{3}[’'”])[ \t]+(?=[A-Z][a-z])")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s+(?:19|20)\d\d|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?"
                   rf"\s+(?:19|20)\d\d|{_MONTH}\s+(?:19|20)\d\d|\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d\d"
                   r"|(?:19|20)\d\d[01]\d[0-3]\d)\b", re.I)
#: a table of contents' dotted leaders before a page number ("About auDA.......3")
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d|…{2,}\s*\d")
#: a piece that is plainly front matter whatever else it holds (at most :data:`MARKED_MAX_WORDS` words)
_MARKED = re.compile(
    r"\.{4,}|…{2,}"  # a table of contents' dotted leaders
    r"|^\W*(?:table of contents?|contents)(?![a-z])|\bour ref(?:erence)?\s*:|\bauthors?\s*:"
    r"|\blicen[cs]ed under\b|\bcreative commons\b|\bCC[- ]BY\b|©|\bcopyright\b|\ball rights reserved\b"
    r"|^\W*(?:our|your)\s+ref(?:erence)?\b|^\W*ref(?:erence)?\s*(?:no\.?|number)?\s*:|^\W*(?:re|subject)\s*:"
    r"|^\W*(?:to|attn|attention|for the attention of)\s*:|^\W*to\s+(?:the\s+)?(?:hon\b|minister|secretary|department|"
    r"director|manager|general manager|committee|chair|team|branch|division|secretariat|australian government|"
    r"digital economy|technology strategy)"
    r"|^\W*(?:by|via|sent by|sent via)\s+e-?mail\b|^\W*e-?mailed to\b"
    r"|^\W*(?:prepared|submitted|written|authored|presented)\s+(?:by|to|on|for)\b|^\W*submitted\s+(?:(?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day\b|on\b|\d)|^\W*(?:authors?|contact|date|dated|classification|recipient|document|information|from|title)\s*:|\bclassification\s*:"
    r"|\b(?:gpo|po|p\.o\.)\s+box\b|\blocked bag\b|\b(?:ACT|NSW|VIC|QLD|SA|WA|TAS|NT)\s+\d{4}\b", re.I)
MARKED_MAX_WORDS = 40
#: an addressee's line: the body written to ("Australian Government Department of Industry, Science and Resources
#: Technology Strategy Branch", "Minister for Industry and Science"), at most :data:`SHORT_MAX_WORDS` words
_ADDRESSEE = re.compile(r"\b(?:department|ministry|minister|office) (?:of|for)\b|\bgovernment\b|\bbranch\b|\bsecretariat\b"
                        r"|\bconsultation hub\b|\bvia (?:e-?mail|upload|online)|\bby upload\b", re.I)
#: a title: the document's kind and what it answers ("... submission to ...", "Response to the Discussion Paper",
#: "Inquiry into ...", "Supporting responsible AI: discussion paper")
_TITLE = re.compile(r"\b(?:discussion|consultation|issues|green|white|position)\s+paper(?![a-z])|\binquiry into\b"
                    r"|\b(?:submission|response|feedback|comments|reply)\s+(?:to|on|in response to|from|by|for|of|regarding)\b"
                    r"|\bconsultation on\b|^\W*(?:submission|response|feedback)\b", re.I)
TITLE_MAX_WORDS = 30
#: a sentence's words: a piece that holds one says something (the first piece of prose ends the front matter)
_PROSE = re.compile(r"\b(?:i|we|us|our|my|you|your|is|are|was|were|am|be|been|has|have|had|will|would|should|could|"
                    r"can|must|may|might|do|does|did|thank|thanks|welcomes?|pleased|believe|recommend\w*|propose\w*|"
                    r"support(?:s|ed)?|urge\w*|note[sd]?|this|these|that|which|who)\b", re.I)
#: a short unmarked piece (a name, an organisation, a heading) at most this many words
SHORT_MAX_WORDS = 12
#: a title page set in capitals: the title, a name and a post, no sentence ("A DVANCING S AFE AND R ESPONSIBLE AI
#: R EGULATION IN A USTRALIA‘SHAPING THE FUTURE ...’ PROFESSOR [name] FUTUROLOGIST ABSTRACT", trial 49's published
#: quote: one line of more than :data:`SHORT_MAX_WORDS` words and no title word, it had been read as prose); a piece
#: of at least :data:`CAPITALS_MIN_WORDS` words whose letters are nearly all capitals
CAPITALS_MIN_WORDS = 4
CAPITALS_SHARE = 0.9
#: a side taken in capitals is a view, not a title ("NO TO THE NEW RULES", "STOP THE CULL")
_SIDE = re.compile(r"\b(?:no|not|never|stop|ban|oppos\w*|support\w*|against|object\w*|reject\w*|disagree\w*|agree\w*|"
                   r"yes|please|save|keep)\b", re.I)


def _in_capitals(piece: str) -> bool:
    """A piece of at least :data:`CAPITALS_MIN_WORDS` words set in capitals (a title page's lines; one in lower
    case with a capital here and there is not)."""
    letters = [c for c in piece if c.isalpha()]
    return len(piece.split()) >= CAPITALS_MIN_WORDS and len(letters) >= 12 \
        and sum(c.isupper() for c in letters) >= CAPITALS_SHARE * len(letters)


def _pieces(text: str, end: int) -> list[tuple[int, int]]:
    """The head's pieces as (start, end) offsets, trimmed, in order."""
    out, pos = [], 0
    for cut in [*(m for m in _CUT.finditer(text, 0, end)), None]:
        stop = cut.start() if cut is not None else end
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        pos = cut.end() if cut is not None else end
    return out


def _kind(piece: str) -> str:
    """"marked" (plainly front matter), "short" (a short piece that may be: a name, a heading) or "prose"."""
    words = piece.split()
    if _LEADERS.search(piece):
        return "marked"  # a table of contents, however long its run of entries
    if QUESTION_CUE.match(piece) or NUMBERED.match(piece):
        return "prose"  # a question's cue or a numbered item: the answers start
    if is_greeting(piece):
        return "marked"
    if len(words) <= MARKED_MAX_WORDS and (_MARKED.search(piece) or is_contact_line(piece)):
        return "marked"
    if len(words) <= SHORT_MAX_WORDS and _ADDRESSEE.search(piece) and not _PROSE.search(piece):
        return "marked"
    date = _DATE.search(piece)
    if date and len(words) <= 8 and not _PROSE.search(piece):
        return "marked"
    if len(words) <= TITLE_MAX_WORDS and _TITLE.search(piece) and not _PROSE.search(piece):
        return "marked"
    if len(words) <= MARKED_MAX_WORDS and _in_capitals(piece) and not _PROSE.search(piece) \
            and not _SIDE.search(piece) and not piece.rstrip().endswith(("?", "!")):
        return "marked"  # a title page in capitals: a sentence of view has its verbs ("WE OPPOSE THIS RULE")
    if len(words) <= SHORT_MAX_WORDS and not _PROSE.search(piece) and not piece.rstrip().endswith(("?", "!", ":")):
        return "short"
    return "prose"


def front_matter_end(text: str) -> int:
    """Where a document's front matter ends (an offset into ``text``, at the start of what follows it, or at
    the end of the text when it is all front matter); 0 when it has none (see the module notes)."""
    end = 0
    for a, b in _pieces(text, min(len(text), HEAD_CHARS)):
        kind = _kind(text[a:b])
        if kind == "prose":
            break
        if kind == "marked":
            end = b
    if not end:
        return 0
    while end < len(text) and text[end].isspace():
        end += 1
    return end
