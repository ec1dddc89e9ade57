"""Working out what each column of a survey export holds (a mapping file corrects it: see :mod:`.mapping_file`).

Roles: ``id``, ``name``, ``organisation``, ``email``, ``respondent_type`` (individual or
organisation), ``sector`` (declared type of organisation), ``region``, ``consent`` (whether and
how the response may be published), ``metadata``, ``personal`` (kept with the respondent as
personal details, published nowhere: see :mod:`.personal_columns`), ``ignore``, ``question``
(with a question key and kind ``open`` or ``closed``) and ``document`` (the text of a document the
respondent uploaded, read as their letter: see :mod:`.uploads`).

A column's role is read from its header (the patterns: :mod:`.header_roles`) and from what its values,
spread over the whole file, look like (:mod:`.column_values`); this module holds the mapping and puts them together.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from consult_analyser.domain import question_identity
from consult_analyser.ingest.closed_answers import (
    ASKS_FOR_WORDS,
    CLOSED_VOCAB,
    OPEN_HEADER,
    looks_chosen,
    looks_closed,
    ticked_options,
)
from consult_analyser.ingest.code_columns import looks_codes
from consult_analyser.ingest.column_values import (
    _asks_for_words,
    _counts,
    _looks_consent,
    _looks_email,
    _looks_file_names,
    _looks_id,
    _looks_measures,
    _looks_respondent_type,
    _refers,
    looks_dates,
)
from consult_analyser.ingest.header_roles import (
    _ALCHEMER_BEFORE_NOTES,
    _CODE_HEADER,
    _COUNT_HEADER,
    _HANDLING,
    _HEADER_RULES,
    _IP_HEADER,
    _KEYED_ROLES,
    _KEYED_SECTOR,
    _NAMES_SIDES,
    _PERSONAL_OR_HANDLING,
    _POSTCODE_HEADER,
    _UNNAMED,
    BILINGUAL,
)
from consult_analyser.ingest.header_text import header_words, question_key_of
from consult_analyser.ingest.option_columns import group_options
from consult_analyser.ingest.personal_columns import personal_by_content, personal_by_header
from consult_analyser.ingest.sides import is_organisation_value
from consult_analyser.ingest.uploads import looks_document_column
from consult_analyser.store.theme_report import stance_of_choice, yes_no_of_choice

ROLES = ("id", "name", "organisation", "email", "respondent_type", "sector", "sector_other", "region", "consent",
         "metadata", "personal", "ignore", "question", "document")


label_identity = question_identity


@dataclass
class ColumnSpec:
    header: str
    role: str
    question_key: str = ""
    kind: str = ""  # "open" | "closed" for question columns
    samples: list[str] = field(default_factory=list)
    #: one option of a "tick all that apply" question laid out a column per option: the option its
    #: cells name when ticked (the question's ticked options are joined into one answer)
    option: str = ""
    #: a "tick all that apply" question in one column: how its cells separate the ticked options
    separator: str = ""
    #: a personal column's kind ("postcode", "user name": see personal_columns.PERSONAL_KINDS)
    personal: str = ""
    #: the words for the codes its cells hold ("A1" -> "Individual"), from a mapping file's [labels]
    labels: dict[str, str] = field(default_factory=dict)
    #: why a column kept as information (or not read) is no question, as the dry run says it beside a column of text
    why: str = ""


@dataclass
class TableMapping:
    columns: list[ColumnSpec]
    question_texts: dict[str, str] = field(default_factory=dict)
    #: question keys a mapping file gave (see :attr:`Question.key_given`)
    given_keys: set[str] = field(default_factory=set)
    #: a respondent may have several rows (an engagement platform's comments, a row each, with the
    #: commenter's e-mail as the id): their rows are joined, not refused (a mapping file's
    #: ``[import] several_rows_per_respondent = true``)
    several_rows: bool = False
    #: how the file's responses came, when a mapping file says (``[import] channel = "email"``; "" as detected)
    channel: str = ""
    #: what the detection could not settle, for the user (said by the dry run and the import)
    notes: list[str] = field(default_factory=list)

    def by_role(self, role: str) -> list[ColumnSpec]:
        return [c for c in self.columns if c.role == role]

    def describe(self) -> str:
        lines = []
        for c in self.columns:
            extra = f" {c.question_key} ({c.kind})" if c.role == "question" else ""
            header = c.header if len(c.header) <= 60 else f"{c.header[:33].rstrip()} … {c.header[-24:].lstrip()}"
            lines.append(f"{header!r:64} -> {c.role}{extra}")
        return "\n".join(lines)


#: from this many rows read, a column with no value in any of them is no question
EMPTY_COLUMN_ROWS = 20
#: the rows whose values the tests of a column read: spread evenly over the whole file, never only its first
#: rows (a trial's second question, answered only in the last half of the file, was taken for an empty column)
DETECT_ROWS = 3000
#: a column with fewer values than this among those rows is read from the values it has anywhere in the file
SPARSE_VALUES = 50


def spread(rows: list, count: int) -> list:
    """``count`` of ``rows`` spread evenly from the first to the last (all of them when there are no more)."""
    if len(rows) <= count:
        return rows
    return [rows[i * len(rows) // count] for i in range(count)]


def column_values(rows: list[list[str]], sampled: list[list[str]], index: int) -> list[str]:
    """The values of column ``index`` the detection reads: those of the ``sampled`` rows, or where they hold few,
    the values the column has anywhere in ``rows`` (every row of the file), spread over it."""
    values = [row[index] for row in sampled if index < len(row)]
    if len(rows) > len(sampled) and sum(1 for v in values if v.strip()) < SPARSE_VALUES:
        filled = [row[index] for row in rows if index < len(row) and row[index].strip()]
        if len(filled) > sum(1 for v in values if v.strip()):
            return spread(filled, DETECT_ROWS)
    return values


def detect_mapping(header: list[str], sample_rows: list[list[str]]) -> TableMapping:
    """Guess each column's role from its header and the rows of data: give them all (a file's every row); the
    values read are spread over them (:func:`spread`, :func:`column_values`), and a column is called empty
    only when no row fills it."""
    columns: list[ColumnSpec] = []
    used_roles: set[str] = set()
    auto_key = 0
    empty: list[str] = []
    sampled = spread(sample_rows, DETECT_ROWS)
    for index, name in enumerate(header):
        values = column_values(sample_rows, sampled, index)
        samples = list(itertools.islice((v for v in values if v.strip()), 5))
        companion = companion_of(columns, name)
        if companion is not None:  # "q3comment", "respondenttype[other]": belongs with the column it names
            if companion.role == "question":
                columns.append(ColumnSpec(name, "question", companion.question_key, "open", samples))
            else:  # the words of a declared type's "Other": read with the type (see wide.parse)
                other = companion.role in {"sector", "respondent_type"} and "sector_other" not in used_roles
                columns.append(ColumnSpec(name, "sector_other" if other else "metadata", samples=samples,
                                          why=f"it is the 'other' box of the column {companion.header!r}"))
                used_roles.add(columns[-1].role)
            continue
        role = personal = why = ""
        if _UNNAMED.fullmatch(name) and not any(v.strip() for v in values):
            # a column with neither a name nor a value in the first rows: kept with the respondent should
            # anything come later, never an empty question ("Column 4", 0 answers)
            columns.append(ColumnSpec(name, "metadata", samples=samples))
            continue
        key, rest = question_key_of(name)
        words = header_words(name)
        if looks_document_column(rest if key else name, values):
            # an uploaded document's text ("FILENAME: x.pdf | CONTENT: Dear ..."): the row's respondent's letter
            columns.append(ColumnSpec(name, "document", samples=samples))
            continue
        # a question answered in sentences is no personal detail nor the e-mail column, whatever word it holds
        # ("How could the council improve its email and phone services?")
        in_sentences = _asks_for_words(rest if key else name, values)
        if "consent" not in used_roles and _looks_consent(header_words(rest) if key else words, values):
            role = "consent"  # "Publication privacy settings", "May we publish your response?" (see domain)
        elif _PERSONAL_OR_HANDLING.search(header_words(rest) if key else words) and not in_sentences \
                and not (key and looks_codes(header_words(rest), values)):
            role = "metadata"  # kept with the respondent, never read as a question (see the pattern)
            why = "its header names a detail of the respondent or of the response's handling"
            if not _HANDLING.search(header_words(rest) if key else words):  # a postcode, an address: theirs
                personal = "postcode" if _POSTCODE_HEADER.search(words) else \
                    "ip address" if _IP_HEADER.search(words) else "personal"
        elif not key and words in {"tags", "tag"} and looks_codes(words, values):
            role = "ignore"  # the tags people gave each passage, not the tool's empty "Tags" (metadata below)
            why = "it holds the tags given to the answers"
        elif not key and not in_sentences and (personal := personal_by_header(words, has_id="id" in used_roles)):
            role = "personal"  # "Login Username", "Access code", "attribute_1": a person's, never a question
        elif not key and words == "comments" and columns and header_words(columns[-1].header) in _ALCHEMER_BEFORE_NOTES:
            role = "metadata"  # Alchemer's staff notes on a response, in its block of metadata
            why = "it is the survey tool's staff notes on a response"
        elif not key:
            # a bilingual header ("First name / Prénom", "Response ID / ID de réponse"): either language says
            versions = [words, *(header_words(part) for part in BILINGUAL.split(name) if part.strip())]
            for candidate, pattern in _HEADER_RULES:
                if in_sentences and candidate == "email":
                    continue
                if any(pattern.search(version) for version in versions):
                    # a second id or e-mail column (e.g. "Unique ID", "Recipient Email") is kept as information
                    once = candidate in {"id", "email", "respondent_type", "region"} and candidate in used_roles
                    role = "metadata" if once else candidate
                    why = f"the file has a {candidate} column before it" if once else \
                        "its header names information about the response (a date, a status, a reference)"
                    if role == "metadata" and _IP_HEADER.search(words):
                        personal = "ip address"  # kept as information, and (as every export does) as personal
                    break
            if not role and _looks_id(words, values):  # a second id ("Case ref" beside "Response ID") is information
                role = "metadata" if "id" in used_roles else "id"
            if not role and _refers(words, values):  # a comment's "Idea ID": the idea it replies to
                role = "metadata"
            if not role and _COUNT_HEADER.fullmatch(words) and _counts(values):
                role = "metadata"  # an engagement platform's "Likes", "Votes": a tally, not an answer
            if not role and _looks_email(values):
                role = "email"
            if not role and _looks_file_names(values):
                role = "metadata"  # the names of uploaded files, kept as information
                why = "its values are the names of files"
            if (not role and "respondent_type" not in used_roles
                    and ((len(words.split()) <= 4 and not name.rstrip().endswith("?")) or _NAMES_SIDES.search(words))
                    and _looks_respondent_type(values)):
                role = "respondent_type"
            if not role and looks_codes(words, values):
                role = "ignore"  # codings, not answers: the import says how to read them (see wide.parse)
                why = "its values are codes given to the answers"
            if not role and _looks_measures(values):
                role = "metadata"  # "Age", "Number of employees", "Share": figures to keep, not words to read
        else:  # a numbered question may still ask who is answering ("3. What is your organisation's name?")
            rest_words = header_words(rest)
            for candidate, pattern in _HEADER_RULES:
                if candidate in _KEYED_ROLES and (pattern.search(rest_words) if candidate != "sector"
                                                  else _KEYED_SECTOR.search(rest_words)):
                    if candidate not in used_roles or candidate in {"organisation", "sector", "name"}:
                        role = candidate
                    break
            if not role and looks_codes(rest_words, values):  # "Q1 codes": the codes people gave Q1's answers
                role = "ignore"
        if role == "sector" and "respondent_type" not in used_roles and _looks_respondent_type(values) \
                and all(is_organisation_value(v) is not None for v in set(values) if v.strip()):
            # "In what capacity are you making this submission?" answered "An individual" / "An organisation": who
            # is answering, not their kind (a re-tested trial's such column hid the real type column)
            role = "respondent_type"
        if not role and looks_dates(values):
            role = "metadata"  # "Received", "Date of incident": dates (or date-times) to keep, not answers to read
            why = "its values are dates"
        if not role and (personal := personal_by_content(values)):
            role = "personal"  # IP addresses, postcodes, access codes, user names, whatever the header says
            why = "its values read as personal details"
        if role:
            used_roles.add(role)
            columns.append(ColumnSpec(name, role, samples=samples, why=why or _why(role),
                                      personal=personal if role in ("personal", "metadata") else ""))
            continue
        if len(sample_rows) >= EMPTY_COLUMN_ROWS and not any(v.strip() for v in values):
            # a column nobody filled in (regulations.gov's "Representative's City"): kept with the respondent
            # should a later file fill it, never an empty question in the annex and the report
            columns.append(ColumnSpec(name, "metadata", samples=samples, why="nobody filled it in"))
            empty.append(name)
            continue
        ticked = ticked_options(values)
        kind = "closed" if ticked or looks_closed(values) or looks_chosen(rest if key else name, values) else "open"
        asked = header_words(rest if key else name)
        if kind == "closed" and (OPEN_HEADER.fullmatch(asked) or ASKS_FOR_WORDS.match(asked)) \
                and not all(v.strip().lower() in CLOSED_VOCAB for v in values if v.strip()):
            kind = "open"  # "Feedback" of a few campaign lines repeated (answers such as "Agree" stay closed)
        explains = _explained_question(columns, key, rest if key else name) if kind == "open" else ""
        if explains:
            key = explains
        elif not key and _CODE_HEADER.fullmatch(name.strip()) and name.strip().upper() not in \
                {c.question_key for c in columns}:
            key = name.strip().upper()  # a header that is the question's own code ("N2", "S10"): its key
        elif not key:
            auto_key += 1
            key = f"C{auto_key}"
        if ticked:  # the options, not their combinations
            samples = ticked[1]
        elif kind == "closed":  # keep every choice seen, in order of first appearance
            samples = list(dict.fromkeys(v.strip() for v in values if v.strip()))[:30]
        columns.append(ColumnSpec(name, "question", key, kind, samples, separator=ticked[0] if ticked else ""))
    _typeform_hidden_fields(columns)
    texts, notes = group_options(columns)
    _disambiguate(columns)
    if empty:
        notes.append(f"{len(empty)} column{'s' if len(empty) > 1 else ''} with no value in any of the file's "
                     f"{len(sample_rows):,} rows ({', '.join(repr(h) for h in empty[:4])}{', ...' if len(empty) > 4 else ''}) "
                     f"{'were' if len(empty) > 1 else 'was'} kept as information, not read as questions")
    return TableMapping(columns=columns, question_texts=texts, notes=notes)


def _why(role: str) -> str:
    """Why a column of ``role`` is no question, where the detection gave no reason of its own."""
    return {"personal": "its header names a personal detail", "ignore": "its values are codes, not answers",
            "metadata": "its header or its values read as information about the response"}.get(role, "")


#: Typeform's record of each response, after the questions and the form's hidden fields
_TYPEFORM_BLOCK = ("response type", "start date")
_HIDDEN_FIELD = re.compile(r"[a-z][a-z0-9_]{0,40}")


def _typeform_hidden_fields(columns: list[ColumnSpec]) -> None:
    """Typeform writes the form's hidden fields ("utm_source", "ward": what the link carried, named as
    their owner typed them) between the last question and its own "Response Type", "Start Date (UTC)":
    information about the response, not questions."""
    words = [header_words(c.header) for c in columns]
    for i in range(1, len(columns) - 1):
        if words[i] == _TYPEFORM_BLOCK[0] and words[i + 1].startswith(_TYPEFORM_BLOCK[1]):
            j = i - 1
            while j >= 0 and columns[j].role in {"question", "metadata"} \
                    and _HIDDEN_FIELD.fullmatch(columns[j].header.strip()):
                if columns[j].role == "question":
                    columns[j] = ColumnSpec(columns[j].header, "metadata", samples=columns[j].samples,
                                            why="it is one of the hidden fields Typeform writes before its own")
                j -= 1
            return


# A survey tool's column for the "Other, please say" or comment box of another column, named after it:
# LimeSurvey writes "q3comment", "q3[comment]", "respondenttype[other]"
_COMPANION = re.compile(r"^(?P<base>.+?)(?:\s*\[(?:other|comment)\]|comment|_other|_comment)$", re.I)


# SurveyMonkey's "Which best describes you? - Other (please specify)" beside "... - Response", Alchemer's
# "Which best describes you?:Other - Write In"
_OTHER_BOX = re.compile(r"^(?P<base>.+?\S)(?:\s+-\s+|:\s*)other\b.*$", re.I)
# LimeSurvey's codes and texts: "Q00[other]. In what capacity are you responding? [Other]" beside "Q00. In what ..."
_CODED_OTHER = re.compile(r"^(?P<code>[A-Za-z]\w*)\[(?:other|comment)\][.:]?\s", re.I)


def companion_of(columns: list[ColumnSpec], header: str) -> ColumnSpec | None:
    """The earlier column whose "other" or comment box ``header`` is, by its name alone."""
    match = _COMPANION.match(header.strip())
    if match:
        base = match.group("base").strip()
        named = next((c for c in reversed(columns) if c.header.strip() == base), None)
        if named is not None:
            return named
    match = _CODED_OTHER.match(header.strip())
    if match:
        code = match.group("code").casefold()
        found = next((c for c in reversed(columns) if re.split(r"[.:\s\[]", c.header.strip(), maxsplit=1)[0].casefold()
                      == code), None)
        if found is not None and (found.role != "question" or not found.option):
            return found
    match = _OTHER_BOX.match(header.strip())
    if match:  # only for the who-are-you columns: a question's "Other" option is one of its options
        base = match.group("base").strip()
        return next((c for c in reversed(columns) if c.role in {"sector", "respondent_type"}
                     and any(h == base or h.startswith(base + " - ")
                             for h in (c.header.strip(), question_key_of(c.header)[1]))), None)
    before = columns[-1] if columns else None
    if before is not None and before.role in {"sector", "respondent_type"} and (
            _SPECIFY_OTHER.search(header_words(header)) or header_words(header) == header_words(before.header)):
        # "If other, please specify", "1.a.i. If you selected Other, please specify:", or the same
        # header with "(Other - please specify)" after it, straight after the who-are-you column
        return before
    return None


_SPECIFY_OTHER = re.compile(r"\bother\b.*\bspecify\b|\bspecify\b.*\bother\b|^(please )?specify$"
                            r"|^if other\b|^other$", re.I)


# The wording of a free-text column that asks for the reasons behind the closed answer just before
# it: a bare prompt ("Why?", "Please explain", "If no, please say why") or a request that points at
# that answer ("Please explain your answer", "What is the rationale behind your opinion?"). "Why do
# people ...?" or "Any other comments?" ask something else.
_FOLLOW_UP_BARE = re.compile(
    r"^(why|why not|why or why not|why is that|why do you (say|think) (that|so)|how so|in what way|explain|please explain|reasons?|rationale"
    r"|please (give|state|provide) (your |the |any )?(reasons?|details)|please (elaborate|specify)|tell us (why|more)"
    r"|please tell us (why|more)|pourquoi|pourquoi pas|warum|warum nicht|por que|por que no|pam|pam lai|esboniwch)$"
    r"|^if (so|yes|no|not|other|you (answered|disagree|agree|selected|chose|ticked|disagreed|agreed|said))\b", re.I)
_FOLLOW_UP_ASKS = re.compile(r"\b(explain|reasons?|rationale|why|elaborate|expand|justify|comment|tell us|say more"
                             r"|expliqu|justifi|precise[rz]|begrund|erlauter|explique|justifique|esboni|rhesym)", re.I)
_FOLLOW_UP_POINTS = re.compile(
    r"\b(your|this|that|the above|the previous|these) (answers?|choices?|responses?|views?|opinions?|ratings?|positions?"
    r"|selections?|scores?|replies|reply)\b|\b(previous|above|last) question\b"
    r"|\b(votre|cette) (reponse|choix|avis)\b|\b(ihre|deine|diese) (antwort|wahl|meinung)\b"
    r"|\b(su|tu|esta) (respuesta|eleccion|opinion)\b|\beich (ateb|atebion|dewis|barn)\b", re.I)


def _asks_why(header: str) -> bool:
    words = header_words(header)
    return bool(_FOLLOW_UP_BARE.search(words) or (_FOLLOW_UP_ASKS.search(words) and _FOLLOW_UP_POINTS.search(words)))


# "Please explain your views (on the proposed rule)", "the rationale behind your opinion": a request for views, which
# explain a closed answer only when that answer is a view (agree/disagree, yes/no, a rating), not a docket or a
# category chosen from a list (trial 48: "Which proposed rule are you commenting on?" took the views as its own)
_VIEWS = re.compile(r"\b(your|this|that|the above|the previous|these|votre|cette|ihre|deine|diese|su|tu|esta|eich) "
                    r"(views?|opinions?|positions?|avis|meinung|opinion|barn)\b", re.I)
_ASKS_A_VIEW = re.compile(r"\b(agree|disagree|support|oppose|favou?r|rate|rating|satisf\w*|think|believe|feel|opinion"
                          r"|views?|should|prefer\w*|important|likely|happy|approve|welcome|accept\w*)\b", re.I)


def _asks_for_views_only(header: str) -> bool:
    """A request that points at no answer but at the respondent's views ("Please explain your views on the
    proposed rule"), not a bare "Why?" or "Please explain your answer"."""
    words = header_words(header)
    return not _FOLLOW_UP_BARE.search(words) and not _FOLLOW_UP_POINTS.search(_VIEWS.sub(" ", words))


def _is_a_view(column: ColumnSpec) -> bool:
    """A closed question whose answer is a view: its options read as agreeing or not, yes or no, or numbers on a
    scale, or its wording asks for a view ("Do you support ...?", "How would you rate ...?", "Should ...?")."""
    options = [v for v in column.samples if v.strip()]
    sided = [v for v in options if stance_of_choice(v) or yes_no_of_choice(v) or v.strip().isdigit()]
    return 2 * len(sided) >= len(options) > 0 or bool(_ASKS_A_VIEW.search(header_words(question_key_of(column.header)[1]
                                                                                         or column.header)))


def _explained_question(columns: list[ColumnSpec], own_key: str, wording: str) -> str:
    """The key of the closed question an open column explains, or "". A free-text column that
    directly follows a closed question and asks why ("Please explain your answer", "What is the
    rationale behind your opinion?") is that question's explanation: sharing its key, the two make
    one hybrid question whose themes can be split by the closed answer, whatever the two are numbered
    ("Q4" and "Q4a", or a survey tool's "Q3" and "Q4")."""
    if not columns:
        return ""
    before = columns[-1]
    if before.role != "question" or before.kind != "closed":
        return ""
    if any(c.question_key == before.question_key and c.kind == "open" for c in columns):
        return ""
    shared = re.match(r"(.+?)\s*[-–:|]\s+", before.header)  # "Proposal A - Do you agree?" / "Proposal A - Why?"
    if shared and wording.startswith(shared.group(0)):
        wording = wording[shared.end():]
    if not _asks_why(wording) or (_asks_for_views_only(wording) and not _is_a_view(before)):
        return ""
    return before.question_key


def _disambiguate(columns: list[ColumnSpec]) -> None:
    """A key may hold one closed and one open column (a hybrid question); more get suffixes."""
    seen: dict[tuple[str, str], int] = {}
    for column in columns:
        if column.role != "question" or column.option:  # the options of one question share its key
            continue
        slot = (column.question_key, column.kind)
        seen[slot] = seen.get(slot, 0) + 1
        if seen[slot] > 1:
            column.question_key = f"{column.question_key}_{seen[slot]}"
