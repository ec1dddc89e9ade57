"""Reading answers: filtered lists for the table view, full-text search, one respondent's submission."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from consult_analyser.domain import Channel, Document, Respondent, Response
from consult_analyser.label_words import names_no_organisation
from consult_analyser.store.letter_names import shown_id_sql
from consult_analyser.store.project import Project

SORT_COLUMNS = {
    "respondent": "p.external_id",
    "question": "q.position",
    "sector": "rs.sector_key",
    "length": "length(r.text)",
    "text": "r.text",
    "choice": "r.choice",
    "order": "r.seq",
}


@dataclass
class ResponseFilter:
    question_id: str | None = None
    sector: str | None = None  # effective sector key; "unclassified" for none
    theme_id: str | None = None
    code_id: str | None = None
    campaign: str | None = None  # None: all; "only"; "exclude"; or a campaign id
    review: str | None = None  # None; "coded"; "uncoded"; "suggested"
    text: str = ""  # full-text query
    open_text_only: bool = True  # skip answers with no free text
    respondent_id: str | None = None


@dataclass
class ResponseRow:
    seq: int
    id: str
    respondent_id: str
    external_id: str
    respondent_name: str
    question_id: str
    question_key: str
    text: str
    choice: str
    language: str
    sector: str
    sector_source: str
    codes: list[str] = field(default_factory=list)


def fts_query(user_text: str) -> str:
    """Turn what someone typed into a safe FTS5 query: every word must match; "quoted phrases" stay
    phrases; a word with punctuation inside ("A&E", "co-op") is the phrase of its parts; a trailing *
    keeps prefix matching."""
    parts = re.findall(r'"([^"]+)"|(\S+)', user_text)
    terms = []
    for phrase, word in parts:
        if phrase:
            terms.append('"' + phrase.replace('"', "") + '"')
            continue
        prefix = word.endswith("*")
        # punctuation around a word goes; inside it stays, read as a phrase of its parts ("A&E", "U.K.")
        word = re.sub(r"^[^\w]+|[^\w]+$", "", word.replace('"', ""))
        if word:
            terms.append('"' + word + '"' + ("*" if prefix else ""))
    return " AND ".join(terms)


#: letters of scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) and
#: Korean, whose words take their endings joined on: the full-text index holds a run of them as one word
#: ("我们反对这项拟议的规则"), so a word inside a run ("反对") is found by its letters, not by the index
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                       "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]")


def text_terms(user_text: str) -> tuple[str, list[str]]:
    """What someone typed, as (the FTS5 query of its words, :func:`fts_query`; the terms with letters of a
    script written without spaces, found as they are inside the text: "反对" in "我们反对这项拟议的规则")."""
    words, inside = [], []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', user_text):
        term = phrase or word
        if _UNSPACED.search(term):
            kept = " ".join(term.replace('"', "").rstrip("*").split())
            kept = re.sub(r"^[^\w]+|[^\w]+$", "", kept) if not phrase else kept
            if kept:
                inside.append(kept)
        else:
            words.append(f'"{phrase}"' if phrase else word)
    return fts_query(" ".join(words)), inside


def _where(f: ResponseFilter) -> tuple[str, list]:
    clauses, params = [], []
    if f.open_text_only:
        clauses.append("r.text != ''")
    if f.question_id:
        clauses.append("r.question_id = ?")
        params.append(f.question_id)
    if f.respondent_id:
        clauses.append("r.respondent_id = ?")
        params.append(f.respondent_id)
    if f.sector == "unclassified":
        clauses.append("rs.sector_key IS NULL")
    elif f.sector:
        clauses.append("rs.sector_key = ?")
        params.append(f.sector)
    if f.theme_id:
        clauses.append("r.id IN (SELECT response_id FROM theme_assignments WHERE theme_id = ?)")
        params.append(f.theme_id)
    if f.code_id:
        clauses.append("r.id IN (SELECT response_id FROM codings WHERE code_id = ?)")
        params.append(f.code_id)
    if f.campaign == "only":
        clauses.append("r.id IN (SELECT response_id FROM campaign_members)")
    elif f.campaign == "exclude":
        clauses.append("r.id NOT IN (SELECT response_id FROM campaign_members)")
    elif f.campaign:
        clauses.append("r.id IN (SELECT response_id FROM campaign_members WHERE campaign_id = ?)")
        params.append(f.campaign)
    if f.review == "coded":
        clauses.append("r.id IN (SELECT response_id FROM codings)")
    elif f.review == "uncoded":
        clauses.append("r.id NOT IN (SELECT response_id FROM codings)")
    elif f.review == "suggested":
        clauses.append("r.id IN (SELECT response_id FROM suggestions WHERE status = 'pending')")
    if f.text.strip():
        query, inside = text_terms(f.text)
        if query:
            clauses.append("r.seq IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ?)")
            params.append(query)
        for term in inside:
            clauses.append("instr(r.text, ?) > 0")
            params.append(term)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_FROM = (" FROM responses r JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
         " LEFT JOIN respondent_sector rs ON rs.respondent_id = r.respondent_id")


def count(project: Project, f: ResponseFilter) -> int:
    where, params = _where(f)
    return int(project.scalar("SELECT COUNT(*)" + _FROM + where, params))


_SORT_NEEDS = {"respondent": "p", "question": "q", "sector": "rs"}


def list_seqs(project: Project, f: ResponseFilter, sort: str = "order", descending: bool = False) -> list[int]:
    """Row keys of every matching answer in display order (cheap: integers only; rows are fetched
    page by page with :func:`fetch_rows`). Joins only the tables the filter and the sort need (the
    effective-sector view is costly on large projects)."""
    where, params = _where(f)
    needs = {_SORT_NEEDS.get(sort, "")}
    if f.sector:
        needs.add("rs")
    joins = ""
    if "p" in needs:
        joins += " JOIN respondents p ON p.id = r.respondent_id"
    if "q" in needs:
        joins += " JOIN questions q ON q.id = r.question_id"
    if "rs" in needs:
        joins += " LEFT JOIN respondent_sector rs ON rs.respondent_id = r.respondent_id"
    order = SORT_COLUMNS.get(sort, "r.seq")
    direction = "DESC" if descending else "ASC"
    sql = f"SELECT r.seq FROM responses r{joins}{where} ORDER BY {order} {direction}, r.seq"
    return [row[0] for row in project.conn.execute(sql, params)]


def fetch_rows(project: Project, seqs: list[int]) -> list[ResponseRow]:
    """The rows for ``seqs``, in the same order. The effective sector is looked up for just these
    respondents instead of joining the whole effective-sector view (which SQLite computes for
    every respondent of the project on each page)."""
    out: dict[int, ResponseRow] = {}
    for start in range(0, len(seqs), 900):
        part = seqs[start:start + 900]
        marks = ",".join("?" * len(part))
        rows = project.query(
            "SELECT r.seq, r.id, r.respondent_id, p.external_id, p.name, p.organisation, r.question_id, q.key,"
            " r.text, r.choice, r.language FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            f" JOIN questions q ON q.id = r.question_id WHERE r.seq IN ({marks})", part)
        people = list({r["respondent_id"] for r in rows})
        sectors = {s[0]: (s[1], s[2]) for s in project.query(
            "SELECT respondent_id, sector_key, source FROM respondent_sector"
            f" WHERE respondent_id IN ({','.join('?' * len(people))})", people)} if people else {}
        for r in rows:
            sector, source = sectors.get(r["respondent_id"], ("", ""))
            out[r["seq"]] = ResponseRow(
                seq=r["seq"], id=r["id"], respondent_id=r["respondent_id"], external_id=r["external_id"],
                # (a box that names no organisation, "n/a", is not who they are: a trial's Responses listed people as "n/a")
                respondent_name=("" if names_no_organisation(r["organisation"]) else r["organisation"]) or r["name"],
                question_id=r["question_id"], question_key=r["key"],
                text=r["text"], choice=r["choice"], language=r["language"], sector=sector, sector_source=source)
        for row in project.query(
                "SELECT r.seq, c.name FROM codings g JOIN codes c ON c.id = g.code_id JOIN responses r"
                f" ON r.id = g.response_id WHERE r.seq IN ({marks}) ORDER BY c.position, c.name", part):
            if row[0] in out and row[1] not in out[row[0]].codes:
                out[row[0]].codes.append(row[1])
    return [out[s] for s in seqs if s in out]


@dataclass
class SearchHit:
    response_id: str
    external_id: str
    question_key: str
    snippet: str  # with matches between [ and ]
    #: the name the Reader shows (a mailbox's message by its place, "mail.mbox#6", not its Message-ID)
    shown_id: str = ""


def search(project: Project, query: str, *, limit: int = 50, question_id: str | None = None) -> list[SearchHit]:
    """Full-text search over answers, best matches first, with highlighted snippets. Words of a script written
    without spaces (:func:`text_terms`) are found inside the text; a search of such words alone lists the
    answers that hold them most often first."""
    fts, inside = text_terms(query)
    if not fts and not inside:
        return []
    where = "".join(" AND instr(r.text, ?) > 0" for _ in inside) + (" AND r.question_id = ?" if question_id else "")
    params: list = [*inside, *([question_id] if question_id else [])]
    joins = " JOIN respondents p ON p.id = r.respondent_id JOIN questions q ON q.id = r.question_id"
    if fts:
        sql = ("SELECT r.id, p.external_id, q.key, snippet(responses_fts, 0, '[', ']', '…', 16) AS snip, "
               + shown_id_sql("p") + " FROM responses_fts JOIN responses r ON r.seq = responses_fts.rowid" + joins
               + " WHERE responses_fts MATCH ?" + where + " ORDER BY bm25(responses_fts) LIMIT ?")
        params = [fts, *params, limit]
    else:
        first = inside[0]
        sql = ("SELECT r.id, p.external_id, q.key, r.text, " + shown_id_sql("p") + " FROM responses r" + joins
               + " WHERE 1" + where + " ORDER BY (length(r.text) - length(replace(r.text, ?, ''))) DESC, r.seq LIMIT ?")
        params = [*params, first, limit]
    hits = [SearchHit(r[0], r[1], r[2], r[3], r[4]) for r in project.query(sql, params)]
    for hit in hits:
        hit.snippet = _marked(hit.snippet, inside, whole=not fts)
    return hits


def _marked(text: str, terms: list[str], *, whole: bool, around: int = 40) -> str:
    """``terms`` marked [like this] in a snippet; for a whole answer (``whole``), the part around the first."""
    if not terms:
        return text
    if whole:
        at = text.find(terms[0])
        start, end = max(0, at - around), min(len(text), at + len(terms[0]) + around)
        text = ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    return pattern.sub(lambda m: f"[{m.group()}]", text)


def highlight_terms(query: str) -> list[str]:
    """The words of a query, for highlighting matches in a view."""
    return [t.strip('"*') for t in re.findall(r'"[^"]+"|\S+', query) if t.strip('"*')]


@dataclass
class Submission:
    respondent: Respondent
    answers: list[tuple[str, str, Response]]  # (question key, question text, response)
    documents: list[Document]


def respondent(project: Project, respondent_id: str) -> Respondent | None:
    row = project.conn.execute("SELECT * FROM respondents WHERE id = ? OR external_id = ?",
                               (respondent_id, respondent_id)).fetchone()
    if row is None:
        return None
    return Respondent(
        id=row["id"], external_id=row["external_id"], name=row["name"], organisation=row["organisation"],
        email_domain=row["email_domain"],
        is_organisation=None if row["is_organisation"] is None else bool(row["is_organisation"]),
        declared_type=row["declared_type"], region=row["region"], channel=Channel(row["channel"]),
        metadata=json.loads(row["metadata"]), publication=row["publication"], publication_raw=row["publication_raw"])


def submission(project: Project, respondent_id: str) -> Submission | None:
    """Everything one respondent sent: answers in question order and documents."""
    person = respondent(project, respondent_id)
    if person is None:
        return None
    answers = [
        (r["key"], r["qtext"], Response(id=r["id"], respondent_id=r["respondent_id"], question_id=r["question_id"],
                                         text=r["text"], choice=r["choice"], language=r["language"],
                                         source_file=r["source_file"], source_row=r["source_row"]))
        for r in project.query(
            "SELECT r.*, q.key, q.text AS qtext FROM responses r JOIN questions q ON q.id = r.question_id"
            " WHERE r.respondent_id = ? ORDER BY q.position", (person.id,))
    ]
    documents = [
        Document(id=d["id"], respondent_id=d["respondent_id"], filename=d["filename"], text=d["text"],
                 media_type=d["media_type"], language=d["language"], source_file=d["source_file"])
        for d in project.query("SELECT * FROM documents WHERE respondent_id = ? ORDER BY seq", (person.id,))
    ]
    return Submission(person, answers, documents)


def respondent_ids(project: Project) -> list[str]:
    """Every respondent id in import order (for next/previous navigation)."""
    return [r[0] for r in project.conn.execute("SELECT id FROM respondents ORDER BY seq")]


def get_response(project: Project, response_id: str) -> Response | None:
    r = project.conn.execute("SELECT * FROM responses WHERE id = ?", (response_id,)).fetchone()
    if r is None:
        return None
    return Response(id=r["id"], respondent_id=r["respondent_id"], question_id=r["question_id"], text=r["text"],
                    choice=r["choice"], language=r["language"], source_file=r["source_file"],
                    source_row=r["source_row"])


def answer_languages(project: Project, question_id: str) -> dict[str, str]:
    """Answer id -> detected language ("" when too short to tell) for one question's answers with text."""
    return {r[0]: r[1] or "" for r in project.query(
        "SELECT id, language FROM responses WHERE question_id = ? AND trim(text) != ''", (question_id,))}


def answer_senders(project: Project, question_id: str) -> dict[str, str]:
    """Answer id -> who sent it (the respondent's organisation, else their name; "" where neither is given) for
    one question's answers with text: one sender's several answers are parts of one submission, no campaign."""
    return {r[0]: r[1] or "" for r in project.query(
        "SELECT r.id, CASE WHEN trim(p.organisation) != '' THEN p.organisation ELSE p.name END"
        " FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " WHERE r.question_id = ? AND trim(r.text) != ''", (question_id,))}


def project_counts(project: Project) -> dict:
    """Counts for ``info``: respondents, questions, answers, documents, and a few breakdowns."""
    q = project.scalar
    return {
        "name": project.name,
        "respondents": q("SELECT COUNT(*) FROM respondents"),
        "questions": q("SELECT COUNT(*) FROM questions"),
        "open_questions": q("SELECT COUNT(*) FROM questions WHERE kind IN ('open', 'hybrid')"),
        "responses": q("SELECT COUNT(*) FROM responses"),
        "open_text_answers": q("SELECT COUNT(*) FROM responses WHERE text != ''"),
        "documents": q("SELECT COUNT(*) FROM documents"),
        "respondents_by_channel": {r[0]: r[1] for r in project.query(
            "SELECT channel, COUNT(*) FROM respondents GROUP BY channel ORDER BY 2 DESC")},
        "answers_by_language": {r[0] or "unknown": r[1] for r in project.query(
            "SELECT language, COUNT(*) FROM responses WHERE text != '' GROUP BY language ORDER BY 2 DESC")},
        "codes": q("SELECT COUNT(*) FROM codes"),
        "codings": q("SELECT COUNT(*) FROM codings"),
        "themes": q("SELECT COUNT(*) FROM themes"),
        "imports": q("SELECT COUNT(*) FROM imports"),
    }
