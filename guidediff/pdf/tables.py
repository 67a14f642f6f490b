"""Ruled tables: cells read from the grid their border rules draw.

Word draws table borders as thin filled rectangles. Where thin vertical rules
at three or more x positions share a vertical extent, there is a table with
columns between them; thin horizontal rules inside it separate its rows. Text
inside the grid is read cell by cell, so a two-column row reads "Page 47 |
Para 169 - 170 information added…" instead of interleaving the columns.
A single ruled or shaded box (one column) is not a table: its text stays prose.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from guidediff.pdf.content import Rule, TextRun
from guidediff.pdf.lines import Line
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions


@dataclass(frozen=True, slots=True)
class TableRow:
    top: float  # y of the row's upper border
    cells: tuple[str, ...]
    lines: tuple[Line, ...]
    table: int = 0  # which table of its page the row belongs to (ruled tables first, then unruled ones)


@dataclass(frozen=True, slots=True)
class _Region:
    x0: float
    x1: float
    y0: float
    y1: float
    columns: tuple[float, ...]  # border x positions, left to right
    rows: tuple[float, ...]  # border y positions, top to bottom
    borders: tuple[tuple[float, float, float], ...]  # each vertical rule: (x, y0, y1)


def read_tables(rules: list[Rule], lines: tuple[Line, ...],
                options: ReaderOptions = DEFAULT_OPTIONS) -> tuple[list[TableRow], tuple[Line, ...]]:
    """Table rows found on a page, and the page's lines that are not inside a table."""
    regions = _regions(rules, options, [(span.x0, line.y) for line in lines for span in line.spans if span.text.strip()])
    if not regions:
        return [], lines
    rows: list[TableRow] = []
    outside: list[Line] = []
    inside: dict[int, list[Line]] = {index: [] for index in range(len(regions))}
    for line in lines:
        owner = next((i for i, r in enumerate(regions) if r.y0 - 1 <= line.y <= r.y1 + 1 and r.x0 - 2 <= line.x0 < r.x1), None)
        if owner is None:
            outside.append(line)
        else:
            inside[owner].append(line)
    for index, region in enumerate(regions):
        rows.extend(_rows(region, inside[index], options.rule_snap, index))
    return rows, tuple(outside)


def has_ruled_table(rules: list[Rule], runs: Iterable[TextRun], options: ReaderOptions = DEFAULT_OPTIONS) -> bool:
    return bool(_regions(rules, options, [(run.x0, run.y) for run in runs if run.text.strip() and not run.invisible]))


def _snap(values: list[float], snap: float) -> list[float]:
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > snap:
            snapped.append(value)
    return snapped


def _regions(rules: list[Rule], options: ReaderOptions, text: list[tuple[float, float]]) -> list[_Region]:
    """The ruled tables drawn on a page; ``text`` is where its words start, (x, baseline).

    Upright rules make a table only with a rule across them, and with words in half its columns
    at least. Gutters between coloured cells (Oxfordshire's threshold matrix paints white dividers
    between its level headings) and a chart's gridlines (Bedford's sufficiency strategy, p. 47) are
    rules too, and no table. An inner upright rule where a rule across turns a corner is a box's
    side: a box drawn inside a box (legislation.gov.uk's "Changes to legislation" panel) is a
    frame, not two more columns.
    """
    thin, snap = options.rule_thickness, options.rule_snap
    verticals = [r for r in rules if r.x1 - r.x0 <= thin and r.y1 - r.y0 >= 4]
    horizontals = [r for r in rules if r.y1 - r.y0 <= thin and r.x1 - r.x0 >= 8]
    groups: list[list[Rule]] = []
    bottoms: list[float] = []  # each group's lowest end
    for rule in sorted(verticals, key=lambda r: -r.y1):
        # Taken from the top down, a rule overlaps one of a group's rules exactly when it reaches
        # down to the group's lowest end: a pass over the groups, not over every rule in them.
        index = next((index for index, bottom in enumerate(bottoms) if bottom <= rule.y1 + snap), None)
        if index is None:
            groups.append([rule])
            bottoms.append(rule.y0)
        else:
            groups[index].append(rule)
            bottoms[index] = min(bottoms[index], rule.y0)
    across = _joined([((r.y0 + r.y1) / 2, r.x0, r.x1) for r in horizontals], snap)
    regions: list[_Region] = []
    for group in groups:
        group = _column_borders(group, across, snap)
        columns = _snap([(r.x0 + r.x1) / 2 for r in group], snap)
        if len(columns) < options.table_min_borders:
            continue
        y0, y1 = min(r.y0 for r in group), max(r.y1 for r in group)
        x0, x1 = columns[0], columns[-1]
        # A row's border runs the width of a cell at least; a link's underline inside a cell
        # (KCSIE 2025 p. 186, "Resources for education settings | CSA Centre") is no border.
        row_borders = [(r.y0 + r.y1) / 2 for r in horizontals
                       if r.x0 <= x1 and r.x1 >= x0 and y0 - snap <= (r.y0 + r.y1) / 2 <= y1 + snap
                       and _spans_a_cell(r, columns, snap)]
        if not row_borders or 2 * _columns_with_words(columns, y0, y1, text) < len(columns) - 1:
            continue
        rows = sorted(_snap(row_borders + [y0, y1], snap), reverse=True)
        borders = tuple(sorted(((r.x0 + r.x1) / 2, r.y0, r.y1) for r in group))
        regions.append(_Region(x0, x1, y0, y1, tuple(columns), tuple(rows), borders))
    return regions


def _columns_with_words(columns: list[float], y0: float, y1: float, text: list[tuple[float, float]]) -> int:
    return len({_column_at(x, columns) for x, y in text if y0 - 1 <= y <= y1 + 1 and columns[0] - 1 <= x < columns[-1]})


def _column_at(x: float, borders: tuple[float, ...] | list[float]) -> int:
    """The column (between ``borders``, left to right) of text that starts at ``x``."""
    return max((i for i, border in enumerate(borders[:-1]) if x >= border - 1), default=0)


def _column_borders(group: list[Rule], across: list[tuple[float, float, float]], snap: float) -> list[Rule]:
    """The upright rules of ``group`` that border columns (see ``_regions``): all but the sides
    of a box drawn inside another box's frame. Boxes side by side (the Lambeth pack's four
    services, p. 46) keep their sides: each reads as a column. ``across``: the page's rules across,
    joined (``_joined``), in order of level."""
    middles = [(r.x0 + r.x1) / 2 for r in group]
    left, right = min(middles), max(middles)
    low, high = min(r.y0 for r in group) - snap, max(r.y1 for r in group) + snap
    levels = [level for level, _, _ in across]
    # The group's rules across, by where they start, with the furthest end reached so far: whether
    # one goes past both ends of another is a search, not a pass over all of them (a page of
    # dashed gridlines holds thousands).
    spans = sorted((start, end) for level, start, end in across[bisect_left(levels, low):bisect_right(levels, high)])
    starts = [start for start, _ in spans]
    furthest = list(itertools.accumulate((end for _, end in spans), max))

    def framed(start: float, end: float) -> bool:
        reach = bisect_left(starts, start - snap)
        return reach > 0 and furthest[reach - 1] > end + snap

    def corner(x: float, y: float) -> bool:
        # A rule across that ends at x and reaches neither side, under or over a longer one that
        # goes past both its ends. At both ends of an upright rule, that is the side of a box
        # inside another's frame; a link's underline starting at a cell's edge meets one end only.
        # (Word leaves the joint where a column's rule crosses a row's out of both, 3 pt of
        # neither (KCSIE 2025, Annex F): an end may stop that short of the rule across it.)
        return any((abs(start - x) <= snap or abs(end - x) <= snap) and start > left + snap and end < right - snap
                   and framed(start, end)
                   for _, start, end in across[bisect_left(levels, y - 2 * snap):bisect_right(levels, y + 2 * snap)])

    columns = _snap(middles, snap)
    pieces: dict[float, list[Rule]] = {x: [] for x in columns}
    for rule, middle in zip(group, middles):
        pieces[columns[bisect_right(columns, middle) - 1]].append(rule)
    kept: list[Rule] = []
    for x in columns:
        inner = x - left > snap and right - x > snap
        if inner and any(corner(x, bottom) and corner(x, top)
                         for _, bottom, top in _joined([(x, r.y0, r.y1) for r in pieces[x]], snap)):
            continue
        kept.extend(pieces[x])
    return kept


def _joined(pieces: list[tuple[float, float, float]], snap: float) -> list[tuple[float, float, float]]:
    """Collinear pieces of rule, (level, start, end), joined where they touch or overlap."""
    lines: list[list[tuple[float, float, float]]] = []
    for piece in sorted(pieces):
        if lines and piece[0] - lines[-1][0][0] <= snap:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    joined: list[tuple[float, float, float]] = []
    for line in lines:
        level, reach = line[0][0], None
        for _, start, end in sorted(line, key=lambda piece: piece[1]):
            if reach is not None and start <= reach[1] + snap:
                reach = (reach[0], max(reach[1], end))
            else:
                if reach is not None:
                    joined.append((level, *reach))
                reach = (start, end)
        if reach is not None:
            joined.append((level, *reach))
    return joined


def _spans_a_cell(rule: Rule, columns: list[float], snap: float) -> bool:
    """Whether a horizontal rule covers one column from its left border to its right, or more
    (Word draws a row's border cell by cell, so one piece may cover a single cell)."""
    return any(rule.x0 <= left + snap and rule.x1 >= right - snap for left, right in zip(columns, columns[1:]))


_COMPOUND_BREAK = re.compile(r"[^\W\d_]-$")


def join_cell_lines(parts: list[str]) -> str:
    """A cell's lines as one text. A hyphen ending a line stays and joins with no space: Word and
    InDesign break a compound there in a narrow column ("decision-" / "maker", "Pan-" /
    "Bedfordshire"), and a cell's words are not hyphenated at line ends."""
    text = ""
    for part in (part.strip() for part in parts):
        if not part:
            continue
        joint = "" if not text or _COMPOUND_BREAK.search(text) and part[:1].isalpha() else " "
        text += joint + part
    return text


def _rows(region: _Region, lines: list[Line], snap: float, table: int) -> list[TableRow]:
    rows: list[TableRow] = []
    for top, bottom in zip(region.rows, region.rows[1:]):
        row_lines = [line for line in lines if bottom <= line.y <= top]
        if not row_lines:
            continue
        columns = _row_columns(region, top, bottom, snap)
        cells: list[list[str]] = [[] for _ in columns[:-1]]
        for line in sorted(row_lines, key=lambda l: -l.y):
            for column, text in _split_by_columns(line, columns):
                cells[column].append(text)
        rows.append(TableRow(top, tuple(join_cell_lines(cell) for cell in cells), tuple(row_lines), table))
    return rows


def _row_columns(region: _Region, top: float, bottom: float, snap: float) -> tuple[float, ...]:
    """The column borders drawn through one row: a merged cell has no border inside it.

    A row whose cell spans the table ("Section 6: Information on police call-outs", Ofsted's
    Annex A) is one cell, as its tags say where the producer tags it (a TD with a ColSpan), not
    the text followed by empty cells for every column the table has elsewhere.
    """
    middle = (top + bottom) / 2
    inner = {x for x, y0, y1 in region.borders if y0 - 1 <= middle <= y1 + 1}
    drawn = tuple(x for x in region.columns[1:-1] if any(abs(x - other) <= snap for other in inner))
    return (region.columns[0], *drawn, region.columns[-1])


def _split_by_columns(line: Line, columns: tuple[float, ...]) -> list[tuple[int, str]]:
    pieces: dict[int, list[str]] = {}
    previous_end: dict[int, float] = {}
    for span in line.spans:
        column = _column_at(span.x0, columns)
        gap_before = span.x0 - previous_end.get(column, span.x0)
        text = span.text
        if pieces.get(column) and gap_before > 0.15 * span.size and not text.startswith(" "):
            text = " " + text
        pieces.setdefault(column, []).append(text)
        previous_end[column] = span.x1
    return [(column, "".join(parts).strip()) for column, parts in sorted(pieces.items()) if "".join(parts).strip()]
