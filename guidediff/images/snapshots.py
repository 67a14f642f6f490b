"""Images stage, page snapshots: each side of each change pictured where it is printed, its changed words marked.

In: a ``Report`` (changes whose sides carry ``PageRegion``s), the two ``PdfPages``, which
changes to picture (``PageImageMode``) and a size budget. Out: ``PageImages``: one
``Snapshot`` per page region of each pictured side, and the changes left out to keep
within the budget.

Rules:
- A snapshot is the region and a margin of ``MARGIN`` points, clamped to the page,
  rendered at ``SCALE`` pixels per point (144 dpi: the printed text stays legible when
  the picture is shown at half its width beside the other edition's).
- Deleted words are marked in the old edition, inserted words in the new, by the boxes
  of the characters that print them (``locate``); a figure change marks the drawing
  that differs. Marks are a translucent fill with a solid border, so a changed comma
  is still seen and the words under a mark still read.
- Each picture is a PNG with an adaptive palette (text on a page has few colours), or
  a JPEG when that is much smaller (a photograph); the same pixels give the same bytes.
- The budget counts what the pictures add to the HTML page: their data: URIs. When the
  pictures at ``SCALE`` exceed it, all are made again at a lower scale, never below
  ``MIN_SCALE`` (below 90 dpi body text blurs); if they still exceed it, changes are
  left out whole (both sides), the last ones first: figure changes and substantive
  changes come before minor ones and those before bookkeeping, each in reading order. Every change left out is listed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass

from guidediff.images.locate import locate, merge_lines
from guidediff.images.raster import Box, Char, PdfPages
from guidediff.report.model import Change, ChangeKind, Highlight, PageImageMode, PageImages, PageRegion, Report, Side, Snapshot
from guidediff.textdiff import Level

DEFAULT_BUDGET = 4_000_000  # bytes of data: URIs; see README ("Page images") for why
SCALE = 2.0  # pixels per point: 144 dpi
MIN_SCALE = 1.25  # 90 dpi
MARGIN = 10.0  # points around a region
MARK_PAD = 1.0  # points a mark reaches beyond its characters' boxes
PALETTE = 64  # colours of a PNG's adaptive palette
JPEG_QUALITY = 80
JPEG_WHEN = 0.6  # a JPEG is chosen only below this share of the PNG's size
PHOTO_BYTES_PER_PIXEL = 0.5  # a palette PNG this large per pixel holds a photograph or a shaded drawing: try a JPEG
COLOURS = {"-": ((214, 40, 40), 70), "+": ((26, 150, 65), 70), "~": ((0, 90, 200), 45)}  # RGB and fill alpha
BORDER = 2  # pixels


@dataclass(frozen=True, slots=True)
class Marks:
    """The boxes to mark on one side of one change, per page index (y-downwards points)."""

    op: str
    boxes: dict[int, list[Box]]


def side_texts(change: Change) -> tuple[tuple[str, list[tuple[int, int]]], tuple[str, list[tuple[int, int]]]]:
    """The old and new texts as the diff saw them, each with the spans of it that changed."""
    results = []
    for keep, changed in (("=-", "-"), ("=+", "+")):
        text, spans, at = [], [], 0
        for op, piece in change.diff:
            if op not in keep:
                continue
            if op == changed:
                spans.append((at, at + len(piece)))
            text.append(piece)
            at += len(piece)
        results.append(("".join(text), spans))
    return results[0], results[1]


def word_marks(pages: PdfPages, side: Side, text: str, spans: list[tuple[int, int]], op: str) -> Marks:
    """The changed words of one side, found among the characters printed in its regions."""
    chars: list[Char] = []
    page_of: list[int] = []
    for region in side.regions:
        if chars:
            chars.append(Char(-1, " ", None))  # the page break is a word break
            page_of.append(region.page_index)
        found = pages.chars_in(region.page_index, pages.from_region_box(region.page_index, region.box))
        chars.extend(found)
        page_of.extend([region.page_index] * len(found))
    boxes: dict[int, list[Box]] = {}
    if not spans or not chars:
        return Marks(op, boxes)
    for positions in locate(text, spans, chars):
        per_page: dict[int, list[Box]] = {}
        for position in positions:
            box = chars[position].box
            if box is not None:
                per_page.setdefault(page_of[position], []).append(box)
        for page_index, page_boxes in per_page.items():
            boxes.setdefault(page_index, []).extend(merge_lines(page_boxes))
    return Marks(op, boxes)


def picture(pages: PdfPages, change_id: str, side_name: str, region: PageRegion, marks: Marks,
            scale: float) -> Snapshot:
    """One region of one side, cropped with a margin, its marks drawn, encoded."""
    from PIL import Image, ImageDraw  # noqa: PLC0415 - optional: the pages extra

    width, height = pages.size(region.page_index)
    left, top, right, bottom = pages.from_region_box(region.page_index, region.box)
    crop = (max(0.0, left - MARGIN), max(0.0, top - MARGIN), min(width, right + MARGIN), min(height, bottom + MARGIN))
    image = pages.render(region.page_index, scale, crop)
    # The picture starts at a whole pixel of the page's (raster.render): marks are placed from there.
    origin = (math.floor(crop[0] * scale) / scale, math.floor(crop[1] * scale) / scale)
    highlights: list[Highlight] = []
    boxes = marks.boxes.get(region.page_index, [])
    if boxes:
        colour, alpha = COLOURS[marks.op]
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for box in boxes:
            padded = (box[0] - MARK_PAD, box[1] - MARK_PAD, box[2] + MARK_PAD, box[3] + MARK_PAD)
            highlights.append(Highlight(marks.op, pages.to_region_box(region.page_index, padded)))
            shape = [round((padded[0] - origin[0]) * scale), round((padded[1] - origin[1]) * scale),
                     round((padded[2] - origin[0]) * scale), round((padded[3] - origin[1]) * scale)]
            draw.rectangle(shape, fill=(*colour, alpha), outline=(*colour, 255), width=BORDER)
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    media_type, data = encode(image)
    return Snapshot(change_id, side_name, region, pages.to_region_box(region.page_index, crop), tuple(highlights),
                    image.width, image.height, media_type, data, data_uri_size(media_type, data))


def encode(image) -> tuple[str, bytes]:  # noqa: ANN001 - a PIL image
    """The smaller fitting encoding: a palette PNG, or a JPEG when it is much smaller (a photograph)."""
    from PIL import Image  # noqa: PLC0415 - optional: the pages extra

    png = io.BytesIO()
    image.quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(png, format="PNG")
    if png.tell() < PHOTO_BYTES_PER_PIXEL * image.width * image.height:
        return "image/png", png.getvalue()  # text and line art: a JPEG would be larger and blur it
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=JPEG_QUALITY)
    if jpeg.tell() < JPEG_WHEN * png.tell():
        return "image/jpeg", jpeg.getvalue()
    return "image/png", png.getvalue()


def data_uri_size(media_type: str, data: bytes) -> int:
    """The length of ``data:<type>;base64,…`` for these bytes."""
    return len(f"data:{media_type};base64,") + 4 * math.ceil(len(data) / 3)


def chosen_changes(report: Report, mode: PageImageMode) -> list[Change]:
    """The changes to picture, in the order they keep their place in the budget."""
    if mode is PageImageMode.OFF:
        return []
    first = [change for change in report.changes if change.kind is ChangeKind.FIGURE or change.substantive]
    minor = [change for change in report.changes if change.level is Level.MINOR]
    rest = [change for change in report.changes if change.level is Level.BOOKKEEPING] if mode is PageImageMode.ALL else []
    return first + minor + rest


def build(report: Report, old_pages: PdfPages, new_pages: PdfPages, mode: PageImageMode,
          budget: int = DEFAULT_BUDGET, figure_marks: dict[tuple[str, str], Marks] | None = None) -> PageImages:
    """Snapshots of the report's changes within ``budget`` bytes (0: no limit)."""
    changes = chosen_changes(report, mode)
    marks = {}
    for change in changes:
        marks[change.id] = _marks(change, old_pages, new_pages, figure_marks or {})
    scale = SCALE
    pictures = _pictures(changes, marks, old_pages, new_pages, scale)
    total = sum(shot.size for shots in pictures.values() for shot in shots)
    if budget and total > budget and scale > MIN_SCALE:
        # Encoded size follows the number of pixels, that is the square of the scale.
        scale = max(MIN_SCALE, round(scale * math.sqrt(budget / total) * 0.95, 3))
        pictures = _pictures(changes, marks, old_pages, new_pages, scale)
    kept: list[Snapshot] = []
    left_out: list[str] = []
    used = 0
    for change in changes:
        size = sum(shot.size for shot in pictures[change.id])
        if budget and used + size > budget:
            left_out.append(change.id)
            continue
        used += size
        kept.extend(pictures[change.id])
    order = {change.id: position for position, change in enumerate(report.changes)}
    kept.sort(key=lambda shot: (order[shot.change], shot.side != "old"))
    left_out.sort(key=order.__getitem__)
    return PageImages(mode, budget, used, round(scale * 72, 1), tuple(kept), tuple(left_out))


def _marks(change: Change, old_pages: PdfPages, new_pages: PdfPages,
           figure_marks: dict[tuple[str, str], Marks]) -> tuple[Marks, Marks]:
    if change.kind is ChangeKind.FIGURE:
        return (figure_marks.get((change.id, "old"), Marks("~", {})), figure_marks.get((change.id, "new"), Marks("~", {})))
    (old_text, old_spans), (new_text, new_spans) = side_texts(change)
    old = word_marks(old_pages, change.old, old_text, old_spans, "-") if change.old else Marks("-", {})
    new = word_marks(new_pages, change.new, new_text, new_spans, "+") if change.new else Marks("+", {})
    return old, new


def _pictures(changes: Iterable[Change], marks: dict[str, tuple[Marks, Marks]], old_pages: PdfPages,
              new_pages: PdfPages, scale: float) -> dict[str, list[Snapshot]]:
    pictures: dict[str, list[Snapshot]] = {}
    for change in changes:
        shots: list[Snapshot] = []
        for side_name, side, pages, side_marks in (("old", change.old, old_pages, marks[change.id][0]),
                                                    ("new", change.new, new_pages, marks[change.id][1])):
            if side is None:
                continue
            for region in side.regions:
                shots.append(picture(pages, change.id, side_name, region, side_marks, scale))
        pictures[change.id] = shots
    return pictures
