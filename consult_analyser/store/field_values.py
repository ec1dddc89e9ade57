"""The values of a project's categorical fields, and one value counted as another: each closed
question's options, the declared type, the region column and a kept country column. The importer
uses these to count one option written in two languages once (see
:mod:`consult_analyser.ingest.translations`)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from consult_analyser.domain import OPTION_SEPARATOR
from consult_analyser.store.project import Project

#: a kept column that names the respondent's country ("Country", "Pays", "Land")
COUNTRY_KEY = re.compile(r"country|pays|\bland\b|pa[ií]s|paese|nation|origin", re.I)


@dataclass(frozen=True)
class Field:
    """One categorical field: ``kind`` is "question" (``name`` its id), "declared_type", "region" or
    "metadata" (``name`` the kept column's header); ``label`` names it for messages."""

    kind: str
    name: str
    label: str

    @property
    def places(self) -> bool:
        return self.kind in ("region", "metadata")


def categorical_fields(project: Project) -> list[tuple[Field, Counter[str]]]:
    """Every categorical field with its values and how many answers or respondents gave each (a
    several-options answer counts under each option ticked)."""
    out: list[tuple[Field, Counter[str]]] = []
    for question_id, key in project.query("SELECT id, key FROM questions WHERE kind != 'open' ORDER BY position"):
        counts: Counter[str] = Counter()
        for choice, n in project.query("SELECT choice, COUNT(*) FROM responses WHERE question_id = ? AND choice != ''"
                                       " GROUP BY choice", (question_id,)):
            for part in choice.split(OPTION_SEPARATOR):
                counts[part] += n
        out.append((Field("question", question_id, f"question {key}"), counts))
    for column, label in (("declared_type", "the declared type"), ("region", "the region")):
        counts = Counter({v: n for v, n in project.query(
            f"SELECT {column}, COUNT(*) FROM respondents WHERE {column} != '' GROUP BY 1")})
        out.append((Field(column, column, label), counts))
    # a kept country column's values, counted by SQLite's JSON functions (no row is parsed here)
    keys = [r[0] for r in project.query("SELECT DISTINCT j.key FROM respondents p, json_each(p.metadata) j"
                                        " WHERE p.metadata != '{}'") if COUNTRY_KEY.search(str(r[0]))]
    for key in keys:
        counts = Counter({v: n for v, n in project.query(
            "SELECT j.value, COUNT(*) FROM respondents p, json_each(p.metadata) j WHERE p.metadata != '{}'"
            " AND j.key = ? AND j.type = 'text' AND trim(j.value) != '' GROUP BY 1", (key,))})
        out.append((Field("metadata", key, f"the column {key!r}"), counts))
    return out


def count_as(project: Project, field: Field, mapping: dict[str, str]) -> None:
    """Store each value of ``field`` written as a key of ``mapping`` as its value (inside the
    caller's transaction): the answers' options (each option of a several-options answer) and the
    question's list of options, or the respondents' field."""
    if not mapping:
        return
    if field.kind == "question":
        _options(project, field.name, mapping)
    elif field.kind in ("declared_type", "region"):
        project.conn.executemany(f"UPDATE respondents SET {field.kind} = ? WHERE {field.kind} = ?",
                                 [(new, old) for old, new in mapping.items()])
    else:
        changed = []
        for respondent_id, metadata in project.query("SELECT id, metadata FROM respondents WHERE metadata != '{}'"):
            data = json.loads(metadata)
            value = data.get(field.name) if isinstance(data, dict) else None
            if isinstance(value, str) and value in mapping:
                data[field.name] = mapping[value]
                changed.append((json.dumps(data, ensure_ascii=False), respondent_id))
        project.conn.executemany("UPDATE respondents SET metadata = ? WHERE id = ?", changed)


def _options(project: Project, question_id: str, mapping: dict[str, str]) -> None:
    def mapped(choice: str) -> str:
        parts = [mapping.get(p, p) for p in choice.split(OPTION_SEPARATOR)]
        return OPTION_SEPARATOR.join(dict.fromkeys(parts))

    rows = project.query("SELECT DISTINCT choice FROM responses WHERE question_id = ? AND choice != ''", (question_id,))
    project.conn.executemany("UPDATE responses SET choice = ? WHERE question_id = ? AND choice = ?",
                             [(mapped(c), question_id, c) for (c,) in rows if mapped(c) != c])
    listed = json.loads(project.scalar("SELECT choices FROM questions WHERE id = ?", (question_id,)) or "[]")
    options = list(dict.fromkeys(mapped(c) for c in listed))
    project.conn.execute("UPDATE questions SET choices = ? WHERE id = ?", (json.dumps(options), question_id))


def counted_as_statement(project: Project, shown: int = 6) -> str:
    """The sentence the annex's Cover and the report's notes give ("" when none): which wordings
    of an option or place were counted under another (a bilingual form's two languages), as the
    import recorded them in the audit."""
    pairs: dict[tuple[str, str], int] = {}
    for (detail,) in project.query("SELECT detail FROM audit WHERE action = 'count_as' ORDER BY seq"):
        try:
            data = json.loads(detail)
            pair = (str(data["written"]), str(data["counted_as"]))
        except (ValueError, KeyError, TypeError):
            continue
        pairs[pair] = pairs.get(pair, 0) + int(data.get("count") or 0)
    if not pairs:
        return ""
    listed = sorted(pairs, key=lambda p: -pairs[p])
    said = "; ".join(f"“{written}” as “{counted}”" for written, counted in listed[:shown])
    more = f"; and {len(listed) - shown} more" if len(listed) > shown else ""
    return ("Answer options, types and places that respondents gave in another language (or spelling) are "
            f"counted with the wording most of them used: {said}{more}.")
