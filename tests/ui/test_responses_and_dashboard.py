"""Responses: filters, full-text search, sorting, column chooser; the dashboard's figures."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from consult_analyser.actions import coding as ops
from consult_analyser.store import dashboard
from consult_analyser.store.responses import ResponseFilter, count


def test_filter_search_and_sort(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("responses")
    total = count(project_of, ResponseFilter())
    assert view.model.rowCount() == total > 0
    assert view.count_label.text() == f"{total:,} answers"

    view.question.setCurrentIndex(1)
    question_id = view.question.currentData()
    assert view.model.rowCount() == count(project_of, ResponseFilter(question_id=question_id))

    word = project_of.scalar("SELECT text FROM responses WHERE question_id = ? AND text != '' LIMIT 1",
                             (question_id,)).split()[0].strip(".,;:!?\"'")
    view.search.setFocus()
    qtbot.keyClicks(view.search, word)
    qtbot.waitUntil(lambda: view.model.filter.text == word, timeout=3000)
    expected = count(project_of, ResponseFilter(question_id=question_id, text=word))
    assert view.model.rowCount() == expected > 0
    assert view.delegate.terms == [word]

    sector = view.sector.itemData(1)
    view.sector.setCurrentIndex(1)
    assert view.model.rowCount() == count(project_of, ResponseFilter(question_id=question_id, text=word, sector=sector))

    view.clear_filters()
    assert view.model.rowCount() == total and view.search.text() == ""
    view.table.sortByColumn(view.model.COL_LENGTH, Qt.SortOrder.DescendingOrder)
    lengths = [view.model.data(view.model.index(r, view.model.COL_LENGTH)) for r in range(5)]
    assert lengths == sorted(lengths, reverse=True)


def test_code_filter_and_column_chooser(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("responses")
    operation = ops.CreateCode("Community spaces")
    window.ctx.run(operation)
    ids = [r[0] for r in project_of.query("SELECT id FROM responses WHERE text != '' ORDER BY seq LIMIT 4")]
    window.ctx.run(ops.CodeSearchResults(operation.code.id, response_ids=ids))
    index = view.code.findData(operation.code.id)
    assert index > 0
    view.code.setCurrentIndex(index)
    assert view.model.rowCount() == 4
    assert view.model.data(view.model.index(0, view.model.COL_CODES)) == "Community spaces"
    view.review.setCurrentIndex(view.review.findData("uncoded"))
    assert view.model.rowCount() == 0

    action = view.columns_button.menu().actions()[view.model.COL_CHOICE]
    action.setChecked(False)
    assert view.table.isColumnHidden(view.model.COL_CHOICE)
    assert "choice" in QSettings().value("responses/hidden_columns")
    action.setChecked(True)


def test_open_respondent_from_table(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("responses")
    index = view.model.index(5, 0)
    respondent = view.model.data(index, view.model.RespondentIdRole)
    view.table.doubleClicked.emit(index)
    reader = window.views["reader"]
    assert window.current_view() is reader and reader.respondent_id == respondent


def test_dashboard_figures_follow_the_store(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = window.show_view("dashboard")
    figures = dashboard.headline(project_of)
    assert view.cards["respondents"].value.text() == f"{figures.respondents:,}"
    # each channel by its name (typed-in paper forms had been counted "by e-mail or letter")
    channels = dict(dashboard.channel_counts(project_of))
    note = view.cards["respondents"].note.text()
    assert f"{channels['online']:,} online" in note and "by e-mail or letter" not in note
    assert ("sent a letter or document" in note) == bool(figures.letter_respondents)
    assert len(view.sector_chart.bars) == len(dashboard.sector_counts(project_of))
    assert sum(b.value for b in view.sector_chart.bars) == figures.respondents
    assert view.cards["coded"].value.text() == "0%"
    # the written answers say how many came from letters (the import's count has only the form's)
    assert (f"{figures.letter_answers:,} of them from letters' passages" in view.cards["answers"].note.text()) \
        == bool(figures.letter_answers)
    operation = ops.CreateCode("Schools")
    window.ctx.run(operation)
    ids = [r[0] for r in project_of.query("SELECT id FROM responses WHERE text != '' LIMIT 10")]
    window.ctx.run(ops.CodeSearchResults(operation.code.id, response_ids=ids))
    assert "10 answers" in view.cards["coded"].note.text()
    # progress bars are drawn against 100%, not against the best question (0% looked full)
    view.refresh()
    assert view.coding_chart.full == 1.0 and all(b.value < 1.0 for b in view.coding_chart.bars)
    view.sector_chart.clicked.emit(0)
    responses = window.views["responses"]
    assert window.current_view() is responses and responses.sector.currentData() == view.sector_keys[0]


def test_a_chart_whose_bars_open_answers_works_from_the_keyboard(qtbot):  # type: ignore[no-untyped-def]
    """The dashboard's sector bars ("click a bar to read that sector's answers") were reached by the
    mouse only: a chart with a click handler takes Tab, Down chooses a bar, Enter opens it."""
    from PySide6.QtCore import Qt

    from consult_analyser.ui.widgets.charts import BarChart

    chart, plain = BarChart(), BarChart()
    qtbot.addWidget(chart)
    chart.set_bars([("Individual", 10), ("Charity", 4), ("Business", 2)])
    opened: list[int] = []
    chart.clicked.connect(opened.append)
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert plain.focusPolicy() == Qt.FocusPolicy.NoFocus  # a chart that opens nothing is no tab stop
    chart.show()
    chart.activateWindow()
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus, timeout=2000)
    assert chart.selected == 0  # the first bar is chosen on the way in
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert opened == [1]


def test_the_dashboard_fits_a_window_of_1600_by_1000_without_scrolling(window, qtbot):  # type: ignore[no-untyped-def]
    """At 1600 x 1000 a trial's first view cut off its bottom card (Themes by question, under the coding
    progress of every question): the charts of a row per question stand side by side."""
    from PySide6.QtWidgets import QScrollArea

    view = window.show_view("dashboard")
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.width() == 1600)
    for _ in range(5):
        qtbot.wait(20)
    assert all(area.verticalScrollBar().maximum() == 0 for area in view.findChildren(QScrollArea))
    assert view.coding_chart.height() >= view.coding_chart.sizeHint().height()  # every question's row shown
