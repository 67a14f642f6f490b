"""Typeset each body element on its own: lines, rows and boxes, not yet placed on pages.

An element becomes a ``Block`` of ``Unit`` values. A unit is the smallest thing
pagination moves to the next page: a line of a paragraph, a row of a table, a
whole flowchart. Every column has the same width on every page, so this step
does not depend on where the element will land, which is what lets the
contents page be laid out before the body (see ``paginate``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from guidediff.testing import style
from guidediff.testing.drawing import Anchor, Arrow, Box, Op, Rule, Run, Segment, TextLine
from guidediff.testing.linebreak import Line, break_lines, hyphenated_words, line_runs
from guidediff.testing.spec import Bullet, Element, Figure, Flowchart, Heading, Para, Table, element_kind
from guidediff.testing.style import TextStyle
from guidediff.testing.text import InlineText, parse_inline


@dataclass(frozen=True, slots=True)
class Unit:
    """Something pagination keeps whole; ``ops`` are relative to its top edge (y = 0, downwards negative)."""

    height: float
    ops: tuple[Op, ...]
    footnotes: tuple[int, ...] = ()  # numbers of the footnotes whose markers it draws
    offset: int = 0  # where its text starts in the block's plain text


@dataclass(frozen=True, slots=True)
class Block:
    """A typeset element with the rules for breaking it across pages and its ground-truth text."""

    index: int
    kind: str
    units: tuple[Unit, ...]
    text: str
    footnote_refs: tuple[tuple[int, int], ...] = ()
    hyphenated: tuple[str, ...] = ()
    space_before: float = 0.0
    space_after: float = 0.0
    starts_page: bool = False
    keep_together: bool = False
    keep_with_next: bool = False
    level: int = 0  # headings only


@dataclass(frozen=True, slots=True)
class Setting:
    """What typesetting an element needs to know about the document."""

    left: float
    width: float
    footnote_numbers: Mapping[str, int]
    hyphenate: bool

    def inline(self, text: str) -> InlineText:
        return parse_inline(text, self.footnote_numbers)


def typeset_element(element: Element, index: int, setting: Setting) -> Block | None:
    """The block for a drawing element; None for elements that only steer pagination."""
    if isinstance(element, Heading):
        return _heading(element, index, setting)
    if isinstance(element, Para):
        return _para(element, index, setting)
    if isinstance(element, Bullet):
        return _bullet(element, index, setting)
    if isinstance(element, Table):
        return _table(element, index, setting)
    if isinstance(element, Flowchart):
        return _flowchart(element, index, setting)
    if isinstance(element, Figure):
        return _figure(element, index, setting)
    return None


# --- lines of text -----------------------------------------------------------


def _line_units(
    lines: tuple[Line, ...],
    text_style: TextStyle,
    x: float,
    first_line_prefix: Segment | None = None,
) -> tuple[Unit, ...]:
    """One unit per line; ``first_line_prefix`` (a number or bullet marker) goes on the first line."""
    units = []
    for position, line in enumerate(lines):
        segments = [Segment(x, line_runs(line, text_style))]
        if position == 0 and first_line_prefix is not None:
            segments.insert(0, first_line_prefix)
        text_line = TextLine(-text_style.size, tuple(segments))
        units.append(Unit(text_style.leading, (text_line,), _line_footnotes(line), line.start))
    return tuple(units)


def _line_footnotes(line: Line) -> tuple[int, ...]:
    return tuple(piece.footnote for word in line.words for piece in word.pieces if piece.footnote is not None)


def _prefix(text: str, text_style: TextStyle, x: float) -> Segment:
    return Segment(x, (Run(text, text_style.font, text_style.size),))


def _next_tab(width: float, tab: float) -> float:
    """The first tab stop at least a small gap past ``width`` (how Word places text after a number)."""
    return tab * max(1, math.ceil((width + 6.0) / tab))


# --- elements ------------------------------------------------------------------


def _heading(heading: Heading, index: int, setting: Setting) -> Block:
    text_style = style.HEADINGS[heading.level]
    inline = setting.inline(heading.text)
    lines = break_lines(inline.words, setting.width, text_style, hyphenate=False)
    units = list(_line_units(lines, text_style, setting.left))
    anchor = Anchor(f"heading-{index}", inline.plain, heading.level, 0.0)
    units[0] = Unit(units[0].height, (anchor, *units[0].ops), units[0].footnotes, units[0].offset)
    return Block(
        index,
        element_kind(heading),
        tuple(units),
        inline.plain,
        inline.footnote_refs,
        space_before=style.HEADING_SPACE_BEFORE[heading.level],
        space_after=style.HEADING_SPACE_AFTER[heading.level],
        starts_page=heading.starts_page,
        keep_together=True,
        keep_with_next=True,
        level=heading.level,
    )


def _para(para: Para, index: int, setting: Setting) -> Block:
    text_style = style.BODY
    inline = setting.inline(para.text)
    indent = _next_tab(text_style.width(para.number), style.NUMBER_TAB) if para.number else 0.0
    lines = break_lines(inline.words, setting.width - indent, text_style, setting.hyphenate)
    number = _prefix(para.number, text_style, setting.left) if para.number else None
    units = _line_units(lines, text_style, setting.left + indent, number)
    return Block(
        index,
        element_kind(para),
        units,
        inline.plain,
        inline.footnote_refs,
        hyphenated_words(lines, inline.plain),
        space_after=style.PARA_SPACE_AFTER,
    )


def _bullet(bullet: Bullet, index: int, setting: Setting) -> Block:
    text_style = style.BODY
    inline = setting.inline(bullet.text)
    marker_x = setting.left + (bullet.level - 1) * style.BULLET_LEVEL_INDENT
    text_x = marker_x + max(style.BULLET_TEXT_GAP, text_style.width(bullet.marker) + 6.0)
    lines = break_lines(inline.words, setting.left + setting.width - text_x, text_style, setting.hyphenate)
    units = _line_units(lines, text_style, text_x, _prefix(bullet.marker, text_style, marker_x))
    return Block(
        index,
        element_kind(bullet),
        units,
        inline.plain,
        inline.footnote_refs,
        hyphenated_words(lines, inline.plain),
        space_after=style.BULLET_SPACE_AFTER,
    )


def _table(table: Table, index: int, setting: Setting) -> Block:
    column_width = setting.width / len(table.rows[0])
    units: list[Unit] = []
    row_texts: list[str] = []
    refs: list[tuple[int, int]] = []
    hyphenated: list[str] = []
    offset = 0
    for row_number, row in enumerate(table.rows):
        cell_style = style.TABLE_HEADER if table.header and row_number == 0 else style.TABLE_CELL
        cells = [setting.inline(cell) for cell in row]
        cell_lines = [
            break_lines(cell.words, column_width - 2 * style.TABLE_CELL_PADDING, cell_style, setting.hyphenate)
            for cell in cells
        ]
        units.append(_table_row(cell_lines, cell_style, setting.left, column_width, offset))
        cell_offset = offset
        for cell, lines in zip(cells, cell_lines, strict=True):
            refs.extend((number, cell_offset + at) for number, at in cell.footnote_refs)
            hyphenated.extend(hyphenated_words(lines, cell.plain))
            cell_offset += len(cell.plain) + 1  # the joining tab
        row_texts.append("\t".join(cell.plain for cell in cells))
        offset += len(row_texts[-1]) + 1  # the joining newline
    return Block(
        index,
        element_kind(table),
        tuple(units),
        "\n".join(row_texts),
        tuple(refs),
        tuple(hyphenated),
        space_before=style.TABLE_SPACE_BEFORE,
        space_after=style.TABLE_SPACE_AFTER,
    )


def _table_row(
    cell_lines: list[tuple[Line, ...]], cell_style: TextStyle, left: float, column_width: float, offset: int
) -> Unit:
    padding = style.TABLE_CELL_PADDING
    height = max(len(lines) for lines in cell_lines) * cell_style.leading + 2 * padding
    ops: list[Op] = []
    footnotes: list[int] = []
    for column, lines in enumerate(cell_lines):
        x = left + column * column_width
        ops.append(Box(x, -height, column_width, height))
        for line_number, line in enumerate(lines):
            baseline = -padding - line_number * cell_style.leading - cell_style.size
            ops.append(TextLine(baseline, (Segment(x + padding, line_runs(line, cell_style)),)))
            footnotes.extend(_line_footnotes(line))
    return Unit(height, tuple(ops), tuple(footnotes), offset)


def _flowchart(flowchart: Flowchart, index: int, setting: Setting) -> Block:
    """Title, then one box per step, arrows between them; kept on one page as a single unit."""
    title = setting.inline(flowchart.title)
    steps = [setting.inline(step) for step in flowchart.steps]
    ops: list[Op] = []
    footnotes: list[int] = []
    title_lines = break_lines(title.words, setting.width, style.FLOWCHART_TITLE, setting.hyphenate)
    y = _centred_lines(title_lines, style.FLOWCHART_TITLE, setting.left, setting.width, 0.0, ops, footnotes)
    y -= style.FLOWCHART_TITLE.leading / 2
    box_width = setting.width * style.FLOWCHART_BOX_SHARE
    box_left = setting.left + (setting.width - box_width) / 2
    centre = setting.left + setting.width / 2
    padding = style.FLOWCHART_BOX_PADDING
    hyphenated = list(hyphenated_words(title_lines, title.plain))
    for position, step in enumerate(steps):
        if position:
            ops.append(Arrow(centre, y, y - style.FLOWCHART_ARROW_LENGTH))
            y -= style.FLOWCHART_ARROW_LENGTH
        lines = break_lines(step.words, box_width - 2 * padding, style.FLOWCHART_STEP, setting.hyphenate)
        hyphenated.extend(hyphenated_words(lines, step.plain))
        box_height = len(lines) * style.FLOWCHART_STEP.leading + 2 * padding
        ops.append(Box(box_left, y - box_height, box_width, box_height))
        _centred_lines(lines, style.FLOWCHART_STEP, box_left, box_width, y - padding, ops, footnotes)
        y -= box_height
    text, refs = _joined([title, *steps])
    unit = Unit(-y, tuple(ops), tuple(footnotes), 0)
    return Block(
        index,
        element_kind(flowchart),
        (unit,),
        text,
        refs,
        tuple(hyphenated),
        space_before=style.FLOWCHART_SPACE,
        space_after=style.FLOWCHART_SPACE,
        keep_together=True,
    )


def _figure(figure: Figure, index: int, setting: Setting) -> Block:
    """Two axes and one stroked bar per value, half the column wide, kept on one page; it has no text."""
    width = setting.width / 2
    left = setting.left + setting.width / 4
    ops: list[Op] = [Rule(left, -figure.height, left + width, -figure.height, 1.0),
                     Rule(left, -figure.height, left, 0.0, 1.0)]
    slot = width / len(figure.bars)
    for position, bar in enumerate(figure.bars):
        if bar > 0:
            ops.append(Box(left + position * slot + slot * 0.2, -figure.height, slot * 0.6, bar * figure.height, 1.0))
    unit = Unit(figure.height, tuple(ops), (), 0)
    return Block(index, element_kind(figure), (unit,), "", space_before=style.FLOWCHART_SPACE,
                 space_after=style.FLOWCHART_SPACE, keep_together=True)


def _centred_lines(
    lines: tuple[Line, ...],
    text_style: TextStyle,
    left: float,
    width: float,
    top: float,
    ops: list[Op],
    footnotes: list[int],
) -> float:
    """Append ``lines`` centred in [left, left + width] from ``top`` down; return the y below them."""
    for line in lines:
        runs = line_runs(line, text_style)
        x = left + (width - style.runs_width(runs)) / 2
        ops.append(TextLine(top - text_style.size, (Segment(x, runs),)))
        footnotes.extend(_line_footnotes(line))
        top -= text_style.leading
    return top


def _joined(parts: list[InlineText]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain texts joined by newlines, with footnote offsets moved into the joined text."""
    refs: list[tuple[int, int]] = []
    offset = 0
    for part in parts:
        refs.extend((number, offset + at) for number, at in part.footnote_refs)
        offset += len(part.plain) + 1
    return "\n".join(part.plain for part in parts), tuple(refs)


# --- footnote bodies ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FootnoteBody:
    """A footnote as printed at the foot of a page: its number, then its text in a hanging indent."""

    number: int
    height: float
    ops: tuple[Op, ...]


def typeset_footnote(number: int, text: str, setting: Setting) -> FootnoteBody:
    text_style = style.FOOTNOTE
    inline = parse_inline(text)  # literal: a footnote cannot hold markers
    indent = max(style.FOOTNOTE_NUMBER_INDENT, text_style.width(str(number)) + 4.0)
    lines = break_lines(inline.words, setting.width - indent, text_style, setting.hyphenate)
    units = _line_units(lines, text_style, setting.left + indent, _prefix(str(number), text_style, setting.left))
    ops = tuple(op.moved(-position * text_style.leading) for position, unit in enumerate(units) for op in unit.ops)
    return FootnoteBody(number, len(units) * text_style.leading, ops)
