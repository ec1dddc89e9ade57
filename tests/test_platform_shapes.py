"""Exports in the shapes of LimeSurvey, Typeform, Alchemer, EngagementHQ, Jotform and a European
Excel: who answered, their account and credential fields kept out of the questions, tick-all
questions laid out a column per option, partial responses, and answer codes given labels.

Every table is small and invented, written here."""

from __future__ import annotations

import csv
from pathlib import Path

from consult_analyser.ingest.importer import parse_file

PEOPLE = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"]


def _csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _people(path: Path) -> dict[str, object]:
    batch = parse_file(path)
    return {p.external_id: p for p in batch.iter_respondents()}


def test_a_no_to_responding_on_behalf_of_an_organisation_is_an_individual(tmp_path):
    """EngagementHQ asks "Are you responding on behalf of an organisation?" Yes / No: No is an
    individual and Yes an organisation; "as an individual?" the other way round; a yes or no to
    "as an individual or on behalf of an organisation?" says neither."""
    rows = [["Response No.", "Are you responding on behalf of an organisation?", "Organisation type",
             "What should the guidance say?"]]
    rows += [[str(i), "No" if i % 2 else "Yes", "" if i % 2 else "Charity", f"Answer {i}"] for i in range(1, 9)]
    people = _people(_csv(tmp_path / "ehq.csv", rows))
    assert [p.is_organisation for p in people.values()] == [False, True] * 4
    assert {p.declared_type for p in people.values()} == {"", "Charity"}

    rows = [["Response No.", "Are you responding as an individual?", "What should the guidance say?"]]
    rows += [[str(i), "Yes" if i % 2 else "No", f"Answer {i}"] for i in range(1, 9)]
    people = _people(_csv(tmp_path / "as_individual.csv", rows))
    assert [p.is_organisation for p in people.values()] == [False, True] * 4
    assert {p.declared_type for p in people.values()} == {""}  # a yes or a no names no type

    rows = [["Response No.", "Are you responding as an individual or on behalf of an organisation?",
             "What should the guidance say?"]]
    rows += [[str(i), ["Yes", "Individual", "On behalf of an organisation", "No"][i % 4], f"Answer {i}"]
             for i in range(1, 9)]
    people = _people(_csv(tmp_path / "either.csv", rows))
    assert [p.is_organisation for p in people.values()] == [False, True, None, None] * 2


def _roles(path: Path) -> dict[str, str]:
    return dict(parse_file(path).columns)


def test_personal_and_credential_columns_are_never_questions_and_never_published(project, tmp_path):
    """LimeSurvey's participant columns (firstname, lastname, token, attribute_1), EngagementHQ's
    "Login Username" and "Screen Name", Jotform's "Submission IP" and "Last Update Date", Typeform's
    "Ending" and hidden fields, and columns whose header says nothing but whose values are IP
    addresses, UK postcodes, access codes or user names: none is a question, and the personal ones
    stay out of the respondents table unless names are asked for."""
    from consult_analyser.export.csv_export import export_csv
    from consult_analyser.ingest.importer import import_files

    header = ["id", "token", "firstname", "lastname", "email", "attribute_1", "Login Username", "Screen Name",
              "Submission IP", "Last Update Date", "Q09", "Field 7", "Field 8", "Field 9", "Field 10",
              "Q01. What should change?", "utm_source", "ward", "Response Type", "Start Date (UTC)", "Ending"]
    rows = [header]
    secrets: list[str] = []
    for i, person in enumerate(PEOPLE):
        token = f"Kq{i}EvZqgkI1Hcp{i}x"
        user = f"{person.lower()}kowalski{900 + i}"
        ip = f"81.236.16{i}.93"
        postcode = f"WS{i + 1} {i}PQ"
        rows.append([str(i + 1), token, person, "Nowak", f"{person.lower()}@example.org", f"Attr {person} {i}",
                     user, f"{person}{80 + i}", ip, "2024-03-01 10:00", postcode, f"10.0.0.{i + 1}",
                     f"EC{i + 1}A {i}BB", f"Zr0BGIvN{i}eIqOMc{i}", f"{person.lower()}{i}{i + 3}",
                     f"Better buses for {person}, please.", "facebook", "Millbrook", "completed",
                     "2024-03-01 09:00:00", "Default Ending"])
        secrets += [token, user, ip, postcode, f"{person}{80 + i}", f"EC{i + 1}A {i}BB", f"Zr0BGIvN{i}eIqOMc{i}"]
    path = _csv(tmp_path / "export.csv", rows)
    roles = _roles(path)
    questions = [h for h, role in roles.items() if role.startswith("question")]
    assert questions == ["Q01. What should change?"], roles
    assert roles["firstname"] == roles["lastname"] == "name"
    assert roles["Q09"] == "personal (postcode)" and roles["Field 7"] == "personal (IP address)"
    assert roles["Login Username"] == roles["Screen Name"] == "personal (user name)"
    assert roles["token"] == "personal (contact's access code)" and roles["Field 9"].startswith("personal")
    assert roles["utm_source"] == roles["ward"] == roles["Ending"] == roles["Last Update Date"] == "metadata"

    import_files(project, [path])
    for redact in (False, True):
        out = tmp_path / f"respondents_{redact}.csv"
        export_csv(project, out, "respondents", redact=redact)
        written = out.read_text(encoding="utf-8-sig")
        assert not [s for s in secrets if s in written], written[:400]
    out = tmp_path / "with_names.csv"
    export_csv(project, out, "respondents", include_names=True)
    assert "81.236.160.93" in out.read_text(encoding="utf-8-sig")  # kept, and given when names are asked for


def test_alchemers_comments_column_is_its_staff_notes_not_a_question(tmp_path):
    header = ["Response ID", "Status", "Contact ID", "Legacy Comments", "Comments", "Language",
              "What should change?"]
    rows = [header] + [[str(i), "Complete", "", "", "Duplicate of response 41, checked by KM" if i == 2 else "",
                        "English", f"Answer {i}"] for i in range(1, 9)]
    assert _roles(_csv(tmp_path / "alchemer.csv", rows))["Comments"] == "metadata"
    # a "Comments" column of a form's own is still its question
    rows = [["Response ID", "Comments"]] + [[str(i), f"My comment {i}"] for i in range(1, 9)]
    assert _roles(_csv(tmp_path / "form.csv", rows))["Comments"].startswith("question")


MODES = ["Bus", "Train", "Car"]


def _ticks(i: int, tick: str, untick: str = "") -> list[str]:
    """Respondent i's cells for the three modes: ticked by the bits of i."""
    return [tick.replace("{option}", mode) if (i >> j) & 1 else untick for j, mode in enumerate(MODES)]


def _one_tick_all_question(path: Path, *, text: str = "Which of these do you use?") -> None:
    batch = parse_file(path)
    multi = [q for q in batch.questions if set(MODES) <= set(q.choices)]
    assert len(multi) == 1, batch.columns
    assert multi[0].text == text
    people = list(batch.iter_respondents())
    chosen = {p.external_id: next((a.choice for a in p.answers if a.question_key == multi[0].key), "")
              for p in people}
    assert chosen["3"] == "Bus; Train" and chosen["7"] == "Bus; Train; Car" and chosen["4"] == "Car"
    others = {p.external_id: next((a.text for a in p.answers if a.question_key == multi[0].key), "") for p in people}
    assert others["5"] == "Community transport"  # the "Other" box: the question's words
    assert len(batch.questions) == 2, batch.columns  # "Do you agree?" and the tick-all question


def test_tick_all_questions_laid_out_a_column_per_option_in_each_tools_shape(tmp_path):
    """Typeform (the bare option as header, the option in its cells), Alchemer ("Question:Option",
    ":Other - Write In"), LimeSurvey by code and text ("Q03[SQ001]. Which ...? [Bus]") and LimeSurvey
    with unticked options written "N" or "No": one tick-all question, its "Other" box its words."""
    other = {5: "Community transport"}
    agree = [["Agree", "Disagree"][i % 2] for i in range(8)]

    def table(name: str, headers: list[str], tick: str, untick: str = "", before: list[str] | None = None) -> Path:
        rows = [["Response ID", "Do you agree?", *(before or []), *headers]]
        rows += [[str(i), agree[i], *([""] if before else []), *_ticks(i, tick, untick), other.get(i, "")]
                 for i in range(8)]
        return _csv(tmp_path / name, rows)

    # Typeform: the bare options, after a column that holds only the question's text
    _one_tick_all_question(table("typeform.csv", [*MODES, "Other"], "{option}", before=["Which of these do you use?"]))
    # and with no such column: one question, named by its options, and the user told how to name it
    path = table("typeform_bare.csv", [*MODES, "Other"], "{option}")
    _one_tick_all_question(path, text="Options ticked: Bus, Train, Car, Other")
    assert any("[questions]" in w and "'Bus', 'Train', 'Car'" in w for w in parse_file(path).warnings)
    stem = "Which of these do you use? (Select all that apply)"
    _one_tick_all_question(table("alchemer.csv", [f"{stem}:{m}" for m in MODES] + [f"{stem}:Other - Write In"],
                                 "{option}"), text=stem)
    stem = "Which of these do you use?"
    codetext = [f"Q03[SQ00{j + 1}]. {stem} [{m}]" for j, m in enumerate(MODES)] + [f"Q03[other]. {stem} [Other]"]
    _one_tick_all_question(table("limesurvey_codetext.csv", codetext, "Y"))
    assert {role for _h, role in parse_file(tmp_path / "limesurvey_codetext.csv").columns if "Q03" in _h} == \
           {"question Q3 (closed)", "question Q3 (open)"}  # keyed as LimeSurvey numbered it
    _one_tick_all_question(table("limesurvey_yes_no.csv", [f"{stem} [{m}]" for m in MODES] + [f"{stem} [Other]"],
                                 "Yes", "No"))
    path = table("limesurvey_y_n.csv", [f"Q03[SQ00{j + 1}]" for j in range(3)] + ["Q03[other]"], "Y", "N")
    batch = parse_file(path)
    assert [q.choices for q in batch.questions if q.key == "Q3"] == [["SQ001", "SQ002", "SQ003"]]
    assert next(a.choice for p in batch.iter_respondents() if p.external_id == "3" for a in p.answers
                if a.question_key == "Q3") == "SQ001; SQ002"  # the "N"s are no answer


def test_alchemers_other_write_in_beside_the_declared_type_is_its_words(tmp_path):
    """Alchemer's "Which best describes you?:Other - Write In", and LimeSurvey's "Q00[other]. In what
    capacity ...? [Other]", are the declared type's "Other" words, as LimeSurvey's "[Other]" is."""
    for name, header, other_header in (
            ("alchemer.csv", "Which best describes you?", "Which best describes you?:Other - Write In"),
            ("limesurvey.csv", "Q00. In what capacity are you responding?",
             "Q00[other]. In what capacity are you responding? [Other]")):
        rows = [["Response ID", header, other_header, "What should change?"]]
        rows += [[str(i), "Other" if i == 2 else "Charity", "Housing association" if i == 2 else "", f"Answer {i}"]
                 for i in range(1, 9)]
        path = _csv(tmp_path / name, rows)
        assert _roles(path)[other_header] == "sector_other"
        people = _people(path)
        assert people["2"].declared_type == "Other (please specify): Housing association"
        assert len(parse_file(path).questions) == 1


def test_the_dry_run_shows_the_end_of_a_long_header(tmp_path):
    """Alchemer's option columns differ only at the end of a long header: the dry run shows both ends."""
    from consult_analyser.ingest.preview import preview_file

    stem = "Which of these ways of travelling do you use regularly? (Select all that apply)"
    rows = [["Response ID", *[f"{stem}:{m}" for m in MODES]]] + [[str(i), *_ticks(i, "{option}")] for i in range(8)]
    lines = "\n".join(preview_file(_csv(tmp_path / "alchemer.csv", rows)).lines())
    for mode in MODES:
        assert f"all that apply):{mode}'" in lines, lines
    assert "Which of these ways" in lines


def test_a_column_of_variable_names_or_words_is_not_taken_for_personal_details(tmp_path):
    rows = [["sub_field", "sub_varname", "Which town?"]]
    rows += [[f"Question {i}", f"q0{i}_definitions", town] for i, town in
             enumerate(["Manchester", "Birmingham", "Leicester", "Liverpool", "Newcastle", "Sheffield"])]
    assert not [role for role in _roles(_csv(tmp_path / "lookup.csv", rows)).values() if role.startswith("personal")]


def test_columns_a_mapping_gives_one_closed_question_are_its_options_every_tick_kept(tmp_path):
    """The README's way to group columns, "question:Q3:closed" for each option's column, makes one
    tick-all question: every option ticked is kept (the last column's tick used to replace the others)."""
    rows = [["Response ID", "Bus", "Train", "Car", "Other", "Rail card?"]]
    rows += [[str(i), *_ticks(i, "1", "0"), other, "Yes" if i % 2 else "No"]
             for i, other in enumerate(["", "", "", "", "", "Community transport", "", ""])]
    path = _csv(tmp_path / "form.csv", rows)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Bus" = "question:Q3:closed"\n"Train" = "question:Q3:closed"\n'
                       '"Car" = "question:Q3:closed"\n"Other" = "question:Q3:open"\n'
                       '[questions]\nQ3 = "Which of these do you use?"\n', encoding="utf-8")
    batch = parse_file(path, mapping_file=mapping)
    question = next(q for q in batch.questions if q.key == "Q3")
    assert (question.text, question.choices) == ("Which of these do you use?", MODES)
    chosen = {p.external_id: {a.question_key: a for a in p.answers} for p in batch.iter_respondents()}
    assert chosen["3"]["Q3"].choice == "Bus; Train" and chosen["7"]["Q3"].choice == "Bus; Train; Car"
    assert "Q3" not in chosen["0"]  # nothing ticked: no answer
    assert chosen["5"]["Q3"].choice == "Bus; Car" and chosen["5"]["Q3"].text == "Community transport"
    ticks = sum(len(a["Q3"].choice.split("; ")) for a in chosen.values() if "Q3" in a and a["Q3"].choice)
    assert ticks == sum(bin(i).count("1") for i in range(8))  # not one of them lost
    # the note asking for the bare options' question text goes once the mapping gave it
    assert not any("does not give its text" in w for w in batch.warnings), batch.warnings


def test_partial_and_disqualified_responses_are_counted_and_said(tmp_path):
    """Alchemer's Status Partial / Disqualified, Typeform's Response Type partial, LimeSurvey's empty
    submitdate: a partial response counts with the answers it gives (and is named), one with no answer
    and a disqualified one are left out, and the import says how many, which lines, and what said so."""
    rows = [["Response ID", "Status", "What should change?"],
            ["1", "Complete", "More buses"], ["2", "Partial", "Cheaper fares"], ["3", "Disqualified", "Nothing"],
            ["4", "Partial", ""], ["5", "Complete", "Later buses"]]
    batch = parse_file(_csv(tmp_path / "alchemer.csv", rows))
    assert [p.external_id for p in batch.iter_respondents()] == ["1", "2", "5"]
    said = "\n".join(batch.warnings)
    assert "1 row the survey tool disqualified ('Status' says Disqualified) is left out (line 4)" in said, said
    assert "1 partial response ('Status' says Partial) counts with the answers given (line 3)" in said
    assert "1 partial response with no answer is left out (line 5)" in said

    rows = [["id", "submitdate", "Q01. What should change?"], ["1", "2024-03-01 10:00", "More buses"],
            ["2", "", "Cheaper fares"], ["3", "2024-03-02 11:00", "Later buses"]]
    batch = parse_file(_csv(tmp_path / "limesurvey.csv", rows))
    assert len(list(batch.iter_respondents())) == 3
    assert any("'submitdate' is empty: never submitted" in w and "(line 3)" in w for w in batch.warnings)
    rows = [["#", "What should change?", "Response Type", "Start Date (UTC)"],
            ["a1", "More buses", "completed", "2024-03-01"], ["a2", "Fares", "partial", "2024-03-01"]]
    batch = parse_file(_csv(tmp_path / "typeform.csv", rows))
    assert len(list(batch.iter_respondents())) == 2
    assert any("'Response Type' says partial" in w for w in batch.warnings), batch.warnings


def test_answer_codes_are_said_and_a_mapping_gives_their_words(tmp_path):
    """LimeSurvey's answer-code export ("A1", "-oth-", "SQ001" under "Q00", "Q03[SQ001]"): the dry run
    says the answers are codes and how to give their words; a mapping's [labels] gives them, read
    before the declared type, the consent and the options."""
    rows = [["id", "Q00", "Q00[other]", "Q03[SQ001]", "Q03[SQ002]", "Q03[other]", "Q08", "Q05"]]
    rows += [[str(i), ["A1", "A2", "-oth-", "A1"][i % 4], "Parish meeting" if i % 4 == 2 else "",
              "Y" if i % 2 else "", "Y" if i % 3 else "", "Scooter" if i == 4 else "", ["A1", "A2", "A3"][i % 3],
              f"My view {i}"] for i in range(1, 13)]
    path = _csv(tmp_path / "results-survey1.csv", rows)
    batch = parse_file(path)
    note = next(w for w in batch.warnings if "codes, not words" in w)
    assert "'Q00'" in note and "'Q3' (SQ001, SQ002" in note and "[labels." in note, note

    mapping = tmp_path / "labels.toml"
    mapping.write_text('[columns]\n"Q00" = "sector"\n"Q08" = "consent"\n'
                       '[labels.Q00]\nA1 = "Individual"\nA2 = "Charity"\n"-oth-" = "Other"\n'
                       '[labels.Q3]\nSQ001 = "Bus"\nSQ002 = "Train"\n'
                       '[labels.Q08]\nA1 = "Publish with my name"\nA2 = "Publish without my name"\n'
                       'A3 = "Do not publish"\n', encoding="utf-8")
    batch = parse_file(path, mapping_file=mapping)
    assert not any("codes, not words" in w for w in batch.warnings), batch.warnings
    assert dict(batch.columns)["Q00[other]"] == "sector_other"  # the type's box follows the type
    people = {p.external_id: p for p in batch.iter_respondents()}
    assert people["1"].declared_type == "Charity" and people["4"].declared_type == "Individual"
    assert people["2"].declared_type == "Other (please specify): Parish meeting"
    assert people["4"].is_organisation is False
    assert [people[k].publication.value for k in ("1", "2", "3")] == ["anonymous", "not_for_publication", "public"]
    assert next(q for q in batch.questions if q.key == "Q3").choices == ["Bus", "Train"]
    assert next(a.choice for a in people["1"].answers if a.question_key == "Q3") == "Bus; Train"


def test_decimal_comma_numbers_and_a_frequency_scale_keep_their_natural_order(tmp_path):
    """A European Excel's "120,00" and a frequency scale ("Never" answered first) are listed in order."""
    spend = ["120,00", "82,50", "150,75", "1.200,00", "45,00", "60,00"]
    often = ["Several times a week", "Never", "Every day", "Don't know", "Less often", "About once a week"]
    rows = [["ID", "How much did you spend?", "How often do you travel by bus?"]]
    rows += [[str(i), spend[i % 6], often[i % 6]] for i in range(24)]
    batch = parse_file(_csv(tmp_path / "msforms.csv", rows, delimiter=";"))
    assert [q.choices for q in batch.questions] == [
        ["45,00", "60,00", "82,50", "120,00", "150,75", "1.200,00"],
        ["Every day", "Several times a week", "About once a week", "Less often", "Never", "Don't know"]]


def test_a_mapping_that_names_bare_option_columns_question_drops_the_note_asking_for_it(tmp_path):
    """Typeform writes a tick-all question's options as bare headers with the option as the value; the
    import asks for the question's text. A mapping that gives the columns a question of their own made
    the note stale: it still asked for a "C2" that no longer existed."""
    options = ["Bus", "Train", "Car", "Bicycle"]
    rows = [["#", *options, "Any other comments?"]]
    rows += [[str(i), *[o if (i >> k) & 1 else "" for k, o in enumerate(options)], f"Comment {i} on the buses."]
             for i in range(1, 16)]
    path = _csv(tmp_path / "typeform.csv", rows)
    plain = parse_file(path)
    assert any("does not give its text" in w for w in plain.warnings), plain.warnings
    mapping = tmp_path / "map.toml"
    mapping.write_text("[columns]\n" + "".join(f'"{o}" = "question:Q3:closed"\n' for o in options)
                       + '[questions]\nQ3 = "Which of these do you use?"\n', encoding="utf-8")
    mapped = parse_file(path, mapping_file=mapping)
    assert not any("does not give its text" in w for w in mapped.warnings), mapped.warnings
