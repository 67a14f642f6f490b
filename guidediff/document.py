"""The document model: immutable values produced by the reader and consumed by every later stage.

A ``Document`` is a sequence of ``Block`` values in reading order. Every block
knows the 0-based indices of the pages it spans; ``Document.labels`` turns
those into the *printed* page labels ("15", "iv") that reports cite.

Cleaning steps never mutate: they return new values (``dataclasses.replace``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


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
class Block:
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
    page_offsets: tuple[int, ...] = ()
    number: str | None = None
    level: int = 0
    marker: str | None = None
    footnote_refs: tuple[FootnoteRef, ...] = ()
    cells: tuple[str, ...] = ()
    bold: bool = False
    font_size: float = 0.0
    links: tuple[LinkRef, ...] = ()
    regions: tuple[Region, ...] = ()  # one box per page the block is printed on

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

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value, "text": self.text, "pages": list(self.pages), "seq": self.seq}
        if self.page_offsets:
            data["page_offsets"] = list(self.page_offsets)
        if self.number is not None:
            data["number"] = self.number
        if self.level:
            data["level"] = self.level
        if self.marker is not None:
            data["marker"] = self.marker
        if self.footnote_refs:
            data["footnote_refs"] = [[ref.label, ref.offset] for ref in self.footnote_refs]
        if self.cells:
            data["cells"] = list(self.cells)
        if self.bold:
            data["bold"] = True
        if self.font_size:
            data["font_size"] = self.font_size
        if self.links:
            data["links"] = [[link.uri, link.text] for link in self.links]
        if self.regions:
            data["regions"] = [[region.page, region.x0, region.y0, region.x1, region.y1] for region in self.regions]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Block:
        return cls(
            kind=BlockKind(data["kind"]),
            text=data["text"],
            pages=tuple(data["pages"]),
            seq=data.get("seq", 0),
            page_offsets=tuple(data.get("page_offsets", ())),
            number=data.get("number"),
            level=data.get("level", 0),
            marker=data.get("marker"),
            footnote_refs=tuple(FootnoteRef(label, offset) for label, offset in data.get("footnote_refs", ())),
            cells=tuple(data.get("cells", ())),
            bold=data.get("bold", False),
            font_size=data.get("font_size", 0.0),
            links=tuple(LinkRef(uri, text) for uri, text in data.get("links", ())),
            regions=tuple(Region(*values) for values in data.get("regions", ())),
        )


@dataclass(frozen=True, slots=True)
class Page:
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
    is_contents: bool = False
    rotation: int = 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"index": self.index, "label": self.label, "width": self.width, "height": self.height}
        if self.is_contents:
            data["is_contents"] = True
        if self.rotation:
            data["rotation"] = self.rotation
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Page:
        return cls(data["index"], data["label"], data.get("width", 0.0), data.get("height", 0.0), data.get("is_contents", False),
                   data.get("rotation", 0))


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark, or an entry of the printed contents page when there are no bookmarks."""

    title: str
    level: int
    page: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "level": self.level, "page": self.page}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OutlineEntry:
        return cls(data["title"], data["level"], data.get("page"))


@dataclass(frozen=True, slots=True)
class Document:
    """A read PDF: metadata, pages with printed labels, outline, and blocks in reading order."""

    title: str
    path: str
    sha256: str
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...]
    outline: tuple[OutlineEntry, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    outline_source: str = "none"  # "tags", "bookmarks", "contents-page" or "none"
    edition: str | None = None  # a short citation name such as "KCSIE 2025", when known
    reading: str = "geometry"  # how blocks were found: "tags" (the tag tree) or "geometry", with the reason
    back_matter: tuple[Block, ...] = ()  # back cover and licence page: copyright, ISBN, "Follow us on" — not body text
    _label_index: dict[str, int] = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]

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
            from guidediff.errors import InputError

            known = f"{self.pages[0].label}–{self.pages[-1].label}" if self.pages else "none"
            raise InputError(f"'{self.path}' has no printed pages {first}–{last} (its pages are {known})")
        kept = tuple(block for block in self.blocks if start <= block.pages[0] <= end)
        outline = tuple(entry for entry in self.outline if entry.page is None or start <= entry.page <= end)
        return replace(self, blocks=kept, outline=outline)

    # --- plain data --------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "path": self.path,
            "sha256": self.sha256,
            "metadata": dict(self.metadata),
            "outline_source": self.outline_source,
            "edition": self.edition,
            "reading": self.reading,
            "pages": [page.to_dict() for page in self.pages],
            "outline": [entry.to_dict() for entry in self.outline],
            "blocks": [block.to_dict() for block in self.blocks],
            "back_matter": [block.to_dict() for block in self.back_matter],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        return cls(
            title=data["title"],
            path=data["path"],
            sha256=data["sha256"],
            pages=tuple(Page.from_dict(page) for page in data["pages"]),
            blocks=tuple(Block.from_dict(block) for block in data["blocks"]),
            outline=tuple(OutlineEntry.from_dict(entry) for entry in data.get("outline", ())),
            metadata=tuple(sorted(data.get("metadata", {}).items())),
            outline_source=data.get("outline_source", "none"),
            edition=data.get("edition"),
            reading=data.get("reading", "geometry"),
            back_matter=tuple(Block.from_dict(block) for block in data.get("back_matter", ())),
        )
