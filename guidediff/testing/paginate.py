"""Pagination: typeset blocks flowed onto pages, with footnotes, contents, title page and page furniture.

The order of work is what makes one pass enough:

1. every body element is typeset on its own (``blocks``); nothing there
   depends on the page an element lands on;
2. the contents entries are laid out on their pages; an entry's line breaks do
   not depend on its page number (the number has a column of its own), so the
   number of contents pages is known before the body is paginated;
3. the body is flowed onto the pages after the title and contents pages, each
   line moving to the next page together with its footnotes when they do not
   both fit;
4. with every page known, the printed labels are decided and the contents
   numbers, running headers and page numbers are drawn.

The result is a ``Plan``: what to draw on every page, plus the ``Layout``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from guidediff.pdf.labels import int_to_roman
from guidediff.testing import style
from guidediff.testing.blocks import (
    Block,
    FootnoteBody,
    Setting,
    Unit,
    typeset_element,
    typeset_footnote,
)
from guidediff.testing.drawing import Op, Rule, Run, Segment, TextLine
from guidediff.testing.layout import (
    ContentsEntry,
    ElementPlacement,
    FootnotePlacement,
    HeadingPlacement,
    Layout,
)
from guidediff.testing.linebreak import Line, break_lines, line_runs
from guidediff.testing.spec import (
    DocSpec,
    Element,
    Footnote,
    MainMatter,
    PageBreak,
    Spacer,
    SpecError,
    element_kind,
    element_texts,
    footnote_ids,
)
from guidediff.testing.style import PageGeometry, TextStyle
from guidediff.testing.text import parse_inline

_TOLERANCE = 1e-6
CONTENTS_TITLE = "Contents"


@dataclass(frozen=True, slots=True)
class PagePlan:
    """Everything drawn on one page, in drawing order."""

    ops: tuple[Op, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """A paginated document: what to draw, how pages are numbered, and the ground truth."""

    geometry: PageGeometry
    pages: tuple[PagePlan, ...]
    label_styles: tuple[tuple[int, str], ...]  # (first page, "roman" | "arabic"), numbering restarts at 1 each time
    layout: Layout


def typeset(spec: DocSpec) -> Plan:
    """Lay ``spec`` out on pages."""
    geometry = PageGeometry.for_size(spec.page_size)
    setting = Setting(geometry.left, geometry.column_width, spec.footnote_numbers(), spec.hyphenate)
    blocks = _typeset_blocks(spec, setting)
    front, contents = _front_pages(spec, blocks, geometry)

    flow = _BodyFlow(len(front), geometry, _typeset_footnotes(spec, setting))
    _flow_body(spec.body, blocks, flow)
    page_ops = [*front, *(page.finished_ops() for page in flow.pages)]
    assert page_ops, "DocSpec validation guarantees something to draw"

    main_start = _main_matter_start(spec, flow, len(front), len(page_ops))
    labels = _labels(len(page_ops), main_start)
    for slot in contents.slots:
        page_ops[slot.page].extend(_contents_entry_ops(slot, labels[_heading_page(flow, slot.heading)], geometry))
    # Header and page number are drawn first on the page, as Word does.
    for index in range(1 if spec.title_page else 0, len(page_ops)):
        page_ops[index][:0] = _furniture_ops(spec, geometry, labels[index])

    layout = _layout(spec, blocks, flow, labels, contents)
    pages = tuple(PagePlan(tuple(ops)) for ops in page_ops)
    return Plan(geometry, pages, _label_styles(main_start, len(page_ops)), layout)


def _typeset_blocks(spec: DocSpec, setting: Setting) -> dict[int, Block]:
    """Body index → block, for the elements that draw something."""
    return {
        index: block
        for index, element in enumerate(spec.body)
        if (block := typeset_element(element, index, setting)) is not None
    }


def _typeset_footnotes(spec: DocSpec, setting: Setting) -> dict[int, FootnoteBody]:
    texts = spec.footnote_texts()
    return {number: typeset_footnote(number, texts[ref], setting) for ref, number in setting.footnote_numbers.items()}


def _front_pages(
    spec: DocSpec, blocks: Mapping[int, Block], geometry: PageGeometry
) -> tuple[list[list[Op]], _Contents]:
    """What is drawn on the title and contents pages before the body is laid out, and the contents plan."""
    front: list[list[Op]] = [_title_page_ops(spec, geometry)] if spec.title_page else []
    if not spec.contents:
        return front, _Contents((), ())
    headings = [block for block in blocks.values() if block.kind == "heading"]
    slots, page_count = _plan_contents(headings, geometry, first_page=len(front))
    contents = _Contents(tuple(slots), tuple(range(len(front), len(front) + page_count)))
    front.append(_contents_title_ops(geometry))
    front.extend([] for _ in range(page_count - 1))
    return front, contents


# --- the body flow -------------------------------------------------------------------


class _PageFrame:
    """A body page being filled from the top; footnotes collect at its foot."""

    def __init__(self, index: int, geometry: PageGeometry) -> None:
        self.index = index
        self.geometry = geometry
        self.ops: list[Op] = []
        self.top = geometry.body_top  # where the free space begins
        self.footnotes: list[FootnoteBody] = []
        self.is_empty = True

    def footnote_area(self, extra: Sequence[FootnoteBody] = ()) -> float:
        bodies = [*self.footnotes, *extra]
        if not bodies:
            return 0.0
        gaps = style.FOOTNOTE_GAP * (len(bodies) - 1)
        return style.FOOTNOTE_SEPARATOR_SPACE + sum(body.height for body in bodies) + gaps

    def fits(self, height: float, footnotes: Sequence[FootnoteBody]) -> bool:
        return self.top - height >= self.geometry.body_bottom + self.footnote_area(footnotes) - _TOLERANCE

    def place(self, unit: Unit, gap: float, footnotes: Sequence[FootnoteBody]) -> None:
        self.top -= gap
        self.ops.extend(op.moved(self.top) for op in unit.ops)
        self.top -= unit.height
        self.footnotes.extend(footnotes)
        self.is_empty = False

    def finished_ops(self) -> list[Op]:
        """The body, then the separator rule and the footnotes stacked down to the bottom margin."""
        ops = list(self.ops)
        if not self.footnotes:
            return ops
        area_top = self.geometry.body_bottom + self.footnote_area()
        rule_y = area_top - style.FOOTNOTE_SEPARATOR_SPACE / 2
        ops.append(Rule(self.geometry.left, rule_y, self.geometry.left + style.FOOTNOTE_SEPARATOR_LENGTH, rule_y))
        top = area_top - style.FOOTNOTE_SEPARATOR_SPACE
        for body in self.footnotes:
            ops.extend(op.moved(top) for op in body.ops)
            top -= body.height + style.FOOTNOTE_GAP
        return ops


class _BodyFlow:
    """Places units on body pages, recording where each element's units and each footnote went."""

    def __init__(self, first_index: int, geometry: PageGeometry, footnotes: Mapping[int, FootnoteBody]) -> None:
        self.first_index = first_index
        self.geometry = geometry
        self.footnotes = footnotes
        self.pages: list[_PageFrame] = []
        self.pending_space = 0.0
        self.break_requested = False
        self.main_matter_requested = False
        self.main_matter_start: int | None = None
        self.unit_pages: dict[int, list[tuple[int, int]]] = defaultdict(list)  # block index → [(page, text offset)]
        self.footnote_pages: dict[int, int] = {}

    # steering elements
    def page_break(self) -> None:
        self.break_requested = True

    def main_matter(self) -> None:
        self.break_requested = True
        self.main_matter_requested = True

    def add_space(self, height: float) -> None:
        self.pending_space += height

    # content
    def flow(self, block: Block, following: Block | None) -> None:
        if block.starts_page:
            self.break_requested = True
        gap = max(self.pending_space, block.space_before)
        if block.keep_together:
            self._keep_together(gap, *self._group(block, following))
        for position, unit in enumerate(block.units):
            self._place(block.index, unit, gap if position == 0 else 0.0)
        self.pending_space = block.space_after

    def _group(self, block: Block, following: Block | None) -> tuple[float, tuple[int, ...]]:
        """Height and footnotes of what must share a page: the block, and the next block's first unit."""
        height = sum(unit.height for unit in block.units)
        footnotes = [number for unit in block.units for number in unit.footnotes]
        if block.keep_with_next and following is not None and not following.starts_page:
            height += max(block.space_after, following.space_before) + following.units[0].height
            footnotes.extend(following.units[0].footnotes)
        return height, tuple(footnotes)

    def _keep_together(self, gap: float, height: float, footnotes: tuple[int, ...]) -> None:
        page = self._current_page()
        bodies = [self.footnotes[number] for number in footnotes]
        # A group too tall for any page is left to break: better than an endless run of new pages.
        fits_here = page.is_empty or page.fits(gap + height, bodies)
        if not fits_here and _PageFrame(-1, self.geometry).fits(height, bodies):
            self._new_page()

    def _place(self, index: int, unit: Unit, gap: float) -> None:
        page = self._current_page()
        bodies = [self.footnotes[number] for number in unit.footnotes]
        if not page.is_empty and not page.fits(gap + unit.height, bodies):
            page = self._new_page()
        if page.is_empty:
            gap = 0.0
        if not page.fits(gap + unit.height, bodies):
            needed = unit.height + page.footnote_area(bodies)
            raise SpecError(
                f"body[{index}]: a line, table row or flowchart needs {needed:.0f}pt with its footnotes, "
                "more than a page holds; shorten it",
                index,
            )
        page.place(unit, gap, bodies)
        self.unit_pages[index].append((page.index, unit.offset))
        for number in unit.footnotes:
            self.footnote_pages[number] = page.index

    def _current_page(self) -> _PageFrame:
        if not self.pages or (self.break_requested and not self.pages[-1].is_empty):
            self._new_page()
        self.break_requested = False
        if self.main_matter_requested:
            self.main_matter_start = self.pages[-1].index
            self.main_matter_requested = False
        return self.pages[-1]

    def _new_page(self) -> _PageFrame:
        self.pages.append(_PageFrame(self.first_index + len(self.pages), self.geometry))
        return self.pages[-1]


def _flow_body(body: Sequence[Element], blocks: Mapping[int, Block], flow: _BodyFlow) -> None:
    for index, element in enumerate(body):
        if isinstance(element, PageBreak):
            flow.page_break()
        elif isinstance(element, MainMatter):
            flow.main_matter()
        elif isinstance(element, Spacer):
            flow.add_space(element.height)
        elif index in blocks:
            flow.flow(blocks[index], _following_block(body, blocks, index))


def _following_block(body: Sequence[Element], blocks: Mapping[int, Block], index: int) -> Block | None:
    """The next block that could share a page with ``body[index]`` (none past a page break)."""
    for later in range(index + 1, len(body)):
        if later in blocks:
            return blocks[later]
        if isinstance(body[later], (PageBreak, MainMatter)):
            return None
    return None


# --- title page and contents ----------------------------------------------------------


def _title_page_ops(spec: DocSpec, geometry: PageGeometry) -> list[Op]:
    ops: list[Op] = []
    top = geometry.height * 0.7
    top = _stacked_text(spec.title, style.TITLE, geometry, top, ops)
    if spec.subtitle:
        top = _stacked_text(spec.subtitle, style.SUBTITLE, geometry, top - 12, ops)
    top -= 24
    for detail in (spec.date, spec.publisher):
        if detail:
            top = _stacked_text(detail, style.TITLE_DETAIL, geometry, top, ops)
    if spec.notice:
        notice_lines = _plain_lines(spec.notice, style.NOTICE, geometry.column_width)
        notice_top = geometry.body_bottom + len(notice_lines) * style.NOTICE.leading
        if notice_top > top - style.TITLE_DETAIL.leading:
            raise SpecError("the title page cannot hold the title, subtitle, date, publisher and notice; shorten them")
        _draw_lines(notice_lines, style.NOTICE, geometry.left, notice_top, ops)
    return ops


def _plain_lines(text: str, text_style: TextStyle, width: float) -> tuple[Line, ...]:
    return break_lines(parse_inline(text).words, width, text_style, hyphenate=False)


def _stacked_text(text: str, text_style: TextStyle, geometry: PageGeometry, top: float, ops: list[Op]) -> float:
    """Draw ``text`` in lines from ``top`` down; return the y below it."""
    return _draw_lines(_plain_lines(text, text_style, geometry.column_width), text_style, geometry.left, top, ops)


def _draw_lines(lines: tuple[Line, ...], text_style: TextStyle, x: float, top: float, ops: list[Op]) -> float:
    for line in lines:
        ops.append(TextLine(top - text_style.size, (Segment(x, line_runs(line, text_style)),)))
        top -= text_style.leading
    return top


@dataclass(frozen=True, slots=True)
class _ContentsSlot:
    """Where a contents entry goes: page, top edge, indent and the lines of its heading text."""

    heading: Block
    page: int
    top: float
    indent: float
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class _Contents:
    """The contents entries and the pages they are printed on."""

    slots: tuple[_ContentsSlot, ...]
    pages: tuple[int, ...]


def _contents_title_ops(geometry: PageGeometry) -> list[Op]:
    title = style.CONTENTS_TITLE
    run = Run(CONTENTS_TITLE, title.font, title.size)
    return [TextLine(geometry.body_top - title.size, (Segment(geometry.left, (run,)),))]


def _plan_contents(
    headings: Sequence[Block], geometry: PageGeometry, first_page: int
) -> tuple[list[_ContentsSlot], int]:
    """Lay out the level-1 and level-2 entries on as many contents pages as they need; also return the page count."""
    entry = style.CONTENTS_ENTRY
    page = first_page
    top = geometry.body_top - style.CONTENTS_TITLE.leading - style.HEADING_SPACE_AFTER[1]
    first_on_page = True
    slots: list[_ContentsSlot] = []
    for heading in (block for block in headings if block.level <= 2):
        indent = (heading.level - 1) * style.CONTENTS_LEVEL_INDENT
        width = geometry.column_width - indent - style.CONTENTS_NUMBER_COLUMN - style.CONTENTS_LEADER_GAP
        lines = _plain_lines(heading.text, entry, width)
        space = style.CONTENTS_LEVEL1_SPACE_BEFORE if heading.level == 1 and not first_on_page else 0.0
        height = len(lines) * entry.leading
        if top - space - height < geometry.body_bottom - _TOLERANCE:
            page, top, space = page + 1, geometry.body_top, 0.0
        slots.append(_ContentsSlot(heading, page, top - space, indent, lines))
        top -= space + height
        first_on_page = False
    return slots, page - first_page + 1


def _contents_entry_ops(slot: _ContentsSlot, label: str, geometry: PageGeometry) -> list[Op]:
    """The entry's lines; the last one carries the dotted leader and the printed page number."""
    entry = style.CONTENTS_ENTRY
    x = geometry.left + slot.indent
    ops: list[Op] = []
    for position, line in enumerate(slot.lines):
        runs = line_runs(line, entry)
        segments = [Segment(x, runs)]
        if position == len(slot.lines) - 1:
            segments.extend(_leader_and_number(x + style.runs_width(runs), label, geometry))
        ops.append(TextLine(slot.top - position * entry.leading - entry.size, tuple(segments)))
    return ops


def _leader_and_number(text_end: float, label: str, geometry: PageGeometry) -> list[Segment]:
    entry = style.CONTENTS_ENTRY
    number_x = geometry.right - entry.width(label)
    leader_end = number_x - style.CONTENTS_LEADER_GAP
    dots = int((leader_end - text_end - style.CONTENTS_LEADER_GAP) / entry.width("."))
    segments = []
    if dots > 0:
        segments.append(Segment(leader_end - dots * entry.width("."), (Run("." * dots, entry.font, entry.size),)))
    segments.append(Segment(number_x, (Run(label, entry.font, entry.size),)))
    return segments


def _heading_page(flow: _BodyFlow, heading: Block) -> int:
    return flow.unit_pages[heading.index][0][0]


# --- page numbers ----------------------------------------------------------------------


def _main_matter_start(spec: DocSpec, flow: _BodyFlow, first_body_page: int, page_count: int) -> int | None:
    """The page printed "1" after roman front matter; None when every page is numbered in arabic from 1."""
    if spec.front_matter != "roman":
        return None
    if flow.main_matter_start is not None:
        return flow.main_matter_start
    return first_body_page if first_body_page < page_count else page_count


def _labels(page_count: int, main_start: int | None) -> tuple[str, ...]:
    if main_start is None:
        return tuple(str(index + 1) for index in range(page_count))
    return tuple(
        roman_numeral(index + 1) if index < main_start else str(index - main_start + 1) for index in range(page_count)
    )


def _label_styles(main_start: int | None, page_count: int) -> tuple[tuple[int, str], ...]:
    if main_start is None or main_start == 0:
        return ((0, "arabic"),)
    if main_start >= page_count:
        return ((0, "roman"),)
    return ((0, "roman"), (main_start, "arabic"))


def roman_numeral(number: int) -> str:
    """Lower-case roman numeral, as printed on front-matter pages ("iv", "xii")."""
    return int_to_roman(number)


def _furniture_ops(spec: DocSpec, geometry: PageGeometry, label: str) -> list[Op]:
    """Running header (top left) and printed page number (at the chosen position)."""
    ops: list[Op] = []
    position = spec.page_number_position
    if spec.running_header:
        header_style = style.RUNNING_HEADER
        header = parse_inline(spec.running_header).plain  # one line, spaces collapsed
        room = _header_room(position, geometry, label) if position.startswith("top") else geometry.column_width
        if header_style.width(header) > room:
            raise SpecError(f"the running header {header!r} does not fit on one line beside the page number")
        ops.append(TextLine(geometry.header_baseline, (_segment(header, header_style, geometry.left),)))
    if position != "none":
        ops.append(_page_number_op(position, geometry, label))
    return ops


def _header_room(position: str, geometry: PageGeometry, label: str) -> float:
    number_width = style.PAGE_NUMBER.width(label)
    if position == "top-right":
        return geometry.column_width - number_width - 12.0
    return (geometry.column_width - number_width) / 2 - 12.0


def _page_number_op(position: str, geometry: PageGeometry, label: str) -> TextLine:
    number = style.PAGE_NUMBER
    width = number.width(label)
    x = geometry.right - width if position.endswith("right") else geometry.left + (geometry.column_width - width) / 2
    y = geometry.header_baseline if position.startswith("top") else geometry.footer_baseline
    return TextLine(y, (_segment(label, number, x),))


def _segment(text: str, text_style: TextStyle, x: float) -> Segment:
    return Segment(x, (Run(text, text_style.font, text_style.size),))


# --- ground truth ------------------------------------------------------------------------


def _layout(
    spec: DocSpec,
    blocks: Mapping[int, Block],
    flow: _BodyFlow,
    labels: tuple[str, ...],
    contents: _Contents,
) -> Layout:
    numbers = spec.footnote_numbers()
    footnotes = _footnote_placements(spec, numbers, flow, labels)
    by_id = {footnote.id: footnote for footnote in footnotes}
    elements = tuple(
        _element_placement(index, element, blocks, flow, labels, by_id) for index, element in enumerate(spec.body)
    )
    headings = tuple(
        HeadingPlacement(block.index, block.level, block.text, page, labels[page])
        for block in blocks.values()
        if block.kind == "heading"
        for page in (_heading_page(flow, block),)
    )
    entries = tuple(
        ContentsEntry(heading.index, heading.level, heading.text, labels[_heading_page(flow, heading)], slot.page)
        for slot in contents.slots
        for heading in (slot.heading,)
    )
    return Layout(
        page_count=len(labels),
        labels=labels,
        title_page=0 if spec.title_page else None,
        contents_pages=contents.pages,
        elements=elements,
        footnotes=footnotes,
        headings=headings,
        contents=entries,
        printed_page_numbers=spec.page_number_position != "none",
        page_labels=spec.page_labels,
    )


def _element_placement(
    index: int,
    element: Element,
    blocks: Mapping[int, Block],
    flow: _BodyFlow,
    labels: tuple[str, ...],
    footnotes: Mapping[str, FootnotePlacement],
) -> ElementPlacement:
    kind = element_kind(element)
    if isinstance(element, Footnote):
        footnote = footnotes[element.id]
        return ElementPlacement(index, kind, (footnote.page,), (footnote.label,), footnote.text)
    block = blocks.get(index)
    if block is None:
        return ElementPlacement(index, kind)
    pages, offsets = _pages_and_offsets(flow.unit_pages[index])
    return ElementPlacement(
        index,
        kind,
        pages,
        tuple(labels[page] for page in pages),
        block.text,
        offsets,
        block.footnote_refs,
        block.hyphenated,
    )


def _pages_and_offsets(units: list[tuple[int, int]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Distinct pages in order, and the text offset at which each page after the first begins."""
    pages: list[int] = []
    offsets: list[int] = []
    for page, offset in units:
        if pages and page == pages[-1]:
            continue
        if pages:
            offsets.append(offset)
        pages.append(page)
    return tuple(pages), tuple(offsets)


def _footnote_placements(
    spec: DocSpec, numbers: Mapping[str, int], flow: _BodyFlow, labels: tuple[str, ...]
) -> tuple[FootnotePlacement, ...]:
    referenced_by = {
        ref: index
        for index, element in enumerate(spec.body)
        for text in element_texts(element)
        for ref in footnote_ids(text)
    }
    defined_by = {element.id: index for index, element in enumerate(spec.body) if isinstance(element, Footnote)}
    texts = spec.footnote_texts()
    placements = []
    for ref, number in sorted(numbers.items(), key=lambda item: item[1]):
        page = flow.footnote_pages[number]
        text = parse_inline(texts[ref]).plain
        placements.append(FootnotePlacement(number, ref, text, page, labels[page], referenced_by[ref], defined_by[ref]))
    return tuple(placements)
