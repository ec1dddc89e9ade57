"""The app's secondary text (captions, counts, notes, theme status) is readable: at least 4.5:1
against the backgrounds it sits on (WCAG 2.2 AA, 1.4.3), in the light palette."""

from __future__ import annotations

import pytest
from test_report_accessibility import contrast as _contrast

from consult_analyser.ui.widgets.theme_detail import STATUS_COLOURS


def contrast(a: str, b: str) -> float:
    return _contrast(a.lstrip("#"), b.lstrip("#"))  # (the report's colours are written without '#')


def test_muted_text_and_theme_status_are_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from consult_analyser.ui.app import apply_style

    monkeypatch.setenv("CONSULT_THEME", "light")
    app = QApplication.instance() or QApplication([])
    apply_style(app)
    palette = app.palette()
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    for background in (palette.color(QPalette.ColorRole.Window).name(), palette.color(QPalette.ColorRole.Base).name(),
                       palette.color(QPalette.ColorRole.AlternateBase).name()):
        assert contrast(muted, background) >= 4.5, (muted, background)
        for status, colour in STATUS_COLOURS.items():
            assert contrast(colour, background) >= 4.5, (status, colour, background)


def test_every_sector_has_a_colour_of_its_own() -> None:
    """The tenth sector ("Other public body") was drawn in the unclassified respondents' grey."""
    from consult_analyser.ui.widgets.charts import sector_colours

    keys = [f"sector_{i}" for i in range(12)]
    colours = sector_colours(keys)
    assert len({colours[k] for k in keys}) == 12
    assert colours["unclassified"] not in {colours[k] for k in keys}
