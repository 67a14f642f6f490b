"""The diff stage: an alignment (and the watched terms) in, a ``Report`` out.

Each paragraph pair whose text differs becomes a change with a whole-word diff.
A change is *bookkeeping* (``substantive: false``) only when rewriting the old
text's cross-references through the paragraph renumbering gives the new text
exactly (``textdiff.is_bookkeeping``); anything else is substantive. Paragraphs
whose text is the same (re-flowed, re-hyphenated, renumbered, with renumbered
footnote markers) are not changes at all. Changes are listed in the new
edition's reading order, a removed paragraph where its old neighbour now stands.
Quotations the reader asked about (``QuoteEntry``, found by the find stage,
``guidediff.quotes``) are carried as given, in the order given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from guidediff.version import __version__
from guidediff.align import Alignment, ParagraphLink, SectionLink
from guidediff.document import Block, BlockKind, Document
from guidediff.editions import EditionFacts, describe, distinguish_pair, page_range
from guidediff.report.model import (
    Change, ChangeKind, Edition, QuoteEntry, Report, SectionEntry, SectionRef, Side, Summary, TermEntry,
)
from guidediff.structure import Section
from guidediff.terms import TermChange
from guidediff.textdiff import diff_words, is_bookkeeping, normalise, similarity_of

BOOKKEEPING_REASON = "cross-references only follow the renumbering of paragraphs"

def report_edition(facts: EditionFacts, page_range: tuple[str, str] | None = None) -> Edition:
    """One side of the report, as the editions stage named it; ``page_range`` when only part was compared."""
    document = facts.document
    return Edition(document.title, document.path, document.sha256, len(document.pages), facts.name, facts.short,
                   facts.corpus_id, facts.file_kind, page_range)


def term_entry(change: TermChange) -> TermEntry:
    """A watched concept's change, as the report carries it."""
    return TermEntry(change.concept.id, change.concept.label, change.old.count, change.old.pages, change.new.count,
                     change.new.pages, change.status.value, change.new_pages)


def _section_ref(document: Document, section: Section) -> SectionRef:
    return SectionRef(section.path, section.heading, document.labels(section.pages), section.label)


def _section_id(link: SectionLink) -> str:
    if link.new:
        block = link.new[0].heading_block
        return f"s-n{block.seq}" if block is not None else "s-front"
    block = link.old[0].heading_block
    return f"s-o{block.seq}" if block is not None else "s-front"


def _side(document: Document, block: Block, section: Section | None) -> Side:
    footnote = block.number if block.kind is BlockKind.FOOTNOTE else None
    number = block.number if block.kind is BlockKind.PARAGRAPH else None
    return Side(number, document.labels(block), block.text, block.kind.value, footnote, section.path if section else ())


def citation(edition: Edition, side: Side | None) -> str:
    """"p. 38, para 135" for one side of a change."""
    if side is None:
        return ""
    where = page_range(side.pages)
    if side.number:
        where += f", para {side.number}"
    elif side.footnote:
        where += f", footnote {side.footnote}"
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


def _changed_text(link: ParagraphLink, diff: tuple[tuple[str, str], ...]) -> list[str]:
    """What a reader would say changed: the inserted and deleted words (or the whole paragraph)."""
    if link.old is None:
        return [link.new.text]  # type: ignore[union-attr]
    if link.new is None:
        return [link.old.text]
    return [text for op, text in diff if op != "="]


def build_report(
    alignment: Alignment,
    terms: Iterable[TermChange] = (),
    *,
    concept_matcher=None,  # noqa: ANN001 - a callable text -> concept ids, from the terms module
    old_edition: Edition | None = None,
    new_edition: Edition | None = None,
    watchlist: str = "safeguarding",
    quotes: Iterable[QuoteEntry] = (),
) -> Report:
    old_doc, new_doc = alignment.old, alignment.new
    if old_edition is None or new_edition is None:
        old_facts, new_facts = distinguish_pair(describe(old_doc, old_doc), describe(new_doc, new_doc))
        old_edition, new_edition = report_edition(old_facts), report_edition(new_facts)
    old_info, new_info = old_edition, new_edition
    section_of_link: dict[int, str] = {}
    for link in alignment.sections:
        identifier = _section_id(link)
        for section in link.old + link.new:
            if section.heading_block is not None:
                section_of_link[id(section)] = identifier
    new_position = {block.seq: position for position, block in enumerate(new_doc.blocks)}
    anchors = _removed_anchors(alignment.paragraphs, old_doc, new_position)

    changes: list[tuple[float, Change]] = []
    resegmented = _resegmented(alignment.paragraphs)
    for link in alignment.paragraphs:
        if id(link) in resegmented:
            continue
        change = _change(link, alignment, old_info, new_info, section_of_link, concept_matcher)
        if change is None:
            continue
        order = new_position[link.new.seq] if link.new is not None else anchors[link.old.seq]  # type: ignore[union-attr]
        changes.append((order, change))
    changes.extend(_heading_changes(alignment, old_info, new_info, section_of_link, new_position, concept_matcher))
    changes.sort(key=lambda item: (item[0], item[1].id))
    ordered = tuple(change for _, change in changes)

    sections = _section_entries(alignment, old_doc, new_doc, ordered)
    summary = _summary(sections, ordered)
    return Report(old_info, new_info, summary, sections, ordered, tuple(term_entry(term) for term in terms), watchlist,
                  __version__,
                  {"heading_cutoff": alignment.options.heading_cutoff,
                   "content_cutoff": alignment.options.content_cutoff,
                   "paragraph_cutoff": alignment.options.paragraph_cutoff,
                   "moved_cutoff": alignment.options.moved_cutoff},
                  tuple(quotes))


def _resegmented(links: tuple[ParagraphLink, ...]) -> set[int]:
    """Links that only show a different cut between paragraphs, which is layout, not a change.

    One edition may print two short paragraphs as one (a page break fell between
    them, and nothing on the page says whether the second continues the first):
    "…– DfE statutory guidance" + "Missing Children and Adults strategy…". When a
    modified pair differs exactly by a whole paragraph that the other edition has
    on its own (added or removed), neither link is a change.
    """
    removed = {normalise(link.old.text): link for link in links if link.kind == "removed" and link.old is not None}
    added = {normalise(link.new.text): link for link in links if link.kind == "added" and link.new is not None}
    quiet: set[int] = set()
    for link in links:
        if link.kind != "modified" or link.old is None or link.new is None:
            continue
        old_text, new_text = normalise(link.old.text), normalise(link.new.text)
        for longer, shorter, pool in ((new_text, old_text, removed), (old_text, new_text, added)):
            extra = _remainder(longer, shorter)
            partner = pool.get(extra) if extra else None
            if partner is not None and id(partner) not in quiet:
                quiet.update((id(link), id(partner)))
                break
    return quiet


def _remainder(longer: str, shorter: str) -> str | None:
    """What ``longer`` adds to ``shorter`` at its start or end, or None."""
    if longer.startswith(shorter + " "):
        return longer[len(shorter) + 1:]
    if longer.endswith(" " + shorter):
        return longer[: -len(shorter) - 1]
    return None


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


def _change(link: ParagraphLink, alignment: Alignment, old_info: Edition, new_info: Edition,
            section_of_link: dict[int, str], matcher) -> Change | None:  # noqa: ANN001
    old_doc, new_doc = alignment.old, alignment.new
    if link.kind == "same":
        return None
    old_side = _side(old_doc, link.old, link.old_section) if link.old is not None else None
    new_side = _side(new_doc, link.new, link.new_section) if link.new is not None else None
    old_text = normalise(link.old.text) if link.old is not None else ""
    new_text = normalise(link.new.text) if link.new is not None else ""
    if link.kind == "moved" and old_text == new_text:
        diff: tuple[tuple[str, str], ...] = (("=", new_text),)
    else:
        diff = diff_words(old_text, new_text)
    substantive, reason = True, None
    if link.kind == "modified" and is_bookkeeping(old_text, new_text, alignment.renumbering):
        substantive, reason = False, BOOKKEEPING_REASON
    section = new_side.section if new_side is not None else old_side.section  # type: ignore[union-attr]
    section_obj = link.new_section if link.new is not None else link.old_section
    identifier = f"c-n{link.new.seq}" if link.new is not None else f"c-o{link.old.seq}"  # type: ignore[union-attr]
    return Change(
        id=identifier,
        kind=ChangeKind(link.kind),
        section=section,
        old=old_side,
        new=new_side,
        diff=diff,
        similarity=similarity_of(diff, old_text, new_text) if old_text and new_text else 0.0,
        substantive=substantive,
        reason=reason,
        concepts=_concepts_in(_changed_text(link, diff), matcher) if substantive else (),
        section_id=section_of_link.get(id(section_obj)) if section_obj is not None else None,
        citation=_change_citation(old_info, new_info, old_side, new_side),
    )


RENUMBERED_HEADING_REASON = "the heading's number only follows the renumbering of sections"


def _heading_changes(alignment: Alignment, old_info: Edition, new_info: Edition, section_of_link: dict[int, str],
                     new_position: dict[int, int], matcher) -> list[tuple[float, Change]]:  # noqa: ANN001
    """A heading whose wording changed is a change too ("…significant harm" → "…significant harm:")."""
    found: list[tuple[float, Change]] = []
    for link in alignment.sections:
        if not link.old or not link.new:
            continue
        old_section, new_section = link.old[0], link.new[0]
        if old_section.heading_block is None or new_section.heading_block is None:
            continue
        old_text, new_text = normalise(old_section.heading), normalise(new_section.heading)
        if old_text == new_text:
            continue
        substantive, reason = True, None
        if normalise(old_section.title) == normalise(new_section.title):
            substantive, reason = False, RENUMBERED_HEADING_REASON
        old_side = _side(alignment.old, old_section.heading_block, old_section)
        new_side = _side(alignment.new, new_section.heading_block, new_section)
        diff = diff_words(old_text, new_text)
        change = Change(
            id=f"c-n{new_section.heading_block.seq}", kind=ChangeKind.MODIFIED, section=new_section.path,
            old=old_side, new=new_side, diff=diff, similarity=similarity_of(diff, old_text, new_text),
            substantive=substantive, reason=reason,
            concepts=_concepts_in([text for op, text in diff if op != "="], matcher) if substantive else (),
            section_id=section_of_link.get(id(new_section)),
            citation=_change_citation(old_info, new_info, old_side, new_side),
        )
        found.append((new_position[new_section.heading_block.seq], change))
    return found


def _section_entries(alignment: Alignment, old_doc: Document, new_doc: Document,
                     changes: tuple[Change, ...]) -> tuple[SectionEntry, ...]:
    substantive = Counter(change.section_id for change in changes if change.substantive)
    bookkeeping = Counter(change.section_id for change in changes if not change.substantive)
    entries: list[tuple[tuple[int, int], SectionEntry]] = []
    for link in alignment.sections:
        identifier = _section_id(link)
        entry = SectionEntry(
            identifier, link.kind,
            tuple(_section_ref(old_doc, section) for section in link.old),
            tuple(_section_ref(new_doc, section) for section in link.new),
            link.score, link.matched_by, link.flags, substantive.get(identifier, 0), bookkeeping.get(identifier, 0),
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
    change_counts = {
        "substantive": sum(1 for change in changes if change.substantive),
        "bookkeeping": sum(1 for change in changes if not change.substantive),
    }
    for kind in ChangeKind:
        change_counts[kind.value] = sum(1 for change in changes if change.kind == kind and change.substantive)
    return Summary(dict(counts), change_counts)
