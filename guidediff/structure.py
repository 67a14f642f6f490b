"""The section tree: Part › Chapter › Section › paragraphs.

Levels come from the document's outline where it has one (bookmarks, or the
printed contents page), matched to heading blocks by title and page. Headings
the outline does not list (deeper sub-headings) take the level that their type
style has among the matched ones, or sit one level below the section they are
in. Without any outline, levels follow the heading styles (larger type = higher).

Every section records how its heading was found (``matched_by``), in the
spirit of alignment links recording how they were made.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from guidediff.document import Block, BlockKind, Document, OutlineEntry
from guidediff.titles import fold_title

# Similarities on guidediff's one 0-1 scale (rapidfuzz's 0-100 divided by 100), as everywhere else.
TITLE_MATCH_CUTOFF = 0.85  # similarity at which an outline title names a heading block
PARAGRAPH_MATCH_CUTOFF = 0.95  # …and a paragraph block (a heading read as body text)
PREFIX_MATCH_CUTOFF = 0.95  # partial similarity at which one title is a truncation of the other
PAGE_SLACK = 1  # an outline entry may point one page before or after its heading
BODY_SIZE_SLACK = 0.3  # points: a heading this close to the body size is set at body size

_LABEL = re.compile(
    r"^(?P<label>(?:part|chapter|section|annex|appendix|schedule)\s+"
    r"(?:\d+[a-z]?|[ivxlc]+|[a-z]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
    r"(?=$|[\s:.\-–—])[\s:.\-–—]*(?P<title>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3}|[ivx]{1,5})\.?\s+(?P<title>[A-Za-z].*)$")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it until the next heading of the same or a higher level."""

    heading: str
    level: int
    path: tuple[str, ...]
    blocks: tuple[Block, ...]  # the section's own content, without its heading and sub-sections
    children: tuple[Section, ...] = ()
    heading_block: Block | None = None
    label: str | None = None  # "Chapter 1", "Part two", "Annex B", "5.2"
    title: str = ""  # the heading without its label
    matched_by: str = "root"  # "tag", "bookmark", "contents-page", "label" (a division: Part 1), "style" or "root"

    def walk(self) -> Iterator[Section]:
        """This section and all below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all_blocks(self) -> Iterator[Block]:
        """Every block in and below this section (headings of sub-sections included), in reading order."""
        yield from self.blocks
        for child in self.children:
            if child.heading_block is not None:
                yield child.heading_block
            yield from child.all_blocks()

    @property
    def pages(self) -> tuple[int, ...]:
        """Page indices from the heading to the last block below it."""
        indices = set(self.heading_block.pages) if self.heading_block else set()
        for block in self.all_blocks():
            indices.update(block.pages)
        return tuple(sorted(indices))

    @property
    def text(self) -> str:
        """The section's own body text (not its sub-sections), for content matching."""
        return " ".join(block.text for block in self.blocks if block.kind is not BlockKind.FOOTNOTE)

    @property
    def key(self) -> tuple[int, ...]:
        """A stable id within its document: the seq of its heading block (root: empty)."""
        return (self.heading_block.seq,) if self.heading_block else ()


def split_label(heading: str) -> tuple[str | None, str]:
    """("Chapter 1", "Assessing need") from "Chapter 1: Assessing need"; (None, heading) otherwise."""
    for pattern in (_LABEL, _NUMBERED):
        match = pattern.match(heading.strip())
        if match:
            label = re.sub(r"\s+", " ", match.group("label"))
            return label, match.group("title").strip() or heading.strip()
    return None, heading.strip()


def build_tree(document: Document) -> Section:
    """The section tree of ``document`` (the root holds the front matter)."""
    blocks = list(document.blocks)
    divisions: dict[int, int] = {}
    if document.outline_source != "tags" and not document.outline:
        blocks, divisions = _divisions(blocks)
    levels, sources = _levels(document, blocks, divisions)
    root_children: list[_Node] = []
    front: list[Block] = []
    stack: list[_Node] = []
    for block in blocks:
        level = levels.get(block.seq)
        if level is None and block.kind is BlockKind.HEADING:
            # Display type the outline does not name (a cover title, a bold lead-in) is text:
            # it is compared like any paragraph, never dropped.
            block = replace(block, kind=BlockKind.PARAGRAPH, level=0)
        if level is not None:
            node = _Node(block, level, sources[block.seq])
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else root_children).append(node)
            stack.append(node)
        elif stack:
            stack[-1].blocks.append(block)
        else:
            front.append(block)
    return Section(
        heading=document.title,
        level=0,
        path=(),
        blocks=tuple(front),
        children=tuple(_freeze(node, ()) for node in root_children),
        title=document.title,
    )


@dataclass
class _Node:
    block: Block
    level: int
    source: str
    blocks: list[Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def _freeze(node: _Node, parent_path: tuple[str, ...]) -> Section:
    heading = node.block.text
    path = parent_path + (heading,)
    label, title = split_label(heading)
    return Section(
        heading=heading,
        level=node.level,
        path=path,
        blocks=tuple(node.blocks),
        children=tuple(_freeze(child, path) for child in node.children),
        heading_block=node.block,
        label=label,
        title=title,
        matched_by=node.source,
    )


# --- levels --------------------------------------------------------------------

def _levels(document: Document, blocks: list[Block],
            divisions: dict[int, int] | None = None) -> tuple[dict[int, int], dict[int, str]]:
    """Heading level by block seq (blocks without a level are body text), and how each was found.

    ``divisions`` gives the rank of the division headings found by ``_divisions`` (Part 1, Chapter 1):
    without an outline they outrank every heading style.
    """
    headings = [block for block in blocks if block.kind is BlockKind.HEADING]
    if document.outline_source == "tags":
        # The tag tree's H1–H6 are the author's own levels; every heading block carries one.
        levels = {block.seq: block.level or 1 for block in headings}
        return levels, {seq: "tag" for seq in levels}
    if document.outline:
        matched = _match_outline(document.outline, blocks)
        if matched:
            return _levels_from_outline(document, blocks, headings, matched)
    return _levels_from_styles(headings, divisions or {})


def _similar(a: str, b: str) -> float:
    """How alike two titles are, on rapidfuzz's 0-100 (the cutoffs, 0-1, are scaled to it where compared)."""
    a, b = fold_title(a), fold_title(b)
    if not a or not b:
        return 0.0
    score = fuzz.ratio(a, b)
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 0.6 * len(longer) and len(shorter) >= 12:
        partial = fuzz.partial_ratio(shorter, longer)
        score = max(score, partial if partial >= 100 * PREFIX_MATCH_CUTOFF else 0)
    return score


def _match_outline(outline: tuple[OutlineEntry, ...], blocks: list[Block]) -> dict[int, OutlineEntry]:
    """Outline entry for each block seq it names, matched in order."""
    matched: dict[int, OutlineEntry] = {}
    start = 0
    for entry in outline:
        best: tuple[float, int] | None = None
        for position in range(start, len(blocks)):
            block = blocks[position]
            if entry.page is not None:
                if block.pages[0] > entry.page + PAGE_SLACK:
                    break
                if block.pages[-1] < entry.page - PAGE_SLACK:
                    continue
            if block.kind not in (BlockKind.HEADING, BlockKind.PARAGRAPH) or len(block.text) > 300:
                continue
            score = _similar(entry.title, block.text)
            needed = TITLE_MATCH_CUTOFF if block.kind is BlockKind.HEADING else PARAGRAPH_MATCH_CUTOFF
            if score >= 100 * needed and (best is None or score > best[0]):
                best = (score, position)
        if best is not None:
            matched[blocks[best[1]].seq] = entry
            start = best[1] + 1
    return matched


def _levels_from_outline(
    document: Document, blocks: list[Block], headings: list[Block], matched: dict[int, OutlineEntry]
) -> tuple[dict[int, int], dict[int, str]]:
    source = "bookmark" if document.outline_source == "bookmarks" else "contents-page"
    base = min(entry.level for entry in matched.values()) - 1
    levels: dict[int, int] = {seq: entry.level - base for seq, entry in matched.items()}
    sources = {seq: source for seq in matched}
    # Blocks the outline names but the reader set as paragraphs are headings too.
    for position, block in enumerate(blocks):
        if block.seq in matched and block.kind is not BlockKind.HEADING:
            blocks[position] = replace(block, kind=BlockKind.HEADING, level=levels[block.seq])
    style_levels: dict[tuple[float, bool], Counter[int]] = defaultdict(Counter)
    for block in blocks:
        if block.seq in matched:
            style_levels[(block.font_size, block.bold)][levels[block.seq]] += 1
    first_matched = min(matched)
    body_size = _body_size(blocks)
    current_level = 0
    current_size = float("inf")
    for block in blocks:
        if block.seq in levels:
            current_level, current_size = levels[block.seq], block.font_size
            continue
        if block.kind is not BlockKind.HEADING or block.seq < first_matched:
            continue  # cover-page display type before the first outlined heading is front matter
        if (block.font_size, block.bold) in style_levels and document.outline_source == "bookmarks":
            # Bookmarks made from headings list every heading of the levels they cover: text set
            # in the style of listed headings but not listed itself is a bold lead-in, not a heading.
            continue
        known = style_levels.get((block.font_size, block.bold))
        if known:
            level = known.most_common(1)[0][0]
            # A style the outline uses lower down never outranks the section we are in.
            level = max(level, current_level + 1) if block.font_size < current_size else level
        elif abs(block.font_size - body_size) <= BODY_SIZE_SLACK:
            # Bold at body size that no outlined heading uses ("Purpose", "The police should:")
            # is emphasis: the document named its headings, and these are not among them.
            continue
        else:
            level = current_level + 1 if block.font_size <= current_size else max(1, current_level)
        levels[block.seq] = level
        sources[block.seq] = "style"
    return levels, sources


def _body_size(blocks: list[Block]) -> float:
    """The type size most of the paragraphs are set in."""
    sizes: Counter[float] = Counter()
    for block in blocks:
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
            sizes[block.font_size] += len(block.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _levels_from_styles(headings: list[Block], divisions: dict[int, int]) -> tuple[dict[int, int], dict[int, str]]:
    # Parts (and Schedules) are level 1; Chapters, and the Parts of a Schedule, level 2 (1 without Parts).
    top = min(divisions.values(), default=0)
    depth = {seq: 1 if rank == top else 2 for seq, rank in divisions.items()}
    styles = sorted({(block.font_size, block.bold) for block in headings if block.seq not in divisions},
                    key=lambda s: (-s[0], not s[1]))
    rank = {style: max(depth.values(), default=0) + index + 1 for index, style in enumerate(styles)}
    levels = {block.seq: depth[block.seq] if block.seq in divisions
              else rank[(block.font_size, block.bold)] for block in headings}
    return levels, {seq: "label" if seq in divisions else "style" for seq in levels}


# --- divisions: "PART 2" on a line of its own, its title on the next ------------------------

# The divisions of an Act or a long document, highest first. legislation.gov.uk's PDFs (Apache FOP)
# print "PART 2" centred in small capitals and the Part's title on the line below, in the same small
# type as body text or smaller; a Schedule's label shares its line with the enacting section
# ("SCHEDULE 1 … Section 1", read as a two-cell row). Neither line is set as a heading, yet every
# section heading of the Part belongs under them.
_DIVISION_RANK = {"part": 1, "schedule": 1, "chapter": 2}
_DIVISION = re.compile(r"^(?P<word>part|schedule|chapter)\s+(?P<number>\d{1,3}[a-z]?)$", re.IGNORECASE)
_ENACTING = re.compile(r"^sections?\s+\d", re.IGNORECASE)  # "Section 1", "Sections 11 and 31"
DIVISION_TITLE_WORDS = 16  # a division's title line is short: longer text is a sentence


def _division_label(block: Block) -> str | None:
    if block.kind is BlockKind.TABLE_ROW:
        cells = [cell for cell in block.cells if cell]
        if len(cells) == 2 and _ENACTING.match(cells[1]) and _DIVISION.match(cells[0].strip()):
            return cells[0].strip()
        return None
    if block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING):
        text = block.text.strip()
        if _DIVISION.match(text):
            return text
        # Read by geometry, the label and the enacting section are one line: "SCHEDULE 1 Section 1".
        words = text.split()
        label, rest = " ".join(words[:2]), " ".join(words[2:])
        if _DIVISION.match(label) and _ENACTING.match(rest) and len(words) <= 8:
            return label
    return None


def _is_division_title(block: Block) -> bool:
    text = block.text.strip()
    return (block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING) and 0 < len(text.split()) <= DIVISION_TITLE_WORDS
            and not text.endswith((".", ";", ":", ",")) and text == text.upper() and any(c.isalpha() for c in text))


def _centred_under(line: Block, title: Block) -> bool:
    """Whether ``line`` is centred on ``title`` (a title's second line), not a banner at the side ("PROSPECTIVE")."""
    if not line.regions or not title.regions:
        return False
    a, b = line.regions[0], title.regions[-1]
    return abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= 0.1 * max(b.x1 - b.x0, a.x1 - a.x0, 1.0)


def _divisions(blocks: list[Block]) -> tuple[list[Block], dict[int, int]]:
    """Blocks with each division label and its title line made one heading, and each one's rank."""
    merged: list[Block] = []
    ranks: dict[int, int] = {}
    seen: set[str] = set()  # the division words met so far
    position = 0
    while position < len(blocks):
        block = blocks[position]
        label = _division_label(block)
        title = blocks[position + 1] if position + 1 < len(blocks) else None
        if label is None or title is None or title.pages[0] != block.pages[-1] or not _is_division_title(title):
            merged.append(block)
            position += 1
            continue
        titles = [title]
        more = blocks[position + 2] if position + 2 < len(blocks) else None
        if more is not None and more.pages[0] == title.pages[-1] and _is_division_title(more) \
                and _division_label(more) is None and _centred_under(more, title):
            titles.append(more)  # a title over two lines ("… ELSEWHERE IN GREAT" / "BRITAIN")
        text = label
        refs = list(block.footnote_refs)
        for part in titles:
            offset = len(text) + 1
            refs.extend(replace(ref, offset=ref.offset + offset) for ref in part.footnote_refs)
            text = f"{text} {part.text.strip()}"
        merged.append(replace(
            block, kind=BlockKind.HEADING, text=text, cells=(), number=None, marker=None, footnote_refs=tuple(refs),
            links=block.links + tuple(link for part in titles for link in part.links),
            regions=block.regions + tuple(region for part in titles for region in part.regions),
            font_size=max(block.font_size, *(part.font_size for part in titles)),
            bold=block.bold or any(part.bold for part in titles)))
        word = _DIVISION.match(label).group("word").lower()  # type: ignore[union-attr]
        # The Parts of a Schedule sit under it: a Part after the first Schedule ranks with Chapters.
        ranks[block.seq] = _DIVISION_RANK["chapter"] if word == "part" and "schedule" in seen else _DIVISION_RANK[word]
        seen.add(word)
        position += 1 + len(titles)
    return merged, ranks
