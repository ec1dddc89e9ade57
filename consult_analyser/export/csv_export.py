"""Tidy CSV exports: one file per table, one row per fact, streamed from the store.

Files are UTF-8 with a byte-order mark so that Excel opens accents correctly, and any text a
spreadsheet could run as a formula is prefixed with an apostrophe (see
:mod:`consult_analyser.export.safety`). ``respondent_id`` is always the id from the imported file.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from consult_analyser.export.annex_agreement import AGREED_COLUMNS, DECISION_COLUMNS, agreed_rows, decision_rows
from consult_analyser.export.published_coding import AN_ANALYST, published_coder, published_coding, published_codings
from consult_analyser.export.safety import (
    Redactor,
    campaign_labels,
    csv_row,
    honour_consent,
    make_redactor,
    no_redaction,
    personal_keys,
    redact_stream,
    replace_atomically,
    respondent_labeller,
    responding_organisations,
)
from consult_analyser.pipeline.sectors.declared import split_other_specify
from consult_analyser.pipeline.sectors.rules import SectorRules
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import coding_counts, consent, passages, published_campaigns, release, reporting
from consult_analyser.store.consent import WITHHOLD_NAMES
from consult_analyser.store.organisations import OrganisationRow
from consult_analyser.store.project import Project

TABLES = ("respondents", "responses", "sectors", "themes", "codings", "suggestions", "codebook", "organisations",
          "campaigns", "memos", "agreed")
#: written when asked for (--what), not with every table: empty unless the lead decided disagreements
ON_REQUEST = ("decisions",)


def export_csv(project: Project, path: str | Path, what: str, *, redact: bool = False,
               include_names: bool = False, progress: ProgressFn | None = None) -> int:
    """Write one table as CSV. ``redact`` removes personal data from free text (answers, coded
    passages, memos); ``include_names`` adds respondents' names, and the personal details a survey
    tool records (:func:`~consult_analyser.export.safety.personal_keys`: by header or by values), to the respondents table. Returns
    the number of data rows. A redacted table also honours respondents' publication choices: the
    words of one who asked not to be published are withheld, and the names of one who asked for
    anonymity are left out (see :func:`~consult_analyser.export.safety.honour_consent`)."""
    if what not in TABLES + ON_REQUEST:
        raise ValueError(f"unknown table {what!r}; choose one of {', '.join(TABLES + ON_REQUEST)}")
    progress = progress or null_progress
    redactor = make_redactor(redact)
    header, rows = _BUILDERS[what](project, redactor, include_names)
    if redact and "respondent_id" in header:  # never an e-mail or a name as a published id
        rows = _relabel(rows, list(header).index("respondent_id"), respondent_labeller(project, redactor))
    path = Path(path)
    count = 0
    with replace_atomically(path) as tmp, tmp.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(csv_row(header))  # headers too: a metadata column's name comes from the input
        for count, row in enumerate(rows, 1):
            writer.writerow(csv_row(row))
            if count % 10000 == 0:
                progress(0.5, f"{count:,} rows")
    progress(1.0, f"{count:,} rows written")
    return count


Table = tuple[Sequence[str], Iterable[Sequence[object]]]


#: in a redacted respondents table, an anonymous respondent's detail is kept only when at least this many
#: respondents give the same
SHARED_BY = 5


def _respondents(project: Project, redactor: Redactor, include_names: bool) -> Table:
    # what the survey tool recorded of a person (IP address, recipient's name, location) is left out
    # with the names, unless asked for
    personal: set[str] = set() if include_names else personal_keys(project)  # by header or by values
    keys = [k for k in reporting.metadata_keys(project) if k not in personal]
    fixed = ["respondent_id", *(["name"] if include_names else []), "organisation", "email_domain",
             "is_organisation", "declared_type", "region", "channel", "sector", "sector_source", "publication"]
    extra = [k if k not in fixed else f"metadata: {k}" for k in keys]

    # a redacted table gives only the organisation names the organisations table lists: never a field
    # that holds a person ("Myself - Jane Smith")
    listed: dict[str, str] | None = None  # each listed respondent's organisation as published (None: as written)
    if redactor is not no_redaction:
        listed = {r.external_id: r.organisation for r in listed_organisation_rows(project, screen=True)}
    free_mail = SectorRules.default().is_free_mail

    # what many respondents share (a country, a size, a type) says nothing of who one of them is; a
    # value a few share (a register number, a web address) can name one who asked for anonymity
    common: set[tuple[str, str]] = set()
    counts = consent.counts(project)
    if listed is not None and any(counts[choice] for choice in WITHHOLD_NAMES):  # (a second read only then)
        seen: Counter[tuple[str, str]] = Counter()
        for r in reporting.iter_respondent_rows(project):
            meta = json.loads(r["metadata"] or "{}")
            seen.update((k, _text(meta.get(k, ""))) for k in keys)
        common = {kv for kv, n in seen.items() if n >= SHARED_BY}

    def rows() -> Iterator[list]:
        for r in reporting.iter_respondent_rows(project):
            meta = json.loads(r["metadata"] or "{}")
            is_org = "" if r["side"] is None else ("yes" if r["side"] else "no")  # as declared, else as their sector says
            organisation = r["organisation"] if listed is None else listed.get(r["external_id"], "")
            name, domain = r["name"], r["email_domain"]
            if listed is not None and (r["side"] != 1 or free_mail(domain or "")):
                domain = ""  # a person's own domain ("ellis-family.net") says who they are: only an organisation's stays
            values = [_text(meta.get(k, "")) for k in keys]
            if listed is not None and r["publication"] in WITHHOLD_NAMES:
                # they asked for anonymity: not even beside a public namesake, nor by their e-mail domain or
                # a detail few others share (a transparency register number is searchable)
                organisation = name = domain = ""
                values = [v if (k, v) in common else "" for k, v in zip(keys, values, strict=True)]
            yield [r["external_id"], *([name] if include_names else []), organisation, domain,
                   is_org, r["declared_type"], r["region"], r["channel"], r["sector"], r["sector_source"],
                   r["publication"]] + values

    header = fixed + extra
    if listed is None:
        return header, rows()
    published: Iterable[Sequence[object]] = rows()
    for column in [header.index("declared_type"), *range(len(fixed), len(header))]:  # and any metadata carrying it
        published = _specified_redacted(published, column, redactor)
    return header, published


#: the responses table's last column: where an answer came from, said in its header (trial 49: the annex's "of
#: which from letters and documents: 241" could not be traced in the CSV tables)
SOURCE_COLUMN = "source (form: given in the survey; letter: taken from the respondent's letter or document)"


def _responses(project: Project, redactor: Redactor, include_names: bool) -> Table:
    letters = {r[0] for r in project.query("SELECT id FROM responses WHERE origin = 'letter'")}
    raw = ((r["external_id"], r["question"], r["choice"], r["text"], r["language"],
            "letter" if r["id"] in letters else "form")
           for r in reporting.iter_response_rows(project))
    # a published (redacted) table: also as respondents asked (see honour_consent); the new column last, so that
    # readers of the earlier columns by position read them as before
    return ["respondent_id", "question", "choice", "text", "language", SOURCE_COLUMN], \
        _published(project, raw, 0, 3, redactor)


def _sectors(project: Project, redactor: Redactor, include_names: bool) -> Table:
    labels = reporting.sector_labels(project)
    rows = ((r["external_id"], r["sector"], labels.get(r["sector"], "") if r["sector"] else "", r["source"],
             r["confidence"], r["detail"], "yes" if r["reviewed"] else "no")
            for r in reporting.iter_sector_rows(project))
    # a declared "Other (please specify): ..." is quoted in the detail: the respondent's words, redacted as theirs
    return ["respondent_id", "sector", "sector_label", "source", "confidence", "detail", "reviewed"], \
        _specified_redacted(rows, 5, redactor)


def _themes(project: Project, redactor: Redactor, include_names: bool) -> Table:
    rows = ((r["external_id"], r["question"], r["theme_id"], r["theme_label"], r["confidence"], r["status"],
             r["source"], "yes" if r["representative"] else "no")
            for r in reporting.iter_theme_assignments(project))
    return ["respondent_id", "question", "theme_id", "theme_label", "confidence", "theme_status", "source",
            "representative"], rows


def _analysts(project: Project) -> dict[str, str]:
    """A published (redacted) table names no member of staff: each analyst who coded or decided on a
    suggestion is "Analyst 1", "Analyst 2", ..., numbered as in every published file
    (:func:`consult_analyser.store.release.staff_pseudonyms`)."""
    return release.staff_pseudonyms(project)


def _codings(project: Project, redactor: Redactor, include_names: bool) -> Table:
    """One row per coding, each coder's own (the coder column says whose). After double coding, the
    codings of an answer x code the lead decided does not apply are left out, as from every published
    count (:mod:`~consult_analyser.export.published_coding`); the coders' calls on it are in the
    ``agreed`` and ``decisions`` tables."""
    paths = {c.id: c.path for c in reporting.codebook(project)}
    published = published_coding(project)

    filenames = {r[0]: r[1] for r in project.query("SELECT id, filename FROM documents")}
    staff = None if redactor is no_redaction else _analysts(project)

    def raw() -> Iterator[tuple]:
        for r, _same in published_codings(project, published, one_row_per_passage=False):
            text = r["text"] or ""
            if r["start"] is not None:
                text = text[r["start"]:r["end"]]
            # a coding on a letter answer also points at its place in the letter itself
            where = passages.document_span(project, r["response_id"], r["start"], r["end"]) \
                if r["start"] is not None and filenames else None
            coder = r["coder"] if staff is None else published_coder(r["coder"], r["source"], staff)
            yield (r["external_id"], r["question"], paths.get(r["code_id"], ""), r["start"], r["end"], coder,
                   r["source"], r["confidence"], text, filenames.get(where[0], "") if where else "",
                   where[1] if where else "", where[2] if where else "")

    return ["respondent_id", "question", "code_path", "span_start", "span_end", "coder", "source", "confidence",
            "text", "document", "document_start", "document_end"], _published(project, raw(), 0, 8, redactor)


def _suggestions(project: Project, redactor: Redactor, include_names: bool) -> Table:
    paths = {c.id: c.path for c in reporting.codebook(project)}
    staff = None if redactor is no_redaction else _analysts(project)
    raw = ((r["external_id"], r["question"], paths.get(r["code_id"], ""), r["confidence"], r["model"], r["status"],
            (r["decided_by"] if staff is None or not r["decided_by"] else staff.get(r["decided_by"], AN_ANALYST)),
            r["decided_at"], r["text"] or "") for r in reporting.iter_suggestions(project))
    return ["respondent_id", "question", "code_path", "confidence", "model", "status", "decided_by", "decided_at",
            "text"], _published(project, raw, 0, 8, redactor)


def _codebook(project: Project, redactor: Redactor, include_names: bool) -> Table:
    """The codes with their codings and respondents, counted as every published figure is (after
    double coding: the agreed coding's, :mod:`~consult_analyser.export.published_coding`)."""
    codes = reporting.codebook(project)
    counts = coding_counts.code_counts(project, published_coding(project).rule)
    paths = {c.id: c.path for c in codes}
    rows = ((c.id, c.path, c.name, paths.get(c.parent_id or "", ""), c.description, c.colour, c.depth + 1,
             *counts.get(c.id, (0, 0))) for c in codes)
    return ["code_id", "code_path", "name", "parent_path", "description", "colour", "level", "codings",
            "respondents"], rows


def listed_organisation_rows(project: Project, screen: bool) -> list[OrganisationRow]:
    """The respondents listed as organisations, each under the name listed, as the annex's Organisations sheet
    lists them (:func:`~consult_analyser.export.safety.responding_organisations`; with ``screen``, a person's
    details in the organisation box held back), less a box that names no organisation (the rule of
    :func:`~consult_analyser.pipeline.sectors.orgnames.listed_organisations`: "N/A", "Myself", and the "Myself"
    or "me" left of "Myself - Kevin Doyle" once the name is taken out)."""
    from consult_analyser.pipeline.sectors.orgnames import listed_organisations

    rows, _held = responding_organisations(project, screen)
    named = {name for entry in listed_organisations((r.organisation, r.sector) for r in rows) for name in entry.spellings}
    return [r for r in rows if " ".join(r.organisation.split()) in named]


def _organisations(project: Project, redactor: Redactor, include_names: bool) -> Table:
    labels = reporting.sector_labels(project)
    # a person's details in the organisation field: left out of a redacted export
    found = listed_organisation_rows(project, screen=redactor is not no_redaction)
    rows = ((r.external_id, r.organisation, r.sector, labels.get(r.sector, r.sector), r.region, r.channel)
            for r in found)
    return ["respondent_id", "organisation", "sector", "sector_label", "region", "channel"], rows


#: a campaign member's similarity to the standard wording from which it wrote it word for word
IDENTICAL = 0.999


def _campaigns(project: Project, redactor: Redactor, include_names: bool) -> Table:
    labels = campaign_labels(published_campaigns.campaigns(project), redactor)  # a label quotes the campaign's first words
    rows = ((r["external_id"], r["question"], r["campaign_id"], labels.get(r["campaign_id"], r["label"]),
             # "yes": wrote the standard wording word for word (not only the member it was taken from)
             r["similarity"], "yes" if r["canonical"] or r["similarity"] >= IDENTICAL else "no")
            for r in reporting.iter_campaign_members(project))
    return ["respondent_id", "question", "campaign_id", "campaign", "similarity", "standard_wording"], rows


def _memos(project: Project, redactor: Redactor, include_names: bool) -> Table:
    targets = reporting.memo_targets(project)
    # a published (redacted) table names no member of staff: an author who coded is "Analyst 1" as everywhere
    staff = None if redactor is no_redaction else _analysts(project)
    raw = ((m.id, m.target_kind, *targets.get((m.target_kind, m.target_id), ("", "")),
            m.author if staff is None or not m.author else staff.get(m.author, AN_ANALYST), m.created_at,
            m.updated_at, m.text) for m in reporting.memos(project))
    return ["memo_id", "target_kind", "respondent_id", "target", "author", "created_at", "updated_at", "text"], \
        redact_stream(raw, 7, redactor)


def _published(project: Project, rows: Iterable[tuple], external_index: int, text_index: int,
               redactor: Redactor) -> Iterator[tuple]:
    """Respondents' words in a CSV: as they are, or (redacted) also as respondents asked to be published."""
    if redactor is no_redaction:
        return iter(rows)
    return honour_consent(project, rows, external_index, text_index, redactor)


def _specified(value: str) -> tuple[str, str]:
    """A value split before what a respondent typed in a form's "Other, please specify" box:
    "Other (please specify): parent (Lucy Carmichael)" -> ("Other (please specify): ", "parent (Lucy Carmichael)"),
    a sector's detail "declared:Other ..." alike; (value, "") when it carries no such words."""
    flat = value.replace("\n", " ").replace("\r", " ")  # (the same length: a box's words over several lines too)
    source = _SOURCE.match(flat)
    start = source.end() if source else 0
    other, said = split_other_specify(flat[start:])
    if not other or not said:
        return value, ""
    cut = len(flat.rstrip()) - len(said)
    return value[:cut], value[cut:]


#: what a sector's detail says before the declared type it quotes ("declared:Other (please specify): ...")
_SOURCE = re.compile(r"^[a-z_]+:(?=\s*other\b)", re.I)


def _specified_redacted(rows: Iterable[Sequence[object]], column: int, redactor: Redactor) -> Iterator[Sequence[object]]:
    """Rows whose ``column`` carries an "Other, please specify" box's words with those words redacted, as the
    respondent's answers are ("Concerned grandmother - [name]"): they are the respondent's own words, and some
    type their name there. Unchanged without redaction."""
    if redactor is no_redaction:
        yield from rows
        return

    def split(items: Iterable[Sequence[object]]) -> Iterator[tuple]:
        for row in items:
            head, said = _specified(str(row[column] or ""))
            yield said, head, bool(said), row

    for said, head, carried, row in redact_stream(split(rows), 0, redactor):
        if carried:
            row = list(row)
            row[column] = head + said
        yield row


def _relabel(rows: Iterable[Sequence[object]], column: int, label: Callable[[str], str]) -> Iterator[list]:
    for row in rows:
        row = list(row)
        row[column] = label(str(row[column] or ""))
        yield row


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


_BUILDERS: dict[str, Callable[[Project, Redactor, bool], Table]] = {
    "respondents": _respondents, "responses": _responses, "sectors": _sectors, "themes": _themes,
    "codings": _codings, "suggestions": _suggestions, "codebook": _codebook, "organisations": _organisations, "campaigns": _campaigns,
    "memos": _memos,
    # the agreed coding after double coding, and the lead's decisions (see annex_agreement)
    "agreed": lambda p, r, _n: (AGREED_COLUMNS, agreed_rows(p, names=r is no_redaction)),
    "decisions": lambda p, r, _n: (DECISION_COLUMNS, redact_stream(decision_rows(p, names=r is no_redaction), 9, r)),
}
