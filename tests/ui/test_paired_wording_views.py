"""Trial 48 m3: the desktop app shows a hybrid question's free-text wording after its text, in the Themes view's
question heading and on the Reader's answer card ("Do you support the proposed rule? — Please explain your views")."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtWidgets import QLabel

from consult_analyser.ingest.importer import import_files
from consult_analyser.store.project import Project

VIEWS = "Please explain your views on the proposed rule."
ASKED = f"Do you support the proposed rule? — {VIEWS}"


def _project(tmp_path: Path) -> Path:
    rows = [f'Response ID,Do you support the proposed rule?,"{VIEWS}"']
    rows += [f"S{i},{'Support' if i % 2 else 'Oppose'},The river will be cleaner for everyone {i}" for i in range(10)]
    csv = tmp_path / "form.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    path = tmp_path / "p.consult"
    with Project.create(path) as project:
        import_files(project, [csv])
    return path


def _plain(label: QLabel) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", label.text())).replace("\u200b", "").replace("\xa0", " ")


def test_the_themes_view_heads_the_question_with_the_free_text_wording(
        tmp_path, window_on, qtbot):  # type: ignore[no-untyped-def]
    window = window_on(_project(tmp_path))
    view = window.show_view("themes")
    qtbot.waitUntil(lambda: view.question_text.text() != "", timeout=3000)
    assert view.question_text.text() == ASKED


def test_the_reader_s_answer_card_shows_the_question_as_asked(tmp_path, window_on, qtbot):  # type: ignore[no-untyped-def]
    window = window_on(_project(tmp_path))
    reader = window.show_view("reader")
    qtbot.waitUntil(lambda: reader.current is not None, timeout=3000)
    titles = [_plain(label) for label in reader.current.findChildren(QLabel) if label.property("role") == "question"]
    assert titles == [f"C1  {ASKED}"]
