"""The Word report against the Public Sector Bodies Accessibility Regulations (WCAG 2.2 AA) and GOV.UK
guidance: marked header rows, contrast of every text colour, en-GB, a list of contents, captioned
tables, upright quotes, no template thumbnail, no empty cell and no skipped heading level. The
checks read the generated file's XML, as Word and a screen reader would."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from lxml import etree
from test_export_fixtures import build_project

from consult_analyser.export.report_docx import EMPTY_CELL, export_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("a11y")
    project = build_project(folder)
    path = folder / "r.docx"
    export_report(project, path, redact=False, small_counts=0)
    project.close()
    return path


def _xml(path, name: str):  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def _val(element, attribute: str = "val") -> str | None:  # type: ignore[no-untyped-def]
    return None if element is None else element.get(f"{W}{attribute}")


def _text(paragraph) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


# --- contrast (WCAG 2.2, 1.4.3) ----------------------------------------------------------------

def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_the_reviewers_figure():
    assert contrast("4F81BD", "FFFFFF") == pytest.approx(4.03, abs=0.01)  # the template's accent: too light
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)


def _styles(path) -> dict:  # type: ignore[type-arg]
    return {s.get(f"{W}styleId"): s for s in _xml(path, "word/styles.xml").iter(f"{W}style")}


def _inherited(styles: dict, style_id: str | None, path: str):  # type: ignore[no-untyped-def,type-arg]
    """The first element at ``path`` in the style or the styles it is based on."""
    while style_id:
        style = styles[style_id]
        found = style.find(path)
        if found is not None:
            return found
        style_id = _val(style.find(f"{W}basedOn"))
    return None


def _colour(element, attribute: str = "val", default: str = "000000") -> str:  # type: ignore[no-untyped-def]
    """A colour as Word shows it: a theme colour would win over the value, so there must be none."""
    if element is None:
        return default
    assert not any(name.startswith(f"{W}theme") for name in element.attrib), etree.tostring(element)
    value = element.get(f"{W}{attribute}")
    return default if value in (None, "auto") else value


def test_every_text_colour_in_the_styles_used_has_a_contrast_of_at_least_4_5(report):
    styles = _styles(report)
    body = _xml(report, "word/document.xml")
    used = {_val(e) for e in body.iter(f"{W}pStyle")} | {"Normal"}
    assert {"Title", "Heading1", "Heading2", "Caption", "Quote", "TOCHeading", "TOC1", "TOC2"} <= used
    ratios = {}
    for style_id in used:
        text = _colour(_inherited(styles, style_id, f"{W}rPr/{W}color"))
        fill = _colour(_inherited(styles, style_id, f"{W}pPr/{W}shd"), "fill", "FFFFFF")
        ratios[style_id] = contrast(text, fill)
    for style_id in {_val(e) for e in body.iter(f"{W}rStyle")}:
        ratios[style_id] = contrast(_colour(_inherited(styles, style_id, f"{W}rPr/{W}color")), "FFFFFF")
    for colour in body.iter(f"{W}color"):  # direct formatting (none today)
        ratios[f"run {_val(colour)}"] = contrast(_colour(colour), "FFFFFF")
    table_styles = {_val(e) for e in body.iter(f"{W}tblStyle")}
    assert table_styles and all(_val(look, "firstRow") == "1" for look in body.iter(f"{W}tblLook"))
    for style_id in table_styles:
        style = styles[style_id]
        text = _colour(_inherited(styles, style_id, f"{W}rPr/{W}color"))
        ratios[style_id] = contrast(text, _colour(style.find(f"{W}tcPr/{W}shd"), "fill", "FFFFFF"))
        for part in style.findall(f"{W}tblStylePr"):  # the header row, and banding, last row ...
            part_text = _colour(part.find(f"{W}rPr/{W}color"), default=text)
            part_fill = _colour(part.find(f"{W}tcPr/{W}shd"), "fill", "FFFFFF")
            ratios[f"{style_id} {_val(part, 'type')}"] = contrast(part_text, part_fill)
        header = style.find(f'{W}tblStylePr[@{W}type="firstRow"]')
        assert _colour(header.find(f"{W}rPr/{W}color")) == "FFFFFF"  # white on a dark fill
    low = {name: round(ratio, 2) for name, ratio in ratios.items() if ratio < 4.5}
    assert not low, low
    assert ratios["Heading2"] > 11 and ratios[f"{next(iter(table_styles))} firstRow"] > 11


# --- structure ---------------------------------------------------------------------------------

def test_every_table_has_a_header_row_marked_and_rows_that_do_not_split(report):
    tables = list(_xml(report, "word/document.xml").iter(f"{W}tbl"))
    assert len(tables) == 5
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
        # the schema's order: cantSplit before tblHeader
        assert [e.tag for e in rows[0].find(f"{W}trPr")] == [f"{W}cantSplit", f"{W}tblHeader"]


def test_every_table_has_a_numbered_caption_before_it_and_the_same_title(report):
    body = _xml(report, "word/document.xml").find(f"{W}body")
    children = list(body)
    captions = []
    for table in body.findall(f"{W}tbl"):
        before = children[children.index(table) - 1]
        assert _val(before.find(f"{W}pPr/{W}pStyle")) == "Caption"
        caption = _text(before)
        assert caption == _val(table.find(f"{W}tblPr/{W}tblCaption"))
        assert "SEQ Table" in "".join(e.text for e in before.iter(f"{W}instrText"))  # Word's caption number
        captions.append(caption)
    assert [int(re.match(r"Table (\d+): ", c).group(1)) for c in captions] == list(range(1, len(captions) + 1))
    assert captions == ["Table 1: Organised campaigns by number of respondents", "Table 2: Respondents by sector",
                        "Table 3: Q1 answers by option", "Table 4: Q2 themes by number of respondents",
                        "Table 5: Q3 answers by option"]
    # python-docx reads the number (the field's shown result) as part of the text
    document = docx.Document(str(report))
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"] == captions


def test_contents_list_heading_1_and_2_in_a_field_word_updates(report):
    document = docx.Document(str(report))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[2].text == "Contents"
    assert paragraphs[2].style.name == "TOC Heading"  # not itself a heading in the contents
    assert "Update Field" in paragraphs[3].text
    entries = [p for p in paragraphs if p.style.name in ("toc 1", "toc 2")]
    headings = [p for p in paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [(p.style.name[-1], p.text) for p in entries] == [(p.style.name[-1], p.text) for p in headings]
    assert paragraphs.index(entries[-1]) < paragraphs.index(headings[0]) == paragraphs.index(entries[0]) + len(entries)
    assert "Long-term funding" in {p.text for p in entries}  # a Heading 2
    body = etree.tostring(_xml(report, "word/document.xml")).decode()
    assert body.count('TOC \\o "1-2" \\h \\z \\u') == 1
    kinds = [_val(e, "fldCharType") for p in entries for e in p._p.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"]  # one field around the whole list, its result the headings
    settings = _xml(report, "word/settings.xml")
    assert _val(settings.find(f"{W}updateFields")) == "true"
    toc_styles = [s for s in _styles(report).values() if _val(s.find(f"{W}name")) in ("toc 1", "toc 2")]
    assert len(toc_styles) == 2 and not any(s.get(f"{W}customStyle") for s in toc_styles)  # Word's own


def test_headings_do_not_skip_a_level_and_no_table_cell_is_empty(report):
    document = docx.Document(str(report))
    levels = [int(p.style.name.split()[-1]) for p in document.paragraphs if p.style.name.startswith("Heading ")]
    assert levels[0] == 1 and max(levels) == 2
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    assert sum(p.style.name == "Title" for p in document.paragraphs) == 1
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert cells and all(text.strip() for text in cells)


def test_a_blank_value_is_written_as_blank_not_as_an_empty_cell():
    from consult_analyser.export.report_docx import _table

    document = docx.Document()
    _table(document, "Answers", ["Answer", "Respondents"], [["", "3"], ["  ", "4"], ["Yes", "5"]])
    assert [c.text for c in document.tables[0].columns[0].cells] == ["Answer", EMPTY_CELL, EMPTY_CELL, "Yes"]
    assert document.paragraphs[-1].text == "Table 1: Answers"


# --- text ----------------------------------------------------------------------------------------

def _italic(styles: dict, style_id: str) -> bool:  # type: ignore[type-arg]
    found = _inherited(styles, style_id, f"{W}rPr/{W}i")
    return found is not None and _val(found) not in ("0", "false")


def test_quotes_and_sign_off_lines_are_upright(report):
    styles = _styles(report)
    assert not _italic(styles, "Quote") and not _italic(styles, "QuoteChar")
    quote = styles["Quote"]
    assert _val(quote.find(f"{W}pPr/{W}pBdr/{W}left")) == "single"  # set off by a rule and an indent instead
    assert int(_val(quote.find(f"{W}pPr/{W}ind"), "left")) > 0
    document = docx.Document(str(report))
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    signed = [p for p in document.paragraphs if p.text.startswith("Signed off by ")]
    assert quotes and signed
    assert re.fullmatch(r"Signed off by .+ on \d{4}-\d{2}-\d{2}\.", signed[0].text)
    assert not any(run.italic for p in quotes + signed for run in p.runs)
    assert not any(_val(e) not in ("0", "false") for p in quotes + signed for e in p._p.iter(f"{W}i"))


def test_the_language_is_en_gb_everywhere(report):
    styles = _xml(report, "word/styles.xml")
    assert _val(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")) == "en-GB"
    assert {_val(e) for e in styles.iter(f"{W}lang")} == {"en-GB"}
    assert _val(_xml(report, "word/settings.xml").find(f"{W}themeFontLang")) == "en-GB"
    assert docx.Document(str(report)).core_properties.language == "en-GB"
    assert b"en-US" not in etree.tostring(_xml(report, "word/document.xml"))


def test_the_package_has_no_template_thumbnail(report):
    with zipfile.ZipFile(report) as zf:
        names = zf.namelist()
        package_rels = zf.read("_rels/.rels").decode()
        document_rels = zf.read("word/_rels/document.xml.rels").decode()
    assert not any("thumbnail" in n or n.endswith((".jpeg", ".jpg", ".png")) for n in names), names
    assert "thumbnail" not in package_rels and "stylesWithEffects" not in document_rels
    assert "word/stylesWithEffects.xml" not in names  # (old colours a Word 2010 might have read)
    settings = _xml(report, "word/settings.xml")
    assert settings.find(f"{W}savePreviewPicture") is None  # and Word is not asked to save one
    targets = [r.get("Target") for r in etree.fromstring(package_rels.encode()).iter(f"{REL}Relationship")]
    assert sorted(targets) == ["docProps/app.xml", "docProps/core.xml", "word/document.xml"]


def test_a_campaigns_wording_is_shown_from_its_request():
    """A re-test's report showed the campaign from its second sentence: its first, "I am writing as a parent to
    support making the guidance statutory", is its request."""
    from consult_analyser.export.report_docx import _opening

    letter = ("Dear Minister,\n\nI am writing as a parent to support making the mobile phone guidance statutory. "
              "Smartphones are harming our children's sleep and their learning. " * 4 + "\n\nYours sincerely,\nA parent")
    shown = _opening(letter, 120)
    assert shown.startswith("I am writing as a parent to support") and shown.endswith(" …") and len(shown) <= 122
    assert _opening("Short wording.", 120) == "Short wording."
