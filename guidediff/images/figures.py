"""Images stage, changed figures: drawn content (figures, flowcharts, pictures) that differs where the text does not.

In: an ``Alignment`` (the two documents, restricted to the pages compared, and their
paragraph links) and both editions' ``PdfPages``. Out: ``FigureChange``s for the report
stage to place, and for each the marks its snapshots show (``snapshots.Marks``).

Rules:
- A page's *drawing* is what is left when its text is painted out: every text
  object's box is blanked (every character's, when text hides in a form XObject), the page is rendered at ``SCALE`` in grey, and ink
  (darker than ``INK``) within ``GAP`` points of other ink is one drawing. A drawing
  narrower or shorter than ``MIN_SIZE`` points is a rule, a bullet or a speck, not a figure.
- Furniture is left out: a drawing printed at the same place, with the same look, on
  ``FURNITURE_PAGES`` or more pages of one edition (a header rule, a logo).
- Drawings are paired across the editions by look, wherever they are printed (text
  that re-flows moves a figure, even to another page): same size within ``SIZE_SLACK``
  points and the same ink, ignoring anti-aliasing (each edition's ink widened by a
  pixel must cover the other's, but for ``TOLERANCE`` of it). A drawing left unpaired
  is paired with one on the partner page (the page where most of its page's blocks
  went) when they overlap there; the pair is a changed figure, and the marks show
  where the ink differs. A drawing with no partner at all is new or gone, unless the
  other edition prints one like it elsewhere: then only the number of its repeats
  differs (one more footnote rule where footnotes fall on one more page), which is layout.
- Text changes speak for themselves: a drawing within ``TEXT_SLACK`` points of a block
  whose text changed is left to that change (a table that gained a row, a box whose
  words changed), so a figure change is only ever drawing that changed alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from guidediff.align import Alignment
from guidediff.document import Block, Document
from guidediff.images.raster import Box, PdfPages
from guidediff.images.snapshots import Marks
from guidediff.report.model import FigureChange, PageRegion, Side

SCALE = 1.0  # pixels per point (72 dpi): a hairline still shows (grey), a page renders in a few milliseconds
INK = 200  # grey level (0 black, 255 white) darker than which a pixel is ink
CELL = 3.0  # points: ink is gathered in cells this size before drawings are traced
GAP = 18.0  # points of white that still join two marks into one drawing (a flowchart's boxes, its dashed lines)
TEXT_SLACK = 2.0  # points: a drawing this close to the words of a changed block is left to that change
MIN_SIZE = 12.0  # points: a drawing narrower or shorter than this is a rule, a bullet or a speck, not a figure
FURNITURE_PAGES = 3
SIZE_SLACK = 2.0  # points
TOLERANCE = 0.002  # share of a drawing's ink pixels that may differ (anti-aliasing, rounding) and still be the same
TEXT_PAD = 1.0  # points around text's box that are painted out with it


@dataclass(frozen=True, slots=True)
class Drawing:
    """Ink on one page that is not text: its page, its box (points, y downwards) and its picture."""

    page_index: int
    box: Box
    ink: object  # a PIL image of mode "1": True where there is ink, the size of ``box`` at ``SCALE``
    count: int  # ink pixels


def find_figures(alignment: Alignment, old_pages: PdfPages, new_pages: PdfPages,
                 changed_blocks: Iterable[Block] = ()) -> tuple[list[FigureChange], dict[tuple[str, str], Marks]]:
    """The drawings that changed alone between the two editions, and the marks for their snapshots."""
    old_drawings = _without_furniture(list(_drawings(alignment.old, old_pages)))
    new_drawings = _without_furniture(list(_drawings(alignment.new, new_pages)))
    unpaired_old = list(range(len(old_drawings)))
    unpaired_new: list[int] = []
    for position, drawing in enumerate(new_drawings):
        match = next((index for index in unpaired_old if same(old_drawings[index], drawing)), None)
        if match is None:
            unpaired_new.append(position)
        else:
            unpaired_old.remove(match)
    partner_page = _partner_pages(alignment)
    pairs: list[tuple[Drawing | None, Drawing | None]] = []
    for position in unpaired_new:
        drawing = new_drawings[position]
        match = next((index for index in unpaired_old
                      if old_drawings[index].page_index == partner_page.get(drawing.page_index)
                      and _overlap(old_drawings[index].box, drawing.box) > 0), None)
        if match is not None:
            unpaired_old.remove(match)
            pairs.append((old_drawings[match], drawing))
        else:
            pairs.append((None, drawing))
    pairs.extend((old_drawings[index], None) for index in unpaired_old)
    # A drawing without a partner that the other edition prints elsewhere is a repeat (layout), not a change.
    pairs = [(old, new) for old, new in pairs if old is not None and new is not None
             or (old is not None and not any(same(old, other) for other in new_drawings))
             or (new is not None and not any(same(new, other) for other in old_drawings))]
    touched = _changed_areas(changed_blocks)
    figures: list[FigureChange] = []
    marks: dict[tuple[str, str], Marks] = {}
    for old, new in pairs:
        if (old is not None and _near_change(old, touched, alignment.old)) or \
                (new is not None and _near_change(new, touched, alignment.new)):
            continue
        identifier = _identifier(old, new)
        old_marks, new_marks, common = _differences(old, new)
        figures.append(FigureChange(
            identifier,
            _side(alignment.old, old_pages, old) if old is not None else None,
            _side(alignment.new, new_pages, new) if new is not None else None,
            common,
            _block_before(alignment.old, old) if old is not None else None,
            _block_before(alignment.new, new) if new is not None else None,
        ))
        marks[(identifier, "old")] = Marks("~", {old.page_index: old_marks} if old is not None else {})
        marks[(identifier, "new")] = Marks("~", {new.page_index: new_marks} if new is not None else {})
    return figures, marks


# --- tracing drawings -------------------------------------------------------------------


def compared_pages(document: Document) -> range:
    """The page indices a (perhaps restricted) document's blocks are printed on, first to last."""
    pages = [page for block in document.blocks for page in block.pages]
    return range(min(pages), max(pages) + 1) if pages else range(0)


def _drawings(document: Document, pages: PdfPages) -> Iterable[Drawing]:
    from PIL import ImageDraw  # noqa: PLC0415 - optional: the pages extra

    for page_index in compared_pages(document):
        picture = pages.render(page_index, SCALE, grey=True)
        blank = ImageDraw.Draw(picture)
        for left, top, right, bottom in pages.text_boxes(page_index):
            blank.rectangle([(left - TEXT_PAD) * SCALE, (top - TEXT_PAD) * SCALE,
                             (right + TEXT_PAD) * SCALE, (bottom + TEXT_PAD) * SCALE], fill=255)
        ink = picture.point(lambda level: 255 if level < INK else 0, mode="1")
        cells = _cells(ink)
        for box in _traced(cells):
            if box[2] - box[0] < MIN_SIZE or box[3] - box[1] < MIN_SIZE:
                continue
            crop = ink.crop(tuple(round(value * SCALE) for value in box))
            count = sum(crop.convert("L").histogram()[255:])
            if count:
                yield Drawing(page_index, box, crop, count)


Cells = tuple[float, object]  # a cell's size in points, and a PIL image of mode "L" with one pixel per cell, 255 where inked


def _cells(ink) -> Cells:  # noqa: ANN001 - a PIL image of mode "1"
    """Which cells of about ``CELL`` points hold ink."""
    size = max(1, round(CELL * SCALE))
    # A cell's mean is above zero when any pixel in it is ink.
    small = ink.convert("L").reduce(size).point(lambda level: 255 if level else 0)
    return size / SCALE, small


def _traced(cells: Cells) -> list[Box]:
    """Boxes (points) of the groups of inked cells no further than ``GAP`` apart, in reading order."""
    from PIL import ImageFilter  # noqa: PLC0415 - optional: the pages extra

    cell, small = cells
    reach = max(1, round(GAP / cell))
    columns = small.width  # type: ignore[attr-defined]
    if small.getbbox() is None:  # type: ignore[attr-defined]
        return []  # no ink at all
    inked = _set_cells(small.tobytes(), columns)  # type: ignore[attr-defined]
    # Widen the ink by the gap, so that neighbours touch; then each group is a plain 8-connected region.
    # A box blur spreads each inked cell over the square around it (one pass per axis, fast at any reach).
    widened = small.filter(ImageFilter.BoxBlur(reach)).point(lambda level: 255 if level else 0)  # type: ignore[attr-defined]
    joined = _set_cells(widened.tobytes(), columns)
    seen: set[tuple[int, int]] = set()
    boxes: list[Box] = []
    for start in sorted(inked, key=lambda item: (item[1], item[0])):
        if start in seen:
            continue
        seen.add(start)
        stack, group = [start], []
        while stack:
            x, y = stack.pop()
            if (x, y) in inked:
                group.append((x, y))
            for neighbour in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1),
                              (x + 1, y + 1), (x - 1, y - 1), (x + 1, y - 1), (x - 1, y + 1)):
                if neighbour in joined and neighbour not in seen:
                    seen.add(neighbour)
                    stack.append(neighbour)
        xs, ys = [item[0] for item in group], [item[1] for item in group]
        boxes.append((min(xs) * cell, min(ys) * cell, (max(xs) + 1) * cell, (max(ys) + 1) * cell))
    return boxes


_SET = re.compile(rb"[^\x00]")


def _set_cells(data: bytes, columns: int) -> set[tuple[int, int]]:
    """(column, row) of every non-zero byte of a one-byte-per-cell image (a regular expression scans it at C speed)."""
    return {(match.start() % columns, match.start() // columns) for match in _SET.finditer(data)}


def _without_furniture(drawings: list[Drawing]) -> list[Drawing]:
    """The drawings that are not printed alike at the same place on ``FURNITURE_PAGES`` pages or more."""
    kept = []
    for drawing in drawings:
        repeats = {other.page_index for other in drawings
                   if all(abs(a - b) <= SIZE_SLACK for a, b in zip(other.box, drawing.box)) and same(other, drawing)}
        if len(repeats) < FURNITURE_PAGES:
            kept.append(drawing)
    return kept


# --- comparing drawings -------------------------------------------------------------------


def same(first: Drawing, second: Drawing) -> bool:
    """Whether two drawings look alike: the same size and the same ink, but for anti-aliasing."""
    if abs((first.box[2] - first.box[0]) - (second.box[2] - second.box[0])) > SIZE_SLACK or \
            abs((first.box[3] - first.box[1]) - (second.box[3] - second.box[1])) > SIZE_SLACK:
        return False
    if abs(first.count - second.count) > max(4, 0.05 * max(first.count, second.count)):
        return False
    only_first, only_second = _uncovered(first, second)
    return only_first + only_second <= max(4, TOLERANCE * (first.count + second.count))


def _layers(first: Drawing, second: Drawing) -> tuple[list[Any], list[Any]]:
    """The two drawings' ink on canvases of one size, laid top-left to top-left, and each widened by a pixel."""
    from PIL import Image, ImageFilter  # noqa: PLC0415 - optional: the pages extra

    width, height = max(first.ink.width, second.ink.width), max(first.ink.height, second.ink.height)
    layers = []
    for drawing in (first, second):
        canvas = Image.new("L", (width, height), 0)
        canvas.paste(drawing.ink.convert("L"), (0, 0))
        layers.append(canvas)
    return layers, [layer.filter(ImageFilter.MaxFilter(3)) for layer in layers]


def _uncovered(first: Drawing, second: Drawing) -> tuple[int, int]:
    """Ink pixels of each drawing not covered by the other's ink widened by a pixel, the two laid top-left to top-left."""
    from PIL import ImageChops  # noqa: PLC0415 - optional: the pages extra

    layers, widened = _layers(first, second)
    only_first = ImageChops.subtract(layers[0], widened[1])
    only_second = ImageChops.subtract(layers[1], widened[0])
    return sum(only_first.histogram()[128:]), sum(only_second.histogram()[128:])


def _differences(old: Drawing | None, new: Drawing | None) -> tuple[list[Box], list[Box], float]:
    """Where each side's ink differs (boxes in points, y downwards) and the share of ink they have in common."""
    if old is None or new is None:
        only = old or new
        assert only is not None
        return ([old.box] if old else []), ([new.box] if new else []), 0.0
    from PIL import ImageChops  # noqa: PLC0415 - optional: the pages extra

    layers, widened = _layers(old, new)
    boxes: list[list[Box]] = []
    uncovered = 0
    for mine, theirs, drawing in ((layers[0], widened[1], old), (layers[1], widened[0], new)):
        difference = ImageChops.subtract(mine, theirs)
        uncovered += sum(difference.histogram()[128:])
        # Gather the differing pixels into the same cells as drawings, so the marks are regions, not dust.
        found = _traced(_cells(difference.point(lambda level: 255 if level >= 128 else 0, mode="1")))
        left, top = drawing.box[0], drawing.box[1]
        boxes.append([(left + box[0], top + box[1], left + box[2], top + box[3]) for box in found])
    common = 1.0 - uncovered / max(1, old.count + new.count)
    return boxes[0], boxes[1], round(max(0.0, min(1.0, common)), 4)


# --- where a drawing stands -------------------------------------------------------------


def _partner_pages(alignment: Alignment) -> dict[int, int]:
    """For each new page, the old page where most of its blocks' partners are printed."""
    votes: dict[int, dict[int, int]] = {}
    for link in alignment.paragraphs:
        if link.old is not None and link.new is not None:
            tally = votes.setdefault(link.new.pages[0], {})
            tally[link.old.pages[0]] = tally.get(link.old.pages[0], 0) + 1
    return {page: max(tally.items(), key=lambda item: (item[1], -item[0]))[0] for page, tally in votes.items()}


def _overlap(first: Box, second: Box) -> float:
    width = min(first[2], second[2]) - max(first[0], second[0])
    height = min(first[3], second[3]) - max(first[1], second[1])
    return max(0.0, width) * max(0.0, height)


def _changed_areas(blocks: Iterable[Block]) -> dict[int, list[tuple[float, float, float, float]]]:
    """The regions (y upwards, as the reader gives them) of the blocks whose text changed, by page."""
    areas: dict[int, list[tuple[float, float, float, float]]] = {}
    for block in blocks:
        for region in block.regions:
            areas.setdefault(region.page, []).append((region.x0, region.y0, region.x1, region.y1))
    return areas


def _near_change(drawing: Drawing, touched: dict[int, list[tuple[float, float, float, float]]],
                 document: Document) -> bool:
    height = document.pages[drawing.page_index].height
    left, top, right, bottom = drawing.box
    for x0, y0, x1, y1 in touched.get(drawing.page_index, ()):
        area = (x0 - TEXT_SLACK, height - y1 - TEXT_SLACK, x1 + TEXT_SLACK, height - y0 + TEXT_SLACK)
        if _overlap(area, drawing.box) > 0 or (left >= area[0] and right <= area[2] and top >= area[1] and bottom <= area[3]):
            return True
    return False


def _block_before(document: Document, drawing: Drawing) -> int | None:
    """The seq of the last block printed before the drawing: on an earlier page, or above it on its page."""
    height = document.pages[drawing.page_index].height
    before: int | None = None
    for block in document.blocks:
        for region in block.regions:
            top = height - region.y1
            if region.page < drawing.page_index or (region.page == drawing.page_index and top < drawing.box[1]):
                before = block.seq
    return before


def _side(document: Document, pages: PdfPages, drawing: Drawing) -> Side:
    region = PageRegion(document.page_label(drawing.page_index), drawing.page_index,
                        pages.to_region_box(drawing.page_index, drawing.box))
    return Side(None, (region.page,), "", "figure", None, (), (region,))


def _identifier(old: Drawing | None, new: Drawing | None) -> str:
    """A stable id: the drawing's page and place in the new edition, else in the old."""
    if new is not None:
        return f"c-fn{new.page_index}-{round(new.box[1])}-{round(new.box[0])}"
    assert old is not None
    return f"c-fo{old.page_index}-{round(old.box[1])}-{round(old.box[0])}"
