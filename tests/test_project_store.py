

def test_opening_a_survey_file_as_a_project_says_how_to_bring_it_in(tmp_path):
    import pytest

    from consult_analyser.errors import ProjectError
    from consult_analyser.store.project import Project

    survey = tmp_path / "responses.csv"
    survey.write_text("ID,What do you think?\n1,Fine\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="New project"):
        Project.open(survey)
