"""Making exported text safe to open: no live formulas, no illegal characters, optional redaction.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@`` (and
some programs also treat a leading tab or carriage return that way). Respondents' answers can start
with any of these, so every exported text goes through these helpers:

- CSV: such text is prefixed with an apostrophe, as OWASP recommends for CSV injection.
- XLSX: every text is written as a string cell (never a formula cell) and, when it looks like a
  formula, also carries Excel's "quote prefix" flag so that editing the cell keeps it text.

The same rule holds for every tabular output: annex sheets, CSV tables and the codebook CSV, for
headers as well as data (a metadata column's name comes from the input). Reports carry no live
links: web addresses are written so that a word processor shows them as plain text.

Every export is written to ``<name>.part`` beside the target and renamed into place only when
complete (:func:`replace_atomically`): a full disk or a killed process never leaves a half file
under the real name, and a stale ``.part`` left by a killed export is removed by the next one.

Redaction of personal data uses :mod:`consult_analyser.pipeline.pii`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from consult_analyser.errors import WriteError, storage_reason
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import consent, published_campaigns
from consult_analyser.store import organisations as store_organisations
from consult_analyser.store import respondents as store_respondents
from consult_analyser.store.campaigns import label_for
from consult_analyser.store.organisations import OrganisationRow
from consult_analyser.store.project import Project

if TYPE_CHECKING:  # the sector rules load on use (an export that lists no organisation never reads them)
    from consult_analyser.pipeline.sectors.rules import SectorRules

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32767
TRUNCATION_MARK = " [… cut: too long for one spreadsheet cell]"
# Characters that XML 1.0 (and so XLSX) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Redactor = Callable[[Sequence[str]], list[str]]


_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula (a plain number such as "-2.9717",
    a longitude, is data: a spreadsheet reads it as that number)."""
    return bool(text) and text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


#: what a survey tool records about a person beside their answers: names, addresses, contact
#: details, where and from what machine they answered (a metadata column's header)
_PERSONAL_FIELD = re.compile(r"\b(name|first|last|surname|e-?mail|ip|ip ?address|ipaddr|user ?agent|phone|telephone"
                             r"|mobile|post ?code|postal|zip|address|street|latitude|longitude|lat|lon|lng|geo ?location"
                             r"|date of birth|dob|recipient|contact|subject|sender|message ?id|file ?name|attachments?"
                             r"|title|city|town|representative|submitter|author|authors|tracking number)\b",
                             re.I)  # (an e-mail's subject line and its file's name often carry the sender's name, as
# regulations.gov's "Title" does: "Comment from Johnson, Linda"; a city beside a ZIP code's absence still narrows)


def personal_field(header: str) -> bool:
    """True when a column of that header holds personal data about the respondent (see
    :data:`_PERSONAL_FIELD`): left out of exports unless names are asked for."""
    return bool(_PERSONAL_FIELD.search(re.sub(r"(?<=[a-z])(?=[A-Z])|_", " ", header)))


#: a metadata column is personal, whatever its header, when its values hold the respondent's own name, or
#: the personal-data checks flag them, in more than this share of the respondents who have a value
PERSONAL_VALUES_SHARE = 0.5
_SAMPLE = 500  # respondents with a value, read per column


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def personal_keys(project) -> set[str]:  # noqa: ANN001 - Project
    """The metadata columns that hold personal data, the one rule every export follows (left out unless
    names are asked for): by the header (:func:`personal_field`) or by the values, a column whose values
    hold the respondent's own name (the project's name field) or that the personal-data checks flag, for
    most respondents who have one (trial 41: an attached file's column ``transcription`` held "Roger
    Hall.txt" for 191 of 192 individuals and was published in the redacted respondents table)."""
    from consult_analyser.pipeline.pii import looks_personal
    from consult_analyser.store import reporting

    keys = reporting.metadata_keys(project)
    personal = {k for k in keys if personal_field(k)}
    samples: dict[str, list[tuple[str, str]]] = {k: [] for k in keys if k not in personal}
    for name, metadata in reporting.names_and_metadata(project):
        for key, value in metadata.items():
            if key in samples and len(samples[key]) < _SAMPLE and str(value).strip():
                samples[key].append((_words(name), str(value)))
    for key, pairs in samples.items():
        if not pairs:
            continue
        named = [bool(name) and f" {name} " in f" {_words(value)} " for name, value in pairs]
        flagged = looks_personal([value for (_n, value), hit in zip(pairs, named, strict=True) if not hit])
        if named.count(True) + flagged.count(True) > PERSONAL_VALUES_SHARE * len(pairs):
            personal.add(key)
    return personal


def csv_safe(value: object) -> object:
    """A CSV field that no spreadsheet will run: risky text gets a leading apostrophe.

    Numbers and ``None`` pass through unchanged (a negative number is data, not a formula).
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    """One CSV row (a header or data) under the one rule: :func:`csv_safe` on every field."""
    return [csv_safe(v) for v in values]


_LINK = re.compile(r"\b((?:https?|ftp|file|mailto|javascript|data)):(//)?|\bwww\.", re.I)


def defang_links(text: str) -> str:
    """Text whose web addresses no word processor turns into live links: ``https://x`` becomes
    ``https[:]//x`` and ``www.x`` becomes ``www[.]x`` (readable, not clickable)."""
    return _LINK.sub(lambda m: "www[.]" if m.group(0).lower().startswith("www") else
                     f"{m.group(1)}[:]{m.group(2) or ''}", text)


def xml_clean(text: str) -> str:
    """Drop the control characters XML cannot hold (tabs and line breaks stay)."""
    return _ILLEGAL_XML.sub("", text)


def cell_text(text: str) -> str:
    """Text ready for one spreadsheet cell: legal characters, within Excel's 32,767 limit."""
    text = xml_clean(text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text


def part_path(path: str | Path, tag: str = "") -> Path:
    """The temporary name an export of ``path`` is written under (``tag`` tells several apart)."""
    path = Path(path)
    return path.with_name(f"{path.name}{tag}.part")


def stale_parts(path: str | Path) -> list[Path]:
    """The temporary files a killed export of ``path`` may have left beside it: ``<name>.part``,
    ``<name><tag>.part`` (the annex's ``.head``) and a chart pass's ``<name>...part.alt``."""
    path = Path(path)
    pattern = re.compile(re.escape(path.name) + r"(\.[A-Za-z0-9_-]+)?\.part(\.alt)?")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(path.parent / n for n in names if pattern.fullmatch(n))


def remove_stale_parts(path: str | Path) -> list[Path]:
    """Remove what :func:`stale_parts` finds; the files removed (one that cannot be is left, and logged)."""
    import logging

    removed = []
    for stale in stale_parts(path):
        try:
            _remove(stale)
            removed.append(stale)
        except OSError:
            logging.getLogger(__name__).warning("could not remove %s", stale, exc_info=True)
    return removed


@contextmanager
def replace_atomically(path: str | Path, *extra_tags: str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends normally, rename it to ``path``.

    Stale temporary files (``<name>.part`` and ``<name><tag>.part`` for each of ``extra_tags``) left
    by a killed export are removed first; the temporary files are always removed at the end. A
    storage failure (disk full, read-only, no permission) becomes a :class:`WriteError` that says
    so; the target is then untouched (an older export under that name stays as it was)."""
    path = Path(path)
    temporaries = [part_path(path), *(part_path(path, tag) for tag in extra_tags)]
    try:
        for stale in {*temporaries, *stale_parts(path)}:
            _remove(stale)
        yield temporaries[0]
        os.replace(temporaries[0], path)
    except OSError as exc:
        raise WriteError(f"{path.name} could not be written: {storage_reason(exc)}; nothing was written "
                         "and no temporary file was left") from exc
    finally:
        for temporary in temporaries:
            try:
                _remove(temporary)
            except OSError:
                pass


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def pseudonym(number: int) -> str:
    """The pseudonymous id shown instead of a respondent id that holds personal data."""
    return f"respondent #{number}"


def respondent_labeller(project, redactor: Redactor) -> Callable[[str], str]:  # noqa: ANN001 - Project
    """Respondent ids as published: an id that holds personal data (an e-mail address, a name)
    becomes its pseudonymous id (see :func:`pseudonym`), and so does every id made from a file's
    name (a letter's or an e-mail's: "Thorburn-Mensah_A_letter.docx" names its writer in a way no
    pattern finds); every other id stays as it is. With redaction off ids are shown unchanged."""
    from consult_analyser.store import reporting

    if redactor is no_redaction:
        return lambda external: external
    numbers = reporting.respondent_numbers(project)
    ids = list(numbers)
    cleaned = redactor(ids) if ids else []
    files = set(reporting.document_respondent_ids(project))
    mapping = {external: pseudonym(numbers[external]) for external, clean in zip(ids, cleaned, strict=True)
               if clean != external or external in files}
    return lambda external: mapping.get(external, external)


def screen_organisations(values: Sequence[str]) -> set[str]:
    """The organisation names that hold personal data (a person's name, an e-mail address, a phone
    number, ...): typed into the organisation field by individuals. They are left out of the
    published list of organisations and flagged for review."""
    from consult_analyser.pipeline.pii import has_pii
    from consult_analyser.pipeline.sectors.people_in_names import names_someone_beside, personal_names, without_people
    from consult_analyser.pipeline.sectors.rules import SectorRules

    rules = SectorRules.default()
    distinct = [v for v in dict.fromkeys(values) if v]
    # contact or identity data always counts; a name-like field counts unless a sector rule knows
    # it for an organisation's name ("Gurdwara Sahib Bristol", "Jamia Masjid Bilal Basingstoke")
    return {value for value, personal in zip(distinct, personal_names(distinct, rules), strict=True)
            if (personal and (has_pii(value, names=False) or not rules.names_organisation(value)))
            or names_someone_beside(value, rules) or _first_of_several_people(value, rules)
            or not without_people(value, rules)}  # people only: one ("Alan Mcpherson") or a list, titled or not


def responding_organisations(project: Project, screen: bool) -> tuple[list[OrganisationRow], list[OrganisationRow]]:
    """The organisations to list, and those held back as a person's details (for review; with
    ``screen`` also those whose name holds personal data).

    Respondents with an organisation field, and those with only a name that a sector rule knows
    for an organisation's name ("Australian Human Rights Commission", "Getty Images Ltd") or whose
    organisation sector was declared or set by an analyst ("OpenAI" declared a company): a
    consultation that asks only for the "submitter" holds organisations in its name column. A
    name shaped like a person's, or with any personal data in it, is never listed, unless an analyst set or
    confirmed it (``organisation PROJECT ID NAME``): then it is listed as set, if it holds no contact data."""
    from consult_analyser.pipeline.pii import PiiFinder
    from consult_analyser.pipeline.pii_names import names_a_person
    from consult_analyser.pipeline.sectors.people_in_names import (
        names_no_person,
        personal_names,
        self_described_and_named,
        without_people,
    )
    from consult_analyser.pipeline.sectors.rules import SectorRules

    rules = SectorRules.default()
    emptied: list[OrganisationRow] = []
    # what they said of themselves and a person's name ("Retired nurse Jean Ellis", "Myself - Kevin Doyle"): a
    # person's details, never listed; held back for review (they ticked "organisation"), whatever else is asked
    described: list[OrganisationRow] = []

    def self_described(found: list[OrganisationRow]) -> list[OrganisationRow]:
        kept: list[OrganisationRow] = []
        for r in found:
            (described if self_described_and_named(r.organisation, rules) else kept).append(r)
        return kept

    def without_persons(found: list[OrganisationRow]) -> list[OrganisationRow]:
        """A person named beside the body ("Dr Catherine Singh, Centre for Social Cohesion"): the body is
        listed without them, or held back when nothing but a post is left."""
        out = []
        for r in found:
            kept = without_people(r.organisation, rules, r.person)
            if kept and _lone_given_name(kept, rules):  # "Becky" left of "Becky & Brian Smith"
                kept = ""
            if kept:
                out.append(replace(r, organisation=kept) if kept != r.organisation else r)
            else:
                emptied.append(r)
        return out

    every = store_organisations.organisations(project)
    # a name an analyst set or confirmed is their decision that it names an organisation: listed as set
    marked = store_respondents.organisation_marks(project)
    confirmed = [r for r in every if r.external_id in marked]
    rows = without_persons(self_described([r for r in every if r.external_id not in marked]))
    # a name an organisation type was declared for, or an analyst gave one ("OpenAI", "KPMG": no
    # rule knows them, and 122 of 253 organisations went unlisted), or one a rule knows
    vouched = store_organisations.declared_organisation_ids(project)
    candidates = self_described(store_organisations.organisations(project, by_name=True))
    named = [r for r in candidates if r.external_id not in vouched and _known_by_rule(rules, r.organisation)]
    # a name column holds people too: any personal data in it, a person's name found by the
    # recogniser among them ("Kristen M. of KomplyAi Pty Ltd"), keeps the entry out
    found = PiiFinder(names=True).find_many([r.organisation for r in named]) if named else []
    rows += [r for r, spans in zip(named, found, strict=True) if not spans]
    # an organisation's name with a person's in it ("Michael Paton / YawLife Pty Ltd") is held for review
    held_named = [r for r, spans in zip(named, found, strict=True) if spans]
    # a declared organisation: kept unless its name holds personal data by the patterns or a
    # person's full name by its shape ("Michael Paton / YawLife Pty Ltd"); the recogniser and the
    # first-name list take "Wiley", "Ernst & Young" or "Getty Images" for people
    declared = without_persons([r for r in candidates if r.external_id in vouched])
    flagged = personal_names([r.organisation for r in declared], rules)

    def names_someone(name: str) -> bool:  # "Office of the Commonwealth Ombudsman" is an office, not a person
        if _first_of_several_people(name, rules):  # "Charles Combs Et Al." names Charles Combs
            return True
        if not names_a_person(name) or names_no_person(name, rules):
            return False
        return not rules.names_organisation(name)


    shaped = [personal_shape or names_someone(r.organisation) for r, personal_shape in zip(declared, flagged,
                                                                                        strict=True)]
    rows += [r for r, held in zip(declared, shaped, strict=True) if not held]
    # held back for review, never silently: they said they answer for an organisation
    held_back = [r for r, held in zip(declared, shaped, strict=True) if held] + held_named + emptied + described
    rows.sort(key=lambda r: (r.sector, r.organisation.casefold()))
    # a respondent who said they answer for an organisation and gave their own name apart typed the
    # organisation's name in its box: only contact details there hold it back ("Deutscher Städtetag",
    # "Préfecture du Rhône" read as people's names to a name model that knows English organisation
    # words); one who typed their own name there is screened as before
    from consult_analyser.pipeline.pii import has_pii
    from consult_analyser.pipeline.pii_names import is_given_name

    def person_shaped(name: str) -> bool:  # "David Wieland," from a list of commenters: a first name and one more
        name = _without_et_al(name)
        words = name.replace(",", " ").split()
        return (2 <= len(words) <= 3 and is_given_name(words[0]) and not rules.names_organisation(name)) \
            or _lone_given_name(name, rules)

    def trusted(r: OrganisationRow) -> bool:  # a name of its own beside the person's
        return r.declared and bool(r.person.strip()) and r.organisation.casefold().strip() != r.person.casefold().strip() \
            and not person_shaped(r.organisation)

    personal = screen_organisations([r.organisation for r in rows if not trusted(r)]) if screen else set()
    if screen:
        personal |= {r.organisation for r in rows if trusted(r) and has_pii(r.organisation, names=False)}
    # contact data is held back even under an analyst's name (the action refuses it; a project edited before may not)
    contact = [r for r in confirmed if screen and has_pii(r.organisation, names=False)]
    # a bare number, a kind of body or a state alone ("4", "School", "Ohio") names no organisation and no person:
    # neither listed nor held back as a person's details
    from consult_analyser.pipeline.sectors.orgnames import identifies_no_organisation

    def someone(r: OrganisationRow) -> bool:
        return not identifies_no_organisation(r.organisation, rules)

    listed = [r for r in rows if r.organisation not in personal and someone(r)] \
        + [r for r in confirmed if r not in contact]
    listed.sort(key=lambda r: (r.sector, r.organisation.casefold()))
    return listed, [r for r in [r for r in rows if r.organisation in personal] + held_back if someone(r)] + contact


#: what a docket adds after the first of several names, and its notes in brackets: "Charles Combs Et Al.",
#: "Steph Lady Et Al. (Late)"
_NOTES = re.compile(r"(?:\s*\([^()]*\))*\s*$")
#: (and what a clerk wrote after it: a count or a note run on, "Hall Alex Et. Al.47", "Booker Cory Et.al.ussenate")
_ET_AL = re.compile(r"[\s,]+(?:et\.?\s*al\b(?:\.\S*)?|and others|& others)[\s\d.,;:#()-]*$", re.I)


def _without_et_al(name: str) -> str:
    """``name`` without a closing "et al." and the notes in brackets after it: whose name it is (``name`` itself
    where it has no "et al.")."""
    noted = _NOTES.sub("", name)
    bare = _ET_AL.sub("", noted)
    return bare if bare != noted else name


def _first_of_several_people(name: str, rules: SectorRules) -> bool:
    """A person's name before "et al." ("Charles Combs Et Al.", "Kitchen.melissa Et Al. (Late)"): two or three
    words, one of them a first name, that no sector rule knows for an organisation's ("Proteus Fund Et Al" is
    listed)."""
    from consult_analyser.pipeline.pii_names import is_given_name

    bare = _without_et_al(name)
    if bare == name:
        return _lone_given_name(name, rules)
    from consult_analyser.pipeline.sectors.people_in_names import names_no_person

    def a_person(part: str) -> bool:
        words = re.split(r"[\s.,]+", part.strip(" .,"))
        # "Freedom House Et Al" names no person: no first name where a name has one
        return 1 <= len(words) <= 3 and (rules.looks_like_person(part) or any(is_given_name(w) for w in words)
                                         and not rules.names_organisation(part)) and not names_no_person(part, rules)

    # the first of several may be two who share a surname: "Max & Eric Ossentjuk Et Al."
    parts = [p for p in re.split(r"\s*(?:&|/|\band\b)\s*", bare, flags=re.I) if p.strip(" .,")]
    return a_person(bare) or len(parts) > 1 and not rules.names_organisation(bare) \
        and any(a_person(p) or _lone_given_name(p, rules) for p in parts)


def _lone_given_name(name: str, rules: SectorRules) -> bool:
    """A first name alone ("Becky"): a person's, never listed as an organisation's."""
    from consult_analyser.pipeline.pii_names import is_given_name

    words = name.strip(" .,;").split()
    return len(words) == 1 and words[0][:1].isupper() and not words[0].isupper() and is_given_name(words[0]) \
        and not rules.names_organisation(name)


def unconfirmed_by_name(project: Project) -> list[OrganisationRow]:
    """Respondents whose only name is in the name column, filed under an organisation's sector by the model,
    and known for an organisation by no rule: not listed among the organisations (the name may be a person's)
    until an analyst confirms the sector. A re-tested trial's annex left 45 such out (Deloitte, Microsoft,
    UNICEF Australia) without a word: the sheet and the export say how many, and how to list them."""
    from consult_analyser.pipeline.sectors.rules import SectorRules

    rules = SectorRules.default()
    vouched = store_organisations.declared_organisation_ids(project)
    return [r for r in store_organisations.organisations(project, by_name=True) if r.external_id not in vouched
            and not _known_by_rule(rules, r.organisation)]


def _known_by_rule(rules: SectorRules, name: str) -> bool:
    """A submitter's name a sector rule knows for an organisation's and no person's shape: listed without an
    analyst's word ("Australian Human Rights Commission")."""
    return rules.names_organisation(name) and not rules.looks_like_person(name)


def no_redaction(texts: Sequence[str]) -> list[str]:
    """A redactor that changes nothing."""
    return list(texts)


def make_redactor(enabled: bool, *, names_model: bool = True, progress: ProgressFn | None = None) -> Redactor:
    """A function that redacts personal data from a list of texts (or passes them through).

    With ``names_model`` people's names are also looked for with the named-entity model, which
    reads only the passages that may hold a name (two capitalised words in a row); without it only
    the patterns run (e-mail addresses, phone numbers, postcodes, street addresses, titled names
    such as "Mr Patel", names under a letter's closing), which handle hundreds of thousands of
    texts in seconds. The model loads on first use. The redactor remembers the texts it has seen,
    so one redactor serves a whole export: each distinct text is redacted once.
    """
    if not enabled:
        return no_redaction
    from consult_analyser.pipeline.pii import PiiFinder

    finder = PiiFinder(ner=names_model)

    def redact(texts: Sequence[str]) -> list[str]:
        return finder.redact_many(texts, progress or null_progress) if texts else []

    return redact


def campaign_labels(rows: Sequence[published_campaigns.CampaignRow], redactor: Redactor) -> dict[str, str]:
    """Campaign id -> its label as published. A label the app made quotes the first words of the
    campaign's text; it is made again from the redacted text, because a name cut from its sentence
    (``Campaign: "Okafor Aoife M, ...``) loses what marks it as a name. A label an analyst wrote
    is redacted as it stands."""
    texts = redactor([r.canonical_text for r in rows])
    own = [i for i, r in enumerate(rows) if r.label != label_for(r.canonical_text)]
    written = dict(zip(own, redactor([rows[i].label for i in own]), strict=True))
    return {r.id: written[i] if i in written else label_for(texts[i]) for i, r in enumerate(rows)}


#: what stands for the words of a respondent who asked that their response not be published
NOT_PUBLISHED = "[not for publication: the respondent asked that their response not be published]"


def honour_consent(project: Project, items: Iterable[tuple], external_index: int, text_index: int,
                   redactor: Redactor | None = None) -> Iterator[tuple]:
    """Rows of respondents' words, redacted by ``redactor`` (if any) and as their publication
    choices allow: the text at ``text_index`` of a respondent (their id at ``external_index``) who
    asked not to be published becomes :data:`NOT_PUBLISHED` (before the redactor: it need not read
    it); one who asked for anonymity has their own and their organisation's names taken out of it, and
    that organisation's name out of everyone's words (after the redactor, whose patterns would no
    longer see an e-mail address with a name cut out)."""
    who = consent.withheld_by_external(project)
    bodies = consent.withheld_organisations(project) if who else []

    def withheld(rows: Iterable[tuple]) -> Iterator[tuple]:
        for item in rows:
            person = who.get(item[external_index])
            if person is not None and item[text_index] and person.publication == consent.NOT_FOR_PUBLICATION:
                item = (*item[:text_index], NOT_PUBLISHED, *item[text_index + 1:])
            yield item

    def unnamed(rows: Iterable[tuple]) -> Iterator[tuple]:
        for item in rows:
            person = who.get(item[external_index])
            if person is not None and item[text_index] and person.publication == consent.ANONYMOUS:
                item = (*item[:text_index], consent.redact_names(item[text_index], person), *item[text_index + 1:])
            if bodies and item[text_index]:  # an anonymous organisation named in anyone's words, as in theme labels
                item = (*item[:text_index], consent.without_names(item[text_index], bodies), *item[text_index + 1:])
            yield item

    rows = withheld(items) if who else iter(items)
    if redactor is not None:
        rows = redact_stream(rows, text_index, redactor)
    return unnamed(rows) if who else rows


def redact_stream(items: Iterable[tuple], text_index: int, redactor: Redactor, chunk: int = 2000):
    """Redact the text at ``text_index`` of each tuple, a chunk at a time (bounded memory)."""
    buffer: list[tuple] = []
    for item in items:
        buffer.append(item)
        if len(buffer) >= chunk:
            yield from _redact_chunk(buffer, text_index, redactor)
            buffer = []
    if buffer:
        yield from _redact_chunk(buffer, text_index, redactor)


def _redact_chunk(buffer: list[tuple], text_index: int, redactor: Redactor):
    unique = list(dict.fromkeys(item[text_index] or "" for item in buffer))  # each text is redacted once
    cleaned = dict(zip(unique, redactor(unique), strict=True))
    for item in buffer:
        yield item[:text_index] + (cleaned[item[text_index] or ""],) + item[text_index + 1:]


def contact_names_someone(contact: str) -> bool:
    """A publication contact that names a person ("Priya Testlead") or is their own mailbox
    ("priya.testlead@..."), where published files should give a team's (they name no member of staff)."""
    from consult_analyser.pipeline.pii_names import is_given_name, names_a_person

    local = contact.split("@")[0] if "@" in contact else ""
    parts = [p for p in re.split(r"[._-]", local) if p]
    return names_a_person(contact) or (len(parts) == 2 and is_given_name(parts[0].capitalize()))
