"""The Team view: progress, merge from the app, agreement, adjudication; identity in the status bar."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from consult_analyser.store import codebook, codings
from consult_analyser.store import team as team_store
from consult_analyser.store.project import Project
from consult_analyser.team import split
from consult_analyser.ui.widgets.charts import series_colour
from consult_analyser.ui.widgets.identity import IdentityButton


def test_team_view_merge_agreement_and_adjudicate(window, qtbot, project_of, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    a = codebook.create_code(project_of, "Alpha").id
    b = codebook.create_code(project_of, "Beta").id
    result = split.split(project_of, ["alice", "bob"], tmp_path / "copies", overlap=1.0, seed=1)
    for name in ("alice", "bob"):
        with Project.open(result.files[name]) as copy:
            for i, rid in enumerate(team_store.assigned_answers(copy, name)[:40]):
                codings.add_coding(copy, a, rid)
                if (i % 3 == 0) == (name == "alice"):
                    codings.add_coding(copy, b, rid)
    view = window.show_view("team")
    assert view.analysts.rowCount() == 2
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: ([str(p) for p in result.files.values()], ""))
    view.merge_dialog()
    assert project_of.scalar("SELECT COUNT(*) FROM codings") == 120
    assert view.merge_table.rowCount() == 2
    assert view.agreement_table.rowCount() == 3  # two codes and the overall row
    assert view.queue_table.rowCount() == 40  # every answer disagrees on Beta
    # Beta's kappa is below 0: it still gets a (short) orange bar, as the chart's legend promises
    (beta,) = [bar for bar in view.chart.bars if bar.label == "Beta"]
    assert beta.value > 0 and beta.colour == series_colour(1) and beta.note.startswith("-")
    view.queue_table.selectRow(0)
    item = view.queue[0]
    view.decide("neither")
    assert team_store.adjudications(project_of)[(item.response_id, item.code_id)]["decision"] == "neither"
    assert view.queue_table.item(0, 5).text() == "not applied"  # what the decision does to the agreed coding
    button = window.findChild(IdentityButton)
    assert button is not None and button.text() == f"Working as {project_of.actor} ({project_of.identity.role})"


def test_analyst_copy_shows_my_assignment(qtbot, ui_project_path, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.main_window import MainWindow

    with Project.open(ui_project_path) as lead:
        result = split.split(lead, ["alice", "bob"], tmp_path / "copies", overlap=0.5, seed=2)
    with Project.open(result.files["alice"]) as copy:
        code = codebook.create_code(copy, "Mine").id
        for rid in team_store.assigned_answers(copy, "alice")[:10]:
            codings.add_coding(copy, code, rid)
    make_app()
    win = MainWindow(Project.open(result.files["alice"]))
    qtbot.addWidget(win)
    view = win.show_view("team")
    assert view.heading.text() == "My assignment — alice"
    assert f"10 of {result.assigned['alice']:,} answers coded" in view.summary.text()
    assert not view.merge_button.isVisibleTo(view) and view.tabs.isHidden()
    assert win.findChild(IdentityButton).text() == "Working as alice (analyst)"
    win.ctx.project.close()


def test_the_split_dialog_shares_out_one_question_and_names_who_double_codes(window, project_of, tmp_path,  # type: ignore[no-untyped-def]
                                                                             monkeypatch):
    """A team trial could share out only every question at once (265 of 272 answers 'still to code' were
    questions nobody was asked to code); the app now asks, as `team split --question --overlap-between` do."""
    from PySide6.QtWidgets import QInputDialog

    from consult_analyser.ui.views import team_view

    view = window.show_view("team")
    asked: list[str] = []
    monkeypatch.setattr(team_view, "ask_text", lambda *a, **k: (asked.append(a[1]), ("amy, ben, cat", True)
                                                                   if len(asked) == 1 else ("amy, ben", True))[1])
    monkeypatch.setattr(team_view, "ask_item", lambda parent, title, label, items, *a, **k: (
        next(i for i in items if i.startswith("Q1 ")), True))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (0.2, True))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    view.split_dialog()
    rows = project_of.query("SELECT DISTINCT q.key FROM team_assignments a JOIN responses r ON r.id = a.response_id"
                            " JOIN questions q ON q.id = r.question_id")
    assert [r[0] for r in rows] == ["Q1"]
    doubled = {r[0] for r in project_of.query("SELECT analyst FROM team_assignments WHERE overlap = 1")}
    assert doubled and doubled <= {"amy", "ben"}


def test_the_tables_are_filled_with_their_columns_fixed_and_sized_once_at_the_end(qtbot):  # type: ignore[no-untyped-def]
    """A trial's Team view took 17 s to draw: every cell set re-measured its column (sized to contents),
    6,948 cells at 2 ms. The columns are now fixed while the cells are set, and sized to contents after."""
    from PySide6.QtWidgets import QHeaderView, QTableWidget

    from consult_analyser.ui.views import team_view

    table = team_view._table(["Code", "N", "Kappa"])
    qtbot.addWidget(table)
    table.setSortingEnabled(True)
    table.show()
    header = table.horizontalHeader()
    seen: list[tuple[list[QHeaderView.ResizeMode], bool, bool]] = []

    def set_item(row, column, item):  # type: ignore[no-untyped-def]
        seen.append(([header.sectionResizeMode(c) for c in range(3)], table.isSortingEnabled(),
                     table.updatesEnabled()))
        QTableWidget.setItem(table, row, column, item)

    table.setItem = set_item  # type: ignore[method-assign]
    team_view._fill(table, [[f"code {i} with a long name", f"{i}", "0.50"] for i in range(50)])
    assert len(seen) == 150
    assert all(QHeaderView.ResizeMode.ResizeToContents not in modes and not sorting and not updates
               for modes, sorting, updates in seen)
    # as they were: sized to contents, sorting on, drawn; the first column now fits its longest text
    assert [header.sectionResizeMode(c) for c in range(3)] == [QHeaderView.ResizeMode.ResizeToContents] * 3
    assert table.isSortingEnabled() and table.updatesEnabled()
    assert sorted(int(table.item(r, 1).text()) for r in range(table.rowCount())) == list(range(50))
    assert header.sectionSize(0) >= table.fontMetrics().horizontalAdvance("code 49 with a long name")


def test_the_team_view_is_filled_once_when_shown_and_once_a_decision(window, qtbot, project_of, tmp_path):  # type: ignore[no-untyped-def]
    """It was filled three times for one screenshot (built, shown, prepared) and twice for each decision."""
    from consult_analyser.team import merge
    from consult_analyser.ui.views.team_view import TeamView

    a = codebook.create_code(project_of, "Alpha").id
    b = codebook.create_code(project_of, "Beta").id
    result = split.split(project_of, ["alice", "bob"], tmp_path / "copies", overlap=1.0, seed=1)
    for name in ("alice", "bob"):
        with Project.open(result.files[name]) as copy:
            for i, rid in enumerate(team_store.assigned_answers(copy, name)[:10]):
                codings.add_coding(copy, a, rid)
                if i < 5 and name == "alice":  # five disagreements on Beta
                    codings.add_coding(copy, b, rid)
    view = window.show_view("team")
    window.show_view("dashboard")
    window.ctx.notify(merge.merge(project_of, list(result.files.values()))[1])  # while the view is hidden
    before = view.refreshes
    window.show_view("team")
    assert view.refreshes == before + 1 and view.queue_table.rowCount() == 5
    view.prepare_screenshot()
    assert view.refreshes == before + 1
    view.queue_table.selectRow(0)
    view.decide("both")
    assert view.refreshes == before + 2 and view.queue_table.item(0, 5).text() == "applied"
    window.show_view("dashboard")
    window.show_view("team")
    assert view.refreshes == before + 3  # shown again: filled afresh (a merge from the command line shows)
    built = TeamView(window.ctx)  # built to be shown: filled once, not again when shown
    qtbot.addWidget(built)
    built.show()
    assert built.refreshes == 1 and built.queue_table.rowCount() == 5


def test_disagreements_name_each_code_by_its_path(window, project_of, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A trial's Disagreements tab read "monitoring" for both student_privacy > monitoring and
    student_discomfort > monitoring; `team disagreements` prints the paths, and so does the tab now."""
    from consult_analyser.team import merge
    from consult_analyser.ui.views import team_view

    privacy = codebook.create_code(project_of, "student_privacy").id
    discomfort = codebook.create_code(project_of, "student_discomfort").id
    one = codebook.create_code(project_of, "monitoring", parent_id=privacy).id
    two = codebook.create_code(project_of, "monitoring", parent_id=discomfort).id
    result = split.split(project_of, ["alice", "bob"], tmp_path / "copies", overlap=1.0, seed=1)
    for name, code in (("alice", one), ("bob", two)):
        with Project.open(result.files[name]) as copy:
            codings.add_coding(copy, code, team_store.assigned_answers(copy, name)[0])
    window.ctx.notify(merge.merge(project_of, list(result.files.values()))[1])
    view = window.show_view("team")
    shown = sorted(view.queue_table.item(r, 2).text() for r in range(view.queue_table.rowCount()))
    assert shown == ["student_discomfort > monitoring", "student_privacy > monitoring"]
    asked: list[str] = []
    monkeypatch.setattr(team_view, "ask_item", lambda parent, title, label, items, *a, **k: (asked.append(label),
                                                                                             ("", False))[1])
    view.queue_table.selectRow(0)
    view.decide("keep")
    assert asked and asked[0].startswith(view.queue_table.item(0, 2).text() + " on ")


def test_the_agreement_table_fits_a_1440_by_900_window_and_scrolls_in_a_smaller_one(window, qtbot, project_of,  # type: ignore[no-untyped-def]
                                                                                    tmp_path):
    """A trial's 1440 x 900 window read "Agreeme" and had F1 and Applied off to the right, with no scroll bar
    to be seen: the view was taller than the window (its chart's 25 bars), so the table's bottom and its
    horizontal scroll bar were below the window's edge."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from consult_analyser.team import merge

    ids = [codebook.create_code(project_of, f"a_rather_long_code_name_number_{i}").id for i in range(30)]
    result = split.split(project_of, ["alice", "bob"], tmp_path / "copies", overlap=1.0, seed=1)
    for name in ("alice", "bob"):
        with Project.open(result.files[name]) as copy:
            for i, rid in enumerate(team_store.assigned_answers(copy, name)[:60]):
                codings.add_coding(copy, ids[i % 30], rid)
                if name == "alice" and i % 4 == 0:
                    codings.add_coding(copy, ids[(i + 1) % 30], rid)
    window.ctx.notify(merge.merge(project_of, list(result.files.values()))[1])
    view = window.show_view("team")
    holder = view.parentWidget().parentWidget()
    assert isinstance(holder, QScrollArea)
    table = view.agreement_table
    assert table.rowCount() == 31 and len(view.chart.bars) == 25

    def settle(width: int, height: int) -> None:
        window.resize(width, height)
        for _ in range(5):
            QApplication.processEvents()

    settle(1440, 900)
    assert view.height() <= holder.viewport().height()  # the whole view in the window: nothing below its edge
    assert table.horizontalHeader().length() <= table.viewport().width()  # every column, "Agreement" whole
    assert not table.horizontalScrollBar().isVisible()
    bottom = table.mapTo(window, table.rect().bottomLeft()).y()
    assert bottom <= window.centralWidget().geometry().bottom()
    # every one of the 25 bars can be scrolled to, none cut off at the panel's foot
    assert view.chart.height() >= view.chart.sizeHint().height()
    settle(1000, 650)
    assert table.horizontalHeader().length() > table.viewport().width()
    bar = table.horizontalScrollBar()
    assert bar.isVisible() and bar.mapTo(window, bar.rect().bottomLeft()).y() <= window.centralWidget().geometry().bottom()


def test_the_summary_counts_merges_that_added_something(window, project_of, tmp_path):  # type: ignore[no-untyped-def]
    """A trial's summary read "2 analysts, 4 merges": two were re-merges that the Merge history tab (and
    `team status`) call "nothing new"."""
    from consult_analyser.team import merge

    a = codebook.create_code(project_of, "Alpha").id
    result = split.split(project_of, ["alice", "bob"], tmp_path / "copies", overlap=1.0, seed=1)
    for name in ("alice", "bob"):
        with Project.open(result.files[name]) as copy:
            for rid in team_store.assigned_answers(copy, name)[:5]:
                codings.add_coding(copy, a, rid)
    view = window.show_view("team")
    window.ctx.notify(merge.merge(project_of, list(result.files.values()))[1])
    assert "2 analysts, 2 merges, " in view.summary.text()
    window.ctx.notify(merge.merge(project_of, [result.files["bob"]])[1])  # again: bob's work is already in
    assert "2 analysts, 2 merges (1 more added nothing new), " in view.summary.text()
    assert view.merge_table.rowCount() == 3 and view.merge_table.item(0, 4).text() == "nothing new"
    assert view.merge_table.item(1, 4).text().startswith("codings added 5")


def test_a_screenshot_offers_the_buttons_of_a_view_built_before_it_was_asked_for(ui_project_path, qtbot):  # type: ignore[no-untyped-def]
    """The view is no longer filled again for a screenshot; it still draws its buttons as offered."""
    from consult_analyser.ui.app import make_app
    from consult_analyser.ui.context import AppContext
    from consult_analyser.ui.views.team_view import TeamView

    make_app()
    project = Project.open(ui_project_path, readonly=True)
    try:
        ctx = AppContext(project)
        team = TeamView(ctx)
        qtbot.addWidget(team)
        team.show()
        assert team.split_button.isHidden() and team.refreshes == 1
        ctx.drawn_only = True
        team.prepare_screenshot()
        assert not team.split_button.isHidden() and not team.merge_button.isHidden() and team.refreshes == 1
    finally:
        project.close()
