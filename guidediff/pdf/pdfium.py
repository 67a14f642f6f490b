"""Read stage, the pdfium producer: the same page content as ``content.py`` and friends, from PDFium.

Input: a PDF's bytes (and its password). Output, through ``PdfiumSource``, exactly
what the pypdf producers give ``reader.read_pdf_bytes``: per page its text runs
(``content.TextRun``) and rules (``content.Rule``) in display space, its display
size and its links (``links.LinkArea``); the structure tree (``tags.StructureTree``),
the /PageLabels, the bookmarks and the document information. Everything above the
producers (lines, furniture, blocks…) cannot tell which one read the file.

pypdfium2 (the optional extra ``guidediff[pdfium]``) is some ten times faster than
pypdf at parsing content streams; pypdf stays the pure-Python path and the reference,
and ``tests/test_readers_agree.py`` reads the whole shared corpus through both.

How PDFium's model maps onto ours, and where it cannot:

* **Runs.** PDFium makes one text object per text-showing operator (a whole ``TJ``
  array), where pypdf's interpreter makes one run per string of the array; the line
  builder joins touching runs of one style anyway (``lines._merge_touching``), so one
  run per text object reads the same. A ``TJ`` gap wide enough to be a word space
  (TeX sets spaces that way) is where PDFium's text page puts a generated space: the
  object is split into two runs there. Text comes from PDFium's text page (its
  ToUnicode and encoding rules), x0 from the object's origin, x1 from the loose box
  (origin + advance) of its last character, size from the font size times the
  vertical scale of the object's matrix. PDFium folds the text rise into the origin,
  so ``y`` is the raised baseline as in pypdf, and ``rise`` is 0 (nothing reads it).
* **Style.** Bold and italic come from ``fonts.style_of`` with the font's name, /Flags
  and italic angle, but no /FontWeight: ``FPDFFont_GetWeight`` gives the descriptor's
  entry when there is one and an estimate from /StemV when there is none (610 for
  DejaVuSans-Oblique), and the two cannot be told apart. A font bold by /FontWeight
  alone reads regular here (no font of the shared corpus, once ITC's "Demi" names
  read as bold).
* **Blank glyphs.** A character beyond ASCII whose glyph paints nothing (a tight box
  of no height) is a space, as ``fonts._blank_codes`` reads a code the encoding names
  /space whatever its ToUnicode says.
* **Marked content.** Each object's marks (``FPDFPageObj_CountMarks`` … ``GetMark``)
  give the artifact type and the MCID, innermost first, with pypdf's rule that an
  /Artifact carrying an MCID is content (Word writes such). PDFium cannot name the
  form XObject that holds an object, so a run inside a tagged form carries the
  form's MCID as its page MCID (no file of the shared corpus tags inside forms).
* **Rules.** Every closed four-corner axis-aligned subpath of a path object (what
  ``re`` paints); pypdf's interpreter also records ``re`` used only as a clip, which
  PDFium does not keep as an object.
* **Structure tree.** ``FPDF_StructTree_GetForPage`` builds each page's part of the
  tree from the /ParentTree. An element is identified across pages by its path of
  /K positions from the root, and the elements are numbered in the order of those
  paths, which is the depth-first order ``tags.read_structure`` walks. Elements with
  no content on any page are not seen, and roles are mapped one step through the
  /RoleMap (then Word's style names, as in ``tags``). PDFium builds no tree at all
  for a catalog whose /MarkInfo does not say /Marked true, and none deeper than 32
  levels: then the reference walker (``tags.read_structure``, through pypdf) reads it.
* **Links.** URI and GoToR actions, as ``links.page_links`` reads them. PDFium
  refuses an action whose /Type is not /Action (Adobe PDF Library 9 writes /Type /A)
  and gives no URI for it: a page with such a link has its links read by the
  reference (pypdf, opened once for the file).
* **Metadata.** PDFium reads a document-information entry by name and cannot list
  them, so both producers keep the standard entries of PDF 32000-1, 14.3.3.
"""

from __future__ import annotations

import ctypes
import math
from types import SimpleNamespace
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium

from guidediff.errors import CorruptPdfError, EncryptedPdfError, TooLargeError
from guidediff.pdf.content import (
    CURVE, INVISIBLE_RENDER_MODES, MAX_FORM_DEPTH, Matrix, TextRun, baseline_geometry, direction_of,
    display_matrix, layout_text, multiply, path_rules, reading_turn, snap,
)
from guidediff.pdf.files import open_pdf
from guidediff.pdf.fonts import style_of
from guidediff.pdf.links import MAX_LINKS_PER_PAGE, LinkArea, page_links
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions
from guidediff.pdf.source import MAX_BOOKMARK_LEVEL, STANDARD_INFO_KEYS, Bookmark, PageRead
from guidediff.pdf.tags import MAX_DEPTH, MAX_ELEMENTS, STANDARD_ROLES, Element, StructureTree, read_structure, word_style

ENGINE = "pdfium"
MAX_BOOKMARKS = 100_000
_TEXT, _PATH, _FORM = pdfium.FPDF_PAGEOBJ_TEXT, pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM
_BUFFER_CHARS = 1 << 15  # text of one object, in UTF-16 code units; longer texts get their own buffer
PDFIUM_TREE_DEPTH = 32  # PDFium builds a page's structure tree this many levels deep, no deeper
BLANK_GLYPH_HEIGHT = 0.05  # pt: a character box lower than this paints nothing (PDFium's box of an empty glyph)
TRAILING_BLANK_GAP = 0.01  # pt: an object's bounds reaching this far past its last character's boxes hold blanks
SPACE_ADVANCE = 0.278  # em: the advance given to a space PDFium leaves out of its text page


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run before display space: page-space origin, the far end of its advance, and its style."""

    text: str
    origin: tuple[float, float]
    end: tuple[float, float]
    matrix: Matrix  # text space to page space, font size included
    font: str
    bold: bool
    italic: bool
    artifact: str | None
    invisible: bool
    mcid: int | None


class PdfiumSource:
    """A PDF opened with PDFium, read page by page into the reader's page content."""

    engine = ENGINE

    def __init__(self, data: bytes, name: str, password: str | None = None,
                 options: ReaderOptions = DEFAULT_OPTIONS) -> None:
        self.name = name
        self._word_gap = options.word_gap  # where the line builder sees a word space, PDFium's parts split too
        self._data, self._password = data, password
        try:
            self._document = pypdfium2.PdfDocument(data, password=password)
        except pypdfium2.PdfiumError as error:
            raise _open_error(error, name, password) from None
        except MemoryError:
            raise TooLargeError(f"'{name}' needs more memory than is available to read") from None
        self._raw = self._document.raw
        self.page_count = len(self._document)
        self._text = (ctypes.c_ushort * _BUFFER_CHARS)()
        self._structure = _StructureReader(self._raw, self.page_count)  # filled as pages are read
        self._page_objects: dict[int, int] = {}
        self._pypdf: Any = None  # pypdf's reader, opened only when PDFium cannot give something (see _reference)

    def close(self) -> None:
        self._document.close()

    # --- pages -------------------------------------------------------------------------
    def page(self, index: int) -> PageRead:
        page = pdfium.FPDF_LoadPage(self._raw, index)
        if not page:
            raise CorruptPdfError(f"page {index + 1} of '{self.name}' is damaged and cannot be read")
        textpage = pdfium.FPDFText_LoadPage(page)
        try:
            box = pdfium.FS_RECTF()
            pdfium.FPDF_GetPageBoundingBox(page, box)
            left, bottom = min(box.left, box.right), min(box.bottom, box.top)
            width, height = abs(box.right - box.left), abs(box.top - box.bottom)
            rotation = pdfium.FPDFPage_GetRotation(page) % 4 * 90
            pieces, paths = _PageReader(page, textpage, self._text, self._word_gap).read()
            start = display_matrix(rotation, left, bottom, width, height)
            runs = [_run(piece, start) for piece in pieces]
            turn = reading_turn(runs)
            if turn:
                # As content.py's caller does: read a page whose text runs sideways in the frame where it is upright.
                rotation = (rotation + turn) % 360
                start = display_matrix(rotation, left, bottom, width, height)
                runs = [_run(piece, start) for piece in pieces]
            rules = [rule for path in paths
                     for rule in path_rules(path.subpaths, multiply(path.matrix, start), path.filled, path.stroked,
                                             path.width)]
            if rotation in (90, 270):
                width, height = height, width
            links = self._links(page, start, index)
            self._structure.add_page(page, index)
        finally:
            if textpage:
                pdfium.FPDFText_ClosePage(textpage)
            pdfium.FPDF_ClosePage(page)
        return PageRead(runs, rules, snap(width), snap(height), links, rotation)

    def _links(self, page: Any, start: Matrix, index: int) -> list[LinkArea]:
        found: list[LinkArea] = []
        position = ctypes.c_int(0)
        link = pdfium.FPDF_LINK()
        rect = pdfium.FS_RECTF()
        while len(found) < MAX_LINKS_PER_PAGE and pdfium.FPDFLink_Enumerate(page, position, link):
            action = pdfium.FPDFLink_GetAction(link)
            if action and pdfium.FPDFAction_GetType(action) == pdfium.PDFACTION_UNSUPPORTED:
                # PDFium refuses an action whose /Type is not /Action (Adobe PDF Library 9 writes /Type /A)
                # and gives no URI for it; the reference reads /S and /URI whatever /Type says.
                return page_links(self._reference().pages[index], start)
            uri = self._uri(action) if action else None
            if uri is None or not pdfium.FPDFLink_GetAnnotRect(link, rect):
                continue
            corners = [multiply((1.0, 0.0, 0.0, 1.0, x, y), start) for x, y in ((rect.left, rect.bottom), (rect.right, rect.top))]
            xs, ys = [corner[4] for corner in corners], [corner[5] for corner in corners]
            found.append(LinkArea(uri, snap(min(xs)), snap(min(ys)), snap(max(xs)), snap(max(ys))))
        return found

    def _uri(self, action: Any) -> str | None:
        kind = pdfium.FPDFAction_GetType(action)
        if kind == pdfium.PDFACTION_URI:
            size = pdfium.FPDFAction_GetURIPath(self._raw, action, None, 0)
            buffer = ctypes.create_string_buffer(size)
            pdfium.FPDFAction_GetURIPath(self._raw, action, buffer, size)
            text = buffer.raw[: max(size - 1, 0)].decode("latin-1").strip()
            return text or None
        if kind == pdfium.PDFACTION_REMOTEGOTO:
            size = pdfium.FPDFAction_GetFilePath(action, None, 0)
            buffer = ctypes.create_string_buffer(size)
            pdfium.FPDFAction_GetFilePath(action, buffer, size)
            text = buffer.raw[: max(size - 1, 0)].decode("utf-8", "replace").strip()
            return text or None
        return None

    # --- the document ------------------------------------------------------------------
    def page_labels(self) -> list[str] | None:
        labels = []
        for index in range(self.page_count):
            label = _utf16(lambda buffer, size: pdfium.FPDF_GetPageLabel(self._raw, index, buffer, size))
            if label is None:
                return None  # no /PageLabels (or none for this page): printed numbers decide
            labels.append(label)
        return labels

    def bookmarks(self) -> list[Bookmark]:
        found: list[Bookmark] = []
        seen: set[int] = set()

        def walk(parent: Any, level: int) -> None:
            child = pdfium.FPDFBookmark_GetFirstChild(self._raw, parent)
            while child and len(found) < MAX_BOOKMARKS:
                address = ctypes.cast(child, ctypes.c_void_p).value
                if address in seen:  # a sibling list that loops
                    return
                seen.add(address)
                title = _utf16(lambda buffer, size: pdfium.FPDFBookmark_GetTitle(child, buffer, size)) or ""
                found.append(Bookmark(title, level, self._bookmark_page(child)))
                if level < MAX_BOOKMARK_LEVEL:
                    walk(child, level + 1)
                child = pdfium.FPDFBookmark_GetNextSibling(self._raw, child)

        walk(None, 1)
        return found

    def _bookmark_page(self, bookmark: Any) -> int | None:
        destination = pdfium.FPDFBookmark_GetDest(self._raw, bookmark)
        if not destination:
            action = pdfium.FPDFBookmark_GetAction(bookmark)
            if action and pdfium.FPDFAction_GetType(action) == pdfium.PDFACTION_GOTO:
                destination = pdfium.FPDFAction_GetDest(self._raw, action)
        if not destination:
            return None
        index = pdfium.FPDFDest_GetDestPageIndex(self._raw, destination)
        return index if index >= 0 else None

    def metadata(self) -> dict[str, str]:
        found = {}
        for key in STANDARD_INFO_KEYS:
            value = _utf16(lambda buffer, size: pdfium.FPDF_GetMetaText(self._raw, key.encode("ascii"), buffer, size))
            if value:
                found[key] = value
        return found

    def structure(self) -> StructureTree | None:
        tree = self._structure.read()
        if tree is None and not pdfium.FPDFCatalog_IsTagged(self._raw):
            # PDFium sees a tag tree only when the catalog's /MarkInfo says /Marked true; the reference
            # reads any /StructTreeRoot and judges it by the text it covers (an InDesign export re-saved
            # with /Marked false keeps a full tree). Let the reference walker look for one.
            return self._reference_structure()
        if tree is not None and max(element.depth for element in tree.elements) >= PDFIUM_TREE_DEPTH - 1:
            # PDFium stops a page's tree at 32 levels and drops what lies deeper (FOP nests list items
            # forty deep): read the tree with the reference walker, which goes to tags.MAX_DEPTH.
            return self._reference_structure()
        return tree

    def _reference_structure(self) -> StructureTree | None:
        return read_structure(self._reference())

    def _reference(self) -> Any:
        """The file opened with pypdf, for what PDFium cannot give (opened once, on first need)."""
        if self._pypdf is None:
            self._pypdf = open_pdf(self._data, self.name, password=self._password)
        return self._pypdf


def _prototypes() -> Any:
    """The page-reading functions again, taking and giving handles as plain integers.

    pypdfium2's bindings check a typed pointer on every call and give back pointer objects that
    must be cast to be compared; on a long document that is most of the reading time. These are
    fresh function pointers into the same library (pypdfium2's own stay as they are).
    """
    from pypdfium2_raw import bindings

    library = bindings._libs["pdfium"]  # noqa: SLF001 - the loaded PDFium library itself
    handle, number, size = ctypes.c_void_p, ctypes.c_int, ctypes.c_ulong
    floats, doubles = ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_double)
    table = {
        "FPDFPage_CountObjects": (number, handle),
        "FPDFPage_GetObject": (handle, handle, number),
        "FPDFPageObj_GetType": (number, handle),
        "FPDFPageObj_GetMatrix": (number, handle, ctypes.POINTER(pdfium.FS_MATRIX)),
        "FPDFPageObj_GetBounds": (number, handle, floats, floats, floats, floats),
        "FPDFPageObj_CountMarks": (number, handle),
        "FPDFPageObj_GetMark": (handle, handle, size),
        "FPDFPageObjMark_GetName": (number, handle, handle, size, ctypes.POINTER(size)),
        "FPDFPageObjMark_GetParamIntValue": (number, handle, ctypes.c_char_p, ctypes.POINTER(number)),
        "FPDFPageObjMark_CountParams": (number, handle),
        "FPDFPageObjMark_GetParamKey": (number, handle, size, handle, size, ctypes.POINTER(size)),
        "FPDFTextObj_GetFont": (handle, handle),
        "FPDFTextObj_GetFontSize": (number, handle, floats),
        "FPDFTextObj_GetText": (size, handle, handle, handle, size),
        "FPDFTextObj_GetTextRenderMode": (number, handle),
        "FPDFFont_GetBaseFontName": (size, handle, handle, size),
        "FPDFFont_GetFlags": (number, handle),
        "FPDFFont_GetItalicAngle": (number, handle, ctypes.POINTER(number)),
        "FPDFFormObj_CountObjects": (number, handle),
        "FPDFFormObj_GetObject": (handle, handle, size),
        "FPDFPath_CountSegments": (number, handle),
        "FPDFPath_GetPathSegment": (handle, handle, number),
        "FPDFPathSegment_GetType": (number, handle),
        "FPDFPathSegment_GetPoint": (number, handle, floats, floats),
        "FPDFPathSegment_GetClose": (number, handle),
        "FPDFPath_GetDrawMode": (number, handle, ctypes.POINTER(number), ctypes.POINTER(number)),
        "FPDFPageObj_GetStrokeWidth": (number, handle, floats),
        "FPDFText_CountChars": (number, handle),
        "FPDFText_GetTextObject": (handle, handle, number),
        "FPDFText_GetLooseCharBox": (number, handle, number, ctypes.POINTER(pdfium.FS_RECTF)),
        "FPDFText_GetCharBox": (number, handle, number, doubles, doubles, doubles, doubles),
        "FPDFText_GetCharOrigin": (number, handle, number, doubles, doubles),
        "FPDFText_IsGenerated": (number, handle, number),
        "FPDFText_GetUnicode": (ctypes.c_uint, handle, number),
    }
    functions = {}
    for name, (result, *arguments) in table.items():
        function = library[name]  # a new function pointer each time
        function.restype, function.argtypes = result, arguments
        functions[name] = function
    return SimpleNamespace(**functions)


_api = _prototypes()


# --- one page's objects ----------------------------------------------------------------------

class _PageReader:
    """The text pieces and painted paths of one page, in content order, forms included."""

    def __init__(self, page: Any, textpage: Any, buffer: Any, word_gap: float) -> None:
        # Handles as plain integers, for the prototypes in ``_api``.
        self._page = ctypes.cast(page, ctypes.c_void_p).value
        self._textpage = ctypes.cast(textpage, ctypes.c_void_p).value if textpage else None
        self._buffer = buffer
        self._word_gap = word_gap
        self._count = _api.FPDFText_CountChars(textpage) if textpage else 0
        self._cursor = 0  # the text page's next character not yet given to an object
        self._owner: dict[int, list[int]] | None = None  # object address -> its characters, when out of order
        self._fonts: dict[int, tuple[str, bool, bool]] = {}
        self._marks: dict[int, tuple[str, str | None, int | None]] = {}
        self._matrix = pdfium.FS_MATRIX()
        self._size = ctypes.c_float()
        self._box = pdfium.FS_RECTF()
        self._x = ctypes.c_double()
        self._y = ctypes.c_double()
        self._edges = tuple(ctypes.c_double() for _ in range(4))
        self.pieces: list[_Piece] = []
        self.paths: list[_Path] = []

    def read(self) -> tuple[list[_Piece], list[_Path]]:
        page = self._page
        for position in range(_api.FPDFPage_CountObjects(page)):
            self._object(_api.FPDFPage_GetObject(page, position), None, (), 0)
        return self.pieces, self.paths

    def _object(self, handle: Any, outer: Matrix | None, context: tuple[tuple[str | None, int | None], ...],
                depth: int) -> None:
        kind = _api.FPDFPageObj_GetType(handle)
        if kind == _TEXT:
            self._text_object(handle, outer, context)
        elif kind == _PATH:
            self._path(handle, outer)
        elif kind == _FORM and depth < MAX_FORM_DEPTH:
            matrix = self._object_matrix(handle, outer)
            # Marked content open around the Do stays open inside the form, as content.py reads it.
            inner = context + self._mark_context(handle)
            for position in range(_api.FPDFFormObj_CountObjects(handle)):
                self._object(_api.FPDFFormObj_GetObject(handle, position), matrix, inner, depth + 1)

    def _object_matrix(self, handle: Any, outer: Matrix | None) -> Matrix:
        matrix = self._matrix
        _api.FPDFPageObj_GetMatrix(handle, matrix)
        own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        return own if outer is None else multiply(own, outer)

    def _mark_context(self, handle: Any) -> tuple[tuple[str | None, int | None], ...]:
        """(artifact type or None, MCID or None) of each mark on the object, outermost first."""
        found = []
        for position in range(_api.FPDFPageObj_CountMarks(handle)):
            mark = _api.FPDFPageObj_GetMark(handle, position)
            if not mark:
                continue
            address = mark
            known = self._marks.get(address)
            if known is None:
                known = self._read_mark(mark)
                self._marks[address] = known
            tag, artifact, mcid = known
            found.append((artifact if tag == "Artifact" and mcid is None else None, mcid))
        return tuple(found)

    def _read_mark(self, mark: Any) -> tuple[str, str | None, int | None]:
        buffer, length = self._buffer, ctypes.c_ulong(0)
        name = ""
        if _api.FPDFPageObjMark_GetName(mark, buffer, ctypes.sizeof(buffer), length):
            name = _from_utf16(buffer, length.value)
        value = ctypes.c_int(-1)
        mcid = None
        if _api.FPDFPageObjMark_GetParamIntValue(mark, b"MCID", value) and value.value >= 0:
            mcid = value.value
        artifact = None
        if name == "Artifact":
            artifact = self._artifact_type(mark)
        return name, artifact, mcid

    def _artifact_type(self, mark: int) -> str:
        """"Pagination" for a running header, footer or page number, else "Artifact".

        PDFium gives a mark's string and number values but not its name values, so /Type
        /Pagination itself cannot be read. PDF 32000-1 (14.8.2.2.2) allows /Subtype only on
        pagination artifacts and /Attached only on pagination and page-background ones, so
        either key means Pagination, which is the one type the reader treats apart.
        """
        buffer, length = self._buffer, ctypes.c_ulong(0)
        for position in range(_api.FPDFPageObjMark_CountParams(mark)):
            if _api.FPDFPageObjMark_GetParamKey(mark, position, buffer, ctypes.sizeof(buffer), length):
                if _from_utf16(buffer, length.value) in ("Subtype", "Attached"):
                    return "Pagination"
        return "Artifact"

    def _font(self, handle: Any) -> tuple[str, bool, bool]:
        font = _api.FPDFTextObj_GetFont(handle)
        address = font or 0
        known = self._fonts.get(address)
        if known is not None:
            return known
        name = "Unknown"
        flags, angle = 0, 0
        if font:
            size = _api.FPDFFont_GetBaseFontName(font, None, 0)
            if size > 1:
                raw = ctypes.create_string_buffer(size)
                _api.FPDFFont_GetBaseFontName(font, raw, size)
                name = raw.raw[: size - 1].decode("latin-1").split("+", 1)[-1] or "Unknown"
            flags = max(_api.FPDFFont_GetFlags(font), 0)
            italic_angle = ctypes.c_int(0)
            if _api.FPDFFont_GetItalicAngle(font, italic_angle):
                angle = italic_angle.value
        bold, italic = style_of(name, flags, None, angle)
        known = (name, bold, italic)
        self._fonts[address] = known
        return known

    def _text_object(self, handle: Any, outer: Matrix | None, context: tuple[tuple[str | None, int | None], ...]) -> None:
        text = self._object_text(handle)
        matrix = self._object_matrix(handle, outer)
        _api.FPDFTextObj_GetFontSize(handle, self._size)
        size = self._size.value
        scaled: Matrix = (matrix[0] * size, matrix[1] * size, matrix[2] * size, matrix[3] * size, matrix[4], matrix[5])
        if not text and not self._blank(handle):
            return  # its characters never reached the text page: a copy PDFium set aside as a duplicate
        font, bold, italic = self._font(handle)
        invisible = _api.FPDFTextObj_GetTextRenderMode(handle) in INVISIBLE_RENDER_MODES
        marks = context + self._mark_context(handle)
        artifact = next((kind for kind, _ in reversed(marks) if kind is not None), None)
        mcid = next((number for _, number in reversed(marks) if number is not None), None)
        parts = self._parts(handle, text, scaled) if text else [(" ", (matrix[4], matrix[5]), self._space_end(
            (matrix[4], matrix[5]), scaled, 1))]
        for part, origin, end in parts:
            self.pieces.append(_Piece(part, origin, end, scaled, font, bold, italic, artifact, invisible, mcid))

    def _blank(self, handle: Any) -> bool:
        """A text object the text page has no character of and whose glyphs paint nothing: a shown space.

        The text page leaves out a space that ends a line or stands alone; pypdf's interpreter keeps it,
        and its advance belongs to the line's extent."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not _api.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
            return False
        return abs(right.value - left.value) < 0.01 and abs(top.value - bottom.value) < 0.01

    @staticmethod
    def _space_end(start: tuple[float, float], scaled: Matrix, spaces: int) -> tuple[float, float]:
        # PDFium does not give a space's advance: take the common one (Arial's and Helvetica's 278/1000 em).
        return (start[0] + scaled[0] * SPACE_ADVANCE * spaces, start[1] + scaled[1] * SPACE_ADVANCE * spaces)

    def _object_text(self, handle: Any) -> str:
        if not self._textpage:
            return ""
        buffer = self._buffer
        size = _api.FPDFTextObj_GetText(handle, self._textpage, buffer, ctypes.sizeof(buffer))
        if size > ctypes.sizeof(buffer):
            buffer = (ctypes.c_ushort * (size // 2 + 1))()
            size = _api.FPDFTextObj_GetText(handle, self._textpage, buffer, ctypes.sizeof(buffer))
        # The text page marks a hyphen that ends a line as U+0002; the page shows a hyphen there.
        return _from_utf16(buffer, size).replace("\x02", "-")

    def _parts(self, handle: Any, text: str, matrix: Matrix) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
        """The object's text without the characters the text page generated (spaces it inferred from a
        gap, line breaks), split where they stood, each part with its origin and advance end. pypdf's
        interpreter splits a ``TJ`` at such a gap too, and the line builder puts the space back."""
        found = self._characters(handle, text)
        origin = (matrix[4], matrix[5])
        if found is None:
            return [(text, origin, self._far_end(origin, matrix, None, handle))]
        indices, text, _ = found  # what PDFium reports past the object's own characters is its own spacing
        if not text.isascii():
            text = self._blank_glyphs(indices, text)
        generated: set[int] = set()
        jumps: set[int] = set()  # positions a TJ kerning moved far (a tab stop): a new part starts there
        em = math.hypot(matrix[0], matrix[1])
        for position, char in enumerate(text):
            if char not in " \r\n":
                continue
            if _api.FPDFText_IsGenerated(self._textpage, indices[position]) == 1:
                generated.add(position)
            elif char == " " and position + 1 < len(text) and em > 0:
                space = self._origin_of(indices[position])[0]
                after = self._origin_of(indices[position + 1])[0]
                if (after - space) * (1 if matrix[0] >= 0 else -1) > (SPACE_ADVANCE + self._word_gap) * em:
                    jumps.add(position + 1)
        parts = []
        first = None
        for position in range(len(indices) + 1):
            ends = position == len(indices) or position in generated or position in jumps
            if ends and first is not None:
                start = origin if first == 0 else self._origin_of(indices[first])
                if position in jumps and position - 1 not in generated:
                    end = self._space_end(self._origin_of(indices[position - 1]), matrix, 1)
                else:
                    end = self._far_end(start, matrix, indices[position - 1])
                parts.append((text[first:position], start, end))
                first = None
            if first is None and position < len(indices) and position not in generated:
                first = position
        if parts and indices:
            part, start, end = parts[-1]
            parts[-1] = (part, start, self._trailing_blanks(handle, matrix, indices[-1], end))
        return parts

    def _trailing_blanks(self, handle: Any, matrix: Matrix, last: int, end: tuple[float, float]) -> tuple[float, float]:
        """Where an object's advance ends when it shows spaces after its last character on the text page.

        PDFium's text page keeps one of several spaces that end a ``TJ`` ("groomed." then five
        spaces, Word's habit before a tab stop), and the dropped ones have no character; pypdf's runs
        keep their advance. The object's bounds still reach the last space's origin (a blank glyph's
        box is its origin), past the last character's boxes: the advance ends one space further.
        """
        length = math.hypot(matrix[0], matrix[1]) or 1.0
        ux = matrix[0] / length
        if abs(ux) < 0.999 or abs(matrix[1]) > 1e-6 * length:
            return end  # only upright and upside-down baselines
        left, bottom, right, top = self._edges
        bounds = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        if not _api.FPDFPageObj_GetBounds(handle, *bounds):
            return end
        reach = bounds[2].value if ux > 0 else bounds[0].value
        if _api.FPDFText_GetCharBox(self._textpage, last, left, right, bottom, top):
            glyph = max(right.value, end[0]) if ux > 0 else min(left.value, end[0])
        else:
            glyph = end[0]
        if (reach - glyph) * ux <= TRAILING_BLANK_GAP:
            return end
        return self._space_end((reach, end[1]), matrix, 1)

    def _characters(self, handle: Any, text: str) -> tuple[list[int], str, int] | None:
        """The text page's indices of the object's characters, and its text as they spell it.

        PDFium keeps an object's characters together and in content order; the text it reports for
        an object also holds the spaces and line breaks it generated after them, whose owner is none.
        """
        address = handle
        if self._owner is not None:
            own = self._owner.get(address)
            return (own, "".join(self._unicode(index) for index in own), 0) if own else None
        textpage, count, wanted = self._textpage, self._count, len(text)
        position = self._cursor
        skipped = 0
        while position < count:
            owner = _api.FPDFText_GetTextObject(textpage, position)
            if owner == address:
                break
            if owner:
                skipped += 1  # a character of another object: not content order after all
                if skipped > 2:
                    return self._by_owner(address)
            position += 1
        else:
            return self._by_owner(address)
        last = position + wanted - 1
        if last < count and _api.FPDFText_GetTextObject(textpage, last) == address:
            self._cursor = last + 1
            return list(range(position, last + 1)), text, 0
        indices = []  # generated characters inside or after the object: walk it
        while position < count and len(indices) < wanted:
            owner = _api.FPDFText_GetTextObject(textpage, position)
            if owner and owner != address:
                break
            indices.append(position)
            position += 1
        if len(indices) < wanted and text[len(indices):].strip():
            return self._by_owner(address)
        self._cursor = position
        return (indices, text[: len(indices)], len(text) - len(indices)) if indices else None

    def _blank_glyphs(self, indices: list[int], text: str) -> str:
        """The text with a space for each character whose glyph paints nothing (its tight box has no height).

        As ``fonts._blank_codes`` reads it for pypdf: InDesign's ZapfDingbats bullets name the glyph
        after the bullet /space, and its ToUnicode maps that code to the bullet too ("●● social workers;").
        Only characters beyond ASCII are looked at: the class is symbol fonts' ToUnicode maps, and a box
        per character is the dearest call here.
        """
        chars = list(text)
        left, right, bottom, top = self._edges
        for position, char in enumerate(chars):
            if char.isascii() or char.isspace() or position >= len(indices):
                continue
            if (_api.FPDFText_GetCharBox(self._textpage, indices[position], left, right, bottom, top)
                    and abs(top.value - bottom.value) < BLANK_GLYPH_HEIGHT):
                chars[position] = " "
        return "".join(chars)

    def _unicode(self, index: int) -> str:
        return chr(_api.FPDFText_GetUnicode(self._textpage, index)).replace("\x02", "-")

    def _by_owner(self, address: int) -> tuple[list[int], str, int] | None:
        owners: dict[int, list[int]] = {}
        for position in range(self._count):
            owner = _api.FPDFText_GetTextObject(self._textpage, position)
            if owner:
                owners.setdefault(owner, []).append(position)
        self._owner = owners
        own = owners.get(address)
        return (own, "".join(self._unicode(index) for index in own), 0) if own else None

    def _origin_of(self, index: int) -> tuple[float, float]:
        _api.FPDFText_GetCharOrigin(self._textpage, index, self._x, self._y)
        return (self._x.value, self._y.value)

    def _follows(self, index: int) -> bool:
        """Whether a painted character (not one the text page generated) comes after ``index``."""
        return index + 1 < self._count and bool(_api.FPDFText_GetTextObject(self._textpage, index + 1))

    def _far_end(self, origin: tuple[float, float], matrix: Matrix, last: int | None,
                 handle: Any = None) -> tuple[float, float]:
        """Where the advance of the text starting at ``origin`` ends: the last character's loose box
        (origin to origin + advance), taken as far along the baseline as it reaches; without the
        character, the object's bounds."""
        length = math.hypot(matrix[0], matrix[1]) or 1.0
        ux, uy = matrix[0] / length, matrix[1] / length
        box = self._box
        if last is not None and _api.FPDFText_GetLooseCharBox(self._textpage, last, box):
            xs, ys = (box.left, box.right), (box.bottom, box.top)
            if abs(box.right - box.left) < 1e-3 and abs(ux) > 0.999:
                # A space: its loose box is empty. Its advance ends where the next character on the
                # line starts, else take the common advance.
                _api.FPDFText_GetCharOrigin(self._textpage, last, self._x, self._y)
                space = (self._x.value, self._y.value)
                if self._follows(last):
                    _api.FPDFText_GetCharOrigin(self._textpage, last + 1, self._x, self._y)
                    step = (self._x.value - space[0]) * ux
                    if abs(self._y.value - space[1]) < 0.01 and 0 < step <= 2 * SPACE_ADVANCE * abs(matrix[0]):
                        return (self._x.value, origin[1])
                return self._space_end((space[0], origin[1]), matrix, 1)
            if abs(ux) > 0.999 and self._follows(last):
                # The loose box reaches a glyph that overhangs its advance ("f", "y", italics). When the
                # next character starts on the same baseline inside that reach, its origin is the advance's end.
                _api.FPDFText_GetCharOrigin(self._textpage, last + 1, self._x, self._y)
                follower, level = self._x.value, self._y.value
                near, far = sorted(xs) if ux > 0 else sorted(xs, reverse=True)
                if abs(level - origin[1]) < 0.01 and (near < follower < far if ux > 0 else far < follower < near):
                    return (follower, origin[1])
        else:
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if handle is None or not _api.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
                return origin
            xs, ys = (left.value, right.value), (bottom.value, top.value)
        reach = max((x - origin[0]) * ux + (y - origin[1]) * uy for x in xs for y in ys)
        return (origin[0] + ux * reach, origin[1] + uy * reach)

    def _path(self, handle: Any, outer: Matrix | None) -> None:
        matrix = self._object_matrix(handle, outer)
        subpaths: list[list[tuple[float, float]]] = []
        x, y = ctypes.c_float(), ctypes.c_float()
        for position in range(_api.FPDFPath_CountSegments(handle)):
            segment = _api.FPDFPath_GetPathSegment(handle, position)
            kind = _api.FPDFPathSegment_GetType(segment)
            _api.FPDFPathSegment_GetPoint(segment, x, y)
            point = (x.value, y.value)
            if kind == pdfium.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([point])
            elif kind == pdfium.FPDF_SEGMENT_BEZIERTO:
                subpaths[-1].extend((CURVE, point))  # each control point too: no segment runs through them
            else:
                subpaths[-1].append(point)
            if _api.FPDFPathSegment_GetClose(segment):
                # As content.py reads "h": back to the first point (unless a line already went
                # there), and what follows without a move starts again from it.
                start = subpaths[-1][0]
                if subpaths[-1][-1] != start:
                    subpaths[-1].append(start)
                subpaths.append([start])
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        _api.FPDFPath_GetDrawMode(handle, fill, stroke)
        width = ctypes.c_float(1.0)
        _api.FPDFPageObj_GetStrokeWidth(handle, width)
        self.paths.append(_Path(subpaths, matrix, fill.value != pdfium.FPDF_FILLMODE_NONE, bool(stroke.value),
                                abs(width.value)))


@dataclass(frozen=True, slots=True)
class _Path:
    """One painted path object: its subpaths in the object's space, its matrix to page space."""

    subpaths: list[list[tuple[float, float]]]
    matrix: Matrix
    filled: bool
    stroked: bool
    width: float


def _run(piece: _Piece, start: Matrix) -> TextRun:
    matrix = multiply(piece.matrix, start)
    origin = multiply((1.0, 0.0, 0.0, 1.0, *piece.origin), start)
    end = multiply((1.0, 0.0, 0.0, 1.0, *piece.end), start)
    upright, slanted, size = baseline_geometry(matrix)  # as content.py: sheared italics are upright
    return TextRun(
        text=layout_text(piece.text),
        x0=snap(origin[4]),
        x1=snap(end[4]),
        y=snap(origin[5]),
        size=snap(size),
        font=piece.font,
        bold=piece.bold,
        italic=piece.italic or slanted,
        rise=0.0,
        artifact=piece.artifact,
        invisible=piece.invisible,
        upright=upright,
        mcid=piece.mcid,
        form_mcid=None,
        direction=direction_of(matrix),
    )


# --- the structure tree ------------------------------------------------------------------------

class _StructureReader:
    """Every page's part of the tag tree, joined into one ``StructureTree`` (see the module docstring)."""

    def __init__(self, document: Any, page_count: int) -> None:
        self._document = document
        self._page_count = page_count
        self._elements: dict[tuple[int, ...], tuple[str, str, str | None, str | None, str | None]] = {}
        self._content: dict[tuple[int, int], tuple[int, ...]] = {}
        self._truncated = False
        self._pages: set[int] = set()

    def add_page(self, page: Any, index: int) -> None:
        """The part of the tree on one loaded page (each page once: loading a page parses its content)."""
        if index in self._pages:
            return
        self._pages.add(index)
        tree = pdfium.FPDF_StructTree_GetForPage(page)
        if not tree:
            return
        try:
            for position in range(pdfium.FPDF_StructTree_CountChildren(tree)):
                child = pdfium.FPDF_StructTree_GetChildAtIndex(tree, position)
                if child:
                    self._walk(child, (position,), index)
        finally:
            pdfium.FPDF_StructTree_Close(tree)

    def read(self) -> StructureTree | None:
        for index in range(self._page_count):
            if index in self._pages:
                continue  # read with the page's content
            page = pdfium.FPDF_LoadPage(self._document, index)
            if page:
                try:
                    self.add_page(page, index)
                finally:
                    pdfium.FPDF_ClosePage(page)
        if not self._elements:
            return None
        order = sorted(self._elements)
        number = {path: position for position, path in enumerate(order)}
        elements = []
        for path in order:
            role, written, actual, alt, lang = self._elements[path]
            parent = number.get(path[:-1], -1)
            elements.append(Element(number[path], role, written, parent, len(path) - 1, actual, alt, lang))
        content = {key: number[path] for key, path in sorted(self._content.items())}
        return StructureTree(tuple(elements), content, {}, {}, self._truncated)

    def _walk(self, root: Any, root_path: tuple[int, ...], page: int) -> None:
        stack = [(root, root_path)]
        while stack:
            element, path = stack.pop()
            if len(self._elements) >= MAX_ELEMENTS or len(path) > MAX_DEPTH + 1:
                self._truncated = True
                return
            if path not in self._elements:
                written = _utf16(lambda buffer, size: pdfium.FPDF_StructElement_GetRawType(element, buffer, size)) or ""
                # A standard role is taken as written, as tags.read_structure does, even when the
                # /RoleMap maps it too (PDFium's GetType always maps: "Title" -> "H1").
                mapped = written if written in STANDARD_ROLES else (
                    _utf16(lambda buffer, size: pdfium.FPDF_StructElement_GetType(element, buffer, size)) or written)
                role = mapped if mapped in STANDARD_ROLES else (word_style(mapped) or mapped)
                self._elements[path] = (
                    role, written,
                    _text_or_none(lambda buffer, size: pdfium.FPDF_StructElement_GetActualText(element, buffer, size)),
                    _text_or_none(lambda buffer, size: pdfium.FPDF_StructElement_GetAltText(element, buffer, size)),
                    _text_or_none(lambda buffer, size: pdfium.FPDF_StructElement_GetLang(element, buffer, size)),
                )
            for position in range(pdfium.FPDF_StructElement_CountChildren(element) - 1, -1, -1):
                mcid = pdfium.FPDF_StructElement_GetChildMarkedContentID(element, position)
                if mcid >= 0:
                    self._content.setdefault((page, mcid), path)
                    continue
                child = pdfium.FPDF_StructElement_GetChildAtIndex(element, position)
                if child:
                    stack.append((child, path + (position,)))


# --- small helpers ------------------------------------------------------------------------------

def _utf16(call: Any) -> str | None:
    """A PDFium string getter's UTF-16LE answer (``call(buffer, size) -> bytes needed``); None when it has none."""
    size = call(None, 0)
    if size <= 2:
        return None if size == 0 else ""
    buffer = (ctypes.c_ushort * ((size + 1) // 2))()
    call(buffer, size)
    return _from_utf16(buffer, size)


def _text_or_none(call: Any) -> str | None:
    text = _utf16(call)
    return text if text is not None and text.strip() else None


def _from_utf16(buffer: Any, size_in_bytes: int) -> str:
    units = max(size_in_bytes // 2 - 1, 0)  # the answer counts the terminating NUL
    return ctypes.string_at(buffer, units * 2).decode("utf-16-le", "replace")


def _open_error(error: pypdfium2.PdfiumError, name: str, password: str | None) -> Exception:
    code = error.err_code
    if code == pdfium.FPDF_ERR_PASSWORD:
        if password is None:
            return EncryptedPdfError(f"'{name}' is encrypted; give its password with --password")
        return EncryptedPdfError(f"the password given for '{name}' is wrong")
    if code == pdfium.FPDF_ERR_SECURITY:
        return EncryptedPdfError(f"'{name}' uses an encryption method guidediff cannot open")
    return CorruptPdfError(f"'{name}' is damaged and cannot be read (PDFium cannot parse it)")

