"""Annex sheets for questions: closed answers by sector, open questions' themes."""

from __future__ import annotations

from dataclasses import replace

from openpyxl import Workbook

from consult_analyser.domain import NO_ANSWER_LABEL, Question, counted, percent
from consult_analyser.export.disclosure import protect_table
from consult_analyser.export.safety import Redactor
from consult_analyser.export.summaries import (
    CHANNEL_LABELS,
    Suppress,
    answered_sentence,
    natural_order,
    no_substantive_answer,
    no_theme_sentence,
    published_report,
    question_heading,
    sectors_present,
    withheld_sectors,
)
from consult_analyser.export.theme_split import SplitError, side_shares, theme_split
from consult_analyser.export.xlsx_print import PRINT_WIDTH, blocks, keep_on_page, table_height
from consult_analyser.export.xlsx_writer import INTEGER, NOT_APPLICABLE, PERCENT, SheetWriter, TableSpan
from consult_analyser.store import release, reporting, responses
from consult_analyser.store.project import Project
from consult_analyser.store.theme_report import STANCES, QuestionReport, ReportedTheme, stance_phrase


def write_closed_question(workbook: Workbook, title: str, question: Question, answers: reporting.QuestionCounts,
                          labels: dict[str, str], tables: set[str], suppress: Suppress | None = None) -> int:
    """Each answer option overall, then by sector (shares, then counts), in the options' natural
    order (rating scales from their positive end). Small numbers are suppressed.

    Returns the number of respondents who chose an answer."""
    suppress = suppress or Suppress()
    counts = answers.closed
    by_sector = dict(answers.with_choice)  # respondents who chose: the base of every share
    by_choice = answers.by_choice()
    total = answers.answered_choice
    choices = natural_order([c for c in question.choices if c in by_choice]
                            + sorted(c for c in by_choice if c not in question.choices))
    sectors = sectors_present(labels, by_sector)
    # each note one cell, running on to the right (rows of wrapped notes above a frozen header filled
    # the screen); the first table's header and the answers' column stay in view
    widths: list[float] = [34.0] + [13.0] * (1 + len(choices))
    parts = None
    if sum(widths) > PRINT_WIDTH:  # a column per answer would not print readably: a row per answer instead
        widths = [34.0, 13.0, 13.0]
        parts = blocks(widths, [f"{labels.get(s, s)} (n={by_sector[s]:,})" for s in sectors])
    sheet = SheetWriter(workbook, title, widths=widths, freeze="B", table_names=tables)
    sheet.title_row(question_heading(question.key, question.wording))
    # notes short enough for the tables' width, each on one topic (a note runs on across empty cells)
    sheet.note(f"{total:,} respondents chose an answer. Percentages are of the respondents in each group who chose "
               "an answer; n is the number of respondents." + (
                   " Respondents could tick several options, so the shares add up to more than 100%."
                   if answers.several else ""))
    if suppress.threshold > 1:
        sheet.note(f"Each answer's count overall is shown in full. By sector, counts below {suppress.threshold} are "
                   f"shown as {suppress.mark}; percentages resting on them, and further counts that would give a hidden "
                   f"one away, as {suppress.SHARE_MARK} (see the Notes sheet).")
    sheet.note("Sectors are each respondent's effective sector (analyst, declared, rules or model, in that order "
               "of authority).")
    sheet.blank()
    # a count hidden as small is not to be worked out from the totals: further counts withheld as "[c]"
    # the table by sector, its margins (each group's size, each answer's count) and its total read together:
    # a small count is not to be worked out from any of them (a several-options question's do not add up)
    # the answers' counts overall are published in full (a one-way table: no attribute beside them, trial 48
    # read "Oppose [c] [c]" for 419 opponents as 1 was neutral): the cells by sector are withheld instead
    matrix = [[counts.get((c, s), 0) for c in choices] for s in sectors]
    cells, hidden_sizes, _ = protect_table(matrix, suppress.threshold, [by_sector[s] for s in sectors],
                                           [by_choice[c] for c in choices], exact=not answers.several,
                                           counts_published=True)
    sector_withheld = [r in hidden_sizes and not suppress.small(by_sector[s]) for r, s in enumerate(sectors)]
    rows = [[choice, by_choice[choice], by_choice[choice] / total if total else 0.0] for choice in choices]
    span = sheet.table(f"{question.key}_answers", ["Answer", "Respondents", "Share"], rows,
                       formats={1: INTEGER, 2: PERCENT})
    sizes = [suppress.count_or_withheld(by_sector[s], sector_withheld[r]) for r, s in enumerate(sectors)]
    # a share beside a withheld group size would give the size back; every count withheld reads "[c]", small or not
    shares = [[suppress.share_or_withheld(counts.get((c, s), 0), by_sector[s], (r, k) in cells or sector_withheld[r])
               for k, c in enumerate(choices)] for r, s in enumerate(sectors)]
    numbers = [[suppress.count_or_withheld(counts.get((c, s), 0), (r, k) in cells or suppress.small(counts.get((c, s), 0)))
                for k, c in enumerate(choices)] for r, s in enumerate(sectors)]
    shares_title = "Shares of each sector's respondents choosing each answer"
    numbers_title = "Respondents of each sector choosing each answer (n)"
    sheet.blank()
    if parts is not None:  # many answers: a row each, the sectors across in blocks of columns (trial 51: 80 columns)
        heads = [f"{labels.get(s, s)} (n={n:,})" if isinstance(n, int) else f"{labels.get(s, s)} (n={n})"
                 for s, n in zip(sectors, sizes, strict=True)]
        _blocked(sheet, f"{question.key}_by_sector", shares_title, heads, parts,
                 [[c] + [shares[r][k] for r in range(len(sectors))] for k, c in enumerate(choices)], "Answer", PERCENT)
        sheet.blank()
        _blocked(sheet, f"{question.key}_by_sector_n", numbers_title, heads, parts,
                 [[c] + [numbers[r][k] for r in range(len(sectors))] for k, c in enumerate(choices)], "Answer")
        sector_span = None
    else:
        sheet.note(shares_title + ":", bold=True)
        sector_span = sheet.table(f"{question.key}_by_sector", ["Sector", "Respondents"] + choices,
                                  [[labels.get(s, s), sizes[r], *shares[r]] for r, s in enumerate(sectors)],
                                  formats={i: (INTEGER if i == 1 else PERCENT) for i in range(1, len(choices) + 2)})
        sheet.blank()
        sheet.note(numbers_title + ":", bold=True)
        sheet.table(f"{question.key}_by_sector_n", ["Sector", "Respondents"] + choices,
                    [[labels.get(s, s), sizes[r], *numbers[r]] for r, s in enumerate(sectors)],
                    formats={i: INTEGER for i in range(1, len(choices) + 2)})
    sheet.blank()
    charts = []  # side by side on a page of their own (column E starts about 14 cm in)
    if len(choices) == 1:  # one bar of 100% says nothing a sentence does not
        sheet.note(f"No chart: all {total:,} respondents who chose an answer chose \"{choices[0]}\".")
    elif len(choices) > CHART_ANSWERS:  # the most chosen, and the rest as one bar (trial 51: 78 bars, a stamp)
        charts.append(_most_chosen(sheet, question.key, rows, total, answers.several))
    elif choices:
        charts.append((span, "A", {"label_col": 1, "value_cols": [3], "title": f"{question.key}: all respondents",
                                   "percent": True, "height": 7.5, "width": 13.5,
                                   "description": "Each answer's share of the respondents who chose an answer."}))
    hidden = any(isinstance(v, str) for r in shares for v in r)
    if choices and len(sectors) > 1 and (hidden or answers.several or sector_span is None):
        # a stacked bar reads a hidden share as nought, and stacks ticked options to 100%: false shares
        sheet.note("No chart of answers by sector: " + (
            f"a stacked bar of {len(choices)} answers could not be read; the tables above give them"
            if sector_span is None else "some of its shares are hidden as small numbers, which a "
            "chart would draw as nought" if hidden else
            "respondents could tick several options, which a stacked chart would add up to 100%") + ".")
    elif choices and len(sectors) > 1 and sector_span is not None:
        charts.append((sector_span, "E" if charts else "A", {
            "label_col": 1, "value_cols": list(range(3, len(choices) + 3)), "stacked": True, "percent": True,
            "title": f"{question.key}: answers by sector", "height": max(7.5, min(15.0, 0.85 * len(sectors) + 3)),
            "width": 13.0, "description": "For each sector, the shares of its respondents choosing each answer, "
                                          "stacked to 100%."}))
    sheet.charts_page(charts)
    return total


def write_question_themes(workbook: Workbook, title: str, project: Project, question: Question,
                          answered_by_sector: dict[str, int], labels: dict[str, str], redactor: Redactor,
                          tables: set[str], *, quotes: int = 3, redacted: bool = True,
                          suppress: Suppress | None = None, split_by: str | None = None) -> int:
    """A question's themes: description, counts, share, sector breakdown and quotes, from the
    read model the themes view shows (:func:`~consult_analyser.export.summaries.published_report`).

    Returns the number of themes written."""
    suppress = suppress or Suppress()
    summary = published_report(project, question, redactor, quotes=quotes)
    # the answers that say nothing go last, as "none" in a statistical table, and are no bar of the chart: at 79%
    # the themes' bars beside them were slivers (trial 51); their count stays in the tables
    nothing = [t for t in summary.themes if t.theme.label == NO_ANSWER_LABEL]
    summary = replace(summary, themes=[t for t in summary.themes if t.theme.label != NO_ANSWER_LABEL] + nothing)
    sectors = sectors_present(labels, summary.answered_by_sector)
    # narrow enough that the page fitted to the widest table prints its type at about 8.5 points (trial 48: 4.5,
    # the 15 columns by sector across the page); the tables by sector and by a split cut into blocks of columns
    widths: list[float] = [24, 13, 44, 14, 12, 10, 10]
    widths += [10] * (1 if summary.answered_by_letter else 0) + [12] * len(side_shares(summary, suppress.threshold).sides)
    try:
        split = theme_split(project, question.id, split_by) if split_by and summary.themes else None
    except SplitError:  # the question split by itself
        split = None
    sector_blocks = blocks(widths, [labels.get(s, s) for s in sectors])
    split_blocks = blocks(widths, split.values) if split is not None else []
    widths[2] = max(30.0, widths[2] - max(0.0, sum(widths) - PRINT_WIDTH))  # the description and quotes give way
    sheet = SheetWriter(workbook, title, widths=widths, freeze="B", table_names=tables)
    sheet.title_row(question_heading(question.key, question.wording))
    letters = summary.answered_by_letter
    sheet.note(answered_sentence(summary.answered, no_substantive_answer(project, question.id), letters,
                                 threshold=suppress.threshold)
               + "." + no_theme_sentence(summary.in_no_theme, summary.signed_off_only, summary.in_no_theme_campaign))
    quoted = any(t.quotes for t in summary.themes)
    charted, left_out = _charted(replace(summary, themes=summary.themes[:len(summary.themes) - len(nothing)]), suppress)
    sheet.note(f"Share = respondents raising the theme / {summary.answered:,}. A respondent can raise several "
               "themes. " + _follows(quoted, charted, left_out))
    # who said what, by the one rule the report follows too: the sides' sizes in full, no share of a side too
    # small to show (trial 48: "neutral [c]" here, "Neutral 0%" and "fewer than 5" in the report), blanks said
    shares = side_shares(summary, suppress.threshold)
    if summary.answered_by_stance:
        scale = summary.stance_scale
        present = [side for side in STANCES if summary.answered_by_stance.get(side)]
        sides = " or ".join(", ".join(stance_phrase(side, scale) for side in present).rsplit(", ", 1))
        middle = "; the middle group holds 'neither', 'don't know' and 'not sure'" \
            if summary.answered_by_stance.get("neutral") else ""
        sheet.note(f"Who said what: each theme's share among the respondents who {sides} in their closed answer "
                   f"({shares.groups()}; counted among those who also wrote an answer here, so they can be fewer than "
                   f"in the closed question's table{middle}).")
    if any(t.theme.parent_id for t in summary.themes):
        sheet.note("A parent theme's count is of the respondents placed in it; its sub-themes' respondents are "
                   "counted under the sub-themes, not added to the parent's.")
    sheet.note("Only the signed-off themes are shown." if summary.signed_off_only else
               "No theme of this question is signed off yet: every theme is shown with its status "
               "(candidate = proposed by the topic model, edited = changed by an analyst).")
    sheet.blank()
    names = {t.theme.id: t.theme.label for t in summary.themes}
    extra = ["Of which wrote to us"] if letters else []  # respondents whose letter raised the theme
    headers = ["Theme", "Parent theme", "Description", "Status", "Respondents", "Share of respondents",
               "Of which in campaigns", *extra]
    stances = shares.sides  # (a side too small to show has no column: the note above gives its size)
    headers += [f"Share among those who {stance_phrase(side, summary.stance_scale)}" for side in stances]
    # a theme's count is published: its sides' and sectors' hidden counts are not to be worked out from it
    by_side = shares.withheld  # (a share withheld reads "[c]", small or not)
    by_sector = {(r, sectors.index(s)) for r, t in enumerate(summary.themes) for s in withheld_sectors(t, sectors, suppress)}
    rows = [[t.theme.label, names.get(t.theme.parent_id or "", NOT_APPLICABLE), t.theme.description or NOT_APPLICABLE,
             _status(t.theme, redacted),
             suppress.count(t.respondents), suppress.share(t.respondents, summary.answered),
             suppress.count(t.campaign_respondents)]
            + ([suppress.count(t.letter_respondents)] if letters else [])
            + [suppress.share_or_withheld(t.by_stance.get(side, 0), summary.answered_by_stance[side], (r, k) in by_side)
               for k, side in enumerate(stances)]
            for r, t in enumerate(summary.themes)]
    formats = {4: INTEGER, 5: PERCENT, 6: INTEGER, **({7: INTEGER} if letters else {})}
    first_stance = 7 + (1 if letters else 0)
    formats.update({first_stance + i: PERCENT for i in range(len(stances))})
    span = sheet.table(f"{question.key}_themes", headers, rows, formats=formats,
                       wrap=[0, 1, 2, 3])  # (no repeated header: the sheet holds several tables)
    if sectors:
        sheet.blank()
        _blocked(sheet, f"{question.key}_theme_sectors", "Respondents raising each theme, by sector (n; every count "
                 f"withheld reads {suppress.SHARE_MARK}, whether below {suppress.threshold} or not, and a nought may be "
                 "withheld too)" if suppress.threshold > 1 else "Respondents raising each theme, by sector (n)",
                 [labels.get(s, s) for s in sectors], sector_blocks,
                 [[t.theme.label] + [suppress.count_or_withheld(t.by_sector.get(s, 0), (r, k) in by_sector
                                                                or suppress.small(t.by_sector.get(s, 0)))
                                     for k, s in enumerate(sectors)] for r, t in enumerate(summary.themes)])
    if split is not None:
        by_value = split.counts([t.theme.id for t in summary.themes])
        hidden = suppress.withheld_cells(by_value)  # a theme's count is published: no cell worked out from it
        sheet.blank()
        _blocked(sheet, f"{question.key}_theme_by", f"Respondents raising each theme, by {split.by} (n; of those who "
                 "answered here, " + ", ".join(f"{v}: {suppress.count(split.answered[v])}" for v in split.values)
                 + (f"; a count withheld reads {suppress.SHARE_MARK}" if suppress.threshold > 1 else "") + ")",
                 split.values, split_blocks,
                 [[t.theme.label] + [suppress.count_or_withheld(n, (r, k) in hidden or suppress.small(n))
                                     for k, n in enumerate(row)]
                  for r, (t, row) in enumerate(zip(summary.themes, by_value, strict=True))])
    quote_rows = [[t.theme.label, labels.get(q.sector, q.sector), q.text]
                  + ([_channel(project, q.respondent_id, q.by_letter)] if letters else [])
                  for t in summary.themes for q in t.quotes]
    if quote_rows:  # (none: themes named by the answers themselves, "Germany", have nothing more to quote)
        sheet.blank()
        sheet.note("Quotes" + (" (personal data redacted)" if redacted else ""), bold=True)
        keep_on_page(sheet, min(table_height(sheet, ["Theme", "Sector", "Quote"], quote_rows[:8], [0, 1, 2]), 200.0))
        quotes_span = sheet.table(f"{question.key}_quotes", ["Theme", "Sector", "Quote"] + (["Channel"] if letters else []),
                                  quote_rows, wrap=[0, 1, 2])  # (a long sector name was cut off in print)
        # one row range may repeat on a sheet's printed pages: the quotes' header, the table that runs over
        # several pages (trial 41: Q1's quotes over seven pages, no "Theme | Sector | Quote" after the first)
        sheet.repeat_header(quotes_span)
    # the chart last, on a page of its own: no rows left empty for it between the tables
    if charted:
        sheet.blank()
        title = f"{question.key}: share of respondents by theme"
        if left_out:  # the smallest themes, whose shares are withheld, are no bars (a bar would show 0)
            title += f" ({counted(left_out, 'theme')} too small to show left out)"
        if nothing:
            title += "; " + _not_drawn(nothing[0], summary.answered, suppress)
        sheet.chart_page(span, label_col=1, value_cols=[6], title=title, max_rows=charted,
                         percent=True, width=24,  # (a title of two lines takes a centimetre)
                         height=max(7.5, min(16.0, 0.5 * charted + 3)) + (1.5 if len(title) > 60 else 0),
                         description="Each theme's share of the respondents who answered, largest first"
                                     + (", the themes whose share is withheld left out" if left_out else "")
                                     + (f", {NO_ANSWER_LABEL} left out (it is in the table)." if nothing else "."))
    return len(rows)


def _blocked(sheet: SheetWriter, name: str, title: str, labels: list[str], parts: list[list[int]],
             rows: list[list[object]], first: str = "Theme", number_format: str = INTEGER) -> None:
    """A table of figures (counts, or ``number_format``) by theme (an answer: ``first``) and a column per
    label, printed in blocks of columns (``parts``, see :func:`~consult_analyser.export.xlsx_print.blocks`),
    each on the page it starts on unless longer."""
    for number, part in enumerate(parts, 1):
        more = f" (columns {number} of {len(parts)})" if len(parts) > 1 else ""
        if number > 1:
            sheet.blank()
        sheet.note(f"{title}{more}:", bold=True)
        block = [[row[0]] + [row[1 + i] for i in part] for row in rows]
        headers = [first] + [labels[i] for i in part]
        keep_on_page(sheet, table_height(sheet, headers, block, [0]))
        sheet.table(name if number == 1 else f"{name}_{number}", headers, block,
                    formats={1 + i: number_format for i in range(len(part))}, wrap=[0])


#: a closed question's chart draws at most this many answers, the most chosen, the rest as one bar
CHART_ANSWERS = 15


def _most_chosen(sheet: SheetWriter, key: str, rows: list[list], total: int,
                 several: bool) -> tuple[TableSpan, str, dict[str, object]]:
    """The table a chart of many answers draws (``rows``: answer, respondents, share each): the
    :data:`CHART_ANSWERS` most chosen and the others together as one bar, "Other options (63)" (not when
    respondents could tick several: their respondents are not the sum of the options' counts). Returns the chart."""
    top = sorted(rows, key=lambda r: -r[1])[:CHART_ANSWERS]
    rest = len(rows) - len(top)
    others = sum(r[1] for r in rows) - sum(r[1] for r in top)
    drawn = top + ([[f"Other options ({rest})", others, others / total if total else 0.0]] if not several else [])
    sheet.note(f"The {len(top)} answers chosen most" + (f", and the other {rest} together (the chart's figures):"
                                                         if not several else " (the chart's figures):"), bold=True)
    span = sheet.table(f"{key}_chart", ["Answer", "Respondents", "Share"], drawn, formats={1: INTEGER, 2: PERCENT},
                       wrap=[0])
    sheet.blank()
    title = (f"{key}: the {len(top)} answers chosen most, the {rest} others as one bar" if not several else
             f"{key}: the {len(top)} answers chosen most ({rest} others not drawn)")
    return span, "A", {"label_col": 1, "value_cols": [3], "title": title, "percent": True,
                       "height": max(7.5, 0.55 * len(drawn) + 3), "width": 24.0, "max_rows": len(drawn),
                       "description": f"The shares of the respondents who chose an answer choosing each of the "
                                      f"{len(top)} answers chosen most" + (
                                          f", and any of the other {rest}." if not several else ".")}


#: a question sheet's chart shows at most this many themes, the largest
CHART_THEMES = 25


def _charted(summary: QuestionReport, suppress: Suppress) -> tuple[int, int]:
    """How many themes the sheet's chart shows (the largest, down to the first whose share is withheld:
    its bar would read 0) and how many of the first :data:`CHART_THEMES` it leaves out for that (trial 41:
    the sheets of Q4, Q10 and Q14, each with a theme of fewer than 5, had no chart at all while their note
    said one followed). No chart (0, -1) when a theme left out would not be a withheld one: a bar chart
    with a larger theme missing would mislead."""
    shown = summary.themes[:CHART_THEMES]
    withheld = [isinstance(suppress.share(t.respondents, summary.answered), str) for t in shown]
    charted = withheld.index(True) if True in withheld else len(shown)
    if not all(withheld[charted:]) or not charted:
        return 0, -1 if shown else 0
    return charted, len(shown) - charted


def _not_drawn(theme: ReportedTheme, answered: int, suppress: Suppress) -> str:
    """"No substantive answer (3,393, 79%) not drawn": the theme a chart leaves out, with its figures as published."""
    count, share = suppress.count(theme.respondents), suppress.share(theme.respondents, answered)
    figures = ", ".join([f"{count:,}" if isinstance(count, int) else count,
                         percent(share) if isinstance(share, float) else share])
    return f"{theme.theme.label} ({figures}) not drawn"


def _follows(quoted: bool, charted: int, left_out: int) -> str:
    """What follows the tables, said as it is: the quotes, the chart, or that there is no chart and why."""
    if charted:
        chart = "the chart (the themes too small to show left out)" if left_out else "the chart"
        return f"The quotes and then {chart} follow the tables." if quoted else f"The {chart[4:]} follows the tables."
    if left_out < 0:  # themes, but too many of their shares withheld for a chart that does not mislead
        why = "there is no chart, as the shares of some themes are withheld (too few respondents to show)."
        return ("The quotes follow the tables; " + why) if quoted else why.capitalize()
    return "The quotes follow the tables." if quoted else ""


def _channel(project: Project, respondent_id: str, by_letter: bool) -> str:
    """How a quote reached us, in the words of the Respondents sheet ("Online survey", "E-mail", "Post"):
    the respondent's channel; a letter from someone who also answered the online survey, "Letter"."""
    person = responses.respondent(project, respondent_id)
    channel = person.channel.value if person is not None else ""
    if by_letter and channel in ("", "online"):
        return "Letter"
    return CHANNEL_LABELS.get(channel, "Online survey" if not by_letter else "Letter")


def _status(theme, redacted: bool) -> str:  # type: ignore[no-untyped-def]
    """What a reader should know about where a theme comes from (who signed it off: by name only in
    an unredacted working copy)."""
    status = theme.status.value
    if status == "signed_off":
        return f"signed off by {release.signer(theme.signed_off_by, names=not redacted)} on {theme.signed_off_at[:10]}"
    return {"candidate": "model output, not reviewed", "edited": "edited by an analyst, not signed off"}.get(
        status, status.replace("_", " "))
