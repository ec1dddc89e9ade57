"""A column header read as words, and the question key it may start with ("Q4. Please explain").

Shared by the column detection (:mod:`.columns`), the coding-column rules (:mod:`.code_columns`),
the long-table reader and the coding sheet reader.
"""

from __future__ import annotations

import re
import unicodedata

from consult_analyser.letter_text import QUESTION_WORDS


def header_words(name: str) -> str:
    """A header as words for matching: accents dropped, camelCase and snake_case split, notes in
    brackets and trailing punctuation removed, lower case ("userType" -> "user type",
    "Organisation name (if applicable)" -> "organisation name")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    text = re.sub(r"[(\[][^)\]]*$", " ", text)  # a note cut short with the header ("Organisation (a..")
    text = re.sub(r"[_'’]", " ", text)
    return " ".join(text.lower().split()).rstrip(" ?:.*!")


#: "Q4.", "Question 4:", LimeSurvey's "Q03[SQ001]." (an option's code), and a form's other languages' "Cwestiwn 4:",
#: "Frage 4", "Pregunta 4", "Domanda 4", "Vraag 4" (the words a letter's cues know too: QUESTION_WORDS)
_QUESTION_KEY = re.compile(rf"^\s*(?:(?:{QUESTION_WORDS})\s*)?"
                           r"(\d{1,3}[a-z]?)(?:\[[^\]\s]*\])?(?=[\s.:)\-–]|$)\s*[.:)\-–]?\s*", re.I)


def question_key_of(header: str) -> tuple[str, str]:
    """Split "Q4. Please explain" into ("Q4", "Please explain"); ("", header) when there is no key."""
    match = _QUESTION_KEY.match(header)
    if not match:
        return "", header.strip()
    token = match.group(1)
    letter = token[-1].lower() if token[-1].isalpha() else ""
    key = f"Q{int(token.rstrip('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'))}{letter}"
    return key, header[match.end():].strip()
