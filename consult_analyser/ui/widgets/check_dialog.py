"""The dialog that shows a quality check's figures: paragraphs, a table, notes (sectors, suggestions)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget


def figures_html(before: Sequence[str], columns: Sequence[str], rows: Sequence[tuple[str, int, float, float]],
                 after: Sequence[str] = ()) -> str:
    """Rich text: the paragraphs, then a table (a label column, a count and two scores), then notes."""
    parts = [f"<p>{html.escape(p)}</p>" for p in before]
    if rows:
        head = "".join(f"<th align='{'left' if i == 0 else 'right'}'>{html.escape(c)}</th>"
                       for i, c in enumerate(columns))
        body = "".join(f"<tr><td>{html.escape(label)}</td><td align='right'>{n:,}</td>"
                       f"<td align='right'>{a:.2f}</td><td align='right'>{b:.2f}</td></tr>"
                       for label, n, a, b in rows)
        parts.append(f"<table cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>")
    parts += [f"<p>{html.escape(p)}</p>" for p in after]
    return "".join(parts)


def show_figures(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A non-blocking box with the figures (returned so a caller or test can read or close it)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Close, parent)
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 560px; }")  # the table needs the room
    box.open()
    return box
