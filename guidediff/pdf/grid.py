"""Tables without rules: rows and cells from the white channels between columns.

Input: a page's lines (``lines.Line``, with their style spans). Output: ``Grid``
regions (which lines, which column intervals) and their rows (``TableRow``).

LibreOffice, Word and browsers set many tables with no border lines: columns
whose text wraps inside each cell. Read line by line, the cells of a row
interleave ("Technical data This is information about the Device type…"), and a
two-column detector takes the table for page columns. A table shows as a run of
consecutive lines, none of them a full-width line of prose, cut into pieces by
white channels that no piece crosses on any line of the run: the gaps between
its columns. A bullet inside a cell does not make a column, because the cell's
other lines cross the gap after it.

A row starts at a line with text in the first column, unless that column's cell
is itself wrapping (the line above had no room for its first word, or it goes on
in lower case). A two-column page of prose has one channel too; it is told apart
by its halves: in prose each is a column of running text as wide as the other
(one text per line, lines full to the right edge and starting at set places),
while a table's first column holds short labels.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from guidediff.pdf.lines import SENTENCE_END, Line
from guidediff.pdf.normalise import BULLET_GLYPHS
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions
from guidediff.pdf.tables import TableRow, join_cell_lines

Piece = tuple[float, float, str]  # x0, x1 and text of one cell's part of a line
Columns = tuple[tuple[float, float], ...]  # x extent of each column, left to right

# A paragraph number, a bullet or a list letter: a first column of these is a list's markers.
# Legislation brackets inserted text, a letter included ("[(ba)", or the bracket alone before it),
# and numbers its subsections "(2A)".
_MARKER = re.compile(r"^(?:\[|[\[“\"‘]?(?:\d{1,3}(?:\.\d{1,3}){0,2}\.?|\(?[a-z]{1,2}[).]|\(?[ivxlc]{1,6}[).]|\(\d{1,3}[A-Z]{0,2}\))"
                     r"|[•▪◦●○■□‣⁃∙➢➤►▶–—*-])$",
                     re.IGNORECASE)
_SPAN_NEIGHBOURS = 6  # lines above and below a merged cell where the columns it spans must show
_SPAN_LINES = 4  # lines a merged cell may wrap onto
_SPAN_SUPPORT = 3  # lines with text on each side of the channel a merged cell spans, at least
_SPAN_RUN = 12  # lines of a run, at least, for a merged cell to be read as one (a few lines show no columns)
_OPENING = re.compile(r"^[\"'\u201c\u2018(\[]+")  # quotes and brackets before a cell's first word


@dataclass(frozen=True, slots=True)
class Grid:
    lines: tuple[int, ...]  # positions of the table's lines in the page's line list
    columns: tuple[tuple[float, float], ...]  # x extent of each column, left to right


def pieces(line: Line, options: ReaderOptions = DEFAULT_OPTIONS) -> tuple[Piece, ...]:
    """The line cut at every gap wide enough to part two cells."""
    if not line.spans:
        return line.segments
    found: list[list[float | str]] = []
    previous = None
    for span in line.spans:
        gap = span.x0 - previous.x1 if previous is not None else 0.0
        if previous is None or gap > options.cell_gap * line.size:
            found.append([span.x0, span.x1, span.text])
        else:
            joiner = " " if gap > options.word_gap * line.size and not str(found[-1][2]).endswith(" ") and not span.text.startswith(" ") else ""
            found[-1][1] = span.x1
            found[-1][2] = str(found[-1][2]) + joiner + span.text
        previous = span
    return tuple((float(x0), float(x1), " ".join(str(text).split())) for x0, x1, text in found if str(text).strip())


def find_grids(lines: list[Line] | tuple[Line, ...], options: ReaderOptions = DEFAULT_OPTIONS,
               carried: Columns | None = None) -> list[Grid]:
    """The unruled tables on a page, top to bottom. ``carried``: the columns of a table that ran to
    the foot of the page before, which the page's first lines may go on with."""
    cut = [pieces(line, options) for line in lines]
    grids: list[Grid] = []
    lead = _continued(lines, cut, carried, options) if carried and lines else []
    if lead:
        grids.append(Grid(tuple(lead), carried))  # type: ignore[arg-type]
    if len(lines) - len(lead) < options.grid_min_lines:
        return grids
    left = min(line.x0 for line in lines)
    width = max(line.x1 for line in lines) - left
    run: list[int] = []
    for position, line in enumerate(lines):
        if position < len(lead):
            continue
        cell_like = len(cut[position]) >= 2 or (line.x1 - line.x0) <= options.cell_line_share * width
        if cell_like and run and _adjacent(lines[run[-1]], line, options.grid_row_gap):
            run.append(position)
            continue
        grids.extend(_grid_of(run, lines, cut, options, carried is not None))
        run = [position] if cell_like else []
    grids.extend(_grid_of(run, lines, cut, options, carried is not None))
    return grids


def _continued(lines: list[Line] | tuple[Line, ...], cut: list[tuple[Piece, ...]], columns: Columns,
               options: ReaderOptions) -> list[int]:
    """The page's first lines when they go on with the table the page before ended with, in its columns.

    The rest of a table can be too short to show its columns by itself: the last lines of a cell
    the page break cut, one column wide ("supporting legal or regulatory processes …" alone at the
    top of a page), then perhaps a last row whose label stands level with the middle of its text;
    or one row above a full-width cell that parts what is left of the table on the page
    (LibreOffice's "Phase 4: …" row). So the first line holds words only in the later columns (the
    rest of a cut row), or cells in two columns or more, each from its column's left edge, its
    first cell no paragraph number or list marker (numbered paragraphs whose text hangs at a
    column's edge are no table). The lines go on with it while each of their pieces stands in one
    of its columns, from its left edge, at the first line's type size: after the rest of a cut row,
    up to the end of the row after it; after a first row, to that row's end. (A first line in
    lower case in the first column is no sign here: a page of two columns of prose misread as a
    table goes on just so.)"""
    first = cut[0]
    if not first or not all(_within_column(piece, columns) for piece in first):
        return []
    at = [_edge_column(piece[0], columns) for piece in first]
    rest_of_row = 0 not in at
    next_row = len(first) >= 2 and len(set(at)) == len(at) and at[0] == 0 and not _is_marker(first[0][2])
    if not (rest_of_row or next_row):
        return []
    lead = [0]
    for position in range(1, len(lines)):
        if not (_adjacent(lines[position - 1], lines[position], options.grid_row_gap)
                and abs(lines[position].size - lines[0].size) <= 0.5
                and all(_within_column(piece, columns) for piece in cut[position])):
            break  # a heading in its own type, or a line of prose across the columns: the table has ended
        lead.append(position)
    # No further than the row after the cut row's rest, or than the first row: lines fitting the
    # columns may be anything after that (numbered paragraphs whose text hangs at a column's edge).
    grid = Grid(tuple(lead), columns)
    placed = [_placed(cut[position], columns) for position in lead]
    opened = [index for index, (opens, here) in enumerate(zip(_row_openings(grid, lines, placed, options), placed))
              if opens and index and any(column == 0 for column, _, _ in here)]  # a first cell (not a header's end)
    rows = 2 if rest_of_row else 1
    return lead[:opened[rows - 1]] if len(opened) >= rows else lead


def _edge_column(x0: float, columns: Columns) -> int | None:
    """The column whose left edge a piece starting at ``x0`` is set at."""
    return next((index for index, (start, _) in enumerate(columns) if abs(x0 - start) <= 2), None)


def _within_column(piece: Piece, columns: Columns) -> bool:
    """Whether a piece starts at a column's left edge and ends before the next column starts."""
    index = _edge_column(piece[0], columns)
    return index is not None and (index + 1 == len(columns) or piece[1] < columns[index + 1][0])


def _adjacent(above: Line, below: Line, row_gap: float) -> bool:
    return above.page == below.page and 0 < above.y - below.y <= row_gap * max(above.size, below.size)


def _grid_of(run: list[int], lines: list[Line] | tuple[Line, ...], cut: list[tuple[Piece, ...]],
             options: ReaderOptions, after_table: bool = False) -> list[Grid]:
    """The table in a run of cell-like lines, trimmed to the lines its columns hold.

    A table opens with a line of two cells or more (its header or first row): short lines of
    prose just above it (a paragraph's last line, a title) are not part of it.
    """
    leading: list[int] = []
    while run and len(cut[run[0]]) < 2:
        leading.append(run[0])
        run = run[1:]
    while len(run) >= options.grid_min_lines:
        if sum(1 for position in run if len(cut[position]) >= 2) < options.grid_min_lines:
            return []
        crossing = _prose_across(run, lines, cut, options)
        if crossing is not None:
            return (_grid_of(leading + run[:crossing], lines, cut, options, after_table)
                    + _grid_of(run[crossing + 1:], lines, cut, options))
        columns = _columns(run, lines, cut, options.cell_channel)
        # Two columns of prose are page columns, not a table: a table's first column holds labels.
        if _page_columns(run, cut, columns, options):
            return []
        if len(columns) >= 3 and _markers_before_text(run, cut, columns):
            return []  # "[", "(ba)", then the item's text: a list whose markers stand in columns of their own
        if len(columns) >= 3 or (len(columns) == 2 and _first_column_is_labels(run, lines, cut, columns, options)):
            return [Grid(tuple(_carried_over(leading, cut, columns, after_table) + run), columns)]
        # No channel through every line. Two tables under one another, with a title between them,
        # part at that title: the one-piece line set furthest from the line above it.
        gaps = [(lines[run[index - 1]].y - lines[run[index]].y, index) for index in range(1, len(run) - 1)
                if len(cut[run[index]]) == 1]
        if gaps:
            _, index = max(gaps)
            return _grid_of(run[:index], lines, cut, options, after_table) + _grid_of(run[index + 1:], lines, cut, options)
        if len(cut[run[-1]]) == 1:
            run = run[:-1]  # text resuming after the table
        else:
            return []
    return []


def _prose_across(run: list[int], lines: list[Line] | tuple[Line, ...], cut: list[tuple[Piece, ...]],
                  options: ReaderOptions) -> int | None:
    """Where in the run a line of one piece crosses a white channel between the columns that its
    lines of several cells set: prose between two tables ("2. The table below has an outer box
    only." between two LibreOffice tables, 18 pt apart like their rows), not a row of either. Read
    as one table, that line bridged its first two columns, and every row lost a cell."""
    rows = [position for position in run if len(cut[position]) >= 2]
    columns = _columns(rows, lines, cut, options.cell_channel) if len(rows) >= options.grid_min_lines else ()
    channels = [(left[1], right[0]) for left, right in zip(columns, columns[1:])]
    for index, position in enumerate(run):
        if index and len(cut[position]) == 1:
            x0, x1, _ = cut[position][0]
            crossed = [(start, end) for start, end in channels if x0 < start and x1 > end]
            # The last line of a merged cell wrapping under its first ones crosses the channels they do.
            above = cut[run[index - 1]]
            if crossed and not any(abs(a - x0) <= 1 and all(a < start and b > end for start, end in crossed)
                                   for a, b, _ in above):
                return index
    return None


def _carried_over(leading: list[int], cut: list[tuple[Piece, ...]], columns: tuple[tuple[float, float], ...],
                  after_table: bool = False) -> list[int]:
    """The first lines given (the page's body, its ruled tables and footnotes aside) when they are
    the rest of a row the page break cut: the table goes on from the previous page, and those lines
    hold words only in its later columns, each set at its column's left edge (LibreOffice splits a
    row over a page break: "Check consent" / "record", the table's header printed again above it
    and set aside as a running line). When the page before ended in a table (``after_table``), also
    words going on in lower case in its first ("To provide Mozilla" / "accounts"); else such a line
    is the end of a paragraph cut by the page break, above a table. ``add_row`` joins them to the
    row they go on from."""
    if not leading or leading[0] != 0:
        return []
    starts = [start for start, _ in columns[1:]]
    if all(any(abs(x0 - start) <= 2 for start in starts)
           or (after_table and abs(x0 - columns[0][0]) <= 2 and text[:1].islower())
           for position in leading for x0, _, text in cut[position]):
        return leading
    return []


def _columns(run: list[int], lines: list[Line] | tuple[Line, ...], cut: list[tuple[Piece, ...]],
             cell_channel: float) -> tuple[tuple[float, float], ...]:
    """Column extents: the stretches between white channels that no piece of the run crosses, but
    for a cell spanning two columns (``_spanning``)."""
    size = max(lines[position].size for position in run)
    items = {position: _bullets_attached(cut[position], size) for position in run}
    bridges = _spanning(run, items, cell_channel * size)
    covered: list[tuple[float, float]] = sorted((x0, x1) for position in run for x0, x1, _ in items[position]
                                                if (position, x0) not in bridges)
    columns: list[list[float]] = []
    for x0, x1 in covered:
        if columns and x0 - columns[-1][1] < cell_channel * size:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    # Each column must hold text on several lines of the run: a stray piece is no column.
    counts = [sum(1 for position in run if any(start - 0.5 <= x0 and x1 <= end + 0.5 for x0, x1, _ in items[position]))
              for start, end in columns]
    if any(count < 2 for count in counts):
        return ()
    return tuple((start, end) for start, end in columns)


def _bullets_attached(line_pieces: tuple[Piece, ...], size: float) -> tuple[Piece, ...]:
    """A line's pieces with each bullet joined to the text after it.

    A list in a cell sets its bullets apart from their text by a gap as wide as a channel. Where no
    line of the run crosses that gap (the heading row that did is printed on an earlier page), the
    bullets stood as a column of their own ("| • • • • | Technical data Location …").
    """
    joined: list[Piece] = []
    for piece in line_pieces:
        if (joined and joined[-1][2] in BULLET_GLYPHS and piece[0] - joined[-1][1] <= 2 * size
                and not _is_marker(piece[2])):  # a bullet beside a bullet: a matrix of ticks, columns apart
            joined[-1] = (joined[-1][0], piece[1], joined[-1][2] + " " + piece[2])
        else:
            joined.append(piece)
    return tuple(joined)


def _spanning(run: list[int], items: dict[int, tuple[Piece, ...]], channel: float) -> set[tuple[int, float]]:
    """(line, x0) of the pieces that alone close a white channel: a cell merged over two columns.

    LibreOffice, Word and Chromium leave such a cell unruled like the rest ("To provide Mozilla
    Accounts | See our Mozilla Accounts Privacy Notice" over the next two columns). Read with the
    others, it closed the channel, and every row of the page lost a column. A cell counts only
    where its lines (one, or a few one under another: the cell wraps) are the only pieces over a
    stretch of a channel's width inside them, one of them has other cells beside it, a quarter of
    the run's lines hold text in the column the cell starts in, three start text at the stretch's
    right edge (a column of one-line cells, "8 working days"), some of each within a few lines of
    it, its first line has a cell before it (a line of prose under a table starts at the margin),
    and the run is long enough to show its columns; a run has few such cells.
    A chart's title over another table's columns, or a justified line's wide word spaces, have no
    such columns under them.
    """
    if len(run) < _SPAN_RUN:
        return set()
    every = [(x0, x1, position) for position in run for x0, x1, _ in items[position]]
    words = [(x0, x1, position) for position in run for x0, x1, text in items[position] if not _is_marker(text)]
    index_of = {position: index for index, position in enumerate(run)}
    cells: set[frozenset[tuple[int, float]]] = set()
    for left, right, covering in _thinly_covered(every, _SPAN_LINES):
        lines = sorted(index_of[position] for _, _, position in covering)
        if (right - left < channel or lines[-1] - lines[0] != len(lines) - 1
                or not all(x0 < left and right < x1 for x0, x1, _ in covering)
                or not any(len(items[position]) >= 2 for _, _, position in covering)):
            continue
        own = {position for _, _, position in covering}
        start = min(x0 for x0, _, _ in covering)
        top = run[lines[0]]
        if not any(x1 <= start for _, x1, _ in items[top]):
            continue  # a merged cell stands beside its row's first cell; prose under a table starts the line
        # (A list's "(a)", "(b)" before their text are no column for a cell to span.)
        lines_left = {line for a, b, line in words if line not in own and a >= start - 0.5 and b <= left + 0.5}
        lines_right = {line for a, _, line in every if line not in own and abs(a - right) <= 0.5}
        # The rows next to a merged cell hold the columns it spans.
        near = set(run[max(0, lines[0] - _SPAN_NEIGHBOURS):lines[-1] + _SPAN_NEIGHBOURS + 1])
        if (len(lines_left) >= max(_SPAN_SUPPORT, len(run) // 4) and len(lines_right) >= _SPAN_SUPPORT
                and lines_left & near and lines_right & near):
            cells.add(frozenset((position, x0) for x0, _, position in covering))
    if len(cells) > max(1, len(run) // 10):
        return set()
    return {piece for cell in cells for piece in cell}


def _thinly_covered(pieces_: list[tuple[float, float, int]], most: int) -> list[tuple[float, float, tuple[tuple[float, float, int], ...]]]:
    """The stretches of x that one to ``most`` pieces cover, each with those pieces (one sweep)."""
    wide = [index for index, (x0, x1, _) in enumerate(pieces_) if x1 > x0]  # a piece of no width covers nothing
    events = sorted([(pieces_[index][0], 1, index) for index in wide]
                    + [(pieces_[index][1], -1, index) for index in wide], key=lambda event: (event[0], event[1]))
    active: set[int] = set()
    stretches = []
    opened: float | None = None
    for x, change, index in events:
        if opened is not None and 1 <= len(active) <= most and x > opened:
            stretches.append((opened, x, tuple(pieces_[other] for other in sorted(active))))
        if change > 0:
            active.add(index)
        else:
            active.discard(index)
        opened = x
    return stretches


def _page_columns(run: list[int], cut: list[tuple[Piece, ...]], columns: tuple[tuple[float, float], ...],
                  options: ReaderOptions) -> bool:
    """Whether the run is a page set in two columns of running text (Word's and InDesign's column
    layouts), bullets and paragraph numbers in either column included, rather than a table.

    Parted at its widest channel, the halves are about as wide as each other and each reads as
    running text (``running_text``); a table's columns hold labels and short cells, or more than
    one cell on a side.
    """
    if len(columns) < 2:
        return False
    # One column of text on each side; any other column holds only bullets or numbers. A table has more.
    with_text = {_column_of(x0, x1, columns) for position in run for x0, x1, text in cut[position] if not _is_marker(text)}
    if len(with_text - {None}) != 2:
        return False
    gaps = [columns[index + 1][0] - columns[index][1] for index in range(len(columns) - 1)]
    middle = gaps.index(max(gaps))
    halves = ((columns[0][0], columns[middle][1]), (columns[middle + 1][0], columns[-1][1]))
    widths = [end - start for start, end in halves]
    if min(widths) < options.page_column_balance * max(widths):
        return False
    return all(running_text([cut[position] for position in run], start, end, options) for start, end in halves)


def running_text(cuts: list[tuple[Piece, ...]], start: float, end: float, options: ReaderOptions) -> bool:
    """Whether the pieces of these lines between x = start and x = end are a column of running text.

    Each line holds one text there (after a bullet or number at most; a justified line's stretched
    spaces may cut it into words), most lines run to the right edge and start at a few set places
    (the margin, a bullet, the text after it). Centred lines (a flowchart's boxes) start anywhere;
    a few boxes side by side are too few lines to tell.
    """
    sides = [[piece for piece in pieces_of_line if start - 0.5 <= piece[0] and piece[1] <= end + 0.5] for pieces_of_line in cuts]
    sides = [side for side in sides if side]
    if len(sides) < options.page_column_min_lines:
        return False
    edge = end - options.page_column_slack * (end - start)
    # A table's side has cells on most lines; a few parted lines may be a bold phrase set apart.
    parted = sum(1 for side in sides if sum(1 for piece in side if not _is_marker(piece[2])) > 1 and not _justified(side, edge))
    if parted > options.page_column_parted_share * len(sides):
        return False
    if sum(1 for side in sides if side[-1][1] >= edge) < options.page_column_full_share * len(sides):
        return False
    starts = Counter(round(side[0][0] / 2) for side in sides)
    return sum(count for _, count in starts.most_common(3)) >= options.page_column_aligned_share * len(sides)


def _is_marker(text: str) -> bool:
    """A list marker: a bullet, number or letter, or one character set apart (a symbol font's bullet
    drawn with a letter, as Wingdings' 'n' for a square)."""
    return len(text) == 1 or bool(_MARKER.match(text))


def _justified(side: list[Piece], edge: float) -> bool:
    """A justified line whose stretched word spaces cut it into words: three pieces or more, evenly
    spaced, running to the column's right edge."""
    if len(side) < 3 or side[-1][1] < edge:
        return False
    gaps = [after[0] - before[1] for before, after in zip(side, side[1:])]
    return max(gaps) <= 2 * min(gaps) + 1


def _column_of(x0: float, x1: float, columns: tuple[tuple[float, float], ...]) -> int | None:
    for index, (start, end) in enumerate(columns):
        if start - 0.5 <= x0 and x1 <= end + 0.5:
            return index
    return None


def _placed(line_pieces: tuple[Piece, ...], columns: Columns) -> list[tuple[int | None, float, str]]:
    """A line's pieces as (column read into, right edge, text)."""
    return [(_cell_column(x0, x1, columns), x1, text) for x0, x1, text in line_pieces]


def _cell_column(x0: float, x1: float, columns: tuple[tuple[float, float], ...]) -> int | None:
    """The column a piece is read into: the one it stands in, else, for a cell merged over several
    columns, the first it covers."""
    inside = _column_of(x0, x1, columns)
    if inside is not None:
        return inside
    return next((index for index, (_, end) in enumerate(columns) if x0 <= end + 0.5), None)


def _markers_before_text(run: list[int], cut: list[tuple[Piece, ...]], columns: tuple[tuple[float, float], ...]) -> bool:
    """Whether every column but the last holds only list markers (and legislation's brackets)."""
    last = len(columns) - 1
    inner = [text for position in run for x0, x1, text in cut[position]
             if _column_of(x0, x1, columns) in range(last)]
    return bool(inner) and all(_MARKER.match(text) for text in inner)


def _in_column(line_pieces: tuple[Piece, ...], columns: tuple[tuple[float, float], ...], index: int) -> list[Piece]:
    """The pieces of one line that stand in the column ``index``."""
    return [piece for piece in line_pieces if _column_of(piece[0], piece[1], columns) == index]


def _first_column_is_labels(run: list[int], lines: list[Line] | tuple[Line, ...], cut: list[tuple[Piece, ...]],
                            columns: tuple[tuple[float, float], ...], options: ReaderOptions) -> bool:
    """Short labels stand apart from the second column; paragraph numbers and bullets with their
    text set after a tab are a numbered list, not a table.

    Labels that run close to the second column are labels still when the second column holds
    one text a line (its own list markers aside; cut by channels of its own, it is another
    table's, or a flowchart's boxes) and the labels either wrapped there or open rows.
    """
    firsts = [text for position in run for _, _, text in _in_column(cut[position], columns, 0)]
    if all(_MARKER.match(text) for text in firsts):
        return False
    size = max(lines[position].size for position in run)
    if columns[1][0] - columns[0][1] >= options.label_column_gap * size:
        return True
    if any(len([text for _, _, text in _in_column(cut[position], columns, 1) if not _is_marker(text)]) > 1 for position in run):
        return False
    return _wrapped_labels(run, lines, cut, columns, options) or _labels_open_rows(run, cut, columns)


def _wrapped_labels(run: list[int], lines: list[Line] | tuple[Line, ...], cut: list[tuple[Piece, ...]],
                    columns: tuple[tuple[float, float], ...], options: ReaderOptions) -> bool:
    """Labels apart from the second column but for those wrapped onto a next line.

    A long label wrapped in its cell, words and not a number or an annotation's "I100"
    (legislation's "School Standards and Framework Act 1998 / (c. 31)" beside its repeals), runs
    as close to the second column as its words allow, and says nothing of the channel. Labels
    wrap now and then; a page's left column of running text wraps most of its lines.
    """
    grid = Grid(tuple(run), columns)
    labels = []  # per line: the first column's right end and its words, its list marker aside
    for position in run:
        texts = _in_column(cut[position], columns, 0)
        words = [text for _, _, text in texts if not _is_marker(text)]
        labels.append((texts[-1][1], " ".join(words)) if words else None)
    ends = [label[0] for label, after, position in zip(labels, [*labels[1:], None], run)
            if label is not None and not (after is not None and len(label[1].split()) > 1
                                          and _wraps(label[0], after[1], grid, lines[position], options))]
    if len(ends) * 2 < len([label for label in labels if label is not None]):
        return False
    size = max(lines[position].size for position in run)
    return bool(ends) and columns[1][0] - max(ends) >= options.label_column_gap * size


def _labels_open_rows(run: list[int], cut: list[tuple[Piece, ...]], columns: tuple[tuple[float, float], ...]) -> bool:
    """Labels of words that open rows, whatever the channel after them.

    Legislation's repeals tables (Apache FOP) set "Children and Young Persons Act 1933 (c. 12)"
    to within a few points of the provisions repealed; what shows the table is that the second
    column runs on beside a blank first column, row after row. So: the first column is blank on
    at least half the lines, its texts come in three groups or more, and most are of several
    words, never list markers (a list of bullets or annotation numbers such as "F46" is a list).
    A page's left column of running text is blank on few lines; one that ends early, in one group.
    """
    firsts = [[text for _, _, text in _in_column(cut[position], columns, 0)] for position in run]
    if any(_is_marker(text) for texts in firsts for text in texts):
        return False
    labelled = [texts for texts in firsts if texts]
    if 2 * sum(1 for texts in labelled if len(" ".join(texts).split()) > 1) < len(labelled):
        return False
    groups = sum(1 for here, before in zip(firsts, [[], *firsts[:-1]]) if here and not before)
    return 2 * len(labelled) <= len(firsts) and groups >= 3


def grid_rows(grid: Grid, lines: list[Line] | tuple[Line, ...], options: ReaderOptions = DEFAULT_OPTIONS) -> list[TableRow]:
    """The rows of a grid: each cell's text joined over the lines it wraps onto."""
    placed = [_placed(pieces(lines[position], options), grid.columns) for position in grid.lines]
    opens = _row_openings(grid, lines, placed, options)
    labels = [open_ and any(index == 0 for index, _, _ in here) for open_, here in zip(opens, placed)]  # not the bold rule's
    starts = _bands(grid, lines, labels, options) or opens
    rows: list[TableRow] = []
    cells: list[list[str]] = []
    row_lines: list[Line] = []
    for position, here, start in zip(grid.lines, placed, starts):
        if start or not row_lines:
            if row_lines:
                rows.append(_row(cells, row_lines))
            cells, row_lines = [[] for _ in grid.columns], []
        for index, _, text in here:
            if index is not None:
                cells[index].append(text)
        row_lines.append(lines[position])
    if row_lines:
        rows.append(_row(cells, row_lines))
    return rows


def _row_openings(grid: Grid, lines: list[Line] | tuple[Line, ...], placed: list[list[tuple[int | None, float, str]]],
                  options: ReaderOptions) -> list[bool]:
    """Per line of the grid, whether it opens a row: a line with text in the first column, unless
    that column's cell is itself wrapping (the line above had no room for its first word, or it
    goes on in lower case)."""
    found: list[bool] = []
    first_column_end: float | None = None  # right edge of the first column's piece on the line above
    second_column_open = False  # the second column's text on the line above did not end a sentence
    row_bold = False  # every line of the row so far is bold
    for position, here in zip(grid.lines, placed):
        line = lines[position]
        first = next((text for index, _, text in here if index == 0), None)
        opens = first is not None and not (first_column_end is not None and _wraps(first_column_end, first, grid, line, options))
        # In a table of two columns, a first column's bracket beside a second column whose sentence goes
        # on ("1984" / "(c. 60)" beside "in the definition of" / "“appropriate adult”, the words …") is
        # the label's last words, though they would have fitted on the line above.
        second = next((text for index, _, text in here if index == 1 and not _is_marker(text)), None)
        if (opens and len(grid.columns) == 2 and second_column_open and second and not first[:1].isalnum()  # type: ignore[index]
                and _OPENING.sub("", second)[:1].islower()):
            opens = False
        second_column_open = second is not None and not SENTENCE_END.search(second.rstrip())
        # A bold header row ends where plain text begins, whatever the first column holds.
        opens = opens or bool(found and row_bold and not line.bold)
        row_bold = line.bold if (opens or not found) else row_bold and line.bold
        found.append(opens)
        first_column_end = next((x1 for index, x1, _ in here if index == 0), None)
    return found


def _bands(grid: Grid, lines: list[Line] | tuple[Line, ...], labels: list[bool], options: ReaderOptions) -> list[bool] | None:
    """Row starts from the white bands between rows, where a table's cells are centred in their rows.

    LibreOffice sets the cells of an HTML table, and Word those set "centre vertically", in the
    middle of their row: a short first cell starts below the row's top, beside the middle of a tall
    list, and rows opened at the first column's lines took their neighbours' lines. Where white
    bands twice the line pitch part the grid's lines, each band holds one first cell at most,
    and some first cell starts below its band's top, the bands are the rows (a band with no first
    cell goes with the band above it). Else None: rows open at the first column's lines.
    """
    ys = [lines[position].y for position in grid.lines]
    gaps = [above - below for above, below in zip(ys, ys[1:])]
    steps = Counter(round(gap, 1) for gap in gaps if gap > 0.5 * lines[grid.lines[0]].size)
    if len(gaps) < 3 or not steps:
        return None
    pitch = steps.most_common(1)[0][0]
    starts = [True] + [gap > options.grid_band_gap * pitch for gap in gaps]
    bands: list[list[int]] = []
    for index, start in enumerate(starts):
        if start:
            bands.append([])
        bands[-1].append(index)
    if len(bands) < 3 or any(sum(labels[index] for index in band) > 1 for band in bands):
        return None
    if not any(labels[index] for band in bands for index in band[1:]):
        return None  # every first cell at its band's top: the first column's lines say the same
    return [index == band[0] and (band_number == 0 or any(labels[other] for other in band))
            for band_number, band in enumerate(bands) for index in band]


def _wraps(previous_end: float, text: str, grid: Grid, line: Line, options: ReaderOptions) -> bool:
    """Whether the first column's text goes on from the line above (its first word had no room there)."""
    if text[:1].islower():
        return True
    word = text.split()[0] if text.split() else ""
    room = grid.columns[1][0] - options.cell_channel * line.size - previous_end  # the cell runs to the next column
    return (len(word) + 1) * options.cell_char_width * line.size > room


def _row(cells: list[list[str]], row_lines: list[Line]) -> TableRow:
    texts = tuple(join_cell_lines(cell) for cell in cells)
    return TableRow(row_lines[0].y + row_lines[0].size, texts, tuple(row_lines))


def read_grids(lines: tuple[Line, ...], options: ReaderOptions = DEFAULT_OPTIONS,
               carried: Columns | None = None) -> tuple[list[TableRow], tuple[Line, ...], Columns | None]:
    """Rows of the page's unruled tables, the lines outside them, and the columns of the table that
    runs to the page's last line (it may go on over the page: ``find_grids``'s ``carried``)."""
    grids = find_grids(lines, options, carried)
    if not grids:
        return [], lines, None
    inside = {position for grid in grids for position in grid.lines}
    rows = [replace(row, table=1000 + number) for number, grid in enumerate(grids) for row in grid_rows(grid, lines, options)]
    # A table that runs to the page's last line may go on over the page; the lines read in the
    # columns carried from the page before do not pass them on (a mistake would run page after page).
    last = grids[-1]
    ending = last.columns if last.lines[-1] == len(lines) - 1 and last.columns is not carried else None
    return rows, tuple(line for position, line in enumerate(lines) if position not in inside), ending
