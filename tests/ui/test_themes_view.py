"""Themes view: merge two themes and sign off, split and move answers, jump to the answers; undo."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from consult_analyser.actions import coding as ops
from consult_analyser.domain import Theme, ThemeAssignment
from consult_analyser.store import theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.responses import ResponseFilter, count
from consult_analyser.ui import theme_actions


def _seed_themes(project) -> str:  # type: ignore[no-untyped-def]
    """Three model themes over the question with most written answers (a stand-in for discovery)."""
    question_id, = project.query(
        "SELECT question_id FROM responses WHERE text != '' GROUP BY question_id ORDER BY COUNT(*) DESC LIMIT 1")[0]
    answers = [r[0] for r in project.query(
        "SELECT id FROM responses WHERE question_id = ? AND text != '' ORDER BY seq", (question_id,))]
    themes = [Theme(question_id=question_id, label=label, keywords=[label.split()[0].lower()], model="stand-in 1")
              for label in ("Funding for councils", "Money for local services", "English classes")]
    assignments = [ThemeAssignment(themes[i % 3].id, rid, confidence=0.8, representative=i < 6)
                   for i, rid in enumerate(answers[:60])]
    theme_runs.save_run(project, question_id, model="stand-in 1", params={}, themes=themes,
                          assignments=assignments)
    return question_id


def _view(window):  # type: ignore[no-untyped-def]
    question_id = _seed_themes(window.ctx.project)
    from consult_analyser.store.project import Changes

    window.ctx.notify(Changes({"themes"}))
    view = window.show_view("themes")
    assert view.question_id() == question_id
    return view


def test_merge_two_themes_then_sign_off_and_undo(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    view = _view(window)
    monkeypatch.setattr(view, "confirm_sign_off", lambda rows: True)  # the confirmation dialog's Yes
    assert view.model.rowCount() == 3
    assert len(view.chart.bars) == 3 and view.chart.bars[0].segments
    ids = {r.theme.label: r.theme.id for r in view.model.rows}
    keep, gone = ids["Funding for councils"], ids["Money for local services"]
    before = len(store_themes.answer_ids(project_of, keep)) + len(store_themes.answer_ids(project_of, gone))

    assert view.merge([keep, gone], keep)
    assert store_themes.get_theme(project_of, gone) is None
    assert len(store_themes.answer_ids(project_of, keep)) == before
    assert view.model.rowCount() == 2
    assert view.current_summary().theme.id == keep

    view.toggle_sign_off()
    signed = store_themes.get_theme(project_of, keep)
    assert signed.status.value == "signed_off" and signed.signed_off_by == "tester"
    assert "signed off" in view.detail.status.text().lower()

    window.ctx.undo_stack.undo()  # sign-off
    assert store_themes.get_theme(project_of, keep).status.value != "signed_off"
    window.ctx.undo_stack.undo()  # merge
    assert store_themes.get_theme(project_of, gone) is not None
    assert view.model.rowCount() == 3
    window.ctx.undo_stack.redo()
    assert store_themes.get_theme(project_of, gone) is None


def test_split_move_rename_and_show_answers(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    view = _view(window)
    view.select_row(0)
    summary = view.current_summary()
    theme_id = summary.theme.id
    answers = store_themes.answer_ids(project_of, theme_id)
    assert view.detail.answers.count() == len(answers)

    for row in range(3):
        view.detail.answers.item(row).setSelected(True)
    picked = view.detail.selected_answer_ids()
    assert view.split(picked, "Youth clubs")
    new = next(r.theme for r in store_themes.list_themes(project_of, summary.theme.question_id)
               if r.theme.label == "Youth clubs")
    assert sorted(store_themes.answer_ids(project_of, new.id)) == sorted(picked)
    assert len(store_themes.answer_ids(project_of, theme_id)) == len(answers) - 3

    # a right click offers the same (two trials found no way to split or move: the buttons sat below the fold)
    menu = view.detail.answers_menu()
    assert [a.text() for a in menu.actions()] == ["Open in Reader", "Move selected to…", "Split selected off…",
                                                  "Remove from theme"]
    with qtbot.waitSignal(view.detail.action) as emitted:
        menu.actions()[2].trigger()
    assert emitted.args == ["split"]

    view.select_theme(theme_id)
    view.detail.answers.item(0).setSelected(True)
    moved = view.detail.selected_answer_ids()
    assert view.move_answers(moved, new.id)
    assert set(moved) <= set(store_themes.answer_ids(project_of, new.id))

    assert view.rename("Council funding")
    assert store_themes.get_theme(project_of, theme_id).label == "Council funding"
    window.ctx.undo_stack.undo()
    assert store_themes.get_theme(project_of, theme_id).label == summary.theme.label

    view.select_theme(theme_id)
    view.show_answers()
    responses = window.views["responses"]
    assert window.current_view() is responses
    assert responses.theme.currentData() == theme_id
    expected = count(project_of, ResponseFilter(theme_id=theme_id, question_id=summary.theme.question_id))
    assert responses.model.rowCount() == expected == len(store_themes.answer_ids(project_of, theme_id))


RELEASE = threading.Event()


def _stand_in_model(texts, vectors, *, progress=None, **_options):  # type: ignore[no-untyped-def]
    """A quick stand-in for the topic model (no UMAP): answers mentioning money vs the rest. It
    keeps reporting progress until the test releases it, so a Cancel always lands mid-run."""
    from types import SimpleNamespace

    deadline = time.monotonic() + 20
    while not RELEASE.is_set() and time.monotonic() < deadline:
        progress(0.5, "clustering")
        time.sleep(0.02)
    labels = [0 if any(w in t.lower() for w in ("fund", "money", "budget")) else 1 for t in texts]
    themes = [SimpleNamespace(key=k, size=labels.count(k), label=name, description="", keywords=[name.split()[0].lower()],
                              representative=[i for i, lab in enumerate(labels) if lab == k][:3])
              for k, name in ((0, "Money and funding"), (1, "Everything else"))]
    return SimpleNamespace(model_name="stand-in", themes=themes, assignments=labels, confidence=[0.9] * len(texts),
                           params={}, hierarchy=None)


def test_discover_themes_as_a_task_and_cancel(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    view = window.show_view("themes")
    view.discover_options = {"discover": _stand_in_model, "embedder": "minilm-m2v", "find_campaigns": None}
    question_id = view.question_id()
    assert view.model.rowCount() == 0
    # With a stand-in step the embedding runs on the worker thread, not in the app's model process:
    # its libraries are loaded here first, as the app never imports them beside the event loop
    # (under load, a first import of them on the worker crashed the test process 5 times in 24).
    from consult_analyser.pipeline.embeddings import get_embedder

    get_embedder("minilm-m2v").load()

    RELEASE.clear()
    view.discover()
    assert not view.discover_button.isEnabled() and window.cancel_button.isVisible()
    with qtbot.waitSignal(view.discover_task.signals.progress, timeout=30000):
        pass
    window.cancel_button.click()
    qtbot.waitUntil(lambda: view.discover_button.isEnabled(), timeout=60000)
    assert store_themes.list_themes(project_of, question_id) == []

    window.ctx.run(ops.CreateCode("Anything"))
    assert window.ctx.undo_stack.count() == 1
    RELEASE.set()
    errors: list[str] = []
    view.discover()
    view.discover_task.signals.failed.connect(lambda message, trace: errors.append(trace))
    qtbot.waitUntil(lambda: view.discover_button.isEnabled(), timeout=60000)
    assert errors == []
    labels = {r.theme.label for r in store_themes.list_themes(project_of, question_id)}
    assert labels == {"Money and funding", "Everything else"}
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10000)  # the view refreshes after the task ends
    assert window.ctx.undo_stack.count() == 0  # a model run cannot be mixed with undo history
    # every open question in one run, from the same view (a lead clicked through 21 questions one by one)
    from consult_analyser.store.questions import list_questions

    others = [q.id for q in list_questions(project_of, open_only=True) if q.id != question_id]
    from consult_analyser.ui.views import theme_tasks

    asked: list[str] = []  # asked once first (trial 37: 21 questions' run started unasked)
    monkeypatch.setattr(theme_tasks, "ask_yes", lambda _p, _t, text: asked.append(text) or True)
    view.discover(all_questions=True)
    assert asked and f"all {len(others) + 1} open questions" in asked[0]
    assert not view.discover_all_button.isEnabled()
    qtbot.waitUntil(lambda: view.discover_all_button.isEnabled(), timeout=120000)
    assert others and all(store_themes.list_themes(project_of, q) for q in others)


def test_showing_another_theme_leaves_no_chip_or_quote_of_the_last_one_on_screen(window, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFrame

    from consult_analyser.store import theme_report
    from consult_analyser.ui.widgets.chips import Chip
    from consult_analyser.ui.widgets.theme_detail import QUOTES

    view = _view(window)
    detail = view.detail
    summaries = store_themes.list_themes(window.ctx.project, view.question_id())
    # no event-loop turn between the two: what the first put up must be gone already, not only
    # waiting for its deferred deletion (until then it would be painted under the second's)
    for summary in summaries[:2]:
        detail.show_theme(window.ctx.project, summary)
    assert len(detail.keyword_box.findChildren(Chip)) == len(summaries[1].theme.keywords)
    cards = [w for w in detail.quotes.findChildren(QFrame) if w.property("role") == "quote-card"]
    assert len(cards) == len(theme_report.quotes(window.ctx.project, summaries[1].theme.id, n=QUOTES))


def test_a_theme_of_a_consultation_nobody_classified_shows_no_sector_bars(window, qtbot):  # type: ignore[no-untyped-def]
    """With every respondent unclassified, one "Unclassified 8%" bar said nothing: the panel says
    how to get the breakdown instead; with sectors, the bars are back."""
    view = _view(window)
    detail = view.detail
    project = window.ctx.project
    summary = store_themes.list_themes(project, view.question_id())[0]
    breakdown = store_themes.sector_breakdown(project, view.question_id())
    detail.show_theme(project, summary, breakdown)
    assert detail.sector_chart.bars and "Share of each sector" in detail.sector_caption.text()
    with project.transaction() as conn:
        conn.execute("DELETE FROM sector_assignments")
    breakdown = store_themes.sector_breakdown(project, view.question_id())
    detail.show_theme(project, summary, breakdown)
    assert not detail.sector_chart.bars and "once respondents are classified" in detail.sector_caption.text()


def test_a_note_on_late_answers_never_widens_the_window(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """The note that answers came in after the themes were found wraps on a line of its own: as a
    part of the top bar it made the window 2,322 pixels wide and pushed the buttons off screen."""
    from consult_analyser.store import themes as store_themes

    view = window.show_view("themes")
    before = window.minimumSizeHint().width()
    note = store_themes.added_since_note(12345) + " " + "and more words " * 20
    view.late.setText(note)
    view.late.setVisible(True)
    window.adjustSize()
    assert window.minimumSizeHint().width() <= max(before, 1440)


def test_the_selection_stays_on_the_themes_acted_on_when_sub_themes_reorder_the_list(window, qtbot, project_of,
                                                                                   monkeypatch):  # type: ignore[no-untyped-def]
    """The table shows sub-themes under their parents, the store lists themes largest first: the
    selection was put back by the list's positions, so after a sign-off another theme was selected
    and the next button acted on it."""
    question_id = _seed_themes(project_of)
    rows = store_themes.list_themes(project_of, question_id)
    big, small = rows[0].theme, rows[-1].theme  # the first and the last of the list
    with project_of.transaction() as conn:  # the smallest theme becomes a sub-theme of the largest
        conn.execute("UPDATE themes SET parent_id = ? WHERE id = ?", (big.id, small.id))
    from consult_analyser.store.project import Changes

    window.ctx.notify(Changes({"themes"}))
    view = window.show_view("themes")
    monkeypatch.setattr(view, "confirm_sign_off", lambda rows: True)
    assert view.question_id() == question_id, (view.question_id(), question_id)
    order = [r.theme.id for r in view.model.rows]
    assert order.index(small.id) == 1  # under its parent, not last as in the list
    view.select_theme(small.id)
    view.toggle_sign_off()
    assert view.selected_ids() == [small.id] and view.current_summary().theme.id == small.id


def test_withdrawing_a_sign_off_asks_first_and_an_analyst_is_told_before_any_question(window, qtbot, project_of,
                                                                                    monkeypatch):  # type: ignore[no-untyped-def]
    """A click where "Make a code" sits on an unsigned theme withdrew a sign-off without a word; an
    analyst confirmed a sign-off and only then learnt that leads sign off."""
    from PySide6.QtWidgets import QMessageBox

    from consult_analyser.store.identity import Identity

    view = _view(window)
    monkeypatch.setattr(view, "confirm_sign_off", lambda rows: True)
    theme_id = view.model.rows[0].theme.id
    view.select_theme(theme_id)
    view.toggle_sign_off()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel)
    view.toggle_sign_off()  # withdraw: asked, and cancelled
    assert asked == ["Withdraw sign-off"] and store_themes.get_theme(project_of, theme_id).status.value == "signed_off"
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    lead = window.ctx.project.identity
    window.ctx.project.identity = Identity("Robin Analyst", "analyst", "given")
    try:
        assert view.sign_off([view.model.rows[1].theme.id]) is False
    finally:
        window.ctx.project.identity = lead
    assert told and told[0].startswith("Only a team lead can sign off themes") and asked == ["Withdraw sign-off"]


def test_the_merge_dialog_never_offers_the_non_answers_first_and_marks_signed_off_themes(window, qtbot, project_of,
                                                                                         monkeypatch):  # type: ignore[no-untyped-def]
    """Merging one theme offered the largest theme first, "No substantive answer" or a signed-off one,
    with nothing to tell them apart."""
    from consult_analyser.domain import NO_ANSWER_LABEL

    view = _view(window)
    first = view.model.rows[0].theme
    with project_of.transaction() as conn:
        conn.execute("UPDATE themes SET label = ? WHERE id = ?", (NO_ANSWER_LABEL, first.id))
    from consult_analyser.store.project import Changes

    window.ctx.notify(Changes({"themes"}))
    offered: list[list[str]] = []
    from consult_analyser.ui.views import themes_view

    monkeypatch.setattr(themes_view, "ask_item", lambda *a, **k: (offered.append(list(a[3])), ("", False))[1])
    view.select_theme(view.model.rows[-1].theme.id)
    view.merge_dialog()
    assert offered and not offered[0][0].startswith(NO_ANSWER_LABEL) and offered[0][-1].startswith(NO_ANSWER_LABEL)


def test_signing_off_some_themes_says_the_others_leave_the_annex(window, project_of):  # type: ignore[no-untyped-def]
    """A lead signed off 3 of 13 themes and found the other 10 gone from the annex without warning."""
    from consult_analyser.ui.theme_actions import sign_off_text

    question = _seed_themes(project_of)
    rows = store_themes.list_themes(project_of, question)
    assert len(rows) > 1
    text = sign_off_text(project_of, rows[:1])
    assert "show only those" in text and f"its {len(rows) - 1:,} other theme(s)" in text


def test_a_theme_split_by_a_detail_in_its_by_answer_tab(window, qtbot):  # type: ignore[no-untyped-def]
    """The desktop's form of `themes --list --by`: pick a closed question or a detail, see the selected
    theme's share among those who gave each answer; personal columns are never offered."""
    view = _view(window)
    detail = view.detail
    offered = [detail.split_by.itemData(i) for i in range(detail.split_by.count())]
    assert "region" in offered and not any("email" in str(o).lower() or "name" in str(o).lower() for o in offered)
    detail.split_by.setCurrentIndex(detail.split_by.findData("region"))
    qtbot.waitUntil(lambda: bool(detail.split_chart.bars), timeout=5000)
    labels = {b.label for b in detail.split_chart.bars}
    regions = {r[0] for r in window.ctx.project.query("SELECT DISTINCT region FROM respondents")}
    assert labels and labels <= regions | {"Not answered", "Other answers"}
    assert "By Region" in detail.split_note.text() and all(0 <= b.value <= 1 for b in detail.split_chart.bars)
    # another theme shows its own shares from the same split, without reading it again
    view.select_row(1)
    assert detail.split_chart.bars and detail.theme_split is not None


def test_ctrl_c_copies_every_selected_answer_of_a_theme(window, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    view = _view(window)
    answers = view.detail.answers
    assert answers.count() >= 3
    window.show()
    view.detail.tabs.setCurrentIndex(1)  # Answers
    for row in range(3):
        answers.item(row).setSelected(True)
    answers.setFocus()
    qtbot.waitUntil(answers.hasFocus, timeout=2000)
    qtbot.keyClick(answers, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert all(answers.item(row).text() in copied for row in range(3))


def test_renaming_a_signed_off_theme_says_it_withdraws_the_sign_off(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """A trial renamed a signed-off theme with F2 and its sign-off went without a word."""
    view = _view(window)
    view.select_row(0)
    theme_id = view.current_summary().theme.id
    assert window.ctx.run(theme_actions.sign_off([theme_id]))
    view.select_theme(theme_id)
    with qtbot.waitSignal(window.ctx.status) as said:
        assert view.rename("Council funding and grants")
    assert "withdrew the sign-off" in said.args[0]
    assert store_themes.get_theme(project_of, theme_id).status.value != "signed_off"
    # so does taking an answer out of a signed-off theme (a re-test's went without a word)
    assert window.ctx.run(theme_actions.sign_off([theme_id]))
    view.select_theme(theme_id)
    answer = store_themes.answer_ids(project_of, theme_id)[0]
    with qtbot.waitSignal(window.ctx.status) as said:
        assert view.move_answers([answer], None)
    assert "withdrew the sign-off" in said.args[0]


def test_merging_a_sub_theme_offers_its_parent_first(window, qtbot, project_of, monkeypatch):  # type: ignore[no-untyped-def]
    """A desktop re-test's merge of a sub-theme defaulted to the first theme of the list, not its parent."""
    from consult_analyser.store import theme_edits
    from consult_analyser.ui.views import themes_view

    view = _view(window)
    rows = view.model.rows
    parent, child = rows[-1].theme, rows[1].theme
    theme_edits.set_parent(project_of, [child.id], parent.id)
    from consult_analyser.store.project import Changes

    window.ctx.notify(Changes({"themes"}))
    offered: list[list[str]] = []
    monkeypatch.setattr(themes_view, "ask_item", lambda *a, **k: (offered.append(list(a[3])), ("", False))[1])
    view.select_theme(child.id)
    view.merge_dialog()
    assert offered and offered[0][0].startswith(parent.label)


def test_who_raised_a_theme_names_organisations_and_never_a_person(window, project_of):  # type: ignore[no-untyped-def]
    """A trial's lead read only ids and sectors under a theme: an organisation is shown by its name (in the
    answers and the quotes), a person by their id, never their name; so is an organisation that asked to
    be published anonymously."""
    view = _view(window)
    view.select_row(0)
    theme_id = view.current_summary().theme.id
    people = list(dict.fromkeys(a.respondent_id for a in store_themes.theme_answers(project_of, theme_id)))[:3]
    organisation, person, anonymous = people
    with project_of.transaction() as conn:
        conn.execute("UPDATE respondents SET organisation = 'Brennan Housing Trust', is_organisation = 1,"
                     " publication = 'public' WHERE id = ?", (organisation,))
        conn.execute("UPDATE respondents SET name = 'Laura Bevan', organisation = 'Retired teacher',"
                     " is_organisation = NULL WHERE id = ?", (person,))
        conn.execute("UPDATE respondents SET organisation = 'Quiet Lane Residents Association', is_organisation = 1,"
                     " publication = 'anonymous' WHERE id = ?", (anonymous,))
    view.reload()
    shown = {view.detail.answers.item(i).data(Qt.ItemDataRole.UserRole + 1): view.detail.answers.item(i).text()
             for i in range(view.detail.answers.count())}
    ids = dict(project_of.query("SELECT id, external_id FROM respondents"))
    assert shown[organisation].startswith("Brennan Housing Trust · ")
    assert shown[person].startswith(f"{ids[person]} · ") and "Laura Bevan" not in shown[person]
    assert "Retired teacher" not in shown[person]
    assert shown[anonymous].startswith(f"{ids[anonymous]} · ") and "Quiet Lane" not in shown[anonymous]
    quoted = [label.text() for label in view.detail.quotes.findChildren(QLabel) if label.property("role") == "muted"]
    assert not any("Laura Bevan" in text or "Quiet Lane" in text for text in quoted)


def test_the_question_selector_shows_its_question_whole_at_1600_by_1000(window, qtbot):  # type: ignore[no-untyped-def]
    """Beside the counts and four buttons the question box cut its question off mid-word at 1600 x 1000:
    it has a row of its own."""
    view = _view(window)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.width() == 1600)
    qtbot.wait(20)
    shown = view.question.fontMetrics().horizontalAdvance(view.question.currentText())
    assert shown + 40 <= view.question.width()
    assert view.question.geometry().bottom() < view.discover_button.geometry().top()  # its own row, above


def test_sign_off_all_asks_in_a_dialog_that_fits_the_screen_with_its_buttons(window, qtbot, project_of,
                                                                            monkeypatch):  # type: ignore[no-untyped-def]
    """"Sign off all" over 32 themes with descriptions was a 1,458 px message box on a 900 px screen,
    its Yes and Cancel below the screen; a share under 1% ("<1%") read as a tag ate the description."""
    import dataclasses

    from PySide6.QtWidgets import QDialog

    from consult_analyser.ui.widgets import ask

    view = _view(window)
    rows = [dataclasses.replace(r, share=0.001) for r in view.model.rows]
    with project_of.transaction() as conn:
        conn.execute("UPDATE themes SET description = 'Answers about money, often mentioning funding and councils'")
    rows = [dataclasses.replace(r, theme=store_themes.get_theme(project_of, r.theme.id)) for r in rows]
    text, listing, after = theme_actions.sign_off_parts(project_of, rows)
    assert "(&lt;1%) — Answers about money" in listing and "((" not in listing
    many = listing.replace("</ul>", "") + "".join(f"<li><b>Theme {i}</b>: {i} respondents — " + "a description " * 30
                                               + "</li>" for i in range(60)) + "</ul>"
    dialog = ask.ListQuestion(view, "Sign off themes", text, many, after)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry().height()
    assert dialog.height() <= room - 40 and dialog.box.height() <= room * 2 // 5
    assert dialog.box.verticalScrollBar().maximum() > 0  # the list scrolls ...
    buttons = dialog.buttons.geometry()
    assert buttons.bottom() <= dialog.height() and dialog.buttons.isVisible()  # ... the buttons stay in the dialog
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).isDefault()  # Enter does not agree
    # the view asks with it, and Cancel signs nothing off
    asked: list[ask.ListQuestion] = []
    monkeypatch.setattr(ask.ListQuestion, "exec", lambda self: asked.append(self) or QDialog.DialogCode.Rejected)
    view.sign_off_all()
    assert asked and "Sign off 3 themes" in asked[0].text.text() and asked[0].listing.text().count("<li>") == 3
    assert all(store_themes.get_theme(project_of, r.theme.id).status.value != "signed_off" for r in view.model.rows)


def test_many_themes_fit_the_window_their_chart_scrolling_in_its_box(window, qtbot, project_of):  # type: ignore[no-untyped-def]
    """33 themes made the Themes view 1,223 px tall on a 900 px screen: the page scrolled and the chart
    by sector was cut off. The view fits the window; the chart scrolls in its box, every bar in it."""
    from PySide6.QtWidgets import QScrollArea

    from consult_analyser.store.project import Changes

    question_id, = project_of.query(
        "SELECT question_id FROM responses WHERE text != '' GROUP BY question_id ORDER BY COUNT(*) DESC LIMIT 1")[0]
    answers = [r[0] for r in project_of.query(
        "SELECT id FROM responses WHERE question_id = ? AND text != '' ORDER BY seq", (question_id,))]
    themes = [Theme(question_id=question_id, label=f"Theme number {i}", keywords=["word"], model="stand-in 1")
              for i in range(33)]
    theme_runs.save_run(project_of, question_id, model="stand-in 1", params={}, themes=themes,
                        assignments=[ThemeAssignment(themes[i % 33].id, rid, confidence=0.8)
                                     for i, rid in enumerate(answers[:99])])
    window.ctx.notify(Changes({"themes"}))
    window.resize(1440, 900)
    view = window.show_view("themes")
    qtbot.waitUntil(lambda: len(view.chart.bars) == 33, timeout=5000)
    holder = view.parentWidget().parentWidget()
    assert isinstance(holder, QScrollArea)
    qtbot.waitUntil(lambda: view.height() <= holder.viewport().height() + 1, timeout=3000)
    assert holder.verticalScrollBar().maximum() == 0  # no page scrollbar
    assert view.chart.height() >= view.chart.sizeHint().height() > view.chart_scroll.viewport().height()


def test_a_quote_from_a_long_named_organisation_wraps_inside_its_column(window, project_of):  # type: ignore[no-untyped-def]
    """Trial 45's quotes were cut at the right: one card's source line ("Campaign for AI Safety · Non-profit,
    voluntary or community organisation · by letter") did not wrap and set the cards' least width, wider
    than the column. Now no card asks for more width than the quotes column has."""
    from PySide6.QtWidgets import QFrame

    view = _view(window)
    view.select_row(0)
    theme_id = view.current_summary().theme.id
    quoted = [a.respondent_id for a in store_themes.theme_answers(project_of, theme_id)]
    with project_of.transaction() as conn:
        conn.executemany("UPDATE respondents SET organisation = ?, is_organisation = 1, publication = 'public'"
                         " WHERE id = ?", [("The Very Long Named National Federation of Community Organisations"
                                            " and Voluntary Associations of the Southern Regions " + str(i), rid)
                                           for i, rid in enumerate(quoted)])
        conn.execute("UPDATE responses SET text = ? WHERE id IN (SELECT response_id FROM theme_assignments"
                     " WHERE theme_id = ?)", ("See " + "www.example.org/" + "x" * 120 + " and more words", theme_id))
    view.reload()
    window.resize(1200, 800)
    scroll = view.detail.quotes.parentWidget().parentWidget()
    cards = [w for w in view.detail.quotes.findChildren(QFrame) if w.property("role") == "quote-card"]
    assert cards
    assert all(card.minimumSizeHint().width() <= 420 for card in cards), [c.minimumSizeHint().width() for c in cards]
    assert view.detail.quotes.minimumSizeHint().width() <= max(420, scroll.width())
