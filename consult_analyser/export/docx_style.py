"""Accessibility of the Word report (Public Sector Bodies Accessibility Regulations, WCAG 2.2 AA,
GOV.UK guidance) over python-docx's default template: text colours of at least 4.5:1 against their
background, upright quotes, en-GB throughout, captioned tables with a marked header row, a list of
contents, and no template thumbnail."""

from __future__ import annotations

from collections.abc import Iterable

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

#: dark blue for headings, captions and the tables' header rows: 11.6:1 against white (the template's
#: #4F81BD was 4.03:1, under the 4.5:1 that WCAG 2.2 AA asks of text)
DARK_BLUE = "1F3864"
WHITE, BLACK = "FFFFFF", "000000"
LANGUAGE = "en-GB"
CONTENTS_LEVELS = 2  # Heading 1 and 2
#: the styles whose text colour is set here (linked character styles too: Word applies them when
#: part of a paragraph is formatted like a heading)
_DARK_TEXT = ["Title", "TitleChar", "Caption", "TOCHeading"] + [
    f"Heading{n}{char}" for n in range(1, 10) for char in ("", "Char")]
_THEME_ATTRIBUTES = ("themeColor", "themeShade", "themeTint", "themeFill", "themeFillShade", "themeFillTint")
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def make_accessible(document, table_style: str) -> None:  # type: ignore[no-untyped-def]
    """Restyle a new python-docx document: colours, quotes, contents styles, language, package parts."""
    styles = document.styles.element
    for style_id in _DARK_TEXT:
        style = _style(styles, style_id)
        if style is not None:
            for colour in style.iter(qn("w:color")):
                _set_colour(colour, DARK_BLUE)
    _caption_style(styles)
    _caption_spacing(document)
    _table_style(styles, table_style)
    _upright_quotes(document)
    _contents_styles(document)
    _language(document)
    _drop_package_extras(document)


def _style(styles, style_id: str):  # type: ignore[no-untyped-def]
    found = styles.xpath(f'w:style[@w:styleId="{style_id}"]')
    return found[0] if found else None


def _set_colour(element, value: str, attribute: str = "val") -> None:  # type: ignore[no-untyped-def]
    """Set a colour (``w:val`` of w:color, ``w:color`` of a border, ``w:fill`` of shading) and drop the
    theme colour beside it: where one is given, Word shows the theme's colour instead."""
    element.set(qn(f"w:{attribute}"), value)
    for name in _THEME_ATTRIBUTES:
        element.attrib.pop(qn(f"w:{name}"), None)


def _rpr(style):  # type: ignore[no-untyped-def]
    return style.get_or_add_rPr()


def _caption_style(styles) -> None:  # type: ignore[no-untyped-def]
    """Captions: dark blue and bold at the body text's size (the template's were 9 pt light blue),
    shown in Word's style gallery."""
    style = _style(styles, "Caption")
    if style is None:
        return
    for element in style.xpath("w:semiHidden"):
        style.remove(element)
    rpr = _rpr(style)
    for tag in ("w:sz", "w:szCs"):
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)


def _caption_spacing(document) -> None:  # type: ignore[no-untyped-def]
    fmt = document.styles["Caption"].paragraph_format
    fmt.keep_with_next = True
    fmt.space_before, fmt.space_after = Pt(6), Pt(3)


def _table_style(styles, style_name: str) -> None:  # type: ignore[no-untyped-def]
    """The table style's header row: white bold text on dark blue (11.6:1; the template's #4F81BD fill
    was 4.03:1), its borders the same blue."""
    found = styles.xpath(f'w:style[w:name/@w:val="{style_name}"]')
    if not found:
        return
    for border in found[0].xpath(".//w:tblBorders/* | .//w:tcBorders/*"):
        _set_colour(border, DARK_BLUE, "color")
    for shading in found[0].xpath(".//w:shd[@w:fill]"):
        _set_colour(shading, DARK_BLUE, "fill")
    for colour in found[0].xpath('.//w:tblStylePr[@w:type="firstRow"]//w:color'):
        _set_colour(colour, WHITE)


def _upright_quotes(document) -> None:  # type: ignore[no-untyped-def]
    """Quotes in upright type (a whole paragraph in italics is harder to read), set in from the left
    with a rule beside them."""
    for style_id in ("Quote", "QuoteChar"):
        style = _style(document.styles.element, style_id)
        if style is None:
            continue
        rpr = _rpr(style)
        for tag in ("w:i", "w:iCs"):
            for element in rpr.findall(qn(tag)):
                rpr.remove(element)
        for colour in rpr.findall(qn("w:color")):
            _set_colour(colour, BLACK)
        if style_id == "Quote":
            ppr = style.get_or_add_pPr()
            border = _child(ppr, "w:pBdr", before=("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind",
                                                    "w:jc", "w:outlineLvl"))
            left = _child(border, "w:left")
            for key, value in (("val", "single"), ("sz", "18"), ("space", "8"), ("color", DARK_BLUE)):
                left.set(qn(f"w:{key}"), value)
            fmt = document.styles["Quote"].paragraph_format  # (python-docx keeps the schema's order)
            fmt.left_indent = fmt.right_indent = Cm(1)


def _child(parent, tag: str, before: Iterable[str] = ()):  # type: ignore[no-untyped-def]
    """``parent``'s child ``tag``, added before the first of ``before`` present (the schema's order)."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    for name in before:
        following = parent.find(qn(name))
        if following is not None:
            following.addprevious(element)
            return element
    parent.append(element)
    return element


def _contents_styles(document) -> None:  # type: ignore[no-untyped-def]
    """"toc 1" and "toc 2", which python-docx's template lacks (Word has them built in; LibreOffice
    would set the list of contents in the body style)."""
    for level in range(1, CONTENTS_LEVELS + 1):
        name = f"toc {level}"
        if any(s.name == name for s in document.styles):
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), f"TOC{level}")
        style.element.attrib.pop(qn("w:customStyle"), None)  # Word's own "toc 1", not a look-alike
        style.priority, style.unhide_when_used = 39, True
        style.base_style = document.styles["Normal"]
        style.next_paragraph_style = document.styles["Normal"]
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.left_indent = Pt(11 * (level - 1))


def _language(document) -> None:  # type: ignore[no-untyped-def]
    """en-GB for the text (the template's docDefaults said en-US), the theme's fonts and, already, the
    core properties; and ask Word to update the fields (the list of contents) when it opens the file."""
    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    lang = _child(defaults, "w:lang", before=("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    lang.set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)
    for preview in settings.findall(qn("w:savePreviewPicture")):  # (Word would save a thumbnail again)
        settings.remove(preview)
    update = _child(settings, "w:updateFields", before=(
        "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids"))
    update.set(qn("w:val"), "true")


def _drop_package_extras(document) -> None:  # type: ignore[no-untyped-def]
    """No template thumbnail (a generic picture, not this report), and no "styles with effects" copy of
    the styles (Word 2010 may read its old colours instead of the styles set here)."""
    package_rels = document.part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rid]
    rels = document.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == _STYLES_WITH_EFFECTS]:
        del rels[rid]


def field(paragraph, code: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (``code``: "PAGE", "SEQ Table") at the end of ``paragraph``, showing ``shown``
    until Word or LibreOffice works it out."""
    paragraph._p.append(_field_run("begin"))
    paragraph._p.append(_field_run(code=code))
    paragraph._p.append(_field_run("separate"))
    paragraph.add_run(shown)
    paragraph._p.append(_field_run("end"))


def _field_run(kind: str = "", code: str = ""):  # type: ignore[no-untyped-def]
    run = OxmlElement("w:r")
    if kind:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
    else:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = f" {code} "
    run.append(element)
    return run


def add_caption(document, text: str) -> str:  # type: ignore[no-untyped-def]
    """A "Table 3: Respondents by sector" paragraph before the table about to be added (numbered in
    order; the number a SEQ Table field, as Word's Insert Caption makes it); returns its text."""
    number = len(document.tables) + 1
    paragraph = document.add_paragraph(style="Caption")
    paragraph.add_run("Table ")
    field(paragraph, "SEQ Table \\* ARABIC", str(number))
    paragraph.add_run(f": {text}")
    return f"Table {number}: {text}"


def mark_table(table, caption: str) -> None:  # type: ignore[no-untyped-def]
    """The table's title for assistive technology (``w:tblCaption``, Word's Alt Text title); its first
    row marked as the header row (read as such, and repeated on each page); no row split across pages."""
    properties = table._tbl.tblPr
    _child(properties, "w:tblCaption", before=("w:tblDescription", "w:tblPrChange")).set(qn("w:val"), caption)
    later = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
    for number, row in enumerate(table.rows):
        row_properties = row._tr.get_or_add_trPr()
        _child(row_properties, "w:cantSplit", before=("w:trHeight", "w:tblHeader", *later))
        if number == 0:
            _child(row_properties, "w:tblHeader", before=later)


def plain_first_column(table) -> None:  # type: ignore[no-untyped-def]
    """The table style's first-column emphasis (bold) off for this table, in both forms of ``w:tblLook``:
    its attribute and the older bit mask LibreOffice reads (0x0080 is the first column)."""
    look = _child(table._tbl.tblPr, "w:tblLook", before=("w:tblCaption", "w:tblDescription", "w:tblPrChange"))
    look.set(qn("w:firstColumn"), "0")
    if look.get(qn("w:val")):
        look.set(qn("w:val"), f"{int(look.get(qn('w:val')), 16) & ~0x0080:04X}")


def add_contents(document, after) -> None:  # type: ignore[no-untyped-def]
    """A list of contents after the paragraph ``after``: a TOC field over Heading 1 and 2 whose shown
    result is the headings themselves (no page numbers yet). Word updates it when it opens the file
    (settings' updateFields), adding page numbers and links; LibreOffice shows the list as written,
    where an empty field would have shown nothing, or "No table of contents entries found"."""
    names = {f"Heading {level}": level for level in range(1, CONTENTS_LEVELS + 1)}
    entries = [(names[p.style.name], p.text) for p in document.paragraphs if p.style.name in names]
    if not entries:
        return
    anchor = after._p

    def place(paragraph):  # type: ignore[no-untyped-def]
        nonlocal anchor
        anchor.addnext(paragraph._p)
        anchor = paragraph._p
        return paragraph

    place(document.add_paragraph("Contents", style="TOC Heading"))
    place(document.add_paragraph(
        "Word adds page numbers to this list when it opens the report (answer Yes if it asks to update "
        "fields) or when you right-click the list and choose Update Field; LibreOffice when you choose "
        "Tools, Update, Update All."))
    for number, (level, text) in enumerate(entries):
        paragraph = place(document.add_paragraph(style=f"toc {level}"))
        if number == 0:
            paragraph._p.append(_field_run("begin"))
            paragraph._p.append(_field_run(code=f'TOC \\o "1-{CONTENTS_LEVELS}" \\h \\z \\u'))
            paragraph._p.append(_field_run("separate"))
        paragraph.add_run(text)
        if number == len(entries) - 1:
            paragraph._p.append(_field_run("end"))
