"""Read a PDF file into a clean, page-aware ``Document``.

The steps, each in its own module: open and validate (here), interpret every
page's content stream (``content``), group runs into lines (``lines``), strip
running headers, footers and page numbers (``furniture``), decide printed page
labels (``labels``), set contents pages and the back cover aside (``contents``,
``covers``), and build blocks (``blocks``, ``tables``), following the tag tree
(``tags``) where it describes the text. Links come from ``links``, the heading
outline from ``outline``.

Two producers read a file's page content, structure tree, labels, bookmarks and
document information, and everything after them is shared: ``PypdfSource`` (here,
on pypdf: pure Python, the reference) and ``pdfium.PdfiumSource`` (on pypdfium2,
the optional extra ``guidediff[pdfium]``, several times faster). ``engine`` picks
one ("pypdf" or "pdfium"); by default pdfium when it is installed, else pypdf, or
what ``$GUIDEDIFF_READER`` names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
from pypdf.errors import FileNotDecryptedError
from pypdf.generic import NameObject

from guidediff.document import Block, BlockKind, Document, OutlineEntry, Page
from guidediff.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    PdfError,
    TooLargeError,
)
from guidediff.pdf.blocks import PageLines, build_blocks
from guidediff.pdf.content import TextRun, display_matrix, interpret_page, reading_turn, snap
from guidediff.pdf.files import (  # noqa: F401 - also read's API: the file checks, opening with pypdf, the engine
    ENGINES, MAX_FILE_BYTES, Progress, check_pdf_bytes, choose_engine, open_pdf, pdfium_available, read_bytes,
    reason_of, sha256_of,
)
from guidediff.pdf.contents import ContentsEntry, drop_heading_lists, find_contents, strip_inline_contents
from guidediff.pdf.covers import back_cover, licence_pages
from guidediff.pdf.furniture import strip_furniture
from guidediff.pdf.labels import decide_labels
from guidediff.pdf.columns import page_lines
from guidediff.pdf.lines import Line
from guidediff.pdf.links import LinkArea, attach_links, page_links
from guidediff.pdf.normalise import normalise_text
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions
from guidediff.pdf.outline import judge_bookmarks, outline_from_headings
from guidediff.pdf.source import MAX_BOOKMARK_LEVEL, STANDARD_INFO_KEYS, Bookmark, PageRead, Source
from guidediff.pdf.tables import has_ruled_table
from guidediff.pdf.tags import NOTE_ROLES, StructureTree, judge, read_structure

MAX_PAGES = 5000

_USELESS_TITLES = re.compile(r"^(?:untitled|microsoft word\b.*|.*\.(?:docx?|pdf|odt|rtf|indd|tex))$", re.IGNORECASE)


def read_pdf(path: str | os.PathLike[str], *, password: str | None = None, progress: Progress | None = None,
             max_pages: int = MAX_PAGES, engine: str | None = None, options: ReaderOptions = DEFAULT_OPTIONS) -> Document:
    """Read ``path`` into a ``Document`` or raise a ``GuidediffError`` with a clear message.

    ``options`` holds every threshold the reader judges by (``pdf.options.ReaderOptions``).
    """
    data = read_bytes(path)
    return read_pdf_bytes(data, str(path), password=password, progress=progress, max_pages=max_pages, engine=engine,
                          options=options)


def read_pdf_bytes(data: bytes, name: str, *, password: str | None = None, progress: Progress | None = None,
                   max_pages: int = MAX_PAGES, engine: str | None = None,
                   options: ReaderOptions = DEFAULT_OPTIONS) -> Document:
    source = open_source(data, name, password=password, engine=engine, options=options)
    try:
        return _read(source, data, name, progress, max_pages, options)
    finally:
        source.close()


def open_source(data: bytes, name: str, *, password: str | None = None, engine: str | None = None,
                options: ReaderOptions = DEFAULT_OPTIONS) -> Source:
    """The chosen producer over ``data``, opened and decrypted, or a clear error."""
    chosen = choose_engine(engine)
    check_pdf_bytes(data, name)
    if chosen == "pdfium":
        from guidediff.pdf.pdfium import PdfiumSource

        try:
            return PdfiumSource(data, name, password, options)
        except CorruptPdfError:
            pass  # PDFium refuses some damaged files pypdf repairs (sample 017): the reference reads them
    return PypdfSource(data, name, password)


def _read(source: Source, data: bytes, name: str, progress: Progress | None, max_pages: int,
          options: ReaderOptions) -> Document:
    page_count = source.page_count
    if page_count > max_pages:
        raise TooLargeError(f"'{name}' has {page_count} pages; guidediff reads PDFs of up to {max_pages} pages")
    page_runs, rules, sizes, links, rotations = _interpret_pages(source, page_count, name, progress)
    tree = _structure(source)
    decision = judge(tree, page_runs, options)
    tags = tree if decision.use else None
    raw_lines = [
        attach_links(page_lines(runs, index, has_table=has_ruled_table(rules[index], runs, options),
                                unit_of=_unit_reader(tags, index), options=options,
                                within=tags.within if tags is not None else None),
                     links[index], options)
        for index, runs in enumerate(page_runs)
    ]
    del page_runs
    if not any(raw_lines):
        raise NoTextLayerError(f"'{name}' has no text layer (its pages are images or blank); run OCR on it first")
    furniture = strip_furniture(raw_lines, [height for _, height in sizes], is_note=_note_reader(tags), options=options)
    labels = decide_labels(page_count, _file_labels(source), furniture.printed_numbers, options)
    contents = find_contents(list(furniture.lines), options, labels)
    body_lines = strip_inline_contents(list(furniture.lines), labels, contents.pages, options)
    cover = {**licence_pages(body_lines, options), **back_cover(body_lines, options)}
    pages_for_blocks = [
        PageLines(index, body_lines[index][:cover.get(index, len(body_lines[index]))], tuple(rules[index]), *sizes[index])
        for index in range(page_count)
        if index not in contents.pages
    ]
    blocks = [replace(block, seq=seq)
              for seq, block in enumerate(drop_heading_lists(build_blocks(pages_for_blocks, tags, options), options))]
    back_matter = build_blocks([
        PageLines(index, body_lines[index][start:], (), *sizes[index]) for index, start in sorted(cover.items())
    ], options=options) if cover else []
    if not blocks:
        raise NoTextLayerError(f"'{name}' has no body text, only page headers, footers or numbers; "
                               "if its pages are scanned images, run OCR on it first")
    bookmarks, bookmark_titles = _bookmarks(source)
    if decision.use and decision.has_headings:
        outline, outline_source = outline_from_headings(blocks), "tags"
    elif judge_bookmarks(bookmarks, bookmark_titles, options).usable:
        outline, outline_source = bookmarks, "bookmarks"
    elif contents.entries:
        outline, outline_source = _outline_from_contents(contents.entries, labels), "contents-page"
    else:
        outline, outline_source = (), "none"
    metadata = _metadata(source)
    pages = tuple(
        Page(index, labels[index], sizes[index][0], sizes[index][1], index in contents.pages, rotations[index])
        for index in range(page_count)
    )
    return Document(
        title=_title(metadata, blocks, raw_lines, name),
        path=name,
        sha256=sha256_of(data),
        pages=pages,
        blocks=tuple(blocks),
        outline=outline,
        metadata=tuple(sorted(metadata.items())),
        outline_source=outline_source,
        reading=decision.reason if decision.use else f"geometry ({decision.reason})",
        back_matter=tuple(back_matter),
        reader=source.engine,
    )


def _note_reader(tree: StructureTree | None) -> Callable[[Line], bool] | None:
    """Whether a line's tag unit is a footnote (None when the tags are not followed)."""
    if tree is None:
        return None
    return lambda line: line.unit is not None and tree.elements[line.unit].role in NOTE_ROLES


def _unit_reader(tree: StructureTree | None, page: int):  # noqa: ANN202 - a closure over one page
    """The function giving a run's tag unit on ``page`` (None when the tags are not followed)."""
    if tree is None:
        return None

    known: dict[tuple[int | None, tuple[int, int] | None], int | None] = {}  # a page's runs share few ids

    def unit_of(run: Any) -> int | None:
        key = (run.mcid, run.form_mcid)
        if key in known:
            return known[key]
        element = tree.element_of(page, run.mcid, run.form_mcid)
        unit = known[key] = tree.unit_of(element) if element is not None else None
        return unit

    return unit_of


def _page_count(reader: pypdf.PdfReader, name: str) -> int:
    try:
        return len(reader.pages)
    except FileNotDecryptedError:
        raise EncryptedPdfError(f"'{name}' is encrypted; give its password with --password") from None
    except Exception as error:  # noqa: BLE001 - any failure here means the page tree is unreadable
        raise CorruptPdfError(f"'{name}' is damaged: its page list cannot be read ({reason_of(error)})") from None


class PypdfSource:
    """The pure-Python producer: pypdf's object model and guidediff's own content-stream interpreter."""

    engine = "pypdf"

    def __init__(self, data: bytes, name: str, password: str | None = None) -> None:
        self.name = name
        self.reader = open_pdf(data, name, password=password)
        self.page_count = _page_count(self.reader, name)
        self._fonts: dict[int, Any] = {}  # the document's fonts, loaded once for all its pages

    def close(self) -> None:
        pass

    def page(self, index: int) -> PageRead:
        page = self.reader.pages[index]
        box = page.cropbox
        left, bottom, width, height = float(box.left), float(box.bottom), float(box.width), float(box.height)
        rotation = _rotation(page)
        start = display_matrix(rotation, left, bottom, width, height)
        runs, page_rules = interpret_page(self.reader, page, start, self._fonts)
        turn = reading_turn(runs)
        if turn:
            # The text reads sideways once /Rotate is applied (a landscape table printed on a page
            # that is already landscape): read the page in the frame where the text is upright.
            rotation = (rotation + turn) % 360
            start = display_matrix(rotation, left, bottom, width, height)
            runs, page_rules = interpret_page(self.reader, page, start, self._fonts)
        if rotation in (90, 270):
            width, height = height, width
        return PageRead(runs, page_rules, snap(width), snap(height), page_links(page, start), rotation)

    def structure(self) -> StructureTree | None:
        return read_structure(self.reader)

    def page_labels(self) -> list[str] | None:
        root = self.reader.trailer["/Root"]
        if "/PageLabels" not in root:
            return None
        return list(self.reader.page_labels)

    def bookmarks(self) -> list[Bookmark]:
        reader = self.reader
        found: list[Bookmark] = []

        def walk(items: Any, level: int) -> None:
            if level > MAX_BOOKMARK_LEVEL:
                return
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                    continue
                try:
                    title = str(item.title or "")
                except Exception:  # noqa: BLE001 - an unreadable title is no bookmark
                    continue
                try:
                    page = reader.get_destination_page_number(item)
                except Exception:  # noqa: BLE001 - a bookmark to nowhere is kept for its title only
                    found.append(Bookmark(title, level, None, readable=False))
                    continue
                found.append(Bookmark(title, level, page if page is not None and page >= 0 else None))

        walk(reader.outline, 1)
        return found

    def metadata(self) -> dict[str, str]:
        info = self.reader.metadata or {}
        # A name value (/Trapped /False) reads without its slash, as pdfium gives it.
        return {str(key).lstrip("/"): str(value).lstrip("/") if isinstance(value, NameObject) else str(value)
                for key, value in info.items() if isinstance(value, str)}


def _interpret_pages(
    source: Source, page_count: int, name: str, progress: Progress | None
) -> tuple[list[list[TextRun]], list[list[Any]], list[tuple[float, float]], list[list[LinkArea]], list[int]]:
    """Every page's text runs, rules, size, links and rotation, in the frame where its text is upright."""
    runs_per_page: list[list[TextRun]] = []
    rules: list[list[Any]] = []
    sizes: list[tuple[float, float]] = []
    links: list[list[LinkArea]] = []
    rotations: list[int] = []
    for index in range(page_count):
        try:
            read = source.page(index)
        except PdfError:
            raise
        except MemoryError:
            raise TooLargeError(f"page {index + 1} of '{name}' needs more memory than is available") from None
        except Exception as error:  # noqa: BLE001 - a page that cannot be read is reported, never a traceback
            raise CorruptPdfError(f"page {index + 1} of '{name}' is damaged and cannot be read ({reason_of(error)})") from None
        runs_per_page.append(read.runs)
        rules.append(read.rules)
        sizes.append((read.width, read.height))
        links.append(read.links)
        rotations.append(read.rotation)
        if progress is not None:
            progress(index + 1, page_count)
    return runs_per_page, rules, sizes, links, rotations


def _structure(source: Source) -> StructureTree | None:
    try:
        return source.structure()
    except RecursionError:
        return None
    except Exception:  # noqa: BLE001 - a broken tag tree means "untagged", never a failed read
        return None


_reading_turn = reading_turn


def _rotation(page: Any) -> int:
    try:
        return int(page.get("/Rotate", 0) or 0) % 360
    except (TypeError, ValueError):
        return 0


def _file_labels(source: Source) -> list[str] | None:
    try:
        return source.page_labels()
    except Exception:  # noqa: BLE001 - broken label trees are common; printed numbers still work
        return None


def _bookmarks(source: Source) -> tuple[tuple[OutlineEntry, ...], tuple[str, ...]]:
    """The bookmarks with clean titles, and every title as written (blanks included) for judging them."""
    entries: list[OutlineEntry] = []
    titles: list[str] = []
    try:
        found = source.bookmarks()
    except Exception:  # noqa: BLE001 - an unreadable outline is treated as none
        return (), ()
    for bookmark in found:
        written = normalise_text(bookmark.title).strip()
        titles.append(written)
        clean = clean_bookmark_title(written)
        if clean and bookmark.readable:
            entries.append(OutlineEntry(clean, bookmark.level, bookmark.page))
    return tuple(entries), tuple(titles)


_FOOTNOTE_ANCHOR = re.compile(r"(?:\s*(?<!\d)\d{1,4}F)+\s*$")
_LEGAL_REFERENCE = re.compile(r"\b(?:sections?|s\.|ss\.|part|regulations?|articles?|paragraphs?|schedules?|rules?)\s*$",
                              re.IGNORECASE)


def clean_bookmark_title(title: str) -> str:
    """Drop the footnote anchors Word appends to bookmark titles ("…(CCE)12F", "…orders77F79F 80F").

    Word names a footnote's anchor after a number plus "F" and, when a heading
    carries a footnote, the anchor text ends up in the bookmark title. A legal
    reference such as "section 141F" or "Section 16F" is kept.
    """
    match = _FOOTNOTE_ANCHOR.search(title)
    if match is None or _LEGAL_REFERENCE.search(title[: match.start()]) or not title[: match.start()].strip():
        return title
    return title[: match.start()].rstrip()


def _outline_from_contents(entries: tuple[ContentsEntry, ...], labels: list[str]) -> tuple[OutlineEntry, ...]:
    index_of = {}
    for index, label in enumerate(labels):
        index_of.setdefault(label.lower(), index)
    return tuple(OutlineEntry(entry.title, entry.level, index_of.get(entry.label.lower())) for entry in entries)


def _metadata(source: Source) -> dict[str, str]:
    try:
        info = source.metadata()
        return {key: normalise_text(value).strip() for key, value in info.items()
                if key in STANDARD_INFO_KEYS and value.strip()}
    except Exception:  # noqa: BLE001 - unreadable metadata (sample 017) must not stop the read
        return {}


def _title(metadata: dict[str, str], blocks: list[Block], raw_lines: list[list[Line]], name: str) -> str:
    title = metadata.get("Title", "")
    if title and not _USELESS_TITLES.match(title):
        return title
    first_page = next((lines for lines in raw_lines if lines), [])
    if first_page:
        largest = max(line.size for line in first_page)
        parts = [line.text for line in first_page if abs(line.size - largest) < 0.5][:3]
        if parts:
            # One line of words: a line's text can hold line breaks its font maps codes to (a damaged
            # ToUnicode), and a title is quoted on one line of a warning.
            return " ".join(normalise_text(" ".join(parts)).split())
    heading = next((block.text for block in blocks if block.kind is BlockKind.HEADING), None)
    return heading or Path(name).stem
