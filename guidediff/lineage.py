"""Lineage stage: pairwise section alignments chained into one graph of the sections of a series.

In: ``Alignment``s between editions of one series, adjacent or not, each keyed by the
two editions it joins (their positions, oldest first)::

    graph = chain({(0, 1): align(a, b), (1, 2): align(b, c), (0, 2): align(a, c)})
    graph = chain([align(a, b), align(b, c)])          # consecutive: (0, 1), (1, 2)

Out: a ``SectionGraph``. Its nodes are every edition's sections, named by their
heading block's ``seq`` (the same in every tree built from one document, so two
alignments need not share tree objects); its edges are the section links of each
aligned pair. It answers what a history asks, and lets a caller build other views
across N editions (``linked``: the sections of one edition that a pair's links join to
given sections of another):

- a **lineage** for a section of the newest edition: one ``Step`` per edition, traced
  back through the links of consecutive editions (renames, moves, splits, merges) to
  the edition where it, or what it grew from, first appears;
- a **fate** for a section where it first appears (``first_appearances``): traced
  forward to what it is in the newest edition, or the edition that dropped it and all
  it became; a dropped section **returns** (``Fate.returned``) when an alignment of the
  edition it was last in with a later, non-adjacent edition links it to sections that
  first appear there (the first such edition; what matched it is the link's).

Rules: lineages and fates follow consecutive pairs only, so every edition must be
aligned with the next one for them; non-adjacent pairs add returns and ``linked``
views. Pure: nothing is read, aligned or rendered here, and the same alignments give
equal values. The records are frozen, slotted dataclasses whose ``to_dict``
(``guidediff.serial``) gives the shapes of ``schema/history-1.schema.json``. A
``SectionNode`` is a section as the graph knows it (an id stable across the series,
its level); a report's ``report.model.SectionRef`` is a section as one comparison
cites it, a different record in a different schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from guidediff import serial
from guidediff.align import Alignment, SectionKind, SectionLink
from guidediff.document import Document
from guidediff.errors import InputError
from guidediff.structure import Section


class StepHow(StrEnum):
    """How a thread got into an edition from the edition before (a ``Step``'s ``how``)."""

    ABSENT = "absent"  # not in this edition (nor anything it became)
    FIRST_APPEARS = "first appears"
    MATCHED = "matched"
    RENAMED = "renamed"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    REPLACED = "replaced"
    PROMOTED = "promoted"
    DEMOTED = "demoted"
    SPLIT = "split"
    MERGED = "merged"
    REMOVED = "removed"  # the previous edition's sections were dropped here


FIRST_APPEARS = StepHow.FIRST_APPEARS
ABSENT = StepHow.ABSENT
REMOVED = StepHow.REMOVED
# When several links join one step to the next, the step is named after the most telling one.
KIND_PRIORITY = (StepHow.SPLIT, StepHow.MERGED, StepHow.REPLACED, StepHow.MOVED, StepHow.RENAMED, StepHow.PROMOTED, StepHow.DEMOTED,
                 StepHow.RENUMBERED, StepHow.MATCHED)
HOW_VALUES = (ABSENT, FIRST_APPEARS, *KIND_PRIORITY, REMOVED)
LINK_KINDS = tuple(SectionKind)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class SectionNode(serial.Record):
    """A section of one edition: ``id`` is stable for the same file ("e2-s118": edition 2, heading block 118)."""

    id: str
    heading: str
    path: tuple[str, ...]
    pages: tuple[str, ...]  # printed labels
    level: int
    label: str | None = serial.optional()


@dataclass(frozen=True, slots=True)
class Step(serial.Record):
    """A thread in one edition: its sections there, and how they got there from the edition before.

    ``how`` is "absent" (not in this edition), "first appears", "removed" (the
    previous edition's sections were dropped here), or the kind of the section
    link from the previous edition: matched, renamed, renumbered, moved, split,
    merged. ``flags`` are every change the links record ("moved", "new-parent"…).
    """

    edition: int
    how: StepHow
    sections: tuple[SectionNode, ...]
    flags: tuple[str, ...] = ()


def _first_present(steps: Sequence[Step]) -> int:
    return next(step.edition for step in steps if step.sections)


@serial.layout("section", "first_edition", "origin", "steps")
@dataclass(frozen=True, slots=True)
class Lineage(serial.Record):
    """Where a section of the newest edition came from: one step per edition, oldest first."""

    section: SectionNode
    steps: tuple[Step, ...]

    @property
    def first_edition(self) -> int:
        """Index of the edition where the section (or what it grew from) first appears."""
        return _first_present(self.steps)

    @property
    def origin(self) -> tuple[SectionNode, ...]:
        return self.steps[self.first_edition].sections

    @property
    def changes(self) -> tuple[str, ...]:
        """How it changed on the way, e.g. ("renamed", "moved"): the steps after its first appearance, matched left out."""
        return tuple(step.how for step in self.steps[self.first_edition + 1:] if step.how != "matched")


@dataclass(frozen=True, slots=True)
class Return(serial.Record):
    """A dropped section that a later edition brings back: a link of a non-adjacent pair to a section new there."""

    edition: int
    section: SectionNode
    similarity: float  # the link's score
    matched_by: str  # what matched it: heading | content | heading+content (``SectionLink.matched_by``)


@serial.layout("section", "edition", "last_edition", "dropped_in", "returned", "outcome", "steps")
@dataclass(frozen=True, slots=True)
class Fate(serial.Record):
    """What became of a section from the edition where it first appears: one step per edition."""

    section: SectionNode
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
    def outcome(self) -> tuple[SectionNode, ...]:
        """What it is in the newest edition (empty when dropped)."""
        return self.steps[-1].sections


@dataclass(frozen=True, slots=True)
class PairSummary(serial.Record):
    """Section links between two aligned editions, counted by kind."""

    old: int
    new: int
    # (kind, count) in LINK_KINDS order, written as {kind: count}
    counts: tuple[tuple[str, int], ...] = serial.field(key="sections", encode=dict,
                                                       decode=lambda counts: tuple(counts.items()))


# --------------------------------------------------------------------------- the graph


def _seq(section: Section) -> int:
    assert section.heading_block is not None
    return section.heading_block.seq


def _ref(edition: int, document: Document, section: Section) -> SectionNode:
    return SectionNode(f"e{edition}-s{_seq(section)}", section.heading, section.path, document.labels(section.pages),
                      section.level, section.label)


def chain(alignments: Mapping[tuple[int, int], Alignment] | Sequence[Alignment]) -> SectionGraph:
    """The section graph of a series from pairwise alignments: ``{(old, new): Alignment}``, or consecutive ones.

    Editions are 0 to the largest index given, each in at least one pair; ``old`` comes
    before ``new``. Every alignment naming an edition must be of the same document.
    Raises ``InputError`` otherwise.
    """
    if isinstance(alignments, Mapping):
        pairs = dict(alignments)
    else:
        pairs = {(index, index + 1): alignment for index, alignment in enumerate(alignments)}
    if not pairs:
        raise InputError("a section graph needs at least one alignment between two editions")
    for old, new in pairs:
        if not (isinstance(old, int) and isinstance(new, int) and 0 <= old < new):
            raise InputError(f"alignments are keyed by (older edition, newer edition) positions, not {(old, new)!r}")
    count = max(new for _, new in pairs) + 1
    documents: list[Document | None] = [None] * count
    trees: list[Section | None] = [None] * count
    for (old, new), alignment in sorted(pairs.items()):
        for edition, document, tree in ((old, alignment.old, alignment.old_tree), (new, alignment.new, alignment.new_tree)):
            known = documents[edition]
            if known is None:
                documents[edition], trees[edition] = document, tree
            elif known is not document and (known.sha256, known.path, len(known.pages)) != (
                    document.sha256, document.path, len(document.pages)):
                raise InputError(f"the alignments disagree about edition {edition}: {known.path} and {document.path}")
    missing = [edition for edition, document in enumerate(documents) if document is None]
    if missing:
        raise InputError(f"no alignment names edition {missing[0]}: every edition must be in at least one pair")
    return SectionGraph(tuple(documents), tuple(trees), {pair: pairs[pair].sections for pair in sorted(pairs)})  # type: ignore[arg-type]


class SectionGraph:
    """Every edition's sections as nodes, the section links of each aligned pair as edges (see ``chain``).

    A value: built once by ``chain``, never changed; every answer is in reading and
    edition order, so the same alignments give the same answers.
    """

    def __init__(self, documents: tuple[Document, ...], trees: tuple[Section, ...],
                 links: Mapping[tuple[int, int], tuple[SectionLink, ...]]) -> None:
        self._documents = documents
        self._trees = trees
        self._links = dict(links)
        self._sections = [tuple(section for section in tree.walk() if section.heading_block is not None)
                          for tree in trees]
        self._position = [{_seq(section): index for index, section in enumerate(sections)}
                          for sections in self._sections]
        self._by_seq = [{_seq(section): section for section in sections} for sections in self._sections]
        self._refs = [{_seq(section): _ref(edition, document, section) for section in self._sections[edition]}
                      for edition, document in enumerate(documents)]
        # _index[(a, b)][seq of a section of a]: the links of the pair of a and b that it is in (either direction).
        self._index: dict[tuple[int, int], dict[int, list[SectionLink]]] = {}
        for (old, new), pair_links in self._links.items():
            forward: dict[int, list[SectionLink]] = {}
            backward: dict[int, list[SectionLink]] = {}
            for link in pair_links:
                if link.old and link.new:
                    for section in link.old:
                        forward.setdefault(_seq(section), []).append(link)
                    for section in link.new:
                        backward.setdefault(_seq(section), []).append(link)
            self._index[(old, new)], self._index[(new, old)] = forward, backward

    # --- what it holds -------------------------------------------------------------------
    @property
    def editions(self) -> int:
        return len(self._documents)

    @property
    def documents(self) -> tuple[Document, ...]:
        return self._documents

    @property
    def trees(self) -> tuple[Section, ...]:
        return self._trees

    @property
    def pairs(self) -> tuple[tuple[int, int], ...]:
        """The aligned pairs (older, newer), in order."""
        return tuple(self._links)

    def links(self, old: int, new: int) -> tuple[SectionLink, ...]:
        """The section links of the alignment of editions ``old`` and ``new``."""
        if (old, new) not in self._links:
            raise InputError(f"editions {old} and {new} were not aligned")
        return self._links[(old, new)]

    def sections(self, edition: int) -> tuple[Section, ...]:
        """The sections of an edition (headed ones), in reading order."""
        return self._sections[edition]

    def ref(self, edition: int, section: Section) -> SectionNode:
        return self._refs[edition][_seq(section)]

    def linked(self, edition: int, sections: Iterable[Section], other: int) -> tuple[Section, ...]:
        """The sections of ``other`` that the alignment of the two editions links to any of ``sections``, in reading order."""
        index = self._index.get((edition, other))
        if index is None:
            raise InputError(f"editions {edition} and {other} were not aligned")
        return self._ordered(other, self._linked_seqs(index, edition, other, (_seq(section) for section in sections)))

    def _linked_seqs(self, index: dict[int, list[SectionLink]], edition: int, other: int,
                     seqs: Iterable[int]) -> tuple[int, ...]:
        side = "new" if edition < other else "old"
        return self._sorted(other, (_seq(section) for seq in seqs for link in index.get(seq, ())
                                    for section in getattr(link, side)))

    def _sorted(self, edition: int, seqs: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(set(seqs), key=lambda seq: self._position[edition][seq]))

    def _ordered(self, edition: int, seqs: Iterable[int]) -> tuple[Section, ...]:
        return tuple(self._by_seq[edition][seq] for seq in seqs)

    def _consecutive(self, old: int) -> dict[int, list[SectionLink]]:
        if (old, old + 1) not in self._links:
            raise InputError(f"editions {old} and {old + 1} were not aligned; a lineage follows every consecutive pair")
        return self._index[(old, old + 1)]

    def _back(self, new: int) -> dict[int, list[SectionLink]]:
        self._consecutive(new - 1)
        return self._index[(new, new - 1)]

    # --- where a section starts and ends --------------------------------------------------
    def starts(self, edition: int) -> tuple[Section, ...]:
        """Sections that first appear in ``edition``: every one of the oldest, else those no link from the one before leads to."""
        if edition == 0:
            return self._sections[0]
        back = self._back(edition)
        return tuple(section for section in self._sections[edition] if not back.get(_seq(section)))

    def ends(self, edition: int) -> tuple[Section, ...]:
        """Sections of ``edition`` that no link leads on from into the next edition (none for the newest)."""
        if edition == self.editions - 1:
            return ()
        forward = self._consecutive(edition)
        return tuple(section for section in self._sections[edition] if not forward.get(_seq(section)))

    def first_appearances(self) -> Iterable[tuple[int, Section]]:
        """Every section of the oldest edition, then every later section that no link leads to, in order."""
        for edition in range(self.editions):
            for section in self.starts(edition):
                yield edition, section

    # --- lineages and fates -----------------------------------------------------------------
    def _step(self, edition: int, seqs: tuple[int, ...], previous: tuple[int, ...], links: Iterable[SectionLink]) -> Step:
        refs = tuple(self._refs[edition][seq] for seq in seqs)
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
        """Where a section of the newest edition came from, back through every consecutive pair."""
        last = self.editions - 1
        current: tuple[int, ...] = (_seq(section),)
        found: list[tuple[int, tuple[int, ...]]] = [(last, current)]
        for edition in range(last - 1, -1, -1):
            current = self._linked_seqs(self._back(edition + 1), edition + 1, edition, current)
            found.append((edition, current))
        found.reverse()
        steps = []
        for edition, seqs in found:
            previous = found[edition - 1][1] if edition else ()
            back = self._back(edition) if edition else {}
            links = [link for seq in seqs for link in back.get(seq, ())]
            steps.append(self._step(edition, seqs, previous, links))
        return Lineage(self._refs[last][_seq(section)], tuple(steps))

    def fate(self, edition: int, section: Section) -> Fate:
        """What became of a section from ``edition`` on, and where it returns if it is dropped and comes back."""
        found: list[tuple[int, ...]] = [() for _ in range(edition)] + [(_seq(section),)]
        for old in range(edition, self.editions - 1):
            found.append(self._linked_seqs(self._consecutive(old), old, old + 1, found[-1]))
        steps = []
        for index, seqs in enumerate(found):
            previous = found[index - 1] if index else ()
            forward = self._consecutive(index - 1) if index else {}
            links = [link for seq in previous for link in forward.get(seq, ())]
            steps.append(self._step(index, seqs, previous, links))
        fate = Fate(self._refs[edition][_seq(section)], edition, tuple(steps))
        if fate.dropped_in is None:
            return fate
        last = fate.last_edition
        return Fate(fate.section, fate.edition, fate.steps, self._return(last, found[last]))

    def _return(self, edition: int, seqs: tuple[int, ...]) -> Return | None:
        """The first later, non-adjacent edition whose alignment with ``edition`` links ``seqs`` to sections new there."""
        for later in range(edition + 2, self.editions):
            index = self._index.get((edition, later))
            if index is None:
                continue
            new_there = {_seq(section) for section in self.starts(later)}
            links = [link for seq in seqs for link in index.get(seq, ())
                     if all(_seq(new) in new_there for new in link.new)]
            if links:
                best = max(links, key=lambda link: (link.score, -_seq(link.new[0])))
                return Return(later, self._refs[later][_seq(best.new[0])], round(best.score, 4), best.matched_by)
        return None

    def pair_summary(self, old: int, new: int) -> PairSummary:
        """The section links of one aligned pair, counted by kind."""
        counts = {kind: 0 for kind in LINK_KINDS}
        for link in self.links(old, new):
            counts[link.kind] = counts.get(link.kind, 0) + 1
        return PairSummary(old, new, tuple(counts.items()))

    def pair_summaries(self) -> tuple[PairSummary, ...]:
        """Every consecutive pair's counts, oldest first."""
        return tuple(self.pair_summary(old, old + 1) for old in range(self.editions - 1))
