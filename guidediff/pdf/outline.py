"""Which outline names the document's headings: the tags, the bookmarks or the contents page.

Input: the bookmarks as read, the heading blocks, the contents page's entries.
Output: the heading outline and where it came from (``Document.outline_source``).

Bookmarks are not always headings. Word's own "Save as PDF" (and tools that
re-save its files, such as iLovePDF) can export *structure bookmarks*: one root
entry titled "Structure Bookmarks" and under it an entry for every element of
the tag tree — paragraphs, bullets ("•"), paragraph numbers ("136."), footnote
texts, blanks — eight levels deep. Used as headings, they turn a 185-page
edition into ~750 sections. So an outline is only taken when its entries read
like headings. The order of preference: the H1–H6 tags of a tag tree the reader
follows; else bookmarks that look like headings; else the printed contents page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guidediff.document import Block, BlockKind, OutlineEntry
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

STRUCTURE_ROOT = re.compile(r"^\s*structure\s+bookmarks\s*$", re.IGNORECASE)
MAX_LEVELS = 6  # headings deeper than H6 do not exist: deeper nesting is the tag tree, not headings

_NOT_A_HEADING = re.compile(
    r"^(?:[\W_]*|\d{1,3}(?:\.\d{1,3})*\.?|[•▪◦●○■□‣⁃∙➢➤►▶–—-])$"  # blanks, bullets, bare paragraph numbers
)


@dataclass(frozen=True, slots=True)
class OutlineVerdict:
    usable: bool
    reason: str


def judge_bookmarks(entries: tuple[OutlineEntry, ...], raw_titles: tuple[str, ...] = (),
                    options: ReaderOptions = DEFAULT_OPTIONS) -> OutlineVerdict:
    """Whether bookmarks name headings, or are structure bookmarks / a dump of paragraphs."""
    if not entries:
        return OutlineVerdict(False, "no bookmarks")
    titles = raw_titles or tuple(entry.title for entry in entries)
    if any(STRUCTURE_ROOT.match(title) for title in titles[:3]):
        return OutlineVerdict(False, "structure bookmarks (every tag of the document, not its headings)")
    prose = sum(1 for title in titles if _reads_as_prose(title, options.bookmark_title_chars))
    if prose > options.bookmark_prose_share * len(titles):
        return OutlineVerdict(False, f"{prose} of {len(titles)} bookmarks are paragraphs, bullets or numbers")
    if max(entry.level for entry in entries) > MAX_LEVELS + 2:
        return OutlineVerdict(False, "bookmarks nested deeper than any heading")
    return OutlineVerdict(True, "bookmarks")


def _reads_as_prose(title: str, title_chars: int) -> bool:
    text = title.strip()
    if _NOT_A_HEADING.match(text):
        return True
    if len(text) > title_chars:
        return True
    # A sentence: long, and ending as sentences end (headings rarely end with a full stop).
    return len(text) > 80 and text.endswith((".", ";", ","))


def outline_from_headings(blocks: list[Block]) -> tuple[OutlineEntry, ...]:
    """The outline the tagged headings make: each heading block with its level and first page."""
    return tuple(OutlineEntry(block.text, block.level, block.pages[0])
                 for block in blocks if block.kind is BlockKind.HEADING and block.level)
