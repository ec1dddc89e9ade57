"""An engagement platform's exports: map comments with a tally of likes, a board of ideas whose replies
name the idea they answer, and "Are you...?" for who is commenting."""

from __future__ import annotations

from consult_analyser.ingest.columns import detect_mapping

HEADERS = ["Comment ID", "Created", "Idea ID", "Are you...?", "Likes", "Tell us more"]
ROWS = [["c1", "2024-01-02 10:00", "IDEA-013", "Resident", "3", "The park needs benches and lighting on the path"],
        ["c2", "2024-01-02 11:00", "IDEA-013", "Work here", "0", "Too many cars on the high street for children"],
        ["c3", "2024-01-03 11:00", "IDEA-015", "Visitor", "12", "Lovely market but the toilets are always closed"],
        ["c4", "2024-01-04 11:00", "IDEA-015", "Business owner", "1", "Parking charges drive customers away"],
        ["c5", "2024-01-05 11:00", "IDEA-017", "Resident", "5", "We need safer crossings near the school gates"]]


def test_the_idea_a_reply_names_and_its_likes_are_information() -> None:
    roles = {c.header: (c.role, c.kind) for c in detect_mapping(HEADERS, ROWS).columns}
    assert roles["Idea ID"][0] == "metadata"  # it had made 44 themes named "IDEA-013" ...
    assert roles["Likes"][0] == "metadata"  # its tallies were published as answer options "0", "1", ...
    # an engagement platform's "Are you...?" (Resident / Work here / Visitor) stays a closed question to split
    # by: as the declared type it made the sectors of a whole Local Plan consultation "Visitor", "Work here" ...
    assert roles["Are you...?"][0] == "question"
    assert roles["Tell us more"] == ("question", "open")


def test_a_question_answered_with_numbers_stays_a_question() -> None:
    rows = [[f"r{i}", str(i % 5 + 1), "Because the buses are late"] for i in range(25)]
    roles = {c.header: c.role for c in detect_mapping(["id", "How satisfied are you (1-5)?", "Why?"], rows).columns}
    assert roles["How satisfied are you (1-5)?"] == "question"


def _import_by_person(project, tmp_path, rows):  # type: ignore[no-untyped-def]
    """Map comments (id, e-mail, feeling, text), imported a respondent per e-mail address."""
    from consult_analyser.ingest.importer import import_files

    path = tmp_path / "map_comments.csv"
    path.write_text("Comment ID,Email,How do you feel about it?,Tell us more\n"
                    + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Email" = "id"\n"Comment ID" = "metadata"\n'
                       '[import]\nseveral_rows_per_respondent = true\n', encoding="utf-8")
    return import_files(project, [path], mapping_file=mapping)


def test_several_comments_of_one_person_count_them_once_with_all_they_wrote(project, tmp_path) -> None:
    """Map comments, a row each, by 12 people: with the e-mail as the id and several rows a respondent,
    12 respondents hold every comment and every feeling they gave (it was 36 respondents, or 24 rows refused)."""
    from consult_analyser.store import reporting

    moods = ["Positive", "Negative", "Neutral"]
    rows = [(f"M{i}", f"person{i % 12}@example.org", moods[(i // 12) % 3], f"Comment number {i} about the park")
            for i in range(36)]
    summary = _import_by_person(project, tmp_path, rows)
    assert project.scalar("SELECT COUNT(*) FROM respondents") == 12
    texts = [r[0] for r in project.query("SELECT text FROM responses WHERE text LIKE 'Comment number%'")]
    assert sum(t.count("Comment number") for t in texts) == 36
    closed = next(c for c in reporting.question_counts(project).values() if c.closed)
    assert closed.several and closed.by_choice() == {"Positive": 12, "Negative": 12, "Neutral": 12}
    assert any("24 rows added to a respondent's earlier rows" in w for w in summary.warnings)


def test_an_import_option_the_mapping_does_not_know_is_refused(tmp_path) -> None:
    import pytest

    from consult_analyser.errors import IngestError
    from consult_analyser.ingest.mapping_file import apply_mapping_file

    mapping = tmp_path / "map.toml"
    mapping.write_text("[import]\nrows_per_person = 3\n", encoding="utf-8")
    with pytest.raises(IngestError, match="several_rows_per_respondent"):
        apply_mapping_file(detect_mapping(HEADERS, ROWS), mapping)


def test_rows_sharing_e_mail_addresses_are_said_to_count_people_several_times(project, tmp_path) -> None:
    from consult_analyser.ingest.importer import import_files

    path = tmp_path / "map_comments.csv"
    path.write_text("Comment ID,Email,Tell us more\n" + "".join(
        f"M{i},person{i % 12}@example.org,Comment number {i} about the park\n" for i in range(36)), encoding="utf-8")
    summary = import_files(project, [path])
    assert project.scalar("SELECT COUNT(*) FROM respondents") == 36
    assert any("36 respondents come from 12 e-mail addresses" in w and "several_rows_per_respondent" in w
               for w in summary.warnings)


def test_microsoft_forms_anonymous_in_the_email_column_is_no_shared_address(project, tmp_path) -> None:
    """Microsoft Forms writes "anonymous" in its Email column: a trial was told its 1,800 respondents came
    from 1 e-mail address and to make that column the id, which would have made them one respondent."""
    from consult_analyser.ingest.importer import import_files

    path = tmp_path / "forms.csv"
    path.write_text("Id,Start time,Completion time,Email,Name,Tell us more\n" + "".join(
        f"{i},9/1/2024 11:27,9/1/2024 11:28,anonymous,,Comment number {i} about the park\n" for i in range(36)),
        encoding="utf-8")
    summary = import_files(project, [path])
    assert project.scalar("SELECT COUNT(*) FROM respondents") == 36
    assert not any("e-mail address" in w for w in summary.warnings), summary.warnings


def test_a_declared_type_says_its_side_by_its_words_not_by_a_word_inside_another() -> None:
    from consult_analyser.ingest.sides import is_organisation_value

    # "Private company" and "Private sector organisation" had been read as individuals
    assert is_organisation_value("Private company") is True
    assert is_organisation_value("Private sector organisation") is True
    assert is_organisation_value("Citizens Advice") is not False
    assert is_organisation_value("Personal care provider") is not False
    for person in ("A resident", "Local resident", "Private individual", "Member of the public", "EU citizen",
                   "On behalf of myself", "Personne physique", "Individual"):
        assert is_organisation_value(person) is False, person
    assert is_organisation_value("Residents association") is True


def test_a_persons_joined_comments_count_each_feeling_once_however_written(project, tmp_path) -> None:
    """Joined rows held "🙁; 🙁 Negative": the annex listed 47 "options" (Negative 190, 🙁 74, 🙁 Negative 74 ...)."""
    from consult_analyser.store import reporting

    moods = ["🙁 Negative", "🙁", "Negative", "😀 Positive", "😀", "Positive"]
    rows = [(f"M{i}", f"person{i % 10}@example.org", moods[(i * 7) % 6], f"Comment number {i} about the park")
            for i in range(60)]
    _import_by_person(project, tmp_path, rows)
    closed = next(c for c in reporting.question_counts(project).values() if c.closed)
    feelings = {r[1] for r in rows}
    people = {side: {r[1] for r in rows if side in r[2] or (side == "Negative" and r[2] == "🙁")
                     or (side == "Positive" and r[2] == "😀")} for side in ("Negative", "Positive")}
    assert len(closed.by_choice()) == 2, closed.by_choice()
    assert sorted(closed.by_choice().values()) == sorted(len(p) for p in people.values()) and feelings


def test_the_id_a_mapping_names_is_the_only_id(tmp_path) -> None:
    """ "Email" = "id" alone left the detected "Comment ID" an id too, and no one's rows were joined."""
    from consult_analyser.ingest.mapping_file import apply_mapping_file

    headers = ["Comment ID", "Email", "Tell us more"]
    rows = [[f"M{i}", f"person{i % 3}@example.org", f"Comment number {i} about the park"] for i in range(9)]
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Email" = "id"\n[import]\nseveral_rows_per_respondent = true\n', encoding="utf-8")
    roles = {c.header: c.role for c in apply_mapping_file(detect_mapping(headers, rows), mapping).columns}
    assert roles == {"Comment ID": "metadata", "Email": "id", "Tell us more": "question"}


def test_one_sheets_corrections_leave_another_sheet_with_other_columns_as_detected(project, tmp_path) -> None:
    """An ideas board: the wizard showed the Comments sheet, whose "Idea ID" is information; applied to the
    Ideas sheet as well, it took away the ideas' own ids."""
    from openpyxl import Workbook

    from consult_analyser.ingest.columns import detect_mapping
    from consult_analyser.ingest.importer import import_files

    book = Workbook()
    ideas = book.active
    ideas.title = "Ideas"
    ideas.append(["Idea ID", "Title", "Description", "Author"])
    for i in range(8):
        ideas.append([f"IDEA-{i:03d}", f"Idea {i}", f"Plant more trees along street number {i} in the centre",
                      f"author{i}"])
    comments = book.create_sheet("Comments")
    comments.append(["Comment ID", "Idea ID", "Comment text", "Author"])
    comment_rows = [[f"C-{i:04d}", f"IDEA-{i % 8:03d}", f"I agree with idea number {i} about the trees",
                     f"reader{i}"] for i in range(16)]
    for row in comment_rows:
        comments.append(row)
    path = tmp_path / "ideas_board.xlsx"
    book.save(path)
    shown = detect_mapping(["Comment ID", "Idea ID", "Comment text", "Author"], comment_rows)
    wizard = {c.header: (f"question:{c.question_key}:{c.kind or 'open'}" if c.role == "question" else c.role)
              for c in shown.columns}
    import_files(project, [path], mappings={str(path): wizard})
    ids = {r[0] for r in project.query("SELECT external_id FROM respondents")}
    assert {f"IDEA-{i:03d}" for i in range(8)} <= ids and {f"C-{i:04d}" for i in range(16)} <= ids
