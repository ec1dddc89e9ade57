"""The dry run of several files given together predicts what the import does across them, from the import's own
account of letters and senders (store.resends.Arrivals): a letter sent again in another file (an .mbox message also
saved as an .eml) is named and not counted, a letter from a survey respondent's address joins them, a follow-up joins
the earlier letter, and the counts are the import's."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

from consult_analyser.ingest.importer import import_files
from consult_analyser.ingest.preview import preview_file, preview_files, together

LETTER = ("Dear Consultation Team,\n\nWe support the proposal because it will cut delays for rural counties and "
          "let small works go ahead sooner.\n\nYours sincerely,\n{name}\n")
FOLLOW_UP = ("Dear Consultation Team,\n\nFurther to my letter of last week, the maps in annex B understate the "
             "flooding risk on the lower valley farms.\n\nRegards,\n{name}\n")


def _mail(body: str, name: str, address: str, subject: str = "Consultation response") -> bytes:
    message = EmailMessage()
    message["From"] = f"{name} <{address}>"
    message["To"] = "consultation@dept-example.gov"
    message["Subject"] = subject
    message["Date"] = "Wed, 04 Mar 2020 20:53:20 -0000"
    message.set_content(body.format(name=name))
    return bytes(message)


def _inputs(tmp_path: Path) -> list[Path]:
    survey = tmp_path / "survey.csv"
    survey.write_text("Response ID,Email address,Full name,Please explain your views\n"
                      "R-1,ann.survey@example.org,Ann Survey,The proposal is welcome but too slow for our town.\n"
                      "R-2,bo.survey@example.org,Bo Survey,We oppose it: the costs fall on small councils.\n",
                      encoding="utf-8")
    box_path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(box_path)
    for data in (_mail(LETTER, "Cy Letter", "cy@example.net"),
                 _mail(LETTER, "Ann Survey", "ann.survey@example.org"),  # joins her survey answer
                 _mail(LETTER, "Di Writer", "di@example.net")):
        box.add(mailbox.mboxMessage(data))
    box.flush()
    box.close()
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "a.eml").write_bytes(_mail(LETTER, "Cy Letter", "cy@example.net"))  # the mailbox's #1 again
    (folder / "b.eml").write_bytes(_mail(FOLLOW_UP, "Di Writer", "di@example.net", "More"))  # joins inbox.mbox#3
    (folder / "c.eml").write_bytes(_mail(LETTER, "Ed New", "ed@example.net"))
    return [survey, box_path, folder]


def test_the_dry_run_of_files_together_predicts_the_import(project, tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    previews = preview_files(paths)
    said = "\n".join(line for p in previews for line in p.lines())
    result = import_files(project, paths)
    # the import's own words, in the dry run too
    for warning in result.warnings:
        if "same letter" in warning or "e-mailed or written before" in warning or "answered online" in warning:
            assert warning in said, (warning, said)
    assert "a.eml: the same letter from the same sender as inbox.mbox#1; not imported again" in said
    assert "(inbox.mbox#2)" in said and "(b.eml)" in said
    box, emails = previews[1], previews[2]
    assert (box.documents, box.senders) == (3, 2)  # Ann's letter joins her survey answer
    assert (emails.documents, emails.senders, emails.resent) == (2, 1, 1)  # a.eml resent, b.eml joins Di
    assert together(previews) == (f"altogether: would import {result.respondents} respondents, {result.responses} "
                                  f"answers and {result.documents} documents")
    assert (result.respondents, result.documents) == (2 + 2 + 1, 5)


def test_a_file_previewed_against_a_project_meets_its_letters_and_senders(project, tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    import_files(project, paths[:2])
    project_file = project.path
    project.close()
    preview = preview_file(paths[2], project=project_file)
    said = "\n".join(preview.lines())
    assert "a.eml: the same letter from the same sender as inbox.mbox#1" in said
    assert "1 document came from people who had e-mailed or written before" in said and "(b.eml)" in said
    assert (preview.documents, preview.senders) == (2, 1)


def test_the_files_alone_say_nothing_of_each_other(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    alone = preview_file(paths[2])
    assert (alone.documents, alone.senders, alone.resent) == (3, 3, 0)


def test_import_dry_run_on_the_command_line_reads_the_files_together(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from consult_analyser.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    paths = _inputs(tmp_path)
    target = tmp_path / "p.consult"
    assert main(["import", str(target), *map(str, paths), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "a.eml" in said and "same letter" in said  # the mailbox's message saved again is named across files
    assert together(preview_files(paths)) in said and not target.exists()
    assert main(["-q", "import", str(target), *map(str, paths)]) == 0
    imported = capsys.readouterr().out
    predicted = said.split("altogether: would import ", 1)[1].split(" respondents", 1)[0]
    assert f"imported {predicted} respondents" in imported
