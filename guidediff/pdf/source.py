"""Read stage, the producer interface: what a producer of page content hands the reader.

A producer opens a PDF and gives, per page, a ``PageRead`` (text runs and rules in
display space, with upright text upright; the display size; the link areas), and for
the document its structure tree, /PageLabels, bookmarks and document information.
Two producers exist: ``reader.PypdfSource`` (pypdf, pure Python, the reference) and
``pdfium.PdfiumSource`` (pypdfium2). ``reader.read_pdf_bytes`` builds the Document
from either, and cannot tell which one it had.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from guidediff.pdf.content import Rule, TextRun
from guidediff.pdf.links import LinkArea
from guidediff.pdf.tags import StructureTree

# The document-information entries of PDF 32000-1, 14.3.3: the ones guidediff reads, and the
# only ones pdfium can give (it reads an entry by name and cannot list them).
STANDARD_INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate",
                      "Trapped")
MAX_BOOKMARK_LEVEL = 12


@dataclass(frozen=True, slots=True)
class PageRead:
    """One page: runs and rules in display space, display width and height, links."""

    runs: list[TextRun]
    rules: list[Rule]
    width: float
    height: float
    links: list[LinkArea]
    rotation: int = 0  # degrees the page is turned to read its text upright (/Rotate, or more for sideways text)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """One outline item as written: its title, nesting level (1 at the top) and target page."""

    title: str
    level: int
    page: int | None  # 0-based page index; None when it points nowhere in this file
    readable: bool = True  # False: its destination could not be read (it is kept for judging titles only)


class Source(Protocol):
    engine: str  # "pypdf" or "pdfium"
    page_count: int

    def page(self, index: int) -> PageRead: ...
    def structure(self) -> StructureTree | None: ...
    def page_labels(self) -> list[str] | None: ...
    def bookmarks(self) -> list[Bookmark]: ...
    def metadata(self) -> dict[str, str]: ...
    def close(self) -> None: ...
