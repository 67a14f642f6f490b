"""A page's reading order: columns, unruled tables and the tag tree's order.

Input: a page's text runs (``content.TextRun``). Output: its lines (``lines.Line``)
in reading order. A page set in two columns reads its left column, then its right,
zone by zone between full-width lines (titles, figures); the lines of an unruled
table are no page columns and stay whole in place (``grid``); a tagged page reads
in the order its tag tree states (``in_tag_order``).
"""

from __future__ import annotations

from collections import Counter

from guidediff.pdf.content import TextRun
from guidediff.pdf.grid import find_grids, pieces, running_text
from guidediff.pdf.lines import Line, UnitOf, Within, cluster_runs, build_lines, split_by_unit
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions


def page_lines(runs: list[TextRun], page: int, has_table: bool = False, unit_of: UnitOf | None = None,
               options: ReaderOptions = DEFAULT_OPTIONS, within: Within | None = None) -> list[Line]:
    """A page's lines in reading order, column by column where the page is set in columns.

    With ``unit_of`` (a tagged PDF), a visual line whose runs belong to different
    tag units (two table cells on one baseline, a run-in heading) becomes one line
    per unit, each carrying its unit, and the page reads in the tree's order.
    Lines of an unruled table (``grid``) are no page columns: they stay whole, in place.
    """
    clusters = cluster_runs(runs, options)
    if unit_of is not None:
        clusters = [part for cluster in clusters for part in split_by_unit(cluster, unit_of)]
    lines = build_lines(clusters, page, unit_of, options)
    if unit_of is not None and any(line.unit is not None for line in lines):
        return in_tag_order(lines, within)
    table_baselines = {round(lines[position].y, 1) for grid in find_grids(lines, options) for position in grid.lines}
    gutter = None if has_table else find_gutter([line for line in lines if round(line.y, 1) not in table_baselines], options)
    if gutter is None:
        return lines
    channel_left, channel_right = gutter
    left: list[list[TextRun]] = []
    right: list[list[TextRun]] = []
    across: list[list[TextRun]] = []
    for cluster in clusters:
        if _spans_gutter(cluster, gutter, options.column_gap) or _baseline(cluster) in table_baselines:
            across.append(cluster)  # a title or figure caption set across both columns stays whole
            continue
        centres = [((run.x0 + run.x1) / 2, run) for run in cluster]
        left.append([run for centre, run in centres if centre < channel_left])
        right.append([run for centre, run in centres if centre > channel_right])
        # A page number centred in the gutter is a line of its own, not part of a column.
        across.append([run for centre, run in centres if channel_left <= centre <= channel_right])
    return _in_zones(build_lines(left, page, unit_of, options), build_lines(right, page, unit_of, options),
                     build_lines(across, page, unit_of, options))


def in_tag_order(lines: list[Line], within: Within | None = None) -> list[Line]:
    """A tagged page's lines in the tag tree's reading order (its units' logical order).

    Geometry cannot always tell the order of columns, sidebars and text boxes; the tree
    states it. Each unit's lines stay in their order on the page, and a line the tree
    leaves out stays right after the line it follows on the page.

    A unit whose text goes on below a list nested in it (legislation's "(1) … must make
    arrangements for—", items (a) and (b), then "to work together …", all one LI) reads
    that later text after the nested list, where it is printed: ``within(inner, outer)``
    says whether one unit lies inside another. So does such text at the top of a page, under
    the rest of a nested list that ran over from the page before (Children Act 2004, s. 25(11),
    pp. 43-44: "and it includes “welfare” …" after items (b) to (i)).
    """
    if not any(line.unit is not None for line in lines):
        return lines
    keys: list[tuple[int, int]] = []
    previous = (-1, 0)
    last_seen: dict[int, int] = {}  # unit -> position of its last line so far
    order_of: dict[int, int] = {}  # unit -> the unit its lines now sort with
    for position, line in enumerate(lines):
        unit = line.unit
        if unit is None:
            previous = (previous[0], position)
        else:
            seen = last_seen.get(unit)
            if seen is None and within is not None:  # first seen here: under a nested list come over from the page before?
                start = position
                while start and lines[start - 1].unit is not None and within(lines[start - 1].unit, unit):  # type: ignore[arg-type]
                    start -= 1
                seen = start - 1 if start < position else None
            if within is not None and seen is not None and seen < position - 1:
                between = {other.unit for other in lines[seen + 1:position]}
                if None not in between and all(within(other, unit) for other in between):  # type: ignore[arg-type]
                    order_of[unit] = max(order_of.get(other, other) for other in between)  # type: ignore[arg-type]
            last_seen[unit] = position
            previous = (order_of.get(unit, unit), position)
        keys.append(previous)
    order = sorted(range(len(lines)), key=lambda position: keys[position])
    return [lines[position] for position in order]


def find_gutter(lines: list[Line], options: ReaderOptions = DEFAULT_OPTIONS) -> tuple[float, float] | None:
    """The white channel (left x, right x) between two text columns, if the page has one.

    At the gutter no span of text crosses (except in the odd full-width title),
    most lines have text on both sides, and both columns are substantial: a
    table's narrow first column or a right-aligned page number is not a column.
    """
    with_text = [line for line in lines if len(line.text) > 3 and line.spans]
    if len(with_text) < 8:
        return None
    x_min = min(line.x0 for line in with_text)
    x_max = max(line.x1 for line in with_text)
    width = x_max - x_min
    if width <= 0:
        return None
    qualifying: list[float] = []
    for step in range(300, 701, 5):
        x = x_min + width * step / 1000
        crossing = sum(1 for line in with_text if any(span.x0 < x < span.x1 for span in line.spans))
        if crossing > options.gutter_max_crossing * len(with_text):
            continue
        two_sided = [line for line in with_text
                     if any(span.x1 <= x for span in line.spans) and any(span.x0 >= x for span in line.spans)]
        if len(two_sided) < options.gutter_min_share * len(with_text):
            # Columns that start and end at different heights (Word's landscape pages, a picture above
            # the left column) share few baselines: each side then holds lines of its own.
            left_only = [line for line in with_text if line.x1 <= x]
            right_only = [line for line in with_text if line.x0 >= x]
            if not _ragged_columns(two_sided + left_only, two_sided + right_only, x, options):
                continue
            two_sided = two_sided + left_only + right_only
        left_extent = max(span.x1 for line in two_sided for span in line.spans if span.x1 <= x) - x_min
        right_extent = x_max - min(span.x0 for line in two_sided for span in line.spans if span.x0 >= x)
        if min(left_extent, right_extent) >= options.column_min_width * width:
            qualifying.append(x)
    if not qualifying or qualifying[-1] - qualifying[0] < options.gutter_min_width * width - 1e-9:
        return None
    return qualifying[0], qualifying[-1]


def _ragged_columns(left: list[Line], right: list[Line], x: float, options: ReaderOptions) -> bool:
    """Whether the lines left and right of ``x`` are two columns of running text of their own.

    Each side reads as running text (``grid.running_text``, the test that tells page columns from a
    table's) and the two are about as wide; an unruled table's label column (legislation's schedule
    of repeals, "Short title and chapter | Extent of repeal") is not running text.
    """
    widths = []
    for lines, keep in ((left, lambda piece: piece[1] <= x), (right, lambda piece: piece[0] >= x)):
        cuts = [kept for line in lines if (kept := tuple(piece for piece in pieces(line, options) if keep(piece)))]
        if not cuts:
            return False
        start, end = min(cut[0][0] for cut in cuts), max(cut[-1][1] for cut in cuts)
        if not running_text(cuts, start, end, options):
            return False
        widths.append(end - start)
    return min(widths) >= options.page_column_balance * max(widths)


def _spans_gutter(cluster: list[TextRun], channel: tuple[float, float], column_gap: float) -> bool:
    """Whether a line runs across the gutter: a run bridges the channel, or the gap there is a word space.

    Runs inside the channel (a centred page number) take no side.
    """
    channel_left, channel_right = channel
    visible = [run for run in cluster if run.text.strip()]
    if any(run.x0 < channel_left and run.x1 > channel_right for run in visible):
        return True
    before = [run for run in visible if (run.x0 + run.x1) / 2 < channel_left]
    after = [run for run in visible if (run.x0 + run.x1) / 2 > channel_right]
    if not before or not after:
        return False
    gap = min(run.x0 for run in after) - max(run.x1 for run in before)
    return gap < column_gap * max(run.size for run in visible)


def _baseline(cluster: list[TextRun]) -> float:
    """The baseline a cluster's line is built on: its most used run baseline (as in ``lines``)."""
    visible = [run for run in cluster if run.text.strip()] or cluster
    size = Counter(round(run.size, 1) for run in visible).most_common(1)[0][0]
    main = [run for run in visible if abs(run.size - size) < 0.5] or visible
    return round(Counter(round(run.y, 1) for run in main).most_common(1)[0][0], 1)


def _in_zones(left: list[Line], right: list[Line], across: list[Line]) -> list[Line]:
    """Full-width lines cut the page into zones; each zone reads its left column, then its right."""
    ordered: list[Line] = []
    upper = float("inf")
    for boundary in sorted(across, key=lambda line: -line.y) + [None]:
        lower = boundary.y if boundary is not None else float("-inf")
        ordered.extend(line for line in left if lower < line.y <= upper)
        ordered.extend(line for line in right if lower < line.y <= upper)
        if boundary is not None:
            ordered.append(boundary)
        upper = lower
    return ordered


