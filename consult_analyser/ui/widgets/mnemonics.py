"""Menu items a keyboard user can pick by a letter (Alt+F, then the letter): each text gets an
accelerator of its own, the initial of one of its words where it can ("&Excel annex…", "&Word summary
report…", "&CSV tables…"), else any letter of it not taken. File > Export as listed four items with none."""

from __future__ import annotations

from collections.abc import Iterable


def with_mnemonics(texts: Iterable[str], taken: str = "") -> list[str]:
    """``texts`` with an ``&`` before a letter no other item (nor ``taken``) uses; a text that already has one
    keeps it, and one with no free letter is left as it is."""
    texts = list(texts)
    used = {c.lower() for c in taken}
    for text in texts:
        marked = _marked(text)
        if marked:
            used.add(marked)
    out = []
    for text in texts:
        if _marked(text):
            out.append(text)
            continue
        words = [i for i, c in enumerate(text) if c.isalnum() and (i == 0 or not text[i - 1].isalnum())]
        rest = [i for i, c in enumerate(text) if c.isalnum() and i not in words]
        at = next((i for i in words + rest if text[i].lower() not in used), None)
        if at is None:
            out.append(text)
            continue
        used.add(text[at].lower())
        out.append(text[:at] + "&" + text[at:])
    return out


def _marked(text: str) -> str:
    """The letter ``text`` marks with ``&`` already ("" if none; "&&" is a plain ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return ""
