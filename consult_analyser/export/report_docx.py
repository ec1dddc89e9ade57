"""A Word summary of the consultation: who responded, then per question the answers or themes with
counts, the sector pattern and a few (redacted) quotes. A draft for the team lead to edit."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from consult_analyser import __version__
from consult_analyser.domain import NO_ANSWER_LABEL, Question, QuestionKind, counted, now_iso, percent
from consult_analyser.export.docx_style import (
    add_caption,
    add_contents,
    field,
    make_accessible,
    mark_table,
    plain_first_column,
)
from consult_analyser.export.editions import change_lines, edition_heading, supersedes, themes_sentence, when
from consult_analyser.export.published_coding import published_coding
from consult_analyser.export.safety import defang_links, make_redactor, replace_atomically, xml_clean
from consult_analyser.export.summaries import (
    Suppress,
    answered_sentence,
    natural_order,
    no_substantive_answer,
    no_theme_sentence,
    published_kinds,
    published_report,
    question_heading,
    sector_pattern,
    sectors_present,
    small_counts_threshold,
    suppression_rule,
    withdrawal_statement,
    withheld_sectors,
)
from consult_analyser.export.theme_split import SplitError, check_split, stance_line, theme_split
from consult_analyser.letter_text import letter_body
from consult_analyser.pipeline.coding.agreement import AgreementReport
from consult_analyser.pipeline.themes.languages import language_name
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import attached, consent, published_campaigns, release, reporting
from consult_analyser.store import editions as store_editions
from consult_analyser.store import team as team_store
from consult_analyser.store.editions import Pending
from consult_analyser.store.field_values import counted_as_statement
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.store.theme_report import QuestionReport
from consult_analyser.store.themes import UNCLASSIFIED

TABLE_STYLE = "Light List Accent 1"  # its header row's colours are made accessible (docx_style)
EMPTY_CELL = "(blank)"
#: candidate themes described (with quotes) for a question none of whose themes is signed off; the
#: rest are in its table and the annex (every candidate described made the sample's draft 272 pages)
DRAFT_DETAILED = 5
#: campaigns listed with their wording in the report (the annex's Campaigns sheet has them all)
CAMPAIGNS_LISTED = 10


@dataclass
class ReportResult:
    path: Path
    questions: int = 0
    themes: int = 0
    described: int = 0  # themes with a section of their own (every signed-off one; the largest candidates)
    quotes: int = 0


def _t(text: object) -> str:
    return defang_links(xml_clean(str(text)))  # no live links from answers


def _campaigns(document, project: Project, info: dict, redactor, suppress: Suppress) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Organised campaigns, with what they said: a campaign of 40,000 letters is the largest group of
    respondents in a consultation, whether or not a theme of it is signed off (then its letters are
    "in none of the themes shown" under their question)."""
    # a heading of its own (trial 41: the campaigns sat under "What was reviewed", out of reach of the
    # headings' navigation)
    document.add_heading("Organised campaigns", level=1)
    intro = document.add_paragraph(_t(f"{counted(info['campaigns'], 'organised campaign')} "
                              f"{'accounts' if info['campaigns'] == 1 else 'account'} for "
                              f"{counted(info['campaign_responses'], 'answer')}; they are included in every count "
                              "below. The largest, with the start of the standard wording each sent (small edits "
                              "aside; every campaign is in the annex's Campaigns sheet):"))
    intro.paragraph_format.keep_with_next = True  # with the table's caption and first rows
    rows = published_campaigns.campaigns(project)[:CAMPAIGNS_LISTED]
    # from its opening: a campaign's first sentence is its request ("I am writing as a parent to support making
    # the guidance statutory"), which a quote's passage, chosen past "I am writing", had left out
    wordings = redactor([_opening(r.canonical_text, 300) for r in rows])
    _table(document, "Organised campaigns by number of respondents", ["Standard wording", "Question", "Respondents"],
           [[wording, r.question_key, suppress.count_text(r.respondents)]
            for r, wording in zip(rows, wordings, strict=True)], plain_first=True, keep_together=False,
           first_width=10.0)


def _opening(text: str, limit: int) -> str:
    """A letter's wording from its first sentence (its greeting and sign-off left out), cut at a word
    with "…" past ``limit`` characters."""
    flat = " ".join(letter_body(text).split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"


def _table(document, caption: str, headers: list[str], rows: list[list[object]], *,  # type: ignore[no-untyped-def]
           plain_first: bool = False, keep_together: bool = True, first_width: float = 8.0) -> None:
    """A table captioned "Table N: <caption>" whose first column (the theme, sector or answer) takes
    ``first_width`` cm (half the width), the figures the rest. ``plain_first``: the first column's text not
    in bold (a campaign's wording: paragraphs in bold are hard to read). ``keep_together``: a short table
    kept on one page; otherwise only its header row stays with its first row (trial 41: ten campaigns'
    wordings, kept together, did not fit below the introduction and left page 6 all but empty)."""
    caption = add_caption(document, _t(caption))
    table = document.add_table(rows=1, cols=len(headers))
    table.autofit = False
    try:
        table.style = TABLE_STYLE
    except (KeyError, ValueError):
        table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = _cell_text(header)
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = _cell_text(value)
            if i and isinstance(value, str) and (value[:1].isdigit() or value[:1] in "<["):  # "<1%", "<5", "[c]"
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark_table(table, caption)
    if plain_first:
        plain_first_column(table)
    widths = [Cm(w) for w in column_widths(headers, first_width)]
    for row in table.rows:  # Word reads each cell's width; LibreOffice the columns'
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    if len(table.rows) <= 25:  # a short table stays on one page: it broke after its header row
        for row in (table.rows[:-1] if keep_together else table.rows[:1]):
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


#: the page's text width a table takes (cm), the least its first column keeps, and the width of a bold header's
#: character and a cell's margins (cm) by which a header's longest word is kept whole
TABLE_WIDTH, LEAST_FIRST, HEADER_CHAR, CELL_MARGINS = 16.0, 5.0, 0.25, 0.6


def column_widths(headers: list[str], first_width: float = 8.0) -> list[float]:
    """Each column's width (cm): the first ``first_width``, the figures' columns sharing the rest, each at least as
    wide as its header's longest word (trial 49: "Respondents" in a 3 cm column was printed "Respondent / s"), the
    first column giving way for it down to :data:`LEAST_FIRST`."""
    if len(headers) < 2:
        return [TABLE_WIDTH]
    needs = [max((len(w) for w in str(h).split()), default=1) * HEADER_CHAR + CELL_MARGINS for h in headers[1:]]
    share = (TABLE_WIDTH - first_width) / len(needs)
    rest = [max(share, need) for need in needs]
    first = max(LEAST_FIRST, TABLE_WIDTH - sum(rest))
    spare = TABLE_WIDTH - first - sum(rest)  # (negative: too many columns to fit; each keeps its need)
    if spare > 0:
        rest = [w + spare / len(rest) for w in rest]
    return [first, *rest]


def _cell_text(value: object) -> str:
    """No empty cell (a screen reader says "blank", and nothing tells a reader whether one was lost)."""
    return _t(value).strip() or EMPTY_CELL


def _page_numbers(document) -> None:  # type: ignore[no-untyped-def]
    """"Page 3 of 12" at the foot of every page (Word's PAGE and NUMPAGES fields; both Word and
    LibreOffice fill them in when the document is shown or printed)."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    field(paragraph, "NUMPAGES", "1")


def _properties(props, title: str) -> None:  # noqa: ANN001 - docx CoreProperties
    """The file's own properties: its title, made now by Consult Analyser (python-docx's template
    said "python-docx", 2013, en-US); no person's name."""
    import datetime

    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    props.title, props.author, props.last_modified_by = title, f"Consult Analyser {__version__}", ""
    props.comments = props.subject = props.keywords = ""
    props.category = "Consultation analysis"
    props.created = props.modified = now
    props.revision = 1
    props.language = "en-GB"


def export_report(project: Project, path: str | Path, *, redact: bool = True, quotes: int = 3,
                  progress: ProgressFn | None = None, small_counts: int | None = None,
                  split_by: str | None = None, edition: Pending | None = None) -> ReportResult:
    """Write the summary report (.docx). Quotes are redacted unless ``redact`` is False. Small
    numbers are suppressed as in the annex (``small_counts``: see
    :func:`~consult_analyser.export.summaries.small_counts_threshold`). ``split_by``: each question's
    themes by a closed question or a respondent detail too, as in the annex (a name that names nothing
    is refused: :class:`~consult_analyser.export.theme_split.SplitError`). ``edition``: the edition the file will
    be (:func:`consult_analyser.store.editions.prepare`), which its first page states with what changed since the
    one before (None: a file written outside an export, which says so)."""
    if split_by:
        check_split(project, split_by)
    progress = progress or null_progress
    path = Path(path)
    suppress = Suppress(small_counts_threshold(project, small_counts))
    redactor = make_redactor(redact)
    info = reporting.overview(project)
    labels = reporting.sector_labels(project)
    result = ReportResult(path)
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    make_accessible(document, TABLE_STYLE)
    details = release.release_details(project)
    title = _t(release.document_title(details.title, "summary of responses"))
    _properties(document.core_properties, title)
    _page_numbers(document)
    document.add_heading(title, level=0)
    if details.publisher or details.contact:
        document.add_paragraph(_t(" ".join(part for part in (
            f"Published by {details.publisher}." if details.publisher else "",
            f"Contact: {details.contact}." if details.contact else "") if part)))
    themes_published, themes_found = store_editions.theme_counts(project)
    opening = document.add_paragraph(_t(
        _edition_sentence(project, edition) + " "
        + _respondents_phrase(info, suppress) + " gave "
        f"{counted(info['answers'] - info['general_answers'], 'answer')} to {counted(info['questions'], 'question')}"
        + (f" and {counted(info['general_answers'], 'general comment')} in letters on no question"
           if info["general_answers"] else "")
        + (f"; {counted(info['documents'], 'document')} were received" if info["documents"] else "") + "."
        + _sides_sentence(info)
        + _languages_sentence(reporting.writers_by_language(project), suppress)
        + f" It reports {themes_sentence(themes_published, themes_found)}."))
    last = opening
    if edition is not None and edition.previous is not None:
        changed = change_lines(project, edition, suppress, redactor)
        last = document.add_paragraph(_t(f"Changes since {supersedes(edition)}" + (":" if changed else
                                                                                     ": none in the figures.")))
        for line in changed:
            last = document.add_paragraph(_t(line), style="List Bullet")
    document.add_heading("What was reviewed", level=1)
    for line in release.review_statement(project, names=not redact):
        document.add_paragraph(_t(line), style="List Bullet")
    published = published_coding(project)  # after double coding, the counts of codes are the agreed coding's
    agreement = published.agreement
    if agreement is not None or published.double_coded:
        document.add_heading("Agreement between coders", level=1)
    if agreement is not None:
        document.add_paragraph(_t(agreement_paragraph(project, agreement, names=not redact)))
    if published.double_coded:
        document.add_paragraph(_t(published.note() + " The annex's Codebook, framework matrix and coded excerpts "
                                  "count the same way; the codings under \"What was reviewed\" are every coder's own, "
                                  "as made."))
    if info["campaigns"]:
        _campaigns(document, project, info, redactor, suppress)
    _who_responded(document, project, labels, suppress)
    questions = list_questions(project)
    counts = reporting.question_counts(project)
    themed = reporting.questions_with_themes(project)
    empty = reporting.QuestionCounts({}, {}, {})
    for number, question in enumerate(questions):
        progress(number / max(len(questions), 1), f"question {question.key}")
        document.add_heading(_t(question_heading(question.key, question.wording)), level=1)
        answers = counts.get(question.id, empty)
        if question.kind != QuestionKind.OPEN:
            _closed(document, question, answers, suppress)
        if question.kind != QuestionKind.CLOSED:
            if question.id in themed:
                summary = published_report(project, question, redactor, quotes=quotes,
                                           draft_quoted=DRAFT_DETAILED + 1)  # (one may be the non-answers)
            else:
                summary = QuestionReport(question.id, answers.answered_text, answers.with_text, [], [], False)
            _themes(document, question.key, summary, labels, result, suppress,
                    no_substantive_answer(project, question.id), names=not redact)
            if split_by and summary.themes:
                _split_table(document, project, question, summary, split_by, suppress)
        result.questions += 1
    document.add_heading("About these figures", level=1)
    for line in _notes(redact, suppress.threshold, attached.declared_words(project)) + [
            # how many were withdrawn gives nobody away (the total beside the last edition's says it): not suppressed
            n for n in (withdrawal_statement(project, Suppress(0)), consent.statement(project, suppress.threshold),
                        counted_as_statement(project)) if n]:
        document.add_paragraph(_t(line), style="List Bullet")
    add_contents(document, after=last)
    with replace_atomically(path) as tmp:
        document.save(str(tmp))
    progress(1.0, "report written")
    return result


def _edition_sentence(project: Project, edition: Pending | None) -> str:
    """The opening's first sentence: "Draft, edition 2 of 2026-12-08 14:05, made from srai.consult with Consult
    Analyser 0.1.0; it supersedes edition 1 of 2026-12-07." """
    made = f"with Consult Analyser {__version__}"
    if edition is None:
        return f"Draft produced on {when(now_iso())} from {project.path.name} {made} (not recorded as an edition)."
    if edition.number is None:
        return f"Draft {made}; edition {edition_heading(edition)}."
    before = supersedes(edition)
    return (f"Draft, {edition_heading(edition)[0].lower()}{edition_heading(edition)[1:]} {made}; "
            + (f"it supersedes {before}." if before else "the first edition."))


_KIND_WORDS = {"organisation": "on behalf of organisations", "individual": "as individuals",
               "not stated": "did not say", "individual or not stated": "as individuals or did not say"}


def _respondents_phrase(info: dict, suppress: Suppress) -> str:  # type: ignore[type-arg]
    """The opening's subject: "125 respondents (40 on behalf of organisations, 80 as individuals, 5 did
    not say)"; when nobody's side is known, "125 respondents, none of whom said whether ..." (trial
    35: "(0 on behalf of organisations, 0 as individuals, 125 did not say; ...)")."""
    total = info["respondents"]
    subject = counted(total, "respondent")
    if not total:
        return subject
    if not info["organisations"] and not info["individuals"]:
        who = "none of whom said" if total > 1 else "who did not say"
        return f"{subject}, {who} whether they responded on behalf of an organisation or as an individual,"
    return subject + " (" + ", ".join(
        f"{'withheld' if n < 0 else suppress.count_text(n)} {_KIND_WORDS[kind]}"
        for kind, n in published_kinds(info["organisations"], info["individuals"], info.get("not_stated") or 0,
                                       suppress)) + ")"


def _sides_sentence(info: dict) -> str:  # type: ignore[type-arg]
    """How those who did not say which side they answered for are counted, when some of them were
    placed (by their sector, or an analyst): "" when every respondent said, or none was placed."""
    unsaid = info["respondents"] - info["declared_type"]
    placed = unsaid - (info.get("not_stated") or 0)
    if unsaid <= 0 or placed <= 0:
        return ""
    return (" Respondents who did not say whether they responded for an organisation are counted as their sector "
            "indicates (without a sector, by whether they gave an organisation's name)"
            + (", where either does" if info.get("not_stated") else "") + ".")


def agreement_paragraph(project: Project, report: AgreementReport, *, names: bool = True) -> str:
    """The overall agreement of the double-coded answers, in words, with the annex's figures:
    answers double-coded, units, percent agreement, kappa, alpha, per-answer F1, disagreements
    and the lead's decisions; and what is not compared yet. ``names``: name the coders (a working
    copy), else number them as every published file does."""
    staff = {} if names else release.staff_pseudonyms(project)

    def label(coder: str) -> str:
        return coder if names else staff.get(coder, "an analyst")

    def ratio(value: float | None) -> str:
        return "undefined" if value is None else f"{value:.2f}"

    overall = report.overall
    decisions = team_store.adjudications(project)
    decided = sum(1 for d in report.disagreements if (d.response_id, d.code_id) in decisions)
    agreed = "" if overall.percent_agreement is None else \
        f"the coders agreed on {overall.percent_agreement:.1%} of them; "
    text = (f"{counted(report.answers, 'answer')} {'was' if report.answers == 1 else 'were'} coded blind by two "
            f"analysts each ({', '.join(label(c) for c in report.coders)}). Over the "
            f"{counted(overall.n, 'unit')} compared (each answer with each code used on its question: applied or "
            f"not), {agreed}Cohen's kappa (mean over coder pairs) was {ratio(overall.kappa)}, Krippendorff's alpha "
            f"{ratio(overall.alpha)} and the mean per-answer F1 {ratio(overall.f1)}. "
            + _disagreements_sentence(len(report.disagreements), decided)
            + " The annex's Agreement sheet gives each code's figures.")
    if report.waiting:
        text += " Not yet compared: " + report.waiting_note(label)
    return text


def _disagreements_sentence(disagreements: int, decided: int) -> str:
    """"The coders disagreed on 105 units; the lead has decided 3 of them. The figures are ..."."""
    if not disagreements:
        return "The coders disagreed on no unit."
    done = "none" if not decided else "all" if decided >= disagreements else f"{decided:,}"
    return (f"The coders disagreed on {counted(disagreements, 'unit')}; the lead has decided {done} of them. The "
            "figures are those of the blind coding, before any decision.")


def _languages_sentence(writers: dict[str, int], suppress: Suppress) -> str:
    """" 288 respondents wrote in English and 109 in Welsh." ("" for one language)."""
    if not writers:
        return ""
    parts = [f"{suppress.count_text(n)} in {language_name(code)}" for code, n in writers.items() if code]
    said = ", ".join(parts[:-1]) + " and " + parts[-1]
    short = f" ({suppress.count_text(writers[''])} wrote too little to tell)" if writers.get("") else ""
    return f" By the language of their answers, {said}{short}."


def _who_responded(document, project: Project, labels: dict[str, str],  # type: ignore[no-untyped-def]
                   suppress: Suppress) -> None:
    document.add_heading("Who responded", level=1)
    by_sector = reporting.respondents_by_sector(project)
    total = sum(v[0] for v in by_sector.values()) or 1
    order = [k for k in labels if k in by_sector] + [k for k in by_sector if k not in labels]
    _table(document, "Respondents by sector", ["Sector", "Respondents", "Share"], _counted(
        [(labels.get(k, k), by_sector[k][0]) for k in order], total, suppress))


def _closed(document, question: Question, answers: reporting.QuestionCounts,  # type: ignore[no-untyped-def]
            suppress: Suppress) -> None:
    by_choice = answers.by_choice()
    total = answers.answered_choice
    if not total:
        return
    choices = natural_order([c for c in question.choices if c in by_choice]
                            + sorted(c for c in by_choice if c not in question.choices))
    several = " They could tick several options, so the shares add up to more than 100%." if answers.several else ""
    document.add_paragraph(_t(f"{total:,} respondents chose an answer (the annex breaks this down by sector).{several}"))
    _table(document, f"{question.key} answers by option", ["Answer", "Respondents", "Share"], _counted([(c, by_choice[c]) for c in choices], total, Suppress(0)))  # a one-way table: in full


def _counted(rows: list[tuple[str, int]], total: int, suppress: Suppress) -> list[list[object]]:
    """Rows of (name, count, share) as text; small counts suppressed, and further counts withheld
    where the published total would give a hidden one away."""
    hide = suppress.withheld([n for _, n in rows])
    return [[name, suppress.SHARE_MARK if h else suppress.count_text(n), suppress.SHARE_MARK if h else
             suppress.share_text(n, total)] for (name, n), h in zip(rows, hide, strict=True)]


def _themes(document, question_key: str, summary: QuestionReport, labels: dict[str, str],  # type: ignore[no-untyped-def]
            result: ReportResult, suppress: Suppress, no_answer: int = 0, *, names: bool = False) -> None:
    if not summary.themes:
        document.add_paragraph(_t(f"{summary.answered:,} respondents answered in free text. No themes have been "
                                  "identified for this question yet."))
        return
    status = ("signed-off themes" if summary.signed_off_only else
              "themes (none signed off yet: candidates proposed by the topic model, and edited ones, are shown)")
    document.add_paragraph(_t(f"{answered_sentence(summary.answered, no_answer, threshold=suppress.threshold)}."
                              + no_theme_sentence(summary.in_no_theme, summary.signed_off_only, summary.in_no_theme_campaign)
                              + f" The {status} below are ordered by how many respondents raised them; a respondent "
                              "can raise several."))
    if any(t.theme.parent_id for t in summary.themes):
        document.add_paragraph(_t("A parent theme's count is of the respondents placed in it; its sub-themes' "
                                  "respondents are counted under the sub-themes, not added to the parent's."))
    _table(document, f"{question_key} themes by number of respondents", ["Theme", "Respondents", "Share"],
           [[t.theme.label, suppress.count_text(t.respondents), suppress.share_text(t.respondents, summary.answered)]
            for t in summary.themes])
    result.themes += len(summary.themes)
    # a draft describes the largest candidates that say something: "No substantive answer" stays in the table
    described = summary.themes if summary.signed_off_only else [
        t for t in summary.themes if t.theme.label != NO_ANSWER_LABEL][:DRAFT_DETAILED]
    if described and len(described) < len(summary.themes):  # (none described: the table says it all)
        rest = len(summary.themes) - len(described)
        document.add_paragraph(_t(
            ("The largest candidate theme is described below; the other " if len(described) == 1 else
             f"The {len(described)} largest candidate themes are described below; the other ")
            + (f"{rest} is" if rest == 1 else f"{rest} are") + " in the table above and in the annex, and each theme "
            "is described here once it is signed off."))
    for theme in described:
        document.add_heading(_t(theme.theme.label), level=2)
        status = theme.theme.status.value
        document.add_paragraph(_t(
            f"Signed off by {release.signer(theme.theme.signed_off_by, names=names)} on "
            f"{theme.theme.signed_off_at[:10]}." if status == "signed_off"
            else "Edited by an analyst; not signed off." if status == "edited"
            else "Model output (topic model); not reviewed."))  # upright: easier to read than italics
        if theme.theme.description:
            document.add_paragraph(_t(theme.theme.description))
        line = (f"Raised by fewer than {suppress.threshold} respondents" if suppress.small(theme.respondents) else
                f"Raised by {counted(theme.respondents, 'respondent')} ({percent(theme.share)} of those who answered)")
        if theme.campaign_respondents:
            line += f", {suppress.count_text(theme.campaign_respondents)} of them through an organised campaign"
        # not a sector whose count the annex withholds beside the theme's total (it would give it back)
        hidden = withheld_sectors(theme, sectors_present(labels, summary.answered_by_sector), suppress)
        pattern = sector_pattern(theme, summary.answered_by_sector, labels, min_count=suppress.threshold,
                                 withheld=hidden)
        # with small numbers suppressed, a group too small to show may have raised it more often
        lead_in = ("Most often raised, among groups large enough to show, by" if suppress.threshold > 1
                   else "Most often raised by")
        document.add_paragraph(_t(line + (f". {lead_in}: {pattern}." if pattern else ".")))
        split = stance_line(summary, theme, suppress.threshold)  # as the annex shows it (one rule for every count)
        if split:
            document.add_paragraph(_t(f"Share among those who answered the closed question: {split}."))
        for quote in theme.quotes:
            paragraph = document.add_paragraph(_t(f"“{quote.text}”"), style="Quote")
            if quote.sector != UNCLASSIFIED:  # who said it, where anyone knows
                paragraph.add_run(_t(f" ({labels.get(quote.sector, quote.sector)})"))
            result.quotes += 1
        result.described += 1


def _split_table(document, project: Project, question: Question, summary: QuestionReport,  # type: ignore[no-untyped-def]
                 split_by: str, suppress: Suppress) -> None:
    """Each theme's share among those who gave each answer to ``split_by`` (export --by), small counts and
    the cells that would give them back withheld."""
    try:
        split = theme_split(project, question.id, split_by)
    except SplitError:  # the question split by itself
        return
    counts = split.counts([t.theme.id for t in summary.themes])
    hidden = suppress.withheld_cells(counts)
    # a heading of its own: after the last theme described, the table read as that theme's
    by = textwrap.shorten(split.by, 60, placeholder=" …")  # at a word's end, not "... to increase it"
    document.add_heading(_t(f"{question.key} themes by {by}"), level=2)
    document.add_paragraph(_t(f"Each theme's share among those who answered here, by {split.by} "
                              "(of those who gave each answer)."))
    rows: list[list[object]] = []
    for r, (t, row) in enumerate(zip(summary.themes, counts, strict=True)):
        rows.append([t.theme.label, *(suppress.SHARE_MARK if (r, k) in hidden or suppress.small(n)
                                      else suppress.share_text(n, split.answered[v])
                                      for k, (v, n) in enumerate(zip(split.values, row, strict=True)))])
    _table(document, f"{question.key} themes by {by}",
           ["Theme"] + [f"{v} ({suppress.count_text(split.answered[v])})" for v in split.values], rows)


def _notes(redacted: bool, threshold: int, declared: str = "the type they declared") -> list[str]:
    return [
        suppression_rule(threshold, "report"),
        "Counts are of respondents; each respondent is counted once per question.",
        f"Sectors are each respondent's effective sector: an analyst's decision, else {declared}, else a "
        "keyword rule, else the sector model.",
        "Shares for a theme are of the respondents who answered the question in free text. Sector patterns compare "
        "the share of each sector's respondents raising the theme (sectors with fewer than five answers are left out).",
        "Quotes were redacted automatically (names, e-mail addresses, telephone numbers replaced by placeholders)."
        if redacted else "Quotes are NOT redacted: check them for personal data before sharing this document.",
    ]
