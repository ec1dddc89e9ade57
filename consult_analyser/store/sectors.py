"""The sector taxonomy and each respondent's sector assignments, with provenance."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from consult_analyser.domain import EITHER_SIDE, Sector, SectorAssignment, Source, now_iso
from consult_analyser.store.field_values import COUNTRY_KEY
from consult_analyser.store.project import Changes, Project

TAXONOMY_META = "sector_taxonomy"
REVIEW_META = "sector_unclassified_reasons"  # (its first use; it now holds every reason to review)


def side_reasons(project: Project) -> dict[str, str]:
    """Sector key -> why it is an individual or organisation category (or who confirmed it)."""
    stored = project.get_meta(TAXONOMY_META)
    if not stored:
        return {}
    try:
        return {str(k): str(v) for k, v in json.loads(stored).get("sides", {}).items()}
    except (ValueError, AttributeError):
        return {}


def set_taxonomy(project: Project, sectors: Iterable[Sector]) -> Changes:
    """Replace the taxonomy. Existing assignments to keys that disappear are kept (shown as unknown)."""
    rows = [(s.key, s.label, EITHER_SIDE if s.is_organisation is None else int(s.is_organisation), i)
            for i, s in enumerate(sectors)]
    with project.transaction() as conn:
        conn.execute("DELETE FROM sectors")
        conn.executemany("INSERT INTO sectors(key, label, is_organisation, position) VALUES (?,?,?,?)", rows)
        project.audit("set_taxonomy", "sectors", "", keys=[r[0] for r in rows])
    return Changes({"sectors"})


def rekey_assignments(project: Project, key: str, into: str) -> int:
    """Every assignment to sector ``key`` now to ``into`` (two sectors merged), whatever its source;
    returns how many. Part of the caller's transaction when there is one."""
    with project.transaction() as conn:
        moved = conn.execute("UPDATE sector_assignments SET sector_key = ? WHERE sector_key = ?", (into, key)).rowcount
        project.audit("rekey_sector_assignments", "sectors", key, into=into, moved=moved)
    return int(moved or 0)


def taxonomy(project: Project) -> list[Sector]:
    return [Sector(r["key"], r["label"], None if r["is_organisation"] == EITHER_SIDE else bool(r["is_organisation"]),
                   r["position"])
            for r in project.query("SELECT * FROM sectors ORDER BY position")]


def save_assignments(project: Project, assignments: Iterable[SectorAssignment], *,
                     replace_sources: Iterable[Source] = (), review: Mapping[str, str] | None = None) -> Changes:
    """Write assignments (one per respondent and source). ``replace_sources`` are cleared first,
    e.g. a model re-run replaces every earlier model label; analyst labels are never cleared here.

    ``review`` (respondent id -> why an analyst should look: nothing could decide, or the declared
    type conflicts with the name) replaces the reasons kept from the previous run, in the same
    transaction: the review screen puts those respondents first and shows why."""
    rows = [(a.respondent_id, a.source.value, a.sector_key, float(a.confidence), a.detail, int(a.reviewed),
             a.created_by, a.created_at) for a in assignments]
    with project.transaction() as conn:
        for source in replace_sources:
            if source == Source.ANALYST:
                raise ValueError("analyst labels are only changed one at a time")
            conn.execute("DELETE FROM sector_assignments WHERE source = ?", (source.value,))
        conn.executemany(
            "INSERT INTO sector_assignments(respondent_id, source, sector_key, confidence, detail, reviewed,"
            " created_by, created_at) VALUES (?,?,?,?,?,?,?,?)"
            " ON CONFLICT(respondent_id, source) DO UPDATE SET sector_key = excluded.sector_key,"
            " confidence = excluded.confidence, detail = excluded.detail, reviewed = excluded.reviewed,"
            " created_by = excluded.created_by, created_at = excluded.created_at",
            rows,
        )
        if review is not None:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)"
                         " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (REVIEW_META, json.dumps(dict(review))))
    return Changes({"sector_assignments"}, [r[0] for r in rows])


def review_reasons(project: Project) -> dict[str, str]:
    """Respondent id -> why the last sector run asks an analyst to look (left unclassified, or a
    declared type the name contradicts), in the order of the run's review queue."""
    stored = project.get_meta(REVIEW_META)
    return {str(k): str(v) for k, v in json.loads(stored).items()} if stored else {}


def review_reason(project: Project, respondent_id: str) -> str:
    """Why the last sector run asks an analyst to look at this respondent ("" if it does not)."""
    return review_reasons(project).get(respondent_id, "")


def set_analyst_sector(project: Project, respondent_id: str, sector_key: str | None) -> SectorAssignment | None:
    """An analyst sets (or with ``None`` clears) a respondent's sector. Returns the previous analyst
    label, so the caller can undo by setting it back."""
    previous = analyst_sector(project, respondent_id)
    with project.transaction() as conn:
        conn.execute("DELETE FROM sector_assignments WHERE respondent_id = ? AND source = 'analyst'", (respondent_id,))
        if sector_key is not None:
            conn.execute(
                "INSERT INTO sector_assignments(respondent_id, source, sector_key, confidence, detail, reviewed,"
                " created_by, created_at) VALUES (?, 'analyst', ?, 1.0, '', 1, ?, ?)",
                (respondent_id, sector_key, project.actor, now_iso()),
            )
        project.audit("set_sector", "respondent", respondent_id, sector=sector_key,
                      previous=previous.sector_key if previous else None)
    return previous


def _assignment(row) -> SectorAssignment:  # type: ignore[no-untyped-def]
    return SectorAssignment(respondent_id=row["respondent_id"], sector_key=row["sector_key"], source=Source(row["source"]),
                            confidence=row["confidence"], detail=row["detail"], reviewed=bool(row["reviewed"]),
                            created_by=row["created_by"], created_at=row["created_at"])


def analyst_sector(project: Project, respondent_id: str) -> SectorAssignment | None:
    row = project.conn.execute("SELECT * FROM sector_assignments WHERE respondent_id = ? AND source = 'analyst'",
                               (respondent_id,)).fetchone()
    return _assignment(row) if row else None


def effective_sector(project: Project, respondent_id: str) -> SectorAssignment | None:
    row = project.conn.execute("SELECT * FROM respondent_sector WHERE respondent_id = ?", (respondent_id,)).fetchone()
    return _assignment(row) if row else None


def classified_before(project: Project) -> bool:
    """Whether the sector step has run on this project (a respondent without a sector was then left
    unplaced, not forgotten)."""
    return project.scalar("SELECT 1 FROM audit WHERE action = 'classify_sectors' LIMIT 1") is not None


def all_assignments(project: Project, respondent_id: str) -> list[SectorAssignment]:
    return [_assignment(r) for r in project.query(
        "SELECT * FROM sector_assignments WHERE respondent_id = ? ORDER BY source", (respondent_id,))]


def effective_sectors(project: Project) -> dict[str, SectorAssignment]:
    """respondent id -> effective assignment, for every respondent that has one."""
    return {r["respondent_id"]: _assignment(r) for r in project.query("SELECT * FROM respondent_sector")}


def counts_by_sector(project: Project) -> dict[str, int]:
    rows = project.query(
        "SELECT COALESCE(rs.sector_key, 'unclassified') AS sector, COUNT(*) AS n FROM respondents r"
        " LEFT JOIN respondent_sector rs ON rs.respondent_id = r.id GROUP BY sector ORDER BY n DESC")
    return {r["sector"]: r["n"] for r in rows}


_SIZE_KEY = re.compile(r"\bsize\b|employees|staff|taille|gr[öo](ß|ss)e|tama[ñn]o|dimensione|grootte|headcount", re.I)


def _from_metadata(raw: str) -> tuple[str, str]:
    """(country, organisation size) from a respondent's metadata columns, when named so."""
    if not raw or raw == "{}" or not (COUNTRY_KEY.search(raw) or _SIZE_KEY.search(raw)):
        return "", ""
    try:
        data = json.loads(raw)
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    country = next((str(v) for k, v in data.items() if COUNTRY_KEY.search(str(k)) and v), "")
    size = next((str(v) for k, v in data.items() if _SIZE_KEY.search(str(k)) and v), "")
    return country, size


def respondents_by_place(project: Project) -> tuple[str, dict[str, int]]:
    """("Country", respondents per country) when a kept column names a country ("Pays"), else
    ("Country or region", respondents per the import's country or region column); ("", {}) when
    neither is given. Spellings that differ only in case or accents are one place, shown as most
    respondents wrote it ("Québec" and "Quebec"); respondents who gave none count as "Not given";
    most respondents first."""
    countries: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    for metadata, region in project.query("SELECT metadata, region FROM respondents"):
        country, _ = _from_metadata(metadata)
        countries[country.strip() or NOT_GIVEN] += 1
        regions[(region or "").strip() or NOT_GIVEN] += 1
    for title, counts in (("Country", countries), ("Country or region", regions)):
        places = _one_spelling(counts)
        if len(set(places) - {NOT_GIVEN}) >= 2:
            return title, dict(sorted(places.items(), key=lambda item: (item[0] == NOT_GIVEN, -item[1], item[0])))
    return "", {}


def _one_spelling(counts: Counter[str]) -> dict[str, int]:
    """Counts of spellings that differ only in case or accents added up under the commonest."""
    groups: dict[str, Counter[str]] = {}
    for written, n in counts.items():
        key = "".join(c for c in unicodedata.normalize("NFKD", written.casefold()) if not unicodedata.combining(c))
        groups.setdefault(key, Counter())[written] += n
    return {spellings.most_common(1)[0][0]: sum(spellings.values()) for spellings in groups.values()}


#: a respondent who gave no country or region
NOT_GIVEN = "Not given"


def feature_rows(project: Project, *, max_chars: int = 2000) -> list[dict]:
    """Per respondent: identity fields, declared type, country (the region column or a country
    metadata column) and organisation size when given, the text they wrote (answers then
    documents, cut at ``max_chars``), the keys of the questions they answered (in import order)
    and the most common language of their answers."""
    rows: dict[str, dict] = {}
    for r in project.query("SELECT id, external_id, name, organisation, email_domain, declared_type,"
                           " is_organisation, region, metadata FROM respondents ORDER BY seq"):
        row = dict(r)
        country, size = _from_metadata(row.pop("metadata"))
        row["country"] = country or row.pop("region")
        row.pop("region", None)
        row.update(size=size, text=[], answered=[], length=0, languages=Counter())
        rows[row["id"]] = row
    # one row per respondent, concatenated by SQLite (a Python loop over every answer costs
    # seconds at 100,000 respondents); each answer is cut at max_chars before joining
    for r in project.conn.execute(
            "SELECT a.respondent_id, group_concat(a.key, char(31)), group_concat(a.t, char(30)),"
            " group_concat(a.language, char(31)) FROM (SELECT r.respondent_id, q.key,"
            " CASE WHEN r.text != '' THEN substr(r.text, 1, ?) END AS t, NULLIF(r.language, '') AS language"
            " FROM responses r JOIN questions q ON q.id = r.question_id ORDER BY r.respondent_id, q.position) a"
            " GROUP BY a.respondent_id", (max_chars,)):
        row = rows[r[0]]
        row["answered"] = r[1].split("\x1f") if r[1] else []
        if r[2]:
            row["text"].append(r[2].replace("\x1e", "\n")[:max_chars])
            row["length"] = len(row["text"][0])
        if r[3]:
            row["languages"].update(r[3].split("\x1f"))
    for r in project.conn.execute("SELECT respondent_id, text FROM documents WHERE parent_id IS NULL ORDER BY seq"):
        row = rows[r[0]]
        if r[1] and row["length"] < max_chars:
            row["text"].append(r[1][: max_chars - row["length"]])
            row["length"] += len(r[1])
    for row in rows.values():
        row["text"] = "\n".join(row["text"])[:max_chars]
        languages = row.pop("languages")
        row["language"] = languages.most_common(1)[0][0] if languages else ""
        del row["length"]
    return list(rows.values())


def analyst_labels(project: Project) -> dict[str, str]:
    return {r[0]: r[1] for r in project.query(
        "SELECT respondent_id, sector_key FROM sector_assignments WHERE source = 'analyst'")}
