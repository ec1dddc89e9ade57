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

from collections.abc import Sequence, Set

Cell = tuple[int, int]


def _safe(values: Sequence[int], hidden: Sequence[int], threshold: int, total: int, uniform: bool = False) -> bool:
    """Whether each hidden cell of one line could take two or more values, its line total known."""
    if not hidden:
        return True
    bounds = [(0, max(1, total)) if uniform else (1, threshold - 1) if 0 < values[i] < threshold
              else (threshold, max(threshold, total)) for i in hidden]
    known = sum(values[i] for i in hidden)  # what the total minus the cells shown gives away
    low_sum, high_sum = sum(b[0] for b in bounds), sum(b[1] for b in bounds)
    for low, high in bounds:
        least = max(low, known - (high_sum - high))
        most = min(high, known - (low_sum - low))
        if most - least < 1:
            return False
    return True


def _table_lines(matrix: Sequence[Sequence[int]], row_totals: bool | set[int],
                 column_totals: bool | set[int], grand: bool = False) -> list[tuple[str, int, list[Cell]]]:
    """The lines whose totals are published: every row (column) for True, those numbered for a set;
    with ``grand`` (the table's grand total is published) also the rows (columns) whose own totals
    are not, together: their sum is the grand total less the others'."""
    lines: list[tuple[str, int, list[Cell]]] = []
    width = max(map(len, matrix)) if matrix else 0
    if row_totals:
        lines += [("row", r, [(r, c) for c in range(len(row))]) for r, row in enumerate(matrix)
                  if row_totals is True or r in row_totals]
    if column_totals and matrix:
        lines += [("column", c, [(r, c) for r in range(len(matrix)) if c < len(matrix[r])])
                  for c in range(width) if column_totals is True or c in column_totals]
    if grand:
        rest = [r for r in range(len(matrix)) if not (row_totals is True or (row_totals and r in row_totals))]
        if 0 < len(rest) < len(matrix):
            lines.append(("rows", -1, [(r, c) for r in rest for c in range(len(matrix[r]))]))
        rest = [c for c in range(width) if not (column_totals is True or (column_totals and c in column_totals))]
        if 0 < len(rest) < width:
            lines.append(("columns", -1, [(r, c) for r in range(len(matrix)) for c in rest if c < len(matrix[r])]))
    return lines


def withheld_cells(matrix: Sequence[Sequence[int]], threshold: int, *, row_totals: bool | set[int] = True,
                   column_totals: bool | set[int] = False, also: Set[Cell] = frozenset(),
                   grand: bool = False, ranges: Sequence[Range] = (), uniform: bool = False,
                   safe: set[Cell] | None = None) -> tuple[set[Cell], set[Cell]]:
    """(primary, secondary) cells to hide of ``matrix`` (rows of counts): primary are the small
    counts; secondary the further cells that keep them from being worked out, for a table whose row
    totals (and column totals) are published: all of them (True), or those numbered (a set: the
    others are shown as small or withheld themselves)."""
    if threshold <= 1:
        return set(), set()
    primary = {(r, c) for r, row in enumerate(matrix) for c, v in enumerate(row) if 0 < v < threshold}
    hidden = primary | set(also)  # ``also``: cells withheld already, for a reason of their own
    lines = [line for _, _, line in _table_lines(matrix, row_totals, column_totals, grand)]
    while True:
        _lines_safe(matrix, lines, hidden, threshold, uniform)
        # rows and columns read together can pin a count that each gives away alone ("Q13 answers":
        # two 1s and a [c] 6 in one row, the columns' totals around them): widen where that happens
        exposed = _pinned(matrix, lines, hidden, primary, threshold, ranges, uniform, safe) \
            if column_totals or grand else []
        more = [c for c in (_widen(matrix, lines, hidden, cell, uniform) for cell in exposed) if c is not None]
        if not more:
            break
        hidden.update(more)
    return primary, hidden - primary


def _lines_safe(matrix: Sequence[Sequence[int]], lines: list[list[Cell]], hidden: set[Cell], threshold: int,
                uniform: bool = False) -> None:
    """Withhold the smallest counts shown in each line until every line is safe on its own."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            values = [matrix[r][c] for r, c in line]
            positions = [i for i, cell in enumerate(line) if cell in hidden]
            if _safe(values, positions, threshold, sum(values), uniform):
                continue
            # the smallest counts shown first; in a table that marks every withheld count alike, a nought
            # last of all (there "[c]" may be nought)
            shown = sorted((values[i], i) for i, cell in enumerate(line) if cell not in hidden and values[i] > 0) + (
                [(0, i) for i, cell in enumerate(line) if cell not in hidden and values[i] == 0] if uniform else [])
            for _value, i in shown:  # the smallest counts shown first, until the line is safe
                hidden.add(line[i])
                changed = True
                positions.append(i)
                if _safe(values, positions, threshold, sum(values), uniform):
                    break


#: a line whose total is not published but known to lie in a range (a margin shown "<5" or "[c]")
Range = tuple[list[Cell], float, float]


def _pinned(matrix: Sequence[Sequence[int]], lines: list[list[Cell]], hidden: set[Cell], primary: set[Cell],
            threshold: int, ranges: Sequence[Range] = (), uniform: bool = False,
            safe: set[Cell] | None = None) -> list[Cell]:
    """The small counts that every line's total, read together, pins to one value: each hidden count's
    least and greatest value by linear programming (a primary is 1 to ``threshold - 1``, a further
    withheld count at least ``threshold``; a withheld margin's line lies in its range)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    cells = sorted(hidden)
    if not cells:
        return []
    index = {cell: i for i, cell in enumerate(cells)}

    def indicator(line: list[Cell]) -> list[float] | None:  # the line's hidden cells as a constraint's row
        row = [0.0] * len(cells)
        for cell in line:
            if cell in index:
                row[index[cell]] = 1.0
        return row if any(row) else None

    rows, sums = [], []
    for line in lines:
        if (row := indicator(line)) is not None:
            rows.append(row)
            sums.append(float(sum(matrix[r][c] for r, c in line if (r, c) in index)))
    top = float(max((sum(row) for row in matrix), default=0) or threshold)
    bounds = [(0.0, max(top, 1.0)) if uniform else (1.0, threshold - 1.0) if cell in primary
              else (float(threshold), max(top, float(threshold))) for cell in cells]
    upper, limits = [], []  # low <= sum of the range's hidden cells + its shown ones <= high
    for line, least, most in ranges:
        if (row := indicator(line)) is None:
            continue
        shown = float(sum(matrix[r][c] for r, c in line if (r, c) not in index))
        upper.append([-v for v in row])
        limits.append(shown - least)
        if most != float("inf"):
            upper.append(row)
            limits.append(most - shown)
    constraints = []
    if rows:
        constraints.append(LinearConstraint(np.array(rows), np.array(sums), np.array(sums)))
    if upper:
        constraints.append(LinearConstraint(np.array(upper), -np.inf, np.array(limits)))
    whole = np.ones(len(cells))  # counts are whole numbers: a reader solves in integers
    lows, highs = np.array([b[0] for b in bounds]), np.array([b[1] for b in bounds])
    nothing = np.zeros(len(cells))

    def possible(i: int, least: float, most: float) -> bool:  # a whole-number solution with cell i in [least, most]
        if least > most:
            return False
        low, high = lows.copy(), highs.copy()
        low[i], high[i] = max(low[i], least), min(high[i], most)
        return low[i] <= high[i] and milp(nothing, constraints=constraints, integrality=whole,
                                           bounds=Bounds(low, high)).status == 0

    pinned = []
    for cell in sorted(primary):
        if safe is not None and cell in safe:
            continue
        i, value = index[cell], matrix[cell[0]][cell[1]]
        # another value than the true one fits what is published: the count is not given away
        if possible(i, lows[i], value - 1) or possible(i, value + 1, highs[i]):
            if safe is not None:
                safe.add(cell)  # (what is published only loosens from here: it stays so)
        else:
            pinned.append(cell)
    return pinned


def _widen(matrix: Sequence[Sequence[int]], lines: list[list[Cell]], hidden: set[Cell], cell: Cell,
           uniform: bool = False) -> Cell | None:
    """The smallest count shown in a line through ``cell`` (to withhold as well; a nought only where
    every withheld count is marked alike), or None."""
    shown = [(matrix[r][c], (r, c)) for line in lines if cell in line for r, c in line
             if (r, c) not in hidden and (matrix[r][c] > 0 or uniform)]
    return min(shown)[1] if shown else None


def exposed_lines(matrix: Sequence[Sequence[int]], threshold: int, hidden: set[Cell], *,
                  row_totals: bool | set[int] = True, column_totals: bool | set[int] = False,
                  grand: bool = False, ranges: Sequence[Range] = (), uniform: bool = False,
                  safe: set[Cell] | None = None, fixed_columns: bool = False) -> tuple[set[int], set[int]]:
    """The rows (and columns) whose published totals must be withheld too because, with ``hidden``
    withheld, they would still give a small count away (nothing shown is left to withhold with it:
    "6 = [c] + <5 + 0"): dropped one by one (a row first) until no small count is pinned. Each round
    drops a row's or a column's total, so it ends. ``fixed_columns``: the columns' totals are published
    whatever happens (a closed question's one-way counts): only rows' totals are dropped."""
    primary = {(r, c) for r, row in enumerate(matrix) for c, v in enumerate(row) if 0 < v < threshold}
    width = max(map(len, matrix)) if matrix else 0
    rows: set[int] = set()
    columns: set[int] = set()
    while primary:
        lines = _table_lines(matrix, _known(row_totals, len(matrix), rows), _known(column_totals, width, columns),
                             grand)
        own = sorted(((kind, number, line) for kind, number, line in lines
                      if kind == "row" or (kind == "column" and not fixed_columns)),
                     key=lambda x: x[0] != "row")  # (a row's total first)
        unsafe = {(kind, number) for kind, number, line in own if any(cell in primary for cell in line)
                  and not _safe([matrix[r][c] for r, c in line], [i for i, cell in enumerate(line) if cell in hidden],
                                threshold, sum(matrix[r][c] for r, c in line), uniform)}
        if not unsafe:  # for each count that all the lines read together pin, its row's total (else its column's)
            pinned = _pinned(matrix, [line for _, _, line in lines], hidden, primary, threshold, ranges, uniform, safe)
            unsafe = {next((kind, number) for kind, number, line in own if cell in line)
                      for cell in pinned if any(cell in line for _, _, line in own)}
        if not unsafe:
            break
        for kind, number in unsafe:
            (rows if kind == "row" else columns).add(number)
    return rows, columns


def _known(totals: bool | set[int], size: int, dropped: set[int]) -> set[int]:
    """The lines (of ``size``) whose totals are published, less those ``dropped``."""
    numbers = set(range(size)) if totals is True else set(totals or ())
    return numbers - dropped


def withheld_in_list(counts: Sequence[int], threshold: int, also: Set[int] = frozenset(),
                     uniform: bool = False) -> tuple[set[int], set[int]]:
    """(primary, secondary) positions to hide of a list of counts whose total is published (a
    table of answer options, of sectors), ``also`` being withheld already; ``uniform``: the list
    marks every withheld count alike (a nought may be one)."""
    primary, secondary = withheld_cells([list(counts)], threshold, also={(0, c) for c in also}, uniform=uniform)
    return {c for _, c in primary}, {c for _, c in secondary}


def protect_table(matrix: Sequence[Sequence[int]], threshold: int, sizes: Sequence[int], counts: Sequence[int], *,
                  exact: bool = True, uniform: bool = True,
                  counts_published: bool = False) -> tuple[set[Cell], set[int], set[int]]:
    """A table of counts by group and answer published with its margins (each group's size, each
    answer's count, the grand total): the further cells, group sizes and answer counts to withhold
    so that no small count (in the table or its margins) can be worked out from what is shown,
    rows, columns and margins read together. ``exact``: the cells add up to their margins (one answer
    each; with several, the margins tell no cell's count and only the small ones are withheld).
    ``uniform``: the table marks every count it withholds alike ("[c]", small, nought or not), so a
    reader knows nothing of each but the totals. ``counts_published``: the answers' counts are
    published in full (a closed question's one-way table: no attribute beside them), so none is
    withheld and the cells are withheld instead. Returns (cells withheld beyond the small ones, rows
    whose size is withheld, columns whose count is)."""
    if threshold <= 1 or not matrix:
        return set(), set(), set()
    hidden_rows = _with_list(sizes, threshold, set())
    hidden_columns = set() if counts_published else _with_list(counts, threshold, set())
    cells: set[Cell] = set()
    safe: set[Cell] = set()  # small counts shown not to be given away (each round only loosens what is known)
    for _ in range(20):  # each round only withholds more: it ends
        known_rows = set(range(len(sizes))) - hidden_rows if exact else set()
        known_columns = set(range(len(counts))) - hidden_columns if exact else set()
        ranges = [(line, *_margin(total, threshold)) for kind, number, line in
                  _table_lines(matrix, hidden_rows, hidden_columns)
                  for total in [sizes[number] if kind == "row" else counts[number]]] if exact else []
        primary, secondary = withheld_cells(matrix, threshold, row_totals=known_rows or False,
                                            column_totals=known_columns or False, also=cells, grand=exact,
                                            ranges=ranges, uniform=uniform, safe=safe)
        cells = secondary
        open_rows, open_columns = exposed_lines(matrix, threshold, primary | cells, row_totals=known_rows or False,
                                                column_totals=known_columns or False, grand=exact, ranges=ranges,
                                                uniform=uniform, safe=safe, fixed_columns=counts_published)
        rows = _with_list(sizes, threshold, hidden_rows | open_rows)
        columns = set() if counts_published else _with_list(counts, threshold, hidden_columns | open_columns)
        if rows == hidden_rows and columns == hidden_columns:
            break
        hidden_rows, hidden_columns = rows, columns
    return cells, hidden_rows, hidden_columns


def _margin(total: int, threshold: int) -> tuple[float, float]:
    """What a reader knows of a withheld margin: 1 to ``threshold - 1`` ("<5"), else at least ``threshold``."""
    return (1.0, threshold - 1.0) if 0 < total < threshold else (float(threshold), float("inf"))


def _with_list(counts: Sequence[int], threshold: int, hidden: set[int]) -> set[int]:
    """``hidden`` and what withholding it asks for beside the list's published total."""
    primary, secondary = withheld_in_list(counts, threshold, hidden)
    return primary | secondary


def withheld_by_group(matrix: Sequence[Sequence[int]], sizes: Sequence[int], totals: Sequence[int], threshold: int,
                      *, rest: int = 0, exact: bool = True) -> tuple[set[int], set[Cell]]:
    """A cross-tabulation of themes (rows) by group (columns: a side of a closed answer, a choice, a
    value of a detail) whose groups' sizes (``sizes``) and themes' counts (``totals``) are published in
    full: (the groups too small to show shares of, the cells to withhold).

    One rule for every count: the one-way counts (how many chose each option, how many raised each
    theme) are shown whole; a group of fewer than ``threshold`` gets no per-theme figure at all (its
    column is left out); in a group shown, a count below ``threshold`` is withheld, and so is the
    smallest count shown beside it where the theme's count, read with the others, would give a withheld
    one back. ``rest``: respondents counted in a theme's total but in no column (no closed answer), whose
    number per theme is not published; ``exact``: each respondent is in one column (a question with
    several options ticked has no row that adds up, and only the small counts are withheld)."""
    if threshold <= 1:
        return set(), set()
    small = {c for c, n in enumerate(sizes) if 0 < n < threshold}
    cells: set[Cell] = set()
    for r, row in enumerate(matrix):
        hidden = {c for c, v in enumerate(row) if c in small or 0 < v < threshold}
        if exact:
            while not _row_safe(row, hidden, small, sizes, totals[r], threshold, rest):
                shown = sorted((v, c) for c, v in enumerate(row) if c not in hidden and v > 0)
                if not shown:
                    break
                hidden.add(shown[0][1])
        cells |= {(r, c) for c in hidden}
    return small, cells


def _row_safe(row: Sequence[int], hidden: set[int], small: set[int], sizes: Sequence[int], total: int,
              threshold: int, rest: int) -> bool:
    """Whether every count withheld in one theme's row that a reader must not learn (a small one, or any of
    a group too small to show, not nought) could still take two values, given the theme's total, what a
    reader knows of each withheld count (a small group's at most its size; a small count 1 to
    ``threshold - 1``; another at least ``threshold``) and the respondents in no column (0 to ``rest``)."""
    columns = sorted(hidden)
    bounds = [(0, sizes[c]) if c in small else (1, threshold - 1) if 0 < row[c] < threshold else
              (threshold, max(threshold, total)) for c in columns]
    if rest:
        bounds.append((0, min(rest, total)))
    known = total - sum(v for c, v in enumerate(row) if c not in hidden)
    low_sum, high_sum = sum(b[0] for b in bounds), sum(b[1] for b in bounds)
    for (low, high), c in zip(bounds, columns, strict=False):  # (the rest itself needs no protecting)
        if row[c] <= 0 or not (c in small or row[c] < threshold):
            continue
        least, most = max(low, known - (high_sum - high)), min(high, known - (low_sum - low))
        if most - least < 1:
            return False
    return True
