"""Lineage accuracy of ``guidediff.history`` on synthetic four-edition chains with known edits.

    python benchmarks/lineage.py [--chains 20] [--editions 4] [--edits 4] [--drift 0.1] [--seed 0] [--returns 0]

Each chain starts from a generated edition (chapters of sections of distinct
paragraphs) and applies random but seeded edits at every step: renames, moves to
another chapter, splits, merges, insertions, deletions, plus small wording edits
and a steady drift of reworded words (``--drift``) that change no lineage. The
generator records the truth: which sections of the previous edition each section
comes from.

For every section of the newest edition the table compares the traced origin
(``Lineage.origin`` and ``first_edition``: the sections where it first appears)
with the true one, and the whole lineage (the sections at every step), grouped
by the edits the section went through ("unchanged" when none). The last rows
check fates: a deleted section must be dropped in the edition that deleted it, and
with ``--returns N`` up to N sections deleted at least one edition earlier come back
in each edition (their text drifted like the rest, half of them under a new heading):
the fate of each must say it returns there, and no other fate may say it returns.
Then the time per aligned pair. No assertions: a measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

from guidediff.align import align
from guidediff.document import Block, BlockKind, Document, OutlineEntry, Page
from guidediff.history import history

EDIT_KINDS = ("rename", "move", "split", "merge", "add", "remove", "reword")


def _vocabulary(seed: int, size: int) -> list[str]:
    chooser = random.Random(seed)
    syllables = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu " \
                "ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu".split()
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(chooser.choice(syllables) for _ in range(chooser.randint(2, 3))))
    return sorted(words)


WORDS = _vocabulary(1, 400)
TITLE_WORDS = _vocabulary(2, 120)


@dataclass(eq=False)
class Node:
    """A section in one edition of the chain, with the truth about where it comes from."""

    heading: str
    paragraphs: list[str]
    sources: list[Node] = field(default_factory=list)  # sections of the previous edition it comes from
    edits: set[str] = field(default_factory=set)  # edits it went through at this step
    chapter: bool = False
    returns: Node | None = None  # the section, dropped earlier, that this one brings back


@dataclass(eq=False)
class Chapter:
    node: Node
    sections: list[Node]


class Chain:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.used_titles: set[str] = set()
        self.removed: list[tuple[int, Node]] = []  # (edition that dropped it, the section as last seen)
        self.editions = 1

    def paragraph(self) -> str:
        return " ".join(self.random.choice(WORDS) for _ in range(self.random.randint(35, 55))).capitalize() + "."

    def title(self) -> str:
        while True:
            title = " ".join(self.random.choice(TITLE_WORDS) for _ in range(self.random.randint(2, 4))).capitalize()
            if title not in self.used_titles:
                self.used_titles.add(title)
                return title

    def first_edition(self, chapters: int, sections: int) -> list[Chapter]:
        return [Chapter(Node(f"Chapter {c + 1}: {self.title()}", [self.paragraph()], chapter=True),
                        [Node(self.title(), [self.paragraph() for _ in range(self.random.randint(2, 4))])
                         for _ in range(sections)])
                for c in range(chapters)]

    def drifted(self, paragraphs: list[str], drift: float) -> list[str]:
        """Paragraphs with a share ``drift`` of their words replaced: the rewording every edition brings."""
        result = []
        for text in paragraphs:
            words = text.split()
            for index in range(len(words)):
                if self.random.random() < drift:
                    words[index] = self.random.choice(WORDS)
            result.append(" ".join(words))
        return result

    def next_edition(self, chapters: list[Chapter], edits: int, drift: float = 0.0) -> list[Chapter]:
        """A copy of ``chapters`` (every node new, pointing back at its source) with ``edits`` random edits."""
        copy = [Chapter(Node(ch.node.heading, self.drifted(ch.node.paragraphs, drift), [ch.node], chapter=True),
                        [Node(s.heading, self.drifted(s.paragraphs, drift), [s]) for s in ch.sections]) for ch in chapters]
        for _ in range(edits):
            kind = self.random.choice(EDIT_KINDS)
            nonempty = [ch for ch in copy if ch.sections]
            if not nonempty:
                break
            chapter = self.random.choice(nonempty)
            position = self.random.randrange(len(chapter.sections))
            section = chapter.sections[position]
            fresh = not section.edits and len(section.sources) == 1  # edit each section once per step
            if kind == "rename" and fresh:
                section.heading = self.title()
                section.edits.add("rename")
            elif kind == "move" and fresh and len(copy) > 1:
                target = self.random.choice([ch for ch in copy if ch is not chapter])
                chapter.sections.pop(position)
                target.sections.insert(self.random.randint(0, len(target.sections)), section)
                section.edits.add("move")
            elif kind == "split" and fresh and len(section.paragraphs) >= 2:
                cut = self.random.randint(1, len(section.paragraphs) - 1)
                first = Node(self.title(), section.paragraphs[:cut], section.sources, {"split"})
                second = Node(self.title(), section.paragraphs[cut:], section.sources, {"split"})
                chapter.sections[position:position + 1] = [first, second]
            elif kind == "merge" and fresh and position + 1 < len(chapter.sections):
                other = chapter.sections[position + 1]
                if other.edits or len(other.sources) != 1:
                    continue
                merged = Node(self.title(), section.paragraphs + other.paragraphs, section.sources + other.sources,
                              {"merge"})
                chapter.sections[position:position + 2] = [merged]
            elif kind == "add":
                paragraphs = [self.paragraph() for _ in range(self.random.randint(2, 3))]
                chapter.sections.insert(position, Node(self.title(), paragraphs, [], {"add"}))
            elif kind == "remove" and fresh:
                chapter.sections.pop(position)
                section.sources[0].edits.add("removed-next")  # the truth for fates: dropped in this edition
                self.removed.append((self.editions, section.sources[0]))
            elif kind == "reword" and fresh:
                index = self.random.randrange(len(section.paragraphs))
                words = section.paragraphs[index].split()
                for _ in range(3):
                    words[self.random.randrange(len(words))] = self.random.choice(WORDS)
                section.paragraphs[index] = " ".join(words)
                section.edits.add("reword")
        return copy

    def bring_back(self, chapters: list[Chapter], returns: int, drift: float) -> None:
        """Up to ``returns`` sections dropped before the previous edition come back, new here (half renamed)."""
        waiting = [(dropped_in, node) for dropped_in, node in self.removed if dropped_in < self.editions]
        for dropped_in, node in self.random.sample(waiting, min(returns, len(waiting))):
            self.removed.remove((dropped_in, node))
            heading = node.heading if self.random.random() < 0.5 else self.title()
            back = Node(heading, self.drifted(node.paragraphs, drift), [], {"return"}, returns=node)
            chapter = self.random.choice(chapters)
            chapter.sections.insert(self.random.randint(0, len(chapter.sections)), back)


def render(chapters: list[Chapter], name: str) -> tuple[Document, dict[int, Node]]:
    """A Document (one page per block, headings bookmarked) and its heading seqs → truth nodes."""
    blocks: list[Block] = []
    outline: list[OutlineEntry] = []
    nodes: dict[int, Node] = {}

    def heading(node: Node, level: int) -> None:
        seq = len(blocks)
        blocks.append(Block(BlockKind.HEADING, node.heading, (seq,), seq, level=level, bold=True,
                            font_size=18.0 - 2 * level))
        outline.append(OutlineEntry(node.heading, level, seq))
        nodes[seq] = node
        for text in node.paragraphs:
            blocks.append(Block(BlockKind.PARAGRAPH, text, (len(blocks),), len(blocks), font_size=12.0))

    for chapter in chapters:
        heading(chapter.node, 1)
        for section in chapter.sections:
            heading(section, 2)
    pages = tuple(Page(index, str(index + 1)) for index in range(len(blocks)))
    return Document(name, f"{name}.pdf", "0" * 64, pages, tuple(blocks), tuple(outline), outline_source="bookmarks"), nodes


def truth_steps(node: Node, editions: int) -> list[set[int]]:
    """Ids of the true ancestors of ``node`` in every edition, oldest first."""
    steps: list[set[int]] = [set() for _ in range(editions)]
    current = {node}
    for edition in range(editions - 1, -1, -1):
        steps[edition] = {id(n) for n in current}
        current = {source for n in current for source in n.sources}
    return steps


def truth_edits(node: Node) -> set[str]:
    edits: set[str] = set()
    current = {node}
    while current:
        edits |= {edit for n in current for edit in n.edits if edit != "removed-next"}
        current = {source for n in current for source in n.sources}
    return edits


def _descendants(node: Node, node_of: dict[int, Node]) -> list[Node]:
    """The node and every later node that comes from it, along any sources."""
    found, frontier = [node], [node]
    while frontier:
        frontier = [n for n in node_of.values() if any(source in frontier for source in n.sources)]
        found += frontier
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chains", type=int, default=20)
    parser.add_argument("--editions", type=int, default=4)
    parser.add_argument("--edits", type=int, default=4, help="random edits per step")
    parser.add_argument("--chapters", type=int, default=4)
    parser.add_argument("--sections", type=int, default=5, help="sections per chapter in the first edition")
    parser.add_argument("--drift", type=float, default=0.1,
                        help="share of words reworded in every paragraph at every step (0.1: a tenth)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--returns", type=int, default=0,
                        help="sections dropped at least one edition before that come back in each edition")
    arguments = parser.parse_args()

    origin_right: dict[str, list[bool]] = defaultdict(list)
    lineage_right: dict[str, list[bool]] = defaultdict(list)
    fates_right: list[bool] = []
    returns_right: list[bool] = []
    false_returns = 0
    pair_seconds: list[float] = []
    history_seconds: list[float] = []
    for chain_number in range(arguments.chains):
        chain = Chain(arguments.seed * 1000 + chain_number)
        states = [chain.first_edition(arguments.chapters, arguments.sections)]
        for _ in range(arguments.editions - 1):
            states.append(chain.next_edition(states[-1], arguments.edits, arguments.drift))
            if arguments.returns:
                chain.bring_back(states[-1], arguments.returns, arguments.drift)
            chain.editions += 1
        rendered = [render(state, f"Chain {chain_number} edition {index}") for index, state in enumerate(states)]
        documents = [document for document, _ in rendered]
        by_ref = {f"e{index}-s{seq}": id(node) for index, (_, nodes) in enumerate(rendered) for seq, node in nodes.items()}
        node_of = {id(node): node for _, nodes in rendered for node in nodes.values()}

        for old, new in zip(documents, documents[1:]):
            start = time.perf_counter()
            align(old, new)
            pair_seconds.append(time.perf_counter() - start)
        start = time.perf_counter()
        timeline = history(documents, watchlist=None)
        history_seconds.append(time.perf_counter() - start)

        for lineage in timeline.lineages:
            node = node_of[by_ref[lineage.section.id]]
            truth = truth_steps(node, len(documents))
            first = next(index for index, ids in enumerate(truth) if ids)
            traced = [{by_ref[ref.id] for ref in step.sections} for step in lineage.steps]
            origin_ok = lineage.first_edition == first and traced[first] == truth[first]
            kinds = sorted(truth_edits(node) - {"reword"}) or ["unchanged"]
            if node.chapter:
                kinds = ["chapter"]
            for kind in kinds:
                origin_right[kind].append(origin_ok)
                lineage_right[kind].append(traced == truth)
            origin_right["all sections"].append(origin_ok)
            lineage_right["all sections"].append(traced == truth)
        for fate in timeline.fates:
            node = node_of[by_ref[fate.section.id]]
            # Follow the truth forward along single-source copies to where it was removed, if it was.
            removed_in = None
            current, edition = node, fate.edition
            while current is not None:
                if "removed-next" in current.edits:
                    removed_in = edition + 1
                    break
                following = [n for n in node_of.values() if current in n.sources]
                current = following[0] if len(following) == 1 and len(following[0].sources) == 1 else None
                edition += 1
            if removed_in is not None:
                fates_right.append(fate.dropped_in == removed_in)
            # The truth for returns: a later section brings back this one (or what it became), dropped.
            back = [(index, n) for index, (_, nodes) in enumerate(rendered) for n in nodes.values()
                    if n.returns is not None and n.returns in _descendants(node, node_of)]
            if back:
                index, n = back[0]
                returns_right.append(fate.returned is not None and fate.returned.edition == index
                                     and by_ref[fate.returned.section.id] == id(n))
            elif fate.returned is not None:
                false_returns += 1

    order = ["all sections", "unchanged", "chapter", "rename", "move", "split", "merge", "add", "return"]
    header = f"{'edit kind':14} {'sections':>8} {'origin right':>13} {'lineage right':>14}"
    print(f"{arguments.chains} chains of {arguments.editions} editions, {arguments.edits} random edits per step "
          f"and {arguments.drift:.0%} of words reworded per step (seed {arguments.seed})")
    print(header)
    print("-" * len(header))
    for kind in order:
        results = origin_right.get(kind)
        if not results:
            continue
        whole = lineage_right[kind]
        print(f"{kind:14} {len(results):>8} {sum(results) / len(results):>12.1%} {sum(whole) / len(whole):>13.1%}")
    if fates_right:
        print(f"{'removed (fate)':14} {len(fates_right):>8} {sum(fates_right) / len(fates_right):>12.1%} {'':>13}")
    if returns_right:
        print(f"{'return (fate)':14} {len(returns_right):>8} {sum(returns_right) / len(returns_right):>12.1%} {'':>13}")
    if arguments.returns:
        print(f"fates that say a section returns where none does: {false_returns}")
    print()
    print(f"align per pair: median {statistics.median(pair_seconds) * 1000:.1f} ms "
          f"(max {max(pair_seconds) * 1000:.1f} ms, {len(pair_seconds)} pairs); "
          f"history of {arguments.editions} editions: median {statistics.median(history_seconds) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
