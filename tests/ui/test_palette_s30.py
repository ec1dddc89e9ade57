"""The Ctrl+K quick picker's ranking: the code whose whole name (or path) was typed comes first, so that
Enter applies it (a trial's "fairness" + Enter applied "ensures_fairness"; "unaware" put the top-level
code fourth), and "+ Create code" is never offered for a code that exists."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from consult_analyser.domain import Code
from consult_analyser.ui.widgets.code_picker import (
    CodeRole,
    CreateRole,
    QuickCodePicker,
    exists_exactly,
    match_rank,
    rank_codes,
)


def _book(*paths: str) -> tuple[list[Code], dict[str, str]]:
    """Codes for these paths ("parent > child"), parents made as needed, in the order given."""
    codes: list[Code] = []
    by_path: dict[str, Code] = {}
    for path in paths:
        parts = [p.strip() for p in path.split(">")]
        for depth in range(1, len(parts) + 1):
            key = " > ".join(parts[:depth])
            if key not in by_path:
                parent = by_path.get(" > ".join(parts[:depth - 1]))
                code = Code(parts[depth - 1], parent_id=parent.id if parent else None, id=f"c{len(codes)}")
                by_path[key] = code
                codes.append(code)
    return codes, {c.id: p for p, c in by_path.items()}


def _names(query: str, codes: list[Code], paths: dict[str, str], recent: tuple[str, ...] = ()) -> list[str]:
    return [paths[c.id] for c in rank_codes(query, codes, paths, recent)]


TRIAL = ("ensures_fairness", "fairness", "harmful_to_students > fairness_concerns", "test_fairness",
         "don't_know > unaware", "lack_of_concern > unaware_of_risks", "lack_of_concern > unaware_of_rules",
         "unaware", "only_option_available > on_blackboard")


def test_an_exact_name_comes_before_names_that_only_contain_it() -> None:
    codes, paths = _book(*TRIAL)
    assert _names("fairness", codes, paths) == [
        "fairness", "harmful_to_students > fairness_concerns", "test_fairness", "ensures_fairness"]  # shorter first
    ranked = _names("unaware", codes, paths)
    assert ranked[:2] == ["unaware", "don't_know > unaware"]  # exact names, the top-level one first
    assert set(ranked[2:]) == {"lack_of_concern > unaware_of_risks", "lack_of_concern > unaware_of_rules"}


def test_ranks_exact_prefix_word_start_substring() -> None:
    assert match_rank("fairness", "fairness", "fairness") == 0
    assert match_rank("Fairness ", "fairness", "fairness") == 0  # case and spaces do not count
    assert match_rank("test fairness", "test_fairness", "test_fairness") == 0  # "_" and a space alike
    assert match_rank("harmful to students>fairness_concerns", "fairness_concerns",
                      "harmful_to_students > fairness_concerns") == 0  # the full path
    assert match_rank("fair", "fairness_concerns", "harmful_to_students > fairness_concerns") == 1
    assert match_rank("fair", "ensures_fairness", "ensures_fairness") == 2  # after "_"
    assert match_rank("students", "x", "harmful_to_students > x") == 2
    assert match_rank("airness", "fairness", "fairness") == 3
    assert match_rank("unrelated", "fairness", "fairness") is None


def test_within_a_rank_shorter_then_recently_used_then_codebook_order() -> None:
    codes, paths = _book("alpha_one", "alpha_two", "a > alpha_three")
    assert _names("alpha", codes, paths) == ["alpha_one", "alpha_two", "a > alpha_three"]
    two = next(c.id for c in codes if c.name == "alpha_two")
    assert _names("alpha", codes, paths, (two,)) == ["alpha_two", "alpha_one", "a > alpha_three"]
    assert _names("", codes, paths) == [paths[c.id] for c in codes]  # no query: codebook order


def test_create_is_offered_only_for_a_code_that_does_not_exist() -> None:
    codes, paths = _book(*TRIAL)
    assert exists_exactly("Fairness", codes, paths)
    assert exists_exactly("only_option_available > on_blackboard", codes, paths)  # by its path
    assert exists_exactly("only option available>on blackboard", codes, paths)
    assert not exists_exactly("fair", codes, paths)
    assert not exists_exactly("  ", codes, paths)


@pytest.fixture
def picker(qtbot):  # type: ignore[no-untyped-def]
    from consult_analyser.ui.app import make_app

    make_app()
    QuickCodePicker.recent.clear()
    codes, paths = _book(*TRIAL)
    widget = QuickCodePicker(codes, paths)
    qtbot.addWidget(widget)
    yield widget
    QuickCodePicker.recent.clear()


def _rows(picker: QuickCodePicker) -> list[str]:
    return [picker.list.item(i).text() for i in range(picker.list.count())]


def test_typing_a_whole_name_and_enter_applies_that_code(picker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.show()
    qtbot.keyClicks(picker.edit, "fairness")
    assert _rows(picker)[:2] == ["fairness", "harmful_to_students > fairness_concerns"]
    assert not any(picker.list.item(i).data(CreateRole) for i in range(picker.list.count()))
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.chosen_code == next(c.id for c in picker.codes if c.name == "fairness")
    assert QuickCodePicker.recent[0] == picker.chosen_code


def test_the_top_level_code_first_and_no_create_for_an_existing_path(picker) -> None:  # type: ignore[no-untyped-def]
    picker.edit.setText("unaware")
    assert picker.list.currentItem().text() == "unaware"
    picker.edit.setText("only_option_available > on_blackboard")
    assert _rows(picker) == ["only_option_available > on_blackboard"]  # no "+ Create code" for it
    picker.edit.setText("on_blackboard_new")
    assert picker.list.item(picker.list.count() - 1).data(CreateRole) == "on_blackboard_new"
    assert picker.list.item(0).data(CodeRole) is None  # nothing matches: only the offer to create it
