"""What a test document contains: frozen, slotted dataclasses and their validation.

Plain data only (no reportlab here), so specs can be built, compared and
stored by code that never renders them.

Footnotes
---------
A footnote is *referenced* inside body text with ``word[^id]`` (no space
before the ``[^``, exactly like a Word superscript marker fused to its word)
and *defined* by a top-level ``Footnote(id, text)`` element that may stand
anywhere in ``DocSpec.body``; where it stands does not matter. Each id is
defined once and referenced exactly once. Footnotes are numbered 1, 2, 3 …
through the whole document in the order of their references, as Word does.
References are recognised in the text of ``Heading``, ``Para``, ``Bullet``,
``Table`` cells and ``Flowchart`` titles and steps. Anywhere else (the title
page, the running header, a footnote's own text) "[^id]" is ordinary text.

Characters
----------
The typesetter uses the standard Helvetica fonts, which cover the WinAnsi
(Windows-1252) character set: curly quotes, en and em dashes, "£", "é", "•",
"…" and the like. Any other character, a control character or a soft hyphen
is a ``SpecError`` naming the element, rather than a wrong glyph in the PDF.

A ``DocSpec`` validates itself on construction, so a spec that exists is
one the typesetter can lay out (except for sizes: a table row or flowchart
taller than a page is only found when rendering).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

PageSize: TypeAlias = Literal["A4", "Letter"]
PageNumberPosition: TypeAlias = Literal["bottom-centre", "bottom-right", "top-centre", "top-right", "none"]
FrontMatter: TypeAlias = Literal["none", "roman"]

PAGE_SIZES: tuple[str, ...] = ("A4", "Letter")
PAGE_NUMBER_POSITIONS: tuple[str, ...] = ("bottom-centre", "bottom-right", "top-centre", "top-right", "none")
FRONT_MATTER_STYLES: tuple[str, ...] = ("none", "roman")

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_METADATA_KEY = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_SOFT_HYPHEN = "\u00ad"
# Whitespace the typesetter treats as a word break. The no-break space is
# deliberately not in it: it keeps two words on one line, as in Word.
_BREAKING_WHITESPACE = frozenset(" \t\n\r")


class SpecError(ValueError):
    """A document spec the typesetter cannot render; ``index`` is the offending ``body`` element, if any."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


# --- elements --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; level 1 starts a new page unless ``new_page`` says otherwise."""

    text: str
    level: int = 1
    new_page: bool | None = None

    @property
    def starts_page(self) -> bool:
        return self.level == 1 if self.new_page is None else self.new_page


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph; ``number`` ("12.", "5.23") is printed as written at the left margin."""

    text: str
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Bullet:
    """A list item at ``level`` 1–3, drawn with ``marker``."""

    text: str
    level: int = 1
    marker: str = "•"


@dataclass(frozen=True, slots=True)
class PageBreak:
    """The next content starts on a new page (never creates an empty page)."""


@dataclass(frozen=True, slots=True)
class MainMatter:
    """With ``front_matter="roman"``: the next content starts a new page printed "1"."""


@dataclass(frozen=True, slots=True)
class Table:
    """A grid of cells with equal-width columns; the first row is bold when ``header``."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))


@dataclass(frozen=True, slots=True)
class Flowchart:
    """A page-width diagram: a title, then one box per step joined by downward arrows."""

    title: str
    steps: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))


@dataclass(frozen=True, slots=True)
class Figure:
    """A drawing with no text: a bar chart, one bar per value (0–1 of ``height`` points), on two axes."""

    bars: tuple[float, ...]
    height: float = 120.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "bars", tuple(self.bars))


@dataclass(frozen=True, slots=True)
class Spacer:
    """Extra vertical space in points (dropped at the top of a page, like paragraph spacing)."""

    height: float


@dataclass(frozen=True, slots=True)
class Footnote:
    """The text of the footnote referenced as ``[^id]``; drawn at the foot of the reference's page."""

    id: str
    text: str


Element: TypeAlias = Heading | Para | Bullet | PageBreak | MainMatter | Table | Flowchart | Figure | Spacer | Footnote


def element_kind(element: Element) -> str:
    """A short, stable name for an element's type ("para", "main_matter"…), used in layouts and messages."""
    return _KIND_NAMES[type(element)]


_KIND_NAMES: dict[type, str] = {
    Heading: "heading",
    Para: "para",
    Bullet: "bullet",
    PageBreak: "page_break",
    MainMatter: "main_matter",
    Table: "table",
    Flowchart: "flowchart",
    Figure: "figure",
    Spacer: "spacer",
    Footnote: "footnote",
}


def element_texts(element: Element) -> tuple[str, ...]:
    """The element's strings that may hold footnote references, in reading order."""
    if isinstance(element, (Heading, Para, Bullet)):
        return (element.text,)
    if isinstance(element, Table):
        return tuple(cell for row in element.rows for cell in row)
    if isinstance(element, Flowchart):
        return (element.title, *element.steps)
    return ()


def footnote_ids(text: str) -> list[str]:
    """The ids referenced in ``text`` with ``[^id]``, in order."""
    return FOOTNOTE_REF.findall(text)


# --- the document ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocSpec:
    """A whole document: title page fields, page furniture options and the body elements."""

    title: str
    subtitle: str | None = None
    date: str | None = None
    publisher: str | None = None
    notice: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    page_size: PageSize = "A4"
    running_header: str | None = None
    page_number_position: PageNumberPosition = "bottom-centre"
    front_matter: FrontMatter = "none"
    page_labels: bool = True
    contents: bool = True
    bookmarks: bool = True
    title_page: bool = True
    hyphenate: bool = False
    body: tuple[Element, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", tuple((str(key), str(value)) for key, value in self.metadata))
        object.__setattr__(self, "body", tuple(self.body))
        _validate(self)

    def footnote_numbers(self) -> dict[str, int]:
        """Footnote id → printed number (1, 2, 3 … in order of reference)."""
        ids = (ref for element in self.body for text in element_texts(element) for ref in footnote_ids(text))
        return {ref: number for number, ref in enumerate(ids, start=1)}

    def footnote_texts(self) -> dict[str, str]:
        """Footnote id → footnote text."""
        return {element.id: element.text for element in self.body if isinstance(element, Footnote)}


# --- validation --------------------------------------------------------------


def check_characters(text: str, where: str, index: int | None = None) -> None:
    """Raise ``SpecError`` unless every character of ``text`` can be drawn with the standard fonts."""
    for char in text:
        if char in _BREAKING_WHITESPACE:
            continue
        if char == _SOFT_HYPHEN or unicodedata.category(char) == "Cc" or not _in_winansi(char):
            raise SpecError(
                f"{where}: character {char!r} (U+{ord(char):04X}, {unicodedata.name(char, 'unnamed')}) is outside "
                "the WinAnsi set the typesetter's Helvetica fonts can draw; replace it",
                index,
            )


def _in_winansi(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _validate(spec: DocSpec) -> None:
    _validate_options(spec)
    for index, element in enumerate(spec.body):
        _validate_element(element, index)
    _validate_front_matter(spec)
    _validate_footnotes(spec)
    if not (spec.title_page or spec.contents or any(_draws_something(element) for element in spec.body)):
        raise SpecError("the document has nothing to draw: no title page, no contents and no body content")


def _validate_options(spec: DocSpec) -> None:
    for name in ("title", "subtitle", "date", "publisher", "notice", "running_header"):
        value = getattr(spec, name)
        if value is not None or name == "title":
            _require_text(value, f"the {name.replace('_', ' ')}")
    _require_choice(spec.page_size, PAGE_SIZES, "page_size")
    _require_choice(spec.page_number_position, PAGE_NUMBER_POSITIONS, "page_number_position")
    _require_choice(spec.front_matter, FRONT_MATTER_STYLES, "front_matter")
    for key, value in spec.metadata:
        if not _METADATA_KEY.fullmatch(key):
            raise SpecError(f"metadata key {key!r} is not a plain PDF name (letters, digits, '.', '_', '-')")
        check_characters(value, f"metadata {key!r}")


def _require_text(value: str, where: str, index: int | None = None) -> None:
    if not isinstance(value, str) or not value.strip():
        raise SpecError(f"{where} is empty or not text", index)
    check_characters(value, where, index)


def _require_choice(value: str, choices: tuple[str, ...], name: str) -> None:
    if value not in choices:
        raise SpecError(f"{name} {value!r} is not one of {', '.join(choices)}")


def _validate_front_matter(spec: DocSpec) -> None:
    markers = [index for index, element in enumerate(spec.body) if isinstance(element, MainMatter)]
    if markers and spec.front_matter != "roman":
        raise SpecError("MainMatter only makes sense with front_matter='roman'", markers[0])
    if len(markers) > 1:
        raise SpecError("the body has more than one MainMatter marker", markers[1])
    if markers and not any(_draws_something(element) for element in spec.body[markers[0] + 1 :]):
        raise SpecError("MainMatter must be followed by content for page 1", markers[0])


def _draws_something(element: Element) -> bool:
    return not isinstance(element, (PageBreak, MainMatter, Spacer, Footnote))


def _validate_element(element: Element, index: int) -> None:
    if type(element) not in _KIND_NAMES:
        raise SpecError(f"body[{index}] is a {type(element).__name__}, not a document element", index)
    where = f"body[{index}] ({element_kind(element)})"
    for text in element_texts(element):
        if isinstance(element, Table):
            check_characters(text, where, index)  # a table cell may be empty
        else:
            _require_text(text, where, index)
        _require_fused_references(text, where, index)
    if isinstance(element, Heading) and element.level not in (1, 2, 3):
        raise SpecError(f"{where}: heading level {element.level} is not 1, 2 or 3", index)
    if isinstance(element, Para) and element.number is not None:
        if not element.number or any(char.isspace() for char in element.number):
            raise SpecError(f"{where}: paragraph number {element.number!r} must be one word", index)
        check_characters(element.number, where, index)
    if isinstance(element, Bullet):
        if element.level not in (1, 2, 3):
            raise SpecError(f"{where}: bullet level {element.level} is not 1, 2 or 3", index)
        _require_text(element.marker, f"{where} marker", index)
    if isinstance(element, Table):
        _validate_table(element, where, index)
    if isinstance(element, Flowchart) and not element.steps:
        raise SpecError(f"{where}: a flowchart needs at least one step", index)
    if isinstance(element, Figure) and (
            not element.bars or not all(math.isfinite(bar) and 0 <= bar <= 1 for bar in element.bars)
            or not (math.isfinite(element.height) and 12 <= element.height <= 600)):
        raise SpecError(f"{where}: a figure needs bars between 0 and 1 and a height of 12-600 points", index)
    if isinstance(element, Spacer) and not (math.isfinite(element.height) and element.height >= 0):
        raise SpecError(f"{where}: spacer height {element.height!r} must be a finite number of points >= 0", index)
    if isinstance(element, Footnote):
        _validate_footnote_definition(element, where, index)


def _require_fused_references(text: str, where: str, index: int) -> None:
    for match in FOOTNOTE_REF.finditer(text):
        if match.start() == 0 or text[match.start() - 1].isspace():
            raise SpecError(f"{where}: footnote reference [^{match.group(1)}] must follow a word with no space", index)


def _validate_table(table: Table, where: str, index: int) -> None:
    if not table.rows or not table.rows[0]:
        raise SpecError(f"{where}: a table needs at least one row and one column", index)
    width = len(table.rows[0])
    for row_number, row in enumerate(table.rows, start=1):
        if len(row) != width:
            raise SpecError(f"{where}: row {row_number} has {len(row)} cells, the first row has {width}", index)


def _validate_footnote_definition(footnote: Footnote, where: str, index: int) -> None:
    if not FOOTNOTE_REF.fullmatch(f"[^{footnote.id}]"):
        raise SpecError(f"{where}: footnote id {footnote.id!r} must be non-empty, without spaces or ']'", index)
    _require_text(footnote.text, where, index)


def _validate_footnotes(spec: DocSpec) -> None:
    defined: dict[str, int] = {}
    for index, element in enumerate(spec.body):
        if isinstance(element, Footnote):
            if element.id in defined:
                raise SpecError(f"body[{index}]: footnote [^{element.id}] is defined twice", index)
            defined[element.id] = index
    referenced: set[str] = set()
    for index, ref in _references(spec):
        if ref not in defined:
            raise SpecError(f"body[{index}]: footnote [^{ref}] is referenced but never defined", index)
        if ref in referenced:
            raise SpecError(f"body[{index}]: footnote [^{ref}] is referenced twice; a footnote has one marker", index)
        referenced.add(ref)
    for ref, index in defined.items():
        if ref not in referenced:
            raise SpecError(f"body[{index}]: footnote [^{ref}] is defined but never referenced", index)


def _references(spec: DocSpec) -> Iterator[tuple[int, str]]:
    for index, element in enumerate(spec.body):
        for text in element_texts(element):
            for ref in footnote_ids(text):
                yield index, ref
