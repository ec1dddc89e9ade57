"""REFI-QDA export: the codebook as ``.qdc`` and the whole project as ``.qdpx`` (QDA-XML 1.0).

In the ``.qdpx``: codes keep their hierarchy, colours and descriptions; cases are respondents with
their attributes (sector, region, channel, organisation, closed answers...) as variables; each
respondent's free-text answers form one plain-text source in which every answer is a selection
coded with its question (under a "Questions" code group, as QDA programs do for survey imports)
and every coding is a ``PlainTextSelection`` with start and end positions; memos are notes
referenced from what they annotate; a team split's assignments are codes of a "Team split" group
("Assigned to A", "Double-coded by A") on each answer's selection. See
:mod:`consult_analyser.ingest.refi_common` for the layout.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from consult_analyser import __version__
from consult_analyser.domain import QuestionKind, now_iso
from consult_analyser.export.safety import replace_atomically, xml_clean
from consult_analyser.ingest.refi_common import (
    CODEBOOK_NS,
    PROJECT_NS,
    QUESTION_GROUP,
    SIDECAR,
    SIDECAR_FORMAT,
    TEAM_GROUP,
    as_guid,
    derived_guid,
    q,
    rgb,
    source_layout,
    validate,
)
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import reporting
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

ORIGIN = f"Consult Analyser {__version__}"
CHECK_LIMIT = 50_000_000  # bytes of project.qde validated automatically
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
FIELDS = [("name", "Name"), ("organisation", "Organisation"), ("responding_as", "Responding as"),
          ("declared_type", "Declared type"), ("sector", "Sector"), ("region", "Region"), ("channel", "Channel"),
          ("email_domain", "E-mail domain"), ("publication", "Publication consent")]
RESPONDING_AS = {1: "organisation", 0: "individual"}


class ExportError(Exception):
    """The project cannot be written in the asked format."""


@dataclass
class QdpxResult:
    path: Path
    cases: int = 0
    sources: int = 0
    codes: int = 0
    codings: int = 0
    notes: int = 0
    validated: bool = False


def _dt(value: str) -> str | None:
    return value if value and _DATETIME.match(value) else None


def _el(tag: str, attrib: dict | None = None, ns: str = PROJECT_NS, text: str | None = None) -> etree._Element:
    element = etree.Element(q(tag, ns), {k: v for k, v in (attrib or {}).items() if v is not None},
                            nsmap={None: ns})
    if text is not None:
        element.text = xml_clean(text)
    return element


def _sub(parent: etree._Element, tag: str, attrib: dict | None = None, ns: str = PROJECT_NS,
         text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, q(tag, ns), {k: v for k, v in (attrib or {}).items() if v is not None})
    if text is not None:
        element.text = xml_clean(text)
    return element


def _code_elements(parent: etree._Element, codes: list[reporting.CodeRow], ns: str,
                   notes: dict[str, list[str]] | None = None) -> None:
    """Nest codes under ``parent`` following parent ids (codes arrive parents first)."""
    elements: dict[str, etree._Element] = {}
    for code in codes:
        holder = elements.get(code.parent_id or "", parent)
        element = _sub(holder, "Code", {"guid": as_guid(code.id), "name": xml_clean(code.name), "isCodable": "true",
                                        "color": rgb(code.colour)}, ns)
        if code.description:
            _sub(element, "Description", ns=ns, text=code.description)
        for note in (notes or {}).get(code.id, []):
            _sub(element, "NoteRef", {"targetGUID": as_guid(note)}, ns)
        elements[code.id] = element


def export_codebook(project: Project, path: str | Path) -> int:
    """Write the codebook as a REFI-QDA ``.qdc`` file; returns the number of codes."""
    codes = reporting.codebook(project)
    if not codes:
        raise ExportError("the project has no codes to export")
    root = _el("CodeBook", {"origin": ORIGIN}, CODEBOOK_NS)
    _code_elements(_sub(root, "Codes", ns=CODEBOOK_NS), codes, CODEBOOK_NS)
    errors = validate(root, "codebook")
    if errors:
        raise ExportError("the codebook does not match the REFI-QDA schema: " + "; ".join(errors[:3]))
    path = Path(path)
    with replace_atomically(path) as tmp:
        tmp.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return len(codes)


class _Context:
    """Everything the streaming writer needs that is small enough to hold in memory."""

    def __init__(self, project: Project):
        self.project = project
        self.questions = list_questions(project)
        self.question_text = {x.key: x.text for x in self.questions}
        self.codes = reporting.codebook(project)
        self.labels = reporting.sector_labels(project)
        self.memos = reporting.memos(project)
        names = set(reporting.people(project)) | {project.actor}
        self.users = {name: derived_guid("user", name) for name in sorted(names)}
        self.notes: dict[tuple[str, str], list[str]] = {}
        for memo in self.memos:
            self.notes.setdefault((memo.target_kind, memo.target_id), []).append(memo.id)
        self.group_guid = derived_guid("question-group", project.get_meta("created_at"), project.name)
        usage = reporting.question_usage(project)
        self.text_questions = [x for x in self.questions
                               if x.kind != QuestionKind.CLOSED or usage.get(x.id, (False, False))[0]]
        self.open_keys = {x.key for x in self.text_questions}
        self.question_ids = {x.key: x.id for x in self.questions}
        self.variables: list[tuple[str, str, str, str]] = []  # guid, name, kind, key
        taken: set[str] = set()
        for key, name in FIELDS:
            self._variable(name, "field", key, taken)
        for question in self.questions:
            if question.kind != QuestionKind.OPEN or usage.get(question.id, (False, False))[1]:
                self._variable(question.key, "question", question.key, taken)
        for key in reporting.metadata_keys(project):
            self._variable(key, "metadata", key, taken)
        self.extras: dict[str, dict] = {}
        self.choice_codings: list[dict] = []
        # the team split's assignments (who was given each answer; the answers two analysts coded blind, which
        # `team agreement` compares): each answer's selection is coded "Assigned to A" or "Double-coded by A"
        self.assigned: dict[tuple[str, str], list[tuple[str, int]]] = {}  # (respondent, question) -> (analyst, double)
        for row in team_store.progress(project):
            for external, key, double, _coded in team_store.assignment_rows(project, row.analyst):
                self.assigned.setdefault((external, key), []).append((row.analyst, int(double == "yes")))
        self.team_group = derived_guid("team-group", project.get_meta("created_at"), project.name)
        self.team_codes = {pair: derived_guid("team-code", pair[0], str(pair[1]))
                           for pair in sorted({p for rows in self.assigned.values() for p in rows})}
        self.team_unplaced: list[dict] = []  # assignments of answers with no place in a source's text

    def _variable(self, name: str, kind: str, key: str, taken: set[str]) -> None:
        base, number = xml_clean(name) or kind, 2
        while name.lower() in taken:
            name = f"{base} ({number})"
            number += 1
        taken.add(name.lower())
        self.variables.append((derived_guid("variable", kind, key), name, kind, key))

    def user(self, name: str) -> str | None:
        return self.users.get(name) if name else None


def _case(ctx: _Context, person, answers: list[reporting.AnswerRow], documents, has_text: bool) -> etree._Element:
    meta = json.loads(person["metadata"] or "{}")
    fields = {"name": person["name"], "organisation": person["organisation"],
              "responding_as": RESPONDING_AS.get(person["is_organisation"], ""),
              "declared_type": person["declared_type"], "sector": ctx.labels.get(person["sector"], person["sector"]),
              "region": person["region"], "channel": person["channel"], "email_domain": person["email_domain"],
              # what they said may be published: the choice as read (public, anonymous, not_for_publication),
              # which a "Yes" of the cell as written would not say on its own
              "publication": person["publication_raw"] if person["publication"] == "unknown" else person["publication"]}
    choices = {a.question_key: a.choice for a in answers}
    case = _el("Case", {"guid": as_guid(person["id"]), "name": xml_clean(person["external_id"])})
    for guid, _name, kind, key in ctx.variables:
        value = fields.get(key) if kind == "field" else choices.get(key) if kind == "question" else meta.get(key)
        if value in (None, ""):
            continue
        holder = _sub(case, "VariableValue")
        _sub(holder, "VariableRef", {"targetGUID": guid})
        _sub(holder, "TextValue", text=value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    if has_text:
        _sub(case, "SourceRef", {"targetGUID": derived_guid("answers", person["id"])})
    for document in documents:
        _sub(case, "SourceRef", {"targetGUID": as_guid(document.id)})
    return case


def _coding(parent: etree._Element, ctx: _Context, coding) -> None:  # type: ignore[no-untyped-def]
    element = _sub(parent, "Coding", {"guid": as_guid(coding["id"]), "creatingUser": ctx.user(coding["coder"]),
                                      "creationDateTime": _dt(coding["created_at"])})
    _sub(element, "CodeRef", {"targetGUID": as_guid(coding["code_id"])})
    if coding["source"] != "analyst" or coding["confidence"] != 1.0:
        ctx.extras[as_guid(coding["id"])] = {"source": coding["source"], "confidence": coding["confidence"]}


def _answer_source(ctx: _Context, submission: reporting.Submission,
                   zf: zipfile.ZipFile) -> tuple[etree._Element | None, int]:
    """The respondent's answers as one text source with its selections; returns (element, codings)."""
    person, answers = submission.person, submission.answers
    laid = [(a.id, a.question_key, ctx.question_text.get(a.question_key, ""), a.text) for a in answers
            if a.text and a.question_key in ctx.open_keys]
    by_response: dict[str, list] = {}
    for coding in submission.codings:
        by_response.setdefault(coding["response_id"], []).append(coding)
    text, blocks = source_layout(laid)
    placed = {b.response_id for b in blocks}
    for a in answers:  # codings on answers without free text (a closed choice) have no place in the text
        if a.id in placed:
            continue
        ctx.team_unplaced += [{"analyst": analyst, "respondent": person["external_id"], "question": a.question_key,
                               "double": double} for analyst, double in ctx.assigned.get((person["external_id"],
                                                                                          a.question_key), [])]
        for coding in by_response.get(a.id, []):
            ctx.choice_codings.append({"id": coding["id"], "code": as_guid(coding["code_id"]),
                                       "question": a.question_key, "respondent": person["external_id"],
                                       "coder": coding["coder"],
                                       "source": coding["source"], "confidence": coding["confidence"],
                                       "created_at": coding["created_at"]})
    if not blocks:
        return None, 0
    guid = derived_guid("answers", person["id"])
    zf.writestr(f"sources/{guid}.txt", text.encode("utf-8"))
    source = _el("TextSource", {"guid": guid, "name": xml_clean(person["external_id"]),
                                "plainTextPath": f"internal://{guid}.txt"})
    count = 0
    for block in blocks:
        codings = by_response.get(block.response_id, [])
        selection = _sub(source, "PlainTextSelection", {"guid": as_guid(block.response_id), "name": block.question_key,
                                                        "startPosition": str(block.start),
                                                        "endPosition": str(block.end)})
        question_coding = _sub(selection, "Coding", {"guid": derived_guid("question-coding", block.response_id)})
        _sub(question_coding, "CodeRef", {"targetGUID": as_guid(ctx.question_ids[block.question_key])})
        for analyst, double in ctx.assigned.get((person["external_id"], block.question_key), []):
            team = _sub(selection, "Coding", {"guid": derived_guid("team-coding", analyst, block.response_id)})
            _sub(team, "CodeRef", {"targetGUID": ctx.team_codes[(analyst, double)]})
        for coding in codings:
            if coding["start"] is None:
                _coding(selection, ctx, coding)
                count += 1
        for memo in ctx.notes.get(("response", block.response_id), []):
            _sub(selection, "NoteRef", {"targetGUID": as_guid(memo)})
        spans: dict[tuple[int, int], list] = {}
        for coding in codings:
            if coding["start"] is not None:
                spans.setdefault((coding["start"], coding["end"]), []).append(coding)
        for (start, end), group in sorted(spans.items()):
            span = _sub(source, "PlainTextSelection", {
                "guid": derived_guid("span", block.response_id, str(start), str(end)),
                "name": block.question_key, "startPosition": str(block.start + start),
                "endPosition": str(block.start + end)})
            for coding in group:
                _coding(span, ctx, coding)
                count += 1
    for memo in ctx.notes.get(("respondent", person["id"]), []):
        _sub(source, "NoteRef", {"targetGUID": as_guid(memo)})
    return source, count


def _document_source(document: reporting.DocumentRow, zf: zipfile.ZipFile) -> etree._Element:
    guid = as_guid(document.id)
    zf.writestr(f"sources/{guid}.txt", (document.text or "").encode("utf-8"))
    return _el("TextSource", {"guid": guid, "name": xml_clean(document.filename),
                              "plainTextPath": f"internal://{guid}.txt"})


def export_qdpx(project: Project, path: str | Path, *, progress: ProgressFn | None = None,
                check: bool | None = None) -> QdpxResult:
    """Write the whole project as a REFI-QDA ``.qdpx`` archive, streamed (bounded memory).

    ``check`` validates ``project.qde`` against the QDA-XML schema before finishing (default:
    when it is under 50 MB)."""
    progress = progress or null_progress
    path = Path(path)
    ctx = _Context(project)
    info = reporting.overview(project)
    result = QdpxResult(path, codes=len(ctx.codes), notes=len(ctx.memos))
    with (replace_atomically(path) as tmp_zip, tempfile.TemporaryDirectory() as tmpdir,
          zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf):
        folder = Path(tmpdir)
        # One pass over the respondents writes the cases and the sources side by side; the two
        # parts are then joined into project.qde in the order the schema wants.
        total = max(info["respondents"], 1)
        with (folder / "cases").open("wb") as cases, (folder / "sources").open("wb") as sources:
            for number, submission in enumerate(reporting.iter_submissions(project, with_codings=True), 1):
                source, codings = _answer_source(ctx, submission, zf)
                cases.write(etree.tostring(_case(ctx, submission.person, submission.answers, submission.documents,
                                                 source is not None)))
                result.cases += 1
                if source is not None:
                    sources.write(etree.tostring(source))
                    result.sources += 1
                    result.codings += codings
                for document in submission.documents:
                    sources.write(etree.tostring(_document_source(document, zf)))
                    result.sources += 1
                if number % 5000 == 0:
                    progress(0.9 * number / total, f"respondents: {number:,}")
        qde = folder / "project.qde"
        _assemble(ctx, project, qde, folder / "cases", folder / "sources", result)
        progress(0.92, "checking the file against the REFI-QDA schema")
        if check or (check is None and qde.stat().st_size <= CHECK_LIMIT):
            errors = validate(etree.parse(str(qde), etree.XMLParser(huge_tree=True)), "project")
            if errors:
                raise ExportError("the project file does not match the REFI-QDA schema: " + "; ".join(errors[:3]))
            result.validated = True
        zf.write(qde, "project.qde")
        zf.writestr(SIDECAR, json.dumps(_sidecar(ctx, project), ensure_ascii=False))
    result.codings += len(ctx.choice_codings)
    progress(1.0, "REFI-QDA project written")
    return result


def _assemble(ctx: _Context, project: Project, qde: Path, cases: Path, sources: Path, result: QdpxResult) -> None:
    """project.qde: the project element around users, codebook, variables, cases, sources, notes."""
    attrib = {"name": xml_clean(project.name), "origin": ORIGIN, "creatingUserGUID": ctx.user(project.actor),
              "creationDateTime": _dt(project.get_meta("created_at")), "modifiedDateTime": now_iso()}
    root = _el("Project", attrib)
    etree.SubElement(root, "SPLIT")
    opening, closing = etree.tostring(root).split(b"<SPLIT/>")
    users = _el("Users")
    for name, guid in ctx.users.items():
        _sub(users, "User", {"guid": guid, "name": xml_clean(name)})
    variables = _el("Variables")
    for guid, name, kind, key in ctx.variables:
        variable = _sub(variables, "Variable", {"guid": guid, "name": name, "typeOfVariable": "Text"})
        if kind == "question":
            _sub(variable, "Description", text=ctx.question_text.get(key, ""))
    with qde.open("wb") as out:
        out.write(b"<?xml version='1.0' encoding='utf-8'?>\n" + opening + etree.tostring(users))
        book = _codebook(ctx)
        if book is not None:
            out.write(etree.tostring(book))
        out.write(etree.tostring(variables))
        for tag, part, count in (("Cases", cases, result.cases), ("Sources", sources, result.sources)):
            if count:  # the schema wants at least one child when the element is present
                out.write(f"<{tag}>".encode())
                with part.open("rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
                out.write(f"</{tag}>".encode())
        if ctx.memos:
            notes = _el("Notes")
            for memo in ctx.memos:
                note = _sub(notes, "Note", {
                    "guid": as_guid(memo.id), "name": f"{memo.target_kind.capitalize()} memo",
                    "creatingUser": ctx.user(memo.author), "creationDateTime": _dt(memo.created_at),
                    "modifiedDateTime": _dt(memo.updated_at)})
                _sub(note, "PlainTextContent", text=memo.text)
            out.write(etree.tostring(notes))
        for memo_id in ctx.notes.get(("project", ""), []):
            out.write(etree.tostring(_el("NoteRef", {"targetGUID": as_guid(memo_id)})))
        out.write(closing)


def _codebook(ctx: _Context) -> etree._Element | None:
    book = _el("CodeBook")
    codes = _sub(book, "Codes")
    notes = {target: ids for (kind, target), ids in ctx.notes.items() if kind == "code"}
    _code_elements(codes, ctx.codes, PROJECT_NS, notes)
    open_questions = ctx.text_questions
    if open_questions:
        group = _sub(codes, "Code", {"guid": ctx.group_guid, "name": QUESTION_GROUP, "isCodable": "false",
                                     "color": "#bab0ac"})
        _sub(group, "Description", text="Each answer is coded with the question it answers.")
        for question in open_questions:
            code = _sub(group, "Code", {"guid": as_guid(question.id), "name": question.key, "isCodable": "true",
                                        "color": "#bab0ac"})
            _sub(code, "Description", text=question.wording)  # a hybrid question's free-text wording too
    if ctx.team_codes:
        group = _sub(codes, "Code", {"guid": ctx.team_group, "name": TEAM_GROUP, "isCodable": "false",
                                     "color": "#bab0ac"})
        _sub(group, "Description", text="Who was given each answer to code in the team split. An answer coded "
             "\"Double-coded by\" two analysts was coded by both, blind: the answers inter-coder agreement compares.")
        for (analyst, double), guid in ctx.team_codes.items():
            code = _sub(group, "Code", {"guid": guid, "name": f"{'Double-coded by' if double else 'Assigned to'} "
                                                              f"{xml_clean(analyst)}", "isCodable": "true",
                                        "color": "#bab0ac"})
            _sub(code, "Description", text=f"Answers {analyst} was given to code" + (
                ", each given to another analyst too (blind double coding)" if double else ""))
    return book if len(codes) else None


def _sidecar(ctx: _Context, project: Project) -> dict:
    return {
        "format": SIDECAR_FORMAT, "version": 1, "origin": ORIGIN,
        "project": {"name": project.name, "created_at": project.get_meta("created_at")},
        "question_group": ctx.group_guid,
        "questions": [{"id": x.id, "guid": as_guid(x.id), "key": x.key, "text": x.text, "kind": x.kind.value,
                       "choices": x.choices, "position": x.position} for x in ctx.questions],
        "variables": {guid: [kind, key] for guid, _name, kind, key in ctx.variables},
        "taxonomy": [{"key": k, "label": v} for k, v in ctx.labels.items() if k != reporting.UNCLASSIFIED],
        "organisation_sectors": sorted(reporting.organisation_sectors(project)),
        "sector_assignments": [{"respondent": r["external_id"], "source": r["source"],
                                "sector_key": r["sector_key"], "confidence": r["confidence"], "detail": r["detail"],
                                "reviewed": bool(r["reviewed"]), "created_by": r["created_by"],
                                "created_at": r["created_at"]} for r in reporting.all_sector_assignments(project)],
        "codings": ctx.extras,
        "choice_codings": ctx.choice_codings,
        "memos": _memo_targets(ctx, project),
        "team": _team(ctx, project),
        "code_creators": {as_guid(c.id): c.created_by for c in ctx.codes if c.created_by},
        "documents": {as_guid(k): {**v, "parent": as_guid(v["parent"]) if v["parent"] else None}
                      for k, v in reporting.document_tree(project).items()},
    }


def _memo_targets(ctx: _Context, project: Project) -> dict[str, dict]:
    """Each memo's target in terms that survive a re-import (external ids, question keys, code GUIDs)."""
    targets = reporting.memo_targets(project)
    out = {}
    for memo in ctx.memos:
        entry: dict = {"kind": memo.target_kind, "author": memo.author, "created_at": memo.created_at,
                       "updated_at": memo.updated_at}
        external, readable = targets.get((memo.target_kind, memo.target_id), ("", ""))
        if memo.target_kind == "code":
            entry["code"] = as_guid(memo.target_id)
        elif memo.target_kind in ("response", "respondent"):
            entry.update(external_id=external, question=readable)
        elif memo.target_kind == "theme":
            entry["theme"] = readable
        out[as_guid(memo.id)] = entry
    return out


def _team(ctx: _Context, project: Project) -> dict:
    """The team split as our importer restores it: which codes of the "Team split" group say what, the
    lead's decisions on the disagreements, the assignments with no place in a source, the members, and the
    codes each split's copies were made with."""
    members = team_store.members(project)
    splits = {m.split_id for m in members}
    return {"group": ctx.team_group, "codes": {guid: list(pair) for pair, guid in ctx.team_codes.items()},
            "decisions": _decisions(project),
            "unplaced": ctx.team_unplaced,
            "members": [{"copy_id": m.copy_id, "analyst": m.analyst, "role": m.role, "file": m.file,
                         "split_id": m.split_id, "created_at": m.created_at} for m in members],
            "split_codes": {split: [as_guid(c) for c in json.loads(raw)] for split in sorted(splits)
                            if (raw := project.get_meta(team_store.SPLIT_CODES_KEY + split))}}


def _decisions(project: Project) -> list[dict]:
    """The lead's decisions on the double coders' disagreements (a trial's round trip lost them: `team
    agreement` said "decided by the lead: 0"), each on its answer (respondent id as imported, question key)
    and code GUID, with who decided, when and why."""
    decided = team_store.adjudications(project)
    places = team_store.unit_details(project, list(decided))
    out = [{"respondent": places[unit]["respondent"], "question": places[unit]["question"],
            "code": as_guid(d["code_id"]), "decision": d["decision"], "kept_coder": d["kept_coder"],
            "note": d["note"], "decided_by": d["decided_by"], "decided_at": d["decided_at"]}
           for unit, d in decided.items()]
    return sorted(out, key=lambda d: (d["respondent"], d["question"], d["code"]))
