"""Align stage, the numbers: which cited paragraph, page, section and footnote numbers correspond.

In: both documents, their section trees, and the pairs the aligner linked (paragraph
pairs, section pairs). Out: a ``NumberingMap``, from which the diff stage gets, for
each changed paragraph, the ``textdiff.Renumbering`` its cross-references are checked
against (``for_blocks``).

Rules:

- Paragraph numbers are resolved within their *numbering scope*. Many editions
  restart their numbering in every chapter (Working Together 2013: each chapter has
  its own paragraph 13), so a "see paragraph 24" in Chapter 1 means Chapter 1's 24.
  A document's scope is the shallowest level of its section tree at which its
  numbers are (almost) unique: the whole document when they never repeat, each
  top-level section when they restart there, and so on (``numbering_depth``).
- A printed page of the old edition corresponds to the printed pages of the new
  one where the blocks it held went: each linked pair of blocks (paragraphs,
  headings, footnotes, moved text) pairs its first pages and its last pages.
- Section labels ("Chapter 4", "Annex B", "5.2") correspond through the section
  links; footnote numbers through the footnote links.
- Everything is a relation of (old, new) pairs read the same way from both sides,
  so swapping the editions inverts it and levels stay symmetric.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from guidediff.document import Block, BlockKind, Document
from guidediff.structure import Section
from guidediff.textdiff import ReferenceKind, Renumbering, section_value

DUPLICATE_SHARE = 0.02  # a scope may repeat this share of its numbers (reader slips) and still be the scope
MAX_DEPTH = 3  # scopes deeper than this many section levels are not looked for

Scope = tuple[str, ...]


def numbering_depth(tree: Section) -> int:
    """How many levels of section path make a paragraph number unique: 0 = the whole document."""
    numbered: list[tuple[tuple[str, ...], str]] = [
        (section.path, block.number) for section in tree.walk() for block in section.blocks
        if block.kind is BlockKind.PARAGRAPH and block.number
    ]
    if not numbered:
        return 0
    allowed = DUPLICATE_SHARE * len(numbered)
    for depth in range(MAX_DEPTH + 1):
        repeats = sum(count - 1 for count in Counter((path[:depth], number) for path, number in numbered).values())
        if repeats <= allowed:
            return depth
    return MAX_DEPTH


def _scopes(tree: Section, depth: int) -> dict[int, Scope]:
    """The numbering scope of every block of the tree, headings included, by block seq."""
    scopes: dict[int, Scope] = {}
    for section in tree.walk():
        scope = section.path[:depth]
        if section.heading_block is not None:
            scopes[section.heading_block.seq] = scope
        for block in section.blocks:
            scopes[block.seq] = scope
    return scopes


def _label_value(label: str | None) -> str | None:
    """"chapter 4" from "Chapter 4", "section 5.2" from "5.2"; None without a label."""
    if not label:
        return None
    keyword, _, value = label.partition(" ")
    return section_value(keyword, value) if value else section_value("section", keyword)


def _page_values(document: Document) -> frozenset[str]:
    """The printed pages that hold some block of the (maybe restricted) document."""
    return frozenset(document.page_label(index).casefold() for block in document.blocks for index in block.pages)


@dataclass(frozen=True)
class NumberingMap:
    """Corresponding numbers between two editions; ``for_blocks`` gives one change's ``Renumbering``."""

    old_scopes: Mapping[int, Scope]
    new_scopes: Mapping[int, Scope]
    paragraphs: Mapping[tuple[Scope, Scope], frozenset[tuple[str, str]]]
    old_paragraphs: Mapping[Scope, frozenset[str]]
    new_paragraphs: Mapping[Scope, frozenset[str]]
    shared: Renumbering  # pages, sections and footnotes: the same for every change

    @classmethod
    def empty(cls) -> NumberingMap:
        """No corresponding numbers: for alignments of sections only (``align.align_among``)."""
        return cls({}, {}, {}, {}, {}, Renumbering())

    def for_blocks(self, old: Block | None, new: Block | None) -> Renumbering:
        """The renumbering that cross-references in this pair of blocks are checked against."""
        old_scope = self.old_scopes.get(old.seq, ()) if old is not None else ()
        new_scope = self.new_scopes.get(new.seq, ()) if new is not None else ()
        kind = ReferenceKind.PARAGRAPH
        return Renumbering(
            {**self.shared.pairs, kind: self.paragraphs.get((old_scope, new_scope), frozenset())},
            {**self.shared.old_values, kind: self.old_paragraphs.get(old_scope, frozenset())},
            {**self.shared.new_values, kind: self.new_paragraphs.get(new_scope, frozenset())},
        )

    @property
    def paragraph_mapping(self) -> dict[str, str]:
        """{old number: new number} where that is unambiguous across scopes (for display and old callers)."""
        targets: dict[str, set[str]] = defaultdict(set)
        for pairs in self.paragraphs.values():
            for old, new in pairs:
                targets[old].add(new)
        return {old: next(iter(new)) for old, new in sorted(targets.items()) if len(new) == 1}


def numbering_map(old: Document, new: Document, old_tree: Section, new_tree: Section,
                  block_pairs: Iterable[tuple[Block, Block]],
                  section_pairs: Iterable[tuple[Section, Section]]) -> NumberingMap:
    """The corresponding numbers of two aligned editions (see the module docstring)."""
    old_scopes = _scopes(old_tree, numbering_depth(old_tree))
    new_scopes = _scopes(new_tree, numbering_depth(new_tree))
    paragraphs: dict[tuple[Scope, Scope], set[tuple[str, str]]] = defaultdict(set)
    pages: set[tuple[str, str]] = set()
    footnotes: set[tuple[str, str]] = set()
    sections: set[tuple[str, str]] = set()

    def pair_pages(a: Block, b: Block) -> None:
        pages.add((old.page_label(a.pages[0]).casefold(), new.page_label(b.pages[0]).casefold()))
        pages.add((old.page_label(a.pages[-1]).casefold(), new.page_label(b.pages[-1]).casefold()))

    for a, b in block_pairs:
        pair_pages(a, b)
        if a.number and b.number and a.kind is b.kind:
            if a.kind is BlockKind.PARAGRAPH:
                paragraphs[(old_scopes.get(a.seq, ()), new_scopes.get(b.seq, ()))].add((a.number, b.number))
            elif a.kind is BlockKind.FOOTNOTE:
                footnotes.add((a.number, b.number))
    for a_section, b_section in section_pairs:
        if a_section.heading_block is not None and b_section.heading_block is not None:
            pair_pages(a_section.heading_block, b_section.heading_block)
        a_label, b_label = _label_value(a_section.label), _label_value(b_section.label)
        if a_label and b_label:
            sections.add((a_label, b_label))

    old_paragraphs: dict[Scope, set[str]] = defaultdict(set)
    new_paragraphs: dict[Scope, set[str]] = defaultdict(set)
    for document, scopes, found in ((old, old_scopes, old_paragraphs), (new, new_scopes, new_paragraphs)):
        for block in document.numbered_paragraphs():
            found[scopes.get(block.seq, ())].add(block.number)  # type: ignore[arg-type]

    def labels(tree: Section) -> frozenset[str]:
        return frozenset(value for section in tree.walk() if (value := _label_value(section.label)))

    def footnote_numbers(document: Document) -> frozenset[str]:
        return frozenset(block.number for block in document.footnotes if block.number)

    shared = Renumbering(
        {ReferenceKind.PAGE: frozenset(pages), ReferenceKind.SECTION: frozenset(sections),
         ReferenceKind.FOOTNOTE: frozenset(footnotes)},
        {ReferenceKind.PAGE: _page_values(old), ReferenceKind.SECTION: labels(old_tree),
         ReferenceKind.FOOTNOTE: footnote_numbers(old)},
        {ReferenceKind.PAGE: _page_values(new), ReferenceKind.SECTION: labels(new_tree),
         ReferenceKind.FOOTNOTE: footnote_numbers(new)},
    )
    return NumberingMap(old_scopes, new_scopes,
                        {key: frozenset(pairs) for key, pairs in paragraphs.items()},
                        {scope: frozenset(numbers) for scope, numbers in old_paragraphs.items()},
                        {scope: frozenset(numbers) for scope, numbers in new_paragraphs.items()},
                        shared)
