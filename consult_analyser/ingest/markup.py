"""HTML a web portal left in free-text answers ("<p>I <strong>support</strong> it</p>", "&amp;"): read
without it (:func:`plain_text`), and counted so that the import says how many answers were cleaned
(:func:`markup_note`)."""

from __future__ import annotations

import html
import re

from consult_analyser.domain import counted

# markup some portals leave in free-text answers ("<p>I <strong>support</strong> it</p>", "&nbsp;")
HTML_TAG = re.compile(r"</?(p|br|div|span|strong|em|b|i|u|li|ul|ol|a|h[1-6]|font|blockquote|table|tr|td)\b[^<>]*>",
                      re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr)>", re.IGNORECASE)
#: the same tags as the XML of a workbook writes them ("&lt;b&gt;"), to find them without unescaping every string
XML_ESCAPED_TAG = re.compile(r"&lt;/?(?:p|br|div|span|strong|em|b|i|u|li|ul|ol|a|h[1-6]|font|blockquote|table|tr|td)"
                             r"(?:[\s/]|&gt;)", re.IGNORECASE)


def has_markup(value: str) -> bool:
    """True when :func:`plain_text` would read ``value`` otherwise than it is written."""
    return "<" in value and HTML_TAG.search(value) is not None


def plain_text(value: str) -> str:
    """A free-text answer without the HTML a portal left in it: tags dropped (paragraph and line
    breaks kept as line breaks), entities read ("&amp;" -> "&"). Text with no such tag is returned
    as it is ("a < b and c > d" stays; "<script>" is no formatting and stays as written)."""
    if not has_markup(value):
        return value
    text = _HTML_BREAK.sub("\n", value)
    text = HTML_TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def markup_note(cells: int) -> str:
    """What the import says of ``cells`` cells holding a portal's HTML (read without it)."""
    return (f"{counted(cells, 'cell')} held HTML formatting (such as <p> or <b>): the answers are read without the "
            "tags, line breaks kept, and with entities such as '&amp;' read as '&'; other text (<script>, a < b) is "
            "kept as written")


def nul_note(count: int) -> str:
    """What the import says of ``count`` NUL characters removed from a text file."""
    return (f"{counted(count, 'NUL character')} (an invisible control byte, as a database field copied whole "
            f"holds) {'was' if count == 1 else 'were'} removed from the text")
