"""Importing REFI-QDA: a ``.qdpx`` project into a project, a ``.qdc`` codebook into a codebook.

:class:`QdpxReader` follows the ingest reader contract: ``read`` returns a :class:`QdpxBatch`
(respondents, answers and documents, written by the importer like any other batch), and
``QdpxBatch.finish(project)``, called after that batch is written and inside the same
transaction, adds the rest: sectors, codes, codings and memos.

A file written by Consult Analyser comes back without loss (its sidecar says which selections are
answers to which question). A file from another program is read generically: each text source
becomes a respondent with one answer (question ``TEXT``) holding the whole text, the case that
refers to it gives its attributes, and every selection becomes a span coding.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from consult_analyser.domain import (
    Coding,
    Question,
    QuestionKind,
    Sector,
    SectorAssignment,
    Source,
    now_iso,
)
from consult_analyser.errors import IngestError
from consult_analyser.ingest.refi_common import SIDECAR, expand_rgb
from consult_analyser.ingest.refi_parse import (
    RCase,
    RCode,
    RCoding,
    RefiError,
    RProject,
    RSource,
    read_codebook,
    read_qdpx,
)
from consult_analyser.parsed import ParsedAnswer, ParsedBatch, ParsedDocument, ParsedRespondent
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import codebook, codings, memos, reporting, sectors
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project

GENERIC_QUESTION = Question(key="TEXT", text="Text of the imported source", kind=QuestionKind.OPEN)
_FIELD_NAMES = {"name": "name", "organisation": "organisation", "organization": "organisation", "region": "region",
                "declared type": "declared_type", "e-mail domain": "email_domain", "channel": "channel",
                "publication consent": "publication"}
_CHANNELS = {"online", "email", "post", "other"}
_DECISIONS = ("keep", "both", "neither")  # a decision of the lead's as the project stores it


@dataclass
class _Region:
    """An answer's place in a source: [start, end) and which respondent and question it belongs to."""

    external_id: str
    question_key: str
    start: int
    end: int
    selection: str = ""


@dataclass
class QdpxBatch(ParsedBatch):
    """A parsed ``.qdpx``: the respondent part for the importer plus what :meth:`finish` writes."""

    parsed: RProject = field(default_factory=RProject)
    regions: dict[str, list[_Region]] = field(default_factory=dict)  # source guid -> answers in it
    case_of_source: dict[str, str] = field(default_factory=dict)  # source guid -> external id
    question_codes: dict[str, str] = field(default_factory=dict)  # code guid -> question key
    skip_codes: set[str] = field(default_factory=set)
    sector_values: dict[str, str] = field(default_factory=dict)  # external id -> sector label (generic files)

    def finish(self, project: Project, progress: ProgressFn | None = None) -> dict[str, int]:
        """Write sectors, codes, codings and memos (call inside the import's transaction)."""
        try:
            return _Finisher(self, project, progress or null_progress).run()
        except _DAMAGED as exc:  # the transaction rolls back: the project is unchanged
            raise IngestError(self.source_file, _damaged(exc)) from None


# What a sidecar with a missing key or a value of the wrong type raises when it is read.
_DAMAGED = (KeyError, TypeError, AttributeError, ValueError, IndexError)


def _damaged(exc: Exception) -> str:
    return (f"its Consult Analyser sidecar ({SIDECAR}) is damaged ({type(exc).__name__}: {exc}); "
            "nothing was imported")


class QdpxReader:
    """The ingest reader for REFI-QDA project archives."""

    name = "refi-qda"

    def sniff(self, path: Path, head: bytes) -> float:
        if path.suffix.lower() == ".qdc":  # only to say where a codebook goes (not "no reader for .qdc files")
            return 0.5
        return 0.95 if path.suffix.lower() == ".qdpx" and head[:2] == b"PK" else 0.0

    def read(self, path: Path, mapping: dict | None = None, progress: ProgressFn | None = None) -> QdpxBatch:
        if path.suffix.lower() == ".qdc":
            raise IngestError(path, "this is a REFI-QDA codebook (codes, no responses): add its codes to a project "
                                    f"with `consult-analyser codebook PROJECT.consult --import {path.name}` (in the "
                                    "app: Codebook, Import codebook)")
        try:
            return parse_qdpx(path)
        except (RefiError, etree.XMLSyntaxError) as exc:
            raise IngestError(path, str(exc)) from None


def parse_qdpx(path: str | Path) -> QdpxBatch:
    """Read a ``.qdpx`` into a batch (nothing is written)."""
    parsed = read_qdpx(path)
    batch = QdpxBatch(source_file=str(path), reader=QdpxReader.name, parsed=parsed, warnings=list(parsed.warnings))
    if parsed.sidecar:
        try:
            _own_layout(batch)
        except _DAMAGED as exc:
            raise RefiError(_damaged(exc)) from None
    else:
        _generic_layout(batch)
    batch.total_rows = len(batch.respondents) if isinstance(batch.respondents, list) else None
    return batch


def _own_layout(batch: QdpxBatch) -> None:
    side, parsed = batch.parsed.sidecar or {}, batch.parsed
    batch.questions = [Question(id=x["id"], key=x["key"], text=x["text"], kind=QuestionKind(x["kind"]),
                                choices=list(x["choices"]), position=x["position"]) for x in side["questions"]]
    batch.question_codes = {x["guid"]: x["key"] for x in side["questions"]}
    batch.skip_codes = _layout_codes(side)
    variables: dict[str, list[str]] = side.get("variables", {})
    documents: dict[str, dict] = {k.lower(): v for k, v in side.get("documents", {}).items()}
    sources = {s.guid: s for s in parsed.sources}
    respondents: list[ParsedRespondent] = []
    for case in parsed.cases:
        person = ParsedRespondent(external_id=case.name)
        choices: dict[str, str] = {}
        for guid, value in case.values.items():
            kind, key = variables.get(guid, ["metadata", parsed.variables.get(guid, guid)])
            if kind == "field":
                _set_field(person, key, value)
            elif kind == "question":
                choices[key] = value
            else:
                person.metadata[key] = value
        texts: dict[str, str] = {}
        for guid in case.sources:
            source = sources.get(guid)
            if source is None or guid in documents:
                continue
            batch.case_of_source[guid] = case.name
            for selection in source.selections:
                keys = [batch.question_codes[c.code] for c in selection.codings if c.code in batch.question_codes]
                if keys:
                    texts[keys[0]] = source.text[selection.start:selection.end]
                    batch.regions.setdefault(guid, []).append(
                        _Region(case.name, keys[0], selection.start, selection.end, selection.guid))
        for key in dict.fromkeys([*texts, *choices]):
            person.answers.append(ParsedAnswer(key, texts.get(key, ""), choices.get(key, "")))
        respondents.append(person)
        batch.documents.extend(_documents(case.sources, sources, documents, person))
    batch.respondents = respondents


def _documents(refs: list[str], sources: dict[str, RSource], info: dict[str, dict],
               person: ParsedRespondent) -> list[ParsedDocument]:
    """The case's documents, attachments nested under the document they came with."""
    made: dict[str, ParsedDocument] = {}
    for guid in refs:
        if guid in info and guid in sources:
            made[guid] = ParsedDocument(person, info[guid].get("filename") or sources[guid].name, sources[guid].text,
                                        info[guid].get("media_type") or "text/plain")
    top = []
    for guid, document in made.items():
        parent = (info[guid].get("parent") or "").lower()
        if parent in made:
            made[parent].attachments.append(document)
        else:
            top.append(document)
    return top


def _set_field(person: ParsedRespondent, key: str, value: str) -> None:
    if key == "responding_as":
        person.is_organisation = {"organisation": True, "individual": False}.get(value.strip().lower())
    elif key == "email_domain":
        person.email = "@" + value
    elif key == "channel":
        from consult_analyser.domain import Channel

        person.channel = Channel(value) if value in _CHANNELS else Channel.OTHER
    elif key == "publication":  # the consent cell as written, or the choice itself
        from consult_analyser.domain import publication_choice

        person.consent = value
        person.publication = publication_choice(value.replace("_", " "))
    elif key in ("name", "organisation", "declared_type", "region"):
        setattr(person, key, value)


def _generic_layout(batch: QdpxBatch) -> None:
    """Another program's file: one respondent per text source, attributes from its case."""
    parsed = batch.parsed
    batch.questions = [Question(key=GENERIC_QUESTION.key, text=GENERIC_QUESTION.text, kind=QuestionKind.OPEN)]
    case_for: dict[str, RCase] = {}
    for case in parsed.cases:
        for guid in case.sources:
            case_for.setdefault(guid, case)
    used: set[str] = set()
    respondents = []
    for source in parsed.sources:
        name = _unique(source.name or source.guid, used)
        person = ParsedRespondent(external_id=name)
        owner = case_for.get(source.guid)
        for guid, value in (owner.values if owner else {}).items():
            label = parsed.variables.get(guid, guid)
            field_name = _FIELD_NAMES.get(label.strip().lower())
            if label.strip().lower() == "sector":
                batch.sector_values[name] = value
            elif field_name:
                _set_field(person, field_name, value)
            else:
                person.metadata[label] = value
        if source.text:
            person.answers.append(ParsedAnswer(GENERIC_QUESTION.key, source.text))
        batch.regions[source.guid] = [_Region(name, GENERIC_QUESTION.key, 0, len(source.text))]
        batch.case_of_source[source.guid] = name
        respondents.append(person)
    sourced = {case_for[s.guid].guid for s in parsed.sources if s.guid in case_for}
    for case in parsed.cases:  # cases with no text still count as respondents
        if case.guid not in sourced:
            person = ParsedRespondent(external_id=_unique(case.name or case.guid, used))
            for guid, value in case.values.items():
                person.metadata[parsed.variables.get(guid, guid)] = value
            respondents.append(person)
    batch.respondents = respondents


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name.strip() or "source", 2
    while candidate in used:
        candidate = f"{name} ({number})"
        number += 1
    used.add(candidate)
    return candidate


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "other"


class _Finisher:
    """Writes what the importer's batch cannot carry."""

    def __init__(self, batch: QdpxBatch, project: Project, progress: ProgressFn):
        self.batch, self.project, self.progress = batch, project, progress
        self.side = batch.parsed.sidecar or {}
        self.users = batch.parsed.users
        self.code_ids: dict[str, str] = {}
        self.counts = {"codes": 0, "codings": 0, "memos": 0, "sector_assignments": 0}

    def run(self) -> dict[str, int]:
        with self.project.transaction():
            self.answers = codings.response_lookup(self.project)
            self.respondents = reporting.respondent_ids_by_external(self.project)
            self._sectors()
            self.progress(0.3, "codes")
            self._codes()
            self.progress(0.5, "codings")
            self._codings()
            self.progress(0.8, "memos")
            self._memos()
            self._team()
        self.progress(1.0, "REFI-QDA import finished")
        return self.counts

    # --------------------------------------------------------------------------------- sectors
    def _sectors(self) -> None:
        if self.side:
            org = set(self.side.get("organisation_sectors", []))
            wanted = [Sector(t["key"], t["label"], t["key"] in org) for t in self.side.get("taxonomy", [])]
            rows = [SectorAssignment(self.respondents[a["respondent"]], a["sector_key"], Source(a["source"]),
                                     a["confidence"], a["detail"], a["reviewed"], a["created_by"], a["created_at"])
                    for a in self.side.get("sector_assignments", []) if a["respondent"] in self.respondents]
        else:
            labels = dict.fromkeys(self.batch.sector_values.values())
            wanted = [Sector(_slug(label), label) for label in labels]
            rows = [SectorAssignment(self.respondents[e], _slug(label), Source.IMPORTED, 1.0, "REFI-QDA case variable",
                                     created_by=self.project.actor)
                    for e, label in self.batch.sector_values.items() if e in self.respondents]
        existing = sectors.taxonomy(self.project)
        known = {s.key for s in existing}
        if any(s.key not in known for s in wanted):
            sectors.set_taxonomy(self.project, existing + [s for s in wanted if s.key not in known])
        if rows:
            sectors.save_assignments(self.project, rows)
            self.counts["sector_assignments"] = len(rows)

    # ----------------------------------------------------------------------------------- codes
    def _codes(self) -> None:
        self.code_ids = import_codes(self.project, self.batch.parsed.codes, skip=self.batch.skip_codes,
                                     creators=self.side.get("code_creators"))
        self.counts["codes"] = len(self.code_ids)

    # --------------------------------------------------------------------------------- codings
    def _coding(self, raw: RCoding, external: str, key: str, start: int | None, end: int | None) -> Coding | None:
        code_id = self.code_ids.get(raw.code)
        answer = self.answers.get((external, key))
        if code_id is None or answer is None:
            return None
        extra = self.side.get("codings", {}).get(raw.guid, {})
        existing_id = raw.guid if raw.guid and codings.get_coding(self.project, raw.guid) is None else None
        coding = Coding(code_id=code_id, response_id=answer[0], start=start, end=end,
                        coder=self.users.get(raw.user, "") or self.project.actor,
                        source=Source(extra.get("source", Source.IMPORTED.value if not self.side else "analyst")),
                        confidence=float(extra.get("confidence", 1.0)), created_at=raw.created_at or now_iso())
        if existing_id:
            coding.id = existing_id
        return coding

    def _codings(self) -> None:
        items: list[Coding] = []
        for source in self.batch.parsed.sources:
            regions = self.batch.regions.get(source.guid, [])
            if not regions:
                continue
            own = {r.selection for r in regions if r.selection}
            for raw in source.codings:  # the whole source is coded: code every answer in it
                items += [c for r in regions if (c := self._coding(raw, r.external_id, r.question_key, None, None))]
            for selection in source.selections:
                if selection.guid in own:
                    mine = next(r for r in regions if r.selection == selection.guid)
                    items += [c for raw in selection.codings if raw.code not in self.batch.skip_codes
                              and (c := self._coding(raw, mine.external_id, mine.question_key, None, None))]
                    continue
                region = _best_region(regions, selection.start, selection.end)
                if region is None:
                    self.batch.warnings.append(f"a selection in {source.name!r} lies outside every answer; skipped")
                    continue
                start = max(selection.start, region.start) - region.start
                end = min(selection.end, region.end) - region.start
                for raw in selection.codings:
                    if raw.code in self.batch.skip_codes or end <= start:
                        continue
                    coding = self._coding(raw, region.external_id, region.question_key, start, end)
                    if coding:
                        items.append(coding)
        for extra in self.side.get("choice_codings", []):
            raw = RCoding(extra["id"], extra["code"], "", extra.get("created_at", ""))
            coding = self._coding(raw, extra["respondent"], extra["question"], None, None)
            if coding:
                coding.coder = extra.get("coder") or coding.coder
                coding.source, coding.confidence = Source(extra["source"]), float(extra["confidence"])
                items.append(coding)
        if items:
            self.counts["codings"] = len(codings.add_codings(self.project, items, action="import_qdpx"))

    # ----------------------------------------------------------------------------------- memos
    def _memo_targets(self) -> dict[str, tuple[str, str]]:
        """Note guid -> (kind, target id), from the sidecar or from where the note is referenced."""
        targets: dict[str, tuple[str, str]] = {}
        for guid, entry in self.side.get("memos", {}).items():
            kind = entry["kind"]
            if kind == "code" and entry.get("code") in self.code_ids:
                targets[guid] = ("code", self.code_ids[entry["code"]])
            elif kind == "response" and (entry.get("external_id"), entry.get("question")) in self.answers:
                targets[guid] = ("response", self.answers[(entry["external_id"], entry["question"])][0])
            elif kind == "respondent" and entry.get("external_id") in self.respondents:
                targets[guid] = ("respondent", self.respondents[entry["external_id"]])
            else:
                targets[guid] = ("project", "")
        for code in self.batch.parsed.codes:
            for note in code.notes:
                if code.guid in self.code_ids:
                    targets.setdefault(note, ("code", self.code_ids[code.guid]))
        for source in self.batch.parsed.sources:
            external = self.batch.case_of_source.get(source.guid)
            for note in source.notes:
                if external in self.respondents:
                    targets.setdefault(note, ("respondent", self.respondents[external]))
            for selection in source.selections:
                region = _best_region(self.batch.regions.get(source.guid, []), selection.start, selection.end)
                answer = self.answers.get((region.external_id, region.question_key)) if region else None
                for note in selection.notes:
                    if answer:
                        targets.setdefault(note, ("response", answer[0]))
        return targets

    def _memos(self) -> None:
        targets = self._memo_targets()
        actor = self.project.actor
        try:
            for note in self.batch.parsed.notes:
                if not note.text.strip() or memos.get_memo(self.project, note.guid) is not None:
                    continue
                kind, target = targets.get(note.guid, ("project", ""))
                entry = self.side.get("memos", {}).get(note.guid, {})
                text = note.text
                if entry.get("kind") == "theme":
                    text = f"[Theme {entry.get('theme', '')}] {text}"
                self.project.actor = entry.get("author") or self.users.get(note.user, "") or actor
                memos.add_memo(self.project, kind, target, text, memo_id=note.guid or None,
                               created_at=entry.get("created_at") or note.created_at or None,
                               updated_at=entry.get("updated_at") or note.modified_at or None)
                self.counts["memos"] += 1
        finally:
            self.project.actor = actor


    # ------------------------------------------------------------------------------------ team
    def _team(self) -> None:
        """The team split: who was given each answer and which answers two analysts coded blind (a trial's
        round trip lost them: `team agreement` found no double-coded answers), its members and the codes
        their copies were made with (which codes agreement compares), and the lead's decisions on the
        disagreements. Restored only from our own file."""
        team = self.side.get("team") or {}
        codes = {guid: (str(analyst), int(double)) for guid, (analyst, double) in team.get("codes", {}).items()}
        rows: list[tuple[str, str, int]] = []
        for source in self.batch.parsed.sources:
            regions = {r.selection: r for r in self.batch.regions.get(source.guid, []) if r.selection}
            for selection in source.selections:
                region = regions.get(selection.guid)
                answer = self.answers.get((region.external_id, region.question_key)) if region else None
                for raw in selection.codings:
                    if answer and raw.code in codes:
                        analyst, double = codes[raw.code]
                        rows.append((analyst, answer[0], double))
        for entry in team.get("unplaced", []):
            answer = self.answers.get((entry["respondent"], entry["question"]))
            if answer:
                rows.append((str(entry["analyst"]), answer[0], int(entry["double"])))
        if rows:
            team_store.set_assignments(self.project, rows)
            self.counts["team_assignments"] = len(rows)
        for member in team.get("members", []):
            if team_store.member(self.project, member["copy_id"]) is None:
                team_store.add_member(self.project, team_store.Member(**member))
        for split_id, guids in team.get("split_codes", {}).items():
            ids = sorted(self.code_ids[g] for g in guids if g in self.code_ids)
            self.project.set_meta(team_store.SPLIT_CODES_KEY + split_id, json.dumps(ids))
        self._decisions(team.get("decisions", []))

    def _decisions(self, decided: list[dict]) -> None:
        """The lead's decisions on the disagreements, each recorded as made by who made it. (When it was
        made is not kept: the store's ``adjudicate`` dates a decision now; the sidecar keeps ``decided_at``.)"""
        actor, lost = self.project.actor, 0
        try:
            for entry in decided:
                answer = self.answers.get((entry["respondent"], entry["question"]))
                code_id = self.code_ids.get(entry["code"])
                if answer is None or code_id is None:
                    lost += 1
                    continue
                if entry["decision"] not in _DECISIONS:
                    raise ValueError(f"a decision {entry['decision']!r}")
                self.project.actor = str(entry.get("decided_by") or actor)
                team_store.adjudicate(self.project, answer[0], code_id, entry["decision"],
                                      str(entry.get("kept_coder") or ""), str(entry.get("note") or ""))
        finally:
            self.project.actor = actor
        if decided:
            self.counts["team_decisions"] = len(decided) - lost
            self.project.audit("import_qdpx_decisions", "project", "", decisions=len(decided) - lost, lost=lost)
        if lost:
            self.batch.warnings.append(f"{lost:,} of the lead's decisions are on an answer or code not in the file;"
                                       " left out")


def _best_region(regions: list[_Region], start: int, end: int) -> _Region | None:
    best, overlap = None, 0
    for region in regions:
        size = min(end, region.end) - max(start, region.start)
        if size > overlap:
            best, overlap = region, size
    return best


def import_codes(project: Project, codes: list[RCode], *, skip: set[str] | None = None,
                 creators: dict[str, str] | None = None) -> dict[str, str]:
    """Add codes (parents first) keeping their GUIDs as ids (and their creators: code GUID -> who made it,
    which says which codes a team analyst had); a code already present at the same path is reused.
    Returns code GUID -> code id."""
    skip, creators = skip or set(), creators or {}
    ids: dict[str, str] = {}
    actor = project.actor
    with project.transaction():
        for code in codes:
            if code.guid in skip:
                continue
            parent = ids.get(code.parent or "") if code.parent else None
            name = _code_name(code.name)
            found = next((c for c in codebook.children(project, parent) if c.name.casefold() == name.casefold()), None)
            if found is not None:
                ids[code.guid] = found.id
                continue
            new_id = code.guid if code.guid and codebook.get_code(project, code.guid) is None else None
            project.actor = str(creators.get(code.guid) or actor)
            try:
                made = codebook.create_code(project, name, parent_id=parent, description=code.description,
                                            colour=expand_rgb(code.colour), code_id=new_id)
            finally:
                project.actor = actor
            ids[code.guid] = made.id
    return ids


def is_refi_codebook(path: str | Path) -> bool:
    """``path`` is a REFI-QDA codebook (``.qdc``) or project (``.qdpx``), or XML: not a codebook table."""
    path = Path(path)
    if path.suffix.lower() in (".qdc", ".qdpx"):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith((b"<?xml", b"<CodeBook", b"<Codes"))


def codebook_rows(path: str | Path) -> list[dict[str, str]]:
    """The codes of a REFI-QDA codebook (``.qdc``, or the codebook in a ``.qdpx``) as codebook rows: path
    ("Parent > Child"), description and colour, parents first, as ``codebook --import`` takes them (a trial's
    .qdc was read as a table: "row 1: empty code name in path ''"). A .qdpx of ours leaves out the codes it
    adds for its own layout (the questions)."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            parsed = read_qdpx(path)
            codes, skip = parsed.codes, _layout_codes(parsed.sidecar or {})
        else:
            codes, skip = read_codebook(path), set()
    except (RefiError, etree.XMLSyntaxError) as exc:
        raise IngestError(path, f"it cannot be read as a REFI-QDA codebook: {exc}") from None
    except _DAMAGED as exc:
        raise IngestError(path, _damaged(exc)) from None
    paths: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    for code in codes:
        if code.guid in skip or (code.parent and code.parent in skip):
            skip.add(code.guid)
            continue
        name = _code_name(code.name)
        paths[code.guid] = f"{paths[code.parent]} > {name}" if code.parent in paths else name
        rows.append({"path": paths[code.guid], "description": code.description.strip(),
                     "colour": expand_rgb(code.colour)})
    if not rows:
        raise IngestError(path, "the REFI-QDA codebook holds no codes")
    return rows


def _code_name(name: str) -> str:
    """A code's name as the codebook takes it (">" separates the levels of a path)."""
    return re.sub(r"\s+", " ", name.replace(">", "-")).strip() or "Code"


def _layout_codes(side: dict) -> set[str]:
    """GUIDs of the codes a .qdpx of ours adds for its layout: the question group and its codes, the team
    split group and its codes."""
    team = side.get("team") or {}
    return ({x["guid"] for x in side.get("questions", [])} | {side.get("question_group", ""), team.get("group", "")}
            | set(team.get("codes", {}))) - {""}


def import_codebook(project: Project, path: str | Path) -> int:
    """Add the codes of a ``.qdc`` codebook (or a ``.qdpx``'s codebook) to the project's codebook.
    Returns how many codes the file had (those already present are reused, not duplicated)."""
    codes = read_codebook(path)
    import_codes(project, codes)
    return len(codes)
