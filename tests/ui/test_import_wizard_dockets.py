"""The import wizard names comments on several dockets on its check page (the dry run) and in its summary."""

from __future__ import annotations

import pytest

from consult_analyser.store.project import Project
from tests.test_several_dockets import _comments


@pytest.fixture
def empty_window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.main_window import MainWindow

    win = MainWindow(Project.create(tmp_path / "new.consult"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.ctx.tasks.wait(10000)


def test_the_wizard_says_the_comments_are_on_several_dockets(empty_window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.import_wizard import ImportWizard

    comments = _comments(tmp_path / "comments.csv", "docket_id")
    wizard = ImportWizard(empty_window.ctx, empty_window, paths=[comments])
    wizard.show()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.columns.ready, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.result is not None, timeout=10000)
    assert "comments would be on 2 dockets" in wizard.check.details.toPlainText()  # before anything is written
    wizard.next()
    qtbot.waitUntil(lambda: wizard.importing.done, timeout=20000)
    summary = wizard.importing.log.toPlainText()
    assert summary.count("the project's comments are on 2 dockets") == 1 and "--by docket_id" in summary
