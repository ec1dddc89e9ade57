"""Trial 46's command-line findings: the sign-off warns that the question's other themes drop out of the annex,
``themes --list`` names states in words, ``autocode --next`` shows the answers to code, ``search`` finds a
respondent by id, ``codebook --add`` adds one code, and the messages count in good English."""

from __future__ import annotations

import pytest
from conftest import write_survey
from test_autocode import LearningOrderCoder, WordEmbedder, coded  # noqa: F401 - the fixture
from test_theme_cli import path, themes_of  # noqa: F401 - the fixture

from consult_analyser.cli import main
from consult_analyser.pipeline.coding import autocode
from consult_analyser.store import codebook


# ------------------------------------------------------------------------ finding 3: the sign-off's warning
def test_a_sign_off_says_the_questions_other_themes_are_left_out_of_the_annex(path, capsys):  # noqa: F811
    assert main(["-q", "themes", str(path), "--question", "Q1"]) == 0
    q1 = themes_of(path, "Q1")
    capsys.readouterr()
    assert main(["-q", "themes", str(path), "--sign-off", q1["Funding"].theme.id[:8]]) == 0
    said = capsys.readouterr().out
    # the desktop app's words (its sign-off dialog), with the count of the question's themes not signed off
    assert (f"note (Q1): Once a question has signed-off themes, the annex and report show only those: its "
            f"{len(q1) - 1} other theme(s) not signed off will be left out of them until you sign them off too."
            in said.splitlines())
    # all signed off: nothing left out, nothing said
    rest = [t.theme.id for label, t in q1.items() if label != "Funding"]
    assert main(["-q", "themes", str(path), *[a for i in rest for a in ("--sign-off", i)]]) == 0
    assert "show only those" not in capsys.readouterr().out


def test_the_app_and_the_command_line_share_the_sentence():
    import inspect

    from consult_analyser.store import themes as store_themes
    from consult_analyser.ui import theme_actions

    source = inspect.getsource(theme_actions.sign_off_parts)
    assert "SIGNED_ONLY_NOTE" in source and "left_out_note" in source and "will be left out" not in source
    assert store_themes.left_out_note(37).startswith("its 37 other theme(s) not signed off will be left out")


def test_themes_list_names_the_state_in_words(path, capsys):  # noqa: F811
    assert main(["-q", "themes", str(path), "--question", "Q1"]) == 0
    funding = themes_of(path, "Q1")["Funding"].theme.id
    assert main(["-q", "themes", str(path), "--sign-off", funding]) == 0
    capsys.readouterr()
    assert main(["-q", "themes", str(path), "--question", "Q1", "--list"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"  {funding[:8]}")]
    assert rows and "signed off" in rows[0] and "signed_off" not in rows[0]


# ------------------------------------------------------------------------ finding 5: reading the answers
def test_autocode_next_shows_each_answer_to_code_on_a_line(coded, monkeypatch, capsys):  # noqa: F811
    project, codes, lookup = coded
    where = str(project.path)
    project.close()
    monkeypatch.setattr(autocode, "default_embedder", WordEmbedder)
    monkeypatch.setattr(autocode, "default_model_factory", LearningOrderCoder)
    assert main(["-q", "autocode", where, "--question", "Q2", "--next", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  code next (Q2)"))
    assert lines[at] == "  code next (Q2), 3 answers:"
    listed = lines[at + 1:at + 4]
    texts = {external: text for (external, key), (_, text) in lookup.items() if key == "Q2"}
    for line in listed:  # the id, then its answer to the question
        who, said = line.split(maxsplit=1)
        assert said == texts[who] and who.startswith("R-")


def test_an_answer_is_shown_on_one_line_cut_at_a_word():
    from consult_analyser.cli.common import one_line

    long = "Buses\nshould run later. " * 20
    shown = one_line(long)
    assert "\n" not in shown and shown.endswith(" …") and len(shown) <= 102
    assert shown[:-2] == long[:len(shown) - 2].replace("\n", " ") and shown[-3] != " "
    assert one_line("  short\n answer ") == "short answer"


@pytest.fixture
def project_path(tmp_path):
    made = tmp_path / "p.consult"
    assert main(["-q", "import", str(made), str(write_survey(tmp_path / "survey.csv"))]) == 0
    return made


def test_search_finds_a_respondent_by_id_and_lists_their_answers(project_path, capsys):
    capsys.readouterr()
    assert main(["search", str(project_path), "r-004"]) == 0  # any case
    out = capsys.readouterr().out.splitlines()
    assert out == ["R-004\tQ1\tNeither agree nor disagree", "R-004\tQ2\tMore English classes for new arrivals, please.",
                   "R-004\tQ3\tDon't know"]
    assert main(["search", str(project_path), "R-004", "--question", "Q2"]) == 0
    assert capsys.readouterr().out.splitlines() == ["R-004\tQ2\tMore English classes for new arrivals, please."]
    assert main(["search", str(project_path), "R-00"]) == 0  # no prefix of ids: words, as before
    assert capsys.readouterr().out.splitlines() == ["no matches"]
    assert main(["search", str(project_path), "libraries"]) == 0  # words as before
    assert capsys.readouterr().out.startswith("R-001\tQ2\t")


# ------------------------------------------------------------------------ finding 6: one code at a time
def test_codebook_add_makes_a_code_as_the_app_does(project_path, capsys):
    assert main(["codebook", str(project_path), "--add", "Transport > Parking", "--description", "Car parks"]) == 0
    assert "added 'Transport > Parking' to the codebook (and its parent code 'Transport')" in capsys.readouterr().out
    from consult_analyser.store.project import Project

    with Project.open(project_path, readonly=True) as project:
        code = codebook.find_code(project, "Transport > Parking")
        assert code is not None and code.description == "Car parks"
        audit = [r[0] for r in project.query("SELECT action FROM audit WHERE action = 'create_code'")]
        assert len(audit) == 2
    assert main(["codebook", str(project_path), "--add", "transport > parking"]) == 1
    assert "has 'Transport > Parking' already" in capsys.readouterr().err
    assert main(["codebook", str(project_path), "--add", "Safety"]) == 0
    assert main(["code", str(project_path), "--add", "R-004", "Q2", "Safety"]) == 0
    assert main(["codebook", str(project_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-3:] == ["Transport  (0 answers)", "  Parking  (0 answers)",
                                                        "Safety  (1 answer)"]
    assert main(["codebook", str(project_path), "--description", "x"]) == 1
    assert "--description goes with --add" in capsys.readouterr().err


def test_coding_with_a_code_not_in_the_codebook_says_how_to_add_it(project_path, capsys):
    assert main(["code", str(project_path), "--add", "R-004", "Q2", "Newcode"]) == 1
    assert f"no code 'Newcode' in the codebook; add it first: codebook {project_path} --add 'Newcode'" \
        in capsys.readouterr().err


# ------------------------------------------------------------------------ finding 11: one warning in full
def test_the_csv_warning_about_publication_choices_is_given_in_full_once(project_path, tmp_path, capsys):
    from consult_analyser.cli.export_command import CONSENT_WARNING_AGAIN
    from consult_analyser.export.files import NO_CONSENT_WARNING

    capsys.readouterr()
    said = []
    for n in range(3):
        assert main(["-q", "export", str(project_path), str(tmp_path / f"r{n}.csv"), "--what", "responses"]) == 0
        said.append(capsys.readouterr().err)
    assert NO_CONSENT_WARNING in said[0].splitlines()
    for err in said[1:]:
        assert NO_CONSENT_WARNING not in err and CONSENT_WARNING_AGAIN in err.splitlines()
    assert len(CONSENT_WARNING_AGAIN) < len(NO_CONSENT_WARNING) / 2


def test_messages_count_in_words_a_file_without_an_extension_and_one_question(tmp_path):  # type: ignore[no-untyped-def]
    """Trial 46: "no reader for files without an extension files"; the Word report said "1 questions"."""
    from consult_analyser.domain import counted
    from consult_analyser.errors import IngestError
    from consult_analyser.ingest.registry import choose_reader

    bare = tmp_path / "hostname"
    bare.write_text("a machine name\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        choose_reader(bare)
    assert "files without an extension (expected" in str(caught.value)
    assert "extension files" not in str(caught.value)
    assert counted(1, "question") == "1 question" and counted(3, "quote") == "3 quotes"
