"""The Excel annex of a consultation: a pure function of the project, streamed to disk.

Sheets, in order: Cover (counts, method, which model versions produced which labels, contents,
each a link to its sheet), Notes (the shorthand used: "<5", "[c]", "[z]", the redaction's placeholders),
Respondents (by sector, channel and type, with charts), Organisations (never individuals), one
"<Q> answers" sheet per closed question (answers by sector with percentages and charts), one
"<Q> themes" sheet per open question that has themes (descriptions, counts, share, sector
breakdown, redacted quotes), Campaigns, Codebook, Framework matrix (respondents × codes, 0/1) and
Coded excerpts. Every table is a native Excel table with filters and a frozen header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from consult_analyser import __version__
from consult_analyser.domain import QuestionKind, now_iso
from consult_analyser.export.annex_agreement import write_agreement
from consult_analyser.export.annex_codebook import codebook_sheet, people_codings
from consult_analyser.export.annex_matrix import coded_excerpts, framework_matrix
from consult_analyser.export.annex_notes import write_notes
from consult_analyser.export.annex_questions import write_closed_question, write_question_themes
from consult_analyser.export.editions import change_lines, edition_heading, supersedes, themes_sentence, when
from consult_analyser.export.published_coding import PublishedCoding, published_coding
from consult_analyser.export.safety import (
    Redactor,
    campaign_labels,
    make_redactor,
    part_path,
    replace_atomically,
    respondent_labeller,
    responding_organisations,
    unconfirmed_by_name,
)
from consult_analyser.export.summaries import (
    CHANNEL_LABELS,
    Suppress,
    published_kinds,
    small_counts_threshold,
    suppression_rule,
    withdrawal_statement,
)
from consult_analyser.export.xlsx_stream import fill_sheets
from consult_analyser.export.xlsx_writer import (
    INTEGER,
    MAX_ROWS,
    NOT_APPLICABLE,
    PERCENT,
    Link,
    SheetWriter,
    save_workbook,
    sheet_title,
)
from consult_analyser.pipeline.themes.languages import language_name
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store import (
    attached,
    checks,
    coding_counts,
    codings,
    consent,
    published_campaigns,
    release,
    reporting,
)
from consult_analyser.store import editions as store_editions
from consult_analyser.store import sectors as store_sectors
from consult_analyser.store.editions import Pending
from consult_analyser.store.field_values import counted_as_statement
from consult_analyser.store.organisations import withheld_organisations
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

NAMES_MODEL_LIMIT = 10_000  # coded excerpts the names model reads; more use the patterns only
TYPE_LABELS = {"organisation": "On behalf of an organisation", "individual": "As an individual",
               "not stated": "Not stated", "individual or not stated": "As an individual, or not stated"}
#: how a respondent of each channel answered ("All 8,560 respondents answered online")
CHANNEL_WORDS = {"online": "online", "email": "by e-mail", "post": "by post", "other": "by another channel"}
#: the Cover's words for each kind of respondent ("of which ...")
KIND_WORDS = {"organisation": "on behalf of an organisation", "individual": "as individuals",
              "not stated": "did not say", "individual or not stated": "as individuals or did not say"}


@dataclass
class AnnexResult:
    """What :func:`export_annex` wrote."""

    path: Path
    sheets: list[str] = field(default_factory=list)
    respondents: int = 0
    matrix_rows: int = 0
    excerpt_rows: int = 0
    redacted: bool = True
    held_back: list[str] = field(default_factory=list)  # respondent ids whose organisation field holds personal data
    # respondents (ids as imported) filed under an organisation's sector by the model with only a name: not listed
    unconfirmed_ids: list[str] = field(default_factory=list)

    @property
    def unconfirmed(self) -> int:
        return len(self.unconfirmed_ids)


def export_annex(project: Project, path: str | Path, *, redact: bool = True, progress: ProgressFn | None = None,
                 quotes: int = 3, small_counts: int | None = None,
                 respondent_sheets: bool | None = None, split_by: str | None = None,
                 edition: Pending | None = None) -> AnnexResult:
    """Write the annex workbook to ``path`` (written to a temporary file, then moved into place).

    ``redact`` removes personal data from quotes, excerpts and campaign texts (keep it on for
    anything that will be published). ``small_counts``: counts from 1 to this minus one are
    suppressed (None: the project's setting ``export.small_counts``, else 5; 0 or 1: none).
    ``respondent_sheets``: the framework matrix and the coded excerpts, a row per respondent or
    passage (None: only when nothing is suppressed: beside them, a hidden count can be counted up).
    ``split_by``: each question's themes by a closed question or a respondent detail too (see
    :func:`~consult_analyser.export.theme_split.theme_split`); a name that names nothing is refused.
    ``edition``: the edition the file will be (:func:`consult_analyser.store.editions.prepare`), which its Cover
    states with what changed since the one before (None: a file written outside an export, which says so)."""
    if split_by:
        from consult_analyser.export.theme_split import check_split

        check_split(project, split_by)  # a SplitError (a ValueError) names what is wrong
    threshold = small_counts_threshold(project, small_counts)
    suppress = Suppress(threshold)
    with_rows = (threshold <= 1) if respondent_sheets is None else respondent_sheets
    with reporting.read_snapshot(project):
        return _export_annex(project, Path(path), redact, progress or null_progress, quotes, suppress, with_rows,
                             split_by, edition)


def _export_annex(project: Project, path: Path, redact: bool, progress: ProgressFn, quotes: int,
                  suppress: Suppress, with_rows: bool, split_by: str | None = None,
                  edition: Pending | None = None) -> AnnexResult:
    if not path.parent.exists():
        raise FileNotFoundError(f"{path.parent}: no such folder")
    redactor = make_redactor(redact)
    workbook = Workbook(write_only=True)
    # the file's own properties: the app, not openpyxl, and no person's name
    workbook.properties.creator = f"Consult Analyser {__version__}"
    workbook.properties.lastModifiedBy = ""
    workbook.properties.title = release.document_title(release.release_details(project).title, "annex of responses")
    tables: set[str] = set()
    taken: set[str] = set()
    contents: list[tuple[str, str]] = []
    result = AnnexResult(path, redacted=redact)

    def new_title(text: str, description: str) -> str:
        title = sheet_title(text, taken)
        contents.append((title, description))
        return title

    # (the Cover's panes are not frozen: its first table comes after a page of prose)
    cover = SheetWriter(workbook, new_title("Cover", "This page: counts, method and label provenance"),
                        widths=[56, 22, 30, 14, 14], wrap_notes=True)  # the longest count label fits
    write_notes(SheetWriter(workbook, new_title("Notes", "The shorthand used in the tables and quotes ([c], [z], "
                                                         "placeholders of personal data) and what each means"),
                            widths=[22, 110], freeze="A", table_names=tables), suppress, redact)
    info = reporting.overview(project)
    result.respondents = info["respondents"]
    labels = reporting.sector_labels(project)
    progress(0.01, "respondents")
    _respondents_sheet(workbook, new_title("Respondents", "Respondents by sector, channel and type"), project,
                       labels, tables, suppress)
    label = respondent_labeller(project, redactor)  # never an e-mail or a name as an id
    result.unconfirmed_ids = [r.external_id for r in unconfirmed_by_name(project)]
    result.held_back = _organisations_sheet(workbook, new_title("Organisations", "Responding organisations by sector"),
                                            project, labels, tables, label, redact, result.unconfirmed)
    questions = list_questions(project)
    counts = reporting.question_counts(project)
    info["open_answers"] = sum(c.answered_text for c in counts.values())
    themed = reporting.questions_with_themes(project)
    empty = reporting.QuestionCounts({}, {}, {})
    without_themes: list[str] = []
    step = scaled(progress, 0.05, 0.3)
    for number, question in enumerate(questions):
        step(number / max(len(questions), 1), f"question {question.key}")
        answers = counts.get(question.id, empty)
        if question.kind in (QuestionKind.CLOSED, QuestionKind.HYBRID) and answers.closed:
            write_closed_question(workbook, new_title(f"{question.key} answers",
                                                      f"{question.key}: answers by sector"),
                                  question, answers, labels, tables, suppress)
        if question.kind in (QuestionKind.OPEN, QuestionKind.HYBRID):
            if question.id in themed:
                write_question_themes(workbook, new_title(f"{question.key} themes",
                                                          f"{question.key}: themes, counts, sectors and quotes"),
                                      project, question, answers.with_text, labels, redactor, tables, quotes=quotes,
                                      redacted=redact, suppress=suppress, split_by=split_by)
            else:
                without_themes.append(question.key)
    campaign_rows = published_campaigns.campaigns(project)
    if campaign_rows:
        _campaigns_sheet(workbook, new_title("Campaigns", "Organised campaign responses"), campaign_rows,
                         info["respondents"], redactor, tables)
    codes = reporting.codebook(project)
    excerpt_redactor, excerpt_note = _excerpt_redaction(project, redact, redactor)
    # every count of codes after double coding is the agreed coding's (worked out once, here)
    published = published_coding(project)
    per_code, by_people = ((coding_counts.code_counts(project, published.rule),
                            coding_counts.code_counts_by_people(project, published.rule))
                           if codes or published.double_coded else ({}, {}))
    if published.double_coded:  # the Cover's codings too
        info["codings"] = sum(n for n, _people in per_code.values())
        info["codings_by_people"] = sum(by_people.values())
    people = people_codings(project, published.rule)
    if codes:
        codebook_sheet(workbook, new_title("Codebook", "The code frame with counts"), codes, tables, suppress,
                       per_code, people, published, None if not redact else release.staff_pseudonyms(project))
    agreement = published.agreement
    if agreement is not None:
        write_agreement(workbook, new_title("Agreement", "Inter-coder agreement on the double-coded answers"),
                        project, agreement, tables, suppress, names=not redact)
    fills = [f for f in (
        framework_matrix(workbook, new_title("Framework matrix", "Respondents × codes, one 0/1 column per code "
                                                                 "(a data sheet: filter it in Excel; not printed)"),
                         project, labels, codes, info["respondents"], tables, label, published),
        coded_excerpts(workbook, new_title("Coded excerpts", "Every coded passage with respondent, sector, question "
                                                             "and code (a data sheet; not printed)"), project, labels, codes, excerpt_redactor,
                       tables, label, excerpt_note, published)) if f is not None] if with_rows else []
    info["codings_by_hand"] = sum(p.by_hand for p in people.values())
    info["suggestions_accepted"] = sum(p.accepted_total for p in people.values())
    info["accepted_in_bulk"] = sum(n for p in people.values() for (_who, bulk), n in p.accepted.items() if bulk)
    _cover(cover, project, info, contents, without_themes, redactor if redact else None, excerpt_note, suppress,
           with_rows, published, edition)
    progress(0.35, "saving the workbook")
    with replace_atomically(path, ".head") as tmp:
        small = part_path(path, ".head")
        save_workbook(workbook, small)
        written = fill_sheets(small, tmp, fills, max_rows=MAX_ROWS, progress=scaled(progress, 0.4, 0.99))
    result.matrix_rows = written.get("Framework matrix", 0)
    result.excerpt_rows = written.get("Coded excerpts", 0)
    result.sheets = [title for title, _ in contents]
    progress(1.0, "annex written")
    return result


def _excerpt_redaction(project: Project, redact: bool, redactor: Redactor) -> tuple[Redactor | None, str]:
    """Coded excerpts can number a million: the names model reads at most NAMES_MODEL_LIMIT of them;
    beyond that the (fast) patterns alone redact them, and the sheet says so."""
    if not redact:
        return None, ""
    if coding_counts.count_codings(project) <= NAMES_MODEL_LIMIT:
        return redactor, "Personal data in the text is redacted."
    return (make_redactor(True, names_model=False),
            "Personal data in the text is redacted by patterns (e-mail addresses, telephone numbers, postcodes, "
            "street addresses, titled names, names under a letter's sign-off); with this many excerpts the names "
            "model is not run over them, so check any text before publishing it.")


def _cover(sheet: SheetWriter, project: Project, info: dict, contents: list[tuple[str, str]],
           without_themes: list[str], redactor: Redactor | None, excerpt_note: str, suppress: Suppress,
           with_rows: bool = True, published: PublishedCoding | None = None, edition: Pending | None = None) -> None:
    redacted = redactor is not None
    double_coded = published is not None and published.double_coded
    details = release.release_details(project)
    sheet.title_row(details.title)
    if details.publisher:
        sheet.pair("Published by", details.publisher)
    if details.contact:
        sheet.pair("Contact", details.contact)
    if edition is not None:
        sheet.pair("Edition", edition_heading(edition))
        sheet.pair("Supersedes", supersedes(edition) or "nothing: the first edition")
    else:
        sheet.pair("Annex produced", f"{when(now_iso())}, made from {project.path.name} (not recorded as an edition)")
    sheet.pair("Produced with", f"Consult Analyser {__version__}")
    changed = change_lines(project, edition, suppress, redactor) if edition is not None else []
    if edition is not None and edition.previous is not None:
        sheet.note(f"Changes since {supersedes(edition)}" + (":" if changed else ": none in the figures"), bold=True)
        for line in changed:
            sheet.note(line)
    sheet.note("The shorthand in the tables (" + (f"{suppress.mark}, {suppress.SHARE_MARK}, " if suppress.threshold > 1
                                                  else "") + f"{NOT_APPLICABLE}) and in the quotes is explained on "
               "the Notes sheet; the Contents at the end of this page link to every sheet.")
    sheet.blank()
    sheet.note("Counts", bold=True)
    # the sides are groups of respondents: suppressed like every table of them (a "1 as individuals"
    # here would undo the "<5" of the Respondents sheet)
    themes_published, themes_found = store_editions.theme_counts(project)
    counts = [("Respondents", info["respondents"]),
              *((f"of which {KIND_WORDS[kind]}", suppress.count_or_withheld(n, n < 0)) for kind, n in published_kinds(
                  info["organisations"], info["individuals"], info.get("not_stated") or 0, suppress)),
              # a consultation answered in several languages (Welsh and English) says how many wrote in each
              *((f"of which wrote in {language_name(code)}" if code else
                 "of which wrote too little to tell the language", suppress.count(n))
                for code, n in reporting.writers_by_language(project).items()),
              ("Questions", info["questions"]),
              ("Answers to the questions", info["answers"] - info["general_answers"]),
              *([("of which from letters and documents", info["letter_answers"])]
                if info.get("letter_answers") else []),
              *([("General comments in letters (on no question)", info["general_answers"])]
                if info["general_answers"] else []),
              ("Answers with free text", info["open_answers"]),
              ("Documents (e-mails, letters, attachments)", info["documents"]),
              ("Themes published", sum(themes_published.values())),
              ("Themes found, published or not", sum(themes_found.values())),
              ("Codes", info["codes"]), ("Codings by analysts (made, imported or accepted)", info["codings_by_people"]),
              ("of which made by hand (or imported)", info.get("codings_by_hand", 0)),
              (f"of which model suggestions accepted ({info.get('accepted_in_bulk', 0):,} in bulk, not read one by one)",
               info.get("suggestions_accepted", 0)),
              ("Codings by a model, not reviewed", info["codings"] - info["codings_by_people"]),
              ("Organised campaigns", info["campaigns"]), ("Answers in campaigns", info["campaign_responses"])]
    for label, value in counts:
        sheet.pair(label, value, INTEGER)
    sheet.blank()
    sheet.note("Method", bold=True)
    rows_note = [] if with_rows else [
        "The framework matrix and the coded excerpts (a row per respondent or passage) are not in this annex: beside "
        "them a suppressed count could be counted up. A working copy with them: export with --respondent-sheets "
        "(or with small numbers not suppressed)."]
    honoured = consent.statement(project, suppress.threshold)  # who asked for anonymity or not to be published
    merged = counted_as_statement(project)  # one option in two languages counted once
    # respondents taken out after import: how many gives nobody away (the total beside the last edition's says it)
    withdrawn = withdrawal_statement(project, Suppress(0))
    agreed = published.note() if published is not None else ""  # after double coding: what the counts count
    for line in _method(project, redacted, without_themes) + [themes_sentence(themes_published, themes_found) + "."] \
            + [suppression_rule(suppress.threshold)] + rows_note \
            + [n for n in (agreed, withdrawn, honoured, merged) if n]:
        sheet.note(line)
    sheet.blank()
    sheet.note("What people reviewed and what is model output", bold=True)
    for line in release.review_statement(project, names=not redacted):
        sheet.note(line)
    if double_coded and info["codings"]:
        sheet.note("(The codings of the line above are every coder's own, as made, for who did what: an answer two "
                   "analysts coded alike is there twice. The Counts above, the Codebook, the framework matrix and the "
                   "coded excerpts count the agreed coding.)")
    if redacted and excerpt_note.startswith("Personal data in the text is redacted by patterns"):
        sheet.note("Coded excerpts: " + excerpt_note[0].lower() + excerpt_note[1:])
    sheet.blank()
    sheet.note("Who or what produced the labels", bold=True)
    rows = [(r.kind, r.source, r.model or NOT_APPLICABLE, r.labels,
             NOT_APPLICABLE if r.in_effect is None else r.in_effect) for r in reporting.label_provenance(project)]
    sheet.table("Provenance", ["Label", "Source", "Model and version", "Labels", "In effect"], rows,
                formats={3: INTEGER, 4: INTEGER}, style="TableStyleLight1")
    sheet.blank()
    sheet.note("Contents", bold=True)
    sheet.table("Contents", ["Sheet", "What it holds"], [(Link(title, title), what) for title, what in contents],
                style="TableStyleLight1")


def _method(project: Project, redacted: bool, without_themes: list[str]) -> list[str]:
    from consult_analyser.pipeline.coding.check import checks_sentence
    from consult_analyser.pipeline.sectors.check import check_sentence
    from consult_analyser.pipeline.themes.check import theme_checks_sentence

    checked = check_sentence(checks.load(project, checks.SECTORS))
    suggested = checks_sentence(checks.load(project, checks.SUGGESTIONS), codings.coded_now(project))
    themed = theme_checks_sentence(checks.load(project, checks.THEMES))
    declared = attached.declared_words(project)  # their own, or a list's attached to the responses
    lines = [
        "Each respondent is counted once. A respondent's sector is the analyst's decision where there is one, "
        f"otherwise {declared}, otherwise a keyword rule, otherwise the sector model (see the table below).",
        *([checked] if checked else []),
        "Closed questions: respondents choosing each answer, overall and by sector; percentages are of those in the "
        "group who chose an answer.",
        "Open questions: themes were proposed by a topic model over the answers; each theme sheet gives every theme's "
        "status (signed off by a team lead, edited by an analyst, or model output not reviewed). A theme's "
        "count is the number of respondents whose answer was assigned to it. A respondent can raise several themes.",
        *([themed] if themed else []),
        *([suggested] if suggested else []),
        "Organised campaigns (many near-identical responses) are included in the totals and summarised separately.",
        "Individuals are never named: the Organisations sheet lists only those responding for an organisation.",
        "On behalf of an organisation or as an individual: as an analyst decided, else as "
        + declared.replace("the type they declared", "the respondent declared").replace(
            "the type attached for them", "attached for them") + "; "
        "where they did not say, or ticked 'organisation' and wrote 'Myself' as its name, as their sector indicates "
        "(or, without a sector, whether they gave an organisation's name).",
        ("Quotes and excerpts were redacted automatically: personal data such as people's names, e-mail addresses "
         "and telephone numbers are replaced by placeholders ([name], [email], [phone], ...; the Notes sheet lists "
         "them). Redaction does not see what answers say together: "
         "in a small group, a place of birth, a course and a year of study can point to one person; check the "
         "quotes of small groups before publishing.") if redacted else
        "NOT REDACTED: quotes and excerpts may contain personal data. Do not publish this workbook.",
    ]
    if without_themes:
        lines.append("Open questions without themes yet (no theme sheet): " + ", ".join(without_themes) + ".")
    other = [language_name(code) for code in reporting.writers_by_language(project) if code and code != "en"]
    if other and project.scalar("SELECT COUNT(*) FROM themes"):
        lines.append(f"Languages: the theme model reads English. Answers written in {' and '.join(other)} were "
                     "grouped among themselves, and a theme whose answers are nearly all in one language is marked "
                     "with it; the same point made in two languages can be counted under two themes where an analyst "
                     "has not merged them. Read such themes' quotes before comparing their counts.")
    return lines


def _counted(counts: dict[str, int], names: dict[str, str], total: int, suppress: Suppress) -> list[tuple]:
    """Rows of a table of respondents by one attribute (name, count, share), small counts suppressed and
    further counts withheld where the total would give a hidden one away."""
    hide = suppress.withheld(list(counts.values()))
    return [(names.get(k, k), suppress.count_or_withheld(n, h), suppress.share_or_withheld(n, total, h))
            for (k, n), h in zip(counts.items(), hide, strict=True)]


def _respondents_sheet(workbook: Workbook, title: str, project: Project, labels: dict[str, str],
                       tables: set[str], suppress: Suppress) -> None:
    by_sector = reporting.respondents_by_sector(project)
    total = sum(v[0] for v in by_sector.values()) or 1
    sheet = SheetWriter(workbook, title, widths=[36, 14, 10], freeze="A", table_names=tables)
    sheet.title_row("Respondents")
    sheet.note(f"{sum(v[0] for v in by_sector.values()):,} respondents, each counted once.")
    sheet.blank()
    order = [k for k in labels if k in by_sector] + [k for k in by_sector if k not in labels]
    # the total is published: further counts withheld so that no hidden one can be worked out (see disclosure)
    # (no split of each sector by organisation and individual: beside the Cover's totals it gave a
    # sector's "<5" individuals back, and a sector is one side or the other but for a few)
    hide = suppress.withheld([by_sector[k][0] for k in order])
    rows = [(labels.get(k, k), suppress.count_or_withheld(by_sector[k][0], hide[r]),
             suppress.share_or_withheld(by_sector[k][0], total, hide[r])) for r, k in enumerate(order)]
    sector_span = sheet.table("By_sector", ["Sector", "Respondents", "Share"], rows, formats={1: INTEGER, 2: PERCENT})
    if len(rows) == 1:  # a chart of one bar says nothing a sentence does not
        sheet.note(f"All {total:,} respondents are in one sector: {rows[0][0]}.")
    sheet.blank()
    channels = reporting.respondents_by_channel(project)
    channel_span = sheet.table("By_channel", ["Channel", "Respondents", "Share"], _counted(channels, CHANNEL_LABELS,
                                                                                       total, suppress),
                               formats={1: INTEGER, 2: PERCENT})
    if len(channels) == 1:  # (trial 51: the sheet's only chart was one bar, "Online survey 100%")
        (channel,) = channels
        sheet.note(f"All {total:,} respondents answered {CHANNEL_WORDS.get(channel, f'by {channel}')}.")
    sheet.blank()
    types = reporting.respondents_by_type(project)
    sheet.table("By_type", ["Responding", "Respondents", "Share"],
                [(TYPE_LABELS[kind], suppress.count_or_withheld(n, n < 0), suppress.share_or_withheld(n, total, n < 0))
                 for kind, n in published_kinds(types.get("organisation", 0), types.get("individual", 0),
                                                 types.get("not stated", 0), suppress)],
                formats={1: INTEGER, 2: PERCENT})
    sheet.blank()
    place, by_place = store_sectors.respondents_by_place(project)
    if by_place:  # an EU consultation's summary gives respondents by country of origin
        sheet.table("By_place", [place, "Respondents", "Share"],
                    _counted(by_place, {}, total, suppress),
                    formats={1: INTEGER, 2: PERCENT})
        sheet.blank()
    # the charts beside the tables they draw (column E, right of the three-column tables), one under the other
    top = sector_span.header_row
    if len(rows) > 1 and not any(isinstance(r[1], str) for r in rows):
        height = max(7.5, min(13.0, 0.55 * len(rows) + 3))
        sheet.bar_chart(sector_span, label_col=1, value_cols=[2], title="Respondents by sector", anchor=f"E{top}",
                        height=height, width=14.5)
        top += int(height / 0.5) + 2  # rows of 15 points (0.53 cm)
    if len(channels) > 1:
        sheet.bar_chart(channel_span, label_col=1, value_cols=[2], title="Respondents by channel", height=6, width=11,
                        anchor=f"E{max(top, channel_span.header_row)}")


def _organisations_sheet(workbook: Workbook, title: str, project: Project, labels: dict[str, str],
                         tables: set[str], label: Callable[[str], str], screen: bool, unconfirmed: int = 0) -> list[str]:
    """The Organisations sheet; with ``screen`` (a redacted annex) returns the (published) ids of
    respondents left out because their organisation field holds personal data, for review. ``unconfirmed``:
    how many names the model filed as organisations wait for an analyst (:func:`unconfirmed_by_name`)."""
    from consult_analyser.pipeline.sectors.orgnames import listed_organisations

    rows, personal = responding_organisations(project, screen)
    held = [r.external_id for r in personal]  # named for the analyst's review on screen, never in the annex
    entries = listed_organisations((r.organisation, r.sector) for r in rows)
    spellings = ["; ".join(n for n in e.spellings if n != e.name) or NOT_APPLICABLE for e in entries]
    sheet = SheetWriter(workbook, title, widths=organisation_widths(
        [e.name for e in entries], [labels.get(e.sector, e.sector) for e in entries], spellings),
        freeze="A", table_names=tables, portrait=True)
    sheet.title_row("Responding organisations")
    sheet.note((f"{len(entries):,} organisations, by sector." if entries else
                "No respondent gave an organisation's name, so none is listed.")
               + " Individuals are not listed; names that are not "
               "organisations (\"Self\", \"N/A\", \"Retired\") are left out and spellings of one name "
               "(case, punctuation, \"The\", \"Ltd\"/\"Limited\") are merged. A sector the model was unsure "
               "of shows as Not classified."
               + (f" {len(held):,} entries that look like a person's details are left out for review." if held else "")
               + (f" {unconfirmed:,} respondents the model filed under an organisation's sector gave only a name, "
                  "which may be a person's: they are listed once an analyst confirms their sector."
                  if unconfirmed else "")
               + (f" {withheld:,} respondents who gave an organisation's name asked to be published anonymously or not "
                  "at all, and are not listed." if (withheld := withheld_organisations(project)) else ""))
    sheet.blank()
    # printed upright, long names wrapping in their column (they ran into the Sector column: "...UnknownMass"),
    # the header on every page: a list of 3,700 organisations took 75 landscape pages
    sheet.repeat_header(sheet.table(
        "Organisations", ["Organisation", "Sector", "Responses", "Spellings merged"],
        ((e.name, labels.get(e.sector, e.sector), e.respondents, merged)
         for e, merged in zip(entries, spellings, strict=True)), formats={2: INTEGER}, wrap=[0, 1, 3]))
    return held


def organisation_widths(names: list[str], sectors: list[str], spellings: list[str]) -> list[float]:
    """The Organisations sheet's column widths: each text column as wide as its longest entry, within
    bounds (a longer one wraps), so that the page fitted to their width keeps its type readable."""
    def width(texts: list[str], header: str, least: int, most: int) -> float:
        return float(min(most, max(least, len(header) + 2, *(len(t) + 2 for t in texts))))

    return [width(names, "Organisation", 24, 50), width(sectors, "Sector", 10, 36), 11.0,
            width(spellings, "Spellings merged", 18, 40)]


def _campaigns_sheet(workbook: Workbook, title: str, rows: list[published_campaigns.CampaignRow], respondents: int,
                     redactor: Redactor, tables: set[str]) -> None:
    sheet = SheetWriter(workbook, title, widths=[36, 10, 12, 12, 90], freeze="A", table_names=tables)
    sheet.title_row("Organised campaigns")
    sheet.note("Groups of near-identical responses to one question. They count in every total; the text shown is "
               "the campaign's standard wording. A respondent answers a question once, so a campaign's responses "
               "and its respondents are the same number.")
    sheet.blank()
    texts = redactor([r.canonical_text for r in rows])
    published = campaign_labels(rows, redactor)
    labels = [published[r.id] for r in rows]
    campaigns_span = sheet.table(
        "Campaigns", ["Campaign", "Question", "Respondents", "Share of all respondents", "Text"],
        [(label, r.question_key, r.respondents, r.respondents / max(respondents, 1), text)
         for r, label, text in zip(rows, labels, texts, strict=True)], formats={2: INTEGER, 3: PERCENT},
        wrap=[0, 4])  # a long campaign name wraps instead of running into the Question column
    sheet.repeat_header(campaigns_span)
