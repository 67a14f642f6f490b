"""Editions stage: from what the user named (a path or a corpus id) to a loaded, named, dated edition.

In: sources (a path, a corpus id such as "wt-2015", or an already loaded
``Document``) and one ``LoadOptions`` (password, cache, progress). Out: the
``Document`` of each, and an ``EditionFacts`` saying how the edition is named,
dated and cited. ``compare``, ``history`` and ``terms`` all go through here, so an
edition is named the same way in a report, a history and a terms table.

Rules:

- **Loading.** Each distinct file is read once; files not in the on-disk cache
  (keyed by SHA-256) are read in parallel processes, one per core.
- **Corpus editions.** A corpus id, or a path that is a bundled model edition or a
  fetched official PDF, is named by the manifest's citation ("Working Together
  2015"), dated by its ``published`` date, and says which file was read
  ("model edition" or "official PDF").
- **Other files** are named by the name given to the document, else the title up to
  its first colon; dated by the month and year printed on the cover.
- **Short names** (table columns, "(2024: p. 38, para 135)") are the year in the name,
  else the year of the date, else of the PDF's creation date, else the name; editions
  that share a short name are told apart by month and year, else by position.
- **Citations** name printed pages: "p. 15", "pp. 15–17" (``page_range``).
- **Page ranges** a user gives ("7-24", "iv-x") are printed page labels, first to
  last: ``parse_page_range`` checks the writing (two page numbers, not backwards),
  ``restrict`` checks them against the document (both printed in it, in order).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from guidediff import corpus
from guidediff.cache import DocumentCache
from guidediff.dates import MONTH_YEAR, MONTHS
from guidediff.document import Document
from guidediff.errors import GuidediffError, InputError
from guidediff.pdf.files import Progress, choose_engine, read_bytes, sha256_of
from guidediff.pdf.labels import roman_to_int
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

Source = str | os.PathLike[str] | Document

_COVER_DATE = MONTH_YEAR
_ISO_DATE = re.compile(r"^((?:19|20)\d{2})(?:-(\d{2}))?(?:-(\d{2}))?$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_METADATA_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})(\d{2})")
_RANGE_DASH = re.compile(r"\s*[-–—:]\s*")
_ROMAN = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", re.IGNORECASE)


# --------------------------------------------------------------------------- citing


def page_range(pages: Iterable[str], *, dash: str = "–", empty: str = "") -> str:
    """"p. 15" or "pp. 15–17" from printed page labels (``empty`` when there are none)."""
    pages = tuple(pages)
    if not pages:
        return empty
    return f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}{dash}{pages[-1]}"


def _page_value(label: str) -> tuple[str, int] | None:
    """("arabic", 24) or ("roman", 4) for a page number, None for anything else."""
    if label.isdigit():
        return "arabic", int(label)
    if label and _ROMAN.fullmatch(label):
        return "roman", roman_to_int(label)  # type: ignore[return-value] - a well-formed numeral has a value
    return None


def parse_page_range(text: str | None, what: str = "the page range") -> tuple[str, str] | None:
    """"7-24" or "7–24" -> ("7", "24"); "iv" -> ("iv", "iv"); None stays None.

    ``what`` names the range in messages ("--old-pages"). Refused, each with its own
    sentence: anything but one or two parts, a part that is no page number (digits, a
    roman numeral, or a label with a digit such as "A1"), and a range that runs
    backwards ("24-7").
    """
    if text is None:
        return None
    parts = _RANGE_DASH.split(text.strip())
    if len(parts) > 2 or not all(parts):
        raise InputError(f"{what} '{text}' is not a page range; write it as FIRST-LAST in printed page numbers, "
                         "e.g. 7-24, or one page, e.g. 12")
    for part in parts:
        if _page_value(part) is None and not any(char.isdigit() for char in part):
            raise InputError(f"{what} '{text}': '{part}' is not a page number; give the numbers printed on the "
                             "pages, e.g. 7-24 (or roman ones, e.g. iv-x)")
    first, last = parts[0], parts[-1]
    first_value, last_value = _page_value(first), _page_value(last)
    if first_value and last_value and first_value[0] == last_value[0] and first_value[1] > last_value[1]:
        raise InputError(f"{what} {text} runs backwards; write the first page first: {last}-{first}")
    return first, last


def _label_runs(document: Document) -> str:
    """"i–iv, 1–104": the document's printed page labels, as runs."""
    labels = [page.label for page in document.pages]
    runs: list[list[str]] = []
    for label in labels:
        value = _page_value(label)
        previous = _page_value(runs[-1][-1]) if runs else None
        if value and previous and value[0] == previous[0] and value[1] == previous[1] + 1:
            runs[-1].append(label)
        else:
            runs.append([label])
    shown = [run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    return ", ".join(shown) if len(shown) <= 6 else f"{', '.join(shown[:3])}, … {', '.join(shown[-2:])}"


def restrict(document: Document, pages: tuple[str, str], what: str) -> Document:
    """The document restricted to printed pages ``pages`` (first, last), checked against the pages it has.

    ``what`` names the side in messages ("OLD (Working Together 2015)").
    """
    first, last = pages
    missing = [label for label in dict.fromkeys((first, last)) if document.page_index(label) is None]
    if missing:
        pages_word = "page" if len(missing) == 1 else "pages"
        raise InputError(f"{what} has no printed {pages_word} {' or '.join(repr(label) for label in missing)}; "
                         f"its printed pages are {_label_runs(document) or 'none'}")
    if document.page_index(first) > document.page_index(last):  # type: ignore[operator]
        raise InputError(f"the pages {first}-{last} of {what} run backwards (page {first} comes after page {last}); "
                         f"write {last}-{first}")
    return document.page_range(first, last)


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How to read PDFs, the same for every command and library call that reads them."""

    password: str | None = None  # of an encrypted PDF (every PDF of the call is tried with it)
    cache: bool | DocumentCache = True  # True: the default cache; False: read every time; or a cache to use
    progress: Progress | None = None  # (pages done, pages in total), when one PDF is read in this process
    parallel: bool = True  # read uncached PDFs in parallel processes, one per core
    engine: str | None = None  # the PDF reader: "pdfium" or "pypdf"; None: $GUIDEDIFF_READER, else pdfium if installed
    reader_options: ReaderOptions = DEFAULT_OPTIONS  # the reader's thresholds (part of the cache key)

    def store(self) -> DocumentCache | None:
        if isinstance(self.cache, DocumentCache):
            return self.cache
        return DocumentCache() if self.cache else None


def _resolve(source: str | os.PathLike[str]) -> tuple[str | os.PathLike[str], str | None]:
    """The file behind a path or a corpus id, and the citation name an id gives it."""
    if isinstance(source, str) and corpus.looks_like_id(source) and not os.path.exists(source):
        resolved = corpus.resolve(source)
        return resolved.path, resolved.citation
    return source, None


def load(source: Source, options: LoadOptions = LoadOptions()) -> Document:
    """One document: see ``load_many``."""
    return load_many([source], options)[0]


def load_many(sources: Sequence[Source], options: LoadOptions = LoadOptions()) -> list[Document]:
    """Several documents, in order, each file read once. Those not in the cache are read in
    parallel processes, one per core, so a cold pair of long editions takes about the time of one.

    A corpus id gives a document named by its citation ("Working Together 2015").
    """
    store = options.store()
    engine = choose_engine(options.engine)  # part of the cache key: each reader's Documents are kept apart
    options = replace(options, engine=engine)
    documents: list[Document | None] = []
    citations: list[str | None] = []
    paths: list[str | None] = []
    pending: dict[str, tuple[bytes, str, list[int]]] = {}  # sha256 -> (bytes, name, positions)
    for position, source in enumerate(sources):
        if isinstance(source, Document):
            documents.append(source)
            citations.append(None)
            paths.append(None)
            continue
        path, citation = _resolve(source)
        citations.append(citation)
        paths.append(str(path))
        data = read_bytes(path)
        sha256 = sha256_of(data)
        cached = store.get(sha256, str(path), options.reader_options.cache_key(), reader=engine) if store is not None else None
        documents.append(cached)
        if cached is None:
            pending.setdefault(sha256, (data, str(path), []))[2].append(position)
    for document in _read_all(list(pending.values()), options):
        if store is not None:
            store.put(document, options.reader_options.cache_key(), reader=engine)
        for position in pending[document.sha256][2]:
            # Two files with the same bytes are read once; each Document keeps its own file's path.
            documents[position] = document if document.path == paths[position] else replace(document, path=paths[position])
    return [document.with_edition(citation) if citation else document  # type: ignore[union-attr]
            for document, citation in zip(documents, citations)]


def read_pdf_bytes(data: bytes, name: str, **options: object) -> Document:
    """``pdf.reader.read_pdf_bytes``, imported when a PDF is read: a compare from the cache imports no PDF library."""
    from guidediff.pdf.reader import read_pdf_bytes as read

    return read(data, name, **options)  # type: ignore[arg-type]


def _read_all(jobs: list[tuple[bytes, str, list[int]]], options: LoadOptions) -> list[Document]:
    workers = min(len(jobs), os.cpu_count() or 1)
    if not options.parallel or workers < 2:
        return [read_pdf_bytes(data, name, password=options.password, progress=options.progress, engine=options.engine,
                               options=options.reader_options)
                for data, name, _ in jobs]
    from concurrent.futures import ProcessPoolExecutor  # a cold read only: it brings multiprocessing, sockets, pickle

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(read_pdf_bytes, data, name, password=options.password, engine=options.engine,
                               options=options.reader_options)
                   for data, name, _ in jobs]
        return [future.result() for future in futures]


# --------------------------------------------------------------------------- naming and dating


@dataclass(frozen=True, slots=True)
class EditionDate:
    """When an edition was published, as precisely as its source says."""

    text: str  # "2010-03-17", "2010-03" or "2010"
    source: str  # "manifest" or "cover"
    sort_key: tuple[int, int, int]  # (year, month, day), 0 where unknown


@dataclass(frozen=True, slots=True)
class EditionFacts:
    """How one edition is named, dated and cited, whatever product it appears in."""

    document: Document
    given: str  # what the user gave: a path, an id, or the document's path
    name: str  # how citations name it: "Working Together 2015", "KCSIE 2025 (July 2025)"
    short: str  # the shortest unambiguous name, usually the year: "2015"
    date: EditionDate | None
    corpus_id: str | None = None  # "wt-2015" when the file is a corpus edition
    file_kind: str | None = None  # "model edition", "official PDF", or None for any other file


def corpus_edition(source: Source, document: Document) -> corpus.ResolvedEdition | None:
    """The corpus edition behind a source (an id, or a file that is a model or fetched official PDF), or None."""
    try:
        if isinstance(source, str) and corpus.looks_like_id(source) and not Path(source).exists():
            return corpus.resolve(source)
        return corpus.identify(document.path)
    except (GuidediffError, OSError, ValueError):
        return None


def date_of(document: Document, found: corpus.ResolvedEdition | None = None) -> EditionDate | None:
    """The manifest's ``published`` date of a corpus edition, else the month and year printed on the cover."""
    published = corpus.get(found.id).published if found is not None else None
    if published:
        match = _ISO_DATE.match(published)
        if match:
            year, month, day = (int(part) if part else 0 for part in match.groups())
            return EditionDate(published, "manifest", (year, month, day))
    printed = cover_month_year(document)
    if printed is not None:
        month, year = printed
        return EditionDate(f"{year}-{month:02d}", "cover", (year, month, 0))
    return None


def cover_month_year(document: Document) -> tuple[int, int] | None:
    """(month, year) of the first "Month YYYY" printed on the cover (the first page), or None."""
    cover = " ".join(block.text for block in document.blocks if block.pages and block.pages[0] == 0)
    found = _COVER_DATE.search(cover)
    if found is None:
        return None
    return MONTHS.index(found.group(1).capitalize()) + 1, int(found.group(2))


def short_title(title: str) -> str:
    """"Working together to safeguard children 2023" from "…2023: statutory guidance"."""
    head = title.split(":", 1)[0].strip()
    return head if len(head) >= 8 else title.strip()


def name_of(document: Document, found: corpus.ResolvedEdition | None = None) -> str:
    """The manifest's citation of a corpus edition, else the name given to the document, else its short title."""
    if found is not None:
        return found.citation
    return document.edition or short_title(document.title)


def _short(name: str, date: EditionDate | None, document: Document) -> str:
    years = [match.group() for match in _YEAR.finditer(name)]
    if years:
        return years[-1]
    if date is not None:
        return date.text[:4]
    created = re.search(r"(19|20)\d{2}", document.meta.get("CreationDate", ""))
    return created.group() if created else name


def describe(source: Source, document: Document) -> EditionFacts:
    """The facts of one edition, from what the user gave and the document read from it."""
    found = corpus_edition(source, document)
    name = name_of(document, found)
    date = date_of(document, found)
    given = document.path if isinstance(source, Document) else os.fspath(source)
    return EditionFacts(document, given, name, _short(name, date, document), date,
                        found.id if found is not None else None, found.source if found is not None else None)


def month_year(document: Document) -> str | None:
    """"September 2025": the date printed on the cover, else the PDF's modification or creation date."""
    printed = cover_month_year(document)
    if printed is not None:
        return f"{MONTHS[printed[0] - 1]} {printed[1]}"
    for key in ("ModDate", "CreationDate"):
        found = _METADATA_YEAR_MONTH.search(document.meta.get(key, ""))
        if found and 1 <= int(found.group(2)) <= 12:
            return f"{MONTHS[int(found.group(2)) - 1]} {found.group(1)}"
    return None


def distinguish_pair(old: EditionFacts, new: EditionFacts) -> tuple[EditionFacts, EditionFacts]:
    """Two editions of one year ("2025" and "2025") told apart by month, else as old and new.

    When they share a name too, the name carries the month: "KCSIE 2025 (July 2025)".
    """
    if old.short != new.short:
        return old, new
    old_short, new_short = month_year(old.document), month_year(new.document)
    if not old_short or not new_short or old_short == new_short:
        old_short, new_short = f"old {old.short}", f"new {new.short}"
    old_name = old.name if old.name != new.name else f"{old.name} ({old_short})"
    new_name = new.name if old.name != new.name else f"{new.name} ({new_short})"
    return replace(old, short=old_short, name=old_name), replace(new, short=new_short, name=new_name)


def distinguish_series(facts: Sequence[EditionFacts]) -> list[EditionFacts]:
    """Editions of a series with unique short names: the year, else the date ("2025-07"), else a position."""
    shorts = [fact.short for fact in facts]
    if len(set(shorts)) < len(shorts):
        shorts = [fact.date.text if fact.date else fact.name for fact in facts]
    if len(set(shorts)) < len(shorts):
        shorts = [f"{short} (#{index + 1})" for index, short in enumerate(shorts)]
    return [replace(fact, short=short) for fact, short in zip(facts, shorts)]


def distinguish_names(facts: Sequence[EditionFacts]) -> list[EditionFacts]:
    """Editions named uniquely for column headings: their name, or their file name where two names clash."""
    names = [fact.name for fact in facts]
    return [replace(fact, name=Path(fact.document.path).name) if names.count(fact.name) > 1 else fact
            for fact in facts]
