"""Helpers for tests that pin what a person sees on a PDF's pages: headings with printed pages, rows, items.

Used by ``test_reader_wild.py`` and ``test_reader_real.py``. Every helper answers a question
a reader of the paper copy could answer (which headings start on which printed page, which
items follow a lead-in sentence), so that a test reads as a statement about the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pytest

from guidediff.document import Block, BlockKind, Document
from guidediff.structure import Section, build_tree

_TREES: dict[str, Section] = {}


def reader_fault(reason: str):
    """A test of the truth that the reader does not meet yet (strict: it must fail until fixed)."""
    return pytest.mark.xfail(strict=True, reason=f"reader: {reason}")


def fold(text: str) -> str:
    text = re.sub("[\u2018\u2019\u201b\u2032]", "'", text)
    text = re.sub("[\u201c\u201d\u201f\u2033]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def tree_of(document: Document) -> Section:
    if document.sha256 not in _TREES:
        _TREES[document.sha256] = build_tree(document)
    return _TREES[document.sha256]


def start_page(document: Document, section: Section) -> str:
    block = section.heading_block
    return document.page_label(block.pages[0] if block is not None else section.pages[0])


def top_sections(document: Document) -> list[tuple[str, str]]:
    """The first level of the section tree: (heading, printed page where the heading stands)."""
    return [(fold(section.heading), start_page(document, section)) for section in tree_of(document).children]


def all_headings(document: Document) -> list[tuple[str, str]]:
    """Every section heading of the tree in reading order, whatever its level."""
    return [(fold(section.heading), start_page(document, section))
            for section in tree_of(document).walk() if section.heading_block is not None]


def children_of(document: Document, heading: str) -> list[tuple[str, str]]:
    section = next((s for s in tree_of(document).walk() if fold(s.heading) == heading), None)
    assert section is not None, f"no section headed {heading!r}"
    return [(fold(child.heading), start_page(document, child)) for child in section.children]


def casefolded(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(heading.casefold(), page) for heading, page in pairs]


def in_order(needles: Sequence[object], haystack: Sequence[object]) -> bool:
    """True when every needle occurs in haystack, in this order (other items may stand between)."""
    remaining = iter(haystack)
    return all(any(item == needle for item in remaining) for needle in needles)


def on_page(document: Document, label: str) -> list[Block]:
    index = document.page_index(label)
    assert index is not None, f"no printed page {label}"
    return [block for block in document.blocks if index in block.pages]


def starting(document: Document, prefix: str, blocks: Iterable[Block] | None = None) -> Block:
    prefix = fold(prefix)
    found = [block for block in (document.blocks if blocks is None else blocks) if fold(block.text).startswith(prefix)]
    assert found, f"no block starts with {prefix!r}"
    return found[0]


def texts(document: Document, blocks: Iterable[Block] | None = None) -> list[str]:
    """The text of every block and of every table cell: where a phrase could hide."""
    out: list[str] = []
    for block in document.blocks if blocks is None else blocks:
        out.append(fold(block.text))
        out.extend(fold(cell) for cell in block.cells)
    return out


def rows_after(document: Document, first_cell: str, count: int) -> list[tuple[str, ...]]:
    """``count`` table rows, as folded cells, from the row whose first cell is ``first_cell``."""
    rows = [block for block in document.blocks if block.kind is BlockKind.TABLE_ROW]
    start = next((i for i, row in enumerate(rows) if row.cells and fold(row.cells[0]) == first_cell), None)
    assert start is not None, f"no table row begins with the cell {first_cell!r}"
    return [tuple(fold(cell) for cell in row.cells) for row in rows[start:start + count]]


def list_items_after(document: Document, lead_in: str) -> list[str]:
    """The list items that follow the block starting with ``lead_in``, until the next non-item."""
    blocks = list(document.blocks)
    start = blocks.index(starting(document, lead_in))
    items = []
    for block in blocks[start + 1:]:
        if block.kind is BlockKind.FOOTNOTE:
            continue
        if block.kind is not BlockKind.LIST_ITEM:
            break
        items.append(fold(block.text))
    return items


def dotted_numbers(document: Document) -> list[tuple[int, int]]:
    return [tuple(int(part) for part in block.number.split(".")) for block in document.numbered_paragraphs()
            if re.fullmatch(r"\d+\.\d+", block.number)]


def runs_without_gaps(numbers: list[tuple[int, int]]) -> bool:
    """Chapter-numbered paragraphs (3.1, 3.2 …) count up by one inside each chapter and start at 1."""
    for previous, current in zip(numbers, numbers[1:]):
        same_chapter = current[0] == previous[0] and current[1] == previous[1] + 1
        next_chapter = current[0] > previous[0] and current[1] == 1
        if not (same_chapter or next_chapter):
            return False
    return bool(numbers) and numbers[0][1] == 1
