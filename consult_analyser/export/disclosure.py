"""Secondary suppression: which further cells of a table to withhold so that a small count hidden
as "<5" cannot be worked out from the totals printed beside it.

A count of 1 to ``threshold - 1`` is hidden (primary suppression). Where a line of a table (a row
or a column) also has its total published, the hidden cells' sum is known: one hidden cell in a
line is then its total minus the cells shown, and two hidden cells summing to 8 under a threshold
of 5 are both 4. A line is safe when every hidden cell could still take at least two values, given
that a primary cell is 1 to ``threshold - 1`` and a further withheld cell at least ``threshold``
(it would otherwise have been a primary); until it is, the smallest count shown in the line is
withheld too (marked "[c]"), and rows and columns are checked again until nothing changes."""

from __future__ import annotations

from collections.abc import Sequence

Cell = tuple[int, int]


def _safe(values: Sequence[int], hidden: Sequence[int], threshold: int, total: int) -> bool:
    """Whether each hidden cell of one line could take two or more values, its line total known."""
    if not hidden:
        return True
    bounds = [(1, threshold - 1) if 0 < values[i] < threshold else (threshold, max(threshold, total)) for i in hidden]
    known = sum(values[i] for i in hidden)  # what the total minus the cells shown gives away
    low_sum, high_sum = sum(b[0] for b in bounds), sum(b[1] for b in bounds)
    for low, high in bounds:
        least = max(low, known - (high_sum - high))
        most = min(high, known - (low_sum - low))
        if most - least < 1:
            return False
    return True


def withheld_cells(matrix: Sequence[Sequence[int]], threshold: int, *, row_totals: bool = True,
                   column_totals: bool = False) -> tuple[set[Cell], set[Cell]]:
    """(primary, secondary) cells to hide of ``matrix`` (rows of counts): primary are the small
    counts; secondary the further cells that keep them from being worked out, for a table whose row
    totals (and, with ``column_totals``, column totals) are published."""
    if threshold <= 1:
        return set(), set()
    primary = {(r, c) for r, row in enumerate(matrix) for c, v in enumerate(row) if 0 < v < threshold}
    hidden = set(primary)
    lines: list[list[Cell]] = []
    if row_totals:
        lines += [[(r, c) for c in range(len(row))] for r, row in enumerate(matrix)]
    if column_totals and matrix:
        lines += [[(r, c) for r in range(len(matrix)) if c < len(matrix[r])] for c in range(max(map(len, matrix)))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            values = [matrix[r][c] for r, c in line]
            positions = [i for i, cell in enumerate(line) if cell in hidden]
            if _safe(values, positions, threshold, sum(values)):
                continue
            shown = sorted((values[i], i) for i, cell in enumerate(line) if cell not in hidden and values[i] > 0)
            for _value, i in shown:  # the smallest counts shown first, until the line is safe
                hidden.add(line[i])
                changed = True
                positions.append(i)
                if _safe(values, positions, threshold, sum(values)):
                    break
    return primary, hidden - primary


def withheld_in_list(counts: Sequence[int], threshold: int) -> tuple[set[int], set[int]]:
    """(primary, secondary) positions to hide of a list of counts whose total is published (a
    table of answer options, of sectors)."""
    primary, secondary = withheld_cells([list(counts)], threshold)
    return {c for _, c in primary}, {c for _, c in secondary}
