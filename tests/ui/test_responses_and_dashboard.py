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


def _theme_on_every_question(project) -> int:  # type: ignore[no-untyped-def]
    """A stand-in theme on each open question with written answers (so Themes by question lists them all)."""
    from consult_analyser.domain import Theme, ThemeAssignment
    from consult_analyser.store import theme_runs

    questions = [r[0] for r in project.query("SELECT question_id FROM responses WHERE text != '' GROUP BY question_id")]
    for question_id in questions:
        answers = [r[0] for r in project.query("SELECT id FROM responses WHERE question_id = ? AND text != '' "
                                               "ORDER BY seq LIMIT 5", (question_id,))]
        theme = Theme(question_id=question_id, label="Funding for councils", keywords=["funding"], model="stand-in 1")
        theme_runs.save_run(project, question_id, model="stand-in 1", params={}, themes=[theme],
                            assignments=[ThemeAssignment(theme.id, rid, confidence=0.8) for rid in answers])
    return len(questions)


def _shown_at(window, qtbot, width: int, height: int):  # type: ignore[no-untyped-def]
    view = window.show_view("dashboard")
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    for _ in range(5):
        qtbot.wait(20)
    return view


def test_at_1440_by_900_the_dashboard_shows_sectors_sources_and_questions_whole(window, qtbot):  # type: ignore[no-untyped-def]
    """In three columns at 1440 x 900 (the README's pictures, a common laptop) the charts cut most labels
    ("Faith group or organi…", "Declared by the resp…", every question in Themes by question): the
    charts stand in two columns where three would cut them, and in three again at 1600 x 1000."""
    from PySide6.QtWidgets import QScrollArea

    from consult_analyser.store.project import Changes

    questions = _theme_on_every_question(window.ctx.project)
    window.ctx.notify(Changes({"themes"}))
    view = _shown_at(window, qtbot, 1440, 900)
    assert view.chart_columns == 2
    assert len(view.theme_chart.bars) == questions > 10
    assert any(len(b.label) > 30 for b in view.sector_chart.bars)  # "Voluntary or community organisation"
    for chart in (view.sector_chart, view.source_chart, view.theme_chart, view.channel_chart, view.coding_chart):
        assert chart.bars
        assert chart.shown_labels() == [b.label for b in chart.bars]  # none elided ("…")
        assert chart.columns(chart.width())[0] + chart.bar_room <= chart.width()  # and the bars keep their room
    # the same charts in the earlier three equal columns cut them
    narrow = (view.width() - 40) // 3 - 34
    assert view.sector_chart.shown_labels(narrow) != [b.label for b in view.sector_chart.bars]

    view = _shown_at(window, qtbot, 1600, 1000)  # three fit the height: the whole dashboard in one screen
    assert view.chart_columns == 3
    assert all(area.verticalScrollBar().maximum() == 0 for area in view.findChildren(QScrollArea))
    assert _shown_at(window, qtbot, 1440, 900).chart_columns == 2  # and two again on narrowing


def test_the_dashboard_keeps_three_columns_where_two_would_scroll_and_labels_whole_where_they_fit(window):  # type: ignore[no-untyped-def]
    """Two columns where three would cut a label, unless two would scroll where three do not (a screen of
    1600 x 1000 shows the whole dashboard: its bottom card was once cut off); three where labels fit."""
    from consult_analyser.store.project import Changes

    _theme_on_every_question(window.ctx.project)
    window.ctx.notify(Changes({"themes"}))
    view = window.show_view("dashboard")
    three, two = view.column_widths(3), view.column_widths(2)
    wide, between = sum(three) + 24, sum(two) + 12 + 10
    assert between < wide
    assert view.choose_columns(wide, 10_000)[:2] == (3, three)  # room for every label in three
    assert view.choose_columns(between, 10_000)[0] == 2  # two columns, whole, where neither scrolls
    assert view.choose_columns(between, 20)[0] == 2  # both scroll: labels whole
    tall_enough_for_three = max(view._column_heights(3, [w * (between - 24) // sum(three) for w in three]))
    assert tall_enough_for_three < max(view._column_heights(2, two))
    assert view.choose_columns(between, tall_enough_for_three)[0] == 3  # only two would scroll
    assert view.choose_columns(600, 10_000)[::2] == (2, False)  # too narrow for whole labels in two: two, shortened


def test_the_dashboard_is_headed_by_the_consultations_title_once_set(window, project_of):  # type: ignore[no-untyped-def]
    """A team trial's dashboard read "lead", its file's name, though the lead had set the title the annex prints."""
    from consult_analyser.store.project import Changes
    from consult_analyser.store.release import set_release_details

    dash = window.show_view("dashboard")
    assert project_of.name in dash.heading.text()
    set_release_details(project_of, title="Integrated Communities Strategy: summary of responses")
    dash.on_changed(Changes({"*"}))
    dash.refresh()
    assert dash.heading.text() == "Integrated Communities Strategy: summary of responses"
