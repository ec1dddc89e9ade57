"""Who said what, by any closed answer or respondent detail: each theme's share among those who
gave each answer to another (closed) question, or who share a detail (site, ward, region, sector).

:func:`~consult_analyser.store.theme_report.agreement_split` reads a question's own closed answer as
sides (agreed / neutral / disagreed). A patient survey asks its rating once and then two open
questions ("What was good?", "What could be better?"), and a trust wants each theme by site or ward:
this split takes any closed question of the project, or any respondent detail kept at import (not
a personal one: a name, a contact, a postcode), and counts each theme's respondents by its values. A
respondent who ticked several options counts under each. Values beyond :data:`MAX_VALUES` (the
largest first) are counted together as "Other answers".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from consult_analyser.domain import OPTION_SEPARATOR, counted, percent
from consult_analyser.export.disclosure import withheld_by_group
from consult_analyser.export.safety import personal_keys
from consult_analyser.export.summaries import natural_order
from consult_analyser.store import reporting
from consult_analyser.store.project import Project
from consult_analyser.store.questions import find_question
from consult_analyser.store.theme_report import STANCES, QuestionReport, ReportedTheme, stance_label

MAX_VALUES = 12
OTHER_VALUES = "Other answers"
NOT_GIVEN = "Not answered"
UNCLASSIFIED_LABEL = "Unclassified"
#: respondent details every project has, by the names a user types
_COLUMNS = {"region": "region", "channel": "channel", "sector": "sector", "declared type": "declared_type",
            "type": "declared_type"}


@dataclass
class ThemeSplit:
    """``answered``: respondents who answered the open question, by value; ``by_theme``: each theme's
    respondents by value; ``values`` in the order shown."""

    by: str  # what the split is by, as shown ("C3. Overall, how was your experience?", "Site")
    values: list[str]
    answered: dict[str, int]
    by_theme: dict[str, dict[str, int]]

    def counts(self, theme_ids: list[str]) -> list[list[int]]:
        """Each theme's respondents by value, a row per theme in ``theme_ids``' order (the annex's and the
        report's tables)."""
        return [[self.by_theme.get(t, {}).get(v, 0) for v in self.values] for t in theme_ids]

    def share(self, theme_id: str, value: str) -> float:
        """The theme's share among those who gave ``value`` (0 when nobody did)."""
        base = self.answered.get(value, 0)
        return self.by_theme.get(theme_id, {}).get(value, 0) / base if base else 0.0


class SplitError(ValueError):
    """What was asked to split by names nothing the themes can be split by; the message says why."""


def split_choices(project: Project) -> list[str]:
    """What a question's themes can be split by: the closed questions' keys, then the respondent
    details (region, channel, sector, declared type, and each detail kept at import) that group
    respondents (not a personal one, nor one with a value of its own for nearly everyone)."""
    keys = [r[0] for r in project.query("SELECT key FROM questions WHERE kind IN ('closed', 'hybrid') ORDER BY position")]
    # a detail every project has, where it tells respondents apart (a survey with no region offers none)
    varied = [name for name, column in (("region", "region"), ("channel", "channel"), ("declared type", "declared_type"))
              if project.scalar(f"SELECT COUNT(DISTINCT {column}) FROM respondents WHERE trim({column}) != ''") > 1]  # noqa: S608
    if project.scalar("SELECT COUNT(*) FROM sector_assignments"):
        varied.insert(2 if "channel" in varied else 1 if "region" in varied else 0, "sector")
    return keys + varied + [k for k in _details(project) if _detail_groups(project, k)]


def split_choice_labels(project: Project) -> list[tuple[str, str]]:
    """:func:`split_choices` with what a person reads for each: "C3. Overall, how was ...", "Region"."""
    texts: dict[str, str] = {r[0]: r[1] for r in project.query("SELECT key, text FROM questions")}
    return [(c, f"{c}. {' '.join(texts[c].split())[:90]}" if c in texts else c[:1].upper() + c[1:])
            for c in split_choices(project)]


def _details(project: Project) -> list[str]:
    """The details kept at import that may be shown: not a name, a contact, a postcode or the like."""
    personal = personal_keys(project)  # by header or by values (an attached file's "Roger Hall.txt")
    return [k for k in reporting.metadata_keys(project) if k not in personal]


def _detail_values(project: Project, key: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for rid, raw in project.query("SELECT id, metadata FROM respondents WHERE metadata != '' AND metadata != '{}'"):
        value = json.loads(raw or "{}").get(key)
        if value not in (None, ""):
            values[rid] = [str(value).strip()]
    return values


def _detail_groups(project: Project, key: str) -> bool:
    """:func:`_groups` for a detail kept at import, counted in the database (the themes view lists the
    choices as it opens a question: no respondent's details are read into Python for it)."""
    path = '$."' + key.replace('"', '\\"') + '"'
    distinct, given = project.query(
        "SELECT COUNT(DISTINCT trim(json_extract(metadata, ?))), COUNT(NULLIF(trim(json_extract(metadata, ?)), ''))"
        " FROM respondents WHERE metadata != '' AND metadata != '{}'", (path, path))[0]
    return distinct <= MAX_VALUES or distinct <= 0.5 * given


def _groups(values: dict[str, list[str]]) -> bool:
    """Whether the values group respondents: not a value of its own for nearly everyone (a date and
    time, an id), which would split every theme into groups of one."""
    distinct = {v for vs in values.values() for v in vs}
    return len(distinct) <= MAX_VALUES or len(distinct) <= 0.5 * len(values)


def _named(by: str, names: list[str]) -> str | None:
    """The one of ``names`` that ``by`` names: the whole of it, else its first words before a "/", "(" or
    ":" ("Ward" for "Ward/Department"), any case; None when none or several."""
    wanted = " ".join(by.lower().split())
    exact = [n for n in names if " ".join(n.lower().split()) == wanted]
    if exact:
        return exact[0]
    starts = [n for n in names if re.match(rf"{re.escape(wanted)}\s*[/(:-]", " ".join(n.lower().split()))]
    return starts[0] if len(starts) == 1 else None


def _values_by_respondent(project: Project, by: str, question_id: str) -> tuple[str, dict[str, list[str]]]:
    """(what the split is by, as shown; respondent id -> its values); :class:`SplitError` when ``by``
    names nothing the themes can be split by."""
    other = find_question(project, by)
    if other is None:  # "Ward" for a closed question headed "Ward/Department"
        closed = {r[1]: r[0] for r in project.query("SELECT key, text FROM questions WHERE kind IN ('closed', 'hybrid')")}
        text = _named(by, list(closed))
        other = find_question(project, closed[text]) if text else None
    # (a question's own closed answer, "C2" for C2 "Do you support ...? Please explain", splits its themes by its
    # choices: the error said "nothing to split by named 'C2' ... one of C1, C2, sector")
    if other is not None and (other.id != question_id or other.kind.value == "hybrid"):
        if other.kind.value == "open":
            raise SplitError(f"{other.key} is an open question: split by a closed question (whose answers are "
                             "choices) or a respondent detail")
        rows = project.query("SELECT respondent_id, choice FROM responses WHERE question_id = ? AND trim(choice) != ''",
                             (other.id,))
        return f"{other.key}. {other.text}", {rid: [v.strip() for v in choice.split(OPTION_SEPARATOR) if v.strip()]
                                              for rid, choice in rows}
    column = _COLUMNS.get(" ".join(by.lower().split()))
    if column == "sector":
        labels = reporting.sector_labels(project)
        rows = project.query("SELECT p.id, COALESCE(rs.sector_key, '') FROM respondents p" + reporting.SECTOR_JOIN)
        if not any(key for _, key in rows):
            raise SplitError("no respondent has a sector yet: classify them first (sectors)")
        # one the model left for review is unclassified, not "Not answered" (a trial read 143 organisations so)
        return "Sector", {rid: [labels.get(key, key) if key else UNCLASSIFIED_LABEL] for rid, key in rows}
    if column:
        rows = project.query(f"SELECT id, {column} FROM respondents WHERE trim({column}) != ''")  # noqa: S608 - a known column
        return by.strip().capitalize(), {rid: [value.strip()] for rid, value in rows}
    key = _named(by, _details(project))
    if key is None:
        # "Ward" for "Which ward do you live in?": the one closed question whose wording has the word
        wanted = " ".join(by.lower().split())
        wording = project.query("SELECT id, text FROM questions WHERE kind IN ('closed', 'hybrid') AND id != ?",
                               (question_id,))
        holding = [r[1] for r in wording if wanted and re.search(rf"\b{re.escape(wanted)}\b", r[1].lower())]
        if len(holding) == 1:
            return _values_by_respondent(project, holding[0], question_id)
        personal = sorted(personal_keys(project))
        # ("Your postcode" is kept as "Your postcode (postcode)": named by its header too)
        if _named(by, personal) or _named(by, [k.rsplit(" (", 1)[0] for k in personal]):  # say why
            raise SplitError(f"{by!r} is a personal detail (a name, a contact, a postcode or the like): themes are "
                             "never split by one")
        raise SplitError(f"nothing to split by named {by!r}: give a closed question's key or one of "
                         + ", ".join(split_choices(project)[:20]))
    values = _detail_values(project, key)
    if not _groups(values):
        raise SplitError(f"{key!r} has a value of its own for nearly every respondent (a date, an id): it groups no one")
    return key, values


def check_split(project: Project, by: str) -> str:
    """What ``by`` splits the themes by, as shown; :class:`SplitError` when it names nothing to split by."""
    return _values_by_respondent(project, by, "")[0]


def theme_split(project: Project, question_id: str, by: str) -> ThemeSplit:
    """Each theme of ``question_id`` by ``by`` (a closed question's key or text, or a respondent
    detail: see :func:`split_choices`); :class:`SplitError` (a ``ValueError``) says why not when
    ``by`` names nothing the themes can be split by."""
    shown, values_of = _values_by_respondent(project, by, question_id)
    answered_by: Counter[str] = Counter()
    respondents = [r[0] for r in project.query(
        "SELECT DISTINCT respondent_id FROM responses WHERE question_id = ? AND trim(text) != ''", (question_id,))]
    for rid in respondents:
        answered_by.update(values_of.get(rid) or [NOT_GIVEN])
    kept = [v for v, _ in answered_by.most_common(MAX_VALUES)]
    folded = {v: (v if v in kept else OTHER_VALUES) for v in answered_by}
    answered: Counter[str] = Counter()
    for rid in respondents:  # a respondent who ticked two of the values folded together counts once there
        answered.update({folded[v] for v in values_of.get(rid) or [NOT_GIVEN]})
    by_theme: dict[str, Counter[str]] = {}
    for theme_id, rid in project.query(
            "SELECT DISTINCT a.theme_id, r.respondent_id FROM themes t JOIN theme_assignments a ON a.theme_id = t.id"
            " JOIN responses r ON r.id = a.response_id WHERE t.question_id = ?", (question_id,)):
        counts = by_theme.setdefault(theme_id, Counter())
        counts.update({folded.get(v, OTHER_VALUES) for v in values_of.get(rid) or [NOT_GIVEN]})
    last = (OTHER_VALUES, UNCLASSIFIED_LABEL, NOT_GIVEN) if shown == "Sector" else (OTHER_VALUES, NOT_GIVEN)
    given = [v for v in answered if v not in last]
    order = natural_order(given) + [v for v in last if v in answered]
    return ThemeSplit(shown, order, dict(answered), {t: dict(c) for t, c in by_theme.items()})


@dataclass
class SideShares:
    """Who said what, as published (the annex's theme sheet and the report alike; see
    :func:`~consult_analyser.export.disclosure.withheld_by_group`): the sides whose shares are shown,
    those too few to show shares of, how many who answered here took no side, and the (theme row,
    index in ``sides``) shares withheld."""

    sides: list[str]
    small: list[str]
    rest: int
    withheld: set[tuple[int, int]]
    sizes: dict[str, int]
    scale: str = "agree"

    def groups(self) -> str:
        """The groups' sizes, in full: "agreed: 407, disagreed: 265; neutral: 1 respondent, too few to show
        shares; 441 gave no closed answer (in none of these)"."""
        parts = [", ".join(f"{stance_label(s, self.scale).lower()}: {self.sizes[s]:,}" for s in self.sides)]
        parts += [self.too_few(s).lower() for s in self.small]
        return "; ".join(p for p in parts + [self.no_side()] if p)

    def too_few(self, side: str) -> str:
        return f"{stance_label(side, self.scale)}: {counted(self.sizes[side], 'respondent')}, too few to show shares"

    def no_side(self) -> str:
        """Those who answered here with no closed answer taking a side, in no share ("" when none)."""
        return f"{self.rest:,} gave no closed answer (in none of these)" if self.rest else ""


def side_shares(summary: QuestionReport, threshold: int) -> SideShares:
    """Each theme's shares by the side of its respondents' closed answer under the one rule for every
    count: the sides' sizes in full, no share of a side of fewer than ``threshold``, a share on a count
    below it withheld, and any further one that the theme's count would give it back by."""
    present = [s for s in STANCES if summary.answered_by_stance.get(s)]
    sizes = [summary.answered_by_stance[s] for s in present]
    matrix = [[t.by_stance.get(s, 0) for s in present] for t in summary.themes]
    rest = max(0, summary.answered - sum(sizes))
    small, cells = withheld_by_group(matrix, sizes, [t.respondents for t in summary.themes], threshold, rest=rest)
    shown = [s for i, s in enumerate(present) if i not in small]
    index = {s: k for k, s in enumerate(shown)}
    withheld = {(r, index[present[c]]) for r, c in cells if c not in small}
    return SideShares(shown, [present[i] for i in sorted(small)], rest, withheld, dict(zip(present, sizes, strict=True)),
                      summary.stance_scale)


def stance_line(summary: QuestionReport, theme: ReportedTheme, threshold: int, shares: SideShares | None = None) -> str:
    """The report's line on who raised a theme ("Agreed 18% (75 of 407); Disagreed 3% (7 of 265); Neutral: 1
    respondent, too few to show shares; 441 gave no closed answer (in none of these)"); "" without a
    closed agree/disagree answer. The same shares as the annex's theme sheet shows and withholds."""
    if not summary.answered_by_stance:
        return ""
    shares = shares or side_shares(summary, threshold)
    row = summary.themes.index(theme)
    parts = []
    for k, side in enumerate(shares.sides):
        n, base, label = theme.by_stance.get(side, 0), shares.sizes[side], stance_label(side, shares.scale)
        if (row, k) in shares.withheld:
            parts.append(f"{label}: fewer than {threshold}" if 0 < n < threshold else f"{label}: withheld")
        else:
            parts.append(f"{label} {percent(n / base if base else 0.0)} ({n:,} of {base:,})")
    return "; ".join(parts + [shares.too_few(s) for s in shares.small] + ([shares.no_side()] if shares.rest else []))
