"""The Codebook view's Import codebook reads what `codebook --import` reads: its file dialog listed only
*.csv *.xlsx, so a REFI-QDA codebook (.qdc) or a .qdpx project could not be picked without "All files"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from consult_analyser.export.refi_qda import export_codebook
from consult_analyser.store import codebook
from consult_analyser.store.project import Project


def test_import_codebook_offers_and_reads_refi_qda_files(window, qtbot, project_of, tmp_path: Path,
                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.consult"
    with Project.create(other, actor="lead") as project:
        codebook.import_rows(project, [{"path": "Cost", "description": "Money", "colour": "#e15759"},
                                       {"path": "Cost > Fares"}])
        qdc = tmp_path / "codebook.qdc"
        export_codebook(project, qdc)
    asked: list[str] = []

    def pick(parent, caption, folder, filters, *rest, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(filters)
        return str(qdc), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    view = window.show_view("codebook")
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Import codebook…")
    assert ".qdc" in button.toolTip() and ".qdpx" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    first, *others = asked[0].split(";;")
    assert all(f"*.{ext}" in first for ext in ("csv", "xlsx", "qdc", "qdpx"))  # the filter shown first
    assert any("REFI-QDA" in f and "*.qdc" in f and "*.qdpx" in f for f in others)
    cost = codebook.code_at_path(project_of, "Cost")
    assert cost is not None and cost.description == "Money"  # the .qdc's codes, read as codebook --import reads them
    assert codebook.code_at_path(project_of, "Cost > Fares") is not None


def test_a_damaged_codebook_file_is_said_as_it_is_not_as_a_crash(window, qtbot, project_of, tmp_path: Path,
                                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "codebook.qdc"
    bad.write_bytes(b"\x00\x01 not xml at all")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    before = len(codebook.all_codes(project_of)) if hasattr(codebook, "all_codes") else None
    view = window.show_view("codebook")
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Import codebook…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shown and shown[0].startswith("Nothing was imported: ") and "codebook.qdc" in shown[0]
    assert "Error" not in shown[0].split(":", 1)[1].split()[0]  # no exception class name
    if before is not None:
        assert len(codebook.all_codes(project_of)) == before
