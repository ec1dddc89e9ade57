"""The codebook: create, rename, recolour, describe, move, merge, delete, paths, CSV, themes; and
undo (apply / revert / apply) of every codebook operation."""

from __future__ import annotations

import pytest

from consult_analyser.actions import coding as ops
from consult_analyser.domain import Source, new_id, now_iso
from consult_analyser.store import codebook, codings, memos, suggestions
from consult_analyser.store.codebook import CodeInUse

TABLES = ("codes", "codings", "suggestions", "memos")


def snapshot(project) -> dict:
    """Every row of the coding tables, for exact before/after comparisons."""
    return {t: sorted(tuple(r) for r in project.query(f"SELECT * FROM {t}")) for t in TABLES}


def round_trip(project, op) -> None:
    """apply / revert / apply must land exactly on the same states."""
    before = snapshot(project)
    op.apply(project)
    after = snapshot(project)
    assert after != before
    op.revert(project)
    assert snapshot(project) == before
    op.apply(project)
    assert snapshot(project) == after


def answers(project) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in project.query("SELECT id, text FROM responses WHERE text != '' ORDER BY seq")]


def make(project, path: str):
    return codebook.ensure_path(project, path)[0]


def names(project, parent_id=None) -> list[str]:
    return [c.name for c in codebook.children(project, parent_id)]


# ------------------------------------------------------------------------------------------ create


def test_create_codes_in_order_with_palette_colours(project):
    a = codebook.create_code(project, "Funding", description=" Money matters ")
    b = codebook.create_code(project, "Schools")
    c = codebook.create_code(project, "Language", position=0)
    assert names(project) == ["Language", "Funding", "Schools"]
    assert [x.position for x in codebook.children(project, None)] == [0, 1, 2]
    assert a.description == "Money matters"
    assert a.colour != b.colour and c.colour.startswith("#")
    child = codebook.create_code(project, "Youth", parent_id=a.id, colour="#AABBCC")
    assert child.colour == "#aabbcc"
    assert codebook.code_path(project, child.id) == "Funding > Youth"
    assert [x.name for x in codebook.list_codes(project)] == ["Language", "Funding", "Youth", "Schools"]
    assert project.scalar("SELECT COUNT(*) FROM audit WHERE action = 'create_code'") == 4


@pytest.mark.parametrize("name, message", [("", "needs a name"), ("   ", "needs a name"),
                                           ("A > B", "cannot contain '>'")])
def test_create_rejects_bad_names(project, name, message):
    with pytest.raises(ValueError, match=message):
        codebook.create_code(project, name)


def test_sibling_names_are_unique_ignoring_case(project):
    parent = codebook.create_code(project, "Funding")
    codebook.create_code(project, "Other", parent_id=parent.id)
    codebook.create_code(project, "Other")  # a different level is fine
    with pytest.raises(ValueError, match="already a code named 'OTHER' under 'Funding'"):
        codebook.create_code(project, "OTHER", parent_id=parent.id)


def test_bad_colour_and_unknown_parent(project):
    with pytest.raises(ValueError, match="#rrggbb"):
        codebook.create_code(project, "X", colour="red")
    with pytest.raises(ValueError, match="no code with id"):
        codebook.create_code(project, "X", parent_id="nope")


def test_rename_recolour_describe(project):
    code = codebook.create_code(project, "Fundng")
    codebook.update_code(project, code.id, name="Funding", colour="#112233", description="Money")
    stored = codebook.get_code(project, code.id)
    assert (stored.name, stored.colour, stored.description) == ("Funding", "#112233", "Money")
    codebook.create_code(project, "Schools")
    with pytest.raises(ValueError, match="already a code named"):
        codebook.update_code(project, code.id, name="schools")
    with pytest.raises(ValueError, match="no code"):
        codebook.update_code(project, "missing", name="x")


def test_paths_and_find(project):
    youth = make(project, "Funding > Youth")
    make(project, "Schools > Youth")
    other = make(project, "Funding > Capital")
    assert codebook.find_code(project, "funding > youth").id == youth.id
    assert codebook.find_code(project, "Capital").id == other.id  # unique name anywhere
    assert codebook.find_code(project, "Youth") is None  # ambiguous
    assert codebook.find_code(project, "Nothing") is None
    assert codebook.find_code(project, "Funding > ") is None
    assert codebook.code_at_path(project, "Funding").name == "Funding"
    assert set(codebook.code_paths(project).values()) == {
        "Funding", "Funding > Youth", "Funding > Capital", "Schools", "Schools > Youth"}


# -------------------------------------------------------------------------------------------- move


def test_move_reparents_and_reorders(project):
    a, b, c = (codebook.create_code(project, n) for n in ("A", "B", "C"))
    codebook.move_codes(project, [c.id], None, 0)
    assert names(project) == ["C", "A", "B"]
    codebook.move_codes(project, [a.id, b.id], c.id)
    assert names(project) == ["C"] and names(project, c.id) == ["A", "B"]
    d = codebook.create_code(project, "D", parent_id=c.id)
    codebook.move_codes(project, [d.id], c.id, 1)
    assert names(project, c.id) == ["A", "D", "B"]
    codebook.move_codes(project, [b.id], None)
    assert names(project) == ["C", "B"]
    assert [x.position for x in codebook.children(project, c.id)] == [0, 1]


def test_move_refuses_cycles_and_clashes(project):
    top = make(project, "Top > Middle > Bottom")
    middle = codebook.code_at_path(project, "Top > Middle")
    root = codebook.code_at_path(project, "Top")
    with pytest.raises(ValueError, match="under itself"):
        codebook.move_codes(project, [root.id], root.id)
    with pytest.raises(ValueError, match="under itself or one of its sub-codes"):
        codebook.move_codes(project, [root.id], top.id)
    codebook.create_code(project, "Bottom")
    with pytest.raises(ValueError, match="already a code named 'Bottom'"):
        codebook.move_codes(project, [top.id], None)
    assert codebook.get_code(project, top.id).parent_id == middle.id


# ------------------------------------------------------------------------------------------- merge


def test_merge_moves_codings_and_collapses_duplicates(imported_project):
    project = imported_project
    (r1, t1), (r2, _t2) = answers(project)[:2]
    target = codebook.create_code(project, "Funding")
    source = codebook.create_code(project, "Money")
    other = codebook.create_code(project, "Cash")
    child = codebook.create_code(project, "Capital", parent_id=source.id)
    codings.add_coding(project, target.id, r1)
    codings.add_coding(project, source.id, r1)  # duplicate of the target's: collapses
    codings.add_coding(project, other.id, r1)  # duplicate again
    codings.add_coding(project, source.id, r1, coder="someone else")  # another coder: kept
    codings.add_coding(project, source.id, r1, 0, 5)  # a span: kept
    codings.add_coding(project, source.id, r2)
    memos.add_memo(project, "code", source.id, "why money")
    codebook.merge_codes(project, [source.id, other.id], target.id)
    assert codebook.get_code(project, source.id) is None and codebook.get_code(project, other.id) is None
    kept = codings.list_codings(project, code_id=target.id)
    assert {(c.response_id, c.start, c.coder) for c in kept} == {
        (r1, None, "tester"), (r1, None, "someone else"), (r1, 0, "tester"), (r2, None, "tester")}
    assert codebook.get_code(project, child.id).parent_id == target.id
    assert [m.text for m in memos.memos_for(project, "code", target.id)] == ["why money"]
    assert project.scalar("SELECT COUNT(*) FROM codings") == 4


def test_merge_children_with_the_same_name_merge_too(imported_project):
    project = imported_project
    rid = answers(project)[0][0]
    a_other = make(project, "A > Other")
    b_other = make(project, "B > Other")
    codings.add_coding(project, b_other.id, rid)
    codebook.merge_codes(project, [codebook.code_at_path(project, "B").id], codebook.code_at_path(project, "A").id)
    assert names(project) == ["A"] and names(project, codebook.code_at_path(project, "A").id) == ["Other"]
    assert [c.code_id for c in codings.list_codings(project)] == [a_other.id]


def test_merge_refuses_own_sub_code_and_unknown(project):
    child = make(project, "A > B")
    parent = codebook.code_at_path(project, "A")
    with pytest.raises(ValueError, match="own sub-codes"):
        codebook.merge_codes(project, [parent.id], child.id)
    with pytest.raises(ValueError, match="no code"):
        codebook.merge_codes(project, ["nope"], child.id)
    assert not codebook.merge_codes(project, [child.id], child.id)


def test_merge_keeps_accepted_suggestions_drops_the_rest(imported_project):
    project = imported_project
    (r1, _), (r2, _) = answers(project)[:2]
    q1 = project.scalar("SELECT question_id FROM responses WHERE id = ?", (r1,))
    q2 = project.scalar("SELECT question_id FROM responses WHERE id = ?", (r2,))
    target, source = codebook.create_code(project, "T"), codebook.create_code(project, "S")
    suggestions.replace_pending(project, q1, [(r1, source.id, 0.9)], "m 1")
    suggestions.replace_pending(project, q2, [(r2, source.id, 0.8)], "m 1")
    suggestions.accept(project, r1, source.id)
    codebook.merge_codes(project, [source.id], target.id)
    left = suggestions.list_suggestions(project, status=None)
    assert [(s.response_id, s.code_id, s.status) for s in left] == [(r1, target.id, "accepted")]


# ------------------------------------------------------------------------------------------ delete


def test_delete_guard_force_and_children(imported_project):
    project = imported_project
    rid = answers(project)[0][0]
    parent = make(project, "Funding")
    codebook.create_code(project, "Before")
    codebook.move_codes(project, [codebook.code_at_path(project, "Before").id], None, 0)
    kids = [codebook.create_code(project, n, parent_id=parent.id) for n in ("Youth", "Capital")]
    codebook.create_code(project, "After")
    codings.add_coding(project, parent.id, rid)
    memos.add_memo(project, "code", parent.id, "note")
    with pytest.raises(CodeInUse, match="applied 1 time") as info:
        codebook.delete_codes(project, [parent.id])
    assert info.value.codings == 1
    codebook.delete_codes(project, [parent.id], force=True)
    assert names(project) == ["Before", "Youth", "Capital", "After"]  # children take its place
    assert not codings.list_codings(project) and not memos.list_memos(project)
    codebook.delete_codes(project, [k.id for k in kids])
    assert names(project) == ["Before", "After"]


def test_delete_with_children_and_nested_selection(imported_project):
    project = imported_project
    rid = answers(project)[0][0]
    leaf = make(project, "A > B > C")
    codings.add_coding(project, leaf.id, rid)
    a = codebook.code_at_path(project, "A")
    with pytest.raises(CodeInUse):
        codebook.delete_codes(project, [a.id], with_children=True)
    codebook.delete_codes(project, [a.id], with_children=True, force=True)
    assert codebook.list_codes(project) == [] and codings.list_codings(project) == []
    # Deleting a parent and its child together (without with_children) lifts the grandchild up.
    grandchild = make(project, "X > Y > Z")
    x, y = codebook.code_at_path(project, "X"), codebook.code_at_path(project, "X > Y")
    codebook.delete_codes(project, [y.id, x.id])
    assert [c.id for c in codebook.list_codes(project)] == [grandchild.id]
    assert codebook.get_code(project, grandchild.id).parent_id is None


# ------------------------------------------------------------------------------------- CSV and themes


def test_codebook_csv_round_trip(project, tmp_path):
    make(project, "Funding > Youth")
    codebook.update_code(project, codebook.find_code(project, "Youth").id, description="Youth clubs, sport")
    make(project, "Schools")
    path = tmp_path / "codebook.csv"
    assert ops.write_codebook_csv(project, path) == 3
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "path,description,colour"
    assert '"Youth clubs, sport"' in text
    other = project.__class__.create(tmp_path / "other.consult")
    try:
        op = ops.ImportCodebook.from_csv(path)
        op.apply(other)
        assert (op.created, op.updated) == (3, 0)
        assert codebook.codebook_rows(other) == codebook.codebook_rows(project)
        again = ops.ImportCodebook.from_csv(path)
        again.apply(other)
        assert (again.created, again.updated) == (0, 0)
    finally:
        other.close()


def test_codebook_import_updates_and_is_all_or_nothing(project):
    make(project, "Funding")
    created, updated = codebook.import_rows(project, [
        {"path": "Funding", "description": "Money", "colour": ""},
        {"path": "Funding > Youth > Sport", "description": "", "colour": "#00ff00"}])
    assert (created, updated) == (1, 1)
    assert codebook.find_code(project, "Funding").description == "Money"
    assert codebook.find_code(project, "Sport").colour == "#00ff00"
    before = snapshot(project)
    with pytest.raises(ValueError, match="row 2: colours are written"):
        codebook.import_rows(project, [{"path": "New"}, {"path": "Bad", "colour": "blue"}])
    with pytest.raises(ValueError, match="row 1: empty code name"):
        codebook.import_rows(project, [{"path": "A >  > B"}])
    assert snapshot(project) == before


def add_theme(project, question_key: str, label: str, response_ids: list[str], *, status: str = "candidate",
              source: str = "model") -> str:
    """Insert a theme and its assignments (the themes store is written elsewhere)."""
    qid = project.scalar("SELECT id FROM questions WHERE key = ?", (question_key,))
    theme_id = new_id()
    with project.transaction() as conn:
        conn.execute("INSERT INTO themes(id, question_id, label, description, status, model, created_at, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, 'bertopic 0.17', ?, ?)",
                     (theme_id, qid, label, f"About {label.lower()}", status, now_iso(), now_iso()))
        conn.executemany("INSERT INTO theme_assignments(theme_id, response_id, confidence, source) VALUES (?,?,?,?)",
                         [(theme_id, r, 0.75, source) for r in response_ids])
    return theme_id


def test_code_from_theme(imported_project):
    project = imported_project
    q1 = [r for r, _ in answers(project)][:3]
    theme = add_theme(project, "Q1", "Community > mixing", q1[:2])
    code = codings.code_from_theme(project, theme)
    assert code.name == "Community - mixing" and code.description == "About community > mixing"
    made = codings.list_codings(project, code_id=code.id)
    assert {c.response_id for c in made} == set(q1[:2])
    assert {(c.source, c.coder, c.confidence) for c in made} == {(Source.MODEL, "bertopic 0.17", 0.75)}
    person = add_theme(project, "Q1", "Community > mixing", q1[2:], status="signed_off", source="analyst")
    second = codings.code_from_theme(project, person)
    assert second.name == "Community - mixing (Q1)"
    assert {c.source for c in codings.list_codings(project, code_id=second.id)} == {Source.IMPORTED}
    with pytest.raises(ValueError, match="no theme"):
        codings.code_from_theme(project, "missing")
    # made again (a second click): the same code, no second one, its codings not doubled
    codes_before = project.scalar("SELECT COUNT(*) FROM codes")
    assert codings.code_from_theme(project, theme).id == code.id
    assert project.scalar("SELECT COUNT(*) FROM codes") == codes_before
    assert len(codings.list_codings(project, code_id=code.id)) == 2
    codebook.delete_codes(project, [code.id], force=True)  # once its code is gone, making one makes a new one
    round_trip(project, ops.CodeFromTheme(theme))
    assert codebook.find_code(project, "Community - mixing") is not None


# --------------------------------------------------------------------------------------------- undo


def test_undo_create_rename_recolour_describe(project):
    create = ops.CreateCode("Funding", description="Money")
    round_trip(project, create)
    code_id = create.code.id
    round_trip(project, ops.RenameCode(code_id, "Finance"))
    round_trip(project, ops.RecolourCode(code_id, "#010203"))
    round_trip(project, ops.DescribeCode(code_id, "Money, grants"))
    round_trip(project, ops.UpdateCode(code_id, name="Money", colour="#0000ff"))
    assert codebook.get_code(project, code_id).name == "Money"
    assert create.label == "Create code"


def test_undo_move_merge_delete(imported_project):
    project = imported_project
    rid = answers(project)[0][0]
    a, b, c = (make(project, n) for n in ("A", "B", "C"))
    child = codebook.create_code(project, "Child", parent_id=b.id)
    codings.add_coding(project, a.id, rid)
    codings.add_coding(project, b.id, rid)
    codings.add_coding(project, child.id, rid, 0, 4)
    memos.add_memo(project, "code", b.id, "memo on B")
    round_trip(project, ops.MoveCode(c.id, None, 0))
    round_trip(project, ops.MoveCodes([a.id, b.id], c.id, 0))
    round_trip(project, ops.MergeCodes([b.id], a.id))
    round_trip(project, ops.DeleteCode(a.id, force=True))
    round_trip(project, ops.DeleteCodes([c.id], force=True, with_children=True))
    assert codebook.list_codes(project) == []


def test_undo_import_codebook(project):
    round_trip(project, ops.ImportCodebook([{"path": "A > B", "description": "d", "colour": ""}]))


def test_failed_operation_changes_nothing_and_can_be_retried(project):
    code = codebook.create_code(project, "A")
    op = ops.MoveCode(code.id, code.id)
    before = snapshot(project)
    with pytest.raises(ValueError):
        op.apply(project)
    assert snapshot(project) == before and not op.applied
    with pytest.raises(RuntimeError, match="not applied"):
        op.revert(project)
    done = ops.CreateCode("B")
    done.apply(project)
    with pytest.raises(RuntimeError, match="already applied"):
        done.apply(project)


def test_undo_and_redo_write_audit_rows(project):
    op = ops.CreateCode("A")
    op.apply(project)
    op.revert(project)
    op.apply(project)
    actions = [r[0] for r in project.query("SELECT action FROM audit ORDER BY seq")][-3:]
    assert actions == ["create_code", "undo", "redo"]


def test_a_codebook_with_a_parent_column_and_one_giving_a_code_twice(tmp_path):
    """A hostile-input trial's "name, parent" codebook was imported flat, its cycle never seen; and "Parking",
    "parking" and " Parking " in one file each updated the same code, the last description winning."""
    import pytest

    from consult_analyser.actions.coding import ImportCodebook
    from consult_analyser.errors import IngestError

    nested = tmp_path / "nested.csv"
    nested.write_text("name,parent,description\nSafety,,Road safety\nParking,Safety,Charges\nFines,Parking,Tickets\n",
                      encoding="utf-8")
    assert [r["path"] for r in ImportCodebook.from_csv(nested).rows] == [
        "Safety", "Safety > Parking", "Safety > Parking > Fines"]
    circle = tmp_path / "circle.csv"
    circle.write_text("name,parent\nA,C\nB,A\nC,B\n", encoding="utf-8")
    with pytest.raises(IngestError, match="goes round in a circle"):
        ImportCodebook.from_csv(circle)
    twice = tmp_path / "twice.csv"
    twice.write_text("path,description\nParking,one\nparking,two\n", encoding="utf-8")
    with pytest.raises(IngestError, match="rows 2 and 3 both give the code 'parking'"):
        ImportCodebook.from_csv(twice)
