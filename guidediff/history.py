"""History across two or more editions: where each section came from, where each went, and what else changed.

Orchestration: ``history(["wt-2010", "wt-2013", "wt-2015"])`` loads each edition once
(``editions.load_many``, which caches reads and reads uncached PDFs in parallel), puts
them in order, builds each edition's section tree once, aligns each *consecutive* pair
once (``align``), and chains the section links (``lineage.chain``) into

- a **lineage** for every section of the newest edition, traced back through
  renames, moves, splits and merges to the edition where it first appears;
- a **fate** for every section where it first appears (every section of the
  oldest edition, and every section new in a later one), traced forward to what
  it is in the newest edition or the edition that dropped it;

then adds, per watched concept, its count and printed pages in every edition
(``terms.trend``), and each quotation asked about through every edition
(``quotes.find_all``). The section graph, its records (``Lineage``, ``Fate``,
``Step``…) and its rules are ``guidediff.lineage``, the concept rows (``ConceptTrend``) are
``guidediff.terms``; this module holds the records only a history has (``History``,
``EditionInfo``, quotation rows) and the order of the calls.

Returns. A section dropped in one edition and brought back in a later one is found by
alignment: for every edition with sections that lead nowhere in the next one, and every
later, non-adjacent edition with sections new there, those sections alone are aligned
(``align.align_among``, sections only), and ``Fate.returned`` names the first edition
whose link brings a dropped section back, with the link's score and what matched it.
So n editions cost n loads, n trees, n − 1 alignments, and a small section alignment
per pair of editions that has both something dropped and, later, something new.

Order. Editions are named and dated by the editions stage (``editions.describe``), the
same way as for ``compare``. With ``order="date"`` editions are sorted by publication
date: the corpus manifest's ``published`` date when the file is a corpus edition, else
the month and year printed on the cover. When any edition has no date, the order given
is kept for all of them (``History.order`` then says "given" and ``order_note`` why): a
guessed order would be worse than the one the user typed.

``History.warnings`` (``checks.history_warnings``) says when the series is doubtful:
an edition given twice, editions of different documents, dates out of the order
given, model editions.

Everything is frozen, slotted dataclasses with ``to_dict``; its JSON (``render/history_json.py``)
follows ``schema/history-1.schema.json`` (``schema: "guidediff.history/1"``) and
is byte-identical for the same inputs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from guidediff import serial
from guidediff.align import DEFAULT_OPTIONS, AlignOptions, Alignment, align, align_among
from guidediff.checks import InputWarning, history_warnings
from guidediff.editions import EditionFacts, LoadOptions, Source, describe, distinguish_series, load_many
from guidediff.errors import InputError
from guidediff.lineage import (
    ABSENT, FIRST_APPEARS, HOW_VALUES, KIND_PRIORITY, LINK_KINDS, REMOVED, Fate, Lineage, PairSummary, Return,
    SectionGraph, SectionNode, Step, StepHow, chain,
)
from guidediff.quotes import Status as QuoteStatus
from guidediff.quotes import find_all, quote_place
from guidediff.report.build import report_edition
from guidediff.report.model import QuotePlace
from guidediff.structure import Section, build_tree
from guidediff.terms import ConceptTrend, load_watchlist, trend
from guidediff.version import __version__

__all__ = [
    # the records of a history, and the function
    "EditionInfo", "History", "QuoteHistory", "QuoteStep", "SCHEMA", "history",
    # the section graph's records, from guidediff.lineage
    "ABSENT", "FIRST_APPEARS", "HOW_VALUES", "KIND_PRIORITY", "LINK_KINDS", "REMOVED", "Fate", "Lineage",
    "PairSummary", "Return", "SectionNode", "Step", "StepHow",
]

SCHEMA = "guidediff.history/1"


# --------------------------------------------------------------------------- records


@serial.layout("index", "name", "short", "title", "path", "sha256", "pages", "sections", "date", "date_source", "model",
               "edition", "source", "reader")
@dataclass(frozen=True, slots=True)
class EditionInfo(serial.Record):
    """One edition of the series, in history order (``index`` 0 is the oldest)."""

    index: int
    name: str  # "Working Together 2015"
    short: str  # "2015": what table columns say
    title: str
    path: str
    sha256: str
    pages: int
    sections: int  # sections in its tree (front matter not counted)
    date: str | None  # "2015-03-26" or "2015-03": as precise as the source
    date_source: str | None  # "manifest", "cover" or None
    edition: str | None = serial.optional()  # corpus id, when the file is a corpus edition
    source: str | None = serial.optional()  # "model edition", "official PDF" or None for a plain file
    reader: str | None = serial.optional()  # the PDF reader that read it: "pdfium" or "pypdf"

    @property
    def model(self) -> bool:
        """A bundled model edition (a paraphrased stand-in), not the official text."""
        return self.source == "model edition"


@dataclass(frozen=True, slots=True)
class QuoteStep(serial.Record):
    """A quotation in one edition: what that edition did with it (``quotes.Status``), and where."""

    edition: int
    status: QuoteStatus
    places: tuple[QuotePlace, ...]  # exact places first, then close ones best first
    diff: tuple[tuple[str, str], ...] = ()  # reworded: the previous edition's words turned into these


@serial.layout("text", "first_exact", "steps")
@dataclass(frozen=True, slots=True)
class QuoteHistory(serial.Record):
    """A quotation the reader asked about (``--quote``), through every edition."""

    text: str
    steps: tuple[QuoteStep, ...]  # one per edition, in history order

    @property
    def first_exact(self) -> int | None:
        """The first edition that prints it word for word."""
        return next((step.edition for step in self.steps if any(p.kind == "exact" for p in step.places)), None)


@serial.layout("schema", "generator_version", "warnings", "order", "order_note", "watchlist", "editions", "pairs", "lineages",
               "fates", "terms", "quotes")
@dataclass(frozen=True, slots=True)
class History(serial.Record):
    """Editions in order, section lineages and fates, and watched concepts across them."""

    editions: tuple[EditionInfo, ...]
    order: str  # "date" or "given": what the order actually rests on
    order_note: str  # why, when "date" was asked for and could not be used; else ""
    pairs: tuple[PairSummary, ...]
    lineages: tuple[Lineage, ...]  # newest edition's sections, reading order
    fates: tuple[Fate, ...]  # by edition of first appearance, then reading order
    terms: tuple[ConceptTrend, ...]  # watchlist order (``terms.trend`` over the editions in history order)
    watchlist: str = ""
    generator_version: str = serial.generator_field()
    # Only when quotations were asked about: a history without them stays as it was.
    quotes: tuple[QuoteHistory, ...] = serial.optional(())  # the quotations asked about, in the order given
    warnings: tuple[InputWarning, ...] = ()  # repeated editions, not one lineage, model editions: shown first

    @property
    def schema(self) -> str:
        return SCHEMA

    # --- questions a reader asks ---------------------------------------------------
    def dropped(self, edition: int | None = None) -> tuple[Fate, ...]:
        """Fates of sections dropped (in ``edition``, or anywhere), in order."""
        return tuple(fate for fate in self.fates
                     if fate.dropped_in is not None and (edition is None or fate.dropped_in == edition))

    def new_in(self, edition: int | None = None) -> tuple[Lineage, ...]:
        """Lineages of newest-edition sections that first appear in ``edition`` (default: the newest)."""
        edition = len(self.editions) - 1 if edition is None else edition
        return tuple(lineage for lineage in self.lineages if lineage.first_edition == edition)

    def term(self, concept: str) -> ConceptTrend:
        for row in self.terms:
            if row.concept == concept:
                return row
        raise KeyError(concept)

    # --- output ------------------------------------------------------------------------


# --------------------------------------------------------------------------- building


def history(
    editions: Sequence[Source],
    *,
    watchlist: str | os.PathLike[str] | None = "safeguarding",
    order: str = "date",
    options: AlignOptions | None = None,
    load_options: LoadOptions = LoadOptions(),
    quotes: Sequence[str] = (),
) -> History:
    """The history of a series of editions (paths, corpus ids or loaded ``Document``s), oldest to newest.

    ``order="date"`` sorts by publication date when every edition has one (else keeps
    the given order and says so in ``History.order_note``); ``order="given"`` keeps
    the given order. ``watchlist`` is a bundled name, a TOML file, or None.
    ``load_options`` says how to read the PDFs (password, cache, progress), as for ``compare``.
    ``quotes`` are quotations to follow through the editions (``History.quotes``), as ``find`` does.
    """
    if order not in ("date", "given"):
        raise InputError(f"order must be 'date' or 'given', not {order!r}")
    editions = list(editions)
    if len(editions) < 2:
        raise InputError("a history needs at least two editions; to compare two, give two, or three for a timeline")
    documents = load_many(editions, load_options)  # each edition read once; uncached ones in parallel, one per core
    facts = [describe(source, document) for source, document in zip(editions, documents)]
    positions = list(range(len(documents)))
    used_order, note = "given", ""
    if order == "date":
        undated = [facts[i].given for i in positions if facts[i].date is None]
        if undated:
            note = f"no publication date known for {', '.join(undated)}; kept the order given"
        else:
            positions.sort(key=lambda i: facts[i].date.sort_key)  # type: ignore[union-attr] # stable: ties keep the given order
            used_order = "date"
    facts = distinguish_series([facts[i] for i in positions])
    documents = [fact.document for fact in facts]

    chosen_options = options or DEFAULT_OPTIONS
    trees = [build_tree(document) for document in documents]  # once each: every alignment and search shares them
    alignments = {(index, index + 1): align(old, new, chosen_options, old_tree=trees[index], new_tree=trees[index + 1])
                  for index, (old, new) in enumerate(zip(documents, documents[1:]))}
    graph = chain(alignments)
    graph = chain({**alignments, **_return_alignments(graph, chosen_options)})
    infos = [_edition_info(index, fact, tree) for index, (fact, tree) in enumerate(zip(facts, trees))]
    lineages = tuple(graph.lineage(section) for section in graph.sections(len(documents) - 1))
    fates = tuple(graph.fate(edition, section) for edition, section in graph.first_appearances())
    terms: tuple[ConceptTrend, ...] = ()
    watchlist_name = ""
    if watchlist is not None:
        chosen = load_watchlist(watchlist)
        watchlist_name = chosen.name
        terms = trend(documents, chosen)
    followed = tuple(
        QuoteHistory(result.query, tuple(QuoteStep(finding.index, finding.status,
                                                   tuple(quote_place(place) for place in finding.places), finding.diff)
                                         for finding in result.editions))
        for result in (find_all(list(quotes), documents, names=[report_edition(fact) for fact in facts],
                                  trees=trees) if quotes else ())
    )
    return History(tuple(infos), used_order, note, graph.pair_summaries(), lineages, fates, terms, watchlist_name,
                   __version__, followed,
                   history_warnings(facts, [alignments[(index, index + 1)] for index in range(len(facts) - 1)], used_order))


def _return_alignments(graph: SectionGraph, options: AlignOptions) -> dict[tuple[int, int], Alignment]:
    """Sections dropped after one edition against sections new in each later, non-adjacent one (sections only).

    Editions are tried in order, and a dropped section once linked is not looked for
    again further on: ``Fate.returned`` names the first edition that brings it back.
    """
    found: dict[tuple[int, int], Alignment] = {}
    documents, trees = graph.documents, graph.trees
    for old in range(graph.editions - 2):
        waiting = list(graph.ends(old))
        for new in range(old + 2, graph.editions):
            arrived = graph.starts(new)
            if not waiting or not arrived:
                continue
            alignment = align_among(documents[old], documents[new], trees[old], trees[new], waiting, arrived, options)
            found[(old, new)] = alignment
            linked = {id(section) for link in alignment.sections if link.old and link.new for section in link.old}
            waiting = [section for section in waiting if id(section) not in linked]
    return found


def _edition_info(index: int, facts: EditionFacts, tree: Section) -> EditionInfo:
    document = facts.document
    return EditionInfo(index, facts.name, facts.short, document.title, document.path, document.sha256,
                       len(document.pages), sum(1 for _ in tree.walk()) - 1,
                       facts.date.text if facts.date else None, facts.date.source if facts.date else None,
                       facts.corpus_id, facts.file_kind, document.reader)
