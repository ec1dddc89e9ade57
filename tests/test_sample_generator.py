"""The sample consultation generator: determinism, file shapes, truth consistency, readable documents,
and that the bundled sample is what the generator writes."""

from __future__ import annotations

import csv
import email
import hashlib
import io
from collections import Counter
from email import policy
from pathlib import Path

import docx
import pypdf
import pytest

from sample_responses.generate import CHECKSUMS, PACKAGE_DIR, SURVEY_FILE, generate
from sample_responses.survey import META_COLUMNS
from sample_responses.text_bank import QUESTIONS, check_banks

SECTORS = {"individual", "faith", "local_authority", "education", "voluntary_community", "academic_research",
           "business", "health_care", "police_justice_fire", "other_public_body", "other"}


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(newline="", encoding=encoding) as fh:
        return list(csv.DictReader(fh))


def document_text(name: str, raw: bytes) -> str:
    """Text of a generated document, the way an importer would read it."""
    suffix = Path(name).suffix
    if suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(raw)).paragraphs)
    if suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(raw)).pages)
    if suffix == ".eml":
        msg = email.message_from_bytes(raw, policy=policy.default)
        body = msg.get_body(("plain",))
        assert body is not None, name
        parts = [body.get_content()]
        for att in msg.iter_attachments():
            parts.append(document_text(str(att.get_filename()), bytes(att.get_payload(decode=True))))
        return "\n".join(parts)
    for encoding in ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"cannot decode {name}")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_a")
    generate(out, respondents=200, seed=2018)
    return out


def test_banks_are_consistent():
    check_banks()
    kinds = Counter(q.kind for q in QUESTIONS)
    assert 15 <= len(QUESTIONS) <= 20
    assert kinds["open"] and kinds["closed"] and kinds["hybrid"]


def test_same_seed_gives_identical_bytes(small, tmp_path):
    generate(tmp_path, respondents=200, seed=2018)
    first = sorted(p.relative_to(small) for p in small.rglob("*") if p.is_file())
    second = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (small / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_survey_headers_and_encoding(small):
    raw = (small / "data" / SURVEY_FILE).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel-style UTF-8 with BOM"
    rows = read_csv(small / "data" / SURVEY_FILE, "utf-8-sig")
    assert len(rows) == 200
    header = list(rows[0])
    assert header[: len(META_COLUMNS)] == META_COLUMNS
    assert "Q1. To what extent do you agree with the vision of integrated communities described in this green paper?" in header
    assert "Q1. Please explain your answer" in header
    for name in header[len(META_COLUMNS):]:
        assert name.split(". ", 1)[0] in {q.key for q in QUESTIONS}
    assert all(r["Response ID"].startswith(("ANON-", "BHLF-")) and len(r["Response ID"]) == 16 for r in rows)
    assert {r[META_COLUMNS[2]] for r in rows} <= {"Individual", "Organisation", ""}


def test_truth_matches_data(small):
    truth = small / "truth"
    survey = {r["Response ID"]: r for r in read_csv(small / "data" / SURVEY_FILE, "utf-8-sig")}
    files = {p.name for p in (small / "data" / "emails").iterdir()}
    respondents = read_csv(truth / "respondents.csv")
    assert {r["external_id"] for r in respondents if r["channel"] == "online"} == set(survey)
    assert {r["external_id"] for r in respondents if r["channel"] == "email"} <= files
    assert all(r["sector"] in SECTORS for r in respondents)
    assert all((r["sector"] == "individual") == (r["is_organisation"] == "0") for r in respondents)

    bank = {(t["question_key"], t["theme_key"]) for t in read_csv(truth / "themes.csv")}
    header = list(next(iter(survey.values())))
    open_col = {name.split(". ", 1)[0]: name for name in header
                if name.startswith("Q") and not name.split(". ", 1)[1].startswith("To what extent")}
    answers = read_csv(truth / "answers.csv")
    for a in answers:
        assert survey[a["external_id"]][open_col[a["question_key"]]], a
        for theme in filter(None, a["themes"].split("|")):
            assert (a["question_key"], theme) in bank, a
    non_empty = sum(1 for r in survey.values() for col in open_col.values() if r[col].strip())
    assert non_empty == len(answers)
    assert Counter(a["language"] for a in answers)["en"] < len(answers), "some answers in other languages"

    documents = read_csv(truth / "documents.csv")
    assert {d["filename"] for d in documents} == files
    known = set(survey) | files
    assert all(d["external_id"] in known and d["sector"] in SECTORS for d in documents)
    for p in read_csv(truth / "pii.csv"):
        if p["question_key"]:
            assert p["value"] in survey[p["source"]][open_col[p["question_key"]]]


def test_campaigns_are_near_identical(small):
    respondents = read_csv(small / "truth" / "respondents.csv")
    campaigns = Counter(r["campaign"] for r in respondents if r["campaign"])
    assert set(campaigns) == {"protect_faith_freedom", "fund_esol_now"}
    assert all(n >= 10 for n in campaigns.values())
    survey = {r["Response ID"]: r for r in read_csv(small / "data" / SURVEY_FILE, "utf-8-sig")}
    q8 = next(name for name in next(iter(survey.values())) if name.startswith("Q8. "))
    texts = [survey[r["external_id"]][q8] for r in respondents
             if r["campaign"] == "protect_faith_freedom" and r["channel"] == "online"]
    shared = "Sunday schools, church youth groups and holiday clubs"
    assert sum(shared in t for t in texts) >= 0.6 * len(texts)
    assert len(set(texts)) > 1, "copies carry small edits"


def test_documents_are_readable(small):
    folder = small / "data" / "emails"
    suffixes = Counter()
    for path in sorted(folder.iterdir()):
        text = document_text(path.name, path.read_bytes())
        suffixes[path.suffix] += 1
        assert len(text) > 150, path.name
    assert suffixes[".eml"] >= 5
    assert sum(suffixes.values()) >= 12


def test_scale_mode_streams_rows(tmp_path):
    summary = generate(tmp_path, respondents=1500, seed=7, documents=False)
    assert summary["online"].rows == 1500
    assert not list((tmp_path / "data").glob("emails/*"))
    assert len(read_csv(tmp_path / "truth" / "documents.csv")) == 0


def test_bundled_sample_matches_checksums():
    sums = PACKAGE_DIR / CHECKSUMS
    if not sums.exists():
        pytest.skip("bundled sample not generated")
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        assert hashlib.sha256((PACKAGE_DIR / rel).read_bytes()).hexdigest() == digest, rel


def test_bundled_survey_is_a_fresh_generation(tmp_path):
    bundled = PACKAGE_DIR / "data" / SURVEY_FILE
    if not bundled.exists():
        pytest.skip("bundled sample not generated")
    generate(tmp_path, seed=2018, documents=False)
    assert (tmp_path / "data" / SURVEY_FILE).read_bytes() == bundled.read_bytes()
    assert (tmp_path / "truth" / "answers.csv").read_bytes() == (PACKAGE_DIR / "truth" / "answers.csv").read_bytes()
