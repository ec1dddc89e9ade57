

def test_opening_a_survey_file_as_a_project_says_how_to_bring_it_in(tmp_path):
    import pytest

    from consult_analyser.errors import ProjectError
    from consult_analyser.store.project import Project

    survey = tmp_path / "responses.csv"
    survey.write_text("ID,What do you think?\n1,Fine\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="New project"):
        Project.open(survey)


def test_another_programs_database_named_as_a_project_is_never_made_one(tmp_path):
    """A hostile-input trial's SQLite file of another program, named .consult, had the app's tables added to it by
    an import; one with a 'meta' table of its own was left in WAL mode by an import that failed."""
    import sqlite3

    import pytest

    from consult_analyser.errors import ProjectError
    from consult_analyser.store.project import Project

    for name, script in (("other.consult", "CREATE TABLE people(id, name); INSERT INTO people VALUES (1, 'x');"),
                         ("meta.consult", "CREATE TABLE meta(key, value);")):
        path = tmp_path / name
        with sqlite3.connect(path) as conn:
            conn.executescript(script)
        before = path.read_bytes()
        with pytest.raises(ProjectError, match="is not a Consult Analyser project: it is a database of another"):
            Project.open(path)
        assert path.read_bytes() == before and not (tmp_path / f"{name}-wal").exists()
    with Project.create(tmp_path / "real.consult"):
        pass
    with Project.open(tmp_path / "real.consult", readonly=True) as project:  # a project of the app's own opens
        assert project.path.name == "real.consult"


def test_a_damaged_project_is_said_to_be_damaged_not_the_programs_fault(tmp_path, capsys):
    """A hostile-input trial's project with one lost page was reported by every command as an 'Unexpected problem
    ... please send that file', blaming the program and saying nothing of a backup."""
    import sqlite3

    from consult_analyser.cli.main import main
    from consult_analyser.store.project import database_problem

    path = tmp_path / "p.consult"
    with sqlite3.connect(path) as conn:  # a project's tables, then a page of them lost
        conn.executescript("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); CREATE TABLE respondents(id TEXT);"
                           "CREATE TABLE responses(id TEXT, text TEXT); PRAGMA user_version = 1;")
        conn.executemany("INSERT INTO responses VALUES (?, ?)", [(str(i), "words " * 50) for i in range(400)])
    data = bytearray(path.read_bytes())
    data[4096 * 3:4096 * 4] = bytes(4096)
    path.write_bytes(bytes(data))
    assert main(["info", str(path)]) == 1
    err = capsys.readouterr().err
    assert "p.consult is damaged" in err and "Restore it from a backup" in err and "Unexpected problem" not in err
    full = database_problem(sqlite3.OperationalError("disk I/O error"), path)
    assert full is not None and ("the disk is full" in full or "input/output error" in full)
    assert database_problem(ValueError("x"), path) is None
