"""The library's front door: load documents (from a path or a corpus id), compare them, find a quotation."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from dataclasses import replace

from guidediff.align import DEFAULT_OPTIONS, AlignOptions, align
from guidediff.cache import DocumentCache
from guidediff.document import Document
from guidediff.editions import LoadOptions, Source, describe, distinguish_pair
from guidediff.editions import load_many as load_editions
from guidediff.errors import InputError
from guidediff.pdf.files import Progress
from guidediff.report.build import build_report, report_edition
from guidediff.report.model import QuoteEntry, Report

if TYPE_CHECKING:
    from guidediff.quotes import FindResult
from guidediff.terms import compare_terms, load_watchlist


def load(
    source: Source,
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


def load_many(
    sources: list[Source],
    *,
    password: str | None = None,
    cache: bool | DocumentCache = True,
    progress: Progress | None = None,
    parallel: bool = True,
) -> list[Document]:
    """Several documents, in order. Those not in the cache are read in parallel processes,
    one per core, so a cold pair of long editions takes about the time of one.

    ``progress`` reports pages when a single PDF is read in this process.
    (``editions.load_many`` with a ``LoadOptions``.)
    """
    return load_editions(sources, LoadOptions(password, cache, progress, parallel))


def parse_page_range(text: str | None) -> tuple[str, str] | None:
    """"7-24" or "7–24" -> ("7", "24"); "iv" -> ("iv", "iv"); None stays None."""
    if text is None:
        return None
    parts = [part.strip() for part in re.split(r"\s*[-–:]\s*", text.strip(), maxsplit=1)]
    if not parts[0] or (len(parts) == 2 and not parts[1]):
        raise InputError(f"'{text}' is not a page range; write it as FIRST-LAST in printed page numbers, e.g. 7-24")
    return (parts[0], parts[-1])


def compare(
    old: Source,
    new: Source,
    *,
    watchlist: str | os.PathLike[str] | None = "safeguarding",
    options: AlignOptions | None = None,
    old_pages: str | tuple[str, str] | None = None,
    new_pages: str | tuple[str, str] | None = None,
    password: str | None = None,
    cache: bool | DocumentCache = True,
    load_options: LoadOptions | None = None,
    quotes: Sequence[str] = (),
) -> Report:
    """What changed from ``old`` to ``new``: sections aligned, paragraph changes, watched terms.

    ``old`` and ``new`` are paths, corpus ids ("wt-2013") or loaded documents; an edition
    from the corpus is reported with its id and whether the model or the official PDF was used.

    ``old_pages``/``new_pages`` restrict a side to printed pages ("7-24"), e.g. to
    compare one Part of a long document with a separately published Part.
    ``watchlist`` is a bundled name, a TOML file, or None for no terms.
    ``load_options`` (password, cache, progress) replaces ``password`` and ``cache`` when given.
    ``quotes`` are quotations to follow from ``old`` to ``new`` (``Report.quotes``: kept,
    reworded, dropped, new or absent, with pages), found as ``find`` finds them, in the
    pages compared.
    """
    reading = load_options or LoadOptions(password=password, cache=cache)
    old_document, new_document = load_editions([old, new], reading)
    old_range = parse_page_range(old_pages) if isinstance(old_pages, str) or old_pages is None else old_pages
    new_range = parse_page_range(new_pages) if isinstance(new_pages, str) or new_pages is None else new_pages
    # Names come from the whole documents: a page range may leave out the cover that dates them.
    old_facts, new_facts = distinguish_pair(describe(old, old_document), describe(new, new_document))
    if old_range:
        old_document = old_document.page_range(*old_range)
    if new_range:
        new_document = new_document.page_range(*new_range)
    alignment = align(old_document, new_document, options or DEFAULT_OPTIONS)
    terms, matcher, watchlist_name = (), None, ""
    if watchlist is not None:
        chosen = load_watchlist(watchlist)
        terms = compare_terms(old_document, new_document, chosen)
        matcher = chosen.concepts_in
        watchlist_name = chosen.name
    old_edition, new_edition = report_edition(old_facts, old_range), report_edition(new_facts, new_range)
    followed: tuple[QuoteEntry, ...] = ()
    if quotes:
        from guidediff.quotes import find_all, quote_entry  # quotations only: quotes is a large module

        found = find_all(list(quotes), [old_document, new_document], names=[old_edition, new_edition])
        followed = tuple(quote_entry(result) for result in found)
    return build_report(
        alignment, terms, concept_matcher=matcher, watchlist=watchlist_name,
        old_edition=old_edition, new_edition=new_edition, quotes=followed,
    )


def find(
    text: str,
    editions: Source | Sequence[Source],
    *,
    exact: bool = False,
    score_cutoff: float | None = None,
    password: str | None = None,
    cache: bool | DocumentCache = True,
    load_options: LoadOptions | None = None,
) -> FindResult:
    """Every place ``text`` is printed in each edition (paths, corpus ids or loaded documents, oldest first).

    Exact places first, then close ones (rapidfuzz, with a score and a redline) unless
    ``exact``; ``score_cutoff`` (0-1, default 0.8) is the least similarity of a close one.
    Across several editions: where the text first appears, where it is reworded and where
    it is gone. Editions are named as ``compare`` and ``history`` name them. See
    ``guidediff.quotes`` for the matching rules; ``guidediff.render.FIND`` writes the result.
    """
    sources = list(editions) if isinstance(editions, list | tuple) else [editions]
    documents = load_editions(sources, load_options or LoadOptions(password=password, cache=cache))
    from guidediff.quotes import DEFAULT_OPTIONS as FIND_OPTIONS
    from guidediff.quotes import find_all, name_editions

    options = replace(FIND_OPTIONS, exact_only=exact,
                      score_cutoff=FIND_OPTIONS.score_cutoff if score_cutoff is None else score_cutoff)
    return find_all([text], documents, options=options, names=name_editions(documents, sources))[0]
