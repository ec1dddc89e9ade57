"""The annex's Codebook sheet: the code frame with each code's codings, those made by hand and the model's
suggestions accepted, with who accepted them and how (trial 49: 34 codings were printed as "Codings by
analysts" while 24 of them were suggestions accepted in bulk at 80% confidence, never read one by one)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from openpyxl import Workbook

from consult_analyser.domain import Coding, Source
from consult_analyser.export.published_coding import PublishedCoding
from consult_analyser.export.summaries import Suppress
from consult_analyser.export.xlsx_writer import INTEGER, NOT_APPLICABLE, SheetWriter
from consult_analyser.store import reporting
from consult_analyser.store.coding_counts import AS_CODED, CountingRule
from consult_analyser.store.codings import BY_PEOPLE
from consult_analyser.store.project import Project
from consult_analyser.store.suggestions import accepted_in_bulk, accepter


@dataclass
class PeopleCodings:
    """One code's codings by people: made by hand (or imported), and suggestions accepted, by (who, in bulk)."""

    by_hand: int = 0
    accepted: Counter[tuple[str, bool]] = field(default_factory=Counter)

    @property
    def accepted_total(self) -> int:
        return sum(self.accepted.values())


def people_codings(project: Project, rule: CountingRule = AS_CODED) -> dict[str, PeopleCodings]:
    """code id -> its codings by people, counted as the published figures count them (``rule``: after double
    coding, an answer x code once, made by hand when anyone made it by hand; the units the lead left out not at
    all), so that by hand + accepted is :func:`~consult_analyser.store.coding_counts.code_counts_by_people`'s."""
    out: dict[str, PeopleCodings] = {}
    if rule.as_coded:
        for code, source, coder, n in project.query(
                f"SELECT code_id, source, coder, COUNT(*) FROM codings WHERE {BY_PEOPLE} GROUP BY 1, 2, 3"):
            _add(out.setdefault(code, PeopleCodings()), source, coder, n)
        return out
    units: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for rid, code, source, coder in project.query(
            f"SELECT response_id, code_id, source, coder FROM codings WHERE {BY_PEOPLE} ORDER BY coder"):
        if (rid, code) not in rule.left_out:
            units.setdefault((rid, code), []).append((source, coder))
    for (_rid, code), made in units.items():
        counts = out.setdefault(code, PeopleCodings())
        if not rule.per_answer:
            for source, coder in made:
                _add(counts, source, coder, 1)
            continue
        hand = [m for m in made if m[0] != Source.MODEL.value]
        _add(counts, *(hand or made)[0], 1)
    return out


def _add(counts: PeopleCodings, source: str, coder: str, n: int) -> None:
    if source != Source.MODEL.value:
        counts.by_hand += n
        return
    bulk = accepted_in_bulk(Coding(code_id="", response_id="", coder=coder, source=Source.MODEL))
    counts.accepted[(accepter(coder), bulk)] += n


def accepted_by(counts: PeopleCodings, staff: dict[str, str] | None, suppress: Suppress) -> str:
    """"Analyst 1: 24 in bulk, 2 one by one" (``staff``: a published file's names for staff; None: names)."""
    if not counts.accepted:
        return NOT_APPLICABLE
    who: dict[str, dict[bool, int]] = {}
    for (name, bulk), n in sorted(counts.accepted.items()):
        shown = name if staff is None else staff.get(name, "an analyst")
        who.setdefault(shown, {}).setdefault(bulk, 0)
        who[shown][bulk] += n
    return "; ".join(f"{name}: " + ", ".join(f"{suppress.count_text(n)} {'in bulk' if bulk else 'one by one'}"
                                             for bulk, n in sorted(ways.items(), reverse=True))
                     for name, ways in who.items())


def codebook_sheet(workbook: Workbook, title: str, codes: list[reporting.CodeRow], tables: set[str],
                   suppress: Suppress, counts: dict[str, tuple[int, int]], people: dict[str, PeopleCodings],
                   published: PublishedCoding, staff: dict[str, str] | None) -> None:
    """``counts``: each code's codings and respondents as ``published`` counts them
    (:func:`~consult_analyser.store.coding_counts.code_counts`); ``people``: :func:`people_codings`;
    ``staff``: how a published file names staff (None: by name, a working copy)."""
    sheet = SheetWriter(workbook, title, widths=[44, 60, 10, 8, 12, 12, 12, 14, 36], freeze="A", table_names=tables)
    sheet.title_row("Codebook")
    sheet.note("Codes in their hierarchy (parent > child) with how often each was applied. Made by hand: codings an "
               "analyst made (or imported). Suggestions accepted: a model's suggestions an analyst accepted, one by "
               "one, or in bulk above a confidence without reading each (Accepted by says who and how). The rest "
               "were made by a model from themes, not reviewed."
               + (f" Counts below {suppress.threshold} are shown as {suppress.mark}." if suppress.threshold > 1 else ""))
    if published.double_coded:
        sheet.note(published.note() + " Codings: the answers coded with the code; Respondents: the respondents "
                   "with at least one of them.")
    sheet.blank()

    def row(c: reporting.CodeRow) -> tuple[object, ...]:
        codings_n, respondents = counts.get(c.id, (0, 0))
        made = people.get(c.id, PeopleCodings())
        return (c.path, c.description or NOT_APPLICABLE, c.colour or NOT_APPLICABLE, c.depth + 1,
                suppress.count(codings_n), suppress.count(respondents), suppress.count(made.by_hand),
                suppress.count(made.accepted_total), accepted_by(made, staff, suppress))

    codebook_span = sheet.table(
        "Codebook", ["Code", "Description", "Colour", "Level", "Codings", "Respondents", "Made by hand",
                     "Suggestions accepted", "Accepted by"],
        (row(c) for c in codes), formats={4: INTEGER, 5: INTEGER, 6: INTEGER, 7: INTEGER}, wrap=[1, 8])
    sheet.repeat_header(codebook_span)
