"""History across three or more editions: where each section came from, where each went.

``history(["wt-2010", "wt-2013", "wt-2015"])`` loads each edition once (``load_many``,
which caches reads and reads uncached PDFs in parallel), puts them in order, aligns each *consecutive* pair once
(``align``), and chains the section links of those pairs:

- a **lineage** for every section of the newest edition, traced back through
  renames, moves, splits and merges to the edition where it first appears;
- a **fate** for every section where it first appears (every section of the
  oldest edition, and every section new in a later one), traced forward to what
  it is in the newest edition or the edition that dropped it;
- per watched concept, its count and printed pages in every edition, where it
  first appears, and the editions where it disappears or returns.

So n editions cost n loads and n − 1 alignments: linear in the number of editions.

Editions are loaded, named and dated by the editions stage (``editions.load_many``,
``editions.describe``), the same way as for ``compare``. Order. With ``order="date"``
editions are sorted by publication date: the corpus manifest's ``published`` date
when the file is a corpus edition, else the month and year printed on the cover. When any edition has no date, the order given is
kept for all of them (``History.order`` then says "given" and ``order_note``
why): a guessed order would be worse than the one the user typed.

Alignment is only between neighbours, so a section dropped in one edition and
brought back in a later one is two threads. ``Fate.returned`` reconnects them on
the heading alone (a later section first appearing with the same title), and says so.

Everything is frozen, slotted dataclasses with ``to_dict``; its JSON (``render/history_json.py``)
follows ``schema/history-1.schema.json`` (``schema: "guidediff.history/1"``) and
is byte-identical for the same inputs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz

from guidediff.align import DEFAULT_OPTIONS, AlignOptions, Alignment, SectionKind, SectionLink, align
from guidediff.document import Document
from guidediff.editions import EditionFacts, LoadOptions, Source, describe, distinguish_series, load_many
from guidediff.errors import InputError
from guidediff.quotes import Status as QuoteStatus
from guidediff.quotes import find_all, quote_place
from guidediff.report.build import report_edition
from guidediff.report.model import QuotePlace
from guidediff.structure import Section
from guidediff.terms import load_watchlist, trend
from guidediff.version import __version__

SCHEMA = "guidediff.history/1"

class StepHow(StrEnum):
    """How a thread got into an edition from the edition before (a ``Step``'s ``how``)."""

    ABSENT = "absent"  # not in this edition (nor anything it became)
    FIRST_APPEARS = "first appears"
    MATCHED = "matched"
    RENAMED = "renamed"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"
    REMOVED = "removed"  # the previous edition's sections were dropped here


FIRST_APPEARS = StepHow.FIRST_APPEARS
ABSENT = StepHow.ABSENT
REMOVED = StepHow.REMOVED
# When several links join one step to the next, the step is named after the most telling one.
KIND_PRIORITY = (StepHow.SPLIT, StepHow.MERGED, StepHow.MOVED, StepHow.RENAMED, StepHow.RENUMBERED, StepHow.MATCHED)
HOW_VALUES = (ABSENT, FIRST_APPEARS, *KIND_PRIORITY, REMOVED)
RETURN_CUTOFF = 0.95  # title similarity at which a later new section counts as a dropped one returning

_WORD = re.compile(r"[a-z0-9]+")



# --------------------------------------------------------------------------- data model


@dataclass(frozen=True, slots=True)
class EditionInfo:
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
    edition: str | None = None  # corpus id, when the file is a corpus edition

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "index": self.index, "name": self.name, "short": self.short, "title": self.title, "path": self.path,
            "sha256": self.sha256, "pages": self.pages, "sections": self.sections,
            "date": self.date, "date_source": self.date_source,
        }
        if self.edition is not None:
            data["edition"] = self.edition
        return data


@dataclass(frozen=True, slots=True)
class SectionRef:
    """A section of one edition: ``id`` is stable for the same file ("e2-s118": edition 2, heading block 118)."""

    id: str
    heading: str
    path: tuple[str, ...]
    pages: tuple[str, ...]  # printed labels
    level: int
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "heading": self.heading, "path": list(self.path),
                                "pages": list(self.pages), "level": self.level}
        if self.label is not None:
            data["label"] = self.label
        return data


@dataclass(frozen=True, slots=True)
class Step:
    """A thread in one edition: its sections there, and how they got there from the edition before.

    ``how`` is "absent" (not in this edition), "first appears", "removed" (the
    previous edition's sections were dropped here), or the kind of the section
    link from the previous edition: matched, renamed, renumbered, moved, split,
    merged. ``flags`` are every change the links record ("moved", "new-parent"…).
    """

    edition: int
    how: StepHow
    sections: tuple[SectionRef, ...]
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"edition": self.edition, "how": self.how, "sections": [ref.to_dict() for ref in self.sections],
                "flags": list(self.flags)}


def _first_present(steps: Sequence[Step]) -> int:
    return next(step.edition for step in steps if step.sections)


@dataclass(frozen=True, slots=True)
class Lineage:
    """Where a section of the newest edition came from: one step per edition, oldest first."""

    section: SectionRef
    steps: tuple[Step, ...]

    @property
    def first_edition(self) -> int:
        """Index of the edition where the section (or what it grew from) first appears."""
        return _first_present(self.steps)

    @property
    def origin(self) -> tuple[SectionRef, ...]:
        return self.steps[self.first_edition].sections

    @property
    def changes(self) -> tuple[str, ...]:
        """How it changed on the way, e.g. ("renamed", "moved"): the steps after its first appearance, matched left out."""
        return tuple(step.how for step in self.steps[self.first_edition + 1:] if step.how != "matched")

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section.to_dict(), "first_edition": self.first_edition,
                "origin": [ref.to_dict() for ref in self.origin], "steps": [step.to_dict() for step in self.steps]}


@dataclass(frozen=True, slots=True)
class Return:
    """A dropped section whose heading comes back in a later edition (found by heading, not by alignment)."""

    edition: int
    section: SectionRef
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"edition": self.edition, "section": self.section.to_dict(), "similarity": self.similarity,
                "matched_by": "heading"}


@dataclass(frozen=True, slots=True)
class Fate:
    """What became of a section from the edition where it first appears: one step per edition."""

    section: SectionRef
    edition: int  # where it first appears
    steps: tuple[Step, ...]
    returned: Return | None = None

    @property
    def dropped_in(self) -> int | None:
        """Index of the edition that dropped it (and everything it became), or None if it lasts."""
        return next((step.edition for step in self.steps if step.how == REMOVED), None)

    @property
    def last_edition(self) -> int:
        return max(step.edition for step in self.steps if step.sections)

    @property
    def outcome(self) -> tuple[SectionRef, ...]:
        """What it is in the newest edition (empty when dropped)."""
        return self.steps[-1].sections

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section.to_dict(), "edition": self.edition, "last_edition": self.last_edition,
                "dropped_in": self.dropped_in, "returned": self.returned.to_dict() if self.returned else None,
                "outcome": [ref.to_dict() for ref in self.outcome], "steps": [step.to_dict() for step in self.steps]}


@dataclass(frozen=True, slots=True)
class ConceptCountAt:
    edition: int
    count: int
    pages: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"edition": self.edition, "count": self.count, "pages": list(self.pages)}


@dataclass(frozen=True, slots=True)
class ConceptHistory:
    """A watched concept across the editions: counts, first appearance, disappearances and returns."""

    concept: str
    label: str
    editions: tuple[ConceptCountAt, ...]

    @property
    def first_edition(self) -> int | None:
        return next((row.edition for row in self.editions if row.count), None)

    @property
    def first_pages(self) -> tuple[str, ...]:
        """Printed pages of the mentions in the edition where it first appears."""
        first = self.first_edition
        return () if first is None else self.editions[first].pages

    @property
    def disappears_in(self) -> tuple[int, ...]:
        """Editions with no mention right after one with mentions."""
        return tuple(now.edition for before, now in zip(self.editions, self.editions[1:]) if before.count and not now.count)

    @property
    def returns_in(self) -> tuple[int, ...]:
        """Editions mentioning it again after an edition that did not (once it had appeared)."""
        first = self.first_edition
        if first is None:
            return ()
        return tuple(now.edition for before, now in zip(self.editions[first:], self.editions[first + 1:])
                     if now.count and not before.count)

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "label": self.label, "editions": [row.to_dict() for row in self.editions],
                "first_edition": self.first_edition, "first_pages": list(self.first_pages),
                "disappears_in": list(self.disappears_in), "returns_in": list(self.returns_in)}


@dataclass(frozen=True, slots=True)
class PairSummary:
    """Section links between two neighbouring editions, counted by kind."""

    old: int
    new: int
    counts: tuple[tuple[str, int], ...]  # (kind, count) in KINDS order

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "sections": dict(self.counts)}


@dataclass(frozen=True, slots=True)
class QuoteStep:
    """A quotation in one edition: what that edition did with it (``quotes.Status``), and where."""

    edition: int
    status: QuoteStatus
    places: tuple[QuotePlace, ...]  # exact places first, then close ones best first
    diff: tuple[tuple[str, str], ...] = ()  # reworded: the previous edition's words turned into these

    def to_dict(self) -> dict[str, Any]:
        return {"edition": self.edition, "status": self.status, "places": [place.to_dict() for place in self.places],
                "diff": [[op, text] for op, text in self.diff]}


@dataclass(frozen=True, slots=True)
class QuoteHistory:
    """A quotation the reader asked about (``--quote``), through every edition."""

    text: str
    steps: tuple[QuoteStep, ...]  # one per edition, in history order

    @property
    def first_exact(self) -> int | None:
        """The first edition that prints it word for word."""
        return next((step.edition for step in self.steps if any(p.kind == "exact" for p in step.places)), None)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "first_exact": self.first_exact, "steps": [step.to_dict() for step in self.steps]}


LINK_KINDS = tuple(SectionKind)


@dataclass(frozen=True, slots=True)
class History:
    """Editions in order, section lineages and fates, and watched concepts across them."""

    editions: tuple[EditionInfo, ...]
    order: str  # "date" or "given": what the order actually rests on
    order_note: str  # why, when "date" was asked for and could not be used; else ""
    pairs: tuple[PairSummary, ...]
    lineages: tuple[Lineage, ...]  # newest edition's sections, reading order
    fates: tuple[Fate, ...]  # by edition of first appearance, then reading order
    terms: tuple[ConceptHistory, ...]  # watchlist order
    watchlist: str = ""
    generator_version: str = ""
    quotes: tuple[QuoteHistory, ...] = ()  # the quotations asked about, in the order given

    # --- questions a reader asks ---------------------------------------------------
    def dropped(self, edition: int | None = None) -> tuple[Fate, ...]:
        """Fates of sections dropped (in ``edition``, or anywhere), in order."""
        return tuple(fate for fate in self.fates
                     if fate.dropped_in is not None and (edition is None or fate.dropped_in == edition))

    def new_in(self, edition: int | None = None) -> tuple[Lineage, ...]:
        """Lineages of newest-edition sections that first appear in ``edition`` (default: the newest)."""
        edition = len(self.editions) - 1 if edition is None else edition
        return tuple(lineage for lineage in self.lineages if lineage.first_edition == edition)

    def term(self, concept: str) -> ConceptHistory:
        for row in self.terms:
            if row.concept == concept:
                return row
        raise KeyError(concept)

    # --- output ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "generator": {"name": "guidediff", "version": self.generator_version},
            "order": self.order,
            "order_note": self.order_note,
            "watchlist": self.watchlist,
            "editions": [edition.to_dict() for edition in self.editions],
            "pairs": [pair.to_dict() for pair in self.pairs],
            "lineages": [lineage.to_dict() for lineage in self.lineages],
            "fates": [fate.to_dict() for fate in self.fates],
            "terms": [row.to_dict() for row in self.terms],
            # Only when quotations were asked about: a history without them stays as it was.
            **({"quotes": [quote.to_dict() for quote in self.quotes]} if self.quotes else {}),
        }


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

    alignments = [align(old, new, options or DEFAULT_OPTIONS) for old, new in zip(documents, documents[1:])]
    trees = [alignments[0].old_tree] + [alignment.new_tree for alignment in alignments]
    infos = [_edition_info(index, fact, tree) for index, (fact, tree) in enumerate(zip(facts, trees))]
    graph = _Graph(documents, trees, alignments)
    lineages = tuple(graph.lineage(section) for section in graph.sections[-1])
    fates = tuple(graph.with_return(graph.fate(edition, section)) for edition, section in graph.first_appearances())
    terms, watchlist_name = (), ""
    if watchlist is not None:
        chosen = load_watchlist(watchlist)
        watchlist_name = chosen.name
        terms = tuple(
            ConceptHistory(row.concept.id, row.concept.label,
                           tuple(ConceptCountAt(index, count.count, count.pages)
                                 for index, count in enumerate(row.editions)))
            for row in trend(documents, chosen)
        )
    followed = tuple(
        QuoteHistory(result.query, tuple(QuoteStep(finding.index, finding.status,
                                                   tuple(quote_place(place) for place in finding.places), finding.diff)
                                         for finding in result.editions))
        for result in (find_all(list(quotes), documents, names=[report_edition(fact) for fact in facts]) if quotes else ())
    )
    return History(tuple(infos), used_order, note, graph.pair_summaries(), lineages, fates, terms, watchlist_name,
                   __version__, followed)


def _edition_info(index: int, facts: EditionFacts, tree: Section) -> EditionInfo:
    document = facts.document
    return EditionInfo(index, facts.name, facts.short, document.title, document.path, document.sha256,
                       len(document.pages), sum(1 for _ in tree.walk()) - 1,
                       facts.date.text if facts.date else None, facts.date.source if facts.date else None,
                       facts.corpus_id)


# --- the section graph ------------------------------------------------------------------


def _seq(section: Section) -> int:
    assert section.heading_block is not None
    return section.heading_block.seq


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


class _Graph:
    """Sections of every edition as nodes, section links of neighbouring editions as edges."""

    def __init__(self, documents: Sequence[Document], trees: Sequence[Section], alignments: Sequence[Alignment]):
        self.documents = documents
        self.sections = [tuple(section for section in tree.walk() if section.heading_block is not None) for tree in trees]
        self.position = [{_seq(section): index for index, section in enumerate(sections)} for sections in self.sections]
        self.by_seq = [{_seq(section): section for section in sections} for sections in self.sections]
        self.refs = [{_seq(section): _ref(edition, document, section) for section in self.sections[edition]}
                     for edition, document in enumerate(documents)]
        # forward[p][old seq] / backward[p][new seq]: the links of pair p (editions p, p + 1) a section is in.
        self.forward: list[dict[int, list[SectionLink]]] = []
        self.backward: list[dict[int, list[SectionLink]]] = []
        self.links = [alignment.sections for alignment in alignments]
        for links in self.links:
            forward: dict[int, list[SectionLink]] = {}
            backward: dict[int, list[SectionLink]] = {}
            for link in links:
                if link.old and link.new:
                    for section in link.old:
                        forward.setdefault(_seq(section), []).append(link)
                    for section in link.new:
                        backward.setdefault(_seq(section), []).append(link)
            self.forward.append(forward)
            self.backward.append(backward)

    def _sorted(self, edition: int, seqs: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(set(seqs), key=lambda seq: self.position[edition][seq]))

    def _step(self, edition: int, seqs: tuple[int, ...], previous: tuple[int, ...], links: Iterable[SectionLink]) -> Step:
        refs = tuple(self.refs[edition][seq] for seq in seqs)
        if not seqs:
            return Step(edition, REMOVED if previous else ABSENT, ())
        if not previous:
            return Step(edition, FIRST_APPEARS, refs)
        unique = {id(link): link for link in links}.values()
        kinds = {link.kind for link in unique}
        how = next(kind for kind in KIND_PRIORITY if kind in kinds)
        flags = tuple(sorted({flag for link in unique for flag in link.flags}))
        return Step(edition, how, refs, flags)

    def lineage(self, section: Section) -> Lineage:
        last = len(self.sections) - 1
        current: tuple[int, ...] = (_seq(section),)
        found: list[tuple[int, tuple[int, ...]]] = [(last, current)]
        for pair in range(last - 1, -1, -1):
            links = [link for seq in current for link in self.backward[pair].get(seq, ())]
            current = self._sorted(pair, (_seq(old) for link in links for old in link.old))
            found.append((pair, current))
        found.reverse()
        steps = []
        for edition, seqs in found:
            previous = found[edition - 1][1] if edition else ()
            links = [link for seq in seqs for link in self.backward[edition - 1].get(seq, ())] if edition else []
            steps.append(self._step(edition, seqs, previous, links))
        return Lineage(self.refs[last][_seq(section)], tuple(steps))

    def first_appearances(self) -> Iterable[tuple[int, Section]]:
        """Every section of the oldest edition, then every later section that no link leads to, in order."""
        for edition, sections in enumerate(self.sections):
            for section in sections:
                if edition == 0 or not self.backward[edition - 1].get(_seq(section)):
                    yield edition, section

    def fate(self, edition: int, section: Section) -> Fate:
        found: list[tuple[int, ...]] = [() for _ in range(edition)] + [(_seq(section),)]
        for pair in range(edition, len(self.sections) - 1):
            links = [link for seq in found[-1] for link in self.forward[pair].get(seq, ())]
            found.append(self._sorted(pair + 1, (_seq(new) for link in links for new in link.new)))
        steps = []
        for index, seqs in enumerate(found):
            previous = found[index - 1] if index else ()
            links = [link for seq in previous for link in self.forward[index - 1].get(seq, ())] if index else []
            steps.append(self._step(index, seqs, previous, links))
        return Fate(self.refs[edition][_seq(section)], edition, tuple(steps))

    def with_return(self, fate: Fate) -> Fate:
        """A dropped section's heading first appearing again in a later edition, if any."""
        dropped_in = fate.dropped_in
        if dropped_in is None:
            return fate
        title = _fold(_title(self.by_seq[fate.edition][_seq_of(fate.section)]))
        if not title:
            return fate
        for edition in range(dropped_in + 1, len(self.sections)):
            for section in self.sections[edition]:
                if self.backward[edition - 1].get(_seq(section)):
                    continue  # not new there: it continues something else
                similarity = fuzz.ratio(title, _fold(_title(section))) / 100
                if similarity >= RETURN_CUTOFF:
                    return Fate(fate.section, fate.edition, fate.steps,
                                Return(edition, self.refs[edition][_seq(section)], round(similarity, 4)))
        return fate

    def pair_summaries(self) -> tuple[PairSummary, ...]:
        summaries = []
        for pair, links in enumerate(self.links):
            counts = {kind: 0 for kind in LINK_KINDS}
            for link in links:
                counts[link.kind] = counts.get(link.kind, 0) + 1
            summaries.append(PairSummary(pair, pair + 1, tuple(counts.items())))
        return tuple(summaries)


def _title(section: Section) -> str:
    return section.title or section.heading


def _seq_of(ref: SectionRef) -> int:
    return int(ref.id.rsplit("-s", 1)[1])


def _ref(edition: int, document: Document, section: Section) -> SectionRef:
    return SectionRef(f"e{edition}-s{_seq(section)}", section.heading, section.path, document.labels(section.pages),
                      section.level, section.label)
