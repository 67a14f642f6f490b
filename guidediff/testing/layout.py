"""Where everything landed: the ground truth ``render`` returns for tests and benchmarks.

Pages are 0-based indices into the PDF; labels are the numbers printed on
them ("iv", "12"), the same strings ``guidediff.document.Page.label`` and the
report's ``pages`` hold. The text fields are what a perfect reader recovers:
see ``guidediff.testing.text`` for the plain-text rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from guidediff import serial


@dataclass(frozen=True, slots=True)
class ElementPlacement:
    """Where ``spec.body[index]`` landed.

    ``pages`` lists every page the element touches, in order (a paragraph that
    runs over a page break lists both); ``page_offsets[i]`` is the offset in
    ``text`` where the part on ``pages[i + 1]`` begins, as in ``Block``.
    ``text`` is the plain text: for a paragraph or bullet without its number or
    marker; for a table its rows joined by "\\n" with cells joined by "\\t"; for
    a flowchart its title and steps joined by "\\n"; for a ``Footnote`` its
    text, and ``pages`` is where its body is printed. Page breaks, main-matter
    markers and spacers draw nothing and have no pages.
    ``footnote_refs`` holds (footnote number, offset in ``text`` just after
    the word the marker is fused to); ``hyphenated`` the whole words that were
    broken with a hyphen at a line end.
    """

    index: int
    kind: str
    pages: tuple[int, ...] = ()
    labels: tuple[str, ...] = ()
    text: str = ""
    page_offsets: tuple[int, ...] = ()
    footnote_refs: tuple[tuple[int, int], ...] = ()
    hyphenated: tuple[str, ...] = ()

    @property
    def first_page(self) -> int | None:
        return self.pages[0] if self.pages else None


@dataclass(frozen=True, slots=True)
class FootnotePlacement:
    """A footnote: its printed number, where its body is printed and which element references it."""

    number: int
    id: str
    text: str
    page: int
    label: str
    referenced_by: int  # index in spec.body of the element whose text holds the marker
    defined_by: int  # index in spec.body of the Footnote element


@dataclass(frozen=True, slots=True)
class HeadingPlacement:
    """A heading and the page it is printed on (headings never break across pages)."""

    index: int
    level: int
    text: str
    page: int
    label: str


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    """A line of the printed contents: the heading, and the page number printed beside it."""

    index: int  # the heading's index in spec.body
    level: int
    text: str
    label: str  # the printed page number of the heading
    contents_page: int  # the page of the contents on which this entry is printed


@dataclass(frozen=True, slots=True)
class Layout(serial.Record):
    """Ground truth for one rendered document (``to_dict``/``from_dict`` from ``serial``, for benchmarks' JSON)."""

    page_count: int
    labels: tuple[str, ...]  # printed label of every page, in page order (the title page's is not printed)
    title_page: int | None
    contents_pages: tuple[int, ...]
    elements: tuple[ElementPlacement, ...]  # one per spec.body element, same order
    footnotes: tuple[FootnotePlacement, ...]  # in number order
    headings: tuple[HeadingPlacement, ...]
    contents: tuple[ContentsEntry, ...]
    printed_page_numbers: bool  # False when page_number_position is "none"
    page_labels: bool  # True when the PDF has /PageLabels matching ``labels``

    def label(self, page: int) -> str:
        return self.labels[page]

    def element(self, index: int) -> ElementPlacement:
        return self.elements[index]

    def footnote(self, number: int) -> FootnotePlacement:
        return self.footnotes[number - 1]

    @property
    def footnote_pages(self) -> dict[int, tuple[int, str]]:
        """Footnote number → (page index, printed label)."""
        return {footnote.number: (footnote.page, footnote.label) for footnote in self.footnotes}
