"""Read-only queries behind the exports (annex, CSV, report, REFI-QDA).

Aggregates are computed in SQL; long lists are returned as iterators over a cursor so that a
project of 100,000 respondents can be exported in bounded memory. Nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from consult_analyser.domain import EITHER_SIDE, OPTION_SEPARATOR, Memo
from consult_analyser.store.attached import attached_types
from consult_analyser.store.codings import BY_PEOPLE
from consult_analyser.store.passages import GENERAL_KEY
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import IN_BULK, STATUS_SQL

UNCLASSIFIED = "unclassified"
#: the join that gives each respondent (``p``) its effective sector (``rs``), where it has one
SECTOR_JOIN = " LEFT JOIN respondent_sector rs ON rs.respondent_id = p.id"


@contextmanager
def read_snapshot(project: Project) -> Iterator[None]:
    """Every read inside the block sees the same state of the project (one read transaction), so
    an export's figures agree with each other even while someone codes on another connection."""
    if project.conn.in_transaction:
        yield
        return
    project.conn.execute("BEGIN")
    try:
        yield
    finally:
        if project.conn.in_transaction:
            project.conn.execute("COMMIT")


def _rows(project: Project, sql: str, params: tuple | list = ()) -> Iterator[sqlite3.Row]:
    """Stream rows from a cursor of its own (safe to interleave with other queries)."""
    cursor = project.conn.cursor()
    try:
        yield from cursor.execute(sql, params)
    finally:
        cursor.close()


# ----------------------------------------------------------------------------------- overview
#: responding for an organisation (1), as an individual (0) or unknown (NULL): as an analyst placed them (the
#: top of analyst > declared > rules > model); as their sector when they ticked "organisation" and wrote "Myself"
#: as its name (the rule that placed them says so: the two answers cancel); else as
#: declared; else as the name they gave says, where their declared label says neither side; else, when the respondent did not say, as their effective sector is an organisation's or an
#: individual's; else 1 when they gave an organisation's name
#: how the sectors step marks a declared sector whose label says neither side ("Other") where the name the
#: respondent gave says theirs ("Centre for Ageing Better", "C. Nuttall": see pipeline.sectors.sides)
NAME_SIDE_DETAIL = {True: "; side by the name given: organisation", False: "; side by the name given: individual"}
#: that side (1, 0) or NULL
NAME_SIDE = (f"(CASE WHEN rs.source = 'declared' AND rs.detail LIKE '%{NAME_SIDE_DETAIL[True]}' THEN 1"
             f" WHEN rs.source = 'declared' AND rs.detail LIKE '%{NAME_SIDE_DETAIL[False]}' THEN 0 END)")
#: a sector's side, NULL for a sector of either side ("Farmer or grower": each keeps the side they answered)
SECTOR_SIDE = f"NULLIF(s.is_organisation, {EITHER_SIDE})"
RESPONDENT_SIDE = (f"COALESCE(CASE WHEN rs.source = 'analyst' THEN {SECTOR_SIDE} END,"
         # ticked "organisation" and wrote "Myself" as its name: the two answers cancel, the sector decides
         f" CASE WHEN rs.detail = 'rule:organisation_box_names_a_person' THEN {SECTOR_SIDE} END,"
         # ... or declared an individuals' type and wrote "Self" there: an individual, as the sector table has it
         f" CASE WHEN s.is_organisation IN (0, {EITHER_SIDE}) AND LOWER(TRIM(p.organisation, ' .')) IN ('self', 'myself', 'me',"
         " 'individual', 'private individual', 'personal', 'n/a', 'na', 'none', '-') THEN 0 END,"
         f" p.is_organisation, {NAME_SIDE}, {SECTOR_SIDE}, CASE WHEN TRIM(p.organisation) != '' THEN 1 END)")
RESPONDENT_SIDE_FROM = " FROM respondents p" + SECTOR_JOIN + " LEFT JOIN sectors s ON s.key = rs.sector_key"


def respondent_kinds(project: Project) -> tuple[int, int, int]:
    """Respondents answering for an organisation, as individuals, and not known (see ``RESPONDENT_SIDE``)."""
    counts = {row[0]: row[1] for row in project.query(f"SELECT {RESPONDENT_SIDE}, COUNT(*){RESPONDENT_SIDE_FROM} GROUP BY 1")}
    return counts.get(1, 0), counts.get(0, 0), counts.get(None, 0)


def overview(project: Project) -> dict:
    """Headline counts for a cover page (answers with free text: see :func:`question_counts`)."""
    q = project.scalar
    organisations, individuals, not_stated = respondent_kinds(project)
    return {
        "name": project.name,
        "created_at": project.get_meta("created_at"),
        "respondents": q("SELECT COUNT(*) FROM respondents"),
        "organisations": organisations,
        "individuals": individuals,
        "not_stated": not_stated,
        "declared_type": q("SELECT COUNT(*) FROM respondents WHERE is_organisation IS NOT NULL"),
        # the questions the consultation asked: not the "General comments" made for letters' other passages
        "questions": q("SELECT COUNT(*) FROM questions WHERE key != ?", (GENERAL_KEY,)),
        "open_questions": q("SELECT COUNT(*) FROM questions WHERE kind IN ('open', 'hybrid') AND key != ?",
                            (GENERAL_KEY,)),
        "closed_questions": q("SELECT COUNT(*) FROM questions WHERE kind IN ('closed', 'hybrid')"),
        "answers": q("SELECT COUNT(*) FROM responses"),
        # of which letters' passages on no question ("General comments"): said apart from the questions' answers
        "general_answers": q("SELECT COUNT(*) FROM responses r JOIN questions k ON k.id = r.question_id WHERE k.key = ?",
                             (GENERAL_KEY,)),
        # answers made from letters' and documents' passages (the rest came in the survey's own files)
        "letter_answers": q("SELECT COUNT(*) FROM responses r JOIN questions k ON k.id = r.question_id"
                            " WHERE r.origin = 'letter' AND k.key != ?", (GENERAL_KEY,)),
        "documents": q("SELECT COUNT(*) FROM documents"),
        "codes": q("SELECT COUNT(*) FROM codes"),
        "codings": q("SELECT COUNT(*) FROM codings"),
        "codings_by_people": q(f"SELECT COUNT(*) FROM codings WHERE {BY_PEOPLE}"),
        "themes": q("SELECT COUNT(*) FROM themes"),
        "campaigns": q("SELECT COUNT(*) FROM campaigns"),
        "campaign_responses": q("SELECT COUNT(DISTINCT response_id) FROM campaign_members"),
    }


def writers_by_language(project: Project) -> dict[str, int]:
    """Respondents by the language they wrote their answers in (the language most of their answers
    were detected in), most first, then ("") those whose answers were all too short to tell; {} when
    fewer than two languages were written: a consultation in one language needs no such count."""
    counts: dict[str, int] = {}
    for (language,) in project.query(
            "SELECT language FROM (SELECT respondent_id, language, ROW_NUMBER() OVER (PARTITION BY respondent_id"
            " ORDER BY COUNT(*) DESC, language) AS rank FROM responses WHERE language != '' GROUP BY respondent_id,"
            " language) WHERE rank = 1"):
        counts[language] = counts.get(language, 0) + 1
    if len(counts) < 2:
        return {}
    found = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    wrote = project.scalar("SELECT COUNT(DISTINCT respondent_id) FROM responses WHERE trim(text) != ''") or 0
    if wrote > sum(counts.values()):  # "N/A", "I disagree.": too short to tell (under the key "")
        found[""] = wrote - sum(counts.values())
    return found


@dataclass
class ProvenanceRow:
    """How many labels of one kind a source (and model version) produced."""

    kind: str  # "sector" | "theme" | "theme assignment" | "suggestion" | "coding"
    source: str
    model: str
    labels: int
    in_effect: int | None = None  # sectors: how many are the respondent's effective sector


def label_provenance(project: Project) -> list[ProvenanceRow]:
    """Which sources and model versions produced the sector, theme and code labels."""
    out: list[ProvenanceRow] = []
    effective = {(r[0], r[1]): r[2] for r in project.query(
        "SELECT source, CASE WHEN source = 'model' THEN detail ELSE '' END AS model, COUNT(*)"
        " FROM respondent_sector GROUP BY 1, 2")}
    # a declared type attached from a list (store.attached) is no declaration: a row of its own, by file
    from_lists = attached_types(project)

    def by_file(view: str) -> Counter[str]:
        return Counter("attached from " + from_lists[r[0]] if r[0] in from_lists else "declared" for r in
                       project.query(f"SELECT respondent_id FROM {view} WHERE source = 'declared'"))  # noqa: S608

    if from_lists:
        effective.update({(source, ""): n for source, n in by_file("respondent_sector").items()})
    for r in project.query(
            "SELECT source, CASE WHEN source = 'model' THEN detail ELSE '' END AS model, COUNT(*) FROM"
            " sector_assignments GROUP BY 1, 2 ORDER BY 1, 2"):
        if r[0] == "declared" and from_lists:
            out += [ProvenanceRow("sector", source, "", n, effective.get((source, ""), 0))
                    for source, n in sorted(by_file("sector_assignments").items())]
            continue
        out.append(ProvenanceRow("sector", r[0], r[1], r[2], effective.get((r[0], r[1]), 0)))
    for r in project.query("SELECT source, model, COUNT(*) FROM themes GROUP BY 1, 2 ORDER BY 1, 2"):
        out.append(ProvenanceRow("theme", r[0], r[1], r[2]))
    for r in project.query(
            "SELECT a.source, t.model, COUNT(*) FROM theme_assignments a JOIN themes t ON t.id = a.theme_id"
            " GROUP BY 1, 2 ORDER BY 1, 2"):
        out.append(ProvenanceRow("theme assignment", r[0], r[1], r[2]))
    for r in project.query(f"SELECT {STATUS_SQL}, s.model, COUNT(*) FROM suggestions s GROUP BY 1, 2 ORDER BY 2, 1"):
        out.append(ProvenanceRow("code suggestion", r[0], r[1], r[2]))
    # a model's coding an analyst accepted is counted apart, as the Cover counts it (with the people's)
    for r in project.query(
            f"SELECT CASE WHEN source = 'model' AND coder LIKE '%({IN_BULK},%' THEN 'model, accepted in bulk above a confidence'"
            f" WHEN source = 'model' AND ({BY_PEOPLE}) THEN 'model, accepted by an analyst' ELSE source END,"
            " COUNT(*) FROM codings GROUP BY 1 ORDER BY 1"):
        out.append(ProvenanceRow("coding", r[0], "", r[1]))
    return out


# ---------------------------------------------------------------------------------- respondents
def individual_sectors(project: Project) -> set[str]:
    """The keys of the sectors that are individuals, not organisations."""
    return {r[0] for r in project.query("SELECT key FROM sectors WHERE is_organisation = 0")}


def sector_labels(project: Project) -> dict[str, str]:
    """Sector key -> label in taxonomy order, then keys used but not in the taxonomy, then
    ``unclassified``."""
    labels = {r[0]: r[1] for r in project.query("SELECT key, label FROM sectors ORDER BY position")}
    for r in project.query("SELECT DISTINCT sector_key FROM sector_assignments ORDER BY 1"):
        labels.setdefault(r[0], r[0].replace("_", " ").capitalize())
    labels[UNCLASSIFIED] = "Not classified"
    return labels


def organisation_sectors(project: Project) -> set[str]:
    """Sector keys marked as organisation sectors in the taxonomy."""
    return {r[0] for r in project.query("SELECT key FROM sectors WHERE is_organisation = 1")}


def respondents_by_sector(project: Project) -> dict[str, tuple[int, int, int]]:
    """Effective sector -> (respondents, on behalf of an organisation, as individuals), the side
    decided as everywhere in the annex: as declared, else as the sector says, else by an
    organisation name (so a sector's row adds up with the "Responding" table)."""
    return {r[0]: (r[1], r[2] or 0, r[3] or 0) for r in project.query(
        f"SELECT COALESCE(rs.sector_key, ?) AS sector, COUNT(*), SUM({RESPONDENT_SIDE} = 1), SUM({RESPONDENT_SIDE} = 0)"
        f"{RESPONDENT_SIDE_FROM} GROUP BY sector", (UNCLASSIFIED,))}


def respondents_by_channel(project: Project) -> dict[str, int]:
    return {r[0]: r[1] for r in project.query(
        "SELECT channel, COUNT(*) FROM respondents GROUP BY channel ORDER BY 2 DESC")}


def respondents_by_type(project: Project) -> dict[str, int]:
    """"organisation" / "individual" / "not stated" -> respondents."""
    return {r[0]: r[1] for r in project.query(
        f"SELECT CASE {RESPONDENT_SIDE} WHEN 1 THEN 'organisation' WHEN 0 THEN 'individual' ELSE 'not stated' END, COUNT(*)"
        f"{RESPONDENT_SIDE_FROM} GROUP BY 1 ORDER BY 2 DESC")}


# ------------------------------------------------------------------------------------ questions
@dataclass
class QuestionCounts:
    """One question's answers by effective sector."""

    closed: dict[tuple[str, str], int]  # (choice, sector) -> respondents
    with_text: dict[str, int]  # sector -> respondents who answered in free text
    with_choice: dict[str, int]  # sector -> respondents who chose an answer
    #: respondents could tick several options ("tick all that apply"): an option's count is of the
    #: respondents who ticked it, and the shares of one group add up to more than 100%
    several: bool = False

    @property
    def answered_text(self) -> int:
        return sum(self.with_text.values())

    @property
    def answered_choice(self) -> int:
        """Respondents who chose an answer: the base of every share of a closed question."""
        return sum(self.with_choice.values())

    def by_choice(self) -> dict[str, int]:
        """Answer option -> respondents who chose it, all sectors together."""
        totals: dict[str, int] = {}
        for (choice, _sector), n in self.closed.items():
            totals[choice] = totals.get(choice, 0) + n
        return totals


def question_counts(project: Project) -> dict[str, QuestionCounts]:
    """question id -> its answers by choice and sector, from one pass over the answers (the answers
    table holds the texts, so every pass over it counts at 100,000 respondents)."""
    out: dict[str, QuestionCounts] = {}
    for r in _rows(project,
                   "SELECT r.question_id, r.choice, r.text != '' AS has_text, COALESCE(rs.sector_key, ?) AS sector,"
                   " COUNT(*) FROM responses r LEFT JOIN respondent_sector rs ON rs.respondent_id = r.respondent_id"
                   " GROUP BY 1, 2, 3, 4", (UNCLASSIFIED,)):
        counts = out.setdefault(r[0], QuestionCounts({}, {}, {}))
        question, choice, has_text, sector, n = tuple(r)
        if choice:
            counts.closed[(choice, sector)] = counts.closed.get((choice, sector), 0) + n
            counts.with_choice[sector] = counts.with_choice.get(sector, 0) + n
        if has_text:
            counts.with_text[sector] = counts.with_text.get(sector, 0) + n
    options = {r[0]: set(json.loads(r[1] or "[]")) for r in project.query("SELECT id, choices FROM questions")}
    for question_id, counts in out.items():
        _split_options(counts, options.get(question_id, set()))
    return out


def _split_options(counts: QuestionCounts, options: set[str]) -> None:
    """Count each ticked option of a several-options answer ("English classes; Sports clubs", as the
    importer joins them) under the option, when its parts include the question's options (a part
    written in, as Google Forms' "Other" is, counts under its own words)."""
    joined = {choice for choice, _sector in counts.closed
              if choice not in options and OPTION_SEPARATOR in choice
              and any(part in options for part in choice.split(OPTION_SEPARATOR))}
    if not joined:
        return
    counts.several = True
    for (choice, sector), n in list(counts.closed.items()):
        if choice in joined:
            del counts.closed[(choice, sector)]
            for part in choice.split(OPTION_SEPARATOR):
                counts.closed[(part, sector)] = counts.closed.get((part, sector), 0) + n


def has_free_text(project: Project) -> bool:
    return bool(project.scalar("SELECT EXISTS (SELECT 1 FROM responses WHERE text != '')"))


def questions_with_themes(project: Project) -> set[str]:
    return {r[0] for r in project.query("SELECT DISTINCT question_id FROM themes")}


# --------------------------------------------------------------------------------------- themes
def iter_theme_assignments(project: Project) -> Iterator[sqlite3.Row]:
    """One row per (answer, theme): respondent id, question key, theme id/label/status, confidence,
    source."""
    return _rows(project,
                 "SELECT p.external_id, q.key AS question, t.id AS theme_id, t.label AS theme_label,"
                 " t.status, a.confidence, a.source, a.representative"
                 " FROM theme_assignments a JOIN themes t ON t.id = a.theme_id"
                 " JOIN responses r ON r.id = a.response_id JOIN respondents p ON p.id = r.respondent_id"
                 " JOIN questions q ON q.id = r.question_id ORDER BY p.seq, q.position, t.position, t.label")


# ---------------------------------------------------------------------------------------- codes
@dataclass
class CodeRow:
    id: str
    name: str
    description: str
    colour: str
    parent_id: str | None
    position: int
    path: str  # names from the root, joined with " > "
    depth: int
    created_by: str = ""
    created_at: str = ""


def codebook(project: Project) -> list[CodeRow]:
    """Every code in depth-first order (parents before their children)."""
    rows = project.query("SELECT * FROM codes ORDER BY position, name COLLATE NOCASE")
    children: dict[str | None, list[sqlite3.Row]] = {}
    ids = {r["id"] for r in rows}
    for r in rows:
        parent = r["parent_id"] if r["parent_id"] in ids else None
        children.setdefault(parent, []).append(r)
    out: list[CodeRow] = []

    def walk(parent: str | None, prefix: str, depth: int) -> None:
        for r in children.get(parent, []):
            path = f"{prefix} > {r['name']}" if prefix else r["name"]
            out.append(CodeRow(r["id"], r["name"], r["description"], r["colour"], r["parent_id"], r["position"],
                               path, depth, r["created_by"], r["created_at"]))
            walk(r["id"], path, depth + 1)

    walk(None, "", 0)
    return out


def iter_suggestions(project: Project) -> Iterator[sqlite3.Row]:
    """Every model suggestion with its answer: external_id, question, code_id, confidence, model,
    status, decided_by, decided_at, text."""
    return _rows(project,
                 f"SELECT p.external_id, q.key AS question, s.code_id, s.confidence, s.model, {STATUS_SQL} AS status,"
                 " s.decided_by, s.decided_at, r.text FROM suggestions s JOIN responses r ON r.id = s.response_id"
                 " JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
                 " ORDER BY q.position, s.confidence DESC, p.seq")


# ------------------------------------------------------------------------------ tidy table dumps
def iter_respondent_rows(project: Project) -> Iterator[sqlite3.Row]:
    """Every respondent with the effective sector, where it came from, and ``side``: 1 for an
    organisation, 0 for an individual, NULL when not known (as the Cover counts them: ``RESPONDENT_SIDE``)."""
    return _rows(project,
                 "SELECT p.*, COALESCE(rs.sector_key, '') AS sector, COALESCE(rs.source, '') AS sector_source,"
                 f" rs.confidence AS sector_confidence, {RESPONDENT_SIDE} AS side" + RESPONDENT_SIDE_FROM + " ORDER BY p.seq")


def iter_response_rows(project: Project) -> Iterator[sqlite3.Row]:
    return _rows(project,
                 "SELECT p.external_id, q.key AS question, r.choice, r.text, r.language, r.source_file,"
                 " r.source_row, r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                 " JOIN questions q ON q.id = r.question_id ORDER BY p.seq, q.position")


def iter_sector_rows(project: Project) -> Iterator[sqlite3.Row]:
    """One row per respondent: the effective sector and where it came from (empty if none)."""
    return _rows(project,
                 "SELECT p.external_id, COALESCE(rs.sector_key, '') AS sector, COALESCE(rs.source, '') AS source,"
                 " rs.confidence, COALESCE(rs.detail, '') AS detail, COALESCE(rs.reviewed, 0) AS reviewed"
                 " FROM respondents p" + SECTOR_JOIN + " ORDER BY p.seq")


def all_sector_assignments(project: Project) -> Iterator[sqlite3.Row]:
    """Every sector assignment of every respondent (all sources), with the external id."""
    return _rows(project,
        "SELECT p.external_id, sa.* FROM sector_assignments sa JOIN respondents p ON p.id = sa.respondent_id"
        " ORDER BY p.seq, sa.source")


# ------------------------------------------------------------------------- whole submissions
@dataclass
class AnswerRow:
    id: str
    question_id: str
    question_key: str
    text: str
    choice: str


@dataclass
class DocumentRow:
    id: str
    parent_id: str | None
    filename: str
    text: str
    media_type: str


@dataclass
class Submission:
    person: sqlite3.Row  # respondents row plus sector, sector_source, sector_confidence
    answers: list[AnswerRow]
    documents: list[DocumentRow]
    codings: list[sqlite3.Row]  # codings of the answers (when asked for)


def iter_submissions(project: Project, *, with_codings: bool = False) -> Iterator[Submission]:
    """Every respondent in import order with their answers (question order), documents and, when
    asked, the codings of their answers. Reads each respondent's rows through the indexes, so that
    neither memory nor a sort grows with the project."""
    conn = project.conn
    for person in iter_respondent_rows(project):
        answers = [AnswerRow(*tuple(r)) for r in conn.execute(
            "SELECT r.id, r.question_id, q.key, r.text, r.choice FROM responses r JOIN questions q"
            " ON q.id = r.question_id WHERE r.respondent_id = ? ORDER BY q.position, q.key", (person["id"],))]
        documents = [DocumentRow(*tuple(r)) for r in conn.execute(
            "SELECT id, parent_id, filename, text, media_type FROM documents WHERE respondent_id = ? ORDER BY seq",
            (person["id"],))]
        codings: list[sqlite3.Row] = []
        if with_codings and answers:
            marks = ",".join("?" * len(answers))
            codings = conn.execute(f"SELECT * FROM codings WHERE response_id IN ({marks})"
                                   " ORDER BY start, created_at", [a.id for a in answers]).fetchall()
        yield Submission(person, answers, documents, codings)


def memos(project: Project) -> list[Memo]:
    return [Memo(id=r["id"], target_kind=r["target_kind"], target_id=r["target_id"], text=r["text"],
                 author=r["author"], created_at=r["created_at"], updated_at=r["updated_at"])
            for r in project.query("SELECT * FROM memos ORDER BY created_at, id")]


def people(project: Project) -> list[str]:
    """Everyone named as coder, memo author or code creator (for REFI-QDA users)."""
    rows = project.query(
        "SELECT coder FROM codings UNION SELECT author FROM memos UNION SELECT created_by FROM codes"
        " UNION SELECT created_by FROM sector_assignments")
    return sorted({r[0] for r in rows if r[0]})


def respondent_numbers(project: Project) -> dict[str, int]:
    """Each respondent's external id -> the project's own number for them (stable, never reused)."""
    return {r[0]: r[1] for r in project.query("SELECT external_id, seq FROM respondents ORDER BY seq")}


def document_respondent_ids(project: Project) -> list[str]:
    """External ids of respondents who sent documents or did not use the online form (their ids are
    file names, which may hold a person's name), unless a table gave the id: a respondent of a
    survey or evidence log ("INQ-0094") whose e-mail joined them keeps the id the table gave, and so
    does one a table brought in with only a document of its upload column (trial 41: 133 respondents of
    a long table, "79" among them, whose only answer was their uploaded letter, were published as
    "respondent #70" beside the table's own ids)."""
    return [r[0] for r in project.query(
        "SELECT external_id FROM respondents p WHERE (channel != 'online'"
        " OR id IN (SELECT respondent_id FROM documents))"
        " AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.respondent_id = p.id AND r.source_row IS NOT NULL)"
        " AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = p.import_id"
        " AND i.reader IN ('long-table', 'wide-table'))"
        " ORDER BY seq")]


def names_and_metadata(project: Project) -> Iterator[tuple[str, dict]]:  # type: ignore[type-arg]
    """Each respondent with details kept at import: (their name as held, their metadata), in order."""
    for name, raw in project.query("SELECT name, metadata FROM respondents WHERE metadata NOT IN ('', '{}') "
                                   "ORDER BY seq"):
        yield name, json.loads(raw)


def metadata_keys(project: Project) -> list[str]:
    """Every key found in respondents' metadata, in order of first appearance."""
    return [r[0] for r in project.query(
        "SELECT j.key FROM respondents p, json_each(p.metadata) j GROUP BY j.key ORDER BY MIN(p.seq), MIN(j.id)")]


def iter_campaign_members(project: Project) -> Iterator[sqlite3.Row]:
    return _rows(project,
                 "SELECT p.external_id, COALESCE(q.key, '') AS question, c.id AS campaign_id, c.label, m.similarity,"
                 " m.response_id = c.canonical_response_id AS canonical FROM campaign_members m"
                 " JOIN campaigns c ON c.id = m.campaign_id JOIN responses r ON r.id = m.response_id"
                 " JOIN respondents p ON p.id = r.respondent_id LEFT JOIN questions q ON q.id = r.question_id"
                 " ORDER BY c.label, p.seq")


def memo_targets(project: Project) -> dict[tuple[str, str], tuple[str, str]]:
    """(target kind, target id) -> (respondent external id or "", readable target) for every memo."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for r in project.query(
            "SELECT m.target_id, p.external_id, q.key FROM memos m JOIN responses r ON r.id = m.target_id"
            " JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
            " WHERE m.target_kind = 'response'"):
        out[("response", r[0])] = (r[1], r[2])
    for r in project.query("SELECT m.target_id, p.external_id FROM memos m JOIN respondents p ON p.id = m.target_id"
                           " WHERE m.target_kind = 'respondent'"):
        out[("respondent", r[0])] = (r[1], "")
    for r in project.query("SELECT m.target_id, q.key, t.label FROM memos m JOIN themes t ON t.id = m.target_id"
                           " JOIN questions q ON q.id = t.question_id WHERE m.target_kind = 'theme'"):
        out[("theme", r[0])] = ("", f"{r[1]}: {r[2]}")
    paths = {c.id: c.path for c in codebook(project)}
    for r in project.query("SELECT target_id FROM memos WHERE target_kind = 'code'"):
        out[("code", r[0])] = ("", paths.get(r[0], ""))
    return out


def question_usage(project: Project) -> dict[str, tuple[bool, bool]]:
    """question id -> (some answer has free text, some answer has a choice)."""
    return {r[0]: (bool(r[1]), bool(r[2])) for r in project.query(
        "SELECT q.id, EXISTS (SELECT 1 FROM responses r WHERE r.question_id = q.id AND r.text != ''),"
        " EXISTS (SELECT 1 FROM responses r WHERE r.question_id = q.id AND r.choice != '') FROM questions q")}


def document_tree(project: Project) -> dict[str, dict]:
    """document id -> parent document id, file name and media type."""
    return {r[0]: {"parent": r[1], "filename": r[2], "media_type": r[3]} for r in project.query(
        "SELECT id, parent_id, filename, media_type FROM documents ORDER BY seq")}


def respondent_ids_by_external(project: Project) -> dict[str, str]:
    """External id (from the imported file) -> respondent id."""
    return {r[0]: r[1] for r in project.query("SELECT external_id, id FROM respondents")}
