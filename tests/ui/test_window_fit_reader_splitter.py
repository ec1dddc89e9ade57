"""The Reader's splitter stays where the user put it as they go from respondent to respondent (trial 51: its
side panel widened for "Non-profit, voluntary or community organisation", a sector's name on one line in
large type, and narrowed again for "Business")."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from consult_analyser.actions.sectors import SetSector
from consult_analyser.store import sectors as store_sectors


def test_the_readers_splitter_keeps_the_users_sizes_between_respondents(window, reader_on):  # type: ignore[no-untyped-def]
    project = window.ctx.project
    taxonomy = list(store_sectors.taxonomy(project))
    short = min(taxonomy, key=lambda s: len(s.label))
    long = max(taxonomy, key=lambda s: len(s.label))
    assert len(long.label) > 40
    reader = reader_on(window)
    ids = reader.respondent_ids()
    first, second = ids[0], ids[1]
    assert window.ctx.run(SetSector(first, short.key), "short sector")
    assert window.ctx.run(SetSector(second, long.key), "long sector")
    reader.show_respondent(first)
    QApplication.processEvents()
    total = sum(reader.splitter.sizes())
    narrow = reader.splitter.widget(1).minimumSizeHint().width() + 10
    reader.splitter.setSizes([total - narrow, narrow])  # the user's choice: a narrow side panel
    QApplication.processEvents()
    chosen = reader.splitter.sizes()
    assert abs(chosen[1] - narrow) <= 2  # (the splitter may round by a pixel)
    for respondent in (second, first, second):
        reader.show_respondent(respondent)
        QApplication.processEvents()
        assert long.label in reader.panel.sector.text() or respondent == first
        assert reader.splitter.sizes() == chosen, respondent
