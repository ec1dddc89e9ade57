"""The annex's Notes sheet: a table of the shorthand used in the workbook and what each means (the
GSS / Analysis Function guidance "Releasing statistics in spreadsheets" asks for one, so that a
table's cell never needs a note beside it to be read)."""

from __future__ import annotations

from consult_analyser.export.summaries import Suppress
from consult_analyser.export.xlsx_writer import NOT_APPLICABLE, SheetWriter

#: what each placeholder of the redaction stands for, in the order a reader meets them most
PLACEHOLDERS = [
    ("[name]", "a person's name"),
    ("[email]", "an e-mail address"),
    ("[phone]", "a telephone number"),
    ("[address]", "a street address"),
    ("[postcode]", "a postcode"),
    ("[social media]", "a social media account"),
    ("[date of birth]", "a date of birth"),
    ("[date of death]", "a date of death (beside a relative or a care home, it says who)"),
    ("[personal detail]", "a personal detail given in a labelled field (a place of birth, a marital status, a "
                          "nationality, a religion, a gender)"),
    ("[NI number]", "a National Insurance number"),
    ("[NHS number]", "an NHS number"),
    ("[passport number]", "a passport number"),
    ("[driving licence]", "a driving licence number"),
    ("[ID number]", "another identity or reference number (a patient's, a student's, ...)"),
    ("[bank details]", "a bank account or card number"),
    ("[vehicle registration]", "a vehicle registration"),
]


def shorthand(suppress: Suppress, redacted: bool) -> list[tuple[str, str]]:
    """The rows of the Notes table: (shorthand, meaning)."""
    rows: list[tuple[str, str]] = []
    if suppress.threshold > 1:
        rows += [
            (suppress.mark, f"A count from 1 to {suppress.threshold - 1}, hidden so that no respondent can be "
                            "picked out of a small group."),
            (suppress.SHARE_MARK, f"Withheld: a percentage resting on a count below {suppress.threshold}, or a further "
                                  "count (and its percentage) withheld so that a hidden count cannot be worked out "
                                  "from the totals. In the tables by sector every withheld count reads "
                                  f"{suppress.SHARE_MARK}, whether below {suppress.threshold} or not, and a nought "
                                  "may be withheld too."),
        ]
    rows.append((NOT_APPLICABLE, "Not applicable: there is nothing to show in this cell (a theme at the top level "
                                 "has no parent theme; an organisation's name written one way only has no other "
                                 "spellings merged; a label that is not counted has no figure in effect)."))
    # (trial 41: the column was on every theme sheet and explained nowhere)
    rows.append(("Of which wrote to us", "A column of a question's themes table, shown when some answers came in "
                                         "letters: how many of the theme's respondents raised it in a letter or "
                                         "document they sent (by e-mail, post or as an upload), not in the form's "
                                         "answer box. They are counted in the theme's respondents too."))
    if redacted:
        rows += [(tag, f"In a quote or an excerpt: personal data removed by the redaction, here {meaning}.")
                 for tag, meaning in PLACEHOLDERS]
    return rows


def write_notes(sheet: SheetWriter, suppress: Suppress, redacted: bool) -> None:
    """The Notes sheet's title, one line of introduction and its table."""
    sheet.title_row("Notes")
    sheet.note("The shorthand used in this workbook's tables and quotes, and what each means.")
    sheet.blank()
    sheet.table("Notes", ["Shorthand", "Meaning"], shorthand(suppress, redacted), wrap=[1], style="TableStyleLight1")
