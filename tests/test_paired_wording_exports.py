"""Trial 48 m3: a hybrid question's free-text wording ("Please explain your views on the proposed rule.") is shown
wherever the question is shown with its text: the annex's question sheets, the Word report's heading, ``info``,
``themes --list`` and the REFI-QDA export's question code."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from consult_analyser.cli.main import main
from consult_analyser.domain import QuestionKind
from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

VIEWS = "Please explain your views on the proposed rule."
ASKED = f"Do you support the proposed rule? — {VIEWS}"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    rows = [f'Response ID,Do you support the proposed rule?,"{VIEWS}"']
    rows += [f"S{i},Support,The river will be cleaner for everyone {i}" for i in range(12)]
    rows += [f"O{i},Oppose,The costs to small farms are far too high {i}" for i in range(8)]
    csv = tmp_path / "form.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    path = tmp_path / "p.consult"
    with Project.create(path) as project:
        import_files(project, [csv])
        (question,) = list_questions(project)
        assert question.kind == QuestionKind.HYBRID
    return path


def test_the_annex_question_sheets_are_titled_with_the_free_text_wording(project_path, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.export.annex_xlsx import export_annex

    out = tmp_path / "annex.xlsx"
    with Project.open(project_path) as project:
        export_annex(project, out)
    book = load_workbook(out)
    titles = {name: book[name]["A1"].value for name in book.sheetnames if name.startswith("C1 ")}
    assert titles and all(title == f"C1. {ASKED}" for title in titles.values()), titles


def test_the_report_heads_the_question_with_the_free_text_wording(project_path, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.export.report_docx import export_report

    out = tmp_path / "report.docx"
    with Project.open(project_path) as project:
        export_report(project, out)
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name.startswith("Heading")]
    assert f"C1. {ASKED}" in headings


def test_info_lists_each_question_as_asked(project_path, capsys):  # type: ignore[no-untyped-def]
    assert main(["info", str(project_path)]) == 0
    assert f"    C1. {ASKED} (choice and text)" in capsys.readouterr().out.splitlines()
    assert main(["info", str(project_path), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)["question_list"]
    assert listed == {"key": "C1", "text": "Do you support the proposed rule?", "follow_up": VIEWS,
                      "kind": "hybrid", "wording": ASKED}


def test_themes_list_heads_the_question_with_the_free_text_wording(project_path, capsys):  # type: ignore[no-untyped-def]
    assert main(["themes", str(project_path), "--list"]) == 0
    assert f"C1. {ASKED}" in capsys.readouterr().out.splitlines()


def test_the_refi_qda_question_code_describes_the_question_as_asked(project_path, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.export.refi_qda import export_qdpx

    with Project.open(project_path) as project:
        result = export_qdpx(project, tmp_path / "p.qdpx")
    with zipfile.ZipFile(result.path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    ns = {"q": root.nsmap[None]}
    (code,) = root.xpath("//q:Code[@name='Questions']/q:Code[@name='C1']", namespaces=ns)
    assert code.findtext("q:Description", namespaces=ns) == ASKED
