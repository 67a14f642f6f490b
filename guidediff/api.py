"""The library's front door: load documents (from a path or a corpus id) and compare them."""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor

from guidediff import corpus
from guidediff.align import AlignOptions
from guidediff.cache import DocumentCache
from guidediff.document import Document
from guidediff.errors import InputError
from guidediff.pdf.reader import Progress, read_bytes, read_pdf_bytes, sha256_of
from guidediff.report.model import Report, TermEntry


def load(
    source: str | os.PathLike[str] | Document,
    *,
    password: str | None = None,
    cache: bool | DocumentCache = True,
    progress: Progress | None = None,
) -> Document:
    """Read a PDF into a ``Document`` (from the cache when the same file was read before).

    ``source`` is a path to a PDF, a corpus id ("wt-2015": the fetched official PDF,
    else the bundled model edition; the document is then named by its citation,
    "Working Together 2015"), or an already loaded ``Document``, returned as is.
    Raises a ``GuidediffError`` subclass with a one-sentence message on bad input.
    """
    return load_many([source], password=password, cache=cache, progress=progress)[0]


def _resolve(source: str | os.PathLike[str]) -> tuple[str | os.PathLike[str], str | None]:
    """The file behind a path or a corpus id, and the citation name an id gives it."""
    if isinstance(source, str) and corpus.looks_like_id(source) and not os.path.exists(source):
        resolved = corpus.resolve(source)
        return resolved.path, resolved.citation
    return source, None


def load_many(
    sources: list[str | os.PathLike[str] | Document],
    *,
    password: str | None = None,
    cache: bool | DocumentCache = True,
    progress: Progress | None = None,
    parallel: bool = True,
) -> list[Document]:
    """Several documents, in order. Those not in the cache are read in parallel processes,
    one per core, so a cold pair of long editions takes about the time of one.

    ``progress`` reports pages when a single PDF is read in this process.
    """
    store = cache if isinstance(cache, DocumentCache) else (DocumentCache() if cache else None)
    documents: list[Document | None] = []
    citations: list[str | None] = []
    pending: dict[str, tuple[bytes, str, list[int]]] = {}  # sha256 -> (bytes, name, positions)
    for position, source in enumerate(sources):
        if isinstance(source, Document):
            documents.append(source)
            citations.append(None)
            continue
        path, citation = _resolve(source)
        citations.append(citation)
        data = read_bytes(path)
        sha256 = sha256_of(data)
        cached = store.get(sha256, str(path)) if store is not None else None
        documents.append(cached)
        if cached is None:
            pending.setdefault(sha256, (data, str(path), []))[2].append(position)
    for document in _read_all(list(pending.values()), password, progress, parallel):
        if store is not None:
            store.put(document)
        for position in pending[document.sha256][2]:
            documents[position] = document
    return [document.with_edition(citation) if citation else document  # type: ignore[union-attr]
            for document, citation in zip(documents, citations)]


def _read_all(jobs: list[tuple[bytes, str, list[int]]], password: str | None, progress: Progress | None,
              parallel: bool) -> list[Document]:
    workers = min(len(jobs), os.cpu_count() or 1)
    if not parallel or workers < 2:
        return [read_pdf_bytes(data, name, password=password, progress=progress) for data, name, _ in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(read_pdf_bytes, data, name, password=password) for data, name, _ in jobs]
        return [future.result() for future in futures]


def parse_page_range(text: str | None) -> tuple[str, str] | None:
    """"7-24" or "7–24" -> ("7", "24"); "iv" -> ("iv", "iv"); None stays None."""
    if text is None:
        return None
    parts = [part.strip() for part in re.split(r"\s*[-–:]\s*", text.strip(), maxsplit=1)]
    if not parts[0] or (len(parts) == 2 and not parts[1]):
        raise InputError(f"'{text}' is not a page range; write it as FIRST-LAST in printed page numbers, e.g. 7-24")
    return (parts[0], parts[-1])


def compare(
    old: str | os.PathLike[str] | Document,
    new: str | os.PathLike[str] | Document,
    *,
    watchlist: str | os.PathLike[str] | None = "safeguarding",
    options: AlignOptions | None = None,
    old_pages: str | tuple[str, str] | None = None,
    new_pages: str | tuple[str, str] | None = None,
    password: str | None = None,
    cache: bool | DocumentCache = True,
) -> Report:
    """What changed from ``old`` to ``new``: sections aligned, paragraph changes, watched terms.

    ``old`` and ``new`` are paths, corpus ids ("wt-2013") or loaded documents; an edition
    from the corpus is reported with its id and whether the model or the official PDF was used.

    ``old_pages``/``new_pages`` restrict a side to printed pages ("7-24"), e.g. to
    compare one Part of a long document with a separately published Part.
    ``watchlist`` is a bundled name, a TOML file, or None for no terms.
    """
    from guidediff.align import DEFAULT_OPTIONS, align
    from guidediff.report.build import build_report, distinguish, edition_info

    old_document, new_document = load_many([old, new], password=password, cache=cache)
    old_range = parse_page_range(old_pages) if isinstance(old_pages, str) or old_pages is None else old_pages
    new_range = parse_page_range(new_pages) if isinstance(new_pages, str) or new_pages is None else new_pages
    old_document, old_corpus = _corpus_edition(old_document)
    new_document, new_corpus = _corpus_edition(new_document)
    # Names come from the whole documents: a page range may leave out the cover that dates them.
    old_info, new_info = distinguish(edition_info(old_document, old_range, **old_corpus),
                                     edition_info(new_document, new_range, **new_corpus),
                                     old_document, new_document)
    if old_range:
        old_document = old_document.page_range(*old_range)
    if new_range:
        new_document = new_document.page_range(*new_range)
    alignment = align(old_document, new_document, options or DEFAULT_OPTIONS)
    terms, matcher, watchlist_name = (), None, ""
    if watchlist is not None:
        from guidediff.terms import compare_terms, load_watchlist

        chosen = load_watchlist(watchlist)
        terms = tuple(_term_entry(change) for change in compare_terms(old_document, new_document, chosen))
        matcher = chosen.concepts_in
        watchlist_name = chosen.name
    return build_report(
        alignment, terms, concept_matcher=matcher, watchlist=watchlist_name,
        old_edition=old_info, new_edition=new_info,
    )


def _corpus_edition(document: Document) -> tuple[Document, dict[str, str]]:
    """A bundled model or fetched official PDF, however it was named, is cited as its corpus edition."""
    found = corpus.identify(document.path)
    if found is None:
        return document, {}
    named = document if document.edition else document.with_edition(found.citation)
    return named, {"edition": found.id, "source": found.source}


def _term_entry(change: object) -> TermEntry:
    data = change.to_dict()  # type: ignore[attr-defined]
    return TermEntry.from_dict(data)
