"""Images stage, page rasters: a PDF's pages as pictures, and its printed characters as boxes (pypdfium2).

In: a read ``Document`` (its path, its pages' display sizes) and the file's password.
Out: per page, the page rendered at a scale (a PIL image) and every character pdfium's
text page finds, with its box; both in the *reader's frame*.

Rules:
- The reader's frame is the one ``Block.regions`` are in: the visible page (crop box),
  /Rotate applied, and turned further when most of the page's text would read sideways
  (the reader reads a landscape table upright). pdfium renders with /Rotate applied; the
  extra turn is found here the way the reader finds it, from the characters' angles,
  and given to pdfium as its additional rotation, so pixels and regions agree.
- Boxes here are in points, y *downwards* from the top of the page in that frame
  (``Box``: left, top, right, bottom), what a picture needs; ``to_region_box`` turns one
  back into the report's y-upwards box.
- A character's box is pdfium's loose box (the font's ascent to descent), so marks on
  one line have one height. Characters pdfium generated (spaces and line ends it
  inferred) have no box.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

from guidediff.document import Document
from guidediff.errors import EncryptedPdfError, InputError
from guidediff.images import require_pdfium

Box = tuple[float, float, float, float]  # left, top, right, bottom: points, y downwards
PRECISION = 1000  # pdfium maps to integer device units; a thousandth of a point is exact enough


@dataclass(frozen=True, slots=True)
class Char:
    """One character of pdfium's text page; ``box`` None for a character pdfium generated."""

    index: int
    text: str
    box: Box | None


class PdfPages:
    """One PDF opened with pdfium, read page by page as the reader's ``Document`` sees it."""

    def __init__(self, document: Document, password: str | None = None) -> None:
        pdfium = require_pdfium()
        self.document = document
        try:
            self._pdf = pdfium.PdfDocument(document.path, password=password)
        except pdfium.PdfiumError as error:
            if "password" in str(error).lower():
                raise EncryptedPdfError(f"'{document.path}' is encrypted; give its password with --password") from None
            raise InputError(f"cannot draw the pages of '{document.path}': {error}") from None
        self._pdfium = pdfium
        self._chars: dict[int, tuple[Char, ...]] = {}
        self._turns: dict[int, int] = {}
        self._pages: dict[int, Any] = {}
        self._frames: dict[int, tuple[float, float, float, float, float, float]] = {}

    def close(self) -> None:
        for page in self._pages.values():
            page.close()
        self._pages.clear()
        self._pdf.close()

    def page(self, page_index: int) -> Any:
        """pdfium's page, loaded (parsed) once."""
        if page_index not in self._pages:
            self._pages[page_index] = self._pdf[page_index]
        return self._pages[page_index]

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- geometry ------------------------------------------------------------------
    def size(self, page_index: int) -> tuple[float, float]:
        """The page's width and height in the reader's frame, in points."""
        page = self.document.pages[page_index]
        if page.width and page.height:
            return page.width, page.height
        width, height = self.page(page_index).get_size()
        return (height, width) if self.turn(page_index) in (90, 270) else (width, height)

    def turn(self, page_index: int) -> int:
        """The clockwise quarter turn from pdfium's display of the page to the reader's frame."""
        if page_index not in self._turns:
            self._turns[page_index] = self._reading_turn(page_index)
        return self._turns[page_index]

    def _reading_turn(self, page_index: int) -> int:
        # As the reader decides (pdf/reader.py, _reading_turn): turn only when text in one
        # sideways direction outweighs the upright text more than twice.
        page = self.page(page_index)
        known = self.document.pages[page_index]
        shown_width, shown_height = page.get_size()
        if known.width and abs(known.width - shown_width) < 1 and abs(known.height - shown_height) < 1 \
                and abs(shown_width - shown_height) >= 1:
            return 0  # the reader kept pdfium's orientation (an upside-down page, turned 180°, is not worth a read)
        text_page = page.get_textpage()
        textpage = text_page.raw
        raw = self._pdfium.raw
        rotation = page.get_rotation()
        weights: dict[int, int] = {}
        try:
            for index in range(text_page.count_chars()):
                code = raw.FPDFText_GetUnicode(textpage, index)
                if code <= 32 or raw.FPDFText_IsGenerated(textpage, index) == 1:
                    continue
                angle = raw.FPDFText_GetCharAngle(textpage, index)
                if angle < 0:
                    continue
                # pdfium's angle is counter-clockwise in user space; /Rotate turns the page clockwise.
                direction = (round(math.degrees(angle) / 90) * 90 - rotation) % 360
                weights[direction] = weights.get(direction, 0) + 1
        finally:
            text_page.close()
        if not weights:
            return 0
        direction, weight = max(weights.items(), key=lambda item: (item[1], -item[0]))
        if direction == 0 or weight <= 2 * weights.get(0, 0):
            return 0
        return direction

    def _to_frame(self, page_index: int) -> tuple[float, float, float, float, float, float]:
        """The affine map (a, b, c, d, e, f) from the page's user space to the frame: x' = a x + c y + e, y' = b x + d y + f."""
        if page_index in self._frames:
            return self._frames[page_index]
        page = self.page(page_index)
        width, height = self.size(page_index)
        raw = self._pdfium.raw
        out_x, out_y = ctypes.c_int(), ctypes.c_int()

        def device(x: float, y: float) -> tuple[float, float]:
            raw.FPDF_PageToDevice(page, 0, 0, round(width * PRECISION), round(height * PRECISION),
                                  self.turn(page_index) // 90, x, y, out_x, out_y)
            return out_x.value / PRECISION, out_y.value / PRECISION

        # Far-apart points, so the integer rounding of pdfium's device units does not show.
        origin, unit_x, unit_y = device(0, 0), device(1000, 0), device(0, 1000)
        self._frames[page_index] = ((unit_x[0] - origin[0]) / 1000, (unit_x[1] - origin[1]) / 1000,
                (unit_y[0] - origin[0]) / 1000, (unit_y[1] - origin[1]) / 1000, origin[0], origin[1])
        return self._frames[page_index]

    def to_region_box(self, page_index: int, box: Box) -> tuple[float, float, float, float]:
        """A y-downwards box as the report's y-upwards (x0, y0, x1, y1), rounded to a hundredth of a point."""
        height = self.size(page_index)[1]
        left, top, right, bottom = box
        return (round(left, 2), round(height - bottom, 2), round(right, 2), round(height - top, 2))

    def from_region_box(self, page_index: int, box: tuple[float, float, float, float]) -> Box:
        """The report's y-upwards (x0, y0, x1, y1) as a y-downwards box."""
        height = self.size(page_index)[1]
        x0, y0, x1, y1 = box
        return (min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1))

    # --- text ----------------------------------------------------------------------
    def chars(self, page_index: int) -> tuple[Char, ...]:
        """Every character of the page's text page, in pdfium's order, with boxes in the frame."""
        if page_index not in self._chars:
            self._chars[page_index] = self._read_chars(page_index)
        return self._chars[page_index]

    def _read_chars(self, page_index: int) -> tuple[Char, ...]:
        text_page = self.page(page_index).get_textpage()
        textpage = text_page.raw  # the bare handle: pypdfium2's wrapper costs a conversion per call
        raw = self._pdfium.raw
        a, b, c, d, e, f = self._to_frame(page_index)
        rect = raw.FS_RECTF()
        get_unicode, is_generated, loose_box = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, raw.FPDFText_GetLooseCharBox
        found: list[Char] = []
        try:
            for index in range(text_page.count_chars()):
                code = get_unicode(textpage, index)
                text = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
                box: Box | None = None
                if is_generated(textpage, index) != 1 and loose_box(textpage, index, rect):
                    # Two opposite corners are enough: the map only scales, moves and turns by quarter turns.
                    x0, y0 = a * rect.left + c * rect.top + e, b * rect.left + d * rect.top + f
                    x1, y1 = a * rect.right + c * rect.bottom + e, b * rect.right + d * rect.bottom + f
                    if x0 != x1 and y0 != y1:
                        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
                found.append(Char(index, text, box))
        finally:
            text_page.close()
        return tuple(found)

    def text_boxes(self, page_index: int) -> tuple[Box, ...]:
        """Boxes that cover all the page's text: its text objects' boxes, or its characters' when some text
        is inside a form XObject (whose objects pdfium places in the form's own space)."""
        pdfium = self._pdfium
        page = self.page(page_index)
        objects = list(page.get_objects(max_depth=0))
        if any(item.type == pdfium.raw.FPDF_PAGEOBJ_FORM for item in objects):
            return tuple(char.box for char in self.chars(page_index) if char.box is not None)
        a, b, c, d, e, f = self._to_frame(page_index)
        boxes: list[Box] = []
        for item in objects:
            if item.type != pdfium.raw.FPDF_PAGEOBJ_TEXT:
                continue
            left, bottom, right, top = item.get_bounds()
            x0, y0 = a * left + c * top + e, b * left + d * top + f
            x1, y1 = a * right + c * bottom + e, b * right + d * bottom + f
            boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        return tuple(boxes)

    def chars_in(self, page_index: int, box: Box, tolerance: float = 1.5) -> tuple[Char, ...]:
        """The page's characters whose centre lies in ``box`` (widened by ``tolerance`` points), in pdfium's order;
        a generated space or line end between two of them is kept, as a word break."""
        left, top, right, bottom = box[0] - tolerance, box[1] - tolerance, box[2] + tolerance, box[3] + tolerance
        chosen: list[Char] = []
        pending: Char | None = None
        for char in self.chars(page_index):
            if char.box is None:
                if chosen:
                    pending = char
                continue
            x, y = (char.box[0] + char.box[2]) / 2, (char.box[1] + char.box[3]) / 2
            if left <= x <= right and top <= y <= bottom:
                if pending is not None:
                    chosen.append(pending)
                    pending = None
                chosen.append(char)
        return tuple(chosen)

    # --- pictures ------------------------------------------------------------------
    def render(self, page_index: int, scale: float, box: Box | None = None, grey: bool = False) -> Any:
        """The page, or the part of it in ``box``, as an RGB (or ``grey``) PIL image, ``scale`` pixels per point, in the reader's frame.

        The picture of a box starts at pixel (round(left * scale), round(top * scale)) of the whole page's.
        """
        width, height = self.size(page_index)
        crop = (0.0, 0.0, 0.0, 0.0)
        if box is not None:
            # pdfium crops whole pixels of the page's picture: cut at pixel edges so marks line up.
            left, top = math.floor(box[0] * scale) / scale, math.floor(box[1] * scale) / scale
            right, bottom = math.ceil(box[2] * scale) / scale, math.ceil(box[3] * scale) / scale
            crop = (max(0.0, left), max(0.0, height - bottom), max(0.0, width - right), max(0.0, top))
        bitmap = self.page(page_index).render(scale=scale, rotation=self.turn(page_index), crop=crop, draw_annots=False,
                                              grayscale=grey)
        image = bitmap.to_pil().convert("L" if grey else "RGB")
        bitmap.close()
        return image
