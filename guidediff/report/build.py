"""The report stage: an alignment (and the watched terms) in, a ``Report`` out.

Each paragraph pair whose text differs becomes a change with a whole-word diff and a
*level* (``textdiff.classify``): ``bookkeeping`` when the difference is fully explained
by the renumbering and repagination the alignment computed (cross-references to
paragraphs of the same numbering scope, pages, sections, footnotes: ``for_blocks``
gives each change its own), ``minor`` when the words are the same and only case,
punctuation, spacing or a compound's hyphen differ, else ``substantive`` (with a
``reason`` when a reference could not be followed). ``substantive`` is true only at
that level. Paragraphs whose text is the same (re-flowed, re-hyphenated, renumbered,
with renumbered footnote markers) are not changes at all. Changes are listed in the
new edition's reading order, a removed paragraph where its old neighbour now stands.
Quotations the reader asked about (``QuoteEntry``, found by the find stage,
``guidediff.quotes``) are carried as given, in the order given. Drawings that differ
where the text does not (``FigureChange``, found by the images stage) become ``figure``
changes, placed after the block printed before them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from guidediff.version import __version__
from guidediff.align import Alignment, ParagraphLink, SectionLink
from guidediff.document import Block, BlockKind, Document
from guidediff.editions import EditionFacts, describe, distinguish_pair, page_range
from guidediff.report.model import (
    Change, ChangeKind, Edition, FigureChange, LinkChange, PageRegion, QuoteEntry, Report, SectionEntry, SectionRef, Side, Summary,
)
from guidediff.structure import Section
from guidediff.terms import TermChange
from guidediff.report.citations import anchors
from guidediff.report.describe import describe_change
from guidediff.report.links import link_changes, link_words
from guidediff.textdiff import (
    Level, Renumbering, Verdict, classify, diff_words, normalise, printed_diff, same_words, similarity_of,
)


def report_edition(facts: EditionFacts, page_range: tuple[str, str] | None = None) -> Edition:
    """One side of the report, as the editions stage named it; ``page_range`` when only part was compared."""
    document = facts.document
    return Edition(document.title, document.path, document.sha256, len(document.pages), facts.name, facts.short,
                   facts.corpus_id, facts.file_kind, page_range, document.reader)


def _section_ref(document: Document, section: Section) -> SectionRef:
    return SectionRef(section.path, section.heading, document.labels(section.pages), section.label)


def _section_id(link: SectionLink) -> str:
    if link.new:
        block = link.new[0].heading_block
        return f"s-n{block.seq}" if block is not None else "s-front"
    block = link.old[0].heading_block
    return f"s-o{block.seq}" if block is not None else "s-front"


def _side(document: Document, blocks: tuple[Block, ...], section: Section | None, anchors: dict[int, str]) -> Side:
    """One side of a change: its block (or, for a split or merge, its blocks joined in reading order)."""
    first = blocks[0]
    footnote = first.number if first.kind is BlockKind.FOOTNOTE else None
    number = first.number if first.kind is BlockKind.PARAGRAPH else None
    pages = document.labels(tuple(index for block in blocks for index in block.pages))
    text = " ".join(block.text for block in blocks)
    return Side(number, pages, text, first.kind.value, footnote, section.path if section else (),
                tuple(region for block in blocks for region in page_regions(document, block)), anchors.get(first.seq))


def _parts(document: Document, blocks: tuple[Block, ...], section: Section | None, anchors: dict[int, str]) -> tuple[Side, ...]:
    """Each block of a split's (or merge's) several paragraphs as a side of its own; () for one block."""
    return tuple(_side(document, (block,), section, anchors) for block in blocks) if len(blocks) > 1 else ()


def page_regions(document: Document, block: Block) -> tuple[PageRegion, ...]:
    """Where the reader found ``block`` printed, as the report carries it (printed label and file position)."""
    return tuple(PageRegion(document.page_label(region.page), region.page, (region.x0, region.y0, region.x1, region.y1))
                 for region in block.regions)


def citation(edition: Edition, side: Side | None) -> str:
    """"p. 38, para 135" or "p. 10, para 33, bullet 4" for one side of a change."""
    if side is None:
        return ""
    where = page_range(side.pages)
    if side.anchor:
        where += f", {side.anchor}"
    elif side.number:
        where += f", para {side.number}"
    elif side.footnote:
        where += f", footnote {side.footnote}"
    elif side.block == "figure":
        where += ", figure"
    return where


def _change_citation(old: Edition, new: Edition, change_old: Side | None, change_new: Side | None) -> str:
    """"KCSIE 2025, p. 38, para 135 (2024: p. 38, para 135)"."""
    if change_new is not None:
        text = f"{new.name}, {citation(new, change_new)}"
        if change_old is not None:
            text += f" ({old.short}: {citation(old, change_old)})"
        return text
    assert change_old is not None
    return f"{old.name}, {citation(old, change_old)} (removed in {new.short})"


def _concepts_in(texts: Iterable[str], matcher) -> tuple[str, ...]:  # noqa: ANN001 - the terms module's matcher
    if matcher is None:
        return ()
    found: set[str] = set()
    for text in texts:
        found.update(matcher(text))
    return tuple(sorted(found))


def build_report(
    alignment: Alignment,
    terms: Iterable[TermChange] = (),
    *,
    concept_matcher=None,  # noqa: ANN001 - a callable text -> concept ids, from the terms module
    old_edition: Edition | None = None,
    new_edition: Edition | None = None,
    watchlist: str = "safeguarding",
    quotes: Iterable[QuoteEntry] = (),
    figures: Iterable[FigureChange] = (),
) -> Report:
    old_doc, new_doc = alignment.old, alignment.new
    if old_edition is None or new_edition is None:
        old_facts, new_facts = distinguish_pair(describe(old_doc, old_doc), describe(new_doc, new_doc))
        old_edition, new_edition = report_edition(old_facts), report_edition(new_facts)
    section_of_link: dict[int, str] = {}
    for link in alignment.sections:
        identifier = _section_id(link)
        for section in link.old + link.new:
            if section.heading_block is not None:
                section_of_link[id(section)] = identifier
    context = _Context(alignment, old_edition, new_edition, section_of_link,
                       anchors(old_doc, alignment.renumbering.old_scopes),
                       anchors(new_doc, alignment.renumbering.new_scopes), concept_matcher)
    new_position = {block.seq: position for position, block in enumerate(new_doc.blocks)}
    removed_at = _removed_anchors(alignment.paragraphs, old_doc, new_position)

    changes: list[tuple[float, Change]] = []
    for link in alignment.paragraphs:
        change = _paragraph_change(context, link)
        if change is None:
            continue
        new_blocks = link.new_blocks
        order = new_position[new_blocks[0].seq] if new_blocks else removed_at[link.old_blocks[0].seq]
        changes.append((order, change))
    changes.extend(_lone_heading_changes(context, [change for _, change in changes], new_position, removed_at))
    changes.extend(_heading_changes(context, new_position))
    changes.extend(_figure_changes(figures, alignment, old_edition, new_edition, section_of_link, new_position, removed_at))
    changes.sort(key=lambda item: (item[0], item[1].id))
    ordered = tuple(change for _, change in changes)

    sections = _section_entries(alignment, old_doc, new_doc, ordered)
    summary = _summary(sections, ordered)
    return Report(old_edition, new_edition, summary, sections, ordered, tuple(terms),
                  watchlist, __version__,
                  {"heading_cutoff": alignment.options.heading_cutoff,
                   "content_cutoff": alignment.options.content_cutoff,
                   "paragraph_cutoff": alignment.options.paragraph_cutoff,
                   "moved_cutoff": alignment.options.moved_cutoff},
                  tuple(quotes))


def _removed_anchors(links: tuple[ParagraphLink, ...], old_doc: Document, new_position: dict[int, int]) -> dict[int, float]:
    """Where a removed paragraph goes in new reading order: just after the new place of its nearest kept predecessor."""
    partner = {link.old.seq: new_position[link.new.seq] for link in links if link.old is not None and link.new is not None}
    anchors: dict[int, float] = {}
    last = -1.0
    offset = 0.0
    for block in old_doc.blocks:
        if block.seq in partner:
            last, offset = float(partner[block.seq]), 0.0
        else:
            offset += 1e-3
            anchors[block.seq] = last + offset
    return anchors


@dataclass(frozen=True)
class _Context:
    """What every change of one report is built from."""

    alignment: Alignment
    old_edition: Edition
    new_edition: Edition
    section_of_link: dict[int, str]  # id(Section) -> the id of its section link
    old_anchors: dict[int, str]  # block seq -> "para 135, bullet 3"
    new_anchors: dict[int, str]
    matcher: Any  # a callable text -> concept ids (the terms module's), or None

    def change(self, *, identifier: str, kind: ChangeKind, old_blocks: tuple[Block, ...], new_blocks: tuple[Block, ...],
               old_section: Section | None, new_section: Section | None, verdict: Verdict | None,
               moved_text: bool = False, links: tuple[LinkChange, ...] = ()) -> Change:
        """A change between these blocks; ``verdict`` None means substantive (added, removed, moved text)."""
        alignment = self.alignment
        old_side = _side(alignment.old, old_blocks, old_section, self.old_anchors) if old_blocks else None
        new_side = _side(alignment.new, new_blocks, new_section, self.new_anchors) if new_blocks else None
        old_text = normalise(old_side.text) if old_side else ""
        new_text = normalise(new_side.text) if new_side else ""
        # Compared on the folded texts, shown as printed (an em dash stays an em dash).
        folded_diff: tuple[tuple[str, str], ...] = ((("=", new_text),) if moved_text and old_text == new_text
                                                    else diff_words(old_text, new_text))
        diff = printed_diff(folded_diff, old_side.text if old_side else "", new_side.text if new_side else "")
        level, reason = (verdict.level, verdict.reason) if verdict is not None else (Level.SUBSTANTIVE, None)
        if old_side is None:
            changed = [new_side.text]  # type: ignore[union-attr]
        elif new_side is None:
            changed = [old_side.text]
        else:
            changed = [text for op, text in folded_diff if op != "="]
        section = new_side.section if new_side is not None else old_side.section  # type: ignore[union-attr]
        section_obj = new_section if new_side is not None else old_section
        parts = ((_parts(alignment.old, old_blocks, old_section, self.old_anchors)
                  + _parts(alignment.new, new_blocks, new_section, self.new_anchors))
                 if kind in (ChangeKind.SPLIT, ChangeKind.MERGED) else ())
        change = Change(
            id=identifier, kind=kind, section=section, old=old_side, new=new_side, diff=diff,
            similarity=similarity_of(folded_diff, old_text, new_text) if old_text and new_text else 0.0,
            substantive=level is Level.SUBSTANTIVE, reason=reason,
            concepts=_concepts_in(changed, self.matcher) if level is Level.SUBSTANTIVE else (),
            section_id=self.section_of_link.get(id(section_obj)) if section_obj is not None else None,
            citation=_change_citation(self.old_edition, self.new_edition, old_side, new_side),
            level=level, parts=parts, links=links,
        )
        return replace(change, description=describe_change(change, tuple(link_words(found) for found in links)))


def _resegmented_verdict(old_text: str, new_text: str, renumbering: Renumbering, kind: ChangeKind) -> Verdict:
    """A split or merge is minor when no word changed, else the level of its joined texts."""
    verdict = classify(old_text, new_text, renumbering)
    as_printed = "now printed as several paragraphs" if kind is ChangeKind.SPLIT else "now printed as one paragraph"
    if verdict is None:
        return Verdict(Level.MINOR, f"the same text, {as_printed}")
    if verdict.level is Level.SUBSTANTIVE:
        return verdict
    return Verdict(Level.MINOR, f"{as_printed}; {verdict.reason}")


def _with_links(verdict: Verdict | None, links: tuple[LinkChange, ...]) -> Verdict | None:
    """A changed link makes its paragraph's change substantive, whatever its words did."""
    if not links or verdict is None or verdict.level is Level.SUBSTANTIVE:
        return verdict
    return Verdict(Level.SUBSTANTIVE, f"{verdict.reason}, but a link changed" if verdict.reason else "a link changed")


def _paragraph_change(context: _Context, link: ParagraphLink) -> Change | None:
    alignment = context.alignment
    old_blocks, new_blocks = link.old_blocks, link.new_blocks
    links = link_changes(old_blocks, new_blocks) if old_blocks and new_blocks else ()
    if link.kind == "same":
        if not links:
            return None
        # The same words, other links: a change of the paragraph all the same (publishers list "link added").
        return context.change(identifier=f"c-n{new_blocks[0].seq}", kind=ChangeKind.MODIFIED, old_blocks=old_blocks,
                              new_blocks=new_blocks, old_section=link.old_section, new_section=link.new_section,
                              verdict=Verdict(Level.SUBSTANTIVE, "the words are the same; a link changed"), links=links)
    kind = ChangeKind(link.kind)
    verdict = None
    in_place = kind is ChangeKind.MOVED and link.matched_by == "in-place"
    if in_place or kind in (ChangeKind.MODIFIED, ChangeKind.SPLIT, ChangeKind.MERGED):
        renumbering = alignment.renumbering.for_blocks(link.old, link.new)
        old_text = " ".join(block.text for block in old_blocks)
        new_text = " ".join(block.text for block in new_blocks)
        if in_place:
            # Its section changed, not its place in the text: the heading's change is the news.
            verdict = classify(old_text, new_text, renumbering) or Verdict(Level.BOOKKEEPING, IN_PLACE_REASON)
        elif kind is ChangeKind.MODIFIED:
            verdict = classify(old_text, new_text, renumbering)
        else:
            verdict = _resegmented_verdict(old_text, new_text, renumbering, kind)
    identifier = f"c-n{new_blocks[0].seq}" if new_blocks else f"c-o{old_blocks[0].seq}"
    return context.change(identifier=identifier, kind=kind, old_blocks=old_blocks, new_blocks=new_blocks,
                          old_section=link.old_section, new_section=link.new_section, verdict=_with_links(verdict, links),
                          moved_text=kind is ChangeKind.MOVED, links=links)


def _figure_changes(figures: Iterable[FigureChange], alignment: Alignment, old_info: Edition, new_info: Edition,
                    section_of_link: dict[int, str], new_position: dict[int, int],
                    anchors: dict[int, float]) -> list[tuple[float, Change]]:
    """Each drawing that differs, as a ``figure`` change in the section of the block printed before it."""
    new_sections = {link.new.seq: link.new_section for link in alignment.paragraphs if link.new is not None}
    old_sections = {link.old.seq: link.old_section for link in alignment.paragraphs if link.old is not None}
    partner = {link.old.seq: new_position[link.new.seq] for link in alignment.paragraphs
               if link.old is not None and link.new is not None}
    found: list[tuple[float, Change]] = []
    for figure in figures:
        if figure.after_new is not None and figure.after_new in new_position:
            order, section_obj = new_position[figure.after_new] + 5e-4, new_sections.get(figure.after_new)
        elif figure.after_old is not None:
            order = partner.get(figure.after_old, anchors.get(figure.after_old, -1.0)) + 5e-4
            section_obj = old_sections.get(figure.after_old)
        else:
            order, section_obj = -1.0, None
        section = section_obj.path if section_obj is not None else ()
        old_section = old_sections.get(figure.after_old) if figure.after_old is not None else None
        old_side = (replace(figure.old, section=old_section.path if old_section is not None else section)
                    if figure.old is not None else None)
        new_side = replace(figure.new, section=section) if figure.new is not None else None
        change = Change(
            id=figure.id, kind=ChangeKind.FIGURE, section=section, old=old_side, new=new_side, diff=(),
            similarity=figure.similarity, substantive=True,
            section_id=section_of_link.get(id(section_obj)) if section_obj is not None else None,
            citation=_change_citation(old_info, new_info, old_side, new_side),
        )
        found.append((order, replace(change, description=describe_change(change))))
    return found


RENUMBERED_HEADING_REASON = "the heading's number only follows the renumbering of sections"
IN_PLACE_REASON = "the same text in the same place; only a heading above it came, went or changed"


def _heading_verdict(alignment: Alignment, old_section: Section, new_section: Section) -> Verdict | None:
    old_text, new_text = normalise(old_section.heading), normalise(new_section.heading)
    if old_text == new_text:
        return None
    if normalise(old_section.title) == normalise(new_section.title):
        return Verdict(Level.BOOKKEEPING, RENUMBERED_HEADING_REASON)
    renumbering = alignment.renumbering.for_blocks(old_section.heading_block, new_section.heading_block)
    verdict = classify(old_text, new_text, renumbering)
    if verdict is not None and verdict.level is Level.SUBSTANTIVE and same_words(old_section.title, new_section.title):
        in_title = classify(old_section.title, new_section.title)
        return Verdict(Level.MINOR, f"{RENUMBERED_HEADING_REASON}, and in its title {in_title.reason if in_title else 'nothing'}")
    return verdict


def _heading_changes(context: _Context, new_position: dict[int, int]) -> list[tuple[float, Change]]:
    """A heading whose wording changed is a change too ("…significant harm" → "…significant harm:")."""
    found: list[tuple[float, Change]] = []
    for link in context.alignment.sections:
        if not link.old or not link.new:
            continue
        old_section, new_section = link.old[0], link.new[0]
        if old_section.heading_block is None or new_section.heading_block is None:
            continue
        verdict = _heading_verdict(context.alignment, old_section, new_section)
        if verdict is None:
            continue
        change = context.change(identifier=f"c-n{new_section.heading_block.seq}", kind=ChangeKind.MODIFIED,
                                old_blocks=(old_section.heading_block,), new_blocks=(new_section.heading_block,),
                                old_section=old_section, new_section=new_section, verdict=verdict)
        found.append((new_position[new_section.heading_block.seq], change))
    return found


def _lone_heading_changes(context: _Context, paragraph_changes: list[Change], new_position: dict[int, int],
                          removed_at: dict[int, float]) -> list[tuple[float, Change]]:
    """A heading that came or went over text that stayed where it was is itself the change.

    An added section's news is usually its added text; one set over paragraphs that did not
    move (they are moved only in the bookkeeping sense, see ``align._in_place``), or over
    sub-sections alone, would otherwise say nothing in the list of changes.
    """
    with_text = {change.section_id for change in paragraph_changes
                 if change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED)}
    found: list[tuple[float, Change]] = []
    for link in context.alignment.sections:
        if (link.old and link.new) or _section_id(link) in with_text:
            continue
        for section in link.new or link.old:
            block = section.heading_block
            if block is None:
                continue
            if link.new:
                found.append((new_position[block.seq], context.change(
                    identifier=f"c-n{block.seq}", kind=ChangeKind.ADDED, old_blocks=(), new_blocks=(block,),
                    old_section=None, new_section=section, verdict=None)))
            else:
                found.append((removed_at[block.seq], context.change(
                    identifier=f"c-o{block.seq}", kind=ChangeKind.REMOVED, old_blocks=(block,), new_blocks=(),
                    old_section=section, new_section=None, verdict=None)))
    return found


def _section_entries(alignment: Alignment, old_doc: Document, new_doc: Document,
                     changes: tuple[Change, ...]) -> tuple[SectionEntry, ...]:
    substantive = Counter(change.section_id for change in changes if change.level is Level.SUBSTANTIVE)
    minor = Counter(change.section_id for change in changes if change.level is Level.MINOR)
    bookkeeping = Counter(change.section_id for change in changes if change.level is Level.BOOKKEEPING)
    entries: list[tuple[tuple[int, int], SectionEntry]] = []
    for link in alignment.sections:
        identifier = _section_id(link)
        entry = SectionEntry(
            identifier, link.kind,
            tuple(_section_ref(old_doc, section) for section in link.old),
            tuple(_section_ref(new_doc, section) for section in link.new),
            link.score, link.matched_by, link.flags, substantive.get(identifier, 0), bookkeeping.get(identifier, 0),
            minor.get(identifier, 0), link.share,
        )
        if link.new:
            first = link.new[0].heading_block
            order = (first.seq if first is not None else -1, 0)
        else:
            order = (_old_anchor(link, alignment), 1)
        entries.append((order, entry))
    entries.sort(key=lambda item: (item[0], item[1].id))
    return tuple(entry for _, entry in entries)


def _old_anchor(link: SectionLink, alignment: Alignment) -> int:
    """A removed section is listed where its old predecessor's partner stands in the new edition."""
    heading = link.old[0].heading_block
    if heading is None:
        return -1
    best = -1
    for other in alignment.sections:
        if other.old and other.new and other.old[0].heading_block is not None and other.new[0].heading_block is not None:
            if other.old[0].heading_block.seq < heading.seq:
                best = max(best, other.new[0].heading_block.seq)
    return best


def _summary(sections: tuple[SectionEntry, ...], changes: tuple[Change, ...]) -> Summary:
    counts: Counter[str] = Counter()
    for entry in sections:
        if entry.kind in ("matched", "renumbered"):
            counts["modified" if entry.changes else "unchanged"] += 1
            if entry.kind == "renumbered":
                counts["renumbered"] += 1
        else:
            counts[entry.kind] += 1
    change_counts = {level.value: sum(1 for change in changes if change.level is level) for level in Level}
    for kind in ChangeKind:
        change_counts[kind.value] = sum(1 for change in changes if change.kind == kind and change.substantive)
    return Summary(dict(counts), change_counts)
