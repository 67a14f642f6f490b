"""The library's front door: load documents (from a path or a corpus id), compare them, find a quotation."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace

from guidediff.align import DEFAULT_OPTIONS, AlignOptions, align
from guidediff.cache import DocumentCache
from guidediff.checks import compare_warnings
from guidediff.document import Document
from guidediff.editions import LoadOptions, Source, describe, distinguish_pair, parse_page_range, restrict
from guidediff.editions import load_many as load_editions
from guidediff.errors import InputError
from guidediff.images import require_pdfium
from guidediff.images.stage import DEFAULT_BUDGET, pictured_report
from guidediff.pdf.files import Progress
from guidediff.report.build import build_report, report_edition
from guidediff.report.model import PageImageMode, QuoteEntry, Report
from guidediff.quotes import DEFAULT_OPTIONS as FIND_OPTIONS
from guidediff.quotes import FindResult, find_all, name_editions, quote_entry
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


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000}


def parse_size(text: str) -> int:
    """"4MB" -> 4000000, "800KB" -> 800000, "0" -> 0 (no limit): a size in bytes, decimal units."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise InputError(f"'{text}' is not a size; write it as a number of bytes or with KB or MB, e.g. 4MB")
    return round(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "b").lower()])


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
    page_images: PageImageMode | str = PageImageMode.OFF,
    image_budget: int | None = None,
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
    ``page_images`` ("off", "changed": the substantive and minor changes, "all": bookkeeping too)
    pictures each change where it is printed in both editions (``Report.page_images``,
    embedded in the HTML) and looks for figures whose drawing changed alone (``figure``
    changes); it needs ``guidediff[pages]``. ``image_budget`` caps the bytes the pictures
    add to the HTML (default ``images.snapshots.DEFAULT_BUDGET``, 0 for no limit).

    ``Report.warnings`` says when the comparison is doubtful (the same file twice,
    unrelated documents, one side only a part of the other, dates reversed, model
    editions): see ``checks.compare_warnings``.
    """
    mode = _page_image_mode(page_images)
    if mode is not PageImageMode.OFF:
        require_pdfium()  # fail before the slow part
    reading = load_options or LoadOptions(password=password, cache=cache)
    # Ranges are checked before the (long) read, then against the pages each document has.
    old_range = old_pages if isinstance(old_pages, tuple) else parse_page_range(old_pages, "the old pages")
    new_range = new_pages if isinstance(new_pages, tuple) else parse_page_range(new_pages, "the new pages")
    old_document, new_document = load_editions([old, new], reading)
    # Names come from the whole documents: a page range may leave out the cover that dates them.
    old_facts, new_facts = distinguish_pair(describe(old, old_document), describe(new, new_document))
    if old_range:
        old_document = restrict(old_document, old_range, f"OLD ({old_facts.name})")
    if new_range:
        new_document = restrict(new_document, new_range, f"NEW ({new_facts.name})")
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
        found = find_all(list(quotes), [old_document, new_document], names=[old_edition, new_edition])
        followed = tuple(quote_entry(result) for result in found)

    def build(figures):  # noqa: ANN001, ANN202 - the report stage, with the figures the images stage found
        report = build_report(
            alignment, terms, concept_matcher=matcher, watchlist=watchlist_name,
            old_edition=old_edition, new_edition=new_edition, quotes=followed, figures=figures,
        )
        return replace(report, warnings=compare_warnings(old_facts, new_facts, alignment, old_range, new_range))

    if mode is PageImageMode.OFF:
        return build(())
    budget = DEFAULT_BUDGET if image_budget is None else image_budget
    return pictured_report(alignment, build, mode, budget, reading.password)


def _page_image_mode(value: PageImageMode | str) -> PageImageMode:
    try:
        return PageImageMode(value)
    except ValueError:
        choices = "|".join(mode.value for mode in PageImageMode)
        raise InputError(f"'{value}' is not a page-images setting; choose one of {choices}") from None


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
    options = replace(FIND_OPTIONS, exact_only=exact,
                      score_cutoff=FIND_OPTIONS.score_cutoff if score_cutoff is None else score_cutoff)
    return find_all([text], documents, options=options, names=name_editions(documents, sources))[0]
