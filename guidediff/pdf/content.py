"""Interpret a page's content stream into positioned text runs.

Each text-showing string becomes one ``TextRun`` with its baseline position,
width, effective size, font and the marked-content context it was painted in
(Word's tagged PDFs wrap running headers, footers and page numbers in
``/Artifact`` marked content). The geometry follows PDF 32000-1, section 9.4:
the text rendering matrix is ``[Tfs*Th 0 0 Tfs 0 Trise] x Tm x CTM``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf.generic import ContentStream, DictionaryObject, IndirectObject, NameObject

from guidediff.pdf.fonts import PdfFont

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 12
INVISIBLE_RENDER_MODES = (3, 7)
# A shown string made only of line breaks and unmappable characters (see PageInterpreter._show).
_LAYOUT_MARKS = re.compile("[\\s\ufffd]*[\n\r\x0b\x0c\u2028\u2029\ufffd][\\s\ufffd]*")
# Positions and sizes are rounded to a thousandth of a point, well above the arithmetic noise of
# either producer (pypdf's double matrices, PDFium's 32-bit floats), so that both give one value.
COORDINATE_DIGITS = 3
_NO_FONT = PdfFont(None)  # what shows a string before any Tf (decodes it as Latin-1)


def baseline_geometry(matrix: Matrix) -> tuple[bool, bool, float]:
    """Whether a run's rendering matrix is upright, whether it is slanted, and its size.

    A horizontal baseline makes a run upright whatever its glyphs' slant: Word and other
    producers set "italic" in a font that has no italic face (Tahoma, Verdana) by shearing
    the text matrix ([12 0 4.1 12 x y] Tm), and that text is body text. The size is the
    glyph height across the baseline (|det| / baseline scale), so a shear does not inflate
    it (hypot(c, d) would make sheared text look larger than its neighbours).
    ``PageInterpreter._show`` writes this out on its hot path: keep the two the same.
    """
    a, b, c, d = matrix[0], matrix[1], matrix[2], matrix[3]
    upright = a > 0 and abs(b) < 1e-3 * abs(a) and abs(d) > 0
    slanted = upright and abs(c) >= 1e-3 * abs(d)
    baseline_scale = math.hypot(a, b)
    size = abs(a * d - b * c) / baseline_scale if baseline_scale else math.hypot(c, d)
    return upright, slanted, size


def layout_text(text: str) -> str:
    """A run's text, or a space when it holds only layout marks (see ``_LAYOUT_MARKS``)."""
    return " " if _LAYOUT_MARKS.fullmatch(text) else text


def snap(value: float) -> float:
    """A coordinate or size as every producer reports it (see ``COORDINATE_DIGITS``)."""
    return round(value, COORDINATE_DIGITS) + 0.0  # + 0.0: never -0.0


@dataclass(frozen=True, slots=True)
class TextRun:
    """One shown string, positioned in page space (PDF units, y upwards)."""

    text: str
    x0: float
    x1: float
    y: float  # baseline, including any text rise
    size: float  # effective font size (vertical scale of the rendering matrix)
    font: str
    bold: bool
    italic: bool
    rise: float  # text rise (Ts) in page units; superscripts set with Ts have rise > 0
    artifact: str | None  # None for content; else the artifact type ("Pagination", "Layout", "Artifact")
    invisible: bool  # painted with an invisible render mode (OCR layers, hidden anchors)
    upright: bool  # horizontal, left-to-right baseline
    mcid: int | None = None  # marked-content id on the page's content stream: ties the run to the tag tree
    form_mcid: tuple[int, int] | None = None  # (form XObject object number, MCID) for tagged content inside a form
    direction: int = 0  # baseline direction in degrees, counter-clockwise (0 reads left to right)


@dataclass(frozen=True, slots=True)
class Rule:
    """A filled rectangle or stroked line: table borders, footnote separators, boxes."""

    x0: float
    y0: float
    x1: float
    y1: float


Point = tuple[float, float]
CURVE: Point = (math.nan, math.nan)  # stands in a subpath for a curve: no rule runs through it


def path_rules(subpaths: list[list[Point]], matrix: Matrix, filled: bool, stroked: bool,
               line_width: float) -> list[Rule]:
    """The rules one painted path draws, its points mapped by ``matrix``; both readers use it.

    A closed subpath of four corners joined by level and upright sides (``re``, or a move, three
    lines and a close; an open one when filled, since a fill closes it) is a rectangle: Word's
    table borders and shading. When the path is stroked, its other straight segments that run
    level or upright are rules as thick as the line: how Google Docs, LibreOffice, Apache FOP and
    InDesign draw table borders and footnote separators (``m 96 877.5 l 288 877.5 S``). A closed
    subpath ends at its first point again.
    """
    rules: list[Rule] = []
    a, b, c, d, e, f = matrix
    for points in subpaths:
        closed = len(points) == 5 and points[4] == points[0]
        corners = points[:4] if closed else points
        if (len(corners) == 4 and (closed or filled) and not any(math.isnan(x) for x, _ in corners)
                and all(round(x0, 3) == round(x1, 3) or round(y0, 3) == round(y1, 3)
                        for (x0, y0), (x1, y1) in itertools.pairwise([*corners, corners[0]]))):
            (ax, ay), (bx, by) = ((x * a + y * c + e, x * b + y * d + f) for x, y in (corners[0], corners[2]))
            rules.append(Rule(snap(min(ax, bx)), snap(min(ay, by)), snap(max(ax, bx)), snap(max(ay, by))))
            continue
        if not stroked:
            continue
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if math.isnan(x0) or math.isnan(x1):
                continue
            ax, ay, bx, by = x0 * a + y0 * c + e, x0 * b + y0 * d + f, x1 * a + y1 * c + e, x1 * b + y1 * d + f
            # Half the line's width across it: a unit across a level segment of user space maps to
            # (c, d), across an upright one to (a, b).
            across = math.hypot(c, d) if y0 == y1 else math.hypot(a, b) if x0 == x1 else math.sqrt(abs(a * d - b * c))
            half = line_width * across / 2.0
            if abs(ay - by) < 0.01 and abs(ax - bx) >= 0.01:
                rules.append(Rule(snap(min(ax, bx)), snap(ay - half), snap(max(ax, bx)), snap(ay + half)))
            elif abs(ax - bx) < 0.01 and abs(ay - by) >= 0.01:
                rules.append(Rule(snap(ax - half), snap(min(ay, by)), snap(ax + half), snap(max(ay, by))))
    return rules


def multiply(m: Matrix, n: Matrix) -> Matrix:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _number(value: Any, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def _matrix(operands: list[Any]) -> Matrix | None:
    if len(operands) < 6:
        return None
    values = tuple(_number(value, math.nan) for value in operands[:6])
    if any(math.isnan(value) for value in values):
        return None
    return values  # type: ignore[return-value]


_PATH_OPERATORS = frozenset((b"m", b"l", b"c", b"v", b"y", b"h", b"re"))
_PAINT_OPERATORS = frozenset((b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"))
_STROKE_OPERATORS = frozenset((b"S", b"s", b"B", b"B*", b"b", b"b*"))
_FILL_OPERATORS = _PAINT_OPERATORS - {b"S", b"s"}


@dataclass(slots=True)
class _GraphicsState:
    ctm: Matrix = IDENTITY
    font: PdfFont | None = None
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    horizontal_scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render_mode: int = 0
    line_width: float = 1.0

    def copy(self) -> _GraphicsState:
        return _GraphicsState(
            self.ctm, self.font, self.font_size, self.char_spacing, self.word_spacing,
            self.horizontal_scale, self.leading, self.rise, self.render_mode, self.line_width,
        )


def display_matrix(rotation: int, left: float, bottom: float, width: float, height: float) -> Matrix:
    """User space to display space: the crop box's lower-left corner at the origin, /Rotate applied.

    /Rotate turns the page clockwise for display, so text that reads upright on
    screen is upright in the coordinates this matrix produces.
    """
    translate: Matrix = (1.0, 0.0, 0.0, 1.0, -left, -bottom)
    turns: dict[int, Matrix] = {
        90: (0.0, -1.0, 1.0, 0.0, 0.0, width),
        180: (-1.0, 0.0, 0.0, -1.0, width, height),
        270: (0.0, 1.0, -1.0, 0.0, height, 0.0),
    }
    return multiply(translate, turns.get(rotation, IDENTITY))


class PageInterpreter:
    """Runs one page (and the form XObjects it paints) and collects text runs and rules."""

    def __init__(self, reader: Any, page: Any, start: Matrix = IDENTITY,
                 fonts: dict[int, PdfFont] | None = None) -> None:
        self._reader = reader
        self._page = page
        self._start = start
        # Fonts that are indirect objects, by object number: shared by every page of a document when
        # the caller passes one dict (a font is loaded, and its strings decoded, once per document).
        self._shared_fonts: dict[int, PdfFont] = {} if fonts is None else fonts
        self._fonts: dict[int, PdfFont] = {}  # direct font dictionaries, by id(): this page only
        self._form: int | None = None  # object number of the form XObject being painted, if any
        self._layout: dict[str, str] = {}  # a decoded string -> its text as a run (``layout_text``)
        self.runs: list[TextRun] = []
        self.rules: list[Rule] = []

    def run(self) -> tuple[list[TextRun], list[Rule]]:
        contents = _resolve(self._page.get("/Contents"))
        resources = _resolve(self._page.get("/Resources")) or DictionaryObject()
        if contents is not None:
            self._execute(contents, resources, _GraphicsState(ctm=self._start), depth=0, seen=frozenset())
        return self.runs, self.rules

    # --- resources ---------------------------------------------------------
    def _font(self, resources: DictionaryObject, name: Any) -> PdfFont:
        fonts = _resolve(resources.get("/Font")) or {}
        reference = fonts.get(name) if isinstance(fonts, dict) else None
        if isinstance(reference, IndirectObject):
            key, known = reference.idnum, self._shared_fonts
        else:
            key, known = id(reference), self._fonts
        font = known.get(key)
        if font is None:
            font = PdfFont(_resolve(reference) if reference is not None else None)
            known[key] = font
        return font

    # --- the interpreter ---------------------------------------------------
    def _execute(
        self, stream: Any, resources: DictionaryObject, state: _GraphicsState, depth: int, seen: frozenset[int],
        outer: list[_Mark] | None = None,
    ) -> None:
        operations = _operations(stream, self._reader)
        stack: list[_GraphicsState] = []
        marked: list[_Mark] = list(outer or ())  # one per open marked-content section
        text_matrix = IDENTITY
        line_matrix = IDENTITY
        context: _Context | None = None  # what ``marked`` says, worked out again only when it changes
        path: list[list[Point]] = []  # the path being built: its subpaths, in user space
        for operands, operator in operations:
            if operator == b"q":
                stack.append(state.copy())
            elif operator == b"Q":
                if stack:
                    state = stack.pop()
            elif operator == b"cm":
                matrix = _matrix(operands)
                if matrix is not None:
                    state.ctm = multiply(matrix, state.ctm)
            elif operator == b"BT":
                text_matrix = line_matrix = IDENTITY
            elif operator == b"Tf" and len(operands) >= 2:
                state.font = self._font(resources, operands[0])
                state.font_size = _number(operands[1])
            elif operator == b"Tc" and operands:
                state.char_spacing = _number(operands[0])
            elif operator == b"Tw" and operands:
                state.word_spacing = _number(operands[0])
            elif operator == b"Tz" and operands:
                state.horizontal_scale = _number(operands[0], 100.0) / 100.0
            elif operator == b"TL" and operands:
                state.leading = _number(operands[0])
            elif operator == b"Ts" and operands:
                state.rise = _number(operands[0])
            elif operator == b"Tr" and operands:
                state.render_mode = int(_number(operands[0]))
            elif operator == b"Tm":
                matrix = _matrix(operands)
                if matrix is not None:
                    text_matrix = line_matrix = matrix
            elif operator in (b"Td", b"TD") and len(operands) >= 2:
                tx, ty = _number(operands[0]), _number(operands[1])
                if operator == b"TD":
                    state.leading = -ty
                text_matrix = line_matrix = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), line_matrix)
            elif operator == b"T*":
                text_matrix = line_matrix = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), line_matrix)
            elif operator in (b"Tj", b"'", b'"', b"TJ"):
                if operator == b"'" or operator == b'"':
                    if operator == b'"' and len(operands) >= 3:
                        state.word_spacing = _number(operands[0])
                        state.char_spacing = _number(operands[1])
                        operands = operands[2:]
                    text_matrix = line_matrix = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), line_matrix)
                items = operands[0] if operator == b"TJ" and operands else operands[:1]
                if context is None:
                    context = self._context(marked)
                show = self._show
                for item in items if isinstance(items, list) else [items]:
                    if isinstance(item, bytes):
                        text_matrix = show(item, state, text_matrix, context)
                    elif not isinstance(item, NameObject):
                        shift = -_number(item) / 1000.0 * state.font_size * state.horizontal_scale
                        # multiply((1, 0, 0, 1, shift, 0), text_matrix), written out (one call per kerning
                        # number of every TJ array): the same products and sums in the same order.
                        a, b, c, d, e, f = text_matrix
                        text_matrix = (a + 0.0 * c, b + 0.0 * d, 0.0 * a + c, 0.0 * b + d,
                                       shift * a + 0.0 * c + e, shift * b + 0.0 * d + f)
            elif operator in (b"BDC", b"BMC"):
                marked.append(self._mark(operands, resources, operator))
                context = None
            elif operator == b"EMC":
                if len(marked) > len(outer or ()):
                    marked.pop()
                    context = None
            elif operator in _PATH_OPERATORS:
                self._build_path(path, operator, operands)
            elif operator in _PAINT_OPERATORS:
                if operator in (b"s", b"b", b"b*"):
                    self._build_path(path, b"h", [])
                self.rules.extend(path_rules(path, state.ctm, operator in _FILL_OPERATORS,
                                             operator in _STROKE_OPERATORS, state.line_width))
                path = []
            elif operator == b"n":  # a clip only: nothing is painted
                path = []
            elif operator == b"w" and operands:
                state.line_width = abs(_number(operands[0], 1.0))
            elif operator == b"gs" and operands:
                width = self._line_width(resources, operands[0])
                if width is not None:
                    state.line_width = width
            elif operator == b"Do" and operands and depth < MAX_FORM_DEPTH:
                self._paint_form(operands[0], resources, state, depth, seen, marked)

    def _show(self, raw: bytes, state: _GraphicsState, text_matrix: Matrix, context: _Context) -> Matrix:
        # The hot path of reading (once per string of every TJ array): the matrix products and
        # ``snap`` are written out, with the same arithmetic as ``multiply`` and ``snap``.
        font = state.font or _NO_FONT
        decoded = font.decode(raw)
        size = state.font_size
        scale = state.horizontal_scale
        advance = (decoded.width / 1000.0 * size + decoded.glyphs * state.char_spacing
                   + decoded.spaces * state.word_spacing) * scale
        # Moving by ``advance`` along the text matrix's x axis: [1 0 0 1 advance 0] x Tm.
        a, b, c, d, e, f = text_matrix
        end_matrix = (a, b, c, d, advance * a + e, advance * b + f)
        shown = decoded.text
        if not shown:
            return end_matrix
        # InDesign paints a forced line break and a frame/story break as blank glyphs whose
        # ToUnicode says U+000A and U+FFFD ('Chapter 1. Introduction' + '\n\ufffd'): marks of
        # layout, not text. A run of only such marks is a space; U+FFFD among letters stays,
        # as evidence of glyphs the font cannot name.
        text = self._layout.get(shown)
        if text is None:
            text = self._layout[shown] = layout_text(shown)
        ctm = state.ctm
        p, q, r, s, t, u = ctm
        # device = multiply(text_matrix, ctm); start = multiply((size * scale, 0, 0, size, 0, rise), device)
        d0, d1 = a * p + b * r, a * q + b * s
        d2, d3 = c * p + d * r, c * q + d * s
        d4, d5 = e * p + f * r + t, e * q + f * s + u
        width_scale, rise = size * scale, state.rise
        start = (width_scale * d0 + 0.0 * d2, width_scale * d1 + 0.0 * d3,
                 0.0 * d0 + size * d2, 0.0 * d1 + size * d3,
                 0.0 * d0 + rise * d2 + d4, 0.0 * d1 + rise * d3 + d5)
        end_x = end_matrix[4] * p + end_matrix[5] * r + t
        # baseline_geometry(start), written out.
        g0, g1, g2, g3 = start[0], start[1], start[2], start[3]
        upright = g0 > 0 and abs(g1) < 1e-3 * abs(g0) and abs(g3) > 0
        slanted = upright and abs(g2) >= 1e-3 * abs(g3)
        baseline_scale = math.hypot(g0, g1)
        vertical = abs(g0 * g3 - g1 * g2) / baseline_scale if baseline_scale else math.hypot(g2, g3)
        direction = 0 if upright else _direction(start)
        rise_scale = math.hypot(c, d) * math.hypot(r, s) if rise else 0.0
        self.runs.append(TextRun(
            text,
            round(start[4], COORDINATE_DIGITS) + 0.0,
            round(end_x, COORDINATE_DIGITS) + 0.0,
            round(start[5], COORDINATE_DIGITS) + 0.0,
            round(vertical, COORDINATE_DIGITS) + 0.0,
            font.name,
            font.bold,
            font.italic or slanted,
            rise * rise_scale,
            context.artifact,
            state.render_mode in INVISIBLE_RENDER_MODES,
            upright,
            context.mcid,
            context.form_mcid,
            direction,
        ))
        return end_matrix

    def _mark(self, operands: list[Any], resources: DictionaryObject, operator: bytes) -> _Mark:
        """What an opening BMC/BDC says: an artifact type, and the marked-content id tying it to a tag."""
        tag = operands[0] if operands else None
        properties: Any = operands[1] if operator == b"BDC" and len(operands) > 1 else None
        if isinstance(properties, NameObject):
            named = _resolve(resources.get("/Properties")) or {}
            properties = _resolve(named.get(properties)) if isinstance(named, dict) else None
        properties = _resolve(properties)
        mcid = None
        if isinstance(properties, dict) and "/MCID" in properties:
            value = _number(properties.get("/MCID"), -1.0)
            mcid = int(value) if value >= 0 and value == int(value) else None
        if tag != "/Artifact":
            return _Mark(None, mcid, self._form)
        if mcid is not None:
            # Word tags some real content as an artifact with a marked-content id, which the
            # standard forbids (14.8.2.2); an id means the text is part of the structure tree.
            return _Mark(None, mcid, self._form)
        kind = properties.get("/Type") if isinstance(properties, dict) else None
        return _Mark(kind.lstrip("/") if isinstance(kind, str) else "Artifact", None, self._form)

    @staticmethod
    def _context(marked: list[_Mark]) -> _Context:
        artifact = next((mark.artifact for mark in reversed(marked) if mark.artifact is not None), None)
        page_mcid = next((mark.mcid for mark in reversed(marked) if mark.mcid is not None and mark.form is None), None)
        form = next((mark for mark in reversed(marked) if mark.mcid is not None and mark.form is not None), None)
        return _Context(artifact, page_mcid, (form.form, form.mcid) if form is not None else None)  # type: ignore[arg-type]

    @staticmethod
    def _build_path(path: list[list[Point]], operator: bytes, operands: list[Any]) -> None:
        values = [_number(value) for value in operands]
        if operator == b"m" and len(values) >= 2:
            path.append([(values[0], values[1])])
        elif operator == b"l" and len(values) >= 2 and path:  # (no current point: nothing to draw from)
            path[-1].append((values[0], values[1]))
        elif operator in (b"c", b"v", b"y") and len(values) >= 2 and path:
            path[-1].extend((CURVE, (values[-2], values[-1])))
        elif operator == b"h" and path and path[-1]:
            # Closing goes back to the first point, unless a line already did ("… 100 100 l h").
            start = path[-1][0]
            if path[-1][-1] != start:
                path[-1].append(start)
            path.append([start])
        elif operator == b"re" and len(values) >= 4:
            x, y, width, height = values[:4]
            path.append([(x, y), (x + width, y), (x + width, y + height), (x, y + height), (x, y)])
            path.append([(x, y)])

    @staticmethod
    def _line_width(resources: DictionaryObject, name: Any) -> float | None:
        states = _resolve(resources.get("/ExtGState")) or {}
        graphics = _resolve(states.get(name)) if isinstance(states, dict) else None
        width = graphics.get("/LW") if isinstance(graphics, dict) else None
        return abs(_number(width, 1.0)) if width is not None else None

    def _paint_form(
        self, name: Any, resources: DictionaryObject, state: _GraphicsState, depth: int, seen: frozenset[int],
        marked: list[_Mark],
    ) -> None:
        xobjects = _resolve(resources.get("/XObject")) or {}
        reference = xobjects.get(name) if isinstance(xobjects, dict) else None
        if reference is None:
            return
        key = reference.idnum if isinstance(reference, IndirectObject) else id(reference)
        if key in seen:  # a form that paints itself: hostile or broken, never loop
            return
        form = _resolve(reference)
        if not isinstance(form, dict) or form.get("/Subtype") != "/Form":
            return
        inner = state.copy()
        matrix = _matrix(list(form.get("/Matrix", IDENTITY)))
        if matrix is not None:
            inner.ctm = multiply(matrix, inner.ctm)
        form_resources = _resolve(form.get("/Resources")) or resources
        outer_form, self._form = self._form, key
        try:
            # Marked content open around the Do stays open inside the form: a form painted
            # inside a tagged paragraph belongs to that paragraph.
            self._execute(form, form_resources, inner, depth + 1, seen | {key}, list(marked))
        finally:
            self._form = outer_form


@dataclass(frozen=True, slots=True)
class _Mark:
    """An open marked-content section: its artifact type (None for content) and marked-content id."""

    artifact: str | None
    mcid: int | None
    form: int | None  # the form XObject whose stream opened it (None: the page's own content)


@dataclass(frozen=True, slots=True)
class _Context:
    artifact: str | None
    mcid: int | None
    form_mcid: tuple[int, int] | None


def direction_of(matrix: Matrix) -> int:
    """The baseline's direction, snapped to a quarter turn: 0 left to right, 90 bottom to top, …"""
    angle = math.degrees(math.atan2(matrix[1], matrix[0])) % 360
    return int(round(angle / 90.0)) % 4 * 90


_direction = direction_of


def reading_turn(runs: list[TextRun]) -> int:
    """The quarter turn (clockwise, in degrees) that makes most of the page's text upright; 0 when it is.

    Used by every producer: text that reads sideways once /Rotate is applied (a landscape
    table printed on a page that is already landscape) is read in the frame where it is upright.
    """
    weights: dict[int, int] = {}
    for run in runs:
        if not run.invisible:
            length = len(run.text.strip())
            if length:
                weights[run.direction] = weights.get(run.direction, 0) + length
    if not weights:
        return 0
    direction, weight = max(weights.items(), key=lambda item: (item[1], -item[0]))
    if direction == 0 or weight <= 2 * weights.get(0, 0):
        return 0
    # Text running bottom to top (90°) is upright after the page turns a quarter clockwise.
    return {90: 90, 180: 180, 270: 270}[direction]


def _resolve(value: Any) -> Any:
    try:
        return value.get_object() if value is not None else None
    except Exception:  # a dangling reference reads as missing
        return None


def _operations(stream: Any, reader: Any) -> Iterator[tuple[list[Any], bytes]]:
    # "bytes" keeps shown strings undecoded: the font, not PDFDocEncoding, decides their text.
    yield from ContentStream(stream, reader, "bytes").operations


def interpret_page(reader: Any, page: Any, start: Matrix = IDENTITY,
                   fonts: dict[int, PdfFont] | None = None) -> tuple[list[TextRun], list[Rule]]:
    """The text runs and rules painted on ``page``, in content-stream order, in display space.

    ``fonts``: a dict kept for the whole document, so that pages sharing a font share its
    loading and its decoded strings (``PypdfSource`` passes one).
    """
    return PageInterpreter(reader, page, start, fonts).run()
