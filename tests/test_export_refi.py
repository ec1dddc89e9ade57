"""REFI-QDA: .qdc and .qdpx validate against the QDA-XML schemas, and export -> import into a new
project loses nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from test_export_fixtures import build_project

from consult_analyser.export.refi_qda import ExportError, export_codebook, export_qdpx
from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.refi_common import SCHEMA_DIR, SIDECAR, validate
from consult_analyser.ingest.refi_import import QdpxReader, import_codebook
from consult_analyser.store import codebook, coding_counts, memos, reporting
from consult_analyser.store.project import Project

SHARED = Path(__file__).resolve().parents[2] / "shared" / "refi-qda"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = build_project(tmp_path_factory.mktemp("refi"))
    yield p
    p.close()


@pytest.fixture(scope="module")
def qdpx(project):
    path = project.path.parent / "project.qdpx"
    return export_qdpx(project, path)


def shared_schema(name: str) -> etree.XMLSchema:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return etree.XMLSchema(etree.parse(str(path)))


def test_shipped_schemas_are_the_published_ones():
    for name in ("Project.xsd", "Codebook.xsd"):
        if not (SHARED / name).exists():
            pytest.skip("the published schemas are absent")
        assert (SCHEMA_DIR / name).read_bytes() == (SHARED / name).read_bytes()
    assert "MIT" in (SCHEMA_DIR / "LICENSE.txt").read_text()


def test_codebook_validates(project, tmp_path):
    path = tmp_path / "codes.qdc"
    assert export_codebook(project, path) == 3
    document = etree.parse(str(path))
    assert shared_schema("Codebook.xsd").validate(document)
    names = [c.get("name") for c in document.iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert names == ["Funding", "Youth services", "Faith groups"]


def test_empty_project(tmp_path):
    with Project.create(tmp_path / "empty.consult") as empty:
        with pytest.raises(ExportError):
            export_codebook(empty, tmp_path / "x.qdc")
        result = export_qdpx(empty, tmp_path / "empty.qdpx")
        assert result.validated and result.cases == 0


def test_project_validates_and_positions_point_at_the_answers(project, qdpx):
    assert qdpx.validated and qdpx.cases == 8 and qdpx.codings == 6 and qdpx.notes == 4
    with zipfile.ZipFile(qdpx.path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        assert shared_schema("Project.xsd").validate(root)
        assert validate(root) == []
        assert SIDECAR in zf.namelist()
        ns = {"q": "urn:QDA-XML:project:1.0"}
        answers = {(p, k): t for (p, k), (_, t) in _lookup(project).items()}
        checked = 0
        for source in root.iterfind(".//q:Sources/q:TextSource", ns):
            text = zf.read("sources/" + source.get("plainTextPath")[len("internal://"):]).decode("utf-8")
            external = source.get("name")
            for selection in source.iterfind("q:PlainTextSelection", ns):
                piece = text[int(selection.get("startPosition")):int(selection.get("endPosition"))]
                assert piece in answers[(external, selection.get("name"))]
                checked += 1
        assert checked >= 14 + 2  # every free-text answer, plus the two span codings


def _lookup(project):
    from consult_analyser.store import codings

    return codings.response_lookup(project)


def snapshot(project: Project) -> dict:
    """Everything the round trip must keep, in terms that do not depend on internal ids."""
    paths = {c.id: c.path for c in reporting.codebook(project)}
    externals = {v: k for k, v in reporting.respondent_ids_by_external(project).items()}
    answers = {r[0]: (r[1], r[2]) for r in project.query(
        "SELECT r.id, p.external_id, q.key FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " JOIN questions q ON q.id = r.question_id")}
    memo_targets = {"code": paths, "response": answers, "respondent": externals, "project": {"": ""}}
    return {
        "respondents": [(*tuple(r)[:-1], json.loads(r[-1])) for r in project.query(
            "SELECT external_id, name, organisation, email_domain, is_organisation, declared_type, region, channel,"
            " metadata FROM respondents ORDER BY external_id")],
        "questions": [(q.key, q.text, q.kind, q.choices) for q in
                      __import__("consult_analyser.store.questions", fromlist=["x"]).list_questions(project)],
        "answers": sorted((answers[r.id], r.text, r.choice) for sub in reporting.iter_submissions(project)
                          for r in sub.answers),
        "codes": [(c.path, c.description, c.colour, c.depth) for c in reporting.codebook(project)],
        "codings": sorted((r["external_id"], r["question"], paths[r["code_id"]], r["start"], r["end"], r["coder"],
                           r["source"], r["confidence"], r["created_at"]) for r in coding_counts.iter_codings(project)),
        "memos": sorted((m.target_kind, str(memo_targets[m.target_kind][m.target_id]), m.text, m.author,
                         m.created_at, m.updated_at) for m in memos.list_memos(project)),
        "sectors": sorted((r["external_id"], r["source"], r["sector_key"], r["confidence"], r["detail"],
                           r["reviewed"]) for r in reporting.all_sector_assignments(project)),
        "taxonomy": reporting.sector_labels(project),
        "documents": sorted((externals[r["respondent_id"]], r["filename"], r["text"], r["media_type"],
                             r["parent"] is not None) for r in _documents(project)),
    }


def _documents(project: Project) -> list[dict]:
    out = []
    for sub in reporting.iter_submissions(project):
        for d in sub.documents:
            out.append({"respondent_id": sub.person["id"], "filename": d.filename, "text": d.text,
                        "media_type": d.media_type, "parent": d.parent_id})
    return out


def test_round_trip_loses_nothing(project, qdpx, tmp_path):
    with Project.create(tmp_path / "copy.consult") as copy:
        result = import_files(copy, [qdpx.path])
        assert (result.respondents, result.responses, result.documents) == (8, 21, 1)
        before, after = snapshot(project), snapshot(copy)
        for key in before:
            assert after[key] == before[key], key
        # ids of codes, codings and memos survive too, so copies can be merged later
        assert {c.id for c in codebook.list_codes(copy)} == {c.id for c in codebook.list_codes(project)}
        assert {m.id for m in memos.list_memos(copy)} == {m.id for m in memos.list_memos(project)}
        again = export_qdpx(copy, tmp_path / "again.qdpx")
        assert (again.cases, again.codings, again.notes, again.validated) == (8, 6, 4, True)


def test_reader_contract(qdpx):
    reader = QdpxReader()
    head = qdpx.path.read_bytes()[:64]
    assert reader.sniff(qdpx.path, head) > 0.9 and reader.sniff(Path("x.csv"), b"a,b") == 0
    batch = reader.read(qdpx.path)
    assert len(batch.respondents) == 8 and [q.key for q in batch.questions] == ["Q1", "Q2", "Q3"]
    assert callable(batch.finish)


def test_codebook_import(project, tmp_path):
    export_codebook(project, tmp_path / "codes.qdc")
    with Project.create(tmp_path / "codes.consult") as other:
        assert import_codebook(other, tmp_path / "codes.qdc") == 3
        assert import_codebook(other, tmp_path / "codes.qdc") == 3  # nothing duplicated
        assert [(c.path, c.colour) for c in reporting.codebook(other)] == \
            [(c.path, c.colour) for c in reporting.codebook(project)]


FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews" origin="Another QDA program">
 <Users><User guid="11111111-1111-1111-1111-111111111111" name="Kim"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Housing" isCodable="true" color="#0a0">
   <Description>Homes and rents</Description>
   <Code guid="33333333-3333-3333-3333-333333333333" name="Rents" isCodable="true"/>
  </Code></Codes></CodeBook>
 <Variables><Variable guid="44444444-4444-4444-4444-444444444444" name="Sector" typeOfVariable="Text"/>
  <Variable guid="55555555-5555-5555-5555-555555555555" name="Age band" typeOfVariable="Text"/></Variables>
 <Cases><Case guid="66666666-6666-6666-6666-666666666666" name="Interviewee 1">
  <VariableValue><VariableRef targetGUID="44444444-4444-4444-4444-444444444444"/><TextValue>Charity</TextValue></VariableValue>
  <VariableValue><VariableRef targetGUID="55555555-5555-5555-5555-555555555555"/><TextValue>30-39</TextValue></VariableValue>
  <SourceRef targetGUID="77777777-7777-7777-7777-777777777777"/></Case></Cases>
 <Sources><TextSource guid="77777777-7777-7777-7777-777777777777" name="Interview 1">
  <PlainTextContent>Rents here are far too high for young families.</PlainTextContent>
  <PlainTextSelection guid="88888888-8888-8888-8888-888888888888" startPosition="0" endPosition="19"
   creatingUser="11111111-1111-1111-1111-111111111111">
   <Coding guid="99999999-9999-9999-9999-999999999999" creatingUser="11111111-1111-1111-1111-111111111111">
    <CodeRef targetGUID="33333333-3333-3333-3333-333333333333"/></Coding>
   <NoteRef targetGUID="aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"/>
  </PlainTextSelection></TextSource></Sources>
 <Notes><Note guid="aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa" name="n" creatingUser="11111111-1111-1111-1111-111111111111"
   creationDateTime="2024-05-06T07:08:09Z" modifiedDateTime="2024-06-01T12:00:00Z">
  <PlainTextContent>Strong feeling here.</PlainTextContent></Note></Notes>
</Project>"""


def test_another_programs_project_imports(tmp_path):
    assert validate(FOREIGN.encode()) == []
    path = tmp_path / "other.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", FOREIGN)
    with Project.create(tmp_path / "other.consult") as other:
        import_files(other, [path])
        rows = list(coding_counts.iter_codings(other))
        assert [(r["external_id"], r["question"], r["start"], r["end"], r["coder"]) for r in rows] == \
            [("Interview 1", "TEXT", 0, 19, "Kim")]
        assert [(c.path, c.colour) for c in reporting.codebook(other)] == [("Housing", "#00aa00"),
                                                                           ("Housing > Rents", "#f28e2b")]
        assert [(s[0], s[2]) for s in snapshot(other)["sectors"]] == [("Interview 1", "charity")]
        assert [(m.target_kind, m.text, m.author, m.created_at, m.updated_at) for m in memos.list_memos(other)] == \
            [("response", "Strong feeling here.", "Kim", "2024-05-06T07:08:09Z", "2024-06-01T12:00:00Z")]
        person = next(reporting.iter_respondent_rows(other))
        assert '"Age band": "30-39"' in person["metadata"]


def test_import_command_when_the_reader_is_registered(qdpx, tmp_path):
    from consult_analyser.ingest.registry import all_readers

    if not any(r.name == QdpxReader.name for r in all_readers()):
        pytest.skip("the REFI-QDA reader is not registered with the importer yet")
    from consult_analyser.cli.main import main

    target = tmp_path / "cli.consult"
    assert main(["-q", "import", str(target), str(qdpx.path)]) == 0
    with Project.open(target, readonly=True) as copy:
        assert copy.scalar("SELECT COUNT(*) FROM codings") == 6
