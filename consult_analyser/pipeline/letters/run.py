"""Split a project's documents into passages, map them to its questions and build letter answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consult_analyser.domain import Question
from consult_analyser.paths import log_unexpected
from consult_analyser.pipeline.letters.mapping import QuestionInfo, consultation_words, map_document, question_number
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import passages as store_passages
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions
from consult_analyser.store.themes import list_themes


@dataclass
class LetterSummary:
    documents: int = 0
    passages: int = 0
    mapped: int = 0  # to a question other than General comments
    general: int = 0
    letter_answers: int = 0
    respondents: int = 0
    codings_removed: int = 0  # codings on letter answers whose passages no longer answer their question
    #: questions whose letter answers this mapping added, changed or removed, where themes were found
    #: before: their themes have not seen those answers
    rethemed: list[str] = field(default_factory=list)


def project_questions(project: Project, general_id: str) -> tuple[list[QuestionInfo], dict[str, str]]:
    """The open questions letters can answer (with their themes' words) and key -> id."""
    infos, ids = [], {}
    for q in list_questions(project, open_only=True):
        if q.id == general_id:
            continue
        themes = " ".join(f"{t.theme.label} {t.theme.description} {' '.join(t.theme.keywords)}"
                          for t in list_themes(project, q.id))
        infos.append(QuestionInfo(q.key, question_number(q.key), q.text, themes))
        ids[q.key] = q.id
    return infos, ids


def _letter_answers(project: Project) -> dict[tuple[str, str], tuple[str, str]]:
    """(respondent, question) -> (question key, text) of every letter answer."""
    return {(r[0], r[1]): (r[2], r[3]) for r in project.query(
        "SELECT r.respondent_id, r.question_id, q.key, r.text FROM responses r JOIN questions q ON q.id = r.question_id"
        " WHERE r.origin = 'letter'")}


def map_letters(project: Project, progress: ProgressFn | None = None, *, only_new: bool = False) -> LetterSummary:
    """(Re)build every document's passages and mapping (an analyst's moves are kept) and the
    letter answers built from them; ``only_new``: only documents not split into passages yet."""
    progress = progress or null_progress
    documents = store_passages.letter_documents(project)
    # the words of the consultation's title, read in all its letters' front matter: evidence for no one question
    common = consultation_words([text for _, _, text in documents])
    if only_new:
        done = store_passages.documents_with_passages(project)
        documents = [d for d in documents if d[0] not in done]
    if not documents:
        return LetterSummary()
    general = store_passages.general_question(project).id
    questions, ids = project_questions(project, general)
    summary = LetterSummary(documents=len(documents))
    respondents: list[str] = []
    before = _letter_answers(project)
    with project.transaction():
        for n, (document_id, respondent_id, text) in enumerate(documents):
            progress(n / max(1, len(documents)), "passages of letters")
            # a greeting or a sign-off (and the signature under it) is kept as a heading is: part of
            # the letter, never of an answer
            rows = [store_passages.NewPassage(p.start, p.end, "heading" if m.method == "closing" else p.kind,
                                              ids[m.question_key] if m.question_key else general,
                                              m.confidence, m.method) for p, m in map_document(text, questions, common=common)]
            store_passages.replace_passages(project, document_id, rows)
            summary.passages += len(rows)
            # counted as stored: an analyst's move, kept over the mapping just made, counts where it put the passage
            for p in store_passages.document_passages(project, document_id):
                if p.kind != "heading" or p.method == "analyst":
                    if p.question_id and p.question_id != general:
                        summary.mapped += 1
                    else:
                        summary.general += 1
            respondents.append(respondent_id)
        summary.codings_removed = store_passages.rebuild_letter_answers(project, respondents)
        project.audit("map_letters", "documents", "", documents=len(documents), passages=summary.passages)
    summary.respondents = len(set(respondents))
    after = _letter_answers(project)
    changed = {after.get(k, before.get(k, ("", "")))[0] for k in set(before) | set(after) if before.get(k) != after.get(k)}
    themed = {r[0] for r in project.query("SELECT DISTINCT q.key FROM themes t JOIN questions q ON q.id = t.question_id")}
    summary.rethemed = sorted(changed & themed)
    summary.letter_answers = project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter'") or 0
    progress(1.0, "passages of letters")
    return summary


def map_letters_after_import(project: Project, questions: int) -> tuple[LetterSummary | None, str]:
    """Map the letters an import brought (and any an interrupted import left unmapped) to the
    questions, so they count; when the import added ``questions`` to a project whose letters were
    mapped before, those are mapped again only while nothing has been done with them (every passage
    still under General comments, no coding or theme on a letter answer: the usual order, letters
    first and the survey after). Otherwise they keep their questions, codings and themes, and the
    message says how to map them again. Returns (summary or None, message); when mapping fails the
    message says the import itself is kept (the fault is logged)."""
    letters, unmapped = store_passages.letter_counts(project)  # counted in the store: no letter's text is read
    if not letters:
        return None, ""
    remap = bool(questions) and unmapped < letters and not store_passages.letters_worked_on(project)
    kept = (f"{questions} new question(s): the letters mapped before keep their questions, codings and themes; to "
            "map them again with the new questions, run 'consult-analyser letters PROJECT' (an analyst's moves are "
            "kept)") if questions and not remap and unmapped < letters else ""
    if not (unmapped or remap):
        return None, kept
    try:
        summary = map_letters(project, only_new=not remap)
    except Exception as exc:  # noqa: BLE001 - the files are imported; this step can be re-run on its own
        return None, ("the files were imported, but their letters' passages could not be mapped to the questions "
                      "(new letters count under no question yet); they are mapped when themes are next found, or "
                      "with the 'letters' command. "
                      + log_unexpected(exc, step="mapping the letters' passages to questions", undone=False))
    return summary, kept


#: a catch-all question ("Any other comments?", "Is there anything else you would like to tell us?"):
#: never the question a letter's views on the proposal answer
_CATCH_ALL = re.compile(r"\b(?:any(?:thing)?\s+(?:other|else|further|additional|more)|other|further|additional)\b"
                        r"[^?.]{0,30}?\b(?:comments?|points?|views|information|remarks|thoughts|to (?:add|say|tell))\b"
                        r"|\banything else\b", re.I)


def main_open_question(project: Project) -> Question | None:
    """The survey's one main open question, if it has exactly one: the open (or closed-with-explanation)
    questions the form's respondents answered in words, less a catch-all ("Any other comments?") and
    General comments. None when there are none or several (no guess between them)."""
    general = store_passages.general_question(project).id
    answered = {r[0] for r in project.query("SELECT DISTINCT question_id FROM responses WHERE origin = 'form'"
                                           " AND trim(text) != ''")}
    found = [q for q in list_questions(project, open_only=True)
             if q.id != general and q.id in answered and not _CATCH_ALL.search(q.text)]
    return found[0] if len(found) == 1 else None


def general_note(project: Project, project_name: str = "PROJECT") -> str:
    """When most letter answers are General comments (passages that answer no particular question), what
    an analyst can do about it: move the letters' General comments passages to a question, at once, and
    which question, when the survey has one main open question (:func:`main_open_question`); "" otherwise.
    Nothing is moved: the analyst chooses."""
    general = store_passages.general_question(project).id
    total, in_general = project.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(question_id = ?), 0) FROM responses WHERE origin = 'letter'", (general,)).fetchone()
    if not in_general or in_general * 2 < total:
        return ""
    main = main_open_question(project)
    said = (f"{in_general:,} of the {total:,} letter answers are General comments (passages that answer no particular "
            "question), themed and counted apart from the questions' answers. ")
    how = ("right-click a letter in the Reader for the same, for every letter or for that one; nothing was moved")
    if main is None:
        return said + (f"To count them with a question's answers, choose it: consult-analyser letters {project_name} "
                       f"--general-to KEY (one letter's: add --document FILE), or {how}")
    return said + (f"The survey has one main open question, {main.key} \"{main.text}\": to count them with its "
                   f"answers, run consult-analyser letters {project_name} --general-to {main.key} (one letter's: add "
                   f"--document FILE), or {how}")
