"""Printed contents pages: recognise them, keep them out of the body, read their entries.

A contents page is near the front of the document and most of its lines are an
entry title followed by a printed page number, set apart by dot leaders or a
wide gap (a right-aligned tab), with the numbers rising down the page. Its
entries become the outline when the PDF has no bookmarks. A contents list with no
page numbers at all (a web page's list of links to its own headings) is recognised
among the blocks instead, by the headings it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from guidediff.document import Block, BlockKind
from guidediff.pdf.labels import roman_to_int
from guidediff.pdf.lines import Line
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

_PAGE = r"\d{1,4}|[ivxlcdm]{1,7}"  # a printed page number: arabic, or roman in the front matter
_ENTRY = re.compile(
    r"^(?P<title>.*?\S)(?P<leader>\s*(?:[.·…_]\s*){2,}\s*|\s+)(?P<page>" + _PAGE + r")$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    title: str
    level: int
    label: str  # the printed page number the entry points to


@dataclass(frozen=True, slots=True)
class ContentsResult:
    pages: frozenset[int]
    entries: tuple[ContentsEntry, ...]


def find_contents(pages: list[tuple[Line, ...]], options: ReaderOptions = DEFAULT_OPTIONS,
                  labels: list[str] | None = None) -> ContentsResult:
    """The contents pages among the first pages, and their entries in order.

    ``labels``, the pages' printed labels: a contents page points to pages the document has. A
    table whose last column holds years ("2013" … "2023", rising down the page) has the look of
    one; read as contents, its page left the body, and nothing said so."""
    limit = max(options.contents_front_pages, int(len(pages) * options.contents_front_share))
    # isdecimal, not isdigit: a file's /PageLabels may hold "²", a digit int() refuses.
    last_page = max([len(pages)] + [int(label) for label in labels or () if label.isdecimal()])
    found: list[int] = []
    raw_entries: list[tuple[str, float, str, bool]] = []
    for index, lines in enumerate(pages[:limit]):
        continuing = bool(found) and found[-1] == index - 1
        entries = _page_entries(lines, continuing, options)
        if entries is not None and not _within(entries, last_page, options.contents_rising_share):
            entries = None
        if entries is None:
            if found:
                break  # contents pages are consecutive
            continue
        found.append(index)
        raw_entries.extend(entries)
    return ContentsResult(frozenset(found), _levels(raw_entries))


def _page_entries(lines: tuple[Line, ...], continuing: bool, options: ReaderOptions) -> list[tuple[str, float, str, bool]] | None:
    """The entries on a page, or None when the page is not a contents page."""
    lines = _with_page_numbers(lines)
    has_title = any(_TITLE.match(line.text.strip()) for line in lines[:3])
    body = [line for line in lines if not _TITLE.match(line.text.strip())]
    if not body or not (has_title or continuing or len(body) >= options.contents_min_entries):
        return None
    entries: list[tuple[str, float, str, bool]] = []
    pending: list[Line] = []
    matched_lines = 0
    for line in body:
        match = _entry_match(line)
        if match is None:
            pending.append(line)
            continue
        title = " ".join([p.text.strip() for p in pending] + [match.group("title").strip()])
        x0 = pending[0].x0 if pending else line.x0
        bold = (pending[0] if pending else line).bold
        matched_lines += 1 + len(pending)
        pending = []
        entries.append((title.rstrip(" .·…_"), x0, match.group("page"), bold))
    if len(entries) < (2 if has_title or continuing else options.contents_min_entries):
        return None
    if (matched_lines < options.contents_entry_share * len(body)
            or not _rising([page for _, _, page, _ in entries], options.contents_rising_share)):
        return None
    return entries


_PAGE_LABEL = re.compile(r"^(?:" + _PAGE + r")$", re.IGNORECASE)


def _with_page_numbers(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Each entry with its page number, where the tag tree made the number a line of its own.

    Word for Microsoft 365 tags a contents entry's title (a link) and its page number as two
    paragraphs (the LSCP pack, p. 1), so a tagged reading gets "A definition of safeguarding" and
    "3" as two lines on one baseline. The number goes back to the end of its entry's line.
    """
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (previous is not None and _PAGE_LABEL.match(line.text.strip()) and previous.page == line.page
                and abs(previous.y - line.y) <= 0.3 * line.size and line.x0 > previous.x1):
            segments = previous.segments or ((previous.x0, previous.x1, previous.text),)
            joined[-1] = replace(previous, text=f"{previous.text} {line.text.strip()}", x1=line.x1,
                                 spans=previous.spans + line.spans,
                                 segments=segments + ((line.x0, line.x1, line.text.strip()),))
            continue
        joined.append(line)
    return tuple(joined)


def _entry_match(line: Line) -> re.Match[str] | None:
    match = _ENTRY.match(line.text.strip())
    if match is None:
        return None
    # The number must stand apart: dot leaders, or its own segment after a wide gap.
    if match.group("leader").strip() or (len(line.segments) >= 2 and line.segments[-1][2] == match.group("page")):
        return match
    return None


def _value(label: str) -> int:
    if label.isdigit():
        return int(label)
    return -1000 + (roman_to_int(label) or 0)  # front matter sorts before the main pages


def _within(entries: list[tuple[str, float, str, bool]], last_page: int, share: float) -> bool:
    """Whether most entries point to a page no later than the document's last."""
    return sum(1 for _, _, page, _ in entries if _value(page) <= last_page) >= share * len(entries)


def _rising(labels: list[str], share: float) -> bool:
    values = [_value(label) for label in labels]
    pairs = list(zip(values, values[1:]))
    return not pairs or sum(1 for a, b in pairs if b >= a) >= share * len(pairs)


def _levels(entries: list[tuple[str, float, str, bool]]) -> tuple[ContentsEntry, ...]:
    """Indentation gives the level: the leftmost entries are level 1."""
    indents: list[float] = []
    for _, x0, _, _ in sorted(entries, key=lambda entry: entry[1]):
        if not indents or x0 - indents[-1] > 4.0:
            indents.append(x0)

    def level(x0: float) -> int:
        return 1 + max(i for i, indent in enumerate(indents) if x0 >= indent - 4.0)

    return tuple(ContentsEntry(title, level(x0), page) for title, x0, page, _ in entries)


def strip_inline_contents(pages: list[tuple[Line, ...]], labels: list[str],
                          skip: frozenset[int], options: ReaderOptions = DEFAULT_OPTIONS) -> list[tuple[Line, ...]]:
    """Pages without the contents lists set inside the body (an annex's own "Table of contents").

    Such a list is navigation, not guidance: its page numbers change with every
    re-pagination, so left in the text it would show as changes. A run counts
    when it has several entries whose printed page numbers rise and point
    forward into this document (never to pages before the list itself).
    """
    last_page = max((int(label) for label in labels if label.isdigit()), default=0)
    kept: list[tuple[Line, ...]] = []
    for index, lines in enumerate(pages):
        here = labels[index] if index < len(labels) else ""
        if index in skip or not here.isdigit():
            kept.append(lines)
            continue
        drop = _inline_runs(lines, int(here), last_page, options)
        kept.append(tuple(line for position, line in enumerate(lines) if position not in drop))
    return kept


def _inline_runs(lines: tuple[Line, ...], page_number: int, last_page: int, options: ReaderOptions) -> set[int]:
    drop: set[int] = set()
    run: list[int] = []
    numbers: list[int] = []

    def close() -> None:
        if len(numbers) >= options.inline_contents_min_entries and _rising([str(n) for n in numbers], options.contents_rising_share) \
                and all(page_number <= n <= last_page for n in numbers):
            drop.update(run)
            title = run[0] - 1
            if title >= 0 and _TITLE.match(lines[title].text.strip()):
                drop.add(title)

    pending: list[int] = []
    for position, line in enumerate(lines):
        match = _entry_match(line)
        if match is not None and match.group("page").isdigit():
            run.extend(pending + [position])
            numbers.append(int(match.group("page")))
            pending = []
        elif run and len(pending) < 2 and len(line.text) < 120:
            pending.append(position)  # an entry title wrapped onto two lines
        else:
            close()
            run, numbers, pending = [], [], []
    close()
    return drop


def drop_heading_lists(blocks: list[Block], options: ReaderOptions = DEFAULT_OPTIONS) -> list[Block]:
    """Blocks without a contents list printed without page numbers (a web page's "Contents").

    A GOV.UK page printed from a browser opens with a heading "Contents" and a list of
    links to its own headings, with no page numbers for ``find_contents`` to see. It is
    navigation: read as text it becomes a "Contents" section whose items change with
    every heading. It counts when the list right under such a heading names, item after
    item, headings that follow it in the document (an item glued to the next one over a
    page break starts with a heading).
    """
    headings = [(position, _folded(block.text)) for position, block in enumerate(blocks)
                if block.kind is BlockKind.HEADING and block.text.strip()]
    for position, block in enumerate(blocks):
        # Read by geometry, the title and the entries are at body size: plain paragraphs.
        if block.kind not in (BlockKind.HEADING, BlockKind.PARAGRAPH) or not _TITLE.match(block.text.strip()):
            continue
        end = position + 1
        while end < len(blocks) and _may_be_entry(blocks[end], options.contents_entry_chars):
            end += 1
        later = [heading for at, heading in headings if at >= end]
        naming = [at for at in range(position + 1, end)
                  if any(_folded(blocks[at].text).startswith(heading) for heading in later)]
        if not naming:
            continue
        end = naming[-1] + 1  # what follows the last entry (a short first paragraph) is text
        if (len(naming) >= options.contents_min_entries
                and len(naming) >= options.linked_entry_share * (end - position - 1)):
            return blocks[:position] + blocks[end:]
    return blocks


def _may_be_entry(block: Block, entry_chars: int) -> bool:
    return (block.kind in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH) and block.number is None
            and len(block.text) <= entry_chars)


def _folded(text: str) -> str:
    # Not ``titles.fold_title``: the question is whether an entry is printed as the heading it
    # links to (a browser copies the heading's text), a prefix test on the characters, where a
    # line break or the case may differ but punctuation and numbers are part of what is printed.
    return re.sub(r"\s+", " ", text).strip().casefold()
