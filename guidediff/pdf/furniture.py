"""Running headers, footers and printed page numbers: find them, keep them out of the text.

A line is page furniture when the PDF says so (an ``/Artifact`` of type
``/Pagination``) or when it sits in the top or bottom band of the page and the
same text, digits aside, recurs at the same place on many pages. A lone number
in those bands is a page number only if other pages carry one in the same band;
body text that merely starts with a number is never in question, because only
whole lines near the page edges are considered.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from guidediff.pdf.labels import roman_to_int
from guidediff.pdf.lines import Line
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(]?\s*(?P<number>\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
# Numbers that change from page to page: arabic digits, and roman numerals standing alone
# ("Working together iii"). A word made only of roman letters ("civil") also counts; that
# only loosens a signature that the rest of the line must still match.
_PAGE_TOKEN = re.compile(r"\d+|\b[ivxlcdm]{1,7}\b", re.IGNORECASE)

Signature = tuple[str, str, int]
_WHOLE_BLOCK = 0.8  # share of the pages of a repeated block's line that the line under it must recur on
NumberReader = Callable[[Line], "str | None"]


def _no_number(line: Line) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class _Candidate:
    page: int
    position: int
    band: str  # "top" or "bottom"
    line: Line
    lines_on_page: int
    rank: int = 0  # lines between it and its page's edge
    in_band: bool = True  # False: just past the band, furniture only as part of a repeated block

    @property
    def signature(self) -> Signature:
        # Digits vary from page to page ("Page 12"); the rest and the place do not.
        return (self.band, _PAGE_TOKEN.sub("#", self.line.text.lower()), round(self.line.y / 6))

    @property
    def page_number(self) -> str | None:
        match = PAGE_NUMBER.match(self.line.text)
        return match.group("number") if match else None


@dataclass(frozen=True, slots=True)
class FurnitureResult:
    """Lines per page with furniture removed, and the page numbers printed in it."""

    lines: tuple[tuple[Line, ...], ...]
    printed_numbers: dict[int, str]
    removed: int


def strip_furniture(pages: list[list[Line]], heights: list[float],
                    is_note: Callable[[Line], bool] | None = None,
                    options: ReaderOptions = DEFAULT_OPTIONS) -> FurnitureResult:
    """Remove running headers, footers and page numbers from every page.

    ``is_note`` tells the lines the tag tree puts in a footnote: never furniture. Word raises a
    footnote's number onto a line of its own near the page foot, at the same height on every page
    whose notes start there, which would otherwise pass for a page number that recurs.
    """
    near_edges = [c for index, lines in enumerate(pages) for c in _band_candidates(index, lines, heights[index], options)
                  if is_note is None or c.line.artifact is not None or not is_note(c.line)]
    # Tagged page numbers first: when a page has two candidates, the tagged one is its number.
    candidates = sorted((c for c in near_edges if c.in_band), key=lambda c: (c.page, c.line.artifact != "Pagination"))
    repeated = _repeated(candidates, len(pages), options)
    numbered_bands = _numbered_bands(candidates, len(pages))
    offset = _dominant_offset(candidates)
    drop: dict[int, set[int]] = defaultdict(set)
    printed: dict[int, str] = {}
    for candidate in candidates:
        number = candidate.page_number
        if number is not None and candidate.line.artifact != "Pagination" and not _fits(number, candidate.page, offset):
            number = None  # "Page 44" closing a footnote on page 20 is not a page number
        is_furniture = (
            candidate.line.artifact == "Pagination"
            or (number is not None and candidate.band in numbered_bands)
            or candidate.signature in repeated
            or _part_of_repeated(candidate.signature, repeated, options.furniture_part_chars)
        )
        if not is_furniture:
            continue
        drop[candidate.page].add(candidate.position)
        found = number or repeated.get(candidate.signature, _no_number)(candidate.line)
        if found and candidate.page not in printed:
            printed[candidate.page] = found
    _extend_blocks(near_edges, drop)
    kept = tuple(
        tuple(line for position, line in enumerate(lines) if position not in drop[index])
        for index, lines in enumerate(pages)
    )
    return FurnitureResult(kept, printed, sum(len(positions) for positions in drop.values()))


def _extend_blocks(candidates: list[_Candidate], drop: dict[int, set[int]]) -> None:
    """Drop the lines past a band's edge that go on with a repeated block reaching that edge.

    A block repeated at the same place is repeated as a whole, up to ``furniture_band_lines`` from
    the page's edge: a table's heading row printed again at the top of each page the table runs
    over (LibreOffice, Word and Chromium repeat it), whose last lines fall below the band. Left
    behind, they read as a row of their own on every page ("| | share this data in Firefox"). Past
    the band a line's text must recur word for word, digits too (rows that differ only in their
    numbers are the table's), on nearly every page where the line above it is furniture:
    legislation's "Commencement Information", first under the running head on a few of the pages
    that head is on, is the page's text.
    """
    exact: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for candidate in candidates:
        exact[_exact(candidate)].add(candidate.page)
    reach: dict[tuple[int, str], _Candidate] = {}  # (page, band) -> the block's line furthest from the edge
    above_on: dict[tuple[str, str, int], set[int]] = defaultdict(set)  # a block's line (``_exact``) -> pages it is furniture on
    for candidate in sorted(candidates, key=lambda c: (c.page, c.band, c.rank)):  # the block's lines in the band
        key = (candidate.page, candidate.band)
        last = reach.get(key)
        if candidate.in_band and (last.rank + 1 if last is not None else 0) == candidate.rank \
                and candidate.position in drop[candidate.page]:
            reach[key] = candidate
            above_on[_exact(candidate)].add(candidate.page)
    for candidate in sorted(candidates, key=lambda c: (c.band, c.rank, c.page)):  # rank by rank: every page's line above first
        key = (candidate.page, candidate.band)
        last = reach.get(key)
        if candidate.in_band or last is None or last.rank + 1 != candidate.rank:
            continue
        pages_above = above_on[_exact(last)]
        shared = exact[_exact(candidate)] & pages_above
        if len(shared) >= 2 and len(shared) >= _WHOLE_BLOCK * len(pages_above):
            drop[candidate.page].add(candidate.position)
            reach[key] = candidate
            above_on[_exact(candidate)].add(candidate.page)


def _exact(candidate: _Candidate) -> tuple[str, str, int]:
    """A line's place and its very text (a signature with the digits kept)."""
    return (candidate.band, candidate.line.text.lower(), round(candidate.line.y / 6))


def _number_value(number: str) -> int | None:
    return int(number) if number.isdigit() else roman_to_int(number)


def _dominant_offset(candidates: list[_Candidate]) -> dict[bool, int]:
    """Printed number minus page index that most page numbers share, for arabic and roman numbers apart."""
    votes: dict[bool, Counter[int]] = {True: Counter(), False: Counter()}
    for candidate in candidates:
        number = candidate.page_number
        value = _number_value(number) if number else None
        if value is not None:
            votes[number.isdigit()][value - candidate.page] += 1  # type: ignore[union-attr]
    return {arabic: counts.most_common(1)[0][0] for arabic, counts in votes.items() if counts and counts.most_common(1)[0][1] >= 2}


def _fits(number: str, page: int, offset: dict[bool, int]) -> bool:
    value = _number_value(number)
    expected = offset.get(number.isdigit())
    return value is not None and (expected is None or value - page == expected)


def _band_candidates(page: int, lines: list[Line], height: float, options: ReaderOptions) -> list[_Candidate]:
    """The highest and lowest lines of one page (by position, whatever the reading order).

    A line qualifies when it sits in the top or bottom band of the page, or when a
    gap of more than two line heights sets it apart from the text (LaTeX puts its
    footer well above the band).
    """
    band, band_lines, set_apart = options.furniture_band, options.furniture_band_lines, options.furniture_set_apart
    by_height = sorted(range(len(lines)), key=lambda position: -lines[position].y)
    found: dict[int, _Candidate] = {}
    for rank, position in enumerate(by_height[:band_lines]):
        line = lines[position]
        below = lines[by_height[rank + 1]] if rank + 1 < len(by_height) else None
        apart = below is not None and rank == 0 and line.y - below.y > set_apart * line.size
        in_band = line.artifact == "Pagination" or (height > 0 and line.y >= height * (1 - band)) or apart
        found[position] = _Candidate(page, position, "top", line, len(lines), rank, in_band)
    lowest = by_height[-band_lines:]
    for rank, position in enumerate(reversed(lowest)):
        line = lines[position]
        above_rank = len(by_height) - rank - 2
        above = lines[by_height[above_rank]] if above_rank >= 0 else None
        apart = above is not None and rank == 0 and above.y - line.y > set_apart * above.size
        in_band = line.artifact == "Pagination" or (height > 0 and line.y <= height * band) or apart
        if position not in found or (in_band and not found[position].in_band):
            found[position] = _Candidate(page, position, "bottom", line, len(lines), rank, in_band)
    return list(found.values())


def _repeated(candidates: list[_Candidate], page_count: int, options: ReaderOptions) -> dict[Signature, NumberReader]:
    """Signatures that recur on enough pages, each with a function reading its page number (if any)."""
    pages_by_signature: dict[Signature, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.lines_on_page > 1:  # a page's only line is its content, however often it repeats
            pages_by_signature[candidate.signature].append(candidate)
    threshold = max(2, options.furniture_repeat_share * page_count) if page_count >= 3 else page_count + 1
    repeated: dict[Signature, NumberReader] = {}
    for signature, group in pages_by_signature.items():
        pages = sorted({c.page for c in group})
        if len(pages) >= threshold or _longest_run(pages) >= options.furniture_repeat_run:
            repeated[signature] = _page_number_reader(group)
    return repeated


def _part_of_repeated(signature: Signature, repeated: dict[Signature, NumberReader], part_chars: int) -> bool:
    """Whether a line is one part of a running head printed in two (title left, tagline right).

    A page that prints only one part (Oxfordshire's threshold, p. 40: the title without the
    tagline) has a signature of its own, seen once; it is still the running head when a
    recurring head at the same place begins or ends with it.
    """
    band, text, height = signature
    if len(text) < part_chars:
        return False
    return any(other_band == band and other_height == height and other_text != text
               and (other_text.startswith(text + " ") or other_text.endswith(" " + text))
               for other_band, other_text, other_height in repeated)


def _longest_run(pages: list[int]) -> int:
    """The most consecutive pages in a sorted list of page indices."""
    longest = run = 0
    previous = None
    for page in pages:
        run = run + 1 if previous is not None and page == previous + 1 else 1
        longest = max(longest, run)
        previous = page
    return longest


def _page_number_reader(group: list[_Candidate]) -> NumberReader:
    """In "Guidance 2015 | 14", the page number is the digit run that advances with the page."""
    votes: Counter[tuple[int, int]] = Counter()
    for candidate in group:
        values = [_number_value(match.group().lower()) for match in _PAGE_TOKEN.finditer(candidate.line.text)]
        for slot, value in enumerate(values):
            if value is not None:
                votes[(slot, value - candidate.page)] += 1
    if not votes:
        return _no_number
    (slot, _offset), count = votes.most_common(1)[0]
    if count < max(2, len(group) // 2):
        return _no_number

    def read(line: Line) -> str | None:
        numbers = _PAGE_TOKEN.findall(line.text)
        return numbers[slot].lower() if slot < len(numbers) else None

    return read


def _numbered_bands(candidates: list[_Candidate], page_count: int) -> set[str]:
    """Bands ("top", "bottom") where lone page numbers appear on more than one page."""
    pages_by_band: dict[str, set[int]] = defaultdict(set)
    offset = _dominant_offset(candidates)
    for candidate in candidates:
        if candidate.page_number is not None and _fits(candidate.page_number, candidate.page, offset):
            pages_by_band[candidate.band].add(candidate.page)
    needed = 1 if page_count <= 2 else 2
    return {band for band, pages in pages_by_band.items() if len(pages) >= needed}
