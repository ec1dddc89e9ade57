"""The project schema as numbered migrations.

``MIGRATIONS[i]`` takes a database from ``user_version == i`` to ``i + 1``. A migration is never
edited once released: add a new one. :mod:`consult_analyser.store.project` backs the file up
before applying any migration to an existing project.
"""

from __future__ import annotations

MIGRATION_1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE imports (
    id          TEXT PRIMARY KEY,
    source_file TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    reader      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT '',
    counts      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX imports_sha ON imports(sha256);

CREATE TABLE questions (
    id       TEXT PRIMARY KEY,
    key      TEXT NOT NULL UNIQUE,
    text     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('open', 'closed', 'hybrid')),
    choices  TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE respondents (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    external_id     TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL DEFAULT '',
    organisation    TEXT NOT NULL DEFAULT '',
    email_domain    TEXT NOT NULL DEFAULT '',
    is_organisation INTEGER,
    declared_type   TEXT NOT NULL DEFAULT '',
    region          TEXT NOT NULL DEFAULT '',
    channel         TEXT NOT NULL DEFAULT 'online',
    metadata        TEXT NOT NULL DEFAULT '{}',
    import_id       TEXT REFERENCES imports(id)
);

CREATE TABLE responses (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    respondent_id TEXT NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    text          TEXT NOT NULL DEFAULT '',
    choice        TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    source_file   TEXT NOT NULL DEFAULT '',
    source_row    INTEGER,
    UNIQUE (respondent_id, question_id)
);
CREATE INDEX responses_question ON responses(question_id);

CREATE TABLE documents (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    respondent_id TEXT NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
    parent_id     TEXT REFERENCES documents(id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    media_type    TEXT NOT NULL DEFAULT 'text/plain',
    language      TEXT NOT NULL DEFAULT '',
    source_file   TEXT NOT NULL DEFAULT '',
    UNIQUE (respondent_id, parent_id, filename)
);
CREATE INDEX documents_respondent ON documents(respondent_id);

CREATE VIRTUAL TABLE responses_fts USING fts5(
    text, content='responses', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER responses_ai AFTER INSERT ON responses BEGIN
    INSERT INTO responses_fts(rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER responses_ad AFTER DELETE ON responses BEGIN
    INSERT INTO responses_fts(responses_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER responses_au AFTER UPDATE OF text ON responses BEGIN
    INSERT INTO responses_fts(responses_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    INSERT INTO responses_fts(rowid, text) VALUES (new.seq, new.text);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    text, content='documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;

CREATE TABLE sectors (
    key             TEXT PRIMARY KEY,
    label           TEXT NOT NULL,
    is_organisation INTEGER NOT NULL DEFAULT 1,
    position        INTEGER NOT NULL DEFAULT 0
);

-- One row per respondent and source; the effective sector follows the order of authority
-- analyst > declared > rules > model (see the respondent_sector view).
CREATE TABLE sector_assignments (
    respondent_id TEXT NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
    source        TEXT NOT NULL CHECK (source IN ('analyst', 'declared', 'rules', 'model', 'imported')),
    sector_key    TEXT NOT NULL,
    confidence    REAL NOT NULL DEFAULT 1.0,
    detail        TEXT NOT NULL DEFAULT '',
    reviewed      INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    PRIMARY KEY (respondent_id, source)
);

CREATE VIEW respondent_sector AS
SELECT respondent_id, sector_key, source, confidence, detail, reviewed, created_by, created_at
FROM (
    SELECT sa.*, ROW_NUMBER() OVER (
        PARTITION BY respondent_id
        ORDER BY CASE source WHEN 'analyst' THEN 0 WHEN 'declared' THEN 1 WHEN 'imported' THEN 2
                             WHEN 'rules' THEN 3 ELSE 4 END
    ) AS rank_
    FROM sector_assignments sa
)
WHERE rank_ = 1;

CREATE TABLE codes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    colour      TEXT NOT NULL DEFAULT '#4e79a7',
    parent_id   TEXT REFERENCES codes(id),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX codes_parent ON codes(parent_id);

CREATE TABLE codings (
    id          TEXT PRIMARY KEY,
    code_id     TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    start       INTEGER,
    "end"       INTEGER,
    coder       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'analyst',
    confidence  REAL NOT NULL DEFAULT 1.0,
    created_at  TEXT NOT NULL,
    CHECK ((start IS NULL AND "end" IS NULL) OR (start >= 0 AND "end" > start))
);
CREATE INDEX codings_response ON codings(response_id);
CREATE INDEX codings_code ON codings(code_id);

-- Model suggestions waiting for an analyst; accepted ones become codings.
CREATE TABLE suggestions (
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    code_id     TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    confidence  REAL NOT NULL,
    model       TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (response_id, code_id)
);

CREATE TABLE memos (
    id          TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target_kind, target_id);

CREATE TABLE theme_runs (
    id          TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    params      TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);

CREATE TABLE themes (
    id            TEXT PRIMARY KEY,
    question_id   TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    keywords      TEXT NOT NULL DEFAULT '[]',
    status        TEXT NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'edited', 'signed_off')),
    source        TEXT NOT NULL DEFAULT 'model',
    model         TEXT NOT NULL DEFAULT '',
    parent_id     TEXT REFERENCES themes(id),
    run_id        TEXT,
    position      INTEGER NOT NULL DEFAULT 0,
    signed_off_by TEXT NOT NULL DEFAULT '',
    signed_off_at TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX themes_question ON themes(question_id);

CREATE TABLE theme_assignments (
    theme_id       TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    response_id    TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    confidence     REAL NOT NULL DEFAULT 1.0,
    source         TEXT NOT NULL DEFAULT 'model',
    representative INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (theme_id, response_id)
);
CREATE INDEX theme_assignments_response ON theme_assignments(response_id);

CREATE TABLE campaigns (
    id                    TEXT PRIMARY KEY,
    question_id           TEXT REFERENCES questions(id) ON DELETE CASCADE,
    label                 TEXT NOT NULL,
    canonical_response_id TEXT REFERENCES responses(id) ON DELETE SET NULL,
    created_at            TEXT NOT NULL
);
CREATE TABLE campaign_members (
    campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    similarity  REAL NOT NULL DEFAULT 1.0,
    PRIMARY KEY (campaign_id, response_id)
);
CREATE INDEX campaign_members_response ON campaign_members(response_id);

CREATE TABLE reviews (
    id          TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    status      TEXT NOT NULL,
    reviewer    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX reviews_target ON reviews(target_kind, target_id);

CREATE TABLE embeddings (
    model     TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim       INTEGER NOT NULL,
    vector    BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;

CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}'
);
"""

# E-mail addresses are kept only as a hash: enough to recognise that an e-mailed letter comes
# from someone who also answered online, without storing the address itself.
MIGRATION_2 = """
ALTER TABLE respondents ADD COLUMN email_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX respondents_email_hash ON respondents(email_hash) WHERE email_hash != '';
"""

# Per-text results other than embeddings (e.g. the phrases the tagger finds in an answer, used
# to name themes) get their own cache table; early v2 projects kept them in ``embeddings`` with
# ``dim`` 0, and those rows move here.
MIGRATION_3 = """
CREATE TABLE text_cache (
    kind      TEXT NOT NULL,   -- what is cached and by which version, e.g. phrases:<tagger version>
    text_hash TEXT NOT NULL,
    value     BLOB NOT NULL,
    PRIMARY KEY (kind, text_hash)
) WITHOUT ROWID;
INSERT OR IGNORE INTO text_cache(kind, text_hash, value)
    SELECT model, text_hash, vector FROM embeddings WHERE dim = 0;
DELETE FROM embeddings WHERE dim = 0;
"""

# Team work: the lead splits a project into analysts' copies and merges them back (see
# consult_analyser/team). Assignments are per answer; ``team_base`` (in a copy) holds a digest of
# every tracked row as it was when the copy was made, so that a copy's own changes can be told
# from the lead's; merges, conflicts and adjudications are recorded with who and when.
MIGRATION_4 = """
CREATE TABLE team_members (
    copy_id    TEXT PRIMARY KEY,
    analyst    TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT 'analyst',
    file       TEXT NOT NULL DEFAULT '',
    split_id   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE team_assignments (
    analyst     TEXT NOT NULL,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    overlap     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (analyst, response_id)
) WITHOUT ROWID;
CREATE INDEX team_assignments_response ON team_assignments(response_id);
CREATE TABLE team_base (
    tbl    TEXT NOT NULL,
    key    TEXT NOT NULL,
    digest TEXT NOT NULL,
    "row"  TEXT NOT NULL DEFAULT '',  -- the row itself (JSON) for the small tables, for field-wise merging
    PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
CREATE TABLE team_merges (
    id          TEXT PRIMARY KEY,
    copy_id     TEXT NOT NULL,
    analyst     TEXT NOT NULL,
    source_file TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    merged_at   TEXT NOT NULL,
    merged_by   TEXT NOT NULL DEFAULT '',
    counts      TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE team_conflicts (
    id              TEXT PRIMARY KEY,
    merge_id        TEXT NOT NULL,
    copy_id         TEXT NOT NULL,
    analyst         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    tbl             TEXT NOT NULL,
    key             TEXT NOT NULL,
    incoming_digest TEXT NOT NULL,
    summary         TEXT NOT NULL,
    payload         TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution      TEXT NOT NULL DEFAULT '',
    resolved_by     TEXT NOT NULL DEFAULT '',
    resolved_at     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    UNIQUE (copy_id, tbl, key, incoming_digest)
);
CREATE TABLE team_adjudications (
    id          TEXT PRIMARY KEY,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    code_id     TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('keep', 'both', 'neither')),
    kept_coder  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL,
    UNIQUE (response_id, code_id)
);
-- Codings an adjudication took out of the analysis, kept for the agreement figures (computed on
-- the blind double coding) and to restore them if the decision is changed.
CREATE TABLE team_set_aside (
    id              TEXT PRIMARY KEY,
    adjudication_id TEXT NOT NULL REFERENCES team_adjudications(id) ON DELETE CASCADE,
    code_id         TEXT NOT NULL,
    response_id     TEXT NOT NULL,
    start           INTEGER,
    "end"           INTEGER,
    coder           TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'analyst',
    confidence      REAL NOT NULL DEFAULT 1.0,
    created_at      TEXT NOT NULL
);
CREATE INDEX team_set_aside_adjudication ON team_set_aside(adjudication_id);
"""

# Letters in the analysis: each document is split into passages (exact [start, end) offsets into
# the document's text) and each passage mapped to the question it addresses. A respondent's
# passages mapped to one question become one answer of origin 'letter' (its text the passages
# joined by a blank line; ``answer_start`` is where a passage begins in it), so themes, coding,
# counts and quotes treat them like answers given on the form, once per respondent and question.
# A document marked 'supporting' (a report, an annex of statistics) is left out of the analysis.
MIGRATION_5 = """
ALTER TABLE documents ADD COLUMN role TEXT NOT NULL DEFAULT 'letter' CHECK (role IN ('letter', 'supporting'));
ALTER TABLE responses ADD COLUMN origin TEXT NOT NULL DEFAULT 'form' CHECK (origin IN ('form', 'letter'));
CREATE TABLE passages (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    start        INTEGER NOT NULL CHECK (start >= 0),
    "end"        INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('heading', 'numbered', 'paragraph')),
    question_id  TEXT REFERENCES questions(id) ON DELETE SET NULL,
    confidence   REAL NOT NULL DEFAULT 0.0,
    method       TEXT NOT NULL DEFAULT '',   -- cue, heading, similarity, general, analyst
    response_id  TEXT REFERENCES responses(id) ON DELETE SET NULL,
    answer_start INTEGER,
    CHECK ("end" > start),
    UNIQUE (document_id, position)
);
CREATE INDEX passages_document ON passages(document_id);
CREATE INDEX passages_response ON passages(response_id);
"""

# A model re-run never changes a signed-off theme: the answers it would add are kept here as
# proposals beside the theme, which the team lead accepts (they join the theme) or rejects (they
# stay rejected, so later runs do not propose them again).
MIGRATION_6 = """
CREATE TABLE theme_proposals (
    theme_id    TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    run_id      TEXT,
    confidence  REAL NOT NULL DEFAULT 0.0,
    status      TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'rejected')),
    PRIMARY KEY (theme_id, response_id)
) WITHOUT ROWID;
"""

# What each respondent said may be published (a consultation's consent column: "Publication
# privacy settings", "May we publish your response?"): ``publication`` is the choice read
# (public, anonymous, not_for_publication or unknown), ``publication_raw`` the cell as written.
# Projects imported before this kept the column as information in ``metadata``; the choice is
# read from there once when the project is upgraded (see consult_analyser.store.consent).
MIGRATION_7 = """
ALTER TABLE respondents ADD COLUMN publication TEXT NOT NULL DEFAULT 'unknown'
    CHECK (publication IN ('public', 'anonymous', 'not_for_publication', 'unknown'));
ALTER TABLE respondents ADD COLUMN publication_raw TEXT NOT NULL DEFAULT '';
"""

# An analyst may change a respondent's publication choice (a request e-mailed after the
# consultation closed, a letter marked confidential, a consent column read wrongly): ``publication``
# then holds the analyst's choice, which everything published honours; ``publication_imported`` keeps
# the choice the import read (NULL while no analyst changed it), ``publication_raw`` stays the cell as
# written, and who set it, when and why are kept beside them (see consult_analyser.store.consent).
MIGRATION_8 = """
ALTER TABLE respondents ADD COLUMN publication_imported TEXT
    CHECK (publication_imported IN ('public', 'anonymous', 'not_for_publication', 'unknown'));
ALTER TABLE respondents ADD COLUMN publication_set_by TEXT NOT NULL DEFAULT '';
ALTER TABLE respondents ADD COLUMN publication_set_at TEXT NOT NULL DEFAULT '';
ALTER TABLE respondents ADD COLUMN publication_reason TEXT NOT NULL DEFAULT '';
"""

# A form answer that only points to the respondent's letter ("See attached") gives way to the letter's
# passages on that question: the answer then holds the letter's text (origin 'letter', its closed
# choice kept) and ``form_text`` keeps what the form said, put back should the passages move away.
MIGRATION_9 = """
ALTER TABLE responses ADD COLUMN form_text TEXT;
"""

# Respondents taken out of the analysis after import (a duplicate submission, a staff test, spam, a
# request to withdraw and be erased; see consult_analyser.store.withdrawals): their rows are deleted
# (the foreign keys cascade) and one row here records the withdrawal without personal data:
# ``source_hash`` is a salted SHA-256 of the respondent's id as in the imported file (so a later
# import skips it), ``row_hashes`` salted hashes of the project's own ids of the respondent, its
# answers and documents (so a merged analyst's copy made before drops their codings).
MIGRATION_10 = """
CREATE TABLE withdrawals (
    id           TEXT PRIMARY KEY,
    source_hash  TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('duplicate', 'test', 'spam', 'request')),
    duplicate_of TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    withdrawn_by TEXT NOT NULL DEFAULT '',
    withdrawn_at TEXT NOT NULL,
    row_hashes   TEXT NOT NULL DEFAULT '[]',
    counts       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX withdrawals_source ON withdrawals(source_hash);
"""

# A letter themed by its passages (consult_analyser.pipeline.themes.passages) is quoted, in each of its themes, by
# the passage that put it there (see consult_analyser.store.theme_report.quotes): one row per letter and theme; an
# answer without one (every answer of a short-answer question, every theme found before this) is quoted whole.
# (A table of its own, made only if missing: a migration that adds a column cannot be run twice.)
MIGRATION_11 = """
CREATE TABLE IF NOT EXISTS theme_passages (
    theme_id    TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    passage     TEXT NOT NULL,
    PRIMARY KEY (theme_id, response_id)
) WITHOUT ROWID;
"""

# Each publication of the figures (an annex, a report, CSV tables) is an edition (see
# consult_analyser.store.editions): its number, when and by whom it was first written, the project file it was
# made from, every file written of it (JSON), and a fingerprint of its figures (respondents, answers per question,
# sectors, published themes, codings) with their digest, from which the next edition lists what changed.
MIGRATION_12 = """
CREATE TABLE IF NOT EXISTS editions (
    number       INTEGER PRIMARY KEY,
    made_at      TEXT NOT NULL,
    made_by      TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    project_file TEXT NOT NULL DEFAULT '',
    files        TEXT NOT NULL DEFAULT '[]',
    digest       TEXT NOT NULL,
    figures      TEXT NOT NULL DEFAULT '{}'
);
"""

# A closed question and the free-text column after it that explains it ("Do you support the proposed rule?", "Please
# explain your views") are one hybrid question under the closed question's text; ``follow_up`` keeps the free-text
# column's own wording, shown after the text wherever the question is (see consult_analyser.domain.Question.wording).
# Questions stored before have none ('') until a later export of the survey is imported again.
MIGRATION_13 = """
ALTER TABLE questions ADD COLUMN follow_up TEXT NOT NULL DEFAULT '';
"""

MIGRATIONS: list[str] = [MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4, MIGRATION_5, MIGRATION_6, MIGRATION_7,
                         MIGRATION_8, MIGRATION_9, MIGRATION_10, MIGRATION_11, MIGRATION_12, MIGRATION_13]
SCHEMA_VERSION = len(MIGRATIONS)
