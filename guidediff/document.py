"""The document model: immutable values produced by the reader and consumed by every later stage.

A ``Document`` is a sequence of ``Block`` values in reading order. Every block
knows the 0-based indices of the pages it spans; ``Document.labels`` turns
those into the *printed* page labels ("15", "iv") that reports cite.

Cleaning steps never mutate: they return new values (``dataclasses.replace``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from guidediff import serial
from guidediff.errors import InputError


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    FOOTNOTE = "footnote"
    TABLE_ROW = "table_row"


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote marker that stood in the text: its label and where it stood.

    ``offset`` is the character offset in ``Block.text`` just after the word the
    marker was attached to ("practitioners15." -> text "practitioners.", offset 13).
    """

    label: str
    offset: int


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link annotation over some of a block's words: where it points and the words it covers."""

    uri: str
    text: str


@dataclass(frozen=True, slots=True)
class Region:
    """Where part of a block is printed: a page index and a box in PDF points, in the page's
    display space (origin at the lower-left corner of the visible page, y upwards, /Rotate applied)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class Block(serial.Record):
    """One unit of reading-order content.

    ``text`` is clean: lines re-flowed, hyphenation joined, ligatures, quotes,
    spaces and bullets normalised, footnote markers taken out (see
    ``footnote_refs``), the paragraph number and the list marker taken off.

    A block that runs across a page break is one block: ``pages`` lists every
    page it touches and ``page_offsets[i]`` is the offset in ``text`` where the
    part on ``pages[i + 1]`` begins.
    """

    kind: BlockKind
    text: str
    pages: tuple[int, ...]
    seq: int = 0
    # The rest is written only when set, and records as rows: a document has thousands of blocks.
    page_offsets: tuple[int, ...] = serial.optional(())
    number: str | None = serial.optional()
    level: int = serial.optional(0)
    marker: str | None = serial.optional()
    footnote_refs: tuple[FootnoteRef, ...] = serial.field(default=(), omit_default=True, encode=serial.as_rows,
                                                          decode=serial.rows_of(FootnoteRef))
    cells: tuple[str, ...] = serial.optional(())
    bold: bool = serial.optional(False)
    font_size: float = serial.optional(0.0)
    links: tuple[LinkRef, ...] = serial.field(default=(), omit_default=True, encode=serial.as_rows,
                                              decode=serial.rows_of(LinkRef))
    regions: tuple[Region, ...] = serial.field(default=(), omit_default=True, encode=serial.as_rows,
                                               decode=serial.rows_of(Region))  # one box per page the block is printed on

    @property
    def first_page(self) -> int:
        return self.pages[0]

    def page_at(self, offset: int) -> int:
        """The page index on which character ``offset`` of ``text`` is printed."""
        page = self.pages[0]
        for next_page, start in zip(self.pages[1:], self.page_offsets):
            if offset >= start:
                page = next_page
        return page


@dataclass(frozen=True, slots=True)
class Page(serial.Record):
    """A page: its 0-based index in the file and the label printed on it.

    ``width`` and ``height`` are those of the frame the page is read in: the visible
    page (crop box) turned clockwise by ``rotation`` degrees, which is the page's
    /Rotate, plus a further quarter turn where its text reads sideways even then.
    ``Region`` boxes are in this frame.
    """

    index: int
    label: str
    width: float = 0.0
    height: float = 0.0
    is_contents: bool = serial.optional(False)
    rotation: int = serial.optional(0)


@dataclass(frozen=True, slots=True)
class OutlineEntry(serial.Record):
    """A bookmark, or an entry of the printed contents page when there are no bookmarks."""

    title: str
    level: int
    page: int | None


@serial.layout("title", "path", "sha256", "metadata", "outline_source", "edition", "reading", "reader", "pages", "outline",
               "blocks", "back_matter")
@dataclass(frozen=True, slots=True)
class Document(serial.Record):
    """A read PDF: metadata, pages with printed labels, outline, and blocks in reading order."""

    title: str
    path: str
    sha256: str
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...]
    outline: tuple[OutlineEntry, ...] = ()
    metadata: tuple[tuple[str, str], ...] = serial.field(default=(), encode=dict,
                                                         decode=lambda info: tuple(sorted(info.items())))
    outline_source: str = "none"  # "tags", "bookmarks", "contents-page" or "none"
    edition: str | None = None  # a short citation name such as "KCSIE 2025", when known
    reading: str = "geometry"  # how blocks were found: "tags" (the tag tree) or "geometry", with the reason
    back_matter: tuple[Block, ...] = ()  # back cover and licence page: copyright, ISBN, "Follow us on" — not body text
    # The PDF reader that read it: "pdfium" or "pypdf" (pdfium hands a file it refuses to pypdf); None when
    # the Document was built some other way (tests build them from blocks).
    reader: str | None = serial.optional()
    _label_index: dict[str, int] = serial.field(  # type: ignore[assignment]
        default=None, init=False, repr=False, compare=False, dump=False)

    def __post_init__(self) -> None:
        labels: dict[str, int] = {}
        for page in self.pages:
            labels.setdefault(page.label, page.index)
        object.__setattr__(self, "_label_index", labels)

    # --- pages -------------------------------------------------------------
    def page_label(self, index: int) -> str:
        return self.pages[index].label

    def labels(self, pages: tuple[int, ...] | Block) -> tuple[str, ...]:
        """Printed labels of the given page indices (or of a block's pages), in order, without repeats."""
        indices = pages.pages if isinstance(pages, Block) else pages
        seen: list[str] = []
        for index in indices:
            label = self.pages[index].label
            if label not in seen:
                seen.append(label)
        return tuple(seen)

    def page_index(self, label: str) -> int | None:
        """The 0-based index of the first page printed with ``label``."""
        return self._label_index.get(label)

    # --- blocks ------------------------------------------------------------
    @property
    def body(self) -> tuple[Block, ...]:
        """Blocks other than footnotes."""
        return tuple(block for block in self.blocks if block.kind is not BlockKind.FOOTNOTE)

    @property
    def footnotes(self) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.kind is BlockKind.FOOTNOTE)

    def numbered_paragraphs(self) -> Iterator[Block]:
        return (block for block in self.blocks if block.kind is BlockKind.PARAGRAPH and block.number is not None)

    def paragraph(self, number: str) -> Block | None:
        """The first paragraph printed with ``number``, or None."""
        return next((block for block in self.numbered_paragraphs() if block.number == number), None)

    @property
    def meta(self) -> dict[str, str]:
        return dict(self.metadata)

    @property
    def name(self) -> str:
        """How reports cite this document: the edition name when known, else the title."""
        return self.edition or self.title

    def with_edition(self, edition: str | None) -> Document:
        return replace(self, edition=edition)

    def page_range(self, first: str, last: str) -> Document:
        """The same document restricted to blocks that start on printed pages ``first`` to ``last``.

        Labels are printed page labels ("7", "24"); pages keep their labels, so
        citations stay those of the whole document.
        """
        start, end = self.page_index(first), self.page_index(last)
        if start is None or end is None or start > end:
            known = f"{self.pages[0].label}–{self.pages[-1].label}" if self.pages else "none"
            raise InputError(f"'{self.path}' has no printed pages {first}–{last} (its pages are {known})")
        kept = tuple(block for block in self.blocks if start <= block.pages[0] <= end)
        outline = tuple(entry for entry in self.outline if entry.page is None or start <= entry.page <= end)
        return replace(self, blocks=kept, outline=outline)

    # --- plain data --------------------------------------------------------
