"""Line up two editions: sections first, then the paragraphs inside and across them.

Sections
    Every pair of sections gets a score from heading similarity (rapidfuzz on
    the titles without their "Chapter 3:" labels) and content similarity (the
    overlap of word 3-gram "shingles" of their text). The one-to-one links are a
    maximum-weight assignment over all plausible pairs (``assignment.py``), not
    first-come matching. A section left over whose text sits inside a linked
    section is a split (1→n) or merge (n→1) part. Order decides moves: among
    sections whose parents are linked to each other, those outside the longest
    run kept in order are moved, and so is a section that went under another
    kept section. A section whose heading level changed while it kept its place
    in the document's order (its container dissolved, added, or its level re-set)
    is promoted or demoted, not moved.

Paragraphs
    Inside each section link, identical paragraphs that occur once on each side
    anchor the alignment (patience-style); between anchors a weighted longest
    common subsequence pairs similar paragraphs in order. Paragraphs still
    unpaired are then matched across the whole document: those are moved text.
    Footnote bodies are one stream of their own, aligned over the whole document:
    they print at the foot of whatever page their marker fell on, so the section
    they land in is layout, and a footnote never "moves".
    Numbers play no part in matching — editions renumber — but the pairs give the
    renumbering (old number → new number) that bookkeeping detection needs.

Every link records its score and what matched it.

Among chosen sections
    ``align_among`` links only chosen sections of each edition (the trees cut down to
    them) and gives sections only, no paragraphs: cheap enough to look, between two
    editions that are not neighbours, for sections one dropped and the other has new
    (``history``, through ``lineage.chain``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from guidediff.assignment import max_weight_matching
from guidediff.document import Block, BlockKind, Document
from guidediff.renumbering import NumberingMap, numbering_map
from guidediff.structure import Section, build_tree
from guidediff.textdiff import normalise, same_words, words_key
from guidediff.titles import WORD, fold_title


class SectionKind(StrEnum):
    """How a section of one edition became sections of the other (a ``SectionLink``'s kind)."""

    MATCHED = "matched"  # the same section; its text may have changed
    RENAMED = "renamed"
    RENUMBERED = "renumbered"
    MOVED = "moved"  # to a new parent, or a new place among its neighbours (``flags`` say which)
    REPLACED = "replaced"  # the same place (or role), rewritten: little of the old text lives on
    PROMOTED = "promoted"  # its heading now sits a level higher, in the same place among the others
    DEMOTED = "demoted"  # a level lower, in the same place
    SPLIT = "split"  # one old section became several
    MERGED = "merged"  # several old sections became one
    ADDED = "added"
    REMOVED = "removed"


class ParagraphKind(StrEnum):
    """How a paragraph of one edition is found in the other (a ``ParagraphLink``'s kind)."""

    SAME = "same"  # the same text (maybe re-flowed, renumbered): not a change
    MODIFIED = "modified"
    MOVED = "moved"  # to another section
    SPLIT = "split"  # one old paragraph printed as several consecutive new ones (``new_extra``)
    MERGED = "merged"  # several consecutive old paragraphs printed as one (``old_extra``)
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Thresholds of the aligner (all similarities in [0, 1])."""

    heading_cutoff: float = 0.8  # titles at least this similar can link on the heading alone
    content_cutoff: float = 0.25  # shingle overlap at which content alone can link two sections
    same_heading: float = 0.95  # titles this similar link full sections on little shared text (any difference is a rename)
    heading_content_floor: float = 0.2  # shingle overlap a merely similar (not same) title needs beside it
    split_containment: float = 0.5  # share of a leftover section's shingles found in its split/merge partner
    paragraph_cutoff: float = 0.55  # paragraphs at least this similar pair up inside linked sections
    moved_cutoff: float = 0.75  # paragraphs at least this similar pair up across sections (moved text)
    footnote_cutoff: float = 0.85  # footnote bodies (short, formulaic citations) at least this similar pair up
    shingle_size: int = 3
    stock_phrase_sections: int = 5  # a shingle in more new sections than this proposes no pair (see _content_overlaps)
    min_content_words: int = 12  # below this a section's own text is too thin to judge; its subtree's is used
    rewritten_in_place: bool = True  # the same unique title in the same place links on no shared text (replaced)
    container_cutoff: float = 0.05  # subtree Dice at which two unlinked sections can link as one rewritten section
    container_margin: float = 1.5  # ...when it is this many times the next best pair of either
    leaf_share: float = 0.4  # two unlinked sections without sub-sections need this share of content_cutoff
    replaced_below: float = 0.16  # a link carrying less of its old text than this (SectionLink.share): replaced


DEFAULT_OPTIONS = AlignOptions()


@dataclass(frozen=True, slots=True)
class SectionLink:
    """How sections of the old edition correspond to sections of the new one."""

    kind: SectionKind
    old: tuple[Section, ...]
    new: tuple[Section, ...]
    score: float
    matched_by: str  # heading | content | heading+content | subtree | none
    flags: tuple[str, ...] = ()  # every change that applies (a renamed section can also have moved)
    share: float | None = None  # the share of the old sections' text (word triples, sub-sections included) in the new


@dataclass(frozen=True, slots=True)
class ParagraphLink:
    """A paragraph of the old edition and its counterpart in the new one (either may be None)."""

    old: Block | None
    new: Block | None
    kind: ParagraphKind
    similarity: float
    old_section: Section | None
    new_section: Section | None
    matched_by: str = ""  # anchor | sequence | moved | in-place | resegmented | page-break | none
    old_extra: tuple[Block, ...] = ()  # a merge's further old paragraphs (with ``old``, in reading order)
    new_extra: tuple[Block, ...] = ()  # a split's further new paragraphs

    @property
    def old_blocks(self) -> tuple[Block, ...]:
        """Every old block of the link, in reading order."""
        blocks = ((self.old,) if self.old is not None else ()) + self.old_extra
        return tuple(sorted(blocks, key=lambda block: block.seq))

    @property
    def new_blocks(self) -> tuple[Block, ...]:
        blocks = ((self.new,) if self.new is not None else ()) + self.new_extra
        return tuple(sorted(blocks, key=lambda block: block.seq))


@dataclass(frozen=True)
class Alignment:
    old: Document
    new: Document
    old_tree: Section
    new_tree: Section
    sections: tuple[SectionLink, ...]
    paragraphs: tuple[ParagraphLink, ...]
    renumbering: NumberingMap  # which cited numbers correspond (paragraphs per numbering scope, pages, sections)
    options: AlignOptions = DEFAULT_OPTIONS


# --- text helpers ------------------------------------------------------------------

def _words(text: str) -> list[str]:
    """A passage's words, as its title's are (``titles.WORD``), through the differ's normaliser."""
    return WORD.findall(normalise(text).casefold())


def _shingles(words: list[str], size: int) -> frozenset[str]:
    # Joined strings rather than hash() values: Python's string hashing changes with
    # PYTHONHASHSEED, and the aligner's output must not.
    if len(words) < size:
        return frozenset({" ".join(words)}) if words else frozenset()
    return frozenset(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


# A heading that names the document itself names it by its genre, and the genre changes between
# editions: Information Sharing 2008's "Who is this guidance for?" is 2015's "Who is this advice
# for?", and a privacy policy becomes a privacy notice. "this <genre>" compares as one phrase.
_SELF_REFERENCE = re.compile(r"\bthis (?:guidance|advice|document|publication|guide|handbook|notice|policy|"
                             r"booklet|leaflet)\b")


def _fold_title(section: Section) -> str:
    return _SELF_REFERENCE.sub("this document", fold_title(section.title or section.heading))


def _body_blocks(section: Section) -> list[Block]:
    return [block for block in section.blocks if block.kind is not BlockKind.HEADING]


# --- sections ----------------------------------------------------------------------

@dataclass(slots=True)
class _Node:
    """A section with what the aligner needs to know about it."""

    index: int
    section: Section
    parent: int | None
    title: str
    shingles: frozenset[str]
    words: int
    sequence: tuple[str, ...] = ()  # its shingles in reading order (to tell one shared passage from several)
    title_words: frozenset[str] = frozenset()  # the title's content words
    repeats: int = 1  # sections of its edition with the same title ("Introduction", "More details…")
    subtree: bool = False  # its content is its subtree's (its own text is too thin to judge)


# Words that frame a title without saying what it is about ("Processes for managing individual cases").
_TITLE_FRAME = frozenset("a an the of and or to for in on at by with from into your our its their this these "
                         "that what how who why when is are be do does".split())


def _sequence(words: list[str], size: int) -> tuple[str, ...]:
    if len(words) < size:
        return (" ".join(words),) if words else ()
    return tuple(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


def _nodes(tree: Section, options: AlignOptions) -> list[_Node]:
    nodes: list[_Node] = []

    def visit(section: Section, parent: int | None) -> None:
        index = len(nodes)
        own = _words(" ".join(block.text for block in _body_blocks(section)))
        subtree = len(own) < options.min_content_words
        if subtree:
            # A chapter heading followed straight by its sections: its content is its subtree.
            own = _words(" ".join(block.text for block in section.all_blocks() if block.kind is not BlockKind.HEADING))
        title = _fold_title(section)
        sequence = _sequence(own, options.shingle_size)
        nodes.append(_Node(index, section, parent, title, frozenset(sequence), len(own), sequence,
                           frozenset(title.split()) - _TITLE_FRAME, subtree=subtree))
        for child in section.children:
            visit(child, index)

    visit(tree, None)
    counts: dict[str, int] = defaultdict(int)
    for node in nodes[1:]:  # the root is the document, titled as its cover says: no section repeats it
        counts[node.title] += 1
    for node in nodes:
        node.repeats = counts[node.title]
    return nodes


def _content_overlaps(old: list[_Node], new: list[_Node], options: AlignOptions) -> dict[tuple[int, int], int]:
    """Shared shingle counts for every pair that shares a shingle that is not a stock phrase.

    Pairs are proposed through an inverted index; a shingle found in more than
    ``stock_phrase_sections`` sections of the new edition ("local authorities
    should") proposes none, or every section would meet every other and the cost
    would grow with the square of the document. Text a section keeps is full of
    shingles found nowhere else, so its true partners are still proposed. The
    count of a proposed pair is exact: stock phrases count there like any other
    shingle (and ``_pair_scores`` counts pairs proposed by their titles alone).
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for node in new:
        for shingle in node.shingles:
            postings[shingle].append(node.index)
    proposed: set[tuple[int, int]] = set()
    for node in old:
        for shingle in node.shingles:
            others = postings.get(shingle, ())
            if len(others) <= options.stock_phrase_sections:
                proposed.update((node.index, other) for other in others)
    return {(i, j): len(old[i].shingles & new[j].shingles) for i, j in sorted(proposed)}


def _dice(shared: int, a: _Node, b: _Node) -> float:
    total = len(a.shingles) + len(b.shingles)
    return 2 * shared / total if total else 0.0


def _heading_similarity(a: _Node, b: _Node) -> float:
    """Title similarity in [0, 1]: ``fuzz.ratio``, or a frame-tolerant score when one title holds the other's words.

    "Managing individual cases" / "Processes for managing individual cases" is 0.78 by
    ``fuzz.ratio``; every content word of the shorter title is in the longer one, so it
    scores 0.8 plus up to 0.1 for the share of the longer title's words it covers.
    """
    if not a.title or not b.title:
        return 0.0
    ratio = fuzz.ratio(a.title, b.title) / 100
    shorter, longer = sorted((a.title_words, b.title_words), key=len)
    if shorter and shorter <= longer:
        ratio = max(ratio, 0.8 + 0.1 * len(shorter) / len(longer))
    return ratio


def _passages(a: _Node, b: _Node) -> tuple[int, int]:
    """(passages of at least three shingles in a row that ``a`` shares with ``b``, the longest one's length)."""
    count = longest = run = 0
    for shingle in (*a.sequence, None):
        if shingle is not None and shingle in b.shingles:
            run += 1
            continue
        if run >= 3:
            count += 1
        longest = max(longest, run)
        run = 0
    return count, longest


def _one_passage(a: _Node, b: _Node) -> bool:
    """Whether what two sections share is one passage (a sentence) covering less than 40% of the larger.

    Passages are counted on both sides and the fewer count: a stock phrase that one
    section repeats ("safeguard and promote the welfare of children") is not a second
    shared sentence.
    """
    count_a, longest = _passages(a, b)
    count_b, _ = _passages(b, a)
    return min(count_a, count_b) <= 1 and longest < 0.4 * max(len(a.sequence), len(b.sequence))


def _same_place(old: list[_Node], new: list[_Node], a: _Node, b: _Node) -> bool:
    """Whether two sections sit under parents with the same title, or one of them at the top level.

    "2. Account Registration" of Firefox Hello's terms sat under a "Terms of Service"
    heading, which the new edition dropped: the same place. Two sections of different
    chapters are not.
    """
    old_parent = old[a.parent] if a.parent is not None else None
    new_parent = new[b.parent] if b.parent is not None else None
    if old_parent is None or new_parent is None:
        return old_parent is new_parent
    return (old_parent.index == 0 or new_parent.index == 0
            or _heading_similarity(old_parent, new_parent) >= 0.8  # "Terms of Service" / "Firefox Hello Terms of Service"
            or _opens(old, old_parent) and _opens(new, new_parent))


def _opens(nodes: list[_Node], node: _Node) -> bool:
    """Whether ``node`` is the first top-level section of its edition: the front matter, whatever it is called.

    Information Sharing 2008 opens with "Introduction › Who is this guidance for?", 2015 with
    "About this advice › Who is this advice for?": the same place.
    """
    return node.parent == 0 and node.index == 1


def _pair_scores(old: list[_Node], new: list[_Node], shared: dict[tuple[int, int], int],
                 options: AlignOptions) -> dict[tuple[int, int], tuple[float, str]]:
    """Score and evidence for every plausible pair (roots excluded: they always link).

    Evidence for a link: shared text (``content_cutoff``), or a similar title with some
    shared text beside it, or the same title when neither edition repeats it (a section
    rewritten under its old heading). A title repeated in an edition ("Introduction",
    "More details, including how to adjust your data settings:") links nothing alone,
    and shared text that is one passage (a sentence) links nothing without the title.
    """
    candidates: set[tuple[int, int]] = {pair for pair in shared if pair[0] and pair[1]}
    new_titles = [node.title for node in new[1:]]
    for node in old[1:]:
        if not node.title:
            continue
        for _, score, position in process.extract(node.title, new_titles, scorer=fuzz.ratio, limit=None,
                                                  score_cutoff=options.heading_cutoff * 100):
            candidates.add((node.index, position + 1))
    # Titles that hold all of another's content words ("Summary" / "Executive Summary").
    by_word: dict[str, list[int]] = defaultdict(list)
    for node in new[1:]:
        for word in node.title_words:
            by_word[word].append(node.index)
    for node in old[1:]:
        if node.title_words:
            found = [set(by_word.get(word, ())) for word in node.title_words]
            candidates.update((node.index, j) for j in set.intersection(*found))
            for word in node.title_words:
                candidates.update((node.index, j) for j in by_word.get(word, ()) if new[j].title_words <= node.title_words)
    scores: dict[tuple[int, int], tuple[float, str]] = {}
    for i, j in sorted(candidates):
        a, b = old[i], new[j]
        heading = _heading_similarity(a, b)
        unique = a.repeats == 1 and b.repeats == 1
        heading_evidence = heading if unique else min(heading, options.heading_cutoff - 0.01)
        common = shared[(i, j)] if (i, j) in shared else len(a.shingles & b.shingles)  # proposed by title alone
        content = _dice(common, a, b)
        thin = min(a.words, b.words) < options.min_content_words
        if thin:
            score, good = 0.7 * heading + 0.3 * content, heading_evidence >= options.heading_cutoff
        else:
            score = 0.7 * content + 0.3 * heading
            # A title that is only similar ("Neglect for voluntary organisations" / "Online safety for
            # voluntary organisations") links two full sections only if their text agrees too.
            # A title holding all of the other's words ("What is abuse and neglect?" / "Understanding and
            # identifying abuse and neglect"), in the same place, needs as little shared text as the same title.
            shorter_title = min(a.title_words, b.title_words, key=len)
            contained = (len(shorter_title) >= 2 and (a.title_words <= b.title_words or b.title_words <= a.title_words)
                         and _same_place(old, new, a, b))
            floor = 0.05 if heading >= options.same_heading or contained else options.heading_content_floor
            rewritten_in_place = (options.rewritten_in_place and unique and a.title == b.title
                                  and _same_place(old, new, a, b))
            by_heading = heading_evidence >= options.heading_cutoff and (content >= floor or rewritten_in_place)
            by_content = content >= options.content_cutoff and not (heading_evidence < options.heading_cutoff
                                                                      and _one_passage(a, b))
            good = by_heading or by_content
        if not good:
            continue
        if a.section.level != b.section.level:
            score -= 0.05  # a chapter becoming a sub-section happens, but less often than staying put
        evidence = ("heading+content" if heading_evidence >= options.heading_cutoff and content >= options.content_cutoff
                    else "heading" if heading_evidence >= options.heading_cutoff else "content")
        scores[(i, j)] = (max(score, 0.001), evidence)
    return scores


def _heaviest_increasing(values: list[int], weights: list[int]) -> set[int]:
    """Positions (in ``values``) of a non-decreasing subsequence with the largest total weight.

    Dynamic programming with a Fenwick tree of best totals over the ranks of the values:
    O(n log n). Ties go to the earliest positions, so the result is deterministic.
    """
    ranks = {value: rank + 1 for rank, value in enumerate(sorted(set(values)))}
    size = len(ranks)
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # (best total, its last position) per Fenwick node
    best: list[int] = [0] * len(values)
    previous: list[int] = [-1] * len(values)
    for position, value in enumerate(values):
        rank, found = ranks[value], (0, -1)
        while rank > 0:  # the best total of a run ending at a value <= this one
            if tree[rank][0] > found[0]:
                found = tree[rank]
            rank -= rank & -rank
        best[position], previous[position] = found[0] + weights[position], found[1]
        rank = ranks[value]
        while rank <= size:
            if best[position] > tree[rank][0]:
                tree[rank] = (best[position], position)
            rank += rank & -rank
    kept: set[int] = set()
    position = max(range(len(values)), key=lambda p: (best[p], -p), default=-1)
    while position != -1:
        kept.add(position)
        position = previous[position]
    return kept


def _rare(old: list[_Node], new: list[_Node], old_text: list[frozenset[str]], new_text: list[frozenset[str]],
          options: AlignOptions) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Subtree shingles without the stock phrases: those in the own text of many sections of the two editions.

    Rewritten sections that share only "local authorities should ensure that" share
    nothing. Counted over each section's own text, so that nesting does not make a
    phrase look common.
    """
    frequency: dict[str, int] = defaultdict(int)
    for node in (*old[1:], *new[1:]):
        if not node.subtree:
            for shingle in node.shingles:
                frequency[shingle] += 1
    stock = {shingle for shingle, count in frequency.items() if count > 2 * options.stock_phrase_sections}
    return [text - stock for text in old_text], [text - stock for text in new_text]


def _subtree_shingles(nodes: list[_Node], options: AlignOptions) -> list[frozenset[str]]:
    """Each section's word triples, its sub-sections' included: its own text's, joined up the tree.

    Built bottom-up from each section's own text, so each block is read once; the few
    triples that would straddle a sub-section's heading are left out.
    """
    found: list[frozenset[str]] = []
    for node in nodes:
        if node.subtree and node.section.children:
            found.append(frozenset())  # its own text is thin: its sub-sections give its triples below
        else:
            found.append(node.shingles)
    for node in reversed(nodes):  # preorder reversed: children before their parent
        if node.parent is not None:
            found[node.parent] = found[node.parent] | found[node.index]
    return found


def _inside(nodes: list[_Node], position: int | None, ancestor: int) -> bool:
    while position is not None:
        if position == ancestor:
            return True
        position = nodes[position].parent
    return False


def _nested(nodes: list[_Node], a: int, b: int) -> bool:
    """Whether one of two sections of an edition lies inside the other (or they are one)."""
    return _inside(nodes, a, b) or _inside(nodes, b, a)


def _top(nodes: list[_Node], position: int) -> int:
    while nodes[position].parent not in (None, 0):
        position = nodes[position].parent  # type: ignore[assignment]
    return position


def _scattered(side: list[_Node], other: list[_Node], i: int, j: int, partner: dict[int, int]) -> bool:
    """Whether ``side[i]``'s linked descendants mostly lie outside ``other[j]`` and in several other places.

    A wrapper such as "Part 1: Statutory Guidance" shares text with whichever new chapter
    its old chapters became, but its chapters went to many places: it is no chapter of
    the new edition. A chapter whose one sub-section went to an appendix (Working
    Together 2010's "Key definitions" became the 2013 Glossary) is still its chapter.
    """
    total = inside = 0
    elsewhere: set[int] = set()
    for node in side[i + 1:]:
        if not _inside(side, node.parent, i):
            break  # preorder: the subtree of i is the run of nodes after it
        if node.index in partner:
            weight = max(node.words, 1)
            total += weight
            if _inside(other, partner[node.index], j):
                inside += weight
            else:
                elsewhere.add(_top(other, partner[node.index]))
    return bool(total) and inside < 0.5 * total and len(elsewhere) > 1


def _rewritten_containers(old: list[_Node], new: list[_Node], partner: dict[int, int], reverse: dict[int, int],
                          old_text: list[frozenset[str]], new_text: list[frozenset[str]], folded_old: set[int],
                          folded_new: set[int], options: AlignOptions) -> list[tuple[int, int, float]]:
    """Sections left unlinked whose whole subtrees' text clearly agrees: a rewritten chapter is still that chapter.

    A parent's link weighs its children's. Chapter 2 of Working Together 2010 and of
    2013 share little word for word (Dice 0.19 over their subtrees), but far more than
    either shares with any other chapter, and the sub-sections that did link lie inside
    them. A pair of unlinked sections is linked when its subtree Dice is at least
    ``container_cutoff`` (stock phrases left out), at least ``container_margin`` times
    the next best pair of either (among the unlinked, nested sections aside), and the
    linked descendants of neither are scattered elsewhere (``_scattered``). Two sections without
    sub-sections (either of them) need parents that agree, ``leaf_share`` of
    ``content_cutoff`` and more than one shared sentence. Best pairs first.
    """
    old_rare, new_rare = old_text, new_text
    postings: dict[str, list[int]] = defaultdict(list)
    for j in range(1, len(new)):
        if j not in reverse and j not in folded_new:
            for shingle in new_rare[j]:
                postings[shingle].append(j)
    dice: dict[tuple[int, int], float] = {}
    for i in range(1, len(old)):
        if i in partner or i in folded_old or not old_rare[i]:
            continue
        counts: dict[int, int] = defaultdict(int)
        for shingle in old_rare[i]:
            for j in postings.get(shingle, ()):
                counts[j] += 1
        for j, common in counts.items():
            dice[(i, j)] = 2 * common / (len(old_rare[i]) + len(new_rare[j]))
    found: list[tuple[int, int, float]] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for (i, j), value in sorted(dice.items(), key=lambda item: (-item[1], item[0])):
        if value < options.container_cutoff:
            break
        if i in taken_old or j in taken_new:
            continue
        if not (old[i].section.children and new[j].section.children):
            # Two leaf sections need more text in common than two chapters, more than a sentence, and
            # parents that agree (linked to each other, or a container dissolved or added around them).
            old_parent, new_parent = old[i].parent, new[j].parent
            forward = {**partner, **{a: b for a, b, _ in found}}
            backward = {**reverse, **{b: a for a, b, _ in found}}
            crossing = ((old_parent in forward and forward[old_parent] != new_parent)  # type: ignore[index]
                        or (new_parent and new_parent in backward and backward[new_parent] != old_parent))
            if crossing or value < options.content_cutoff * options.leaf_share or _one_passage(old[i], new[j]):
                continue
        # The next best pair of either, leaving out the sections nested in (or around) them, which
        # share their text by construction.
        runner_up = max((other for (a, b), other in dice.items()
                         if (a == i and b not in taken_new and not _nested(new, b, j))
                         or (b == j and a not in taken_old and not _nested(old, a, i))), default=0.0)
        if value < options.container_margin * runner_up:
            continue
        links = {**partner, **{a: b for a, b, _ in found}}
        backward = {**reverse, **{b: a for a, b, _ in found}}
        if _scattered(old, new, i, j, links) or _scattered(new, old, j, i, backward):
            continue
        found.append((i, j, round(value, 4)))
        taken_old.add(i)
        taken_new.add(j)
    return found


def _longest_increasing(values: list[int], strict: bool = True) -> set[int]:
    """Positions (in ``values``) of one longest strictly increasing (else non-decreasing) subsequence."""
    tails: list[int] = []
    tail_positions: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect_left(tails, value) if strict else bisect_right(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[slot] = value
            tail_positions[slot] = position
        previous[position] = tail_positions[slot - 1] if slot else -1
    kept: set[int] = set()
    position = tail_positions[-1] if tail_positions else -1
    while position != -1:
        kept.add(position)
        position = previous[position]
    return kept


def align_sections(old_tree: Section, new_tree: Section, options: AlignOptions = DEFAULT_OPTIONS) -> tuple[SectionLink, ...]:
    old = _nodes(old_tree, options)
    new = _nodes(new_tree, options)
    shared = _content_overlaps(old, new, options)
    scores = _pair_scores(old, new, shared, options)
    pairs = max_weight_matching({pair: score for pair, (score, _) in scores.items()})
    pairs = _keep_unchanged_titles(old, new, pairs, scores)
    partner = {i: j for i, j in pairs}
    reverse = {j: i for i, j in pairs}
    partner[0], reverse[0] = 0, 0  # the front matter of one edition is the front matter of the other
    raw_old, raw_new = _subtree_shingles(old, options), _subtree_shingles(new, options)
    old_text, new_text = _rare(old, new, raw_old, raw_new, options)
    merge_parts: dict[int, list[int]] = {}
    split_parts: dict[int, list[int]] = {}
    _fold_in_neighbours(old, new, partner, merge_parts, old_text, new_text, options)
    _fold_in_neighbours(new, old, reverse, split_parts, new_text, old_text, options)
    folded_old = {k for found in merge_parts.values() for k in found}
    folded_new = {k for found in split_parts.values() for k in found}
    for i, j, score in _rewritten_containers(old, new, partner, reverse, old_text, new_text, folded_old, folded_new,
                                             options):
        pairs.append((i, j))
        partner[i], reverse[j] = j, i
        scores[(i, j)] = (score, "subtree")
    if options.rewritten_in_place:
        for i, j in _namesakes_in_place(old, new, partner, reverse, folded_old, folded_new):
            pairs.append((i, j))
            partner[i], reverse[j] = j, i
            scores[(i, j)] = (0.7 + 0.3 * _dice(len(old[i].shingles & new[j].shingles), old[i], new[j]), "heading")
    _fold_in_neighbours(old, new, partner, merge_parts, old_text, new_text, options)  # beside the links just made
    _fold_in_neighbours(new, old, reverse, split_parts, new_text, old_text, options)
    folded_old = {k for found in merge_parts.values() for k in found}
    folded_new = {k for found in split_parts.values() for k in found}
    contained_splits, contained_merges = _splits_and_merges(old, new, partner, reverse, shared, folded_old, folded_new,
                                                            options)
    for found, more in ((split_parts, contained_splits), (merge_parts, contained_merges)):
        for host, parts in more.items():
            found.setdefault(host, []).extend(parts)
    old_to_new = {**{k: j for j, parts in merge_parts.items() for k in parts}, **partner}
    new_to_old = {**{j: i for i, parts in split_parts.items() for j in parts}, **reverse}
    placed = _placement(old, new, old_to_new, new_to_old)

    links: list[SectionLink] = []
    for i, j in sorted(pairs, key=lambda pair: pair[1]):
        a, b = old[i], new[j]
        score, evidence = scores[(i, j)]
        extra_new = tuple(new[k].section for k in split_parts.get(i, ()))
        extra_old = tuple(old[k].section for k in merge_parts.get(j, ()))
        flags = _flags(a, b, options, placed.get(j, ()))
        olds, news = [i, *merge_parts.get(j, ())], [j, *split_parts.get(i, ())]
        carried = frozenset().union(*(raw_old[k] for k in olds))
        share = len(carried & frozenset().union(*(raw_new[k] for k in news))) / len(carried) if carried else None
        if share is not None and share < options.replaced_below and _judgeable(olds, news, old, new, options):
            flags += ("replaced",)
        if extra_new:
            kind, flags = SectionKind.SPLIT, ("split",) + flags
        elif extra_old:
            kind, flags = SectionKind.MERGED, ("merged",) + flags
        else:
            kind = SectionKind(next((flag for flag in ("replaced", "moved", "renamed", "promoted", "demoted", "renumbered")
                                     if flag in flags), "matched"))
        links.append(SectionLink(kind, _in_reading_order((a.section,) + extra_old),
                                 _in_reading_order((b.section,) + extra_new), round(score, 4), evidence, flags,
                                 round(share, 4) if share is not None else None))
    used_new = set(reverse) | {k for parts in split_parts.values() for k in parts}
    used_old = set(partner) | {k for parts in merge_parts.values() for k in parts}
    for node in new[1:]:
        if node.index not in used_new:
            links.append(SectionLink(SectionKind.ADDED, (), (node.section,), 0.0, "none"))
    for node in old[1:]:
        if node.index not in used_old:
            links.append(SectionLink(SectionKind.REMOVED, (node.section,), (), 0.0, "none", share=0.0))
    return tuple(links)


def _keep_unchanged_titles(old: list[_Node], new: list[_Node], pairs: list[tuple[int, int]],
                           scores: dict[tuple[int, int], tuple[float, str]]) -> list[tuple[int, int]]:
    """The matching, with a section whose heading is printed unchanged on both sides linked to its namesake.

    A page dropped or added between editions takes one section's end and the next one's
    heading with it: the Northamptonshire missing-children protocol less its page 8 runs
    "2. KEY CONTACTS" on into what was the text of "3. OVERVIEW …", so that text outweighs
    the contacts' own and the matching links the old "3. OVERVIEW" to the new "2. KEY
    CONTACTS" as a rename, leaving the old "2. KEY CONTACTS" removed. Where a link renames
    a section while the other edition has a section of exactly that number and title
    (``_namesake_key``: found once on each side, no link of its own, and a pair that passed
    ``_pair_scores`` on its own evidence), the namesakes link and the renamed partner is
    left to be folded in as the part of the section that took its text
    (``_splits_and_merges``). Unlinked sections are indexed by that key, so the pass is
    linear in the sections.
    """
    def unlinked(nodes: list[_Node], linked: set[int]) -> dict[_NamesakeKey, list[int]]:
        found: dict[_NamesakeKey, list[int]] = defaultdict(list)
        for node in nodes[1:]:
            key = _namesake_key(node)
            if key is not None and node.index not in linked:
                found[key].append(node.index)
        return found

    def claim(free: dict[_NamesakeKey, list[int]], key: _NamesakeKey | None,
              scored: Callable[[int], bool]) -> int | None:
        """The first free section under ``key`` whose pair passed the evidence test, taken off the free list."""
        candidates = free.get(key, []) if key is not None else []
        found = next((k for k in candidates if scored(k)), None)
        if found is not None:
            candidates.remove(found)
        return found

    def release(free: dict[_NamesakeKey, list[int]], node: _Node) -> None:
        key = _namesake_key(node)
        if key is not None:
            insort(free[key], node.index)

    free_old = unlinked(old, {i for i, _ in pairs})
    free_new = unlinked(new, {j for _, j in pairs})
    kept: list[tuple[int, int]] = []
    for i, j in pairs:
        a, b = old[i], new[j]
        if same_words(a.title, b.title):
            kept.append((i, j))
        elif (k := claim(free_old, _namesake_key(b), lambda k, j=j: (k, j) in scores)) is not None:
            kept.append((k, j))
            release(free_old, a)
        elif (k := claim(free_new, _namesake_key(a), lambda k, i=i: (i, k) in scores)) is not None:
            kept.append((i, k))
            release(free_new, b)
        else:
            kept.append((i, j))
    return kept


_NamesakeKey = tuple[str, tuple[str, tuple[str, ...]]]  # (number, the title's words_key)


def _namesake_key(node: _Node) -> _NamesakeKey | None:
    """Number and title's words of a section found once in its edition ("2. KEY CONTACTS"); None for a repeated title.

    Sections with equal keys are namesakes. The number must agree too: Working Together
    2010's unnumbered "Glossary" is not the 2013 "Appendix A: Glossary", which took its
    text from 2010's "Key definitions".
    """
    return (node.section.label or "", words_key(node.title)) if node.repeats == 1 else None


def _namesakes_in_place(old: list[_Node], new: list[_Node], partner: dict[int, int], reverse: dict[int, int],
                        folded_old: set[int], folded_new: set[int]) -> list[tuple[int, int]]:
    """Unlinked sections under linked parents that bear the same title in the same order among their siblings.

    A title its edition repeats links nothing alone (``_pair_scores``): "Child's
    developmental needs" heads a column of every indicator table in Oxfordshire's
    threshold document, each such section holding no text of its own. Nothing else can
    link them, so the document compared with itself reported six sections removed and six
    added. Under a parent linked to the other's parent, the same title in the same order
    (the longest common run of titles among the unlinked children) is the same section.
    """
    def leftovers(nodes: list[_Node], linked: dict[int, int], folded: set[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for node in nodes[1:]:
            if node.index not in linked and node.index not in folded and node.parent in linked and node.title:
                found[node.parent].append(node.index)  # type: ignore[index]
        return found

    old_left, new_left = leftovers(old, partner, folded_old), leftovers(new, reverse, folded_new)
    found: list[tuple[int, int]] = []
    for parent, olds in sorted(old_left.items()):
        news = new_left.get(partner[parent], [])
        if not news:
            continue
        matcher = SequenceMatcher(None, [old[i].title for i in olds], [new[j].title for j in news], autojunk=False)
        for block in matcher.get_matching_blocks():
            found.extend((olds[block.a + k], news[block.b + k]) for k in range(block.size))
    return found


def _judgeable(olds: list[int], news: list[int], old: list[_Node], new: list[_Node], options: AlignOptions) -> bool:
    """Whether a link's sections have text enough (twice ``min_content_words`` a side) to call one a rewrite."""
    old_words = sum(old[i].words for i in olds if not old[i].subtree) or max(old[i].words for i in olds)
    new_words = sum(new[j].words for j in news if not new[j].subtree) or max(new[j].words for j in news)
    return min(old_words, new_words) >= 2 * options.min_content_words


def _fold_in_neighbours(side: list[_Node], other: list[_Node], partner: dict[int, int], parts: dict[int, list[int]],
                        side_text: list[frozenset[str]], other_text: list[frozenset[str]], options: AlignOptions) -> None:
    """Unlinked sections folded, with a linked neighbour, into that neighbour's partner (added to ``parts``).

    Working Together 2013 has one "Summary" where 2010 had an Executive Summary and a
    Preface: the Preface links to the Summary by its text, and the Executive Summary, its
    neighbour, goes with it because the Summary's title is in its own ("Working Together
    to Safeguard Children: Executive Summary"), its title is found once in its edition,
    and they share some text (half ``container_cutoff``, stock phrases left out).
    """
    folded = {k for found in parts.values() for k in found}
    for node in side[1:]:
        if node.index in partner or node.index in folded or node.parent is None:
            continue
        siblings = [child for child in side if child.parent == node.parent]
        at = siblings.index(node)
        for neighbour in (siblings[at - 1] if at else None, siblings[at + 1] if at + 1 < len(siblings) else None):
            if neighbour is None or neighbour.index not in partner:
                continue
            host = partner[neighbour.index]
            # The host's title in its own ("…: Executive Summary" / "Summary"), unless the neighbour's title is in
            # it too: then it is a stem its edition repeats ("Local criteria for action" / "… in practice").
            titles = (node.title_words and other[host].title_words and other[host].title_words <= node.title_words
                      and not neighbour.title_words <= node.title_words)
            text = side_text[node.index]
            shared = 2 * len(text & other_text[host]) / max(1, len(text) + len(other_text[host]))
            if titles and node.repeats == 1 and shared >= options.container_cutoff / 2:
                parts.setdefault(host, []).append(node.index)
                folded.add(node.index)
                break


def _in_reading_order(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    return tuple(sorted(sections, key=lambda section: section.heading_block.seq if section.heading_block else -1))


def _flags(a: _Node, b: _Node, options: AlignOptions, placed: tuple[str, ...]) -> tuple[str, ...]:
    flags = list(placed)
    # A change of words in the title is a rename ("To serve relevant content" -> "Serve relevant content");
    # the same words in another case or punctuation ("Your choices:" -> "Your choices", "Lawful Bases" ->
    # "Lawful bases") are not: the heading's own change, at level minor, reports them once.
    # ``same_heading`` only helps link the two sections.
    old_title, new_title = a.section.title or a.section.heading, b.section.title or b.section.heading
    if not same_words(old_title, new_title):
        flags.append("renamed")
    elif (a.section.label or "") != (b.section.label or ""):
        flags.append("renumbered")
    return tuple(flags)


def _splits_and_merges(
    old: list[_Node], new: list[_Node], partner: dict[int, int], reverse: dict[int, int],
    shared: dict[tuple[int, int], int], folded_old: set[int], folded_new: set[int], options: AlignOptions
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Leftover sections (not linked, not folded in already) whose text sits inside a linked section:
    split parts and merge parts."""
    split_parts: dict[int, list[int]] = defaultdict(list)
    merge_parts: dict[int, list[int]] = defaultdict(list)
    for node in new[1:]:
        if node.index in reverse or node.index in folded_new or not node.shingles:
            continue
        host = _container(node, old, [(shared.get((i, node.index), 0), i) for i in partner
                                      if i and not _is_ancestor_pair(old, new, i, partner[i], node.index)],
                          reverse.get(node.parent) if node.parent is not None else None, options)
        if host is not None:
            split_parts[host].append(node.index)
    for node in old[1:]:
        if node.index in partner or node.index in folded_old or not node.shingles:
            continue
        host = _container(node, new, [(shared.get((node.index, j), 0), j) for j in reverse
                                      if j and not _is_ancestor_pair(new, old, j, reverse[j], node.index)],
                          partner.get(node.parent) if node.parent is not None else None, options)
        if host is not None:
            merge_parts[host].append(node.index)
    return dict(split_parts), dict(merge_parts)


def _container(node: _Node, hosts: list[_Node], shared: list[tuple[int, int]], parents_partner: int | None,
               options: AlignOptions) -> int | None:
    """The linked section (of the other edition, ``hosts``) that holds this leftover section's text, if one clearly does.

    Several may hold it when its text is stock ("More details, including how to adjust
    your data settings:" under four headings): then its own parent's partner wins if it
    is one of them, a clear best wins otherwise, and a tie links nothing. A section whose
    title its edition repeats goes into its parent's partner or nowhere. A chapter whose
    content is its subtree holds each of its sections' text by construction: it is no
    rival to the section below it that holds the text itself, unless the leftover is such
    a chapter too.
    """
    found = sorted(((count / len(node.shingles), other) for count, other in shared
                    if count / len(node.shingles) >= options.split_containment), reverse=True)
    holders = {other for _, other in found}
    if not node.subtree:  # (a leftover chapter of sections, though, goes with the chapter that holds them)
        found = [(share, other) for share, other in found
                 if not (hosts[other].subtree and any(_inside(hosts, below, other) for below in holders - {other}))]
    if not found:
        return None
    if parents_partner is not None and any(other == parents_partner for _, other in found):
        return parents_partner
    if node.repeats > 1:
        return None  # a stock heading's section folds into its own parent or nowhere (cause 9 of the benchmark)
    if len(found) == 1 or found[0][0] - found[1][0] >= 0.15:
        return found[0][1]
    return None


def _is_ancestor_pair(side: list[_Node], other: list[_Node], anchor: int, anchor_partner: int, leftover: int) -> bool:
    """A leftover sub-section whose text counts inside its own linked ancestor is not a split part of it.

    That is so only when the ancestor's content is its subtree (its own text is thin): a
    parent with text of its own that now holds its child's text took it in (the child
    was folded into it), which is a merge.
    """
    position: int | None = other[leftover].parent
    while position is not None:
        if position == anchor_partner:
            return other[position].subtree
        position = other[position].parent
    return False


def _placement(old: list[_Node], new: list[_Node], partner: dict[int, int],
               reverse: dict[int, int]) -> dict[int, tuple[str, ...]]:
    """New-side indices of linked sections whose place changed, with the flags that say how.

    - ``("moved", "new-parent")``: it now sits under a section that is not its old
      parent's partner, at the same depth, or it left the document's order;
    - ``("moved", "new-position")``: the same parent, but outside the longest run of
      siblings kept in order;
    - ``("promoted",)`` / ``("demoted",)``: its heading level changed (it now sits higher
      or lower in the tree) while it kept its place in the document's order, or its old
      container was dissolved or a new one was added around it: nothing moved;
    - ``("new-parent",)`` alone: it kept its place and level, but the sibling before it
      was promoted over it and is now its parent: nothing moved.
    """
    placed: dict[int, tuple[str, ...]] = {}
    siblings: dict[int | None, list[int]] = defaultdict(list)
    linked = [j for j in sorted(reverse) if j]
    # Node indices are preorder, i.e. reading order: the heaviest run of linked sections kept in order,
    # by their own words, so that a short chapter moved forward is the one that moved, not the two
    # long ones it jumped over (Working Together 2010 chapter 5, now part of 2013 chapter 1).
    # Each link's weight is the text it carries in both editions: its sections' own, and that of their
    # descendants left unlinked (so a rewrite that grew in one edition does not outweigh the rest).
    def carried(nodes: list[_Node], links: dict[int, int]) -> dict[int, int]:
        carrier: dict[int, int] = {}
        found: dict[int, int] = defaultdict(int)
        for node in nodes[1:]:
            holder = node.index if node.index in links else carrier.get(node.parent, 0)  # type: ignore[arg-type]
            carrier[node.index] = holder
            found[holder] += sum(len(block.text.split()) for block in node.section.blocks)
        return found

    new_weight, old_weight = carried(new, reverse), carried(old, partner)
    weights = [1 + new_weight[j] + old_weight[reverse[j]] for j in linked]
    in_order = {linked[position] for position in _heaviest_increasing([reverse[j] for j in linked], weights)}
    for j in linked:
        i = reverse[j]
        old_parent, new_parent = old[i].parent, new[j].parent
        if old_parent is not None and new_parent is not None and partner.get(old_parent) == new_parent:
            siblings[new_parent].append(j)
            continue
        old_depth, new_depth = len(old[i].section.path), len(new[j].section.path)
        dissolved_or_added = old_parent not in partner or new_parent not in reverse
        # Its new parent was its own earlier sibling, which was promoted over it: it did not move.
        under_former_sibling = (new_parent is not None and new_parent in reverse
                                and old[reverse[new_parent]].parent == old_parent and reverse[new_parent] < i)
        if j in in_order and (old_depth != new_depth or dissolved_or_added or under_former_sibling):
            if old_depth != new_depth:
                placed[j] = ("promoted",) if new_depth < old_depth else ("demoted",)
            elif under_former_sibling:
                placed[j] = ("new-parent",)
            continue
        # Out of order: it moved. Its "new parent" is only news when that parent is a kept section.
        placed[j] = ("moved", "new-position" if dissolved_or_added else "new-parent")
    for group in siblings.values():
        old_order = [reverse[j] for j in group]
        # The parts of a split share their old section's position: in order with each other, not moved.
        kept = _longest_increasing(old_order, strict=False)
        placed.update((j, ("moved", "new-position")) for position, j in enumerate(group) if position not in kept)
    return placed


# --- paragraphs --------------------------------------------------------------------

@dataclass(slots=True)
class _Para:
    block: Block
    section: Section
    key: str  # normalised, case-folded text: what matching compares
    text: str  # normalised text: what decides "same" ("providing" vs "Providing" is a change)
    matched: bool = False


def _paragraphs(section: Section) -> list[Block]:
    return _body_blocks(section)


def _similarity(a: _Para, b: _Para, cutoff: float) -> float:
    if a.key == b.key:
        return 1.0
    if a.block.kind != b.block.kind and BlockKind.TABLE_ROW in (a.block.kind, b.block.kind):
        return 0.0
    return fuzz.ratio(a.key, b.key, score_cutoff=cutoff * 100) / 100


def _align_sequences(old: list[_Para], new: list[_Para], cutoff: float) -> list[tuple[int, int, float, str]]:
    """Order-preserving pairs (old position, new position, similarity, how)."""
    pairs: list[tuple[int, int, float, str]] = []
    # Anchors: texts that occur exactly once on each side, kept in order.
    counts_old: dict[str, int] = defaultdict(int)
    counts_new: dict[str, int] = defaultdict(int)
    for para in old:
        counts_old[para.key] += 1
    for para in new:
        counts_new[para.key] += 1
    position_new = {para.key: j for j, para in enumerate(new) if counts_new[para.key] == 1}
    candidates = [(i, position_new[para.key]) for i, para in enumerate(old)
                  if counts_old[para.key] == 1 and para.key in position_new]
    kept = _longest_increasing([j for _, j in candidates])
    anchors = [candidates[position] for position in sorted(kept)]
    previous_i, previous_j = -1, -1
    for i, j in anchors + [(len(old), len(new))]:
        pairs.extend(_weighted_lcs(old, new, previous_i + 1, i, previous_j + 1, j, cutoff))
        if i < len(old):
            pairs.append((i, j, 1.0, "anchor"))
        previous_i, previous_j = i, j
    return pairs


def _weighted_lcs(old: list[_Para], new: list[_Para], i0: int, i1: int, j0: int, j1: int,
                  cutoff: float) -> list[tuple[int, int, float, str]]:
    """Pairs maximising total similarity, in order, between old[i0:i1] and new[j0:j1]."""
    rows, columns = i1 - i0, j1 - j0
    if rows <= 0 or columns <= 0:
        return []
    similarity = [[_similarity(old[i0 + r], new[j0 + c], cutoff) for c in range(columns)] for r in range(rows)]
    best = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for r in range(rows - 1, -1, -1):
        row, below = best[r], best[r + 1]
        for c in range(columns - 1, -1, -1):
            take = similarity[r][c] + below[c + 1] if similarity[r][c] > 0 else 0.0
            row[c] = max(take, below[c], row[c + 1])
    pairs: list[tuple[int, int, float, str]] = []
    r = c = 0
    while r < rows and c < columns:
        score = similarity[r][c]
        if score > 0 and abs(best[r][c] - (score + best[r + 1][c + 1])) < 1e-12:
            pairs.append((i0 + r, j0 + c, score, "sequence"))
            r, c = r + 1, c + 1
        elif best[r][c] == best[r + 1][c]:
            r += 1
        else:
            c += 1
    return pairs


def _section_paragraphs(sections: tuple[Section, ...]) -> list[_Para]:
    paras = []
    for section in sections:
        # The front matter's own headings are the cover's title and subtitle: text to compare, not sections.
        blocks = section.blocks if section.heading_block is None else _paragraphs(section)
        for block in blocks:
            if block.kind is BlockKind.FOOTNOTE:
                continue  # aligned apart: see _footnote_links
            text = normalise(block.text)
            paras.append(_Para(block, section, text.casefold(), text))
    return paras


def _footnotes(sections: list[Section]) -> list[_Para]:
    found = []
    for section in sections:
        for block in section.blocks:
            if block.kind is BlockKind.FOOTNOTE:
                text = normalise(block.text)
                found.append(_Para(block, section, text.casefold(), text))
    return sorted(found, key=lambda para: para.block.seq)


def _footnote_links(links: tuple[SectionLink, ...], old_front: Section | None, new_front: Section | None,
                    options: AlignOptions) -> Iterator[ParagraphLink]:
    """Footnote bodies paired over the whole document, whatever section their page puts them in.

    Identical texts pair in any order; reworded ones in order, at ``footnote_cutoff``.
    """
    old_sections = [section for link in links for section in link.old]
    new_sections = [section for link in links for section in link.new]
    old = _footnotes(old_sections + ([old_front] if old_front is not None else []))
    new = _footnotes(new_sections + ([new_front] if new_front is not None else []))
    # Identical texts first, in any order: a footnote follows its marker, so when a paragraph
    # moves its footnotes change places too, and that move is the section links' to report.
    exact_only = replace(options, moved_cutoff=1.0)
    for link in _moved_paragraphs(old, new, exact_only):
        yield replace(link, kind=ParagraphKind.SAME, matched_by="anchor")
    rest_old = [para for para in old if not para.matched]
    rest_new = [para for para in new if not para.matched]
    # Then reworded ones, in order: citations are short and formulaic, hence the stricter cutoff.
    for i, j, score, how in _align_sequences(rest_old, rest_new, options.footnote_cutoff):
        a, b = rest_old[i], rest_new[j]
        a.matched = b.matched = True
        yield ParagraphLink(a.block, b.block, ParagraphKind.SAME if a.text == b.text else ParagraphKind.MODIFIED, round(score, 4),
                            a.section, b.section, how)
    yield from (ParagraphLink(p.block, None, ParagraphKind.REMOVED, 0.0, p.section, None, "none") for p in old if not p.matched)
    yield from (ParagraphLink(None, p.block, ParagraphKind.ADDED, 0.0, None, p.section, "none") for p in new if not p.matched)


COVER_LINE = 200  # characters: a cover's title, subtitle, date or notice, not a paragraph of the text
COVER_LINES = 8  # a cover prints a handful of such lines; a first page with more unpaired ones is text


def _cover_lines(old: list[_Para], new: list[_Para], found: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
    """Title, subtitle and notice lines of the two covers that nothing else paired: the same line rewritten.

    A cover's display lines stand for a role, not a text: the subtitle "Guidance for
    practitioners and managers" became "Advice for practitioners providing safeguarding
    services…" (Information sharing 2008 → 2015). Lines of the first page, left
    unpaired, pair in reading order when they are set in the same type size (lines of
    at most ``COVER_LINE`` characters, headings or not: the reader may take a cover's
    display type for either).
    """
    used_old, used_new = {i for i, *_ in found}, {j for _, j, *_ in found}

    def lines(paras: list[_Para], used: set[int]) -> list[int]:
        first = min((para.block.pages[0] for para in paras), default=0)
        return [k for k, para in enumerate(paras) if k not in used and para.block.pages[0] == first
                and para.block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH) and len(para.key) <= COVER_LINE]

    old_lines, left = lines(old, used_old), lines(new, used_new)
    if len(old_lines) > COVER_LINES or len(left) > COVER_LINES:
        return []  # a page of text, not a cover: its lines pair by their words or not at all
    paired = []
    for i in old_lines:
        j = next((j for j in left if abs(new[j].block.font_size - old[i].block.font_size) < 0.5), None)
        if j is not None:
            left.remove(j)
            paired.append((i, j, round(fuzz.ratio(old[i].key, new[j].key) / 100, 4), "cover"))
    return paired


def align_paragraphs(links: tuple[SectionLink, ...], options: AlignOptions = DEFAULT_OPTIONS,
                     old_front: Section | None = None, new_front: Section | None = None) -> tuple[ParagraphLink, ...]:
    result: list[ParagraphLink] = []
    pool_old: list[_Para] = []
    pool_new: list[_Para] = []
    groups = [(link.old, link.new) for link in links if link.old and link.new]
    if old_front is not None and new_front is not None:
        groups.insert(0, ((old_front,), (new_front,)))
    for old_sections, new_sections in groups:
        old_paras = _section_paragraphs(old_sections)
        new_paras = _section_paragraphs(new_sections)
        found = _align_sequences(old_paras, new_paras, options.paragraph_cutoff)
        if old_sections[0].heading_block is None and len(groups) > 1:
            # Only beside linked sections: two documents that share no section share no cover either.
            found += _cover_lines(old_paras, new_paras, found)
        for i, j, score, how in found:
            a, b = old_paras[i], new_paras[j]
            a.matched = b.matched = True
            kind = ParagraphKind.SAME if a.text == b.text else ParagraphKind.MODIFIED
            result.append(ParagraphLink(a.block, b.block, kind, round(score, 4), a.section, b.section, how))
        pool_old.extend(para for para in old_paras if not para.matched)
        pool_new.extend(para for para in new_paras if not para.matched)
    for link in links:
        if not link.new:
            pool_old.extend(_section_paragraphs(link.old))
        if not link.old:
            pool_new.extend(_section_paragraphs(link.new))
    result.extend(_moved_paragraphs(pool_old, pool_new, options))
    result.extend(ParagraphLink(p.block, None, ParagraphKind.REMOVED, 0.0, p.section, None, "none") for p in pool_old if not p.matched)
    result.extend(ParagraphLink(None, p.block, ParagraphKind.ADDED, 0.0, None, p.section, "none") for p in pool_new if not p.matched)
    result.extend(_footnote_links(links, old_front, new_front, options))
    return tuple(result)


def _moved_paragraphs(pool_old: list[_Para], pool_new: list[_Para], options: AlignOptions) -> Iterator[ParagraphLink]:
    """Unpaired paragraphs that reappear elsewhere: best pairs first, each paragraph used once."""
    if not pool_old or not pool_new:
        return
    by_key: dict[str, list[int]] = defaultdict(list)
    for j, para in enumerate(pool_new):
        by_key[para.key].append(j)
    weights: dict[tuple[int, int], float] = {}
    new_keys = [para.key for para in pool_new]
    for i, para in enumerate(pool_old):
        exact = by_key.get(para.key)
        if exact:
            for j in exact:
                weights[(i, j)] = 1.0
            continue
        if len(para.key) < 20:
            continue  # short fragments ("Yes", "Note:") are everywhere; moving them says nothing
        for _, score, j in process.extract(para.key, new_keys, scorer=fuzz.ratio, limit=5,
                                           score_cutoff=options.moved_cutoff * 100):
            weights[(i, j)] = score / 100
    # Text printed several times (a table's header row on every page) pairs copy for copy in reading
    # order: among equal pairs the matching prefers those whose places in the two documents agree.
    old_place = _places(pool_old)
    new_place = _places(pool_new)
    preference = {(i, j): weight + MOVED_PLACE_PREFERENCE * (1 - abs(old_place[i] - new_place[j]))
                  for (i, j), weight in weights.items()}
    for i, j in max_weight_matching(preference):
        a, b = pool_old[i], pool_new[j]
        a.matched = b.matched = True
        yield ParagraphLink(a.block, b.block, ParagraphKind.MOVED, round(weights[(i, j)], 4), a.section, b.section, "moved")


MOVED_PLACE_PREFERENCE = 1e-3  # far below any difference of wording a similarity score can show (1e-2)


def _places(pool: list[_Para]) -> list[float]:
    """Each paragraph's place in its document's reading order among the pool, from 0 to 1."""
    order = sorted(range(len(pool)), key=lambda k: pool[k].block.seq)
    places = [0.0] * len(pool)
    for rank, k in enumerate(order):
        places[k] = rank / max(len(pool) - 1, 1)
    return places


# --- paragraphs cut differently ------------------------------------------------------

_RESEGMENTABLE = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)


def _neighbours(tree: Section) -> tuple[dict[int, Block], dict[int, Block]]:
    """The next and the previous body block of every block, footnotes skipped; a heading breaks the run."""
    after: dict[int, Block] = {}
    before: dict[int, Block] = {}
    for section in tree.walk():
        previous: Block | None = None
        for block in section.blocks:
            if block.kind is BlockKind.FOOTNOTE:
                continue
            if previous is not None:
                after[previous.seq], before[block.seq] = block, previous
            previous = block
    return after, before


def _joined_key(blocks: list[Block]) -> str:
    return normalise(" ".join(block.text for block in sorted(blocks, key=lambda block: block.seq))).casefold()


def _grow(fixed: Block, base: Block, after: dict[int, Block], before: dict[int, Block],
          pool: dict[int, ParagraphLink], taken: set[int]) -> list[ParagraphLink]:
    """Unpaired neighbours of ``base`` that, joined to it, make ``fixed``'s text: the other parts of a split.

    A neighbour joins when it brings the joined text closer to ``fixed`` by at least half
    its own length (an unrelated paragraph next to it takes the joined text further away)
    and the joined text is at least 0.6 similar. Parts are taken one at a time, before or
    after the run, while they help.
    """
    target = normalise(fixed.text).casefold()
    parts = [base]
    joined: list[ParagraphLink] = []
    distance = Indel.distance(target, _joined_key(parts))
    while True:
        best: tuple[int, ParagraphLink] | None = None
        for neighbour in (before.get(parts[0].seq), after.get(parts[-1].seq)):
            link = pool.get(neighbour.seq) if neighbour is not None else None
            if link is None or id(link) in taken or neighbour.kind not in _RESEGMENTABLE:  # type: ignore[union-attr]
                continue
            candidate = Indel.distance(target, _joined_key(parts + [neighbour]))  # type: ignore[list-item]
            if distance - candidate >= 0.5 * len(neighbour.text) and (best is None or candidate < best[0]):  # type: ignore[union-attr]
                best = (candidate, link)
        if best is None:
            break
        distance, link = best
        taken.add(id(link))
        joined.append(link)
        parts.append(link.new or link.old)  # type: ignore[arg-type]
        parts.sort(key=lambda block: block.seq)
    key = _joined_key(parts)
    if joined and 1 - distance / max(1, len(target) + len(key)) < 0.6:
        for link in joined:
            taken.discard(id(link))
        return []
    return joined


def _cut_at_page_break(single: Block, parts: list[Block]) -> bool:
    """Whether the cut between ``parts`` falls at a page break, on their side or at the same place in ``single``.

    A paragraph that ends a page with a full stop at the margin cannot be told from one
    that goes on over the page (KCSIE September 2025, paragraph 40, pp. 12-13); a reader
    may cut one edition's paragraph there and join the other's. A cut there says nothing
    about the guidance, so it is not a split or a merge.
    """
    parts = sorted(parts, key=lambda block: block.seq)
    if any(before.pages[-1] < after.pages[0] for before, after in zip(parts, parts[1:])):
        return True
    if len(single.pages) < 2:
        return False
    joined = sum(len(part.text) + 1 for part in parts)
    position = 0
    slack = max(40, 0.05 * len(single.text))
    for part in parts[:-1]:
        position += len(part.text) + 1
        at = position / joined * len(single.text)
        if any(abs(offset - at) <= slack for offset in single.page_offsets):
            return True
    return False


def _resegmented(paragraphs: tuple[ParagraphLink, ...], old_tree: Section, new_tree: Section) -> tuple[ParagraphLink, ...]:
    """Modified pairs whose other side runs on into unpaired neighbours become one split or merge.

    One edition may print a paragraph as two: the old paragraph pairs with the first
    part, and the rest is left over as "added". Joined, the parts are the old text, so
    they are one ``split`` link (two paragraphs printed as one: ``merged``), whose text
    may also have changed. When the cut falls at a page break (``_cut_at_page_break``)
    the parts are one paragraph that the reader cut: the link joins them but stays
    ``modified`` (or ``same``), matched by "page-break".
    """
    old_after, old_before = _neighbours(old_tree)
    new_after, new_before = _neighbours(new_tree)
    added = {link.new.seq: link for link in paragraphs if link.kind is ParagraphKind.ADDED and link.new is not None
             and link.new.kind is not BlockKind.FOOTNOTE}
    removed = {link.old.seq: link for link in paragraphs if link.kind is ParagraphKind.REMOVED and link.old is not None
               and link.old.kind is not BlockKind.FOOTNOTE}
    taken: set[int] = set()
    joined: dict[int, ParagraphLink] = {}
    for link in paragraphs:
        if link.kind is not ParagraphKind.MODIFIED or link.old is None or link.new is None:
            continue
        if link.old.kind not in _RESEGMENTABLE or link.new.kind not in _RESEGMENTABLE:
            continue
        for single, grown, pool, kind in ((link.old, link.new, added, ParagraphKind.SPLIT),
                                          (link.new, link.old, removed, ParagraphKind.MERGED)):
            parts = _grow(single, grown, new_after if kind is ParagraphKind.SPLIT else old_after,
                          new_before if kind is ParagraphKind.SPLIT else old_before, pool, taken)
            if not parts:
                continue
            extra = tuple(sorted((part.new or part.old for part in parts), key=lambda block: block.seq))  # type: ignore[misc]
            several = [grown, *extra]
            score = round(1 - Indel.normalized_distance(normalise(single.text).casefold(), _joined_key(several)), 4)
            if _cut_at_page_break(single, several):
                same = normalise(single.text) == normalise(" ".join(b.text for b in sorted(several, key=lambda b: b.seq)))
                kind, how = (ParagraphKind.SAME if same else ParagraphKind.MODIFIED), "page-break"
            else:
                how = "resegmented"
            extras = {"new_extra": extra} if grown is link.new else {"old_extra": extra}
            joined[id(link)] = replace(link, kind=kind, similarity=score, matched_by=how, **extras)
            break
    return tuple(joined.get(id(link), link) for link in paragraphs if id(link) not in taken)


def _in_place(paragraphs: tuple[ParagraphLink, ...]) -> tuple[ParagraphLink, ...]:
    """Paragraphs paired across sections that keep their place in the reading order: ``in-place``.

    When a heading comes or goes (a sub-heading added over a run of paragraphs, a section merged
    into the one before it, or one reading takes a line for a heading that the other takes for
    text), every paragraph under it lands in another section though the text runs in the same
    order as before. Such a paragraph is still ``moved`` (its section changed), marked
    ``in-place``: among all paired paragraphs, it lies on one longest run in the same order in
    both editions. The section's change says what happened; the report ranks these moves below
    the substantive ones.
    """
    paired = sorted((link for link in paragraphs if link.old is not None and link.new is not None
                     and link.old.kind is not BlockKind.FOOTNOTE),
                    key=lambda link: link.old.seq)  # type: ignore[union-attr]
    in_order = {id(paired[k]) for k in _longest_increasing([link.new.seq for link in paired])}  # type: ignore[union-attr]
    return tuple(replace(link, matched_by="in-place") if link.kind is ParagraphKind.MOVED and id(link) in in_order
                 else link for link in paragraphs)


def align(old: Document, new: Document, options: AlignOptions = DEFAULT_OPTIONS, *,
          old_tree: Section | None = None, new_tree: Section | None = None) -> Alignment:
    """Sections and paragraphs of ``old`` linked to those of ``new``.

    ``old_tree``/``new_tree`` are the documents' section trees (``build_tree``) when the
    caller has them already, so that a series of editions builds each tree once.
    """
    old_tree = old_tree if old_tree is not None else build_tree(old)
    new_tree = new_tree if new_tree is not None else build_tree(new)
    sections = align_sections(old_tree, new_tree, options)
    paragraphs = _in_place(_resegmented(align_paragraphs(sections, options, old_tree, new_tree), old_tree, new_tree))
    block_pairs = [(a, b) for link in paragraphs for a in link.old_blocks for b in link.new_blocks]
    section_pairs = [(a, b) for link in sections for a in link.old for b in link.new]
    renumbering = numbering_map(old, new, old_tree, new_tree, block_pairs, section_pairs)
    return Alignment(old, new, old_tree, new_tree, sections, paragraphs, renumbering, options)


def align_among(old: Document, new: Document, old_tree: Section, new_tree: Section,
                old_sections: Iterable[Section], new_sections: Iterable[Section],
                options: AlignOptions = DEFAULT_OPTIONS) -> Alignment:
    """How the chosen ``old_sections`` link to the chosen ``new_sections``: sections only, no paragraphs.

    Each tree is cut down to its chosen sections (in reading order under the root; a
    chosen section keeps the chosen ones below it, and its own text), the cut trees are
    aligned with ``align_sections``, and the links name the sections of the full trees.
    The ``Alignment`` has the full trees, no paragraph links and no renumbering.
    """
    old_cut, old_full = _cut(old_tree, old_sections)
    new_cut, new_full = _cut(new_tree, new_sections)
    full = {**old_full, **new_full}

    def restore(sections: tuple[Section, ...]) -> tuple[Section, ...]:
        return tuple(full[id(section)] for section in sections)

    # Between editions that are not neighbours, the same heading over new text is no evidence that a dropped
    # section came back (lineage's returns): only text links there.
    links = tuple(replace(link, old=restore(link.old), new=restore(link.new))
                  for link in align_sections(old_cut, new_cut, replace(options, rewritten_in_place=False)))
    return Alignment(old, new, old_tree, new_tree, links, (), NumberingMap.empty(), options)


def _cut(tree: Section, chosen: Iterable[Section]) -> tuple[Section, dict[int, Section]]:
    """``tree`` with only the ``chosen`` sections (by heading block), and each cut section's full one by id."""
    keep = {section.heading_block.seq for section in chosen if section.heading_block is not None}
    full: dict[int, Section] = {}

    def cut(section: Section) -> list[Section]:
        children = [piece for child in section.children for piece in cut(child)]
        if section.heading_block is None or section.heading_block.seq not in keep:
            return children  # not chosen: its chosen descendants move up
        kept = replace(section, children=tuple(children))
        full[id(kept)] = section
        return [kept]

    # The root's own blocks are the front matter, which is not a section and not chosen.
    root = replace(tree, blocks=(), children=tuple(piece for child in tree.children for piece in cut(child)))
    full[id(root)] = tree
    return root, full
