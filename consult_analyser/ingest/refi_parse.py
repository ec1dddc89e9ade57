"""Reading REFI-QDA files (``.qdpx`` projects, ``.qdc`` codebooks) into plain objects.

Nothing here touches a project; :mod:`consult_analyser.ingest.refi_import` maps what is read
onto respondents, answers, codes, codings and memos.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from consult_analyser.ingest.limits import MAX_DEPTH, check_archive, check_xml_head, xml_parser
from consult_analyser.ingest.refi_common import CODEBOOK_NS, PROJECT_NS, SIDECAR, SIDECAR_FORMAT, normal_guid


class RefiError(Exception):
    """A REFI-QDA file that cannot be read."""


@dataclass
class RCode:
    guid: str
    name: str
    description: str
    colour: str | None
    parent: str | None
    codable: bool
    notes: list[str] = field(default_factory=list)


@dataclass
class RCoding:
    guid: str
    code: str
    user: str
    created_at: str


@dataclass
class RSelection:
    guid: str
    name: str
    start: int
    end: int
    codings: list[RCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RSource:
    guid: str
    name: str
    text: str
    selections: list[RSelection] = field(default_factory=list)
    codings: list[RCoding] = field(default_factory=list)  # codings of the whole source
    notes: list[str] = field(default_factory=list)


@dataclass
class RCase:
    guid: str
    name: str
    values: dict[str, str] = field(default_factory=dict)  # variable guid -> value as text
    sources: list[str] = field(default_factory=list)


@dataclass
class RNote:
    guid: str
    name: str
    text: str
    user: str
    created_at: str
    modified_at: str = ""


@dataclass
class RProject:
    name: str = ""
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    codes: list[RCode] = field(default_factory=list)  # parents before children
    variables: dict[str, str] = field(default_factory=dict)  # guid -> name
    cases: list[RCase] = field(default_factory=list)
    sources: list[RSource] = field(default_factory=list)
    notes: list[RNote] = field(default_factory=list)
    project_notes: list[str] = field(default_factory=list)
    sidecar: dict | None = None
    warnings: list[str] = field(default_factory=list)


def _tag(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _tag(child) == name]


def _child_text(element: etree._Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "") if found else ""


def _refs(element: etree._Element, name: str) -> list[str]:
    return [normal_guid(ref.get("targetGUID")) for ref in _children(element, name)]


def parse_codes(codes_element: etree._Element, parent: str | None = None) -> list[RCode]:
    """Codes in document order, parents before children (an explicit stack, at most
    :data:`MAX_DEPTH` levels)."""
    out: list[RCode] = []
    stack = [(element, parent, 1) for element in reversed(_children(codes_element, "Code"))]
    while stack:
        element, owner, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise RefiError(f"the codes are nested more than {MAX_DEPTH} levels deep (the limit)")
        code = RCode(normal_guid(element.get("guid")), element.get("name") or "", _child_text(element, "Description"),
                     element.get("color"), owner, (element.get("isCodable") or "true").lower() in ("true", "1"),
                     _refs(element, "NoteRef"))
        out.append(code)
        stack.extend((child, code.guid, depth + 1) for child in reversed(_children(element, "Code")))
    return out


def _codings(element: etree._Element) -> list[RCoding]:
    out = []
    for coding in _children(element, "Coding"):
        refs = _refs(coding, "CodeRef")
        if refs:
            out.append(RCoding(normal_guid(coding.get("guid")), refs[0], normal_guid(coding.get("creatingUser")),
                               coding.get("creationDateTime") or ""))
    return out


def _source_text(element: etree._Element, archive: zipfile.ZipFile | None, project: RProject) -> str:
    content = _children(element, "PlainTextContent")
    if content:
        return content[0].text or ""
    path = element.get("plainTextPath") or ""
    if not path:
        return ""
    if path.startswith("internal://"):
        member = "sources/" + path[len("internal://"):]
        if archive is not None and member in archive.namelist():
            data = archive.read(member)
            return data.decode("utf-8-sig", errors="replace")
    project.warnings.append(f"the text of source {element.get('name')!r} is not inside the file ({path})")
    return ""


def _text_source(element: etree._Element, archive: zipfile.ZipFile | None, project: RProject,
                 name: str | None = None) -> RSource:
    source = RSource(normal_guid(element.get("guid")), name or element.get("name") or "",
                     _source_text(element, archive, project), codings=_codings(element),
                     notes=_refs(element, "NoteRef"))
    for selection in _children(element, "PlainTextSelection"):
        try:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        except (TypeError, ValueError):
            project.warnings.append(f"a selection in {source.name!r} has no valid positions; skipped")
            continue
        source.selections.append(RSelection(normal_guid(selection.get("guid")), selection.get("name") or "",
                                            min(start, end), max(start, end), _codings(selection),
                                            _refs(selection, "NoteRef")))
    return source


def parse_project(root: etree._Element, archive: zipfile.ZipFile | None = None) -> RProject:
    """Everything we use from a ``project.qde`` tree."""
    if etree.QName(root).namespace != PROJECT_NS or _tag(root) != "Project":
        raise RefiError("this is not a REFI-QDA project (no Project element in urn:QDA-XML:project:1.0)")
    project = RProject(name=root.get("name") or "")
    for section in root:
        name = _tag(section)
        if name == "Users":
            project.users = {normal_guid(u.get("guid")): u.get("name") or "" for u in _children(section, "User")}
        elif name == "CodeBook":
            for codes in _children(section, "Codes"):
                project.codes = parse_codes(codes)
        elif name == "Variables":
            project.variables = {normal_guid(v.get("guid")): v.get("name") or "" for v in _children(section, "Variable")}
        elif name == "Cases":
            for case in _children(section, "Case"):
                values = {}
                for holder in _children(case, "VariableValue"):
                    refs = _refs(holder, "VariableRef")
                    value = next((child.text or "" for child in holder if _tag(child) != "VariableRef"), "")
                    if refs and value != "":
                        values[refs[0]] = value
                project.cases.append(RCase(normal_guid(case.get("guid")), case.get("name") or "", values,
                                           _refs(case, "SourceRef")))
        elif name == "Sources":
            for source in section:
                kind = _tag(source)
                if kind == "TextSource":
                    project.sources.append(_text_source(source, archive, project))
                elif kind == "PDFSource" and _children(source, "Representation"):
                    rep = _children(source, "Representation")[0]
                    parsed = _text_source(rep, archive, project, name=source.get("name"))
                    parsed.guid = normal_guid(source.get("guid"))
                    project.sources.append(parsed)
                elif kind:
                    project.warnings.append(f"{kind} {source.get('name')!r} skipped (only text can be imported)")
        elif name == "Notes":
            for note in _children(section, "Note"):
                project.notes.append(RNote(normal_guid(note.get("guid")), note.get("name") or "",
                                           _source_text(note, archive, project), normal_guid(note.get("creatingUser")),
                                           note.get("creationDateTime") or "", note.get("modifiedDateTime") or ""))
        elif name == "NoteRef":
            project.project_notes.append(normal_guid(section.get("targetGUID")))
    return project


def read_qdpx(path: str | Path) -> RProject:
    """Read a ``.qdpx`` archive (project.qde, sources/ and our own sidecar when present)."""
    path = Path(path)
    check_archive(path, path)  # sizes, compression ratios and DTDs before anything is inflated
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise RefiError(f"{path.name} is not a REFI-QDA project archive (not a zip file)") from None
    with archive:
        names = archive.namelist()
        qde = next((n for n in names if n.lower().endswith(".qde")), None)
        if qde is None:
            raise RefiError(f"{path.name} holds no project.qde")
        try:
            root = etree.fromstring(archive.read(qde), parser=xml_parser())
        except etree.XMLSyntaxError as exc:
            if "depth" in str(exc).lower():
                raise RefiError(f"{qde} is nested deeper than the 256 levels allowed") from None
            raise
        project = parse_project(root, archive)
        if SIDECAR in names:
            try:
                sidecar = json.loads(archive.read(SIDECAR))
                if sidecar.get("format") == SIDECAR_FORMAT:
                    project.sidecar = sidecar
            except (ValueError, AttributeError):  # not JSON, or not a JSON object
                project.warnings.append(f"{SIDECAR} could not be read; imported from the REFI-QDA data only")
    return project


def read_codebook(path: str | Path) -> list[RCode]:
    """The codes of a ``.qdc`` codebook (or of the codebook inside a ``.qdpx``)."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        return read_qdpx(path).codes
    with path.open("rb") as fh:
        check_xml_head(fh.read(64 * 1024), path)
    root = etree.parse(str(path), xml_parser()).getroot()
    if _tag(root) != "CodeBook" or etree.QName(root).namespace not in (CODEBOOK_NS, PROJECT_NS):
        raise RefiError(f"{path.name} is not a REFI-QDA codebook")
    codes = _children(root, "Codes")
    return parse_codes(codes[0]) if codes else []
