"""Letters in the analysis: passages with exact offsets, passage -> question mapping, letter
answers that count in themes and sectors, codings on letter passages through undo, CSV and .qdpx."""

from __future__ import annotations

import csv
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from consult_analyser.actions.coding import AddCoding, CreateCode
from consult_analyser.actions.letters import MapLetters, MovePassage, SetDocumentRole
from consult_analyser.export.csv_export import export_csv
from consult_analyser.export.refi_qda import export_qdpx
from consult_analyser.ingest.importer import import_files
from consult_analyser.pipeline.letters.mapping import QuestionInfo, map_passages
from consult_analyser.pipeline.letters.segment import split_passages
from consult_analyser.store import passages as store_passages
from consult_analyser.store.questions import get_question

REPO = Path(__file__).resolve().parents[1]

PDF_LIKE = """Anytown Borough Council
Response to the consultation

Introduction
The council welcomes the chance to respond. We set out our views on each question
below and are happy to discuss them.
Question 2
Councils should fund youth clubs and keep libraries open in every ward, because
these are the places where people from different backgrounds meet.
  1. Long-term funding matters more than pilots.
  2. Libraries need staff, not only volunteers.
Q3. Should English classes be free?
Yes: English classes should be free for everyone who needs them.
Conclusion
Thank you for considering our response.
"""

QUESTIONS = [
    QuestionInfo("Q1", 1, "To what extent do you agree with the vision?"),
    QuestionInfo("Q2", 2, "What should councils do to support integration?"),
    QuestionInfo("Q3", 3, "Should English classes be free?"),
]


def test_passages_keep_exact_offsets():
    passages = split_passages(PDF_LIKE)
    texts = [PDF_LIKE[p.start:p.end] for p in passages]
    for _p, text in zip(passages, texts, strict=True):
        assert text == text.strip() and text  # trimmed, never empty
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:], strict=False))  # in order, no overlap
    kinds = dict(zip(texts, (p.kind for p in passages), strict=True))
    assert kinds["Question 2"] == "heading" and kinds["Conclusion"] == "heading"
    assert kinds["1. Long-term funding matters more than pilots."] == "numbered"
    # a paragraph wrapped over two lines stays one passage, with its line break
    wrapped = ("Councils should fund youth clubs and keep libraries open in every ward, because\n"
               "these are the places where people from different backgrounds meet.")
    assert wrapped in texts
    start = PDF_LIKE.index(wrapped)
    assert any(p.start == start and p.end == start + len(wrapped) for p in passages)


def test_mapping_by_cue_section_quote_and_general():
    passages = split_passages(PDF_LIKE)
    mapped = map_passages([(PDF_LIKE[p.start:p.end], p.kind) for p in passages], QUESTIONS)
    by_text = {PDF_LIKE[p.start:p.end][:30]: m for p, m in zip(passages, mapped, strict=True)}
    assert by_text["Question 2"].question_key == "Q2" and by_text["Question 2"].method == "cue"
    assert by_text["Councils should fund youth clu"].question_key == "Q2"
    assert by_text["Councils should fund youth clu"].method == "section"
    assert by_text["2. Libraries need staff, not o"].question_key == "Q2"
    assert by_text["Yes: English classes should be"].question_key == "Q3"
    assert by_text["Thank you for considering our "].question_key is None  # after "Conclusion"
    assert by_text["The council welcomes the chanc"].question_key is None
    quoted = map_passages([("You asked: what should councils do to support integration? We think more", "paragraph")],
                          QUESTIONS)
    assert quoted[0].question_key == "Q2" and quoted[0].method == "cue"
    similar = map_passages([("English classes free for everyone, English classes matter", "paragraph")], QUESTIONS)
    assert similar[0].question_key == "Q3" and similar[0].method == "similarity" and 0 < similar[0].confidence < 1


def _letter(tmp_path: Path, sender: str = "clerk@brampton-parish.gov.uk") -> Path:
    msg = EmailMessage()
    msg["From"] = f"Parish Clerk <{sender}>"
    msg["To"] = "consultation@example.gov.uk"
    msg["Subject"] = "Consultation response - Brampton Parish Council"
    msg.set_content(PDF_LIKE)
    path = tmp_path / "letter.eml"
    path.write_bytes(bytes(msg))
    return path


@pytest.fixture
def letter_project(imported_project, tmp_path):
    import_files(imported_project, [_letter(tmp_path)])
    MapLetters().apply(imported_project)
    return imported_project


def _document(project):
    return project.query("SELECT id, text, respondent_id FROM documents")[0]


def test_letter_answers_are_built_once_per_respondent_and_question(letter_project):
    project = letter_project
    document_id, text, respondent_id = _document(project)
    q2, q3 = get_question(project, "Q2"), get_question(project, "Q3")
    rows = project.query("SELECT question_id, text FROM responses WHERE origin = 'letter' AND respondent_id = ?",
                         (respondent_id,))
    answers = {r[0]: r[1] for r in rows}
    assert len(rows) == len(answers)  # once per question
    assert "youth clubs" in answers[q2.id] and "Libraries need staff" in answers[q2.id]
    assert q3.id not in answers  # Q3 is a closed question here: a letter cannot tick its box
    general = store_passages.general_question(project)
    assert "welcomes the chance" in answers[general.id]
    for p in store_passages.document_passages(project, document_id):
        if p.response_id:  # each passage sits exactly where the answer says
            answer = project.scalar("SELECT text FROM responses WHERE id = ?", (p.response_id,))
            assert answer[p.answer_start:p.answer_start + p.end - p.start] == text[p.start:p.end]
    assert project.scalar("SELECT channel FROM respondents WHERE id = ?", (respondent_id,)) == "email"


def test_coding_a_letter_passage_round_trips_through_undo_csv_and_qdpx(letter_project, tmp_path):
    project = letter_project
    document_id, text, _ = _document(project)
    start = text.index("keep libraries open")
    end = start + len("keep libraries open")
    response_id, a_start, a_end = store_passages.to_answer_span(project, document_id, start, end)
    create = CreateCode("Libraries")
    create.apply(project)
    assert create.code is not None
    add = AddCoding(create.code.id, response_id, a_start, a_end)
    add.apply(project)
    assert store_passages.document_codings(project, document_id) == [(add.coding.id, create.code.id, start, end)]
    add.revert(project)
    assert store_passages.document_codings(project, document_id) == []
    add.apply(project)  # redo: the same coding, same id
    assert [c[0] for c in store_passages.document_codings(project, document_id)] == [add.coding.id]

    export_csv(project, tmp_path / "codings.csv", "codings")
    with (tmp_path / "codings.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    coded = next(r for r in rows if r["text"] == "keep libraries open")
    assert (coded["document"], coded["document_start"], coded["document_end"]) == ("letter.eml", str(start), str(end))

    result = export_qdpx(project, tmp_path / "p.qdpx")
    from lxml import etree

    ns = {"q": "urn:QDA-XML:project:1.0"}
    pieces = []
    with zipfile.ZipFile(result.path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        for source in root.iterfind(".//q:Sources/q:TextSource", ns):
            body = zf.read("sources/" + source.get("plainTextPath")[len("internal://"):]).decode("utf-8")
            for selection in source.iterfind("q:PlainTextSelection", ns):
                if selection.find("q:Coding", ns) is not None:
                    pieces.append(body[int(selection.get("startPosition")):int(selection.get("endPosition"))])
    assert "keep libraries open" in pieces  # the letter passage's coding, at its place in the exported source
    from consult_analyser.store.project import Project

    copy = Project.create(tmp_path / "copy.consult")
    try:
        import_files(copy, [result.path])
        back = copy.query('SELECT substr(r.text, c.start + 1, c."end" - c.start) FROM codings c'
                          " JOIN responses r ON r.id = c.response_id WHERE c.start IS NOT NULL")
        assert ("keep libraries open",) in [tuple(r) for r in back]
    finally:
        copy.close()

    # moving the passage to another question takes the coding along; undo brings it back
    passage = next(p for p in store_passages.document_passages(project, document_id) if p.start <= start < p.end)
    q1 = get_question(project, "Q1")
    move = MovePassage(passage.id, q1.id)
    move.apply(project)
    moved = store_passages.get_passage(project, passage.id)
    assert moved.question_key == "Q1" and moved.method == "analyst"
    assert store_passages.document_codings(project, document_id) == [(add.coding.id, create.code.id, start, end)]
    assert project.scalar("SELECT question_id FROM responses WHERE id = (SELECT response_id FROM codings WHERE id = ?)",
                          (add.coding.id,)) == q1.id
    move.revert(project)
    assert store_passages.get_passage(project, passage.id).question_key == "Q2"
    assert project.scalar("SELECT response_id FROM codings WHERE id = ?", (add.coding.id,)) == response_id
    # re-mapping keeps the analyst's move
    move.apply(project)
    MapLetters().apply(project)
    assert store_passages.get_passage_by_span(project, document_id, passage.start, passage.end).question_key == "Q1"
    assert store_passages.document_codings(project, document_id) == [(add.coding.id, create.code.id, start, end)]


def test_supporting_material_is_left_out_of_counts(letter_project):
    project = letter_project
    document_id, _, respondent_id = _document(project)
    before = project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter'")
    assert before >= 2
    op = SetDocumentRole(document_id, "supporting")
    op.apply(project)
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter'") == 0
    op.revert(project)
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter'") == before
    with pytest.raises(ValueError):
        SetDocumentRole(document_id, "annex").apply(project)


def test_sample_email_only_respondents_count_in_themes_by_sector(tmp_path):
    from consult_analyser.pipeline.embeddings import get_embedder
    from consult_analyser.pipeline.sectors.run import classify_project
    from consult_analyser.pipeline.themes.discover import discover_question
    from consult_analyser.store.project import Project
    from consult_analyser.store.theme_report import question_report

    data = REPO / "sample_responses" / "data"
    if not (data / "emails").is_dir():
        pytest.skip("bundled sample not generated")
    project = Project.create(tmp_path / "sample.consult")
    try:
        import_files(project, [data / "online_survey.csv", data / "emails"])
        classify_project(project)
        MapLetters().apply(project)
        email_only = {r[0] for r in project.query(
            "SELECT id FROM respondents WHERE channel = 'email' AND id NOT IN"
            " (SELECT respondent_id FROM responses WHERE origin = 'form')")}
        assert len(email_only) > 100
        key = project.scalar(
            "SELECT q.key FROM responses r JOIN questions q ON q.id = r.question_id WHERE r.origin = 'letter'"
            " AND q.key != 'GENERAL' GROUP BY q.key ORDER BY COUNT(*) DESC LIMIT 1")
        question = get_question(project, key)
        letters = {r[0] for r in project.query(
            "SELECT respondent_id FROM responses WHERE question_id = ? AND origin = 'letter'", (question.id,))}
        assert len(letters & email_only) >= 10
        discover_question(project, question, embedder=get_embedder("tfidf-svd"), campaigns=False)
        report = question_report(project, question.id)
        themed = {r[0] for r in project.query(
            "SELECT DISTINCT r.respondent_id FROM theme_assignments a JOIN responses r ON r.id = a.response_id"
            " JOIN themes t ON t.id = a.theme_id WHERE t.question_id = ?", (question.id,))}
        assert themed & email_only
        for t in report.themes:  # each theme counts the letter-writers among its respondents (an answer may carry several)
            members = {r[0] for r in project.query(
                "SELECT DISTINCT r.respondent_id FROM theme_assignments a JOIN responses r ON r.id = a.response_id"
                " WHERE a.theme_id = ?", (t.theme.id,))}
            assert t.letter_respondents == len(members & letters), t.theme.label
        assert sum(t.letter_respondents for t in report.themes) >= len({r for r in themed if r in letters})
        counted = sum(sum(t.by_sector.values()) for t in report.themes)
        assert counted >= len(themed)  # every themed respondent, letter-writers included, has a sector column
        assert report.answered_by_letter == len(letters)
        from consult_analyser.store.themes import theme_answers

        shown = [a for t in report.themes for a in theme_answers(project, t.theme.id)]
        assert {a.respondent_id for a in shown if a.by_letter} == {a.respondent_id for a in shown} & letters

        from openpyxl import load_workbook

        from consult_analyser.export.annex_xlsx import export_annex

        export_annex(project, tmp_path / "annex.xlsx", redact=False)
        cells = [str(c.value) for ws in load_workbook(tmp_path / "annex.xlsx", read_only=True).worksheets
                 for row in ws.iter_rows() for c in row if c.value is not None]
        assert "Of which wrote to us" in cells
        assert any(f"{len(letters):,} of them in a letter" in c for c in cells)
    finally:
        project.close()


def test_long_table_uploads_become_documents_not_questions(project, tmp_path):
    path = tmp_path / "long.csv"
    rows = [["sub_num", "sub_name", "sub_label", "sub_value"]]
    for n in range(1, 6):
        rows.append([str(n), f"Org {n}", "Q01 Definitions", f"We agree with the definitions, number {n}."])
        rows.append([str(n), f"Org {n}", "Q02 Other risks", f"Risks of deepfakes, number {n}."])
    rows.append(["2", "Org 2", "Transcription", "FILENAME: Org 2 submission.pdf | CONTENT: Question 1\nWe agree."])
    rows.append(["2", "Org 2", "Transcription", "FILENAME: cover letter.pdf | CONTENT: Dear Minister,"])
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    import_files(project, [path])
    assert get_question(project, "Transcription") is None
    assert {q[0] for q in project.query("SELECT text FROM questions")} == {"Definitions", "Other risks"}
    documents = project.query("SELECT d.filename, d.text, d.media_type, r.external_id, r.channel FROM documents d"
                              " JOIN respondents r ON r.id = d.respondent_id ORDER BY d.filename")
    assert [tuple(d) for d in documents] == [
        ("Org 2 submission.pdf", "Question 1\nWe agree.", "application/pdf", "2", "online"),
        ("cover letter.pdf", "Dear Minister,", "application/pdf", "2", "online")]
    MapLetters().apply(project)
    # respondent 2 answered Q01 on the form: the form answer counts, the letter's passage stays in the reader
    assert project.scalar("SELECT COUNT(*) FROM responses WHERE origin = 'letter' AND question_id ="
                          " (SELECT id FROM questions WHERE key = 'Q01')") == 0


@pytest.mark.realdata
def test_real_submissions_mapping_beats_the_baseline():
    from benchmarks import eval_letters

    if not (eval_letters.REAL / "submission_content_transparency.csv").exists():
        pytest.skip("real data not available")
    gold, predicted = eval_letters.evaluate(structure=True)
    base_gold, base_predicted = eval_letters.evaluate(structure=False)
    assert len(gold) >= 100
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    baseline = sum(g == p for g, p in zip(base_gold, base_predicted, strict=True)) / len(base_gold)
    assert accuracy >= 0.8 and accuracy > baseline
    # labelled spans still line up with the segmenter's passages (the labels keep offsets only)
    assert all(g for g in gold)


def test_a_long_letter_is_mapped_without_a_copy_of_it_per_passage(imported_project, tmp_path):
    """A letter of 2,000 paragraphs (about 400 KB): its answers are rebuilt reading the letter
    once, not once per passage (a 5 MB letter took 24 GB and was killed)."""
    import tracemalloc

    msg = EmailMessage()
    msg["From"] = "A Writer <writer@example.org>"
    msg["Subject"] = "Response"
    paragraph = "Question 1: " + "community centres need funding for classes and volunteers " * 3
    msg.set_content("\n\n".join(f"{paragraph} ({i})." for i in range(2000)))
    path = tmp_path / "long.eml"
    path.write_bytes(bytes(msg))
    import_files(imported_project, [path])
    tracemalloc.start()
    try:
        summary = MapLetters().apply(imported_project) or None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150e6, f"{peak / 1e6:.0f} MB"
    assert imported_project.scalar("SELECT COUNT(*) FROM passages") >= 2000, summary


def test_a_failure_mapping_letters_keeps_the_import_and_says_so(project, tmp_path, monkeypatch, capsys):
    """The files are in the project once the import has written them: a fault while mapping
    the letters afterwards is a warning naming the way to map them again, never "nothing was changed"."""
    from consult_analyser.cli.main import main
    from consult_analyser.pipeline.letters import run

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def broken(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(run, "map_letters", broken)
    letter = _letter(tmp_path)
    project.close()
    assert main(["-q", "import", str(project.path), str(letter)]) == 0
    out = capsys.readouterr().out
    assert "imported 1 respondents" in out and "could not be mapped" in out and "'letters' command" in out
    assert "Nothing was changed" not in out and "Traceback" not in out
    from consult_analyser.store.project import Project

    again = Project.open(project.path)
    try:
        assert again.scalar("SELECT COUNT(*) FROM documents") == 1
    finally:
        again.close()


def test_an_answer_on_the_cue_line_counts_and_greetings_and_sign_offs_count_nowhere():
    """"Question 5 - The classes had a waiting list ..." on one line is that question's answer, not
    a heading left out of it; "Dear Sir or Madam,", "Thanks,\\nJo" and the address under a sign-off
    belong to no answer; "On question 3, ..." is a cue too."""
    letter = ("Dear Sir or Madam,\n\n"
              "I am writing in response to the consultation on the draft strategy.\n\n"
              "Question 1 - I partly agree with the definition; it leaves out kindness between neighbours.\n\n"
              "Question 2\n\nThe bus to the town centre was withdrawn, so older residents are cut off.\n\n"
              "On question 3, the English classes at the library had a waiting list of fourteen months.\n\n"
              "Thank you for reading this.\n\nKind regards,\n\nJo Example\n27 Larkspur Row\nTel: 07700 900417\n")
    questions = [QuestionInfo("Q1", 1, "Do you agree with the definition of integration?"),
                 QuestionInfo("Q2", 2, "What are the barriers to integration in your area?"),
                 QuestionInfo("Q3", 3, "How should English language learning be supported?")]
    found = split_passages(letter)
    mapped = map_passages([(letter[p.start:p.end], p.kind) for p in found], questions)
    passages = [(letter[p.start:p.end], (p.kind, m.question_key, m.method)) for p, m in zip(found, mapped, strict=True)]

    def of(start: str) -> tuple:
        return next(v for text, v in passages if text.startswith(start))

    assert of("Question 1 - I partly") == ("paragraph", "Q1", "cue")
    assert of("Question 2")[0] == "heading" and of("The bus to the town")[1:] == ("Q2", "section")
    assert of("On question 3, the English")[1:] == ("Q3", "cue")
    for furniture in ("Dear Sir or Madam,", "Thank you for reading", "Kind regards,", "Jo Example"):
        assert of(furniture)[1:] == (None, "closing"), furniture
    assert of("I am writing in response")[1] is None  # a covering sentence, not an answer to a question
    from consult_analyser.pipeline.letters.segment import answers_after_cue

    assert answers_after_cue("Q3 - Yes.") and answers_after_cue("Question 4: No, because it costs too much")
    assert not answers_after_cue("Question 2") and not answers_after_cue("Q3: Funding")
    assert not answers_after_cue("Question 2: Do you agree with the definition of integration?")
    signed = "Question 5: ESOL classes should be free and in the evening.\nBest wishes,\nZoe Example\n9 Mews Lane\n"
    found = split_passages(signed)
    mapped = map_passages([(signed[p.start:p.end], p.kind) for p in found], questions[:1] + [
        QuestionInfo("Q5", 5, "How should English language learning be supported?")])
    answer = [signed[p.start:p.end] for p, m in zip(found, mapped, strict=True) if m.question_key == "Q5"]
    assert answer == ["Question 5: ESOL classes should be free and in the evening."]  # no "Best wishes, Zoe"
    unsigned = "Question 6 - the 50 million headline is spread over ten years, which is not serious.\n\nRuaridh Example\n14 Mews Lane\n"
    found = split_passages(unsigned)
    mapped = map_passages([(unsigned[p.start:p.end], p.kind) for p in found],
                          [QuestionInfo("Q6", 6, "Any other comments on the strategy?")])
    assert [m.method for m in mapped] == ["cue", "closing", "closing"]  # a signature with no closing over it
    long_thanks = map_passages([("Thank you for the chance to respond. We think the classes must be free, in the "
                                 "evening, and near the bus routes so that people who work can come.", "paragraph")],
                               questions)
    assert long_thanks[0].method != "closing"


def test_the_same_letter_saved_twice_is_imported_once(imported_project, tmp_path):
    """The same e-mail saved under another name, or a renamed copy of a letter, is the same letter
    from the same sender: skipped, and said. Two people sending the same words are two letters."""
    first = _letter(tmp_path)
    copy = tmp_path / "Fwd copy of response.eml"  # saved again: other headers, the same sender and text
    copy.write_bytes(b"X-Saved-By: another mail program\n" + first.read_bytes())
    (tmp_path / "other").mkdir()
    other = _letter(tmp_path / "other", sender="someone.else@example.org").rename(tmp_path / "other" / "theirs.eml")
    import_files(imported_project, [first])
    result = import_files(imported_project, [copy, other])
    assert result.documents == 1 and result.skipped_duplicates == 1
    assert any("Fwd copy of response.eml: the same letter from the same sender as letter.eml" in w
               for w in result.warnings), result.warnings
    assert imported_project.scalar("SELECT COUNT(*) FROM documents WHERE parent_id IS NULL") == 2


def test_two_peoples_letters_with_one_file_name_are_both_kept(project, tmp_path):
    """"a/response.txt" and "b/response.txt" picked together are two people's letters: the second
    was skipped as "already present" and lost. A project kept in the folder it imports is no letter."""
    for folder, text in (("a", "Question 1: I support the plan because buses matter.\n\nYours sincerely,\nAnn Example\n"),
                         ("b", "Question 1: I oppose it; the cost is too high.\n\nYours sincerely,\nBob Example\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "response.txt").write_text(text, encoding="utf-8")
    result = import_files(project, [tmp_path / "a" / "response.txt", tmp_path / "b" / "response.txt"])
    assert result.documents == 2 and result.skipped_duplicates == 0
    assert sorted(r[0] for r in project.query("SELECT external_id FROM respondents")) == ["b/response.txt",
                                                                                        "response.txt"]
    again = import_files(project, [tmp_path / "a" / "response.txt", tmp_path / "b" / "response.txt"])
    assert again.documents == 0  # the same files again add nothing
    from consult_analyser.ingest.documents import read_document_folder

    (tmp_path / "a" / "analysis.consult").write_bytes(b"")
    (tmp_path / "a" / "analysis.consult.lock").write_bytes(b"")
    batch = read_document_folder(tmp_path / "a")
    assert [d.filename for d in batch.documents] == ["response.txt"] and not batch.warnings


def test_a_survey_imported_after_the_letters_gives_them_their_questions(project, tmp_path, survey_csv, capsys):
    """Letters imported first have no questions to answer; the survey's import maps them."""
    from consult_analyser.cli.main import main

    letter = tmp_path / "letter.txt"
    letter.write_text("Question 1: English classes must be free and in the evening.\n\nYours sincerely,\nJo Example\n",
                      encoding="utf-8")
    project.close()
    assert main(["-q", "import", str(project.path), str(letter)]) == 0
    assert main(["-q", "import", str(project.path), str(survey_csv)]) == 0
    out = capsys.readouterr().out
    assert out.count("letters:") == 2 and "1 mapped to a question" in out.split("letters:")[-1]


def test_letters_are_named_by_file_and_a_heading_an_analyst_moves_counts(letter_project, capsys):
    """--show takes a letter's file name; a passage id's first characters are enough for --move;
    a heading an analyst maps to a question becomes part of that question's letter answer."""
    from consult_analyser.cli.main import main

    path = str(letter_project.path)
    letter_project.close()
    assert main(["letters", path, "--show", "letter.eml"]) == 0
    shown = capsys.readouterr().out.splitlines()
    heading = next(line for line in shown if " heading " in line)
    assert main(["letters", path, "--move", heading.split()[0][:8], "Q1"]) == 0
    assert "now answers Q1" in capsys.readouterr().out
    assert main(["letters", path, "--show", "no-such-letter"]) == 1
    assert "give a file name, such as letter.eml" in capsys.readouterr().err
    from consult_analyser.store.project import Project

    again = Project.open(path)
    try:
        q1 = again.scalar("SELECT id FROM questions WHERE key = 'Q1'")
        text = again.scalar("SELECT text FROM responses WHERE origin = 'letter' AND question_id = ?", (q1,))
        start = heading.split("[")[1].split("]")[0]
        document_text = again.scalar("SELECT text FROM documents")
        a, b = (int(x) for x in start.split(":"))
        assert document_text[a:b] in (text or "")
    finally:
        again.close()


def test_the_cover_counts_the_questions_asked_not_general_comments(letter_project):
    from consult_analyser.store.reporting import overview

    asked = letter_project.scalar("SELECT COUNT(*) FROM questions WHERE key != 'GENERAL'")
    assert letter_project.scalar("SELECT COUNT(*) FROM questions WHERE key = 'GENERAL'") == 1
    assert overview(letter_project)["questions"] == asked


def test_a_later_import_leaves_mapped_letters_and_their_codings_alone(letter_project, tmp_path, capsys):
    """A second survey file with questions of its own used to map every letter again: codings on letter
    answers were deleted, signed-off themes lost members and passages moved to the new file's questions.
    Letters mapped before keep everything and the import says how to map them again; a letter an
    interrupted import left unmapped is mapped by the next import."""
    from consult_analyser.cli.main import main

    project = letter_project
    answers = project.query("SELECT id, question_id, text FROM responses WHERE origin = 'letter' ORDER BY id")
    code = CreateCode("Youth services")
    code.apply(project)
    AddCoding(code.code.id, answers[0]["id"]).apply(project)
    before = [tuple(r) for r in answers]
    passages = project.query("SELECT id, question_id FROM passages ORDER BY id")
    second = tmp_path / "library.csv"
    second.write_text("Response ID,Q1. Should the library open on Sundays?,Q2. What else would you borrow?\n"
                      "L-1,Yes on Sunday afternoons,Tools and games\nL-2,No,Board games for children\n")
    path = str(project.path)
    project.close()
    assert main(["-q", "import", path, str(second)]) == 0
    out = capsys.readouterr().out
    assert "the letters mapped before keep their questions, codings and themes" in out
    from consult_analyser.store.project import Project

    again = Project.open(project.path)
    try:
        after = [tuple(r) for r in again.query("SELECT id, question_id, text FROM responses WHERE origin = 'letter'"
                                               " ORDER BY id")]
        assert after == before
        assert [tuple(r) for r in again.query("SELECT id, question_id FROM passages ORDER BY id")] == \
            [tuple(r) for r in passages]
        assert again.scalar("SELECT COUNT(*) FROM codings WHERE response_id = ?", (answers[0]["id"],)) == 1
        with again.transaction() as conn:  # as an import killed before its letters were mapped leaves them
            conn.execute("DELETE FROM passages")
    finally:
        again.close()
    assert main(["-q", "import", path, str(second)]) == 0  # nothing new in the file, but the letter is mapped
    assert "letters:" in capsys.readouterr().out


def test_mapping_letters_again_counts_the_codings_it_could_not_keep(letter_project):
    """A whole-answer coding on a letter answer whose passages now answer no question has nowhere to
    go: it was deleted without a word; the count is returned and the letters command says it."""
    project = letter_project
    q2 = get_question(project, "Q2")
    answer = project.scalar("SELECT id FROM responses WHERE origin = 'letter' AND question_id = ?", (q2.id,))
    code = CreateCode("Youth services")
    code.apply(project)
    AddCoding(code.code.id, answer).apply(project)
    general = store_passages.general_question(project)
    respondent = project.scalar("SELECT respondent_id FROM responses WHERE id = ?", (answer,))
    with project.transaction() as conn:  # as if the letter's Q2 passages now read as general comments
        conn.execute("UPDATE passages SET question_id = ? WHERE question_id = ?", (general.id, q2.id))
    assert store_passages.rebuild_letter_answers(project, [respondent]) == 1
    assert project.scalar("SELECT COUNT(*) FROM codings WHERE response_id = ?", (answer,)) == 0


def test_a_cue_number_two_surveys_share_goes_to_the_question_the_passage_is_about():
    """After a second survey brought its own "Q1" (kept as Q1_2), every letter's "Question 1" went to
    the second survey's question when letters were mapped again."""
    questions = [QuestionInfo("Q1", 1, "To what extent do you agree with the vision of integrated communities?", ""),
                 QuestionInfo("Q1_2", 1, "Should the library open on Sundays?", "")]
    passages = [("Question 1: To what extent do you agree with the vision of integrated communities? We agree with "
                 "the vision but the strategy needs funding for local groups.", "paragraph"),
                ("Question 1 - the library should open on Sundays, when families are free to visit it.", "paragraph")]
    mapped = map_passages(passages, questions)
    assert [m.question_key for m in mapped] == ["Q1", "Q1_2"]


def test_a_see_attached_form_answer_gives_way_to_the_upload(tmp_path: Path) -> None:
    """Citizen Space: an organisation answers "See attached" on the form and uploads its response: the
    upload's passages on each question are its answer there (its closed choice kept), not a
    "No substantive answer"; moved away, the form's words come back."""
    from consult_analyser.ingest.importer import import_files
    from consult_analyser.pipeline.letters.run import map_letters
    from consult_analyser.store import passages as store_passages
    from consult_analyser.store.project import Project

    survey = tmp_path / "responses.csv"
    survey.write_text(
        "Response ID,Q1. Do you support the proposals?,Q1. Please give reasons for your answer.,Q2. Any other comments?\n"
        "ANON-7QK2-M3XA-P,Yes,See attached,See attached response\n"
        "ANON-7QK2-M3XB-Q,No,The fares are too high for families in the glen,Nothing more\n"
        "ANON-7QK2-M3XC-R,Yes,Buses are a lifeline for the island,No\n", encoding="utf-8")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "ANON-7QK2-M3XA-P.txt").write_text(
        "Response from the Glenbrae Community Transport Trust\n\nQuestion 1\n\nWe support franchising because "
        "rural routes have been cut three times since 2019 and our members cannot reach the hospital.\n\n"
        "Question 2\n\nThe partial impact assessment ignores community transport operators entirely.\n", encoding="utf-8")
    with Project.create(tmp_path / "p.consult") as project:
        import_files(project, [survey])
        import_files(project, [uploads])
        map_letters(project)
        row = project.conn.execute(
            "SELECT r.text, r.choice, r.origin, r.form_text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            " JOIN questions q ON q.id = r.question_id WHERE p.external_id = 'ANON-7QK2-M3XA-P' AND q.key = 'Q1'"
        ).fetchone()
        assert "rural routes have been cut" in row[0] and row[1:] == ("Yes", "letter", "See attached")
        other = project.scalar("SELECT text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
                               " WHERE p.external_id = 'ANON-7QK2-M3XB-Q' AND r.text LIKE 'The fares%'")
        assert other  # a form answer that says something is untouched
        q1 = project.scalar("SELECT id FROM questions WHERE key = 'Q1'")
        general = store_passages.general_question(project).id
        for (passage,) in project.query("SELECT p.id FROM passages p WHERE p.question_id = ?", (q1,)):
            store_passages.set_passage_question(project, passage, general)
        back = project.conn.execute(
            "SELECT r.text, r.choice, r.origin, r.form_text FROM responses r JOIN respondents p ON p.id = r.respondent_id"
            " WHERE p.external_id = 'ANON-7QK2-M3XA-P' AND r.question_id = ?", (q1,)).fetchone()
        assert tuple(back) == ("See attached", "Yes", "form", None)


def test_a_letters_title_and_its_publication_request_count_nowhere() -> None:
    """"Response from ... to the ... consultation on ..." and "Please treat this response as
    confidential" had made a General comments theme of 17 of 18 uploads."""
    from consult_analyser.pipeline.letters.mapping import QuestionInfo, map_passages

    questions = [QuestionInfo("Q1", 1, "Do you support franchising of rural bus services?")]
    texts = ["Response from the Glenbrae Community Transport Trust to the Scottish Government consultation on "
             "rural bus services", "Please treat this response as confidential.",
             "We think the response from the council was slow and the fares are too high for families."]
    mapped = map_passages([(t, "paragraph") for t in texts], questions)
    assert [(m.question_key, m.method) for m in mapped[:2]] == [(None, "closing"), (None, "closing")]
    assert mapped[2].method != "closing"


def test_question_cues_inside_a_paragraph_start_answers_of_their_own() -> None:
    from consult_analyser.pipeline.letters.segment import split_passages

    text = ("Dear team,\n\nStrathcairn Estates farms near the loch. Question 1: We oppose franchising because it "
            "will cut routes. Question 4: The impact assessment ignores estates.\n\nYours faithfully,\nAlan Roe\n")
    parts = [text[p.start:p.end] for p in split_passages(text)]
    assert "Question 1: We oppose franchising because it will cut routes." in parts
    assert "Question 4: The impact assessment ignores estates." in parts
    assert split_passages("We met on 3. Q4 was not discussed at all, sadly.")  # (no cue: a sentence of its own)


def test_a_passage_to_move_is_named_by_the_start_of_its_text(letter_project, capsys):
    """letters --move takes the first words of a passage (as its help says), not only its id; words
    that start several passages list them."""
    from consult_analyser.cli.main import main

    project = letter_project
    rows = project.query('SELECT p.id, substr(d.text, p.start + 1, p."end" - p.start) FROM passages p'
                         " JOIN documents d ON d.id = p.document_id ORDER BY p.position")
    starts = [" ".join(text.split()[:3]) for _id, text in rows]
    unique = next(i for i, s in enumerate(starts) if starts.count(s) == 1 and len(s) > 8)
    path = str(project.path)
    project.close()
    assert main(["letters", path, "--move", starts[unique].upper(), "Q1"]) == 0
    assert f"passage {rows[unique][0]} now answers Q1" in capsys.readouterr().out
    assert main(["letters", path, "--move", "No passage says this", "Q1"]) == 1
    assert "no passage in" in capsys.readouterr().err
    shared = next(w for w in {t.split()[0][:2] for _id, t in rows} if sum(t.startswith(w) for _i, t in rows) > 1)
    assert main(["letters", path, "--move", shared, "Q1"]) == 1
    err = capsys.readouterr().err
    assert "passages:" in err and all(i[:8] in err for i, t in rows if t.startswith(shared))


def test_mapping_letters_again_names_the_themed_questions_whose_letter_answers_changed(letter_project, capsys):
    """Letter answers changed after themes were found are in no theme: `letters` says which questions to
    run themes on again, instead of changing the counts without a word."""
    from consult_analyser.cli.main import main
    from consult_analyser.store import theme_edits

    project = letter_project
    q2 = get_question(project, "Q2")
    theme_edits.create_theme(project, q2.id, "Youth clubs")
    project.conn.execute("DELETE FROM responses WHERE origin = 'letter' AND question_id = ?", (q2.id,))
    path = str(project.path)
    project.close()
    assert main(["letters", path]) == 0
    out = capsys.readouterr().out
    assert "letter answers changed in Q2, whose themes were found before" in out and "--question KEY" in out
    assert main(["letters", path]) == 0
    assert "letter answers changed" not in capsys.readouterr().out  # nothing changed the second time
