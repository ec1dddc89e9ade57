"""What keeps the window responsive: the answers table's painting and typing pause, refreshing
after a long task a part at a time, the model work's child process, and None kept alive."""

from __future__ import annotations

import sys

import pytest

from consult_analyser.store.project import Changes, Project
from consult_analyser.store.responses import ResponseFilter, count


@pytest.fixture
def window(qtbot, ui_project_path):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.main_window import MainWindow

    window = MainWindow(Project.open(ui_project_path))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    yield window
    window.ctx.tasks.wait(10000)


def test_many_qt_calls_without_a_result_do_not_free_none(qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage, QPainter

    import consult_analyser.ui as ui

    assert ui.none_leak_per_call() == 0.0  # the pinned binding; an affected one gets the guard
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(30_000):  # more than None's own reference count in a small process
        painter.save()
        painter.restore()
    painter.end()
    assert sys.getrefcount(None) >= before - 100  # a leaking binding loses 60,000 here


def test_answer_cells_show_the_model_texts_and_highlight_matches(window, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    view = window.show_view("responses")
    model = view.model
    for column in range(model.columnCount()):
        assert model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole) == model.cells_at(0)[column]
    word = model.row_at(0).text.split()[0].strip(".,;:!?\"'")
    view.search.setText(word)
    view.apply_filter()
    assert view.delegate.pattern is not None and view.delegate.pattern.search(model.row_at(0).text)
    image = view.table.viewport().grab().toImage()  # paints every visible cell through the delegate
    assert image.width() > 0
    highlight = view.delegate.pattern
    from consult_analyser.ui.widgets.answer_cells import visible_window

    long_text = "x " * 200 + word + " tail"
    assert highlight.search(visible_window(long_text, highlight))  # the match is moved into view


def test_search_follows_typing_while_searches_are_quick(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("responses")
    project = window.ctx.project
    word = view.model.row_at(0).text.split()[0].strip(".,;:!?\"'")
    view.apply_filter()
    assert view.typing_pause_ms() == 0  # a small project: no wait after a key
    qtbot.keyClicks(view.search, word)
    qtbot.waitUntil(lambda: view.model.rowCount() == count(project, ResponseFilter(text=word)), timeout=5000)
    view._filter_ms = 120.0  # noqa: SLF001 - as if searches had become slow
    assert 120 < view.typing_pause_ms() <= 250


def _seed_themes(project) -> str:  # type: ignore[no-untyped-def]
    """Three themes over the question with most written answers (a stand-in for discovery)."""
    from consult_analyser.domain import Theme, ThemeAssignment
    from consult_analyser.store import theme_runs

    question_id, = project.query(
        "SELECT question_id FROM responses WHERE text != '' GROUP BY question_id ORDER BY COUNT(*) DESC LIMIT 1")[0]
    answers = [r[0] for r in project.query(
        "SELECT id FROM responses WHERE question_id = ? AND text != '' ORDER BY seq", (question_id,))]
    themes = [Theme(question_id=question_id, label=label, model="stand-in") for label in ("One", "Two", "Three")]
    assignments = [ThemeAssignment(themes[i % 3].id, rid, confidence=0.8, representative=i < 6)
                   for i, rid in enumerate(answers[:60])]
    theme_runs.save_run(project, question_id, model="stand-in", params={}, themes=themes, assignments=assignments)
    return question_id


def test_after_a_task_the_views_refresh_a_part_at_a_time(window, qtbot):  # type: ignore[no-untyped-def]
    themes_view = window.show_view("themes")
    question_id = _seed_themes(window.ctx.project)
    window.show_view("responses")
    window.show_view("themes")
    window.refresh_views(Changes({"*"}))
    assert themes_view.question_id() == question_id
    assert themes_view.model.rowCount() == 3  # the table at once
    qtbot.waitUntil(lambda: len(themes_view.chart.bars) == 3, timeout=5000)  # then the chart, read off the UI thread
    current = themes_view.current_summary()
    qtbot.waitUntil(lambda: themes_view.detail.theme_id == current.theme.id, timeout=5000)
    assert themes_view.detail.answers.count() > 0


def test_model_process_runs_the_pure_step_in_a_child_and_stops_on_cancel():  # type: ignore[no-untyped-def]
    from consult_analyser.pipeline.embeddings import FAST_EMBEDDER
    from consult_analyser.pipeline.themes.discover import CAMPAIGN_FINDER, ThemeInput
    from consult_analyser.progress import Cancelled
    from consult_analyser.ui.isolated import ModelProcess

    text = "I object to the closure of the library because it serves the whole village every day."
    texts = [text] * 25 + [f"Something else entirely about parking charges number {i} in town." for i in range(10)]
    inp = ThemeInput(question_id="q", question_key="Q1", ids=[f"r{i}" for i in range(len(texts))], texts=texts,
                     digest="d", embedder_name=FAST_EMBEDDER, embedder_key=f"{FAST_EMBEDDER}:1", cached_vectors={},
                     stored_groups=None, finder_name=CAMPAIGN_FINDER, expected=[], phrases={})
    with ModelProcess() as models:
        out = models.compute(inp, lambda *_: None)
        assert [sorted(members) for members, _, _ in out.groups] == [list(range(25))]
        assert len(out.order) == 11  # the campaign's canonical answer stands for its 25 members
        child = models._child  # noqa: SLF001

        def cancel(_fraction: float, _message: str = "") -> None:
            raise Cancelled("test")

        with pytest.raises(Cancelled):
            models.compute(inp, cancel)
    assert not child.is_alive()
